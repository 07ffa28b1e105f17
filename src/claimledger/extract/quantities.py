"""Find the quantity expressions of a text: the figures a news claim is made of.

:func:`find_quantities` is a scanner of compiled patterns, no parse, because it runs on
every candidate sentence.  It works in four passes:

1. *Blocked spans*: dates, clock times, URLs, handles and phone numbers are marked first, so
   that no figure is ever read out of "Nov. 18, 2019" or "pic.twitter.com/4p7SX".
2. *Cores*: each digit string, number-word run, fraction-of, collective ("a trio of") or
   vague amount ("thousands", "several hundred") is read with its currency, scale and unit,
   then widened to a range ("10,000 to 12,000", "5-6") and to the hedge words around it.
3. *Filters* drop what only looks like a figure: years, ordinals, ages, designations
   ("Article 5", "F-16", "Sportback 50"), sports scores ("5-4", "14-0-1"), the period of a
   claim ("over the past three days"), "one of the".
4. *Relations*: "five of the 10 Democrats" keeps the five, "one of Jupiter's 79 moons" the
   79; a hedge before a tight list ("up to five radar sensors, five cameras and twelve
   ultrasonic sensors") covers every item of the list.

Hedges and bounds follow the export contract (``CONTRACT.md``); vague amounts follow
:data:`VAGUE`.  Spans cover the hedge words, the number and its unit.
"""

from __future__ import annotations

import re
from dataclasses import dataclass, replace
from fractions import Fraction
from typing import NamedTuple

from claimledger.extract import numbers as nb
from claimledger.models import Quantity

# Vague amounts -> (low, high).  A plural scale names at least one of that unit, open above
# (the convention of the sample gold and of ACLED: "thousands" -> 1000, "dozens" -> 12);
# "several" is 3-9, "a few" and "a handful" 2-9; "a few hundred" is any three-digit count
# (100-999), "several hundred" 300-999, "a couple of hundred" about 200.
VAGUE: dict[str, tuple[float, float | None]] = {
    "dozens": (12, None), "scores": (20, None), "hundreds": (100, None),
    "thousands": (1e3, None), "millions": (1e6, None), "billions": (1e9, None),
    "tens of thousands": (1e4, None), "hundreds of thousands": (1e5, None),
    "tens of millions": (1e7, None), "hundreds of millions": (1e8, None),
    "tens of billions": (1e10, None), "hundreds of billions": (1e11, None),
    "several": (3, 9), "a few": (2, 9), "a handful": (2, 9),
}



def _wordset(words: str) -> frozenset[str]:
    return frozenset(words.split())


_NW, _SW, _FW = nb.NUMBER_WORD_RE, nb.SCALE_WORD_RE, nb.FRACTION_WORD_RE
_MONTH = (r"(?:Jan(?:uary)?|Feb(?:ruary)?|Mar(?:ch)?|Apr(?:il)?|May|June?|July?|Aug(?:ust)?|"
          r"Sept?(?:ember)?|Oct(?:ober)?|Nov(?:ember)?|Dec(?:ember)?)")
_DET = r"(?:the|its|their|his|her|our|those|these|an\sestimated)\s+"

CORE = re.compile(
    rf"""(?<!\w)(?:(?P<vague>\b(?:(?:tens|hundreds)\s+of\s+(?:thousands|millions|billions)
            |(?:several|a\s+few|a\s+handful\s+of|a\s+couple(?:\s+of)?)\s+(?:dozen|{_SW})s?
            |dozens|hundreds|thousands|millions|billions|scores(?=\s+of\b)
            |several|a\s+few|a\s+handful)\b)
    |(?P<frac>\b(?:(?:an?|one|two|three|four|five|six|seven|eight|nine)[\s-]+(?:{_FW})s?|half)\s+of\s+
            (?:{_DET})?(?=[$€£\d]|(?:{_NW})\b|an?\s+(?:{_SW})\b))
    |(?P<digits>(?P<cur>{nb.CURRENCY_PREFIX_RE})?(?P<num>\d{{1,3}}(?:,\d{{3}})+(?:\.\d+)?|\d+(?:\.\d+)?))
    |(?P<coll>\b(?:half\s+)?an?\s+(?:dozen|{_SW})(?:[\s-]+(?:and[\s-]+)?(?:{_NW}|{_SW}))*\b
            |\ban?\s+(?:couple|pair|trio|quartet|score)\s+of\b)
    |(?P<words>\b(?:{_NW})(?:[\s-]+(?:and[\s-]+)?(?:{_NW}|{_SW}|dozen))*\b)
    |(?P<mult>\b(?:twice|thrice)\b))""",
    re.IGNORECASE | re.VERBOSE,
)
_MAY_HOLD = re.compile(rf"\d|\b(?:{_NW}|dozens?|hundreds?|thousands?|millions?|billions?|several|few|"
                       r"handful|twice|thrice|couple|pair|trio|quartet|scores?)\b", re.IGNORECASE)

# pass 1: spans that never hold a claim figure
_BLOCKERS: tuple[re.Pattern[str], ...] = (
    re.compile(rf"\b{_MONTH}\.?\s+\d{{1,2}}(?:st|nd|rd|th)?\b(?:,?\s+\d{{4}})?"),  # Nov. 18, 2019
    re.compile(rf"\b\d{{1,2}}(?:st|nd|rd|th)?\s+(?:of\s+)?{_MONTH}\b\.?(?:,?\s+\d{{4}})?"),  # 9 June 2024
    re.compile(rf"\b{_MONTH}\.?,?\s+\d{{4}}\b"),  # June 2024
    re.compile(r"\b\d{4}-\d{2}-\d{2}(?:T[\d:.]+Z?)?\b|\b\d{1,2}/\d{1,2}/\d{2,4}\b|\b\d{1,2}\.\d{1,2}\.\d{4}\b"),
    re.compile(r"\b\d{1,2}:\d{2}(?::\d{2})?(?:\s?[ap]\.?m\.?)?|\b\d{1,2}\s?(?:[ap]\.m\.|[ap]m\b|o['’]clock\b)",
               re.IGNORECASE),
    re.compile(r"(?:https?://|www\.|pic\.twitter\.com/)\S+|[@#]\w+", re.IGNORECASE),
    re.compile(r"(?=[\d+(])(?:\+\d{1,3}[\s.-]?)?\(?\b\d{3}\)?[\s.-]\d{3}[\s.-]\d{4}\b|\+\d{1,3}(?:[\s.-]?\(?\d+\)?){2,}"
               r"|\b0\d{2,4}[\s-]\d{3,4}[\s-]\d{3,4}\b"),  # phone numbers
    re.compile(r"\b\d{1,5}\s+(?:[A-Z][a-z]+\s+){1,3}(?:Street|St\.|Avenue|Ave\.?|Road|Rd\.?|Boulevard|Blvd\.?|"
               r"Lane|Drive|Dr\.|Place|Square|Court|Terrace)\b"),  # street addresses
    re.compile(r"\b(?:1[89]|20)\d{2}\s?[-–/]\s?(?:1[89]|20)?\d{2}\b"),  # 2010-2015, 2019/20
    re.compile(r"\b(?:ISBN|DOI|ISSN)[:\s]\s*\S+|\b10\.\d{4,}/\S+", re.IGNORECASE),
    re.compile(r"\[\d{1,3}\]"),  # footnote marks
)

# canonical unit -> surface forms
_UNIT_FORMS: dict[str, str] = {
    "pp": r"percentage[\s-]points?", "bp": r"basis[\s-]points?|bps", "ly": r"light[\s-]years?", "%": r"%|percent|per[\s-]?cent|pct\b",
    "km²": r"square[\s-]kilomet(?:er|re)s?|sq\.?\s?km|km2|km²", "mi²": r"square[\s-]miles?|sq\.?\s?mi(?:les?)?",
    "km/h": r"km/h|kph|kilomet(?:er|re)s?\s(?:per|an)\shour", "mph": r"mph|miles\s(?:per|an)\shour",
    "km": r"kilomet(?:er|re)s?|km", "m": r"met(?:er|re)s?", "cm": r"centimet(?:er|re)s?|cm",
    "mm": r"millimet(?:er|re)s?|mm", "mi": r"miles?", "ft": r"feet|foot|ft\b\.?", "in": r"inch(?:es)?",
    "yd": r"yards?", "acre": r"acres?", "ha": r"hectares?|ha\b", "kg": r"kilo(?:gram(?:me)?)?s?|kgs?",
    "g": r"grams?|grammes?", "t": r"(?:metric\s)?tonnes?|tons?", "lb-ft": r"lb[\s.-]?-?ft\.?|pound[\s-]feet",
    "lb": r"pounds?|lbs?\b\.?", "oz": r"ounces?|oz\b", "l": r"lit(?:er|re)s?", "gal": r"gallons?",
    "bbl": r"barrels?", "kn": r"knots?", "°": r"degrees?(?:\s(?:celsius|fahrenheit|c|f)\b)?|°\s?[cf]?|(?<=\d)[CF]",
    "magnitude": r"magnitude", "kWh": r"kwh", "MWh": r"mwh", "GWh": r"gwh", "TWh": r"twh",
    "kW": r"kw|kilowatts?", "MW": r"mw|megawatts?", "GW": r"gw|gigawatts?", "hp": r"horsepower|b?hp",
    "fps": r"fps|frames\sper\ssecond", "cu ft": r"cu\.?\s?ft\.?|cubic\s(?:feet|foot)", "m³": r"cubic\smet(?:er|re)s?",
    "GB": r"gb|gigabytes?", "TB": r"tb|terabytes?", "MB": r"mb|megabytes?", "Mbps": r"mbps", "Gbps": r"gbps",
    "mAh": r"mah", "MP": r"megapixels?", "Nm": r"nm|newton[\s-]met(?:er|re)s?", "dB": r"dba?|decibels?", "s": r"seconds?|secs?", "min": r"minutes?|mins?",
    "h": r"hours?|hrs?", "day": r"days?", "week": r"weeks?", "month": r"months?", "year": r"years?|yrs?",
    "decade": r"decades?", "century": r"centuries|century",
}
TIME_UNITS = frozenset({"s", "min", "h", "day", "week", "month", "year", "decade", "century"})
_CURRENCY_CODES = frozenset(nb.CURRENCY_WORDS.values())
_UNIT_TABLE: list[tuple[re.Pattern[str], str]] = [
    (re.compile("(?:" + form.replace(r"(?<=\d)", "") + ")$", re.IGNORECASE), unit)
    for form, unit in [*nb.CURRENCY_WORDS.items(), *((f, u) for u, f in _UNIT_FORMS.items())]
]
_UNIT_AFTER = re.compile(r"(?:\s?-\s?|\s?)(?P<unit>" + "|".join([*nb.CURRENCY_WORDS, *_UNIT_FORMS.values()])
                         + r")(?!\w)", re.IGNORECASE)
_ATTACHED_UNIT = re.compile(r"(?:[CF](?!\w)|fps|mph|kph|km2|km|kgs?|kwh|kw|mwh|mw|gwh|gw|twh|gb|tb|mb|mbps|gbps|mah|mm|cm"
                            r"|ft|lbs?|b?hp)(?!\w)", re.IGNORECASE)
_SCALE_AFTER = re.compile(r"(?:[\s-]+|\s?)(hundred|thousand|million|billion|trillion|lakh|crore|bn|mn|mln|bln|tn|trn)"
                          r"\b((?:[\s-]+(?:hundred|thousand|million|billion|crore))*)", re.IGNORECASE)
_MAGNITUDE_BEFORE = re.compile(r"\bmagnitude(?:\s+of)?[\s-]$", re.IGNORECASE)
_RATIO_AFTER = re.compile(rf"\s+in\s+(?:\d+|{_NW})\b(?!\s+(?:{_MONTH}|\d))", re.IGNORECASE)
_FRACTION_AFTER = re.compile(rf"[\s-](?:{_FW})s?\b", re.IGNORECASE)
_SCALE_ABBR_CUR = re.compile(r"\s?([mMbBkK])\b")
_SCALE_K = re.compile(r"(k)\b|(?<=\d\d)(K)\b")

# hedges, read backwards from the figure
_HEDGES: dict[str, str] = {
    "approx_high": r"nearly|almost|close\sto|just\sunder|just\sshy\sof|shy\sof|not\squite|approaching|just\sbelow",
    "min": r"at\sleast|more\sthan|over|in\sexcess\sof|upwards?\sof|above|exceeding|exceeded|exceeds|"
           r"no\sfewer\sthan|no\sless\sthan|not\sless\sthan|a\sminimum\sof|just\sover|well\sover|well\sabove|"
           r"well\sin\sexcess\sof|north\sof|greater\sthan|higher\sthan|as\sfew\sas|beyond",
    "max": r"as\smany\sas|up\sto|at\smost|fewer\sthan|less\sthan|under|no\smore\sthan|not\smore\sthan|"
           r"a\smaximum\sof|below|as\smuch\sas|as\shigh\sas|no\shigher\sthan|well\sunder|well\sbelow|"
           r"not\sexceeding|as\slong\sas|a\slittle\sunder|a\slittle\sless\sthan",
    "approx": r"about|around|approximately|approx\.|roughly|some|an\sestimated|estimated\sat|estimated|"
              r"circa|ca\.|c\.|~|in\sthe\sregion\sof|on\sthe\sorder\sof|in\sthe\sorder\sof|give\sor\stake|"
              r"an\saverage\sof|on\saverage|something\slike",
}
_HEDGE_KIND = [(re.compile(rf"(?:{pat})$", re.IGNORECASE), kind) for kind, pat in _HEDGES.items()]
_HEDGE_BEFORE = re.compile(r"(?:^|(?<=[\s(\"“‘'—–-]))(?P<hedge>" + "|".join(_HEDGES.values()) + r")\s*$",
                           re.IGNORECASE)
_HEDGE_AFTER = re.compile(r"(?P<hedge>\+|-?plus\b|\sor\smore\b|\sor\sabove\b|\sor\sso\b|\sor\sfewer\b|\sor\sless\b)",
                          re.IGNORECASE)
_HEDGE_AFTER_KIND = {"+": "min", "plus": "min", "or more": "min", "or above": "min", "or so": "approx",
                     "or fewer": "max", "or less": "max"}
_PHRASAL_UP = re.compile(  # "top up to 80 percent": a phrasal verb, not a ceiling
    r"\b(?:top|topp?ed|topping|tops|fill|filled|filling|add|added|adds|adding|sign|signed|end|ended|sum|summed|"
    r"tot|totted|rack|racked|chalk|chalked|ramp|ramped|step|stepped|scale|scaled|bump|bumped|build|built|"
    r"catch|caught|speed|sped)\s+up\s+to\s*$", re.IGNORECASE)

# ranges and scores
_RANGE_JOIN = re.compile(r"(?P<join>-to-|\s?[-‐–—]\s?|\s+to\s+|\s+and\s+|\s+or\s+)(?=[$€£\d]|[A-Za-z])", re.IGNORECASE)
_DASHES = frozenset("-‐–—")
_BETWEEN_BEFORE = re.compile(r"\b(?:between|anywhere\sfrom|ranging\sfrom|range\sof|ranges\sfrom)\s+"
                             r"(?:an\sestimated\s|about\s|around\s)?$", re.IGNORECASE)
_FROM_BEFORE = re.compile(r"\bfrom\s+(?:an?\s)?(?:estimated\s)?$", re.IGNORECASE)
_SCORE_AFTER = re.compile(
    r"\s*(?:\w+\s)?(?:win|wins|victory|loss|defeat|draw|tie|lead|decision|record|rout|triumph|scoreline|"
    r"margin|vote|verdict|split|overtime|shootout|aggregate|skid|start|streak)\b", re.IGNORECASE)
_SCORE_BEFORE = re.compile(r"\b(?:won|win|wins|beat|beats|lost|lose|loses|drew|draw|led|leads|trailed|tied|"
                           r"defeated|edged|routed|outshot|outscored|thrashed|crushed|downed|clinched|improved\sto|"
                           r"fell\sto|dropped\sto|moved\sto)\s(?:[\w'’]+\s){0,3}$", re.IGNORECASE)
_CHAIN = re.compile(r"(?:\s?[-–]\s?\d+)+")

# what is not a figure
_AGE_AFTER = re.compile(r"[\s-]+(?:years?|yrs?|months?|weeks?|days?)[\s-]*old\b", re.IGNORECASE)
_AGE_BEFORE = re.compile(r"\b(?:aged?|ages|age\sof)\s(?:between\s)?$", re.IGNORECASE)
_ADJ_TIME_AFTER = re.compile(r"-(?:second|minute|hour|day|week|month|year|decade|century|night|time|term)s?\b",
                             re.IGNORECASE)
_NAME_COMMA_BEFORE = re.compile(r"\b[A-Z][\w'’-]+(?:\s(?:Jr|Sr|II|III)\.?)?,\s$")
_NOUN_COMMA_BEFORE = re.compile(r"[a-z][\w'’]*[”\"]?,\s$")
_AGE_CLAUSE_AFTER = re.compile(r",\s+(?:was|is|has|had|who|said|says|died|told|will|would|could|and)\b")
_DESIGNATION_BEFORE = re.compile(
    r"\b(?:page|pages|area|room|route|highway|interstate|exit|section|chapter|episode|season|phase|stage|level|"
    r"flight|gate|platform|terminal|line|zone|district|ward|precinct|article|rule|clause|paragraph|item|"
    r"figure|fig\.|table|version|model|issue|vol\.|volume|no\.|nos\.|number|week|game|round|grade|class|"
    r"category|type|size|step|scene|lane|pier|apt\.?|apartment|suite|channel|verse|series|gen|generation|"
    r"part|tier|code|edition|ch\.|p\.|pp\.)\s$", re.IGNORECASE)
_PHONE_BEFORE = re.compile(r"\b(?:call(?:ed|ing|s)?|dial(?:l?ed|l?ing|s)?|text(?:ed|ing)?|phone|tel\.?|fax)\s$",
                           re.IGNORECASE)
_LIST_MARKER = re.compile(r"\d{1,2}[.)]\s")
_ONE_PRONOUN_BEFORE = re.compile(r"\b(?:the|this|that|any|every|each|no|another|which|what|some)\s$", re.IGNORECASE)
_ONE_IDIOM_AFTER = re.compile(
    r"\s+(?:of|another|who|whom|whose|that|which|by|day|point|thing|way|side|hand|reason|more|last|such|"
    r"too|else|knows|can|could|would|should|will|must|is|was|has|had|does|did|might|may)\b"
    r"|\s*[,.;:!?)\"”’]|\s*$", re.IGNORECASE)
# a small number after a determiner names a known set again ("the two companies", "these two")
_ANAPHORIC_BEFORE = re.compile(r"\b(?:the|these|those|which|both)\s+(?:(?:other|remaining|same|latter|former|original|"
                               r"main|first|last)\s+)?$", re.IGNORECASE)
# "one" is a count only in a list, after a hedge or "only", or before a person or casualty
_ONE_COUNT_BEFORE = re.compile(r"(?:,\s*(?:and\s+)?|\band\s+|\b(?:only|just|exactly|another|further|least|than|"
                               r"to|killing|killed|injuring|injured|wounding|wounded|leaving|left)\s+)$",
                               re.IGNORECASE)
_ONE_COUNT_AFTER = re.compile(
    r"\s+(?:[a-z]+\s+)?(?:person|man|woman|child|boy|girl|baby|soldier|civilian|officer|victim|worker|student|"
    r"passenger|patient|death|fatality|casualty|case|infection|resident|migrant|refugee|journalist|"
    r"protester|hostage|prisoner|suspect|member)\b", re.IGNORECASE)
# "according to two people familiar with the matter": who speaks, not what is counted
_SOURCE_AFTER = re.compile(
    r"\s+(?:[a-z]+\s+)?(?:people|sources|officials|persons|individuals)\s+(?:familiar|with\s+(?:direct\s+)?"
    r"knowledge|briefed|close\s+to|who\s+(?:spoke|declined|asked|requested|were\s+not))", re.IGNORECASE)
# a word number in a design name ("four-door coupe", "five-link suspension")
_DESIGN_AFTER = re.compile(
    r"-(?:door|link|wheel|way|story|storey|seater|speed|star|point|piece|part|step|stroke|cylinder|lane|track|"
    r"bedroom|bed|room|dimensional|sided|fold|pronged|prong|tier|level|layer|ply|page|engine|blade|axle|"
    r"letter|word|hit|run|state|party|shot)\b", re.IGNORECASE)
_ROTATION = re.compile(r"(?:360|180|90)[\s-]degrees?\s+(?!heat|weather|temperature|fever)", re.IGNORECASE)
_FUNCTION_WORDS = _wordset(
    "the a an about around some nearly almost only just over under up at more fewer less all but and or in on "
    "by for with of from to between roughly approximately another those these its his her their our my your "
    "exactly still even since after before while when than as were was are is had have has including "
    "estimated least most top what which total without among every each both if there then so yet per plus "
    "also once officially reportedly fully though although because during within perhaps maybe today "
    "yesterday now currently overall altogether meanwhile here recently previously again already nationwide "
    "worldwide globally monday tuesday wednesday thursday friday saturday sunday")
_ALLCAPS_OK = frozenset({"US", "UK", "EU", "UN", "U.S.", "U.K.", "NATO", "AP", "AFP"})
_PERIOD_ANY = re.compile(r"\b(?:past|last|next|previous|coming|following)\s(?:the\s)?$", re.IGNORECASE)
_PERIOD_TIME = re.compile(r"\b(?:first|final|recent|over|for|within|throughout|during|every|each)\s(?:the\s)?$",
                          re.IGNORECASE)
_PERIOD_AFTER = re.compile(r"\s+(?:ago|later|earlier|from\snow|prior|beforehand|afterwards?|"
                           r"in\sa\s(?:row|year|week|day|month))\b", re.IGNORECASE)
_VAGUE_SKIP_AFTER = re.compile(
    r"\s+(?:of\s+)?(?:seconds|minutes|hours|days|weeks|months|years|decades|centuries|times|miles|"
    r"kilomet(?:er|re)s|km|feet|metres|meters|light[\s-]years|degrees)\b", re.IGNORECASE)
_PART_OF_GAP = re.compile(r"\s+(?:[a-z]+\s+)?(?:of|out\sof)\s+(?:the\s|its\s|their\s|his\s|her\s|our\s|"
                          r"those\s|these\s|[A-Z]\w*['’]s\s)?")
_LIST_GAP = re.compile(r"(?:\s+(?!(?:was|were|is|are|has|have|had|been|will|would|could|said)\b)[a-z][\w'’-]*"
                       r"(?<!ed)){0,4}\s*,\s*(?:and\s+)?")
_YEAR_PREP = re.compile(r"\b(?:in|since|by|from|until|till|before|after|during|of|circa|early|late|mid|spring|"
                        r"summer|autumn|fall|winter|year|fiscal|between|and|to|through|the|this|that|class)\s$",
                        re.IGNORECASE)
_NOT_PLURAL = _wordset("this was has his its does yes less unless across always perhaps thus plus is as us "
                        "whereas species series news")


class _Skip(NamedTuple):
    """The scanner's answer for text that looks like a figure but is not: skip to ``end``."""

    end: int


@dataclass
class _Num:
    """A number read at one place in the text."""

    start: int
    end: int
    value: float
    unit: str | None = None
    scaled: bool = False  # a scale word or abbreviation multiplied it
    word: bool = False  # written in words
    year_like: bool = False
    bare_end: int = -1  # end of the number itself, before any unit

    def __post_init__(self) -> None:
        if self.bare_end < 0:
            self.bare_end = self.end


def may_hold_quantity(text: str) -> bool:
    """Cheap pre-filter: can this text hold a quantity at all (a digit or a number word)?"""
    return bool(_MAY_HOLD.search(text))


def find_quantities(text: str, offset: int = 0) -> list[Quantity]:
    """Every quantity expression in ``text``, left to right, spans in document offsets.

    ``offset`` is the document position of ``text[0]``.  Pure; never raises on any input.
    """
    if not text or not may_hold_quantity(text):
        return []
    blocked = _blocked(text)
    found: list[Quantity] = []
    last_end = 0
    for m in CORE.finditer(text):
        if m.start() < last_end or _inside(m.start(), m.end(), blocked):
            continue
        q = _build(text, m, blocked)
        if isinstance(q, _Skip):
            last_end = max(last_end, q.end)
        elif q is not None and q.end > q.start:
            found.append(replace(q, start=max(q.start, last_end)))
            last_end = q.end
    found = _distribute(text, _relate(text, found))
    return [replace(q, start=q.start + offset, end=q.end + offset, text=text[q.start:q.end]) for q in found]


_DOMAIN = re.compile(r"\.(?:com|org|net|gov|edu|io|co\.uk|ru|de|fr|info)\b", re.IGNORECASE)


def _blocked(text: str) -> list[tuple[int, int]]:
    """Spans of dates, times, links, handles, phone numbers and addresses."""
    spans = [m.span() for pat in _BLOCKERS for m in pat.finditer(text)]
    for m in _DOMAIN.finditer(text):  # "www.earbooks.net/en", "user@mail.com": the whole token
        start = max(text.rfind(" ", 0, m.start()), text.rfind("\n", 0, m.start())) + 1
        end = min((i for i in (text.find(" ", m.end()), text.find("\n", m.end())) if i >= 0), default=len(text))
        spans.append((start, end))
    return sorted(spans)


def _inside(start: int, end: int, spans: list[tuple[int, int]]) -> bool:
    return any(s < end and start < e for s, e in spans)


# --- pass 2: a core and what surrounds it ---------------------------------------------

def _build(text: str, m: re.Match[str], blocked: list[tuple[int, int]]) -> Quantity | _Skip | None:
    if m.lastgroup == "vague":
        return _vague(text, m)
    if m.lastgroup == "frac":
        return _fraction_of(text, m, blocked)
    first = _read(text, m)
    if first is None:
        return None
    if _not_a_figure(text, first):
        rm = _RANGE_JOIN.match(text, first.end)
        second = _read_at(text, rm.end()) if rm and rm.group("join").strip().lower() in ("to", "and", "-", "–") \
            else None
        return _Skip(second.end) if second is not None and not second.word else None  # "aged 18 to 35"
    ratio = _RATIO_AFTER.match(text, first.end)
    if ratio:
        return _Skip(ratio.end())  # "one in five adults": a ratio, not a count
    mag = _MAGNITUDE_BEFORE.search(text, max(0, first.start - 20), first.start)
    if mag:
        first.unit, first.start = "magnitude", mag.start()
    return _widen(text, first, blocked)


def _read_at(text: str, pos: int) -> _Num | None:
    m = CORE.match(text, pos)
    return None if m is None or m.lastgroup in ("vague", "frac") else _read(text, m)


def _read(text: str, m: re.Match[str]) -> _Num | None:
    """The number a core match holds, with its currency, scale and unit."""
    if m.lastgroup == "digits":
        raw = m.group("num")
        value = nb.parse_digits(raw)
        if value is None:
            return None
        cur = m.group("cur")
        num = _Num(m.start(), m.end(), value, unit=nb.currency_of(cur) if cur else None)
        num.year_like = not cur and bool(re.fullmatch(r"1\d{3}|2[01]\d{2}", raw))
        return _digits_suffix(text, num, bool(cur))
    words = _backoff_words(m.group(0))
    value = nb.parse_number(words)
    if value is None:
        return None
    num = _Num(m.start(), m.start() + len(words), value, word=True)
    num.scaled = bool(re.search(_SW, words, re.IGNORECASE))
    return _unit(text, num)


def _backoff_words(words: str) -> str:
    """Longest prefix of a number-word run that parses ("five six" -> "five")."""
    parts = list(re.finditer(r"[A-Za-z]+", words))
    for k in range(len(parts), 0, -1):
        cand = words[: parts[k - 1].end()]
        if not cand.lower().endswith("and") and nb.parse_number(cand) is not None:
            return cand
    return words


def _digits_suffix(text: str, num: _Num, has_cur: bool) -> _Num | None:
    sm = _SCALE_AFTER.match(text, num.end) or (_SCALE_ABBR_CUR.match(text, num.end) if has_cur else None) \
        or _SCALE_K.match(text, num.end)
    if sm:
        word = sm.group(1) or sm.group(2)
        factor = nb.SCALES.get(word.lower()) or nb.SCALE_ABBREVIATIONS.get(word) or \
            nb.SCALE_ABBREVIATIONS.get(word.lower(), 1.0)
        if sm.lastindex and sm.lastindex > 1:
            for extra in re.findall(r"[A-Za-z]+", sm.group(2) or ""):
                factor *= nb.SCALES.get(extra.lower(), 1.0)
        num.value *= factor
        num.end, num.scaled, num.year_like = sm.end(), True, False
        num.bare_end = num.end
    if num.end < len(text) and text[num.end].isalpha() and not _ATTACHED_UNIT.match(text, num.end):
        return None  # "47th", "1080p", "4K", "1990s", "s96jjh8"
    return _unit(text, num)


def _unit(text: str, num: _Num) -> _Num:
    um = _UNIT_AFTER.match(text, num.end)
    if um:
        unit = next((u for pat, u in _UNIT_TABLE if pat.match(um.group("unit"))), None)
        if unit is not None and (num.unit is None or (unit in _CURRENCY_CODES and num.unit in _CURRENCY_CODES)):
            num.unit, num.end, num.year_like = unit, um.end(), False
            if unit == "decade":  # "more than two decades" -> 20 years, comparable with "20 years"
                num.unit, num.value = "year", num.value * 10
        elif unit is not None and unit in _CURRENCY_CODES:
            num.end = um.end()  # "$7.9 million dollars": one figure, one currency
    return num


def _widen(text: str, first: _Num, blocked: list[tuple[int, int]]) -> Quantity | _Skip | None:
    """Extend a number to a range, then to the hedge words around it."""
    start, end, unit = first.start, first.end, first.unit
    low: float | None = first.value
    high: float | None = first.value
    hedge = "exact"
    left = text[max(0, start - 80):start]
    rm = _RANGE_JOIN.match(text, first.end)
    second = _read_at(text, rm.end()) if rm else None
    if rm and _inside(rm.end(), rm.end() + 1, blocked):
        return _Skip(rm.end())  # "18-24 November": the first half of a date range
    if rm and second is not None and not _inside(second.start, second.end, blocked):
        verdict = _range_verdict(text, first, second, rm.group("join"), left)
        if verdict == "skip":
            chain = _CHAIN.match(text, second.end)
            return _Skip(chain.end() if chain else second.end)
        if verdict == "range":
            lo = first.value
            scale = _scale_of(second)
            if second.scaled and not first.scaled and first.value * scale <= second.value:
                lo = first.value * scale
            unit = second.unit or first.unit
            if unit in ("mph", "km/h") and lo == 0:
                return _Skip(second.end)  # "0-62 mph" names a sprint, not a figure
            low, high, hedge, end = lo, second.value, "range", second.end
            bm = _BETWEEN_BEFORE.search(left)
            if bm:
                start -= len(left) - bm.start()
    if first.year_like and (hedge == "range" or not _year_is_count(text, first, left)):
        return _Skip(end)
    if _PERIOD_ANY.search(left) or (unit in TIME_UNITS and (_PERIOD_TIME.search(left)
                                                             or _PERIOD_AFTER.match(text, end))):
        return _Skip(end)  # "the past three days", "for seven years", "two weeks ago"
    if hedge == "range":
        hm = _HEDGE_BEFORE.search(text[max(0, start - 40):start])
        if hm:
            start -= len(text[max(0, start - 40):start]) - hm.start("hedge")
        return Quantity(start=start, end=end, low=low, high=high, hedge=hedge, unit=unit)
    hm = _HEDGE_BEFORE.search(left)
    if hm and not _PHRASAL_UP.search(left):
        kind = _hedge_kind(hm.group("hedge"))
        start -= len(left) - hm.start("hedge")
        outer_left = text[max(0, start - 40):start]
        outer = _HEDGE_BEFORE.search(outer_left)
        if outer:  # "estimated at around", "up to about"
            okind = _hedge_kind(outer.group("hedge"))
            if kind == "approx" or okind == "approx":
                kind = kind if okind == "approx" else okind
                start -= len(outer_left) - outer.start("hedge")
        hedge, low, high = _bounds(kind, first.value)
    after = _HEDGE_AFTER.match(text, end)
    if after and hedge == "exact":
        hedge, low, high = _bounds(_hedge_kind(after.group("hedge")), first.value)
        end = after.end()
    return Quantity(start=start, end=end, low=low, high=high, hedge=hedge, unit=unit)


def _scale_of(n: _Num) -> float:
    """The scale word's factor of a scaled number (350 million -> 1e6)."""
    if n.scaled and n.value:
        for factor in (1e12, 1e9, 1e6, 1e3, 1e2):
            if n.value >= factor:
                return factor
    return 1.0


def _hedge_kind(word: str) -> str:
    w = re.sub(r"\s+", " ", word.strip().lstrip("-").lower())
    if w in _HEDGE_AFTER_KIND:
        return _HEDGE_AFTER_KIND[w]
    return next((kind for pat, kind in _HEDGE_KIND if pat.match(w)), "approx")


def _bounds(kind: str, value: float) -> tuple[str, float | None, float | None]:
    if kind == "min":
        return "min", value, None
    if kind == "max":
        return "max", None, value
    if kind == "approx_high":
        return "approx", None, value
    return kind, value, value


def _range_verdict(text: str, a: _Num, b: _Num, join: str, left: str) -> str:
    """"range", "skip" (a score, a record, a span of years) or "apart" (two figures)."""
    j = join.strip().lower()
    if a.year_like or b.year_like:
        return "skip" if j in _DASHES else "apart"
    if j in _DASHES:
        small = not (a.unit or b.unit or a.scaled or b.scaled) and max(a.value, b.value) < 200
        if _CHAIN.match(text, b.end) or (small and (_SCORE_AFTER.match(text, b.end) or _SCORE_BEFORE.search(left))):
            return "skip"  # "14-0-1", "a 3-1 victory", "beat Hungary 2-0"
        if a.value >= b.value:
            return "skip" if not (a.unit or b.unit) else "apart"
        return "range" if a.word == b.word and _same_unit(a, b) else "apart"
    if not _same_unit(a, b) or (a.unit and not b.unit):
        return "apart"  # "fell 8.5 per cent to 43.20 euros": a change and a level
    if j in ("to", "-to-"):
        if _FROM_BEFORE.search(left) and not _BETWEEN_BEFORE.search(left):
            return "apart"  # "rose from 10 to 12": two figures, a change
        return "range" if a.value < b.value else "apart"
    if j == "and":
        return "range" if _BETWEEN_BEFORE.search(left) and a.value < b.value else "apart"
    return "range" if j == "or" and a.value < b.value and a.word == b.word and not a.scaled else "apart"


def _same_unit(a: _Num, b: _Num) -> bool:
    return a.unit is None or b.unit is None or a.unit == b.unit


def _year_is_count(text: str, n: _Num, left: str) -> bool:
    """A bare 1000-2199 is a year unless it counts a plural noun and nothing dates it."""
    if n.unit or re.match(r"['’]s\b", text[n.end:n.end + 3]) or _YEAR_PREP.search(left):
        return False
    if not _plural_follows(text, n.end):
        return False
    return not 1900 <= n.value <= 2100 or bool(_HEDGE_BEFORE.search(left))


def _plural_follows(text: str, pos: int) -> bool:
    """One of the next three words looks like a plural noun ("cases", "people")."""
    for w in re.findall(r"[A-Za-z][\w'’-]*", text[pos:pos + 40])[:3]:
        lw = w.lower()
        if lw in ("people", "children", "men", "women", "personnel", "staff", "police", "troops", "cattle"):
            return True
        if lw.endswith("s") and len(lw) > 3 and lw not in _NOT_PLURAL and not lw.endswith("ss") and w.islower():
            return True
    return False


# --- pass 3: what is not a figure -----------------------------------------------------

def _not_a_figure(text: str, n: _Num) -> bool:
    s = n.start
    before = text[s - 1] if s else " "
    left = text[max(0, s - 80):s]
    if before.isalnum() or before in "_/#@\\:%" or (before in "-‐." and s > 1 and text[s - 2].isalnum()):
        return True  # "FY2019", "F-16", "COVID-19", "Capable-Law7184", "ID.3", "2018.04.05"
    if re.match(r"[/:]\d|\.\d", text[n.end:n.end + 2]):
        return True  # "24/7", "1.2.3"
    if _AGE_AFTER.match(text, n.bare_end) or _AGE_BEFORE.search(left) or _appositive_age(text, n, left):
        return True
    if n.word and _FRACTION_AFTER.match(text, n.bare_end):
        return True  # "a two-thirds reduction": a share, not a count
    if _ADJ_TIME_AFTER.match(text, n.bare_end) or _ROTATION.match(text, n.start) or _DESIGN_AFTER.match(text, n.bare_end):
        return True  # "18-year insurgency", "one-year contract": a duration as an adjective
    if _SOURCE_AFTER.match(text, n.end) or re.search(r"\bfirst\s$", left, re.IGNORECASE):
        return True
    if not n.unit and (_DESIGNATION_BEFORE.search(left) or _capitalised_before(left)):
        return True
    line_start = text.rfind("\n", 0, s) + 1
    if _PHONE_BEFORE.search(left) or (line_start == s and _LIST_MARKER.match(text, s)):
        return True
    if n.word:
        word = text[n.start:n.end]
        if word[0].isupper() and not _sentence_start(left):
            return True  # "Xbox One", "Formula One"
        if n.value <= 12 and not n.scaled and _ANAPHORIC_BEFORE.search(left):
            return True
        if word.lower() == "one":
            if _ONE_PRONOUN_BEFORE.search(left) or _ONE_IDIOM_AFTER.match(text, n.bare_end):
                return True
            hyphenated = text[n.bare_end:n.bare_end + 1] in "-‐"
            hedged = bool(_HEDGE_BEFORE.search(left))
            listed = bool(_ONE_COUNT_BEFORE.search(left)) and _MAY_HOLD.search(re.split(r"[.!?]\s", left)[-1][:-4])
            if not (hyphenated or hedged or listed or _ONE_COUNT_AFTER.match(text, n.end)):
                return True
    return False


def _appositive_age(text: str, n: _Num, left: str) -> bool:
    """"Patrick Carlineo Jr., 55, could face": a bare number set off after a name."""
    if n.unit or n.value != int(n.value) or not 1 <= n.value <= 120:
        return False
    if _NAME_COMMA_BEFORE.search(left) and re.match(r"\s*(?:[,)]|[–—-]\s)", text[n.end:n.end + 3]):
        return True
    return bool(_NOUN_COMMA_BEFORE.search(left) and _AGE_CLAUSE_AFTER.match(text, n.end))


def _capitalised_before(left: str) -> bool:
    """"Article 5", "NBC 5", "Sportback 50", "Wild 4": a name followed by a number."""
    m = re.search(r"(?:^|[\s(\"“])([\w.’'&-]*[A-Z][\w.’'&-]*)\s$", left)
    if not m:
        return False
    word = m.group(1)
    if word.endswith(("'s", "’s", "s'", "s’")) or word.lower().rstrip(".") in _FUNCTION_WORDS:
        return False
    return word not in _ALLCAPS_OK


def _sentence_start(left: str) -> bool:
    stripped = left.rstrip(" \t\"“‘'(")
    return not stripped or stripped[-1] in ".!?:;\n—–-•*"


def _vague(text: str, m: re.Match[str]) -> Quantity | None:
    phrase = m.group("vague")
    if phrase.isupper() and len(phrase) > 3:
        return None  # headline shouting ("SCORES QUARANTINED")
    if _VAGUE_SKIP_AFTER.match(text, m.end()):
        return None  # "for decades", "thousands of miles away": no count of anything
    key = re.sub(r"\s+of$", "", re.sub(r"\s+", " ", phrase.lower()))
    head = re.fullmatch(r"(several|a few|a handful|a couple)(?: of)? (dozen|hundred|thousand|million|billion)s?", key)
    if head:
        scale = 12.0 if head.group(2) == "dozen" else nb.SCALES[head.group(2)]
        if head.group(1) == "a couple":
            return Quantity(m.start(), m.end(), 2 * scale, 2 * scale, "approx")
        floor = 3.0 if head.group(1) == "several" else (2.0 if scale == 12 else 1.0)
        top = 9 * scale if scale == 12 else 10 * scale - 1
        return Quantity(m.start(), m.end(), floor * scale, top, "vague")
    if key in ("several", "a few") and not _plural_follows(text, m.end()):
        return None
    bounds = VAGUE.get(key)
    return None if bounds is None else Quantity(m.start(), m.end(), bounds[0], bounds[1], "vague")


def _fraction_of(text: str, m: re.Match[str], blocked: list[tuple[int, int]]) -> Quantity | None:
    """"a fifth of the 50,000" -> 10,000, the relation kept."""
    frac_words = re.sub(r"\s+of\s+.*$", "", m.group("frac"), flags=re.DOTALL)
    frac = nb.parse_number(frac_words)
    base = _read_at(text, m.end()) if m.end() < len(text) else None
    if frac is None or base is None or base.year_like or _inside(base.start, base.end, blocked):
        return None
    ratio = Fraction(frac).limit_denominator(100)
    value = frac * base.value
    return Quantity(m.start(), base.end, value, value, "exact", unit=base.unit,
                    relation=f"{ratio.numerator}/{ratio.denominator} of {base.value:g}")


# --- pass 4: relations between neighbouring figures -----------------------------------

def _relate(text: str, qs: list[Quantity]) -> list[Quantity]:
    """"five of the 10 Democrats" keeps 5; "one of Jupiter's 79 moons" keeps 79."""
    out: list[Quantity] = []
    i = 0
    while i < len(qs):
        q = qs[i]
        nxt = qs[i + 1] if i + 1 < len(qs) else None
        if nxt is not None and not q.unit and q.hedge != "range" and _PART_OF_GAP.fullmatch(text[q.end:nxt.start]):
            if text[q.start:q.end].lower() in ("one", "1"):
                i += 1  # the set, not its member, is the figure
                continue
            out.append(replace(q, relation=q.relation or f"part of {nxt.low if nxt.low is not None else nxt.high:g}"))
            i += 2
            continue
        out.append(q)
        i += 1
    return out


def _distribute(text: str, qs: list[Quantity]) -> list[Quantity]:
    """A hedge before a tight list covers every item: "up to five radars, five cameras"."""
    for i in range(1, len(qs)):
        prev, q = qs[i - 1], qs[i]
        if prev.hedge in ("min", "max", "approx") and q.hedge == "exact" and q.low is not None and not q.relation \
                and _LIST_GAP.fullmatch(text[prev.end:q.start]):
            qs[i] = replace(q, hedge=prev.hedge, low=q.low if prev.low is not None else None,
                            high=q.low if prev.high is not None else None)
    return qs
