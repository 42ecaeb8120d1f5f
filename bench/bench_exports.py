"""Export timings: one chart as PNG, a whole briefing deck (warm and cold), the briefing pack, the
dataset ZIP, against bare baselines measured in the same run.

    python bench/bench_exports.py [--runs 5] [--province "Hà Tĩnh"] [--year 2022]

Baselines in the same run: `fig.to_json()` (what any export must at least serialise), a blank
figure's PNG (kaleido's fixed cost per image, browser already up), and the browser's start.
"""
from __future__ import annotations

import argparse
import io
import sys
import tempfile
import time
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parent.parent))

import plotly.graph_objects as go  # noqa: E402

from chiso import charts, deck, names, render, scores, tables  # noqa: E402
from timing import timed  # noqa: E402  (bench/ is on sys.path when run as a script)


def main() -> int:
    ap = argparse.ArgumentParser()
    ap.add_argument("--runs", type=int, default=5)
    ap.add_argument("--province", default="Hà Tĩnh")
    ap.add_argument("--year", type=int, default=2022)
    args = ap.parse_args()
    code = names.resolve_province(args.province)
    ranking = scores.ranking("PAPI", args.year)
    fig = charts.ranking_bar(ranking, code, title=f"PAPI {args.year}", source=f"UNDP, PAPI {args.year}")
    blank = go.Figure()

    t = time.perf_counter()
    r = render.Renderer().start()
    browser_start = time.perf_counter() - t
    render.figure_png(blank, renderer=r)  # warm-up: first page load in the tab
    rows = []
    rows.append(("baseline: fig.to_json() of the ranking chart", *timed(fig.to_json, args.runs)))
    rows.append(("baseline: blank figure PNG 1600×900", *timed(lambda: render.figure_png(blank, renderer=r), args.runs)))
    rows.append(("ranking chart PNG 1600×900 (63 provinces)", *timed(lambda: render.figure_png(fig, renderer=r), args.runs)))
    rows.append(("ranking chart SVG", *timed(lambda: render.figure_svg(fig, renderer=r), args.runs)))
    deck_runs = max(1, args.runs // 2)
    rows.append(("whole deck, warm (browser reused)",
                 *timed(lambda: deck.build_deck(code, args.year, io.BytesIO(), renderer=r), deck_runs)))
    rows.append(("briefing pack, warm (deck + PNG/SVG + XLSX, ZIP)",
                 *timed(lambda: deck.briefing_pack(code, args.year, renderer=r)[0], deck_runs)))
    r.close()
    rows.append(("whole deck, cold (starts its own browser)",
                 *timed(lambda: deck.build_deck(code, args.year, io.BytesIO()), deck_runs)))
    rows.append(("dataset ZIP (all values, README)", *timed(tables.dataset_zip, deck_runs)))
    print(f"browser start (chromium via kaleido): {browser_start:.2f} s")
    print(f"{'what':52} {'median':>9}  size")
    for label, seconds, result in rows:
        size = ""
        if isinstance(result, (bytes, str)):
            size = f"{len(result) / 1024:,.0f} KiB"
        elif isinstance(result, deck.DeckReport):
            size = f"{len(result.path.getvalue()) / 1024:,.0f} KiB, {result.slides} slides, {result.images} charts"
        print(f"{label:52} {seconds:8.3f}s  {size}")
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
