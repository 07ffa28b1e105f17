"""Anatomy: a document's blocks and sentences, and what in it is not article text.

:func:`segment` cuts a document into blocks (title, lede, headings, paragraphs, list
items, FAQ questions and answers, captions, bylines) with exact spans, marks the blocks
that are boilerplate or repeats, and splits the blocks into sentences with a cheap
rule-based splitter.  :func:`anatomy_findings` turns the marks into findings and adds
broken-text findings (split words, mojibake).
"""

from __future__ import annotations

from claimledger.anatomy.blocks import body_start, classify, raw_blocks
from claimledger.anatomy.boilerplate import mark_boilerplate
from claimledger.anatomy.duplicates import mark_duplicates
from claimledger.anatomy.findings import anatomy_findings
from claimledger.anatomy.sentences import split_sentences
from claimledger.models import Block, Document, Sentence

__all__ = ["anatomy_findings", "segment", "split_sentences"]


def segment(doc: Document) -> tuple[list[Block], list[Sentence]]:
    """Blocks (kinds, boilerplate and duplicate marks) and sentences of one document.

    Sentences never cross a block boundary and never include a list mark or a ``Q:`` /
    ``A:`` prefix; every span is stripped of surrounding whitespace.
    """
    blocks = classify(doc, raw_blocks(doc.text))
    blocks = mark_boilerplate(doc.text, blocks, doc.title, outlet=doc.outlet, author=doc.author)
    blocks = mark_duplicates(doc.text, blocks)
    sentences: list[Sentence] = []
    for b in blocks:
        for s, e in split_sentences(doc.text, body_start(doc.text, b), b.end):
            sentences.append(Sentence(index=len(sentences), start=s, end=e, block=b.index))
    return blocks, sentences
