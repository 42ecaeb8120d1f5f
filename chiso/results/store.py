"""The results store: the Ministry's tables and the province's scorecards entered in the app, kept.

It lives beside the task store, apart from the built database (which is rebuilt from the bundled
files after every `git pull`): `data/chiso_results.duckdb` by default, `CHISO_RESULTS_URL=
postgresql://...` for several app servers (the task store's backends, same semantics). Every
build reads it (`entered_inputs`), so entered results are part of every database, and the bundled
data never overwrites them: where a bundled value disagrees, both go to `v_disagreements`.

A save is one transaction (all rows or none) and replaces the earlier upload of the same kind,
index, year and province; each upload records who entered it, when, from which document
(number and date) and the document's authority (`source_kind`: official | provincial | press).
"""
from __future__ import annotations

import datetime as dt
from dataclasses import dataclass, field
from pathlib import Path

import pandas as pd

from chiso import auth, catalog, names, paths
from chiso.auth import User
from chiso.errors import InputError
from chiso.i18n import N_, _, language
from chiso.results import schema
from chiso.results.scorecard import KINDS, Scorecard
from chiso.tasks.backends import backend_for
from etl import checked_records
from etl.canonical import Record

SOURCE_KINDS = ("official", "provincial", "press")
NATIONAL, SCORECARD = "national", "scorecard"


def kind_label(kind: str) -> str:
    """An upload's kind as the page and `chiso results` say it ("bảng điểm của tỉnh"; the CLI printed "scorecard")."""
    return _("province scorecard") if kind == SCORECARD else _("national table")


def authority_label(source_kind: str) -> str:
    """Whose document a result comes from, in words ("chính thức (quyết định của Bộ)"), the code if unknown."""
    return {"official": _("official (the Ministry's decision)"),
            "provincial": _("provincial (the province's document)"), "press": _("press")}.get(source_kind, source_kind)


@dataclass
class Entry:
    """One upload ready to save: what it is, where it comes from, and its rows."""
    kind: str
    index_code: str
    year: int
    province_code: str
    document: str
    document_date: dt.date | None
    source_kind: str
    file_name: str
    records: list[Record]
    scorecard: Scorecard | None = None
    warnings: list[str] = field(default_factory=list)

    @property
    def source(self) -> str:
        when = f" ngày {self.document_date:%d/%m/%Y}" if self.document_date else ""
        return f"{self.document}{when}"


def national_entry(records: list[Record], *, province_code: str, document: str, document_date=None,
                   source_kind: str = "official", file_name: str = "") -> Entry:
    """A national table as one entry: one index and year (an upload mixing editions is refused)."""
    editions = sorted({(r.index_code, r.year) for r in records})
    if len(editions) != 1:
        raise InputError(_("one upload is one index and one year; this file has {editions}",
                           editions=", ".join(f"{i} {y}" for i, y in editions)), file=file_name)
    index_code, year = editions[0]
    for r in records:
        r.source_kind = r.source_kind or source_kind  # a row's own 'Loại nguồn' wins over the document's
    return Entry(NATIONAL, index_code, year, province_code, document, document_date, source_kind, file_name, records)


def scorecard_entry(card: Scorecard, *, province_code: str, document: str, document_date=None,
                    source_kind: str = "official", file_name: str = "") -> Entry:
    """The scorecard's items as canonical values of the province (points; a gap stays a gap). An edition
    ranking the 34 provinces is the new province's: Bình Phước's admin entering PAR INDEX 2025 enters
    Đồng Nai's (said first in the warnings; it was refused as "mã tỉnh không thuộc bộ 34 tỉnh: '70'",
    naming a column the scorecard does not have)."""
    warnings = list(card.warnings)
    part_of = names.successor(province_code)
    if part_of and catalog.edition(card.index_code, card.year).province_set == "34":
        new = part_of[0]
        warnings.insert(0, _("{index} {year} ranks the 34 provinces formed on 1 July 2025: this scorecard is entered "
                             "as {new}'s, which {old} is part of.", index=catalog.short_name(card.index_code),
                             year=card.year, new=new.name_vi if language() == "vi" else new.name_en,
                             old=names.province_name(province_code)))
        province_code = new.code
    entry = Entry(SCORECARD, card.index_code, card.year, province_code, document, document_date, source_kind,
                  file_name or card.file, [], card, warnings)
    in_catalog = []
    for item in card.items:
        if item.points is None:
            continue
        r = Record(index_code=card.index_code, year=card.year, province_code=province_code, province_name="",
                   indicator_code=item.code, value=item.points, published_rank=None, published_ranked_count=None,
                   derived=False, source=f"{entry.source} (bảng điểm của tỉnh)", note="", file=card.file,
                   sheet=card.sheet, row=item.row, source_kind=source_kind)
        if item.in_catalog:
            in_catalog.append(r)
        else:
            r.province_set = catalog.edition(card.index_code, card.year).province_set
        entry.records.append(r)
    if in_catalog:
        checked_records.check_records(in_catalog)  # the catalog's maximum and edition rules hold for its own rows
    return entry


def _check_entry(entry: Entry) -> None:
    if entry.source_kind not in SOURCE_KINDS:
        raise InputError(_("authority must be one of {kinds}", kinds=", ".join(SOURCE_KINDS)), value=entry.source_kind)
    if not entry.document.strip():
        raise InputError(_("name the document the results come from (decision number and date)"))


class ResultsStore:
    """One results store (a DuckDB file or a PostgreSQL database). Cheap to create; holds no connection."""

    def __init__(self, url: str | Path | None = None, *, create: bool = True):
        self.url = str(url or paths.default_results_url())
        self.backend = backend_for(self.url)
        if create:
            schema.create(self.backend)

    def describe(self) -> str:
        return self.backend.describe()

    # ---------------------------------------------------------------- writing

    def save(self, user: User, entry: Entry) -> str:
        """Store an upload whole (or nothing), replacing the earlier one of the same kind, index, year
        and province. Returns its batch id."""
        auth.require_admin(user, entry.province_code, N_("enter index results"))
        _check_entry(entry)
        now = dt.datetime.now(dt.timezone.utc).replace(tzinfo=None)
        batch_id = f"{entry.kind}-{entry.index_code}-{entry.year}-{entry.province_code}-{now:%Y%m%d%H%M%S%f}"

        def work(tx):
            old = tx.rows("SELECT batch_id FROM result_batches WHERE kind = ? AND index_code = ? AND year = ? "
                          "AND province_code = ?", [entry.kind, entry.index_code, entry.year, entry.province_code])
            for (old_id,) in old:
                for table in ("result_values", "scorecard_items", "result_batches"):
                    tx.rows(f"DELETE FROM {table} WHERE batch_id = ?", [old_id])
            tx.rows("INSERT INTO result_batches VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?)",
                    [batch_id, entry.kind, entry.index_code, entry.year, entry.province_code, entry.document,
                     entry.document_date, entry.source_kind, entry.file_name, len(entry.records), user.username, now])
            for r in entry.records:
                tx.rows("INSERT INTO result_values VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?)",
                        [batch_id, r.row, r.sheet, r.index_code, r.year, r.province_set, r.province_code,
                         r.province_name, r.indicator_code, r.value, r.published_rank, r.published_ranked_count,
                         bool(r.derived), r.source or entry.source, r.note, r.source_kind or entry.source_kind])
            for i in entry.scorecard.items if entry.scorecard else []:
                tx.rows("INSERT INTO scorecard_items VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?)",
                        [batch_id, i.row, entry.index_code, entry.year, entry.province_code, i.code, i.parent_code,
                         i.level, i.name, i.max_value, i.points, i.in_catalog])
            return batch_id
        return self.backend.run(work)

    def delete(self, user: User, batch_id: str) -> None:
        def work(tx):
            row = tx.one("SELECT province_code FROM result_batches WHERE batch_id = ?", [batch_id])
            if row is None:
                raise InputError(_("no upload {batch}", batch=batch_id))
            auth.require_admin(user, row[0], N_("delete entered results"))
            for table in ("result_values", "scorecard_items", "result_batches"):
                tx.rows(f"DELETE FROM {table} WHERE batch_id = ?", [batch_id])
        self.backend.run(work)

    # ---------------------------------------------------------------- reading (published figures: no sign-in)

    def batches(self) -> pd.DataFrame:
        cols = ["batch_id", "kind", "index_code", "year", "province_code", "document", "document_date",
                "source_kind", "file_name", "row_count", "entered_by", "entered_at"]
        rows = self.backend.run(lambda tx: tx.rows(
            f"SELECT {', '.join(cols)} FROM result_batches ORDER BY entered_at, batch_id"))
        return pd.DataFrame(rows, columns=cols)

    def records(self) -> list[Record]:
        """Every stored value as a canonical record, located for error messages by upload and row."""
        rows = self.backend.run(lambda tx: tx.rows(
            "SELECT v.index_code, v.year, v.province_set, v.province_code, v.province_name, v.indicator_code, "
            "v.value, v.published_rank, v.published_ranked_count, v.derived, v.source, v.note, v.row_no, v.sheet, "
            "b.file_name, b.batch_id, v.source_kind, b.kind "
            "FROM result_values v JOIN result_batches b ON b.batch_id = v.batch_id "
            "ORDER BY b.entered_at, v.batch_id, v.row_no"))
        out = []
        for (index_code, year, pset, code, pname, ind, value, rank, count, derived, source, note, row_no, sheet,
             file_name, batch_id, source_kind, kind) in rows:
            out.append(Record(index_code=index_code, year=int(year), province_code=code, province_name=pname or "",
                              indicator_code=ind, value=value, published_rank=rank, published_ranked_count=count,
                              derived=bool(derived), source=source, note=note or "", province_set=pset,
                              file=f"{self.describe()} [{batch_id}] {file_name or ''}".strip(), sheet=sheet,
                              row=row_no, source_kind=source_kind, extra={"entered": kind}))
        return out

    def scorecard_items(self) -> pd.DataFrame:
        cols = ["batch_id", "row_no", "index_code", "year", "province_code", "indicator_code", "parent_code", "level",
                "name", "max_value", "points", "in_catalog", "document", "entered_at"]
        rows = self.backend.run(lambda tx: tx.rows(
            "SELECT i.batch_id, i.row_no, i.index_code, i.year, i.province_code, i.indicator_code, i.parent_code, "
            "i.level, i.name, i.max_value, i.points, i.in_catalog, b.document, b.entered_at "
            "FROM scorecard_items i JOIN result_batches b ON b.batch_id = i.batch_id "
            "ORDER BY b.entered_at, i.batch_id, i.row_no"))
        return pd.DataFrame(rows, columns=cols)


def save_and_rebuild(store: ResultsStore, user, entry: Entry, db_path: Path | None = None) -> str:
    """Keep `entry` (all or nothing), then rebuild the database from the bundled files and this store,
    so the entered table shows at once. Returns the saved batch's id. The page and the CLI both call this."""
    from etl.build import build  # the build reads every results store; this module must not load it on import
    batch = store.save(user, entry)
    build(Path(db_path or paths.default_db_path()), progress=lambda *_: None, results_url=store.url)
    return batch


def open_results_store(url: str | Path | None = None) -> ResultsStore:
    return ResultsStore(url)


# ------------------------------------------------------------------ what every build adds

@dataclass
class EnteredInputs:
    records: list[Record] = field(default_factory=list)
    periods: list[catalog.IndicatorPeriod] = field(default_factory=list)
    files: list[tuple[str, int]] = field(default_factory=list)


def entered_inputs(db_path: Path | None = None, url: str | None = None) -> EnteredInputs:
    """The entered results a build of `db_path` includes: canonical records (checked against the
    catalog again: it may have changed since they were entered) and the indicator periods the
    scorecards add. A DuckDB store that does not exist yet adds nothing (and is not created)."""
    url = url or paths.default_results_url(db_path)
    if not url.startswith(("postgresql://", "postgres://")) and not Path(url.removeprefix("duckdb://")).exists():
        return EnteredInputs()
    store = ResultsStore(url)
    periods = structure_periods(store.scorecard_items())
    records = store.records()
    known = [r for r in records if catalog.indicator_period(r.index_code, r.indicator_code, r.year) is not None]
    if known:  # a scorecard's own items were checked against their maxima on entry
        checked_records.check_records(known)
    n = len(records)
    return EnteredInputs(checked_records.check_duplicates(records), periods,
                         [(f"{store.describe()} (kết quả đã nhập / entered results)", n)] if n else [])


def structure_periods(items: pd.DataFrame) -> list[catalog.IndicatorPeriod]:
    """Criteria and sub-criteria the catalog lacks, as indicator periods marked as from a scorecard.

    The catalog's own rows win: an item whose code the catalog has for that year adds nothing.
    Years in a row with the same name, parent and maximum make one period, so a score change is
    computed within it (and never across a change of the item)."""
    if items.empty:
        return []
    items = items[~items.in_catalog.astype(bool)]
    firsts = items.sort_values(["entered_at", "row_no"]).drop_duplicates(["index_code", "indicator_code", "year"])
    out = []
    for (index_code, code), g in firsts.sort_values("year").groupby(["index_code", "indicator_code"], sort=True):
        run = None
        for r in g.itertuples():
            if catalog.indicator_period(index_code, code, int(r.year)) is not None:
                continue
            same = run is not None and run["last_year"] == r.year - 1 and run["name"] == r.name \
                and run["parent_code"] == r.parent_code and _same_max(run["max_value"], r.max_value)
            if same:
                run["last_year"] = int(r.year)
                continue
            if run:
                out.append(_period(index_code, code, run))
            run = {"name": r.name, "parent_code": r.parent_code, "level": int(r.level), "max_value": r.max_value,
                   "first_year": int(r.year), "last_year": int(r.year), "document": r.document}
        if run:
            out.append(_period(index_code, code, run))
    return out


def _same_max(a, b) -> bool:
    if a is None or pd.isna(a):
        return b is None or pd.isna(b)
    return b is not None and not pd.isna(b) and abs(float(a) - float(b)) < 1e-9


def _period(index_code: str, code: str, run: dict) -> catalog.IndicatorPeriod:
    max_value = None if run["max_value"] is None or pd.isna(run["max_value"]) else float(run["max_value"])
    return catalog.IndicatorPeriod(
        index_code, code, run["parent_code"], run["level"], KINDS[run["level"]], run["name"], run["name"],
        max_value, 0.0, run["first_year"], run["last_year"], None,
        f"Từ bảng điểm của tỉnh (scorecard): {run['document']}", f"From the province's scorecard: {run['document']}")


def looks_like_scorecard(filename: str, data: bytes) -> bool:
    """A scorecard has the scorecard template's level/maximum/points columns; anything else is
    read as a national table."""
    from chiso.names import fold as _fold
    from chiso.results.scorecard import COLUMNS as SC
    suffix = Path(filename).suffix.lower()
    if suffix not in (".xlsx", ".csv"):
        return False
    try:
        from chiso.results.scorecard import _grid
        _sheet, grid = _grid(Path(filename).name, data, suffix)
    except InputError:
        return False
    header = {_fold(h) for h in (grid[0][1] if grid else []) if h is not None}
    return {_fold(SC["max_value"]), _fold(SC["points"])} <= header


def prepare(filename: str, data: bytes, *, province_code: str, document: str = "", document_date=None,
            source_kind: str = "official", index_code: str | None = None, year: int | None = None,
            indicator_code: str = "TOTAL") -> Entry:
    """An uploaded file (national table or scorecard, told apart by its columns) read, checked whole
    and ready to review and save. The page and `chiso results import` both call this."""
    from chiso.results import national, scorecard
    name = Path(filename or "").name
    if looks_like_scorecard(name, data):
        card = scorecard.read(name, data)
        if not document.strip():
            raise InputError(_("name the document the results come from (decision number and date)"), file=name)
        return scorecard_entry(card, province_code=province_code, document=document, document_date=document_date,
                               source_kind=source_kind, file_name=name)
    records = national.read_table(name, data, index_code=index_code, year=year, indicator_code=indicator_code,
                                  source=document)
    if not document.strip():
        document = "; ".join(dict.fromkeys(r.source for r in records))
    entry = national_entry(records, province_code=province_code, document=document, document_date=document_date,
                           source_kind=source_kind, file_name=name)
    return entry
