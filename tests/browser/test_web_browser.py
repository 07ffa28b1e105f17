"""The served UI in a real browser: figures and findings through to sentences, adding an article."""

from __future__ import annotations

from typing import Any

import pytest
from browser_kit import Server, Watch, assert_target_highlighted, shot, wait_until

pytestmark = pytest.mark.browser


def on_document_page(pg: Any) -> str:
    assert "/documents/" in pg.url and "#d" in pg.url
    return assert_target_highlighted(pg)


def test_figure_to_sentence(page: tuple[Any, Watch], live_server: Server) -> None:
    pg, watch = page
    pg.goto(live_server.url + "/")
    shot(pg, "web-overview.png")
    pg.click("text=North Korean troops in Russia")
    assert pg.url.endswith("/figures/1")
    shot(pg, "web-figure.png")
    pg.locator("tbody tr", has_text="The Kyiv Independent").first.locator("td.val a").click()
    assert "10,000" in on_document_page(pg)
    shot(pg, "web-document-target.png")
    watch.assert_clean()


def test_finding_to_sentence(page: tuple[Any, Watch], live_server: Server) -> None:
    pg, watch = page
    pg.goto(live_server.url + "/findings")
    pg.click("nav.tabs >> text=Off-topic passages")
    shot(pg, "web-findings.png")
    pg.locator("blockquote.passage a.where").first.click()
    assert "General-purpose computing" in on_document_page(pg)
    watch.assert_clean()


def test_search_marks_the_words(page: tuple[Any, Watch], live_server: Server) -> None:
    pg, watch = page
    pg.goto(live_server.url + "/search")
    pg.fill("input[name='q']", 'ratified "pact')
    pg.press("input[name='q']", "Enter")
    marks = pg.locator("mark.q")
    assert any("ratif" in t.lower() for t in marks.all_inner_texts())
    watch.assert_clean()


def test_pasting_an_article_shows_progress_then_the_document(page: tuple[Any, Watch], live_server: Server) -> None:
    pg, watch = page
    pg.goto(live_server.url + "/add")
    shot(pg, "web-add.png")
    pg.fill("#title", "Valencia floods")
    pg.fill("#outlet", "El Diario")
    pg.fill("#text", "Floods in Valencia\nAt least 200 people died, officials said on Tuesday.")
    pg.click("form[action='/add/text'] button[type='submit']")
    pg.wait_for_url("**/jobs/*")
    wait_until(pg, "() => document.getElementById('job-state')?.textContent === 'done'", timeout=20)
    assert pg.locator("#job-links").is_visible()
    shot(pg, "web-job-done.png")
    pg.click("#job-links >> text=Documents")
    pg.click("text=Valencia floods")
    assert "At least 200 people died" in pg.locator(".doc-text").inner_text()
    watch.assert_clean()
