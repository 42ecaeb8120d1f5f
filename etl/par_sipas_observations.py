"""PAR INDEX and SIPAS as values stated in public pages: one value per row, with its page.

`observations.csv` (and `derived_from_rank_changes.csv`, ranks computed by the
source's own arithmetic: kept marked derived). Columns: index, year, province,
metric (`total`, `rank`, a component name, `<component> (rank)`,
`<component> (% of field max)`), value, max_value, source_url, note.
Every edition here is partial: ranks are published ranks out of 63, never
computed from these few values.
"""
from __future__ import annotations

import csv
import re
from pathlib import Path

from chiso import aliases
from chiso.errors import InputError
from chiso.names import UnknownProvince, resolve_province
from etl import authority
from etl.canonical import Record, parse_int, parse_number

COLUMNS = ["index", "year", "province", "metric", "value", "max_value", "source_url", "note"]
AGG_COLUMNS = ["index", "year", "scope", "metric", "value", "source_url", "note"]
RANK_SUFFIX = re.compile(r"\s*\(rank\)\s*$")
PCT_SUFFIX = re.compile(r"\s*\(% of (field )?max\)\s*$")


def looks_like(path: Path) -> bool:
    return path.suffix.lower() == ".csv" and _header(path) == COLUMNS


def looks_like_aggregates(path: Path) -> bool:
    return path.suffix.lower() == ".csv" and _header(path) == AGG_COLUMNS


def _header(path: Path) -> list[str]:
    with open(path, encoding="utf-8-sig", errors="replace") as fh:
        return next(csv.reader(fh), [])


def _read_text(path: Path) -> str:
    try:
        return path.read_text(encoding="utf-8-sig")
    except UnicodeDecodeError as exc:
        raise InputError("tệp không phải UTF-8 (wrong encoding)", file=path,
                         row=path.read_bytes()[: exc.start].count(b"\n") + 1) from None


def read(path: Path) -> list[Record]:
    derived_file = "derived" in path.stem
    records = []
    for line, r in enumerate(csv.DictReader(_read_text(path).splitlines()), start=2):
        index = r["index"].strip()
        if index not in ("PAR_INDEX", "SIPAS"):
            raise InputError("chỉ số không nhận ra", file=path, row=line, column="index", value=index)
        year = parse_int(r["year"], file=path, row=line, column="year")
        try:
            province = resolve_province(r["province"])
        except UnknownProvince as exc:
            raise InputError(str(exc), file=path, row=line, column="province") from None
        metric = r["metric"].strip()
        is_rank = metric == "rank" or bool(RANK_SUFFIX.search(metric))
        is_pct = bool(PCT_SUFFIX.search(metric))
        name = PCT_SUFFIX.sub("", RANK_SUFFIX.sub("", metric))
        code = "TOTAL" if name in ("total", "rank") else aliases.indicator_for(index, name, year)
        if code is None:
            raise InputError("thành phần không có trong danh mục chỉ số (unknown component)", file=path,
                             row=line, column="metric", value=metric)
        if is_pct:
            code = f"{code}_PCT"
        where = dict(file=path, row=line, column="value")
        value = parse_int(r["value"], **where) if is_rank else parse_number(r["value"], **where)
        note = r["note"].strip()
        records.append(Record(
            index, year, province, r["province"].strip(), code,
            None if is_rank else value, value if is_rank else None, 63 if is_rank else None,
            derived_file or note.lower().startswith(("derived", "inferred")),
            r["source_url"].strip(), note, "63", str(path), None, line,
            {"stated_max": r["max_value"].strip()}))
    return authority.classify(records)


def read_aggregates(path: Path) -> list[dict]:
    out = []
    for line, r in enumerate(csv.DictReader(_read_text(path).splitlines()), start=2):
        out.append({
            "index_code": r["index"].strip(),
            "year": parse_int(r["year"], file=path, row=line, column="year"),
            "scope": r["scope"].strip(),
            "metric": r["metric"].strip(),
            "value": parse_number(r["value"], file=path, row=line, column="value"),
            "source": r["source_url"].strip(),
            "note": r["note"].strip(),
        })
    return out
