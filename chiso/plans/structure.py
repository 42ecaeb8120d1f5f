"""From body lines to task paragraphs: joining broken lines, sections, headings, lists.

Plans are written in a shared administrative style (Nghị định 30/2020 layout):
roman-numbered sections ("II. NHIỆM VỤ VÀ GIẢI PHÁP"), numbered items, bullets,
sometimes a numbered heading per unit ("1. Văn phòng Sở") followed by that unit's
duties as plain paragraphs. The rules below use only that shared style, never
the wording of a particular plan.
"""
from __future__ import annotations

import re
from dataclasses import dataclass

from chiso.names import fold
from chiso.plans import units as unit_names
from chiso.plans.ocrtext import match_key

_MARKER = re.compile(
    r"^\s*(?:"
    r"(?P<roman>[IVX]*[IVX][IVX1l]*|[1l][IVX1l]*[IVX][IVX1l]*)\s*[.)]\s*"
    r"|(?P<num>\d{1,2}(?:\s?\.\s?\d{1,2}){0,3})\s*[.)]\s*"
    r"|(?P<alpha>[a-zđ])\s*\)\s*"
    r"|(?P<bullet>[-–—+•*▪·◦➢✓❖])\s*"
    r")(?=\S)")
# Sections whose paragraphs are purposes, grounds or assessments, not assignments.
_NOT_TASK_SECTIONS = ("muc dich", "yeu cau", "can cu", "thuc trang", "ket qua dat duoc", "ket qua thuc hien",
                      "danh gia", "tinh hinh", "quan diem", "muc tieu")
_CLOSINGS = ("tren day la", "trong qua trinh", "noi nhan", "kem theo", "phu luc", "de nghi cac", "yeu cau cac")


@dataclass
class Para:
    text: str
    kind: str | None  # roman / num / alpha / bullet / None (plain)
    level: int  # 0 section, 1.. numbered depth, 5 alpha, 6 bullet, 7 sub-bullet, 9 plain
    page: int
    marker: str = ""


@dataclass
class TaskText:
    text: str
    page: int
    section: str
    group: str | None = None  # heading it falls under
    lead_from_heading: str | None = None
    children_of: str | None = None


def _upper_start(text: str) -> bool:
    for ch in text:
        if ch.isalpha():
            return ch.isupper()
    return False


def _mostly_upper(text: str) -> bool:
    letters = [c for c in text if c.isalpha()]
    return len(letters) >= 4 and sum(c.isupper() for c in letters) / len(letters) >= 0.75


def classify(line: str) -> tuple[str | None, int, str, str]:
    """(kind, level, marker, text) of one line."""
    m = _MARKER.match(line)
    if not m:
        return None, 9, "", line.strip()
    text = line[m.end():].strip()
    if m.group("roman") and not m.group("roman").isdigit():
        return "roman", 0, m.group("roman"), text
    if m.group("num"):
        num = re.sub(r"\s", "", m.group("num"))
        # "11.NOI DUNG": OCR turned "II." into digits; an all-caps title is a section.
        if _mostly_upper(text) and len(text.split()) >= 2:
            return "roman", 0, num, text
        return "num", num.count(".") + 1, num, text
    if m.group("alpha"):
        return "alpha", 5, m.group("alpha"), text
    b = m.group("bullet")
    return "bullet", 7 if b in "+◦" else 6, b, text


def paragraphs(lines: list[tuple[str, int]]) -> list[Para]:
    """Join lines broken mid-sentence; a new paragraph starts at a list marker or after a finished sentence."""
    paras: list[Para] = []
    cur: Para | None = None
    blank = False
    for text, page in lines:
        if not text.strip():
            blank = True
            continue
        kind, level, marker, body = classify(text)
        starts = kind is not None or cur is None
        if not starts and cur is not None:
            # ";" ends list items, but OCR'd titles and enumerations also break after ";" mid-paragraph.
            ended = cur.text.rstrip().endswith((".", ":", "!", "?"))
            upper = _upper_start(body)
            short_heading = cur.kind in ("num", "roman") and len(cur.text.split()) <= 10 and not ended and upper
            starts = (ended and upper) or (blank and (upper or ended)) or short_heading
        if starts:
            cur = Para(body, kind, level, page, marker)
            paras.append(cur)
        else:
            cur.text = (cur.text.rstrip() + " " + body).strip()
        blank = False
    return paras


def _is_closing(text: str) -> bool:
    return match_key(text).startswith(_CLOSINGS)


def _not_task_section(title: str) -> bool:
    key = match_key(title)
    return any(k in key for k in _NOT_TASK_SECTIONS) and "nhiem vu" not in key and "giai phap" not in key


def _is_heading(p: Para, nxt: Para | None) -> bool:
    if p.kind not in ("num", "alpha") or len(p.text.split()) > 12:
        return False
    ended = p.text.rstrip().endswith((";", "."))
    if ended and len(p.text.split()) > 4:
        return False
    # A heading has children: plain paragraphs or deeper items, not a sibling right after.
    return nxt is not None and (nxt.kind is None or nxt.level > p.level)


def task_texts(paras: list[Para]) -> list[TaskText]:
    has_sections = any(p.kind == "roman" for p in paras)
    section = ""
    section_ok = not has_sections
    headers: list[tuple[int, Para]] = []  # open headings: (level, para)
    out: list[TaskText] = []
    last_item: tuple[TaskText, Para] | None = None
    closing = False
    for i, p in enumerate(paras):
        nxt = paras[i + 1] if i + 1 < len(paras) else None
        if p.kind == "roman":
            section, headers, last_item = p.text, [], None
            section_ok = not _not_task_section(p.text)
            continue
        if _is_closing(p.text):
            last_item, closing = None, True
            continue
        if closing and p.kind is None:
            continue  # the rest of a closing paragraph broken by OCR
        closing = False
        heading = _is_heading(p, nxt)
        if heading or (p.kind is not None and nxt is not None and nxt.level > p.level and nxt.kind is not None
                       and p.text.rstrip().endswith(":")):
            headers = [h for h in headers if h[0] < p.level] + [(p.level, p)]
            last_item = None
            continue
        # Headings whose level is >= this item's level are closed by it.
        if p.kind is not None:
            headers = [h for h in headers if h[0] < p.level]
        group_titles = [h[1].text for h in headers]
        if not section_ok or any(_not_task_section(t) for t in group_titles):
            continue
        if p.kind is None and last_item is not None:
            # A plain paragraph after a list item continues it ("1. ... Sở Công Thương.\nTăng cường ...").
            last_item[0].text += " " + p.text
            continue
        if p.kind == "bullet" and p.level == 7 and last_item is not None and last_item[1].level == 6:
            last_item[0].text += " " + p.text  # "+" sub-points belong to their "-" point
            continue
        if len(p.text.split()) < 5:
            continue
        if p.text.rstrip().endswith(":") and (nxt is None or nxt.kind is None and _upper_start(nxt.text)) and \
                re.search(r"(nhu sau|sau day|cu the)\s*:?\s*$", match_key(p.text) + ":"):
            continue  # an introduction to what follows ("... cụ thể như sau:")
        lead = None
        for _, h in reversed(headers):
            if unit_names.looks_like_unit(h.text) or unit_names.find_units(h.text):
                lead = unit_names.lead_in_text(h.text + ":") or unit_names.canonical(h.text)
                break
        t = TaskText(p.text, p.page, section, group_titles[-1] if group_titles else None, lead)
        out.append(t)
        last_item = (t, p) if p.kind is not None else None
    return out


def strip_unit_prefix(text: str) -> str:
    """'Văn phòng Sở: Có trách nhiệm ...' -> 'Có trách nhiệm ...' (the unit becomes the lead)."""
    head, sep, rest = text.partition(":")
    if sep and len(head.split()) <= 14 and len(rest.split()) >= 5 and \
            (unit_names.looks_like_unit(head) or unit_names.find_units(head)):
        rest = rest.strip()
        return rest[:1].upper() + rest[1:]
    return text


def fold_line(line: str) -> str:
    return fold(line)
