"""The Tài khoản page driven like a user (Streamlit AppTest): the province's admin adds a unit's
account and hands over the password made for it, changes a role, sets a new password, removes an
account; anyone signed in changes their own password; nobody signed out sees an account."""
from __future__ import annotations

import io

import pytest
from streamlit.testing.v1 import AppTest

from chiso import accounts, auth, paths, signin
from chiso.names import resolve_province
from chiso.tasks import open_store
from task_fixtures import ADMIN, BINH_PHUOC, signed_in

PAGE = str(paths.ROOT / "pages" / "12_Tai_khoan.py")
PASSWORD = "mat-khau-dai-2026"


@pytest.fixture
def env(tmp_path, monkeypatch, built_db):
    monkeypatch.setenv("CHISO_TASKS_URL", str(tmp_path / "tasks.duckdb"))
    store = open_store(str(tmp_path / "tasks.duckdb"))
    example = paths.DATA_DIR / "examples" / "tasks_example.csv"
    store.import_file(ADMIN, BINH_PHUOC, example.name, example.read_bytes())
    accounts.add_user("xem_bp", PASSWORD, auth.VIEWER, BINH_PHUOC)
    return store


def page(user=ADMIN, **params) -> AppTest:
    at = AppTest.from_file(PAGE, default_timeout=30)
    at.query_params.update(params)
    if user is not None:
        signed_in(at, user)
    at.run()
    assert not at.exception, at.exception
    return at


def submit(at, form: str, label: str) -> AppTest:
    at.button(key=f"FormSubmitter:{form}-{label}").click().run()
    assert not at.exception, at.exception
    return at


def test_signed_out_the_page_says_how_to_get_an_account(env):
    at = page(None)
    assert any("Đăng nhập (thanh bên)" in i.value for i in at.info)
    assert not at.main.text_input


def test_the_admin_adds_a_unit_account_and_hands_over_the_password_made_for_it(env):
    at = page()
    unit = env.units(ADMIN, BINH_PHUOC)[0]
    form = [t for t in at.text_input if t.label == "Tên đăng nhập"][0]
    form.input("donvi_bp")
    at.selectbox(key="add_role").set_value(auth.UNIT_EDITOR)
    at.selectbox(key="add_unit").set_value(unit)
    submit(at, "add_account", "Thêm tài khoản")
    assert any("Đã thêm tài khoản 'donvi_bp'" in s.value for s in at.success)
    [password] = [c.value for c in at.code]
    made = accounts.authenticate("donvi_bp", password)
    assert (made.role, made.unit, made.province_code) == (auth.UNIT_EDITOR, unit, BINH_PHUOC)
    assert not at.warning  # its unit leads tasks: nothing to warn about
    [row] = [e for e in env.audit_log(ADMIN, BINH_PHUOC) if e.task_id == "account:donvi_bp"]
    assert (row.actor, row.action) == ("admin_bp", "account_created")
    at.run()  # shown once: gone at the next run
    assert not at.code


def test_a_unit_that_leads_no_task_is_said_with_the_closest_names(env):
    at = page()
    leading = env.units(ADMIN, BINH_PHUOC)
    # a department the catalog offers, none of whose tasks the province has yet
    unit = next(u for u in at.selectbox(key="add_unit").options if u not in leading)
    [t for t in at.text_input if t.label == "Tên đăng nhập"][0].input("donvi_bp")
    [t for t in at.text_input if t.label.startswith("Mật khẩu (để trống")][0].input(PASSWORD)
    at.selectbox(key="add_role").set_value(auth.UNIT_EDITOR)
    at.selectbox(key="add_unit").set_value(unit)
    submit(at, "add_account", "Thêm tài khoản")
    assert accounts.authenticate("donvi_bp", PASSWORD).unit == unit
    assert not at.code  # the admin typed the password: nothing to hand over
    [note] = [w.value for w in at.warning]
    assert "chưa có nhiệm vụ nào" in note and unit in note, note


def test_a_refused_account_says_why_and_keeps_the_file(env):
    at = page()
    [t for t in at.text_input if t.label == "Tên đăng nhập"][0].input("xem_bp")
    submit(at, "add_account", "Thêm tài khoản")
    assert any("Chưa thêm tài khoản" in e.value and "xem_bp" in e.value for e in at.error)
    assert accounts.authenticate("xem_bp", PASSWORD).role == auth.VIEWER


def test_the_admin_changes_a_role_sets_a_new_password_and_removes_the_account(env):
    at = page()
    at.selectbox(key="account_chosen").set_value("xem_bp").run()
    at.selectbox(key="role_xem_bp").set_value(auth.PROVINCE_ADMIN)
    submit(at, "change_xem_bp", "Lưu thay đổi")
    assert accounts.authenticate("xem_bp", PASSWORD).is_admin
    at.button(key="reset_xem_bp").click().run()
    [password] = [c.value for c in at.code]
    assert accounts.authenticate("xem_bp", PASSWORD) is None and accounts.authenticate("xem_bp", password)
    assert at.button(key="remove_xem_bp").disabled  # not before "Đồng ý xoá"
    at.checkbox(key="sure_xem_bp").check().run()
    at.button(key="remove_xem_bp").click().run()
    assert "xem_bp" not in accounts.load_accounts()
    assert any("Đã xoá tài khoản 'xem_bp'" in s.value for s in at.success)
    assert [e.action for e in env.audit_log(ADMIN, BINH_PHUOC, accounts=True)] == \
        ["account_removed", "password_reset", "account_changed"]
    log = at.dataframe[-1].value  # the page's own list of account changes, in words
    assert list(log["Thao tác"])[:3] == ["Xoá tài khoản", "Quản trị viên đặt mật khẩu mới", "Sửa tài khoản"]
    assert "Vai trò: Xem nhiệm vụ của tỉnh → Quản trị nhiệm vụ, kế hoạch và tài khoản của tỉnh" in log["Thay đổi"].iloc[2]


def test_the_admins_own_role_is_not_theirs_to_change(env):
    at = page()
    at.selectbox(key="account_chosen").set_value("admin_bp").run()
    assert at.selectbox(key="role_admin_bp").disabled
    assert not [b for b in at.button if b.key in ("remove_admin_bp", "reset_admin_bp")]
    assert any("Đổi mật khẩu" in c.value for c in at.caption)  # their own, with their current one


def test_a_viewer_sees_their_account_and_changes_their_password(env):
    viewer = accounts.load_accounts()["xem_bp"].user
    at = AppTest.from_file(PAGE, default_timeout=30)
    at.session_state["user"] = viewer  # signed in with the password the test knows
    at.session_state["_chiso_password_stamp"] = signin.password_stamp("xem_bp")
    at.run()
    assert "xem_bp" in at.markdown[0].value and "Xem nhiệm vụ" in at.markdown[0].value
    assert not [e for e in at.expander if e.label == "Thêm tài khoản"]
    current, new, again = at.text_input
    current.input(PASSWORD), new.input("mat-khau-moi-2027"), again.input("mat-khau-khac-2027")
    submit(at, "own_password", "Đổi mật khẩu")
    assert any("không khớp" in e.value for e in at.error)
    current, new, again = at.text_input
    current.input("sai-mat-khau"), new.input("mat-khau-moi-2027"), again.input("mat-khau-moi-2027")
    submit(at, "own_password", "Đổi mật khẩu")
    assert any("mật khẩu hiện tại không đúng" in e.value for e in at.error)
    current, new, again = at.text_input
    current.input(PASSWORD), new.input("mat-khau-moi-2027"), again.input("mat-khau-moi-2027")
    submit(at, "own_password", "Đổi mật khẩu")
    assert any("Đã đổi mật khẩu" in s.value for s in at.success)
    assert accounts.authenticate("xem_bp", "mat-khau-moi-2027") is not None
    at.run()  # this browser, where the password was changed, stays signed in
    assert "xem_bp" in at.markdown[0].value


def test_a_session_signed_in_with_a_password_the_admin_then_replaced_is_over(env):
    viewer = accounts.load_accounts()["xem_bp"].user
    at = AppTest.from_file(PAGE, default_timeout=30)
    at.session_state["user"] = viewer
    at.session_state["_chiso_password_stamp"] = signin.password_stamp("xem_bp")  # as a sign-in leaves it
    at.run()
    assert "xem_bp" in at.markdown[0].value
    accounts.reset_password("xem_bp", "mat-khau-moi-2027", actor=ADMIN)
    at.run()
    assert any("Đăng nhập (thanh bên)" in i.value for i in at.info)


def test_the_page_in_english(env):
    at = page(lang="en")
    assert at.title[0].value == "Accounts"
    assert [e.label for e in at.expander] == ["Change your password", "Add an account",
                                              "Change, reset or remove an account",
                                              "Changes to the accounts (who, when, what)"]


def test_a_refused_account_keeps_what_was_typed_and_an_added_one_clears_the_form(env):
    at = page()
    at.text_input(key="add_username").input("moi_bp")
    at.text_input(key="add_name").input("Đỗ Thị E")
    at.text_input(key="add_email").input("khong-phai-email")  # no @: refused
    submit(at, "add_account", "Thêm tài khoản")
    assert any("không phải địa chỉ thư điện tử" in e.value for e in at.error)
    assert at.text_input(key="add_username").value == "moi_bp" and at.text_input(key="add_name").value == "Đỗ Thị E"
    at.text_input(key="add_email").input("do.thi.e@binhphuoc.gov.vn")
    submit(at, "add_account", "Thêm tài khoản")
    assert accounts.load_accounts()["moi_bp"].user.email == "do.thi.e@binhphuoc.gov.vn"
    assert at.text_input(key="add_username").value == "" and at.text_input(key="add_email").value == ""


def test_a_unit_account_whose_unit_leads_no_task_reads_why_on_its_own_account(env):
    """The holder of an account made for "Văn phòng Sở Công Thương" (the list's tasks name "Văn phòng
    Sở") reads on Tài khoản that it can update nothing, the closest name, and that the admin corrects it."""
    accounts.add_user("vp_sct", PASSWORD, auth.UNIT_EDITOR, BINH_PHUOC, "Văn phòng Sở Công Thương")
    at = page(accounts.load_accounts()["vp_sct"].user)
    said = " ".join(w.value for w in at.warning)
    assert "Tên gần nhất: 'Văn phòng Sở'" in said and "nhờ quản trị của tỉnh" in said, said
    accounts.add_user("vp_bp", PASSWORD, auth.UNIT_EDITOR, BINH_PHUOC, "Văn phòng Sở")
    assert not page(accounts.load_accounts()["vp_bp"].user).warning
    # in English, the page named as the English sidebar names it (it said "(page Tài khoản)")
    said = " ".join(w.value for w in page(accounts.load_accounts()["vp_sct"].user, lang="en").warning)
    assert "(page Accounts)" in said and "Tài khoản" not in said, said


def test_a_unit_account_of_a_merged_province_whose_unit_leads_its_departments_tasks_is_not_warned(env, capsys,
                                                                                                 monkeypatch):
    """Đồng Nai's Văn phòng Sở updates the 8 tasks Bình Phước's plans give it (Nhiệm vụ lists them), yet
    Tài khoản told its holder "Không có nhiệm vụ nào của Đồng Nai do 'Văn phòng Sở' chủ trì … nhờ quản trị
    sửa đơn vị": Đồng Nai's own plans alone were asked. The department's tasks are now, there, when the
    admin makes the account, and in `chiso users add`."""
    from chiso.cli import main
    accounts.add_user("vp_dn", PASSWORD, auth.UNIT_EDITOR, "75", "Văn phòng Sở")
    assert not page(accounts.load_accounts()["vp_dn"].user).warning
    at = page()  # Bình Phước's admin adds one for Đồng Nai
    at.selectbox(key="add_province").set_value("75").run()
    # offered, as the department's tasks name it (only the catalog's bodies were: it had to be typed)
    assert "Văn phòng Sở" in at.selectbox(key="add_unit").options
    at.text_input(key="add_username").input("vp_dn2")
    at.selectbox(key="add_role").set_value(auth.UNIT_EDITOR)
    at.selectbox(key="add_unit").set_value("Văn phòng Sở")
    submit(at, "add_account", "Thêm tài khoản")
    assert accounts.load_accounts()["vp_dn2"].user.province_code == "75"
    assert not at.warning, [w.value for w in at.warning]
    capsys.readouterr()
    monkeypatch.setattr("sys.stdin", io.StringIO(PASSWORD + "\n"))
    assert main(["users", "add", "vp_dn3", "--role", "unit_editor", "--province", "Đồng Nai", "--unit", "Văn phòng Sở",
                 "--password-stdin", "--store", env.url]) == 0
    said = capsys.readouterr().out
    assert "vp_dn3" in said and "Lưu ý" not in said, said


def test_a_departments_accounts_name_their_province(env):
    """Since 1 July 2025 Bình Phước's admin manages Đồng Nai's accounts too (one department): they were
    listed under "Tài khoản của Bình Phước", with nothing to tell the two provinces' accounts apart. A
    province that no longer exists is named with what it is today."""
    assert "Tài khoản của Bình Phước (từ 01/07/2025 thuộc Đồng Nai)" in [h.value for h in page().subheader]
    assert "Tỉnh/thành phố" not in page().dataframe[0].value.columns
    accounts.add_user("admin_dn", PASSWORD, auth.PROVINCE_ADMIN, "75", display_name="Trần Thị B")
    at = page()
    assert "Tài khoản của Bình Phước (từ 01/07/2025 thuộc Đồng Nai) và Đồng Nai" in [h.value for h in at.subheader]
    table = at.dataframe[0].value.set_index("Tên đăng nhập")
    assert table.at["admin_dn", "Tỉnh/thành phố"] == "Đồng Nai"
    assert table.at["xem_bp", "Tỉnh/thành phố"] == "Bình Phước (từ 01/07/2025 thuộc Đồng Nai)"
    chosen = at.selectbox(key="account_chosen")
    assert chosen.format_func("admin_dn") == "admin_dn · Trần Thị B · Quản trị nhiệm vụ, kế hoạch và tài khoản " \
        "của tỉnh · Đồng Nai", chosen.options
    at = page(lang="en")
    assert "Accounts of Binh Phuoc (part of Dong Nai from 1 July 2025) and Dong Nai" in [h.value for h in at.subheader]


def test_an_account_of_a_province_merged_away_names_what_it_is_today(env):
    """Tây Ninh's Sở Nội vụ, whose account has code 80 (Long An's among the 63, Tây Ninh's among the 34),
    read "Tỉnh/thành phố: Long An" and "Tài khoản của Long An" in November 2026, a province that no longer
    exists. Each names what it is today; a province that kept its name is named as before."""
    from chiso.i18n import use
    from chiso.names import province_now
    assert province_now("80") == "Long An (từ 01/07/2025 thuộc Tây Ninh)"
    assert province_now("46") == "Thừa Thiên Huế (nay là Thành phố Huế)"
    assert (province_now("42"), province_now("72")) == ("Hà Tĩnh", "Tây Ninh")
    with use("en"):
        assert province_now("80") == "Long An (part of Tay Ninh from 1 July 2025)"
    accounts.add_user("admin_tn", PASSWORD, auth.PROVINCE_ADMIN, "80", display_name="Sở Nội vụ Tây Ninh")
    at = page(accounts.load_accounts()["admin_tn"].user)
    shown = " ".join(m.value for m in at.markdown)
    assert "Long An (từ 01/07/2025 thuộc Tây Ninh)" in shown, shown
    assert "Tài khoản của Long An (từ 01/07/2025 thuộc Tây Ninh)" in [h.value for h in at.subheader]


def test_a_department_adds_an_account_to_any_of_its_provinces(env):
    """Bình Phước's admin added an official of Đồng Nai (one department since 1 July 2025): the account was
    made Bình Phước's, and every page opened on Bình Phước for them. The province is now chosen."""
    at = page()
    chooser = at.selectbox(key="add_province")
    assert ([chooser.format_func(c) for c in chooser.options], chooser.value) == (
        ["Bình Phước (từ 01/07/2025 thuộc Đồng Nai)", "Đồng Nai"], "70")
    chooser.set_value("75").run()
    [t for t in at.text_input if t.label == "Tên đăng nhập"][0].input("xem_dn")
    [t for t in at.text_input if t.label.startswith("Mật khẩu (để trống")][0].input(PASSWORD)
    submit(at, "add_account", "Thêm tài khoản")
    assert accounts.authenticate("xem_dn", PASSWORD).province_code == "75"
    table = at.dataframe[0].value.set_index("Tên đăng nhập")
    assert table.at["xem_dn", "Tỉnh/thành phố"] == "Đồng Nai"
    # its row in the log is Đồng Nai's, and the department's log at the foot shows it
    assert any("xem_dn" in str(t.value["Tài khoản"].tolist()) for t in at.dataframe[1:]), "the change is not listed"
    ha_tinh = accounts.add_user("admin_ht", PASSWORD, auth.PROVINCE_ADMIN, resolve_province("Hà Tĩnh"))
    assert not [s for s in page(ha_tinh).selectbox if s.key == "add_province"]  # a province alone: nothing to choose


def test_an_account_made_in_the_wrong_province_of_the_department_is_moved(env):
    """Accounts made by Bình Phước's admin for officials of Đồng Nai were Bình Phước's, and could not be
    moved but by removing and adding them again (a new password to hand over)."""
    accounts.add_user("vp_dn", PASSWORD, auth.UNIT_EDITOR, BINH_PHUOC, "Văn phòng Sở")
    at = page()
    at.selectbox(key="account_chosen").set_value("vp_dn").run()
    at.selectbox(key="province_vp_dn").set_value("75").run()
    submit(at, "change_vp_dn", "Lưu thay đổi")
    moved = accounts.authenticate("vp_dn", PASSWORD)  # the password stays
    assert (moved.province_code, moved.unit) == ("75", "Văn phòng Sở")
    log = at.dataframe[-1].value
    assert any("Tỉnh/thành phố: Bình Phước → Đồng Nai" in c for c in log["Thay đổi"]), log["Thay đổi"].tolist()
    # a unit no task names (typed when the account was made) is its unit box's value, not an empty box
    accounts.add_user("tccb_bp", PASSWORD, auth.UNIT_EDITOR, BINH_PHUOC, "Phòng Tổ chức cán bộ")
    at = page()
    at.selectbox(key="account_chosen").set_value("tccb_bp").run()
    assert at.selectbox(key="unit_tccb_bp").value == "Phòng Tổ chức cán bộ"
    # outside the department: refused, the account unchanged
    with pytest.raises(auth.PermissionDenied):
        accounts.change_account("vp_dn", role=auth.UNIT_EDITOR, unit="Văn phòng Sở", province_code="42", actor=ADMIN)
    assert accounts.authenticate("vp_dn", PASSWORD).province_code == "75"
