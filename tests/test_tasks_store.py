"""The task store, run the same way on DuckDB and on a real PostgreSQL server."""
from __future__ import annotations

import datetime as dt
import io
import multiprocessing
import subprocess
import sys
import zipfile
from pathlib import Path

import openpyxl
import pytest

from chiso import auth, paths
from chiso.i18n import use
from chiso.errors import InputError
from chiso.tasks import (DONE, HEADERS, IN_PROGRESS, MAX_UPLOAD_BYTES, StaleEdit, TemplateRejected, open_store,
                         template, uploads)
from task_fixtures import (ADMIN, ADMIN_TN, BINH_PHUOC, TAY_NINH, VP_EDITOR, concurrent_update, pg_url,  # noqa: F401
                           row, store_url)

EXAMPLE = paths.DATA_DIR / "examples" / "tasks_example.csv"


def _import_example(store):
    return store.import_file(ADMIN, BINH_PHUOC, EXAMPLE.name, EXAMPLE.read_bytes())


def test_example_file_imports_with_plans_and_links(store_url):
    store = open_store(store_url)
    result = _import_example(store)
    assert result.created == 12 and result.updated == 0 and result.plans_created == 2
    tasks = store.list_tasks(ADMIN, BINH_PHUOC)
    assert len(tasks) == 12
    assert {t.plan_number for t in tasks} == {"52/KH-SNgV", "/KH-SCT"}
    survey = next(t for t in tasks if "khảo sát sự hài lòng" in t.text)
    assert survey.links == (("PAR_INDEX", "B_SIPAS"), ("SIPAS", None))
    assert survey.target == "95% người dân, tổ chức, doanh nghiệp được khảo sát hài lòng"
    assert all(t.recurring and t.due_date is None for t in tasks)  # the plans give no dates
    assert {p.number for p in store.plans(ADMIN, BINH_PHUOC)} == {"52/KH-SNgV", "/KH-SCT"}


def test_the_same_list_imported_twice_does_not_double_its_tasks(store_url):
    """A plan saved twice (a second click, a re-upload) made 12 more tasks: a row with no id that names
    a saved task of the same plan (same text and lead unit) is that task, left as it is."""
    store = open_store(store_url)
    first = _import_example(store)
    survey = next(t for t in store.list_tasks(ADMIN, BINH_PHUOC) if "khảo sát sự hài lòng" in t.text)
    store.update_task(ADMIN, survey.task_id, survey.version, status=IN_PROGRESS)
    again = _import_example(store)
    assert (again.created, again.updated, again.plans_created, again.already) == (0, 0, 0, 12)
    assert sorted(again.task_ids) == sorted(first.task_ids)
    tasks = store.list_tasks(ADMIN, BINH_PHUOC)
    assert len(tasks) == 12  # and the progress made since the first import is kept
    assert next(t for t in tasks if t.task_id == survey.task_id).status == IN_PROGRESS
    assert "12" in again.already_said()


def test_a_row_pasted_twice_in_one_list_is_one_task_and_said(store_url):
    """Two rows of one list, word for word the same (a row pasted twice), made two tasks that no one
    could tell apart. They are one task, and the import names both rows so the list can be fixed; a
    row that differs in any field (here the deadline) is a task of its own."""
    store = open_store(store_url)
    plan = {"Số kế hoạch": "52/KH-SNgV", "Cơ quan ban hành": "Sở Ngoại vụ tỉnh Bình Phước"}
    rows = [row("Rà soát thủ tục hành chính", **plan), row("Công khai kết quả giải quyết hồ sơ", **plan),
            row("Rà soát thủ tục hành chính", **plan),
            row("Rà soát thủ tục hành chính", deadline="31/12/2026", **plan)]
    result = store.import_rows(ADMIN, BINH_PHUOC, rows)
    assert (result.created, result.already, result.repeated) == (3, 0, ((4, 2),))
    assert result.task_ids[0] == result.task_ids[2] and len(set(result.task_ids)) == 3
    assert len(store.list_tasks(ADMIN, BINH_PHUOC)) == 3
    with use("vi"):
        assert "chỉ tạo một nhiệm vụ: dòng 4 (= dòng 2)" in result.already_said()
    with use("en"):
        assert "one task: row 4 (= row 2)" in result.already_said()
    again = store.import_rows(ADMIN, BINH_PHUOC, rows)  # imported again: nothing new, the repeat still said
    assert (again.created, again.already, again.repeated) == (0, 3, ((4, 2),))


def test_a_unit_typed_without_diacritics_is_the_unit_the_province_already_names(store_url):
    """"so noi vu", typed on a keyboard without Vietnamese input (a form's "type a unit", a list typed
    by hand), was saved as a second unit beside "Sở Nội vụ": its tasks missing from that unit's
    filter, account and quarter row. It is now written as the province already writes it, and the
    import says so; a unit no one has named yet is kept as typed."""
    store = open_store(store_url)
    store.import_rows(ADMIN, BINH_PHUOC, [row("Việc đã có", unit="Trung tâm Phục vụ hành chính công tỉnh")])
    result = store.import_rows(ADMIN, BINH_PHUOC, [
        row("Rà soát thủ tục", unit="so noi vu", **{"Đơn vị phối hợp": "trung tam phuc vu hanh chinh cong tinh; Sở Tư pháp"}),
        row("Việc mới", unit="Phong Moi Lap")])
    tasks = {t.text: t for t in store.list_tasks(ADMIN, BINH_PHUOC)}
    assert tasks["Rà soát thủ tục"].lead_unit == "Sở Nội vụ"
    assert tasks["Rà soát thủ tục"].partner_units == ("Trung tâm Phục vụ hành chính công tỉnh", "Sở Tư pháp")
    assert tasks["Việc mới"].lead_unit == "Phong Moi Lap"
    # a unit no one has named yet, written two ways in one list: the way with diacritics, one unit
    store.import_rows(ADMIN, BINH_PHUOC, [row("Việc một", unit="phong van thu"), row("Việc hai", unit="Phòng Văn thư")])
    assert {t.lead_unit for t in store.list_tasks(ADMIN, BINH_PHUOC) if t.text in ("Việc một", "Việc hai")} == \
        {"Phòng Văn thư"}
    with use("vi"):
        assert "Đơn vị được ghi như tỉnh vẫn ghi: “so noi vu” → “Sở Nội vụ”" in result.already_said()
    # a form's change of lead unit, the same rule
    task = tasks["Việc mới"]
    saved = store.update_task(ADMIN, task.task_id, task.version, lead_unit="SỞ NỘI VỤ ", partner_units="so tu phap")
    assert (saved.lead_unit, saved.partner_units) == ("Sở Nội vụ", ("Sở Tư pháp",))


def test_a_bodys_other_name_is_saved_as_its_one_name_and_a_list_imported_again_adds_nothing(store_url, monkeypatch):
    """Plans write "Ủy ban nhân dân tỉnh" and "UBND tỉnh", "Các sở, ngành" and "Các sở, ban, ngành tỉnh":
    saved as written, one body was two units in every list, filter and quarter row. A unit typed or
    imported by another of its names is saved by the catalog's (`plan_units.csv`'s `same_as`), the
    import says so, and a task saved before under the other name is still the same task."""
    store = open_store(store_url)
    result = store.import_rows(ADMIN, BINH_PHUOC, [
        row("Chỉ đạo cải cách", unit="Ủy ban nhân dân tỉnh", **{"Đơn vị phối hợp": "Các sở, ngành; Sở Tư pháp"}),
        row("Họp giao ban", unit="uy ban nhan dan tinh")])
    tasks = {t.text: t for t in store.list_tasks(ADMIN, BINH_PHUOC)}
    assert tasks["Chỉ đạo cải cách"].lead_unit == "UBND tỉnh" == tasks["Họp giao ban"].lead_unit
    assert tasks["Chỉ đạo cải cách"].partner_units == ("Các sở, ban, ngành tỉnh", "Sở Tư pháp")
    with use("vi"):
        assert "“Ủy ban nhân dân tỉnh” → “UBND tỉnh”" in result.already_said()
    # a form's change, the same rule
    task = tasks["Họp giao ban"]
    saved = store.update_task(ADMIN, task.task_id, task.version, lead_unit="Sở Nội vụ",
                              partner_units="Các sở, ban, ngành")
    assert saved.partner_units == ("Các sở, ban, ngành tỉnh",)
    # a unit's account of the body, by either name, answers for its tasks
    assert auth.answers_for("Ủy ban nhân dân tỉnh", "UBND tỉnh")
    assert auth.answers_for("UBND tỉnh", "Ủy ban nhân dân tỉnh")
    assert not auth.answers_for("UBND tỉnh", "Văn phòng UBND tỉnh")
    # the same list imported again: nothing new (matched under the name the task was saved by)
    again = store.import_rows(ADMIN, BINH_PHUOC, [row("Chỉ đạo cải cách", unit="Ủy ban nhân dân tỉnh")])
    assert (again.created, again.already) == (0, 1)
    # nor into a store that saved the plan before a body had one name (as "Ủy ban nhân dân tỉnh")
    from chiso.tasks import units
    with monkeypatch.context() as before:
        before.setattr(units, "one_name", lambda unit: unit)
        store.import_rows(ADMIN_TN, TAY_NINH, [row("Chỉ đạo cải cách", unit="Ủy ban nhân dân tỉnh")])
    assert [t.lead_unit for t in store.list_tasks(ADMIN_TN, TAY_NINH)] == ["Ủy ban nhân dân tỉnh"]
    # and the body's filter, by its one name, lists it
    assert [t.text for t in store.list_tasks(ADMIN_TN, TAY_NINH, unit="UBND tỉnh")] == ["Chỉ đạo cải cách"]
    assert store.list_tasks(ADMIN_TN, TAY_NINH, unit="Văn phòng UBND tỉnh") == []
    again = store.import_rows(ADMIN_TN, TAY_NINH, [row("Chỉ đạo cải cách", unit="Ủy ban nhân dân tỉnh")])
    assert (again.created, again.already) == (0, 1)


def test_an_office_named_alike_in_several_departments_plans_is_said_at_import(store_url):
    """The example list (two departments' plans, Bình Phước) gives tasks to "Văn phòng Sở" under both
    Sở Ngoại vụ and Sở Công Thương: one unit in the lists, filters and unit accounts. The import keeps
    what the list says and says so, with the name to write instead."""
    store = open_store(store_url)
    result = _import_example(store)
    assert result.merged_offices == (("Văn phòng Sở", ("Sở Công Thương tỉnh Bình Phước", "Sở Ngoại vụ tỉnh Bình Phước")),)
    said = result.already_said()
    assert "'Văn phòng Sở' chủ trì nhiệm vụ trong kế hoạch của nhiều sở" in said and "'Văn phòng Sở Công Thương'" in said
    # in another province, one department's plan alone: its "Văn phòng Sở" is no doubt its own
    plain = store.import_rows(ADMIN_TN, TAY_NINH, [row("Một việc", **{"Số kế hoạch": "1/KH", "Cơ quan ban hành": "Sở Y tế"})])
    assert plain.merged_offices == () and plain.already_said() == ""


def test_v_tasks_view_has_the_contract_columns(store_url):
    store = open_store(store_url)
    _import_example(store)
    cols = store.backend.run(lambda tx: tx.rows(
        "SELECT column_name FROM information_schema.columns WHERE table_name = ? ORDER BY ordinal_position",
        ["v_tasks"]))
    assert [c[0] for c in cols] == ["task_id", "plan_id", "province_code", "text", "lead_unit", "partner_units",
                                    "due_date", "recurring", "status", "index_code", "indicator_code"]
    n_links = store.backend.run(lambda tx: tx.one("SELECT count(*) FROM task_links")[0])
    n_view = store.backend.run(lambda tx: tx.one("SELECT count(*) FROM v_tasks")[0])
    assert n_view == n_links  # every example task has at least one link: one row per link


def test_filters_overdue_due_this_month_and_indicator_descendants(store_url):
    store = open_store(store_url)
    store.import_rows(ADMIN, BINH_PHUOC, [
        row("Công khai danh sách hộ nghèo", deadline="15/03/2024", **{"Liên kết chỉ số": "PAPI:D2_POVERTY"}),
        row("Khảo sát sự hài lòng", unit="Phòng Quản lý thương mại", deadline="10/04/2024",
            **{"Liên kết chỉ số": "SIPAS"}),
        row("Niêm yết công khai thủ tục", deadline="Thường xuyên", **{"Liên kết chỉ số": "PAR_INDEX:F3"}),
        row("Đã xong từ trước", deadline="01/03/2024", **{"Trạng thái": "Hoàn thành"}),
    ])
    today = dt.date(2024, 4, 2)
    assert [t.text for t in store.list_tasks(ADMIN, BINH_PHUOC, overdue=True, today=today)] == \
        ["Công khai danh sách hộ nghèo"]
    assert [t.text for t in store.list_tasks(ADMIN, BINH_PHUOC, due_this_month=True, today=today)] == \
        ["Khảo sát sự hài lòng"]
    assert [t.text for t in store.list_tasks(ADMIN, BINH_PHUOC, index_code="PAPI", indicator_code="D2")] == \
        ["Công khai danh sách hộ nghèo"]
    assert len(store.list_tasks(ADMIN, BINH_PHUOC, unit="Văn phòng Sở")) == 3
    assert len(store.list_tasks(ADMIN, BINH_PHUOC, status=[DONE])) == 1
    assert [t.text for t in store.tasks_for_indicators(ADMIN, BINH_PHUOC, [("PAR_INDEX", "F3"), ("SIPAS", None)])] \
        == ["Khảo sát sự hài lòng", "Niêm yết công khai thủ tục"]
    assert store.units(ADMIN, BINH_PHUOC) == ["Phòng Quản lý thương mại", "Văn phòng Sở"]


def test_quarter_summary_counts_on_time_late_and_overdue(store_url):
    store = open_store(store_url)
    ids = store.import_rows(ADMIN, BINH_PHUOC, [
        row("A", deadline="31/12/2099"), row("B", deadline="01/01/2000"), row("C", deadline="15/02/2000"),
        row("D", deadline="Thường xuyên"), row("E", unit="Phòng Kế hoạch", deadline="20/03/2000"),
    ]).task_ids
    a = store.get_task(ADMIN, ids[0])
    store.update_task(ADMIN, ids[1], 1, status=DONE)  # done today, far after its 2000 deadline: late
    summary = {s.lead_unit: s for s in store.unit_summary(ADMIN, BINH_PHUOC, 2000, 1, today=dt.date(2000, 3, 1))}
    vp = summary["Văn phòng Sở"]
    assert (vp.due, vp.done, vp.done_on_time, vp.done_late, vp.overdue, vp.not_yet_due, vp.recurring) == \
        (2, 1, 0, 1, 1, 0, 1)
    assert summary["Phòng Kế hoạch"].not_yet_due == 1
    assert a.due_date == dt.date(2099, 12, 31)
    # the next quarter: B done; C (15/02/2000) still open is carried over, as the quarterly report lists it
    later = {s.lead_unit: s for s in store.unit_summary(ADMIN, BINH_PHUOC, 2000, 2, today=dt.date(2000, 5, 1))}
    assert (later["Văn phòng Sở"].due, later["Văn phòng Sở"].earlier_not_done) == (0, 1)
    assert later["Phòng Kế hoạch"].earlier_not_done == 1 and later["Phòng Kế hoạch"].recurring == 0
    # one plan's summary counts that plan's tasks only, as the report of that plan does
    other = store.import_rows(ADMIN, BINH_PHUOC, [row("F", deadline="10/02/2000", **{"Số kế hoạch": "9/KH-SNV",
                                                      "Cơ quan ban hành": "Sở Nội vụ"})]).task_ids[0]
    plan_id = store.get_task(ADMIN, other).plan_id
    assert plan_id
    only = {s.lead_unit: s for s in store.unit_summary(ADMIN, BINH_PHUOC, 2000, 1, today=dt.date(2000, 3, 1),
                                                         plan_id=plan_id)}
    assert list(only) == ["Văn phòng Sở"] and (only["Văn phòng Sở"].due, only["Văn phòng Sở"].recurring) == (1, 0)


def test_update_bumps_version_and_audits(store_url):
    store = open_store(store_url)
    task_id = store.import_rows(ADMIN, BINH_PHUOC, [row()]).task_ids[0]
    saved = store.update_task(VP_EDITOR, task_id, 1, status=IN_PROGRESS, progress_note="Đã niêm yết tại 5 xã")
    assert saved.version == 2 and saved.updated_by == "vp_bp"
    entry = store.audit_log(ADMIN, BINH_PHUOC, task_id)[0]
    assert entry.actor == "vp_bp" and entry.action == "update"
    assert entry.before["status"] == "not_started" and entry.after["status"] == "in_progress"
    assert entry.after["progress_note"] == "Đã niêm yết tại 5 xã"


def test_the_change_log_tells_a_task_added_in_the_app_from_one_read_from_a_list(store_url):
    """A task assigned on Điểm yếu (one form, one task) was logged "Nhập mới", as if read from a file:
    an auditor asking who typed it and who loaded it could not tell."""
    from chiso import audit
    from chiso.tasks.model import TaskDraft
    store = open_store(store_url)
    imported = store.import_rows(ADMIN, BINH_PHUOC, [row()]).task_ids[0]
    added = store.create_task(ADMIN, BINH_PHUOC, TaskDraft(text="Nâng cao điểm nội dung D4", lead_unit="Thanh tra tỉnh", due_date=None, recurring=True,
                                                           links=(("PAPI", "D4"),))).task_id
    assert store.audit_log(ADMIN, BINH_PHUOC, imported)[0].action == "import_create"
    assert store.audit_log(ADMIN, BINH_PHUOC, added)[0].action == "create"
    with use("vi"):
        assert audit.action_label("create") == "Thêm trên ứng dụng"
        assert audit.action_label("import_create") == "Nhập mới"


def test_stale_edit_is_refused_with_the_latest_version(store_url):
    store = open_store(store_url)
    task_id = store.import_rows(ADMIN, BINH_PHUOC, [row()]).task_ids[0]
    read_by_both = store.get_task(ADMIN, task_id)
    store.update_task(VP_EDITOR, task_id, read_by_both.version, progress_note="Ghi chú của đơn vị")
    with pytest.raises(StaleEdit) as refused:
        store.update_task(ADMIN, task_id, read_by_both.version, status=DONE, progress_note="Ghi đè?")
    assert refused.value.current.version == 2
    assert refused.value.current.progress_note == "Ghi chú của đơn vị"
    assert "CHƯA được lưu" in str(refused.value) and "vp_bp" in str(refused.value)
    with use("en"):  # it was Vietnamese on an English page
        assert "Your change was NOT saved" in str(refused.value) and "version 2" in str(refused.value)
    after = store.get_task(ADMIN, task_id)
    assert after.progress_note == "Ghi chú của đơn vị" and after.status == "not_started" and after.version == 2


def test_concurrent_saves_from_separate_processes_never_both_win(store_url):
    store = open_store(store_url)
    task_id = store.import_rows(ADMIN, BINH_PHUOC, [row()]).task_ids[0]
    ctx = multiprocessing.get_context("spawn")
    with ctx.Manager() as manager:
        barrier = manager.Barrier(4)
        with ctx.Pool(4) as pool:
            outcomes = pool.starmap(concurrent_update,
                                    [(store_url, task_id, 1, f"người {i}", barrier) for i in range(4)])
    assert sorted(outcomes) == ["saved", "stale", "stale", "stale"]
    final = store.get_task(ADMIN, task_id)
    assert final.version == 2
    assert len([e for e in store.audit_log(ADMIN, BINH_PHUOC, task_id) if e.action == "update"]) == 1


def test_edits_survive_reopening_the_store(store_url):
    task_id = open_store(store_url).import_rows(ADMIN, BINH_PHUOC, [row()]).task_ids[0]
    open_store(store_url).update_task(VP_EDITOR, task_id, 1, status=DONE, progress_note="Hoàn thành 30/11")
    # A new process, as after an app restart.
    code = ("import sys; from chiso.tasks import open_store; from task_fixtures import ADMIN;"
            f"t = open_store({store_url!r}).get_task(ADMIN, {task_id!r});"
            "print(t.status, t.version, t.progress_note)")
    out = subprocess.run([sys.executable, "-c", code], capture_output=True, text=True, check=True,
                         cwd=paths.ROOT, env={**__import__("os").environ,
                                              "PYTHONPATH": f"{paths.ROOT}:{Path(__file__).parent}"})
    assert out.stdout.strip() == "done 2 Hoàn thành 30/11"


# ------------------------------------------------------------------ import validation

GOOD = row("Rà soát, công khai thủ tục hành chính", **{"Liên kết chỉ số": "PAR_INDEX:F3"})
BAD_ROWS = {
    "missing required text": (row(text=""), "Nội dung nhiệm vụ"),
    "missing lead unit": (row(unit=""), "Đơn vị chủ trì"),
    "missing deadline": (row(deadline=""), "Thời hạn"),
    "bad date": (row(deadline="31/02/2024"), "Thời hạn"),
    "deadline is words": (row(deadline="cuối năm"), "Thời hạn"),
    "unknown status": (row(**{"Trạng thái": "Xong rồi"}), "Trạng thái"),
    "unknown index": (row(**{"Liên kết chỉ số": "PCI:A1"}), "Liên kết chỉ số"),
    "unknown indicator": (row(**{"Liên kết chỉ số": "PAPI:D9_NOPE"}), "Liên kết chỉ số"),
    "date in the text column": (row(text="31/12/2024"), "Nội dung nhiệm vụ"),
    "status in the unit column": (row(unit="Hoàn thành"), "Đơn vị chủ trì"),
    "bad plan date": (row(**{"Ngày ban hành": "tháng 6"}), "Ngày ban hành"),
    "bad reporting period": (row(**{"Kỳ báo cáo": "thỉnh thoảng"}), "Kỳ báo cáo"),
    "unknown column": (row(**{"Ghi chú khác": "x"}), "Ghi chú khác"),
}


@pytest.mark.parametrize("kind", list(BAD_ROWS))
def test_one_bad_row_rejects_the_whole_import(store_url, kind):
    store = open_store(store_url)
    bad, column = BAD_ROWS[kind]
    with pytest.raises(TemplateRejected) as rejected:
        store.import_rows(ADMIN, BINH_PHUOC, [GOOD, bad, GOOD | {"Nội dung nhiệm vụ": "Việc khác"}], "ke_hoach.xlsx")
    errors = rejected.value.errors
    assert any(e.row == 3 and e.column == column and e.file == "ke_hoach.xlsx" for e in errors), errors
    assert "chưa nhập nhiệm vụ nào" in str(rejected.value)
    assert store.list_tasks(ADMIN, BINH_PHUOC) == []


def test_duplicate_task_id_in_file_is_rejected(store_url):
    store = open_store(store_url)
    rows = [row(**{"Mã nhiệm vụ": "BP-1"}), row("Việc khác", **{"Mã nhiệm vụ": "BP-1"})]
    with pytest.raises(TemplateRejected) as rejected:
        store.import_rows(ADMIN, BINH_PHUOC, rows)
    assert rejected.value.errors[0].column == "Mã nhiệm vụ" and rejected.value.errors[0].row == 3
    assert "trùng với dòng 2" in str(rejected.value)
    assert store.list_tasks(ADMIN, BINH_PHUOC) == []


def test_task_id_of_another_province_rejects_the_import(store_url):
    store = open_store(store_url)
    tn_id = store.import_rows(ADMIN_TN, TAY_NINH, [row()]).task_ids[0]
    refusals = []
    for task_id in (tn_id, "NV-72-99999", "../../etc/passwd", "NV-70-1/../x"):
        with pytest.raises(TemplateRejected) as rejected:
            store.import_rows(ADMIN, BINH_PHUOC, [GOOD, row(**{"Mã nhiệm vụ": task_id})])
        error = rejected.value.errors[0]
        assert (error.row, error.column) == (3, "Mã nhiệm vụ")
        refusals.append(str(error).replace(task_id, "ID"))
    # An existing task of another province and one that never existed get the same answer.
    assert refusals[0] == refusals[1]
    assert store.list_tasks(ADMIN, BINH_PHUOC) == []
    assert store.list_tasks(ADMIN_TN, TAY_NINH)[0].text == "Công khai danh sách hộ nghèo"


def test_another_provinces_task_is_not_found_like_a_missing_one(store_url):
    from chiso.tasks import TaskNotFound
    store = open_store(store_url)
    tn = store.import_rows(ADMIN_TN, TAY_NINH, [row()]).task_ids[0]
    answers = []
    for task_id in (tn, "NV-72-99999", "../../etc/passwd"):
        for call in (lambda: store.get_task(ADMIN, task_id),
                     lambda: store.update_task(ADMIN, task_id, 1, progress_note="x"),
                     lambda: store.delete_task(ADMIN, task_id, 1)):
            with pytest.raises(TaskNotFound) as missing:
                call()
            answers.append(str(missing.value).replace(task_id, "ID"))
    assert len(set(answers)) == 1
    assert store.get_task(ADMIN_TN, tn).progress_note is None


def test_csv_errors_name_file_row_and_column(store_url, tmp_path):
    store = open_store(store_url)
    text = EXAMPLE.read_text(encoding="utf-8").splitlines()
    text[4] = text[4].replace("Thường xuyên,Hằng tháng", "32/13/2023,Hằng tháng")  # line 5 = spreadsheet row 5
    with pytest.raises(TemplateRejected) as rejected:
        store.import_file(ADMIN, BINH_PHUOC, "ke_hoach_sai.csv", "\n".join(text).encode("utf-8"))
    message = str(rejected.value)
    assert "tệp ke_hoach_sai.csv, dòng 5, cột Thời hạn: thời hạn không hợp lệ" in message
    err = rejected.value.errors[0]
    assert (err.file, err.column, err.value) == ("ke_hoach_sai.csv", "Thời hạn", "32/13/2023")
    assert err.row == 5  # header is row 1, so the 4th task is on row 5
    assert store.list_tasks(ADMIN, BINH_PHUOC) == []


def test_semicolon_csv_from_vietnamese_excel(store_url):
    store = open_store(store_url)
    data = ("Nội dung nhiệm vụ;Đơn vị chủ trì;Thời hạn;Chỉ tiêu\n"
            "Khảo sát sự hài lòng;Văn phòng Sở;30/06/2024;95,5%\n").encode("utf-8-sig")
    store.import_file(ADMIN, BINH_PHUOC, "nv.csv", data)
    task = store.list_tasks(ADMIN, BINH_PHUOC)[0]
    assert (task.target, task.due_date) == ("95,5%", dt.date(2024, 6, 30))


# ------------------------------------------------------------------ export and round trip

def test_export_round_trips_into_a_fresh_store(store_url, tmp_path):
    store = open_store(store_url)
    _import_example(store)
    ids = [t.task_id for t in store.list_tasks(ADMIN, BINH_PHUOC)]
    store.update_task(ADMIN, ids[0], 1, status=DONE, progress_note="- đã báo cáo")
    store.update_task(ADMIN, ids[1], 1, due_date=dt.date(2024, 5, 31), recurring=False)
    exported = store.export_xlsx(ADMIN, BINH_PHUOC)
    # Re-import into the same store: nothing changes.
    again = store.import_file(ADMIN, BINH_PHUOC, "xuat.xlsx", exported)
    assert (again.created, again.updated, again.plans_created) == (0, 0, 0)
    # Import into a new store: the same tasks.
    other = open_store(tmp_path / "other.duckdb")
    other.import_file(ADMIN, BINH_PHUOC, "xuat.xlsx", exported)
    fields = lambda t: (t.task_id, t.plan_number, t.plan_issuer, t.plan_issued_date, t.text, t.lead_unit,  # noqa
                        t.partner_units, t.due_date, t.recurring, t.reporting_period, t.target, t.links,
                        t.status, t.progress_note, t.source)
    assert [fields(t) for t in other.list_tasks(ADMIN, BINH_PHUOC)] == \
        [fields(t) for t in store.list_tasks(ADMIN, BINH_PHUOC)]
    sheet = openpyxl.load_workbook(io.BytesIO(exported)).active
    assert [c.value for c in sheet[1]] == HEADERS
    # a long task's row is as high as its wrapped text (LibreOffice showed one line of it, the rest cut)
    text_column = HEADERS.index("Nội dung nhiệm vụ") + 1
    row = max(range(2, sheet.max_row + 1), key=lambda r: len(sheet.cell(row=r, column=text_column).value))
    width = sheet.column_dimensions[openpyxl.utils.get_column_letter(text_column)].width
    assert len(sheet.cell(row=row, column=text_column).value) > width  # the example has a task that wraps
    assert sheet.row_dimensions[row].height >= 30, sheet.row_dimensions[row].height


# ------------------------------------------------------------------ hostile uploads

def test_oversize_and_wrong_type_uploads_are_refused(store_url):
    store = open_store(store_url)
    with pytest.raises(InputError, match="quá lớn"):
        store.import_file(ADMIN, BINH_PHUOC, "lon.csv", b"a" * (MAX_UPLOAD_BYTES + 1))
    for name in ("virus.exe", "macro.xlsm", "ghi_chu.txt", "khong_duoi"):
        with pytest.raises(InputError, match="chỉ nhận tệp"):
            store.import_file(ADMIN, BINH_PHUOC, name, b"Noi dung nhiem vu\nx\n")
    with pytest.raises(InputError, match="sổ tính Excel 97–2003 \\(.xls\\): mở bằng Excel"):  # refused, saying how
        store.import_file(ADMIN, BINH_PHUOC, "cu.xls", b"Noi dung nhiem vu\nx\n")
    with pytest.raises(InputError, match="không phải bảng tính"):
        store.import_file(ADMIN, BINH_PHUOC, "gia.xlsx", b"Noi dung nhiem vu,Don vi chu tri\n")
    with pytest.raises(InputError, match="UTF-8"):
        store.import_file(ADMIN, BINH_PHUOC, "cp1258.csv", "Nôi dung nhiêm vu,Đơn vi\n".encode("cp1258"))
    assert store.list_tasks(ADMIN, BINH_PHUOC) == []


def test_xlsx_with_macro_part_is_refused():
    buf = io.BytesIO()
    with zipfile.ZipFile(buf, "w") as zf:
        zf.writestr("[Content_Types].xml", "<Types/>")
        zf.writestr("xl/vbaProject.bin", b"\x00" * 10)
    with pytest.raises(InputError, match="macro"):
        uploads.check_upload("doc.xlsx", buf.getvalue())


def test_formula_text_from_csv_is_stored_as_text_and_exported_neutralised(store_url):
    store = open_store(store_url)
    hostile = "=cmd|' /C calc'!A0"
    data = ("Nội dung nhiệm vụ,Đơn vị chủ trì,Thời hạn,Ghi chú tiến độ,Chỉ tiêu\n"
            f"\"{hostile}\",Văn phòng Sở,31/12/2024,@SUM(1+1),+1\n").encode("utf-8")
    store.import_file(ADMIN, BINH_PHUOC, "doc_hai.csv", data)
    assert store.list_tasks(ADMIN, BINH_PHUOC)[0].text == hostile  # kept as the user's text
    exported = store.export_xlsx(ADMIN, BINH_PHUOC)
    sheet = openpyxl.load_workbook(io.BytesIO(exported)).active  # formulas as written, not values
    cells = {h: c for h, c in zip(HEADERS, sheet[2])}
    for header, original in (("Nội dung nhiệm vụ", hostile), ("Ghi chú tiến độ", "@SUM(1+1)"), ("Chỉ tiêu", "+1")):
        assert cells[header].data_type == "s" and cells[header].value == "'" + original
    # ... and reading the export back gives the original text again.
    again = template.drafts_from_rows(template.read_file("x.xlsx", exported), "x.xlsx")
    assert again[0].text == hostile


def test_xlsx_formulas_are_never_evaluated(store_url, tmp_path):
    wb = openpyxl.Workbook()
    ws = wb.active
    ws.append(["Nội dung nhiệm vụ", "Đơn vị chủ trì", "Thời hạn", "Chỉ tiêu"])
    ws.append(["Khảo sát sự hài lòng", "Văn phòng Sở", "31/12/2024", "=1+1"])
    buf = io.BytesIO()
    wb.save(buf)
    store = open_store(store_url)
    store.import_file(ADMIN, BINH_PHUOC, "cong_thuc.xlsx", buf.getvalue())
    # No cached value in the file, and we never compute one: the target is empty, not "2".
    assert store.list_tasks(ADMIN, BINH_PHUOC)[0].target is None

    wb = openpyxl.Workbook()
    ws = wb.active
    ws.append(["Nội dung nhiệm vụ", "Đơn vị chủ trì", "Thời hạn"])
    ws.append(['=HYPERLINK("http://x.invalid","Bấm vào")', "Văn phòng Sở", "31/12/2024"])
    buf = io.BytesIO()
    wb.save(buf)
    with pytest.raises(TemplateRejected) as rejected:
        store.import_file(ADMIN, BINH_PHUOC, "cong_thuc2.xlsx", buf.getvalue())
    assert rejected.value.errors[0].column == "Nội dung nhiệm vụ" and rejected.value.errors[0].row == 2


def test_default_store_is_apart_from_published_results():
    assert Path(paths.default_tasks_url(Path("data/chiso.duckdb"))).name == "chiso_tasks.duckdb"


# ------------------------------------------------------------------ command line

def test_cli_users_and_tasks_round_trip(tmp_path, monkeypatch, capsys):
    from chiso.cli import main
    monkeypatch.setenv("CHISO_USERS_FILE", str(tmp_path / "users.toml"))
    store = str(tmp_path / "cli_tasks.duckdb")
    monkeypatch.setattr("sys.stdin", io.StringIO("mat-khau-dai\n"))
    assert main(["users", "add", "admin_bp", "--role", "province_admin", "--province", "Bình Phước",
                 "--password-stdin"]) == 0
    monkeypatch.setattr("sys.stdin", io.StringIO("mat-khau-dai\n"))
    assert main(["users", "add", "xem_bp", "--role", "viewer", "--province", "binh phuoc", "--password-stdin"]) == 0
    assert main(["tasks", "import", str(EXAMPLE), "--province", "Bình Phước", "--store", store,
                 "--as", "admin_bp"]) == 0
    assert "12 nhiệm vụ mới" in capsys.readouterr().out
    assert main(["tasks", "import", str(EXAMPLE), "--province", "Bình Phước", "--store", store,
                 "--as", "xem_bp"]) == 2
    assert "không có quyền quản trị" in capsys.readouterr().err
    out = tmp_path / "xuat.xlsx"
    assert main(["tasks", "export", "--province", "70", "--store", store, "--out", str(out), "--as", "xem_bp"]) == 0
    assert main(["tasks", "list", "--province", "Bình Phước", "--store", store, "--as", "xem_bp",
                 "--index", "PAPI", "--indicator", "D8"]) == 0
    listed = capsys.readouterr().out
    assert "dịch vụ công trực tuyến" in listed and "1 nhiệm vụ" in listed
    # --unit read as the app's lists read a typed unit: without diacritics; a text in several names refused
    office = [t for t in open_store(store).list_tasks(ADMIN, BINH_PHUOC) if t.lead_unit == "Văn phòng Sở"]
    assert main(["tasks", "list", "--province", "70", "--store", store, "--as", "xem_bp", "--unit", "van phong so"]) == 0
    # the last line says what the same department follows of Đồng Nai's plans (none here)
    assert capsys.readouterr().out.strip().splitlines()[-2].startswith(f"{len(office)} nhiệm vụ") and office
    assert main(["tasks", "list", "--province", "70", "--store", store, "--as", "xem_bp", "--unit", "phong"]) == 2
    assert "có trong tên của nhiều đơn vị: Các phòng chuyên môn" in capsys.readouterr().err
    # overdue written as the pages, the deck and the report write it ("[QUÁ HẠN]" before)
    from chiso.tasks.model import TaskDraft
    open_store(store).create_task(ADMIN, BINH_PHUOC, TaskDraft(text="Rà soát thủ tục", lead_unit="Sở Nội vụ",
                                                               due_date=dt.date(2024, 1, 31), recurring=False))
    assert main(["tasks", "list", "--province", "Bình Phước", "--store", store, "--as", "xem_bp", "--overdue"]) == 0
    heads = [line for line in capsys.readouterr().out.splitlines() if line.startswith("NV-")]
    assert len(heads) == 1 and heads[0].endswith("Chưa thực hiện — QUÁ HẠN"), heads
    assert not any("[QUÁ HẠN]" in line for line in heads), heads
    # --status as the template and the pages write it (only the codes were taken: "not_started")
    for typed in ("Chưa thực hiện", "chua thuc hien", "Not started", "not_started"):
        assert main(["tasks", "list", "--province", "70", "--store", store, "--as", "xem_bp", "--status", typed]) == 0
        assert capsys.readouterr().out.strip().splitlines()[-2].startswith("13 nhiệm vụ"), typed
    # Đồng Nai's "0 nhiệm vụ" hid the overdue task of Bình Phước's plans, which its department follows
    assert main(["tasks", "list", "--province", "Đồng Nai", "--store", store, "--as", "xem_bp", "--overdue"]) == 0
    said = capsys.readouterr().out.strip().splitlines()
    assert said[-2].startswith("0 nhiệm vụ (Đồng Nai;") and said[-1] == (
        "Cùng Sở theo dõi từ 01/07/2025 (liệt kê bằng --province): Bình Phước (1 nhiệm vụ, 1 quá hạn)"), said
    assert main(["tasks", "list", "--province", "Hà Tĩnh", "--store", store]) == 0  # a province made of itself alone
    assert capsys.readouterr().out.strip().splitlines()[-1].startswith("0 nhiệm vụ (Hà Tĩnh;")
    with pytest.raises(SystemExit):
        main(["tasks", "list", "--province", "70", "--store", store, "--as", "xem_bp", "--status", "xong"])
    assert "'xong' không phải một tình trạng: Chưa thực hiện, Đang thực hiện" in capsys.readouterr().err
    assert len(template.drafts_from_rows(template.read_file(out.name, out.read_bytes()))) == 12
    # a unit typed without diacritics is the unit the tasks name (chiso.tasks.units.known_spelling)
    monkeypatch.setattr("sys.stdin", io.StringIO("mat-khau-dai\n"))
    assert main(["users", "add", "vp_bp", "--role", "unit_editor", "--province", "Bình Phước", "--unit", "Van phong So",
                 "--password-stdin", "--store", store]) == 0
    said = capsys.readouterr().out
    assert "“Van phong So” → “Văn phòng Sở”" in said and "đơn vị Văn phòng Sở" in said and "Lưu ý" not in said, said
    from chiso import accounts
    assert accounts.load_accounts(tmp_path / "users.toml")["vp_bp"].user.unit == "Văn phòng Sở"
    # a unit account named as no task's lead unit would update nothing: said when it is made
    monkeypatch.setattr("sys.stdin", io.StringIO("mat-khau-dai\n"))
    assert main(["users", "add", "vp_bp3", "--role", "unit_editor", "--province", "Bình Phước", "--unit", "Van phong",
                 "--password-stdin", "--store", store]) == 0
    said = capsys.readouterr().out
    assert "chưa có nhiệm vụ nào của Bình Phước do 'Van phong' chủ trì" in said and "'Văn phòng Sở'" in said, said
    monkeypatch.setattr("sys.stdin", io.StringIO("mat-khau-dai\n"))
    assert main(["users", "add", "vp_bp2", "--role", "unit_editor", "--province", "Bình Phước", "--unit", "Văn phòng Sở",
                 "--password-stdin", "--store", store]) == 0
    assert "Lưu ý" not in capsys.readouterr().out


def test_cli_users_takes_the_accounts_file_as_every_command_names_it(tmp_path, monkeypatch, capsys):
    """`users list --users-file F` (the option `weak`, `tasks` and `report` take) was "unrecognised
    arguments": `users` called it `--file` alone."""
    from chiso.cli import main
    users = tmp_path / "users.toml"
    monkeypatch.setattr("sys.stdin", io.StringIO("mat-khau-dai\n"))
    assert main(["users", "add", "admin_bp", "--role", "province_admin", "--province", "70", "--password-stdin",
                 "--users-file", str(users)]) == 0
    assert main(["users", "list", "--users-file", str(users)]) == 0
    assert main(["users", "list", "--file", str(users)]) == 0
    out = capsys.readouterr().out
    assert out.count("admin_bp             province_admin") == 2 and out.count("1 tài khoản") == 2, out



def test_cli_users_list_of_a_province_lists_its_departments_accounts(tmp_path, monkeypatch, capsys):
    """`users list --province "Đồng Nai"` left out Bình Phước's accounts, though since 1 July 2025 they
    are one Sở Nội vụ and each reads and updates the other's tasks (the Tài khoản page listed both)."""
    from chiso.cli import main
    users = tmp_path / "users.toml"
    for name, province in [("admin_bp", "Bình Phước"), ("admin_dn", "Đồng Nai"), ("admin_tn", "Tây Ninh")]:
        monkeypatch.setattr("sys.stdin", io.StringIO("mat-khau-dai\n"))
        assert main(["users", "add", name, "--role", "province_admin", "--province", province, "--password-stdin",
                     "--users-file", str(users)]) == 0
    capsys.readouterr()
    assert main(["users", "list", "--province", "Đồng Nai", "--users-file", str(users)]) == 0
    out = capsys.readouterr().out
    heading, *accounts_listed = out.splitlines()
    # headed, the role as `--role` takes it: "province_admin" alone read as a code to look up
    assert heading.split() == ["Tên", "đăng", "nhập", "Vai", "trò", "(--role)", "Tỉnh/thành", "phố", "Đơn", "vị",
                               "Thư", "điện", "tử"], heading
    listed = [line.split()[0] for line in accounts_listed]
    assert listed == ["admin_bp", "admin_dn", "2"], listed
    assert "Bình Phước (từ 01/07/2025 thuộc Đồng Nai)" in out, out  # as Tài khoản names it in 2026


@pytest.mark.parametrize("command", [["tasks", "list"], ["tasks", "export", "--out", "x.xlsx"], ["weak", "--year", "2022"],
                                     ["report", "--quarter", "2024Q3", "--out", "r.docx"],
                                     ["deck", "--year", "2022", "--out", "d.pptx"]])
def test_a_command_that_reads_tasks_refuses_a_store_that_does_not_exist(tmp_path, monkeypatch, capsys, command):
    """A mistyped --store made a new, empty store file and answered "0 tasks" (no weak component
    covered, an empty report); only `tasks import` makes a store."""
    from chiso.cli import main
    monkeypatch.chdir(tmp_path)
    typo = tmp_path / "kho_nhiem_vu.duckbd"
    assert main([*command, "--province", "Bình Phước", "--store", str(typo)]) == 2
    assert f"Không có kho nhiệm vụ tại {typo}" in capsys.readouterr().err
    assert not list(tmp_path.iterdir()), list(tmp_path.iterdir())


def test_an_account_not_found_names_the_accounts_file_read(tmp_path, monkeypatch, capsys):
    """"no account 'x' in the accounts file" named no file: a mistyped --users-file was read as an
    empty list of accounts, and `users list` said "0 accounts" of a file that does not exist."""
    from chiso.cli import main
    typo = tmp_path / "tai_khoan.tmol"
    store = tmp_path / "kho.duckdb"
    open_store(store)
    assert main(["tasks", "list", "--store", str(store), "--province", "70", "--as", "admin_bp",
                 "--users-file", str(typo)]) == 2
    assert f"không có tài khoản 'admin_bp': không có tệp tài khoản {typo}" in capsys.readouterr().err
    assert main(["users", "list", "--file", str(typo)]) == 0
    assert f"chưa có tệp tài khoản {typo}" in capsys.readouterr().out


@pytest.mark.parametrize("command", [["results", "template"], ["tasks", "export", "--province", "70", "--store", "{store}"],
                                     ["report", "--province", "70", "--quarter", "2024Q3", "--store", "{store}"],
                                     ["deck", "--province", "70", "--year", "2022", "--store", "{store}"]])
def test_an_output_in_a_folder_that_does_not_exist_is_one_line_not_a_traceback(tmp_path, capsys, command):
    """`--out missing/r.docx` ended in Python's FileNotFoundError traceback (English, with the code's paths)."""
    from chiso.cli import main
    from task_fixtures import empty_store
    store = empty_store(tmp_path)
    suffix = {"results": ".xlsx", "tasks": ".xlsx", "report": ".docx", "deck": ".zip"}[command[0]]
    out = tmp_path / "thu_muc_khong_co" / f"ra{suffix}"
    assert main([c.format(store=store) for c in command] + ["--out", str(out)]) == 2
    err = capsys.readouterr().err
    assert err.strip() == f"Lỗi: không ghi hay đọc được {out}: không có thư mục hay tệp này", err


def test_an_account_removed_from_the_cli_is_gone_and_its_session_ends(tmp_path, monkeypatch, capsys):
    """Accounts could be added and reset but not removed: someone who had left kept their sign-in."""
    from chiso import accounts, auth, signin
    from chiso.cli import main
    users = tmp_path / "users.toml"
    accounts.add_user("nghi_viec", "mat-khau-dai", auth.VIEWER, BINH_PHUOC, path=users)
    accounts.add_user("o_lai", "mat-khau-dai", auth.VIEWER, BINH_PHUOC, path=users)
    monkeypatch.setenv("CHISO_SESSION_SECRET", "x" * 40)
    token = signin.session_token(accounts.authenticate("nghi_viec", "mat-khau-dai", path=users), path=users)
    assert signin.user_from_session(token, path=users).username == "nghi_viec"
    assert main(["users", "remove", "nghi_viec", "--file", str(users)]) == 0
    assert "Đã xoá tài khoản 'nghi_viec'" in capsys.readouterr().out
    assert set(accounts.load_accounts(users)) == {"o_lai"}
    assert signin.user_from_session(token, path=users) is None
    assert accounts.authenticate("nghi_viec", "mat-khau-dai", path=users) is None
    assert main(["users", "remove", "nghi_viec", "--file", str(users)]) == 2
    assert f"không có tài khoản 'nghi_viec' trong tệp tài khoản {users}" in capsys.readouterr().err


def test_a_store_named_as_a_duckdb_url_is_found(tmp_path, capsys):
    """`--store duckdb:///path` (a URL the store opens) was refused as "no task store" by the check of
    a read command: the check now reads a store's URL as the store does (backends.store_exists)."""
    from chiso.cli import main
    from task_fixtures import empty_store
    url = "duckdb://" + empty_store(tmp_path)
    assert main(["tasks", "list", "--province", "70", "--store", url]) == 0, capsys.readouterr().err


def test_a_merged_provinces_department_reads_all_its_plans_in_one_call(store_url):
    """Đồng Nai's department follows Bình Phước's plans too: its tasks, units and change log are read
    as one list (by deadline; the log newest first, its limit over both), not one province after the
    other, which listed Bình Phước's tasks due in 2026 before Đồng Nai's due in 2025."""
    from chiso.auth import PROVINCE_ADMIN, PermissionDenied, User
    store = open_store(store_url)
    dong_nai = User("admin_dn", PROVINCE_ADMIN, "75")
    store.import_rows(dong_nai, "70", [row("Rà soát thủ tục", "Sở Tư pháp", "30/06/2026", **{
                                           "Số kế hoạch": "52/KH-UBND", "Cơ quan ban hành": "UBND tỉnh Bình Phước"}),
                                       row("Khảo sát hài lòng", "Văn phòng Sở", "31/03/2027")], "thử")
    store.import_rows(dong_nai, "75", [row("Số hóa hồ sơ", "Sở Nội vụ", "31/12/2025", **{
        "Số kế hoạch": "12/KH-UBND", "Cơ quan ban hành": "UBND tỉnh Đồng Nai", "Ngày ban hành": "15/01/2025"})], "thử")
    both = ["70", "75"]
    tasks = store.list_tasks(dong_nai, both)
    assert [(t.province_code, t.text) for t in tasks] == [
        ("75", "Số hóa hồ sơ"), ("70", "Rà soát thủ tục"), ("70", "Khảo sát hài lòng")]
    assert [t.text for t in store.list_tasks(dong_nai, both, unit="Văn phòng Sở")] == ["Khảo sát hài lòng"]
    assert store.units(dong_nai, both) == ["Sở Nội vụ", "Sở Tư pháp", "Văn phòng Sở"]
    assert {p.province_code for p in store.plans(dong_nai, both)} == {"70", "75"}
    log = store.audit_log(dong_nai, both)
    assert {e.province_code for e in log} == {"70", "75"} and log[0].province_code == "75"  # imported last
    assert len(store.audit_log(dong_nai, both, limit=2)) == 2
    with pytest.raises(PermissionDenied):  # every province asked is checked, not the first alone
        store.list_tasks(dong_nai, ["75", BINH_PHUOC, TAY_NINH])


def test_a_body_saved_under_its_other_name_before_is_one_unit_in_the_lists_and_the_quarter(store_url, monkeypatch):
    """A store that saved a task as "Ủy ban nhân dân tỉnh" before the body had one name kept that name as
    a unit of its own: two choices in the filter, two rows of the quarter's summary by unit and two
    lead units in the report to UBND tỉnh, for one body. Each now reads the body's one name."""
    from chiso import report
    from chiso.tasks import units
    store = open_store(store_url)
    with monkeypatch.context() as before:
        before.setattr(units, "one_name", lambda unit: unit)
        store.import_rows(ADMIN, BINH_PHUOC,
                          [row("Chỉ đạo cải cách", unit="Ủy ban nhân dân tỉnh", deadline="30/11/2026")])
    store.import_rows(ADMIN, BINH_PHUOC, [row("Họp giao ban", unit="UBND tỉnh", deadline="15/12/2026"),
                                          row("Rà soát thủ tục", unit="Sở Nội vụ", deadline="20/12/2026")])
    stored = {t.lead_unit for t in store.list_tasks(ADMIN, BINH_PHUOC)}
    assert stored == {"Ủy ban nhân dân tỉnh", "UBND tỉnh", "Sở Nội vụ"}
    assert store.units(ADMIN, BINH_PHUOC) == ["Sở Nội vụ", "UBND tỉnh"]
    summary = store.unit_summary(ADMIN, BINH_PHUOC, 2026, 4, today=dt.date(2026, 11, 30))
    assert [(s.lead_unit, s.due, s.not_yet_due) for s in summary] == [("Sở Nội vụ", 1, 1), ("UBND tỉnh", 2, 2)]
    with use("vi"):
        rows = report.rows(store.list_tasks(ADMIN, BINH_PHUOC), 2026, 4, dt.date(2026, 11, 30))
    assert rows.groupby("lead_unit").size().to_dict() == {"Sở Nội vụ": 1, "UBND tỉnh": 2}
