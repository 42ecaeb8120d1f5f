"""The Nhiệm vụ page driven like a user (Streamlit AppTest): sign in, see, update, meet a stale edit;
open it from a Điểm yếu link (filters preselected from the address); read it in English."""
from __future__ import annotations

import pytest
from streamlit.testing.v1 import AppTest

from chiso import accounts, auth, paths
from chiso.i18n import use
from chiso.tasks import open_store
from chiso.tasks.units import unit_of_body
from task_fixtures import ADMIN, BINH_PHUOC, row

PAGE = str(paths.ROOT / "pages" / "7_Nhiem_vu.py")


@pytest.fixture
def env(tmp_path, monkeypatch, built_db):  # built_db: ui.setup finds a database and builds none
    users = tmp_path / "users.toml"
    accounts.add_user("admin_bp", "mat-khau-dai", auth.PROVINCE_ADMIN, BINH_PHUOC, path=users)
    accounts.add_user("xem_bp", "mat-khau-dai", auth.VIEWER, BINH_PHUOC, path=users)
    accounts.add_user("vp_bp", "mat-khau-dai", auth.UNIT_EDITOR, BINH_PHUOC, "Văn phòng Sở", path=users)
    url = str(tmp_path / "tasks.duckdb")
    monkeypatch.setenv("CHISO_USERS_FILE", str(users))
    monkeypatch.setenv("CHISO_TASKS_URL", url)
    store = open_store(url)
    example = paths.DATA_DIR / "examples" / "tasks_example.csv"
    store.import_file(ADMIN, BINH_PHUOC, example.name, example.read_bytes())
    return store


def _signed_in(username, **params):
    at = AppTest.from_file(PAGE, default_timeout=30)
    at.query_params.update(params)
    at.run()
    assert not at.exception, at.exception
    assert any(("Sign in" if params.get("lang") == "en" else "Đăng nhập") in i.value for i in at.info)
    at.text_input(key="chiso_username").input(username)
    at.text_input(key="chiso_password").input("mat-khau-dai")
    at.sidebar.button[0].click().run()  # the form's submit button
    assert not at.exception, at.exception
    return at


def test_the_department_of_a_merged_province_chooses_whose_plans_it_follows(env, monkeypatch):
    """Đồng Nai's Sở Nội vụ (an account of Đồng Nai, 75) follows Bình Phước's plans too since 1 July
    2025: the page offered Đồng Nai's tasks alone (none) and said nothing of Bình Phước's 12. It now
    asks whose plans, opens on the province of a Điểm yếu link, and keeps the choice in the address."""
    import os
    accounts.add_user("admin_dn", "mat-khau-dai", auth.PROVINCE_ADMIN, "75", path=os.environ["CHISO_USERS_FILE"])
    at = _signed_in("admin_dn")
    whose = at.radio(key="tasks_of")
    # each choice says what it holds: on its own plans the department read "0" and nothing of Bình Phước's
    assert whose.label == "Nhiệm vụ theo kế hoạch của" and whose.options == [
        "Bình Phước (12 nhiệm vụ)", "Đồng Nai (0 nhiệm vụ)", "Cả 2 tỉnh (12 nhiệm vụ)"]
    assert whose.value == "75" and at.metric[0].value == "0"  # the account's own province first
    whose.set_value("70").run()
    assert not at.exception, at.exception
    assert at.metric[0].value == "12" and at.query_params["tasks_of"] == "70"
    # a link from Điểm yếu for Bình Phước opens on its tasks
    linked = _signed_in("admin_dn", province="70")
    assert linked.radio(key="tasks_of").value == "70" and linked.metric[0].value == "12"
    # the quarterly report to UBND tỉnh Đồng Nai: one province's tasks, or the department's in one report
    dong_nai = auth.User("admin_dn", auth.PROVINCE_ADMIN, "75")
    env.import_rows(dong_nai, "75", [row("Số hóa hồ sơ một cửa", "Văn phòng Sở", "Thường xuyên")], "thử")
    at = _signed_in("admin_dn")

    def report_button(at):
        return next(b.label for b in at.get("download_button") if b.label.startswith("Báo cáo quý"))
    assert report_button(at).startswith("Báo cáo quý gửi UBND tỉnh (DOCX, 1 nhiệm vụ)")
    # as `chiso report` says it: what the box above would add
    assert "Cùng Sở theo dõi thêm 12 nhiệm vụ quý này theo kế hoạch của Bình Phước: đánh dấu ô ở trên để có một " \
        "báo cáo chung" in [c.value for c in at.caption], [c.value for c in at.caption]
    department = at.checkbox(key="report_department")
    assert department.label == ("Cả Sở: nhiệm vụ theo các kế hoạch của Bình Phước và Đồng Nai, trong một bảng "
                                "tổng hợp và một báo cáo chung")
    assert [t for t in at.table if "Văn phòng Sở" in str(t.value.index.tolist())] and \
        not [t for t in at.table if "(Bình Phước)" in str(t.value.index.tolist())]
    department.check().run()
    assert not at.exception, at.exception
    assert report_button(at).startswith("Báo cáo quý gửi UBND tỉnh (DOCX, 13 nhiệm vụ)"), report_button(at)
    assert not [c.value for c in at.caption if c.value.startswith("Cùng Sở theo dõi thêm")]
    # the summary by unit too: each former province's units on their own rows
    units = [u for t in at.table for u in t.value.index.tolist()]
    assert "Văn phòng Sở (Đồng Nai)" in units and any(u.endswith("(Bình Phước)") for u in units), units
    # or every task of the department in one list: which are late, whichever plan set them
    at.radio(key="tasks_of").set_value("all").run()
    assert not at.exception, at.exception
    assert at.metric[0].value == "13" and at.query_params["tasks_of"] == "all"
    listed = at.dataframe[0].value
    assert set(listed["Kế hoạch của"]) == {"Bình Phước", "Đồng Nai"}
    picks = [o.split(" · ")[0] for o in at.selectbox(key="task_pick").options]
    assert {p.split("-")[1] for p in picks} == {"70", "75"}, picks  # each saved against its own province
    # the quarter's report is the department's, with no box to tick; a template file stays one province's
    assert not [c for c in at.checkbox if c.key == "report_department"]
    assert report_button(at).startswith("Báo cáo quý gửi UBND tỉnh (DOCX, 13 nhiệm vụ)"), report_button(at)
    assert not [b for b in at.get("download_button") if b.label.startswith("Tải danh sách")]
    assert any("chọn tỉnh ở trên" in c.value for c in at.caption)
    kept = _signed_in("admin_dn", tasks_of="all")  # a copied link opens the same list
    assert kept.radio(key="tasks_of").value == "all" and kept.metric[0].value == "13"
    # Hà Tĩnh was not merged: its department follows its own plans, with no choice to make
    accounts.add_user("admin_ht", "mat-khau-dai", auth.PROVINCE_ADMIN, "42", path=os.environ["CHISO_USERS_FILE"])
    alone = _signed_in("admin_ht")
    assert not [r for r in alone.radio if r.key == "tasks_of"] and alone.metric[0].value == "0"
    assert not [c for c in alone.checkbox if c.key == "report_department"]


def test_all_of_a_departments_tasks_are_one_list_by_deadline(env):
    """"Cả 2 tỉnh" listed Bình Phước's tasks, then Đồng Nai's: a Đồng Nai task due first sat under
    Bình Phước's later ones. It is one list by deadline, whichever plan set the task."""
    import os
    accounts.add_user("admin_dn", "mat-khau-dai", auth.PROVINCE_ADMIN, "75", path=os.environ["CHISO_USERS_FILE"])
    dong_nai = auth.User("admin_dn", auth.PROVINCE_ADMIN, "75")
    env.import_rows(dong_nai, "70", [row("Rà soát thủ tục", "Sở Tư pháp", "30/06/2026")], "thử")
    env.import_rows(dong_nai, "75", [row("Số hóa hồ sơ một cửa", "Văn phòng Sở", "31/12/2025")], "thử")
    at = _signed_in("admin_dn", tasks_of="all")
    listed = at.dataframe[0].value
    assert listed["Nội dung nhiệm vụ"].tolist()[:2] == ["Số hóa hồ sơ một cửa", "Rà soát thủ tục"], listed["Mã"].tolist()
    assert listed["Kế hoạch của"].tolist()[:2] == ["Đồng Nai", "Bình Phước"]
    # each choice says what it holds, its overdue tasks among them (both deadlines have passed)
    assert at.radio(key="tasks_of").options == ["Bình Phước (13 nhiệm vụ, 1 quá hạn)", "Đồng Nai (1 nhiệm vụ, 1 quá hạn)",
                                                "Cả 2 tỉnh (14 nhiệm vụ, 2 quá hạn)"]
    english = _signed_in("admin_dn", tasks_of="all", lang="en")
    assert english.radio(key="tasks_of").options == ["Binh Phuoc (13 tasks, 1 overdue)", "Dong Nai (1 task, 1 overdue)",
                                                     "All 2 provinces (14 tasks, 2 overdue)"]
    # and the change log, newest first, both provinces' imports in one table
    changes = at.dataframe[-1].value
    assert changes["Mã nhiệm vụ"].tolist()[:2] == ["NV-75-00014", "NV-70-00013"], changes["Mã nhiệm vụ"].tolist()


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
    # the picker is not labelled as the form's text field below it ("Nội dung nhiệm vụ" twice)
    assert at.selectbox(key="task_pick").label == "Nhiệm vụ cần cập nhật"
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


def test_admin_edits_text_lead_unit_partners_deadline_with_a_confirmation(env):
    import datetime as dt

    at = _signed_in("admin_bp")
    task_id = at.selectbox(key="task_pick").value
    before = env.get_task(ADMIN, task_id)
    assert before.recurring
    at.text_area(key=f"text-{task_id}").input("Rà soát, cập nhật quy trình nội bộ giải quyết thủ tục hành chính")
    # the province's units used so far, then its departments, then the offices of the task's own
    # department, named with it (an unqualified "Ban Giám đốc Sở": of which Sở?)
    leads = list(at.selectbox(key=f"lead-{task_id}").options)
    own_board = unit_of_body("Ban Giám đốc Sở", before.plan_issuer)
    assert own_board in ("Ban Giám đốc Sở Ngoại vụ", "Ban Giám đốc Sở Công Thương"), (own_board, before.plan_issuer)
    assert leads.index("Văn phòng Sở") < leads.index("Sở Tư pháp") < leads.index(own_board), leads
    assert "Ban Giám đốc Sở" not in leads, leads
    at.selectbox(key=f"lead-{task_id}").set_value("Văn phòng Sở")
    at.multiselect(key=f"partners-{task_id}").set_value(["Thanh tra Sở"])
    at.checkbox(key=f"rec-{task_id}").uncheck()
    at.date_input(key=f"due-{task_id}").set_value(dt.date(2024, 9, 30))
    at.button(key="FormSubmitter:edit-" + task_id + "-Lưu").click().run()
    assert not at.exception, at.exception
    saved = env.get_task(ADMIN, task_id)
    assert saved.text.startswith("Rà soát, cập nhật quy trình") and saved.lead_unit == "Văn phòng Sở"
    assert saved.partner_units == ("Thanh tra Sở",) and saved.due_date == dt.date(2024, 9, 30) and not saved.recurring
    assert saved.version == before.version + 1
    # The confirmation survives the rerun that follows a save.
    assert any(f"Đã lưu nhiệm vụ {task_id}" in s.value for s in at.success)
    assert any(f"Đã lưu nhiệm vụ {task_id}" in t.value for t in at.toast)
    # Task text is plain text: shown as st.text, never rendered as Markdown.
    assert any(t.value.startswith("Rà soát, cập nhật quy trình") for t in at.text)


def test_quarterly_report_button(env):
    at = _signed_in("admin_bp")
    labels = [b.label for b in at.get("download_button")]
    assert any(label.startswith("Báo cáo quý gửi UBND tỉnh (DOCX, 12 nhiệm vụ)") for label in labels)


def test_the_quarters_table_shows_every_header_whole(env):
    """In a grid the narrow count columns cut their headers ("Tồn từ trước, chư…"): a static table
    writes each whole, beside the unit's name."""
    at = _signed_in("admin_bp")
    quarter = at.table[0].value
    assert quarter.index.name == "Đơn vị chủ trì"
    assert {"Tồn từ trước, chưa xong", "Quá hạn chưa xong", "Nhiệm vụ thường xuyên"} <= set(quarter.columns)


def test_viewer_sees_but_cannot_edit_or_import(env):
    at = _signed_in("xem_bp")
    assert at.metric[0].value == "12"
    assert not at.text_area  # no update form
    assert not at.expander   # no audit log
    assert any("chỉ có quyền xem" in c.value for c in at.caption)


def _listed_ids(at):
    """The task IDs in the task table (first column: Mã / ID)."""
    table = at.dataframe[0].value
    return list(table.iloc[:, 0])


@pytest.mark.parametrize("indicator", ["D5", "D8"])  # D8 lists the task linked to its sub-dimension D8_PORTAL
def test_link_from_weakness_page_preselects_the_component(env, indicator):
    at = _signed_in("admin_bp", index="PAPI", indicator=indicator, province=BINH_PHUOC)
    assert at.selectbox(key="tasks_filter_index").value == "PAPI"
    assert at.selectbox(key="tasks_filter_indicator").value == indicator
    narrow = [t.task_id for t in env.list_tasks(ADMIN, BINH_PHUOC, index_code="PAPI", indicator_code=indicator)]
    broad = [t.task_id for t in env.list_tasks(ADMIN, BINH_PHUOC, index_code="PAPI", indicator_code=indicator,
                                               include_broader=True)]
    assert len(narrow) == 1  # the fixture links one task to each of these
    assert set(narrow) < set(broad)  # and others to the whole of PAPI
    # By default the list matches what Điểm yếu showed under the component: broader tasks included.
    assert at.metric[0].value == str(len(broad))
    assert _listed_ids(at) == broad
    assert not [c for c in at.caption if "Liên kết" in c.value]  # nothing to warn about
    assert at.query_params["index"] == "PAPI" and at.query_params["indicator"] == indicator
    at.checkbox(key="tasks_include_broader").uncheck().run()
    assert at.metric[0].value == "1" and _listed_ids(at) == narrow
    # The user widens the filter: every task again, and the address follows.
    at.selectbox(key="tasks_filter_indicator").set_value("").run()
    assert at.metric[0].value == str(len(env.list_tasks(ADMIN, BINH_PHUOC, index_code="PAPI")))
    assert "indicator" not in at.query_params


def test_invalid_link_values_are_ignored_with_a_note(env):
    at = _signed_in("admin_bp", index="PAPI", indicator="KHONG_CO")
    assert at.selectbox(key="tasks_filter_index").value == "PAPI"
    assert at.selectbox(key="tasks_filter_indicator").value == ""
    assert at.metric[0].value == str(len(env.list_tasks(ADMIN, BINH_PHUOC, index_code="PAPI")))
    assert any("KHONG_CO" in c.value for c in at.caption)

    # ICT INDEX is not in the catalogue (PCI now is).
    at = _signed_in("admin_bp", index="ICT_INDEX", indicator="D5", province="42")
    assert at.selectbox(key="tasks_filter_index").value == ""
    assert at.metric[0].value == "12"
    notes = " ".join(c.value for c in at.caption)
    assert "ICT_INDEX" in notes and "Liên kết mở cho Hà Tĩnh; tài khoản này chỉ xem nhiệm vụ của Bình Phước" in notes


def test_page_in_english(env):
    at = AppTest.from_file(PAGE, default_timeout=30)
    at.query_params["lang"] = "en"
    at.run()
    assert not at.exception, at.exception
    assert at.title[0].value == "Index improvement tasks"
    assert at.sidebar.subheader[0].value == "Sign in"
    assert [t.label for t in at.sidebar.text_input] == ["Username", "Password"]
    at = _signed_in("admin_bp", lang="en", index="PAPI", indicator="D5")
    assert "Signed in" in at.sidebar.success[0].value
    assert [m.label for m in at.metric] == ["Tasks", "Overdue", "Due this month", "Done"]
    assert at.selectbox(key="tasks_filter_index").label == "Index"
    assert at.selectbox(key="tasks_filter_indicator").label == "Component"
    assert list(at.dataframe[0].value.columns[:4]) == ["ID", "Task", "Lead unit", "Deadline"]
    assert at.dataframe[0].value.iloc[0]["Deadline"] == "Recurring"
    assert "Change log" in at.expander[0].label
    assert at.subheader[0].value == "Update a task"
    page_text = " ".join(e.value for e in [*at.markdown, *at.caption, *at.subheader] if isinstance(e.value, str))
    for vietnamese in ("Nhiệm vụ", "Trạng thái", "Thường xuyên", "hôm nay", "Đăng nhập"):
        assert vietnamese not in page_text


def test_task_text_is_never_rendered_as_markdown(env):
    """A task or unit holding Markdown (a remote image, a data: link) is shown as typed, never fetched."""
    from chiso.ui_tasks import plain

    hostile = "![x](http://example.invalid/a.png) [bấm](data:text/html;base64,PHNjcmlwdD4=)"
    task = env.list_tasks(ADMIN, BINH_PHUOC)[0]
    env.update_task(ADMIN, task.task_id, task.version, text=hostile, lead_unit=hostile)
    at = _signed_in("admin_bp")
    assert any(t.value == hostile for t in at.text)  # st.text: plain
    rendered = [m.value for m in [*at.markdown, *at.caption] if "example" in m.value]
    assert rendered and all(plain(hostile) in m for m in rendered)  # escaped wherever Markdown is used


def test_unit_lists_offer_a_departments_offices_only_named_with_it(tmp_path):
    """Assigning from Điểm yếu (no plan, no department) offered "Văn phòng Sở", "Ban Giám đốc Sở":
    of which Sở? Offices are offered for a task of a department's plan, named with that department."""
    from chiso.ui_tasks import unit_choices
    store = open_store(str(tmp_path / "empty.duckdb"))
    province_wide = unit_choices(store, ADMIN, BINH_PHUOC)
    assert "Sở Nội vụ" in province_wide and "Văn phòng Sở" not in province_wide and "Ban Giám đốc Sở" not in province_wide
    of_a_plan = unit_choices(store, ADMIN, BINH_PHUOC, "Sở Công Thương")
    assert "Văn phòng Sở Công Thương" in of_a_plan and "Thanh tra Sở Công Thương" in of_a_plan
    assert of_a_plan.index("Sở Nội vụ") < of_a_plan.index("Văn phòng Sở Công Thương")


def test_a_body_is_offered_once_by_its_one_name(tmp_path):
    """Giao nhiệm vụ offered both "UBND tỉnh" and "Ủy ban nhân dân tỉnh", and "Các sở, ban, ngành tỉnh",
    "Các sở, ban, ngành" and "Các sở, ngành": one body, chosen one way by one person and another way by
    the next, two rows of the quarter's summary by unit. Each is offered once, by the catalog's name."""
    from chiso.ui_tasks import unit_choices
    store = open_store(str(tmp_path / "empty.duckdb"))
    province_wide = unit_choices(store, ADMIN, BINH_PHUOC)
    assert "UBND tỉnh" in province_wide and "Ủy ban nhân dân tỉnh" not in province_wide
    assert "Các sở, ban, ngành tỉnh" in province_wide
    assert not {"Các sở, ban, ngành", "Các sở, ngành"} & set(province_wide)
    of_a_plan = unit_choices(store, ADMIN, BINH_PHUOC, "Sở Công Thương")
    assert "Ban Giám đốc Sở Công Thương" in of_a_plan and "Ban Giám đốc (Sở Công Thương)" not in of_a_plan
    assert "Các phòng chuyên môn thuộc Sở Công Thương" in of_a_plan and "Các phòng chuyên môn (Sở Công Thương)" \
        not in of_a_plan
    assert len(of_a_plan) == len(set(of_a_plan))


def test_a_units_account_in_a_merged_province_counts_its_own_units_tasks(env):
    """Đồng Nai's Văn phòng Sở, following Bình Phước's plans too, read "Bình Phước (12 nhiệm vụ)" above a
    list of the 8 its unit leads: the whole province's count, read as its own. A unit's account now
    counts its unit's tasks, and the words say whose."""
    import os
    accounts.add_user("vp_dn", "mat-khau-dai", auth.UNIT_EDITOR, "75", "Văn phòng Sở",
                      path=os.environ["CHISO_USERS_FILE"])
    at = _signed_in("vp_dn")
    whose = at.radio(key="tasks_of")
    assert whose.options == ["Bình Phước (8 nhiệm vụ do Văn phòng Sở chủ trì)", "Đồng Nai (0 nhiệm vụ do Văn phòng "
                             "Sở chủ trì)", "Cả 2 tỉnh (8 nhiệm vụ do Văn phòng Sở chủ trì)"], whose.options
    # it opens where its unit's tasks are: Đồng Nai's own plans hold none, and the page said to ask the admin
    # to correct the account's unit
    assert whose.value == "all", whose.value
    assert _signed_in("vp_dn", province="70").metric[0].value == "8"  # the list it opens on: its unit's
    whose.set_value("75").run()  # chosen: an empty list, with no word of a wrong unit
    assert at.radio(key="tasks_of").value == "75" and at.metric[0].value == "0"
    assert not at.warning, [w.value for w in at.warning]


def test_a_body_merged_away_is_not_given_new_work_and_its_task_says_what_it_became(env):
    """Assigning in November 2026 offered Sở Tài nguyên và Môi trường, Sở Giao thông vận tải and the
    districts' People's Committees, none of which exists since 2025, and not Sở Nông nghiệp và Môi
    trường. A task of an earlier plan still names its body as written, and says what it became."""
    import datetime as dt

    from chiso.tasks.units import in_office, unit_ended
    from chiso.ui_tasks import unit_choices
    task = env.list_tasks(ADMIN, BINH_PHUOC)[0]
    env.update_task(ADMIN, task.task_id, task.version, lead_unit="Sở Tài nguyên và Môi trường")
    offered = unit_choices(env, ADMIN, BINH_PHUOC)
    for gone in ("Sở Tài nguyên và Môi trường", "Sở Giao thông vận tải", "Sở Kế hoạch và Đầu tư",
                 "UBND các huyện, thị xã, thành phố"):
        assert gone not in offered, gone
    assert "Sở Nông nghiệp và Môi trường" in offered and "Sở Xây dựng" in offered
    # on a date before the merger, the old bodies were in office and the new one was not yet
    assert in_office("Sở Tài nguyên và Môi trường", dt.date(2025, 2, 28))
    assert not in_office("Sở Nông nghiệp và Môi trường", dt.date(2025, 2, 28))
    assert unit_ended("Sở Giao thông vận tải").successor == "Sở Xây dựng"
    assert unit_ended("Văn phòng Sở Công Thương") is None  # not in the catalog: as written
    at = _signed_in("admin_bp")
    at.selectbox(key="task_pick").set_value(task.task_id).run()
    assert at.selectbox(key=f"lead-{task.task_id}").value == "Sở Tài nguyên và Môi trường"
    said = " ".join(c.value for c in at.caption)
    assert "Sở Tài nguyên và Môi trường: đến 28/02/2025; nay là Sở Nông nghiệp và Môi trường" in said, said
    # the list and the quarter's summary by unit say who answers for it now (the report too: test_report)
    now = "Sở Tài nguyên và Môi trường (nay là Sở Nông nghiệp và Môi trường)"
    assert now in list(at.dataframe[0].value["Đơn vị chủ trì"]), at.dataframe[0].value["Đơn vị chủ trì"]
    assert any(now in t.value.index for t in at.table), [list(t.value.index) for t in at.table]


def test_the_body_that_took_a_merged_units_work_updates_its_tasks(env):
    """The report to UBND tỉnh says a task of Sở Tài nguyên và Môi trường is now Sở Nông nghiệp và Môi
    trường's, but that department's account could not update it, nor find it under its own name in the
    unit filter: it answers for the tasks of the bodies merged into it (`auth.answers_for`)."""
    import os

    from chiso.auth import PermissionDenied, User
    task = env.list_tasks(ADMIN, BINH_PHUOC)[0]
    env.update_task(ADMIN, task.task_id, task.version, lead_unit="Sở Tài nguyên và Môi trường")
    accounts.add_user("nnmt_bp", "mat-khau-dai", auth.UNIT_EDITOR, BINH_PHUOC, "Sở Nông nghiệp và Môi trường",
                      path=os.environ["CHISO_USERS_FILE"])
    at = _signed_in("nnmt_bp")
    assert at.selectbox[0].value == "Sở Nông nghiệp và Môi trường" and at.metric[0].value == "1"
    assert [o.split(" · ")[0] for o in at.selectbox(key="task_pick").options] == [task.task_id]
    assert not at.warning, [w.value for w in at.warning]
    lead = "Chủ trì: Sở Tài nguyên và Môi trường (nay là Sở Nông nghiệp và Môi trường) ·"
    assert any(lead in c.value.replace("\\", "") for c in at.caption), \
        [c.value for c in at.caption]  # (typed text: Markdown escaped, `ui_tasks.plain`)
    nnmt = User("nnmt_bp", auth.UNIT_EDITOR, BINH_PHUOC, unit="Sở Nông nghiệp và Môi trường")
    current = env.get_task(ADMIN, task.task_id)
    assert env.update_task(nnmt, task.task_id, current.version, status="in_progress").status == "in_progress"
    # another department still may not, and the filter of the old name lists the task too
    with pytest.raises(PermissionDenied):
        env.update_task(User("xd_bp", auth.UNIT_EDITOR, BINH_PHUOC, unit="Sở Xây dựng"), task.task_id,
                        current.version + 1, status="done")
    assert [t.task_id for t in env.list_tasks(ADMIN, BINH_PHUOC, unit="Sở Tài nguyên và Môi trường")] == [task.task_id]


def test_a_unit_account_starts_on_its_own_units_tasks(env):
    """A unit's account opened the list of every unit's tasks, and looked for its own among them:
    it starts filtered to its unit (the tasks it may update); an admin starts on all units."""
    at = _signed_in("vp_bp")
    unit_filter = at.selectbox[0]
    assert unit_filter.value == "Văn phòng Sở", unit_filter.value
    mine = [t for t in env.list_tasks(ADMIN, BINH_PHUOC) if t.lead_unit == "Văn phòng Sở"]
    assert 0 < len(mine) < 12 and at.metric[0].value == str(len(mine))
    assert _signed_in("admin_bp").selectbox[0].value == ""
    # an account whose unit was typed without diacritics (made before `users add` wrote it as the tasks
    # do) updates that unit's tasks (auth.same_unit) and starts on them too
    import os
    accounts.add_user("vp_ascii", "mat-khau-dai", auth.UNIT_EDITOR, BINH_PHUOC, "van phong so",
                  path=os.environ["CHISO_USERS_FILE"])
    assert _signed_in("vp_ascii").selectbox[0].value == "Văn phòng Sở"


def test_a_unit_typed_without_diacritics_is_read_against_the_lists_labels(monkeypatch):
    """The unit and component filters searched as Streamlit does, with diacritics: "van phong so"
    found nothing. What `ui.typed_selectbox` does with a text typed and entered (AppTest cannot type
    into a list; the browser test types into Xếp hạng's): the option whose label it is, else the one
    label holding it; a text in none or several leaves the choice the list showed, and says so."""
    from chiso import ui
    state, toasts = {}, []
    monkeypatch.setattr(ui.st, "session_state", state)
    monkeypatch.setattr(ui.st, "toast", toasts.append)
    units = ["", "Sở Nội vụ", "Văn phòng Sở Công Thương", "Văn phòng Sở Ngoại vụ"]
    label = lambda u: u or "Tất cả đơn vị"  # noqa: E731

    def typed(text: str, shown: str = "") -> str:
        state.update({"unit": text, "_unit_shown": shown})
        ui._typed_choice("unit", units, label, "")
        return state["unit"]

    assert typed("so noi vu") == "Sở Nội vụ"
    assert typed("VAN PHONG SO CONG THUONG") == "Văn phòng Sở Công Thương"
    assert typed("ngoai vu") == "Văn phòng Sở Ngoại vụ"  # held by one label only
    assert typed("tat ca") == ""
    with use("vi"):
        assert typed("van phong", shown="Sở Nội vụ") == "Sở Nội vụ" and "có trong 2 mục" in toasts[-1]
        assert typed("so tu phap", shown="Sở Nội vụ") == "Sở Nội vụ" and "Không có mục nào là “so tu phap”" in toasts[-1]
    assert typed("Sở Nội vụ", shown="") == "Sở Nội vụ" and len(toasts) == 2  # an option: left as chosen
    assert typed("  ", shown="Sở Nội vụ") == "Sở Nội vụ" and len(toasts) == 2  # emptied: the choice shown, quietly


def test_the_task_list_marks_overdue_as_every_other_place_does(env):
    """Nhiệm vụ wrote "Chưa thực hiện · QUÁ HẠN" where Điểm yếu, the deck and the quarterly report
    write "Chưa thực hiện — QUÁ HẠN" (chiso.tasks.status_text): one wording."""
    env.import_rows(ADMIN, BINH_PHUOC, [row("Niêm yết thủ tục hành chính tại xã", deadline="31/12/2023")])
    at = _signed_in("admin_bp")
    table = at.dataframe[0].value
    table = table.data if hasattr(table, "data") else table  # a Styler (the rows' colours)
    late = [t for t in env.list_tasks(ADMIN, BINH_PHUOC) if t.is_overdue()]
    assert late
    shown = dict(zip(table["Mã"], table["Trạng thái"]))
    assert all(shown[t.task_id].endswith(" — QUÁ HẠN") for t in late), shown
    assert not any("· QUÁ HẠN" in s for s in shown.values()), shown


def test_an_excel_97_2003_task_list_is_told_how_to_become_an_xlsx(env):
    """A task list saved as .xls was refused by the upload box in Streamlit's words (a MIME type); it is
    taken, and the import says how to make the .xlsx it reads. Nothing is imported."""
    at = _signed_in("admin_bp")
    uploader = at.file_uploader[0]
    assert ".xls" in uploader.proto.type, uploader.proto.type
    uploader.upload("nhiem_vu.xls", b"\xd0\xcf\x11\xe0\xa1\xb1\x1a\xe1" + bytes(512), "application/vnd.ms-excel").run()
    next(b for b in at.button if b.label == "Nhập vào kho nhiệm vụ").click().run()
    assert not at.exception, at.exception
    said = " ".join(e.value for e in at.error)
    assert "không đọc được sổ tính Excel 97–2003 (.xls): mở bằng Excel hoặc LibreOffice, lưu thành .xlsx" in said, said
    assert len(env.list_tasks(ADMIN, BINH_PHUOC)) == 12


def test_an_account_removed_while_signed_in_is_signed_out_at_its_next_page(env):
    """The session kept the account it signed in as: someone removed with `chiso users remove` (or
    reset to a viewer) kept editing until they closed the tab."""
    at = _signed_in("vp_bp")
    assert [c.value for c in at.sidebar.caption] == [auth.role_label(auth.UNIT_EDITOR) + " · Văn phòng Sở"]
    accounts.change_account("vp_bp", role=auth.VIEWER)  # on Tài khoản, or by the server's operator
    at.run()
    assert [c.value for c in at.sidebar.caption] == [auth.role_label(auth.VIEWER)]  # the new role, at once
    accounts.remove_user("vp_bp")
    at.run()
    assert not at.exception, at.exception
    assert any("Đăng nhập" in i.value for i in at.info), [i.value for i in at.info]


def test_the_change_log_reads_as_the_page_speaks(env):
    """Who changed what, in words: "Trạng thái: Chưa thực hiện → Đang thực hiện", a deadline as
    dd/mm/yyyy, a role by its name, an account by its name; never field codes such as progress_note."""
    import datetime as dt

    task = env.list_tasks(ADMIN, BINH_PHUOC)[0]
    env.update_task(ADMIN, task.task_id, task.version, status="in_progress", progress_note="Đã họp triển khai",
                    recurring=False, due_date=dt.date(2026, 12, 31))
    accounts.change_account("xem_bp", role=auth.UNIT_EDITOR, unit="Văn phòng Sở", actor=ADMIN, store=env)
    at = _signed_in("admin_bp")
    log = at.dataframe[-1].value
    changed = log[log["Mã nhiệm vụ"] == task.task_id]["Thay đổi"].iloc[0]
    assert "Trạng thái: Chưa thực hiện → Đang thực hiện" in changed
    assert "Thời hạn: ∅ → 31/12/2026" in changed and "Thường xuyên: có → không" in changed
    assert "progress_note" not in changed and "Đã họp triển khai" in changed
    account = log[log["Mã nhiệm vụ"] == "tài khoản xem_bp"]
    assert account["Thao tác"].iloc[0] == "Sửa tài khoản"
    assert "Vai trò: Xem nhiệm vụ của tỉnh → Cập nhật nhiệm vụ do đơn vị mình chủ trì" in account["Thay đổi"].iloc[0]


def test_the_change_log_shows_one_tasks_history_when_a_task_is_chosen(env):
    """The change log listed the province's newest 300 changes, every task mixed: following one task's
    history meant reading them all. Choosing the task lists its own changes, assignment first-to-last."""
    tasks = env.list_tasks(ADMIN, BINH_PHUOC)
    followed, other = tasks[0], tasks[1]
    env.update_task(ADMIN, followed.task_id, followed.version, status="in_progress", progress_note="Đã họp triển khai")
    env.update_task(ADMIN, other.task_id, other.version, status="in_progress")
    at = _signed_in("admin_bp")
    log = at.selectbox(key="log_task")
    assert log.label == "Xem thay đổi của" and log.value == ""
    every = at.dataframe[-1].value
    assert set(every["Mã nhiệm vụ"]) >= {followed.task_id, other.task_id} and len(every) == 14
    log.set_value(followed.task_id).run()
    assert not at.exception, at.exception
    own = at.dataframe[-1].value
    assert set(own["Mã nhiệm vụ"]) == {followed.task_id}
    assert list(own["Thao tác"]) == ["Cập nhật", "Nhập mới"]  # newest first
    assert "Đã họp triển khai" in own["Thay đổi"].iloc[0]


def test_a_unit_account_whose_unit_leads_no_task_is_told_why_and_whom_to_ask(env, monkeypatch):
    """Made for "Văn phòng Sở Công Thương" while the list names the office "Văn phòng Sở", the account
    read "your account may only read the tasks shown" and no more: its holder could not tell why
    nothing was theirs, nor that the unit of the account is the admin's to correct."""
    import os
    from pathlib import Path
    accounts.add_user("vp_sct", "mat-khau-dai", auth.UNIT_EDITOR, BINH_PHUOC, "Văn phòng Sở Công Thương",
                      path=Path(os.environ["CHISO_USERS_FILE"]))
    at = _signed_in("vp_sct")
    said = " ".join(w.value for w in at.warning)
    assert "Không có nhiệm vụ nào của Bình Phước do 'Văn phòng Sở Công Thương'" in said, said
    assert "Tên gần nhất: 'Văn phòng Sở'" in said and "nhờ quản trị của tỉnh" in said, said
    at = _signed_in("vp_bp")  # a unit that leads tasks is told nothing of the kind
    assert not any("Không có nhiệm vụ nào" in w.value for w in at.warning)


def test_where_the_tasks_are_kept_is_shown_to_the_admin_only(env):
    """Every signed-in unit read the server's file path (or database host) under the title."""
    admin_text = " ".join(c.value for c in _signed_in("admin_bp").caption)
    assert "kho: DuckDB" in admin_text
    for username in ("vp_bp", "xem_bp"):
        captions = [c.value for c in _signed_in(username).caption]
        assert "Bình Phước · hôm nay" in " ".join(captions) and not any("kho:" in c for c in captions), captions


def test_a_province_without_tasks_is_told_how_they_come_not_that_a_filter_hides_them(env):
    """With no task yet and no filter chosen, the list said "Không có nhiệm vụ nào khớp bộ lọc": the box
    "Kể cả nhiệm vụ liên kết chung", ticked by default (and disabled until a component is chosen), was
    counted as a filter."""
    import os
    accounts.add_user("admin_ht", "mat-khau-dai", auth.PROVINCE_ADMIN, "42", path=os.environ["CHISO_USERS_FILE"])
    at = _signed_in("admin_ht")
    said = [i.value for i in at.info]
    assert any(s.startswith("Tỉnh chưa có nhiệm vụ nào.") and s.endswith("từ trang Điểm yếu.") for s in said), said
    # in English, the page as the English sidebar names it (it said "assigns them from Điểm yếu")
    said = [i.value for i in _signed_in("admin_ht", lang="en").info]
    assert any(s.startswith("The province has no tasks yet.") and s.endswith("from Weak components.")
               for s in said), said
    at.checkbox[0].check().run()  # a filter chosen: "Chỉ nhiệm vụ quá hạn"
    assert any(i.value == "Không có nhiệm vụ nào khớp bộ lọc." for i in at.info), [i.value for i in at.info]
