"""Entry templates for a new year's published results, in the canonical long format.

    python -m etl.templates [--index PAR_INDEX] [--year 2025] [--indicator TOTAL] [--out FILE.xlsx|FILE.csv]

The XLSX lists every province of the edition's province set (63 before 2025,
34 from 2025) with index, year and component filled in, so entering the
Ministry's appendix table is typing (or pasting) two columns: value and rank.
It also carries the component list and instructions. Unfilled rows are gaps.
"""
from __future__ import annotations

import argparse
import csv
from pathlib import Path

from chiso import catalog, paths
from chiso.names import provinces
from etl.canonical import COLUMNS

INSTRUCTIONS = [
    "Mẫu nhập kết quả chỉ số đã công bố (định dạng chuẩn của chiso).",
    "Mỗi dòng là một giá trị đã công bố cho một tỉnh, một năm, một thành phần.",
    "Điền cột 'Giá trị' (điểm hoặc %, dùng dấu phẩy hay dấu chấm thập phân đều được) và/hoặc 'Xếp hạng công bố'.",
    "Cột 'Nguồn' là bắt buộc: số, ngày của quyết định hoặc địa chỉ trang đã công bố.",
    "Không gõ, đoán hay nội suy số liệu: ô để trống là chưa có số liệu.",
    "'Mã thành phần': TOTAL cho tổng điểm; mã khác xem trang 'Danh mục thành phần'.",
    "'Bộ tỉnh': 63 (trước 01/07/2025) hoặc 34 (từ 01/07/2025); để trống thì theo năm đánh giá.",
    "Nạp: python -m chiso build --source <thư mục chứa tệp này>",
]


def template_rows(index_code: str, year: int | None, indicator_code: str, source: str = "") -> list[list]:
    province_set = catalog.province_set_for_year(year) if year else "63"
    if province_set == "34":
        provs = sorted({(p.code_2025, p.name_2025) for p in provinces()})
    else:
        provs = [(p.code, p.name_vi) for p in provinces()]
    return [[index_code, year or "", province_set, code, name, indicator_code, "", "", "", "", source, ""]
            for code, name in provs]


def write_xlsx(out: Path, index_code: str, year: int | None, indicator_code: str, source: str = "") -> None:
    import openpyxl
    from openpyxl.styles import Font, PatternFill
    from openpyxl.worksheet.datavalidation import DataValidation

    wb = openpyxl.Workbook()
    ws = wb.active
    ws.title = "Nhập liệu"
    ws.append(list(COLUMNS.values()))
    for cell in ws[1]:
        cell.font = Font(bold=True)
        cell.fill = PatternFill("solid", fgColor="FFF2CC")
    for row in template_rows(index_code, year, indicator_code, source):
        ws.append(row)
    for col, width in zip("ABCDEFGHIJKL", (11, 7, 8, 8, 24, 15, 10, 16, 16, 8, 40, 30)):
        ws.column_dimensions[col].width = width
    ws.freeze_panes = "A2"
    _printable(ws)
    dv = DataValidation(type="list", formula1='"' + ",".join(catalog.indices()) + '"', allow_blank=False)
    ws.add_data_validation(dv)
    dv.add(f"A2:A{ws.max_row + 200}")
    guide = wb.create_sheet("Hướng dẫn")
    for line in INSTRUCTIONS:
        guide.append([line])
    guide.column_dimensions["A"].width = 120
    comp = wb.create_sheet("Danh mục thành phần")
    comp.append(["Chỉ số", "Mã thành phần", "Tên", "Điểm tối đa", "Từ năm", "Đến năm"])
    for p in catalog.indicator_periods():
        comp.append([p.index_code, p.indicator_code, p.name_vi, p.max_value, p.first_year, p.last_year])
    wb.save(out)


def _printable(ws) -> None:
    """Printed or saved as PDF, the sheet is one readable table: landscape, every column on the page
    width, grid lines, the header repeated on each page (a PDF of it imports back, chiso.results)."""
    ws.page_setup.orientation = "landscape"
    ws.page_setup.fitToWidth = 1
    ws.page_setup.fitToHeight = 0
    ws.sheet_properties.pageSetUpPr.fitToPage = True
    ws.print_options.gridLines = True
    ws.print_title_rows = "1:1"


def write_csv(out: Path, index_code: str, year: int | None, indicator_code: str, source: str = "") -> None:
    with open(out, "w", encoding="utf-8-sig", newline="") as fh:
        w = csv.writer(fh, lineterminator="\n")
        w.writerow(COLUMNS.values())
        w.writerows(template_rows(index_code, year, indicator_code, source))


def main(argv=None) -> int:
    ap = argparse.ArgumentParser(prog="python -m etl.templates", description=__doc__,
                                 formatter_class=argparse.RawDescriptionHelpFormatter)
    ap.add_argument("--index", default="PAR_INDEX")
    ap.add_argument("--year", type=int, default=None)
    ap.add_argument("--indicator", default="TOTAL")
    ap.add_argument("--source", default="")
    ap.add_argument("--out", type=Path, default=None)
    args = ap.parse_args(argv)
    if args.out is None:
        out_dir = paths.DATA_DIR / "templates"
        out_dir.mkdir(exist_ok=True)
        write_xlsx(out_dir / "mau_nhap_ket_qua.xlsx", args.index, args.year, args.indicator, args.source)
        write_csv(out_dir / "mau_nhap_ket_qua.csv", args.index, args.year, args.indicator, args.source)
        print(f"Đã ghi {out_dir}/mau_nhap_ket_qua.xlsx và .csv")
    elif args.out.suffix.lower() == ".csv":
        write_csv(args.out, args.index, args.year, args.indicator, args.source)
    else:
        write_xlsx(args.out, args.index, args.year, args.indicator, args.source)
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
