"""Cross-document ``conflict`` findings and each figure's trend.

Three ways reports of one story can clash:

Only plain counts of people, or of things with an outcome, are judged
(:func:`claimledger.checks.concepts.contestable`): prices, specs and percentages vary by
product, model and question far more often than reports truly clash.

* **figure conflict** — claims of one figure, from independent reports (a syndicated copy
  is the same report as its original), whose intervals (hedges read by
  :mod:`claimledger.checks.intervals`) cannot both hold *at the same time*.  Time is the
  claim's ``as_of``, else its document's publication date, bucketed by day (by month
  when only the month is known; a different day is a different time); claims whose time is unknown are compared only with
  each other.  An estimate that grows across days is an evolution — the figure's trend
  says ``rising`` — never a conflict.  Sentences that speak of change ("rose to", "up
  from") are left out: they are updates, not rival readings;
* **relayed-figure drift** — the same source's same number restated by two outlets as
  different things (3,000 "killed and wounded" vs 3,000 "killed");
* **event-date conflict** — two independent reports date the same one-time happening
  differently (:mod:`claimledger.checks.happenings`).

Every finding lists every span involved (``spans`` in its first document, ``refs`` in
the others) and has a key derived from those spans only, so re-running changes nothing.
"""

from __future__ import annotations

import hashlib
from collections import defaultdict
from collections.abc import Sequence
from dataclasses import dataclass
from itertools import combinations

from claimledger.checks.concepts import Concept, contestable
from claimledger.checks.happenings import Happening, label, same_happening
from claimledger.checks.intervals import Interval, dates_agree, describe, interval_of, precision, same_time
from claimledger.models import Finding, Ref

MAX_EVENT_PAIRS = 200  # per block of one story and action


@dataclass(frozen=True, slots=True)
class ClaimFacts:
    """What the conflict checks need of one stored claim."""

    id: int
    doc: str
    start: int
    end: int
    low: float | None
    high: float | None
    hedge: str
    text: str
    time: str | None  # as_of, else the document's publication date
    source: str | None  # display name of the resolved source entity
    source_entity: int | None
    report: str  # the original of the document's syndication group (the document itself if none)
    comparable: bool  # not vague, not derived, no change wording in its sentence
    concept: Concept | None = None
    story: int = 0
    unit: str | None = None
    counted: str | None = None


@dataclass(frozen=True)
class FigureStats:
    claims: int
    documents: int
    reports: int
    first: str | None
    last: str | None
    trend: str


def stable_key(kind: str, spans: Sequence[tuple[str, int, int]]) -> str:
    digest = hashlib.sha1(repr(sorted(spans)).encode("utf-8")).hexdigest()[:20]
    return f"{kind}|x|{digest}"


def _finding(kind: str, why: str, places: Sequence[tuple[str, int, int]]) -> Finding:
    places = sorted(set(places))
    doc = places[0][0]
    spans = tuple((s, e) for d, s, e in places if d == doc)
    refs = tuple(Ref(d, s, e) for d, s, e in places if d != doc)
    return Finding(kind=kind, doc=doc, spans=spans, refs=refs, why=why, key=stable_key(kind, places))


def _bucket(time: str | None) -> str:
    if not time:
        return "?"
    return time[:10] if precision(time) == 3 else time[:7]


def _who(c: ClaimFacts) -> str:
    return c.source or "an unnamed source"


def figure_conflicts(label_text: str, claims: Sequence[ClaimFacts]) -> list[Finding]:
    """Conflicts inside one figure, at most one per time bucket."""
    usable = [(c, interval_of(c.low, c.high, c.hedge)) for c in claims if c.comparable]
    buckets: dict[str, list[tuple[ClaimFacts, Interval]]] = defaultdict(list)
    for c, iv in usable:
        if iv is not None:
            buckets[_bucket(c.time)].append((c, iv))
    out: list[Finding] = []
    for bucket in sorted(buckets):
        items = buckets[bucket]
        if len({c.report for c, _ in items}) < 2:
            continue
        low_end = min(items, key=lambda x: (x[1].hi, x[0].id))
        high_end = max(items, key=lambda x: (x[1].lo, -x[0].id))
        if low_end[1].hi >= high_end[1].lo:
            continue
        lows = [x for x in items if x[1].hi < high_end[1].lo]
        highs = [x for x in items if x[1].lo > low_end[1].hi]
        if not any(a.report != b.report for a, _ in lows for b, _ in highs):
            continue
        a, b = next((x, y) for x, _ in sorted(lows, key=lambda t: (t[1].hi, t[0].id))
                    for y, _ in sorted(highs, key=lambda t: (-t[1].lo, t[0].id)) if x.report != y.report)
        when = "at the same time" if bucket == "?" else f"around {bucket}"
        why = (f"Reports disagree on {label_text} {when}: {_who(a)} gives {describe(a.low, a.high, a.hedge)}, "
               f"{_who(b)} gives {describe(b.low, b.high, b.hedge)}; both cannot be true.")
        out.append(_finding("conflict", why, [(c.doc, c.start, c.end) for c, _ in lows + highs]))
    return out


def figure_stats(claims: Sequence[ClaimFacts], disputed: bool) -> FigureStats:
    times = sorted(c.time for c in claims if c.time)
    trend = "disputed" if disputed else "stable"
    if not disputed and len({_bucket(t) for t in times}) > 1:
        dated = sorted((c for c in claims if c.time and c.comparable), key=lambda c: (c.time or "", c.id))
        ivs = [(c, iv) for c in dated if (iv := interval_of(c.low, c.high, c.hedge)) is not None]
        if len(ivs) >= 2:
            first_t, last_t = _bucket(ivs[0][0].time), _bucket(ivs[-1][0].time)
            first = [iv.mid() for c, iv in ivs if _bucket(c.time) == first_t]
            last = [iv.mid() for c, iv in ivs if _bucket(c.time) == last_t]
            f, la = sorted(first)[len(first) // 2], sorted(last)[len(last) // 2]
            if la > f * 1.05 + 1e-9:
                trend = "rising"
            elif la < f * 0.95 - 1e-9:
                trend = "falling"
    return FigureStats(
        claims=len(claims), documents=len({c.doc for c in claims}), reports=len({c.report for c in claims}),
        first=times[0] if times else None, last=times[-1] if times else None, trend=trend,
    )


def drift_conflicts(claims: Sequence[ClaimFacts]) -> list[Finding]:
    """One source's same number restated by independent reports as different things."""
    groups: dict[tuple[int, int, str, float | None, float | None], list[ClaimFacts]] = defaultdict(list)
    for c in claims:
        if c.source_entity is not None and c.hedge != "vague" and contestable(c.concept, c.unit):
            groups[(c.story, c.source_entity, c.unit or "", c.low, c.high)].append(c)
    out: list[Finding] = []
    for key in sorted(groups, key=lambda k: (k[0], k[1], k[2], k[3] or 0.0, k[4] or 0.0)):
        items = sorted(groups[key], key=lambda c: (c.doc, c.start))
        if len({c.report for c in items}) < 2:
            continue
        for a, b in combinations(items, 2):
            ca, cb = a.concept, b.concept
            if a.report == b.report or ca is None or cb is None or ca.head != cb.head:
                continue
            if not same_time(a.time, b.time, days=3):
                continue
            outcome_drift = ca.outcome and cb.outcome and ca.outcome != cb.outcome
            who_drift = ca.qualifiers and cb.qualifiers and not (ca.qualifiers & cb.qualifiers)
            if not (outcome_drift or who_drift):
                continue
            why = (f"Relayed-figure drift: {a.source}'s figure {describe(a.low, a.high, a.hedge)} is reported as "
                   f"{a.counted or a.text} in one report and as {b.counted or b.text} in another; "
                   "they cannot both be what was said.")
            out.append(_finding("conflict", why, [(a.doc, a.start, a.end), (b.doc, b.start, b.end)]))
            break
    return out


@dataclass(frozen=True, slots=True)
class EventFacts:
    id: int
    doc: str
    start: int
    end: int
    date: str
    text: str
    story: int
    report: str
    happening: Happening
    source: str | None = None


def event_conflicts(events: Sequence[EventFacts]) -> list[Finding]:
    """Independent reports that date the same one-time happening differently."""
    blocks: dict[tuple[int, str], list[EventFacts]] = defaultdict(list)
    for e in events:
        if e.happening.action and not e.happening.hedged:
            blocks[(e.story, e.happening.action)].append(e)
    out: list[Finding] = []
    seen: set[tuple[str, str]] = set()
    for key in sorted(blocks):
        items = sorted(blocks[key], key=lambda e: (e.doc, e.start))
        pairs = 0
        for a, b in combinations(items, 2):
            if a.report == b.report or dates_agree(a.date, b.date) or (a.doc, b.doc) in seen:
                continue
            pairs += 1
            if pairs > MAX_EVENT_PAIRS:
                break
            if not same_happening(a.happening, b.happening):
                continue
            seen.add((a.doc, b.doc))
            why = (f"Reports date the same {label(a.happening)} differently: {a.date} (“{a.text}”) "
                   f"vs {b.date} (“{b.text}”).")
            out.append(_finding("conflict", why, [(a.doc, a.start, a.end), (b.doc, b.start, b.end)]))
    return out
