"""A page visit costs one script run and one full drawing of each chart (real server, headless
Chromium, the bundled database), and keeps what the user chose.

Counted where they happen: script runs and chart elements on Streamlit's websocket (its own protobuf
messages, decoded), full plotly drawings in the page (`plotly_beforeplot`: plotly.js emits it when it
draws a figure from scratch, not when `Plotly.react` finds nothing changed; `plotly_afterplot` ends
each call). Streamlit's chart element calls `Plotly.react` twice on every chart it shows (see
chiso/ui_charts.py); the second call must find nothing to redraw.
"""
from __future__ import annotations

import pytest

from browser import errors, open_app_page, wait_until_idle

SIDEBAR_LINK = '[data-testid="stSidebar"] [data-testid="stSidebarNav"] a'

# Every plotly graph reports its full drawings and its `Plotly.react` completions from its first draw
# on: plotly.js gives a graph its event emitter (`gd._ev = ...`) before drawing anything, so listening
# from that assignment on misses nothing. The emitter then becomes the graph's own property as usual.
COUNT_DRAWS = """
window.__draws = [];
Object.defineProperty(HTMLDivElement.prototype, '_ev', {
  configurable: true,
  get() { return undefined; },
  set(ev) {
    Object.defineProperty(this, '_ev', {value: ev, writable: true, configurable: true, enumerable: true});
    if (!ev || !ev.on) return;
    ev.on('plotly_beforeplot', () => { window.__draws.push(['full', this]); });
    ev.on('plotly_afterplot', () => { window.__draws.push(['react', this]); });
  },
});
"""
TAKE_DRAWS = """() => window.__draws.splice(0).map(([kind, gd]) => {
  gd.__drawId = gd.__drawId || Math.random().toString(36).slice(2);
  const m = (gd.layout || {}).meta;
  return [kind, ((Array.isArray(m) ? m[0] : m) || {}).chart || '?', gd.__drawId];
})"""


class Wire:
    """Script runs and chart elements Streamlit sent since the last `take()`."""

    def __init__(self, page):
        from streamlit.proto.ForwardMsg_pb2 import ForwardMsg

        self.runs = self.charts = 0
        self._msg = ForwardMsg
        self._chart_hashes: set[str] = set()  # a large element is sent once, then by its hash
        page.on("websocket", lambda ws: ws.on("framereceived", self._frame))

    def _frame(self, payload) -> None:
        if isinstance(payload, str):
            return
        msg = self._msg.FromString(payload)
        kind = msg.WhichOneof("type")
        if kind == "new_session":
            self.runs += 1
        elif kind == "ref_hash":
            self.charts += msg.ref_hash in self._chart_hashes
        elif kind == "delta" and msg.delta.WhichOneof("type") == "new_element":
            if msg.delta.new_element.WhichOneof("type") == "plotly_chart":
                self.charts += 1
                self._chart_hashes.add(msg.hash)

    def take(self) -> tuple[int, int]:
        out = self.runs, self.charts
        self.runs = self.charts = 0
        return out


def draws(page) -> list[list[str]]:
    return page.evaluate(TAKE_DRAWS)


def settle(page) -> None:
    page.wait_for_timeout(300)
    wait_until_idle(page)
    page.wait_for_timeout(700)  # the second Plotly.react of each chart comes after Streamlit's redraw


@pytest.fixture
def counted_page(browser_page):
    browser_page.add_init_script(COUNT_DRAWS)
    return browser_page, Wire(browser_page)


@pytest.mark.parametrize("view", [{"province": "42"}, {"set": "34", "province2025": "44"}], ids=["63", "34"])
def test_a_page_visit_is_one_run_and_one_full_drawing_per_chart(app_server, counted_page, view):
    page, wire = counted_page
    open_app_page(page, app_server, "Xep_hang", index="PAPI", year="2022", **view)
    settle(page)  # a first visit also writes the remembered choices to a cookie (a script in the page)
    wire.take(), draws(page)
    visits = [("click", "Bản đồ", "map", 1), ("click", "Xếp hạng", "ranking", 1), ("reload", None, "ranking", 1),
              ("click", "Xu hướng", "?", 2), ("reload", None, "?", 2), ("click", "Bản đồ", "map", 1),
              ("reload", None, "map", 1)]
    for how, title, chart, n in visits:
        if how == "click":
            page.locator(SIDEBAR_LINK, has_text=title).first.click()
        else:
            page.reload(wait_until="commit")
        settle(page)
        assert not errors(page), (how, title, errors(page))
        if chart != "?":  # the year chosen stays chosen, through a reload of a page that asks for none (Xu hướng)
            assert "year=2022" in page.url, (how, title, page.url)
        seen = draws(page)
        runs, charts = wire.take()
        assert (runs, charts) == (1, n), (how, title, page.url, f"{runs} script runs, {charts} chart elements")
        graphs: dict[str, list[str]] = {}
        for kind, tag, graph in seen:
            graphs.setdefault(graph, []).append(kind)
            assert tag == chart, (how, title, seen)
        assert len(graphs) == n, (how, title, seen)
        for kinds in graphs.values():
            # The first Plotly.react draws (plotly may lay the graph out twice in it: automargin); the
            # second, Streamlit's re-theming, must find nothing to redraw.
            assert "react" in kinds and "full" not in kinds[kinds.index("react") + 1:], (how, title, seen)


def test_a_choice_is_one_run_and_a_deck_clicked_right_after_downloads(app_server, counted_page):
    """Each choice also wrote the remembered choices through a cookie component whose acknowledgement
    reran the page: a deck or a pack clicked in that moment did nothing (Streamlit drops a run's deferred
    downloads once the next run has drawn its own, "Deferred file … not found" in the server's log)."""
    from test_browser_frame import choose

    page, wire = counted_page
    open_app_page(page, app_server, "Xuat_ban", province="42", year="2024")
    settle(page)
    wire.take()
    for year in ("2023", "2022"):
        choose(page, "Năm đánh giá", year)
        settle(page)
        runs, _charts = wire.take()
        assert runs == 1, (year, f"{runs} script runs")
    with page.expect_download(timeout=180_000) as download:
        page.get_by_role("button", name="Tải bộ slide (PPTX)").click()
    assert download.value.suggested_filename.endswith("_2022.pptx"), download.value.suggested_filename
    assert "Deferred file" not in app_server.log.read_text(errors="replace")
