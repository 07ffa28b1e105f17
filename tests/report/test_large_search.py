"""Full-text search on a large ledger: a common word is ranked among its newest matches.

bm25 scores every match before returning the first, so :func:`queries.search` ranks a query
among its ``RANKED_MATCHES`` newest matching sentences.  These tests pin that window (made
small here) against an independent ranking, and check that a query with fewer matches is
ranked whole, exactly as the plain FTS5 query ranks it.
"""

from __future__ import annotations

import sqlite3
from collections.abc import Iterator

import pytest
from large_fixtures import many_ledger

from claimledger.ledger.store import connect
from claimledger.report import queries

WORD = "troops"


@pytest.fixture(scope="module")
def conn(tmp_path_factory: pytest.TempPathFactory) -> Iterator[sqlite3.Connection]:
    c = connect(many_ledger(tmp_path_factory.mktemp("search") / "many.db", copies=10), readonly=True)
    yield c
    c.close()


def _ranked(conn: sqlite3.Connection, rowids: list[int] | None = None) -> list[tuple[str, int]]:
    where = f" AND rowid IN ({','.join(map(str, rowids))})" if rowids is not None else ""
    return [(r[0], int(r[1])) for r in conn.execute(
        f"SELECT doc, idx FROM sentence_search WHERE sentence_search MATCH ?{where} ORDER BY rank", (f'"{WORD}"',))]


def test_a_query_with_few_matches_is_ranked_whole(conn: sqlite3.Connection) -> None:
    whole = _ranked(conn)
    assert 20 < len(whole) < queries.RANKED_MATCHES
    hits = queries.search(conn, WORD, limit=len(whole) + 5)
    assert [(h.doc, h.idx) for h in hits] == whole


def test_a_common_word_is_ranked_among_its_newest_matches(conn: sqlite3.Connection,
                                                          monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setattr(queries, "RANKED_MATCHES", 8)
    newest = [int(r[0]) for r in conn.execute(
        "SELECT rowid FROM sentence_search WHERE sentence_search MATCH ? ORDER BY rowid DESC LIMIT 8",
        (f'"{WORD}"',))]
    expected = _ranked(conn, newest)
    first = queries.search(conn, WORD, limit=4)
    second = queries.search(conn, WORD, limit=3, offset=4)
    assert [(h.doc, h.idx) for h in first + second] == expected[:7]  # pages of one window agree
    # deeper pages rank a wider window: the 16 newest, and still every hit matches the word
    deep = queries.search(conn, WORD, limit=4, offset=9)
    assert [(h.doc, h.idx) for h in deep] == _ranked(conn, [int(r[0]) for r in conn.execute(
        "SELECT rowid FROM sentence_search WHERE sentence_search MATCH ? ORDER BY rowid DESC LIMIT 16",
        (f'"{WORD}"',))])[9:13]
    assert all(any(hit and WORD in text.lower() for text, hit in h.parts) for h in deep)
