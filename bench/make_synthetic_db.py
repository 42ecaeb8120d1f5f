"""A SYNTHETIC data folder and database 100 times larger than the real one, for benchmarks only.

    python bench/make_synthetic_db.py [--factor 100] [--out bench/out/synthetic_x100.duckdb]

Writes bench/out/synthetic_x<factor>/ (git-ignored, never data/): the catalog, provinces.csv with
(factor - 1) copies of every pre-2025 province (codes `<k><code>`, names "SYN <k> <name>", part of no
2025 province), province sets scaled to match, and every canonical file of data/published with each
province row copied for each synthetic province, the same values, sources prefixed "SYNTHETIC".
Then the real build (`etl.build.build`, with CHISO_DATA_DIR pointing there) makes the database, so
the benchmark measures the build itself at that size; a table `synthetic` says what the file is.
Nothing here is published data and nothing is shown as real.
"""
from __future__ import annotations

import argparse
import json
import os
import shutil
import subprocess
import sys
import time
from pathlib import Path

import duckdb

ROOT = Path(__file__).resolve().parent.parent
OUT = ROOT / "bench" / "out"
DEFAULT_OUT = OUT / "synthetic_x100.duckdb"
MARK = "SYNTHETIC (benchmark copy, not published): "


def write_data(factor: int = 100, folder: Path | None = None) -> Path:
    """The synthetic data folder (same layout as data/); reused when already written for this factor."""
    sys.path.insert(0, str(ROOT))
    from chiso import paths

    folder = folder or OUT / f"synthetic_x{factor}"
    done = folder / "SYNTHETIC.json"
    if done.exists() and json.loads(done.read_text())["factor"] == factor:
        return folder
    shutil.rmtree(folder, ignore_errors=True)
    shutil.copytree(paths.CATALOG_DIR, folder / "catalog")
    shutil.copytree(paths.DATA_DIR / "geo", folder / "geo")  # with the build's map cache
    (folder / "published").mkdir(parents=True)
    con = duckdb.connect()
    con.execute("CREATE TABLE copies AS SELECT range AS k FROM range(1, ?)", [factor])
    con.execute(f"CREATE TABLE provinces AS SELECT * FROM read_csv(?, all_varchar=true)",
                [str(paths.DATA_DIR / "provinces.csv")])
    con.execute(f"""COPY (SELECT * FROM provinces UNION ALL
                         SELECT p.* REPLACE (lpad(k::VARCHAR, 3, '0') || province_code AS province_code,
                                           'SYN ' || lpad(k::VARCHAR, 3, '0') || ' ' || name_vi AS name_vi,
                                           'SYN ' || lpad(k::VARCHAR, 3, '0') || ' ' || name_en AS name_en,
                                           NULL AS code_2025, NULL AS name_2025)
                         FROM provinces p, copies ORDER BY ALL)
                   TO '{folder / "provinces.csv"}' (HEADER, DELIMITER ',')""")
    # every pre-2025 set grows with the copies; the 34-province set is untouched
    con.execute(f"""COPY (SELECT * REPLACE (CASE WHEN province_set = '34' THEN province_count
                                                 ELSE CAST(province_count::INTEGER + 63 * {factor - 1} AS VARCHAR) END
                                            AS province_count)
                          FROM read_csv(?, all_varchar=true))
                   TO '{folder / "catalog" / "province_sets.csv"}' (HEADER, DELIMITER ',')""",
                [str(paths.CATALOG_DIR / "province_sets.csv")])
    for f in sorted(paths.PUBLISHED_DIR.glob("*.csv")):
        header = f.open(encoding="utf-8").readline().rstrip("\n").split(",")
        out = folder / "published" / f.name
        if "Mã tỉnh" not in header:  # national means: copied as they are
            shutil.copy(f, out)
            continue
        cols = ", ".join(f'"{h}"' for h in header)
        copy_cols = ", ".join(
            f"lpad(k::VARCHAR, 3, '0') || r.\"{h}\" AS \"{h}\"" if h == "Mã tỉnh" else
            f"'SYN ' || lpad(k::VARCHAR, 3, '0') || ' ' || p.name_vi AS \"{h}\"" if h == "Tỉnh/thành phố" else
            f"'{MARK}' || r.\"{h}\" AS \"{h}\"" if h == "Nguồn" else
            f"NULL AS \"{h}\"" if h in ("Xếp hạng công bố", "Số tỉnh xếp hạng", "Nhóm xếp hạng công bố") else
            f'r."{h}"' for h in header)
        con.execute(f"""COPY (SELECT {cols} FROM read_csv('{f}', all_varchar=true, header=true)
                              UNION ALL
                              SELECT {copy_cols} FROM read_csv('{f}', all_varchar=true, header=true) r
                              JOIN provinces p ON p.province_code = r."Mã tỉnh", copies
                              WHERE r."Giá trị" IS NOT NULL)
                        TO '{out}' (HEADER, DELIMITER ',')""")
    con.close()
    done.write_text(json.dumps({"factor": factor, "note": "SYNTHETIC benchmark data, not published",
                                "made_at": time.strftime("%Y-%m-%dT%H:%M:%S")}))
    return folder


def real_db(db: Path | None = None) -> Path:
    """The database of the bundled (real) data a page bench measures: `db` when given, else a fresh
    build into bench/out/real.duckdb (never data/, which the app serves)."""
    if db is not None:
        return db
    from etl.build import build
    db = OUT / "real.duckdb"
    db.parent.mkdir(parents=True, exist_ok=True)
    build(db, progress=lambda *_: None)
    return db


def build_in(folder: Path, db: Path) -> float:
    """The real build on the synthetic folder, in a process of its own (paths are read at import);
    returns the build's own time in seconds."""
    code = ("import json, time; from etl.build import build; t = time.perf_counter(); "
            f"build({str(db)!r}, progress=lambda *_: None); print(json.dumps(time.perf_counter() - t))")
    out = subprocess.run([sys.executable, "-c", code], cwd=ROOT, env={**os.environ, "CHISO_DATA_DIR": str(folder)},
                         capture_output=True, text=True, check=True)
    return float(out.stdout.strip().splitlines()[-1])


def make(out: Path = DEFAULT_OUT, factor: int = 100) -> Path:
    folder = write_data(factor)
    out.parent.mkdir(parents=True, exist_ok=True)
    out.unlink(missing_ok=True)
    build_in(folder, out)
    con = duckdb.connect(str(out))
    con.execute("CREATE TABLE synthetic AS SELECT true AS synthetic, ? AS factor, ? AS made_at, "
                "'SYNTHETIC benchmark database: copied provinces, not published data' AS note",
                [factor, time.strftime("%Y-%m-%dT%H:%M:%S")])
    con.close()
    return out


def main() -> int:
    ap = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    ap.add_argument("--out", type=Path, default=DEFAULT_OUT)
    ap.add_argument("--factor", type=int, default=100)
    a = ap.parse_args()
    t0 = time.perf_counter()
    out = make(a.out, a.factor)
    con = duckdb.connect(str(out), read_only=True)
    n_scores, n_prov = con.execute("SELECT (SELECT count(*) FROM scores), (SELECT count(*) FROM provinces)").fetchone()
    print(f"SYNTHETIC database {out}: {n_scores:,} score rows, {n_prov:,} provinces "
          f"(x{a.factor}), {time.perf_counter() - t0:.1f} s")
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
