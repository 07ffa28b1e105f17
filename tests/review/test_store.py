"""The review tables: one migration, an append-only history, latest row = current state."""

from __future__ import annotations

import re
import sqlite3
from pathlib import Path

from claimledger.ledger import migrations
from claimledger.ledger.store import Ledger
from claimledger.review import store
from claimledger.review.actions import decide
from claimledger.review.items import list_items

REVIEW = Path(__file__).resolve().parents[2] / "src" / "claimledger" / "review"


def test_migration_adds_the_review_tables_to_an_existing_ledger(tmp_path: Path) -> None:
    db = tmp_path / "old.db"
    conn = sqlite3.connect(db)
    conn.execute("CREATE TABLE migrations (name TEXT PRIMARY KEY, applied_at TEXT NOT NULL)")
    conn.close()
    with Ledger(db) as led:
        names = [r[0] for r in led.conn.execute("SELECT name FROM migrations")]
        assert "0004_review" in names and len(names) == len(migrations.MIGRATIONS)
        assert store.has_review_tables(led.conn)


def test_every_decision_is_a_new_row_and_the_latest_is_current(conn: sqlite3.Connection) -> None:
    ref = list_items(conn, kind="claim")[0].ref
    decide(conn, ref, "confirm", reviewer="ann")
    decide(conn, ref, "note", reviewer="bob", note="checked against the ISW map")
    last = decide(conn, ref, "reject", reviewer="cy")
    past = store.history(conn, last.item)
    assert [s.status for s in past] == ["confirmed", "confirmed", "rejected"]
    assert [s.reviewer for s in past] == ["ann", "bob", "cy"]
    assert past[1].note == past[2].note == "checked against the ISW map"
    assert store.get(conn, last.item) == last == store.current(conn)[0]
    assert conn.execute("SELECT COUNT(*) FROM review_history").fetchone()[0] == 3
    assert conn.execute("SELECT COUNT(*) FROM review_items").fetchone()[0] == 1


def test_current_filters_by_kind_status_and_doc(conn: sqlite3.Connection) -> None:
    items = list_items(conn, kind="claim")
    decide(conn, items[0].ref, "confirm", reviewer="ann")
    decide(conn, items[1].ref, "reject", reviewer="ann")
    assert [s.status for s in store.current(conn, status="rejected")] == ["rejected"]
    assert store.current(conn, kind="event") == []
    assert len(store.current(conn, doc=items[0].doc)) == sum(1 for i in items[:2] if i.doc == items[0].doc)
    assert store.counts(conn) == {"confirmed": 1, "rejected": 1}


def test_no_code_can_rewrite_or_drop_history() -> None:
    """Append-only by construction: the only statements on review_history are INSERTs."""
    for path in REVIEW.glob("*.py"):
        source = path.read_text(encoding="utf-8")
        bad = re.findall(r"(UPDATE|DELETE FROM|REPLACE INTO|DROP TABLE)\s+review_(history|items)", source, re.I)
        assert bad == [], f"{path.name} modifies review rows: {bad}"


def test_a_failed_write_leaves_no_half_item(conn: sqlite3.Connection) -> None:
    ref = list_items(conn, kind="claim")[0].ref
    try:
        with store.transaction(conn):
            decide(conn, ref, "confirm", reviewer="ann")
            raise RuntimeError("crash mid-way")
    except RuntimeError:
        pass
    assert conn.execute("SELECT COUNT(*) FROM review_items").fetchone()[0] == 0
    assert conn.execute("SELECT COUNT(*) FROM review_history").fetchone()[0] == 0
