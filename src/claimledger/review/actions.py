"""What a reviewer can do to an item: confirm, correct, reject, reset, note, give a verdict,
or add an item the extractor missed.  The CLI prompt, the web UI and corrections import all
come through here, so the rules (what counts as a correction, which values are valid) are
the same everywhere.

Each decision appends one history row holding the item's whole new state; nothing is
updated in place.
"""

from __future__ import annotations

import sqlite3
from collections.abc import Mapping, Sequence
from dataclasses import replace
from typing import Any

from claimledger.errors import UsageError
from claimledger.review import store
from claimledger.review.anchor import reanchor_if_stale
from claimledger.review.items import Item, get_item
from claimledger.review.model import (
    DECISIONS,
    FIELDS,
    KINDS,
    REQUIRED,
    VERDICTS,
    Anchor,
    Passage,
    ReviewState,
    Span,
    check_values,
    now_iso,
    require_choice,
)

MAX_NOTE = 4000


def _clean_text(value: str | None, what: str) -> str | None:
    if value is None:
        return None
    value = value.strip()
    if len(value) > MAX_NOTE:
        raise UsageError(f"The {what} is longer than {MAX_NOTE} characters.", hint="Shorten it.")
    return value or None


def _corrections(item: Item, given: Mapping[str, Any], previous: Mapping[str, Any]) -> dict[str, Any]:
    """Accumulated corrections, minus any that merely repeat what the extractor says."""
    allowed = FIELDS[item.kind]
    unknown = [k for k in given if k not in allowed]
    if unknown:
        raise UsageError(f"A {item.kind} has no field {unknown[0]!r}.", hint=f"Fields: {', '.join(allowed)}.")
    base = item.values
    merged = {**previous, **given}
    out = {k: v for k, v in merged.items() if k not in base or base.get(k) != v}
    problems = check_values(item.kind, {**base, **out}, changed=frozenset(given))
    if problems:
        raise UsageError(f"Cannot save this correction: {'; '.join(problems)}.",
                         hint="Fix the values and save again.")
    return out


def _evidence(conn: sqlite3.Connection, refs: Sequence[str]) -> tuple[Passage, ...]:
    out = []
    for ref in refs:
        it = get_item(conn, ref)
        span = it.span
        if span is None or it.doc is None:
            raise UsageError(f"{ref} has no passage to cite as evidence.", hint="Cite a claim, event or finding.")
        doc_hash = it.row.hash if it.row is not None else (it.review.anchor.hash if it.review else None)
        out.append(Passage(it.kind, it.doc, doc_hash or "", span.start, span.end, span.text))
    return tuple(out)


def decide(conn: sqlite3.Connection, ref: str, decision: str, *, reviewer: str,
           corrections: Mapping[str, Any] | None = None, note: str | None = None, verdict: str | None = None,
           rationale: str | None = None, evidence: Sequence[str] | None = None,
           expect_text: str | None = None) -> ReviewState:
    """Record one decision on the item ``ref`` (``claim:12`` or ``R7``) and return its new state.

    ``decision``: confirm (corrected values stay corrected), correct (needs ``corrections``),
    reject, reset (back to unreviewed, corrections dropped), note (only the note changes),
    verdict (figures and claims: consistent / disputed / unverified with a rationale).
    ``expect_text``: the span text the reviewer saw; a mismatch means the ledger was
    re-analysed meanwhile, and nothing is written.
    """
    require_choice("decision", decision, DECISIONS)
    reviewer = _reviewer(reviewer)
    reanchor_if_stale(conn)  # a review made on an older text must find its row before a new one is made
    item = get_item(conn, ref)
    if expect_text is not None and item.span is not None and item.span.text != expect_text:
        raise UsageError(f"{ref} no longer is the passage you reviewed (the ledger was re-analysed).",
                         hint="Reload the list and review the item again.")
    prev = item.review
    if item.row is not None:
        anchor = item.row.anchor()
        anchor_state = "matched"
    else:
        assert prev is not None
        anchor, anchor_state = prev.anchor, prev.anchor_state
    state = prev or ReviewState(item=0, kind=item.kind, added=False, at="", reviewer=reviewer, action="review",
                                status="unreviewed", anchor=anchor)
    previous_corr = dict(prev.corrections) if prev else {}
    if item.row is not None and prev is not None and not prev.added:
        # the reviewer sees the current extraction; corrections are kept relative to it
        previous_corr = {k: v for k, v in prev.approved.items() if item.values.get(k) != v and k in FIELDS[item.kind]}
    changes: dict[str, Any] = {"at": now_iso(), "reviewer": reviewer, "action": "review", "anchor": anchor,
                               "anchor_state": anchor_state, "reason": None}
    if prev is not None and prev.added:
        changes["action"] = "add"
    if decision in ("confirm", "correct"):
        corr = _corrections(item, corrections or {}, previous_corr)
        if decision == "correct" and not corrections:
            raise UsageError("A correction needs at least one field=value.",
                             hint=f"Fields: {', '.join(FIELDS[item.kind])}.")
        changes["corrections"] = corr
        changes["status"] = "corrected" if corr and not state.added else "confirmed"
    elif decision == "reject":
        changes["status"] = "rejected"
        changes["corrections"] = previous_corr
    elif decision == "reset":
        changes["status"] = "unreviewed"
        changes["corrections"] = {} if not state.added else dict(state.corrections)
        changes["verdict"] = changes["rationale"] = None
        changes["evidence"] = ()
    elif decision == "verdict":
        if item.kind not in ("figure", "claim"):
            raise UsageError("Verdicts are given on figures and claims.", hint="Use a note for other items.")
        if verdict is None:
            raise UsageError("A verdict needs a value.", hint=f"Use one of: {', '.join(VERDICTS)}.")
        changes["verdict"] = require_choice("verdict", verdict, VERDICTS)
        changes["rationale"] = _clean_text(rationale, "rationale")
        changes["evidence"] = _evidence(conn, evidence or ())
        changes["corrections"] = previous_corr
    else:
        changes["corrections"] = previous_corr
    if note is not None or decision == "note":
        changes["note"] = _clean_text(note, "note")
    new = replace(state, **changes)
    if prev is None:
        return store.new_item(conn, new)
    with store.transaction(conn):
        return store.append(conn, new)


def bulk(conn: sqlite3.Connection, refs: Sequence[str], decision: str, *, reviewer: str) -> list[ReviewState]:
    """Confirm or reject many items in one transaction (all or nothing)."""
    if decision not in ("confirm", "reject", "reset"):
        raise UsageError(f"Bulk {decision!r} is not possible.", hint="Bulk actions: confirm, reject, reset.")
    with store.transaction(conn):
        return [decide(conn, ref, decision, reviewer=reviewer) for ref in refs]


def add_item(conn: sqlite3.Connection, kind: str, doc: str, *, reviewer: str, values: Mapping[str, Any],
             start: int | None = None, end: int | None = None, text: str | None = None,
             spans: Sequence[tuple[int, int]] = (), note: str | None = None) -> ReviewState:
    """Add a claim, event or finding the extractor missed, at ``start:end`` (or the first
    occurrence of ``text`` at or after ``start``).  ``spans``: a finding's other passages."""
    require_choice("kind", kind, tuple(k for k in KINDS if k != "figure"))
    reviewer = _reviewer(reviewer)
    row = conn.execute("SELECT text, hash FROM documents WHERE id = ?", (doc,)).fetchone()
    if row is None:
        raise UsageError(f"No document {doc!r} in this ledger.",
                         hint="Use a document id as `claimledger export` lists it.")
    full: str = row["text"]
    if text is not None:
        i = full.find(text, start or 0)
        if not text or i < 0:
            raise UsageError(f"{text!r} does not occur in {doc}.",
                             hint="Quote the passage exactly as the text has it.")
        start, end = i, i + len(text)
    if start is None or end is None or not 0 <= start < end <= len(full):
        raise UsageError(f"The span {start}:{end} is not inside {doc} (0:{len(full)}).",
                         hint="Give start < end within the document, or the exact text.")
    allowed = FIELDS[kind]
    unknown = [k for k in values if k not in allowed]
    if unknown:
        raise UsageError(f"A {kind} has no field {unknown[0]!r}.", hint=f"Fields: {', '.join(allowed)}.")
    missing = [k for k in REQUIRED[kind] if not values.get(k)]
    problems = [f"{k} is required" for k in missing] + check_values(kind, values, changed=frozenset(values))
    if problems:
        raise UsageError(f"Cannot add this {kind}: {'; '.join(problems)}.", hint=f"Fields: {', '.join(allowed)}.")
    all_spans = [(start, end), *[(int(s), int(e)) for s, e in spans]]
    if any(not 0 <= s < e <= len(full) for s, e in all_spans):
        raise UsageError("A finding span is outside the document.", hint=f"Spans must lie within 0:{len(full)}.")
    context = _sentence(conn, doc, full, start, end)
    anchor = Anchor(doc=doc, hash=row["hash"], spans=tuple(Span(s, e, full[s:e]) for s, e in all_spans),
                    context=context, label=values.get("kind") if kind == "finding" else None, values={})
    state = ReviewState(item=0, kind=kind, added=True, at=now_iso(), reviewer=reviewer, action="add",
                        status="confirmed", anchor=anchor, corrections=dict(values), note=_clean_text(note, "note"))
    return store.new_item(conn, state)


def _sentence(conn: sqlite3.Connection, doc: str, text: str, start: int, end: int) -> str:
    rows = conn.execute('SELECT start, "end" FROM sentences WHERE doc = ? AND start < ? AND "end" > ? ORDER BY start',
                        (doc, max(end, start + 1), start)).fetchall()
    if rows:
        return text[rows[0][0]:rows[-1][1]]
    return text[max(0, start - 160):min(len(text), end + 160)]


def _reviewer(name: str) -> str:
    name = (name or "").strip()
    if not name or len(name) > 100 or any(ch in name for ch in "\n\r\t\0"):
        raise UsageError("A reviewer name is needed (one line, at most 100 characters).",
                         hint="Pass --reviewer NAME, or set CLAIMLEDGER_REVIEWER.")
    return name


__all__ = ["add_item", "bulk", "decide"]
