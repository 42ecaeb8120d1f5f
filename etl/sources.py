"""Reading one file as records, for tools (the results page); the national and regional means file
(`par_sipas_aggregates.csv`): its header and its writer. Which reader takes a file is decided in
etl/staging.py by the file's own shape; the build reads files straight into its staging tables."""
from __future__ import annotations

import csv
from pathlib import Path

AGGREGATE_HEADERS = ["Chỉ số", "Năm", "Phạm vi", "Thước đo", "Giá trị", "Nguồn", "Ghi chú"]


def write_aggregates(rows: list[dict], out: Path) -> None:
    with open(out, "w", encoding="utf-8", newline="") as fh:
        w = csv.writer(fh, lineterminator="\n")
        w.writerow(AGGREGATE_HEADERS)
        for r in rows:
            w.writerow([r["index_code"], r["year"], r["scope"], r["metric"], r["value"], r["source"], r["note"]])


def read_any(path: Path) -> tuple[list, list[dict]]:
    """(records, aggregate rows) of one published file in any format chiso knows, checked."""
    from etl import checked_records
    return checked_records.read_records(path)
