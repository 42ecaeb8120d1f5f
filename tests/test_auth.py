"""Accounts (argon2 hashes in a TOML file outside git) and what each role may do, enforced by the
task store itself: every store call is made as each role, on DuckDB and on PostgreSQL."""
from __future__ import annotations

import os
import stat
import tomllib

import pytest

from chiso import accounts, auth
from chiso.auth import PermissionDenied, User
from chiso.tasks import DONE, IN_PROGRESS, TaskNotFound, open_store
from task_fixtures import (ADMIN, ADMIN_TN, BINH_PHUOC, TAY_NINH, VIEWER_BP, VP_EDITOR, pg_url,  # noqa: F401
                           row, store_url)

OTHER_UNIT_EDITOR = User("kh_bp", auth.UNIT_EDITOR, BINH_PHUOC, unit="Phòng Kế hoạch")


# ------------------------------------------------------------------ the accounts file

def test_accounts_are_argon2_hashes_in_a_private_file(tmp_path):
    path = tmp_path / "cfg" / "users.toml"
    accounts.add_user("vp_bp", "mat-khau-dai", auth.UNIT_EDITOR, "70", unit="Văn phòng Sở", path=path,
                  display_name="Nguyễn Thị \"Lan\"", email="lan@binhphuoc.gov.vn")
    data = tomllib.loads(path.read_text(encoding="utf-8"))
    entry = data["users"]["vp_bp"]
    assert entry["password_hash"].startswith("$argon2id$")
    assert "mat-khau-dai" not in path.read_text(encoding="utf-8")
    assert entry["unit"] == "Văn phòng Sở" and entry["display_name"] == 'Nguyễn Thị "Lan"'
    assert stat.S_IMODE(os.stat(path).st_mode) == 0o600


def test_sign_in(tmp_path):
    path = tmp_path / "users.toml"
    accounts.add_user("admin_bp", "mat-khau-dai", auth.PROVINCE_ADMIN, "70", path=path)
    user = accounts.authenticate("admin_bp", "mat-khau-dai", path)
    assert user == User("admin_bp", auth.PROVINCE_ADMIN, "70")
    assert accounts.authenticate("admin_bp", "sai-mat-khau", path) is None
    assert accounts.authenticate("khong_co", "mat-khau-dai", path) is None
    assert accounts.authenticate("admin_bp", "", path) is None


def test_users_file_comes_from_the_environment(tmp_path, monkeypatch):
    monkeypatch.setenv("CHISO_USERS_FILE", str(tmp_path / "u.toml"))
    assert accounts.users_file() == tmp_path / "u.toml"
    monkeypatch.delenv("CHISO_USERS_FILE")
    assert accounts.users_file().parts[-3:] == (".config", "chiso", "users.toml")


@pytest.mark.parametrize("kwargs, message", [
    (dict(username="a b"), "tên đăng nhập"),
    (dict(role="superuser"), "vai trò"),
    (dict(password="ngan"), "ít nhất"),
    (dict(role=auth.UNIT_EDITOR, unit=None), "đơn vị"),
    (dict(province_code="7"), "mã tỉnh"),
])
def test_bad_accounts_are_refused(tmp_path, kwargs, message):
    args = dict(username="nguoi_dung", password="mat-khau-dai", role=auth.VIEWER, province_code="70", unit=None)
    args.update(kwargs)
    with pytest.raises(auth.AuthError, match=message):
        accounts.add_user(args.pop("username"), args.pop("password"), args.pop("role"), args.pop("province_code"),
                      path=tmp_path / "u.toml", **args)
    assert not (tmp_path / "u.toml").exists()


def test_duplicate_account_is_refused(tmp_path):
    path = tmp_path / "u.toml"
    accounts.add_user("xem", "mat-khau-dai", auth.VIEWER, "70", path=path)
    with pytest.raises(auth.AuthError, match="đã có"):
        accounts.add_user("xem", "mat-khau-khac", auth.VIEWER, "70", path=path)
    assert accounts.authenticate("xem", "mat-khau-dai", path) is not None


def test_province_admin_manages_only_their_province_accounts(tmp_path):
    path = tmp_path / "u.toml"
    accounts.add_user("admin_bp", "mat-khau-dai", auth.PROVINCE_ADMIN, "70", path=path)
    accounts.add_user("admin_tn", "mat-khau-dai", auth.PROVINCE_ADMIN, "72", path=path)
    accounts.add_user("xem_bp", "mat-khau-dai", auth.VIEWER, "70", path=path, actor=ADMIN)
    with pytest.raises(PermissionDenied):
        accounts.add_user("xem_tn", "mat-khau-dai", auth.VIEWER, "72", path=path, actor=ADMIN)
    with pytest.raises(PermissionDenied):
        accounts.add_user("xem2", "mat-khau-dai", auth.VIEWER, "70", path=path, actor=VIEWER_BP)
    assert [u.username for u in accounts.list_users(path, actor=ADMIN)] == ["admin_bp", "xem_bp"]
    with pytest.raises(PermissionDenied):
        accounts.list_users(path, actor=VP_EDITOR)


def test_oidc_identity_maps_to_local_roles_by_email(tmp_path):
    path = tmp_path / "u.toml"
    accounts.add_user("lan", "mat-khau-dai", auth.VIEWER, "70", path=path, email="Lan@BinhPhuoc.gov.vn")
    assert accounts.user_for_email("lan@binhphuoc.gov.vn", path).username == "lan"
    assert accounts.user_for_email("khac@binhphuoc.gov.vn", path) is None


# ------------------------------------------------------------------ roles, enforced by the store

@pytest.fixture
def seeded(store_url):
    store = open_store(store_url)
    ids = store.import_rows(ADMIN, BINH_PHUOC, [
        row("Niêm yết công khai thủ tục hành chính", unit="Văn phòng Sở"),
        row("Khảo sát sự hài lòng", unit="Phòng Kế hoạch"),
    ]).task_ids
    tn = store.import_rows(ADMIN_TN, TAY_NINH, [row("Cấp giấy phép xây dựng", unit="Phòng Quy hoạch")]).task_ids
    return store, ids[0], ids[1], tn[0]


def test_viewer_reads_own_province_and_writes_nothing(seeded):
    store, vp_task, kh_task, tn_task = seeded
    assert len(store.list_tasks(VIEWER_BP, BINH_PHUOC)) == 2
    assert store.get_task(VIEWER_BP, vp_task).text.startswith("Niêm yết")
    assert store.unit_summary(VIEWER_BP, BINH_PHUOC, 2023, 4)
    with pytest.raises(PermissionDenied, match="chỉ có quyền xem"):
        store.update_task(VIEWER_BP, vp_task, 1, status=DONE)
    with pytest.raises(PermissionDenied):
        store.import_rows(VIEWER_BP, BINH_PHUOC, [row("Việc mới")])
    with pytest.raises(PermissionDenied):
        store.audit_log(VIEWER_BP, BINH_PHUOC)
    with pytest.raises(PermissionDenied):
        store.export_xlsx(VIEWER_BP, TAY_NINH)
    assert store.get_task(ADMIN, vp_task).version == 1


def test_unit_editor_updates_progress_of_own_unit_only(seeded):
    store, vp_task, kh_task, tn_task = seeded
    saved = store.update_task(VP_EDITOR, vp_task, 1, status=IN_PROGRESS, progress_note="Đã niêm yết")
    assert saved.status == IN_PROGRESS
    # The unit name matches however it is typed (case, diacritics).
    loose = User("vp2", auth.UNIT_EDITOR, BINH_PHUOC, unit="van phong so")
    assert store.update_task(loose, vp_task, 2, progress_note="Cập nhật").version == 3
    with pytest.raises(PermissionDenied, match="Phòng Kế hoạch"):
        store.update_task(VP_EDITOR, kh_task, 1, status=DONE)
    with pytest.raises(PermissionDenied, match="quyền quản trị"):
        store.update_task(VP_EDITOR, vp_task, 3, text="Nội dung khác")
    with pytest.raises(PermissionDenied, match="quyền quản trị"):
        store.update_task(VP_EDITOR, vp_task, 3, lead_unit="Phòng Kế hoạch")
    with pytest.raises(PermissionDenied):
        store.import_rows(VP_EDITOR, BINH_PHUOC, [row("Việc mới")])
    with pytest.raises(PermissionDenied):
        store.audit_log(VP_EDITOR, BINH_PHUOC)
    with pytest.raises(PermissionDenied):
        store.delete_task(VP_EDITOR, vp_task, 3)
    assert store.get_task(ADMIN, kh_task).status == "not_started"


def test_province_admin_does_everything_in_own_province(seeded):
    store, vp_task, kh_task, tn_task = seeded
    store.update_task(ADMIN, kh_task, 1, text="Khảo sát sự hài lòng năm 2024", due_date="2024-06-30",
                      links="SIPAS:S5; PAR_INDEX:B_SIPAS", partner_units="Trung tâm phục vụ hành chính công")
    changed = store.get_task(ADMIN, kh_task)
    assert changed.links == (("PAR_INDEX", "B_SIPAS"), ("SIPAS", "S5"))
    assert changed.partner_units == ("Trung tâm Phục vụ hành chính công",)  # as data/catalog/plan_units.csv names it
    assert store.import_rows(ADMIN, BINH_PHUOC, [row("Việc mới")]).created == 1
    log = store.audit_log(ADMIN, BINH_PHUOC)
    assert {e.province_code for e in log} == {BINH_PHUOC}
    assert log[0].action in ("import_create", "update")
    store.delete_task(ADMIN, vp_task, 1)
    assert [e.action for e in store.audit_log(ADMIN, BINH_PHUOC, vp_task)][0] == "delete"


def test_nobody_crosses_provinces(seeded):
    store, vp_task, kh_task, tn_task = seeded
    for user in (ADMIN, VP_EDITOR, VIEWER_BP):
        with pytest.raises(PermissionDenied):
            store.list_tasks(user, TAY_NINH)
        # Another province's task is "not found", the answer a missing id gets (nothing to probe).
        with pytest.raises(TaskNotFound):
            store.get_task(user, tn_task)
        with pytest.raises(TaskNotFound):
            store.update_task(user, tn_task, 1, progress_note="x")
        with pytest.raises(PermissionDenied):
            store.audit_log(user, TAY_NINH)
        with pytest.raises(PermissionDenied):
            store.import_rows(user, TAY_NINH, [row("Việc mới")])
        with pytest.raises(PermissionDenied):
            store.unit_summary(user, TAY_NINH, 2023, 4)
    # An editor of the same unit name in another province still cannot touch Bình Phước's task.
    tn_vp = User("vp_tn", auth.UNIT_EDITOR, TAY_NINH, unit="Văn phòng Sở")
    with pytest.raises(TaskNotFound):
        store.update_task(tn_vp, vp_task, 1, status=DONE)
    assert len(store.list_tasks(ADMIN_TN, TAY_NINH)) == 1


def test_the_department_of_a_province_made_one_on_1_july_2025_follows_the_tasks_of_both(seeded, tmp_path):
    """Bình Phước has been part of Đồng Nai since 1 July 2025: Đồng Nai's Sở Nội vụ follows the tasks
    of Bình Phước's plans (kept under its code). An account of Đồng Nai was told it "may not see the
    tasks of Bình Phước". Tây Ninh (formed with Long An) is still another province."""
    store, vp_task, kh_task, tn_task = seeded
    dong_nai_admin = User("admin_dn", auth.PROVINCE_ADMIN, "75")
    dong_nai_vp = User("vp_dn", auth.UNIT_EDITOR, "75", unit="Văn phòng Sở")
    assert len(store.list_tasks(dong_nai_admin, BINH_PHUOC)) == 2
    assert store.update_task(dong_nai_vp, vp_task, 1, progress_note="Đã niêm yết").version == 2
    with pytest.raises(PermissionDenied, match="Phòng Kế hoạch"):  # a unit still updates its own tasks only
        store.update_task(dong_nai_vp, kh_task, 1, status=DONE)
    assert store.audit_log(dong_nai_admin, BINH_PHUOC)
    with pytest.raises(TaskNotFound):
        store.get_task(dong_nai_admin, tn_task)
    with pytest.raises(PermissionDenied):
        store.list_tasks(dong_nai_admin, TAY_NINH)
    # its accounts too: the admin of Đồng Nai sees and manages the former Bình Phước's accounts
    path = tmp_path / "u.toml"
    accounts.add_user("admin_bp", "mat-khau-dai", auth.PROVINCE_ADMIN, BINH_PHUOC, path=path)
    accounts.add_user("admin_dn", "mat-khau-dai", auth.PROVINCE_ADMIN, "75", path=path)
    accounts.add_user("admin_tn", "mat-khau-dai", auth.PROVINCE_ADMIN, TAY_NINH, path=path)
    assert [u.username for u in accounts.list_users(path, actor=dong_nai_admin)] == ["admin_bp", "admin_dn"]
    assert auth.same_province("70", "75") and not auth.same_province("70", TAY_NINH)


def test_signed_out_user_reads_nothing(seeded):
    store, vp_task, *_ = seeded
    with pytest.raises(PermissionDenied, match="đăng nhập"):
        store.list_tasks(None, BINH_PHUOC)
    with pytest.raises(PermissionDenied):
        store.update_task(None, vp_task, 1, status=DONE)
