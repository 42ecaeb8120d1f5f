"""Task tables (usually an appendix, "Phụ lục"): STT, task, lead unit, partners, time.

Two inputs: a real table (Word) read cell by cell, and the text of a table that
OCR or a PDF text layer has flattened, where the columns come out interleaved
(a cell's text on its own lines, the "time" column listed after the rows, the row
number in the middle of its row). For the flattened case each line is sorted
into task text, unit fragment, time or group heading; fragments then go to the
nearest task row, and a column read in full (as many times as rows) is assigned
in order.
"""
from __future__ import annotations

import re
from dataclasses import dataclass, field

from chiso.plans import fields
from chiso.plans import units as unit_names
from chiso.plans.ocrtext import Phrase, edit_distance, match_tokens
from chiso.plans.vocabulary import named_indices

_HEADER_WORDS = {"stt", "tt", "cac", "nhiem", "vu", "don", "vi", "chu", "tri", "phoi", "hop", "thoi", "gian", "han",
                 "noi", "dung", "cong", "viec", "ghi", "chu", "san", "pham", "ket", "qua", "du", "kien", "hoan", "thanh",
                 "co", "quan", "tien", "do", "chi", "tieu"}
_ALWAYS = Phrase("thường xuyên")
_ROWNUM = re.compile(r"^\s*\d{1,2}\s*[|\\/.)]?\s+(?=\S)")
_DATE = re.compile(r"\d{1,2}\s*/\s*\d{1,2}\s*/\s*\d{4}")
# Words that continue a unit name on the next line of a narrow column.
_UNIT_CONT = {"nganh", "huyen", "thanh", "tinh", "truyen", "xay", "phat", "thi", "trien", "hoach", "ban", "va", "pho",
              "dung", "phong", "so", "ubnd", "cac", "tat", "quy", "quan", "ly"}


@dataclass
class Row:
    text: str
    lead: str | None = None
    partners: list[str] = field(default_factory=list)
    time: str | None = None
    group: str | None = None
    group_indices: list[str] = field(default_factory=list)
    first_line: int = 0
    last_line: int = 0


def is_table_header(line: str) -> bool:
    toks = match_tokens(line)
    key = " ".join(toks)
    has_stt = "stt" in toks or key.startswith("tt ")
    cols = sum(1 for c in ("nhiem vu", "noi dung", "chu tri", "phoi hop", "thoi gian", "thoi han") if c in key)
    fuzzy_cols = sum(1 for a, b in zip(toks, toks[1:]) if (a, b) != ("chu", "tri") and
                     edit_distance(a, "chu") <= 1 and edit_distance(b, "tri") <= 1)
    if len(toks) > 25:  # a header row is a few words, not a sentence
        return False
    return (has_stt and cols + fuzzy_cols >= 1) or cols >= 3


def _is_header_fragment(line: str) -> bool:
    toks = match_tokens(line)
    if not toks:
        return False
    return all(t in _HEADER_WORDS or any(len(t) >= 3 and edit_distance(t, w) <= 1 for w in _HEADER_WORDS if len(w) >= 3)
               for t in toks)


def _is_group_heading(line: str) -> bool:
    """"Chỉ số PCI (Chỉ số Năng lực cạnh tranh cấp tỉnh)": a capitalised title naming an index, not a sentence."""
    toks = match_tokens(line)
    if not (len(toks) >= 3 and toks[0] == "chi" and toks[1] == "so" and line.lstrip()[:1].isupper()):
        return False
    return bool(named_indices(line)) and ("(" in line or len(toks) <= 8)


def _is_noise(text: str) -> bool:
    """OCR debris ("s cng s i vt i o g rip omm"): mostly one- and two-letter pieces."""
    words = re.findall(r"\w+", text)
    return len(words) >= 3 and sum(1 for w in words if len(w) <= 2) / len(words) >= 0.5


# ---------- real tables (Word) ----------

def _column_roles(header: list[str]) -> dict[str, int]:
    roles: dict[str, int] = {}
    for i, cell in enumerate(header):
        key = " ".join(match_tokens(cell))
        for role, cues in (("stt", ("stt", "tt")), ("lead", ("chu tri",)), ("partners", ("phoi hop",)),
                           ("time", ("thoi gian", "thoi han", "tien do", "hoan thanh")),
                           ("target", ("chi tieu",)), ("task", ("nhiem vu", "noi dung", "cong viec", "giai phap"))):
            if role not in roles and any(key == c or key.startswith(c) or f" {c}" in f" {key}" for c in cues):
                roles[role] = i
                break
    return roles


def rows_from_table(table: list[list[str]]) -> list[Row]:
    header_at = next((i for i, r in enumerate(table[:4]) if "task" in _column_roles(r) and len(_column_roles(r)) >= 2), None)
    if header_at is None:
        return []
    roles = _column_roles(table[header_at])
    rows: list[Row] = []
    group, group_idx = None, []
    for n, cells in enumerate(table[header_at + 1:], start=header_at + 1):
        filled = [c for c in cells if c.strip()]
        if not filled:
            continue
        if len(set(filled)) == 1 or (len(filled) <= 2 and _is_group_heading(filled[-1])):
            group = filled[-1]
            group_idx = named_indices(group)
            continue

        def cell(role):
            i = roles.get(role)
            return cells[i].strip() if i is not None and i < len(cells) else ""
        text = cell("task")
        if not text or _is_header_fragment(text):
            continue
        lead = cell("lead")
        partners = [unit_names.canonical(p) for p in re.split(r"[;\n]|\s-\s", cell("partners")) if p.strip()]
        rows.append(Row(text, unit_names.canonical(lead) if lead else None, partners, cell("time") or None,
                        group, group_idx, n, n))
    return rows


# ---------- flattened tables (OCR / PDF text) ----------

@dataclass
class _Piece:
    kind: str  # text / unit / time
    text: str
    line: int


def _split_times(line: str) -> tuple[str, list[str]]:
    """Remove "Thường xuyên" and dates from a line; return what is left and the times found, in order."""
    times: list[tuple[int, str]] = []
    words = list(re.finditer(r"\w+", line))
    toks = [match_tokens(w.group())[0] if match_tokens(w.group()) else "" for w in words]
    cut: list[tuple[int, int]] = []
    for m in _ALWAYS.find(toks):
        a, b = words[m.start].start(), words[m.start + m.length - 1].end()
        # "Thường xuyên rà soát ..." opens a task sentence; a time cell stands alone or ends the line.
        if len(re.findall(r"[^\W\d_]{2,}", line[b:])) > 0 and len(toks) > 4:
            continue
        cut.append((a, b))
        times.append((a, "Thường xuyên"))
    for m in _DATE.finditer(line):
        a = m.start()
        before = line[:a].split()
        if before and edit_distance(match_tokens(before[-1])[0] if match_tokens(before[-1]) else "", "truoc") <= 1:
            a = line.rfind(before[-1], 0, m.start())
        cut.append((a, m.end()))
        times.append((a, "Trước " + re.sub(r"\s", "", m.group())))
    for a, b in sorted(cut, reverse=True):
        line = line[:a] + " " + line[b:]
    return line, [t for _, t in sorted(times)]


def _unit_fragment(text: str) -> bool:
    toks = match_tokens(text)
    if not toks or len(toks) > 7:
        return False
    return unit_names.looks_like_unit(text) or bool(unit_names.find_units(text)) or toks[0] in _UNIT_CONT


def rows_from_lines(lines: list[str]) -> list[Row]:
    """Task rows from the flattened text of a table (lines after its header)."""
    groups: list[tuple[str | None, list[str], list[_Piece]]] = [(None, [], [])]
    pending_before = False  # a lone "Trước" waiting for its date on the next line
    blank = False
    i = 0
    while i < len(lines):
        raw = lines[i].strip()
        n = i
        i += 1
        if not raw:
            blank = True
            continue
        if _is_group_heading(raw):
            heading = raw
            while heading.count("(") > heading.count(")") and i < len(lines):
                if lines[i].strip():
                    heading += " " + lines[i].strip()
                i += 1
            groups.append((heading, named_indices(heading), []))
            blank = False
            continue
        if _is_header_fragment(raw) or is_table_header(raw):
            continue
        pieces = groups[-1][2]
        rest, times = _split_times(raw)
        toks = match_tokens(rest)
        if pending_before and times and times[0].startswith("Trước"):
            pending_before = False
        elif pending_before and _DATE.search(raw):
            pass
        if len(toks) == 1 and edit_distance(toks[0], "truoc") <= 1 and not times:
            pending_before = True
            continue
        if pending_before and times:
            times = ["Trước " + t.removeprefix("Trước ") for t in times]
            pending_before = False
        for t in times:
            pieces.append(_Piece("time", t, n))
        rest = _ROWNUM.sub("", rest)
        segments = [s.strip() for s in rest.split("|")]
        segments = [s for s in segments if len(re.findall(r"[^\W\d_]", s)) >= 2]
        # Text after a finished sentence on the same line belongs to the next column ("... công trình. xây dựng huyện").
        split_segments = []
        for seg in segments:
            m = re.search(r"[.;]\s+(?=\S)", seg)
            tail = seg[m.end():] if m else ""
            if m and len(tail.split()) <= 6 and (not tail[:1].isupper() or _unit_fragment(tail)) \
                    and len(seg[:m.start()].split()) > 3:
                split_segments += [seg[:m.end()].strip(), seg[m.end():]]
            else:
                split_segments.append(seg)
        segments = [s for s in split_segments if not _is_noise(s)]
        for k, seg in enumerate(segments):
            words = seg.split()
            if k == 0 and len(words) > 7:
                pieces.append(_Piece("text", seg, n))
            elif _unit_fragment(seg):
                pieces.append(_Piece("unit", seg, n))
            elif len(words) > 7:
                pieces.append(_Piece("text", seg, n))
            else:
                pieces.append(_Piece("short", seg, n))
        if blank and pieces:
            pieces.insert(len(pieces) - len(segments) - len(times), _Piece("break", "", n))
        blank = False
    rows: list[Row] = []
    for heading, idx, pieces in groups:
        rows.extend(_assemble(heading, idx, pieces))
    return rows


def _assemble(heading: str | None, idx: list[str], pieces: list[_Piece]) -> list[Row]:
    rows: list[Row] = []
    cur: Row | None = None
    after_break = False
    for p in pieces:
        if p.kind == "break":
            after_break = True
            continue
        if p.kind == "text":
            upper = p.text[:1].isupper()
            if cur is None or (upper and (cur.text.rstrip().endswith((".", ";")) or after_break)):
                cur = Row(p.text, group=heading, group_indices=list(idx), first_line=p.line, last_line=p.line)
                rows.append(cur)
            else:
                cur.text += " " + p.text
                cur.last_line = p.line
        elif p.kind == "short" and cur is not None and not cur.text.rstrip().endswith("."):
            cur.text += " " + p.text  # the last words of a row's text
            cur.last_line = p.line
        after_break = False
    if not rows:
        return rows

    def nearest(line: int) -> Row:
        return min(rows, key=lambda r: (0 if r.first_line <= line <= r.last_line
                                         else min(abs(line - r.first_line), abs(line - r.last_line)), r.first_line))
    unit_text: dict[int, list[str]] = {id(r): [] for r in rows}
    for p in pieces:
        if p.kind in ("unit", "short"):
            unit_text[id(nearest(p.line))].append(p.text)
    for r in rows:
        found = [h.unit for h in unit_names.find_units(" ".join(unit_text[id(r)]))]
        if not found:
            # A narrow column cuts names into lines: "Phòng Quy" + "hoạch và Phát ..." -> the one known unit so named.
            found = [u for u in (unit_names.complete_prefix(t) for t in unit_text[id(r)]) if u]
        for unit in found:
            name = unit.name
            if unit.scope == "internal" and r.lead is None:
                r.lead = name
            elif name != r.lead and name not in r.partners:
                r.partners.append(name)
    # A group whose rows share one lead (a merged cell, printed once) gives it to rows without one.
    leads = {r.lead for r in rows if r.lead}
    partners = {tuple(r.partners) for r in rows if r.partners}
    for r in rows:
        if r.lead is None and len(leads) == 1:
            r.lead = next(iter(leads))
        if not r.partners and len(partners) == 1:
            r.partners = list(next(iter(partners)))
    times = [p for p in pieces if p.kind == "time"]
    if len(times) == len(rows):
        for r, t in zip(rows, times):
            r.time = t.text
    else:
        for t in times:
            r = nearest(t.line)
            r.time = r.time or t.text
        if len({t.text for t in times}) == 1:
            for r in rows:
                r.time = r.time or times[0].text
    return rows


def time_fields(time_text: str | None) -> tuple:
    """(deadline, recurring) from a table's time cell."""
    if not time_text:
        return None, False
    d = fields.parse_date_text(time_text)
    return d, (d is None and fields.recurring(time_text))
