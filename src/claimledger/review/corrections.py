"""Share reviews between ledgers: ``claimledger corrections export|import``.

Two newsrooms (or one person with two ledgers of the same story) analyse the same articles
separately; row ids mean nothing across ledgers, so a correction travels with its anchor —
document id, text hash, span text, sentence — and is matched in the other ledger the way
re-anchoring matches it after a re-analysis: same hash, same span; a changed text, the span
text found again near where it was.  Items that cannot be matched (document missing, passage
gone) are reported and not imported.  Importing the same file twice changes nothing.
Merges and splits of figures (:mod:`claimledger.review.figure_overrides`) travel the same
way, anchored to their claims; the figures change when the cross stage next runs (the CLI
runs it right after an import that brought any).
"""

from __future__ import annotations

import json
import sqlite3
from collections.abc import Mapping
from dataclasses import dataclass, replace
from pathlib import Path
from typing import Any

from claimledger.errors import InputError
from claimledger.review import figure_overrides, store
from claimledger.review.anchor import Relocator, reanchor_passages, relocate_anchor
from claimledger.review.figure_match import figure_matches
from claimledger.review.items import load_rows, match
from claimledger.review.model import (
    KINDS,
    STATUSES,
    VERDICTS,
    Anchor,
    Passage,
    ReviewState,
    now_iso,
    require_choice,
)

SCHEMA = "claimledger-corrections/1"


def export_corrections(conn: sqlite3.Connection, *, ledger_name: str = "") -> dict[str, Any]:
    """Every reviewed item's current state, with its anchor, as a JSON-ready dict."""
    store.require_review_tables(conn)
    items = []
    for s in store.current(conn):
        if s.status == "unreviewed" and not (s.note or s.verdict or s.added):
            continue
        items.append({
            "review": s.label, "kind": s.kind, "added": s.added, "status": s.status,
            "anchor": s.anchor.to_dict(), "anchor_state": s.anchor_state, "corrections": dict(s.corrections),
            "approved": s.approved, "verdict": s.verdict, "rationale": s.rationale,
            "evidence": [e.to_dict() for e in s.evidence], "note": s.note, "reviewer": s.reviewer, "at": s.at,
        })
    return {"schema": SCHEMA, "exported": now_iso(), "ledger": ledger_name, "items": items}


def write_corrections(conn: sqlite3.Connection, output: str | Path, *, ledger_name: str = "") -> int:
    """Write the export to ``output`` atomically; return how many items it holds."""
    data = export_corrections(conn, ledger_name=ledger_name)
    path = Path(output)
    tmp = path.with_name(path.name + ".partial")
    tmp.write_text(json.dumps(data, ensure_ascii=False, indent=1) + "\n", encoding="utf-8")
    tmp.replace(path)
    return len(data["items"])


def read_corrections(path: str | Path) -> dict[str, Any]:
    p = Path(path)
    try:
        data = json.loads(p.read_text(encoding="utf-8"))
    except (OSError, UnicodeDecodeError, ValueError) as exc:
        raise InputError(f"Cannot read corrections file {p}: {exc}.",
                         hint="Pass a file written by `claimledger corrections export`.") from exc
    if not isinstance(data, dict) or data.get("schema") != SCHEMA or not isinstance(data.get("items"), list):
        raise InputError(f"{p} is not a {SCHEMA} file.",
                         hint="Pass a file written by `claimledger corrections export`.")
    return data


@dataclass(frozen=True)
class Unmatched:
    review: str
    kind: str
    text: str
    reason: str


@dataclass(frozen=True)
class ImportReport:
    imported: int = 0
    unchanged: int = 0
    moved: int = 0
    unmatched: tuple[Unmatched, ...] = ()
    regroups: int = 0  # merges/splits imported: figures must be rebuilt to show them

    def summary(self) -> str:
        return (f"{self.imported} imported ({self.moved} at a moved passage), {self.unchanged} already there, "
                f"{len(self.unmatched)} unmatched")


def _state_from(entry: Mapping[str, Any], index: int) -> ReviewState:
    try:
        kind = require_choice("kind", str(entry["kind"]), (*KINDS, figure_overrides.KIND))
        status = require_choice("status", str(entry["status"]), STATUSES)
        verdict = entry.get("verdict")
        if verdict is not None:
            require_choice("verdict", str(verdict), VERDICTS)
        corrections = entry.get("corrections") or {}
        if not isinstance(corrections, dict):
            raise ValueError("corrections must be an object")
        return ReviewState(
            item=0, kind=kind, added=bool(entry.get("added")), at=str(entry.get("at") or ""),
            reviewer=str(entry.get("reviewer") or "unknown")[:100], action="import", status=status,
            anchor=Anchor.from_dict(entry["anchor"]), corrections=corrections, verdict=verdict,
            rationale=entry.get("rationale"),
            evidence=tuple(Passage.from_dict(e) for e in entry.get("evidence") or []),
            note=entry.get("note"))
    except (KeyError, TypeError, ValueError, IndexError) as exc:
        raise InputError(f"Corrections item #{index} is malformed ({exc}).",
                         hint="Export the corrections again with `claimledger corrections export`.") from exc


def _same_decision(a: ReviewState, b: ReviewState) -> bool:
    return ((a.status, dict(a.corrections), a.verdict, a.rationale, a.note, a.approved)
            == (b.status, dict(b.corrections), b.verdict, b.rationale, b.note, b.approved))


def _spans(passages: tuple[Passage, ...]) -> set[tuple[str, int, int]]:
    return {(m.doc, m.start, m.end) for m in passages}


def _existing(conn: sqlite3.Connection, s: ReviewState) -> ReviewState | None:
    for other in store.current(conn, kind=s.kind, doc=s.anchor.doc if s.kind not in ("figure", "regroup") else None):
        a, b = other.anchor, s.anchor
        if s.kind == figure_overrides.KIND:
            if (figure_overrides.op_of(other), _spans(a.members), _spans(figure_overrides.targets_of(other))) == \
                    (figure_overrides.op_of(s), _spans(b.members), _spans(figure_overrides.targets_of(s))):
                return other
        elif s.kind == "figure":
            if {(m.doc, m.start, m.end) for m in a.members} & {(m.doc, m.start, m.end) for m in b.members}:
                return other
        elif a.hash == b.hash and a.span is not None and b.span is not None and \
                (a.span.start, a.span.end) == (b.span.start, b.span.end) and a.label == b.label:
            return other
    return None


def import_corrections(conn: sqlite3.Connection, data: Mapping[str, Any], *, source: str = "") -> ImportReport:
    """Apply an export to this ledger (one transaction); report what did not match."""
    store.require_review_tables(conn)
    imported = unchanged = moved = regroups = 0
    unmatched: list[Unmatched] = []
    at = now_iso()
    relocator = Relocator(conn)
    with store.transaction(conn):
        for i, entry in enumerate(data.get("items", [])):
            s = _state_from(entry, i)
            label = str(entry.get("review") or f"#{i}")
            text = s.anchor.span.text if s.anchor.span else (s.anchor.label or "")
            located = relocate_anchor(conn, s.kind, s.anchor, relocator)
            if located is None:
                doc_known = s.kind == "figure" or conn.execute(
                    "SELECT 1 FROM documents WHERE id = ?", (s.anchor.doc,)).fetchone() is not None
                reason = ("the passage is not in this ledger's text of " + str(s.anchor.doc) if doc_known
                          else f"the document {s.anchor.doc} is not in this ledger")
                if s.kind == "figure":
                    reason = "none of the figure's claims is in this ledger"
                elif s.kind == figure_overrides.KIND:
                    reason = "the claims it merges or splits are not in this ledger"
                unmatched.append(Unmatched(label, s.kind, text, reason))
                continue
            anchor, how = located
            found = reanchor_passages(s.evidence, conn, relocator)
            evidence = tuple(p or e for p, e in zip(found, s.evidence, strict=True))
            trial = replace(s, anchor=anchor, evidence=evidence)
            state_now = _anchor_state(conn, trial)
            origin = f"imported from {source or data.get('ledger') or 'another ledger'}"
            new = replace(trial, at=at, anchor_state=state_now,
                          reason=f"{origin} (reviewed by {s.reviewer} at {s.at or 'unknown time'})")
            prev = _existing(conn, new)
            if prev is not None and _same_decision(prev, new):
                unchanged += 1
                continue
            if prev is None:
                store.new_item(conn, new)
            else:
                store.append(conn, replace(new, item=prev.item, added=prev.added))
            imported += 1
            moved += how in ("moved", "fuzzy")
            regroups += s.kind == figure_overrides.KIND
    return ImportReport(imported, unchanged, moved, tuple(unmatched), regroups)


def _anchor_state(conn: sqlite3.Connection, s: ReviewState) -> str:
    if s.added:
        return "matched"
    if s.kind == figure_overrides.KIND:
        return figure_overrides.check(conn, s, figure_overrides.ClaimIndex(conn))[0].anchor_state
    if s.kind == "figure":
        return "matched" if figure_matches(conn, [s]) else "unmatched"
    return "matched" if match([s], list(load_rows(conn, s.kind, doc=s.anchor.doc))) else "unmatched"


__all__ = ["SCHEMA", "ImportReport", "Unmatched", "export_corrections", "import_corrections", "read_corrections",
           "write_corrections"]
