"""Re-importing an older export never overwrites newer saves: the row is refused naming both versions."""
from __future__ import annotations

import io
import multiprocessing

import openpyxl
import pytest

from chiso.tasks import StaleEdit, TemplateRejected, open_store, template
from task_fixtures import ADMIN, BINH_PHUOC, VP_EDITOR, pg_url, row, store_url  # noqa: F401


def _edit_exported(data: bytes, task_id: str, **cells) -> bytes:
    """The exported workbook with some cells of one task's row changed (what an admin does in Excel)."""
    wb = openpyxl.load_workbook(io.BytesIO(data))
    ws = wb.active
    headers = [c.value for c in ws[1]]
    for r in ws.iter_rows(min_row=2):
        if r[0].value == task_id:
            for header, value in cells.items():
                r[headers.index(header)].value = value
    out = io.BytesIO()
    wb.save(out)
    return out.getvalue()


def test_older_export_over_a_newer_save_is_refused_naming_row_and_versions(store_url):
    store = open_store(store_url)
    ids = store.import_rows(ADMIN, BINH_PHUOC, [row("Việc một"), row("Việc hai")]).task_ids
    old_export = store.export_xlsx(ADMIN, BINH_PHUOC)
    store.update_task(VP_EDITOR, ids[0], 1, progress_note="đơn vị đã báo cáo quý 3")  # now version 2
    # The admin edits the old export (version 1 in it) and re-imports it.
    stale = _edit_exported(old_export, ids[0], **{template.NOTE: "ghi chú cũ của quản trị"})
    with pytest.raises(TemplateRejected) as rejected:
        store.import_file(ADMIN, BINH_PHUOC, "cu.xlsx", stale)
    (error,) = rejected.value.errors
    assert (error.file, error.row, error.column) == ("cu.xlsx", 2, template.VERSION)
    message = str(error)
    assert ids[0] in message and "1" in message and "2" in message and "vp_bp" in message
    assert store.get_task(ADMIN, ids[0]).progress_note == "đơn vị đã báo cáo quý 3"
    # The old export as it was would revert the note too: refused the same way.
    with pytest.raises(TemplateRejected):
        store.import_file(ADMIN, BINH_PHUOC, "cu.xlsx", old_export)
    # A fresh export carries the saved version: its edits import.
    fresh = _edit_exported(store.export_xlsx(ADMIN, BINH_PHUOC), ids[0], **{template.NOTE: "đã xem lại"})
    assert store.import_file(ADMIN, BINH_PHUOC, "moi.xlsx", fresh).updated == 1
    assert store.get_task(ADMIN, ids[0]).progress_note == "đã xem lại"


def test_a_changing_row_without_its_version_is_refused(store_url):
    store = open_store(store_url)
    task_id = store.import_rows(ADMIN, BINH_PHUOC, [row("Việc một")]).task_ids[0]
    with pytest.raises(TemplateRejected) as rejected:
        store.import_rows(ADMIN, BINH_PHUOC, [row("Việc một, sửa", **{template.TASK_ID: task_id})])
    assert rejected.value.errors[0].column == template.VERSION
    assert store.get_task(ADMIN, task_id).text == "Việc một"


def _editor(url: str, task_ids: list[str], saves: int, barrier) -> int:
    """A unit editor process: count up in the progress note, redoing the edit when refused."""
    store = open_store(url)
    barrier.wait()
    done = 0
    while done < saves:
        task_id = task_ids[done % len(task_ids)]
        task = store.get_task(VP_EDITOR, task_id)
        count = int(task.progress_note.split("=")[1]) if task.progress_note else 0
        try:
            store.update_task(VP_EDITOR, task_id, task.version, progress_note=f"n={count + 1}")
            done += 1
        except StaleEdit:
            pass
    return done


def test_reimport_during_concurrent_edits_loses_no_save(store_url):
    store = open_store(store_url)
    ids = list(store.import_rows(ADMIN, BINH_PHUOC, [row(f"Việc {i}") for i in range(3)]).task_ids)
    old_export = store.export_xlsx(ADMIN, BINH_PHUOC)
    stale = old_export
    for task_id in ids:
        stale = _edit_exported(stale, task_id, **{template.NOTE: "n=0", template.TEXT: "ghi đè"})
        store.update_task(ADMIN, task_id, 1, progress_note="n=0")  # saved after the export was taken
    ctx = multiprocessing.get_context("spawn")
    editors, saves = 4, 10
    with ctx.Manager() as manager, ctx.Pool(editors) as pool:
        barrier = manager.Barrier(editors + 1)
        pending = pool.starmap_async(_editor, [(store_url, ids, saves, barrier)] * editors)
        barrier.wait()
        refused = imported = 0
        while not pending.ready():
            try:
                imported += store.import_file(ADMIN, BINH_PHUOC, "cu.xlsx", stale).updated
            except TemplateRejected:
                refused += 1
        accepted = sum(pending.get(timeout=120))
    counted = sum(int(store.get_task(ADMIN, i).progress_note.split("=")[1]) for i in ids)
    assert accepted == editors * saves and counted == accepted  # 0 lost
    assert imported == 0 and refused >= 1
    assert all(store.get_task(ADMIN, i).text.startswith("Việc") for i in ids)
