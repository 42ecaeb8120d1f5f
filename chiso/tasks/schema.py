"""The task store's tables and the `v_tasks` view, one DDL text for DuckDB and PostgreSQL.

Portable types only (TEXT, DATE, BOOLEAN, INTEGER, BIGINT, TIMESTAMP); timestamps
are naive UTC. There are no foreign keys: DuckDB refuses to update a row that
other rows reference, and the store code keeps links and tasks consistent
inside each transaction anyway. `v_tasks` is a contract other tools read:
one row per task and linked component, with exactly these column names.
"""
from __future__ import annotations

STATEMENTS = (
    "CREATE SEQUENCE IF NOT EXISTS task_id_seq START 1",
    "CREATE SEQUENCE IF NOT EXISTS plan_id_seq START 1",
    "CREATE SEQUENCE IF NOT EXISTS audit_id_seq START 1",
    """CREATE TABLE IF NOT EXISTS plans (
        plan_id TEXT PRIMARY KEY,
        province_code TEXT NOT NULL,
        issuer TEXT,
        number TEXT,
        issued_date DATE,
        indices TEXT,
        source_document TEXT,
        created_at TIMESTAMP NOT NULL,
        created_by TEXT NOT NULL)""",
    """CREATE TABLE IF NOT EXISTS tasks (
        task_id TEXT PRIMARY KEY,
        plan_id TEXT,
        province_code TEXT NOT NULL,
        text TEXT NOT NULL,
        lead_unit TEXT NOT NULL,
        partner_units TEXT,
        due_date DATE,
        recurring BOOLEAN NOT NULL,
        reporting_period TEXT,
        target TEXT,
        status TEXT NOT NULL CHECK (status IN ('not_started', 'in_progress', 'done', 'paused')),
        progress_note TEXT,
        version INTEGER NOT NULL,
        updated_by TEXT,
        updated_at TIMESTAMP,
        source TEXT,
        completed_at DATE,
        created_at TIMESTAMP,
        created_by TEXT)""",
    """CREATE TABLE IF NOT EXISTS task_links (
        task_id TEXT NOT NULL,
        index_code TEXT NOT NULL,
        indicator_code TEXT)""",
    """CREATE TABLE IF NOT EXISTS audit_log (
        id BIGINT PRIMARY KEY,
        task_id TEXT NOT NULL,
        province_code TEXT NOT NULL,
        actor TEXT NOT NULL,
        "at" TIMESTAMP NOT NULL,  -- quoted: AT is a keyword in DuckDB
        action TEXT NOT NULL,
        before_json TEXT,
        after_json TEXT)""",
    """CREATE OR REPLACE VIEW v_tasks AS
        SELECT t.task_id, t.plan_id, t.province_code, t.text, t.lead_unit, t.partner_units,
               t.due_date, t.recurring, t.status, l.index_code, l.indicator_code
        FROM tasks t LEFT JOIN task_links l ON l.task_id = t.task_id""",
)

# Secondary indexes only where they help: PostgreSQL. DuckDB scans these small tables
# faster than it maintains ART indexes under updates.
POSTGRES_INDEXES = (
    "CREATE INDEX IF NOT EXISTS tasks_province_idx ON tasks (province_code)",
    "CREATE INDEX IF NOT EXISTS task_links_task_idx ON task_links (task_id)",
    'CREATE INDEX IF NOT EXISTS audit_log_province_idx ON audit_log (province_code, "at")',
)


def create(backend) -> None:
    def work(tx):
        if backend.kind == "postgres":
            # Several app processes may start at once; DDL on one catalog must not race.
            tx.rows("SELECT pg_advisory_xact_lock(4242001)")
        # Skip DDL on an existing store: re-running it would take catalog locks on every start.
        if tx.one("SELECT count(*) FROM information_schema.tables WHERE table_name = ?", ["v_tasks"])[0]:
            return
        for sql in STATEMENTS:
            tx.rows(sql)
        if backend.kind == "postgres":
            for sql in POSTGRES_INDEXES:
                tx.rows(sql)
    backend.run(work)
