"""Deadlines as Vietnamese plans write them, read into a due date, a recurrence and a reporting period.

One reader for the task template's `Thời hạn` cell (`read`) and for a sentence of a plan (`find`):

| written                                   | due date            | recurring | period     |
|-------------------------------------------|---------------------|-----------|------------|
| `31/12/2024`, `Trước 31/12/2024`, `trước ngày 15/10/2024`, `chậm nhất ngày …` | that day | no | |
| `Quý III/2024`, `quý 3 năm 2024`          | last day of the quarter (30/09/2024) | no | |
| `tháng 9/2024`, `tháng 9 năm 2024`        | last day of the month (30/09/2024)   | no | |
| `năm 2024`                                | 31/12/2024          | no        |            |
| `Thường xuyên`, `Liên tục`                | —                   | yes       |            |
| `Hằng quý`, `Hằng tháng`, `6 tháng`, `Hằng năm` | —             | yes       | that rhythm |
| `31/12/2024 (theo kỳ kế hoạch)`           | that day, **inferred** from the plan's period (no date in the plan) | no | |

An inferred deadline is the end of the plan's period, given to a task whose plan states no date so
that the task can be followed; it stays marked "theo kỳ kế hoạch" wherever the deadline is shown
and an edit of the deadline replaces it.
"""
from __future__ import annotations

import datetime as dt
import re
from dataclasses import dataclass

from chiso.names import fold

INFERRED_MARK = "theo kỳ kế hoạch"
_ROMAN = {"i": 1, "ii": 2, "iii": 3, "iv": 4, "1": 1, "2": 2, "3": 3, "4": 4}
_RECURRING = {"thuong xuyen", "lien tuc", "thuong xuyen lien tuc"}
_PERIODS = {"hang thang": "monthly", "moi thang": "monthly", "hang quy": "quarterly", "moi quy": "quarterly",
            "dinh ky hang quy": "quarterly", "6 thang": "half_yearly", "hang 6 thang": "half_yearly",
            "sau thang": "half_yearly", "hang nam": "yearly", "moi nam": "yearly", "dinh ky hang nam": "yearly"}
# Matched on folded text (chiso.names.fold: punctuation is a space), so "31/12/2024" is "31 12 2024".
_DATE = r"(\d{1,2}) (\d{1,2}) (\d{4})"
_SEP = r" (?:nam )?"
_LEAD_WORDS = r"(?:(?:truoc|cham nhat|den|han|hoan thanh|xong)\s+)?(?:(?:truoc|cham nhat)\s+)?(?:ngay\s+)?"
_CELL_DATE = re.compile(rf"^{_LEAD_WORDS}{_DATE}$")
_CELL_ISO = re.compile(r"^(\d{4}) (\d{1,2}) (\d{1,2})$")
_QUARTER = re.compile(rf"\bquy (iv|iii|ii|i|[1-4]){_SEP}(\d{{4}})\b")
_MONTH = re.compile(rf"\bthang (\d{{1,2}}){_SEP}(\d{{4}})\b")
_YEAR = re.compile(r"\bnam\s+(\d{4})\b")
# In a sentence, a date is a deadline only after words that set one ("Quyết định … ngày 06/4/2023"
# is a reference, "trước ngày 15/10/2024" a deadline).
_SENTENCE_DATE = re.compile(rf"\b(?:truoc|cham nhat|han|hoan thanh|xong|den)\s+(?:truoc\s+)?(?:ngay\s+)?{_DATE}")
_SENTENCE_QUARTER = re.compile(r"\b(?:trong|truoc|hoan thanh|xong|han|den) (?:het )?"
                               rf"quy (iv|iii|ii|i|[1-4]){_SEP}(\d{{4}})\b")
_SENTENCE_MONTH = re.compile(r"\b(?:trong|truoc|hoan thanh|xong|han|den) (?:het )?"
                             rf"thang (\d{{1,2}}){_SEP}(\d{{4}})\b")


@dataclass(frozen=True)
class Deadline:
    due: dt.date | None
    recurring: bool = False
    period: str | None = None  # monthly | quarterly | half_yearly | yearly
    inferred: bool = False  # the plan's period end, not a date the plan states


def quarter_end(year: int, quarter: int) -> dt.date:
    return month_end(year, 3 * quarter)


def month_end(year: int, month: int) -> dt.date:
    first_next = dt.date(year + (month == 12), 1 if month == 12 else month + 1, 1)
    return first_next - dt.timedelta(days=1)


def _valid_year(year: int) -> int:
    if not 1990 <= year <= 2100:
        raise ValueError(f"năm ngoài khoảng hợp lệ '{year}'")
    return year


def _day(d: str, m: str, y: str) -> dt.date:
    return dt.date(_valid_year(int(y)), int(m), int(d))


def read(text: str) -> Deadline:
    """A whole `Thời hạn` cell (see module doc); ValueError if it is none of the forms."""
    raw = str(text or "").strip()
    inferred = fold(INFERRED_MARK) in fold(raw)
    key = re.sub(r"\s+", " ", fold(raw).replace(fold(INFERRED_MARK), " ")).strip()
    if key in _RECURRING:
        return Deadline(None, True)
    if key in _PERIODS:
        return Deadline(None, True, _PERIODS[key])
    for pattern, make in ((_CELL_DATE, lambda m: _day(*m.groups())),
                          (_CELL_ISO, lambda m: _day(m.group(3), m.group(2), m.group(1)))):
        m = pattern.match(key)
        if m:
            return Deadline(make(m), inferred=inferred)
    stripped = re.sub(r"^(?:truoc|cham nhat|trong|den het|het|hoan thanh trong)\s+", "", key)
    m = _QUARTER.fullmatch(stripped)
    if m:
        return Deadline(quarter_end(_valid_year(int(m.group(2))), _ROMAN[m.group(1)]), inferred=inferred)
    m = _MONTH.fullmatch(stripped)
    if m and 1 <= int(m.group(1)) <= 12:
        return Deadline(month_end(_valid_year(int(m.group(2))), int(m.group(1))), inferred=inferred)
    m = _YEAR.fullmatch(stripped)
    if m:
        return Deadline(dt.date(_valid_year(int(m.group(1))), 12, 31), inferred=inferred)
    raise ValueError(f"thời hạn không hợp lệ '{raw}'")


def find(text: str) -> Deadline | None:
    """The first deadline a plan sentence states: a date after a deadline word, "trong Quý III/2024",
    "trước tháng 9/2024"; else None (recurrence is read apart, by the plan's fields)."""
    key = fold(text)
    found = []
    for pattern, make in ((_SENTENCE_DATE, lambda m: _day(*m.groups())),
                          (_SENTENCE_QUARTER, lambda m: quarter_end(_valid_year(int(m.group(2))), _ROMAN[m.group(1)])),
                          (_SENTENCE_MONTH, lambda m: month_end(_valid_year(int(m.group(2))), int(m.group(1))))):
        for m in pattern.finditer(key):
            try:
                found.append((m.start(), make(m)))
            except ValueError:
                continue
    return Deadline(min(found)[1]) if found else None


def cell(due: dt.date | None, recurring: bool, inferred: bool = False) -> str:
    """The `Thời hạn` cell for a deadline (the inverse of `read`)."""
    if recurring or due is None:
        return "Thường xuyên"
    return due.strftime("%d/%m/%Y") + (f" ({INFERRED_MARK})" if inferred else "")
