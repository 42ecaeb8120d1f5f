"""The index catalog: what can vary (indices, components, maxima, editions, breaks) as data.

Everything here is read from `data/catalog/*.csv`. Adding PCI or a 2026 edition
means adding rows there; no page or query changes.

An indicator may have several rows ("periods"): one per stretch of years in
which its meaning and scale stay the same. A new period starts a methodology
break for that indicator: its series is never joined across it.
"""
from __future__ import annotations

import csv
from dataclasses import dataclass
from functools import lru_cache
from pathlib import Path

from chiso import paths


class _Row(dict):
    """A catalog row that knows where it is, so a typo in it is named at its file, line and column
    (someone adding a 2026 edition edits these files by hand)."""
    file: Path
    line: int

    def __missing__(self, column):
        from chiso.errors import InputError
        raise InputError("missing columns {columns}", file=self.file, row=1, columns=f"'{column}'")


def _located_rows(path: Path) -> list[_Row]:
    """A catalog file's rows, each knowing its file and its line as a spreadsheet shows it (header = 1)."""
    with open(path, encoding="utf-8-sig", newline="") as fh:
        rows = []
        for line, r in enumerate(csv.DictReader(fh), start=2):
            row = _Row(r)
            row.file, row.line = path, line
            rows.append(row)
        return rows


def _rows(name: str, catalog_dir: Path | None = None) -> list[dict]:
    return _located_rows((catalog_dir or paths.CATALOG_DIR) / name)


@lru_cache(maxsize=32)
def _table(name: str, catalog_dir: Path | None = None) -> tuple[dict, ...]:
    return tuple(_rows(name, catalog_dir))


def _plain_table(name: str, doc: str):
    """The reader of a catalog file whose rows need no typing: `reader(catalog_dir=None)` -> its rows."""
    def read(catalog_dir: Path | None = None) -> tuple[dict, ...]:
        return _table(name, catalog_dir)
    read.__name__, read.__doc__ = name.removesuffix(".csv"), doc
    return read


def _typed(row: _Row, column: str, kind, required: bool):
    text = str(row[column] or "").strip()
    if text == "" and not required:
        return None
    try:
        return kind(text)
    except ValueError:
        from chiso.errors import InputError
        raise InputError("must be a whole number" if kind is int else "text in a number cell",
                         file=row.file, row=row.line, column=column, value=text) from None


def _num(row: _Row, column: str) -> float | None:
    """A number cell of a catalog row, blank = None."""
    return _typed(row, column, float, required=False)


def _year(row: _Row, column: str) -> int | None:
    """A whole-number cell of a catalog row, blank = None."""
    return _typed(row, column, int, required=False)


def _int(row: _Row, column: str) -> int:
    """A required whole-number cell of a catalog row."""
    return _typed(row, column, int, required=True)


@dataclass(frozen=True)
class Index:
    code: str
    name_vi: str
    name_en: str
    short: str
    publisher_vi: str
    publisher_en: str
    unit_vi: str
    unit_en: str
    first_year: int
    higher_is_better: bool
    methodology_vi: str
    methodology_en: str
    quartile_groups: bool = False
    # The province receives this index's full table and its own scorecard (the Ministry's decision)
    # and enters them on Nhập kết quả: the page and `results` command offer these first.
    province_enters_results: bool = False


@dataclass(frozen=True)
class IndicatorPeriod:
    index_code: str
    indicator_code: str
    parent_code: str | None
    level: int
    kind: str
    name_vi: str
    name_en: str
    max_value: float | None
    min_value: float | None
    first_year: int
    last_year: int | None
    aggregation: str | None
    note: str  # Vietnamese
    note_en: str = ""

    def covers(self, year: int) -> bool:
        return self.first_year <= year and (self.last_year is None or year <= self.last_year)


@dataclass(frozen=True)
class Edition:
    index_code: str
    year: int
    province_set: str
    coverage: str
    methodology: str
    published_ranked_count: int | None
    note_vi: str
    note_en: str


@lru_cache(maxsize=4)
def indices(catalog_dir: Path | None = None) -> dict[str, Index]:
    out = {}
    for r in _rows("indices.csv", catalog_dir):
        out[r["index_code"]] = Index(
            r["index_code"], r["name_vi"], r["name_en"], r["short_vi"], r["publisher_vi"],
            r["publisher_en"], r["unit_vi"], r["unit_en"], _int(r, "first_year"),
            r["higher_is_better"].strip().lower() == "true", r["methodology_vi"], r["methodology_en"],
            r.get("quartile_groups", "").strip().lower() == "true",
            r.get("province_enters_results", "").strip().lower() == "true")
    return out


def short_name(code: str) -> str:
    """An index as every page and command names it ("PAR INDEX", not its code PAR_INDEX); a name
    the catalog lacks (a plan's "ICT", "PACA") as written."""
    index = indices().get(code)
    return index.short if index is not None else code


def short_names(codes) -> list[str]:
    return [short_name(c) for c in codes]


@lru_cache(maxsize=4)
def indicator_periods(catalog_dir: Path | None = None) -> tuple[IndicatorPeriod, ...]:
    return tuple(
        IndicatorPeriod(
            r["index_code"], r["indicator_code"], r["parent_code"] or None, _int(r, "level"), r["kind"],
            r["name_vi"], r["name_en"], _num(r, "max_value"), _num(r, "min_value"),
            _int(r, "first_year"), _year(r, "last_year"), r["aggregation"] or None, r["note"], r.get("note_en") or "")
        for r in _rows("indicators.csv", catalog_dir)
    )


def indicator_period(index_code: str, indicator_code: str, year: int,
                     catalog_dir: Path | None = None) -> IndicatorPeriod | None:
    for p in indicator_periods(catalog_dir):
        if p.index_code == index_code and p.indicator_code == indicator_code and p.covers(year):
            return p
    return None


def indicator_codes(index_code: str, catalog_dir: Path | None = None) -> list[str]:
    seen: dict[str, None] = {}
    for p in indicator_periods(catalog_dir):
        if p.index_code == index_code:
            seen.setdefault(p.indicator_code)
    return list(seen)


# The indicator tree (any year): the one walk of parent_code for the app. A province scorecard's
# criteria (PAR INDEX F3.2.1) are not in the catalog; callers pass `fallback` to climb their tree.
@lru_cache(maxsize=4)
def _parent_of(catalog_dir: Path | None = None) -> dict[tuple[str, str], str]:
    return {(p.index_code, p.indicator_code): p.parent_code for p in indicator_periods(catalog_dir) if p.parent_code}


@lru_cache(maxsize=4)
def _children_of(catalog_dir: Path | None = None) -> dict[tuple[str, str], frozenset[str]]:
    children: dict[tuple[str, str], set[str]] = {}
    for p in indicator_periods(catalog_dir):
        if p.parent_code:
            children.setdefault((p.index_code, p.parent_code), set()).add(p.indicator_code)
    return {k: frozenset(v) for k, v in children.items()}


def parent(index_code: str, code: str) -> str | None:
    """The component `code` is part of (PAPI D2_POVERTY -> D2, D2 -> TOTAL); None at the top or unknown."""
    return _parent_of().get((index_code, code))


def ancestors(index_code: str, code: str, fallback=None) -> list[str]:
    """The components above `code`, nearest first (D2_POVERTY -> [D2, TOTAL]). `fallback(code)` names
    the parent of a code the catalog does not hold (a scorecard's F3.2.1 -> F3.2 -> F3, then the catalog)."""
    out: list[str] = []
    code = parent(index_code, code) or (fallback(code) if fallback else None)
    while code and code not in out:
        out.append(code)
        code = parent(index_code, code) or (fallback(code) if fallback else None)
    return out


def descendants(index_code: str, code: str) -> set[str]:
    """`code` and every component below it in any year (D2 -> D2, D2_POVERTY, ...)."""
    children, found, frontier = _children_of(), {code}, [code]
    while frontier:
        for child in children.get((index_code, frontier.pop()), ()):
            if child not in found:
                found.add(child)
                frontier.append(child)
    return found


def children(index_code: str, parent_code: str, year: int,
             catalog_dir: Path | None = None) -> list[IndicatorPeriod]:
    return [p for p in indicator_periods(catalog_dir)
            if p.index_code == index_code and p.parent_code == parent_code and p.covers(year)]


province_sets = _plain_table("province_sets.csv", "The rows of `province_sets.csv`.")


def province_set_for_year(year: int, catalog_dir: Path | None = None) -> str:
    """Editions assessing 2025 onward rank the 34 provinces formed on 1 July 2025."""
    for s in province_sets(catalog_dir):
        if _int(s, "first_year") <= year and (not s["last_year"] or year <= _int(s, "last_year")):
            return s["province_set"]
    raise ValueError(f"no province set covers {year}")


@lru_cache(maxsize=4)
def editions(catalog_dir: Path | None = None) -> dict[tuple[str, int], Edition]:
    out = {}
    for r in _rows("editions.csv", catalog_dir):
        e = Edition(r["index_code"], _int(r, "year"), r["province_set"], r["coverage"], r["methodology"],
                    _year(r, "published_ranked_count"), r["note_vi"], r["note_en"])
        out[(e.index_code, e.year)] = e
    return out


def edition(index_code: str, year: int, catalog_dir: Path | None = None) -> Edition:
    """The catalog's edition, or a default one for a year the catalog does not list yet
    (a user loading next year's table): its province set by date, coverage decided by the data."""
    e = editions(catalog_dir).get((index_code, year))
    if e:
        return e
    return Edition(index_code, year, province_set_for_year(year, catalog_dir), "auto", "", None, "", "")


methodology_changes = _plain_table("methodology_changes.csv", "The rows of `methodology_changes.csv`.")


province_aliases = _plain_table("province_aliases.csv", "Other spellings of province names (alias, province_code, note).")


indicator_aliases = _plain_table("indicator_aliases.csv", "Component names as sources write them "
                                  "(index_code, alias, indicator_code, first_year, last_year).")


province_history_rows = _plain_table("province_history.csv",
                                     "Provinces of older sets that no longer exist (e.g. Hà Tây).")


# Catalog files the database holds. The weakness rules, plan vocabulary and unit names are read by
# the app directly, so editing them needs no rebuild.
BUILD_TABLES = ("indices.csv", "indicators.csv", "editions.csv", "province_sets.csv", "methodology_changes.csv",
                "province_aliases.csv", "indicator_aliases.csv", "province_history.csv", "source_kinds.csv",
                "source_authorities.csv", "tiers.csv")


def build_inputs(catalog_dir: Path | None = None) -> list[Path]:
    """The catalog files a database build reads (the app rebuilds when one is newer than the database)."""
    return [(catalog_dir or paths.CATALOG_DIR) / name for name in BUILD_TABLES]


def kind_name(kind: str, lang: str = "vi", catalog_dir: Path | None = None) -> str:
    """What the publisher calls a level of its index (`indicator_kinds.csv`): PAPI's "chỉ số nội dung"
    (dimension), PAR INDEX's "lĩnh vực" (field), PCI's "chỉ số thành phần" (sub-index)…"""
    names = {r["kind"]: r for r in _table("indicator_kinds.csv", catalog_dir)}
    return names[kind][f"name_{lang}"] if kind in names else kind


@lru_cache(maxsize=4)
def source_kinds(catalog_dir: Path | None = None) -> dict[str, int]:
    """Source kind -> authority (higher wins when sources disagree): official > provincial > press."""
    return {r["source_kind"]: _int(r, "authority") for r in _rows("source_kinds.csv", catalog_dir)}


source_authorities = _plain_table("source_authorities.csv", "The rows of `source_authorities.csv`.")


def source_kind_of(index_code: str, source: str, catalog_dir: Path | None = None) -> str | None:
    """The kind of a source as `source_authorities.csv` classifies it: by the page's host (a domain
    and its subdomains) or, for a source that is not an address, by how its text starts. A rule
    for the index beats a general one, a longer pattern a shorter one; '*' is the fallback."""
    from urllib.parse import urlparse

    text = str(source).strip()
    host = ""
    if text.lower().startswith(("http://", "https://")):
        host = (urlparse(text).hostname or "").lower()
    best, best_key = None, None
    for r in source_authorities(catalog_dir):
        pattern, index = r["pattern"].strip(), r["index_code"].strip()
        if index and index != index_code:
            continue
        if pattern == "*":
            hit = True
        elif host:
            p = pattern.lower()
            hit = host == p or host.endswith("." + p)
        else:
            hit = text.lower().startswith(pattern.lower())
        if not hit:
            continue
        key = (pattern != "*", bool(index), len(pattern))
        if best_key is None or key > best_key:
            best, best_key = r["source_kind"], key
    return best


@lru_cache(maxsize=4)
def tiers(catalog_dir: Path | None = None) -> dict[tuple[str, str], tuple[int, str, str]]:
    """(index, tier as published) -> (group number, Vietnamese, English): the tiers an index's
    publisher names (PCI's "Rất tốt" … "Thấp"), as opposed to groups chiso computes (PAPI quartiles)."""
    import unicodedata
    return {(r["index_code"], unicodedata.normalize("NFC", r["label_vi"]).strip().lower()):
            (_int(r, "group_no"), r["label_vi"], r["label_en"]) for r in _rows("tiers.csv", catalog_dir)}


def numbered_rows(name: str, path: Path | None = None) -> list[tuple[int, dict]]:
    """Rows of a catalog file with their line number as a spreadsheet shows it (header = 1), for
    modules that validate a file of their own (weakness rules) and must name the faulty line.
    `path` reads another copy of the file (a test, a user's edited rules)."""
    return [(row.line, row) for row in _located_rows(path or paths.CATALOG_DIR / name)]


def catalog_file(name: str) -> Path:
    """Where a catalog file lives (for cache keys on its modification time)."""
    return paths.CATALOG_DIR / name


@lru_cache(maxsize=4)
def index_origins(catalog_dir: Path | None = None) -> dict[str, dict]:
    """Per index, in both languages: where its figures come from and under which licence, what a
    reader must know, how to cite it (`index_origins.csv`; the dataset README is made from it)."""
    return {r["index_code"]: r for r in _rows("index_origins.csv", catalog_dir)}


def results_entry_index(catalog_dir: Path | None = None) -> str:
    """The index a province's results entry starts on: the first whose results the province enters."""
    entered = [code for code, idx in indices(catalog_dir).items() if idx.province_enters_results]
    return entered[0] if entered else next(iter(indices(catalog_dir)))


def index_order(catalog_dir: Path | None = None) -> dict[str, int]:
    """Indices in catalog order (`indices.csv`): PAPI, PAR INDEX, SIPAS, then any index added."""
    return {code: i for i, code in enumerate(indices(catalog_dir))}


plan_units = _plain_table("plan_units.csv", "Unit names plans use (`plan_units.csv`: unit, scope, note).")
