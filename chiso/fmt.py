"""Numbers and dates as Vietnamese officials write them: `85,95`, `1.234,5`, dd/mm/yyyy.

English uses `85.95` and the same dd/mm/yyyy (the users' own convention).
A missing value is never shown as blank or zero: it is "chưa có số liệu".
"""
from __future__ import annotations

import datetime as dt
import math

MISSING = {"vi": "chưa có số liệu", "en": "no data yet"}


def is_missing(value) -> bool:
    if value is None:
        return True
    try:
        return isinstance(value, float) and math.isnan(value) or (hasattr(value, "__class__") and str(value) in ("<NA>", "NaT"))
    except TypeError:
        return False


def number(value, decimals: int = 2, lang: str = "vi") -> str:
    if is_missing(value):
        return MISSING[lang]
    text = f"{float(value):,.{decimals}f}"
    if lang == "vi":
        text = text.replace(",", "\x00").replace(".", ",").replace("\x00", ".")
    return text


def signed(value, decimals: int = 2, lang: str = "vi") -> str:
    if is_missing(value):
        return MISSING[lang]
    sign = "+" if float(value) > 0 else ("−" if float(value) < 0 else "±")
    return sign + number(abs(float(value)), decimals, lang)


def rank(rank_value, ranked_count, lang: str = "vi") -> str:
    """'8/61'; a rank without a count keeps its denominator unknown rather than invented."""
    if is_missing(rank_value):
        return MISSING[lang]
    if is_missing(ranked_count):
        return f"{int(rank_value)}"
    return f"{int(rank_value)}/{int(ranked_count)}"


def date(value, lang: str = "vi") -> str:
    if is_missing(value) or value == "":
        return MISSING[lang]
    if isinstance(value, str):
        value = dt.date.fromisoformat(value[:10])
    return value.strftime("%d/%m/%Y")


def parse_date(text: str) -> dt.date:
    """dd/mm/yyyy (also d/m/yyyy, dd-mm-yyyy, dd.mm.yyyy) or ISO yyyy-mm-dd."""
    text = str(text).strip()
    for sep in ("/", "-", "."):
        parts = text.split(sep)
        if len(parts) == 3 and all(p.strip().isdigit() for p in parts):
            a, b, c = (int(p) for p in parts)
            if len(parts[0].strip()) == 4:
                return dt.date(a, b, c)
            return dt.date(c, b, a)
    raise ValueError(f"ngày không hợp lệ '{text}' (dd/mm/yyyy)")
