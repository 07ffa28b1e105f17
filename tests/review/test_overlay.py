"""The report's view of reviews: status and verdict per row id, and the publication filter."""

from __future__ import annotations

import sqlite3
from pathlib import Path

from claimledger.ledger.store import Ledger
from claimledger.report import queries
from claimledger.review.actions import decide
from claimledger.review.items import list_items
from claimledger.review.overlay import filter_reviewed, review_of, review_overlay


def test_overlay_maps_report_rows_to_their_reviews(conn: sqlite3.Connection) -> None:
    claims = list_items(conn, kind="claim")
    decide(conn, claims[0].ref, "confirm", reviewer="ann")
    decide(conn, claims[1].ref, "correct", reviewer="ann", corrections={"counted": "North Korean troops"})
    decide(conn, claims[2].ref, "reject", reviewer="ann")
    fig = list_items(conn, kind="figure")[0]
    decide(conn, fig.ref, "verdict", reviewer="bob", verdict="disputed", rationale="two counts")
    ov = review_overlay(conn)
    assert ov["counts"] == {"confirmed": 1, "corrected": 1, "rejected": 1, "unreviewed": 1}
    assert claims[0].row is not None and claims[1].row is not None and fig.row is not None
    assert review_of(ov, "claim", claims[0].row.id)["status"] == "confirmed"  # type: ignore[index]
    assert ov["claims"][claims[1].row.id]["approved"]["counted"] == "North Korean troops"
    assert ov["figures"][fig.row.id]["verdict"] == "disputed"
    rows = queries.claims(conn)
    published = filter_reviewed(rows, ov, "claim")
    assert {r.id for r in published} == {claims[0].row.id, claims[1].row.id}
    assert len(filter_reviewed(rows, ov, "claims", statuses=("rejected",))) == 1
    assert filter_reviewed([{"id": claims[0].row.id}, {"id": None}], ov, "claim") == [{"id": claims[0].row.id}]
    figures = queries.figures(conn)
    assert [f.id for f in filter_reviewed(figures, ov, "figure")] == [fig.row.id]  # a verdict is a review


def test_overlay_of_a_ledger_without_review_tables_is_empty(tmp_path: Path) -> None:
    db = tmp_path / "x.db"
    Ledger(db).close()
    plain = sqlite3.connect(tmp_path / "plain.db")
    ov = review_overlay(plain)
    assert ov["claims"] == {} and ov["unattached"] == [] and ov["counts"] == {}
    plain.close()
