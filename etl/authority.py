"""Each bundled value's source kind (official | provincial | press), as data/catalog classifies it.

The importers call `classify` on what they read, so every row of data/published carries the kind
the build uses when sources disagree (authority first, then how many sources agree)."""
from __future__ import annotations

from chiso import catalog
from chiso.errors import InputError
from chiso.i18n import _
from etl.canonical import Record


def classify(records: list[Record]) -> list[Record]:
    """Fill a blank source_kind from source_authorities.csv; a source no rule covers is an error."""
    for r in records:
        if not r.source_kind:
            kind = catalog.source_kind_of(r.index_code, r.source)
            if kind is None:
                raise InputError(_("no rule in source_authorities.csv gives this source a kind"),
                                 file=r.file, sheet=r.sheet, row=r.row, value=r.source)
            r.source_kind = kind
    return records
