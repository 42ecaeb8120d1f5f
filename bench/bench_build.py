"""Full build of the published-results database vs DuckDB's bare `read_csv` of the same files.

    python bench/bench_build.py [--runs 3]

Prints the median of each and their ratio: what validation, source merging,
derivation and ranking cost on top of simply reading the canonical CSVs.
"""
from __future__ import annotations

import argparse
import statistics
import sys
import tempfile
import time
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parent.parent))

import duckdb  # noqa: E402

from chiso import paths  # noqa: E402
from etl.build import build, published_files  # noqa: E402


def bare_read(files: list[Path], db: Path) -> int:
    con = duckdb.connect(str(db))
    rows = 0
    for i, f in enumerate(files):
        con.execute(f"CREATE TABLE t{i} AS SELECT * FROM read_csv(?, header=true, all_varchar=false)", [str(f)])
        rows += con.execute(f"SELECT count(*) FROM t{i}").fetchone()[0]
    con.close()
    return rows


def main() -> None:
    ap = argparse.ArgumentParser()
    ap.add_argument("--runs", type=int, default=3)
    args = ap.parse_args()
    files = published_files()
    build_times, bare_times = [], []
    with tempfile.TemporaryDirectory() as tmp:
        for run in range(args.runs):
            t0 = time.perf_counter()
            rows = bare_read(files, Path(tmp) / f"bare{run}.duckdb")
            bare_times.append(time.perf_counter() - t0)
            t0 = time.perf_counter()
            build(Path(tmp) / f"full{run}.duckdb", progress=lambda *_: None)
            build_times.append(time.perf_counter() - t0)
    b, f = statistics.median(bare_times), statistics.median(build_times)
    print(f"files: {len(files)} canonical CSVs under {paths.PUBLISHED_DIR.relative_to(paths.ROOT)}, {rows} rows")
    print(f"bare DuckDB read_csv (baseline): {b:.3f} s (median of {args.runs})")
    print(f"full chiso build:                {f:.3f} s (median of {args.runs})")
    print(f"ratio build / bare read:         {f / b:.1f}x")


if __name__ == "__main__":
    main()
