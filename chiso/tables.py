"""Tables out: XLSX workbooks that work in Excel and on paper, CSV files, ZIP bundles with a README.

No Streamlit here: pages call `chiso.ui_exports`, the deck, the briefing pack and the CLI call
these directly. Texts are chiso.i18n msgids; an export in another language than the run's is made
inside `with i18n.use(lang):`.

A workbook is read by people and by formulas, so:
- numbers are numbers (`#,##0.00`, shown `85,95` or `85.95` by each reader's Excel), dates are
  dates (`dd/mm/yyyy`); a rank written "8/61" becomes two numeric columns, the rank and the count
  ranked, so it sorts; a gap is an EMPTY cell (never 0, never text in a number column), and a
  note row above the table says what an empty cell means;
- printing: landscape, one page wide, the header row repeated on every page.

Spreadsheet safety: a text cell starting with `=`, `+`, `-`, `@`, tab or carriage return is
written as explicit text with Excel's quote-prefix flag; in CSV it gets a leading apostrophe
(`chiso.cells`).
"""
from __future__ import annotations

import csv
import datetime as dt
import io
import re
import zipfile
from dataclasses import dataclass, field

import pandas as pd

from chiso import fmt
from chiso.cells import neutralise, set_text
from chiso.i18n import _
from chiso.clock import today_vn

DEFAULT_FLOAT_FORMAT = "#,##0.00"   # Excel's invariant syntax; Excel shows 85,95 or 85.95 per user locale
DEFAULT_INT_FORMAT = "#,##0"
ROW_LINE_PT = 15                     # a line of Calibri 11 in a row, the default row height
DATE_FORMAT = "dd/mm/yyyy"           # the users' convention in both languages, not the locale's
_RANK_TEXT = re.compile(r"^\s*(\d+)\s*/\s*(\d+)\s*$")


@dataclass
class Sheet:
    """One table of a workbook: `frame` with `headers` (column -> header shown), Excel
    `number_formats` (column -> format code), a title and a source line above it."""
    frame: pd.DataFrame
    name: str = ""
    title: str = ""
    source: str = ""
    headers: dict[str, str] = field(default_factory=dict)
    number_formats: dict[str, str] = field(default_factory=dict)
    notes: list[str] = field(default_factory=list)
    ranks: bool = True  # a text column of "8/61" becomes a rank and a count ranked (split_ranks)


def _is_missing(value) -> bool:
    if value is None:
        return True
    try:
        return bool(pd.isna(value))
    except (TypeError, ValueError):
        return False


def _cell_value(value):
    """Python/openpyxl-friendly value: numpy scalars to Python, timestamps to datetimes."""
    if isinstance(value, pd.Timestamp):
        return value.to_pydatetime()
    if hasattr(value, "item") and not isinstance(value, (str, bytes)):
        try:
            return value.item()
        except (ValueError, AttributeError):
            return value
    return value


def split_ranks(frame: pd.DataFrame, headers: dict[str, str]) -> tuple[pd.DataFrame, dict[str, str]]:
    """Every text column holding ranks as "8/61" becomes two integer columns, the rank and the
    count ranked (so the rank sorts and sums); other text is left alone."""
    out, heads = frame.copy(), dict(headers)
    for c in list(frame.columns):
        if not (pd.api.types.is_object_dtype(frame[c]) or pd.api.types.is_string_dtype(frame[c])):
            continue
        values = [v for v in frame[c] if not _is_missing(v) and str(v).strip() != ""]
        if not values or not all(isinstance(v, str) and _RANK_TEXT.match(v) for v in values):
            continue
        parts = [(_RANK_TEXT.match(v) if isinstance(v, str) else None) for v in frame[c]]
        at = list(out.columns).index(c)
        count_col = f"{c}__ranked_count"
        out[c] = pd.array([int(m.group(1)) if m else None for m in parts], dtype="Int64")
        out.insert(at + 1, count_col, pd.array([int(m.group(2)) if m else None for m in parts], dtype="Int64"))
        heads[count_col] = _("Provinces ranked")
    return out, heads


def _formats(df: pd.DataFrame, given: dict[str, str]) -> dict[str, str]:
    formats = dict(given)
    for c in df.columns:
        if c in formats or pd.api.types.is_bool_dtype(df[c]):
            continue
        if pd.api.types.is_datetime64_any_dtype(df[c]):
            formats[c] = DATE_FORMAT
        elif pd.api.types.is_integer_dtype(df[c]):
            formats[c] = DEFAULT_INT_FORMAT
        elif pd.api.types.is_float_dtype(df[c]):
            formats[c] = DEFAULT_FLOAT_FORMAT
    return formats


def _write_sheet(ws, sheet: Sheet) -> None:
    from openpyxl.styles import Alignment, Font, PatternFill
    from openpyxl.utils import get_column_letter

    df, headers = split_ranks(sheet.frame, sheet.headers) if sheet.ranks else (sheet.frame, dict(sheet.headers))
    formats = _formats(df, sheet.number_formats)
    cols = list(df.columns)
    grey = Font(italic=True, color="555555")
    row = 1
    if sheet.title:
        set_text(ws.cell(row=row, column=1), sheet.title)
        ws.cell(row=row, column=1).font = Font(bold=True, size=14)
        row += 1
    if sheet.source:
        src = sheet.source
        label = src if src.lower().startswith(("nguồn", "source")) else f"{_('Source')}: {src}"
        set_text(ws.cell(row=row, column=1), label)
        ws.cell(row=row, column=1).font = grey
        row += 1
    ws.cell(row=row, column=1, value=_("Exported {date}", date=fmt.date(today_vn()))).font = grey
    row += 1
    has_gap = any(_is_missing(v) for c in cols for v in df[c])
    for note in sheet.notes + ([_("An empty cell means no data yet (not zero).")] if has_gap else []):
        set_text(ws.cell(row=row, column=1), note)
        ws.cell(row=row, column=1).font = grey
        row += 1
    header_row = row + 1
    fill = PatternFill("solid", fgColor="DCE6F0")
    for j, c in enumerate(cols, 1):
        cell = ws.cell(row=header_row, column=j)
        set_text(cell, str(headers.get(c, c)))
        cell.font, cell.fill = Font(bold=True), fill
        cell.alignment = Alignment(wrap_text=True, vertical="top")
    widths = [min(len(str(headers.get(c, c))), 24) for c in cols]
    for i, record in enumerate(df.itertuples(index=False), header_row + 1):
        for j, (c, value) in enumerate(zip(cols, record), 1):
            cell = ws.cell(row=i, column=j)
            if _is_missing(value):
                continue  # a gap is an empty cell; the note row says so
            if isinstance(value, str):
                set_text(cell, value)
                shown = value
            elif isinstance(value, (dt.date, dt.datetime, pd.Timestamp)):
                cell.value = _cell_value(value)
                cell.number_format = formats.get(c, DATE_FORMAT)
                shown = "00/00/0000"
            else:
                cell.value = _cell_value(value)
                if c in formats and not isinstance(cell.value, bool):
                    cell.number_format = formats[c]
                shown = fmt.number(value) if isinstance(cell.value, float) else str(cell.value)
            widths[j - 1] = max(widths[j - 1], min(len(shown), 60))
    for j, w in enumerate(widths, 1):
        ws.column_dimensions[get_column_letter(j)].width = max(8, min(w + 2, 62))
        if w >= 40:
            for r in range(header_row + 1, header_row + 1 + len(df)):
                ws.cell(row=r, column=j).alignment = Alignment(wrap_text=True, vertical="top")
    fit_rows(ws, range(header_row + 1, header_row + 1 + len(df)))
    ws.freeze_panes = ws.cell(row=header_row + 1, column=1)
    if cols:
        ws.auto_filter.ref = f"A{header_row}:{get_column_letter(len(cols))}{header_row + max(len(df), 1)}"
    # On paper: landscape, every column on one page width, the header row on every page.
    ws.page_setup.orientation = "landscape"
    ws.page_setup.paperSize = ws.PAPERSIZE_A4
    ws.page_setup.fitToWidth = 1
    ws.page_setup.fitToHeight = 0
    ws.sheet_properties.pageSetUpPr.fitToPage = True
    ws.print_title_rows = f"{header_row}:{header_row}"
    ws.print_options.gridLines = True


def fit_rows(ws, rows: range) -> None:
    """Each row as high as the text of its wrapped cells needs, from its columns' widths: LibreOffice
    keeps a row one line high, the rest of the text cut, unless told. The row's other cells are read
    from its top, beside the text's first line. (One pass over the rows: `ws[r]` measures the whole
    sheet each time it is asked, 70 s for 10 000 rows.)"""
    from openpyxl.styles import Alignment

    if not rows:
        return
    widths = {}  # column letter -> characters a line holds, less the cell's margins
    top = Alignment(vertical="top")
    for r, cells in zip(rows, ws.iter_rows(min_row=rows.start, max_row=rows.stop - 1)):
        lines = 1
        for cell in cells:
            if cell.value is not None and cell.alignment.wrap_text:
                if cell.column_letter not in widths:
                    widths[cell.column_letter] = max(int(ws.column_dimensions[cell.column_letter].width or 8) - 3, 1)
                per_line = widths[cell.column_letter]
                lines = max(lines, sum(-(-len(part) // per_line) or 1 for part in str(cell.value).split("\n")))
        if lines > 1:
            ws.row_dimensions[r].height = ROW_LINE_PT * lines
            for cell in cells:
                if not cell.alignment.wrap_text:
                    cell.alignment = top


def workbook(sheets: list[Sheet]) -> bytes:
    """Several tables as one workbook, one sheet each (sheet names unique, ≤31 characters)."""
    from openpyxl import Workbook

    wb = Workbook()
    wb.remove(wb.active)
    used: set[str] = set()
    for n, sheet in enumerate(sheets, 1):
        name = sheet_title(sheet.name or _("Data"))
        while name in used:
            name = sheet_title(f"{name[:27]} {n}")
        used.add(name)
        _write_sheet(wb.create_sheet(name), sheet)
    out = io.BytesIO()
    wb.save(out)
    return out.getvalue()


def table_xlsx(df: pd.DataFrame, headers: dict[str, str] | None = None,
               number_formats: dict[str, str] | None = None, title: str = "", source: str = "",
               sheet_name: str | None = None, notes: list[str] | None = None) -> bytes:
    """One table as a workbook (see the module doc): `headers` maps column -> header shown,
    `number_formats` column -> Excel format (floats default to `#,##0.00`, integers `#,##0`)."""
    return workbook([Sheet(df, sheet_name or _("Data"), title, source, dict(headers or {}),
                           dict(number_formats or {}), list(notes or []))])


def sheet_title(name: str) -> str:
    bad = '[]:*?/\\'
    return "".join("-" if ch in bad else ch for ch in name)[:31] or "Sheet1"


# ---------------------------------------------------------------------------------------------
# CSV and ZIP bundles

def csv_bytes(df: pd.DataFrame) -> bytes:
    """UTF-8 with BOM (Excel then reads Vietnamese correctly), decimal point, blank = no data,
    formula-like text neutralised."""
    safe = df.copy()
    for c in safe.columns:
        if safe[c].dtype == object or pd.api.types.is_string_dtype(safe[c]):
            safe[c] = safe[c].map(neutralise, na_action="ignore")
    return safe.to_csv(index=False, quoting=csv.QUOTE_MINIMAL, lineterminator="\r\n").encode("utf-8-sig")


def zip_bundle(files: dict[str, bytes]) -> bytes:
    out = io.BytesIO()
    with zipfile.ZipFile(out, "w", compression=zipfile.ZIP_DEFLATED) as z:
        for name, data in files.items():
            z.writestr(name, data)
    return out.getvalue()


def csv_zip(frames: dict[str, pd.DataFrame], readme: str) -> bytes:
    return zip_bundle({"README.md": readme.encode("utf-8"), **{n: csv_bytes(f) for n, f in frames.items()}})


def file_stem(name: str) -> str:
    """'Xếp hạng PAPI 2022' -> 'xep_hang_papi_2022' (safe on every OS and e-mail client)."""
    from chiso.names import fold

    stem = name[:-4] if name.lower().endswith(".csv") else name
    return fold(stem).replace(" ", "_") or "chiso"


def view_zip(frames: dict[str, pd.DataFrame], title: str = "", source: str = "", note: str = "") -> bytes:
    """The figures behind one view (a chart or table) as CSV files with a README naming their
    sources, in the run's language."""
    from chiso import readme

    named = {f"{file_stem(name)}.csv": frame for name, frame in frames.items()}
    sources: list[str] = [source] if source else []
    for frame in frames.values():
        for c in ("source", "Nguồn", "Source"):
            if c in frame:
                sources += [s for s in frame[c].dropna().astype(str).unique() if s]
    return csv_zip(named, readme.view_readme(title, list(dict.fromkeys(sources)), named, note))


def dataset_zip(db=None) -> bytes:
    """The whole published dataset: CSV files (UTF-8 with BOM) and a README.md on sources,
    licences, caveats and citation, in the run's language."""
    from chiso import readme

    frames = readme.dataset_frames(db)
    return csv_zip(frames, readme.dataset_readme(frames))
