"""Weak components of a province's index score, and the improvement tasks tied to them.

For one province, index and year this module says, for every component (PAPI dimension) and
sub-component (PAPI sub-dimension): its score and maximum, national rank and percentile, gap to
the national best and median, change since the last edition, how many editions in a row it has
fallen, and its share of the gap to the best. A component is *weak* when one of the rules in
`data/catalog/weakness_rules.csv` fires; each weak row names the rules that fired.

"Where a point counts most" (`where_a_point_counts_most`) re-ranks the province's total as if one
component were brought up to the national median (or best), all else unchanged.

Only full editions (every province assessed) can be compared nationally. For a partial edition
(PAR INDEX, SIPAS as published here) the analysis returns the published values and ranks only,
with `rankable = False` and no weakness flags: a median of the few provinces a source names
would be a made-up number.

No Streamlit here: pages, the CLI and the slide deck call these functions. Data comes only
through `chiso.scores`; tasks come from `chiso.tasks` (or any DataFrame shaped like `v_tasks`).
"""
from __future__ import annotations

import csv
import math
import operator
from dataclasses import dataclass, field
from pathlib import Path

import pandas as pd

from chiso import catalog, paths, scores

RULES_FILE = "weakness_rules.csv"

# Rule metrics: columns of the component table a rule may test (see docs/weakness.md).
RULE_METRICS = {
    "rank_share": "thứ hạng / số tỉnh được xếp hạng (1 = cuối bảng)",
    "percentile": "phần trăm số tỉnh khác có điểm thấp hơn (0–100)",
    "gap_to_median": "trung vị cả nước − điểm của tỉnh (dương = dưới trung vị)",
    "gap_to_best": "điểm cao nhất cả nước − điểm của tỉnh",
    "score_change": "thay đổi điểm so với kỳ trước (cùng giai đoạn phương pháp)",
    "rank_change": "thay đổi thứ hạng so với kỳ trước (âm = tụt hạng)",
    "score_falls_in_a_row": "số kỳ liên tiếp giảm điểm (cùng giai đoạn phương pháp)",
    "rank_falls_in_a_row": "số kỳ liên tiếp tụt hạng (cùng giai đoạn phương pháp)",
    "gap_share": "tỷ trọng trong tổng khoảng cách tới điểm cao nhất (0–1)",
}
_OPERATORS = {"<": operator.lt, "<=": operator.le, ">": operator.gt, ">=": operator.ge}

# Kinds whose rows do not add up to their parent: PAR INDEX score blocks re-cut the same total,
# and field_pct rows restate a field as a percentage. They never take part in gap shares or what-ifs.
NOT_ADDITIVE_KINDS = frozenset({"block", "field_pct"})

# A task is open until it is done (paused tasks still owe work).
CLOSED_STATUSES = frozenset({"done"})


class RulesError(ValueError):
    """A malformed rules file: the message names the file, row and column."""


# ------------------------------------------------------------------ rules

@dataclass(frozen=True)
class WeaknessRule:
    rule_id: str
    metric: str
    operator: str
    threshold: float
    label_vi: str
    label_en: str
    enabled: bool = True

    def fires(self, row) -> bool:
        """True when the row's metric passes the test; a missing metric never fires (no guessing)."""
        value = row.get(self.metric) if hasattr(row, "get") else row[self.metric]
        if value is None or (isinstance(value, float) and math.isnan(value)) or value is pd.NA:
            return False
        return bool(_OPERATORS[self.operator](float(value), self.threshold))

    def label(self, lang: str = "vi") -> str:
        return self.label_vi if lang == "vi" else self.label_en


def rules_path(catalog_dir: Path | None = None) -> Path:
    return (catalog_dir or paths.CATALOG_DIR) / RULES_FILE


def load_rules(path: Path | str | None = None) -> tuple[WeaknessRule, ...]:
    """The enabled rules of a rules file (default `data/catalog/weakness_rules.csv`)."""
    path = Path(path) if path else rules_path()
    out = []
    with open(path, encoding="utf-8", newline="") as fh:
        for line_no, r in enumerate(csv.DictReader(fh), start=2):
            def bad(column, why):
                return RulesError(f"{path.name}, dòng {line_no}, cột '{column}': {why}")
            rule_id = (r.get("rule_id") or "").strip()
            if not rule_id:
                raise bad("rule_id", "thiếu mã quy tắc")
            enabled = (r.get("enabled") or "true").strip().lower()
            if enabled not in ("true", "false"):
                raise bad("enabled", f"phải là true hoặc false, không phải '{enabled}'")
            metric = (r.get("metric") or "").strip()
            if metric not in RULE_METRICS:
                raise bad("metric", f"'{metric}' không phải chỉ tiêu đo được ({', '.join(RULE_METRICS)})")
            op = (r.get("operator") or "").strip()
            if op not in _OPERATORS:
                raise bad("operator", f"'{op}' không hợp lệ ({', '.join(_OPERATORS)})")
            try:
                threshold = float((r.get("threshold") or "").strip().replace(",", "."))
            except ValueError:
                raise bad("threshold", f"'{r.get('threshold')}' không phải số") from None
            label_vi = (r.get("label_vi") or "").strip()
            if not label_vi:
                raise bad("label_vi", "thiếu nhãn tiếng Việt")
            if enabled == "true":
                out.append(WeaknessRule(rule_id, metric, op, threshold, label_vi,
                                        (r.get("label_en") or "").strip() or label_vi))
    return tuple(out)


# ------------------------------------------------------------------ the component table

def can_rank_components(index_code: str, year: int, db=None) -> bool:
    """Components can be compared nationally only in a full edition (every province assessed)."""
    ed = scores.edition(index_code, int(year), db)
    return bool(ed) and ed["coverage"] == "full"


@dataclass
class ComponentAnalysis:
    """One province's components in one edition. `components` has one row per component."""
    index_code: str
    year: int
    province_code: str
    rankable: bool
    total: dict | None
    components: pd.DataFrame
    rules: tuple[WeaknessRule, ...] = field(default_factory=tuple)

    @property
    def note_vi(self) -> str:
        if self.rankable:
            return ""
        return ("Kỳ công bố này chỉ nêu một số tỉnh: không so sánh được các nội dung với cả nước. "
                "Chỉ hiển thị điểm và thứ hạng đã công bố.")

    @property
    def note_en(self) -> str:
        if self.rankable:
            return ""
        return ("This edition names only some provinces: components cannot be compared nationally. "
                "Only the published scores and ranks are shown.")

    @property
    def weak(self) -> pd.DataFrame:
        return weak_components(self.components)


COMPONENT_COLUMNS = [
    "index_code", "year", "province_code", "indicator_code", "parent_code", "level", "kind", "name_vi", "name_en",
    "value", "max_value", "rank", "ranked_count", "rank_source", "percentile", "rank_share",
    "national_median", "national_best", "best_province_code", "gap_to_best", "gap_to_median",
    "score_change", "rank_change", "score_falls_in_a_row", "rank_falls_in_a_row", "gap_share",
    "rules_fired", "weak", "weak_reasons_vi", "weak_reasons_en", "derived", "source", "period",
]


def component_analysis(index_code: str, year: int, province_code: str, *,
                       rules: tuple[WeaknessRule, ...] | None = None, db=None) -> ComponentAnalysis:
    """Every component and sub-component of a province's score in one edition (see module doc)."""
    year = int(year)
    rules = load_rules() if rules is None else tuple(rules)
    rankable = can_rank_components(index_code, year, db)
    mine = scores.province_scores(index_code, year, province_code, db)
    total_rows = mine[mine.indicator_code == "TOTAL"]
    total = _row_dict(total_rows.iloc[0]) if len(total_rows) else None

    if not rankable:
        # Partial edition: only what the source published for this province, nothing computed.
        published = mine[(mine.indicator_code != "TOTAL") & (mine.value.notna() | mine["rank"].notna())]
        comp = published.reindex(columns=COMPONENT_COLUMNS)
        comp["rules_fired"] = [() for _ in range(len(comp))]
        comp["weak"] = False
        comp["weak_reasons_vi"] = ""
        comp["weak_reasons_en"] = ""
        return ComponentAnalysis(index_code, year, province_code, False, total,
                                 comp.reset_index(drop=True), rules)

    comp = _catalog_components(index_code, year, province_code, mine, db)
    comp = _add_national_context(comp, index_code, year, province_code, db)
    comp = _add_falls_in_a_row(comp, index_code, year, province_code, db)
    comp["gap_share"] = _gap_shares(comp, index_code, year)
    fired = [tuple(r.rule_id for r in rules if r.fires(row)) for row in comp.to_dict("records")]
    by_id = {r.rule_id: r for r in rules}
    comp["rules_fired"] = fired
    comp["weak"] = [bool(f) for f in fired]
    comp["weak_reasons_vi"] = ["; ".join(by_id[i].label_vi for i in f) for f in fired]
    comp["weak_reasons_en"] = ["; ".join(by_id[i].label_en for i in f) for f in fired]
    comp = comp.reindex(columns=COMPONENT_COLUMNS).sort_values(["level", "indicator_code"]).reset_index(drop=True)
    return ComponentAnalysis(index_code, year, province_code, True, total, comp, rules)


def weak_components(components: pd.DataFrame) -> pd.DataFrame:
    """The weak rows, weakest first: lowest national percentile (share of other provinces scoring
    below), then the largest gap to the median, then the code (a stable order for equal rows)."""
    weak = components[components.weak.astype(bool)]
    return weak.sort_values(["percentile", "gap_to_median", "indicator_code"],
                            ascending=[True, False, True], na_position="last").reset_index(drop=True)


def _row_dict(row) -> dict:
    return {k: (None if _missing(v) else v) for k, v in row.to_dict().items()}


def _missing(v) -> bool:
    try:
        return v is None or v is pd.NA or (isinstance(v, float) and math.isnan(v))
    except TypeError:
        return False


def _catalog_components(index_code, year, province_code, mine, db) -> pd.DataFrame:
    """Every component the catalog defines for that year, with the province's row if it has one:
    a component the province lacks stays as a row whose value is missing (shown 'chưa có số liệu')."""
    periods = scores.indicators(index_code, year, db)
    periods = periods[periods.indicator_code != "TOTAL"]
    keep = ["indicator_code", "value", "rank", "ranked_count", "rank_source", "score_change", "rank_change",
            "derived", "source"]
    comp = periods[["index_code", "indicator_code", "parent_code", "level", "kind", "name_vi", "name_en",
                    "max_value", "first_year"]].rename(columns={"first_year": "period"})
    comp = comp.merge(mine[keep], on="indicator_code", how="left")
    comp["year"] = year
    comp["province_code"] = province_code
    return comp


def _add_national_context(comp, index_code, year, province_code, db) -> pd.DataFrame:
    higher_is_better = catalog.indices()[index_code].higher_is_better
    dist = scores.component_distribution(index_code, year, db)
    dist = dist[dist.value.notna()]
    stats = []
    for code, g in dist.groupby("indicator_code"):
        best = g.loc[g.value.idxmax() if higher_is_better else g.value.idxmin()]
        stats.append({"indicator_code": code, "national_median": float(g.value.median()),
                      "national_best": float(best.value), "best_province_code": best.province_code})
    comp = comp.merge(pd.DataFrame(stats, columns=["indicator_code", "national_median", "national_best",
                                                   "best_province_code"]),
                      on="indicator_code", how="left")
    sign = 1.0 if higher_is_better else -1.0
    comp["gap_to_best"] = sign * (comp.national_best - comp.value)
    comp["gap_to_median"] = sign * (comp.national_median - comp.value)
    comp["rank_share"] = comp["rank"] / comp["ranked_count"]

    others = dist[dist.province_code != province_code]
    percentiles = []
    for code, value in zip(comp.indicator_code, comp.value):
        o = others[others.indicator_code == code].value
        if _missing(value) or o.empty:
            percentiles.append(float("nan"))
            continue
        below = (o < value).sum() if higher_is_better else (o > value).sum()
        percentiles.append(100.0 * below / len(o))
    comp["percentile"] = percentiles
    return comp


def _add_falls_in_a_row(comp, index_code, year, province_code, db) -> pd.DataFrame:
    """Editions in a row, ending with `year`, in which the score (rank) fell against the edition
    before. The run stops at a methodology break (the indicator's period changes), at a missing
    value and at the first edition of the index: a fall is never counted across a break."""
    ed = scores.edition(index_code, year, db)
    series = scores.province_index_series(index_code, province_code, ed["province_set"], db)
    edition_years = sorted(scores.years(index_code, db))
    earlier = [y for y in edition_years if y <= year]
    score_runs, rank_runs = [], []
    for code in comp.indicator_code:
        s = series[series.indicator_code == code].set_index("year")
        score_runs.append(_run_of_falls(s, earlier, "value", worse=lambda now, before: now < before))
        rank_runs.append(_run_of_falls(s, earlier, "rank", worse=lambda now, before: now > before))
    comp["score_falls_in_a_row"] = score_runs
    comp["rank_falls_in_a_row"] = rank_runs
    return comp


def _run_of_falls(s: pd.DataFrame, years_upto: list[int], column: str, worse) -> int | None:
    if not years_upto or years_upto[-1] not in s.index or _missing(s.at[years_upto[-1], column]):
        return None
    run = 0
    for now, before in zip(reversed(years_upto), reversed(years_upto[:-1])):
        if before not in s.index or s.at[before, "period"] != s.at[now, "period"]:
            break
        a, b = s.at[now, column], s.at[before, column]
        if _missing(a) or _missing(b) or not worse(a, b):
            break
        run += 1
    return run


def _gap_shares(comp, index_code, year) -> list[float]:
    """Share of a row's gap to the best in the summed gap of its siblings, where the siblings add
    up to their parent (the catalog's `aggregation = sum`): a dimension's share of the province's
    gap over all dimensions, a sub-dimension's share of its dimension's gap. Missing when a sibling
    lacks a value (the share of an unknown whole is unknown) or when the parts do not add up."""
    sums_to_parent = {p.indicator_code for p in catalog.indicator_periods()
                      if p.index_code == index_code and p.covers(year) and p.aggregation == "sum"}
    out = []
    for row in comp.itertuples():
        if row.kind in NOT_ADDITIVE_KINDS or row.parent_code not in sums_to_parent or _missing(row.gap_to_best):
            out.append(float("nan"))
            continue
        siblings = comp[(comp.parent_code == row.parent_code) & ~comp.kind.isin(NOT_ADDITIVE_KINDS)]
        if siblings.gap_to_best.isna().any():
            out.append(float("nan"))
            continue
        whole = siblings.gap_to_best.sum()
        out.append(float(row.gap_to_best / whole) if whole > 0 else 0.0)
    return out


# ------------------------------------------------------------------ where a point counts most

WHAT_IF_TARGETS = ("median", "best")


def where_a_point_counts_most(index_code: str, year: int, province_code: str, target: str = "median",
                              db=None) -> pd.DataFrame:
    """For each component: the total-score rank the province would reach if that one component were
    brought up to the national median (or best), every other component and every other province
    unchanged. Sorted by ranks gained, then by fewest points needed.

    new total = old total − old component value + target value (only raised, never lowered);
    new rank = 1 + number of other provinces whose actual total is strictly higher (ties share the
    better rank). Empty for a partial edition, an index whose total is not a sum of its components,
    or a province without a total.
    """
    if target not in WHAT_IF_TARGETS:
        raise ValueError(f"target phải là một trong {WHAT_IF_TARGETS}")
    columns = ["indicator_code", "parent_code", "level", "name_vi", "name_en", "value", "target_value",
               "points_needed", "total", "new_total", "current_rank", "new_rank", "ranks_gained", "ranked_count", "at_target"]
    total_period = catalog.indicator_period(index_code, "TOTAL", int(year))
    if not can_rank_components(index_code, year, db) or total_period is None or total_period.aggregation != "sum":
        return pd.DataFrame(columns=columns)
    higher_is_better = catalog.indices()[index_code].higher_is_better
    analysis = component_analysis(index_code, year, province_code, rules=(), db=db)
    if analysis.total is None or analysis.total.get("value") is None:
        return pd.DataFrame(columns=columns)
    dist = scores.component_distribution(index_code, year, db)
    totals = dist[(dist.indicator_code == "TOTAL") & dist.value.notna()]
    others = totals[totals.province_code != province_code].value.to_numpy()
    old_total = float(analysis.total["value"])

    def rank_of(total: float) -> int:
        # A tiny tolerance so that float noise in a recomputed sum never breaks a real tie.
        if higher_is_better:
            return 1 + int((others > total + 1e-9).sum())
        return 1 + int((others < total - 1e-9).sum())

    current_rank = rank_of(old_total)
    rows = []
    comp = analysis.components
    comp = comp[~comp.kind.isin(NOT_ADDITIVE_KINDS) & comp.value.notna()]
    for r in comp.itertuples():
        goal = r.national_median if target == "median" else r.national_best
        if _missing(goal):
            continue
        raised = max(r.value, goal) if higher_is_better else min(r.value, goal)
        new_total = old_total - r.value + raised
        new_rank = rank_of(new_total)
        rows.append({"indicator_code": r.indicator_code, "parent_code": r.parent_code, "level": r.level,
                     "name_vi": r.name_vi, "name_en": r.name_en, "value": r.value, "target_value": goal,
                     "points_needed": abs(raised - r.value), "total": old_total, "new_total": new_total,
                     "current_rank": current_rank, "new_rank": new_rank, "ranks_gained": current_rank - new_rank,
                     "ranked_count": len(others) + 1})
    out = pd.DataFrame(rows, columns=columns)
    # Components already at the target gain nothing and need nothing: they go last.
    out["at_target"] = out.points_needed <= 0
    return out.sort_values(["ranks_gained", "at_target", "points_needed", "indicator_code"],
                           ascending=[False, True, True, True]).reset_index(drop=True)


# ------------------------------------------------------------------ tasks tied to weak components

TASK_COLUMNS = ["task_id", "plan_id", "province_code", "text", "lead_unit", "partner_units", "due_date",
                "recurring", "status", "index_code", "indicator_code"]  # the task store's `v_tasks`

# How a task's link relates to a component, closest first. A task linked to a dimension covers its
# sub-dimensions ("broader"); a task on a sub-dimension works on part of its dimension ("narrower");
# a task linked to the whole index (indicator empty) is listed for every component ("index").
LINK_SCOPES = ("exact", "broader", "narrower", "index")
LINK_SCOPE_LABELS = {
    "exact": ("Đúng nội dung này", "This component"),
    "broader": ("Nội dung lớn chứa nội dung này", "The dimension containing it"),
    "narrower": ("Một nội dung thành phần của nội dung này", "One of its sub-dimensions"),
    "index": ("Chung cho cả chỉ số", "The whole index"),
}


def tasks_frame(tasks) -> pd.DataFrame:
    """Tasks from the task store (`chiso.tasks.Task`) as `v_tasks` rows: one row per task and link;
    a task with no link keeps one row with an empty index."""
    rows = []
    for t in tasks:
        base = {"task_id": t.task_id, "plan_id": t.plan_id, "province_code": t.province_code, "text": t.text,
                "lead_unit": t.lead_unit, "partner_units": "; ".join(t.partner_units), "due_date": t.due_date,
                "recurring": t.recurring, "status": t.status}
        for index_code, indicator_code in (t.links or ((None, None),)):
            rows.append({**base, "index_code": index_code, "indicator_code": indicator_code})
    return pd.DataFrame(rows, columns=TASK_COLUMNS)


def _parents(index_code: str) -> dict[str, str | None]:
    return {p.indicator_code: p.parent_code for p in catalog.indicator_periods() if p.index_code == index_code}


def _ancestors(parents: dict, code: str) -> list[str]:
    out, code = [], parents.get(code)
    while code and code not in out:
        out.append(code)
        code = parents.get(code)
    return out


def link_scope(index_code: str, component: str, linked_index: str | None, linked_indicator: str | None) -> str | None:
    """How a task linked to (linked_index, linked_indicator) relates to `component`, or None."""
    if linked_index != index_code:
        return None
    if _missing(linked_indicator) or linked_indicator in ("", None):
        return "index"
    if linked_indicator == component:
        return "exact"
    parents = _parents(index_code)
    if linked_indicator in _ancestors(parents, component):
        return "broader"
    if component in _ancestors(parents, linked_indicator):
        return "narrower"
    return None


def attach_tasks(weak: pd.DataFrame, tasks: pd.DataFrame) -> pd.DataFrame:
    """The one join of weak components and tasks: one row per (component, task covering it), and one
    row with an empty task for a component no task covers. `tasks` is shaped like `v_tasks`
    (`tasks_frame` makes it from the store). A task linked several ways to one component keeps its
    closest scope. Adds `link_scope`, `linked_indicator` and `is_open` (status is not done)."""
    comp_cols = [c for c in ("index_code", "year", "province_code", "indicator_code", "name_vi", "name_en",
                             "level", "weak_reasons_vi", "weak_reasons_en") if c in weak.columns]
    task_cols = [c for c in TASK_COLUMNS if c not in ("index_code", "indicator_code", "province_code")]
    out = []
    tasks = tasks if tasks is not None else pd.DataFrame(columns=TASK_COLUMNS)
    for comp in weak[comp_cols].to_dict("records"):
        candidates = tasks
        if "province_code" in comp and "province_code" in tasks.columns:
            candidates = tasks[tasks.province_code == comp["province_code"]]
        found: dict[str, dict] = {}
        for t in candidates.to_dict("records"):
            scope = link_scope(comp["index_code"], comp["indicator_code"], t["index_code"], t["indicator_code"])
            if scope is None:
                continue
            seen = found.get(t["task_id"])
            if seen is None or LINK_SCOPES.index(scope) < LINK_SCOPES.index(seen["link_scope"]):
                found[t["task_id"]] = {**comp, **{c: t.get(c) for c in task_cols}, "link_scope": scope,
                                       "linked_indicator": None if _missing(t["indicator_code"]) else t["indicator_code"],
                                       "is_open": t["status"] not in CLOSED_STATUSES}
        if found:
            out += sorted(found.values(), key=lambda r: (LINK_SCOPES.index(r["link_scope"]), str(r["due_date"]),
                                                         r["task_id"]))
        else:
            out.append({**comp, "link_scope": None, "linked_indicator": None, "is_open": False})
    columns = comp_cols + task_cols + ["link_scope", "linked_indicator", "is_open"]
    return pd.DataFrame(out, columns=columns)


def components_without_open_task(weak: pd.DataFrame, tasks: pd.DataFrame, *,
                                 count_whole_index: bool = False) -> pd.DataFrame:
    """Weak components that no open task covers: the list Sở Nội vụ brings to the leadership meeting.

    A task on the component, on the dimension above it or on one of its sub-components covers it.
    A task linked only to the whole index ("nâng cao Chỉ số PAPI") covers it only when
    `count_whole_index`: such general tasks name no component, so by default they do not take a
    weak component off this list."""
    links = attach_tasks(weak, tasks)
    scopes = set(LINK_SCOPES) if count_whole_index else set(LINK_SCOPES) - {"index"}
    covered = links[links.is_open.astype(bool) & links.link_scope.isin(scopes)]
    keys = set(zip(covered.index_code, covered.indicator_code))
    mask = [(i, c) not in keys for i, c in zip(weak.index_code, weak.indicator_code)]
    return weak[mask].reset_index(drop=True)


def linked_tasks(user, province_code: str, components: pd.DataFrame, store=None) -> pd.DataFrame:
    """Tasks of the province's task store that may cover these components, as `v_tasks` rows.
    Reading needs a signed-in `chiso.auth.User` of that province (the store checks it and raises
    `chiso.auth.PermissionDenied`)."""
    from chiso.tasks import open_store
    store = store or open_store()
    pairs = sorted({(i, c) for i, c in zip(components.index_code, components.indicator_code)})
    if not pairs:
        return pd.DataFrame(columns=TASK_COLUMNS)
    # include_broader: also tasks on the dimension above and on the whole index.
    return tasks_frame(store.tasks_for_indicators(user, province_code, pairs, include_broader=True))
