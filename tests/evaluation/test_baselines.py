"""The peer baselines run on real gold documents and are scored by the same scorer; their
number parsing handles the forms news text uses."""

from __future__ import annotations

from pathlib import Path

import pytest

from claimledger.evaluation import (
    baseline_quantulum,
    baseline_spacy_numbers,
    load_gold,
    quantulum_export,
    read_gold_texts,
    spacy_export,
)
from claimledger.evaluation.baselines import parse_bounds

KURSK = Path(__file__).resolve().parent.parent.parent / "samples" / "kursk-2024"


@pytest.mark.parametrize(("text", "bounds"), [
    ("31,500", (31500, 31500)),
    ("$2.5 billion", (2.5e9, 2.5e9)),
    ("€40m", (40e6, 40e6)),
    ("£3.2bn", (3.2e9, 3.2e9)),
    ("forty-two", (42, 42)),
    ("two dozen", (24, 24)),
    ("half a million", (5e5, 5e5)),
    ("one hundred and twenty", (120, 120)),
    ("twenty-five thousand", (25000, 25000)),
    ("between 10 and 12", (10, 12)),
    ("10,000 to 12,000", (10000, 12000)),
    ("5-6", (5, 6)),
    ("about 40%", (40, 40)),
    ("tens of thousands", None),
])
def test_parse_bounds(text: str, bounds: tuple[float, float] | None) -> None:
    assert parse_bounds(text) == bounds


@pytest.fixture(scope="module")
def kursk() -> tuple[dict, dict[str, str]]:
    gold = load_gold(KURSK / "gold.json")
    return gold, read_gold_texts(gold, KURSK)


def _check_export(export: dict, texts: dict[str, str]) -> None:
    assert export["claims"], "the peer found nothing"
    for c in export["claims"]:
        assert 0 <= c["start"] < c["end"] <= len(texts[c["doc"]])
        assert c["low"] <= c["high"] and c["counted"] is None and c["source"] is None


def test_quantulum_baseline_scores_values_only(kursk: tuple[dict, dict[str, str]]) -> None:
    gold, texts = kursk
    _check_export(quantulum_export(gold, texts), texts)
    result = baseline_quantulum(gold, texts)
    assert result["claims"]["tp"] > 0
    assert result["counted_f1"] == 0.0 and result["events"]["tp"] == 0


def test_spacy_baseline_scores_values_only(nlp: object, kursk: tuple[dict, dict[str, str]]) -> None:
    gold, texts = kursk
    export = spacy_export(gold, texts)
    _check_export(export, texts)
    text = texts["003_8f807a654cf24479.txt"]
    found = {text[c["start"]:c["end"]] for c in export["claims"] if c["doc"] == "003_8f807a654cf24479.txt"}
    assert any("50,000" in f for f in found)
    result = baseline_spacy_numbers(gold, texts)
    assert result["claims"]["tp"] > 0 and result["counted_f1"] == 0.0
