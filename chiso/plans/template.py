"""A plan's proposed tasks as task drafts, and as rows of the task template.

`chiso.tasks.template` owns the template (headers, cells, reading and writing); this module only
turns what the plan reader found into `TaskDraft`s. The store accepts only full dates and catalog
indices, so a partial plan date ("08/2021") and links to indices outside the catalog go to
`Nguồn`; so do the deadline's "theo kỳ kế hoạch" mark and what a person should check on the row.
"""
from __future__ import annotations

import csv
from pathlib import Path

from chiso import catalog
from chiso.cells import neutralise, unneutralise
from chiso.errors import ChisoError
from chiso.i18n import N_
from chiso.plans.model import ParsedPlan
from chiso.tasks import template as task_template
from chiso.tasks.model import PERIOD_LABELS, TaskDraft
from chiso.tasks.units import unit_of_body
from chiso.tasks.template import HEADERS  # noqa: F401 (the plan page lays its grid out by them)

REVIEW_MARK = "cần kiểm tra"
_PERIOD_CODES = {label: code for code, label in PERIOD_LABELS.items()}


def drafts(parsed: ParsedPlan) -> list[TaskDraft]:
    known = set(catalog.indices())
    out = []
    for t in parsed.tasks:
        source = t.source
        if not parsed.date and parsed.date_text:
            source += f"; ngày ban hành ghi: {parsed.date_text}"
        outside = [l.code for l in t.links if l.index_code not in known]
        if outside:
            source += f"; chỉ số ngoài danh mục: {', '.join(outside)}"
        for note in t.review:  # stored with the task: in Vietnamese, as the rest of its source
            source += f"; {REVIEW_MARK}: {note.vi}"
        out.append(TaskDraft(
            text=t.text, lead_unit=unit_of_body(t.lead_unit, parsed.issuer), due_date=t.deadline,
            recurring=t.recurring, plan_number=parsed.number, plan_issuer=parsed.issuer, plan_issued_date=parsed.date,
            partner_units=tuple(unit_of_body(u, parsed.issuer) for u in t.partner_units), reporting_period=_PERIOD_CODES.get(t.reporting_period or ""),
            target="; ".join(t.targets) or None,
            links=tuple((l.index_code, l.indicator_code) for l in t.links if l.index_code in known),
            source=task_template.with_inferred_mark(source, t.deadline_inferred)))
    return out


def tasks_to_rows(parsed: ParsedPlan) -> list[dict]:
    """Template rows, every cell as text (what the review grid edits and `tasks import` reads)."""
    return [task_template.text_row(task_template.task_row(d)) for d in drafts(parsed)]


def xlsx_bytes(rows: list[dict]) -> bytes:
    return task_template.rows_xlsx(rows)


def write_csv(rows: list[dict], path) -> None:
    # utf-8-sig so that Excel opens the Vietnamese text correctly; formula-like text neutralised.
    with open(path, "w", encoding="utf-8-sig", newline="") as fh:
        w = csv.DictWriter(fh, fieldnames=HEADERS)
        w.writeheader()
        w.writerows({h: neutralise(r.get(h, "")) for h in HEADERS} for r in rows)


def write(rows: list[dict], path) -> None:
    suffix = Path(path).suffix.lower()
    if suffix == ".csv":
        write_csv(rows, path)
    elif suffix == ".xlsx":
        Path(path).write_bytes(xlsx_bytes(rows))
    else:
        raise ChisoError(N_("--out must be a .csv or .xlsx file: {path}"), path=path)


def read_rows(path) -> list[dict]:
    """Rows of a template file (CSV or XLSX) as strings, to check a written file."""
    path = Path(path)
    if path.suffix.lower() == ".csv":
        with open(path, encoding="utf-8-sig", newline="") as fh:
            return [{h: unneutralise(v) for h, v in r.items()} for r in csv.DictReader(fh)]
    return [task_template.text_row({h: v for h, v in r.items() if not h.startswith("_")})
            for r in task_template.read_file(path.name, path.read_bytes())]
