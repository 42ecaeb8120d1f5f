"""Figures to pictures: plotly figures rendered to PNG/SVG by ONE headless browser.

kaleido (≥1) drives a headless Chromium over the DevTools protocol. Starting that browser costs
seconds while one figure costs a fraction of one, so a `Renderer` owns ONE browser and renders
any number of figures with it: a whole deck uses one, and the app keeps one shared renderer for
its lifetime (`shared_renderer()`). The browser is Debian's chromium (or `BROWSER_PATH`); MathJax
is disabled and plotly.js comes from the installed plotly package, so nothing is fetched from the
network.

Sizes are 16:9 slide presets (`SLIDE` 1600×900, `FULL_HD` 1920×1080): `chiso.charts` lays a
figure out for its preset (`charts.for_slide`) so its type stays legible on a projected slide.
"""
from __future__ import annotations

import asyncio
import atexit
import copy
import os
import shutil
import threading
from pathlib import Path

from chiso import fmt
from chiso.errors import ChisoError
from chiso.clock import today_vn

SLIDE = (1600, 900)       # a 16:9 picture that fills a slide at PowerPoint's default size
FULL_HD = (1920, 1080)    # the same for a full-HD projector
PRESETS = {"slide": SLIDE, "full_hd": FULL_HD}

_BROWSER_CANDIDATES = ("/usr/bin/chromium", "/usr/bin/chromium-browser", "/usr/bin/google-chrome")


def browser_path() -> str | None:
    """The Chrome/Chromium kaleido drives: $BROWSER_PATH, else Debian's chromium, else
    whatever choreographer finds itself (None)."""
    env = os.environ.get("BROWSER_PATH")
    if env:
        return env
    for p in _BROWSER_CANDIDATES:
        if Path(p).exists():
            return p
    found = shutil.which("chromium") or shutil.which("google-chrome")
    return found


class RenderError(ChisoError):
    """The chart browser could not start or render (message for the user, in the run's language)."""


class Renderer:
    """One headless browser rendering many figures.

    kaleido's API is asynchronous; a private event loop runs in a daemon thread so callers
    (Streamlit script threads, the CLI, tests) stay synchronous. Calls from several threads
    are safe: each is scheduled on the loop and kaleido queues them on its tab.

        with Renderer() as r:
            png = r.render(fig, "png", 1600, 900)
    """

    def __init__(self, timeout: float = 90):
        self.timeout = timeout
        self._loop: asyncio.AbstractEventLoop | None = None
        self._thread: threading.Thread | None = None
        self._kaleido = None
        self._opening = None  # the browser's start, while it is under way
        self._path = None
        self._lock = threading.Lock()
        self.figures_rendered = 0

    @property
    def running(self) -> bool:
        return self._kaleido is not None

    def start(self, wait: bool = True) -> "Renderer":
        """Start the browser. With `wait=False` it starts in the background (seconds) while the
        caller prepares its figures; the first `render` waits for it."""
        with self._lock:
            if self._kaleido is None and self._opening is None:
                import kaleido

                loop = asyncio.new_event_loop()
                thread = threading.Thread(target=loop.run_forever, name="chiso-kaleido", daemon=True)
                thread.start()
                options = dict(n=1, timeout=self.timeout, mathjax=False)
                path = browser_path()
                if path:
                    options["path"] = path
                self._path = path

                async def open_browser():
                    k = kaleido.Kaleido(**options)
                    await k.open()
                    return k

                self._loop, self._thread = loop, thread
                self._opening = asyncio.run_coroutine_threadsafe(open_browser(), loop)
        if wait:
            self._wait_open()
        return self

    def _wait_open(self) -> None:
        with self._lock:
            if self._kaleido is not None:
                return
            if self._opening is None:
                raise RenderError("The chart browser has not been started")
            try:
                self._kaleido = self._opening.result(self.timeout)
            except Exception as exc:
                loop, thread = self._loop, self._thread
                self._opening = self._loop = self._thread = None
                loop.call_soon_threadsafe(loop.stop)
                thread.join(5)
                raise RenderError("Cannot start the browser that draws charts ({browser}): {error}",
                                  browser=self._path or "chromium", error=str(exc)) from exc
            self._opening = None

    def close(self) -> None:
        if self._opening is not None:
            try:
                self._wait_open()
            except RenderError:
                return
        with self._lock:
            if self._kaleido is None:
                return
            k, loop, thread = self._kaleido, self._loop, self._thread
            self._kaleido = self._loop = self._thread = None
            try:
                asyncio.run_coroutine_threadsafe(k.close(), loop).result(30)
            except Exception:  # a browser that already died needs no closing
                pass
            loop.call_soon_threadsafe(loop.stop)
            thread.join(10)

    def render(self, fig, image_format: str, width: int, height: int, scale: float = 1) -> bytes:
        if self._kaleido is None:
            self.start()
        spec = fig.to_dict() if hasattr(fig, "to_dict") else fig
        opts = dict(format=image_format, width=int(width), height=int(height), scale=scale)
        future = asyncio.run_coroutine_threadsafe(self._kaleido.calc_fig(spec, opts=opts), self._loop)
        data = future.result(self.timeout + 10)
        self.figures_rendered += 1
        return data if isinstance(data, bytes) else bytes(data)

    def __enter__(self) -> "Renderer":
        return self.start()

    def __exit__(self, *exc) -> None:
        self.close()


_shared: Renderer | None = None
_shared_lock = threading.Lock()


def shared_renderer() -> Renderer:
    """The process-wide renderer (started on first use, closed at exit): the app's
    download buttons and the CLI reuse one browser instead of starting one per image."""
    global _shared
    with _shared_lock:
        if _shared is None:
            _shared = Renderer()
            atexit.register(_shared.close)
        return _shared.start()


def _render(fig, image_format: str, width: int, height: int, scale: float, renderer: Renderer | None) -> bytes:
    r = renderer or shared_renderer()
    try:
        return r.render(fig, image_format, width, height, scale)
    except (RenderError, asyncio.CancelledError, RuntimeError, OSError):
        if renderer is not None:
            raise
        # The shared browser may have died (killed, out of memory): restart it once.
        r.close()
        return r.start().render(fig, image_format, width, height, scale)


def _titled(fig, title: str | None, source: str | None, lang: str):
    """The app's styling, title and source line when asked for (figures from `chiso.charts`
    already carry them)."""
    if not title and not source:
        return fig
    from chiso import charts

    return charts.style(fig, lang, title or (fig.layout.title.text or ""), source or "")


def _em(word: str) -> float:
    """A word's width in ems, roughly (capitals and digits are wider than lower case)."""
    return sum(0.68 if c.isupper() or c.isdigit() else 0.56 for c in word)


def _lines(text: str, chars: int) -> str:
    from chiso.charts import wrap_words

    return "<br>".join(wrap_words(part, chars) for part in str(text).split("<br>"))


def fit(fig, width: int, height: int, font_px: int | None = None, *, title: bool = True, source: bool = True):
    """A copy of `fig` laid out for a `width`×`height` picture on a slide.

    Type is sized to the canvas (24 px at 900 px high, about 18 pt when the picture fills a 16:9
    slide) or to `font_px`; the title wraps instead of running off, with a margin from the edge;
    the legend sits under the plot and the source line under the legend, each in room reserved for
    it so neither overprints the other or the axis; a ranking keeps only the bars that are legible
    (`charts.ranking_rows`); a map is re-fitted to the canvas. `title`/`source` False drop them
    (a slide has its own title and footer)."""
    from chiso import charts

    fig = copy.deepcopy(fig)
    base = int(font_px or round(24 * height / 900))
    kind = (fig.layout.meta or {}).get("chart") if isinstance(fig.layout.meta, dict) else None
    title_text = fig.layout.title.text if title else None
    source_notes = [a for a in fig.layout.annotations if charts.is_source_line(a)]
    others = [a for a in fig.layout.annotations if a not in source_notes]
    for a in others:
        a.font.size = max(round(base * 0.8), a.font.size or 0)
    has_legend = any(t.showlegend is not False and t.name for t in fig.data) and kind not in ("ranking", "map")
    title_lines = sub_lines = 0
    # Without its title (on a slide) a figure's subtitle goes too: the slide's subtitle says it.
    subtitle = (fig.layout.title.subtitle.text if fig.layout.title.subtitle else None) if title else None
    fig.update_layout(title=dict(subtitle=dict(text=subtitle)))
    if kind == "ranking":  # trim first: the note it adds is part of the subtitle laid out below
        est_title = 2 if title_text else 0
        est_h = height - base * (1.6 + 1.6 * est_title + 1.25 * 2 + 1.2) - base * 3.4
        subtitle = _fit_ranking(fig, max(3, int(est_h / (base * 1.35)))) or subtitle
    if title_text:
        chars = max(20, int((width - 2 * base) / (base * 1.3 * 0.55)))
        wrapped = _lines(title_text, chars)
        title_lines = wrapped.count("<br>") + 1
        fig.update_layout(title=dict(text=wrapped, x=base / width, xref="container", xanchor="left",
                                     y=1 - (base * 0.6) / height, yanchor="top", font=dict(size=round(base * 1.3))))
    else:
        fig.update_layout(title=dict(text=None))
    if subtitle:
        wrapped = _lines(subtitle, max(30, int((width - 2 * base) / (base * 0.85 * 0.55))))
        sub_lines = wrapped.count("<br>") + 1
        if not title_text:  # a subtitle needs a title to hang from: a blank one
            fig.update_layout(title=dict(text=" ", x=base / width, xref="container", xanchor="left",
                                         y=1 - (base * 0.2) / height, yanchor="top", font=dict(size=2)))
        fig.update_layout(title=dict(subtitle=dict(text=wrapped, font=dict(size=round(base * 0.85)))))
    break_rows = min(3, sum(1 for a in others if charts.is_break_label(a)))
    top = round(base * 0.8 + title_lines * base * 1.6 + sub_lines * base * 1.25 + break_rows * base * 1.2
                + base * 0.8 + (base * 1.2 if kind == "ranking" else 0))
    axis_h = round(base * 2.6)  # tick labels and the axis title
    tick_px = base
    ticks = fig.layout.xaxis.ticktext
    if ticks:  # category names under the plot: wrapped to their column's width, room made for every line
        column = (width - base * 5) / len(ticks)
        chars = max(6, int(column / (base * 0.56)) - 1)
        wrapped = [_lines(str(t).replace("<br>", " "), chars) for t in ticks]
        # a word no line break can shorten ("TRANSPARENCY", PCI's 10th sub-index) sets a smaller type
        # for the names, or it runs into its neighbour's
        widest = max(_em(word) for w in wrapped for word in w.replace("<br>", " ").split())
        tick_px = min(base, int(column * 0.92 / widest))
        if tick_px < base:  # smaller type: more of each name on a line
            wrapped = [_lines(str(t).replace("<br>", " "), max(6, int(column / (tick_px * 0.56)) - 1)) for t in ticks]
        fig.update_xaxes(ticktext=wrapped, tickangle=0)
        axis_h = round(tick_px * 1.3 * max(w.count("<br>") + 1 for w in wrapped)
                       + base * (1.6 if fig.layout.xaxis.title.text else 0.6))
    legend_h = round(base * 1.8) if has_legend else 0
    source_h = round(base * 1.6) if (source and source_notes) else 0
    bottom = axis_h + legend_h + source_h + round(base * 0.4)
    fig.update_layout(width=None, height=None, font=dict(size=base), margin=dict(l=base, r=base * 2, t=top, b=bottom),
                      legend=dict(font=dict(size=base), orientation="h", x=0, xanchor="left",
                                  y=-axis_h / max(1, height - top - bottom), yanchor="top"))
    for i, a in enumerate(a for a in others if charts.is_break_label(a)):
        a.yshift = 4 + round(base * 1.2) * (i % 3)
    today = fmt.date(today_vn())
    fig.layout.annotations = others + [
        a.update(text=a.text if today in a.text else f"{a.text} · chiso, {today}", font=dict(size=round(base * 0.75)),
                 y=0, yanchor="top", yshift=-(axis_h + legend_h))
        for a in (source_notes if source else [])]
    fig.update_xaxes(tickfont=dict(size=tick_px), title_font=dict(size=base))
    fig.update_yaxes(tickfont=dict(size=base), title_font=dict(size=base))
    fig.update_traces(textfont_size=round(base * 0.9), selector=dict(type="bar"))
    if kind == "ranking":
        _label_room(fig, base)
    if kind == "map":
        charts.fit_map(fig, width, height)
        fig.update_traces(selector=dict(meta={"layer": "scale"}),
                          marker_colorbar=dict(tickfont=dict(size=base), title=dict(font=dict(size=base)),
                                               thickness=round(base * 1.1)))
    return fig


def _fit_ranking(fig, rows: int) -> str | None:
    """Keep the bars that fit (`charts.ranking_rows`: top 5, the province ±2, bottom 3); returns
    the subtitle saying so (None when every bar fits)."""
    import pandas as pd

    from chiso import charts
    from chiso.i18n import _

    bar = fig.data[0]
    n = len(bar.y)
    if n <= rows * 1.15:  # a bar or two over: thinner bars, not a ranking with one province missing
        return None
    chosen = next((c[0] for c, col in zip(bar.customdata, bar.marker.color) if col == charts.CHOSEN), None)
    d = pd.DataFrame({"province_code": [c[0] for c in bar.customdata], "order": [c[2] for c in bar.customdata],
                      "i": range(n)})
    keep = sorted(charts.ranking_rows(d.sort_values("order"), chosen, rows)["i"])
    labels = [bar.y[i] for i in keep]
    bar.update(x=[bar.x[i] for i in keep], y=labels, text=[bar.text[i] for i in keep],
               marker_color=[bar.marker.color[i] for i in keep], customdata=[bar.customdata[i] for i in keep],
               hovertext=[bar.hovertext[i] for i in keep])
    fig.update_yaxes(tickvals=labels, ticktext=[f"{x} " for x in labels], categoryarray=labels)
    name = next((bar.y[i] for i in range(n) if bar.marker.color[i] == charts.CHOSEN), "")
    note = _("Top 5, {province} and its neighbours, bottom 3 of {n}", province=name, n=n)
    sub = fig.layout.title.subtitle.text or ""
    return sub if note in sub else (f"{sub}<br>{note}" if sub else note)


def _label_room(fig, base: int) -> None:
    """A ranking's labels at full size (plotly would otherwise shrink those that do not fit their
    bar); they are written inside the bars (charts.ranking_bar), so the axis ends just past the
    longest bar."""
    from chiso import charts

    bar = fig.data[0]
    if not len(bar.x):
        return
    fig.update_xaxes(range=[0, max(float(x) for x in bar.x) * charts.LABEL_ROOM])
    fig.update_layout(uniformtext=dict(minsize=round(base * 0.85), mode="show"))


def figure_png(fig, width: int = SLIDE[0], height: int = SLIDE[1], scale: float = 1, *, title: str | None = None,
               source: str | None = None, lang: str = "vi", renderer: Renderer | None = None) -> bytes:
    """PNG bytes of a plotly figure laid out for a `width`×`height` slide picture (`fit`), times `scale`."""
    return _render(fit(_titled(copy.deepcopy(fig), title, source, lang), width, height), "png", width, height,
                   scale, renderer)


def figure_svg(fig, width: int = SLIDE[0], height: int = SLIDE[1], *, title: str | None = None, source: str | None = None,
               lang: str = "vi", renderer: Renderer | None = None) -> bytes:
    """SVG bytes (text stays text: searchable, editable in Inkscape/Illustrator), laid out by `fit`."""
    return _render(fit(_titled(copy.deepcopy(fig), title, source, lang), width, height), "svg", width, height, 1,
                   renderer)
