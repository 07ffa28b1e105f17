"""Contradictions inside one document: ``self_contradiction`` and ``disagreement``.

A document contradicts itself when it gives two values that cannot both hold for the
same thing at the same time: "ratified on November 12, 2024" in the body and "ratified
... in June 2024" in the FAQ; 50,000 soldiers in one paragraph and 10,000 to 12,000 of the
same soldiers in another.  When the two values come from two different named sources
the document is relaying a ``disagreement`` rather than contradicting itself.

Precision comes first, so a pair is reported only when every rule agrees:

* figures: plain counts of people or of things with an outcome (killed, destroyed ...;
  :func:`concepts.contestable` — specs, prices, scores and percentages differ by model,
  product, player or question far more often than they contradict), same counted concept (:func:`concepts.same_kind` with named
  qualifiers equal, and most content words shared, at least two), both relayed from a
  source or both in the writer's own voice (the writer correcting a source is reporting,
  not contradicting itself), hedges read as intervals that do not
  overlap (:mod:`intervals`), not in the same sentence, not both dated to different days,
  no sign of change over time around either ("rose to", "up from", "initially");
* events: the same one-time happening (:mod:`happenings`) with dates that disagree at
  their common precision.
"""

from __future__ import annotations

import re
from collections.abc import Sequence
from dataclasses import replace
from itertools import combinations

from claimledger.checks.concepts import (
    Concept,
    concept_of,
    contestable,
    rate_period_of,
    same_kind,
    shared_words,
    word_overlap,
)
from claimledger.checks.happenings import Happening, happening_of, label, same_happening
from claimledger.checks.intervals import compatible, dates_agree, describe, interval_of, same_time
from claimledger.models import Claim, Document, Event, Finding, Sentence

MIN_WORD_OVERLAP = 0.5
MAX_PAIRS_PER_DOC = 50

# signs that a number is part of a change over time, a comparison or a past value
_CHANGE = re.compile(
    r"\b(?:rose|rising|risen|rises|climb(?:ed|s|ing)?|increas(?:ed|es|ing)|grew|grown|jump(?:ed|s)?|"
    r"surg(?:ed|es)|fell|fallen|falls|drop(?:ped|s)?|declin(?:ed|es|ing)|decreas(?:ed|es|ing)|"
    r"doubl(?:ed|es)|tripl(?:ed|es)|up from|down from|from \S+ to|compared (?:with|to)|previous(?:ly)?|"
    r"earlier|initial(?:ly)?|original(?:ly)?|revised|updated|last year|a year ago|now|so far|"
    r"had been|used to|more than double|times as many|expected|projected|forecast|could|would|will|"
    r"target|goal|plans?|aims?)\b",
    re.IGNORECASE,
)
_DIGIT = re.compile(r"\d")
_CLAUSE_END = re.compile(r"\d|[,;:()]|\.(?:\s|$)")


def _sentence_text(document: Document, by_index: dict[int, Sentence], index: int) -> tuple[str, int]:
    s = by_index.get(index)
    if s is None:
        return "", 0
    return document.text[s.start:s.end], s.start


def claim_context(text: str, start: int, end: int, sentence: tuple[int, int] | None = None) -> str:
    """The words right around a quantity: up to two before it (back to the previous number)
    and the rest of its clause after it (up to the next number or punctuation), inside its
    sentence: "killed [1,250] troops killed or wounded in the past day" -> "killed … troops …"."""
    lo, hi = sentence if sentence else (max(0, start - 40), min(len(text), end + 100))
    before = text[max(lo, start - 25):start]
    digits = list(_DIGIT.finditer(before))
    if digits:
        before = before[digits[-1].end():]
    before = " ".join(before.split()[-2:])
    after = text[end:min(hi, end + 100)]
    m = _CLAUSE_END.search(after)
    if m:
        after = after[:m.start()]
    return f"{before} … {after}"


def claim_concept(document: Document, claim: Claim, sentence: tuple[int, int] | None) -> Concept:
    """The claim's concept, read from its counted phrase and the words around its number; a
    rate window named anywhere in its sentence ("in the past 24 hours") applies to it."""
    concept = concept_of(claim.counted, claim_context(document.text, claim.start, claim.end, sentence))
    if concept.period is None and sentence is not None:
        period = rate_period_of(document.text[sentence[0]:sentence[1]])
        if period:
            concept = replace(concept, period=period)
    return concept


_PARTITIVE = re.compile(
    r"(?:\b(?:part|parts|some|many|most|one|none|all|share|fraction|fifth|third|quarter|half|tenth|percent|"
    r"portion|proportion|majority|minority|out|among)\s+(?:of\s+)?(?:the|its|his|her|their|those|these)?"
    r"|\bof\s+(?:the|its|his|her|their|those|these))\s*$",
    re.IGNORECASE,
)


def is_partitive(text: str, start: int) -> bool:
    """True when the number names a whole something is part of: "part of the 50,000",
    "a fifth of the 50,000", "among the 10,000" — it does not count the counted noun."""
    return bool(_PARTITIVE.search(text[max(0, start - 30):start]))


def comparable(c: Claim, text: str) -> bool:
    """A figure that can contradict another: bounded, not vague, not derived, not a whole."""
    return (c.relation is None and c.hedge != "vague" and bool(c.counted)
            and (c.low is not None or c.high is not None) and not is_partitive(text, c.start))


def _source_name(c: Claim) -> str | None:
    return c.source.name if c.source and c.source.name else None


def _same_source(a: str | None, b: str | None) -> bool:
    if a is None or b is None:
        return a == b
    la, lb = a.lower().split(), b.lower().split()
    return la == lb or (bool(la) and bool(lb) and la[-1] == lb[-1])


def _kind(a: str | None, b: str | None) -> str:
    """Two different named sources: a relayed disagreement; otherwise the document itself."""
    if a and b and not _same_source(a, b):
        return "disagreement"
    return "self_contradiction"


def claim_pairs(document: Document, sentences: Sequence[Sentence], claims: Sequence[Claim]) -> list[Finding]:
    by_index = {s.index: s for s in sentences}
    items: list[tuple[Claim, Concept, str]] = []
    for c in claims:
        if not comparable(c, document.text):
            continue
        s = by_index.get(c.sentence)
        bounds = (s.start, s.end) if s else None
        stext = document.text[s.start:s.end] if s else ""
        items.append((c, claim_concept(document, c, bounds), stext))
    out: list[Finding] = []
    for (a, ca, sa), (b, cb, sb) in combinations(items, 2):
        if a.sentence == b.sentence or not contestable(ca, a.unit) or not contestable(cb, b.unit):
            continue
        if not same_kind(ca, cb) or word_overlap(ca, cb) < MIN_WORD_OVERLAP or shared_words(ca, cb) < 2:
            continue
        name_a, name_b = _source_name(a), _source_name(b)
        if (name_a is None) != (name_b is None):
            continue  # the writer's own figure against a relayed one: a correction, a fact-check
        if a.as_of and b.as_of and not same_time(a.as_of, b.as_of, days=0):
            continue
        if compatible(interval_of(a.low, a.high, a.hedge), interval_of(b.low, b.high, b.hedge)):
            continue
        if _CHANGE.search(sa) or _CHANGE.search(sb):
            continue
        first, second = (a, b) if a.start <= b.start else (b, a)
        kind = _kind(_source_name(first), _source_name(second))
        va, vb = describe(first.low, first.high, first.hedge), describe(second.low, second.high, second.hedge)
        what = first.counted or second.counted
        if kind == "disagreement":
            why = (f"{_source_name(first)} puts the {what} at {va} while {_source_name(second)} puts them "
                   f"at {vb}; the document relays both.")
        else:
            why = f"The document gives {va} {what} in one place and {vb} in another, for the same thing."
        out.append(Finding(
            kind=kind, doc=document.id, spans=((first.start, first.end), (second.start, second.end)),
            why=why, key=f"{kind}|claims|{first.start}-{first.end}|{second.start}-{second.end}",
        ))
    return out


def _event_happening(document: Document, by_index: dict[int, Sentence], e: Event) -> Happening:
    text, offset = _sentence_text(document, by_index, e.sentence)
    if not text:
        return happening_of(e.what)
    h = happening_of(text, (e.start - offset, e.end - offset))
    return h if h.action else happening_of(e.what)


def event_pairs(document: Document, sentences: Sequence[Sentence], events: Sequence[Event]) -> list[Finding]:
    by_index = {s.index: s for s in sentences}
    items = [(e, _event_happening(document, by_index, e)) for e in events if e.date]
    out: list[Finding] = []
    for (a, ha), (b, hb) in combinations(items, 2):
        if a.sentence == b.sentence or dates_agree(a.date, b.date):
            continue
        if not same_happening(ha, hb):
            continue
        first, second = (a, b) if a.start <= b.start else (b, a)
        kind = _kind(first.source, second.source)
        action = label(ha)
        ta = document.text[first.start:first.end].strip()
        tb = document.text[second.start:second.end].strip()
        if kind == "disagreement":
            why = (f"{first.source} and {second.source} date the same {action} differently: "
                   f"{first.date} (“{ta}”) vs {second.date} (“{tb}”).")
        else:
            why = (f"The document dates the same {action} twice, differently: {first.date} "
                   f"(“{ta}”) and {second.date} (“{tb}”).")
        out.append(Finding(
            kind=kind, doc=document.id, spans=((first.start, first.end), (second.start, second.end)),
            why=why, key=f"{kind}|events|{first.start}-{first.end}|{second.start}-{second.end}",
        ))
    return out


def within_document(document: Document, sentences: Sequence[Sentence], claims: Sequence[Claim],
                    events: Sequence[Event]) -> list[Finding]:
    """Self-contradictions and relayed disagreements inside one document (deterministic)."""
    found = claim_pairs(document, sentences, claims) + event_pairs(document, sentences, events)
    found.sort(key=lambda f: (f.spans, f.kind))
    return found[:MAX_PAIRS_PER_DOC]
