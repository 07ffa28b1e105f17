"""The held-out gold set (``gold/holdout``) is sound and big enough to mean something.

It measures generalisation, so a broken quote or a mis-shaped bound would silently move the
one number that says whether the extractors work on text nobody tuned them on.  These tests
reuse the validators of :mod:`claimledger.evaluation.gold` and add the checks that are
specific to a held-out set: it is disjoint from ``gold/dev``, nothing it annotates happens
after its article was published, and it spans every hedge and finding kind."""

from __future__ import annotations

import json
from collections import Counter
from pathlib import Path
from typing import Any

import pytest

from claimledger.evaluation import (
    gold_docs_dir,
    load_gold,
    overlapping_claims,
    read_gold_texts,
    validate_gold,
)
from claimledger.evaluation._matching import spans_of

REPO = Path(__file__).resolve().parent.parent.parent
HOLDOUT = REPO / "gold" / "holdout" / "gold.json"
DEV = REPO / "gold" / "dev" / "gold.json"


@pytest.fixture(scope="module")
def gold() -> dict[str, Any]:
    return load_gold(HOLDOUT)


@pytest.fixture(scope="module")
def texts(gold: dict[str, Any]) -> dict[str, str]:
    return read_gold_texts(gold, gold_docs_dir(HOLDOUT))


def test_every_quote_occurs_and_every_record_obeys_the_contract(gold: dict[str, Any],
                                                                 texts: dict[str, str]) -> None:
    assert validate_gold(gold, texts) == []


def test_claim_quotes_do_not_overlap(gold: dict[str, Any], texts: dict[str, str]) -> None:
    assert overlapping_claims(gold, texts) == []


def test_documents_exist_and_agree_with_the_meta_sidecar(gold: dict[str, Any], texts: dict[str, str]) -> None:
    docs_dir = gold_docs_dir(HOLDOUT)
    assert sorted(p.name for p in docs_dir.glob("*.txt")) == sorted(gold["documents"])
    meta = [json.loads(line) for line in (docs_dir / "meta.jsonl").read_text(encoding="utf-8").splitlines()]
    assert sorted(m["id"] for m in meta) == sorted(gold["documents"])
    for m in meta:
        doc = gold["documents"][m["id"]]
        assert m["title"] == doc["title"] == texts[m["id"]].split("\n", 1)[0]
        assert (m["outlet"], m["author"], m["published"]) == (doc["outlet"], doc["author"], doc["published"])
        assert doc["published"], f"{m['id']} needs a publication date to resolve its relative dates"


def test_claim_quotes_are_unique_unless_they_annotate_a_repeated_passage(gold: dict[str, Any],
                                                                         texts: dict[str, str]) -> None:
    """A quote found twice would let one prediction stand for either occurrence; a quote may
    repeat only when the gold annotates every copy (a repeated lede)."""
    entries = Counter((c["doc"], c["text"]) for c in gold["claims"])
    for (doc, quote), n in entries.items():
        assert len(spans_of(texts[doc], quote)) == n, (doc, quote)


def test_nothing_is_dated_after_its_article(gold: dict[str, Any]) -> None:
    """Events happened on or before publication and figures hold no later than it: a date
    after ``published`` means a relative date ("on Tuesday") was resolved the wrong way."""
    for e in gold["events"]:
        assert e["date"] <= gold["documents"][e["doc"]]["published"], e
    for c in gold["claims"]:
        if c["as_of"]:
            assert c["as_of"] <= gold["documents"][c["doc"]]["published"], c


def test_vague_amounts_are_optional_and_notes_explain_derived_figures(gold: dict[str, Any]) -> None:
    for c in gold["claims"]:
        if c["hedge"] == "vague":
            assert c["optional"], c["text"]
        if "derived" in c.get("note", ""):
            assert c["low"] is not None or c["high"] is not None


def test_cross_outlet_conflicts_point_at_a_real_passage(gold: dict[str, Any], texts: dict[str, str]) -> None:
    conflicts = [f for f in gold["findings"] if f["kind"] == "conflict"]
    assert conflicts
    for f in conflicts:
        ref = f["ref"]
        assert ref["doc"] in gold["documents"] and ref["doc"] > f["doc"]
        assert spans_of(texts[ref["doc"]], ref["text"]), ref


def test_the_set_is_large_and_varied_enough(gold: dict[str, Any], texts: dict[str, str]) -> None:
    scored = [c for c in gold["claims"] if not c.get("optional")]
    assert 16 <= len(gold["documents"]) <= 20
    assert len(scored) >= 250
    assert len(gold["events"]) >= 70
    assert len([f for f in gold["findings"] if not f.get("optional")]) >= 25
    assert {c["hedge"] for c in scored} >= {"exact", "approx", "min", "max", "range"}
    assert "vague" in {c["hedge"] for c in gold["claims"]}
    assert {f["kind"] for f in gold["findings"]} >= {
        "conflict", "self_contradiction", "disagreement", "off_topic", "duplicate", "boilerplate",
        "unattributed", "broken_text"}
    assert len({d["outlet"] for d in gold["documents"].values()}) >= 16
    for name, text in texts.items():
        assert 350 <= len(text.split()) <= 1000, name
        assert any(c["doc"] == name for c in scored), f"{name} has no scored claim"
        assert any(e["doc"] == name for e in gold["events"]), f"{name} has no event"


def test_the_holdout_shares_nothing_with_the_dev_set(texts: dict[str, str]) -> None:
    """Held out means held out: no shared document, title or paragraph with ``gold/dev``."""
    dev = load_gold(DEV)
    dev_texts = read_gold_texts(dev, gold_docs_dir(DEV))
    assert not set(texts) & set(dev_texts)
    dev_paragraphs = {p.strip() for t in dev_texts.values() for p in t.splitlines() if len(p.split()) >= 8}
    for name, text in texts.items():
        shared = [p for p in text.splitlines() if p.strip() in dev_paragraphs]
        assert not shared, (name, shared)
