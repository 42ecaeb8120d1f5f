"""Axis labels a user can read and believe. The rank over time on Xu hướng drew a tick "0" above
rank 1 (no province ranks 0). On So sánh the component names under the grouped bars did not fit
their columns at a laptop's width ("D7 · Environmental" ran into "D8 · E-governance"). Measured in
headless Chromium on the drawn chart, in both languages, for PAPI's 8 dimensions and PCI's 10
sub-indices."""
from __future__ import annotations

import pytest

from browser import errors, open_app_page, screenshot


def overlapping_ticks(page) -> list[tuple[str, str]]:
    """Neighbouring x-axis labels of the first chart whose boxes overlap (with a 2 px margin)."""
    boxes = page.evaluate("""() => [...document.querySelector('.js-plotly-plot').querySelectorAll('.xtick text')]
        .map(t => { const r = t.getBoundingClientRect(); return [t.textContent, r.left, r.right]; })""")
    boxes.sort(key=lambda b: b[1])
    return [(a[0], b[0]) for a, b in zip(boxes, boxes[1:]) if a[2] > b[1] - 2]


def source_below_ticks(page) -> bool:
    """The first chart's source line starts below its lowest x-axis label."""
    return page.evaluate("""() => {
        const plot = document.querySelector('.js-plotly-plot');
        const ticks = [...plot.querySelectorAll('.xtick text')].map(t => t.getBoundingClientRect().bottom);
        const source = [...plot.querySelectorAll('.annotation-text')].find(t => /^(Nguồn|Source)/.test(t.textContent));
        return source !== undefined && source.getBoundingClientRect().top >= Math.max(...ticks);
    }""")


# top5: grouped bars; region (13 provinces beside Hà Tĩnh): the heatmap, whose names Plotly turned on
# their side, off the chart and through the source line
@pytest.mark.parametrize("lang,index,peers", [("en", "PAPI", "top5"), ("vi", "PAPI", "top5"), ("en", "PCI", "top5"),
                                              ("vi", "PCI", "top5"), ("vi", "PCI", "region"), ("en", "PCI", "region")])
def test_compare_component_names_do_not_run_into_each_other(app_server, browser_page, lang, index, peers):
    page = browser_page
    page.set_viewport_size({"width": 1400, "height": 900})
    year = {"PAPI": "2022", "PCI": "2023"}[index]
    open_app_page(page, app_server, "So_sanh", province="42", index=index, year=year, lang=lang, peer_mode=peers)
    shot = screenshot(page, f"compare_labels_{lang}_{index}_{peers}")
    assert not errors(page), shot
    assert page.locator(".js-plotly-plot .xtick text").count() >= 8, shot
    if peers == "region":
        assert page.locator(".js-plotly-plot .heatmaplayer").count() == 1, shot
    assert overlapping_ticks(page) == [], shot
    assert source_below_ticks(page), shot


def test_the_rank_axis_starts_at_rank_1_not_0(app_server, browser_page):
    page = browser_page
    open_app_page(page, app_server, "Xu_huong", province="42", index="PAPI", indicator="TOTAL")
    shot = screenshot(page, "trend_rank_axis")
    assert not errors(page), shot
    charts = page.locator(".js-plotly-plot")
    assert charts.count() == 2, shot  # the score, then the rank
    ranks = charts.nth(1).locator(".ytick text").all_text_contents()
    assert ranks and "0" not in ranks and all(int(t) >= 1 for t in ranks), (ranks, shot)


@pytest.mark.parametrize("lang", ["vi", "en"])
def test_an_exported_comparison_keeps_its_component_names_apart(browser_page, built_db, lang):
    """The PNG/SVG export of So sánh for PCI's 10 sub-indices (1600×900, type for a slide) printed
    "TIME · Chi" into "TRANSPARENCY": a word no line break shortens now sets a smaller type."""
    from chiso import charts, render, scores

    ranking = scores.edition_scores("PCI", 2023, db=built_db)
    top = list(ranking[ranking.indicator_code == "TOTAL"].sort_values("value", ascending=False).province_code[:3])
    parts = ranking[ranking.province_code.isin(top) & (ranking.indicator_code != "TOTAL")]
    name = "province_vi" if lang == "vi" else "province_en"
    label = parts.indicator_code + " · " + parts["name_vi" if lang == "vi" else "name_en"]  # as So sánh labels them
    df = parts.assign(indicator=label, province=parts[name])[["indicator", "province_code", "province", "value"]]
    fig = charts.compare_bars(df, lang, title="PCI 2023", source="VCCI", province_code=top[0])
    assert len(set(df.indicator)) == 10
    with render.Renderer() as r:
        svg = render.figure_svg(fig, lang=lang, renderer=r).decode()
    page = browser_page
    page.set_content(f"<html><body style='margin:0'>{svg}</body></html>")
    boxes = page.evaluate("""() => [...document.querySelectorAll('.xtick text')]
        .map(t => { const r = t.getBoundingClientRect(); return [t.textContent, r.left, r.right]; })""")
    boxes.sort(key=lambda b: b[1])
    assert len(boxes) == 10, boxes
    assert [(a[0], b[0]) for a, b in zip(boxes, boxes[1:]) if a[2] > b[1] - 2] == [], boxes


def test_a_trend_with_provinces_to_compare_keeps_its_source_under_the_legend(app_server, browser_page):
    """With two provinces beside the national lines the legend takes a second row, which ran into
    the source line under it."""
    page = browser_page
    page.set_viewport_size({"width": 1400, "height": 900})
    open_app_page(page, app_server, "Xu_huong", province="42", index="PAPI", indicator="TOTAL", trend_peers="40,44")
    shot = screenshot(page, "trend_peers_legend")
    assert not errors(page), shot
    gap = page.evaluate("""() => {
        const plot = document.querySelector('.js-plotly-plot');
        const legend = plot.querySelector('.legend').getBoundingClientRect();
        const source = [...plot.querySelectorAll('.annotation-text')].find(t => /^Nguồn/.test(t.textContent));
        return source.getBoundingClientRect().top - legend.bottom;
    }""")
    assert gap >= 0, (gap, shot)


def test_a_charts_title_fits_a_phones_width(app_server, browser_page):
    """At a phone's 412 px the ranking chart's title ("PAPI 2022: Tổng điểm PAPI (8 chỉ số nội dung):
    Hà Tĩnh 8/61") ran past the right edge: plotly does not wrap a title. It is drawn smaller on a
    narrow screen (the page's heading above says the same); at a laptop's width it keeps its size."""
    page = browser_page
    title_box = """() => { const plot = document.querySelector('.js-plotly-plot');
        const t = plot.querySelector('.gtitle').getBoundingClientRect(), p = plot.getBoundingClientRect();
        return [t.right, p.right, parseFloat(getComputedStyle(plot.querySelector('.gtitle')).fontSize)]; }"""
    page.set_viewport_size({"width": 412, "height": 900})
    open_app_page(page, app_server, "Xep_hang", province="42", index="PAPI", year="2022")
    page.wait_for_selector(".js-plotly-plot .gtitle")  # a loaded machine draws the chart after the script ends
    right, chart_right, size = page.evaluate(title_box)
    assert right <= chart_right and size < 17, (right, chart_right, size, screenshot(page, "phone_title"))
    page.set_viewport_size({"width": 1400, "height": 900})
    page.wait_for_timeout(800)
    # the wider page draws its chart again (under a loaded CI machine, later than 800 ms)
    page.wait_for_selector(".js-plotly-plot .gtitle")
    assert page.evaluate(title_box)[2] == 17


def labels_struck_by_markers(page) -> list[str]:
    """The first chart's bar labels whose box a marker (the national median's tick) crosses."""
    return page.evaluate("""() => {
        const plot = document.querySelector('.js-plotly-plot');
        const marks = [...plot.querySelectorAll('.scatterlayer .point')].map(p => p.getBoundingClientRect());
        return [...plot.querySelectorAll('.bartext')].filter(t => {
            const r = t.getBoundingClientRect();
            return marks.some(m => m.right > r.left && m.left < r.right && m.bottom > r.top && m.top < r.bottom);
        }).map(t => t.textContent);
    }""")


@pytest.mark.parametrize("lang", ["vi", "en"])
def test_the_national_median_never_strikes_through_a_component_score(app_server, browser_page, lang):
    """Tổng quan's component chart wrote each score at the end of its bar and the median's tick over
    it: Bình Phước's PAPI 2024 read "4,5|3", "6,5|8", "3,|32". The scores now stand in a column past
    the maximum's bar."""
    page = browser_page
    open_app_page(page, app_server, "", province="70", year="2024", lang=lang)
    shot = screenshot(page, f"component_scores_{lang}")
    assert not errors(page), shot
    labels = page.locator(".js-plotly-plot").first.locator(".bartext").all_text_contents()
    assert len(labels) == 8 and ("4,53" if lang == "vi" else "4.53") in labels, (labels, shot)
    assert page.locator(".js-plotly-plot").first.locator(".scatterlayer .point").count() == 8, shot
    assert labels_struck_by_markers(page) == [], shot
