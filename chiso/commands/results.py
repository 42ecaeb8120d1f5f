"""`python -m chiso results import|list|template`: the Ministry's results entered from the command line.

`import` reads a national table (template CSV/XLSX, or the appendix as a text PDF) or the
province's scorecard (told apart by its columns), stores it whole in the results store and
rebuilds the database so it shows at once. The acting user: `--as USERNAME`, or by default the
shell operator as province admin of `--province`, recorded as `cli:<system user>` (as `tasks`).
"""
from __future__ import annotations

from pathlib import Path

from chiso import catalog
from chiso.clock import local_time
from chiso.commands.tasks import acting_user, date_argument, index_argument
from chiso.errors import ChisoError
from chiso.i18n import N_, _, ngettext


def register(sub):
    p = sub.add_parser("results", help=_("enter the Ministry's results: the national table, the province's scorecard"))
    rsub = p.add_subparsers(dest="results_command", required=True)

    imp = rsub.add_parser("import", help=_("import a results table (.xlsx/.csv/.pdf) or the province's scorecard (.xlsx/.csv)"))
    imp.add_argument("file", help=_("the national table or the scorecard (.xlsx/.csv/.pdf)"))
    imp.add_argument("--province", required=True, help=_("the province entering (name or code, e.g. 'Hà Tĩnh')"))
    imp.add_argument("--document", default="", help=_("source document: the decision's number and date, e.g. '123/QĐ-BNV'"))
    imp.add_argument("--date", default=None, type=date_argument, help=_("the document's date (dd/mm/yyyy)"))
    imp.add_argument("--authority", default="official", choices=["official", "provincial", "press"],
                     help=_("source kind: official (the Ministry), provincial (the province), press"))
    imp.add_argument("--index", default=None, type=index_argument, help=_("index, when the PDF table has no 'Chỉ số' column (e.g. {code})", code=catalog.results_entry_index()))
    imp.add_argument("--year", type=int, default=None, help=_("year assessed, when the PDF table has no 'Năm' column"))
    imp.add_argument("--indicator", default="TOTAL", help=_("the PDF table's component (default TOTAL)"))
    imp.add_argument("--no-build", action="store_true", help=_("do not rebuild the database after the import"))
    _common(imp)
    imp.set_defaults(func=_import)

    lst = rsub.add_parser("list", help=_("list the results entered"))
    _common(lst)
    lst.set_defaults(func=_list)

    tpl = rsub.add_parser("template", help=_("write the province's scorecard template (.xlsx)"))
    tpl.add_argument("--index", default=catalog.results_entry_index(), type=index_argument,
                     help=_("index (default {code})", code=catalog.results_entry_index()))
    tpl.add_argument("--year", type=int, default=None,
                     help=_("year assessed (default: last year, the edition the Ministry publishes this year)"))
    tpl.add_argument("--out", required=True, help=_("the .xlsx file to write"))
    tpl.set_defaults(func=_template)


def _common(p):
    p.add_argument("--store", default=None, help=_("results store: a DuckDB file or postgresql://... (default CHISO_RESULTS_URL, else the _results.duckdb file beside --db)"))
    p.add_argument("--as", dest="as_user", default=None, help=_("act as this account"))
    p.add_argument("--users-file", default=None, help=_("accounts file (default CHISO_USERS_FILE)"))


def _store(args):
    from chiso import paths
    from chiso.results import open_results_store
    return open_results_store(args.store or paths.default_results_url(Path(args.db) if args.db else None))


def _import(args) -> int:
    from chiso import fmt, paths
    from chiso.names import UnknownProvince, resolve_province
    from chiso.results import kind_label, prepare, save_and_rebuild

    try:
        province = resolve_province(args.province)
    except UnknownProvince as exc:
        raise ChisoError(str(exc)) from exc
    path = Path(args.file)
    if not path.is_file():
        raise ChisoError(N_("File not found: {path}"), path=path)
    user = acting_user(args, province)
    entry = prepare(path.name, path.read_bytes(), province_code=province, document=args.document, document_date=args.date,
                    source_kind=args.authority, index_code=args.index, year=args.year, indicator_code=args.indicator)
    store = _store(args)  # once the file is read: a refused file makes no store
    if args.no_build:
        batch = store.save(user, entry)
    else:
        db = Path(args.db) if args.db else paths.default_db_path()
        batch = save_and_rebuild(store, user, entry, db)
    print(ngettext("Saved {n} value ({kind} {index} {year}) in {store}: {batch}",
                   "Saved {n} values ({kind} {index} {year}) in {store}: {batch}", len(entry.records),
                   kind=kind_label(entry.kind), index=catalog.short_name(entry.index_code), year=entry.year,
                   store=store.describe(), batch=batch))
    for w in entry.warnings:
        print("  " + _("note: {warning}", warning=w))
    if args.no_build:
        return 0
    from chiso import scores
    from chiso.readme import COVERAGES
    ed = scores.edition(entry.index_code, entry.year, db)
    ranked = "" if fmt.is_missing(ed.get("ranked_count")) else ", " + _("{n} provinces ranked", n=int(ed["ranked_count"]))
    print(_("Rebuilt {db}: {index} {year}, edition {coverage}", db=db, index=catalog.short_name(entry.index_code),
            year=entry.year,
            coverage=_(COVERAGES.get(ed["coverage"], ed["coverage"]))) + ranked)
    return 0


def _list(args) -> int:
    from chiso import fmt
    from chiso.names import set_province_name
    from chiso.results import SCORECARD, authority_label, kind_label
    batches = _store(args).batches()
    if batches.empty:
        print(_("No result has been entered yet."))
        return 0
    for b in batches.itertuples():
        # a scorecard of an edition of the 34 is the new province's (Tây Ninh's has Long An's code, 80); a
        # national table is listed under the province of the account that entered it
        listed = catalog.edition(b.index_code, b.year).province_set if b.kind == SCORECARD else "63"
        when = fmt.date(b.document_date) if b.document_date is not None and str(b.document_date) != "NaT" else ""
        print(f"{kind_label(b.kind)} · {catalog.short_name(b.index_code)} {b.year} · "
              + ngettext("{province}  {n:>4} value  {document} [{kind}]  entered by {who} at {at}  ({file})",
                         "{province}  {n:>4} values  {document} [{kind}]  entered by {who} at {at}  ({file})",
                         int(b.row_count), province=set_province_name(b.province_code, listed),
                         document=b.document + (" " + when if when else ""), kind=authority_label(b.source_kind),
                         who=b.entered_by, at=local_time(b.entered_at), file=b.file_name))
    return 0


def _template(args) -> int:
    from chiso.results.scorecard import entry_year, template_xlsx
    if Path(args.out).suffix.lower() != ".xlsx":  # it wrote a workbook into t.csv, which no program reads as CSV
        raise ChisoError(N_("--out must be an .xlsx file: the template is a workbook"))
    from chiso.clock import today_vn
    year, first = args.year or entry_year(), catalog.indices()[args.index].first_year
    if not first <= year <= today_vn().year:  # 99999 wrote a template for an edition that cannot exist
        raise ChisoError(N_("--year {year}: {index} has editions from {first} to this year"), year=year,
                         index=catalog.indices()[args.index].short, first=first)
    Path(args.out).write_bytes(template_xlsx(args.index, year))
    print(_("Wrote {file}", file=args.out))
    return 0
