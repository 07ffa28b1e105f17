"""Sections: a label that marks the blocks after it, and press-release tails.

A page widget or a press release announces itself with a label, and what follows the
label is the widget, not the story:

* "About the Author" — the bio (up to three blocks, until a heading);
* "Related stories", "You may also like:" — the headlines that follow (short blocks,
  until a paragraph that reads like a sentence, or the article resuming with a timeline);
* "Timeline", "Key dates", "Chronology", "What we know": the article's own section when
  dated entries ("March 3 - The river crests", "On Monday, police closed the bridge.") or
  sentences follow; only a bare "Timeline: ..." link among headlines stays a link;
* "3 comments", "Post a comment" in the second half — the comments, to the end;
* press releases: "About Acme Corp" when the next block describes Acme in a press
  release (the company's standard self-description), "Forward-Looking Statements" / "Safe Harbor Statement"
  (the legal disclaimer), "Media contact:" (the name, e-mail and phone lines after it).

The press-release labels only count after the opening of a document (its first 30 %,
and at least three blocks): a feature may well open with an "About the study" box.
"""

from __future__ import annotations

import re

from claimledger.anatomy.blocks import LIST_MARK
from claimledger.anatomy.rules import ABOUT_AUTHOR, CONTENT_LABEL, DATE_LEAD, IC
from claimledger.models import Block

SECTION_BLOCK_MAX_WORDS = 30  # a headline with its teaser; longer means the article resumed
COMMENTS_TAIL_SHARE = 0.5
PRESS_TAIL_SHARE = 0.3
SECTION_MAX_BLOCKS = 6
CONTACT_LINE_MAX_WORDS = 12

ABOUT_COMPANY = re.compile(
    r"about\s+(?!(?:the|this|us|me|our|it|them|a|an|author|authors|writer)\b)(?P<name>[^\s:][^\n:]{1,60}?)\s*:?\s*$", IC)
LEGAL_LABEL = re.compile(
    r"(?:cautionary (?:note|statement|language)s?(?: (?:regarding|about|concerning|on))?\s*)?(?:forward[- ]looking "
    r"(?:statements?|information)|safe harbou?r(?: statement)?|cautionary (?:note|statement)s?)\s*[:.]?\s*$", IC)
CONTACT_LABEL = re.compile(
    r"(?:(?:media|press|investor|investors|analyst|company|pr|public relations|news media)\s+)?(?:contacts?|enquiries"
    r"|inquiries)(?:\s+(?:information|details))?\s*:?\s*$", IC)
_EMAIL = re.compile(r"[\w.+-]+@[\w-]+(?:\.[\w-]+)+")
_PHONE = re.compile(r"\+?\(?\d[\d\s().-]{6,}\d")
PRESS_RELEASE_MARKS = re.compile(
    r"^\s*(?:###|-30-|(?-i:SOURCE) [A-Z].{0,60})\s*$|\bforward[- ]looking statements\b|\b(?:media|press|investor) contacts?\b"
    r"|\(?(?:PRNewswire|GLOBE NEWSWIRE|BUSINESS WIRE|Business Wire|ACCESSWIRE|Newsfile)\)?", re.MULTILINE)
_TICKER = re.compile(r"\((?:NYSE|NASDAQ|Nasdaq|TSX|TSXV|LSE|AIM|ASX|OTC\w*|SIX|Euronext|XETRA|FWB)\b")


def mark_sections(text: str, blocks: list[Block], n_words: list[int], reasons: list[str | None]) -> None:
    """Set ``reasons`` for section labels and the blocks they govern (in place)."""
    _label_sections(text, blocks, n_words, reasons)
    _press_release(text, blocks, n_words, reasons)


def _label_sections(text: str, blocks: list[Block], n_words: list[int], reasons: list[str | None]) -> None:
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
        if reason == "related links" and _opens_content(text, blocks, i):
            reasons[i] = None  # "Timeline" over dated entries: the article's own heading
            i += 1
            continue
        if reason == "related links" and _is_label(chunk, n_words[i]):
            j = i + 1
            while j < total and n_words[j] <= SECTION_BLOCK_MAX_WORDS and blocks[j].kind != "lede" \
                    and not _is_sentence_paragraph(text, blocks[j], n_words[j]) \
                    and not is_event_line(text[blocks[j].start:blocks[j].end]) and not _opens_content(text, blocks, j):
                reasons[j] = reasons[j] or "related links"
                j += 1
            i = j
            continue
        i += 1


def _is_label(chunk: str, n: int) -> bool:
    """A section label on its own ("You may also like:", "DON'T MISS"), not label + headline."""
    _head, colon, rest = chunk.partition(":")
    return n <= 6 and not (colon and rest.strip())


def is_event_line(chunk: str) -> bool:
    """A timeline entry: a line that opens with its date and goes on with a verb.

    "March 5 - The river crests at 8.2 metres", "- Jan. 12: The council approves a
    plan", "On Monday, police closed the bridge."  A headline in a list of links puts
    its date, if any, inside ("Dam collapses in 2019 left dozens dead"), so only a
    leading date counts.  The verb test is cheap (no parse runs here): an inflected
    lowercase word or a common irregular verb.
    """
    m = LIST_MARK.match(chunk)
    lead = DATE_LEAD.match(chunk, m.end() if m else 0)
    if lead is None:
        return False
    rest = chunk[lead.end():]
    return len(rest.split()) >= 2 and bool(_VERBISH.search(rest))


_VERBISH = re.compile(
    r"\b(?!(?:this|its|his|hers|us|yes|news|less|series|across|bus|gas|plus|thus|always|perhaps|towards|as|ours"
    r"|theirs|was|has|is)\b)[a-z]{2,}(?:ed|[^su]s)\b"
    r"|\b(?:is|are|was|were|be|been|has|have|had|will|would|can|could|may|must|did|does|do|begin|began|meet|met|take|took"
    r"|make|made|say|said|go|went|come|came|hit|fall|fell|rise|rose|win|won|lose|lost|strike|struck|hold|held|leave|left"
    r"|tell|told|give|gave|get|got|put|set|run|ran|find|found|keep|kept|see|saw|become|became|bring|brought|buy|bought"
    r"|build|built|send|sent|spend|spent|pay|paid|quit|cut|shut|lead|led|break|broke|spread|swept|fight|fought|shoot|shot"
    r"|sink|sank|flee|fled|die|kill|sign|open|close|vote|agree|arrive|announce|launch|declare|order|approve|reach|seize"
    r"|elect|warn|confirm|return|resign|collapse|erupt|begin|end|start|file|ban|join)\b")


def _opens_content(text: str, blocks: list[Block], i: int) -> bool:
    """A "Timeline" / "Key dates" / "What we know" label followed by a dated entry or a sentence."""
    if i + 1 >= len(blocks) or not CONTENT_LABEL.match(text, blocks[i].start, blocks[i].end):
        return False
    nxt = text[blocks[i + 1].start:blocks[i + 1].end]
    return is_event_line(nxt) or (len(nxt.split()) >= 5 and nxt.rstrip("\"”’'").endswith((".", "!", "?"))
                                  and not nxt.endswith("?"))


def _is_sentence_paragraph(text: str, block: Block, n: int) -> bool:
    """A real paragraph: several words ending like a sentence (headlines have no period)."""
    return n >= 12 and text[block.end - 1] in ".!?\"”’'"




def _press_release(text: str, blocks: list[Block], n_words: list[int], reasons: list[str | None]) -> None:
    total = len(blocks)
    i = max(3, int(total * PRESS_TAIL_SHARE))
    release = bool(PRESS_RELEASE_MARKS.search(text)) or any(r in ("legal disclaimer", "media contact") for r in reasons)
    while i < total:
        chunk = text[blocks[i].start:blocks[i].end].strip()
        reason = None
        if blocks[i].kind == "heading" and n_words[i] <= 8 and (m := ABOUT_COMPANY.match(chunk)) and i + 1 < total \
                and _describes(text[blocks[i + 1].start:blocks[i + 1].end], m.group("name"), release):
            reason = "company boilerplate"
        elif n_words[i] <= 10 and LEGAL_LABEL.match(chunk):
            reason = "legal disclaimer"
        elif n_words[i] <= 5 and CONTACT_LABEL.match(chunk):
            reasons[i] = "media contact"
            j = i + 1
            while j < total and j <= i + SECTION_MAX_BLOCKS and _is_contact_line(text[blocks[j].start:blocks[j].end], n_words[j]):
                reasons[j] = reasons[j] or "media contact"
                j += 1
            i = j
            continue
        if reason is None:
            i += 1
            continue
        reasons[i] = reason
        j = i + 1
        while j < total and j <= i + SECTION_MAX_BLOCKS and blocks[j].kind != "heading" and n_words[j] <= 250 \
                and not _is_label_line(text[blocks[j].start:blocks[j].end], n_words[j]):
            reasons[j] = reasons[j] or reason
            j += 1
        i = j


def _is_label_line(chunk: str, n: int) -> bool:
    """A label that opens the next section ("Media contact:", "Safe Harbor Statement")."""
    chunk = chunk.strip()
    return n <= 6 and (chunk.endswith(":") or bool(LEGAL_LABEL.match(chunk) or CONTACT_LABEL.match(chunk)))


def _describes(chunk: str, name: str, release: bool) -> bool:
    """The block after "About <name>" is the company's standard self-description.

    It must open with the name (or "Founded in") and read as a press release's: a
    stock ticker in its opening, or a document that is a press release (a legal
    disclaimer, a media contact, "###", a wire's "SOURCE" line).  A news article's
    "About the company" section is the article's own background, and stays.
    """
    first = next((w for w in name.split() if w.lower() != "the"), name)
    opens = chunk.startswith((name, first, f"The {first}", "Founded in"))
    return opens and (release or bool(_TICKER.search(chunk[:160])))


def _is_contact_line(chunk: str, n: int) -> bool:
    """A line of a contact block: a name, a title, an e-mail address, a phone number."""
    if n > CONTACT_LINE_MAX_WORDS:
        return False
    return bool(_EMAIL.search(chunk) or _PHONE.search(chunk)) or (n <= 6 and not chunk.rstrip().endswith((".", "!", "?")))
