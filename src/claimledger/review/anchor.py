"""Re-anchoring: after a re-analysis, move every review to where its passage now is.

A document is re-analysed when its text changes (a new version of the article) or when the
analyser changes; either way its claims, events and findings are deleted and extracted
again, and figures are recomputed.  :func:`reanchor` then walks every reviewed item:

1. Same text hash: the span still holds the same characters; only which row sits on it
   may have changed.
2. Changed text: the span text is looked for near where the old position maps to in the
   new text (a word-level diff of the old version, kept in ``document_versions``, or the
   stored sentence found again), then, failing an exact occurrence, as a near match
   (whitespace, quotes, a corrected typo) that keeps every number of a claim unchanged.
3. The review is ``matched`` when an extracted row sits on the passage, ``unmatched`` when
   the passage is there but the extractor no longer produces the item, and ``orphaned``
   when the passage (or the document) is gone.  Orphans keep their last good anchor, so
   they re-attach if the text comes back; nothing is ever dropped.

Every change is written as a new history row (action ``reanchor``) and listed in the
:class:`ReanchorReport`.
"""

from __future__ import annotations

import bisect
import difflib
import re
import sqlite3
from collections.abc import Sequence
from dataclasses import dataclass, replace
from typing import TYPE_CHECKING

from rapidfuzz import fuzz

from claimledger.review import figure_overrides, store
from claimledger.review.figure_match import figure_matches, left_off
from claimledger.review.items import DocTexts, Row, load_rows, match
from claimledger.review.model import SYSTEM_REVIEWER, Anchor, Passage, ReviewState, Span, now_iso

if TYPE_CHECKING:
    from claimledger.ledger.store import Ledger

NEAR = 400  # characters: how far from its mapped position a passage may have moved
CONTEXT_FIT = 85  # rapidfuzz partial_ratio of the stored sentence around a far occurrence
FUZZY_MIN = 90  # rapidfuzz partial_ratio for a near match of the span text itself
_WORD = re.compile(r"\S+")
_NUMBER = re.compile(r"\d+(?:[.,]\d+)*|\b(?:one|two|three|four|five|six|seven|eight|nine|ten|eleven|twelve|"
                     r"twenty|thirty|forty|fifty|sixty|seventy|eighty|ninety|hundred|thousand|million|billion|"
                     r"dozen|half|quarter)s?\b", re.IGNORECASE)


# Length-preserving folding of typographic variants, so offsets in the folded text are
# offsets in the original: curly quotes, dashes, non-breaking and other odd spaces.
_FOLD = str.maketrans({"“": '"', "”": '"', "„": '"', "«": '"', "»": '"', "‘": "'", "’": "'", "‚": "'",
                       "–": "-", "—": "-", "‒": "-", "−": "-", "\u00a0": " ", "\u2009": " ", "\u202f": " ",
                       "\n": " ", "\t": " ", "\r": " "})


def fold(text: str) -> str:
    """Typographic variants folded, lower-cased where that keeps the length."""
    plain = text.translate(_FOLD)
    lower = plain.lower()
    return lower if len(lower) == len(plain) else plain


@dataclass(frozen=True)
class Located:
    span: Span
    how: str  # same | moved | fuzzy


# ---------------------------------------------------------------------------------- locating
class _Mapper:
    """Maps character offsets of an old text to the new one through a word-level diff."""

    def __init__(self, old: str, new: str) -> None:
        self.old = [(m.start(), m.group()) for m in _WORD.finditer(old)]
        self.new = [(m.start(), m.group()) for m in _WORD.finditer(new)]
        sm = difflib.SequenceMatcher(None, [w for _, w in self.old], [w for _, w in self.new], autojunk=False)
        self.blocks = [b for b in sm.get_matching_blocks() if b.size]
        self.starts = [b.a for b in self.blocks]
        self.offsets = [s for s, _ in self.old]

    def __call__(self, pos: int) -> int | None:
        if not self.old or not self.blocks:
            return None
        ti = max(0, bisect.bisect_right(self.offsets, pos) - 1)
        k = bisect.bisect_right(self.starts, ti) - 1
        if k < 0:
            return None
        b = self.blocks[k]
        if ti < b.a + b.size:  # inside an unchanged run of words: exact mapping
            tj = b.b + (ti - b.a)
            return self.new[tj][0] + (pos - self.old[ti][0])
        last = b.b + b.size - 1  # inside a changed run: just after the last unchanged word
        return self.new[last][0] + len(self.new[last][1])


def _numbers(text: str) -> list[str]:
    return [n.lower().replace(",", "") for n in _NUMBER.findall(text)]


def _occurrences(text: str, needle: str, limit: int = 500) -> list[int]:
    out: list[int] = []
    i = text.find(needle)
    while i >= 0 and len(out) < limit:
        out.append(i)
        i = text.find(needle, i + 1)
    return out


def _expected(span: Span, new_text: str, old_text: str | None, context: str, mapper: _Mapper | None) -> int:
    """Where the span should be in the new text, by the best evidence available."""
    if old_text is not None:
        pos = (mapper or _Mapper(old_text, new_text))(span.start)
        if pos is not None:
            return pos
    if context:
        offset = max(0, context.find(span.text))
        i = new_text.find(context)
        if i >= 0:
            return i + offset
        al = fuzz.partial_ratio_alignment(context, new_text, score_cutoff=80)
        if al is not None:
            return al.dest_start + offset
    if old_text:
        return int(span.start * len(new_text) / max(1, len(old_text)))
    return span.start


def _context_fits(new_text: str, pos: int, context: str) -> bool:
    if not context:
        return False
    window = new_text[max(0, pos - len(context)):pos + len(context)]
    return fuzz.partial_ratio(context, window) >= CONTEXT_FIT


def relocate(span: Span, new_text: str, *, old_text: str | None = None, context: str = "",
             keep_numbers: bool = False, mapper: _Mapper | None = None) -> Located | None:
    """Find ``span`` in ``new_text``; None when it is no longer there.

    ``keep_numbers``: a near match must contain the same numbers (a claim whose figure
    changed is a different claim, whatever else stayed the same).
    """
    if old_text is not None and old_text == new_text:
        return Located(span, "same")
    expected = _expected(span, new_text, old_text, context, mapper)
    hits = _occurrences(new_text, span.text) if span.text else []
    if hits:
        best = min(hits, key=lambda i: abs(i - expected))
        if abs(best - expected) <= NEAR or _context_fits(new_text, best, context):
            found = Span(best, best + len(span.text), span.text)
            return Located(found, "same" if best == span.start else "moved")
    w0 = max(0, expected - NEAR)
    window = new_text[w0:expected + len(span.text) + NEAR]
    if len(span.text) < 4 or not window:
        return None
    folded = [w0 + i for i in _occurrences(fold(window), fold(span.text))]
    if folded:  # the same words in other quotes, dashes or spaces
        best = min(folded, key=lambda i: abs(i - expected))
        return Located(Span(best, best + len(span.text), new_text[best:best + len(span.text)]), "fuzzy")
    al = fuzz.partial_ratio_alignment(span.text, window, score_cutoff=FUZZY_MIN)
    if al is None:
        return None
    s, e = w0 + al.dest_start, w0 + al.dest_end
    s, e = _snap(new_text, s, e)
    while s < e and new_text[s].isspace():
        s += 1
    while e > s and new_text[e - 1].isspace():
        e -= 1
    candidate = new_text[s:e]
    if not candidate.strip() or (keep_numbers and _numbers(candidate) != _numbers(span.text)):
        return None
    return Located(Span(s, e, candidate), "fuzzy")


def _snap(text: str, s: int, e: int) -> tuple[int, int]:
    """Widen a fuzzy match to whole words (an alignment may cut a word in two)."""
    while s > 0 and text[s - 1].isalnum() and text[s].isalnum():
        s -= 1
    while e < len(text) and e > 0 and text[e - 1].isalnum() and text[e].isalnum():
        e += 1
    return s, e


# ---------------------------------------------------------------------------------- report
@dataclass(frozen=True)
class Outcome:
    """One review whose anchor or match changed."""

    item: int
    kind: str
    before: str  # anchor state before
    after: str  # anchor state after
    how: str  # same | moved | fuzzy | lost | gone
    text: str
    reason: str | None = None


@dataclass(frozen=True)
class ReanchorReport:
    checked: int = 0
    outcomes: tuple[Outcome, ...] = ()

    def _with(self, state: str) -> list[Outcome]:
        return [o for o in self.outcomes if o.after == state]

    @property
    def orphaned(self) -> list[Outcome]:
        return self._with("orphaned")

    @property
    def unmatched(self) -> list[Outcome]:
        return self._with("unmatched")

    @property
    def moved(self) -> list[Outcome]:
        return [o for o in self.outcomes if o.how in ("moved", "fuzzy") and o.after != "orphaned"]

    def notes(self) -> list[str]:
        """One line per kind of trouble, for the run summary a user reads after ``analyze``."""
        out = []
        if self.orphaned:
            out.append(f"{len(self.orphaned)} reviewed item(s) lost their passage after re-analysis (orphaned); "
                       "list them with `claimledger review --db FILE --orphans`")
        if self.unmatched:
            out.append(f"{len(self.unmatched)} reviewed item(s) are no longer extracted; their reviews are kept "
                       "(`claimledger review --db FILE --orphans`)")
        fuzzy = [o for o in self.outcomes if o.how == "fuzzy" and o.after != "orphaned"]
        if fuzzy:
            out.append(f"{len(fuzzy)} review(s) were re-anchored to a near match of their passage; check them "
                       "with `claimledger review --db FILE --status reviewed`")
        return out

    def summary(self) -> str:
        if not self.checked:
            return "no reviews to re-anchor"
        changed = len(self.outcomes)
        return (f"{self.checked} reviews checked: {self.checked - changed} unchanged, {len(self.moved)} moved, "
                f"{len(self.unmatched)} no longer extracted, {len(self.orphaned)} orphaned")


# ---------------------------------------------------------------------------------- reanchor
class Relocator:
    """What re-anchoring reads (texts, old versions, rows), each piece at most once."""

    def __init__(self, conn: sqlite3.Connection) -> None:
        self.conn = conn
        self.texts = DocTexts(conn)
        self.rows: dict[tuple[str, str | None], list[Row]] = {}
        self.old: dict[tuple[str, str], str | None] = {}
        self.mappers: dict[tuple[str, str], _Mapper] = {}
        self.versions = {r[0]: r[1] for r in conn.execute("SELECT id, version FROM documents")}
        self._figure_reviews: list[ReviewState] | None = None

    def figure_reviews(self) -> list[ReviewState]:
        """The figure reviews as stored (they compete for figures: one figure shows one)."""
        if self._figure_reviews is None:
            self._figure_reviews = store.current(self.conn, kind="figure") if store.has_review_tables(self.conn) else []
        return self._figure_reviews

    def doc(self, doc: str | None) -> tuple[str, str] | None:
        got = self.texts.get(doc) if doc is not None else None
        return (got[0], got[1]) if got is not None else None

    def old_text(self, doc: str, text_hash: str | None) -> str | None:
        key = (doc, text_hash or "")
        if key not in self.old:
            r = self.conn.execute("SELECT text FROM document_versions WHERE id = ? AND hash = ? "
                                  "ORDER BY version DESC LIMIT 1", key).fetchone()
            self.old[key] = r[0] if r is not None else None
        return self.old[key]

    def rows_of(self, kind: str, doc: str | None) -> list[Row]:
        key = (kind, doc)
        if key not in self.rows:
            self.rows[key] = list(load_rows(self.conn, kind, doc=doc))
        return self.rows[key]

    def find(self, p: Span, doc: str, old_hash: str | None, context: str, keep_numbers: bool) -> Located | None:
        got = self.doc(doc)
        if got is None:
            return None
        text, new_hash = got
        if old_hash == new_hash:
            return Located(p, "same") if text[p.start:p.end] == p.text else None
        old = self.old_text(doc, old_hash)
        mapper = None
        if old is not None:
            key = (doc, old_hash or "")
            if key not in self.mappers:
                self.mappers[key] = _Mapper(old, text)
            mapper = self.mappers[key]
        return relocate(p, text, old_text=old, context=context, keep_numbers=keep_numbers, mapper=mapper)


def _passage(lg: Relocator, p: Passage) -> Passage | None:
    got = lg.find(Span(p.start, p.end, p.text), p.doc, p.hash, "", p.kind == "claim")
    doc = lg.doc(p.doc)
    if got is None or doc is None:
        return None
    return Passage(p.kind, p.doc, doc[1], got.span.start, got.span.end, got.span.text)


def _reanchor_figure(lg: Relocator, s: ReviewState) -> tuple[ReviewState, str]:
    members = [m for m in (_passage(lg, m) for m in s.anchor.members) if m is not None]
    if not members:
        return replace(s, anchor_state="orphaned",
                       reason="none of the figure's claims is in the current texts"), "lost"
    anchor = replace(s.anchor, members=tuple(members))
    moved = "same" if members == list(s.anchor.members) else "moved"
    trial = replace(s, anchor=anchor)
    peers = [trial, *(o for o in lg.figure_reviews() if o.item != s.item)]  # a figure shows one review
    placed = figure_matches(lg.conn, peers)
    if s.item in placed:
        return replace(trial, anchor_state="matched", reason=None), moved
    reason = left_off(lg.conn, peers, placed).get(s.item, "no figure of the current analysis holds these claims")
    return replace(trial, anchor_state="unmatched", reason=reason), moved


def _reanchor_passages(lg: Relocator, s: ReviewState) -> tuple[ReviewState, str]:
    a = s.anchor
    assert a.doc is not None
    doc = lg.doc(a.doc)
    if doc is None:
        return replace(s, anchor_state="orphaned", reason=f"the document {a.doc} is no longer in the ledger"), "gone"
    _, new_hash = doc
    found = [lg.find(sp, a.doc, a.hash, a.context if i == 0 else "", s.kind == "claim" and i == 0)
             for i, sp in enumerate(a.spans)]
    if not found or any(f is None for f in found):
        lost = next((sp for sp, f in zip(a.spans, found, strict=True) if f is None), a.spans[0] if a.spans else None)
        quote = (lost.text[:80] if lost else "")
        version = lg.versions.get(a.doc)
        return replace(s, anchor_state="orphaned",
                       reason=f"{quote!r} is no longer in the text of {a.doc} (version {version})"), "lost"
    spans = tuple(f.span for f in found if f is not None)
    hows = {f.how for f in found if f is not None}
    how = "fuzzy" if "fuzzy" in hows else ("moved" if "moved" in hows else "same")
    context = a.context
    if a.hash != new_hash:
        context, _ = lg.texts.context(a.doc, spans[0].start, spans[0].end)
    evidence = tuple(_passage(lg, e) or e for e in s.evidence)
    trial = replace(s, anchor=replace(a, hash=new_hash, spans=spans, context=context), evidence=evidence)
    state = "matched" if s.added or match([trial], lg.rows_of(s.kind, a.doc)) else "unmatched"
    reason = None
    if how == "fuzzy":
        reason = f"re-anchored to a near match {spans[0].text[:80]!r} (was {a.spans[0].text[:80]!r}): check it"
    elif state == "unmatched" and not s.added:
        reason = "the passage is still there but the current analysis no longer extracts this item"
    return replace(trial, anchor_state=state, reason=reason), how


def _reanchor(lg: Relocator, s: ReviewState, claims: figure_overrides.ClaimIndex) -> tuple[ReviewState, str]:
    if s.kind == figure_overrides.KIND:
        return figure_overrides.check(lg.conn, s, claims)
    return _reanchor_figure(lg, s) if s.kind == "figure" else _reanchor_passages(lg, s)


def reanchor(ledger: Ledger | sqlite3.Connection) -> ReanchorReport:
    """Re-anchor every review to the current texts and rows; append a history row for each
    review whose anchor or state changed; return what happened."""
    conn = ledger if isinstance(ledger, sqlite3.Connection) else ledger.conn
    if not store.has_review_tables(conn):
        return ReanchorReport()
    states = store.current(conn)
    if not states:
        return ReanchorReport()
    lg = Relocator(conn)
    updates: list[ReviewState] = []
    outcomes: list[Outcome] = []
    at = now_iso()
    claims = figure_overrides.ClaimIndex(conn, lg)
    for s in states:
        new, how = _reanchor(lg, s, claims)
        if (new.anchor, new.anchor_state, new.evidence, new.reason) == (s.anchor, s.anchor_state, s.evidence,
                                                                          s.reason):
            continue
        updates.append(replace(new, at=at, reviewer=SYSTEM_REVIEWER, action="reanchor"))
        span = new.anchor.span
        outcomes.append(Outcome(s.item, s.kind, s.anchor_state, new.anchor_state, how,
                                span.text if span else (new.anchor.label or ""), new.reason))
    if updates:
        store.append_many(conn, updates)
    return ReanchorReport(checked=len(states), outcomes=tuple(outcomes))


def reanchor_if_stale(conn: sqlite3.Connection) -> ReanchorReport | None:
    """Re-anchor only when some review points at a text its document no longer has
    (cheap to call before listing reviews; a run wired to :func:`reanchor` leaves none)."""
    if not store.has_review_tables(conn) or not store.stale_anchors(conn):
        return None
    return reanchor(conn)


def reanchor_passages(passages: Sequence[Passage], conn: sqlite3.Connection,
                      relocator: Relocator | None = None) -> list[Passage | None]:
    """Locate passages from another ledger (or an older text) in this one: corrections import."""
    lg = relocator or Relocator(conn)
    return [_passage(lg, p) for p in passages]


def relocate_anchor(conn: sqlite3.Connection, kind: str, anchor: Anchor,
                    relocator: Relocator | None = None) -> tuple[Anchor, str] | None:
    """Move an anchor made on any text of its document onto this ledger's text; None when lost."""
    s = ReviewState(item=0, kind=kind, added=False, at="", reviewer="", action="import", status="unreviewed",
                    anchor=anchor)
    lg = relocator or Relocator(conn)
    new, how = _reanchor(lg, s, figure_overrides.ClaimIndex(conn, lg))
    if new.anchor_state == "orphaned":
        return None
    return new.anchor, how


__all__ = ["Located", "Outcome", "ReanchorReport", "Relocator", "reanchor", "reanchor_if_stale", "reanchor_passages",
           "relocate", "relocate_anchor"]
