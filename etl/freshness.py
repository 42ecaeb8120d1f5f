"""Is the database older than what it is built from? Asked by the app frame (app.py) on each run
and by the CLI; `chiso.db` only opens connections and never builds (data flows one way)."""
from __future__ import annotations

from pathlib import Path

from chiso import paths


def inputs_stamp() -> int:
    """The newest modification time among the bundled build inputs: a failed build is not retried
    until this changes (a fixed file), so a bad file costs one build, not one per page load."""
    from etl.build import bundled_inputs
    return max((f.stat().st_mtime_ns for f in bundled_inputs()), default=0)


def needs_build(db_path: Path | None = None) -> bool:
    """No database yet (a fresh clone), or older than a bundled file it is built from (a pull
    brought new figures or a new catalog)."""
    db_path = Path(db_path or paths.default_db_path())
    return not db_path.exists() or inputs_stamp() > db_path.stat().st_mtime_ns


def ensure_built(db_path: Path | None = None, progress=print) -> Path:
    """Build the database from the bundled data when it is missing or out of date. A failed build
    raises and leaves the previous database exactly as it was (the build swaps files on success)."""
    db_path = Path(db_path or paths.default_db_path())
    if needs_build(db_path):
        from etl.build import build
        build(db_path, progress=progress)
    return db_path
