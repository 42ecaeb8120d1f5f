"""A chart laid out for a phone's screen (about 360–430 px wide), as `chiso.render.fit` lays one out
for a slide. The page shows this copy; its downloads keep the figure as it was made.

What a phone showed before (412 px, Chromium): on So sánh the components' names under the bars
ran into each other and the six provinces' legend covered the title; on Xu hướng every year was a
label, turned on its side and cut to "20…", and the legend ran over the source line; on Tổng quan
the components' names took half the width and were cut at the left; source lines ran off the
right edge. Plotly lays a figure out once for any width, so the narrow layout is a second figure.
"""
from __future__ import annotations

import copy
import math

import plotly.graph_objects as go

from chiso.charts import _wrap_words, is_source_line, legend_rows

SOURCE_CHARS = 52  # a source line's characters per row at 11 px on a phone's plot
NAME_CHARS = 22  # a category's name beside a horizontal bar, per row at 11 px
YEAR_LABELS = 8  # at most this many years are labelled along a phone's axis
LEGEND_ROW_PX = 28  # a legend's row as drawn on a phone (measured: 137 px for 4 entries, one of 2 lines)
PAGE_LEGEND_ROW_PX = 22  # as `charts.trend_lines` reserves one at a page's width
LINE_PX = 16  # one row of tick labels under the plot, at 13 px
LEGEND_CHARS = 34  # a legend entry's characters per row, on a row of its own
BREAK_CHARS = 26  # a methodology break's label, per row (it starts at the break's line)


def fit(fig: go.Figure) -> go.Figure:
    """A copy of `fig` for a phone: years labelled every 2 (or more) instead of every one; the
    components under grouped bars by their code alone (the table under the chart names them); long
    names beside horizontal bars wrapped; the legend in rows that do not cover the title or the
    source; the source line wrapped to the width."""
    fig = go.Figure(copy.deepcopy(fig))
    layout = fig.layout
    height = layout.height or 450
    bottom = layout.margin.b or 0
    source_shift = 0  # the source line moves down by this much (up when negative)
    xaxis = layout.xaxis
    if xaxis.dtick == 1 and xaxis.tickformat == "d" and xaxis.range:  # years (`charts.trend_lines` sets the range)
        first, last = math.ceil(xaxis.range[0]), math.floor(xaxis.range[1])
        if last - first >= YEAR_LABELS:
            # the latest edition keeps its label: it is the one a reader looks for
            fig.update_xaxes(dtick=math.ceil((last - first + 1) / YEAR_LABELS), tick0=last)
    if xaxis.ticktext and any("<br>" in str(t) for t in xaxis.ticktext):
        lines = max(str(t).count("<br>") + 1 for t in xaxis.ticktext)
        fig.update_xaxes(ticktext=[str(t).split("<br>")[0] for t in xaxis.ticktext], tickfont=dict(size=11))
        source_shift -= LINE_PX * (lines - 1)
    categories = _horizontal_categories(fig)
    if categories and max(len(c) for c in categories) > NAME_CHARS:
        wrapped = [_wrap_words(c, NAME_CHARS) for c in categories]
        lines = max(w.count("<br>") + 1 for w in wrapped)
        fig.update_yaxes(tickvals=categories, ticktext=wrapped, tickfont=dict(size=11))
        plot = height - (layout.margin.t or 0) - bottom
        grown = len(categories) * (13 * lines + 10) - plot
        height += max(0, grown)
    names = _legend_names(fig)
    if len(names) > 1 and layout.legend.orientation == "h":
        # two entries a row where they fit half the plot's width (beside horizontal bars the plot is
        # narrow: one), a long name ("Trung bình vùng Bắc Trung Bộ và duyên hải miền Trung") wrapped
        per_row = 2 if max(len(n) for n in names) <= 18 and not categories else 1
        for trace in fig.data:
            if trace.name and len(trace.name) > LEGEND_CHARS:
                trace.name = _wrap_words(trace.name, LEGEND_CHARS)
        wrapped_lines = sum(_wrap_words(n, LEGEND_CHARS).count("<br>") for n in names) if per_row == 1 else 0
        rows = math.ceil(len(names) / per_row)
        fig.update_layout(legend=dict(entrywidthmode="fraction", entrywidth=1 / per_row - 0.01))
        if (layout.legend.y or 0) >= 1:  # above the plot: under the title, which moves to the top
            top = (28 if layout.title.text else 8) + LEGEND_ROW_PX * rows + LINE_PX * wrapped_lines + 8
            height += top - (layout.margin.t or 0)
            fig.update_layout(margin=dict(t=top),
                              title=dict(yref="container", y=1, yanchor="top", pad=dict(t=8)))
        else:  # under the plot: the source line goes under its rows
            source_shift += LEGEND_ROW_PX * rows - PAGE_LEGEND_ROW_PX * legend_rows(names) + LINE_PX * wrapped_lines
    for note in layout.annotations:  # a methodology break's label, over the line: two short rows at most
        if str(note.text or "")[:4].isdigit() and len(str(note.text)) > BREAK_CHARS:
            rows_of = _wrap_words(str(note.text), BREAK_CHARS).split("<br>")
            note.text = "<br>".join(rows_of[:2]) + ("…" if len(rows_of) > 2 else "")
    for trace in fig.data:  # a map's colour scale: across the empty sea under the map, not over the west of it
        if getattr(trace, "marker", None) is not None and trace.marker.colorbar.x is not None:
            trace.marker.colorbar.update(orientation="h", x=0, xanchor="left", y=0.01, yanchor="bottom", len=0.6,
                                         thickness=12, title=dict(side="top"))
    for note in layout.annotations:  # a name on the map ("Quần đảo Trường Sa (Khánh Hòa)"): two rows
        if note.name == "map label" and " (" in str(note.text):
            note.text = str(note.text).replace(" (", "<br>(", 1)
    notes = [a for a in layout.annotations if is_source_line(a)]
    extra_lines = 0
    for note in notes:
        text = _wrap_words(str(note.text), SOURCE_CHARS if not categories else SOURCE_CHARS - 20)
        extra_lines = max(extra_lines, text.count("<br>"))
        note.update(text=text, yshift=(note.yshift or 0) - source_shift)
    grow = source_shift + 14 * extra_lines
    fig.update_layout(height=max(250, height + grow), margin=dict(b=max(20, bottom + grow)))
    return fig


def _horizontal_categories(fig: go.Figure) -> list[str]:
    """The names along the y axis of horizontal bars (a component's name beside its bar)."""
    bars = [t for t in fig.data if t.type == "bar" and t.orientation == "h"]
    if not bars or fig.layout.yaxis.ticktext:
        return []
    return list(dict.fromkeys(str(y) for t in bars for y in _values(t.y) if y is not None))


def _values(array) -> list:
    """A trace's values, also when a JSON round trip left them as plotly's typed array."""
    if array is None:
        return []
    if isinstance(array, dict):  # {"dtype", "bdata"}: numbers, never a category's name
        return []
    return list(array)


def _legend_names(fig: go.Figure) -> list[str]:
    """The legend's entries, once each (a line cut at a break is one entry)."""
    return list(dict.fromkeys(str(t.legendgroup or t.name) for t in fig.data if t.showlegend is not False and t.name))
