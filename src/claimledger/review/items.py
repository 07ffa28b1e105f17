"""The ledger's rows as reviewable items, and which review belongs to which row.

A review is tied to a row only through its anchor (document, text hash, span), so this
module matches them afresh on every read: the same review keeps sitting on "its" claim
after the claims table has been rewritten by a re-analysis.  A review whose anchor no row
fits (the extractor dropped the item, the passage is gone, or a person added the item) is
listed on its own, never hidden.

Item references, as the CLI and the web UI use them: ``claim:12``, ``event:3``,
``finding:9``, ``figure:2`` (a row, valid until the document is re-analysed) and ``R7``
(review item 7, valid for ever).
"""

from __future__ import annotations

import bisect
import itertools
import json
import re
import sqlite3
from collections import defaultdict
from collections.abc import Iterable, Iterator, Mapping, Sequence
from dataclasses import dataclass, replace
from typing import Any

from claimledger.errors import UsageError
from claimledger.review import store
from claimledger.review.figure_match import assign, figure_matches, left_off
from claimledger.review.model import KINDS, STATUSES, Anchor, Passage, ReviewState, Span

STATUS_FILTERS: tuple[str, ...] = (*STATUSES, "reviewed", "added", "orphaned", "unmatched")
CONTEXT_WINDOW = 160  # characters each side when a passage has no sentence row


@dataclass(frozen=True)
class Row:
    """One extracted claim, event, finding or figure, with what a reviewer needs to see."""

    kind: str
    id: int
    doc: str | None
    hash: str | None
    spans: tuple[Span, ...]
    context: str
    context_start: int
    values: Mapping[str, Any]
    label: str | None = None
    members: tuple[Passage, ...] = ()

    def anchor(self) -> Anchor:
        return Anchor(doc=self.doc, hash=self.hash, spans=self.spans, context=self.context, label=self.label,
                      members=self.members, values=dict(self.values))


@dataclass(frozen=True)
class Item:
    """A row, its review, or both."""

    kind: str
    row: Row | None
    review: ReviewState | None

    @property
    def ref(self) -> str:
        if self.row is not None:
            return f"{self.kind}:{self.row.id}"
        assert self.review is not None
        return self.review.label

    @property
    def doc(self) -> str | None:
        return self.row.doc if self.row is not None else (self.review.anchor.doc if self.review else None)

    @property
    def span(self) -> Span | None:
        if self.row is not None and self.row.spans:
            return self.row.spans[0]
        return self.review.anchor.span if self.review else None

    @property
    def context(self) -> str:
        return self.row.context if self.row is not None else (self.review.anchor.context if self.review else "")

    @property
    def values(self) -> Mapping[str, Any]:
        """What the extractor says now (for an item with no row: what it said when reviewed)."""
        if self.row is not None:
            return self.row.values
        return self.review.anchor.values if self.review else {}

    @property
    def approved(self) -> Mapping[str, Any]:
        return self.review.approved if self.review else self.values

    @property
    def status(self) -> str:
        return self.review.status if self.review else "unreviewed"

    @property
    def shown_status(self) -> str:
        """As :attr:`ReviewState.shown_status`, but from the live match to the current rows."""
        return shown_status(self.review, on_row=self.row is not None)

    def parts(self) -> tuple[str, str, str]:
        """The context split around the item's span: (before, span, after)."""
        span, ctx = self.span, self.context
        if span is None:
            return ctx, "", ""
        if self.row is not None and self.row.spans:
            i = span.start - self.row.context_start
            if i >= 0 and i + len(span.text) <= len(ctx) and ctx[i:i + len(span.text)] == span.text:
                return ctx[:i], span.text, ctx[i + len(span.text):]
        i = ctx.find(span.text) if span.text else -1
        if i < 0:
            return ctx, span.text, ""
        return ctx[:i], span.text, ctx[i + len(span.text):]


def shown_status(review: ReviewState | None, *, on_row: bool) -> str:
    """What a list shows for ``review``, given whether it sits on a row now: unreviewed,
    orphaned, added, unmatched, or its status."""
    if review is None:
        return "unreviewed"
    if review.orphaned:
        return "orphaned"
    if review.added and review.status != "rejected":
        return "added"
    return review.status if on_row else "unmatched"


# ---------------------------------------------------------------------------------- reading rows
def num(x: Any) -> Any:
    """A stored REAL as the export writes it (11000.0 -> 11000)."""
    if isinstance(x, float) and x.is_integer() and abs(x) < 2**53:
        return int(x)
    return x


class DocTexts:
    """Document texts and sentence offsets, read once per document while rows stream by."""

    def __init__(self, conn: sqlite3.Connection) -> None:
        self.conn = conn
        self.cache: dict[str, tuple[str, str, list[tuple[int, int]]] | None] = {}

    def get(self, doc: str) -> tuple[str, str, list[tuple[int, int]]] | None:
        if doc not in self.cache:
            if len(self.cache) > 64:
                self.cache.clear()
            r = self.conn.execute("SELECT text, hash FROM documents WHERE id = ?", (doc,)).fetchone()
            sents = [(int(s[0]), int(s[1])) for s in self.conn.execute(
                'SELECT start, "end" FROM sentences WHERE doc = ? ORDER BY start', (doc,))]
            self.cache[doc] = (r["text"], r["hash"], sents) if r is not None else None
        return self.cache[doc]

    def context(self, doc: str, start: int, end: int) -> tuple[str, int]:
        """The sentence(s) covering [start, end), or a window around it."""
        got = self.get(doc)
        if got is None:
            return "", start
        text, _, sents = got
        # sentences are sorted and do not overlap: start from the last one beginning at or before `start`
        k = max(0, bisect.bisect_right(sents, (start, len(text) + 1)) - 1)
        cover = []
        for s in sents[k:]:
            if s[0] >= max(end, start + 1):
                break
            if s[1] > start:
                cover.append(s)
        if cover:
            s0, s1 = cover[0][0], cover[-1][1]
            if s1 - s0 <= 4 * CONTEXT_WINDOW:
                return text[s0:s1], s0
        s0, s1 = max(0, start - CONTEXT_WINDOW), min(len(text), end + CONTEXT_WINDOW)
        return text[s0:s1], s0


def _json(text: str | None) -> Any:
    try:
        return json.loads(text or "[]")
    except ValueError:
        return []


def load_rows(conn: sqlite3.Connection, kind: str, *, doc: str | None = None,
              ids: Sequence[int] | None = None) -> Iterator[Row]:
    """Stream the extracted rows of one kind in document order."""
    texts = DocTexts(conn)
    where: list[str] = []
    params: list[Any] = []
    if doc is not None and kind != "figure":
        where.append("doc = ?")
        params.append(doc)
    if ids is not None:
        where.append(f"id IN ({','.join('?' * len(ids))})")
        params.extend(ids)
    cond = (" WHERE " + " AND ".join(where)) if where else ""
    if kind == "figure":
        yield from _figures(conn, cond, params)
        return
    table = {"claim": "claims", "event": "events", "finding": "findings"}[kind]
    order = "doc, id" if kind == "finding" else 'doc, start, "end", id'
    for r in conn.execute(f"SELECT * FROM {table}{cond} ORDER BY {order}", params):
        got = texts.get(r["doc"])
        if got is None:
            continue
        text, doc_hash, _ = got
        if kind == "finding":
            pairs = [(int(s[0]), int(s[1])) for s in _json(r["spans"]) if isinstance(s, list) and len(s) == 2]
            values: dict[str, Any] = {"kind": r["kind"], "why": r["why"]}
            label = r["kind"]
        else:
            pairs = [(int(r["start"]), int(r["end"]))]
            label = None
            if kind == "claim":
                values = {"low": num(r["low"]), "high": num(r["high"]), "hedge": r["hedge"], "unit": r["unit"],
                          "counted": r["counted"], "source": r["source"], "as_of": r["as_of"]}
            else:
                values = {"date": r["date"], "what": r["what"], "source": r["source"]}
        spans = tuple(Span(s, e, text[s:e]) for s, e in pairs if 0 <= s < e <= len(text))
        if not spans:
            continue
        ctx, ctx_start = texts.context(r["doc"], spans[0].start, spans[0].end)
        yield Row(kind, int(r["id"]), r["doc"], doc_hash, spans, ctx, ctx_start, values, label)


def _figures(conn: sqlite3.Connection, cond: str, params: Sequence[Any]) -> Iterator[Row]:
    for f in conn.execute(f"SELECT * FROM figures{cond} ORDER BY id", params).fetchall():
        members = tuple(
            Passage("claim", m["doc"], m["hash"], int(m["start"]), int(m["end"]), m["span"])
            for m in conn.execute(
                'SELECT c.doc, c.start, c."end", d.hash, substr(d.text, c.start + 1, c."end" - c.start) AS span '
                "FROM claims c JOIN documents d ON d.id = c.doc WHERE c.figure = ? ORDER BY c.doc, c.start",
                (f["id"],)))
        shown = "; ".join(f"{m.text} ({m.doc})" for m in members[:6])
        yield Row("figure", int(f["id"]), None, None, (), shown, 0,
                  {"label": f["label"], "unit": f["unit"]}, f["label"], members)


# ---------------------------------------------------------------------------------- matching
def _overlap(a: Span | Passage, b: Span | Passage) -> int:
    return max(0, min(a.end, b.end) - max(a.start, b.start))


def fit(state: ReviewState, row: Row) -> int:
    """How well a review's anchor sits on a row: 0 = not at all, higher = better."""
    a = state.anchor
    if state.kind == "figure":
        return sum(1 for m in a.members for n in row.members
                   if m.doc == n.doc and m.hash == n.hash and _overlap(m, n) > 0)
    if a.doc != row.doc or a.hash != row.hash or not a.spans or not row.spans:
        return 0
    first = a.spans[0]
    if state.kind == "finding":
        if a.label != row.label or not any(_overlap(first, s) for s in row.spans):
            return 0
        return 1 + sum(1 for s in a.spans if any(_overlap(s, t) for t in row.spans))
    if (first.start, first.end) == (row.spans[0].start, row.spans[0].end):
        return 10**9
    return _overlap(first, row.spans[0])


def match(states: Iterable[ReviewState], rows: Iterable[Row]) -> dict[int, Row]:
    """review item -> the row it sits on (best fit; a row goes to one review only).

    Items a person added never sit on a row: they stand for what the person says is in the
    text, and an extracted row at the same place (right or wrong) gets its own review.
    This module places figure reviews with :func:`.figure_match.figure_matches` instead,
    which reads only the figures holding their claims.
    """
    by_doc: dict[str | None, list[Row]] = defaultdict(list)
    for r in rows:
        by_doc[r.doc].append(r)
    scored: list[tuple[int, ReviewState, int]] = []
    by_id: dict[int, Row] = {}
    for s in states:
        if s.added:
            continue
        pool = [r for rs in by_doc.values() for r in rs] if s.kind == "figure" else by_doc.get(s.anchor.doc, [])
        for r in pool:
            score = fit(s, r)
            if score:
                scored.append((score, s, r.id))
                by_id[r.id] = r
    return {item: by_id[rid] for item, rid in assign(scored).items()}


# ---------------------------------------------------------------------------------- listing
def _wanted(item: Item, status: str | None) -> bool:
    if status is None:
        return True
    shown = item.shown_status
    if status == "reviewed":
        r = item.review
        return r is not None and (r.status != "unreviewed" or r.added or bool(r.verdict or r.note))
    if status in ("orphaned", "added", "unmatched"):
        return shown == status
    return item.status == status and shown != "orphaned"


def iter_items(conn: sqlite3.Connection, kind: str, *, doc: str | None = None) -> Iterator[Item]:
    """Every row of ``kind`` with its review, document by document, then the reviews that
    sit on no row.  Rows stream: a caller that stops early never reads the rest (figure
    reviews find their figures from their own claims first, :mod:`.figure_match`)."""
    states = store.current(conn, kind=kind, doc=doc if kind != "figure" else None)
    if kind == "figure":
        on = figure_matches(conn, states)
        by_figure = {on[s.item]: s for s in states if s.item in on}
        for f in load_rows(conn, kind):
            yield Item(kind, f, by_figure.get(f.id))
        why = left_off(conn, states, on)
        for s in states:
            if s.item not in on:
                yield Item(kind, None, replace(s, reason=why.get(s.item, s.reason)))
        return
    groups = itertools.groupby(load_rows(conn, kind, doc=doc), key=lambda r: r.doc)
    by_doc: dict[str | None, list[ReviewState]] = defaultdict(list)
    for s in states:
        by_doc[s.anchor.doc].append(s)
    placed: set[int] = set()
    for key, group in groups:
        rows = list(group)
        matched = match(by_doc.get(key, []), rows)
        placed.update(matched)
        by_row = {r.id: s for s in by_doc.get(key, []) if (r := matched.get(s.item)) is not None}
        for r in rows:
            yield Item(kind, r, by_row.get(r.id))
    for s in states:
        if s.item not in placed:
            yield Item(kind, None, s)


def reviewed_docs(conn: sqlite3.Connection, kind: str) -> list[str]:
    """The documents that hold reviews of ``kind`` (claims, events, findings), in order."""
    if not store.has_review_tables(conn):
        return []
    return [r[0] for r in conn.execute("SELECT DISTINCT doc FROM review_items WHERE kind = ? AND doc IS NOT NULL "
                                       "ORDER BY doc", (kind,))]


def iter_reviewed(conn: sqlite3.Connection, kind: str, *, docs: Iterable[str] | None = None) -> Iterator[Item]:
    """The items of ``kind`` that have a review, in :func:`iter_items`' order, read from the
    reviews: the rows of reviewed documents only (``docs``: of these documents only), the
    figures a review sits on only.  What a status filter or the report's overlay needs, at
    the cost of the reviews, not of the ledger (1.7M claims, 8,840 figures)."""
    if kind == "figure":
        states = store.current(conn, kind="figure")
        on = figure_matches(conn, states)
        by_figure = {on[s.item]: s for s in states if s.item in on}
        for f in load_rows(conn, kind, ids=sorted(by_figure)) if by_figure else ():
            yield Item(kind, f, by_figure[f.id])
        why = left_off(conn, states, on)
        yield from (Item(kind, None, replace(s, reason=why.get(s.item, s.reason))) for s in states if s.item not in on)
        return
    reviewed = reviewed_docs(conn, kind)
    if docs is not None:
        wanted = set(docs)
        reviewed = [d for d in reviewed if d in wanted]
    loose: list[ReviewState] = []
    for doc in reviewed:
        for item in iter_items(conn, kind, doc=doc):
            if item.review is not None and item.row is None:
                loose.append(item.review)
            elif item.review is not None:
                yield item
    if docs is None:  # reviews of no document sit on no row
        ids = [r[0] for r in conn.execute("SELECT id FROM review_items WHERE kind = ? AND doc IS NULL", (kind,))]
        loose += [s for s in (store.get(conn, i) for i in ids) if s is not None]
    yield from (Item(kind, None, s) for s in sorted(loose, key=lambda s: s.item))


def lost_items(conn: sqlite3.Connection) -> list[Item]:
    """Reviews that no longer sit on their item (orphaned, or no longer extracted), claims
    first, as ``list_items`` orders them; read from the reviews alone."""
    return [it for k in KINDS for it in iter_reviewed(conn, k) if it.shown_status in ("orphaned", "unmatched")]


def items_of_kind(conn: sqlite3.Connection, kind: str, *, doc: str | None = None) -> list[Item]:
    """Every row of ``kind`` with its review, then the reviews that sit on no row."""
    return list(iter_items(conn, kind, doc=doc))


def list_items(conn: sqlite3.Connection, *, kind: str | None = None, status: str | None = None,
               doc: str | None = None, limit: int | None = None, offset: int = 0) -> list[Item]:
    """Reviewable items, claims first, in document order, filtered and paged ('all' = no status filter)."""
    if kind is not None and kind not in KINDS:
        raise UsageError(f"Unknown kind {kind!r}.", hint=f"Use one of: {', '.join(KINDS)}.")
    if status == "all":
        status = None
    if status is not None and status not in STATUS_FILTERS:
        raise UsageError(f"Unknown status {status!r}.", hint=f"Use one of: {', '.join(STATUS_FILTERS)}.")
    store.require_review_tables(conn)

    def walk(k: str) -> Iterator[Item]:  # a status other than unreviewed needs a review: read only those
        if status is None or status == "unreviewed":
            return iter_items(conn, k, doc=doc)
        return iter_reviewed(conn, k, docs=None if doc is None else [doc])

    wanted = (it for k in ((kind,) if kind else KINDS) if not (doc is not None and k == "figure")
              for it in walk(k) if _wanted(it, status))
    stop = offset + limit if limit is not None else None
    return list(itertools.islice(wanted, offset, stop))


_REF = re.compile(r"^(?:(claim|event|finding|figure)[:#](\d+)|[Rr]?(\d+))$")


def parse_ref(ref: str) -> tuple[str | None, int]:
    """'claim:12' -> ('claim', 12); 'R7' or '7' -> (None, 7) for review item 7."""
    m = _REF.match(ref.strip())
    if not m:
        raise UsageError(f"{ref!r} is not an item reference.",
                         hint="Use claim:ID, event:ID, finding:ID, figure:ID or a review number like R7.")
    if m.group(1):
        return m.group(1), int(m.group(2))
    return None, int(m.group(3))


def get_item(conn: sqlite3.Connection, ref: str) -> Item:
    """Resolve a reference to the item as it stands now."""
    store.require_review_tables(conn)
    kind, n = parse_ref(ref)
    if kind is None:
        state = store.get(conn, n)
        if state is None:
            raise UsageError(f"No review R{n} in this ledger.",
                             hint="List reviews with `claimledger review --db FILE`.")
        if state.kind == "figure":  # it may share its figure with other reviews: place them all
            peers = store.current(conn, kind="figure")
            placed = figure_matches(conn, peers)
            on = placed.get(state.item)
            if on is None:
                return Item("figure", None, replace(state, reason=left_off(conn, peers, placed).get(state.item,
                                                                                                   state.reason)))
            rows = list(load_rows(conn, "figure", ids=[on]))
        else:
            rows = list(load_rows(conn, state.kind, doc=state.anchor.doc)) if state.anchor.doc else []
        return Item(state.kind, match([state], rows).get(state.item), state)
    found = list(load_rows(conn, kind, ids=[n]))
    if not found:
        raise UsageError(f"No {kind} {n} in this ledger.",
                         hint="Row numbers change when documents are re-analysed: reload the list, "
                              "or use the review number (R7) of an item already reviewed.")
    row = found[0]
    states = store.current(conn, kind=kind, doc=row.doc if kind != "figure" else None)
    if kind == "figure":
        figure_of = figure_matches(conn, states)
        return Item(kind, row, next((s for s in states if figure_of.get(s.item) == row.id), None))
    matched = match(states, list(load_rows(conn, kind, doc=row.doc)))
    review = next((s for s in states if (r := matched.get(s.item)) is not None and r.id == row.id), None)
    return Item(kind, row, review)


__all__ = ["STATUS_FILTERS", "DocTexts", "Item", "Row", "fit", "get_item", "items_of_kind", "iter_items", "iter_reviewed",
           "list_items", "load_rows", "lost_items", "match", "num", "parse_ref", "reviewed_docs", "shown_status"]
