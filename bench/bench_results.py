"""Entering results: reading a 63-province table (XLSX, and its PDF through pdfplumber) and a
province's scorecard, each against a bare read of the same file, and a build with the entered
results against one without. All values SYNTHETIC (tests/results_fixtures.py), in a temporary folder.

    python bench/bench_results.py [--runs 3]
"""
from __future__ import annotations

import argparse
import io
import os
import shutil
import subprocess
import sys
import tempfile
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
sys.path[:0] = [str(ROOT), str(ROOT / "tests")]

from chiso import paths  # noqa: E402
from chiso.results import national, open_results_store, prepare, scorecard  # noqa: E402
from etl.build import build  # noqa: E402
from results_fixtures import ADMIN_HT, HA_TINH, SYNTHETIC_DOCUMENT, national_table, scorecard_xlsx  # noqa: E402
from timing import median_seconds  # noqa: E402  (bench/ is on sys.path when run as a script)


def main() -> int:
    ap = argparse.ArgumentParser()
    ap.add_argument("--runs", type=int, default=3)
    runs = ap.parse_args().runs
    tmp = Path(tempfile.mkdtemp(prefix="chiso-bench-results-"))
    try:
        import openpyxl
        import pdfplumber
        xlsx = national_table(tmp / "par_2023.xlsx")
        data = xlsx.read_bytes()
        card = scorecard_xlsx()
        rows = [("national table XLSX, read and checked", lambda: national.read_table(xlsx.name, data),
                 "bare openpyxl load", lambda: openpyxl.load_workbook(io.BytesIO(data), data_only=True)),
                ("scorecard XLSX, read and checked", lambda: scorecard.read("bang_diem.xlsx", card),
                 "bare openpyxl load", lambda: openpyxl.load_workbook(io.BytesIO(card), data_only=True))]
        soffice = shutil.which("soffice")
        if soffice:
            subprocess.run([soffice, f"-env:UserInstallation=file://{tmp / 'lo'}", "--headless", "--convert-to",
                            "pdf", "--outdir", str(tmp), str(xlsx)], check=True, capture_output=True, timeout=180)
            pdf = (tmp / "par_2023.pdf").read_bytes()

            def bare_pdf():
                with pdfplumber.open(io.BytesIO(pdf)) as doc:
                    return [p.extract_text() for p in doc.pages]
            rows.append(("national table PDF, tables read and checked", lambda: national.read_table("p.pdf", pdf),
                         "bare pdfplumber text of every page", bare_pdf))
        db = tmp / "chiso.duckdb"
        os.environ["CHISO_RESULTS_URL"] = str(tmp / "empty_results.duckdb")  # none yet
        without = median_seconds(lambda: build(db, progress=lambda *_: None), runs)
        os.environ["CHISO_RESULTS_URL"] = str(tmp / "results.duckdb")
        store = open_results_store()
        store.save(ADMIN_HT, prepare(xlsx.name, data, province_code=HA_TINH, document=SYNTHETIC_DOCUMENT))
        store.save(ADMIN_HT, prepare("bang_diem.xlsx", card, province_code=HA_TINH, document=SYNTHETIC_DOCUMENT))
        with_entered = median_seconds(lambda: build(db, progress=lambda *_: None), runs)
        print(f"median of {runs} runs (SYNTHETIC inputs)")
        for name, fn, base_name, base in rows:
            a, b = median_seconds(fn, runs), median_seconds(base, runs)
            print(f"  {name:<45} {a * 1000:8.0f} ms   {base_name:<36} {b * 1000:6.0f} ms   x{a / b:.1f}")
        print(f"  {'build with 63 entered totals + a scorecard':<45} {with_entered:8.2f} s    "
              f"{'build without entered results':<36} {without:6.2f} s   x{with_entered / without:.2f}")
    finally:
        shutil.rmtree(tmp, ignore_errors=True)
        os.environ.pop("CHISO_RESULTS_URL", None)
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
