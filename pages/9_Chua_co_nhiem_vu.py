"""Chưa có nhiệm vụ (Weak components without an open task): the list Sở Nội vụ brings to the
leadership meeting. Presentation only: the weak verdict from chiso.weakness and the one covered rule
from chiso.coverage (the same answer as Điểm yếu, the deck and `python -m chiso weak`).
"""
from __future__ import annotations

import pandas as pd
import streamlit as st

from chiso import coverage, fmt, frame, ui, weakness
from chiso import ui_weakness as uw
from chiso.i18n import _
from chiso.ui_exports import SIGNED_INT, download_buttons

ctx = frame.context()
lang, name_col, user = ctx.lang, ctx.name_col, ctx.user
province, index_code, year = ctx.province, ctx.index_code, ctx.year
province_name, idx = ctx.province_name(), ctx.index
uw.show_pending_confirmation()
st.title(_("Weak components without an open task · {index} {year} · {province}", index=idx.short, year=year,
           province=province_name))
st.caption(_("For the leadership meeting: weak components that no open task covers (a task on the component or on "
             "the dimension above it; general tasks on the whole index cover none)."))

comp = uw.assess(index_code, year, province)
if not weakness.judged(comp):  # the same test as Điểm yếu: a province's scorecard is judged on its maxima
    st.warning(_("Only some provinces' component figures are public for this edition: components cannot be compared "
                 "nationally, so none is judged weak."))
    if comp.empty:  # no component at all: the province's scorecard is where they come from
        uw.results_link(index_code, year)
    ui.stop()
if comp.attrs.get("basis") != "national":
    st.info(_("No national comparison for this edition: components are judged against their own maximum (points "
              "lost in the province's scorecard) and against the previous year's scorecard."))
weak = weakness.weak(comp)
if weak.empty:
    st.success(_("No component is weak by the current rules."))
    ui.stop()

tasks = uw.tasks_for(user, province, comp, index_code, year)
if tasks is None:
    ui.stop()
untasked = coverage.uncovered(coverage.attach(weak, tasks))

m1, m2 = st.columns(2)
m1.metric(_("Weak components"), weakness.groups(weak))  # items, as Điểm yếu counts them
m2.metric(_("Without an open task"), weakness.groups(untasked))
uw.items_note(untasked)

general = coverage.general_tasks(tasks, index_code)
if not general.empty:
    with st.expander(_("General tasks (the whole index): {n}, covering no component", n=len(general))):
        uw.show_tasks(general)

if untasked.empty:
    st.success(_("Every weak component has an open task."))
    ui.stop()

done = coverage.links(untasked, tasks)


def closed_tasks(code: str) -> str:
    """Tasks on it that no longer count: done ones."""
    return "; ".join(done[(done.indicator_code == code)].task_id) or _("None")


table = pd.DataFrame({
    _("Code"): untasked.indicator_code,
    _("Component"): [("↳ " if not head else "") + name  # under its weak parent, as on Điểm yếu
                      for head, name in zip(weakness.item_heads(untasked), untasked[name_col])],
    _("Score"): [fmt.number(v, 2, lang) for v in untasked.value],
    _("Rank"): fmt.ranks(untasked, lang),
    # why, beside the standing it explains: last but one, it started at a 1280 px laptop's right edge
    _("Why weak"): untasked.reasons,
    _("Priority (%)"): [fmt.number(v, 1, lang) for v in untasked.priority],
    _("Rank change"): fmt.compared_column(untasked.rank_change, untasked.comparable, 0, lang, sign=True),
    _("Done tasks"): [closed_tasks(c) for c in untasked.indicator_code],
})
ui.table(table, width="stretch", phone_label=_("Component"), phone_first=[_("Score"), _("Rank"), _("Priority (%)")])
download_buttons(df=table.assign(**{_("Score"): untasked.value,
                                    _("Rank change"): fmt.compared_cells(untasked.rank_change, untasked.comparable, lang)}),
                 name=_("Without a task {index} {year} {province}", index=idx.short, year=year, province=province_name),
                 lang=lang, title=_("Weak components without an open task · {index} {year} · {province}",
                                    index=idx.short, year=year, province=province_name),
                 source=ui.source_line(lang, index_code, year), number_formats={_("Rank change"): SIGNED_INT},
                 key="untasked_table")
st.caption(_("A task counts when it is open (not done; paused tasks still owe work) and linked to the component or "
             "to the dimension above it."))
if user is not None and user.role == "province_admin":
    # the meeting's next step, here: a task for each component, which then leaves this list
    st.subheader(_("Assign the missing tasks"))
    for head, row in zip(weakness.item_heads(untasked), untasked.to_dict("records")):
        uw.assign_toggle(user, province, row, label=("" if head else "↳ ") + f"{row['indicator_code']} · {row[name_col]}")
else:  # done tasks on them, if any, are on the tasks page
    for code, name in zip(untasked.indicator_code, untasked[name_col]):
        uw.tasks_link(index_code, code, province, name)
