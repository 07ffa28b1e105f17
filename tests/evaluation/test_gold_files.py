"""Every gold file in the repository is sound: quotes occur in their documents, bounds obey
the contract's hedge rules, dates are ISO prefixes, documents exist.  A broken annotation
would silently move every score, so this runs on each commit, and ``validate_gold`` is
itself shown to catch each kind of mistake."""

from __future__ import annotations

import json
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

REPO = Path(__file__).resolve().parent.parent.parent
PROJECT_GOLD = sorted((REPO / "gold").rglob("gold.json"))
ALL_GOLD = [*PROJECT_GOLD, REPO / "samples" / "kursk-2024" / "gold.json"]
DEV = REPO / "gold" / "dev"


def _id(p: Path) -> str:
    return str(p.parent.relative_to(REPO))


def test_the_dev_gold_exists() -> None:
    assert DEV / "gold.json" in PROJECT_GOLD


@pytest.mark.parametrize("path", ALL_GOLD, ids=_id)
def test_gold_file_is_valid(path: Path) -> None:
    gold = load_gold(path)
    texts = read_gold_texts(gold, gold_docs_dir(path))
    assert validate_gold(gold, texts) == []


@pytest.mark.parametrize("path", PROJECT_GOLD, ids=_id)
def test_project_gold_has_no_overlapping_quotes(path: Path) -> None:
    gold = load_gold(path)
    assert overlapping_claims(gold, read_gold_texts(gold, gold_docs_dir(path))) == []


@pytest.mark.parametrize("path", PROJECT_GOLD, ids=_id)
def test_titles_and_meta_sidecar_match_the_gold(path: Path) -> None:
    """The first line of each text is its title, and ``texts/meta.jsonl`` (read by ingest)
    says the same as the gold's ``documents``."""
    gold = load_gold(path)
    docs_dir = gold_docs_dir(path)
    meta = [json.loads(line) for line in (docs_dir / "meta.jsonl").read_text(encoding="utf-8").splitlines()]
    assert sorted(m["id"] for m in meta) == sorted(gold["documents"])
    files = sorted(p.name for p in docs_dir.glob("*.txt"))
    assert files == sorted(gold["documents"])
    for m in meta:
        doc = gold["documents"][m["id"]]
        first_line = (docs_dir / m["id"]).read_text(encoding="utf-8").split("\n", 1)[0]
        assert m["title"] == doc["title"] == first_line
        assert (m["outlet"], m["author"], m["published"]) == (doc["outlet"], doc["author"], doc["published"])


def test_dev_gold_is_large_and_varied_enough() -> None:
    gold = load_gold(DEV / "gold.json")
    texts = read_gold_texts(gold, DEV / "texts")
    scored = [c for c in gold["claims"] if not c.get("optional")]
    assert len(gold["documents"]) >= 24
    assert len(scored) >= 250
    assert len(gold["events"]) >= 80
    assert len([f for f in gold["findings"] if not f.get("optional")]) >= 30
    assert {c["hedge"] for c in scored} >= {"exact", "approx", "min", "max", "range"}
    assert {f["kind"] for f in gold["findings"]} >= {
        "conflict", "self_contradiction", "disagreement", "off_topic", "duplicate", "boilerplate",
        "unattributed", "broken_text"}
    for name, text in texts.items():
        assert 300 <= len(text.split()) <= 900, name
        assert any(c["doc"] == name for c in scored), f"{name} has no scored claim"
        assert any(e["doc"] == name for e in gold["events"]), f"{name} has no event"


# --- the validator catches each kind of mistake ----------------------------------------

TEXT = "Title\nAt least 40 people died on Monday, officials said.\n"


def _gold(**over: Any) -> dict[str, Any]:
    claim = {"doc": "d.txt", "text": "At least 40 people", "low": 40, "high": None, "hedge": "min",
             "counted": "deaths", "source": "officials", "as_of": "2024-06-03", "optional": False}
    claim.update(over.pop("claim", {}))
    gold = {"schema": "claimledger-gold/1", "documents": {"d.txt": {"title": "Title", "published": "2024-06-04"}},
            "claims": [claim], "events": [{"doc": "d.txt", "text": "on Monday", "date": "2024-06-03", "what": "x"}],
            "findings": [{"kind": "unattributed", "doc": "d.txt", "text": "At least 40", "why": "no source"}]}
    gold.update(over)
    return gold


def test_a_sound_gold_has_no_problems() -> None:
    assert validate_gold(_gold(), {"d.txt": TEXT}) == []


@pytest.mark.parametrize(("change", "problem"), [
    ({"claim": {"text": "At most 40 people"}}, "does not occur in d.txt"),
    ({"claim": {"hedge": "roughly"}}, "is not one of"),
    ({"claim": {"low": 50, "high": 40, "hedge": "range"}}, "low 50 > high 40"),
    ({"claim": {"high": 40}}, "min needs low set and high null"),
    ({"claim": {"low": 40, "high": None, "hedge": "exact"}}, "exact needs low == high"),
    ({"claim": {"low": 40, "high": 50, "hedge": "approx"}}, "approx needs low == high"),
    ({"claim": {"low": "40"}}, "is not a number"),
    ({"claim": {"as_of": "June 2024"}}, "is not an ISO date prefix"),
    ({"claim": {"as_of": "2024-13"}}, "is not an ISO date prefix"),
    ({"claim": {"doc": "e.txt"}}, "document 'e.txt' is not listed"),
    ({"events": [{"doc": "d.txt", "text": "on Monday", "date": "Monday", "what": "x"}]}, "date 'Monday'"),
    ({"findings": [{"kind": "typo", "doc": "d.txt", "text": "At least 40", "why": "x"}]}, "kind 'typo'"),
    ({"findings": [{"kind": "boilerplate", "doc": "d.txt", "why": "x"}]}, "needs 'text', or 'a' and 'b'"),
    ({"schema": "claimledger-gold/0"}, "schema is"),
    ({"documents": {"d.txt": {"published": "04/06/2024"}}}, "published '04/06/2024'"),
])
def test_validator_catches(change: dict[str, Any], problem: str) -> None:
    problems = validate_gold(_gold(**change), {"d.txt": TEXT})
    assert any(problem in p for p in problems), problems


def test_validator_reports_missing_documents_and_claim_keys() -> None:
    gold = _gold()
    del gold["claims"][0]["counted"]
    problems = validate_gold(gold, {})
    assert any("has no text" in p for p in problems)
    assert any("missing keys ['counted']" in p for p in problems)


def test_overlapping_quotes_are_reported_unless_they_are_the_same_claim() -> None:
    a = _gold()["claims"][0]
    b = {**a, "text": "40 people died", "low": 40, "high": 40, "hedge": "exact"}
    gold = _gold(claims=[a, b])
    assert overlapping_claims(gold, {"d.txt": TEXT}) == ["d.txt: 'At least 40 people' overlaps '40 people died'"]
    assert overlapping_claims(_gold(claims=[a, dict(a, optional=True)]), {"d.txt": TEXT}) == []
