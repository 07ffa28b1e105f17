"""Helpers for the extractor tests: text cut into what the pipeline hands the extractors.

The pipeline parses one block at a time and gives each extractor :class:`SentenceView`s
that carry their block's parse and the block's offset in the document; these helpers build
the same from a test's text, so an extractor is tested on the shapes it meets in a run.
"""

from __future__ import annotations

from typing import TYPE_CHECKING

from claimledger.extract.context import DocContext, SentenceView
from claimledger.extract.counted import counted_phrase
from claimledger.extract.dates import find_dates
from claimledger.extract.events import extract_events
from claimledger.extract.mentions import update_mentions
from claimledger.extract.quantities import find_quantities

if TYPE_CHECKING:
    import datetime as dt

    from spacy.language import Language

    from claimledger.models import Event


def sentence_views(nlp: Language, text: str) -> list[SentenceView]:
    """One block per line, sentences from spaCy: what the pipeline hands the extractors."""
    out: list[SentenceView] = []
    pos = 0
    for block, line in enumerate(text.split("\n")):
        doc = nlp(line)
        for s in doc.sents:
            out.append(SentenceView(index=len(out), start=pos + s.start_char, end=pos + s.end_char,
                                    text=line[s.start_char:s.end_char], block=block, doc=doc, offset=pos))
        pos += len(line) + 1
    return out


def doc_events(nlp: Language, text: str, published: dt.date | None) -> list[Event]:
    """The events of ``text`` read sentence by sentence, mentions carried along as in a run."""
    ctx = DocContext("doc", published=published)
    out: list[Event] = []
    for v in sentence_views(nlp, text):
        update_mentions(v, ctx)
        out.extend(extract_events(v, find_dates(v.text, v.start, published), ctx))
    return out


def counted(nlp: Language, sentence: str, needle: str, lead: str = "Background text. ") -> str | None:
    """Parse ``lead + sentence`` as one block and ask what the figure covering ``needle`` counts.

    The lead puts the sentence at a non-zero offset in its block, as in a real document.
    """
    block = lead + sentence
    doc = nlp(block)
    offset = 1000  # the block starts here in the (imaginary) document
    start = offset + len(lead)
    view = SentenceView(index=1, start=start, end=start + len(sentence), text=sentence, block=0, doc=doc,
                        offset=offset)
    at = start + sentence.index(needle)
    qs = [q for q in find_quantities(sentence, offset=start) if q.start <= at < q.end]
    assert len(qs) == 1, (needle, qs)
    return counted_phrase(view, qs[0])
