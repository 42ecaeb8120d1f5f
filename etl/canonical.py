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
    "source_kind": "Loại nguồn",
    "published_group": "Nhóm xếp hạng công bố",
}
# How much a source weighs when sources disagree (data/catalog/source_kinds.csv): official = the
# ministry's decision or the publisher's own table, provincial = a provincial government document,
# press = newspapers and other pages. Optional: blank = not stated.
SOURCE_KINDS = ("official", "provincial", "press")
REQUIRED = ("index_code", "year", "indicator_code", "source")
HEADER_TO_KEY = {v: k for k, v in COLUMNS.items()} | {k: k for k in COLUMNS}
YES = {"có", "co", "x", "1", "true", "yes", "derived", "suy ra"}


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
    source_kind: str = ""
    published_group: str = ""  # a tier as the publisher names it ("Rất tốt"), on the TOTAL row


def parse_number(text, *, file, row, column, sheet=None) -> float | None:
    """'85,95', '85.95', '91,81%', 1.5 -> float; blank -> None; anything else is an error."""
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
        return float(s)
    except ValueError:
        raise InputError("ô phải là số (text in a number cell)", file=file, sheet=sheet, row=row,
                         column=column, value=text) from None


def parse_int(text, **where) -> int | None:
    v = parse_number(text, **where)
    if v is None:
        return None
    if v != int(v):
        raise InputError("phải là số nguyên", value=text, **where)
    return int(v)


def rows_to_records(rows: list[dict], *, file: str, sheet: str | None = None, first_row: int = 2) -> list[Record]:
    """Rows keyed by header (Vietnamese or English) -> Records, each checked on its own."""
    from chiso.names import UnknownProvince, resolve_province

    records = []
    for offset, raw in enumerate(rows):
        line = first_row + offset
        r = {HEADER_TO_KEY[k.strip()]: v for k, v in raw.items() if k and k.strip() in HEADER_TO_KEY}
        if all((v is None or str(v).strip() == "") for v in r.values()):
            continue
        if all(r.get(k) is None or str(r.get(k)).strip() == "" for k in ("value", "published_rank", "published_group")):
            continue  # a row not filled in yet (a template's pre-listed province): a gap, not an error

        def where(key):
            return dict(file=file, sheet=sheet, row=line, column=COLUMNS[key])

        for key in REQUIRED:
            if r.get(key) is None or str(r[key]).strip() == "":
                raise InputError("thiếu giá trị bắt buộc", **where(key))
        year = parse_int(r["year"], **where("year"))
        value = parse_number(r.get("value"), **where("value"))
        rank = parse_int(r.get("published_rank"), **where("published_rank"))
        name = str(r.get("province_name") or "").strip()
        code = str(r.get("province_code") or "").strip()
        province_set = str(r.get("province_set") or "").strip() or None
        if code and code.replace(".0", "").isdigit():
            code = code.replace(".0", "").zfill(2)
        elif name and province_set != "34":
            try:
                code = resolve_province(name)
            except UnknownProvince as exc:
                raise InputError(str(exc), **where("province_name")) from None
        elif name:
            code = None  # 34-province names are resolved at build time against that set
        else:
            raise InputError("thiếu tên hoặc mã tỉnh", **where("province_name"))
        kind = str(r.get("source_kind") or "").strip().lower()
        if kind and kind not in SOURCE_KINDS:
            raise InputError(_("unknown source kind, use one of {kinds}", kinds=" | ".join(SOURCE_KINDS)),
                             value=r.get("source_kind"), **where("source_kind"))
        records.append(Record(
            index_code=str(r["index_code"]).strip().upper(), year=year, province_code=code or None,
            province_name=name, indicator_code=str(r["indicator_code"]).strip().upper(), value=value,
            published_rank=rank,
            published_ranked_count=parse_int(r.get("published_ranked_count"), **where("published_ranked_count")),
            derived=str(r.get("derived") or "").strip().lower() in YES,
            source=str(r["source"]).strip(), note=str(r.get("note") or "").strip(),
            province_set=province_set, source_kind=kind,
            published_group=str(r.get("published_group") or "").strip(), file=file, sheet=sheet, row=line))
    return records


def read_csv(path: Path) -> list[Record]:
    try:
        with open(path, encoding="utf-8-sig", newline="") as fh:
            text = fh.read()
    except UnicodeDecodeError as exc:
        line = path.read_bytes()[: exc.start].count(b"\n") + 1
        raise InputError("tệp không phải UTF-8 (wrong encoding; save as CSV UTF-8)", file=path, row=line) from None
    reader = csv.DictReader(text.splitlines())
    check_headers(reader.fieldnames or [], file=path)
    return rows_to_records(list(reader), file=str(path))


def check_headers(headers: list, *, file, sheet=None) -> None:
    known = {HEADER_TO_KEY[h.strip()] for h in headers if h and str(h).strip() in HEADER_TO_KEY}
    missing = [COLUMNS[k] for k in REQUIRED + ("value",) if k not in known]
    if "province_name" not in known and "province_code" not in known:
        missing.append(COLUMNS["province_name"])
    unknown = [h for h in headers if h and str(h).strip() not in HEADER_TO_KEY]
    if missing or unknown:
        msg = []
        if missing:
            msg.append("thiếu cột " + ", ".join(f"'{m}'" for m in missing))
        if unknown:
            msg.append("cột không nhận ra " + ", ".join(f"'{u}'" for u in unknown))
        raise InputError("; ".join(msg) + " (wrong columns)", file=file, sheet=sheet, row=1)


def is_canonical_headers(headers) -> bool:
    keys = {HEADER_TO_KEY.get(str(h).strip()) for h in headers if h}
    return {"index_code", "year", "indicator_code"} <= keys


def read_xlsx(path: Path) -> list[Record]:
    import openpyxl

    wb = openpyxl.load_workbook(path, data_only=True, read_only=False)
    records = []
    for ws in wb.worksheets:
        header = [c.value for c in ws[1]]
        if not is_canonical_headers(header):
            continue
        if ws.merged_cells.ranges:
            for rng in ws.merged_cells.ranges:
                if rng.min_row == 1:
                    raise InputError("ô tiêu đề bị gộp (merged header cells); tách ô để mỗi cột có một tiêu đề",
                                     file=path, sheet=ws.title, row=1, column=rng.coord)
        check_headers(header, file=path, sheet=ws.title)
        rows = []
        for values in ws.iter_rows(min_row=2, values_only=True):
            rows.append({h: v for h, v in zip(header, values) if h})
        records += rows_to_records(rows, file=str(path), sheet=ws.title)
    return records


def write_csv(records: list[Record], out: Path) -> None:
    with open(out, "w", encoding="utf-8", newline="") as fh:
        w = csv.writer(fh, lineterminator="\n")
        w.writerow(COLUMNS.values())
        for r in records:
            w.writerow([r.index_code, r.year, r.province_set or "", r.province_code or "", r.province_name,
                        r.indicator_code, _num(r.value), "" if r.published_rank is None else r.published_rank,
                        "" if r.published_ranked_count is None else r.published_ranked_count,
                        "có" if r.derived else "", r.source, r.note, r.source_kind, r.published_group])


def _num(v) -> str:
    return "" if v is None else repr(float(v)) if not float(v).is_integer() else str(int(v)) if abs(v) < 1e15 else repr(v)
