"""Marking blocks that are not article text: bios, credits, prompts, pitches, link lists.

Stages:

1. line rules (``rules.RULES``): each block on its own, by regex and size cap;
2. sections (``sections``): a label such as "About the Author", "Related stories",
   "3 comments", "About Acme Corp" or "Media contact" marks the blocks that follow it;
3. the headline repeated in the text, a bare date line at the top or bottom, and runs
   of "Section | Headline" link lines;
4. author bios near the end ("X is a seasoned defense journalist ..."), and captions
   directly followed by their photo credit (or by their own repeat with the credit);
5. blocks all of whose sentences are boilerplate (``sentence_rules``);
6. a list that follows a page widget and runs to the end of the page;
7. sandwiches: a short block between two marked blocks ("Sorry!" between two lines of
   a newsletter widget) shares their reason.

Precision matters more than recall here: a marked block is skipped by extraction, so a
false mark loses real claims.  Every rule is therefore capped in size and most are
anchored at the start of the block.
"""

from __future__ import annotations

import re
from dataclasses import replace

from claimledger.anatomy.blocks import norm, words
from claimledger.anatomy.rules import BARE_DATE, BIO_CUES, BIO_ROLE, BIO_SENTENCE, IC, rule_reason
from claimledger.anatomy.sections import is_event_line, mark_sections
from claimledger.anatomy.sentence_rules import outlet_pattern, sentence_marks
from claimledger.models import Block

CAPTION_MAX_WORDS = 60
SECTION_BLOCK_MAX_WORDS = 30  # a headline with its teaser; longer means the article resumed
CAPTION_CUES = re.compile(
    r",\s(?:left|right|center|centre|second (?:left|right)|top|bottom|front|rear),\s|\bpictured\b|\bseen here\b"
    r"|\b(?:poses|shake hands|shakes hands|gestures|looks on|walks past|waves to)\b", re.IGNORECASE)
WIDGETS = frozenset({"newsletter pitch", "donation pitch", "promotion", "podcast promotion", "related links"})  # a comment section label must sit in the second half


def mark_boilerplate(text: str, blocks: list[Block], title: str | None = None, *,
                     outlet: str | None = None, author: str | None = None) -> list[Block]:
    """Blocks with ``boilerplate`` set to a reason where they are not article text.

    ``outlet`` and ``author`` (the document's metadata, when known) sharpen two cues:
    a sentence opening with the outlet's name beside a pitch, and a closing bio that
    opens with the author's name.
    """
    n_words = [len(words(text[b.start:b.end])) for b in blocks]
    reasons: list[str | None] = []
    for b, n in zip(blocks, n_words, strict=True):
        reasons.append(None if b.kind == "title" else rule_reason(text[b.start:b.end], n))
    _repeated_title(text, title, blocks, reasons)
    _edge_dates(text, blocks, reasons)
    _pipe_headlines(text, blocks, reasons)
    mark_sections(text, blocks, n_words, reasons)
    _bios(text, blocks, n_words, reasons, author)
    _captions_before_credits(text, blocks, n_words, reasons)
    _all_sentences(text, blocks, reasons, outlet)
    _trailing_lists(text, blocks, n_words, reasons)
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


def _edge_dates(text: str, blocks: list[Block], reasons: list[str | None]) -> None:
    """A bare date line among the first or last three blocks is the page's date stamp.

    In the middle of a story the same line heads a timeline entry, which is content.
    """
    n = len(blocks)
    for i in [*range(min(3, n)), *range(max(3, n - 3), n)]:
        if reasons[i] is None and blocks[i].kind != "title" and _DATE_LINE.match(text, blocks[i].start, blocks[i].end):
            reasons[i] = "date stamp"


_DATE_LINE = re.compile(rf"(?:published|updated|posted|dated?)?\s*:?\s*{BARE_DATE}\s*\.?\s*$", IC)


def _pipe_headlines(text: str, blocks: list[Block], reasons: list[str | None]) -> None:
    """Two or more headline lines in a row shaped "Section | Headline": a list of other stories."""
    flags = [b.kind == "heading" and " | " in text[b.start:b.end] for b in blocks]
    for i, flag in enumerate(flags):
        if flag and ((i > 0 and flags[i - 1]) or (i + 1 < len(flags) and flags[i + 1])):
            reasons[i] = reasons[i] or "related links"


def _bios(text: str, blocks: list[Block], n_words: list[int], reasons: list[str | None], author: str | None) -> None:
    """Author bios near the end: a bio sentence ("X is a seasoned ... journalist") or the author's name at work.

    A bio sentence alone marks a block in the last four, or anywhere in the last 40 %
    with a bio cue ("has written for"); an op-ed's "The writer is a former ambassador"
    marks one of the last two.  A block opening with the byline's author and a
    bio verb ("Maria Delgado covers ...", "Ruiz joined the paper in 2019") marks a
    block in the last three.
    """
    total = len(blocks)
    by_author = _author_opener(author)
    for i, b in enumerate(blocks):
        if reasons[i] or n_words[i] > 120 or i < total * 0.6:
            continue
        chunk = text[b.start:b.end]
        bio = (BIO_SENTENCE.match(chunk) and (i >= total - 4 or BIO_CUES.search(chunk))) \
            or (BIO_ROLE.match(chunk) and i >= total - 2 and n_words[i] <= 50)
        own = by_author is not None and i >= total - 3 and n_words[i] <= 80 and by_author.match(chunk)
        if bio or own:
            reasons[i] = "author bio"


def _author_opener(author: str | None) -> re.Pattern[str] | None:
    names = [n for n in re.split(r"\s*(?:,|\band\b|&)\s*", author or "") if len(n.split()) >= 2]
    if not names:
        return None
    alts = "|".join(re.escape(n).replace(r"\ ", r"\s+") for n in names)
    return re.compile(rf"(?:{alts})\s+(?:is|was|has|covers|reports|writes|joined|previously|lives|can be reached"
                      r"|may be reached|holds|spent|edits|leads)\b")


def _all_sentences(text: str, blocks: list[Block], reasons: list[str | None], outlet: str | None) -> None:
    """A block whose every sentence is boilerplate ("X is supported by readers. Subscribe for $1 a week.")."""
    pattern = outlet_pattern(outlet)
    for i, b in enumerate(blocks):
        if reasons[i] is None and b.kind != "title":
            reasons[i] = sentence_marks(text, b, pattern)[0]


def _captions_before_credits(text: str, blocks: list[Block], n_words: list[int], reasons: list[str | None]) -> None:
    """A paragraph right before a short photo credit that reads like a caption is that caption.

    Reading like a caption matters: an article paragraph may well precede a credit line
    whose own caption the extractor dropped.  Caption language is its cue ("Esper, left,
    and ...", "pictured", "shake hands").
    """
    for i in reversed(range(len(blocks) - 1)):  # backwards: a caption may precede a caption of the same photo
        if reasons[i] is None and reasons[i + 1] == "image credit" and n_words[i] <= CAPTION_MAX_WORDS \
                and (n_words[i + 1] <= 8 or _same_opening(text, blocks[i], blocks[i + 1])) \
                and blocks[i].kind in ("paragraph", "lede") \
                and CAPTION_CUES.search(text, blocks[i].start, blocks[i].end):
            reasons[i] = "image credit"


def _same_opening(text: str, a: Block, b: Block) -> bool:
    """``b`` restates ``a`` (a gallery caption repeated with its credit appended)."""
    head = norm(text[a.start:a.end]).split()[:10]
    return len(head) >= 6 and norm(text[b.start:b.end]).split()[:10] == head


def _trailing_lists(text: str, blocks: list[Block], n_words: list[int], reasons: list[str | None]) -> None:
    """List items after a page widget that run to the end of the page: the widget's links.

    "Join our Parlay Challenge" followed by eight "- Headline Teaser" items closes many
    sports pages; once a widget has started, a list that reaches the last block is not
    the article resuming — unless its items are dated entries ("- March 3: The river
    crests"), which are the article's own timeline.
    """
    total = len(blocks)
    j = total
    while j > 0 and reasons[j - 1] is None and blocks[j - 1].kind == "list_item" \
            and n_words[j - 1] <= SECTION_BLOCK_MAX_WORDS \
            and not is_event_line(text[blocks[j - 1].start:blocks[j - 1].end]):
        j -= 1
    if total - j >= 3 and j > 0 and reasons[j - 1] is not None and reasons[j - 1] in WIDGETS:
        for k in range(j, total):
            reasons[k] = "related links"


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
