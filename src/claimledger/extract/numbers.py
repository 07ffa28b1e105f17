"""Turn the written form of a number into its value.

News writes the same figure many ways: ``1,250``, ``1.2 million``, ``$2.5bn``, ``250k``,
``fifty-seven``, ``one hundred and five``, ``a dozen``, ``a trio``, ``two-thirds``, ``half a
million``.  :func:`parse_number` reads all of them so that the quantity finder can stay a
set of patterns and leave the arithmetic here.  It is pure and never raises: anything it
does not recognise as a whole number expression gives ``None``.

The word tables are public because :mod:`claimledger.extract.quantities` builds its
regular expressions from the same vocabulary; one list, two uses, no drift.
"""

from __future__ import annotations

import re

UNITS: dict[str, int] = {
    "zero": 0, "one": 1, "two": 2, "three": 3, "four": 4, "five": 5, "six": 6, "seven": 7,
    "eight": 8, "nine": 9, "ten": 10, "eleven": 11, "twelve": 12, "thirteen": 13,
    "fourteen": 14, "fifteen": 15, "sixteen": 16, "seventeen": 17, "eighteen": 18,
    "nineteen": 19,
}
TENS: dict[str, int] = {
    "twenty": 20, "thirty": 30, "forty": 40, "fourty": 40, "fifty": 50, "sixty": 60,
    "seventy": 70, "eighty": 80, "ninety": 90,
}
# Scale words multiply what precedes them ("1.2 million", "three hundred").
SCALES: dict[str, float] = {
    "hundred": 1e2, "thousand": 1e3, "lakh": 1e5, "million": 1e6, "crore": 1e7,
    "billion": 1e9, "trillion": 1e12,
}
# Abbreviated scales as news writes them after a figure ("$2.5bn", "250k", "£3m").
SCALE_ABBREVIATIONS: dict[str, float] = {
    "k": 1e3, "K": 1e3, "m": 1e6, "mn": 1e6, "mln": 1e6, "mil": 1e6, "M": 1e6, "b": 1e9,
    "bn": 1e9, "bln": 1e9, "B": 1e9, "tn": 1e12, "trn": 1e12, "T": 1e12,
}
# Collective nouns that name an exact count ("a trio of armored transporters").
COLLECTIVES: dict[str, int] = {
    "dozen": 12, "couple": 2, "pair": 2, "trio": 3, "quartet": 4, "score": 20, "gross": 144,
}
# Denominators of fractions ("a fifth", "two-thirds"); "second" is left out on purpose:
# "a second" is a unit of time, never half.
FRACTIONS: dict[str, float] = {
    "half": 2, "halves": 2, "third": 3, "thirds": 3, "quarter": 4, "quarters": 4,
    "fourth": 4, "fourths": 4, "fifth": 5, "fifths": 5, "sixth": 6, "sixths": 6,
    "seventh": 7, "sevenths": 7, "eighth": 8, "eighths": 8, "ninth": 9, "ninths": 9,
    "tenth": 10, "tenths": 10,
}
# Adverbs that are counts ("Parise scored twice").
MULTIPLES: dict[str, int] = {"twice": 2, "thrice": 3}

NUMBER_WORDS: frozenset[str] = frozenset(UNITS) | frozenset(TENS)

_DIGITS = re.compile(r"\d+(?:[.,]\d+)*")
_TOKEN = re.compile(r"\d+(?:[.,]\d+)*|[a-z]+|[^\sa-z\d]")
_CURRENCY = re.compile(r"(?:us|a|c|hk|nz|s)?\$|[€£¥₹₽₴]|\b(?:usd|eur|gbp|rs\.?|inr|jpy|cny)\b")


def parse_digits(text: str) -> float | None:
    """Value of a digit string with thousands separators or a decimal point.

    ``1,250`` -> 1250, ``1.2`` -> 1.2, ``1.250.000`` -> 1250000, ``10.000`` -> 10000 (a
    single dot followed by ``000`` is a European thousands separator: no English writer
    gives a count to three decimal places of zeros), ``16.057`` -> 16.057.
    """
    s = text.strip()
    if not s or not _DIGITS.fullmatch(s):
        return None
    commas, dots = s.count(","), s.count(".")
    try:
        if commas and dots:
            if s.rfind(",") > s.rfind("."):  # 1.250,5 (European)
                return float(s.replace(".", "").replace(",", "."))
            return float(s.replace(",", ""))
        if commas:
            groups = s.split(",")
            if all(len(g) == 3 for g in groups[1:]) and 1 <= len(groups[0]) <= 3:
                return float(s.replace(",", ""))
            if commas == 1 and len(groups[1]) in (1, 2):  # 3,5 (European decimal)
                return float(s.replace(",", "."))
            return None
        if dots > 1:
            groups = s.split(".")
            if all(len(g) == 3 for g in groups[1:]) and 1 <= len(groups[0]) <= 3:
                return float(s.replace(".", ""))
            return None
        if dots == 1:
            head, tail = s.split(".")
            if tail == "000" and 1 <= len(head) <= 3 and head != "0":
                return float(head + tail)
        return float(s)
    except ValueError:
        return None


def _tokens(text: str) -> list[str]:
    s = text.lower().replace("\u2010", "-").replace("\u2011", "-").replace("\u2013", "-")
    s = _CURRENCY.sub(" ", s)
    return [t for t in _TOKEN.findall(s) if t not in {"-", ",", "+"}]


def parse_number(text: str) -> float | None:
    """The value of a number expression, or None.

    Reads digits (``1,250``), number words (``fifty-seven``, ``one hundred and five``),
    scales (``1.2 million``, ``$2.5bn``, ``250k``, ``half a million``), collectives (``a
    dozen``, ``a trio of``, ``a couple of``, ``a score``), fractions (``a fifth``,
    ``two-thirds``, ``half``, ``one and a half``) and ``twice``.  Currency signs are
    ignored: the value of ``$2.5bn`` is 2.5e9, the currency is the caller's business.
    """
    try:
        return _parse(text)
    except (ValueError, OverflowError, ZeroDivisionError):
        return None


def _parse(text: str) -> float | None:
    raw = text.strip()
    if not raw or len(raw) > 200:
        return None
    # "250k", "$2.5bn", "3M" written without a space
    glued = re.fullmatch(r"[^\d]*?(\d+(?:[.,]\d+)*)\s?([A-Za-z]{1,3})\.?", raw)
    if glued and glued.group(2) in SCALE_ABBREVIATIONS:
        value = parse_digits(glued.group(1))
        return None if value is None else value * SCALE_ABBREVIATIONS[glued.group(2)]
    tokens = _tokens(raw)
    if tokens and tokens[-1] == "of":  # "a couple of", "a trio of"
        tokens = tokens[:-1]
    if not tokens:
        return None
    if len(tokens) == 1 and tokens[0] in MULTIPLES:
        return float(MULTIPLES[tokens[0]])
    if len(tokens) == 1 and tokens[0] in ("half", "halves"):
        return 0.5
    return _parse_tokens(tokens)


def _parse_tokens(tokens: list[str]) -> float | None:
    # "one and a half [million]"
    for k in range(1, len(tokens) - 2):
        if tokens[k] == "and" and tokens[k + 1] in ("a", "one") and tokens[k + 2] == "half":
            whole, rest = _parse_tokens(tokens[:k]), tokens[k + 3:]
            if whole is None or (rest and (len(rest) != 1 or rest[0] not in SCALES)):
                return None
            return (whole + 0.5) * (SCALES[rest[0]] if rest else 1)
    # "half a million"
    if tokens[0] in ("half", "halves") and len(tokens) > 1:
        whole_of = _parse_tokens(tokens[1:])
        return None if whole_of is None else whole_of / 2
    # "a fifth", "two-thirds", "three quarters"
    if tokens[-1] in FRACTIONS:
        head = tokens[:-1]
        if not head:
            return 0.5 if tokens[-1] == "half" else None
        numerator = 1.0 if head in (["a"], ["an"]) else _parse_tokens(head)
        return None if numerator is None else numerator / FRACTIONS[tokens[-1]]
    return _parse_cardinal(tokens)


def _parse_cardinal(tokens: list[str]) -> float | None:
    """Digits and number words with scales: ``one hundred and five``, ``1.2 million``."""
    total, current, seen = 0.0, None, False
    for i, tok in enumerate(tokens):
        nxt = tokens[i + 1] if i + 1 < len(tokens) else None
        if tok in ("a", "an"):
            if i != 0 or nxt is None or (nxt not in SCALES and nxt not in COLLECTIVES):
                return None
            current, seen = 1.0, True
        elif tok == "and":
            if not seen or nxt is None:
                return None
        elif tok[0].isdigit():
            value = parse_digits(tok)
            if value is None or current is not None:
                return None
            if nxt in SCALE_ABBREVIATIONS and i + 2 == len(tokens):
                return total + value * SCALE_ABBREVIATIONS[nxt]
            current, seen = value, True
        elif tok in UNITS or tok in TENS:
            value = float(UNITS.get(tok, TENS.get(tok, 0)))
            if current is not None:
                rest = current % 100
                after_hundred = current >= 100 and rest == 0
                after_tens = rest in TENS.values() and tok in UNITS and 1 <= value <= 9
                if not (after_hundred or after_tens):
                    return None  # "five six" is two numbers, not one
            current, seen = (current or 0) + value, True
        elif tok in COLLECTIVES:
            if current is None and tok != "dozen":
                return None  # "couple" alone is two people, not a number
            current, seen = (current if current is not None else 1.0) * COLLECTIVES[tok], True
        elif tok in SCALES:
            if current is None and seen:
                return None
            base = current if current is not None else 1.0
            if SCALES[tok] == 100:
                current = base * 100
            else:
                total += base * SCALES[tok]
                current = None
            seen = True
        else:
            return None
    if not seen:
        return None
    return total + (current or 0)


# --- patterns for finding numbers in running text ---------------------------------------
# The quantity scanner builds its regular expressions from these, so that what it finds is
# exactly what parse_number can read.

NUMBER_WORD_RE = "|".join(sorted(NUMBER_WORDS, key=len, reverse=True))
SCALE_WORD_RE = "hundred|thousand|million|billion|trillion"
FRACTION_WORD_RE = "half|third|quarter|fourth|fifth|sixth|seventh|eighth|ninth|tenth"

# Currency written before a figure, and its ISO code.
CURRENCY_PREFIX: dict[str, str] = {
    "$": "USD", "US$": "USD", "A$": "AUD", "C$": "CAD", "HK$": "HKD", "NZ$": "NZD", "S$": "SGD",
    "€": "EUR", "£": "GBP", "¥": "JPY", "₹": "INR", "Rs": "INR", "₽": "RUB", "₴": "UAH", "₩": "KRW",
    "USD": "USD", "EUR": "EUR", "GBP": "GBP", "INR": "INR", "JPY": "JPY", "CNY": "CNY", "CHF": "CHF",
    "AUD": "AUD", "CAD": "CAD",
}
CURRENCY_PREFIX_RE = (r"(?:US|A|C|HK|NZ|S)\$\s?|[$€£¥₹₽₴₩]\s?|\bRs\.?\s?"
                      r"|\b(?:USD|EUR|GBP|INR|JPY|CNY|CHF|AUD|CAD)\s")
# Currency written after a figure ("71,350 euro", "$7.9 million dollars"): pattern -> ISO code.
CURRENCY_WORDS: dict[str, str] = {
    r"australian\sdollars?": "AUD", r"canadian\sdollars?": "CAD",
    r"(?:us\s|u\.s\.\s|american\s)?dollars?": "USD", r"euros?": "EUR", r"(?:pounds?\s)?sterling": "GBP",
    r"rupees?": "INR", r"yen": "JPY", r"yuan|renminbi": "CNY", r"r[ou]bles?": "RUB",
    r"hryvnias?": "UAH", r"pesos?": "MXN", r"swiss\sfrancs?|francs?": "CHF", r"naira": "NGN",
    r"shekels?": "ILS", r"dirhams?": "AED", r"riyals?": "SAR", r"usd": "USD", r"eur": "EUR", r"gbp": "GBP",
}


def currency_of(prefix: str) -> str | None:
    """ISO code of a currency sign or code written before a figure ("US$ " -> "USD")."""
    return CURRENCY_PREFIX.get(prefix.strip().rstrip("."))
