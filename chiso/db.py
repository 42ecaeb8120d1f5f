"""Connections to the published-results database and the named SQL in `queries/`; nothing else
(whether the database must be rebuilt is asked by the app frame and the CLI: `etl.freshness`).

Pages and the CLI never write SQL: they call `chiso.scores`, which runs a named
query file with parameters. A query file is `queries/<name>.sql` with `$name`
parameters (DuckDB's named parameters).
"""
from __future__ import annotations

import threading
from functools import lru_cache
from pathlib import Path

import duckdb
import pandas as pd

from chiso import paths

_local = threading.local()


def db_version(db_path: Path | None = None) -> float:
    """Changes whenever the database is rebuilt: the cache key that clears page caches."""
    p = Path(db_path or paths.default_db_path())
    return p.stat().st_mtime_ns if p.exists() else 0


def connect(db_path: Path | None = None) -> duckdb.DuckDBPyConnection:
    """A read-only connection per thread, reopened when the file was rebuilt (swapped)."""
    p = Path(db_path or paths.default_db_path())
    key = (str(p), db_version(p))
    cons = getattr(_local, "cons", None)
    if cons is None:
        cons = _local.cons = {}
    con = cons.get(key)
    if con is None:
        for old_key in [k for k in cons if k[0] == str(p)]:
            cons.pop(old_key).close()
        con = cons[key] = duckdb.connect(str(p), read_only=True)
    return con


@lru_cache(maxsize=None)
def sql_text(name: str) -> str:
    path = paths.QUERIES_DIR / f"{name}.sql"
    if not path.exists():
        raise KeyError(f"no named query queries/{name}.sql")
    return path.read_text(encoding="utf-8")


def query(name: str, db_path: Path | None = None, **params) -> pd.DataFrame:
    """Run `queries/<name>.sql` with named parameters; always parameterised, never formatted."""
    con = connect(db_path)
    text = sql_text(name)
    used = {k: v for k, v in params.items() if f"${k}" in text}
    return con.execute(text, used).df()
