"""The Điểm yếu and Chưa có nhiệm vụ pages driven like a user (Streamlit AppTest), on the real
database and a task store holding a few Hà Tĩnh tasks tied to weak PAPI 2022 components."""
from __future__ import annotations

import pytest
from streamlit.testing.v1 import AppTest

from chiso import paths
from chiso.auth import PROVINCE_ADMIN, VIEWER, User
from downloads import download_keys, download_rows, make_file, record_downloads, xlsx_table
from task_fixtures import app_store, signed_in

WEAK_PAGE = str(paths.ROOT / "pages" / "6_Diem_yeu.py")
UNTASKED_PAGE = str(paths.ROOT / "pages" / "9_Chua_co_nhiem_vu.py")
HA_TINH = "42"
ADMIN_HT = User("admin_ht", PROVINCE_ADMIN, HA_TINH)
VIEWER_HT = User("xem_ht", VIEWER, HA_TINH)

HA_TINH_TASKS = [
    {"Số kế hoạch": "99/KH-UBND", "Nội dung nhiệm vụ": "Nâng cao chất lượng nước sinh hoạt ở khu dân cư",
     "Đơn vị chủ trì": "Sở Tài nguyên và Môi trường", "Thời hạn": "30/06/2025",
     "Liên kết chỉ số": "PAPI:D7_WATER", "Trạng thái": "Đang thực hiện"},
    {"Số kế hoạch": "99/KH-UBND", "Nội dung nhiệm vụ": "Công khai tuyển dụng công chức, viên chức",
     "Đơn vị chủ trì": "Sở Nội vụ", "Thời hạn": "31/12/2024",
     "Liên kết chỉ số": "PAPI:D4_EMPLOYMENT", "Trạng thái": "Hoàn thành"},
    {"Số kế hoạch": "99/KH-UBND", "Nội dung nhiệm vụ": "Tuyên truyền nâng cao Chỉ số PAPI",
     "Đơn vị chủ trì": "Văn phòng UBND tỉnh", "Thời hạn": "Thường xuyên", "Liên kết chỉ số": "PAPI"},
]


@pytest.fixture
def task_store(built_db, tmp_path, monkeypatch):
    return app_store(tmp_path, monkeypatch, ADMIN_HT, HA_TINH, HA_TINH_TASKS, "kế hoạch thử")


def run(page, user=None, **params):
    at = AppTest.from_file(page, default_timeout=60)
    for k, v in {"province": HA_TINH, "index": "PAPI", "year": "2022", **params}.items():
        at.query_params[k] = v
    if user is not None:
        signed_in(at, user)
    at.run()
    assert not at.exception, at.exception
    return at


def test_weak_page_numbers_without_sign_in(built_db):
    at = run(WEAK_PAGE)
    assert "Tổng điểm**: 44,31/80 · xếp thứ 8/61" in at.markdown[0].value
    from chiso import weakness
    weak = weakness.weak(weakness.assess("PAPI", 2022, HA_TINH))
    assert at.metric[0].value == str(len(weak)) and int(at.metric[0].value) <= 8
    # The short list, highest priority first, each with its reasons.
    heads = [m.value for m in at.markdown if m.value.startswith("**D")]
    assert [h.split(" · ")[0].strip("*") for h in heads] == list(weak.indicator_code[:weakness.SHORT_LIST])
    assert heads[0].startswith("**D7_WATER · Chất lượng nước** — 0,40/3,33 · thứ 51/63")
    assert any("Đăng nhập" in i.value for i in at.info)
    # Every component, in the expander: D3 (2/62, falling) is to watch, not weak.
    table = next(d.value for d in at.dataframe if "Phân vị" in d.value.columns).set_index("Mã")
    assert table.at["D7_WATER", "Điểm"] == "0,40" and table.at["D7_WATER", "Thứ hạng"] == "51/63"
    assert table.at["D7_PROTECTION", "Thay đổi thứ hạng"] == "−32"
    assert table.at["D7_WATER", "Đánh giá"] == "Yếu" and table.at["D3", "Đánh giá"] == "Cần theo dõi"
    assert "Thuộc nhóm 25%" in table.at["D7_WATER", "Lý do"]


def test_a_count_of_weak_items_says_why_the_list_is_longer(built_db):
    """Bình Phước's PAPI 2024: "Nội dung yếu 7" above a list of 21 rows read as a mistake. A
    component's weak sub-components are listed under it and count with it; the page says so."""
    from chiso import weakness
    weak = weakness.weak(weakness.assess("PAPI", 2024, "70"))
    items = weakness.groups(weak)
    assert len(weak) > items
    at = run(WEAK_PAGE, province="70", year="2024")
    assert at.metric[0].value == str(items)
    assert any(f"tính là một: {items} mục, {len(weak)} dòng" in c.value for c in at.caption), [c.value for c in at.caption]
    ha_tinh = run(WEAK_PAGE)  # one row per item: nothing to say
    assert not any("tính là một" in c.value for c in ha_tinh.caption)


def test_weak_page_where_a_point_counts_most(built_db):
    at = run(WEAK_PAGE)
    # Default step: the next quartile cut point; something real, not a column of zeros.
    what_if = at.dataframe[-1].value.set_index("Mã")
    assert (what_if["Số bậc tăng"].astype(int) > 0).any()
    assert any("mốc phần tư tiếp theo" in c.value for c in at.caption)
    at.radio(key="step").set_value("best").run()
    what_if = at.dataframe[-1].value.set_index("Mã")
    # Hand-checked in test_weakness: Chất lượng nước at the national best lifts the total to 45,66: 5th.
    assert what_if.at["D7_WATER", "Tổng điểm mới"] == "45,66"
    assert what_if.at["D7_WATER", "Thứ hạng mới"] == "5/61" and what_if.at["D7_WATER", "Số bậc tăng"] == "3"


def test_weak_page_lists_the_tasks_of_each_weak_component(task_store):
    at = run(WEAK_PAGE, user=VIEWER_HT)
    task_tables = [d.value for d in at.dataframe if "Đơn vị chủ trì" in d.value.columns]
    water = task_tables[0]  # D7_WATER has the highest priority, so its tasks come first
    # the plan's body, and the one that took its work on 1 March 2025 (as the quarterly report names it)
    assert list(water["Đơn vị chủ trì"]) == ["Sở Tài nguyên và Môi trường (nay là Sở Nông nghiệp và Môi trường)"]
    # past its deadline and not done: marked as Nhiệm vụ, the deck and the quarterly report mark it
    assert list(water["Thời hạn"]) == ["30/06/2025"] and list(water["Trạng thái"]) == ["Đang thực hiện — QUÁ HẠN"]
    assert water["Liên kết"].iloc[0] == "Đúng nội dung này"
    # The general task on the whole index is listed once, apart, and covers nothing.
    general = task_tables[-1]
    assert list(general["Nội dung nhiệm vụ"]) == ["Tuyên truyền nâng cao Chỉ số PAPI"]
    assert sum("Tuyên truyền nâng cao Chỉ số PAPI" in list(t["Nội dung nhiệm vụ"]) for t in task_tables) == 1
    assert any(m.value == "1 nhiệm vụ đang mở · **1 quá hạn**" for m in at.markdown), [m.value for m in at.markdown]
    assert any("**Chưa có nhiệm vụ nào đang mở**" in m.value for m in at.markdown)  # D4_EMPLOYMENT: done only


def test_weak_page_task_table_in_english(task_store):
    at = run(WEAK_PAGE, user=VIEWER_HT, lang="en")
    water = [d.value for d in at.dataframe if "Lead unit" in d.value.columns][0]
    assert list(water["Deadline"]) == ["30/06/2025"] and list(water["Status"]) == ["In progress — OVERDUE"]


def test_another_provinces_account_sees_no_tasks(task_store):
    at = run(WEAK_PAGE, user=User("admin_bp", PROVINCE_ADMIN, "70"))
    # the department's two provinces, both to choose from (it named Bình Phước alone, "hãy chọn tỉnh đó")
    assert "Tài khoản 'admin_bp' chỉ xem được nhiệm vụ của các tỉnh thuộc Sở mình, Bình Phước và Đồng Nai; hãy chọn " \
        "một trong các tỉnh đó." in [i.value for i in at.info], [i.value for i in at.info]
    alone = run(WEAK_PAGE, user=User("admin_qn", PROVINCE_ADMIN, "22"))  # Quảng Ninh: one province
    assert "Tài khoản 'admin_qn' chỉ xem được nhiệm vụ của tỉnh mình, Quảng Ninh; hãy chọn tỉnh đó." in \
        [i.value for i in alone.info], [i.value for i in alone.info]
    assert not [d for d in at.dataframe if "Đơn vị chủ trì" in d.value.columns]


def test_weak_page_partial_edition(built_db):
    at = run(WEAK_PAGE, index="PAR_INDEX", province="49")
    assert any("không so sánh được" in w.value for w in at.warning)
    table = at.dataframe[0].value.set_index("Mã")
    assert table.at["F3", "Điểm"] == "9,66" and table.at["F3", "Thứ hạng công bố"] == "63/63"
    assert table.index[0] == "F3"  # most points lost against the maximum first
    assert set(table["Đánh giá"]) == {"Chưa đánh giá"}


def test_weak_page_of_a_full_edition_whose_components_are_public_for_two_provinces(built_db):
    """PCI 2020 ranks all 63 provinces; Hà Tĩnh's sub-indices are not public. The page said "0 weak,
    0 to watch" over an empty chart, as if every component were fine."""
    at = run(WEAK_PAGE, index="PCI", year="2020")
    assert "Tổng điểm**: 64,56/100 · xếp thứ 21/63" in at.markdown[0].value
    assert "Nguồn công khai không nêu điểm các nội dung của tỉnh trong kỳ này." in [i.value for i in at.info]
    assert not at.metric and not at.get("plotly_chart")
    # Hải Phòng's are public: listed as published, none judged against a "national median" of two
    at = run(WEAK_PAGE, index="PCI", year="2020", province="31")
    assert any("không so sánh được các nội dung với cả nước" in w.value for w in at.warning)
    table = at.dataframe[0].value.set_index("Mã")
    assert table.at["LAND", "Điểm"] == "6,18" and set(table["Đánh giá"]) == {"Chưa đánh giá"}


def test_untasked_page(task_store):
    at = run(UNTASKED_PAGE, user=VIEWER_HT)
    from chiso import weakness
    weak = weakness.weak(weakness.assess("PAPI", 2022, HA_TINH))
    assert at.metric[0].value == str(len(weak))
    # The open task on D7_WATER covers it; D4_EMPLOYMENT's only task is done; the general task on
    # the whole index covers nothing.
    assert at.metric[1].value == str(len(weak) - 1)
    table = at.dataframe[-1].value.set_index("Mã")
    assert "D7_WATER" not in table.index and "D4_EMPLOYMENT" in table.index
    assert table.at["D4_EMPLOYMENT", "Nhiệm vụ đã hoàn thành"] != "Không có"
    assert table.at["D4_SERVICE", "Thứ hạng"] == "49/61"


def test_untasked_page_needs_sign_in(built_db):
    at = run(UNTASKED_PAGE)
    assert any("Đăng nhập" in i.value for i in at.info)
    assert not at.dataframe


# --- Download buttons --------------------------------------------------------------------------

def test_weak_page_download_buttons(built_db, monkeypatch):
    callables = record_downloads(monkeypatch)
    at = run(WEAK_PAGE)
    assert ("dataframe", ["weak_table_XLSX", "weak_table_CSV (ZIP)"]) in download_rows(at)
    assert ("dataframe", ["weak_what_if_XLSX", "weak_what_if_CSV (ZIP)"]) in download_rows(at)
    above, header, rows = xlsx_table(make_file(at, callables, "weak_table_XLSX"), "Mã")
    assert above[0] == "Điểm yếu · PAPI 2022 · Hà Tĩnh: tất cả nội dung"
    shown = list(next(d.value for d in at.dataframe if "Phân vị" in d.value.columns).columns)
    assert set(shown) <= set(header)  # the spreadsheet splits "51/63" into rank and count (chiso.tables)
    cells = {r[0].value: dict(zip(header, r)) for r in rows}
    water = cells["D7_WATER"]
    assert str(water["Thứ hạng"].value) in ("51", "51/63") and "Thuộc nhóm 25%" in water["Lý do"].value
    assert round(water["Điểm"].value, 2) == 0.40
    assert water["Thay đổi thứ hạng"].number_format == "+#,##0;-#,##0;0"
    assert cells["D7_PROTECTION"]["Thay đổi thứ hạng"].value == -32


def test_weak_page_partial_edition_download_buttons(built_db):
    at = run(WEAK_PAGE, index="PAR_INDEX", province="49")
    assert download_rows(at) == [("dataframe", ["weak_published_XLSX", "weak_published_CSV (ZIP)"])]


def test_untasked_page_download_buttons(task_store):
    at = run(UNTASKED_PAGE, user=VIEWER_HT)
    assert download_rows(at) == [("dataframe", ["untasked_table_XLSX", "untasked_table_CSV (ZIP)"])]
    assert download_keys(at) == ["untasked_table_XLSX", "untasked_table_CSV (ZIP)"]  # the lone CSV button is replaced


def test_an_edition_without_components_leads_to_entering_them(built_db, tmp_path, monkeypatch):
    """Bình Phước's PAR INDEX 2023 has no component in any public source: Điểm yếu said so and
    stopped. It now links to Nhập kết quả, which opens on that index and year (the Ministry's table
    or the province's scorecard is where the components come from)."""
    monkeypatch.setenv("CHISO_RESULTS_URL", str(tmp_path / "results.duckdb"))
    at = run(WEAK_PAGE, user=User("admin_bp", PROVINCE_ADMIN, "70"), province="70", index="PAR_INDEX", year="2023")
    said = [e.value for e in at.caption] + [e.proto.label for e in at.get("page_link")]
    assert "Nhập bảng điểm của tỉnh hoặc bảng kết quả của Bộ cho PAR INDEX 2023 →" in said, said
    at = run(UNTASKED_PAGE, user=User("admin_bp", PROVINCE_ADMIN, "70"), province="70", index="PAR_INDEX", year="2023")
    said = [e.value for e in at.caption] + [e.proto.label for e in at.get("page_link")]
    assert "Nhập bảng điểm của tỉnh hoặc bảng kết quả của Bộ cho PAR INDEX 2023 →" in said, said
    results = run(str(paths.ROOT / "pages" / "11_Nhap_ket_qua.py"), user=User("admin_bp", PROVINCE_ADMIN, "70"),
                  index="PAR_INDEX", year="2023")
    assert results.selectbox(key="results_index").value == "PAR_INDEX"
    assert results.number_input(key="results_year").value == 2023
    # a year the form cannot take is not forced on it
    results = run(str(paths.ROOT / "pages" / "11_Nhap_ket_qua.py"), user=User("admin_bp", PROVINCE_ADMIN, "70"),
                  index="NOPE", year="1999")
    assert results.number_input(key="results_year").value < 2100 and results.selectbox(key="results_index").value


def test_the_untasked_list_assigns_its_missing_tasks(task_store):
    """Chưa có nhiệm vụ listed the weak components no open task covers and linked each to the
    tasks page, where nothing open was to be found. A province admin now assigns the task here,
    and the component leaves the list; a viewer keeps the links."""
    at = run(UNTASKED_PAGE, user=ADMIN_HT)
    before = list(at.dataframe[-1].value["Mã"])
    assert "D4_SERVICE" in before
    toggles = {t.label: t for t in at.toggle}
    assert len(toggles) == len(before) and any(label.startswith("D4_SERVICE · ") for label in toggles)
    at.toggle(key="assign_D4_SERVICE_0").set_value(True).run()
    at.selectbox(key="lead_D4_SERVICE").set_value("Thanh tra tỉnh")
    next(b for b in at.button if b.label == "Lưu nhiệm vụ").click().run()
    assert not at.exception, at.exception
    after = list(at.dataframe[-1].value["Mã"])
    assert "D4_SERVICE" not in after and len(after) == len(before) - 1
    assert any(t.value.startswith("Đã lưu nhiệm vụ") for t in at.toast), [t.value for t in at.toast]
    viewer = run(UNTASKED_PAGE, user=VIEWER_HT)
    assert not viewer.toggle


def test_a_component_weak_again_is_assigned_again_and_an_open_twin_is_named(task_store):
    """The form's task, its text and lead unit those of a task already saved, was taken for that task:
    "Đã lưu nhiệm vụ NV-…" was said and nothing saved (its deadline and target dropped), and a component
    whose task was done last year stayed in the list with no open task."""
    at = run(UNTASKED_PAGE, user=ADMIN_HT)
    at.toggle(key="assign_D4_SERVICE_0").set_value(True).run()
    at.selectbox(key="lead_D4_SERVICE").set_value("Thanh tra tỉnh")
    next(b for b in at.button if b.label == "Lưu nhiệm vụ").click().run()
    [first] = [t for t in task_store.list_tasks(ADMIN_HT, HA_TINH) if t.lead_unit == "Thanh tra tỉnh"
               and ("PAPI", "D4_SERVICE") in t.links]
    task_store.update_task(ADMIN_HT, first.task_id, first.version, status="done")
    at = run(UNTASKED_PAGE, user=ADMIN_HT)
    assert "D4_SERVICE" in list(at.dataframe[-1].value["Mã"])  # weak again: its only task is done
    at.toggle(key="assign_D4_SERVICE_0").set_value(True).run()
    at.selectbox(key="lead_D4_SERVICE").set_value("Thanh tra tỉnh")  # the same text, prefilled, and unit
    next(b for b in at.button if b.label == "Lưu nhiệm vụ").click().run()
    assert not at.exception and not at.error, [e.value for e in at.error]
    assert "D4_SERVICE" not in list(at.dataframe[-1].value["Mã"])
    [second] = [t for t in task_store.list_tasks(ADMIN_HT, HA_TINH) if t.lead_unit == "Thanh tra tỉnh"
                and ("PAPI", "D4_SERVICE") in t.links and t.status != "done"]
    assert second.task_id != first.task_id
    # what the report to UBND tỉnh reads: the component as UNDP names its level, not the code "D4_SERVICE"
    assert second.text == "Nâng cao điểm chỉ số nội dung thành phần “Kiểm soát tham nhũng trong cung ứng dịch vụ " \
        "công” của Chỉ số PAPI", second.text
    # the same task typed again while it is open: refused, named, and nothing changed
    from chiso.tasks.model import TaskDraft
    from chiso.errors import ChisoError
    with pytest.raises(ChisoError, match=second.task_id):
        task_store.create_task(ADMIN_HT, HA_TINH, TaskDraft(text=second.text, lead_unit="Thanh tra tỉnh",
                                                            due_date=None, recurring=True, target="khác"))
    assert task_store.get_task(ADMIN_HT, second.task_id) == second
