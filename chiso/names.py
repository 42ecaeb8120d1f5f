"""Province names: one normalised key for every spelling the sources use.

Sources write one province many ways ("TP. Hồ Chí Minh", "Ho Chi Minh City",
"Thừa Thiên - Huế", "Đăk Lăk", "Hoà Bình"). Matching is by a key with no case,
diacritics, punctuation or administrative prefix, plus the aliases in
`data/catalog/province_aliases.csv`.
"""
from __future__ import annotations

import csv
import datetime as dt
import re
import unicodedata
from dataclasses import dataclass
from functools import lru_cache

from chiso import paths
from chiso.errors import ChisoError
from chiso.i18n import _, language

_PREFIXES = ("thanh pho ", "tp ", "tinh ", "city of ", "province of ")
_SUFFIXES = (" province", " city")


def without_marks(text: str) -> str:
    """No diacritics (đ -> d, Đ -> D), case and punctuation kept: "Thành phố Huế" -> "Thanh pho Hue"."""
    text = unicodedata.normalize("NFD", str(text)).replace("đ", "d").replace("Đ", "D")
    return "".join(ch for ch in text if unicodedata.category(ch) != "Mn")


def fold(text: str) -> str:
    """Lower case, no diacritics (đ -> d), punctuation as spaces, spaces collapsed."""
    text = without_marks(text).lower()
    text = re.sub(r"[^a-z0-9]+", " ", text)
    return re.sub(r"\s+", " ", text).strip()


def matching(text: str, options, label=str) -> list:
    """The options a typed text names, read as people type (without diacritics, in any case): those
    whose label it is, else those whose label holds it. One rule for the app's lists and the command
    line ("so noi vu" is Sở Nội vụ, "kiem soat tham nhung" D4 · Kiểm soát tham nhũng …)."""
    typed = fold(text or "")
    if not typed:
        return []
    labels = [(option, fold(str(label(option)))) for option in options]
    return [o for o, words in labels if words == typed] or [o for o, words in labels if typed in words]


def province_key(name: str) -> str:
    key = fold(name)
    changed = True
    while changed:
        changed = False
        for p in _PREFIXES:
            if key.startswith(p):
                key, changed = key[len(p):], True
        for s in _SUFFIXES:
            if key.endswith(s) and key != s.strip():
                key, changed = key[: -len(s)], True
    return key.replace(" ", "")


class UnknownProvince(ChisoError, ValueError):
    """No province has this name: said in the run's language (a page's, the CLI's)."""


@dataclass(frozen=True)
class Province:
    code: str
    name_vi: str
    name_en: str
    region_vi: str
    region_en: str
    code_2025: str
    name_2025: str
    type: str = "tỉnh"  # "tỉnh" or "thành phố" (a centrally-run city): how official letterheads name it


def _read_csv(path):
    with open(path, encoding="utf-8", newline="") as fh:
        return list(csv.DictReader(fh))


@lru_cache(maxsize=1)
def provinces() -> tuple[Province, ...]:
    rows = _read_csv(paths.DATA_DIR / "provinces.csv")
    return tuple(
        Province(r["province_code"], r["name_vi"], r["name_en"], r["region_vi"], r["region_en"],
                 r["code_2025"], r["name_2025"], r.get("type") or "tỉnh")
        for r in rows
    )


def province_names() -> dict[str, str]:
    """Each province's name by code, in the language being spoken (chiso.i18n): what the command line prints."""
    english = language() == "en"
    return {p.code: p.name_en if english else p.name_vi for p in provinces()}


def province_name(code: str) -> str:
    """A province's name in the language being spoken, for a sentence; the code itself when it names none."""
    return province_names().get(str(code).zfill(2) if str(code).isdigit() else code, code)


@dataclass(frozen=True)
class HistoricalProvince:
    """A province of an older set that no longer exists (Hà Tây, ranked on its own until its merger
    into Hà Nội on 1 August 2008), with the province it became part of."""
    code: str
    name_vi: str
    name_en: str
    region_vi: str
    region_en: str
    province_set: str
    last_year: int
    merged_into_code: str
    merged_on: str
    label_vi: str
    label_en: str
    successor_note_vi: str
    successor_note_en: str
    source: str


@lru_cache(maxsize=1)
def historical_provinces() -> tuple[HistoricalProvince, ...]:
    from chiso import catalog
    rows = catalog.province_history_rows()
    return tuple(HistoricalProvince(
        r["province_code"].zfill(2), r["name_vi"], r["name_en"], r["region_vi"], r["region_en"], r["province_set"],
        int(r["last_year"]), r["merged_into_code"].zfill(2), r["merged_on"], r["label_vi"], r["label_en"],
        r["successor_note_vi"], r["successor_note_en"], r["source"]) for r in rows)


@lru_cache(maxsize=8)
def province_set_codes(province_set: str) -> frozenset[str]:
    """Codes of the provinces one set ranks: '63' the pre-2025 provinces, '34' those formed on
    1 July 2025, an older set (e.g. '64') the 63 codes plus its own historical provinces."""
    if province_set == "34":
        return frozenset(p.code_2025 for p in provinces())
    codes = {p.code for p in provinces()}
    return frozenset(codes | {h.code for h in historical_provinces() if h.province_set == province_set})


@lru_cache(maxsize=1)
def _key_index() -> dict[str, str]:
    index: dict[str, str] = {}
    for h in historical_provinces():
        index[province_key(h.name_vi)] = h.code
        index[province_key(h.name_en)] = h.code
    for p in provinces():
        index[province_key(p.name_vi)] = p.code
        index[province_key(p.name_en)] = p.code
        index[p.code.lstrip("0") or "0"] = p.code
        index[p.code] = p.code
    from chiso import catalog
    for r in catalog.province_aliases():
        index[province_key(r["alias"])] = r["province_code"].zfill(2)
    return index


def province_keys() -> dict[str, str]:
    """Every spelling's key (`province_key`) -> GSO code: names in both languages, aliases, codes
    (for a reader matching a damaged name against them, as the plan reader does)."""
    return dict(_key_index())


def resolve_province(name: str) -> str:
    """GSO code (pre-2025, 63-province set, or a historical province such as Hà Tây) of a province
    name in any spelling, or UnknownProvince."""
    code = _key_index().get(province_key(name))
    if code is None:
        raise UnknownProvince("no province is called '{name}'", name=name)
    return code


@lru_cache(maxsize=1)
def provinces_2025() -> dict[str, str]:
    """code_2025 -> name_2025 for the 34 provinces formed on 1 July 2025."""
    return {p.code_2025: p.name_2025 for p in provinces()}


REORGANISED_ON = dt.date(2025, 7, 1)  # the 34 provinces of the National Assembly's 2025 resolution
CITY = "Thành phố "


@dataclass(frozen=True)
class NewProvince:
    """One of the 34 provinces formed on 1 July 2025, named as a letterhead and a sentence name it."""
    code: str
    name_vi: str  # as the resolution names it: "Đồng Nai", "Thành phố Huế"
    name_en: str  # "Dong Nai", "Hue"

    @property
    def short_vi(self) -> str:
        """"Huế", "Đồng Nai": the place of a document's date line."""
        return self.name_vi.removeprefix(CITY)

    @property
    def type(self) -> str:
        return "thành phố" if self.name_vi.startswith(CITY) else "tỉnh"


@lru_cache(maxsize=1)
def new_provinces() -> dict[str, NewProvince]:
    """code_2025 -> the new province. In English a new province is named as the 63 were: the English
    name of the pre-2025 province of its name ("Đồng Nai" -> "Dong Nai"), else its name without
    "Thành phố" and diacritics ("Thành phố Huế" -> "Hue"). The build writes these names to
    `provinces_2025`, which pages read."""
    english = {p.name_vi: p.name_en for p in provinces()}
    out = {}
    for code, name in provinces_2025().items():
        short = name.removeprefix(CITY)
        out[code] = NewProvince(code, name, english.get(short, without_marks(short)))
    return out


def successor(code: str) -> tuple[NewProvince, bool] | None:
    """The province `code` is part of since 1 July 2025, and whether it became that province alone
    (Thừa Thiên Huế is thành phố Huế; Bình Phước is part of Đồng Nai); None when it kept its name and
    kind (Hà Tĩnh, and Đồng Nai itself), or is not of the 63."""
    old = next((p for p in provinces() if p.code == code), None)
    if old is None or not old.code_2025:
        return None
    new = new_provinces()[old.code_2025]
    if (new.type, new.short_vi) == (old.type, old.name_vi):
        return None
    return new, len(formed_together(code)) == 1


def joined_by(code: str) -> tuple[str, ...]:
    """The provinces of the 63 made part of `code`'s province on 1 July 2025 when it kept its name and kind
    (Bình Phước for Đồng Nai, Long An for Tây Ninh), which `successor` does not name; none otherwise."""
    return () if successor(code) is not None else tuple(c for c in formed_together(code) if c != code)


def province_now(code: str) -> str:
    """A province of the 63 named with what it is today, for what lives on past 1 July 2025 (an account, a
    department): "Long An (từ 01/07/2025 thuộc Tây Ninh)", "Thừa Thiên Huế (nay là Thành phố Huế)", and a
    province that kept its name as it is ("Hà Tĩnh", "Đồng Nai")."""
    moved, former = successor(code), province_name(code)
    if moved is None:
        return former
    new, alone = moved
    today = set_province_name(new.code, "34")
    if alone:
        return _("{former} (now {province})", former=former, province=today)
    return _("{former} (part of {province} from 1 July 2025)", former=former, province=today)


@lru_cache(maxsize=128)
def formed_together(code: str) -> tuple[str, ...]:
    """The provinces of the 63 made one province with `code` on 1 July 2025, itself included, by name
    (Bình Phước, Đồng Nai); a province made of itself alone (Hà Tĩnh), or not of the 63, is alone."""
    successor = {p.code: p.code_2025 for p in provinces()}
    if not successor.get(code):
        return (code,)
    return tuple(p.code for p in sorted(provinces(), key=lambda p: province_key(p.name_vi))
                 if p.code_2025 == successor[code])


def set_province_name(code: str, province_set: str | None) -> str:
    """A province's name in the language being spoken, as the list its code is of names it: a code of the 34
    is the new province's (80: Tây Ninh, which has Long An's code), any other the 63's (80: Long An)."""
    if province_set == "34" and code in new_provinces():
        new = new_provinces()[code]
        return new.name_vi if language() == "vi" else new.name_en
    return province_name(code)


def resolve_province_2025(name: str) -> str:
    """Code in the 34-province set of a post-2025 province name (e.g. 'Thành phố Huế')."""
    key = province_key(name)
    for code, n in provinces_2025().items():
        if province_key(n) == key:
            return code
    raise UnknownProvince("no province (from 1 July 2025) is called '{name}'", name=name)
