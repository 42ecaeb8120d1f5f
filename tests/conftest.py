"""Shared fixtures: one real database built once per test session from the bundled data.

Tests run against the real published figures (data/published), never mocks.
`CHISO_DB` points every part of the app (pages, CLI, data access) at it.
"""
from __future__ import annotations

import os
from pathlib import Path

import pytest

# Browser fixtures live here, once: a session fixture imported into two test modules would start
# two Playwright instances, and the second refuses to start inside the first one's event loop.
from browser import app_server, browser_page, chromium  # noqa: E402,F401

ROOT = Path(__file__).resolve().parent.parent
SHARED = Path(os.environ.get("CHISO_SHARED", ROOT.parent / "shared"))


@pytest.fixture(scope="session")
def built_db(tmp_path_factory) -> Path:
    from etl.build import build

    db = tmp_path_factory.mktemp("db") / "chiso.duckdb"
    build(db, progress=lambda *_: None)
    os.environ["CHISO_DB"] = str(db)
    return db


@pytest.fixture(scope="session")
def shared_dir() -> Path:
    if not SHARED.exists():
        if os.environ.get("CI") == "true":
            pytest.fail(f"../shared is required in CI and is missing at {SHARED}")
        pytest.skip(f"../shared not found at {SHARED}")
    return SHARED


@pytest.fixture(autouse=True)
def _keep_main_module():
    """AppTest installs the page it ran as `__main__`; a later `spawn` child would re-run that page
    (multiprocessing re-imports the parent's main module). Put the real one back after each test."""
    import sys
    main = sys.modules.get("__main__")
    yield
    if main is not None:
        sys.modules["__main__"] = main


@pytest.fixture(autouse=True)
def _accounts_of_the_test_only(tmp_path, monkeypatch):
    """The accounts file is the test's own (none yet), never the developer's ~/.config/chiso: pages
    read the signed-in account from it on every run (`task_fixtures.signed_in` writes one there)."""
    monkeypatch.setenv("CHISO_USERS_FILE", str(tmp_path / "accounts_of_this_test.toml"))


@pytest.fixture(autouse=True)
def _vietnamese_unless_a_test_says_otherwise():
    """Each test starts in the app's default language: a test that switches (an English page run in
    this thread, a deck in English) must not decide the language of the tests after it."""
    from chiso import i18n
    token = i18n._current.set(i18n.DEFAULT_LANG)
    yield
    i18n._current.reset(token)
