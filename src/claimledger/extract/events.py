"""Dated events: a resolved date plus what happened on it.

An event is read off a date expression and the verb that governs it ("North Korea
officially ratified [the pact] on November 12, 2024" -> "North Korea ratifies the pact",
2024-11-12).  The event span covers the date and, when close by, its verb phrase, so that
a reader (and the scorer, which matches by overlap) lands on the words that say what
happened.  The ``what`` is a short present-tense clause: subject + verb + object.

A date that modifies a noun dates that noun ("Ukraine's early August invasion",
"Thursday night's fight", "1972's Toulouse Street"): the event is the noun phrase.

Not every date is an event.  Skipped, each for a reason a reader would give:

* stamps: bylines, "Updated 10:30", "Correction, Nov. 18", copyright years, bare date
  lines, embedded-tweet signatures ("— Jane Doe (@jdoe) November 18, 2019");
* what has not happened: "will", "is expected to", a present tense on a bare weekday or
  yearless date ("the tour concludes October 10th"), dates after the publication date;
* spans and stamps of figures: "so far this year", "as of 2016", "from 2010 to 2015",
  "had 12,500 employees on June 30";
* names, not occurrences: "the 2020 election", "the 2019 American Music Awards", "2020
  Audi e-tron" (a year after an article or before a name), "on a Monday", "today's deal";
* schedule lines and headings without a finite verb;
* relative dates inside quotation marks: the speaker's "yesterday" is not the story's;
* periods and comparisons: "on Monday and Tuesday", "the quarter ended December 31",
  "down 12% from 2024", "the release for June".

A timeline line ("Sept 2 – Basarnas reports 17 dead.") is an event in the historical
present.  A happening told twice in one document (same date, same verb, same doer; any
report verb counts as one) is one event: the first telling.  The filters are in
:mod:`claimledger.extract.event_filters`, the short clause in
:mod:`claimledger.extract.event_what`.

Anaphoric dates ("the next year", "the day before") are resolved against the nearest
earlier date of the same paragraph; across paragraphs they stay unresolved.
"""

from __future__ import annotations

from typing import TYPE_CHECKING

from claimledger.extract.attribution import without_dateline
from claimledger.extract.context import DocContext, SentenceView
from claimledger.extract.dates import DateMention, find_dates, resolve_anaphoric
from claimledger.extract.event_filters import (
    PREP_BEFORE,
    did_not_happen,
    eventive,
    is_event_date,
    is_future_verb,
    is_list_line,
    is_stamp,
    is_state,
    text_before,
    timeline_entry,
    timeline_line,
)
from claimledger.extract.event_what import np_without, what_actor, what_clause
from claimledger.models import Event

if TYPE_CHECKING:
    from spacy.tokens import Span, Token

_MAX_VERB_GAP = 80  # characters between a date and its verb for the span to cover both


def extract_events(view: SentenceView, dates: list[DateMention], ctx: DocContext) -> list[Event]:
    """The dated events of one sentence, given its date mentions (from ``find_dates``)."""
    if not dates or (is_stamp(view, dates) and not any(timeline_entry(view, d) for d in dates)):
        return []
    events: list[Event] = []
    ahead: set[int] = set()  # starts of dates in this sentence that lie ahead of the story
    told: set[tuple[str, int]] = set()  # (date, verb) of the events found in this sentence
    for k, d in enumerate(dates):
        mention = d
        if mention.kind == "anaphoric":
            if PREP_BEFORE.search(text_before(view, mention)):
                continue  # "an increase from the previous year": a comparison, not a date
            base = _previous_date(view, dates[:k], ctx)
            if base is None or base.start in ahead:
                continue
            mention = resolve_anaphoric(mention, base)
        if not mention.iso or not is_event_date(view, mention, dates, ctx.published):
            continue
        parsed = without_dateline(view, mention.start)
        span = parsed.char_span(mention.start, mention.end)
        noun = _dated_noun(span) if span is not None and len(span) else None
        if noun is not None and not eventive(noun):
            continue  # "on board Sunday's boat": the date picks out a thing, not a happening
        verb = _governing_verb(span) if span is not None and len(span) else None
        if verb is not None and noun is None and (mention.iso, verb.i) in told:
            continue  # "Last month was the hottest June": two words for one date of one verb
        if verb is not None and span is not None and _dated_noun(span) is None and not timeline_entry(
                view, mention) and is_future_verb(verb, span, mention):
            ahead.add(d.start)
            continue
        if verb is None and is_list_line(view) and not timeline_entry(view, mention):
            continue  # a schedule line: "June 9 – West Palm Beach, FL @ Coral Sky Amphitheatre"
        if verb is not None and (is_state(verb, span, mention) or did_not_happen(verb, span)):
            continue
        if timeline_entry(view, mention):
            end, what = timeline_line(view, mention)
            start, source = mention.start, None
        else:
            start, end, what, source = _describe(parsed, mention, span, verb, ctx)
        key = _happening(mention.iso, span, verb, source)
        if key is not None and key in ctx.event_keys:
            continue  # the same happening told again ("lifted on Tuesday" ... "lifted at 2 p.m. on Tuesday")
        if key is not None:
            ctx.event_keys.add(key)
        if verb is not None:
            told.add((mention.iso, verb.i))
        events.append(Event(doc=ctx.doc_id, start=start, end=end, date=mention.iso, what=what,
                            sentence=view.index, source=source))
    return events


def _happening(iso: str, span: Span | None, verb: Token | None,
               source: str | None) -> tuple[str, str, str] | None:
    """What makes two dated mentions one happening: the date, the verb (any report verb
    counts as one: "revealed on November 10" ... "predicted on November 10") and who did
    it (the subject's head word, or the resolved source of a report).  None when there is
    no telling: a dated noun ("Thursday night's fight") is named again on purpose, and
    "was" or "had" say too little to match on."""
    from claimledger.extract.attribution import REPORT_VERBS

    if verb is None or span is None or not len(span) or _dated_noun(span) is not None:
        return None
    lemma = verb.lemma_.lower()
    if lemma in ("be", "have", "do", "get", "make", "take"):
        return None
    actor = what_actor(verb)
    who = actor.lemma_.lower() if actor is not None else ""
    if lemma in REPORT_VERBS:
        return iso, "report", (source or who).lower().removeprefix("the ")
    return iso, lemma, who


def _previous_date(view: SentenceView, earlier: list[DateMention], ctx: DocContext) -> DateMention | None:
    """The nearest resolved date before this point in the same paragraph."""
    for d in reversed(earlier):
        if d.iso and d.kind not in ("anaphoric", "to_date"):
            return d
    if view.doc is None:
        return None
    before = view.before()
    if not before.strip():
        return None
    found = [d for d in find_dates(before, view.paragraph()[1], ctx.published)
             if d.iso and d.kind not in ("anaphoric", "to_date", "adjective")]
    return found[-1] if found else None


def _describe(view: SentenceView, d: DateMention, span: Span | None, verb: Token | None,
              ctx: DocContext) -> tuple[int, int, str, str | None]:
    """(span start, span end, what, source) for the event dated by ``d``."""
    if span is None or len(span) == 0:
        return d.start, d.end, view.text.strip()[:120], None
    noun = _dated_noun(span)
    if noun is not None:  # "Ukraine's early August invasion", "Thursday night's fight"
        nstart, nend = view.to_doc(noun.idx), view.to_doc(noun.idx + len(noun.text))
        return min(d.start, nstart), max(d.end, nend), np_without(noun, span), None
    if verb is None:
        return d.start, d.end, view.text.strip()[:120], None
    vstart, vend = view.to_doc(verb.idx), view.to_doc(verb.idx + len(verb.text))
    start, end = d.start, d.end
    if abs(vstart - d.start) <= _MAX_VERB_GAP or abs(d.end - vend) <= _MAX_VERB_GAP:
        start, end = min(start, vstart), max(end, vend)
    return start, end, what_clause(verb, range(span.start, span.end)), _source(view, verb, ctx)


def _governing_verb(span: Span) -> Token | None:
    tok = span.root
    for _ in range(8):
        if tok.pos_ in ("VERB", "AUX") and tok.i not in range(span.start, span.end):
            return tok
        if tok.head.i == tok.i:
            return tok if tok.pos_ in ("VERB", "AUX") else None
        tok = tok.head
    return None


_TIME_NOUNS = frozenset(("day", "week", "month", "year", "time", "period", "season", "night", "morning", "date"))


def _dated_noun(span: Span) -> Token | None:
    """The noun a date modifies directly ("the 1972 album", "Thursday's fight"), if any."""
    root = span.root
    head = root.head
    if head.i == root.i or head.i in range(span.start, span.end) or head.pos_ not in ("NOUN", "PROPN"):
        return None
    if root.dep_ not in ("compound", "amod", "nmod", "poss", "nummod") or head.lower_ in _TIME_NOUNS:
        return None
    return head


def _source(view: SentenceView, verb: Token, ctx: DocContext) -> str | None:
    """Who reports the event: the subject of a reporting verb that is itself the event
    ("The New York Times reported on Sunday ...") or the source that asserts its clause."""
    from claimledger.extract.attribution import REPORT_VERBS, source_of

    if verb.lemma_.lower() in REPORT_VERBS:
        subj = next((c for c in verb.children if c.dep_ == "nsubj"), None)
        if subj is not None:
            got = source_of(view, view.to_doc(subj.idx), view.to_doc(subj.idx + len(subj.text)), ctx, as_speaker=True)
            return got.name if got is not None else None
    got = source_of(view, view.to_doc(verb.idx), view.to_doc(verb.idx + len(verb.text)), ctx)
    return got.name if got is not None else None
