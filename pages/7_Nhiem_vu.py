"""Nhiệm vụ: the improvement tasks of the signed-in user's province, their progress and history.

Presentation only. Reading and writing is `chiso.tasks` (which checks the user's role on every
call), sign-in is `chiso.ui_auth`. Optimistic concurrency: an edit is saved against the version
the user was shown; if someone saved first, the store refuses and we show the latest version.

The filters Chỉ số / Chỉ số thành phần open preselected from the address (`?index=PAPI&indicator=D5`,
what the Điểm yếu page links with) and are kept there, so a copied link opens the same list.
"""
from __future__ import annotations


import pandas as pd
import streamlit as st

from chiso import catalog, fmt, frame, ui
from chiso.auth import PermissionDenied, can_update_task
from chiso.errors import ChisoError
from chiso.names import provinces
from chiso.tasks import (ACCEPTED_TYPES, MAX_UPLOAD_BYTES, STATUSES, StaleEdit, TemplateRejected, link_text,
                         local_time, open_store, period_label, status_label, today_vn)

ctx = frame.context()
lang = ctx.lang


def tr(vi: str, en: str) -> str:
    return ui.t(lang, vi, en)


st.title(tr("Nhiệm vụ cải thiện chỉ số", "Index improvement tasks"))
st.caption(tr("Nhiệm vụ do các kế hoạch của tỉnh giao: tiến độ, thời hạn, lịch sử thay đổi.",
              "Improvement tasks assigned by the province's plans: progress, deadlines, history."))

user = ctx.user
if user is None:
    st.info(tr("Đăng nhập (thanh bên trái) để xem và cập nhật nhiệm vụ của tỉnh. "
               "Điểm số, thứ hạng đã công bố ở các trang khác không cần đăng nhập.",
               "Sign in (sidebar) to see and update your province's tasks. "
               "Published scores and ranks on the other pages need no sign-in."))
    st.stop()


@st.cache_resource(show_spinner=False)
def _store():
    return open_store()


store = _store()
province = user.province_code
province_name = next(((p.name_vi if lang == "vi" else p.name_en) for p in provinces() if p.code == province), province)
today = today_vn()
st.markdown(f"**{province_name}** · {tr('hôm nay', 'today')} {fmt.date(today, lang)} · "
            f"{tr('kho', 'store')}: `{store.describe()}`")

# ------------------------------------------------------------------ filters
indices = catalog.indices()


def components(index_code: str) -> dict[str, str]:
    """The components of an index the filter offers (dimensions and sub-dimensions), code -> name."""
    return {p.indicator_code: (p.name_vi if lang == "vi" else p.name_en)
            for p in catalog.indicator_periods() if p.index_code == index_code and p.level > 0}


INDEX_KEY, INDICATOR_KEY = "tasks_filter_index", "tasks_filter_indicator"


def preselect_from_url() -> list[str]:
    """On arrival (the filters not yet in this session), take Chỉ số and Chỉ số thành phần from the
    address, as the Điểm yếu page links them. Returns a note for each value that cannot be used."""
    if INDEX_KEY in st.session_state:
        return []
    notes = []
    wanted_index = (st.query_params.get("index") or "").strip()
    wanted_indicator = (st.query_params.get("indicator") or "").strip()
    index_code = indicator = ""
    if wanted_index:
        if wanted_index in indices:
            index_code = wanted_index
        else:
            notes.append(tr(f"Liên kết nêu chỉ số «{wanted_index}», không có trong danh mục: đang hiển thị mọi chỉ số.",
                            f"The link names index «{wanted_index}», which is not in the catalogue: showing all indices."))
    # TOTAL (the overall score) is the whole index: every component, no note needed.
    if wanted_indicator and wanted_indicator != "TOTAL":
        if index_code and wanted_indicator in components(index_code):
            indicator = wanted_indicator
        elif index_code:
            notes.append(tr(f"{indices[index_code].short} không có chỉ số thành phần «{wanted_indicator}»: "
                            f"đang hiển thị mọi thành phần.",
                            f"{indices[index_code].short} has no component «{wanted_indicator}»: showing all components."))
        elif not wanted_index:
            notes.append(tr(f"Liên kết nêu chỉ số thành phần «{wanted_indicator}» mà không nêu chỉ số: bỏ qua.",
                            f"The link names component «{wanted_indicator}» without its index: ignored."))
    wanted_province = (st.query_params.get("province") or "").strip()
    if wanted_province and wanted_province.zfill(2) != province:
        notes.append(tr(f"Liên kết mở cho tỉnh mã {wanted_province}; tài khoản này chỉ xem nhiệm vụ của {province_name}.",
                        f"The link was for province code {wanted_province}; this account sees only "
                        f"{province_name}'s tasks."))
    st.session_state[INDEX_KEY] = index_code
    st.session_state[INDICATOR_KEY] = indicator
    return notes


url_notes = preselect_from_url()
with st.container(border=True):
    c1, c2, c3, c4 = st.columns([2, 2, 1.4, 2.2])
    units = store.units(user, province)
    unit = c1.selectbox(tr("Đơn vị chủ trì", "Lead unit"), [""] + units,
                        format_func=lambda u: u or tr("Tất cả đơn vị", "All units"))
    statuses = c2.multiselect(tr("Trạng thái", "Status"), list(STATUSES), format_func=lambda s: status_label(s, lang),
                              placeholder=tr("Tất cả trạng thái", "All statuses"))
    index_code = c3.selectbox(tr("Chỉ số", "Index"), [""] + list(indices), key=INDEX_KEY,
                              format_func=lambda c: indices[c].short if c else tr("Tất cả", "All"))
    names = components(index_code) if index_code else {}
    if st.session_state.get(INDICATOR_KEY) not in names:  # the index changed under it
        st.session_state[INDICATOR_KEY] = ""
    indicator = c4.selectbox(tr("Chỉ số thành phần", "Component"), [""] + list(names), key=INDICATOR_KEY,
                             disabled=not index_code,
                             format_func=lambda c: f"{c} · {names[c]}" if c else tr("Tất cả thành phần", "All components"))
    c5, c6, c7 = st.columns([1, 1, 1.6])
    overdue_only = c5.checkbox(tr("Chỉ nhiệm vụ quá hạn", "Overdue tasks only"))
    month_only = c6.checkbox(tr("Chỉ nhiệm vụ đến hạn tháng này", "Tasks due this month only"))
    # On by default: the Điểm yếu page lists these broader tasks under a weak component too.
    include_broader = c7.checkbox(
        tr("Kể cả nhiệm vụ liên kết chung (cấp trên hoặc cả chỉ số)", "Include tasks linked more broadly "
           "(a parent component or the whole index)"), value=True, key="tasks_include_broader",
        disabled=not indicator)
for note in url_notes:
    st.caption(note)
# The address follows the filters, so a copied link opens the same list.
for name, value in (("index", index_code), ("indicator", indicator)):
    if value:
        ui.remember(name, value)
    elif name in st.query_params:
        del st.query_params[name]

filters = dict(unit=unit or None, status=statuses or None, index_code=index_code or None,
               indicator_code=indicator or None, include_broader=include_broader, overdue=overdue_only,
               due_this_month=month_only)
tasks = store.list_tasks(user, province, **filters)

m1, m2, m3, m4 = st.columns(4)
m1.metric(tr("Nhiệm vụ", "Tasks"), len(tasks))
m2.metric(tr("Quá hạn", "Overdue"), sum(t.is_overdue(today) for t in tasks))
m3.metric(tr("Đến hạn tháng này", "Due this month"), sum(t.is_due_this_month(today) for t in tasks))
m4.metric(tr("Hoàn thành", "Done"), sum(t.status == "done" for t in tasks))

# ------------------------------------------------------------------ the list
TEXT_COL = tr("Nội dung nhiệm vụ", "Task")
if not tasks:
    st.info(tr("Không có nhiệm vụ nào khớp bộ lọc.", "No task matches the filters.") if any(filters.values()) else
            tr("Tỉnh chưa có nhiệm vụ nào. Quản trị của tỉnh nhập nhiệm vụ ở mục «Xuất, nhập theo mẫu» bên dưới.",
               "The province has no tasks yet. The province admin imports them under «Export, import» below."))
else:
    table = pd.DataFrame([{
        tr("Mã", "ID"): t.task_id,
        TEXT_COL: t.text,
        tr("Đơn vị chủ trì", "Lead unit"): t.lead_unit,
        tr("Thời hạn", "Deadline"): t.deadline_text(lang),
        tr("Trạng thái", "Status"): status_label(t.status, lang) + (
            tr(" · QUÁ HẠN", " · OVERDUE") if t.is_overdue(today) else
            (tr(" · đến hạn tháng này", " · due this month") if t.is_due_this_month(today) else "")),
        tr("Ghi chú tiến độ", "Progress note"): t.progress_note or "",
        tr("Liên kết chỉ số", "Index links"): link_text(t.links),
        tr("Chỉ tiêu", "Target"): t.target or "",
        tr("Cập nhật", "Updated"): f"{t.updated_by or ''} · {local_time(t.updated_at, lang)}",
        tr("Phiên bản", "Version"): t.version,
    } for t in tasks])
    flags = ["overdue" if t.is_overdue(today) else "month" if t.is_due_this_month(today) else "" for t in tasks]
    colours = {"overdue": "background-color: #fde2e1", "month": "background-color: #fff3cd", "": ""}
    styled = table.style.apply(lambda r: [colours[flags[r.name]]] * len(r), axis=1)
    st.dataframe(styled, hide_index=True, width="stretch",
                 column_config={TEXT_COL: st.column_config.TextColumn(width="large")})
    st.caption(tr("Đỏ: quá hạn, chưa hoàn thành. Vàng: đến hạn trong tháng này.",
                  "Red: overdue, not done. Amber: due this month."))

# ------------------------------------------------------------------ update in place
editable = [t for t in tasks if can_update_task(user, province, t.lead_unit, {"status", "progress_note"})]
st.subheader(tr("Cập nhật tiến độ", "Update progress"))
if not editable:
    st.caption(tr("Tài khoản của bạn chỉ có quyền xem các nhiệm vụ đang hiển thị.",
                  "Your account may only read the tasks shown.")
               if tasks else tr("Chưa có nhiệm vụ để cập nhật.", "No task to update."))
else:
    by_id = {t.task_id: t for t in editable}
    chosen = st.selectbox(tr("Nhiệm vụ", "Task"), list(by_id), key="task_pick",
                          format_func=lambda i: f"{i} · {by_id[i].text[:110]}{'…' if len(by_id[i].text) > 110 else ''}")
    task = by_id[chosen]
    # The version this user is editing is the one they were first shown, kept across reruns:
    # re-reading it at submit time would silently overwrite a colleague's save.
    versions = st.session_state.setdefault("editing_versions", {})
    editing_version = versions.setdefault(chosen, task.version)
    with st.form(f"edit-{chosen}"):
        st.markdown(f"**{task.text}**")
        st.caption(f"{tr('Chủ trì', 'Lead')}: {task.lead_unit} · {tr('Thời hạn', 'Deadline')}: {task.deadline_text(lang)}"
                   + (f" ({period_label(task.reporting_period, lang)})" if task.reporting_period else "")
                   + f" · {tr('đang sửa phiên bản', 'editing version')} {editing_version}")
        status = st.selectbox(tr("Trạng thái", "Status"), list(STATUSES), index=list(STATUSES).index(task.status),
                              format_func=lambda s: status_label(s, lang), key=f"status-{chosen}")
        note = st.text_area(tr("Ghi chú tiến độ", "Progress note"), value=task.progress_note or "", max_chars=2000,
                            key=f"note-{chosen}")
        save = st.form_submit_button(tr("Lưu", "Save"), type="primary")
    if save:
        try:
            saved = store.update_task(user, chosen, editing_version, status=status, progress_note=note)
        except StaleEdit as exc:
            latest = exc.current
            who = latest.updated_by or tr("người khác", "someone else")
            st.error(str(exc) if lang == "vi" else
                     f"Task {latest.task_id} was updated by {who} at {local_time(latest.updated_at, lang)} "
                     f"(version {latest.version}; you were editing version {exc.expected_version}). "
                     f"Your change was NOT saved: read the latest version, then update again.")
            st.markdown(tr(f"**Bản mới nhất (phiên bản {latest.version})** — trạng thái: {status_label(latest.status, lang)}; "
                           f"ghi chú: {latest.progress_note or '—'}; người sửa: {latest.updated_by}, "
                           f"{local_time(latest.updated_at, lang)}.",
                           f"**Latest version ({latest.version})** — status: {status_label(latest.status, lang)}; "
                           f"note: {latest.progress_note or '—'}; by: {latest.updated_by}, "
                           f"{local_time(latest.updated_at, lang)}."))
            if st.button(tr("Sửa tiếp trên bản mới nhất", "Edit the latest version")):
                versions[chosen] = latest.version
                st.rerun()
        except (PermissionDenied, ChisoError) as exc:
            st.error(str(exc) if lang == "vi" else f"Not saved: {exc}")
        else:
            versions[chosen] = saved.version
            st.success(tr(f"Đã lưu nhiệm vụ {chosen} (phiên bản {saved.version}).",
                          f"Task {chosen} saved (version {saved.version})."))
            st.rerun()

# ------------------------------------------------------------------ quarterly summary
st.subheader(tr("Tổng hợp theo đơn vị, theo quý", "Summary by unit and quarter"))
q1, q2, _ = st.columns([1, 1, 4])
year = q1.number_input(tr("Năm", "Year"), min_value=2015, max_value=2100, value=today.year, step=1)
quarter = q2.selectbox(tr("Quý", "Quarter"), [1, 2, 3, 4], index=(today.month - 1) // 3)
summary = store.unit_summary(user, province, int(year), int(quarter), today=today)
if summary:
    st.dataframe(pd.DataFrame([{
        tr("Đơn vị chủ trì", "Lead unit"): s.lead_unit, tr("Đến hạn trong quý", "Due in the quarter"): s.due,
        tr("Hoàn thành", "Done"): s.done, tr("Đúng hạn", "On time"): s.done_on_time, tr("Trễ hạn", "Late"): s.done_late,
        tr("Quá hạn chưa xong", "Overdue, not done"): s.overdue, tr("Chưa đến hạn", "Not yet due"): s.not_yet_due,
        tr("Nhiệm vụ thường xuyên", "Recurring tasks"): s.recurring} for s in summary]),
        hide_index=True, width="stretch")
    st.caption(tr("Đúng hạn/Trễ hạn so ngày hoàn thành với thời hạn; nhiệm vụ nhập khi đã hoàn thành "
                  "không có ngày hoàn thành nên không tính vào hai cột này.",
                  "On time/Late compare the completion date with the deadline; tasks imported already done "
                  "have no completion date and are not counted in these two columns."))
else:
    st.caption(tr(f"Quý {quarter}/{year}: không có nhiệm vụ nào đến hạn.", f"Q{quarter} {year}: no task falls due."))

# ------------------------------------------------------------------ export / import
st.subheader(tr("Xuất, nhập theo mẫu", "Export, import (task template)"))
e1, e2 = st.columns(2)
with e1:
    st.download_button(tr("Tải danh sách đang lọc (XLSX, theo mẫu nhiệm vụ)",
                          "Download the filtered list (XLSX, task template)"),
                       store.export_xlsx(user, province, **filters),
                       file_name=f"nhiem_vu_{province}_{today:%Y%m%d}.xlsx",
                       mime="application/vnd.openxmlformats-officedocument.spreadsheetml.sheet")
with e2:
    if user.is_admin:
        types, size_mb = ", ".join(ACCEPTED_TYPES), MAX_UPLOAD_BYTES // 1048576
        upload = st.file_uploader(tr(f"Nhập nhiệm vụ ({types}; tối đa {size_mb} MB; cả tệp hoặc không dòng nào)",
                                     f"Import tasks ({types}; at most {size_mb} MB; the whole file or no row)"),
                                  type=[s.lstrip(".") for s in ACCEPTED_TYPES])
        if upload is not None and st.button(tr("Nhập vào kho nhiệm vụ", "Import into the task store"), type="primary"):
            try:
                result = store.import_file(user, province, upload.name, upload.getvalue())
            except TemplateRejected as exc:
                st.error(tr(f"Tệp {upload.name}: {len(exc.errors)} lỗi, chưa nhập nhiệm vụ nào.",
                            f"File {upload.name}: {len(exc.errors)} errors, no task imported."))
                st.dataframe(pd.DataFrame([{tr("Dòng", "Row"): e.row, tr("Cột", "Column"): e.column or "",
                                            tr("Giá trị", "Value"): e.value or "",
                                            tr("Lỗi", "Error"): str(e).split(": ", 1)[-1]} for e in exc.errors]),
                             hide_index=True, width="stretch")
                if lang != "vi":
                    st.caption("Column names (the template's) and error texts are in Vietnamese (docs/tasks.md).")
            except ChisoError as exc:
                st.error(str(exc) if lang == "vi" else f"Not imported: {exc}")
            else:
                st.success(tr(f"Đã nhập: {result.created} nhiệm vụ mới, {result.updated} cập nhật, "
                              f"{result.plans_created} kế hoạch mới.",
                              f"Imported: {result.created} new tasks, {result.updated} updated, "
                              f"{result.plans_created} new plans."))
    else:
        st.caption(tr("Nhập nhiệm vụ: dành cho quản trị của tỉnh.", "Importing tasks: province admins only."))

# ------------------------------------------------------------------ audit log (province admins)
if user.is_admin:
    with st.expander(tr("Nhật ký thay đổi (ai, khi nào, trước, sau)", "Change log (who, when, before, after)")):
        entries = store.audit_log(user, province, limit=300)
        actions = {"update": tr("Cập nhật", "Update"), "import_create": tr("Nhập mới", "Imported (new)"),
                   "import_update": tr("Nhập cập nhật", "Imported (update)"), "delete": tr("Xoá", "Delete")}
        if not entries:
            st.caption(tr("Chưa có thay đổi nào.", "No change yet."))
        else:
            st.dataframe(pd.DataFrame([{
                tr("Thời điểm", "When"): local_time(e.at, lang), tr("Người thực hiện", "By"): e.actor,
                tr("Thao tác", "Action"): actions.get(e.action, e.action),
                tr("Mã nhiệm vụ", "Task ID"): e.task_id,
                tr("Thay đổi", "Changes"): "; ".join(
                    f"{k}: {b if b not in (None, '') else '∅'} → {a if a not in (None, '') else '∅'}"
                    for k, (b, a) in e.changes().items()),
            } for e in entries]), hide_index=True, width="stretch")
