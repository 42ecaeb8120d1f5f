"""A canonical XLSX into the staging table `raw_rows` (etl/staging.py stages CSVs and the raw formats):
each cell as the text a CSV would hold, so the same SQL rules (etl/validate.py) parse and check it and
name a bad cell's sheet, row and column."""
from __future__ import annotations

import datetime as dt
from pathlib import Path

from chiso.errors import InputError
from etl import canonical
from etl.canonical import ALL_COLUMNS as COLUMNS, HEADER_TO_KEY, MAX_CELL

DATE_RANGE = (1990, 2100)


def check_zip(path: Path) -> None:
    """Refused before openpyxl reads it: a workbook is a zip file."""
    import zipfile
    if not zipfile.is_zipfile(path):
        raise InputError("not an Excel workbook (.xlsx is a zip file; this one is not)", file=path)


def _cell_text(cell, *, path, sheet, row, column, number_format: str = "General") -> str | None:
    """An XLSX cell as the text a CSV would hold; dates outside 1990–2100 and formulas with no
    value saved are refused. A number shown as a percentage is the percentage Excel shows ("85.95%"
    of a cell holding 0.8595, as Excel's CSV writes it): read as 0.8595, a SIPAS of 85.95% loaded
    as 0.86%."""
    value = cell
    if value is None:
        return None
    if isinstance(value, (int, float)) and not isinstance(value, bool) and "%" in number_format:
        return f"{round(value * 100, 10)!r}%"  # 0.8595 * 100 is 85.94999999999999
    if isinstance(value, (dt.datetime, dt.date)):
        if not DATE_RANGE[0] <= value.year <= DATE_RANGE[1]:
            raise InputError("a date outside {first}–{last}", file=path, sheet=sheet, row=row, column=column,
                             value=value.isoformat(), first=DATE_RANGE[0], last=DATE_RANGE[1])
        return value.strftime("%d/%m/%Y")
    if isinstance(value, float):
        return repr(value)
    return str(value)


HEADER_WITHIN = 10  # rows a sheet's header may sit under (a title, the decision's number, a blank row)


def _header_row(ws) -> int | None:
    """The row holding the canonical headers: the first, or one under a title ("BẢNG KẾT QUẢ …")
    or the decision's number, as a table copied from a decision often has; None: not a canonical sheet."""
    for row_no, cells in enumerate(ws.iter_rows(max_row=HEADER_WITHIN, values_only=True), start=1):
        if canonical.is_canonical_headers(list(cells)) or canonical.is_table_of_figures(list(cells)):
            return row_no
    return None


def stage_xlsx(con, path: Path, file_no: int) -> int | None:
    """A canonical workbook's sheets into `raw_rows`, every cell as the text a CSV would hold; the rows
    that state a figure (None: no sheet has the canonical headers)."""
    import openpyxl
    from openpyxl.utils import get_column_letter

    try:
        wb = openpyxl.load_workbook(path, data_only=True, read_only=False)
        formulas = openpyxl.load_workbook(path, data_only=False, read_only=False)
    except Exception as exc:  # a damaged workbook: openpyxl's own words, located at the file
        raise InputError("the workbook cannot be opened ({reason})", file=path, reason=type(exc).__name__) from None
    rows, staged_any = [], False
    for ws in wb.worksheets:
        header_row = _header_row(ws)
        if header_row is None:
            continue
        header = [c.value for c in ws[header_row]]
        staged_any = True
        for rng in ws.merged_cells.ranges:
            if rng.min_row <= header_row <= rng.max_row:
                raise InputError("merged header cells; split them so each column has one header",
                                 file=path, sheet=ws.title, row=header_row, column=rng.coord)
        canonical.check_headers(header, file=path, sheet=ws.title)
        keys = [HEADER_TO_KEY.get(str(h).strip()) if h else None for h in header]
        fws = formulas[ws.title]
        first = header_row + 1
        for row_no, (values, cells) in enumerate(zip(ws.iter_rows(min_row=first, values_only=True),
                                                     fws.iter_rows(min_row=first)), start=first):
            record = dict.fromkeys(COLUMNS)
            for col, (key, v, c) in enumerate(zip(keys, values, cells), start=1):
                if key is None:
                    if v is not None and str(v).strip():  # a CSV refuses it too (a cell too many)
                        raise InputError("a value in a column with no header: name the column or clear it",
                                         file=path, sheet=ws.title, row=row_no, column=get_column_letter(col),
                                         value=_cell_text(v, path=path, sheet=ws.title, row=row_no, column=col))
                    continue
                if v is None and c.data_type == "f":
                    raise InputError("a formula with no saved value (open the file in Excel and save it, or "
                                     "paste values)", file=path, sheet=ws.title, row=row_no,
                                     column=f"{COLUMNS[key]} ({get_column_letter(col)})", value=c.value)
                record[key] = _cell_text(v, path=path, sheet=ws.title, row=row_no, column=COLUMNS[key],
                                         number_format=c.number_format or "General")
                if record[key] is not None and len(record[key]) > MAX_CELL:
                    raise InputError("a cell longer than {limit} characters", file=path, sheet=ws.title,
                                     row=row_no, column=COLUMNS[key], limit=f"{MAX_CELL:,}")
            if any(v is not None and str(v).strip() for v in record.values()):
                rows.append((file_no, str(path), ws.title, row_no, *record.values()))
    if not staged_any:
        return None
    if rows:
        con.executemany(f"INSERT INTO raw_rows VALUES ({', '.join('?' * (4 + len(COLUMNS)))})", rows)
    filled = [4 + list(COLUMNS).index(k) for k in ("value", "published_rank", "published_group")]
    return sum(1 for r in rows if any((r[i] or "").strip() for i in filled))
