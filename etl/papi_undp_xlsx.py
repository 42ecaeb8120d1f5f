"""PAPI in UNDP's Excel download: one sheet per year (`2011_PAPI` ...).

Row 1 English headers, row 2 Vietnamese headers, then one row per province
(`tinhid` = GSO code). Each dimension is followed by its sub-dimensions; the
last column is the unweighted total. Traps (see the file's PROVENANCE.md):
a `tinhid` 999 "Highest" row that is not a province, trailing empty rows,
and all-zero rows meaning "not reported" (Bắc Giang, Đồng Tháp 2014).
"""
from __future__ import annotations

import re
from pathlib import Path

from chiso import aliases
from chiso.errors import InputError
from etl import authority
from etl.canonical import Record, parse_number

SHEET = re.compile(r"^(\d{4})_PAPI$")
SUMMARY_ROW_ID = 999


def looks_like(path: Path) -> bool:
    if path.suffix.lower() != ".xlsx":
        return False
    import openpyxl
    wb = openpyxl.load_workbook(path, read_only=True)
    return any(SHEET.match(name) for name in wb.sheetnames)


def read(path: Path) -> list[Record]:
    import openpyxl

    wb = openpyxl.load_workbook(path, data_only=True)
    records: list[Record] = []
    for ws in wb.worksheets:
        m = SHEET.match(ws.title)
        if not m:
            continue
        year = int(m.group(1))
        for rng in ws.merged_cells.ranges:
            if rng.min_row <= 2:
                raise InputError("ô tiêu đề bị gộp (merged header cells)", file=path, sheet=ws.title,
                                 row=rng.min_row, column=rng.coord)
        header = [c.value for c in ws[1]]
        if [str(h).strip() if h else "" for h in header[:3]] != ["tinhid", "tentinh_eng", "tentinh_vie"]:
            raise InputError("ba cột đầu phải là tinhid, tentinh_eng, tentinh_vie (wrong columns)",
                             file=path, sheet=ws.title, row=1)
        codes = []
        for col, h in enumerate(header[3:], start=4):
            name = re.sub(r"\d{4}", " ", str(h or ""))
            code = aliases.indicator_for("PAPI", name, year)
            if code is None:
                raise InputError("tiêu đề cột không nhận ra (unknown column)", file=path, sheet=ws.title,
                                 row=1, column=_col(col), value=h)
            codes.append(code)
        source = (f"UNDP Việt Nam, PAPI {year}: tệp Excel của UNDP (PAPI_2011-2016.xlsx, trang {ws.title}; "
                  "bản lưu tại mdtrinh/vietnamdata data-raw/PAPI, commit be581b8d)")
        for row_no, row in enumerate(ws.iter_rows(min_row=3, values_only=True), start=3):
            pid = row[0]
            if pid is None or str(pid).strip() == "":
                continue
            pid_num = parse_number(pid, file=path, sheet=ws.title, row=row_no, column="A")
            if int(pid_num) == SUMMARY_ROW_ID:
                continue  # "Highest / Điểm cao nhất": a summary, not a province
            province_code = str(int(pid_num)).zfill(2)
            values = [parse_number(v, file=path, sheet=ws.title, row=row_no, column=_col(i))
                      for i, v in enumerate(row[3:], start=4)]
            if all(v in (None, 0.0) for v in values):
                continue  # an all-zero row means "not reported", never a score
            for col, (code, value) in enumerate(zip(codes, values), start=4):
                if value is None:
                    continue
                records.append(Record("PAPI", year, province_code, str(row[2] or row[1]), code, value,
                                      None, None, False, source, "", "63", str(path), ws.title, row_no,
                                      {"column": _col(col)}))
    return authority.classify(records)


def _col(n: int) -> str:
    s = ""
    while n:
        n, r = divmod(n - 1, 26)
        s = chr(65 + r) + s
    return s
