"""The Nhập kế hoạch page driven like a user (Streamlit AppTest): upload a plan, review, save it to
the task store (signed in on the page's sidebar), in Vietnamese and in English."""
from __future__ import annotations

import pytest
from streamlit.testing.v1 import AppTest

from chiso import accounts, auth, paths
from chiso.tasks import open_store
from task_fixtures import ADMIN, BINH_PHUOC

PAGE = str(paths.ROOT / "pages" / "8_Ke_hoach.py")

PLAN = """ỦY BAN NHÂN DÂN TỈNH X      CỘNG HÒA XÃ HỘI CHỦ NGHĨA VIỆT NAM
SỞ TƯ PHÁP                  Độc lập - Tự do - Hạnh phúc
Số: 12/KH-STP               X, ngày 05 tháng 3 năm 2024

KẾ HOẠCH
Nâng cao Chỉ số PAPI năm 2024

II. NHIỆM VỤ VÀ GIẢI PHÁP
1. Phòng Hành chính tư pháp
- Công khai danh sách hộ nghèo tại trụ sở xã, hoàn thành trước 30/6/2024.
- Đẩy mạnh dịch vụ công trực tuyến đối với thủ tục chứng thực.
2. Thanh tra Sở
Giải quyết dứt điểm các vụ việc khiếu nại, tố cáo
của người dân, không để tồn đọng; thực hiện thường xuyên.

Trên đây là Kế hoạch nâng cao Chỉ số PAPI năm 2024 của Sở Tư pháp./.
""".encode("utf-8")


@pytest.fixture
def env(tmp_path, monkeypatch, built_db):  # built_db: ui.setup finds a database and builds none
    users = tmp_path / "users.toml"
    accounts.add_user("admin_bp", "mat-khau-dai", auth.PROVINCE_ADMIN, BINH_PHUOC, path=users)
    url = str(tmp_path / "tasks.duckdb")
    monkeypatch.setenv("CHISO_USERS_FILE", str(users))
    monkeypatch.setenv("CHISO_TASKS_URL", url)
    return open_store(url)


def _uploaded(lang: str | None = None, plan: bytes = PLAN, name: str = "kehoach.txt",
              account: tuple[str, str] = ("admin_bp", "mat-khau-dai")) -> AppTest:
    at = AppTest.from_file(PAGE, default_timeout=60)
    if lang:
        at.query_params["lang"] = lang
    at.run()
    assert not at.exception, at.exception
    # Signed out, nothing is read: the upload box is not even offered (reading costs the server).
    assert not at.file_uploader
    assert at.info and ("Đăng nhập" in at.info[0].value or "Sign in" in at.info[0].value)
    at.text_input(key="chiso_username").input(account[0])
    at.text_input(key="chiso_password").input(account[1])
    at.sidebar.button[0].click().run()
    assert not at.exception, at.exception
    at.file_uploader[0].upload(name, plan, "text/plain").run()
    assert not at.exception, at.exception
    return at


def _button(at: AppTest, label: str):
    return next(b for b in at.button if b.label == label)


def test_upload_review_and_save_in_vietnamese(env):
    at = _uploaded()
    assert at.title[0].value == "Nhập kế hoạch"
    assert "**Cơ quan ban hành:** Sở Tư pháp" in [m.value for m in at.markdown]
    assert [m.value for m in at.metric] == ["12/KH-STP", "05/03/2024", "3"]
    remarks = [w.value.replace("\\", "") for w in at.warning]  # Vietnamese only (an English gloss once followed)
    assert remarks == ["1 nhiệm vụ không ghi thời hạn: tạm lấy hết kỳ kế hoạch 31/12/2024 (theo kỳ kế hoạch), "
                       "cần kiểm tra"], remarks
    assert env.list_tasks(ADMIN, BINH_PHUOC) == []
    # Signed in on this page's sidebar as the province admin: the three tasks are saved.
    _button(at, "Lưu vào danh sách nhiệm vụ").click().run()
    assert any("Đã lưu 3 nhiệm vụ mới" in s.value for s in at.success)
    saved = env.list_tasks(ADMIN, BINH_PHUOC)
    assert len(saved) == 3 and {t.lead_unit for t in saved} == {"Phòng Hành chính tư pháp", "Thanh tra Sở Tư pháp"}
    # saved again: said as nothing new, not "Đã lưu 0 nhiệm vụ mới, cập nhật 0 nhiệm vụ"
    _button(at, "Lưu vào danh sách nhiệm vụ").click().run()
    said = [s.value for s in at.success]
    assert "Không có nhiệm vụ mới để lưu. Đã có trong danh sách, không thêm lần nữa: 3." in said, said
    assert len(env.list_tasks(ADMIN, BINH_PHUOC)) == 3


def test_a_task_listed_twice_is_saved_once_and_named_by_the_grids_rows(env):
    """A plan that lists one task twice: saved once, and the note names the rows as the review grid
    shows them from its first row ("dòng 3 (= dòng 2)"), not as a spreadsheet with a header row would."""
    line = "- Đẩy mạnh dịch vụ công trực tuyến đối với thủ tục chứng thực.\n".encode("utf-8")
    at = _uploaded(plan=PLAN.replace(line, line + line))
    assert [m.value for m in at.metric][2] == "4"
    assert at.dataframe[0].value.index.tolist() == [1, 2, 3, 4]  # the grid shows the rows' numbers
    _button(at, "Lưu vào danh sách nhiệm vụ").click().run()
    said = next(s.value for s in at.success if "Đã lưu" in s.value)
    assert "Đã lưu 3 nhiệm vụ mới" in said and "dòng 3 (= dòng 2)" in said, said
    assert len(env.list_tasks(ADMIN, BINH_PHUOC)) == 3


def test_the_indices_a_plan_names_are_said_by_their_names_not_their_codes(env):
    """"PAR INDEX", as every page and the sidebar name it: its code PAR_INDEX is the store's."""
    plan = PLAN.replace("Nâng cao Chỉ số PAPI năm 2024\n".encode("utf-8"),
                        "Nâng cao Chỉ số PAPI và Chỉ số cải cách hành chính năm 2024\n".encode("utf-8"))
    said = " ".join(c.value for c in _uploaded("en", plan=plan).caption)
    assert "Indices named: PAPI, PAR INDEX" in said or "Indices named: PAR INDEX, PAPI" in said, said
    assert "PAR_INDEX" not in said


def test_page_in_english(env):
    at = _uploaded("en")
    assert at.title[0].value == "Plan import"
    assert at.file_uploader[0].label == "Plan file"
    assert "**Issuer:** Sở Tư pháp" in [m.value for m in at.markdown]
    assert [m.label for m in at.metric] == ["Plan number", "Date issued", "Tasks proposed"]
    assert at.metric[1].value == "05/03/2024"
    assert at.subheader[0].value == "Proposed tasks"
    assert {b.label for b in at.button} >= {"Save to the task list"}
    assert "Indices named" in " ".join(c.value for c in at.caption)
    # The review grid: text, lead unit, deadline, links first; rows to check flagged.
    grid = at.dataframe[0].value
    assert list(grid.columns[:5]) == ["Nội dung nhiệm vụ", "Đơn vị chủ trì", "Thời hạn", "Liên kết chỉ số",
                                      "Cần kiểm tra"]
    # The plan (SYNTHETIC, PAPI năm 2024) states one deadline; the others take the period end, marked.
    assert list(grid["Thời hạn"]) == ["30/06/2024", "31/12/2024 (theo kỳ kế hoạch)", "Thường xuyên"]
    assert grid["Cần kiểm tra"].iloc[1] == "deadline from the plan's period (the text states none)"
    # the reader's remarks in English, though the same file was read (and cached) for a Vietnamese page
    assert [w.value.replace("\\", "") for w in at.warning] == [
        "Tasks stating no deadline: 1. Each is given the end of the plan's period, 31/12/2024 (theo kỳ kế hoạch): "
        "check them"]


def test_a_plan_of_another_province_is_saved_only_when_the_user_says_so(env):
    """A Bình Phước admin uploading Khánh Hòa's plan (kept as an example) saved its tasks as Bình
    Phước's without a word. The plan's letterhead and place-date line name its province: the page
    says so, and saves only once the user ticks that it is meant."""
    other = PLAN.replace("TỈNH X".encode(), "TỈNH KHÁNH HÒA".encode()).replace("X, ngày".encode(), "Khánh Hòa, ngày".encode())
    at = _uploaded(plan=other)
    said = [w.value for w in at.warning]
    assert any("do cơ quan của Khánh Hòa ban hành, không phải Bình Phước" in w for w in said), said
    assert _button(at, "Lưu vào danh sách nhiệm vụ").disabled
    at.checkbox(key="plan_elsewhere_ok").check().run()
    _button(at, "Lưu vào danh sách nhiệm vụ").click().run()
    assert len(env.list_tasks(ADMIN, BINH_PHUOC)) == 3
    # its own province's plan, or one naming none, is saved as before
    own = PLAN.replace("TỈNH X".encode(), "TỈNH BÌNH PHƯỚC".encode())
    assert not any("không phải" in w.value for w in _uploaded(plan=own).warning)


def test_a_former_provinces_plan_joins_its_tasks_when_the_department_it_became_part_of_uploads_it(env, tmp_path):
    """Đồng Nai's Sở Nội vụ uploading a plan of Bình Phước (one province with Đồng Nai since 1 July
    2025) was told the plan "was issued in Bình Phước, not in Đồng Nai" and, ticked, saved its tasks
    under Đồng Nai, apart from Bình Phước's earlier tasks, its Điểm yếu links and its quarterly report.
    They join Bình Phước's tasks, and the page says where."""
    accounts.add_user("admin_dn", "mat-khau-dong-nai", auth.PROVINCE_ADMIN, "75", path=tmp_path / "users.toml")
    binh_phuoc = PLAN.replace("TỈNH X".encode(), "TỈNH BÌNH PHƯỚC".encode()).replace("X, ngày".encode(),
                                                                                    "Bình Phước, ngày".encode())
    at = _uploaded(plan=binh_phuoc, account=("admin_dn", "mat-khau-dong-nai"))
    assert not any("không phải" in w.value for w in at.warning), [w.value for w in at.warning]
    # where they will go is said before the save, not only after it
    assert "Khi lưu, các nhiệm vụ được xếp vào nhiệm vụ theo các kế hoạch của Bình Phước." in \
        [c.value for c in at.caption]
    _button(at, "Lưu vào danh sách nhiệm vụ").click().run()
    assert at.success[0].value == ("Đã lưu 3 nhiệm vụ mới, cập nhật 0 nhiệm vụ. Đã xếp vào nhiệm vụ theo các kế "
                                   "hoạch của Bình Phước."), [s.value for s in at.success]
    dong_nai = auth.User("admin_dn", auth.PROVINCE_ADMIN, "75")
    assert len(env.list_tasks(dong_nai, BINH_PHUOC)) == 3 and not env.list_tasks(dong_nai, "75")
    # and a link to Nhiệm vụ on them (a page run alone has no page to link to: its label is a caption;
    # test_browser_weakness follows it)
    assert "Xem các nhiệm vụ này ở trang Nhiệm vụ (kế hoạch của Bình Phước) →" in [c.value for c in at.caption]
    # a plan of Tây Ninh (its own department) is still another province's
    tay_ninh = PLAN.replace("TỈNH X".encode(), "TỈNH TÂY NINH".encode())
    said = [w.value for w in _uploaded(plan=tay_ninh, account=("admin_dn", "mat-khau-dong-nai")).warning]
    assert any("không phải Đồng Nai" in w for w in said), said


def test_a_word_97_2003_plan_is_told_how_to_become_a_docx(env):
    """Many provinces' plans are .doc files: the upload box refused them with Streamlit's words about a
    MIME type. It takes them, and says how to make the .docx it reads."""
    at = _uploaded(plan=b"\xd0\xcf\x11\xe0\xa1\xb1\x1a\xe1" + bytes(512), name="ke_hoach.doc")
    assert ".doc" in at.file_uploader[0].proto.type, at.file_uploader[0].proto.type
    assert [e.value for e in at.error] == ["Không đọc được kế hoạch: tệp ke_hoach.doc: không đọc được văn bản Word "
                                           "97–2003 (.doc): mở bằng Word hoặc LibreOffice, lưu thành .docx rồi đọc "
                                           "tệp đó"], [e.value for e in at.error]
