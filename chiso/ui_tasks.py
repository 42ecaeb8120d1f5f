"""Page furniture of Nhiệm vụ: editing a task (status and progress for its unit; text, lead unit,
partners, deadline, target for province admins), the quarterly summary and report, and a save
confirmation that survives the rerun a save triggers.

Presentation only: every read and write goes through `chiso.tasks` (role and version checked by
the store), the report through `chiso.report`. Task text is shown as plain text (st.text), never
Markdown: a task may hold anything a plan or a colleague typed.
"""
from __future__ import annotations

import datetime as dt
import re

import pandas as pd
import streamlit as st

from chiso import accounts, auth, catalog, fmt, names, navigation, report, ui
from chiso.auth import PermissionDenied, can_update_task
from chiso.errors import ChisoError
from chiso.i18n import _, language, ngettext
from chiso.tasks import (ACCEPTED_TYPES, MAX_UPLOAD_BYTES, OLD_EXCEL, PERIOD_LABELS, STATUSES, StaleEdit,
                         TemplateRejected, local_time, period_label, status_label)
from chiso.tasks.model import plan_number_text
from chiso.tasks.units import in_office, unit_ended, unit_named_on, unit_of_body
from chiso.tasks.template import with_inferred_mark


_MARKDOWN_SPECIAL = re.compile(r"([\\`*_{}\[\]()#+\-.!|<>~$])")


def plain(text) -> str:
    """Text typed by someone (a task, a unit, a plan's title) made inert inside a caption or an
    alert, which Streamlit renders as Markdown: no link, no image fetched, no HTML."""
    return _MARKDOWN_SPECIAL.sub(r"\\\1", str(text or ""))


TASKS_ENTRY = navigation.page("Nhiem_vu")
TASKS_PAGE = TASKS_ENTRY.file  # the page files are the navigation table's


def saved_tasks_link(province_code: str) -> None:
    """The Tasks page opened on the plans the tasks just saved joined: a department of a merged province
    saving a former province's plan otherwise opened on its own province's tab, without them."""
    label = _("See them on {page} ({province}'s plans) →", page=_(TASKS_ENTRY.title),
              province=names.province_name(province_code))
    ui.page_link(TASKS_PAGE, label, query_params={"province": province_code})


CONFIRMATION = "_chiso_toast"
CONFIRMATION_SECONDS = 3.0


def confirm(message: str) -> None:
    """A toast now, and the message again after the rerun a save triggers (a rerun wipes what was drawn)."""
    st.session_state[CONFIRMATION] = (message, None)
    st.toast(message, icon="✅")


def show_pending_confirmation() -> None:
    """The saved message, as a toast once and a box for a few seconds of runs: a cookie written by
    the save (a new password's session) makes one more run as the browser acknowledges it, which
    would otherwise wipe the box before the person read it."""
    import time

    pending = st.session_state.get(CONFIRMATION)
    if not pending:
        return
    message, until = pending
    now = time.monotonic()
    if until is None:
        st.toast(message, icon="✅")
        st.session_state[CONFIRMATION] = (message, now + CONFIRMATION_SECONDS)
    elif now > until:
        del st.session_state[CONFIRMATION]
        return
    st.success(message)


# Widths (px) that keep a task's status in a laptop's view (1280–1366 px, sidebar open), in every task
# table (Nhiệm vụ, Điểm yếu; the text's on Nhập kế hoạch too): a full-width text column pushed "Chưa thực
# hiện — QUÁ HẠN" out of sight, and a long unit ("Trung tâm Khuyến công và Tư vấn …") the deadline. The
# whole text shows on hover.
TASK_TEXT_PX, LEAD_UNIT_PX, STATUS_PX = 240, 150, 170


def task_columns() -> dict:
    """The column_config of a task table's text, lead unit and status (headed "Task", "Lead unit",
    "Status" in the user's language)."""
    return {_("Task"): st.column_config.TextColumn(width=TASK_TEXT_PX),
            _("Lead unit"): st.column_config.TextColumn(width=LEAD_UNIT_PX),
            _("Status"): st.column_config.TextColumn(width=STATUS_PX)}


def unit_choices(store, user, province_code: str | list[str], issuer: str | None = None) -> list[str]:
    """Units to choose from: those already leading the province's (or provinces') tasks, then the province's
    departments and authorities (`data/catalog/plan_units.csv`), then, for a task of a department's
    plan (`issuer`), that department's own offices named with it ("Văn phòng Sở Công Thương"). With
    no department to name them by, "Văn phòng Sở" alone is not offered: of which Sở? The catalog's bodies
    by their one name (`same_as`: not both "UBND tỉnh" and "Ủy ban nhân dân tỉnh"); the tasks' units as
    they name them."""
    try:
        used = store.units(user, province_code)
    except ChisoError:
        used = []
    units = catalog.plan_units()
    external = [r["unit"] for r in units if r.get("scope") != "internal" and not r.get("same_as")]
    offices = [unit_of_body(r["unit"], issuer) for r in units
               if r.get("scope") == "internal" and not r.get("same_as")] if issuer else []
    # a body merged away is not given new work (Sở Tài nguyên và Môi trường, since 1 March 2025 part of Sở
    # Nông nghiệp và Môi trường): a task it leads still names it, and its form keeps it (`unit_box`)
    return list(dict.fromkeys(u for u in used + external + offices if u and in_office(u)))


def own_unit_position(user, units: list[str]) -> int:
    """Where the unit filter starts: a unit's account on its own unit (the tasks it updates), after
    "All units" at 0; everyone else on all units."""
    if user is None or user.role != auth.UNIT_EDITOR:
        return 0
    # read as the rights read it (auth.same_unit): an account made "Van phong So" updates "Văn phòng Sở"'s tasks
    return next((n for n, unit in enumerate(units, start=1) if auth.same_unit(unit, user.unit)), 0)


def edit_section(store, user, tasks, provinces: list[str]) -> None:
    """Update one of `tasks` (each checked against its own province: a department's list holds several).
    `provinces`: the department's, whose tasks' lead units tell a unit's account leading none whom to ask."""
    lang = language()
    editable = [t for t in tasks if can_update_task(user, t.province_code, t.lead_unit, {"status", "progress_note"})]
    st.subheader(_("Update a task"))
    if not editable:
        # a unit's account whose unit leads no task updates nothing: said with whom to ask, not only that
        note = accounts.unit_note(user, store.units(user, provinces), to_holder=True) if user is not None else None
        if note:
            st.warning(note)
        else:
            st.caption(_("Your account may only read the tasks shown.") if tasks else _("No task to update."))
        return
    by_id = {t.task_id: t for t in editable}
    chosen = ui.typed_selectbox(st, _("Task to update"), list(by_id), key="task_pick", fallback=next(iter(by_id)),
                                format_func=lambda i: task_choice(by_id[i]) if i in by_id else str(i))
    task = by_id[chosen]
    # The version this user edits is the one first shown, kept across reruns: re-reading it at
    # submit time would silently overwrite a colleague's save.
    versions = st.session_state.setdefault("editing_versions", {})
    editing_version = versions.setdefault(chosen, task.version)
    admin = user.is_admin
    changes: dict = {}
    with st.form(f"edit-{chosen}"):
        st.text(task.text)
        st.caption(_("Lead: {unit} · deadline: {deadline} · editing version {version}",
                     unit=plain(unit_named_on(task.lead_unit)),
                     deadline=task.deadline_text(lang) + (f" ({period_label(task.reporting_period, lang)})"
                                                          if task.reporting_period else ""),
                     version=editing_version))
        c1, c2 = st.columns(2)
        changes["status"] = c1.selectbox(_("Status"), list(STATUSES), index=list(STATUSES).index(task.status),
                                         format_func=lambda s: status_label(s, lang), key=f"status-{chosen}",
                                         placeholder=_("Type to search"))
        changes["progress_note"] = st.text_area(_("Progress note"), value=task.progress_note or "", max_chars=2000,
                                                key=f"note-{chosen}")
        if admin:
            changes["text"] = st.text_area(_("Task text"), value=task.text, key=f"text-{chosen}")
            units = unit_choices(store, user, task.province_code, task.plan_issuer)
            units = units if task.lead_unit in units else [task.lead_unit, *units]
            changes["lead_unit"] = c2.selectbox(_("Lead unit"), units, index=units.index(task.lead_unit),
                                                key=f"lead-{chosen}", accept_new_options=True,
                                                placeholder=_("Choose or type a unit"))
            ended = unit_ended(changes["lead_unit"])
            if ended:  # a task of an earlier plan, given to a body merged away since
                c2.caption(f"{changes['lead_unit']}: {ended.text()} ({ended.source})")
            partners = list(dict.fromkeys([*task.partner_units, *units]))
            changes["partner_units"] = tuple(st.multiselect(_("Partner units"), partners, default=list(task.partner_units),
                                                            key=f"partners-{chosen}", accept_new_options=True,
                                                            placeholder=_("Choose or type a unit")))
            d1, d2, d3 = st.columns(3)
            recurring = d1.checkbox(_("Recurring (no fixed deadline)"), value=task.recurring, key=f"rec-{chosen}")
            due = d2.date_input(_("Deadline"), value=task.due_date, format="DD/MM/YYYY", key=f"due-{chosen}")
            changes["reporting_period"] = d3.selectbox(
                _("Reporting period"), [None, *PERIOD_LABELS], key=f"period-{chosen}",
                index=[None, *PERIOD_LABELS].index(task.reporting_period) if task.reporting_period in PERIOD_LABELS else 0,
                format_func=lambda p: period_label(p, lang) if p else "—", placeholder=_("Type to search"))
            changes["target"] = st.text_input(_("Target"), value=task.target or "", key=f"target-{chosen}")
            changes["recurring"] = recurring
            changes["due_date"] = None if recurring else due
        save = st.form_submit_button(_("Save"), type="primary")
    if not save:
        return
    if admin and not changes["recurring"] and changes["due_date"] is None:
        st.error(_("Give a deadline or tick 'Recurring'."))
        return
    if admin and task.deadline_inferred and (changes["due_date"], changes["recurring"]) != (task.due_date, task.recurring):
        # A deadline set by a person replaces the one inferred from the plan's period: drop the mark.
        changes["source"] = with_inferred_mark(task.source, False)
    try:
        saved = store.update_task(user, chosen, editing_version, **changes)
    except StaleEdit as exc:
        latest = exc.current
        st.error(str(exc))
        st.caption(_("Latest version ({version}): status {status}; by {who}, {when}. Progress note:",
                     version=latest.version, status=status_label(latest.status, lang), who=latest.updated_by,
                     when=local_time(latest.updated_at, lang)))
        st.text(latest.progress_note or "—")
        if st.button(_("Edit the latest version")):
            versions[chosen] = latest.version
            ui.rerun()
    except (PermissionDenied, ChisoError) as exc:
        st.error(_("Not saved: {error}", error=str(exc)))
    else:
        versions[chosen] = saved.version
        confirm(_("Task {id} saved (version {version}).", id=chosen, version=saved.version))
        ui.rerun()


def quarter_section(store, user, province_code: str, today: dt.date, *, whole: bool = False) -> None:
    """Per-unit summary of the quarter, and the quarterly report to UBND tỉnh (DOCX and XLSX).
    `whole`: the page lists the whole department's tasks; so does this section, its plans those of every
    province the department was formed from, all of them in one report (no box to tick)."""
    lang = language()
    st.subheader(_("Quarter: summary by unit and report"))
    q1, q2, q3 = st.columns([1, 1, 3])
    year = int(q1.number_input(_("Year"), min_value=2015, max_value=2100, value=today.year, step=1))
    quarter = int(q2.selectbox(_("Quarter"), [1, 2, 3, 4], index=(today.month - 1) // 3,
                               placeholder=_("Type to search")))
    together = names.formed_together(province_code)
    plans = {p.plan_id: p for p in store.plans(user, together if whole else province_code)}
    plan_id = q3.selectbox(_("Plan"), [None, *plans], format_func=lambda i: _("All plans") if i is None else
                           " ".join(x for x in (plan_number_text(plans[i].number), plans[i].issuer) if x) or i,
                           placeholder=_("Type to search"))
    if plan_id is not None:
        province_code = plans[plan_id].province_code  # a plan's report goes with its own province's tasks
    department = report.covers_department(province_code, plan_id, today)
    if department and not whole:
        # one department since 1 July 2025: its report to UBND tỉnh may cover every former province's plans
        provinces = fmt.listing(names.province_name(c) for c in together)
        department = st.checkbox(_("The whole department: the tasks of the plans of {provinces}, in one summary "
                                   "and one report", provinces=provinces), key="report_department")

    ref = report.reference_day(year, quarter, today)  # a body merged away by then: "… (nay là …)", as the report

    def unit_label(unit: str, code: str) -> str:  # a unit of each former province on its own row
        unit = unit_named_on(unit, ref)
        return _("{unit} ({province})", unit=unit, province=names.province_name(code)) if department else unit
    summary = [(s, unit_label(s.lead_unit, code)) for code in (together if department else [province_code])
               for s in store.unit_summary(user, code, year, quarter, today=today, plan_id=plan_id)]
    if summary:
        counts = [(unit, {
            _("Due earlier, not done"): s.earlier_not_done, _("Due in the quarter"): s.due, _("Done"): s.done,
            _("On time"): s.done_on_time, _("Late"): s.done_late, _("Overdue, not done"): s.overdue,
            _("Not yet due"): s.not_yet_due, _("Recurring tasks"): s.recurring}) for s, unit in summary]
        if ui.on_phone():
            # one paragraph per unit, its counts after its name: in nine columns at 412 px each unit's
            # name wrapped over six lines and the last column was off the screen
            for unit, numbers in counts:
                st.markdown(f"**{plain(unit)}** — " + " · ".join(f"{label} **{n}**" for label, n in numbers.items()))
        else:
            # a static table: every header reads whole (wrapped), every column beside the unit's name; in a
            # grid the narrow count columns cut their headers to "Due earlier," and "Overdue, no"
            st.table(pd.DataFrame([{_("Lead unit"): unit, **numbers} for unit, numbers in counts])
                     .set_index(_("Lead unit")))
        st.caption(_("On time/Late compare the completion date with the deadline; tasks imported already done "
                     "have no completion date and are not counted in these two columns. Due earlier, not done: "
                     "deadlines before the quarter, still open, which the report lists too."))
    else:
        st.caption(_("Q{quarter} {year}: no task falls due.", quarter=quarter, year=year))
    rep = report.build(store, user, province_code, year, quarter, plan_id=plan_id, report_date=today, lang=lang,
                       department=department)
    name = f"bao_cao_quy_{quarter}_{year}_{'_'.join(together) if department else province_code}"
    b1, b2 = st.columns(2)
    b1.download_button(ngettext("Quarterly report to the People's Committee (DOCX, {n} task)",
                                "Quarterly report to the People's Committee (DOCX, {n} tasks)", len(rep.rows)),
                       report.to_docx(rep), file_name=f"{name}.docx", key="report_docx",
                       mime="application/vnd.openxmlformats-officedocument.wordprocessingml.document")
    b2.download_button(_("The same table (XLSX)"), report.to_xlsx(rep), file_name=f"{name}.xlsx", key="report_xlsx",
                       mime="application/vnd.openxmlformats-officedocument.spreadsheetml.sheet")
    more = report.more_for_department(store, user, rep, province_code, plan_id)
    if more:  # as `chiso report` says it: the box above reads as what it does, not as how many tasks it adds
        st.caption(ngettext("The same department follows {n} more task of this quarter, from the plans of "
                            "{provinces}: tick the box above for one report of them all",
                            "The same department follows {n} more tasks of this quarter, from the plans of "
                            "{provinces}: tick the box above for one report of them all", more,
                            provinces=fmt.listing(names.province_name(c) for c in together
                                                  if c != province_code)))
    st.caption(_("The report lists recurring tasks, tasks due in the quarter and earlier tasks not yet done; "
                 "overdue tasks are marked."))


def task_choice(task) -> str:
    """A task as a choice in a list: its id and the start of its text."""
    return f"{task.task_id} · {task.text[:110]}{'…' if len(task.text) > 110 else ''}"


def template_section(store, user, province_code: str, filters: dict, today: dt.date) -> None:
    """The filtered list as a task template to download, and (province admins) a filled one to import."""
    e1, e2 = st.columns(2)
    with e1:
        st.download_button(_("Download the filtered list (XLSX, task template)"),
                           store.export_xlsx(user, province_code, **filters),
                           file_name=f"nhiem_vu_{province_code}_{today:%Y%m%d}.xlsx",
                           mime="application/vnd.openxmlformats-officedocument.spreadsheetml.sheet")
    with e2:
        if user.is_admin:
            types, size_mb = ", ".join(ACCEPTED_TYPES), MAX_UPLOAD_BYTES // 1048576
            upload = st.file_uploader(_("Import tasks ({types}; at most {size} MB; the whole file or no row)",
                                        types=types, size=size_mb),
                                      type=[t.lstrip(".") for t in (*ACCEPTED_TYPES, OLD_EXCEL)])
            if upload is not None and st.button(_("Import into the task store"), type="primary"):
                try:
                    result = store.import_file(user, province_code, upload.name, upload.getvalue())
                except TemplateRejected as exc:
                    st.error(ngettext("File {name}: {n} error, no task imported.",
                                      "File {name}: {n} errors, no task imported.", len(exc.errors), name=upload.name))
                    ui.table(pd.DataFrame([{_("Row"): e.row, _("Column"): e.column or "", _("Value"): e.value or "",
                                            _("Error"): str(e).split(": ", 1)[-1]} for e in exc.errors]),
                             width="stretch", phone_first=[_("Row"), _("Error")])
                except ChisoError as exc:
                    st.error(_("Not imported: {error}", error=str(exc)))
                else:
                    confirm(_("Imported: {created} new tasks, {updated} updated, {plans} new plans.",
                                 created=result.created, updated=result.updated, plans=result.plans_created)
                               + result.already_said())
                    ui.rerun()
        else:
            st.caption(_("Importing tasks: province admins only."))
