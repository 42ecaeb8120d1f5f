"""SYNTHETIC inputs for the results-entry tests, generated here and never shown as real.

Every value made here is invented for tests: sources say SYNTHETIC, and the files go to
temporary folders and temporary stores/databases only (never data/published, never the
bundled database).
"""
from __future__ import annotations

import io
from pathlib import Path

import openpyxl

from chiso import auth
from chiso.results import scorecard
from etl.templates import write_xlsx

HA_TINH = "42"
ADMIN_HT = auth.User("admin_ht_results", auth.PROVINCE_ADMIN, HA_TINH)
SYNTHETIC_SOURCE = "SYNTHETIC: bảng thử do kiểm thử tạo ra, không phải số liệu công bố"
SYNTHETIC_DOCUMENT = "Quyết định 0000/QĐ-BNV (SYNTHETIC, kiểm thử)"


def national_table(path: Path, index_code: str = "PAR_INDEX", year: int = 2023) -> Path:
    """The canonical template for every province, filled with SYNTHETIC totals (distinct, 95 down)."""
    write_xlsx(path, index_code, year, "TOTAL", SYNTHETIC_SOURCE)
    wb = openpyxl.load_workbook(path)
    ws = wb.active
    for i, row in enumerate(ws.iter_rows(min_row=2), start=1):
        row[6].value = round(95 - i * 0.21, 2)
    wb.save(path)
    return path


# (criterion maxima, sub-criterion points lost) per field: the weakest sub-criteria are F3.2.1
# (2,00 of 3,00 lost), F7.1.2 (1,50 of 2,00) and F2.2.2 (1,25 of 2,50), then the small losses.
LOSSES = {("F3", 2, 1): 2.0, ("F7", 1, 2): 1.5, ("F2", 2, 2): 1.25, ("F5", 1, 1): 0.5, ("F1", 1, 2): 0.25}
SUB_MAX = {("F3", 2, 1): 3.0, ("F7", 1, 2): 2.0, ("F2", 2, 2): 2.5}


def scorecard_rows(year: int = 2023, previous: bool = False) -> list[list]:
    """Fields (catalog names) → 2 criteria → 2 sub-criteria each, SYNTHETIC maxima and points.
    `previous`: the year before, where F7.1.2 lost nothing (so it fell this year)."""
    rows = []
    for f in scorecard.catalog_fields("PAR_INDEX", year):
        n = int(f.indicator_code[1:])
        crit_rows, field_max, field_pts = [], 0.0, 0.0
        for c in (1, 2):
            subs, cmax, cpts = [], 0.0, 0.0
            for s in (1, 2):
                smax = SUB_MAX.get((f.indicator_code, c, s), 1.0)
                lost = LOSSES.get((f.indicator_code, c, s), 0.0)
                if previous and (f.indicator_code, c, s) == ("F7", 1, 2):
                    lost = 0.0
                subs.append(["PAR_INDEX", year, "Tiêu chí thành phần", f"{n}.{c}.{s}",
                             f"Tiêu chí thành phần {n}.{c}.{s} (SYNTHETIC)", smax, smax - lost, ""])
                cmax, cpts = cmax + smax, cpts + smax - lost
            crit_rows.append(["PAR_INDEX", year, "Tiêu chí", f"{n}.{c}", f"Tiêu chí {n}.{c} (SYNTHETIC)", cmax, cpts, ""])
            crit_rows += subs
            field_max, field_pts = field_max + cmax, field_pts + cpts
        if f.max_value is not None and f.max_value > field_max:  # add up to the catalog's maximum of the field
            rest = f.max_value - field_max
            crit_rows += [["PAR_INDEX", year, "Tiêu chí", f"{n}.3", f"Tiêu chí {n}.3 (SYNTHETIC)", rest, rest, ""],
                          ["PAR_INDEX", year, "Tiêu chí thành phần", f"{n}.3.1",
                           f"Tiêu chí thành phần {n}.3.1 (SYNTHETIC)", rest, rest, ""]]
            field_max, field_pts = f.max_value, field_pts + rest
        rows.append(["PAR_INDEX", year, "Lĩnh vực", f.indicator_code, f.name_vi, field_max, field_pts, "SYNTHETIC"])
        rows += crit_rows
    return rows


def scorecard_xlsx(year: int = 2023, previous: bool = False) -> bytes:
    wb = openpyxl.load_workbook(io.BytesIO(scorecard.template_xlsx("PAR_INDEX", None)))
    ws = wb[scorecard.SHEET]
    for r in scorecard_rows(year, previous):
        ws.append(r)
    out = io.BytesIO()
    wb.save(out)
    return out.getvalue()
