"""What the extractors see of a document: a sentence, its parse, and the document around it.

The pipeline parses only the sentences that can hold a claim, an event or an attribution,
with their neighbours (spaCy is the expensive part), so an extractor receives a
:class:`SentenceView`: the sentence's text and document offsets, the spaCy ``Doc`` of the
run of sentences it was parsed with, and the text of the block (paragraph) it lies in.
Offsets are always document offsets (indices into ``Document.text``); ``to_doc`` and
``to_local`` convert between the parse and the document; ``paragraph()`` and ``before()``
give the block's text, which the parse may not cover.

:class:`DocContext` is the per-document memory that extractors share while walking the
sentences in order: the publication date used to resolve relative dates, and the people
and organisations named so far, so that "he", "the minister" or "the agency" can be
resolved to the entity named earlier.
"""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass, field
from typing import TYPE_CHECKING

if TYPE_CHECKING:
    from spacy.tokens import Doc, Span

_TEXT = "claimledger.text"
_CHUNKS = "claimledger.noun_chunks"


def doc_text(doc: Doc) -> str:
    """``doc.text``, joined once per parse: spaCy rebuilds it from every token on each
    access, and extractors ask for the block's text once per figure or date."""
    text = doc.user_data.get(_TEXT)
    if text is None:
        text = doc.user_data[_TEXT] = doc.text
    return str(text)


def noun_chunks(span: Span) -> list[Span]:
    """``span.noun_chunks`` (the chunks of its Doc that lie inside it), with the Doc's
    chunks found once per parse: spaCy walks the whole block again for every sentence."""
    from spacy.tokens import Span as SpacySpan

    doc = span.doc
    chunks = doc.user_data.get(_CHUNKS)
    if chunks is None:
        chunks = doc.user_data[_CHUNKS] = [(c.start, c.end, c.label) for c in doc.noun_chunks]
    return [SpacySpan(doc, s, e, label=label) for s, e, label in chunks if s >= span.start and e <= span.end]


@dataclass(frozen=True)
class SentenceView:
    index: int  # sentence index in the document
    start: int  # document offsets of the sentence
    end: int
    text: str  # == document.text[start:end]
    block: int  # block index
    doc: Doc | None  # spaCy parse of the text around the sentence, None if not parsed
    offset: int  # document offset of doc's first character
    # the sentence parsed on its own without the wire dateline it opens with, when the
    # pipeline saw one (see attribution.without_dateline); None: parsed on demand
    undated: Doc | None = None
    # the whole block the sentence lies in and its document offset, for the rules that read
    # the paragraph around the sentence (the date of the sentence before, a quotation
    # opened earlier, a timeline line); None: the parse covers the whole block
    block_text: str | None = None
    block_start: int = 0

    def paragraph(self) -> tuple[str, int]:
        """(text, document offset) of the block the sentence lies in: the parse may cover
        only the sentences around this one."""
        if self.block_text is not None:
            return self.block_text, self.block_start
        if self.doc is not None:
            return doc_text(self.doc), self.offset
        return self.text, self.start

    def before(self) -> str:
        """The block's text before this sentence."""
        text, start = self.paragraph()
        return text[:max(0, self.start - start)]

    def to_local(self, pos: int) -> int:
        """Document offset -> character offset in ``doc``."""
        return pos - self.offset

    def to_doc(self, pos: int) -> int:
        """Character offset in ``doc`` -> document offset."""
        return pos + self.offset

    def span(self) -> Span | None:
        """The spaCy tokens covering this sentence (expanded to token boundaries)."""
        if self.doc is None:
            return None
        return self.doc.char_span(self.to_local(self.start), self.to_local(self.end), alignment_mode="expand")

    def char_span(self, start: int, end: int) -> Span | None:
        """spaCy tokens covering the document range [start, end)."""
        if self.doc is None:
            return None
        return self.doc.char_span(self.to_local(start), self.to_local(end), alignment_mode="expand")


@dataclass
class Mention:
    """A person or organisation named in the document, with what the text says they are."""

    name: str  # "Vedant Patel"
    kind: str  # "PERSON" | "ORG" | "GPE" | "NORP" | "MEDIA"
    role: str | None = None  # "spokesperson"
    org: str | None = None  # "Pentagon"
    start: int = 0  # document offset of the first full mention
    end: int = 0
    aliases: set[str] = field(default_factory=set)  # "Patel", "the spokesperson"
    count: int = 1  # times named so far: the story's own company is named again and again


@dataclass
class DocContext:
    """Mutable per-document state shared by the extractors, filled in reading order."""

    doc_id: str
    published: dt.date | None = None
    mentions: list[Mention] = field(default_factory=list)
    # the last attribution found, for "he added" / "the agency also said" in later sentences
    last_source: object | None = None
    # names credited as sources so far, most recent last: "the agency said" is most likely
    # the agency already quoted, not the last capitalised thing the tagger called an ORG
    speakers: list[str] = field(default_factory=list)
    # who issued the statement, report or figures spoken of ("The company issued a
    # statement ...", "figures published by the Home Office"), by noun: "the statement said"
    issuers: dict[str, str] = field(default_factory=dict)
    # (date, verb, actor) of the events found so far: a happening told twice is one event
    event_keys: set[tuple[str, str, str]] = field(default_factory=set)
