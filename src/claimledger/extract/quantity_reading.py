"""Read the number at one place in a text, with its currency, scale and unit.

The quantity scanner (:mod:`claimledger.extract.quantities`) finds where a number starts
with its core pattern; this module turns that match into a :class:`Num`: the value, the
currency written before it ("US$", "£"), a scale after it ("1.2 million", "$2.5bn",
"250k"), a minor currency unit ("71 cents", "45p a litre" -> 0.71 USD, 0.45 GBP), a glued
"m" read as metres or millions by its context, and a unit ("acres", "km", "percent",
"two decades" -> 20 years).  Ranges, hedges and the filters that reject a number are the
scanner's business; this module only reads.
"""

from __future__ import annotations

import re
from dataclasses import dataclass

from claimledger.extract import numbers as nb
from claimledger.extract import quantity_context as ctx
from claimledger.extract import quantity_lexicon as lex


@dataclass
class Num:
    """A number read at one place in the text."""

    start: int
    end: int
    value: float
    unit: str | None = None
    scaled: bool = False  # a scale word or abbreviation multiplied it
    word: bool = False  # written in words
    year_like: bool = False
    bare_end: int = -1  # end of the number itself, before any unit
    minor: bool = False  # read in cents or pence, divided by 100

    def __post_init__(self) -> None:
        if self.bare_end < 0:
            self.bare_end = self.end


def read_at(text: str, pos: int) -> Num | None:
    m = lex.CORE.match(text, pos)
    return None if m is None or m.lastgroup in ("vague", "frac") else read(text, m)


def read(text: str, m: re.Match[str]) -> Num | None:
    """The number a core match holds, with its currency, scale and unit."""
    if m.lastgroup == "digits":
        raw = m.group("num")
        value = nb.parse_digits(raw)
        if value is None:
            return None
        cur = m.group("cur")
        num = Num(m.start(), m.end(), value, unit=nb.currency_of(cur) if cur else None)
        num.year_like = not cur and bool(re.fullmatch(r"1\d{3}|2[01]\d{2}", raw))
        return _digits_suffix(text, num, bool(cur))
    words = _backoff_words(m.group(0))
    value = nb.parse_number(words)
    if value is None:
        return None
    num = Num(m.start(), m.start() + len(words), value, word=True)
    num.scaled = bool(re.search(nb.SCALE_WORD_RE, words, re.IGNORECASE))
    if not num.scaled and _minor(text, num, word=True):
        return num
    return unit_after(text, num)


def _backoff_words(words: str) -> str:
    """Longest prefix of a number-word run that parses ("five six" -> "five")."""
    parts = list(re.finditer(r"[A-Za-z]+", words))
    for k in range(len(parts), 0, -1):
        cand = words[: parts[k - 1].end()]
        if not cand.lower().endswith("and") and nb.parse_number(cand) is not None:
            return cand
    return words


def _digits_suffix(text: str, num: Num, has_cur: bool) -> Num | None:
    sm = lex.SCALE_AFTER.match(text, num.end) or (lex.SCALE_ABBR_CUR.match(text, num.end) if has_cur else None) \
        or lex.SCALE_K.match(text, num.end)
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
    if not sm and not has_cur:
        if _minor(text, num, word=False):
            return num
        if text.startswith("m", num.end) and not text[num.end + 1:num.end + 2].isalnum():
            reading = ctx.metres_or_million(text, num.start, num.end)
            if reading == "m":
                num.unit, num.end, num.year_like = "m", num.end + 1, False
                return num
            if reading == "million":
                num.value, num.end, num.bare_end, num.scaled, num.year_like = num.value * 1e6, num.end + 1, \
                    num.end + 1, True, False
                return unit_after(text, num)
            return None
    if num.end < len(text) and text[num.end].isalpha() and not lex.ATTACHED_UNIT.match(text, num.end):
        return None  # "47th", "1080p", "4K", "1990s", "s96jjh8"
    return unit_after(text, num)


def _minor(text: str, num: Num, word: bool) -> bool:
    """Read "71 cents" as 0.71 USD and "45p a litre" as 0.45 GBP, in place."""
    got = ctx.minor_currency(text, num.start, num.end, num.value, word)
    if got is None:
        return False
    num.unit, num.end = got
    num.value, num.minor, num.year_like = num.value / 100, True, False
    return True


def unit_after(text: str, num: Num) -> Num:
    um = lex.UNIT_AFTER.match(text, num.end)
    if um:
        unit = next((u for pat, u in lex.UNIT_TABLE if pat.match(um.group("unit"))), None)
        if unit is not None and (num.unit is None or (unit in lex.CURRENCY_CODES and num.unit in lex.CURRENCY_CODES)):
            num.unit, num.end, num.year_like = unit, um.end(), False
            if unit == "decade":  # "more than two decades" -> 20 years, comparable with "20 years"
                num.unit, num.value = "year", num.value * 10
        elif unit is not None and unit in lex.CURRENCY_CODES:
            num.end = um.end()  # "$7.9 million dollars": one figure, one currency
    return num


def scale_of(n: Num) -> float:
    """The scale word's factor of a scaled number (350 million -> 1e6)."""
    if n.scaled and n.value:
        for factor in (1e12, 1e9, 1e6, 1e3, 1e2):
            if n.value >= factor:
                return factor
    return 1.0
