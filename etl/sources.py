"""Which importer reads a file: decided by the file's own shape, not its name alone."""
from __future__ import annotations

from pathlib import Path

from chiso.errors import InputError
from etl import canonical, papi_panel_csv, papi_undp_xlsx, par_sipas_observations, pci_csv, pci_workbooks

AGGREGATE_HEADERS = ["Chỉ số", "Năm", "Phạm vi", "Thước đo", "Giá trị", "Nguồn", "Ghi chú"]


def _csv_header(path: Path) -> list[str]:
    import csv
    with open(path, encoding="utf-8-sig", errors="replace", newline="") as fh:
        return next(csv.reader(fh), [])


def read_any(path: Path) -> tuple[list, list[dict]]:
    """(records, aggregate rows) of one published file in any format chiso knows."""
    path = Path(path)
    suffix = path.suffix.lower()
    if pci_workbooks.looks_like(path):
        return pci_workbooks.read(path), []
    if suffix == ".csv":
        _check_utf8(path)
        header = _csv_header(path)
        if header == AGGREGATE_HEADERS:
            return [], read_aggregates(path)
        if par_sipas_observations.looks_like_aggregates(path):
            return [], par_sipas_observations.read_aggregates(path)
        if par_sipas_observations.looks_like(path):
            return par_sipas_observations.read(path), []
        if pci_csv.looks_like(path):
            return pci_csv.read(path, skip_workbook_rows=False), []
        if papi_panel_csv.looks_like(path):
            return papi_panel_csv.read(path), []
        if canonical.is_canonical_headers(header):
            return canonical.read_csv(path), []
        canonical.check_headers(header, file=path)  # raises with the missing columns named
    if suffix in (".xlsx", ".xlsm"):
        if papi_undp_xlsx.looks_like(path):
            return papi_undp_xlsx.read(path), []
        records = canonical.read_xlsx(path)
        if not records:
            raise InputError("không có trang nào theo mẫu chuẩn (no sheet with the canonical headers)", file=path)
        return records, []
    raise InputError("định dạng tệp không hỗ trợ (use .csv or .xlsx)", file=path)


def _check_utf8(path: Path) -> None:
    """Vietnamese text saved as Windows-1258 or UTF-16 would silently become garbage: refuse it."""
    data = path.read_bytes()
    try:
        data.decode("utf-8")
    except UnicodeDecodeError as exc:
        raise InputError("tệp không phải UTF-8 (wrong encoding; in Excel choose 'CSV UTF-8')", file=path,
                         row=data[: exc.start].count(b"\n") + 1) from None


def files_in(folder: Path) -> list[Path]:
    """Published files under a folder, in a stable order; codebooks and notes are not data files."""
    out = []
    for p in sorted(Path(folder).rglob("*")):
        if p.is_file() and p.suffix.lower() in (".csv", ".xlsx", ".xls") and "codebook" not in p.parts \
                and not p.name.startswith(("~$", ".")):
            out.append(p)
    return out


def read_aggregates(path: Path) -> list[dict]:
    import csv
    from etl.canonical import parse_int, parse_number
    out = []
    with open(path, encoding="utf-8-sig", newline="") as fh:
        for line, r in enumerate(csv.DictReader(fh), start=2):
            out.append({"index_code": r["Chỉ số"], "year": parse_int(r["Năm"], file=path, row=line, column="Năm"),
                        "scope": r["Phạm vi"], "metric": r["Thước đo"],
                        "value": parse_number(r["Giá trị"], file=path, row=line, column="Giá trị"),
                        "source": r["Nguồn"], "note": r["Ghi chú"]})
    return out


def write_aggregates(rows: list[dict], out: Path) -> None:
    import csv
    with open(out, "w", encoding="utf-8", newline="") as fh:
        w = csv.writer(fh, lineterminator="\n")
        w.writerow(AGGREGATE_HEADERS)
        for r in rows:
            w.writerow([r["index_code"], r["year"], r["scope"], r["metric"], r["value"], r["source"], r["note"]])
