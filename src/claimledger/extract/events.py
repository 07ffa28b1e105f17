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
* relative dates inside quotation marks: the speaker's "yesterday" is not the story's.

Anaphoric dates ("the next year", "the day before") are resolved against the nearest
earlier date of the same paragraph; across paragraphs they stay unresolved.
"""

from __future__ import annotations

import datetime as dt
import re
from typing import TYPE_CHECKING

from claimledger.extract.attribution import without_dateline
from claimledger.extract.context import DocContext, SentenceView
from claimledger.extract.dates import DateMention, find_dates, resolve_anaphoric
from claimledger.models import Event

if TYPE_CHECKING:
    from spacy.tokens import Span, Token

def _words(text: str) -> frozenset[str]:
    """A word list written as one string (easier to read and extend than a list literal)."""
    return frozenset(text.split())


_STAMP = re.compile(
    r"^\W*(?:updated|published|posted|last\s+(?:updated|modified)|first\s+published|modified|created|"
    r"©|\(c\)|copyright|date:|dated|correction|clarification|editor['’]s\s+note)\b", re.I)
_MAX_VERB_GAP = 80  # characters between a date and its verb for the span to cover both
_IRREGULAR_3S = {"be": "is", "have": "has", "do": "does", "go": "goes"}


def extract_events(view: SentenceView, dates: list[DateMention], ctx: DocContext) -> list[Event]:
    """The dated events of one sentence, given its date mentions (from ``find_dates``)."""
    if not dates or _is_stamp(view, dates):
        return []
    events: list[Event] = []
    ahead: set[int] = set()  # starts of dates in this sentence that lie ahead of the story
    for k, d in enumerate(dates):
        mention = d
        if mention.kind == "anaphoric":
            if _PREP_BEFORE.search(_before(view, mention)):
                continue  # "an increase from the previous year": a comparison, not a date
            base = _previous_date(view, dates[:k], ctx)
            if base is None or base.start in ahead:
                continue
            mention = resolve_anaphoric(mention, base)
        if not mention.iso or not _is_event_date(view, mention, dates, ctx.published):
            continue
        parsed = without_dateline(view, mention.start)
        span = parsed.char_span(mention.start, mention.end)
        verb = _governing_verb(span) if span is not None and len(span) else None
        if verb is not None and span is not None and _dated_noun(span) is None and _is_future_verb(verb, span, mention):
            ahead.add(d.start)
            continue
        if verb is None and _is_list_line(view):
            continue  # a schedule line: "June 9 – West Palm Beach, FL @ Coral Sky Amphitheatre"
        if verb is not None and _is_state(verb, span, mention):
            continue
        start, end, what, source = _describe(parsed, mention, span, verb, ctx)
        events.append(Event(doc=ctx.doc_id, start=start, end=end, date=mention.iso, what=what,
                            sentence=view.index, source=source))
    return events


_PREP_BEFORE = re.compile(r"\b(?:from|than|over|since|for|in|of|on|to|compared\s+(?:to|with))\s+$", re.I)
_AS_OF = re.compile(r"\b(?:as\s+of|as\s+at)\s+$", re.I)
_RANGE_FROM = re.compile(r"\b(?:from|between)\s+$", re.I)
_RANGE_TO = re.compile(r"^\s*(?:to|through|until|till|and|-|–)\s", re.I)
_WEAK_DET = re.compile(r"\b(?:the|a|an)\s+$", re.I)
_OWNER_DET = re.compile(r"\b(?:this|that|these|those|their|its|his|her|our|my|your|whose)\s+$", re.I)
_BOUND_BEFORE = re.compile(r"\b(?:by|until|till|through|before)\s+(?:at\s+least\s+|the\s+end\s+of\s+)?$", re.I)
_SINCE = re.compile(r"\bsince\s+(?:at\s+least\s+)?$", re.I)
_SUPERLATIVE = re.compile(r"\b(?:highest|lowest|most|least|biggest|largest|smallest|worst|best|strongest|weakest)\b",
                          re.I)
_COMPARED = re.compile(r"(?:\b(?!more\b|less\b|fewer\b|rather\b|other\b)\w+\s+than\b|\bcompared\s+(?:with|to)\b|\b(?:up|down)?\s*from\s+[\d$£€]\S*|\bsame\s+"
                       r"(?:period|week|month|time|quarter)\b|\bnot\s+even\b|\bversus\b|\bvs\.?)(?:[^,;]|,\d)*$", re.I)
_MODALS = frozenset(("can", "could", "may", "might", "must", "should", "would", "ca"))
_FUTURE_HEADS = frozenset(("expect", "schedule", "set", "due", "plan", "hope", "aim", "intend", "prepare"))


def _before(view: SentenceView, d: DateMention) -> str:
    return view.text[:max(0, d.start - view.start)]


def _after_anchor(d: DateMention, anchor: dt.date | None) -> bool:
    """A date that begins after the publication date has not happened yet."""
    if anchor is None or not d.iso:
        return False
    parts = [int(p) for p in d.iso.split("-")]
    first = dt.date(parts[0], parts[1] if len(parts) > 1 else 1, parts[2] if len(parts) > 2 else 1)
    return first > anchor + dt.timedelta(days=1)  # a day's slack for time zones


def _is_event_date(view: SentenceView, d: DateMention, dates: list[DateMention], anchor: dt.date | None) -> bool:
    """Is ``d`` the date of something that happened (rather than a span of time, a
    timestamp of a figure, a model year or a date inside someone else's words)?"""
    if d.kind in ("to_date", "bare", "period") or d.future or _after_anchor(d, anchor):
        return False
    before = _before(view, d)
    after = view.text[d.end - view.start:]
    if _AS_OF.search(before):
        return False  # "as of 2016, the country had admitted ...": when a figure holds
    if _RANGE_FROM.search(before) and _RANGE_TO.match(after):
        return False  # "from 2010 to 2015 there were ...": a period
    for o in dates:  # the second end of "from 2010 to 2015"
        gap = view.text[o.end - view.start:d.start - view.start] if o.end <= d.start else ""
        if o.end <= d.start and _RANGE_FROM.search(_before(view, o)) and _RANGE_TO.match(gap + " "):
            return False
    if d.kind == "adjective" and not re.match(r"['’]s\b", after) and (
            _WEAK_DET.search(before) or not _OWNER_DET.search(before)) and not _past_year_event(d, after, anchor):
        return False  # "the 2020 election", "2020 Audi e-tron": a name, not an occurrence
    bound = _BOUND_BEFORE.search(before)
    if bound and ("least" in bound.group(0).lower() or d.relative):
        return False  # "until at least Friday", "by Jan. 6", "through Tuesday": a bound, not an occurrence
    rest_of_clause = re.split(r"[.;]", after, maxsplit=1)[0]
    if _SINCE.search(before) and (_SUPERLATIVE.search(before) or re.search(r"\d", before + rest_of_clause)):
        return False  # "its highest since 2016", "lost 4,000 jobs since 2000": a period's start
    if _COMPARED.search(before[-60:]) and not _past_year_event(d, after, anchor):
        return False  # "up from 15% on Wednesday", "worse than in 2002": the other side of a comparison
    if re.match(r"\s*(?:\([^)]{1,40}\)\s*)?[—–-]{1,2}\s", after) and d.start - view.start < 40:
        return False  # a dateline: "MINNEAPOLIS, Feb 6 (Business Daily Review) — ..."
    low = d.text.lower()
    if d.relative and re.match(r"(?:this|next)\s+(?:week|month|year|weekend)", low):
        return False  # ongoing or ahead: "beginning this week"
    if low in ("today", "tonight") and re.match(r"['’]s\b", after):
        return False  # "today's deal": the present, not an occurrence
    if re.match(r"\s*(?:--|–|—)\s*[A-Z]", after):
        return False  # a schedule entry: "July 22 -- Blossom Music Center, Cuyahoga Falls, OH"
    if d.precision == "year" and not d.relative and re.match(r"\s+[A-Z][\w-]*\s+[A-Z]", after):
        return False  # an edition's name: "2019 American Music Awards", "2020 Audi e-tron"
    return not (d.relative and _in_quote(view, d))


def _past_year_event(d: DateMention, after: str, anchor: dt.date | None) -> bool:
    """"the 2021 election", "The 2002 floods", "the 2021 River fire": a year naming an
    occurrence that is over by the time of the story."""
    if d.precision != "year" or not d.iso or anchor is None or int(d.iso[:4]) >= anchor.year:
        return False
    nxt = re.match(r"\s+(?:[A-Z][\w-]*\s+)?([a-z]+)", after)
    return nxt is not None and nxt.group(1) in _EVENT_NOUNS


_EVENT_NOUNS = _words("""election elections vote referendum floods flood fire fires wildfire earthquake quake storm
hurricane typhoon attack attacks war invasion crisis pandemic outbreak strike strikes riots protests coup summit
olympics games final championship tournament season race crash disaster collapse derailment eruption tsunami
heatwave drought famine recession""")


def _in_quote(view: SentenceView, d: DateMention) -> bool:
    """Inside quotation marks "yesterday" is the speaker's yesterday, not the story's."""
    text = view.doc.text if view.doc is not None else view.text
    pos = view.to_local(d.start) if view.doc is not None else d.start - view.start
    curly = text.count("“", 0, pos) > text.count("”", 0, pos)
    straight = text.count('"', 0, pos) % 2 == 1
    return curly or straight


def _is_list_line(view: SentenceView) -> bool:
    """A schedule line or a heading ("Clinching in November"): no finite verb to say what
    happened."""
    sent = view.span()
    if sent is None:
        return False
    if any(t.tag_ in ("VBD", "VBZ", "VBP", "MD") for t in sent):
        return False
    return len(sent) < 8 or re.search(r"\s[–—@|]\s|\t", view.text) is not None


# Verbs that report a statistic over a period: "lost 12,400 jobs in June", "slowed to 2.1% in
# May", "produced 180,000 tonnes last year".
_STAT_VERBS = _words("""lose gain add rise fall drop slow climb grow decline increase decrease jump surge plunge
slip ease hold produce earn post sell average accelerate shrink contract expand soar tumble sink remain stay
peak report record keep hit reach stand total top exceed number trade hover""")


def _is_state(verb: Token, span: Span | None, d: DateMention) -> bool:
    """"had 12,500 employees on June 30", "lost 12,400 jobs in June", "slowed to 2.1% in
    May": the date stamps a statistic (the claim's as_of); no event is told.  A small count
    ("released two videos") does not make a statistic."""
    inside = range(span.start, span.end) if span is not None else range(0)
    lemma = verb.lemma_.lower()
    held = [c for c in verb.children if c.dep_ in ("dobj", "attr", "acomp")
            or (c.dep_ == "prep" and c.lower_ in ("to", "at", "by"))]
    if lemma == "have":  # "had 12,500 employees on June 30": a holding, never an event
        return any(t.like_num and not _is_year(t) for c in held for t in c.subtree if t.i not in inside)
    if d.precision == "day" or lemma not in _STAT_VERBS:
        return False  # a day's deed or record ("approved €40 million on Tuesday", "reached 44.6C yesterday")
    return any(_is_statistic(t) for c in held for t in c.subtree if t.i not in inside)


def _is_year(tok: Token) -> bool:
    return tok.ent_type_ in ("DATE", "TIME") or re.fullmatch(r"1[6-9]\d\d|20\d\d", tok.text) is not None


def _is_statistic(tok: Token) -> bool:
    if _is_year(tok):
        return False
    if not tok.like_num:
        return tok.text in ("%", "$", "£", "€") or tok.lower_ in ("percent", "per cent")
    if any(c.text in ("%", "$", "£", "€") for c in (tok.nbor(-1) if tok.i else tok, tok.nbor(1) if tok.i + 1 < len(
            tok.doc) else tok)):
        return True
    try:
        return float(tok.text.replace(",", "")) >= 20
    except ValueError:
        return tok.lower_ in ("hundred", "thousand", "million", "billion", "trillion")


_TENSE_DECIDES = re.compile(r"^(?:on\s+)?(?:(?:the\s+)?(?:end|beginning|start|middle)\s+of\s+|early\s+|late\s+|mid-?)?"
                            r"(?:[A-Z][a-z]+\.?\s+\d|\d|[A-Z][a-z]+day\b|[A-Z][a-z]+\.?$)")


def _is_future_verb(verb: Token, span: Span | None, d: DateMention) -> bool:
    """Does the verb put the event ahead of the story: "will", "is expected to", or -- for a
    bare weekday or yearless date hung on the verb itself -- a present tense ("the tour
    concludes October 10th")?"""
    if any(c.dep_ == "aux" and c.lower_ in ("will", "'ll", "’ll", "shall", "wo") for c in verb.children):
        return True
    if any(c.dep_ == "aux" and c.lower_ in _MODALS for c in verb.children):
        return True  # "passengers can use them on Monday": possible, not told as happened
    if verb.dep_ == "xcomp" and verb.head.lemma_.lower() in _FUTURE_HEADS:
        return True
    # "is holding an event on December 2", "more rain is forecast for Thursday"
    progressive = verb.tag_ in ("VBG", "VBN") and any(
        c.dep_ in ("aux", "auxpass") and c.tag_ in ("VBZ", "VBP") for c in verb.children)
    if not (verb.tag_ in ("VBZ", "VBP") or progressive) or verb.lemma_.lower() in ("say", "tell", "have") \
            or verb.dep_ == "aux":
        return False
    if not d.relative or not (d.kind == "anaphoric" or _TENSE_DECIDES.match(d.text)) or span is None:
        return False  # "last month", "today", "2019": the words fix the time, not the tense
    tok = span.root
    while tok.i != verb.i and tok.head.i != tok.i:
        if tok.pos_ in ("NOUN", "PROPN") and tok not in span:
            return False  # the date dates a noun ("Trump's announcement last month")
        tok = tok.head
    return True


def _is_stamp(view: SentenceView, dates: list[DateMention]) -> bool:
    """A byline, update stamp, copyright line, embedded-tweet signature or a bare date line."""
    if _STAMP.match(view.text):
        return True
    last = max(dates, key=lambda x: x.end)
    tail = view.text[:last.start - view.start]
    if re.search(r"@\w+\)?\s*$", tail) and not view.text[last.end - view.start:].strip(" .)"):
        return True  # "— Jane Doe (@jdoe) November 18, 2019"
    rest = view.text
    for d in sorted(dates, key=lambda x: -x.start):
        rest = rest[:d.start - view.start] + rest[d.end - view.start:]
    words = re.findall(r"[A-Za-z]{2,}", rest)
    return len(words) <= 1 and len(view.text) < 60


def _previous_date(view: SentenceView, earlier: list[DateMention], ctx: DocContext) -> DateMention | None:
    """The nearest resolved date before this point in the same paragraph."""
    for d in reversed(earlier):
        if d.iso and d.kind not in ("anaphoric", "to_date"):
            return d
    if view.doc is None:
        return None
    before = view.doc.text[:view.to_local(view.start)]
    if not before.strip():
        return None
    found = [d for d in find_dates(before, view.offset, ctx.published)
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
        return min(d.start, nstart), max(d.end, nend), _np_without(noun, span), None
    if verb is None:
        return d.start, d.end, view.text.strip()[:120], None
    vstart, vend = view.to_doc(verb.idx), view.to_doc(verb.idx + len(verb.text))
    start, end = d.start, d.end
    if abs(vstart - d.start) <= _MAX_VERB_GAP or abs(d.end - vend) <= _MAX_VERB_GAP:
        start, end = min(start, vstart), max(end, vend)
    return start, end, _clause(verb, range(span.start, span.end)), _source(view, verb, ctx)


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


def _np_without(noun: Token, span: Span) -> str:
    """The noun phrase of ``noun`` without the date and articles: "Ukraine's invasion"."""
    skip = set(range(span.start, span.end))
    words = [t for t in noun.subtree if t.i <= noun.i and t.i not in skip and not (t.dep_ == "case" and t.i - 1 in skip)
             and t.lower_ not in ("the", "a", "an", "this", "that", "early", "late", "mid")]
    text = " ".join(t.text for t in words)
    return re.sub(r"\s+(['’]s)\b", r"\1", text) or noun.text


def _short_np(tok: Token, depth: int = 0) -> str:
    """A compact noun phrase: modifiers before the head, the head, an "of" phrase and
    "X and Y" partners."""
    keep = [t for t in tok.subtree if t.i < tok.i and t.dep_ in ("compound", "amod", "poss", "case", "nmod", "flat",
                                                                 "nummod", "quantmod") and t.head.i >= t.i]
    left = min([t.i for t in keep] + [tok.i])
    words = [t for t in tok.doc[left:tok.i + 1] if t.lower_ not in ("the", "a", "an") and not t.is_punct]
    text = re.sub(r"\s+(['’]s)\b", r"\1", " ".join(t.text for t in words))
    if depth < 2:
        for c in tok.children:
            if c.dep_ == "prep" and c.lower_ == "of":
                obj = next((g for g in c.children if g.dep_ == "pobj" and g.pos_ in ("NOUN", "PROPN")), None)
                if obj is not None:
                    text += " of " + _short_np(obj, depth + 1)
        for c in tok.children:
            if c.dep_ == "conj" and c.pos_ in ("NOUN", "PROPN"):
                text += " and " + _short_np(c, depth + 1)
    return text


def _plural(tok: Token) -> bool:
    return tok.tag_ in ("NNS", "NNPS") or tok.lower_ in ("they", "we", "you", "i") or any(
        c.dep_ == "conj" for c in tok.children)


def _present(verb: Token, plural: bool) -> str:
    lemma = verb.lemma_.lower()
    if plural:
        return "are" if lemma == "be" else lemma
    if lemma in _IRREGULAR_3S:
        return _IRREGULAR_3S[lemma]
    if re.search(r"(?:s|sh|ch|x|z|o)$", lemma):
        return lemma + "es"
    if re.search(r"[^aeiou]y$", lemma):
        return lemma[:-1] + "ies"
    return lemma + "s"


def _actor(verb: Token) -> Token | None:
    """The verb's subject; through "who"/"which" to the noun it stands for; for a verb
    without one ("..., starting on November 9") the subject of the verb it hangs on."""
    for _ in range(4):
        subj = next((c for c in verb.children if c.dep_ in ("nsubj", "nsubjpass")), None)
        if subj is not None:
            if subj.lower_ in ("who", "which", "that") and verb.dep_ == "relcl":
                return verb.head
            return subj
        if verb.dep_ not in ("xcomp", "advcl", "conj", "pcomp", "acl", "relcl") or verb.head.i == verb.i:
            return None
        via = verb.dep_
        verb = verb.head
        if verb.pos_ == "ADP":
            return None  # "after reaching a settlement": the doer is not on the path
        if verb.pos_ in ("NOUN", "PROPN"):
            return verb if via in ("acl", "relcl") else None
    return None


def _complement(verb: Token, skip: range) -> str:
    """What the verb does it to: its object (through "which"/"that" to the noun it stands
    for), else, for "be", what the subject is."""
    obj = next((c for c in verb.children if c.dep_ in ("dobj", "dative") and c.i not in skip), None)
    if obj is not None:
        if obj.lower_ in ("which", "that", "what") and verb.dep_ == "relcl":
            return _short_np(verb.head)
        return _short_np(obj) if obj.pos_ != "PRON" else obj.text
    if verb.lemma_.lower() == "be":
        comp = next((c for c in verb.children if c.dep_ in ("attr", "acomp", "prep")
                     and not any(t.i in skip for t in c.subtree)), None)
        if comp is not None:
            return " ".join(t.text for t in comp.subtree if not t.is_punct)[:60]
    return ""


def _clause(verb: Token, skip: range) -> str:
    """"North Korea ratifies the pact": subject + present-tense verb + object, short."""
    actor = _actor(verb)
    passive = any(c.dep_ in ("auxpass", "nsubjpass") for c in verb.children)
    plural = actor is not None and _plural(actor)
    parts: list[str] = [_short_np(actor)] if actor is not None else []
    if passive:
        parts.append(("are " if plural else "is ") + verb.text.lower())
    else:
        parts.append(_present(verb, plural))
    parts.extend(c.text for c in verb.children if c.dep_ == "prt")
    comp = _complement(verb, skip)
    if comp and (actor is None or comp != _short_np(actor)):
        parts.append(comp)
    text = " ".join(p for p in parts if p).strip()
    return text if len(text.split()) > 1 else verb.sent.text.strip()[:120]


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
