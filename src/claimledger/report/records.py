"""The records the report and the web UI render, as read from the ledger.

Small frozen dataclasses, one per kind of row, with the derived wording (a claim's value in
words, its source label) as properties so every view says it the same way.
"""

from __future__ import annotations

from dataclasses import dataclass, field
from typing import Any

from claimledger.report import format as fmt


@dataclass(frozen=True)
class DocRow:
    n: int
    id: str
    title: str | None
    outlet: str | None
    author: str | None
    published: str | None
    url: str | None
    format: str
    language: str | None
    length: int
    text: str | None = None  # only when one document is loaded for display


@dataclass(frozen=True)
class BlockRow:
    idx: int
    start: int
    end: int
    kind: str
    boilerplate: str | None
    duplicate_of: int | None


@dataclass(frozen=True)
class SentenceRow:
    idx: int
    start: int
    end: int
    block: int


@dataclass(frozen=True)
class ClaimRow:
    id: int
    doc: str
    doc_n: int
    start: int
    end: int
    text: str
    low: float | None
    high: float | None
    hedge: str
    unit: str | None
    counted: str | None
    source: str | None
    source_role: str | None
    source_org: str | None
    relayed_by: str | None
    stance: str | None
    as_of: str | None
    as_of_basis: str | None
    sentence: int
    figure: int | None
    outlet: str | None
    published: str | None
    before: str = ""  # up to CONTEXT characters of the sentence before the span
    after: str = ""  # ... and after it

    @property
    def value(self) -> str:
        return fmt.value(self.low, self.high, self.hedge, self.unit)

    @property
    def source_text(self) -> str:
        return fmt.source_label(self.source, self.source_role, self.source_org, self.relayed_by)

    @property
    def when(self) -> str | None:
        """The date the figure is placed at: its as_of, else the document's publication."""
        return self.as_of or self.published


@dataclass(frozen=True)
class EventRow:
    id: int
    doc: str
    doc_n: int
    start: int
    end: int
    date: str
    what: str
    source: str | None
    sentence: int
    timeline: int | None
    outlet: str | None
    text: str = ""  # the event's span in the document


@dataclass(frozen=True)
class SpanRef:
    doc: str
    doc_n: int | None  # None when the referenced document is not in the ledger
    start: int
    end: int


@dataclass(frozen=True)
class FindingRow:
    id: int
    kind: str
    doc: str
    doc_n: int
    spans: tuple[SpanRef, ...]  # the finding's own spans first, then refs into other documents
    why: str
    scope: str
    outlet: str | None


@dataclass(frozen=True)
class FigureRow:
    id: int
    label: str
    unit: str | None
    claims: int
    documents: int
    first_as_of: str | None
    last_as_of: str | None
    trend: str | None


@dataclass(frozen=True)
class TimelineRow:
    id: int
    date: str
    what: str
    events: tuple[EventRow, ...] = ()


@dataclass(frozen=True)
class SearchHit:
    doc: str
    doc_n: int
    idx: int
    title: str | None
    outlet: str | None
    parts: tuple[tuple[str, bool], ...]  # (text, is_match) pieces of the sentence


@dataclass(frozen=True)
class Overview:
    documents: int
    claims: int
    events: int
    findings: int
    figures: int
    outlets: tuple[tuple[str, int], ...]
    first_published: str | None
    last_published: str | None
    undated_documents: int
    findings_by_kind: tuple[tuple[str, int], ...]
    first_event: str | None = None
    last_event: str | None = None
    extra: dict[str, Any] = field(default_factory=dict)
