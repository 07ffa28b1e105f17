"""Cutting a document's text into displayable pieces with its items highlighted.

The ledger stores spans (code-point offsets); a reader needs paragraphs, sentences with
anchors (``d3-s17``) and highlighted stretches.  Spans overlap freely (a claim inside a
self-contradiction inside a duplicated paragraph), so each sentence is cut at every span
boundary into flat segments that carry the set of items covering them; the template wraps
each segment once.  Nothing here produces markup: the template renders the pieces as text
under autoescape, so article text stays inert whatever it contains.
"""

from __future__ import annotations

import bisect
import itertools
import re
from collections.abc import Sequence
from dataclasses import dataclass

from claimledger.report.records import BlockRow, SentenceRow

# A display cap: a 50 MB "article" must not produce a 200 MB page.  Items past the cap are
# still listed and linked; their sentences are simply not rendered.
MAX_DISPLAY_CHARS = 300_000


@dataclass(frozen=True)
class Mark:
    """One highlighted item: ``cls`` is claim | event | finding; ``kind`` its hedge or finding kind."""

    start: int
    end: int
    cls: str
    kind: str
    label: str
    anchor: str  # the item's own id in the page ("c12", "e4", "f9")
    review: str = ""  # the item's review status, when it has one (confirmed / corrected / rejected)


@dataclass(frozen=True)
class Segment:
    text: str
    marks: tuple[Mark, ...] = ()
    starts: tuple[Mark, ...] = ()  # marks that begin here (their anchors are placed here)

    @property
    def classes(self) -> str:
        names = {"hl"}
        for m in self.marks:
            names.add(f"hl-{m.cls}")
            if m.cls == "finding":
                names.add(f"hl-f-{m.kind}")
        reviews = {m.review for m in self.marks}
        if reviews == {"rejected"}:
            names.add("rv-rejected")  # only when everything highlighted here was rejected
        elif reviews & {"corrected", "confirmed"}:
            names.add("rv-corrected" if "corrected" in reviews else "rv-confirmed")
        return " ".join(sorted(names))

    @property
    def title(self) -> str:
        return "\n".join(dict.fromkeys(m.label for m in self.marks))


@dataclass(frozen=True)
class Piece:
    """A run of text inside a paragraph: a sentence (with an anchor) or text between sentences."""

    segments: tuple[Segment, ...]
    sentence: int | None = None
    whole: tuple[str, ...] = ()  # finding kinds that cover the whole sentence


@dataclass(frozen=True)
class Para:
    index: int
    kind: str
    pieces: tuple[Piece, ...]
    boilerplate: str | None = None
    duplicate_of: int | None = None


def _units(text: str, blocks: Sequence[BlockRow]) -> list[BlockRow]:
    """Paragraph units: the stored blocks, else the text split at line breaks."""
    if blocks:
        return list(blocks)
    return [BlockRow(i, m.start(), m.end(), "paragraph", None, None)
            for i, m in enumerate(re.finditer(r"[^\n]+", text))]


def segments(text: str, start: int, end: int, marks: Sequence[Mark]) -> tuple[Segment, ...]:
    """Cut ``text[start:end]`` at every mark boundary inside it."""
    inside = [m for m in marks if m.start < end and m.end > start]
    cuts = {start, end}
    for m in inside:
        cuts.add(max(start, m.start))
        cuts.add(min(end, m.end))
    points = sorted(cuts)
    out: list[Segment] = []
    for a, b in itertools.pairwise(points):
        if a >= b:
            continue
        covering = tuple(m for m in inside if m.start < b and m.end > a)
        starting = tuple(m for m in covering if max(start, m.start) == a)
        out.append(Segment(text[a:b], covering, starting))
    return tuple(out)


def paragraphs(text: str, blocks: Sequence[BlockRow], sentences: Sequence[SentenceRow],
               marks: Sequence[Mark], *, limit: int = MAX_DISPLAY_CHARS) -> list[Para]:
    """The document as paragraphs of sentence pieces, highlighted, up to ``limit`` characters."""
    sents = sorted(sentences, key=lambda s: s.start)
    starts = [s.start for s in sents]
    marks = sorted(marks, key=lambda m: (m.start, -m.end))
    out: list[Para] = []
    for unit in _units(text, blocks):
        if unit.start >= limit:
            break
        u_end = min(unit.end, limit, len(text))
        pieces: list[Piece] = []
        pos = unit.start
        i = max(0, bisect.bisect_right(starts, unit.start) - 1)
        while i < len(sents) and sents[i].start < u_end:
            s = sents[i]
            i += 1
            a, b = max(s.start, unit.start, pos), min(s.end, u_end)
            if b <= a:
                continue
            if a > pos:
                pieces.append(Piece(segments(text, pos, a, marks)))
            whole = tuple(sorted({m.kind for m in marks if m.cls == "finding" and m.start <= s.start
                                  and m.end >= s.end}))
            inline = [m for m in marks if not (m.cls == "finding" and m.kind in whole
                                               and m.start <= s.start and m.end >= s.end)]
            pieces.append(Piece(segments(text, a, b, inline), sentence=s.idx, whole=whole))
            pos = b
        if pos < u_end:
            pieces.append(Piece(segments(text, pos, u_end, marks)))
        out.append(Para(unit.idx, unit.kind, tuple(pieces), unit.boilerplate, unit.duplicate_of))
    return out


@dataclass(frozen=True)
class Passage:
    """A quoted passage: the sentence around a span, the span itself marked."""

    doc: str
    doc_n: int | None
    sentence: int | None
    before: str
    hit: str
    after: str
    title: str | None = None


CONTEXT_CHARS = 220
HIT_CHARS = 420


def make_passage(doc: str, doc_n: int | None, window: str, window_start: int, sentence: SentenceRow | None,
                 start: int, end: int, title: str | None = None) -> Passage:
    """Quote the sentence holding ``[start, end)``, given ``window`` = text from ``window_start``."""
    def cut(a: int, b: int) -> str:
        return window[max(0, a - window_start):max(0, b - window_start)]

    s_start = sentence.start if sentence else start
    s_end = sentence.end if sentence else end
    before = cut(max(s_start, start - CONTEXT_CHARS), start) if s_start < start else ""
    after = cut(end, min(s_end, end + CONTEXT_CHARS)) if s_end > end else ""
    hit = cut(start, end)
    if len(hit) > HIT_CHARS:
        hit = hit[: HIT_CHARS - 1].rstrip() + "…"
    if s_start < start - CONTEXT_CHARS:
        before = "…" + before
    if s_end > end + CONTEXT_CHARS:
        after += "…"
    return Passage(doc, doc_n, sentence.idx if sentence else None, before, hit, after, title)
