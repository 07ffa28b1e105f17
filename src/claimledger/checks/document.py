"""Findings that need only one document: figures nobody is named for.

(Boilerplate, duplicates and broken text come from the anatomy stage; the checks that
compare claims and events inside one document live in :mod:`claimledger.checks.within`.)
"""

from __future__ import annotations

from collections.abc import Sequence

from claimledger.models import Block, Claim, Document, Event, Finding, Sentence


def unattributed(document: Document, claims: Sequence[Claim]) -> list[Finding]:
    """One finding per figure with no named source."""
    out = []
    for c in claims:
        if c.source is not None or c.hedge == "vague":
            continue
        what = f" of {c.counted}" if c.counted else ""
        out.append(Finding(
            kind="unattributed", doc=document.id, spans=((c.start, c.end),),
            why=f"The figure “{c.text}”{what} is given without naming who says so.",
            key=f"unattributed|{c.start}-{c.end}",
        ))
    return out


def document_findings(document: Document, blocks: Sequence[Block], sentences: Sequence[Sentence],
                      claims: Sequence[Claim], events: Sequence[Event]) -> list[Finding]:
    from claimledger.checks import within

    return unattributed(document, claims) + within.within_document(document, sentences, claims, events)
