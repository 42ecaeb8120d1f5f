"""Xếp hạng (Rankings): every province on one index, year and component, best first.

The chosen province is red; the national median is drawn only for full editions (a median of the
few provinces a partial edition names would mislead). Presentation only.
"""
from __future__ import annotations

import pandas as pd
import streamlit as st

from chiso import charts, fmt, frame, scores, ui
from chiso.ui_exports import SIGNED_INT, download_buttons

ctx = frame.context()
lang = ctx.lang
t = lambda vi, en: ui.t(lang, vi, en)  # noqa: E731
name_col = "name_vi" if lang == "vi" else "name_en"

province = ctx.province
index_code = ctx.index_code
year = ctx.year
indicator = ui.indicator_picker(lang, index_code, year)

provinces = ui.cached(scores.provinces)
regions = sorted(provinces.region_vi.dropna().unique())
region_labels = dict(zip(provinces.region_vi, provinces.region_vi if lang == "vi" else provinces.region_en))
ALL = "__all__"
current = ui.url_param("region", ALL)
options = [ALL] + regions
region = st.sidebar.selectbox(t("Vùng", "Region"), options, index=options.index(current) if current in options else 0,
                              format_func=lambda r: t("Cả nước", "Whole country") if r == ALL else region_labels[r],
                              key="region")
ui.remember("region", region)

idx = ui.cached(scores.indices).set_index("index_code").loc[index_code]
ind = ui.cached(scores.indicators, index_code, year).set_index("indicator_code").loc[[indicator]].iloc[-1]
ind_name = ind.name_vi if lang == "vi" else ind.name_en
edition = ui.cached(scores.edition, index_code, year)
ranking = ui.cached(scores.ranking, index_code, year, indicator)
partial = edition is not None and edition["coverage"] == "partial"
province_name = provinces.set_index("province_code").loc[province][name_col]

st.title(f"{idx.short} {year} · {ind_name}")
if partial:
    st.warning(ui.partial_edition_note(lang) + " " + t(
        f"Kỳ này có số liệu công khai của {ranking.value.notna().sum()}/63 tỉnh; không vẽ trung vị cả nước.",
        f"This edition has public figures for {ranking.value.notna().sum()}/63 provinces; no national median is drawn."))

median = None
if not partial:
    nat = ui.cached(scores.national_series, index_code, indicator)
    nat = nat[nat.year == year]
    median = float(nat.national_median.iloc[0]) if len(nat) and not fmt.is_missing(nat.national_median.iloc[0]) else None

shown = ranking if region == ALL else ranking[ranking.region_vi == region]
mine = ranking[ranking.province_code == province]
if mine.empty or fmt.is_missing(mine.value.iloc[0]):
    st.info(t(f"{province_name}: chưa có số liệu trong kỳ này.", f"{province_name}: no data yet in this edition."))
else:
    r = mine.iloc[0]
    st.markdown(t(f"**{province_name}**: {fmt.number(r.value, 2, lang)} điểm, xếp thứ {fmt.rank(r['rank'], r.ranked_count, lang)}",
                  f"**{province_name}**: {fmt.number(r.value, 2, lang)}, ranked {fmt.rank(r['rank'], r.ranked_count, lang)}")
                + (t(f"; trung vị cả nước {fmt.number(median, 2, lang)}", f"; national median {fmt.number(median, 2, lang)}")
                   if median is not None else ""))
if region != ALL:
    st.caption(t(f"Chỉ hiện các tỉnh vùng {region_labels[region]}; thứ hạng và trung vị là của cả nước.",
                 f"Only {region_labels[region]} shown; ranks and median are national."))

# Download names: "Xếp hạng PAPI 2022" (+ component code and region when chosen).
export_name = (t(f"Xếp hạng {idx.short} {year}", f"{idx.short} {year} ranking")
               + ("" if indicator == "TOTAL" else f" {indicator}") + ("" if region == ALL else f" {region_labels[region]}"))
export_title = (t(f"Xếp hạng {idx.short} {year}: {ind_name}", f"{idx.short} {year} ranking: {ind_name}")
                + ("" if region == ALL else f" ({region_labels[region]})"))
source = ui.source_line(lang, index_code, year)
if shown.value.notna().any():
    title = t(f"{idx.short} {year}: {ind_name}", f"{idx.short} {year}: {ind_name}")
    fig = charts.ranking_bar(shown, province, lang, title=title, source=source,
                             median=median, value_label=t("Điểm", "Score") if not idx.unit_vi.startswith("%") else "%")
    st.plotly_chart(fig, config={"displaylogo": False})
    download_buttons(fig=fig, name=export_name, lang=lang, source=source, key="ranking_chart")
else:
    st.info(ui.missing(lang))

disputes = ui.cached(scores.disagreements)
disputes = disputes[(disputes.index_code == index_code) & (disputes.year == year) & (disputes.indicator_code == indicator)]
dispute_text = {r.province_code: t(f"nguồn khác nhau: {r.candidates}; chọn theo: {r.rule}",
                                   f"sources differ: {r.candidates}; chosen by: {r.rule}")
                for r in disputes.itertuples()}


def notes(r) -> str:
    out = []
    if ui.is_true(r.derived):
        out.append(t("suy ra", "derived"))
    if r.province_code in dispute_text:
        out.append(dispute_text[r.province_code])
    elif ui.is_true(r.disputed):
        out.append(t("nguồn khác nhau", "sources differ"))
    if ui.is_true(r.group_boundary):
        out.append(t("sát ranh giới nhóm", "on a group boundary"))
    return "; ".join(out)


table = pd.DataFrame({
    t("Hạng", "Rank"): [fmt.rank(r, n, lang) for r, n in zip(shown["rank"], shown.ranked_count)],
    t("Tỉnh/thành phố", "Province"): [("▶ " if c == province else "") + n for c, n in zip(shown.province_code, shown[name_col])],
    t("Vùng", "Region"): [region_labels.get(r, "") for r in shown.region_vi],
    t("Điểm", "Score"): [fmt.number(v, 2, lang) for v in shown.value],
    t("Thay đổi hạng", "Rank change"): [fmt.signed(v, 0, lang) for v in shown.rank_change],
    t("Nhóm", "Group"): [g if isinstance(g, str) else "" for g in (shown.group_vi if lang == "vi" else shown.group_en)],
    t("Ghi chú", "Notes"): [notes(r) for r in shown.itertuples()],
    t("Nguồn", "Source"): shown.source,
})
if partial or table[t("Nhóm", "Group")].eq("").all():
    table = table.drop(columns=[t("Nhóm", "Group")])
st.dataframe(table, hide_index=True, height=min(38 * (len(table) + 1), 900))
# The same table for Excel/CSV: score and rank change as real numbers, the province without the ▶ marker.
score_col, change_col = t("Điểm", "Score"), t("Thay đổi hạng", "Rank change")
download_buttons(df=table.assign(**{t("Tỉnh/thành phố", "Province"): shown[name_col].set_axis(table.index),
                                    score_col: shown.value.set_axis(table.index),
                                    change_col: shown.rank_change.set_axis(table.index)}),
                 name=export_name, lang=lang, title=export_title, source=source,
                 number_formats={change_col: SIGNED_INT}, key="ranking_table")
st.caption(t("Thứ hạng: " + ("thứ hạng công bố." if partial else "theo nguồn công bố hoặc tính từ điểm công bố.")
             + " “suy ra”: tính theo quy tắc công bố của chỉ số từ các chỉ số thành phần.",
             "Ranks: " + ("as published." if partial else "as published or computed from published scores.")
             + " “derived”: computed by the index's published rule from its components."))
