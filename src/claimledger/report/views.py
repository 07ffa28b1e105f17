"""View models: ledger records assembled into what one card, finding or document shows.

The report (whole ledger, one page) and the web UI (one page per view) both build these
from :mod:`queries`, so a figure card or a document looks the same in both.
"""

from __future__ import annotations

import bisect
import sqlite3
from collections.abc import Iterable, Sequence
from dataclasses import dataclass, field

from markupsafe import Markup

from claimledger.report import charts, queries
from claimledger.report import format as fmt
from claimledger.report.charts import Collapsed
from claimledger.report.records import ClaimRow, DocRow, EventRow, FigureRow, FindingRow
from claimledger.report.render import Links
from claimledger.report.text import Mark, Para, Passage, paragraphs

MAX_PASSAGES = 6  # per finding: a duplicate of 40 paragraphs is shown by its first few


@dataclass(frozen=True)
class FigureView:
    figure: FigureRow
    claims: tuple[Collapsed, ...]  # syndicated copies folded into the original's claim
    chart: Markup

    @property
    def span(self) -> str:
        first, last = self.figure.first_as_of, self.figure.last_as_of
        if not first and not last:
            return ""
        if first == last or not last:
            return fmt.iso_prefix(first)
        return f"{fmt.iso_prefix(first)} – {fmt.iso_prefix(last)}"


@dataclass(frozen=True)
class FindingView:
    finding: FindingRow
    passages: tuple[Passage, ...]
    more: int = 0  # passages not shown


@dataclass(frozen=True)
class DocView:
    doc: DocRow
    paras: tuple[Para, ...]
    claims: tuple[ClaimRow, ...]
    events: tuple[EventRow, ...]
    findings: tuple[FindingRow, ...]
    truncated: bool = False

    finding_sentence: dict[int, int | None] = field(default_factory=dict)  # finding id -> sentence here


def doc_label(doc: DocRow | None) -> str:
    """'The National Interest — Putin Isn't Bluffing…' (falls back to the id)."""
    if doc is None:
        return "unknown document"
    title = fmt.truncate(doc.title or doc.id, 90)
    return f"{doc.outlet} — {title}" if doc.outlet else title


def figure_view(conn: sqlite3.Connection, figure: FigureRow, links: Links,
                copies_of: dict[str, str], *, max_claims: int = 400) -> FigureView:
    claims = tuple(queries.claims(conn, figure=figure.id, limit=max_claims))
    claims = tuple(sorted(claims, key=lambda c: (c.when or "9999", c.doc_n, c.start)))
    chart = charts.figure_chart(claims, label=figure.label, unit=figure.unit, copies_of=copies_of,
                                href=lambda c: links.sentence(c.doc_n, c.sentence), key=f"f{figure.id}")
    return FigureView(figure, tuple(charts.collapse_copies(claims, copies_of)), chart)


def finding_view(conn: sqlite3.Connection, finding: FindingRow, titles: dict[int, str] | None = None) -> FindingView:
    shown = finding.spans[:MAX_PASSAGES]
    passages = tuple(queries.passage(conn, ref, (titles or {}).get(ref.doc_n or -1)) for ref in shown)
    return FindingView(finding, passages, max(0, len(finding.spans) - len(shown)))


def claim_marks(claims: Iterable[ClaimRow]) -> list[Mark]:
    out = []
    for c in claims:
        label = " — ".join(x for x in (c.value, c.counted or "", c.source_text,
                                        f"as of {fmt.iso_prefix(c.as_of)}" if c.as_of else "") if x)
        out.append(Mark(c.start, c.end, "claim", c.hedge, label, f"c{c.id}"))
    return out


def event_marks(events: Iterable[EventRow]) -> list[Mark]:
    return [Mark(e.start, e.end, "event", "event", f"{fmt.iso_prefix(e.date)}: {e.what}", f"e{e.id}")
            for e in events]


def finding_marks(findings: Iterable[FindingRow], doc: str) -> list[Mark]:
    out = []
    for f in findings:
        for ref in f.spans:
            if ref.doc == doc:
                out.append(Mark(ref.start, ref.end, "finding", f.kind, f"{f.kind.replace('_', ' ')}: {f.why}",
                                f"f{f.id}"))
    return out


def document_view(conn: sqlite3.Connection, doc: DocRow, *, claims: Sequence[ClaimRow] | None = None,
                  events: Sequence[EventRow] | None = None,
                  findings: Sequence[FindingRow] | None = None) -> DocView:
    """A document (``doc.text`` loaded) with its items highlighted.  Missing lists are queried."""
    from claimledger.report.text import MAX_DISPLAY_CHARS

    assert doc.text is not None, "load the document with queries.document() first"
    claims = claims if claims is not None else queries.claims(conn, doc=doc.id)
    events = events if events is not None else queries.events(conn, doc=doc.id)
    findings = findings if findings is not None else queries.findings(conn, doc=doc.id)
    marks = claim_marks(claims) + event_marks(events) + finding_marks(findings, doc.id)
    sentences = queries.sentences(conn, doc.id)
    paras = paragraphs(doc.text, queries.blocks(conn, doc.id), sentences, marks)
    starts = [s.start for s in sentences]
    where: dict[int, int | None] = {}
    for f in findings:
        first = next((ref.start for ref in f.spans if ref.doc == doc.id), None)
        i = bisect.bisect_right(starts, first) - 1 if first is not None else -1
        where[f.id] = sentences[i].idx if i >= 0 and first is not None and first < sentences[i].end else None
    return DocView(doc, tuple(paras), tuple(claims), tuple(events), tuple(findings),
                   truncated=len(doc.text) > MAX_DISPLAY_CHARS, finding_sentence=where)
