"""Find the quantity expressions of a text: the figures a news claim is made of.

:func:`find_quantities` is a scanner of compiled patterns, no parse, because it runs on
every candidate sentence.  It works in four passes:

1. *Blocked spans*: dates, clock times, URLs, handles and phone numbers are marked first, so
   that no figure is ever read out of "Nov. 18, 2019" or "pic.twitter.com/4p7SX".
2. *Cores*: each digit string, number-word run, fraction-of, collective ("a trio of"), part
   of a unit ("half a mile") or vague amount ("thousands", "several hundred") is read with
   its currency, scale and unit (:mod:`~claimledger.extract.quantity_reading`), then widened
   to a range ("10,000 to 12,000", "from three to five days") and to the hedge words around
   it, before ("at least", "passed", "within") or after ("or more", "60-odd").
3. *Filters* drop what only looks like a figure: years, ordinals, ages, designations
   ("Article 5", "F-16", "Sportback 50"), sports scores ("5-4", "14-0-1"), the period of a
   claim ("over the past three days"), "one of the".
4. *Relations*: "five of the 10 Democrats" keeps the five, "one of Jupiter's 79 moons" the
   79; a hedge before a tight list ("up to five radar sensors, five cameras and twelve
   ultrasonic sensors") covers every item of the list.

The patterns and word tables live in :mod:`claimledger.extract.quantity_lexicon`; the
readings that need a window of context (cents and pence, metres or millions, ages of a group,
results lines, live-blog time stamps, changes against ranges, deadlines that frame another
figure) in :mod:`claimledger.extract.quantity_context`.
Hedges and bounds follow the export contract (``CONTRACT.md``); vague amounts follow
:data:`~claimledger.extract.quantity_lexicon.VAGUE`.  Spans cover the hedge words, the number and its unit.
"""

from __future__ import annotations

import re
from dataclasses import replace
from fractions import Fraction
from functools import lru_cache
from typing import NamedTuple

from claimledger.extract import numbers as nb
from claimledger.extract import quantity_context as ctx
from claimledger.extract import quantity_lexicon as lex
from claimledger.extract.quantity_reading import Num, read, read_at, scale_of, unit_after
from claimledger.models import Quantity


class _Skip(NamedTuple):
    """The scanner's answer for text that looks like a figure but is not: skip to ``end``."""

    end: int


def may_hold_quantity(text: str) -> bool:
    """Cheap pre-filter: can this text hold a quantity at all (a digit or a number word)?"""
    return bool(lex.MAY_HOLD.search(text))


def find_quantities(text: str, offset: int = 0) -> list[Quantity]:
    """Every quantity expression in ``text``, left to right, spans in document offsets.

    ``offset`` is the document position of ``text[0]``.  Pure; never raises on any input.
    """
    if not text or not may_hold_quantity(text):
        return []
    return [replace(q, start=q.start + offset, end=q.end + offset) for q in _find_cached(text)]


@lru_cache(maxsize=4096)
def _find_cached(text: str) -> tuple[Quantity, ...]:
    """The quantities of ``text`` at offset 0, remembered: the pipeline asks once to decide
    which sentences to parse and again to extract them."""
    blocked = _blocked(text)
    found: list[Quantity] = []
    last_end = 0
    for m in lex.CORE.finditer(text):
        if m.start() < last_end or _inside(m.start(), m.end(), blocked):
            continue
        q = _build(text, m, blocked)
        if isinstance(q, _Skip):
            last_end = max(last_end, q.end)
        elif q is not None and q.end > q.start:
            found.append(replace(q, start=max(q.start, last_end)))
            last_end = q.end
    found = _distribute(text, ctx.drop_framing_deadlines(text, _relate(text, found)))
    return tuple(replace(q, text=text[q.start:q.end]) for q in found)


def _blocked(text: str) -> list[tuple[int, int]]:
    """Spans of dates, times, links, handles, phone numbers and addresses."""
    spans = [m.span() for pat in lex.BLOCKERS for m in pat.finditer(text)]
    for m in lex.DOMAIN.finditer(text):  # "www.earbooks.net/en", "user@mail.com": the whole token
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
    if m.lastgroup == "part":
        return _part(text, m, blocked)
    first = read(text, m)
    if first is None:
        return None
    if not first.unit and _multiplier(text, m, first):
        return _Skip(first.end)  # "one and a half times higher", "twice as many"
    ratio = None if first.unit else lex.RATIO_AFTER.match(text, first.end)  # "70% in 12 states" is no ratio
    if ratio and first.word:
        return _Skip(ratio.end())  # "One in five adults": a ratio, even where "One" opens the sentence
    if _not_a_figure(text, first):
        rm = lex.RANGE_JOIN.match(text, first.end)
        second = read_at(text, rm.end()) if rm and rm.group("join").strip().lower() in ("to", "and", "-", "–") \
            else None
        return _Skip(second.end) if second is not None and not second.word else None  # "aged 18 to 35"
    if ratio:
        return _Skip(ratio.end())  # "one in five adults": a ratio, not a count
    mag = lex.MAGNITUDE_BEFORE.search(text, max(0, first.start - 20), first.start)
    if mag:
        first.unit, first.start = "magnitude", mag.start()
    sign = lex.NEG_BEFORE.search(text[max(0, first.start - 20):first.start])
    if sign:  # "minus 5 degrees", "Jobs change: -12,400"
        first.value, first.start = -first.value, first.start - (len(sign.group(0)))
    return _widen(text, first, blocked)


def _multiplier(text: str, m: re.Match[str], n: Num) -> bool:
    """"three times as many", "1.5 times higher", "twice the level": a ratio of two amounts."""
    if m.lastgroup == "mult":
        return bool(re.match(r"\s+(?:as|the|more|that\sof|what)\b", text[n.end:n.end + 12], re.IGNORECASE))
    return bool(lex.TIMES_AFTER.match(text, n.end)) and bool(lex.MULTIPLIER_AFTER.match(text, n.end))


def _part(text: str, m: re.Match[str], blocked: list[tuple[int, int]]) -> Quantity | _Skip | None:
    """"half a mile", "a quarter of an hour", "almost a minute": a part of one unit."""
    phrase = re.sub(r"\s+(?:of\s+)?an?$", "", m.group("part").lower())
    value = 0.5 if phrase == "half" else nb.parse_number(phrase) if phrase not in ("a", "an") else 1.0
    if value is None:
        return None
    num = unit_after(text, Num(m.start(), m.end(), value, word=True))
    if num.unit is None or num.unit in lex.CURRENCY_CODES or re.match(r"['’]s?\b", text[num.end:num.end + 2]):
        return None  # "less than a month's training": a way of speaking
    if value == 1 and not lex.HEDGE_BEFORE.search(text[max(0, m.start() - 40):m.start()]):
        return None  # "a mile away" is a way of speaking; "almost a mile" measures
    return _widen(text, num, blocked)


def _widen(text: str, first: Num, blocked: list[tuple[int, int]]) -> Quantity | _Skip | None:
    """Extend a number to a range, then to the hedge words around it."""
    start, end, unit = first.start, first.end, first.unit
    low: float | None = first.value
    high: float | None = first.value
    hedge = "exact"
    left = text[max(0, start - 80):start]
    rm = lex.RANGE_JOIN.match(text, first.end)
    second = read_at(text, rm.end()) if rm else None
    if rm and _inside(rm.end(), rm.end() + 1, blocked):
        return _Skip(rm.end())  # "18-24 November": the first half of a date range
    if rm and second is not None and not _inside(second.start, second.end, blocked):
        if second.minor and not first.unit and not first.scaled:  # "between 70 and 75 cents"
            first.value, first.unit = first.value / 100, second.unit
        verdict = _range_verdict(text, first, second, rm.group("join"), left)
        if verdict == "skip":
            chain = lex.CHAIN.match(text, second.end)
            return _Skip(chain.end() if chain else second.end)
        if verdict == "range":
            lo = first.value
            scale = scale_of(second)
            if second.scaled and not first.scaled and first.value * scale <= second.value:
                lo = first.value * scale
            unit = second.unit or first.unit
            if unit in ("mph", "km/h") and lo == 0:
                return _Skip(second.end)  # "0-62 mph" names a sprint, not a figure
            low, high, hedge, end = lo, second.value, "range", second.end
            if lex.AGE_OF_AFTER.match(text, end):
                return _Skip(end)  # "at 12 to 15 months of age"
            bm = lex.BETWEEN_BEFORE.search(left)
            if bm:
                start -= len(left) - bm.start()
    if first.year_like and (hedge == "range" or not _year_is_count(text, first, left)):
        return _Skip(end)
    within = bool(re.search(r"\bwithin\s$", left, re.IGNORECASE))  # a deadline, kept or dropped later
    if (lex.PERIOD_ANY.search(left) and not lex.MOVE_PAST.search(left)) or (unit in lex.TIME_UNITS and (
            (lex.PERIOD_TIME.search(left) and not within) or lex.PERIOD_AFTER.match(text, end)
            or (hedge != "range" and lex.AFTER_TIME.search(left)))):
        return _Skip(end)  # "the past three days", "for seven years", "two weeks ago"
    if hedge == "range":
        hm = lex.HEDGE_BEFORE.search(text[max(0, start - 40):start])
        if hm:
            start -= len(text[max(0, start - 40):start]) - hm.start("hedge")
        return Quantity(start=start, end=end, low=low, high=high, hedge=hedge, unit=unit)
    hleft = left[:-4] if left[-4:].lower() == "the " and lex.MARK_AFTER.match(text, end) else left
    hm = lex.HEDGE_BEFORE.search(hleft)  # "passed the 1,000 mark" reaches across "the"
    if hm and not lex.PHRASAL_UP.search(left) and not _passes_things(text, hm.group("hedge"), first, end):
        kind = _hedge_kind(hm.group("hedge"))
        if kind == "min" and lex.THRESHOLD_VERB.match(hm.group("hedge")) and (
                lex.NEGATED_BEFORE.search(hleft[:hm.start("hedge")]) or re.match(r"(?:not|never)\s", hm.group("hedge"))):
            kind = "max"  # "did not exceed 5%", "never topped 1,000"
        start -= len(left) - hm.start("hedge")
        outer_left = text[max(0, start - 40):start]
        outer = lex.HEDGE_BEFORE.search(outer_left)
        if outer:  # "estimated at around", "up to about"
            okind = _hedge_kind(outer.group("hedge"))
            if kind == "approx" or okind == "approx":
                kind = kind if okind == "approx" else okind
                start -= len(outer_left) - outer.start("hedge")
        hedge, low, high = _bounds(kind, first.value)
    after = lex.HEDGE_AFTER.match(text, end) or lex.HEDGE_AFTER_NOUN.match(text, end)
    if after and hedge == "exact":  # "10,000+", "7,000 steps or more", "60-odd"
        hedge, low, high = _bounds(_hedge_kind(after.group("hedge")), first.value)
        end = after.end()
    return Quantity(start=start, end=end, low=low, high=high, hedge=hedge, unit=unit)


def _passes_things(text: str, hedge: str, n: Num, end: int) -> bool:
    """"passed 10 bills", "crossed three rivers", "passed 232 to 196", "near two schools":
    things counted, a vote or a place, not a mark passed or an approximation."""
    if hedge.lower() == "near":  # "near two schools" places, "near 104 degrees" hedges
        return not n.unit and ctx.next_is_plural(text, end, reach=1)
    if not lex.PASS_OBJECT.search(hedge):
        return False
    return bool(lex.PASSED_TALLY.match(text, end)) or (not n.unit and ctx.next_is_plural(text, end, reach=1))


def _hedge_kind(word: str) -> str:
    w = re.sub(r"\s+", " ", word.strip().lstrip("-").lower())
    if w in lex.HEDGE_AFTER_KIND:
        return lex.HEDGE_AFTER_KIND[w]
    return next((kind for pat, kind in lex.HEDGE_KIND if pat.match(w)), "approx")


def _bounds(kind: str, value: float) -> tuple[str, float | None, float | None]:
    if kind == "min":
        return "min", value, None
    if kind == "max":
        return "max", None, value
    if kind == "approx_high":
        return "approx", None, value
    return kind, value, value


def _range_verdict(text: str, a: Num, b: Num, join: str, left: str) -> str:
    """"range", "skip" (a score, a record, a span of years) or "apart" (two figures)."""
    j = join.strip().lower()
    if a.year_like or b.year_like:
        return "skip" if j in lex.DASHES else "apart"
    if j in lex.DASHES:
        small = not (a.unit or b.unit or a.scaled or b.scaled) and max(a.value, b.value) < 200
        if lex.CHAIN.match(text, b.end) or (small and (lex.SCORE_AFTER.match(text, b.end) or lex.SCORE_BEFORE.search(left))):
            return "skip"  # "14-0-1", "a 3-1 victory", "beat Hungary 2-0"
        if a.value >= b.value:
            return "skip" if not (a.unit or b.unit) else "apart"
        return "range" if a.word == b.word and _same_unit(a, b) else "apart"
    if not _same_unit(a, b) or (a.unit and not b.unit):
        return "apart"  # "fell 8.5 per cent to 43.20 euros": a change and a level
    if j in ("to", "-to-"):
        if lex.CHANGE_BY_BEFORE.search(left) and (b.value >= 10 * a.value or left.rstrip().lower().endswith("by")):
            return "apart"  # "rose 2p to 145.9p", "fell by 3 to 40": a change, then a level
        fm = lex.FROM_BEFORE.search(left)
        if fm and not lex.BETWEEN_BEFORE.search(left) and (ctx.change_before(left[:fm.start()]) or a.value >= b.value):
            return "apart"  # "rose from 10 to 12": two figures, a change; "from three to five days": a range
        return "range" if a.value < b.value else "apart"
    if j == "and":
        return "range" if lex.BETWEEN_BEFORE.search(left) and a.value < b.value else "apart"
    return "range" if j == "or" and a.value < b.value and a.word == b.word and not a.scaled else "apart"


def _same_unit(a: Num, b: Num) -> bool:
    return a.unit is None or b.unit is None or a.unit == b.unit


def _year_is_count(text: str, n: Num, left: str) -> bool:
    """A bare 1000-2199 is a year unless it counts a plural noun and nothing dates it."""
    if n.unit or re.match(r"['’]s\b", text[n.end:n.end + 3]) or lex.YEAR_PREP.search(left) \
            or lex.YEAR_LEVEL_AFTER.match(text, n.end):
        return False  # "well below 2019 levels": the year names a time
    if not _plural_follows(text, n.end):
        return False
    return not 1900 <= n.value <= 2100 or bool(lex.HEDGE_BEFORE.search(left))


def _plural_follows(text: str, pos: int) -> bool:
    """One of the next three words looks like a plural noun ("cases", "people")."""
    for w in re.findall(r"[A-Za-z][\w'’-]*", text[pos:pos + 40])[:3]:
        lw = w.lower()
        if lw in ("people", "children", "men", "women", "personnel", "staff", "police", "troops", "cattle"):
            return True
        if lw.endswith("s") and len(lw) > 3 and lw not in lex.NOT_PLURAL and not lw.endswith("ss") and w.islower():
            return True
    return False


# --- pass 3: what is not a figure -----------------------------------------------------

def _not_a_figure(text: str, n: Num) -> bool:
    s = n.start
    before = text[s - 1] if s else " "
    left = text[max(0, s - 80):s]
    if before.isalnum() or before in "_/#@\\:%" or (before in "-‐." and s > 1 and text[s - 2].isalnum()):
        return True  # "FY2019", "F-16", "COVID-19", "Capable-Law7184", "ID.3", "2018.04.05"
    if re.match(r"[/:]\d|\.\d", text[n.end:n.end + 2]):
        return True  # "24/7", "1.2.3"
    if lex.AGE_AFTER.match(text, n.bare_end) or lex.AGE_BEFORE.search(left) or _appositive_age(text, n, left) \
            or ctx.age_group(text, n.end, left, n.value, n.unit):
        return True
    if n.word and lex.FRACTION_AFTER.match(text, n.bare_end):
        return True  # "a two-thirds reduction": a share, not a count
    if lex.ADJ_TIME_AFTER.match(text, n.bare_end) or lex.ROTATION.match(text, n.start) or lex.DESIGN_AFTER.match(text, n.bare_end):
        return True  # "18-year insurgency", "one-year contract": a duration as an adjective
    if lex.SOURCE_AFTER.match(text, n.end) or re.search(r"\bfirst\s$", left, re.IGNORECASE):
        return True
    if not n.unit and (lex.DESIGNATION_BEFORE.search(left) or (
            _capitalised_before(left) and not ctx.results_entry(text, n.start, n.bare_end, left)
            and not ctx.opens_entry(left))):
        return True  # "Article 5", "Boeing 737"; not a results line ("Olsen 52,710")
    line_start = text.rfind("\n", 0, s) + 1
    if lex.PHONE_BEFORE.search(left) or (line_start == s and lex.LIST_MARKER.match(text, s)):
        return True
    if n.word:
        word = text[n.start:n.end]
        if word[0].isupper() and not _sentence_start(left) and not ctx.opens_entry(left):
            return True  # "Xbox One", "Formula One"
        if n.value <= 12 and not n.scaled and lex.ANAPHORIC_BEFORE.search(left):
            return True
        if word.lower() == "one":
            if lex.ONE_PRONOUN_BEFORE.search(left) or lex.ONE_IDIOM_AFTER.match(text, n.bare_end):
                return True
            hyphenated = text[n.bare_end:n.bare_end + 1] in "-‐"
            hedged = bool(lex.HEDGE_BEFORE.search(left))
            listed = bool(lex.ONE_COUNT_BEFORE.search(left)) and lex.MAY_HOLD.search(re.split(r"[.!?]\s", left)[-1][:-4])
            if not (hyphenated or hedged or listed or lex.ONE_COUNT_AFTER.match(text, n.end)):
                return True
    return False


def _appositive_age(text: str, n: Num, left: str) -> bool:
    """"Patrick Carlineo Jr., 55, could face": a bare number set off after a name."""
    if n.unit or n.value != int(n.value) or not 1 <= n.value <= 120:
        return False
    if lex.NAME_COMMA_BEFORE.search(left) and re.match(r"\s*(?:[,)]|[–—-]\s)", text[n.end:n.end + 3]):
        return True
    return bool(lex.NOUN_COMMA_BEFORE.search(left) and lex.AGE_CLAUSE_AFTER.match(text, n.end))


def _capitalised_before(left: str) -> bool:
    """"Article 5", "NBC 5", "Sportback 50", "Wild 4": a name followed by a number."""
    m = re.search(r"(?:^|[\s(\"“])([\w.’'&-]*[A-Z][\w.’'&-]*)[^\S\n]$", left)
    if not m:
        return False  # a line break ends the name: "... in Kremsau.\nTwo more people"
    word = m.group(1)
    if word.endswith(("!", "?")) or (word.endswith(".") and len(word) > 4 and not word.isupper()):
        return False  # "in Kremsau. Two more people": the sentence ended
    if word.endswith(("'s", "’s", "s'", "s’")) or word.lower().rstrip(".") in lex.FUNCTION_WORDS:
        return False
    return word not in lex.ALLCAPS_OK


def _sentence_start(left: str) -> bool:
    stripped = left.rstrip(" \t\"“‘'(")
    return not stripped or stripped[-1] in ".!?:;\n—–-•*"


def _vague(text: str, m: re.Match[str]) -> Quantity | None:
    phrase = m.group("vague")
    if phrase.isupper() and len(phrase) > 3:
        return None  # headline shouting ("SCORES QUARANTINED")
    if lex.VAGUE_SKIP_AFTER.match(text, m.end()):
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
    bounds = lex.VAGUE.get(key)
    return None if bounds is None else Quantity(m.start(), m.end(), bounds[0], bounds[1], "vague")


def _fraction_of(text: str, m: re.Match[str], blocked: list[tuple[int, int]]) -> Quantity | None:
    """"a fifth of the 50,000" -> 10,000, the relation kept."""
    frac_words = re.sub(r"\s+of\s+.*$", "", m.group("frac"), flags=re.DOTALL)
    frac = nb.parse_number(frac_words)
    base = read_at(text, m.end()) if m.end() < len(text) else None
    if frac is None or base is None or base.year_like or _inside(base.start, base.end, blocked):
        return None
    ratio = Fraction(frac).limit_denominator(100)
    value = frac * base.value
    relation: str | None = f"{ratio.numerator}/{ratio.denominator} of {base.value:g}"
    if re.fullmatch(rf"an?\s+(?:{nb.SCALE_WORD_RE})", text[base.start:base.end], re.IGNORECASE):
        relation = None  # "a quarter of a million" is a number, not a share of a figure
    start, left = m.start(), text[max(0, m.start() - 40):m.start()]
    hm = lex.HEDGE_BEFORE.search(left)
    kind = _hedge_kind(hm.group("hedge")) if hm else "exact"
    if hm:  # "about a third of the 900", "more than half of the 50,000"
        start -= len(left) - hm.start("hedge")
    hedge, low, high = _bounds(kind, value)
    return Quantity(start, base.end, low, high, hedge, unit=base.unit, relation=relation)


# --- pass 4: relations between neighbouring figures -----------------------------------

def _relate(text: str, qs: list[Quantity]) -> list[Quantity]:
    """"five of the 10 Democrats" keeps 5; "one of Jupiter's 79 moons" keeps 79."""
    out: list[Quantity] = []
    i = 0
    while i < len(qs):
        q = qs[i]
        nxt = qs[i + 1] if i + 1 < len(qs) else None
        if nxt is not None and not q.unit and q.hedge != "range" and lex.PART_OF_GAP.fullmatch(text[q.end:nxt.start]):
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
    spread: set[int] = set()
    for i in range(1, len(qs)):
        prev, q = qs[i - 1], qs[i]
        carries = i - 1 in spread or bool(lex.SPREADING_HEDGE.match(text, prev.start))
        if carries and prev.hedge in ("min", "max", "approx") and q.hedge == "exact" and q.low is not None \
                and not q.relation and lex.LIST_GAP.fullmatch(text[prev.end:q.start]):
            qs[i] = replace(q, hedge=prev.hedge, low=q.low if prev.low is not None else None,
                            high=q.low if prev.high is not None else None)
            spread.add(i)
    return qs
