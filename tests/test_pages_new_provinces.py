"""An edition ranking the 34 provinces formed on 1 July 2025, as the Ministry's PAR INDEX 2025 does, seen
on the pages (a SYNTHETIC national table entered, tests/results_fixtures.py; never shown as real).

In the 34 list the pages showed such an edition through the former provinces: "Bình Phước: chưa có số
liệu" beside Đồng Nai's figure, a "Số liệu của (tỉnh trước 01/07/2025)" choice that chose nothing, and
a map painting Đồng Nai's figure on the former Đồng Nai alone, Bình Phước grey.
"""
from __future__ import annotations

import pytest
from streamlit.testing.v1 import AppTest

from chiso import auth, paths
from chiso.cli import main as cli
from chiso.tasks import open_store
from chiso.results import open_results_store, prepare
from etl.build import build
from results_fixtures import ADMIN_HT, HA_TINH, SYNTHETIC_DOCUMENT, national_table, scorecard_xlsx
from task_fixtures import signed_in
from test_pages_leadership import figures, texts


@pytest.fixture(scope="module")
def db_2025(tmp_path_factory):
    """The bundled data with a SYNTHETIC PAR INDEX 2025 table of the 34 provinces entered."""
    tmp = tmp_path_factory.mktemp("db_2025")
    database = tmp / "chiso.duckdb"
    table = national_table(tmp / "par_2025.xlsx", year=2025)
    store = open_results_store(paths.default_results_url(database))
    store.save(ADMIN_HT, prepare(table.name, table.read_bytes(), province_code=HA_TINH, document=SYNTHETIC_DOCUMENT))
    # Đồng Nai's scorecard, entered by Bình Phước's admin (one department): its weak criteria to cover
    card = prepare("bang_diem_2025.xlsx", scorecard_xlsx(2025), province_code="70", document=SYNTHETIC_DOCUMENT)
    store.save(auth.User("admin_bp", auth.PROVINCE_ADMIN, "70"), card)
    build(database, progress=lambda *_: None)
    return database


@pytest.fixture
def page(db_2025, monkeypatch):
    monkeypatch.setenv("CHISO_DB", str(db_2025))

    def run(name: str, user=None, **params) -> AppTest:
        at = AppTest.from_file(str(paths.ROOT / "pages" / name), default_timeout=60)
        for k, v in {"index": "PAR_INDEX", "year": "2025", **params}.items():
            at.query_params[k] = str(v)
        if user is not None:
            signed_in(at, user)
        at.run()
        assert not at.exception, [e.value for e in at.exception]
        return at
    return run


def test_the_34_list_shows_a_new_province_itself_in_an_edition_of_the_34(page):
    ranked = texts(page("1_Xep_hang.py", set="34", province="70"))
    assert "**Đồng Nai**: " in ranked and "/34" in ranked, ranked
    assert "Bình Phước" not in ranked  # not a former province "without data" in an edition that ranks none of them
    # a city is named as the 34 name it: "Thành phố Huế", not the 63's "Thừa Thiên Huế"
    hue = texts(page("1_Xep_hang.py", set="34", province="46"))
    assert "**Thành phố Huế**: " in hue and "Thừa Thiên Huế" not in hue, hue
    # a one-province page offers no former province's figures to choose, and judges the new province's
    weak = page("6_Diem_yeu.py", set="34", province="70")
    assert not [s for s in weak.sidebar.selectbox if s.key == "frame_part"]
    assert weak.title[0].value == "Điểm yếu · PAR INDEX 2025 · Đồng Nai"
    # an edition of the 63 keeps the choice, and the parts
    before = page("6_Diem_yeu.py", set="34", province="70", year="2024")
    assert [s.value for s in before.sidebar.selectbox if s.key == "frame_part"] == ["70"]


def test_the_map_of_an_edition_of_the_34_colours_the_34(page):
    at = page("3_Ban_do.py", set="34", province="70")
    shapes = [t["meta"]["province"] for t in figures(at)[0]["data"] if t.get("meta", {}).get("layer") == "province"]
    assert len(shapes) == 34 and "75" in shapes and "70" not in shapes
    shown = texts(at)
    assert "34/34 tỉnh có số liệu" in shown and "**Đồng Nai** (viền đỏ): " in shown and "xếp thứ" in shown, shown
    assert "Bản đồ 34 tỉnh, thành phố từ 01/07/2025 mà kỳ công bố xếp hạng" in shown



def test_the_63_list_shows_the_new_province_a_province_is_part_of_in_an_edition_of_the_34(page):
    """The 63 list opens on the latest year: once PAR INDEX 2025 is entered, 28 of the 63 provinces read
    "chưa có số liệu" on every page. It now shows the new province, and says so."""
    notice = ("Số liệu năm 2025 xếp hạng 34 tỉnh, thành phố từ ngày 01/07/2025: ở đây là Đồng Nai, hình thành từ "
              "Bình Phước và Đồng Nai.")
    for name in ("0_Tong_quan.py", "1_Xep_hang.py", "3_Ban_do.py", "6_Diem_yeu.py"):
        shown = texts(page(name, set="63", province="70"))
        assert notice in shown and "chưa có số liệu trong kỳ này" not in shown, (name, shown)
    assert "**Đồng Nai**: 89,33 điểm, xếp thứ 27/34" in texts(page("1_Xep_hang.py", set="63", province="70"))
    assert "**Đồng Nai** (viền đỏ): 89,33 điểm, xếp thứ 27/34." in texts(page("3_Ban_do.py", set="63", province="70"))
    # a province not merged is itself, with nothing to say; an edition of the 63 is as it was
    ha_tinh = texts(page("1_Xep_hang.py", set="63", province="42"))
    assert "xếp hạng 34 tỉnh" not in ha_tinh and "**Hà Tĩnh**: " in ha_tinh
    assert notice not in texts(page("1_Xep_hang.py", set="63", province="70", year="2024"))


def test_compare_sets_a_new_province_beside_new_provinces(page):
    """So sánh compared Đồng Nai's 2025 figure with Bình Phước's and the 63's neighbours, all "chưa có số liệu"."""
    at = page("4_So_sanh.py", set="34", province="70")
    assert at.sidebar.radio(key="peer_mode").value == "neighbours"
    assert "merged" not in at.sidebar.radio(key="peer_mode").options  # no former provinces to set side by side
    shown = texts(at)
    # the new province borders what its parts did: Tây Ninh is Bình Phước's neighbour, not the former Đồng Nai's
    assert "**Thứ hạng tổng:** Đồng Nai 27/34; Thành phố Hồ Chí Minh 28/34; Lâm Đồng 26/34; Tây Ninh 29/34" \
        in shown, shown
    assert "Bình Phước" not in shown


def test_a_task_of_a_former_provinces_plan_covers_the_new_provinces_weakness(page, tmp_path, monkeypatch, capsys):
    """Đồng Nai's department follows Bình Phước's plans: in an edition of the 34 their tasks are the new
    province's, on Điểm yếu and in `chiso weak` alike (they were not read: every weak criterion "uncovered")."""
    url = str(tmp_path / "tasks.duckdb")
    monkeypatch.setenv("CHISO_TASKS_URL", url)
    open_store(url).import_rows(auth.User("admin_bp", auth.PROVINCE_ADMIN, "70"), "70", [{
        "Số kế hoạch": "01/KH-SYNTHETIC", "Nội dung nhiệm vụ": "Nhiệm vụ thử cho F3.2 (SYNTHETIC)",
        "Đơn vị chủ trì": "Sở Nội vụ", "Thời hạn": "31/12/2026", "Liên kết chỉ số": "PAR_INDEX:F3.2"}], "thử")
    at = page("6_Diem_yeu.py", user=auth.User("admin_dn", auth.PROVINCE_ADMIN, "75"), set="34", province="75")
    counts = {m.label: m.value for m in at.metric}
    assert (counts["Điểm yếu"], counts["Yếu mà chưa có nhiệm vụ"]) == ("5", "4"), counts
    assert cli(["weak", "--province", "Đồng Nai", "--year", "2025", "--index", "PAR_INDEX", "--store", url]) == 0
    assert "5 nội dung yếu, 4 chưa có nhiệm vụ đang mở" in capsys.readouterr().out
    # an edition of the 63 keeps each province's own tasks: Bình Phước's plan is not the former Đồng Nai's
    from chiso import coverage
    assert coverage.task_provinces("75", "PAR_INDEX", 2025) == ("70", "75")
    assert coverage.task_provinces("75", "PAR_INDEX", 2024) == ("75",)




def test_trends_draw_a_new_provinces_figures_as_a_line_of_their_own(page):
    """Xu hướng asks for no year, and read the 63's series alone: Đồng Nai's 2025 figure was nowhere on it,
    in either list. It is now a line of its own, never joined to a former province's (a new territory, ranked
    among 34)."""
    def lines(at):
        return {t["name"]: (t["x"], t["line"]["width"]) for t in figures(at)[0]["data"]}
    new_dong_nai = "Đồng Nai (từ 01/07/2025)"
    at = page("2_Xu_huong.py", set="34", province="70")
    drawn = lines(at)
    assert drawn[new_dong_nai] == ([2025], 3) and drawn["Đồng Nai"] == ([2022], 2), drawn  # the chosen: the new one
    title = figures(at)[0]["layout"]["title"]["text"].replace("<br>", " ")
    assert title.endswith(f", {new_dong_nai}: điểm qua các năm"), title  # not "…: Đồng Nai (từ …), 2025–2025"
    shown = texts(at)
    assert f"**{new_dong_nai}** · 2025: 89,33, 27/34" in shown and "**Bình Phước** · chưa có số liệu" in shown, shown
    assert "số liệu của Đồng Nai là một đường riêng, không nối với các năm trước" in shown
    # the 63 list: Bình Phước is part of it, a line beside its own; Hà Tĩnh, made of itself alone, is the chosen twice
    assert new_dong_nai in lines(page("2_Xu_huong.py", set="63", province="70"))
    ha_tinh = lines(page("2_Xu_huong.py", set="63", province="42"))
    assert ha_tinh["Hà Tĩnh (từ 01/07/2025)"] == ([2025], 3) and ha_tinh["Hà Tĩnh"][1] == 3, ha_tinh


def test_the_command_line_answers_for_a_former_province_with_the_new_one_as_the_pages_do(db_2025, tmp_path,
                                                                                      monkeypatch, capsys):
    """The 63 list shows Đồng Nai for Bình Phước in an edition of the 34; `chiso weak` said "no component
    scores" and `chiso deck` made a deck of "chưa có số liệu" for it. Both now answer with Đồng Nai, and say so."""
    monkeypatch.setenv("CHISO_DB", str(db_2025))
    notice = "ở đây là Đồng Nai, hình thành từ Bình Phước và Đồng Nai."
    open_store(str(tmp_path / "tasks.duckdb"))  # an empty task list
    assert cli(["weak", "--province", "Bình Phước", "--year", "2025", "--index", "PAR_INDEX",
                "--store", str(tmp_path / "tasks.duckdb")]) == 0
    out, err = capsys.readouterr()
    assert notice in err and "5 nội dung yếu, 5 chưa có nhiệm vụ đang mở (Đồng Nai, năm 2025" in out, (out, err)
    deck_file = tmp_path / "deck.pptx"
    assert cli(["deck", "--province", "Bình Phước", "--year", "2025", "--out", str(deck_file)]) == 0
    assert notice in capsys.readouterr().err
    from pptx import Presentation
    said = [shape.text_frame.text for slide in Presentation(deck_file).slides for shape in slide.shapes
            if shape.has_text_frame]
    assert any("PAR INDEX 2025: Đồng Nai xếp thứ 27/34" in t for t in said), said
    # an edition of the 63 is Bình Phước's own, with nothing said
    assert cli(["deck", "--province", "Bình Phước", "--year", "2024", "--out", str(deck_file)]) == 0
    assert "ở đây là" not in capsys.readouterr().err


def test_the_decks_trend_draws_an_edition_of_the_34_as_a_line_of_its_own(db_2025, monkeypatch):
    """The deck's trend read the former province's series alone: its 2025 figure was not on it."""
    monkeypatch.setenv("CHISO_DB", str(db_2025))
    from chiso.deck import content
    part = content.index_part("PAR_INDEX", 2025, "42", None, db_2025)
    drawn = {t.name: list(t.x) for t in part.trend_fig.data}
    assert drawn["Hà Tĩnh (từ 01/07/2025)"] == [2025] and drawn["Hà Tĩnh"] == [2022, 2023], drawn
    assert any(n.startswith("Hà Tĩnh (từ 01/07/2025) · 2025: 91,22 (18/34)") for n in part.trend_notes), part.trend_notes


def test_compare_sets_a_new_province_beside_every_region_its_parts_were_in(page):
    """"Cùng vùng" took the region of the new province's namesake alone: Lâm Đồng (with Đắk Nông and Bình Thuận
    since 1 July 2025) was set among Tây Nguyên's provinces, and Khánh Hòa, Bình Thuận's coastal neighbour, not."""
    at = page("4_So_sanh.py", set="34", province2025="68", peer_mode="region")
    assert [c.value for c in at.sidebar.caption if "vùng" in c.value] == [
        "Các vùng: Tây Nguyên; Bắc Trung Bộ và duyên hải miền Trung"]  # why Hà Tĩnh is beside Lâm Đồng
    shown = texts(at)
    ranks = next(line for line in shown.split("\n") if line.startswith("**Thứ hạng tổng:**"))
    for name in ("Lâm Đồng", "Gia Lai", "Đắk Lắk", "Khánh Hòa", "Thành phố Đà Nẵng"):
        assert f"{name} " in ranks, ranks
    assert "Thành phố Hồ Chí Minh" not in ranks  # not a region Lâm Đồng's parts were in
    # a province of the 63 keeps its one region
    at = page("4_So_sanh.py", set="63", province="68", peer_mode="region", year="2024")
    assert "Khánh Hòa" not in texts(at) and "Vùng: Tây Nguyên" in [c.value for c in at.sidebar.caption]


def test_rankings_of_a_region_list_the_new_provinces_with_a_part_in_it(page):
    """Xếp hạng's region in an edition of the 34 read "chưa có số liệu": the 34 have no region of their own, so
    "Tây Nguyên" listed none of them. A new province is in every region one of its parts was in."""
    at = page("1_Xep_hang.py", set="34", province2025="68", region="Tây Nguyên")
    table = at.dataframe[0].value
    assert list(table["Tỉnh/thành phố"]) == ["Quảng Ngãi", "Gia Lai", "Đắk Lắk", "▶ Lâm Đồng"], table
    # its namesake's region first: Gia Lai (code 52, Bình Định's) is a province of Tây Nguyên and the coast
    assert list(table["Vùng"])[1:3] == ["Tây Nguyên; Bắc Trung Bộ và duyên hải miền Trung"] * 2, table
    assert "Đồng Nai" not in list(table["Tỉnh/thành phố"])
    assert "Chỉ hiện các tỉnh, thành phố có một phần thuộc vùng Tây Nguyên; thứ hạng và trung vị là của cả nước." \
        in [c.value for c in at.caption]


def test_a_new_province_with_a_former_provinces_code_is_named_as_itself(page, tmp_path, monkeypatch, capsys):
    """A new province has the code of one of its parts, not always its namesake's: Tây Ninh's is 80, Long An's
    among the 63. Tổng quan titled Tây Ninh's 2025 figures "Long An · 2025", over "Long An là một phần của Tây
    Ninh"; the deck's title slide and file said Long An too."""
    at = page("0_Tong_quan.py", set="63", province="80")
    assert at.title[0].value == "Tây Ninh · 2025"
    shown = texts(at)
    assert "ở đây là Tây Ninh, hình thành từ Long An và Tây Ninh" in shown and "là một phần của" not in shown, shown
    from chiso import deck
    assert deck.pack_name("80", 2025).startswith("chiso_tay_ninh_2025_")
    assert deck.pack_name("80", 2024).startswith("chiso_long_an_2024_")  # an edition of the 63: Long An's
    deck_file = tmp_path / "deck.pptx"
    assert cli(["deck", "--province", "Long An", "--year", "2025", "--out", str(deck_file)]) == 0
    from pptx import Presentation
    first = [shape.text_frame.text for shape in Presentation(deck_file).slides[0].shapes if shape.has_text_frame]
    assert "Tây Ninh" in first, first
    assert any("hình thành từ Long An và Tây Ninh" in t for t in first), first
    open_store(str(tmp_path / "tasks.duckdb"))
    assert cli(["weak", "--province", "Long An", "--year", "2025", "--store", str(tmp_path / "tasks.duckdb")]) == 0
    assert "(Tây Ninh, năm 2025;" in capsys.readouterr().out  # not "(Long An, …" for Tây Ninh's figures


def test_overview_keeps_the_history_of_a_new_province_in_an_edition_of_the_34(page):
    """Tổng quan's history of the provinces a new one was formed from was drawn only where it showed them side
    by side: in 2025 Đồng Nai's page had no history at all, and in 2024 none of its 2025 figure."""
    for year in ("2025", "2024"):
        at = page("0_Tong_quan.py", set="34", province2025="75", year=year)
        assert "Lịch sử của các tỉnh hợp thành" in [s.value for s in at.subheader], year
        par = next(f for f in figures(at) if f["layout"]["title"]["text"].startswith("PAR INDEX: tổng điểm"))
        assert par["layout"]["title"]["text"] == "PAR INDEX: tổng điểm qua các năm"  # no "…, 2025–2025" added
        assert {t["name"]: t["x"] for t in par["data"]} == {"Đồng Nai": [2022], "Đồng Nai (từ 01/07/2025)": [2025]}
        # no break falls between the points drawn: 2017's and 2022's lines, before them all, had widened the axis
        # to 2017 over five empty years
        breaks = [a["text"] for a in par["layout"]["annotations"] if a["text"][:4].isdigit()]
        assert breaks == [] and par["layout"]["xaxis"]["range"][0] == 2021.5, breaks


def test_a_code_of_the_34_is_named_as_the_34_in_the_results_entered(tmp_path, capsys):
    """Tây Ninh's scorecard of 2025, entered by Long An's (code 80, Tây Ninh's since 1 July 2025) admin, was listed
    by `results list` as Long An's; Nhập kết quả's preview of a national table of the 34 named its code-80 row
    Long An, its code-52 row Bình Định (Gia Lai), and so on for the eight new provinces with such a code."""
    from chiso.names import set_province_name
    assert [set_province_name(c, "34") for c in ("80", "52", "75")] == ["Tây Ninh", "Gia Lai", "Đồng Nai"]
    assert set_province_name("80", "63") == "Long An"
    url = str(tmp_path / "results.duckdb")
    store = open_results_store(url)
    card = prepare("bang_diem_2025.xlsx", scorecard_xlsx(2025), province_code="80", document=SYNTHETIC_DOCUMENT)
    store.save(auth.User("admin_la", auth.PROVINCE_ADMIN, "80"), card)
    table = national_table(tmp_path / "par_2025.xlsx", year=2025)
    store.save(ADMIN_HT, prepare(table.name, table.read_bytes(), province_code=HA_TINH, document=SYNTHETIC_DOCUMENT))
    assert cli(["results", "list", "--store", url]) == 0
    listed = capsys.readouterr().out.splitlines()
    assert any(line.startswith("bảng điểm của tỉnh · PAR INDEX 2025 · Tây Ninh ") for line in listed), listed
    assert any(line.startswith("bảng cả nước · PAR INDEX 2025 · Hà Tĩnh ") for line in listed), listed


def test_trends_draw_a_compared_provinces_new_province_once(page):
    """A province compared on Xu hướng was drawn through its series of the 63 alone: Thành phố Hồ Chí Minh's 2025
    figure was not there to compare with Đồng Nai's. Its new province is drawn too, once for Bình Dương and it."""
    at = page("2_Xu_huong.py", set="34", province2025="75", trend_peers="79,74")
    drawn = [t["name"] for t in figures(at)[0]["data"]]
    assert drawn.count("Thành phố Hồ Chí Minh (từ 01/07/2025)") == 1 and "Bình Dương" in drawn, drawn
    assert "**Thành phố Hồ Chí Minh (từ 01/07/2025)** · 2025: 89,12, 28/34" in texts(at)
    # the list offers each province of the 63 as what it is today: "Bình Dương" alone read as a province of the 34
    offered = at.multiselect(key="trend_peers").options
    assert "Bình Dương (từ 01/07/2025 thuộc Thành phố Hồ Chí Minh)" in offered and "Hà Tĩnh" in offered, offered
    assert at.multiselect(key="trend_peers").value == ["79", "74"]
    assert "Bình Dương" in page("2_Xu_huong.py", set="63", province="42").multiselect(key="trend_peers").options
