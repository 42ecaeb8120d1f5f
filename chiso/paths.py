"""Where things live. Everything is relative to the project root so a fresh clone works."""
from __future__ import annotations

import os
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
# Another data folder (same layout) only for benchmarks on a SYNTHETIC copy (bench/make_synthetic_db.py)
DATA_DIR = Path(os.environ.get("CHISO_DATA_DIR", ROOT / "data"))
CATALOG_DIR = DATA_DIR / "catalog"
PUBLISHED_DIR = DATA_DIR / "published"
QUERIES_DIR = ROOT / "queries"
# The raw published files live beside the project, never inside it.
SHARED_DIR = Path(os.environ.get("CHISO_SHARED", ROOT.parent / "shared"))


def default_db_path() -> Path:
    return Path(os.environ.get("CHISO_DB", DATA_DIR / "chiso.duckdb"))


def default_tasks_url(db_path: Path | None = None) -> str:
    """The task store lives apart from the published results so rebuilds never touch it."""
    url = os.environ.get("CHISO_TASKS_URL")
    if url:
        return url
    db_path = Path(db_path) if db_path else default_db_path()
    return str(db_path.with_name(db_path.stem + "_tasks.duckdb"))


def default_results_url(db_path: Path | None = None) -> str:
    """Results entered in the app (the Ministry's tables, the province's scorecards) live beside the
    task store, apart from the built database, so rebuilding from the bundled files keeps them."""
    url = os.environ.get("CHISO_RESULTS_URL")
    if url:
        return url
    db_path = Path(db_path) if db_path else default_db_path()
    return str(db_path.with_name(db_path.stem + "_results.duckdb"))
