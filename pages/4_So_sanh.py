"""So sánh (Compare): the province beside chosen peers on every component of an index.

Peers: the same region, the five best of the edition, the provinces merged with it on 1 July 2025,
or any list (kept in the URL: ?peers=40,38). Grouped bars for a few provinces, a heatmap for many,
and the table with every figure. Presentation only.
"""
from __future__ import annotations

import pandas as pd
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

provinces = ui.cached(scores.provinces)
by_code = provinces.set_index("province_code")
names = dict(zip(provinces.province_code, provinces[name_col]))
idx = ui.cached(scores.indices).set_index("index_code").loc[index_code]
figures = ui.cached(scores.edition_scores, index_code, year)
edition = ui.cached(scores.edition, index_code, year)
partial = edition is not None and edition["coverage"] == "partial"

MODES = {"neighbours": ("Tỉnh giáp ranh", "Neighbouring provinces"),
         "region": ("Cùng vùng", "Same region"), "top5": ("5 tỉnh dẫn đầu", "Top five"),
         "merged": ("Cùng tỉnh mới (từ 01/07/2025)", "Same new province (from 1 July 2025)"),
         "custom": ("Tự chọn", "Choose")}
mode = ui.url_param("peer_mode", "top5")
mode = st.sidebar.radio(t("So sánh với", "Compare with"), list(MODES), index=list(MODES).index(mode if mode in MODES else "top5"),
                        format_func=lambda m: t(*MODES[m]), key="peer_mode")
ui.remember("peer_mode", mode)

totals = figures[figures.indicator_code == "TOTAL"].sort_values("rank")
if mode == "neighbours":
    peers = list(ui.cached(scores.province_neighbours, province).province_code)
elif mode == "region":
    peers = list(provinces[provinces.region_vi == by_code.loc[province].region_vi].province_code)
elif mode == "top5":
    peers = list(totals[totals["rank"].notna()].province_code[:5])
elif mode == "merged":
    peers = list(provinces[provinces.code_2025 == by_code.loc[province].code_2025].province_code)
else:
    remembered = [c for c in str(ui.url_param("peers", "") or "").split(",") if c in names]
    peers = st.sidebar.multiselect(t("Các tỉnh so sánh", "Provinces to compare"), sorted(names, key=names.get),
                                   default=remembered, format_func=names.get, key="peers")
    ui.remember("peers", ",".join(peers))
chosen = [province] + [c for c in peers if c != province]

st.title(t(f"{idx.short} {year}: {names[province]} và các tỉnh so sánh", f"{idx.short} {year}: {names[province]} and peers"))
if partial:
    st.warning(ui.partial_edition_note(lang) + " " + t("Tỉnh không có số liệu công khai ghi “chưa có số liệu”.",
                                                       "Provinces without public figures say “no data yet”."))
if mode == "merged" and len(chosen) == 1:
    st.info(t(f"{names[province]} không sáp nhập với tỉnh nào từ 01/07/2025.",
              f"{names[province]} was not merged with another province on 1 July 2025."))

# Components of the index that year: level 1 under the total (PAPI dimensions, PAR fields, SIPAS elements).
components = ui.cached(scores.indicators, index_code, year)
components = components[components.level.isin([0, 1])].drop_duplicates("indicator_code", keep="last")
order = list(components.indicator_code)
label = {r.indicator_code: (r.indicator_code + " · " if r.indicator_code != "TOTAL" else "") + r[name_col]
         for _, r in components.iterrows()}
d = figures[figures.province_code.isin(chosen) & figures.indicator_code.isin(order)]
# Components none of these provinces has a figure for are listed in one line, not as empty rows.
empty = [c for c in order if c != "TOTAL" and c not in set(d[d.value.notna()].indicator_code)]
order = [c for c in order if c not in empty]
grid = pd.MultiIndex.from_product([order, chosen], names=["indicator_code", "province_code"]).to_frame(index=False)
d = grid.merge(d, on=["indicator_code", "province_code"], how="left")
d["indicator"] = d.indicator_code.map(label)
d["province"] = d.province_code.map(names)

components_only = d[d.indicator_code != "TOTAL"]
has_components = components_only.value.notna().any()
plot = components_only if has_components else d
source = ui.source_line(lang, index_code, year)
export_name = t(f"So sánh {idx.short} {year} {names[province]}", f"{idx.short} {year} comparison {names[province]}")
if plot.value.notna().any():
    title = t(f"{idx.short} {year}: điểm từng chỉ số thành phần", f"{idx.short} {year}: score on each component")
    if len(chosen) <= 6:
        fig = charts.compare_bars(plot, lang, title=title, source=source, province_code=province,
                                  value_label="%" if idx.unit_vi.startswith("%") else t("Điểm", "Score"))
    else:
        fig = charts.compare_heatmap(plot, lang, title=title, source=source)
    st.plotly_chart(fig, config={"displaylogo": False})
    download_buttons(fig=fig, name=export_name, lang=lang, source=source, key="compare_chart")
else:
    st.info(t("Chưa có số liệu của các tỉnh này trong kỳ công bố.", "No data yet for these provinces in this edition."))
if not has_components:
    st.caption(t("Kỳ này chưa có số liệu chỉ số thành phần công khai; chỉ so sánh tổng điểm.",
                 "No public component figures this edition; totals only."))

# Table: components in rows, provinces in columns, national median when the edition is full.
table = pd.DataFrame({t("Chỉ số thành phần", "Component"): [label[c] for c in order]})
for code in chosen:
    s = d[d.province_code == code].set_index("indicator_code")
    table[names[code]] = [fmt.number(s.value.get(c), 2, lang)
                          + (t(" (suy ra)", " (derived)") if ui.is_true(s.derived.get(c)) else "")
                          + (t(" (nguồn khác nhau)", " (sources differ)") if ui.is_true(s.disputed.get(c)) else "")
                          for c in order]
if not partial:
    med = d.drop_duplicates("indicator_code").set_index("indicator_code").national_median
    table[t("Trung vị cả nước", "National median")] = [fmt.number(med.get(c), 2, lang) for c in order]
maxima = components.set_index("indicator_code").max_value
table[t("Tối đa", "Max")] = [fmt.number(maxima.get(c), 2, lang) for c in order]
st.dataframe(table, hide_index=True)
# Excel: the table as shown (a cell may carry "(suy ra)"); the CSV bundle adds every figure as a plain
# number with its flags and source.
figures = d[["province", "indicator", "value", "derived", "disputed", "source"]].rename(columns={
    "province": t("Tỉnh", "Province"), "indicator": t("Chỉ số", "Indicator"), "value": t("Điểm", "Score"),
    "derived": t("Suy ra", "Derived"), "disputed": t("Nguồn khác nhau", "Sources differ"), "source": t("Nguồn", "Source")})
download_buttons(df=table, name=export_name, lang=lang,
                 title=t(f"{idx.short} {year}: {names[province]} và các tỉnh so sánh", f"{idx.short} {year}: {names[province]} and peers"),
                 source=source, frames={export_name: table, t("Số liệu từng tỉnh", "Figures by province"): figures},
                 key="compare_table")
if empty:
    st.caption(t("Chưa có số liệu cho các tỉnh này: ", "No data yet for these provinces: ")
                 + "; ".join(label[c] for c in empty))
rank_row = {names[c]: fmt.rank(*(totals.set_index("province_code")[["rank", "ranked_count"]].loc[c]
                                  if c in set(totals.province_code) else (None, None)), lang) for c in chosen}
st.markdown(t("**Thứ hạng tổng:** ", "**Overall rank:** ") + "; ".join(f"{k} {v}" for k, v in rank_row.items()))
sources = d[d.value.notna()][["province", "indicator", "source"]].rename(
    columns={"province": t("Tỉnh", "Province"), "indicator": t("Chỉ số", "Indicator"), "source": t("Nguồn", "Source")})
with st.expander(t("Nguồn từng số liệu", "Source of each figure")):
    st.dataframe(sources, hide_index=True)
