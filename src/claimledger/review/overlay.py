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
from collections.abc import Iterable, Iterator, Mapping
from dataclasses import replace
from typing import TYPE_CHECKING, Any, TypeVar

from claimledger.review import store
from claimledger.review.figure_match import figure_matches, left_off
from claimledger.review.items import iter_items, shown_status
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


def reviewed_docs(conn: sqlite3.Connection, kind: str) -> list[str]:
    """The documents that hold reviews of ``kind`` (claims, events, findings)."""
    if not store.has_review_tables(conn):
        return []
    return [r[0] for r in conn.execute("SELECT DISTINCT doc FROM review_items WHERE kind = ? AND doc IS NOT NULL "
                                       "ORDER BY doc", (kind,))]


Placed = Iterator[tuple[ReviewState, int | None]]


def _figures(conn: sqlite3.Connection) -> Placed:
    """Each figure review and the figure it sits on (None: none), found from the review's
    own claims (:mod:`.figure_match`): the other figures' members are never read."""
    states = store.current(conn, kind="figure")
    on = figure_matches(conn, states)
    why = left_off(conn, states, on)
    yield from ((s, on[s.item]) for s in sorted((s for s in states if s.item in on), key=lambda s: on[s.item]))
    yield from ((replace(s, reason=why.get(s.item, s.reason)), None) for s in states if s.item not in on)


def _passages(conn: sqlite3.Connection, kind: str, docs: Iterable[str] | None) -> Placed:
    """Each claim, event or finding review of ``docs`` (None: all) and its row, read one
    reviewed document at a time: documents nobody reviewed are never read.  The reviews
    on no row come last, oldest first, as a walk over every row would give them."""
    reviewed = reviewed_docs(conn, kind)
    if docs is not None:
        wanted = set(docs)
        reviewed = [d for d in reviewed if d in wanted]
    loose: list[ReviewState] = []
    for doc in reviewed:
        for item in iter_items(conn, kind, doc=doc):
            if item.review is None:
                continue
            if item.row is None:
                loose.append(item.review)
            else:
                yield item.review, item.row.id
    if docs is None:  # reviews of no document sit on no row
        ids = [r[0] for r in conn.execute("SELECT id FROM review_items WHERE kind = ? AND doc IS NULL", (kind,))]
        loose += [s for s in (store.get(conn, i) for i in ids) if s is not None]
    yield from ((s, None) for s in sorted(loose, key=lambda s: s.item))


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
        placed = _figures(conn) if kind == "figure" else _passages(conn, kind, docs)
        for state, row_id in placed:
            entry = _entry(state, shown_status(state, on_row=row_id is not None))
            if row_id is not None:
                out[SECTION[kind]][row_id] = entry
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
