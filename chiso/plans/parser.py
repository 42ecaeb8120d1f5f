"""parse_plan: one plan file in, its metadata and proposed tasks out."""
from __future__ import annotations

import re
from pathlib import Path

from chiso.i18n import N_
from chiso.names import fold
from chiso.plans import fields, metadata, structure, table
from chiso.plans import units as unit_names
from chiso.plans.extract import DEFAULT_BUDGET, Budget, read_document
from chiso.plans.model import Link, Note, ParsedPlan, ProposedTask
from chiso.plans.ocrtext import looks_damaged
from chiso.plans.vocabulary import find_links, merge_links, named_indices

_MD_NOISE = re.compile(r"^\s*(#{1,6}\s*|>\s*)")


def _clean(line: str) -> str:
    line = line.replace("\u00a0", " ").replace("\t", " ")
    line = _MD_NOISE.sub("", line)
    line = line.replace("\\*", "*").replace("**", "").replace("__", "")
    # Markdown emphasis "*PAR INDEX*" and stray asterisks around headings.
    line = re.sub(r"(?<!\w)\*([^*]+)\*(?!\w)", r"\1", line).strip("* ")
    return re.sub(r"\s+", " ", line).strip()


def _starts_distribution(line: str) -> bool:
    toks = fold(line).split()
    return len(toks) >= 2 and toks[0] == "noi" and toks[1].startswith("nh")


def _is_appendix_start(line: str) -> bool:
    """A "PHỤ LỤC" heading line (not a sentence mentioning "Phụ lục kèm theo")."""
    key = fold(line)
    return bool(re.fullmatch(r"phu luc( so)?( [0-9ivxl]{1,4})?", key)) or \
        (key.startswith("phu luc") and structure._mostly_upper(line) and len(key.split()) <= 8)


def split_body(lines: list[tuple[str, int]]):
    """(body lines, appendix lines): page mottos, the signature and the distribution list ("Nơi nhận") removed."""
    body, appendix = [], []
    state = "body"
    for text, page in lines:
        if metadata.is_motto(text):
            continue
        if state != "appendix" and _is_appendix_start(text) and (state == "skip" or len(body) > 5):
            state = "appendix"
            continue
        if state == "body" and _starts_distribution(text):
            state = "skip"
            continue
        if state == "skip":
            continue
        (body if state == "body" else appendix).append((text, page))
        # "./." closes the body of an administrative document: what follows is signature and distribution.
        if state == "body" and text.rstrip().endswith("./."):
            state = "skip"
    return body, appendix


def _split_table_region(lines: list[tuple[str, int]]):
    """Lines before a table header, and the table's lines (to the end or the next roman section)."""
    for i, (text, _) in enumerate(lines):
        if table.is_table_header(text):
            end = i + 1
            while end < len(lines) and structure.classify(lines[end][0])[0] != "roman":
                end += 1
            return lines[:i] + lines[end:], lines[i + 1:end]
    return lines, []


def parse_plan(path_or_bytes, filename: str | None = None, budget: Budget = DEFAULT_BUDGET) -> ParsedPlan:
    """Reading budgets: `chiso.plans.extract.Budget`; for an upload use `chiso.plans.worker.parse_bounded`."""
    if isinstance(path_or_bytes, (bytes, bytearray)):
        data = bytes(path_or_bytes)
        filename = filename or "kehoach.txt"
    else:
        path = Path(path_or_bytes)
        with path.open("rb") as fh:  # never more than the budget + 1 byte, whatever the file's size
            data = fh.read(budget.max_bytes + 1)
        filename = filename or path.name
    doc = read_document(data, filename, budget)
    lines = [(_clean(l.text), l.page) for l in doc.lines]
    texts = [t for t, _ in lines]
    plan = ParsedPlan(filename=filename, warnings=list(doc.warnings))
    plan.number = metadata.number(texts, plan.warnings)
    plan.date, plan.date_text = metadata.date(texts, plan.warnings)
    plan.title, body_start = metadata.title(texts)
    full = "\n".join(t for t in texts if not t.startswith("\x00"))
    plan.issuer = metadata.issuer(texts, full)
    plan.province_code = metadata.province(texts)
    plan.indices = named_indices(full)

    body, appendix = split_body(lines[body_start:])
    body, body_table = _split_table_region(body)
    pre_table, app_table = _split_table_region(appendix)
    if app_table:
        appendix = pre_table
    else:
        appendix = []  # an appendix without a task table is annex text, not tasks
    paras = structure.paragraphs([(t, p) if not t.startswith("\x00TABLE") else ("", p) for t, p in body + appendix])
    for tt in structure.task_texts(paras):
        plan.tasks.append(_task_from_text(tt, plan, filename))
    title_indices = named_indices(plan.title or "")
    for task in plan.tasks:
        _title_links(task, title_indices, plan.title)
    rows = table.rows_from_lines([t for t, _ in body_table]) + table.rows_from_lines([t for t, _ in app_table])
    for tbl in doc.tables:
        rows.extend(table.rows_from_table(tbl))
    for row in rows:
        task = _task_from_row(row, plan, filename)
        _title_links(task, title_indices, plan.title)
        plan.tasks.append(task)

    plan.period_end = metadata.period_end(plan.title, plan.date, plan.date_text)
    missing_deadline = [t for t in plan.tasks if not t.deadline and not t.recurring]
    for task in missing_deadline if plan.period_end else ():
        # The plan states no date: the task is due by the end of the plan's period, and says so.
        task.deadline, task.deadline_inferred = plan.period_end, True
    if missing_deadline and plan.period_end:
        plan.warnings.append(Note.of(N_("Tasks stating no deadline: {n}. Each is given the end of the plan's period, "
                                        "{date} (theo kỳ kế hoạch): check them"),
                                     n=len(missing_deadline), date=f"{plan.period_end:%d/%m/%Y}"))
    elif missing_deadline:
        plan.warnings.append(Note.of(N_("Tasks with no deadline in the text: {n}. Enter their deadline"),
                                     n=len(missing_deadline)))
    for task in plan.tasks:
        if looks_damaged(task.text):
            task.review.append(Note.of(N_("the text may be misread by OCR: compare it with the original")))
    inferred = sum(1 for t in plan.tasks if t.lead_inferred)
    if inferred:
        plan.warnings.append(Note.of(N_("Tasks naming no lead unit: {n}. The issuer is assumed: check them"),
                                     n=inferred))
    if not plan.tasks:
        plan.warnings.append(Note.of(N_("No task was found in the text")))
    return plan


def _task_from_text(tt: structure.TaskText, plan: ParsedPlan, filename: str) -> ProposedTask:
    lead = tt.lead_from_heading or unit_names.lead_in_text(tt.text)
    text = structure.strip_unit_prefix(tt.text)
    task = ProposedTask(text=text, lead_unit=lead or plan.issuer, lead_inferred=lead is None,
                        source=f"{filename}, trang {tt.page}", section=tt.group or tt.section)
    task.partner_units = unit_names.partners_in_text(text, task.lead_unit)
    _fill_time_and_links(task, text, None, [], None)
    return task


def _task_from_row(row: table.Row, plan: ParsedPlan, filename: str) -> ProposedTask:
    lead = row.lead or unit_names.lead_in_text(row.text)
    task = ProposedTask(text=row.text, lead_unit=lead or plan.issuer, lead_inferred=lead is None,
                        partner_units=list(row.partners) or unit_names.partners_in_text(row.text, lead),
                        source=f"{filename}, Phụ lục", section=row.group or "")
    _fill_time_and_links(task, row.text, row.time, row.group_indices, row.group)
    return task


def _fill_time_and_links(task: ProposedTask, text: str, time_text, group_indices, group) -> None:
    if time_text:
        task.deadline, task.recurring = table.time_fields(time_text)
    if not task.deadline and not task.recurring:
        task.deadline = fields.deadline(text)
        task.recurring = task.deadline is None and fields.recurring(text)
    task.reporting_period = fields.reporting_period(text) if task.recurring else None
    task.targets = fields.targets(text)
    links = find_links(text)
    short = (group or "")[:60]
    links += [Link(code, None, [f"nhóm: {short}"]) for code in group_indices]
    task.links = merge_links(links)


def _title_links(task: ProposedTask, title_indices: list[str], title: str | None) -> None:
    """A task that names no component still serves the plan: link it to the indices the title names."""
    if not task.links and title_indices:
        short = (title or "")[:60]
        task.links = merge_links([Link(code, None, [f"tiêu đề kế hoạch: {short}"]) for code in title_indices])
