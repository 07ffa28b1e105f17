"""Events merged across documents into one timeline."""

from __future__ import annotations

from claimledger.checks.happenings import happening_of
from claimledger.ledger.timeline import EventItem, merge_events


def ev(i: int, doc: str, date: str, what: str, story: int = 0, source: str | None = None) -> EventItem:
    return EventItem(i, doc, story, date, what, source, happening_of(what))


def test_one_happening_reported_by_three_outlets_is_one_entry() -> None:
    entries = merge_events([
        ev(1, "a", "2024-11-12", "North Korea ratifies the pact", source="KCNA"),
        ev(2, "b", "2024-11", "North Korea ratified the defence pact"),
        ev(3, "c", "2024-11-12", "North Korea's parliament ratifies treaty with Russia"),
        ev(4, "c", "2024-11-12", "Russia launches counteroffensive in Kursk"),
    ])
    ratify = next(e for e in entries if 1 in [x.id for x in e.events])
    assert sorted(x.id for x in ratify.events) == [1, 2, 3]
    assert ratify.date == "2024-11-12"  # the most precise date
    assert ratify.documents == ["a", "b", "c"] and ratify.sources == ["KCNA"]
    assert len(entries) == 2


def test_different_dates_or_stories_stay_apart() -> None:
    entries = merge_events([
        ev(1, "a", "2024-11-12", "North Korea ratifies the pact"),
        ev(2, "b", "2024-06", "North Korea ratifies the pact"),
        ev(3, "c", "2024-11-12", "North Korea ratifies the pact", story=1),
    ])
    assert len(entries) == 3
    assert [e.date for e in entries] == ["2024-06", "2024-11-12", "2024-11-12"]


def test_entry_label_is_the_most_common_description() -> None:
    (entry,) = merge_events([ev(1, "a", "2024-08-06", "Ukraine invades Kursk region"),
                             ev(2, "b", "2024-08-06", "Ukraine invades Kursk region"),
                             ev(3, "c", "2024-08-06", "Ukrainian forces invade the Kursk region")])
    assert entry.what == "Ukraine invades Kursk region"
