"""Briefing exports on the real database: chart images, Excel tables, CSV bundles, the slide deck.

The deck is opened with python-pptx and checked against the database (numbers, ranks, images);
one test renders it with LibreOffice into test-artifacts/deck/ so a person can look at it.
"""
from __future__ import annotations

import io
import os
import shutil
import subprocess
import zipfile
from pathlib import Path

import pandas as pd
import pytest
from PIL import Image

from chiso import exports, fmt, scores

ROOT = Path(__file__).resolve().parent.parent
ARTIFACTS = ROOT / "test-artifacts"


@pytest.fixture(scope="module")
def renderer():
    """One browser for every image test in this module (as the deck uses one)."""
    with exports.Renderer() as r:
        yield r


@pytest.fixture(scope="module")
def ranking_figure(built_db):
    from chiso import charts

    df = scores.ranking("PAPI", 2022, db=built_db)
    return charts.ranking_bar(df, "42", lang="vi", title="Chỉ số PAPI 2022: Hà Tĩnh thứ 8/61",
                              source="UNDP, PAPI 2022")


# ------------------------------------------------------------------------------------ images

def test_png_has_requested_size(renderer, ranking_figure):
    png = exports.figure_png(ranking_figure, renderer=renderer)
    assert png[:8] == b"\x89PNG\r\n\x1a\n"
    assert Image.open(io.BytesIO(png)).size == (1600, 900)
    png2 = exports.figure_png(ranking_figure, width=800, height=450, scale=2, renderer=renderer)
    assert Image.open(io.BytesIO(png2)).size == (1600, 900)
    assert renderer.figures_rendered == 2  # one browser served both


def test_svg_keeps_vietnamese_text(renderer, ranking_figure):
    svg = exports.figure_svg(ranking_figure, renderer=renderer).decode("utf-8")
    assert svg.lstrip().startswith("<svg") or "<svg" in svg[:300]
    assert 'width="1600"' in svg and 'height="900"' in svg
    assert "Chỉ số PAPI 2022: Hà Tĩnh thứ 8/61" in svg
    assert "Nguồn: UNDP, PAPI 2022" in svg
    assert "Hà Tĩnh" in svg and "Quảng Ninh" in svg
    # the Vietnamese decimal comma on the bar labels (Hà Tĩnh 44,31)
    assert "44,31" in svg


def test_title_and_source_added_to_a_bare_figure(renderer):
    import plotly.graph_objects as go

    fig = go.Figure(go.Scatter(x=[2020, 2021, 2022], y=[1, 2, 3]))
    svg = exports.figure_svg(fig, title="Xu hướng điểm của Thừa Thiên Huế", source="UNDP, PAPI 2022",
                             renderer=renderer).decode("utf-8")
    assert "Xu hướng điểm của Thừa Thiên Huế" in svg and "Nguồn: UNDP, PAPI 2022" in svg
    assert not fig.layout.annotations  # the caller's figure is not modified


def test_shared_renderer_is_reused():
    import plotly.graph_objects as go

    fig = go.Figure(go.Bar(x=[1], y=[1]))
    a = exports.figure_png(fig, width=320, height=200)
    r = exports.shared_renderer()
    before = r.figures_rendered
    b = exports.figure_png(fig, width=320, height=200)
    assert r is exports.shared_renderer() and r.figures_rendered == before + 1
    assert Image.open(io.BytesIO(a)).size == Image.open(io.BytesIO(b)).size == (320, 200)


# ------------------------------------------------------------------------------------ xlsx

def _workbook(data: bytes):
    from openpyxl import load_workbook

    return load_workbook(io.BytesIO(data))


def test_xlsx_headers_numbers_dates(built_db):
    df = scores.ranking("PAPI", 2022, db=built_db)[["province_code", "name_vi", "value", "rank", "source"]]
    df = df.assign(published=pd.Timestamp("2023-04-04"))
    data = exports.table_xlsx(df, {"province_code": "Mã tỉnh", "name_vi": "Tỉnh/thành phố", "value": "Điểm",
                                   "rank": "Xếp hạng", "source": "Nguồn", "published": "Ngày công bố"},
                              {"rank": "0"}, title="Xếp hạng PAPI 2022", source="UNDP, PAPI 2022")
    ws = _workbook(data).active
    assert ws["A1"].value == "Xếp hạng PAPI 2022"
    assert ws["A2"].value == "Nguồn: UNDP, PAPI 2022"
    header_row = next(r for r in range(1, 10) if ws.cell(r, 1).value == "Mã tỉnh")
    headers = [ws.cell(header_row, j).value for j in range(1, 7)]
    assert headers == ["Mã tỉnh", "Tỉnh/thành phố", "Điểm", "Xếp hạng", "Nguồn", "Ngày công bố"]
    rows = {ws.cell(r, 1).value: r for r in range(header_row + 1, ws.max_row + 1)}
    ht = rows["42"]
    assert ws.cell(ht, 2).value == "Hà Tĩnh"
    assert round(ws.cell(ht, 3).value, 2) == 44.31 and ws.cell(ht, 3).number_format == "#,##0.00"
    assert ws.cell(ht, 4).value == 8 and ws.cell(ht, 4).number_format == "0"
    assert ws.cell(ht, 5).value  # every row keeps its source
    assert ws.cell(ht, 6).number_format == "dd/mm/yyyy" and ws.cell(ht, 6).value.year == 2023
    assert ws.freeze_panes == f"A{header_row + 1}"


def test_xlsx_gap_says_no_data():
    df = pd.DataFrame({"name": ["Bắc Giang", "Hà Tĩnh"], "value": [float("nan"), 44.3138]})
    ws = _workbook(exports.table_xlsx(df, {"name": "Tỉnh", "value": "Điểm"})).active
    cells = {ws.cell(r, 1).value: ws.cell(r, 2).value for r in range(1, ws.max_row + 1)}
    assert cells["Bắc Giang"] == fmt.MISSING["vi"]  # a gap is never 0 or blank
    assert cells["Hà Tĩnh"] == 44.3138


@pytest.mark.parametrize("text", ["=HYPERLINK(\"http://x\",\"bấm\")", "+1 bậc", "-20 bậc", "@SUM(A1)", "\t=1+1",
                                  "\r=1+1"])
def test_xlsx_neutralises_formulas(text):
    df = pd.DataFrame({"ghi_chu": [text], "so": [1.5]})
    data = exports.table_xlsx(df, {"ghi_chu": "=Ghi chú"}, title="=cmd|' /C calc'!A0")
    ws = _workbook(data).active
    cells = [c for row in ws.iter_rows() for c in row if c.value is not None]
    for c in cells:
        assert c.data_type != "f", f"{c.coordinate} stored as a formula: {c.value!r}"
    assert any(c.value == text and c.quotePrefix for c in cells)
    assert ws["A1"].value == "=cmd|' /C calc'!A0" and ws["A1"].quotePrefix
    # and the raw XML holds no formula element at all
    with zipfile.ZipFile(io.BytesIO(data)) as z:
        assert "<f>" not in z.read("xl/worksheets/sheet1.xml").decode()


def test_csv_neutralises_formulas():
    raw = exports.csv_bytes(pd.DataFrame({"a": ["=1+1", "bình thường", "-3 bậc"], "b": [-3.5, 1.0, 2.0]}))
    assert raw.startswith(b"\xef\xbb\xbf")
    back = pd.read_csv(io.BytesIO(raw), encoding="utf-8-sig")
    assert list(back["a"]) == ["'=1+1", "bình thường", "'-3 bậc"]
    assert list(back["b"]) == [-3.5, 1.0, 2.0]  # numbers are numbers, never prefixed


# ------------------------------------------------------------------------------------ zip

def test_dataset_zip(built_db):
    data = exports.dataset_zip(built_db)
    z = zipfile.ZipFile(io.BytesIO(data))
    names = z.namelist()
    assert "README.md" in names and "diem_so.csv" in names
    readme = z.read("README.md").decode("utf-8")
    for phrase in ("MIT", "CC0", "một phần", "Suy ra", "trích dẫn", "Quyết định 876/QĐ-BNV", "PAPI 8 nội dung"):
        assert phrase in readme, phrase
    for name in names:
        if name.endswith(".csv"):
            assert z.read(name).startswith(b"\xef\xbb\xbf"), name
    s = pd.read_csv(io.BytesIO(z.read("diem_so.csv")), encoding="utf-8-sig", dtype={"Mã tỉnh": str})
    import duckdb

    with duckdb.connect(str(built_db), read_only=True) as con:
        stored = con.execute("SELECT count(*) FROM scores").fetchone()[0]
    assert len(s) == stored  # the whole dataset, not a page of it
    assert s["Nguồn"].notna().all() and (s["Nguồn"].str.strip() != "").all()
    ht = s[(s["Mã tỉnh"] == "42") & (s["Năm"] == 2022) & (s["Mã thành phần"] == "TOTAL")].set_index("Chỉ số")
    assert round(ht.loc["PAPI", "Giá trị"], 2) == 44.31 and ht.loc["PAPI", "Xếp hạng"] == 8
    assert ht.loc["PAPI", "Số tỉnh xếp hạng"] == 61 and ht.loc["PAPI", "Suy ra"] == "có"
    assert ht.loc["PAR_INDEX", "Giá trị"] == 85.95 and ht.loc["PAR_INDEX", "Xếp hạng"] == 28
    assert ht.loc["PAR_INDEX", "Phạm vi kỳ công bố"] == "một phần"
    assert ht.loc["SIPAS", "Giá trị"] == 84.48 and ht.loc["SIPAS", "Xếp hạng"] == 7
    aggregates = pd.read_csv(io.BytesIO(z.read("trung_binh_ca_nuoc_vung.csv")), encoding="utf-8-sig")
    assert aggregates["Nguồn"].notna().all()
    # Vietnamese intact through the BOM-marked file
    assert "Thừa Thiên Huế" in set(s["Tỉnh/thành phố"])


def test_view_zip_lists_sources(built_db):
    df = scores.ranking("PAR_INDEX", 2022, db=built_db)[["province_code", "name_vi", "value", "rank", "source"]]
    data = exports.view_zip({"Xếp hạng PAR INDEX 2022": df}, title="PAR INDEX 2022")
    z = zipfile.ZipFile(io.BytesIO(data))
    assert set(z.namelist()) == {"README.md", "xep_hang_par_index_2022.csv"}
    readme = z.read("README.md").decode("utf-8")
    assert "Hà Tĩnh plan 221/KH-UBND" in readme and "Kỳ công bố một phần" in readme


# ------------------------------------------------------------------------------------ deck

def _slide_texts(slide) -> list[str]:
    out = []
    for shape in slide.shapes:
        if shape.has_text_frame:
            out.append(shape.text_frame.text)
        if shape.has_table:
            out += [c.text for row in shape.table.rows for c in row.cells]
    return out


def _title_of(slide) -> str:
    """The slide's title: its top-most text box."""
    boxes = [sh for sh in slide.shapes if sh.has_text_frame and sh.text_frame.text.strip()]
    return min(boxes, key=lambda sh: sh.top).text_frame.text


def _runs(slide):
    for shape in slide.shapes:
        frames = [shape.text_frame] if shape.has_text_frame else []
        if shape.has_table:
            frames += [c.text_frame for row in shape.table.rows for c in row.cells]
        for tf in frames:
            for p in tf.paragraphs:
                for r in p.runs:
                    if r.text.strip():
                        yield shape, r


@pytest.fixture(scope="module")
def ha_tinh_tasks():
    """Two tasks of Hà Tĩnh: an open one on PAPI environmental governance (D7, which covers its
    weak sub-dimension D7_WATER) and a finished one on D4_SERVICE (finished = no longer covers it)."""
    from chiso.coverage import TASK_COLUMNS

    rows = [
        {"task_id": "HT-1", "plan_id": "221/KH-UBND", "province_code": "42",
         "text": "Nâng cao chất lượng nước sạch nông thôn", "lead_unit": "Sở Nông nghiệp và PTNT",
         "partner_units": "", "due_date": None, "recurring": True, "status": "in_progress",
         "index_code": "PAPI", "indicator_code": "D7"},
        {"task_id": "HT-2", "plan_id": "221/KH-UBND", "province_code": "42",
         "text": "Kiểm soát tham nhũng trong cung ứng dịch vụ công", "lead_unit": "Thanh tra tỉnh",
         "partner_units": "", "due_date": None, "recurring": False, "status": "done",
         "index_code": "PAPI", "indicator_code": "D4_SERVICE"},
    ]
    return pd.DataFrame(rows, columns=TASK_COLUMNS)


@pytest.fixture(scope="module")
def deck_vi(built_db, renderer, ha_tinh_tasks, tmp_path_factory):
    from pptx import Presentation

    from chiso import deck

    out = tmp_path_factory.mktemp("deck") / "ha_tinh_2022.pptx"
    report = deck.build_deck("42", 2022, out, db=built_db, tasks=ha_tinh_tasks, renderer=renderer)
    return report, Presentation(str(out))


def test_deck_structure_and_summary(deck_vi, built_db):
    from pptx.util import Inches

    report, prs = deck_vi
    assert report.slides == len(prs.slides) == 12 and report.images == 6
    assert prs.slide_width == Inches(13.333) and prs.slide_height == Inches(7.5)  # 16:9
    title = " ".join(_slide_texts(prs.slides[0]))
    assert "Hà Tĩnh" in title and "2022" in title
    summary = prs.slides[1]
    tables = [s for s in summary.shapes if s.has_table]
    assert len(tables) == 1  # a real, editable table
    cells = [[c.text for c in row.cells] for row in tables[0].table.rows]
    assert cells[0][:3] == ["Chỉ số", "Điểm", "Xếp hạng"]
    by_index = {row[0]: row for row in cells[1:]}
    for index_code in ("PAPI", "PAR_INDEX", "SIPAS"):
        c = scores.card(index_code, 2022, "42", built_db)
        row = by_index[c.short]
        assert fmt.number(c.value, 2) in row[1]
        assert row[2] == fmt.rank(c.rank, c.ranked_count)
        assert c.sentence() in " ".join(_slide_texts(summary))
    assert by_index["PAPI"][1] == "44,31/80" and by_index["PAPI"][2] == "8/61"
    assert by_index["PAR INDEX"][1] == "85,95/100" and by_index["PAR INDEX"][2] == "28/63"
    assert "giảm 20 bậc" in by_index["PAR INDEX"][3]
    assert by_index["SIPAS"][1] == "84,48%" and by_index["SIPAS"][2] == "7/63"
    assert "một phần" in by_index["PAR INDEX"][4] and "một phần" in by_index["SIPAS"][4]


def test_deck_every_slide_has_footer_and_readable_type(deck_vi):
    import re

    _, prs = deck_vi
    for n, slide in enumerate(prs.slides, 1):
        texts = _slide_texts(slide)
        footer = [t for t in texts if t.startswith("Nguồn:")]
        assert footer and re.search(r"\d{2}/\d{2}/\d{4}", footer[0]), f"slide {n} has no footer"
        for shape, run in _runs(slide):
            size = run.font.size.pt
            is_footer = shape.top >= 6.9 * 914400
            assert is_footer or size >= 18, f"slide {n}: {run.text!r} at {size} pt"
        titles = [r.font.size.pt for shape, r in _runs(slide) if shape.top < 0.5 * 914400]
        assert n == 1 or (titles and min(titles) >= 28), f"slide {n} title too small"


def test_deck_charts_are_images_per_index(deck_vi):
    from pptx.enum.shapes import MSO_SHAPE_TYPE

    from chiso import deck

    _, prs = deck_vi
    titles = [_title_of(s) for s in prs.slides]
    pictures = {t: [s for s in prs.slides[i].shapes if s.shape_type == MSO_SHAPE_TYPE.PICTURE]
                for i, t in enumerate(titles)}
    for t in ("PAPI 2022: Hà Tĩnh xếp thứ 8/61", "PAR INDEX 2022: Hà Tĩnh xếp thứ 28/63",
              "SIPAS 2022: Hà Tĩnh xếp thứ 7/63", "PAPI: diễn biến của Hà Tĩnh",
              "PAR INDEX: diễn biến của Hà Tĩnh", "SIPAS: diễn biến của Hà Tĩnh"):
        assert len(pictures[t]) == 1, t
        img = Image.open(io.BytesIO(pictures[t][0].image.blob))
        assert img.size == (deck.CHART_PX[0] * 2, deck.CHART_PX[1] * 2)
    # partial editions say so on the slide
    par = prs.slides[titles.index("PAR INDEX 2022: Hà Tĩnh xếp thứ 28/63")]
    assert any("Kỳ công bố một phần" in t for t in _slide_texts(par))


def test_deck_weak_components_and_tasks(deck_vi, built_db):
    from chiso import weakness

    _, prs = deck_vi
    titles = [_title_of(s) for s in prs.slides]
    weak_slide = prs.slides[titles.index("PAPI 2022: nội dung cần cải thiện và nhiệm vụ")]
    rows = [[c.text for c in r.cells] for s in weak_slide.shapes if s.has_table for r in s.table.rows]
    weakest = weakness.weak(weakness.assess("PAPI", 2022, "42", db=built_db)).iloc[0]
    assert rows[1][0] == weakest.name_vi
    assert rows[1][2] == fmt.rank(weakest["rank"], weakest.ranked_count)
    water = next(r for r in rows if r[0] == "Chất lượng nước")
    assert water[1] == "0,40/3,33" and water[2] == "51/63"
    assert "1 nhiệm vụ (1 đang mở)" in water[4] and "Đang thực hiện" in water[4]
    service = next(r for r in rows if r[0] == "Kiểm soát tham nhũng trong cung ứng dịch vụ công")
    assert "(0 đang mở)" in service[4] and "Hoàn thành" in service[4]
    # PAR INDEX is partial: no weakness invented
    par = prs.slides[titles.index("PAR INDEX 2022: nội dung cần cải thiện và nhiệm vụ")]
    assert any("Kỳ công bố một phần" in t for t in _slide_texts(par))
    # the last slide: weak components without an open task; D7_WATER is covered, D4_SERVICE is not
    last = prs.slides[-1]
    assert _title_of(last) == "Nội dung yếu chưa có nhiệm vụ đang thực hiện"
    names_listed = [r.cells[1].text for s in last.shapes if s.has_table for r in list(s.table.rows)[1:]]
    assert "Chất lượng nước" not in names_listed
    assert "Kiểm soát tham nhũng trong cung ứng dịch vụ công" in names_listed


def test_deck_cli_without_tasks_says_so(built_db, tmp_path):
    from pptx import Presentation

    from chiso.cli import main

    out = tmp_path / "deck.pptx"
    assert main(["deck", "--province", "ha tinh", "--year", "2022", "--out", str(out), "--db", str(built_db)]) == 0
    prs = Presentation(str(out))
    text = " ".join(t for s in prs.slides for t in _slide_texts(s))
    assert "chưa có dữ liệu nhiệm vụ" in text
    assert "Chưa có dữ liệu nhiệm vụ" in " ".join(_slide_texts(prs.slides[-1]))
    assert main(["deck", "--province", "Narnia", "--year", "2022", "--out", str(out), "--db", str(built_db)]) == 2


def test_deck_in_english(built_db, renderer, tmp_path):
    from pptx import Presentation

    from chiso import deck

    out = tmp_path / "deck_en.pptx"
    deck.build_deck("42", 2022, out, db=built_db, lang="en", renderer=renderer)
    prs = Presentation(str(out))
    titles = [_title_of(s) for s in prs.slides]
    assert "PAPI 2022: Ha Tinh ranked 8/61" in titles
    summary = " ".join(_slide_texts(prs.slides[1]))
    assert "44.31/80" in summary and "28/63" in summary and "down 20" in summary


def test_deck_renders_in_libreoffice(deck_vi, tmp_path):
    """Open the deck as a person would (LibreOffice), save each slide as PNG in test-artifacts/deck/."""
    soffice = shutil.which("soffice") or shutil.which("libreoffice")
    if not soffice or not shutil.which("pdftoppm"):
        if os.environ.get("CI") == "true":
            pytest.fail("LibreOffice (soffice) and pdftoppm are required in CI to render the deck")
        pytest.skip("LibreOffice (soffice) or pdftoppm not installed: apt-get install libreoffice-impress poppler-utils")
    report, _ = deck_vi
    out_dir = ARTIFACTS / "deck"
    out_dir.mkdir(parents=True, exist_ok=True)
    for old in out_dir.glob("slide-*.png"):
        old.unlink()
    profile = tmp_path / "lo-profile"  # a private profile: no clash with a LibreOffice already running
    subprocess.run([soffice, f"-env:UserInstallation=file://{profile}", "--headless", "--convert-to", "pdf",
                    "--outdir", str(tmp_path), str(report.path)], check=True, timeout=180,
                   stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL)
    pdf = tmp_path / (report.path.stem + ".pdf")
    assert pdf.exists()
    shutil.copy(report.path, out_dir / "deck.pptx")
    subprocess.run(["pdftoppm", "-png", "-r", "60", str(pdf), str(out_dir / "slide")], check=True, timeout=120)
    pngs = sorted(out_dir.glob("slide-*.png"))
    assert len(pngs) == report.slides
    for p in pngs:
        img = Image.open(p)
        assert img.size[0] > img.size[1] * 1.7  # 16:9 pages
        assert len(set(img.convert("L").resize((64, 36)).tobytes())) > 5, f"{p.name} is blank"
