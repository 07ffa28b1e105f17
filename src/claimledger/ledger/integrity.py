"""``claimledger check``: SQLite's own integrity check plus the ledger's invariants.

Invariants: every span (block, sentence, claim, event, finding) lies inside its document's
text; claims have low <= high and a known hedge; foreign keys hold; every document's hash
matches its text.  Returns a list of problems (empty = healthy).
"""

from __future__ import annotations

import json
import sqlite3

from claimledger.ledger.store import Ledger
from claimledger.models import HEDGES, content_hash


def check(ledger: Ledger, *, limit: int = 50) -> list[str]:
    problems: list[str] = []
    try:
        _check(ledger, problems, limit)
    except sqlite3.DatabaseError as exc:  # pages so damaged that a query cannot even run
        problems.append(f"sqlite: {exc} (the file is damaged; restore a copy or re-run analyze into a new file)")
    return problems[:limit]


def _check(ledger: Ledger, problems: list[str], limit: int) -> None:
    c = ledger.conn
    for (row,) in c.execute("PRAGMA integrity_check"):
        if row != "ok":
            problems.append(f"sqlite integrity: {row}")
    for r in c.execute("PRAGMA foreign_key_check"):
        problems.append(f"foreign key broken in {r[0]} row {r[1]} -> {r[2]}")
    lengths: dict[str, int] = {}
    for r in c.execute("SELECT id, hash, text FROM documents"):
        lengths[r["id"]] = len(r["text"])
        if content_hash(r["text"]) != r["hash"]:
            problems.append(f"document {r['id']}: stored hash does not match its text")
    for table in ("blocks", "sentences", "claims", "events"):
        for r in c.execute(f'SELECT doc, start, "end" FROM {table}'):
            n = lengths.get(r["doc"])
            if n is None or not (0 <= r["start"] <= r["end"] <= n):
                problems.append(f"{table}: span {r['start']}-{r['end']} outside document {r['doc']}")
    for r in c.execute("SELECT id, doc, low, high, hedge FROM claims"):
        if r["hedge"] not in HEDGES:
            problems.append(f"claim {r['id']} in {r['doc']}: unknown hedge {r['hedge']!r}")
        if r["low"] is not None and r["high"] is not None and r["low"] > r["high"]:
            problems.append(f"claim {r['id']} in {r['doc']}: low {r['low']} > high {r['high']}")
    for r in c.execute("SELECT id, doc, spans, refs FROM findings"):
        n = lengths.get(r["doc"], -1)
        for s, e in json.loads(r["spans"]):
            if not (0 <= s <= e <= n):
                problems.append(f"finding {r['id']}: span {s}-{e} outside document {r['doc']}")
        for ref in json.loads(r["refs"]):
            m = lengths.get(ref["doc"])
            if m is None or not (0 <= ref["start"] <= ref["end"] <= m):
                problems.append(f"finding {r['id']}: reference {ref} outside its document")
        if len(problems) > limit:
            break
