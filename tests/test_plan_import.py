"""A plan goes in without retyping: `plans parse FILE --out tasks.xlsx` then `tasks import tasks.xlsx`
succeeds with no edit on the four real plans and on a SYNTHETIC plan that states no date; every
deadline phrase plans use is read; a deadline the plan does not state is the plan's period end,
marked "theo kỳ kế hoạch" wherever it shows; OCR-damaged rows are flagged for review."""
from __future__ import annotations

import datetime as dt
import os

import pytest

from chiso import paths
from chiso.auth import PROVINCE_ADMIN, User
from chiso.cli import main
from chiso.plans import parse_plan, template
from chiso.plans.ocrtext import looks_damaged
from chiso.tasks import deadlines, open_store
from chiso.tasks import template as task_template

PLANS_DIR = paths.SHARED_DIR / "plans"
REAL_PLANS = ["binhphuoc-sct-2023.md", "binhphuoc-sngv-52-2023.txt", "khanhhoa-sct-2022-papi.txt",
              "tayninh-sxd-2008-2021.txt"]
ADMIN = User("admin_bp", PROVINCE_ADMIN, "70")

# SYNTHETIC: a plan written for this test, in the shared administrative layout, stating no date.
NO_DATES = """ỦY BAN NHÂN DÂN TỈNH X      CỘNG HÒA XÃ HỘI CHỦ NGHĨA VIỆT NAM
SỞ TƯ PHÁP                  Độc lập - Tự do - Hạnh phúc
Số: 7/KH-STP                X, ngày 10 tháng 01 năm 2024

KẾ HOẠCH
Nâng cao Chỉ số PAPI năm 2024

I. NHIỆM VỤ VÀ GIẢI PHÁP
1. Phòng Hành chính tư pháp
- Công khai danh sách hộ nghèo tại trụ sở xã.
- Đẩy mạnh dịch vụ công trực tuyến đối với thủ tục chứng thực.
2. Thanh tra Sở
- Giải quyết dứt điểm các vụ việc khiếu nại, tố cáo của người dân.

Trên đây là Kế hoạch nâng cao Chỉ số PAPI năm 2024 của Sở Tư pháp./.
"""


def _parse_then_import(plan_path, tmp_path, province="Bình Phước") -> tuple[list[dict], object]:
    out = tmp_path / "tasks.xlsx"
    assert main(["plans", "parse", str(plan_path), "--out", str(out)]) == 0
    store_url = str(tmp_path / "store.duckdb")
    assert main(["tasks", "import", str(out), "--province", province, "--store", store_url]) == 0
    return template.read_rows(out), open_store(store_url)


@pytest.mark.parametrize("name", REAL_PLANS)
def test_real_plan_parse_then_import_with_no_edit(name, tmp_path, built_db):
    if not PLANS_DIR.is_dir():
        if os.environ.get("CI") == "true":
            pytest.fail(f"the real plans are required in CI ({PLANS_DIR})")
        pytest.skip(f"{PLANS_DIR} absent")
    rows, store = _parse_then_import(PLANS_DIR / name, tmp_path)
    tasks = store.list_tasks(ADMIN, "70")
    assert len(tasks) == len(rows) > 0
    plan = parse_plan(PLANS_DIR / name)
    for task, proposed in zip(sorted(tasks, key=lambda t: t.task_id), plan.tasks):
        assert task.text == proposed.text
        if proposed.deadline_inferred:
            assert task.due_date == plan.period_end and task.deadline_inferred
            assert task.deadline_text().endswith("(theo kỳ kế hoạch)")
        else:
            assert not task.deadline_inferred
    # An export re-imports unchanged (the inferred mark survives the round trip).
    exported = tmp_path / "export.xlsx"
    exported.write_bytes(store.export_xlsx(ADMIN, "70"))
    result = store.import_file(ADMIN, "70", exported.name, exported.read_bytes())
    assert result.created == 0
    assert [(t.due_date, t.source) for t in store.list_tasks(ADMIN, "70")] == [(t.due_date, t.source) for t in tasks]


def test_two_departments_offices_stay_two_units(tmp_path, built_db):
    """Sở Công Thương's and Sở Ngoại vụ's plans both give tasks to "Văn phòng Sở": saved in one
    province's store they merged into one unit (its filter, its unit account, the deck's table).
    Each office is now named with its department, and a plan saved before that is not doubled."""
    if not PLANS_DIR.is_dir():
        if os.environ.get("CI") == "true":
            pytest.fail(f"the real plans are required in CI ({PLANS_DIR})")
        pytest.skip(f"{PLANS_DIR} absent")
    store_url = str(tmp_path / "store.duckdb")
    for name in ("binhphuoc-sct-2023.md", "binhphuoc-sngv-52-2023.txt"):
        out = tmp_path / f"{name}.xlsx"
        assert main(["plans", "parse", str(PLANS_DIR / name), "--out", str(out)]) == 0
        assert main(["tasks", "import", str(out), "--province", "Bình Phước", "--store", store_url]) == 0
    store = open_store(store_url)
    units = store.units(ADMIN, "70")
    assert "Văn phòng Sở Công Thương" in units and "Văn phòng Sở Ngoại vụ" in units, units
    assert "Văn phòng Sở" not in units, units
    assert "Trưởng các phòng chuyên môn (Sở Công Thương)" in units, units
    ngoai_vu = store.list_tasks(ADMIN, "70", unit="Văn phòng Sở Ngoại vụ")
    assert ngoai_vu and {t.plan_issuer for t in ngoai_vu} == {"Sở Ngoại vụ"}
    # a store holding the plan as saved before (offices unqualified): saving it again adds nothing
    plan_rows = template.read_rows(tmp_path / "binhphuoc-sct-2023.md.xlsx")
    old = open_store(str(tmp_path / "old.duckdb"))
    unqualified = [{**r, task_template.LEAD_UNIT: r[task_template.LEAD_UNIT].replace("Văn phòng Sở Công Thương",
                                                                                      "Văn phòng Sở")}
                   for r in plan_rows]
    assert any(r[task_template.LEAD_UNIT] == "Văn phòng Sở" for r in unqualified)
    assert old.import_rows(ADMIN, "70", unqualified).created == len(plan_rows)
    again = old.import_rows(ADMIN, "70", plan_rows)
    assert again.created == 0 and len(old.list_tasks(ADMIN, "70")) == len(plan_rows)


def test_period_end_of_the_real_plans():
    if not PLANS_DIR.is_dir():
        pytest.skip(f"{PLANS_DIR} absent")
    ends = {name: parse_plan(PLANS_DIR / name).period_end for name in REAL_PLANS}
    # "… năm 2023", "… nim 2022" (OCR of "năm"), "giai đoạn 2021-2025".
    assert ends == {"binhphuoc-sct-2023.md": dt.date(2023, 12, 31), "binhphuoc-sngv-52-2023.txt": dt.date(2023, 12, 31),
                    "khanhhoa-sct-2022-papi.txt": dt.date(2022, 12, 31),
                    "tayninh-sxd-2008-2021.txt": dt.date(2025, 12, 31)}


def test_synthetic_plan_with_no_dates(tmp_path, built_db):
    path = tmp_path / "ke_hoach_khong_ngay.txt"
    path.write_text(NO_DATES, encoding="utf-8")
    rows, store = _parse_then_import(path, tmp_path)
    assert [r["Thời hạn"] for r in rows] == ["31/12/2024 (theo kỳ kế hoạch)"] * 3
    assert all(t.due_date == dt.date(2024, 12, 31) and t.deadline_inferred for t in store.list_tasks(ADMIN, "70"))
    plan = parse_plan(path)
    assert any("theo kỳ kế hoạch" in str(w) for w in plan.warnings)


def test_the_plan_readers_remarks_speak_the_readers_language(tmp_path, monkeypatch, capsys):
    """A remark of the plan reader (deadlines assumed, lead units assumed) was Vietnamese with an
    English gloss in brackets for everyone; now each language reads its own, on the CLI too."""
    from chiso import i18n
    path = tmp_path / "ke_hoach_khong_ngay.txt"
    path.write_text(NO_DATES, encoding="utf-8")
    plan = parse_plan(path)
    vi = [str(w) for w in plan.warnings]
    assert vi == ["3 nhiệm vụ không ghi thời hạn: tạm lấy hết kỳ kế hoạch 31/12/2024 (theo kỳ kế hoạch), cần kiểm tra"]
    with i18n.use("en"):
        assert [str(w) for w in plan.warnings] == [
            "Tasks stating no deadline: 3. Each is given the end of the plan's period, 31/12/2024 (theo kỳ kế hoạch): "
            "check them"]
    monkeypatch.setenv("CHISO_LANG", "en")
    assert main(["plans", "parse", str(path)]) == 0
    printed = capsys.readouterr().out
    assert "Tasks proposed: 3" in printed and "Lead: Phòng Hành chính tư pháp" in printed, printed
    assert "Warnings:\n  ! Tasks stating no deadline: 3." in printed, printed
    assert not any(word in printed for word in ("Nhiệm vụ đề xuất", "Chủ trì", "Cảnh báo", "cần kiểm tra")), printed


def test_an_edited_deadline_drops_the_inferred_mark(tmp_path, built_db):
    path = tmp_path / "ke_hoach_khong_ngay.txt"
    path.write_text(NO_DATES, encoding="utf-8")
    _, store = _parse_then_import(path, tmp_path)
    task = store.list_tasks(ADMIN, "70")[0]
    saved = store.update_task(ADMIN, task.task_id, task.version, due_date=dt.date(2024, 9, 30),
                              source=task_template.with_inferred_mark(task.source, False))
    assert not saved.deadline_inferred and saved.deadline_text() == "30/09/2024"


@pytest.mark.parametrize("written,expected", [
    ("Thường xuyên", deadlines.Deadline(None, True)),
    ("Hằng quý", deadlines.Deadline(None, True, "quarterly")),
    ("Quý III/2024", deadlines.Deadline(dt.date(2024, 9, 30))),
    ("quý 4 năm 2024", deadlines.Deadline(dt.date(2024, 12, 31))),
    ("trước ngày 15/10/2024", deadlines.Deadline(dt.date(2024, 10, 15))),
    ("Trước 31/12/2021", deadlines.Deadline(dt.date(2021, 12, 31))),
    ("tháng 9/2024", deadlines.Deadline(dt.date(2024, 9, 30))),
    ("tháng 2 năm 2024", deadlines.Deadline(dt.date(2024, 2, 29))),
    ("31/12/2023 (theo kỳ kế hoạch)", deadlines.Deadline(dt.date(2023, 12, 31), inferred=True)),
])
def test_deadline_phrases_in_the_template(written, expected):
    assert deadlines.read(written) == expected
    # The template reads the same cell the same way, and gives "Hằng quý" as the reporting period.
    row = {"Nội dung nhiệm vụ": "Rà soát thủ tục", "Đơn vị chủ trì": "Văn phòng Sở", "Thời hạn": written}
    draft = task_template.drafts_from_rows([row])[0]
    assert (draft.due_date, draft.recurring, draft.reporting_period, draft.deadline_inferred) == \
        (expected.due, expected.recurring, expected.period, expected.inferred)


@pytest.mark.parametrize("sentence,due", [
    ("Rà soát quy trình, hoàn thành trong Quý III/2024.", dt.date(2024, 9, 30)),
    ("Theo Quyết định số 12 ngày 06/4/2023, hoàn thành trước ngày 15/10/2024.", dt.date(2024, 10, 15)),
    ("Triển khai phần mềm, xong trước tháng 9/2024.", dt.date(2024, 9, 30)),
])
def test_deadline_phrases_in_a_plan_sentence(sentence, due):
    plan = parse_plan(NO_DATES.replace("- Công khai danh sách hộ nghèo tại trụ sở xã.", "- " + sentence)
                      .encode("utf-8"), "kh.txt")
    first = plan.tasks[0]
    assert first.deadline == due and not first.deadline_inferred


def test_bad_deadlines_are_refused_with_row_and_column():
    with pytest.raises(task_template.TemplateRejected) as exc:
        task_template.drafts_from_rows([{"Nội dung nhiệm vụ": "X", "Đơn vị chủ trì": "Y", "Thời hạn": "Quý V/2024"}])
    assert "cột Thời hạn" in str(exc.value) and "Quý V/2024" in str(exc.value)


def test_an_issue_date_after_today_is_refused():
    """11/08/2030 typed for 11/08/2023 was imported: a plan is issued before its tasks are entered."""
    from chiso.clock import today_vn
    row = {"Nội dung nhiệm vụ": "X", "Đơn vị chủ trì": "Y", "Thời hạn": "31/12/2026", "Ngày ban hành": "11/08/2030"}
    with pytest.raises(task_template.TemplateRejected) as exc:
        task_template.drafts_from_rows([row])
    assert "cột Ngày ban hành" in str(exc.value) and "sau ngày hôm nay" in str(exc.value), str(exc.value)
    today = today_vn().strftime("%d/%m/%Y")
    assert task_template.drafts_from_rows([{**row, "Ngày ban hành": today}])[0].plan_issued_date == today_vn()


def test_ocr_damage_is_flagged_on_the_row():
    assert looks_damaged("Vin phong Sé ¢6 trach nhiém theo ddi viée trién khai, to chirc thuc hién Ké hoach")
    assert looks_damaged("Thuce hién t6t ké hoach kiém tra, tham muu kip thoi sira d6i")
    assert not looks_damaged("Phấn đấu 100% hồ sơ TTHC giải quyết đúng hạn theo Kế hoạch 52/KH-SNgV năm 2023")
    if PLANS_DIR.is_dir():
        clean = parse_plan(PLANS_DIR / "binhphuoc-sct-2023.md")
        assert not any(t.review for t in clean.tasks)  # a clean text plan: nothing flagged
        scanned = parse_plan(PLANS_DIR / "binhphuoc-sngv-52-2023.txt")
        flagged = [t for t in scanned.tasks if t.review]
        assert flagged and all(looks_damaged(t.text) for t in flagged)
        rows = template.tasks_to_rows(scanned)
        assert sum("cần kiểm tra" in r["Nguồn"] for r in rows) == len(flagged)


@pytest.mark.parametrize("width", ["0", "-5", "abc"])
def test_a_width_too_small_is_refused_not_a_traceback(width, capsys):
    """`plans parse --width 0` ended in textwrap's ValueError traceback."""
    from chiso.cli import main
    with pytest.raises(SystemExit) as exit_:
        main(["plans", "parse", str(PLANS_DIR / "binhphuoc-sct-2023.md"), "--width", width])
    err = capsys.readouterr().err
    assert exit_.value.code == 2 and f"--width: độ rộng ít nhất 20 ký tự, không phải '{width}'" in err, err
    assert main(["plans", "parse", str(PLANS_DIR / "binhphuoc-sct-2023.md"), "--width", "20"]) == 0
    assert max(len(line) for line in capsys.readouterr().out.splitlines() if line[:3].strip().isdigit()) <= 25


def test_chiso_plans_names_the_indices_as_the_pages_do(capsys):
    """`chiso plans parse` listed "PAR_INDEX", the code, where Nhập kế hoạch writes PAR INDEX; a name the
    catalog lacks (ICT, PACA) is kept as the plan writes it."""
    from chiso.cli import main
    if not PLANS_DIR.is_dir():
        if os.environ.get("CI") == "true":
            pytest.fail(f"the real plans are required in CI ({PLANS_DIR})")
        pytest.skip(f"{PLANS_DIR} absent")
    assert main(["plans", "parse", str(PLANS_DIR / "khanhhoa-sct-2022-papi.txt")]) == 0
    named = next(line for line in capsys.readouterr().out.splitlines() if line.startswith("Chỉ số được nêu: "))
    assert "PAR INDEX" in named and "PAR_INDEX" not in named and {"ICT", "PACA"} <= set(named[17:].split(", ")), named
