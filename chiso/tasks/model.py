"""What the task store holds and returns: status codes, tasks, plans, audit entries."""
from __future__ import annotations

import datetime as dt
from dataclasses import dataclass, field, fields

from chiso import catalog, clock, fmt
from chiso.clock import today_vn  # noqa: F401 (today_vn: part of chiso.tasks' API)
from chiso.errors import ChisoError, Said
from chiso.i18n import N_, _, ngettext, translate
from chiso.names import fold
from chiso.tasks.units import unit_of_body

NOT_STARTED, IN_PROGRESS, DONE, PAUSED = "not_started", "in_progress", "done", "paused"
STATUSES = (NOT_STARTED, IN_PROGRESS, DONE, PAUSED)
STATUS_LABELS = {NOT_STARTED: "Chưa thực hiện", IN_PROGRESS: "Đang thực hiện", DONE: "Hoàn thành", PAUSED: "Tạm dừng"}

# Reporting periods of recurring tasks, as the template writes them.
PERIOD_LABELS = {"monthly": "Hằng tháng", "quarterly": "Hằng quý", "half_yearly": "6 tháng", "yearly": "Hằng năm"}
RECURRING_LABEL = "Thường xuyên"
# Carried in a task's `source` when its deadline is the plan's period end, not a date the plan states.
INFERRED_SOURCE_MARK = "thời hạn theo kỳ kế hoạch"

# What a page, a report or the deck shows, in the user's language (chiso.i18n). The template and
# the store keep the Vietnamese labels above: they are the template's contract, not display text.
STATUS_MESSAGES = {NOT_STARTED: N_("Not started"), IN_PROGRESS: N_("In progress"), DONE: N_("Done"), PAUSED: N_("Paused")}
PERIOD_MESSAGES = {"monthly": N_("Monthly"), "quarterly": N_("Quarterly"), "half_yearly": N_("Half-yearly"),
                   "yearly": N_("Yearly")}


def status_label(status: str, lang: str = "vi") -> str:
    """A status code as shown in the chosen language ("Đang thực hiện" / "In progress")."""
    return translate(STATUS_MESSAGES[status], lang) if status in STATUS_MESSAGES else status


def read_status(text: str) -> str | None:
    """A status as a person writes it, in either language, with or without diacritics ("Đang thực
    hiện", "dang thuc hien", "In progress", "in_progress") -> its code; None for anything else. The
    template's Tình trạng column and `chiso tasks list --status` read it so."""
    key = fold(str(text).replace("_", " "))
    return next((code for code in STATUSES
                 if key in (fold(STATUS_LABELS[code]), fold(code.replace("_", " ")),
                            *(fold(status_label(code, lang)) for lang in ("vi", "en")))), None)


def period_label(period: str | None, lang: str = "vi") -> str:
    """A reporting period code as shown ("Hằng quý" / "Quarterly"); blank for none."""
    return translate(PERIOD_MESSAGES[period], lang) if period in PERIOD_MESSAGES else (period or "")

def past_due(due_date: dt.date | None, status: str, day: dt.date) -> bool:
    """THE overdue rule (Nhiệm vụ, the quarterly report, the deck, `chiso tasks`): a deadline before
    `day` and not done. A recurring task has no deadline (the store keeps none)."""
    return due_date is not None and status != DONE and due_date < day


def plan_number_text(number: str | None) -> str | None:
    """A plan's number as a reader expects it: a number left blank on the signed copy ("Số:   /KH-SCT",
    kept as "/KH-SCT") reads "…/KH-SCT", as such a number is written, not "Kế hoạch số /KH-SCT"."""
    if number and number.startswith("/"):
        return "…" + number
    return number


def status_text(status: str, overdue: bool, lang: str = "vi") -> str:
    """A status as a table cell states it, overdue marked ("Chưa thực hiện — QUÁ HẠN"): the same
    words on Điểm yếu, in the deck and in the quarterly report."""
    return status_label(status, lang) + (" — " + translate("OVERDUE", lang) if overdue else "")


def holding(name: str, tasks, today: dt.date | None = None, unit: str | None = None) -> str:
    """What one list of tasks holds, said after its name: "Bình Phước (18 nhiệm vụ, 4 quá hạn)",
    "Đồng Nai (0 nhiệm vụ)". Nhiệm vụ's choice of a department's provinces and `chiso tasks list`
    say it in these words: Đồng Nai's "0 tasks" hid the overdue tasks of Bình Phước's plans. With
    `unit`, `tasks` are those the unit leads, and the words say so."""
    tasks = list(tasks)
    n, overdue = len(tasks), sum(t.is_overdue(today) for t in tasks)
    if unit:
        if overdue:
            return ngettext("{name} ({n} task led by {unit}, {overdue} overdue)",
                            "{name} ({n} tasks led by {unit}, {overdue} overdue)", n, name=name, unit=unit,
                            overdue=overdue)
        return ngettext("{name} ({n} task led by {unit})", "{name} ({n} tasks led by {unit})", n, name=name, unit=unit)
    if overdue:
        return ngettext("{name} ({n} task, {overdue} overdue)", "{name} ({n} tasks, {overdue} overdue)", n,
                        name=name, overdue=overdue)
    return ngettext("{name} ({n} task)", "{name} ({n} tasks)", n, name=name)


def now_utc() -> dt.datetime:
    """Stored timestamps are naive UTC: both backends keep them the same way."""
    return dt.datetime.now(dt.timezone.utc).replace(tzinfo=None, microsecond=0)


def local_time(ts: dt.datetime | None, lang: str = "vi") -> str:
    """A stored UTC timestamp as Vietnamese officials read it (`chiso.clock.local_time`); a gap said."""
    if ts is None:
        return fmt.MISSING[lang]
    return clock.local_time(ts)


Link = tuple  # (index_code, indicator_code or None): None links the whole index


def improvement_text(index_code: str, kind: str | None, name_vi: str) -> str:
    """What a task assigned to a weak component first says, in Vietnamese whatever the page's language (the
    province's own record, read by UBND tỉnh in the quarterly report): the component as its publisher names
    its level, "Nâng cao điểm chỉ số nội dung thành phần “Chất lượng nước” của Chỉ số PAPI". The component's
    code is the task's link, not its words: "(PAPI: D7_WATER)" meant nothing to the report's readers."""
    level = catalog.kind_name(kind, "vi").split(" (")[0].lower() if isinstance(kind, str) and kind else "nội dung"
    return f"Nâng cao điểm {level} “{name_vi}” của Chỉ số {catalog.short_name(index_code)}"


def link_text(links) -> str:
    return "; ".join(i if not c else f"{i}:{c}" for i, c in links)


@dataclass(frozen=True)
class Task:
    task_id: str
    province_code: str
    text: str
    lead_unit: str
    partner_units: tuple[str, ...]
    due_date: dt.date | None
    recurring: bool
    reporting_period: str | None
    target: str | None
    status: str
    progress_note: str | None
    version: int
    updated_by: str | None
    updated_at: dt.datetime | None
    links: tuple[Link, ...] = ()
    plan_id: str | None = None
    plan_number: str | None = None
    plan_issuer: str | None = None
    plan_issued_date: dt.date | None = None
    source: str | None = None
    completed_at: dt.date | None = None

    @property
    def status_label(self) -> str:
        return STATUS_LABELS.get(self.status, self.status)

    def is_overdue(self, today: dt.date | None = None) -> bool:
        return past_due(self.due_date, self.status, today or today_vn())

    def is_due_this_month(self, today: dt.date | None = None) -> bool:
        today = today or today_vn()
        return (self.due_date is not None and self.status != DONE
                and (self.due_date.year, self.due_date.month) == (today.year, today.month))

    @property
    def deadline_inferred(self) -> bool:
        """The deadline is the plan's period end (the plan states no date): shown "theo kỳ kế hoạch"."""
        return INFERRED_SOURCE_MARK in (self.source or "")

    def deadline_text(self, lang: str = "vi") -> str:
        if self.recurring or self.due_date is None:
            return translate("Recurring", lang)
        mark = " " + translate("(plan period end)", lang) if self.deadline_inferred else ""
        return fmt.date(self.due_date, lang) + mark

    def snapshot(self) -> dict:
        """The task as JSON-ready data, for the audit log's before/after."""
        # Shallow: every field is immutable (str, int, date, tuples), so asdict's deep copy buys nothing.
        d = {f.name: getattr(self, f.name) for f in fields(self)}
        for k, v in d.items():
            if isinstance(v, dt.date):  # a datetime is a date too
                d[k] = v.isoformat()
        d["links"] = link_text(self.links)
        d["partner_units"] = "; ".join(self.partner_units)
        return d


@dataclass(frozen=True)
class TaskDraft:
    """One validated template row, ready to be written (row = the spreadsheet row it came from)."""
    text: str
    lead_unit: str
    due_date: dt.date | None
    recurring: bool
    task_id: str | None = None
    plan_number: str | None = None
    plan_issuer: str | None = None
    plan_issued_date: dt.date | None = None
    partner_units: tuple[str, ...] = ()
    reporting_period: str | None = None
    target: str | None = None
    links: tuple[Link, ...] = ()
    status: str = NOT_STARTED
    progress_note: str | None = None
    source: str | None = None
    row: int | None = None
    version: int | None = None  # the version an exported row was read at (None: a new or hand-made row)

    @property
    def deadline_inferred(self) -> bool:
        return INFERRED_SOURCE_MARK in (self.source or "")


@dataclass(frozen=True)
class Plan:
    plan_id: str
    province_code: str
    issuer: str | None
    number: str | None
    issued_date: dt.date | None
    indices: str | None
    source_document: str | None
    created_at: dt.datetime | None
    created_by: str | None


@dataclass(frozen=True)
class AuditEntry:
    id: int
    task_id: str
    province_code: str
    actor: str
    at: dt.datetime
    action: str
    before: dict | None
    after: dict | None

    # Fields that say nothing a reader needs (they change on every save).
    _BOOKKEEPING = ("version", "updated_at", "updated_by")

    def changes(self) -> dict[str, tuple]:
        """{field: (before, after)} for the fields this change touched (a created task: all set fields)."""
        before, after = self.before or {}, self.after or {}
        keys = [k for k in (after or before) if k not in self._BOOKKEEPING]
        return {k: (before.get(k), after.get(k)) for k in keys
                if before.get(k) != after.get(k) and (before.get(k) or after.get(k))}


@dataclass(frozen=True)
class UnitSummary:
    """One lead unit's deadlines falling in a quarter (recurring tasks are counted apart), and its
    tasks due before the quarter and not done: the quarterly report lists those too."""
    lead_unit: str
    due: int
    done: int
    done_on_time: int
    done_late: int
    overdue: int
    not_yet_due: int
    recurring: int
    earlier_not_done: int = 0


@dataclass(frozen=True)
class ImportResult:
    created: int
    updated: int
    plans_created: int
    task_ids: tuple[str, ...] = field(default=())
    already: int = 0  # rows with no id naming a task already saved (same plan, text, lead unit): not added again
    merged_offices: tuple = ()  # (office, its departments) named alike across departments' plans (imports.py)
    repeated: tuple[tuple[int, int], ...] = ()  # (row, the earlier row it repeats word for word): one task
    respelled: tuple[tuple[str, str], ...] = ()  # (unit as typed, as the province writes it): known_spelling

    def already_said(self) -> str:
        """What the page or the CLI adds after its count: rows of a list imported a second time, and
        offices of several departments that the list names alike."""
        said = "" if not self.already else " " + _("Already in the list, not added again: {n}.", n=self.already)
        if self.repeated:
            said += " " + ngettext("A row repeats an earlier row word for word, one task: {rows}.",
                                   "Rows repeat earlier rows word for word, one task each: {rows}.", len(self.repeated),
                                   rows=", ".join(_("row {row} (= row {first})", row=r, first=f) for r, f in self.repeated))
        if self.respelled:
            said += " " + _("Units written as the province already names them: {units}.",
                            units="; ".join(f"“{typed}” → “{known}”" for typed, known in self.respelled))
        for unit, issuers in self.merged_offices:
            said += " " + _("'{unit}' leads tasks of several departments' plans ({issuers}): one unit in the lists, "
                            "filters and unit accounts. Name each office with its department, e.g. '{example}'.",
                            unit=unit, issuers="; ".join(issuers), example=unit_of_body(unit, issuers[0]))
        return said


class StaleEdit(ChisoError):
    """A save made against a version someone else has already changed. Nothing was written."""

    def __init__(self, current: Task, expected_version: int):
        self.current, self.expected_version = current, expected_version
        # said in the language of the page that shows it (it was Vietnamese on an English page too)
        super().__init__(N_("Task {id} was updated by {who} at {when} (version {version}; you were editing version "
                            "{mine}). Your change was NOT saved: read the latest version, then update again."),
                         id=current.task_id, who=current.updated_by or Said(N_("someone else")),
                         when=local_time(current.updated_at), version=current.version, mine=expected_version)


class TaskNotFound(ChisoError):
    pass
