"""Whole-ledger aggregates are memoised per ledger file, and forgotten when the file changes.

The overview's counts cost a scan of millions of index entries at 100k documents, so
:func:`queries.memo` keeps them until a write commits — which a reader sees through the
file's and the WAL's size and mtime and the largest row ids.  A stale overview after an
upload would be a wrong count on the front page, so this writes through a second
connection, as the web UI's background jobs do, and reads again.
"""

from __future__ import annotations

import shutil
from pathlib import Path

from large_fixtures import many_ledger
from ledger_fixtures import make_result

from claimledger.ledger.store import Ledger, connect
from claimledger.models import Document
from claimledger.report import queries


def test_overview_is_reused_until_a_write_commits(tmp_path: Path) -> None:
    db = many_ledger(tmp_path / "many.db", copies=3)
    reader = connect(db, readonly=True)
    try:
        first = queries.overview(reader)
        assert queries.overview(reader) is first  # memoised
        assert queries.finding_kinds(reader) == queries.finding_kinds(reader)
        with Ledger(db) as led:  # another connection writes a document, as an analysis job does
            text = "Officials said at least 1,200 people were evacuated on Monday."
            led.write_result(make_result(Document(id="new.txt", text=text, outlet="Late Wire"),
                                         claims=[{"text": "at least 1,200", "hedge": "min", "low": 1200, "high": None,
                                                  "counted": "people"}]), "test-fixture")
        second = queries.overview(reader)
        assert second is not first
        assert (second.documents, second.claims) == (first.documents + 1, first.claims + 1)
        assert "Late Wire" in queries.outlets(reader)
    finally:
        reader.close()


def test_each_ledger_file_has_its_own_memo(tmp_path: Path) -> None:
    a = many_ledger(tmp_path / "a.db", copies=2)
    b = tmp_path / "b.db"
    shutil.copy(a, b)
    with Ledger(b) as led:
        led.conn.execute("DELETE FROM documents WHERE id LIKE 'copy001/%'")
    ca, cb = connect(a, readonly=True), connect(b, readonly=True)
    try:
        assert queries.overview(ca).documents == 4
        assert queries.overview(cb).documents == 2
    finally:
        ca.close()
        cb.close()
