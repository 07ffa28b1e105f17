"""Repeated text inside one document: whole blocks, and sentences repeated in other blocks.

Pages repeat themselves: the lede again after "What You Need to Know:", a pull quote
echoing a sentence of the body, a video caption restating the first paragraph.  The
repeat is marked (``Block.duplicate_of``) so extraction counts each figure once, and a
``duplicate`` finding points at both passages.  Comparison is on normalised words
(case and punctuation ignored); near-equal blocks are caught with rapidfuzz.
"""

from __future__ import annotations

import itertools
from dataclasses import dataclass, replace

from rapidfuzz import fuzz

from claimledger.anatomy.blocks import norm
from claimledger.models import Block, Sentence

MIN_BLOCK_WORDS = 5
MIN_SENTENCE_WORDS = 8
NEAR_RATIO = 92.0
MAX_FUZZY_BLOCKS = 600  # above this only exact repeats are looked for (cost is quadratic)


@dataclass(frozen=True)
class Repeat:
    """A repeated passage: ``span`` repeats ``original`` (both document spans)."""

    span: tuple[int, int]
    original: tuple[int, int]
    what: str  # "block" | "sentence" | "pull quote"


def mark_duplicates(text: str, blocks: list[Block]) -> list[Block]:
    """Blocks with ``duplicate_of`` set where the block repeats an earlier block."""
    normed = [norm(text[b.start:b.end]) for b in blocks]
    first_seen: dict[str, int] = {}
    out = list(blocks)
    fuzzy = len(blocks) <= MAX_FUZZY_BLOCKS
    for i, n in enumerate(normed):
        if len(n.split()) < MIN_BLOCK_WORDS or blocks[i].kind == "title":
            first_seen.setdefault(n, i)
            continue
        j = first_seen.get(n)
        if j is None and fuzzy:
            j = _similar_earlier(normed, i)
        if j is not None:
            out[i] = replace(blocks[i], duplicate_of=j)
        else:
            first_seen[n] = i
    return out


def _similar_earlier(normed: list[str], i: int) -> int | None:
    cur = normed[i]
    for j in range(i):
        other = normed[j]
        if len(other.split()) < MIN_BLOCK_WORDS:
            continue
        if len(other) >= 0.5 * len(cur) and len(other.split()) >= MIN_SENTENCE_WORDS and other in cur:
            return j  # the earlier block restated with a prefix: "What You Need to Know: <lede>"
        if abs(len(other) - len(cur)) <= 0.15 * len(cur) and fuzz.ratio(cur, other) >= NEAR_RATIO:
            return j
    return None


def repeated_sentences(text: str, blocks: list[Block], sentences: list[Sentence]) -> list[Repeat]:
    """Sentences of non-duplicate blocks that repeat a sentence of an earlier block."""
    seen: dict[str, Sentence] = {}
    out: list[Repeat] = []
    for s in sentences:
        block = blocks[s.block]
        if block.duplicate_of is not None or block.boilerplate:
            continue
        n = norm(text[s.start:s.end])
        if len(n.split()) < MIN_SENTENCE_WORDS:
            continue
        earlier = seen.get(n)
        if earlier is not None and earlier.block != s.block:
            out.append(Repeat((s.start, s.end), (earlier.start, earlier.end), "sentence"))
        else:
            seen.setdefault(n, s)
    return out


def pull_quotes(text: str, blocks: list[Block], sentences: list[Sentence]) -> list[Repeat]:
    """Short stand-alone blocks whose words (but the first) recur inside a body sentence.

    "This will be Hawley's second film" set apart from the body is a pull quote of "The
    fourth Star Trek movie will be Hawley's second film."  The first word is ignored
    because pull quotes often swap it; five shared words at least, so that a stock
    phrase is not taken for a quote.
    """
    out: list[Repeat] = []
    sent_norms = [(s, " " + norm(text[s.start:s.end]) + " ") for s in sentences]
    by_bigram: dict[tuple[str, str], list[int]] = {}  # only sentences sharing the quote's opening pair are compared
    for k, (_s, n) in enumerate(sent_norms):
        ws = n.split()
        for pair in set(itertools.pairwise(ws)):
            by_bigram.setdefault(pair, []).append(k)
    for b in blocks:
        if b.boilerplate or b.duplicate_of is not None or b.kind not in ("paragraph", "heading", "quote"):
            continue
        ws = norm(text[b.start:b.end]).split()
        if not 6 <= len(ws) <= 25:
            continue
        tail = " " + " ".join(ws[1:]) + " "
        for k in by_bigram.get((ws[1], ws[2]), []):
            s, n = sent_norms[k]
            if s.block == b.index or blocks[s.block].boilerplate:
                continue
            if len(n.split()) > len(ws) and tail in n:
                out.append(Repeat((b.start, b.end), (s.start, s.end), "pull quote"))
                break
    return out
