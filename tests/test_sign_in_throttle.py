"""Sign-in throttling survives reloads: wrong passwords are counted per account and per client
address in the task store's audit log, not in the browser session, and the lockout is recorded
there (issue 15, item 6). Each AppTest run below is a new browser session, as after F5."""
from __future__ import annotations

import pytest
from streamlit.testing.v1 import AppTest

from chiso import accounts, auth, paths, signin
from chiso.tasks import open_store

PAGE = str(paths.ROOT / "pages" / "7_Nhiem_vu.py")
PASSWORD = "mat-khau-dai-1"


@pytest.fixture
def env(tmp_path, monkeypatch, built_db):
    users = tmp_path / "users.toml"
    accounts.add_user("admin_kh", PASSWORD, auth.PROVINCE_ADMIN, "56", path=users)
    monkeypatch.setenv("CHISO_USERS_FILE", str(users))
    monkeypatch.setenv("CHISO_TASKS_URL", str(tmp_path / "tasks.duckdb"))
    return open_store(str(tmp_path / "tasks.duckdb"))


def attempt(password: str) -> AppTest:
    at = AppTest.from_file(PAGE, default_timeout=30).run()   # a fresh session each time (a reload)
    at.text_input(key="chiso_username").input("admin_kh")
    at.text_input(key="chiso_password").input(password)
    at.sidebar.button[0].click().run()
    assert not at.exception, at.exception
    return at


def sidebar_errors(at: AppTest) -> str:
    return " ".join(e.value for e in at.sidebar.error)


def test_wrong_passwords_lock_the_account_across_reloads_and_the_lockout_is_audited(env):
    for _ in range(signin.SignInThrottle.ACCOUNT_FAILURES):
        assert "Sai tên đăng nhập" in sidebar_errors(attempt("sai-mat-khau"))
    locked = attempt(PASSWORD)  # the right password, in a new session: still refused while locked
    assert "Thử lại sau" in sidebar_errors(locked)
    assert not [s for s in locked.sidebar.success if "Đã đăng nhập" in s.value]
    actions = env.backend.run(lambda tx: tx.rows(
        "SELECT action, task_id FROM audit_log WHERE actor = ? ORDER BY id", ["admin_kh"]))
    assert [a for a, _ in actions].count("sign_in_failed") == signin.SignInThrottle.ACCOUNT_FAILURES
    assert "sign_in_locked" in [a for a, _ in actions]
    assert all(t.startswith("sign-in:") for _, t in actions)  # the client address is recorded


def test_a_success_resets_the_account_count(env):
    throttle = signin.SignInThrottle(env)
    for _ in range(signin.SignInThrottle.ACCOUNT_FAILURES - 1):
        throttle.failed("admin_kh", "10.0.0.1")
    throttle.succeeded("admin_kh", "10.0.0.1")
    throttle.failed("admin_kh", "10.0.0.1")
    assert throttle.wait_seconds("admin_kh", "10.0.0.1") == 0


def test_one_address_trying_many_accounts_is_locked(env):
    throttle = signin.SignInThrottle(env)
    for i in range(signin.SignInThrottle.ADDRESS_FAILURES):
        throttle.failed(f"user{i}", "10.0.0.9")
    assert throttle.wait_seconds("someone_else", "10.0.0.9") > 0
    assert throttle.wait_seconds("someone_else", "10.0.0.10") == 0
