"""So sánh (Compare): the province beside chosen peers on every component of an index.

Peers: the same region, the five best of the edition, the provinces merged with it on 1 July 2025,
or any list (kept in the URL: ?peers=40,38). Grouped bars for a few provinces, a heatmap for many,
and the table with every figure. Presentation only.
"""
from __future__ import annotations

import pandas as pd
import streamlit as st

from chiso import address, charts, fmt, frame, scores, ui, ui_charts
from chiso.i18n import N_, _
from chiso.ui_exports import download_buttons

ctx = frame.context()
lang = ctx.lang
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

MODES = {"neighbours": N_("Neighbouring provinces"), "region": N_("Same region"), "top5": N_("Top five"),
         "merged": N_("Same new province (from 1 July 2025)"), "custom": N_("Choose")}
merged_parts = list(provinces[provinces.code_2025 == by_code.loc[province].code_2025].province_code)
# An edition of the 34 (PAR INDEX 2025) compares new provinces: a peer of the 63 is the new province it is
# part of (Bình Phước's neighbours were listed "no data"), named as the 34 are, and none has parts to compare
of_34 = ctx.as_new  # the frame's answer; the province is then the new one already
new_of = dict(zip(provinces.province_code, provinces.code_2025))
if of_34:
    MODES.pop("merged")
    names = names | frame.names_2025()
# In the 34 list the natural comparison is the provinces the new one was formed from; a province that
# was not merged has none, and opens beside its neighbours instead of beside nobody.
default_mode = ("merged" if len(merged_parts) > 1 and not of_34 else "neighbours") if ctx.province_set == "34" \
    else "top5"
mode, asked = address.url_param("peer_mode", default_mode), address.brought_by_link("peer_mode")
mode = st.sidebar.radio(_("Compare with"), list(MODES),
                        index=list(MODES).index(mode if mode in MODES else default_mode),
                        format_func=lambda m: _(MODES[m]), key="peer_mode")
address.remember("peer_mode", mode)
ui.say_link_refused("peer_mode", _("comparison"), asked if asked not in MODES else None, None, _(MODES[mode]),
                    still=mode == default_mode)

totals = figures[figures.indicator_code == "TOTAL"].sort_values("rank")
if mode == "neighbours":
    peers = [c for part in (merged_parts if of_34 else [province])  # a new province borders what its parts did
             for c in ui.cached(scores.province_neighbours, part).province_code]
elif mode == "region":  # a new province is in every region its parts were (Lâm Đồng: Tây Nguyên and the coast)
    regions = ui.cached(scores.new_province_regions) if of_34 else provinces.assign(code_2025=provinces.province_code)
    in_regions = regions[regions.code_2025 == province]
    peers = list(regions[regions.region_vi.isin(in_regions.region_vi)].code_2025.unique())
    # said: why Hà Tĩnh is beside Lâm Đồng (Bình Thuận's region); "; " since a region's name holds "và"
    st.sidebar.caption(_("Regions: {regions}", regions="; ".join(in_regions[f"region_{lang}"])) if len(in_regions) > 1
                       else _("Region: {region}", region=in_regions[f"region_{lang}"].iloc[0]))
elif mode == "top5":
    peers = list(totals[totals["rank"].notna()].province_code[:5])
elif mode == "merged":
    peers = merged_parts
else:
    asked = address.brought_by_link("peers")
    remembered = [c for c in str(address.url_param("peers", "") or "").split(",") if c in names]
    offered = sorted(frame.names_2025() if of_34 else names, key=names.get)
    peers = ui.province_multiselect(st.sidebar, _("Provinces to compare"), offered, key="peers",
                                    names=names, remembered=[c for c in remembered if c in offered])
    address.remember("peers", ",".join(peers))
    refused = [c for c in (asked or "").split(",") if c.strip() and c not in names]
    ui.say_link_refused("peers", _("provinces to compare"), ", ".join(refused), province,
                        fmt.listing(names[c] for c in peers) or _("none"), still=peers == remembered)
if of_34:
    peers = [new_of.get(c, c) for c in peers]
chosen = list(dict.fromkeys([province] + [c for c in peers if c != province]))

if mode == "merged" and ctx.province_2025 is not None and len(chosen) > 1:
    # the new province is what the user chose; its parts are the comparison, none of them "and peers"
    st.title(_("{index} {year}: {new_province} (from 1 July 2025), the provinces it was formed from",
               index=idx.short, year=year, new_province=ctx.province_2025_name))
else:
    st.title(_("{index} {year}: {province} and peers", index=idx.short, year=year, province=names[province]))
if partial:
    st.warning(ui.partial_edition_note(lang) + " " + _("Provinces without public figures say “no data yet”."))
if mode == "merged" and len(chosen) == 1:
    st.info(_("No other province was merged with {province} on 1 July 2025: it is compared with none.",
              province=names[province]) + " " + _("Choose “{neighbours}” or “{region}” under “{compare_with}”.",
                                                 neighbours=_(MODES["neighbours"]), region=_(MODES["region"]),
                                                 compare_with=_("Compare with")))

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
export_name = _("{index} {year} comparison {province}", index=idx.short, year=year, province=names[province])
if plot.value.notna().any():
    title = (_("{index} {year}: score on each component", index=idx.short, year=year) if has_components
             else _("{index} {year}: total score (no public component figures)", index=idx.short, year=year))
    if len(chosen) <= 6:
        fig = charts.compare_bars(plot, lang, title=title, source=source, province_code=province,
                                  value_label="%" if idx.unit_vi.startswith("%") else _("Score"))
    else:
        fig = charts.compare_heatmap(plot, lang, title=title, source=source)
    ui_charts.chart(fig)
    download_buttons(fig=fig, name=export_name, lang=lang, source=source, key="compare_chart")
else:
    st.info(_("No data yet for these provinces in this edition."))
if not has_components:
    st.caption(_("No public component figures this edition; totals only."))

# Table: components in rows, provinces in columns, national median when the edition is full.
table = pd.DataFrame({_("Component"): [label[c] for c in order]})
for code in chosen:
    s = d[d.province_code == code].set_index("indicator_code")
    table[names[code]] = [fmt.number(s.value.get(c), 2, lang)
                          + (_(" (derived)") if ui.is_true(s.derived.get(c)) else "")
                          + (_(" (sources differ)") if ui.is_true(s.disputed.get(c)) else "")
                          for c in order]
if not partial:
    med = d.drop_duplicates("indicator_code").set_index("indicator_code").national_median
    table[_("National median")] = [fmt.number(med.get(c), 2, lang) for c in order]
maxima = components.set_index("indicator_code").max_value
table[_("Max")] = [fmt.number(maxima.get(c), 2, lang) for c in order]
ui.table(table, phone_label=_("Component"))
# Excel: the table as shown (a cell may carry "(suy ra)"); the CSV bundle adds every figure as a plain
# number with its flags and source.
figures = d[["province", "indicator", "value", "derived", "disputed", "source"]].rename(columns={
    "province": _("Province"), "indicator": _("Indicator"), "value": _("Score"),
    "derived": _("Derived"), "disputed": _("Sources differ"), "source": _("Source")})
download_buttons(df=table, name=export_name, lang=lang,
                 title=_("{index} {year}: {province} and peers", index=idx.short, year=year, province=names[province]),
                 source=source, frames={export_name: table, _("Figures by province"): figures},
                 key="compare_table")
if empty:
    st.caption(_("No data yet for these provinces: ")
                 + "; ".join(label[c] for c in empty))
rank_row = {names[c]: fmt.rank(*(totals.set_index("province_code")[["rank", "ranked_count"]].loc[c]
                                  if c in set(totals.province_code) else (None, None)), lang) for c in chosen}
st.markdown(_("**Overall rank:** ") + "; ".join(f"{k} {v}" for k, v in rank_row.items()))
sources = d[d.value.notna()][["province", "indicator", "source"]].rename(
    columns={"province": _("Province"), "indicator": _("Indicator"), "source": _("Source")})
with st.expander(_("Source of each figure")):
    ui.table(sources)
