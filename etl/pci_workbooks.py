"""PCI in VCCI's own workbooks (`PCI_<year>.xls` / `.xlsx`, archived in mdtrinh/vietnamdata, CC0).

One summary sheet per workbook, in three layouts over the years:
- one row per province (2006 `PCI Tóm tắt`, 2007 `Tóm tắt các chỉ số PCI`, 2009 `Tong Hop`): a
  province column, then rank, tier, sub-indices and the weighted total;
- "paired sorted columns" (2008 `Tổng hợp`, 2010–2012 `Tong hop`, 2013–2016 `Summary_VN`): every
  sub-index is its own (province, score) pair sorted by score, so a value belongs to the province
  column nearest on its left, never to the row's first province.
Headers sit in one to three rows above the first province and name the column in the cell above
its values (Vietnamese, sometimes English above it). A column is read as the weighted total, the
rank, the tier or a sub-index (catalog aliases, `data/catalog/indicator_aliases.csv`); unweighted
totals, region, PCI codes and the one-province block below the table are not figures of the
edition and are skipped. Where a workbook has no rank column (2006, 2008) the rank is the row's
number ("Thứ tự") in the table sorted by the total, which the importer checks is sorted, and says so
in a note. A sub-index the catalog lists for the year but the sheet lacks is an error.
"""
from __future__ import annotations

import re
import unicodedata
from pathlib import Path

from chiso import aliases, catalog
from chiso.errors import InputError
from chiso.i18n import _
from chiso.names import UnknownProvince, fold, resolve_province
from etl import authority
from etl.canonical import Record

ARCHIVE = "mdtrinh/vietnamdata, commit be581b8d, CC0"
FILE_NAME = re.compile(r"^PCI_(\d{4})\.xlsx?$", re.IGNORECASE)
SUMMARY_SHEETS = ("pci tom tat", "tom tat cac chi so pci", "tong hop", "summary vn")
SUMMARY_ROWS = ("min", "max", "trung vi", "thap nhat", "cao nhat", "trung binh")
# Header words that say what a column is, in the order they are tried (folded text).
ROLES = (
    ("skip", re.compile(r"chua co trong so|^ma pci$|^vung$")),
    ("rank", re.compile(r"^(xep hang|thu hang)")),
    ("tier", re.compile(r"nhom xep hang")),
    ("order", re.compile(r"^thu tu$")),
    ("total", re.compile(r"(^|\s)pci(\s|$)|co trong so|cuoi cung")),
)


def looks_like(path: Path) -> bool:
    return bool(FILE_NAME.match(Path(path).name))


def _open(path: Path):
    """(sheet names, sheet name -> rows of cell values): xlrd for VCCI's old .xls, openpyxl for .xlsx."""
    if path.suffix.lower() == ".xls":
        import xlrd

        book = xlrd.open_workbook(str(path))
        blank = (xlrd.XL_CELL_EMPTY, xlrd.XL_CELL_BLANK)

        def rows(name):
            sh = book.sheet_by_name(name)
            return [[None if c.ctype in blank else c.value for c in sh.row(r)] for r in range(sh.nrows)]
        return book.sheet_names(), rows
    import openpyxl

    book = openpyxl.load_workbook(path, data_only=True, read_only=True)
    return book.sheetnames, lambda name: [list(r) for r in book[name].iter_rows(values_only=True)]


def _sheet(path: Path, names: list[str]) -> str:
    for name in names:
        if fold(name) in SUMMARY_SHEETS:
            return name
    raise InputError(_("no PCI summary sheet (expected one of {sheets})", sheets=", ".join(SUMMARY_SHEETS)), file=path)


def _text(v) -> str:
    return unicodedata.normalize("NFC", str(v)).strip() if v is not None else ""


def _province(v) -> str | None:
    if not isinstance(v, str) or not v.strip():
        return None
    try:
        return resolve_province(v)
    except UnknownProvince:
        return None


def _col(n: int) -> str:
    s, n = "", n + 1
    while n:
        n, r = divmod(n - 1, 26)
        s = chr(65 + r) + s
    return s


def _role(labels: list[str], year: int) -> tuple[str, str | None]:
    """A sub-index named in any header row wins (2006 puts an English note mentioning 'PCI 2005'
    above the Vietnamese name); otherwise the first header that says total, rank, tier, order."""
    for label in labels:
        code = aliases.indicator_for("PCI", re.sub(r"\s+", " ", label), year)
        if code:
            return "value", code
    for label in labels:
        key = fold(re.sub(r"\s+", " ", label))
        for role, pattern in ROLES:
            if pattern.search(key):
                return role, None
    return "unknown", None


def read(path: Path) -> list[Record]:
    path = Path(path)
    m = FILE_NAME.match(path.name)
    if not m:
        raise InputError(_("a VCCI workbook is named PCI_<year>.xls or .xlsx"), file=path)
    year = int(m.group(1))
    names, rows = _open(path)
    sheet = _sheet(path, names)
    grid = rows(sheet)
    width = max((len(r) for r in grid), default=0)
    grid = [r + [None] * (width - len(r)) for r in grid]
    where = dict(file=path, sheet=sheet)

    start = next((i for i, row in enumerate(grid) if any(_province(v) for v in row)), None)
    if start is None:
        raise InputError(_("no province found in the sheet"), **where)
    name_cols = [c for c, v in enumerate(grid[start]) if _province(v)]
    end = start
    while end < len(grid) and _text(grid[end][name_cols[0]]) and fold(_text(grid[end][name_cols[0]])) not in SUMMARY_ROWS:
        end += 1

    columns = {}  # column -> (role, indicator code, header text)
    for c in range(len(grid[start])):
        if c in name_cols:
            continue
        labels = [_text(grid[h][c]) for h in range(start) if _text(grid[h][c])]
        role, code = _role(labels, year)
        if role == "unknown" and not labels and c < name_cols[0]:
            role = "order"  # 2006: an unlabelled first column numbering the rows
        if role not in ("unknown", "skip"):
            columns[c] = (role, code, " / ".join(labels))

    def owner(c: int) -> int:
        left = [n for n in name_cols if n < c]
        return left[-1] if left else name_cols[0]

    per_province: dict[str, dict] = {}
    order_of_row: dict[int, int] = {}
    for r in range(start, end):
        for c, (role, code, header) in columns.items():
            v = grid[r][c]
            if v is None or _text(v) == "":
                continue
            if role == "order":
                order_of_row[r] = int(v)
                continue
            name = _text(grid[r][owner(c)])
            try:
                province = resolve_province(name)
            except UnknownProvince as exc:
                raise InputError(str(exc), row=r + 1, column=_col(owner(c)), value=name, **where) from None
            entry = per_province.setdefault(province, {"name": name, "values": {}, "rows": {}, "columns": {}})
            if role == "tier":
                entry["tier"] = _text(v)
            elif role == "rank":
                entry["rank"] = int(v)
            else:
                if not isinstance(v, (int, float)):
                    raise InputError(_("text in a number cell"), row=r + 1, column=_col(c), value=v, **where)
                key = "TOTAL" if role == "total" else code
                entry["values"][key] = float(v)
                entry["columns"][key] = _col(c)
                entry["rows"][key] = r + 1
                if role == "total":
                    entry["total_row"] = r

    expected = {p.indicator_code for p in catalog.children("PCI", "TOTAL", year)} | {"TOTAL"}
    found = {k for e in per_province.values() for k in e["values"]}
    if expected - found:
        raise InputError(_("the sheet lacks PCI {year} components {codes}", year=year,
                           codes=", ".join(sorted(expected - found))), **where)

    rank_note = ""
    if not any("rank" in e for e in per_province.values()):
        totals = sorted((e["total_row"], e["values"]["TOTAL"]) for e in per_province.values())
        if any(a[1] < b[1] for a, b in zip(totals, totals[1:])) or not order_of_row:
            raise InputError(_("no rank column and the table is not sorted by its total"), **where)
        for e in per_province.values():
            e["rank"] = order_of_row[e["total_row"]]
        rank_note = "xếp hạng = số thứ tự trong bảng sắp theo điểm PCI (bảng không có cột xếp hạng)"

    count = len(per_province)
    source = f"VCCI, PCI {year}: tệp Excel của VCCI ({path.name}, trang {sheet}; bản lưu tại {ARCHIVE})"
    records = []
    for province, e in sorted(per_province.items()):
        for code, value in e["values"].items():
            is_total = code == "TOTAL"
            records.append(Record(
                "PCI", year, province, e["name"], code, value,
                e.get("rank") if is_total else None, count if is_total else None, False, source,
                rank_note if is_total else "", None, source_kind="",
                published_group=e.get("tier", "") if is_total else "",
                file=str(path), sheet=sheet, row=e["rows"][code], extra={"column": e["columns"][code]}))
    return authority.classify(records)
