"""The date grammar: what a date expression looks like in news prose.

Regexes for absolute dates ("November 12, 2024", "12 November", "2024-11-12", "June 2024",
"in 2014"), relative ones ("on Tuesday", "last month", "earlier this year", "three weeks
ago"), quarters, holidays and anaphoric ones ("the next year", "the day before"), plus the
context patterns that tell a year from a count or a name ("Euro 2020", "2020 people").
Each pattern's reading -- what it resolves to -- is in
:mod:`claimledger.extract.date_resolution`; :mod:`claimledger.extract.dates` runs them.
"""

from __future__ import annotations

import re
from dataclasses import dataclass


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
    kind: str = "date"  # "date" | "adjective" | "to_date" | "anaphoric" | "period" | "bare" | "vague"
    future: bool = False  # the clause speaks of the future
    shift: tuple[str, int] | None = None  # anaphoric: (unit, signed amount), e.g. ("year", 1)


def _words(text: str) -> frozenset[str]:
    """A word list written as one string (easier to read and extend than a list literal)."""
    return frozenset(text.split())


# --- grammar ---------------------------------------------------------------------------

MONTHS = {
    "january": 1, "february": 2, "march": 3, "april": 4, "may": 5, "june": 6, "july": 7,
    "august": 8, "september": 9, "october": 10, "november": 11, "december": 12,
    "jan": 1, "feb": 2, "mar": 3, "apr": 4, "jun": 6, "jul": 7, "aug": 8, "sep": 9, "sept": 9,
    "oct": 10, "nov": 11, "dec": 12,
}
_FULL = [m.capitalize() for m in list(MONTHS)[:12]]
_ABBR = ["Jan", "Feb", "Mar", "Apr", "Jun", "Jul", "Aug", "Sept", "Sep", "Oct", "Nov", "Dec"]
# Month names are matched capitalised (or all caps) so that "may" and "march" stay verbs.
_MONTH = "(?:" + "|".join(_FULL + [m.upper() for m in _FULL] + [a + r"\.?" for a in _ABBR]) + ")"
_MONTH_ALONE = "(?:" + "|".join(_FULL + [a + r"\." for a in _ABBR]) + ")"
WEEKDAYS = ["monday", "tuesday", "wednesday", "thursday", "friday", "saturday", "sunday"]
_WEEKDAY = "(?:" + "|".join(w.capitalize() for w in WEEKDAYS) + ")"
_DAY = r"(?:3[01]|[12][0-9]|0?[1-9])(?:st|nd|rd|th)?"
_YEAR = r"(?:1[6-9][0-9]{2}|20[0-9]{2})"
_MOD = r"(?:(?:the\s+)?(?:end|beginning|start|middle)\s+of\s+|(?:early|late|mid)(?:\s+|-))"
_SEASON = r"(?:[Ss]pring|[Ss]ummer|[Aa]utumn|[Ff]all|[Ww]inter)"
NUM_WORDS = {
    "a": 1, "an": 1, "one": 1, "two": 2, "three": 3, "four": 4, "five": 5, "six": 6,
    "seven": 7, "eight": 8, "nine": 9, "ten": 10, "eleven": 11, "twelve": 12,
}
_N = r"(?:\d{1,3}|a|an|one|two|three|four|five|six|seven|eight|nine|ten|eleven|twelve)"

_NO_NUM_AFTER = r"(?![,.]\d|\d|\s*%|-\d|–\d|:\d)"
PATTERNS: list[tuple[str, re.Pattern[str]]] = [
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
    ("the_weekend", re.compile(r"\b(?:over|during|at|on)\s+the\s+weekend\b", re.I)),
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
SCREEN = re.compile(
    r"\b(?:" + "|".join(_FULL + _ABBR) + r"|" + "|".join(w.capitalize() for w in WEEKDAYS)
    + r"|Christmas|New Year|Halloween|Valentine|Fourth of July|Boxing Day|Q[1-4])"
    r"|(?<!\d)(?:1[6-9]|20)\d\d(?!\d)|\d{1,2}/\d{1,2}/\d"
    r"|\b(?:today|yesterday|tonight|tomorrow|ago|days?|weeks?|months?|years?|weekend|spring|summer|autumn|fall"
    r"|winter|to date|quarter|morning|afternoon|evening|night)\b", re.I)

PREP_BEFORE = re.compile(
    r"(?:\b(?:in|on|since|by|until|till|from|through|throughout|during|before|after|of|circa|between|and|to|"
    r"around|as of|back in|early|late|mid|until|that|or|for|each|every|spring|summer|autumn|fall|winter|"
    r"year|years|the year|fiscal|FY|c\.|ca\.)|mid-)\s*$", re.I)
DET_BEFORE = re.compile(r"\b(?:the|this|that|a|an|its|his|her|their|our|whose|last|next)\s+$", re.I)
NAME_BEFORE = re.compile(
    r"(?<![\w.])(?!(?:The|A|An|In|On|By|At|Of|For|From|Since|Until|Till|Before|After|During|Through|This|That|These|"
    r"Those|Its|His|Her|Their|Our|Last|Next|Early|Late|And|Or|But|Then|Between|Around|As|Until|Every|Each|Until)\s)"
    r"[A-Z][\w.]*\s+$")
PLURAL_AFTER = re.compile(r"\s+(?:[a-z]+(?<!s)s|people|men|women|children|million|billion|thousand|"
                           r"hundred|percent|per)\b")
EVENT_NOUNS = _words(
    "election elections campaign campaigns season seasons race races olympics games midterms primary "
    "primaries census budget report survey study film album tour entry attack attacks invasion war crisis "
    "pandemic summit deal law act final finals championship championships cup annexation incursion "
    "earthquake flood floods hurricane wildfires fires riots protests talks visit rally debate debates "
    "meeting referendum coup revolution vote")
FUTURE = re.compile(
    r"\b(?:will|won['’]t|shall|['’]ll|going\s+to|due\s+to|is\s+due|are\s+due|scheduled|set\s+to|expected\s+to|"
    r"plans?\s+to|planned|planning|upcoming|to\s+be\s+held|next)\b", re.I)
DURATION_BEFORE = re.compile(r"\bthe\s+$", re.I)
SPAN_BEFORE = re.compile(r"\b(?:over|for|within|in|during|throughout)\s+$", re.I)
