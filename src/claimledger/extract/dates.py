"""Date expressions in news prose, resolved against the publication date.

News text dates things three ways: absolutely ("November 12, 2024", "June 2024", "in 2014"),
relative to the day the story was written ("on Tuesday", "last month", "earlier this year"),
and relative to another date in the text ("the next year", "the day before").  This module
finds all three with a small regex grammar (fast, predictable, offsets exact) and resolves
them; ``dateparser`` only does the arithmetic for "N days ago" and reads numeric dates
("11/12/2024"), both cached.

Resolution rules (documented because they are choices, not facts):

* ``iso`` is an ISO prefix at the precision the text gives: "2024", "2024-06", "2024-06-19".
* Without an anchor (publication date), anything relative or yearless stays unresolved
  (``iso`` None) -- never guessed.
* A weekday ("on Tuesday", "Tuesday night") is the most recent such day on or before the
  anchor; "last Tuesday" the most recent strictly before it; "next Tuesday", or a bare
  weekday in a clause that speaks of the future ("will", "is scheduled to" ...), the next
  one on or after the anchor.
* A yearless month or day ("in April", "on November 5") is the most recent one not after
  the anchor (a month or a week of slack), or the next one in a future clause.
* "last week" / "this week" / "the weekend" have ``precision`` "week"; their ``iso`` is the
  month when the whole week lies in one month, else the year, else None.
* "so far this year", "to date" are ``kind`` "to_date": a figure stated with them holds at
  the anchor day itself.
* Durations ("three days", "for seven years", "the past twenty-four hours", "in the last
  year") and ages are not dates and are not matched.
* A year used as a modifier ("the 2020 election", "1972's Toulouse Street") is a date
  mention of ``kind`` "adjective": it dates the thing it modifies.
* A quarter ("the third quarter", "Q3 2025", "third-quarter revenue") is ``kind`` "period"
  dated by the month it ends in ("2025-09"): results hold as of the quarter's end.
* "the next year", "the day before", "the previous week" are ``kind`` "anaphoric": they are
  returned unresolved with their ``shift`` and resolved by :func:`resolve_anaphoric`
  against an earlier date of the same passage.
"""

from __future__ import annotations

import calendar
import datetime as dt
import re
from dataclasses import dataclass, replace
from functools import lru_cache
from typing import TYPE_CHECKING

if TYPE_CHECKING:
    from spacy.tokens import Token

    from claimledger.extract.context import SentenceView


@dataclass(frozen=True)
class DateMention:
    """One date expression: document span, what it resolves to and how sure that is."""

    start: int
    end: int
    text: str
    iso: str | None  # ISO prefix at the text's precision, None when unresolved
    precision: str  # "day" | "week" | "month" | "quarter" | "season" | "year"
    relative: bool  # needs an anchor (or another date) to resolve
    resolved: bool
    kind: str = "date"  # "date" | "adjective" | "to_date" | "anaphoric" | "period" | "bare"
    future: bool = False  # the clause speaks of the future
    shift: tuple[str, int] | None = None  # anaphoric: (unit, signed amount), e.g. ("year", 1)


def _words(text: str) -> frozenset[str]:
    """A word list written as one string (easier to read and extend than a list literal)."""
    return frozenset(text.split())


# --- grammar ---------------------------------------------------------------------------

_MONTHS = {
    "january": 1, "february": 2, "march": 3, "april": 4, "may": 5, "june": 6, "july": 7,
    "august": 8, "september": 9, "october": 10, "november": 11, "december": 12,
    "jan": 1, "feb": 2, "mar": 3, "apr": 4, "jun": 6, "jul": 7, "aug": 8, "sep": 9, "sept": 9,
    "oct": 10, "nov": 11, "dec": 12,
}
_FULL = [m.capitalize() for m in list(_MONTHS)[:12]]
_ABBR = ["Jan", "Feb", "Mar", "Apr", "Jun", "Jul", "Aug", "Sept", "Sep", "Oct", "Nov", "Dec"]
# Month names are matched capitalised (or all caps) so that "may" and "march" stay verbs.
_MONTH = "(?:" + "|".join(_FULL + [m.upper() for m in _FULL] + [a + r"\.?" for a in _ABBR]) + ")"
_MONTH_ALONE = "(?:" + "|".join(_FULL + [a + r"\." for a in _ABBR]) + ")"
_WEEKDAYS = ["monday", "tuesday", "wednesday", "thursday", "friday", "saturday", "sunday"]
_WEEKDAY = "(?:" + "|".join(w.capitalize() for w in _WEEKDAYS) + ")"
_DAY = r"(?:3[01]|[12][0-9]|0?[1-9])(?:st|nd|rd|th)?"
_YEAR = r"(?:1[6-9][0-9]{2}|20[0-9]{2})"
_MOD = r"(?:(?:the\s+)?(?:end|beginning|start|middle)\s+of\s+|(?:early|late|mid)(?:\s+|-))"
_SEASON = r"(?:[Ss]pring|[Ss]ummer|[Aa]utumn|[Ff]all|[Ww]inter)"
_NUM_WORDS = {
    "a": 1, "an": 1, "one": 1, "two": 2, "three": 3, "four": 4, "five": 5, "six": 6,
    "seven": 7, "eight": 8, "nine": 9, "ten": 10, "eleven": 11, "twelve": 12,
}
_N = r"(?:\d{1,3}|a|an|one|two|three|four|five|six|seven|eight|nine|ten|eleven|twelve)"

_NO_NUM_AFTER = r"(?![,.]\d|\d|\s*%|-\d|–\d|:\d)"
_PATTERNS: list[tuple[str, re.Pattern[str]]] = [
    ("iso", re.compile(r"(?<![\d.-])(?P<y>" + _YEAR + r")-(?P<m>[01]\d)-(?P<d>[0-3]\d)(?![\d-])")),
    ("numeric", re.compile(r"(?<![\d/.])(?P<a>\d{1,2})/(?P<b>\d{1,2})/(?P<y>\d{4}|\d{2})(?![\d/])")),
    ("month_day", re.compile(
        r"\b(?:(?P<wd>" + _WEEKDAY + r"),?\s+)?(?P<mod>" + _MOD + r")?(?P<mon>" + _MONTH + r")\s+(?P<day>"
        + _DAY + r")\b" + _NO_NUM_AFTER + r"(?:,?\s+(?P<y>" + _YEAR + r")\b(?![,.]?\d))?")),
    ("day_month", re.compile(
        r"\b(?:(?P<wd>" + _WEEKDAY + r"),?\s+)?(?:the\s+)?(?<![\d,.])(?P<day>" + _DAY + r")(?:\s+of)?\s+(?P<mon>"
        + _MONTH + r")(?:,?\s+(?P<y>" + _YEAR + r")\b(?![,.]?\d))?")),
    ("month_year", re.compile(
        r"\b(?P<mod>" + _MOD + r")?(?P<mon>" + _MONTH + r")(?:\s+of)?,?\s+(?P<y>" + _YEAR + r")\b" + _NO_NUM_AFTER)),
    ("month_relyear", re.compile(
        r"\b(?P<mod>" + _MOD + r")?(?P<mon>" + _MONTH_ALONE + r")(?:\s+of)?,?\s+(?P<rel>this|last|next)\s+year\b")),
    ("season_year", re.compile(
        r"\b(?:(?:the\s+)?(?P<season>" + _SEASON + r")(?:\s+of)?|(?P<mod>" + _MOD
        + r"|(?:the\s+)?(?:first|second)\s+half\s+of\s+))\s*(?P<y>" + _YEAR + r")\b" + _NO_NUM_AFTER)),
    ("month", re.compile(
        r"\b(?:(?P<rel>[Ll]ast|[Tt]his|[Nn]ext)\s+|(?P<mod>" + _MOD + r"))?(?P<mon>" + _MONTH_ALONE
        + r")(?![\w-])(?!\s+\d)")),
    ("year", re.compile(r"(?<![\w$£€#.,/-])(?P<y>" + _YEAR + r")(?![\w%/]|[.,]\d|\s*%|-\d|–\d)")),
    ("ago", re.compile(
        r"\b(?P<n>" + _N + r")\s+(?P<unit>day|week|month|year)s?\s+ago\b", re.I)),
    ("deictic", re.compile(
        r"\b(?:the\s+day\s+before\s+yesterday|(?:earlier\s+|later\s+)?today|yesterday|tonight|tomorrow)\b", re.I)),
    ("this_last", re.compile(
        r"\b(?P<pre>(?:so\s+far|earlier|later|late|early)\s+)?(?P<rel>this|last|next)\s+(?P<unit>week|month|year|"
        r"weekend|spring|summer|autumn|fall|winter|morning|afternoon|evening|night)\b", re.I)),
    ("holiday", re.compile(
        r"\b(?:Christmas\s+(?:Eve|Day)|Christmas|New\s+Year['’]s\s+(?:Eve|Day)|Halloween|Valentine['’]s\s+Day|"
        r"(?:the\s+)?Fourth\s+of\s+July|Boxing\s+Day)\b")),
    ("quarter", re.compile(
        r"\b(?:the\s+)?(?P<ord>first|second|third|fourth|1st|2nd|3rd|4th)[\s-]+quarter(?:\s+of)?"
        r"(?:\s+(?:fiscal\s+)?(?P<y>" + _YEAR + r"))?\b|\bQ(?P<q>[1-4])(?:\s+(?P<y2>" + _YEAR + r"))?\b", re.I)),
    ("to_date", re.compile(r"\b(?:to\s+date|year[\s-]to[\s-]date|so\s+far\s+this\s+year)\b", re.I)),
    ("weekday", re.compile(
        r"\b(?:(?P<rel>[Ll]ast|[Tt]his|[Nn]ext|[Ee]arly|[Ll]ate)\s+)?(?P<wd>" + _WEEKDAY
        + r")(?!s\b)(?:\s+(?P<part>morning|afternoon|evening|night))?(?:['’]s\b)?")),
    ("anaphoric", re.compile(
        r"\b(?:(?:the\s+)?(?P<dir1>previous|next|following|same)\s+(?P<u1>day|week|month|year)"
        r"|the\s+day\s+(?P<dir2>before|after)(?=\s*[,.;]|\s+(?:that|this)\b)"
        r"|(?P<n3>" + _N + r")\s+(?P<u3>day|week|month|year)s?\s+(?P<dir3>later|earlier)"
        r"|(?:(?:earlier|later)\s+)?that\s+(?P<u4>day|week|month|year))\b", re.I)),
]
# Cheap screen for :func:`may_hold_date`: anything the grammar could start with.
_SCREEN = re.compile(
    r"\b(?:" + "|".join(_FULL + _ABBR) + r"|" + "|".join(w.capitalize() for w in _WEEKDAYS)
    + r"|Christmas|New Year|Halloween|Valentine|Fourth of July|Boxing Day|Q[1-4])"
    r"|(?<!\d)(?:1[6-9]|20)\d\d(?!\d)|\d{1,2}/\d{1,2}/\d"
    r"|\b(?:today|yesterday|tonight|tomorrow|ago|days?|weeks?|months?|years?|weekend|spring|summer|autumn|fall"
    r"|winter|to date|quarter)\b", re.I)

_PREP_BEFORE = re.compile(
    r"(?:\b(?:in|on|since|by|until|till|from|through|throughout|during|before|after|of|circa|between|and|to|"
    r"around|as of|back in|early|late|mid|until|that|or|for|each|every|spring|summer|autumn|fall|winter|"
    r"year|years|the year|fiscal|FY|c\.|ca\.)|mid-)\s*$", re.I)
_DET_BEFORE = re.compile(r"\b(?:the|this|that|a|an|its|his|her|their|our|whose|last|next)\s+$", re.I)
_NAME_BEFORE = re.compile(
    r"(?<![\w.])(?!(?:The|A|An|In|On|By|At|Of|For|From|Since|Until|Till|Before|After|During|Through|This|That|These|"
    r"Those|Its|His|Her|Their|Our|Last|Next|Early|Late|And|Or|But|Then|Between|Around|As|Until|Every|Each|Until)\s)"
    r"[A-Z][\w.]*\s+$")
_PLURAL_AFTER = re.compile(r"\s+(?:[a-z]+(?<!s)s|people|men|women|children|million|billion|thousand|"
                           r"hundred|percent|per)\b")
_EVENT_NOUNS = _words(
    "election elections campaign campaigns season seasons race races olympics games midterms primary "
    "primaries census budget report survey study film album tour entry attack attacks invasion war crisis "
    "pandemic summit deal law act final finals championship championships cup annexation incursion "
    "earthquake flood floods hurricane wildfires fires riots protests talks visit rally debate debates "
    "meeting referendum coup revolution vote")
_FUTURE = re.compile(
    r"\b(?:will|won['’]t|shall|['’]ll|going\s+to|due\s+to|is\s+due|are\s+due|scheduled|set\s+to|expected\s+to|"
    r"plans?\s+to|planned|planning|upcoming|to\s+be\s+held|next)\b", re.I)
_DURATION_BEFORE = re.compile(r"\bthe\s+$", re.I)
_SPAN_BEFORE = re.compile(r"\b(?:over|for|within|in|during|throughout)\s+$", re.I)


def document_anchor(text: str) -> dt.date | None:
    """A stand-in anchor for a document with no known publication date: the latest fully
    written date (day, month and year) that the text does not place in the future.

    Relative dates in such a story ("on November 13", "early August") are read against the
    story's own latest explicit date -- the narrative present -- rather than left
    unresolved; None when the text writes no full date.
    """
    best: dt.date | None = None
    for m in find_dates(text, 0, None):
        if m.precision == "day" and not m.relative and m.iso and not m.future and m.kind == "date":
            when = dt.date.fromisoformat(m.iso)
            best = when if best is None or when > best else best
    return best


def may_hold_date(text: str) -> bool:
    """Cheap prefilter: False means :func:`find_dates` would surely find nothing."""
    return _SCREEN.search(text) is not None


def find_dates(text: str, offset: int, anchor: dt.date | None) -> list[DateMention]:
    """All date expressions in ``text`` (a sentence or block starting at document offset
    ``offset``), leftmost first, longest match winning where two overlap."""
    if not text or not may_hold_date(text):
        return []
    if anchor is not None and not 1000 <= anchor.year <= 8999:
        anchor = None  # not a publication date; date arithmetic near year 1 or 9999 would overflow
    return [replace(m, start=m.start + offset, end=m.end + offset) for m in _find_cached(text, anchor)]


@lru_cache(maxsize=4096)
def _find_cached(text: str, anchor: dt.date | None) -> tuple[DateMention, ...]:
    found: list[tuple[int, int, int, DateMention]] = []
    for rank, (name, pattern) in enumerate(_PATTERNS):
        for m in pattern.finditer(text):
            mention = _HANDLERS[name](m, text, anchor)
            if mention is not None and mention.end > mention.start:
                found.append((mention.start, -(mention.end - mention.start), rank, mention))
    found.sort(key=lambda t: (t[1], t[2], t[0]))  # longest first, then grammar order
    chosen: list[DateMention] = []
    for _s, _l, _r, mention in found:
        if all(mention.end <= c.start or mention.start >= c.end for c in chosen):
            chosen.append(mention)
    return tuple(sorted(chosen, key=lambda c: c.start))


# --- helpers ---------------------------------------------------------------------------

def _iso(y: int, m: int | None = None, d: int | None = None) -> str:
    if m is None:
        return f"{y:04d}"
    if d is None:
        return f"{y:04d}-{m:02d}"
    return f"{y:04d}-{m:02d}-{d:02d}"


def _valid(y: int, m: int, d: int) -> bool:
    return 1 <= m <= 12 and 1 <= d <= calendar.monthrange(y, m)[1]


def _month_num(word: str) -> int:
    return _MONTHS[word.lower().rstrip(".")]


def _day_num(word: str) -> int:
    return int(re.sub(r"\D", "", word))


def _is_future(text: str, start: int, end: int) -> bool:
    """Does the clause around [start, end) speak of the future?  Only the date's own clause
    counts: in "X will cost 320 jobs, the union said on Wednesday" the Wednesday is past."""
    left = text[max(0, start - 80):start]
    cut = max((m.end() for m in _CLAUSE_CUT.finditer(left)), default=0)
    left = left[cut:]
    right = text[end:end + 30]
    stop = _CLAUSE_CUT.search(right)
    right = right[:stop.start()] if stop else right
    return _FUTURE.search(left) is not None or _FUTURE.search(right) is not None


_CLAUSE_CUT = re.compile(r"[,;:.—–()]|\b(?:after|before|when|while|because|since|as|that|who|which|where|but|and)\b",
                         re.I)


def _mk(m: re.Match[str], iso: str | None, precision: str, relative: bool, *, kind: str = "date",
        future: bool = False, shift: tuple[str, int] | None = None) -> DateMention:
    return DateMention(start=m.start(), end=m.end(), text=m.group(0), iso=iso, precision=precision,
                       relative=relative, resolved=iso is not None, kind=kind, future=future, shift=shift)


def _shift_months(y: int, m: int, k: int) -> tuple[int, int]:
    n = y * 12 + (m - 1) + k
    return n // 12, n % 12 + 1


def _yearless_year(month: int, day: int | None, anchor: dt.date, future: bool) -> int:
    """The year of a yearless month/day: the latest one not (much) after the anchor."""
    y = anchor.year
    probe = dt.date(y, month, min(day or 1, calendar.monthrange(y, month)[1]))
    if future:
        return y if probe >= anchor.replace(day=1) else y + 1
    slack = dt.timedelta(days=7 if day else 31)
    return y - 1 if probe > anchor + slack else y


def _week_iso(first: dt.date, last: dt.date) -> str | None:
    if (first.year, first.month) == (last.year, last.month):
        return _iso(first.year, first.month)
    return _iso(first.year) if first.year == last.year else None


# --- handlers --------------------------------------------------------------------------

def _h_iso(m: re.Match[str], text: str, anchor: dt.date | None) -> DateMention | None:
    y, mo, d = int(m["y"]), int(m["m"]), int(m["d"])
    return _mk(m, _iso(y, mo, d), "day", False) if _valid(y, mo, d) else None


def _h_numeric(m: re.Match[str], text: str, anchor: dt.date | None) -> DateMention | None:
    parsed = _parse_numeric(m.group(0))
    if parsed is None:
        return None
    return _mk(m, parsed.isoformat(), "day", False)


@lru_cache(maxsize=1024)
def _parse_numeric(s: str) -> dt.date | None:
    import dateparser

    first = int(s.split("/")[0])
    order = "DMY" if first > 12 else "MDY"  # American order unless it cannot be
    got = dateparser.parse(s, languages=["en"], settings={"DATE_ORDER": order, "STRICT_PARSING": True})
    return got.date() if got else None


def _h_month_day(m: re.Match[str], text: str, anchor: dt.date | None) -> DateMention | None:
    mon, day = _month_num(m["mon"]), _day_num(m["day"])
    if m.groupdict().get("mod"):
        return None  # "early November 5" is not a thing; let month_year / month match
    if m["y"]:
        y = int(m["y"])
        if not _valid(y, mon, day):
            return None
        return _mk(m, _iso(y, mon, day), "day", False, future=_is_future(text, m.start(), m.end()))
    if not _valid(2000, mon, day):
        return None
    future = _is_future(text, m.start(), m.end())
    if anchor is None:
        return _mk(m, None, "day", True, future=future)
    y = _yearless_year(mon, day, anchor, future)
    if m["wd"]:  # "Friday, December 6": the year, near the anchor, in which that day is a Friday
        wd = _WEEKDAYS.index(m["wd"].lower())
        fits = [c for c in (y, y + 1, y - 1) if _valid(c, mon, day) and dt.date(c, mon, day).weekday() == wd]
        if fits:
            y = fits[0]
            future = future or dt.date(y, mon, day) > anchor
    return _mk(m, _iso(y, mon, day), "day", True, future=future) if _valid(y, mon, day) else None


def _h_month_year(m: re.Match[str], text: str, anchor: dt.date | None) -> DateMention | None:
    return _mk(m, _iso(int(m["y"]), _month_num(m["mon"])), "month", False)


def _h_month_relyear(m: re.Match[str], text: str, anchor: dt.date | None) -> DateMention | None:
    if anchor is None:
        return _mk(m, None, "month", True)
    step = {"this": 0, "last": -1, "next": 1}[m["rel"]]
    return _mk(m, _iso(anchor.year + step, _month_num(m["mon"])), "month", True, future=step > 0)


def _h_season_year(m: re.Match[str], text: str, anchor: dt.date | None) -> DateMention | None:
    return _mk(m, _iso(int(m["y"])), "season" if m["season"] else "year", False)


def _h_month(m: re.Match[str], text: str, anchor: dt.date | None) -> DateMention | None:
    before = text[:m.start()]
    word = m["mon"]
    if not (m["rel"] or m["mod"] or _PREP_BEFORE.search(before)):
        after = text[m.end():m.end() + 2]
        if word.rstrip(".") in ("May", "March", "August") or word.endswith(".") or re.match(r"\s[A-Z]", after):
            return None  # a modal verb, a march, a first name ("June Carter")
        if not before.strip() and not re.match(r"['’]s\b", text[m.end():]):
            return None  # sentence-initial bare month: too often a name
    mon = _month_num(word)
    rel = (m["rel"] or "").lower()
    kind = "adjective" if not (m["rel"] or m["mod"]) and re.search(r"\bthe\s+$", before, re.I) else "date"
    future = rel == "next" or (rel != "last" and _is_future(text, m.start(), m.end()))
    if anchor is None:
        return _mk(m, None, "month", True, future=future, kind=kind)
    if rel == "last":
        y = anchor.year if mon < anchor.month else anchor.year - 1
    elif rel == "next":
        y = anchor.year if mon > anchor.month else anchor.year + 1
    elif rel == "this":
        y = anchor.year
    else:
        y = _yearless_year(mon, None, anchor, future)
    return _mk(m, _iso(y, mon), "month", True, future=future, kind=kind)


def _h_year(m: re.Match[str], text: str, anchor: dt.date | None) -> DateMention | None:
    before, after = text[:m.start()], text[m.end():]
    if _NAME_BEFORE.search(before) and not _PREP_BEFORE.search(before):
        return None  # "Euro 2020", "Windows 2000", "Vision 2030"
    if re.match(r"['’]s\b", after):
        return _mk(m, m["y"], "year", False, kind="adjective")
    if re.match(r":\s+[A-Z]", after):
        return None  # "2001: A Space Odyssey"
    nxt = re.match(r"\s+([A-Za-z]+)", after)
    next_word = nxt.group(1).lower() if nxt else ""
    countlike = bool(_PLURAL_AFTER.match(after)) and next_word not in _EVENT_NOUNS
    if _PREP_BEFORE.search(before):
        return None if countlike else _mk(m, m["y"], "year", False)
    if _DET_BEFORE.search(before) and next_word and not countlike:
        return _mk(m, m["y"], "year", False, kind="adjective")
    if next_word in _EVENT_NOUNS and not countlike:
        return _mk(m, m["y"], "year", False, kind="adjective")
    if re.match(r"\s*(?:[,.;:)]|$)", after) and re.search(r"(?:^|[,;(—–-]\s*)$", before):
        return _mk(m, m["y"], "year", False, kind="bare")  # a bare date line or "(2019)"
    return None


def _h_ago(m: re.Match[str], text: str, anchor: dt.date | None) -> DateMention | None:
    unit = m["unit"].lower()
    precision = {"day": "day", "week": "week", "month": "month", "year": "year"}[unit]
    if anchor is None:
        return _mk(m, None, precision, True)
    n_word = m["n"].lower()
    n = int(n_word) if n_word.isdigit() else _NUM_WORDS[n_word]
    when = _ago(n, unit, anchor)
    if when is None:
        return _mk(m, None, precision, True)
    iso = {"day": when.isoformat(), "week": _iso(when.year, when.month),
           "month": _iso(when.year, when.month), "year": _iso(when.year)}[unit]
    return _mk(m, iso, precision, True)


@lru_cache(maxsize=512)
def _ago(n: int, unit: str, anchor: dt.date) -> dt.date | None:
    import dateparser

    base = dt.datetime(anchor.year, anchor.month, anchor.day, 12)
    got = dateparser.parse(f"{n} {unit}s ago", languages=["en"], settings={"RELATIVE_BASE": base})
    return got.date() if got else None


def _h_deictic(m: re.Match[str], text: str, anchor: dt.date | None) -> DateMention | None:
    word = m.group(0).lower().split()[-1]
    if m.group(0)[0] == "T" and _NAME_BEFORE.search(text[:m.start()]):
        return None  # "USA Today", "The Today Show"
    delta = {"today": 0, "tonight": 0, "yesterday": -1, "tomorrow": 1}[word]
    if "before yesterday" in m.group(0).lower():
        delta = -2
    future = delta > 0 or m.group(0).lower().startswith("later")
    if anchor is None:
        return _mk(m, None, "day", True, future=future)
    return _mk(m, (anchor + dt.timedelta(days=delta)).isoformat(), "day", True, future=future)


def _h_this_last(m: re.Match[str], text: str, anchor: dt.date | None) -> DateMention | None:
    rel, unit = m["rel"].lower(), m["unit"].lower()
    pre = (m["pre"] or "").lower().split()
    if not pre and _DURATION_BEFORE.search(text[:m.start()]):
        return None  # "over the last year", "in the next month": a span of time, not a date
    kind = "to_date" if "so" in pre and unit == "year" and rel == "this" else "date"
    future = rel == "next" or "later" in pre
    season = unit in ("spring", "summer", "autumn", "fall", "winter")
    precision = {"week": "week", "weekend": "week", "month": "month", "year": "year"}.get(
        unit, "season" if season else "day")
    if anchor is None:
        return _mk(m, None, precision, True, kind=kind, future=future)
    step = {"this": 0, "last": -1, "next": 1}[rel]
    iso: str | None
    if unit == "year":
        iso = _iso(anchor.year + step)
    elif unit == "month":
        y, mo = _shift_months(anchor.year, anchor.month, step)
        iso = _iso(y, mo)
    elif unit in ("week", "weekend"):  # weeks run Monday to Sunday
        monday = anchor - dt.timedelta(days=anchor.weekday()) + dt.timedelta(weeks=step)
        first = monday + dt.timedelta(days=5) if unit == "weekend" else monday
        iso = _week_iso(first, monday + dt.timedelta(days=6))
    elif season:
        iso = _iso(_season_year(unit, step, anchor))
    else:  # morning / afternoon / evening / night
        iso = (anchor - dt.timedelta(days=1 if rel == "last" else 0)).isoformat()
        if rel == "next":
            iso = None
    return _mk(m, iso, precision, True, kind=kind, future=future)


_SEASON_START = {"spring": 3, "summer": 6, "autumn": 9, "fall": 9, "winter": 12}


def _season_year(season: str, step: int, anchor: dt.date) -> int:
    """The year of "last/this/next <season>": the occurrence that ended most recently before
    the anchor, the one under way or coming this year, or the one after that.  A winter is
    named by the year of its January."""
    start = _SEASON_START[season]
    if season == "winter":
        current = anchor.year + 1 if anchor.month == 12 else anchor.year  # the winter ending this Feb/next
        ended = anchor.month >= 3 and anchor.month != 12
    else:
        current = anchor.year
        ended = anchor.month > start + 2
    if step < 0:
        return current if ended else current - 1
    if step > 0:
        return current + 1 if ended or anchor.month >= start else current
    return current


_HOLIDAYS = {"christmas eve": (12, 24), "christmas day": (12, 25), "christmas": (12, 25),
             "new year's eve": (12, 31), "new year's day": (1, 1), "halloween": (10, 31),
             "valentine's day": (2, 14), "fourth of july": (7, 4), "boxing day": (12, 26)}


def _h_holiday(m: re.Match[str], text: str, anchor: dt.date | None) -> DateMention | None:
    key = re.sub(r"\s+", " ", m.group(0).lower().replace("’", "'")).removeprefix("the ")
    mon, day = _HOLIDAYS[key]
    future = _is_future(text, m.start(), m.end())
    if anchor is None:
        return _mk(m, None, "day", True, future=future)
    y = _yearless_year(mon, day, anchor, future)
    return _mk(m, _iso(y, mon, day), "day", True, future=future)


_QUARTERS = {"first": 1, "1st": 1, "second": 2, "2nd": 2, "third": 3, "3rd": 3, "fourth": 4, "4th": 4}


def _h_quarter(m: re.Match[str], text: str, anchor: dt.date | None) -> DateMention | None:
    """"the third quarter (of 2025)", "Q3 2025", "third-quarter revenue": a period, dated by
    the month it ends in (results are stated as of the quarter's end)."""
    q = int(m["q"]) if m["q"] else _QUARTERS[m["ord"].lower()]
    year = m["y"] or m["y2"]
    end_month = 3 * q
    if year:
        return _mk(m, _iso(int(year), end_month), "quarter", False, kind="period")
    if anchor is None:
        return _mk(m, None, "quarter", True, kind="period")
    future = _is_future(text, m.start(), m.end())
    start_month = end_month - 2
    y = anchor.year if (start_month <= anchor.month or future) else anchor.year - 1
    return _mk(m, _iso(y, end_month), "quarter", True, kind="period", future=future)


def _h_to_date(m: re.Match[str], text: str, anchor: dt.date | None) -> DateMention | None:
    return _mk(m, anchor.isoformat() if anchor else None, "day", True, kind="to_date")


def _h_weekday(m: re.Match[str], text: str, anchor: dt.date | None) -> DateMention | None:
    rel = (m["rel"] or "").lower()
    if not rel and _NAME_BEFORE.search(text[:m.start()]):
        return None  # "Super Tuesday", "Black Friday", "Bloody Sunday"
    if re.search(r"\b(?:a|an|every|each|any)\s+(?:typical|normal|usual|average|given|single\s+)?\s*$",
                 text[:m.start()], re.I):
        return None  # "on a Monday", "every Friday", "a typical Tuesday": no particular day
    target = _WEEKDAYS.index(m["wd"].lower())
    future = rel == "next" or (rel != "last" and _is_future(text, m.start(), m.end()))
    if anchor is None:
        return _mk(m, None, "day", True, future=future)
    a = anchor.weekday()
    if rel == "last":
        back = (a - target) % 7 or 7
        when = anchor - dt.timedelta(days=back)
    elif future:
        fwd = (target - a) % 7 or (7 if rel == "next" else 0)
        when = anchor + dt.timedelta(days=fwd)
    else:
        when = anchor - dt.timedelta(days=(a - target) % 7)
    return _mk(m, when.isoformat(), "day", True, future=future)


def _h_anaphoric(m: re.Match[str], text: str, anchor: dt.date | None) -> DateMention | None:
    if m["u1"]:
        unit, d = m["u1"].lower(), m["dir1"].lower()
        if d != "same" and _SPAN_BEFORE.search(text[:m.start()]):
            return None  # "over the next year", "in the previous month": a span of time
        amount = {"previous": -1, "next": 1, "following": 1, "same": 0}[d]
    elif m["u3"]:
        unit = m["u3"].lower()
        n_word = m["n3"].lower()
        n = int(n_word) if n_word.isdigit() else _NUM_WORDS[n_word]
        amount = n if m["dir3"].lower() == "later" else -n
    elif m["u4"]:
        unit, amount = m["u4"].lower(), 0
    else:
        unit, amount = "day", -1 if m["dir2"].lower() == "before" else 1
    precision = unit if unit != "week" else "week"
    return _mk(m, None, precision, True, kind="anaphoric", shift=(unit, amount))


_HANDLERS = {
    "iso": _h_iso, "numeric": _h_numeric, "month_day": _h_month_day, "day_month": _h_month_day,
    "month_year": _h_month_year, "month_relyear": _h_month_relyear, "season_year": _h_season_year,
    "month": _h_month, "year": _h_year,
    "ago": _h_ago, "deictic": _h_deictic, "holiday": _h_holiday, "quarter": _h_quarter, "this_last": _h_this_last, "to_date": _h_to_date,
    "weekday": _h_weekday, "anaphoric": _h_anaphoric,
}


# --- anaphora and as_of ------------------------------------------------------------------

def resolve_anaphoric(mention: DateMention, base: DateMention) -> DateMention:
    """Resolve "the next year" / "the day before" against ``base``, an earlier resolved date
    of the same passage.  The result is never more precise than either input."""
    if mention.kind != "anaphoric" or mention.shift is None or not base.iso:
        return mention
    unit, amount = mention.shift
    parts = [int(p) for p in base.iso.split("-")]
    iso: str | None = None
    if unit == "year":
        iso = _iso(parts[0] + amount)
    elif unit == "month" and len(parts) >= 2:
        iso = _iso(*_shift_months(parts[0], parts[1], amount))
    elif unit == "week" and len(parts) == 3:
        when = dt.date(*parts) + dt.timedelta(weeks=amount)
        iso = _week_iso(when - dt.timedelta(days=when.weekday()), when + dt.timedelta(days=6 - when.weekday()))
    elif unit == "day" and len(parts) == 3:
        iso = (dt.date(*parts) + dt.timedelta(days=amount)).isoformat()
    if iso is None:
        return mention
    return replace(mention, iso=iso, resolved=True)


_CONTINUES = re.compile(
    r"^\W*(?:it|he|she|they|the\s+(?:\w+\s+)?(?:agency|report|ministry|paper|newspaper|outlet|statement|"
    r"study|survey|company|group|official|spokesperson|spokesman|spokeswoman|minister|office))\s+"
    r"(?:also\s+|further\s+|then\s+)?(?:noted|added|said|reported|stated|wrote|claimed|explained|continued|"
    r"cited|estimated|found|revealed|confirmed|showed)\b", re.I)


_REPORT_CUE = re.compile(r"\b(?:said|says|told|added|wrote|stated|according\s+to)\b", re.I)


def as_of_for(view: SentenceView, dates: list[DateMention], published: dt.date | None,
              near: tuple[int, int] | None = None,
              anchor: dt.date | None = None) -> tuple[str | None, str | None]:
    """When a claim in ``view`` holds or was stated, and where that came from.

    With ``near`` (the claim's span) the sentence's parse decides which date is the claim's:

    1. "sentence": a date in the claim's own clause or phrase ("lost 12,400 jobs in June",
       "from 2.4% in April", "the 2002 floods, when the Kamp reached 7.1 metres") -- not one
       that starts a period ("since 2016"), dates the other side of a comparison ("up from
       8,000 on Monday"), lies ahead, or belongs to another clause ("who was swept away on
       Sunday night");
    2. "attribution": the date of the report the claim's clause hangs on ("..., the
       institute said on Tuesday", "On November 10, The New York Times revealed that ..."),
       or of the report this sentence continues in the same paragraph ("It noted that ...",
       a quote that goes on after "..., Maley said on Monday.");  failing both, the nearest
       other date of the sentence ("sentence"), since a parse can split one clause in two;
    3. "published": the publication date, which is also what a running total holds at
       ("has now destroyed 312 structures", "so far this year").

    Without ``near`` (or a parse) the first resolved date of the sentence is taken.
    ``anchor`` resolves relative dates in the previous sentence when it differs from
    ``published`` (a stand-in from :func:`document_anchor` for an undated story); only a
    real publication date is ever returned with basis "published".
    """
    anchor = anchor or published
    usable = [d for d in dates if d.iso and not d.future and d.kind not in ("bare", "anaphoric")]
    if near is not None and view.doc is not None:
        own, report, running = _claim_dates(view, usable, near)
    else:
        own = [d for d in usable if d.kind != "adjective"][:1]
        report, running = None, False
    if own and not (running and own[0].kind == "to_date"):
        if own[0].kind == "to_date" and anchor is not None:
            return anchor.isoformat(), "sentence"
        return own[0].iso, "sentence"
    if report is not None:
        return report.iso, "attribution"
    if not running:
        carried = _carried_date(view, anchor)
        if carried:
            return carried, "attribution"
    if published is not None:
        return published.isoformat(), "published"
    return None, None


_RUNNING = re.compile(r"\b(?:now|so\s+far|to\s+date|currently|at\s+present|as\s+it\s+stands|"
                      r"this\s+(?:year|month|week|season)|year[\s-]to[\s-]date)\b", re.I)
_COMPARISON_CUE = re.compile(r"(?:\b(?:up|down)\s+)?\bfrom\s+(?:about\s+|around\s+|roughly\s+|some\s+|nearly\s+|"
                             r"almost\s+|more\s+than\s+|less\s+than\s+|just\s+(?:over|under)\s+)?[\d$£€]|\bcompared\s+(?:with|to)\b|"
                             r"\b(?!more\b|less\b|fewer\b|rather\b|other\b)\w+\s+than\b|\bsame\s+"
                             r"(?:period|week|month|time|quarter)\b", re.I)
_PERIOD_START = re.compile(r"\bsince\b[^,;.]{0,40}$", re.I)


def _claim_dates(view: SentenceView, usable: list[DateMention],
                 near: tuple[int, int]) -> tuple[list[DateMention], DateMention | None, bool]:
    """(dates of the claim's own clause, best first; the date of the report it hangs on;
    whether the claim is a running total)."""
    from claimledger.extract.attribution import REPORT_VERBS, without_dateline

    view = without_dateline(view, near[0])
    fig_span = view.char_span(*near)
    if fig_span is None or len(fig_span) == 0:
        return [d for d in usable if d.kind != "adjective"][:1], None, False
    text, base = view.text, view.start
    fig = fig_span.root
    fig_verb = _clause_verb(fig)
    seg_start = max((m.end() for m in re.finditer(r"[,;]", text[:near[0] - base])), default=0)
    seg_end_m = re.search(r"[,;]", text[near[1] - base:])
    seg_end = near[1] - base + seg_end_m.start() if seg_end_m else len(text)
    running = _RUNNING.search(text[seg_start:seg_end]) is not None or (
        fig_verb is not None and fig_verb.tag_ == "VBN" and fig_verb.lemma_.lower() not in REPORT_VERBS and any(
            c.dep_ == "aux" and c.lower_ in ("has", "have") for c in fig_verb.children))  # "has risen to 28"
    noun_verb = _host_verb(fig_verb)  # "The boat, carrying 63 people, overturned on Sunday"
    attributing = {t.i for t in view.span() or [] if t.lower_ == "according" for t in t.subtree}
    own: list[tuple[int, int, DateMention]] = []
    report: DateMention | None = None
    for d in usable:
        before = text[:d.start - base]
        span = view.char_span(d.start, d.end)
        if _PERIOD_START.search(before) or span is None or len(span) == 0:
            continue
        if d.kind == "to_date" or (d.relative and re.match(r"(?:this|so\s+far)\b", d.text, re.I)):
            running = True  # "so far this year", "this year's dead": a running total
            continue
        d_verb = _clause_verb(span.root)
        gap = text[near[1] - base:d.start - base] if d.start >= near[1] else None
        follows = gap is not None and len(gap) <= 30 and not re.search(r"[,;]|\b(?:from|than|since)\b", gap)
        antecedent = fig_verb is not None and fig_verb.dep_ in ("relcl", "acl") and span.root.head.i == fig_verb.head.i
        dates_figure = d_verb is not None and (  # "users who activated ... last Tuesday", "1,305, set in 2022"
            (d_verb.dep_ in ("acl", "relcl") and d_verb.head.i in (fig.i, fig.head.i))
            or (d_verb.dep_ == "advcl" and (d_verb.head.i == fig.i or (
                d_verb.tag_ == "VBN" and fig_verb is not None and d_verb.head.i == fig_verb.i))))
        if antecedent or dates_figure:
            own.append((0, 0, d))
            continue
        if (d.kind == "adjective" and not follows) or _compared_elsewhere(before, base, near):
            continue
        same = d_verb is not None and fig_verb is not None and d_verb.i == fig_verb.i
        joined = d_verb is not None and fig_verb is not None and d_verb.i != fig_verb.i and (
            (fig_verb.dep_ == "conj" and fig_verb.head.i == d_verb.i)
            or (d_verb.dep_ == "conj" and d_verb.head.i == fig_verb.i)
            or (noun_verb is not None and noun_verb.i == d_verb.i))
        if follows or same:
            own.append((0, 0 if follows else abs(d.start - near[0]), d))
        elif joined and not running:
            own.append((1, abs(d.start - near[0]), d))  # "lost 12,400 jobs in June and the rate rose to 7.1%"
        elif span.root.i in attributing or (d_verb is not None and fig_verb is not None and _reports(d_verb, fig_verb)):
            report = d  # "..., the institute said on Tuesday" / "according to a report released on Tuesday"
        elif not running and not _in_other_noun_clause(d_verb, fig):
            own.append((2, abs(d.start - near[0]), d))  # the parse may have split the clause: nearest date
    own.sort(key=lambda t: (t[0], t[1]))
    if report is not None and own and own[0][0] == 2:
        own = []  # a report date beats a guess
    return [d for _r, _g, d in own], report, running


def _in_other_noun_clause(d_verb: Token | None, fig: Token) -> bool:
    """A date in a relative or participle clause on some other noun ("a firefighter who was
    swept away on Sunday night") dates that noun, not the claim."""
    if d_verb is None or d_verb.dep_ not in ("relcl", "acl"):
        return False
    return fig.i not in {t.i for t in d_verb.head.subtree}  # the noun it describes does not hold the claim


def _compared_elsewhere(before: str, base: int, near: tuple[int, int]) -> bool:
    """Is the date the other side of a comparison the claim is not part of ("14,000 people,
    up from about 8,000 on Monday")?"""
    window = before[-60:]
    cue = None
    for m in _COMPARISON_CUE.finditer(window):
        cue = m
    if cue is None:
        return False
    cue_at = base + len(before) - len(window) + cue.start()
    return not cue_at <= near[0]


def _reports(d_verb: Token, fig_verb: Token) -> bool:
    """Does the clause of ``fig_verb`` hang on ``d_verb`` as what it reports (not as a
    coordinated clause)?"""
    t = fig_verb
    for _ in range(8):
        if t.head.i == t.i:
            return False
        if t.head.i == d_verb.i:
            return t.dep_ in ("ccomp", "xcomp", "parataxis", "advcl", "dep", "csubj")
        t = t.head
    return False


def _host_verb(verb: Token | None) -> Token | None:
    """For a participle or relative clause on a noun ("The boat, carrying 63 people,"), the
    verb of the clause that noun stands in."""
    if verb is None or verb.dep_ not in ("acl", "relcl") or verb.head.i == verb.i:
        return None
    return _clause_verb(verb.head)


def _clause_verb(tok: Token) -> Token | None:
    """The verb whose clause ``tok`` stands in (auxiliaries skipped)."""
    t = tok
    for _ in range(12):
        if t.pos_ in ("VERB", "AUX") and t.dep_ not in ("aux", "auxpass"):
            return t
        if t.head.i == t.i:
            return None
        t = t.head
    return None


def _carried_date(view: SentenceView, published: dt.date | None) -> str | None:
    """The date of the previous sentence in the same block when this one continues its report."""
    if view.doc is None:
        return None
    quote_goes_on = view.text.lstrip()[:1] in ("“", '"')
    if not (quote_goes_on or _CONTINUES.match(view.text)):
        return None
    local = view.to_local(view.start)
    before = view.doc.text[:local].rstrip()
    if not before:
        return None
    cut = max(before.rfind(". ", 0, len(before) - 1), before.rfind("\n", 0, len(before) - 1))
    previous = before[cut + 1:] if cut >= 0 else before
    if quote_goes_on and not _REPORT_CUE.search(previous):
        return None  # a new quotation, not the rest of one whose speaker and date were given
    prev_dates = [d for d in find_dates(previous, 0, published) if d.iso and d.kind not in ("adjective", "bare")]
    if not prev_dates:
        return None
    rank = {"day": 0, "week": 1, "month": 2, "season": 3, "year": 4}
    return min(prev_dates, key=lambda d: rank.get(d.precision, 5)).iso  # the report's own date is the precise one
