"""In a real browser (headless Chromium, no network): a province admin enters a full 63-province
PAR INDEX 2023 table (made here from the template, SYNTHETIC values) on Nhập kết quả, the edition
becomes full and ranked on Xếp hạng, and a rebuild after a bundled file is touched keeps it.

Everything is written to a temporary database and results store (never data/, never the bundled
database). Screenshots in test-artifacts/ (results_*.png)."""
from __future__ import annotations

import os
import time

import duckdb
import pytest

from browser import errors, open_app_page, screenshot, start_server, stop_server, wait_until_idle
from chiso import accounts, auth, paths
from etl.freshness import needs_build
from results_fixtures import HA_TINH, SYNTHETIC_DOCUMENT, national_table

PASSWORD = "mat-khau-nhap-ket-qua"


@pytest.fixture(scope="module")
def results_server(tmp_path_factory):
    """A server on a database of its own: saving rebuilds it, which the shared one must not see."""
    from etl.build import build
    tmp = tmp_path_factory.mktemp("results_browser")
    database, users = tmp / "chiso.duckdb", tmp / "users.toml"
    build(database, progress=lambda *_: None)
    accounts.add_user("qt_ht", PASSWORD, auth.PROVINCE_ADMIN, HA_TINH, path=users)
    # the results store at its default place, beside the database
    server = start_server(database, env={"CHISO_USERS_FILE": str(users), "CHISO_RESULTS_URL": None})
    yield server, database, tmp
    stop_server(server)


def edition(database, index_code="PAR_INDEX", year=2023):
    with duckdb.connect(str(database), read_only=True) as con:
        return con.execute("SELECT coverage, ranked_count FROM v_editions WHERE index_code = ? AND year = ?",
                           [index_code, year]).fetchone()


def sign_in_and_upload(page, path) -> None:
    """As the province admin on Nhập kết quả: sign in, name the decision, upload `path`, wait for the review."""
    sidebar = page.locator('[data-testid="stSidebar"]')
    sidebar.get_by_label("Tên đăng nhập").fill("qt_ht")
    sidebar.get_by_label("Mật khẩu").fill(PASSWORD)
    sidebar.get_by_role("button", name="Đăng nhập").click()
    page.get_by_text("1. Văn bản nguồn").wait_for(timeout=60_000)
    wait_until_idle(page)
    page.get_by_label("Số quyết định").fill(SYNTHETIC_DOCUMENT)
    page.get_by_label("Số quyết định").press("Enter")
    wait_until_idle(page)
    # Streamlit's own "Upload" and "200MB per file • XLSX, CSV" are not left in English on a Vietnamese page
    word = page.locator('[data-testid="stFileUploaderDropzone"] [data-testid="stBaseButton-secondary"] p').first
    assert word.evaluate("p => getComputedStyle(p, '::after').content") == '"Tải lên"'
    assert word.evaluate("p => getComputedStyle(p).fontSize") == "0px"
    assert not page.locator('[data-testid="stFileUploaderDropzoneInstructions"]').first.is_visible()
    page.locator('[data-testid="stFileUploaderDropzoneInput"]').set_input_files(str(path))
    page.get_by_role("button", name="Lưu và dựng lại cơ sở dữ liệu").wait_for(timeout=60_000)
    wait_until_idle(page)
    # nor the chosen file's size with a decimal point ("10.5KB")
    chip = page.locator('[data-testid="stFileChip"]').first
    assert "KB" not in chip.inner_text() and path.name[:6] in chip.inner_text(), chip.inner_text()


def test_enter_a_full_national_table_and_keep_it(results_server, browser_page):
    server, database, tmp = results_server
    assert edition(database)[0] == "partial"
    table = national_table(tmp / "par_index_2023_synthetic.xlsx")
    page = browser_page
    open_app_page(page, server, "Nhap_ket_qua")
    main = page.locator('[data-testid="stMain"]')
    assert "quyền quản trị" in main.inner_text()
    sign_in_and_upload(page, table)
    shot = screenshot(page, "results_1_review")
    assert errors(page) == [], shot
    text = main.inner_text()
    assert "PAR INDEX 2023 · bảng cả nước" in text, shot
    assert "63" in text, shot

    page.get_by_role("button", name="Lưu và dựng lại cơ sở dữ liệu").click()
    page.get_by_text("kỳ đầy đủ, 63 tỉnh được xếp hạng").wait_for(timeout=120_000)
    wait_until_idle(page)
    shot = screenshot(page, "results_2_saved")
    assert errors(page) == [], shot
    assert "qt_ht" in main.text_content() and "Kết quả đã nhập" in main.inner_text(), shot
    assert edition(database) == ("full", 63)

    open_app_page(page, server, "Xep_hang", province=HA_TINH, index="PAR_INDEX", year="2023")
    shot = screenshot(page, "results_3_ranking")
    assert errors(page) == [], shot
    text = main.inner_text()
    assert "Kỳ công bố chưa đầy đủ" not in text, shot
    assert "/63" in text, shot

    # A pull brings a newer bundled file: the app rebuilds from the bundled data, and keeps the entry.
    bundled = paths.PUBLISHED_DIR / "par_sipas_observations.csv"
    before = bundled.stat()
    later = time.time() + 5
    os.utime(bundled, (later, later))
    try:
        assert needs_build(database)
        open_app_page(page, server, "Xep_hang", province=HA_TINH, index="PAR_INDEX", year="2023")
    finally:
        os.utime(bundled, ns=(before.st_atime_ns, before.st_mtime_ns))
    assert not needs_build(database), "the app did not rebuild after the bundled file changed"
    shot = screenshot(page, "results_4_after_rebuild")
    assert errors(page) == [], shot
    assert "Kỳ công bố chưa đầy đủ" not in main.inner_text(), shot
    assert edition(database) == ("full", 63)


def test_enter_the_scorecard_and_see_its_weak_sub_criteria(results_server, browser_page):
    """After the national table (above): the province's SYNTHETIC scorecard, reviewed and saved; on
    Điểm yếu its sub-criteria that lost most points are weak, judged on their maxima (no province
    but Hà Tĩnh has them), next to the fields the national table ranks."""
    from results_fixtures import scorecard_xlsx
    server, database, tmp = results_server
    path = tmp / "bang_diem_ha_tinh_2023_synthetic.xlsx"
    path.write_bytes(scorecard_xlsx())
    page = browser_page
    open_app_page(page, server, "Nhap_ket_qua")
    sign_in_and_upload(page, path)
    shot = screenshot(page, "results_5_scorecard_review")
    main = page.locator('[data-testid="stMain"]')
    assert errors(page) == [], shot
    assert "PAR INDEX 2023 · bảng điểm của tỉnh" in main.inner_text(), shot
    assert "bổ sung từ bảng điểm" in main.text_content(), shot
    page.get_by_role("button", name="Lưu và dựng lại cơ sở dữ liệu").click()
    page.get_by_text("Đã lưu. PAR INDEX 2023").wait_for(timeout=120_000)
    wait_until_idle(page)

    open_app_page(page, server, "Diem_yeu", province=HA_TINH, index="PAR_INDEX", year="2023")
    toggle = page.get_by_text("Hiện tất cả")
    if toggle.count():
        toggle.first.click()
        wait_until_idle(page)
    shot = screenshot(page, "results_6_weak_sub_criteria")
    assert errors(page) == [], shot
    text = main.inner_text()
    # a weak sub-criterion is listed under its weak criterion, marked ↳
    lines = [line.removeprefix("↳ ") for line in text.splitlines() if line.startswith("↳ ")]
    heads = [line.split(" · ")[0] for line in lines if line.startswith(("F3.2.1 ·", "F7.1.2 ·", "F2.2.2 ·"))]
    assert heads == ["F3.2.1", "F7.1.2", "F2.2.2"], shot  # most points lost first
    assert "mất 2,00 điểm" in text, shot
