"""Which open tasks cover which component: the one "covered" rule.

A component is **covered** when at least one **open** task (status not `done`; a paused task still
owes work) is linked to the component itself or to a component above it (its dimension). Nothing
else covers it: a task on one sub-dimension does not cover the whole dimension, and a task linked
to the whole index ("Tiếp tục phổ biến, quán triệt… nâng cao Chỉ số PAPI") names no component, so
it covers none: such tasks are listed once, apart, as "nhiệm vụ chung" (`general_tasks`).

`attach(assessed, tasks)` adds `open_tasks` (how many open tasks cover the row), `covered`,
`task_ids` and `overdue_tasks` (how many of them are past their deadline) to the rows of `chiso.weakness.assess`; `links(assessed, tasks)` lists them one row per
(component, covering task), done ones included with `is_open` False. Điểm yếu, Chưa có nhiệm vụ,
the deck and `python -m chiso weak` call only these, so they cannot disagree.

`tasks` is any DataFrame shaped like the task store's `v_tasks` (TASK_COLUMNS; `tasks_frame`
makes one from `chiso.tasks.Task` objects). `tasks=None` means unknown (nobody signed in, no file):
`open_tasks` and `covered` are then missing, never "not covered".
"""
from __future__ import annotations

import pandas as pd

from chiso import catalog
from chiso.results.codes import tree_parent
from chiso.weakness import missing

TASK_COLUMNS = ["task_id", "plan_id", "province_code", "text", "lead_unit", "partner_units", "due_date",
                "recurring", "status", "index_code", "indicator_code"]  # the task store's `v_tasks`
CLOSED_STATUSES = frozenset({"done"})
# How a task's link relates to a component: the component itself, or a component above it.
SCOPES = ("exact", "parent")


def tasks_frame(tasks) -> pd.DataFrame:
    """`chiso.tasks.Task` objects as `v_tasks` rows: one per task and link (a task with no link
    keeps one row with an empty index)."""
    rows = []
    for t in tasks:
        base = {"task_id": t.task_id, "plan_id": t.plan_id, "province_code": t.province_code, "text": t.text,
                "lead_unit": t.lead_unit, "partner_units": "; ".join(t.partner_units), "due_date": t.due_date,
                "recurring": t.recurring, "status": t.status}
        for index_code, indicator_code in (t.links or ((None, None),)):
            rows.append({**base, "index_code": index_code, "indicator_code": indicator_code})
    return pd.DataFrame(rows, columns=TASK_COLUMNS)


def is_open(status) -> bool:
    return status not in CLOSED_STATUSES


def overdue(rows: pd.DataFrame, day) -> list[bool]:
    """Which task rows (TASK_COLUMNS) are overdue on `day`, by the one rule (chiso.tasks.model.past_due)."""
    from chiso.tasks.model import past_due
    return [not missing(d) and (missing(rec) or not rec) and past_due(pd.Timestamp(d).date(), s, day)
            for d, s, rec in zip(rows.due_date, rows.status, rows.recurring)]


def scope(index_code: str, component: str, linked_index, linked_indicator) -> str | None:
    """`exact` (linked to the component), `parent` (to a component above it), or None (no cover;
    index-wide links included: they are general tasks)."""
    if linked_index != index_code or missing(linked_indicator) or linked_indicator in ("", "TOTAL"):
        return None
    if linked_indicator == component:
        return "exact"
    return "parent" if linked_indicator in catalog.ancestors(index_code, component, fallback=tree_parent) else None


def links(assessed: pd.DataFrame, tasks: pd.DataFrame | None) -> pd.DataFrame:
    """One row per (component, task linked to it or to a component above it): the component's
    `index_code, indicator_code`, the task's columns, `scope`, `linked_indicator`, `is_open`.
    A task linked several ways keeps its closest scope. A task matches only the components of its own
    province, or, in an edition of the 34, of the new province it is part of (`task_provinces`)."""
    task_cols = [c for c in TASK_COLUMNS if c not in ("index_code", "indicator_code")]
    columns = ["index_code", "indicator_code"] + task_cols + ["scope", "linked_indicator", "is_open"]
    if tasks is None or tasks.empty or assessed.empty:
        return pd.DataFrame(columns=columns)
    out = []
    records = tasks.to_dict("records")
    whose: dict[tuple, tuple[str, ...]] = {}
    for comp in assessed[["index_code", "indicator_code"] + [c for c in ("province_code", "year") if c in assessed]
                         ].to_dict("records"):
        found: dict[str, dict] = {}
        key = (comp.get("province_code"), comp["index_code"], comp.get("year"))
        if key[0] and key not in whose:
            whose[key] = task_provinces(*key) if not missing(key[2]) else (key[0],)
        for t in records:
            if key[0] and t.get("province_code") and t["province_code"] not in whose[key]:
                continue
            s = scope(comp["index_code"], comp["indicator_code"], t["index_code"], t["indicator_code"])
            if s is None:
                continue
            seen = found.get(t["task_id"])
            if seen is None or SCOPES.index(s) < SCOPES.index(seen["scope"]):
                found[t["task_id"]] = {"index_code": comp["index_code"], "indicator_code": comp["indicator_code"],
                                       **{c: t.get(c) for c in task_cols}, "scope": s,
                                       "linked_indicator": t["indicator_code"], "is_open": is_open(t["status"])}
        out += sorted(found.values(), key=lambda r: (SCOPES.index(r["scope"]), str(r["due_date"]), r["task_id"]))
    return pd.DataFrame(out, columns=columns)


def attach(assessed: pd.DataFrame, tasks: pd.DataFrame | None, day=None) -> pd.DataFrame:
    """`assessed` with `open_tasks` (open tasks covering the row), `covered` (open_tasks > 0),
    `task_ids` (those tasks) and `overdue_tasks` (how many of them are overdue on `day`, default
    today in Vietnam). With `tasks=None` (unknown) the four are missing."""
    out = assessed.copy()
    if tasks is None:
        out["open_tasks"], out["covered"], out["task_ids"] = pd.NA, pd.NA, [() for _ in range(len(out))]
        out["overdue_tasks"] = pd.NA
        return out
    if day is None:
        from chiso.clock import today_vn
        day = today_vn()
    found = links(assessed, tasks)
    found = found[found.is_open.astype(bool)]
    ids = found.groupby(["index_code", "indicator_code"]).task_id.agg(lambda s: tuple(sorted(set(s))))
    late = found[overdue(found, day)] if len(found) else found
    late_ids = late.groupby(["index_code", "indicator_code"]).task_id.agg(lambda s: len(set(s)))
    out["task_ids"] = [ids.get((i, c), ()) for i, c in zip(out.index_code, out.indicator_code)]
    out["open_tasks"] = [len(t) for t in out.task_ids]
    out["covered"] = out.open_tasks > 0
    out["overdue_tasks"] = [int(late_ids.get((i, c), 0)) for i, c in zip(out.index_code, out.indicator_code)]
    return out


def uncovered(attached: pd.DataFrame) -> pd.DataFrame:
    """Weak rows no open task covers (the list Sở Nội vụ takes to the leadership meeting), in the
    assessment's order (priority first)."""
    mask = (attached.verdict == "weak") & (attached.covered.astype("boolean") == False)  # noqa: E712
    return attached[mask.fillna(False)].reset_index(drop=True)


def general_tasks(tasks: pd.DataFrame | None, index_code: str) -> pd.DataFrame:
    """Tasks linked to the whole index (no component): "nhiệm vụ chung", listed once, apart.
    One row per task; `is_open` added."""
    if tasks is None or tasks.empty:
        return pd.DataFrame(columns=TASK_COLUMNS + ["is_open"])
    rows = tasks[(tasks.index_code == index_code)
                 & (tasks.indicator_code.isna() | tasks.indicator_code.isin(["", "TOTAL"]))]
    rows = rows.drop_duplicates("task_id").sort_values(["due_date", "task_id"], na_position="last")
    return rows.assign(is_open=[is_open(s) for s in rows.status]).reset_index(drop=True)


def task_provinces(province_code: str, index_code: str | None, year: int) -> tuple[str, ...]:
    """Whose tasks may fix a weakness of `province_code` in an edition (of `index_code`, or any of the
    year): the province's own; in an edition ranking the 34 (PAR INDEX 2025, by the catalog), the new
    province's, which are those of every province it was formed from (Đồng Nai's are Bình Phước's plans'
    too). Điểm yếu, Chưa có nhiệm vụ, `chiso weak` and the deck all ask here, and `links` matches by it."""
    from chiso.names import formed_together
    year = int(year)
    province_set = catalog.edition(index_code, year).province_set if index_code else catalog.province_set_for_year(year)
    return formed_together(province_code) if str(province_set) == "34" else (province_code,)


def linked_tasks(user, provinces: str | tuple[str, ...], assessed: pd.DataFrame, store=None) -> pd.DataFrame:
    """The tasks of `provinces` (`task_provinces`) that may cover these components or are general tasks
    of their indices, as `v_tasks` rows. Reading needs a signed-in `chiso.auth.User` of those provinces
    (the store checks it and raises `chiso.auth.PermissionDenied`)."""
    from chiso.tasks import open_store
    store = store or open_store()
    pairs = sorted({(i, c) for i, c in zip(assessed.index_code, assessed.indicator_code)})
    if not pairs:
        return pd.DataFrame(columns=TASK_COLUMNS)
    # include_broader: also tasks on the components above and on the whole index.
    return tasks_frame([t for code in ([provinces] if isinstance(provinces, str) else provinces)
                        for t in store.tasks_for_indicators(user, code, pairs, include_broader=True)])
