"""The briefing deck: one province, one year, PAPI + PAR INDEX + SIPAS, as an editable 16:9 PPTX.

Slides: title; summary table of the three indices (score, rank, change); for each index a ranking
chart, a trend chart and its weak components with the tasks that address them; finally the weak
components that no open task covers. Text and tables are real PowerPoint objects (editable);
charts are images rendered from `chiso.charts` figures by ONE headless browser for the whole deck.

Readable from the back of a meeting room: titles 30 pt, body 18–20 pt; every slide has a footer
with its source and the export date. Partial editions (PAR INDEX, SIPAS: only some provinces
published) say so on the slide, and their ranks are the published ones.

Tasks come from the caller (the page reads them for the signed-in user; the CLI from a task
file), as a `v_tasks`-shaped DataFrame (`chiso.coverage.TASK_COLUMNS`). Without them the deck
says so instead of claiming that nothing is being done.
"""
from __future__ import annotations

import datetime as dt
import io
from dataclasses import dataclass
from pathlib import Path

import pandas as pd
from pptx import Presentation
from pptx.dml.color import RGBColor
from pptx.enum.text import MSO_ANCHOR, PP_ALIGN
from pptx.util import Emu, Inches, Pt

from chiso import catalog, charts, coverage, exports, fmt, names, scores, weakness

INDICES = ("PAPI", "PAR_INDEX", "SIPAS")

SLIDE_W, SLIDE_H = Inches(13.333), Inches(7.5)
MARGIN = Inches(0.5)
FONT = "Arial"  # on every office PC, with Vietnamese glyphs; LibreOffice maps it to Liberation Sans
TITLE_PT, BODY_PT, TABLE_PT, SMALL_PT, FOOTER_PT = 30, 20, 18, 18, 12
DARK = RGBColor(0x22, 0x22, 0x22)
GREY = RGBColor(0x55, 0x55, 0x55)
RED = RGBColor(0xC8, 0x10, 0x2E)
HEADER_FILL = RGBColor(0xDC, 0xE6, 0xF0)
WARN_FILL = RGBColor(0xFF, 0xF4, 0xE0)

# Chart images: logical pixels per slide inch chosen so the figure's fonts land at ≥18 pt.
CHART_PX_PER_IN = 90
CHART_FONT_PX = 23
MAX_WEAK_ROWS = 4

_T = {
    "vi": {
        "deck_title": "Kết quả PAPI, PAR INDEX, SIPAS năm {year}",
        "prepared": "Tài liệu họp, xuất ngày {date}",
        "summary": "{province} năm {year}: tóm tắt ba chỉ số",
        "index": "Chỉ số", "score": "Điểm", "rank": "Xếp hạng", "change": "So với kỳ trước", "note": "Ghi chú",
        "points": "điểm", "up": "tăng {n} bậc", "down": "giảm {n} bậc", "same": "giữ nguyên thứ hạng",
        "no_edition": "chưa có kỳ công bố", "partial": "Kỳ công bố một phần: thứ hạng theo công bố",
        "derived": "tổng điểm suy ra từ các nội dung", "group": "{group}",
        "ranking": "{short} {year}: {province} xếp thứ {rank}",
        "ranking_norank": "{short} {year}: xếp hạng các tỉnh",
        "ranking_sub_full": "5 tỉnh dẫn đầu, các tỉnh quanh {province} và 3 tỉnh cuối bảng; {n} tỉnh được xếp hạng. "
                            "Đường đứt: trung vị cả nước {median}.",
        "ranking_sub_all": "{n} tỉnh được xếp hạng.",
        "ranking_sub_partial": "Kỳ công bố một phần: chỉ {n}/63 tỉnh có điểm trong các nguồn công khai; "
                               "số trong ngoặc là thứ hạng đã công bố trên 63 tỉnh.",
        "trend": "{short}: diễn biến của {province}",
        "trend_sub_value": "Điểm qua các năm, so với trung vị cả nước; đường chấm: thay đổi phương pháp "
                           "(không so sánh trực tiếp qua mốc này).",
        "trend_sub_rank": "Thứ hạng đã công bố qua các năm (1 = cao nhất); kỳ công bố một phần nên không có "
                          "đường trung vị.",
        "weak": "{short} {year}: nội dung cần cải thiện và nhiệm vụ",
        "weak_cols": ("Nội dung", "Điểm", "Hạng", "Vì sao yếu", "Nhiệm vụ, tình trạng"),
        "weak_none": "Không có nội dung nào bị đánh dấu yếu theo các quy tắc hiện hành.",
        "weak_partial": "Kỳ công bố một phần: không so sánh được các nội dung với cả nước, nên không xác định "
                        "nội dung yếu. Cần bảng kết quả đầy đủ của Bộ Nội vụ.",
        "weak_more": "… và {n} nội dung yếu khác (xem bảng Phân tích điểm yếu trong ứng dụng).",
        "no_tasks": "chưa có nhiệm vụ",
        "no_task_data": "chưa có dữ liệu nhiệm vụ",
        "tasks_missing_note": "Chưa nạp danh sách nhiệm vụ của tỉnh: chưa đối chiếu được nội dung yếu với nhiệm vụ.",
        "n_tasks": "{n} nhiệm vụ ({open} đang mở)",
        "uncovered": "Nội dung yếu chưa có nhiệm vụ đang thực hiện",
        "uncovered_cols": ("Chỉ số", "Nội dung", "Điểm", "Hạng", "Vì sao yếu"),
        "uncovered_none": "Mọi nội dung yếu đều đã có nhiệm vụ đang mở.",
        "uncovered_unknown": "Chưa có dữ liệu nhiệm vụ: danh sách dưới đây là mọi nội dung yếu, chưa đối chiếu "
                             "với nhiệm vụ.",
        "source": "Nguồn", "exported": "xuất ngày", "missing": fmt.MISSING["vi"],
        "papi_source": "UNDP Việt Nam và đối tác, PAPI {year}",
        "moha_source": "Bộ Nội vụ, {short} {year} (qua các trang công khai; nguồn từng số trong tệp số liệu)",
        "no_chart": "Chưa có số liệu để vẽ biểu đồ này.",
        "province_line": "{short} {year}",
        "median": "Trung vị cả nước",
    },
    "en": {
        "deck_title": "PAPI, PAR INDEX and SIPAS results, {year}",
        "prepared": "Meeting brief, exported {date}",
        "summary": "{province}, {year}: the three indices at a glance",
        "index": "Index", "score": "Score", "rank": "Rank", "change": "Since last edition", "note": "Note",
        "points": "points", "up": "up {n}", "down": "down {n}", "same": "same rank",
        "no_edition": "no edition published", "partial": "Partial edition: published rank",
        "derived": "total derived from the dimensions", "group": "{group}",
        "ranking": "{short} {year}: {province} ranked {rank}",
        "ranking_norank": "{short} {year}: provincial ranking",
        "ranking_sub_full": "Top 5, the provinces around {province} and the bottom 3; {n} provinces ranked. "
                            "Dashed line: national median {median}.",
        "ranking_sub_all": "{n} provinces ranked.",
        "ranking_sub_partial": "Partial edition: only {n}/63 provinces have a score in public sources; "
                               "the number in brackets is the published rank out of 63.",
        "trend": "{short}: {province} over time",
        "trend_sub_value": "Score by year against the national median; dotted lines: methodology changes "
                           "(not directly comparable across them).",
        "trend_sub_rank": "Published rank by year (1 = best); partial editions, so no median line.",
        "weak": "{short} {year}: components to improve, and tasks",
        "weak_cols": ("Component", "Score", "Rank", "Why weak", "Tasks, status"),
        "weak_none": "No component is flagged weak by the current rules.",
        "weak_partial": "Partial edition: components cannot be compared nationally, so no weakness is flagged. "
                        "The Ministry's full table is needed.",
        "weak_more": "… and {n} more weak components (see Weakness analysis in the app).",
        "no_tasks": "no task yet",
        "no_task_data": "no task data",
        "tasks_missing_note": "The province's task list is not loaded: weak components are not matched to tasks.",
        "n_tasks": "{n} tasks ({open} open)",
        "uncovered": "Weak components with no open task",
        "uncovered_cols": ("Index", "Component", "Score", "Rank", "Why weak"),
        "uncovered_none": "Every weak component has an open task.",
        "uncovered_unknown": "No task data: below is every weak component, not matched to tasks.",
        "source": "Source", "exported": "exported", "missing": fmt.MISSING["en"],
        "papi_source": "UNDP Viet Nam and partners, PAPI {year}",
        "moha_source": "Ministry of Home Affairs, {short} {year} (via public pages; per-value sources in the data file)",
        "no_chart": "No data to draw this chart yet.",
        "province_line": "{short} {year}",
        "median": "National median",
    },
}


def _t(lang: str, key: str, **kw):
    value = _T.get(lang, _T["vi"])[key]
    return value.format(**kw) if kw and isinstance(value, str) else value


@dataclass
class DeckReport:
    path: Path | object
    slides: int
    images: int
    seconds: float


# ------------------------------------------------------------------ data for the slides (swappable)

def weak_components(index_code: str, year: int, province_code: str, db=None) -> tuple[pd.DataFrame, bool]:
    """(weak components, highest priority first, whether the edition can be compared nationally):
    the one rule of chiso.weakness, as on Điểm yếu and in `python -m chiso weak`."""
    a = weakness.assess(index_code, year, province_code, db=db)
    return weakness.weak(a), a.attrs["basis"] == "national"


def uncovered_components(weak: pd.DataFrame, tasks: pd.DataFrame) -> pd.DataFrame:
    """Weak components no open task covers: chiso.coverage's one rule, as on Chưa có nhiệm vụ."""
    return coverage.uncovered(coverage.attach(weak, tasks))


def _tasks_for(weak: pd.DataFrame, tasks: pd.DataFrame | None) -> pd.DataFrame | None:
    if tasks is None or weak.empty:
        return None
    return coverage.links(weak, tasks)


def _source_for(index_code: str, year: int, lang: str) -> str:
    short = catalog.indices()[index_code].short
    if index_code == "PAPI":
        return _t(lang, "papi_source", year=year)
    return _t(lang, "moha_source", short=short, year=year)


# ------------------------------------------------------------------ pptx helpers

def _text_box(slide, left, top, width, height, lines, size=BODY_PT, bold=False, color=DARK, align=PP_ALIGN.LEFT,
              anchor=MSO_ANCHOR.TOP, fill=None):
    box = slide.shapes.add_textbox(left, top, width, height)
    tf = box.text_frame
    tf.word_wrap = True
    tf.vertical_anchor = anchor
    tf.margin_left = tf.margin_right = Inches(0.08)
    if fill is not None:
        box.fill.solid()
        box.fill.fore_color.rgb = fill
    for i, line in enumerate([lines] if isinstance(lines, str) else lines):
        p = tf.paragraphs[0] if i == 0 else tf.add_paragraph()
        p.alignment = align
        run = p.add_run()
        run.text = line
        f = run.font
        f.name, f.size, f.bold, f.color.rgb = FONT, Pt(size), bold, color
    return box


def _title(slide, text: str, subtitle: str | None = None):
    _text_box(slide, MARGIN, Inches(0.3), SLIDE_W - 2 * MARGIN, Inches(0.75), text, size=TITLE_PT, bold=True,
              anchor=MSO_ANCHOR.MIDDLE)
    if subtitle:
        _text_box(slide, MARGIN, Inches(1.05), SLIDE_W - 2 * MARGIN, Inches(0.65), subtitle, size=SMALL_PT,
                  color=GREY)


def _footer(slide, source: str, today: str, lang: str, number: int):
    label = source if source.lower().startswith(("nguồn", "source")) else f"{_t(lang, 'source')}: {source}"
    _text_box(slide, MARGIN, Inches(7.0), SLIDE_W - 2 * MARGIN - Inches(1.0), Inches(0.4),
              f"{label} · chiso, {_t(lang, 'exported')} {today}", size=FOOTER_PT, color=GREY)
    _text_box(slide, SLIDE_W - MARGIN - Inches(0.9), Inches(7.0), Inches(0.9), Inches(0.4), str(number),
              size=FOOTER_PT, color=GREY, align=PP_ALIGN.RIGHT)


def _notes(slide, lines: list[str]):
    slide.notes_slide.notes_text_frame.text = "\n".join(l for l in lines if l)


def _table(slide, top, header: tuple[str, ...], rows: list[list[str]], widths_in: list[float],
           size=TABLE_PT, row_h=0.55, highlight: set[int] | None = None):
    n_rows, n_cols = len(rows) + 1, len(header)
    width = Inches(sum(widths_in))
    shape = slide.shapes.add_table(n_rows, n_cols, MARGIN, top, width, Inches(row_h * n_rows))
    table = shape.table
    for j, w in enumerate(widths_in):
        table.columns[j].width = Inches(w)
    for i, values in enumerate([list(header)] + rows):
        for j, value in enumerate(values):
            cell = table.cell(i, j)
            cell.margin_left = cell.margin_right = Inches(0.06)
            cell.margin_top = cell.margin_bottom = Inches(0.03)
            cell.vertical_anchor = MSO_ANCHOR.MIDDLE
            tf = cell.text_frame
            tf.word_wrap = True
            tf.paragraphs[0].text = ""
            run = tf.paragraphs[0].add_run()
            run.text = str(value)
            run.font.name, run.font.size = FONT, Pt(size)
            run.font.bold = i == 0
            run.font.color.rgb = RED if (highlight and i in highlight and j == 0) else DARK
            cell.fill.solid()
            cell.fill.fore_color.rgb = HEADER_FILL if i == 0 else RGBColor(0xFF, 0xFF, 0xFF)
    return shape


def _picture(slide, png: bytes, top, max_w, max_h, px_w: int, px_h: int):
    ratio = min(max_w / px_w, max_h / px_h)
    w, h = int(px_w * ratio), int(px_h * ratio)
    left = int((SLIDE_W - w) / 2)
    return slide.shapes.add_picture(io.BytesIO(png), Emu(left), Emu(int(top)), Emu(w), Emu(h))


# ------------------------------------------------------------------ figures for slides

def _for_slide(fig):
    """The app's figure restyled for a projector: larger type, no figure title (the slide has one),
    no source annotation (the footer has it)."""
    fig.update_layout(title=None, font=dict(size=CHART_FONT_PX), height=None, margin=dict(l=10, r=30, t=50, b=60))
    fig.layout.annotations = [a for a in fig.layout.annotations
                              if not str(a.text or "").startswith(("Nguồn", "Source"))]
    for a in fig.layout.annotations:
        a.font.size = max(CHART_FONT_PX - 4, (a.font.size or 0))
    fig.update_xaxes(tickfont=dict(size=CHART_FONT_PX), title_font=dict(size=CHART_FONT_PX))
    fig.update_yaxes(tickfont=dict(size=CHART_FONT_PX), title_font=dict(size=CHART_FONT_PX))
    fig.update_traces(textfont_size=CHART_FONT_PX - 2, selector=dict(type="bar"))
    return fig


def _ranking_rows(df: pd.DataFrame, province_code: str, lang: str, partial: bool) -> tuple[pd.DataFrame, bool]:
    """Rows for the slide's ranking: all of a partial edition; for a full one the top 5, the
    province and its neighbours, the bottom 3 (63 names cannot be read from the back of a room)."""
    name = "name_vi" if lang == "vi" else "name_en"
    d = df[df["value"].notna()].copy()
    if partial:
        d[name] = [f"{n} ({fmt.rank(r, c, lang)})" if not fmt.is_missing(r) else n
                   for n, r, c in zip(d[name], d["rank"], d["ranked_count"])]
        return d, False
    d = d.sort_values("rank")
    if len(d) <= 16:
        d[name] = [f"{int(r)}. {n}" for n, r in zip(d[name], d["rank"])]
        return d, False
    ranks = list(d["rank"].astype(int))
    mine = d.loc[d.province_code == province_code, "rank"]
    keep = set(ranks[:5]) | set(ranks[-3:])
    if len(mine):
        r = int(mine.iloc[0])
        keep |= {x for x in ranks if abs(x - r) <= 2}
    d = d[d["rank"].astype(int).isin(keep)].copy()
    d[name] = [f"{int(r)}. {n}" for n, r in zip(d[name], d["rank"])]
    return d, True


def ranking_figure(index_code: str, year: int, province_code: str, lang: str, db=None):
    """(figure or None, subtitle) for the ranking slide."""
    df = scores.ranking(index_code, year, db=db)
    ed = scores.edition(index_code, year, db) or {}
    partial = ed.get("coverage") != "full"
    if df.empty or df["value"].notna().sum() == 0:
        return None, ""
    rows, trimmed = _ranking_rows(df, province_code, lang, partial)
    province_name = _province_name(province_code, lang)
    median = None
    if not partial:
        median = float(df["value"].median())
    fig = charts.ranking_bar(rows, province_code, lang=lang, median=median)
    labels = list(rows.sort_values("value")["name_vi" if lang == "vi" else "name_en"])
    # plotly drops category labels it thinks overlap; on a slide every name must show
    fig.update_yaxes(tickmode="array", tickvals=labels, ticktext=[f"{x}  " for x in labels])
    if partial:
        sub = _t(lang, "ranking_sub_partial", n=int(df["value"].notna().sum()))
    elif trimmed:
        sub = _t(lang, "ranking_sub_full", province=province_name, n=int(df["rank"].notna().sum()),
                 median=fmt.number(median, 2, lang))
    else:
        sub = _t(lang, "ranking_sub_all", n=int(df["rank"].notna().sum()))
    return _for_slide(fig), sub


def trend_figure(index_code: str, year: int, province_code: str, lang: str, db=None):
    """(figure or None, subtitle): score against the national median for full editions; the
    published rank when the editions are partial (values there are too sparse for a line)."""
    series = scores.province_series(index_code, "TOTAL", province_code, db=db)
    series = series[series.year <= year]
    eds = scores.editions(index_code, db)
    full_years = set(eds[eds.coverage == "full"].year.astype(int))
    by_rank = not full_years
    idx = catalog.indices()[index_code]
    label = _province_name(province_code, lang)
    if by_rank:
        s = series[series["rank"].notna()].assign(value=lambda x: x["rank"].astype(float), series=label,
                                                    role="province")
    else:
        s = series[series["value"].notna()].assign(series=label, role="province")
        nat = scores.national_series(index_code, "TOTAL", db=db)
        nat = nat[nat.year <= year]
        if len(nat):
            s = pd.concat([s, pd.DataFrame({"year": nat.year, "value": nat.national_median, "period": nat.period,
                                            "series": _t(lang, "median"), "role": "median"})], ignore_index=True)
    if s.empty:
        return None, ""
    breaks = scores.series_breaks(index_code, "TOTAL", lang, db)
    lo, hi = int(s.year.min()), int(s.year.max())
    breaks = breaks[(breaks.year > lo) & (breaks.year <= hi)]
    fig = charts.trend_lines(s[["year", "value", "period", "series", "role"]], lang=lang, breaks=breaks,
                             rank=by_rank, y_title=_t(lang, "rank") if by_rank else idx.unit_vi if lang == "vi" else idx.unit_en)
    fig = _for_slide(fig)
    # break labels staggered by the slide's (larger) line height so they do not overprint
    for i, a in enumerate(a for a in fig.layout.annotations if str(a.text or "")[:4].isdigit()):
        a.yshift = 4 + (CHART_FONT_PX + 8) * (i % 3)
        if a.x > (lo + hi) / 2:  # labels of late breaks run leftwards, inside the plot
            a.xanchor = "right"
    fig.update_layout(margin=dict(t=40 + (CHART_FONT_PX + 8) * min(len(breaks), 3), b=120, r=40),
                      legend=dict(font=dict(size=CHART_FONT_PX), y=-0.16, yanchor="top"))
    fig.update_xaxes(range=[lo - 0.4, hi + 0.4])
    if by_rank:
        top, bottom = float(s.value.min()), float(s.value.max())
        span = bottom - top
        step = 1 if span <= 8 else 5 if span <= 30 else 10
        fig.update_yaxes(autorange=False, range=[bottom + max(1, span * 0.15), max(0.5, top - max(1, span * 0.25))],
                         dtick=step, tick0=step if step > 1 else 1)
        for tr in fig.data:
            tr.update(mode="lines+markers+text", text=[str(int(v)) for v in tr.y], textposition="top center",
                      textfont=dict(size=CHART_FONT_PX), cliponaxis=False)
    return fig, _t(lang, "trend_sub_rank" if by_rank else "trend_sub_value")


def _province_name(code: str, lang: str) -> str:
    for p in names.provinces():
        if p.code == code:
            return p.name_vi if lang == "vi" else p.name_en
    return code


# ------------------------------------------------------------------ slides

def _summary_rows(cards, lang: str) -> list[list[str]]:
    rows = []
    for c in cards:
        if not c.has_edition:
            rows.append([c.short, _t(lang, "no_edition"), "", "", ""])
            continue
        if c.value is None:
            score = _t(lang, "missing")
        elif c.unit_vi.startswith("%"):
            score = f"{fmt.number(c.value, 2, lang)}%"
        else:
            score = fmt.number(c.value, 2, lang) + (f"/{fmt.number(c.max_value, 0, lang)}" if c.max_value else "")
        rank = fmt.rank(c.rank, c.ranked_count, lang) if c.rank is not None else _t(lang, "missing")
        change = []
        if c.rank_change is not None:
            n = abs(int(c.rank_change))
            change.append(_t(lang, "same") if n == 0 else _t(lang, "up" if c.rank_change > 0 else "down", n=n))
        if c.score_change is not None:
            change.append(f"{fmt.signed(c.score_change, 2, lang)} {_t(lang, 'points')}")
        notes = []
        if c.coverage != "full":
            notes.append(_t(lang, "partial"))
        if c.group_vi:
            notes.append((c.group_vi if lang == "vi" else c.group_en) + (" (ranh giới)" if c.group_boundary and lang == "vi"
                                                                          else " (boundary)" if c.group_boundary else ""))
        if c.derived:
            notes.append(_t(lang, "derived"))
        rows.append([c.short, score, rank, "; ".join(change) or _t(lang, "missing"), "; ".join(notes)])
    return rows


def _task_cell(comp: dict, links: pd.DataFrame | None, lang: str) -> str:
    if links is None:
        return _t(lang, "no_task_data")
    mine = links[(links.index_code == comp["index_code"]) & (links.indicator_code == comp["indicator_code"])
                 & links.task_id.notna()]
    if mine.empty:
        return _t(lang, "no_tasks")
    from chiso.tasks import status_label

    first = mine.iloc[0]
    text = str(first["text"])
    text = text if len(text) <= 60 else text[:57].rstrip() + "…"
    status = status_label(first["status"], lang)
    head = _t(lang, "n_tasks", n=len(mine), open=int(mine.is_open.astype(bool).sum()))
    return f"{head}: {text} ({status})"


def _component_label(row: dict, lang: str) -> str:
    return str(row.get("name_vi") if lang == "vi" else row.get("name_en") or row["indicator_code"])


def _score_text(row: dict, lang: str) -> str:
    if fmt.is_missing(row.get("value")):
        return _t(lang, "missing")
    mx = row.get("max_value")
    return fmt.number(row["value"], 2, lang) + ("" if fmt.is_missing(mx) else f"/{fmt.number(mx, 2, lang)}")


def _reasons(row: dict, lang: str) -> str:
    """Why the component is weak, as the rules file words it (chiso.weakness)."""
    return row.get("reasons_vi" if lang == "vi" else "reasons_en") or ""


@dataclass
class _IndexPart:
    """Everything the three slides of one index need, prepared before any slide is drawn."""
    card: scores.Card
    source: str
    ranking_fig: object = None
    ranking_sub: str = ""
    ranking_sources: list = None
    trend_fig: object = None
    trend_sub: str = ""
    trend_notes: list = None
    weak: pd.DataFrame = None
    rankable: bool = False
    pngs: list = None


def _index_part(card, year: int, province_code: str, lang: str, db) -> _IndexPart:
    idx = card.index_code
    part = _IndexPart(card, _source_for(idx, year, lang), ranking_sources=[], trend_notes=[],
                      weak=pd.DataFrame(), pngs=[None, None])
    if not card.has_edition:
        return part
    part.ranking_fig, part.ranking_sub = ranking_figure(idx, year, province_code, lang, db)
    part.ranking_sources = sorted(set(scores.ranking(idx, year, db=db)["source"].dropna()))[:60]
    part.trend_fig, part.trend_sub = trend_figure(idx, year, province_code, lang, db)
    series = scores.province_series(idx, "TOTAL", province_code, db=db)
    part.trend_notes = [f"{int(y)}: {fmt.number(v, 2, lang)} ({fmt.rank(rr, c, lang)}) — {src}"
                        for y, v, rr, c, src in zip(series.year, series.value, series["rank"], series.ranked_count,
                                                    series.source)]
    part.weak, part.rankable = weak_components(idx, year, province_code, db)
    return part


def build_deck(province_code: str, year: int, out_path, db=None, lang: str = "vi",
               tasks: pd.DataFrame | None = None, renderer: exports.Renderer | None = None,
               today: dt.date | None = None) -> DeckReport:
    """Write the briefing deck to `out_path` (a path or a binary file object) and say what was written.

    `tasks`: the province's tasks as `v_tasks` rows (None = not available; the deck says so).
    `renderer`: a started `exports.Renderer` to reuse; otherwise one browser is started for this
    deck and closed at the end.
    """
    import time

    started = time.perf_counter()
    year = int(year)
    today_text = fmt.date(today or dt.date.today())
    province = _province_name(province_code, lang)
    prs = Presentation()
    prs.slide_width, prs.slide_height = SLIDE_W, SLIDE_H
    blank = prs.slide_layouts[6]
    images = 0

    def new_slide(source: str):
        s = prs.slides.add_slide(blank)
        _footer(s, source, today_text, lang, len(prs.slides))
        return s

    cards = [scores.card(i, year, province_code, db) for i in INDICES]
    summary_source = "; ".join(_source_for(c.index_code, year, lang).split(" (")[0] for c in cards if c.has_edition)

    # 1. title
    s = new_slide(summary_source)
    _text_box(s, MARGIN, Inches(2.0), SLIDE_W - 2 * MARGIN, Inches(1.3), province, size=44, bold=True, color=RED)
    _text_box(s, MARGIN, Inches(3.3), SLIDE_W - 2 * MARGIN, Inches(0.9), _t(lang, "deck_title", year=year), size=30)
    _text_box(s, MARGIN, Inches(4.3), SLIDE_W - 2 * MARGIN, Inches(0.6), _t(lang, "prepared", date=today_text),
              size=BODY_PT, color=GREY)

    # 2. summary table
    s = new_slide(summary_source)
    _title(s, _t(lang, "summary", province=province, year=year))
    _table(s, Inches(1.4), (_t(lang, "index"), _t(lang, "score"), _t(lang, "rank"), _t(lang, "change"), _t(lang, "note")),
           _summary_rows(cards, lang), [2.0, 2.0, 1.6, 3.4, 3.33], size=BODY_PT, row_h=0.75)
    _text_box(s, MARGIN, Inches(4.7), SLIDE_W - 2 * MARGIN, Inches(2.0), [c.sentence(lang) for c in cards],
              size=TABLE_PT)
    _notes(s, [c.sentence(lang) for c in cards] + [f"{c.short}: {c.source}" for c in cards if c.source])

    # Start the browser now and prepare every figure while it comes up; then render them all
    # with that one browser.
    own_renderer = renderer is None
    r = renderer or exports.Renderer()
    r.start(wait=False)
    try:
        parts = [_index_part(card, year, province_code, lang, db) for card in cards]
        for part in parts:
            part.pngs = [_png(fig, r) for fig in (part.ranking_fig, part.trend_fig)]
    finally:
        if own_renderer:
            r.close()

    weak_all: list[pd.DataFrame] = []
    for part in parts:
        card, short = part.card, part.card.short
        if not card.has_edition:
            s = new_slide(part.source)
            _title(s, f"{short} {year}")
            _text_box(s, MARGIN, Inches(1.6), SLIDE_W - 2 * MARGIN, Inches(1), _t(lang, "no_edition"))
            continue
        rank_text = fmt.rank(card.rank, card.ranked_count, lang) if card.rank is not None else None
        s = new_slide(part.source)
        _title(s, _t(lang, "ranking", short=short, year=year, province=province, rank=rank_text)
               if rank_text else _t(lang, "ranking_norank", short=short, year=year), part.ranking_sub)
        images += _chart(s, part.pngs[0], lang)
        _notes(s, [card.sentence(lang), f"{_t(lang, 'source')}:"] + part.ranking_sources)
        s = new_slide(part.source)
        _title(s, _t(lang, "trend", short=short, province=province), part.trend_sub)
        images += _chart(s, part.pngs[1], lang)
        _notes(s, part.trend_notes)
        weak_all.append(part.weak.assign(short=short))
        s = new_slide(part.source)
        _title(s, _t(lang, "weak", short=short, year=year))
        _weak_slide(s, part.weak, part.rankable, _tasks_for(part.weak, tasks), lang)

    # last: weak components no open task covers
    weak = pd.concat([w for w in weak_all if len(w)], ignore_index=True) if any(len(w) for w in weak_all) else pd.DataFrame()
    s = new_slide(summary_source)
    _title(s, _t(lang, "uncovered"))
    _uncovered_slide(s, weak, tasks, lang)

    if hasattr(out_path, "write"):  # a file object (the page streams the deck without a temp file)
        prs.save(out_path)
    else:
        out_path = Path(out_path)
        out_path.parent.mkdir(parents=True, exist_ok=True)
        prs.save(out_path)
    return DeckReport(out_path, len(prs.slides), images, time.perf_counter() - started)


CHART_TOP = Inches(1.75)
CHART_MAX_W, CHART_MAX_H = SLIDE_W - 2 * MARGIN, Inches(7.0) - CHART_TOP - Inches(0.1)
CHART_PX = (int(CHART_MAX_W / Inches(1) * CHART_PX_PER_IN), int(CHART_MAX_H / Inches(1) * CHART_PX_PER_IN))


def _png(fig, renderer) -> bytes | None:
    if fig is None:
        return None
    return exports.figure_png(fig, width=CHART_PX[0], height=CHART_PX[1], scale=2, renderer=renderer)


def _chart(slide, png: bytes | None, lang: str) -> int:
    if png is None:
        _text_box(slide, MARGIN, Inches(3.0), CHART_MAX_W, Inches(1), _t(lang, "no_chart"), color=GREY,
                  align=PP_ALIGN.CENTER)
        return 0
    _picture(slide, png, CHART_TOP, CHART_MAX_W, CHART_MAX_H, *CHART_PX)
    return 1


def _weak_slide(slide, weak: pd.DataFrame, rankable: bool, links: pd.DataFrame | None, lang: str):
    top = Inches(1.3)
    if not rankable:
        _text_box(slide, MARGIN, top, SLIDE_W - 2 * MARGIN, Inches(1.5), _t(lang, "weak_partial"), fill=WARN_FILL)
        return
    if weak.empty:
        _text_box(slide, MARGIN, top, SLIDE_W - 2 * MARGIN, Inches(1), _t(lang, "weak_none"))
        return
    shown = weak.head(MAX_WEAK_ROWS).to_dict("records")
    rows = [[_component_label(w, lang), _score_text(w, lang), fmt.rank(w.get("rank"), w.get("ranked_count"), lang),
             _reasons(w, lang), _task_cell(w, links, lang)] for w in shown]
    _table(slide, top, _t(lang, "weak_cols"), rows, [3.5, 1.45, 1.05, 2.9, 3.43], size=SMALL_PT, row_h=0.8)
    notes = []
    if len(weak) > MAX_WEAK_ROWS:
        notes.append(_t(lang, "weak_more", n=len(weak) - MAX_WEAK_ROWS))
    if links is None:
        notes.append(_t(lang, "tasks_missing_note"))
    if notes:
        _text_box(slide, MARGIN, Inches(6.15), SLIDE_W - 2 * MARGIN, Inches(0.8), notes, size=SMALL_PT, color=GREY)


def _uncovered_slide(slide, weak: pd.DataFrame, tasks: pd.DataFrame | None, lang: str):
    top = Inches(1.3)
    if weak.empty:
        _text_box(slide, MARGIN, top, SLIDE_W - 2 * MARGIN, Inches(1), _t(lang, "weak_none"))
        return
    if tasks is None:
        rows_df = weak
        _text_box(slide, MARGIN, top, SLIDE_W - 2 * MARGIN, Inches(0.6), _t(lang, "uncovered_unknown"),
                  size=SMALL_PT, fill=WARN_FILL)
        top = Inches(2.0)
    else:
        rows_df = uncovered_components(weak, tasks)
        if rows_df.empty:
            _text_box(slide, MARGIN, top, SLIDE_W - 2 * MARGIN, Inches(1), _t(lang, "uncovered_none"))
            return
    # weakest first across indices; the first rows are what the meeting must assign
    rows_df = rows_df.sort_values("priority", ascending=False, na_position="last")
    shown = rows_df.head(MAX_WEAK_ROWS).to_dict("records")
    rows = [[w["short"], _component_label(w, lang), _score_text(w, lang),
             fmt.rank(w.get("rank"), w.get("ranked_count"), lang), _reasons(w, lang)]
            for w in shown]
    _table(slide, top, _t(lang, "uncovered_cols"), rows, [1.6, 4.3, 1.6, 1.05, 3.78], size=SMALL_PT, row_h=0.7)
    if len(rows_df) > MAX_WEAK_ROWS:
        _text_box(slide, MARGIN, Inches(6.5), SLIDE_W - 2 * MARGIN, Inches(0.45),
                  _t(lang, "weak_more", n=len(rows_df) - MAX_WEAK_ROWS), size=SMALL_PT, color=GREY)
