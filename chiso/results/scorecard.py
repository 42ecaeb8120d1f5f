"""A province's own scorecard: field → criterion → sub-criterion, each with its maximum and points.

The Ministry sends every province, with the decision, its detailed results: each field (lĩnh
vực), criterion (tiêu chí) and sub-criterion (tiêu chí thành phần) with the maximum and the
points obtained. The template (`template_xlsx`) has one row per item, in the Ministry's order:

    Chỉ số | Năm | Cấp | Mã | Tên (như văn bản của Bộ) | Điểm tối đa | Điểm đạt được | Ghi chú

`Cấp` is Lĩnh vực / Tiêu chí / Tiêu chí thành phần (or 1/2/3); it may be left blank when `Mã` is
the Ministry's numbering ("2", "2.1", "2.1.3"). A criterion belongs to the field above it, a
sub-criterion to the criterion above it. Codes are optional: a field is matched to the
catalog's field by code, number or name; criteria and sub-criteria get codes from their place
in the tree, `F2.1`, `F2.1.3` (the Ministry's own numbers when given), so the same item keeps
its code from one year's scorecard to the next and tasks can link to it (`PAR_INDEX:F2.1.3`).
"""
from __future__ import annotations

import io
import re
from dataclasses import dataclass, field

from chiso import catalog
from chiso.errors import InputError
from chiso.i18n import _
from chiso.names import fold
from chiso.tasks.uploads import check_upload
from etl.canonical import parse_int, parse_number

COLUMNS = {
    "index_code": "Chỉ số",
    "year": "Năm",
    "level": "Cấp",
    "code": "Mã",
    "name": "Tên (như văn bản của Bộ)",
    "max_value": "Điểm tối đa",
    "points": "Điểm đạt được",
    "note": "Ghi chú",
}
HEADER_TO_KEY = {fold(v): k for k, v in COLUMNS.items()} | {fold(k): k for k in COLUMNS} | {
    "ten": "name", "diem toi da": "max_value", "diem dat": "points", "diem": "points", "cap do": "level"}
LEVEL_NAMES = {1: "Lĩnh vực", 2: "Tiêu chí", 3: "Tiêu chí thành phần"}
LEVEL_WORDS = {"linh vuc": 1, "tieu chi": 2, "tieu chi thanh phan": 3, "1": 1, "2": 2, "3": 3,
               "field": 1, "criterion": 2, "sub criterion": 3}
KINDS = {1: "field", 2: "criterion", 3: "sub_criterion"}  # 2 and 3: codes.SCORECARD_KINDS
SHEET = "Bảng điểm"
TOLERANCE = 1e-6
SUM_TOLERANCE = 0.011  # the Ministry rounds to two decimals


@dataclass
class Item:
    row: int
    level: int
    code: str            # indicator code: a catalog code (F2) or one built from the tree (F2.1.3)
    parent_code: str | None
    name: str
    max_value: float | None
    points: float | None
    in_catalog: bool
    note: str = ""


@dataclass
class Scorecard:
    file: str
    sheet: str
    index_code: str
    year: int
    items: list[Item] = field(default_factory=list)
    warnings: list[str] = field(default_factory=list)

    def leaves(self) -> list[Item]:
        parents = {i.parent_code for i in self.items}
        return [i for i in self.items if i.code not in parents]


# ------------------------------------------------------------------ template

INSTRUCTIONS = [
    "Bảng điểm chi tiết của tỉnh do Bộ Nội vụ gửi kèm quyết định công bố chỉ số (một dòng cho mỗi mục).",
    "Cấp: 'Lĩnh vực', 'Tiêu chí' hoặc 'Tiêu chí thành phần' (hoặc 1, 2, 3). Có thể bỏ trống nếu cột Mã ghi số "
    "thứ tự của Bộ như 2, 2.1, 2.1.3.",
    "Tiêu chí thuộc lĩnh vực ở dòng trên nó, tiêu chí thành phần thuộc tiêu chí ở dòng trên nó: giữ đúng thứ tự "
    "của văn bản.",
    "Tên: chép đúng như văn bản của Bộ. Mã: không bắt buộc.",
    "Điểm tối đa và Điểm đạt được: số, dấu phẩy hay dấu chấm thập phân đều được. Ô trống là chưa có số liệu.",
    "Không gõ, đoán hay nội suy số liệu.",
    "Nhập: trang 'Nhập kết quả' của chiso, hoặc python -m chiso results import <tệp> --province <tỉnh> "
    "--document \"<số quyết định>\"",
]


def entry_year(today=None) -> int:
    """The edition a province enters now: last year's (the Ministry publishes year Y's results in
    Y+1). What Nhập kết quả offers first and `chiso results template` writes by default."""
    from chiso.clock import today_vn
    return (today or today_vn()).year - 1


def template_xlsx(index_code: str | None = None, year: int | None = None) -> bytes:
    """The scorecard template: the catalog's fields of that edition pre-listed, rows for the rest."""
    index_code = index_code or catalog.results_entry_index()
    import openpyxl
    from openpyxl.styles import Font, PatternFill
    from openpyxl.worksheet.datavalidation import DataValidation

    wb = openpyxl.Workbook()
    ws = wb.active
    ws.title = SHEET
    ws.append(list(COLUMNS.values()))
    for cell in ws[1]:
        cell.font = Font(bold=True)
        cell.fill = PatternFill("solid", fgColor="FFF2CC")
    for f in catalog_fields(index_code, year) if year else []:
        ws.append([index_code, year, LEVEL_NAMES[1], f.indicator_code, f.name_vi, f.max_value, None, None])
    for col, width in zip("ABCDEFGH", (11, 7, 20, 9, 70, 12, 14, 30)):
        ws.column_dimensions[col].width = width
    ws.freeze_panes = "A2"
    levels = DataValidation(type="list", formula1='"' + ",".join(LEVEL_NAMES.values()) + '"', allow_blank=True)
    ws.add_data_validation(levels)
    levels.add("C2:C1000")
    guide = wb.create_sheet("Hướng dẫn")
    for line in INSTRUCTIONS:
        guide.append([line])
    guide.column_dimensions["A"].width = 120
    out = io.BytesIO()
    wb.save(out)
    return out.getvalue()


def catalog_fields(index_code: str, year: int) -> list[catalog.IndicatorPeriod]:
    return [p for p in catalog.indicator_periods()
            if p.index_code == index_code and p.level == 1 and p.kind == "field" and p.covers(year)]


# ------------------------------------------------------------------ reading

def read(filename: str, data: bytes) -> Scorecard:
    """The scorecard in an uploaded .xlsx/.csv, checked whole; InputError names sheet, row, column."""
    from pathlib import Path

    name = Path(filename or "").name
    suffix = check_upload(name, data)
    sheet, grid = _grid(name, data, suffix)
    if not grid:
        raise InputError(_("the file is empty"), file=name)
    header_row, header = grid[0]
    keys = [HEADER_TO_KEY.get(fold(h)) if h is not None else None for h in header]
    missing = [COLUMNS[k] for k in ("index_code", "year", "name", "max_value", "points") if k not in keys]
    if missing:
        raise InputError(_("missing columns {columns} (use the scorecard template)",
                           columns=", ".join(f"'{m}'" for m in missing)), file=name, sheet=sheet, row=header_row)
    rows = [(n, {k: v for k, v in zip(keys, cells) if k}) for n, cells in grid[1:]]
    return _parse(name, sheet, rows)


def _grid(name: str, data: bytes, suffix: str) -> tuple[str | None, list[tuple[int, list]]]:
    if suffix == ".csv":
        from chiso.tasks.uploads import _read_csv
        return None, [(n, c) for n, c in _read_csv(name, data) if any(_present(x) for x in c)]
    import openpyxl
    try:
        wb = openpyxl.load_workbook(io.BytesIO(data), read_only=True, data_only=True, keep_vba=False,
                                    keep_links=False)
    except Exception as exc:  # openpyxl raises many types for damaged files
        raise InputError(_("cannot open the .xlsx file: {error}", error=exc), file=name) from None
    try:
        ws = next((wb[s] for s in wb.sheetnames if fold(s) == fold(SHEET)), wb.worksheets[0])
        grid = [(n, list(r)) for n, r in enumerate(ws.iter_rows(values_only=True), start=1)
                if any(_present(x) for x in r)]
        return ws.title, grid
    finally:
        wb.close()


def _present(v) -> bool:
    return v is not None and str(v).strip() != ""


def _text(v) -> str:
    if isinstance(v, float) and v.is_integer():
        v = int(v)
    return " ".join(str(v if v is not None else "").split())


def _numbering(code: str) -> list[int] | None:
    """'2.1.3' -> [2, 1, 3]; 'II' -> [2]; 'F2' / 'F2.1' -> [2, 1]; otherwise None."""
    text = code.strip().rstrip(".").upper()
    roman = {"I": 1, "II": 2, "III": 3, "IV": 4, "V": 5, "VI": 6, "VII": 7, "VIII": 8, "IX": 9, "X": 10}
    if text in roman:
        return [roman[text]]
    text = re.sub(r"^F", "", text)
    if re.fullmatch(r"\d+(\.\d+)*", text):
        return [int(p) for p in text.split(".")]
    return None


def _parse(file: str, sheet: str | None, rows: list[tuple[int, dict]]) -> Scorecard:
    def where(line, key):
        return dict(file=file, sheet=sheet, row=line, column=COLUMNS[key])

    index_code = year = None
    fields_by_name: dict[str, catalog.IndicatorPeriod] = {}
    card = None
    path: dict[int, Item] = {}       # the latest item of each level (the tree above the next row)
    ordinal: dict[str | None, int] = {}
    seen: dict[str, int] = {}
    for line, r in rows:
        if not any(_present(v) for v in r.values()):
            continue
        for key in ("index_code", "year", "name"):
            if not _present(r.get(key)):
                raise InputError(_("a required value is missing"), **where(line, key))
        idx = _text(r["index_code"]).upper()
        yr = parse_int(r["year"], **where(line, "year"))
        if card is None:
            if idx not in catalog.indices():
                raise InputError(_("index not in the catalog"), value=idx, **where(line, "index_code"))
            index_code, year = idx, yr
            card = Scorecard(file, sheet or "", index_code, year)
            fields_by_name = {fold(f.name_vi): f for f in catalog_fields(index_code, year)}
        elif (idx, yr) != (index_code, year):
            raise InputError(_("one scorecard is one index and one year ({index} {year} above)",
                               index=index_code, year=year), value=f"{idx} {yr}", **where(line, "index_code"))
        code_text = _text(r.get("code"))
        numbering = _numbering(code_text) if code_text else None
        level_text = fold(_text(r.get("level")))
        if level_text:
            level = LEVEL_WORDS.get(level_text)
            if level is None:
                raise InputError(_("level must be Lĩnh vực, Tiêu chí or Tiêu chí thành phần (or 1, 2, 3)"),
                                 value=r.get("level"), **where(line, "level"))
        elif numbering and len(numbering) <= 3:
            level = len(numbering)
        else:
            raise InputError(_("say the level (Lĩnh vực, Tiêu chí, Tiêu chí thành phần) or number the item "
                               "like 2.1.3"), **where(line, "level"))
        name = _text(r["name"])
        max_value = parse_number(r.get("max_value"), **where(line, "max_value"))
        points = parse_number(r.get("points"), **where(line, "points"))
        if max_value is not None and max_value <= 0:
            raise InputError(_("the maximum must be above zero"), value=r.get("max_value"), **where(line, "max_value"))
        if points is not None and (points < -TOLERANCE or (max_value is not None and points > max_value + TOLERANCE)):
            raise InputError(_("points outside 0 to the maximum ({max})", max=f"{max_value:g}" if max_value else "?"),
                             value=r.get("points"), **where(line, "points"))

        parent = path.get(level - 1) if level > 1 else None
        if level > 1 and parent is None:
            raise InputError(_("a {level} must come below its {parent}", level=LEVEL_NAMES[level],
                               parent=LEVEL_NAMES[level - 1]), value=name, **where(line, "level"))
        parent_code = parent.code if parent else "TOTAL"
        ordinal[parent_code] = ordinal.get(parent_code, 0) + 1
        number = numbering[-1] if numbering else ordinal[parent_code]
        in_catalog = False
        if level == 1:
            match = _catalog_field(code_text, numbering, name, index_code, year, fields_by_name)
            in_catalog = match is not None
            code = match.indicator_code if match else f"F{number}"
            if not in_catalog and catalog.indicator_period(index_code, code, year) is not None:
                code = f"SC_F{number}"  # the catalog's F{n} is another field: never take over its code
        else:
            code = f"{parent.code}.{number}"
            in_catalog = catalog.indicator_period(index_code, code, year) is not None
        if code in seen:
            raise InputError(_("the same item twice (row {row} has code {code})", row=seen[code], code=code),
                             value=code_text or name, **where(line, "code"))
        seen[code] = line
        item = Item(line, level, code, parent_code, name, max_value, points, in_catalog, _text(r.get("note")))
        card.items.append(item)
        path[level] = item
        for deeper in [lv for lv in path if lv > level]:
            del path[deeper]
    if card is None or not card.items:
        raise InputError(_("the scorecard has no item"), file=file, sheet=sheet)
    card.warnings = _sum_warnings(card)
    return card


def _catalog_field(code_text, numbering, name, index_code, year, fields_by_name):
    by_code = catalog.indicator_period(index_code, code_text.strip().upper(), year) if code_text else None
    if by_code is not None and by_code.level == 1:
        return by_code
    if fold(name) in fields_by_name:
        return fields_by_name[fold(name)]
    if numbering and len(numbering) == 1:
        p = catalog.indicator_period(index_code, f"F{numbering[0]}", year)
        if p is not None and p.level == 1:
            return p
    return None


def _sum_warnings(card: Scorecard) -> list[str]:
    """Children whose maxima or points do not add up to their parent's: shown for review, not refused
    (a Ministry scorecard may deduct points at the criterion level)."""
    out = []
    for parent in card.items:
        kids = [i for i in card.items if i.parent_code == parent.code]
        if not kids:
            continue
        for attr, label in (("max_value", _("maximum")), ("points", _("points"))):
            own, vals = getattr(parent, attr), [getattr(k, attr) for k in kids]
            if own is None or any(v is None for v in vals):
                continue
            if abs(sum(vals) - own) > SUM_TOLERANCE:
                out.append(_("row {row} ({code}): {what} {own} but its items add up to {sum}", row=parent.row,
                             code=parent.code, what=label, own=f"{own:g}", sum=f"{sum(vals):g}"))
    return out

