"""The typed records that flow between the stages.

ingest -> :class:`Document`; anatomy -> :class:`Block` / :class:`Sentence`;
extract -> :class:`Claim` / :class:`Event`; checks -> :class:`Finding`.
Every record that points into a document carries a ``(start, end)`` span: Python string
indices (code points) into ``Document.text``, end exclusive, so any item can be traced back
to the exact characters it came from.  All records are frozen: stages return new records,
they never patch old ones.
"""

from __future__ import annotations

import hashlib
from dataclasses import dataclass, field
from typing import Literal

Hedge = Literal["exact", "approx", "min", "max", "range", "vague"]
HEDGES: tuple[str, ...] = ("exact", "approx", "min", "max", "range", "vague")

BlockKind = Literal[
    "title", "lede", "heading", "paragraph", "list_item", "faq_question", "faq_answer",
    "quote", "caption", "byline",
]

FindingKind = Literal[
    "conflict", "self_contradiction", "disagreement", "off_topic", "duplicate",
    "boilerplate", "unattributed", "broken_text", "role_conflict",
]
FINDING_KINDS: tuple[str, ...] = (
    "conflict", "self_contradiction", "disagreement", "off_topic", "duplicate",
    "boilerplate", "unattributed", "broken_text", "role_conflict",
)
# Most serious first: the report and the CLI list findings in this order.
FINDING_SEVERITY: dict[str, int] = {k: i for i, k in enumerate(FINDING_KINDS)}


def content_hash(text: str) -> str:
    """Stable hash of a document's analysed text (sha256, hex)."""
    return hashlib.sha256(text.encode("utf-8", "surrogatepass")).hexdigest()


@dataclass(frozen=True)
class Document:
    """One article as ingested: the analysed text plus what is known about it.

    ``id`` is stable across runs: the path relative to the folder given to ``analyze``
    (the file name when flat), the URL, or the WARC record id.
    """

    id: str
    text: str
    title: str | None = None
    outlet: str | None = None
    author: str | None = None
    published: str | None = None  # ISO date (YYYY-MM-DD) or None when unknown
    url: str | None = None
    origin: str = ""  # where the bytes came from: file path, "stdin", "x.warc.gz#<record id>"
    format: str = "txt"  # txt | html | jsonl | warc
    language: str | None = None
    warc_record: str | None = None  # WARC-Record-ID of the bytes read, when archived

    @property
    def hash(self) -> str:
        return content_hash(self.text)


@dataclass(frozen=True)
class Block:
    """A structural unit of a document (title, paragraph, FAQ answer ...).

    ``boilerplate`` names why a block is not article text (``"author bio"``,
    ``"comment prompt"`` ...) or is None; ``duplicate_of`` is the index of an earlier
    block with the same text.
    """

    index: int
    start: int
    end: int
    kind: str = "paragraph"
    boilerplate: str | None = None
    duplicate_of: int | None = None


@dataclass(frozen=True)
class Sentence:
    index: int
    start: int
    end: int
    block: int  # index of the block the sentence lies in


@dataclass(frozen=True)
class Attribution:
    """Who asserts a figure.  ``name`` is the source as the text names it once resolved
    (pronouns and roles replaced by the entity named earlier), ``role`` and ``org`` are kept
    apart ("Pentagon spokesperson Vedant Patel" -> name "Vedant Patel", role
    "spokesperson", org "Pentagon").  ``relayed_by`` is the outlet in a reporting chain."""

    name: str
    role: str | None = None
    org: str | None = None
    relayed_by: str | None = None
    stance: str | None = None  # said, believed, estimated, claimed, reportedly ...
    start: int | None = None  # span of the source mention in the document, if any
    end: int | None = None


@dataclass(frozen=True)
class Quantity:
    """A quantity expression as found by the parser, before context is attached."""

    start: int
    end: int
    low: float | None
    high: float | None
    hedge: str
    unit: str | None = None  # "%", "USD", "km", "acre" ... None for plain counts
    relation: str | None = None  # e.g. "fraction 1/5 of 50000"
    text: str = ""


@dataclass(frozen=True)
class Claim:
    doc: str
    start: int
    end: int
    low: float | None
    high: float | None
    hedge: str
    counted: str | None
    source: Attribution | None
    as_of: str | None
    as_of_basis: str | None  # "sentence" | "attribution" | "published" | None
    sentence: int  # sentence index
    unit: str | None = None
    relation: str | None = None
    text: str = ""


@dataclass(frozen=True)
class Event:
    doc: str
    start: int
    end: int
    date: str  # ISO prefix at the precision the text gives: 2024, 2024-06, 2024-06-19
    what: str
    sentence: int
    source: str | None = None


@dataclass(frozen=True)
class Ref:
    doc: str
    start: int
    end: int


@dataclass(frozen=True)
class Finding:
    kind: str
    doc: str
    spans: tuple[tuple[int, int], ...]
    why: str
    refs: tuple[Ref, ...] = ()
    # a stable key so re-running a check does not duplicate the finding
    key: str = ""


@dataclass(frozen=True)
class DocumentResult:
    """Everything the per-document stage produces: what the CLI, a process pool and Dask
    all return, and what the single writer commits to the ledger in one transaction."""

    document: Document
    blocks: tuple[Block, ...] = ()
    sentences: tuple[Sentence, ...] = ()
    claims: tuple[Claim, ...] = ()
    events: tuple[Event, ...] = ()
    findings: tuple[Finding, ...] = ()
    warnings: tuple[str, ...] = field(default=())
