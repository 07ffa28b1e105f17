"""A hostile article executes nothing and fetches nothing, in the report and the served UI."""

from __future__ import annotations

import sys
from pathlib import Path
from typing import Any

import pytest
from browser_kit import Server, Watch, shot, wait_until

sys.path.insert(0, str(Path(__file__).parents[1] / "report"))
from ledger_fixtures import PAYLOADS

from claimledger.ledger.store import Ledger
from claimledger.report import build_report

pytestmark = pytest.mark.browser


def assert_inert(pg: Any, watch: Watch, own_scripts: int) -> None:
    pg.wait_for_timeout(150)  # let any (would-be) onerror/onload handlers fire
    assert pg.evaluate("typeof window.__pwned") == "undefined"
    assert pg.evaluate("document.querySelectorAll('img, iframe, object, embed').length") == 0
    assert pg.evaluate("document.scripts.length") == own_scripts
    hrefs = pg.evaluate("Array.from(document.querySelectorAll('[href]')).map(e => e.getAttribute('href'))")
    assert not [h for h in hrefs if h.strip().lower().startswith(("javascript:", "http"))]
    watch.assert_clean()


def interact(pg: Any) -> None:
    """Hover and click over the article text, as a reader would."""
    for sel in (".doc-text mark", ".doc-text .sent", ".byline", "h3", ".chart .mark"):
        loc = pg.locator(sel)
        for i in range(min(loc.count(), 6)):
            item = loc.nth(i)
            if item.is_visible():
                item.hover(force=True)
    pg.mouse.wheel(0, 4000)
    pg.wait_for_timeout(200)


def test_hostile_report_file(page: tuple[Any, Watch], hostile_db: Path, tmp_path: Path) -> None:
    pg, watch = page
    out = tmp_path / "hostile.html"
    with Ledger(hostile_db, readonly=True) as led:
        out.write_text(build_report(led), encoding="utf-8")
    pg.goto(out.as_uri())
    interact(pg)
    assert PAYLOADS[0] in pg.locator(".doc-text").inner_text()
    assert pg.locator(".ctl").count() >= 2  # the bidi override and zero-width space are shown
    pg.locator(".doc-text").evaluate("e => e.scrollIntoView({block: 'start'})")
    shot(pg, "hostile-report.png")
    assert_inert(pg, watch, own_scripts=1)


@pytest.mark.parametrize("path", ["/", "/documents", "/documents/1", "/figures", "/figures/1", "/claims",
                                  "/timeline", "/findings", "/findings?kind=broken_text", "/search?q=script+alert"])
def test_hostile_pages(page: tuple[Any, Watch], hostile_server: Server, path: str) -> None:
    pg, watch = page
    pg.goto(hostile_server.url + path)
    interact(pg)
    if path == "/documents/1":
        pg.evaluate("window.scrollTo(0, 0)")
        shot(pg, "hostile-web-document.png")
    assert_inert(pg, watch, own_scripts=2)


def test_pasting_a_hostile_article(page: tuple[Any, Watch], hostile_server: Server) -> None:
    pg, watch = page
    pg.goto(hostile_server.url + "/add")
    pg.fill("#title", "<img src=x onerror=alert(1)>")
    pg.fill("#outlet", '"><script>alert(2)</script>')
    pg.fill("#text", "\n".join(PAYLOADS))
    pg.click("form[action='/add/text'] button[type='submit']")
    wait_until(pg, "() => document.getElementById('job-state')?.textContent === 'done'", timeout=20)
    assert_inert(pg, watch, own_scripts=2)
    pg.goto(hostile_server.url + "/documents")
    pg.click("a.title >> nth=-1")
    interact(pg)
    assert "<script>" in pg.locator(".doc-text").inner_text()
    assert_inert(pg, watch, own_scripts=2)
