"""Bản đồ (Map): one index or component across every province, the chosen province outlined.

Drawn with no base-map tiles (map style "white-bg"), so it renders without network. Provinces
without a figure are grey and say "chưa có số liệu". Presentation only.
"""
from __future__ import annotations

import streamlit as st

from chiso import charts, fmt, frame, scores, ui
from chiso.ui_exports import download_buttons

ctx = frame.context()
lang = ctx.lang
t = lambda vi, en: ui.t(lang, vi, en)  # noqa: E731
name_col = "name_vi" if lang == "vi" else "name_en"

province = ctx.province
index_code = ctx.index_code
year = ctx.year
indicator = ui.indicator_picker(lang, index_code, year, levels=(0, 1, 2))

idx = ui.cached(scores.indices).set_index("index_code").loc[index_code]
ind = ui.cached(scores.indicators, index_code, year).set_index("indicator_code").loc[[indicator]].iloc[-1]
ind_name = ind[name_col]
edition = ui.cached(scores.edition, index_code, year)
ranking = ui.cached(scores.ranking, index_code, year, indicator)
with_value = int(ranking.value.notna().sum())

st.title(f"{idx.short} {year} · {ind_name}")
if edition is not None and edition["coverage"] == "partial":
    st.warning(ui.partial_edition_note(lang) + " " + t(
        f"Bản đồ tô màu {with_value}/63 tỉnh có số liệu công khai; các tỉnh màu xám: chưa có số liệu.",
        f"{with_value}/63 provinces with public figures are coloured; grey: no data yet."))
else:
    st.caption(t(f"{with_value}/63 tỉnh có số liệu; màu xám: chưa có số liệu.",
                 f"{with_value}/63 provinces have a figure; grey: no data yet."))

pct = idx.unit_vi.startswith("%")
source = ui.source_line(lang, index_code, year)
fig = charts.choropleth(ranking, scores.map_layer("63"), province, lang,
                        title=f"{idx.short} {year}: {ind_name}", source=source,
                        value_label="%" if pct else t("Điểm", "Score"))
st.plotly_chart(fig, config={"displaylogo": False, "scrollZoom": True})
# The map and the figures it colours: every province the edition names, gaps written "chưa có số liệu".
headers = {"province_code": t("Mã tỉnh", "Province code"), name_col: t("Tỉnh/thành phố", "Province"),
           "region_vi" if lang == "vi" else "region_en": t("Vùng", "Region"), "value": "%" if pct else t("Điểm", "Score"),
           "rank": t("Thứ hạng", "Rank"), "ranked_count": t("Số tỉnh xếp hạng", "Provinces ranked"),
           "source": t("Nguồn", "Source")}
export_name = t(f"Bản đồ {idx.short} {year}", f"{idx.short} {year} map") + ("" if indicator == "TOTAL" else f" {indicator}")
download_buttons(fig=fig, df=ranking[list(headers)], name=export_name, lang=lang,
                 title=f"{idx.short} {year}: {ind_name}", source=source, headers_vi=headers,
                 number_formats={"rank": "0", "ranked_count": "0"},
                 frames={export_name: ranking[list(headers)].rename(columns=headers)}, key="map")

mine = ranking[ranking.province_code == province]
pname = ui.cached(scores.provinces).set_index("province_code").loc[province][name_col]
if mine.empty or mine.value.isna().all():
    st.markdown(t(f"**{pname}** (viền đỏ): chưa có số liệu.", f"**{pname}** (red outline): no data yet."))
else:
    r = mine.iloc[0]
    st.markdown(t(f"**{pname}** (viền đỏ): {fmt.number(r.value, 2, lang)}, xếp thứ {fmt.rank(r['rank'], r.ranked_count, lang)}.",
                  f"**{pname}** (red outline): {fmt.number(r.value, 2, lang)}, ranked {fmt.rank(r['rank'], r.ranked_count, lang)}."))
st.caption(t("Bản đồ 63 tỉnh, thành phố trước 01/07/2025, gồm quần đảo Hoàng Sa và Trường Sa. Rê chuột để xem nguồn từng số.",
             "Map of the 63 pre-1 July 2025 provinces, including the Hoàng Sa and Trường Sa archipelagos. Hover for each figure's source."))
