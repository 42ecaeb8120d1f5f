"""`python -m chiso weak --province P --year Y [--index I] [--format table|csv]`: every component
with its verdict, priority and whether an open task covers it: the same answer as Điểm yếu, Chưa
có nhiệm vụ and the deck (chiso.weakness + chiso.coverage)."""
from __future__ import annotations

import sys

from chiso.errors import ChisoError
from chiso.i18n import _

# The first thirteen are the command's original contract; later columns are appended, never inserted.
COLUMNS = ["index_code", "indicator_code", "name_vi", "value", "max_value", "rank", "ranked_count", "verdict",
           "priority", "reasons", "open_tasks", "covered", "weak_parent", "percentile", "gap_to_best", "comparable",
           "overdue_tasks"]


def register(sub):
    from chiso import catalog
    from chiso.commands.tasks import _common, index_argument

    p = sub.add_parser("weak", help=_("weak components, those to watch, and the tasks meant to fix them"))
    _common(p)  # --province, --store, --as, --users-file: as for `tasks`
    p.add_argument("--year", required=True, type=int, help=_("year assessed"))
    p.add_argument("--index", default=None, type=index_argument,
                   help=_("one index ({codes}); default: every index with an edition that year",
                          codes=", ".join(catalog.indices())))
    p.add_argument("--format", choices=["table", "csv"], default="table",
                   help=_("table to read (default) or csv with a header row"))
    p.set_defaults(func=_weak)


def weak_table(province_code: str, year: int, index_codes, store, user, db=None):
    """The command's rows (COLUMNS) for the indices asked, in catalog order: what the test compares
    with the pages and the deck."""
    import pandas as pd

    from chiso import coverage, weakness

    frames, not_judged = [], []
    for code in index_codes:
        assessed = weakness.assess(code, year, province_code, db=db)
        if not weakness.judged(assessed):
            not_judged.append(code)
        tasks = coverage.tasks_frame(store.list_tasks(user, coverage.task_provinces(province_code, code, year),
                                                      index_code=code))
        frames.append(coverage.attach(assessed, tasks))
    # not_ranked: how the table prints a missing rank; name_en: the table's names in English (not CSV columns)
    columns = COLUMNS + ["not_ranked", "name_en"]
    table = pd.concat(frames, ignore_index=True).reindex(columns=columns) if frames else pd.DataFrame(columns=columns)
    table.attrs["not_judged"] = not_judged  # indices whose "0 weak" would mean "not looked at"
    return table


def _weak(args) -> int:
    from chiso import catalog, fmt, scores, weakness
    from chiso.commands.tasks import _context
    from chiso.i18n import _, language
    from chiso.commands import shown_province

    store, user, province = _context(args)
    db = args.db
    years = {c: scores.years(c, db) for c in catalog.index_order()}
    if args.index:  # argparse has checked it against the catalogue
        codes = [args.index]
    else:
        codes = [c for c in years if args.year in years[c]]

    def latest(indices) -> str:  # the year to ask for instead
        return ", ".join(f"{catalog.indices()[c].short} {max(years[c])}" for c in indices if years[c])

    if not codes:
        raise ChisoError("No index has an edition for {year} (latest: {latest})", year=args.year,
                         latest=latest(catalog.index_order()))
    missing = [c for c in codes if args.year not in years[c]]
    if missing:
        raise ChisoError("{indices}: no {year} edition (latest: {latest})", year=args.year,
                         indices=", ".join(catalog.indices()[c].short for c in missing),
                         latest=latest(missing))
    province = shown_province(province, args.index, args.year, db)  # Bình Phước in 2025: Đồng Nai, as the pages
    named = scores.shown_name(province, args.index, args.year, db)
    table = weak_table(province, args.year, codes, store, user, db)
    if args.format == "csv":
        table[COLUMNS].assign(covered=table.covered.map({True: "true", False: "false"}),
                     comparable=table.comparable.map({True: "true", False: "false"}),
                     open_tasks=table.open_tasks.astype("Int64"),
                     overdue_tasks=table.overdue_tasks.astype("Int64")).to_csv(sys.stdout, index=False)
        return 0
    shown = table.assign(
        value=[fmt.number(v, 2) for v in table.value], max_value=[fmt.number(v, 2) for v in table.max_value],
        rank=fmt.ranks(table),
        percentile=fmt.compared_column(table.percentile, table.comparable, 0),
        gap_to_best=fmt.compared_column(table.gap_to_best, table.comparable, 2),
        weak_parent=table.weak_parent.fillna(""),
        priority=[fmt.number(v, 1) for v in table.priority], verdict=table.verdict.map(weakness.verdict_label),
        open_tasks=table.open_tasks.astype("Int64"), overdue_tasks=table.overdue_tasks.astype("Int64"),
        covered=table.covered.map({True: _("yes"), False: _("no")}),
        name_vi=table.name_vi if language() == "vi" else table.name_en.fillna(table.name_vi),
        index_code=catalog.short_names(table.index_code),
    ).drop(columns=["ranked_count", "not_ranked", "comparable", "name_en"])
    # read beside the open tasks they are part of (the CSV appends the column, keeping its contract)
    order = list(shown.columns)
    order.insert(order.index("open_tasks") + 1, order.pop(order.index("overdue_tasks")))
    shown = shown[order]
    # a table to read: headed as Điểm yếu's tables, in the run's language (the CSV keeps the column names)
    shown = shown.rename(columns={
        "index_code": _("Index"), "indicator_code": _("Code"), "name_vi": _("Component"), "value": _("Score"),
        "max_value": _("Max"), "rank": _("Rank"), "verdict": _("Verdict"), "priority": _("Priority (%)"),
        "reasons": _("Why"), "open_tasks": _("Open tasks"), "overdue_tasks": _("Overdue"), "covered": _("Covered"),
        "weak_parent": _("Within"),
        "percentile": _("Percentile"), "gap_to_best": _("Gap to best")})
    if len(shown):
        print(shown.to_string(index=False, max_colwidth=60))
    not_judged = table.attrs["not_judged"]
    for code in codes:  # said as Điểm yếu says it, where pandas printed "Empty DataFrame"
        edition = f"{catalog.short_name(code)} {args.year}"
        if not (table.index_code == code).any():
            print(f"{edition}: " + _("Public sources give no component scores for this province in this edition."))
        elif code in not_judged:
            print(_(weakness.NOT_JUDGED, short=edition))
    weak = table[table.verdict == "weak"]
    if len(not_judged) < len(codes):  # a count of weak components only where some were judged
        print("\n" + _("{weak} weak components, {uncovered} without an open task ({province}, {year}; {store})",
                       weak=weakness.groups(weak), uncovered=weakness.groups(weak[weak.covered == False]),  # noqa: E712
                       province=named,
                       year=args.year, store=store.describe()))
    else:
        print("\n" + _("No component judged ({province}, {year}; {store})", province=named,
                       year=args.year, store=store.describe()))
    if len(weak) > weakness.groups(weak):
        print(_("A component and its weak sub-components (column {within}) count as one: {items} items, {rows} rows.",
                within=_("Within"), items=weakness.groups(weak), rows=len(weak)))
    return 0
