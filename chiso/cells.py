"""Spreadsheet cell safety, shared by every file chiso writes or reads back (exports, task and
plan templates).

Text starting with `=`, `+`, `-`, `@`, tab or carriage return is run as a formula by Excel and
LibreOffice when a CSV is opened or a cell edited (CSV/formula injection). Out, such text gets a
leading apostrophe (CSV) or is forced to a quoted string cell (XLSX); in, the apostrophe is
removed again so an exported file re-imports unchanged.
"""
from __future__ import annotations

FORMULA_STARTS = ("=", "+", "-", "@", "\t", "\r")


def is_formula_like(value) -> bool:
    return isinstance(value, str) and value.startswith(FORMULA_STARTS)


def neutralise(value):
    """Text a spreadsheet would run as a formula gets a leading apostrophe; anything else is kept."""
    return "'" + value if is_formula_like(value) else value


def unneutralise(value):
    """The inverse of `neutralise` (only an apostrophe that `neutralise` could have added)."""
    if isinstance(value, str) and value.startswith("'") and is_formula_like(value[1:]):
        return value[1:]
    return value


def set_text(cell, value: str) -> None:
    """An openpyxl cell holding `value` as text: openpyxl would store '=...' as a formula; force a
    string cell with the quote prefix so Excel does not evaluate it when the user edits it."""
    cell.value = value
    if is_formula_like(value):
        cell.data_type = "s"
        cell.quotePrefix = True
