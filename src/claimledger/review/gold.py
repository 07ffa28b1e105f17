"""Reviews as gold data: the user's own corrections measure the tool on the user's story.

:func:`reviews_to_gold` writes the reviewed items of a ledger in the gold format
(``claimledger-gold/1``, as ``samples/kursk-2024/gold.json``): confirmed and corrected
claims, events and findings, and the items a person added, each with the values a person
approved.  Rejected items are listed under ``known_false_positives`` (the scorer ignores
that key; it documents why a prediction there counts against precision).

:func:`score_reviews` scores the current extraction against that gold with the same scorer
as ``claimledger eval``.  A review covers only part of a ledger, so only the predictions a
person has looked at are scored: those that overlap a reviewed item (confirmed, corrected,
rejected or added).  A prediction on a rejected passage is a false positive; a reviewed or
added item with no prediction on it is a miss; predictions nobody has reviewed yet are left
out and counted, so precision means "of what was reviewed".  Orphaned reviews are skipped.
"""

from __future__ import annotations

import sqlite3
from collections import defaultdict
from collections.abc import Mapping, Sequence
from dataclasses import dataclass
from typing import TYPE_CHECKING, Any, cast

from claimledger.evaluation import EvalResult, score
from claimledger.ledger.export import iter_claims, iter_documents, iter_events, iter_findings
from claimledger.review import store
from claimledger.review.model import KINDS, ReviewState, now_iso

if TYPE_CHECKING:
    from collections.abc import Iterator

    from claimledger.ledger.store import Ledger

GOLD_SCHEMA = "claimledger-gold/1"
GOLD_STATUSES = ("confirmed", "corrected")


def _usable(s: ReviewState, hashes: Mapping[str, str]) -> bool:
    """A review that can be gold: not orphaned, and anchored on the text the ledger holds."""
    a = s.anchor
    return (s.kind in ("claim", "event", "finding") and not s.orphaned and a.doc is not None
            and a.hash == hashes.get(a.doc) and bool(a.spans))


def _is_gold(s: ReviewState) -> bool:
    return s.status in GOLD_STATUSES or (s.added and s.status != "rejected" and s.status != "unreviewed")


def _claim(s: ReviewState) -> dict[str, Any]:
    v = s.approved
    return {"doc": s.anchor.doc, "text": s.anchor.spans[0].text, "low": v.get("low"), "high": v.get("high"),
            "hedge": v.get("hedge"), "counted": v.get("counted"), "source": v.get("source"),
            "as_of": v.get("as_of"), "optional": False, "review": s.label}


def _event(s: ReviewState) -> dict[str, Any]:
    v = s.approved
    return {"doc": s.anchor.doc, "text": s.anchor.spans[0].text, "date": v.get("date"), "what": v.get("what"),
            "review": s.label}


def _finding(s: ReviewState) -> dict[str, Any]:
    v = s.approved
    spans = s.anchor.spans
    out: dict[str, Any] = {"kind": v.get("kind") or s.anchor.label, "doc": s.anchor.doc}
    if len(spans) >= 2:
        out["a"], out["b"] = spans[0].text, spans[1].text
    else:
        out["text"] = spans[0].text
    out["why"] = v.get("why") or ""
    out["review"] = s.label
    return out


def reviews_to_gold(conn: sqlite3.Connection, *, story: str | None = None) -> dict[str, Any]:
    """The reviewed items of the ledger as a ``claimledger-gold/1`` dict."""
    store.require_review_tables(conn)
    docs = {d["id"]: d for d in _documents(conn)}
    hashes = {k: d["hash"] for k, d in docs.items()}
    states = [s for s in store.current(conn) if _usable(s, hashes)]
    names = sorted({s.anchor.doc for s in states if s.anchor.doc is not None})
    gold: dict[str, Any] = {
        "schema": GOLD_SCHEMA,
        "story": story or "reviewed items of a claimledger ledger",
        "generated": now_iso(),
        "documents": {n: {k: docs[n].get(k) for k in ("title", "outlet", "author", "published")} for n in names},
        "claims": [_claim(s) for s in states if s.kind == "claim" and _is_gold(s)],
        "events": [_event(s) for s in states if s.kind == "event" and _is_gold(s)],
        "findings": [_finding(s) for s in states if s.kind == "finding" and _is_gold(s)],
        "known_false_positives": [
            {"kind": s.kind, "doc": s.anchor.doc, "text": s.anchor.spans[0].text, "review": s.label,
             "note": s.note} for s in states if s.status == "rejected"],
    }
    return gold


class _ConnRows:
    """The export readers take a Ledger and use only its ``rows``: lend them a connection."""

    def __init__(self, conn: sqlite3.Connection) -> None:
        self.conn = conn

    def rows(self, sql: str, params: Sequence[Any] = ()) -> Iterator[sqlite3.Row]:
        yield from self.conn.execute(sql, params)


def _reader(conn: sqlite3.Connection) -> Ledger:
    return cast("Ledger", _ConnRows(conn))


def _documents(conn: sqlite3.Connection) -> list[dict[str, Any]]:
    return list(iter_documents(_reader(conn)))


@dataclass(frozen=True)
class ReviewScore:
    """The scores, the gold they came from, and what was left out of them."""

    result: EvalResult
    gold: dict[str, Any]
    reviewed: Mapping[str, int]  # claims / events / findings reviews used (gold + rejected)
    unreviewed_predictions: Mapping[str, int]  # predictions on gold documents nobody reviewed
    orphaned: int

    def summary(self) -> str:
        r, u = self.reviewed, self.unreviewed_predictions
        gold_docs = len(self.gold["documents"])
        return (f"scored on {r.get('claim', 0)} reviewed claims, {r.get('event', 0)} events and "
                f"{r.get('finding', 0)} findings in {gold_docs} document{'s' if gold_docs != 1 else ''} "
                f"({len(self.gold['known_false_positives'])} rejected as false positives); "
                f"left out {u.get('claim', 0)} claims, {u.get('event', 0)} events and {u.get('finding', 0)} "
                f"findings nobody has reviewed yet; {self.orphaned} orphaned review(s) skipped")


def _overlaps(a: tuple[int, int], b: tuple[int, int]) -> bool:
    return a[0] < b[1] and b[0] < a[1]


def _reviewed_spans(states: Sequence[ReviewState]) -> dict[tuple[str, str], list[tuple[int, int]]]:
    out: dict[tuple[str, str], list[tuple[int, int]]] = defaultdict(list)
    for s in states:
        if s.status == "unreviewed" and not s.added:
            continue
        for sp in s.anchor.spans:
            out[(s.kind, s.anchor.doc or "")].append((sp.start, sp.end))
    return out


def _touches(spans: Sequence[tuple[int, int]], reviewed: Sequence[tuple[int, int]]) -> bool:
    return any(_overlaps(s, r) for s in spans for r in reviewed)


def score_reviews(conn: sqlite3.Connection) -> ReviewScore:
    """Score the current extraction against this ledger's reviews (see the module doc)."""
    gold = reviews_to_gold(conn)
    docs = {d["id"]: d for d in _documents(conn)}
    hashes = {k: d["hash"] for k, d in docs.items()}
    all_states = [s for s in store.current(conn) if s.kind in KINDS]  # merges/splits of figures are no gold
    states = [s for s in all_states if _usable(s, hashes)]
    orphaned = sum(1 for s in all_states if s.orphaned)
    reviewed = _reviewed_spans(states)
    wanted = set(gold["documents"])
    led = _reader(conn)
    kept: dict[str, list[dict[str, Any]]] = {"claims": [], "events": [], "findings": []}
    left: dict[str, int] = {"claim": 0, "event": 0, "finding": 0}
    for key, kind, rows in (("claims", "claim", iter_claims(led)), ("events", "event", iter_events(led)),
                            ("findings", "finding", iter_findings(led))):
        for row in rows:
            if row["doc"] not in wanted:
                continue
            spans = ([(int(s), int(e)) for s, e in row["spans"]] if kind == "finding"
                     else [(int(row["start"]), int(row["end"]))])
            if _touches(spans, reviewed.get((kind, row["doc"]), [])):
                kept[key].append(row)
            else:
                left[kind] += 1
    export = {"schema": "claimledger-export/1", "documents": [docs[d] for d in sorted(wanted)], **kept}
    used = {k: sum(1 for s in states if s.kind == k and (s.status != "unreviewed" or s.added))
            for k in ("claim", "event", "finding")}
    return ReviewScore(score(gold, export), gold, used, left, orphaned)


__all__ = ["GOLD_SCHEMA", "ReviewScore", "reviews_to_gold", "score_reviews"]
