"""Nhiệm vụ: the improvement tasks of the signed-in user's province, their progress and history.

Presentation only. Reading and writing is `chiso.tasks` (which checks the user's role on every
call), sign-in is `chiso.ui_auth`. Optimistic concurrency: an edit is saved against the version
the user was shown; if someone saved first, the store refuses and we show the latest version.

The filters Chỉ số / Chỉ số thành phần open preselected from the address (`?index=PAPI&indicator=D5`,
what the Điểm yếu page links with) and are kept there, so a copied link opens the same list.
"""
from __future__ import annotations


import pandas as pd
import streamlit as st

from chiso import address, audit, auth, catalog, fmt, frame, navigation, paths, scores, ui
from chiso import ui_tasks as ut
from chiso.i18n import _
from chiso.names import fold, formed_together, province_name as name_of_province
from chiso.tasks import (STATUSES, holding, link_text, local_time, open_store, status_label, status_text, today_vn,
                         unit_named_on, with_successors)

ctx = frame.context()
lang = ctx.lang

st.title(_("Index improvement tasks"))
st.caption(_("Improvement tasks assigned by the province's plans: progress, deadlines, history."))

user = ctx.user
if user is None:
    st.info(_("Sign in (sidebar) to see and update your province's tasks. "
              "Published scores and ranks on the other pages need no sign-in."))
    ui.stop()


@st.cache_resource(show_spinner=False)
def _store(url: str):
    return open_store(url)


store = _store(paths.default_tasks_url())  # keyed by URL: another store (a test, a new setting) is reopened
# since 1 July 2025 one department follows the tasks of every province its own was formed from (an
# account of Đồng Nai, Bình Phước's plans too): which one's, chosen here, first as the link says
# (or all of them in one list: which of the department's tasks are late, whichever plan set them)
readable = list(formed_together(user.province_code))
WHOLE = "all"
province = user.province_code
if len(readable) > 1:
    # what each choice holds, said in its label: on Đồng Nai's own plans its department read "0 overdue"
    # and nothing of the four overdue tasks of Bình Phước's plans, which it follows too
    department_tasks = store.list_tasks(user, readable)
    # a unit's account counts its own unit's tasks, the list it opens on: "4 overdue" of the whole province
    # read as its own
    own_unit = user.unit if user.role == auth.UNIT_EDITOR else None
    if own_unit:
        department_tasks = [t for t in department_tasks if auth.answers_for(own_unit, t.lead_unit)]
    if "tasks_of" not in st.session_state:  # arriving: the province of the link, else the one kept
        linked, kept = (st.query_params.get("province") or "").strip().zfill(2), address.url_param("tasks_of", province)
        arrival = linked if linked in readable else kept if kept in [*readable, WHOLE] else province
        # a unit's account updates only its unit's tasks: it never opens on an empty list while the other plans
        # hold some (Đồng Nai's Văn phòng Sở opened on Đồng Nai's "0 tasks", told to ask the admin to correct its
        # unit). An admin still opens on its own province's plans, the ones it imports and assigns.
        if own_unit and arrival != WHOLE and department_tasks \
                and not any(t.province_code == arrival for t in department_tasks):
            arrival = WHOLE
        st.session_state["tasks_of"] = arrival

    def tasks_of_label(c: str) -> str:
        if c == WHOLE:
            return holding(_("All {n} provinces", n=len(readable)), department_tasks, unit=own_unit)
        return holding(name_of_province(c), (t for t in department_tasks if t.province_code == c), unit=own_unit)
    province = st.radio(_("Tasks of the plans of"), [*readable, WHOLE], horizontal=True, key="tasks_of",
                        index=ui.held_index("tasks_of", [*readable, WHOLE]), format_func=tasks_of_label)
    address.remember("tasks_of", province)
whole = province == WHOLE
provinces = readable if whole else [province]
if whole:
    province = user.province_code  # the department's own: where its report goes, whose admin it is
province_name = fmt.listing(name_of_province(c) for c in provinces)
today = today_vn()
ut.show_pending_confirmation()
# where the tasks are kept (a server's file or database) is the admin's to know, not every unit's
st.caption(_("{province} · today {date} · store: {store}", province=province_name, date=fmt.date(today, lang),
             store=store.describe()) if user.is_admin else
           _("{province} · today {date}", province=province_name, date=fmt.date(today, lang)))

# ------------------------------------------------------------------ filters
indices = catalog.indices()


def components(index_code: str) -> dict[str, str]:
    """The components of an index the filter offers (dimensions and sub-dimensions), code -> name."""
    ind = ui.cached(scores.indicators, index_code)  # the database's: a scorecard's criteria too
    ind = ind[ind.level > 0].drop_duplicates("indicator_code", keep="last")
    return dict(zip(ind.indicator_code, ind.name_vi if lang == "vi" else ind.name_en))


INDEX_KEY, INDICATOR_KEY = "tasks_filter_index", "tasks_filter_indicator"


def preselect_from_url() -> list[str]:
    """On arrival (the filters not yet in this session), take Chỉ số and Chỉ số thành phần from the
    address, as the Điểm yếu page links them. Returns a note for each value that cannot be used."""
    if INDEX_KEY in st.session_state:
        return []
    notes = []
    wanted_index = (st.query_params.get("index") or "").strip()
    wanted_indicator = (st.query_params.get("indicator") or "").strip()
    index_code = indicator = ""
    if wanted_index:
        if wanted_index in indices:
            index_code = wanted_index
        else:
            notes.append(_("The link names index «{index}», which is not in the catalogue: showing all indices.",
                           index=wanted_index))
    # TOTAL (the overall score) is the whole index: every component, no note needed.
    if wanted_indicator and wanted_indicator != "TOTAL":
        if index_code and wanted_indicator in components(index_code):
            indicator = wanted_indicator
        elif index_code:
            notes.append(_("{index} has no component «{code}»: showing all components.",
                           index=indices[index_code].short, code=wanted_indicator))
        elif not wanted_index:
            notes.append(_("The link names component «{code}» without its index: ignored.", code=wanted_indicator))
    wanted_province = (st.query_params.get("province") or "").strip()
    if wanted_province and wanted_province.zfill(2) not in readable:
        notes.append(_("The link was for {wanted}; this account sees only {province}'s tasks.",
                       wanted=name_of_province(wanted_province), province=province_name))
    st.session_state[INDEX_KEY] = index_code
    st.session_state[INDICATOR_KEY] = indicator
    return notes


url_notes = preselect_from_url()
with st.container(border=True):
    c1, c2, c3, c4 = st.columns([2, 2, 1.4, 2.2])
    units = sorted(with_successors(store.units(user, provinces)), key=fold)
    unit = ui.typed_selectbox(c1, _("Lead unit"), [""] + units, index=ut.own_unit_position(user, units),
                              key="tasks_unit", format_func=lambda u: u or _("All units"), fallback="")
    statuses = c2.multiselect(_("Status"), list(STATUSES), format_func=lambda s: status_label(s, lang),
                              placeholder=_("All statuses"))
    index_code = c3.selectbox(_("Index"), [""] + list(indices), key=INDEX_KEY,
                              index=ui.held_index(INDEX_KEY, [""] + list(indices)),
                              format_func=lambda c: indices[c].short if c else _("All"),
                              placeholder=_("Type to search"))
    names = components(index_code) if index_code else {}
    if st.session_state.get(INDICATOR_KEY) not in names:  # the index changed under it
        st.session_state[INDICATOR_KEY] = ""
    indicator = ui.typed_selectbox(c4, _("Component"), [""] + list(names), key=INDICATOR_KEY, disabled=not index_code,
                                   format_func=lambda c: f"{c} · {names[c]}" if c in names else _("All components"),
                                   fallback="")
    c5, c6, c7 = st.columns([1, 1, 1.6])
    overdue_only = c5.checkbox(_("Overdue tasks only"))
    month_only = c6.checkbox(_("Tasks due this month only"))
    # On by default: the Điểm yếu page lists these broader tasks under a weak component too.
    include_broader = c7.checkbox(
        _("Include tasks linked more broadly (a parent component or the whole index)"), value=True, key="tasks_include_broader",
        disabled=not indicator)
for note in url_notes:
    st.caption(note)
# The address follows the filters, so a copied link opens the same list.
for name, value in (("index", index_code), ("indicator", indicator)):
    if value:
        address.remember(name, value)
    else:
        address.forget(name)

filters = dict(unit=unit or None, status=statuses or None, index_code=index_code or None,
               indicator_code=indicator or None, include_broader=include_broader, overdue=overdue_only,
               due_this_month=month_only)
# "include broader" alone filters nothing (it is ticked by default and acts only with a component chosen)
filtered = any(value for name, value in filters.items() if name != "include_broader")
if len(readable) > 1 and not filtered:  # the department's, read above for the choice's counts: not again
    tasks = [t for t in department_tasks if t.province_code in provinces]
else:
    tasks = store.list_tasks(user, provinces, **filters)  # all the department's plans: one list, by deadline

m1, m2, m3, m4 = st.columns(4)
m1.metric(_("Tasks"), len(tasks))
m2.metric(_("Overdue"), sum(t.is_overdue(today) for t in tasks))
m3.metric(_("Due this month"), sum(t.is_due_this_month(today) for t in tasks))
m4.metric(_("Done"), sum(t.status == "done" for t in tasks))

# ------------------------------------------------------------------ the list
TEXT_COL = _("Task")
if not tasks:
    st.info(_("No task matches the filters.") if filtered else
            _("The province has no tasks yet. The province admin imports them under «Export, import» below, "
              "or assigns them from {page}.", page=_(navigation.page("Diem_yeu").title)))
else:
    table = pd.DataFrame([{
        _("ID"): t.task_id,
        TEXT_COL: t.text,
        _("Lead unit"): unit_named_on(t.lead_unit, today),
        _("Deadline"): t.deadline_text(lang),
        _("Status"): status_text(t.status, t.is_overdue(today), lang) + (
            " · " + _("due this month") if not t.is_overdue(today) and t.is_due_this_month(today) else ""),
        # after the status: at 1366 px a column before it pushed "QUÁ HẠN" out of sight
        **({_("Plan of"): name_of_province(t.province_code)} if whole else {}),
        _("Progress note"): t.progress_note or "",
        _("Index links"): link_text(t.links),
        _("Target"): t.target or "",
        _("Updated"): f"{t.updated_by or ''} · {local_time(t.updated_at, lang)}",
        _("Version"): t.version,
    } for t in tasks])
    flags = ["overdue" if t.is_overdue(today) else "month" if t.is_due_this_month(today) else "" for t in tasks]
    colours = {"overdue": "background-color: #fde2e1", "month": "background-color: #fff3cd", "": ""}
    styled = table.style.apply(lambda r: [colours[flags[r.name]]] * len(r), axis=1)
    ui.table(styled, width="stretch", column_config=ut.task_columns(),
             # on a phone: whether it is late and when it is due, beside what it is
             phone_first=[_("Status"), _("Deadline"), TEXT_COL, _("Lead unit")],
             phone_config={TEXT_COL: st.column_config.TextColumn(width="medium")})
    st.caption(_("Red: overdue, not done. Amber: due this month."))

# ------------------------------------------------------------------ update in place
ut.edit_section(store, user, tasks, readable)  # whom to ask: said of the whole department

# ------------------------------------------------------------------ quarterly summary and report
ut.quarter_section(store, user, province, today, whole=whole)

# ------------------------------------------------------------------ export / import
st.subheader(_("Export, import (task template)"))
if whole:
    st.caption(_("A task template holds one province's tasks (their ids name it): choose the province above "
                 "to download or import its tasks."))
else:
    ut.template_section(store, user, province, filters, today)

# ------------------------------------------------------------------ audit log (province admins)
LOG_ROWS = 300
if user.is_admin:
    with st.expander(_("Change log (who, when, before, after)")):
        by_id = {t.task_id: t for t in store.list_tasks(user, provinces)}
        # one task's history: what was changed, by whom, since it was assigned
        logged_task = st.selectbox(_("Show the changes of"), [""] + list(by_id), key="log_task",
                                   placeholder=_("Type to search"),
                                   format_func=lambda i: ut.task_choice(by_id[i]) if i in by_id else _("All tasks"))
        entries = store.audit_log(user, provinces, task_id=logged_task or None, limit=LOG_ROWS)
        if len(entries) == LOG_ROWS:
            st.caption(_("The newest {n} changes; choose a task for all of its own.", n=LOG_ROWS))
        if not entries:
            st.caption(_("No change yet."))
        else:
            ui.table(pd.DataFrame([{
                _("When"): local_time(e.at, lang), _("By"): e.actor,
                _("Action"): audit.action_label(e.action),
                _("Task ID"): audit.subject_text(e.task_id),
                _("Changes"): audit.change_text(e.changes(), lang),
            } for e in entries]), width="stretch")
