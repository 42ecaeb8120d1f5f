"""Records held in Python (an importer's, the results page's, `chiso.results`') checked by the build's
own SQL rules (`etl.validate`), on one in-memory connection with the reference tables, instead of a
second validator: the same messages name the same file, row and column."""
from __future__ import annotations

import threading
from functools import lru_cache
from pathlib import Path

import duckdb

from chiso import catalog
from etl import reference, staging, validate
from etl.canonical import ALL_COLUMNS as COLUMNS, HEADER_TO_KEY, Record
from etl.reference import insert

_lock = threading.Lock()


@lru_cache(maxsize=1)
def _session(catalog_stamp: tuple) -> duckdb.DuckDBPyConnection:
    con = duckdb.connect()
    reference.load(con)
    return con


def _checked_session():
    stamp = tuple(p.stat().st_mtime_ns for p in catalog.build_inputs() if p.exists())
    con = _session(stamp)
    staging.reset(con)
    return con


def check_records(records: list[Record]) -> list[Record]:
    """Every rule of a build on importer records; their province set and code are filled in as the
    edition reads them (a 34-province name becomes its code). Raises InputError on the first fault."""
    with _lock:
        con = _checked_session()
        staging.insert_records(con, None, records)
        validate.check(con)
        for i, edition_set, code in con.execute("SELECT file_no, province_set, province_code FROM staged "
                                                "ORDER BY file_no").fetchall():
            records[i].province_set, records[i].province_code = edition_set, code
    return records


def check_record(r: Record) -> None:
    check_records([r])


def check_duplicates(records: list[Record]) -> list[Record]:
    """Only the duplicate rule: one source stating two values for one cell."""
    with _lock:
        con = _checked_session()
        staging.insert_records(con, None, records)
        validate.check_duplicates_only(con)
    return records


def records_from_rows(rows: list[dict], *, file: str, sheet: str | None = None, first_row: int = 2) -> list[Record]:
    """Rows keyed by header (Vietnamese or English) -> checked Records, by the rules of a build."""
    with _lock:
        con = _checked_session()
        raw = []
        for offset, row in enumerate(rows):
            cells = dict.fromkeys(COLUMNS)
            for k, v in row.items():
                key = HEADER_TO_KEY.get(str(k).strip()) if k else None
                if key:
                    cells[key] = None if v is None else repr(v) if isinstance(v, float) else str(v)
            raw.append((0, str(file), sheet, first_row + offset, *cells.values()))
        insert(con, "raw_rows", raw)
        validate.check(con)
        return _records(con)


def read_records(path) -> tuple[list[Record], list[dict]]:
    """(records, aggregate rows) of one file in any format chiso reads, checked by the rules of a build."""
    with _lock:
        con = _checked_session()
        staging.stage_file(con, Path(path), 0)
        validate.check(con)
        aggregates = con.execute(validate.AGGREGATES).df().to_dict("records")
        return _records(con), aggregates


def _records(con) -> list[Record]:
    rows = con.execute("""SELECT index_code, year, province_code, province_name, indicator_code, value, published_rank,
                                 published_ranked_count, derived, source, note, province_set, file, sheet, row,
                                 value_column, source_kind, published_group
                          FROM staged ORDER BY file_no, row""").fetchall()
    return [Record(*r[:15], extra={"column": r[15]} if r[15] else {}, source_kind=r[16] or "",
                   published_group=r[17] or "") for r in rows]
