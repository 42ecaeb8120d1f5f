"""The app frame (chiso.frame) with Streamlit's AppTest on the real database: a bad bundled file
does not take the app down (issue 15, item 4), link parameters are checked (item 5), and every
page gets its choices from the frame."""
from __future__ import annotations

import os
import shutil

import pytest
from streamlit.testing.v1 import AppTest

from chiso import accounts, auth, paths

PAGES = paths.ROOT / "pages"


def page(name: str, **params) -> AppTest:
    at = AppTest.from_file(str(PAGES / name), default_timeout=90)
    at.query_params.update({k: str(v) for k, v in params.items()})
    at.run()
    assert not at.exception, [e.value for e in at.exception]
    return at


@pytest.fixture
def stale_db_with_a_bad_bundled_file(tmp_path, monkeypatch, built_db):
    import etl.build

    db = tmp_path / "chiso.duckdb"
    shutil.copy(built_db, db)
    monkeypatch.setenv("CHISO_DB", str(db))
    bad = tmp_path / "bad_figures.csv"   # a value that is not a number: the build must refuse it
    bad.write_text("Chỉ số,Năm,Bộ tỉnh,Mã tỉnh,Tỉnh/thành phố,Mã thành phần,Giá trị,Xếp hạng công bố,"
                   "Số tỉnh xếp hạng,Suy ra,Nguồn,Ghi chú\n"
                   "PAPI,2022,63,42,Hà Tĩnh,TOTAL,không phải số,,,,Thử nghiệm,\n", encoding="utf-8")
    newer = db.stat().st_mtime_ns + 10**9
    os.utime(bad, ns=(newer, newer))
    published = etl.build.published_files
    monkeypatch.setattr(etl.build, "published_files", lambda extra=None: published(extra) + [bad])
    builds = []
    real_build = etl.build.build
    monkeypatch.setattr(etl.build, "build", lambda *a, **k: builds.append(1) or real_build(*a, **k))
    users = tmp_path / "users.toml"
    accounts.add_user("admin_ht", "mat-khau-dai-1", auth.PROVINCE_ADMIN, "42", path=users)
    monkeypatch.setenv("CHISO_USERS_FILE", str(users))
    monkeypatch.setenv("CHISO_TASKS_URL", str(tmp_path / "tasks.duckdb"))
    return db, builds


def test_a_bad_bundled_file_keeps_the_last_good_database_without_a_rebuild_loop(stale_db_with_a_bad_bundled_file):
    db, builds = stale_db_with_a_bad_bundled_file
    before = db.read_bytes()
    at = page("1_Xep_hang.py", province="42", index="PAPI", year="2022")
    assert at.title[0].value.startswith("PAPI 2022")          # the data pages work on the previous database
    assert not at.warning or not any("dựng lại" in w.value for w in at.warning)  # no banner for a visitor
    page("3_Ban_do.py")
    page("0_Tong_quan.py")
    assert len(builds) == 1                                     # tried once, not on every load
    assert db.read_bytes() == before
    admin = AppTest.from_file(str(PAGES / "6_Diem_yeu.py"), default_timeout=90).run()
    admin.text_input(key="chiso_username").input("admin_ht")
    admin.text_input(key="chiso_password").input("mat-khau-dai-1")
    admin.sidebar.button[0].click().run()
    banners = [w.value for w in admin.warning if "dựng lại" in w.value]
    assert len(banners) == 1 and "bad_figures.csv" in banners[0], [w.value for w in admin.warning]
    assert len(builds) == 1


def test_signing_in_keeps_a_province_of_the_accounts_own_department(built_db, tmp_path, monkeypatch):
    """Signing in makes the account's province the choice. Đồng Nai's Sở Nội vụ, reading Bình Phước's
    weak components (one province with Đồng Nai since 1 July 2025) and signing in to see their
    tasks, was moved to Đồng Nai's; Bình Phước stays. Another province's page still gives way."""
    users = tmp_path / "users.toml"
    accounts.add_user("admin_dn", "mat-khau-dai-1", auth.PROVINCE_ADMIN, "75", path=users)
    monkeypatch.setenv("CHISO_USERS_FILE", str(users))
    monkeypatch.setenv("CHISO_TASKS_URL", str(tmp_path / "tasks.duckdb"))
    for params, shown in [({"province": "70"}, "70"), ({"set": "34", "province": "70"}, "70"),
                          ({"province": "42"}, "75")]:
        at = page("6_Diem_yeu.py", **params)
        at.text_input(key="chiso_username").input("admin_dn")
        at.text_input(key="chiso_password").input("mat-khau-dai-1")
        at.sidebar.button[0].click().run()
        assert not at.exception, at.exception
        key = "frame_part" if params.get("set") == "34" else "frame_province"
        assert at.selectbox(key=key).value == shown, (params, at.selectbox(key=key).value)


@pytest.mark.parametrize("params", [{"year": "abc"}, {"year": "2022.5"}, {"province": "99"}, {"index": "NOPE"},
                                    {"set": "35"}, {"lang": "fr"}])
def test_a_bad_link_parameter_gives_a_notice_and_the_default(built_db, params):
    for name in ("1_Xep_hang.py", "0_Tong_quan.py", "6_Diem_yeu.py", "4_So_sanh.py", "3_Ban_do.py"):
        at = page(name, **params)
        shown = " ".join(i.value for i in at.info)
        assert "không có ở đây" in shown or name == "0_Tong_quan.py" and "index" in params, (name, shown)
        if "lang" in params:  # the language shown is named in it: Vietnamese, the default
            assert "“fr”" in shown and "Tiếng Việt" in shown, shown
        assert at.title, name


def test_deep_link_choices_reach_the_page(built_db):
    at = page("1_Xep_hang.py", province="56", index="PAR_INDEX", year="2022", lang="en")
    assert at.title[0].value.startswith("PAR INDEX 2022")
    assert at.selectbox(key="frame_province").value == "56"
    at = page("6_Diem_yeu.py", set="34", province2025="44", province="44")
    assert "Quảng Bình" in at.title[0].value
    assert at.selectbox(key="frame_part").value == "44"
    # a link naming the 34 list and a province of the 63 (no new province) opened on Hà Tĩnh, the
    # default, without a word: it opens on the province's new one, its own figures chosen
    at = page("6_Diem_yeu.py", set="34", province="70")
    assert at.selectbox(key="frame_province_2025").value == "75"
    assert at.selectbox(key="frame_part").value == "70" and "Bình Phước" in at.title[0].value
    # and the address's province, changed by a link or a step back, still changes the part shown
    at.query_params["province"] = "75"
    at.run()
    assert at.selectbox(key="frame_part").value == "75" and "Đồng Nai" in at.title[0].value


def test_the_34_list_says_a_province_formed_from_one_was_not_merged(built_db):
    """Hà Tĩnh (34 list) is the Hà Tĩnh of the 63: "shown through the provinces it was formed from:
    Hà Tĩnh" read as a merger. Quảng Trị (with Quảng Bình) still lists what it was formed from."""
    alone = " ".join(i.value for i in page("4_So_sanh.py", set="34", province2025="42", year="2024").info)
    assert "Hà Tĩnh (từ 01/07/2025) không sáp nhập với tỉnh nào: số liệu là của Hà Tĩnh." in alone, alone
    assert "tỉnh hợp thành" not in alone, alone
    merged = " ".join(i.value for i in page("4_So_sanh.py", set="34", province2025="44", year="2024").info)
    assert "được thể hiện qua các tỉnh hợp thành: Quảng Bình, Quảng Trị" in merged, merged
    english = " ".join(i.value for i in page("4_So_sanh.py", set="34", province2025="42", year="2024",
                                             lang="en").info)
    assert "was not merged with another province: its figures are those of Ha Tinh." in english, english
    # Tổng quan said, under that notice, "Hà Tĩnh (từ 01/07/2025) được hình thành từ: Hà Tĩnh … đặt cạnh nhau"
    overview = " ".join(m.value for m in page("0_Tong_quan.py", set="34", province2025="42", year="2024").markdown)
    assert "được hình thành từ" not in overview, overview
    overview = " ".join(m.value for m in page("0_Tong_quan.py", set="34", province2025="44", year="2024").markdown)
    assert "được hình thành từ: Quảng Bình, Quảng Trị" in overview, overview


def test_links_between_pages_name_pages_of_the_navigation_table():
    """A page linked to from another (Điểm yếu → Nhiệm vụ, the sidebar → Tài khoản) is named by its
    URL in chiso.navigation, the one table of page files; a name it lacks fails here, not as a link
    that silently opened the home page."""
    from chiso import navigation, ui_weakness
    files = {p.file for p in navigation.PAGES}
    assert {ui_weakness.TASKS_PAGE, ui_weakness.RESULTS_PAGE, navigation.page("Tai_khoan").file} <= files
    assert all((paths.ROOT / f).exists() for f in files)
    with pytest.raises(KeyError):
        navigation.page("Trang_cu")


def test_a_choice_is_kept_when_a_rerun_brings_the_address_before_the_browser_took_it(built_db):
    """A click on "34 tỉnh mới" just after the page came up was lost about one time in twenty under
    load (and once in CI): a rerun whose request had left the browser before the address took set=34
    carried the old set=63, which the frame read as a link and obeyed. Only a first run, a run of another page or
    Back/Forward read the address as a link; here the whole app runs (app.py), as in the browser."""
    at = AppTest.from_file(str(paths.ROOT / "app.py"), default_timeout=120)
    at.run()
    assert not at.exception, [e.value for e in at.exception]
    assert at.query_params["set"] == "63"
    at.radio(key="frame_set").set_value("34").run()
    assert at.radio(key="frame_set").value == "34"
    at.query_params["set"] = "63"  # the address as the browser still had it when the rerun left
    at.run()
    assert at.radio(key="frame_set").value == "34", dict(at.query_params)
    assert at.selectbox(key="frame_province_2025").label == "Tỉnh/thành phố mới"
    # a link still brings its choices: a new session opened on set=34
    linked = AppTest.from_file(str(paths.ROOT / "app.py"), default_timeout=120)
    linked.query_params["set"] = "34"
    linked.run()
    assert linked.radio(key="frame_set").value == "34"
