"""Broken text: words split by a stray line break, and mojibake.

A split word ("tactical inept\\nitude ensures") is a lowercase fragment at the end of a
line continued by a lowercase fragment on the next, where the two fragments joined make
a known English word and are not both words themselves (so "the\\nend" is fine).  The
known words are the lemma index shipped with the spaCy English model (~83,000 lemmas),
read only when a candidate turns up, plus simple inflections.

A date whose day fell out in editing ("told VOA on Nov. that ...") is caught by its shape:
a preposition, a month abbreviation and an ordinary word where the number should be.

Mojibake is UTF-8 decoded as cp1252/latin-1: "â€™" for "’", "Ã©" for "é", "ï»¿" for a
byte-order mark; "�" is a character lost to a failed decoding.  Their byte patterns are
distinctive enough to be matched directly.  HTML character references left in the text
("&amp;", "&#8217;") are the same kind of damage from a page's extraction.
"""

from __future__ import annotations

import re
from functools import lru_cache

from claimledger.anatomy.sentences import wordset

SPLIT = re.compile(r"(?<![\w-])([a-z]{2,})(-?)[ \t]*\n[ \t]*([a-z]{2,})(?![\w-])")
MOJIBAKE = re.compile(r"(?:â€[™œ\u009d˜¦“”–—•¢žšŸ\x80-\x9f]?|â‚¬|â„¢|Ã[\u0080-\u00bf€‚ƒ„…†‡ˆ‰Š‹ŒŽ‘’“”•–—˜™š›œžŸ]"
                      r"|Â[\u00a0-\u00bf]|ï»¿|\ufffd+)")
ENTITY = re.compile(r"&(?:amp|nbsp|quot|apos|lt|gt|[lr]squo|[lr]dquo|[mn]dash|hellip|eacute|#\d{2,5}|#x[0-9a-fA-F]{2,4});")
LOST_DAY = re.compile(r"\b(?:on|since|until|by|from|before|after) (?:Jan|Feb|Mar|Apr|Aug|Sept?|Oct|Nov|Dec)\."
                      r"(?= (?:that|and|the|when|to|in|at|a|it|he|she|they|as|but|or|with)\b)")
_SUFFIXES = ("s", "es", "ed", "d", "ing", "ly", "er", "est", "ness", "ment", "al")


def split_words(text: str) -> list[tuple[int, int, str]]:
    """``(start, end, joined word)`` for each word split over a line break."""
    out = []
    for m in SPLIT.finditer(text):
        a, b = m.group(1), m.group(3)
        joined = a + b
        if len(joined) < 6 or (is_word(a) and is_word(b)):
            continue  # "the\nend", and a real compound broken at its hyphen ("well-\nknown")
        if is_word(joined):
            out.append((m.start(1), m.end(3), joined))
    return out


def mojibake_runs(text: str) -> list[tuple[int, int]]:
    """Spans of mis-decoded character sequences, adjacent ones merged."""
    spans: list[tuple[int, int]] = []
    for m in MOJIBAKE.finditer(text):
        if spans and m.start() <= spans[-1][1] + 1:
            spans[-1] = (spans[-1][0], m.end())
        else:
            spans.append((m.start(), m.end()))
    return spans


def html_entities(text: str) -> list[tuple[int, int]]:
    """Spans of HTML character references left undecoded ("&amp;", "&#8217;")."""
    return [m.span() for m in ENTITY.finditer(text)]


def lost_day_numbers(text: str) -> list[tuple[int, int]]:
    """Spans like "on Nov." directly followed by an ordinary word: the day number fell out."""
    return [m.span() for m in LOST_DAY.finditer(text)]


def is_word(token: str) -> bool:
    words = known_words()
    if token in words:
        return True
    for suffix in _SUFFIXES:
        if token.endswith(suffix) and len(token) > len(suffix) + 2:
            stem = token[: -len(suffix)]
            if stem in words or stem + "e" in words or (stem.endswith("i") and stem[:-1] + "y" in words):
                return True
            if len(stem) > 3 and stem[-1] == stem[-2] and stem[:-1] in words:  # stopped, running
                return True
    return False


@lru_cache(maxsize=1)
def known_words() -> frozenset[str]:
    """English lemmas from the spaCy model's lemmatizer tables, plus function words."""
    from claimledger.nlp import get_nlp

    words: set[str] = set(FUNCTION_WORDS)
    nlp = get_nlp()
    try:
        lookups = nlp.get_pipe("lemmatizer").lookups  # type: ignore[attr-defined]
        for table in ("lemma_index", "lemma_exc"):
            if lookups.has_table(table):
                for entries in lookups.get_table(table).values():
                    words.update(e for e in (entries if isinstance(entries, list) else entries.keys()) if isinstance(e, str))
    except (KeyError, AttributeError):
        pass
    return frozenset(w for w in words if w.isalpha())


FUNCTION_WORDS = wordset(
    "a an the of to in on at by for with from as and or but nor so yet if then than that this these those there here "
    "is are was were be been being am do does did have has had it its he she they we you i me him her them us our "
    "your their his my mine not no all any some each every into onto upon over under about after before"
)
