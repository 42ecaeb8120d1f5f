"""Numbers and dates as Vietnamese officials write them: `85,95`, `1.234,5`, dd/mm/yyyy.

Numbers go through Babel's locale data (`vi`: decimal comma, dot for thousands; `en`: the
reverse), so no separator is swapped by hand. Dates are dd/mm/yyyy in both languages, the users'
own convention (an English reader of these documents still meets 26/11/2026). A missing value is
never blank or zero: it is "chưa có số liệu" in the user's language ("no data yet").
`lang` defaults to the run's language (chiso.i18n).
"""
from __future__ import annotations

import datetime as dt
import math
import os
import re

from babel.dates import format_date
from babel.numbers import format_decimal

from chiso import i18n

DATE_PATTERN = "dd/MM/yyyy"


class _Phrase(dict):
    """One phrase from the message catalogs in any language: `fmt.MISSING[lang]`."""

    def __init__(self, msgid: str):
        super().__init__()
        self.msgid = msgid

    def __missing__(self, lang: str) -> str:
        return i18n.translate(self.msgid, lang if lang in i18n.LANGS else i18n.DEFAULT_LANG)

    def get(self, lang, default=None):  # noqa: D401 - dict API
        return self[lang]


# "chưa có số liệu" / "no data yet": a value that exists in the world and is not in the data.
MISSING = _Phrase(i18n.N_("no data yet"))
# "không xếp hạng" / "not ranked": a score its edition ranks no province on.
NOT_RANKED = _Phrase(i18n.N_("not ranked"))
# "không áp dụng" / "not applicable": a comparison with other provinces where no other province has
# the row (a criterion of the province's own scorecard): nothing is missing, there is nothing to compare.
NOT_APPLICABLE = _Phrase(i18n.N_("not applicable"))


def _lang(lang: str | None) -> str:
    return lang if lang in i18n.LANGS else i18n.language()


def is_missing(value) -> bool:
    if value is None:
        return True
    try:
        return isinstance(value, float) and math.isnan(value) or (hasattr(value, "__class__") and str(value) in ("<NA>", "NaT"))
    except TypeError:
        return False


def number(value, decimals: int = 2, lang: str | None = None) -> str:
    lang = _lang(lang)
    if is_missing(value):
        return MISSING[lang]
    pattern = "#,##0" + ("." + "0" * decimals if decimals > 0 else "")
    return format_decimal(float(value), format=pattern, locale=lang, decimal_quantization=True)


def signed(value, decimals: int = 2, lang: str | None = None) -> str:
    lang = _lang(lang)
    if is_missing(value):
        return MISSING[lang]
    sign = "+" if float(value) > 0 else ("−" if float(value) < 0 else "±")
    return sign + number(abs(float(value)), decimals, lang)


# A missing change against the year before, said for what it is (`chiso.scores.change_gap`).
CHANGE_GAPS = {"no_edition": i18n.N_("no {year} edition"),
               "new_list": i18n.N_("new province list"),
               "method_changed": i18n.N_("method changed in {year}"),
               "no_figure": i18n.N_("no {year} figure")}


def change_gap(reason: str | None, year: int, lang: str | None = None) -> str:
    """The words for a missing change in `year`'s edition: a change across PAPI's 2018 method change
    is not "no data yet", it cannot exist. `reason` None: the province had no figure the year before."""
    reason = reason or "no_figure"
    shown = int(year) if reason == "method_changed" else int(year) - 1
    return i18n.translate(CHANGE_GAPS[reason], _lang(lang), year=shown)


def rank(rank_value, ranked_count, lang: str | None = None, *, not_ranked=False) -> str:
    """'8/61'; a rank without a count keeps its denominator unknown rather than invented.
    No rank reads "chưa có số liệu" (a gap), or "không xếp hạng" when `not_ranked` says the score
    exists and its edition ranks no province on it (`scores.not_ranked`: a scorecard's criterion)."""
    if is_missing(rank_value):
        return (NOT_RANKED if _flag(not_ranked) else MISSING)[_lang(lang)]
    if is_missing(ranked_count):
        return f"{int(rank_value)}"
    return f"{int(rank_value)}/{int(ranked_count)}"


def _flag(value) -> bool:
    """A `not_ranked` cell: missing (NaN, NA, None) reads as false."""
    return not is_missing(value) and bool(value)


def amount(value, unit_vi: str, lang: str | None = None) -> str:
    """A score as a sentence says it, in its index's unit: "44,31 điểm" (PAPI), "88,97%" (SIPAS)."""
    lang = _lang(lang)
    if is_missing(value):
        return MISSING[lang]
    shown = number(value, 2, lang)
    return f"{shown}%" if str(unit_vi or "").startswith("%") else i18n.translate("{value} points", lang, value=shown)


def ranked(rank_value, ranked_count, lang: str | None = None, *, not_ranked=False) -> str:
    """The rank as a phrase of a sentence: "xếp thứ 8/61", "không xếp hạng", or "thứ hạng: chưa có số
    liệu" (never "xếp thứ chưa có số liệu")."""
    lang = _lang(lang)
    if not is_missing(rank_value):
        return i18n.translate("ranked {rank}", lang, rank=rank(rank_value, ranked_count, lang))
    if _flag(not_ranked):
        return NOT_RANKED[lang]
    return i18n.translate("rank: {missing}", lang, missing=MISSING[lang])


def ranks(frame, lang: str | None = None) -> list[str]:
    """`rank` of every row of a frame with `rank`, `ranked_count` and (if known) `not_ranked`."""
    flags = frame["not_ranked"] if "not_ranked" in frame else [False] * len(frame)
    return [rank(r, n, lang, not_ranked=f) for r, n, f in zip(frame["rank"], frame["ranked_count"], flags)]


def does_not_apply(value, applies) -> bool:
    """A missing comparison that is not a gap: `applies` says no comparison can be made (see `compared`)."""
    return is_missing(value) and not is_missing(applies) and not bool(applies)


def compared(value, decimals: int = 2, lang: str | None = None, *, applies=True, sign: bool = False) -> str:
    """A figure comparing the province with the others (percentile, gap to the best or the median,
    rank change). Missing where the comparison does not apply (`applies` false: `weakness`'s
    `comparable` column) it reads "không áp dụng", not "chưa có số liệu". `sign`: as `signed`."""
    if does_not_apply(value, applies):
        return NOT_APPLICABLE[_lang(lang)]
    return signed(value, decimals, lang) if sign else number(value, decimals, lang)


def compared_column(values, applies, decimals: int = 2, lang: str | None = None, *, sign: bool = False) -> list[str]:
    """`compared` for every row: a column of values and its `comparable` column."""
    return [compared(v, decimals, lang, applies=a, sign=sign) for v, a in zip(values, applies)]


def compared_cells(values, applies, lang: str | None = None) -> list:
    """`compared` for an export: each number kept as a number, the words where no comparison applies
    (an empty cell would read as a gap, the export's note for a missing value)."""
    return [NOT_APPLICABLE[_lang(lang)] if does_not_apply(v, a) else v for v, a in zip(values, applies)]


def date(value, lang: str | None = None) -> str:
    lang = _lang(lang)
    if is_missing(value) or value == "":
        return MISSING[lang]
    if isinstance(value, str):
        value = dt.date.fromisoformat(value[:10])
    return format_date(value, DATE_PATTERN, locale=lang)


def parse_date(text: str) -> dt.date:
    """dd/mm/yyyy (also d/m/yyyy, dd-mm-yyyy, dd.mm.yyyy) or ISO yyyy-mm-dd."""
    from chiso.errors import ChisoError

    text = str(text).strip()
    for sep in ("/", "-", "."):
        parts = text.split(sep)
        if len(parts) == 3 and all(p.strip().isdigit() for p in parts):
            a, b, c = (int(p) for p in parts)
            try:
                return dt.date(a, b, c) if len(parts[0].strip()) == 4 else dt.date(c, b, a)
            except ValueError:  # Python's "day is out of range for month", in English
                raise ValueError(str(ChisoError("no such date: '{text}' (dd/mm/yyyy)", text=text))) from None
    raise ValueError(str(ChisoError("invalid date '{text}' (dd/mm/yyyy)", text=text)))


# The phrases the build writes into a source (etl/sql/derive.sql, etl/sql/rank.sql, chiso/results/store.py)
# are the app's own words, not a citation: shown in the reader's language. Citations stay as published.
_SOURCE_PHRASES = {"en": [(r"Suy ra theo quy tắc của ", "Derived by the rule of "), (r"; thành phần: ", "; components: "),
                          (r"(^|;  )xếp hạng: ", r"\1rank: "), (r" \(bảng điểm của tỉnh\)", " (the province's scorecard)"),
                          # the importers' own words around a file's citation (etl/papi_*.py, etl/pci_*.py);
                          # the file, its sheet's name and the archive stay as they are
                          (r"\bUNDP Việt Nam, ", "UNDP Viet Nam, "),
                          (r": tệp Excel của (UNDP|VCCI) \(", r": \1's Excel file ("), (r", trang ", ", sheet "),
                          (r"; bản lưu tại ", "; archived at "),
                          (r": điểm nội dung thành phần \(bảng tổng hợp ", ": sub-dimension scores (compiled table "),
                          (r"; khớp với tệp của UNDP\)", "; matching UNDP's file)")]}


def source(text, lang: str | None = None):
    """A stored source as the reader reads it; a missing one unchanged (a gap stays a gap)."""
    if not isinstance(text, str):
        return text
    for vi, other in _SOURCE_PHRASES.get(_lang(lang), []):
        text = re.sub(vi, other, text)
    return text


# A disagreement (v_disagreements) as the build writes it: its rule in both languages, "<Vietnamese>
# (<English>)" (etl/sql/*.sql), and each candidate as "<number> (<label or sources>)" with a point for
# decimals and, for ranks and sums, a Vietnamese label. Said here in the reader's language.
_CANDIDATE_LABELS = {"công bố": i18n.N_("published"), "tính": i18n.N_("computed by chiso"),
                     "tổng thành phần": i18n.N_("sum of its components")}
_DISAGREEMENT_KINDS = {"value": i18n.N_("score"), "rank": i18n.N_("rank")}


def disagreement_kind(kind, lang: str | None = None):
    """What the sources disagree on ('value' or 'rank' in v_disagreements), in the reader's words."""
    return i18n.translate(_DISAGREEMENT_KINDS[kind], _lang(lang)) if kind in _DISAGREEMENT_KINDS else kind


def disagreement_rule(text, lang: str | None = None):
    """'nguồn có thẩm quyền cao hơn: official > press (higher authority: official > press)' -> the
    reader's half."""
    if not isinstance(text, str) or " (" not in text or not text.endswith(")"):
        return text
    vi, en = text.split(" (", 1)
    return en[:-1] if _lang(lang) == "en" else vi


def as_stated(value, lang: str | None = None) -> str:
    """A number with the decimals it was stated with (89.6, 89.06, 5), as the reader writes it."""
    if is_missing(value):
        return MISSING[_lang(lang)]
    stated = f"{value:g}"
    if "e" in stated:
        return stated
    return number(float(stated), len(stated.partition(".")[2]), lang)


def candidates(text, lang: str | None = None):
    """'89.6 (press: …) | 89.06 (press: …)', '5 (công bố) | 7 (tính)': numbers as the reader writes
    them (89,6), labels in the reader's language; sources as published."""
    if not isinstance(text, str):
        return text
    lang = _lang(lang)
    text = re.sub(r"(^|\| )(-?\d+(?:\.\d+)?)(?= \()", lambda m: m.group(1) + as_stated(float(m.group(2)), lang), text)
    return re.sub(r"\((công bố|tính|tổng thành phần)\)",
                  lambda m: f"({i18n.translate(_CANDIDATE_LABELS[m.group(1)], lang)})", text)


def names_over_time(names) -> str:
    """An indicator named by each of its periods, oldest first, as one title: "Tổng điểm PAPI (6 → 8 chỉ
    số nội dung)" for a series spanning PAPI's 6-dimension and 8-dimension totals (named by the last
    period alone, a chart from 2011 said 8 dimensions). Two names differing in one word or number share
    the rest; otherwise they are joined by arrows."""
    distinct = list(dict.fromkeys(str(n) for n in names if n))
    if len(distinct) != 2:
        return " → ".join(distinct)
    first, last = distinct
    start = len(os.path.commonprefix([first, last]))
    end = len(os.path.commonprefix([first[::-1], last[::-1]]))
    end = min(end, len(first) - start, len(last) - start)
    old, new = first[start:len(first) - end], last[start:len(last) - end]
    whole = (start == 0 or not first[start - 1].isalnum()) and (end == 0 or not first[len(first) - end].isalnum())
    if old and new and " " not in old + new and whole:
        return f"{first[:start]}{old} → {new}{first[len(first) - end:]}"
    return f"{first} → {last}"


def with_index(index_short: str, component: str) -> str:
    """A component named with its index, once: "PAPI · Kiểm soát tham nhũng …", but "Tổng điểm PAPI (8 chỉ
    số nội dung)" alone (it names PAPI already: "PAPI · Tổng điểm PAPI" said it twice)."""
    words = re.findall(r"\w+", component.upper())
    short = re.findall(r"\w+", index_short.upper())
    named = any(words[i:i + len(short)] == short for i in range(len(words)))
    return component if named else f"{index_short} · {component}"


def listing(items) -> str:
    """Names joined as a sentence lists them: "Bình Phước và Đồng Nai", "A, B và C" ("A, B and C")."""
    items = [str(i) for i in items]
    if len(items) < 2:
        return "".join(items)
    return i18n._("{first} and {last}", first=", ".join(items[:-1]), last=items[-1])
