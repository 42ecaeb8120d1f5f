"""PAPI sub-dimension panel, one CSV per year (`2011.csv` ... `2024.csv`) with a codebook.

Columns `Province` (P01..P63, the panel's own numbering, matched to GSO codes
by the codebook's English name) and `SC11`..`SC83`: positional slots whose
meaning changes across years (PROVENANCE.md). `SLOTS` below is that file
format's key: which sub-dimension each slot holds in which years. A value in a
slot that means nothing that year is an error, not a guess.
Blank cells are provinces PAPI did not score: they stay gaps.
"""
from __future__ import annotations

import csv
import re
from pathlib import Path

from chiso.errors import InputError
from chiso.names import UnknownProvince, provinces, resolve_province
from etl import authority
from etl.canonical import Record, parse_number

# slot -> [(first_year, last_year, indicator_code)]
SLOTS = {
    "SC11": [(2011, 9999, "D1_KNOWLEDGE")], "SC12": [(2011, 9999, "D1_OPPORTUNITY")],
    "SC13": [(2011, 9999, "D1_ELECTIONS")], "SC14": [(2011, 9999, "D1_CONTRIB")],
    "SC21": [(2011, 2017, "D2_POVERTY"), (2018, 9999, "D2_INFO")],
    "SC22": [(2011, 2017, "D2_BUDGET"), (2018, 9999, "D2_POVERTY")],
    "SC23": [(2011, 2017, "D2_LANDUSE"), (2018, 9999, "D2_BUDGET")],
    "SC24": [(2018, 9999, "D2_LANDUSE")],
    "SC31": [(2011, 9999, "D3_INTERACT")],
    "SC32": [(2011, 2015, "D3_INSPECTION"), (2016, 2017, "D3_RESPONSIVE"), (2018, 9999, "D3_APPEALS")],
    "SC33": [(2011, 2015, "D3_INVESTMENT"), (2016, 2017, "D3_INSPECTION"), (2018, 9999, "D3_JUSTICE")],
    "SC41": [(2011, 9999, "D4_LOCALGOV")], "SC42": [(2011, 9999, "D4_SERVICE")],
    "SC43": [(2011, 9999, "D4_EMPLOYMENT")], "SC44": [(2011, 9999, "D4_WILLINGNESS")],
    "SC51": [(2011, 9999, "D5_CERT")], "SC52": [(2011, 2020, "D5_CONSTRUCTION")],
    "SC53": [(2011, 9999, "D5_LANDTITLE")], "SC54": [(2011, 9999, "D5_COMMUNE")],
    "SC61": [(2011, 9999, "D6_HEALTH")], "SC62": [(2011, 9999, "D6_EDUCATION")],
    "SC63": [(2011, 9999, "D6_INFRA")], "SC64": [(2011, 9999, "D6_SECURITY")],
    "SC71": [(2018, 9999, "D7_PROTECTION")], "SC72": [(2018, 9999, "D7_AIR")], "SC73": [(2018, 9999, "D7_WATER")],
    "SC81": [(2018, 9999, "D8_PORTAL")], "SC82": [(2018, 9999, "D8_INTERNET")], "SC83": [(2019, 9999, "D8_RESPONSIVE")],
}
# Slot labels the provenance could not verify against UNDP's own headers.
UNVERIFIED = {2017: "nhãn nội dung thành phần 2017 suy theo tính liên tục của cột, chưa xác minh",
              2018: "nhãn nội dung thành phần D7, D8 năm 2018 chưa xác minh (tổng nội dung đã xác minh)"}
KNOWN_DEFECTS = {(2022, "01", "D1_ELECTIONS"): "ô làm tròn 2 chữ số trong nguồn (Hà Nội 2022)",
                 (2022, "01", "D1_CONTRIB"): "ô làm tròn 2 chữ số trong nguồn (Hà Nội 2022)"}


def looks_like(path: Path) -> bool:
    if path.suffix.lower() != ".csv" or not re.fullmatch(r"\d{4}", path.stem):
        return False
    with open(path, encoding="utf-8-sig", errors="replace") as fh:
        return fh.readline().startswith("Province,SC11")


def _codebook(path: Path) -> dict[str, str]:
    book = path.parent / "codebook" / "codebook_provinces.csv"
    if not book.exists():
        raise InputError("thiếu codebook/codebook_provinces.csv bên cạnh tệp năm", file=path)
    with open(book, encoding="utf-8-sig", newline="") as fh:
        out = {}
        for line, r in enumerate(csv.DictReader(fh), start=2):
            try:
                out[r["Variable_Code"]] = resolve_province(r["Variable_Name"])
            except UnknownProvince as exc:
                raise InputError(str(exc), file=book, row=line, column="Variable_Name") from None
    return out


def _meaning(slot: str, year: int) -> str | None:
    for first, last, code in SLOTS.get(slot, []):
        if first <= year <= last:
            return code
    return None


def read(path: Path) -> list[Record]:
    year = int(path.stem)
    book = _codebook(path)
    try:
        text = path.read_text(encoding="utf-8-sig")
    except UnicodeDecodeError as exc:
        raise InputError("tệp không phải UTF-8 (wrong encoding)", file=path,
                         row=path.read_bytes()[: exc.start].count(b"\n") + 1) from None
    reader = csv.DictReader(text.splitlines())
    header = reader.fieldnames or []
    unknown = [h for h in header[1:] if h not in SLOTS]
    if not header or header[0] != "Province" or unknown:
        raise InputError("cột không đúng định dạng bảng PAPI (wrong columns)", file=path, row=1,
                         column=", ".join(unknown) or "Province")
    source = (f"UNDP Việt Nam, PAPI {year}: điểm nội dung thành phần (bảng tổng hợp hnks-gh/ml-mcdm "
              f"data/csv/{year}.csv, commit d165721e; khớp với tệp của UNDP)")
    names_vi = {p.code: p.name_vi for p in provinces()}
    records = []
    for line, r in enumerate(reader, start=2):
        pcode = r["Province"].strip()
        if pcode not in book:
            raise InputError("mã tỉnh không có trong codebook (unknown province)", file=path, row=line,
                             column="Province", value=pcode)
        province = book[pcode]
        for slot in header[1:]:
            value = parse_number(r[slot], file=path, row=line, column=slot)
            if value is None:
                continue
            code = _meaning(slot, year)
            if code is None:
                raise InputError(f"cột {slot} không có nội dung nào trong năm {year} nhưng có giá trị",
                                 file=path, row=line, column=slot, value=r[slot])
            note = "; ".join(n for n in (UNVERIFIED.get(year) if (year == 2017 or slot[2] in "78") else None,
                                         KNOWN_DEFECTS.get((year, province, code))) if n)
            records.append(Record("PAPI", year, province, names_vi[province], code, value, None, None, False, source,
                                  note, "63", str(path), None, line, {"column": slot}))
    return authority.classify(records)
