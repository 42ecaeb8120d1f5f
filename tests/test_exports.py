"""Briefing exports on the real database: chart images (chiso.render), Excel tables and CSV bundles
(chiso.tables), the deck's contents (its rendering and geometry: tests/test_slides.py).
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

from chiso import fmt, render, scores, tables

ROOT = Path(__file__).resolve().parent.parent
ARTIFACTS = ROOT / "test-artifacts"


@pytest.fixture(scope="module")
def renderer():
    """One browser for every image test in this module (as the deck uses one)."""
    with render.Renderer() as r:
        yield r


@pytest.fixture(scope="module")
def ranking_figure(built_db):
    from chiso import charts

    df = scores.ranking("PAPI", 2022, db=built_db)
    return charts.ranking_bar(df, "42", lang="vi", title="Chỉ số PAPI 2022: Hà Tĩnh thứ 8/61",
                              source="UNDP, PAPI 2022")


# ------------------------------------------------------------------------------------ images

def test_png_has_requested_size(renderer, ranking_figure):
    png = render.figure_png(ranking_figure, renderer=renderer)
    assert png[:8] == b"\x89PNG\r\n\x1a\n"
    assert Image.open(io.BytesIO(png)).size == (1600, 900)
    png2 = render.figure_png(ranking_figure, width=800, height=450, scale=2, renderer=renderer)
    assert Image.open(io.BytesIO(png2)).size == (1600, 900)
    assert renderer.figures_rendered == 2  # one browser served both


def test_svg_keeps_vietnamese_text(renderer, ranking_figure):
    svg = render.figure_svg(ranking_figure, renderer=renderer).decode("utf-8")
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
    svg = render.figure_svg(fig, title="Xu hướng điểm của Thừa Thiên Huế", source="UNDP, PAPI 2022",
                             renderer=renderer).decode("utf-8")
    assert "Xu hướng điểm của Thừa Thiên Huế" in svg and "Nguồn: UNDP, PAPI 2022" in svg
    assert not fig.layout.annotations  # the caller's figure is not modified


def test_a_figure_given_its_source_again_has_one_source_line(ranking_figure):
    """A chart already carries its source line; an export that passes the source again (every download
    button does) wrote a second one over it: the same text doubled, or "Nguồn" over "Source" when
    the languages differed."""
    laid = render.fit(render._titled(ranking_figure, "PAPI 2022", "UNDP, PAPI 2022", "en"), 1600, 900)
    lines = [a.text for a in laid.layout.annotations if str(a.text).startswith(("Nguồn", "Source"))]
    assert len(lines) == 1 and lines[0].startswith("Source: UNDP, PAPI 2022"), lines


def test_shared_renderer_is_reused():
    import plotly.graph_objects as go

    fig = go.Figure(go.Bar(x=[1], y=[1]))
    a = render.figure_png(fig, width=320, height=200)
    r = render.shared_renderer()
    before = r.figures_rendered
    b = render.figure_png(fig, width=320, height=200)
    assert r is render.shared_renderer() and r.figures_rendered == before + 1
    assert Image.open(io.BytesIO(a)).size == Image.open(io.BytesIO(b)).size == (320, 200)


# ------------------------------------------------------------------------------------ xlsx

def _workbook(data: bytes):
    from openpyxl import load_workbook

    return load_workbook(io.BytesIO(data))


def test_xlsx_headers_numbers_dates(built_db):
    df = scores.ranking("PAPI", 2022, db=built_db)[["province_code", "name_vi", "value", "rank", "source"]]
    df = df.assign(published=pd.Timestamp("2023-04-04"))
    data = tables.table_xlsx(df, {"province_code": "Mã tỉnh", "name_vi": "Tỉnh/thành phố", "value": "Điểm",
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


def test_xlsx_gap_is_an_empty_cell_explained_in_a_note():
    df = pd.DataFrame({"name": ["Bắc Giang", "Hà Tĩnh"], "value": [float("nan"), 44.3138],
                       "rank": ["", "8/61"]})
    ws = _workbook(tables.table_xlsx(df, {"name": "Tỉnh", "value": "Điểm", "rank": "Xếp hạng"})).active
    cells = {ws.cell(r, 1).value: [ws.cell(r, c).value for c in (2, 3, 4)] for r in range(1, ws.max_row + 1)}
    assert cells["Bắc Giang"] == [None, None, None]  # a gap is never 0, never text in a number column
    assert cells["Hà Tĩnh"] == [44.3138, 8, 61]  # "8/61" became a rank and a count ranked: both numbers
    assert cells["Tỉnh"] == ["Điểm", "Xếp hạng", "Số tỉnh xếp hạng"]
    assert any(v == "Ô trống: chưa có số liệu (không phải số 0)." for v in cells)
    assert ws.page_setup.orientation == "landscape" and ws.page_setup.fitToWidth == 1
    assert ws.print_title_rows.endswith(f"${next(r for r in range(1, 9) if ws.cell(r, 1).value == 'Tỉnh')}")


def test_english_readme_and_sheet_names(built_db):
    from chiso.i18n import use

    df = scores.ranking("PAPI", 2022, db=built_db)[["name_en", "value", "source"]]
    with use("en"):
        wb = _workbook(tables.table_xlsx(df, {"name_en": "Province"}, title="PAPI 2022"))
        readme = zipfile.ZipFile(io.BytesIO(tables.view_zip({"PAPI 2022": df}, title="PAPI 2022"))).read("README.md")
    assert wb.sheetnames == ["Data"] and wb.active["A2"].value.startswith("Exported ")
    text = readme.decode("utf-8")
    assert "## Sources" in text and "## How to cite" in text and "Partial editions" in text
    assert "Nguồn" not in text and "Lưu ý" not in text


@pytest.mark.parametrize("text", ["=HYPERLINK(\"http://x\",\"bấm\")", "+1 bậc", "-20 bậc", "@SUM(A1)", "\t=1+1",
                                  "\r=1+1"])
def test_xlsx_neutralises_formulas(text):
    df = pd.DataFrame({"ghi_chu": [text], "so": [1.5]})
    data = tables.table_xlsx(df, {"ghi_chu": "=Ghi chú"}, title="=cmd|' /C calc'!A0")
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
    raw = tables.csv_bytes(pd.DataFrame({"a": ["=1+1", "bình thường", "-3 bậc"], "b": [-3.5, 1.0, 2.0]}))
    assert raw.startswith(b"\xef\xbb\xbf")
    back = pd.read_csv(io.BytesIO(raw), encoding="utf-8-sig")
    assert list(back["a"]) == ["'=1+1", "bình thường", "'-3 bậc"]
    assert list(back["b"]) == [-3.5, 1.0, 2.0]  # numbers are numbers, never prefixed


# ------------------------------------------------------------------------------------ zip

def test_dataset_zip(built_db):
    data = tables.dataset_zip(built_db)
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
    assert round(ht.loc["PAPI", "Giá trị"], 2) == 44.31 and ht.loc["PAPI", "Thứ hạng"] == 8
    assert ht.loc["PAPI", "Số tỉnh xếp hạng"] == 61 and ht.loc["PAPI", "Suy ra"] == "có"
    assert ht.loc["PAR_INDEX", "Giá trị"] == 85.95 and ht.loc["PAR_INDEX", "Thứ hạng"] == 28
    assert ht.loc["PAR_INDEX", "Phạm vi kỳ công bố"] == "một phần"
    assert ht.loc["SIPAS", "Giá trị"] == 84.48 and ht.loc["SIPAS", "Thứ hạng"] == 7
    aggregates = pd.read_csv(io.BytesIO(z.read("trung_binh_ca_nuoc_vung.csv")), encoding="utf-8-sig")
    assert aggregates["Nguồn"].notna().all()
    # Vietnamese intact through the BOM-marked file
    assert "Thừa Thiên Huế" in set(s["Tỉnh/thành phố"])


def test_view_zip_lists_sources(built_db):
    df = scores.ranking("PAR_INDEX", 2022, db=built_db)[["province_code", "name_vi", "value", "rank", "source"]]
    data = tables.view_zip({"Xếp hạng PAR INDEX 2022": df}, title="PAR INDEX 2022")
    z = zipfile.ZipFile(io.BytesIO(data))
    assert set(z.namelist()) == {"README.md", "xep_hang_par_index_2022.csv"}
    readme = z.read("README.md").decode("utf-8")
    assert "Hà Tĩnh plan 221/KH-UBND" in readme and "Kỳ công bố một phần" in readme
