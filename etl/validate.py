"""Checks every published value against the catalog before anything is loaded.

A failure raises InputError naming the file, sheet, row and column; nothing is
loaded. Disagreements between sources are not errors: they are reported.
"""
from __future__ import annotations

from chiso import catalog
from chiso.errors import InputError
from chiso.names import UnknownProvince, province_set_codes, provinces, resolve_province_2025
from etl.canonical import COLUMNS, Record

TOLERANCE = 1e-6  # float32 noise in UNDP's 2015-2016 sheets is below this


def _where(r: Record, key: str) -> dict:
    column = r.extra.get("column") if key in ("value",) and r.extra.get("column") else COLUMNS[key]
    return dict(file=r.file, sheet=r.sheet, row=r.row, column=column)


def check_record(r: Record) -> None:
    indices = catalog.indices()
    if r.index_code not in indices:
        raise InputError("chỉ số không có trong danh mục (unknown index)", value=r.index_code, **_where(r, "index_code"))
    edition = catalog.edition(r.index_code, r.year)
    if r.province_set and r.province_set != edition.province_set:
        raise InputError(f"kỳ {r.index_code} {r.year} xếp hạng bộ {edition.province_set} tỉnh, không phải bộ {r.province_set}",
                         value=r.province_set, **_where(r, "province_set"))
    r.province_set = edition.province_set
    if edition.province_set == "34":
        try:
            r.province_code = resolve_province_2025(r.province_name) if r.province_name else r.province_code
        except UnknownProvince as exc:
            raise InputError(str(exc), **_where(r, "province_name")) from None
        if r.province_code not in {p.code_2025 for p in provinces()}:
            raise InputError("mã tỉnh không thuộc bộ 34 tỉnh", value=r.province_code, **_where(r, "province_code"))
    elif r.province_code not in province_set_codes(edition.province_set):
        raise InputError(f"mã tỉnh không thuộc bộ {edition.province_set} tỉnh (unknown province)",
                         value=r.province_code, **_where(r, "province_code"))
    period = catalog.indicator_period(r.index_code, r.indicator_code, r.year)
    if period is None:
        raise InputError(f"thành phần không có trong danh mục {r.index_code} năm {r.year}",
                         value=r.indicator_code, **_where(r, "indicator_code"))
    if r.value is not None:
        if r.value < 0 or (period.max_value is not None and r.value > period.max_value + TOLERANCE):
            limit = "" if period.max_value is None else f" (tối đa {period.max_value:g})"
            raise InputError(f"điểm vượt thang{limit} (score outside its scale)", value=r.value, **_where(r, "value"))
    if r.published_rank is not None:
        count = r.published_ranked_count or int(next(s["province_count"] for s in catalog.province_sets()
                                                     if s["province_set"] == edition.province_set))
        if not 1 <= r.published_rank <= count:
            raise InputError(f"xếp hạng ngoài khoảng 1–{count}", value=r.published_rank, **_where(r, "published_rank"))


def check_duplicates(records: list[Record]) -> list[Record]:
    """Same value stated twice by one source collapses; one source stating two values is an error."""
    seen: dict[tuple, Record] = {}
    out = []
    for r in records:
        for kind, v in (("value", r.value), ("published_rank", r.published_rank)):
            if v is None:
                continue
            key = (r.index_code, r.year, r.province_code, r.indicator_code, kind, r.source, r.file)
            prev = seen.get(key)
            if prev is None:
                seen[key] = r
            elif abs(getattr(prev, kind) - v) > TOLERANCE:
                raise InputError(f"dòng trùng với dòng {prev.row} nhưng khác giá trị ({getattr(prev, kind)} ≠ {v})",
                                 value=v, **_where(r, kind))
        out.append(r)
    return out
