"""The patterns and word tables :mod:`claimledger.extract.quantities` reads figures with.

Kept apart from the scanner so that the algorithm reads in one screen and the vocabulary
(hedge words, units, what is not a figure) can grow without touching it.  Everything here
is data: compiled regular expressions, word sets and small dicts, grouped by the scanner
pass that uses them:

* the core pattern and the cheap pre-filter;
* pass 1, spans that never hold a figure (dates, times, links, phone numbers, addresses);
* pass 2, units, scales and hedges read around a number, ranges and sports scores;
* pass 3, the contexts that make a number something other than a figure (ages,
  designations, durations that only frame a claim, "one" as a pronoun);
* pass 4, the gaps that relate neighbouring figures ("five of the 10", lists).
"""

from __future__ import annotations

import re

from claimledger.extract import numbers as nb

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
MONTH = (r"(?:Jan(?:uary)?|Feb(?:ruary)?|Mar(?:ch)?|Apr(?:il)?|May|June?|July?|Aug(?:ust)?|"
        r"Sept?(?:ember)?|Oct(?:ober)?|Nov(?:ember)?|Dec(?:ember)?)")
# units a part ("half a mile") or a hedged article ("almost a minute") may measure
_PART_UNIT = (r"mile|kilomet(?:er|re)|km|met(?:er|re)|foot|yard|inch|hour|minute|second|day|week|month|year|"
              r"decade|century|percentage\spoint|tonne|ton|kilo(?:gram(?:me)?)?|pound|ounce|gallon|lit(?:er|re)|"
              r"acre|hectare|degree")
_PART_UNIT = rf"(?:{_PART_UNIT})\b"
# the core: a number in digits or words, a fraction of, a collective or a vague amount
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
    |(?P<part>\b(?:half\s+an?|(?:an?|one|two|three)[\s-]+(?:{_FW})s?\s+(?:of\s+)?an?|an?)
            (?=\s+(?:{_PART_UNIT})))
    |(?P<words>\b(?:{_NW})(?:[\s-]+(?:and[\s-]+)?(?:{_NW}|{_SW}|dozen))*(?:[\s-]+and[\s-]+a[\s-]+half\b
            (?:[\s-]+(?:{_SW}))?)?\b)
    |(?P<mult>\b(?:twice|thrice)\b))""",
    re.IGNORECASE | re.VERBOSE,
)
MAY_HOLD = re.compile(rf"\d|\b(?:{_NW}|dozens?|hundreds?|thousands?|millions?|billions?|several|few|"
                      rf"handful|twice|thrice|couple|pair|trio|quartet|scores?|half|quarters?|"
                      rf"an?\s+{_PART_UNIT})\b", re.IGNORECASE)

# pass 1: spans that never hold a claim figure
BLOCKERS: tuple[re.Pattern[str], ...] = (
    re.compile(rf"\b{MONTH}\.?\s+\d{{1,2}}(?:st|nd|rd|th)?\b(?:,?\s+\d{{4}})?"),  # Nov. 18, 2019
    re.compile(rf"\b\d{{1,2}}(?:st|nd|rd|th)?\s+(?:of\s+)?{MONTH}\b\.?(?:,?\s+\d{{4}})?"),  # 9 June 2024
    re.compile(rf"\b{MONTH}\.?,?\s+\d{{4}}\b"),  # June 2024
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
UNIT_FORMS: dict[str, str] = {
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
CURRENCY_CODES = frozenset(nb.CURRENCY_WORDS.values())
UNIT_TABLE: list[tuple[re.Pattern[str], str]] = [
    (re.compile("(?:" + form.replace(r"(?<=\d)", "") + ")$", re.IGNORECASE), unit)
    for form, unit in [*nb.CURRENCY_WORDS.items(), *((f, u) for u, f in UNIT_FORMS.items())]
]
UNIT_AFTER = re.compile(r"(?:\s?-\s?|\s?)(?P<unit>" + "|".join([*nb.CURRENCY_WORDS, *UNIT_FORMS.values()])
                        + r")(?!\w)", re.IGNORECASE)
ATTACHED_UNIT = re.compile(r"(?:[CF](?!\w)|fps|mph|kph|km2|km|kgs?|kwh|kw|mwh|mw|gwh|gw|twh|gb|tb|mb|mbps|gbps|mah|mm|cm"
                           r"|ft|lbs?|b?hp)(?!\w)", re.IGNORECASE)
SCALE_AFTER = re.compile(r"(?:[\s-]+|\s?)(hundred|thousand|million|billion|trillion|lakh|crore|bn|mn|mln|bln|tn|trn)"
                         r"\b((?:[\s-]+(?:hundred|thousand|million|billion|crore))*)", re.IGNORECASE)
MAGNITUDE_BEFORE = re.compile(r"\bmagnitude(?:\s+of)?[\s-]$", re.IGNORECASE)
RATIO_AFTER = re.compile(rf"\s+in\s+(?!(?:1[89]|20)\d\d\b)(?:\d+|{_NW})\b(?!\s+(?:{MONTH}|\d))", re.IGNORECASE)
# a multiplier compares two amounts, it counts nothing: "one and a half times higher",
# "three times as many", "twice the level"; "cut rates seven times" is a count of events
MULTIPLIER_AFTER = re.compile(
    r"(?:\s+times)?\s+(?:as|the|more|less|fewer|what|that\sof|than|"
    r"(?!(?:after|under|over|never|later|together|whether|however|neither|either|rather|other|another|"
    r"border|order|number|summer|winter|quarter|november|december|october|september|member|river|water)\b)"
    r"[a-z]{3,}er)\b", re.IGNORECASE)
TIMES_AFTER = re.compile(r"\s+times\b", re.IGNORECASE)
FRACTION_AFTER = re.compile(rf"[\s-](?:{_FW})s?\b", re.IGNORECASE)
SCALE_ABBR_CUR = re.compile(r"\s?([mMbBkK])\b")
SCALE_K = re.compile(r"(k)\b|(?<=\d\d)(K)\b")

# hedges, read backwards from the figure
# verbs of motion that pass a mark ("surged past 100,000", "broke through 5,000")
_MOVE = (r"(?:rose|rise|rises|risen|rising|climb(?:ed|s|ing)?|surg(?:ed|es|ing|e)|soar(?:ed|s|ing)?|"
         r"jump(?:ed|s|ing)?|mov(?:ed|es|ing|e)|push(?:ed|es|ing)?|edg(?:ed|es|ing|e)|crept|creep(?:s|ing)?|"
         r"inch(?:ed|es|ing)?|shot|shoot(?:s|ing)?|rac(?:ed|es|ing|e)|sail(?:ed|s|ing)?|went|go(?:es|ing|ne)?|"
         r"blew|blow(?:s|n|ing)?|broke|break(?:s|ing)?|broken|swell(?:ed|s|ing)?|balloon(?:ed|s|ing)?)")
# a mark passed is a lower bound: "passed 41,000", "could top 5,000", "surpassed $1 billion"
THRESHOLD = (rf"exceed|surpass(?:ed|es|ing)?|topp(?:ed|ing)|tops|eclips(?:ed|es|ing|e)|outstrip(?:ped|s|ping)?|"
             rf"pass(?:ed|es|ing)?|cross(?:ed|es|ing)?|crest(?:ed|s|ing)?|{_MOVE}\s(?:past|beyond)|"
             rf"(?:broke|breaks|breaking|break|broken)\sthrough|"
             rf"(?:went|goes|go|going|gone)\sover|(?:to|could|would|will|may|might|should|can|must|not|never|"
             rf"set\sto|poised\sto|likely\sto|expected\sto)\stop")
HEDGES: dict[str, str] = {
    "approx_high": r"nearly|almost|close\sto|just\sunder|just\sshy\sof|shy\sof|not\squite|approaching|just\sbelow|"
                   r"nears|neared|nearing|approaches|approached|barely|scarcely|hardly|only\sjust",
    "min": r"at\sleast|more\sthan|over|in\sexcess\sof|upwards?\sof|above|exceeding|exceeded|exceeds|"
          r"no\sfewer\sthan|no\sless\sthan|not\sless\sthan|a\sminimum\sof|just\sover|well\sover|well\sabove|"
          r"well\sin\sexcess\sof|north\sof|greater\sthan|higher\sthan|as\sfew\sas|beyond|" + THRESHOLD,
    "max": r"as\smany\sas|up\sto|at\smost|fewer\sthan|less\sthan|under|no\smore\sthan|not\smore\sthan|"
          r"a\smaximum\sof|below|as\smuch\sas|as\shigh\sas|no\shigher\sthan|well\sunder|well\sbelow|"
          r"not\sexceeding|as\slong\sas|a\slittle\sunder|a\slittle\sless\sthan|within",
    "approx": r"about|around|approximately|approx\.|roughly|some|an\sestimated|estimated\sat|estimated|"
             r"circa|ca\.|c\.|~|in\sthe\sregion\sof|on\sthe\sorder\sof|in\sthe\sorder\sof|give\sor\stake|"
             r"an\saverage\sof|on\saverage|something\slike|near|closer\sto|(?:about|around|roughly|approximately)\san?",
}
HEDGE_KIND = [(re.compile(rf"(?:{pat})$", re.IGNORECASE), kind) for kind, pat in HEDGES.items()]
HEDGE_BEFORE = re.compile(r"(?:^|(?<=[\s(\"“‘'—–-]))(?P<hedge>" + "|".join(HEDGES.values()) + r")\s*$",
                          re.IGNORECASE)
# a threshold verb said not to be reached bounds from above: "did not exceed 5%", "never topped 1,000"
THRESHOLD_VERB = re.compile(rf"(?:{THRESHOLD})$", re.IGNORECASE)
NEGATED_BEFORE = re.compile(r"\b(?:not|never|n['’]t|no\slonger|failed\sto|fail\sto|fails\sto)\s+(?:\w+\s+)?$",
                            re.IGNORECASE)
# "passed 10 bills", "crossed three rivers": the things passed are counted, no mark is passed
PASS_OBJECT = re.compile(r"pass|cross|past|beyond|through", re.IGNORECASE)
PASSED_TALLY = re.compile(r"\s*(?:(?:to|-|–)\s*\d|of\b)", re.IGNORECASE)  # "passed 232 to 196", "passed 3 of 5"
# "passed the 1,000 mark": the verb reaches the figure across "the"
MARK_AFTER = re.compile(r"[\s-]+(?:mark|milestone|threshold|barrier|level|line|ceiling|figure)\b", re.IGNORECASE)
MOVE_PAST = re.compile(rf"\b{_MOVE}\spast\s$", re.IGNORECASE)
# after the figure: "10,000+", "7,000 steps or more", "60-odd", "two weeks or longer"
_AFTER_WORDS = (r"or\s(?:more|above|so|fewer|less|longer|over|higher|greater|upwards|under|below|lower|shorter)|"
                r"and\s(?:above|upwards|over|up)")
HEDGE_AFTER = re.compile(rf"(?P<hedge>\+|-?plus\b|-odd\b|\s(?:{_AFTER_WORDS})\b)", re.IGNORECASE)
# the same after the counted noun; the noun may not be a verb or a function word
HEDGE_AFTER_NOUN = re.compile(
    r"(?:\s+(?!(?:or|and|but|was|were|is|are|has|have|had|been|be|will|would|could|should|can|may|might|said|"
    r"says|to|of|in|on|at|for|with|by|from|than|that|which|who|the|a|an|each|per|every)\b)[a-z][a-z'’-]*(?<!ed)){1,3}"
    r"\s(?P<hedge>or\s(?:more|so|fewer|less|longer|over|higher|greater|under|below|lower|shorter))\b")
HEDGE_AFTER_KIND = {"+": "min", "plus": "min", "odd": "min", "or more": "min", "or above": "min", "or so": "approx",
                    "or fewer": "max", "or less": "max", "or longer": "min", "or over": "min", "or higher": "min",
                    "or greater": "min", "or upwards": "min", "or under": "max", "or below": "max",
                    "or lower": "max", "or shorter": "max", "and above": "min", "and upwards": "min",
                    "and over": "min", "and up": "min"}
PHRASAL_UP = re.compile(  # "top up to 80 percent": a phrasal verb, not a ceiling
    r"\b(?:top|topp?ed|topping|tops|fill|filled|filling|add|added|adds|adding|sign|signed|end|ended|sum|summed|"
    r"tot|totted|rack|racked|chalk|chalked|ramp|ramped|step|stepped|scale|scaled|bump|bumped|build|built|"
    r"catch|caught|speed|sped)\s+up\s+to\s*$", re.IGNORECASE)

# ranges and scores
RANGE_JOIN = re.compile(r"(?P<join>-to-|\s?[-‐–—]\s?|\s+to\s+|\s+and\s+|\s+or\s+)(?=[$€£\d]|[A-Za-z])", re.IGNORECASE)
DASHES = frozenset("-‐–—")
BETWEEN_BEFORE = re.compile(r"\b(?:between|anywhere\sfrom|ranging\sfrom|range\sof|ranges\sfrom)\s+"
                            r"(?:an\sestimated\s|about\s|around\s)?$", re.IGNORECASE)
FROM_BEFORE = re.compile(r"\bfrom\s+(?:an?\s)?(?:estimated\s)?$", re.IGNORECASE)
SCORE_AFTER = re.compile(
    r"\s*(?:\w+\s)?(?:win|wins|victory|loss|defeat|draw|tie|lead|decision|record|rout|triumph|scoreline|"
    r"margin|vote|verdict|split|overtime|shootout|aggregate|skid|start|streak)\b", re.IGNORECASE)
SCORE_BEFORE = re.compile(r"\b(?:won|win|wins|beat|beats|lost|lose|loses|drew|draw|led|leads|trailed|tied|"
                          r"defeated|edged|routed|outshot|outscored|thrashed|crushed|downed|clinched|improved\sto|"
                          r"fell\sto|dropped\sto|moved\sto)\s(?:[\w'’]+\s){0,3}$", re.IGNORECASE)
CHAIN = re.compile(r"(?:\s?[-–]\s?\d+)+")

# what is not a figure
AGE_AFTER = re.compile(r"[\s-]+(?:years?|yrs?|months?|weeks?|days?)(?:[\s-]*old|\s+of\s+age)\b", re.IGNORECASE)
AGE_OF_AFTER = re.compile(r"\s+of\s+age\b", re.IGNORECASE)  # "12 to 15 months of age"
AGE_BEFORE = re.compile(r"\b(?:aged?|ages|age\sof)\s(?:between\s)?$", re.IGNORECASE)
ADJ_TIME_AFTER = re.compile(r"-(?:second|minute|hour|day|week|month|year|decade|century|night|time|term)s?\b",
                            re.IGNORECASE)
NAME_COMMA_BEFORE = re.compile(r"\b[A-Z][\w'’-]+(?:\s(?:Jr|Sr|II|III)\.?)?,\s$")
NOUN_COMMA_BEFORE = re.compile(r"[a-z][\w'’]*[”\"]?,\s$")
AGE_CLAUSE_AFTER = re.compile(r",\s+(?:was|is|has|had|who|said|says|died|told|will|would|could|and)\b")
DESIGNATION_BEFORE = re.compile(
    r"\b(?:page|pages|area|room|route|highway|interstate|exit|section|chapter|episode|season|phase|stage|level|"
    r"flight|gate|platform|terminal|line|zone|district|ward|precinct|article|rule|clause|paragraph|item|"
    r"figure|fig\.|table|version|model|issue|vol\.|volume|no\.|nos\.|number|week|game|round|grade|class|"
    r"category|type|size|step|scene|lane|pier|apt\.?|apartment|suite|channel|verse|series|gen|generation|"
    r"part|tier|code|edition|ch\.|p\.|pp\.)\s$", re.IGNORECASE)
PHONE_BEFORE = re.compile(r"\b(?:call(?:ed|ing|s)?|dial(?:l?ed|l?ing|s)?|text(?:ed|ing)?|phone|tel\.?|fax)\s$",
                          re.IGNORECASE)
LIST_MARKER = re.compile(r"\d{1,2}[.)]\s")
ONE_PRONOUN_BEFORE = re.compile(r"\b(?:the|this|that|any|every|each|no|another|which|what|some)\s$", re.IGNORECASE)
ONE_IDIOM_AFTER = re.compile(
    r"\s+(?:of|another|who|whom|whose|that|which|by|day|point|thing|way|side|hand|reason|more|last|such|"
    r"too|else|knows|can|could|would|should|will|must|is|was|has|had|does|did|might|may)\b"
    r"|\s*[,.;:!?)\"”’]|\s*$", re.IGNORECASE)
# a small number after a determiner names a known set again ("the two companies", "these two")
ANAPHORIC_BEFORE = re.compile(r"\b(?:the|these|those|which|both)\s+(?:(?:other|remaining|same|latter|former|original|"
                              r"main|first|last)\s+)?$", re.IGNORECASE)
# "one" is a count only in a list, after a hedge or "only", or before a person or casualty
ONE_COUNT_BEFORE = re.compile(r"(?:,\s*(?:and\s+)?|\band\s+|\b(?:only|just|exactly|another|further|least|than|"
                              r"to|killing|killed|injuring|injured|wounding|wounded|leaving|left)\s+)$",
                              re.IGNORECASE)
ONE_COUNT_AFTER = re.compile(
    r"\s+(?:[a-z]+\s+)?(?:person|man|woman|child|boy|girl|baby|soldier|civilian|officer|victim|worker|student|"
    r"passenger|patient|death|fatality|casualty|case|infection|resident|migrant|refugee|journalist|"
    r"protester|hostage|prisoner|suspect|member)\b", re.IGNORECASE)
# "according to two people familiar with the matter": who speaks, not what is counted
SOURCE_AFTER = re.compile(
    r"\s+(?:[a-z]+\s+)?(?:people|sources|officials|persons|individuals)\s+(?:familiar|with\s+(?:direct\s+)?"
    r"knowledge|briefed|close\s+to|who\s+(?:spoke|declined|asked|requested|were\s+not))", re.IGNORECASE)
# a word number in a design name ("four-door coupe", "five-link suspension")
DESIGN_AFTER = re.compile(
    r"-(?:door|link|wheel|way|story|storey|seater|speed|star|point|piece|part|step|stroke|cylinder|lane|track|"
    r"bedroom|bed|room|dimensional|sided|fold|pronged|prong|tier|level|layer|ply|page|engine|blade|axle|"
    r"letter|word|hit|run|state|party|shot)\b", re.IGNORECASE)
ROTATION = re.compile(r"(?:360|180|90)[\s-]degrees?\s+(?!heat|weather|temperature|fever)", re.IGNORECASE)
FUNCTION_WORDS = _wordset(
    "the a an about around some nearly almost only just over under up at more fewer less all but and or in on "
    "by for with of from to between roughly approximately another those these its his her their our my your "
    "exactly still even since after before while when than as were was are is had have has including "
    "estimated least most top what which total without among every each both if there then so yet per plus "
    "also once officially reportedly fully though although because during within perhaps maybe today "
    "yesterday now currently overall altogether meanwhile here recently previously again already nationwide "
    "worldwide globally monday tuesday wednesday thursday friday saturday sunday")
ALLCAPS_OK = frozenset({"US", "UK", "EU", "UN", "U.S.", "U.K.", "NATO", "AP", "AFP"})
PERIOD_ANY = re.compile(r"\b(?:past|last|next|previous|coming|following)\s(?:the\s)?$", re.IGNORECASE)
# "after 12 minutes": a moment, not a measure (but "appear after one-to-seven days" is a range)
AFTER_TIME = re.compile(r"\bafter\s$", re.IGNORECASE)
PERIOD_TIME = re.compile(r"\b(?:first|final|recent|over|for|within|throughout|during|every|each)\s(?:the\s)?$",
                         re.IGNORECASE)
PERIOD_AFTER = re.compile(r"\s+(?:ago|later|earlier|from\snow|prior|beforehand|afterwards?|"
                          r"in\sa\s(?:row|year|week|day|month))\b", re.IGNORECASE)
VAGUE_SKIP_AFTER = re.compile(
    r"\s+(?:of\s+)?(?:seconds|minutes|hours|days|weeks|months|years|decades|centuries|times|miles|"
    r"kilomet(?:er|re)s|km|feet|metres|meters|light[\s-]years|degrees)\b", re.IGNORECASE)
PART_OF_GAP = re.compile(r"\s+(?:[a-z]+\s+)?(?:of|out\sof)\s+(?:the\s|its\s|their\s|his\s|her\s|our\s|"
                         r"those\s|these\s|[A-Z]\w*['’]s\s)?")
# hedges written before a list that cover each item ("up to five radars, five cameras");
# not a hedge after the first item ("7,000 steps or more"), a deadline or a mark passed
SPREADING_HEDGE = re.compile(r"(?:up\sto|as\smany\sas|as\smuch\sas|about|around|approximately|roughly|some|"
                             r"at\sleast|more\sthan|over|nearly|almost|an\sestimated|estimated|at\smost|"
                             r"fewer\sthan|less\sthan|no\smore\sthan|just\sover|just\sunder)\b", re.IGNORECASE)
LIST_GAP = re.compile(r"(?:\s+(?!(?:was|were|is|are|has|have|had|been|will|would|could|said)\b)[a-z][\w'’-]*"
                      r"(?<!ed)){0,4}\s*,\s*(?:and\s+)?")
YEAR_PREP = re.compile(r"\b(?:in|since|by|from|until|till|before|after|during|of|circa|early|late|mid|spring|"
                       r"summer|autumn|fall|winter|year|fiscal|between|and|to|through|the|this|that|class)\s$",
                       re.IGNORECASE)
YEAR_LEVEL_AFTER = re.compile(r"\s+(?:levels?|figures?|prices|rates|highs?|lows?|peaks?|averages?|values?)\b",
                              re.IGNORECASE)
NOT_PLURAL = _wordset("this was has his its does yes less unless across always perhaps thus plus is as us "
                       "whereas species series news")

# a web domain inside a token: the whole token is a link ("www.earbooks.net/en")
DOMAIN = re.compile(r"\.(?:com|org|net|gov|edu|io|co\.uk|ru|de|fr|info)\b", re.IGNORECASE)

# --- readings that hang on the words around a figure (see quantity_context) ---------------

# minor currency units after a figure: "71 cents", "45p", "20 euro cents", "5c a litre"
MINOR_SPACED = re.compile(r"[\s-]?(?:(?P<cur>euro|us|u\.s\.|american|australian|canadian)\s)?"
                          r"(?P<minor>cents?|pence|penny|¢)(?!\w)", re.IGNORECASE)
MINOR_ATTACHED = re.compile(r"(?P<minor>[pc])(?![\w£$€%])")
# "cents on the dollar", "pence in the pound": a rate, written in hundredths
MINOR_RATE_AFTER = re.compile(r"\s+(?:on|in|of|for)\s+(?:the|every|each|a)\s+(?:dollar|euro|pound)\b",
                              re.IGNORECASE)
# a bare "45p" is money only beside words of prices; "1080p" is a video format
PENCE_STRONG_AFTER = re.compile(r"\s+(?:a|per|an|each)\s+(?:litre|liter|share|unit|pint|kilo|kg|gallon|kwh|"
                                r"loaf|bag|pack|item|minute|mile|day|week|month|year|head|person|text|call)\b",
                                re.IGNORECASE)
MONEY_WORDS = re.compile(r"[£$€]|\b(?:pence|penny|pound|prices?|priced|costs?|costing|pa(?:y|ys|id|ying)|fares?|"
                         r"fees?|charge[sd]?|dividends?|shares?|litre|liter|gallon|pint|stamps?|tax|duty|"
                         r"earn(?:ed|s|ings)?|tariffs?|cheaper|dearer|spend|spent|profit|sterling|bills?)\b",
                         re.IGNORECASE)
VIDEO_AFTER = re.compile(r"\s*(?:hd|video|resolution|screens?|displays?|streams?|streaming|footage|@|at\s\d|\d+\s?fps)",
                         re.IGNORECASE)
VIDEO_LINES = frozenset({144, 240, 360, 480, 540, 576, 720, 1080, 1440, 2160, 4320})
# a currency written before, in the same sentence, names whose cents these are
DOLLAR_SIGN = re.compile(r"(?:US|A|C|HK|NZ|S)\$|\$|€|\beuros?\b")

# "4m": metres or millions.  Metres beside a physical adjective or noun ("4m-high",
# "waves of up to 4m"), millions before a counted noun or among money words.
METRE_AFTER = re.compile(
    r"[\s-]?(?:high|tall|deep|long|wide|thick|across|away|underground|underwater|below|above|offshore|"
    r"in\s(?:diameter|height|length|width|depth|radius)|waves?|swells?|surges?|drops?|falls?|walls?|"
    r"towers?|cliffs?|fences?|ladders?|boats?|yachts?|vessels?|pipes?|cables?)\b", re.IGNORECASE)
METRE_BEFORE = re.compile(
    r"\b(?:waves?|swells?|surges?|height|depth|length|width|diameter|radius|altitude|elevation|tides?|"
    r"levels?|heights?|depths?|river|sea|snow|drifts?|floodwaters?|water)\s+(?:of\s+|at\s+|reached\s+|"
    r"reaching\s+|rose\s+to\s+|rising\s+to\s+|hit\s+|peaked\s+at\s+|stood\s+at\s+|was\s+|were\s+|is\s+)?"
    r"(?:(?:up\sto|about|around|nearly|almost|over|more\sthan|some|roughly|just\sunder|just\sover|at\sleast|"
    r"between)\s+)?$",
    re.IGNORECASE)
GLUED_M_RANGE = re.compile(r"\s?(?:to|-|–|and|or)\s?\d+(?:\.\d+)?m(?!\w)", re.IGNORECASE)
RANGE_HEAD = re.compile(r"\d+(?:\.\d+)?\s?(?:to|-|–|and|or)\s?$", re.IGNORECASE)
RACE_AFTER = re.compile(r"[\s-]?(?:sprint|race|final|dash|hurdles|freestyle|backstroke|breaststroke|butterfly|"
                        r"medley|relay|individual|title|gold|silver|bronze|heats?|semi-?finals?|world\srecord)\b",
                        re.IGNORECASE)
MILLION_MONEY = re.compile(r"[£$€]|\b(?:revenue|sales|profits?|losses|budget|funding|funds?|fund|costs?|worth|"
                           r"deal|fees?|paid|pay|spend|spent|debts?|raised?|investment|invested|valued|valuation|"
                           r"turnover|income|grants?|bonus|salary|wages?|price|bid|offer|contract)\b", re.IGNORECASE)

# ages of a group of people: "children under five", "people over 65", "those 65 or older"
AGE_OR_AFTER = re.compile(r"\s+(?:and|or)\s+(?:older|younger)\b", re.IGNORECASE)
_PERSONS = (r"(?:people|persons|adults|children|kids|teens|teenagers|youngsters|those|anyone|anybody|everyone|"
            r"residents|patients|men|women|boys|girls|babies|infants|pensioners|seniors|voters|workers|drivers|"
            r"citizens|individuals|Americans|Britons|users|applicants|smokers|employees|staff|players|pupils|"
            r"students|members|visitors|guests|passengers|fans|athletes|runners|participants|respondents|"
            r"travell?ers|motorists|customers|shoppers|viewers|readers)")
PERSON_AGE_BEFORE = re.compile(rf"\b{_PERSONS}\s+(?:over|under|above|below|older\sthan|younger\sthan)\s$",
                               re.IGNORECASE)
PERSON_BEFORE = re.compile(rf"\b{_PERSONS}\s$", re.IGNORECASE)
AGE_BOUND_AFTER = re.compile(r"\s+(?:and|or)\s+(?:over|under|above|up)\b", re.IGNORECASE)

# a results line: "Marsh 61,240, Olsen 52,710", "Conservatives 365, Labour 203 seats"
RESULT_NEXT = re.compile(r"\s*[,;]\s*(?:and\s+)?(?:the\s+)?[A-Z][\w'’.-]*(?:\s+[A-Z][\w'’.-]*){0,3}\s+"
                         r"(?P<num>\d[\d,]*)")
RESULT_PREV = re.compile(r"(?P<num>\d[\d,]*)\s*[,;]\s*(?:and\s+)?(?:the\s+)?[A-Z][\w'’.-]*(?:\s+[A-Z][\w'’.-]*){0,3}\s$")
RESULT_WORDS = re.compile(r"\b(?:votes?|seats?|ballots?|elections?|elected|turnout|constituency|ward|"
                          r"first\spreferences?)\b", re.IGNORECASE)
GROUPED = re.compile(r"\d{1,3}(?:,\d{3})+(?:\.\d+)?")

# a clock time that opens a live-blog entry: "12:45 GMT Five more bodies ..."
TIMESTAMP_LEAD = re.compile(r"(?:^|\s)(?:\d{1,2}[:.]\d{2}(?:\s?[aApP]\.?[mM]\.?)?|\d{1,2}\s?[aApP]\.?[mM]\.?)"
                            r"(?:\s+[A-Z]{2,4})?\s*[:|,–—-]?\s*$")

# "rose from 8,000 to 12,000": a change, two figures; "last from three to five days": a range
CHANGE_BEFORE = re.compile(
    r"\b(?:ris(?:e|es|en|ing)|rose|f[ae]ll(?:s|en|ing)?|increas\w*|decreas\w*|gr[eo]w(?:s|n|ing)?|grew|"
    r"climb\w*|drop\w*|jump\w*|went|gone|go(?:es|ing)?|soar\w*|surg\w*|declin\w*|rais\w*|lower\w*|cut\w*|"
    r"reduc\w*|boost\w*|expand\w*|up|down|hik\w*|slash\w*|doubl\w*|tripl\w*|halv\w*|revis\w*|upgrad\w*|"
    r"downgrad\w*|chang\w*|mov\w*|shift\w*|swell\w*|swollen|balloon\w*|shr[iau]nk\w*|narrow\w*|widen\w*|lift\w*|"
    r"tumbl\w*|plung\w*|slid\w*|slump\w*|dipp?\w*|sank|sink\w*|spik\w*|leap\w*|rebound\w*|recover\w*|"
    r"extend\w*|shorten\w*|adjust\w*|improv\w*|worsen\w*|gain\w*|los[est]\w*|lost|advanc\w*|retreat\w*|"
    r"trimm?\w*|switch\w*|convert\w*|turn\w*|bump\w*|push\w*|accelerat\w*|slow\w*|eas\w*|tighten\w*)\b",
    re.IGNORECASE)
# a verb of change right before the first figure: "rose 2p to 145.9p", "fell by 3 to 40"
CHANGE_BY_BEFORE = re.compile(
    r"\b(?:rose|ris(?:e|es|en|ing)|f[ae]ll(?:s|en|ing)?|climb(?:ed|s|ing)?|jump(?:ed|s|ing)?|gain(?:ed|s|ing)?|"
    r"los(?:t|es|ing)|drop(?:ped|s|ping)?|add(?:ed|s|ing)?|increas(?:ed|es|ing)|decreas(?:ed|es|ing)|"
    r"grew|grow(?:s|n|ing)?|slipp?(?:ed|s|ing)?|slid(?:es|ing)?|shed(?:s|ding)?|cut(?:s|ting)?|"
    r"up|down)\s+(?:by\s+)?$", re.IGNORECASE)
CLAUSE_BREAK = re.compile(r"[.;:!?\n]")

# a sign before a figure: "minus 5 degrees", "Jobs change: -12,400"; never "plus or minus 4.1"
NEG_BEFORE = re.compile(r"(?:(?<!plus\sor\s)(?<!±\s)\bminus\s+|\bnegative\s+|(?:^|(?<=[\n:(=]\s)|(?<=[\n:(=])|"
                        r"(?<=[A-Za-z]\s))[-−])$",
                        re.IGNORECASE)
# "within two years of retirement", "within 10 minutes of the blast": a time relative to something
WITHIN_OF_AFTER = re.compile(r"\s+of\b", re.IGNORECASE)
