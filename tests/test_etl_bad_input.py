"""Bad input stops the build with a message naming file, sheet, row and column,
and the previous database stays exactly as it was."""
from __future__ import annotations

import hashlib
import shutil
from pathlib import Path

import openpyxl
import pytest

from chiso.errors import InputError
from etl.build import build
from etl.canonical import COLUMNS

HEAD = list(COLUMNS.values())
GOOD = ["PAR_INDEX", "2022", "63", "", "Hà Tĩnh", "TOTAL", "85,95", "28", "63", "",
        "Kế hoạch 221/KH-UBND tỉnh Hà Tĩnh", ""]


def digest(path: Path) -> str:
    return hashlib.sha256(path.read_bytes()).hexdigest()


@pytest.fixture()
def old_db(built_db, tmp_path) -> Path:
    db = tmp_path / "chiso.duckdb"
    shutil.copy(built_db, db)
    return db


def write_csv(folder: Path, rows: list[list[str]], name="ket_qua.csv", encoding="utf-8") -> Path:
    folder.mkdir(exist_ok=True)
    path = folder / name
    text = "\n".join(",".join(f'"{c}"' if "," in c else c for c in r) for r in rows) + "\n"
    # Windows-1258 has no code for some precomposed letters; what it can encode is enough here
    path.write_bytes(text.encode(encoding, errors="replace"))
    return path


def fails_and_keeps(old_db: Path, source: Path, *expected_parts: str) -> str:
    before = digest(old_db)
    with pytest.raises(InputError) as err:
        build(old_db, [source], progress=lambda *_: None)
    message = str(err.value)
    for part in expected_parts:
        assert part in message, message
    assert digest(old_db) == before, "a failed build must leave the previous database untouched"
    assert not list(old_db.parent.glob(".*building*")), "no half-built file left behind"
    return message


def test_a_good_row_loads(old_db, tmp_path):
    src = write_csv(tmp_path / "src", [HEAD, GOOD])
    build(old_db, [src], progress=lambda *_: None)


def test_a_source_that_does_not_exist(old_db, tmp_path):
    """`chiso build --source` with a mistyped folder built the bundled data alone, saying nothing."""
    fails_and_keeps(old_db, tmp_path / "so_lieu_moi", "so_lieu_moi", "không có tệp hay thư mục này")


def test_wrong_columns(old_db, tmp_path):
    head = [h for h in HEAD if h != "Giá trị"] + ["Điểm số"]
    src = write_csv(tmp_path / "src", [head, GOOD])
    fails_and_keeps(old_db, src, "ket_qua.csv", "dòng 1", "'Giá trị'", "'Điểm số'")


def test_text_in_a_number_cell(old_db, tmp_path):
    row = list(GOOD)
    row[6] = "tám lăm"
    src = write_csv(tmp_path / "src", [HEAD, GOOD, row])
    fails_and_keeps(old_db, src, "ket_qua.csv", "dòng 3", "cột Giá trị", "tám lăm")


@pytest.mark.parametrize("column, text", [(1, "20224"), (1, "99999999999"), (7, "99999999999"), (8, "3000000000")])
def test_a_whole_number_too_large_for_its_column(old_db, tmp_path, column, text):
    """A year, rank or ranked count past what an INTEGER holds stopped the build with DuckDB's own
    "Conversion Error ... out of range for INT32", no file, row or column named."""
    row = list(GOOD)
    row[column] = text
    src = write_csv(tmp_path / "src", [HEAD, GOOD, row])
    expected = "năm nằm ngoài các kỳ công bố" if text == "20224" else "số quá lớn cho cột này"
    fails_and_keeps(old_db, src, "ket_qua.csv", "dòng 3", f"cột {HEAD[column]}", text, expected)


def test_the_python_importers_refuse_the_same_too_large_whole_number():
    from etl.canonical import parse_int
    with pytest.raises(InputError) as err:
        parse_int("99999999999", file="par_sipas.csv", row=7, column="year")
    assert "par_sipas.csv, dòng 7, cột year: số quá lớn cho cột này" in str(err.value), str(err.value)
    assert parse_int("2147483647", file="x", row=1, column="year") == 2147483647


AGGREGATES_HEAD = ["Chỉ số", "Năm", "Phạm vi", "Thước đo", "Giá trị", "Nguồn", "Ghi chú"]
AGGREGATE = ["PAR_INDEX", "2023", "national", "mean", "86.98", "https://example.gov.vn/par-2023", ""]


@pytest.mark.parametrize("column, text, expected", [
    (1, "20x2", "ô phải là số"), (4, "abc", "ô phải là số"), (4, "", "thiếu giá trị bắt buộc"),
    (0, "PARX", "chỉ số không có trong danh mục"), (5, "", "thiếu giá trị bắt buộc")])
def test_a_bad_national_mean(old_db, tmp_path, column, text, expected):
    """The national and regional means were not checked: "abc" loaded as a gap, a year "20x2" stopped
    the build with DuckDB's NOT NULL constraint error, naming no file or row."""
    row = list(AGGREGATE)
    row[column] = text
    src = write_csv(tmp_path / "src", [AGGREGATES_HEAD, AGGREGATE, row], name="trung_binh.csv")
    fails_and_keeps(old_db, src, "trung_binh.csv", "dòng 3", f"cột {AGGREGATES_HEAD[column]}", expected)


def test_a_csv_saved_by_excel_set_to_vietnamese(old_db, tmp_path):
    """Excel set to Vietnamese (decimal comma) writes CSV fields separated by ';': such a file was
    refused as "missing columns 'Chỉ số', …; unrecognised columns 'Chỉ số;Năm;…'", though the task
    list reader read the same kind of file."""
    from etl import checked_records
    path = tmp_path / "src" / "ket_qua.csv"
    path.parent.mkdir()
    row = [c if c != "Kế hoạch 221/KH-UBND tỉnh Hà Tĩnh" else '"Kế hoạch 221/KH-UBND; tỉnh Hà Tĩnh"' for c in GOOD]
    path.write_text(";".join(HEAD) + "\n" + ";".join(row) + "\n", encoding="utf-8")
    records, _ = checked_records.read_records(path)
    assert [(r.province_name, r.value, r.published_rank, r.source) for r in records] == [
        ("Hà Tĩnh", 85.95, 28, "Kế hoạch 221/KH-UBND; tỉnh Hà Tĩnh")]
    path.write_text(";".join(HEAD) + "\n" + ";".join(row) + "\n" + ";".join(row + ["12"]) + "\n", encoding="utf-8")
    fails_and_keeps(old_db, path, "ket_qua.csv", "dòng 3", "13 ô")


def test_a_column_given_twice(old_db, tmp_path):
    """Two "Giá trị" columns loaded the last one's figures, silently."""
    src = write_csv(tmp_path / "src", [HEAD + ["Giá trị"], GOOD + ["12"]])
    fails_and_keeps(old_db, src, "ket_qua.csv", "dòng 1", "cột có tên lặp lại 'Giá trị'")


def test_a_derived_cell_neither_yes_nor_no(old_db, tmp_path):
    """"có lẽ" in the Suy ra column read as "not derived", silently."""
    row = list(GOOD)
    row[HEAD.index("Suy ra")] = "có lẽ"
    src = write_csv(tmp_path / "src", [HEAD, GOOD, row])
    fails_and_keeps(old_db, src, "ket_qua.csv", "dòng 3", "cột Suy ra", "'có lẽ'")


def test_score_above_its_maximum(old_db, tmp_path):
    row = ["PAPI", "2022", "63", "", "Hà Tĩnh", "D1", "12.5", "", "", "", "nguồn thử", ""]
    src = write_csv(tmp_path / "src", [HEAD, row])
    fails_and_keeps(old_db, src, "dòng 2", "cột Giá trị", "tối đa 10", "12.5")


def test_score_below_zero_shows_the_number_as_typed(old_db, tmp_path):
    row = ["PAPI", "2022", "63", "", "Hà Tĩnh", "D1", "-5", "", "", "", "nguồn thử", ""]
    src = write_csv(tmp_path / "src", [HEAD, row])
    message = fails_and_keeps(old_db, src, "dòng 2", "cột Giá trị", "điểm nhỏ hơn 0")
    assert message.endswith(": '-5'"), message  # '-5.0' before


@pytest.mark.parametrize("column, typed, expected", [
    (6, "859,5", "tối đa 100"), (6, "1.234,5", "tối đa 100"), (6, "1e300", "tối đa 100"), (7, "64,0", "1–63")])
def test_a_refused_number_is_shown_as_its_cell_has_it(old_db, tmp_path, column, typed, expected):
    """The message showed the number as parsed ('859.5', '1234.5', '1e+300'): text a Vietnamese user,
    who typed '859,5', cannot find in the file."""
    row = list(GOOD)
    row[column] = typed
    src = write_csv(tmp_path / "src", [HEAD, row])
    message = fails_and_keeps(old_db, src, "dòng 2", f"cột {HEAD[column]}", expected)
    assert message.endswith(f": '{typed}'"), message


def test_unknown_province(old_db, tmp_path):
    row = list(GOOD)
    row[4] = "Tỉnh Không Có"
    src = write_csv(tmp_path / "src", [HEAD, row])
    fails_and_keeps(old_db, src, "dòng 2", "cột Tỉnh/thành phố", "Tỉnh Không Có")


def test_duplicate_row_with_another_value(old_db, tmp_path):
    row = list(GOOD)
    row[6] = "86,95"
    src = write_csv(tmp_path / "src", [HEAD, GOOD, row])
    fails_and_keeps(old_db, src, "dòng 3", "trùng với dòng 2", "cột Giá trị")


def test_wrong_encoding(old_db, tmp_path):
    ascii_head = ["index_code", "year", "province_set", "province_code", "province_name", "indicator_code", "value",
                  "published_rank", "published_ranked_count", "derived", "source", "note"]
    src = write_csv(tmp_path / "src", [ascii_head, GOOD], encoding="cp1258")  # Windows Vietnamese
    fails_and_keeps(old_db, src, "ket_qua.csv", "dòng 2", "UTF-8")
    src = write_csv(tmp_path / "src16", [HEAD, GOOD], encoding="utf-16")
    fails_and_keeps(old_db, src, "ket_qua.csv", "dòng 1", "UTF-8")


def test_excel_sheet_with_merged_header_cells(old_db, tmp_path):
    wb = openpyxl.Workbook()
    ws = wb.active
    ws.title = "PAR 2022"
    ws.append(HEAD)
    ws.append([c if i != 6 else 85.95 for i, c in enumerate(GOOD)])
    ws.merge_cells("F1:G1")
    (tmp_path / "src").mkdir()
    path = tmp_path / "src" / "ket_qua.xlsx"
    wb.save(path)
    fails_and_keeps(old_db, path, "ket_qua.xlsx", "trang PAR 2022", "dòng 1", "F1:G1", "gộp")


def test_a_percentage_cell_in_excel_is_the_percentage_it_shows(tmp_path):
    """A SIPAS of 85.95% typed into a cell formatted as a percentage holds 0.8595: it loaded as 0.86%."""
    from etl import checked_records
    wb = openpyxl.Workbook()
    ws = wb.active
    ws.append(HEAD)
    ws.append(["SIPAS", 2022, "63", "", "Hà Tĩnh", "TOTAL", 0.8595, "", "", "", "Quyết định thử", ""])
    ws.append(["SIPAS", 2022, "63", "", "Nghệ An", "TOTAL", 0.8312, "", "", "", "Quyết định thử", ""])
    ws["G2"].number_format = "0.00%"
    ws["G3"].number_format = "General"  # a plain number stays as it is
    path = tmp_path / "sipas.xlsx"
    wb.save(path)
    records, _ = checked_records.read_records(path)
    assert [(r.province_name, r.value) for r in records] == [("Hà Tĩnh", 85.95), ("Nghệ An", 0.8312)]


def test_an_excel_table_under_a_title_row(tmp_path):
    """A table copied from a decision has its title (merged across the columns) above the header:
    it was "no sheet with the canonical headers". Rows keep the sheet's own numbers."""
    from etl import checked_records
    wb = openpyxl.Workbook()
    ws = wb.active
    ws.title = "PAR 2022"
    ws.append(["BẢNG KẾT QUẢ CHỈ SỐ CẢI CÁCH HÀNH CHÍNH NĂM 2022"])
    ws.merge_cells("A1:L1")
    ws.append([])
    ws.append(HEAD)
    ws.append([c if i != 6 else 85.95 for i, c in enumerate(GOOD)])
    ws.append([c if i != 6 else "tám lăm" for i, c in enumerate(GOOD)])
    path = tmp_path / "qd.xlsx"
    wb.save(path)
    with pytest.raises(InputError) as err:
        checked_records.read_records(path)
    assert "trang PAR 2022, dòng 5, cột Giá trị" in str(err.value) and "tám lăm" in str(err.value), str(err.value)
    ws.delete_rows(5)
    wb.save(path)
    records, _ = checked_records.read_records(path)
    assert [(r.province_name, r.value, r.row) for r in records] == [("Hà Tĩnh", 85.95, 4)]


def test_an_excel_value_in_a_column_with_no_header(old_db, tmp_path):
    """A figure typed two columns right of the table was dropped, silently (a CSV row with a cell
    too many is refused)."""
    wb = openpyxl.Workbook()
    ws = wb.active
    ws.append(HEAD)
    ws.append([c if i != 6 else 85.95 for i, c in enumerate(GOOD)] + [None, None, 86.1])
    (tmp_path / "src").mkdir()
    path = tmp_path / "src" / "ket_qua.xlsx"
    wb.save(path)
    fails_and_keeps(old_db, path, "ket_qua.xlsx", "dòng 2", "cột O", "cột không có tiêu đề", "86.1")


def test_a_second_excel_sheet_with_a_misnamed_column(old_db, tmp_path):
    """A workbook's first sheet loaded and its second, whose "Năm" was typed "Năm đánh giá", was
    skipped as "not a canonical sheet": its figures lost without a word."""
    wb = openpyxl.Workbook()
    wb.active.append(HEAD)
    wb.active.append([c if i != 6 else 85.95 for i, c in enumerate(GOOD)])
    second = wb.create_sheet("PAR 2023")
    second.append([h if h != "Năm" else "Năm đánh giá" for h in HEAD])
    second.append([c if i != 1 else "2023" for i, c in enumerate(GOOD)])
    (tmp_path / "src").mkdir()
    path = tmp_path / "src" / "ket_qua.xlsx"
    wb.save(path)
    fails_and_keeps(old_db, path, "ket_qua.xlsx", "trang PAR 2023", "dòng 1", "thiếu cột 'Năm'", "'Năm đánh giá'")


def test_unknown_component(old_db, tmp_path):
    row = list(GOOD)
    row[5] = "F9"
    src = write_csv(tmp_path / "src", [HEAD, row])
    fails_and_keeps(old_db, src, "dòng 2", "cột Mã thành phần", "F9")


def test_papi_panel_value_in_a_slot_with_no_meaning_that_year(old_db, tmp_path, shared_dir):
    raw = shared_dir / "data" / "raw" / "papi" / "subdimensions-2011-2024"
    folder = tmp_path / "panel"
    shutil.copytree(raw / "codebook", folder / "codebook")
    lines = (raw / "2015.csv").read_text(encoding="utf-8").splitlines()
    cells = lines[5].split(",")
    cells[8] = "1.23"  # SC24: Transparency had three sub-dimensions before 2018
    lines[5] = ",".join(cells)
    (folder / "2015.csv").write_text("\n".join(lines) + "\n", encoding="utf-8")
    fails_and_keeps(old_db, folder / "2015.csv", "2015.csv", "dòng 6", "cột SC24")


def test_undp_sheet_with_merged_header(old_db, tmp_path, shared_dir):
    wb = openpyxl.load_workbook(shared_dir / "data" / "raw" / "papi" / "undp-2011-2016" / "PAPI_2011-2016.xlsx")
    wb["2013_PAPI"].merge_cells("D1:H1")
    (tmp_path / "src").mkdir()
    path = tmp_path / "src" / "PAPI_2011-2016.xlsx"
    wb.save(path)
    fails_and_keeps(old_db, path, "trang 2013_PAPI", "D1:H1")


def test_a_34_province_edition_loads_beside_the_63_province_ones(old_db, tmp_path):
    # Test fixture only (never shipped): values below are NOT published figures.
    rows = [HEAD]
    for name in ("Thành phố Huế", "Đồng Nai", "Tây Ninh"):
        rows.append(["PAR_INDEX", "2025", "34", "", name, "TOTAL", "90", "", "", "", "test fixture, not published", ""])
    src = write_csv(tmp_path / "src", rows)
    build(old_db, [src], progress=lambda *_: None)
    import duckdb
    con = duckdb.connect(str(old_db), read_only=True)
    sets = dict(con.execute("SELECT year, province_set FROM v_editions WHERE index_code='PAR_INDEX' "
                            "AND year IN (2024, 2025)").fetchall())
    assert sets == {2024: "63", 2025: "34"}
    # code 75 is Đồng Nai in both sets, but a different territory: the edition says which
    assert con.execute("SELECT province_set FROM v_scores WHERE index_code='PAR_INDEX' AND year=2025 "
                       "AND province_code='75'").fetchone() == ("34",)
    assert con.execute("SELECT coverage, ranked_count FROM v_editions WHERE index_code='PAR_INDEX' "
                       "AND year=2025").fetchone() == ("partial", None)
    assert con.execute("SELECT rank FROM v_scores WHERE index_code='PAR_INDEX' AND year=2025").fetchall() == [(None,)] * 3
    con.close()
    # an English reader reads the new provinces as the 63 are named in English, in every list
    from chiso import scores
    ranking = scores.ranking("PAR_INDEX", 2025, db=old_db)
    assert sorted(zip(ranking.name_vi, ranking.name_en)) == [
        ("Thành phố Huế", "Hue"), ("Tây Ninh", "Tay Ninh"), ("Đồng Nai", "Dong Nai")]
    assert set(scores.provinces_2025(db=old_db).set_index("name_2025").name_2025_en[
        ["Thành phố Huế", "Đồng Nai", "Thành phố Hồ Chí Minh"]]) == {"Hue", "Dong Nai", "Ho Chi Minh"}


def test_a_full_official_table_gets_complete_ranks(old_db, tmp_path):
    # When a user loads a full 63-province table, ranks are computed for every province.
    # Test fixture only (never shipped): values below are NOT published figures.
    from chiso.names import provinces
    rows = [HEAD]
    for i, p in enumerate(provinces()):
        rows.append(["SIPAS", "2019", "63", p.code, p.name_vi, "TOTAL", str(70 + i * 0.3), "", "", "",
                     "test fixture, not published", ""])
    src = write_csv(tmp_path / "src", rows)
    build(old_db, [src], progress=lambda *_: None)
    import duckdb
    con = duckdb.connect(str(old_db), read_only=True)
    # SIPAS 2019 was partial; with every province present it is full and every province is ranked
    assert con.execute("SELECT coverage, ranked_count FROM v_editions WHERE index_code='SIPAS' AND year=2019"
                       ).fetchone() == ("full", 63)
    ranks = con.execute("SELECT rank, ranked_count, rank_source FROM v_scores WHERE index_code='SIPAS' AND year=2019 "
                        "AND indicator_code='TOTAL' ORDER BY rank").fetchall()
    assert len(ranks) == 63 and {r[1] for r in ranks} == {63}
    # published ranks still win over computed ones, and the difference is reported
    assert any(r[2] == "published" for r in ranks)
    assert con.execute("SELECT count(*) FROM v_disagreements WHERE index_code='SIPAS' AND year=2019 "
                       "AND kind='rank'").fetchone()[0] > 0
    con.close()


def test_input_error_names_every_part(tmp_path):
    e = InputError("ô phải là số", file="a.xlsx", sheet="2022", row=7, column="G", value="x")
    assert str(e) == "tệp a.xlsx, trang 2022, dòng 7, cột G: ô phải là số: 'x'"


def test_entered_results_refuse_one_source_stating_two_values_for_one_figure():
    """The duplicate rule as the results page asks it (before any catalog rule: no row key yet)."""
    from etl import checked_records
    from etl.canonical import Record

    def stated(value, row):
        return Record("SIPAS", 2023, "42", "", "TOTAL", value, None, None, False, "Bộ Nội vụ, SIPAS 2023",
                      province_set="63", file="nhap.xlsx", row=row)

    assert len(checked_records.check_duplicates([stated(80.5, 2), stated(80.5, 3)])) == 2  # the same figure twice
    with pytest.raises(InputError) as refused:
        checked_records.check_duplicates([stated(80.5, 2), stated(81.5, 3)])
    assert "dòng 3" in str(refused.value) and "trùng với dòng 2" in str(refused.value)
