"""Điểm yếu (Weak components): which components of the province's score are weak or falling, the
tasks tied to each, and where a point counts most. Presentation only: numbers from chiso.analysis.
"""
from __future__ import annotations

import pandas as pd
import plotly.graph_objects as go
import streamlit as st

from chiso import analysis, charts, fmt, frame, scores, ui
from chiso import ui_weakness as uw
from chiso.ui_exports import SIGNED_2, SIGNED_INT, download_buttons

ctx = frame.context()
lang = ctx.lang
t = lambda vi, en: ui.t(lang, vi, en)  # noqa: E731
name_col = "name_vi" if lang == "vi" else "name_en"

province = ctx.province
index_code = ctx.index_code
year = ctx.year
user = ctx.user

provinces = ui.cached(scores.provinces).set_index("province_code")
province_name = provinces.loc[province]["name_vi" if lang == "vi" else "name_en"]
idx = ui.cached(scores.indices).set_index("index_code").loc[index_code]
result = uw.component_analysis(index_code, year, province)
comp = result.components
source = ui.source_line(lang, index_code, year)
# Download names: "Điểm yếu PAPI 2022 Hà Tĩnh".
export_name = t(f"Điểm yếu {idx.short} {year} {province_name}", f"Weak components {idx.short} {year} {province_name}")

st.title(t(f"Điểm yếu · {idx.short} {year} · {province_name}", f"Weak components · {idx.short} {year} · {province_name}"))
st.caption(t("Nội dung nào yếu hoặc đang giảm, nhiệm vụ nào đang khắc phục, và cải thiện nội dung nào được nhiều bậc nhất.",
             "Which components are weak or falling, which tasks address them, and where a point counts most."))

total = result.total
if total is None or (total.get("value") is None and total.get("rank") is None):
    st.info(t(f"{province_name}: {idx.short} {year} chưa có số liệu.", f"{province_name}: no {idx.short} {year} data yet."))
else:
    value = fmt.number(total.get("value"), 2, lang)
    maximum = "" if total.get("max_value") is None else "/" + fmt.number(total["max_value"], 0, lang)
    st.markdown(t(f"**Tổng điểm**: {value}{maximum if total.get('value') is not None else ''} · "
                  f"xếp thứ {fmt.rank(total.get('rank'), total.get('ranked_count'), lang)}",
                  f"**Total**: {value}{maximum if total.get('value') is not None else ''} · "
                  f"ranked {fmt.rank(total.get('rank'), total.get('ranked_count'), lang)}"))

if not result.rankable:
    # Partial edition: published values and ranks only; no median, no flags, no what-if.
    st.warning(result.note_vi if lang == "vi" else result.note_en)
    if comp.empty:
        st.info(t("Nguồn công khai không nêu điểm các nội dung của tỉnh trong kỳ này.",
                  "Public sources give no component scores for this province in this edition."))
    else:
        published = pd.DataFrame({
            t("Mã", "Code"): comp.indicator_code,
            t("Nội dung", "Component"): comp[name_col],
            t("Điểm", "Score"): [fmt.number(v, 2, lang) for v in comp.value],
            t("Thứ hạng công bố", "Published rank"): [fmt.rank(r, n, lang) for r, n in zip(comp["rank"], comp.ranked_count)],
        })
        st.dataframe(published, hide_index=True, width="stretch")
        download_buttons(df=published.assign(**{t("Điểm", "Score"): comp.value.set_axis(published.index)}),
                         name=export_name, lang=lang, title=t(f"{idx.short} {year} · {province_name}: điểm các nội dung (công bố)",
                                                              f"{idx.short} {year} · {province_name}: component scores (published)"),
                         source=source, key="weak_published")
    st.caption(t("Nguồn: ", "Source: ") + source)
    st.stop()

weak = result.weak
rules = result.rules
m1, m2, m3 = st.columns(3)
m1.metric(t("Nội dung yếu", "Weak components"), len(weak))
m2.metric(t("Trong đó chỉ số nội dung", "of which dimensions"), int((weak.level == 1).sum()))
m3.metric(t("Quy tắc đang dùng", "Rules in use"), len(rules))
with st.expander(t("Quy tắc xác định nội dung yếu", "Rules that flag a weak component")):
    st.markdown("\n".join(f"- **{r.label(lang)}** (`{r.rule_id}`: `{r.metric} {r.operator} "
                          f"{fmt.number(r.threshold, 2, lang).rstrip('0').rstrip(',.')}`)" for r in rules))
    st.caption(t("Sửa tệp data/catalog/weakness_rules.csv để đổi quy tắc (xem docs/weakness.md).",
                 "Edit data/catalog/weakness_rules.csv to change the rules (see docs/weakness.md)."))

# ------------------------------------------------------------------ the chart
level = st.radio(t("Cấp", "Level"), [1, 2], horizontal=True, key="level",
                 format_func=lambda lv: t("Chỉ số nội dung", "Dimensions") if lv == 1 else t("Nội dung thành phần", "Sub-dimensions"))
shown = comp[(comp.level == level) & comp.gap_to_best.notna()].sort_values("gap_to_best")
fig = go.Figure(go.Bar(
    x=shown.gap_to_best, y=[f"{c} · {n}" for c, n in zip(shown.indicator_code, shown[name_col])], orientation="h",
    marker_color=[charts.CHOSEN if w else charts.OTHERS for w in shown.weak],
    text=[fmt.number(v, 2, lang) for v in shown.gap_to_best], textposition="outside",
    customdata=[r or "" for r in shown["weak_reasons_vi" if lang == "vi" else "weak_reasons_en"]],
    hovertemplate="%{y}<br>%{x:.2f}<br>%{customdata}<extra></extra>"))
charts.style(fig, lang, title=t("Khoảng cách tới điểm cao nhất cả nước, điểm (đỏ = nội dung yếu)",
                                "Gap to the national best, points (red = weak)"),
             source=source, height=120 + 34 * len(shown))
top = float(shown.gap_to_best.max()) if len(shown) else 1.0
fig.update_layout(yaxis_title=None, xaxis=dict(range=[0, top * 1.15 if top > 0 else 1]))
st.plotly_chart(fig)
download_buttons(fig=fig, name=t(f"Khoảng cách tới điểm cao nhất {idx.short} {year} {province_name}",
                                 f"Gap to the best {idx.short} {year} {province_name}"),
                 lang=lang, source=source, key="weak_chart")

# ------------------------------------------------------------------ the table


def _share(v):
    return fmt.MISSING[lang] if fmt.is_missing(v) else fmt.number(100 * v, 1, lang) + "%"


def _count(v):
    return fmt.MISSING[lang] if fmt.is_missing(v) else str(int(v))


table = pd.DataFrame({
    t("Mã", "Code"): comp.indicator_code,
    t("Nội dung", "Component"): comp[name_col],
    t("Điểm", "Score"): [fmt.number(v, 2, lang) for v in comp.value],
    t("Tối đa", "Max"): [fmt.number(v, 2, lang) for v in comp.max_value],
    t("Thứ hạng", "Rank"): [fmt.rank(r, n, lang) for r, n in zip(comp["rank"], comp.ranked_count)],
    t("Phân vị", "Percentile"): [fmt.number(v, 0, lang) for v in comp.percentile],
    t("Cách điểm cao nhất", "Gap to best"): [fmt.number(v, 2, lang) for v in comp.gap_to_best],
    t("Cách trung vị", "Gap to median"): [fmt.signed(-v, 2, lang) if not fmt.is_missing(v) else fmt.MISSING[lang]
                                          for v in comp.gap_to_median],
    t("Thay đổi điểm", "Score change"): [fmt.signed(v, 2, lang) for v in comp.score_change],
    t("Thay đổi hạng", "Rank change"): [fmt.signed(v, 0, lang) for v in comp.rank_change],
    t("Số kỳ giảm điểm liên tiếp", "Editions falling in a row"): [_count(v) for v in comp.score_falls_in_a_row],
    t("Tỷ trọng khoảng cách", "Share of gap"): [_share(v) for v in comp.gap_share],
    t("Lý do yếu", "Why weak"): comp["weak_reasons_vi" if lang == "vi" else "weak_reasons_en"],
})
weak_mask = list(comp.weak)
st.subheader(t("Tất cả nội dung", "All components"))
st.dataframe(table.style.apply(lambda row: ["background-color: #FBE3E6" if weak_mask[row.name] else "" for _ in row],
                               axis=1),
             hide_index=True, width="stretch")
# Excel/CSV: the same table with its plain figures as real numbers ("Cách trung vị" stays as shown).
cols = {"Score": ("Điểm", comp.value), "Max": ("Tối đa", comp.max_value), "Percentile": ("Phân vị", comp.percentile),
        "Gap to best": ("Cách điểm cao nhất", comp.gap_to_best), "Score change": ("Thay đổi điểm", comp.score_change),
        "Rank change": ("Thay đổi hạng", comp.rank_change),
        "Editions falling in a row": ("Số kỳ giảm điểm liên tiếp", comp.score_falls_in_a_row),
        "Share of gap": ("Tỷ trọng khoảng cách", comp.gap_share)}
download_buttons(df=table.assign(**{t(vi, en): v.set_axis(table.index) for en, (vi, v) in cols.items()}),
                 name=export_name, lang=lang,
                 title=t(f"Điểm yếu · {idx.short} {year} · {province_name}: tất cả nội dung",
                         f"Weak components · {idx.short} {year} · {province_name}: all components"),
                 source=source, key="weak_table",
                 number_formats={t("Phân vị", "Percentile"): "0", t("Thay đổi điểm", "Score change"): SIGNED_2,
                                 t("Thay đổi hạng", "Rank change"): SIGNED_INT, t("Tỷ trọng khoảng cách", "Share of gap"): "0.0%"})
st.caption(t("Cách trung vị: dương = cao hơn trung vị cả nước. Phân vị: % số tỉnh khác có điểm thấp hơn. "
             "Tỷ trọng khoảng cách: phần của nội dung trong tổng khoảng cách tới điểm cao nhất của các nội dung cùng cấp. "
             "Số kỳ giảm liên tiếp chỉ đếm trong cùng một giai đoạn phương pháp.",
             "Gap to median: positive = above the national median. Percentile: % of other provinces scoring lower. "
             "Share of gap: the component's part of the summed gap to the best over its level. "
             "Falls in a row are counted within one methodology period only."))

# ------------------------------------------------------------------ weak components and their tasks
st.subheader(t("Nội dung yếu và nhiệm vụ khắc phục", "Weak components and their tasks"))
if weak.empty:
    st.success(t("Không có nội dung nào bị đánh dấu yếu theo các quy tắc hiện hành.", "No component is flagged weak by the current rules."))
tasks = uw.tasks_for(lang, user, province, weak) if not weak.empty else None
links = analysis.attach_tasks(weak, tasks) if tasks is not None else None
for row in weak.itertuples():
    head = (f"{row.indicator_code} · {getattr(row, name_col)} — {fmt.number(row.value, 2, lang)} · "
            f"{t('thứ', 'rank')} {fmt.rank(row.rank, row.ranked_count, lang)}")
    with st.container(border=True):
        st.markdown(f"**{head}**")
        st.caption(row.weak_reasons_vi if lang == "vi" else row.weak_reasons_en)
        if links is not None:
            mine = links[links.indicator_code == row.indicator_code]
            shown_tasks = uw.task_table(mine, lang)
            if shown_tasks.empty:
                st.markdown(t("⚠️ **Chưa có nhiệm vụ nào** gắn với nội dung này.", "⚠️ **No task** is tied to this component."))
            else:
                open_n = int(mine.is_open.sum())
                st.markdown(t(f"{len(shown_tasks)} nhiệm vụ, {open_n} chưa hoàn thành",
                              f"{len(shown_tasks)} tasks, {open_n} not done"))
                st.dataframe(shown_tasks, hide_index=True, width="stretch")
        uw.tasks_link(lang, index_code, row.indicator_code, province)

# ------------------------------------------------------------------ where a point counts most
st.subheader(t("Cải thiện nội dung nào được nhiều bậc nhất", "Where a point counts most"))
target = st.radio(t("Nếu nâng một nội dung lên", "If one component is raised to"), list(analysis.WHAT_IF_TARGETS),
                  horizontal=True, key="target",
                  format_func=lambda x: t("trung vị cả nước", "the national median") if x == "median" else t("điểm cao nhất cả nước", "the national best"))
what_if = uw.where_a_point_counts_most(index_code, year, province, target)
if what_if.empty:
    st.info(t("Không tính được: tỉnh chưa có tổng điểm trong kỳ này.", "Cannot compute: no total for this province."))
else:
    gains = pd.DataFrame({
        t("Mã", "Code"): what_if.indicator_code,
        t("Nội dung", "Component"): what_if[name_col],
        t("Điểm hiện tại", "Score now"): [fmt.number(v, 3, lang) for v in what_if.value],
        t("Mức mục tiêu", "Target"): [fmt.number(v, 3, lang) for v in what_if.target_value],
        t("Điểm cần thêm", "Points needed"): [fmt.number(v, 3, lang) for v in what_if.points_needed],
        t("Tổng điểm mới", "New total"): [fmt.number(v, 2, lang) for v in what_if.new_total],
        t("Thứ hạng mới", "New rank"): [fmt.rank(r, n, lang) for r, n in zip(what_if.new_rank, what_if.ranked_count)],
        t("Số bậc tăng", "Places gained"): what_if.ranks_gained.astype(int).astype(str),
    })
    st.dataframe(gains, hide_index=True, width="stretch")
    three = "#,##0.000"
    download_buttons(df=gains.assign(**{t("Điểm hiện tại", "Score now"): what_if.value.set_axis(gains.index),
                                        t("Mức mục tiêu", "Target"): what_if.target_value.set_axis(gains.index),
                                        t("Điểm cần thêm", "Points needed"): what_if.points_needed.set_axis(gains.index),
                                        t("Tổng điểm mới", "New total"): what_if.new_total.set_axis(gains.index),
                                        t("Số bậc tăng", "Places gained"): what_if.ranks_gained.set_axis(gains.index)}),
                     name=t(f"Cải thiện nội dung {idx.short} {year} {province_name}", f"Where a point counts most {idx.short} {year} {province_name}"),
                     lang=lang,
                     title=t(f"{idx.short} {year} · {province_name}: nâng một nội dung lên "
                             + ("trung vị cả nước" if target == "median" else "điểm cao nhất cả nước"),
                             f"{idx.short} {year} · {province_name}: one component raised to the national "
                             + ("median" if target == "median" else "best")),
                     source=source, key="weak_what_if",
                     number_formats={t("Điểm hiện tại", "Score now"): three, t("Mức mục tiêu", "Target"): three,
                                     t("Điểm cần thêm", "Points needed"): three})
    st.caption(t("Tổng điểm mới = tổng hiện tại − điểm hiện tại của nội dung + mức mục tiêu; các nội dung và các tỉnh khác "
                 "giữ nguyên; đồng điểm thì cùng thứ hạng cao hơn.",
                 "New total = current total − the component's score + the target; everything else unchanged; "
                 "ties share the better rank."))
