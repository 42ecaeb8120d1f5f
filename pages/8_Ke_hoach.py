"""Nhập kế hoạch (plan import): upload a Kế hoạch, review the proposed tasks and their index links, save them.

Presentation only: reading the plan is `chiso.plans.parse_plan`, the template is
`chiso.plans.template`, saving is the task store's `import_rows`.
"""
from __future__ import annotations

import pandas as pd
import streamlit as st

from chiso.errors import ChisoError
from chiso.plans import parse_plan
from chiso.plans import template
from chiso.plans.extract import ACCEPTED, MAX_BYTES

st.set_page_config(page_title="Nhập kế hoạch", layout="wide")
st.title("Nhập kế hoạch")
st.caption("Plan import: read a plan (Kế hoạch) and propose its tasks, linked to index components.")

st.markdown(
    "Tải lên kế hoạch của cơ quan, đơn vị (Word **.docx**, **.pdf** — kể cả bản quét —, **.txt**, **.md**; tối đa 10 MB). "
    "Hệ thống đề xuất danh sách nhiệm vụ, đơn vị chủ trì, thời hạn và liên kết tới chỉ số thành phần. "
    "**Hãy kiểm tra và sửa trước khi lưu**: đây là đề xuất, không phải kết quả cuối cùng.")

upload = st.file_uploader("Tệp kế hoạch", type=[s.lstrip(".") for s in ACCEPTED], accept_multiple_files=False)
if upload is None:
    st.stop()

data = upload.getvalue()
if len(data) > MAX_BYTES:
    st.error("Tệp lớn hơn 10 MB. Hãy tách tệp hoặc giảm độ phân giải bản quét.")
    st.stop()


@st.cache_data(show_spinner=False, max_entries=8)
def _parse(content: bytes, name: str) -> dict:
    plan = parse_plan(content, name)
    return {"plan": plan.to_dict(), "rows": template.tasks_to_rows(plan),
            "triggers": [" | ".join(f"{l.code}: {', '.join(l.triggers)}" for l in t.links) for t in plan.tasks]}


try:
    with st.spinner("Đang đọc kế hoạch (bản quét có thể mất vài phút)…"):
        parsed = _parse(data, upload.name)
except ChisoError as exc:
    st.error(str(exc))
    st.stop()

plan = parsed["plan"]
c1, c2, c3, c4 = st.columns(4)
c1.metric("Cơ quan ban hành", plan["issuer"] or "chưa đọc được")
c2.metric("Số kế hoạch", plan["number"] or "chưa đọc được")
c3.metric("Ngày ban hành", pd.Timestamp(plan["date"]).strftime("%d/%m/%Y") if plan["date"] else (plan["date_text"] or "chưa đọc được"))
c4.metric("Số nhiệm vụ đề xuất", len(plan["tasks"]))
if plan["title"]:
    st.markdown(f"**Tiêu đề:** {plan['title']}")
st.markdown(f"**Chỉ số được nêu:** {', '.join(plan['indices']) or 'không có'}")
for w in plan["warnings"]:
    st.warning(w)

st.subheader("Nhiệm vụ đề xuất")
st.caption("Sửa trực tiếp trong bảng; thêm hoặc xoá dòng nếu cần. Cột 'Từ khoá liên kết' cho biết từ ngữ nào "
           "trong văn bản đã gợi ý liên kết chỉ số (chỉ để tham khảo, không được lưu).")
table = pd.DataFrame(parsed["rows"], columns=list(template.HEADERS))
table.insert(table.columns.get_loc("Liên kết chỉ số") + 1, "Từ khoá liên kết", parsed["triggers"])
edited = st.data_editor(
    table.drop(columns=["Mã nhiệm vụ", "Trạng thái", "Ghi chú tiến độ"]),
    num_rows="dynamic", use_container_width=True, hide_index=True,
    column_config={
        "Nội dung nhiệm vụ": st.column_config.TextColumn(width="large", required=True),
        "Từ khoá liên kết": st.column_config.TextColumn(disabled=True),
        "Thời hạn": st.column_config.TextColumn(help="dd/mm/yyyy hoặc 'Thường xuyên'"),
        "Liên kết chỉ số": st.column_config.TextColumn(help="INDEX hoặc INDEX:INDICATOR, cách nhau bởi '; ', ví dụ PAPI:D2_POVERTY; SIPAS"),
    },
    key=f"editor-{upload.name}-{len(data)}",
)
rows = [{h: ("" if pd.isna(r.get(h)) else str(r.get(h, ""))) for h in template.HEADERS}
        for r in edited.to_dict("records")]
rows = [r for r in rows if r["Nội dung nhiệm vụ"].strip()]


def save_to_task_store(rows: list[dict], source_name: str) -> str | None:
    """Save the reviewed rows through the task store; None when the store cannot be used here.

    Calls `chiso.tasks.open_store().import_rows(user, province_code, rows, source_name)`: the
    signed-in user (a `chiso.auth.User`, put in `st.session_state["user"]` by the sign-in page)
    must be a province admin; the rows are in the task template, all or nothing.
    """
    try:
        from chiso.tasks import open_store
    except ImportError:
        # TODO(task store): once chiso.tasks is merged, this calls open_store().import_rows(...) as above.
        return None
    user = st.session_state.get("user")
    if user is None:
        raise ChisoError("Cần đăng nhập với quyền quản trị của tỉnh để lưu nhiệm vụ (sign in as province admin)")
    result = open_store().import_rows(user, user.province_code, rows, source_name)
    return f"Đã lưu {result.created} nhiệm vụ mới, cập nhật {result.updated} nhiệm vụ."


st.divider()
left, right = st.columns(2)
with left:
    if st.button("Lưu vào danh sách nhiệm vụ", type="primary", disabled=not rows):
        try:
            message = save_to_task_store(rows, upload.name)
        except ChisoError as exc:
            st.error(str(exc))
        else:
            if message is None:
                st.info("Kho nhiệm vụ chưa sẵn sàng trên máy này: hãy tải tệp XLSX bên cạnh và nhập sau.")
            else:
                st.success(message)
with right:
    st.download_button("Tải danh sách theo mẫu (XLSX)", template.xlsx_bytes(rows),
                       file_name=f"nhiem_vu_{upload.name.rsplit('.', 1)[0]}.xlsx",
                       mime="application/vnd.openxmlformats-officedocument.spreadsheetml.sheet", disabled=not rows)
    st.caption("Download the reviewed tasks in the task template.")
