"""What people decided about the ledger, as the report shows it.

:func:`claimledger.review.review_overlay` maps row ids to reviews; this module turns that
into what a reader of the report needs:

* a :class:`ReviewMark` per reviewed row — status badge, who and when, the note, a verdict
  and its rationale, and the extracted values a correction replaced;
* the rows themselves with the reviewed values in place (:meth:`ReviewIndex.claim` and
  friends), because the corrected value is what a publication prints: tables, charts,
  highlights and filters all read the same corrected row, so none of them can disagree;
* the publication filter (``reviewed_only``) through :func:`filter_reviewed`, the one rule
  the review package defines, so the report and ``eval --from-reviews`` agree on what
  "reviewed" means;
* counts per kind and the reviews that sit on no row, for the overview.

A ledger with no reviews gives an index that changes nothing.  Figure reviews are read the
first time something asks for them (a figure card, the overview): a page of claims or a
document has no use for them, and matching a verdict to its figure reads the claims of every
document the figure cites.
"""

from __future__ import annotations

import sqlite3
from collections.abc import Callable, Iterable, Mapping, Sequence
from dataclasses import dataclass, replace
from typing import Any, TypeVar

from claimledger.report import format as fmt
from claimledger.report.records import ClaimRow, EventRow, FigureRow, FindingRow
from claimledger.review import filter_reviewed, review_overlay
from claimledger.review.model import KINDS

R = TypeVar("R", ClaimRow, EventRow, FindingRow, FigureRow)
SECTIONS = {"claim": "claims", "event": "events", "finding": "findings", "figure": "figures"}
REVIEW_FILTERS: tuple[str, ...] = ("reviewed", "confirmed", "corrected", "rejected", "unreviewed")
BADGES = {"confirmed": "✓ confirmed", "corrected": "✎ corrected", "rejected": "✗ rejected", "added": "+ added",
          "orphaned": "orphaned", "unmatched": "no longer extracted", "unreviewed": "note"}
VERDICT_WORDS = {"consistent": "Consistent", "disputed": "Disputed", "unverified": "Unverified"}
CLAIM_VALUE_FIELDS = ("low", "high", "hedge", "unit")
PASSAGE_KINDS = tuple(k for k in KINDS if k != "figure")


@dataclass(frozen=True)
class Evidence:
    """A passage a reviewer cited for a verdict, linkable when its document is still there."""

    kind: str
    text: str
    doc_n: int | None
    sentence: int | None


@dataclass(frozen=True)
class ReviewMark:
    """One row's review as the report shows it."""

    status: str  # unreviewed (a note only) / confirmed / corrected / rejected
    shown: str  # the status, or added / orphaned / unmatched
    label: str  # R7: the review's own number, stable across re-analysis
    reviewer: str
    at: str
    note: str | None = None
    verdict: str | None = None
    rationale: str | None = None
    # (what, extracted value, reviewed value) for each value a reviewer changed; the reviewed
    # value is "" for the value itself, which the report prints in its place anyway
    was: tuple[tuple[str, str, str], ...] = ()
    evidence: tuple[Evidence, ...] = ()

    @property
    def badge(self) -> str:
        return BADGES.get(self.shown, self.shown)

    @property
    def rejected(self) -> bool:
        return self.status == "rejected"

    @property
    def verdict_word(self) -> str:
        return VERDICT_WORDS.get(self.verdict or "", self.verdict or "")

    @property
    def tip(self) -> str:
        """Hover text: who decided, when, and the note."""
        word = "Noted" if self.status == "unreviewed" else self.shown.capitalize()
        text = f"{word} by {self.reviewer}" + (f" on {fmt.iso_prefix(self.at)}" if self.at else "")
        if self.verdict:
            text += f"; verdict: {self.verdict}"
        if self.note:
            text += f" — {fmt.truncate(self.note, 300)}"
        return text + f" ({self.label})"


@dataclass(frozen=True)
class Unattached:
    """A review that sits on no extracted row: an item a person added, or one the extractor
    no longer produces (unmatched) or whose passage is gone (orphaned)."""

    mark: ReviewMark
    kind: str
    summary: str  # the reviewed values in words
    text: str  # the passage as reviewed
    doc_label: str
    doc_n: int | None
    sentence: int | None

    reason: str | None = None  # why the review sits on no row, when more can be said than its state

    @property
    def explanation(self) -> str:
        if self.kind == "figure" and self.mark.shown == "unmatched" and self.reason:
            return f"reviewed, but {self.reason}"  # e.g. its figure was merged into another
        return {
            "added": "added by a reviewer; the extractor did not find it",
            "unmatched": "reviewed, but the current extraction no longer produces it",
            "orphaned": "reviewed, but its passage is no longer in the document",
        }.get(self.mark.shown, "reviewed")


@dataclass(frozen=True)
class KindCount:
    kind: str
    total: int
    reviewed: int
    confirmed: int
    corrected: int
    rejected: int
    verdicts: int


def _changed(a: Any, b: Any) -> bool:
    if isinstance(a, int | float) and isinstance(b, int | float) and not isinstance(a, bool):
        return float(a) != float(b)
    return a != b


class ReviewIndex:
    """The overlay of one ledger, keyed for the report's rows."""

    def __init__(self, overlay: Mapping[str, Any], conn: sqlite3.Connection | None = None,
                 names: Mapping[int, str] | None = None, *,
                 figures: Callable[[], Mapping[str, Any]] | None = None) -> None:
        """``figures``: reads the figure reviews' overlay when first needed (None: ``overlay``
        holds them already)."""
        self._overlay = overlay
        self._figures = figures
        self._conn = conn
        self._names = dict(names or {})
        self._docs: dict[str, tuple[int, str] | None] = {}
        self._marks: dict[tuple[str, int], ReviewMark] = {}

    @classmethod
    def of_ledger(cls, conn: sqlite3.Connection, names: Mapping[int, str] | None = None, *,
                  docs: Iterable[str] | None = None) -> ReviewIndex:
        """The overlay of ``conn``; a ledger nobody reviewed is not walked row by row.
        ``docs``: only the rows of these documents (and every figure), for one web page."""
        if not _has_reviews(conn):
            return cls(cls.empty().overlay, conn, names)
        return cls(review_overlay(conn, docs=docs, kinds=PASSAGE_KINDS), conn, names,
                   figures=lambda: review_overlay(conn, kinds=("figure",)))

    @classmethod
    def empty(cls) -> ReviewIndex:
        return cls({section: {} for section in SECTIONS.values()} | {"unattached": [], "counts": {}})

    @property
    def overlay(self) -> Mapping[str, Any]:
        """The whole overlay (:func:`claimledger.review.review_overlay`), figure reviews included."""
        if self._figures is not None:
            figures, self._figures = self._figures(), None
            merged = dict(self._overlay)
            merged["figures"] = figures.get("figures", {})
            merged["unattached"] = [*self._overlay.get("unattached", []), *figures.get("unattached", [])]
            counts = dict(self._overlay.get("counts", {}))
            for shown, n in figures.get("counts", {}).items():
                counts[shown] = counts.get(shown, 0) + n
            merged["counts"] = counts
            self._overlay = merged
        return self._overlay

    def _section(self, kind: str) -> Mapping[int, Mapping[str, Any]]:
        """One kind's entries; the figure reviews are read only when a figure asks."""
        name = SECTIONS.get(kind, kind)
        source = self.overlay if name == "figures" else self._overlay
        section: Mapping[int, Mapping[str, Any]] = source.get(name, {})
        return section

    @property
    def any(self) -> bool:
        return bool(self.overlay.get("unattached")) or any(self.overlay.get(s) for s in SECTIONS.values())

    def entry(self, kind: str, row_id: int) -> Mapping[str, Any] | None:
        return self._section(kind).get(row_id)

    # ---------------------------------------------------------------- marks
    def mark(self, kind: str, row_id: int) -> ReviewMark | None:
        """The badge of one row (None: unreviewed, nothing to show).  Call after the row's
        corrected version was made (``claim()`` etc.), which records what it replaced."""
        got = self._marks.get((kind, row_id))
        if got is not None:
            return got
        entry = self.entry(kind, row_id)
        if entry is None or (entry["status"] == "unreviewed" and not entry["note"] and not entry["verdict"]):
            return None
        made = self._make_mark(entry, ())
        self._marks[(kind, row_id)] = made
        return made

    def _make_mark(self, entry: Mapping[str, Any], was: tuple[tuple[str, str, str], ...]) -> ReviewMark:
        return ReviewMark(status=entry["status"], shown=entry["shown"], label=entry["review"],
                          reviewer=entry["reviewer"], at=entry["at"] or "", note=entry["note"],
                          verdict=entry["verdict"], rationale=entry["rationale"], was=was,
                          evidence=tuple(self._evidence(e) for e in entry.get("evidence") or ()))

    def rejected(self, kind: str, row_id: int) -> bool:
        entry = self.entry(kind, row_id)
        return entry is not None and entry["status"] == "rejected"

    def _approved(self, kind: str, row_id: int, current: Mapping[str, Any]) -> dict[str, Any]:
        """The values that differ from the extraction and that a person stands behind."""
        entry = self.entry(kind, row_id)
        if entry is None or entry["status"] not in ("confirmed", "corrected") or entry["shown"] == "orphaned":
            return {}
        approved: Mapping[str, Any] = entry["approved"]
        return {k: v for k, v in approved.items() if k in current and _changed(v, current[k])}

    def _record(self, kind: str, row_id: int, was: list[tuple[str, str, str]]) -> None:
        entry = self.entry(kind, row_id)
        if entry is not None:
            self._marks[(kind, row_id)] = self._make_mark(entry, tuple(was))

    # ---------------------------------------------------------------- corrected rows
    def claim(self, c: ClaimRow) -> ClaimRow:
        current = {"low": c.low, "high": c.high, "hedge": c.hedge, "unit": c.unit, "counted": c.counted,
                   "source": c.source, "as_of": c.as_of}
        fix = self._approved("claim", c.id, current)
        if not fix:
            return c
        changes: dict[str, Any] = dict(fix)
        if "source" in fix:  # the role, organisation and relay described the extracted source
            changes.update(source_role=None, source_org=None, relayed_by=None)
        if "as_of" in fix:
            changes["as_of_basis"] = "review" if fix["as_of"] else None
        new = replace(c, **changes)
        was: list[tuple[str, str, str]] = []
        if any(k in fix for k in CLAIM_VALUE_FIELDS):
            was.append(("value", c.value, ""))
        if "counted" in fix:
            was.append(("what", c.counted or "nothing", new.counted or "nothing"))
        if "source" in fix:
            was.append(("source", c.source_text, new.source_text))
        if "as_of" in fix:
            was.append(("as of", fmt.iso_prefix(c.as_of), fmt.iso_prefix(new.as_of)))
        self._record("claim", c.id, was)
        return new

    def event(self, e: EventRow) -> EventRow:
        fix = self._approved("event", e.id, {"date": e.date, "what": e.what, "source": e.source})
        if not fix:
            return e
        new = replace(e, **fix)

        def words(row: EventRow, name: str) -> str:
            return fmt.iso_prefix(row.date) if name == "date" else str(getattr(row, name) or "none")

        self._record("event", e.id, [(n, words(e, n), words(new, n)) for n in ("date", "what", "source") if n in fix])
        return new

    def finding(self, f: FindingRow) -> FindingRow:
        fix = self._approved("finding", f.id, {"kind": f.kind, "why": f.why})
        if not fix:
            return f
        new = replace(f, **fix)
        self._record("finding", f.id, [(n, str(getattr(f, n)).replace("_", " "), str(getattr(new, n)).replace("_", " "))
                                       for n in ("kind", "why") if n in fix])
        return new

    def figure(self, f: FigureRow) -> FigureRow:
        fix = self._approved("figure", f.id, {"label": f.label, "unit": f.unit})
        if not fix:
            return f
        new = replace(f, **fix)
        self._record("figure", f.id, [(n, str(getattr(f, n) or "none"), str(getattr(new, n) or "none"))
                                      for n in ("label", "unit") if n in fix])
        return new

    def rows(self, rows: Iterable[R], kind: str, *, reviewed_only: bool = False) -> list[R]:
        """Rows with reviewed values in place; with ``reviewed_only``, only the publishable ones."""
        fix = {"claim": self.claim, "event": self.event, "finding": self.finding, "figure": self.figure}[kind]
        kept = self.keep(rows, kind) if reviewed_only else list(rows)
        return [fix(r) for r in kept]  # type: ignore[operator]

    def keep(self, rows: Iterable[R], kind: str) -> list[R]:
        return filter_reviewed(rows, {SECTIONS[kind]: self._section(kind)}, kind)

    def status(self, kind: str, row_id: int) -> str:
        """What a status filter sees: unreviewed, confirmed, corrected or rejected (an
        orphaned review sits on no row, so its old row, if any, reads unreviewed)."""
        entry = self.entry(kind, row_id)
        return "unreviewed" if entry is None or entry["shown"] == "orphaned" else str(entry["status"])

    def matches(self, kind: str, row_id: int, wanted: str | None) -> bool:
        """The web pages' review filter: '' or None (all), reviewed (any decision, a verdict
        or a note), or one status."""
        if not wanted:
            return True
        if wanted == "reviewed":
            entry = self.entry(kind, row_id)
            return entry is not None and entry["shown"] != "orphaned" and (
                entry["status"] != "unreviewed" or bool(entry["verdict"] or entry["note"]))
        return self.status(kind, row_id) == wanted

    # ---------------------------------------------------------------- overview
    def counts(self, totals: Mapping[str, int]) -> list[KindCount]:
        """Reviewed / total per kind, with the decisions behind "reviewed"."""
        out = []
        for kind, section in SECTIONS.items():
            entries = [e for e in self.overlay.get(section, {}).values() if e["shown"] != "orphaned"]
            by = {s: sum(1 for e in entries if e["status"] == s) for s in ("confirmed", "corrected", "rejected")}
            verdicts = sum(1 for e in entries if e["verdict"])
            reviewed = sum(1 for e in entries if e["status"] != "unreviewed" or e["verdict"])
            out.append(KindCount(kind, int(totals.get(kind, 0)), reviewed, by["confirmed"], by["corrected"],
                                 by["rejected"], verdicts))
        return out

    def unattached(self) -> list[Unattached]:
        out = []
        for entry in self.overlay.get("unattached", []):
            doc = self._doc(entry["doc"]) if entry["doc"] else None
            sentence = None
            if doc is not None and entry["shown"] != "orphaned":
                sentence = self._sentence_of_text(entry["doc"], entry["text"])
            out.append(Unattached(self._make_mark(entry, ()), entry["kind"], summary(entry["kind"], entry["approved"]),
                                  entry["text"] or "", doc[1] if doc else (entry["doc"] or ""),
                                  doc[0] if doc else None, sentence, entry.get("reason")))
        return out

    # ---------------------------------------------------------------- places
    def _doc(self, doc_id: str) -> tuple[int, str] | None:
        if doc_id not in self._docs:
            row = None
            if self._conn is not None:
                row = self._conn.execute("SELECT rowid FROM documents WHERE id = ?", (doc_id,)).fetchone()
            self._docs[doc_id] = (int(row[0]), self._names.get(int(row[0]), doc_id)) if row else None
        return self._docs[doc_id]

    def _sentence_at(self, doc_id: str, start: int) -> int | None:
        if self._conn is None:
            return None
        row = self._conn.execute('SELECT idx FROM sentences WHERE doc = ? AND start <= ? AND "end" > ? '
                                 "ORDER BY idx DESC LIMIT 1", (doc_id, start, start)).fetchone()
        return int(row[0]) if row else None

    def _sentence_of_text(self, doc_id: str, text: str | None) -> int | None:
        if self._conn is None or not text:
            return None
        row = self._conn.execute("SELECT instr(text, ?) FROM documents WHERE id = ?", (text, doc_id)).fetchone()
        return self._sentence_at(doc_id, int(row[0]) - 1) if row and row[0] else None

    def _evidence(self, e: Mapping[str, Any]) -> Evidence:
        doc = self._doc(str(e.get("doc", "")))
        sentence = None
        if doc is not None and self._conn is not None:
            same = self._conn.execute("SELECT hash = ? FROM documents WHERE id = ?",
                                      (e.get("hash", ""), e.get("doc"))).fetchone()
            sentence = (self._sentence_at(str(e["doc"]), int(e["start"])) if same and same[0]
                        else self._sentence_of_text(str(e["doc"]), str(e.get("text") or "")))
        return Evidence(str(e.get("kind", "claim")), str(e.get("text") or ""), doc[0] if doc else None, sentence)


def _has_reviews(conn: sqlite3.Connection) -> bool:
    try:
        return conn.execute("SELECT 1 FROM review_items LIMIT 1").fetchone() is not None
    except sqlite3.OperationalError:  # a read-only ledger made before reviews existed
        return False


def summary(kind: str, values: Mapping[str, Any]) -> str:
    """A reviewed item's values in words, as a reader of the report expects them."""
    def num(name: str) -> float | None:
        v = values.get(name)
        return float(v) if isinstance(v, int | float) and not isinstance(v, bool) else None

    if kind == "claim":
        parts = [fmt.value(num("low"), num("high"), str(values.get("hedge") or "exact"), values.get("unit")),
                 str(values.get("counted") or "")]
        if values.get("source"):
            parts.append(f"according to {values['source']}")
        if values.get("as_of"):
            parts.append(f"as of {fmt.iso_prefix(str(values['as_of']))}")
        return " ".join(p for p in parts if p)
    if kind == "event":
        return f"{fmt.iso_prefix(values.get('date'))}: {values.get('what') or ''}".rstrip(": ")
    if kind == "finding":
        return f"{str(values.get('kind') or '').replace('_', ' ')}: {values.get('why') or ''}".strip(": ")
    return str(values.get("label") or "")


def sources_of(claims: Sequence[ClaimRow], limit: int = 500) -> list[str]:
    """Source names by how often they are cited (the Source filter), from the rows shown."""
    counts: dict[str, int] = {}
    for c in claims:
        if c.source:
            counts[c.source] = counts.get(c.source, 0) + 1
    return sorted(counts, key=lambda s: (-counts[s], s))[:limit]


__all__ = ["REVIEW_FILTERS", "Evidence", "KindCount", "ReviewIndex", "ReviewMark", "Unattached", "sources_of", "summary"]
