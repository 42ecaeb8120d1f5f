"""Component names as sources write them -> catalog indicator codes (data/catalog/indicator_aliases.csv)."""
from __future__ import annotations

from chiso import catalog
from chiso.names import fold


def _aliases() -> tuple[dict, ...]:
    return catalog.indicator_aliases()


def indicator_for(index_code: str, name: str, year: int) -> str | None:
    """Catalog code for a component name or code as a source writes it, or None."""
    text = name.strip()
    if text.upper() in catalog.indicator_codes(index_code):
        return text.upper()
    key = fold(text)
    for a in _aliases():
        if a["index_code"] != index_code or fold(a["alias"]) != key:
            continue
        if a["first_year"] and year < int(a["first_year"]):
            continue
        if a["last_year"] and year > int(a["last_year"]):
            continue
        return a["indicator_code"]
    return None
