"""Results entered in the app (chiso.results): national tables (XLSX, CSV, PDF) and a province's
scorecard, kept in their own store, part of every build, structure added for the edition.

Every value here is SYNTHETIC (tests/results_fixtures.py) and goes to temporary stores and
databases only."""
from __future__ import annotations

import shutil
import subprocess

import duckdb
import openpyxl
import pytest

from chiso import auth, clock, paths
from chiso.cli import main as cli
from chiso.errors import InputError
from chiso.results import national, open_results_store, prepare, scorecard
from etl.build import build
from results_fixtures import ADMIN_HT, HA_TINH, SYNTHETIC_DOCUMENT, national_table, scorecard_xlsx
from task_fixtures import empty_store, pg_url, signed_in, store_url  # noqa: F401


def quiet(*_):
    pass


def rows_of(records):
    return [(r.index_code, r.year, r.province_code, r.indicator_code, r.value, r.published_rank, r.source)
            for r in records]


@pytest.fixture
def workdir(tmp_path, monkeypatch):
    monkeypatch.delenv("CHISO_RESULTS_URL", raising=False)
    return tmp_path


@pytest.fixture(scope="module")
def scorecard_db(tmp_path_factory):
    """A database built with Hà Tĩnh's SYNTHETIC PAR INDEX scorecards of 2022 and 2023 entered."""
    tmp = tmp_path_factory.mktemp("scorecard_db")
    database = tmp / "chiso.duckdb"
    store = open_results_store(paths.default_results_url(database))
    for year, previous in ((2022, True), (2023, False)):
        entry = prepare(f"bang_diem_{year}.xlsx", scorecard_xlsx(year, previous), province_code=HA_TINH,
                        document=SYNTHETIC_DOCUMENT)
        store.save(ADMIN_HT, entry)
    build(database, progress=quiet)
    return database


def query(database, sql, params=()):
    with duckdb.connect(str(database), read_only=True) as con:
        return con.execute(sql, list(params)).fetchall()


# ------------------------------------------------------------------ national tables

def test_a_pdf_of_the_template_reads_to_the_same_rows_as_the_xlsx(tmp_path):
    soffice = shutil.which("soffice") or shutil.which("libreoffice")
    if not soffice:
        pytest.skip("LibreOffice (soffice) not installed: apt-get install libreoffice-calc")
    xlsx = national_table(tmp_path / "par_2023.xlsx")
    wb = openpyxl.load_workbook(xlsx)
    for i, row in enumerate(wb.active.iter_rows(min_row=2), start=1):
        row[7].value = i  # a rank column too, so both value and rank must survive the PDF
    wb.save(xlsx)
    subprocess.run([soffice, f"-env:UserInstallation=file://{tmp_path / 'lo'}", "--headless", "--convert-to", "pdf",
                    "--outdir", str(tmp_path), str(xlsx)], check=True, capture_output=True, timeout=180)
    pdf = tmp_path / "par_2023.pdf"
    from_xlsx = national.read_table(xlsx.name, xlsx.read_bytes())
    from_pdf = national.read_table(pdf.name, pdf.read_bytes())
    assert len(from_xlsx) == 63
    assert rows_of(from_pdf) == rows_of(from_xlsx)


def test_a_ministry_style_pdf_table_takes_index_year_and_source_from_the_form(tmp_path):
    """Four columns as an appendix prints them (no index, year or source columns), over two pages with
    the header on the first only."""
    from chiso.names import provinces
    soffice = shutil.which("soffice") or shutil.which("libreoffice")
    if not soffice:
        pytest.skip("LibreOffice (soffice) not installed")
    wb = openpyxl.Workbook()
    ws = wb.active
    ws.append(["STT", "Tỉnh, thành phố", "Điểm", "Xếp hạng"])
    for i, p in enumerate(provinces(), start=1):
        ws.append([i, p.name_vi, f"{90 - i / 10:.2f}".replace(".", ","), i])
    ws.print_options.gridLines = True
    ws.column_dimensions["B"].width = 30
    wb.save(tmp_path / "phu_luc.xlsx")
    subprocess.run([soffice, f"-env:UserInstallation=file://{tmp_path / 'lo'}", "--headless", "--convert-to", "pdf",
                    "--outdir", str(tmp_path), str(tmp_path / "phu_luc.xlsx")], check=True, capture_output=True,
                   timeout=180)
    data = (tmp_path / "phu_luc.pdf").read_bytes()
    with pytest.raises(InputError) as err:
        national.read_table("phu_luc.pdf", data)
    assert "phu_luc.pdf" in str(err.value) and "PDF 1" in str(err.value)
    records = national.read_table("phu_luc.pdf", data, index_code="PAR_INDEX", year=2023, source=SYNTHETIC_DOCUMENT)
    assert [(r.province_code, r.value, r.published_rank) for r in records] == \
        [(p.code, round(90 - i / 10, 2), i) for i, p in enumerate(provinces(), start=1)]
    assert {r.source for r in records} == {SYNTHETIC_DOCUMENT}
    assert {r.sheet for r in records} == {"PDF 1", "PDF 2"}  # continued on page 2 without a header


def test_a_bad_national_table_names_file_sheet_row_and_column_and_saves_nothing(workdir):
    xlsx = national_table(workdir / "par_2023.xlsx")
    wb = openpyxl.load_workbook(xlsx)
    wb.active["G12"] = "chín mươi"
    wb.save(xlsx)
    store = open_results_store(workdir / "results.duckdb")
    with pytest.raises(InputError) as err:
        prepare(xlsx.name, xlsx.read_bytes(), province_code=HA_TINH, document=SYNTHETIC_DOCUMENT)
    text = str(err.value)
    assert "par_2023.xlsx" in text and "Nhập liệu" in text and "dòng 12" in text and "Giá trị" in text, text
    assert "/tmp" not in text  # the uploaded file's name, not the temporary copy
    assert store.batches().empty


def test_national_table_is_kept_through_rebuilds_and_disagreements_are_listed(workdir):
    xlsx = national_table(workdir / "par_2023.xlsx")
    database = workdir / "chiso.duckdb"
    assert cli(["results", "import", str(xlsx), "--province", "Hà Tĩnh", "--db", str(database)]) == 0
    assert query(database, "SELECT coverage, ranked_count FROM v_editions WHERE index_code = 'PAR_INDEX' "
                           "AND year = 2023") == [("full", 63)]
    build(database, progress=quiet)  # the bundled data again: the entered table stays
    assert query(database, "SELECT coverage FROM v_editions WHERE index_code = 'PAR_INDEX' AND year = 2023") == \
        [("full",)]
    # Hải Phòng 2023 is 91,87 in the bundled sources; the SYNTHETIC table says otherwise: both listed.
    (candidates,) = query(database, "SELECT candidates FROM v_disagreements WHERE index_code = 'PAR_INDEX' "
                                    "AND year = 2023 AND province_code = '31' AND indicator_code = 'TOTAL' "
                                    "AND kind = 'value'")[0]
    assert "91.87" in candidates and "SYNTHETIC" in candidates
    batches = open_results_store(paths.default_results_url(database)).batches()
    assert list(batches.kind) == ["national"] and batches.entered_by[0].startswith("cli:")
    assert batches.source_kind[0] == "official" and batches.row_count[0] == 63


def test_results_list_and_permissions(workdir, capsys, monkeypatch):
    database = workdir / "chiso.duckdb"
    xlsx = national_table(workdir / "par_2023.xlsx")
    entry = prepare(xlsx.name, xlsx.read_bytes(), province_code=HA_TINH, document=SYNTHETIC_DOCUMENT)
    store = open_results_store(paths.default_results_url(database))
    viewer = auth.User("xem_ht", auth.VIEWER, HA_TINH)
    other = auth.User("qt_na", auth.PROVINCE_ADMIN, "40")
    for user in (viewer, other):
        with pytest.raises(auth.PermissionDenied):
            store.save(user, entry)
    store.save(ADMIN_HT, entry)
    store.save(ADMIN_HT, entry)  # the same kind, index, year and province again: replaces, no duplicate
    assert cli(["results", "list", "--db", str(database)]) == 0
    out = capsys.readouterr().out
    # the index named as the pages name it (its code PAR_INDEX is the store's), the kind and authority in
    # the page's words (it printed "national" and "[official]" in a Vietnamese list)
    assert out.count("bảng cả nước · PAR INDEX 2023 · Hà Tĩnh") == 1 and "PAR_INDEX" not in out
    assert ADMIN_HT.username in out and "[chính thức (quyết định của Bộ)]" in out
    # entered at Vietnam's time, as a task's update is shown (it said the UTC time, "… 18:39 UTC")
    (entered_at,) = store.batches().entered_at
    assert f"lúc {clock.local_time(entered_at)}  (" in out and "UTC" not in out
    # a table of one value, listed in English: "1 value", not "1 values"
    wb = openpyxl.load_workbook(xlsx)
    for row in wb.active.iter_rows(min_row=3):
        row[6].value = None
    wb.save(xlsx)
    store.save(ADMIN_HT, prepare(xlsx.name, xlsx.read_bytes(), province_code=HA_TINH, document=SYNTHETIC_DOCUMENT))
    monkeypatch.setenv("CHISO_LANG", "en")
    assert cli(["results", "list", "--db", str(database)]) == 0
    out = capsys.readouterr().out
    assert "Ha Tinh     1 value  " in out and "1 values" not in out, out


def test_a_scorecard_of_an_edition_of_the_34_is_the_new_provinces(workdir, capsys):
    """Bình Phước's admin entering PAR INDEX 2025 (34 provinces) was refused: "dòng 2, cột Mã tỉnh: mã tỉnh
    không thuộc bộ 34 tỉnh: '70'", of a column the scorecard has not. It is Đồng Nai's, and said."""
    card = workdir / "card_2025.xlsx"
    card.write_bytes(scorecard_xlsx(2025))
    database = workdir / "chiso.duckdb"
    assert cli(["results", "import", str(card), "--province", "Bình Phước", "--document", SYNTHETIC_DOCUMENT,
                "--db", str(database), "--no-build"]) == 0
    out = capsys.readouterr().out
    assert "(bảng điểm của tỉnh PAR INDEX 2025)" in out, out
    assert "lưu ý: PAR INDEX 2025 xếp hạng 34 tỉnh, thành phố từ ngày 01/07/2025: bảng điểm này được nhập cho " \
        "Đồng Nai, nơi Bình Phước đã hợp nhất vào." in out, out
    batches = open_results_store(paths.default_results_url(database)).batches()
    assert list(batches.province_code) == ["75"]
    # an edition of the 63 stays Bình Phước's, and nothing is said
    card.write_bytes(scorecard_xlsx(2023))
    assert cli(["results", "import", str(card), "--province", "Bình Phước", "--document", SYNTHETIC_DOCUMENT,
                "--db", str(database), "--no-build"]) == 0
    assert "hợp nhất" not in capsys.readouterr().out
    assert sorted(open_results_store(paths.default_results_url(database)).batches().province_code) == ["70", "75"]


def test_the_cli_template_is_the_pages_template(tmp_path, capsys):
    """`results template` without --year wrote a template with no field listed (its help said "default:
    the latest edition"), and `--out t.csv` wrote a workbook into a .csv file."""
    from chiso.results.scorecard import entry_year
    out = tmp_path / "mau.xlsx"
    assert cli(["results", "template", "--out", str(out)]) == 0
    rows = list(openpyxl.load_workbook(out).active.iter_rows(min_row=2, values_only=True))
    assert rows and {r[:2] for r in rows} == {("PAR_INDEX", entry_year())}, rows
    assert [r[3] for r in rows][:3] == ["F1", "F2", "F3"]
    assert cli(["results", "template", "--index", "sipas", "--year", "2024", "--out", str(out)]) == 0
    assert {r[0] for r in openpyxl.load_workbook(out).active.iter_rows(min_row=2, values_only=True)} <= {"SIPAS"}
    assert cli(["results", "template", "--out", str(tmp_path / "mau.csv")]) == 2
    assert "--out phải là tệp .xlsx" in capsys.readouterr().err and not (tmp_path / "mau.csv").exists()
    assert cli(["results", "template", "--year", "99999", "--out", str(tmp_path / "mau2.xlsx")]) == 2
    assert "--year 99999: PAR INDEX có kỳ đánh giá từ 2012 đến năm nay" in capsys.readouterr().err
    assert not (tmp_path / "mau2.xlsx").exists()


def test_a_refused_results_file_makes_no_store(tmp_path, capsys):
    """`results import` opened (and so made) the results store before reading the file: a refused file
    left an empty store behind."""
    bad = tmp_path / "ket_qua.xls"
    bad.write_bytes(b"\xd0\xcf\x11\xe0" + bytes(64))
    store = tmp_path / "ket_qua_nhap.duckdb"
    assert cli(["results", "import", str(bad), "--province", "42", "--no-build", "--store", str(store)]) == 2
    assert "sổ tính Excel 97–2003 (.xls)" in capsys.readouterr().err
    assert not store.exists()


def test_an_impossible_document_date_is_refused_naming_the_option(tmp_path, capsys):
    """--date is read by the one date rule (chiso.fmt.parse_date) as argparse reads the option, as
    `report --date` is: refused before any file or store is touched, in the CLI's language."""
    store = tmp_path / "ket_qua_nhap.duckdb"
    with pytest.raises(SystemExit) as refused:
        cli(["results", "import", str(tmp_path / "ket_qua.xlsx"), "--province", "42", "--date", "31/02/2026",
             "--no-build", "--store", str(store)])
    assert refused.value.code == 2
    assert "--date: không có ngày này: '31/02/2026'" in capsys.readouterr().err
    assert not store.exists()


# ------------------------------------------------------------------ scorecards

def test_scorecard_reads_the_tree_with_codes_from_its_place():
    card = scorecard.read("bang_diem.xlsx", scorecard_xlsx())
    codes = [i.code for i in card.items]
    assert codes[:7] == ["F1", "F1.1", "F1.1.1", "F1.1.2", "F1.2", "F1.2.1", "F1.2.2"]
    assert len(card.items) == 8 * 7 + 3 * 2 and card.warnings == []  # F2, F3, F4 filled up to the catalog maxima
    weakest = max(card.leaves(), key=lambda i: i.max_value - i.points)
    assert (weakest.code, weakest.max_value, weakest.points) == ("F3.2.1", 3.0, 1.0)
    assert all(i.in_catalog == (i.level == 1) for i in card.items)


@pytest.mark.parametrize("cell, value, column, row", [
    ("G4", 5, "Điểm đạt được", 4),            # points above the sub-criterion's maximum
    ("C3", "Chương", "Cấp", 3),               # not a level
    ("F5", "hai", "Điểm tối đa", 5),          # text in a number cell
])
def test_a_bad_scorecard_names_its_cell_and_saves_nothing(workdir, cell, value, column, row):
    wb = openpyxl.load_workbook(__import__("io").BytesIO(scorecard_xlsx()))
    wb[scorecard.SHEET][cell] = value
    path = workdir / "bang_diem.xlsx"
    wb.save(path)
    store = open_results_store(workdir / "results.duckdb")
    code = cli(["results", "import", str(path), "--province", "Hà Tĩnh", "--document", SYNTHETIC_DOCUMENT,
                "--store", str(workdir / "results.duckdb"), "--db", str(workdir / "chiso.duckdb")])
    assert code == 2
    with pytest.raises(InputError) as err:
        scorecard.read(path.name, path.read_bytes())
    text = str(err.value)
    assert f"dòng {row}" in text and column in text and scorecard.SHEET in text and "bang_diem.xlsx" in text, text
    assert store.batches().empty


def test_scorecard_criteria_reach_v_indicators_and_v_scores(scorecard_db):
    rows = query(scorecard_db, "SELECT indicator_code, parent_code, level, max_value, first_year, last_year "
                               "FROM v_indicators WHERE index_code = 'PAR_INDEX' AND indicator_code LIKE 'F3.2%' "
                               "ORDER BY indicator_code")
    assert rows == [("F3.2", "F3", 2, 4.0, 2022, 2023), ("F3.2.1", "F3.2", 3, 3.0, 2022, 2023),
                    ("F3.2.2", "F3.2", 3, 1.0, 2022, 2023)]
    (note,) = query(scorecard_db, "SELECT note FROM indicators WHERE indicator_code = 'F3.2.1'")[0]
    assert note.startswith("Từ bảng điểm của tỉnh (scorecard)")
    # the catalog's own rows win: F2 keeps its catalog maximum (10), not the scorecard's 5,5
    assert query(scorecard_db, "SELECT max_value FROM v_indicators WHERE index_code = 'PAR_INDEX' "
                               "AND indicator_code = 'F2' AND first_year = 2022") == [(10.0,)]
    assert query(scorecard_db, "SELECT value, score_change FROM v_scores WHERE index_code = 'PAR_INDEX' AND year = 2023 "
                               "AND province_code = '42' AND indicator_code = 'F7.1.2'") == [(0.5, -1.5)]


# ------------------------------------------------------------------ weak sub-criteria from a scorecard

WEAKEST_SUBS = ["F3.2.1", "F7.1.2", "F2.2.2", "F5.1.1", "F1.1.2"]  # points lost 2; 1,5; 1,25; 0,5; 0,25


def test_weakest_sub_criteria_by_points_lost_the_same_on_the_page_in_the_deck_and_the_cli(scorecard_db,
                                                                                         monkeypatch, tmp_path):
    from streamlit.testing.v1 import AppTest

    from chiso import deck, weakness
    monkeypatch.setenv("CHISO_DB", str(scorecard_db))
    monkeypatch.setenv("CHISO_TASKS_URL", str(tmp_path / "tasks.duckdb"))
    assessed = weakness.assess("PAR_INDEX", 2023, HA_TINH, db=scorecard_db)
    assert assessed.attrs["basis"] == "scorecard" and weakness.has_scorecard(assessed)
    weak = weakness.weak(assessed)
    assert list(weak[weak.level == 3].indicator_code) == WEAKEST_SUBS
    row = assessed.set_index("indicator_code").loc["F7.1.2"]
    assert (row.points_lost, row.score_change) == (1.5, -1.5)
    assert "năm trước" in row.reasons_vi and "25%" in row.reasons_vi  # lost more than last year, and a quarter
    assert assessed.set_index("indicator_code").at["F3.1.1", "verdict"] == "ok"  # nothing lost

    deck_weak, judged = deck.weak_components("PAR_INDEX", 2023, HA_TINH, db=scorecard_db)
    assert judged and list(deck_weak.indicator_code) == list(weak.indicator_code)

    at = AppTest.from_file(str(paths.ROOT / "pages" / "6_Diem_yeu.py"), default_timeout=60)
    for k, v in {"province": HA_TINH, "index": "PAR_INDEX", "year": "2023"}.items():
        at.query_params[k] = v
    at.run()
    assert not at.exception, at.exception
    if any(t.key == "show_all" for t in at.toggle):  # five items (a weak criterion and its sub-criterion are one)
        at.toggle(key="show_all").set_value(True).run()
    heads = [m.value.split(" · ")[0].strip("*").removeprefix("↳ ") for m in at.markdown
             if m.value.startswith(("**F", "**↳ F"))]
    assert heads == list(weak.indicator_code)
    assert any("bảng điểm của tỉnh" in i.value for i in at.info)


def test_chiso_weak_lists_the_same_weak_sub_criteria(scorecard_db, tmp_path, capsys):
    import io

    import pandas as pd

    from chiso import weakness
    weak_cmd = pytest.importorskip("chiso.commands.weak")  # `chiso weak` (engineer i11's), when landed
    from chiso.tasks import open_store
    weak = weakness.weak(weakness.assess("PAR_INDEX", 2023, HA_TINH, db=scorecard_db))
    table = weak_cmd.weak_table(HA_TINH, 2023, ["PAR_INDEX"], open_store(tmp_path / "tasks.duckdb"), ADMIN_HT,
                                scorecard_db)
    assert list(table[table.verdict == "weak"].indicator_code) == list(weak.indicator_code)
    assert cli(["weak", "--province", "Hà Tĩnh", "--year", "2023", "--index", "PAR_INDEX", "--format", "csv",
                "--db", str(scorecard_db), "--store", str(tmp_path / "tasks.duckdb")]) == 0
    printed = pd.read_csv(io.StringIO(capsys.readouterr().out))
    assert list(printed[printed.verdict == "weak"].indicator_code) == list(weak.indicator_code)
    assert list(printed[(printed.verdict == "weak") & printed.indicator_code.str.count(r"\.").eq(2)]
                .indicator_code) == WEAKEST_SUBS


def test_the_deck_slide_lists_the_same_weak_sub_criteria(scorecard_db, tmp_path):
    """The deck itself (PPTX), not only the function it calls: its PAR INDEX weak slide's rows."""
    from pptx import Presentation

    from chiso import deck, weakness
    weak = weakness.weak(weakness.assess("PAR_INDEX", 2023, HA_TINH, db=scorecard_db))
    out = tmp_path / "deck.pptx"
    deck.build_deck(HA_TINH, 2023, out, db=scorecard_db)
    cells = []  # the first column of every table, slide after slide (a long weak list runs over two)
    for slide in Presentation(out).slides:
        for shape in slide.shapes:
            if shape.has_table:
                cells += [row.cells[0].text.removeprefix("↳ ") for row in shape.table.rows][1:]
    expected = list(weak.name_vi)  # the deck names components, as the Ministry does
    assert expected[:2] == ["Tiêu chí 3.2 (SYNTHETIC)", "Tiêu chí thành phần 3.2.1 (SYNTHETIC)"]
    start = cells.index(expected[0])
    listed = []
    for cell in cells[start:]:  # the weak slides' rows, up to the next table (the deck cuts a long list)
        if cell not in expected:
            break
        listed.append(cell)
    assert listed == expected[:len(listed)] and len(listed) >= 4


def test_tasks_link_to_sub_criteria(scorecard_db):
    from chiso import coverage, weakness
    from chiso.tasks.template import parse_links
    links, problems = parse_links("PAR_INDEX:F3.2.1; PAR_INDEX:F7")
    assert links == [("PAR_INDEX", "F3.2.1"), ("PAR_INDEX", "F7")] and problems == []
    assert parse_links("PAR_INDEX:Q9.1")[1]  # not a field of the catalog
    assessed = weakness.assess("PAR_INDEX", 2023, HA_TINH, db=scorecard_db)
    tasks = __import__("pandas").DataFrame([
        {"task_id": "T1", "province_code": HA_TINH, "text": "SYNTHETIC", "lead_unit": "Sở Nội vụ", "status": "in_progress",
         "index_code": "PAR_INDEX", "indicator_code": "F3.2.1"},
        {"task_id": "T2", "province_code": HA_TINH, "text": "SYNTHETIC", "lead_unit": "Sở Nội vụ", "status": "in_progress",
         "index_code": "PAR_INDEX", "indicator_code": "F7"}]).reindex(columns=coverage.TASK_COLUMNS)
    covered = coverage.attach(assessed, tasks).set_index("indicator_code")
    assert covered.at["F3.2.1", "covered"] and covered.at["F7.1.2", "covered"]  # F7 is above F7.1.2
    assert not covered.at["F2.2.2", "covered"]


def test_the_results_store_on_duckdb_and_postgresql_feeds_the_build(store_url, tmp_path, monkeypatch):
    """Either backend (CHISO_RESULTS_URL=postgresql://… like the task store): the same rows back,
    and the build reads them."""
    monkeypatch.setenv("CHISO_RESULTS_URL", store_url)
    store = open_results_store()
    xlsx = national_table(tmp_path / "par_2023.xlsx")
    store.save(ADMIN_HT, prepare(xlsx.name, xlsx.read_bytes(), province_code=HA_TINH, document=SYNTHETIC_DOCUMENT,
                                 document_date=__import__("datetime").date(2024, 5, 5)))
    store.save(ADMIN_HT, prepare("bang_diem.xlsx", scorecard_xlsx(), province_code=HA_TINH,
                                 document=SYNTHETIC_DOCUMENT, source_kind="provincial"))
    batches = store.batches().set_index("kind")
    assert str(batches.at["national", "document_date"])[:10] == "2024-05-05"
    assert batches.at["scorecard", "source_kind"] == "provincial"
    records = store.records()
    assert len(records) == 63 + len(scorecard.read("b.xlsx", scorecard_xlsx()).items)
    assert {r.source_kind for r in records} == {"official", "provincial"}
    database = tmp_path / "chiso.duckdb"
    build(database, progress=quiet)
    assert query(database, "SELECT coverage FROM v_editions WHERE index_code = 'PAR_INDEX' AND year = 2023") == \
        [("full",)]
    assert query(database, "SELECT value FROM v_scores WHERE index_code = 'PAR_INDEX' AND year = 2023 "
                           "AND province_code = '42' AND indicator_code = 'F3.2.1'") == [(1.0,)]


def test_the_tasks_page_and_store_know_sub_criteria(scorecard_db, tmp_path, monkeypatch):
    """A task on F3.2.1 is listed under F3.2.1 and under F3 (its field), on the store and on the page
    a link from Điểm yếu opens (?index=PAR_INDEX&indicator=F3.2.1)."""
    from streamlit.testing.v1 import AppTest

    from chiso.tasks import open_store
    monkeypatch.setenv("CHISO_DB", str(scorecard_db))
    url = str(tmp_path / "tasks.duckdb")
    monkeypatch.setenv("CHISO_TASKS_URL", url)
    store = open_store(url)
    store.import_rows(ADMIN_HT, HA_TINH, [
        {"Số kế hoạch": "01/KH-SYNTHETIC", "Nội dung nhiệm vụ": "Nhiệm vụ thử cho tiêu chí 3.2.1 (SYNTHETIC)",
         "Đơn vị chủ trì": "Sở Nội vụ", "Thời hạn": "31/12/2026", "Liên kết chỉ số": "PAR_INDEX:F3.2.1"}], "thử")
    for code in ("F3.2.1", "F3.2", "F3"):
        assert len(store.list_tasks(ADMIN_HT, HA_TINH, index_code="PAR_INDEX", indicator_code=code)) == 1, code
    assert store.list_tasks(ADMIN_HT, HA_TINH, index_code="PAR_INDEX", indicator_code="F7") == []
    at = AppTest.from_file(str(paths.ROOT / "pages" / "7_Nhiem_vu.py"), default_timeout=60)
    at.query_params["index"], at.query_params["indicator"] = "PAR_INDEX", "F3.2.1"
    signed_in(at, ADMIN_HT)
    at.run()
    assert not at.exception, at.exception
    assert at.selectbox(key="tasks_filter_indicator").value == "F3.2.1"
    assert any("Nhiệm vụ thử cho tiêu chí 3.2.1" in str(v) for d in at.dataframe for v in d.value.to_numpy().ravel())


def test_a_scorecard_criterion_reads_not_ranked_not_a_gap_in_deck_cli_and_fmt(scorecard_db, tmp_path, capsys):
    """The Ministry ranks no province on a scorecard's criteria: their score exists, so the rank cell
    says "không xếp hạng", never "chưa có số liệu" (kept for a real gap: a total with no rank)."""
    from pptx import Presentation

    from chiso import deck, fmt, scores
    mine = scores.province_scores("PAR_INDEX", 2023, HA_TINH, db=scorecard_db).set_index("indicator_code")
    assert mine.at["F3.2.1", "not_ranked"] and not mine.at["TOTAL", "not_ranked"]
    assert fmt.rank(None, None, "vi", not_ranked=True) == "không xếp hạng"
    assert fmt.rank(None, None, "en", not_ranked=True) == "not ranked"
    assert fmt.rank(None, None, "vi", not_ranked=False) == "chưa có số liệu"
    out = tmp_path / "deck.pptx"
    deck.build_deck(HA_TINH, 2023, out, db=scorecard_db)
    rank_cells = {}
    for slide in Presentation(out).slides:
        for shape in slide.shapes:
            if shape.has_table:
                rows = [[c.text for c in r.cells] for r in shape.table.rows]
                if "Thứ hạng" in rows[0]:
                    col = rows[0].index("Thứ hạng")
                    rank_cells.update({r[col - 2].removeprefix("↳ "): r[col] for r in rows[1:]})
    assert rank_cells["Tiêu chí thành phần 3.2.1 (SYNTHETIC)"] == "không xếp hạng", rank_cells
    assert "chưa có số liệu" not in {v for k, v in rank_cells.items() if "SYNTHETIC" in k}
    empty_store(tmp_path)
    assert cli(["weak", "--province", "Hà Tĩnh", "--year", "2023", "--index", "PAR_INDEX",
                "--db", str(scorecard_db), "--store", str(tmp_path / "tasks.duckdb")]) == 0
    printed = [line for line in capsys.readouterr().out.splitlines() if "F3.2.1" in line]
    assert printed and "không xếp hạng" in printed[0] and "chưa có số liệu" not in printed[0], printed


def test_a_scorecard_criterion_is_compared_with_no_province_not_a_gap_on_the_page_and_in_the_cli(
        scorecard_db, tmp_path, monkeypatch, capsys):
    """No other province has Hà Tĩnh's criterion 3.2.1: its percentile and gaps read "không áp dụng"
    (nothing to compare), not "chưa có số liệu" (nothing is missing), on Điểm yếu and in `chiso weak`;
    a field the country has keeps "chưa có số liệu" (a partial edition: the country's figures are a gap)."""
    import io

    import pandas as pd
    from streamlit.testing.v1 import AppTest

    from chiso import weakness
    assessed = weakness.assess("PAR_INDEX", 2023, HA_TINH, db=scorecard_db).set_index("indicator_code")
    assert not assessed.at["F3.2.1", "comparable"] and assessed.at["F3", "comparable"]
    monkeypatch.setenv("CHISO_DB", str(scorecard_db))
    monkeypatch.setenv("CHISO_TASKS_URL", str(tmp_path / "tasks.duckdb"))
    at = AppTest.from_file(str(paths.ROOT / "pages" / "6_Diem_yeu.py"), default_timeout=60)
    for k, v in {"province": HA_TINH, "index": "PAR_INDEX", "year": "2023"}.items():
        at.query_params[k] = v
    at.run()
    assert not at.exception, at.exception
    table = next(d.value for d in at.dataframe if "Phân vị" in d.value.columns).set_index("Mã")
    compared = ["Phân vị", "Cách điểm cao nhất", "Cách trung vị", "Thay đổi thứ hạng"]
    assert list(table.loc["F3.2.1", compared]) == ["không áp dụng"] * 4
    assert list(table.loc["F3", compared]) == ["chưa có số liệu"] * 4
    from chiso.tasks import open_store
    open_store(str(tmp_path / "tasks.duckdb"))  # `weak --store` refuses a store that is not there (a typo)
    assert cli(["weak", "--province", "Hà Tĩnh", "--year", "2023", "--index", "PAR_INDEX",
                "--db", str(scorecard_db), "--store", str(tmp_path / "tasks.duckdb")]) == 0
    printed = [line for line in capsys.readouterr().out.splitlines() if " F3.2.1 " in line]
    assert printed and printed[0].count("không áp dụng") == 2 and "chưa có số liệu" not in printed[0], printed
    assert cli(["weak", "--province", "Hà Tĩnh", "--year", "2023", "--index", "PAR_INDEX", "--format", "csv",
                "--db", str(scorecard_db), "--store", str(tmp_path / "tasks.duckdb")]) == 0
    rows = pd.read_csv(io.StringIO(capsys.readouterr().out)).set_index("indicator_code")
    assert not rows.at["F3.2.1", "comparable"] and rows.at["F3", "comparable"]


def test_a_weak_sub_criterion_is_listed_under_its_weak_criterion_not_as_a_second_weakness(scorecard_db, tmp_path,
                                                                                         capsys):
    """Tiêu chí 3.2 lost its 2 points in 3.2.1: one weakness, shown as 3.2.1 under 3.2 (the same in the
    rule, the CLI and the deck), counted once in the short list."""
    import io

    import pandas as pd
    from pptx import Presentation

    from chiso import deck, weakness
    weak = weakness.weak(weakness.assess("PAR_INDEX", 2023, HA_TINH, db=scorecard_db))
    parents = dict(zip(weak.indicator_code, weak.weak_parent))
    assert parents["F3.2.1"] == "F3.2" and parents["F7.1.2"] == "F7.1" and pd.isna(parents["F3.2"])
    assert pd.isna(parents["F1.1.2"])  # its criterion lost a quarter of nothing: an item of its own
    codes = list(weak.indicator_code)
    assert codes.index("F3.2.1") == codes.index("F3.2") + 1
    assert weakness.groups(weak) == len(weak) - weak.weak_parent.notna().sum() == 5
    assert "listed under it" in weak.set_index("indicator_code").at["F3.2", "reasons_en"]
    assert set(weakness.short_list(weak, 2).indicator_code) == {"F3.2", "F3.2.1", "F7.1", "F7.1.2"}
    empty_store(tmp_path)
    assert cli(["weak", "--province", "Hà Tĩnh", "--year", "2023", "--index", "PAR_INDEX", "--format", "csv",
                "--db", str(scorecard_db), "--store", str(tmp_path / "tasks.duckdb")]) == 0
    printed = pd.read_csv(io.StringIO(capsys.readouterr().out)).set_index("indicator_code")
    assert printed.at["F3.2.1", "weak_parent"] == "F3.2"
    out = tmp_path / "deck.pptx"
    deck.build_deck(HA_TINH, 2023, out, db=scorecard_db)
    names = [row.cells[0].text for slide in Presentation(out).slides for shape in slide.shapes if shape.has_table
             for row in shape.table.rows]
    assert "↳ Tiêu chí thành phần 3.2.1 (SYNTHETIC)" in names and "Tiêu chí 3.2 (SYNTHETIC)" in names


def test_the_deck_keeps_a_weak_criterion_and_its_sub_criteria_on_one_slide(scorecard_db, tmp_path):
    """Hà Tĩnh's PAR INDEX weak list runs over two slides: each ↳ row is on the slide of its weak
    criterion, a group moves whole to the next slide, and what is cut is counted in weak items
    (2 more: 5.1 and 1.1.2), not rows."""
    from pptx import Presentation

    from chiso import deck
    out = tmp_path / "deck.pptx"
    deck.build_deck(HA_TINH, 2023, out, db=scorecard_db)
    slides = []
    for slide in Presentation(out).slides:
        names = [r.cells[0].text for sh in slide.shapes if sh.has_table for r in list(sh.table.rows)[1:]]
        texts = " ".join(sh.text_frame.text for sh in slide.shapes if sh.has_text_frame)
        if any("SYNTHETIC" in n for n in names) and "Tên thành phần" in texts + " ".join(
                c.text for sh in slide.shapes if sh.has_table for c in sh.table.rows[0].cells):
            slides.append((names, texts))
    assert len(slides) == 2, [n for n, _ in slides]
    for names, _ in slides:
        assert names and not names[0].startswith("↳"), names  # a slide never opens inside a group
    # only the last slide keeps room for the lines under the table, so the first holds criterion 7.1
    # with 7.1.2 (it once moved whole to the next slide), the second 2.2 with 2.2.2; cut: 5.1 and 1.1.2
    assert slides[0][0][2:] == ["Tiêu chí 7.1 (SYNTHETIC)", "↳ Tiêu chí thành phần 7.1.2 (SYNTHETIC)"], slides[0][0]
    assert slides[1][0][:2] == ["Tiêu chí 2.2 (SYNTHETIC)", "↳ Tiêu chí thành phần 2.2.2 (SYNTHETIC)"], slides[1][0]
    assert "… và 2 nội dung yếu khác" in slides[1][1]


def test_the_decks_uncovered_list_keeps_a_sub_criterion_under_its_parent_across_indices():
    """The last slide mixes indices and sorts by priority: a sub-criterion of lower priority than its
    criterion stays right under it (a plain sort put another index's row between them)."""
    import pandas as pd

    from chiso.deck.build import _groups_by_priority
    rows = pd.DataFrame({"short": ["PAR INDEX"] * 4 + ["PAPI"], "indicator_code": ["F3.2", "F3.2.1", "F7.1", "F7.1.2", "D7"],
                         "weak_parent": [None, "F3.2", None, "F7.1", None], "priority": [36, 36, 27, 20, 30]})
    assert list(_groups_by_priority(rows).indicator_code) == ["F3.2", "F3.2.1", "D7", "F7.1", "F7.1.2"]
    orphan = rows[rows.indicator_code != "F7.1"]  # its parent has an open task: the row stands alone
    assert list(_groups_by_priority(orphan).indicator_code) == ["F3.2", "F3.2.1", "D7", "F7.1.2"]
