"""Input that used to load wrong, or crash with a traceback: each is generated here (never committed),
refused with an InputError naming file, row and column, and the previous database is left
byte-identical (issue 15, item 3)."""
from __future__ import annotations

import datetime as dt
import os
import subprocess
import sys

import openpyxl
import pytest

from chiso.errors import InputError
from etl.build import build
from test_etl_bad_input import GOOD, HEAD, digest, fails_and_keeps, old_db, write_csv  # noqa: F401


def write_raw(folder, text: str | bytes, name="ket_qua.csv"):
    folder.mkdir(exist_ok=True)
    path = folder / name
    path.write_bytes(text if isinstance(text, bytes) else text.encode("utf-8"))
    return path


def csv_line(cells):
    return ",".join(cells)


def good_row(**change):
    row = list(GOOD)
    for i, key in enumerate(HEAD):
        if key in change:
            row[i] = change[key]
    return row


def test_unbalanced_quote_does_not_swallow_the_following_rows(old_db, tmp_path):
    rows = [csv_line(HEAD), csv_line([c if i != 6 else '"85,95"' for i, c in enumerate(GOOD)]),
            csv_line(good_row(**{"Ghi chú": '"ghi chú mở ngoặc'})),
            csv_line([c if i != 6 else '"86,95"' for i, c in enumerate(good_row(**{"Năm": "2021"}))]),
            csv_line([c if i != 6 else '"87,95"' for i, c in enumerate(good_row(**{"Năm": "2020"}))])]
    src = write_raw(tmp_path / "src", "\n".join(rows) + "\n")
    fails_and_keeps(old_db, src, "ket_qua.csv", "dòng 3", "ngoặc kép")


def test_unquoted_decimal_comma_shifting_columns_is_refused(old_db, tmp_path):
    # 81,5 unquoted: value 81, rank 5, count "63" -> "có"... must never load as valid-looking data
    row = ["SIPAS", "2022", "63", "", "Hà Tĩnh", "TOTAL", "81,5", "", "", "", "nguồn thử", ""]
    src = write_raw(tmp_path / "src", csv_line(HEAD) + "\n" + csv_line(row) + "\n")
    fails_and_keeps(old_db, src, "ket_qua.csv", "dòng 2", "13 ô", "12", "81,5")


def test_ragged_row_with_too_few_cells(old_db, tmp_path):
    src = write_raw(tmp_path / "src", csv_line(HEAD) + "\n" + csv_line(GOOD[:8]) + "\n")
    fails_and_keeps(old_db, src, "ket_qua.csv", "dòng 2", "ít ô hơn")


def test_nul_bytes(old_db, tmp_path):
    text = (csv_line(HEAD) + "\n" + csv_line(good_row(**{"Nguồn": "abc\x00def"})) + "\n").encode()
    fails_and_keeps(old_db, write_raw(tmp_path / "src", text), "ket_qua.csv", "dòng 2", "NUL")


def test_province_code_and_name_must_agree(old_db, tmp_path):
    src = write_csv(tmp_path / "src", [HEAD, good_row(**{"Mã tỉnh": "01"})])  # 01 is Hà Nội, the name Hà Tĩnh
    fails_and_keeps(old_db, src, "dòng 2", "cột Mã tỉnh", "không khớp", "Hà Tĩnh có mã 42", "'01'")


def test_ranked_count_above_the_edition_province_set(old_db, tmp_path):
    src = write_csv(tmp_path / "src", [HEAD, good_row(**{"Số tỉnh xếp hạng": "999"})])
    fails_and_keeps(old_db, src, "dòng 2", "cột Số tỉnh xếp hạng", "1–63", "999")


@pytest.mark.parametrize("text", ["nan", "NaN", "inf", "-Infinity"])
def test_nan_and_infinity_are_refused_not_stored_as_gaps(old_db, tmp_path, text):
    src = write_csv(tmp_path / "src", [HEAD, good_row(**{"Giá trị": text})])
    fails_and_keeps(old_db, src, "dòng 2", "cột Giá trị", "hữu hạn", text)


def test_rank_nan_is_a_message_not_a_traceback(old_db, tmp_path):
    src = write_csv(tmp_path / "src", [HEAD, good_row(**{"Xếp hạng công bố": "nan"})])
    fails_and_keeps(old_db, src, "dòng 2", "cột Xếp hạng công bố", "nan")


@pytest.mark.parametrize("year", ["2099", "1899", "2011"])  # PAR INDEX began in 2012
def test_years_only_within_the_catalog_editions(old_db, tmp_path, year):
    src = write_csv(tmp_path / "src", [HEAD, good_row(**{"Năm": year})])
    fails_and_keeps(old_db, src, "dòng 2", "cột Năm", "PAR_INDEX", year)


def test_a_cell_over_131072_characters(old_db, tmp_path):
    src = write_csv(tmp_path / "src", [HEAD, good_row(**{"Ghi chú": "x" * 131_073})])
    fails_and_keeps(old_db, src, "dòng 2", "cột Ghi chú", "131,072")


def test_an_xlsx_that_is_not_a_zip(old_db, tmp_path):
    src = write_raw(tmp_path / "src", csv_line(HEAD) + "\n", name="ket_qua.xlsx")
    fails_and_keeps(old_db, src, "ket_qua.xlsx", "zip")


def _workbook(tmp_path, cells: dict[int, object]):
    wb = openpyxl.Workbook()
    ws = wb.active
    ws.title = "PAR 2022"
    ws.append(HEAD)
    ws.append([cells.get(i, c if i != 6 else 85.95) for i, c in enumerate(GOOD)])
    (tmp_path / "src").mkdir(exist_ok=True)
    path = tmp_path / "src" / "ket_qua.xlsx"
    wb.save(path)
    return path


def test_xlsx_formula_without_a_cached_value(old_db, tmp_path):
    path = _workbook(tmp_path, {6: "=80+5.95"})  # openpyxl saves the formula, no value
    fails_and_keeps(old_db, path, "trang PAR 2022", "dòng 2", "Giá trị (G)", "công thức", "=80+5.95")


@pytest.mark.parametrize("when", [dt.datetime(1850, 1, 1), dt.datetime(1900, 1, 1), dt.datetime(9999, 12, 31)])
def test_xlsx_date_cells_outside_1990_2100(old_db, tmp_path, when):
    path = _workbook(tmp_path, {11: when})
    fails_and_keeps(old_db, path, "trang PAR 2022", "dòng 2", "cột Ghi chú", "1990–2100", str(when.year))


def test_a_good_xlsx_still_loads(old_db, tmp_path):
    build(old_db, [_workbook(tmp_path, {11: dt.datetime(2023, 4, 17)})], progress=lambda *_: None)


def test_a_symlinked_source_is_never_followed(old_db, tmp_path):
    folder = tmp_path / "src"
    folder.mkdir()
    (folder / "passwd.csv").symlink_to("/etc/passwd")
    (folder / "sub").symlink_to("/etc")
    before = digest(old_db)
    build(old_db, [folder], progress=lambda *_: None)  # nothing in the folder is read
    assert digest(old_db) != before
    with pytest.raises(InputError) as err:
        build(old_db, [folder / "passwd.csv"], progress=lambda *_: None)
    assert "root:" not in str(err.value) and "symlink" in str(err.value)


def test_leftover_temporary_files_of_killed_builds_are_removed(old_db, tmp_path):
    dead = subprocess.Popen([sys.executable, "-c", "pass"])
    dead.wait()
    leftover = old_db.with_name(f".{old_db.name}.building-{dead.pid}")
    leftover.write_bytes(b"half a database")
    wal = leftover.with_name(leftover.name + ".wal")
    wal.write_bytes(b"x")
    running = old_db.with_name(f".{old_db.name}.building-{os.getppid()}")  # a live build's file stays
    running.write_bytes(b"in progress")
    build(old_db, [write_csv(tmp_path / "src", [HEAD, GOOD])], progress=lambda *_: None)
    assert not leftover.exists() and not wal.exists() and running.exists()
    running.unlink()
