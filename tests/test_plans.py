"""Plan import: the four real plans against hand-written expectations, and synthetic snippets."""
from __future__ import annotations

import datetime as dt
import io
import shutil
import subprocess
import sys

import pytest

from chiso import paths
from chiso.plans import parse_plan
from chiso.plans import template
from chiso.plans.evaluate import load_expected, score
from chiso.plans.ocrtext import match_key
from chiso.plans.vocabulary import find_links, load

PLANS_DIR = paths.SHARED_DIR / "plans"
EXPECTED_DIR = paths.ROOT / "tests" / "fixtures" / "plans" / "expected"
EXPECTED = sorted(EXPECTED_DIR.glob("*.json"))
needs_plans = pytest.mark.skipif(not PLANS_DIR.is_dir(), reason=f"real plans folder {PLANS_DIR} is absent")

# Measured with bench/bench_plans.py; thresholds sit slightly below (plan: task P, task R, lead P, lead R, link P, link R).
THRESHOLDS = {
    "binhphuoc-sct-2023": (0.95, 0.95, 0.95, 0.95, 0.75, 0.90),
    "binhphuoc-sngv-52-2023": (0.95, 0.95, 0.95, 0.95, 0.55, 0.80),
    "khanhhoa-sct-2022-papi": (0.95, 0.95, 0.95, 0.95, 0.75, 0.75),
    "tayninh-sxd-2008-2021": (0.95, 0.90, 0.85, 0.80, 0.90, 0.78),
}


def _plan(name: str):
    return parse_plan(PLANS_DIR / load_expected(EXPECTED_DIR / f"{name}.json")["plan_file"])


# ---------- the real plans ----------

@needs_plans
@pytest.mark.parametrize("exp_path", EXPECTED, ids=lambda p: p.stem)
def test_real_plan_quality(exp_path):
    expected = load_expected(exp_path)
    s = score(parse_plan(PLANS_DIR / expected["plan_file"]), expected)
    got = (s.task_precision, s.task_recall, s.lead_precision, s.lead_recall, s.link_precision, s.link_recall)
    names = ("task precision", "task recall", "lead precision", "lead recall", "link precision", "link recall")
    for name, value, floor in zip(names, got, THRESHOLDS[exp_path.stem]):
        assert value >= floor, f"{exp_path.stem}: {name} {value:.2f} < {floor}"


@needs_plans
@pytest.mark.parametrize("exp_path", EXPECTED, ids=lambda p: p.stem)
def test_real_plan_metadata(exp_path):
    expected = load_expected(exp_path)
    plan = parse_plan(PLANS_DIR / expected["plan_file"])
    assert plan.issuer == expected["issuer"]
    assert plan.number == expected["number"]
    assert (plan.date.isoformat() if plan.date else None) == expected["date"]
    if expected.get("date_text"):
        assert plan.date_text == expected["date_text"]
        assert any("Ngày ban hành" in str(w) for w in plan.warnings)
    # Every index the plan names is found (order aside); PCI in the Tây Ninh title is OCR'd "PCIL" but named again later.
    assert set(expected["indices"]) <= set(plan.indices)


@needs_plans
def test_distribution_list_and_signature_are_not_tasks():
    for exp_path in EXPECTED:
        plan = parse_plan(PLANS_DIR / load_expected(exp_path)["plan_file"])
        for t in plan.tasks:
            key = match_key(t.text)
            assert not key.startswith(("noi nhan", "luu vt", "ubnd tinh b c", "tren day la")), t.text


@needs_plans
def test_unit_headings_give_the_lead_unit():
    plan = _plan("binhphuoc-sngv-52-2023")
    leads = [t.lead_unit for t in plan.tasks]
    assert leads[:5] == ["Văn phòng Sở"] * 5
    assert "phòng chuyên môn" in leads[5]
    assert plan.tasks[5].recurring and plan.tasks[5].reporting_period == "Hằng tháng"


@needs_plans
def test_scrambled_appendix_table():
    plan = _plan("tayninh-sxd-2008-2021")
    appendix = [t for t in plan.tasks if "Phụ lục" in t.source]
    assert len(appendix) >= 14
    first_par = next(t for t in appendix if match_key(t.text).startswith("can ctr ket qua cong bd"))
    assert first_par.deadline == dt.date(2021, 12, 31)
    assert first_par.lead_unit == "Tất cả các phòng"
    assert {"PAR_INDEX", "SIPAS"} <= {l.index_code for l in first_par.links}
    permit = appendix[-1]
    assert permit.lead_unit == "Phòng Quy hoạch và Phát triển đô thị"
    assert "PAPI:D5_CONSTRUCTION" in [l.code for l in permit.links]
    assert permit.recurring


@needs_plans
def test_targets_are_read():
    plan = _plan("binhphuoc-sct-2023")
    targets = [x for t in plan.tasks for x in t.targets]
    assert any(x.startswith("95% người dân") for x in targets)
    assert any(x.startswith("100% TTHC") and "đúng hẹn" in x for x in targets)


# ---------- vocabulary ----------

def test_vocabulary_codes_exist_and_triggers_are_reported():
    assert len(load()) > 50
    links = {l.code: l.triggers for l in find_links("Công khai danh sách hộ nghèo và thu, chi ngân sách xã")}
    assert "PAPI:D2_POVERTY" in links and "PAPI:D2_BUDGET" in links
    assert "thu chi ngân sách" in links["PAPI:D2_BUDGET"]  # the words as written, punctuation aside


def test_ocr_damaged_words_still_link():
    codes = {l.code for l in find_links("Kip thoi giai quyét cac ndi dung khiéu nai, t6 cdo cua nguoi dan")}
    assert "PAPI:D3_APPEALS" in codes
    codes = {l.code for l in find_links("cong khai day du cac tht tuc hanh chinh; dich vu cong truc tuyén")}
    assert {"PAPI:D5", "PAR_INDEX:F3", "PAR_INDEX:F7", "PAPI:D8"} <= codes
    assert match_key("Chi s6 PAPI, Chi sb PCI, Chi $6 SIPAS") == "chi so papi chi so pci chi so sipas"


def test_short_words_are_not_fuzzy_matched():
    assert not find_links("Miễn phí dịch vụ")  # "phí" is not "PCI"
    assert "PAR_INDEX:F7" not in {l.code for l in find_links("công khai của chính quyền cơ sở")}


# ---------- synthetic plans ----------

SNIPPET = """ỦY BAN NHÂN DÂN TỈNH X      CỘNG HÒA XÃ HỘI CHỦ NGHĨA VIỆT NAM
SỞ TƯ PHÁP                  Độc lập - Tự do - Hạnh phúc
Số: 12/KH-STP               X, ngày 05 tháng 3 năm 2024

KẾ HOẠCH
Nâng cao Chỉ số PAPI năm 2024

I. MỤC ĐÍCH, YÊU CẦU
1. Mục đích
- Nâng cao nhận thức của công chức về Chỉ số PAPI và trách nhiệm giải trình.

II. NHIỆM VỤ VÀ GIẢI PHÁP
1. Phòng Hành chính tư pháp
- Công khai danh sách hộ nghèo tại trụ sở xã, hoàn thành trước 30/6/2024.
- Đẩy mạnh dịch vụ công trực tuyến đối với thủ tục chứng thực, phấn đấu 90% hồ sơ nộp trực tuyến.
2. Thanh tra Sở
Giải quyết dứt điểm các vụ việc khiếu nại, tố cáo
của người dân, không để tồn đọng; thực hiện thường xuyên.

III. TỔ CHỨC THỰC HIỆN
1. Văn phòng Sở: Có trách nhiệm theo dõi, đôn đốc và định kỳ hằng quý báo cáo kết quả gửi Sở Nội vụ.

Trên đây là Kế hoạch nâng cao Chỉ số PAPI năm 2024 của Sở Tư pháp./.

Nơi nhận:                              GIÁM ĐỐC
- UBND tỉnh (b/c);
- Sở Nội vụ;
- Lưu: VT, VP.                         Nguyễn Văn A
"""


def test_synthetic_text_plan_structure():
    plan = parse_plan(SNIPPET.encode("utf-8"), "kehoach.txt")
    assert plan.issuer == "Sở Tư pháp" and plan.number == "12/KH-STP" and plan.date == dt.date(2024, 3, 5)
    assert plan.indices == ["PAPI"]
    assert len(plan.tasks) == 4, [t.text for t in plan.tasks]
    poverty, online, appeals, report = plan.tasks
    assert poverty.lead_unit == "Phòng Hành chính tư pháp" and poverty.deadline == dt.date(2024, 6, 30)
    assert [l.code for l in poverty.links] == ["PAPI:D2_POVERTY"]
    assert online.targets and online.targets[0].startswith("90% hồ sơ")
    assert {"PAPI:D8", "PAR_INDEX:F7", "PAPI:D5_CERT"} <= {l.code for l in online.links}
    # A line broken mid-sentence is joined; the unit heading gives the lead.
    assert appeals.text.startswith("Giải quyết dứt điểm các vụ việc khiếu nại, tố cáo của người dân")
    assert appeals.lead_unit == "Thanh tra Sở" and appeals.recurring
    assert report.lead_unit == "Văn phòng Sở" and report.reporting_period == "Hằng quý"
    assert report.text.startswith("Có trách nhiệm theo dõi")
    # Nothing from "Nơi nhận" or the signature.
    assert not any("Lưu" in t.text or "Nguyễn Văn A" in t.text for t in plan.tasks)


def test_ocr_damaged_snippet_without_diacritics():
    text = ("UBND TINH X CONG HOA XA HQI CHU NGHIA VIET NAM\nSO NOI VU Poc lap - Tw do - Hanh phiic\n"
            "Sb: 7/KH-SNV X, ngay 02 thang 4 nam 2024\nKE HOACH\n\nNang cao Chi s6 PAR INDEX\n\n"
            "I1. NHIEM VU\n1. Ra soat, cong khai day du cac tht tuc hanh chinh thudc\nthAm quyén giai quyét.\n"
            "2. Tang cudng cong tac phong, chong tham nhiing trong cong chirc.\n")
    plan = parse_plan(text.encode(), "ocr.txt")
    assert plan.number == "7/KH-SNV" and plan.date == dt.date(2024, 4, 2)
    assert plan.issuer == "Sở Nội vụ"
    assert len(plan.tasks) == 2
    assert {"PAPI:D5", "PAR_INDEX:F3"} <= {l.code for l in plan.tasks[0].links}
    assert "PAPI:D4" in {l.code for l in plan.tasks[1].links} or \
        "PAPI:D4_WILLINGNESS" in {l.code for l in plan.tasks[1].links}


def test_bullets_and_markdown():
    md = ("Số: 3/KH-SYT\n\nHà Nội, ngày 01 tháng 02 năm 2024\n\n## KẾ HOẠCH\n\n### **Cải thiện SIPAS**\n\n"
          "## **II. Giải pháp**\n\n- Tổ chức **khảo sát sự hài lòng** của người dân hằng quý.\n"
          "+ Công bố kết quả khảo sát trên cổng thông tin điện tử.\n- Rà soát văn bản quy phạm pháp luật về y tế.\n")
    plan = parse_plan(md.encode(), "p.md")
    assert len(plan.tasks) == 2
    assert "cổng thông tin điện tử" in plan.tasks[0].text  # "+" sub-point joined to its bullet
    assert {"SIPAS", "PAPI:D8_PORTAL"} <= {l.code for l in plan.tasks[0].links}
    assert [l.code for l in plan.tasks[1].links] == ["PAR_INDEX:F2"]


def test_scrambled_table_synthetic():
    text = ("KẾ HOẠCH\n\nCải thiện chỉ số\n\nI. NỘI DUNG\n1. Thực hiện theo Phụ lục kèm theo.\n\nPHỤ LỤC\n"
            "STT Nhiệm vụ Đơn vị chủ trì Đơn vị phối hợp Thời gian\n"
            "Chỉ số PAPI (Chỉ số Hiệu quả quản trị và hành chính công cấp tỉnh)\n"
            "Công khai kế hoạch sử dụng đất, khung giá đền bù tại trụ sở UBND xã\n"
            "1 | và trên cổng thông tin điện tử của huyện. Phòng Quản lý\n"
            "xây dựng\n\n"
            "Tổ chức tiếp công dân định kỳ, giải quyết khiếu nại, tố cáo\n"
            "2 | đúng thời hạn luật định.\n"
            "Thanh tra Sở\n\n"
            "Thường xuyên\n\nTrước\n30/9/2024\n")
    plan = parse_plan(text.encode(), "t.txt")
    rows = [t for t in plan.tasks if "Phụ lục" in t.source]
    assert len(rows) == 2, [t.text for t in plan.tasks]
    land, appeals = rows
    assert "PAPI:D2_LANDUSE" in {l.code for l in land.links}
    assert land.recurring and appeals.deadline == dt.date(2024, 9, 30)
    assert land.lead_unit == "Phòng Quản lý xây dựng"
    assert appeals.lead_unit == "Thanh tra Sở"
    assert "PAPI:D3_APPEALS" in {l.code for l in appeals.links}


def test_docx_made_in_test(tmp_path):
    docx = pytest.importorskip("docx")
    d = docx.Document()
    d.add_paragraph("SỞ NỘI VỤ")
    d.add_paragraph("Số: 45/KH-SNV")
    d.add_paragraph("Đà Nẵng, ngày 10 tháng 5 năm 2024")
    d.add_paragraph("KẾ HOẠCH")
    d.add_paragraph("Nâng cao Chỉ số SIPAS")
    d.add_paragraph("")
    d.add_paragraph("II. NHIỆM VỤ")
    d.add_paragraph("Tổ chức khảo sát sự hài lòng của người dân tại Bộ phận Một cửa mỗi quý.", style="List Bullet")
    t = d.add_table(rows=3, cols=5)
    for c, h in zip(t.rows[0].cells, ["STT", "Nhiệm vụ", "Đơn vị chủ trì", "Đơn vị phối hợp", "Thời hạn"]):
        c.text = h
    for c, v in zip(t.rows[1].cells, ["1", "Rà soát thủ tục hành chính cấp xã", "Phòng Pháp chế", "Sở Tư pháp; UBND cấp xã", "31/12/2024"]):
        c.text = v
    for c, v in zip(t.rows[2].cells, ["2", "Cập nhật cổng thông tin điện tử", "Văn phòng Sở", "", "Thường xuyên"]):
        c.text = v
    path = tmp_path / "kh.docx"
    d.save(path)
    plan = parse_plan(path)
    assert plan.number == "45/KH-SNV" and plan.date == dt.date(2024, 5, 10) and plan.issuer == "Sở Nội vụ"
    assert len(plan.tasks) == 3, [t.text for t in plan.tasks]
    survey, proc, portal = plan.tasks
    assert "SIPAS" in {l.index_code for l in survey.links}
    assert proc.lead_unit == "Phòng Pháp chế" and proc.partner_units == ["Sở Tư pháp", "UBND cấp xã"]
    assert proc.deadline == dt.date(2024, 12, 31)
    assert {"PAPI:D5_COMMUNE", "PAR_INDEX:F3"} <= {l.code for l in proc.links}
    assert portal.recurring and [l.code for l in portal.links] == ["PAPI:D8_PORTAL"]


def _image_pdf(path, lines):
    from PIL import Image, ImageDraw, ImageFont
    img = Image.new("L", (1700, 2200), 255)
    draw = ImageDraw.Draw(img)
    font = None
    for name in ("/usr/share/fonts/truetype/dejavu/DejaVuSans.ttf", "DejaVuSans.ttf"):
        try:
            font = ImageFont.truetype(name, 40)
            break
        except OSError:
            continue
    font = font or ImageFont.load_default()
    for i, line in enumerate(lines):
        draw.text((100, 150 + i * 70), line, fill=0, font=font)
    img.save(path, "PDF", resolution=200)


def test_pdf_without_text_layer_is_read_by_ocr_or_warned(tmp_path):
    pytest.importorskip("PIL")
    path = tmp_path / "scan.pdf"
    _image_pdf(path, ["SỞ NỘI VỤ", "Số: 8/KH-SNV", "KẾ HOẠCH", "", "II. NHIỆM VỤ",
                      "1. Giải quyết khiếu nại, tố cáo của người dân đúng hạn.",
                      "2. Công khai danh sách hộ nghèo tại trụ sở xã."])
    plan = parse_plan(path)
    assert any("Trang 1" in str(w) for w in plan.warnings)
    if shutil.which("tesseract") and shutil.which("pdftoppm"):
        codes = {l.code for t in plan.tasks for l in t.links}
        assert {"PAPI:D3_APPEALS", "PAPI:D2_POVERTY"} <= codes, [t.text for t in plan.tasks]
    else:
        assert any("không đọc được" in str(w) for w in plan.warnings)


def test_pdf_page_that_ocr_cannot_read_is_named(tmp_path, monkeypatch):
    pytest.importorskip("PIL")
    from PIL import Image
    path = tmp_path / "blank.pdf"
    Image.new("L", (800, 1000), 255).save(path, "PDF")
    plan = parse_plan(path)
    assert any(str(w).startswith("Trang 1") and "không đọc được" in str(w) for w in plan.warnings)


def test_refuses_other_types():
    from chiso.errors import InputError
    with pytest.raises(InputError):
        parse_plan(b"PK\x03\x04", "macro.docm")


# ---------- template and CLI ----------

def test_template_rows_and_roundtrip(tmp_path):
    plan = parse_plan(SNIPPET.encode("utf-8"), "kehoach.txt")
    rows = template.tasks_to_rows(plan)
    assert list(rows[0]) == list(template.HEADERS)
    assert rows[0]["Số kế hoạch"] == "12/KH-STP" and rows[0]["Ngày ban hành"] == "05/03/2024"
    assert rows[0]["Thời hạn"] == "30/06/2024" and rows[2]["Thời hạn"] == "Thường xuyên"
    assert rows[1]["Liên kết chỉ số"].count("; ") >= 2
    for suffix in (".csv", ".xlsx"):
        out = tmp_path / f"tasks{suffix}"
        src = tmp_path / "kehoach.txt"
        src.write_text(SNIPPET, encoding="utf-8")
        res = subprocess.run([sys.executable, "-m", "chiso", "plans", "parse", str(src), "--out", str(out)],
                             capture_output=True, text=True, cwd=paths.ROOT)
        assert res.returncode == 0, res.stderr
        assert "Nơi nhận" not in res.stdout and "PAPI:D2_POVERTY" in res.stdout
        assert template.read_rows(out) == rows


@pytest.mark.parametrize("suffix", [".csv", ".xlsx"])
def test_template_never_writes_a_formula(tmp_path, suffix):
    """A task text that begins like a formula stays text in Excel, and reads back unchanged."""
    plan = parse_plan(SNIPPET.encode("utf-8"), "kehoach.txt")
    rows = template.tasks_to_rows(plan)
    rows[0]["Nội dung nhiệm vụ"] = '=HYPERLINK("http://x","bấm")'
    rows[1]["Nội dung nhiệm vụ"] = "- Rà soát thủ tục hành chính"
    out = tmp_path / f"tasks{suffix}"
    template.write(rows, out)
    if suffix == ".csv":
        raw = out.read_text(encoding="utf-8-sig")
        assert "'=HYPERLINK" in raw and "'- Rà soát" in raw
    else:
        from openpyxl import load_workbook
        cell = load_workbook(out).active.cell(2, template.HEADERS.index("Nội dung nhiệm vụ") + 1)
        # The task template's writer (chiso.tasks.template) keeps it text with a leading apostrophe,
        # which reading the template removes again.
        assert cell.data_type == "s" and cell.value == '\'=HYPERLINK("http://x","bấm")'
    assert template.read_rows(out) == rows


@needs_plans
def test_a_number_left_blank_reads_as_one_everywhere_it_is_shown():
    """Sở Công Thương's plan leaves its number blank ("Số:   /KH-SCT"): the quarterly report said
    "Kế hoạch số /KH-SCT". Kept as read (the import's key), it is shown "…/KH-SCT"."""
    from types import SimpleNamespace

    from chiso.i18n import use
    from chiso.report import plan_label
    from chiso.tasks.model import plan_number_text

    plan = _plan("binhphuoc-sct-2023")
    assert plan.number == "/KH-SCT"
    task = SimpleNamespace(plan_id="KH-70-0001", plan_number=plan.number, plan_issued_date=None,
                           plan_issuer=plan.issuer)
    with use("vi"):
        assert plan_label(task) == "Kế hoạch số …/KH-SCT của Sở Công Thương"
    assert plan_number_text(_plan("binhphuoc-sngv-52-2023").number) == "52/KH-SNgV"


@needs_plans
def test_a_plan_names_its_province():
    """From the letterhead or the place-date line, through OCR damage ("UBND TINH BINH PHUGC")."""
    assert [_plan(n).province_code for n in ("binhphuoc-sct-2023", "binhphuoc-sngv-52-2023",
                                             "khanhhoa-sct-2022-papi", "tayninh-sxd-2008-2021")] == ["70", "70", "56", "72"]
