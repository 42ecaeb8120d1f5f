"""Real-browser testing helpers: a Streamlit server in a subprocess and headless Chromium pages.

Reuse from any browser test (the fixtures are registered once in conftest.py):

    from browser import open_app_page, screenshot

    def test_my_page(app_server, browser_page):
        open_app_page(browser_page, app_server, "Nhiem_vu", province="42")
        screenshot(browser_page, "nhiem_vu")

`app_server` (session) runs `streamlit run app.py --server.headless true` on a free port with
CHISO_DB pointing at the session's built database; `browser_page` is a fresh Playwright page in
the system Chromium with background networking off (the app must work with no network).
Screenshots go to test-artifacts/ at the repository root (git-ignored).
"""
from __future__ import annotations

import os
import socket
import subprocess
import sys
import time
import urllib.request
from dataclasses import dataclass
from pathlib import Path
from urllib.parse import urlencode

import pytest

ROOT = Path(__file__).resolve().parent.parent
ARTIFACTS = ROOT / "test-artifacts"
CHROMIUM = os.environ.get("CHISO_CHROMIUM", "/usr/bin/chromium")
CHROMIUM_ARGS = ["--headless", "--no-sandbox", "--disable-gpu", "--disable-background-networking"]
ERROR_SELECTOR = '[data-testid="stException"]'


def free_port() -> int:
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        return s.getsockname()[1]


@dataclass
class AppServer:
    url: str
    process: subprocess.Popen
    log: Path


def start_server(db_path: Path, port: int | None = None, timeout: float = 60, env: dict | None = None,
                 extra_args: tuple[str, ...] = ()) -> AppServer:
    """Start `streamlit run app.py` (with extra Streamlit options, e.g. a secrets file) and wait until
    its health endpoint answers. `env`: variables of this server only (a value None removes the variable)."""
    port = port or free_port()
    ARTIFACTS.mkdir(exist_ok=True)
    log = ARTIFACTS / f"streamlit-{port}.log"
    env = {k: v for k, v in {**os.environ, **(env or {}), "CHISO_DB": str(db_path), "PYTHONPATH": str(ROOT)}.items()
           if v is not None}
    cmd = [sys.executable, "-m", "streamlit", "run", str(ROOT / "app.py"), "--server.headless", "true",
           "--server.port", str(port), "--server.address", "127.0.0.1", "--browser.gatherUsageStats", "false",
           "--server.fileWatcherType", "none", *extra_args]
    proc = subprocess.Popen(cmd, cwd=ROOT, env=env, stdout=open(log, "w"), stderr=subprocess.STDOUT)
    url = f"http://127.0.0.1:{port}"
    deadline = time.time() + timeout
    while time.time() < deadline:
        if proc.poll() is not None:
            raise RuntimeError(f"streamlit exited with {proc.returncode}; see {log}")
        try:
            with urllib.request.urlopen(f"{url}/_stcore/health", timeout=2) as r:
                if r.status == 200:
                    return AppServer(url, proc, log)
        except OSError:
            time.sleep(0.3)
    stop_server(AppServer(url, proc, log))
    raise TimeoutError(f"streamlit did not answer on {url} within {timeout}s; see {log}")


def stop_server(server: AppServer) -> None:
    server.process.terminate()
    try:
        server.process.wait(timeout=10)
    except subprocess.TimeoutExpired:
        server.process.kill()


def open_app_page(page, server: AppServer, path: str = "", timeout_ms: int = 60_000, **params) -> None:
    """Go to a page (path '' = app.py, else the page's URL name, e.g. 'Xep_hang') and wait until
    the script has finished running (the "running" status widget is gone)."""
    url = f"{server.url}/{path}" + (f"?{urlencode(params)}" if params else "")
    page.goto(url, wait_until="domcontentloaded", timeout=timeout_ms)
    page.wait_for_selector('[data-testid="stApp"]', timeout=timeout_ms)
    page.wait_for_selector('[data-testid="stMainBlockContainer"] h1', timeout=timeout_ms)
    wait_until_idle(page, timeout_ms)


def wait_until_idle(page, timeout_ms: int = 60_000) -> None:
    """Streamlit shows a status widget while a script runs; wait for it to be absent twice in a row
    (reruns triggered by widgets writing the URL start right after the first run ends)."""
    deadline = time.time() + timeout_ms / 1000
    quiet = 0
    while time.time() < deadline and quiet < 2:
        running = page.locator('[data-testid="stStatusWidget"]').count() > 0
        quiet = 0 if running else quiet + 1
        page.wait_for_timeout(500)
    page.wait_for_timeout(800)  # let plotly finish drawing


def map_shapes(page) -> int:
    """Province shapes the page's map has filled (the map is SVG: drawn once plotly has drawn)."""
    return page.locator('.js-plotly-plot .scatterlayer path.js-fill').count()


def state_warnings(server: AppServer) -> list[str]:
    """Streamlit's log lines for a widget given a start and a value set in its state (logged once per
    server, with a stack): a list that reads typed text must not be given both."""
    return [line for line in server.log.read_text(errors="replace").splitlines()
            if "was created with a default value but also had its value set" in line]


def errors(page) -> list[str]:
    return [e.inner_text() for e in page.locator(ERROR_SELECTOR).all()]


def screenshot(page, name: str) -> Path:
    ARTIFACTS.mkdir(exist_ok=True)
    path = ARTIFACTS / f"{name}.png"
    # Streamlit scrolls inside its main container, so "full page" is the window: grow the window
    # to the content's height first, let charts re-layout, then capture.
    height = page.evaluate("() => Math.max(...[...document.querySelectorAll('[data-testid=\"stMain\"], "
                           "[data-testid=\"stMainBlockContainer\"]')].map(e => e.scrollHeight), 800)")
    width = page.viewport_size["width"] if page.viewport_size else 1400
    page.set_viewport_size({"width": width, "height": min(int(height) + 120, 12000)})
    page.wait_for_timeout(800)
    page.screenshot(path=str(path), full_page=True)
    return path


@pytest.fixture(scope="session")
def app_server(built_db):
    server = start_server(built_db)
    yield server
    stop_server(server)


@pytest.fixture(scope="session")
def chromium():
    # Under CI a missing browser is a failure: .ci/run installs it, so its absence is a defect.
    missing = pytest.fail if os.environ.get("CI") == "true" else pytest.skip
    try:
        from playwright import sync_api
    except ImportError:
        missing("Playwright is not installed (pip install -r requirements.txt)")
    if not Path(CHROMIUM).exists():
        missing(f"no Chromium at {CHROMIUM} (Debian package chromium)")
    with sync_api.sync_playwright() as p:
        browser = p.chromium.launch(executable_path=CHROMIUM, args=CHROMIUM_ARGS)
        yield browser
        browser.close()


@pytest.fixture
def browser_page(chromium):
    context = chromium.new_context(viewport={"width": 1400, "height": 1000}, locale="vi-VN")
    page = context.new_page()
    yield page
    context.close()
