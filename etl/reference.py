"""The catalog as tables the build's SQL looks up (asked of chiso.catalog, the one reader of
data/catalog): indices, indicator periods, source kinds and their weight, named tiers, the size of
each province set. The same tables back a full build and a check of a few records (etl.validate)."""
from __future__ import annotations

from pathlib import Path

import pandas as pd
import pyarrow as pa

from chiso import catalog

SQL_DIR = Path(__file__).with_name("sql")


def run_sql(con, name: str) -> None:
    con.execute((SQL_DIR / name).read_text(encoding="utf-8"))


def insert(con, table: str, rows: list[tuple]) -> None:
    """Python rows into a table in one statement (DuckDB's executemany runs one per row)."""
    if not rows:
        return
    # Arrow builds a small table in a third of pandas' time; pandas takes columns Arrow cannot type. The
    # relation is inserted directly: registering a view of it and dropping it again took longer than the
    # insert (2,5 against 4,2 ms for the catalog's 130 indicators)
    try:
        relation = con.from_arrow(pa.table({f"c{i}": list(column) for i, column in enumerate(zip(*rows))}))
    except (pa.ArrowInvalid, pa.ArrowTypeError):
        relation = con.from_df(pd.DataFrame(rows, columns=[f"c{i}" for i in range(len(rows[0]))]))
    relation.insert_into(table)


def load(con, extra_periods=()) -> None:
    """Declared tables (etl/sql/tables.sql) and the reference data every rule reads. `extra_periods`:
    indicator periods a province's scorecard adds (chiso.results), beside the catalog's own."""
    run_sql(con, "tables.sql")
    insert(con, "indices", [(i.code, i.name_vi, i.name_en, i.short, i.publisher_vi, i.publisher_en, i.unit_vi,
                             i.unit_en, i.first_year, i.higher_is_better, i.methodology_vi, i.methodology_en,
                             i.quartile_groups) for i in catalog.indices().values()])
    insert(con, "indicators", [(p.index_code, p.indicator_code, p.parent_code, p.level, p.kind, p.name_vi, p.name_en,
                                p.max_value, p.min_value, p.first_year, p.last_year, p.aggregation, p.note, p.note_en)
                               for p in (*catalog.indicator_periods(), *extra_periods)])
    # indicator_id numbers each (index, indicator) for the build's integer row key (etl/validate.py)
    con.execute("CREATE OR REPLACE TEMP TABLE periods AS SELECT *, rowid AS ord, coalesce(last_year, 9999) AS until, "
                "dense_rank() OVER (ORDER BY index_code, indicator_code) AS indicator_id FROM indicators ORDER BY ord")
    con.execute("CREATE OR REPLACE TEMP TABLE source_kinds (source_kind VARCHAR, authority INTEGER)")
    insert(con, "source_kinds", list(catalog.source_kinds().items()))
    con.execute("CREATE OR REPLACE TEMP TABLE tiers (index_code VARCHAR, label VARCHAR, group_no INTEGER, "
                "group_vi VARCHAR, group_en VARCHAR)")
    insert(con, "tiers", [(index_code, label, *tier) for (index_code, label), tier in catalog.tiers().items()])
    con.execute("CREATE OR REPLACE TEMP TABLE province_set_sizes (province_set VARCHAR, province_count INTEGER)")
    insert(con, "province_set_sizes", [(s["province_set"], int(s["province_count"])) for s in catalog.province_sets()])


def classify_sources(con) -> None:
    """The kind of each staged source stated without one, as data/catalog/source_authorities.csv says
    (a few hundred distinct sources, asked once each)."""
    rows = [(i, src, catalog.source_kind_of(i, src)) for i, src in con.execute(
        "SELECT DISTINCT index_code, source FROM staged WHERE source_kind IS NULL").fetchall()]
    con.execute("CREATE OR REPLACE TEMP TABLE source_kind_map (index_code VARCHAR, source VARCHAR, source_kind VARCHAR)")
    insert(con, "source_kind_map", rows)
