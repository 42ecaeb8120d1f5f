"""The app's charts: pure functions from DataFrames to styled plotly Figures (no Streamlit, no
database: callers pass data from `chiso.scores`). Pages show them; `chiso.render` lays them out
for a 16:9 slide and renders them to PNG/SVG.

One look everywhere (`style`): a font with every Vietnamese diacritic, the project's colours, a
title that names whose figures they are, and a source line under the plot, because a figure
copied into a report must still say where its numbers come from. Gaps are never drawn as zero;
series are split at methodology breaks (column `period`), never joined across them.
"""
from __future__ import annotations

import functools
import inspect
import math
from collections.abc import Iterable

import pandas as pd
import plotly.graph_objects as go

from chiso import fmt
from chiso.i18n import N_, _, translate, use

FONT = "Noto Sans, DejaVu Sans, Arial, sans-serif"

# Colours: the chosen province stands out in red, everyone else recedes.
CHOSEN = "#C8102E"
OTHERS = "#A9BCC9"
MEDIAN = "#333333"
GAP_TEXT = "#666666"  # "no data yet" where a figure would be
LABEL_ROOM = 1.04  # a ranking's axis ends this far past its longest bar
BEST = "#1B7F3B"
REGION = "#E08A00"
GAP = "#D9D9D9"
BREAK = "#7F7F7F"
PEERS = ["#1F5A96", "#E08A00", "#1B7F3B", "#7B3F99", "#00838F", "#8D6E63", "#5C6BC0", "#AFB42B", "#6D4C41"]
# Beside the national best and the regional mean, a province's line never takes their colours (Đồng Nai
# was drawn in the regional mean's orange on the 34-list trend of Bình Phước and Đồng Nai).
TREND_PEERS = [c for c in PEERS if c not in (BEST, REGION)]
SEQUENTIAL = [[0.0, "#F7E8D6"], [0.5, "#E8A15C"], [1.0, "#9C3D0B"]]

# What `text(lang, key)` returns: English msgids of chiso.i18n (pages still ask by key).
_KEYS = {"source": N_("Source"), "median": N_("National median"), "best": N_("National best"),
         "region": N_("Regional mean"), "rank": N_("Rank"), "value": N_("Score"), "missing": N_("no data yet"),
         "derived": N_("derived"), "disputed": N_("sources differ"), "max": N_("Maximum"),
         "break": N_("Methodology change")}


def text(lang: str, key: str) -> str:
    return translate(_KEYS[key], lang)


def speaks(fn):
    """Run a chart function in the language of its `lang` argument, so its texts are plain `_()`."""
    sig = inspect.signature(fn)

    @functools.wraps(fn)
    def wrapper(*args, **kwargs):
        bound = sig.bind_partial(*args, **kwargs)
        with use(bound.arguments.get("lang", sig.parameters["lang"].default)):
            return fn(*args, **kwargs)
    return wrapper


def _name_col(lang: str) -> str:
    return "name_vi" if lang == "vi" else "name_en"


def _num(value, lang: str, decimals: int = 2) -> str:
    return fmt.number(value, decimals, lang)


def _flags(row, lang: str) -> str:
    """' (suy ra; nguồn khác nhau)' for a derived or disputed value, else ''."""
    marks = []
    if _flag(row.get("derived")):
        marks.append(_("derived"))
    if _flag(row.get("disputed")):
        marks.append(_("sources differ"))
    return f" ({'; '.join(marks)})" if marks else ""


def _flag(value) -> bool:
    """A derived/disputed flag that may be missing (NaN) or a numpy bool."""
    return not _missing(value) and bool(value)


def _present(value) -> bool:
    """A text field worth showing: not None/NaN and not empty."""
    return not _missing(value) and str(value).strip() != ""


def _missing(value) -> bool:
    return value is None or (isinstance(value, float) and math.isnan(value)) or pd.isna(value)


def is_source_line(annotation) -> bool:
    """The figure's source line, as `style` writes it (in either language)."""
    return str(annotation.text or "").startswith(("Nguồn", "Source"))


def is_break_label(annotation) -> bool:
    """A methodology break's label, as `trend_lines` writes it ("2018: PAPI 8 nội dung, …")."""
    return str(annotation.text or "")[:4].isdigit()


@speaks
def style(fig: go.Figure, lang: str = "vi", title: str = "", source: str = "", height: int | None = None,
          source_yshift: int = -52) -> go.Figure:
    """The one template: font, colours, title, decimal comma for Vietnamese, source line below
    (`source_yshift` pixels under the plot area, lower when a legend sits there)."""
    fig.update_layout(
        template="plotly_white",
        font=dict(family=FONT, size=13, color="#222222"),
        title=dict(text=title, x=0, xanchor="left", font=dict(size=17)),
        separators=",." if lang == "vi" else ".,",
        margin=dict(l=10, r=20, t=60 if title else 20, b=85 if source else 30),
        hoverlabel=dict(font=dict(family=FONT)),
        legend=dict(orientation="h", yanchor="bottom", y=1.0, x=0, xanchor="left"),
        colorway=PEERS,
    )
    if height:
        fig.update_layout(height=height)
    if source:
        label = source if source.lower().startswith(("nguồn", "source")) else f"{_('Source')}: {source}"
        # one source line: a figure styled again for an export (`render`) has its line replaced, not doubled
        fig.layout.annotations = [a for a in fig.layout.annotations if not is_source_line(a)]
        fig.add_annotation(text=label, xref="paper", yref="paper", x=0, y=0, xanchor="left", yanchor="top",
                           yshift=source_yshift, showarrow=False, align="left", font=dict(size=11, color="#555555"))
    return fig


@speaks
def ranking_bar(df: pd.DataFrame, province_code: str | Iterable[str], lang: str = "vi", title: str = "", source: str = "",
                median: float | None = None, value_label: str | None = None, max_value: float | None = None,
                max_bars: int | None = None) -> go.Figure:
    """Provinces with a value as horizontal bars from zero, best on top, the chosen one (or several: the
    provinces a 2025 province was formed from) in red.

    Every bar is named (plotly would drop names it thinks overlap) and carries its value and, where
    there is one, its rank ("44,31 · 8/61"): on a partial edition that is the published rank, and a
    line says how many provinces have a figure ("5/63 tỉnh có số liệu"). With more rows than
    `max_bars` (a slide), only the top 5, the chosen province and its two neighbours each side and
    the bottom 3 are drawn, and a line says so. The title names the chosen province and its rank
    when the caller's does not.

    `df` has columns province_code, name_vi/name_en, value, and optionally rank, ranked_count,
    source, derived, disputed, edition_coverage. Rows without a value are left out (a gap is not a
    zero bar). `median` draws the national median line; pass it only for a full edition.
    """
    chosen = {province_code} if isinstance(province_code, str) else set(province_code or ())
    # Several chosen (a new province's constituents): all red, and the title names none of them.
    province_code = next(iter(chosen)) if len(chosen) == 1 else None
    name = _name_col(lang)
    # out of the edition's published count (63), not of the rows the sources happen to name
    counts = pd.to_numeric(df.get("ranked_count", pd.Series(dtype=float)), errors="coerce")
    provinces_in_set = int(counts.max()) if counts.notna().any() else len(df)
    d = df[df["value"].notna()].copy()
    if "rank" not in d:
        d["rank"] = None
    if "ranked_count" not in d:
        d["ranked_count"] = None
    partial = "edition_coverage" in d and (d["edition_coverage"] == "partial").any()
    d = best_first(d, name)
    d["order"] = range(1, len(d) + 1)
    shown = ranking_rows(d, province_code, max_bars)
    trimmed = len(shown) < len(d)
    shown = shown.iloc[::-1]  # plotly draws the first category at the bottom
    labels = [str(n) for n in shown[name]]
    colours = [CHOSEN if c in chosen else OTHERS for c in shown["province_code"]]
    texts, hover = [], []
    for _i, r in shown.iterrows():
        rank = fmt.rank(r.get("rank"), r.get("ranked_count"), lang) if not _missing(r.get("rank")) else ""
        texts.append(f"{_num(r['value'], lang)} · {rank}" if rank else _num(r["value"], lang))
        line = f"<b>{r[name]}</b><br>{value_label or _('Score')}: {_num(r['value'], lang)}{_flags(r, lang)}"
        if rank:
            line += f"<br>{_('Rank')}: {rank}"
        if _present(r.get("source")):
            line += f"<br>{_('Source')}: {_wrap(str(r['source']))}"
        hover.append(line)
    fig = go.Figure(go.Bar(
        x=list(shown["value"]), y=labels, orientation="h", marker_color=colours, text=texts,
        # written inside the bar, at its end (outside when it does not fit): the median's line, drawn
        # under the bars, then never crosses a label
        textposition="auto", insidetextanchor="end", cliponaxis=False, hovertext=hover, hoverinfo="text", showlegend=False,
        customdata=list(zip(shown["province_code"], shown["rank"].astype(object), shown["order"]))))
    hi = float(d["value"].max()) if len(d) else float(max_value or 1.0)
    if median is not None and not _missing(median):
        fig.add_vline(x=median, line=dict(color=MEDIAN, dash="dash", width=1.5), layer="below")
        # the label ends at the line when the line is in the right half (centred on it, "Trung vị cả
        # nước: 43,48" ran past the right edge of a phone)
        fig.add_annotation(x=median, y=1, yref="paper", yanchor="bottom", showarrow=False,
                           xanchor="right" if float(median) > hi * LABEL_ROOM / 2 else "center",
                           text=f"{_('National median')}: {_num(median, lang)}", font=dict(color=MEDIAN))
    # Bars start at zero: a bar's length is its score, so gaps between provinces are not exaggerated.
    # The labels are inside the bars: no room is kept for them past the longest.
    fig.update_xaxes(range=[0, hi * LABEL_ROOM], title=value_label or _("Score"), rangemode="tozero")
    if not _missing(max_value) and max_value and hi * LABEL_ROOM > float(max_value):
        # The room for the labels is not score: no tick past the maximum (a 140 on a scale of 100).
        step = _nice_step(float(max_value) / 5)
        ticks = [i * step for i in range(int(float(max_value) // step + 1e-9) + 1)]
        fig.update_xaxes(tickmode="array", tickvals=ticks, ticktext=[_num(t, lang, 0) for t in ticks])
    fig.update_yaxes(title=None, tickmode="array", tickvals=labels, ticktext=[f"{x} " for x in labels],
                     categoryorder="array", categoryarray=labels)
    mine = d[d["province_code"] == province_code]
    if len(mine):
        m = mine.iloc[0]
        rank = fmt.rank(m.get("rank"), m.get("ranked_count"), lang) if not _missing(m.get("rank")) else ""
        title = naming(title, f"{m[name]} {rank}".rstrip(), str(m[name]))
    notes = []
    if partial:
        notes.append(_("Partial edition: {n}/{total} provinces have a figure; ranks are the published ones",
                       n=len(d), total=provinces_in_set))
    if trimmed:
        notes.append(_("Top 5, {province} and its neighbours, bottom 3 of {n}",
                       province=str(mine.iloc[0][name]) if len(mine) else "", n=len(d)))
    style(fig, lang, title, source, height=max(320, 26 * len(shown) + 160))
    if notes:  # a subtitle: it must not sit on the bars or their labels
        fig.update_layout(title=dict(subtitle=dict(text="<br>".join(notes), font=dict(color="#555555"))),
                          margin=dict(t=(fig.layout.margin.t or 60) + 20 * len(notes)))
    fig.update_layout(meta={"chart": "ranking"})
    return fig


def best_first(df: pd.DataFrame, name: str | None = None) -> pd.DataFrame:
    """Rows by value, highest first; equal values in the order the index ranked them (Cần Thơ 89,13 ·
    22/63 above Bình Dương 89,13 · 23/63: the publisher ranked on decimals it does not print), then
    by `name`. The ranking chart's bars, the deck's table and its best and worst read this order."""
    keys = pd.DataFrame({"value": pd.to_numeric(df["value"], errors="coerce"),
                         "rank": pd.to_numeric(df["rank"], errors="coerce") if "rank" in df else None,
                         "name": df[name] if name else None})
    order = keys.sort_values(["value", "rank", "name"], ascending=[False, True, True], na_position="last",
                             kind="stable").index
    return df.loc[order].reset_index(drop=True)


def ranking_rows(d: pd.DataFrame, province_code: str, max_bars: int | None) -> pd.DataFrame:
    """The rows a ranking shows, best first: all of them when they fit in `max_bars`, else the top 5,
    the chosen province with two neighbours each side, and the bottom 3."""
    if not max_bars or len(d) <= max_bars:
        return d
    order = list(d["order"])
    keep = set(order[:5]) | set(order[-3:])
    mine = d.loc[d["province_code"] == province_code, "order"]
    if len(mine):
        keep |= {o for o in order if abs(o - int(mine.iloc[0])) <= 2}
    return d[d["order"].isin(keep)]


def naming(title: str, addition: str, name: str) -> str:
    """`title` with `addition` (the province, its rank or years) when it does not name `name` yet:
    a chart that leaves the app must say whose figures it shows."""
    return title if not title or name in title else f"{title}: {addition}"


def _nice_step(raw: float) -> float:
    """The round step (1, 2 or 5 × a power of ten) nearest above `raw`: 16 → 20, 2 → 2."""
    power = 10 ** math.floor(math.log10(raw)) if raw > 0 else 1
    return next(m * power for m in (1, 2, 5, 10) if m * power >= raw - 1e-9)


def wrap_words(s: str, width: int) -> str:
    """Break a label at spaces into lines of about `width` characters (plotly breaks on <br>)."""
    lines, line = [], ""
    for word in s.split():
        if line and len(line) + 1 + len(word) > width:
            lines.append(line)
            line = word
        else:
            line = f"{line} {word}".strip()
    return "<br>".join(lines + [line])


def _wrap(s: str, width: int = 70) -> str:
    """Long source strings (URLs) wrapped for hover boxes."""
    return "<br>".join(s[i:i + width] for i in range(0, len(s), width)) if len(s) > width else s


@speaks
def component_bars(df: pd.DataFrame, lang: str = "vi", title: str = "", source: str = "",
                   value_label: str | None = None) -> go.Figure:
    """One province's components: its score (red bar), the component maximum (light bar behind)
    and the national median (marker) when the edition is full.

    `df`: indicator (label), value, optional max_value, national_median, source, derived, disputed.
    """
    d = df.copy()
    fig = go.Figure()
    labels = [_num(v, lang) if not _missing(v) else _("no data yet") for v in d["value"]]
    # the scores are written past the end of the maximum's bar, a column of figures no median marker
    # reaches: written at the end of the score's bar, the marker struck through them ("4,5|3")
    on_track = "max_value" in d and d["max_value"].notna().all()
    if "max_value" in d and d["max_value"].notna().any():
        fig.add_trace(go.Bar(y=d["indicator"], x=d["max_value"], orientation="h", name=_("Maximum"),
                             marker_color="#EEEEEE", hoverinfo="skip", text=labels if on_track else None,
                             # a gap is said inside its empty track, where it cannot run off the chart
                             textposition=["inside" if _missing(v) else "outside" for v in d["value"]],
                             insidetextanchor="start", cliponaxis=False,
                             textfont=dict(color=[GAP_TEXT if _missing(v) else CHOSEN for v in d["value"]])))
    hover = []
    for _i, r in d.iterrows():
        h = f"<b>{r['indicator']}</b><br>{value_label or _('Score')}: {_num(r['value'], lang)}"
        h += _flags(r, lang) if not _missing(r["value"]) else ""
        if "max_value" in d and not _missing(r.get("max_value")):
            h += f" / {_num(r['max_value'], lang)}"
        if _present(r.get("source")):
            h += f"<br>{_('Source')}: {_wrap(str(r['source']))}"
        hover.append(h)
    fig.add_trace(go.Bar(y=d["indicator"], x=d["value"], orientation="h", name=value_label or _("Score"),
                         marker_color=CHOSEN, hovertext=hover, hoverinfo="text",
                         text=None if on_track else labels, textposition="outside", cliponaxis=False))
    if "national_median" in d and d["national_median"].notna().any():
        fig.add_trace(go.Scatter(y=d["indicator"], x=d["national_median"], mode="markers", name=_("National median"),
                                 marker=dict(symbol="line-ns-open", size=22, color=MEDIAN, line=dict(width=3)),
                                 hovertext=[f"{_('National median')}: {_num(v, lang)}" for v in d["national_median"]],
                                 hoverinfo="text"))
    fig.update_layout(barmode="overlay")
    fig.update_yaxes(autorange="reversed", title=None, ticklabelstandoff=6)  # a name ending flush on its bar
    fig.update_xaxes(title=value_label or _("Score"))
    style(fig, lang, title, source, height=max(300, 40 * len(d) + 150))
    return fig


from chiso.maps import choropleth, fit_map, outline_new_provinces, province_map  # noqa: E402,F401  (the map lives apart; pages ask charts)
from chiso.compare_charts import compare_bars, compare_heatmap  # noqa: E402,F401  (as the map)
from chiso.trend_charts import legend_rows, trend_lines  # noqa: E402,F401  (as the map)
