"""The linking vocabulary: which words in a task point to which index component.

It is data, `data/catalog/vocabulary.csv` (index_code, indicator_code, phrase,
note), so officials extend it without code: one row per phrase; a blank
indicator_code links to the whole index; a note starting with "tên chỉ số"
marks a phrase that *names* the index (used to list the indices a plan names).
Phrases are matched diacritics-folded and OCR-tolerant (see `ocrtext`), so
"thủ tục hành chính" also finds "thu tuc hanh chinh" and "tht tuc hanh chinh".
"""
from __future__ import annotations

from dataclasses import dataclass
from functools import lru_cache
from pathlib import Path

from chiso import catalog
from chiso.errors import InputError
from chiso.i18n import N_
from chiso.plans.model import Link
from chiso.plans.ocrtext import Phrase, raw_words

VOCABULARY_FILE = "vocabulary.csv"
NAME_NOTE = "tên chỉ số"


@dataclass(frozen=True)
class Entry:
    index_code: str
    indicator_code: str | None
    phrase: Phrase
    names_index: bool


def _known_components() -> set[tuple[str, str]]:
    return {(p.index_code, p.indicator_code) for p in catalog.indicator_periods()}


@lru_cache(maxsize=4)
def load(path: str | None = None) -> tuple[Entry, ...]:
    """The vocabulary (`data/catalog/vocabulary.csv`, or another copy at `path`), read by chiso.catalog."""
    name = Path(path).name if path else VOCABULARY_FILE
    known = _known_components()
    entries = []
    # Rows come from chiso.catalog, the only reader of data/catalog.
    for rowno, r in catalog.numbered_rows(VOCABULARY_FILE, Path(path) if path else None):
        index_code = (r.get("index_code") or "").strip().upper()
        indicator = (r.get("indicator_code") or "").strip().upper() or None
        text = (r.get("phrase") or "").strip()
        if not index_code or not text:
            continue
        # A wrong indicator code would silently create links nobody can follow.
        if indicator and (index_code, indicator) not in known:
            raise InputError(N_("component code not in data/catalog/indicators.csv"),
                             file=name, row=rowno, column="indicator_code", value=f"{index_code}:{indicator}")
        entries.append(Entry(index_code, indicator, Phrase(text),
                             (r.get("note") or "").strip().lower().startswith(NAME_NOTE)))
    return tuple(entries)


@dataclass
class _Hit:
    entry: Entry
    start: int
    end: int
    words: str


def _hits(text: str, entries) -> list[_Hit]:
    words, toks = raw_words(text)
    hits = []
    for e in entries:
        for m in e.phrase.find(toks):
            hits.append(_Hit(e, m.start, m.start + m.length, " ".join(words[m.start:m.start + m.length])))
    # A phrase inside a longer matched phrase says less than the longer one
    # ("một cửa" inside "một cửa điện tử"): keep only the longer.
    spans = {(h.start, h.end) for h in hits}
    return [h for h in hits
            if not any(s <= h.start and h.end <= e and (e - s) > (h.end - h.start) for s, e in spans)]


def find_links(text: str, entries=None) -> list[Link]:
    """Links suggested by the vocabulary for one task text, each with its trigger words, in catalog order."""
    entries = load() if entries is None else entries
    links: dict[tuple[str, str | None], Link] = {}
    for h in _hits(text, entries):
        key = (h.entry.index_code, h.entry.indicator_code)
        link = links.setdefault(key, Link(*key, []))
        if h.words not in link.triggers:
            link.triggers.append(h.words)
    return merge_links(list(links.values()))


def merge_links(links: list[Link]) -> list[Link]:
    """One link per component; an index-level link is dropped when a component of that index is linked."""
    merged: dict[tuple[str, str | None], Link] = {}
    for l in links:
        m = merged.setdefault((l.index_code, l.indicator_code), Link(l.index_code, l.indicator_code, []))
        m.triggers.extend(t for t in l.triggers if t not in m.triggers)
    with_parts = {i for i, c in merged if c}
    # The most specific link says it all: drop an index when one of its components is linked,
    # and a dimension (PAPI D2) when one of its sub-dimensions (D2_BUDGET) is.
    covered = {(i, catalog.parent(i, c)) for i, c in merged if c}
    kept = [l for (i, c), l in merged.items() if (c and (i, c) not in covered) or (not c and i not in with_parts)]
    order = catalog.index_order()  # indices outside the catalogue (ICT INDEX, DTI …) after it
    return sorted(kept, key=lambda l: (order.get(l.index_code, len(order)), l.index_code, l.indicator_code or ""))


def named_indices(text: str, entries=None) -> list[str]:
    """Index codes whose name appears in the text, in order of first mention."""
    entries = load() if entries is None else entries
    first: dict[str, int] = {}
    for h in _hits(text, [e for e in entries if e.names_index]):
        first[h.entry.index_code] = min(first.get(h.entry.index_code, h.start), h.start)
    return sorted(first, key=first.get)
