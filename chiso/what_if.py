"""Where a point counts most (Điểm yếu's last table): the total rank a province would reach if one
component alone took a realistic step, every other component and province unchanged. Which
components are weak is `chiso.weakness`'s; this asks it for the components and their scores."""
from __future__ import annotations

import pandas as pd

from chiso import catalog, scores
from chiso.weakness import NOT_ADDITIVE_KINDS, assess, basis, total
from chiso.weakness_rules import missing

# A realistic step for one component: reach the next national quartile cut point above the score
# (the 25th, 50th, 75th percentile or, from the top quarter, the best), or add a tenth of the
# component's maximum; the median and the best are kept as further what-ifs.
STEPS = ("next_quartile", "tenth_of_max", "median", "best")
WHAT_IF_COLUMNS = ["indicator_code", "parent_code", "level", "name_vi", "name_en", "value", "max_value", "step",
                   "target_value", "points_needed", "total", "new_total", "current_rank", "new_rank",
                   "ranks_gained", "ranked_count", "points_for_next_place", "next_place_within_reach"]


def _step_target(step: str, value: float, max_value, dist_values: pd.Series, higher_is_better: bool):
    """Where `step` takes the component, or None when it is already there (no step to take)."""
    if step in ("median", "best"):
        goal = float(dist_values.median() if step == "median" else
                     (dist_values.max() if higher_is_better else dist_values.min()))
        return goal if (goal > value if higher_is_better else goal < value) else None
    if step == "tenth_of_max":
        if higher_is_better and not missing(max_value) and value >= float(max_value):
            return None
        if missing(max_value):
            return None
        raised = value + 0.1 * float(max_value) if higher_is_better else value - 0.1 * float(max_value)
        return min(raised, float(max_value)) if higher_is_better else raised
    cuts = [float(dist_values.quantile(q)) for q in (0.25, 0.5, 0.75)]
    cuts.append(float(dist_values.max() if higher_is_better else dist_values.min()))
    ahead = [c for c in cuts if (c > value if higher_is_better else c < value)]
    if not ahead:
        return None
    return min(ahead) if higher_is_better else max(ahead)


def where_a_point_counts_most(index_code: str, year: int, province_code: str, step: str = "next_quartile",
                              db=None) -> pd.DataFrame:
    """For each additive component: the total-score rank the province would reach if that one
    component took `step` (see STEPS), every other component and province unchanged; and how many
    points in it would pass the next province above (`points_for_next_place`, reachable or not
    within the component's maximum). Sorted by places gained, then fewest points needed.

    new total = total − component score + target; new rank = 1 + other provinces whose total is
    strictly higher (ties share the better rank). Empty for a partial edition, an index whose total
    is not a sum of its components, or a province without a total."""
    if step not in STEPS:
        raise ValueError(f"step must be one of {STEPS}")
    year = int(year)
    total_period = catalog.indicator_period(index_code, "TOTAL", year)
    empty = pd.DataFrame(columns=WHAT_IF_COLUMNS)
    if basis(index_code, year, db) != "national" or total_period is None or total_period.aggregation != "sum":
        return empty
    own = total(index_code, year, province_code, db)
    if own is None or own.get("value") is None:
        return empty
    higher_is_better = catalog.indices()[index_code].higher_is_better
    comp = assess(index_code, year, province_code, db=db, rules=())
    comp = comp[~comp.kind.isin(NOT_ADDITIVE_KINDS) & comp.value.notna()]
    dist = scores.component_distribution(index_code, year, db)
    dist = dist[dist.value.notna()]
    totals = dist[dist.indicator_code == "TOTAL"]
    others = totals[totals.province_code != province_code].value.to_numpy()
    old_total = float(own["value"])

    def rank_of(t: float) -> int:
        # A tiny tolerance so that float noise in a recomputed sum never breaks a real tie.
        return 1 + int((others > t + 1e-9).sum() if higher_is_better else (others < t - 1e-9).sum())

    ahead = others[others > old_total + 1e-9] if higher_is_better else others[others < old_total - 1e-9]
    next_gap = abs(float(ahead.min() if higher_is_better else ahead.max()) - old_total) if len(ahead) else None
    current_rank = rank_of(old_total)
    rows = []
    for r in comp.itertuples():
        values = dist[dist.indicator_code == r.indicator_code].value
        goal = _step_target(step, float(r.value), r.max_value, values, higher_is_better) if len(values) else None
        if goal is None:
            continue
        raised = max(r.value, goal) if higher_is_better else min(r.value, goal)
        new_total = old_total - r.value + raised
        headroom = (r.max_value - r.value) if higher_is_better and not missing(r.max_value) else None
        rows.append({"indicator_code": r.indicator_code, "parent_code": r.parent_code, "level": r.level,
                     "name_vi": r.name_vi, "name_en": r.name_en, "value": r.value, "max_value": r.max_value,
                     "step": step, "target_value": goal, "points_needed": abs(raised - r.value), "total": old_total,
                     "new_total": new_total, "current_rank": current_rank, "new_rank": rank_of(new_total),
                     "ranks_gained": current_rank - rank_of(new_total), "ranked_count": len(others) + 1,
                     "points_for_next_place": next_gap,
                     "next_place_within_reach": (None if next_gap is None or headroom is None
                                                 else bool(next_gap <= headroom + 1e-12))})
    out = pd.DataFrame(rows, columns=WHAT_IF_COLUMNS)
    return out.sort_values(["ranks_gained", "points_needed", "indicator_code"],
                           ascending=[False, True, True]).reset_index(drop=True)
