"""Reviews as gold: the file is a valid claimledger-gold/1, and scoring against it counts
rejected items as false positives and leaves unreviewed predictions out."""

from __future__ import annotations

import sqlite3

from claimledger.evaluation import validate_gold
from claimledger.review.actions import add_item, decide
from claimledger.review.gold import reviews_to_gold, score_reviews
from claimledger.review.items import list_items

DOC = "000_e78bd6e66f000d9c.txt"


def _ref(conn: sqlite3.Connection, kind: str, text: str) -> str:
    return next(i.ref for i in list_items(conn, kind=kind) if i.span and i.span.text == text)


def _texts(conn: sqlite3.Connection) -> dict[str, str]:
    return {r[0]: r[1] for r in conn.execute("SELECT id, text FROM documents")}


def test_gold_file_from_reviews_is_valid_and_holds_what_people_approved(conn: sqlite3.Connection) -> None:
    decide(conn, _ref(conn, "claim", "around 11,000 North Korean soldiers"), "confirm", reviewer="ann")
    decide(conn, _ref(conn, "claim", "to around 11,000"), "correct", reviewer="ann",
           corrections={"as_of": "2024-11-04", "source": "Pentagon"})
    decide(conn, _ref(conn, "claim", "thousands of troops"), "reject", reviewer="ann", note="repeat of the lede")
    decide(conn, list_items(conn, kind="event")[0].ref, "confirm", reviewer="ann")
    finding = list_items(conn, kind="finding")[0]
    decide(conn, finding.ref, "confirm", reviewer="ann")
    add_item(conn, "claim", DOC, reviewer="ann", text="twenty-four hours",
             values={"low": 24, "high": 24, "hedge": "exact", "counted": "hours of fighting"})
    decide(conn, list_items(conn, kind="claim")[5].ref, "note", reviewer="ann", note="unsure")  # not gold
    gold = reviews_to_gold(conn, story="Kursk")
    assert gold["schema"] == "claimledger-gold/1" and gold["story"] == "Kursk"
    assert validate_gold(gold, _texts(conn)) == []
    claims = {c["text"]: c for c in gold["claims"]}
    assert set(claims) == {"around 11,000 North Korean soldiers", "to around 11,000", "twenty-four hours"}
    assert claims["to around 11,000"]["as_of"] == "2024-11-04" and claims["to around 11,000"]["source"] == "Pentagon"
    assert len(gold["events"]) == 1 and len(gold["findings"]) == 1
    assert gold["findings"][0]["kind"] == finding.values["kind"]
    assert [f["text"] for f in gold["known_false_positives"]] == ["thousands of troops"]


def test_score_counts_rejections_and_misses_and_leaves_unreviewed_out(conn: sqlite3.Connection) -> None:
    decide(conn, _ref(conn, "claim", "around 11,000 North Korean soldiers"), "confirm", reviewer="ann")  # tp
    decide(conn, _ref(conn, "claim", "to around 11,000"), "correct", reviewer="ann",
           corrections={"low": 12000, "high": 12000})  # wrong bounds: a miss
    decide(conn, _ref(conn, "claim", "thousands of troops"), "reject", reviewer="ann")  # fp
    add_item(conn, "claim", DOC, reviewer="ann", text="twenty-four hours",
             values={"low": 24, "high": 24, "hedge": "exact", "counted": "hours"})  # fn: nothing extracted
    result = score_reviews(conn)
    c = result.result.claims
    assert (c.tp, c.fp, c.fn) == (1, 1, 2)
    assert result.result.wrong_bounds[0][0] == "to around 11,000"
    assert result.reviewed["claim"] == 4 and result.orphaned == 0
    on_doc = sum(1 for i in list_items(conn, kind="claim", doc=DOC) if i.row is not None)
    assert result.unreviewed_predictions["claim"] == on_doc - 3
    assert "left out" in result.summary()


def test_no_reviews_no_gold(conn: sqlite3.Connection) -> None:
    gold = reviews_to_gold(conn)
    assert gold["documents"] == {} and gold["claims"] == []
