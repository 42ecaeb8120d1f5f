"""`python -m chiso tasks import|export|list`: the task store from the command line.

The acting user: `--as USERNAME` (an account in the users file; its role is enforced, no password
asked because whoever runs this command already has the server's files and the store's URL), or
by default the shell operator acting as province admin of `--province`, recorded in the audit log
as `cli:<system user>`.
"""
from __future__ import annotations

import argparse
import getpass
import textwrap
from pathlib import Path

from chiso import catalog
from chiso.errors import ChisoError
from chiso.i18n import N_, _, ngettext
from chiso.tasks.model import STATUS_LABELS, STATUSES, read_status
from chiso.tasks.units import unit_named_on, with_successors


def register(sub):
    p = sub.add_parser("tasks", help=_("improvement tasks: import, export, list"))
    tsub = p.add_subparsers(dest="tasks_command", required=True)

    imp = tsub.add_parser("import", help=_("import tasks from a .csv/.xlsx in the template (the whole file or nothing)"))
    imp.add_argument("file", help=_("a file in the task template (.csv or .xlsx)"))
    _common(imp)
    imp.set_defaults(func=_import)

    exp = tsub.add_parser("export", help=_("export the province's tasks to .xlsx in the template"))
    exp.add_argument("--out", required=True, help=_("the .xlsx file to write"))
    _common(exp)
    exp.set_defaults(func=_export)

    lst = tsub.add_parser("list", help=_("list the province's tasks"))
    _common(lst)
    lst.add_argument("--unit", help=_("only this lead unit"))
    lst.add_argument("--status", type=_status, metavar=_("STATUS"),
                     help=_("only this status: {choices} (or its code, {codes})",
                            choices=", ".join(STATUS_LABELS.values()), codes=", ".join(STATUSES)))
    lst.add_argument("--index", type=index_argument, help=_("only tasks linked to this index ({codes})",
                                                            codes=", ".join(catalog.indices())))
    lst.add_argument("--indicator", help=_("and this component (e.g. D2_POVERTY)"))
    lst.add_argument("--overdue", action="store_true", help=_("only overdue tasks"))
    lst.set_defaults(func=_list)


def index_argument(text: str) -> str:
    """--index as a task's link names it ("papi", "PAR INDEX" are PAPI, PAR_INDEX): the template's rule
    (chiso.tasks.template.parse_links); an index the catalog lacks is refused with the ones it has."""
    from chiso.tasks.template import parse_links
    links, problems = parse_links(text.replace(":", " "))
    if problems or len(links) != 1:
        raise argparse.ArgumentTypeError(_("'{value}' is not an index: {codes}", value=text,
                                           codes=", ".join(catalog.indices())))
    return links[0][0]


def date_argument(text: str):
    """A --date as every date of chiso is read (`chiso.fmt.parse_date`: dd/mm/yyyy or ISO); refused
    by argparse, naming the option, in the CLI's language."""
    from chiso import fmt
    try:
        return fmt.parse_date(text)
    except ValueError as exc:
        raise argparse.ArgumentTypeError(str(exc)) from None


def _link_filter(index_code: str | None, indicator: str | None) -> tuple[str | None, str | None]:
    """--index and --indicator, checked as a task's link is: a component the index lacks was listed as
    "0 tasks", and a component without its index listed every task."""
    from chiso.tasks.template import parse_links
    if indicator and not index_code:
        raise ChisoError(N_("--indicator needs --index: the index the component belongs to"))
    if not indicator:
        return index_code, None
    links, problems = parse_links(f"{index_code}:{indicator}")
    if problems:
        raise ChisoError("--indicator: {problem}", problem=problems[0])
    return links[0]


def _status(text: str) -> str:
    """--status as the template and the pages write it ("Đang thực hiện", "dang thuc hien", "In
    progress") or its code: chiso.tasks.model.read_status."""
    status = read_status(text)
    if status is None:
        raise argparse.ArgumentTypeError(_("'{value}' is not a status: {choices}", value=text,
                                           choices=", ".join(STATUS_LABELS.values())))
    return status


def store_option(p) -> None:
    """--store, as every command that reads or writes tasks takes it."""
    p.add_argument("--store", default=None,
                   help=_("task store: a DuckDB file or postgresql://... (default CHISO_TASKS_URL, else the _tasks.duckdb file beside --db)"))


def store_url(args, creates: bool = True) -> str:
    """The task store a command means: --store, else the pages' default beside --db (chiso.paths).
    A command that only reads (`creates=False`) refuses a --store file that does not exist: a mistyped
    path made a new, empty store and answered "0 tasks". (The default store is made on first use.)"""
    from chiso import paths
    if args.store and not creates:
        existing_store(args.store)
    return args.store or paths.default_tasks_url(Path(args.db) if getattr(args, "db", None) else None)


def existing_store(url: str) -> str:
    """The store's URL, if it is a server's or a file that exists."""
    from chiso.tasks.backends import store_exists
    if not store_exists(url):
        raise ChisoError("No task store at {path}", path=url)
    return url


def accounts_file_option(p, flag: str = "--users-file") -> None:
    """`users add/list` call it `--file` (the file is the subject there); `--users-file`, as every other
    command names it, is taken there too."""
    flags = [flag] + (["--users-file"] if flag != "--users-file" else [])
    p.add_argument(*flags, default=None,
                   help=_("accounts file (default CHISO_USERS_FILE or ~/.config/chiso/users.toml)"))


def _common(p):
    p.add_argument("--province", required=True, help=_("province (name or code, e.g. 'Bình Phước')"))
    store_option(p)
    p.add_argument("--as", dest="as_user", default=None, help=_("act as this account"))
    accounts_file_option(p)


def _context(args, creates: bool = False):
    from chiso.names import UnknownProvince, resolve_province
    from chiso.tasks import open_store

    try:
        province = resolve_province(args.province)
    except UnknownProvince as exc:
        raise ChisoError(str(exc)) from exc
    return open_store(store_url(args, creates)), acting_user(args, province), province


def acting_user(args, province: str):
    """`--as USERNAME` (an account of --users-file), or the shell operator as the province's admin."""
    from chiso import accounts, auth
    if not args.as_user:
        return auth.User(f"cli:{getpass.getuser()}", auth.PROVINCE_ADMIN, province)
    path = Path(args.users_file) if args.users_file else accounts.users_file()
    account = accounts.load_accounts(path).get(args.as_user)
    if account is None:  # the file named: a mistyped --users-file was read as an empty list of accounts
        raise ChisoError(N_("no account '{name}' in the accounts file {path}") if path.exists() else
                         N_("no account '{name}': there is no accounts file {path}"), name=args.as_user, path=path)
    return account.user


def _import(args) -> int:
    path = Path(args.file)
    if not path.is_file():  # before the store is opened: a mistyped file makes no store
        raise ChisoError("file not found: {file}", file=path)
    store, user, province = _context(args, creates=True)
    result = store.import_file(user, province, path.name, path.read_bytes())
    print(_("Imported into {store}: new tasks {new}, updated tasks {updated}, new plans {plans}.",
            store=store.describe(), new=result.created, updated=result.updated, plans=result.plans_created)
          + result.already_said())
    return 0


def _export(args) -> int:
    store, user, province = _context(args)
    out = Path(args.out)
    if out.suffix.lower() != ".xlsx":
        raise ChisoError("--out must be an .xlsx file")
    data = store.export_xlsx(user, province)
    out.write_bytes(data)
    n = len(store.list_tasks(user, province))
    print(ngettext("Wrote {n} task to {file}", "Wrote {n} tasks to {file}", n, file=out))
    return 0


def _unit(typed: str, units: list[str]) -> str:
    """`--unit` as the lists read a typed unit (`chiso.names.matching`): "so noi vu" is Sở Nội vụ; a
    text in several units' names is refused with their names, one in none is kept (it lists nothing)."""
    from chiso.names import matching

    found = [typed] if typed in units else matching(typed, units)
    if len(found) > 1:
        raise ChisoError(N_("--unit '{unit}' is in the names of several units: {units}"), unit=typed,
                         units="; ".join(found))
    return found[0] if found else typed


def _list(args) -> int:
    from chiso import fmt
    from chiso.i18n import language
    from chiso import auth
    from chiso.names import formed_together, province_name
    from chiso.tasks import holding, link_text, today_vn
    from chiso.tasks.model import status_text

    store, user, province = _context(args)
    unit = _unit(args.unit, with_successors(store.units(user, province))) if args.unit else None
    index_code, indicator_code = _link_filter(args.index, args.indicator)
    tasks = store.list_tasks(user, province, unit=unit, status=args.status, index_code=index_code,
                             indicator_code=indicator_code, overdue=args.overdue)
    lang = language()
    for t in tasks:
        # "Chưa thực hiện — QUÁ HẠN", as the pages, the deck and the quarterly report write it
        late = t.is_overdue()
        flag = " [" + _("due this month") + "]" if not late and t.is_due_this_month() else ""
        print(f"{t.task_id}  v{t.version}  {status_text(t.status, late, lang)}{flag}")
        print(textwrap.indent(textwrap.fill(t.text, 100), "    "))
        print("    " + _("Lead: {unit} | Deadline: {deadline} | Index: {links}", unit=unit_named_on(t.lead_unit),
                          deadline=t.deadline_text(lang), links=link_text(t.links) or "—"))
        if t.progress_note:
            print("    " + _("Progress: {note}", note=t.progress_note))
    print("\n" + ngettext("{n} task ({province}; {store}; {day})", "{n} tasks ({province}; {store}; {day})",
                          len(tasks), province=province_name(province), store=store.describe(),
                          day=fmt.date(today_vn(), lang)))
    # one department since 1 July 2025 follows the plans of every province it was formed from: Đồng Nai's
    # "0 tasks" said nothing of the overdue tasks of Bình Phước's plans (Nhiệm vụ names them in its choice)
    others = [c for c in formed_together(province) if c != province and auth.can_read(user, c)]
    if others:
        held = [holding(province_name(c), store.list_tasks(
            user, c, unit=unit, status=args.status, index_code=index_code, indicator_code=indicator_code,
            overdue=args.overdue)) for c in others]
        print(_("The same department follows, since 1 July 2025 (--province to list them): {lists}",
                lists=fmt.listing(held)))
    return 0
