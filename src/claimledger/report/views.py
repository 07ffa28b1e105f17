"""View models: ledger records assembled into what one card, finding or document shows.

The report (whole ledger, one page) and the web UI (one page per view) both build these
from :mod:`queries`, so a figure card or a document looks the same in both.
"""

from __future__ import annotations

import bisect
import sqlite3
from collections.abc import Iterable, Sequence
from dataclasses import dataclass, field, replace

from markupsafe import Markup

from claimledger.report import charts, queries
from claimledger.report import format as fmt
from claimledger.report.charts import Collapsed
from claimledger.report.records import ClaimRow, DocRow, EventRow, FigureRow, FindingRow, TimelineRow
from claimledger.report.render import Links
from claimledger.report.reviewed import ReviewIndex
from claimledger.report.text import Mark, Para, Passage, paragraphs

MAX_PASSAGES = 6  # per finding: a duplicate of 40 paragraphs is shown by its first few


@dataclass(frozen=True)
class FigureView:
    figure: FigureRow
    claims: tuple[Collapsed, ...]  # syndicated copies folded into the original's claim
    chart: Markup
    more: int = 0  # claims of the figure beyond max_claims, not shown (the web UI lists them all)

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
                copies_of: dict[str, str], *, max_claims: int = 400, reviews: ReviewIndex | None = None,
                reviewed_only: bool = False, claims: Sequence[ClaimRow] | None = None) -> FigureView:
    """A figure card.  With ``reviews``: reviewed values in place, rejected claims kept in the
    table (struck through) but left out of the chart; with ``reviewed_only`` as well, only
    the publishable claims, in the table and in the chart.  ``claims``: the figure's claims
    already read (a report limited to reviews reads the reviewed documents' claims; the
    first ``max_claims`` of a figure of thousands would miss most of them)."""
    if claims is None:
        claims = queries.claims(conn, figure=figure.id, limit=max_claims)
    more = max(0, figure.claims - len(claims)) if len(claims) >= max_claims else 0
    extracted = {c.id: c for c in claims}
    if reviews is not None:
        figure = reviews.figure(figure)
        claims = reviews.rows(claims, "claim", reviewed_only=reviewed_only)
    claims = tuple(sorted(claims, key=lambda c: (c.when or "9999", c.doc_n, c.start)))
    charted = [c for c in claims if reviews is None or not reviews.rejected("claim", c.id)]
    if reviews is not None and reviews.any and len(claims) < max_claims:
        figure = _recount(figure, charted)
    if reviewed_only:
        figure = replace(figure, trend=None)  # the stored trend was read from unreviewed claims too
    chart = charts.figure_chart(charted, label=figure.label, unit=figure.unit, copies_of=copies_of,
                                href=lambda c: links.sentence(c.doc_n, c.sentence), key=f"f{figure.id}",
                                extracted=extracted)
    return FigureView(figure, tuple(charts.collapse_copies(claims, copies_of, extracted)), chart, more)


def _recount(figure: FigureRow, claims: Sequence[ClaimRow]) -> FigureRow:
    """The card's counts and date span from the claims it shows (reviews move and drop some)."""
    dates = sorted(c.as_of for c in claims if c.as_of)
    return replace(figure, claims=len(claims), documents=len({c.doc for c in claims}),
                   first_as_of=dates[0] if dates else None, last_as_of=dates[-1] if dates else None)


def timeline_view(entries: Sequence[TimelineRow], reviews: ReviewIndex, *,
                  reviewed_only: bool = False) -> list[TimelineRow]:
    """Timeline entries with reviewed event values.  An entry moves to a reviewer's date when
    every event it still stands on has that date, and takes a reviewer's wording when the
    reviewers who reworded its events agree (a person's words beat the extractor's)."""
    out = []
    for t in entries:
        events = reviews.rows(t.events, "event", reviewed_only=reviewed_only)
        if not events:
            continue
        extracted = {e.id: (e.date, e.what) for e in t.events}
        standing = [e for e in events if not reviews.rejected("event", e.id)]
        dates = {e.date for e in standing}
        redated = any(e.date != extracted[e.id][0] for e in standing)
        reworded = {e.what for e in standing if e.what != extracted[e.id][1]}
        if redated and len(dates) == 1:
            t = replace(t, date=next(iter(dates)))
        if len(reworded) == 1:
            t = replace(t, what=next(iter(reworded)))
        out.append(replace(t, events=tuple(events)))
    return sorted(out, key=lambda t: t.date)  # stable: same-day entries keep their order


def finding_view(conn: sqlite3.Connection, finding: FindingRow, titles: dict[int, str] | None = None) -> FindingView:
    shown = finding.spans[:MAX_PASSAGES]
    passages = tuple(queries.passage(conn, ref, (titles or {}).get(ref.doc_n or -1)) for ref in shown)
    return FindingView(finding, passages, max(0, len(finding.spans) - len(shown)))


def _status(reviews: ReviewIndex | None, kind: str, row_id: int) -> str:
    mark = reviews.mark(kind, row_id) if reviews is not None else None
    return mark.status if mark is not None and mark.status != "unreviewed" else ""


REVIEW_SUFFIX = {"confirmed": " (confirmed)", "corrected": " (corrected by a reviewer)",
                 "rejected": " (rejected by a reviewer)", "": ""}


def claim_marks(claims: Iterable[ClaimRow], reviews: ReviewIndex | None = None) -> list[Mark]:
    out = []
    for c in claims:
        status = _status(reviews, "claim", c.id)
        label = " — ".join(x for x in (c.value, c.counted or "", c.source_text,
                                        f"as of {fmt.iso_prefix(c.as_of)}" if c.as_of else "") if x)
        out.append(Mark(c.start, c.end, "claim", c.hedge, label + REVIEW_SUFFIX[status], f"c{c.id}", status))
    return out


def event_marks(events: Iterable[EventRow], reviews: ReviewIndex | None = None) -> list[Mark]:
    out = []
    for e in events:
        status = _status(reviews, "event", e.id)
        out.append(Mark(e.start, e.end, "event", "event", f"{fmt.iso_prefix(e.date)}: {e.what}" + REVIEW_SUFFIX[status],
                        f"e{e.id}", status))
    return out


def finding_marks(findings: Iterable[FindingRow], doc: str, reviews: ReviewIndex | None = None) -> list[Mark]:
    out = []
    for f in findings:
        status = _status(reviews, "finding", f.id)
        for ref in f.spans:
            if ref.doc == doc:
                out.append(Mark(ref.start, ref.end, "finding", f.kind,
                                f"{f.kind.replace('_', ' ')}: {f.why}" + REVIEW_SUFFIX[status], f"f{f.id}", status))
    return out


def document_view(conn: sqlite3.Connection, doc: DocRow, *, claims: Sequence[ClaimRow] | None = None,
                  events: Sequence[EventRow] | None = None,
                  findings: Sequence[FindingRow] | None = None, reviews: ReviewIndex | None = None) -> DocView:
    """A document (``doc.text`` loaded) with its items highlighted.  Missing lists are queried.
    ``reviews``: give the lists with reviewed values in place; marks then carry their status."""
    from claimledger.report.text import MAX_DISPLAY_CHARS

    assert doc.text is not None, "load the document with queries.document() first"
    claims = claims if claims is not None else queries.claims(conn, doc=doc.id)
    events = events if events is not None else queries.events(conn, doc=doc.id)
    findings = findings if findings is not None else queries.findings(conn, doc=doc.id)
    marks = claim_marks(claims, reviews) + event_marks(events, reviews) + finding_marks(findings, doc.id, reviews)
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
