"""Checks of a rendered deck, by geometry, not by eye.

`problems(pptx, pdf)` opens the deck (python-pptx: each shape's box) and its LibreOffice rendering
(pdfplumber: where every word was actually drawn) and lists what a briefing officer would trip on:
a shape off its slide, two shapes on top of each other, a word drawn outside the box of the shape
it belongs to (text that overflowed its box, or a table grown past its declared height), two
words drawn on top of each other, a slide (other than the title) with no chart, table or value.
"""
from __future__ import annotations

import re
import shutil
import subprocess
import unicodedata
from pathlib import Path

EMU_PER_PT = 12700
TOL = 3.0  # points: anti-aliasing and font hinting


def soffice_pdf(pptx: Path, out_dir: Path) -> Path:
    soffice = shutil.which("soffice") or shutil.which("libreoffice")
    profile = out_dir / "lo-profile"  # a private profile: no clash with a LibreOffice already running
    subprocess.run([soffice, f"-env:UserInstallation=file://{profile}", "--headless", "--convert-to", "pdf",
                    "--outdir", str(out_dir), str(pptx)], check=True, timeout=300,
                   stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL)
    return out_dir / (pptx.stem + ".pdf")


def _norm(text: str) -> str:
    return unicodedata.normalize("NFC", text)


def _box(shape) -> tuple[float, float, float, float]:
    return (shape.left / EMU_PER_PT, shape.top / EMU_PER_PT, (shape.left + shape.width) / EMU_PER_PT,
            (shape.top + shape.height) / EMU_PER_PT)


def _text(shape) -> str:
    if shape.has_text_frame:
        return shape.text_frame.text
    if getattr(shape, "has_table", False) and shape.has_table:
        return " ".join(c.text for row in shape.table.rows for c in row.cells)
    return ""


def _overlap(a, b, tol=TOL) -> bool:
    return a[0] < b[2] - tol and b[0] < a[2] - tol and a[1] < b[3] - tol and b[1] < a[3] - tol


def problems(pptx: Path, pdf: Path) -> list[str]:
    import pdfplumber
    from pptx import Presentation
    from pptx.enum.shapes import MSO_SHAPE_TYPE

    prs = Presentation(str(pptx))
    w, h = prs.slide_width / EMU_PER_PT, prs.slide_height / EMU_PER_PT
    out: list[str] = []
    with pdfplumber.open(str(pdf)) as doc:
        assert len(doc.pages) == len(prs.slides), "LibreOffice drew a different number of slides"
        for n, (slide, page) in enumerate(zip(prs.slides, doc.pages), 1):
            shapes = list(slide.shapes)
            boxes = [(_box(s), _norm(_text(s)), s) for s in shapes]
            for box, text, s in boxes:
                if box[0] < -TOL or box[1] < -TOL or box[2] > w + TOL or box[3] > h + TOL:
                    out.append(f"slide {n}: shape off the slide {box} {text[:40]!r}")
            for i in range(len(boxes)):
                for j in range(i + 1, len(boxes)):
                    if _overlap(boxes[i][0], boxes[j][0]):
                        out.append(f"slide {n}: shapes overlap: {boxes[i][1][:30]!r} / {boxes[j][1][:30]!r}")
            if n > 1:
                body = [s for s in shapes if s.shape_type == MSO_SHAPE_TYPE.PICTURE or getattr(s, "has_table", False)
                        and s.has_table]
                values = [t for b, t, s in boxes if b[1] > 80 and b[1] < h - 40 and re.search(r"\d", t)]
                if not body and not values:
                    out.append(f"slide {n}: no chart, table or value")
            sx, sy = w / float(page.width), h / float(page.height)
            words = page.extract_words(keep_blank_chars=False, use_text_flow=False)
            placed = []
            for word in words:
                token = _norm(word["text"])
                wb = (word["x0"] * sx, word["top"] * sy, word["x1"] * sx, word["bottom"] * sy)
                if wb[0] < -TOL or wb[1] < -TOL or wb[2] > w + TOL or wb[3] > h + TOL:
                    out.append(f"slide {n}: {token!r} drawn off the slide")
                owners = [b for b, t, s in boxes if token in t] or [b for b, t, s in boxes if t]
                if not any(b[0] - TOL <= wb[0] and wb[2] <= b[2] + TOL and b[1] - TOL <= wb[1] and wb[3] <= b[3] + TOL
                           for b in owners):
                    out.append(f"slide {n}: {token!r} drawn outside its box at {tuple(round(v) for v in wb)}")
                placed.append((wb, token))
            for i in range(len(placed)):
                for j in range(i + 1, len(placed)):
                    if _overlap(placed[i][0], placed[j][0], tol=1.5):
                        out.append(f"slide {n}: words drawn on each other: {placed[i][1]!r} / {placed[j][1]!r}")
    return out
