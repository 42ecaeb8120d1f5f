"""`python -m chiso deck --province NAME --year YEAR --out FILE.pptx [--lang vi|en] [--tasks FILE]`:
the briefing deck of one province and year (PAPI, PAR INDEX, SIPAS)."""
from __future__ import annotations

from pathlib import Path

from chiso.errors import ChisoError


def register(sub):
    p = sub.add_parser("deck", help="xuất bộ slide báo cáo của một tỉnh, một năm (briefing deck, PPTX)")
    p.add_argument("--province", required=True, help="tên tỉnh/thành phố, viết kiểu nào cũng được (Hà Tĩnh, ha tinh, 42)")
    p.add_argument("--year", required=True, type=int, help="năm đánh giá, ví dụ 2022")
    p.add_argument("--out", required=True, help="tệp .pptx sẽ ghi")
    p.add_argument("--lang", choices=("vi", "en"), default="vi", help="ngôn ngữ của slide (mặc định vi)")
    p.add_argument("--tasks", help="danh sách nhiệm vụ theo mẫu (.csv/.xlsx) để đối chiếu với nội dung yếu; "
                                   "không có thì slide ghi 'chưa có dữ liệu nhiệm vụ'")
    p.set_defaults(func=run)


def tasks_from_file(path: str, province_code: str):
    """The task template file as `v_tasks` rows (what `chiso.coverage` matches weak components with)."""
    import pandas as pd

    from chiso.coverage import TASK_COLUMNS
    from chiso.tasks import template

    data = Path(path).read_bytes()
    drafts = template.drafts_from_rows(template.read_file(Path(path).name, data), Path(path).name)
    rows = []
    for n, d in enumerate(drafts, 1):
        base = {"task_id": d.task_id or f"dòng {d.row or n}", "plan_id": d.plan_number, "province_code": province_code,
                "text": d.text, "lead_unit": d.lead_unit, "partner_units": "; ".join(d.partner_units),
                "due_date": d.due_date, "recurring": d.recurring, "status": d.status}
        for index_code, indicator_code in (d.links or ((None, None),)):
            rows.append({**base, "index_code": index_code, "indicator_code": indicator_code})
    return pd.DataFrame(rows, columns=TASK_COLUMNS)


def run(args) -> int:
    from chiso import deck, names, scores

    if not args.out.lower().endswith(".pptx"):
        raise ChisoError("--out phải là tệp .pptx (--out must be a .pptx file)")
    try:
        code = names.resolve_province(args.province)
    except names.UnknownProvince as exc:
        raise ChisoError(str(exc))
    known = {int(y) for y in scores.editions(db=args.db).year}
    if args.year not in known:
        raise ChisoError(f"chưa có kỳ công bố nào cho năm {args.year} (có: {min(known)}–{max(known)})")
    tasks = None
    if args.tasks:
        try:
            tasks = tasks_from_file(args.tasks, code)
        except FileNotFoundError:
            raise ChisoError(f"không thấy tệp {args.tasks} (file not found)")
    report = deck.build_deck(code, args.year, args.out, db=args.db, lang=args.lang, tasks=tasks)
    print(f"Đã ghi {report.path}: {report.slides} slide, {report.images} biểu đồ, {report.seconds:.1f} giây")
    return 0
