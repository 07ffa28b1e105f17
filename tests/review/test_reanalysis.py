"""Reviews survive a real re-analysis by the NLP pipeline: a new analyser version (same
text, rows deleted and extracted again) and a new version of the article (changed text)."""

from __future__ import annotations

import shutil
from pathlib import Path

import pytest

from claimledger import runner
from claimledger.ledger.store import Ledger
from claimledger.review import store
from claimledger.review.actions import decide
from claimledger.review.anchor import reanchor
from claimledger.review.gold import score_reviews
from claimledger.review.items import get_item, list_items

SAMPLE = Path(__file__).resolve().parents[2] / "samples" / "kursk-2024"
DOC = "000_e78bd6e66f000d9c.txt"


@pytest.fixture(scope="module")
def story(tmp_path_factory: pytest.TempPathFactory) -> tuple[Path, Path]:
    folder = tmp_path_factory.mktemp("story")
    shutil.copy(SAMPLE / DOC, folder / DOC)
    db = folder.parent / "story.db"
    summary = runner.analyze([folder], db, cross=False)
    assert summary.new == 1 and not summary.failures
    return folder, db


def _analyse(folder: Path, db: Path) -> list[str]:
    """Re-analyse; ``analyze`` re-anchors the reviews itself and returns its notes as warnings."""
    summary = runner.analyze([folder], db, cross=False)
    assert not summary.failures and summary.changed == 1
    return summary.warnings


def test_reviews_survive_a_new_analyser_and_a_new_text(story: tuple[Path, Path],
                                                        monkeypatch: pytest.MonkeyPatch) -> None:
    folder, db = story
    with Ledger(db) as led:
        claims = [i for i in list_items(led.conn, kind="claim") if i.span]
        assert len(claims) >= 6
        first = claims[0]
        numbered = next(i for i in claims if i.span and "11,000" in i.span.text)
        confirmed = decide(led.conn, first.ref, "confirm", reviewer="ann")
        corrected = decide(led.conn, numbered.ref, "correct", reviewer="ann", corrections={"source": "Pentagon"})
        rejected = decide(led.conn, claims[-1].ref, "reject", reviewer="ann")
        rows_before = {s.item: get_item(led.conn, s.label).row for s in (confirmed, corrected, rejected)}

    # 1. a new analyser: same text, every claim row deleted and extracted again
    monkeypatch.setattr(runner, "ANALYSER_VERSION", "review-test/2")
    _analyse(folder, db)
    with Ledger(db) as led:
        report = reanchor(led)
        assert report.orphaned == [] and report.checked == 3
        for s in (confirmed, corrected, rejected):
            it = get_item(led.conn, s.label)
            assert it.row is not None and it.span == s.anchor.span  # same passage, a fresh row
            assert it.review is not None and it.review.status == s.status
        assert led.conn.execute("SELECT analyser FROM documents").fetchone()[0] == "review-test/2"
        assert all(rows_before[s.item] is not None for s in (confirmed, corrected, rejected))

    # 2. a new version of the article: a note on top, the corrected figure changed to 12,000
    text = (folder / DOC).read_text(encoding="utf-8")
    assert numbered.span is not None
    new = "Editor's note: this story was updated with new figures.\n" + text.replace(
        numbered.span.text, numbered.span.text.replace("11,000", "12,000"), 1)
    (folder / DOC).write_text(new, encoding="utf-8")
    notes = _analyse(folder, db)
    assert any("orphan" in n.lower() for n in notes), notes  # the run itself tells the user
    with Ledger(db) as led:
        assert reanchor(led).orphaned == []  # analyze already re-anchored: nothing left to do
        states = {s.item: s for s in store.current(led.conn)}
        assert states[corrected.item].anchor_state == "orphaned"
        assert states[rejected.item].anchor_state == "matched"
        c = states[confirmed.item]
        assert c.anchor_state == "matched" and c.anchor.span is not None
        assert new[c.anchor.span.start:c.anchor.span.end] == confirmed.anchor.span.text  # type: ignore[union-attr]
        orphan = states[corrected.item]
        assert orphan.status == "corrected" and orphan.approved["source"] == "Pentagon"
        assert [i.ref for i in list_items(led.conn, status="orphaned")] == [orphan.label]
        result = score_reviews(led.conn)
        assert result.orphaned == 1
        assert result.result.claims.tp + result.result.claims.fn == 1  # only the confirmed claim is gold now
