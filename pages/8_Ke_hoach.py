"""Nhập kế hoạch (plan import): upload a Kế hoạch, review the proposed tasks and their index links, save them.

Presentation only: reading the plan is `chiso.plans.parse_plan`, the template is
`chiso.plans.template`, saving is the task store's `import_rows` (which checks the user's role),
sign-in is `chiso.ui_auth`. The review table keeps the template's Vietnamese column names (the
rows are saved by them); in English only the headings shown change.
"""
from __future__ import annotations

import pandas as pd
import streamlit as st

from chiso import fmt, frame, ui
from chiso.auth import PermissionDenied
from chiso.errors import ChisoError
from chiso.i18n import _
from chiso.plans import template
from chiso.plans.extract import ACCEPTED, MAX_BYTES
from chiso.plans.worker import may_parse_plans, parse_bounded, prestart
from chiso.tasks import open_store

ctx = frame.context()
lang = ctx.lang


def tr(vi: str, en: str) -> str:
    return ui.t(lang, vi, en)


UNREAD = tr("chưa đọc được", "not read")
KEYWORDS = "Từ khoá liên kết"  # a review column of this page only: the words that suggested each link
# The template's headers as shown in English (the table keeps the Vietnamese names underneath).
HEADERS_EN = {
    "Mã nhiệm vụ": "Task ID", "Số kế hoạch": "Plan number", "Cơ quan ban hành": "Issuer", "Ngày ban hành": "Plan date",
    "Nội dung nhiệm vụ": "Task", "Đơn vị chủ trì": "Lead unit", "Đơn vị phối hợp": "Partner units",
    "Thời hạn": "Deadline", "Kỳ báo cáo": "Reporting period", "Chỉ tiêu": "Target", "Liên kết chỉ số": "Index links",
    "Trạng thái": "Status", "Ghi chú tiến độ": "Progress note", "Nguồn": "Source", KEYWORDS: "Link keywords",
}


def heading(column: str) -> str | None:
    """The column heading shown: the template's own in Vietnamese, its translation in English."""
    return None if lang == "vi" else HEADERS_EN.get(column, column)


st.title(tr("Nhập kế hoạch", "Plan import"))
st.caption(tr("Đọc kế hoạch (Kế hoạch) của cơ quan, đơn vị và đề xuất nhiệm vụ, liên kết tới chỉ số thành phần.",
              "Read a plan (Kế hoạch) and propose its tasks, linked to index components."))
user = ctx.user
# Reading a plan costs the server memory and time: signed-in editors only (i15: hardening).
if not may_parse_plans(user):
    st.info(_("Sign in (sidebar) as a unit editor or a province admin to read a plan."))
    st.stop()
prestart()

size_mb = MAX_BYTES // 1048576
st.markdown(tr(
    f"Tải lên kế hoạch của cơ quan, đơn vị (Word **.docx**, **.pdf** — kể cả bản quét —, **.txt**, **.md**; "
    f"tối đa {size_mb} MB). Hệ thống đề xuất danh sách nhiệm vụ, đơn vị chủ trì, thời hạn và liên kết tới chỉ số "
    f"thành phần. **Hãy kiểm tra và sửa trước khi lưu**: đây là đề xuất, không phải kết quả cuối cùng.",
    f"Upload a plan of a department or unit (Word **.docx**, **.pdf** — scans too —, **.txt**, **.md**; "
    f"at most {size_mb} MB). chiso proposes the tasks, lead units, deadlines and links to index components. "
    f"**Check and correct them before saving**: this is a proposal, not the final list."))

upload = st.file_uploader(tr("Tệp kế hoạch", "Plan file"), type=[s.lstrip(".") for s in ACCEPTED],
                          accept_multiple_files=False)
if upload is None:
    st.stop()

data = upload.getvalue()
if len(data) > MAX_BYTES:
    st.error(tr(f"Tệp lớn hơn {size_mb} MB. Hãy tách tệp hoặc giảm độ phân giải bản quét.",
                f"The file is larger than {size_mb} MB. Split it or scan at a lower resolution."))
    st.stop()


@st.cache_data(show_spinner=False, max_entries=8)
def _parse(content: bytes, name: str) -> dict:
    plan = parse_bounded(content, name)  # in a child process with memory and time limits
    return {"plan": plan.to_dict(), "rows": template.tasks_to_rows(plan),
            "triggers": [" | ".join(f"{l.code}: {', '.join(l.triggers)}" for l in t.links) for t in plan.tasks]}


try:
    with st.spinner(tr("Đang đọc kế hoạch (bản quét có thể mất vài phút)…",
                       "Reading the plan (a scan may take a few minutes)…")):
        parsed = _parse(data, upload.name)
except ChisoError as exc:
    st.error(str(exc) if lang == "vi" else f"Cannot read the plan: {exc}")
    st.stop()

plan = parsed["plan"]
c1, c2, c3, c4 = st.columns(4)
c1.metric(tr("Cơ quan ban hành", "Issuer"), plan["issuer"] or UNREAD)
c2.metric(tr("Số kế hoạch", "Plan number"), plan["number"] or UNREAD)
c3.metric(tr("Ngày ban hành", "Date issued"), fmt.date(plan["date"], lang) if plan["date"] else (plan["date_text"] or UNREAD))
c4.metric(tr("Số nhiệm vụ đề xuất", "Tasks proposed"), len(plan["tasks"]))
if plan["title"]:
    st.markdown(f"**{tr('Tiêu đề', 'Title')}:** {plan['title']}")
st.markdown(f"**{tr('Chỉ số được nêu', 'Indices named')}:** {', '.join(plan['indices']) or tr('không có', 'none')}")
if plan["warnings"] and lang != "vi":
    st.caption("Notes from the plan reader (in Vietnamese):")
for w in plan["warnings"]:
    st.warning(w)

st.subheader(tr("Nhiệm vụ đề xuất", "Proposed tasks"))
st.caption(tr("Sửa trực tiếp trong bảng; thêm hoặc xoá dòng nếu cần. Cột «Từ khoá liên kết» cho biết từ ngữ nào "
              "trong văn bản đã gợi ý liên kết chỉ số (chỉ để tham khảo, không được lưu).",
              "Edit in the table; add or delete rows as needed. The «Link keywords» column shows which words of the "
              "plan suggested each index link (for reference only, not saved). Deadlines, reporting periods and "
              "statuses are written as the Vietnamese task template has them (e.g. «Thường xuyên» = recurring)."))
table = pd.DataFrame(parsed["rows"], columns=list(template.HEADERS))
table.insert(table.columns.get_loc("Liên kết chỉ số") + 1, KEYWORDS, parsed["triggers"])
shown = table.drop(columns=["Mã nhiệm vụ", "Trạng thái", "Ghi chú tiến độ"])
column_config = {c: st.column_config.TextColumn(heading(c)) for c in shown.columns}
column_config.update({
    "Nội dung nhiệm vụ": st.column_config.TextColumn(heading("Nội dung nhiệm vụ"), width="large", required=True),
    KEYWORDS: st.column_config.TextColumn(heading(KEYWORDS), disabled=True),
    "Thời hạn": st.column_config.TextColumn(heading("Thời hạn"),
                                            help=tr("dd/mm/yyyy hoặc «Thường xuyên»", "dd/mm/yyyy or «Thường xuyên» (recurring)")),
    "Liên kết chỉ số": st.column_config.TextColumn(
        heading("Liên kết chỉ số"),
        help=tr("INDEX hoặc INDEX:INDICATOR, cách nhau bởi «; », ví dụ PAPI:D2_POVERTY; SIPAS",
                "INDEX or INDEX:INDICATOR, separated by «; », e.g. PAPI:D2_POVERTY; SIPAS")),
})
edited = st.data_editor(shown, num_rows="dynamic", width="stretch", hide_index=True, column_config=column_config,
                        key=f"editor-{upload.name}-{len(data)}")
rows = [{h: ("" if pd.isna(r.get(h)) else str(r.get(h, ""))) for h in template.HEADERS}
        for r in edited.to_dict("records")]
rows = [r for r in rows if r["Nội dung nhiệm vụ"].strip()]


def save_to_task_store(rows: list[dict], source_name: str) -> str:
    """Save the reviewed rows through the task store (`import_rows`: province admins only, all or
    nothing; the store checks the role). The user is the one signed in on the sidebar."""
    result = open_store().import_rows(user, user.province_code, rows, source_name)
    return tr(f"Đã lưu {result.created} nhiệm vụ mới, cập nhật {result.updated} nhiệm vụ.",
              f"Saved {result.created} new tasks, updated {result.updated}.")


st.divider()
left, right = st.columns(2)
with left:
    if st.button(tr("Lưu vào danh sách nhiệm vụ", "Save to the task list"), type="primary", disabled=not rows):
        if user is None:
            st.warning(tr("Đăng nhập (thanh bên trái) với quyền quản trị của tỉnh để lưu nhiệm vụ.",
                          "Sign in (sidebar) as a province admin to save the tasks."))
        else:
            try:
                message = save_to_task_store(rows, upload.name)
            except (PermissionDenied, ChisoError) as exc:
                st.error(str(exc) if lang == "vi" else f"Not saved: {exc}")
            else:
                st.success(message)
    st.caption(tr("Lưu: dành cho quản trị của tỉnh; cả danh sách hoặc không dòng nào.",
                  "Saving: province admins only; the whole list or no row."))
with right:
    st.download_button(tr("Tải danh sách theo mẫu (XLSX)", "Download the list in the task template (XLSX)"),
                       template.xlsx_bytes(rows),
                       file_name=f"nhiem_vu_{upload.name.rsplit('.', 1)[0]}.xlsx",
                       mime="application/vnd.openxmlformats-officedocument.spreadsheetml.sheet", disabled=not rows)
    st.caption(tr("Tệp XLSX nhập lại được ở trang Nhiệm vụ.", "The XLSX file can be imported on the Tasks page."))
