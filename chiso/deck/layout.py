"""Layout rules of the briefing deck: where things go on a 16:9 slide and how big they are.

Nothing on a slide is sized by hope. Every text box is as tall as its text measured with the
font's own metrics (Liberation Sans, which has Arial's widths, so PowerPoint and LibreOffice
wrap the same way); every table row as tall as its tallest wrapped cell; a table that does not
fit the room left above the footer is cut into pages by `paginate`. The caller gets back where
each block ends, and places the next one below it.

No texts here (they are in `chiso.deck.texts`), no data (in `chiso.deck.content`).
"""
from __future__ import annotations

import io
from dataclasses import dataclass
from functools import lru_cache
from pathlib import Path

from pptx.dml.color import RGBColor
from pptx.enum.text import MSO_ANCHOR, MSO_AUTO_SIZE, PP_ALIGN
from pptx.util import Emu, Inches, Pt

SLIDE_W, SLIDE_H = Inches(13.333), Inches(7.5)
MARGIN = Inches(0.5)
CONTENT_W = SLIDE_W - 2 * MARGIN
FOOTER_TOP = Inches(7.0)
GAP = Inches(0.15)
FONT = "Arial"  # on every office PC, with Vietnamese glyphs; LibreOffice renders it as Liberation Sans
TITLE_PT, BODY_PT, TABLE_PT, FOOTER_PT = 30, 20, 18, 12
LINE = 1.25                    # line height / font size: LibreOffice draws 1.17 (Arial/Liberation, and Noto
                               # Sans for the Vietnamese letters Liberation lacks); a little over, never short
BOX_MARGIN_X, BOX_MARGIN_Y = Inches(0.08), Inches(0.05)
CELL_MARGIN_X, CELL_MARGIN_Y = Inches(0.06), Inches(0.04)
DARK = RGBColor(0x22, 0x22, 0x22)
GREY = RGBColor(0x55, 0x55, 0x55)
RED = RGBColor(0xC8, 0x10, 0x2E)
HEADER_FILL = RGBColor(0xDC, 0xE6, 0xF0)
WARN_FILL = RGBColor(0xFF, 0xF4, 0xE0)
WHITE = RGBColor(0xFF, 0xFF, 0xFF)
# Chart pictures: pixels per slide inch, and their type in pixels (≈17 pt on the slide).
CHART_PX_PER_IN = 100
CHART_FONT_PX = 24
# Measured as LibreOffice draws Vietnamese: each letter in Liberation Sans (Arial's widths) when it
# has the glyph, else in Noto Sans (the fallback that has ấ, ể, ữ …, and is wider).
_FONT_FILES = ("/usr/share/fonts/truetype/liberation/LiberationSans-{}.ttf",
               "/usr/share/fonts/truetype/noto/NotoSans-{}.ttf",
               "/usr/share/fonts/truetype/dejavu/DejaVuSans{}.ttf")


@lru_cache(maxsize=4)
def _fonts(bold: bool) -> tuple:
    from PIL import ImageFont

    found = []
    for pattern in _FONT_FILES:
        style = ("-Bold" if bold else "") if "dejavu" in pattern else ("Bold" if bold else "Regular")
        if Path(pattern.format(style)).exists():
            found.append(ImageFont.truetype(pattern.format(style), 100))
    return tuple(found) or (ImageFont.load_default(100),)


@lru_cache(maxsize=8192)
def _char_width(ch: str, bold: bool) -> float:
    """Advance width of `ch` at 100 px in the first font that has its glyph (a missing glyph
    draws as the font's .notdef box, the same as a private-use character's)."""
    fonts = _fonts(bold)
    for font in fonts[:-1]:
        if ch.isspace() or bytes(font.getmask(ch)) != bytes(font.getmask("\ue000")):
            return font.getlength(ch)
    return fonts[-1].getlength(ch)


def text_width(text: str, size_pt: float, bold: bool = False) -> int:
    """Width in EMU of `text` at `size_pt`, letter by letter in the font LibreOffice uses for it."""
    return int(sum(_char_width(ch, bold) for ch in text) / 100 * size_pt * 12700)


def wrap(text: str, width_emu: int, size_pt: float, bold: bool = False) -> list[str]:
    """Lines as a word-wrapping renderer breaks them (a word longer than the line is cut), with 3%
    of the width to spare: renderers differ in kerning and a line that just fits may not."""
    width_emu = int(width_emu * 0.97)
    lines: list[str] = []
    for para in str(text).split("\n"):
        line = ""
        for word in para.split(" "):
            trial = f"{line} {word}" if line else word
            if text_width(trial, size_pt, bold) <= width_emu:
                line = trial
                continue
            if line:
                lines.append(line)
            while text_width(word, size_pt, bold) > width_emu and len(word) > 1:
                cut = len(word)
                while cut > 1 and text_width(word[:cut], size_pt, bold) > width_emu:
                    cut -= 1
                lines.append(word[:cut])
                word = word[cut:]
            line = word
        lines.append(line)
    return lines


def clip(text: str, width_in: float, size_pt: float, lines: int) -> str:
    """`text` cut at a word, "…" after it, to fit `lines` lines of a table cell `width_in` wide (the
    cell's margins taken off): a row's height is its tallest cell, so one long text sets a whole row."""
    text = str(text).strip()
    width = Inches(width_in) - 2 * CELL_MARGIN_X
    if len(wrap(text, width, size_pt)) <= lines:
        return text
    words = text.split(" ")
    while len(words) > 1 and len(wrap(" ".join(words) + "…", width, size_pt)) > lines:
        words.pop()
    return " ".join(words).rstrip(",;:.") + "…"


def text_height(lines: int, size_pt: float) -> int:
    return int(lines * size_pt * LINE * 12700)


def text_box(slide, left, top, width, paragraphs, size=BODY_PT, bold=False, color=DARK, align=PP_ALIGN.LEFT,
             fill=None) -> int:
    """A text box exactly as tall as its wrapped `paragraphs`; returns its bottom (EMU)."""
    paragraphs = [paragraphs] if isinstance(paragraphs, str) else [p for p in paragraphs if p]
    inner = width - 2 * BOX_MARGIN_X
    n_lines = sum(len(wrap(p, inner, size, bold)) for p in paragraphs)
    height = text_height(n_lines, size) + 2 * BOX_MARGIN_Y
    box = slide.shapes.add_textbox(left, top, width, height)
    tf = box.text_frame
    tf.word_wrap = True
    tf.auto_size = MSO_AUTO_SIZE.NONE
    tf.vertical_anchor = MSO_ANCHOR.TOP
    tf.margin_left = tf.margin_right = BOX_MARGIN_X
    tf.margin_top = tf.margin_bottom = BOX_MARGIN_Y
    if fill is not None:
        box.fill.solid()
        box.fill.fore_color.rgb = fill
    for i, text in enumerate(paragraphs):
        p = tf.paragraphs[0] if i == 0 else tf.add_paragraph()
        p.alignment = align
        p.line_spacing = 1.0
        run = p.add_run()
        run.text = text
        f = run.font
        f.name, f.size, f.bold, f.color.rgb = FONT, Pt(size), bold, color
    return top + height


def title_bottom(text: str) -> int:
    """Where content may start under a title `text` (as `title` lays it out, without a subtitle)."""
    lines = len(wrap(text, CONTENT_W - 2 * BOX_MARGIN_X, TITLE_PT, bold=True))
    return Inches(0.3) + text_height(lines, TITLE_PT) + 2 * BOX_MARGIN_Y + GAP


def title(slide, text: str, subtitle: str | None = None) -> int:
    """The slide's title (and subtitle) from the top; returns where the content may start."""
    bottom = text_box(slide, MARGIN, Inches(0.3), CONTENT_W, text, size=TITLE_PT, bold=True)
    if subtitle:
        bottom = text_box(slide, MARGIN, bottom, CONTENT_W, subtitle, size=TABLE_PT, color=GREY)
    return bottom + GAP


def footer(slide, text: str, number: int) -> None:
    """Source and export date, and the slide number, in the band under FOOTER_TOP (one line:
    `text` is shortened to fit rather than run under the slide's edge)."""
    width = CONTENT_W - Inches(1.0)
    inner = width - 2 * BOX_MARGIN_X
    shown = text
    while len(wrap(shown, inner, FOOTER_PT)) > 1:
        shown = shown[:-8].rstrip(" ,;·") + " …"
    text_box(slide, MARGIN, FOOTER_TOP, width, shown, size=FOOTER_PT, color=GREY)
    text_box(slide, SLIDE_W - MARGIN - Inches(0.9), FOOTER_TOP, Inches(0.9), str(number), size=FOOTER_PT,
             color=GREY, align=PP_ALIGN.RIGHT)


def notes(slide, lines: list[str]) -> None:
    slide.notes_slide.notes_text_frame.text = "\n".join(line for line in lines if line)


@dataclass
class Table:
    header: list[str]
    rows: list[list[str]]
    widths_in: list[float]
    size: float = TABLE_PT
    highlight_first: set[int] | None = None  # row numbers (0 = first data row) drawn in red
    groups: list[int] | None = None  # a group number per row: a weak criterion and the ↳ rows under it

    def blocks(self) -> list[list[int]]:
        """Row numbers in runs of one group each (each row its own run without `groups`)."""
        if not self.groups:
            return [[i] for i in range(len(self.rows))]
        runs = []
        for i, g in enumerate(self.groups):
            if runs and self.groups[runs[-1][-1]] == g:
                runs[-1].append(i)
            else:
                runs.append([i])
        return runs

    def items(self, row_numbers) -> int:
        """How many items these rows hold (a group counts once)."""
        return len({self.groups[i] for i in row_numbers}) if self.groups else len(list(row_numbers))

    def items_cut(self, shown_rows, cut_rows) -> int:
        """How many items the rows cut hold: a group cut whole counts once; a row cut from a group
        shown in part (only where one group is taller than a page allows) counts as one of its own."""
        if not self.groups:
            return len(list(cut_rows))
        shown = {self.groups[i] for i in shown_rows}
        return (self.items([i for i in cut_rows if self.groups[i] not in shown])
                + sum(1 for i in cut_rows if self.groups[i] in shown))

    def height(self, row_numbers) -> int:
        """The header and these rows, as drawn."""
        return self.row_height(self.header, bold=True) + sum(self.row_height(self.rows[i]) for i in row_numbers)

    def row_height(self, values: list[str], bold: bool = False) -> int:
        lines = max(len(wrap(str(v), Inches(w) - 2 * CELL_MARGIN_X, self.size, bold))
                    for v, w in zip(values, self.widths_in))
        return text_height(lines, self.size) + 2 * CELL_MARGIN_Y + Pt(2)


def paginate(table: Table, room_first: int, room_next: int) -> list[list[int]]:
    """Data row numbers per page: as many rows as fit under the repeated header in the room of
    each page (the first page may have less room than the next ones). The rows of one group
    (`Table.groups`) go to the next page together rather than be cut apart; only a group taller
    than a whole page is split, where it must be."""
    head = table.row_height(table.header, bold=True)
    pages, page, used = [], [], head
    room = room_first
    for block in table.blocks():
        heights = [table.row_height(table.rows[i]) for i in block]
        if page and used + sum(heights) > room and head + sum(heights) <= room_next:
            pages.append(page)
            page, used, room = [], head, room_next
        for i, h in zip(block, heights):
            if page and used + h > room:
                pages.append(page)
                page, used, room = [], head, room_next
            page.append(i)
            used += h
    if page or not pages:
        pages.append(page)
    return pages


def draw_table(slide, top: int, table: Table, row_numbers: list[int]) -> int:
    """The header and the given rows as a native table with measured row heights; returns its bottom."""
    values = [table.header] + [table.rows[i] for i in row_numbers]
    heights = [table.row_height(table.header, bold=True)] + [table.row_height(table.rows[i]) for i in row_numbers]
    shape = slide.shapes.add_table(len(values), len(table.header), MARGIN, top, Inches(sum(table.widths_in)),
                                   sum(heights))
    t = shape.table
    for j, w in enumerate(table.widths_in):
        t.columns[j].width = Inches(w)
    for i, (row_values, h) in enumerate(zip(values, heights)):
        t.rows[i].height = h
        for j, value in enumerate(row_values):
            cell = t.cell(i, j)
            cell.margin_left = cell.margin_right = CELL_MARGIN_X
            cell.margin_top = cell.margin_bottom = CELL_MARGIN_Y
            cell.vertical_anchor = MSO_ANCHOR.TOP
            tf = cell.text_frame
            tf.word_wrap = True
            tf.paragraphs[0].text = ""
            tf.paragraphs[0].line_spacing = 1.0
            run = tf.paragraphs[0].add_run()
            run.text = str(value)
            run.font.name, run.font.size, run.font.bold = FONT, Pt(table.size), i == 0
            red = table.highlight_first and i > 0 and row_numbers[i - 1] in table.highlight_first and j == 0
            run.font.color.rgb = RED if red else DARK
            cell.fill.solid()
            cell.fill.fore_color.rgb = HEADER_FILL if i == 0 else WHITE
    return top + sum(heights)


def chart_box(top: int) -> tuple[int, int, int, int]:
    """(left, top, width, height) in EMU of the room a chart picture fills under `top`."""
    return MARGIN, top, CONTENT_W, FOOTER_TOP - GAP - top


def chart_pixels(box: tuple[int, int, int, int]) -> tuple[int, int]:
    return (int(box[2] / Inches(1) * CHART_PX_PER_IN), int(box[3] / Inches(1) * CHART_PX_PER_IN))


def picture(slide, png: bytes, box: tuple[int, int, int, int]):
    left, top, width, height = box
    return slide.shapes.add_picture(io.BytesIO(png), Emu(left), Emu(top), Emu(width), Emu(height))
