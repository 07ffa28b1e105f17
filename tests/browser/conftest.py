"""Headless Chromium (Debian's, never a downloaded browser) driven by Playwright.

Every page a test opens is watched: dialogs (alert/confirm/prompt) are recorded and
dismissed, console errors (CSP violations included) are recorded, and any request that is
not to a file, a data: URL or the loopback test server is recorded and aborted — so a test
can assert that hostile content executed nothing and fetched nothing.
"""

from __future__ import annotations

import shutil
import socket
import sys
import threading
import time
from collections.abc import Iterator
from pathlib import Path

import pytest

sys.path.insert(0, str(Path(__file__).parent))
sys.path.insert(0, str(Path(__file__).parents[1] / "report"))

from browser_kit import Server, Watch, allowed
from ledger_fixtures import fake_analyze_documents, fake_analyze_paths, hostile_ledger, sample_ledger

CHROMIUM = Path("/usr/bin/chromium")
ARGS = ["--headless", "--no-sandbox", "--disable-gpu", "--disable-quic", "--no-first-run",
        "--disable-background-networking", "--disable-component-update", "--disable-sync"]

NO_CHROMIUM = ("Debian's chromium is not installed at /usr/bin/chromium (apt-get install chromium); "
               "CI installs it")


@pytest.fixture(scope="session")
def browser() -> Iterator[object]:
    if not CHROMIUM.exists():
        pytest.skip(NO_CHROMIUM)
    playwright_sync = pytest.importorskip("playwright.sync_api")
    with playwright_sync.sync_playwright() as p:
        b = p.chromium.launch(executable_path=str(CHROMIUM), args=ARGS)
        yield b
        b.close()


@pytest.fixture()
def page(browser: object) -> Iterator[tuple[object, Watch]]:
    context = browser.new_context(viewport={"width": 1280, "height": 900}, java_script_enabled=True)  # type: ignore[attr-defined]
    pg = context.new_page()
    pg.set_default_timeout(10_000)
    watch = Watch()

    def on_dialog(d: object) -> None:
        watch.dialogs.append(d.message)  # type: ignore[attr-defined]
        d.dismiss()  # type: ignore[attr-defined]

    def on_route(route: object) -> None:
        url = route.request.url  # type: ignore[attr-defined]
        if allowed(url):
            route.continue_()  # type: ignore[attr-defined]
        else:
            watch.blocked.append(url)
            route.abort()  # type: ignore[attr-defined]

    pg.on("dialog", on_dialog)
    pg.on("console", lambda m: watch.console_errors.append(m.text) if m.type == "error" else None)
    pg.on("pageerror", lambda e: watch.page_errors.append(str(e)))
    pg.on("request", lambda r: None if allowed(r.url) else watch.blocked.append(r.url))
    context.route("**/*", on_route)
    yield pg, watch
    context.close()


@pytest.fixture(scope="session")
def sample_db(tmp_path_factory: pytest.TempPathFactory) -> Path:
    return sample_ledger(tmp_path_factory.mktemp("browser-sample") / "kursk.db")


@pytest.fixture(scope="session")
def hostile_db(tmp_path_factory: pytest.TempPathFactory) -> Path:
    return hostile_ledger(tmp_path_factory.mktemp("browser-hostile") / "hostile.db")


def _free_port() -> int:
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        return int(s.getsockname()[1])


def _serve(db: Path) -> Iterator[Server]:
    import uvicorn

    from claimledger.web import create_app

    app = create_app(db, analyze_paths=fake_analyze_paths, analyze_documents=fake_analyze_documents)
    port = _free_port()
    server = uvicorn.Server(uvicorn.Config(app, host="127.0.0.1", port=port, log_level="warning"))
    thread = threading.Thread(target=server.run, daemon=True)
    thread.start()
    deadline = time.monotonic() + 15
    while not server.started:
        if time.monotonic() > deadline:
            raise RuntimeError("the test server did not start")
        time.sleep(0.05)
    yield Server(f"http://127.0.0.1:{port}", app)
    server.should_exit = True
    thread.join(timeout=10)


@pytest.fixture()
def live_server(sample_db: Path, tmp_path: Path) -> Iterator[Server]:
    db = tmp_path / "kursk.db"
    shutil.copy(sample_db, db)
    yield from _serve(db)


@pytest.fixture()
def hostile_server(hostile_db: Path, tmp_path: Path) -> Iterator[Server]:
    db = tmp_path / "hostile.db"
    shutil.copy(hostile_db, db)
    yield from _serve(db)
