"""Which sentences the pipeline parses (``pipeline.select_runs``), and that parsing only
those finds what parsing every paragraph finds.

The parse is the expensive part of the analysis, and a sentence without a figure or a date
yields no claim and no event whatever its parse; it matters only as context: who "he" is,
who spoke.  So the pipeline parses the sentences with a figure or a date, the sentences
before the last of them that report speech, and the sentence before each of these.
"""

from __future__ import annotations

from pathlib import Path
from typing import TYPE_CHECKING

import pytest

from claimledger import anatomy
from claimledger.models import Document
from claimledger.pipeline import _extract, analyse, select_runs

if TYPE_CHECKING:
    from spacy.language import Language

REPO = Path(__file__).resolve().parents[2]
STORY = """Troops move to the border
Officials met in the capital on Monday. The weather was cold and grey.
Pentagon spokesperson Vedant Patel offered details.
“Over 10,000 soldiers have been sent to the east,” he said. Most of them are young.
The ministry said it was worried. Nobody else commented.
Analysts were not surprised.
"""


def _parsed(doc: Document) -> list[str]:
    blocks, sentences = anatomy.segment(doc)
    runs = select_runs(doc, blocks, sentences)
    return [doc.text[start:end] for _, _, start, end in runs]


def test_figures_dates_and_their_context_are_parsed_and_nothing_else() -> None:
    doc = Document(id="s.txt", text=STORY, published="2024-11-05")
    assert _parsed(doc) == [
        "Troops move to the border",  # the sentence before a dated one, though in the block before
        "Officials met in the capital on Monday.",
        # no figure, no date, but it names the "he" of the quotation that follows
        "Pentagon spokesperson Vedant Patel offered details.",
        "“Over 10,000 soldiers have been sent to the east,” he said.",
    ]


def test_reported_speech_counts_only_before_the_last_figure() -> None:
    text = "A quiet day\nThe agency said the road was shut. It reopened 3 times.\nThe mayor said little.\n"
    doc = Document(id="t.txt", text=text, published="2024-11-05")
    parsed = _parsed(doc)
    assert "The agency said the road was shut. It reopened 3 times." in parsed  # one run of one block
    assert not any("mayor" in p for p in parsed)  # speech after the last figure credits nothing


def test_a_run_never_spans_two_blocks() -> None:
    text = "Title\nIt cost $5 million.\nIt took 3 years.\n"
    doc = Document(id="u.txt", text=text, published="2024-11-05")
    blocks, sentences = anatomy.segment(doc)
    for first, last, _, _ in select_runs(doc, blocks, sentences):
        assert sentences[first].block == sentences[last].block


def test_nothing_is_parsed_in_prose_without_figures_or_dates() -> None:
    doc = Document(id="v.txt", text="A calm piece\nThe ministry said it was worried. Nobody else commented.\n",
                   published="2024-11-05")
    assert _parsed(doc) == []


def _documents() -> list[Document]:
    paths = sorted((REPO / "samples" / "kursk-2024").glob("*.txt")) + sorted((REPO / "gold" / "dev" / "texts").glob("*.txt"))[:6]
    return [Document(id=p.name, text=p.read_text(encoding="utf-8"), published="2024-11-14") for p in paths]


@pytest.mark.parametrize("doc", _documents(), ids=lambda d: d.id)
def test_selected_sentences_find_what_every_paragraph_parsed_finds(nlp: Language, doc: Document) -> None:
    blocks, sentences = anatomy.segment(doc)
    whole = {}
    for pos, s in enumerate(sentences):
        b = blocks[s.block]
        if not b.boilerplate:
            whole[pos] = (nlp(doc.text[b.start:b.end]), b.start)
    everything = _extract(doc, blocks, sentences, whole, undated={})
    selected = analyse(doc, nlp=nlp)
    assert selected.claims == everything.claims
    assert selected.events == everything.events
    assert selected.findings == everything.findings
    assert len(selected.claims) > 5
