"""What reading a plan produces: its metadata and the tasks it proposes."""
from __future__ import annotations

import datetime as dt
from dataclasses import asdict, dataclass, field

from chiso.i18n import _, translate


@dataclass(frozen=True)
class Note:
    """A remark of the plan reader (a page read by OCR, a deadline assumed), kept as its English msgid
    and values so that each reader reads it in their own language: `str(note)` in the run's language
    (page, CLI), `note.vi` where it is stored with a task (the task's source, Vietnamese data)."""
    message: str
    params: tuple = ()

    @staticmethod
    def of(message: str, **params) -> "Note":
        return Note(message, tuple(sorted(params.items())))

    def __str__(self) -> str:
        return _(self.message, **dict(self.params))

    @property
    def vi(self) -> str:
        return translate(self.message, "vi", **dict(self.params))

    def to_dict(self) -> dict:
        return {"message": self.message, "params": dict(self.params)}

    @staticmethod
    def from_dict(d: dict) -> "Note":
        return Note.of(d["message"], **d["params"])


@dataclass
class Link:
    """A suggested link from a task to an index component, with the words that suggested it."""
    index_code: str
    indicator_code: str | None  # None = the whole index
    triggers: list[str] = field(default_factory=list)

    @property
    def code(self) -> str:
        return self.index_code if not self.indicator_code else f"{self.index_code}:{self.indicator_code}"


@dataclass
class ProposedTask:
    text: str
    lead_unit: str | None = None
    lead_inferred: bool = False  # True when no unit is named and the issuer is assumed
    partner_units: list[str] = field(default_factory=list)
    deadline: dt.date | None = None
    recurring: bool = False  # "Thường xuyên"
    reporting_period: str | None = None  # Hằng tháng / Hằng quý / 6 tháng / Hằng năm
    targets: list[str] = field(default_factory=list)
    links: list[Link] = field(default_factory=list)
    source: str = ""  # file name and page, or "Phụ lục"
    section: str = ""  # heading the task was found under
    deadline_inferred: bool = False  # the plan states no date: the deadline is the plan's period end
    review: list[Note] = field(default_factory=list)  # what a person should check on this row (OCR damage …)

    def to_dict(self) -> dict:
        d = asdict(self)
        d["deadline"] = self.deadline.isoformat() if self.deadline else None
        d["links"] = [{"code": l.code, **asdict(l)} for l in self.links]
        d["review"] = [n.to_dict() for n in self.review]
        return d


@dataclass
class ParsedPlan:
    filename: str
    issuer: str | None = None
    province_code: str | None = None  # whose body issued it, from its letterhead or place-date line
    number: str | None = None
    date: dt.date | None = None
    date_text: str | None = None  # as far as it could be read, e.g. "08/2021" when the day is illegible
    title: str | None = None
    period_end: dt.date | None = None  # the last day the plan covers ("năm 2023", "giai đoạn 2021-2025")
    indices: list[str] = field(default_factory=list)
    tasks: list[ProposedTask] = field(default_factory=list)
    warnings: list[Note] = field(default_factory=list)

    def to_dict(self) -> dict:
        return {
            "filename": self.filename, "issuer": self.issuer, "province_code": self.province_code, "number": self.number,
            "date": self.date.isoformat() if self.date else None, "date_text": self.date_text,
            "period_end": self.period_end.isoformat() if self.period_end else None,
            "title": self.title, "indices": list(self.indices),
            "tasks": [t.to_dict() for t in self.tasks], "warnings": [w.to_dict() for w in self.warnings],
        }
