"""Quarterly report generation time for 500 tasks, beside bare python-docx / openpyxl baselines.

    python bench/bench_report.py [--tasks 500] [--repeat 3]

The tasks are SYNTHETIC (generated here, in a throwaway store under a temporary folder; never
shown as real): 500 tasks of one province over 5 plans and 12 lead units, a third recurring, the
rest due across 2024, statuses mixed. Measured, median of `--repeat` runs:
- store read + quarter selection (`report.build`);
- the DOCX (`report.to_docx`) against a bare python-docx document holding the same rows in one
  plain table (no layout, no per-unit grouping);
- the XLSX (`report.to_xlsx`) against a bare openpyxl workbook of the same rows.
"""
from __future__ import annotations

import argparse
import datetime as dt
import io
import sys
import tempfile
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parent.parent))

from chiso import report  # noqa: E402
from chiso.auth import PROVINCE_ADMIN, User  # noqa: E402
from chiso.tasks import open_store  # noqa: E402
from timing import timed  # noqa: E402  (bench/ is on sys.path when run as a script)

PROVINCE = "70"
ADMIN = User("bench_admin", PROVINCE_ADMIN, PROVINCE)
STATUSES = ["Chưa thực hiện", "Đang thực hiện", "Hoàn thành", "Tạm dừng"]


def synthetic_rows(n: int) -> list[dict]:
    """SYNTHETIC template rows (never real tasks)."""
    rows = []
    for i in range(n):
        due = "Thường xuyên" if i % 3 == 0 else (dt.date(2024, 1, 1) + dt.timedelta(days=(i * 7) % 365)).strftime("%d/%m/%Y")
        rows.append({"Số kế hoạch": f"{i % 5 + 1}/KH-SYN", "Cơ quan ban hành": "SYNTHETIC",
                     "Nội dung nhiệm vụ": f"SYNTHETIC nhiệm vụ số {i}: rà soát, cập nhật quy trình giải quyết thủ tục "
                                          f"hành chính, công khai kết quả trên cổng thông tin điện tử của đơn vị",
                     "Đơn vị chủ trì": f"Phòng SYNTHETIC {i % 12 + 1}", "Thời hạn": due,
                     "Trạng thái": STATUSES[i % 4], "Ghi chú tiến độ": "SYNTHETIC: đã triển khai một phần" if i % 2 else "",
                     "Liên kết chỉ số": "PAPI:D5"})
    return rows


def bare_docx(rows) -> bytes:
    from docx import Document
    doc = Document()
    t = doc.add_table(rows=1 + len(rows), cols=5)
    for i, r in enumerate(rows.itertuples(), start=1):
        cells = t.rows[i].cells
        for j, v in enumerate((str(i), r.text, r.deadline, r.status_label, r.progress_note)):
            cells[j].text = v
    buf = io.BytesIO()
    doc.save(buf)
    return buf.getvalue()


def bare_xlsx(rows) -> bytes:
    from openpyxl import Workbook
    wb = Workbook()
    ws = wb.active
    for r in rows.itertuples():
        ws.append([r.plan, r.lead_unit, r.task_id, r.text, r.deadline, r.status_label, r.progress_note])
    buf = io.BytesIO()
    wb.save(buf)
    return buf.getvalue()


def main() -> None:
    ap = argparse.ArgumentParser()
    ap.add_argument("--tasks", type=int, default=500)
    ap.add_argument("--repeat", type=int, default=3)
    args = ap.parse_args()
    with tempfile.TemporaryDirectory() as tmp:
        store = open_store(str(Path(tmp) / "bench_tasks.duckdb"))
        store.import_rows(ADMIN, PROVINCE, synthetic_rows(args.tasks), "SYNTHETIC")
        build_s, rep = timed(lambda: report.build(store, ADMIN, PROVINCE, 2024, 4,
                                                  report_date=dt.date(2025, 1, 10)), args.repeat)
        docx_s, docx = timed(lambda: report.to_docx(rep), args.repeat)
        xlsx_s, xlsx = timed(lambda: report.to_xlsx(rep), args.repeat)
        bare_docx_s, _ = timed(lambda: bare_docx(rep.rows), args.repeat)
        bare_xlsx_s, _ = timed(lambda: bare_xlsx(rep.rows), args.repeat)
    print(f"SYNTHETIC store: {args.tasks} tasks; report for Q4/2024 lists {len(rep.rows)} "
          f"(recurring, due in the quarter, earlier ones not done); median of {args.repeat}")
    print(f"{'step':<42}{'chiso':>10}{'bare baseline':>16}{'ratio':>8}")
    print(f"{'store read + quarter selection':<42}{build_s:>9.2f}s{'—':>16}{'':>8}")
    print(f"{'DOCX (python-docx)':<42}{docx_s:>9.2f}s{bare_docx_s:>15.2f}s{docx_s / bare_docx_s:>7.1f}×")
    print(f"{'XLSX (openpyxl)':<42}{xlsx_s:>9.2f}s{bare_xlsx_s:>15.2f}s{xlsx_s / bare_xlsx_s:>7.1f}×")
    print(f"{'total (build + DOCX + XLSX)':<42}{build_s + docx_s + xlsx_s:>9.2f}s")
    print(f"sizes: DOCX {len(docx) // 1024} KB, XLSX {len(xlsx) // 1024} KB")


if __name__ == "__main__":
    main()
