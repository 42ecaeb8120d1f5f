"""Build the DuckDB database of published results, set-based and atomically.

    published files -> staging tables (DuckDB read_csv, all text) -> validation rules (SQL)
    -> consolidate sources -> derive by the index's own rule -> ranks and changes (window
    functions) -> declared tables in a NEW database file -> swap

Every step after reading is SQL in etl/sql/ over the whole data set at once; Python only
orchestrates and resolves the few distinct province names. The new database is written beside the
old one and moved into place only when everything succeeded, so a failed build leaves the
previous database exactly as it was.
"""
from __future__ import annotations

import datetime as dt
import os
import re
import time
from dataclasses import dataclass, field
from pathlib import Path

import duckdb
import pandas as pd

from chiso import catalog, paths
from chiso.clock import VN_TZ
from chiso.errors import InputError
from chiso.i18n import N_, _
from chiso.names import historical_provinces, new_provinces, province_set_codes, provinces
from etl import geo, reference, staging, validate
from etl.reference import SQL_DIR, insert, run_sql
from etl.staging import read_line

TOLERANCE = validate.TOLERANCE
SUM_TOLERANCE = 1e-4  # published dimension vs sum of published sub-dimensions (float32 rounding)
GROUPS = [(1, "Nhóm đạt điểm cao nhất", "Highest"), (2, "Nhóm đạt điểm trung bình cao", "High average"),
          (3, "Nhóm đạt điểm trung bình thấp", "Low average"), (4, "Nhóm đạt điểm thấp nhất", "Lowest")]


@dataclass
class BuildReport:
    """What a build read, derived and found; said to the user by `chiso build` (chiso/commands/build.py)."""
    files: list[tuple[str, int]] = field(default_factory=list)
    rows_per_edition: pd.DataFrame | None = None
    missing_per_edition: dict = field(default_factory=dict)
    derived_count: int = 0
    disagreements: pd.DataFrame | None = None
    seconds: float = 0.0
    not_read: list[Path] = field(default_factory=list)  # files in a --source folder a build does not read


def published_files(extra_sources: list[Path] | None = None) -> list[Path]:
    files = staging.files_in(paths.PUBLISHED_DIR)
    for source in extra_sources or []:
        source = Path(source)
        if not (source.exists() or source.is_symlink()):  # a mistyped --source built without it, silently
            raise InputError(N_("no such file or folder"), file=str(source))
        files += [source] if source.is_file() or source.is_symlink() else staging.files_in(source)
    return files


def bundled_inputs() -> list[Path]:
    """Every bundled file a default build reads, and the ETL code that shapes the database: when one
    is newer than the database (a `git pull` brought new figures or a new table), the app rebuilds
    on its next start."""
    files = published_files() + catalog.build_inputs()
    files += [paths.DATA_DIR / "provinces.csv", geo.GEOJSON_63, *sorted(SQL_DIR.glob("*.sql")),
              *sorted(Path(__file__).parent.glob("*.py"))]
    return [f for f in files if f.exists()]


def build(db_path: Path | None = None, extra_sources: list[Path] | None = None, progress=print,
          results_url: str | None = None) -> BuildReport:
    started = time.perf_counter()
    db_path = Path(db_path or paths.default_db_path())
    db_path.parent.mkdir(parents=True, exist_ok=True)
    _remove_leftovers(db_path)
    report = BuildReport(not_read=[f for s in extra_sources or [] if Path(s).is_dir()
                                   for f in staging.files_in(Path(s), read=False)])
    tmp = db_path.with_name(f".{db_path.name}.building-{os.getpid()}")
    tmp.unlink(missing_ok=True)
    try:
        con = duckdb.connect(str(tmp))
        try:
            files = published_files(extra_sources)
            _tune(con, files)
            entered_lines: list[str] = []
            entered = entered_results(db_path, entered_lines.append, results_url)
            _load_catalog(con, entered.periods)
            progress(_("Reading the published files ..."))
            report.files = staging.stage(con, files, progress)
            # entered results read first (file -1): the province's own document beside the bundled figures
            staging.insert_records(con, -1, entered.records)
            report.files += entered.files
            for line in entered_lines:
                progress(line)
            # every row's line is known once read: the build's own tables need not keep their rows' order
            # (at SYNTHETIC x100 on two threads, writing the consolidated rows took 2,6 s instead of 7,4 s)
            con.execute("SET preserve_insertion_order = false")
            validate.check(con)
            progress(_("Merging sources, deriving totals, ranking ..."))
            _consolidate_and_derive(con)
            # the results in one transaction: the file is new and swapped in only on success, so nothing
            # is gained by logging each statement. Not before: temporary tables are not logged anyway,
            # rowids are final only once committed, and a table dropped inside a transaction keeps its
            # memory until the commit
            con.execute("BEGIN")
            con.execute("SET preserve_insertion_order = true")  # the declared tables keep the order they are written in
            _rank(con)
            _fill_report(con, report)
            con.execute("INSERT INTO build_info VALUES (?, ?)",
                        [dt.datetime.now(VN_TZ).isoformat(timespec="seconds"), "; ".join(f for f, _ in report.files)])
            progress(_("Writing the new database ..."))
            run_sql(con, "views.sql")
            con.execute("SET checkpoint_threshold = '1KB'")
            con.execute("COMMIT")
            con.execute("CHECKPOINT")
        finally:
            con.close()
        os.replace(tmp, db_path)  # atomic on one filesystem: readers see the old file or the new one
    finally:
        tmp.unlink(missing_ok=True)
        Path(str(tmp) + ".wal").unlink(missing_ok=True)
    report.seconds = time.perf_counter() - started
    return report


SERIAL_BELOW_BYTES = 32 * 2**20
HELD_MEMORY_PER_INPUT_BYTE = 8  # the build's peak memory at SYNTHETIC x100 was 6,5 times its 1,2 GB of input


def _tune(con, files: list[Path]) -> None:
    """Threads, and the memory the build keeps rather than gives back to the system.

    One thread below SERIAL_BELOW_BYTES of input. On the bundled data (9 MB) the build's many small
    steps spent more time waiting for each other on two threads than they gained (DuckDB's profile:
    0,1 s of blocked threads in one 0,14 s statement; on a quiet machine, the same run: 1,12 s on one
    thread against 1,22 s on two); ten times the data (120 MB) is faster on two (4,6 s against 6,0 s).

    Each step's tables are dropped once read, and the next step reuses their memory only if DuckDB's
    allocator held on to it: given back, every page was faulted in again (at SYNTHETIC x100, 4
    million page faults and a third of the build's time). The held memory goes with the connection."""
    size = sum(f.stat().st_size for f in files if f.exists())
    if size < SERIAL_BELOW_BYTES:
        con.execute("SET threads = 1")
    limit = con.execute("SELECT current_setting('memory_limit')").fetchone()[0]
    held = min(size * HELD_MEMORY_PER_INPUT_BYTE, _bytes(limit) // 2)
    con.execute(f"SET block_allocator_memory = '{held}B'; SET allocator_flush_threshold = '{held}B'; "
                f"SET allocator_bulk_deallocation_flush_threshold = '{held}B'")


UNITS = {"B": 1, "bytes": 1, "KiB": 2**10, "MiB": 2**20, "GiB": 2**30, "TiB": 2**40,
         "KB": 10**3, "MB": 10**6, "GB": 10**9, "TB": 10**12}


def _bytes(setting: str) -> int:
    """DuckDB's '18.8 GiB' (or '8000B') as bytes; 0 (hold nothing) for a limit said another way."""
    found = re.fullmatch(r"\s*([0-9.]+)\s*([A-Za-z]+)\s*", setting or "")
    if not found or found[2] not in UNITS:
        return 0
    return int(float(found[1]) * UNITS[found[2]])


def entered_results(db_path: Path, progress=print, results_url: str | None = None):
    """Results entered in the app (`chiso.results`: the Ministry's tables, the province's scorecards):
    extra canonical records and the scorecard's criteria the catalog lacks, in every build."""
    from chiso.results import entered_inputs
    entered = entered_inputs(db_path, results_url)
    for f, n in entered.files:
        progress(read_line(f, n))
    return entered


def _remove_leftovers(db_path: Path) -> None:
    """Temporary files of builds that were killed (their process is gone) are removed."""
    for leftover in db_path.parent.glob(f".{db_path.name}.building-*"):
        pid = leftover.name.rsplit("-", 1)[-1].split(".")[0]
        if pid.isdigit() and int(pid) != os.getpid() and not _alive(int(pid)):
            leftover.unlink(missing_ok=True)


def _alive(pid: int) -> bool:
    try:
        os.kill(pid, 0)
    except ProcessLookupError:
        return False
    except PermissionError:
        return True
    return True


def _load_catalog(con, extra_periods=()) -> None:
    """The catalog (asked of chiso.catalog, its one reader), provinces and map layers, into declared tables."""
    reference.load(con, extra_periods)
    insert(con, "provinces", [(p.code, p.name_vi, p.name_en, p.region_vi, p.region_en, p.code_2025, p.name_2025)
                               for p in provinces()])
    insert(con, "provinces_2025", [(p.code, p.name_vi, p.name_en) for p in new_provinces().values()])
    insert(con, "methodology_changes", [(c["index_code"], int(c["year"]), c["title_vi"], c["title_en"],
                                          c["description_vi"], c["description_en"],
                                          str(c["breaks_total"]).strip().lower() in ("true", "1", "có"), c["source"])
                                         for c in catalog.methodology_changes()])
    insert(con, "province_history", [(h.code, h.name_vi, h.name_en, h.region_vi, h.region_en, h.province_set,
                                       h.last_year, h.merged_into_code, h.merged_on, h.label_vi, h.label_en,
                                       h.successor_note_vi, h.successor_note_en, h.source)
                                      for h in historical_provinces()])
    con.execute("CREATE OR REPLACE TEMP TABLE set_members (province_set VARCHAR, province_code VARCHAR)")
    insert(con, "set_members", [(s["province_set"], code) for s in catalog.province_sets()
                                 for code in sorted(province_set_codes(s["province_set"]))])
    con.execute("CREATE OR REPLACE TEMP TABLE group_names (group_no INTEGER, group_vi VARCHAR, group_en VARCHAR)")
    insert(con, "group_names", GROUPS)
    geo.load_layers(con)


def consolidate(records) -> tuple[pd.DataFrame, pd.DataFrame]:
    """The consolidation rule (etl/sql/consolidate.sql) applied to importer records, in memory:
    (one row per key with value, sources, disputed; the disagreements). For tests and tools."""
    con = duckdb.connect()
    try:
        reference.load(con)
        staging.reset(con)
        staging.insert_records(con, 0, records)
        con.execute("CREATE TEMP TABLE staged AS SELECT dense_rank() OVER (ORDER BY index_code, year, province_code, "
                    "indicator_code) AS key, * FROM imported")
        reference.classify_sources(con)
        con.execute(f"SET VARIABLE tolerance = {TOLERANCE}")
        run_sql(con, "consolidate.sql")
        return (con.execute("SELECT * FROM consolidated ORDER BY ALL").df(),
                con.execute("SELECT * FROM found_disagreements ORDER BY ALL").df())
    finally:
        con.close()


def _consolidate_and_derive(con) -> None:
    con.execute(f"SET VARIABLE tolerance = {TOLERANCE}; SET VARIABLE sum_tolerance = {SUM_TOLERANCE}")
    reference.classify_sources(con)
    # the rows naming a publisher's tier, the one thing ranking reads of the checked rows: kept aside, so
    # the checked rows are dropped once consolidated and their memory serves derivation and ranking
    con.execute("CREATE OR REPLACE TEMP TABLE staged_tiers AS SELECT index_code, year, province_code, published_group, "
                "source_kind, source, file_no, row FROM staged WHERE published_group IS NOT NULL")
    run_sql(con, "consolidate.sql")
    con.execute("DROP VIEW staged; DROP TABLE checked")
    con.execute("""CREATE OR REPLACE TEMP TABLE kid_counts AS
        SELECT k.index_code, k.parent_code, y.year, count(*) AS n,
               string_agg(k.indicator_code, ' + ' ORDER BY k.ord) AS kid_codes  -- a parent is summed only when all are there
        FROM periods k JOIN (SELECT DISTINCT index_code, year FROM consolidated) y
          ON y.index_code = k.index_code AND y.year BETWEEN k.first_year AND k.until
        WHERE k.parent_code IS NOT NULL GROUP BY ALL""")
    levels = sorted({p.level for p in catalog.indicator_periods() if p.aggregation == "sum"}, reverse=True)
    for level in levels:  # dimensions before totals
        con.execute(f"SET VARIABLE level = {int(level)}")
        run_sql(con, "derive.sql")


def _rank(con) -> None:
    _editions(con)
    run_sql(con, "rank.sql")
    con.execute("INSERT INTO disagreements SELECT * FROM found_disagreements")
    con.execute(f"INSERT INTO aggregates {validate.AGGREGATES}")


def _editions(con) -> None:
    """The catalog's editions, and one for each (index, year) the data brings that it does not list
    yet; an edition becomes full once every province of its set has a total."""
    keys = set(catalog.editions()) | set(con.execute("SELECT DISTINCT index_code, year FROM consolidated").fetchall())
    rows = []
    for index_code, year in sorted(keys):
        e = catalog.edition(index_code, int(year))
        rows.append((index_code, int(year), e.province_set, e.coverage, e.methodology, e.published_ranked_count,
                     e.note_vi, e.note_en))
    con.execute("CREATE OR REPLACE TEMP TABLE catalog_editions (index_code VARCHAR, year INTEGER, province_set VARCHAR, "
                "coverage VARCHAR, methodology VARCHAR, published_ranked_count INTEGER, note_vi VARCHAR, note_en VARCHAR)")
    insert(con, "catalog_editions", rows)
    con.execute("""INSERT INTO editions BY NAME
        WITH totals AS (SELECT index_code, year, count(DISTINCT province_code) AS with_total FROM consolidated
                        WHERE indicator_code = 'TOTAL' AND value IS NOT NULL GROUP BY ALL),
        e AS (SELECT c.*, coalesce(t.with_total, 0) AS with_total,
                     CASE WHEN c.coverage = 'full' OR coalesce(t.with_total, 0) >= s.province_count THEN 'full'
                          ELSE 'partial' END AS coverage_now
              FROM catalog_editions c LEFT JOIN totals t USING (index_code, year)
              JOIN province_set_sizes s USING (province_set))
        SELECT index_code, year, province_set, coverage_now AS coverage, methodology,
               CASE WHEN coverage_now = 'full' THEN with_total END AS ranked_count, published_ranked_count,
               note_vi, note_en, with_total
        FROM e ORDER BY index_code, year""")


def _fill_report(con, report: BuildReport) -> None:
    report.derived_count = con.execute("SELECT count(*) FROM scores WHERE derived").fetchone()[0]
    report.disagreements = con.execute("SELECT * FROM disagreements ORDER BY index_code, year, province_code, "
                                       "indicator_code, kind").df()
    report.rows_per_edition = con.execute("""
        SELECT e.index_code, e.year, coalesce(n.values, 0) AS values, e.with_total, e.coverage
        FROM editions e LEFT JOIN (SELECT index_code, year, count(*) AS values FROM scores GROUP BY ALL) n
        USING (index_code, year) ORDER BY e.index_code, e.year""").df()
    missing = con.execute("""
        SELECT e.index_code, e.year, list(m.province_code ORDER BY m.province_code)
        FROM editions e JOIN set_members m USING (province_set)
        WHERE NOT EXISTS (SELECT 1 FROM scores s WHERE s.index_code = e.index_code AND s.year = e.year
                          AND s.indicator_code = 'TOTAL' AND s.value IS NOT NULL AND s.province_code = m.province_code)
        GROUP BY ALL""").fetchall()
    report.missing_per_edition = {(i, y): codes for i, y, codes in missing}
