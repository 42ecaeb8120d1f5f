"""The task store's tables and the `v_tasks` view, one DDL text for DuckDB and PostgreSQL.

Portable types only (TEXT, DATE, BOOLEAN, INTEGER, BIGINT, TIMESTAMP); timestamps
are naive UTC. There are no foreign keys: DuckDB refuses to update a row that
other rows reference, and the store code keeps links and tasks consistent
inside each transaction anyway. `v_tasks` is a contract other tools read:
one row per task and linked component, with exactly these column names.

`audit_log` is append-only and hash-chained (`chiso.audit`). On PostgreSQL a trigger refuses
UPDATE, DELETE and TRUNCATE of it, and `grant_app_role` gives the application's login role what
it needs and no more: read/write on plans, tasks and links, INSERT and SELECT only on the audit
log. Run it once as the owner of the tables (`python -m chiso audit grant --store OWNER_URL
--role chiso_app`), then let the app connect as that role.
"""
from __future__ import annotations

import re

from chiso import audit
from chiso.errors import ChisoError

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
        after_json TEXT,
        row_hash TEXT)  -- chiso.audit: sha256 chaining each row to the previous one""",
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

# Everyone but a superuser is refused a change to the audit log on PostgreSQL, the owner included.
POSTGRES_AUDIT_GUARD = (
    """CREATE OR REPLACE FUNCTION chiso_audit_append_only() RETURNS trigger LANGUAGE plpgsql AS $$
       BEGIN RAISE EXCEPTION 'audit_log is append-only (chiso)'; END $$""",
    "CREATE OR REPLACE TRIGGER audit_log_append_only BEFORE UPDATE OR DELETE ON audit_log "
    "FOR EACH ROW EXECUTE FUNCTION chiso_audit_append_only()",
    "CREATE OR REPLACE TRIGGER audit_log_no_truncate BEFORE TRUNCATE ON audit_log "
    "FOR EACH STATEMENT EXECUTE FUNCTION chiso_audit_append_only()",
)


def _has_column(tx, table: str, column: str) -> bool:
    return bool(tx.one("SELECT count(*) FROM information_schema.columns WHERE table_name = ? AND column_name = ?",
                       [table, column])[0])


def create(backend) -> None:
    """Tables on a new store; on an older one, the audit chain added and its existing rows sealed."""
    if backend.schema_ready:
        return

    def work(tx):
        if backend.kind == "postgres":
            # Several app processes may start at once; DDL on one catalog must not race.
            tx.rows("SELECT pg_advisory_xact_lock(4242001)")
        # Skip DDL on an existing store: re-running it would take catalog locks on every start.
        if tx.one("SELECT count(*) FROM information_schema.tables WHERE table_name = ?", ["v_tasks"])[0]:
            if not _has_column(tx, "audit_log", "row_hash"):
                tx.rows("ALTER TABLE audit_log ADD COLUMN row_hash TEXT")
                audit.seal_existing(tx)
                if backend.kind == "postgres":
                    for sql in POSTGRES_AUDIT_GUARD:
                        tx.rows(sql)
            return
        for sql in STATEMENTS:
            tx.rows(sql)
        if backend.kind == "postgres":
            for sql in POSTGRES_INDEXES + POSTGRES_AUDIT_GUARD:
                tx.rows(sql)
    backend.run(work, allow_audit_rewrite=True)
    backend.schema_ready = True


_ROLE = re.compile(r"[a-z_][a-z0-9_]{0,62}")


def grant_app_role(backend, role: str) -> None:
    """Give the application's login role (PostgreSQL) exactly what the store needs: read and write on
    plans, tasks and task_links, SELECT on v_tasks, SELECT and INSERT only on audit_log, the sequences.
    Run as the tables' owner; idempotent."""
    if backend.kind != "postgres":
        raise ChisoError("Roles exist only on PostgreSQL; a DuckDB store is protected by its file's permissions")
    if not _ROLE.fullmatch(role):
        raise ChisoError("Invalid role name {role!r} (lower-case letters, digits and _)", role=role)
    create(backend)
    statements = (
        f'GRANT SELECT, INSERT, UPDATE, DELETE ON plans, tasks, task_links TO "{role}"',
        f'GRANT SELECT ON v_tasks TO "{role}"',
        f'REVOKE ALL ON audit_log FROM "{role}"',
        f'GRANT SELECT, INSERT ON audit_log TO "{role}"',
        f'GRANT USAGE, SELECT, UPDATE ON SEQUENCE task_id_seq, plan_id_seq, audit_id_seq TO "{role}"',
    )
    backend.run(lambda tx: [tx.rows(sql) for sql in statements], allow_audit_rewrite=True)
