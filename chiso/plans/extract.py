"""Turn an uploaded plan file into lines of text (and, for Word files, real tables), within budgets.

Only reading is done: a .docx's `word/document.xml` is streamed through lxml's iterparse (no
DTD, no entities from outside, no network; macros are never run and .docm is refused), pypdf
reads a PDF's text layer (scripts are ignored), and a page without a text layer is rendered by
`pdftoppm` and read by `tesseract -l vie`. Every page that cannot be read is named in `warnings`.

Every file is read against a `Budget` checked WHILE reading, never after loading everything: the
bytes uploaded, the bytes a Word file inflates to (counted as they are decompressed: a zip's
declared sizes can lie), paragraphs, characters, PDF pages, pages sent to OCR and OCR's time. A
file over any of them is refused with an InputError naming the limit. Real plans use a small
fraction of each (the four bundled ones: 4–13 KB, 80–300 lines). Memory and total time are bounded
one level up: `chiso.plans.worker` parses in a child process with OS limits.
"""
from __future__ import annotations

import io
import os
import shutil
import subprocess
import tempfile
import time
import zipfile
from dataclasses import dataclass, field
from pathlib import Path

from chiso import limits, xmlstream
from chiso.errors import InputError
from chiso.i18n import N_, _
from chiso.plans.model import Note

ACCEPTED = (".docx", ".pdf", ".txt", ".md")
MAX_BYTES = limits.UPLOAD_BYTES  # .streamlit/config.toml's server.maxUploadSize, one value
# A page with fewer characters than this in its text layer is treated as a scan.
MIN_TEXT_CHARS = 25
OCR_TIMEOUT_S = 180


@dataclass(frozen=True)
class Budget:
    """What one plan may cost to read. Defaults are far above any real plan, far below harm."""
    max_bytes: int = MAX_BYTES                 # the upload itself
    max_inflated_bytes: int = 32 * 1024 * 1024  # XML a Word file decompresses to (document + styles)
    max_paragraphs: int = 10_000               # lines of text / Word paragraphs (incl. table cells)
    max_chars: int = 500_000                   # characters of text, ~150 pages
    max_pages: int = 300                       # PDF pages
    max_ocr_pages: int = 40                    # pages without a text layer sent to OCR
    ocr_seconds: float = 600.0                 # OCR time for the whole file


DEFAULT_BUDGET = Budget()


def _mb(n: int) -> str:
    return f"{n / 1048576:g}"


class _Counter:
    """Counts paragraphs and characters as they are read, refusing the file past the budget."""

    def __init__(self, budget: Budget, filename: str):
        self.budget, self.filename, self.paragraphs, self.chars = budget, filename, 0, 0

    def add(self, text: str) -> None:
        self.paragraphs += 1
        self.chars += len(text)
        if self.paragraphs > self.budget.max_paragraphs:
            self.refuse_paragraphs()
        if self.chars > self.budget.max_chars:
            self.refuse_chars()

    def refuse_paragraphs(self):
        raise InputError(_("more than {limit} paragraphs or lines (the limit for one plan); split the file",
                           limit=_count(self.budget.max_paragraphs)), file=self.filename)

    def refuse_chars(self):
        raise InputError(_("more than {limit} characters of text (the limit for one plan); split the file",
                           limit=_count(self.budget.max_chars)), file=self.filename)


def _count(n: int) -> str:
    from chiso import fmt, i18n
    return fmt.number(n, 0, i18n.language())


@dataclass
class Line:
    text: str
    page: int = 1


@dataclass
class Document:
    lines: list[Line] = field(default_factory=list)
    tables: list[list[list[str]]] = field(default_factory=list)  # real tables (docx): rows of cell texts
    warnings: list[Note] = field(default_factory=list)
    pages: int = 1


def read_document(data: bytes, filename: str, budget: Budget = DEFAULT_BUDGET) -> Document:
    suffix = Path(filename).suffix.lower()
    if suffix == ".doc":  # many provinces' plans are still Word 97–2003 files
        raise InputError(_("a Word 97–2003 document (.doc) cannot be read: open it in Word or LibreOffice, save it "
                           "as .docx, and read that"), file=filename)
    if suffix not in ACCEPTED:
        raise InputError(_("only {types} files are accepted", types=", ".join(ACCEPTED)), file=filename)
    if len(data) > budget.max_bytes:
        raise InputError(_("the file is larger than {limit} MB (the upload limit)", limit=_mb(budget.max_bytes)),
                         file=filename)
    counter = _Counter(budget, filename)
    if suffix == ".docx":
        return _read_docx(data, filename, budget, counter)
    if suffix == ".pdf":
        return _read_pdf(data, filename, budget, counter)
    return _read_text(data, filename, budget, counter)


def _decode(data: bytes) -> str:
    for enc in ("utf-8-sig", "utf-16", "cp1258", "latin-1"):
        try:
            text = data.decode(enc)
            if enc == "utf-16" and "\x00" in text:
                continue
            return text
        except UnicodeDecodeError:
            continue
    return data.decode("utf-8", errors="replace")


def _read_text(data: bytes, filename: str, budget: Budget, counter: _Counter) -> Document:
    # Cheap checks on the bytes first: no decoding or splitting of a file that is over budget anyway.
    if data.count(b"\n") > budget.max_paragraphs:
        counter.refuse_paragraphs()
    if len(data) > 4 * budget.max_chars:  # a character is at most 4 bytes of UTF-8
        counter.refuse_chars()
    text = _decode(data)
    doc = Document()
    # Text exported from a PDF marks page breaks with form feeds.
    pages = text.split("\f")
    for n, page in enumerate(pages, 1):
        for line in page.splitlines():
            counter.add(line)
            doc.lines.append(Line(line, n))
    doc.pages = len(pages)
    return doc


_W = "{http://schemas.openxmlformats.org/wordprocessingml/2006/main}"


def _iterparse(zf: zipfile.ZipFile, name: str, state: dict, budget: Budget, filename: str, **kw):
    state.setdefault("limit", budget.max_inflated_bytes)

    def refuse():
        raise InputError(_("the Word file decompresses to more than {limit} MB (the limit for one plan; "
                           "it may be a zip bomb)", limit=_mb(budget.max_inflated_bytes)), file=filename)
    return xmlstream.iterparse(zf, name, state, refuse, **kw)


def _style_names(zf: zipfile.ZipFile, state: dict, budget: Budget, filename: str) -> dict[str, str]:
    if "word/styles.xml" not in zf.namelist():
        return {}
    names, default = {}, ""
    for _event, el in _iterparse(zf, "word/styles.xml", state, budget, filename, tag=f"{_W}style"):
        name = el.find(f"{_W}name")
        sid = el.get(f"{_W}styleId")
        if sid and name is not None:
            names[sid] = name.get(f"{_W}val") or ""
            if el.get(f"{_W}type") == "paragraph" and el.get(f"{_W}default") in ("1", "true"):
                default = names[sid]
        el.clear()
    names[""] = default
    return names


class _Cell:
    def __init__(self):
        self.paragraphs: list[str] = []
        self.span, self.merged = 1, False


def _row_texts(cells: list[_Cell], above: list[str]) -> list[str]:
    """A table row as python-docx's `row.cells` gives it (one entry per grid column; a vertically
    merged cell repeats the text above), then merged repeats dropped as before."""
    grid: list[str] = []
    for c in cells:
        text = "\n".join(c.paragraphs)
        if c.merged:
            col = len(grid)
            text = above[col] if col < len(above) else ""
        grid.extend([text] * max(1, min(c.span, 64)))
    return grid


def _read_docx(data: bytes, filename: str, budget: Budget, counter: _Counter) -> Document:
    """Paragraphs and top-level tables of word/document.xml, streamed: memory stays flat whatever
    the file holds, and every budget is checked as elements arrive."""
    from lxml import etree

    try:
        zf = zipfile.ZipFile(io.BytesIO(data))
        zf.getinfo("word/document.xml")
    except (zipfile.BadZipFile, KeyError, ValueError) as exc:
        raise InputError(_("cannot read this Word file ({error})", error=exc.__class__.__name__), file=filename) from exc
    state: dict = {}
    doc = Document()
    try:
        styles = _style_names(zf, state, budget, filename)
        para_text: list[list[str]] = []     # one buffer per open paragraph (text boxes nest them)
        para_style: list[str] = []
        tables: list[list] = []             # open tables: rows of cell texts; nested ones are dropped
        rows: list[list[_Cell]] = []
        cells: list[_Cell] = []
        deleted = depth = 0
        for event, el in _iterparse(zf, "word/document.xml", state, budget, filename, events=("start", "end")):
            tag = el.tag[len(_W):] if isinstance(el.tag, str) and el.tag.startswith(_W) else ""
            if event == "start":
                depth += 1
                if tag == "p":
                    para_text.append([])
                    para_style.append("")
                elif tag == "tbl":
                    tables.append([])
                elif tag == "tr":
                    rows.append([])
                elif tag == "tc":
                    cells.append(_Cell())
                elif tag in ("del", "moveFrom"):
                    deleted += 1
                continue
            if tag in ("del", "moveFrom"):
                deleted -= 1
            elif tag == "t" and para_text and not deleted:
                para_text[-1].append(el.text or "")
            elif tag in ("tab", "ptab") and para_text and el.getparent() is not None \
                    and el.getparent().tag == f"{_W}r":
                para_text[-1].append("\t")
            elif tag in ("br", "cr") and para_text:
                para_text[-1].append("\n")
            elif tag == "noBreakHyphen" and para_text:
                para_text[-1].append("-")
            elif tag == "pStyle" and para_style:
                para_style[-1] = el.get(f"{_W}val") or ""
            elif tag == "gridSpan" and cells:
                try:
                    cells[-1].span = int(el.get(f"{_W}val") or 1)
                except ValueError:
                    pass
            elif tag == "vMerge" and cells:
                cells[-1].merged = el.get(f"{_W}val") in (None, "continue")
            elif tag == "p":
                text = "".join(para_text.pop())
                style = styles.get(para_style.pop(), "") or styles.get("", "")
                counter.add(text)
                if cells:
                    cells[-1].paragraphs.append(text)
                elif len(para_text) == 0:
                    # Word's automatic bullets/numbers are not in the text; keep the fact that it is a list item.
                    if text.strip() and "List" in style and not text.lstrip()[:1] in "-+•":
                        text = "- " + text
                    doc.lines.extend(Line(t) for t in text.split("\n"))
            elif tag == "tc" and cells:
                cell = cells.pop()
                if rows:
                    rows[-1].append(cell)
            elif tag == "tr" and rows:
                row = rows.pop()
                if tables and not cells:
                    above = tables[-1][-1][1] if tables[-1] else []
                    grid = _row_texts(row, above)
                    kept: list[str] = []
                    for t in (g.strip() for g in grid):
                        if kept and kept[-1] == t and t:  # merged cells come back once per grid column
                            continue
                        kept.append(t)
                    tables[-1].append((kept, grid))
            elif tag == "tbl" and tables:
                table = tables.pop()
                if not tables and not cells:  # a top-level table (nested ones: python-docx ignored them too)
                    doc.tables.append([kept for kept, _grid in table])
                    doc.lines.append(Line(f"\x00TABLE {len(doc.tables) - 1}"))
            depth -= 1
            if depth <= 2:
                # A child of the body (document > body > child) is done, whatever it is: free it and
                # what came before it, so memory stays flat however many elements the file holds.
                el.clear()
                parent = el.getparent()
                while parent is not None and el.getprevious() is not None:
                    del parent[0]
    except InputError:
        raise
    except (etree.XMLSyntaxError, zipfile.BadZipFile, OSError, EOFError, ValueError) as exc:
        raise InputError(_("cannot read this Word file ({error})", error=exc.__class__.__name__),
                         file=filename) from exc
    return doc


def _read_pdf(data: bytes, filename: str, budget: Budget, counter: _Counter) -> Document:
    from pypdf import PdfReader

    try:
        reader = PdfReader(io.BytesIO(data))
        n_pages = len(reader.pages)
    except Exception as exc:
        raise InputError(_("cannot read this PDF file ({error})", error=exc.__class__.__name__), file=filename) from exc
    if n_pages > budget.max_pages:
        raise InputError(_("{pages} pages: more than {limit}, the limit for one plan; split the file",
                           pages=n_pages, limit=budget.max_pages), file=filename)
    doc = Document(pages=n_pages)
    scanned: list[int] = []
    texts: dict[int, str] = {}
    for n in range(1, n_pages + 1):
        try:
            text = reader.pages[n - 1].extract_text() or ""
        except Exception:
            text = ""
        if len(text.strip()) < MIN_TEXT_CHARS:
            scanned.append(n)
            if len(scanned) > budget.max_ocr_pages:
                raise InputError(_("more than {limit} pages without a text layer (a scan): OCR reads at most "
                                   "{limit} pages of one plan; split the scan", limit=budget.max_ocr_pages),
                                 file=filename)
        else:
            for line in text.splitlines():
                counter.add(line)
            texts[n] = text
    if scanned:
        texts.update(_ocr_pages(data, scanned, doc.warnings, budget, counter, filename))
    for n in range(1, n_pages + 1):
        doc.lines.extend(Line(l, n) for l in texts.get(n, "").splitlines())
    return doc


OCR_FAILED = N_("Page {page}: no text layer, and OCR failed ({error}): the page could not be read")


def ocr_available() -> bool:
    return bool(shutil.which("pdftoppm") and shutil.which("tesseract"))


def _ocr_pages(data: bytes, page_numbers: list[int], warnings: list[Note], budget: Budget = DEFAULT_BUDGET,
               counter: _Counter | None = None, filename: str = "") -> dict[int, str]:
    if not ocr_available():
        for n in page_numbers:
            warnings.append(Note.of(N_("Page {page}: no text layer, and no OCR on this machine (pdftoppm, tesseract): "
                                       "the page could not be read"), page=n))
        return {}
    out: dict[int, str] = {}
    deadline = time.monotonic() + budget.ocr_seconds
    # One OCR thread: the server has other users (and tesseract's threads barely help one page).
    env = {**os.environ, "OMP_THREAD_LIMIT": "1"}
    with tempfile.TemporaryDirectory(prefix="chiso-ocr-") as tmp:
        pdf = Path(tmp) / "plan.pdf"
        pdf.write_bytes(data)
        for n in page_numbers:
            left = deadline - time.monotonic()
            try:
                if left <= 0:
                    raise subprocess.TimeoutExpired("ocr", budget.ocr_seconds)
                prefix = Path(tmp) / f"p{n}"
                subprocess.run(["pdftoppm", "-f", str(n), "-l", str(n), "-r", "300", "-gray", "-png",
                                str(pdf), str(prefix)], check=True, capture_output=True,
                               timeout=min(OCR_TIMEOUT_S, left))
                images = sorted(Path(tmp).glob(f"p{n}*.png"))
                if not images:
                    raise RuntimeError("pdftoppm produced no image")
                res = subprocess.run(["tesseract", str(images[0]), "stdout", "-l", "vie", "--psm", "4"],
                                     check=True, capture_output=True, env=env,
                                     timeout=max(0.1, min(OCR_TIMEOUT_S, deadline - time.monotonic())))
                for image in images:
                    image.unlink()
                text = res.stdout.decode("utf-8", errors="replace")
            except subprocess.TimeoutExpired as exc:
                if time.monotonic() >= deadline - 0.05:
                    raise InputError(_("reading the scan by OCR took longer than {seconds} s (the limit for one "
                                       "plan) at page {page}; split the scan", seconds=f"{budget.ocr_seconds:g}",
                                       page=n), file=filename) from exc
                warnings.append(Note.of(OCR_FAILED, page=n, error=exc.__class__.__name__))
                continue
            except Exception as exc:
                warnings.append(Note.of(OCR_FAILED, page=n, error=exc.__class__.__name__))
                continue
            if len(text.strip()) < MIN_TEXT_CHARS:
                warnings.append(Note.of(N_("Page {page}: no text layer, and OCR recognised no text: the page could "
                                           "not be read"), page=n))
                continue
            if counter is not None:
                for line in text.splitlines():
                    counter.add(line)
            warnings.append(Note.of(N_("Page {page}: read by OCR (a scan): check its text"), page=n))
            out[n] = text
    return out
