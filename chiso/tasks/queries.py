"""Reading the task store: tasks by filter and by the indicators they serve, units, plans, the
quarter's per-unit summary, the audit log, sign-in failures, the export. Each read is one unit of
work without a transaction (`write=False`) and checks the acting user first.

`TaskReads` is one half of `store.TaskStore` (the saves and imports are the rest); it needs only
`self.backend`.
"""
from __future__ import annotations

import datetime as dt
import json
from typing import Iterable

from chiso import auth, catalog
from chiso.auth import User
from chiso.errors import InputError
from chiso.i18n import N_
from chiso.results.codes import tree_parent
from chiso.tasks import stored, template
from chiso.tasks.model import AuditEntry, Plan, Task, UnitSummary, today_vn
from chiso.tasks.units import merged_into, names_of_body, one_name


def link_clause(index_code: str, indicator_code: str | None, include_broader: bool) -> tuple[str, list]:
    """SQL condition on task_links `l` for tasks serving (index, indicator): links to it and to its
    sub-components; with include_broader also to the components above it and the whole index."""
    if not indicator_code:
        return "l.index_code = ?", [index_code]
    codes = catalog.descendants(index_code, indicator_code)
    if include_broader:
        codes |= set(catalog.ancestors(index_code, indicator_code, fallback=tree_parent))
    codes = sorted(codes)
    clause = f"l.index_code = ? AND (l.indicator_code IN ({', '.join('?' for _ in codes)})"
    # and the criteria of a province's scorecard below it (F3 -> F3.2, F3.2.1: codes from its tree)
    clause += " OR l.indicator_code LIKE ?"
    clause += " OR l.indicator_code IS NULL)" if include_broader else ")"
    return clause, [index_code, *codes, f"{indicator_code}.%"]


def quarter_bounds(year: int, quarter: int) -> tuple[dt.date, dt.date]:
    if quarter not in (1, 2, 3, 4):
        raise InputError(N_("the quarter is 1, 2, 3 or 4"), value=quarter)
    start = dt.date(year, 3 * quarter - 2, 1)
    end = dt.date(year + (quarter == 4), 1 if quarter == 4 else 3 * quarter + 1, 1) - dt.timedelta(days=1)
    return start, end


def month_bounds(day: dt.date) -> tuple[dt.date, dt.date]:
    start = day.replace(day=1)
    end = (start + dt.timedelta(days=32)).replace(day=1) - dt.timedelta(days=1)
    return start, end


def _allowed(user: User, province_code: str | Iterable[str], require=auth.require_read) -> list[str]:
    """One province's code, or the codes of several (a merged province's department reads the plans
    of every province it was formed from, in one list), each checked against the user's rights."""
    provinces = [province_code] if isinstance(province_code, str) else list(province_code)
    for code in provinces:
        require(user, code)
    return provinces


def _in(column: str, values: list) -> str:
    return f"{column} IN ({', '.join('?' for _ in values)})" if values else "false"


class TaskReads:
    """The store's reads (mixed into `store.TaskStore`). `province_code` is one code or several."""

    def _read(self, sql: str, params) -> list[tuple]:
        return self.backend.run(lambda tx: tx.rows(sql, params), write=False)

    def get_task(self, user: User, task_id: str) -> Task:
        """The task, if the user may read it. Another province's task and a missing one get the same
        TaskNotFound, so ids cannot be probed across provinces."""
        auth.require_read(user, user.province_code if user else "")
        return self.backend.run(lambda tx: stored.get_visible(tx, user, task_id, cached=True), write=False)

    def list_tasks(self, user: User, province_code: str | Iterable[str], *, unit: str | None = None,
                   status: str | Iterable[str] | None = None, index_code: str | None = None,
                   indicator_code: str | None = None, include_broader: bool = False, overdue: bool = False,
                   due_this_month: bool = False, plan_id: str | None = None,
                   today: dt.date | None = None) -> list[Task]:
        """Tasks of one province, filtered. An indicator filter includes its sub-components, and with
        `include_broader` the tasks linked to a component above it or to the whole index (what the
        Điểm yếu page lists under a weak component); `overdue` = past deadline and not done;
        `due_this_month` = deadline this month, not done. Several provinces: one list, by deadline."""
        provinces = _allowed(user, province_code)
        today = today or today_vn()
        statuses = [status] if isinstance(status, str) else list(status or ())
        # a unit by any of its names, and the bodies merged into it
        answered = [*names_of_body(unit), *merged_into(unit, today)] if unit else []
        link_where, link_params = link_clause(index_code, indicator_code, include_broader) if index_code else ("", [])
        # (condition, its parameters, whether the caller asked for it)
        filters = [
            (_in("t.province_code", provinces), provinces, True),
            (_in("t.lead_unit", answered), answered, bool(unit)),
            (_in("t.status", statuses), statuses, bool(statuses)),
            ("t.plan_id = ?", [plan_id], bool(plan_id)),
            (f"EXISTS (SELECT 1 FROM task_links l WHERE l.task_id = t.task_id AND {link_where})", link_params,
             bool(index_code)),
            ("t.due_date < ? AND t.status <> 'done'", [today], overdue),
            ("t.due_date BETWEEN ? AND ? AND t.status <> 'done'", list(month_bounds(today)), due_this_month),
        ]
        where = [condition for condition, _, asked in filters if asked]
        params = [value for _, values, asked in filters if asked for value in values]
        return self.backend.run(lambda tx: stored.select_tasks(tx, "WHERE " + " AND ".join(where), params),
                                write=False)

    def tasks_for_indicators(self, user: User, province_code: str,
                             pairs: Iterable[tuple[str, str | None]], *, include_broader: bool = False) -> list[Task]:
        """Tasks linked to any of the (index, indicator) pairs (indicator None = the whole index).
        A pair matches links to it and to its sub-components; with include_broader, also links to
        the components above it and to the whole index (broader tasks that also serve it)."""
        auth.require_read(user, province_code)
        clauses, params = [], []
        for index_code, indicator_code in pairs:
            clause, clause_params = link_clause(index_code, indicator_code, include_broader)
            clauses.append(clause)
            params += clause_params
        if not clauses:
            return []
        where = ("WHERE t.province_code = ? AND EXISTS (SELECT 1 FROM task_links l WHERE l.task_id = t.task_id AND ("
                 + " OR ".join(f"({c})" for c in clauses) + "))")
        return self.backend.run(lambda tx: stored.select_tasks(tx, where, [province_code, *params]), write=False)

    def units(self, user: User, province_code: str | Iterable[str]) -> list[str]:
        provinces = _allowed(user, province_code)
        found = self._read(f"SELECT DISTINCT lead_unit FROM tasks WHERE {_in('province_code', provinces)} "
                           "ORDER BY lead_unit", provinces)
        return sorted({one_name(r[0]) for r in found})  # a body saved under two names is one unit

    def plans(self, user: User, province_code: str | Iterable[str]) -> list[Plan]:
        provinces = _allowed(user, province_code)
        found = self._read("SELECT plan_id, province_code, issuer, number, issued_date, indices, source_document, "
                           f"created_at, created_by FROM plans WHERE {_in('province_code', provinces)} "
                           "ORDER BY issued_date, plan_id", provinces)
        return [Plan(r[0], r[1], r[2], r[3], stored.as_date(r[4]), r[5], r[6], r[7], r[8]) for r in found]

    def unit_summary(self, user: User, province_code: str, year: int, quarter: int,
                     today: dt.date | None = None, plan_id: str | None = None) -> list[UnitSummary]:
        """Per lead unit, the deadlines falling in the quarter: done (on time / late), overdue, not yet due;
        its recurring tasks; and its tasks due before the quarter, not done (the report carries them over).
        `done_on_time + done_late` may be below `done` for tasks imported already done (date unknown).
        `plan_id`: that plan's tasks only, as the report of one plan."""
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
                   SUM(CASE WHEN t.recurring THEN 1 ELSE 0 END),
                   SUM(CASE WHEN NOT t.recurring AND t.due_date < ? AND t.status <> 'done' THEN 1 ELSE 0 END)
            FROM tasks t WHERE t.province_code = ? {"AND t.plan_id = ?" if plan_id else ""}
            GROUP BY t.lead_unit ORDER BY t.lead_unit"""
        params = [start, end] * 5 + [today] + [start, end] + [today, start, province_code] + ([plan_id] if plan_id else [])
        counts: dict[str, list[int]] = {}
        for r in self._read(sql, params):  # a body saved under two names is one row (`one_name`)
            unit_counts = counts.setdefault(one_name(r[0]), [0] * (len(r) - 1))
            unit_counts[:] = [a + int(v or 0) for a, v in zip(unit_counts, r[1:])]
        out = [UnitSummary(unit, *values) for unit, values in sorted(counts.items())]
        return [s for s in out if s.due or s.recurring or s.earlier_not_done]

    def audit_log(self, user: User, province_code: str | Iterable[str], task_id: str | None = None,
                  limit: int = 500, *, accounts: bool = False) -> list[AuditEntry]:
        """Newest first (the newest `limit` of every province asked). Province admins only: it shows
        every unit's edits. `accounts`: only the changes of the province's accounts (their rows name
        `account:<name>`)."""
        provinces = _allowed(user, province_code, lambda u, code: auth.require_admin(u, code, N_("see the change log")))
        where, params = f"WHERE {_in('province_code', provinces)}", list(provinces)
        if task_id:
            where += " AND task_id = ?"
            params.append(task_id)
        if accounts:
            where += " AND task_id LIKE ?"
            params.append("account:%")
        found = self._read(f'SELECT id, task_id, province_code, actor, "at", action, before_json, after_json '
                           f'FROM audit_log {where} ORDER BY "at" DESC, id DESC LIMIT ?', [*params, int(limit)])
        return [AuditEntry(int(r[0]), r[1], r[2], r[3], r[4], r[5], json.loads(r[6]) if r[6] else None,
                           json.loads(r[7]) if r[7] else None) for r in found]


    def sign_in_failures(self, since: dt.datetime, *, username: str | None = None,
                         address: str | None = None) -> list[dt.datetime]:
        """When the failed sign-ins since `since` happened, for one account or one client address,
        counting only those after the account's last successful sign-in (for chiso.signin.SignInThrottle)."""
        if username is not None:
            sql = ('SELECT "at" FROM audit_log WHERE actor = ? AND action = ? AND "at" >= ? AND "at" > '
                   'COALESCE((SELECT max("at") FROM audit_log WHERE actor = ? AND action = ?), ?)')
            params = [username, "sign_in_failed", since, username, "sign_in", since]
        else:
            sql = 'SELECT "at" FROM audit_log WHERE task_id = ? AND action = ? AND "at" >= ?'
            params = [f"sign-in:{address}", "sign_in_failed", since]
        return [r[0] for r in self._read(sql + ' ORDER BY "at"', params)]

    def export_xlsx(self, user: User, province_code: str, **filters) -> bytes:
        """The province's tasks (filtered like list_tasks) as an .xlsx in the import template."""
        return template.write_xlsx(self.list_tasks(user, province_code, **filters))
