"""Turn an uploaded plan file into lines of text (and, for Word files, real tables).

Only reading is done: python-docx reads the XML of a .docx (macros are never run;
.docm is refused), pypdf reads a PDF's text layer (scripts are ignored), and a
page without a text layer is rendered by `pdftoppm` and read by `tesseract -l vie`.
Every page that cannot be read is named in `warnings`.
"""
from __future__ import annotations

import io
import shutil
import subprocess
import tempfile
from dataclasses import dataclass, field
from pathlib import Path

from chiso import limits
from chiso.errors import InputError

ACCEPTED = (".docx", ".pdf", ".txt", ".md")
MAX_BYTES = limits.UPLOAD_BYTES  # .streamlit/config.toml's server.maxUploadSize, one value
# A page with fewer characters than this in its text layer is treated as a scan.
MIN_TEXT_CHARS = 25
OCR_TIMEOUT_S = 180


@dataclass
class Line:
    text: str
    page: int = 1


@dataclass
class Document:
    lines: list[Line] = field(default_factory=list)
    tables: list[list[list[str]]] = field(default_factory=list)  # real tables (docx): rows of cell texts
    warnings: list[str] = field(default_factory=list)
    pages: int = 1


def read_document(data: bytes, filename: str) -> Document:
    suffix = Path(filename).suffix.lower()
    if suffix not in ACCEPTED:
        raise InputError(f"chỉ nhận tệp {', '.join(ACCEPTED)} (unsupported file type)", file=filename)
    if len(data) > MAX_BYTES:
        raise InputError("tệp lớn hơn 10 MB (file too large)", file=filename)
    if suffix == ".docx":
        return _read_docx(data, filename)
    if suffix == ".pdf":
        return _read_pdf(data, filename)
    return _read_text(data)


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


def _read_text(data: bytes) -> Document:
    text = _decode(data)
    doc = Document()
    # Text exported from a PDF marks page breaks with form feeds.
    pages = text.split("\f")
    for n, page in enumerate(pages, 1):
        doc.lines.extend(Line(l, n) for l in page.splitlines())
    doc.pages = len(pages)
    return doc


def _read_docx(data: bytes, filename: str) -> Document:
    import docx
    from docx.table import Table
    from docx.text.paragraph import Paragraph

    try:
        d = docx.Document(io.BytesIO(data))
    except Exception as exc:  # a broken or disguised file: say so, do not crash
        raise InputError(f"không đọc được tệp Word ({exc.__class__.__name__})", file=filename) from exc
    doc = Document()
    for el in d.element.body.iterchildren():
        tag = el.tag.rsplit("}", 1)[-1]
        if tag == "p":
            p = Paragraph(el, d)
            text = p.text
            style = (p.style.name if p.style is not None else "") or ""
            # Word's automatic bullets/numbers are not in the text; keep the fact that it is a list item.
            if text.strip() and "List" in style and not text.lstrip()[:1] in "-+•":
                text = "- " + text
            doc.lines.extend(Line(t) for t in text.split("\n"))
        elif tag == "tbl":
            rows = []
            for row in Table(el, d).rows:
                cells: list[str] = []
                for c in row.cells:
                    t = c.text.strip()
                    # Merged cells come back once per grid column.
                    if cells and cells[-1] == t and t:
                        continue
                    cells.append(t)
                rows.append(cells)
            doc.tables.append(rows)
            doc.lines.append(Line(f"\x00TABLE {len(doc.tables) - 1}"))
    return doc


def _read_pdf(data: bytes, filename: str) -> Document:
    from pypdf import PdfReader

    try:
        reader = PdfReader(io.BytesIO(data))
        pages = list(reader.pages)
    except Exception as exc:
        raise InputError(f"không đọc được tệp PDF ({exc.__class__.__name__})", file=filename) from exc
    doc = Document(pages=len(pages))
    scanned: list[int] = []
    texts: dict[int, str] = {}
    for n, page in enumerate(pages, 1):
        try:
            text = page.extract_text() or ""
        except Exception:
            text = ""
        if len(text.strip()) < MIN_TEXT_CHARS:
            scanned.append(n)
        else:
            texts[n] = text
    if scanned:
        texts.update(_ocr_pages(data, scanned, doc.warnings))
    for n in range(1, len(pages) + 1):
        doc.lines.extend(Line(l, n) for l in texts.get(n, "").splitlines())
    return doc


def ocr_available() -> bool:
    return bool(shutil.which("pdftoppm") and shutil.which("tesseract"))


def _ocr_pages(data: bytes, page_numbers: list[int], warnings: list[str]) -> dict[int, str]:
    if not ocr_available():
        for n in page_numbers:
            warnings.append(f"Trang {n}: không có lớp văn bản và máy chưa cài OCR (pdftoppm, tesseract) — "
                            f"không đọc được trang này (page {n} could not be read)")
        return {}
    out: dict[int, str] = {}
    with tempfile.TemporaryDirectory(prefix="chiso-ocr-") as tmp:
        pdf = Path(tmp) / "plan.pdf"
        pdf.write_bytes(data)
        for n in page_numbers:
            try:
                prefix = Path(tmp) / f"p{n}"
                subprocess.run(["pdftoppm", "-f", str(n), "-l", str(n), "-r", "300", "-gray", "-png",
                                str(pdf), str(prefix)], check=True, capture_output=True, timeout=OCR_TIMEOUT_S)
                images = sorted(Path(tmp).glob(f"p{n}*.png"))
                if not images:
                    raise RuntimeError("pdftoppm produced no image")
                res = subprocess.run(["tesseract", str(images[0]), "stdout", "-l", "vie", "--psm", "4"],
                                     check=True, capture_output=True, timeout=OCR_TIMEOUT_S)
                text = res.stdout.decode("utf-8", errors="replace")
            except Exception as exc:
                warnings.append(f"Trang {n}: không có lớp văn bản, OCR thất bại ({exc.__class__.__name__}) — "
                                f"không đọc được trang này (page {n} could not be read)")
                continue
            if len(text.strip()) < MIN_TEXT_CHARS:
                warnings.append(f"Trang {n}: không có lớp văn bản và OCR không nhận ra chữ — "
                                f"không đọc được trang này (page {n} could not be read)")
                continue
            warnings.append(f"Trang {n}: đọc bằng OCR (bản quét), cần kiểm tra lại nội dung (page {n} read by OCR)")
            out[n] = text
    return out
