"""The weakness rules: catalog data (`data/catalog/weakness_rules.csv`), validated here, and how
the rules that fire on a component make its verdict (see chiso.weakness for what the verdicts mean)."""
from __future__ import annotations

import math
import operator
from dataclasses import dataclass

import pandas as pd

from chiso import catalog
from chiso.errors import InputError
from chiso.i18n import language

RULES_FILE = "weakness_rules.csv"


def missing(v) -> bool:
    try:
        return v is None or v is pd.NA or (isinstance(v, float) and math.isnan(v))
    except TypeError:
        return False


RULE_VERDICTS = ("weak", "watch", "not_weak")

RULE_METRICS = ("rank_share", "percentile", "gap_to_median", "median_gap_share", "gap_to_best", "score_change",
                "rank_change", "score_falls_in_a_row", "rank_falls_in_a_row", "priority", "lost_share", "lost_change")
_OPERATORS = {"<": operator.lt, "<=": operator.le, ">": operator.gt, ">=": operator.ge}

# ------------------------------------------------------------------ rules (catalog data)

@dataclass(frozen=True)
class Rule:
    rule_id: str
    verdict: str
    metric: str
    operator: str
    threshold: float
    label_vi: str
    label_en: str

    def fires(self, row: dict) -> bool:
        """True when the row's metric passes the test; a missing metric never fires (no guessing)."""
        value = row.get(self.metric)
        return not missing(value) and bool(_OPERATORS[self.operator](float(value), self.threshold))

    def label(self, lang: str | None = None) -> str:
        return self.label_vi if (lang or language()) == "vi" else self.label_en


def load_rules(path=None) -> tuple[Rule, ...]:
    """The enabled rules of `weakness_rules.csv` (or another copy at `path`); a malformed row
    raises InputError naming the file, row and column."""
    out = []
    name = str(path) if path else RULES_FILE
    for line_no, r in catalog.numbered_rows(RULES_FILE, path):
        def bad(column, why, value=None):
            return InputError(why, file=name.rsplit("/", 1)[-1], row=line_no, column=column, value=value)
        rule_id = (r.get("rule_id") or "").strip()
        if not rule_id:
            raise bad("rule_id", "thiếu mã quy tắc")
        enabled = (r.get("enabled") or "true").strip().lower()
        if enabled not in ("true", "false"):
            raise bad("enabled", "phải là true hoặc false", enabled)
        verdict = (r.get("verdict") or "").strip()
        if verdict not in RULE_VERDICTS:
            raise bad("verdict", f"phải là một trong {', '.join(RULE_VERDICTS)}", verdict)
        metric = (r.get("metric") or "").strip()
        if metric not in RULE_METRICS:
            raise bad("metric", f"không phải chỉ tiêu đo được ({', '.join(RULE_METRICS)})", metric)
        op = (r.get("operator") or "").strip()
        if op not in _OPERATORS:
            raise bad("operator", f"không hợp lệ ({', '.join(_OPERATORS)})", op)
        try:
            threshold = float((r.get("threshold") or "").strip().replace(",", "."))
        except ValueError:
            raise bad("threshold", "không phải số", r.get("threshold")) from None
        label_vi = (r.get("label_vi") or "").strip()
        if not label_vi:
            raise bad("label_vi", "thiếu nhãn tiếng Việt")
        if enabled == "true":
            out.append(Rule(rule_id, verdict, metric, op, threshold, label_vi,
                            (r.get("label_en") or "").strip() or label_vi))
    return tuple(out)


def rules_version() -> int:
    """Changes when the rules file is edited (page caches key on it)."""
    path = catalog.catalog_file(RULES_FILE)
    return path.stat().st_mtime_ns if path.exists() else 0


def verdict_of(row: dict, rules: tuple[Rule, ...], national: bool) -> tuple[str | None, tuple[str, ...]]:
    """(verdict, ids of the rules that fired) for one component row (see module doc)."""
    fired = tuple(r.rule_id for r in rules if r.fires(row))
    kinds = {r.rule_id: r.verdict for r in rules}
    weak = any(kinds[f] == "weak" for f in fired)
    guarded = any(kinds[f] == "not_weak" for f in fired)
    watch = any(kinds[f] == "watch" for f in fired)
    if national and weak and not guarded:
        return "weak", fired
    if watch or (weak and guarded):
        return "watch", fired
    return ("ok" if national else None), fired


def telling(verdict, fired: tuple[str, ...], rules: tuple[Rule, ...]) -> list[Rule]:
    """The rules worth saying: a `not_weak` guard only when it overruled a weak rule, and no watch
    rule on the same measure as a weak rule that fired ("just below the median" under "below the
    median by 1%")."""
    hit = [r for r in rules if r.rule_id in fired]
    weak_metrics = {r.metric for r in hit if r.verdict == "weak"}
    out = []
    for r in hit:
        if r.verdict == "not_weak" and not weak_metrics:
            continue
        if r.verdict == "watch" and verdict == "weak" and r.metric in weak_metrics:
            continue
        out.append(r)
    return out
