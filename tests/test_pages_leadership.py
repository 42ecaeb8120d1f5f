"""Leadership pages (Overview, Rankings, Trends, Map, Compare, Methodology) driven like a user with
Streamlit's AppTest on the real database, asserting the published figures they show.

Anchors (published): Hà Tĩnh (42) PAPI 2022 = 44,31/80, 8/61, top group; PAR INDEX 2022 85,95,
28/63, down 20; SIPAS 2022 84,48%, 7/63.
"""
from __future__ import annotations

import base64
import json
import sys
from pathlib import Path

import numpy as np
import pandas as pd
import pytest
from streamlit.testing.v1 import AppTest

from downloads import download_rows, make_file, record_downloads, xlsx_table

ROOT = Path(__file__).resolve().parent.parent
if str(ROOT) not in sys.path:  # the pages import chiso the way `streamlit run app.py` does
    sys.path.insert(0, str(ROOT))

PAGES = {
    "overview": ROOT / "pages" / "0_Tong_quan.py",
    "rankings": ROOT / "pages" / "1_Xep_hang.py",
    "trends": ROOT / "pages" / "2_Xu_huong.py",
    "map": ROOT / "pages" / "3_Ban_do.py",
    "compare": ROOT / "pages" / "4_So_sanh.py",
    "methodology": ROOT / "pages" / "5_Phuong_phap.py",
}


def run(page: str, **params) -> AppTest:
    at = AppTest.from_file(str(PAGES[page]), default_timeout=60)
    for k, v in params.items():
        at.query_params[k] = str(v)
    at.run()
    assert not at.exception, [e.value for e in at.exception]
    return at


def texts(at: AppTest) -> str:
    """Everything a reader sees as text: headings, markdown, captions, alerts, metrics, tables."""
    parts = [e.value for kind in ("title", "header", "subheader", "markdown", "caption", "info", "warning")
             for e in getattr(at, kind)]
    parts += [f"{m.label} {m.value} {m.delta or ''}" for m in at.metric]
    parts += [d.value.to_string() for d in at.dataframe]
    return "\n".join(str(p) for p in parts)


def figures(at: AppTest) -> list[dict]:
    """The figures as sent, `meta` read back as the figure has it (chiso.ui_charts sends it as a one-item list)."""
    specs = [json.loads(e.proto.spec) for e in at.get("plotly_chart")]
    for spec in specs:
        for item in [spec["layout"], *spec["data"]]:
            if isinstance(item.get("meta"), list) and len(item["meta"]) == 1:
                item["meta"] = item["meta"][0]
    return specs


def values(array) -> list:
    """A plotly array as a list: plain JSON, or plotly's typed-array encoding {'bdata', 'dtype'}."""
    if isinstance(array, dict) and "bdata" in array:
        return np.frombuffer(base64.b64decode(array["bdata"]), dtype=array["dtype"]).tolist()
    return list(array)


@pytest.fixture(scope="module", autouse=True)
def _db(built_db):
    return built_db


# --- Overview ---------------------------------------------------------------------------------

def test_overview_ha_tinh_2022_cards_and_sentences():
    at = run("overview", province="42", year=2022)
    metrics = {(m.label, m.value) for m in at.metric}
    assert ("Điểm", "44,31/80") in metrics
    assert ("Thứ hạng", "8/61") in metrics
    assert ("Điểm", "85,95/100") in metrics
    assert ("Thứ hạng", "28/63") in metrics
    assert ("Điểm", "84,48%") in metrics
    assert ("Thứ hạng", "7/63") in metrics
    deltas = [m.delta for m in at.metric]
    assert "giảm 20 bậc so với 2021" in deltas
    shown = texts(at)
    assert "PAR INDEX 2022: 85,95 điểm, xếp thứ 28/63, giảm 20 bậc" in shown
    assert "PAPI 2022: 44,31 điểm, xếp thứ 8/61" in shown
    assert "Nhóm đạt điểm cao nhất" in shown
    assert "kỳ công bố chưa đầy đủ" in shown.lower()
    # PAR INDEX 2022 has no score change for Hà Tĩnh (its 2021 score is not in the data, only its rank):
    # said in words, never blank or zero
    assert "không có số liệu 2021" in deltas


def test_overview_in_english_says_how_a_total_was_derived_in_english():
    """The build's own words about a derived total are the app's text, shown in the reader's language;
    so are the importers' words around the file cited ("điểm nội dung thành phần (bảng tổng hợp …; khớp với
    tệp của UNDP)" read in English as chiso's Vietnamese); the file, its sheet and the archive stay as named."""
    english = texts(run("overview", lang="en", province="42", year="2024"))
    assert "Derived by the rule of PAPI: TOTAL = D1 + D2" in english, english
    assert ("components: UNDP Viet Nam, PAPI 2024: sub-dimension scores (compiled table hnks-gh/ml-mcdm "
            "data/csv/2024.csv, commit d165721e; matching UNDP's file)") in english, english
    assert "Suy ra theo quy tắc" not in english and "điểm nội dung" not in english
    old = texts(run("overview", lang="en", province="42", year="2015"))
    assert ("UNDP Viet Nam, PAPI 2015: UNDP's Excel file (PAPI_2011-2016.xlsx, sheet 2015_PAPI; archived at "
            "mdtrinh/vietnamdata data-raw/PAPI, commit be581b8d)") in old, old
    assert "Suy ra theo quy tắc của PAPI: TOTAL = D1 + D2" in texts(run("overview", province="42", year="2024"))


def test_methodology_names_each_level_as_its_publisher_does():
    """D1 is a PAPI "chỉ số nội dung" (dimension), not "Tên thành phần" (a column header's words)."""
    def levels(at):
        table = at.dataframe[0].value
        return dict(zip(table.iloc[:, 0], table.iloc[:, 1]))
    vi = levels(run("methodology", index="PAPI"))
    assert vi["D1"] == "Chỉ số nội dung" and vi["D1_CONTRIB"] == "Chỉ số nội dung thành phần" and vi["TOTAL"] == "Tổng điểm"
    assert levels(run("methodology", index="PAPI", lang="en"))["D1"] == "Dimension"
    assert set(levels(run("methodology", index="PCI")).values()) == {"Tổng điểm", "Chỉ số thành phần"}
    assert "Lĩnh vực" in set(levels(run("methodology", index="PAR_INDEX")).values())


def test_catalog_notes_read_in_the_readers_language():
    """An English reader saw the catalog's notes in Vietnamese ("Thang 80 điểm từ 2018") on
    Phương pháp and under a Xu hướng chart; each note is written in both languages."""
    from chiso import catalog
    assert all(p.note_en for p in catalog.indicator_periods() if p.note), "a catalog note without English"
    english = run("methodology", index="PAPI", lang="en")
    notes = set(english.dataframe[0].value["Note"])
    assert "80-point scale from 2018" in notes and "Thang 80 điểm từ 2018" not in notes, notes
    assert "Thang 80 điểm từ 2018" in set(run("methodology", index="PAPI").dataframe[0].value["Ghi chú"])
    trend = [c.value for c in run("trends", province="42", index="PAPI", indicator="D2", lang="en").caption]
    assert "From 2018 adds the sub-dimension Access to information" in trend, trend
    assert not any("Tiếp cận thông tin" in c for c in trend), trend


def test_overview_gap_says_no_data():
    at = run("overview", province="02", year=2022)  # Hà Giang: no public SIPAS 2022 figure
    assert "SIPAS 2022: chưa có số liệu" in texts(at)
    # a dash as the value and the words beneath it: a metric cuts long values ("chưa có số l…")
    assert ("Điểm", "—", "chưa có số liệu") in {(m.label, m.value, m.delta) for m in at.metric}


def test_overview_year_before_an_index_existed():
    at = run("overview", province="42", year=2011)
    assert "SIPAS 2011: chưa có kỳ công bố" in texts(at)


def test_overview_old_province_says_what_it_is_now():
    at = run("overview", province="70", year=2022)  # Bình Phước
    assert "Từ 01/07/2025, Bình Phước là một phần của **Đồng Nai**" in texts(at)
    # the province the others joined, keeping its name: "Đồng Nai là một phần của Đồng Nai" read as a slip
    shown = texts(run("overview", province="75", year=2022))
    assert "Từ 01/07/2025, **Đồng Nai** gồm cả Bình Phước." in shown and "Đồng Nai là một phần" not in shown
    assert "Since 1 July 2025, **Hai Phong** also includes Hai Duong." in texts(
        run("overview", province="31", year=2022, lang="en"))
    # Yên Bái gave its code to the new Lào Cai, not its name: it is part of Lào Cai
    assert "Từ 01/07/2025, Yên Bái là một phần của **Lào Cai** (cùng Lào Cai)." in texts(
        run("overview", province="15", year=2022))


def test_overview_boundary_group_is_flagged():
    at = run("overview", province="75", year=2022)  # Đồng Nai: a PAPI group boundary case
    shown = texts(at)
    if "sát ranh giới nhóm" not in shown:
        # boundary flags are per year: the page must flag whichever year has one
        assert any("sát ranh giới nhóm" in texts(run("overview", province="75", year=y)) for y in range(2011, 2025))


def test_overview_new_province_shows_its_parts_side_by_side():
    at = run("overview", set=34, province2025="75", year=2022)
    shown = texts(at)
    assert "Đồng Nai · 2022" in shown and "Bình Phước" in shown
    sentences = [m.value for m in at.markdown if m.value.startswith("- ")]
    assert any("Bình Phước** · PAPI 2022: 39,93 điểm" in s for s in sentences)
    assert any("Đồng Nai** · PAPI 2022: 41,26 điểm" in s for s in sentences)


def test_overview_says_once_that_none_of_a_new_provinces_parts_has_a_figure():
    """Ninh Bình (34) was drawn as nine empty cards, "—, chưa có số liệu" for Hà Nam, Nam Định and Ninh
    Bình under PAR INDEX, SIPAS and PCI 2024: a long scroll on a phone to learn nothing is published.
    An index none of them has a figure for is now one line; PAPI keeps its three cards."""
    at = run("overview", set=34, province2025="37", year=2024)
    said = [m.value for m in at.markdown]
    for short in ("PAR INDEX", "SIPAS", "PCI"):
        assert f"**{short} 2024** · Hà Nam, Nam Định, Ninh Bình: chưa có số liệu" in said, said
    scores_shown = [m.value for m in at.metric if m.label == "Điểm"]
    assert len(scores_shown) == 3 and "—" not in scores_shown, scores_shown  # PAPI's three, nothing empty
    assert any("Ninh Bình** · PCI 2024" in s for s in said if s.startswith("- "))  # the summary names each


def test_overview_new_province_shows_each_parts_components(monkeypatch):
    """A new province's overview gave its parts' totals side by side and no component at all (the
    chart was skipped for more than one province): Đồng Nai's Sở Nội vụ could not see which of
    Bình Phước's or Đồng Nai's dimensions pulled their totals down."""
    record_downloads(monkeypatch)
    at = run("overview", set=34, province2025="75", year=2022)
    labels = [e.label for e in at.expander]
    assert "PAPI 2022: các chỉ số thành phần · Bình Phước" in labels
    assert "PAPI 2022: các chỉ số thành phần · Đồng Nai" in labels
    rows = download_rows(at)
    for code in ("70", "75"):
        assert ("plotly_chart", [f"components_chart_PAPI_{code}_PNG", f"components_chart_PAPI_{code}_SVG"]) in rows


def test_a_former_province_keeps_its_colour_in_every_history_chart():
    """Đồng Nai (new)'s overview drew Đồng Nai in purple on the PCI history and in blue, Bình Phước's
    colour there, on PAR INDEX, where Bình Phước has no figure: read across charts, the lines swapped
    provinces."""
    at = run("overview", set=34, province2025="75", year=2024)
    colours: dict[str, set] = {}
    for e in at.get("plotly_chart"):
        for trace in json.loads(e.proto.spec)["data"]:
            if trace.get("mode") == "lines+markers" and trace.get("name") in ("Bình Phước", "Đồng Nai"):
                colours.setdefault(trace["name"], set()).add(trace["line"]["color"])
    assert colours.keys() == {"Bình Phước", "Đồng Nai"}, colours
    assert all(len(c) == 1 for c in colours.values()) and colours["Bình Phước"] != colours["Đồng Nai"], colours


def test_a_former_province_without_any_figure_of_an_index_is_named_under_its_history():
    """Đồng Nai (new)'s SIPAS history showed Bình Phước's one point, and Đồng Nai, which has no SIPAS
    figure in any edition, was simply absent: no line, no legend entry, nothing said."""
    at = run("overview", set=34, province2025="75", year=2024)
    sipas = [json.loads(e.proto.spec) for e in at.get("plotly_chart")
             if "SIPAS" in str(json.loads(e.proto.spec)["layout"].get("title", ""))]
    assert sipas, "no SIPAS history chart"
    names = {t.get("name") for t in sipas[0]["data"] if t.get("mode") == "lines+markers"}
    assert names == {"Bình Phước"}, names
    captions = [c.value for c in at.caption]
    assert "Đồng Nai: chưa có số liệu cho SIPAS." in captions, captions
    assert "Bình Phước: chưa có số liệu cho SIPAS." not in captions, captions
    # Xu hướng says the same in its figures in words
    words = [m.value for m in run("trends", set="34", province2025="75", index="SIPAS", indicator="TOTAL").markdown]
    assert "**Đồng Nai** · chưa có số liệu" in words and "**Bình Phước** · 2023: 76,08%, 62/63" in words, words


def test_a_trend_across_a_methodology_change_is_named_by_both_periods():
    """Xu hướng titled PAPI's total from 2011 "Tổng điểm PAPI (8 chỉ số nội dung)": the 2011–2017
    totals were of 6 dimensions (60 points). The title names both; a component of one period keeps its name."""
    from chiso import fmt
    at = run("trends", province="70", index="PAPI", indicator="TOTAL")
    # (the total names its index already: "PAPI · Tổng điểm PAPI" said it twice)
    assert at.title[0].value == "Tổng điểm PAPI (6 → 8 chỉ số nội dung)"
    assert run("trends", province="70", index="PAPI", indicator="TOTAL", lang="en").title[0].value == \
        "PAPI total (6 → 8 dimensions)"
    assert [f["layout"]["title"]["text"].split("<")[0] for f in figures(at)][:1] == \
        ["Tổng điểm PAPI (6 → 8 chỉ số nội dung), Bình Phước: điểm qua các năm"]
    assert run("trends", province="70", index="PAPI", indicator="D1").title[0].value == \
        "PAPI · Tham gia của người dân ở cấp cơ sở"
    assert fmt.names_over_time(["Thủ tục hành chính", "Thủ tục hành chính công"]) == \
        "Thủ tục hành chính → Thủ tục hành chính công"  # never cut inside a word


def test_overview_english():
    at = run("overview", province="42", year=2022, lang="en")
    shown = texts(at)
    assert "PAR INDEX 2022: 85.95 points, ranked 28/63, down 20 places" in shown



def test_in_english_a_new_province_is_named_as_the_63_are():
    """English named the 63 provinces without diacritics and the 34 with them: "Since 1 July 2025, Ha
    Tinh has not been merged with another province (it remains Hà Tĩnh)" read as a change of name,
    and the 34-province view titled "Ha Tinh" pages under a sidebar saying "Hà Tĩnh"."""
    shown = texts(run("overview", province="42", year=2022, lang="en"))
    assert "has not been merged with another province (it remains Ha Tinh)" in shown, shown[:400]
    assert "part of **Dong Nai** (with" in texts(run("overview", province="70", year=2022, lang="en"))
    at = run("overview", set=34, province2025="75", year=2022, lang="en")
    shown = texts(at)
    assert "Dong Nai · 2022" in shown and "Đồng Nai" not in shown, shown[:400]
    new_province = at.selectbox(key="frame_province_2025")
    assert new_province.value == "75" and new_province.options[:3] == ["An Giang", "Bac Ninh", "Ca Mau"]
    assert "Hue" in new_province.options and "Da Nang" in new_province.options
    trend = texts(run("trends", set=34, province2025="46", year=2022, lang="en"))
    assert "Hue (from 1 July 2025): Thua Thien Hue" in trend and "Thành phố" not in trend, trend[:400]
    assert "Thành phố Huế (từ 01/07/2025)" in texts(run("trends", set=34, province2025="46", year=2022))

# --- Rankings ---------------------------------------------------------------------------------

def test_rankings_papi_full_edition_has_median_and_all_provinces():
    at = run("rankings", province="42", index="PAPI", year=2022, indicator="TOTAL")
    shown = texts(at)
    assert "**Hà Tĩnh**: 44,31 điểm, xếp thứ 8/61; trung vị cả nước 42,24" in shown
    table = at.dataframe[0].value
    assert len(table) == 61
    assert "▶ Hà Tĩnh" in set(table["Tỉnh/thành phố"])
    fig = figures(at)[0]
    assert any("Trung vị cả nước" in (a.get("text") or "") for a in fig["layout"]["annotations"])
    assert fig["layout"]["separators"] == ",."
    red = [y for y, c in zip(fig["data"][0]["y"], fig["data"][0]["marker"]["color"]) if c == "#C8102E"]
    assert red == ["Hà Tĩnh"]


def test_rankings_partial_edition_no_median():
    at = run("rankings", province="42", index="PAR_INDEX", year=2022, indicator="TOTAL")
    shown = texts(at)
    assert "Kỳ công bố chưa đầy đủ" in shown and "không vẽ trung vị" in shown
    assert "xếp thứ 28/63" in shown
    fig = figures(at)[0]
    assert not any("Trung vị" in (a.get("text") or "") for a in fig["layout"].get("annotations", []))



def test_the_ranking_axis_stops_at_the_maximum():
    """The bars left room past the longest for "92,18 · 1/63", and the axis drew that room as score:
    ticks 120 and 140 on a PAR INDEX out of 100 (on the page and the deck's slide alike). The labels
    are inside the bars now: the axis ends just past the longest bar, and never ticks past the maximum."""
    from chiso import charts, deck
    from chiso.paths import default_db_path
    fig = figures(run("rankings", province="42", index="PAR_INDEX", year=2022, indicator="TOTAL"))[0]
    axis, longest = fig["layout"]["xaxis"], max(fig["data"][0]["x"])
    assert axis["range"][1] == pytest.approx(longest * charts.LABEL_ROOM) and longest * charts.LABEL_ROOM < 100, axis
    assert max(axis.get("tickvals", [0])) <= 100, axis
    axis = figures(run("rankings", province="42", index="PAPI", year=2022, indicator="TOTAL"))[0]["layout"]["xaxis"]
    assert axis["range"][1] < 80 and "tickvals" not in axis, axis  # room within the scale: plotly's own ticks
    part = deck.content.index_part("PAR_INDEX", 2022, "42", None, db=default_db_path())
    assert max(part.ranking_fig.layout.xaxis.tickvals or [0]) <= 100
    # a longest bar at the maximum: the room past it is not score
    top = charts.ranking_bar(pd.DataFrame({"province_code": ["01", "42"], "name_vi": ["Hà Nội", "Hà Tĩnh"],
                                           "name_en": ["Ha Noi", "Ha Tinh"], "value": [99.5, 80.0]}),
                             "42", max_value=100)
    assert top.layout.xaxis.range[1] > 100 and max(top.layout.xaxis.tickvals) == 100


def test_the_median_line_never_crosses_a_label():
    """On the deck's ranking slide the median's dashed line ran through "41,82 · 47/61" and the other
    labels of bars ending just short of it. The labels are written inside their bars and the line
    is drawn under the bars, so it shows only between them and past the shorter ones."""
    from chiso import charts, render
    fig = figures(run("rankings", province="70", index="PAPI", year=2024, indicator="TOTAL"))[0]
    median_lines = [s for s in fig["layout"]["shapes"] if s["type"] == "line"]
    assert median_lines and all(s["layer"] == "below" for s in median_lines), median_lines
    bar = fig["data"][0]
    assert bar["textposition"] == "auto" and bar["insidetextanchor"] == "end", bar["textposition"]
    fitted = render.fit(charts.ranking_bar(pd.DataFrame({
        "province_code": ["01", "70"], "name_vi": ["Hà Nội", "Bình Phước"], "name_en": ["Ha Noi", "Binh Phuoc"],
        "value": [47.8, 41.6]}), "70", median=43.5), *render.SLIDE)
    assert fitted.layout.shapes[0].layer == "below" and fitted.data[0].textposition == "auto"


def test_rankings_say_a_percentage_as_one():
    """SIPAS is a share of satisfied citizens: "Hà Tĩnh: 88,97 điểm" said points; as the cards do,
    a percentage reads "88,97%", and PAPI still reads points."""
    shown = texts(run("rankings", province="42", index="SIPAS", year=2023))
    assert "**Hà Tĩnh**: 88,97%, xếp thứ 4/63" in shown and "88,97 điểm" not in shown
    english = texts(run("rankings", province="42", index="SIPAS", year=2023, lang="en"))
    assert "**Ha Tinh**: 88.97%, ranked 4/63" in english
    assert "**Hà Tĩnh**: 44,31 điểm, xếp thứ 8/61" in texts(run("rankings", province="42", index="PAPI", year=2022))


def test_rankings_region_filter():
    region = "Bắc Trung Bộ và duyên hải miền Trung"
    at = run("rankings", province="42", index="PAPI", year=2022, indicator="TOTAL", region=region)
    table = at.dataframe[0].value
    assert set(table["Vùng"]) == {region}
    assert "8/61" in set(table["Thứ hạng"])  # ranks stay national


# --- Trends -----------------------------------------------------------------------------------

def test_trends_papi_total_split_at_2018_break():
    at = run("trends", province="42", index="PAPI", indicator="TOTAL")
    shown = texts(at)
    assert "Thay đổi phương pháp 2018" in shown
    table = at.dataframe[0].value
    row = table[table["Năm"] == "2022"].iloc[0]
    assert row["Điểm"] == "44,31" and row["Thứ hạng"] == "8/61"
    fig = figures(at)[0]
    province_traces = [tr for tr in fig["data"] if tr["name"] == "Hà Tĩnh"]
    assert len(province_traces) == 2  # 2011–2017 (of 60) and 2018– (of 80): never joined
    assert max(values(province_traces[0]["x"])) == 2017 and min(values(province_traces[1]["x"])) == 2018
    assert any(tr["name"] == "Trung vị cả nước" for tr in fig["data"])


def test_trends_never_draw_a_line_across_editions_without_a_figure():
    """Hà Tĩnh is in VCCI's PCI 2016 and 2020 tables, absent from the 2017–2019 top lists: a line
    from 2016 straight to 2020 drew values nobody published. The line stops, on the score and the
    rank, and so does the national median across the partial editions."""
    at = run("trends", province="42", index="PCI", indicator="TOTAL")
    score, rank = figures(at)[:2]
    for fig in (score, rank):
        mine = [set(values(tr["x"])) for tr in fig["data"] if tr["name"] == "Hà Tĩnh"]
        assert {2016} in [y & {2016} for y in mine] and any(2020 in y for y in mine)
        assert not any({2016, 2020} <= y for y in mine), mine
        assert not any(y & {2017, 2018, 2019} for y in mine)
    medians = [set(values(tr["x"])) for tr in score["data"] if tr["name"] == "Trung vị cả nước"]
    assert not any({2016, 2020} <= y for y in medians), medians


def test_trends_of_a_new_province_draw_each_part_in_a_colour_of_its_own():
    """The 34-list trend of Đồng Nai (Bình Phước + Đồng Nai) drew Đồng Nai in the regional mean's
    orange: each former province's line takes a colour no reference line has."""
    from chiso import charts
    at = run("trends", set="34", province2025="75", index="PAPI", indicator="TOTAL")
    score = figures(at)[0]
    colours = {tr["name"]: tr["line"]["color"] for tr in score["data"]}
    parts = {colours["Bình Phước"], colours["Đồng Nai"]}
    assert len(parts) == 2 and not parts & {charts.REGION, charts.BEST, charts.MEDIAN, colours["Cao nhất cả nước"]}, colours


def test_trends_say_a_share_as_one():
    shown = texts(run("trends", province="42", index="SIPAS", indicator="TOTAL"))
    assert "2022: 84,48%, 7/63" in shown, shown[:600]
    assert "2022: 44,31, 8/61" in texts(run("trends", province="42", index="PAPI", indicator="TOTAL"))


def test_trends_draw_the_provinces_chosen_to_compare():
    """Against whom the province moved: up to five provinces chosen (kept in the address), each its
    own line on the score and the rank, and its figures in words."""
    at = run("trends", province="42", index="PAPI", indicator="TOTAL", trend_peers="40,44")
    score, rank = figures(at)[:2]
    for fig in (score, rank):
        assert {"Hà Tĩnh", "Nghệ An", "Quảng Bình"} <= {tr["name"] for tr in fig["data"]}
    assert "**Nghệ An** · 2011: 36,28, 21/63" in texts(at)
    assert at.sidebar.multiselect(key="trend_peers").value == ["40", "44"]


def test_trends_partial_index_no_computed_median():
    at = run("trends", province="42", index="PAR_INDEX", indicator="TOTAL")
    table = at.dataframe[0].value
    row = table[table["Năm"] == "2022"].iloc[0]
    assert row["Điểm"] == "85,95" and row["Thứ hạng"] == "28/63"
    assert row["Trung vị cả nước"] == "chưa có số liệu"


def test_trends_par_index_2022_break_drawn_explained_and_not_joined():
    """Issue 3: PAR INDEX's 2022 methodology (Decision 876/QĐ-BNV) is drawn, explained, never joined,
    though the total stays out of 100 and the published rank change across it is still shown."""
    at = run("trends", province="42", index="PAR_INDEX", indicator="TOTAL")
    assert "Thay đổi phương pháp 2022: Quyết định 876/QĐ-BNV" in texts(at)
    traces = [tr for fig in figures(at) for tr in fig["data"] if tr["name"] == "Hà Tĩnh"]
    years = [set(values(tr["x"])) for tr in traces]
    assert any(2022 in y for y in years) and any(2021 in y for y in years)  # both sides are drawn ...
    assert not any({2021, 2022} <= y for y in years)  # ... as separate lines


# --- Map --------------------------------------------------------------------------------------

def test_map_offline_choropleth_with_gaps():
    at = run("map", province="42", index="SIPAS", year=2022, indicator="TOTAL")
    assert "**Hà Tĩnh** (viền đỏ): 84,48%, xếp thứ 7/63." in texts(at)  # a share, said as one
    shown = texts(at)
    assert "84,48" in shown and "7/63" in shown
    fig = figures(at)[0]
    # Drawn as SVG (no MapLibre map: no WebGL, no font or tile requests): one filled shape per province
    # carrying its hover text, a colour-scale carrier; borders and the chosen outline are one path each.
    provinces = [tr for tr in fig["data"] if (tr.get("meta") or {}).get("layer") == "province"]
    assert len(provinces) == 63 and all(tr["fill"] == "toself" and tr["hoveron"] == "fills" for tr in provinces)
    assert {tr["type"] for tr in fig["data"]} == {"scatter"} and "map" not in fig["layout"]
    names = [a["text"] for a in fig["layout"]["annotations"] if a.get("xref") == "x"]
    assert any("Hoàng Sa" in n for n in names) and any("Trường Sa" in n for n in names)
    gaps = [tr for tr in provinces if tr["meta"]["value"] is None]
    assert gaps and all("chưa có số liệu" in tr["text"] and tr["fillcolor"] == "#D9D9D9" for tr in gaps)
    ha_tinh = next(tr for tr in provinces if tr["meta"]["province"] == "42")
    assert "Hà Tĩnh" in ha_tinh["text"] and "84,48" in ha_tinh["text"] and "7/63" in ha_tinh["text"]
    shapes = {sh["name"]: sh for sh in fig["layout"]["shapes"]}
    assert shapes["borders"]["path"].count("M") >= 63 and shapes["borders"]["line"]["color"] == "white"
    assert shapes["chosen 42"]["line"]["color"] == "#C8102E" and shapes["chosen 42"]["xref"] == "x"
    scale = [tr for tr in fig["data"] if (tr.get("meta") or {}).get("layer") == "scale"]
    assert len(scale) == 1 and scale[0]["marker"]["showscale"]
    # One unit as long on both axes (Mercator), the whole country with both archipelagos in view.
    assert fig["layout"]["yaxis"]["scaleanchor"] == "x" and fig["layout"]["xaxis"]["range"] == [102.1, 117.0]


def test_a_missing_rank_change_says_why():
    """Every PAPI 2018 row read "chưa có số liệu" under Thay đổi thứ hạng, as if the changes were not
    published yet: they cannot exist across the 2018 method change (60 to 80 points). Each gap now
    says what it is: the method change, the first edition, a province without a figure the year
    before (Quảng Ninh in 2023)."""
    from chiso import scores
    assert [scores.change_gap("PAPI", y) for y in (2011, 2018, 2024)] == [scores.NO_EDITION, scores.METHOD_CHANGED, None]
    change = run("rankings", province="42", index="PAPI", year=2018).dataframe[0].value["Thay đổi thứ hạng"]
    assert set(change) == {"đổi phương pháp năm 2018"}
    table = run("rankings", province="42", index="PAPI", year=2024).dataframe[0].value.set_index("Tỉnh/thành phố")
    assert table.at["Quảng Ninh", "Thay đổi thứ hạng"] == "không có số liệu 2023"
    assert table.at["▶ Hà Tĩnh", "Thay đổi thứ hạng"] == "+1"
    english = run("rankings", province="42", index="PAPI", year=2011, lang="en").dataframe[0].value
    assert set(english["Rank change"]) == {"no 2010 edition"}


# --- Compare ----------------------------------------------------------------------------------

def test_compare_top_five():
    at = run("compare", province="42", index="PAPI", year=2022, peer_mode="top5")
    table = at.dataframe[0].value
    assert list(table.columns[1:7]) == ["Hà Tĩnh", "Quảng Ninh", "Bình Dương", "Thanh Hóa", "Ninh Thuận", "Thừa Thiên Huế"]
    assert table.iloc[0]["Hà Tĩnh"].startswith("44,31")
    assert "Hà Tĩnh 8/61" in texts(at)


def test_compare_custom_list_and_merged():
    at = run("compare", province="42", index="PAPI", year=2022, peer_mode="custom", peers="40,38")
    assert {"Hà Tĩnh", "Nghệ An", "Thanh Hóa"} <= set(at.dataframe[0].value.columns)
    at = run("compare", province="70", index="PAPI", year=2022, peer_mode="merged")
    assert "Bình Phước 56/61; Đồng Nai 39/61" in texts(at)


def test_compare_in_the_34_list_opens_on_the_merged_parts_or_else_the_neighbours():
    # Bình Phước became part of Đồng Nai: beside it; Hà Tĩnh was not merged: beside its neighbours,
    # not beside nobody
    at = run("compare", province2025="75", index="PAPI", year=2022, set="34")
    assert at.sidebar.radio(key="peer_mode").value == "merged"
    # titled by the new province the user chose, not "Bình Phước and peers"
    assert at.title[0].value == "PAPI 2022: Đồng Nai (từ 01/07/2025), các tỉnh hợp thành"
    assert "Bình Phước 56/61; Đồng Nai 39/61" in texts(at)
    at = run("compare", province2025="42", index="PAPI", year=2022, set="34")
    assert at.sidebar.radio(key="peer_mode").value == "neighbours"
    assert list(at.dataframe[0].value.columns[1:4]) == ["Hà Tĩnh", "Nghệ An", "Quảng Bình"]
    # chosen, the merged parts of an unmerged province say so and point to the other choices
    at = run("compare", province2025="42", index="PAPI", year=2022, set="34", peer_mode="merged")
    assert "không có tỉnh để so sánh. Chọn “Tỉnh giáp ranh” hoặc “Cùng vùng” ở mục “So sánh với”." in texts(at)


def test_a_comparison_says_each_missing_figure_where_its_bar_would_be():
    """Hồ Chí Minh has no public PAR INDEX 2024: its place beside Bà Rịa - Vũng Tàu's and Bình Dương's bars
    was empty, under a title promising "each component" of an edition that publishes totals only."""
    at = run("compare", province2025="79", index="PAR_INDEX", year=2024, set="34")
    fig = figures(at)[0]
    assert fig["layout"]["title"]["text"].startswith(
        "PAR INDEX 2024: tổng điểm (chưa có số liệu chỉ số thành phần công khai)"), fig["layout"]["title"]
    bars = {tr["name"]: values(tr["y"]) for tr in fig["data"]}
    assert list(bars) == ["Bà Rịa - Vũng Tàu", "Bình Dương", "Hồ Chí Minh"] and bars["Hồ Chí Minh"] == [None]
    said = [a for a in fig["layout"]["annotations"] if a["text"] == "chưa có số liệu"]
    # one, upright, in the third of the three places of the one group (centred on 0, 0,8 wide)
    assert len(said) == 1 and said[0]["textangle"] == -90 and abs(said[0]["x"] - 0.8 / 3) < 1e-9, said
    # a comparison with every figure says nothing of the kind
    full = figures(run("compare", province2025="79", index="PAPI", year=2024, set="34"))[0]
    assert not [a for a in full["layout"]["annotations"] if a["text"] == "chưa có số liệu"]
    assert full["layout"]["title"]["text"].startswith("PAPI 2024: điểm từng chỉ số thành phần")


def test_compare_neighbouring_provinces():
    at = run("compare", province="42", index="PAPI", year=2022, peer_mode="neighbours")
    assert list(at.dataframe[0].value.columns[1:4]) == ["Hà Tĩnh", "Nghệ An", "Quảng Bình"]  # Laos is not a peer
    at = run("compare", province="01", index="PAPI", year=2022, peer_mode="neighbours")
    assert set(at.dataframe[0].value.columns[2:10]) == {"Hòa Bình", "Thái Nguyên", "Bắc Giang", "Phú Thọ",
                                                        "Vĩnh Phúc", "Bắc Ninh", "Hưng Yên", "Hà Nam"}


# --- Methodology ------------------------------------------------------------------------------

def test_methodology_papi():
    at = run("methodology", index="PAPI")
    shown = texts(at)
    assert "2018: PAPI 8 nội dung, thang 80 điểm" in shown
    comp = at.dataframe[0].value
    assert {"60,00", "80,00"} <= set(comp[comp["Mã"] == "TOTAL"]["Điểm tối đa"])


def test_methodology_lists_sources_in_the_order_of_their_years():
    """"Nguồn của từng số liệu" listed PAPI's yearly sources as 2019, 2020, 2018, 2022, … (by how
    many values each gave): a reader looks a year up, so they follow the editions."""
    at = run("methodology", index="PAPI")
    table = next(d.value for d in at.dataframe if {"Nguồn", "Các năm"} <= set(d.value.columns))
    firsts = [int(str(y)[:4]) for y in table["Các năm"]]
    assert firsts == sorted(firsts) and firsts[0] == 2011, firsts


def test_methodology_par_lists_disagreements():
    at = run("methodology", index="PAR_INDEX")
    shown = texts(at)
    assert "Quyết định 876/QĐ-BNV" in shown
    assert "Nguồn khác nhau" in shown


# --- Download buttons under every chart and table ---------------------------------------------

def test_rankings_download_buttons_under_chart_and_table():
    at = run("rankings", province="42", index="PAPI", year=2022, indicator="TOTAL")
    assert download_rows(at) == [("plotly_chart", ["ranking_chart_PNG", "ranking_chart_SVG"]),
                                 ("dataframe", ["ranking_table_XLSX", "ranking_table_CSV (ZIP)"])]
    names = {b.proto.id.rsplit("_", 1)[-1]: b.help for b in at.get("download_button")}
    assert names["XLSX"] == "Bảng Excel, in vừa một trang ngang"


def test_rankings_xlsx_is_the_table_shown_with_real_numbers(monkeypatch):
    callables = record_downloads(monkeypatch)
    at = run("rankings", province="42", index="PAPI", year=2022, indicator="TOTAL")
    above, header, rows = xlsx_table(make_file(at, callables, "ranking_table_XLSX"), "Thứ hạng")
    assert above[0] == "Xếp hạng PAPI 2022: Tổng điểm PAPI (8 chỉ số nội dung)"
    assert above[1].startswith("Nguồn: UNDP") and above[1].endswith("PAPI 2022")
    shown = list(at.dataframe[0].value.columns)  # the page's own Vietnamese headers, and the rank
    assert header == shown[:1] + ["Số tỉnh xếp hạng"] + shown[1:]  # "8/61" as two numbers that sort
    assert header[:5] == ["Thứ hạng", "Số tỉnh xếp hạng", "Tỉnh/thành phố", "Vùng", "Điểm"]
    assert len(rows) == 61
    [ha_tinh] = [r for r in rows if r[2].value == "Hà Tĩnh"]  # no "▶" marker in the file
    assert ha_tinh[0].value == 8 and ha_tinh[1].value == 61
    score = ha_tinh[4]
    assert isinstance(score.value, float) and round(score.value, 4) == 44.3138  # a number Excel can add up
    assert score.number_format == "#,##0.00"


def test_rankings_xlsx_says_why_its_change_column_is_empty(monkeypatch):
    """PAPI 2018's file had an empty rank-change column under "An empty cell means no data yet":
    no change can exist across the method change, and the file says so above the table."""
    callables = record_downloads(monkeypatch)
    at = run("rankings", province="42", index="PAPI", year=2018, indicator="TOTAL")
    above, header, rows = xlsx_table(make_file(at, callables, "ranking_table_XLSX"), "Thứ hạng")
    assert "Thay đổi thứ hạng: đổi phương pháp năm 2018." in above, above
    at = run("rankings", province="42", index="PAPI", year=2022, indicator="TOTAL")
    above, _header, _rows = xlsx_table(make_file(at, callables, "ranking_table_XLSX"), "Thứ hạng")
    assert not any(str(a).startswith("Thay đổi thứ hạng:") for a in above), above


def test_trends_download_buttons():
    at = run("trends", province="42", index="PAPI", indicator="TOTAL")
    assert download_rows(at) == [("plotly_chart", ["trend_score_PNG", "trend_score_SVG"]),
                                 ("plotly_chart", ["trend_rank_PNG", "trend_rank_SVG"]),
                                 ("dataframe", ["trend_table_XLSX", "trend_table_CSV (ZIP)"])]


def test_map_download_buttons_and_english_table(monkeypatch):
    at = run("map", province="42", index="SIPAS", year=2022, indicator="TOTAL")
    assert download_rows(at) == [("plotly_chart", ["map_PNG", "map_SVG", "map_XLSX", "map_CSV (ZIP)"])]
    callables = record_downloads(monkeypatch)
    at = run("map", province="42", index="SIPAS", year=2022, indicator="TOTAL", lang="en")
    above, header, rows = xlsx_table(make_file(at, callables, "map_XLSX"), "Province code")
    assert header == ["Province code", "Province", "Region", "%", "Rank", "Provinces ranked", "Source"]
    assert len(rows) == 12  # the provinces SIPAS 2022 names publicly (7 with a published rank only)
    [ha_tinh] = [r for r in rows if r[0].value == "42"]
    assert round(ha_tinh[3].value, 2) == 84.48 and ha_tinh[4].value == 7 and ha_tinh[5].value == 63
    assert sum(r[3].value is None for r in rows) == 7  # a gap is an empty cell (never 0 or text), said in a note row
    assert "An empty cell means no data yet (not zero)." in above


def test_compare_download_buttons():
    at = run("compare", province="42", index="PAPI", year=2022, peer_mode="top5")
    assert download_rows(at) == [("plotly_chart", ["compare_chart_PNG", "compare_chart_SVG"]),
                                 ("dataframe", ["compare_table_XLSX", "compare_table_CSV (ZIP)"])]


def test_methodology_download_buttons():
    at = run("methodology", index="PAR_INDEX")
    assert download_rows(at) == [("dataframe", ["method_components_XLSX", "method_components_CSV (ZIP)"]),
                                 ("dataframe", ["method_disagreements_XLSX", "method_disagreements_CSV (ZIP)"])]


def test_overview_component_chart_and_table_download(monkeypatch):
    callables = record_downloads(monkeypatch)
    at = run("overview", province="42", year=2022)
    assert ("plotly_chart", ["components_chart_PAPI_PNG", "components_chart_PAPI_SVG"]) in download_rows(at)
    assert ("dataframe", ["components_table_PAPI_XLSX", "components_table_PAPI_CSV (ZIP)"]) in download_rows(at)
    _, header, rows = xlsx_table(make_file(at, callables, "components_table_PAPI_XLSX"), "Tên thành phần")
    assert header[:3] == ["Tên thành phần", "Điểm", "Tối đa"]
    assert len(rows) == 8  # PAPI's eight dimensions
    assert all(isinstance(r[2].value, (int, float)) and r[2].value == 10 for r in rows)  # 10 points each since 2018


def test_map_34_view_outlines_the_new_provinces_and_names_the_constituents():
    at = run("map", set=34, province2025="44", index="PAPI", year=2022, indicator="TOTAL")
    fig = figures(at)[0]
    layers = [(tr.get("meta") or {}).get("layer") for tr in fig["data"]]
    assert layers.count("province") == 63
    shapes = {sh["name"]: sh for sh in fig["layout"]["shapes"]}
    assert "provinces 2025: 34" in shapes  # the 34 of 1 July 2025 outlined over the 63
    assert shapes["provinces 2025: 34"]["line"]["color"] == "#333333"
    assert shapes["chosen 2025 44"]["line"]["color"] == "#C8102E"
    names = [a["text"] for a in fig["layout"]["annotations"] if a.get("xref") == "x"]
    assert "Quảng Bình" in names and "Quảng Trị" in names
    shown = texts(at)
    assert "**Quảng Bình** (viền đỏ)" in shown and "**Quảng Trị** (viền đỏ)" in shown
    assert shown.count("xếp hạng 63 tỉnh như trước ngày 01/07/2025") == 1  # said once


def test_rankings_34_view_highlights_every_constituent():
    at = run("rankings", set=34, province2025="44", index="PAPI", year=2022, indicator="TOTAL")
    fig = figures(at)[0]
    red = {y for y, c in zip(fig["data"][0]["y"], fig["data"][0]["marker"]["color"]) if c == "#C8102E"}
    assert red == {"Quảng Bình", "Quảng Trị"}
    assert {"▶ Quảng Bình", "▶ Quảng Trị"} <= set(at.dataframe[0].value["Tỉnh/thành phố"])


@pytest.mark.parametrize("lang, said, never", [("vi", "7,15 điểm, không xếp hạng", "xếp thứ chưa có số liệu"),
                                               ("en", "7.15 points, not ranked", "ranked no data yet")])
def test_a_sub_index_published_without_ranks_reads_not_ranked(lang, said, never):
    """PCI 2023 publishes every province's sub-indices and no rank on them: Hà Tĩnh's line and every
    rank cell say "không xếp hạng", not a gap ("xếp thứ chưa có số liệu")."""
    at = run("rankings", province="42", index="PCI", year=2023, indicator="ENTRY", set="63", lang=lang)
    shown = texts(at)
    assert said in shown and never not in shown, shown[:800]
    table = at.dataframe[0].value
    assert set(table.iloc[:, 0]) == {"không xếp hạng" if lang == "vi" else "not ranked"}


def test_a_trend_picture_names_its_province_and_says_when_it_has_no_data(built_db):
    """Exported alone (PNG for a slide), Xu hướng's chart named no province, and for Bình Phước's
    PAR INDEX (no published figure of its own) showed the national lines as if they were its own."""
    # (as drawn on a laptop's page: a title over 80 characters in rows, chiso.phone.for_page)
    titles = [f["layout"]["title"]["text"].replace("<br>", " ") for f in figures(run("trends", province="70",
                                                                                     index="PAR_INDEX", indicator="TOTAL"))]
    assert any("PAR INDEX · " in t and "chỉ có số liệu cả nước (Bình Phước: chưa có số liệu)" in t for t in titles), titles
    titles = [f["layout"]["title"]["text"] for f in figures(run("trends", province="42", index="PAPI", indicator="TOTAL",
                                                                 lang="en"))]
    assert any("Ha Tinh: score over time" in t for t in titles) and any("Ha Tinh: rank over time" in t for t in titles)


def test_disagreeing_sources_are_said_in_the_readers_language():
    """Phương pháp's table of disagreeing sources showed each rule in both languages to everyone
    ("nguồn có thẩm quyền cao hơn (higher authority: …)"), ranks as "(công bố) | (tính)" to English
    readers and Vietnamese readers "84.48"; each now reads in the page's language."""
    def table(lang):
        at = run("methodology", index="PCI", lang=lang) if lang == "en" else run("methodology", index="PCI")
        return next(d.value for d in at.dataframe if _RULE[lang] in d.value.columns)
    en, vi = table("en"), table("vi")
    assert set(en[_RULE["en"]]) == {"published rank kept"}, set(en[_RULE["en"]])
    assert all("." not in v and "," not in v for v in en["Value used"]), list(en["Value used"])  # ranks: 41, not 41.00
    assert set(en["Kind"]) == {"rank"} and all(" (published) | " in c and c.endswith("(computed by chiso)")
                                               for c in en["Values by source"]), list(en["Values by source"])
    assert set(vi[_RULE["vi"]]) == {"xếp hạng công bố được giữ"}, set(vi[_RULE["vi"]])
    assert all(" (công bố) | " in c and c.endswith("(tính)") for c in vi["Các giá trị theo nguồn"])
    sipas_vi = next(d.value for d in run("methodology", index="SIPAS").dataframe if _RULE["vi"] in d.value.columns)
    ha_tinh = sipas_vi[sipas_vi["Năm"] == "2022"].iloc[0]
    assert ha_tinh[_RULE["vi"]] == "nguồn có thẩm quyền cao hơn: provincial > press" and ha_tinh["Giá trị dùng"] == "84,48"
    values = ha_tinh["Các giá trị theo nguồn"]
    assert values.startswith("84,48 (provincial: ") and " | 84,37 (press: " in values, values

    # the same words where a score's card (Tổng quan) and the ranking (Xếp hạng) say its sources differ
    card_en, card_vi = texts(run("overview", province="42", year=2022, lang="en")), texts(run("overview", province="42", year=2022))
    assert "84.48 (provincial: " in card_en and "Chosen by: higher authority: provincial > press." in card_en, card_en
    assert "84,48 (provincial: " in card_vi and "nguồn có thẩm quyền cao hơn: provincial > press" in card_vi, card_vi
    assert "higher authority" not in card_vi and "thẩm quyền" not in card_en
    ranking = texts(run("rankings", index="PCI", year=2020, province="42", lang="en"))
    assert "21 (published) | 20 (computed by chiso); chosen by: published rank kept" in ranking, ranking
    assert "công bố" not in ranking and "(tính)" not in ranking


_RULE = {"en": "Rule", "vi": "Quy tắc"}


def test_rankings_draw_equal_scores_in_the_order_the_index_ranked_them():
    """PAR INDEX 2024 publishes Cần Thơ and Bình Dương at 89,13, ranked 22nd and 23rd (ranked on decimals it
    does not print): the bars put Bình Dương first, by name, above the province ranked before it."""
    bars = figures(run("rankings", province="92", index="PAR_INDEX", year="2024", indicator="TOTAL"))[0]["data"][0]
    drawn = list(reversed(values(bars["y"])))  # plotly draws the first category at the bottom
    assert drawn.index("Cần Thơ") + 1 == drawn.index("Bình Dương"), drawn


def test_the_deck_orders_equal_scores_as_the_chart_does(built_db):
    """The deck's ranking table and its best and worst read `charts.best_first`, the chart's order."""
    from chiso import charts, scores
    ordered = list(charts.best_first(scores.ranking("PAR_INDEX", 2024, db=built_db).dropna(subset=["value"]),
                                     "name_vi").name_vi)
    assert ordered.index("Cần Thơ") + 1 == ordered.index("Bình Dương"), ordered
    assert ordered[0] == "Hải Phòng" and ordered[-1] == "Lâm Đồng"


def test_a_ranking_of_a_component_public_for_two_provinces_says_so():
    """PCI 2020 is a full edition, but Land access is public for two provinces: two unranked bars under
    a heading that said nothing of the 61 others."""
    at = run("rankings", province="31", index="PCI", year=2020, indicator="LAND")
    assert ("Kỳ này chỉ 2/63 tỉnh có số liệu công khai của nội dung này: không tỉnh nào được xếp hạng theo nội "
            "dung này và không vẽ trung vị cả nước.") in [w.value for w in at.warning]
    total = run("rankings", province="31", index="PCI", year=2020, indicator="TOTAL")
    assert not any("tỉnh có số liệu công khai" in w.value for w in total.warning)


def test_methodology_of_an_index_without_a_recorded_change_says_so():
    """SIPAS's "Thay đổi phương pháp" read "chưa có số liệu", as if a figure were missing."""
    said = texts(run("methodology", index="SIPAS"))
    assert "Danh mục chưa ghi nhận thay đổi phương pháp nào của SIPAS." in said
    assert "Danh mục chưa ghi nhận" not in texts(run("methodology", index="PAPI"))


def test_a_link_to_a_component_the_page_does_not_offer_says_so():
    """Every other choice a link asks for that a page cannot show is said ("Đường dẫn yêu cầu năm “abc”…");
    a component was replaced by the total in silence: ?indicator=NOPE, or a sub-dimension on Xếp hạng,
    which ranks dimensions only."""
    at = run("trends", province="42", index="PAPI", indicator="NOPE")
    assert [i.value for i in at.info if "NOPE" in i.value] == [
        "Đường dẫn yêu cầu thành phần “NOPE”, không có ở đây; đang hiển thị Tổng điểm PAPI (8 chỉ số nội dung)."]
    at.run()  # a rerun of the page (a widget's, the cookie's) keeps it, as the frame keeps its notices
    assert any("NOPE" in i.value for i in at.info)
    at = run("rankings", province="42", index="PAPI", year=2024, indicator="D1_KNOWLEDGE", lang="en")
    assert any(i.value.startswith("The link asked for component “D1_KNOWLEDGE”") for i in at.info), at.info
    at = run("trends", province="42", index="PAPI", indicator="D1_KNOWLEDGE")  # Xu hướng has sub-dimensions
    assert not [i.value for i in at.info if "D1_KNOWLEDGE" in i.value]
    # So sánh's own list of provinces: "xx" was dropped in silence
    at = run("compare", province="42", index="PAPI", year=2022, peer_mode="custom", peers="01,xx")
    assert "Đường dẫn yêu cầu tỉnh so sánh “xx”, không có ở đây; đang hiển thị Hà Nội." in [i.value for i in at.info]
    at.multiselect(key="peers").select("79").run()  # the reader's own choice: the notice has done its work
    assert not [i.value for i in at.info if "“xx”" in i.value]
    at = run("compare", province="42", index="PAPI", year=2022, set=34, province2025="75", peer_mode="bogus")
    assert "Đường dẫn yêu cầu cách so sánh “bogus”, không có ở đây; đang hiển thị Cùng tỉnh mới (từ 01/07/2025)." \
        in [i.value for i in at.info]  # the 34 list's own default, not the 63 list's top five
    at = run("rankings", province="42", index="PAPI", year=2024, region="Tây Nguyen")
    assert "Đường dẫn yêu cầu vùng “Tây Nguyen”, không có ở đây; đang hiển thị Cả nước." in [i.value for i in at.info]
    at = run("trends", province="42", index="PAPI", trend_peers="01,xx")  # and Xu hướng's
    assert "Đường dẫn yêu cầu tỉnh so sánh “xx”, không có ở đây; đang hiển thị Hà Nội." in [i.value for i in at.info]


def test_the_methodology_period_of_a_year_is_the_one_its_chart_and_notes_name():
    """Xu hướng's table said "từ 2012" for Quảng Ninh's PAR INDEX 2023, under a chart cut at 2017 and 2022
    and a note on Decision 876/QĐ-BNV: the total's catalog period (out of 100 throughout), not its
    methodology. The downloadable dataset's column said the same."""
    table = run("trends", province="22", index="PAR_INDEX", indicator="TOTAL").dataframe[0].value
    period = dict(zip(table["Năm"], table["Giai đoạn phương pháp"]))
    assert (period["2012"], period["2017"], period["2021"], period["2022"], period["2024"]) == \
        ("từ 2012", "từ 2017", "từ 2017", "từ 2022", "từ 2022"), period
    papi = run("trends", province="42", index="PAPI", indicator="TOTAL").dataframe[0].value
    assert dict(zip(papi["Năm"], papi["Giai đoạn phương pháp"]))["2024"] == "từ 2018"
    from chiso import readme
    from chiso.i18n import use
    with use("vi"):
        dataset = readme.dataset_frames()["diem_so.csv"]
    quang_ninh = dataset[(dataset["Chỉ số"] == "PAR_INDEX") & (dataset["Mã tỉnh"] == "22")
                         & (dataset["Mã thành phần"] == "TOTAL")]
    assert dict(zip(quang_ninh["Năm"], quang_ninh["Giai đoạn phương pháp"])) == \
        {2012: 2012, 2017: 2017, 2018: 2017, 2019: 2017, 2020: 2017, 2021: 2017, 2022: 2022, 2023: 2022, 2024: 2022}
