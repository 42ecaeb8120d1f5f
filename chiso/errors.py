"""Errors a user can act on: each names the file, sheet, row and column at fault."""
from __future__ import annotations


class Said(str):
    """A msgid passed as an error's parameter (`action=Said(N_("import tasks"))`): translated with the
    error, in the language it is shown in, not the one it was raised in."""


class Later:
    """A parameter worded when the error is shown (`province=Later(province_name, code)`): a name
    that has a Vietnamese and an English form is given in the language of the page or command that
    shows the error, not the one it was raised in."""

    def __init__(self, word, *args):
        self.word, self.args = word, args

    def __str__(self) -> str:
        return str(self.word(*self.args))


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
        params = {k: _(v) if isinstance(v, Said) else str(v) if isinstance(v, Later) else v
                  for k, v in self.params.items()}
        try:
            return _(self.message, **params)
        except (KeyError, IndexError, ValueError):  # a message already formatted by its raiser
            return self.message


class InputError(ChisoError):
    """Bad input, located precisely: file, sheet, row (1-based, as a spreadsheet shows it), column.

    `InputError("Text in a number cell", file=f, row=3, column="Giá trị", value="tám lăm")` renders
    "tệp f, dòng 3, cột Giá trị: ô phải là số: 'tám lăm'" in Vietnamese; extra keyword arguments fill
    the message's placeholders."""

    def __init__(self, message: str, *, file=None, sheet=None, row=None, column=None, value=None, **params):
        self.file, self.sheet, self.row, self.column, self.value = file, sheet, row, column, value
        super().__init__(message, **params)

    def where(self) -> str:
        """The place, in the run's language: "file f, sheet s, row 3, column c" ('' when none is known)."""
        from chiso.i18n import _
        where = []
        if self.file is not None:
            where.append(_("file {file}", file=self.file))
        if self.sheet is not None:
            where.append(_("sheet {sheet}", sheet=self.sheet))
        if self.row is not None:
            where.append(_("row {row}", row=self.row))
        if self.column is not None:
            where.append(_("column {column}", column=self.column))
        return ", ".join(where)

    def __str__(self) -> str:
        text = ChisoError.__str__(self)
        text = text if self.value is None else f"{text}: '{self.value}'"
        where = self.where()
        return f"{where}: {text}" if where else text
