"""Spreadsheets coming in and going out, treated as hostile.

In: only `.csv` and `.xlsx`, at most `MAX_UPLOAD_BYTES`; an `.xlsx` is opened
with openpyxl in read-only, `data_only` mode without macros or external links,
so formulas are never evaluated (we see the value Excel cached, or nothing)
and VBA never loads; a zip whose contents inflate beyond
`MAX_XLSX_UNCOMPRESSED` is refused before parsing (zip bomb).

Out: every text cell starting with `=`, `+`, `-`, `@`, tab or carriage return
gets a leading apostrophe, so Excel or LibreOffice shows it as text instead of
running it as a formula (CSV/formula injection); reading it back removes the
apostrophe again so an export re-imports unchanged.
"""
from __future__ import annotations

import csv
import re
import datetime as dt
import io
import zipfile
from pathlib import Path

from chiso import fmt, limits, tables, xmlstream
from chiso.cells import neutralise, unneutralise
from chiso.errors import InputError
from chiso.i18n import N_, _

MAX_UPLOAD_BYTES = limits.UPLOAD_BYTES  # .streamlit/config.toml's server.maxUploadSize, one value
MAX_XLSX_UNCOMPRESSED = 50 * 1024 * 1024
MAX_ROWS = 5000
MAX_COLUMNS = 40  # the task template has 15; room for a few columns of people's own
ACCEPTED_TYPES = (".csv", ".xlsx")
# Excel 97–2003 files are still common in provincial offices: the upload boxes take them (Streamlit's
# own refusal names a MIME type) to say how to make the .xlsx that is read
OLD_EXCEL = ".xls"


def check_upload(filename: str, data: bytes) -> str:
    """The file's type (".csv" or ".xlsx") if it may be parsed; InputError otherwise."""
    name = Path(filename or "").name
    suffix = Path(name).suffix.lower()
    if suffix == OLD_EXCEL:
        raise InputError(N_("an Excel 97–2003 workbook (.xls) cannot be read: open it in Excel or LibreOffice, save "
                            "it as .xlsx, and use that file"), file=name)
    if suffix not in ACCEPTED_TYPES:
        raise InputError(N_("only {types} files are accepted, not '{suffix}'"), file=name,
                         types=" / ".join(ACCEPTED_TYPES), suffix=suffix or _("no extension"))
    if len(data) > MAX_UPLOAD_BYTES:
        raise InputError(N_("file too large ({size} MB; at most {limit} MB)"), file=name,
                         size=fmt.number(len(data) / 1048576, 1), limit=MAX_UPLOAD_BYTES // 1048576)
    if not data:
        raise InputError(N_("the file is empty"), file=name)
    if suffix == ".xlsx":
        if not data.startswith(b"PK\x03\x04") or not zipfile.is_zipfile(io.BytesIO(data)):
            raise InputError(N_("not a valid .xlsx workbook"), file=name)
        with zipfile.ZipFile(io.BytesIO(data)) as zf:
            infos = zf.infolist()
            if sum(i.file_size for i in infos) > MAX_XLSX_UNCOMPRESSED:
                raise InputError(N_("the .xlsx file unpacks too large (it may be malicious)"), file=name)
            if any(i.filename.lower().endswith("vbaproject.bin") for i in infos):
                raise InputError(N_("the file holds macros (VBA), which are refused: save it again as an .xlsx "
                                    "without macros"), file=name)
            _check_extent(zf, name)
    elif b"\x00" in data:
        raise InputError(N_("the .csv file holds binary data"), file=name)
    return suffix


_SHEET = re.compile(r"xl/worksheets/[^/]+\.xml")
_CELL_REF = re.compile(r"([A-Z]{1,3})(\d{1,7})")
_S = "{http://schemas.openxmlformats.org/spreadsheetml/2006/main}"


def _column_number(letters: str) -> int:
    n = 0
    for ch in letters:
        n = n * 26 + ord(ch) - 64
    return n


def _check_extent(zf: zipfile.ZipFile, name: str) -> None:
    """Refuse a sheet with a value outside MAX_COLUMNS x (MAX_ROWS + 50) before openpyxl opens it:
    a reader pads every row to the farthest cell, so 5,000 cells far off cost seconds and hundreds
    of MB. The sheets are streamed (bytes counted as they inflate; their declared sizes can lie)."""
    inflated = {"limit": MAX_XLSX_UNCOMPRESSED}

    def refuse():
        raise InputError(N_("the .xlsx file unpacks too large (it may be malicious)"), file=name)

    for member in (i.filename for i in zf.infolist() if _SHEET.fullmatch(i.filename)):
        row_no = col_no = 0
        for event, el in xmlstream.iterparse(zf, member, inflated, refuse, events=("start", "end"),
                                             tag=(f"{_S}row", f"{_S}c")):
            if el.tag == f"{_S}row":
                if event == "start":
                    row_no, col_no = int(el.get("r") or row_no + 1), 0
                else:
                    el.clear()
                    while el.getprevious() is not None:
                        del el.getparent()[0]
                continue
            if event == "start":
                continue
            found = _CELL_REF.fullmatch(el.get("r") or "")
            col_no = _column_number(found.group(1)) if found else col_no + 1
            has_value = any(child.tag in (f"{_S}v", f"{_S}is", f"{_S}f") for child in el)
            if has_value and (col_no > MAX_COLUMNS or row_no > MAX_ROWS + 50):
                raise InputError(_("cell {cell} holds a value outside the first {columns} columns and {rows} rows "
                                   "a task list may use; delete it or copy the tasks into a new sheet",
                                   cell=el.get("r") or f"#{row_no}:{col_no}", columns=MAX_COLUMNS,
                                   rows=MAX_ROWS + 50), file=name, sheet=member.rsplit("/", 1)[-1])


def read_grid(filename: str, data: bytes) -> list[tuple[int, list]]:
    """Non-blank rows as (row number as the spreadsheet shows it, cell values)."""
    suffix = check_upload(filename, data)
    name = Path(filename).name
    grid = _read_xlsx(name, data) if suffix == ".xlsx" else _read_csv(name, data)
    grid = [(n, cells) for n, cells in grid if any(_present(c) for c in cells)]
    if len(grid) > MAX_ROWS + 1:
        raise InputError(N_("too many rows ({rows}; at most {limit})"), file=name, rows=len(grid), limit=MAX_ROWS)
    return grid


def _present(value) -> bool:
    return value is not None and str(value).strip() != ""


def _read_csv(name: str, data: bytes) -> list[tuple[int, list]]:
    try:
        text = data.decode("utf-8-sig")
    except UnicodeDecodeError as exc:
        raise InputError(N_("the .csv file is not UTF-8: in Excel, save it as 'CSV UTF-8'"), file=name) from exc
    first_line = text.split("\n", 1)[0]
    # Excel set to Vietnamese (decimal comma) separates CSV fields with ';'.
    delimiter = max((",", ";", "\t"), key=first_line.count)
    reader = csv.reader(io.StringIO(text, newline=""), delimiter=delimiter)
    try:
        return [(n, [unneutralise(c) for c in cells]) for n, cells in enumerate(reader, start=1)]
    except csv.Error as exc:
        raise InputError(N_("damaged .csv file: {problem}"), file=name, problem=str(exc)) from exc


def _read_xlsx(name: str, data: bytes) -> list[tuple[int, list]]:
    import openpyxl
    try:
        wb = openpyxl.load_workbook(io.BytesIO(data), read_only=True, data_only=True,
                                    keep_vba=False, keep_links=False)
    except Exception as exc:  # openpyxl raises many types for damaged files
        raise InputError(N_("cannot open the .xlsx file: {problem}"), file=name, problem=str(exc)) from exc
    try:
        sheet = next((wb[s] for s in wb.sheetnames if s.strip().lower() == "nhiệm vụ"), wb.worksheets[0])
        grid = []
        # Bounded to the extent `_check_extent` allowed: padding past it would only add blanks.
        for n, row in enumerate(sheet.iter_rows(values_only=True, max_col=MAX_COLUMNS, max_row=MAX_ROWS + 50),
                                start=1):
            if n > MAX_ROWS + 50:
                raise InputError(N_("too many rows (at most {limit})"), file=name, limit=MAX_ROWS)
            grid.append((n, [unneutralise(c) if isinstance(c, str) else c for c in row]))
        return grid
    finally:
        wb.close()


def write_xlsx(headers: list[str], rows: list[list], sheet_name: str = "Nhiệm vụ") -> bytes:
    """An .xlsx with one header row; dates as real dates shown dd/mm/yyyy; text neutralised."""
    import openpyxl
    from openpyxl.styles import Alignment, Font

    wb = openpyxl.Workbook()
    ws = wb.active
    ws.title = sheet_name
    ws.append(headers)
    for cell in ws[1]:
        cell.font = Font(bold=True)
    for values in rows:
        ws.append([None for _ in values])
        r = ws.max_row
        for c, value in enumerate(values, start=1):
            cell = ws.cell(row=r, column=c)
            if isinstance(value, (dt.date, dt.datetime)):
                cell.value = value
                cell.number_format = "DD/MM/YYYY"
            elif value is None or value == "":
                cell.value = None
            else:
                # Neutralised first: openpyxl stores any string starting with "=" as a formula.
                cell.value = neutralise(str(value))
                cell.alignment = Alignment(wrap_text=True, vertical="top")
    widths = {"Nội dung nhiệm vụ": 70, "Ghi chú tiến độ": 40, "Đơn vị chủ trì": 28, "Đơn vị phối hợp": 28, "Nguồn": 30}
    for c, h in enumerate(headers, start=1):
        ws.column_dimensions[openpyxl.utils.get_column_letter(c)].width = widths.get(h, 16)
    tables.fit_rows(ws, range(2, ws.max_row + 1))
    ws.freeze_panes = "A2"
    out = io.BytesIO()
    wb.save(out)
    return out.getvalue()
