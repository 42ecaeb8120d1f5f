"""A task spreadsheet with values far off the template's extent is refused by name, before a reader
pads every row to the farthest cell (5,000 far cells cost 18 s and 650 MB before)."""
from __future__ import annotations

import io
import resource
import time

import openpyxl
import pytest
from openpyxl.styles import Font

from chiso.errors import InputError
from chiso.tasks import open_store, template, uploads
from task_fixtures import ADMIN, BINH_PHUOC


def _workbook(far=None, styled_far=False) -> bytes:
    wb = openpyxl.Workbook()
    ws = wb.active
    ws.append([template.TEXT, template.LEAD_UNIT, template.DEADLINE])
    ws.append(["Công khai danh sách hộ nghèo", "Văn phòng Sở", "31/12/2024"])
    for row, col in far or ():
        ws.cell(row=row, column=col, value="x")
    if styled_far:
        ws.cell(row=3, column=16000).font = Font(bold=True)  # formatted, no value
    out = io.BytesIO()
    wb.save(out)
    return out.getvalue()


def test_far_off_cells_are_refused_naming_the_first():
    data = _workbook(far=[(r, 16384) for r in range(1, 5001)])
    assert len(data) < 200 * 1024
    before = resource.getrusage(resource.RUSAGE_SELF).ru_maxrss
    started = time.process_time()
    with pytest.raises(InputError) as refused:
        uploads.read_grid("xa.xlsx", data)
    assert "XFD1" in str(refused.value) and refused.value.file == "xa.xlsx"
    # Bounded by construction: the scan never materialises a padded row (generous bounds, not speed).
    assert time.process_time() - started < 10
    assert resource.getrusage(resource.RUSAGE_SELF).ru_maxrss - before < 100 * 1024


def test_far_off_rows_are_refused_too():
    with pytest.raises(InputError, match="A900000"):
        uploads.read_grid("xa.xlsx", _workbook(far=[(900_000, 1)]))


def test_formatted_blank_far_cell_does_not_block_an_honest_file(tmp_path):
    store = open_store(tmp_path / "t.duckdb")
    result = store.import_file(ADMIN, BINH_PHUOC, "nv.xlsx", _workbook(styled_far=True))
    assert result.created == 1
