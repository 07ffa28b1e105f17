"""Keyset cursors in the HTML pages' next links (``after=``), offsets kept for old links.

Following the "Next" links of a page from the first page to the last must show every row
of the list exactly once, in the list's order — the order plain SQL gives — with and without
filters (outlet, source, hedge, finding kind, review status).  The next link carries a
cursor where the list has one, and its offset is the position of the next page's first row,
so an old ``?offset=`` link and the "Previous" link show the same rows as the cursor does.
Page sizes are made small so that page boundaries fall inside documents, outlets and runs of
equal dates.
"""

from __future__ import annotations

import html
import re
import shutil
import sqlite3
import sys
from collections.abc import Iterator
from pathlib import Path
from urllib.parse import parse_qs, urlsplit

import pytest
from fastapi.testclient import TestClient

sys.path.insert(0, str(Path(__file__).parents[1] / "report"))

from large_fixtures import many_ledger

from claimledger.ledger.store import Ledger
from claimledger.review import decide
from claimledger.web import create_app, pages

BASE = "http://127.0.0.1:8765"
NEXT = re.compile(r'<a href="([^"]+)" rel="next">')
PREV = re.compile(r'<a href="([^"]+)" rel="prev">')
ROW_IDS = {
    "/claims": re.compile(r'data-claim="(\d+)"'),
    "/findings": re.compile(r'<li class="finding[^"]*" id="f(\d+)"'),
    "/documents": re.compile(r'<a class="title" href="/documents/(\d+)"'),
    "/timeline": re.compile(r'<p class="tl-what">([^<]*)</p>'),
}


@pytest.fixture(scope="module")
def ledger(tmp_path_factory: pytest.TempPathFactory) -> Path:
    """The many-copies ledger, with reviews spread over many documents: every 7th claim
    confirmed, every 11th rejected; every 5th finding rejected."""
    db = many_ledger(tmp_path_factory.mktemp("cursor") / "many.db", copies=40)
    with Ledger(db) as led:
        claims = [r[0] for r in led.conn.execute("SELECT id FROM claims ORDER BY id")]
        for i, cid in enumerate(claims):
            if i % 7 == 3:
                decide(led.conn, f"claim:{cid}", "confirm", reviewer="Ann Checker")
            elif i % 11 == 5:
                decide(led.conn, f"claim:{cid}", "reject", reviewer="Ann Checker")
        for i, (fid,) in enumerate(led.conn.execute("SELECT id FROM findings ORDER BY id").fetchall()):
            if i % 5 == 2:
                decide(led.conn, f"finding:{fid}", "reject", reviewer="Ann Checker")
    return db


@pytest.fixture()
def small_pages(monkeypatch: pytest.MonkeyPatch) -> None:
    for name, size in (("DOCUMENTS_PAGE", 7), ("CLAIMS_PAGE", 23), ("FINDINGS_PAGE", 6), ("TIMELINE_PAGE", 2)):
        monkeypatch.setattr(pages, name, size)


@pytest.fixture()
def web(ledger: Path, small_pages: None) -> Iterator[TestClient]:
    with TestClient(create_app(ledger), base_url=BASE, raise_server_exceptions=False) as c:
        yield c


def _sql(db: Path, sql: str, *params: object) -> list[str]:
    conn = sqlite3.connect(db)
    try:
        return [str(r[0]) for r in conn.execute(sql, params)]
    finally:
        conn.close()


def _rows(path: str, text: str) -> list[str]:
    return [html.unescape(m) for m in ROW_IDS[path].findall(text)]


def _walk(web: TestClient, path: str, query: str = "", cursor: bool = True) -> list[str]:
    """Every row of a list, following the Next links from the first page, checking each
    link: it keeps the filters, says where the next page starts, carries a cursor when the
    list has one, and an offset-only link and the Previous link agree with it."""
    url = path + ("?" + query if query else "")
    filters = parse_qs(query)
    seen: list[str] = []
    pages_read: list[list[str]] = []
    for _ in range(1000):
        r = web.get(url)
        assert r.status_code == 200, url
        rows = _rows(path, r.text)
        assert rows, url
        if len(pages_read) > 1:  # Previous (by offset) shows the page before this one
            prev = PREV.search(r.text)
            assert prev, url
            assert _rows(path, web.get(html.unescape(prev.group(1))).text) == pages_read[-1], url
        seen.extend(rows)
        pages_read.append(rows)
        found = NEXT.search(r.text)
        if not found:
            return seen
        url = html.unescape(found.group(1))
        q = parse_qs(urlsplit(url).query)
        assert {k: v for k, v in q.items() if k not in ("offset", "after")} == filters, url
        assert q["offset"] == [str(len(seen))], url
        assert ("after" in q) is cursor, url
        if cursor:  # the same page by offset alone, as an old link reads it
            by_offset = urlsplit(url).path + "?" + re.sub(r"&?after=[^&]*", "", urlsplit(url).query)
            assert _rows(path, web.get(by_offset).text) == _rows(path, web.get(url).text), url
    raise AssertionError("the walk did not end")


def test_documents_in_order_every_one_once(web: TestClient, ledger: Path) -> None:
    assert _walk(web, "/documents") == _sql(ledger, "SELECT rowid FROM documents ORDER BY rowid")
    assert _walk(web, "/documents", "outlet=Capital+Wire") == _sql(
        ledger, "SELECT rowid FROM documents WHERE outlet = ? ORDER BY rowid", "Capital Wire")


@pytest.mark.parametrize(("query", "where", "order", "params"), [
    ("", "", "c.id", ()),
    ("outlet=Northern+Post", "WHERE d.outlet = ?", "d.rowid, c.id", ("Northern Post",)),
    ("source=Julian+Ropke", "WHERE c.source = ?", "c.id", ("Julian Ropke",)),
    ("hedge=min", "WHERE c.hedge = ?", "c.id", ("min",)),
    ("hedge=exact&outlet=Harbour+Times", "WHERE c.hedge = ? AND d.outlet = ?", "d.rowid, c.id",
     ("exact", "Harbour Times")),
])
def test_claims_in_order_every_one_once(web: TestClient, ledger: Path, query: str, where: str, order: str,
                                        params: tuple[str, ...]) -> None:
    expected = _sql(ledger, f"SELECT c.id FROM claims c JOIN documents d ON d.id = c.doc {where} ORDER BY {order}",
                    *params)
    assert len(expected) > 2 * pages.CLAIMS_PAGE
    assert _walk(web, "/claims", query) == expected


def test_claims_of_one_document_in_text_order(web: TestClient, ledger: Path) -> None:
    doc = _sql(ledger, "SELECT doc FROM claims GROUP BY doc ORDER BY COUNT(*) DESC LIMIT 1")[0]
    expected = _sql(ledger, "SELECT id FROM claims WHERE doc = ? ORDER BY start, id", doc)
    assert len(expected) > pages.CLAIMS_PAGE
    assert _walk(web, "/claims", "doc=" + doc.replace("/", "%2F")) == expected


def test_claims_by_review_status(web: TestClient, ledger: Path) -> None:
    every = _sql(ledger, "SELECT id FROM claims ORDER BY id")
    marked = {i for n, i in enumerate(every) if n % 7 == 3 or n % 11 == 5}
    confirmed = {i for n, i in enumerate(every) if n % 7 == 3}
    # unreviewed: the whole list scanned after the cursor, the reviewed rows skipped
    assert _walk(web, "/claims", "review=unreviewed") == [i for i in every if i not in marked]
    # a review status: read document by document, paged by offset (no cursor in the links)
    shown = _walk(web, "/claims", "review=confirmed", cursor=False)
    assert sorted(shown, key=int) == sorted(confirmed, key=int) and len(shown) == len(set(shown))
    rejected = _walk(web, "/claims", "outlet=Valley+Tribune&review=rejected", cursor=False)
    expected = _sql(ledger, "SELECT c.id FROM claims c JOIN documents d ON d.id = c.doc WHERE d.outlet = ?",
                    "Valley Tribune")
    assert sorted(rejected, key=int) == sorted((i for n, i in enumerate(every) if n % 7 != 3 and n % 11 == 5
                                                and i in set(expected)), key=int)


def test_findings_by_kind_and_review(web: TestClient, ledger: Path) -> None:
    assert _walk(web, "/findings", "kind=boilerplate") == _sql(
        ledger, "SELECT id FROM findings WHERE kind = 'boilerplate' ORDER BY id")
    every = _sql(ledger, "SELECT id FROM findings ORDER BY id")
    rejected = {i for n, i in enumerate(every) if n % 5 == 2}
    unreviewed = _walk(web, "/findings", "kind=boilerplate&review=unreviewed")
    assert unreviewed == [i for i in _sql(ledger, "SELECT id FROM findings WHERE kind = 'boilerplate' ORDER BY id")
                          if i not in rejected]
    shown = _walk(web, "/findings", "kind=boilerplate&review=rejected", cursor=False)
    assert shown == [i for i in _sql(ledger, "SELECT id FROM findings WHERE kind = 'boilerplate' ORDER BY id")
                     if i in rejected]


def test_timeline_entries_then_plain_events(web: TestClient, ledger: Path, tmp_path: Path,
                                            small_pages: None) -> None:
    assert _walk(web, "/timeline") == _sql(ledger, "SELECT what FROM timeline ORDER BY date, id")
    plain = tmp_path / "plain.db"
    shutil.copy(ledger, plain)
    conn = sqlite3.connect(plain)
    with conn:
        conn.execute("UPDATE events SET timeline = NULL")
        conn.execute("DELETE FROM timeline")
    conn.close()
    pages.TIMELINE_PAGE = 37  # restored by small_pages' monkeypatch
    with TestClient(create_app(plain), base_url=BASE, raise_server_exceptions=False) as c:
        assert _walk(c, "/timeline") == _sql(plain, "SELECT what FROM events ORDER BY date, id")


def test_a_cursor_that_was_not_handed_out_is_refused(web: TestClient) -> None:
    for url in ("/claims?after=bm90LWpzb24", "/claims?after=WzEsMiwzXQ", "/documents?after=%22x%22",
                "/timeline?after=WzFd", "/findings?after=e30"):
        r = web.get(url, headers={"accept": "text/html"})
        assert r.status_code == 400, url
        assert "cursor" in r.text, url


def test_figure_split_form_lists_its_claims_a_page_at_a_time(web: TestClient, ledger: Path) -> None:
    figure = _sql(ledger, "SELECT id FROM figures ORDER BY claims DESC LIMIT 1")[0]
    expected = _sql(ledger, "SELECT id FROM claims WHERE figure = ? ORDER BY id", figure)
    assert len(expected) > 2 * pages.SPLIT_PAGE
    boxes = re.compile(r'<input type="checkbox" name="claims" value="(\d+)">')
    url, seen = f"/figures/{figure}", []
    for _ in range(100):
        text = web.get(url).text
        listed = boxes.findall(text)
        assert 0 < len(listed) <= pages.SPLIT_PAGE
        seen.extend(listed)
        found = re.search(r'<a href="([^"]+)#regroup" rel="next">next claims', text)
        if not found:
            break
        url = html.unescape(found.group(1))
    assert seen == expected


def test_figure_merge_picker_is_bounded_and_searchable(web: TestClient, ledger: Path,
                                                       monkeypatch: pytest.MonkeyPatch) -> None:
    figures = _sql(ledger, "SELECT id FROM figures ORDER BY documents DESC, claims DESC, id")
    labels = dict(zip(figures, _sql(ledger, "SELECT label FROM figures ORDER BY documents DESC, claims DESC, id"),
                      strict=True))
    option = re.compile(r'<select name="other" required>(.*?)</select>', re.S)
    first = figures[0]
    text = web.get(f"/figures/{first}").text
    offered = re.findall(r'<option value="(\d+)">', option.search(text).group(1)) if option.search(text) else []
    assert first not in offered and len(offered) <= pages.CHOICES
    word = labels[figures[-1]].split()[0]
    text = web.get(f"/figures/{first}", params={"pick": word}).text
    offered = re.findall(r'<option value="(\d+)">', option.search(text).group(1))
    assert offered == [f for f in figures if f != first and word.lower() in labels[f].lower()]
    monkeypatch.setattr(pages, "CHOICES", 0)
    assert '<select name="other"' not in web.get(f"/figures/{first}", params={"pick": word}).text


def test_unfiltered_pages_mark_their_reviewed_rows(web: TestClient, ledger: Path) -> None:
    """Each page reads the reviews of its own documents only: every reviewed row still shows
    its status, on every page."""
    every = _sql(ledger, "SELECT id FROM claims ORDER BY id")
    expected = {i: "confirmed" if n % 7 == 3 else "rejected" for n, i in enumerate(every) if n % 7 == 3 or n % 11 == 5}
    marks: dict[str, str] = {}
    url: str | None = "/claims"
    while url:
        text = web.get(url).text
        marks.update((i, s) for s, i in re.findall(r'<tr class="filterable" data-review="(\w+)" data-claim="(\d+)"',
                                                     text))
        found = NEXT.search(text)
        url = html.unescape(found.group(1)) if found else None
    assert marks == expected
    figure = _sql(ledger, "SELECT id FROM figures ORDER BY claims DESC LIMIT 1")[0]
    shown = set(re.findall(r'data-review="\w+" data-claim="(\d+)"', web.get(f"/figures/{figure}").text))
    assert shown and shown <= set(expected)


def test_figure_picker_search_is_escaped(web: TestClient, ledger: Path) -> None:
    figure = _sql(ledger, "SELECT id FROM figures ORDER BY id LIMIT 1")[0]
    text = web.get(f"/figures/{figure}", params={"pick": '"><script>alert(1)</script>'}).text
    assert "<script>alert(1)" not in text and "&lt;script&gt;alert(1)" in text
