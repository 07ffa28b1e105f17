"""SQL for reviews: ``review_items`` (one row per reviewed item) and ``review_history``.

The history is append-only: this module has INSERT statements for it and nothing else, so
no code path can rewrite or drop what a person decided.  Each history row holds the whole
state of its item after one change; the current state is the latest row per item (the
``review_current`` view), and :func:`history` returns every past state in order.
"""

from __future__ import annotations

import json
import sqlite3
from collections.abc import Iterator, Sequence
from contextlib import contextmanager
from dataclasses import replace
from typing import Any

from claimledger.errors import LedgerError
from claimledger.review.model import Anchor, Passage, ReviewState, now_iso

_COLUMNS = ("item", "at", "reviewer", "action", "status", "anchor", "anchor_state", "approved", "corrections",
            "verdict", "rationale", "evidence", "note", "reason")


def has_review_tables(conn: sqlite3.Connection) -> bool:
    """False on a ledger opened read-only before the review migration ran."""
    row = conn.execute("SELECT 1 FROM sqlite_master WHERE type = 'table' AND name = 'review_history'").fetchone()
    return row is not None


def require_review_tables(conn: sqlite3.Connection) -> None:
    if not has_review_tables(conn):
        raise LedgerError("This ledger has no review tables yet.",
                          hint="Open it once for writing (e.g. `claimledger review --db FILE`) to add them.")


@contextmanager
def transaction(conn: sqlite3.Connection) -> Iterator[sqlite3.Connection]:
    """BEGIN IMMEDIATE .. COMMIT, or join the transaction already open on ``conn``."""
    if conn.in_transaction:
        yield conn
        return
    conn.execute("BEGIN IMMEDIATE")
    try:
        yield conn
    except BaseException:
        conn.execute("ROLLBACK")
        raise
    conn.execute("COMMIT")


def create_item(conn: sqlite3.Connection, kind: str, doc: str | None, *, added: bool, reviewer: str,
                at: str | None = None) -> int:
    cur = conn.execute("INSERT INTO review_items (kind, doc, added, created_at, created_by) VALUES (?,?,?,?,?)",
                       (kind, doc, int(added), at or now_iso(), reviewer))
    return int(cur.lastrowid or 0)


def append(conn: sqlite3.Connection, state: ReviewState) -> ReviewState:
    """Write ``state`` as the newest history row of its item; return it with its row id."""
    row = (state.item, state.at, state.reviewer, state.action, state.status, json.dumps(state.anchor.to_dict()),
           state.anchor_state, json.dumps(state.approved), json.dumps(dict(state.corrections)), state.verdict,
           state.rationale, json.dumps([e.to_dict() for e in state.evidence]), state.note, state.reason)
    cur = conn.execute(f"INSERT INTO review_history ({', '.join(_COLUMNS)}) VALUES ({', '.join('?' * len(row))})",
                       row)
    return replace(state, history_id=int(cur.lastrowid or 0))


def new_item(conn: sqlite3.Connection, state: ReviewState) -> ReviewState:
    """Create the item and its first history row in one transaction (``state.item`` is ignored)."""
    with transaction(conn):
        item = create_item(conn, state.kind, state.anchor.doc, added=state.added, reviewer=state.reviewer,
                           at=state.at)
        return append(conn, replace(state, item=item))


def _state(r: sqlite3.Row) -> ReviewState:
    return ReviewState(
        item=r["item"], kind=r["kind"], added=bool(r["added"]), at=r["at"], reviewer=r["reviewer"],
        action=r["action"], status=r["status"], anchor=Anchor.from_dict(json.loads(r["anchor"])),
        anchor_state=r["anchor_state"], corrections=json.loads(r["corrections"] or "{}"), verdict=r["verdict"],
        rationale=r["rationale"], evidence=tuple(Passage.from_dict(e) for e in json.loads(r["evidence"] or "[]")),
        note=r["note"], reason=r["reason"], history_id=r["id"])


_SELECT = ("SELECT h.*, i.kind AS kind, i.added AS added FROM review_history h "
           "JOIN review_items i ON i.id = h.item")


def current(conn: sqlite3.Connection, *, kind: str | None = None, doc: str | None = None,
            status: str | None = None, anchor_state: str | None = None) -> list[ReviewState]:
    """The latest state of every reviewed item (filtered), oldest item first."""
    conds: list[str] = ["h.id = (SELECT MAX(id) FROM review_history WHERE item = h.item)"]
    params: list[Any] = []
    for column, value in (("i.kind", kind), ("i.doc", doc), ("h.status", status), ("h.anchor_state", anchor_state)):
        if value is not None:
            conds.append(f"{column} = ?")
            params.append(value)
    sql = f"{_SELECT} WHERE {' AND '.join(conds)} ORDER BY h.item"
    return [_state(r) for r in conn.execute(sql, params)]


def get(conn: sqlite3.Connection, item: int) -> ReviewState | None:
    r = conn.execute(f"{_SELECT} WHERE h.item = ? ORDER BY h.id DESC LIMIT 1", (item,)).fetchone()
    return _state(r) if r is not None else None


def history(conn: sqlite3.Connection, item: int) -> list[ReviewState]:
    """Every state the item has been in, oldest first."""
    return [_state(r) for r in conn.execute(f"{_SELECT} WHERE h.item = ? ORDER BY h.id", (item,))]


def counts(conn: sqlite3.Connection) -> dict[str, int]:
    """Current states by shown status (confirmed, corrected, rejected, added, orphaned ...)."""
    out: dict[str, int] = {}
    for s in current(conn):
        out[s.shown_status] = out.get(s.shown_status, 0) + 1
    return out


def stale_anchors(conn: sqlite3.Connection) -> int:
    """How many current anchors point at a text hash their document no longer has."""
    row = conn.execute(
        "SELECT COUNT(*) FROM review_current r LEFT JOIN documents d ON d.id = json_extract(r.anchor, '$.doc') "
        "WHERE r.kind NOT IN ('figure', 'regroup') AND r.anchor_state != 'orphaned' "
        "AND (d.id IS NULL OR d.hash != json_extract(r.anchor, '$.hash'))").fetchone()
    return int(row[0])


def append_many(conn: sqlite3.Connection, states: Sequence[ReviewState]) -> list[ReviewState]:
    with transaction(conn):
        return [append(conn, s) for s in states]


__all__ = ["append", "append_many", "counts", "create_item", "current", "get", "has_review_tables", "history",
           "new_item", "require_review_tables", "stale_anchors", "transaction"]
