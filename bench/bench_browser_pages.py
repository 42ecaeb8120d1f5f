"""The Map page against the Rankings page in a real browser, same server, same run (issue 14:
"Map page in the browser <= 1.5x the Rankings page").

    python bench/bench_browser_pages.py [--rounds 7] [--db bench/out/real.duckdb] [--views 63,34]

Starts `streamlit run app.py` (headless, free port) on a database built from the bundled data and
drives the system Chromium (Playwright; the same server and browser settings as tests/browser.py).
Rounds alternate the two pages, so a slow moment of this shared machine falls on both:
- "click": from a click on the page's sidebar link (the other page showing) to the page rendered;
- "load": from asking for the page's address (a reload, F5) to the page rendered.
"Rendered" = the address is the page's, Streamlit is no longer running (no status widget, no stale
element), the page's heading is there and its plotly chart (told by `layout.meta.chart`, or `layout.meta[0].chart`) is drawn:
the map's 63 province shapes are filled (or, for the MapLibre map before issue 14, its canvas has
loaded them: `map.loaded()`), the rankings' bars exist. The time is the first moment of the
final rendered state (a state that held QUIET_MS without a rerun), or the end of the chart's last
redraw in it (plotly_afterplot: Streamlit draws a chart twice), so the quiet wait is not counted.
Also printed: bytes Streamlit sent on the websocket per visit (the figure's JSON travels there).
Before the rounds each page is visited once (server caches warm; that first visit is printed apart).
"""
from __future__ import annotations

import argparse
import statistics
import sys
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))
sys.path.insert(0, str(ROOT / "tests"))

from browser import CHROMIUM, CHROMIUM_ARGS, start_server, stop_server  # noqa: E402

QUIET_MS = 1200
# page -> (URL name, sidebar title, its chart's layout.meta.chart)
PAGES = {"rankings": ("Xep_hang", "Xếp hạng", "ranking"), "map": ("Ban_do", "Bản đồ", "map")}
VIEWS = {"63": {"province": "42"}, "34": {"set": "34", "province2025": "44"}}
COMMON = {"index": "PAPI", "year": "2022", "indicator": "TOTAL"}

# Resolves with the epoch time (ms) at which the page reached its final rendered state.
RENDERED = """async ([slug, kind, quietMs, timeoutMs]) => {
  const now = () => performance.timeOrigin + performance.now();
  const start = now();
  // Streamlit draws a chart, then redraws it once its theme is applied: the later draw counts.
  let lastPlot = 0;
  const hook = gd => {
    if (gd.on && !gd.__benchHooked) { gd.__benchHooked = true; gd.on('plotly_afterplot', () => { lastPlot = now(); }); }
  };
  const drawn = () => {
    if (!location.pathname.endsWith('/' + slug)) return false;
    if (document.querySelector('[data-testid="stStatusWidget"]')) return false;
    if (document.querySelector('[data-stale="true"]')) return false;
    if (!document.querySelector('[data-testid="stMainBlockContainer"] h1')) return false;
    const plots = [...document.querySelectorAll('[data-testid="stMain"] .js-plotly-plot')];
    if (!plots.length || plots.some(gd => !gd._fullLayout)) return false;
    plots.forEach(hook);
    // layout.meta is {chart} as the figure has it, or [{chart}] as chiso.ui_charts sends it
    const tag = gd => { const m = (gd.layout || {}).meta; return ((Array.isArray(m) ? m[0] : m) || {}).chart; };
    const chart = plots.find(gd => tag(gd) === kind);
    if (!chart) return false;
    if (kind === 'map' && chart._fullLayout.map) {  // a MapLibre map (before the SVG map): shapes loaded
      const sp = chart._fullLayout.map._subplot;
      return !!(sp && sp.map && sp.map.loaded() && sp.map.areTilesLoaded());
    }
    if (kind === 'map') return chart.querySelectorAll('.scatterlayer path.js-fill').length >= 63;
    return chart.querySelectorAll('.barlayer .point path').length > 0;
  };
  let since = null;
  while (now() - start < timeoutMs) {
    if (drawn()) {
      if (since === null) since = now();
      if (lastPlot > since) since = lastPlot;
      if (now() - since >= quietMs) return since;
    } else {
      since = null;
    }
    await new Promise(r => requestAnimationFrame(() => setTimeout(r, 0)));
  }
  throw new Error('not rendered within ' + timeoutMs + ' ms: ' + slug);
}"""

CLICK = """([title]) => {
  const links = [...document.querySelectorAll('[data-testid="stSidebar"] [data-testid="stSidebarNav"] a')];
  const link = links.find(a => a.innerText.trim().includes(title));
  if (!link) throw new Error('no sidebar link ' + title);
  const t0 = performance.timeOrigin + performance.now();
  link.click();
  return t0;
}"""


class Wire:
    """Bytes the server sent on Streamlit's websocket (largest frame too) since the last reset."""

    def __init__(self, page):
        self.total = self.largest = 0
        page.on("websocket", lambda ws: ws.on("framereceived", self._frame))

    def _frame(self, payload) -> None:
        n = len(payload)
        self.total += n
        self.largest = max(self.largest, n)

    def take(self) -> tuple[int, int]:
        out = (self.total, self.largest)
        self.total = self.largest = 0
        return out


def url(server, slug: str, view: str) -> str:
    from urllib.parse import urlencode
    return f"{server.url}/{slug}?" + urlencode({**VIEWS[view], **COMMON})


def rendered(page, name: str, timeout_ms: int) -> float:
    slug, _, kind = PAGES[name]
    return page.evaluate(RENDERED, [slug, kind, QUIET_MS, timeout_ms])


def visit_by_click(page, name: str, timeout_ms: int) -> float:
    t0 = page.evaluate(CLICK, [PAGES[name][1]])
    return (rendered(page, name, timeout_ms) - t0) / 1000


def visit_by_load(page, server, name: str, view: str, timeout_ms: int) -> float:
    t0 = time.time() * 1000
    page.goto(url(server, PAGES[name][0], view), wait_until="commit", timeout=timeout_ms)
    return (rendered(page, name, timeout_ms) - t0) / 1000


def run(server, browser, view: str, rounds: int, timeout_ms: int, deadline: float) -> dict:
    """{(page, how): [(seconds, bytes, largest frame), ...]} for one province view."""
    context = browser.new_context(viewport={"width": 1400, "height": 1000}, locale="vi-VN")
    page = context.new_page()
    wire = Wire(page)
    out: dict[tuple[str, str], list] = {}
    try:
        first = visit_by_load(page, server, "rankings", view, timeout_ms)
        out[("rankings", "first load")] = [(first, *wire.take())]
        first = visit_by_click(page, "map", timeout_ms)
        out[("map", "first click")] = [(first, *wire.take())]
        for r in range(rounds):
            if time.time() > deadline:
                print(f"  time budget spent: {r} rounds of {rounds} in view {view}", flush=True)
                break
            # Alternate which page goes first, so neither always follows the other's heavy moment.
            order = ("rankings", "map") if r % 2 == 0 else ("map", "rankings")
            for name in order:
                other = "map" if name == "rankings" else "rankings"
                if not page.url.split("?")[0].endswith(PAGES[other][0]):
                    visit_by_load(page, server, other, view, timeout_ms)
                    wire.take()
                out.setdefault((name, "click"), []).append((visit_by_click(page, name, timeout_ms), *wire.take()))
            for name in order:
                out.setdefault((name, "load"), []).append((visit_by_load(page, server, name, view, timeout_ms),
                                                           *wire.take()))
    finally:
        context.close()
    return out


def report(view: str, res: dict) -> None:
    print(f"\n{view}-province view ({', '.join(f'{k}={v}' for k, v in {**VIEWS[view], **COMMON}.items())})")
    print(f"{'page':10} {'how':12} {'n':>3} {'median s':>9} {'worst s':>8} {'sent kB':>8} {'largest kB':>10}")
    for (name, how), rows in sorted(res.items(), key=lambda kv: (kv[0][1], kv[0][0])):
        secs = [s for s, _, _ in rows]
        print(f"{name:10} {how:12} {len(rows):3d} {statistics.median(secs):9.2f} {max(secs):8.2f} "
              f"{statistics.median(b for _, b, _ in rows) / 1024:8.0f} {max(m for _, _, m in rows) / 1024:10.0f}")
    for how in ("click", "load"):
        if ("map", how) in res and ("rankings", how) in res:
            m = [s for s, _, _ in res[("map", how)]]
            r = [s for s, _, _ in res[("rankings", how)]]
            print(f"Map / Rankings, {how}: median ×{statistics.median(m) / statistics.median(r):.2f}, "
                  f"worst ×{max(m) / max(r):.2f}  (issue 14 asks ≤ ×1.5)")


def main() -> int:
    ap = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    ap.add_argument("--rounds", type=int, default=7)
    ap.add_argument("--db", type=Path, default=None, help="built database (default: build one into bench/out)")
    ap.add_argument("--views", default="63,34", help="province views to measure: 63, 34 or both")
    ap.add_argument("--budget", type=float, default=900, help="seconds; stop starting rounds after this")
    ap.add_argument("--timeout", type=float, default=60, help="seconds one visit may take before failing")
    a = ap.parse_args()
    from make_synthetic_db import real_db  # type: ignore  # bench/ is on sys.path when run as a script
    db = real_db(a.db)
    from playwright.sync_api import sync_playwright

    deadline = time.time() + a.budget
    server = start_server(db)
    try:
        with sync_playwright() as p:
            browser = p.chromium.launch(executable_path=CHROMIUM, args=CHROMIUM_ARGS)
            try:
                views = [v.strip() for v in a.views.split(",") if v.strip()]
                results = {v: run(server, browser, v, a.rounds, int(a.timeout * 1000), deadline) for v in views}
            finally:
                browser.close()
    finally:
        stop_server(server)
    print(f"Browser time to a rendered page (s), headless Chromium, {a.rounds} alternating rounds; "
          f"rendered = script finished and chart drawn (held {QUIET_MS} ms, not counted)")
    for v, res in results.items():
        report(v, res)
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
