"""Nhiệm vụ: the improvement tasks of the signed-in user's province, their progress and history.

Presentation only. Reading and writing is `chiso.tasks` (which checks the user's role on every
call), sign-in is `chiso.ui_auth`. Optimistic concurrency: an edit is saved against the version
the user was shown; if someone saved first, the store refuses and we show the latest version.
"""
from __future__ import annotations


import pandas as pd
import streamlit as st

from chiso import catalog, fmt
from chiso.auth import PermissionDenied, can_update_task
from chiso.errors import ChisoError
from chiso.names import provinces
from chiso.tasks import (ACCEPTED_TYPES, MAX_UPLOAD_BYTES, PERIOD_LABELS, STATUS_LABELS, STATUSES, StaleEdit,
                         TemplateRejected, link_text, local_time, open_store, today_vn)
from chiso.ui_auth import sign_in_sidebar

st.set_page_config(page_title="chiso · Nhiệm vụ", page_icon="✅", layout="wide")
st.title("Nhiệm vụ cải thiện chỉ số")
st.caption("Improvement tasks assigned by the province's plans: progress, deadlines, history.")

user = sign_in_sidebar()
if user is None:
    st.info("Đăng nhập (thanh bên trái) để xem và cập nhật nhiệm vụ của tỉnh. "
            "Điểm số, thứ hạng đã công bố ở các trang khác không cần đăng nhập.")
    st.caption("Sign in to see your province's tasks. Published scores need no sign-in.")
    st.stop()


@st.cache_resource(show_spinner=False)
def _store():
    return open_store()


store = _store()
province = user.province_code
province_name = next((p.name_vi for p in provinces() if p.code == province), province)
today = today_vn()
st.markdown(f"**{province_name}** · hôm nay {fmt.date(today)} · kho: `{store.describe()}`")

# ------------------------------------------------------------------ filters
indices = catalog.indices()
with st.container(border=True):
    c1, c2, c3, c4 = st.columns([2, 2, 1.4, 2.2])
    units = store.units(user, province)
    unit = c1.selectbox("Đơn vị chủ trì", [""] + units, format_func=lambda u: u or "Tất cả đơn vị")
    statuses = c2.multiselect("Trạng thái", list(STATUSES), format_func=STATUS_LABELS.get,
                              placeholder="Tất cả trạng thái")
    index_code = c3.selectbox("Chỉ số", [""] + list(indices), format_func=lambda c: indices[c].short if c else "Tất cả")
    periods = [p for p in catalog.indicator_periods() if p.index_code == index_code and p.level > 0]
    names = {p.indicator_code: p.name_vi for p in periods}
    indicator = c4.selectbox("Chỉ số thành phần", [""] + list(names), disabled=not index_code,
                             format_func=lambda c: f"{c} · {names[c]}" if c else "Tất cả thành phần")
    c5, c6, _ = st.columns([1, 1, 3])
    overdue_only = c5.checkbox("Chỉ nhiệm vụ quá hạn")
    month_only = c6.checkbox("Chỉ nhiệm vụ đến hạn tháng này")

filters = dict(unit=unit or None, status=statuses or None, index_code=index_code or None,
               indicator_code=indicator or None, overdue=overdue_only, due_this_month=month_only)
tasks = store.list_tasks(user, province, **filters)

m1, m2, m3, m4 = st.columns(4)
m1.metric("Nhiệm vụ", len(tasks))
m2.metric("Quá hạn", sum(t.is_overdue(today) for t in tasks))
m3.metric("Đến hạn tháng này", sum(t.is_due_this_month(today) for t in tasks))
m4.metric("Hoàn thành", sum(t.status == "done" for t in tasks))

# ------------------------------------------------------------------ the list
if not tasks:
    st.info("Không có nhiệm vụ nào khớp bộ lọc." if any(filters.values()) else
            "Tỉnh chưa có nhiệm vụ nào. Quản trị của tỉnh nhập nhiệm vụ ở mục «Nhập nhiệm vụ» bên dưới.")
else:
    table = pd.DataFrame([{
        "Mã": t.task_id,
        "Nội dung nhiệm vụ": t.text,
        "Đơn vị chủ trì": t.lead_unit,
        "Thời hạn": t.deadline_text(),
        "Trạng thái": t.status_label + (" · QUÁ HẠN" if t.is_overdue(today) else
                                        (" · đến hạn tháng này" if t.is_due_this_month(today) else "")),
        "Ghi chú tiến độ": t.progress_note or "",
        "Liên kết chỉ số": link_text(t.links),
        "Chỉ tiêu": t.target or "",
        "Cập nhật": f"{t.updated_by or ''} · {local_time(t.updated_at)}",
        "Phiên bản": t.version,
    } for t in tasks])
    flags = ["overdue" if t.is_overdue(today) else "month" if t.is_due_this_month(today) else "" for t in tasks]
    colours = {"overdue": "background-color: #fde2e1", "month": "background-color: #fff3cd", "": ""}
    styled = table.style.apply(lambda r: [colours[flags[r.name]]] * len(r), axis=1)
    st.dataframe(styled, hide_index=True, width="stretch",
                 column_config={"Nội dung nhiệm vụ": st.column_config.TextColumn(width="large")})
    st.caption("Đỏ: quá hạn, chưa hoàn thành. Vàng: đến hạn trong tháng này. "
               "Red: overdue; amber: due this month.")

# ------------------------------------------------------------------ update in place
editable = [t for t in tasks if can_update_task(user, province, t.lead_unit, {"status", "progress_note"})]
st.subheader("Cập nhật tiến độ")
if not editable:
    st.caption("Tài khoản của bạn chỉ có quyền xem các nhiệm vụ đang hiển thị."
               if tasks else "Chưa có nhiệm vụ để cập nhật.")
else:
    by_id = {t.task_id: t for t in editable}
    chosen = st.selectbox("Nhiệm vụ", list(by_id), key="task_pick",
                          format_func=lambda i: f"{i} · {by_id[i].text[:110]}{'…' if len(by_id[i].text) > 110 else ''}")
    task = by_id[chosen]
    # The version this user is editing is the one they were first shown, kept across reruns:
    # re-reading it at submit time would silently overwrite a colleague's save.
    versions = st.session_state.setdefault("editing_versions", {})
    editing_version = versions.setdefault(chosen, task.version)
    with st.form(f"edit-{chosen}"):
        st.markdown(f"**{task.text}**")
        st.caption(f"Chủ trì: {task.lead_unit} · Thời hạn: {task.deadline_text()}"
                   + (f" ({PERIOD_LABELS.get(task.reporting_period, '')})" if task.reporting_period else "")
                   + f" · đang sửa phiên bản {editing_version}")
        status = st.selectbox("Trạng thái", list(STATUSES), index=list(STATUSES).index(task.status),
                              format_func=STATUS_LABELS.get, key=f"status-{chosen}")
        note = st.text_area("Ghi chú tiến độ", value=task.progress_note or "", max_chars=2000, key=f"note-{chosen}")
        save = st.form_submit_button("Lưu", type="primary")
    if save:
        try:
            saved = store.update_task(user, chosen, editing_version, status=status, progress_note=note)
        except StaleEdit as exc:
            st.error(str(exc))
            latest = exc.current
            st.markdown(f"**Bản mới nhất (phiên bản {latest.version})** — trạng thái: {latest.status_label}; "
                        f"ghi chú: {latest.progress_note or '—'}; người sửa: {latest.updated_by}, "
                        f"{local_time(latest.updated_at)}.")
            if st.button("Sửa tiếp trên bản mới nhất"):
                versions[chosen] = latest.version
                st.rerun()
        except (PermissionDenied, ChisoError) as exc:
            st.error(str(exc))
        else:
            versions[chosen] = saved.version
            st.success(f"Đã lưu nhiệm vụ {chosen} (phiên bản {saved.version}).")
            st.rerun()

# ------------------------------------------------------------------ quarterly summary
st.subheader("Tổng hợp theo đơn vị, theo quý")
q1, q2, _ = st.columns([1, 1, 4])
year = q1.number_input("Năm", min_value=2015, max_value=2100, value=today.year, step=1)
quarter = q2.selectbox("Quý", [1, 2, 3, 4], index=(today.month - 1) // 3)
summary = store.unit_summary(user, province, int(year), int(quarter), today=today)
if summary:
    st.dataframe(pd.DataFrame([{
        "Đơn vị chủ trì": s.lead_unit, "Đến hạn trong quý": s.due, "Hoàn thành": s.done,
        "Đúng hạn": s.done_on_time, "Trễ hạn": s.done_late, "Quá hạn chưa xong": s.overdue,
        "Chưa đến hạn": s.not_yet_due, "Nhiệm vụ thường xuyên": s.recurring} for s in summary]),
        hide_index=True, width="stretch")
    st.caption("Đúng hạn/Trễ hạn so ngày hoàn thành với thời hạn; nhiệm vụ nhập khi đã hoàn thành "
               "không có ngày hoàn thành nên không tính vào hai cột này.")
else:
    st.caption(f"Quý {quarter}/{year}: không có nhiệm vụ nào đến hạn.")

# ------------------------------------------------------------------ export / import
st.subheader("Xuất, nhập theo mẫu")
e1, e2 = st.columns(2)
with e1:
    st.download_button("Tải danh sách đang lọc (XLSX, theo mẫu nhiệm vụ)",
                       store.export_xlsx(user, province, **filters),
                       file_name=f"nhiem_vu_{province}_{today:%Y%m%d}.xlsx",
                       mime="application/vnd.openxmlformats-officedocument.spreadsheetml.sheet")
with e2:
    if user.is_admin:
        upload = st.file_uploader(f"Nhập nhiệm vụ ({', '.join(ACCEPTED_TYPES)}; tối đa "
                                  f"{MAX_UPLOAD_BYTES // 1048576} MB; cả tệp hoặc không dòng nào)",
                                  type=[s.lstrip(".") for s in ACCEPTED_TYPES])
        if upload is not None and st.button("Nhập vào kho nhiệm vụ", type="primary"):
            try:
                result = store.import_file(user, province, upload.name, upload.getvalue())
            except TemplateRejected as exc:
                st.error(f"Tệp {upload.name}: {len(exc.errors)} lỗi, chưa nhập nhiệm vụ nào.")
                st.dataframe(pd.DataFrame([{"Dòng": e.row, "Cột": e.column or "", "Giá trị": e.value or "",
                                            "Lỗi": str(e).split(": ", 1)[-1]} for e in exc.errors]),
                             hide_index=True, width="stretch")
            except ChisoError as exc:
                st.error(str(exc))
            else:
                st.success(f"Đã nhập: {result.created} nhiệm vụ mới, {result.updated} cập nhật, "
                           f"{result.plans_created} kế hoạch mới.")
    else:
        st.caption("Nhập nhiệm vụ: dành cho quản trị của tỉnh.")

# ------------------------------------------------------------------ audit log (province admins)
if user.is_admin:
    with st.expander("Nhật ký thay đổi (ai, khi nào, trước, sau)"):
        entries = store.audit_log(user, province, limit=300)
        actions = {"update": "Cập nhật", "import_create": "Nhập mới", "import_update": "Nhập cập nhật",
                   "delete": "Xoá"}
        if not entries:
            st.caption("Chưa có thay đổi nào.")
        else:
            st.dataframe(pd.DataFrame([{
                "Thời điểm": local_time(e.at), "Người thực hiện": e.actor, "Thao tác": actions.get(e.action, e.action),
                "Mã nhiệm vụ": e.task_id,
                "Thay đổi": "; ".join(f"{k}: {b if b not in (None, '') else '∅'} → {a if a not in (None, '') else '∅'}"
                                      for k, (b, a) in e.changes().items()),
            } for e in entries]), hide_index=True, width="stretch")
