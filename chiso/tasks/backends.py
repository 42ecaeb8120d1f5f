"""The two places a task store can live, behind one small interface (the DuckDB file here, the
PostgreSQL server in `chiso.tasks.postgres`).

`Backend.run(work)` runs `work(tx)` in ONE short transaction and commits;
`tx.rows(sql, params)` runs parameterised SQL written with `?` placeholders
(translated to psycopg's `%s` for PostgreSQL); `tx.changed(...)` runs a write and
says how many rows it changed. The same SQL text runs on both,
so both stores keep the same semantics.

Connections are long-lived, transactions short. Opening a DuckDB file costs
tens of milliseconds (catalog load, checkpoint on close), most of a save's
time, so each process keeps ONE connection per file (`backend_for` returns the
same backend for the same file in a process) and reuses it for every unit of
work. DuckDB lets one process at a time hold a file open for writing, so the
connection is handed over between processes:

- every unit of work takes an exclusive flock on `<file>.lock` (all chiso
  processes and threads queue there; the holder's threads share one lock);
- a process without the connection first takes a SHARED flock on
  `<file>.want`, saying "I am waiting", and keeps it until it has connected;
- the holder checks `<file>.want` after each transaction (one non-blocking
  flock call) and closes its connection if anyone waits; an idle holder closes
  it after `IDLE_CLOSE_S`, or earlier as soon as someone waits.

One user therefore pays for opening the file once, and several processes still
take turns safely. It also retries with back-off if another program holds
DuckDB's lock, or on a write-write conflict. Work functions must therefore be
safe to re-run: they only touch the database.

`Tx.rows` refuses UPDATE, DELETE, TRUNCATE and ALTER of `audit_log` whoever calls it: the store's
own API cannot rewrite history (on PostgreSQL the grants and a trigger refuse it too, see `schema`).
"""
from __future__ import annotations

import os
import random
import re
import threading
import time
from pathlib import Path
from typing import Callable, TypeVar

from chiso.errors import ChisoError

T = TypeVar("T")

BUSY_TIMEOUT_S = 30.0
# How long an idle process keeps the DuckDB file open when no other process waits for it.
IDLE_CLOSE_S = 0.25
_WAITER_POLL_S = 0.01

_AUDIT_REWRITE = re.compile(r"^\s*(UPDATE\s+audit_log\b|DELETE\s+FROM\s+audit_log\b|TRUNCATE\b[^;]*\baudit_log\b"
                            r"|ALTER\s+TABLE\s+(IF\s+EXISTS\s+)?audit_log\b|DROP\s+TABLE\b[^;]*\baudit_log\b)",
                            re.IGNORECASE)


class StoreBusy(ChisoError):
    pass


class AuditAppendOnly(ChisoError):
    pass


class Conflict(Exception):
    """Raised by a unit of work that met a state a concurrent writer left mid-change (e.g. its row
    gone from a re-read right after a refused update): the backend rolls back and runs it again."""


class Tx:
    """One open transaction; `rows` returns a list of tuples (empty for statements without results).
    `session` is state kept while the backend holds its connection (None where another process may
    write at the same time); `after_commit` runs once the transaction has committed."""

    def __init__(self, execute, kind: str, session: dict | None = None, allow_audit_rewrite: bool = False):
        self._execute = execute
        self.kind = kind
        self.session = session
        self.on_commit: list[Callable[[], None]] = []
        self._allow_audit_rewrite = allow_audit_rewrite

    def rows(self, sql: str, params=()) -> list[tuple]:
        self._check(sql)
        return self._execute(sql, tuple(params), False)

    def changed(self, sql: str, params=()) -> int:
        """How many rows an UPDATE, DELETE or INSERT changed. Cheaper than `RETURNING` on DuckDB
        (which then builds a result set: half again the cost of a one-row UPDATE, measured)."""
        self._check(sql)
        return self._execute(sql, tuple(params), True)

    def _check(self, sql: str) -> None:
        if not self._allow_audit_rewrite and _AUDIT_REWRITE.match(sql):
            raise AuditAppendOnly("The audit log is append-only: rows cannot be changed or deleted")

    def one(self, sql: str, params=()):
        found = self.rows(sql, params)
        return found[0] if found else None

    def after_commit(self, action: Callable[[], None]) -> None:
        self.on_commit.append(action)


def _backoff(attempt: int) -> float:
    return min(0.05, 0.002 * (2 ** min(attempt, 5))) * (0.5 + random.random())


def _flock():
    try:
        import fcntl
        return fcntl
    except ImportError:  # Windows: DuckDB's own lock and the retry loop remain
        return None


class _FileLock:
    """An exclusive flock on `<db>.lock`, polled until a deadline (released when the holder exits,
    even if it crashes)."""

    def __init__(self, path: str, deadline: float):
        self.path, self.deadline, self.fd = path + ".lock", deadline, None

    def __enter__(self):
        fcntl = _flock()
        if fcntl is None:
            return self
        self.fd = os.open(self.path, os.O_RDWR | os.O_CREAT, 0o600)
        while True:
            try:
                fcntl.flock(self.fd, fcntl.LOCK_EX | fcntl.LOCK_NB)
                return self
            except BlockingIOError:
                if time.monotonic() > self.deadline:
                    os.close(self.fd)
                    raise StoreBusy("The task store {path} stayed busy too long; try again later",
                                    path=self.path[:-5]) from None
                time.sleep(0.001 + random.random() * 0.002)

    def __exit__(self, *exc):
        if self.fd is not None:
            os.close(self.fd)  # closing the descriptor releases the flock


class DuckDBBackend:
    """One DuckDB file, one connection per process (see the module's doc for the hand-over)."""
    kind = "duckdb"

    def __init__(self, path: str | Path):
        self.path = str(Path(path).expanduser())
        Path(self.path).parent.mkdir(parents=True, exist_ok=True)
        self.schema_ready = False
        self._pid = os.getpid()
        self._lock = threading.Lock()          # this process's threads take turns on the connection
        self._con = None
        self._session: dict = {}
        self._last_used = 0.0
        self._closer: threading.Thread | None = None
        self._want_fd: int | None = None

    def describe(self) -> str:
        return f"DuckDB {self.path}"

    @staticmethod
    def _is_lock_error(exc: Exception) -> bool:
        text = str(exc).lower()
        return "lock" in text or "being used by another process" in text or "conflicting lock" in text

    # -- the hand-over between processes

    def _want(self) -> int | None:
        if _flock() is None:
            return None
        if self._want_fd is None:
            self._want_fd = os.open(self.path + ".want", os.O_RDWR | os.O_CREAT, 0o600)
        return self._want_fd

    def _others_waiting(self) -> bool:
        fcntl, fd = _flock(), self._want()
        if fcntl is None:
            return True  # no way to know: behave as before (close after each unit of work)
        try:
            fcntl.flock(fd, fcntl.LOCK_EX | fcntl.LOCK_NB)
        except BlockingIOError:
            return True
        fcntl.flock(fd, fcntl.LOCK_UN)
        return False

    def _close(self) -> None:
        con, self._con = self._con, None
        self._session = {}
        if con is not None:
            try:
                con.close()
            except Exception:
                pass

    def _signal(self, waiting: bool) -> None:
        """Hold (or drop) a shared flock on `<file>.want`: the holder of the connection sees it."""
        fcntl, fd = _flock(), self._want()
        if fcntl is not None:
            fcntl.flock(fd, fcntl.LOCK_SH if waiting else fcntl.LOCK_UN)

    def _try_connect(self, deadline: float):
        """A connection, or None while another process still holds the file (it closes on our signal)."""
        import duckdb
        try:
            # One thread: the store's statements touch a few rows, and DuckDB's scheduling of
            # worker threads would cost more than the work (half of a save, measured).
            return duckdb.connect(self.path, config={"threads": 1})
        except duckdb.IOException as exc:
            if not self._is_lock_error(exc) or time.monotonic() > deadline:
                raise StoreBusy("Cannot open the task store {path} (another program has held it too "
                                "long; try again later): {error}", path=self.path, error=str(exc)) from exc
            return None

    def close(self) -> None:
        """Close this process's connection now (it reopens on the next unit of work)."""
        with self._lock:
            self._close()

    def _idle_closer(self) -> None:
        """Closes the connection once idle, or as soon as another process waits for the file."""
        while True:
            time.sleep(_WAITER_POLL_S)
            with self._lock:
                if self._con is None:
                    self._closer = None
                    return
                if time.monotonic() - self._last_used > IDLE_CLOSE_S or self._others_waiting():
                    self._close()
                    self._closer = None
                    return

    def _after_fork(self) -> None:
        # A forked child must not use (or close) its parent's connection and descriptors.
        if self._pid != os.getpid():
            self._pid, self._con, self._session, self._closer, self._want_fd = os.getpid(), None, {}, None, None
            self._lock = threading.Lock()

    # -- units of work

    def run(self, work: Callable[[Tx], T], *, write: bool = True, allow_audit_rewrite: bool = False) -> T:
        """`work(tx)` in one transaction. `write=False` (reads only) skips BEGIN/COMMIT: under the
        file lock no other chiso process writes, so the reads are consistent anyway."""
        self._after_fork()
        deadline = time.monotonic() + BUSY_TIMEOUT_S
        attempt, signalled = 0, False
        try:
            while True:
                done, result = False, None
                with self._lock:
                    if self._con is None and not signalled:
                        self._signal(True)
                        signalled = True
                    # Never wait for the file while holding the lock: the holder needs a turn to close.
                    with _FileLock(self.path, deadline):
                        if self._con is None:
                            self._con = self._try_connect(deadline)
                            self._session = {}
                        if self._con is not None:
                            if signalled:
                                self._signal(False)
                                signalled = False
                            try:
                                done, result = self._attempt(work, write, allow_audit_rewrite, deadline)
                            finally:
                                self._release_if_wanted()
                if done:
                    return result
                if self._con is None:  # the holder closes within one poll of seeing our signal
                    time.sleep(_WAITER_POLL_S * (0.2 + random.random() * 0.3))
                    continue
                time.sleep(_backoff(attempt))
                attempt += 1
        finally:
            if signalled:
                self._signal(False)

    def _release_if_wanted(self) -> None:
        self._last_used = time.monotonic()
        if self._con is not None and self._others_waiting():
            self._close()
        if self._con is not None and self._closer is None:
            self._closer = threading.Thread(target=self._idle_closer, daemon=True, name="chiso-duckdb-idle-close")
            self._closer.start()

    def _attempt(self, work, write: bool, allow_audit_rewrite: bool, deadline: float):
        """(True, result) once committed; (False, None) when DuckDB aborted a write-write conflict."""
        import duckdb
        con = self._con
        began = False

        def execute(sql, params, count):
            nonlocal began
            if write and not began:
                # BEGIN rides on the first statement (parameters bind to the last one): one call
                # into DuckDB fewer, and a unit of work that writes nothing opens no transaction.
                sql, began = "BEGIN TRANSACTION; " + sql, True
            cur = con.execute(sql, params)
            if count:  # DuckDB answers a write with one row: the number of rows it changed
                return int(cur.fetchone()[0])
            return cur.fetchall() if cur.description else []

        tx = Tx(execute, self.kind, self._session, allow_audit_rewrite)
        try:
            result = work(tx)
            if began:
                con.execute("COMMIT")
            for action in tx.on_commit:
                action()
            return True, result
        except (duckdb.TransactionException, Conflict) as exc:
            # Another connection to the same file (one not using our lock file) wrote the same row:
            # re-run the work; its own version checks then decide (stale edit or not).
            self._abandon(con, write)
            if time.monotonic() > deadline:
                raise StoreBusy("The task store is busy; try again later: {error}", error=str(exc)) from exc
            return False, None
        except duckdb.Error:
            self._abandon(con, write)
            self._close()  # a fatal error may invalidate the connection: open a fresh one next time
            raise
        except BaseException:
            self._abandon(con, write)
            raise

    def _abandon(self, con, write: bool) -> None:
        self._session.clear()  # whatever the work cached may describe rolled-back rows
        if write:
            _rollback(con)


def _rollback(con) -> None:
    try:
        con.execute("ROLLBACK")
    except Exception:
        pass  # the transaction was already aborted


_BACKENDS: dict[tuple[int, str], object] = {}
_BACKENDS_LOCK = threading.Lock()


def _location(url: str | Path) -> tuple[str, bool]:
    """(the server's URL or the DuckDB file's path, whether it is PostgreSQL) of a store's URL."""
    text = str(url)
    if text.startswith("duckdb:///"):
        text = text[len("duckdb:///") - 1:]
    return text, text.startswith(("postgresql://", "postgres://"))


def store_exists(url: str | Path) -> bool:
    """A server's store is taken to exist; a DuckDB store exists once its file does (opening makes it)."""
    text, postgres = _location(url)
    return postgres or Path(text).expanduser().is_file()


def backend_for(url: str | Path):
    """`postgresql://...` (or `postgres://`) selects PostgreSQL; anything else is a DuckDB file path.
    One backend per store and process, so its connection is shared by every TaskStore opened on it."""
    text, postgres = _location(url)
    key = (os.getpid(), text if postgres else str(Path(text).expanduser().resolve()))
    with _BACKENDS_LOCK:
        found = _BACKENDS.get(key)
        if found is None:
            if postgres:
                from chiso.tasks.postgres import PostgresBackend  # psycopg is needed only for a server's store
                found = _BACKENDS[key] = PostgresBackend(text)
            else:
                found = _BACKENDS[key] = DuckDBBackend(text)
        return found
