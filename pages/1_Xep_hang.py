"""Xếp hạng (Rankings): every province on one index, year and component, best first.

The chosen province is red; the national median is drawn only for full editions (a median of the
few provinces a partial edition names would mislead). Presentation only.
"""
from __future__ import annotations

import pandas as pd
import streamlit as st

from chiso import address, charts, fmt, frame, scores, ui, ui_charts
from chiso.i18n import _
from chiso.ui_exports import SIGNED_INT, download_buttons

ctx = frame.context()
lang, name_col = ctx.lang, ctx.name_col
province, index_code, year = ctx.province, ctx.index_code, ctx.year
parts = list(ctx.parts)   # one province, or in the 34 list the provinces a new one was formed from
indicator = ui.indicator_picker(lang, index_code, year)

provinces = ui.cached(scores.provinces)
regions = sorted(provinces.region_vi.dropna().unique())
region_labels = dict(zip(provinces.region_vi, provinces.region_vi if lang == "vi" else provinces.region_en))
ALL = "__all__"
current, asked = address.url_param("region", ALL), address.brought_by_link("region")
options = [ALL] + regions
region = ui.typed_selectbox(st.sidebar, _("Region"), options, index=options.index(current) if current in options else 0,
                            format_func=lambda r: _("Whole country") if r == ALL else region_labels.get(r, r),
                            key="region", fallback=ALL)
address.remember("region", region)
ui.say_link_refused("region", _("region"), asked if asked not in options else None, None, _("Whole country"),
                    still=region == ALL)

idx = ui.cached(scores.indices).set_index("index_code").loc[index_code]
ind = ui.cached(scores.indicators, index_code, year).set_index("indicator_code").loc[[indicator]].iloc[-1]
ind_name = ind[name_col]
edition = ui.cached(scores.edition, index_code, year)
ranking = ui.cached(scores.ranking, index_code, year, indicator)
partial = edition is not None and edition["coverage"] == "partial"

st.title(f"{idx.short} {year} · {ind_name}")
with_value = int(ranking.value.notna().sum())
median = None
if partial:
    st.warning(ui.partial_edition_note(lang) + " " + _(
        "This edition has public figures for {n}/{of} provinces; no national median is drawn.", n=with_value,
        of=34 if ctx.as_new else 63))
else:
    # national figures exist only for an indicator the edition compares every province on (the build's
    # national_indicators): none for PCI 2020's sub-indices, public for two provinces
    nat = ui.cached(scores.national_series, index_code, indicator)
    nat = nat[nat.year == year]
    if nat.empty and edition is not None:
        st.warning(_("{n}/{total} provinces have a public figure for this component in this edition: none is ranked "
                     "on it and no national median is drawn.", n=with_value, total=edition["ranked_count"]))
    median = float(nat.national_median.iloc[0]) if len(nat) and not fmt.is_missing(nat.national_median.iloc[0]) else None

# an edition of the 34: a new province is in every region one of its parts was in (Lâm Đồng: Tây Nguyên and
# the coast); the 34 have no region of their own, and "Tây Nguyên" had listed none of them
new_regions = ui.cached(scores.new_province_regions) if ctx.as_new else None
if region == ALL:
    shown = ranking
elif new_regions is not None:
    shown = ranking[ranking.province_code.isin(new_regions[new_regions.region_vi == region].code_2025)]
else:
    shown = ranking[ranking.region_vi == region]
for code in parts:
    mine = ranking[ranking.province_code == code]
    if mine.empty or fmt.is_missing(mine.value.iloc[0]):
        st.info(_("{province}: no data yet in this edition.", province=ctx.province_name(code)))
        continue
    r = mine.iloc[0]
    line = _("**{province}**: {score}, {ranked}", province=ctx.province_name(code),
             score=fmt.amount(r.value, idx.unit_vi, lang),
             ranked=fmt.ranked(r["rank"], r.ranked_count, lang, not_ranked=r.not_ranked))
    if median is not None:
        line += _("; national median {median}", median=fmt.number(median, 2, lang))
    st.markdown(line)
if region != ALL:
    st.caption(_("Only {region} shown; ranks and median are national.", region=region_labels[region])
               if new_regions is None else  # Lâm Đồng is there for Đắk Nông and Lâm Đồng, Bình Thuận aside
               _("Only the provinces with a part in {region} shown; ranks and median are national.",
                 region=region_labels[region]))

# Download names: "Xếp hạng PAPI 2022" (+ component code and region when chosen).
export_name = (_("{index} {year} ranking", index=idx.short, year=year)
               + ("" if indicator == "TOTAL" else f" {indicator}") + ("" if region == ALL else f" {region_labels[region]}"))
export_title = (_("{index} {year} ranking: {component}", index=idx.short, year=year, component=ind_name)
                + ("" if region == ALL else f" ({region_labels[region]})"))
source = ui.source_line(lang, index_code, year)
if shown.value.notna().any():
    title = f"{idx.short} {year}: {ind_name}"
    fig = charts.ranking_bar(shown, parts, lang, title=title, source=source, median=median, max_value=ind.max_value,
                             value_label=_("Score") if not idx.unit_vi.startswith("%") else "%")
    ui_charts.chart(fig)
    download_buttons(fig=fig, name=export_name, lang=lang, source=source, key="ranking_chart")
else:
    st.info(ui.missing(lang))

disputes = ui.cached(scores.disagreements)
disputes = disputes[(disputes.index_code == index_code) & (disputes.year == year) & (disputes.indicator_code == indicator)]
dispute_text = {r.province_code: _("sources differ: {candidates}; chosen by: {rule}",
                                   candidates=fmt.candidates(r.candidates, lang), rule=fmt.disagreement_rule(r.rule, lang))
                for r in disputes.itertuples()}


def notes(r) -> str:
    out = []
    if ui.is_true(r.derived):
        out.append(_("derived"))
    if r.province_code in dispute_text:
        out.append(dispute_text[r.province_code])
    elif ui.is_true(r.disputed):
        out.append(_("sources differ"))
    if ui.is_true(r.group_boundary):
        out.append(_("on a group boundary"))
    return "; ".join(out)


gap = ui.cached(scores.change_gap, index_code, year, indicator)
RANK, PROVINCE, REGION, SCORE, CHANGE, GROUP = (_("Rank"), _("Province"), _("Region"), _("Score"), _("Rank change"),
                                                _("Group"))
table = pd.DataFrame({
    RANK: fmt.ranks(shown, lang),
    PROVINCE: [("▶ " if c in parts else "") + n for c, n in zip(shown.province_code, shown[name_col])],
    REGION: list(shown[f"region_{lang}"].fillna("")),  # a new province's: every region one of its parts was in
    SCORE: [fmt.number(v, 2, lang) for v in shown.value],
    # a ranked province without a change: why (a method change, a new list, no figure the year before)
    CHANGE: [fmt.signed(v, 0, lang) if not fmt.is_missing(v) or fmt.is_missing(r) else fmt.change_gap(gap, year, lang)
             for v, r in zip(shown.rank_change, shown["rank"])],
    GROUP: [g if isinstance(g, str) else "" for g in (shown.group_vi if lang == "vi" else shown.group_en)],
    _("Notes"): [notes(r) for r in shown.itertuples()],
    _("Source"): shown.source,
})
if partial or table[GROUP].eq("").all():
    table = table.drop(columns=[GROUP])
# every row in view up to 900 px: Streamlit's rows are 35 px, and 38 left an empty band under the last one
ui.table(table, height=min(35 * (len(table) + 1) + 3, 900),
         # "không có số liệu 2022" and a gap's "chưa có số liệu" read whole
         column_config={CHANGE: st.column_config.TextColumn(width="medium"), RANK: st.column_config.TextColumn(width=110)},
         phone_first=[RANK, PROVINCE, SCORE, CHANGE],
         phone_config={RANK: st.column_config.TextColumn(width="small")})
# The same table for Excel/CSV: score and rank change as real numbers, the province without the ▶ marker.
download_buttons(df=table.assign(**{PROVINCE: shown[name_col].set_axis(table.index),
                                    SCORE: shown.value.set_axis(table.index),
                                    CHANGE: shown.rank_change.set_axis(table.index)}),
                 name=export_name, lang=lang, title=export_title, source=source,
                 number_formats={CHANGE: SIGNED_INT}, key="ranking_table",
                 # an empty change column is no gap when no change can exist (PAPI 2018's method change)
                 notes=[f"{CHANGE}: {fmt.change_gap(gap, year, lang)}."] if gap else None)
st.caption((_("Ranks: as published.") if partial else _("Ranks: as published or computed from published scores."))
           + " " + _("“derived”: computed by the index's published rule from its components."))
