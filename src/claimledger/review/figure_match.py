"""Which figure a figure review sits on, read from its anchor's claims, not from every figure.

A figure review is anchored to the claims the figure held when it was reviewed (document,
text hash, span of each member), and :func:`claimledger.review.items.fit` scores a figure by
how many of its claims overlap those members.  Scoring every figure means reading the members
of every figure: on a 100k-document ledger, 8,840 figures and 1.7M claims, one verdict made a
page of claims take half a minute.  A figure that holds none of the anchor's claims scores
0 and can never be matched, so only the figures holding some claim of the anchor's documents
are looked at: :func:`figure_fits` reads the claims of those documents (one query a review,
an indexed read a member), scores each figure they belong to exactly as ``fit`` does, and
:func:`assign` gives each review its best figure by the rule
:func:`claimledger.review.items.match` uses.  The cost is the size of the reviewed figures'
anchors (11 ms for a 748-claim figure on that ledger), whatever the ledger's size.

One figure shows one review.  When two reviews fit the same figure best (``review merge A
B`` after both were reviewed), the better fit keeps it and the other sits on no figure —
never on one it fits worse, such as an unrelated figure sharing one overlapping claim —
and :func:`left_off` says why, naming the merge when there is one.
"""

from __future__ import annotations

import json
import sqlite3
from collections.abc import Hashable, Iterable, Mapping, Sequence
from typing import TypeVar

from claimledger.review import store
from claimledger.review.model import Passage, ReviewState

K = TypeVar("K", bound=Hashable)


def assign(scored: Iterable[tuple[int, ReviewState, K]], *, best_only: bool = False) -> dict[int, K]:
    """review item -> the row it sits on: best score first, the newest review first on a
    tie, then the order given; a row goes to one review only.  ``scored`` holds only the
    pairs that fit at all (score > 0).  ``best_only``: a review whose best row went to a
    review that fits it better sits on none rather than on a row it fits worse (a figure
    review would otherwise land on an unrelated figure sharing one overlapping claim)."""
    ranked = sorted(scored, key=lambda t: (-t[0], -t[1].history_id))
    best: dict[int, int] = {}
    for score, s, _ in ranked:
        best.setdefault(s.item, score)
    out: dict[int, K] = {}
    taken: set[K] = set()
    for score, s, row in ranked:
        if s.item not in out and row not in taken and not (best_only and score < best[s.item]):
            out[s.item] = row
            taken.add(row)
    return out


# (anchor member, claim) pairs of the same text that overlap, counted per figure: fit()'s score.
# json_each walks the anchor's members; each reads its document's claims through claims_doc.
_FITS = """
SELECT c.figure, COUNT(*) FROM json_each(?) m
JOIN documents d ON d.id = json_extract(m.value, '$[0]') AND d.hash = json_extract(m.value, '$[1]')
JOIN claims c ON c.doc = d.id AND c.start < json_extract(m.value, '$[3]') AND c."end" > json_extract(m.value, '$[2]')
JOIN figures f ON f.id = c.figure
GROUP BY c.figure ORDER BY c.figure
"""


def figure_fits(conn: sqlite3.Connection, states: Sequence[ReviewState]) -> list[tuple[int, ReviewState, int]]:
    """(score, review, figure id) for every figure a figure review fits (score > 0), in the
    order ``items.match`` would meet them: by review as given, then by figure id.  The score
    is ``items.fit``'s: the number of (anchor member, figure claim) pairs of the same text
    that overlap.  Items a person added never sit on a figure and are skipped."""
    out: list[tuple[int, ReviewState, int]] = []
    for s in states:
        if s.kind != "figure" or s.added or not s.anchor.members:
            continue
        members = json.dumps([[m.doc, m.hash, m.start, m.end] for m in s.anchor.members])
        out.extend((int(n), s, int(figure)) for figure, n in conn.execute(_FITS, (members,)))
    return out


def figure_matches(conn: sqlite3.Connection, states: Sequence[ReviewState]) -> dict[int, int]:
    """review item -> the id of the figure it sits on, for the figure reviews among ``states``
    (read from the reviewed claims only; a review whose best figure shows another review
    sits on none: :func:`left_off` says why)."""
    return assign(figure_fits(conn, states), best_only=True)


def _overlap(a: Sequence[Passage], b: Sequence[Passage]) -> bool:
    return any(m.doc == n.doc and min(m.end, n.end) > max(m.start, n.start) for m in a for n in b)


def left_off(conn: sqlite3.Connection, states: Sequence[ReviewState], on: Mapping[int, int]) -> dict[int, str]:
    """review item -> why a figure review whose claims are in a figure sits on none (``on``:
    where the others sit): that figure shows another review, which fits it as well or
    better.  After ``review merge A B`` the merged figure shows A's review and B's verdict
    is left off, said so, never dropped."""
    shown = {figure: item for item, figure in on.items()}
    best: dict[int, tuple[ReviewState, int]] = {}
    for _, s, figure in sorted(figure_fits(conn, [r for r in states if r.item not in on]), key=lambda t: -t[0]):
        best.setdefault(s.item, (s, figure))
    if not best:
        return {}
    merges = [g for g in store.current(conn, kind="regroup")
              if g.status != "rejected" and g.anchor.values.get("op") == "merge"]
    out: dict[int, str] = {}
    for item, (s, figure) in best.items():
        row = conn.execute("SELECT label FROM figures WHERE id = ?", (figure,)).fetchone()
        there = f"figure {figure} ({row[0]!r})" if row else f"figure {figure}"
        other = f"R{shown[figure]}" if figure in shown else "another review"
        merge = next((g for g in merges if _overlap(g.anchor.members, s.anchor.members)), None)
        if merge is not None:
            out[item] = (f"its figure was merged into {merge.anchor.values.get('into_label')!r} ({merge.label}); "
                         f"{there} shows the review of the figure it was merged into ({other})")
        else:
            out[item] = f"its claims are now in {there}, which shows {other}"
    return out


__all__ = ["assign", "figure_fits", "figure_matches", "left_off"]
