"""The bundled data is what the importers make of the raw files, and the CLI builds it."""
from __future__ import annotations

import filecmp
import subprocess
import sys
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent


def test_bundled_data_is_exactly_what_the_importers_produce(shared_dir, tmp_path):
    from etl.refresh import refresh

    refresh(shared_dir, tmp_path)
    for rel in ["provinces.csv", "geo/provinces-63.geojson", *[f"published/{p.name}"
                                                             for p in (ROOT / "data/published").glob("*.csv")]]:
        assert filecmp.cmp(tmp_path / rel, ROOT / "data" / rel, shallow=False), \
            f"data/{rel} differs from a fresh import: run `python -m etl.refresh` and commit"


def test_build_command_prints_progress_and_summary(tmp_path):
    db = tmp_path / "x.duckdb"
    out = subprocess.run([sys.executable, "-m", "chiso", "build", "--db", str(db)], cwd=ROOT,
                         capture_output=True, text=True, timeout=300)
    assert out.returncode == 0, out.stderr
    assert "đọc papi_undp_2011_2016.csv" in out.stdout
    assert "PAPI      2022:" in out.stdout and "61 tỉnh có tổng điểm" in out.stdout
    assert "Giá trị suy ra" in out.stdout and "Nguồn không khớp nhau: 10" in out.stdout
    # an undecided disagreement is a gap, not a value "chosen" ("-> chọn chưa có số liệu"), and the
    # index is named as the pages name it
    quang_ninh = next(line for line in out.stdout.splitlines() if "2018 tỉnh 22 (Quảng Ninh)" in line)
    assert quang_ninh.startswith("  PAR INDEX 2018") and quang_ninh.endswith(
        "-> không quyết định được: cùng loại nguồn, cùng số nguồn; để trống"), quang_ninh
    assert "chọn chưa có số liệu" not in out.stdout
    assert db.exists()


def test_build_command_reports_bad_input_without_traceback(tmp_path):
    bad = tmp_path / "bad.csv"
    bad.write_text("Chỉ số,Năm,Tỉnh/thành phố,Mã thành phần,Giá trị,Nguồn\nPAPI,2022,Atlantis,TOTAL,40,x\n",
                   encoding="utf-8")
    out = subprocess.run([sys.executable, "-m", "chiso", "build", "--db", str(tmp_path / "y.duckdb"),
                          "--source", str(bad)], cwd=ROOT, capture_output=True, text=True, timeout=300)
    assert out.returncode == 2
    assert "bad.csv" in out.stderr and "dòng 2" in out.stderr and "Atlantis" in out.stderr
    assert "Traceback" not in out.stderr
    assert not (tmp_path / "y.duckdb").exists()


def test_build_says_which_files_of_a_source_folder_it_did_not_read(tmp_path, capsys):
    """A table saved as .ods, or the decision's PDF, beside the CSVs was skipped without a word: the
    build succeeded and the user believed their figures loaded."""
    import shutil

    from chiso.cli import main
    source = tmp_path / "nguon"
    source.mkdir()
    shutil.copy(ROOT / "data/published/par_sipas_derived_ranks.csv", source)
    (source / "ket_qua_2025.ods").write_bytes(b"PK")
    (source / "qd_2025.pdf").write_bytes(b"%PDF")
    assert main(["build", "--db", str(tmp_path / "w.duckdb"), "--source", str(source)]) == 0
    out = capsys.readouterr().out
    assert f"Không đọc (chỉ đọc tệp .csv, .xlsx và .xls): {source / 'ket_qua_2025.ods'}, {source / 'qd_2025.pdf'}" \
        in out, out


def test_source_folder_in_a_raw_format_loads(shared_dir, tmp_path):
    # next year's download in UNDP's own format is read as it is
    from etl.build import build
    report = build(tmp_path / "z.duckdb", [shared_dir / "data/raw/papi/undp-2011-2016"], progress=lambda *_: None)
    assert any("PAPI_2011-2016.xlsx" in f for f, _ in report.files)


def test_app_rebuilds_when_a_bundled_file_is_newer_than_the_database(tmp_path, monkeypatch):
    """A `git pull` that brings new figures: the next start rebuilds; otherwise nothing is rebuilt."""
    import os
    import etl.build
    from etl import freshness as db

    built = tmp_path / "chiso.duckdb"
    db.ensure_built(built, progress=lambda *_: None)
    assert not db.needs_build(built)
    newer = tmp_path / "new_figures.csv"
    newer.write_text("x", encoding="utf-8")
    stamp = built.stat().st_mtime_ns + 10**9
    os.utime(newer, ns=(stamp, stamp))
    monkeypatch.setattr(etl.build, "bundled_inputs", lambda: [newer])
    assert db.needs_build(built)
    before = built.stat().st_mtime_ns
    db.ensure_built(built, progress=lambda *_: None)
    assert built.stat().st_mtime_ns != before  # rebuilt (a new file swapped in)
