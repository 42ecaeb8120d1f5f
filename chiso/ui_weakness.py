"""Page furniture of the two weakness pages (Điểm yếu, Chưa có nhiệm vụ): the cached assessment,
the signed-in user's tasks, how a task row is shown, and the "Giao nhiệm vụ" form.

Presentation only: verdicts come from `chiso.weakness`, the covered rule from `chiso.coverage`,
tasks from `chiso.tasks` (which checks the user's right on every call). Task text is shown as
plain text (ui.table / st.text), never as Markdown: a task may contain anything.
"""
from __future__ import annotations

import datetime as dt

import pandas as pd
import streamlit as st

from chiso import catalog, coverage, db, fmt, navigation, ui, weakness, what_if
from chiso.auth import PermissionDenied, can_read
from chiso.errors import ChisoError
from chiso.i18n import _, language, ngettext
from chiso.names import formed_together, province_name
from chiso.tasks import PERIOD_LABELS, TaskDraft, open_store, period_label
from chiso.tasks.model import improvement_text, status_text
from chiso.tasks.units import unit_named_on
from chiso.ui_tasks import TASKS_PAGE
from chiso.ui_tasks import confirm, show_pending_confirmation, task_columns, unit_choices  # noqa: F401 (pages use them)
from chiso.clock import today_vn


@st.cache_data(show_spinner=False)
def _assess(version: tuple, index_code: str, year: int, province_code: str, lang: str) -> pd.DataFrame:
    return weakness.assess(index_code, year, province_code)


def _version() -> tuple:
    """Cache key: a database rebuild or an edit of the rules file clears the page cache."""
    return db.db_version(), weakness.rules_version()


verdict_label = weakness.verdict_label  # pages name it through this module


def assess(index_code: str, year: int, province_code: str) -> pd.DataFrame:
    """`weakness.assess` through the page cache (see `_version`); attrs kept."""
    out = _assess(_version(), index_code, int(year), province_code, language())
    return out


@st.cache_data(show_spinner=False)
def _counts_most(version: tuple, index_code: str, year: int, province_code: str, step: str) -> pd.DataFrame:
    return what_if.where_a_point_counts_most(index_code, year, province_code, step)


def where_a_point_counts_most(index_code: str, year: int, province_code: str, step: str) -> pd.DataFrame:
    return _counts_most(_version(), index_code, int(year), province_code, step)


def tasks_for(user, province_code: str, assessed: pd.DataFrame, index_code: str, year: int) -> pd.DataFrame | None:
    """The tasks that may cover these components (and the general tasks of their index), as
    `v_tasks` rows; None (with a message shown) when nobody is signed in or the account belongs
    to another province."""
    if user is None:
        st.info(_("Sign in (sidebar) to see the tasks tied to the weak components and to assign new ones."))
        return None
    if not can_read(user, province_code):
        department = formed_together(user.province_code)  # Bình Phước's admin reads Đồng Nai's tasks too
        st.info(_("Account '{user}' sees only the tasks of its own province, {province}; choose that province.",
                  user=user.username, province=province_name(user.province_code)) if len(department) == 1 else
                _("Account '{user}' sees only the tasks of its department's provinces, {provinces}; choose one of "
                  "them.", user=user.username, provinces=fmt.listing(province_name(c) for c in department)))
        return None
    try:
        return coverage.linked_tasks(user, coverage.task_provinces(province_code, index_code, year), assessed)
    except PermissionDenied as exc:
        st.warning(str(exc))
    except ChisoError as exc:
        st.error(_("Cannot read the task store: {error}", error=str(exc)))
    return None


def deadline(row) -> str:
    if fmt.is_missing(row.get("due_date")) or (not fmt.is_missing(row.get("recurring")) and bool(row.get("recurring"))):
        return _("Recurring")
    return fmt.date(row["due_date"], language())


def task_table(rows: pd.DataFrame) -> pd.DataFrame:
    """Tasks as shown (plain text cells): id, text, lead unit, deadline dd/mm/yyyy, status (overdue
    marked), link."""
    rows = rows[rows.task_id.notna()]
    lang = language()
    return pd.DataFrame({
        _("ID"): rows.task_id,
        _("Task"): rows.text,
        _("Lead unit"): [unit_named_on(u) for u in rows.lead_unit],  # "… (nay là …)" for a body merged away
        _("Deadline"): [deadline(r) for r in rows.to_dict("records")],
        _("Status"): [status_text(s, late, lang) for s, late in zip(rows.status, coverage.overdue(rows, today_vn()))],
        _("Linked to"): ([_("this component") if s == "exact" else _("its dimension ({code})", code=c)
                          for s, c in zip(rows.scope, rows.linked_indicator)]
                         if "scope" in rows else [_("whole index")] * len(rows)),
    })


def covering(open_n: int, rows: pd.DataFrame) -> str:
    """"2 nhiệm vụ đang mở · **2 quá hạn**": the open tasks on a component, and how many are late today."""
    late = len({t for t, o in zip(rows.task_id, coverage.overdue(rows, today_vn())) if o})
    return (ngettext("{n} open task covers it", "{n} open tasks cover it", open_n)
            + (" · **" + ngettext("{n} overdue", "{n} overdue", late) + "**" if late else ""))


def show_tasks(rows: pd.DataFrame) -> None:
    """The task table, its text, unit and status at the widths of every task table (`ui_tasks.task_columns`)."""
    ui.table(task_table(rows), width="stretch", column_config=task_columns(),
             # on a phone: whether it is late and when it is due, beside what it is (as on Nhiệm vụ)
             phone_first=[_("Status"), _("Deadline"), _("Task")],
             phone_config={_("Task"): st.column_config.TextColumn(width="medium")})


RESULTS_PAGE = navigation.page("Nhap_ket_qua").file


def items_note(rows: pd.DataFrame) -> None:
    """Under the counts: the list has more rows than the counts say, because a component's weak
    sub-components are listed under it and count with it ("7 weak" above 20 rows read as a mistake)."""
    items = weakness.groups(rows)
    if len(rows) > items:
        st.caption(_("A component and its weak sub-components (↳, listed under it) count as one: {items} items, "
                     "{rows} rows.", items=items, rows=len(rows)))


def results_link(index_code: str, year: int) -> None:
    """Where the components come from when no public source gives them: the Ministry's table or the
    province's own scorecard, entered on Nhập kết quả (opened on this index and year)."""
    label = _("Enter the province's scorecard or the Ministry's table for {index} {year} →",
              index=catalog.indices()[index_code].short, year=year)
    ui.page_link(RESULTS_PAGE, label, query_params={"index": index_code, "year": str(year)})


def tasks_link(index_code: str, indicator_code: str, province_code: str, name: str) -> None:
    """A link to the tasks page filtered on this component (keeps the sign-in: same session)."""
    params = {"index": index_code, "indicator": indicator_code, "province": province_code}
    label = _("Tasks of {code} · {name} →", code=indicator_code, name=name)
    ui.page_link(TASKS_PAGE, label, query_params=params)


# ------------------------------------------------------------------ Giao nhiệm vụ

def assign_toggle(user, province_code: str, component: dict, label: str | None = None) -> None:
    """A province admin's "Giao nhiệm vụ" switch for one component, and its form when on. A keyed
    toggle, not an expander: after a save the page reruns with every form closed (an expander's open
    state would move to the neighbouring component)."""
    if user is None or user.role != "province_admin":
        return
    code = component["indicator_code"]
    if st.toggle(label or _("Assign a task"), key=f"assign_{code}_{st.session_state.get('assign_round', 0)}"):
        assign_form(user, province_code, component, key=code)


def assign_form(user, province_code: str, component: dict, key: str) -> None:
    """"Giao nhiệm vụ": a form prefilled with the component; saves one task linked to it (province
    admins; the store checks the role) and confirms with a toast that survives the rerun."""
    code, index_code = component["indicator_code"], component["index_code"]
    name = component.get("name_vi" if language() == "vi" else "name_en") or code
    with st.form(f"assign_{key}", clear_on_submit=False):
        st.markdown("**" + _("Assign a task: {code} · {name}", code=code, name=name).replace("*", "") + "**")
        text = st.text_area(_("Task"), value=improvement_text(index_code, component.get("kind"),
                                                              component.get("name_vi") or code), key=f"text_{key}")
        units = unit_choices(open_store(), user, province_code)
        lead = st.selectbox(_("Lead unit"), units, index=None, placeholder=_("Choose a unit"), key=f"lead_{key}",
                            accept_new_options=True)
        partners = st.multiselect(_("Partner units"), units, key=f"partners_{key}", accept_new_options=True,
                                  placeholder=_("Choose or type a unit"))
        recurring = st.checkbox(_("Recurring (no fixed deadline)"), key=f"rec_{key}")
        c1, c2 = st.columns(2)
        due = c1.date_input(_("Deadline"), value=dt.date(today_vn().year, 12, 31), format="DD/MM/YYYY",
                            key=f"due_{key}")
        period = c2.selectbox(_("Reporting period"), [None, *PERIOD_LABELS], key=f"period_{key}",
                              format_func=lambda p: period_label(p, language()) if p else "—",
                              placeholder=_("Type to search"))
        target = st.text_input(_("Target"), key=f"target_{key}")
        if not st.form_submit_button(_("Save the task")):
            return
    if not lead:
        st.error(_("Choose a lead unit."))
        return
    draft = TaskDraft(text=text.strip(), lead_unit=lead, due_date=None if recurring else due, recurring=recurring,
                      partner_units=tuple(partners), reporting_period=period, target=target.strip() or None,
                      links=((index_code, code),), source="Giao từ trang Điểm yếu")
    try:
        task = open_store().create_task(user, province_code, draft)
    except (PermissionDenied, ChisoError) as exc:
        st.error(_("Not saved: {error}", error=str(exc)))
        return
    confirm(_("Saved task {id} for {code}", id=task.task_id, code=code))
    st.session_state["assign_round"] = st.session_state.get("assign_round", 0) + 1  # closes every form
    ui.rerun()
