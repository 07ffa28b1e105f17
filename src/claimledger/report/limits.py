"""How much of a large ledger one report file shows, and what a report limited to reviews reads.

A 100k-document archive holds millions of claims; one self-contained HTML file can show a
few MB of it.  :class:`ReportLimits` sets the bounds, :class:`LeftOut` counts what a bounded
report does not show (for the note at its top).

A report limited to reviewed items (``--reviewed-only``) on such a ledger must not read the
whole ledger either: reviewed rows live in the documents people reviewed, so
:func:`reviewed_scope` reads those documents only (at most ``whole_documents`` of them), and
the figures that carry a verdict or a reviewed claim; every list the report then shows is cut
at the same limits as a bounded report.
"""

from __future__ import annotations

import sqlite3
from dataclasses import dataclass

from claimledger.report import queries
from claimledger.report.records import ClaimRow, DocRow, EventRow, FindingRow, TimelineRow
from claimledger.review.overlay import reviewed_docs


@dataclass(frozen=True)
class ReportLimits:
    """How much of a large ledger one self-contained file shows (a few MB at 100k documents).

    A ledger of at most ``whole_documents`` documents and ``whole_claims`` claims is shown
    whole; a larger one shows ``documents`` documents in full (about 20 KB each), the top
    ``figures`` figures with ``claims_per_figure`` claims each, and so on."""

    whole_documents: int = 300
    whole_claims: int = 20_000
    documents: int = 60
    figures: int = 30
    claims_per_figure: int = 40
    findings_per_kind: int = 100
    other_claims: int = 200
    timeline: int = 200
    events_per_entry: int = 5

    def exceeded_by(self, documents: int, claims: int) -> bool:
        return documents > self.whole_documents or claims > self.whole_claims


LIMITS = ReportLimits()


@dataclass(frozen=True)
class LeftOut:
    """What a bounded report does not show, counted, for the note at its top."""

    documents: int
    figures: int
    figure_claims: int
    other_claims: int
    timeline: int
    findings: int

    @property
    def any(self) -> bool:
        return any((self.documents, self.figures, self.figure_claims, self.other_claims, self.timeline,
                    self.findings))


@dataclass(frozen=True)
class ReviewedScope:
    """The rows a report limited to reviews reads from a large ledger (before the
    publication filter keeps the confirmed and corrected ones)."""

    documents: tuple[DocRow, ...]  # the reviewed documents read (at most limits.whole_documents)
    unread: int  # reviewed documents beyond that
    claims: tuple[ClaimRow, ...]
    events: tuple[EventRow, ...]
    findings: tuple[FindingRow, ...]


def reviewed_scope(conn: sqlite3.Connection, limits: ReportLimits) -> ReviewedScope:
    """The reviewed documents' rows: one indexed read per document, never a whole table."""
    ids = sorted({d for kind in ("claim", "event", "finding") for d in reviewed_docs(conn, kind)})
    read = ids[:limits.whole_documents]
    numbers = queries.doc_numbers(conn, read)
    docs = queries.documents_by_number(conn, sorted(numbers.values()))
    documents = tuple(docs[numbers[d]] for d in read if d in numbers)
    claims = tuple(c for d in documents for c in queries.claims(conn, doc=d.id))
    events = tuple(e for d in documents for e in queries.events(conn, doc=d.id))
    findings = tuple(f for d in documents for f in queries.findings(conn, doc=d.id))
    return ReviewedScope(documents, len(ids) - len(read), claims, events, findings)


def timeline_of(conn: sqlite3.Connection, events: tuple[EventRow, ...] | list[EventRow]) -> list[TimelineRow]:
    """Timeline entries holding ``events`` (with those events only), by date; an event that
    no stored entry holds stands as its own entry, as :func:`queries.timeline` shows it."""
    grouped: dict[int, list[EventRow]] = {}
    loose: list[TimelineRow] = []
    for e in sorted(events, key=lambda e: (e.date, e.id)):
        if e.timeline is None:
            loose.append(TimelineRow(id=-e.id, date=e.date, what=e.what, events=(e,)))
        else:
            grouped.setdefault(e.timeline, []).append(e)
    heads: list[TimelineRow] = []
    ids = sorted(grouped)
    for n in range(0, len(ids), 500):
        chunk = ids[n:n + 500]
        for r in conn.execute(f"SELECT id, date, what FROM timeline WHERE id IN ({','.join('?' * len(chunk))})",
                              chunk):
            heads.append(TimelineRow(id=r[0], date=r[1], what=r[2], events=tuple(grouped.pop(r[0]))))
    loose += [TimelineRow(id=-e.id, date=e.date, what=e.what, events=(e,)) for rest in grouped.values() for e in rest]
    return sorted(heads + loose, key=queries.timeline_key)


__all__ = ["LIMITS", "LeftOut", "ReportLimits", "ReviewedScope", "reviewed_scope", "timeline_of"]
