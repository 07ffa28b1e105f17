"""The review page in a real browser, driven from the keyboard: move with j/k, confirm with
c, edit with e (Enter saves), reject with r, note with n, select with x and confirm the
selection with Shift+C.  The decisions must land in the ledger's review history, and the
page must run nothing but its own script (no CSP violation, no console error)."""

from __future__ import annotations

import shutil
import socket
import threading
import time
from collections.abc import Iterator
from pathlib import Path
from typing import Any

import pytest
from browser_kit import Server, Watch, shot
from ledger_fixtures import fake_analyze_documents, fake_analyze_paths

from claimledger.ledger.store import Ledger
from claimledger.review import store

pytestmark = pytest.mark.browser


def _free_port() -> int:
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        return int(s.getsockname()[1])


@pytest.fixture()
def review_server(sample_db: Path, tmp_path: Path) -> Iterator[Server]:
    import uvicorn

    from claimledger.web import create_app
    from claimledger.web.review_routes import review_router

    db = tmp_path / "kursk.db"
    shutil.copy(sample_db, db)
    app = create_app(db, analyze_paths=fake_analyze_paths, analyze_documents=fake_analyze_documents)
    if not any(getattr(r, "path", None) == "/review" for r in app.routes):
        app.include_router(review_router)  # until the app includes it itself
    app.state.review_db = db
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


def _state(pg: Any, n: int) -> Any:
    return pg.locator("li.review-item").nth(n).locator("[data-role=state]")


def _wait_text(locator: Any, text: str, timeout: float = 10.0) -> None:
    deadline = time.monotonic() + timeout
    while (locator.text_content() or "").strip() != text:
        if time.monotonic() > deadline:
            raise AssertionError(f"expected {text!r}, got {locator.text_content()!r}")
        time.sleep(0.05)


def _current(pg: Any) -> int:
    classes = pg.locator("li.review-item").evaluate_all("els => els.map(e => e.classList.contains('current'))")
    return int(classes.index(True))


def test_keyboard_review_flow(page: tuple[Any, Watch], review_server: Server) -> None:
    pg, watch = page
    pg.goto(review_server.url + "/review?kind=claim")
    pg.fill("#review-reviewer", "kb-tester")
    pg.press("#review-reviewer", "Tab")  # 'change' fires; focus leaves the field
    pg.keyboard.press("Escape")  # back to the current item
    assert _current(pg) == 0
    pg.keyboard.press("j")
    pg.keyboard.press("j")
    pg.keyboard.press("k")
    assert _current(pg) == 1
    pg.keyboard.press("k")

    pg.keyboard.press("c")  # 0: confirm, then the next item is current
    _wait_text(_state(pg, 0), "confirmed")
    assert _current(pg) == 1

    pg.keyboard.press("e")  # 1: edit; the first field has the focus
    item = pg.locator("li.review-item").nth(1)
    assert item.locator("details.review-edit").get_attribute("open") is not None
    item.locator("input[data-field=source]").fill("Pentagon")
    item.locator("input[data-field=source]").press("Enter")
    _wait_text(_state(pg, 1), "corrected")
    assert item.locator("dd[data-field=source]").inner_text() == "Pentagon"
    assert _current(pg) == 2

    pg.keyboard.press("r")  # 2: reject
    _wait_text(_state(pg, 2), "rejected")

    pg.keyboard.press("n")  # 3: a note, saved with the button
    note_item = pg.locator("li.review-item").nth(3)
    note_item.locator("textarea[name=note]").fill("check with the ISW map")
    note_item.locator("button[data-decision=note]").click()
    note_item.locator("[data-role=note]").wait_for(state="visible")
    assert note_item.locator("[data-role=note]").inner_text() == "check with the ISW map"
    pg.keyboard.press("Escape")

    pg.keyboard.press("j")  # 4 and 5: select both, confirm the selection
    pg.keyboard.press("x")
    pg.keyboard.press("j")
    pg.keyboard.press("x")
    assert pg.locator("#bulk-confirm").is_enabled()
    pg.keyboard.press("Shift+C")
    _wait_text(_state(pg, 4), "confirmed")
    _wait_text(_state(pg, 5), "confirmed")
    shot(pg, "web-review.png")

    with Ledger(review_server.app.state.review_db) as led:
        states = store.current(led.conn)
        assert sorted(s.status for s in states) == ["confirmed", "confirmed", "confirmed", "corrected", "rejected",
                                                    "unreviewed"]
        assert {s.reviewer for s in states} == {"kb-tester"}
        assert next(s for s in states if s.status == "corrected").approved["source"] == "Pentagon"
        assert next(s for s in states if s.note).note == "check with the ISW map"

    pg.goto(review_server.url + "/review?kind=claim&status=reviewed")
    assert pg.locator("li.review-item").count() == 6
    watch.assert_clean()


def test_merge_and_split_figures_from_the_figure_page(page: tuple[Any, Watch], review_server: Server,
                                                      monkeypatch: pytest.MonkeyPatch) -> None:
    """A person merges one figure into another, splits two claims into a new figure, then
    undoes the split; each form posts to the server, which rebuilds the figures."""
    from claimledger.checks.cross import run_cross_checks

    monkeypatch.setenv("CLAIMLEDGER_SEMANTIC", "0")  # the server rebuilds figures: no model needed
    db = review_server.app.state.review_db
    with Ledger(db) as led:
        run_cross_checks(led, semantic=False)
        a, b = (int(led.conn.execute("SELECT id FROM figures WHERE label = ?", (label,)).fetchone()[0])
                for label in ("north korean troops in russia", "counteroffensive force"))
    pg, watch = page
    pg.goto(f"{review_server.url}/figures/{a}")
    merge = pg.locator("form.regroup-merge")
    merge.locator("select[name=other]").select_option(str(b))
    merge.locator("input[name=note]").fill("one force, counted twice")
    merge.locator("input[name=reviewer]").fill("kb-tester")
    merge.locator("button[type=submit]").click()
    pg.wait_for_url("**/figures/*")
    pg.locator("ul.regroups li[data-regroup=R1]").wait_for()
    assert "one force, counted twice" in pg.locator("ul.regroups").inner_text()

    split = pg.locator("form.regroup-split")
    boxes = split.locator("input[name=claims]")
    assert boxes.count() >= 20
    boxes.nth(0).check()
    boxes.nth(1).check()
    split.locator("input[name=label]").fill("two early reports")
    split.locator("input[name=reviewer]").fill("kb-tester")
    split.locator("button[type=submit]").click()
    pg.locator("h1", has_text="two early reports").wait_for()
    shot(pg, "web-figure-split.png", full_page=True)
    with Ledger(db) as led:
        assert led.conn.execute("SELECT claims FROM figures WHERE label = 'two early reports'").fetchone()[0] == 2
        assert led.conn.execute("SELECT COUNT(*) FROM figures WHERE label = 'counteroffensive force'").fetchone()[0] == 0

    pg.locator("ul.regroups li[data-regroup=R2] button").click()
    pg.wait_for_url("**/figures/*")
    with Ledger(db) as led:
        assert [s.status for s in store.history(led.conn, 2)] == ["confirmed", "rejected"]
        assert [s.reviewer for s in store.history(led.conn, 1)] == ["kb-tester"]
        assert led.conn.execute("SELECT COUNT(*) FROM figures WHERE label = 'two early reports'").fetchone()[0] == 0
    watch.assert_clean()
