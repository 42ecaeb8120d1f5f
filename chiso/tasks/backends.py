"""The two places a task store can live, behind one small interface.

`Backend.run(work)` opens a connection, runs `work(tx)` in ONE transaction and
commits; `tx.rows(sql, params)` runs parameterised SQL written with `?`
placeholders (translated to psycopg's `%s` for PostgreSQL). The same SQL text
runs on both, so both stores keep the same semantics.

Connections are short-lived on purpose. DuckDB lets one process at a time open
a file for writing; holding it open in the app would lock out the CLI and
other app processes. Each unit of work takes a lock file beside the database
(`<file>.lock`, flock: every chiso process and thread queues there instead of
racing for DuckDB's own lock, which starved unlucky processes under load), opens,
commits, closes. It still retries with back-off if another program holds
DuckDB's lock, or on a write-write conflict. Work functions must therefore be
safe to re-run: they only touch the database.
"""
from __future__ import annotations

import os
import random
import threading
import time
from pathlib import Path
from typing import Callable, TypeVar

from chiso.errors import ChisoError

T = TypeVar("T")

BUSY_TIMEOUT_S = 30.0


class StoreBusy(ChisoError):
    pass


class Conflict(Exception):
    """Raised by a unit of work that met a state a concurrent writer left mid-change (e.g. its row
    gone from a re-read right after a refused update): the backend rolls back and runs it again."""


class Tx:
    """One open transaction; `rows` returns a list of tuples (empty for statements without results)."""

    def __init__(self, execute):
        self._execute = execute

    def rows(self, sql: str, params=()) -> list[tuple]:
        return self._execute(sql, tuple(params))

    def one(self, sql: str, params=()):
        found = self.rows(sql, params)
        return found[0] if found else None


def _backoff(attempt: int) -> float:
    return min(0.05, 0.002 * (2 ** min(attempt, 5))) * (0.5 + random.random())


class _FileLock:
    """An exclusive flock on `<db>.lock`, polled until a deadline (released when the holder exits,
    even if it crashes). Where flock does not exist (Windows), DuckDB's own lock and retry remain."""

    def __init__(self, path: str, deadline: float):
        self.path, self.deadline, self.fd = path + ".lock", deadline, None

    def __enter__(self):
        try:
            import fcntl
        except ImportError:
            return self
        self.fd = os.open(self.path, os.O_RDWR | os.O_CREAT, 0o600)
        while True:
            try:
                fcntl.flock(self.fd, fcntl.LOCK_EX | fcntl.LOCK_NB)
                return self
            except BlockingIOError:
                if time.monotonic() > self.deadline:
                    os.close(self.fd)
                    raise StoreBusy(f"kho nhiệm vụ {self.path[:-5]} đang bận quá lâu, thử lại sau") from None
                time.sleep(0.001 + random.random() * 0.002)

    def __exit__(self, *exc):
        if self.fd is not None:
            os.close(self.fd)  # closing the descriptor releases the flock


class DuckDBBackend:
    kind = "duckdb"

    def __init__(self, path: str | Path):
        self.path = str(Path(path).expanduser())
        Path(self.path).parent.mkdir(parents=True, exist_ok=True)

    def describe(self) -> str:
        return f"DuckDB {self.path}"

    @staticmethod
    def _is_lock_error(exc: Exception) -> bool:
        text = str(exc).lower()
        return "lock" in text or "being used by another process" in text or "conflicting lock" in text

    def _connect(self, deadline: float):
        import duckdb
        attempt = 0
        while True:
            try:
                return duckdb.connect(self.path)
            except duckdb.IOException as exc:
                if not self._is_lock_error(exc) or time.monotonic() > deadline:
                    raise StoreBusy(f"không mở được kho nhiệm vụ {self.path} (đang bị chương trình khác "
                                    f"giữ quá lâu, thử lại sau): {exc}") from exc
            time.sleep(_backoff(attempt))
            attempt += 1

    def run(self, work: Callable[[Tx], T]) -> T:
        deadline = time.monotonic() + BUSY_TIMEOUT_S
        attempt = 0
        while True:
            with _FileLock(self.path, deadline):
                done, result = self._attempt(work, deadline)
            if done:
                return result
            time.sleep(_backoff(attempt))
            attempt += 1

    def _attempt(self, work: Callable[[Tx], T], deadline: float) -> tuple[bool, T | None]:
        """(True, result) once committed; (False, None) when DuckDB aborted a write-write conflict."""
        import duckdb
        con = self._connect(deadline)
        try:
            con.execute("BEGIN TRANSACTION")

            def execute(sql, params):
                cur = con.execute(sql, params)
                return cur.fetchall() if cur.description else []

            result = work(Tx(execute))
            con.execute("COMMIT")
            return True, result
        except (duckdb.TransactionException, Conflict) as exc:
            # Another connection to the same file (one not using our lock file) wrote the same row:
            # re-run the work; its own version checks then decide (stale edit or not).
            _rollback(con)
            if time.monotonic() > deadline:
                raise StoreBusy(f"kho nhiệm vụ bận, thử lại sau: {exc}") from exc
            return False, None
        except BaseException:
            _rollback(con)
            raise
        finally:
            con.close()


def _rollback(con) -> None:
    try:
        con.execute("ROLLBACK")
    except Exception:
        pass  # the transaction was already aborted


def _to_psycopg(sql: str) -> str:
    # Our SQL never holds a literal '?' or '%', so this translation is exact.
    return sql.replace("%", "%%").replace("?", "%s")


class PostgresBackend:
    """PostgreSQL: one connection per thread, kept open (a new one costs a TCP and SCRAM handshake,
    most of a save's time). PostgreSQL has no file lock, so holding connections blocks no one."""
    kind = "postgres"

    def __init__(self, url: str):
        self.url = url
        self._local = threading.local()

    def _connection(self):
        import psycopg
        con = getattr(self._local, "con", None)
        if con is None or con.closed or con.broken:
            con = psycopg.connect(self.url, connect_timeout=10)
            self._local.con = con
        return con

    def describe(self) -> str:
        from psycopg.conninfo import conninfo_to_dict
        info = conninfo_to_dict(self.url)
        return f"PostgreSQL {info.get('host', '')}:{info.get('port', '5432')}/{info.get('dbname', '')}"

    def run(self, work: Callable[[Tx], T]) -> T:
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
                        def execute(sql, params):
                            cur.execute(_to_psycopg(sql), params)
                            return cur.fetchall() if cur.description else []
                        return work(Tx(execute))
            except (pg_errors.SerializationFailure, pg_errors.DeadlockDetected, Conflict) as exc:
                if time.monotonic() > deadline:
                    raise StoreBusy(f"kho nhiệm vụ bận, thử lại sau: {exc}") from exc
            time.sleep(_backoff(attempt))
            attempt += 1


def backend_for(url: str | Path):
    """`postgresql://...` (or `postgres://`) selects PostgreSQL; anything else is a DuckDB file path."""
    text = str(url)
    if text.startswith(("postgresql://", "postgres://")):
        return PostgresBackend(text)
    if text.startswith("duckdb:///"):
        text = text[len("duckdb:///") - 1:]
    return DuckDBBackend(text)
