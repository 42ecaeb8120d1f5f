"""Units (lead and partner) named in a plan.

Names are matched against `data/catalog/plan_units.csv` (common provincial
departments and their internal units, with diacritics), OCR-tolerant, so that
"Vin phong So" comes back as "Văn phòng Sở". The `scope` column (internal to the
issuing body / external) lets a scrambled table guess which column a unit came
from: in a department's own plan its rooms lead and other bodies partner.
Extend the file to teach the parser new unit names.
"""
from __future__ import annotations

import re
from dataclasses import dataclass
from functools import lru_cache

from chiso import catalog
from chiso.plans.ocrtext import Phrase, match_tokens, raw_words

# First words of a unit's name: what a "Unit: duty" or "Unit có trách nhiệm" prefix starts with.
_UNIT_HEADS = ("van phong", "phong", "so", "ban", "trung tam", "thanh tra", "cac phong", "cac so", "cac don vi",
               "ubnd", "uy ban", "truong", "lanh dao", "giam doc", "chi cuc", "bo phan", "doi", "cong an",
               "cac dong chi", "tat ca", "nguoi dung dau", "cac co quan", "cac to", "to ", "hoi")
# Words that may come before a unit that is the subject of the task ("Giao Văn phòng Sở ...").
_SUBJECT_LEADIN = {"giao", "cac", "dong", "chi", "trong", "de", "nghi", "yeu", "cau"}
_RESPONSIBLE = re.compile(r"^(.{3,120}?)\s+(co trach nhiem|chiu trach nhiem|chu tri|can cu|can cu vao|thuc hien)\b")


@dataclass(frozen=True)
class Unit:
    name: str
    scope: str
    phrase: Phrase


@lru_cache(maxsize=1)
def gazetteer() -> tuple[Unit, ...]:
    units = [Unit(r["unit"].strip(), (r.get("scope") or "").strip(), Phrase(r["unit"].strip()))
             for r in catalog.plan_units() if (r.get("unit") or "").strip()]
    # Longest names first so "Văn phòng UBND tỉnh" wins over "UBND tỉnh".
    return tuple(sorted(units, key=lambda u: -len(u.phrase.tokens)))


@dataclass
class UnitHit:
    start: int
    end: int
    unit: Unit


def find_units(text: str) -> list[UnitHit]:
    """Non-overlapping gazetteer units in a text, left to right (longest name wins)."""
    toks = match_tokens(text)
    taken: list[UnitHit] = []
    for u in gazetteer():
        for m in u.phrase.find(toks):
            s, e = m.start, m.start + m.length
            if not any(h.start < e and s < h.end for h in taken):
                taken.append(UnitHit(s, e, u))
    return sorted(taken, key=lambda h: h.start)


def canonical(name: str) -> str:
    """The gazetteer spelling of a unit name when the whole name is a known unit, else the name tidied."""
    name = re.sub(r"\s+", " ", str(name)).strip(" :;,.-–")
    toks = match_tokens(name)
    for u in gazetteer():
        if len(u.phrase.tokens) == len(toks) and u.phrase.find(toks):
            return u.name
    return name


def looks_like_unit(text: str) -> bool:
    key = " ".join(match_tokens(text))
    return any(key.startswith(h) for h in _UNIT_HEADS)


def _words_span(text: str, start: int, end: int) -> str:
    words, _ = raw_words(text)
    return " ".join(words[start:end])


def lead_in_text(text: str) -> str | None:
    """The unit a task text names as its doer, if the text says so at its start."""
    head = text.split(":", 1)
    # "Văn phòng Sở: Có trách nhiệm ..." / "Các đồng chí trong Ban Giám đốc Sở: ..."
    if len(head) == 2 and len(head[0].split()) <= 14 and (looks_like_unit(head[0]) or find_units(head[0])):
        hits = find_units(head[0])
        return hits[-1].unit.name if hits else canonical(head[0])
    hits = find_units(text)
    if hits and hits[0].start <= 4:
        before = match_tokens(text)[:hits[0].start]
        if all(t in _SUBJECT_LEADIN for t in before):
            return hits[0].unit.name
    key = " ".join(match_tokens(text[:200]))
    m = _RESPONSIBLE.match(key)
    if m and looks_like_unit(m.group(1)) and len(m.group(1).split()) <= 14:
        n = len(m.group(1).split())
        return canonical(_words_span(text, 0, n))
    return None


def partners_in_text(text: str, lead: str | None = None) -> list[str]:
    """Units named after "phối hợp (với)" in a task text."""
    toks = match_tokens(text)
    out: list[str] = []
    for h in find_units(text):
        window = toks[max(0, h.start - 6):h.start]
        if any(a == "phoi" and b == "hop" for a, b in zip(window, window[1:])):
            if h.unit.name != lead and h.unit.name not in out:
                out.append(h.unit.name)
    return out


def complete_prefix(fragment: str) -> Unit | None:
    """The one known unit whose name starts with this fragment (2+ words, the first a unit word), if unique."""
    toks = match_tokens(fragment)
    if len(toks) < 2 or not looks_like_unit(fragment):
        return None
    matches = []
    for u in gazetteer():
        p = u.phrase.tokens
        if len(p) > len(toks) and u.phrase.find(toks[:len(toks)]) == [] and \
                Phrase(" ".join(p[:len(toks)])).find(toks):
            matches.append(u)
    return matches[0] if len(matches) == 1 else None
