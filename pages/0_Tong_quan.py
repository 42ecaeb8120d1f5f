"""Tổng quan (Overview): where the province stands this year on every index, in two minutes.

One card per index (score / maximum, rank, change since the previous edition, PAPI group),
then one sentence per index a leader can read out. Presentation only: numbers come from
chiso.scores through chiso.ui's cache.
"""
from __future__ import annotations

import pandas as pd
import streamlit as st

from chiso import catalog, charts, fmt, frame, names, scores, ui, ui_charts
from chiso.i18n import _, ngettext
from chiso.ui_exports import download_buttons

ctx = frame.context()
lang = ctx.lang

province_set, code_2025, parts = ctx.province_set, ctx.province_2025, list(ctx.parts)
provinces = ui.cached(scores.provinces)
by_code = provinces.set_index("province_code")
year = ctx.year
indices = ui.cached(scores.indices)
indices = indices.sort_values("index_code", key=lambda c: c.map(catalog.index_order()))  # catalog order
disputes = ui.cached(scores.disagreements)
name_col = ctx.name_col


def previous_year(index_code: str, year: int) -> int | None:
    years = [y for y in ui.cached(scores.editions, index_code).year if int(y) < year]
    return int(max(years)) if years else None


def arrow(change) -> tuple[str, str]:
    """(delta_arrow, delta_color) for a change where higher is better."""
    if change is None or fmt.is_missing(change) or change == 0:
        return "off", "gray"
    return ("up", "green") if change > 0 else ("down", "red")


def rank_words(change) -> str:
    n = abs(int(change))
    if n == 0:
        return _("same rank")
    if change > 0:
        return ngettext("up {n} place", "up {n} places", n)
    return ngettext("down {n} place", "down {n} places", n)


def show_card(card, province_code: str) -> None:
    """One index's headline for one province; every gap says so in words."""
    with st.container(border=True):
        st.markdown(f"**{card.short} {card.year}**")
        if not card.has_edition:
            st.metric(_("Score"), "—", _("no edition"), delta_color="off", delta_arrow="off")
            return
        prev = previous_year(card.index_code, card.year)
        since = _("vs {year}", year=prev) if prev else ""
        pct = card.unit_vi.startswith("%")
        if card.value is None:
            value = ui.missing(lang)
        elif pct:
            value = f"{fmt.number(card.value, 2, lang)}%"
        elif card.max_value:
            value = f"{fmt.number(card.value, 2, lang)}/{fmt.number(card.max_value, 0, lang)}"
        else:
            value = fmt.number(card.value, 2, lang)
        # a missing change says why (PAPI 2018: the method changed; no figure the year before), alone:
        # "thay đổi điểm: đổi phương p…" was cut at the card's width
        gap = card.change_gap_text(lang)
        a, c = arrow(card.score_change)
        delta = None
        if card.value is not None:
            unit = _("percentage points") if pct else _("score points")  # "điểm": the delta must fit the card
            delta = (f"{fmt.signed(card.score_change, 2, lang)} {unit} {since}"
                     if card.score_change is not None else gap)
        if card.value is None:  # the words would be cut at a metric's width: a dash, and the words below it
            st.metric(_("Score"), "—", ui.missing(lang), delta_color="off", delta_arrow="off")
        else:
            st.metric(_("Score"), value, delta, delta_color=c, delta_arrow=a)
        rank = fmt.rank(card.rank, card.ranked_count, lang) if card.rank is not None else ui.missing(lang)
        a, c = arrow(card.rank_change)
        delta = None
        if card.rank is not None:
            delta = (f"{rank_words(card.rank_change)} {since}" if card.rank_change is not None
                     else gap)
        if card.rank is None:
            st.metric(_("Rank"), "—", ui.missing(lang), delta_color="off", delta_arrow="off")
        else:
            st.metric(_("Rank"), rank, delta, delta_color=c, delta_arrow=a)
        if card.group_vi:
            group = card.group_vi if lang == "vi" else card.group_en
            boundary = " ⚠️ " + _("on a group boundary (could belong to the next group)") if card.group_boundary else ""
            st.markdown(_("Group: **{group}**", group=group) + boundary)
        notes = []
        if card.coverage == "partial":
            notes.append(ui.partial_edition_note(lang))
        if card.derived:
            notes.append(_("Total **derived** by the index's published rule."))
        d = disputes[(disputes.index_code == card.index_code) & (disputes.year == card.year)
                     & (disputes.province_code == province_code) & (disputes.indicator_code == "TOTAL")]
        for r in d.itertuples():
            notes.append("⚠️ " + _("Sources differ: {candidates}. Chosen by: {rule}.",
                                   candidates=fmt.candidates(r.candidates, lang), rule=fmt.disagreement_rule(r.rule, lang)))
        for n in notes:
            st.caption(n)
        if card.source:
            st.caption(_("Source: {source}", source=card.source))


def successor_line(code: str) -> str:
    p = by_code.loc[code]
    merged = provinces[provinces.code_2025 == p.code_2025]
    others = [n for c, n in zip(merged.province_code, merged[name_col]) if c != code]
    if not others:
        return _("Since 1 July 2025, {province} has not been merged with another province (it remains {new}).",
                 province=p[name_col], new=frame.name_2025(p.code_2025))
    if names.successor(code) is None:  # it kept its name, and the others joined it ("Đồng Nai is part of Đồng Nai")
        return _("Since 1 July 2025, **{new}** also includes {others}.", new=frame.name_2025(p.code_2025),
                 others=", ".join(others))
    return _("Since 1 July 2025, {province} is part of **{new}** (with {others}).", province=p[name_col],
             new=frame.name_2025(p.code_2025), others=", ".join(others))


if province_set == "34":
    new_name = ctx.province_2025_name
    st.title(f"{new_name} · {year}")
    if len(parts) > 1:  # one province not merged: the frame's notice says so ("formed from: Hà Tĩnh" read oddly)
        st.markdown(_("**{new}** (from 1 July 2025) was formed from: {parts}. Every edition so far assesses the "
                      "provinces as they were before, so each one's figures are shown side by side.", new=new_name,
                      parts=", ".join(by_code.loc[c][name_col] for c in parts)))
else:  # an edition of the 34 shows the new province (80: Tây Ninh, not Long An), which the frame's notice says
    st.title(f"{ctx.province_name(parts[0])} · {year}")
    if not (ctx.as_new and len(names.formed_together(parts[0])) > 1):
        st.info(successor_line(parts[0]))

cards = {(idx, code): ui.cached(scores.card, idx, year, code) for code in parts for idx in indices.index_code}

if len(parts) == 1:
    # One province: the indices side by side, the whole picture above the fold.
    for col, idx in zip(st.columns(len(indices)), indices.index_code):
        with col:
            show_card(cards[(idx, parts[0])], parts[0])
else:
    # A new province: one row per index, its former provinces side by side.
    for idx in indices.index_code:
        st.subheader(indices.set_index("index_code").short[idx])
        if all(cards[(idx, code)].value is None and cards[(idx, code)].rank is None for code in parts):
            # no figure for any of them: said once, not in a card each (nine empty cards for Ninh Bình)
            card = cards[(idx, parts[0])]
            st.markdown(f"**{card.short} {card.year}** · " + ", ".join(by_code.loc[c][name_col] for c in parts)
                        + ": " + (ui.missing(lang) if card.has_edition else _("no edition")))
            if card.coverage == "partial":
                st.caption(ui.partial_edition_note(lang))
            continue
        for col, code in zip(st.columns(len(parts)), parts):
            with col:
                st.markdown(f"##### {by_code.loc[code][name_col]}")
                show_card(cards[(idx, code)], code)

st.subheader(_("Summary"))
for code in parts:
    prefix = f"**{by_code.loc[code][name_col]}** · " if len(parts) > 1 else ""
    st.markdown("\n".join(f"- {prefix}{cards[(idx, code)].sentence(lang)}" for idx in indices.index_code))

# A new province: each former province's history, side by side (one line each, split at breaks), and its own
# figures in the editions that rank the 34, a line of their own (scores.place_series), in either kind of year
formed = parts if len(parts) > 1 else list(names.formed_together(code_2025)) if province_set == "34" else []
if len(formed) > 1:
    st.subheader(_("History of the provinces it was formed from"))
    for idx in indices.index_code:
        short = indices.set_index("index_code").short[idx]
        own = ui.cached(scores.place_series, idx, "TOTAL", tuple(formed), code_2025)
        hist = pd.concat([s.assign(series=label, role="peer") for _code, _in_set, label, s in own], ignore_index=True)
        if hist.value.notna().any():
            fig = charts.trend_lines(hist, lang, title=_("{index}: total over time", index=short),
                                     source=ui.source_line(lang, idx),
                                     breaks=ui.cached(scores.series_breaks, idx, "TOTAL", lang),
                                     edition_years=ui.cached(scores.years, idx),
                                     # each former province one colour in every chart (each is in `own`, with
                                     # a figure or not), the new one after them
                                     peer_order=[label for _code, _in_set, label, _s in own])
            ui_charts.chart(fig)
            # a former province with no figure in any edition has no line and no legend entry: said here
            for _code, _in_set, label, s in own:
                if s.value.isna().all():
                    st.caption(_("{place}: no data yet for {component}.", place=label, component=short))
        else:
            st.markdown(f"**{short}**: {ui.missing(lang)}")


def component_scores(d: pd.DataFrame, idx: str, short: str, place: str, key: str) -> None:
    """One province's components of one edition: the chart, its table, their downloads."""
    # a picture leaves the app: its title names the province, its source line the publisher (never "hover")
    fig = charts.component_bars(d, lang, title=_("{province}: {index} {year} component scores", province=place,
                                                 index=short, year=year),
                                source=ui.source_line(lang, idx, year))
    ui_charts.chart(fig)
    export_name = _("{index} {year} {province} components", index=short, year=year, province=place)
    download_buttons(fig=fig, name=export_name, lang=lang, key=f"components_chart_{key}")
    SCORE, MAX, MEDIAN = _("Score"), _("Max"), _("National median")
    table = pd.DataFrame({
        _("Component"): d.indicator,
        SCORE: [fmt.number(v, 2, lang) + (" (" + _("derived") + ")" if dv and not fmt.is_missing(v) else "")
                for v, dv in zip(d.value, d.derived)],
        MAX: [fmt.number(v, 2, lang) for v in d.max_value],
        _("Rank"): [fmt.rank(r, n, lang) for r, n in zip(d["rank"], d.ranked_count)],
        MEDIAN: [fmt.number(v, 2, lang) for v in d.national_median],
        _("Source"): d.source,
    })
    ui.table(table, phone_label=_("Component"), phone_first=[SCORE, _("Rank")])
    # The file carries real numbers (Excel can add them up); the screen shows formatted text.
    numbers = {SCORE: d.value, MAX: d.max_value, MEDIAN: d.national_median}
    download_buttons(df=table.assign(**{c: list(v) for c, v in numbers.items()}), name=export_name, lang=lang,
                     source=ui.source_line(lang, idx, year), key=f"components_table_{key}",
                     number_formats={c: "#,##0.00" for c in numbers})


# Component scores of the year, for the indices that publish them: where the total comes from. The
# first such index in the catalog's order opens unfolded. A new province (34) shows each province it
# was formed from, as its cards do: the editions rank those.
first_open = True
for idx in indices.index_code:
    short = indices.set_index("index_code").short[idx]
    for code in parts:
        rows = ui.cached(scores.province_scores, idx, year, code)
        dims = rows[rows.level == 1] if not rows.empty else rows
        if dims.empty:
            continue
        place = ctx.province_name(code)
        label = _("{index} {year}: components", index=short, year=year)
        key = idx if len(parts) == 1 else f"{idx}_{code}"
        with st.expander(label if len(parts) == 1 else f"{label} · {place}", expanded=first_open):
            first_open = False
            component_scores(dims.assign(indicator=dims[name_col]), idx, short, place, key)
