"""Every text the deck writes, as chiso.i18n msgids: the deck's wording lives here and in
locales/*/chiso.po, its layout in `chiso.deck.layout`. Called inside `with i18n.use(lang):`.
"""
from __future__ import annotations

from chiso import catalog, fmt
from chiso.i18n import _


def index_names() -> str:
    """'PAPI, PAR INDEX, SIPAS' (and PCI when the catalog has it): the indices in catalog order."""
    return ", ".join(i.short for i in catalog.indices().values())


def deck_title(year: int) -> str:
    return _("{indices}: results for {year}", indices=index_names(), year=year)


def prepared(date: str) -> str:
    return _("Meeting brief, exported {date}", date=date)


def summary_title(province: str, year: int) -> str:
    return _("{province}, {year}: the indices at a glance", province=province, year=year)


def summary_header() -> list[str]:
    return [_("Index"), _("Score"), _("Rank"), _("Since last edition"), _("Note")]


def change_text(rank_change, score_change, lang: str) -> str:
    parts = []
    if rank_change is not None:
        n = abs(int(rank_change))
        parts.append(_("same rank") if n == 0 else _("up {n}", n=n) if rank_change > 0 else _("down {n}", n=n))
    if score_change is not None:
        parts.append(_("{change} points", change=fmt.signed(score_change, 2, lang)))
    return "; ".join(parts) or _("no data yet")


def partial_note() -> str:
    return _("Partial edition: published rank")


def derived_note() -> str:
    return _("total derived from the dimensions")


def boundary(group: str) -> str:
    return _("{group} (on the boundary)", group=group)


def source_line(publisher: str, short: str, year: int, partial: bool) -> str:
    if partial:
        return _("{publisher}, {short} {year} (via public pages; per-value sources in the data file)",
                 publisher=publisher, short=short, year=year)
    return _("{publisher}, {short} {year}", publisher=publisher, short=short, year=year)


def footer(source: str, date: str) -> str:
    return _("Source: {source} · chiso, exported {date}", source=source, date=date)


def ranking_title(short: str, year: int, province: str, rank: str | None) -> str:
    if rank:
        return _("{short} {year}: {province} ranked {rank}", short=short, year=year, province=province, rank=rank)
    return _("{short} {year}: provincial ranking", short=short, year=year)


def ranking_subtitle(partial: bool, n: int, total: int, median: str | None) -> str:
    if partial:
        return _("Partial edition: {n}/{total} provinces have a figure in public sources; each bar shows the "
                 "published rank out of {total}.", n=n, total=total)
    if median:
        return _("{n} provinces ranked; each bar shows score and rank. Dashed line: national median {median}.",
                 n=n, median=median)
    return _("{n} provinces ranked; each bar shows score and rank.", n=n)


def partial_facts(value: str, rank: str, change: str, best: str, worst: str) -> list[str]:
    return [_("Score: {value}", value=value), _("Published rank: {rank}", rank=rank),
            _("Since last edition: {change}", change=change),
            _("Highest published: {best}", best=best), _("Lowest published: {worst}", worst=worst)]


def trend_title(short: str, province: str) -> str:
    return _("{short}: {province} over time", short=short, province=province)


def trend_subtitle(by_rank: bool) -> str:
    if by_rank:
        return _("Published rank by year (1 = best); partial editions, so no median line.")
    return _("Score by year against the national median; dotted lines: methodology changes (not directly "
             "comparable across them).")


def weak_title(short: str, year: int, page: int = 1) -> str:
    head = _("{short} {year}: components to improve, and tasks", short=short, year=year)
    return head if page == 1 else _("{title} (continued)", title=head)


def weak_header() -> list[str]:
    return [_("Component"), _("Score"), _("Rank"), _("Why weak"), _("Tasks, status")]


def uncovered_title(page: int = 1) -> str:
    head = _("Weak components with no open task")
    return head if page == 1 else _("{title} (continued)", title=head)


def uncovered_header() -> list[str]:
    return [_("Index"), _("Component"), _("Score"), _("Rank"), _("Why weak")]


def more_rows(n: int) -> str:
    return _("… and {n} more weak components (see Weakness analysis in the app).", n=n)


def no_tasks() -> str:
    return _("no task yet")


def no_task_data() -> str:
    return _("no task data")


def tasks_missing() -> str:
    return _("The province's task list is not loaded: weak components are not matched to tasks.")


def n_tasks(n: int, open_: int) -> str:
    return _("{n} tasks ({open} open)", n=n, open=open_)


def uncovered_unknown() -> str:
    return _("No task data: below is every weak component, not matched to tasks.")


# Why a slide is not in the deck, said on the summary slide instead of a slide saying nothing.
def left_out_head() -> str:
    return _("Not in this deck:")


def left_out_no_edition(short: str, year: int) -> str:
    return _("{short}: no edition for {year}", short=short, year=year)


def left_out_no_value(short: str, year: int) -> str:
    return _("{short} {year}: no published value for this province", short=short, year=year)


def left_out_trend(short: str, n: int) -> str:
    return _("{short}: no trend chart (only {n} year(s) with a value)", short=short, n=n)


def left_out_partial_weak(short: str) -> str:
    return _("{short}: components not judged (partial edition, no national comparison)", short=short)


def left_out_no_weak(short: str) -> str:
    return _("{short}: no component weak by the current rules", short=short)


def left_out_all_covered() -> str:
    return _("every weak component has an open task")


def left_out_no_task_data() -> str:
    return _("tasks: no task data (not signed in, or no task store)")


def left_out_no_tasks() -> str:
    return _("tasks: the task store has no task linked to an index for this province")


def tasks_title(province: str, page: int = 1) -> str:
    head = _("{province}: tasks meant to lift the indices", province=province)
    return head if page == 1 else _("{title} (continued)", title=head)


def tasks_header() -> list[str]:
    return [_("Index"), _("Component"), _("Task"), _("Lead unit"), _("Due"), _("Status")]


def whole_index() -> str:
    return _("whole index")


def recurring() -> str:
    return _("Recurring")


def more_tasks(n: int) -> str:
    return _("… and {n} more tasks (see Nhiệm vụ in the app, or the XLSX of this pack).", n=n)
