"""Deep OFFSETs, read as keysets, give exactly the rows a plain LIMIT/OFFSET gives.

:func:`queries._skip` finds the sort key of the row ``offset`` rows in (reading one table,
without the list's joins) and reads the page from there; a document list's offset steps
through the documents_order index.  Each is checked against the plain SQL, at offsets
inside, at and past the end of the list, with and without filters and cursors.
"""

from __future__ import annotations

import sqlite3
from collections.abc import Iterator
from typing import Any

import pytest
from large_fixtures import many_ledger

from claimledger.ledger.store import connect
from claimledger.report import queries


@pytest.fixture(scope="module")
def conn(tmp_path_factory: pytest.TempPathFactory) -> Iterator[sqlite3.Connection]:
    c = connect(many_ledger(tmp_path_factory.mktemp("offsets") / "many.db", copies=12), readonly=True)
    yield c
    c.close()


def _ids(conn: sqlite3.Connection, sql: str, params: tuple[Any, ...] = ()) -> list[int]:
    return [int(r[0]) for r in conn.execute(sql, params)]


@pytest.mark.parametrize("offset", [0, 1, 17, 200, 455, 456, 457, 5000])
def test_claim_offsets(conn: sqlite3.Connection, offset: int) -> None:
    total = _ids(conn, "SELECT COUNT(*) FROM claims")[0]
    assert total == 456  # 38 gold claims x 12 copies: the offsets above straddle the end
    expected = _ids(conn, "SELECT id FROM claims ORDER BY id LIMIT 25 OFFSET ?", (offset,))
    assert [c.id for c in queries.claims(conn, limit=25, offset=offset)] == expected
    hedged = _ids(conn, "SELECT id FROM claims WHERE hedge = 'exact' ORDER BY id LIMIT 7 OFFSET ?", (offset // 3,))
    assert [c.id for c in queries.claims(conn, hedge="exact", limit=7, offset=offset // 3)] == hedged


@pytest.mark.parametrize("offset", [0, 3, 40, 119, 120, 400])
def test_event_offsets_with_a_cursor(conn: sqlite3.Connection, offset: int) -> None:
    expected = [(str(r[0]), int(r[1])) for r in conn.execute(
        "SELECT date, id FROM events WHERE (date, id) > ('2024-11-01', 0) ORDER BY date, id LIMIT 9 OFFSET ?",
        (offset,))]
    got = queries.events(conn, limit=9, offset=offset, after=("2024-11-01", 0))
    assert [(e.date, e.id) for e in got] == expected


@pytest.mark.parametrize("offset", [0, 2, 35, 36, 37])
def test_finding_offsets_by_kind(conn: sqlite3.Connection, offset: int) -> None:
    expected = _ids(conn, "SELECT id FROM findings WHERE kind = 'boilerplate' ORDER BY id LIMIT 4 OFFSET ?",
                    (offset,))
    assert [f.id for f in queries.findings(conn, kind="boilerplate", limit=4, offset=offset)] == expected


@pytest.mark.parametrize("offset", [0, 1, 12, 23, 24, 30])
def test_document_offsets(conn: sqlite3.Connection, offset: int) -> None:
    expected = _ids(conn, "SELECT rowid FROM documents ORDER BY rowid LIMIT 5 OFFSET ?", (offset,))
    assert [d.n for d in queries.documents(conn, limit=5, offset=offset)] == expected
    after = _ids(conn, "SELECT rowid FROM documents WHERE rowid > 6 ORDER BY rowid LIMIT 5 OFFSET ?", (offset,))
    assert [d.n for d in queries.documents(conn, limit=5, offset=offset, after=(6,))] == after


def test_outlet_filters_keep_the_plain_offset(conn: sqlite3.Connection) -> None:
    expected = _ids(conn, "SELECT c.id FROM claims c JOIN documents d ON d.id = c.doc WHERE d.outlet = ? "
                    "ORDER BY d.rowid, c.id LIMIT 6 OFFSET 20", ("Capital Wire",))
    assert [c.id for c in queries.claims(conn, outlet="Capital Wire", limit=6, offset=20)] == expected
