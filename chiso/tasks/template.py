"""The task template (docs/ARCHITECTURE.md): Vietnamese headers, one row per task.

`drafts_from_rows` checks every row and either returns them all as TaskDrafts
or raises `TemplateRejected` listing every fault (file, row as the spreadsheet
shows it, column, value): a file with one bad row imports nothing.
`task_row` writes a stored task back as a template row, so an export re-imports.
"""
from __future__ import annotations

import datetime as dt
import re
from pathlib import Path

from chiso import catalog, fmt
from chiso.clock import today_vn
from chiso.errors import InputError
from chiso.i18n import N_, _, ngettext
from chiso.names import fold
from chiso.results import codes as scorecard
from chiso.tasks import deadlines, uploads
from chiso.tasks.model import (INFERRED_SOURCE_MARK, NOT_STARTED, PERIOD_LABELS, RECURRING_LABEL, STATUS_LABELS,
                               Task, TaskDraft, link_text, read_status)

TASK_ID = "Mã nhiệm vụ"
PLAN_NUMBER = "Số kế hoạch"
ISSUER = "Cơ quan ban hành"
ISSUED_DATE = "Ngày ban hành"
TEXT = "Nội dung nhiệm vụ"
LEAD_UNIT = "Đơn vị chủ trì"
PARTNERS = "Đơn vị phối hợp"
DEADLINE = "Thời hạn"
PERIOD = "Kỳ báo cáo"
TARGET = "Chỉ tiêu"
LINKS = "Liên kết chỉ số"
STATUS = "Trạng thái"
NOTE = "Ghi chú tiến độ"
SOURCE = "Nguồn"
# The version an exported row was read at: re-importing it over a newer save is refused (store).
VERSION = "Phiên bản"

HEADERS = [TASK_ID, PLAN_NUMBER, ISSUER, ISSUED_DATE, TEXT, LEAD_UNIT, PARTNERS, DEADLINE, PERIOD,
           TARGET, LINKS, STATUS, NOTE, SOURCE, VERSION]
REQUIRED = (TEXT, LEAD_UNIT, DEADLINE)
# Columns people add for their own reading; ignored rather than refused.
IGNORED = {"stt", "tt", "so tt"}
_BY_KEY = {fold(h): h for h in HEADERS}
_PERIOD_BY_KEY = {**{fold(v): k for k, v in PERIOD_LABELS.items()},
                  "hang thang": "monthly", "thang": "monthly", "quy": "quarterly", "hang quy": "quarterly",
                  "6 thang": "half_yearly", "sau thang": "half_yearly", "nam": "yearly", "hang nam": "yearly"}
_LOOKS_LIKE_DATE = re.compile(r"^\s*(tr[uư][oớ]c\s+)?\d{1,4}[/.-]\d{1,2}[/.-]\d{1,4}\s*$", re.I)
MAX_ID, MAX_UNIT, MAX_TEXT = 40, 200, 4000


class TemplateRejected(InputError):
    """Every fault found in a template file; nothing was imported."""

    def __init__(self, file: str, errors: list[InputError]):
        self.errors = errors
        super().__init__("", file=file)

    def __str__(self) -> str:
        # said when shown, in the reader's language (each fault too)
        lines = "\n".join(f"- {e}" for e in self.errors[:50])
        if len(self.errors) > 50:
            lines += "\n- " + ngettext("... and {n} more fault", "... and {n} more faults", len(self.errors) - 50)
        said = ngettext("{n} fault, no task imported; fix it and import the whole file again:\n{lines}",
                        "{n} faults, no task imported; fix them and import the whole file again:\n{lines}",
                        len(self.errors), lines=lines)
        where = self.where()
        return f"{where}: {said}" if where else said


def rows_from_grid(file: str, grid: list[tuple[int, list]]) -> list[dict]:
    """Template rows (header -> value, plus `_row`) from a sheet; the header row may follow title rows."""
    header_at = next((i for i, (_, cells) in enumerate(grid[:10])
                      if any(fold(c) == fold(TEXT) for c in cells if isinstance(c, str))), None)
    if header_at is None:
        raise TemplateRejected(file, [InputError(N_("no header row with the column '{column_name}' (use the task template)"),
                                                 file=file, row=grid[0][0] if grid else 1, column_name=TEXT)])
    header_row, header_cells = grid[header_at]
    columns, errors = [], []
    for c, raw in enumerate(header_cells):
        name = str(raw).strip() if raw is not None else ""
        key = fold(name)
        if not key or key in IGNORED:
            columns.append(None)
        elif key in _BY_KEY:
            columns.append(_BY_KEY[key])
        else:
            columns.append(None)
            errors.append(InputError(N_("a column the template does not have (its columns: {columns})"),
                                     file=file, row=header_row, column=name, columns=", ".join(HEADERS)))
    for h in REQUIRED:
        if h not in columns:
            errors.append(InputError(N_("required column missing"), file=file, row=header_row, column=h))
    if errors:
        raise TemplateRejected(file, errors)
    rows = []
    for n, cells in grid[header_at + 1:]:
        row = {"_row": n}
        for c, value in enumerate(cells):
            col = columns[c] if c < len(columns) else "__extra__"
            if col == "__extra__":
                if value not in (None, ""):
                    row.setdefault("__extra__", []).append(value)
            elif col is not None:
                row[col] = value
        rows.append(row)
    return rows


def read_file(filename: str, data: bytes) -> list[dict]:
    """Template rows from an uploaded .csv/.xlsx (size, type and formula safety in `uploads`)."""
    return rows_from_grid(Path(filename).name, uploads.read_grid(filename, data))


def _text(value) -> str:
    if value is None:
        return ""
    if isinstance(value, float) and value.is_integer():
        value = int(value)
    return str(value).strip()


def read_deadline(value) -> deadlines.Deadline:
    """A `Thời hạn` cell: an Excel date, or any form `chiso.tasks.deadlines` reads (`dd/mm/yyyy`,
    `Trước 31/12/2021`, `Quý III/2024`, `tháng 9/2024`, `Thường xuyên`, `Hằng quý`, and a date
    marked `(theo kỳ kế hoạch)`)."""
    if isinstance(value, (dt.date, dt.datetime)):
        return deadlines.Deadline(_parse_date(value))
    return deadlines.read(_text(value))


def parse_deadline(value) -> tuple[dt.date | None, bool]:
    """(due date, recurring) of a `Thời hạn` cell (see `read_deadline`)."""
    d = read_deadline(value)
    return d.due, d.recurring


def with_inferred_mark(source: str | None, inferred: bool) -> str | None:
    """The task's `Nguồn` carrying (or no longer carrying) the mark of a deadline inferred from the
    plan's period: the store keeps it there, so it survives export and import and shows wherever
    the deadline does."""
    parts = [p.strip() for p in (source or "").split(";") if p.strip() and p.strip() != INFERRED_SOURCE_MARK]
    if inferred:
        parts.append(INFERRED_SOURCE_MARK)
    return "; ".join(parts) or None


def _parse_date(value) -> dt.date:
    if isinstance(value, dt.datetime):
        return value.date()
    if isinstance(value, dt.date):
        return value
    d = fmt.parse_date(_text(value))
    if not 1990 <= d.year <= 2100:
        raise ValueError(f"year out of range: {value!r}")
    return d


def parse_links(text: str) -> tuple[list[tuple[str, str | None]], list[str]]:
    """Links from `PAPI:D2_POVERTY; SIPAS`; returns (links, problems)."""
    links, problems = [], []
    known = catalog.indices()
    for part in re.split(r"[;,\n]", text or ""):
        part = part.strip()
        if not part:
            continue
        index_raw, _colon, indicator_raw = part.partition(":")
        index = re.sub(r"[\s-]+", "_", index_raw.strip().upper())
        indicator = indicator_raw.strip().upper() or None
        if index not in known:
            problems.append(_("index '{index}' is not in the catalog ({known}): drop this link or add the index to "
                              "data/catalog/indices.csv", index=index_raw.strip(), known=", ".join(known)))
            continue
        if indicator is not None and indicator not in catalog.indicator_codes(index) \
                and not scorecard.is_item_code(index, indicator):  # a criterion of a province's scorecard
            problems.append(_("component '{component}' is not in index {index}", component=indicator_raw.strip(),
                              index=index))
            continue
        if (index, indicator) not in links:
            links.append((index, indicator))
    return links, problems


def drafts_from_rows(rows: list[dict], file: str | None = None) -> list[TaskDraft]:
    """Validate every row; all good -> drafts, any fault -> TemplateRejected naming each one."""
    file = file or _("task list")
    errors: list[InputError] = []
    drafts: list[TaskDraft] = []
    seen_ids: dict[str, int] = {}
    for i, raw in enumerate(rows):
        row_no = raw.get("_row", i + 2)  # row 1 is the header, as in a spreadsheet
        # A row from the plan parser may use folded or partly-diacritic headers: normalise once.
        row = {(_BY_KEY.get(fold(k), k) if isinstance(k, str) and not k.startswith("_") else k): v
               for k, v in raw.items()}
        if not any(_text(row.get(h)) for h in HEADERS):
            continue

        def fault(column, message, value=None, **params):
            errors.append(InputError(message, file=file, row=row_no, column=column,
                                     value=None if value is None else _text(value), **params))

        unknown = [k for k in row if isinstance(k, str) and not k.startswith("_") and k not in HEADERS]
        for k in unknown:
            fault(k, N_("a column the template does not have"))
        if row.get("__extra__"):
            fault(None, N_("the row has more cells than the header has columns (text in the wrong place, or a "
                           "missing quote mark?)"),
                  "; ".join(_text(v) for v in row["__extra__"]))

        for h in REQUIRED:
            if not _text(row.get(h)):
                fault(h, N_("required value missing"))

        task_id = _text(row.get(TASK_ID)) or None
        if task_id:
            if len(task_id) > MAX_ID or not re.fullmatch(r"[\w./-]+", task_id):
                fault(TASK_ID, N_("invalid task id (letters, digits, . / - _; at most {limit} characters)"), task_id,
                      limit=MAX_ID)
            elif task_id in seen_ids:
                fault(TASK_ID, N_("the same task id as row {other}"), task_id, other=seen_ids[task_id])
            else:
                seen_ids[task_id] = row_no

        text = _text(row.get(TEXT))
        if text and (_LOOKS_LIKE_DATE.match(text) or re.fullmatch(r"[\d.,%\s]+", text)
                     or read_status(text) is not None or fold(text) == "thuong xuyen"):
            fault(TEXT, N_("the task text looks like a date, a number or a status: are the columns shifted?"), text)
        elif len(text) > MAX_TEXT:
            fault(TEXT, N_("text too long (at most {limit} characters)"), limit=MAX_TEXT)

        lead = _text(row.get(LEAD_UNIT))
        if lead and (len(lead) > MAX_UNIT or _LOOKS_LIKE_DATE.match(lead) or read_status(lead) is not None):
            fault(LEAD_UNIT, N_("invalid lead unit (too long, or a date or a status): are the columns shifted?"),
                  lead[:80])
        partners = tuple(p.strip() for p in re.split(r"[;\n]", _text(row.get(PARTNERS))) if p.strip())
        if any(len(p) > MAX_UNIT for p in partners):
            fault(PARTNERS, N_("a partner unit's name is too long: separate units with ';'"))

        deadline = deadlines.Deadline(None)
        if _text(row.get(DEADLINE)) or isinstance(row.get(DEADLINE), dt.date):
            try:
                deadline = read_deadline(row.get(DEADLINE))
            except ValueError:
                fault(DEADLINE, N_("invalid deadline (dd/mm/yyyy, 'Quý III/2024', 'tháng 9/2024' or '{recurring}')"),
                      row.get(DEADLINE), recurring=RECURRING_LABEL)
        due, recurring = deadline.due, deadline.recurring

        period = deadline.period  # "Hằng quý" in Thời hạn is also the reporting period, unless one is given
        if _text(row.get(PERIOD)):
            period = _PERIOD_BY_KEY.get(fold(_text(row.get(PERIOD))))
            if period is None:
                fault(PERIOD, N_("invalid reporting period (one of: {choices})"), row.get(PERIOD),
                      choices=", ".join(PERIOD_LABELS.values()))

        status = NOT_STARTED
        if _text(row.get(STATUS)):
            status = read_status(_text(row.get(STATUS)))
            if status is None:
                fault(STATUS, N_("invalid status (one of: {choices})"), row.get(STATUS),
                      choices=", ".join(STATUS_LABELS.values()))

        links, problems = parse_links(_text(row.get(LINKS)))
        for p in problems:
            fault(LINKS, p)

        version = None
        if _text(row.get(VERSION)):
            try:
                version = int(_text(row.get(VERSION)))
                if version < 1 or not task_id:
                    raise ValueError
            except ValueError:
                fault(VERSION, _("the version must be a whole number above 0, next to a task id (as exported)"),
                      row.get(VERSION))

        issued = None
        if _text(row.get(ISSUED_DATE)) or isinstance(row.get(ISSUED_DATE), dt.date):
            try:
                issued = _parse_date(row.get(ISSUED_DATE))
            except ValueError:
                fault(ISSUED_DATE, N_("the issue date needs a day, a month and a year (dd/mm/yyyy); if the plan "
                                      "gives none, leave it empty and say so in the column Nguồn"), row.get(ISSUED_DATE))
            else:
                if issued > today_vn():  # a plan is issued before its tasks are entered: 2030 typed for 2023
                    fault(ISSUED_DATE, N_("the issue date is after today: a plan is issued before its tasks are "
                                          "entered"), row.get(ISSUED_DATE))
                    issued = None

        drafts.append(TaskDraft(
            text=text, lead_unit=lead, due_date=due, recurring=recurring, task_id=task_id,
            plan_number=_text(row.get(PLAN_NUMBER)) or None, plan_issuer=_text(row.get(ISSUER)) or None,
            plan_issued_date=issued, partner_units=partners, reporting_period=period,
            target=_text(row.get(TARGET)) or None, links=tuple(links), status=status or NOT_STARTED,
            progress_note=_text(row.get(NOTE)) or None,
            source=with_inferred_mark(_text(row.get(SOURCE)), deadline.inferred), row=row_no, version=version))
    if errors:
        raise TemplateRejected(file, errors)
    if not drafts:
        raise TemplateRejected(file, [InputError(N_("the file has no task row"), file=file)])
    return drafts


def task_row(task: Task | TaskDraft) -> dict:
    """A stored task (or a draft, e.g. one a plan proposes) as a template row (dates as date
    objects; the writer formats them)."""
    return {
        TASK_ID: task.task_id or "",
        PLAN_NUMBER: task.plan_number or "",
        ISSUER: task.plan_issuer or "",
        ISSUED_DATE: task.plan_issued_date,
        TEXT: task.text,
        LEAD_UNIT: task.lead_unit,
        PARTNERS: "; ".join(task.partner_units),
        DEADLINE: (RECURRING_LABEL if task.recurring or task.due_date is None else
                   deadlines.cell(task.due_date, False, True) if task.deadline_inferred else task.due_date),
        PERIOD: PERIOD_LABELS.get(task.reporting_period or "", ""),
        TARGET: task.target or "",
        LINKS: link_text(task.links),
        STATUS: STATUS_LABELS[task.status],
        NOTE: task.progress_note or "",
        SOURCE: task.source or "",
        VERSION: task.version,
    }


def text_row(row: dict) -> dict:
    """A template row with every cell as the text a person types (dates dd/mm/yyyy): what a review
    grid edits and what `drafts_from_rows` reads back."""
    return {h: (v.strftime("%d/%m/%Y") if isinstance(v, (dt.date, dt.datetime)) else ("" if v is None else str(v)))
            for h, v in row.items()}


def rows_xlsx(rows: list[dict]) -> bytes:
    """Template rows (dicts by header) as an .xlsx in the template."""
    return uploads.write_xlsx(HEADERS, [[r.get(h, "") for h in HEADERS] for r in rows])


def write_xlsx(tasks: list[Task]) -> bytes:
    return uploads.write_xlsx(HEADERS, [[task_row(t)[h] for h in HEADERS] for t in tasks])
