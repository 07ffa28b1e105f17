"""Review records: typed values parsed from what a person types, the contract's rules on
corrected values, and anchors that survive a JSON round trip."""

from __future__ import annotations

import pytest

from claimledger.errors import UsageError
from claimledger.review.model import Anchor, Passage, ReviewState, Span, check_values, parse_field


def test_parse_field_reads_numbers_as_people_write_them() -> None:
    assert parse_field("claim", "low", "11,000") == 11000
    assert parse_field("claim", "high", " 2.5 ") == 2.5
    assert parse_field("claim", "high", "null") is None
    assert parse_field("claim", "source", "") is None
    assert parse_field("event", "what", " pact ratified ") == "pact ratified"


@pytest.mark.parametrize(("kind", "name", "raw"), [("claim", "low", "eleven"), ("claim", "low", "inf"),
                                                   ("claim", "date", "2024"), ("event", "hedge", "exact")])
def test_parse_field_refuses_with_a_hint(kind: str, name: str, raw: str) -> None:
    with pytest.raises(UsageError) as exc:
        parse_field(kind, name, raw)
    assert exc.value.hint


def test_check_values_applies_the_hedge_rules_of_the_contract() -> None:
    ok = {"low": 11000, "high": 11000, "hedge": "approx", "counted": "soldiers", "as_of": "2024-11"}
    assert check_values("claim", ok) == []
    assert check_values("claim", {**ok, "hedge": "min"}) == ["min needs low set and high null"]
    assert check_values("claim", {**ok, "hedge": "range"}) == ["range needs low < high"]
    assert "as_of" in check_values("claim", {**ok, "as_of": "2024-13"})[0]
    assert "not one of" in check_values("claim", {**ok, "hedge": "about"})[0]
    assert check_values("event", {"date": "2024-02-30", "what": "x"})[0].startswith("date")
    assert check_values("finding", {"kind": "rumour", "why": "x"})[0].startswith("kind")


def test_check_values_only_checks_what_was_changed() -> None:
    odd = {"low": None, "high": None, "hedge": "exact", "counted": "x", "source": None}
    assert check_values("claim", {**odd, "source": "Kyiv Post"}, changed=frozenset({"source"})) == []
    assert check_values("claim", odd, changed=frozenset({"low"})) == ["exact needs low == high"]


def test_anchor_round_trips_through_json() -> None:
    a = Anchor(doc="d.txt", hash="abc", spans=(Span(3, 9, "11,000"), Span(20, 24, "June")), context="s",
               label="self_contradiction", members=(Passage("claim", "e.txt", "h", 1, 2, "x"),),
               values={"low": 1})
    assert Anchor.from_dict(a.to_dict()) == a


def test_shown_status_puts_orphans_first_then_added_items() -> None:
    base = ReviewState(item=1, kind="claim", added=False, at="t", reviewer="ann", action="review",
                       status="confirmed", anchor=Anchor("d", "h", (Span(0, 1, "x"),)))
    assert base.shown_status == "confirmed"
    assert ReviewState(**{**base.__dict__, "anchor_state": "orphaned"}).shown_status == "orphaned"
    assert ReviewState(**{**base.__dict__, "added": True}).shown_status == "added"
    assert ReviewState(**{**base.__dict__, "corrections": {"low": 2}}).approved == {"low": 2}


def test_check_values_refuses_non_text_and_huge_values() -> None:
    assert check_values("claim", {"counted": {"nested": 1}}, changed=frozenset({"counted"})) == [
        "counted must be text of at most 2000 characters"]
    assert check_values("event", {"what": "x" * 2001, "date": "2024"}, changed=frozenset({"what"}))
