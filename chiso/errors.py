"""Errors a user can act on: each names the file, sheet, row and column at fault."""
from __future__ import annotations


class ChisoError(Exception):
    """An error whose message is meant for the user (printed without a traceback).

    Raise it with an English msgid and parameters, `ChisoError("Unknown province {name}", name=n)`;
    `str(error)` renders it in the language of the run (chiso.i18n), at the edge (page or CLI).
    """

    def __init__(self, message: str = "", /, **params):
        self.message, self.params = message, params
        super().__init__(message)

    def __str__(self) -> str:
        from chiso.i18n import _
        try:
            return _(self.message, **self.params)
        except (KeyError, IndexError, ValueError):  # a message already formatted by its raiser
            return self.message


class InputError(ChisoError):
    """Bad input, located precisely: file, sheet, row (1-based, as a spreadsheet shows it), column."""

    def __init__(self, message: str, *, file=None, sheet=None, row=None, column=None, value=None):
        self.file, self.sheet, self.row, self.column, self.value = file, sheet, row, column, value
        where = []
        if file is not None:
            where.append(f"tệp {file}")
        if sheet is not None:
            where.append(f"trang {sheet}")
        if row is not None:
            where.append(f"dòng {row}")
        if column is not None:
            where.append(f"cột {column}")
        text = message if value is None else f"{message}: '{value}'"
        super().__init__(f"{', '.join(where)}: {text}" if where else text)
