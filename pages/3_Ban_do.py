"""Bản đồ (Map): one index or component across every province, the chosen province outlined.

Drawn as SVG shapes with no base map (chiso.maps), so it renders without network. Provinces
without a figure are grey and say "chưa có số liệu". Presentation only.
"""
from __future__ import annotations

import streamlit as st

from chiso import charts, fmt, frame, scores, ui, ui_charts
from chiso.i18n import _
from chiso.ui_exports import download_buttons

ctx = frame.context()
lang, name_col = ctx.lang, ctx.name_col
province, index_code, year = ctx.province, ctx.index_code, ctx.year
parts = list(ctx.parts)   # one province, or in the 34 list the provinces a new one was formed from
indicator = ui.indicator_picker(lang, index_code, year, levels=(0, 1, 2))

idx = ui.cached(scores.indices).set_index("index_code").loc[index_code]
ind = ui.cached(scores.indicators, index_code, year).set_index("indicator_code").loc[[indicator]].iloc[-1]
ind_name = ind[name_col]
edition = ui.cached(scores.edition, index_code, year)
ranking = ui.cached(scores.ranking, index_code, year, indicator)
with_value = int(ranking.value.notna().sum())
of_34 = ctx.as_new  # the edition ranks the 34 (the frame's answer): drawn on them
ranked_set = 34 if of_34 else 63

st.title(f"{idx.short} {year} · {ind_name}")
if edition is not None and edition["coverage"] == "partial":
    st.warning(ui.partial_edition_note(lang) + " " + _(
        "{n}/{of} provinces with public figures are coloured; grey: no data yet.", n=with_value, of=ranked_set))
else:
    st.caption(_("{n}/{of} provinces have a figure; grey: no data yet.", n=with_value, of=ranked_set))

pct = idx.unit_vi.startswith("%")
source = ui.source_line(lang, index_code, year)
# In the 34 list: the 34 provinces drawn over the 63 the edition ranks; the chosen one red, its constituents named.
fig = ui.cached(charts.province_map, index_code, year, indicator, province if ctx.province_set == "63" else None,
                lang, f"{idx.short} {year}: {ind_name}", source, "%" if pct else _("Score"), ctx.province_set,
                ctx.province_2025, tuple((c, ctx.province_name(c)) for c in parts))
ui_charts.chart(fig, config={"scrollZoom": True})
# The map and the figures it colours: every province the edition names, gaps written "chưa có số liệu".
headers = {"province_code": _("Province code"), name_col: _("Province"),
           "region_vi" if lang == "vi" else "region_en": _("Region"), "value": "%" if pct else _("Score"),
           "rank": _("Rank"), "ranked_count": _("Provinces ranked"), "source": _("Source")}
export_name = _("{index} {year} map", index=idx.short, year=year) + ("" if indicator == "TOTAL" else f" {indicator}")
download_buttons(fig=fig, df=ranking[list(headers)], name=export_name, lang=lang,
                 title=f"{idx.short} {year}: {ind_name}", source=source, headers_vi=headers,
                 number_formats={"rank": "0", "ranked_count": "0"},
                 frames={export_name: ranking[list(headers)].rename(columns=headers)}, key="map")

for code in parts:
    mine = ranking[ranking.province_code == code]
    if mine.empty or mine.value.isna().all():
        st.markdown(_("**{province}** (red outline): no data yet.", province=ctx.province_name(code)))
    else:
        r = mine.iloc[0]
        st.markdown(_("**{province}** (red outline): {score}, {ranked}.", province=ctx.province_name(code),
                      score=fmt.amount(r.value, idx.unit_vi, lang),  # "84,48%" for SIPAS, as Xếp hạng says it
                      ranked=fmt.ranked(r["rank"], r.ranked_count, lang, not_ranked=r.not_ranked)))
if of_34:
    st.caption(_("Map of the 34 provinces from 1 July 2025, which the edition ranks, including the Hoàng Sa and "
                 "Trường Sa archipelagos. Hover for each figure's source."))
else:
    if ctx.province_set == "34":
        st.caption(_("Dark lines: the 34 provinces from 1 July 2025, drawn over the 63 provinces the edition ranks; "
                     "red: {new} and the provinces it was formed from, named on the map.", new=ctx.province_2025_name))
    st.caption(_("Map of the 63 pre-1 July 2025 provinces, including the Hoàng Sa and Trường Sa archipelagos. "
                 "Hover for each figure's source."))
