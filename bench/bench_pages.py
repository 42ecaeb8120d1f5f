"""Server-side run time of the leadership pages (AppTest, no browser) on the real database and on
a SYNTHETIC database 100 times larger (bench/make_synthetic_db.py), with baselines measured in
the same run: an empty AppTest page (Streamlit's own overhead) and the raw DuckDB ranking query.

    python bench/bench_pages.py [--runs 5] [--synthetic bench/out/synthetic_x100.duckdb]

"cold" = the page's first run after clearing Streamlit's data cache (what a user meets after a
rebuild); "warm" = later runs (cache hits keyed by the database version). Figures are medians.
"""
from __future__ import annotations

import argparse
import os
import statistics
import sys
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))

from streamlit.testing.v1 import AppTest  # noqa: E402

PAGES = [
    ("Tổng quan", "pages/0_Tong_quan.py", {"province": "42", "year": "2022"}),
    ("Tổng quan, tỉnh mới", "pages/0_Tong_quan.py", {"set": "34", "province2025": "75", "year": "2022"}),
    ("Xếp hạng PAPI", "pages/1_Xep_hang.py", {"province": "42", "index": "PAPI", "year": "2022", "indicator": "TOTAL"}),
    ("Xu hướng PAPI", "pages/2_Xu_huong.py", {"province": "42", "index": "PAPI", "indicator": "TOTAL"}),
    ("Bản đồ PAPI", "pages/3_Ban_do.py", {"province": "42", "index": "PAPI", "year": "2022", "indicator": "TOTAL"}),
    ("So sánh PAPI top 5", "pages/4_So_sanh.py", {"province": "42", "index": "PAPI", "year": "2022", "peer_mode": "top5"}),
    ("Phương pháp PAPI", "pages/5_Phuong_phap.py", {"index": "PAPI"}),
]
EMPTY_PAGE = "import streamlit as st\nst.title('chiso')\n"


def run_page(path: str | None, params: dict) -> float:
    at = AppTest.from_string(EMPTY_PAGE) if path is None else AppTest.from_file(str(ROOT / path), default_timeout=120)
    for k, v in params.items():
        at.query_params[k] = v
    t0 = time.perf_counter()
    at.run()
    elapsed = time.perf_counter() - t0
    if at.exception:
        raise RuntimeError(f"{path}: {at.exception[0].value}")
    return elapsed


def measure(db: Path, runs: int) -> list[tuple[str, float, float]]:
    import streamlit as st

    from chiso import db as chiso_db
    from chiso import scores

    os.environ["CHISO_DB"] = str(db)
    rows = []
    raw = []
    for _ in range(runs):
        t0 = time.perf_counter()
        scores.ranking("PAPI", 2022, "TOTAL", db)
        raw.append(time.perf_counter() - t0)
    rows.append(("baseline: DuckDB ranking query", statistics.median(raw), statistics.median(raw)))
    empty = [run_page(None, {}) for _ in range(runs)]
    rows.append(("baseline: empty AppTest page", statistics.median(empty), statistics.median(empty)))
    for label, path, params in PAGES:
        cold = []
        for _ in range(max(3, runs // 2)):
            st.cache_data.clear()
            chiso_db.connect(db)  # connection opening is not the page's cost
            cold.append(run_page(path, params))
        warm = [run_page(path, params) for _ in range(runs)]
        rows.append((label, statistics.median(cold), statistics.median(warm)))
    return rows


def main() -> int:
    ap = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    ap.add_argument("--runs", type=int, default=5)
    ap.add_argument("--real", type=Path, default=None, help="real database (default: build one into bench/out)")
    ap.add_argument("--synthetic", type=Path, default=ROOT / "bench" / "out" / "synthetic_x100.duckdb")
    a = ap.parse_args()
    from make_synthetic_db import make, real_db  # type: ignore  # bench/ is on sys.path when run as a script
    real = real_db(a.real)
    if not a.synthetic.exists():
        make(a.synthetic)
    results = {"real": measure(real, a.runs), "SYNTHETIC x100": measure(a.synthetic, a.runs)}
    print(f"Server-side page run time, median of runs (s); {a.runs} warm runs, cold = after cache clear")
    print(f"{'page':38} {'real cold':>10} {'real warm':>10} {'x100 cold':>10} {'x100 warm':>10}")
    for (label, rc, rw), (_, sc, sw) in zip(results["real"], results["SYNTHETIC x100"]):
        print(f"{label:38} {rc:10.3f} {rw:10.3f} {sc:10.3f} {sw:10.3f}")
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
