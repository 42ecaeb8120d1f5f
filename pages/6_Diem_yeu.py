"""Điểm yếu (Weak components): the short list of weak components in priority order, the tasks
covering each (and "Giao nhiệm vụ" to add one), general tasks apart, what to watch, and where a
point counts most. Presentation only: verdicts from chiso.weakness, the covered rule from
chiso.coverage, tasks from chiso.tasks. Task text is plain text (dataframe cells), never Markdown.
"""
from __future__ import annotations

import pandas as pd
import plotly.graph_objects as go
import streamlit as st

from chiso import catalog, charts, coverage, fmt, frame, ui, ui_charts, weakness, what_if
from chiso import ui_weakness as uw
from chiso.i18n import _, ngettext
from chiso.ui_exports import SIGNED_2, SIGNED_INT, download_buttons

ctx = frame.context()
lang, name_col, user = ctx.lang, ctx.name_col, ctx.user
province, index_code, year = ctx.province, ctx.index_code, ctx.year
province_name, idx = ctx.province_name(), ctx.index
comp = uw.assess(index_code, year, province)
basis = comp.attrs.get("basis", "national")
source = ui.source_line(lang, index_code, year)
export_name = _("Weak components {index} {year} {province}", index=idx.short, year=year, province=province_name)
uw.show_pending_confirmation()

st.title(_("Weak components · {index} {year} · {province}", index=idx.short, year=year, province=province_name))
st.caption(_("Which components are weak, in priority order, which open tasks cover them, what to watch, "
             "and where a point counts most."))

total = comp.attrs.get("total")
if total is None or (total.get("value") is None and total.get("rank") is None):
    st.info(_("{province}: no {index} {year} data yet.", province=province_name, index=idx.short, year=year))
else:
    maximum = "" if total.get("max_value") is None or total.get("value") is None else "/" + fmt.number(total["max_value"], 0, lang)
    st.markdown(_("**Total**: {value}{maximum} · ranked {rank}", value=fmt.number(total.get("value"), 2, lang),
                  maximum=maximum, rank=fmt.rank(total.get("rank"), total.get("ranked_count"), lang)))


def _num(values, decimals=2):
    return [fmt.number(v, decimals, lang) for v in values]


if not weakness.judged(comp):  # judged nationally, or on the province's own scorecard (its maxima)
    # Partial edition: no national distribution, so nothing is judged weak; rows are ordered by
    # points lost against the maximum where maxima are known (a scorecard), else as published.
    st.warning(_("Only some provinces' component figures are public for this edition: components cannot be compared "
                 "nationally, so none is judged weak. Rows are ordered by points lost against the maximum where it "
                 "is known."))
    if comp.empty:
        st.info(_("Public sources give no component scores for this province in this edition."))
        uw.results_link(index_code, year)
    else:
        published = pd.DataFrame({
            _("Code"): comp.indicator_code, _("Component"): comp[name_col], _("Score"): _num(comp.value),
            _("Max"): _num(comp.max_value), _("Points lost"): _num(comp.points_lost),
            _("Published rank"): fmt.ranks(comp, lang),
            _("Verdict"): [uw.verdict_label(v) for v in comp.verdict], _("Why"): comp.reasons,
        })
        ui.table(published, width="stretch", phone_label=_("Component"),
                 phone_first=[_("Score"), _("Published rank"), _("Verdict")])
        download_buttons(df=published.assign(**{_("Score"): comp.value.set_axis(published.index)}),
                         name=export_name, lang=lang, title=_("{index} {year} · {province}: component scores (published)",
                                                              index=idx.short, year=year, province=province_name),
                         source=source, key="weak_published")
    st.caption(_("Source: {source}", source=source))
    ui.stop()

if basis != "national":
    st.info(_("No national comparison for this edition: components are judged against their own maximum (points "
              "lost in the province's scorecard) and against the previous year's scorecard."))
weak = weakness.weak(comp)
watch = comp[comp.verdict == "watch"]
tasks = uw.tasks_for(user, province, comp, index_code, year)
attached = coverage.attach(comp, tasks)
links = coverage.links(comp, tasks)
m1, m2, m3 = st.columns(3)
m1.metric(_("Weak components"), weakness.groups(weak))
m2.metric(_("To watch"), len(watch))
if tasks is not None:
    m3.metric(_("Weak without an open task"), weakness.groups(coverage.uncovered(attached)))
uw.items_note(weak)

# ------------------------------------------------------------------ the short list
st.subheader(_("Weak components, highest priority first"))
if weak.empty:
    st.success(_("No component is weak by the current rules."))
show_all = weakness.groups(weak) <= weakness.SHORT_LIST or st.toggle(
    _("Show all {n} weak components", n=weakness.groups(weak)), key="show_all")
shown_weak = weak if show_all else weakness.short_list(weak)
by_code = attached.set_index("indicator_code")
for row in shown_weak.to_dict("records"):
    code = row["indicator_code"]
    with st.container(border=True):
        if fmt.is_missing(row["rank"]) and not fmt.is_missing(row["points_lost"]):
            standing = _("{value}/{max} · {lost} points lost · priority {priority}% of the points lost",
                         value=fmt.number(row["value"], 2, lang), max=fmt.number(row["max_value"], 2, lang),
                         lost=fmt.number(row["points_lost"], 2, lang), priority=fmt.number(row["priority"], 1, lang))
        else:
            standing = _("{value}/{max} · rank {rank} · priority {priority}% of the gap",
                         value=fmt.number(row["value"], 2, lang), max=fmt.number(row["max_value"], 2, lang),
                         rank=fmt.rank(row["rank"], row["ranked_count"], lang, not_ranked=row.get("not_ranked")),
                         priority=fmt.number(row["priority"], 1, lang))
        within = row.get("weak_parent") if isinstance(row.get("weak_parent"), str) else None
        st.markdown("**" + ("↳ " if within else "") + f"{code} · {row[name_col]}" + "** — "
                    + (_("within {parent}", parent=within) + " · " if within else "") + standing)
        st.caption(row["reasons"])
        if tasks is not None:
            mine = links[links.indicator_code == code]
            open_n = int(by_code.at[code, "open_tasks"])
            if open_n == 0:
                st.markdown("⚠️ " + _("**No open task** covers this component."))
            else:
                st.markdown(uw.covering(open_n, mine))
            if not mine.empty:
                uw.show_tasks(mine)
            uw.assign_toggle(user, province, row)
        uw.tasks_link(index_code, code, province, row[name_col])

if tasks is not None:
    general = coverage.general_tasks(tasks, index_code)
    st.subheader(_("General tasks (the whole index)"))
    st.caption(_("Tasks linked to the whole index name no component: they are listed once here and cover no "
                 "component."))
    if general.empty:
        st.info(_("None."))
    else:
        uw.show_tasks(general.drop(columns=["scope"], errors="ignore"))

with st.expander(ngettext("To watch: {n} component falling or just below the median, not low",
                           "To watch: {n} components falling or just below the median, not low", len(watch))):
    ui.table(pd.DataFrame({
        _("Code"): watch.indicator_code, _("Component"): watch[name_col], _("Score"): _num(watch.value),
        _("Rank"): fmt.ranks(watch, lang),
        _("Why"): watch.reasons}), width="stretch", phone_label=_("Component"), phone_first=[_("Score"), _("Rank")])

with st.expander(_("Rules (data/catalog/weakness_rules.csv)")):
    ui.table(pd.DataFrame([{_("Rule"): r.rule_id, _("Verdict"): r.verdict,
                            _("Test"): f"{r.metric} {r.operator} {fmt.number(r.threshold, 2, lang)}",
                            _("Label"): r.label()} for r in weakness.load_rules()]), width="stretch")
    st.caption(_("Priority: the component's gap to the national best, in the index's points, as a share of the "
                 "summed gap of its level. The rules are data: edit the rules file to change the verdicts."))

# ------------------------------------------------------------------ the chart
gap = "gap_to_best" if basis == "national" else "points_lost"  # a scorecard: points lost against the maximum


def _level_name(lv) -> str:
    """A level as its publisher names it (PAPI's dimensions, PAR INDEX's fields, a scorecard's criteria)."""
    kinds = comp[(comp.level == lv) & comp[gap].notna()].kind.dropna().unique()
    return " / ".join(catalog.kind_name(k, lang) for k in kinds) or _("Level {n}", n=lv)


level = st.radio(_("Level"), sorted(int(lv) for lv in comp.level.dropna().unique() if lv >= 1) or [1],
                 horizontal=True, key="level", format_func=_level_name)
shown = comp[(comp.level == level) & comp[gap].notna()].sort_values(gap)
fig = go.Figure(go.Bar(
    x=shown[gap], y=[f"{c} · {n}" for c, n in zip(shown.indicator_code, shown[name_col])], orientation="h",
    marker_color=[charts.CHOSEN if v == "weak" else charts.OTHERS for v in shown.verdict],
    text=_num(shown[gap]), textposition="outside",
    customdata=[r or "" for r in shown.reasons], hovertemplate="%{y}<br>%{x:.2f}<br>%{customdata}<extra></extra>"))
charts.style(fig, lang, title=_("Gap to the national best, points (red = weak)") if basis == "national" else
             _("Points lost against the maximum (red = weak)"), source=source,
             height=120 + 34 * len(shown))
top = float(shown[gap].max()) if len(shown) else 1.0
fig.update_layout(yaxis_title=None, xaxis=dict(range=[0, top * 1.15 if top > 0 else 1]))
ui_charts.chart(fig)
download_buttons(fig=fig, name=_("Gap to the best {index} {year} {province}", index=idx.short, year=year,
                                 province=province_name), lang=lang, source=source, key="weak_chart")

# ------------------------------------------------------------------ every component
tree = comp.sort_values(["level", "indicator_code"]).reset_index(drop=True)
with st.expander(_("All components")):
    table = pd.DataFrame({
        _("Code"): tree.indicator_code, _("Component"): tree[name_col], _("Score"): _num(tree.value),
        _("Max"): _num(tree.max_value), _("Rank"): fmt.ranks(tree, lang),
        _("Percentile"): fmt.compared_column(tree.percentile, tree.comparable, 0, lang),
        _("Gap to best"): fmt.compared_column(tree.gap_to_best, tree.comparable, 2, lang),
        _("Gap to median"): fmt.compared_column(-pd.to_numeric(tree.gap_to_median, errors="coerce"), tree.comparable,
                                                2, lang, sign=True),
        _("Score change"): [fmt.signed(v, 2, lang) for v in tree.score_change],
        _("Rank change"): fmt.compared_column(tree.rank_change, tree.comparable, 0, lang, sign=True),
        _("Priority (%)"): _num(tree.priority, 1), _("Verdict"): [uw.verdict_label(v) for v in tree.verdict],
        _("Why"): tree.reasons,
    })
    ui.table(table, width="stretch", phone_label=_("Component"),
             phone_first=[_("Score"), _("Rank"), _("Verdict"), _("Priority (%)")])
    download_buttons(df=table.assign(**{_("Score"): tree.value, _("Max"): tree.max_value,
                                        _("Percentile"): fmt.compared_cells(tree.percentile, tree.comparable, lang),
                                        _("Gap to best"): fmt.compared_cells(tree.gap_to_best, tree.comparable, lang),
                                        _("Score change"): tree.score_change,
                                        _("Rank change"): fmt.compared_cells(tree.rank_change, tree.comparable, lang),
                                        _("Priority (%)"): tree.priority}),
                     name=export_name, lang=lang, title=_("Weak components · {index} {year} · {province}: all components",
                                                          index=idx.short, year=year, province=province_name),
                     source=source, key="weak_table",
                     number_formats={_("Percentile"): "0", _("Gap to best"): "#,##0.00", _("Score change"): SIGNED_2,
                                     _("Rank change"): SIGNED_INT})
    st.caption(_("Gap to median: positive = above the national median. Percentile: % of other provinces scoring "
                 "lower. Falls in a row are counted within one methodology period only."))

# ------------------------------------------------------------------ where a point counts most
st.subheader(_("Where a point counts most"))
STEP_LABELS = {"next_quartile": _("reach the next national quartile cut point"),
               "tenth_of_max": _("add a tenth of the component's maximum"),
               "median": _("reach the national median"), "best": _("reach the national best")}
step = st.radio(_("Step for one component"), list(what_if.STEPS), horizontal=True, key="step",
                format_func=STEP_LABELS.get)
point_gains = uw.where_a_point_counts_most(index_code, year, province, step)
if point_gains.empty and basis != "national":  # a partial edition: the reason is not the province's total
    st.info(_("This edition names only some provinces: there is no national ranking to recompute."))
elif point_gains.empty:
    st.info(_("Cannot compute: no total for this province, or its total is not a sum of components."))
else:
    st.caption(_("Each row: the total rank if that one component alone were to {step}, everything else unchanged.",
                 step=STEP_LABELS[step]))
    # the answer (places gained, the rank it gives, the points it takes) beside the component's name:
    # at the end of the row it was out of sight on a laptop's screen
    gains = pd.DataFrame({
        _("Code"): point_gains.indicator_code, _("Component"): point_gains[name_col],
        _("Places gained"): point_gains.ranks_gained.astype(int).astype(str),
        _("New rank"): [fmt.rank(r, n, lang) for r, n in zip(point_gains.new_rank, point_gains.ranked_count)],
        _("Points needed"): _num(point_gains.points_needed, 3), _("Score now"): _num(point_gains.value, 3),
        _("Target"): _num(point_gains.target_value, 3), _("New total"): _num(point_gains.new_total),
    })
    ui.table(gains, width="stretch", phone_label=_("Component"), phone_first=[_("Places gained"), _("Points needed")])
    three = "#,##0.000"
    download_buttons(df=gains.assign(**{_("Score now"): point_gains.value, _("Target"): point_gains.target_value,
                                        _("Points needed"): point_gains.points_needed,
                                        _("New total"): point_gains.new_total,
                                        _("Places gained"): point_gains.ranks_gained}),
                     name=_("Where a point counts most {index} {year} {province}", index=idx.short, year=year,
                            province=province_name),
                     lang=lang, title=_("{index} {year} · {province}: one component takes a step: {step}",
                                        index=idx.short, year=year, province=province_name, step=STEP_LABELS[step]),
                     source=source, key="weak_what_if",
                     number_formats={_("Score now"): three, _("Target"): three, _("Points needed"): three})
    st.caption(_("New total = current total − the component's score + the target; ties share the better rank."))
    nxt = point_gains.points_for_next_place.iloc[0]
    if not fmt.is_missing(nxt):
        st.caption(_("One place up needs {points} more points on the total, on any component with that much "
                     "headroom.", points=fmt.number(nxt, 3, lang)))
