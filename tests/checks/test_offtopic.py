"""Off-topic passages: the Moore's Law paragraph spliced into the Kursk story."""

from __future__ import annotations

import numpy as np
import pytest

from claimledger.checks import offtopic
from claimledger.checks.offtopic import Paragraph

FLOOD = [
    "Heavy rain swelled the Oder river overnight, and the town of Nysa ordered residents of low-lying streets "
    "to leave their homes before the river crested on Sunday morning.",
    "Firefighters stacked sandbags along the river embankment while army trucks carried families from the "
    "flooded streets to a school gym that now serves as a shelter for the town.",
    "“The water came up faster than anyone expected; we saved the children and the dog and nothing else,” "
    "said Maria Kowal, who left her flooded house in Nysa by boat.",
    "The mayor said the embankment held in most places but warned that the river could rise again if the rain "
    "continues, and asked residents not to return to their homes yet.",
    "The opening known as the Sicilian Defence gives Black an unbalanced game, and grandmasters have studied "
    "its sharp variations with chess engines for decades to find new moves.",
    "Meteorologists expect more rain over the river basin on Monday, and the regional flood office has kept "
    "its highest warning in place for Nysa and the villages downstream of the town.",
]


def _paragraphs(texts: list[str]) -> list[Paragraph]:
    out, at = [], 0
    for i, t in enumerate(texts):
        out.append(Paragraph(i, at, at + len(t), t))
        at += len(t) + 1
    return out


def _lines(text: str) -> list[Paragraph]:
    out, at = [], 0
    for i, line in enumerate(text.split("\n")):
        if line.strip():
            out.append(Paragraph(i, at, at + len(line), line))
        at += len(line) + 1
    return out


@pytest.mark.semantic
def test_moores_law_paragraph_is_flagged_and_nothing_else(kursk_003: str, encoder) -> None:  # type: ignore[no-untyped-def]
    paras = _lines(kursk_003)
    found = offtopic.find_off_topic("003", paras, encoder.encode([p.text for p in paras]))
    assert len(found) == 1
    (s, e), = found[0].spans
    assert kursk_003[s:e].startswith("General-purpose computing has been at the core")
    assert found[0].kind == "off_topic" and "spliced" in found[0].why


@pytest.mark.semantic
def test_an_article_without_a_splice_has_no_findings(kursk_000: str, encoder) -> None:  # type: ignore[no-untyped-def]
    # the author bio and image credit are boilerplate: the anatomy stage removes them first
    paras = _lines(kursk_000[:kursk_000.index("About the Author")])
    assert offtopic.find_off_topic("000", paras, encoder.encode([p.text for p in paras])) == []


@pytest.mark.semantic
def test_the_story_keeps_a_paragraph_that_strays_from_its_article(encoder) -> None:  # type: ignore[no-untyped-def]
    paras = _paragraphs(FLOOD)
    vectors = encoder.encode(FLOOD)
    flagged = offtopic.find_off_topic("flood", paras, vectors)
    assert [f.spans[0][0] for f in flagged] == [paras[4].start]
    chess_story = encoder.encode(["Chess grandmasters prepared the Sicilian Defence with engines before the "
                                  "world championship match."])[0]
    assert offtopic.find_off_topic("flood", paras, vectors, story=chess_story) == []


def test_lexical_fallback_flags_the_splice_and_keeps_the_quote() -> None:
    paras = _paragraphs(FLOOD)
    found = offtopic.find_off_topic("flood", paras, offtopic.lexical_vectors(FLOOD), thresholds=offtopic.LEXICAL)
    assert [f.spans[0] for f in found] == [(paras[4].start, paras[4].end)]


def test_short_lines_and_small_documents_are_not_judged() -> None:
    texts = ["Flood warning", *FLOOD[:2]]
    paras = _paragraphs(texts)
    scores = offtopic.score_paragraphs(paras, offtopic.lexical_vectors(texts))
    assert 0 not in scores  # a heading is context, never judged
    assert offtopic.score_paragraphs(paras[:2], np.eye(2, dtype=np.float32)) == {}


def test_lexical_vectors_are_stable_and_normalised() -> None:
    a = offtopic.lexical_vectors(FLOOD)
    b = offtopic.lexical_vectors(FLOOD)
    assert np.array_equal(a, b)
    assert np.allclose(np.linalg.norm(a, axis=1), 1.0)
    assert offtopic.hash_word("river") == offtopic.hash_word("river") != offtopic.hash_word("rivers")
