"""Write a SYNTHETIC database 100 times larger than the real one, for benchmarks only.

    python bench/make_synthetic_db.py [--out bench/out/synthetic_x100.duckdb] [--factor 100] [--seed 1]

It builds the real database from data/ and then adds (factor - 1) synthetic copies of every
pre-2025 province: province codes `SYN<k><code>`, names starting "SYN", and random values
(no 2025 successor, so the new-province views are unchanged; each real value times a uniform factor in [0,9; 1,1], clipped to the indicator's range), no rank.
A table `synthetic` says what the file is. Nothing here is published data: the file is written under
bench/out/ (git-ignored), never into data/.
"""
from __future__ import annotations

import argparse
import sys
import time
from pathlib import Path

import duckdb

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))

DEFAULT_OUT = ROOT / "bench" / "out" / "synthetic_x100.duckdb"


def make(out: Path = DEFAULT_OUT, factor: int = 100, seed: int = 1) -> Path:
    from etl.build import build

    out.parent.mkdir(parents=True, exist_ok=True)
    if out.exists():
        out.unlink()
    build(out, progress=lambda *_: None)
    con = duckdb.connect(str(out))
    con.execute("SELECT setseed(?)", [seed / 1000])
    con.execute("CREATE TABLE copies AS SELECT range AS k FROM range(1, ?)", [factor])
    con.execute("""
        INSERT INTO provinces
        SELECT 'SYN' || lpad(k::VARCHAR, 3, '0') || p.province_code,
               'SYN ' || lpad(k::VARCHAR, 3, '0') || ' ' || p.name_vi,
               'SYN ' || lpad(k::VARCHAR, 3, '0') || ' ' || p.name_en,
               p.region_vi, p.region_en, NULL, NULL  -- part of no 2025 province
        FROM provinces p, copies WHERE p.province_code NOT LIKE 'SYN%'""")
    # Random values around the real ones, inside the indicator's published range; no ranks.
    con.execute("""
        INSERT INTO scores
        SELECT s.index_code, s.year, s.province_set, 'SYN' || lpad(k::VARCHAR, 3, '0') || s.province_code,
               s.indicator_code,
               CASE WHEN s.value IS NULL THEN NULL
                    ELSE least(coalesce(i.max_value, 1e9), greatest(coalesce(i.min_value, 0),
                               s.value * (0.9 + 0.2 * random()))) END,
               NULL, NULL, NULL, NULL, s.derived, 'SYNTHETIC (random, not published)', 'synthetic',
               false, s.edition_coverage, 'synthetic', s.period
        FROM scores s
        JOIN indicators i ON i.index_code = s.index_code AND i.indicator_code = s.indicator_code
                         AND s.year BETWEEN i.first_year AND coalesce(i.last_year, 9999)
        , copies
        WHERE s.province_set = '63' AND s.province_code NOT LIKE 'SYN%'""")
    con.execute("DROP TABLE copies")
    con.execute("CREATE TABLE synthetic AS SELECT true AS synthetic, ? AS factor, ? AS seed, ? AS made_at, "
                "'SYNTHETIC benchmark database: random values, not published data' AS note",
                [factor, seed, time.strftime("%Y-%m-%dT%H:%M:%S")])
    con.close()
    return out


def main() -> int:
    ap = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    ap.add_argument("--out", type=Path, default=DEFAULT_OUT)
    ap.add_argument("--factor", type=int, default=100)
    ap.add_argument("--seed", type=int, default=1)
    a = ap.parse_args()
    t0 = time.perf_counter()
    out = make(a.out, a.factor, a.seed)
    con = duckdb.connect(str(out), read_only=True)
    n_scores, n_prov = con.execute("SELECT (SELECT count(*) FROM scores), (SELECT count(*) FROM provinces)").fetchone()
    print(f"SYNTHETIC database {out}: {n_scores:,} score rows, {n_prov:,} provinces "
          f"(x{a.factor}), {time.perf_counter() - t0:.1f} s")
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
