"""The plan's identity: issuer, number, date, title, from its first lines."""
from __future__ import annotations

import datetime as dt
import re

from chiso.i18n import N_
from chiso.names import fold
from chiso.plans import units as unit_names
from chiso.plans.model import Note
from chiso.plans.ocrtext import edit_distance, match_tokens

# "Số: 52/KH-SNgV", OCR "Sb: 52/KH-SNgV", "sé: 3 JKH-SCT", "S6:2008 /KH-SXD", blank "Số: /KH-SCT".
_NUMBER = re.compile(r"(?P<num>\d{1,6})?\s*(?P<sep>[/J|\\l1I]?)\s*(?P<kind>KH|QĐ|QD|CTr|KH-UBND)\s*-\s*(?P<org>[A-Za-zĐđ0-9]+(?:-[A-Za-zĐđ0-9]+)*)")
_DATE_WORDS = re.compile(r"\bngay\s+(?P<d>\S*)\s*(?:thang|th\w{2,4})\s+(?P<m>\d{1,2})\s+(?:nam|n\w{2})\s+(?P<y>\d{4})")


def is_motto(line: str) -> bool:
    """National motto lines ("CỘNG HÒA XÃ HỘI CHỦ NGHĨA VIỆT NAM", "Độc lập - Tự do - Hạnh phúc"), OCR-tolerant."""
    toks = match_tokens(line)
    key = " ".join(toks)
    if "chu nghia viet nam" in key or "xa hoi chu nghia" in key:
        return True
    return any(edit_distance(a, "tu") <= 1 and b == "do" for a, b in zip(toks, toks[1:])) and "hanh" in key


def _cut_motto(line: str) -> str:
    """The left column of a two-column header line: the part before the motto."""
    words = line.split()
    for i, w in enumerate(words):
        rest = " ".join(match_tokens(" ".join(words[i:i + 3])))
        if rest.startswith("cong hoa") or re.match(r"^\w{2,4} (lap|1ap|iap)\b", rest) or rest.startswith("doc lap"):
            return " ".join(words[:i])
    return line


_LETTERHEAD = re.compile(r"\b(?:ubnd|uy ban nhan dan)\s+(?:tinh|thanh pho|tp)\s+(?P<place>.+)")


def province(lines: list[str]) -> str | None:
    """The province whose body issued the plan (GSO code, 63-province list), from its letterhead
    ("UBND TỈNH KHÁNH HÒA") or its place-date line ("Khánh Hòa, ngày 09 tháng 7 năm 2022"),
    read through OCR damage ("BINH PHUGC"); None when neither names one."""
    for line in lines[:15]:
        key = fold(_cut_motto(line))
        m = _LETTERHEAD.search(key)
        if m:
            code = _closest_province(m.group("place").split()[:4], leading=True)
            if code:
                return code
        words = fold(line).split()
        at = next((i for i, w in enumerate(words) if w == "ngay" or edit_distance(w, "ngay") <= 1 and len(w) == 4), None)
        if at:
            code = _closest_province(words[max(0, at - 4):at], leading=False)
            if code:
                return code
    return None


def _closest_province(words: list[str], leading: bool) -> str | None:
    """The province named by the first (letterhead) or last (place-date line) few words: exact, or
    one letter off (two in a long name) for OCR."""
    from chiso.names import province_key, province_keys

    index = province_keys()
    spans = [words[:n] if leading else words[-n:] for n in range(min(4, len(words)), 0, -1)]
    for span in spans:
        key = province_key(" ".join(span))
        if len(key) >= 4 and key in index and not key.isdigit():
            return index[key]
    for span in spans:
        key = province_key(" ".join(span))
        if len(key) < 5:
            continue
        near = [(edit_distance(key, k), code) for k, code in index.items()
                if not k.isdigit() and abs(len(k) - len(key)) <= 2]
        allowed = 1 if len(key) < 8 else 2
        best = sorted((d, c) for d, c in near if d <= allowed)
        if best and (len(best) == 1 or best[0][0] < best[1][0] or best[0][1] == best[1][1]):
            return best[0][1]
    return None


def number(lines: list[str], warnings: list[Note]) -> str | None:
    for line in lines[:15]:
        key = fold(line)
        if not re.match(r"^\W*s\S{0,2}\b", key) and "kh" not in key:
            continue
        m = _NUMBER.search(line)
        if m and re.match(r"^\s*\W*S\S{0,2}\s*:", line, re.IGNORECASE):
            num, sep = m.group("num") or "", m.group("sep")
            value = f"{num}/{m.group('kind')}-{m.group('org')}"
            if not num:
                warnings.append(Note.of(N_("The plan number is left blank in the text ('{line}')"), line=line.strip()))
            elif sep != "/":
                warnings.append(Note.of(N_("The plan number read from a scan may miss or misread digits: '{line}' → "
                                           "{value}"), line=line.strip(), value=value))
            return value
    return None


def date(lines: list[str], warnings: list[Note]) -> tuple[dt.date | None, str | None]:
    for line in lines[:15]:
        m = _DATE_WORDS.search(fold(line))
        if not m:
            continue
        month, year = int(m.group("m")), int(m.group("y"))
        day = m.group("d")
        if day.isdigit():
            try:
                d = dt.date(year, month, int(day))
                return d, d.strftime("%d/%m/%Y")
            except ValueError:
                pass
        text = f"{month:02d}/{year}"
        warnings.append(Note.of(N_("The date of issue has no readable day (only the month and year, {text}): "
                                   "'{line}'"), text=text, line=line.strip()))
        return None, text
    return None, None


def issuer(lines: list[str], body_text: str) -> str | None:
    """The issuing body: the second line of the left header column, else "Sở X ban hành/xây dựng Kế hoạch"."""
    head = []
    for line in lines[:8]:
        left = _cut_motto(line).strip()
        key = fold(left)
        if not left or key.startswith(("so ", "s ")) and ":" in left[:6]:
            continue
        if re.match(r"^(so|ban|uy ban|ubnd|van phong|cuc|chi cuc|trung tam|thanh tra|bo)\b", key):
            head.append(left)
    # The first header line is the parent body (UBND TỈNH ...), the second the issuer.
    candidates = [h for h in head if not re.match(r"^(ubnd|uy ban nhan dan) tinh\b", fold(h))] or head
    if candidates:
        return _tidy_name(candidates[0])
    m = re.search(r"\b((?:so|ban|uy ban nhan dan|ubnd|trung tam|chi cuc|cuc)\s(?:\w+\s){1,5}?)(?:ban hanh|xay dung|de ra)\s+(?:ke hoach)",
                  fold(body_text[:3000]))
    if m:
        return _name_from_fold(body_text[:3000], m.group(1))
    return None


def _name_from_fold(text: str, folded_name: str) -> str:
    words = re.findall(r"\w+", text)
    target = folded_name.split()
    for i in range(len(words) - len(target) + 1):
        if [fold(w) for w in words[i:i + len(target)]] == target:
            return _tidy_name(" ".join(words[i:i + len(target)]))
    return _tidy_name(folded_name)


def _tidy_name(name: str) -> str:
    name = re.sub(r"\s+", " ", name).strip(" .,:;-")
    known = unit_names.canonical(name)
    if known != name:
        return known
    if name.isupper():  # "SỞ CÔNG THƯƠNG" -> "Sở Công Thương"
        name = " ".join(w.capitalize() for w in name.split())
    return name


def title(lines: list[str]) -> tuple[str | None, int]:
    """The title paragraph after the "KẾ HOẠCH" line, and the index of the line where the body starts."""
    for i, line in enumerate(lines[:30]):
        if fold(line) == "ke hoach":
            j = i + 1
            while j < len(lines) and not lines[j].strip():
                j += 1
            parts = []
            # The title ends at a blank line, at a numbered heading (OCR often loses blank lines), or after 4 lines.
            from chiso.plans.structure import classify
            while j < len(lines) and lines[j].strip() and len(parts) < 4 and \
                    classify(lines[j])[0] not in ("roman", "num") and \
                    not fold(lines[j]).startswith(("can cu", "thuc hien")):
                parts.append(lines[j].strip())
                j += 1
            return (" ".join(parts) or None), j
    return None, 0


def period_end(title: str | None, plan_date: dt.date | None, date_text: str | None) -> dt.date | None:
    """The last day the plan covers: the end year of "giai đoạn 2021-2025", else the latest year its
    title names ("… năm 2023", read through OCR damage: "nim 2022"), else the year it was issued."""
    from chiso.plans.ocrtext import match_key

    key = match_key(title or "")
    span = re.search(r"giai doan (\d{4}) (\d{4})", key)
    years = [int(span.group(2))] if span else [int(y) for y in re.findall(r"\b(\d{4})\b", key)]
    years = [y for y in years if 1990 <= y <= 2100]
    if not years and plan_date:
        years = [plan_date.year]
    if not years and date_text:
        years = [int(y) for y in re.findall(r"\b(\d{4})\b", date_text) if 1990 <= int(y) <= 2100]
    return dt.date(max(years), 12, 31) if years else None
