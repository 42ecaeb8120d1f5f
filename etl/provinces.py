"""Provinces: the 63 pre-2025 provinces and their 1 July 2025 successors.

Reads `provinces.csv` of the shared data (GSO codes, names, regions, 2025
mapping) and writes the project's own `data/provinces.csv` with English names
and a source for every row.
"""
from __future__ import annotations

import csv
from pathlib import Path

from chiso.errors import InputError

SOURCE = ("GSO province codes and regions; 2025 mapping from the National Assembly's resolution on "
          "the reorganisation of provincial units (1 July 2025), cross-checked with the PyPI package vietnam-provinces")
COLUMNS = ["province_code", "name_vi", "name_en", "type", "region_vi", "region_en", "code_2025", "name_2025", "source"]
_REQUIRED = ["code", "name_vi", "name_ascii", "type", "region_vi", "region_en", "code_2025", "name_2025"]


def read_shared_provinces(path: Path) -> list[dict]:
    with open(path, encoding="utf-8", newline="") as fh:
        reader = csv.DictReader(fh)
        missing = [c for c in _REQUIRED if c not in (reader.fieldnames or [])]
        if missing:
            raise InputError(f"thiếu cột {', '.join(missing)}", file=path, row=1)
        rows = []
        for line, r in enumerate(reader, start=2):
            if not r["code"].strip().isdigit():
                raise InputError("mã tỉnh phải là số", file=path, row=line, column="code", value=r["code"])
            rows.append({
                "province_code": r["code"].strip().zfill(2),
                "name_vi": r["name_vi"].strip(),
                "name_en": r["name_ascii"].strip(),
                "type": r["type"].strip(),
                "region_vi": r["region_vi"].strip(),
                "region_en": r["region_en"].strip(),
                "code_2025": r["code_2025"].strip().zfill(2),
                "name_2025": r["name_2025"].strip(),
                "source": SOURCE,
            })
    if len(rows) != 63:
        raise InputError(f"cần 63 tỉnh, có {len(rows)}", file=path)
    return rows


def write_provinces(rows: list[dict], out: Path) -> None:
    with open(out, "w", encoding="utf-8", newline="") as fh:
        w = csv.DictWriter(fh, fieldnames=COLUMNS, lineterminator="\n")
        w.writeheader()
        w.writerows(rows)
