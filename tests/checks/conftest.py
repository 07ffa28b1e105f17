"""Builders for hand-made documents, claims and events, so the checks can be tested on
realistic multi-document stories without depending on the extractors.

``build(doc_id, text, claims=[...], events=[...])`` returns a DocumentResult whose
blocks are the text's lines and whose sentences are split at . ! ? — enough structure for
every check; claims and events are located by a needle string in the text.
"""

from __future__ import annotations

import re
from collections.abc import Sequence
from dataclasses import dataclass
from pathlib import Path

import pytest

from claimledger.models import Attribution, Block, Claim, Document, DocumentResult, Event, Sentence

REPO = Path(__file__).resolve().parents[2]
KURSK = REPO / "samples" / "kursk-2024"


@dataclass(frozen=True)
class C:
    """A claim to place: ``needle`` is the quantity expression as written."""

    needle: str
    low: float | None
    high: float | None
    hedge: str
    counted: str | None
    source: str | None = None
    as_of: str | None = None
    role: str | None = None
    org: str | None = None
    occurrence: int = 0


@dataclass(frozen=True)
class E:
    needle: str
    date: str
    what: str
    source: str | None = None


def segment(text: str) -> tuple[list[Block], list[Sentence]]:
    blocks: list[Block] = []
    sentences: list[Sentence] = []
    at = 0
    for line in text.split("\n"):
        if line.strip():
            kind = "heading" if len(line.split()) <= 8 and not line.rstrip().endswith((".", "”", '"')) else "paragraph"
            blocks.append(Block(len(blocks), at, at + len(line), kind))
            for m in re.finditer(r"[^.!?]+[.!?”\"]*", line):
                if m.group().strip():
                    lead = len(m.group()) - len(m.group().lstrip())
                    sentences.append(Sentence(len(sentences), at + m.start() + lead, at + m.end(), len(blocks) - 1))
        at += len(line) + 1
    return blocks, sentences


def find(text: str, needle: str, occurrence: int = 0) -> int:
    at = -1
    for _ in range(occurrence + 1):
        at = text.find(needle, at + 1)
        assert at >= 0, f"{needle!r} not in text"
    return at


def build(doc_id: str, text: str, *, claims: Sequence[C] = (), events: Sequence[E] = (),
          published: str | None = None, outlet: str | None = None, title: str | None = None,
          author: str | None = None) -> DocumentResult:
    document = Document(id=doc_id, text=text, published=published, outlet=outlet, title=title, author=author)
    blocks, sentences = segment(text)

    def sentence_of(pos: int) -> int:
        return next(s.index for s in sentences if s.start <= pos < s.end)

    out_claims = []
    for c in claims:
        at = find(text, c.needle, c.occurrence)
        source = Attribution(c.source, role=c.role, org=c.org) if c.source else None
        out_claims.append(Claim(doc=doc_id, start=at, end=at + len(c.needle), low=c.low, high=c.high, hedge=c.hedge,
                                counted=c.counted, source=source, as_of=c.as_of,
                                as_of_basis="sentence" if c.as_of else None, sentence=sentence_of(at),
                                text=c.needle))
    out_events = []
    for e in events:
        at = find(text, e.needle)
        out_events.append(Event(doc=doc_id, start=at, end=at + len(e.needle), date=e.date, what=e.what,
                                sentence=sentence_of(at), source=e.source))
    return DocumentResult(document=document, blocks=tuple(blocks), sentences=tuple(sentences),
                          claims=tuple(out_claims), events=tuple(out_events))


@pytest.fixture(scope="session")
def kursk_003() -> str:
    return (KURSK / "003_8f807a654cf24479.txt").read_text(encoding="utf-8")


@pytest.fixture(scope="session")
def kursk_000() -> str:
    return (KURSK / "000_e78bd6e66f000d9c.txt").read_text(encoding="utf-8")


@pytest.fixture(scope="session")
def encoder():  # type: ignore[no-untyped-def]
    """The MiniLM encoder, loaded once; tests that need it skip when it is not installed."""
    from claimledger.semantic import fallback_reason, get_encoder

    enc = get_encoder()
    if enc is None:
        pytest.skip(fallback_reason() or "no sentence-transformers")
    return enc
