"""Blocks: the structural units of a document, with exact spans and a kind.

Ingested text comes one paragraph per line (trafilatura's output, most .txt files), or
as hard-wrapped paragraphs separated by blank lines (e-mail style).  The first case is
the default; the second is recognised when many lines run on into the next one.  In
both, a line that ends mid-sentence and is followed by a lowercase continuation is the
same paragraph broken by a stray line break ("tactical inept\\nitude ensures", or with a
hyphen, "affected work-\\ners"), so it is joined to the next line rather than made a
block of its own.

Kinds are read from the text alone: title, heading (short, no final punctuation), list
items (``-``, ``•``, ``*``, ``1.``), FAQ questions/answers (``Q:``/``A:`` lines, or
questions under an "FAQ" heading), bylines, the lede (the first real paragraph).
"""

from __future__ import annotations

import itertools
import re

from claimledger.models import Block, Document

LIST_MARK = re.compile(r"[-–—•*·▪►✓]\s*(?=\S)|\d{1,2}[.)]\s+(?=\S)")
FAQ_Q = re.compile(r"(?:Q|Question)\s*[:.]\s+|Q\d{0,2}\s*[:.]\s+")
FAQ_A = re.compile(r"(?:A|Answer)\s*[:.]\s+")
FAQ_HEADING = re.compile(r"(?i)^(?:faqs?|frequently asked questions|questions and answers|q\s*&\s*a)\b")
BYLINE = re.compile(r"^(?:By|BY|Written by|Words by|Story by|Reporting by)\s+[A-Z][\w.'’-]*(?:\s+\S+){0,8}$")
_TERMINAL = (".", "!", "?", ":", ";", ",", "…", '"', "”", "’", "'", ")")
_WORD = re.compile(r"[^\W_]+(?:['’.-][^\W_]+)*")

_CONTINUATION = re.compile(r"[a-z]{2,}(?:[\s,.;:!?)’'\"-]|$)(?!//)")
JOIN_MIN_CHARS = 50  # a stray break sits inside a paragraph, not after a label or a link
HEADING_MAX_WORDS = 14
HEADING_MAX_CHARS = 110


def words(text: str) -> list[str]:
    return _WORD.findall(text)


def line_spans(text: str) -> list[tuple[int, int]]:
    """Spans of the non-blank lines, stripped of surrounding whitespace."""
    spans, at = [], 0
    for line in text.split("\n"):
        s, e = at, at + len(line)
        at = e + 1
        while s < e and text[s].isspace():
            s += 1
        while e > s and text[e - 1].isspace():
            e -= 1
        if e > s:
            spans.append((s, e))
    return spans


def raw_blocks(text: str) -> list[tuple[int, int]]:
    """Block spans: lines, joined where a paragraph runs on over a line break."""
    lines = line_spans(text)
    wrapped = _is_hard_wrapped(text, lines)
    blocks: list[tuple[int, int]] = []
    for s, e in lines:
        if blocks and _continues(text, blocks[-1], (s, e), wrapped):
            blocks[-1] = (blocks[-1][0], e)
        else:
            blocks.append((s, e))
    return blocks


def _continues(text: str, prev: tuple[int, int], line: tuple[int, int], wrapped: bool) -> bool:
    gap = text[prev[1]:line[0]]
    if gap.count("\n") != 1:  # a blank line always ends a paragraph
        return False
    first = text[line[0]]
    if LIST_MARK.match(text, line[0]) or FAQ_Q.match(text, line[0]) or FAQ_A.match(text, line[0]):
        return False
    if wrapped:
        return True
    last = text[prev[1] - 1]
    if last == "-" and text[prev[1] - 2].isalpha() and text[prev[1] - 2].islower():
        last = text[prev[1] - 2]  # a word hyphenated over the break: "affected work-\ners"
    if prev[1] - prev[0] < JOIN_MIN_CHARS or not (last.isalpha() and last.islower()):
        return False
    return bool(_CONTINUATION.match(text, line[0])) and first.islower()


def _is_hard_wrapped(text: str, lines: list[tuple[int, int]]) -> bool:
    """Whether paragraphs are wrapped over several lines (and separated by blank lines)."""
    if len(lines) < 6 or "\n\n" not in text:
        return False
    runs_on = 0
    for (s, e), (s2, _e2) in itertools.pairwise(lines):
        if text[e:s2].count("\n") == 1 and 40 <= e - s <= 100 and text[e - 1] not in ".!?:\"”":
            runs_on += 1
    return runs_on >= 0.4 * len(lines)


def is_heading_like(text: str) -> bool:
    """Short, starts with a capital or digit, no sentence-final punctuation (a "?" is allowed)."""
    if len(text) > HEADING_MAX_CHARS or not text[:1].isalnum() or text[:1].islower():
        return False
    ws = words(text)
    if not ws or len(ws) > HEADING_MAX_WORDS or not any(c.isalpha() for c in text):
        return False
    return not text.endswith(_TERMINAL) or (text.endswith("?") and len(ws) <= 12)


def classify(doc: Document, spans: list[tuple[int, int]]) -> list[Block]:
    """Blocks with kinds (boilerplate and duplicates are marked later)."""
    text = doc.text
    title = norm(doc.title or "")
    kinds: list[str] = []
    in_faq = False
    for i, (s, e) in enumerate(spans):
        chunk = text[s:e]
        if i == 0 and title and norm(chunk) == title:
            kind = "title"
        elif FAQ_Q.match(chunk):
            kind = "faq_question"
        elif FAQ_A.match(chunk):
            kind = "faq_answer"
        elif LIST_MARK.match(chunk) and not _is_signed_number(chunk):
            kind = "list_item"
        elif BYLINE.match(chunk):
            kind = "byline"
        elif in_faq and chunk.endswith("?") and len(words(chunk)) <= 25:
            kind = "faq_question"
        elif in_faq and kinds and kinds[-1] in ("faq_question", "faq_answer") and not is_heading_like(chunk):
            kind = "faq_answer"
        elif is_heading_like(chunk):
            kind = "heading"
        else:
            kind = "paragraph"
        if kind == "heading":
            in_faq = bool(FAQ_HEADING.match(chunk)) or (in_faq and chunk.endswith("?"))
            if in_faq and chunk.endswith("?"):
                kind = "faq_question"
        kinds.append(kind)
    _mark_lede(text, spans, kinds)
    return [Block(index=i, start=s, end=e, kind=k) for i, ((s, e), k) in enumerate(zip(spans, kinds, strict=True))]


def _mark_lede(text: str, spans: list[tuple[int, int]], kinds: list[str]) -> None:
    seen = 0
    for i, k in enumerate(kinds):
        if k in ("title", "byline"):
            continue
        seen += 1
        if seen > 3:
            return
        if k == "paragraph" and len(words(text[spans[i][0]:spans[i][1]])) >= 12:
            kinds[i] = "lede"
            return


def body_start(text: str, block: Block) -> int:
    """Where a block's own text starts: after a list mark or a ``Q:``/``A:`` prefix."""
    chunk = text[block.start:block.end]
    if block.kind == "list_item":
        m = LIST_MARK.match(chunk)
    elif block.kind in ("faq_question", "faq_answer"):
        m = FAQ_Q.match(chunk) or FAQ_A.match(chunk)
    else:
        m = None
    return block.start + (m.end() if m else 0)


def _is_signed_number(chunk: str) -> bool:
    """"-5 degrees" or "−3.2%" opening a line is a number, not a list mark ("- 5 eggs" is)."""
    return bool(re.match(r"[-–—]\d", chunk))


def norm(text: str) -> str:
    """Lowercased words joined by single spaces: the form blocks are compared in."""
    return " ".join(w.lower() for w in words(text))
