"""The speed-ups of ``pipeline.analyse_many`` must not change what it finds.

* a document analysed in a batch with others gives what it gives alone (spaCy's parse of
  a text does not depend on what it is batched with);
* the sentences that open with a wire dateline, parsed in the batch without it, give what
  re-parsing them on demand gives (``attribution.without_dateline``);
* the cached block text and noun chunks are spaCy's own.
"""

from __future__ import annotations

from pathlib import Path
from typing import TYPE_CHECKING

import pytest

from claimledger import anatomy
from claimledger.extract.attribution import dateline_end
from claimledger.extract.context import doc_text, noun_chunks
from claimledger.models import Document
from claimledger.pipeline import (
    _analyse_batch,
    _extract,
    _undated_sentences,
    analyse,
    analyse_many,
    select_runs,
)

if TYPE_CHECKING:
    from spacy.language import Language

REPO = Path(__file__).resolve().parents[2]
WIRE = """Quake in Peru kills dozens
AREQUIPA, Peru — A magnitude 6.4 earthquake struck southern Peru late on Monday, killing at least 74 people and injuring more than 600, the country's civil defence institute said on Tuesday.
Rescuers dug through collapsed adobe homes in mountain villages, officials said. About 1,200 homes were damaged.
KREMSAU, Austria (Reuters) - Five people have died in floods after as much as 465 millimetres of rain fell in 108 hours, state police said on Tuesday.
"""


def _documents() -> list[Document]:
    paths = sorted((REPO / "samples" / "kursk-2024").glob("*.txt")) + sorted((REPO / "gold" / "dev" / "texts").glob("*.txt"))[:5]
    docs = [Document(id=p.name, text=p.read_text(encoding="utf-8"), published="2024-11-14") for p in paths]
    return [Document(id="wire.txt", text=WIRE, published="2024-09-17"), *docs]


def test_batched_equals_one_by_one(nlp: Language) -> None:
    docs = _documents()
    together = list(analyse_many(docs, nlp=nlp))
    alone = [analyse(d, nlp=nlp) for d in docs]
    assert together == alone
    assert sum(len(r.claims) for r in together) > 20  # the comparison is not vacuous


def test_dateline_parsed_in_the_batch_equals_parsed_on_demand(nlp: Language) -> None:
    doc = _documents()[0]
    blocks, sentences = anatomy.segment(doc)
    runs = select_runs(doc, blocks, sentences)
    parsed = {pos for first, last, _, _ in runs for pos in range(first, last + 1)}
    undated = dict(_undated_sentences(doc, blocks, sentences, parsed))
    assert len(undated) == 2 and all(not dateline_end(t) for t in undated.values())  # both datelines, cut
    batched = next(_analyse_batch([doc], nlp, 64))
    parses = {pos: (nlp(doc.text[start:end]), start) for first, last, start, end in runs
              for pos in range(first, last + 1)}
    on_demand = _extract(doc, blocks, sentences, parses, undated={})
    assert batched == on_demand
    sources = {c.text: c.source.name if c.source else None for c in batched.claims}
    assert sources["at least 74"] == "the country's civil defence institute"  # read past the dateline
    assert sources["Five"] == "state police"


@pytest.mark.parametrize("text", [WIRE, "No chunks here. Or here!", "The ministry said 5 people died.\n\nThe agency agreed."])
def test_cached_text_and_noun_chunks_are_spacys(nlp: Language, text: str) -> None:
    doc = nlp(text)
    for _ in range(2):  # computed, then cached
        assert doc_text(doc) == doc.text == text
        for sent in doc.sents:
            ours = [(c.start, c.end, c.label_) for c in noun_chunks(sent)]
            assert ours == [(c.start, c.end, c.label_) for c in sent.noun_chunks]
