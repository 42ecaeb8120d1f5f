"""`python -m chiso plans parse FILE [--out tasks.xlsx|tasks.csv]`: propose the tasks of a plan."""
from __future__ import annotations

import argparse
import textwrap

from chiso.errors import ChisoError
from chiso.i18n import _, ngettext


def register(sub):
    p = sub.add_parser("plans", help=_("read a plan and propose its tasks"))
    psub = p.add_subparsers(dest="plans_command", required=True)
    parse = psub.add_parser("parse", help=_("read a plan (.docx/.pdf/.txt/.md)"))
    parse.add_argument("file", help=_("the plan's file"))
    parse.add_argument("--out", help=_("write the tasks in the template (tasks.xlsx or tasks.csv)"))
    parse.add_argument("--width", type=_width, default=90,
                       help=_("longest line printed (at least {n} characters)", n=MIN_WIDTH))
    parse.set_defaults(func=_parse)


MIN_WIDTH = 20  # a task's text cut to a line keeps its first words and " …"


def _width(text: str) -> int:
    """--width 0 ended in Python's ValueError traceback from textwrap."""
    try:
        width = int(text)
    except ValueError:
        width = 0
    if width < MIN_WIDTH:
        raise argparse.ArgumentTypeError(_("a width of at least {n} characters, not '{value}'", n=MIN_WIDTH,
                                           value=text))
    return width


def _parse(args) -> int:
    from pathlib import Path

    from chiso import catalog
    from chiso.plans import template
    from chiso.plans.extract import DEFAULT_BUDGET
    from chiso.plans.worker import parse_bounded
    from chiso.tasks.model import plan_number_text

    if args.out and not args.out.lower().endswith((".csv", ".xlsx")):
        raise ChisoError("--out must be a .csv or .xlsx file")
    try:
        with open(args.file, "rb") as fh:  # never more than the upload limit + 1 byte
            data = fh.read(DEFAULT_BUDGET.max_bytes + 1)
    except (FileNotFoundError, IsADirectoryError):
        raise ChisoError("file not found: {file}", file=args.file)
    # The same bounded child process as the page's uploads: a hostile file cannot take the machine.
    plan = parse_bounded(data, Path(args.file).name)
    print(_("File: {file}", file=plan.filename))
    print(_("Issuer: {issuer}", issuer=plan.issuer or "—"))
    if plan.province_code:
        from chiso.names import province_name
        print(_("Province: {province}", province=province_name(plan.province_code)))
    print(_("Number: {number}    Date: {date}", number=plan_number_text(plan.number) or "—",
            date=plan.date.strftime("%d/%m/%Y") if plan.date else (plan.date_text or "—")))
    print(_("Indices named: {indices}", indices=", ".join(catalog.short_names(plan.indices)) or _("none")))
    if plan.title:
        print(_("Title: {title}", title=textwrap.shorten(plan.title, 200)))
    print("\n" + _("Tasks proposed: {n}", n=len(plan.tasks)))
    for n, t in enumerate(plan.tasks, 1):
        when = t.deadline.strftime("%d/%m/%Y") if t.deadline else (_("Recurring") if t.recurring else _("no deadline"))
        if t.deadline_inferred:
            when += " (" + _("theo kỳ kế hoạch: the text states no deadline") + ")"
        if t.reporting_period:
            when += f" ({t.reporting_period})"
        print(f"\n{n:>3}. {textwrap.shorten(t.text, args.width, placeholder=' …')}")
        lead = (t.lead_unit or "—") + (" (" + _("assumed: the issuer") + ")" if t.lead_inferred else "")
        print("     " + _("Lead: {unit}", unit=lead)
              + (" | " + _("Partners: {units}", units="; ".join(t.partner_units)) if t.partner_units else ""))
        print("     " + _("Deadline: {when}", when=when)
              + (" | " + _("Target: {targets}", targets="; ".join(t.targets)) if t.targets else ""))
        for l in t.links:
            print(f"     → {l.code}  ⟵ {', '.join(repr(x) for x in l.triggers)}")
        for note in t.review:
            print("     ! " + _("to check: {note}", note=note))
    if plan.warnings:
        print("\n" + _("Warnings:"))
        for w in plan.warnings:
            print(f"  ! {w}")
    if args.out:
        template.write(template.tasks_to_rows(plan), args.out)
        print("\n" + ngettext("Wrote {n} task to {file}", "Wrote {n} tasks to {file}", len(plan.tasks), file=args.out))
    return 0
