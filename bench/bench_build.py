"""Full build of the published-results database vs DuckDB's bare `read_csv` of the same files.

    python bench/bench_build.py [--runs 3] [--factor 100] [--factor-runs 1]

Prints the median of each and their ratio, on the bundled data and on a SYNTHETIC copy `--factor`
times larger (bench/make_synthetic_db.py; 0 skips it): what validation, source merging,
derivation and ranking cost on top of simply reading the canonical CSVs.
"""
from __future__ import annotations

import argparse
import statistics
import sys
import tempfile
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))
sys.path.insert(0, str(ROOT / "bench"))

import duckdb  # noqa: E402

from chiso import paths  # noqa: E402
from etl.build import build  # noqa: E402
from etl.staging import files_in  # noqa: E402


def bare_read(files: list[Path], db: Path) -> int:
    con = duckdb.connect(str(db))
    rows = 0
    for i, f in enumerate(files):
        con.execute(f"CREATE TABLE t{i} AS SELECT * FROM read_csv(?, header=true, all_varchar=false)", [str(f)])
        rows += con.execute(f"SELECT count(*) FROM t{i}").fetchone()[0]
    con.close()
    return rows


def measure(files, runs, build_once, tmp: Path, label: str) -> None:
    build_times, bare_times = [], []
    for run in range(runs):
        t0 = time.perf_counter()
        rows = bare_read(files, tmp / f"bare-{label}-{run}.duckdb")
        bare_times.append(time.perf_counter() - t0)
        (tmp / f"bare-{label}-{run}.duckdb").unlink()
        build_times.append(build_once(tmp / f"full-{label}-{run}.duckdb"))
        (tmp / f"full-{label}-{run}.duckdb").unlink(missing_ok=True)
    b, f = statistics.median(bare_times), statistics.median(build_times)
    # each build beside the bare read just before it: this machine's speed drifts by a fifth within
    # minutes, which a ratio of two medians taken across the whole run carries into the figure
    paired = sorted(full / bare for full, bare in zip(build_times, bare_times))
    print(f"[{label}] {len(files)} CSV files, {rows:,} rows")
    print(f"[{label}] bare DuckDB read_csv (baseline): {b:.3f} s (median of {runs})")
    print(f"[{label}] full chiso build:                {f:.3f} s (median of {runs})")
    print(f"[{label}] ratio build / bare read:         {f / b:.2f}x (of the medians)")
    print(f"[{label}] ratio, each build / its bare read: median {statistics.median(paired):.2f}x, "
          f"from {paired[0]:.2f}x to {paired[-1]:.2f}x")


def timed_build(db: Path) -> float:
    t0 = time.perf_counter()
    build(db, progress=lambda *_: None)
    return time.perf_counter() - t0


def main() -> None:
    ap = argparse.ArgumentParser()
    ap.add_argument("--runs", type=int, default=3)
    ap.add_argument("--factor", type=int, default=100)
    ap.add_argument("--factor-runs", type=int, default=1)
    args = ap.parse_args()
    with tempfile.TemporaryDirectory() as tmp:
        measure(files_in(paths.PUBLISHED_DIR), args.runs, timed_build, Path(tmp), "bundled")
        if args.factor > 1:
            from make_synthetic_db import build_in, write_data
            folder = write_data(args.factor)
            measure(files_in(folder / "published"), args.factor_runs, lambda db: build_in(folder, db), Path(tmp),
                    f"SYNTHETIC x{args.factor}")


if __name__ == "__main__":
    main()
