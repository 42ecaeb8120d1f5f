"""The app frame in a real browser: what the user chose follows them through sidebar clicks,
reloads and new tabs (issue 10). Real server (`streamlit run app.py`), headless Chromium, the
real bundled database; screenshots in test-artifacts/.
"""
from __future__ import annotations

import re

import pytest

from browser import errors, open_app_page, screenshot, start_server, stop_server, wait_until_idle

SIDEBAR = '[data-testid="stSidebar"]'


def sidebar_link(page, title: str):
    return page.locator(f'{SIDEBAR} [data-testid="stSidebarNav"] a', has_text=title).first


def go_by_sidebar(page, title: str) -> None:
    sidebar_link(page, title).click()
    page.wait_for_timeout(300)
    wait_until_idle(page)


def choose(page, label: str, option: str) -> None:
    """Pick `option` in the sidebar selectbox labelled `label` (typing, as a user does)."""
    box = page.locator(f'{SIDEBAR} [data-testid="stSelectbox"]', has_text=label).first
    box.locator("input").click()
    box.locator("input").fill(option)
    page.locator('[role="option"]', has_text=option).first.click()
    wait_until_idle(page)


def selected(page, label: str) -> str:
    return page.locator(f'{SIDEBAR} [data-testid="stSelectbox"]', has_text=label).first.locator("input").input_value()


def heading(page) -> str:
    return page.locator('[data-testid="stMainBlockContainer"] h1').first.inner_text()


def main_text(page) -> str:
    return page.locator('[data-testid="stMainBlockContainer"]').inner_text()


def test_english_chosen_once_stays_english_through_every_page(app_server, browser_page):
    page = browser_page
    open_app_page(page, app_server)
    page.locator(SIDEBAR).get_by_text("English", exact=True).click()
    wait_until_idle(page)
    titles = ["Rankings", "Trends", "Map", "Compare", "Methodology", "Weak components", "Tasks",
              "Weak, no task", "Plan import", "Exports", "Overview"]
    for title in titles:
        go_by_sidebar(page, title)
        assert not errors(page), (title, errors(page))
        nav = page.locator(f'{SIDEBAR} [data-testid="stSidebarNav"]').inner_text()
        assert "Xếp hạng" not in nav and "Rankings" in nav, (title, nav)  # the sidebar itself stays English
        assert "lang=en" in page.url, (title, page.url)
        assert page.locator(SIDEBAR).get_by_text("Province list" if title not in ("Methodology", "Tasks", "Plan import")
                                                 else "Language", exact=False).count(), title
    screenshot(page, "frame_english_overview")
    page.reload()
    wait_until_idle(page)
    assert "Rankings" in page.locator(f'{SIDEBAR} [data-testid="stSidebarNav"]').inner_text()


def test_34_province_view_and_a_new_province_follow_through_the_pages(app_server, browser_page):
    page = browser_page
    open_app_page(page, app_server)
    page.locator(SIDEBAR).get_by_text("34 tỉnh mới", exact=False).click()
    wait_until_idle(page)
    choose(page, "Tỉnh/thành phố mới", "Quảng Trị")
    for title, slug in (("Xếp hạng", "xep_hang"), ("Bản đồ", "ban_do"), ("So sánh", "so_sanh"),
                        ("Điểm yếu", "diem_yeu")):
        go_by_sidebar(page, title)
        assert not errors(page), (title, errors(page))
        assert "set=34" in page.url and "province2025=44" in page.url, (title, page.url)
        assert "Quảng Trị" in selected(page, "Tỉnh/thành phố mới"), title
        screenshot(page, f"frame_34_{slug}")
    # A reload and a new tab with the bare address keep the choice (address, then the cookie).
    page.reload()
    wait_until_idle(page)
    assert "Quảng Trị" in selected(page, "Tỉnh/thành phố mới")
    other = page.context.new_page()
    open_app_page(other, app_server, "Xep_hang")
    assert "Quảng Trị" in selected(other, "Tỉnh/thành phố mới"), other.url
    other.close()


def test_a_links_choices_reach_the_next_page_through_a_page_without_their_pickers(app_server, chromium):
    """A shared link to Nhiệm vụ (no province list, index or year picker there) with the 34 list, Đồng Nai,
    PCI 2023, opened in a new browser: the next page opened on the 63 list, Hà Tĩnh, PAPI 2024."""
    context = chromium.new_context(viewport={"width": 1366, "height": 900}, locale="vi-VN")
    try:
        page = context.new_page()
        open_app_page(page, app_server, "Nhiem_vu", set="34", province2025="75", index="PCI", year="2023")
        go_by_sidebar(page, "Xếp hạng")
        assert not errors(page), errors(page)
        for kept in ("set=34", "province2025=75", "index=PCI", "year=2023"):
            assert kept in page.url, (kept, page.url, screenshot(page, "frame_link_through_tasks"))
        assert "Đồng Nai" in selected(page, "Tỉnh/thành phố mới")
    finally:
        context.close()


def test_bad_link_parameters_give_a_notice_and_defaults_not_a_traceback(app_server, browser_page):
    page = browser_page
    open_app_page(page, app_server, "Xep_hang", year="abc", province="99", index="NOPE")
    text = main_text(page)
    assert not errors(page)
    assert "Traceback" not in text and "/work/" not in text and ".py" not in text
    assert text.count("không có ở đây") == 3, text[:600]
    assert re.search(r"PAPI \d{4}", heading(page))


def test_a_link_to_a_page_the_app_does_not_have_is_said_in_the_users_language(app_server, browser_page):
    """An old bookmark (/Trang_cu) opened Streamlit's own dialog, in English whatever the language:
    "Page not found. The page that you have requested does not seem to exist. Running the app's
    main page." It is now a notice among the page's link notices, and the main page runs."""
    page = browser_page
    open_app_page(page, app_server)  # the server has left Streamlit's legacy pages/ mode (see frame)
    for lang, words in (("vi", "trang “Trang_cu”, không có ở đây"), ("en", "page “Trang_cu”, which is not available")):
        open_app_page(page, app_server, "Trang_cu", lang=lang)
        page.wait_for_timeout(500)
        assert page.locator('[role="dialog"]').count() == 0, page.locator('[role="dialog"]').first.inner_text()
        assert words in main_text(page), main_text(page)[:400]
        assert re.search(r"· \d{4}$", heading(page)), heading(page)  # the overview: "Hà Tĩnh · 2024"
        assert not errors(page)
        screenshot(page, f"page-not-found-{lang}")


def test_a_first_visitors_link_to_a_missing_page_is_said_once_in_the_users_language(built_db, browser_page):
    """A fresh server's first visitor following an old bookmark got both Streamlit's English dialog
    ("Page not found …", from its legacy pages/ mode) and the app's own notice."""
    server = start_server(built_db)  # fresh: no visit to "/" has run app.py yet
    try:
        open_app_page(browser_page, server, "Trang_cu")
        browser_page.wait_for_timeout(500)
        assert browser_page.locator('[role="dialog"]').count() == 0, \
            browser_page.locator('[role="dialog"]').first.inner_text()
        assert "trang “Trang_cu”, không có ở đây" in main_text(browser_page), main_text(browser_page)[:400]
        assert "Lãnh đạo tỉnh" in browser_page.locator('[data-testid="stSidebarNav"]').inner_text()
        assert not errors(browser_page)
    finally:
        stop_server(server)


def test_the_overview_cards_changes_are_read_whole_in_both_languages(app_server, browser_page):
    """At 1400 px, four cards in a row: SIPAS's "−6.69 percentage points vs 2021" was cut to
    "−6.69 percentage points v…" in English (the Vietnamese "−6,69 điểm % so với 2021" fitted)."""
    for lang in ("en", "vi"):
        open_app_page(browser_page, app_server, "", province="42", year="2022", lang=lang)
        # the cards come after the title in the same run: wait for them, not only for an idle status
        browser_page.locator('[data-testid="stMetricDelta"]').nth(5).wait_for(timeout=30_000)
        cut = browser_page.evaluate("""() => [...document.querySelectorAll('[data-testid="stMetricDelta"]')]
            .filter(d => [d, ...d.querySelectorAll('*')].some(e => e.scrollWidth > e.clientWidth + 1))
            .map(d => d.innerText)""")
        deltas = browser_page.locator('[data-testid="stMetricDelta"]').all_inner_texts()
        assert len(deltas) >= 6 and not cut, (lang, cut, deltas)


def test_streamlits_own_list_words_are_said_in_the_users_language(app_server, browser_page):
    """Streamlit writes "Select all", "Select 8 matches", "No results", "Choose options" and "Choose an
    option" in English and cannot translate them: on a Vietnamese page the list said them in English (So sánh, "Chọn"
    mode). The frame's style shows the run's words instead; the English page keeps English words."""
    page = browser_page
    words = {"vi": ("Chọn tỉnh, thành phố", "Chọn tất cả", "Chọn mọi kết quả khớp", "Không có kết quả", "Gõ để tìm",
                    "Dùng tên vừa gõ"),
             "en": ("Choose provinces", "Select all", "Select every match", "No results", "Type to search",
                    "Use the name you typed")}
    for lang, (placeholder, select_all, select_matches, no_results, type_to_search, typed) in words.items():
        open_app_page(page, app_server, "So_sanh", province="70", index="PAPI", year="2024", peer_mode="custom",
                      lang=lang)
        # a list with a value shows its placeholder while the user clears it to type ("Choose an option")
        sidebar_lists = page.locator(f'{SIDEBAR} [data-testid="stSelectbox"] input')
        sidebar_lists.nth(2).wait_for(timeout=30_000)  # province, index, year (a rerun may be redrawing them)
        assert {sidebar_lists.nth(i).get_attribute("placeholder") for i in range(sidebar_lists.count())} == {
            type_to_search}
        box = page.locator(f'{SIDEBAR} [data-testid="stMultiSelect"]').first.locator("input")
        assert box.get_attribute("placeholder") == placeholder
        box.click()
        page.keyboard.press("ArrowDown")  # opens the list (a click alone may land during a rerun)

        def shown(selector: str) -> tuple[str, str]:
            option = page.locator(selector).first
            option.wait_for(timeout=10_000)
            return (option.evaluate("e => getComputedStyle(e, '::after').content"),
                    option.evaluate("e => getComputedStyle(e).fontSize"))

        assert shown('[role="option"][data-key="__select_all__"] [data-item-hl]') == (f'"{select_all}"', "0px")
        page.keyboard.type("Bình" if lang == "vi" else "Binh")  # the names as the page writes them
        assert shown('[role="option"][data-key="__select_matches__"] [data-item-hl]') == (f'"{select_matches}"', "0px")
        page.keyboard.press("Control+A")
        page.keyboard.type("xyzq")  # the list of provinces takes a typed name (read without diacritics)
        assert shown('[role="option"][data-key="__creatable__"] [data-item-hl]') == (f'"{typed}"', "0px")
        screenshot(page, f"frame_list_words_{lang}")
        page.keyboard.press("Escape")
        page.keyboard.press("Escape")  # the first clears the typed text, the second closes the list
        page.locator('[data-testid="stMainBlockContainer"] h1').first.click()
        # a list that takes no typed name says it has none
        sidebar_lists.nth(1).click()  # the index
        page.keyboard.type("xyzq")
        assert shown('[role="listbox"][data-empty="true"] [role="option"] span') == (f'"{no_results}"', "0px")
        page.keyboard.press("Escape")


def test_a_first_start_on_bad_bundled_data_says_where_under_the_apps_own_menu(tmp_path, browser_page):
    """No database yet and a bundled file that cannot be built (a maximum typed "mười" in the
    catalog): the located error, in the language chosen, under the app's menu and language switch.
    It was under Streamlit's own list of the pages/ files ("app", "Tong quan", …), always Vietnamese."""
    import shutil

    from browser import start_server, stop_server
    from chiso import paths

    data = tmp_path / "data"
    shutil.copytree(paths.DATA_DIR, data, ignore=shutil.ignore_patterns("*.duckdb*"))
    lines = (data / "catalog/indicators.csv").read_text(encoding="utf-8").splitlines()
    lines[3] = lines[3].replace(",10,", ",mười,", 1)
    (data / "catalog/indicators.csv").write_text("\n".join(lines) + "\n", encoding="utf-8")
    server = start_server(data / "chiso.duckdb", env={"CHISO_DATA_DIR": str(data)})
    page = browser_page
    try:
        for lang, said in (("vi", "Không dựng được cơ sở dữ liệu từ số liệu đi kèm"),
                           ("en", "The database cannot be built from the bundled files")):
            page.goto(f"{server.url}/?lang={lang}", wait_until="domcontentloaded")
            error = page.locator('[data-testid="stAlertContentError"]')
            error.wait_for(timeout=60_000)
            shot = screenshot(page, f"first_start_bad_data_{lang}")
            assert said in error.inner_text() and "indicators.csv, " in error.inner_text() \
                and "max_value" in error.inner_text() and "'mười'" in error.inner_text(), (error.inner_text(), shot)
            menu = page.locator(f'{SIDEBAR} [data-testid="stSidebarNav"]').inner_text()
            assert ("Tổng quan" if lang == "vi" else "Overview") in menu and "Tong quan" not in menu, (menu, shot)
    finally:
        stop_server(server)


def test_the_browsers_back_button_undoes_a_step_not_each_write_of_the_address(app_server, browser_page):
    """A page visit wrote its choices into the address one at a time, and the browser kept each
    write as a step of its history: Back had to be pressed seven times to leave a page. Then a page
    visit was two steps, Streamlit's push of the page's bare address and the app's of the address
    holding the choices, and Back first showed the same page again. Now a choice is one step and a
    page one (chiso/browser/history.js)."""
    page = browser_page
    open_app_page(page, app_server, "Xep_hang", province="42")
    steps = page.evaluate("history.length")
    choose(page, "Tỉnh/thành phố", "Bình Phước")
    assert page.evaluate("history.length") == steps + 1
    go_by_sidebar(page, "Xu hướng")
    assert heading(page).startswith("Tổng điểm PAPI") and "Bình Phước" in main_text(page)
    assert "/Xu_huong?" in page.url and "province=70" in page.url, page.url
    assert page.evaluate("history.length") == steps + 2

    def back() -> None:
        page.go_back()
        page.wait_for_timeout(500)
        wait_until_idle(page)

    back()
    shot = screenshot(page, "frame_back_page")
    assert "/Xep_hang" in page.url and "province=70" in page.url, (page.url, shot)
    assert heading(page).startswith("PAPI 2024") and "Bình Phước" in selected(page, "Tỉnh/thành phố"), shot
    back()
    shot = screenshot(page, "frame_back_province")
    assert "/Xep_hang" in page.url and "province=42" in page.url, (page.url, shot)
    assert "Hà Tĩnh" in selected(page, "Tỉnh/thành phố"), shot
    page.go_forward()
    page.wait_for_timeout(500)
    wait_until_idle(page)
    page.go_forward()
    page.wait_for_timeout(500)
    wait_until_idle(page)
    assert "/Xu_huong?" in page.url and heading(page).startswith("Tổng điểm PAPI"), page.url
    assert page.evaluate("history.length") == steps + 2
