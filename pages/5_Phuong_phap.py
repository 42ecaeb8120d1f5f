"""Phương pháp (Methodology): per index, who publishes it, its scale, its components with maxima
(from the catalog, by period), what changed when, which editions are partial, where every
figure comes from, and where sources disagree. Presentation only.
"""
from __future__ import annotations

import pandas as pd
import streamlit as st

from chiso import fmt, frame, scores, ui
from chiso.ui_exports import download_buttons

ctx = frame.context()
lang = ctx.lang
t = lambda vi, en: ui.t(lang, vi, en)  # noqa: E731
name_col = "name_vi" if lang == "vi" else "name_en"

index_code = ctx.index_code
idx = ui.cached(scores.indices).set_index("index_code").loc[index_code]

st.title(f"{idx.short}: {idx['name_vi'] if lang == 'vi' else idx['name_en']}")
st.markdown(f"**{t('Cơ quan công bố', 'Publisher')}:** {idx['publisher_vi'] if lang == 'vi' else idx['publisher_en']}  \n"
            f"**{t('Đơn vị', 'Unit')}:** {idx['unit_vi'] if lang == 'vi' else idx['unit_en']}  \n"
            f"**{t('Kỳ đầu tiên', 'First edition')}:** {idx.first_year}")
st.markdown(idx["methodology_vi"] if lang == "vi" else idx["methodology_en"])

st.header(t("Chỉ số thành phần và điểm tối đa", "Components and maxima"))
ind = ui.cached(scores.indicators, index_code)


def years(r) -> str:
    last = "" if fmt.is_missing(r.last_year) else str(int(r.last_year))
    return f"{int(r.first_year)}–{last}" if last != str(int(r.first_year)) else str(int(r.first_year))


levels = {0: t("Tổng", "Total"), 1: t("Thành phần", "Component"), 2: t("Thành phần con", "Sub-component")}
table = pd.DataFrame({
    t("Mã", "Code"): ind.indicator_code,
    t("Cấp", "Level"): [levels.get(int(x), str(x)) for x in ind.level],
    t("Tên", "Name"): ind[name_col],
    t("Điểm tối đa", "Maximum"): [fmt.number(v, 2, lang) for v in ind.max_value],
    t("Điểm tối thiểu", "Minimum"): [fmt.number(v, 2, lang) for v in ind.min_value],
    t("Áp dụng các năm", "Years"): [years(r) for r in ind.itertuples()],
    t("Ghi chú", "Note"): ind.note.fillna(""),
})
st.dataframe(table, hide_index=True)
download_buttons(df=table.assign(**{t("Điểm tối đa", "Maximum"): ind.max_value.set_axis(table.index),
                                    t("Điểm tối thiểu", "Minimum"): ind.min_value.set_axis(table.index)}),
                 name=t(f"Chỉ số thành phần {idx.short}", f"{idx.short} components"), lang=lang,
                 title=t(f"{idx.short}: chỉ số thành phần và điểm tối đa", f"{idx.short}: components and maxima"),
                 source=ui.source_line(lang, index_code), key="method_components")
st.caption(t("Một chỉ số có nhiều dòng khi ý nghĩa hoặc thang điểm thay đổi: các biểu đồ không nối chuỗi qua mốc đó.",
             "An indicator has several rows when its meaning or scale changed: charts never join a series across that point."))

st.header(t("Thay đổi phương pháp", "Methodology changes"))
changes = ui.cached(scores.methodology_changes, index_code)
if changes.empty:
    st.markdown(ui.missing(lang))
for r in changes.itertuples():
    st.markdown(f"**{r.year}: {getattr(r, 'title_' + lang)}.** {getattr(r, 'description_' + lang)}  \n"
                f"*{t('Nguồn', 'Source')}: {r.source}*")

st.header(t("Các kỳ công bố", "Editions"))
eds = ui.cached(scores.editions, index_code)
cov = {"full": t("đầy đủ", "full"), "partial": t("chưa đầy đủ (một số tỉnh)", "partial (some provinces)")}
st.dataframe(pd.DataFrame({
    t("Năm đánh giá", "Year assessed"): eds.year.astype(str),
    t("Mức đầy đủ", "Coverage"): [cov.get(c, c) for c in eds.coverage],
    t("Phương pháp", "Methodology"): eds.methodology,
    t("Số tỉnh được xếp hạng (công bố)", "Provinces ranked (published)"): [fmt.number(v, 0, lang) for v in eds.published_ranked_count],
    t("Ghi chú", "Note"): eds[f"note_{lang}"].fillna(""),
}), hide_index=True)
if (eds.coverage == "partial").any():
    st.info(ui.partial_edition_note(lang) + " " + t(
        "Với kỳ chưa đầy đủ, ứng dụng không tính trung vị hay trung bình cả nước; chỉ hiện số liệu và thứ hạng đã công bố.",
        "For partial editions the app computes no national median or mean; it shows only published figures and ranks."))

st.header(t("Nguồn của từng số liệu", "Source of every figure"))
st.markdown(t("Mỗi số trên biểu đồ có nguồn khi rê chuột, mỗi bảng có cột Nguồn. Số **suy ra** được tính theo quy tắc công bố "
              "của chỉ số (ví dụ tổng điểm PAPI = tổng các chỉ số nội dung) và ghi rõ nguồn của các thành phần.",
              "Every charted figure shows its source on hover; every table has a Source column. **Derived** figures are "
              "computed by the index's published rule (e.g. PAPI total = sum of dimensions) and cite their components' source."))
sources = ui.cached(scores.index_sources, index_code)
st.dataframe(pd.DataFrame({
    t("Nguồn", "Source"): sources.source,
    t("Các năm", "Years"): [f"{a}–{b}" if a != b else str(a) for a, b in zip(sources.first_year, sources.last_year)],
    t("Số giá trị", "Values"): sources.values_count,
    t("Trong đó suy ra", "Of which derived"): sources.derived_count,
}), hide_index=True)

st.header(t("Nguồn khác nhau", "Disagreeing sources"))
dis = ui.cached(scores.disagreements)
dis = dis[dis.index_code == index_code]
if dis.empty:
    st.markdown(t("Không có số liệu nào mà các nguồn khác nhau.", "No figure on which sources disagree."))
else:
    names = dict(zip(*[ui.cached(scores.provinces)[c] for c in ("province_code", name_col)]))
    dis_table = pd.DataFrame({
        t("Năm", "Year"): dis.year.astype(str), t("Tỉnh", "Province"): dis.province_code.map(names),
        t("Chỉ số", "Indicator"): dis.indicator_code, t("Loại", "Kind"): dis.kind,
        t("Giá trị dùng", "Value used"): [fmt.number(v, 2, lang) for v in dis.chosen],
        t("Các giá trị theo nguồn", "Values by source"): dis.candidates, t("Quy tắc chọn", "Rule"): dis.rule,
    })
    st.dataframe(dis_table, hide_index=True)
    download_buttons(df=dis_table.assign(**{t("Giá trị dùng", "Value used"): dis.chosen.set_axis(dis_table.index)}),
                     name=t(f"Nguồn khác nhau {idx.short}", f"{idx.short} disagreeing sources"), lang=lang,
                     title=t(f"{idx.short}: số liệu mà các nguồn khác nhau", f"{idx.short}: figures on which sources disagree"),
                     key="method_disagreements")
