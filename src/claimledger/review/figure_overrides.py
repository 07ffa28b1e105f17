"""Merge and split figures: a reviewer's regrouping of claims, applied after every alignment.

Figures are recomputed by the cross stage on every run (:mod:`claimledger.ledger.align`),
so "figure 3" means nothing tomorrow.  A regrouping is therefore stored as a review record
(kind ``regroup`` in ``review_items``, each change a new ``review_history`` row: reviewer,
time, note) anchored to *claims*, never to figure ids: every claim as a passage (document,
text hash, span and its text), the way other reviews are anchored.  Three operations:

* ``merge`` — the claims of figure B join the figure that holds figure A's claims;
* ``move`` — some claims leave their figure for the figure that holds another's claims;
* ``split`` — some claims leave their figure and form a new one of their own.

:func:`apply_overrides` is called by the cross stage right after alignment and before
conflicts, trends and stats are computed, so checks over figures see the regrouped figures.
Overrides are applied in the order they were made.  One whose claims cannot be found in the
current analysis changes nothing; :mod:`claimledger.review.anchor` marks it ``orphaned``
(passages gone) or ``unmatched`` (passages there, claims no longer extracted) and it is
listed by ``claimledger review --orphans`` — never dropped.  Revoking one appends a
``rejected`` state; the next rebuild no longer applies it.
"""

from __future__ import annotations

import sqlite3
from collections import Counter
from collections.abc import Mapping, Sequence
from dataclasses import dataclass, replace
from typing import TYPE_CHECKING, Any

from claimledger.errors import UsageError
from claimledger.review import store
from claimledger.review.items import Row, load_rows
from claimledger.review.model import Anchor, Passage, ReviewState, now_iso

if TYPE_CHECKING:
    from claimledger.ledger.align import FigureGroup
    from claimledger.ledger.store import Ledger
    from claimledger.review.anchor import Relocator

KIND = "regroup"
OPS: tuple[str, ...] = ("merge", "move", "split")
MAX_LABEL = 200


# ---------------------------------------------------------------------------------- reading
def op_of(s: ReviewState) -> str:
    return str(s.anchor.values.get("op", ""))


def targets_of(s: ReviewState) -> tuple[Passage, ...]:
    """The claims of the figure the moved claims join (empty for a split)."""
    return tuple(Passage.from_dict(p) for p in s.anchor.values.get("into") or [])


def overrides(conn: sqlite3.Connection, *, active_only: bool = True) -> list[ReviewState]:
    """Current regroupings, oldest first (``active_only``: not revoked)."""
    if not store.has_review_tables(conn):
        return []
    states = store.current(conn, kind=KIND)
    return [s for s in states if s.status != "rejected"] if active_only else states


def with_shown(conn: sqlite3.Connection, shown: str, *, doc: str | None = None) -> list[ReviewState]:
    """The active merges and splits a review list filtered by ``shown`` (orphaned: their claims
    are gone; unmatched) must show beside the items; ``doc``: only those with a claim there."""
    return [s for s in overrides(conn)
            if s.shown_status == shown and (doc is None or any(m.doc == doc for m in s.anchor.members))]


def describe(s: ReviewState) -> str:
    """One line for lists and history: what the regrouping does."""
    v = s.anchor.values
    n = len(s.anchor.members)
    src = f"{v.get('from_label')!r}" if v.get("from_label") else "its figure"
    if op_of(s) == "merge":
        return f"merge {src} ({n} claims) into {v.get('into_label')!r}"
    if op_of(s) == "move":
        return f"move {n} claim(s) from {src} to {v.get('into_label')!r}"
    return f"split {n} claim(s) out of {src} into a new figure {v.get('label') or v.get('from_label')!r}"


# ---------------------------------------------------------------------------------- resolving
class ClaimIndex:
    """Passages -> current claim ids (relocated first when their document's text changed)."""

    def __init__(self, conn: sqlite3.Connection, relocator: Relocator | None = None) -> None:
        from claimledger.review.anchor import Relocator

        self.conn = conn
        self.relocator = relocator or Relocator(conn)
        self.spans: dict[str, list[tuple[int, int, int]]] = {}

    def _claims(self, doc: str) -> list[tuple[int, int, int]]:
        if doc not in self.spans:
            self.spans[doc] = [(int(r[0]), int(r[1]), int(r[2])) for r in self.conn.execute(
                'SELECT id, start, "end" FROM claims WHERE doc = ? ORDER BY start', (doc,))]
        return self.spans[doc]

    def locate(self, p: Passage) -> Passage | None:
        from claimledger.review.anchor import reanchor_passages

        return reanchor_passages([p], self.conn, self.relocator)[0]

    def claim(self, p: Passage) -> int | None:
        """The claim sitting on the passage now: the exact span, else the most overlapping."""
        found = self.locate(p)
        if found is None:
            return None
        best, best_overlap = None, 0
        for cid, s, e in self._claims(found.doc):
            if (s, e) == (found.start, found.end):
                return cid
            overlap = min(e, found.end) - max(s, found.start)
            if overlap > best_overlap:
                best, best_overlap = cid, overlap
        return best

    def claims(self, passages: Sequence[Passage]) -> list[int]:
        return [c for c in (self.claim(p) for p in passages) if c is not None]


# ---------------------------------------------------------------------------------- applying
def apply_overrides(conn: sqlite3.Connection, groups: list[FigureGroup]) -> list[FigureGroup]:
    """The figures of one alignment with every active regrouping applied, in order.

    Called by the cross stage between alignment and the checks over figures.  Regroupings
    whose claims are not found change nothing (re-anchoring reports them).  Figures left
    empty disappear; a split adds its new figure after the others.
    """
    active = overrides(conn)
    if not active:
        return groups
    index = ClaimIndex(conn)
    out = [replace(g, claims=list(g.claims)) for g in groups]
    where: dict[int, int] = {cid: i for i, g in enumerate(out) for cid in g.claims}
    for s in active:
        moved = [c for c in index.claims(s.anchor.members) if c in where]
        if not moved:
            continue
        if op_of(s) == "split":
            template = out[where[moved[0]]]
            label = str(s.anchor.values.get("label") or template.label)
            out.append(replace(template, label=label, claims=[]))
            target = len(out) - 1
        else:
            votes = Counter(where[c] for c in index.claims(targets_of(s)) if c in where and c not in moved)
            if not votes:
                continue
            target = min(votes, key=lambda i: (-votes[i], i))
        for c in moved:
            if where[c] != target:
                out[where[c]].claims.remove(c)
                out[target].claims.append(c)
                where[c] = target
    return [replace(g, claims=sorted(g.claims)) for g in out if g.claims]


def check(conn: sqlite3.Connection, s: ReviewState, index: ClaimIndex) -> tuple[ReviewState, str]:
    """Re-anchor a regrouping (for :func:`claimledger.review.anchor.reanchor`): relocate its
    passages, then say whether it still applies (matched), its passages are there but no
    claim sits on them (unmatched), or they are gone (orphaned)."""
    members = [index.locate(p) for p in s.anchor.members]
    targets = [index.locate(p) for p in targets_of(s)]
    kept = [p for p in members if p is not None]
    kept_targets = [p for p in targets if p is not None]
    how = "same" if kept == list(s.anchor.members) and kept_targets == list(targets_of(s)) else "moved"
    values = dict(s.anchor.values)
    if kept_targets:
        values["into"] = [p.to_dict() for p in kept_targets]
    trial = replace(s, anchor=replace(s.anchor, members=tuple(kept) or s.anchor.members, values=values))
    if not kept:
        return replace(s, anchor_state="orphaned",
                       reason="none of the claims it regroups is in the current texts"), "lost"
    if op_of(s) != "split" and not kept_targets:
        return replace(s, anchor_state="orphaned",
                       reason="none of the claims of the figure it joins is in the current texts"), "lost"
    moved = index.claims(kept)
    if not moved or (op_of(s) != "split" and not index.claims(kept_targets)):
        return replace(trial, anchor_state="unmatched",
                       reason="its passages are there but the current analysis extracts no claim on them"), how
    reason = None
    if len(kept) < len(s.anchor.members):
        reason = f"{len(s.anchor.members) - len(kept)} of its {len(s.anchor.members)} claims are gone"
    return replace(trial, anchor_state="matched", reason=reason), how


# ---------------------------------------------------------------------------------- recording
def _figure(conn: sqlite3.Connection, ref: str) -> Row:
    raw = ref.strip().removeprefix("figure:").removeprefix("figure#")
    if not raw.isdigit():
        raise UsageError(f"{ref!r} is not a figure.", hint="Give a figure number as the web UI shows it (figure:3 or 3).")
    rows = list(load_rows(conn, "figure", ids=[int(raw)]))
    if not rows or not rows[0].members:
        raise UsageError(f"No figure {raw} with claims in this ledger.",
                         hint="Figure numbers change when the cross stage runs again: reload the list.")
    return rows[0]


def _claim_passages(conn: sqlite3.Connection, refs: Sequence[str]) -> list[tuple[int, Passage, int | None]]:
    out = []
    for ref in refs:
        raw = ref.strip().removeprefix("claim:").removeprefix("claim#")
        if not raw.isdigit():
            raise UsageError(f"{ref!r} is not a claim.", hint="Give claim numbers (claim:12 or 12).")
        r = conn.execute('SELECT c.id, c.doc, c.start, c."end", c.figure, d.hash, '
                         'substr(d.text, c.start + 1, c."end" - c.start) AS span '
                         "FROM claims c JOIN documents d ON d.id = c.doc WHERE c.id = ?", (int(raw),)).fetchone()
        if r is None:
            raise UsageError(f"No claim {raw} in this ledger.", hint="Reload the figure: the ledger was re-analysed.")
        out.append((int(r["id"]), Passage("claim", r["doc"], r["hash"], int(r["start"]), int(r["end"]), r["span"]),
                    r["figure"]))
    return out


def _record(conn: sqlite3.Connection, op: str, members: Sequence[Passage], *, reviewer: str,
            values: Mapping[str, Any], note: str | None) -> ReviewState:
    from claimledger.review.actions import _clean_text, _reviewer

    anchor = Anchor(doc=None, hash=None, label=str(values.get("label") or values.get("into_label") or ""),
                    members=tuple(members), values={"op": op, **values})
    state = ReviewState(item=0, kind=KIND, added=False, at=now_iso(), reviewer=_reviewer(reviewer), action="review",
                        status="confirmed", anchor=anchor, note=_clean_text(note, "note"))
    return store.new_item(conn, state)


def merge(conn: sqlite3.Connection, into: str, other: str, *, reviewer: str, note: str | None = None) -> ReviewState:
    """Record: figure ``other``'s claims belong to figure ``into``.  Rebuild to see it."""
    store.require_review_tables(conn)
    a, b = _figure(conn, into), _figure(conn, other)
    if a.id == b.id:
        raise UsageError("A figure cannot be merged into itself.", hint="Name two different figures.")
    return _record(conn, "merge", b.members, reviewer=reviewer, note=note,
                   values={"into": [m.to_dict() for m in a.members], "into_label": a.label, "from_label": b.label})


def split(conn: sqlite3.Connection, claims: Sequence[str], *, reviewer: str, figure: str | None = None,
          into: str | None = None, label: str | None = None, note: str | None = None) -> ReviewState:
    """Record: ``claims`` leave their figure, for figure ``into`` (a move) or a new figure
    (``label``, default the old figure's).  ``figure``: the figure they must belong to."""
    store.require_review_tables(conn)
    if not claims:
        raise UsageError("Name at least one claim to split off.", hint="e.g. claim:12 claim:14")
    found = _claim_passages(conn, claims)
    figures = {f for _, _, f in found}
    if figure is not None:
        home = _figure(conn, figure)
        strays = [cid for cid, _, f in found if f != home.id]
        if strays:
            raise UsageError(f"Claim {strays[0]} is not in figure {home.id}.",
                             hint="Pick claims listed on that figure's page.")
    elif len(figures) != 1 or None in figures:
        raise UsageError("The claims must all belong to one figure.", hint="Split one figure at a time.")
    home = _figure(conn, str(next(iter(figures))))
    label = (label or "").strip() or None
    if label is not None and len(label) > MAX_LABEL:
        raise UsageError(f"The label is longer than {MAX_LABEL} characters.", hint="Shorten it.")
    passages = [p for _, p, _ in found]
    if into is not None:
        target = _figure(conn, into)
        if target.id == home.id:
            raise UsageError("The claims are already in that figure.", hint="Name another figure.")
        return _record(conn, "move", passages, reviewer=reviewer, note=note,
                       values={"into": [m.to_dict() for m in target.members], "into_label": target.label,
                               "from_label": home.label})
    if len({cid for cid, _, _ in found}) >= len(home.members):
        raise UsageError("Splitting every claim off a figure leaves it as it was.",
                         hint="Select some of its claims, not all.")
    return _record(conn, "split", passages, reviewer=reviewer, note=note,
                   values={"label": label, "from_label": home.label})


def revoke(conn: sqlite3.Connection, ref: str, *, reviewer: str, note: str | None = None) -> ReviewState:
    """Undo a regrouping (appends a ``rejected`` state; its history stays).  Rebuild to see it."""
    from claimledger.review.actions import _clean_text, _reviewer

    store.require_review_tables(conn)
    raw = ref.strip().lstrip("Rr")
    s = store.get(conn, int(raw)) if raw.isdigit() else None
    if s is None or s.kind != KIND:
        raise UsageError(f"{ref!r} is not a merge or split.", hint="List them with `claimledger review regroups`.")
    new = replace(s, at=now_iso(), reviewer=_reviewer(reviewer), action="review", status="rejected",
                  note=_clean_text(note, "note") if note is not None else s.note, reason=None)
    with store.transaction(conn):
        return store.append(conn, new)


def rebuild(ledger: Ledger) -> str:
    """Run the cross stage again (which applies the regroupings), then re-anchor the reviews.

    The cross stage is deterministic from the stored claims, so the only change is what the
    reviewer asked for (and the conflicts it implies)."""
    from claimledger.review.anchor import reanchor
    from claimledger.runner import run_cross

    summary = run_cross(ledger)
    reanchor(ledger)
    return f"{summary.figures} figures after regrouping"


def figure_of_claims(conn: sqlite3.Connection, passages: Sequence[Passage],
                     index: ClaimIndex | None = None) -> int | None:
    """The current figure holding most of these claims (for links from a regrouping)."""
    ids = (index or ClaimIndex(conn)).claims(passages)
    if not ids:
        return None
    rows = conn.execute(f"SELECT figure FROM claims WHERE id IN ({','.join('?' * len(ids))}) AND figure IS NOT NULL",
                        ids).fetchall()
    votes = Counter(int(r[0]) for r in rows)
    return min(votes, key=lambda f: (-votes[f], f)) if votes else None


@dataclass(frozen=True)
class RegroupView:
    """A regrouping as a list shows it."""

    label: str
    op: str
    text: str
    status: str
    shown: str
    reviewer: str
    at: str
    note: str | None
    reason: str | None
    figure: int | None


def views(conn: sqlite3.Connection, *, active_only: bool = False) -> list[RegroupView]:
    out = []
    states = overrides(conn, active_only=active_only)
    index = ClaimIndex(conn) if states else None
    for s in states:
        out.append(RegroupView(s.label, op_of(s), describe(s), s.status, s.shown_status, s.reviewer, s.at, s.note,
                               s.reason, figure_of_claims(conn, s.anchor.members, index) if not s.orphaned else None))
    return out


__all__ = ["KIND", "OPS", "ClaimIndex", "RegroupView", "apply_overrides", "check", "describe", "figure_of_claims",
           "merge", "op_of", "overrides", "rebuild", "revoke", "split", "targets_of", "views", "with_shown"]
