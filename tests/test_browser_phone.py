"""Charts on a phone (412 px, a phone browser's User-Agent), measured on the drawn chart in headless
Chromium. Before `chiso.phone`: Xu hướng's year axis ran to 2028 (a methodology break's label
stretched it) with every year turned on its side and cut to "20…", and its legend ran over the
source line; So sánh's component names under the bars ran into each other and its legend covered
the title; Tổng quan's component names were cut at the chart's left edge; the map's colour scale
lay over the provinces of the west. A laptop's browser keeps the figure as it was made."""
from __future__ import annotations

import pytest
from playwright.sync_api import TimeoutError as PlaywrightTimeout

from browser import errors, open_app_page, screenshot, wait_until_idle

PHONE_UA = ("Mozilla/5.0 (Linux; Android 13; Pixel 7) AppleWebKit/537.36 (KHTML, like Gecko) "
            "Chrome/120.0.0.0 Mobile Safari/537.36")

BOXES = """(n) => { const plot = document.querySelectorAll('.js-plotly-plot')[n];
    const box = e => { if (!e) return null; const r = e.getBoundingClientRect();
                       return {left: r.left, right: r.right, top: r.top, bottom: r.bottom}; };
    const source = [...plot.querySelectorAll('.annotation-text')].find(t => /^(Nguồn|Source)/.test(t.textContent));
    return {chart: box(plot), title: box(plot.querySelector('.gtitle')), legend: box(plot.querySelector('.legend')),
            plot: {top: plot.getBoundingClientRect().top + plot._fullLayout._size.t},
            source: box(source ? source.closest('.annotation') : null),
            xticks: [...plot.querySelectorAll('.xtick text')].map(t => [t.textContent, box(t)]),
            yticks: [...plot.querySelectorAll('.ytick text')].map(t => [t.textContent, box(t)]),
            xrange: plot._fullLayout.xaxis.range, angle: (plot._fullLayout.xaxis._tickAngles || {}).xtick || 0}; }"""


def boxes(page, n: int = 0) -> dict:
    """BOXES of the page's n-th chart, once plotly has drawn its axis (a loaded machine draws late)."""
    page.wait_for_function("n => { const p = document.querySelectorAll('.js-plotly-plot')[n]; "
                           "return p && p._fullLayout && p.querySelector('.xtick text'); }", arg=n)
    return page.evaluate(BOXES, n)


@pytest.fixture
def phone(chromium):
    context = chromium.new_context(viewport={"width": 412, "height": 900}, locale="vi-VN", user_agent=PHONE_UA,
                                   is_mobile=True, has_touch=True)
    page = context.new_page()
    yield page
    context.close()


def overlaps(ticks) -> list[tuple[str, str]]:
    ordered = sorted(ticks, key=lambda t: t[1]["left"])
    return [(a[0], b[0]) for a, b in zip(ordered, ordered[1:]) if a[1]["right"] > b[1]["left"] - 2]


@pytest.mark.parametrize("params", [
    dict(province="42"),
    # five short names (two provinces a new one was formed from, three references), two to a row: plotly
    # drew them one to a row, and the last ("Southeast mean") lay under the source line
    dict(province="70", set="34", province2025="75", lang="en")])
def test_a_trend_on_a_phone_labels_its_years_level_and_keeps_its_legend_off_the_source(app_server, phone, params):
    open_app_page(phone, app_server, "Xu_huong", index="PAPI", indicator="TOTAL", **params)
    shot = screenshot(phone, f"phone_trend_{params.get('lang', 'vi')}")
    assert not errors(phone), shot
    b = boxes(phone)
    years = [int(t) for t, _box in b["xticks"]]
    assert 2010 <= b["xrange"][0] and b["xrange"][1] <= 2025, (b["xrange"], shot)
    assert b["angle"] == 0 and len(years) <= 8 and 2024 in years, (years, b["angle"], shot)
    assert overlaps(b["xticks"]) == [], shot
    assert b["legend"]["bottom"] <= b["source"]["top"], (b["legend"], b["source"], shot)
    assert b["source"]["right"] <= b["chart"]["right"] + 1, (b["source"], b["chart"], shot)
    assert b["legend"]["right"] <= b["chart"]["right"] + 1, (b["legend"], b["chart"], shot)


def test_a_comparison_on_a_phone_names_components_by_code_under_a_legend_clear_of_the_title(app_server, phone):
    open_app_page(phone, app_server, "So_sanh", province="42", index="PAPI", year="2024", peer_mode="top5")
    shot = screenshot(phone, "phone_compare")
    assert not errors(phone), shot
    b = boxes(phone)
    assert [t for t, _box in b["xticks"]] == [f"D{i}" for i in range(1, 9)], (b["xticks"], shot)
    assert overlaps(b["xticks"]) == [], shot
    assert b["title"]["bottom"] <= b["legend"]["top"] and b["legend"]["bottom"] <= b["plot"]["top"], (b, shot)
    assert b["source"]["top"] >= max(t[1]["bottom"] for t in b["xticks"]), (b["source"], shot)
    # the table under the chart still names each component in full
    assert phone.get_by_text("D1 · Tham gia của người dân ở cấp cơ sở").count() >= 1, shot


def test_a_comparison_of_totals_on_a_phone_names_the_total_whole_and_says_the_missing_figure(app_server, phone):
    """PAR INDEX 2024 publishes totals only: under the bars a phone kept the first row of the total's
    name, "Chỉ số cải cách", as if it were a component's code; and Hồ Chí Minh's place was empty."""
    open_app_page(phone, app_server, "So_sanh", set="34", province2025="79", index="PAR_INDEX", year="2024")
    shot = screenshot(phone, "phone_compare_totals")
    assert not errors(phone), shot
    b = boxes(phone)
    assert [t for t, _box in b["xticks"]] == ["Chỉ số cải cáchhành chính (tổngđiểm)"], (b["xticks"], shot)
    gap = phone.evaluate("""() => { const plot = document.querySelector('.js-plotly-plot');
        const t = [...plot.querySelectorAll('.annotation-text')].find(t => t.textContent === 'chưa có số liệu');
        if (!t) return null; const r = t.getBoundingClientRect();
        return {left: r.left, right: r.right, bottom: r.bottom}; }""")
    assert gap is not None, shot
    assert b["chart"]["left"] <= gap["left"] and gap["right"] <= b["chart"]["right"], (gap, b["chart"], shot)
    assert gap["bottom"] <= min(t[1]["top"] for t in b["xticks"]), (gap, b["xticks"], shot)  # above the axis


def test_a_provinces_components_on_a_phone_keep_their_names_inside_the_chart(app_server, phone):
    open_app_page(phone, app_server, "", province="42", index="PAPI", year="2024")
    details = phone.locator('[data-testid="stExpander"] details', has_text="PAPI 2024: các chỉ số thành phần")
    # opened as a reader opens it, once more if a run of the page (the first visit's cookie answers with one)
    # drew it closed again: CI once waited 30 s on a chart that stayed folded
    for _attempt in range(3):
        if details.get_attribute("open") is None:
            phone.get_by_text("PAPI 2024: các chỉ số thành phần").click()
        try:
            phone.wait_for_selector(".js-plotly-plot .ytick text", state="visible", timeout=10_000)
            break
        except PlaywrightTimeout:
            wait_until_idle(phone)
    phone.wait_for_timeout(800)
    shot = screenshot(phone, "phone_overview_components")
    assert not errors(phone), shot
    b = boxes(phone)
    assert len(b["yticks"]) == 8, (b["yticks"], shot)
    assert min(t[1]["left"] for t in b["yticks"]) >= b["chart"]["left"], (b["yticks"], b["chart"], shot)
    assert b["title"]["bottom"] <= b["legend"]["top"], (b["title"], b["legend"], shot)
    assert b["source"]["right"] <= b["chart"]["right"] + 1, (b["source"], shot)


def test_a_map_on_a_phone_lays_its_colour_scale_under_the_provinces(app_server, phone):
    open_app_page(phone, app_server, "Ban_do", province="42", index="PAPI", year="2024")
    shot = screenshot(phone, "phone_map")
    assert not errors(phone), shot
    scale, provinces = phone.evaluate("""() => { const plot = document.querySelector('.js-plotly-plot');
        const box = e => { const r = e.getBoundingClientRect(); return [r.left, r.right, r.top, r.bottom]; };
        return [box(plot.querySelector('.colorbar')), box(plot.querySelector('.scatterlayer'))]; }""")
    assert scale[1] - scale[0] > scale[3] - scale[2], (scale, shot)  # lying down
    assert scale[2] >= provinces[2] + 0.6 * (provinces[3] - provinces[2]), (scale, provinces, shot)


def test_a_laptop_keeps_the_figure_as_it_was_made(app_server, browser_page):
    """No phone in the User-Agent: every year labelled, the components named under the bars."""
    open_app_page(browser_page, app_server, "Xu_huong", province="42", index="PAPI", indicator="TOTAL")
    years = [t for t, _box in boxes(browser_page)["xticks"]]
    assert years == [str(y) for y in range(2011, 2025)], years


@pytest.mark.parametrize("width", [1280, 1366])
def test_a_laptop_reads_a_long_chart_title_whole(app_server, browser_page, width):
    """PCI's total named by its three periods ("Chỉ số PCI (10 chỉ số thành phần, có Ưu đãi đối với
    DNNN) → Chỉ số PCI (9 …) → …, Hà Tĩnh: điểm qua các năm") ran off the chart's right edge, cut at
    "Chỉ số PCI (10 chỉ s": plotly never wraps a title."""
    browser_page.set_viewport_size({"width": width, "height": 900})
    open_app_page(browser_page, app_server, "Xu_huong", province="42", index="PCI", indicator="TOTAL")
    shot = screenshot(browser_page, f"laptop_long_title_{width}")
    b = boxes(browser_page)
    title = browser_page.locator(".js-plotly-plot .gtitle").first.text_content()
    assert "Cạnh tranh bình đẳng" in title and "điểm qua các năm" in title, (title, shot)
    assert b["title"]["right"] <= b["chart"]["right"] + 1, (b["title"], b["chart"], shot)
    assert b["title"]["bottom"] <= b["plot"]["top"], (b["title"], b["plot"], shot)  # the plot moved down


def test_the_phone_layout_is_a_copy_the_downloads_never_see(built_db):
    import pandas as pd

    from chiso import charts, phone

    series = pd.DataFrame({"year": range(2011, 2025), "value": [40.0 + i % 3 for i in range(14)],
                           "series": "Hà Tĩnh", "period": [2011] * 7 + [2018] * 7, "role": "province"})
    fig = charts.trend_lines(series, "vi", title="PAPI", source="Nguồn: UNDP",
                             breaks=pd.DataFrame({"year": [2018], "title": ["PAPI 8 nội dung, thang 80 điểm"]}))
    before = fig.to_json()
    small = phone.fit(fig)
    assert fig.to_json() == before
    assert small.layout.xaxis.dtick == 2 and small.layout.xaxis.tick0 == 2024
    assert tuple(fig.layout.xaxis.range) == (2010.5, 2024.5)


def test_a_ranking_on_a_phone_keeps_the_national_median_label_on_screen(app_server, phone):
    """Centred on its line near the right end, "Trung vị cả nước: 43,48" ran past the right edge."""
    open_app_page(phone, app_server, "Xep_hang", province="42", index="PAPI", year="2024")
    shot = screenshot(phone, "phone_ranking")
    assert not errors(phone), shot
    label, chart = phone.evaluate("""() => { const plot = document.querySelector('.js-plotly-plot');
        const note = [...plot.querySelectorAll('.annotation-text')].find(t => /^Trung vị/.test(t.textContent));
        return [note.getBoundingClientRect().right, plot.getBoundingClientRect().right]; }""")
    assert label <= chart, (label, chart, shot)


def headers_in_view(page, n: int = 0) -> list[str]:
    """The column headers the page's n-th table shows: it is drawn on a canvas, and its hidden
    accessible grid lists only the columns in view."""
    page.wait_for_function("n => { const t = document.querySelectorAll('[data-testid=stDataFrame]')[n]; "
                           "return t && t.querySelector('th'); }", arg=n)
    return page.evaluate("n => [...document.querySelectorAll('[data-testid=stDataFrame]')[n].querySelectorAll('th')]"
                         ".map(e => e.textContent)", n)


def test_tables_on_a_phone_show_the_figures_beside_the_names(app_server, phone):
    """Before, a phone saw a ranking's rank, province and region, the score off to the right; and
    a comparison's component names alone, every province's figure off to the right."""
    open_app_page(phone, app_server, "Xep_hang", province="42", index="PAPI", year="2024")
    shot = screenshot(phone, "phone_ranking_table")
    in_view = headers_in_view(phone)
    assert in_view[:3] == ["Thứ hạng", "Tỉnh/thành phố", "Điểm"] and "Vùng" not in in_view, (in_view, shot)
    open_app_page(phone, app_server, "So_sanh", province="42", index="PAPI", year="2024", peer_mode="top5")
    shot = screenshot(phone, "phone_compare_table")
    in_view = headers_in_view(phone)
    assert in_view[0] == "Tên thành phần" and "Hà Tĩnh" in in_view, (in_view, shot)


def test_a_laptop_keeps_the_tables_column_order(app_server, browser_page):
    open_app_page(browser_page, app_server, "Xep_hang", province="42", index="PAPI", year="2024")
    assert headers_in_view(browser_page)[:4] == ["Thứ hạng", "Tỉnh/thành phố", "Vùng", "Điểm"]


BREAK_LABELS = """(n) => { const plot = document.querySelectorAll('.js-plotly-plot')[n];
    const box = e => { const r = e.getBoundingClientRect(); return {left: r.left, right: r.right, top: r.top, bottom: r.bottom}; };
    return {title: box(plot.querySelector('.gtitle')),
            labels: [...plot.querySelectorAll('.annotation-text')].filter(t => /^\\d{4}:/.test(t.textContent))
                    .map(t => [t.textContent, box(t.closest('.annotation'))])}; }"""


@pytest.mark.parametrize("lang", ["vi", "en"])
def test_a_trends_methodology_breaks_on_a_phone_are_read_clear_of_each_other_and_the_title(app_server, phone, lang):
    """PCI's trend on a phone: the labels of its 2009 and 2013 breaks, two rows each, overprinted each
    other ("2009: PCI 9 chỉ số thành phần" through "2013: PCI 10 chỉ số…"), and the upper one touched
    the title's last row."""
    open_app_page(phone, app_server, "Xu_huong", province="42", index="PCI", indicator="TOTAL", lang=lang)
    shot = screenshot(phone, f"phone_trend_breaks_{lang}")
    assert not errors(phone), shot
    boxes(phone)  # drawn
    b = phone.evaluate(BREAK_LABELS, 0)
    labels = b["labels"]
    assert [text[:5] for text, _box in labels] == ["2009:", "2013:"], (labels, shot)
    for (text_a, a), (text_b, c) in zip(labels, labels[1:]):
        apart = a["bottom"] <= c["top"] or c["bottom"] <= a["top"] or a["right"] <= c["left"] or c["right"] <= a["left"]
        assert apart, (text_a, a, text_b, c, shot)
    assert all(box["top"] >= b["title"]["bottom"] for _text, box in labels), (b, shot)


TITLES = """() => [...document.querySelectorAll('.js-plotly-plot')].map(plot => {
    const box = e => { const r = e.getBoundingClientRect(); return {left: r.left, right: r.right, top: r.top, bottom: r.bottom}; };
    const title = plot.querySelector('.gtitle');
    return {text: title.textContent, title: box(title), size: parseFloat(getComputedStyle(title).fontSize),
            modebar: box(plot.querySelector('.modebar')), chart: box(plot)}; })"""


@pytest.mark.parametrize("path, params", [("Xu_huong", {"indicator": "TOTAL"}), ("Ban_do", {"year": "2024"}),
                                          ("So_sanh", {"year": "2024", "peer_mode": "top5"})])
def test_a_charts_title_on_a_phone_is_read_whole_under_the_modebar(app_server, phone, path, params):
    """Before, a phone drew the title where plotly's modebar appears at a touch (the camera and zoom
    buttons over "Tổng điểm PAPI"), and a long title shrank to 11 px and was still cut at the right
    edge ("Hà Tĩnh: thứ hạng qua các n")."""
    open_app_page(phone, app_server, path, province="42", index="PAPI", **params)
    phone.wait_for_selector(".js-plotly-plot .gtitle")
    shot = screenshot(phone, f"phone_title_{path}")
    assert not errors(phone), shot
    for t in phone.evaluate(TITLES):
        assert t["title"]["top"] >= t["modebar"]["bottom"], (t, shot)
        assert t["title"]["right"] <= t["chart"]["right"], (t, shot)
        assert t["size"] >= 14, (t, shot)


def test_a_link_to_a_components_tasks_on_a_phone_is_read_whole(app_server, phone):
    """Before, a link's words stayed on one line, cut at the card's edge: "Nhiệm vụ của D6_EDUCATION
    · Giáo dục tiểu học công lậ" (Streamlit writes a page link's label unwrapped)."""
    open_app_page(phone, app_server, "Diem_yeu", province="42", index="PAPI", year="2024")
    shot = screenshot(phone, "phone_weak_links")
    links = phone.evaluate("""() => [...document.querySelectorAll('[data-testid="stPageLink"]')].map(e => {
        const p = e.querySelector('p'), card = e.closest('[data-testid="stVerticalBlockBorderWrapper"]') || e.parentElement;
        return [p.textContent, p.scrollWidth, p.clientWidth, p.getBoundingClientRect().right, card.getBoundingClientRect().right]; })""")
    assert any("D6_EDUCATION" in text for text, *_ in links), (links, shot)
    for text, scroll_width, width, right, card_right in links:
        assert scroll_width <= width + 1 and right <= card_right, (text, scroll_width, width, right, card_right, shot)


def test_a_phone_opens_every_page_with_the_sidebar_closed(app_server, phone):
    """On a phone the sidebar is a menu over the page. Streamlit remembered it open: once opened to
    change a choice, every reload, link and page opened by its address came up with the menu
    covering the page."""
    open_app_page(phone, app_server, "Xep_hang", province="42")
    left = "() => document.querySelector('[data-testid=stSidebar]').getBoundingClientRect().left"
    assert phone.evaluate(left) < 0
    phone.locator('[data-testid="stExpandSidebarButton"]').first.click()
    phone.wait_for_function(f"() => ({left})() >= 0")
    phone.locator('[data-testid="stSidebar"]').get_by_text("34 tỉnh mới", exact=False).click()
    wait_until_idle(phone)
    assert phone.evaluate(left) >= 0  # while choosing, the menu stays open
    phone.reload()
    phone.wait_for_selector('[data-testid="stMainBlockContainer"] h1')
    wait_until_idle(phone)
    phone.wait_for_timeout(500)
    shot = screenshot(phone, "phone_sidebar_after_reload")
    assert phone.evaluate(left) < 0, shot
    open_app_page(phone, app_server, "Xu_huong")
    phone.wait_for_timeout(500)
    assert phone.evaluate(left) < 0, screenshot(phone, "phone_sidebar_new_page")
