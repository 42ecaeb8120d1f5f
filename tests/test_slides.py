"""Slide-ready exports (issue 12), checked by geometry on real data, not by eye.

For Hà Tĩnh and Khánh Hòa 2022, with example tasks imported into a temporary task store, the
briefing pack (deck, every chart as PNG and SVG, tables as one XLSX) is made once; the deck is
rendered by LibreOffice and every slide's shapes and drawn words are checked (tests/slide_check.py).
Khánh Hòa gets its own plan's tasks (data/examples/tasks_example_khanh_hoa.csv); Hà Tĩnh, which has
no bundled plan, gets the Bình Phước example's tasks (a test fixture: long real task texts).
Slide PNGs are written to test-artifacts/slides/ for a person to look at.
"""
from __future__ import annotations

import io
import os
import shutil
import subprocess
import zipfile
from pathlib import Path

import pytest

import slide_check
from chiso import render

ROOT = Path(__file__).resolve().parent.parent
ARTIFACTS = ROOT / "test-artifacts" / "slides"
EXAMPLES = ROOT / "data" / "examples"
PROVINCES = {"42": ("Hà Tĩnh", "tasks_example.csv"), "56": ("Khánh Hòa", "tasks_example_khanh_hoa.csv")}


def _need_libreoffice():
    if not (shutil.which("soffice") or shutil.which("libreoffice")) or not shutil.which("pdftoppm"):
        if os.environ.get("CI") == "true":
            pytest.fail("LibreOffice (soffice) and pdftoppm are required in CI to render the deck")
        pytest.skip("LibreOffice or pdftoppm not installed: apt-get install libreoffice-impress poppler-utils")


@pytest.fixture(scope="module")
def store_url(tmp_path_factory, built_db):
    from chiso.cli import main

    url = str(tmp_path_factory.mktemp("tasks") / "tasks.duckdb")
    for code, (name, file) in PROVINCES.items():
        assert main(["tasks", "import", str(EXAMPLES / file), "--province", name, "--store", url,
                     "--db", str(built_db)]) == 0
    return url


@pytest.fixture(scope="module")
def packs(built_db, store_url, tmp_path_factory):
    """code -> (unzipped folder, zip name, DeckReport-like facts, pdf path)."""
    from chiso import deck

    _need_libreoffice()
    out = {}
    with render.Renderer() as r:
        for code in PROVINCES:
            tasks = deck.tasks_from_store(code, built_db, store_url)
            assert len(tasks), "the imported tasks must reach the deck"
            data, name = deck.briefing_pack(code, 2022, db=built_db, tasks=tasks, renderer=r)
            folder = tmp_path_factory.mktemp(f"pack{code}")
            zipfile.ZipFile(io.BytesIO(data)).extractall(folder)
            pptx = next(folder.glob("*.pptx"))
            out[code] = (folder, name, slide_check.soffice_pdf(pptx, folder), pptx)
    return out


def test_pack_is_named_and_complete(packs):
    from openpyxl import load_workbook

    for code, (folder, name, pdf, pptx) in packs.items():
        assert name.startswith("chiso_" + ("ha_tinh" if code == "42" else "khanh_hoa") + "_2022_")
        pngs, svgs = sorted((folder / "hinh").glob("*.png")), sorted((folder / "hinh").glob("*.svg"))
        assert pngs and [p.stem for p in pngs] == [s.stem for s in svgs]
        from PIL import Image
        assert all(Image.open(p).size == render.SLIDE for p in pngs)
        wb = load_workbook(next(folder.glob("*.xlsx")))
        for ws in wb.worksheets:
            assert ws.page_setup.orientation == "landscape" and ws.page_setup.fitToWidth == 1
            assert ws.sheet_properties.pageSetUpPr.fitToPage and ws.print_title_rows
        summary = wb.worksheets[0]
        header = next(r for r in summary.iter_rows() if r[0].value == "Chỉ số")
        cols = [c.value for c in header]
        assert cols[:5] == ["Chỉ số", "Điểm", "Điểm tối đa", "Thứ hạng", "Số tỉnh xếp hạng"]
        papi = next(r for r in summary.iter_rows(min_row=header[0].row + 1) if r[0].value == "PAPI")
        assert isinstance(papi[3].value, int) and isinstance(papi[4].value, int)  # rank sorts: a number
        for row in summary.iter_rows(min_row=header[0].row + 1):
            for cell in row[1:7]:  # numeric columns: numbers or empty, never text
                assert cell.value is None or isinstance(cell.value, (int, float)), cell.coordinate


def test_deck_geometry_in_libreoffice(packs):
    """No shape off its slide, no overlapping blocks, no text outside its box, every slide useful."""
    ARTIFACTS.mkdir(parents=True, exist_ok=True)
    found = []
    for code, (folder, name, pdf, pptx) in packs.items():
        found += [f"{PROVINCES[code][0]}: {p}" for p in slide_check.problems(pptx, pdf)]
        for old in ARTIFACTS.glob(f"{code}-*.png"):
            old.unlink()
        subprocess.run(["pdftoppm", "-png", "-r", "60", str(pdf), str(ARTIFACTS / code)], check=True, timeout=120)
    assert not found, "\n".join(found)


def test_ranking_pictures_name_every_bar(packs, built_db):
    """Each ranking picture of the pack (as SVG: text stays text) names every province it draws."""
    from chiso import charts, scores

    for code, (folder, name, pdf, pptx) in packs.items():
        for index_code in ("PAPI", "PAR_INDEX"):
            df = scores.ranking(index_code, 2022, db=built_db)
            fig = render.fit(charts.ranking_bar(df, code, "vi", title="x"), *render.SLIDE)
            drawn = list(fig.data[0].y)
            assert 5 <= len(drawn) and PROVINCES[code][0] in drawn
            svg = next(s for s in (folder / "hinh").glob("*.svg") if index_code.lower().replace("_", "_") in s.name
                       and "xep" in s.name).read_text("utf-8")
            missing = [n for n in drawn if f">{n} <" not in svg and f">{n}<" not in svg]
            assert not missing, f"{index_code} {code}: bars without their name: {missing}"


def test_checker_catches_overflow(tmp_path):
    """The geometry check can fail: a box far too small for its text, and a box on another."""
    _need_libreoffice()
    from pptx import Presentation
    from pptx.util import Inches, Pt

    prs = Presentation()
    prs.slide_width, prs.slide_height = Inches(13.333), Inches(7.5)
    s = prs.slides.add_slide(prs.slide_layouts[6])
    box = s.shapes.add_textbox(Inches(0.5), Inches(5.5), Inches(3), Inches(0.4))
    box.text_frame.word_wrap = True
    box.text_frame.text = "Nội dung dài chạy quá khung " * 8
    box.text_frame.paragraphs[0].runs[0].font.size = Pt(20)
    s.shapes.add_textbox(Inches(1), Inches(5.6), Inches(3), Inches(0.4)).text_frame.text = "chồng lên"
    path = tmp_path / "bad.pptx"
    prs.save(path)
    found = slide_check.problems(path, slide_check.soffice_pdf(path, tmp_path))
    assert any("shapes overlap" in p for p in found)
    assert any("outside its box" in p or "drawn on each other" in p for p in found)


def test_cli_deck_in_english_reads_the_store(built_db, tmp_path):
    """`tasks import` then `deck --lang en`: the deck shows the imported tasks, in English UI text."""
    from pptx import Presentation

    from chiso.cli import main

    store = str(tmp_path / "tasks.duckdb")
    assert main(["tasks", "import", str(EXAMPLES / "tasks_example_khanh_hoa.csv"), "--province", "Khánh Hòa",
                 "--store", store, "--db", str(built_db)]) == 0
    out = tmp_path / "kh.pptx"
    assert main(["deck", "--province", "Khánh Hòa", "--year", "2022", "--lang", "en", "--out", str(out),
                 "--store", store, "--db", str(built_db)]) == 0
    text = " ".join(sh.text_frame.text if sh.has_text_frame else " ".join(c.text for r in sh.table.rows for c in r.cells)
                    for sl in Presentation(str(out)).slides for sh in sl.shapes if sh.has_text_frame or sh.has_table)
    assert "Khanh Hoa: tasks meant to lift the indices" in text and "Tasks, status" in text
    assert "Kịp thời giải quyết" in text  # a task of the imported plan (its own words stay Vietnamese)
    assert "Not started" in text and "Recurring" in text and "Responsiveness to citizens' appeals" in text
    for vietnamese_ui in ("Nhiệm vụ", "chưa có", "Nguồn:", "xếp thứ", "Kỳ công bố"):
        assert vietnamese_ui not in text, vietnamese_ui
    assert "no task data" not in text


def test_summary_and_titles_match_the_published_figures(packs):
    from pptx import Presentation

    folder, name, pdf, pptx = packs["42"]
    prs = Presentation(str(pptx))
    table = next(sh for sh in prs.slides[1].shapes if sh.has_table).table
    rows = {r.cells[0].text: [c.text for c in r.cells] for r in table.rows}
    assert rows["PAPI"][1:3] == ["44,31/80", "8/61"]
    assert rows["PAR INDEX"][1:3] == ["85,95/100", "28/63"] and "giảm 20 bậc" in rows["PAR INDEX"][3]
    assert rows["SIPAS"][1:3] == ["84,48%", "7/63"] and "một phần" in rows["SIPAS"][4]
    titles = [min((sh for sh in s.shapes if sh.has_text_frame and sh.text_frame.text.strip()),
                  key=lambda sh: sh.top).text_frame.text for s in prs.slides]
    for t in ("PAPI 2022: Hà Tĩnh xếp thứ 8/61", "PAR INDEX 2022: Hà Tĩnh xếp thứ 28/63",
              "SIPAS 2022: Hà Tĩnh xếp thứ 7/63", "PAPI: diễn biến của Hà Tĩnh"):
        assert t in titles, t
    # a partial edition's slide gives the published facts, plainly labelled
    sipas = prs.slides[titles.index("SIPAS 2022: Hà Tĩnh xếp thứ 7/63")]
    text = " ".join(sh.text_frame.text for sh in sipas.shapes if sh.has_text_frame)
    assert "Kỳ công bố một phần: 5/63 tỉnh" in text and "Thứ hạng công bố: 7/63" in text
    assert "Cao nhất trong số đã công bố: Quảng Ninh 87,59 (1/63)" in text


def test_weak_components_show_the_tasks_that_cover_them(built_db, tmp_path):
    """Hà Tĩnh PAPI 2022: an open task on environmental governance (D7) covers its weak
    sub-dimension 'Chất lượng nước'; a finished task on D4_SERVICE no longer covers it, so that one
    is on the last slide of weak components without an open task — the rule of chiso.coverage."""
    import pandas as pd
    from pptx import Presentation

    from chiso import deck
    from chiso.coverage import TASK_COLUMNS

    base = {"plan_id": "221/KH-UBND", "province_code": "42", "partner_units": "", "due_date": None}
    tasks = pd.DataFrame([
        {**base, "task_id": "HT-1", "text": "Nâng cao chất lượng nước sạch nông thôn", "lead_unit": "Sở Nông nghiệp",
         "recurring": True, "status": "in_progress", "index_code": "PAPI", "indicator_code": "D7"},
        {**base, "task_id": "HT-2", "text": "Kiểm soát tham nhũng trong cung ứng dịch vụ công", "lead_unit": "Thanh tra",
         "recurring": False, "status": "done", "index_code": "PAPI", "indicator_code": "D4_SERVICE"},
        # past its deadline, not done: counted and marked overdue as Điểm yếu and the task slides say
        {**base, "task_id": "HT-3", "text": "Kiểm tra chất lượng nước sinh hoạt", "lead_unit": "Sở Y tế",
         "recurring": False, "status": "not_started", "index_code": "PAPI", "indicator_code": "D7",
         "due_date": pd.Timestamp("2024-06-30")},
    ], columns=TASK_COLUMNS)
    out = tmp_path / "ht.pptx"
    deck.build_deck("42", 2022, out, db=built_db, tasks=tasks)
    slides = Presentation(str(out)).slides

    def rows(slide):
        return [[c.text for c in r.cells] for sh in slide.shapes if sh.has_table for r in sh.table.rows]

    def title(slide):
        return min((sh for sh in slide.shapes if sh.has_text_frame and sh.text_frame.text.strip()),
                   key=lambda sh: sh.top).text_frame.text

    weak = [r for s in slides if title(s).startswith("PAPI 2022: nội dung cần cải thiện") for r in rows(s)]
    water = next(r for r in weak if r[0] == "Chất lượng nước")
    assert water[1] == "0,40/3,33" and water[2] == "51/63"
    assert water[4].startswith("2 nhiệm vụ (2 đang mở, 1 quá hạn): "), water[4]
    assert water[4].endswith("Kiểm tra chất lượng nước sinh hoạt (Chưa thực hiện — QUÁ HẠN)"), water[4]
    uncovered = [r[1] for s in slides if title(s).startswith("Nội dung yếu chưa có nhiệm vụ") for r in rows(s)[1:]]
    assert "Chất lượng nước" not in uncovered
    assert "Kiểm soát tham nhũng trong cung ứng dịch vụ công" in uncovered


def test_a_weak_group_goes_to_the_next_slide_whole():
    """A weak criterion and the ↳ sub-criteria under it are one group: when the group does not fit
    under the rows above, the whole group moves to the next slide (not its first row alone); only a
    group taller than a whole slide is split. The line about rows cut counts groups, as the page does."""
    from chiso.deck import layout

    def table(groups):
        rows = [[f"row {i}"] for i in range(4)]
        return layout.Table(["head"], rows, [3.0], groups=groups)
    t = table([1, 2, 2, 3])
    one_row = t.row_height(t.rows[0])
    room = t.row_height(t.header, bold=True) + 2 * one_row + one_row // 2  # two rows and a half fit
    assert layout.paginate(t, room, room) == [[0], [1, 2], [3]]
    assert layout.paginate(table(None), room, room) == [[0, 1], [2, 3]]  # no groups: rows fill each page
    assert layout.paginate(table([1, 1, 1, 1]), room, room) == [[0, 1], [2, 3]]  # taller than a page: split
    assert t.items([1, 2, 3]) == 2 and table(None).items([1, 2, 3]) == 3


def test_the_line_of_rows_left_out_has_room_under_a_slide_of_one_group(built_db, tmp_path):
    """Bình Phước's PAPI 2024, no task linked to a weak component: the last slide of weak components
    without an open task held one group alone (Tham gia của người dân and its three weak
    sub-components) filling the slide, and "… và N nội dung yếu khác" was drawn over the footer.
    The line keeps its room (here the group's last row joins the rows left out, counted as one more
    weak component), checked on the deck LibreOffice draws."""
    _need_libreoffice()
    from chiso import deck, weakness
    from chiso.coverage import TASK_COLUMNS
    import pandas as pd
    from pptx import Presentation

    out = tmp_path / "bp.pptx"
    deck.build_deck("70", 2024, out, db=built_db, tasks=pd.DataFrame(columns=TASK_COLUMNS))
    assert slide_check.problems(out, slide_check.soffice_pdf(out, tmp_path)) == []
    # each slide's texts from the top: its title first
    texts = [[sh.text_frame.text for sh in sorted((sh for sh in s.shapes if sh.has_text_frame), key=lambda sh: sh.top)]
             for s in Presentation(str(out)).slides]
    rows = [[[c.text for c in r.cells] for sh in s.shapes if sh.has_table for r in sh.table.rows][1:]
            for s in Presentation(str(out)).slides]
    uncovered = [n for n, t in enumerate(texts) if t and t[0].startswith("Nội dung yếu chưa có nhiệm vụ")]
    shown = [r[1] for n in uncovered for r in rows[n]]
    # the rows shown are the untasked weak rows in order, the last group's tail cut: D1_ELECTIONS
    # (Chất lượng bầu cử) and the five groups after it (D2, D7, D6, D5, D3_INTERACT) make the 6
    weak = weakness.weak(weakness.assess("PAPI", 2024, "70"))
    names = [n.strip() for n in weak.name_vi]
    assert [x.replace("↳ ", "") for x in shown] == names[:len(shown)]
    assert "Chất lượng bầu cử" not in [x.replace("↳ ", "") for x in shown] and "↳ Đóng góp tự nguyện" in shown
    left_out = next(t for t in texts[uncovered[-1]] if t.startswith("… và "))
    assert left_out == "… và 6 nội dung yếu khác (xem trang Điểm yếu trong ứng dụng).", left_out


def test_rows_cut_from_a_group_shown_in_part_count_one_each():
    from chiso.deck import layout
    t = layout.Table(["head"], [[f"row {i}"] for i in range(6)], [3.0], groups=[1, 1, 1, 2, 2, 3])
    assert t.items_cut([0, 1], [2, 3, 4, 5]) == 3  # row 2 (its group shown), then groups 2 and 3
    assert t.items_cut([0, 1, 2], [3, 4, 5]) == 2
    assert layout.Table(["head"], [["a"], ["b"]], [3.0]).items_cut([0], [1]) == 1


def test_the_summary_slide_says_a_gap_once(built_db, tmp_path):
    """Bình Phước 2024 (PAPI only): the table says "chưa có số liệu" for PAR INDEX, SIPAS and PCI and
    the left-out line says so once; the lines under the table were the same three gaps again while
    PAPI's own sentence had yielded for room."""
    from pptx import Presentation
    from pptx.util import Inches

    from chiso import deck

    out = tmp_path / "bp.pptx"
    deck.build_deck("70", 2024, out, db=built_db, tasks=None)
    summary = Presentation(str(out)).slides[1]
    below = [sh.text_frame.text for sh in summary.shapes if sh.has_text_frame and sh.top > Inches(1.3)
             and not sh.text_frame.text.startswith("Nguồn")]
    text = "\n".join(below)
    assert "PAPI 2024: 41,63 điểm, xếp thứ 49/61" in text, text
    assert "SIPAS 2024: chưa có số liệu" not in text and "PCI 2024: chưa có số liệu" not in text, text
    assert text.count("Không có trong bộ slide:") == 1, text


def test_the_summary_says_why_a_change_is_missing(built_db, tmp_path):
    """Hà Tĩnh's PCI 2020 has no 2019 figure (VCCI's 2019 list names the top provinces only): the
    deck said "chưa có số liệu" under "So với kỳ trước" beside a score and a rank; it now says
    what Tổng quan says, and a 2018 PAPI deck names the method change."""
    from pptx import Presentation

    from chiso import deck

    def summary_rows(year):
        out = tmp_path / f"ht{year}.pptx"
        deck.build_deck("42", year, out, db=built_db, tasks=None)
        table = next(sh.table for sh in Presentation(str(out)).slides[1].shapes if sh.has_table)
        return {r.cells[0].text: r.cells[3].text for r in list(table.rows)[1:]}

    rows = summary_rows(2020)
    assert rows["PCI"] == "không có số liệu 2019" and rows["PAR INDEX"] == "chưa có số liệu", rows
    assert summary_rows(2018)["PAPI"] == "đổi phương pháp năm 2018"


def test_the_task_table_counts_what_it_leaves_out_as_lines_and_tasks(built_db, tmp_path):
    """A task has one line per component it serves. Bình Phước's plan 52/KH-SNgV (6 tasks, each
    linked to several components) filled three slides and the deck said "… và 6 nhiệm vụ khác",
    though every one of the 6 tasks was already on them: the lines left out are counted as lines,
    and only the tasks no slide lists as tasks."""
    from pptx import Presentation

    from chiso import deck, paths
    from chiso.cli import main

    plan = paths.SHARED_DIR / "plans" / "binhphuoc-sngv-52-2023.txt"
    if not plan.exists():
        if os.environ.get("CI") == "true":
            pytest.fail(f"the real plans are required in CI ({plan})")
        pytest.skip(f"{plan} absent")
    rows, store = tmp_path / "tasks.xlsx", str(tmp_path / "tasks.duckdb")
    assert main(["plans", "parse", str(plan), "--out", str(rows)]) == 0
    assert main(["tasks", "import", str(rows), "--province", "Bình Phước", "--store", store, "--db", str(built_db)]) == 0
    tasks = deck.tasks_from_store("70", built_db, store)
    out = tmp_path / "bp.pptx"
    deck.build_deck("70", 2024, out, db=built_db, tasks=tasks)
    slides = [s for s in Presentation(str(out)).slides
              if any(sh.has_text_frame and sh.text_frame.text.startswith("Bình Phước: các nhiệm vụ") for sh in s.shapes)]
    shown = [r.cells[2].text for s in slides for sh in s.shapes if sh.has_table for r in list(sh.table.rows)[1:]]
    lines = int(tasks["index_code"].notna().sum())
    assert 0 < len(shown) < lines
    last = " ".join(sh.text_frame.text for sh in slides[-1].shapes if sh.has_text_frame)
    hidden = {t for t in tasks[tasks["index_code"].notna()]["text"]
              if not any(s.rstrip("…") and t.startswith(s.rstrip("…")) for s in shown)}
    assert f"… và {lines - len(shown)} dòng khác" in last, last
    assert ("nhiệm vụ chưa có ở trên" in last) == bool(hidden), (last, hidden)
    assert "nhiệm vụ khác" not in last, last
    # a deadline of 31/12/2023 not met reads overdue, as on the Tasks page and in the quarterly report
    due_status = [(r.cells[4].text, r.cells[5].text) for s in slides for sh in s.shapes if sh.has_table
                  for r in list(sh.table.rows)[1:]]
    assert {d for d, _ in due_status} == {"31/12/2023", "Thường xuyên"}, due_status
    assert all(("QUÁ HẠN" in st) == (d == "31/12/2023") for d, st in due_status), due_status
    # within an index the tasks on a component come first, dated ones (the longest overdue) before
    # recurring ones, and the general tasks of the whole index last: the slides show what a meeting acts on
    listed = [(r.cells[0].text, r.cells[1].text, r.cells[4].text) for s in slides for sh in s.shapes if sh.has_table
              for r in list(sh.table.rows)[1:]]
    for index in {i for i, _c, _d in listed}:
        general = [c == "Chung cho cả chỉ số" for i, c, _d in listed if i == index]
        assert general == sorted(general), listed
        for component in {c for i, c, _d in listed if i == index}:
            recurring = [d == "Thường xuyên" for i, c, d in listed if (i, c) == (index, component)]
            assert recurring == sorted(recurring), listed


def test_the_packs_no_task_sheet_does_not_claim_there_was_no_task_data(built_db, tmp_path):
    """The briefing pack's "Chưa có nhiệm vụ" sheet said "chưa có dữ liệu nhiệm vụ" (no task data) on
    every row though the tasks had been read; the weak sheet beside it said "chưa có nhiệm vụ"."""
    from chiso import deck
    from chiso.cli import main

    store = str(tmp_path / "tasks.duckdb")
    assert main(["tasks", "import", str(EXAMPLES / "tasks_example.csv"), "--province", "Hà Tĩnh", "--store", store,
                 "--db", str(built_db)]) == 0
    tasks = deck.tasks_from_store("42", built_db, store)
    report = deck.build_deck("42", 2022, tmp_path / "ht.pptx", db=built_db, tasks=tasks)
    sheet = next(s for s in report.sheets if s.name == "Chưa có nhiệm vụ")
    assert "tasks" not in sheet.frame.columns and len(sheet.frame) > 0
    report = deck.build_deck("42", 2022, tmp_path / "ht2.pptx", db=built_db, tasks=None)
    sheet = next(s for s in report.sheets if s.name == "Chưa có nhiệm vụ")
    assert set(sheet.frame["tasks"]) == {"chưa có dữ liệu nhiệm vụ"}


def test_a_task_text_is_cut_to_three_lines_of_its_cell():
    """A task's text was cut at 90 characters, which wraps to four lines in its column as often as to
    three, and a row is as tall as its tallest cell: it is cut at a word to fit three lines."""
    from pptx.util import Inches

    from chiso.deck import layout
    from chiso.deck.build import TASK_PT, TASK_WIDTHS
    text = ("Tăng cường công tác kiểm soát thủ tục hành chính, đảm bảo 100% hồ sơ thủ tục hành chính được "
            "tiếp nhận, giải quyết đúng hạn và công khai trên cổng dịch vụ công của tỉnh")
    cut = layout.clip(text, TASK_WIDTHS[2], TASK_PT, 3)
    width = Inches(TASK_WIDTHS[2]) - 2 * layout.CELL_MARGIN_X
    assert cut.endswith("…") and text.startswith(cut[:-1]) and len(layout.wrap(cut, width, TASK_PT)) == 3, cut
    assert layout.clip("Rà soát thủ tục", TASK_WIDTHS[2], TASK_PT, 3) == "Rà soát thủ tục"


def test_the_cover_names_the_indices_with_an_edition_that_year(built_db, tmp_path):
    """Bình Phước 2011: the cover read "Kết quả PAPI, PAR INDEX, SIPAS, PCI năm 2011", though the first
    PAR INDEX and SIPAS in the data are 2012's and 2017's (the next slide said "PAR INDEX: no edition")."""
    from pptx import Presentation

    from chiso import deck

    out = tmp_path / "bp2011.pptx"
    deck.build_deck("70", 2011, out, db=built_db, tasks=None)
    cover = [sh.text_frame.text for sh in Presentation(str(out)).slides[0].shapes if sh.has_text_frame]
    assert "Kết quả PAPI, PCI năm 2011" in cover, cover


def test_the_cover_of_a_province_of_the_63_says_what_it_is_part_of_since_1_july_2025(built_db, tmp_path):
    """A deck of Bình Phước's figures made in 2026 is a briefing for the leaders of Đồng Nai, which it
    has been part of since 1 July 2025; its cover said "Bình Phước" alone, as if the province still were."""
    import datetime as dt

    from pptx import Presentation

    from chiso import deck

    def cover(code, day, lang="vi"):
        out = tmp_path / f"{code}-{day}-{lang}.pptx"
        deck.build_deck(code, 2024, out, db=built_db, tasks=None, today=day, lang=lang)
        return [sh.text_frame.text for sh in Presentation(str(out)).slides[0].shapes if sh.has_text_frame]

    assert "Từ 01/07/2025 thuộc tỉnh Đồng Nai" in cover("70", dt.date(2026, 11, 28))
    assert "Part of Dong Nai from 1 July 2025" in cover("70", dt.date(2026, 11, 28), "en")
    assert "Nay là thành phố Huế" in cover("46", dt.date(2026, 11, 28))
    for code, day in (("70", dt.date(2025, 6, 30)), ("42", dt.date(2026, 11, 28)), ("75", dt.date(2025, 6, 30))):
        assert not [t for t in cover(code, day) if "01/07/2025" in t or t.startswith("Nay là")], (code, day)
    # a province that kept its name took others in: its figures are not those of the province of that name
    # today (Tổng quan says "Từ 01/07/2025, Tây Ninh cũng gồm Long An"; the cover said nothing)
    assert "Từ 01/07/2025 gồm cả Bình Phước" in cover("75", dt.date(2026, 11, 28))
    assert "Since 1 July 2025 it also includes Long An" in cover("72", dt.date(2026, 11, 28), "en")


def test_the_lines_saying_what_a_deck_left_out_name_the_apps_pages_in_the_decks_language():
    """Before, an English deck sent its reader to "Weakness analysis" (no page is called that) and to
    "Nhiệm vụ" (the English sidebar says "Tasks")."""
    from chiso import i18n
    from chiso.deck import texts
    with i18n.use("en"):
        assert texts.more_rows(3) == "… and 3 more weak components (see the Weak components page in the app)."
        assert texts.more_task_lines(4, 1).endswith("see the Tasks page or the XLSX.")
        assert texts.more_task_lines(4, 0).endswith("see the Tasks page or the XLSX.")
    with i18n.use("vi"):
        assert texts.more_rows(3) == "… và 3 nội dung yếu khác (xem trang Điểm yếu trong ứng dụng)."
        assert texts.more_task_lines(4, 1).endswith("xem trang Nhiệm vụ, tệp XLSX.")
        assert texts.more_task_lines(4, 0).endswith("xem trang Nhiệm vụ hoặc tệp XLSX.")
