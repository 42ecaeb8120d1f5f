"""`python -m chiso report --province P --quarter 2024Q3 --out F.docx [--plan ID] [--department]`: the quarterly
report to UBND tỉnh (DOCX, and the same table as XLSX beside it: F.xlsx)."""
from __future__ import annotations

from pathlib import Path

from chiso.errors import ChisoError
from chiso.i18n import N_, _


def register(sub):
    from chiso.commands.tasks import _common, date_argument

    p = sub.add_parser("report", help=_("the quarterly report to the provincial People's Committee (DOCX + XLSX)"))
    _common(p)  # --province, --store, --as, --users-file: as for `tasks`
    p.add_argument("--quarter", required=True, help=_("quarter: 2024Q3, or as a report writes it, quý 3/2024"))
    p.add_argument("--out", required=True, help=_("the .docx file to write (the .xlsx table is written beside it, same name)"))
    p.add_argument("--plan", default=None, help=_("one plan only: its id in the store (KH-…) or its number (52/KH-SNgV)"))
    p.add_argument("--date", default=None, type=date_argument, help=_("report date dd/mm/yyyy (default today)"))
    p.add_argument("--issuer", default=None, help=_("reporting body (default the province's Department of Home Affairs)"))
    p.add_argument("--department", action="store_true",
                   help=_("one report for the department: the tasks of every province the province was made one "
                          "with on 1 July 2025 (Bình Phước and Đồng Nai for Đồng Nai), for a report dated from then"))
    p.add_argument("--lang", choices=["vi", "en"], default=None,
                   help=_("language of the report (default: the CLI's, CHISO_LANG, else vi)"))
    p.set_defaults(func=_report)


def _report(args) -> int:
    from chiso import fmt, report
    from chiso.commands.tasks import _context
    from chiso.i18n import _, ngettext
    from chiso.names import formed_together, province_name

    out = Path(args.out)
    if out.suffix.lower() != ".docx":
        raise ChisoError("--out must be a .docx file")
    year, quarter = report.parse_quarter(args.quarter)
    day = args.date
    store, user, province = _context(args)
    plan_id = _plan(args.plan, store.plans(user, province)) if args.plan else None
    rep = report.build(store, user, province, year, quarter, plan_id=plan_id, report_date=day,
                       issuer=args.issuer, lang=args.lang, department=args.department)
    if args.department and not rep.department:
        print(_("--department: one province's tasks only (a plan was asked, the report is dated before 1 July 2025, "
                "or the province was made one with no other that day)"))
    out.write_bytes(report.to_docx(rep))
    xlsx = out.with_suffix(".xlsx")
    xlsx.write_bytes(report.to_xlsx(rep))
    counts = ", ".join(f"{r.label}: {r.count}" for r in rep.summary.itertuples())
    print(ngettext("Wrote {docx} and {xlsx}: {n} task of quarter {quarter}/{year} ({counts})",
                   "Wrote {docx} and {xlsx}: {n} tasks of quarter {quarter}/{year} ({counts})", len(rep.rows),
                   docx=out, xlsx=xlsx, quarter=quarter, year=year, counts=counts))
    more = report.more_for_department(store, user, rep, province, plan_id)
    if more:
        others = [c for c in formed_together(province) if c != province]
        print(ngettext("The same department follows {n} more task of this quarter, from the plans of {provinces}: "
                       "--department writes one report of them all",
                       "The same department follows {n} more tasks of this quarter, from the plans of {provinces}: "
                       "--department writes one report of them all", more,
                       provinces=fmt.listing(province_name(c) for c in others)))
    return 0


def _plan(asked: str, plans) -> str:
    """--plan by its id or by its number as the plan writes it; one the province has not was a report
    of 0 tasks."""
    from chiso.names import fold
    from chiso.tasks.model import plan_number_text
    found = [p.plan_id for p in plans if fold(asked) in (fold(p.plan_id), fold(p.number or ""))]
    if len(found) == 1:
        return found[0]
    listed = "; ".join(f"{p.plan_id} ({' '.join(x for x in (plan_number_text(p.number), p.issuer) if x)})" for p in plans)
    raise ChisoError(N_("--plan '{plan}' is not one of the province's plans: {plans}"), plan=asked,
                     plans=listed or _("none yet"))
