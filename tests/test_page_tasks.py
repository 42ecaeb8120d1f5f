"""The Nhiệm vụ page driven like a user (Streamlit AppTest): sign in, see, update, meet a stale edit."""
from __future__ import annotations

import pytest
from streamlit.testing.v1 import AppTest

from chiso import auth, paths
from chiso.tasks import open_store
from task_fixtures import ADMIN, BINH_PHUOC

PAGE = str(paths.ROOT / "pages" / "7_Nhiem_vu.py")


@pytest.fixture
def env(tmp_path, monkeypatch):
    users = tmp_path / "users.toml"
    auth.add_user("admin_bp", "mat-khau-dai", auth.PROVINCE_ADMIN, BINH_PHUOC, path=users)
    auth.add_user("xem_bp", "mat-khau-dai", auth.VIEWER, BINH_PHUOC, path=users)
    url = str(tmp_path / "tasks.duckdb")
    monkeypatch.setenv("CHISO_USERS_FILE", str(users))
    monkeypatch.setenv("CHISO_TASKS_URL", url)
    store = open_store(url)
    example = paths.DATA_DIR / "examples" / "tasks_example.csv"
    store.import_file(ADMIN, BINH_PHUOC, example.name, example.read_bytes())
    return store


def _signed_in(username):
    at = AppTest.from_file(PAGE, default_timeout=30).run()
    assert not at.exception
    assert any("Đăng nhập" in i.value for i in at.info)
    at.text_input(key="chiso_username").input(username)
    at.text_input(key="chiso_password").input("mat-khau-dai")
    at.sidebar.button[0].click().run()  # the form's submit button
    assert not at.exception, at.exception
    return at


def test_wrong_password_shows_an_error(env):
    at = AppTest.from_file(PAGE, default_timeout=30).run()
    at.text_input(key="chiso_username").input("admin_bp")
    at.text_input(key="chiso_password").input("sai")
    at.sidebar.button[0].click().run()
    assert any("Sai tên đăng nhập" in e.value for e in at.sidebar.error)


def test_admin_sees_tasks_updates_and_meets_a_stale_edit(env):
    at = _signed_in("admin_bp")
    assert at.metric[0].value == "12"
    assert "Nhật ký thay đổi" in [e.label for e in at.expander][0]
    task_id = at.selectbox(key="task_pick").value
    at.selectbox(key=f"status-{task_id}").set_value("in_progress")
    at.text_area(key=f"note-{task_id}").input("Đã triển khai tại 3 phòng")
    at.button(key="FormSubmitter:edit-" + task_id + "-Lưu").click().run()
    assert not at.exception
    assert env.get_task(ADMIN, task_id).progress_note == "Đã triển khai tại 3 phòng"
    # A colleague saves while this user still has version 2 open.
    env.update_task(ADMIN, task_id, 2, progress_note="Sửa của đồng nghiệp")
    at.text_area(key=f"note-{task_id}").input("Ghi đè?")
    at.button(key="FormSubmitter:edit-" + task_id + "-Lưu").click().run()
    assert any("CHƯA được lưu" in e.value for e in at.error)
    assert env.get_task(ADMIN, task_id).progress_note == "Sửa của đồng nghiệp"


def test_viewer_sees_but_cannot_edit_or_import(env):
    at = _signed_in("xem_bp")
    assert at.metric[0].value == "12"
    assert not at.text_area  # no update form
    assert not at.expander   # no audit log
    assert any("chỉ có quyền xem" in c.value for c in at.caption)
