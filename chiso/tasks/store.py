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

import datetime as dt
import json
import re
from dataclasses import replace
from pathlib import Path
from typing import Iterable

from chiso import audit, auth, catalog, paths
from chiso.auth import User
from chiso.errors import ChisoError, InputError
from chiso.i18n import _
from chiso.results.codes import tree_parent
from chiso.tasks import schema, template
from chiso.tasks.backends import Conflict, backend_for
from chiso.tasks.model import (DONE, PERIOD_LABELS, STATUSES, AuditEntry, ImportResult, Plan, StaleEdit, Task,
                               TaskDraft, TaskNotFound, UnitSummary, local_time, now_utc, today_vn)

_TASK_SELECT = """
    SELECT t.task_id, t.province_code, t.text, t.lead_unit, t.partner_units, t.due_date, t.recurring,
           t.reporting_period, t.target, t.status, t.progress_note, t.version, t.updated_by, t.updated_at,
           t.plan_id, p.number, p.issuer, p.issued_date, t.source, t.completed_at
    FROM tasks t LEFT JOIN plans p ON p.plan_id = t.plan_id"""

# Columns of `tasks` update_task may set (links live in task_links).
_TASK_COLUMNS = ("text", "lead_unit", "partner_units", "due_date", "recurring", "reporting_period", "target",
                 "status", "progress_note", "source")
# Fields a caller may change with update_task; PROGRESS_FIELDS (auth) are the unit editor's.
EDITABLE = frozenset({"status", "progress_note", "text", "lead_unit", "partner_units", "due_date", "recurring",
                      "reporting_period", "target", "links", "source"})


def _split(text: str | None) -> tuple[str, ...]:
    return tuple(p.strip() for p in (text or "").split(";") if p.strip())


def _link_order(link) -> tuple:
    return (link[0], link[1] or "")


def _task(r, links) -> Task:
    """A Task from a `_TASK_SELECT` row and its (index_code, indicator_code) links."""
    return Task(task_id=r[0], province_code=r[1], text=r[2], lead_unit=r[3], partner_units=_split(r[4]),
                due_date=_as_date(r[5]), recurring=bool(r[6]), reporting_period=r[7], target=r[8],
                status=r[9], progress_note=r[10], version=int(r[11]), updated_by=r[12], updated_at=r[13],
                links=tuple(sorted((tuple(l) for l in links), key=_link_order)), plan_id=r[14],
                plan_number=r[15], plan_issuer=r[16], plan_issued_date=_as_date(r[17]), source=r[18],
                completed_at=_as_date(r[19]))


def _remember(tx, task_id: str, task: Task | None) -> None:
    """Keep (or, with None, drop) this process's copy of a task; see `TaskStore._get`."""
    if tx.session is not None:
        if task is None:
            tx.session.pop(("task", task_id), None)
        else:
            tx.session[("task", task_id)] = task


def _json(task: Task | None) -> str | None:
    return None if task is None else json.dumps(task.snapshot(), ensure_ascii=False, sort_keys=True)


def _as_date(value) -> dt.date | None:
    if value is None or isinstance(value, dt.date) and not isinstance(value, dt.datetime):
        return value
    return value.date() if isinstance(value, dt.datetime) else dt.date.fromisoformat(str(value)[:10])


def descendants(index_code: str, indicator_code: str) -> set[str]:
    """The indicator and every component below it in the catalog (D2 -> D2, D2_POVERTY, ...)."""
    found, frontier = {indicator_code}, [indicator_code]
    periods = catalog.indicator_periods()
    while frontier:
        parent = frontier.pop()
        for p in periods:
            if p.index_code == index_code and p.parent_code == parent and p.indicator_code not in found:
                found.add(p.indicator_code)
                frontier.append(p.indicator_code)
    return found


def _link_clause(index_code: str, indicator_code: str | None, include_broader: bool) -> tuple[str, list]:
    """SQL condition on task_links `l` for tasks serving (index, indicator): links to it and to its
    sub-components; with include_broader also to the components above it and the whole index."""
    if not indicator_code:
        return "l.index_code = ?", [index_code]
    codes = descendants(index_code, indicator_code)
    if include_broader:
        codes |= ancestors(index_code, indicator_code)
    codes = sorted(codes)
    clause = f"l.index_code = ? AND (l.indicator_code IN ({', '.join('?' for _ in codes)})"
    # and the criteria of a province's scorecard below it (F3 -> F3.2, F3.2.1: codes from its tree)
    clause += " OR l.indicator_code LIKE ?"
    clause += " OR l.indicator_code IS NULL)" if include_broader else ")"
    return clause, [index_code, *codes, f"{indicator_code}.%"]


def ancestors(index_code: str, indicator_code: str) -> set[str]:
    """The components above an indicator (D2_POVERTY -> D2, TOTAL)."""
    parents = {(p.index_code, p.indicator_code): p.parent_code for p in catalog.indicator_periods()}
    out, code = set(), parents.get((index_code, indicator_code)) or tree_parent(indicator_code)
    while code and code not in out:
        out.add(code)
        code = parents.get((index_code, code)) or tree_parent(code)  # a scorecard's F3.2.1 -> F3.2 -> F3
    return out


def quarter_bounds(year: int, quarter: int) -> tuple[dt.date, dt.date]:
    if quarter not in (1, 2, 3, 4):
        raise InputError("quý phải là 1, 2, 3 hoặc 4", value=quarter)
    start = dt.date(year, 3 * quarter - 2, 1)
    end = dt.date(year + (quarter == 4), 1 if quarter == 4 else 3 * quarter + 1, 1) - dt.timedelta(days=1)
    return start, end


def month_bounds(day: dt.date) -> tuple[dt.date, dt.date]:
    start = day.replace(day=1)
    end = (start + dt.timedelta(days=32)).replace(day=1) - dt.timedelta(days=1)
    return start, end


class TaskStore:
    """One task store (a DuckDB file or a PostgreSQL database). Cheap to create; holds no connection."""

    def __init__(self, url: str | Path | None = None):
        self.url = str(url or paths.default_tasks_url())
        self.backend = backend_for(self.url)
        schema.create(self.backend)

    @property
    def kind(self) -> str:
        return self.backend.kind

    def describe(self) -> str:
        return self.backend.describe()

    # ------------------------------------------------------------ reading (one transaction each)

    def _tasks(self, tx, where: str = "", params=()) -> list[Task]:
        rows = tx.rows(f"{_TASK_SELECT} {where} ORDER BY t.due_date, t.task_id", params)
        if not rows:
            return []
        ids = [r[0] for r in rows]
        links: dict[str, list] = {}
        # One query for all links of these tasks (never one per task).
        marks = ", ".join("?" for _ in ids)
        for task_id, index_code, indicator_code in tx.rows(
                f"SELECT task_id, index_code, indicator_code FROM task_links WHERE task_id IN ({marks})", ids):
            links.setdefault(task_id, []).append((index_code, indicator_code))
        return [_task(r, links.get(r[0], [])) for r in rows]

    def _get(self, tx, task_id: str, *, cached: bool = False) -> Task | None:
        """One task and its links in ONE query. With `cached`, the copy this process last read or
        wrote while holding the DuckDB file, if any: no other process can have written since (they
        need the file, and the session is dropped when the connection is handed over or a
        transaction fails), so a read-then-save pays for the read once."""
        key = ("task", task_id)
        if cached and tx.session is not None and key in tx.session:
            return tx.session[key]
        rows = tx.rows(f"SELECT s.*, l.index_code, l.indicator_code FROM ({_TASK_SELECT} WHERE t.task_id = ?) s "
                       "LEFT JOIN task_links l ON l.task_id = s.task_id", [task_id])
        task = _task(rows[0][:-2], [r[-2:] for r in rows if r[-2] is not None]) if rows else None
        _remember(tx, task_id, task)
        return task

    def get_task(self, user: User, task_id: str) -> Task:
        """The task, if the user may read it. Another province's task and a missing one get the same
        TaskNotFound, so ids cannot be probed across provinces."""
        auth.require_read(user, user.province_code if user else "")
        task = (self.backend.run(lambda tx: self._get(tx, task_id, cached=True), write=False)
                if _plausible_id(task_id) else None)
        return _visible(user, task, task_id)

    def list_tasks(self, user: User, province_code: str, *, unit: str | None = None,
                   status: str | Iterable[str] | None = None, index_code: str | None = None,
                   indicator_code: str | None = None, include_broader: bool = False, overdue: bool = False,
                   due_this_month: bool = False, plan_id: str | None = None,
                   today: dt.date | None = None) -> list[Task]:
        """Tasks of one province, filtered. An indicator filter includes its sub-components, and with
        `include_broader` the tasks linked to a component above it or to the whole index (what the
        Điểm yếu page lists under a weak component); `overdue` = past deadline and not done;
        `due_this_month` = deadline this month, not done."""
        auth.require_read(user, province_code)
        today = today or today_vn()
        where, params = ["t.province_code = ?"], [province_code]
        if unit:
            where.append("t.lead_unit = ?")
            params.append(unit)
        if status:
            statuses = [status] if isinstance(status, str) else list(status)
            where.append(f"t.status IN ({', '.join('?' for _ in statuses)})")
            params += statuses
        if plan_id:
            where.append("t.plan_id = ?")
            params.append(plan_id)
        if index_code:
            link_where, link_params = _link_clause(index_code, indicator_code, include_broader)
            where.append(f"EXISTS (SELECT 1 FROM task_links l WHERE l.task_id = t.task_id AND {link_where})")
            params += link_params
        if overdue:
            where.append("t.due_date < ? AND t.status <> 'done'")
            params.append(today)
        if due_this_month:
            start, end = month_bounds(today)
            where.append("t.due_date BETWEEN ? AND ? AND t.status <> 'done'")
            params += [start, end]
        return self.backend.run(lambda tx: self._tasks(tx, "WHERE " + " AND ".join(where), params), write=False)

    def tasks_for_indicators(self, user: User, province_code: str,
                             pairs: Iterable[tuple[str, str | None]], *, include_broader: bool = False) -> list[Task]:
        """Tasks linked to any of the (index, indicator) pairs (indicator None = the whole index).
        A pair matches links to it and to its sub-components; with include_broader, also links to
        the components above it and to the whole index (broader tasks that also serve it)."""
        auth.require_read(user, province_code)
        clauses, params = [], []
        for index_code, indicator_code in pairs:
            clause, clause_params = _link_clause(index_code, indicator_code, include_broader)
            clauses.append(clause)
            params += clause_params
        if not clauses:
            return []
        where = ("WHERE t.province_code = ? AND EXISTS (SELECT 1 FROM task_links l WHERE l.task_id = t.task_id AND ("
                 + " OR ".join(f"({c})" for c in clauses) + "))")
        return self.backend.run(lambda tx: self._tasks(tx, where, [province_code, *params]), write=False)

    def units(self, user: User, province_code: str) -> list[str]:
        auth.require_read(user, province_code)
        rows = self.backend.run(lambda tx: tx.rows(
            "SELECT DISTINCT lead_unit FROM tasks WHERE province_code = ? ORDER BY lead_unit", [province_code]),
            write=False)
        return [r[0] for r in rows]

    def plans(self, user: User, province_code: str) -> list[Plan]:
        auth.require_read(user, province_code)
        rows = self.backend.run(lambda tx: tx.rows(
            "SELECT plan_id, province_code, issuer, number, issued_date, indices, source_document, created_at, "
            "created_by FROM plans WHERE province_code = ? ORDER BY issued_date, plan_id", [province_code]),
            write=False)
        return [Plan(r[0], r[1], r[2], r[3], _as_date(r[4]), r[5], r[6], r[7], r[8]) for r in rows]

    def unit_summary(self, user: User, province_code: str, year: int, quarter: int,
                     today: dt.date | None = None) -> list[UnitSummary]:
        """Per lead unit, the deadlines falling in the quarter: done (on time / late), overdue, not yet due.
        `done_on_time + done_late` may be below `done` for tasks imported already done (date unknown)."""
        auth.require_read(user, province_code)
        start, end = quarter_bounds(year, quarter)
        today = today or today_vn()
        in_q = "NOT t.recurring AND t.due_date BETWEEN ? AND ?"
        sql = f"""
            SELECT t.lead_unit,
                   SUM(CASE WHEN {in_q} THEN 1 ELSE 0 END),
                   SUM(CASE WHEN {in_q} AND t.status = 'done' THEN 1 ELSE 0 END),
                   SUM(CASE WHEN {in_q} AND t.status = 'done' AND t.completed_at <= t.due_date THEN 1 ELSE 0 END),
                   SUM(CASE WHEN {in_q} AND t.status = 'done' AND t.completed_at > t.due_date THEN 1 ELSE 0 END),
                   SUM(CASE WHEN {in_q} AND t.status <> 'done' AND t.due_date < ? THEN 1 ELSE 0 END),
                   SUM(CASE WHEN {in_q} AND t.status <> 'done' AND t.due_date >= ? THEN 1 ELSE 0 END),
                   SUM(CASE WHEN t.recurring THEN 1 ELSE 0 END)
            FROM tasks t WHERE t.province_code = ? GROUP BY t.lead_unit ORDER BY t.lead_unit"""
        params = [start, end] * 5 + [today] + [start, end] + [today, province_code]
        rows = self.backend.run(lambda tx: tx.rows(sql, params), write=False)
        out = [UnitSummary(r[0], *(int(v or 0) for v in r[1:])) for r in rows]
        return [s for s in out if s.due or s.recurring]

    def audit_log(self, user: User, province_code: str, task_id: str | None = None,
                  limit: int = 500) -> list[AuditEntry]:
        """Newest first. Province admins only: it shows every unit's edits."""
        auth.require_admin(user, province_code, "xem nhật ký thay đổi")
        where, params = "WHERE province_code = ?", [province_code]
        if task_id:
            where += " AND task_id = ?"
            params.append(task_id)
        rows = self.backend.run(lambda tx: tx.rows(
            f'SELECT id, task_id, province_code, actor, "at", action, before_json, after_json FROM audit_log '
            f'{where} ORDER BY "at" DESC, id DESC LIMIT ?', [*params, int(limit)]), write=False)
        return [AuditEntry(int(r[0]), r[1], r[2], r[3], r[4], r[5], json.loads(r[6]) if r[6] else None,
                           json.loads(r[7]) if r[7] else None) for r in rows]

    # ------------------------------------------------------------ writing

    def _audit(self, tx, task_id: str, province_code: str, actor: str, at: dt.datetime, action: str,
               before: Task | None, after: Task | None) -> None:
        audit.append(tx, task_id=task_id, province_code=province_code, actor=actor, at=at, action=action,
                     before_json=_json(before), after_json=_json(after))

    # ------------------------------------------------------------ sign-in attempts (chiso.auth.SignInThrottle)

    def record_sign_in(self, username: str, address: str, action: str, province_code: str = "") -> None:
        """A failed sign-in, a lockout or a success, audited like any change (no task: the task
        column names the client address, `sign-in:<address>`)."""
        at = now_utc()
        self.backend.run(lambda tx: self._audit(tx, f"sign-in:{address}", province_code, username, at, action,
                                                None, None))

    def sign_in_failures(self, since: dt.datetime, *, username: str | None = None,
                         address: str | None = None) -> list[dt.datetime]:
        """When the failed sign-ins since `since` happened, for one account or one client address,
        counting only those after the account's last successful sign-in."""
        if username is not None:
            sql = ('SELECT "at" FROM audit_log WHERE actor = ? AND action = ? AND "at" >= ? AND "at" > '
                   'COALESCE((SELECT max("at") FROM audit_log WHERE actor = ? AND action = ?), ?)')
            params = [username, "sign_in_failed", since, username, "sign_in", since]
        else:
            sql = 'SELECT "at" FROM audit_log WHERE task_id = ? AND action = ? AND "at" >= ?'
            params = [f"sign-in:{address}", "sign_in_failed", since]
        return [r[0] for r in self.backend.run(lambda tx: tx.rows(sql + ' ORDER BY "at"', params), write=False)]

    def _write_links(self, tx, task_id: str, links) -> None:
        _remember(tx, task_id, None)
        tx.rows("DELETE FROM task_links WHERE task_id = ?", [task_id])
        for index_code, indicator_code in links:
            tx.rows("INSERT INTO task_links (task_id, index_code, indicator_code) VALUES (?, ?, ?)",
                    [task_id, index_code, indicator_code])

    def update_task(self, user: User, task_id: str, expected_version: int, **changes) -> Task:
        """Save changes to one task, made on `expected_version` (the version the user read).

        Changes: status, progress_note (unit editors and admins); text, lead_unit, partner_units,
        due_date, recurring, reporting_period, target, links, source (admins). Raises StaleEdit
        (with `.current`, the latest task) if the task changed since; PermissionDenied by role.
        """
        unknown = set(changes) - EDITABLE
        if unknown:
            raise ChisoError(f"không sửa được trường {', '.join(sorted(unknown))}")
        changes = _clean_changes(changes)

        auth.require_read(user, user.province_code if user else "")

        def work(tx):
            audit.lock_chain(tx)
            current = _visible(user, self._get(tx, task_id, cached=True) if _plausible_id(task_id) else None,
                               task_id)
            changed = {k: v for k, v in changes.items() if getattr(current, k) != v}
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
                latest = self._get(tx, task_id)
                if latest is None:  # seen once under load on DuckDB: read again rather than crash
                    raise Conflict(f"task {task_id} not visible after a refused update")
                raise StaleEdit(latest, int(expected_version))
            if "links" in changed:
                self._write_links(tx, task_id, new.links)
            self._audit(tx, task_id, current.province_code, user.username, now, "update", current, new)
            _remember(tx, task_id, new)
            return new

        return self.backend.run(work)

    def delete_task(self, user: User, task_id: str, expected_version: int) -> None:
        auth.require_read(user, user.province_code if user else "")

        def work(tx):
            audit.lock_chain(tx)
            current = _visible(user, self._get(tx, task_id) if _plausible_id(task_id) else None, task_id)
            auth.require_admin(user, current.province_code, "xoá nhiệm vụ")
            if current.version != int(expected_version):
                raise StaleEdit(current, int(expected_version))
            if not tx.changed("DELETE FROM tasks WHERE task_id = ? AND version = ?", [task_id, current.version]):
                raise StaleEdit(self._get(tx, task_id), int(expected_version))
            tx.rows("DELETE FROM task_links WHERE task_id = ?", [task_id])
            _remember(tx, task_id, None)
            self._audit(tx, task_id, current.province_code, user.username, now_utc(), "delete", current, None)
        self.backend.run(work)

    def create_task(self, user: User, province_code: str, draft: TaskDraft) -> Task:
        result = self.import_drafts(user, province_code, [draft], "tạo mới")
        return self.get_task(user, result.task_ids[0])

    def import_rows(self, user: User, province_code: str, rows: list[dict],
                    source_name: str = "danh sách nhiệm vụ") -> ImportResult:
        """Import template rows (dicts keyed by the template headers, e.g. the plan parser's output)."""
        auth.require_admin(user, province_code, "nhập nhiệm vụ")
        return self.import_drafts(user, province_code, template.drafts_from_rows(rows, source_name), source_name)

    def import_file(self, user: User, province_code: str, filename: str, data: bytes) -> ImportResult:
        """Import an uploaded .csv/.xlsx in the task template: all rows or none."""
        auth.require_admin(user, province_code, "nhập nhiệm vụ")
        name = Path(filename).name
        return self.import_drafts(user, province_code, template.drafts_from_rows(
            template.read_file(name, data), name), name)

    def import_drafts(self, user: User, province_code: str, drafts: list[TaskDraft],
                      source_name: str = "danh sách nhiệm vụ") -> ImportResult:
        """Write validated drafts in ONE transaction. A draft with an existing `task_id` of this
        province updates that task (only the fields that differ; audited); a new id creates it.
        An id belonging to another province rejects the whole import."""
        auth.require_admin(user, province_code, "nhập nhiệm vụ")

        def work(tx):
            audit.lock_chain(tx)
            now, created, updated, plans_created, ids = now_utc(), 0, 0, 0, []
            plan_ids: dict[tuple, str] = {}
            problems = []
            for d in drafts:
                if d.task_id and not _own_id(d.task_id, province_code, tx):
                    # The same words whether the id exists elsewhere or not: nothing to probe.
                    problems.append(InputError(
                        _("task id not of this province (ids look like NV-{province}-00012; leave the cell "
                          "blank for a new task)", province=province_code),
                        file=source_name, row=d.row, column=template.TASK_ID, value=d.task_id))
            if problems:
                raise template.TemplateRejected(source_name, problems)
            for d in drafts:
                plan_id = None
                key = (d.plan_number, d.plan_issuer, d.plan_issued_date)
                if any(key):
                    if key not in plan_ids:
                        plan_ids[key], new_plan = self._plan_for(tx, user, province_code, d, drafts, now)
                        plans_created += new_plan
                    plan_id = plan_ids[key]
                current = self._get(tx, d.task_id) if d.task_id else None
                if current is None:
                    task_id = d.task_id or self._new_task_id(tx, province_code)
                    tx.rows(
                        "INSERT INTO tasks (task_id, plan_id, province_code, text, lead_unit, partner_units, due_date, "
                        "recurring, reporting_period, target, status, progress_note, version, updated_by, updated_at, "
                        "source, completed_at, created_at, created_by) "
                        "VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, 1, ?, ?, ?, NULL, ?, ?)",
                        [task_id, plan_id, province_code, d.text, d.lead_unit, "; ".join(d.partner_units), d.due_date,
                         d.recurring, d.reporting_period, d.target, d.status, d.progress_note, user.username, now,
                         d.source, now, user.username])
                    self._write_links(tx, task_id, d.links)
                    self._audit(tx, task_id, province_code, user.username, now, "import_create", None,
                                self._get(tx, task_id))
                    created += 1
                else:
                    task_id = current.task_id
                    wanted = {"text": d.text, "lead_unit": d.lead_unit, "partner_units": d.partner_units,
                              "due_date": d.due_date, "recurring": d.recurring,
                              "reporting_period": d.reporting_period, "target": d.target, "status": d.status,
                              "progress_note": d.progress_note, "source": d.source,
                              "links": tuple(sorted(d.links, key=_link_order)), "plan_id": plan_id}
                    changed = {k: v for k, v in wanted.items() if getattr(current, k) != v}
                    if changed:
                        refusal = _version_refusal(d, current, source_name)
                        if refusal is None and not self._import_update(tx, user, d, current, plan_id, now):
                            refusal = _version_refusal(d, self._get(tx, task_id) or current, source_name)
                        if refusal is not None:
                            problems.append(refusal)
                            continue
                        if "links" in changed:
                            self._write_links(tx, task_id, d.links)
                        self._audit(tx, task_id, province_code, user.username, now, "import_update", current,
                                    self._get(tx, task_id))
                        updated += 1
                ids.append(task_id)
            if problems:  # the transaction is rolled back: all rows or none
                raise template.TemplateRejected(source_name, problems)
            return ImportResult(created, updated, plans_created, tuple(ids))

        return self.backend.run(work)

    @staticmethod
    def _import_update(tx, user: User, d: TaskDraft, current: Task, plan_id, now) -> bool:
        """The guarded UPDATE of an import row; False if someone saved the task in between."""
        completed = current.completed_at
        if d.status != current.status:
            completed = today_vn() if d.status == DONE else None
        _remember(tx, current.task_id, None)
        return bool(tx.changed(
            "UPDATE tasks SET plan_id = ?, text = ?, lead_unit = ?, partner_units = ?, due_date = ?, "
            "recurring = ?, reporting_period = ?, target = ?, status = ?, progress_note = ?, "
            "source = ?, completed_at = ?, version = version + 1, updated_by = ?, updated_at = ? "
            "WHERE task_id = ? AND version = ?",
            [plan_id, d.text, d.lead_unit, "; ".join(d.partner_units), d.due_date, d.recurring,
             d.reporting_period, d.target, d.status, d.progress_note, d.source, completed,
             user.username, now, current.task_id, current.version]))

    def _plan_for(self, tx, user: User, province_code: str, draft: TaskDraft, drafts, now) -> tuple[str, int]:
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

    def _new_task_id(self, tx, province_code: str) -> str:
        while True:
            number = int(tx.one("SELECT nextval('task_id_seq')")[0])
            task_id = f"NV-{province_code}-{number:05d}"
            if not tx.one("SELECT 1 FROM tasks WHERE task_id = ?", [task_id]):
                return task_id

    # ------------------------------------------------------------ export

    def export_xlsx(self, user: User, province_code: str, **filters) -> bytes:
        """The province's tasks (filtered like list_tasks) as an .xlsx in the import template."""
        return template.write_xlsx(self.list_tasks(user, province_code, **filters))


# Task ids the store hands out: NV-<province code>-<number>. Only these are looked up or imported,
# so a path (`../../etc/passwd`) or another province's prefix never reaches a query or a row.
TASK_ID_FORMAT = re.compile(r"NV-(\d{2})-(\d{1,9})")


def _plausible_id(task_id) -> bool:
    return isinstance(task_id, str) and TASK_ID_FORMAT.fullmatch(task_id) is not None


def _own_id(task_id: str, province_code: str, tx) -> bool:
    found = TASK_ID_FORMAT.fullmatch(task_id)
    if not found or found.group(1) != province_code:
        return False
    owner = tx.one("SELECT province_code FROM tasks WHERE task_id = ?", [task_id])
    return owner is None or owner[0] == province_code


def _visible(user: User, task: Task | None, task_id) -> Task:
    """The task if the user's province may see it; otherwise the same TaskNotFound as a missing id."""
    if task is None or not auth.can_read(user, task.province_code):
        raise TaskNotFound("No task with id {task_id}", task_id=str(task_id)[:60])
    return task


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


def _clean_changes(changes: dict) -> dict:
    out = dict(changes)
    if "status" in out and out["status"] not in STATUSES:
        raise InputError("trạng thái không hợp lệ", column=template.STATUS, value=out["status"])
    if "reporting_period" in out and out["reporting_period"] not in (None, *PERIOD_LABELS):
        raise InputError("kỳ báo cáo không hợp lệ", column=template.PERIOD, value=out["reporting_period"])
    for key in ("progress_note", "target", "source", "reporting_period"):
        if key in out:
            out[key] = (str(out[key]).strip() or None) if out[key] is not None else None
    for key in ("text", "lead_unit"):
        if key in out and not str(out[key] or "").strip():
            raise InputError("không được để trống", column=template.TEXT if key == "text" else template.LEAD_UNIT)
    if "partner_units" in out:
        value = out["partner_units"]
        out["partner_units"] = _split(value) if isinstance(value, str) else tuple(value or ())
    if "due_date" in out:
        out["due_date"] = _as_date(out["due_date"])
    if "links" in out:
        value = out["links"]
        if isinstance(value, str):
            links, problems = template.parse_links(value)
            if problems:
                raise InputError("; ".join(problems), column=template.LINKS, value=value)
            value = links
        out["links"] = tuple(sorted((tuple(v) for v in value), key=_link_order))
    if "recurring" in out:
        out["recurring"] = bool(out["recurring"])
        if out["recurring"]:
            out["due_date"] = None
    return out


def open_store(url: str | Path | None = None) -> TaskStore:
    """The task store at `url` (a DuckDB path or `postgresql://...`); default `paths.default_tasks_url()`."""
    return TaskStore(url)
