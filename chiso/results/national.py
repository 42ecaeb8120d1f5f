"""A national results table (every province's value of one index and year) read from an upload.

CSV and XLSX: the canonical template (`etl.templates`, `etl.canonical`), read by the same code as
the bundled files, so an entered table obeys exactly the bundled rules. PDF: the Ministry's
appendix as a text PDF, its table read with pdfplumber (a maintained PDF table library: ruling
lines, cell text, multi-page tables) page by page. A PDF table may carry the template's columns
(a template printed to PDF) or the Ministry's own few columns ("Tỉnh, thành phố", "Điểm",
"Xếp hạng"); what it lacks (index, year, component, source) comes from the form.

Every row is checked against the catalog (etl.checked_records, by the build's rules) before anything
is stored; an error names the file, sheet (or PDF page), row and column.
"""
from __future__ import annotations

import io
import tempfile
from pathlib import Path

from chiso.errors import InputError
from chiso.i18n import _
from chiso.names import fold
from chiso.tasks.uploads import check_upload
from etl import canonical, checked_records, sources
from etl.canonical import Record

ACCEPTED_TYPES = (".csv", ".xlsx", ".pdf")
MAX_PDF_BYTES = 20 * 1024 * 1024
MAX_PDF_PAGES = 60

# The Ministry's own column titles (folded), for appendix tables that are not the template.
MINISTRY_HEADERS = {
    "province_name": {"tinh thanh pho", "tinh", "ten tinh", "dia phuong", "tinh thanh pho truc thuoc trung uong",
                      "don vi"},
    "value": {"diem", "tong diem", "diem dat duoc", "ket qua", "chi so par index", "chi so sipas", "ty le",
              "diem so", "chi so"},
    "published_rank": {"xep hang", "thu hang", "xep thu"},
}
IGNORED_HEADERS = {"stt", "tt", "so thu tu"}


def read_table(filename: str, data: bytes, *, index_code: str | None = None, year: int | None = None,
               indicator_code: str = "TOTAL", source: str = "") -> list[Record]:
    """Validated canonical records of an uploaded national table (CSV, XLSX or PDF)."""
    name = Path(filename or "").name
    suffix = Path(name).suffix.lower()
    if suffix == ".pdf":
        records = _read_pdf(name, data, index_code=index_code, year=year, indicator_code=indicator_code,
                            source=source)
    else:
        check_upload(name, data)
        records = _read_spreadsheet(name, data)
    if not records:
        raise InputError(_("no value in the table: fill the value or rank column"), file=name)
    checked_records.check_records(records)  # every rule of a build, in one pass
    return checked_records.check_duplicates(records)


def _read_spreadsheet(name: str, data: bytes) -> list[Record]:
    with tempfile.TemporaryDirectory(prefix="chiso-results-") as tmp:
        path = Path(tmp) / name
        path.write_bytes(data)
        try:
            records, _aggregates = sources.read_any(path)
        except InputError as exc:
            raise _relocated(exc, str(path), name) from None
    for r in records:
        r.file = name
    return records


def _relocated(exc: InputError, tmp_path: str, name: str) -> InputError:
    """The same error, naming the uploaded file instead of the temporary copy it was read from."""
    out = InputError(str(exc).replace(tmp_path, name))
    out.file, out.sheet, out.row, out.column, out.value = name, exc.sheet, exc.row, exc.column, exc.value
    return out


# ------------------------------------------------------------------ PDF

def _clean(cell) -> str:
    return " ".join(str(cell or "").split())


def _header_keys(cells: list[str]) -> list[str | None] | None:
    """Canonical keys of a header row, or None when the row is not a header."""
    canon = [canonical.HEADER_TO_KEY.get(c) for c in cells]
    if {"index_code", "year", "indicator_code"} <= set(canon):
        return canon
    keys = []
    for c in cells:
        f = fold(c)
        key = next((k for k, names in MINISTRY_HEADERS.items() if f in names or any(f.startswith(n + " ") for n in names)),
                   None)
        keys.append(key)
    if "province_name" in keys and ("value" in keys or "published_rank" in keys):
        return keys
    return None


def pdf_tables(name: str, data: bytes) -> list[tuple[int, int, list[str | None], list[list[str]]]]:
    """(page, first row number, canonical keys, body rows) of every results table in a text PDF.

    A table whose first row is a header starts a block; a table on a later page with as many
    columns and no header continues it (an appendix spans pages, with or without repeated titles)."""
    import pdfplumber

    if not data.startswith(b"%PDF"):
        raise InputError(_("not a PDF file"), file=name)
    if len(data) > MAX_PDF_BYTES:
        raise InputError(_("file too large ({mb} MB; at most {limit} MB)", mb=f"{len(data) / 1048576:.1f}",
                           limit=MAX_PDF_BYTES // 1048576), file=name)
    out = []
    keys = None
    try:
        pdf = pdfplumber.open(io.BytesIO(data))
    except Exception as exc:  # pdfminer raises many types for damaged files
        raise InputError(_("cannot open the PDF: {error}", error=exc), file=name) from None
    with pdf:
        if len(pdf.pages) > MAX_PDF_PAGES:
            raise InputError(_("PDF has too many pages ({n}; at most {limit})", n=len(pdf.pages), limit=MAX_PDF_PAGES),
                             file=name)
        for page_no, page in enumerate(pdf.pages, start=1):
            tables = page.extract_tables() or []
            for table in tables:
                rows = [[_clean(c) for c in row] for row in table if any(_clean(c) for c in row)]
                if not rows:
                    continue
                header = _header_keys(rows[0])
                if header is not None:
                    keys, body, first = header, rows[1:], 2
                elif keys is not None and len(rows[0]) == len(keys):
                    body, first = rows, 1
                else:
                    keys = None
                    continue
                out.append((page_no, first, keys, body))
    if not out:
        raise InputError(_("no results table found in the PDF (it needs a header row with the province and "
                           "the score or rank; a scanned PDF has no text: use the template instead)"), file=name)
    return out


def _read_pdf(name: str, data: bytes, *, index_code, year, indicator_code, source) -> list[Record]:
    defaults = {"index_code": index_code, "year": year, "indicator_code": indicator_code, "source": source}
    records = []
    for page_no, first, keys, body in pdf_tables(name, data):
        rows = []
        for cells in body:
            row = {k: v for k, v in zip(keys, cells) if k}
            for k, v in defaults.items():
                if not str(row.get(k) or "").strip() and v not in (None, ""):
                    row[k] = v
            rows.append(row)
        missing = [canonical.COLUMNS[k] for k in ("index_code", "year", "source")
                   if not any(str(r.get(k) or "").strip() for r in rows)]
        if missing and rows:
            raise InputError(_("the table has no column {columns}: choose it on the form",
                               columns=", ".join(f"'{m}'" for m in missing)),
                             file=name, sheet=f"PDF {page_no}", row=first - 1)
        records += canonical.rows_to_records(rows, file=name, sheet=f"PDF {page_no}", first_row=first)
    return records
