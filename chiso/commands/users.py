"""`python -m chiso users add|remove|list`: local accounts for the task pages.

Run on the server by whoever administers it: the accounts file (outside git) is theirs.
The first province admin is created this way; after that, province admins can also be
created by this command for each province (see docs/tasks.md).
"""
from __future__ import annotations

import getpass
import sys
from pathlib import Path

from chiso.errors import ChisoError
from chiso.commands.tasks import accounts_file_option, store_option
from chiso.i18n import N_, _, ngettext


def register(sub):
    p = sub.add_parser("users", help=_("sign-in accounts and roles"))
    usub = p.add_subparsers(dest="users_command", required=True)

    add = usub.add_parser("add", help=_("create an account (asks the password, or reads it with --password-stdin)"))
    add.add_argument("username", help=_("the sign-in name"))
    add.add_argument("--role", required=True, choices=["viewer", "unit_editor", "province_admin"],
                     help=_("viewer reads; unit_editor updates its unit's tasks; province_admin does everything"))
    add.add_argument("--province", required=True, help=_("the account's province (name or code)"))
    add.add_argument("--unit", default=None, help=_("unit (required for unit_editor), as the tasks name it, e.g. 'Văn phòng Sở Nội vụ'"))
    add.add_argument("--display-name", default=None, help=_("display name"))
    add.add_argument("--email", default=None, help=_("e-mail (matched on single sign-on, OIDC)"))
    add.add_argument("--password-stdin", action="store_true", help=_("read the password from the first line of stdin"))
    add.add_argument("--reset", action="store_true", help=_("reset an existing account (password, role)"))
    accounts_file_option(add, "--file")
    store_option(add)
    add.set_defaults(func=_add)

    rm = usub.add_parser("remove", help=_("remove an account (someone who has left): its sessions end at their next page"))
    rm.add_argument("username", help=_("the sign-in name"))
    accounts_file_option(rm, "--file")
    rm.set_defaults(func=_remove)

    lst = usub.add_parser("list", help=_("list accounts"))
    lst.add_argument("--province", default=None, help=_("only the accounts of this province's department (with a province made one with it on 1 July 2025)"))
    accounts_file_option(lst, "--file")
    lst.set_defaults(func=_list)


def _province(name: str) -> str:
    from chiso.names import UnknownProvince, resolve_province
    try:
        return resolve_province(name)
    except UnknownProvince as exc:
        raise ChisoError(str(exc)) from exc


def _add(args) -> int:
    from chiso import accounts, auth
    from chiso.names import province_name

    province = _province(args.province)
    if args.role == "unit_editor" and not (args.unit or "").strip():  # before the password is asked
        raise ChisoError(N_("a unit's account (unit_editor) needs the unit's name (--unit)"))
    if args.password_stdin:
        password = sys.stdin.readline().rstrip("\r\n")
    else:
        password = getpass.getpass(_("Password: "))
        if getpass.getpass(_("Password again: ")) != password:
            raise ChisoError("the two passwords differ")
    path = Path(args.file) if args.file else accounts.users_file()
    unit, units = args.unit, None
    if args.role == auth.UNIT_EDITOR and unit:
        # "van phong so cong thuong" typed without Vietnamese input is the unit the tasks name
        # "Văn phòng Sở Công Thương" (the rule of the task store, chiso.tasks.units.known_spelling)
        from chiso.tasks.units import catalog_units, known_spelling
        units = _task_units(args, province)
        unit = known_spelling(unit, set(units or []) | set(catalog_units()))
        if unit != args.unit.strip():
            print(_("Units written as the province already names them: {units}.", units=f"“{args.unit}” → “{unit}”"))
    user = accounts.add_user(args.username, password, args.role, province, unit, display_name=args.display_name,
                         email=args.email, path=path, replace_existing=args.reset)
    said = (_("Reset account '{name}' ({role}, {province}{unit}) in {file}") if args.reset else
            _("Created account '{name}' ({role}, {province}{unit}) in {file}"))
    print(said.format(name=user.username, role=auth.role_label(user.role), file=path,
                      province=province_name(user.province_code),
                      unit=", " + _("unit {unit}", unit=user.unit) if user.unit else ""))
    _check_unit(user, units)
    return 0


def _remove(args) -> int:
    from chiso import accounts, auth
    from chiso.names import province_name

    path = Path(args.file) if args.file else accounts.users_file()
    user = accounts.remove_user(args.username, path=path)
    print(_("Removed account '{name}' ({role}, {province}) from {file}; its sessions end at their next page.",
            name=user.username, role=auth.role_label(user.role), province=province_name(user.province_code), file=path))
    return 0


def _check_unit(user, units: list[str] | None) -> None:
    """Said when no task of the province is led by the account's unit, rather than let the account
    find out (with no task list yet, nothing to compare with)."""
    from chiso import accounts
    note = accounts.unit_note(user, units) if units else None
    if note:
        print(note)


def _task_units(args, province_code: str) -> list[str] | None:
    """The units leading the tasks of the province's department in the store (`accounts.department_units`);
    None with no task list yet (none is made here)."""
    from chiso import accounts, auth
    from chiso.commands.tasks import store_url
    from chiso.tasks import open_store
    from chiso.tasks.backends import store_exists

    url = store_url(args)
    if not store_exists(url):
        return None
    try:
        return accounts.department_units(open_store(url), auth.User("cli", auth.PROVINCE_ADMIN, province_code),
                                         province_code)
    except ChisoError:
        return None


def _list(args) -> int:
    from chiso import accounts, auth
    from chiso.names import province_now

    province = _province(args.province) if args.province else None
    # a province's department: Đồng Nai's accounts and Bình Phước's are one Sở Nội vụ since 1 July 2025
    users = [u for u in accounts.list_users(Path(args.file) if args.file else None)
             if province is None or auth.same_province(u.province_code, province)]

    def line(*cells: str) -> str:
        return " ".join(f"{cell:<{width}}" for cell, width in zip(cells, (20, 17, 42, 30, 0))).rstrip()

    if users:  # the role as `--role` takes it, which the heading says
        print(line(_("Username"), _("Role (--role)"), _("Province"), _("Unit"), _("E-mail")))
    for u in users:
        # a province merged away named with what it is today, as Tài khoản names it ("Long An (từ 01/07/2025 …)")
        print(line(u.username, u.role, province_now(u.province_code), u.unit or "", u.email or ""))
    print(ngettext("{n} account", "{n} accounts", len(users)))
    path = Path(args.file) if args.file else accounts.users_file()
    if not path.exists():
        print(_("(there is no accounts file {path} yet: `users add` makes it)", path=path))
    return 0
