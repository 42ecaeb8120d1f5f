"""Proposed tasks in the task template (ARCHITECTURE.md "Task template"), as rows, CSV or XLSX."""
from __future__ import annotations

import csv
import io
from pathlib import Path

from chiso.cells import neutralise, set_text, unneutralise
from chiso.plans.model import ParsedPlan

HEADERS = ("Mã nhiệm vụ", "Số kế hoạch", "Cơ quan ban hành", "Ngày ban hành", "Nội dung nhiệm vụ", "Đơn vị chủ trì",
           "Đơn vị phối hợp", "Thời hạn", "Kỳ báo cáo", "Chỉ tiêu", "Liên kết chỉ số", "Trạng thái",
           "Ghi chú tiến độ", "Nguồn")
RECURRING = "Thường xuyên"


def _catalog_indices() -> set[str]:
    from chiso import paths
    with open(paths.CATALOG_DIR / "indices.csv", encoding="utf-8", newline="") as fh:
        return {r["index_code"] for r in csv.DictReader(fh)}


def tasks_to_rows(parsed: ParsedPlan) -> list[dict]:
    """Template rows. The task store accepts only full dates and catalog indices, so a partial plan date
    ("08/2021") and links to indices outside the catalog (PCI, ICT ...) are kept in `Nguồn` instead."""
    plan_date = parsed.date.strftime("%d/%m/%Y") if parsed.date else ""
    known = _catalog_indices()
    rows = []
    for t in parsed.tasks:
        source = t.source
        if not parsed.date and parsed.date_text:
            source += f"; ngày ban hành ghi: {parsed.date_text}"
        outside = [l.code for l in t.links if l.index_code not in known]
        if outside:
            source += f"; chỉ số ngoài danh mục: {', '.join(outside)}"
        rows.append({
            "Mã nhiệm vụ": "",
            "Số kế hoạch": parsed.number or "",
            "Cơ quan ban hành": parsed.issuer or "",
            "Ngày ban hành": plan_date,
            "Nội dung nhiệm vụ": t.text,
            "Đơn vị chủ trì": t.lead_unit or "",
            "Đơn vị phối hợp": "; ".join(t.partner_units),
            "Thời hạn": t.deadline.strftime("%d/%m/%Y") if t.deadline else (RECURRING if t.recurring else ""),
            "Kỳ báo cáo": t.reporting_period or "",
            "Chỉ tiêu": "; ".join(t.targets),
            "Liên kết chỉ số": "; ".join(l.code for l in t.links if l.index_code in known),
            "Trạng thái": "",
            "Ghi chú tiến độ": "",
            "Nguồn": source,
        })
    return rows


def write_csv(rows: list[dict], path) -> None:
    # utf-8-sig so that Excel opens the Vietnamese text correctly.
    with open(path, "w", encoding="utf-8-sig", newline="") as fh:
        w = csv.DictWriter(fh, fieldnames=HEADERS)
        w.writeheader()
        # A task text may begin with "-" or "=" (a bullet, a pasted formula): never a formula in Excel.
        w.writerows({h: neutralise(r.get(h, "")) for h in HEADERS} for r in rows)


def xlsx_bytes(rows: list[dict]) -> bytes:
    from openpyxl import Workbook
    from openpyxl.styles import Alignment, Font

    wb = Workbook()
    ws = wb.active
    ws.title = "Nhiệm vụ"
    ws.append(list(HEADERS))
    for c in ws[1]:
        c.font = Font(bold=True)
    for row_number, r in enumerate(rows, start=2):
        # Every cell is text: a plan number like "52/KH-SNgV" or a date must not be reinterpreted by
        # Excel, and a task beginning with "=" must not become a formula.
        for i, h in enumerate(HEADERS, 1):
            set_text(ws.cell(row_number, i), str(r.get(h, "") or ""))
    widths = {"Nội dung nhiệm vụ": 80, "Đơn vị chủ trì": 30, "Đơn vị phối hợp": 30, "Liên kết chỉ số": 30, "Chỉ tiêu": 30}
    for i, h in enumerate(HEADERS, 1):
        ws.column_dimensions[ws.cell(1, i).column_letter].width = widths.get(h, 16)
    for row in ws.iter_rows(min_row=2):
        for c in row:
            c.number_format = "@"
            c.alignment = Alignment(wrap_text=True, vertical="top")
    ws.freeze_panes = "A2"
    buf = io.BytesIO()
    wb.save(buf)
    return buf.getvalue()


def write_xlsx(rows: list[dict], path) -> None:
    Path(path).write_bytes(xlsx_bytes(rows))


def write(rows: list[dict], path) -> None:
    suffix = Path(path).suffix.lower()
    if suffix == ".csv":
        write_csv(rows, path)
    elif suffix == ".xlsx":
        write_xlsx(rows, path)
    else:
        raise ValueError(f"--out phải là .csv hoặc .xlsx: {path}")


def read_rows(path) -> list[dict]:
    """Rows of a template file (CSV or XLSX) as strings, to check a written file."""
    path = Path(path)
    if path.suffix.lower() == ".csv":
        with open(path, encoding="utf-8-sig", newline="") as fh:
            return [{h: unneutralise(v) for h, v in r.items()} for r in csv.DictReader(fh)]
    from openpyxl import load_workbook
    ws = load_workbook(path, read_only=True).active
    it = ws.iter_rows(values_only=True)
    header = [str(h) for h in next(it)]
    return [{h: ("" if v is None else str(v)) for h, v in zip(header, row)} for row in it]
