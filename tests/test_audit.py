"""The audit log is hash-chained and append-only: edits made behind the store's back are named."""
from __future__ import annotations

from urllib.parse import urlsplit, urlunsplit

import pytest

from chiso import audit, cli
from chiso.tasks import open_store
from chiso.tasks.backends import AuditAppendOnly
from task_fixtures import ADMIN, BINH_PHUOC, pg_url, row, store_url  # noqa: F401


def _seed(store) -> list[str]:
    ids = list(store.import_rows(ADMIN, BINH_PHUOC, [row("Việc một"), row("Việc hai"), row("Việc ba")]).task_ids)
    task = store.get_task(ADMIN, ids[0])
    store.update_task(ADMIN, ids[0], task.version, progress_note="đã họp")
    store.delete_task(ADMIN, ids[2], 1)
    audit.record("sign_in_locked", actor="admin_bp", province_code=BINH_PHUOC, subject="account:admin_bp",
                 details={"client": "203.0.113.7", "failures": 5}, store=store)
    return ids


def _raw(store):
    """A connection that bypasses the store (what someone holding the file or a superuser has)."""
    if store.kind == "duckdb":
        import duckdb
        store.backend.close()
        return duckdb.connect(store.backend.path)
    import psycopg
    con = psycopg.connect(store.url, autocommit=True)
    con.execute("SET session_replication_role = replica")  # a superuser skipping the append-only trigger
    return con


def _verify_cli(url, capsys) -> tuple[int, str]:
    code = cli.main(["audit", "verify", "--store", url])
    return code, capsys.readouterr().out


def test_chain_holds_and_cli_says_so(store_url, capsys):
    store = open_store(store_url)
    _seed(store)
    verdict = audit.verify(store)
    assert verdict.ok and verdict.rows == 6  # 3 created, 1 update, 1 delete, 1 lockout
    code, out = _verify_cli(store_url, capsys)
    assert code == 0 and "6" in out
    lockout = store.audit_log(ADMIN, BINH_PHUOC)[0]
    assert lockout.action == "sign_in_locked" and lockout.after == {"client": "203.0.113.7", "failures": 5}


@pytest.mark.parametrize("tamper", ["update", "delete"])
def test_a_row_changed_behind_the_store_is_named(store_url, capsys, tamper):
    store = open_store(store_url)
    _seed(store)
    ids = [e.id for e in sorted(store.audit_log(ADMIN, BINH_PHUOC), key=lambda e: e.id)]
    target = ids[3]  # the update: someone hides what the progress note said
    con = _raw(store)
    if tamper == "update":
        con.execute("UPDATE audit_log SET after_json = replace(after_json, 'đã họp', 'chưa họp') WHERE id = "
                    f"{target}")
        broken = target
    else:
        con.execute(f"DELETE FROM audit_log WHERE id = {target}")
        broken = ids[4]  # the row after the hole no longer chains to its predecessor
    con.close()
    verdict = audit.verify(open_store(store_url))
    assert not verdict.ok and verdict.broken_id == broken and verdict.rows == 3
    code, out = _verify_cli(store_url, capsys)
    assert code == 1 and f" {broken} " in out


def test_store_api_refuses_to_rewrite_the_log(store_url):
    store = open_store(store_url)
    _seed(store)
    for sql in ("UPDATE audit_log SET actor = 'x'", "delete from audit_log", "TRUNCATE audit_log",
                "  Update  audit_log set action = 'x' where id = 1", "ALTER TABLE audit_log DROP COLUMN row_hash"):
        with pytest.raises(AuditAppendOnly):
            store.backend.run(lambda tx: tx.rows(sql))
    assert audit.verify(store).ok


def test_postgres_app_role_can_only_insert_and_select_the_log(pg_url):
    import uuid

    import psycopg
    from chiso.tasks import schema
    from pg_server import fresh_database

    owner_url = fresh_database(pg_url, f"t_{uuid.uuid4().hex[:12]}")
    owner = open_store(owner_url)
    role, password = f"app_{uuid.uuid4().hex[:8]}", uuid.uuid4().hex
    with psycopg.connect(owner_url, autocommit=True) as con:
        con.execute(f"CREATE ROLE {role} LOGIN PASSWORD '{password}'")
    assert cli.main(["audit", "grant", "--store", owner_url, "--role", role]) == 0
    parts = urlsplit(owner_url)
    app_url = urlunsplit(parts._replace(netloc=f"{role}:{password}@{parts.hostname}:{parts.port}"))
    app = open_store(app_url)
    _seed(app)  # the application works through its role: import, update, delete, record
    with psycopg.connect(app_url, autocommit=True) as con:
        for sql in ("UPDATE audit_log SET actor = 'x'", "DELETE FROM audit_log", "TRUNCATE audit_log"):
            with pytest.raises(psycopg.errors.InsufficientPrivilege):
                con.execute(sql)
        assert con.execute("SELECT count(*) FROM audit_log").fetchone()[0] == 6
    # The owner is refused by the trigger (a superuser could bypass it; verify catches that, above).
    with psycopg.connect(owner_url, autocommit=True) as con:
        with pytest.raises(psycopg.errors.RaiseException):
            con.execute("UPDATE audit_log SET actor = 'x'")
    assert audit.verify(owner).ok


def test_older_store_gets_its_rows_sealed(tmp_path):
    import duckdb
    path = tmp_path / "old.duckdb"
    store = open_store(path)
    _seed(store)
    store.backend.close()
    con = duckdb.connect(str(path))
    con.execute("ALTER TABLE audit_log DROP COLUMN row_hash")  # the schema before the chain
    con.close()
    from chiso.tasks.backends import backend_for
    backend_for(path).schema_ready = False
    verdict = audit.verify(open_store(path))
    assert verdict.ok and verdict.rows == 6
