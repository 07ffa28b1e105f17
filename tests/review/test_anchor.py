"""Re-anchoring: reviews follow their passage into a new text or a new extraction, and are
reported (never dropped) when the passage is gone."""

from __future__ import annotations

import sqlite3
from pathlib import Path

from ledger_fixtures import ANALYSER, SAMPLE, make_result

from claimledger.ledger.store import Ledger
from claimledger.models import Document
from claimledger.review import store
from claimledger.review.actions import decide
from claimledger.review.anchor import reanchor, reanchor_if_stale, relocate
from claimledger.review.items import get_item, list_items
from claimledger.review.model import Span

ARTICLE = (SAMPLE / "000_e78bd6e66f000d9c.txt").read_text(encoding="utf-8")
DOC = "000_e78bd6e66f000d9c.txt"


def _span(text: str, needle: str, nth: int = 0) -> Span:
    i = -1
    for _ in range(nth + 1):
        i = text.index(needle, i + 1)
    return Span(i, i + len(needle), needle)


# ---------------------------------------------------------------------------------- relocate
def test_relocate_follows_a_shift() -> None:
    old = ARTICLE
    new = "Editor's note: updated with new figures.\n" + old
    span = _span(old, "approximately 1,250 troops")
    got = relocate(span, new, old_text=old)
    assert got is not None and got.how == "moved"
    assert got.span.start == span.start + 41 and new[got.span.start:got.span.end] == span.text


def test_relocate_picks_the_same_occurrence_of_a_repeated_phrase() -> None:
    old = ARTICLE
    second = _span(old, "around 11,000", nth=1)
    new = old.replace("Ukrainian forces", "Ukraine's forces", 1)  # an edit before both occurrences
    got = relocate(second, new, old_text=old)
    assert got is not None
    assert got.span.start == _span(new, "around 11,000", nth=1).start


def test_relocate_without_the_old_text_uses_the_sentence() -> None:
    old = ARTICLE
    second = _span(old, "around 11,000", nth=1)
    sentence_start = old.rfind(". ", 0, second.start) + 2
    context = old[sentence_start:old.index(".", second.end) + 1]
    new = "A new first paragraph of some length.\n" * 5 + old
    got = relocate(second, new, context=context)
    assert got is not None and got.span.start == _span(new, "around 11,000", nth=1).start


def test_relocate_accepts_a_near_match_but_not_a_changed_number() -> None:
    old = "Officials said that “at least 300 people” were evacuated from the town on Monday."
    span = _span(old, "“at least 300 people”")
    retyped = old.replace("“", '"').replace("”", '"')
    got = relocate(span, retyped, old_text=old)
    assert got is not None and got.how == "fuzzy" and got.span.text == '"at least 300 people"'
    changed = old.replace("300", "350")
    assert relocate(span, changed, old_text=old, keep_numbers=True) is None


def test_relocate_gives_up_when_the_passage_is_gone() -> None:
    old = ARTICLE
    span = _span(old, "fifty-seven unmanned aerial systems")
    sentence = old[old.rfind("\n", 0, span.start):old.index("\n", span.end)]
    new = old.replace(sentence, "")
    assert relocate(span, new, old_text=old, keep_numbers=True) is None


def test_relocate_finds_a_paragraph_moved_far_away_by_its_sentence() -> None:
    paragraphs = ARTICLE.split("\n")
    i = next(k for k, p in enumerate(paragraphs) if "fifty-seven" in p)
    moved = [*paragraphs[:i], *paragraphs[i + 1:], paragraphs[i]]
    new = "\n".join(moved)
    span = _span(ARTICLE, "fifty-seven unmanned aerial systems")
    got = relocate(span, new, context=paragraphs[i])
    assert got is not None and new[got.span.start:got.span.end] == span.text


# ---------------------------------------------------------------------------------- reanchor
def _rewrite(conn: sqlite3.Connection, db: Path, new_text: str) -> None:
    """A new version of the article, extracted again (fixture extraction: gold quotes found in the text)."""
    import json

    gold = json.loads((SAMPLE / "gold.json").read_text(encoding="utf-8"))
    doc = Document(id=DOC, text=new_text, title="Putin Isn't Bluffing", outlet="The National Interest")
    claims = [c for c in gold["claims"] if c["doc"] == DOC and c["text"] in new_text]
    with Ledger(db) as led:
        led.write_result(make_result(doc, claims=claims), ANALYSER)


def test_reanchor_keeps_moves_and_orphans_reviews_after_a_new_version(conn: sqlite3.Connection,
                                                                       sample_db: Path) -> None:
    items = {i.span.text: i for i in list_items(conn, kind="claim", doc=DOC) if i.span}
    kept = decide(conn, items["thousands of troops"].ref, "confirm", reviewer="ann")
    fixed = decide(conn, items["around 11,000 North Korean soldiers"].ref, "correct", reviewer="ann",
                   corrections={"source": "Pentagon"})
    gone = decide(conn, items["fifty-seven unmanned aerial systems"].ref, "reject", reviewer="ann")
    p = next(x for x in ARTICLE.split("\n") if "fifty-seven" in x)
    new_text = "Editor's note: this article was updated.\n" + ARTICLE.replace(p, "")
    _rewrite(conn, sample_db, new_text)
    assert reanchor_if_stale(conn) is not None  # the anchors point at the old hash
    report = store.current(conn)
    by_item = {s.item: s for s in report}
    for s in (kept, fixed):
        now = by_item[s.item]
        assert now.anchor_state == "matched" and now.anchor.span is not None
        assert new_text[now.anchor.span.start:now.anchor.span.end] == s.anchor.span.text  # type: ignore[union-attr]
        assert now.anchor.span.start > s.anchor.span.start  # type: ignore[union-attr]
        assert now.status == s.status and now.approved == s.approved
        assert get_item(conn, now.label).row is not None  # sits on the re-extracted row
    orphan = by_item[gone.item]
    assert orphan.anchor_state == "orphaned" and orphan.status == "rejected"
    assert "no longer in the text" in (orphan.reason or "")
    assert orphan.anchor == gone.anchor  # the last good anchor is kept
    assert [i.review.item for i in list_items(conn, status="orphaned") if i.review] == [gone.item]
    assert [h.action for h in store.history(conn, gone.item)] == ["review", "reanchor"]
    again = reanchor(conn)
    assert again.outcomes == () and again.checked == 3  # idempotent: nothing more to write


def test_reanchor_reattaches_an_orphan_when_the_text_comes_back(conn: sqlite3.Connection, sample_db: Path) -> None:
    item = next(i for i in list_items(conn, kind="claim", doc=DOC) if i.span and "fifty-seven" in i.span.text)
    s = decide(conn, item.ref, "confirm", reviewer="ann")
    p = next(x for x in ARTICLE.split("\n") if "fifty-seven" in x)
    _rewrite(conn, sample_db, ARTICLE.replace(p, ""))
    assert reanchor(conn).orphaned[0].item == s.item
    _rewrite(conn, sample_db, ARTICLE)
    back = reanchor(conn)
    assert [(o.item, o.after) for o in back.outcomes] == [(s.item, "matched")]
    assert get_item(conn, s.label).row is not None


def test_reanchor_reports_items_the_extractor_no_longer_produces(conn: sqlite3.Connection,
                                                                 sample_db: Path) -> None:
    item = next(i for i in list_items(conn, kind="claim", doc=DOC) if i.span and "fifty-seven" in i.span.text)
    s = decide(conn, item.ref, "confirm", reviewer="ann")
    with Ledger(sample_db) as led:  # same text, a new analyser that misses the claim
        doc = Document(id=DOC, text=ARTICLE, title="Putin Isn't Bluffing")
        led.write_result(make_result(doc, claims=[]), "analyser-2")
    report = reanchor(conn)
    assert [(o.item, o.after) for o in report.unmatched] == [(s.item, "unmatched")]
    shown = list_items(conn, status="unmatched")
    assert [i.ref for i in shown] == [s.label] and shown[0].row is None


def test_figure_reviews_follow_their_claims(conn: sqlite3.Connection, sample_db: Path) -> None:
    fig = list_items(conn, kind="figure")[0]
    s = decide(conn, fig.ref, "verdict", reviewer="ann", verdict="consistent")
    assert reanchor(conn).outcomes == ()
    with Ledger(sample_db) as led:  # the cross checks ran again: new figure ids, same claims
        led.conn.execute("UPDATE figures SET id = id + 100")
        led.conn.execute("UPDATE claims SET figure = figure + 100 WHERE figure IS NOT NULL")
    assert get_item(conn, s.label).row is not None
    assert get_item(conn, s.label).row.id == fig.row.id + 100  # type: ignore[union-attr]
    with Ledger(sample_db) as led:
        led.conn.execute("DELETE FROM figures")
        led.conn.execute("UPDATE claims SET figure = NULL")
    assert [o.after for o in reanchor(conn).outcomes] == ["unmatched"]


def test_report_notes_tell_the_user_what_to_do(conn: sqlite3.Connection, sample_db: Path) -> None:
    item = next(i for i in list_items(conn, kind="claim", doc=DOC) if i.span and "fifty-seven" in i.span.text)
    decide(conn, item.ref, "confirm", reviewer="ann")
    p = next(x for x in ARTICLE.split("\n") if "fifty-seven" in x)
    _rewrite(conn, sample_db, ARTICLE.replace(p, ""))
    notes = reanchor(conn).notes()
    assert len(notes) == 1 and "orphaned" in notes[0] and "--orphans" in notes[0]


def test_a_decision_after_an_unwired_reanalysis_lands_on_the_existing_review(conn: sqlite3.Connection,
                                                                             sample_db: Path) -> None:
    """Even if nothing re-anchored after the text changed, deciding again on the same passage
    continues its review instead of starting a second one."""
    item = next(i for i in list_items(conn, kind="claim", doc=DOC) if i.span and i.span.text == "thousands of troops")
    first = decide(conn, item.ref, "confirm", reviewer="ann")
    _rewrite(conn, sample_db, "Editor's note: updated.\n" + ARTICLE)
    row = next(i for i in list_items(conn, kind="claim", doc=DOC, status="all") if i.span
               and i.span.text == "thousands of troops")
    again = decide(conn, row.ref, "reject", reviewer="bob")
    assert again.item == first.item and len(store.current(conn)) == 1


def test_a_claim_whose_number_word_changed_is_not_the_same_claim() -> None:
    old = "Officials said thousands of troops were sent to the front on Monday."
    span = _span(old, "thousands of troops")
    new = old.replace("thousands", "hundreds")
    assert relocate(span, new, old_text=old, keep_numbers=True) is None
    typo = "Officials said thousands of troops were sent to the frnt on Monday by the ministry."
    fixed = typo.replace("frnt", "front")
    passage = _span(typo, "were sent to the frnt on Monday")
    got = relocate(passage, fixed, old_text=typo)  # a corrected typo: still the same passage
    assert got is not None and got.how == "fuzzy" and got.span.text == "were sent to the front on Monday"
