"""Repeated text inside one document: whole blocks, and sentences repeated in other blocks.

Pages repeat themselves: the lede again after "What You Need to Know:", a pull quote
echoing a sentence of the body, a video caption restating the first paragraph.  The
repeat is marked (``Block.duplicate_of``) so extraction counts each figure once, and a
``duplicate`` finding points at both passages.  Comparison is on normalised words
(case and punctuation ignored); near-equal blocks are caught with rapidfuzz.
"""

from __future__ import annotations

import itertools
import re
from dataclasses import dataclass, replace

from rapidfuzz import fuzz

from claimledger.anatomy.blocks import norm
from claimledger.models import Block, Sentence

MIN_BLOCK_WORDS = 5
MIN_SENTENCE_WORDS = 8
NEAR_RATIO = 92.0
MAX_FUZZY_BLOCKS = 600  # above this only exact repeats are looked for (cost is quadratic)
MAX_FUZZY_SENTENCES = 800
CONTAINED_SHARE = 0.6  # a sentence inside another repeats it when it is most of it
NEAR_SENTENCE_WORDS = 10
_ATTRIBUTION = re.compile(r"(?<=[\w.!?\"”’'])(?:\s*[—–]\s*|\s+--?\s+)(?-i:[A-Z])[\w.'’-]*(?:\s+(?-i:[A-Z])[\w.'’-]*){0,4}"
                          r"(?:,\s*[^\n]{0,60})?\s*$")
_NUMBER = re.compile(r"\d+(?:[.,]\d+)*")


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
        if abs(len(other) - len(cur)) <= 0.15 * len(cur) and fuzz.ratio(cur, other) >= NEAR_RATIO \
                and same_numbers(cur, other):
            return j
    return None


def same_numbers(a: str, b: str) -> bool:
    """Both texts give the same figures: a near-repeat with a changed number is an update, not a copy."""
    return sorted(_NUMBER.findall(a)) == sorted(_NUMBER.findall(b))


def repeated_sentences(text: str, blocks: list[Block], sentences: list[Sentence]) -> list[Repeat]:
    """Sentences of non-duplicate blocks that repeat a sentence of an earlier block.

    A repeat is the same words (case and punctuation aside); or one sentence inside the
    other, as when a dateline or a lead-in is put before the lede again ("LIMA (Reuters)
    — <lede>", "In other developments, <lede>") or a summary bullet keeps its first
    half; or the same words reordered ("X, the union said" / "The union said X") with
    the same figures.  A sentence whose figures changed is never a repeat: that is an
    update or a contradiction, for other checks to weigh.
    """
    earlier: list[tuple[Sentence, str, list[str]]] = []
    by_trigram: dict[tuple[str, ...], list[int]] = {}
    out: list[Repeat] = []
    for s in sentences:
        block = blocks[s.block]
        if block.duplicate_of is not None or block.boilerplate:
            continue
        n = norm(text[s.start:s.end])
        ws = n.split()
        if len(ws) < MIN_SENTENCE_WORDS:
            continue
        k = _original(n, ws, s, earlier, by_trigram)
        if k is not None:
            out.append(Repeat((s.start, s.end), (earlier[k][0].start, earlier[k][0].end), "sentence"))
            continue
        by_trigram.setdefault(tuple(ws[:3]), []).append(len(earlier))
        earlier.append((s, n, ws))
    return out


def _original(n: str, ws: list[str], s: Sentence, earlier: list[tuple[Sentence, str, list[str]]],
              by_trigram: dict[tuple[str, ...], list[int]]) -> int | None:
    """Index in ``earlier`` of the sentence that ``n`` repeats, or None."""
    trigrams = {tuple(ws[i:i + 3]) for i in range(len(ws) - 2)}
    candidates = sorted({k for t in trigrams for k in by_trigram.get(t, ())})  # an earlier one starting inside this
    for k in candidates:
        other, on, ows = earlier[k]
        if other.block == s.block:
            continue
        if on == n or (len(ows) >= CONTAINED_SHARE * len(ws) and f" {on} " in f" {n} "):
            return k
    if len(earlier) > MAX_FUZZY_SENTENCES:
        return None  # a very long document: exact repeats only (the comparison below is quadratic)
    for k, (other, on, ows) in enumerate(earlier):
        if other.block == s.block:
            continue
        if len(ws) >= CONTAINED_SHARE * len(ows) and f" {n} " in f" {on} ":
            return k  # this one is inside an earlier sentence (a summary keeping its first half)
        if len(ws) >= NEAR_SENTENCE_WORDS and abs(len(ws) - len(ows)) <= 0.2 * len(ws) \
                and fuzz.token_sort_ratio(n, on) >= NEAR_RATIO and same_numbers(n, on):
            return k
    return None


def pull_quotes(text: str, blocks: list[Block], sentences: list[Sentence]) -> list[Repeat]:
    """Short stand-alone blocks whose words (but the first) recur inside a body sentence.

    "This will be Hawley's second film" set apart from the body is a pull quote of "The
    fourth Star Trek movie will be Hawley's second film."  The first word is ignored
    because pull quotes often swap it; five shared words at least, so that a stock
    phrase is not taken for a quote.  A trailing attribution ("— Maria Santos") is not
    part of the quote.
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
        ws = norm(_ATTRIBUTION.sub("", text[b.start:b.end])).split()
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
