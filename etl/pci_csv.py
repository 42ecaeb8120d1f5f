"""PCI values as collected in `raw/pci/pci.csv`: one value per row, with the page or file it came from.

Columns: year, province (as the source writes it), indicator (`TOTAL`, `RANK`, `TIER` or a
sub-index as the source names it, Vietnamese or English), value, source_url_or_repo_path, note.
The same value may come from several sources; each row keeps its own. `N/A` is what VCCI prints
for a province it does not rank (from PCI 2023, all but the top 30): a gap, not a value.

Rows taken from VCCI's workbooks (`…/PCI_<year>.xls(x)#sheet`) are skipped by default: the
workbook importer (etl/pci_workbooks.py) reads those files themselves, and a test checks that
both agree on every such row.
"""
from __future__ import annotations

import csv
import unicodedata
from pathlib import Path

from chiso import aliases, catalog
from chiso.errors import InputError
from chiso.i18n import _
from chiso.names import UnknownProvince, resolve_province
from etl import authority, pci_workbooks
from etl.canonical import Record, parse_int, parse_number

COLUMNS = ["year", "province", "indicator", "value", "source_url_or_repo_path", "note"]
NOT_RANKED = {"n/a", "na"}


def looks_like(path: Path) -> bool:
    if path.suffix.lower() != ".csv":
        return False
    with open(path, encoding="utf-8-sig", errors="replace") as fh:
        return next(csv.reader(fh), []) == COLUMNS


def from_workbook(source: str) -> bool:
    """True for a row whose source is one of VCCI's PCI_<year> workbooks."""
    file_part = source.split("#")[0].rsplit("/", 1)[-1]
    return bool(pci_workbooks.FILE_NAME.match(file_part))


def read(path: Path, *, skip_workbook_rows: bool = True) -> list[Record]:
    path = Path(path)
    try:
        text = path.read_text(encoding="utf-8-sig")
    except UnicodeDecodeError as exc:
        raise InputError(_("the file is not UTF-8"), file=path,
                         row=path.read_bytes()[: exc.start].count(b"\n") + 1) from None
    reader = csv.DictReader(text.splitlines())
    if reader.fieldnames != COLUMNS:
        raise InputError(_("wrong columns, expected {columns}", columns=", ".join(COLUMNS)), file=path, row=1)
    headline: dict[tuple, Record] = {}  # (year, province, source) -> the TOTAL record (score, rank, tier)
    records: list[Record] = []
    for line, r in enumerate(reader, start=2):
        source = r["source_url_or_repo_path"].strip()
        if skip_workbook_rows and from_workbook(source):
            continue
        where = dict(file=path, row=line)
        year = parse_int(r["year"], column="year", **where)
        name = unicodedata.normalize("NFC", r["province"]).strip()
        try:
            province = resolve_province(name)
        except UnknownProvince as exc:
            raise InputError(str(exc), column="province", value=name, **where) from None
        raw = unicodedata.normalize("NFC", r["value"]).strip()
        if raw == "" or raw.lower() in NOT_RANKED:
            continue  # not ranked / not stated: a gap stays a gap
        indicator = r["indicator"].strip()
        note = r["note"].strip()
        kind = catalog.source_kind_of("PCI", source) or ""
        if indicator in ("TOTAL", "RANK", "TIER"):
            key = (year, province, source)
            rec = headline.get(key)
            if rec is None:
                rec = Record("PCI", year, province, name, "TOTAL", None, None, None, False, source, note, None,
                             source_kind=kind, file=str(path), row=line, extra={"column": "value"})
                headline[key] = rec
                records.append(rec)
            if indicator == "TOTAL":
                rec.value = parse_number(raw, column="value", **where)
            elif indicator == "RANK":
                rec.published_rank = parse_int(raw, column="value", **where)
                rec.published_ranked_count = catalog.edition("PCI", year).published_ranked_count
            else:
                rec.published_group = raw
            continue
        code = aliases.indicator_for("PCI", indicator, year)
        if code is None:
            raise InputError(_("component not in the catalog"), column="indicator", value=indicator, **where)
        records.append(Record("PCI", year, province, name, code, parse_number(raw, column="value", **where),
                              None, None, False, source, note, None, source_kind=kind, file=str(path),
                              row=line, extra={"column": "value"}))
    return authority.classify(records)
