"""In a real browser (headless Chromium, no network): sign in on Điểm yếu, see the weakest PAPI 2022
component of Hà Tĩnh with its task, follow the link to the tasks page, and find the task there.
Screenshots in test-artifacts/ (weakness_*.png)."""
from __future__ import annotations

import os

import pytest

from browser import errors, open_app_page, screenshot, start_server, stop_server, wait_until_idle
from chiso import auth
from chiso.tasks import open_store
from test_page_weakness import ADMIN_HT, HA_TINH, HA_TINH_TASKS

PASSWORD = "mat-khau-ha-tinh"


@pytest.fixture(scope="module")
def weakness_server(built_db, tmp_path_factory):
    """A server of its own, because it needs a task store and accounts (the shared one has neither)."""
    tmp = tmp_path_factory.mktemp("weakness_browser")
    users, tasks_url = tmp / "users.toml", str(tmp / "tasks.duckdb")
    auth.add_user("xem_ht", PASSWORD, auth.VIEWER, HA_TINH, path=users)
    open_store(tasks_url).import_rows(ADMIN_HT, HA_TINH, HA_TINH_TASKS, "kế hoạch thử")
    saved = {k: os.environ.get(k) for k in ("CHISO_USERS_FILE", "CHISO_TASKS_URL")}
    os.environ.update(CHISO_USERS_FILE=str(users), CHISO_TASKS_URL=tasks_url)
    try:
        server = start_server(built_db)  # the subprocess copies the environment now
    finally:
        for k, v in saved.items():
            if v is None:
                os.environ.pop(k, None)
            else:
                os.environ[k] = v
    yield server
    stop_server(server)


def test_from_a_weak_component_to_its_tasks(weakness_server, browser_page):
    page = browser_page
    open_app_page(page, weakness_server, "Diem_yeu", province=HA_TINH, index="PAPI", year="2022")
    shot = screenshot(page, "weakness_1_page")
    assert errors(page) == [], f"error on page (see {shot})"
    main = page.locator('[data-testid="stMain"]')
    text = main.inner_text()
    assert "44,31/80" in text and "8/61" in text, shot
    assert "D7_WATER · Chất lượng nước — 0,40/3,33 · thứ 51/63" in text, shot
    assert page.locator(".js-plotly-plot").count() >= 1, f"no chart drawn (see {shot})"

    sidebar = page.locator('[data-testid="stSidebar"]')
    sidebar.get_by_label("Tên đăng nhập").fill("xem_ht")
    sidebar.get_by_label("Mật khẩu").fill(PASSWORD)
    sidebar.get_by_role("button", name="Đăng nhập").click()
    # Tables are drawn on a canvas; their cells exist as a hidden accessible grid.
    page.get_by_text("Sở Tài nguyên và Môi trường").first.wait_for(state="attached", timeout=60_000)
    wait_until_idle(page)
    page.get_by_text("Nội dung yếu, ưu tiên cao nhất trước").scroll_into_view_if_needed()
    page.wait_for_timeout(500)
    shot = screenshot(page, "weakness_2_signed_in")
    assert errors(page) == [], shot
    text = main.text_content()
    assert "30/06/2025" in text and "Đang thực hiện" in text, shot

    page.get_by_role("link", name="Xem nhiệm vụ của D7_WATER →").click()
    page.wait_for_url("**/Nhiem_vu?**", timeout=60_000)
    page.get_by_text("Nâng cao chất lượng nước sinh hoạt").first.wait_for(state="attached", timeout=60_000)
    wait_until_idle(page)
    shot = screenshot(page, "weakness_3_tasks_page")
    assert errors(page) == [], shot
    assert "indicator=D7_WATER" in page.url and "index=PAPI" in page.url
    # Still signed in on the tasks page (the link keeps the session).
    assert "xem_ht" in page.locator('[data-testid="stSidebar"]').inner_text(), shot
