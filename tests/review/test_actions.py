"""Decisions on items of the sample story ledger: what each one records, and what is refused."""

from __future__ import annotations

import sqlite3

import pytest

from claimledger.errors import UsageError
from claimledger.review import store
from claimledger.review.actions import add_item, bulk, decide
from claimledger.review.items import get_item, list_items

DOC = "000_e78bd6e66f000d9c.txt"


def _claim(conn: sqlite3.Connection, text: str) -> str:
    return next(i.ref for i in list_items(conn, kind="claim") if i.span and i.span.text == text)


def test_confirm_records_the_values_the_reviewer_saw(conn: sqlite3.Connection) -> None:
    ref = _claim(conn, "around 11,000 North Korean soldiers")
    s = decide(conn, ref, "confirm", reviewer="ann")
    assert s.status == "confirmed" and s.corrections == {}
    assert s.approved["low"] == 11000 and s.approved["hedge"] == "approx"
    assert s.anchor.doc == DOC and s.anchor.span is not None
    assert s.anchor.span.text == "around 11,000 North Korean soldiers"
    assert "Pyongyang" in s.anchor.context or "11,000" in s.anchor.context
    assert get_item(conn, ref).review == s


def test_correct_keeps_only_real_changes_and_checks_the_hedge_rules(conn: sqlite3.Connection) -> None:
    ref = _claim(conn, "around 11,000 North Korean soldiers")
    with pytest.raises(UsageError, match="min needs low set and high null"):
        decide(conn, ref, "correct", reviewer="ann", corrections={"hedge": "min"})
    assert store.current(conn) == []  # nothing written by a refused correction
    s = decide(conn, ref, "correct", reviewer="ann",
               corrections={"hedge": "min", "high": None, "low": 11000, "source": "Pentagon"})
    assert s.status == "corrected"
    assert dict(s.corrections) == {"hedge": "min", "high": None, "source": "Pentagon"}  # low was already 11000
    s2 = decide(conn, ref, "confirm", reviewer="bob")
    assert s2.status == "corrected" and s2.approved["source"] == "Pentagon"  # confirming keeps corrections
    s3 = decide(conn, ref, "reset", reviewer="bob")
    assert s3.status == "unreviewed" and s3.corrections == {}


def test_unknown_fields_and_empty_corrections_are_refused(conn: sqlite3.Connection) -> None:
    ref = list_items(conn, kind="event")[0].ref
    with pytest.raises(UsageError, match="no field 'hedge'"):
        decide(conn, ref, "correct", reviewer="ann", corrections={"hedge": "exact"})
    with pytest.raises(UsageError, match="at least one"):
        decide(conn, ref, "correct", reviewer="ann", corrections={})
    with pytest.raises(UsageError, match="reviewer"):
        decide(conn, ref, "confirm", reviewer="  ")


def test_verdict_on_a_figure_links_evidence_by_passage(conn: sqlite3.Connection) -> None:
    fig = list_items(conn, kind="figure")[0]
    evidence = [_claim(conn, "around 11,000 North Korean soldiers"), list_items(conn, kind="finding")[0].ref]
    s = decide(conn, fig.ref, "verdict", reviewer="ann", verdict="disputed",
               rationale="the Pentagon and Kyiv give different counts", evidence=evidence)
    assert s.verdict == "disputed" and s.status == "unreviewed"
    assert [e.kind for e in s.evidence] == ["claim", "finding"]
    assert s.evidence[0].text == "around 11,000 North Korean soldiers"
    assert s.anchor.members and s.anchor.label == fig.values["label"]
    with pytest.raises(UsageError, match="verdict"):
        decide(conn, fig.ref, "verdict", reviewer="ann", verdict="true")
    with pytest.raises(UsageError, match="figures and claims"):
        decide(conn, list_items(conn, kind="event")[0].ref, "verdict", reviewer="ann", verdict="disputed")


def test_expect_text_refuses_a_decision_on_a_changed_item(conn: sqlite3.Connection) -> None:
    ref = list_items(conn, kind="claim")[0].ref
    with pytest.raises(UsageError, match="re-analysed"):
        decide(conn, ref, "confirm", reviewer="ann", expect_text="something else")


def test_bulk_is_all_or_nothing(conn: sqlite3.Connection) -> None:
    refs = [i.ref for i in list_items(conn, kind="claim")[:3]]
    with pytest.raises(UsageError):
        bulk(conn, [*refs, "claim:999999"], "reject", reviewer="ann")
    assert store.current(conn) == []
    done = bulk(conn, refs, "reject", reviewer="ann")
    assert [s.status for s in done] == ["rejected"] * 3
    assert len(list_items(conn, status="rejected")) == 3
    assert len(list_items(conn, kind="claim", status="unreviewed")) == len(list_items(conn, kind="claim")) - 3


def test_add_item_anchors_a_missing_claim_at_its_passage(conn: sqlite3.Connection) -> None:
    s = add_item(conn, "claim", DOC, reviewer="ann", text="twenty-four hours",
                 values={"low": 24, "high": 24, "hedge": "exact", "counted": "hours"}, note="a time span, test")
    assert s.added and s.status == "confirmed" and s.shown_status == "added"
    assert s.anchor.span is not None and s.anchor.span.text == "twenty-four hours"
    assert s.approved["counted"] == "hours"
    added = list_items(conn, status="added")
    assert [i.review.item for i in added if i.review] == [s.item]
    with pytest.raises(UsageError, match="does not occur"):
        add_item(conn, "claim", DOC, reviewer="ann", text="not in the article",
                 values={"low": 1, "high": 1, "hedge": "exact", "counted": "x"})
    with pytest.raises(UsageError, match="counted is required"):
        add_item(conn, "claim", DOC, reviewer="ann", text="Kursk", values={"low": 1, "high": 1, "hedge": "exact"})
    with pytest.raises(UsageError, match="No document"):
        add_item(conn, "event", "nope.txt", reviewer="ann", start=0, end=3, values={"date": "2024", "what": "x"})


def test_references_resolve_by_row_and_by_review_number(conn: sqlite3.Connection) -> None:
    item = list_items(conn, kind="claim")[2]
    s = decide(conn, item.ref, "reject", reviewer="ann")
    assert get_item(conn, s.label).row == item.row
    assert get_item(conn, str(s.item)).ref == item.ref
    for bad in ("claim:0", "R999", "cats"):
        with pytest.raises(UsageError):
            get_item(conn, bad)
