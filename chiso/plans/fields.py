"""Deadline, recurrence, reporting period and numeric targets written in a task."""
from __future__ import annotations

import datetime as dt
import re

from chiso.plans.ocrtext import match_key

_DATE = re.compile(r"(\d{1,2})\s*[/.-]\s*(\d{1,2})\s*[/.-]\s*(\d{4})")
# A date is a deadline only after words that set one; "Quyết định ... ngày 06/4/2023" is a reference.
_DEADLINE_CUES = ("truoc", "han", "cham nhat", "hoan thanh", "xong", "den")


def _is_deadline_cue(last_words: list[str]) -> bool:
    from chiso.plans.ocrtext import edit_distance
    tail = " ".join(last_words)
    last = last_words[-1]
    return any(tail.endswith(c) for c in _DEADLINE_CUES) or edit_distance(last, "truoc") <= 1
_TARGET = re.compile(r"(\d{1,3}(?:[.,]\d+)?\s?%)([^;.\n]{0,90})")

PERIODS = (("Hằng tháng", ("hang thang",)), ("Hằng quý", ("hang quy", "moi quy", "thang quy", "dinh ky quy")),
           ("6 tháng", ("6 thang", "sau thang")), ("Hằng năm", ("hang nam", "moi nam")))


def parse_date_text(text: str) -> dt.date | None:
    m = _DATE.search(text)
    if not m:
        return None
    try:
        return dt.date(int(m.group(3)), int(m.group(2)), int(m.group(1)))
    except ValueError:
        return None


def deadline(text: str) -> dt.date | None:
    """The first date the text gives as a deadline ("trước 31/12/2021", "hoàn thành trước ngày ..."),
    else a quarter or month it sets ("trong Quý III/2024", "trước tháng 9/2024": their last day)."""
    found = _dated_deadline(text)
    if found is None:
        from chiso.tasks import deadlines
        phrase = deadlines.find(text)
        found = phrase.due if phrase else None
    return found


def _dated_deadline(text: str) -> dt.date | None:
    for m in _DATE.finditer(text):
        before = match_key(text[max(0, m.start() - 40):m.start()]).split()
        if before and before[-1] == "ngay":
            before = before[:-1]
        if before and _is_deadline_cue(before[-2:]):
            try:
                return dt.date(int(m.group(3)), int(m.group(2)), int(m.group(1)))
            except ValueError:
                continue
    return None


def recurring(text: str) -> bool:
    key = " " + match_key(text) + " "
    # "định kỳ (trước 31/12 hằng năm) báo cáo" is recurring work; "hằng năm" alone only qualifies a noun.
    return " thuong xuyen " in key or " dinh ky " in key


def reporting_period(text: str) -> str | None:
    """The most frequent reporting rhythm named ("định kỳ hằng tháng, quý ..." -> Hằng tháng: the first named)."""
    key = " " + match_key(text) + " "
    found = []
    for label, cues in PERIODS:
        for cue in cues:
            pos = key.find(f" {cue} ")
            if pos >= 0:
                found.append((pos, label))
                break
    if not found:
        return None
    return min(found)[1]


def targets(text: str) -> list[str]:
    """Numeric targets as written: '95% người dân, tổ chức ... hài lòng', '100% TTHC ... đúng hẹn'."""
    out = []
    for m in _TARGET.finditer(text):
        tail = m.group(2).strip()
        words = tail.split()
        if len(words) > 14:
            tail = " ".join(words[:14]) + " ..."
        out.append((m.group(1).replace(" ", "") + (" " + tail if tail else "")).strip())
    return out
