"""The task store on a PostgreSQL server (`backend_for` picks it for a `postgresql://` URL): the
interface and its semantics are `chiso.tasks.backends`'s, the same SQL text runs on both stores."""
from __future__ import annotations

import threading
import time
from typing import Callable

from chiso.tasks.backends import BUSY_TIMEOUT_S, Conflict, StoreBusy, T, Tx, _backoff


def _to_psycopg(sql: str) -> str:
    # Our SQL never holds a literal '?' or '%', so this translation is exact.
    return sql.replace("%", "%%").replace("?", "%s")


class PostgresBackend:
    """PostgreSQL: one connection per thread, kept open (a new one costs a TCP and SCRAM handshake,
    most of a save's time). PostgreSQL has no file lock, so holding connections blocks no one."""
    kind = "postgres"

    def __init__(self, url: str):
        self.url = url
        self.schema_ready = False
        self._local = threading.local()

    def _connection(self):
        import psycopg
        con = getattr(self._local, "con", None)
        if con is None or con.closed or con.broken:
            con = psycopg.connect(self.url, connect_timeout=10)
            self._local.con = con
        return con

    def close(self) -> None:
        """Close this thread's connection (it reopens on the next unit of work)."""
        con = getattr(self._local, "con", None)
        if con is not None:
            con.close()
            self._local.con = None

    def describe(self) -> str:
        from psycopg.conninfo import conninfo_to_dict
        info = conninfo_to_dict(self.url)
        return f"PostgreSQL {info.get('host', '')}:{info.get('port', '5432')}/{info.get('dbname', '')}"

    def run(self, work: Callable[[Tx], T], *, write: bool = True, allow_audit_rewrite: bool = False) -> T:
        from psycopg import errors as pg_errors
        deadline = time.monotonic() + BUSY_TIMEOUT_S
        attempt = 0
        while True:
            # READ COMMITTED: a guarded UPDATE (`WHERE version = ?`) waits for a concurrent
            # writer of the same row, then re-checks the version, so a stale save updates 0 rows.
            con = self._connection()
            try:
                with con.transaction():
                    with con.cursor() as cur:
                        def execute(sql, params, count):
                            cur.execute(_to_psycopg(sql), params)
                            if count:
                                return cur.rowcount
                            return cur.fetchall() if cur.description else []
                        # No session cache: other servers write to the same database at the same time.
                        tx = Tx(execute, self.kind, None, allow_audit_rewrite)
                        result = work(tx)
                for action in tx.on_commit:
                    action()
                return result
            except (pg_errors.SerializationFailure, pg_errors.DeadlockDetected, Conflict) as exc:
                if time.monotonic() > deadline:
                    raise StoreBusy("The task store is busy; try again later: {error}", error=str(exc)) from exc
            time.sleep(_backoff(attempt))
            attempt += 1
