"""The canonical long format: one published value per row, with its source.

This is what `data/published/*.csv` ships (written by the importers from the
raw files) and what a user fills in by hand for a new year (CSV or the XLSX
template in `data/templates/`). Headers are Vietnamese; the English keys are
accepted too, so a table pasted from another tool still loads.
"""
from __future__ import annotations

import csv
import math
from dataclasses import dataclass, field
from pathlib import Path

from chiso.errors import InputError
from chiso.i18n import _

# key -> Vietnamese header. Order is the file's column order.
COLUMNS = {
    "index_code": "Chỉ số",
    "year": "Năm",
    "province_set": "Bộ tỉnh",
    "province_code": "Mã tỉnh",
    "province_name": "Tỉnh/thành phố",
    "indicator_code": "Mã thành phần",
    "value": "Giá trị",
    "published_rank": "Xếp hạng công bố",
    "published_ranked_count": "Số tỉnh xếp hạng",
    "derived": "Suy ra",
    "source": "Nguồn",
    "note": "Ghi chú",
}
# Optional columns: a file without them still loads (a template filled in before they existed).
OPTIONAL_COLUMNS = {
    "source_kind": "Loại nguồn",  # official | provincial | press: authority when sources disagree
    "published_group": "Nhóm xếp hạng công bố",  # a tier as the publisher names it ("Rất tốt")
}
ALL_COLUMNS = COLUMNS | OPTIONAL_COLUMNS
# English msgids (chiso.i18n); the Vietnamese wording lives in locales/vi
TEXT_IN_NUMBER = "text in a number cell"
NOT_FINITE = "not a finite number (NaN or infinity)"
NOT_INTEGER = "must be a whole number"
TOO_LARGE = "a number too large for this column"
LARGEST_INTEGER = 2_147_483_647  # what a year, rank or ranked count column (INTEGER) holds
MAX_CELL = 131_072  # characters in one cell; Python's csv module stops there too
WRONG_ENCODING = "the file is not UTF-8 (wrong encoding; in Excel choose 'CSV UTF-8')"
# How much a source weighs when sources disagree (data/catalog/source_kinds.csv): official = the
# ministry's decision or the publisher's own table, provincial = a provincial government document,
# press = newspapers and other pages. Optional: blank = not stated.
SOURCE_KINDS = ("official", "provincial", "press")
REQUIRED = ("index_code", "year", "indicator_code", "source")
HEADER_TO_KEY = {v: k for k, v in ALL_COLUMNS.items()} | {k: k for k in ALL_COLUMNS}
YES = {"có", "co", "x", "1", "true", "yes", "derived", "suy ra"}
NO = {"không", "khong", "0", "false", "no"}  # what the "Suy ra" column may say besides YES, or be blank
NOT_YES_OR_NO = "write 'có' (derived) or 'không', or leave the cell blank"


@dataclass
class Record:
    index_code: str
    year: int
    province_code: str | None
    province_name: str
    indicator_code: str
    value: float | None
    published_rank: int | None
    published_ranked_count: int | None
    derived: bool
    source: str
    note: str = ""
    province_set: str | None = None
    # where it came from, for error messages and the observations table
    file: str = ""
    sheet: str | None = None
    row: int = 0
    extra: dict = field(default_factory=dict)
    source_kind: str = ""  # official | provincial | press, when the importer knows it
    published_group: str = ""  # a tier as the publisher names it ("Rất tốt"), on the TOTAL row


def parse_number(text, *, file, row, column, sheet=None) -> float | None:
    """'85,95', '85.95', '91,81%', 1.5 -> float; blank -> None; anything else is an error.

    For the importers of raw formats, a cell at a time; the canonical files are parsed in SQL by
    the same rule (etl/sql/parse.sql)."""
    if text is None:
        return None
    if isinstance(text, (int, float)):
        if isinstance(text, float) and math.isnan(text):
            return None
        return float(text)
    s = str(text).strip().replace("\u00a0", "").replace(" ", "")
    if s == "":
        return None
    if s.endswith("%"):
        s = s[:-1]
    if "," in s and "." in s:  # 1.234,5 (Vietnamese) or 1,234.5 (English)
        s = s.replace(".", "").replace(",", ".") if s.rfind(",") > s.rfind(".") else s.replace(",", "")
    else:
        s = s.replace(",", ".")
    try:
        number = float(s)
    except ValueError:
        raise InputError(TEXT_IN_NUMBER, file=file, sheet=sheet, row=row, column=column, value=text) from None
    if not math.isfinite(number):
        raise InputError(NOT_FINITE, file=file, sheet=sheet, row=row, column=column, value=text)
    return number


def parse_int(text, **where) -> int | None:
    v = parse_number(text, **where)
    if v is None:
        return None
    if v != int(v):
        raise InputError(NOT_INTEGER, value=text, **where)
    if abs(v) > LARGEST_INTEGER:
        raise InputError(TOO_LARGE, value=text, **where)
    return int(v)


def rows_to_records(rows: list[dict], *, file: str, sheet: str | None = None, first_row: int = 2) -> list[Record]:
    """Rows keyed by header (Vietnamese or English) -> Records checked by the build's rules (etl.validate)."""
    from etl import checked_records
    return checked_records.records_from_rows(rows, file=file, sheet=sheet, first_row=first_row)


def check_headers(headers: list, *, file, sheet=None) -> None:
    known = {HEADER_TO_KEY[h.strip()] for h in headers if h and str(h).strip() in HEADER_TO_KEY}
    missing = [COLUMNS[k] for k in REQUIRED + ("value",) if k not in known]
    if "province_name" not in known and "province_code" not in known:
        missing.append(COLUMNS["province_name"])
    unknown = [h for h in headers if h and str(h).strip() not in HEADER_TO_KEY]
    # two headers for one column ("Giá trị" twice, or "Giá trị" and "Value"): which one holds the figure?
    keys = [HEADER_TO_KEY.get(str(h).strip()) if h else None for h in headers]
    twice = [str(h).strip() for i, (h, k) in enumerate(zip(headers, keys)) if k and k in keys[:i]]
    if missing or unknown or twice:

        msg = []
        if missing:
            msg.append(_("missing columns {columns}", columns=", ".join(f"'{m}'" for m in missing)))
        if unknown:
            msg.append(_("unrecognised columns {columns}", columns=", ".join(f"'{u}'" for u in unknown)))
        if twice:
            msg.append(_("columns given more than once {columns}", columns=", ".join(f"'{c}'" for c in twice)))
        raise InputError("{problems} (wrong columns)", file=file, sheet=sheet, row=1, problems="; ".join(msg))


def is_canonical_headers(headers) -> bool:
    keys = {HEADER_TO_KEY.get(str(h).strip()) for h in headers if h}
    return {"index_code", "year", "indicator_code"} <= keys


def is_table_of_figures(headers) -> bool:
    """A header with the value column and another canonical one ("Giá trị" beside "Tỉnh/thành phố")
    but maybe not all the required ones: a table of figures with a column missing or misnamed, for
    check_headers to refuse with the missing columns named (skipped as "not a canonical sheet", its
    figures were lost without a word). The template's component list has no value column."""
    keys = {HEADER_TO_KEY.get(str(h).strip()) for h in headers if h is not None} - {None}
    return "value" in keys and len(keys) >= 2


def write_csv(records: list[Record], out: Path) -> None:
    """The canonical CSV, every column (the optional ones included, blank when not known)."""
    with open(out, "w", encoding="utf-8", newline="") as fh:
        w = csv.writer(fh, lineterminator="\n")
        w.writerow(ALL_COLUMNS.values())
        for r in records:
            w.writerow([r.index_code, r.year, r.province_set or "", r.province_code or "", r.province_name,
                        r.indicator_code, _num(r.value), "" if r.published_rank is None else r.published_rank,
                        "" if r.published_ranked_count is None else r.published_ranked_count,
                        "có" if r.derived else "", r.source, r.note, r.source_kind, r.published_group])


def _num(v) -> str:
    return "" if v is None else repr(float(v)) if not float(v).is_integer() else str(int(v)) if abs(v) < 1e15 else repr(v)
