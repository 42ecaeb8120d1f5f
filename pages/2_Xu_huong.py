"""Xu hướng (Trends): score and rank over every edition, beside the national median, the best
province and the region's average; for the total or any component.

A line never crosses a methodology break: the catalog's indicator periods split each series, and
the break is drawn and explained. Partial editions have no national median; where the publisher
announced a national or regional mean, that published figure is shown instead, labelled as such.
"""
from __future__ import annotations

import pandas as pd
import streamlit as st

from chiso import address, charts, fmt, frame, scores, ui, ui_charts
from chiso.names import formed_together, province_now
from chiso.i18n import _
from chiso.ui_exports import download_buttons

ctx = frame.context()
lang = ctx.lang
name_col = "name_vi" if lang == "vi" else "name_en"

province_set, code_2025, parts = ctx.province_set, ctx.province_2025, list(ctx.parts)
provinces = ui.cached(scores.provinces)
by_code = provinces.set_index("province_code")
index_code = ctx.index_code
indicator = ui.indicator_picker(lang, index_code, None, levels=(0, 1, 2))

idx = ui.cached(scores.indices).set_index("index_code").loc[index_code]
periods = ui.cached(scores.indicators, index_code)
periods = periods[periods.indicator_code == indicator].sort_values("first_year")
# named by each of its periods: PAPI's total was 6 dimensions until 2017, 8 since
ind_name = fmt.names_over_time(periods[name_col]) if len(periods) else indicator
titled = fmt.with_index(idx.short, ind_name)
region_vi = by_code.loc[parts[0]].region_vi
region_label = by_code.loc[parts[0]].region_vi if lang == "vi" else by_code.loc[parts[0]].region_en
pct = idx.unit_vi.startswith("%")

heading = ", ".join(by_code.loc[c][name_col] for c in parts)
if province_set == "34":
    new_name = ctx.province_2025_name
    heading = _("{new} (from 1 July 2025): {place}", new=new_name, place=heading)
st.title(titled)
st.markdown(f"**{heading}**")

# --- the series -------------------------------------------------------------------------------
# The place's own lines: each province shown, in the editions of the 63; then the province it is, or is part
# of, from 1 July 2025, in the editions that rank the 34, a line of its own (scores.place_series).
new_code = code_2025 if province_set == "34" else by_code.loc[parts[0]].code_2025
own = []
for code, in_set, label, s in ui.cached(scores.place_series, index_code, indicator, tuple(parts), new_code):
    if in_set == "34":  # the chosen one in the 34 list; in the 63 list, one made of this province alone (Hà Tĩnh)
        role = "province" if province_set == "34" or len(formed_together(code)) == 1 else "peer"
    else:
        role = "province" if len(parts) == 1 else "peer"
    own.append((label, s.assign(series=label, role=role)))
lines = [s for _label, s in own]
mine = pd.concat(lines) if lines else pd.DataFrame()
nat = ui.cached(scores.national_series, index_code, indicator, region_vi)
names = dict(zip(provinces.province_code, provinces[name_col]))
if len(nat):
    lines.append(nat.assign(value=nat.national_median, series=charts.text(lang, "median"), role="median", source="", note=""))
    lines.append(nat.assign(value=nat.national_best, series=charts.text(lang, "best"), role="best", source="",
                            note=[names.get(c, "") for c in nat.best_province_code]))
    lines.append(nat.assign(value=nat.region_mean, series=_("{region} mean", region=region_label),
                            role="region", source="", note=""))
# Partial editions: the publisher's own national / regional means where announced (TOTAL only).
published = ui.cached(scores.aggregates, index_code) if indicator == "TOTAL" else pd.DataFrame()
if len(published):
    published = published[(published.metric == "mean")].drop_duplicates(["year", "scope"], keep="last")
    full_years = set(nat.year) if len(nat) else set()
    p_nat = published[(published.scope == "national") & ~published.year.isin(full_years)]
    p_reg = published[(published.scope == region_vi) & ~published.year.isin(full_years)]
    period0 = int(periods.first_year.iloc[0]) if len(periods) else 0
    if len(p_nat):
        lines.append(p_nat.assign(series=_("National mean (published)"), role="median",
                                  period=period0, note=""))
    if len(p_reg):
        lines.append(p_reg.assign(series=_("{region} mean (published)", region=region_label),
                                  role="region", period=period0, note=""))
# Provinces to compare (up to five, optional): against whom the province moved, each its own line.
options = [c for c in sorted(names, key=names.get) if c not in parts]
asked = address.brought_by_link("trend_peers")
remembered = [c for c in str(address.url_param("trend_peers", "") or "").split(",") if c in options][:5]
# in the 34 list a province of the 63 is offered as what it is today ("Bình Phước (từ 01/07/2025 thuộc Đồng Nai)"):
# its line is the former province's, then the new province's; "Đồng Nai" alone read as the new one
offered = {c: province_now(c) for c in options} if province_set == "34" else names
peers = ui.province_multiselect(st.sidebar, _("Compare with provinces"), options, key="trend_peers", names=offered,
                                remembered=remembered, max_selections=5)
address.remember("trend_peers", ",".join(peers))
refused = [c for c in (asked or "").split(",") if c.strip() and c not in options]
ui.say_link_refused("trend_peers", _("provinces to compare"), ", ".join(refused), tuple(parts),
                    fmt.listing(names[c] for c in peers) or _("none"), still=peers == remembered)
# each compared province's line, and the new province it is part of in the editions of the 34, once
compared, drawn_new = [], {new_code}
for c in peers:
    successor = by_code.loc[c].code_2025
    compared += [(label, s.assign(series=label, role="peer")) for _code, _in_set, label, s in ui.cached(
        scores.place_series, index_code, indicator, (c,), None if successor in drawn_new else successor)]
    drawn_new.add(successor)
peer_lines = [s for _label, s in compared]
lines += peer_lines
series = pd.concat(lines, ignore_index=True) if lines else pd.DataFrame(columns=["year", "value", "series"])

# --- breaks: where the indicator's meaning or scale changes (catalog periods) --------------------
breaks = ui.cached(scores.series_breaks, index_code, indicator, lang)

source = ui.source_line(lang, index_code)
edition_years = ui.cached(scores.years, index_code)  # a line never crosses an edition without a figure
# each compared province one colour in both charts, even where one before it has no rank
peer_order = [label for label, s in own if len(s) and s.role.iloc[0] == "peer"] + [label for label, _s in compared]
# Download names: "Xu hướng PAPI Hà Tĩnh 2011–2024" (+ the component code when one is chosen).
place = new_name if province_set == "34" else by_code.loc[parts[0]][name_col]
# a chart names the line it draws as the chosen one: "Đồng Nai (từ 01/07/2025)", not the former Đồng Nai
titled_place = own[-1][0] if province_set == "34" and len(own) > len(parts) else place
span = f" {mine.year.min()}–{mine.year.max()}" if len(mine) and mine.value.notna().any() else ""
what = "" if indicator == "TOTAL" else f" {indicator}"
export_name = _("{index}{what} trend {place}{span}", index=idx.short, what=what, place=place, span=span)
if series.value.notna().any():
    # the picture names its province, and says so when only the national lines are drawn
    title = (_("{component}, {place}: score over time", component=titled, place=titled_place)
             if len(mine) and mine.value.notna().any() else
             _("{component}: national figures only ({place}: no data yet)", component=titled, place=place))
    fig = charts.trend_lines(series, lang, title=title, source=source, breaks=breaks,
                             y_title="%" if pct else _("Score"), edition_years=edition_years, peer_order=peer_order)
    ui_charts.chart(fig)
    download_buttons(fig=fig, name=export_name, lang=lang, source=source, key="trend_score")
else:
    st.info(_("{place}: no data yet for {component}.", place=heading, component=ind_name))

ranks = mine[mine["rank"].notna()] if len(mine) else mine
if len(ranks):
    ranked = pd.concat([ranks, *peer_lines], ignore_index=True)
    ranked = ranked[ranked["rank"].notna()]
    r = ranked.assign(value=ranked["rank"].astype(float))
    fig = charts.trend_lines(r, lang, title=_("{component}, {place}: rank over time (1 = best)",
                                              component=titled, place=titled_place),
                             source=source, breaks=breaks, rank=True, edition_years=edition_years,
                             peer_order=peer_order)
    ui_charts.chart(fig)
    download_buttons(fig=fig, name=_("{index}{what} rank {place}{span}", index=idx.short, what=what, place=place, span=span),
                     lang=lang, source=source, key="trend_rank")

# The figures in words (tables are drawn on a canvas; this line is what a reader copies).
for label, s in own + compared:
    s = s[s.value.notna()]
    if len(s):
        st.markdown(f"**{label}** · " + "; ".join(
            # "2023: 88,97%" for SIPAS's shares (the component's own scale is points, as charted)
            f"{int(r.year)}: {fmt.number(r.value, 2, lang)}{'%' if pct else ''}"
            + (f", {fmt.rank(r.rank, r.ranked_count, lang)}" if not fmt.is_missing(r.rank) else "")
            for r in s.itertuples()))
    else:  # no line and no legend entry in the charts: the gap is said here
        st.markdown(f"**{label}** · {ui.missing(lang)}")
if len(own) > len(parts):
    st.caption(_("From {year} the editions rank the 34 provinces of 1 July 2025: {new}'s figures are a line of their "
                 "own, not joined to the years before (its rank is among 34).",
                 year=int(own[-1][1].year.min()), new=frame.name_2025(new_code)))

for b in breaks.to_dict("records"):
    st.markdown(f"**{_('Methodology change')} {b['year']}: {b['title']}.** {b['description']} "
                + _("The series is not joined across this break."))
if len(periods) == 1 and scores.indicator_note(periods.iloc[0], lang).strip():
    st.caption(scores.indicator_note(periods.iloc[0], lang))

# --- the table: every year, every figure with its source ----------------------------------------
nat_by_year = nat.set_index("year") if len(nat) else pd.DataFrame()
rows = []
numbers = []  # the same rows' plain numbers, for the Excel/CSV downloads (real numbers, not display text)
for label, s in own:
    for r in s.itertuples():
        n = nat_by_year.loc[r.year] if r.year in nat_by_year.index else None
        flags = [_("derived")] if ui.is_true(r.derived) else []
        if ui.is_true(r.disputed):
            flags.append(_("sources differ"))
        if r.edition_coverage == "partial":
            flags.append(_("partial edition"))
        territory = getattr(r, f"territory_{lang}", None)  # catalog data: e.g. Hà Nội before Hà Tây merged in
        if isinstance(territory, str) and territory:
            flags.append(territory)
        rows.append({
            _("Year"): str(r.year),
            **({_("Province"): label} if len(own) > 1 else {}),
            _("Score"): fmt.number(r.value, 2, lang),
            _("Rank"): fmt.rank(r.rank, r.ranked_count, lang),
            _("National median"): fmt.number(None if n is None else n.national_median, 2, lang),
            _("National best"): (fmt.number(n.national_best, 2, lang) + f" ({names.get(n.best_province_code, '')})")
            if n is not None else ui.missing(lang),
            _("Regional mean"): fmt.number(None if n is None else n.region_mean, 2, lang),
            _("Methodology period"): _("from {year}", year=scores.methodology_period(r.year, r.period, breaks.year)),
            _("Notes"): "; ".join(flags),
            _("Source"): r.source,
        })
        numbers.append({_("Score"): r.value,
                        _("National median"): None if n is None else n.national_median,
                        _("Regional mean"): None if n is None else n.region_mean})
if rows:
    table = pd.DataFrame(rows)
    ui.table(table)
    numbers = pd.DataFrame(numbers, dtype=float)
    download_buttons(df=table.assign(**{c: numbers[c] for c in numbers.columns}), name=export_name, lang=lang,
                     title=_("{component} · {place}: every year", component=titled, place=heading),
                     source=source, key="trend_table")
    st.caption(_("Median, best and regional mean only for full editions; partial editions say “no data yet”."))
    for _label, s in own:  # a value of an older territory says so under the table too (Hà Nội 2006–2008)
        if f"territory_{lang}" in s:
            for note, years in s[s[f"territory_{lang}"].notna()].groupby(f"territory_{lang}").year:
                st.caption(f"{years.min()}–{years.max()}: {note}")
