"""Accounts changed by a province's admin (the Tài khoản page calls these): role, unit, name and
e-mail, a new password, removal, and the person's own password; each audited, none able to leave
the province without an admin; two writers at once both keep their change."""
from __future__ import annotations

import multiprocessing

import pytest

from chiso import accounts, auth, signin
from chiso.auth import AuthError, PermissionDenied, User
from chiso.tasks import open_store
from task_fixtures import BINH_PHUOC, TAY_NINH

PASSWORD = "mat-khau-dai-2026"


@pytest.fixture
def province(tmp_path):
    """Bình Phước's admin and viewer, Tây Ninh's admin, and the task store holding the audit log."""
    path = tmp_path / "users.toml"
    admin = accounts.add_user("admin_bp", PASSWORD, auth.PROVINCE_ADMIN, BINH_PHUOC, path=path)
    accounts.add_user("xem_bp", PASSWORD, auth.VIEWER, BINH_PHUOC, path=path, email="xem@binhphuoc.gov.vn")
    other = accounts.add_user("admin_tn", PASSWORD, auth.PROVINCE_ADMIN, TAY_NINH, path=path)
    return path, admin, other, open_store(str(tmp_path / "tasks.duckdb"))


def account_rows(store, admin):
    return [e for e in store.audit_log(admin, BINH_PHUOC) if e.task_id.startswith("account:")]


def test_an_admin_changes_an_account_the_password_stays_and_the_log_says_what_changed(province):
    path, admin, _other, store = province
    changed = accounts.change_account("xem_bp", role=auth.UNIT_EDITOR, unit=" Văn phòng Sở ", display_name="Lê Văn C",
                                      email="xem@binhphuoc.gov.vn", path=path, actor=admin, store=store)
    assert (changed.role, changed.unit, changed.display_name) == (auth.UNIT_EDITOR, "Văn phòng Sở", "Lê Văn C")
    assert accounts.authenticate("xem_bp", PASSWORD, path) == changed
    [row] = account_rows(store, admin)
    assert (row.actor, row.action, row.task_id) == ("admin_bp", "account_changed", "account:xem_bp")
    assert row.changes()["role"] == (auth.VIEWER, auth.UNIT_EDITOR)
    assert row.changes()["unit"] == (None, "Văn phòng Sở")


def test_a_unit_account_needs_its_unit(province):
    path, admin, _other, store = province
    with pytest.raises(AuthError, match="unit"):
        accounts.change_account("xem_bp", role=auth.UNIT_EDITOR, unit="  ", path=path, actor=admin, store=store)
    assert accounts.load_accounts(path)["xem_bp"].user.role == auth.VIEWER


def test_an_admin_neither_demotes_nor_removes_themself_but_names_themself(province):
    path, admin, _other, store = province
    with pytest.raises(PermissionDenied, match="một quản trị viên khác"):
        accounts.change_account("admin_bp", role=auth.VIEWER, path=path, actor=admin, store=store)
    with pytest.raises(PermissionDenied, match="một quản trị viên khác"):
        accounts.remove_user("admin_bp", path=path, actor=admin, store=store)
    with pytest.raises(PermissionDenied, match="một quản trị viên khác"):
        accounts.add_user("admin_bp", PASSWORD, auth.VIEWER, BINH_PHUOC, path=path, actor=admin,
                          replace_existing=True, store=store)
    named = accounts.change_account("admin_bp", role=auth.PROVINCE_ADMIN, display_name="Sở Nội vụ Bình Phước",
                                    path=path, actor=admin, store=store)
    assert named.display_name == "Sở Nội vụ Bình Phước" and named.is_admin
    # the server's operator may (they hold the file)
    accounts.remove_user("admin_bp", path=path)
    assert "admin_bp" not in accounts.load_accounts(path)


def test_an_admin_touches_no_account_of_another_province(province):
    path, admin, other, store = province
    for change in (lambda: accounts.change_account("xem_bp", role=auth.PROVINCE_ADMIN, path=path, actor=other),
                   lambda: accounts.reset_password("xem_bp", "mat-khau-moi-dai", path=path, actor=other),
                   lambda: accounts.remove_user("xem_bp", path=path, actor=other)):
        with pytest.raises(PermissionDenied):
            change()
    assert accounts.authenticate("xem_bp", PASSWORD, path).role == auth.VIEWER
    assert [u.username for u in accounts.list_users(path, actor=other)] == ["admin_tn"]


def test_an_e_mail_signs_in_one_account_only(province):
    path, admin, _other, store = province
    with pytest.raises(AuthError, match="xem_bp"):
        accounts.add_user("moi_bp", PASSWORD, auth.VIEWER, BINH_PHUOC, email="XEM@binhphuoc.gov.vn ", path=path,
                          actor=admin, store=store)
    with pytest.raises(AuthError, match="xem_bp"):
        accounts.change_account("admin_bp", role=auth.PROVINCE_ADMIN, email="xem@binhphuoc.gov.vn", path=path,
                                actor=admin, store=store)
    with pytest.raises(AuthError, match="thư điện tử"):
        accounts.add_user("moi_bp", PASSWORD, auth.VIEWER, BINH_PHUOC, email="xem.binhphuoc.gov.vn", path=path)
    assert accounts.user_for_email("xem@binhphuoc.gov.vn", path).username == "xem_bp"


def test_a_new_password_set_by_the_admin_replaces_the_old_and_is_not_logged(province):
    path, admin, _other, store = province
    new = accounts.generated_password()
    assert len(new) == 12 and not set(new) & set("0O1lI")
    accounts.reset_password("xem_bp", new, path=path, actor=admin, store=store)
    assert accounts.authenticate("xem_bp", PASSWORD, path) is None
    assert accounts.authenticate("xem_bp", new, path).username == "xem_bp"
    [row] = account_rows(store, admin)
    assert row.action == "password_reset" and row.changes() == {}  # the event, no field: never a password
    with pytest.raises(AuthError, match="8"):
        accounts.reset_password("xem_bp", "ngan", path=path, actor=admin, store=store)


def test_a_person_changes_their_own_password_given_the_current_one(province):
    path, admin, _other, store = province
    with pytest.raises(AuthError, match="mật khẩu hiện tại không đúng"):
        accounts.change_password("xem_bp", "sai-mat-khau", "mat-khau-moi-2027", path=path, store=store)
    with pytest.raises(AuthError, match="trùng mật khẩu hiện tại"):
        accounts.change_password("xem_bp", PASSWORD, PASSWORD, path=path, store=store)
    accounts.change_password("xem_bp", PASSWORD, "mat-khau-moi-2027", path=path, store=store)
    assert accounts.authenticate("xem_bp", "mat-khau-moi-2027", path) is not None
    assert accounts.authenticate("xem_bp", PASSWORD, path) is None
    [row] = account_rows(store, admin)
    assert (row.actor, row.action) == ("xem_bp", "password_changed")


def test_a_removed_account_is_logged_with_what_it_was(province):
    path, admin, _other, store = province
    accounts.remove_user("xem_bp", path=path, actor=admin, store=store)
    [row] = account_rows(store, admin)
    assert row.action == "account_removed" and row.before["role"] == auth.VIEWER and row.after is None
    with pytest.raises(AuthError, match="không có tài khoản"):
        accounts.remove_user("xem_bp", path=path, actor=admin, store=store)


def _add_many(path: str, prefix: str) -> None:
    for i in range(4):
        accounts.add_user(f"{prefix}{i}", PASSWORD, auth.VIEWER, BINH_PHUOC, path=path)


def test_two_writers_at_once_both_keep_their_accounts(tmp_path):
    """Each add reads the file, hashes a password (tens of ms) and writes the file back: without the
    lock, the second writer's file lacks the first's account."""
    path = tmp_path / "users.toml"
    context = multiprocessing.get_context("spawn")
    writers = [context.Process(target=_add_many, args=(str(path), prefix)) for prefix in ("a_", "b_")]
    for w in writers:
        w.start()
    for w in writers:
        w.join(60)
        assert w.exitcode == 0
    assert sorted(accounts.load_accounts(path)) == [f"{p}{i}" for p in ("a_", "b_") for i in range(4)]


def test_the_log_names_account_actions_in_the_users_language():
    from chiso import audit
    from chiso.i18n import use
    assert audit.action_label("account_removed") == "Xoá tài khoản"
    with use("en"):
        assert audit.action_label("password_reset") == "New password set by the admin"
    assert audit.action_label("something_new") == "something_new"


def test_a_signed_in_user_object_is_not_an_account_of_the_file(province):
    path, _admin, _other, store = province
    stranger = User("ai_do", auth.PROVINCE_ADMIN, BINH_PHUOC)  # admin of the province, but not in the file
    with pytest.raises(AuthError, match="không có tài khoản"):
        accounts.change_account("ai_do", role=auth.VIEWER, path=path, actor=stranger, store=store)


def test_a_new_password_ends_the_sessions_opened_with_the_old_one(province):
    """A leaked password is reset by the admin: whoever signed in with it (the cookie they hold) is
    out; a session opened with the new one stays."""
    path, admin, _other, store = province
    viewer = accounts.load_accounts(path)["xem_bp"].user
    before = signin.session_token(viewer, path)
    assert signin.user_from_session(before, path) == viewer
    accounts.reset_password("xem_bp", "mat-khau-moi-2027", path=path, actor=admin, store=store)
    assert signin.user_from_session(before, path) is None
    after = signin.session_token(viewer, path)
    assert signin.user_from_session(after, path) == viewer
    accounts.change_account("xem_bp", role=auth.VIEWER, display_name="Lê Văn C", path=path, actor=admin, store=store)
    assert signin.user_from_session(after, path).display_name == "Lê Văn C"  # other changes keep it
    accounts.change_password("xem_bp", "mat-khau-moi-2027", "mat-khau-khac-2028", path=path, store=store)
    assert signin.user_from_session(after, path) is None
