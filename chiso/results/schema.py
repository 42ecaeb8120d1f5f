"""The results store's tables: one DDL text for DuckDB and PostgreSQL (portable types only).

`result_batches` is one upload (a national table or a province's scorecard) with who entered it,
when, from which document and its authority kind; `result_values` its canonical rows (what the
build reads, like a published file); `scorecard_items` the scorecard's tree (field → criterion →
sub-criterion, each with its maximum and points), from which the build adds the criteria and
sub-criteria the catalog lacks for that edition.
"""
from __future__ import annotations

STATEMENTS = (
    """CREATE TABLE IF NOT EXISTS result_batches (
        batch_id TEXT PRIMARY KEY,
        kind TEXT NOT NULL CHECK (kind IN ('national', 'scorecard')),
        index_code TEXT NOT NULL,
        year INTEGER NOT NULL,
        province_code TEXT NOT NULL,
        document TEXT NOT NULL,
        document_date DATE,
        source_kind TEXT NOT NULL CHECK (source_kind IN ('official', 'provincial', 'press')),
        file_name TEXT,
        row_count INTEGER NOT NULL,
        entered_by TEXT NOT NULL,
        entered_at TIMESTAMP NOT NULL)""",
    """CREATE TABLE IF NOT EXISTS result_values (
        batch_id TEXT NOT NULL,
        row_no INTEGER NOT NULL,
        sheet TEXT,
        index_code TEXT NOT NULL,
        year INTEGER NOT NULL,
        province_set TEXT NOT NULL,
        province_code TEXT NOT NULL,
        province_name TEXT,
        indicator_code TEXT NOT NULL,
        value DOUBLE PRECISION,
        published_rank INTEGER,
        published_ranked_count INTEGER,
        derived BOOLEAN NOT NULL,
        source TEXT NOT NULL,
        note TEXT,
        source_kind TEXT NOT NULL)""",
    """CREATE TABLE IF NOT EXISTS scorecard_items (
        batch_id TEXT NOT NULL,
        row_no INTEGER NOT NULL,
        index_code TEXT NOT NULL,
        year INTEGER NOT NULL,
        province_code TEXT NOT NULL,
        indicator_code TEXT NOT NULL,
        parent_code TEXT,
        level INTEGER NOT NULL,
        name TEXT NOT NULL,
        max_value DOUBLE PRECISION,
        points DOUBLE PRECISION,
        in_catalog BOOLEAN NOT NULL)""",
)


def create(backend) -> None:
    def work(tx):
        if backend.kind == "postgres":
            tx.rows("SELECT pg_advisory_xact_lock(4242016)")
        if tx.one("SELECT count(*) FROM information_schema.tables WHERE table_name = ?", ["scorecard_items"])[0]:
            return
        for sql in STATEMENTS:
            tx.rows(sql)
    backend.run(work)
