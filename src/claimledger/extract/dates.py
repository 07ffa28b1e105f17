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

import datetime as dt
from dataclasses import replace
from functools import lru_cache

from claimledger.extract.as_of import as_of_for
from claimledger.extract.date_grammar import (
    PATTERNS,
    SCREEN,
    DateMention,
)
from claimledger.extract.date_resolution import HANDLERS, resolve_anaphoric

__all__ = ["DateMention", "as_of_for", "document_anchor", "find_dates", "may_hold_date", "resolve_anaphoric"]


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
    return SCREEN.search(text) is not None


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
    for rank, (name, pattern) in enumerate(PATTERNS):
        for m in pattern.finditer(text):
            mention = HANDLERS[name](m, text, anchor)
            if mention is not None and mention.end > mention.start:
                found.append((mention.start, -(mention.end - mention.start), rank, mention))
    found.sort(key=lambda t: (t[1], t[2], t[0]))  # longest first, then grammar order
    chosen: list[DateMention] = []
    for _s, _l, _r, mention in found:
        if all(mention.end <= c.start or mention.start >= c.end for c in chosen):
            chosen.append(mention)
    return tuple(sorted(chosen, key=lambda c: c.start))
