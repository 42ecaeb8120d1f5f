"""What reading a plan produces: its metadata and the tasks it proposes."""
from __future__ import annotations

import datetime as dt
from dataclasses import asdict, dataclass, field


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
    review: list[str] = field(default_factory=list)  # what a person should check on this row (OCR damage …)

    def to_dict(self) -> dict:
        d = asdict(self)
        d["deadline"] = self.deadline.isoformat() if self.deadline else None
        d["links"] = [{"code": l.code, **asdict(l)} for l in self.links]
        return d


@dataclass
class ParsedPlan:
    filename: str
    issuer: str | None = None
    number: str | None = None
    date: dt.date | None = None
    date_text: str | None = None  # as far as it could be read, e.g. "08/2021" when the day is illegible
    title: str | None = None
    period_end: dt.date | None = None  # the last day the plan covers ("năm 2023", "giai đoạn 2021-2025")
    indices: list[str] = field(default_factory=list)
    tasks: list[ProposedTask] = field(default_factory=list)
    warnings: list[str] = field(default_factory=list)

    def to_dict(self) -> dict:
        return {
            "filename": self.filename, "issuer": self.issuer, "number": self.number,
            "date": self.date.isoformat() if self.date else None, "date_text": self.date_text,
            "period_end": self.period_end.isoformat() if self.period_end else None,
            "title": self.title, "indices": list(self.indices),
            "tasks": [t.to_dict() for t in self.tasks], "warnings": list(self.warnings),
        }
