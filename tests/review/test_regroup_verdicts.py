"""A verdict on figure B after ``review merge A B``: it follows B's claims into the merged
figure, unless A's own review is there, which the merged figure keeps; then B's verdict is
listed on its own, saying it was merged and where — never shown on another figure that
happens to share one overlapping claim.  On the sample story with the real cross stage."""

from __future__ import annotations

import sqlite3
from collections.abc import Iterator
from pathlib import Path

import pytest

from claimledger.checks.cross import run_cross_checks
from claimledger.ledger.store import Ledger
from claimledger.report import build_report
from claimledger.review import decide, figure_overrides, get_item, list_items, review_overlay, store
from claimledger.review.figure_match import assign
from claimledger.review.model import Anchor, ReviewState

TROOPS, FORCE = "north korean troops in russia", "counteroffensive force"


@pytest.fixture()
def led(sample_db: Path, monkeypatch: pytest.MonkeyPatch) -> Iterator[Ledger]:
    monkeypatch.setenv("CLAIMLEDGER_SEMANTIC", "0")  # merges rebuild the figures: no model needed
    with Ledger(sample_db) as ledger:
        run_cross_checks(ledger, semantic=False)
        yield ledger


def fig(conn: sqlite3.Connection, label: str) -> int:
    return int(conn.execute("SELECT id FROM figures WHERE label = ?", (label,)).fetchone()[0])


def merge_force_into_troops(led: Ledger) -> int:
    c = led.conn
    figure_overrides.merge(c, str(fig(c, TROOPS)), str(fig(c, FORCE)), reviewer="bob", note="one force")
    figure_overrides.rebuild(led)
    assert c.execute("SELECT COUNT(*) FROM figures WHERE label = ?", (FORCE,)).fetchone()[0] == 0
    return fig(c, TROOPS)


def test_a_verdict_on_the_merged_figure_follows_its_claims(led: Ledger) -> None:
    c = led.conn
    decide(c, f"figure:{fig(c, FORCE)}", "verdict", reviewer="ann", verdict="disputed", rationale="B's counts")
    merged = merge_force_into_troops(led)
    overlay = review_overlay(c)
    assert {k: (v["review"], v["verdict"]) for k, v in overlay["figures"].items()} == {merged: ("R1", "disputed")}
    assert overlay["unattached"] == []
    item = get_item(c, "R1")
    assert item.row is not None and item.row.id == merged and item.shown_status == "unreviewed"


def test_with_a_review_on_both_the_merged_figure_keeps_its_own_and_says_where_the_other_went(led: Ledger) -> None:
    c = led.conn
    troops, force = fig(c, TROOPS), fig(c, FORCE)
    decide(c, f"figure:{force}", "verdict", reviewer="ann", verdict="disputed", rationale="B's counts")
    decide(c, f"figure:{troops}", "verdict", reviewer="ann", verdict="consistent", rationale="A's counts")
    merged = merge_force_into_troops(led)  # R3

    overlay = review_overlay(c)
    assert {k: v["review"] for k, v in overlay["figures"].items()} == {merged: "R2"}  # not R1 on another figure
    (left,) = overlay["unattached"]
    why = (f"its figure was merged into '{TROOPS}' (R3); figure {merged} ('{TROOPS}') shows the review of the "
           "figure it was merged into (R2)")
    assert (left["review"], left["shown"], left["verdict"], left["reason"]) == ("R1", "unmatched", "disputed", why)
    stored = store.get(c, 1)
    assert stored is not None and (stored.anchor_state, stored.reason) == ("unmatched", why)  # re-anchored so
    item = get_item(c, "R1")
    assert item.row is None and item.shown_status == "unmatched" and item.review is not None
    assert item.review.reason == why
    listed = list_items(c, status="unmatched")  # `review --orphans` and /review?status=unmatched
    assert [(i.ref, i.review.reason if i.review else None) for i in listed] == [("R1", why)]
    html = build_report(led, generated="2024-12-01 00:00 UTC")
    assert f"reviewed, but its figure was merged into &#39;{TROOPS}&#39; (R3)" in html

    figure_overrides.revoke(c, "R3", reviewer="bob")  # undone: B's verdict is back on B
    figure_overrides.rebuild(led)
    overlay = review_overlay(c)
    assert {v["review"] for v in overlay["figures"].values()} == {"R1", "R2"} and overlay["unattached"] == []
    stored = store.get(c, 1)
    assert stored is not None and (stored.anchor_state, stored.reason) == ("matched", None)


def _state(item: int) -> ReviewState:
    return ReviewState(item=item, kind="figure", added=False, at="", reviewer="x", action="review",
                       status="unreviewed", anchor=Anchor(doc=None, hash=None), history_id=item)


def test_a_review_whose_figure_went_to_a_better_fit_takes_no_lesser_one() -> None:
    big, small = _state(1), _state(2)
    scored = [(23, big, 13), (6, small, 13), (1, small, 11)]
    assert assign(scored) == {1: 13, 2: 11}  # passages keep the old rule
    assert assign(scored, best_only=True) == {1: 13}
    assert assign([(6, small, 13), (6, small, 11), (23, big, 13)], best_only=True) == {1: 13, 2: 11}  # a tie
