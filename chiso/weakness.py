"""Which components of a province's index score are weak, which to watch, and which come first.

`assess(index_code, year, province_code)` is the one answer to "is D7 weak for Hà Tĩnh in 2022?":
one row per component (PAPI dimension, sub-dimension; any indicator row an edition carries) with
its score, maximum, national rank, a verdict and a priority. Điểm yếu, Chưa có nhiệm vụ, the
deck and `python -m chiso weak` all call it; whether a task covers a row is `chiso.coverage`.

Verdicts (rules are catalog data, `data/catalog/weakness_rules.csv`, column `verdict`):
- `weak`: low standing, i.e. a `weak` rule fires (bottom quarter of the national ranking, or below
  the national median by a catalogued margin) and no `not_weak` rule does (nothing in the national
  top quarter is weak, however it moved);
- `watch`: falling or just below the median, but not low (a `watch` rule fires, or a `weak` rule
  was overruled by `not_weak`);
- `ok`: nothing fires.
A verdict needs a national distribution (a full edition). For a partial edition (PAR INDEX, SIPAS
as published here; a province's own scorecard) nothing is compared with the country: rows carry
what was published, are ordered by points lost against the maximum, and can only be `watch`
(their own score fell) or not judged (verdict None).

Priority: the component's gap, in the index's own points, as a share (%) of the summed gap of every
component of its level (additive kinds only). Gap = national best − score in a full edition,
maximum − score for a scorecard. Because the gap is in the index's points, a component the index
gives 3,33 points weighs more than one it gives 2,5 at the same shortfall: share of the total gap
× the points at stake, in one number. Rows are ordered weak, watch, ok, then by priority.
"""
from __future__ import annotations

import pandas as pd

from chiso import catalog, scores
from chiso.i18n import N_, language
from chiso.weakness_rules import (RULES_FILE, Rule, load_rules, missing, rules_version,  # noqa: F401 (re-exported)
                                  telling, verdict_of)
from chiso.results.codes import SCORECARD_KINDS, tree_parent

VERDICTS = ("weak", "watch", "ok")
# What the deck and `chiso weak` say of an edition `judged` is False for, so neither reads as "0 weak".
NOT_JUDGED = N_("{short}: components not judged (public for only some provinces, no national comparison)")
SHORT_LIST = 5  # weak items a page shows before "show all"

# Kinds whose rows do not add up to their parent (PAR INDEX score blocks re-cut the same total,
# field_pct rows restate a field as a percentage): no gap share, no what-if (`chiso.what_if`).
NOT_ADDITIVE_KINDS = frozenset({"block", "field_pct"})

COLUMNS = [
    "index_code", "year", "province_code", "indicator_code", "parent_code", "level", "kind", "name_vi", "name_en",
    "value", "max_value", "rank", "ranked_count", "verdict", "priority", "reasons", "reasons_vi", "reasons_en",
    "rules_fired", "basis", "percentile", "rank_share", "national_median", "national_best", "best_province_code",
    "gap_to_best", "gap_to_median", "median_gap_share", "points_lost", "lost_share", "score_change", "rank_change",
    "score_falls_in_a_row", "rank_falls_in_a_row", "rank_source", "derived", "source", "period", "not_ranked", "weak_parent", "comparable",
]


# ------------------------------------------------------------------ the assessment

def basis(index_code: str, year: int, db=None) -> str:
    """`national` when the edition compares every province on its components (a full edition with
    their figures for every province it ranks), else `published`: PCI 2020 ranks all 63 on the total
    but publishes sub-indices for two, and a "national median" of two judged them weak."""
    ed = scores.edition(index_code, int(year), db)
    return "national" if ed and ed["coverage"] == "full" and ed.get("compared_components", 0) > 0 else "published"


def total(index_code: str, year: int, province_code: str, db=None) -> dict | None:
    """The province's overall score row (value, max_value, rank, ranked_count), or None."""
    mine = scores.province_scores(index_code, int(year), province_code, db)
    rows = mine[mine.indicator_code == "TOTAL"]
    return None if rows.empty else {k: (None if missing(v) else v) for k, v in rows.iloc[0].to_dict().items()}


def reasons_text(labels: list[str]) -> str:
    """The rules a component meets, as one sentence: "In the bottom quarter of national ranks; below
    the national median …" (each rule's label starts with a capital, for when it stands alone; an
    acronym, "PCI", keeps its capitals)."""
    return "; ".join(label if n == 0 or not (label[:1].isupper() and label[1:2].islower())
                     else label[0].lower() + label[1:] for n, label in enumerate(labels))


def assess(index_code: str, year: int, province_code: str, *, db=None, rules=None) -> pd.DataFrame:
    """Every component of a province's score in one edition, with verdict and priority (module doc).

    `df.attrs` carries `basis` (national | scorecard | published) and `total` (the TOTAL row)."""
    year = int(year)
    rules = load_rules() if rules is None else tuple(rules)
    mine = scores.province_scores(index_code, year, province_code, db)
    national = basis(index_code, year, db) == "national"
    if national:
        comp = _catalog_components(index_code, year, province_code, mine, db)
        comp = _add_national_context(comp, index_code, year, province_code, db)
    else:
        # Partial edition: only what was published for this province; nothing compared nationally.
        comp = mine[(mine.indicator_code != "TOTAL") & (mine.value.notna() | mine["rank"].notna())].copy()
        comp["period"] = year
        for col in ("percentile", "rank_share", "national_median", "national_best", "best_province_code",
                    "gap_to_best", "gap_to_median", "median_gap_share"):
            comp[col] = None
    comp = comp.reset_index(drop=True)
    comp["points_lost"] = pd.to_numeric(comp.max_value, errors="coerce") - pd.to_numeric(comp.value, errors="coerce")
    comp["lost_share"] = comp.points_lost / pd.to_numeric(comp.max_value, errors="coerce")
    comp = _add_falls_in_a_row(comp, index_code, year, province_code, db)
    kind = "national" if national else ("scorecard" if comp.points_lost.notna().any() else "published")
    comp["basis"] = kind
    comp["comparable"] = comparable(comp)
    comp["priority"] = _priorities(comp, "gap_to_best" if national else "points_lost")
    judged = _judge_with_scorecard(comp, rules, national)
    comp["verdict"] = [v for v, _ in judged]
    comp["rules_fired"] = [f for _, f in judged]
    told = [telling(v, f, rules) for v, f in judged]
    comp["reasons_vi"] = [reasons_text([r.label_vi for r in t]) for t in told]
    comp["reasons_en"] = [reasons_text([r.label_en for r in t]) for t in told]
    comp = _group_weak(comp)
    comp["reasons"] = comp["reasons_vi"] if language() == "vi" else comp["reasons_en"]
    comp["year"], comp["province_code"] = year, province_code
    out = ordered(comp.reindex(columns=COLUMNS))
    out.attrs.update(basis=kind, total=total(index_code, year, province_code, db))
    return out


# ------------------------------------------------------------------ a province's own scorecard

# Rules on these metrics judge a row against its own maximum: only where the country cannot be
# compared (a partial edition, or a criterion only the province's scorecard carries), never a row
# with a national distribution.
SCORECARD_METRICS = frozenset({"lost_share", "lost_change"})
# What a row judged on its scorecard may be judged by: its own points, never a national standing.
OWN_METRICS = SCORECARD_METRICS | {"score_change", "score_falls_in_a_row", "priority"}


def has_scorecard(comp: pd.DataFrame) -> bool:
    """The province's own scorecard for this edition was entered (its criteria are among the rows):
    then rows without a national comparison are judged on their maxima, not only ordered by them."""
    return bool(comp.kind.isin(SCORECARD_KINDS).any()) if "kind" in comp else False


def comparable(comp: pd.DataFrame) -> pd.Series:
    """Whether the row can be compared with other provinces (percentile, gaps to the best and the
    median, rank change): false for a criterion of the province's own scorecard that no other
    province has. There the comparison does not apply ("không áp dụng", `fmt.compared`): nothing is
    missing, unlike a component the country has and this province lacks ("chưa có số liệu")."""
    others = pd.to_numeric(comp.get("provinces_with_value"), errors="coerce").fillna(0) > 1
    return ~comp.kind.isin(SCORECARD_KINDS) | others


def _judge_with_scorecard(comp: pd.DataFrame, rules: tuple[Rule, ...], national: bool) -> list:
    """(verdict, fired) per row. A row the country ranks is judged by the national rules; a row with
    no national comparison but a maximum (the province's scorecard: points lost, and points lost
    beyond last year's scorecard, `lost_change`) by the rules on its own points only. In a
    full edition such rows take their priority from points lost among themselves."""
    comp["lost_change"] = -pd.to_numeric(comp.score_change, errors="coerce")  # within one period: same maximum
    national_rules = tuple(r for r in rules if r.metric not in SCORECARD_METRICS)
    own_rules = tuple(r for r in rules if r.metric in OWN_METRICS)
    scorecard = has_scorecard(comp)
    out, on_scorecard = [], []
    for row in comp.to_dict("records"):
        by_scorecard = scorecard and not (national and not missing(row.get("percentile"))) \
            and not missing(row.get("lost_share"))
        on_scorecard.append(by_scorecard)
        out.append(verdict_of(row, own_rules, True) if by_scorecard else verdict_of(row, national_rules, national))
    mask = pd.Series(on_scorecard, index=comp.index, dtype=bool)
    if national and mask.any():
        comp.loc[mask, "priority"] = _priorities(comp[mask], "points_lost")
    return out


def verdict_label(verdict) -> str:
    """A verdict as the reader reads it ("Yếu", "Theo dõi", "Đạt", "Chưa đánh giá"): page and CLI alike."""
    from chiso.i18n import _
    return {"weak": _("Weak"), "watch": _("Watch"), "ok": _("OK")}.get(verdict, _("Not judged"))


def ordered(assessed: pd.DataFrame) -> pd.DataFrame:
    """Weak first, then watch, ok and not judged; within each, highest priority first, except that a
    weak row within a weak parent (`weak_parent`) comes right after that parent: one group."""
    rank = {v: i for i, v in enumerate(VERDICTS)}
    key = assessed.verdict.map(lambda v: rank.get(v, len(VERDICTS)))
    out = assessed.assign(_v=key, _p=pd.to_numeric(assessed.priority, errors="coerce").fillna(-1))
    out = out.sort_values(["_v", "_p", "indicator_code"], ascending=[True, False, True])
    out = out.drop(columns=["_v", "_p"]).reset_index(drop=True)
    if "weak_parent" not in out or out.weak_parent.isna().all():
        return out
    within = out.weak_parent.notna()
    children = {}
    for i in out.index[within]:
        children.setdefault(out.at[i, "weak_parent"], []).append(i)
    order = []

    def take(i):
        order.append(i)
        for child in children.get(out.at[i, "indicator_code"], []):
            take(child)
    for i in out.index[~within]:
        take(i)
    return out.loc[order].reset_index(drop=True)


def weak(assessed: pd.DataFrame) -> pd.DataFrame:
    """The weak rows, highest priority first, each weak sub-component right under its weak parent."""
    return ordered(assessed[assessed.verdict == "weak"])


def item_heads(weak_rows: pd.DataFrame) -> pd.Series:
    """True where a row starts an item of a weak list: its weak parent (same index) is not among the
    rows. A weak parent and the weak rows under it are one item; a sub-criterion whose parent left the
    list (its parent has an open task, so only the child is uncovered) is an item of its own."""
    if "weak_parent" not in weak_rows:
        return pd.Series(True, index=weak_rows.index, dtype=bool)
    index = weak_rows["index_code"] if "index_code" in weak_rows else pd.Series("", index=weak_rows.index)
    listed = set(zip(index, weak_rows.indicator_code))
    return pd.Series([not (isinstance(p, str) and (i, p) in listed) for i, p in zip(index, weak_rows.weak_parent)],
                     index=weak_rows.index, dtype=bool)


def groups(weak_rows: pd.DataFrame) -> int:
    """How many weak items a list holds (`item_heads`): the parent's points lost are its
    sub-components' points lost, not a second weakness."""
    return int(item_heads(weak_rows).sum())


def short_list(weak_rows: pd.DataFrame, n: int = SHORT_LIST) -> pd.DataFrame:
    """The first `n` items of the weak list, each with the weak rows grouped under it."""
    return weak_rows[item_heads(weak_rows).cumsum().to_numpy() <= n]


def judged(assessed: pd.DataFrame) -> bool:
    """Whether the edition's components are judged at all: against the country (a full edition) or
    against their own maxima (the province's scorecard entered). Otherwise nothing can be weak."""
    return assessed.attrs.get("basis") == "national" or has_scorecard(assessed)


def _group_weak(comp: pd.DataFrame) -> pd.DataFrame:
    """`weak_parent`: for a weak row, its nearest weak ancestor (a weak criterion above a weak
    sub-criterion), so lists show the sub-criterion under its parent instead of two unrelated items;
    the parent's reasons say its weak sub-components are listed under it."""
    from chiso.i18n import translate

    weak_codes = set(comp.indicator_code[comp.verdict == "weak"])

    def nearest_weak_ancestor(index_code, code):  # the tree task coverage walks too (chiso.coverage)
        return next((a for a in catalog.ancestors(index_code, code, fallback=tree_parent) if a in weak_codes), None)
    comp["weak_parent"] = [nearest_weak_ancestor(i, c) if c in weak_codes else None
                           for i, c in zip(comp.index_code, comp.indicator_code)]
    has_weak_children = comp.indicator_code.isin(set(comp.weak_parent.dropna()))
    for lang in ("vi", "en"):
        col = f"reasons_{lang}"
        note = translate("its weak sub-components are listed under it", lang)
        comp.loc[has_weak_children, col] = [f"{r}; {note}" if r else note for r in comp.loc[has_weak_children, col]]
    return comp


def _catalog_components(index_code, year, province_code, mine, db) -> pd.DataFrame:
    """Every component the catalog defines for that year, with the province's row if it has one
    (a component the province lacks stays, its value missing: 'chưa có số liệu')."""
    periods = scores.indicators(index_code, year, db)
    periods = periods[periods.indicator_code != "TOTAL"]
    keep = ["indicator_code", "value", "rank", "ranked_count", "rank_source", "score_change", "rank_change",
            "derived", "source", "not_ranked", "provinces_with_value"]
    comp = periods[["index_code", "indicator_code", "parent_code", "level", "kind", "name_vi", "name_en",
                    "max_value", "first_year"]].rename(columns={"first_year": "period"})
    return comp.merge(mine[keep], on="indicator_code", how="left")


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
                                                   "best_province_code"]), on="indicator_code", how="left")
    sign = 1.0 if higher_is_better else -1.0
    comp["gap_to_best"] = sign * (comp.national_best - comp.value)
    comp["gap_to_median"] = sign * (comp.national_median - comp.value)
    comp["median_gap_share"] = comp.gap_to_median / comp.max_value
    comp["rank_share"] = comp["rank"] / comp["ranked_count"]
    others = dist[dist.province_code != province_code]
    percentiles = []
    for code, value in zip(comp.indicator_code, comp.value):
        o = others[others.indicator_code == code].value
        if missing(value) or o.empty:
            percentiles.append(float("nan"))
            continue
        below = (o < value).sum() if higher_is_better else (o > value).sum()
        percentiles.append(100.0 * below / len(o))
    comp["percentile"] = percentiles
    return comp


def _add_falls_in_a_row(comp, index_code, year, province_code, db) -> pd.DataFrame:
    """Editions in a row, ending with `year`, in which the score (rank) fell against the edition
    before. The run stops at a methodology break (the indicator's period changes), at a missing
    value and at the first edition: a fall is never counted across a break."""
    ed = scores.edition(index_code, year, db)
    province_set = ed["province_set"] if ed else catalog.province_set_for_year(year)
    series = scores.province_index_series(index_code, province_code, province_set, db)
    earlier = [y for y in sorted(scores.years(index_code, db)) if y <= year]
    score_runs, rank_runs = [], []
    for code in comp.indicator_code:
        s = series[series.indicator_code == code].set_index("year")
        score_runs.append(_run_of_falls(s, earlier, "value", worse=lambda now, before: now < before))
        rank_runs.append(_run_of_falls(s, earlier, "rank", worse=lambda now, before: now > before))
    comp["score_falls_in_a_row"] = score_runs
    comp["rank_falls_in_a_row"] = rank_runs
    return comp


def _run_of_falls(s: pd.DataFrame, years_upto: list[int], column: str, worse) -> int | None:
    if not years_upto or years_upto[-1] not in s.index or missing(s.at[years_upto[-1], column]):
        return None
    run = 0
    for now, before in zip(reversed(years_upto), reversed(years_upto[:-1])):
        if before not in s.index or s.at[before, "period"] != s.at[now, "period"]:
            break
        a, b = s.at[now, column], s.at[before, column]
        if missing(a) or missing(b) or not worse(a, b):
            break
        run += 1
    return run


def _priorities(comp: pd.DataFrame, gap_column: str) -> list[float]:
    """A row's gap as a share (%) of the summed gap of every additive row of its level (module doc).
    Missing when the row has no gap or belongs to a kind that does not add up."""
    additive = ~comp.kind.isin(NOT_ADDITIVE_KINDS)
    gaps = pd.to_numeric(comp[gap_column], errors="coerce").clip(lower=0)
    out = []
    for level, gap, add in zip(comp.level, gaps, additive):
        if not add or missing(gap):
            out.append(float("nan"))
            continue
        whole = gaps[(comp.level == level) & additive].sum()
        out.append(100.0 * float(gap) / float(whole) if whole > 0 else 0.0)
    return out
