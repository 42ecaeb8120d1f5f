"""Tổng quan (Overview): where the province stands this year on every index, in two minutes.

One card per index (score / maximum, rank, change since the previous edition, PAPI group),
then one sentence per index a leader can read out. Presentation only: numbers come from
chiso.scores through chiso.ui's cache.
"""
from __future__ import annotations

import pandas as pd
import streamlit as st

from chiso import charts, fmt, frame, scores, ui
from chiso.ui_exports import download_buttons

ctx = frame.context()
lang = ctx.lang
t = lambda vi, en: ui.t(lang, vi, en)  # noqa: E731

province_set, code_2025, parts = ctx.province_set, ctx.province_2025, list(ctx.parts)
provinces = ui.cached(scores.provinces)
by_code = provinces.set_index("province_code")
year = ctx.year
indices = ui.cached(scores.indices)
disputes = ui.cached(scores.disagreements)
name_col = "name_vi" if lang == "vi" else "name_en"


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
        return t("giữ nguyên thứ hạng", "same rank")
    if lang == "vi":
        return f"{'tăng' if change > 0 else 'giảm'} {n} bậc"
    return f"{'up' if change > 0 else 'down'} {n} place{'s' if n > 1 else ''}"


def show_card(card, province_code: str) -> None:
    """One index's headline for one province; every gap says so in words."""
    with st.container(border=True):
        st.markdown(f"**{card.short} {card.year}**")
        if not card.has_edition:
            st.metric(t("Điểm", "Score"), t("chưa có kỳ công bố", "no edition"))
            return
        prev = previous_year(card.index_code, card.year)
        since = t(f"so với {prev}", f"vs {prev}") if prev else ""
        pct = card.unit_vi.startswith("%")
        if card.value is None:
            value = ui.missing(lang)
        elif pct:
            value = f"{fmt.number(card.value, 2, lang)}%"
        elif card.max_value:
            value = f"{fmt.number(card.value, 2, lang)}/{fmt.number(card.max_value, 0, lang)}"
        else:
            value = fmt.number(card.value, 2, lang)
        a, c = arrow(card.score_change)
        delta = None
        if card.value is not None:
            delta = (f"{fmt.signed(card.score_change, 2, lang)}{t(' điểm %', ' pp') if pct else t(' điểm', ' pts')} {since}"
                     if card.score_change is not None else t("thay đổi điểm: ", "score change: ") + ui.missing(lang))
        st.metric(t("Điểm", "Score"), value, delta, delta_color=c, delta_arrow=a)
        rank = fmt.rank(card.rank, card.ranked_count, lang) if card.rank is not None else ui.missing(lang)
        a, c = arrow(card.rank_change)
        delta = None
        if card.rank is not None:
            delta = (f"{rank_words(card.rank_change)} {since}" if card.rank_change is not None
                     else t("thay đổi thứ hạng: ", "rank change: ") + ui.missing(lang))
        st.metric(t("Thứ hạng", "Rank"), rank, delta, delta_color=c, delta_arrow=a)
        if card.group_vi:
            group = card.group_vi if lang == "vi" else card.group_en
            boundary = t(" ⚠️ sát ranh giới nhóm (chênh lệch nhỏ, có thể thuộc nhóm liền kề)",
                         " ⚠️ on a group boundary (could belong to the next group)") if card.group_boundary else ""
            st.markdown(f"{t('Nhóm', 'Group')}: **{group}**{boundary}")
        notes = []
        if card.coverage == "partial":
            notes.append(ui.partial_edition_note(lang))
        if card.derived:
            notes.append(t("Tổng điểm **suy ra** theo quy tắc công bố của chỉ số.",
                           "Total **derived** by the index's published rule."))
        d = disputes[(disputes.index_code == card.index_code) & (disputes.year == card.year)
                     & (disputes.province_code == province_code) & (disputes.indicator_code == "TOTAL")]
        for _, r in d.iterrows():
            notes.append(t(f"⚠️ Các nguồn khác nhau: {r.candidates}. Chọn theo: {r.rule}.",
                           f"⚠️ Sources differ: {r.candidates}. Chosen by: {r.rule}."))
        for n in notes:
            st.caption(n)
        if card.source:
            st.caption(f"{t('Nguồn', 'Source')}: {card.source}")


def successor_line(code: str) -> str:
    p = by_code.loc[code]
    merged = provinces[provinces.code_2025 == p.code_2025]
    others = [n for c, n in zip(merged.province_code, merged.name_vi) if c != code]
    if not others:
        return t(f"Từ 01/07/2025, {p.name_vi} không sáp nhập với tỉnh nào (vẫn là {p.name_2025}).",
                 f"Since 1 July 2025, {p.name_en} was not merged ({p.name_2025}).")
    return t(f"Từ 01/07/2025, {p.name_vi} là một phần của **{p.name_2025}** (cùng {', '.join(others)}).",
             f"Since 1 July 2025, {p.name_en} is part of **{p.name_2025}** (with {', '.join(others)}).")


if province_set == "34":
    new_name = provinces_2025 = ui.cached(scores.provinces_2025).set_index("code_2025").name_2025[code_2025]
    st.title(f"{new_name} · {year}")
    st.markdown(t(f"**{new_name}** (từ 01/07/2025) được hình thành từ: "
                  + ", ".join(by_code.loc[c].name_vi for c in parts)
                  + ". Mọi kỳ công bố đến nay đánh giá các tỉnh cũ, nên dưới đây là số liệu của từng tỉnh cũ, đặt cạnh nhau.",
                  f"**{new_name}** (from 1 July 2025) was formed from: "
                  + ", ".join(by_code.loc[c].name_en for c in parts)
                  + ". Every edition so far assesses the old provinces, so each one's figures are shown side by side."))
else:
    st.title(f"{by_code.loc[parts[0]][name_col]} · {year}")
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
        for col, code in zip(st.columns(len(parts)), parts):
            with col:
                st.markdown(f"##### {by_code.loc[code][name_col]}")
                show_card(cards[(idx, code)], code)

st.subheader(t("Tóm tắt", "Summary"))
for code in parts:
    prefix = f"**{by_code.loc[code][name_col]}** · " if len(parts) > 1 else ""
    st.markdown("\n".join(f"- {prefix}{cards[(idx, code)].sentence(lang)}" for idx in indices.index_code))

# A new province: each former province's history, side by side (one line each, split at breaks).
if len(parts) > 1:
    st.subheader(t("Lịch sử của các tỉnh hợp thành", "History of the provinces it was formed from"))
    for idx in indices.index_code:
        short = indices.set_index("index_code").short[idx]
        lines = [ui.cached(scores.province_series, idx, "TOTAL", code).assign(series=by_code.loc[code][name_col], role="peer")
                 for code in parts]
        hist = pd.concat(lines, ignore_index=True)
        if hist.value.notna().any():
            fig = charts.trend_lines(hist, lang, title=t(f"{short}: tổng điểm qua các năm", f"{short}: total over time"),
                                     source=ui.source_line(lang, idx),
                                     breaks=ui.cached(scores.series_breaks, idx, "TOTAL", lang))
            st.plotly_chart(fig, config={"displaylogo": False})
        else:
            st.markdown(f"**{short}**: {ui.missing(lang)}")

# PAPI dimensions of the year: where the total comes from (the one index with full component tables).
for idx in indices.index_code:
    rows = pd.concat([ui.cached(scores.province_scores, idx, year, code).assign(province_code=code) for code in parts])
    dims = rows[rows.level == 1] if not rows.empty else rows
    if dims.empty or len(parts) > 1:
        continue
    short = indices.set_index("index_code").short[idx]
    with st.expander(t(f"{short} {year}: các chỉ số thành phần", f"{short} {year}: components"), expanded=idx == "PAPI"):
        d = dims.assign(indicator=dims[name_col])
        place = by_code.loc[parts[0]][name_col]
        # a picture leaves the app: its title names the province, its source line the publisher (never "hover")
        fig = charts.component_bars(d, lang, title=t(f"{place}: điểm từng chỉ số thành phần {short} {year}",
                                                     f"{place}: {short} {year} component scores"),
                                    source=ui.source_line(lang, idx, year))
        st.plotly_chart(fig, config={"displaylogo": False})
        export_name = t(f"{short} {year} {place} thành phần", f"{short} {year} {place} components")
        download_buttons(fig=fig, name=export_name, lang=lang, key=f"components_chart_{idx}")
        table = pd.DataFrame({
            t("Chỉ số thành phần", "Component"): d.indicator,
            t("Điểm", "Score"): [fmt.number(v, 2, lang) + (t(" (suy ra)", " (derived)") if dv and not fmt.is_missing(v) else "")
                                 for v, dv in zip(d.value, d.derived)],
            t("Tối đa", "Max"): [fmt.number(v, 2, lang) for v in d.max_value],
            t("Thứ hạng", "Rank"): [fmt.rank(r, n, lang) for r, n in zip(d["rank"], d.ranked_count)],
            t("Trung vị cả nước", "National median"): [fmt.number(v, 2, lang) for v in d.national_median],
            t("Nguồn", "Source"): d.source,
        })
        st.dataframe(table, hide_index=True)
        # The file carries real numbers (Excel can add them up); the screen shows formatted text.
        numbers = {t("Điểm", "Score"): d.value, t("Tối đa", "Max"): d.max_value,
                   t("Trung vị cả nước", "National median"): d.national_median}
        download_buttons(df=table.assign(**{c: list(v) for c, v in numbers.items()}), name=export_name, lang=lang,
                         source=ui.source_line(lang, idx, year), key=f"components_table_{idx}",
                         number_formats={c: "#,##0.00" for c in numbers})
