"""Which dates are events: the filters that keep stamps, spans, figures' timestamps,
names and what lies ahead out of the event list.

Each filter answers one question a reader would ask of a dated phrase -- is it a byline or
update stamp, a period ("from 2010 to 2015", "since 2016"), the other side of a comparison
("up from 15% on Wednesday"), a name ("the 2020 election"), a statistic's date ("lost
12,400 jobs in June"), or something that has not happened yet ("will", "is expected to")?
:mod:`claimledger.extract.events` asks them in turn.
"""

from __future__ import annotations

import datetime as dt
import re
from typing import TYPE_CHECKING

from claimledger.extract.context import SentenceView
from claimledger.extract.dates import DateMention

if TYPE_CHECKING:
    from spacy.tokens import Span, Token


def _words(text: str) -> frozenset[str]:
    """A word list written as one string (easier to read and extend than a list literal)."""
    return frozenset(text.split())


_STAMP = re.compile(
    r"^\W*(?:updated|published|posted|last\s+(?:updated|modified)|first\s+published|modified|created|"
    r"©|\(c\)|copyright|date:|dated|correction|clarification|editor['’]s\s+note)\b", re.I)


PREP_BEFORE = re.compile(r"\b(?:from|than|over|since|for|in|of|on|to|compared\s+(?:to|with))\s+$", re.I)
_AS_OF = re.compile(r"\b(?:as\s+of|as\s+at)\s+$", re.I)
_RANGE_FROM = re.compile(r"\b(?:from|between)\s+$", re.I)
_RANGE_TO = re.compile(r"^\s*(?:to|through|until|till|and|-|–)\s", re.I)
_WEAK_DET = re.compile(r"\b(?:the|a|an)\s+$", re.I)
_OWNER_DET = re.compile(r"\b(?:this|that|these|those|their|its|his|her|our|my|your|whose)\s+$", re.I)
_BOUND_BEFORE = re.compile(r"\b(?:by|until|till|through|before)\s+(?:at\s+least\s+|the\s+end\s+of\s+)?$", re.I)
_SINCE = re.compile(r"\bsince\s+(?:at\s+least\s+)?$", re.I)
_SUPERLATIVE = re.compile(r"\b(?:highest|lowest|most|least|biggest|largest|smallest|worst|best|strongest|weakest)\b",
                          re.I)
# "down 12% from 2024", "up 3.1% from the same month in 2023": the date a figure is compared with
_FIGURE_FROM = re.compile(r"\d[\d,.]*\s*(?:%|percent|per\s+cent|points?)?[^,;.]{0,30}\b(?:from|against)\s+"
                          r"(?:the\s+same\s+\w+\s+(?:of|in)\s+|a\s+year\s+earlier\s+in\s+|(?:the\s+)?(?:end|start)\s+of\s+)?"
                          r"(?:in\s+)?$", re.I)
# A timeline line: the date opens it, maybe with a clock time, then a dash or colon and what
# happened ("Sept 1, 23:10 – The ferry capsizes", "June 3: Talks collapse").
_TIMELINE_AFTER = re.compile(r"^(?:,?\s*\d{1,2}[:.]\d{2}(?:\s*[ap]\.?m\.?)?(?:\s+[A-Z]{2,5})?)?\s*(?:[—–-]{1,2}|:)\s+\S")
_COMPARED = re.compile(r"(?:\b(?!more\b|less\b|fewer\b|rather\b|other\b)\w+\s+than\b|\bcompared\s+(?:with|to)\b|\b(?:up|down)?\s*from\s+[\d$£€]\S*|\bsame\s+"
                       r"(?:period|week|month|time|quarter)\b|\bnot\s+even\b|\bversus\b|\bvs\.?)(?:[^,;]|,\d)*$", re.I)
_FOR_PERIOD = re.compile(r"\bfor\s+(?:the\s+(?:month|week|year|quarter|period)\s+of\s+)?$", re.I)
_PERIOD_END = re.compile(r"\b(?:quarter|year|period|months?|weeks?|half|season)\s+(?:ended|ending|to|through)\s+"
                         r"(?:the\s+end\s+of\s+)?$", re.I)
# Verbs that look ahead: "For fiscal 2025, Acme expects revenue of ..." tells no event.
_EXPECT_VERBS = frozenset(("expect", "forecast", "project", "predict", "plan", "aim", "target", "anticipate", "hope",
                           "intend", "see", "guide", "estimate"))
_MODALS = frozenset(("can", "could", "may", "might", "must", "should", "would", "ca"))
_FUTURE_HEADS = frozenset(("expect", "schedule", "set", "due", "plan", "hope", "aim", "intend", "prepare"))


def text_before(view: SentenceView, d: DateMention) -> str:
    return view.text[:max(0, d.start - view.start)]


def _after_anchor(d: DateMention, anchor: dt.date | None) -> bool:
    """A date that begins after the publication date has not happened yet."""
    if anchor is None or not d.iso:
        return False
    parts = [int(p) for p in d.iso.split("-")]
    first = dt.date(parts[0], parts[1] if len(parts) > 1 else 1, parts[2] if len(parts) > 2 else 1)
    return first > anchor + dt.timedelta(days=1)  # a day's slack for time zones


def is_event_date(view: SentenceView, d: DateMention, dates: list[DateMention], anchor: dt.date | None) -> bool:
    """Is ``d`` the date of something that happened (rather than a span of time, a
    timestamp of a figure, a model year or a date inside someone else's words)?"""
    if d.kind in ("to_date", "bare", "period", "vague") or d.future or _after_anchor(d, anchor):
        return False
    before = text_before(view, d)
    after = view.text[d.end - view.start:]
    if _AS_OF.search(before):
        return False  # "as of 2016, the country had admitted ...": when a figure holds
    if _RANGE_FROM.search(before) and _RANGE_TO.match(after):
        return False  # "from 2010 to 2015 there were ...": a period
    for o in dates:  # the second end of "from 2010 to 2015"
        gap = view.text[o.end - view.start:d.start - view.start] if o.end <= d.start else ""
        if o.end <= d.start and _RANGE_FROM.search(text_before(view, o)) and _RANGE_TO.match(gap + " "):
            return False
    if _coordinated(view, d, dates):
        return False  # "continued on Monday and Tuesday", "in 2020 and 2021": a stretch of time
    if d.kind == "adjective" and not re.match(r"['’]s\b", after) and (
            _WEAK_DET.search(before) or not _OWNER_DET.search(before)) and not _past_year_event(d, after, anchor):
        return False  # "the 2020 election", "2020 Audi e-tron": a name, not an occurrence
    bound = _BOUND_BEFORE.search(before)
    if bound and ("least" in bound.group(0).lower() or d.relative):
        return False  # "until at least Friday", "by Jan. 6", "through Tuesday": a bound, not an occurrence
    rest_of_clause = re.split(r"[.;]", after, maxsplit=1)[0]
    if _SINCE.search(before) and (_SUPERLATIVE.search(before) or re.search(r"\d", before + rest_of_clause)):
        return False  # "its highest since 2016", "lost 4,000 jobs since 2000": a period's start
    if _compared(before) and not _past_year_event(d, after, anchor):
        return False  # "up from 15% on Wednesday", "worse than in 2002": the other side of a comparison
    if _FIGURE_FROM.search(before):
        return False  # "down 12% from 2024": the date a figure is compared with
    if timeline_entry(view, d):
        return True  # "Sept 2 – Basarnas reports 17 dead."
    if re.match(r"\s*(?:\([^)]{1,40}\)\s*|/[^/\n]{2,30}/\s*)?[—–-]{1,2}\s", after) and d.start - view.start < 60:
        return False  # a dateline: "MINNEAPOLIS, Feb 6 (Business Daily Review) — ...", "March 4, 2025 /PRNewswire/ --"
    if _PERIOD_END.search(before):
        return False  # "the quarter ended December 31", "in the 12 months to May": a period's end
    if _FOR_PERIOD.search(before):
        return False  # "the release for June", "planned for Thursday": what a date is for, not when
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


_JOINED = re.compile(r"^\s*(?:,\s*)?(?:and|or|&)\s+(?:on\s+|in\s+|at\s+)?$", re.I)


def _coordinated(view: SentenceView, d: DateMention, dates: list[DateMention]) -> bool:
    """Is ``d`` one of two dates joined by "and"/"or" ("on Monday and Tuesday")?"""
    for o in dates:
        if o.start == d.start:
            continue
        a, b = (o, d) if o.end <= d.start else (d, o)
        if a.end <= b.start and _JOINED.match(view.text[a.end - view.start:b.start - view.start]):
            return True
    return False


# Things a date can pick out without dating a happening: "the 63 people on board Sunday's
# boat" is the boat of Sunday's sinking.  Anything else a date modifies is taken to be
# dated by it ("Thursday night's fight", "their 1976 album", "a March 21 phone call").
_THINGS = _words("""
boat boats ship ships vessel vessels ferry ferries train trains plane planes aircraft car cars bus buses truck
trucks building buildings house houses home homes bridge bridges road roads site sites victim victims
people person survivors survivor passengers passenger crew body bodies
""")


def eventive(noun: Token) -> bool:
    """Can a date that modifies ``noun`` date a happening?  Not when the noun is a thing or
    people picked out by the day ("Sunday's boat", "Monday's victims")."""
    return noun.lower_ not in _THINGS and noun.lemma_.lower() not in _THINGS


def _compared(before: str) -> bool:
    """Does the text just before a date compare with it ("up from 15% on", "than in")?  The
    window starts at a word boundary: "MORE than 40,000 ..." cut to "ORE than" is no
    comparison."""
    window = before[-60:]
    if len(before) > 60:
        window = re.sub(r"^\S*\s*", "", window)
    return _COMPARED.search(window) is not None


def timeline_entry(view: SentenceView, d: DateMention) -> bool:
    """Does ``d`` open a timeline line ("Sept 1, 23:10 – The ferry capsizes")?  Its present
    tense is historical, and a dash after it is no dateline (a dateline has a place before
    the date, or a credit after it).  The line is read from the block, whatever the
    sentence split made of it."""
    return _timeline_rest(view, d) is not None


def _timeline_rest(view: SentenceView, d: DateMention) -> tuple[int, str] | None:
    """(document offset of the line's end, the line after the date) for a timeline line."""
    if d.precision == "week":
        return None
    text, base = view.paragraph()
    at, end_at = d.start - base, d.end - base
    line_start = text.rfind("\n", 0, at) + 1
    if text[line_start:at].strip(" \t•*-–—"):
        return None  # not at the start of its line
    line_end = text.find("\n", end_at)
    line_end = len(text) if line_end < 0 else line_end
    after = text[end_at:line_end]
    if _TIMELINE_AFTER.match(after) is None or re.search(r"[a-z]", after) is None:
        return None
    if view.doc is not None and not any(tok.pos_ in ("VERB", "AUX") for tok in view.doc
                                        if base + end_at <= view.to_doc(tok.idx) < base + line_end):
        return None  # a schedule line: "June 9 – West Palm Beach, FL @ Coral Sky Amphitheatre"
    return base + line_end, after


def timeline_line(view: SentenceView, d: DateMention) -> tuple[int, str]:
    """(end, what happened) of the timeline line ``d`` opens: "Sept 2 – Basarnas reports 17
    dead." -> "Basarnas reports 17 dead"."""
    got = _timeline_rest(view, d)
    end, after = got if got is not None else (view.end, view.text[d.end - view.start:])
    sep = re.search(r"[—–:-]{1,2}\s+", after)
    what = after[sep.end():] if sep else after
    return end, what.strip().rstrip(".")[:120]


def _past_year_event(d: DateMention, after: str, anchor: dt.date | None) -> bool:
    """"the 2021 election", "The 2002 floods", "the 2021 River fire": a year naming an
    occurrence that is over by the time of the story."""
    if d.precision != "year" or not d.iso or anchor is None or int(d.iso[:4]) >= anchor.year:
        return False
    words = re.match(r"(?:\s+[A-Za-z][\w-]*){1,3}", after)  # "The 2008 financial crisis", "the 2021 River fire"
    return words is not None and any(w.lower() in _EVENT_NOUNS for w in words.group(0).split())


_EVENT_NOUNS = _words("""election elections vote referendum floods flood fire fires wildfire earthquake quake storm
hurricane typhoon attack attacks war invasion crisis pandemic outbreak strike strikes riots protests coup summit
olympics games final championship tournament season race crash disaster collapse derailment eruption tsunami
heatwave drought famine recession interview speech visit trip meeting ruling verdict decision merger acquisition
takeover lawsuit settlement recall launch scandal shooting bombing massacre sinking uprising""")


def _in_quote(view: SentenceView, d: DateMention) -> bool:
    """Inside quotation marks "yesterday" is the speaker's yesterday, not the story's."""
    text, base = view.paragraph()
    pos = d.start - base
    curly = text.count("“", 0, pos) > text.count("”", 0, pos)
    straight = text.count('"', 0, pos) % 2 == 1
    return curly or straight


def is_list_line(view: SentenceView) -> bool:
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
report record keep hit reach stand total top exceed number trade hover""")


def is_state(verb: Token, span: Span | None, d: DateMention) -> bool:
    """"had 12,500 employees on June 30", "lost 12,400 jobs in June", "slowed to 2.1% in
    May": the date stamps a statistic (the claim's as_of); no event is told.  A small count
    ("released two videos") does not make a statistic."""
    inside = range(span.start, span.end) if span is not None else range(0)
    lemma = verb.lemma_.lower()
    held = [c for c in verb.children if c.dep_ in ("dobj", "attr", "acomp", "npadvmod")
            or (c.dep_ == "prep" and c.lower_ in ("to", "at", "by"))]  # "fell 1.8% in May" (1.8% an npadvmod)
    if lemma == "have":  # "had 12,500 employees on June 30": a holding, never an event
        return any(t.like_num and not _is_year(t) for c in held for t in c.subtree if t.i not in inside)
    if d.precision == "day" or lemma not in _STAT_VERBS:
        return False  # a day's deed or record ("approved €40 million on Tuesday", "reached 44.6C yesterday")
    return any(_is_statistic(t) for c in held for t in c.subtree if t.i not in inside)


def did_not_happen(verb: Token, span: Span | None) -> bool:
    """"The company did not respond on Monday", "never returned in 2019": a negated verb
    tells what did not happen; "spent Monday trying to ..." makes the day a stretch of
    time spent, not a date something happened on."""
    if any(c.dep_ == "neg" for c in verb.children):
        return True
    return verb.lemma_.lower() == "spend" and span is not None and span.root.head.i == verb.i and (
        span.root.dep_ in ("dobj", "npadvmod", "obj"))


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


def is_future_verb(verb: Token, span: Span | None, d: DateMention) -> bool:
    """Does the verb put the event ahead of the story: "will", "is expected to", or -- for a
    bare weekday or yearless date hung on the verb itself -- a present tense ("the tour
    concludes October 10th")?"""
    if any(c.dep_ == "aux" and c.lower_ in ("will", "'ll", "’ll", "shall", "wo") for c in verb.children):
        return True
    if any(c.dep_ == "aux" and c.lower_ in _MODALS for c in verb.children):
        return True  # "passengers can use them on Monday": possible, not told as happened
    if verb.dep_ == "xcomp" and verb.head.lemma_.lower() in _FUTURE_HEADS:
        return True
    if verb.lemma_.lower() in _EXPECT_VERBS and verb.tag_ in ("VBZ", "VBP", "VBG"):
        return True  # "For fiscal 2025, Acme expects revenue of ...", "is targeting growth in 2026"
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
            return False  # the date dates a noun ("Trump's announcement last month", "investigating the fire on Sunday")
        tok = tok.head
    return True


def is_stamp(view: SentenceView, dates: list[DateMention]) -> bool:
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
