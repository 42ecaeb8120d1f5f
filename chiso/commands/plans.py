"""`python -m chiso plans parse FILE [--out tasks.xlsx|tasks.csv]`: propose the tasks of a plan."""
from __future__ import annotations

import textwrap

from chiso.errors import ChisoError
from chiso.i18n import _


def register(sub):
    p = sub.add_parser("plans", help=_("read a plan and propose its tasks"))
    psub = p.add_subparsers(dest="plans_command", required=True)
    parse = psub.add_parser("parse", help=_("read a plan (.docx/.pdf/.txt/.md)"))
    parse.add_argument("file", help=_("the plan's file"))
    parse.add_argument("--out", help=_("write the tasks in the template (tasks.xlsx or tasks.csv)"))
    parse.add_argument("--width", type=int, default=90, help=_("longest line printed"))
    parse.set_defaults(func=_parse)


def _parse(args) -> int:
    from pathlib import Path

    from chiso.plans import template
    from chiso.plans.extract import DEFAULT_BUDGET
    from chiso.plans.worker import parse_bounded

    if args.out and not args.out.lower().endswith((".csv", ".xlsx")):
        raise ChisoError("--out phải là tệp .csv hoặc .xlsx (--out must be .csv or .xlsx)")
    try:
        with open(args.file, "rb") as fh:  # never more than the upload limit + 1 byte
            data = fh.read(DEFAULT_BUDGET.max_bytes + 1)
    except (FileNotFoundError, IsADirectoryError):
        raise ChisoError(f"không thấy tệp {args.file} (file not found)")
    # The same bounded child process as the page's uploads: a hostile file cannot take the machine.
    plan = parse_bounded(data, Path(args.file).name)
    print(f"Tệp: {plan.filename}")
    print(f"Cơ quan ban hành: {plan.issuer or '—'}")
    print(f"Số: {plan.number or '—'}    Ngày: {plan.date.strftime('%d/%m/%Y') if plan.date else (plan.date_text or '—')}")
    print(f"Chỉ số được nêu: {', '.join(plan.indices) or '—'}")
    if plan.title:
        print(f"Tiêu đề: {textwrap.shorten(plan.title, 200)}")
    print(f"\nNhiệm vụ đề xuất: {len(plan.tasks)}")
    for n, t in enumerate(plan.tasks, 1):
        when = t.deadline.strftime("%d/%m/%Y") if t.deadline else ("Thường xuyên" if t.recurring else "chưa có thời hạn")
        if t.deadline_inferred:
            when += " (theo kỳ kế hoạch: văn bản không ghi thời hạn)"
        if t.reporting_period:
            when += f" ({t.reporting_period})"
        print(f"\n{n:>3}. {textwrap.shorten(t.text, args.width, placeholder=' …')}")
        print(f"     Chủ trì: {t.lead_unit or '—'}{' (mặc định: cơ quan ban hành)' if t.lead_inferred else ''}"
              + (f" | Phối hợp: {'; '.join(t.partner_units)}" if t.partner_units else ""))
        print(f"     Thời hạn: {when}" + (f" | Chỉ tiêu: {'; '.join(t.targets)}" if t.targets else ""))
        for l in t.links:
            print(f"     → {l.code}  ⟵ {', '.join(repr(x) for x in l.triggers)}")
        for note in t.review:
            print(f"     ! cần kiểm tra: {note}")
    if plan.warnings:
        print("\nCảnh báo:")
        for w in plan.warnings:
            print(f"  ! {w}")
    if args.out:
        template.write(template.tasks_to_rows(plan), args.out)
        print(f"\nĐã ghi {len(plan.tasks)} nhiệm vụ vào {args.out}")
    return 0
