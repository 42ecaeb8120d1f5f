"""Fixtures shared by the task-store and auth tests: the same tests run on a DuckDB file and on a
real PostgreSQL server (started once per session by `pg_server`).

Without PostgreSQL binaries the PostgreSQL half is skipped with the reason, except under CI=true,
where it fails: CI must exercise both backends.
"""
from __future__ import annotations

import os
import uuid

import pytest

import pg_server
from chiso.auth import PROVINCE_ADMIN, UNIT_EDITOR, VIEWER, User

BINH_PHUOC, TAY_NINH = "70", "72"
ADMIN = User("admin_bp", PROVINCE_ADMIN, BINH_PHUOC)
VP_EDITOR = User("vp_bp", UNIT_EDITOR, BINH_PHUOC, unit="Văn phòng Sở")
VIEWER_BP = User("xem_bp", VIEWER, BINH_PHUOC)
ADMIN_TN = User("admin_tn", PROVINCE_ADMIN, TAY_NINH)


@pytest.fixture(scope="session")
def pg_url():
    if not pg_server.available():
        reason = pg_server.unavailable_reason()
        if os.environ.get("CI", "").lower() == "true":
            pytest.fail(f"CI=true requires the PostgreSQL store tests: {reason}")
        pytest.skip(reason)
    with pg_server.running() as url:
        yield url


@pytest.fixture(params=["duckdb", "postgres"])
def store_url(request, tmp_path):
    """A fresh, empty task store on each backend."""
    if request.param == "duckdb":
        return str(tmp_path / "chiso_tasks.duckdb")
    return pg_server.fresh_database(request.getfixturevalue("pg_url"), f"t_{uuid.uuid4().hex[:12]}")


def row(text="Công khai danh sách hộ nghèo", unit="Văn phòng Sở", deadline="31/12/2023", **more) -> dict:
    base = {"Nội dung nhiệm vụ": text, "Đơn vị chủ trì": unit, "Thời hạn": deadline}
    base.update(more)
    return base


def app_store(tmp_path, monkeypatch, user: User, province_code: str, rows: list[dict], source: str):
    """A DuckDB task store that the app and the CLI open (CHISO_TASKS_URL), holding `rows` imported by `user`."""
    from chiso.tasks import open_store
    url = str(tmp_path / "tasks.duckdb")
    monkeypatch.setenv("CHISO_TASKS_URL", url)
    store = open_store(url)
    store.import_rows(user, province_code, rows, source)
    return store


def concurrent_update(url: str, task_id: str, version: int, note: str, barrier) -> str:
    """Run in a separate process: wait for the others, then save on the same version."""
    from chiso.tasks import StaleEdit, open_store
    store = open_store(url)
    barrier.wait()
    try:
        store.update_task(ADMIN, task_id, version, progress_note=note)
        return "saved"
    except StaleEdit:
        return "stale"


def empty_store(folder) -> str:
    """A task store with no task, made as `tasks import` makes one: a command that only reads tasks
    refuses a --store that does not exist (chiso.commands.tasks.existing_store)."""
    from chiso.tasks import open_store
    path = str(folder / "tasks.duckdb")
    open_store(path)
    return path


def signed_in(at, user: User):
    """`user` signed in on the AppTest `at`, as a sign-in leaves them: in the session, and an account of
    the accounts file, which every page reads again (a removed account is signed out)."""
    from chiso import accounts
    accounts.add_user(user.username, "mat-khau-cua-phep-thu", user.role, user.province_code, user.unit,
                  replace_existing=True)
    at.session_state["user"] = user
    return at
