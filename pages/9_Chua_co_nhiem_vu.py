"""Chưa có nhiệm vụ (Weak components without an open task): the list Sở Nội vụ brings to the
leadership meeting. Presentation only: weakness from chiso.analysis, tasks from chiso.tasks.
"""
from __future__ import annotations

import pandas as pd
import streamlit as st

from chiso import analysis, fmt, frame, scores, ui
from chiso import ui_weakness as uw
from chiso.ui_exports import SIGNED_INT, download_buttons

ctx = frame.context()
lang = ctx.lang
t = lambda vi, en: ui.t(lang, vi, en)  # noqa: E731
name_col = "name_vi" if lang == "vi" else "name_en"

province = ctx.province
index_code = ctx.index_code
year = ctx.year
user = ctx.user

province_name = ui.cached(scores.provinces).set_index("province_code").loc[province]["name_vi" if lang == "vi" else "name_en"]
idx = ui.cached(scores.indices).set_index("index_code").loc[index_code]
st.title(t(f"Nội dung yếu chưa có nhiệm vụ · {idx.short} {year} · {province_name}",
           f"Weak components without an open task · {idx.short} {year} · {province_name}"))
st.caption(t("Danh sách để Sở Nội vụ báo cáo lãnh đạo: nội dung bị đánh dấu yếu mà chưa có nhiệm vụ nào đang thực hiện "
             "(nhiệm vụ chưa hoàn thành) gắn với nó.",
             "For the leadership meeting: weak components with no open (not done) task tied to them."))

result = uw.component_analysis(index_code, year, province)
if not result.rankable:
    st.warning(result.note_vi if lang == "vi" else result.note_en)
    st.stop()
weak = result.weak
if weak.empty:
    st.success(t("Không có nội dung nào bị đánh dấu yếu theo các quy tắc hiện hành.", "No component is flagged weak by the current rules."))
    st.stop()

tasks = uw.tasks_for(lang, user, province, weak)
if tasks is None:
    st.stop()
count_whole_index = st.checkbox(
    t("Tính cả nhiệm vụ chung cho cả chỉ số (không nêu nội dung cụ thể)",
      "Count general tasks linked to the whole index (naming no component)"), value=False, key="count_whole_index")
untasked = analysis.components_without_open_task(weak, tasks, count_whole_index=count_whole_index)

m1, m2 = st.columns(2)
m1.metric(t("Nội dung yếu", "Weak components"), len(weak))
m2.metric(t("Chưa có nhiệm vụ đang thực hiện", "Without an open task"), len(untasked))

if untasked.empty:
    st.success(t("Mọi nội dung yếu đều đã có nhiệm vụ chưa hoàn thành gắn với nó.", "Every weak component has an open task."))
    st.stop()

links = analysis.attach_tasks(untasked, tasks)


def existing_tasks(code: str) -> str:
    """What is tied to it but does not count: done tasks, and general tasks on the whole index."""
    rows = links[(links.indicator_code == code) & links.task_id.notna()]
    parts = [f"{r.task_id} (" + (t("đã hoàn thành", "done") if not r.is_open else t("chung cho cả chỉ số", "whole index")) + ")"
             for r in rows.itertuples()]
    return "; ".join(parts) or t("Không có", "None")


table = pd.DataFrame({
    t("Mã", "Code"): untasked.indicator_code,
    t("Nội dung", "Component"): untasked[name_col],
    t("Điểm", "Score"): [fmt.number(v, 2, lang) for v in untasked.value],
    t("Thứ hạng", "Rank"): [fmt.rank(r, n, lang) for r, n in zip(untasked["rank"], untasked.ranked_count)],
    t("Thay đổi hạng", "Rank change"): [fmt.signed(v, 0, lang) for v in untasked.rank_change],
    t("Lý do yếu", "Why weak"): untasked["weak_reasons_vi" if lang == "vi" else "weak_reasons_en"],
    t("Nhiệm vụ đã có", "Existing tasks"): [existing_tasks(c) for c in untasked.indicator_code],
})
st.dataframe(table, hide_index=True, width="stretch")
# Excel for the meeting and CSV (ZIP with the sources); score and rank change as real numbers.
download_buttons(df=table.assign(**{t("Điểm", "Score"): untasked.value.set_axis(table.index),
                                    t("Thay đổi hạng", "Rank change"): untasked.rank_change.set_axis(table.index)}),
                 name=t(f"Chưa có nhiệm vụ {idx.short} {year} {province_name}", f"Without a task {idx.short} {year} {province_name}"),
                 lang=lang, title=t(f"Nội dung yếu chưa có nhiệm vụ · {idx.short} {year} · {province_name}",
                                    f"Weak components without an open task · {idx.short} {year} · {province_name}"),
                 source=ui.source_line(lang, index_code, year), number_formats={t("Thay đổi hạng", "Rank change"): SIGNED_INT},
                 key="untasked_table")
st.caption(t("Nhiệm vụ gắn với nội dung này, với chỉ số nội dung chứa nó hoặc với một nội dung thành phần của nó đều được tính; "
             "nhiệm vụ tạm dừng vẫn là chưa hoàn thành. Cách gắn: docs/weakness.md.",
             "A task on the component, on its dimension or on one of its sub-components counts; paused tasks are still open. "
             "See docs/weakness.md."))
for code in untasked.indicator_code:
    uw.tasks_link(lang, index_code, code, province, t(f"Nhiệm vụ của {code} →", f"Tasks of {code} →"))
