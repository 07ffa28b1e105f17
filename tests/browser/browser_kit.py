"""Helpers shared by the browser tests (imported by conftest.py and the test modules)."""

from __future__ import annotations

from dataclasses import dataclass, field
from pathlib import Path

OUTPUT = Path(__file__).resolve().parents[2] / "test-output"
HIGHLIGHT = "rgb(255, 241, 184)"  # background of a targeted sentence (.sent:target / .flash)


@dataclass
class Watch:
    dialogs: list[str] = field(default_factory=list)
    console_errors: list[str] = field(default_factory=list)
    blocked: list[str] = field(default_factory=list)
    page_errors: list[str] = field(default_factory=list)

    def assert_clean(self) -> None:
        assert self.dialogs == [], f"dialogs fired: {self.dialogs}"
        assert self.blocked == [], f"requests to other hosts: {self.blocked}"
        assert self.console_errors == [], f"console errors: {self.console_errors}"
        assert self.page_errors == [], f"uncaught errors: {self.page_errors}"


def allowed(url: str) -> bool:
    """Where a test page may send requests: files, data: URLs and the loopback test server."""
    return url.startswith(("file:", "data:", "about:", "http://127.0.0.1:"))


def shot(pg: object, name: str, full_page: bool = False) -> Path:
    OUTPUT.mkdir(exist_ok=True)
    path = OUTPUT / name
    pg.screenshot(path=str(path), full_page=full_page)  # type: ignore[attr-defined]
    return path


@dataclass
class Server:
    url: str
    app: object


def wait_until(pg: object, js: str, arg: object = None, timeout: float = 10.0) -> None:
    """Poll a predicate from Python: ``page.wait_for_function`` evaluates strings inside the
    page, which our own CSP (rightly) forbids on served pages."""
    import time

    deadline = time.monotonic() + timeout
    while not pg.evaluate(js, arg):  # type: ignore[attr-defined]
        if time.monotonic() > deadline:
            raise AssertionError(f"timed out waiting for: {js}")
        time.sleep(0.05)


def assert_target_highlighted(pg: object) -> str:
    """The element the URL fragment names is a sentence, highlighted, and on screen; its text."""
    anchor = pg.evaluate("location.hash.slice(1)")  # type: ignore[attr-defined]
    assert anchor, "no fragment after the click"
    target = pg.locator(f"[id='{anchor}']")  # type: ignore[attr-defined]
    target.wait_for(state="visible")
    assert "sent" in (target.get_attribute("class") or "")
    assert target.evaluate("e => e.matches(':target')")
    # the flash animation settles on the highlight colour
    wait_until(pg, "([id, colour]) => getComputedStyle(document.getElementById(id)).backgroundColor === colour",
               [anchor, HIGHLIGHT])
    box = target.bounding_box()
    viewport = pg.viewport_size  # type: ignore[attr-defined]
    assert box is not None and 0 <= box["y"] < viewport["height"], "the sentence is scrolled into view"
    return str(target.inner_text())
