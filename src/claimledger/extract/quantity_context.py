"""Readings of a figure that hang on the words around it, for :mod:`~claimledger.extract.quantities`.

The scanner reads a number and its unit from the characters right after it.  A few
figures cannot be read that way, because the same letters mean different things in
different sentences; each function here decides one of them from a small window of
context, so that the scanner itself stays a sequence of patterns:

* ``71 cents``, ``45p a litre``: hundredths of a currency, read in the major unit
  (0.71 USD, 0.45 GBP) so that they compare with ``$0.71``.  ``p`` alone is also a video
  format ("1080p"), so a bare ``45p`` needs words of prices around it.
* ``4m``: metres beside a physical word ("waves of up to 4m", "a 4m-high wall"), millions
  before a counted noun or among money words ("4m people", "raised 4m").
* ages of a group ("children under five", "those 65 or older"): not claims.
* a results line ("Marsh 61,240, Olsen 52,710"): a name before a count, not a designation
  like "Boeing 737".
* a clock time that opens a live-blog entry ("12:45 GMT Five more bodies are recovered").
* ``from N to M``: two figures after a verb of change ("rose from 8,000 to 12,000"), a
  range otherwise ("lasts from three to five days").
* ``within two years``: a deadline that frames another figure of its sentence is not one.

All functions are pure and take document text plus positions in it.
"""

from __future__ import annotations

import re
from collections.abc import Sequence

from claimledger.extract import quantity_lexicon as lex
from claimledger.models import Quantity

_CENT_CURRENCY = {"euro": "EUR", "australian": "AUD", "canadian": "CAD", "us": "USD", "u.s.": "USD",
                  "american": "USD"}
_SIGN_CURRENCY = {"$": "USD", "US$": "USD", "A$": "AUD", "C$": "CAD", "HK$": "HKD", "NZ$": "NZD", "S$": "SGD",
                  "€": "EUR", "euro": "EUR", "euros": "EUR"}
_PEOPLE = frozenset({"people", "children", "men", "women", "personnel", "staff", "police", "troops", "cattle"})


def sentence_window(text: str, pos: int, before: int = 160, after: int = 80) -> str:
    """The sentence around ``pos`` (cut at ``.!?`` or a line break), at most so many characters each side."""
    lo = max(0, pos - before)
    head = text[lo:pos]
    cut = max((m.end() for m in _SENTENCE_BREAK.finditer(head)), default=0)
    tail = text[pos:pos + after]
    stop = _SENTENCE_BREAK.search(tail)
    return head[cut:] + (tail[:stop.start()] if stop else tail)


def minor_currency(text: str, start: int, end: int, value: float, word: bool) -> tuple[str, int] | None:
    """``(currency, new end)`` when the figure ending at ``end`` counts cents or pence, else None.

    "cents on the dollar" is a rate and stays as written.
    """
    m = lex.MINOR_SPACED.match(text, end)
    if m:
        if lex.MINOR_RATE_AFTER.match(text, m.end()):
            return None
        if m.group("minor").lower() in ("pence", "penny"):
            return "GBP", m.end()
        named = (m.group("cur") or "").lower()
        return _CENT_CURRENCY.get(named) or _context_currency(text, start), m.end()
    if word:
        return None
    a = lex.MINOR_ATTACHED.match(text, end)
    if a is None or value >= 1000:
        return None
    strong = lex.PENCE_STRONG_AFTER.match(text, a.end())
    if a.group("minor") == "c":
        return (_context_currency(text, start), a.end()) if strong else None
    if int(value) in lex.VIDEO_LINES or lex.VIDEO_AFTER.match(text, a.end()):
        return None
    if strong or lex.MONEY_WORDS.search(sentence_window(text, start)):
        return "GBP", a.end()
    return None


def _context_currency(text: str, start: int) -> str:
    """The currency of the nearest dollar or euro sign before ``start`` in its sentence; USD by default."""
    window = sentence_window(text, start, after=0)
    signs = lex.DOLLAR_SIGN.findall(window)
    return _SIGN_CURRENCY.get(signs[-1].lower() if signs[-1].isalpha() else signs[-1], "USD") if signs else "USD"


def metres_or_million(text: str, start: int, m_at: int) -> str | None:
    """How to read the ``m`` at ``m_at`` glued to the figure at ``start``: "m" (metres),
    "million", "skip" (a race distance, "the 100m final") or None when nothing tells."""
    after = m_at + 1
    pair = lex.GLUED_M_RANGE.match(text, after)
    if pair:  # "5m to 6m people": the second figure decides for both
        return metres_or_million(text, start, pair.end() - 1)
    if lex.RACE_AFTER.match(text, after):
        return "skip"
    if lex.METRE_AFTER.match(text, after):
        return "m"
    clause = lex.RANGE_HEAD.sub("", sentence_window(text, start, before=80, after=0))  # "waves of 3-4m"
    if lex.METRE_BEFORE.search(clause):
        return "m"
    if next_is_plural(text, after):
        return "million"
    if lex.MILLION_MONEY.search(sentence_window(text, start)):
        return "million"
    return None


def next_is_plural(text: str, pos: int, reach: int = 2) -> bool:
    """One of the next ``reach`` words after ``pos`` looks like a plural noun ("people", "new users")."""
    for m in list(re.finditer(r"[A-Za-z][\w'’-]*|[^\w\s-]", text[pos:pos + 40]))[:reach]:
        w = m.group(0)
        if w in _PEOPLE or (w.endswith("s") and len(w) > 3 and w.islower() and not w.endswith("ss")
                            and w not in lex.NOT_PLURAL):
            return True
    return False


def age_group(text: str, end: int, left: str, value: float, unit: str | None) -> bool:
    """"children under five", "people over 65", "those 65 or older": the age of a group."""
    if unit not in (None, "year") or value != int(value) or not 0 < value <= 120:
        return False
    if lex.AGE_OR_AFTER.match(text, end):
        return True
    if lex.PERSON_AGE_BEFORE.search(left) and not next_is_plural(text, end, reach=1):
        return True
    return bool(lex.PERSON_BEFORE.search(left) and lex.AGE_BOUND_AFTER.match(text, end))


def results_entry(text: str, start: int, end: int, left: str) -> bool:
    """A name followed by a count in a results line ("Olsen 52,710", "Labour 203, Greens 11 seats").

    A figure with thousands separators is never a designation; a small one counts when it
    stands in a list of name-figure pairs on a line about votes or seats.
    """
    if lex.GROUPED.fullmatch(text[start:end]):
        return True
    pair = lex.RESULT_NEXT.match(text, end) or lex.RESULT_PREV.search(left)
    if not pair:
        return False
    if lex.GROUPED.fullmatch(pair.group("num").rstrip(",")):
        return True  # a neighbour in the list is a tally ("Greens 1,035, Liberal Democrats 980")
    line_start = text.rfind("\n", max(0, start - 300), start) + 1
    line_end = text.find("\n", end, end + 300)
    return bool(lex.RESULT_WORDS.search(text[line_start:line_end if line_end >= 0 else end + 300]))


def opens_entry(left: str) -> bool:
    """The figure follows a clock time that opens a live-blog entry ("12:45 GMT Five more ...")."""
    return bool(lex.TIMESTAMP_LEAD.search(left))


def change_before(left: str) -> bool:
    """The clause before "from N to M" has a verb or noun of change ("rose", "an increase", "up")."""
    clause = lex.CLAUSE_BREAK.split(left)[-1]
    return bool(lex.CHANGE_BEFORE.search(clause))


def drop_framing_deadlines(text: str, qs: Sequence[Quantity]) -> list[Quantity]:
    """Drop "within two years" when it frames another figure of its sentence ("hire 150 officers
    within two years", "within 24 hours, 300 people had fled") or a moment ("within five
    years of retirement"); keep it when it is the figure ("ambulances arrived within eight
    minutes")."""
    def deadline(q: Quantity) -> bool:
        return q.unit in lex.TIME_UNITS and text[q.start:q.start + 6].lower() == "within"

    def same_sentence(a: Quantity, b: Quantity) -> bool:
        lo, hi = (a, b) if a.start < b.start else (b, a)
        return not _SENTENCE_BREAK.search(text, lo.end, hi.start)

    return [q for q in qs if not deadline(q) or not (
        lex.WITHIN_OF_AFTER.match(text, q.end) or any(o is not q and same_sentence(o, q) for o in qs))]


_SENTENCE_BREAK = re.compile(r"[.!?](?:\s|$)|\n")
