"""Every leadership page in a real browser (headless Chromium, no network): it renders, shows no
error element, shows the province's published figures, and leaves a screenshot in test-artifacts/.
"""
from __future__ import annotations

import pytest

from browser import (errors, map_shapes, open_app_page, screenshot, start_server, state_warnings, stop_server,
                     wait_until_idle)

CASES = [
    # (screenshot name, page path, URL parameters, texts that must be visible)
    ("overview", "", {"province": "42", "year": "2022"}, ["44,31/80", "8/61", "28/63", "giảm 20 bậc", "84,48%"]),
    ("overview_new_province", "", {"set": "34", "province2025": "75", "year": "2022"}, ["Bình Phước", "39,93"]),
    ("rankings", "Xep_hang", {"province": "42", "index": "PAPI", "year": "2022", "indicator": "TOTAL"},
     ["44,31", "8/61", "42,24"]),
    ("rankings_partial", "Xep_hang", {"province": "42", "index": "PAR_INDEX", "year": "2022", "indicator": "TOTAL"},
     ["85,95", "28/63", "chưa đầy đủ"]),
    ("trends", "Xu_huong", {"province": "42", "index": "PAPI", "indicator": "TOTAL"},
     ["2022: 44,31, 8/61", "Thay đổi phương pháp 2018"]),
    ("map", "Ban_do", {"province": "42", "index": "SIPAS", "year": "2022", "indicator": "TOTAL"}, ["84,48", "7/63"]),
    ("compare", "So_sanh", {"province": "42", "index": "PAPI", "year": "2022", "peer_mode": "top5"}, ["Hà Tĩnh 8/61", "Quảng Ninh 1/61"]),
    ("methodology", "Phuong_phap", {"index": "PAPI"}, ["thang 80 điểm", "UNDP"]),
]


@pytest.mark.parametrize("name,path,params,expected", CASES, ids=[c[0] for c in CASES])
def test_page_renders_with_figures(app_server, browser_page, name, path, params, expected):
    open_app_page(browser_page, app_server, path, **params)
    shot = screenshot(browser_page, name)
    assert errors(browser_page) == [], f"error on page (see {shot})"
    body = browser_page.locator('[data-testid="stMain"]').inner_text()
    missing = [e for e in expected if e not in body]
    assert not missing, f"not shown: {missing} (see {shot})"
    if path in ("", "Xep_hang", "Xu_huong", "Ban_do", "So_sanh"):
        assert browser_page.locator(".js-plotly-plot").count() >= 1, f"no chart drawn (see {shot})"
    if path == "Ban_do":
        assert map_shapes(browser_page) >= 63, f"map shapes not drawn offline (see {shot})"
        drawn = browser_page.locator(".js-plotly-plot .annotation-text").all_text_contents()
        assert any("Hoàng Sa" in t for t in drawn) and any("Trường Sa" in t for t in drawn), drawn


@pytest.mark.parametrize("lang,expected", [
    ("vi", ["Lãnh đạo tỉnh", "Tổng quan", "Xếp hạng", "Sở Nội vụ", "Điểm yếu", "Nhập kế hoạch", "Xuất báo cáo"]),
    ("en", ["Provincial leadership", "Overview", "Rankings", "Weak components", "Plan import", "Exports"]),
])
def test_sidebar_names_pages_in_the_chosen_language(app_server, browser_page, lang, expected):
    open_app_page(browser_page, app_server, "Xu_huong", lang=lang, province="42")
    nav = browser_page.locator('[data-testid="stSidebarNav"]').inner_text()
    missing = [e for e in expected if e not in nav]
    assert not missing, f"sidebar lacks {missing}: {nav!r}"
    # every page is listed, none folded under Streamlit's English "View 3 more"
    from chiso import i18n, navigation
    with i18n.use(lang):
        titles = [navigation.title(p) for p in navigation.PAGES]
    shown = [a.split("\n")[-1].strip() for a in browser_page.locator('[data-testid="stSidebarNav"] a').all_inner_texts()]
    assert [t for t in titles if t not in shown] == [] and "View" not in nav, (shown, nav)
    # Following a sidebar link keeps the page's own URL name (shared links stay valid).
    browser_page.get_by_role("link", name=expected[2]).click()
    browser_page.wait_for_url("**/Xep_hang**", timeout=30_000)


def test_a_shared_link_as_first_visit_gets_the_app_navigation(built_db, browser_page):
    """A fresh server whose first visitor opens a shared link: Streamlit would run the page in its
    legacy pages/ mode (sidebar "So sanh", no diacritics); the app's own navigation must show."""
    server = start_server(built_db)  # fresh: no visit to "/" has run app.py yet
    try:
        open_app_page(browser_page, server, "So_sanh", province="42", index="PAPI", year="2022", peer_mode="neighbours")
        nav = browser_page.locator('[data-testid="stSidebarNav"]').inner_text()
        assert "So sánh" in nav and "Lãnh đạo tỉnh" in nav, nav
        assert "/So_sanh" in browser_page.url and "peer_mode=neighbours" in browser_page.url
        body = browser_page.locator('[data-testid="stMain"]').inner_text()
        assert "Nghệ An" in body and "Quảng Bình" in body
        screenshot(browser_page, "compare_neighbours_first_visit")
    finally:
        stop_server(server)


def test_a_component_or_region_typed_without_diacritics_is_found(app_server, browser_page):
    """The component and region lists searched as Streamlit does, with diacritics: "kiem soat tham
    nhung" found nothing. A text typed and entered is read folded against the labels (the whole
    label, else the one label holding it; `ui.typed_choice`); a text in several labels, or in none,
    leaves the choice and says so."""
    page = browser_page
    open_app_page(page, app_server, "Xep_hang", province="42", index="PAPI", year="2022")

    def enter(nth: int, text: str, then: str) -> None:
        page.locator("[data-testid=stSidebar] [data-testid=stSelectbox]").nth(nth).click()
        page.keyboard.type(text)
        page.wait_for_timeout(500)
        page.keyboard.press("Enter")
        page.wait_for_function(then, timeout=60000)
        wait_until_idle(page)  # the address is written as the run ends, after the heading is drawn

    lists = page.locator("[data-testid=stSidebar] [data-testid=stSelectbox]")
    # on a loaded machine (CI, 28/11) the lists were counted before the region list was drawn
    lists.filter(has_text="Vùng").first.wait_for(timeout=60000)
    labels = [lists.nth(i).inner_text().split("\n")[0] for i in range(lists.count())]
    component, region = labels.index("Chỉ số thành phần"), labels.index("Vùng")
    enter(component, "kiem soat tham nhung", "() => document.querySelector('[data-testid=\"stMainBlockContainer\"] "
                                             "h1')?.innerText.includes('Kiểm soát tham nhũng')")
    assert "indicator=D4" in page.url
    enter(component, "quan tri", "() => document.querySelector('[data-testid=\"stToast\"]') !== null")
    assert "“quan tri” có trong 2 mục" in page.locator('[data-testid="stToast"]').first.inner_text()
    assert "indicator=D4" in page.url  # several components hold it: the choice is unchanged
    enter(region, "dong bang song hong",
          "() => decodeURIComponent(location.search.replaceAll('+', ' ')).includes('region=Đồng bằng sông Hồng')")
    assert not errors(page), screenshot(page, "typed_component")
    assert not state_warnings(app_server)


def test_a_province_typed_without_diacritics_is_found(app_server, browser_page):
    """The list's own search matched "ha tinh" to Thừa Thiên Huế only (it finds "Hà Tĩnh" from
    "hà"): officials often type without diacritics. A name typed and entered is read as chiso.names
    reads one; a name no province has leaves the choice unchanged and says so."""
    page = browser_page
    open_app_page(page, app_server, "", province="70", year="2022")

    def enter(text: str, then: str) -> None:
        """Type `text` into the province list, press Enter, wait until `then` (a JS condition) holds."""
        page.locator("[data-testid=stSidebar] [data-testid=stSelectbox]").first.click()
        page.keyboard.type(text)
        page.wait_for_timeout(500)
        page.keyboard.press("Enter")
        page.wait_for_function(then, timeout=60000)
        wait_until_idle(page)  # the address is written as the run ends, after the heading is drawn

    heading = "document.querySelector('[data-testid=\"stMainBlockContainer\"] h1')?.innerText.startsWith('{}')"
    enter("ha tinh", heading.format("Hà Tĩnh"))
    assert "province=42" in page.url, screenshot(page, "typed_province")
    enter("xyz tinh", "document.querySelector('[data-testid=\"stToast\"]') !== null")
    assert "Không có tỉnh/thành phố nào tên “xyz tinh”" in page.locator('[data-testid="stToast"]').first.inner_text()
    assert "province=42" in page.url
    enter("quang nam", heading.format("Quảng Nam"))
    page.wait_for_function("() => location.search.includes('province=49')", timeout=30000)
    assert not errors(page), screenshot(page, "typed_province")
    # So sánh's own list of provinces reads a typed name the same way
    open_app_page(page, app_server, "So_sanh", province="42", index="PAPI", year="2022", peer_mode="custom", peers="40")
    page.locator("[data-testid=stSidebar] [data-testid=stMultiSelect]").first.click()
    page.keyboard.type("quang binh")
    page.wait_for_timeout(500)
    page.keyboard.press("Enter")
    page.wait_for_function("() => location.search.includes('peers=40%2C44')", timeout=60000)
    assert not errors(page), screenshot(page, "typed_peer")
    assert not state_warnings(app_server)
