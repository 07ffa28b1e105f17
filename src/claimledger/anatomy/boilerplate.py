"""Marking blocks that are not article text: bios, credits, prompts, pitches, link lists.

Stages:

1. line rules (``rules.RULES``): each block on its own, by regex and size cap;
2. sections: a label such as "About the Author", "Related stories" or "3 comments"
   marks the short blocks that follow it (the bio, the headlines, the comments);
3. the headline repeated in the text, and runs of "Section | Headline" link lines;
4. author bios near the end ("X is a seasoned defense journalist ..."), and captions
   directly followed by their photo credit;
5. sandwiches: a short block between two marked blocks ("Sorry!" between two lines of
   a newsletter widget) shares their reason.

Precision matters more than recall here: a marked block is skipped by extraction, so a
false mark loses real claims.  Every rule is therefore capped in size and most are
anchored at the start of the block.
"""

from __future__ import annotations

import re
from dataclasses import replace

from claimledger.anatomy.blocks import norm, words
from claimledger.anatomy.rules import ABOUT_AUTHOR, BIO_CUES, BIO_SENTENCE, PROMO_SENTENCE, rule_reason
from claimledger.models import Block, Sentence

SECTION_BLOCK_MAX_WORDS = 30  # a headline with its teaser; longer means the article resumed
COMMENTS_TAIL_SHARE = 0.5
CAPTION_MAX_WORDS = 60
CAPTION_CUES = re.compile(
    r",\s(?:left|right|center|centre|second (?:left|right)|top|bottom|front|rear),\s|\bpictured\b|\bseen here\b"
    r"|\b(?:poses|shake hands|shakes hands|gestures|looks on|walks past|waves to)\b", re.IGNORECASE)
WIDGETS = frozenset({"newsletter pitch", "donation pitch", "promotion", "podcast promotion", "related links"})  # a comment section label must sit in the second half


def mark_boilerplate(text: str, blocks: list[Block], title: str | None = None) -> list[Block]:
    """Blocks with ``boilerplate`` set to a reason where they are not article text."""
    n_words = [len(words(text[b.start:b.end])) for b in blocks]
    reasons: list[str | None] = []
    for b, n in zip(blocks, n_words, strict=True):
        reasons.append(None if b.kind == "title" else rule_reason(text[b.start:b.end], n))
    _repeated_title(text, title, blocks, reasons)
    _pipe_headlines(text, blocks, reasons)
    _sections(text, blocks, n_words, reasons)
    _bios(text, blocks, n_words, reasons)
    _captions_before_credits(text, blocks, n_words, reasons)
    _sandwiches(n_words, reasons)
    return [replace(b, boilerplate=r, kind="caption" if r == "image credit" and b.kind == "paragraph" else b.kind)
            if r else b for b, r in zip(blocks, reasons, strict=True)]


def _repeated_title(text: str, title: str | None, blocks: list[Block], reasons: list[str | None]) -> None:
    """The page headline repeated inside the text (share widgets, galleries, link lists)."""
    key = norm(title or "")
    if len(key.split()) < 3:
        return
    for i, b in enumerate(blocks):
        if b.kind != "title" and reasons[i] is None and norm(text[b.start:b.end]) == key:
            reasons[i] = "repeated headline"


def _pipe_headlines(text: str, blocks: list[Block], reasons: list[str | None]) -> None:
    """Two or more headline lines in a row shaped "Section | Headline": a list of other stories."""
    flags = [b.kind == "heading" and " | " in text[b.start:b.end] for b in blocks]
    for i, flag in enumerate(flags):
        if flag and ((i > 0 and flags[i - 1]) or (i + 1 < len(flags) and flags[i + 1])):
            reasons[i] = reasons[i] or "related links"


def _sections(text: str, blocks: list[Block], n_words: list[int], reasons: list[str | None]) -> None:
    total = len(blocks)
    i = 0
    while i < total:
        chunk = text[blocks[i].start:blocks[i].end]
        reason = reasons[i]
        if ABOUT_AUTHOR.fullmatch(chunk.strip()) or (ABOUT_AUTHOR.match(chunk) and n_words[i] <= 4):
            reasons[i] = "author bio"
            j = i + 1
            while j < total and j <= i + 3 and blocks[j].kind != "heading":
                reasons[j] = reasons[j] or "author bio"
                j += 1
            i = j
            continue
        if reason == "comment prompt" and n_words[i] <= 4 and i >= total * COMMENTS_TAIL_SHARE:
            for j in range(i + 1, total):  # reader comments run to the end of the page
                reasons[j] = reasons[j] or "reader comments"
            return
        if reason == "related links" and _is_label(chunk, n_words[i]):
            j = i + 1
            while j < total and n_words[j] <= SECTION_BLOCK_MAX_WORDS and blocks[j].kind != "lede" \
                    and not _is_sentence_paragraph(text, blocks[j], n_words[j]):
                reasons[j] = reasons[j] or "related links"
                j += 1
            i = j
            continue
        i += 1


def _is_label(chunk: str, n: int) -> bool:
    """A section label on its own ("You may also like:", "DON'T MISS"), not label + headline."""
    _head, colon, rest = chunk.partition(":")
    return n <= 6 and not (colon and rest.strip())


def _is_sentence_paragraph(text: str, block: Block, n: int) -> bool:
    """A real paragraph: several words ending like a sentence (headlines have no period)."""
    return n >= 12 and text[block.end - 1] in ".!?\"”’'"


def _bios(text: str, blocks: list[Block], n_words: list[int], reasons: list[str | None]) -> None:
    total = len(blocks)
    for i, b in enumerate(blocks):
        if reasons[i] or n_words[i] > 120 or i < total * 0.6:
            continue
        chunk = text[b.start:b.end]
        if not BIO_SENTENCE.match(chunk):
            continue
        if i >= total - 4 or BIO_CUES.search(chunk):
            reasons[i] = "author bio"


def _captions_before_credits(text: str, blocks: list[Block], n_words: list[int], reasons: list[str | None]) -> None:
    """A paragraph right before a short photo credit that reads like a caption is that caption.

    Reading like a caption matters: an article paragraph may well precede a credit line
    whose own caption the extractor dropped.  Caption language is its cue ("Esper, left,
    and ...", "pictured", "shake hands").
    """
    for i in range(len(blocks) - 1):
        if reasons[i] is None and reasons[i + 1] == "image credit" and n_words[i] <= CAPTION_MAX_WORDS \
                and n_words[i + 1] <= 8 and blocks[i].kind in ("paragraph", "lede") \
                and CAPTION_CUES.search(text, blocks[i].start, blocks[i].end):
            reasons[i] = "image credit"


def _sandwiches(n_words: list[int], reasons: list[str | None]) -> None:
    """A short unmarked block between two marked ones belongs to the same widget.

    Up to 8 words between any two marks (page furniture: "Sorry!", a site name); up to
    20 words when both sides have the same reason (a newsletter box's own blurb).
    """
    changed = True
    while changed:
        changed = False
        for i in range(1, len(reasons) - 1):
            before, after = reasons[i - 1], reasons[i + 1]
            same_widget = before == after and before in WIDGETS and n_words[i] <= 20
            if reasons[i] is None and before and after and (n_words[i] <= 8 or same_widget):
                reasons[i] = before
                changed = True


def promo_sentences(text: str, blocks: list[Block], sentences: list[Sentence]) -> list[Sentence]:
    """Closing sentences of article paragraphs that only point elsewhere ("Read our review here.").

    The paragraph itself is article text, so only the sentence is boilerplate; it must
    be the block's last sentence and not its only one.
    """
    last: dict[int, Sentence] = {}
    count: dict[int, int] = {}
    for s in sentences:
        last[s.block] = s
        count[s.block] = count.get(s.block, 0) + 1
    out = []
    for bi, s in last.items():
        b = blocks[bi]
        if b.boilerplate or count[bi] < 2:
            continue
        if PROMO_SENTENCE.match(text, s.start, s.end) and len(words(text[s.start:s.end])) <= 16:
            out.append(s)
    return out
