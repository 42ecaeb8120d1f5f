"""Codes of a scorecard's criteria and sub-criteria, built from their place in the tree (F3.2.1).

Apart from the reader so the task template and the coverage rule can ask without importing the
results store (no import cycle through chiso.tasks).
"""
from __future__ import annotations

import re

from chiso import catalog

# Indicator kinds only a province's scorecard brings (the catalog has fields, not their criteria).
SCORECARD_KINDS = frozenset({"criterion", "sub_criterion"})

_ITEM_CODE = re.compile(r"^(?P<field>[A-Z][A-Z0-9_]*?)(?P<rest>(\.\d+){1,2})$")


def tree_parent(code: str) -> str | None:
    """The item above a criterion or sub-criterion code built from the scorecard's tree
    (F3.2.1 -> F3.2 -> F3); None for any other code."""
    m = _ITEM_CODE.match(str(code or ""))
    return None if m is None else str(code).rsplit(".", 1)[0]


def is_item_code(index_code: str, code: str) -> bool:
    """A criterion or sub-criterion code of a field the catalog has (PAR_INDEX F3.2.1): what a task
    may link to before or after the scorecard that carries it is entered."""
    m = _ITEM_CODE.match(str(code or "").upper())
    return m is not None and m["field"] in catalog.indicator_codes(index_code)
