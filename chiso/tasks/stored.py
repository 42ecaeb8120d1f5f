"""A task as the tables hold it: the SELECT that reads it back as a `Task`, its links, its audit
snapshot, the id format, and this process's copy of the last task it read or wrote.

Functions here take an open transaction (`backends.Tx`) and check no role: the store's public
methods (`store`, `queries`, `imports`) check the acting user first, then call these.
"""
from __future__ import annotations

import datetime as dt
import json
import re

from chiso import audit, auth
from chiso.auth import User
from chiso.tasks.model import Task, TaskNotFound
from chiso.tasks.units import catalog_units

TASK_SELECT = """
    SELECT t.task_id, t.province_code, t.text, t.lead_unit, t.partner_units, t.due_date, t.recurring,
           t.reporting_period, t.target, t.status, t.progress_note, t.version, t.updated_by, t.updated_at,
           t.plan_id, p.number, p.issuer, p.issued_date, t.source, t.completed_at
    FROM tasks t LEFT JOIN plans p ON p.plan_id = t.plan_id"""

# Task ids the store hands out: NV-<province code>-<number>. Only these are looked up or imported,
# so a path (`../../etc/passwd`) or another province's prefix never reaches a query or a row.
TASK_ID_FORMAT = re.compile(r"NV-(\d{2})-(\d{1,9})")


def split_units(text: str | None) -> tuple[str, ...]:
    return tuple(p.strip() for p in (text or "").split(";") if p.strip())


def known_units(tx, province_code: str) -> set[str]:
    """The units the province's tasks name (lead and partner) and the catalog's: the spellings a typed
    unit is read against (`model.known_spelling`)."""
    known = set(catalog_units())
    for lead, partners in tx.rows("SELECT DISTINCT lead_unit, partner_units FROM tasks WHERE province_code = ?",
                                  [province_code]):
        known.add(lead)
        known.update(split_units(partners))
    return known


def link_order(link) -> tuple:
    return (link[0], link[1] or "")


def as_date(value) -> dt.date | None:
    if value is None or isinstance(value, dt.date) and not isinstance(value, dt.datetime):
        return value
    return value.date() if isinstance(value, dt.datetime) else dt.date.fromisoformat(str(value)[:10])


def _task(r, links) -> Task:
    """A Task from a `TASK_SELECT` row and its (index_code, indicator_code) links."""
    return Task(task_id=r[0], province_code=r[1], text=r[2], lead_unit=r[3], partner_units=split_units(r[4]),
                due_date=as_date(r[5]), recurring=bool(r[6]), reporting_period=r[7], target=r[8],
                status=r[9], progress_note=r[10], version=int(r[11]), updated_by=r[12], updated_at=r[13],
                links=tuple(sorted((tuple(l) for l in links), key=link_order)), plan_id=r[14],
                plan_number=r[15], plan_issuer=r[16], plan_issued_date=as_date(r[17]), source=r[18],
                completed_at=as_date(r[19]))


def select_tasks(tx, where: str = "", params=()) -> list[Task]:
    """The tasks matching `where` (on `tasks t`), by deadline, with their links in one more query."""
    rows = tx.rows(f"{TASK_SELECT} {where} ORDER BY t.due_date, t.task_id", params)
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


def get(tx, task_id: str, *, cached: bool = False) -> Task | None:
    """One task and its links in ONE query. With `cached`, the copy this process last read or
    wrote while holding the DuckDB file, if any: no other process can have written since (they
    need the file, and the session is dropped when the connection is handed over or a
    transaction fails), so a read-then-save pays for the read once."""
    key = ("task", task_id)
    if cached and tx.session is not None and key in tx.session:
        return tx.session[key]
    rows = tx.rows(f"SELECT s.*, l.index_code, l.indicator_code FROM ({TASK_SELECT} WHERE t.task_id = ?) s "
                   "LEFT JOIN task_links l ON l.task_id = s.task_id", [task_id])
    task = _task(rows[0][:-2], [r[-2:] for r in rows if r[-2] is not None]) if rows else None
    remember(tx, task_id, task)
    return task


def remember(tx, task_id: str, task: Task | None) -> None:
    """Keep (or, with None, drop) this process's copy of a task; see `get`."""
    if tx.session is not None:
        if task is None:
            tx.session.pop(("task", task_id), None)
        else:
            tx.session[("task", task_id)] = task


def write_links(tx, task_id: str, links) -> None:
    remember(tx, task_id, None)
    tx.rows("DELETE FROM task_links WHERE task_id = ?", [task_id])
    for index_code, indicator_code in links:
        tx.rows("INSERT INTO task_links (task_id, index_code, indicator_code) VALUES (?, ?, ?)",
                [task_id, index_code, indicator_code])


def _json(task: Task | None) -> str | None:
    return None if task is None else json.dumps(task.snapshot(), ensure_ascii=False, sort_keys=True)


def record_change(tx, task_id: str, province_code: str, actor: str, at: dt.datetime, action: str,
                  before: Task | None, after: Task | None) -> None:
    """The audit row of a change (or of an event with no task: before and after None)."""
    audit.append(tx, task_id=task_id, province_code=province_code, actor=actor, at=at, action=action,
                 before_json=_json(before), after_json=_json(after))


def plausible_id(task_id) -> bool:
    return isinstance(task_id, str) and TASK_ID_FORMAT.fullmatch(task_id) is not None


def visible(user: User, task: Task | None, task_id) -> Task:
    """The task if the user's province may see it; otherwise the same TaskNotFound as a missing id."""
    if task is None or not auth.can_read(user, task.province_code):
        raise TaskNotFound("No task with id {task_id}", task_id=str(task_id)[:60])
    return task


def get_visible(tx, user: User, task_id, *, cached: bool = False) -> Task:
    """The task with this id if it looks like one of ours and the user may read it (else TaskNotFound)."""
    return visible(user, get(tx, task_id, cached=cached) if plausible_id(task_id) else None, task_id)
