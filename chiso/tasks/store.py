"""The task store: every read and write of plans and tasks, with the acting user checked.

Every public method takes the acting `chiso.auth.User` first and calls the
`chiso.auth.require_*` check before touching data, so the rules hold for the
page, the CLI and any script alike. Every change writes an `audit_log` row
(who, when, before, after) in the same transaction as the change.

Optimistic concurrency: a task carries `version`; `update_task` is given the
version the user read and writes with `UPDATE ... WHERE task_id = ? AND
version = ?`. If someone saved in between, nothing is written and `StaleEdit`
carries the latest task. This holds across processes on both backends (see
`backends` for how each makes the guarded UPDATE safe).
"""
from __future__ import annotations

from dataclasses import replace
from pathlib import Path

from chiso import audit, auth, paths
from chiso.auth import User
from chiso.errors import ChisoError, InputError
from chiso.i18n import N_
from chiso.tasks import schema, stored, template
from chiso.tasks.backends import Conflict, backend_for
from chiso.tasks.imports import TaskImports
from chiso.tasks.model import DONE, PERIOD_LABELS, STATUSES, StaleEdit, Task, TaskDraft, now_utc, today_vn
from chiso.tasks.units import known_spelling, known_spellings
from chiso.tasks.queries import TaskReads

# Columns of `tasks` update_task may set (links live in task_links).
_TASK_COLUMNS = ("text", "lead_unit", "partner_units", "due_date", "recurring", "reporting_period", "target",
                 "status", "progress_note", "source")
# Fields a caller may change with update_task; PROGRESS_FIELDS (auth) are the unit editor's.
EDITABLE = frozenset({"status", "progress_note", "text", "lead_unit", "partner_units", "due_date", "recurring",
                      "reporting_period", "target", "links", "source"})


class TaskStore(TaskReads, TaskImports):
    """One task store (a DuckDB file or a PostgreSQL database): the reads (`queries`), the imports
    (`imports`) and, here, the saves of single edits. Cheap to create; the backend keeps the connection."""

    def __init__(self, url: str | Path | None = None):
        self.url = str(url or paths.default_tasks_url())
        self.backend = backend_for(self.url)
        schema.create(self.backend)

    @property
    def kind(self) -> str:
        return self.backend.kind

    def describe(self) -> str:
        return self.backend.describe()

    def record_sign_in(self, username: str, address: str, action: str, province_code: str = "") -> None:
        """A failed sign-in, a lockout or a success, audited like any change (no task: the task
        column names the client address, `sign-in:<address>`; read back by `sign_in_failures`)."""
        at = now_utc()
        self.backend.run(lambda tx: stored.record_change(tx, f"sign-in:{address}", province_code, username, at,
                                                         action, None, None))

    def update_task(self, user: User, task_id: str, expected_version: int, **changes) -> Task:
        """Save changes to one task, made on `expected_version` (the version the user read).

        Changes: status, progress_note (unit editors and admins); text, lead_unit, partner_units,
        due_date, recurring, reporting_period, target, links, source (admins). Raises StaleEdit
        (with `.current`, the latest task) if the task changed since; PermissionDenied by role.
        """
        unknown = set(changes) - EDITABLE
        if unknown:
            raise ChisoError(N_("these fields cannot be changed: {fields}"), fields=", ".join(sorted(unknown)))
        changes = _clean_changes(changes)

        auth.require_read(user, user.province_code if user else "")

        def work(tx):
            audit.lock_chain(tx)
            current = stored.get_visible(tx, user, task_id, cached=True)
            spelled = _known_spellings(tx, current.province_code, changes)
            changed = {k: v for k, v in spelled.items() if getattr(current, k) != v}
            auth.require_task_update(user, current.province_code, current.lead_unit, set(changed))
            if current.version != int(expected_version):
                raise StaleEdit(current, int(expected_version))
            if not changed:
                return current
            now = now_utc()
            completed = current.completed_at
            if "status" in changed:
                completed = today_vn() if changed["status"] == DONE else None
            new = replace(current, **changed, version=current.version + 1, updated_by=user.username,
                          updated_at=now, completed_at=completed)
            # Only the changed columns: DuckDB stores by column, each one set is a column rewritten.
            columns = [c for c in _TASK_COLUMNS if c in changed] + (["completed_at"] if "status" in changed else [])
            values = ["; ".join(new.partner_units) if c == "partner_units" else getattr(new, c) for c in columns]
            applied = tx.changed(
                f"UPDATE tasks SET {''.join(f'{c} = ?, ' for c in columns)}version = version + 1, updated_by = ?, "
                "updated_at = ? WHERE task_id = ? AND version = ?",
                [*values, new.updated_by, new.updated_at, task_id, current.version])
            if not applied:  # someone committed between our read and our write
                latest = stored.get(tx, task_id)
                if latest is None:  # seen once under load on DuckDB: read again rather than crash
                    raise Conflict(f"task {task_id} not visible after a refused update")
                raise StaleEdit(latest, int(expected_version))
            if "links" in changed:
                stored.write_links(tx, task_id, new.links)
            stored.record_change(tx, task_id, current.province_code, user.username, now, "update", current, new)
            stored.remember(tx, task_id, new)
            return new

        return self.backend.run(work)

    def delete_task(self, user: User, task_id: str, expected_version: int) -> None:
        auth.require_read(user, user.province_code if user else "")

        def work(tx):
            audit.lock_chain(tx)
            current = stored.get_visible(tx, user, task_id)
            auth.require_admin(user, current.province_code, N_("delete tasks"))
            if current.version != int(expected_version):
                raise StaleEdit(current, int(expected_version))
            if not tx.changed("DELETE FROM tasks WHERE task_id = ? AND version = ?", [task_id, current.version]):
                raise StaleEdit(stored.get(tx, task_id), int(expected_version))
            tx.rows("DELETE FROM task_links WHERE task_id = ?", [task_id])
            stored.remember(tx, task_id, None)
            stored.record_change(tx, task_id, current.province_code, user.username, now_utc(), "delete", current, None)
        self.backend.run(work)

    def create_task(self, user: User, province_code: str, draft: TaskDraft) -> Task:
        """A task typed in a form. One still open with the same text and lead unit is refused, named, since
        the form's deadline and target would not be saved ("saved" was said of it); one done long ago is
        not that task (the component weak again), and a new task is made."""
        result = self.import_drafts(user, province_code, [draft], "tạo mới", new_action="create", match_done=False)
        if result.already:
            raise ChisoError(N_("task {id} already has this text and lead unit and is open: change it on the "
                                "Tasks page"), id=result.task_ids[0])
        return self.get_task(user, result.task_ids[0])


def _known_spellings(tx, province_code: str, changes: dict) -> dict:
    """A unit typed in a form as the province already writes it (`model.known_spelling`); the units
    are read only when a change names one (a status saved is the common case)."""
    if "lead_unit" not in changes and "partner_units" not in changes:
        return changes
    known = stored.known_units(tx, province_code)
    out = dict(changes)
    if "lead_unit" in out:
        out["lead_unit"] = known_spelling(out["lead_unit"], known)
    if "partner_units" in out:
        out["partner_units"] = known_spellings(out["partner_units"], known)
    return out


def _clean_changes(changes: dict) -> dict:
    out = dict(changes)
    if "status" in out and out["status"] not in STATUSES:
        raise InputError(N_("invalid status"), column=template.STATUS, value=out["status"])
    if "reporting_period" in out and out["reporting_period"] not in (None, *PERIOD_LABELS):
        raise InputError(N_("invalid reporting period"), column=template.PERIOD, value=out["reporting_period"])
    for key in ("progress_note", "target", "source", "reporting_period"):
        if key in out:
            out[key] = (str(out[key]).strip() or None) if out[key] is not None else None
    for key in ("text", "lead_unit"):
        if key in out and not str(out[key] or "").strip():
            raise InputError(N_("may not be empty"), column=template.TEXT if key == "text" else template.LEAD_UNIT)
    if "partner_units" in out:
        value = out["partner_units"]
        out["partner_units"] = stored.split_units(value) if isinstance(value, str) else tuple(value or ())
    if "due_date" in out:
        out["due_date"] = stored.as_date(out["due_date"])
    if "links" in out:
        value = out["links"]
        if isinstance(value, str):
            links, problems = template.parse_links(value)
            if problems:
                raise InputError("; ".join(problems), column=template.LINKS, value=value)
            value = links
        out["links"] = tuple(sorted((tuple(v) for v in value), key=stored.link_order))
    if "recurring" in out:
        out["recurring"] = bool(out["recurring"])
        if out["recurring"]:
            out["due_date"] = None
    return out


def open_store(url: str | Path | None = None) -> TaskStore:
    """The task store at `url` (a DuckDB path or `postgresql://...`); default `paths.default_tasks_url()`."""
    return TaskStore(url)
