"""Review state for the HTML report: which row is confirmed, corrected, rejected, with what
verdict, and a filter that keeps only reviewed items for publication.

The report reads claims, events, findings and figures by row id; :func:`review_overlay`
maps those ids to their review (matched through the anchors, so it is right after a
re-analysis too) and lists the reviews that sit on no row (orphaned, no longer extracted,
or added by a person), which a report for publication must still show or explain.  It
reads what the reviews point at, never the whole ledger: the reviewed documents' rows, and
for a figure verdict the figures holding its claims.
"""

from __future__ import annotations

import sqlite3
from collections.abc import Iterable, Mapping
from typing import TYPE_CHECKING, Any, TypeVar

from claimledger.review import store
from claimledger.review.items import iter_reviewed, reviewed_docs
from claimledger.review.model import KINDS, ReviewState

if TYPE_CHECKING:
    from claimledger.ledger.store import Ledger

T = TypeVar("T")
PUBLISHABLE: tuple[str, ...] = ("confirmed", "corrected")
SECTION = {"claim": "claims", "event": "events", "finding": "findings", "figure": "figures"}


def _entry(s: ReviewState, shown: str) -> dict[str, Any]:
    return {
        "review": s.label, "status": s.status, "shown": shown, "added": s.added,
        "anchor_state": s.anchor_state, "verdict": s.verdict, "rationale": s.rationale, "note": s.note,
        "reviewer": s.reviewer, "at": s.at, "approved": s.approved, "corrections": dict(s.corrections),
        "evidence": [e.to_dict() for e in s.evidence], "kind": s.kind,
        "doc": s.anchor.doc, "text": s.anchor.span.text if s.anchor.span else (s.anchor.label or ""),
        "reason": s.reason,
    }


def review_overlay(ledger: Ledger | sqlite3.Connection, *, docs: Iterable[str] | None = None,
                   kinds: Iterable[str] = KINDS) -> dict[str, Any]:
    """``{"claims": {row id: entry}, "events": ..., "findings": ..., "figures": ...,
    "unattached": [entry, ...], "counts": {shown status: n}}``.

    An entry has ``status`` (unreviewed / confirmed / corrected / rejected), ``shown``
    (the same, or added / orphaned / unmatched), ``verdict``, ``rationale``, ``note``,
    ``reviewer``, ``at``, ``approved`` (the values a person stands behind) and
    ``corrections`` (only the values a person changed).  A ledger without reviews (or a
    read-only one made before reviews existed) gives empty sections.

    ``docs``: only the claims, events and findings of these documents (a web page shows a
    few; figures are always all).  Either way only reviewed documents are read, one at a
    time, and figure reviews read only their own figures' claims, so a page or a report of
    a large ledger costs what its reviews cost, not what the ledger holds.  ``kinds``: only
    the reviews of these kinds (the sections of the others stay empty).
    """
    conn = ledger if isinstance(ledger, sqlite3.Connection) else ledger.conn
    out: dict[str, Any] = {name: {} for name in SECTION.values()}
    out["unattached"] = []
    out["counts"] = {}
    if not store.has_review_tables(conn):
        return out
    docs = None if docs is None else list(docs)
    wanted = set(kinds)
    for kind in (k for k in KINDS if k in wanted):
        for item in iter_reviewed(conn, kind, docs=None if kind == "figure" else docs):
            assert item.review is not None
            entry = _entry(item.review, item.shown_status)
            if item.row is not None:
                out[SECTION[kind]][item.row.id] = entry
            else:
                out["unattached"].append(entry)
            out["counts"][entry["shown"]] = out["counts"].get(entry["shown"], 0) + 1
    return out


def _row_id(row: Any) -> int | None:
    value = row.get("id") if isinstance(row, Mapping) else getattr(row, "id", None)
    return int(value) if isinstance(value, int) else None


def filter_reviewed(rows: Iterable[T], overlay: Mapping[str, Any], kind: str, *,
                    statuses: tuple[str, ...] = PUBLISHABLE) -> list[T]:
    """Keep the rows (records with ``.id`` or dicts with ``"id"``) that a report for
    publication may show: reviewed with a status in ``statuses`` (by default confirmed or
    corrected), or given a verdict (figures usually are) and not rejected.  Orphaned
    reviews never count.  ``kind``: claim, event, finding or figure (or the plural)."""
    section = SECTION.get(kind, kind)
    reviews: Mapping[int, Mapping[str, Any]] = overlay.get(section, {})
    kept = []
    for row in rows:
        rid = _row_id(row)
        entry = reviews.get(rid) if rid is not None else None
        if entry is None or entry["shown"] == "orphaned":
            continue
        if entry["status"] in statuses or (entry["verdict"] and entry["status"] != "rejected"):
            kept.append(row)
    return kept


def review_of(overlay: Mapping[str, Any], kind: str, row_id: int) -> Mapping[str, Any] | None:
    """The overlay entry of one row, or None when it is unreviewed."""
    section: Mapping[int, Mapping[str, Any]] = overlay.get(SECTION.get(kind, kind), {})
    return section.get(row_id)


__all__ = ["PUBLISHABLE", "filter_reviewed", "review_of", "review_overlay", "reviewed_docs"]
