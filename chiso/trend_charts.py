"""Lines over the years (Xu hướng, Tổng quan, the deck's trend slide): one province's score or rank
beside the national median, best, its region's mean and its peers, cut at every methodology break
and at every edition a series has no figure for. Pages ask `chiso.charts`, which hands it on, as it
does the map."""
from __future__ import annotations

import pandas as pd
import plotly.graph_objects as go

from chiso.charts import (BEST, BREAK, CHOSEN, MEDIAN, REGION, TREND_PEERS, _flags, _num, _present, _wrap, naming,
                          speaks, style)
from chiso.i18n import _


@speaks
def trend_lines(series: pd.DataFrame, lang: str = "vi", title: str = "", source: str = "",
                breaks: pd.DataFrame | None = None, y_title: str | None = None, rank: bool = False,
                edition_years=None, peer_order: list[str] | None = None) -> go.Figure:
    """Lines over the years, one trace per (series, period, stretch between breaks, run of editions
    with a value): never joined across a methodology break, nor across an edition the series has
    no figure for (Hà Tĩnh's PCI 2016 and 2020 are not a line through 2017–2019, which it is absent
    from: a line there would draw values nobody published).

    `series`: long table with columns year, value, period, series (legend label), and optionally
    role ('province' | 'median' | 'best' | 'region' | anything else), source, derived, disputed, note.
    `breaks`: rows with year and title (drawn as a dotted vertical line before that year, annotated).
    `rank=True` reverses the y axis (1 = best at the top).
    `edition_years`: the index's editions (`chiso.scores.years`); default, every year any series has.
    `peer_order`: the peers' labels in the order their colours are given, so a peer keeps its colour
    from chart to chart even where one before it has no figure; default, as they come.
    """
    fig = go.Figure()
    editions = sorted({int(y) for y in (edition_years if edition_years is not None else series["year"].dropna())})
    style_by_role = {
        "province": dict(color=CHOSEN, width=3), "median": dict(color=MEDIAN, width=1.5, dash="dash"),
        "best": dict(color=BEST, width=1.5, dash="dot"), "region": dict(color=REGION, width=1.5, dash="dashdot"),
    }
    d = series[series["value"].notna()].copy()
    if "role" not in d:
        d["role"] = "province"
    if "period" not in d:
        d["period"] = 0
    if breaks is not None and len(d):  # a break outside the years drawn cuts nothing: no line, no empty years to it
        breaks = breaks[(breaks["year"].astype(int) > int(d["year"].min()))
                        & (breaks["year"].astype(int) <= int(d["year"].max()))]
    # A drawn break always cuts the line, even inside one catalog period (e.g. PAR INDEX 2022).
    cuts = sorted(int(y) for y in breaks["year"]) if breaks is not None and len(breaks) else []
    d["segment"] = [sum(int(y) >= c for c in cuts) for y in d["year"]]
    seen_legend = set()
    peer_i = 0
    for label in dict.fromkeys(d["series"]):
        s_all = d[d["series"] == label]
        role = s_all["role"].iloc[0]
        line = style_by_role.get(role)
        if line is None:
            at = peer_order.index(label) if peer_order and label in peer_order else len(peer_order or ()) + peer_i
            line = dict(color=TREND_PEERS[at % len(TREND_PEERS)], width=2)
            peer_i += label not in (peer_order or ())
        s_all = s_all.sort_values("year")
        s_all = s_all.assign(run=_runs(list(s_all["year"]), editions))
        for (period, _segment, _run), s in s_all.groupby(["period", "segment", "run"], sort=True):
            hover = []
            for _i, r in s.iterrows():
                v = str(int(r["value"])) if rank else _num(r["value"], lang)
                h = f"<b>{label}</b> {int(r['year'])}: {v}{_flags(r, lang)}"
                if _present(r.get("note")):
                    h += f"<br>{r['note']}"
                if _present(r.get("source")):
                    h += f"<br>{_('Source')}: {_wrap(str(r['source']))}"
                hover.append(h)
            fig.add_trace(go.Scatter(
                x=s["year"], y=s["value"], mode="lines+markers", name=label, legendgroup=label,
                showlegend=label not in seen_legend, line=line, marker=dict(size=7 if role == "province" else 5),
                hovertext=hover, hoverinfo="text"))
            seen_legend.add(label)
    # The years drawn, and no more: plotly widens an axis to hold the annotations on it, so a break's
    # label ("2018: PAPI 8 nội dung, thang 80 điểm") stretched a phone's axis to 2028
    drawn = sorted({int(y) for y in d["year"]})
    lines = [int(b) - 0.5 for b in (breaks["year"] if breaks is not None else [])]
    if drawn:
        fig.update_xaxes(range=[min([drawn[0] - 0.5, *lines]), max([drawn[-1] + 0.5, *lines])])
    if breaks is not None:
        middle = (drawn[0] + drawn[-1]) / 2 if drawn else 0
        for i, (_i, b) in enumerate(breaks.iterrows()):
            x = int(b["year"]) - 0.5
            fig.add_vline(x=x, line=dict(color=BREAK, dash="dot", width=1.5))
            # Staggered heights so neighbouring breaks' labels do not overprint each other; a label
            # reads away from the nearer edge, where the room is.
            fig.add_annotation(x=x, y=1, yref="paper", yanchor="bottom", xanchor="left" if x <= middle else "right",
                               showarrow=False,
                               yshift=2 + 15 * (i % 3),
                               text=f"{int(b['year'])}: {b['title']}", textangle=0,
                               font=dict(size=10, color=BREAK), hovertext=str(b.get("description", "") or ""))
    fig.update_xaxes(dtick=1, tickformat="d", title=None)
    fig.update_yaxes(title=y_title or (_("Rank") if rank else _("Score")))
    if rank and len(d):
        # 1 (the best) at the top, and no rank 0 drawn above it: plotly's own range began at 0.
        worst = float(d["value"].max())
        fig.update_yaxes(range=[worst + max(1.0, 0.05 * worst), 0.5], tickformat="d")
    mine = d[d["role"] == "province"]
    if len(mine):  # a picture's title says whose line it is, and over which years
        years = f"{int(mine.year.min())}–{int(mine.year.max())}"
        title = naming(title, f"{mine.series.iloc[0]}, {years}", str(mine.series.iloc[0]))
    # Legend under the plot (the space above it holds the methodology-break annotations), the source
    # under the legend: a legend of many lines (peers beside the national ones) takes a second row,
    # which ran into the source line. About 130 characters (8 for each mark) fit a row at a page's width.
    rows = legend_rows(list(dict.fromkeys(d["series"].astype(str))))
    below = 22 * (rows - 1)
    style(fig, lang, title, source, height=450 + below, source_yshift=-75 - below)
    fig.update_layout(legend=dict(y=-0.1, yanchor="top"),
                      margin=dict(t=90 if title else 50, b=(125 if source else 80) + below))
    return fig


def legend_rows(names: list[str], row_chars: int = 130) -> int:
    """Rows a legend under the plot takes: about `row_chars` characters fit a row (8 for each mark)."""
    return 1 + sum(len(n) + 8 for n in names) // row_chars


def _runs(years: list, editions: list[int]) -> list[int]:
    """For sorted years, the number of the run each belongs to: a run ends where an edition lies
    between two of them."""
    runs, run = [], 0
    for i, y in enumerate(years):
        if i and any(int(years[i - 1]) < e < int(y) for e in editions):
            run += 1
        runs.append(run)
    return runs
