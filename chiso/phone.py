"""A chart laid out for a phone's screen (about 360–430 px wide), as `chiso.render.fit` lays one out
for a slide. The page shows this copy; its downloads keep the figure as it was made.

What a phone showed before (412 px, Chromium): on So sánh the components' names under the bars
ran into each other and the six provinces' legend covered the title; on Xu hướng every year was a
label, turned on its side and cut to "20…", and the legend ran over the source line; on Tổng quan
the components' names took half the width and were cut at the left; source lines ran off the
right edge. Plotly lays a figure out once for any width, so the narrow layout is a second figure.
A laptop's page draws the figure as made, but for a title too long for its width (`for_page`).
"""
from __future__ import annotations

import math
import re

import plotly.graph_objects as go

from chiso.charts import is_break_label, is_source_line, legend_rows, wrap_words

SOURCE_CHARS = 52  # a source line's characters per row at 11 px on a phone's plot
NAME_CHARS = 22  # a category's name beside a horizontal bar, per row at 11 px
YEAR_LABELS = 8  # at most this many years are labelled along a phone's axis
LEGEND_ROW_PX = 28  # a legend's row as drawn on a phone (measured: 137 px for 4 entries, one of 2 lines)
PAGE_LEGEND_ROW_PX = 22  # as `charts.trend_lines` reserves one at a page's width
LINE_PX = 16  # one row of tick labels under the plot, at 13 px
LEGEND_CHARS = 34  # a legend entry's characters per row, on a row of its own
# of the plot's width, per legend entry: plotly puts an entry on the next row unless it fits with a few
# pixels to spare (Chromium, a 305 px plot: two entries of 0,49 went one to a row, of 0,48 two)
ENTRY_SLACK = 0.03
BREAK_CHARS = 26  # a methodology break's label, per row (it starts at the break's line)
BREAK_ROW_PX = 13  # one row of a break's label (10 px)
BREAK_BOX_PX = 4  # the label's box beyond its rows (measured in Chromium: 30 px for two rows)
TITLE_CHARS = 40  # a title's characters per row at TITLE_SIZE on a phone's chart (about 380 px)
TITLE_SIZE = 16  # px: plotly shrinks a title too wide for the chart, down to 11 px, and still cuts it
TITLE_ROW_PX = 21  # one row of the title at TITLE_SIZE
SUBTITLE_CHARS = 56  # a subtitle's characters per row at SUBTITLE_SIZE
SUBTITLE_SIZE = 12
SUBTITLE_ROW_PX = 20  # one row of a subtitle (charts.ranking_bars reserves as much a note)
PAGE_TITLE_CHARS = 80  # a title's characters per row at 17 px on a laptop's chart (820 px wide at 1280 px)
PAGE_TITLE_SIZE = 17  # px: `charts.style`'s
MODEBAR_PX = 30  # plotly's modebar (camera, zoom): the chart's top 28 px at the right, shown at a touch


def fit(fig: go.Figure) -> go.Figure:
    """A copy of `fig` for a phone: years labelled every 2 (or more) instead of every one; the
    components under grouped bars by their code alone (the table under the chart names them); long
    names beside horizontal bars wrapped; the legend in rows that do not cover the title or the
    source; a map's colour scale under the map; the source line wrapped to the width."""
    fig = go.Figure(fig)  # a copy: the figure given stays as it is
    height, bottom = fig.layout.height or 450, fig.layout.margin.b or 0
    _fewer_years(fig)
    source_shift = _codes_under_bars(fig)  # the source line moves down by this much (up when negative)
    categories = _horizontal_categories(fig)
    height += _wrap_names_beside_bars(fig, categories, height - (fig.layout.margin.t or 0) - bottom)
    height_above, below = _legend_in_rows(fig, narrow_plot=bool(categories))
    height += height_above
    source_shift += below
    _map_for_a_phone(fig)
    grow = source_shift + 14 * _wrap_source(fig, SOURCE_CHARS - 20 if categories else SOURCE_CHARS, source_shift)
    height += _title_under_the_modebar(fig)
    height += _break_labels_under_the_title(fig)
    fig.update_layout(height=max(250, height + grow), margin=dict(b=max(20, bottom + grow)))
    return fig


def for_page(fig: go.Figure) -> go.Figure:
    """A laptop's copy of `fig`: only a title too long for a page's chart is wrapped, under the
    modebar (plotly never wraps a title: PCI's total named by its three periods ran off the chart's
    right edge, cut at "Chỉ số PCI (10 chỉ s"). Any other figure is returned as it was made."""
    if not title_too_long_for_page(fig):
        return fig
    fig = go.Figure(fig)
    grown = _title_under_the_modebar(fig, PAGE_TITLE_CHARS, fig.layout.title.font.size or PAGE_TITLE_SIZE,
                                     subtitle_chars=None)
    fig.update_layout(height=(fig.layout.height or 450) + grown)
    return fig


def title_too_long_for_page(fig: go.Figure) -> bool:
    """Whether a laptop's page needs `for_page`'s copy: read without the copy, so a page's other
    charts are drawn as made and pay for no parse of their JSON."""
    return len(str(fig.layout.title.text or "")) > PAGE_TITLE_CHARS


def _title_under_the_modebar(fig: go.Figure, chars: int = TITLE_CHARS, size: int = TITLE_SIZE,
                             subtitle_chars: int | None = SUBTITLE_CHARS) -> int:
    """The title, and on a phone its subtitle (a ranking's notes), in rows that fit the width, under
    the band where the modebar appears (a phone's touch shows it, and it covered the title's middle);
    the pixels the top margin grew by."""
    title = fig.layout.title
    if not title.text:
        return 0
    row_px = size + TITLE_ROW_PX - TITLE_SIZE
    if title.yref == "container" and title.yanchor == "top":  # a row's glyphs end 15 px under its pad
        bottom_before = (title.pad.t or 0) + 15
    else:  # plotly's "auto": the title's middle on the middle of the top margin
        bottom_before = (fig.layout.margin.t or 0) // 2 + row_px // 2
    text = wrap_words(str(title.text), chars)
    rows = text.count("<br>") + 1
    # plotly draws a title of several rows 11 px higher above the same pad than a title of one row
    # (measured in Chromium: glyphs from pad - 5 for one row, from pad - 16 for two or more)
    pad = MODEBAR_PX + (16 if rows > 1 else 5)
    fig.update_layout(title=dict(text=text, yref="container", y=1, yanchor="top", pad=dict(t=pad),
                                 font=dict(size=size)))
    grown = MODEBAR_PX + row_px * rows - bottom_before
    if title.subtitle.text and subtitle_chars:
        lines = str(title.subtitle.text).split("<br>")
        wrapped = "<br>".join(wrap_words(line, subtitle_chars) for line in lines)
        title.subtitle.update(text=wrapped, font=dict(size=SUBTITLE_SIZE))
        grown += SUBTITLE_ROW_PX * (wrapped.count("<br>") + 1) - SUBTITLE_ROW_PX * len(lines)
    grown = max(0, grown)
    fig.update_layout(margin=dict(t=(fig.layout.margin.t or 0) + grown))
    return grown


def _fewer_years(fig: go.Figure) -> None:
    """A year axis (`charts.trend_lines` sets its range) labels at most YEAR_LABELS years, the latest
    among them: it is the one a reader looks for."""
    xaxis = fig.layout.xaxis
    if xaxis.dtick == 1 and xaxis.tickformat == "d" and xaxis.range:
        first, last = math.ceil(xaxis.range[0]), math.floor(xaxis.range[1])
        if last - first >= YEAR_LABELS:
            fig.update_xaxes(dtick=math.ceil((last - first + 1) / YEAR_LABELS), tick0=last)


COMPONENT_CODE = re.compile(r"[A-Z0-9_]+")  # the catalog's codes: D1, D4_EMPLOYMENT, TRANSPARENCY, F1


def _codes_under_bars(fig: go.Figure) -> int:
    """Components under grouped bars ("D1<br>Tham gia của…") by their code alone; the pixels the
    names no longer take (negative: what is under them moves up)."""
    ticks = fig.layout.xaxis.ticktext
    if not ticks or not any("<br>" in str(t) for t in ticks):
        return 0
    lines = max(str(t).count("<br>") + 1 for t in ticks)
    # a name with no code (the total, where an edition publishes nothing else) stays whole: its first
    # row alone read "Chỉ số cải cách"
    short = [first if COMPONENT_CODE.fullmatch(first) else str(t)
             for t, first in ((t, str(t).split("<br>")[0]) for t in ticks)]
    fig.update_xaxes(ticktext=short, tickfont=dict(size=11))
    return -LINE_PX * (lines - max(s.count("<br>") + 1 for s in short))


def _wrap_names_beside_bars(fig: go.Figure, categories: list[str], plot_height: int) -> int:
    """Long names beside horizontal bars wrapped (they took half a phone's width and were cut at the
    left); the pixels the chart grows so each bar keeps room for its name's rows."""
    if not categories or max(len(c) for c in categories) <= NAME_CHARS:
        return 0
    wrapped = [wrap_words(c, NAME_CHARS) for c in categories]
    lines = max(w.count("<br>") + 1 for w in wrapped)
    fig.update_yaxes(tickvals=categories, ticktext=wrapped, tickfont=dict(size=11))
    return max(0, len(categories) * (13 * lines + 10) - plot_height)


def _legend_in_rows(fig: go.Figure, narrow_plot: bool) -> tuple[int, int]:
    """The legend in rows of one or two entries (two where they fit half the plot's width; beside
    horizontal bars the plot is narrow: one), a long name ("Trung bình vùng Bắc Trung Bộ và duyên hải
    miền Trung") wrapped. A legend above the plot goes under the title, which moves to the top; one
    under the plot pushes the source line down. Returns (pixels added above, pixels added below)."""
    names = _legend_names(fig)
    layout = fig.layout
    if len(names) <= 1 or layout.legend.orientation != "h":
        return 0, 0
    per_row = 2 if max(len(n) for n in names) <= 18 and not narrow_plot else 1
    for trace in fig.data:
        if trace.name and len(trace.name) > LEGEND_CHARS:
            trace.name = wrap_words(trace.name, LEGEND_CHARS)
    wrapped_lines = sum(wrap_words(n, LEGEND_CHARS).count("<br>") for n in names) if per_row == 1 else 0
    rows = math.ceil(len(names) / per_row)
    fig.update_layout(legend=dict(entrywidthmode="fraction", entrywidth=1 / per_row - ENTRY_SLACK))
    if (layout.legend.y or 0) >= 1:
        top = (28 if layout.title.text else 8) + LEGEND_ROW_PX * rows + LINE_PX * wrapped_lines + 8
        above = top - (layout.margin.t or 0)
        fig.update_layout(margin=dict(t=top), title=dict(yref="container", y=1, yanchor="top", pad=dict(t=8)))
        return above, 0
    return 0, LEGEND_ROW_PX * rows - PAGE_LEGEND_ROW_PX * legend_rows(names) + LINE_PX * wrapped_lines


def _break_labels_under_the_title(fig: go.Figure) -> int:
    """Each methodology break's label over its line ("2018: PAPI 8 nội dung, thang 80 điểm") in two
    short rows at most (the page's text under the chart says it in full), stacked one above the other,
    and the top margin grown to hold the stack under the title; the pixels it grew by. A page's
    staggering (15 px) holds labels of one row: at a phone's width PCI's 2009 and 2013 labels, two
    rows each, overprinted, and the upper one ran into the title."""
    notes = [note for note in fig.layout.annotations if is_break_label(note)]
    if not notes:
        return 0
    shift = 2
    for note in notes:
        if len(str(note.text)) > BREAK_CHARS:
            rows = wrap_words(str(note.text), BREAK_CHARS).split("<br>")
            note.text = "<br>".join(rows[:2]) + ("…" if len(rows) > 2 else "")
        note.yshift = shift
        shift += BREAK_ROW_PX * (str(note.text).count("<br>") + 1) + BREAK_BOX_PX + 2
    title = fig.layout.title
    title_bottom = MODEBAR_PX  # where `_title_under_the_modebar` ends the title's rows and subtitle
    if title.text:
        size = title.font.size or TITLE_SIZE
        title_bottom += (size + TITLE_ROW_PX - TITLE_SIZE) * (str(title.text).count("<br>") + 1)
        if title.subtitle.text:
            title_bottom += SUBTITLE_ROW_PX * (str(title.subtitle.text).count("<br>") + 1)
    grown = max(0, title_bottom + 4 + shift - (fig.layout.margin.t or 0))
    fig.update_layout(margin=dict(t=(fig.layout.margin.t or 0) + grown))
    return grown


def _map_for_a_phone(fig: go.Figure) -> None:
    """A map's colour scale across the empty sea under the map, not over its western provinces; a
    name on the map ("Quần đảo Trường Sa (Khánh Hòa)") in two rows, not off the edge."""
    for trace in fig.data:
        if getattr(trace, "marker", None) is not None and trace.marker.colorbar.x is not None:
            trace.marker.colorbar.update(orientation="h", x=0, xanchor="left", y=0.01, yanchor="bottom", len=0.6,
                                         thickness=12, title=dict(side="top"))
    for note in fig.layout.annotations:
        if note.name == "map label" and " (" in str(note.text):
            note.text = str(note.text).replace(" (", "<br>(", 1)


def _wrap_source(fig: go.Figure, chars: int, shift: int) -> int:
    """The source line wrapped to `chars` a row and moved down by `shift` pixels; the rows it gained."""
    gained = 0
    for note in [a for a in fig.layout.annotations if is_source_line(a)]:
        text = wrap_words(str(note.text), chars)
        gained = max(gained, text.count("<br>"))
        note.update(text=text, yshift=(note.yshift or 0) - shift)
    return gained


def _horizontal_categories(fig: go.Figure) -> list[str]:
    """The names along the y axis of horizontal bars (a component's name beside its bar)."""
    bars = [t for t in fig.data if t.type == "bar" and t.orientation == "h"]
    if not bars or fig.layout.yaxis.ticktext:
        return []
    return list(dict.fromkeys(str(y) for t in bars for y in _values(t.y) if y is not None))


def _values(array) -> list:
    """A trace's values, also when a JSON round trip left them as plotly's typed array."""
    # {"dtype", "bdata"} holds numbers, never a category's name
    return [] if array is None or isinstance(array, dict) else list(array)


def _legend_names(fig: go.Figure) -> list[str]:
    """The legend's entries, once each (a line cut at a break is one entry)."""
    return list(dict.fromkeys(str(t.legendgroup or t.name) for t in fig.data if t.showlegend is not False and t.name))
