"""Phương pháp (Methodology): per index, who publishes it, its scale, its components with maxima
(from the catalog, by period), what changed when, which editions are partial, where every
figure comes from, and where sources disagree. Presentation only.
"""
from __future__ import annotations

import pandas as pd
import streamlit as st

from chiso import catalog, fmt, frame, scores, ui
from chiso.i18n import _
from chiso.ui_exports import download_buttons

ctx = frame.context()
lang = ctx.lang
name_col = "name_vi" if lang == "vi" else "name_en"

index_code = ctx.index_code
idx = ui.cached(scores.indices).set_index("index_code").loc[index_code]

st.title(f"{idx.short}: {idx['name_vi'] if lang == 'vi' else idx['name_en']}")
st.markdown(f"**{_('Publisher')}:** {idx['publisher_vi'] if lang == 'vi' else idx['publisher_en']}  \n"
            f"**{_('Unit')}:** {idx['unit_vi'] if lang == 'vi' else idx['unit_en']}  \n"
            f"**{_('First edition')}:** {idx.first_year}")
st.markdown(idx["methodology_vi"] if lang == "vi" else idx["methodology_en"])

st.header(_("Components and maxima"))
ind = ui.cached(scores.indicators, index_code)


def years(r) -> str:
    last = "" if fmt.is_missing(r.last_year) else str(int(r.last_year))
    return f"{int(r.first_year)}–{last}" if last != str(int(r.first_year)) else str(int(r.first_year))


table = pd.DataFrame({
    _("Code"): ind.indicator_code,
    _("Level"): [catalog.kind_name(k, lang) for k in ind.kind],
    _("Name"): ind[name_col],
    _("Maximum"): [fmt.number(v, 2, lang) for v in ind.max_value],
    _("Minimum"): [fmt.number(v, 2, lang) for v in ind.min_value],
    _("Years"): [years(r) for r in ind.itertuples()],
    _("Note"): [scores.indicator_note(r, lang) for r in ind.itertuples()],
})
ui.table(table, phone_label=_("Name"), phone_first=[_("Maximum"), _("Years")])
download_buttons(df=table.assign(**{_("Maximum"): ind.max_value.set_axis(table.index),
                                    _("Minimum"): ind.min_value.set_axis(table.index)}),
                 name=_("{index} components", index=idx.short), lang=lang,
                 title=_("{index}: components and maxima", index=idx.short),
                 source=ui.source_line(lang, index_code), key="method_components")
st.caption(_("An indicator has several rows when its meaning or scale changed: charts never join a series across that point."))

st.header(_("Methodology changes"))
changes = ui.cached(scores.methodology_changes, index_code)
if changes.empty:  # none recorded, which is not a figure missing ("chưa có số liệu" read as one)
    st.markdown(_("The catalog records no methodology change for {index}.", index=idx.short))
for r in changes.itertuples():
    st.markdown(f"**{r.year}: {getattr(r, 'title_' + lang)}.** {getattr(r, 'description_' + lang)}  \n"
                f"*{_('Source')}: {r.source}*")

st.header(_("Editions"))
eds = ui.cached(scores.editions, index_code)
cov = {"full": _("full"), "partial": _("partial (some provinces)")}
ui.table(pd.DataFrame({
    _("Year assessed"): eds.year.astype(str),
    _("Coverage"): [cov.get(c, c) for c in eds.coverage],
    _("Methodology"): eds.methodology,
    _("Provinces ranked (published)"): [fmt.number(v, 0, lang) for v in eds.published_ranked_count],
    _("Note"): eds[f"note_{lang}"].fillna(""),
}))
if (eds.coverage == "partial").any():
    st.info(ui.partial_edition_note(lang) + " " + _("For partial editions the app computes no national median or mean; it shows only published figures and ranks."))

st.header(_("Source of every figure"))
st.markdown(_("Every charted figure shows its source on hover; every table has a Source column. **Derived** figures are computed by the index's published rule (e.g. a total as the sum of its dimensions) and cite their components' source."))
sources = ui.cached(scores.index_sources, index_code)
ui.table(pd.DataFrame({
    _("Source"): sources.source,
    _("Years"): [f"{a}–{b}" if a != b else str(a) for a, b in zip(sources.first_year, sources.last_year)],
    _("Values"): sources.values_count,
    _("Of which derived"): sources.derived_count,
}))

st.header(_("Disagreeing sources"))
dis = ui.cached(scores.disagreements)
dis = dis[dis.index_code == index_code]
if dis.empty:
    st.markdown(_("No figure on which sources disagree."))
else:
    names = dict(zip(*[ui.cached(scores.provinces)[c] for c in ("province_code", name_col)]))
    dis_table = pd.DataFrame({
        _("Year"): dis.year.astype(str), _("Province"): dis.province_code.map(names),
        _("Indicator"): dis.indicator_code, _("Kind"): [fmt.disagreement_kind(k, lang) for k in dis.kind],
        _("Value used"): [fmt.as_stated(v, lang) for v in dis.chosen],  # a rank 7, not 7,00
        # the rule before the candidates, whose sources' addresses run wider than the page
        _("Rule"): [fmt.disagreement_rule(r, lang) for r in dis.rule],
        _("Values by source"): [fmt.candidates(c, lang) for c in dis.candidates],
    })
    ui.table(dis_table)
    download_buttons(df=dis_table.assign(**{_("Value used"): dis.chosen.set_axis(dis_table.index)}),
                     name=_("{index} disagreeing sources", index=idx.short), lang=lang,
                     title=_("{index}: figures on which sources disagree", index=idx.short),
                     key="method_disagreements")
