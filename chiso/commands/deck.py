"""`python -m chiso deck --province NAME --year YEAR --out FILE.pptx|FILE.zip [--lang vi|en] [--tasks FILE]`:
the briefing deck of one province and year (every index in the catalog); `--out *.zip` writes the
briefing pack (deck, its charts as PNG and SVG, its tables as one XLSX)."""
from __future__ import annotations

from pathlib import Path

from chiso import fmt, i18n
from chiso.errors import ChisoError
from chiso.i18n import _, ngettext


def register(sub):
    from chiso.commands.tasks import store_option

    p = sub.add_parser("deck", help=_("the briefing deck of a province and a year (PPTX; .zip: the whole pack)"))
    p.add_argument("--province", required=True, help=_("province, spelt any usual way (Hà Tĩnh, ha tinh, 42)"))
    p.add_argument("--year", required=True, type=int, help=_("year assessed, e.g. 2022"))
    p.add_argument("--out", default=None, help=_("a .pptx file (the deck) or .zip (the briefing pack: slides, PNG/SVG charts, XLSX tables); default: the pack, named by province and date"))
    p.add_argument("--lang", choices=("vi", "en"), default=None,
                   help=_("language of the slides (default: the CLI's, CHISO_LANG, else vi)"))
    p.add_argument("--tasks", help=_("instead of the task store: a task list in the template (.csv/.xlsx)"))
    store_option(p)
    p.set_defaults(func=run)


def tasks_from_file(path: str, province_code: str):
    """The task template file as `v_tasks` rows (what the weak/covered rule matches components with)."""
    from types import SimpleNamespace

    from chiso.coverage import tasks_frame
    from chiso.tasks import template

    data = Path(path).read_bytes()
    drafts = template.drafts_from_rows(template.read_file(Path(path).name, data), Path(path).name)
    return tasks_frame(SimpleNamespace(task_id=d.task_id or f"#{d.row or n}", plan_id=d.plan_number,
                                       province_code=province_code, text=d.text, lead_unit=d.lead_unit,
                                       partner_units=d.partner_units, due_date=d.due_date, recurring=d.recurring,
                                       status=d.status, links=d.links)
                       for n, d in enumerate(drafts, 1))


def run(args) -> int:
    from chiso import deck, names, scores

    with i18n.use(args.lang):
        return _run(args, deck, names, scores)


def _run(args, deck, names, scores) -> int:
    from chiso.commands import shown_province

    try:
        code = names.resolve_province(args.province)
    except names.UnknownProvince as exc:
        raise ChisoError(str(exc))
    if args.out and not args.out.lower().endswith((".pptx", ".zip")):
        raise ChisoError("--out must be a .pptx file (the deck) or a .zip file (the briefing pack)")
    known = {int(y) for y in scores.editions(db=args.db).year}
    if args.year not in known:
        raise ChisoError("No edition of any index for {year} (there are {first}–{last})",
                         year=args.year, first=min(known), last=max(known))
    code = shown_province(code, None, args.year, args.db)  # Bình Phước in 2025: Đồng Nai's deck, as the page's
    out = args.out or deck.pack_name(code, args.year, lang=args.lang, db=args.db)
    if args.tasks:
        if not Path(args.tasks).is_file():
            raise ChisoError("File not found: {path}", path=args.tasks)
        tasks = tasks_from_file(args.tasks, code)
    else:
        from chiso.commands.tasks import existing_store
        tasks = deck.tasks_from_store(code, args.db, existing_store(args.store) if args.store else None, args.year)
    if out.lower().endswith(".zip"):
        data, _name = deck.briefing_pack(code, args.year, db=args.db, lang=args.lang, tasks=tasks)
        Path(out).write_bytes(data)
        print(i18n._("Wrote {path}: the briefing pack ({size} KiB)", path=out, size=len(data) // 1024))
        return 0
    report = deck.build_deck(code, args.year, out, db=args.db, lang=args.lang, tasks=tasks)
    charts = ngettext("{n} chart", "{n} charts", report.images)
    read = ngettext("{n} task read", "{n} tasks read", int(tasks["task_id"].nunique()))
    print(_("Wrote {path}: {slides} slides, {charts}, {tasks}, {seconds} s", path=report.path, slides=report.slides,
            charts=charts, tasks=read, seconds=fmt.number(report.seconds, 1)))
    return 0
