"""Every input file into two staging tables, read as text so a bad cell can be named.

    raw       canonical rows (CSV read by DuckDB, XLSX by openpyxl in etl/staging_xlsx.py), every cell VARCHAR, with
              file, sheet and row: parsed and checked in SQL (etl/validate.py)
    imported  rows of the raw formats (UNDP's Excel, the PAPI panel, the PAR/SIPAS observation
              table), already typed by their importers, one Python row per published cell
    aggregates_raw  national and regional means

A CSV is read by DuckDB with declared columns (all VARCHAR) and strict quoting; a row DuckDB
cannot split into the header's columns (unbalanced quote, ragged row, an unquoted `81,5`) is
refused at its line, never loaded shifted.
"""
from __future__ import annotations

import csv
import os
from dataclasses import dataclass
from pathlib import Path

import duckdb

from chiso.errors import InputError
from chiso.i18n import ngettext
from etl import canonical, papi_panel_csv, papi_undp_xlsx, par_sipas_observations, pci_csv, pci_workbooks
from etl.canonical import ALL_COLUMNS as COLUMNS, HEADER_TO_KEY, MAX_CELL, WRONG_ENCODING
from etl.staging_xlsx import check_zip, stage_xlsx

from etl.sources import AGGREGATE_HEADERS
AGGREGATE_KEYS = ["index_code", "year", "scope", "metric", "value", "source", "note"]
TOO_MANY = ("{found} cells where the header has {width}: an unquoted comma (write \"81,5\" in quotes or 81.5) "
            "or a stray separator")
TOO_FEW = "fewer cells than the header's {width}"  # a date cell outside it is a typing or format accident

STAGING_SQL = f"""
CREATE OR REPLACE TEMP TABLE raw_rows (file_no INTEGER, file VARCHAR, sheet VARCHAR, row INTEGER,
    {", ".join(f"{k} VARCHAR" for k in COLUMNS)});
CREATE OR REPLACE TEMP VIEW raw AS SELECT * FROM raw_rows;
CREATE OR REPLACE TEMP TABLE imported (file_no INTEGER, file VARCHAR, sheet VARCHAR, row INTEGER,
    value_column VARCHAR, index_code VARCHAR, year INTEGER, province_set VARCHAR, province_code VARCHAR,
    province_name VARCHAR, indicator_code VARCHAR, value DOUBLE, published_rank INTEGER,
    published_ranked_count INTEGER, derived BOOLEAN, source VARCHAR, note VARCHAR, source_kind VARCHAR,
    published_group VARCHAR);
CREATE OR REPLACE TEMP TABLE aggregates_raw (file_no INTEGER, file VARCHAR, row INTEGER,
    {", ".join(f"{k} VARCHAR" for k in AGGREGATE_KEYS)});
"""


def reset(con: duckdb.DuckDBPyConnection) -> None:
    """Empty staging tables; the CSV files a previous check on this connection read are dropped."""
    con.execute("CREATE TEMP TABLE IF NOT EXISTS raw_parts (file_no INTEGER, part VARCHAR)")
    drop_read_files(con)
    con.execute(STAGING_SQL)


def drop_read_files(con: duckdb.DuckDBPyConnection) -> None:
    """The canonical CSVs as DuckDB read them (listed in raw_parts: asking DuckDB's catalog for them
    costs more than the rest of a small check). A check drops them once `parsed` holds every cell."""
    for (file_no,) in con.execute("SELECT file_no FROM raw_parts").fetchall():
        con.execute(f"DROP TABLE IF EXISTS csv_file_{int(file_no)}")
    con.execute("DELETE FROM raw_parts")


def _add_to_raw(con, file_no: int, path: Path, selected: list[str]) -> None:
    """A canonical CSV becomes a part of `raw`: a SELECT over the table DuckDB read it into, so its
    rows are never copied (rowid is the read order, so rowid + 2 is the file's line)."""
    file = str(path).replace("'", "''")
    con.execute(f"ALTER TABLE csv_file RENAME TO csv_file_{int(file_no)}")
    con.execute("INSERT INTO raw_parts VALUES (?, ?)", [file_no, (
        f"SELECT {int(file_no)} AS file_no, '{file}' AS file, NULL::VARCHAR AS sheet, CAST(rowid + 2 AS INTEGER) AS row, "
        f"{', '.join(f'{c} AS {k}' for c, k in zip(selected, COLUMNS))} FROM csv_file_{int(file_no)}")])


def _join_raw(con) -> None:
    """`raw`: the rows typed into a workbook and every CSV part, as one view, made once all files are
    read (binding the union again after each file cost more than reading the smaller files), of the
    parts' SELECTs themselves (a view of views took a quarter longer to bind)."""
    parts = [part for (part,) in con.execute("SELECT part FROM raw_parts ORDER BY file_no").fetchall()]
    con.execute("CREATE OR REPLACE TEMP VIEW raw AS SELECT * FROM raw_rows" + "".join(f" UNION ALL {p}" for p in parts))


READ_SUFFIXES = (".csv", ".xlsx", ".xls")


def files_in(folder: Path, *, read: bool = True) -> list[Path]:
    """Published files under a folder, in a stable order; codebooks and notes are not data files.
    A symbolic link (file or folder) is never followed: a source folder cannot make the build read,
    and echo in its messages, a file elsewhere on the machine. `read=False`: the other files, which
    a build does not read (a .ods, the decision's PDF), for the build to say so."""
    out = []
    for root, dirs, names in os.walk(folder, followlinks=False):
        dirs[:] = sorted(d for d in dirs if d != "codebook" and not (Path(root) / d).is_symlink())
        for name in names:
            p = Path(root) / name
            if name.startswith(("~$", ".")) or p.is_symlink():
                continue
            if (p.suffix.lower() in READ_SUFFIXES) == read:
                out.append(p)
    return sorted(out)


def stage(con: duckdb.DuckDBPyConnection, files: list[Path], progress=print) -> list[tuple[str, int]]:
    """Read every file into the staging tables; (file, rows read) per file, in read order."""
    reset(con)
    seen = []
    for file_no, path in enumerate(files):
        n = _stage_one(con, Path(path), file_no)
        seen.append((str(path), n))
        progress(read_line(Path(path).name, n))
    _join_raw(con)
    return seen


def read_line(file: str, rows: int) -> str:
    """A progress line: one file read, and how many rows it gave."""
    return ngettext("  read {file}: {n} row", "  read {file}: {n} rows", rows, file=file)


def stage_file(con, path: Path, file_no: int) -> int:
    """One file into the staging tables (a check of that file alone); rows read."""
    n = _stage_one(con, path, file_no)
    _join_raw(con)
    return n


def _stage_one(con, path: Path, file_no: int) -> int:
    if path.is_symlink():
        raise InputError("a symbolic link is not read as a source; copy the file itself", file=path)
    suffix = path.suffix.lower()
    if suffix in (".xlsx", ".xlsm"):
        check_zip(path)
    if pci_workbooks.looks_like(path):  # VCCI's own PCI workbooks (.xls and .xlsx), by their file name
        return insert_records(con, file_no, pci_workbooks.read(path))
    if suffix == ".csv":
        scan = _scan(path)
        header = scan.header
        if header == AGGREGATE_HEADERS:
            return _stage_csv(con, path, file_no, dict(zip(AGGREGATE_KEYS, range(7))), "aggregates_raw", scan)
        importer = next((read for looks_like, read in _CSV_IMPORTERS if looks_like(path)), None)
        if importer is not None:  # read in Python: refused here if it is not UTF-8 (DuckDB says so for the rest)
            _check_utf8(path)
            return importer(con, path, file_no)
        canonical.check_headers(header, file=path)  # raises with the missing columns named
        positions = {HEADER_TO_KEY[h.strip()]: i for i, h in enumerate(header) if h.strip() in HEADER_TO_KEY}
        return _stage_csv(con, path, file_no, positions, "raw", scan)
    if suffix in (".xlsx", ".xlsm"):
        if papi_undp_xlsx.looks_like(path):
            return insert_records(con, file_no, papi_undp_xlsx.read(path))
        n = stage_xlsx(con, path, file_no)
        if n is None:
            raise InputError("no sheet with the canonical headers", file=path)
        return n
    raise InputError("file format not supported (use .csv or .xlsx)", file=path)


@dataclass
class _Scan:
    header: list[str]
    lines: int  # line ends (\n) in the file
    has_cr: bool
    delimiter: str = ","


def _scan(path: Path) -> _Scan:
    """The header, and what the checks need of the bytes, without copying the file into Python: a
    NUL byte is no character of any text file (UTF-16 is full of them) and is refused at its line.
    Whether the rest is UTF-8 is DuckDB's reader's to say (a reject of kind INVALID ENCODING):
    decoding a file in Python cost more than DuckDB's whole read of it."""
    import mmap

    import numpy as np

    if path.stat().st_size == 0:
        return _Scan([], 0, False)
    with open(path, "rb") as fh, mmap.mmap(fh.fileno(), 0, access=mmap.ACCESS_READ) as data:
        end = data.find(b"\n")
        first = data[: end if end >= 0 else len(data)]
        try:  # UTF-16 starts with bytes no UTF-8 text has: named for what it is before its NULs are
            first_line = first.decode("utf-8-sig")
        except UnicodeDecodeError:
            raise InputError(WRONG_ENCODING, file=path, row=1) from None
        # Excel set to Vietnamese (decimal comma) separates CSV fields with ';' (as a task list is
        # read, chiso/tasks/uploads.py): the header's most frequent separator is the file's
        delimiter = max((",", ";", "\t"), key=first_line.count)
        header = next(csv.reader([first_line], delimiter=delimiter), [])
        nul = data.find(b"\x00")
        if nul >= 0:
            raise InputError("a NUL byte (code 0) in the file: not a text file, or damaged", file=path,
                             row=_line_of(data, nul))
        codes = np.frombuffer(data, np.uint8)
        step = 1 << 24  # numpy counts in slices: no copy of the file, no array the size of it
        lines = sum(int(np.count_nonzero(codes[i:i + step] == 10)) for i in range(0, len(codes), step))
        has_cr = data.find(b"\r") >= 0
        del codes, first  # the map closes only once nothing points into it
    return _Scan(header, lines, has_cr, delimiter)


def _line_of(data, position: int) -> int:
    return data[:position].count(b"\n") + 1


def _check_utf8(path: Path) -> None:
    """Vietnamese text saved as Windows-1258 would silently become garbage: refused at its line."""
    data = path.read_bytes()
    try:
        data.decode("utf-8")
    except UnicodeDecodeError as exc:
        raise InputError(WRONG_ENCODING, file=path, row=_line_of(data, exc.start)) from None


# CSV layouts read by their own importers (in Python), by their header or file name
_CSV_IMPORTERS = [
    (par_sipas_observations.looks_like_aggregates,
     lambda con, path, file_no: _insert_aggregates(con, path, file_no, par_sipas_observations.read_aggregates(path))),
    (par_sipas_observations.looks_like,
     lambda con, path, file_no: insert_records(con, file_no, par_sipas_observations.read(path))),
    (pci_csv.looks_like,
     lambda con, path, file_no: insert_records(con, file_no, pci_csv.read(path, skip_workbook_rows=False))),
    (papi_panel_csv.looks_like, lambda con, path, file_no: insert_records(con, file_no, papi_panel_csv.read(path))),
]


def _stage_csv(con, path: Path, file_no: int, positions: dict[str, int], table: str, scan: _Scan) -> int:
    """DuckDB reads the file with every column declared VARCHAR and strict quoting. One column more
    than the header is declared, and empty cells read as '' (not NULL), so a row with a cell too
    many (even an empty one: DuckDB forgives a trailing comma) or too few is seen and refused."""
    header = scan.header
    width = len(header)
    columns = {f"c{i}": "VARCHAR" for i in range(width + 1)}
    delim = {",": "','", ";": "';'", "\t": "'\\t'"}[scan.delimiter]
    read = ("CREATE OR REPLACE TEMP TABLE csv_file AS SELECT * FROM read_csv(?, header=false, skip=1, "
            f"auto_detect=false, columns=?, delim={delim}, quote='\"', escape='\"', strict_mode=true, "
            "null_padding=true, nullstr=chr(1), store_rejects=true, max_line_size=4000000, encoding='utf-8'{})")
    con.execute("DROP TABLE IF EXISTS reject_errors; DROP TABLE IF EXISTS reject_scans")
    try:
        con.execute(read.format(""), [str(path), columns])
    except duckdb.Error:  # a line break inside quotes stops the parallel reader: read serially to name the row
        con.execute("DROP TABLE IF EXISTS reject_errors; DROP TABLE IF EXISTS reject_scans")
        con.execute(read.format(", parallel=false"), [str(path), columns])
    cells = [f"c{i}" for i in range(width)]
    # rows read, and (canonical files) rows with a value, rank or tier: a row with none is a gap (a
    # template's listed province), not a figure
    filled = [f"nullif(trim(c{positions[k]}), '') IS NOT NULL" for k in ("value", "published_rank", "published_group")
              if table == "raw" and k in positions]
    suspect = [f"c{width} IS NOT NULL", f"c{width - 1} IS NULL",
               f"greatest({', '.join(f'strlen({c})' for c in cells)}) > {MAX_CELL}"]  # bytes >= characters
    # one statement for a file that is fine: its counts, and whether any line was refused or looks wrong
    rows, n, suspects, rejected = con.execute(
        f"SELECT count(*), count(*) FILTER (WHERE {' OR '.join(filled) or 'false'}), "
        f"count(*) FILTER (WHERE {' OR '.join(suspect)}), (SELECT count(*) FROM reject_errors) FROM csv_file").fetchone()
    if rejected:
        _refuse_line(path, header, scan.delimiter, con.execute("SELECT line_byte_position, column_idx, error_type, csv_line "
                                               "FROM reject_errors ORDER BY line_byte_position LIMIT 1").fetchone(), width)
    # a line break inside a quoted cell makes more line ends than rows (+ the header): only then is
    # every cell searched for one
    breaks = scan.has_cr or scan.lines > rows + 1
    if breaks:
        suspect += [f"contains({c}, chr(10)) OR contains({c}, chr(13))" for c in cells]
    fault = None
    if breaks or suspects:
        fault = con.execute(f"""
        SELECT row, fault, long_column, line FROM (
            SELECT rowid + 2 AS row, CASE
                WHEN c{width} IS NOT NULL THEN 'too many'
                WHEN c{width - 1} IS NULL THEN 'too few'
                WHEN contains(concat_ws('', {', '.join(cells)}), chr(10)) OR contains(concat_ws('', {', '.join(cells)}), chr(13))
                    THEN 'line break'
                WHEN greatest({', '.join(f'length({c})' for c in cells)}) > {MAX_CELL} THEN 'long' END AS fault,
                list_position([{', '.join(f'length({c}) > {MAX_CELL}' for c in cells)}], true) AS long_column,
                concat_ws('{scan.delimiter}', {', '.join(columns)}) AS line
            FROM csv_file WHERE {' OR '.join(suspect)})
        WHERE fault IS NOT NULL ORDER BY row LIMIT 1""").fetchone()
    if fault:
        row, kind, long_column, line = fault
        if kind == "too many":
            raise InputError(TOO_MANY, file=path, row=row, width=width, found=width + 1, value=line[:200])
        if kind == "too few":
            raise InputError(TOO_FEW, file=path, row=row, width=width)
        if kind == "line break":  # a quote left open swallows the following lines into one cell
            raise InputError("a line break inside a cell: a quote (\") opened and not closed?", file=path, row=row)
        raise InputError("a cell longer than {limit} characters", file=path, row=row,
                         column=header[long_column - 1], limit=f"{MAX_CELL:,}")
    keys = AGGREGATE_KEYS if table == "aggregates_raw" else COLUMNS
    selected = [f"c{positions[k]}" if k in positions else "NULL::VARCHAR" for k in keys]
    if table == "raw":
        _add_to_raw(con, file_no, path, selected)
        return n
    con.execute(f"INSERT INTO {table} SELECT {file_no}, ?, rowid + 2, {', '.join(selected)} FROM csv_file",
                [str(path)])
    con.execute("DROP TABLE csv_file")
    return rows


def _refuse_line(path: Path, header: list[str], delimiter: str, bad: tuple, width: int) -> None:
    position, column_idx, kind, text = bad
    with open(path, "rb") as fh:  # a refused file: read once more, for the line of the refused byte
        line = _line_of(fh.read(max(0, position - 1)), max(0, position - 1))
    if kind == "INVALID ENCODING":
        raise InputError(WRONG_ENCODING, file=path, row=line)
    if kind == "TOO MANY COLUMNS":
        raise InputError(TOO_MANY, file=path, row=line, width=width, value=(text or "")[:200],
                         found=len(next(csv.reader([text], delimiter=delimiter), [])) if text else "?")
    if kind == "MISSING COLUMNS":
        raise InputError(TOO_FEW, file=path, row=line, width=width)
    if kind == "UNQUOTED VALUE":
        column = max(0, (column_idx or 1) - 1)
        raise InputError("a quote (\") opened and not closed, or a quote inside an unquoted cell", file=path,
                         row=line, column=header[column] if column < len(header) else str(column + 1))
    if kind == "LINE SIZE OVER MAXIMUM":
        raise InputError("a line longer than the reader accepts", file=path, row=line)
    raise InputError("a line that cannot be read as CSV ({kind})", file=path, row=line, kind=kind)


def insert_records(con, file_no: int | None, records) -> int:
    """Importer records into `imported`; file_no None numbers them 0, 1, ... (one check of a list)."""
    import pandas as pd
    frame = pd.DataFrame({
        "file_no": list(range(len(records))) if file_no is None else file_no, "file": [r.file for r in records], "sheet": [r.sheet for r in records],
        "row": [r.row for r in records], "value_column": [r.extra.get("column") for r in records],
        "index_code": [r.index_code for r in records], "year": [r.year for r in records],
        "province_set": [r.province_set for r in records], "province_code": [r.province_code for r in records],
        "province_name": [r.province_name for r in records],
        "indicator_code": [r.indicator_code for r in records],
        "value": pd.array([r.value for r in records], dtype="Float64"),
        "published_rank": pd.array([r.published_rank for r in records], dtype="Int64"),
        "published_ranked_count": pd.array([r.published_ranked_count for r in records], dtype="Int64"),
        "derived": [bool(r.derived) for r in records], "source": [r.source for r in records],
        "note": [r.note for r in records], "source_kind": [r.source_kind or None for r in records],
        "published_group": [r.published_group or None for r in records]})
    con.from_df(frame).insert_into("imported")
    return len(records)


def _insert_aggregates(con, path: Path, file_no: int, rows: list[dict]) -> int:
    con.executemany("INSERT INTO aggregates_raw VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?)",
                    [(file_no, str(path), n, *(None if r[k] is None else str(r[k]) for k in AGGREGATE_KEYS))
                     for n, r in enumerate(rows, start=2)])
    return len(rows)
