"""Who asserts a figure: the speaker behind "X said", "according to X", "X estimated" ...

A figure belongs to a source only when that source *asserts* it: the figure must sit
inside what a reporting verb reports ("Patel said [over 10,000 soldiers were sent]"), not
merely share a sentence with a person ("Putin had sent 50,000 soldiers" has no source).
So the search walks up the dependency parse from the figure, and every reporting verb it
reaches through a complement (a clause, or the object of verbs like "reported",
"estimated", "put ... at") is one level of a reporting chain:

    The BBC reported that [South Korea's spy agency believed that [... 1,500 troops ...]]
    -> name "South Korea's spy agency", relayed_by "The BBC"

The source is the outermost level that names an agent (a person, a body, a group): that is
who asserts the figure in this text.  News outlets above it only relay it; data nouns
below it ("Zelensky said [his country's intelligence information suggested ...]") and
unnamed ones ("Reports indicate") defer to it or name nobody.  The walk stops at
background: an apposition ("Europa, one of Jupiter's 79 moons") or a condition ("if ...");
an adverbial clause of the reporting verb itself ("reported its third case after two other
cases were revealed") is not what it reports.  Where the parse hangs a figure away from a
reporting verb of the same sentence ("An earthquake struck ..., killing at least 37 people,
the institute said"), that verb still governs it, as the project's annotation rules say;
where the parse breaks the tag itself (", the club said." taken for a second subject, "data
show" tagged as a noun) :mod:`claimledger.extract.speech_tags` reads it off the words.
Pronouns and roles ("he", "the press officer", "the agency") are resolved through
:mod:`claimledger.extract.mentions`; "..., he added" keeps the last speaker; "the
statement said" speaks for whoever issued it (:mod:`claimledger.extract.issuers`).  A
passive reporting verb with no agent ("are believed to remain") means the text names
nobody: the figure is unattributed and the result is None.

When the figure is inside a quotation whose speaker is named outside its sentence
("... over 10,000 North Korean soldiers ...," he claimed), the speaker is looked for after
the closing quote, before the opening one, or in the sentence before a quote that goes on.

The module is the walk; :mod:`claimledger.extract.speech` knows how each verb reports and
:mod:`claimledger.extract.source_names` turns the speaker's words into a name and chooses
among the levels.
"""

from __future__ import annotations

import re
from dataclasses import replace
from typing import TYPE_CHECKING

from claimledger.extract.context import DocContext, SentenceView, doc_text
from claimledger.extract.mentions import note_speaker
from claimledger.extract.source_names import choose
from claimledger.extract.speech import (
    BACKGROUND_MARKS,
    CLAUSE_ONLY,
    DATA_NOUNS,
    REPORT_VERBS,
    REPORTED_EDGES,
    Level,
    according_to,
    as_report,
    as_revision,
    first_person,
    is_aside,
    noun_reporters,
    report_lemma,
    sentence_reporters,
    speaker_np,
    subject_of,
)
from claimledger.extract.speech_tags import trailing_tag
from claimledger.models import Attribution

if TYPE_CHECKING:
    from spacy.tokens import Span, Token

__all__ = ["DATA_NOUNS", "REPORT_VERBS", "attribute", "dateline_end", "source_of", "without_dateline"]

_QUOTES_OPEN = "“\""

def attribute(view: SentenceView, start: int, end: int, ctx: DocContext) -> Attribution | None:
    """Who asserts the figure at document span [start, end) of ``view``, or None when the
    text names nobody (or only says "is believed", "reportedly").  The result is also kept
    as ``ctx.last_source``."""
    result = source_of(view, start, end, ctx)
    if result is not None:
        ctx.last_source = result
        if not ctx.speakers or ctx.speakers[-1] != result.name:
            ctx.speakers.append(result.name)
        if result.start is not None and result.end is not None:
            note_speaker(ctx, result.name, result.start, result.end)
    return result


def source_of(view: SentenceView, start: int, end: int, ctx: DocContext, *,
              as_speaker: bool = False) -> Attribution | None:
    """:func:`attribute` without touching ``ctx.last_source``.  With ``as_speaker`` the
    span is itself a speaker's words ("he", "the agency") and is only resolved to a name."""
    if as_speaker:
        words = view.char_span(start, end)
        if words is None or len(words) == 0:
            return None
        return choose([Level(0.0, "said", speaker_np(words.root))], view, ctx)
    view = without_dateline(view, start)
    fig_span = view.char_span(start, end)
    sent = view.span()
    if fig_span is None or sent is None or len(fig_span) == 0:
        return None
    fig = _anchor_token(fig_span)
    levels = _levels(fig, sent)
    if any(lv.passive_no_agent for lv in levels if lv.subject is None) and not any(
            lv.subject is not None for lv in levels):
        return None
    levels = [lv for lv in levels if lv.subject is not None]
    if not levels or all(first_person(lv.subject) for lv in levels):
        speaker = _quote_speaker(view, fig)
        if speaker is not None:
            levels.append(speaker)
    result = choose(levels, view, ctx)
    hedge = _hedge_word(fig)
    if result is not None and hedge is not None:
        result = replace(result, stance=hedge)
    return result


# "AREQUIPA, Peru — ", "KREMSAU, Austria (Reuters) - ": a wire dateline glued to the first
# sentence, which the parser takes for its subject.
_DATELINE = re.compile(
    r"^(?:[A-Z][A-Z .'’-]{2,}(?:,\s*[A-Z][\w. ]{1,30}){0,2}(?:,\s*\d{4})?\s*(?:\([^)]{1,40}\)|/[^/\n]{2,30}/)?"
    r"|\([^)]{1,40}\))\s*[—–-]{1,2}\s+")  # the second form: what is left when the place ended a "sentence"


def dateline_end(text: str) -> int:
    """Where the sentence ``text`` goes on after a wire dateline it opens with; 0 if none."""
    cut_at = _DATELINE.match(text)
    return cut_at.end() if cut_at is not None else 0


def without_dateline(view: SentenceView, at: int) -> SentenceView:
    """``view`` re-parsed without a wire dateline ("AREQUIPA, Peru — ...") when it opens
    with one and document offset ``at`` lies after it; else ``view`` itself.  The parser
    takes a dateline for the sentence's subject, which hides "..., the institute said"
    from the figures and dates before it; one extra parse per wire story fixes that.  The
    pipeline parses that text in its batch (``view.undated``); a view made elsewhere gets
    it parsed here."""
    cut = dateline_end(view.text)
    if not cut or view.doc is None or at < view.start + cut:
        return view
    rest = view.text[cut:]
    doc = view.undated
    if doc is None or doc_text(doc) != rest:
        from claimledger.nlp import get_nlp

        doc = get_nlp()(rest)
    return SentenceView(index=view.index, start=view.start + cut, end=view.end, text=rest, block=view.block,
                        doc=doc, offset=view.start + cut)


_HEDGES = {"reportedly": "reportedly", "allegedly": "reportedly", "purportedly": "reportedly",
           "likely": "likely", "probably": "likely"}


def _hedge_word(fig: Token) -> str | None:
    """"X reportedly said", "the toll will likely reach 100": a hedge on the path from the
    figure to its reporting verb qualifies the stance."""
    for tok in [fig, *fig.ancestors]:
        for c in tok.children:
            if c.dep_ == "advmod" and c.lower_ in _HEDGES:
                return _HEDGES[c.lower_]
    return None


# --- the chain ----------------------------------------------------------------------------

def _anchor_token(span: Span) -> Token:
    """The figure's token that carries it in the tree: the span root, or the noun it counts."""
    return span.root


def _levels(fig: Token, sent: Span) -> list[Level]:
    levels: list[Level] = noun_reporters(fig, sent)
    prev, tok, depth = fig, fig, 0
    background = closed = False
    closed_at = 1000
    while tok.head.i != tok.i and sent.start <= tok.head.i < sent.end and depth < 30:
        prev, tok = tok, tok.head
        depth += 1
        if prev.dep_ == "appos" or (prev.dep_ == "advcl" and any(
                c.dep_ == "mark" and c.lower_ in BACKGROUND_MARKS for c in prev.children)):
            background = True
            break  # background to whatever is reported above
        if not closed and prev.dep_ not in REPORTED_EDGES and any(lv.subject is not None for lv in levels):
            closed, closed_at = True, depth  # "..., organisers said, while [police put the number at 15,000]"
        level = as_report(tok, prev, float(depth)) or as_revision(tok, prev, float(depth))
        if level is not None and not closed:
            levels.append(level)  # a clause hung on by "as"/"while" adds no outer speaker
        for child in tok.children:  # "..., the ministry said, ..." / "as the ministry said"
            if child.i != prev.i and not closed and is_aside(child):
                side = as_report(child, None, depth + 0.25)
                if side is not None:
                    levels.append(side)
    on_path, off_path = according_to(fig, sent)
    levels.extend(lv for lv in on_path if lv.depth < closed_at)
    if not levels:
        levels.extend(off_path)  # "according to" hung elsewhere by the parse: only if nothing else
    if not levels and not background:
        levels = sentence_reporters(fig, sent)
    if not background and not any(lv.subject is not None or lv.passive_no_agent for lv in levels):
        tag = trailing_tag(fig, sent)  # also when the parse found the verb but lost its subject
        levels = [tag] if tag is not None else levels
    return sorted(levels, key=lambda lv: lv.depth)


# --- quotations --------------------------------------------------------------------------

def _quote_span(text: str, pos: int) -> tuple[int, int] | None:
    """(opening, closing) offsets of the quotation around ``pos`` in ``text``, if any;
    closing is len(text) when the quote runs on past the paragraph."""
    opening, straight = -1, False
    for i, ch in enumerate(text[:pos]):
        if ch == "“":
            opening = i
        elif ch == "”":
            opening = -1
        elif ch == '"':
            straight = not straight
            opening = i if straight else -1
    if opening < 0:
        return None
    closer = '"' if text[opening] == '"' else "”"
    closing = text.find(closer, pos)
    return opening, closing if closing >= 0 else len(text)


def _quote_speaker(view: SentenceView, fig: Token) -> Level | None:
    """The speaker of the quotation the figure stands in: named right after it closes, right
    before it opens, or -- for a quote that goes on after "..., Maley said." -- in the
    sentence before it."""
    doc = fig.doc
    # quotation marks are counted over the whole paragraph: the parse may begin inside a
    # quotation opened in an earlier sentence
    text, base = view.paragraph()
    shift = base - view.offset  # paragraph position + shift = position in the parse

    def quote_at(idx: int) -> tuple[int, int] | None:
        return _quote_span(text, idx - shift)

    found = quote_at(fig.idx)
    if found is None:
        return None
    opening, closing = (p + shift for p in found)
    after = [t for t in doc if t.idx > closing][:12]
    for tok in after:
        if tok.text in _QUOTES_OPEN and tok.idx > closing + 1:
            break
        level = _speaker_level(tok)
        if level is not None:
            return level
    before = [t for t in doc if t.idx < opening]
    for tok in reversed(before[-12:]):
        if tok.text in ("”",) or (tok.is_sent_end and tok.i < before[-1].i):
            break
        level = _speaker_level(tok)
        if level is not None:
            return level
    if before:
        prev_sent = before[-1].sent
        for tok in prev_sent:
            if quote_at(tok.idx) is None:
                level = _speaker_level(tok)
                if level is not None:
                    return level
    return None


# Verbs that tag a quotation but report nothing elsewhere: '"...," the statement continued.'
_QUOTE_TAGS = frozenset(("continue", "read", "conclude", "go"))


def _speaker_level(tok: Token) -> Level | None:
    lemma = tok.lemma_.lower()
    tagged = lemma in _QUOTE_TAGS and tok.pos_ == "VERB"
    if not (report_lemma(tok) or tagged) or lemma in CLAUSE_ONLY - {"add", "tell"}:
        return None
    subject = subject_of(tok, 0)
    if subject is None or first_person(subject):
        return None
    return Level(50.0, REPORT_VERBS.get(lemma, "said"), subject)

