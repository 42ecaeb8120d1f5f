"""Several provinces on every component (So sánh): grouped bars, or a heatmap when they are many,
with the component names laid along the axis so neighbours never overprint. Pages ask `chiso.charts`,
which hands these on, as it does the map."""
from __future__ import annotations

import pandas as pd
import plotly.graph_objects as go

from chiso.charts import (CHOSEN, PEERS, SEQUENTIAL, _flags, _missing, _num, _present, _wrap, speaks, style,
                          wrap_words)
from chiso.i18n import _


def _component_axis(fig: go.Figure, order: list) -> int:
    """Component names along the x axis, level and wrapped so neighbours do not overprint, narrower
    the more columns share the width (PAPI's 8 dimensions, PCI's 10 sub-indices); returns the pixels
    they take under the plot, where the source line goes below them. Plotly's own answer, names
    turned on their side, ran them off the chart and through the source line."""
    width = max(8, min(18, 104 // max(len(order), 1)))
    # "TRANSPARENCY · Tính minh bạch": the code on a line of its own ("TRANSPARENCY ·" was wider than
    # a heatmap's column), the name wrapped under it
    ticks = [f"{code}<br>{wrap_words(name, width)}" if name else wrap_words(code, width)
             for code, _sep, name in (str(o).partition(" · ") for o in order)]
    fig.update_xaxes(tickvals=order, ticktext=ticks, tickangle=0, automargin=True)
    if len(order) >= 10:  # PCI's ten: "TRANSPARENCY" is as wide as a heatmap's column at 12 px
        fig.update_xaxes(tickfont=dict(size=11))
    return 16 * max((t.count("<br>") + 1 for t in ticks), default=1)


BAR_GAP = 0.2  # of each component's width, between its groups of bars


def _say_the_gaps(fig: go.Figure, df: pd.DataFrame, order: list, provinces: list, lang: str) -> None:
    """"chưa có số liệu" upright in the place of each bar that has no figure: an empty place beside the
    others' bars (Hồ Chí Minh's PAR INDEX 2024, under its name in the legend) said nothing, on the page
    or on a slide. Written over the axis, not as a bar of 0, so no download carries a 0 for it."""
    width = (1 - BAR_GAP) / max(len(provinces), 1)
    present = df[df["value"].notna()]
    have = set(zip(present["province_code"], present["indicator"]))
    for n, (code, _name) in enumerate(provinces):
        for k, indicator in enumerate(order):
            if (code, indicator) not in have:
                fig.add_annotation(x=k - (1 - BAR_GAP) / 2 + (n + 0.5) * width, y=0, xref="x", yref="y",
                                   text=_num(None, lang), textangle=-90, yanchor="bottom", showarrow=False,
                                   font=dict(size=11, color="#555555"))


@speaks
def compare_bars(df: pd.DataFrame, lang: str = "vi", title: str = "", source: str = "",
                 province_code: str | None = None, value_label: str | None = None) -> go.Figure:
    """Several provinces side by side on every component: grouped bars, one colour per province.

    `df`: long table with columns indicator (component label, in display order), province_code,
    province (name), value, optional source/derived/disputed. Missing values have no bar; the
    hover of the component says which provinces have no data.
    """
    fig = go.Figure()
    order = list(dict.fromkeys(df["indicator"]))
    provinces = list(dict.fromkeys(zip(df["province_code"], df["province"])))
    peer_i = 0
    for code, pname in provinces:
        s = df[(df["province_code"] == code)].set_index("indicator").reindex(order)
        if code == province_code:
            colour = CHOSEN
        else:
            colour = PEERS[peer_i % len(PEERS)]
            peer_i += 1
        hover = []
        for ind, r in s.iterrows():
            v = _num(r["value"], lang)
            h = f"<b>{pname}</b><br>{ind}: {v}{_flags(r, lang) if not _missing(r['value']) else ''}"
            if _present(r.get("source")):
                h += f"<br>{_('Source')}: {_wrap(str(r['source']))}"
            hover.append(h)
        fig.add_trace(go.Bar(x=order, y=s["value"], name=pname, marker_color=colour, hovertext=hover,
                             hoverinfo="text"))
    _say_the_gaps(fig, df, order, provinces, lang)
    below = _component_axis(fig, order)
    fig.update_layout(barmode="group", bargap=BAR_GAP)
    fig.update_yaxes(title=value_label or _("Score"))
    # Room for the wrapped component names below (the source line goes under the longest), and the
    # legend between title and plot.
    style(fig, lang, title, source, height=500 + max(0, below - 64), source_yshift=-36 - below)
    fig.update_layout(legend=dict(y=1.02), margin=dict(t=95 if title else 50, b=(66 if source else 26) + below))
    return fig


@speaks
def compare_heatmap(df: pd.DataFrame, lang: str = "vi", title: str = "", source: str = "") -> go.Figure:
    """The same comparison as a heatmap (provinces x components), gaps left blank and labelled."""
    order = list(dict.fromkeys(df["indicator"]))
    provinces = list(dict.fromkeys(df["province"]))
    m = df.pivot_table(index="province", columns="indicator", values="value", aggfunc="first", dropna=False)
    m = m.reindex(index=provinces, columns=order)
    # Colour each component by its own spread: components have different maxima.
    norm = (m - m.min()) / (m.max() - m.min()).replace(0, 1)
    cells = [[_num(v, lang) for v in row] for row in m.values]
    fig = go.Figure(go.Heatmap(z=norm.values, x=order, y=provinces, text=cells, texttemplate="%{text}",
                               colorscale=SEQUENTIAL, showscale=False, hoverinfo="text",
                               hovertext=[[f"<b>{p}</b><br>{c}: {cells[i][j]}" for j, c in enumerate(order)]
                                          for i, p in enumerate(provinces)]))
    fig.update_yaxes(autorange="reversed")
    below = _component_axis(fig, order)
    style(fig, lang, title, source, height=max(300, 45 * len(provinces) + 160) + max(0, below - 32),
          source_yshift=-36 - below)
    fig.update_layout(margin=dict(b=(66 if source else 26) + below))
    return fig
