"""Scoring parsed plans against hand-written expected tasks (used by bench/bench_plans.py and the tests).

Tasks are matched one to one by text similarity of their beginnings (diacritics
folded, OCR repaired); a lead unit is right when its name is similar enough; a
link is right when the same INDEX or INDEX:INDICATOR is expected for that task.
"""
from __future__ import annotations

import json
from dataclasses import dataclass
from difflib import SequenceMatcher
from pathlib import Path

from chiso.plans.model import ParsedPlan
from chiso.plans.ocrtext import match_key

TEXT_MATCH = 0.6
UNIT_MATCH = 0.8


def similarity(a: str, b: str) -> float:
    return SequenceMatcher(None, match_key(a), match_key(b)).ratio()


def _start_similarity(expected_start: str, text: str) -> float:
    n = len(match_key(expected_start))
    return SequenceMatcher(None, match_key(expected_start), match_key(text)[:n]).ratio()


def _share(part: str, whole: str) -> property:
    """A property: field `part` over field `whole` (1.0 when `whole` is 0)."""
    return property(lambda self: getattr(self, part) / getattr(self, whole) if getattr(self, whole) else 1.0)


@dataclass
class Score:
    tasks_found: int
    tasks_expected: int
    tasks_matched: int
    leads_right: int
    links_proposed: int
    links_expected: int
    links_right: int

    # Each share is right / proposed (precision) or right / expected (recall); 1.0 with nothing to count.
    task_precision = _share("tasks_matched", "tasks_found")
    task_recall = _share("tasks_matched", "tasks_expected")
    lead_precision = _share("leads_right", "tasks_found")  # every proposed task carries a lead unit
    lead_recall = _share("leads_right", "tasks_expected")
    link_precision = _share("links_right", "links_proposed")
    link_recall = _share("links_right", "links_expected")

    def __add__(self, other: "Score") -> "Score":
        return Score(*(getattr(self, f) + getattr(other, f) for f in self.__dataclass_fields__))


def load_expected(path) -> dict:
    return json.loads(Path(path).read_text(encoding="utf-8"))


def match_tasks(parsed: ParsedPlan, expected: dict) -> list[tuple[int, int]]:
    """(expected index, parsed index) pairs, best similarities first, each used once."""
    pairs = []
    for i, e in enumerate(expected["tasks"]):
        for j, t in enumerate(parsed.tasks):
            s = _start_similarity(e["text_start"], t.text)
            if s >= TEXT_MATCH:
                pairs.append((s, i, j))
    used_e, used_p, out = set(), set(), []
    for s, i, j in sorted(pairs, reverse=True):
        if i not in used_e and j not in used_p:
            used_e.add(i)
            used_p.add(j)
            out.append((i, j))
    return sorted(out)


def score(parsed: ParsedPlan, expected: dict) -> Score:
    matched = match_tasks(parsed, expected)
    leads = links_right = 0
    for i, j in matched:
        e, t = expected["tasks"][i], parsed.tasks[j]
        if t.lead_unit and similarity(e["lead_unit"], t.lead_unit) >= UNIT_MATCH:
            leads += 1
        links_right += len(set(e["links"]) & {l.code for l in t.links})
    return Score(len(parsed.tasks), len(expected["tasks"]), len(matched), leads,
                 sum(len(t.links) for t in parsed.tasks), sum(len(e["links"]) for e in expected["tasks"]), links_right)
