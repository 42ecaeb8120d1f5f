"""What any build that names a bad cell must at least do, against bench_build.py's baseline.

    python bench/bench_build_floor.py [--runs 4] [--factor 100]

The bare baseline of bench_build.py reads each CSV with DuckDB's type detection into a table. A
build that names the file, row and column of a bad cell reads every cell as text first, and writes
at least one table of the results' shape. This does only that: every canonical CSV read as text,
then one typed table shaped like `scores` written from them, with no validation, merging, derivation
or ranking. Alternated with the baseline in one run, on the bundled data and on a SYNTHETIC copy
`--factor` times larger (bench/make_synthetic_db.py; 0 skips it). The printed ratio is a floor for
bench_build.py's own ratio: issue 14's ×2 at ×100 leaves `2 - floor` times the baseline for
everything else.
"""
from __future__ import annotations

import argparse
import sys
import tempfile
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))
sys.path.insert(0, str(ROOT / "bench"))

import duckdb  # noqa: E402

from bench_build import bare_read  # noqa: E402
from chiso import paths  # noqa: E402
from etl.staging import files_in  # noqa: E402
from timing import alternated  # noqa: E402

SCORES_SHAPED = """SELECT "Chỉ số" AS index_code, TRY_CAST("Năm" AS INTEGER) AS year, "Bộ tỉnh" AS province_set,
    "Mã tỉnh" AS province_code, "Mã thành phần" AS indicator_code,
    TRY_CAST(replace("Giá trị", ',', '.') AS DOUBLE) AS value, TRY_CAST("Xếp hạng công bố" AS INTEGER) AS rank,
    TRY_CAST("Số tỉnh xếp hạng" AS INTEGER) AS ranked_count, "Nguồn" AS source, "Ghi chú" AS note FROM {table}"""


def text_read_and_one_write(files: list[Path], db: Path) -> None:
    con = duckdb.connect(str(db))
    parts = []
    for i, f in enumerate(files):
        con.execute(f"CREATE TEMP TABLE t{i} AS SELECT * FROM read_csv(?, header=true, all_varchar=true)", [str(f)])
        if "Mã thành phần" in {r[0] for r in con.execute(f"DESCRIBE t{i}").fetchall()}:
            parts.append(SCORES_SHAPED.format(table=f"t{i}"))
    con.execute(f"CREATE TABLE scores AS {' UNION ALL '.join(parts)}")
    con.close()


def measure(files: list[Path], runs: int, label: str) -> None:
    with tempfile.TemporaryDirectory() as tmp:
        def fresh(fn):
            def run():
                db = Path(tmp) / "x.duckdb"
                db.unlink(missing_ok=True)
                fn(files, db)
            return run
        bare, floor = alternated(fresh(bare_read), fresh(text_read_and_one_write), runs)
    print(f"[{label}] bare DuckDB read_csv (baseline):            {bare:.3f} s (median of {runs})")
    print(f"[{label}] read as text + one scores-shaped write:     {floor:.3f} s (median of {runs})")
    print(f"[{label}] floor of any build that names bad cells:    {floor / bare:.2f}x the baseline")


def main() -> None:
    ap = argparse.ArgumentParser()
    ap.add_argument("--runs", type=int, default=4)
    ap.add_argument("--factor", type=int, default=100)
    args = ap.parse_args()
    measure(files_in(paths.PUBLISHED_DIR), args.runs, "bundled")
    if args.factor > 1:
        from make_synthetic_db import write_data
        measure(files_in(write_data(args.factor) / "published"), args.runs, f"SYNTHETIC x{args.factor}")


if __name__ == "__main__":
    main()
