"""The records of human review: what a person decided about one item of the ledger.

Claims, events and findings rows are deleted and written again whenever a document is
re-analysed, and figures are recomputed by the cross checks, so a review never points at a
row id.  It points at an :class:`Anchor`: the document id and the hash of the text it was
made on, the exact span(s) and their text, the sentence around them (a fingerprint to find
them again), and for a figure the claims it was made of.  :mod:`claimledger.review.anchor`
moves anchors to the new text after re-analysis.

Every change to a review is a new :class:`ReviewState` (one row of ``review_history``):
the current state of an item is its latest row, and any past one can be shown.
"""

from __future__ import annotations

import datetime as dt
import math
import re
from collections.abc import Mapping
from dataclasses import dataclass, field
from types import MappingProxyType
from typing import Any

from claimledger.errors import UsageError
from claimledger.evaluation.gold import bounds_problem
from claimledger.models import FINDING_KINDS, HEDGES

KINDS: tuple[str, ...] = ("claim", "event", "finding", "figure")
STATUSES: tuple[str, ...] = ("unreviewed", "confirmed", "corrected", "rejected")
VERDICTS: tuple[str, ...] = ("consistent", "disputed", "unverified")
# matched: the anchor is in the current text and an extracted row sits on it (for an item a
# person added: the passage is in the current text);
# unmatched: the text is there but the extractor no longer produces the item;
# orphaned: the passage cannot be found in the current text (or the document is gone).
ANCHOR_STATES: tuple[str, ...] = ("matched", "unmatched", "orphaned")
ACTIONS: tuple[str, ...] = ("review", "add", "reanchor", "import")
DECISIONS: tuple[str, ...] = ("confirm", "correct", "reject", "reset", "note", "verdict")
SYSTEM_REVIEWER = "claimledger"

# The values a reviewer may correct, per kind (names as in the export).
FIELDS: Mapping[str, tuple[str, ...]] = MappingProxyType({
    "claim": ("low", "high", "hedge", "unit", "counted", "source", "as_of"),
    "event": ("date", "what", "source"),
    "finding": ("kind", "why"),
    "figure": ("label", "unit"),
})
# What a reviewer-added item must say at least.
REQUIRED: Mapping[str, tuple[str, ...]] = MappingProxyType({
    "claim": ("hedge", "counted"),
    "event": ("date", "what"),
    "finding": ("kind", "why"),
})
TEXT_FIELDS = frozenset({"unit", "counted", "source", "as_of", "date", "what", "kind", "why", "label"})
MAX_VALUE = 2000  # characters in one corrected text value
_ISO_PREFIX = re.compile(r"^\d{4}(-\d{2}(-\d{2})?)?$")
_NULLS = frozenset({"", "null", "none", "-", "~"})


@dataclass(frozen=True)
class Span:
    """A passage of one document: ``text`` is exactly ``document.text[start:end]``."""

    start: int
    end: int
    text: str


@dataclass(frozen=True)
class Passage:
    """A span anywhere in the ledger: a figure's member claim, or evidence for a verdict."""

    kind: str
    doc: str
    hash: str
    start: int
    end: int
    text: str

    def to_dict(self) -> dict[str, Any]:
        return {"kind": self.kind, "doc": self.doc, "hash": self.hash, "start": self.start, "end": self.end,
                "text": self.text}

    @classmethod
    def from_dict(cls, d: Mapping[str, Any]) -> Passage:
        return cls(str(d.get("kind", "claim")), str(d["doc"]), str(d.get("hash", "")), int(d["start"]),
                   int(d["end"]), str(d.get("text", "")))


@dataclass(frozen=True)
class Anchor:
    """Where a reviewed item lives, independent of row ids.

    ``spans``: the item's own span first, then (findings) every other passage in the same
    document.  ``context``: the sentence(s) around the first span, used to find it again in
    a changed text.  ``label``: the finding kind or the figure label as extracted.
    ``members``: a figure's claims.  ``values``: what the extractor said when the item was
    reviewed, so a later re-extraction cannot change what a person approved.
    """

    doc: str | None
    hash: str | None
    spans: tuple[Span, ...] = ()
    context: str = ""
    label: str | None = None
    members: tuple[Passage, ...] = ()
    values: Mapping[str, Any] = field(default_factory=dict)

    @property
    def span(self) -> Span | None:
        return self.spans[0] if self.spans else None

    def to_dict(self) -> dict[str, Any]:
        return {"doc": self.doc, "hash": self.hash,
                "spans": [[s.start, s.end, s.text] for s in self.spans], "context": self.context,
                "label": self.label, "members": [m.to_dict() for m in self.members], "values": dict(self.values)}

    @classmethod
    def from_dict(cls, d: Mapping[str, Any]) -> Anchor:
        return cls(doc=d.get("doc"), hash=d.get("hash"),
                   spans=tuple(Span(int(s[0]), int(s[1]), str(s[2])) for s in d.get("spans", [])),
                   context=str(d.get("context") or ""), label=d.get("label"),
                   members=tuple(Passage.from_dict(m) for m in d.get("members", [])),
                   values=dict(d.get("values") or {}))


@dataclass(frozen=True)
class ReviewState:
    """One row of the review history: the whole state of an item after one change."""

    item: int
    kind: str
    added: bool
    at: str
    reviewer: str
    action: str
    status: str
    anchor: Anchor
    anchor_state: str = "matched"
    corrections: Mapping[str, Any] = field(default_factory=dict)
    verdict: str | None = None
    rationale: str | None = None
    evidence: tuple[Passage, ...] = ()
    note: str | None = None
    reason: str | None = None
    history_id: int = 0

    @property
    def approved(self) -> dict[str, Any]:
        """The values a person stands behind: the extracted ones with their corrections."""
        return {**self.anchor.values, **self.corrections}

    @property
    def label(self) -> str:
        return f"R{self.item}"

    @property
    def orphaned(self) -> bool:
        return self.anchor_state == "orphaned"

    @property
    def shown_status(self) -> str:
        """What a list shows: 'orphaned' wins, then 'added' for a person's own items, then
        'unmatched' for a reviewed item the extractor no longer produces."""
        if self.orphaned:
            return "orphaned"
        if self.added and self.status != "rejected":
            return "added"
        if self.anchor_state == "unmatched":
            return "unmatched"
        return self.status


def now_iso() -> str:
    return dt.datetime.now(dt.UTC).isoformat(timespec="seconds")


def is_iso_prefix(value: object) -> bool:
    """'2024', '2024-11' or '2024-11-12', and a real date."""
    if not isinstance(value, str) or not _ISO_PREFIX.match(value):
        return False
    parts = [int(x) for x in value.split("-")] + [1, 1]
    try:
        dt.date(parts[0], parts[1], parts[2])
    except ValueError:
        return False
    return True


def parse_field(kind: str, name: str, raw: str) -> Any:
    """A value typed by a person ('11,000', 'null', 'approx') -> the stored value.

    Raises UsageError naming the field and what it accepts.
    """
    if name not in FIELDS.get(kind, ()):
        raise UsageError(f"A {kind} has no field {name!r}.",
                         hint=f"Fields of a {kind}: {', '.join(FIELDS.get(kind, ()))}.")
    text = raw.strip()
    if name in ("low", "high"):
        if text.lower() in _NULLS:
            return None
        try:
            number = float(text.replace(",", "").replace("_", ""))
        except ValueError:
            raise UsageError(f"{name} {raw!r} is not a number.",
                             hint="Write digits (11000 or 11,000), or null for an open bound.") from None
        if not math.isfinite(number):
            raise UsageError(f"{name} must be a finite number.", hint="Use null for an open bound.")
        return int(number) if number.is_integer() and abs(number) < 2**53 else number
    if name in ("source", "unit", "as_of") and text.lower() in _NULLS:
        return None
    return text


def check_values(kind: str, values: Mapping[str, Any], *, changed: frozenset[str] | None = None) -> list[str]:
    """Problems with an item's values under the export contract's rules; empty when sound.

    ``changed``: only rules touching these fields are checked (a person who corrects the
    source should not be blocked by the extractor's own odd bounds).
    """
    def touched(*names: str) -> bool:
        return changed is None or any(n in changed for n in names)

    problems: list[str] = []
    for name in sorted(changed if changed is not None else values):
        v = values.get(name)
        if name in TEXT_FIELDS and v is not None and (not isinstance(v, str) or len(v) > MAX_VALUE):
            problems.append(f"{name} must be text of at most {MAX_VALUE} characters")
    if problems:
        return problems
    if kind == "claim":
        hedge = values.get("hedge")
        if touched("hedge") and hedge not in HEDGES:
            problems.append(f"hedge {hedge!r} is not one of {', '.join(HEDGES)}")
        elif touched("low", "high", "hedge") and hedge in HEDGES:
            why = bounds_problem(values.get("low"), values.get("high"), str(hedge))
            if why:
                problems.append(why)
        if touched("as_of") and values.get("as_of") is not None and not is_iso_prefix(values.get("as_of")):
            problems.append(f"as_of {values.get('as_of')!r} is not an ISO date (2024, 2024-11 or 2024-11-04)")
        if touched("counted") and not values.get("counted"):
            problems.append("counted is empty: say what is counted")
    elif kind == "event":
        if touched("date") and not is_iso_prefix(values.get("date")):
            problems.append(f"date {values.get('date')!r} is not an ISO date (2024, 2024-11 or 2024-11-04)")
        if touched("what") and not values.get("what"):
            problems.append("what is empty: say what happened")
    elif kind == "finding":
        if touched("kind") and values.get("kind") not in FINDING_KINDS:
            problems.append(f"kind {values.get('kind')!r} is not one of {', '.join(FINDING_KINDS)}")
        if touched("why") and not values.get("why"):
            problems.append("why is empty: say what is wrong, in one sentence")
    elif kind == "figure" and touched("label") and not values.get("label"):
        problems.append("label is empty")
    return problems


def require_choice(name: str, value: str, choices: tuple[str, ...]) -> str:
    if value not in choices:
        raise UsageError(f"Unknown {name} {value!r}.", hint=f"Use one of: {', '.join(choices)}.")
    return value


__all__ = [
    "ACTIONS", "ANCHOR_STATES", "DECISIONS", "FIELDS", "KINDS", "REQUIRED", "STATUSES", "SYSTEM_REVIEWER",
    "VERDICTS", "Anchor", "Passage", "ReviewState", "Span", "bounds_problem", "check_values", "is_iso_prefix",
    "now_iso", "parse_field", "require_choice",
]
