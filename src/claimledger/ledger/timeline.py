"""The story's timeline: dated events merged across documents.

Three outlets reporting "North Korea ratified the pact on November 12" are one entry
with three sources, not three entries.  Events merge when they belong to one story, their
dates agree at their common precision ("2024-11" agrees with "2024-11-12"; the entry
keeps the most precise), and their descriptions say the same thing: at least half of
their content words shared (folded lemmas, so "ratifies"/"ratified" meet), or the same
one-time happening by :mod:`claimledger.checks.happenings`.

Events are visited in a fixed order (story, date, document, id) and each joins the most
similar compatible entry of its story and year, so the result is deterministic and the
work grows with events x entries-per-year, not with all pairs.
"""

from __future__ import annotations

from collections import Counter, defaultdict
from collections.abc import Iterable
from dataclasses import dataclass, field

from claimledger.checks.concepts import STOPWORDS, lemma, tokens
from claimledger.checks.happenings import Happening, same_happening
from claimledger.checks.intervals import dates_agree, precision

MIN_OVERLAP = 0.5
_DATE_WORDS = frozenset(
    ("january", "february", "march", "april", "may", "june", "july", "august", "september", "october",
     "november", "december", "monday", "tuesday", "wednesday", "thursday", "friday", "saturday", "sunday",
     "today", "yesterday", "on", "in")
)


@dataclass(frozen=True, slots=True)
class EventItem:
    id: int
    doc: str
    story: int
    date: str
    what: str
    source: str | None = None
    happening: Happening | None = None


@dataclass
class Entry:
    story: int
    date: str
    events: list[EventItem] = field(default_factory=list)

    @property
    def what(self) -> str:
        """The description most events use (ties: the shortest, then alphabetical)."""
        counts = Counter(e.what.strip() for e in self.events)
        return min(counts, key=lambda w: (-counts[w], len(w), w))

    @property
    def documents(self) -> list[str]:
        return sorted({e.doc for e in self.events})

    @property
    def sources(self) -> list[str]:
        return sorted({e.source for e in self.events if e.source})


def content_words(what: str) -> frozenset[str]:
    return frozenset(
        lemma(t)[:5] for t in tokens(what)
        if not t[0].isdigit() and t.lower() not in STOPWORDS and t.lower() not in _DATE_WORDS
    )


def _similar(a: frozenset[str], b: frozenset[str]) -> float:
    if not a or not b:
        return 0.0
    return len(a & b) / len(a | b)


def merge_events(items: Iterable[EventItem]) -> list[Entry]:
    """Merge events into timeline entries (see module docstring)."""
    ordered = sorted(items, key=lambda e: (e.story, e.date, e.doc, e.id))
    entries: list[Entry] = []
    words: list[frozenset[str]] = []
    by_year: dict[tuple[int, str], list[int]] = defaultdict(list)
    for ev in ordered:
        w = content_words(ev.what)
        best, best_sim = -1, 0.0
        for k in by_year.get((ev.story, ev.date[:4]), ()):
            entry = entries[k]
            if not dates_agree(entry.date, ev.date):
                continue
            sim = _similar(w, words[k])
            lead = entry.events[0].happening
            if lead is not None and ev.happening is not None and same_happening(lead, ev.happening):
                sim = max(sim, 1.0)
            if sim >= MIN_OVERLAP and sim > best_sim:
                best, best_sim = k, sim
        if best < 0:
            entries.append(Entry(story=ev.story, date=ev.date, events=[ev]))
            words.append(w)
            by_year[(ev.story, ev.date[:4])].append(len(entries) - 1)
            continue
        entry = entries[best]
        entry.events.append(ev)
        if precision(ev.date) > precision(entry.date):
            entry.date = ev.date
    entries.sort(key=lambda e: (e.date, e.story, e.events[0].doc, e.events[0].id))
    return entries
