"""Importing tasks: template rows (an uploaded .csv/.xlsx, or the plan parser's output) written in
ONE transaction, all rows or none. A row with an existing task id of this province updates that
task, only if it was exported at the version still saved; a blank id creates a task (and the
plan it names, once).

`TaskImports` is one part of `store.TaskStore`; it needs only `self.backend`.
"""
from __future__ import annotations

import dataclasses
from pathlib import Path

from chiso import audit, auth
from chiso.auth import User
from chiso.errors import InputError
from chiso.i18n import N_, _
from chiso.names import fold
from chiso.tasks import stored, template
from chiso.tasks.model import DONE, ImportResult, Task, TaskDraft, local_time, now_utc, today_vn
from chiso.tasks.units import known_spelling, known_spellings, one_name, unit_of_body


class TaskImports:
    """The store's imports (mixed into `store.TaskStore`)."""

    def import_rows(self, user: User, province_code: str, rows: list[dict],
                    source_name: str = "danh sách nhiệm vụ") -> ImportResult:
        """Import template rows (dicts keyed by the template headers, e.g. the plan parser's output)."""
        auth.require_admin(user, province_code, N_("import tasks"))
        return self.import_drafts(user, province_code, template.drafts_from_rows(rows, source_name), source_name)

    def import_file(self, user: User, province_code: str, filename: str, data: bytes) -> ImportResult:
        """Import an uploaded .csv/.xlsx in the task template: all rows or none."""
        auth.require_admin(user, province_code, N_("import tasks"))
        name = Path(filename).name
        return self.import_drafts(user, province_code, template.drafts_from_rows(
            template.read_file(name, data), name), name)

    def import_drafts(self, user: User, province_code: str, drafts: list[TaskDraft],
                      source_name: str = "danh sách nhiệm vụ", *, new_action: str = "import_create",
                      match_done: bool = True) -> ImportResult:
        """Write validated drafts in ONE transaction. A draft with an existing `task_id` of this
        province updates that task (only the fields that differ; audited); a new id creates it.
        An id belonging to another province rejects the whole import. `new_action`: what the change
        log calls a new task ("create" for a task typed in a form, not read from a list). `match_done`: whether
        a done task is the same task as a row naming it (a list imported again), or not (a task assigned again
        in a form, the component weak again after last year's task was done)."""
        auth.require_admin(user, province_code, N_("import tasks"))

        def work(tx):
            audit.lock_chain(tx)
            now, created, updated, plans_created, already, ids = now_utc(), 0, 0, 0, 0, []
            # the province's saved tasks by (plan, text, lead unit), read once: a row with no id naming one
            # of them is that task (a plan saved twice must not double its tasks); tasks this import writes
            # are not among them, so a file is taken as written
            # (a plan saved before its department's offices were named with the department, chiso.tasks.
            # model.unit_of_body, is found under either name)
            saved: dict[tuple, str] = {}
            for task_id, plan, text, lead, issuer in tx.rows(
                    "SELECT t.task_id, t.plan_id, t.text, t.lead_unit, p.issuer FROM tasks t "
                    "LEFT JOIN plans p ON p.plan_id = t.plan_id WHERE t.province_code = ? "
                    f"{'' if match_done else 'AND t.status <> ?'} ORDER BY t.task_id",
                    [province_code, *([] if match_done else [DONE])]):
                saved.setdefault((plan, text, lead), task_id)
                saved.setdefault((plan, text, unit_of_body(lead, issuer)), task_id)
                saved.setdefault((plan, text, one_name(lead)), task_id)  # saved before as "Ủy ban nhân dân tỉnh"
            known = _with_list_spellings(stored.known_units(tx, province_code), drafts)
            spelled_drafts = [_spelled(d, known) for d in drafts]
            respelled = tuple(dict.fromkeys(
                (typed, spelled) for given, d in zip(drafts, spelled_drafts)
                for typed, spelled in zip((given.lead_unit, *given.partner_units), (d.lead_unit, *d.partner_units))
                if typed.strip() != spelled))
            plan_ids: dict[tuple, str] = {}
            first_of: dict[tuple, tuple[int | None, str]] = {}  # a new row's every field -> (its row, its task)
            repeated = []
            problems = []
            for d in spelled_drafts:
                if d.task_id and not _own_id(d.task_id, province_code, tx):
                    # The same words whether the id exists elsewhere or not: nothing to probe.
                    problems.append(InputError(
                        _("task id not of this province (ids look like NV-{province}-00012; leave the cell "
                          "blank for a new task)", province=province_code),
                        file=source_name, row=d.row, column=template.TASK_ID, value=d.task_id))
            if problems:
                raise template.TemplateRejected(source_name, problems)
            for d in spelled_drafts:
                plan_id = None
                key = (d.plan_number, d.plan_issuer, d.plan_issued_date)
                if any(key):
                    if key not in plan_ids:
                        plan_ids[key], new_plan = _plan_for(tx, user, province_code, d, spelled_drafts, now)
                        plans_created += new_plan
                    plan_id = plan_ids[key]
                current = stored.get(tx, d.task_id) if d.task_id else None
                same_row = dataclasses.replace(d, row=None)
                if not d.task_id and same_row in first_of:
                    # a row pasted twice is one task, not two: said with both rows, so the list can be fixed
                    first_row, task_id = first_of[same_row]
                    repeated.append((d.row, first_row))
                    ids.append(task_id)
                    continue
                if current is None and not d.task_id and (plan_id, d.text, d.lead_unit) in saved:
                    already += 1  # left as it is: its progress since is kept
                    ids.append(saved[(plan_id, d.text, d.lead_unit)])
                    first_of[same_row] = (d.row, saved[(plan_id, d.text, d.lead_unit)])
                    continue
                if current is None:
                    task_id = d.task_id or _new_task_id(tx, province_code)
                    tx.rows(
                        "INSERT INTO tasks (task_id, plan_id, province_code, text, lead_unit, partner_units, due_date, "
                        "recurring, reporting_period, target, status, progress_note, version, updated_by, updated_at, "
                        "source, completed_at, created_at, created_by) "
                        "VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, 1, ?, ?, ?, NULL, ?, ?)",
                        [task_id, plan_id, province_code, d.text, d.lead_unit, "; ".join(d.partner_units), d.due_date,
                         d.recurring, d.reporting_period, d.target, d.status, d.progress_note, user.username, now,
                         d.source, now, user.username])
                    stored.write_links(tx, task_id, d.links)
                    stored.record_change(tx, task_id, province_code, user.username, now, new_action, None,
                                         stored.get(tx, task_id))
                    created += 1
                    if not d.task_id:
                        first_of[same_row] = (d.row, task_id)
                else:
                    task_id = current.task_id
                    wanted = {"text": d.text, "lead_unit": d.lead_unit, "partner_units": d.partner_units,
                              "due_date": d.due_date, "recurring": d.recurring,
                              "reporting_period": d.reporting_period, "target": d.target, "status": d.status,
                              "progress_note": d.progress_note, "source": d.source,
                              "links": tuple(sorted(d.links, key=stored.link_order)), "plan_id": plan_id}
                    changed = {k: v for k, v in wanted.items() if getattr(current, k) != v}
                    if changed:
                        refusal = _version_refusal(d, current, source_name)
                        if refusal is None and not _import_update(tx, user, d, current, plan_id, now):
                            refusal = _version_refusal(d, stored.get(tx, task_id) or current, source_name)
                        if refusal is not None:
                            problems.append(refusal)
                            continue
                        if "links" in changed:
                            stored.write_links(tx, task_id, d.links)
                        stored.record_change(tx, task_id, province_code, user.username, now, "import_update",
                                             current, stored.get(tx, task_id))
                        updated += 1
                ids.append(task_id)
            if problems:  # the transaction is rolled back: all rows or none
                raise template.TemplateRejected(source_name, problems)
            return ImportResult(created, updated, plans_created, tuple(ids), already, _merged_offices(tx, province_code),
                                tuple(repeated), respelled)

        return self.backend.run(work)


def _with_list_spellings(known: set[str], drafts: list[TaskDraft]) -> set[str]:
    """`known` and, for a unit no one has named yet that the list writes several ways ("Phòng Văn thư",
    "phong van thu"), the way with the most diacritics (then the first): one unit, not two."""
    known_keys = {fold(k) for k in known}
    written: dict[str, list[str]] = {}
    for d in drafts:
        for unit in (d.lead_unit, *d.partner_units):
            key = fold(unit)
            if key and key not in known_keys and unit.strip() not in written.setdefault(key, []):
                written[key].append(unit.strip())
    return known | {max(ways, key=lambda u: sum(ord(c) > 127 for c in u)) for ways in written.values()}


def _spelled(d: TaskDraft, known: set[str]) -> TaskDraft:
    """A row's units as the province already writes them (`model.known_spelling`)."""
    lead, partners = known_spelling(d.lead_unit, known), known_spellings(d.partner_units, known)
    return d if (lead, partners) == (d.lead_unit, d.partner_units) else dataclasses.replace(
        d, lead_unit=lead, partner_units=partners)


def _merged_offices(tx, province_code: str) -> tuple[tuple[str, tuple[str, ...]], ...]:
    """Offices named without their department ("Văn phòng Sở") that lead tasks of several departments'
    plans in the province: one unit in every list, filter and unit account, though they are several
    offices. A plan read by chiso names them with their department (unit_of_body); a list typed by
    hand may not, and the import says so rather than rename what a person wrote."""
    rows = tx.rows("SELECT DISTINCT t.lead_unit, p.issuer FROM tasks t JOIN plans p ON p.plan_id = t.plan_id "
                   "WHERE t.province_code = ? AND p.issuer IS NOT NULL ORDER BY 1, 2", [province_code])
    issuers: dict[str, list[str]] = {}
    for unit, issuer in rows:
        if unit_of_body(unit, issuer) != unit:
            issuers.setdefault(unit, []).append(issuer)
    return tuple((unit, tuple(found)) for unit, found in issuers.items() if len(found) > 1)


def _import_update(tx, user: User, d: TaskDraft, current: Task, plan_id, now) -> bool:
    """The guarded UPDATE of an import row; False if someone saved the task in between."""
    completed = current.completed_at
    if d.status != current.status:
        completed = today_vn() if d.status == DONE else None
    stored.remember(tx, current.task_id, None)
    return bool(tx.changed(
        "UPDATE tasks SET plan_id = ?, text = ?, lead_unit = ?, partner_units = ?, due_date = ?, "
        "recurring = ?, reporting_period = ?, target = ?, status = ?, progress_note = ?, "
        "source = ?, completed_at = ?, version = version + 1, updated_by = ?, updated_at = ? "
        "WHERE task_id = ? AND version = ?",
        [plan_id, d.text, d.lead_unit, "; ".join(d.partner_units), d.due_date, d.recurring,
         d.reporting_period, d.target, d.status, d.progress_note, d.source, completed,
         user.username, now, current.task_id, current.version]))


def _plan_for(tx, user: User, province_code: str, draft: TaskDraft, drafts, now) -> tuple[str, int]:
    found = tx.one(
        "SELECT plan_id FROM plans WHERE province_code = ? AND number IS NOT DISTINCT FROM ? "
        "AND issuer IS NOT DISTINCT FROM ? AND issued_date IS NOT DISTINCT FROM ?",
        [province_code, draft.plan_number, draft.plan_issuer, draft.plan_issued_date])
    if found:
        return found[0], 0
    same = [d for d in drafts if (d.plan_number, d.plan_issuer, d.plan_issued_date)
            == (draft.plan_number, draft.plan_issuer, draft.plan_issued_date)]
    indices = sorted({i for d in same for i, _ in d.links})
    number = int(tx.one("SELECT nextval('plan_id_seq')")[0])
    plan_id = f"KH-{province_code}-{number:04d}"
    source = next((d.source for d in same if d.source), None)
    tx.rows("INSERT INTO plans (plan_id, province_code, issuer, number, issued_date, indices, source_document, "
            "created_at, created_by) VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?)",
            [plan_id, province_code, draft.plan_issuer, draft.plan_number, draft.plan_issued_date,
             ";".join(indices) or None, source, now, user.username])
    return plan_id, 1


def _new_task_id(tx, province_code: str) -> str:
    while True:
        number = int(tx.one("SELECT nextval('task_id_seq')")[0])
        task_id = f"NV-{province_code}-{number:05d}"
        if not tx.one("SELECT 1 FROM tasks WHERE task_id = ?", [task_id]):
            return task_id


def _own_id(task_id: str, province_code: str, tx) -> bool:
    found = stored.TASK_ID_FORMAT.fullmatch(task_id)
    if not found or found.group(1) != province_code:
        return False
    owner = tx.one("SELECT province_code FROM tasks WHERE task_id = ?", [task_id])
    return owner is None or owner[0] == province_code


def _version_refusal(d: TaskDraft, current: Task, source_name: str) -> InputError | None:
    """Why an import row may not overwrite `current` (None: it may). A row must say which version it
    was exported at, and that version must still be the saved one."""
    if d.version is None:
        return InputError(_("task {task_id} has a saved version {saved} but this row gives none: export the tasks "
                            "again and make the change in that file", task_id=current.task_id, saved=current.version),
                          file=source_name, row=d.row, column=template.VERSION)
    if d.version != current.version:
        return InputError(_("task {task_id}: this row was exported at version {row_version}, but version {saved} "
                            "was saved since (by {who}, {when}); the newer save is kept: export again and redo "
                            "the change", task_id=current.task_id, row_version=d.version, saved=current.version,
                            who=current.updated_by or "?", when=local_time(current.updated_at)),
                          file=source_name, row=d.row, column=template.VERSION, value=d.version)
    return None
