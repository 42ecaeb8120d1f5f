"""`python -m chiso build [--db PATH] [--source DIR ...]`: (re)build the published-results database."""
from __future__ import annotations

from pathlib import Path

from chiso import fmt, paths
from chiso.i18n import _, ngettext

DISAGREEMENTS_LISTED = 40


def register(sub):
    p = sub.add_parser("build", help=_("build the database from the published figures"))
    p.add_argument("--db", default=None, help=_("DuckDB file to write (default data/chiso.duckdb)"))
    p.add_argument("--source", action="append", type=Path, default=[],
                   help=_("add a folder or file of published figures (canonical CSV/XLSX, a publisher's own "
                          "workbook, ...); repeatable"))
    p.set_defaults(func=run)


def run(args) -> int:
    from etl.build import build

    db = Path(args.db) if args.db else paths.default_db_path()
    report = build(db, args.source)
    print("\n".join(report_lines(report)))
    print(_("Database: {path}", path=db))
    return 0


def report_lines(report) -> list[str]:
    """What a build read, derived and found (etl.build.BuildReport), in the run's language."""
    from chiso import catalog
    from chiso.names import province_names
    from chiso.readme import COVERAGES

    names = province_names()
    out = [ngettext("Read {n} source file:", "Read {n} source files:", len(report.files))]
    out += [ngettext("{n:>6} row  {file}", "{n:>6} rows  {file}", rows, file=f) for f, rows in report.files]
    if report.not_read:
        out.append(_("Not read (a build reads .csv, .xlsx and .xls): {files}",
                     files=", ".join(str(f) for f in report.not_read)))
    out.append(_("Values per index and year (provinces with a total / without):"))
    for r in report.rows_per_edition.itertuples():
        missing = report.missing_per_edition.get((r.index_code, r.year), [])
        listed = f" ({', '.join(names.get(c, c) for c in missing)})" if 0 < len(missing) <= 5 else ""
        out.append(_("  {index:<9} {year}: {values}, {with_total}{missing} [{coverage}]",
                     index=catalog.short_name(r.index_code), year=r.year,
                     values=ngettext("{n:>5} value", "{n:>5} values", int(r.values)),
                     with_total=ngettext("{n:>2} province with a total", "{n:>2} provinces with a total",
                                         int(r.with_total)),
                     missing=ngettext("; without a total: {n} province{listed}", "; without a total: {n} provinces{listed}",
                                      len(missing), listed=listed) if missing else "",
                     coverage=_(COVERAGES.get(r.coverage, r.coverage))))
    out.append(_("Values derived by the index's own rule (marked derived): {n}", n=report.derived_count))
    disagreements = report.disagreements
    n = 0 if disagreements is None else len(disagreements)
    out.append(_("Sources that disagree: {n}", n=n))
    for r in (disagreements.head(DISAGREEMENTS_LISTED).itertuples() if n else ()):
        said = dict(index=catalog.short_name(r.index_code), year=r.year, indicator=r.indicator_code,
                    province=f"{r.province_code} ({names.get(r.province_code, '?')})",
                    kind=fmt.disagreement_kind(r.kind), candidates=fmt.candidates(r.candidates),
                    rule=fmt.disagreement_rule(r.rule))
        if fmt.is_missing(r.chosen):  # nothing decided: a gap, not a value "chosen"
            out.append(_("  {index} {year} province {province} {indicator} {kind}: {candidates} -> {rule}",
                         **said))
        else:
            out.append(_("  {index} {year} province {province} {indicator} {kind}: {candidates} -> chose {chosen} ({rule})",
                         chosen=fmt.as_stated(r.chosen), **said))
    if n > DISAGREEMENTS_LISTED:
        out.append(_("  ... and {n} more (see v_disagreements)", n=n - DISAGREEMENTS_LISTED))
    out.append(_("Time: {seconds} s", seconds=fmt.number(report.seconds, 1)))
    return out
