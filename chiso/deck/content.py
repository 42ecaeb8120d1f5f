"""What the deck says, prepared before any slide is drawn: per index (in catalog order) its
headline, ranking, trend, and weak components with the tasks meant to fix them.

Weak and covered come from THE one rule the pages use (`weak_and_covered`, the only place the deck
asks); tasks from the same task store the pages use (`tasks_from_store`) unless the caller
passes its own.
"""
from __future__ import annotations

from dataclasses import dataclass, field

import pandas as pd

from chiso import catalog, charts, coverage, fmt, names, scores, weakness
from chiso.deck import texts
from chiso.i18n import _, language

TREND_MIN_YEARS = 3  # fewer points than this is a list of values, not a trend


def province_name(code: str, year: int | None = None, db=None) -> str:
    """A province of the 63 by its code; with a year whose editions rank the 34, the new province of that code, as
    the pages name it (80 is Tây Ninh there, not Long An: a new province has one of its parts' codes)."""
    return names.province_name(code) if year is None else scores.shown_name(code, None, year, db)


def tasks_from_store(province_code: str, db=None, store_url: str | None = None,
                     year: int | None = None) -> pd.DataFrame:
    """The province's tasks from the task store the pages use (`v_tasks` rows), read as a viewer
    of that province (what the command line may see); for a `year` whose editions rank the 34, those of
    the provinces the new one was formed from too (`coverage.task_provinces`)."""
    import getpass
    from pathlib import Path

    from chiso import auth, paths
    from chiso.tasks import open_store

    url = store_url or paths.default_tasks_url(Path(db) if db else None)
    user = auth.User(f"cli:{getpass.getuser()}", auth.VIEWER, province_code)
    provinces = coverage.task_provinces(province_code, None, year) if year is not None else (province_code,)
    return coverage.tasks_frame(open_store(url).list_tasks(user, provinces))


@dataclass
class Weakness:
    rows: pd.DataFrame            # weak components, highest priority first
    rankable: bool                # False: judged on nothing (partial edition with only published totals)
    links: pd.DataFrame | None    # (component, task) rows; None = no task data
    uncovered: pd.DataFrame | None


def weak_and_covered(index_code: str, year: int, province_code: str, tasks: pd.DataFrame | None, db=None) -> Weakness:
    """THE weak/covered rule, asked in one place: `chiso.weakness.assess` and `chiso.coverage`, as
    on Điểm yếu, Chưa có nhiệm vụ and `python -m chiso weak`."""
    assessed = weakness.assess(index_code, year, province_code, db=db)
    weak = weakness.weak(assessed)
    judged = weakness.judged(assessed)  # as the pages ask it: a partial edition's maxima are no yardstick
    if tasks is None:
        return Weakness(weak, judged, None, None)
    return Weakness(weak, judged, coverage.links(weak, tasks), coverage.uncovered(coverage.attach(weak, tasks)))


def weak_components(index_code: str, year: int, province_code: str, db=None) -> tuple[pd.DataFrame, bool]:
    """(the weak rows the deck lists, whether anything was judged): the same rule, without tasks."""
    w = weak_and_covered(index_code, year, province_code, None, db)
    return w.rows, w.rankable


@dataclass
class IndexPart:
    card: scores.Card
    short: str
    source: str
    partial: bool
    publisher: str = ""
    ranking: pd.DataFrame = None
    ranking_fig: object = None
    ranking_sub: str = ""
    facts: list = field(default_factory=list)
    trend_fig: object = None
    trend_sub: str = ""
    trend_years: int = 0
    trend_notes: list = field(default_factory=list)
    weakness: Weakness = None


def index_part(index_code: str, year: int, province_code: str, tasks, db=None) -> IndexPart:
    idx = catalog.indices()[index_code]
    card = scores.card(index_code, year, province_code, db)
    partial = card.has_edition and card.coverage != "full"
    publisher = idx.publisher_vi if language() == "vi" else idx.publisher_en
    part = IndexPart(card, idx.short, texts.source_line(publisher, idx.short, year, partial), partial, publisher)
    if not card.has_edition:
        return part
    part.ranking = scores.ranking(index_code, year, db=db)
    if card.value is None and card.rank is None:
        return part
    _ranking(part, index_code, year, province_code, db)
    _trend(part, index_code, year, province_code, db)
    part.weakness = weak_and_covered(index_code, year, province_code, tasks, db)
    return part


def _ranking(part: IndexPart, index_code: str, year: int, province_code: str, db) -> None:
    lang = language()
    df = part.ranking
    have = df[df["value"].notna()]
    if have.empty:
        return
    median = None if part.partial else float(have["value"].median())
    idx = catalog.indices()[index_code]
    label = "%" if idx.unit_vi.startswith("%") else None
    total_row = scores.indicators(index_code, year, db)
    maximum = total_row.loc[total_row.indicator_code == "TOTAL", "max_value"]
    part.ranking_fig = charts.ranking_bar(df, province_code, lang, median=median, value_label=label,
                                          max_value=maximum.iloc[-1] if len(maximum) else None)
    counts = pd.to_numeric(df["ranked_count"], errors="coerce")
    total = int(counts.max()) if counts.notna().any() else len(df)
    part.ranking_sub = texts.ranking_subtitle(part.partial, len(have), total,
                                              None if median is None else fmt.number(median, 2, lang))
    if part.partial:
        c = part.card
        ordered = charts.best_first(have)
        best, worst = ordered.iloc[0], ordered.iloc[-1]
        name = "name_vi" if lang == "vi" else "name_en"

        def who(r):
            return f"{r[name]} {fmt.number(r['value'], 2, lang)} ({fmt.rank(r['rank'], r['ranked_count'], lang)})"
        part.facts = texts.partial_facts(score_text(c.value, c.max_value, c.unit_vi, lang),
                                         fmt.rank(c.rank, c.ranked_count, lang),
                                         texts.change_text(c.rank_change, c.score_change, lang,
                                                           gap=c.change_gap_text(lang)),
                                         who(best), who(worst))


def score_text(value, max_value, unit_vi: str, lang: str) -> str:
    if value is None or fmt.is_missing(value):
        return fmt.MISSING[lang]
    if unit_vi.startswith("%"):
        return f"{fmt.number(value, 2, lang)}%"
    if fmt.is_missing(max_value):
        return fmt.number(value, 2, lang)
    return f"{fmt.number(value, 2, lang)}/{fmt.number(max_value, 0 if float(max_value).is_integer() else 2, lang)}"


def _trend(part: IndexPart, index_code: str, year: int, province_code: str, db) -> None:
    """Score against the national median where editions are full; the published rank where they
    are all partial (values there are too sparse for a median)."""
    lang = language()
    eds = scores.editions(index_code, db)
    by_rank = not (eds.coverage == "full").any()
    # An edition of the 34: the new province's figures are a line of their own beside the history of the
    # provinces it was formed from, as on Xu hướng (scores.place_series); the former province's alone had no 2025.
    as_new = scores.ranks_the_new_provinces(index_code, year, db)
    parts = names.formed_together(province_code) if as_new else (province_code,)  # a new code is one of its parts'
    lines, part.trend_notes = [], []
    for code, in_set, label, series in scores.place_series(index_code, "TOTAL", parts,
                                                           province_code if as_new else None, db):
        series = series[series.year <= year]
        named = f"{label} · " if as_new else ""
        part.trend_notes += [f"{named}{int(y)}: {fmt.number(v, 2, lang)} ({fmt.rank(r, c, lang)}) — {src}"
                             for y, v, r, c, src in zip(series.year, series.value, series["rank"],
                                                        series.ranked_count, series.source)]
        role = "province" if in_set == "34" or len(parts) == 1 else "peer"
        if by_rank:
            series = series[series["rank"].notna()].assign(value=lambda x: x["rank"].astype(float))
        lines.append(series[series["value"].notna()].assign(series=label, role=role))
    s = pd.concat(lines, ignore_index=True)
    part.trend_years = int(s.year.nunique())
    if part.trend_years < TREND_MIN_YEARS:
        return
    if not by_rank:
        nat = scores.national_series(index_code, "TOTAL", db=db)
        nat = nat[nat.year <= year]
        if len(nat):
            median = charts.text(lang, "median")
            s = pd.concat([s, pd.DataFrame({"year": nat.year, "value": nat.national_median, "period": nat.period,
                                            "series": median, "role": "median"})], ignore_index=True)
    breaks = scores.series_breaks(index_code, "TOTAL", lang, db)
    lo, hi = int(s.year.min()), int(s.year.max())
    idx = catalog.indices()[index_code]
    fig = charts.trend_lines(s[["year", "value", "period", "series", "role"]], lang=lang, breaks=breaks, rank=by_rank,
                             edition_years=scores.years(index_code, db),
                             y_title=charts.text(lang, "rank") if by_rank else (idx.unit_vi if lang == "vi" else idx.unit_en))
    fig.update_xaxes(range=[lo - 0.4, hi + 0.4])
    if by_rank:
        top, bottom = float(s.value.min()), float(s.value.max())
        span = bottom - top
        step = 1 if span <= 8 else 5 if span <= 30 else 10
        fig.update_yaxes(autorange=False, range=[bottom + max(1, span * 0.15), max(0.5, top - max(1, span * 0.25))],
                         dtick=step, tick0=step if step > 1 else 1)
        for tr in fig.data:
            tr.update(mode="lines+markers+text", text=[str(int(v)) for v in tr.y], textposition="top center",
                      cliponaxis=False)
    part.trend_fig, part.trend_sub = fig, texts.trend_subtitle(by_rank)


def reasons(row: dict) -> str:
    """Why the component is weak, as the rules file words it (chiso.weakness)."""
    return str(row.get("reasons_vi" if language() == "vi" else "reasons_en") or "")


def component_name(row: dict, listed=()) -> str:
    """The component's name; "↳ " before it when its weak parent is in `listed` (the codes of the same
    table): a sub-criterion shown under its weak criterion, one weakness, not two."""
    name = str(row.get("name_vi") if language() == "vi" else row.get("name_en") or row["indicator_code"])
    parent = row.get("weak_parent")
    return f"↳ {name}" if isinstance(parent, str) and parent in listed else name


def task_cell(comp: dict, links: pd.DataFrame | None, day) -> str:
    """The tasks on a weak component, as one cell: how many, how many open and overdue on `day`,
    and the first one's text and status (overdue marked as everywhere)."""
    from chiso.coverage import overdue
    from chiso.tasks.model import status_text

    if links is None:
        return _(texts.NO_TASK_DATA)
    mine = links[(links.index_code == comp["index_code"]) & (links.indicator_code == comp["indicator_code"])
                 & links.task_id.notna()]
    if mine.empty:
        return _(texts.NO_TASKS)
    first = mine.iloc[0]
    text = str(first["text"])
    text = text if len(text) <= 60 else text[:57].rstrip() + "…"
    late = overdue(mine, day)
    head = texts.n_tasks(len(mine), int(mine.is_open.astype(bool).sum()), sum(late))
    return f"{head}: {text} ({status_text(first['status'], late[0], language())})"
