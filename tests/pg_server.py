"""A throwaway PostgreSQL server on loopback, for tests and benchmarks of the PostgreSQL task store.

Uses the distribution's own binaries (`initdb`, `pg_ctl`; Debian puts them in
/usr/lib/postgresql/<version>/bin). They refuse to run as root, so as root
they run as the `postgres` user (`runuser -u postgres --`) on a data directory
that user owns. The server listens on 127.0.0.1 only, on a free port, with a
random password (scram-sha-256), and is stopped and deleted afterwards.

    with pg_server.running() as url:      # postgresql://chiso:...@127.0.0.1:PORT/chiso_test
        ...

`available()` says whether the binaries exist (tests skip without them, or fail when CI=true).
"""
from __future__ import annotations

import contextlib
import glob
import os
import secrets
import shutil
import socket
import subprocess
import tempfile
import time
from pathlib import Path


def bin_dir() -> Path | None:
    env = os.environ.get("CHISO_PG_BIN")
    candidates = [env] if env else []
    candidates += sorted(glob.glob("/usr/lib/postgresql/*/bin"), key=lambda p: int(Path(p).parent.name)
                         if Path(p).parent.name.isdigit() else 0, reverse=True)
    found = shutil.which("initdb")
    if found:
        candidates.append(str(Path(found).parent))
    for c in candidates:
        if c and (Path(c) / "initdb").exists() and (Path(c) / "pg_ctl").exists():
            return Path(c)
    return None


def available() -> bool:
    return bin_dir() is not None and (os.geteuid() != 0 or shutil.which("runuser") is not None)


def unavailable_reason() -> str:
    return ("PostgreSQL server binaries (initdb, pg_ctl) not found; install the 'postgresql' package "
            "or set CHISO_PG_BIN to their directory")


def _free_port() -> int:
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        return s.getsockname()[1]


def _as_server_user(cmd: list[str]) -> list[str]:
    return ["runuser", "-u", "postgres", "--", *cmd] if os.geteuid() == 0 else cmd


@contextlib.contextmanager
def running(dbname: str = "chiso_test"):
    """Start a server, create `dbname`, yield its URL, stop and remove everything after."""
    bindir = bin_dir()
    if bindir is None:
        raise RuntimeError(unavailable_reason())
    # Not pytest's tmp_path: that lives under a root-only directory the postgres user cannot enter.
    root = Path(tempfile.mkdtemp(prefix="chiso-pg-"))
    data, sock = root / "data", root / "sock"
    sock.mkdir()
    password = secrets.token_urlsafe(16)
    pwfile = root / "pw"
    pwfile.write_text(password)
    if os.geteuid() == 0:
        shutil.chown(root, "postgres")
        shutil.chown(sock, "postgres")
        shutil.chown(pwfile, "postgres")
    os.chmod(root, 0o700)
    port = _free_port()
    log = root / "server.log"
    run = lambda cmd: subprocess.run(_as_server_user(cmd), check=True, capture_output=True, text=True)  # noqa: E731
    try:
        run([str(bindir / "initdb"), "-D", str(data), "-U", "chiso", "--pwfile", str(pwfile),
             "--auth=scram-sha-256", "-E", "UTF8", "--locale=C.UTF-8"])
        run([str(bindir / "pg_ctl"), "-D", str(data), "-l", str(log), "-w", "-t", "60", "start", "-o",
             f"-c listen_addresses=127.0.0.1 -c port={port} -c unix_socket_directories={sock} "
             f"-c fsync=off -c max_connections=100"])
        url = f"postgresql://chiso:{password}@127.0.0.1:{port}/postgres"
        import psycopg
        deadline = time.monotonic() + 30
        while True:
            try:
                with psycopg.connect(url, autocommit=True) as con:
                    con.execute(f'CREATE DATABASE "{dbname}"')
                break
            except psycopg.OperationalError:
                if time.monotonic() > deadline:
                    raise
                time.sleep(0.2)
        yield f"postgresql://chiso:{password}@127.0.0.1:{port}/{dbname}"
    except subprocess.CalledProcessError as exc:
        tail = log.read_text(errors="replace")[-2000:] if log.exists() else ""
        raise RuntimeError(f"PostgreSQL test server failed: {exc.cmd}\n{exc.stdout}\n{exc.stderr}\n{tail}") from exc
    finally:
        if (data / "postmaster.pid").exists():
            subprocess.run(_as_server_user([str(bindir / "pg_ctl"), "-D", str(data), "-m", "immediate", "-w",
                                            "stop"]), capture_output=True)
        shutil.rmtree(root, ignore_errors=True)


def fresh_database(admin_url: str, name: str) -> str:
    """A new empty database on the same server (tests that need a clean store)."""
    import psycopg
    base = admin_url.rsplit("/", 1)[0]
    with psycopg.connect(admin_url, autocommit=True) as con:
        con.execute(f'CREATE DATABASE "{name}"')
    return f"{base}/{name}"
