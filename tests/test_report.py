"""The quarterly report (chiso.report, `python -m chiso report`): its rows are the store's tasks of
the quarter, it opens in python-docx and LibreOffice, the XLSX holds the same table, recurring
tasks appear in every quarter, overdue tasks are marked."""
from __future__ import annotations

import datetime as dt
import os
import shutil
import subprocess

import pytest
from openpyxl import load_workbook

from chiso import paths, report
from chiso.auth import PROVINCE_ADMIN, User
from chiso.tasks import open_store

BINH_PHUOC = "70"
ADMIN = User("admin_bp", PROVINCE_ADMIN, BINH_PHUOC)
DATED = [  # tasks with dates around 2024Q3 (the example file's tasks are all recurring)
    {"Số kế hoạch": "01/KH-SNV", "Ngày ban hành": "02/01/2024", "Cơ quan ban hành": "Sở Nội vụ tỉnh Bình Phước",
     "Nội dung nhiệm vụ": "Rà soát thủ tục hành chính cấp xã", "Đơn vị chủ trì": "Phòng Cải cách hành chính",
     "Thời hạn": "15/08/2024", "Trạng thái": "Đang thực hiện", "Ghi chú tiến độ": "Đã rà soát 40/111 xã"},
    {"Số kế hoạch": "01/KH-SNV", "Ngày ban hành": "02/01/2024", "Cơ quan ban hành": "Sở Nội vụ tỉnh Bình Phước",
     "Nội dung nhiệm vụ": "Khảo sát mức độ hài lòng tại bộ phận một cửa", "Đơn vị chủ trì": "Văn phòng Sở",
     "Thời hạn": "30/09/2024", "Trạng thái": "Hoàn thành"},
    {"Số kế hoạch": "01/KH-SNV", "Ngày ban hành": "02/01/2024", "Cơ quan ban hành": "Sở Nội vụ tỉnh Bình Phước",
     "Nội dung nhiệm vụ": "Tập huấn công chức một cửa", "Đơn vị chủ trì": "Văn phòng Sở",
     "Thời hạn": "31/05/2024", "Trạng thái": "Chưa thực hiện"},  # before Q3, not done: carried over, overdue
    {"Số kế hoạch": "01/KH-SNV", "Ngày ban hành": "02/01/2024", "Cơ quan ban hành": "Sở Nội vụ tỉnh Bình Phước",
     "Nội dung nhiệm vụ": "Tổng kết năm", "Đơn vị chủ trì": "Văn phòng Sở", "Thời hạn": "20/12/2024"},  # Q4
    {"Số kế hoạch": "01/KH-SNV", "Ngày ban hành": "02/01/2024", "Cơ quan ban hành": "Sở Nội vụ tỉnh Bình Phước",
     "Nội dung nhiệm vụ": "Báo cáo quý I", "Đơn vị chủ trì": "Văn phòng Sở", "Thời hạn": "31/03/2024",
     "Trạng thái": "Hoàn thành"},  # Q1, done: not in Q3
]


@pytest.fixture
def store(tmp_path):
    from chiso.tasks import template

    s = open_store(str(tmp_path / "tasks.duckdb"))
    example = template.read_file("tasks_example.csv", (paths.ROOT / "data/examples/tasks_example.csv").read_bytes())
    s.import_rows(ADMIN, BINH_PHUOC, example + DATED, "thử")
    return s


def expected_q3(store) -> set[str]:
    """Independently: recurring tasks, deadlines in Jul–Sep 2024, earlier deadlines not done."""
    out = set()
    for t in store.list_tasks(ADMIN, BINH_PHUOC):
        if t.recurring or t.due_date is None or dt.date(2024, 7, 1) <= t.due_date <= dt.date(2024, 9, 30) \
                or (t.due_date < dt.date(2024, 7, 1) and t.status != "done"):
            out.add(t.task_id)
    return out


def test_report_rows_are_the_quarters_tasks(store, tmp_path):
    from docx import Document

    rep = report.build(store, ADMIN, BINH_PHUOC, 2024, 3, report_date=dt.date(2024, 10, 5))
    assert set(rep.rows.task_id) == expected_q3(store)
    assert len(rep.rows) == 12 + 3  # the example's 12 recurring tasks + 3 dated ones
    by_text = rep.rows.set_index("text")
    assert by_text.at["Tập huấn công chức một cửa", "overdue"]  # 31/05/2024, not done
    # 15/08/2024, still in progress: overdue at the quarter's end, not on 10/08 (mid-quarter report).
    assert by_text.at["Rà soát thủ tục hành chính cấp xã", "overdue"]
    early = report.build(store, ADMIN, BINH_PHUOC, 2024, 3, report_date=dt.date(2024, 8, 10))
    assert not early.rows.set_index("text").at["Rà soát thủ tục hành chính cấp xã", "overdue"]
    assert not by_text.at["Khảo sát mức độ hài lòng tại bộ phận một cửa", "overdue"]  # done

    path = tmp_path / "bc.docx"
    path.write_bytes(report.to_docx(rep))
    doc = Document(str(path))
    text = "\n".join(p.text for p in doc.paragraphs)
    assert "BÁO CÁO" in text and "quý III năm 2024" in text and "Kính gửi: Ủy ban nhân dân tỉnh Bình Phước" in text
    header = doc.tables[0]
    assert "UBND TỈNH BÌNH PHƯỚC" in header.cell(0, 0).text and "Độc lập - Tự do - Hạnh phúc" in header.cell(0, 1).text
    assert "ngày 05 tháng 10 năm 2024" in header.cell(1, 1).text
    # Summary table: counts by status equal the rows.
    summary = {r.cells[0].text: r.cells[1].text for r in doc.tables[1].rows[1:]}
    assert summary["Tổng số"] == str(len(rep.rows)) and summary["Hoàn thành"] == "1"
    assert summary["Trong đó quá hạn"] == "2"
    # "of which overdue" under the total it is part of, not between the statuses and it
    assert [r.cells[0].text for r in doc.tables[1].rows[-2:]] == ["Tổng số", "Trong đó quá hạn"]
    # Task tables (one per plan and lead unit): every task once, overdue marked.
    task_rows = [[c.text for c in r.cells] for t in doc.tables[2:-1] for r in t.rows[1:]]
    assert sorted(r[1] for r in task_rows) == sorted(rep.rows.text)
    overdue = [r for r in task_rows if r[1] == "Tập huấn công chức một cửa"][0]
    assert overdue[2] == "31/05/2024" and "QUÁ HẠN" in overdue[3]
    assert [r for r in task_rows if r[1] == "Rà soát thủ tục hành chính cấp xã"][0][4] == "Đã rà soát 40/111 xã"
    # a plan's heading and a lead unit's line stand apart from the table above them (a plan's heading was
    # glued to the last unit's table) and stay on the page of the table they head
    headings = [p for p in doc.paragraphs if p.text.startswith(("Kế hoạch số", "Đơn vị chủ trì:"))]
    assert headings and all(p.paragraph_format.keep_with_next for p in headings)
    assert all(p.paragraph_format.space_before.pt >= (12 if p.text.startswith("Kế hoạch") else 6) for p in headings)

    xlsx = load_workbook(__import__("io").BytesIO(report.to_xlsx(rep)))
    ws = xlsx.worksheets[0]
    # whose department (it said "Quý III năm 2024: Sở Nội vụ", no province)
    assert ws.cell(row=1, column=1).value == "Quý III năm 2024: Sở Nội vụ tỉnh Bình Phước"
    head = next(r for r in range(1, 10) if ws.cell(row=r, column=5).value == "Nội dung nhiệm vụ")
    values = list(ws.iter_rows(min_row=head + 1, values_only=True))
    assert [v[3] for v in values] == list(rep.rows.task_id)
    # as the app's other workbooks: a task's text wraps in its cell (it ran under the next column, cut),
    # the heading row stays in view, and the summary's counts are numbers
    assert all(ws.cell(row=r, column=5).alignment.wrap_text for r in range(head + 1, head + 1 + len(values)))
    # and its row is as high as the wrapped text (LibreOffice left it one line high, the rest cut)
    longest = max(range(len(values)), key=lambda n: len(values[n][4]))
    width = ws.column_dimensions["E"].width
    assert ws.row_dimensions[head + 1 + longest].height >= 15 * -(-len(values[longest][4]) // width), \
        (values[longest][4], width, ws.row_dimensions[head + 1 + longest].height)
    assert ws.freeze_panes == f"A{head + 1}" and ws.auto_filter.ref.startswith(f"A{head}:")
    counts = {r[0]: r[1] for r in xlsx.worksheets[1].iter_rows(values_only=True) if isinstance(r[1], int)}
    assert counts["Tổng số"] == len(rep.rows)


def test_a_body_merged_away_is_reported_with_the_body_that_took_its_work(store, built_db, capsys):
    """A report of Q1 2025 sent to UBND tỉnh listed "Đơn vị chủ trì: Sở Tài nguyên và Môi trường", a body
    merged into Sở Nông nghiệp và Môi trường on 1 March 2025: the report, its summary by unit, the
    Nhiệm vụ list and `chiso tasks list` now say who answers for the task, the plan's wording kept. A
    quarter that ended before the merger names the body as it then was."""
    from docx import Document

    from chiso.tasks.units import unit_named_on
    row = {"Số kế hoạch": "02/KH-SNV", "Ngày ban hành": "02/01/2025", "Cơ quan ban hành": "Sở Nội vụ tỉnh Bình Phước",
           "Nội dung nhiệm vụ": "Công khai kết quả quan trắc nước", "Đơn vị chủ trì": "Sở Tài nguyên và Môi trường",
           "Thời hạn": "31/03/2025"}
    store.import_rows(ADMIN, BINH_PHUOC, [row, {**row, "Nội dung nhiệm vụ": "Kiểm tra nguồn nước",
                                                "Thời hạn": "15/12/2024"}], "thử")
    now = "Sở Tài nguyên và Môi trường (nay là Sở Nông nghiệp và Môi trường)"
    rep = report.build(store, ADMIN, BINH_PHUOC, 2025, 1, report_date=dt.date(2025, 4, 5))
    assert rep.rows.set_index("text").at["Công khai kết quả quan trắc nước", "lead_unit"] == now
    text = "\n".join(p.text for p in Document(__import__("io").BytesIO(report.to_docx(rep))).paragraphs)
    assert f"Đơn vị chủ trì: {now}" in text, text
    before = report.build(store, ADMIN, BINH_PHUOC, 2024, 4, report_date=dt.date(2025, 1, 5))
    assert before.rows.set_index("text").at["Kiểm tra nguồn nước", "lead_unit"] == "Sở Tài nguyên và Môi trường"
    assert unit_named_on("Sở Nông nghiệp và Môi trường") == "Sở Nông nghiệp và Môi trường"
    assert unit_named_on("Phòng Cải cách hành chính") == "Phòng Cải cách hành chính"  # not in the catalog
    from chiso.cli import main
    assert main(["tasks", "list", "--province", "Bình Phước", "--store", store.url, "--db", str(built_db)]) == 0
    assert f"Chủ trì: {now} |" in capsys.readouterr().out


def test_english_report_dates_itself_as_english_does(store):
    from docx import Document

    rep = report.build(store, ADMIN, BINH_PHUOC, 2024, 3, report_date=dt.date(2024, 10, 5), lang="en")
    header = Document(__import__("io").BytesIO(report.to_docx(rep))).tables[0]
    assert "5 October 2024" in header.cell(1, 1).text, header.cell(1, 1).text  # not "day 05 month 10 year 2024"


def test_a_report_dated_after_the_reorganisation_comes_from_the_province_of_that_day(store):
    """Bình Phước has been part of Đồng Nai since 1 July 2025: a report dated 2026 headed "UBND TỈNH
    BÌNH PHƯỚC" and sent to a People's Committee that no longer exists. It now comes from Đồng Nai's
    Sở Nội vụ and names whose plans the tasks are; a report dated before the day is unchanged."""
    from docx import Document

    def header_and_text(rep):
        doc = Document(__import__("io").BytesIO(report.to_docx(rep)))
        return doc.tables[0], "\n".join(p.text for p in doc.paragraphs)

    rep = report.build(store, ADMIN, BINH_PHUOC, 2026, 4, report_date=dt.date(2026, 11, 28))
    header, text = header_and_text(rep)
    assert "UBND TỈNH ĐỒNG NAI" in header.cell(0, 0).text and "BÌNH PHƯỚC" not in header.cell(0, 0).text
    assert header.cell(1, 1).text == "Đồng Nai, ngày 28 tháng 11 năm 2026"
    assert "Kính gửi: Ủy ban nhân dân tỉnh Đồng Nai" in text
    assert "Nhiệm vụ theo các kế hoạch của tỉnh Bình Phước (từ 01/07/2025 thuộc tỉnh Đồng Nai)" in text
    # the same tasks: the store keeps them under Bình Phước's code (its 12 recurring ones, and those not done)
    assert set(rep.rows.task_id) == {t.task_id for t in store.list_tasks(ADMIN, BINH_PHUOC) if t.status != "done"}

    english = report.build(store, ADMIN, BINH_PHUOC, 2026, 4, report_date=dt.date(2026, 11, 28), lang="en")
    header, text = header_and_text(english)
    assert "PEOPLE’S COMMITTEE OF DONG NAI" in header.cell(0, 0).text
    assert "To: the People’s Committee of Dong Nai" in text and "plans of Binh Phuoc (part of Dong Nai" in text
    # its workbook says the same: from whom, and whose plans
    from openpyxl import load_workbook
    sheet = load_workbook(__import__("io").BytesIO(report.to_xlsx(english))).worksheets[0]
    above = [sheet.cell(row=r, column=1).value or "" for r in range(1, 6)]
    assert above[0] == "Quarter IV of 2026: Department of Home Affairs, Dong Nai", above
    assert any(line.startswith("Tasks of the plans of Binh Phuoc (part of Dong Nai") for line in above), above
    named = report.build(store, ADMIN, BINH_PHUOC, 2026, 4, report_date=dt.date(2026, 11, 28),
                         issuer="Sở Nội vụ tỉnh Đồng Nai")  # named already: not twice
    title = load_workbook(__import__("io").BytesIO(report.to_xlsx(named))).worksheets[0].cell(row=1, column=1).value
    assert title == "Quý IV năm 2026: Sở Nội vụ tỉnh Đồng Nai", title

    # the last day before it, and a province that kept its name (Hà Tĩnh): as before
    header, text = header_and_text(report.build(store, ADMIN, BINH_PHUOC, 2025, 2, report_date=dt.date(2025, 6, 30)))
    assert "UBND TỈNH BÌNH PHƯỚC" in header.cell(0, 0).text and "thuộc tỉnh" not in text
    ha_tinh = User("admin_ht", PROVINCE_ADMIN, "42")
    header, text = header_and_text(report.build(store, ha_tinh, "42", 2026, 4, report_date=dt.date(2026, 11, 28)))
    assert "UBND TỈNH HÀ TĨNH" in header.cell(0, 0).text and "Kính gửi: Ủy ban nhân dân tỉnh Hà Tĩnh" in text
    assert "thuộc tỉnh" not in text
    # Thừa Thiên Huế became thành phố Huế alone: "now", not "part of"
    hue = User("admin_hue", PROVINCE_ADMIN, "46")
    header, text = header_and_text(report.build(store, hue, "46", 2026, 4, report_date=dt.date(2026, 11, 28)))
    assert "UBND THÀNH PHỐ HUẾ" in header.cell(0, 0).text and header.cell(1, 1).text.startswith("Huế, ngày")
    assert "Nhiệm vụ theo các kế hoạch của tỉnh Thừa Thiên Huế (nay là thành phố Huế)" in text


def test_one_report_for_a_department_formed_of_two_provinces(store, tmp_path, capsys):
    """Đồng Nai's Sở Nội vụ follows the tasks of Bình Phước's plans and of Đồng Nai's, one department
    since 1 July 2025, but could only report them to UBND tỉnh Đồng Nai in two reports, one per former
    province. `department` makes one: both provinces' tasks, each plan naming its province."""
    from docx import Document

    from chiso.cli import main
    dong_nai = User("admin_dn", PROVINCE_ADMIN, "75")
    store.import_rows(dong_nai, "75", [{"Số kế hoạch": "07/KH-SNV", "Ngày ban hành": "10/01/2026",
                                        "Nội dung nhiệm vụ": "Số hóa hồ sơ một cửa", "Đơn vị chủ trì": "Văn phòng Sở",
                                        "Thời hạn": "15/11/2026"}], "thử")
    day = dt.date(2026, 11, 28)
    one = report.build(store, dong_nai, "75", 2026, 4, report_date=day, department=True)
    apart = [report.build(store, dong_nai, code, 2026, 4, report_date=day) for code in ("70", "75")]
    assert sorted(one.rows.task_id) == sorted(t for r in apart for t in r.rows.task_id)
    assert len(set(one.rows.task_id)) == len(one.rows) == len(apart[0].rows) + 1 and len(apart[1].rows) == 1
    doc = Document(__import__("io").BytesIO(report.to_docx(one)))
    text = "\n".join(p.text for p in doc.paragraphs)
    assert "UBND TỈNH ĐỒNG NAI" in doc.tables[0].cell(0, 0).text and "Kính gửi: Ủy ban nhân dân tỉnh Đồng Nai" in text
    assert "Nhiệm vụ theo các kế hoạch của tỉnh Bình Phước và tỉnh Đồng Nai (hợp nhất thành tỉnh Đồng Nai từ " \
           "01/07/2025)" in text
    assert "Kế hoạch số 07/KH-SNV ngày 10/01/2026 — tỉnh Đồng Nai" in text, text
    # each plan names its province once: by the suffix, or by its issuer ("Sở Ngoại vụ tỉnh Bình Phước")
    headings = [p for p in text.splitlines() if p.startswith("Kế hoạch số")]
    assert len(headings) == apart[0].rows.plan_id.nunique() + 1 > 2, headings
    assert all(h.count("Bình Phước") + h.count("Đồng Nai") == 1 for h in headings), headings
    assert any(h.endswith("của Sở Ngoại vụ tỉnh Bình Phước") for h in headings), headings
    # one province's plan, a report dated before the day, or Hà Tĩnh alone: one province's tasks
    assert not report.build(store, dong_nai, "75", 2025, 2, report_date=dt.date(2025, 6, 30), department=True).department
    plan = store.plans(dong_nai, "75")[0].plan_id
    assert not report.build(store, dong_nai, "75", 2026, 4, report_date=day, plan_id=plan, department=True).department
    # the command line: the same report
    url = store.describe().split()[-1]
    users = tmp_path / "users.toml"
    from chiso import accounts
    accounts.add_user("admin_dn", "mat-khau-dai", PROVINCE_ADMIN, "75", path=users)
    out = tmp_path / "bc.docx"
    assert main(["report", "--province", "Đồng Nai", "--quarter", "2026Q4", "--date", "28/11/2026", "--out", str(out),
                 "--department", "--store", url, "--as", "admin_dn", "--users-file", str(users)]) == 0
    assert f"{len(one.rows)} nhiệm vụ" in capsys.readouterr().out
    assert "hợp nhất thành tỉnh Đồng Nai" in "\n".join(p.text for p in Document(str(out)).paragraphs)
    # without --department, Đồng Nai's own report (1 task) says what its department follows besides
    assert main(["report", "--province", "Đồng Nai", "--quarter", "2026Q4", "--date", "28/11/2026", "--out", str(out),
                 "--store", url, "--as", "admin_dn", "--users-file", str(users)]) == 0
    said = capsys.readouterr().out.splitlines()
    assert said[0].endswith(": 1 nhiệm vụ quý 4/2026 (Chưa thực hiện: 1, Đang thực hiện: 0, Hoàn thành: 0, "
                            "Tạm dừng: 0, Tổng số: 1, Trong đó quá hạn: 1)"), said  # due 15/11/2026
    assert said[1] == (f"Cùng Sở theo dõi thêm {len(apart[0].rows)} nhiệm vụ quý này theo kế hoạch của Bình Phước: "
                       "--department ghi một báo cáo chung"), said
    # in English, one task is "1 task" ("1 tasks of quarter 4/2026" before)
    assert main(["report", "--province", "Đồng Nai", "--quarter", "2026Q4", "--date", "28/11/2026", "--out", str(out),
                 "--store", url, "--as", "admin_dn", "--users-file", str(users), "--lang", "en"]) == 0
    assert ": 1 task of quarter 4/2026 (Not started: 1," in capsys.readouterr().out
    assert main(["report", "--province", "Đồng Nai", "--quarter", "2025Q2", "--date", "30/06/2025", "--out", str(out),
                 "--store", url, "--as", "admin_dn", "--users-file", str(users)]) == 0
    assert len(capsys.readouterr().out.splitlines()) == 1  # before the day: two departments, nothing to add


def test_recurring_tasks_in_every_quarter(store):
    recurring = {t.task_id for t in store.list_tasks(ADMIN, BINH_PHUOC) if t.recurring}
    assert len(recurring) == 12
    for q in (1, 2, 3, 4):
        rep = report.build(store, ADMIN, BINH_PHUOC, 2024, q, report_date=dt.date(2025, 1, 10))
        assert recurring <= set(rep.rows.task_id)
    q4 = report.build(store, ADMIN, BINH_PHUOC, 2024, 4, report_date=dt.date(2025, 1, 10))
    assert "Tổng kết năm" in set(q4.rows.text) and "Báo cáo quý I" not in set(q4.rows.text)


def test_report_cli_and_libreoffice(store, tmp_path, built_db):
    from chiso.cli import main

    out = tmp_path / "bao_cao.docx"
    assert main(["report", "--province", "Bình Phước", "--quarter", "2024Q3", "--out", str(out),
                 "--store", store.url, "--date", "05/10/2024", "--db", str(built_db)]) == 0
    assert out.exists() and out.with_suffix(".xlsx").exists()
    assert main(["report", "--province", "Bình Phước", "--quarter", "2024Q5", "--out", str(out),
                 "--store", store.url]) == 2
    soffice = shutil.which("soffice") or shutil.which("libreoffice")
    if not soffice:
        if os.environ.get("CI") == "true":
            pytest.fail("LibreOffice is required in CI to open the report")
        pytest.skip("LibreOffice not installed (apt-get install libreoffice-writer)")
    profile = tmp_path / "lo-profile"
    subprocess.run([soffice, f"-env:UserInstallation=file://{profile}", "--headless", "--convert-to", "pdf",
                    "--outdir", str(tmp_path), str(out)], check=True, timeout=180,
                   stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL)
    assert (tmp_path / "bao_cao.pdf").stat().st_size > 5000
    if shutil.which("pdftotext"):  # every column heading on one line: "STT", not "ST" over "T"
        text = subprocess.run(["pdftotext", "-layout", str(tmp_path / "bao_cao.pdf"), "-"], capture_output=True,
                              text=True, check=True).stdout
        assert "STT" in text and not any(line.split()[:1] == ["ST"] for line in text.splitlines()), text[:2000]
        # the national title on one line (Nghị định 30/2020/NĐ-CP); it wrapped after "CHỦ NGHĨA"
        assert "CỘNG HÒA XÃ HỘI CHỦ NGHĨA VIỆT NAM" in text, text[:600]
        assert "Ghi chú tiến độ" in text, text  # the progress note's heading on one line too


@pytest.mark.parametrize("text,expected", [
    ("2024Q3", (2024, 3)), ("2024-q1", (2024, 1)),
    # as the report itself and a Vietnamese user write a quarter: these were refused
    ("quý 3/2024", (2024, 3)), ("Quý III năm 2024", (2024, 3)), ("Q4/2025", (2025, 4)), ("2/2026", (2026, 2)),
    ("quy IV - 2024", (2024, 4))])
def test_parse_quarter(text, expected):
    assert report.parse_quarter(text) == expected


def test_parse_quarter_refuses_nonsense():
    from chiso.errors import InputError

    for bad in ("2024Q5", "Q3", "2024", "abcQ1", "5/2024", "quý 3/2024/1", "3/24", "Q3 2024 2025", "quý V/2024"):
        with pytest.raises(InputError):
            report.parse_quarter(bad)


def test_a_bad_quarter_is_named_as_the_option_in_the_clis_language(tmp_path, monkeypatch, capsys):
    """It read "Lỗi: cột --quarter: quarter must be written YYYYQn…": an option called a column (cột),
    its sentence in English under a Vietnamese "Lỗi"."""
    from chiso.cli import main
    monkeypatch.setenv("CHISO_TASKS_URL", str(tmp_path / "tasks.duckdb"))
    assert main(["report", "--province", "42", "--quarter", "2024Q5", "--out", str(tmp_path / "r.docx")]) == 2
    err = capsys.readouterr().err
    assert "--quarter: quý viết dạng 2024Q3 hoặc quý 3/2024, không phải '2024Q5'" in err and "cột" not in err, err
    assert not (tmp_path / "r.docx").exists()


@pytest.mark.parametrize("date, said", [("31/02/2026", "--date: không có ngày này: '31/02/2026'"),
                                        ("abc", "--date: ngày không hợp lệ 'abc'")])
def test_a_bad_report_date_is_said_in_the_clis_language(tmp_path, monkeypatch, capsys, date, said):
    """The report's --date is read by the one date rule (chiso.fmt.parse_date) the other commands use:
    it refused 2026-09-05, and 31/02/2026 was "must be dd/mm/yyyy" though it is written so; the
    results command said Python's English "day is out of range for month"."""
    from chiso.cli import main
    monkeypatch.setenv("CHISO_TASKS_URL", str(tmp_path / "tasks.duckdb"))
    with pytest.raises(SystemExit) as refused:  # argparse's refusal of the option, in the CLI's language
        main(["report", "--province", "42", "--quarter", "2024Q3", "--date", date, "--out", str(tmp_path / "r.docx")])
    assert refused.value.code == 2
    err = capsys.readouterr().err
    assert said in err and "out of range" not in err, err
    assert not (tmp_path / "r.docx").exists()
    assert main(["report", "--province", "42", "--quarter", "2024Q3", "--date", "2024-10-05",
                 "--out", str(tmp_path / "r.docx")]) == 0, capsys.readouterr().err


def test_the_report_takes_a_plan_by_its_number_and_refuses_one_the_province_has_not(store, tmp_path, capsys):
    """`--plan NOPE` wrote a report of 0 tasks; a plan could be named only by its store id, which no
    page or command shows. Its number, as the plan writes it, names it too."""
    from chiso.cli import main
    out = tmp_path / "bao_cao.docx"
    ours = next(p for p in store.plans(ADMIN, BINH_PHUOC) if p.number == "01/KH-SNV")
    assert main(["report", "--province", "Bình Phước", "--quarter", "2024Q3", "--out", str(out),
                 "--store", store.url, "--plan", "01/kh-snv"]) == 0
    rep = report.build(store, ADMIN, BINH_PHUOC, 2024, 3, plan_id=ours.plan_id)
    assert capsys.readouterr().out.startswith(f"Đã ghi {out} và {out.with_suffix('.xlsx')}: {len(rep.rows)} nhiệm vụ")
    assert main(["report", "--province", "Bình Phước", "--quarter", "2024Q3", "--out", str(tmp_path / "r2.docx"),
                 "--store", store.url, "--plan", "NOPE"]) == 2
    err = capsys.readouterr().err
    assert "--plan 'NOPE' không phải kế hoạch nào của tỉnh" in err and f"{ours.plan_id} (01/KH-SNV" in err, err
    assert not (tmp_path / "r2.docx").exists()


def test_a_reports_tables_break_between_tasks_under_repeated_headings(tmp_path, built_db):
    """Bình Phước's two real plans, read and imported as a user does, make a report of several pages.
    Before, a task's row was cut in two by a page break, its text going on at the top of the next page
    under no headings, a unit's table could begin with its heading row alone at the foot of a page,
    and the signature block ("Nơi nhận", "GIÁM ĐỐC") was left alone on the last page.
    Each page is read from LibreOffice's rendering (pdftotext)."""
    from chiso.cli import main
    from test_plan_import import PLANS_DIR

    soffice = shutil.which("soffice") or shutil.which("libreoffice")
    if not (PLANS_DIR.is_dir() and soffice and shutil.which("pdftotext")):
        if os.environ.get("CI") == "true":
            pytest.fail("the real plans, LibreOffice and pdftotext are required in CI")
        pytest.skip("needs ../shared/plans, LibreOffice and pdftotext")
    store_url = str(tmp_path / "store.duckdb")
    for name in ("binhphuoc-sngv-52-2023.txt", "binhphuoc-sct-2023.md"):
        tasks = tmp_path / f"{name}.xlsx"
        assert main(["plans", "parse", str(PLANS_DIR / name), "--out", str(tasks)]) == 0
        assert main(["tasks", "import", str(tasks), "--province", "Bình Phước", "--store", store_url]) == 0
    out = tmp_path / "bao_cao.docx"
    assert main(["report", "--province", "Bình Phước", "--quarter", "2023Q4", "--out", str(out), "--store", store_url,
                 "--date", "05/01/2024", "--db", str(built_db)]) == 0
    subprocess.run([soffice, f"-env:UserInstallation=file://{tmp_path / 'lo-profile'}", "--headless", "--convert-to",
                    "pdf", "--outdir", str(tmp_path), str(out)], check=True, timeout=180,
                   stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL)
    text = subprocess.run(["pdftotext", "-layout", str(tmp_path / "bao_cao.pdf"), "-"], capture_output=True,
                          text=True, check=True).stdout
    pages = [[line.split() for line in page.splitlines() if line.strip()] for page in text.split("\f") if page.strip()]
    assert len(pages) >= 3, text
    # each page goes on with a heading (a table's headings repeated, a plan's, a unit's) or the
    # signature block, never with the rest of a task's text; no page ends on a table's headings
    continued = ("STT ", "Kế hoạch số", "Nhiệm vụ giao trực tiếp", "Đơn vị chủ trì")
    for n, lines in enumerate(pages[1:], start=2):
        assert " ".join(lines[0]).startswith(continued), (n, lines[:3])
    # and the signature block is not alone on the last page: the last task's row goes with it
    assert any(words[0] == "Nơi" for words in pages[-1]) and pages[-1][0][0] != "Nơi", pages[-1][:3]
    for n, lines in enumerate(pages[:-1], start=1):
        foot = " ".join(" ".join(words) for words in lines[-2:])
        assert not foot.startswith("STT") and "Nội dung nhiệm vụ" not in foot, (n, foot)
