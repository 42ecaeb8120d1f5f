"""The slide sequence of the briefing deck: title; summary of every index in the catalog; per
index a ranking (with the published facts of a partial edition), a trend and its weak components
with their tasks; last the weak components no open task covers.

A slide that would only say "no data" is not made: the summary slide lists what was left out and
why. Tables longer than the room above the footer continue on the next slide.
"""
from __future__ import annotations

import datetime as dt
import time
from dataclasses import dataclass, field
from pathlib import Path

import pandas as pd
from pptx import Presentation
from pptx.util import Inches

from chiso import catalog, charts, fmt, i18n, names, render, scores, tables, weakness
from chiso.deck import content, layout, texts
from chiso.i18n import _
from chiso.clock import today_vn

MAX_TABLE_PAGES = 2  # a weak list longer than two slides is cut, with a line saying how many more


@dataclass
class DeckReport:
    path: Path | object
    slides: int
    images: int
    seconds: float
    charts: dict = field(default_factory=dict)  # slide number -> Chart
    left_out: list = field(default_factory=list)
    sheets: list = field(default_factory=list)  # the figures behind the slides, as workbook sheets


@dataclass
class Chart:
    figure: object       # as `chiso.charts` made it (for a standalone picture: `render.figure_png`)
    title: str           # the slide's title: province, index, year
    source: str
    laid_out: object     # as drawn on the slide
    png: bytes


class _Deck:
    def __init__(self, day: dt.date, renderer: render.Renderer):
        self.prs = Presentation()
        self.prs.slide_width, self.prs.slide_height = layout.SLIDE_W, layout.SLIDE_H
        self.day, self.today, self.renderer = day, fmt.date(day), renderer
        self.charts: dict[int, Chart] = {}
        self.sheets: list[tables.Sheet] = []

    def slide(self, source: str):
        s = self.prs.slides.add_slide(self.prs.slide_layouts[6])
        layout.footer(s, texts.footer(source, self.today), len(self.prs.slides))
        return s

    def chart(self, slide, fig, box, title: str, source: str) -> None:
        """`fig` laid out for `box` (type at CHART_FONT_PX; no title or source: the slide has them)."""
        w, h = layout.chart_pixels(box)
        laid = render.fit(fig, w, h, font_px=layout.CHART_FONT_PX, title=False, source=False)
        png = self.renderer.render(laid, "png", w, h, 2)
        layout.picture(slide, png, box)
        self.charts[len(self.prs.slides)] = Chart(fig, title, source, laid, png)

    def table(self, title_of, source: str, table: layout.Table, notes_after: list[str], speaker: list[str],
              max_pages: int = MAX_TABLE_PAGES, more=None) -> None:
        """`table` over as many slides as it needs (at most `max_pages`; the rest is said in a note
        line, `more(rows shown, rows cut)`, by default as weak components cut), titled
        `title_of(page)`, with `notes_after` under the last page's table."""
        more = more or (lambda shown, cut: texts.more_rows(table.items_cut(shown, cut)))

        def lines_of(text: str) -> int:
            return len(layout.wrap(text, layout.CONTENT_W - 2 * layout.BOX_MARGIN_X, layout.TABLE_PT))

        # each page's room under its own title (a continuation's title may take two lines); the lines
        # under the table (what was left out, the notes) take room from the last page only
        room = [layout.FOOTER_TOP - layout.GAP - layout.title_bottom(title_of(n)) for n in (1, 2)]
        pages = layout.paginate(table, *room)
        block_of = {i: b for b, rows in enumerate(table.blocks()) for i in rows}
        limit = max_pages
        while True:
            shown, rest = pages[:limit], pages[limit:]
            cut_rows = [i for p in rest for i in p]
            said_more = more([i for p in shown for i in p], cut_rows) if cut_rows else None
            after = ([said_more] if said_more else []) + notes_after
            reserve = (sum(layout.text_height(lines_of(n), layout.TABLE_PT) for n in after)
                       + 2 * layout.BOX_MARGIN_Y + layout.GAP) if after else 0
            last = shown[-1]
            if table.height(last) + reserve <= room[len(shown) > 1]:
                break
            if len({block_of[i] for i in last}) > 1:
                # the last page's last group makes room: onto a page of its own while there may be one more,
                # else among the rows left out
                moved = [i for i in last if block_of[i] == block_of[last[-1]]]
                kept = shown[:-1] + [last[:-len(moved)]]
                pages = kept + ([moved] if len(shown) < limit else [moved + (rest[0] if rest else [])] + rest[1:])
            elif len(shown) > 1 and table.height(shown[-2]) + reserve <= room[len(shown) > 2]:
                # one group alone on the last page and no room for the lines under it (Bình Phước's PAPI
                # 2024: "… và 4 nội dung yếu khác" drawn over the footer): the group joins the rows left
                # out, and the lines go under the page before, which has room for them
                limit = len(shown) - 1
            elif len(last) > 1:
                # else the group is split where it must be: its last row joins the rows left out
                pages = shown[:-1] + [last[:-1], [last[-1]] + (rest[0] if rest else [])] + rest[1:]
            else:
                break
        pages = shown
        for n, rows in enumerate(pages, 1):
            s = self.slide(source)
            top = layout.title(s, title_of(n))
            bottom = layout.draw_table(s, top, table, rows)
            last = n == len(pages)
            lines = (([said_more] if said_more else []) + notes_after) if last else []
            if lines:
                layout.text_box(s, layout.MARGIN, bottom + layout.GAP, layout.CONTENT_W, lines, size=layout.TABLE_PT,
                                color=layout.GREY)
            layout.notes(s, speaker)


def build_deck(province_code: str, year: int, out_path, db=None, lang: str = "vi",
               tasks: pd.DataFrame | None = None, renderer: render.Renderer | None = None,
               today: dt.date | None = None) -> DeckReport:
    """Write the briefing deck to `out_path` (a path or a binary file object) and say what was written.

    `tasks`: the province's tasks as `v_tasks` rows (None = not available; the deck says so; the
    CLI and the page read them from the task store). `renderer`: a started `render.Renderer` to
    reuse; otherwise one browser is started for this deck (in the background, while the data is
    read) and closed at the end.
    """
    started = time.perf_counter()
    own = renderer is None
    r = renderer or render.Renderer()
    r.start(wait=False)
    try:
        with i18n.use(lang):
            deck = _Deck(today or today_vn(), r)
            left_out = _build(deck, province_code, int(year), db, lang, tasks)
    finally:
        if own:
            r.close()
    if hasattr(out_path, "write"):  # a file object (the page streams the deck without a temp file)
        deck.prs.save(out_path)
    else:
        out_path = Path(out_path)
        out_path.parent.mkdir(parents=True, exist_ok=True)
        deck.prs.save(out_path)
    return DeckReport(out_path, len(deck.prs.slides), len(deck.charts), time.perf_counter() - started,
                      deck.charts, left_out, deck.sheets)


def _build(deck: _Deck, province_code: str, year: int, db, lang: str, tasks) -> list[str]:
    province = content.province_name(province_code, year, db)
    parts = [content.index_part(code, year, province_code, tasks, db) for code in catalog.indices()]
    shown = [p for p in parts if p.ranking_fig is not None]
    left_out = []
    for p in parts:
        if not p.card.has_edition:
            left_out.append(texts.left_out("no_edition", short=p.short, year=year))
        elif p.ranking_fig is None:
            left_out.append(texts.left_out("no_value", short=p.short, year=year))
        else:
            if p.trend_fig is None:
                left_out.append(texts.left_out("trend", short=p.short, n=p.trend_years))
            if not p.weakness.rankable:
                left_out.append(texts.left_out("partial_weak", short=p.short))
            elif p.weakness.rows.empty:
                left_out.append(texts.left_out("no_weak", short=p.short))
    weak_all = [p.weakness.rows.assign(short=p.short) for p in shown
                if p.weakness.rankable and not p.weakness.rows.empty]
    uncovered = _uncovered(shown, tasks)
    if weak_all and tasks is not None and uncovered.empty:
        left_out.append(texts.left_out("all_covered"))
    if tasks is None:
        left_out.append(texts.left_out("no_task_data"))
    elif not tasks["index_code"].notna().any():
        left_out.append(texts.left_out("no_tasks"))
    by_publisher: dict[str, list[str]] = {}
    for p in parts:
        if p.card.has_edition:
            by_publisher.setdefault(p.publisher, []).append(f"{p.short} {year}")
    summary_source = "; ".join(f"{pub}, {', '.join(items)}" for pub, items in by_publisher.items())

    s = deck.slide(summary_source)
    layout.text_box(s, layout.MARGIN, Inches(2.0), layout.CONTENT_W, province, size=44, bold=True, color=layout.RED)
    # a deck of Bình Phước's figures made in 2026 is shown to the leaders of Đồng Nai, which it is part of; a
    # deck of an edition ranking the 34 is the new province's, and says what it was formed from
    as_new = scores.ranks_the_new_provinces(None, year, db)
    reorganised = deck.day >= names.REORGANISED_ON and not as_new
    moved = names.successor(province_code) if reorganised else None
    # Tây Ninh's figures of 2024 are not those of the Tây Ninh of 2026, which includes Long An (Tổng quan says so)
    joined = names.joined_by(province_code) if reorganised else ()
    formed_from = scores.formed_from_notice(province_code, year) if as_new else None
    if formed_from:
        layout.text_box(s, layout.MARGIN, Inches(2.85), layout.CONTENT_W, formed_from, size=14, color=layout.GREY)
    if moved is not None:
        new, alone = moved
        layout.text_box(s, layout.MARGIN, Inches(2.85), layout.CONTENT_W,
                        texts.successor_line(f"{new.type} {new.short_vi}" if lang == "vi" else new.name_en, alone),
                        size=18, color=layout.GREY)
    if joined:
        layout.text_box(s, layout.MARGIN, Inches(2.85), layout.CONTENT_W,
                        texts.joined_line([names.province_name(c) for c in joined]), size=18, color=layout.GREY)
    bottom = layout.text_box(s, layout.MARGIN, Inches(3.3), layout.CONTENT_W, texts.deck_title(year, [p.short for p in parts if p.card.has_edition]), size=30)
    layout.text_box(s, layout.MARGIN, bottom + layout.GAP, layout.CONTENT_W, texts.prepared(deck.today),
                    color=layout.GREY)
    _summary(deck, province, year, parts, summary_source, left_out, lang)

    for p in shown:
        _ranking_slide(deck, p, province, year)
        if p.trend_fig is not None:
            s = deck.slide(p.source)
            title = texts.trend_title(p.short, province)
            deck.chart(s, p.trend_fig, layout.chart_box(layout.title(s, title, p.trend_sub)), title, p.source)
            layout.notes(s, p.trend_notes)
        if p.weakness.rankable and not p.weakness.rows.empty:
            _weak_slides(deck, p, year)
    if weak_all and not (tasks is not None and uncovered.empty):
        _uncovered_slides(deck, pd.concat(weak_all, ignore_index=True) if tasks is None else uncovered,
                          tasks is None, summary_source)
    if tasks is not None and tasks["index_code"].notna().any():
        _task_slides(deck, tasks, province, summary_source)
    return left_out


def _summary(deck: _Deck, province: str, year: int, parts, source: str, left_out: list[str], lang: str) -> None:
    rows, records = [], []
    for p in parts:
        c = p.card
        if not c.has_edition:
            continue
        notes = []
        if p.partial:
            notes.append(_(texts.PARTIAL_NOTE))
        group = c.group_vi if lang == "vi" else c.group_en
        if group:
            notes.append(texts.boundary(group) if c.group_boundary else group)
        if c.derived:
            notes.append(_(texts.DERIVED_NOTE))
        records.append({"index": c.short, "value": c.value, "max_value": c.max_value, "rank": c.rank,
                        "ranked_count": c.ranked_count, "rank_change": c.rank_change, "score_change": c.score_change,
                        "note": "; ".join(notes)})
        rows.append([c.short, content.score_text(c.value, c.max_value, c.unit_vi, lang),
                     fmt.rank(c.rank, c.ranked_count, lang),
                     texts.change_text(c.rank_change, c.score_change, lang, gap=c.change_gap_text(lang)),
                     "; ".join(notes)])
    s = deck.slide(source)
    top = layout.title(s, texts.summary_title(province, year))
    frame = pd.DataFrame(records, columns=["index", "value", "max_value", "rank", "ranked_count", "rank_change",
                                           "score_change", "note"])
    deck.sheets.insert(0, tables.Sheet(
        frame.astype({"rank": "Int64", "ranked_count": "Int64", "rank_change": "Int64"}), _("Summary"),
        texts.summary_title(province, year), source,
        {"index": _("Index"), "value": _("Score"), "max_value": _("Maximum"), "rank": _("Rank"),
         "ranked_count": _("Provinces ranked"), "rank_change": _("Rank change"), "score_change": _("Score change"),
         "note": _("Note")}, notes=left_out and [_(texts.LEFT_OUT_HEAD) + " " + "; ".join(left_out)]))
    table = layout.Table(texts.summary_header(), rows, [2.0, 2.0, 1.6, 3.4, 3.33])
    bottom = layout.draw_table(s, top, table, list(range(len(rows))))
    sentences = [p.card.sentence(lang) for p in parts if p.card.has_edition]
    # on the slide, only the sentences that say a figure: "PCI 2024: chưa có số liệu" said the row's
    # cells again, and what was left out says it once more
    said = [p.card.sentence(lang) for p in parts if p.card.has_edition
            and (p.card.value is not None or p.card.rank is not None)]
    below = said + ([_(texts.LEFT_OUT_HEAD) + " " + "; ".join(left_out) + "."] if left_out else [])
    room = layout.FOOTER_TOP - layout.GAP - bottom - layout.GAP
    inner = layout.CONTENT_W - 2 * layout.BOX_MARGIN_X
    while below:
        lines = sum(len(layout.wrap(t, inner, layout.TABLE_PT)) for t in below)
        if layout.text_height(lines, layout.TABLE_PT) + 2 * layout.BOX_MARGIN_Y <= room:
            break
        # the sentences repeat the table and yield first; what was left out is said last
        below = below[1:] if len(below) > 1 and below[0] in said else below[:-1]
    if below:
        layout.text_box(s, layout.MARGIN, bottom + layout.GAP, layout.CONTENT_W, below, size=layout.TABLE_PT)
    layout.notes(s, sentences + [f"{p.short}: {p.card.source}" for p in parts if p.card.source] + left_out)


def _ranking_slide(deck: _Deck, p, province: str, year: int) -> None:
    rank = fmt.rank(p.card.rank, p.card.ranked_count, i18n.language()) if p.card.rank is not None else None
    s = deck.slide(p.source)
    top = layout.title(s, texts.ranking_title(p.short, year, province, rank), p.ranking_sub)
    title = texts.ranking_title(p.short, year, province, rank)
    box = layout.chart_box(top)
    if p.facts:  # a partial edition: the published facts beside the chart of the published values
        width = Inches(4.3)
        layout.text_box(s, layout.MARGIN, top, width, p.facts, size=layout.TABLE_PT, fill=layout.WARN_FILL)
        box = (box[0] + width + layout.GAP, box[1], box[2] - width - layout.GAP, box[3])
    deck.chart(s, p.ranking_fig, box, title, p.source)
    name = "name_vi" if i18n.language() == "vi" else "name_en"
    data = charts.best_first(p.ranking[p.ranking["value"].notna()], name)
    deck.sheets.append(tables.Sheet(
        data[[name, "value", "rank", "ranked_count", "source"]].astype({"rank": "Int64", "ranked_count": "Int64"}),
        f"{p.short} {year}", title, p.source,
        {name: _("Province"), "value": _("Score"), "rank": _("Rank"), "ranked_count": _("Provinces ranked"),
         "source": _("Source")}, notes=[p.ranking_sub]))
    srcs = sorted(set(p.ranking["source"].dropna()))[:60]
    layout.notes(s, [p.card.sentence(i18n.language())] + srcs)


def _weak_slides(deck: _Deck, p, year: int) -> None:
    w = p.weakness
    listed = set(w.rows.indicator_code)
    rows = [[content.component_name(r, listed), content.score_text(r.get("value"), r.get("max_value"), "", i18n.language()),
             fmt.rank(r.get("rank"), r.get("ranked_count"), i18n.language(), not_ranked=r.get("not_ranked")),
             content.reasons(r),
             content.task_cell(r, w.links, deck.day)] for r in w.rows.to_dict("records")]
    table = layout.Table(texts.weak_header(), rows, [3.0, 1.45, 1.05, 3.9, 2.933], groups=list(_groups(w.rows)))
    _weak_sheet(deck, w.rows, _("{short} weak", short=p.short), texts.weak_title(p.short, year), p.source, w.links)
    deck.table(lambda n: texts.weak_title(p.short, year, n), p.source, table,
               [] if w.links is not None else [_(texts.TASKS_MISSING)], [p.card.sentence(i18n.language())])


def _uncovered(shown, tasks) -> pd.DataFrame:
    if tasks is None:
        return pd.DataFrame()
    frames = [p.weakness.uncovered.assign(short=p.short) for p in shown
              if p.weakness.rankable and p.weakness.uncovered is not None and len(p.weakness.uncovered)]
    return pd.concat(frames, ignore_index=True) if frames else pd.DataFrame()


def _groups(weak: pd.DataFrame) -> pd.Series:
    """A group number per row (`weakness.item_heads`): a weak sub-criterion listed under its weak
    parent shares the parent's, so slides keep them together."""
    return weakness.item_heads(weak).cumsum()


def _groups_by_priority(weak: pd.DataFrame) -> pd.DataFrame:
    """Every index's uncovered rows by priority, a weak sub-criterion kept right under its weak parent
    (each index's rows come grouped from chiso.weakness; a group goes by its first row's priority)."""
    if weak.empty:
        return weak
    group = _groups(weak)
    head = ~group.duplicated()
    group_priority = pd.to_numeric(weak["priority"], errors="coerce").where(head).groupby(group).transform("first")
    order = pd.DataFrame({"p": group_priority.fillna(-1), "g": group, "i": range(len(weak))}, index=weak.index)
    return weak.loc[order.sort_values(["p", "g", "i"], ascending=[False, True, True]).index]


def _uncovered_slides(deck: _Deck, weak: pd.DataFrame, unknown: bool, source: str) -> None:
    lang = i18n.language()
    weak = _groups_by_priority(weak)
    listed = set(zip(weak.get("short", []), weak.get("indicator_code", [])))
    rows = [[r["short"], content.component_name(r, {c for s_, c in listed if s_ == r["short"]}), content.score_text(r.get("value"), r.get("max_value"), "", lang),
             fmt.rank(r.get("rank"), r.get("ranked_count"), lang, not_ranked=r.get("not_ranked")), content.reasons(r)]
            for r in weak.to_dict("records")]
    table = layout.Table(texts.uncovered_header(), rows, [1.5, 3.6, 1.45, 1.05, 4.733], groups=list(_groups(weak)))
    # every row has no open task: a tasks column would only say so (or, read with links=None, claim the
    # pack had no task data); it stays when the task store could not be read
    _weak_sheet(deck, weak, _("No open task"), texts.uncovered_title(), source, None, tasks_column=unknown)
    deck.table(texts.uncovered_title, source, table, [_(texts.UNCOVERED_UNKNOWN)] if unknown else [], [])


def _weak_sheet(deck: _Deck, weak: pd.DataFrame, name: str, title: str, source: str, links,
                tasks_column: bool = True) -> None:
    """The weak components behind a table slide, as numbers (rank and count ranked apart)."""
    frame = pd.DataFrame({
        "index": weak["short"] if "short" in weak else None,
        "component": [content.component_name(r) for r in weak.to_dict("records")],
        "value": weak["value"], "max_value": weak["max_value"],
        "rank": weak["rank"].astype("Int64"), "ranked_count": weak["ranked_count"].astype("Int64"),
        "why": [content.reasons(r) for r in weak.to_dict("records")],
        "tasks": [content.task_cell(r, links, deck.day) for r in weak.to_dict("records")]})
    if "short" not in weak:
        frame = frame.drop(columns="index")
    if not tasks_column:
        frame = frame.drop(columns="tasks")
    deck.sheets.append(tables.Sheet(frame, name, title, source, {
        "index": _("Index"), "component": _("Component"), "value": _("Score"), "max_value": _("Maximum"),
        "rank": _("Rank"), "ranked_count": _("Provinces ranked"), "why": _("Why weak"), "tasks": _("Tasks, status")}))


# the task slides' columns (inches: index, component, task, lead unit, deadline, status) and type size
TASK_WIDTHS, TASK_PT = (1.35, 2.2, 3.7, 1.95, 1.3, 1.833), layout.TABLE_PT - 2


def _task_slides(deck: _Deck, tasks: pd.DataFrame, province: str, source: str) -> None:
    """Every task of the province linked to an index, by index (catalog order) and component:
    what is being done, by whom, by when, and how far it has got."""
    from chiso.coverage import overdue
    from chiso.tasks.model import status_text
    from chiso.tasks.units import unit_named_on

    lang = i18n.language()
    order = {code: i for i, code in enumerate(catalog.indices())}
    linked = tasks[tasks["index_code"].notna()].copy()
    linked["_o"] = linked["index_code"].map(lambda c: order.get(c, len(order)))
    # within an index: tasks on a component before the general ones, each by deadline (the longest
    # overdue first), recurring last: what the slides have room for is what a meeting acts on
    linked["_general"] = linked["indicator_code"].isna() | linked["indicator_code"].isin(["", "TOTAL"])
    linked = linked.sort_values(["_o", "_general", "indicator_code", "due_date", "task_id"], na_position="last")
    names = {(p.index_code, p.indicator_code): (p.name_vi if lang == "vi" else p.name_en)
             for p in catalog.indicator_periods()}
    shorts = {code: i.short for code, i in catalog.indices().items()}
    rows, records = [], []
    for r, late in zip(linked.to_dict("records"), overdue(linked, deck.day)):
        component = (_(texts.WHOLE_INDEX) if r["_general"]
                     else names.get((r["index_code"], r["indicator_code"]), r["indicator_code"]))
        text = str(r["text"])
        due = _(texts.RECURRING) if r.get("recurring") else fmt.date(r["due_date"], lang)
        status = status_text(r["status"], late, lang)
        lead = unit_named_on(str(r["lead_unit"] or ""), deck.day)  # "… (nay là …)", as the quarterly report
        rows.append([shorts.get(r["index_code"], r["index_code"]), component,
                     layout.clip(text, TASK_WIDTHS[2], TASK_PT, 3), lead, due, status])
        records.append({"index": rows[-1][0], "component": component, "task": text, "lead": lead,
                        "due": r["due_date"], "status": status})
    table = layout.Table(texts.tasks_header(), rows, list(TASK_WIDTHS), size=TASK_PT)
    table.widths_in[-1] = 12.333 - sum(table.widths_in[:-1])
    deck.sheets.append(tables.Sheet(pd.DataFrame(records), _("Tasks"), texts.tasks_title(province), source, {
        "index": _("Index"), "component": _("Component"), "task": _("Task"), "lead": _("Lead unit"),
        "due": _("Due"), "status": _("Status")}))
    task_of_row = [r["task_id"] for r in linked.to_dict("records")]

    def more(shown: list[int], cut: list[int]) -> str:
        return texts.more_task_lines(len(cut), len({task_of_row[i] for i in cut} - {task_of_row[i] for i in shown}))

    deck.table(lambda n: texts.tasks_title(province, n), source, table, [], [], max_pages=3, more=more)
