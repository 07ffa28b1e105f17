"""The cross-document stage: from stored claims and events to the ledger.

``run_cross_checks(ledger)`` reads only what the per-document stage stored (documents,
blocks, sentences, claims, events), so adding documents never re-runs extraction on old
ones, and rewrites in ONE transaction everything derived across documents:

1. independence — syndicated copies and wire attributions (:mod:`ledger.syndication`),
   MinHash signatures cached per document hash;
2. paragraph vectors (cached per document hash; each distinct paragraph text embedded
   once) reduced per document to its centroid and its off-topic candidates -> stories
   (:mod:`checks.stories`) and ``off_topic`` findings (:mod:`checks.offtopic`);
3. sources as entities and ``role_conflict`` (:mod:`ledger.entities`);
4. figures (:mod:`ledger.align`), their trends, ``conflict`` and relayed-figure drift
   (:mod:`checks.conflicts`);
5. the timeline (:mod:`ledger.timeline`) and event-date conflicts.

Every step is deterministic, and ledger findings carry keys built from their spans, so
running it twice changes nothing.  Reading and writing live in :mod:`checks.cross_io`.
"""

from __future__ import annotations

import re
import time
from collections import Counter
from dataclasses import dataclass, field

from claimledger.checks import conflicts, offtopic, stories
from claimledger.checks.concepts import concept_of, contestable
from claimledger.checks.cross_io import CrossData, load, write
from claimledger.checks.happenings import happening_of
from claimledger.checks.within import claim_context, is_partitive
from claimledger.ledger import align, entities, syndication, timeline
from claimledger.ledger.store import Ledger
from claimledger.models import Finding
from claimledger.review.figure_overrides import apply_overrides
from claimledger.semantic import Encoder, fallback_reason, get_encoder

_CHANGE = re.compile(
    r"\b(?:rose|risen|rising|climbed|increased|grew|jumped|surged|fell|dropped|declined|decreased|"
    r"up from|down from|revised|updated|initially|originally|previously|earlier estimate)\b",
    re.IGNORECASE,
)


@dataclass(frozen=True)
class CrossSummary:
    """What the cross stage found; the CLI prints it, tests assert on it."""

    documents: int
    claims: int
    stories: int
    figures: int
    sources: int
    syndicated: int
    wires: int
    timeline: int
    findings: dict[str, int] = field(default_factory=dict)
    semantic: bool = False
    fallback: str | None = None  # why the lexical fallback was used, when it was
    embedded: int = 0  # vectors computed this run (the rest came from the cache)
    seconds: float = 0.0


def run_cross_checks(ledger: Ledger, *, semantic: bool = True) -> CrossSummary:
    """Recompute figures, sources, syndication, timeline and ledger findings."""
    t0 = time.perf_counter()
    encoder: Encoder | None = get_encoder() if semantic else None
    reason = None if encoder is not None else (
        fallback_reason() if semantic else "semantic similarity was not requested; lexical overlap and TF-IDF used.")
    data = load(ledger, encoder)
    findings: list[Finding] = []

    # 1. independence
    copies = syndication.find_copies(data.docs, data.signatures, data.texts, data.wires)
    report = {d.id: d.id for d in data.docs}
    report.update({c.doc: c.original for c in copies})
    findings += syndication.copy_findings(copies, data.lengths, data.titles)

    # 2. stories and off-topic passages
    doc_vectors = data.centroids
    order = sorted((d.id for d in data.docs), key=lambda i: (data.published.get(i) is None, data.published.get(i) or "", i))
    story_threshold = stories.SEMANTIC_THRESHOLD if encoder is not None else stories.LEXICAL_THRESHOLD
    story_of = stories.assign_stories(order, doc_vectors, story_threshold)
    findings += _off_topic(data, story_of)

    # 3. sources
    resolver = entities.Resolver(data.texts)
    mentions = [entities.SourceMention(m.doc, story_of.get(m.doc, -1), m.name, m.role, m.org, m.claim)
                for m in data.mentions]
    resolved = resolver.resolve(mentions)
    names = entities.canonical_names(resolver.entities)
    entity_of_claim = {m.claim: e for m, e in zip(mentions, resolved, strict=True) if m.claim is not None and e is not None}
    docs_of: dict[int, set[str]] = {}
    for m, e in zip(mentions, resolved, strict=True):
        if e is not None:
            docs_of.setdefault(e, set()).add(m.doc)
    assertions = entities.role_assertions(resolver.entities, docs_of, data.texts)
    findings += entities.role_conflicts(resolver.entities, assertions)

    # 4. figures
    items, facts = _claims(data, story_of, report, entity_of_claim, names)
    store = align.VectorStore(encoder, data.load_phrases, data.save_phrases) if encoder is not None else None
    groups = align.align(items, vectors=store)
    groups = apply_overrides(ledger.conn, groups)  # a reviewer's merges and splits (review.figure_overrides)
    figure_rows = []
    for g in groups:
        members = [facts[i] for i in g.claims]
        found = conflicts.figure_conflicts(g.label, members)
        findings += found
        figure_rows.append((g, conflicts.figure_stats(members, disputed=bool(found))))
    findings += conflicts.drift_conflicts(list(facts.values()))

    # 5. timeline
    events = [timeline.EventItem(e.id, e.doc, story_of.get(e.doc, -1), e.date, e.what, e.source,
                                 happening_of(e.sentence, e.focus)) for e in data.events]
    entries = timeline.merge_events(events)
    findings += conflicts.event_conflicts([
        conflicts.EventFacts(e.id, e.doc, e.start, e.end, e.date, e.text, story_of.get(e.doc, -1),
                             report.get(e.doc, e.doc), happening_of(e.sentence, e.focus), e.source)
        for e in data.events
    ])

    findings = _dedupe(findings)
    write(ledger, data, story_of=story_of, copies=copies, entities=resolver.entities, names=names,
          entity_of_claim=entity_of_claim, figures=figure_rows, entries=entries, findings=findings)
    return CrossSummary(
        documents=len(data.docs), claims=len(facts), stories=len(set(story_of.values())), figures=len(groups),
        sources=len(resolver.entities), syndicated=len(copies), wires=len(data.wires), timeline=len(entries),
        findings=dict(sorted(Counter(f.kind for f in findings).items())), semantic=encoder is not None,
        fallback=reason, embedded=data.embedded + (store.encoded if store else 0),
        seconds=round(time.perf_counter() - t0, 3),
    )


def _off_topic(data: CrossData, story_of: dict[str, int]) -> list[Finding]:
    contexts = stories.story_contexts(story_of, data.centroids)
    out: list[Finding] = []
    for doc in sorted(data.candidates):
        out += offtopic.judge(doc, data.candidates[doc], contexts.get(doc), thresholds=data.thresholds)
    return out


def _claims(data: CrossData, story_of: dict[str, int], report: dict[str, str], entity_of_claim: dict[int, int],
            names: list[str]) -> tuple[list[align.AlignItem], dict[int, conflicts.ClaimFacts]]:
    items: list[align.AlignItem] = []
    facts: dict[int, conflicts.ClaimFacts] = {}
    for c in data.claims:
        text = data.texts.get(c.doc, "")
        context = claim_context(text, c.start, c.end, c.sentence_span)
        story = story_of.get(c.doc, -1)
        items.append(align.AlignItem(c.id, story, c.counted, context, c.unit))
        sentence = text[c.sentence_span[0]:c.sentence_span[1]] if c.sentence_span else ""
        entity = entity_of_claim.get(c.id)
        concept = concept_of(c.counted, context) if c.counted else None
        facts[c.id] = conflicts.ClaimFacts(
            id=c.id, doc=c.doc, start=c.start, end=c.end, low=c.low, high=c.high, hedge=c.hedge, text=c.text,
            time=c.as_of or data.published.get(c.doc), source=names[entity] if entity is not None else c.source,
            source_entity=entity, report=report.get(c.doc, c.doc),
            comparable=(c.hedge != "vague" and c.relation is None and (c.low is not None or c.high is not None)
                        and contestable(concept, c.unit) and not _CHANGE.search(sentence)
                        and not is_partitive(text, c.start)),
            concept=concept if entity is not None else None, story=story, unit=c.unit,
            counted=c.counted,
        )
    return items, facts


def _dedupe(findings: list[Finding]) -> list[Finding]:
    """One finding per (doc, key), in a stable order."""
    seen: dict[tuple[str, str], Finding] = {}
    for f in findings:
        seen.setdefault((f.doc, f.key), f)
    return sorted(seen.values(), key=lambda f: (f.doc, f.kind, f.spans, f.key))
