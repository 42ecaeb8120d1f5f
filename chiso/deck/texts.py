"""Every text the deck writes, as chiso.i18n msgids: the deck's wording lives here and in
locales/*/chiso.po, its layout in `chiso.deck.layout`. Called inside `with i18n.use(lang):`.
"""
from __future__ import annotations

from chiso import fmt, navigation, weakness
from chiso.i18n import N_, _, ngettext


# Texts without parameters are msgids, translated where they are used (`_(texts.WHOLE_INDEX)`);
# texts with parameters are the functions below.
PARTIAL_NOTE = N_("Partial edition: published rank")
DERIVED_NOTE = N_("total derived from the dimensions")
NO_TASKS = N_("no task yet")
NO_TASK_DATA = N_("no task data")
TASKS_MISSING = N_("The province's task list is not loaded: weak components are not matched to tasks.")
UNCOVERED_UNKNOWN = N_("No task data: below is every weak component, not matched to tasks.")
LEFT_OUT_HEAD = N_("Not in this deck:")
WHOLE_INDEX = N_("whole index")
RECURRING = N_("Recurring")


def deck_title(year: int, shorts: list[str]) -> str:
    """The cover's title names the indices with an edition that year ('PAPI, PCI' in 2011, before the
    first PAR INDEX and SIPAS), in catalog order: it named all four whatever the year."""
    return _("{indices}: results for {year}", indices=", ".join(shorts), year=year)


def prepared(date: str) -> str:
    return _("Meeting brief, exported {date}", date=date)


def successor_line(province: str, alone: bool) -> str:
    """Under the name of a province of the 63 on a deck made from 1 July 2025 (chiso.names.successor)."""
    return _("Now {province}", province=province) if alone else \
        _("Part of {province} from 1 July 2025", province=province)


def joined_line(others: list[str]) -> str:
    """Under the name of a province of the 63 that kept its name on 1 July 2025 and took in others."""
    return _("Since 1 July 2025 it also includes {others}", others=", ".join(others))


def summary_title(province: str, year: int) -> str:
    return _("{province}, {year}: the indices at a glance", province=province, year=year)


def summary_header() -> list[str]:
    return [_("Index"), _("Score"), _("Rank"), _("Since last edition"), _("Note")]


def change_text(rank_change, score_change, lang: str, gap: str | None = None) -> str:
    """"tăng 11 bậc; +0,21 điểm"; with neither, `gap` (why: `chiso.fmt.change_gap`), else no data."""
    parts = []
    if rank_change is not None:
        n = abs(int(rank_change))
        parts.append(_("same rank") if n == 0 else _("up {n}", n=n) if rank_change > 0 else _("down {n}", n=n))
    if score_change is not None:
        parts.append(_("{change} points", change=fmt.signed(score_change, 2, lang)))
    return "; ".join(parts) or gap or _("no data yet")


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


def page_name(url_path: str) -> str:
    """A page of the app as its sidebar names it in the deck's language ("Điểm yếu", "Weak components")."""
    return _(navigation.page(url_path).title)


def more_rows(n: int) -> str:
    return ngettext("… and {n} more weak component (see the {page} page in the app).",
                    "… and {n} more weak components (see the {page} page in the app).", n,
                    page=page_name("Diem_yeu"))


def n_tasks(n: int, open_: int, late: int = 0) -> str:
    if late:
        return ngettext("{n} task ({open} open, {late} overdue)", "{n} tasks ({open} open, {late} overdue)", n,
                        open=open_, late=late)
    return ngettext("{n} task ({open} open)", "{n} tasks ({open} open)", n, open=open_)


# Why a slide is not in the deck, said on the summary slide instead of a slide saying nothing.
LEFT_OUT = {
    "no_edition": N_("{short}: no edition for {year}"),
    "no_value": N_("{short} {year}: no published value for this province"),
    "trend": N_("{short}: no trend chart (only {n} year(s) with a value)"),
    "partial_weak": weakness.NOT_JUDGED,
    "no_weak": N_("{short}: no component weak by the current rules"),
    "all_covered": N_("every weak component has an open task"),
    "no_task_data": N_("tasks: no task data (not signed in, or no task store)"),
    "no_tasks": N_("tasks: the task store has no task linked to an index for this province"),
}


def left_out(reason: str, **fields) -> str:
    """One reason from LEFT_OUT, e.g. left_out("no_edition", short="PCI", year=2024)."""
    return _(LEFT_OUT[reason], **fields)


def tasks_title(province: str, page: int = 1) -> str:
    head = _("{province}: tasks meant to lift the indices", province=province)
    return head if page == 1 else _("{title} (continued)", title=head)


def tasks_header() -> list[str]:
    return [_("Index"), _("Component"), _("Task"), _("Lead unit"), _("Due"), _("Status")]


def more_task_lines(n: int, new_tasks: int) -> str:
    """The task table's lines left out: a task has one line per component it serves, so the lines are
    counted as lines, and the tasks among them that no slide lists, as tasks."""
    page = page_name("Nhiem_vu")
    if new_tasks:
        return ngettext("… and {n} more line (tasks not above: {k}; a task has a line per component): "
                        "see the {page} page or the XLSX.",
                        "… and {n} more lines (tasks not above: {k}; a task has a line per component): "
                        "see the {page} page or the XLSX.", n, k=new_tasks, page=page)
    return ngettext("… and {n} more line, for other components of the tasks above: see the {page} page or the XLSX.",
                    "… and {n} more lines, for other components of the tasks above: see the {page} page or the XLSX.",
                    n, page=page)
