"""``build_report(ledger) -> str``: the whole ledger as one self-contained HTML file.

One file a journalist can open from disk or send by email: all CSS and JavaScript are
inlined, charts are inline SVG, nothing is fetched.  A Content-Security-Policy in a
``<meta>`` tag allows exactly the inlined stylesheet and script by their SHA-256 hashes —
this works from ``file://`` (a nonce would need a server) and means that even if some
article text escaped its escaping, no script or style it carried would run.  The article's
own URL is shown as text, never as a link.

A story-sized ledger is shown whole.  A ledger past :class:`ReportLimits` (a 100k-document
archive holds millions of claims) is shown *bounded*: the most widely reported figures, the
first findings of each kind, the start of the timeline, and the documents those items point
at, every list read with a LIMIT so time and memory stay flat; the report states what it
left out, with the counts, and points to ``claimledger serve`` and ``export`` for the rest.
A report limited to reviewed items reads only the reviewed documents of such a ledger
(:func:`claimledger.report.limits.reviewed_scope`) and is cut at the same limits.
"""

from __future__ import annotations

import base64
import datetime as dt
import hashlib
import sqlite3
from collections import Counter, defaultdict
from collections.abc import Sequence
from dataclasses import replace
from typing import Any, TypeVar

from claimledger.ledger.store import Ledger
from claimledger.models import FINDING_SEVERITY
from claimledger.report import queries
from claimledger.report.charts import Collapsed
from claimledger.report.limits import (
    LIMITS,
    LeftOut,
    ReportLimits,
    ReviewedScope,
    reviewed_scope,
    timeline_of,
)
from claimledger.report.records import ClaimRow, EventRow, FindingRow, Overview
from claimledger.report.render import STATIC, Links, environment
from claimledger.report.reviewed import ReviewIndex, sources_of
from claimledger.report.views import (
    DocView,
    FigureView,
    FindingView,
    doc_label,
    document_view,
    figure_view,
    finding_view,
    timeline_view,
)

T = TypeVar("T", ClaimRow, EventRow)
MAX_FINDINGS_PER_KIND = 400
MAX_OTHER_CLAIMS = 1000


def csp_hash(text: str) -> str:
    return "'sha256-" + base64.b64encode(hashlib.sha256(text.encode("utf-8")).digest()).decode() + "'"


def inline_assets() -> tuple[str, str]:
    """The report's CSS and JS, checked to be safe to inline (no closing tags inside)."""
    css = (STATIC / "report.css").read_text(encoding="utf-8")
    js = (STATIC / "report.js").read_text(encoding="utf-8")
    if "</" in css or "</" in js:
        raise ValueError("report.css / report.js must not contain '</' (they are inlined)")
    return css, js


def report_csp(css: str, js: str) -> str:
    return (f"default-src 'none'; style-src {csp_hash(css)}; script-src {csp_hash(js)}; "
            "img-src data:; base-uri 'none'; form-action 'none'")


def _by_doc(items: Sequence[T]) -> dict[str, list[T]]:
    out: dict[str, list[T]] = defaultdict(list)
    for it in items:
        out[it.doc].append(it)
    return out


def build_report(ledger: Ledger, *, title: str | None = None, generated: str | None = None,
                 reviewed_only: bool = False, limits: ReportLimits = LIMITS) -> str:
    """Render the ledger as one HTML page (overview, figures, timeline, findings, documents).

    Every item shows its review (:mod:`claimledger.report.reviewed`): corrected values in
    place of the extracted ones, rejected items struck through and left out of the charts,
    verdicts on the figure cards.  ``reviewed_only``: a report for publication, holding only
    what a person confirmed or corrected (and figures with a verdict or a reviewed claim).
    A ledger larger than ``limits`` is shown bounded (see the module docstring).
    """
    ov = queries.overview(ledger.conn)
    large = limits.exceeded_by(ov.documents, ov.claims)
    if large and not reviewed_only:
        return _bounded(ledger, ov, limits, title=title, generated=generated)
    if large:
        return _whole(ledger, ov, title=title, generated=generated, reviewed_only=True,
                      scope=reviewed_scope(ledger.conn, limits), limits=limits)
    return _whole(ledger, ov, title=title, generated=generated, reviewed_only=reviewed_only)


def _whole(ledger: Ledger, ov: Overview, *, title: str | None, generated: str | None,
           reviewed_only: bool, scope: ReviewedScope | None = None, limits: ReportLimits = LIMITS) -> str:
    """The whole ledger, every row read (a story-sized ledger, or one limited to reviews);
    with a ``scope``, only its rows (the reviewed documents of a large ledger), every list
    then cut at ``limits`` and what was cut counted in the note."""
    conn = ledger.conn
    links = Links(web=False)
    env = environment(links)
    docs = queries.documents(conn) if scope is None else list(scope.documents)
    names = {d.n: doc_label(d) for d in docs}
    copies = queries.syndicated_copies(conn)
    reviews = ReviewIndex.of_ledger(conn, names, docs=None if scope is None else [d.id for d in docs])

    if scope is None:
        raw_claims, raw_events = queries.claims(conn), queries.events(conn)
        raw_findings = queries.findings(conn, by_severity=True)
    else:
        raw_claims, raw_events, raw_findings = list(scope.claims), list(scope.events), list(scope.findings)
    all_claims = reviews.rows(raw_claims, "claim", reviewed_only=reviewed_only)
    all_events = reviews.rows(raw_events, "event", reviewed_only=reviewed_only)
    all_findings = reviews.rows(raw_findings, "finding", reviewed_only=reviewed_only)
    if scope is None:
        figure_rows = queries.figures(conn)
    else:  # the figures with a review or a claim in the documents read, most widely reported first
        wanted = {int(i) for i in reviews.overlay.get("figures", {})} | {c.figure for c in scope.claims
                                                                         if c.figure is not None}
        figure_rows = sorted((f for f in (queries.figure(conn, i) for i in wanted) if f is not None),
                             key=lambda f: (-f.documents, -f.claims, f.id))
    if reviewed_only:
        with_claims = {c.figure for c in all_claims if c.figure is not None}
        chosen = {f.id for f in reviews.keep(figure_rows, "figure")} | with_claims
        figure_rows = [f for f in figure_rows if f.id in chosen and not reviews.rejected("figure", f.id)]
    figures_cut = max(0, len(figure_rows) - limits.figures) if scope is not None else 0
    if scope is not None:
        figure_rows = figure_rows[:limits.figures]
    # a card limited to reviews takes its claims from those read, not from the first 400 of the
    # figure (a reviewed claim can be the figure's 1,000th)
    members: dict[int, list[ClaimRow]] | None = None
    if reviewed_only:
        members = defaultdict(list)
        for c in raw_claims:
            if c.figure is not None:
                members[c.figure].append(c)
    figures: list[FigureView] = [
        figure_view(conn, f, links, copies, reviews=reviews, reviewed_only=reviewed_only,
                    claims=None if members is None else members.get(f.id, []))
        for f in figure_rows]
    if reviewed_only:
        shown = {f.id for f in figure_rows}
        other = [c for c in all_claims if c.figure is None or c.figure not in shown]
    else:
        other = reviews.rows(queries.claims(conn, no_figure=True, limit=MAX_OTHER_CLAIMS + 1), "claim")

    per_kind, other_cap = (MAX_FINDINGS_PER_KIND, MAX_OTHER_CLAIMS) if scope is None else (
        limits.findings_per_kind, limits.other_claims)
    grouped: dict[str, list[FindingView]] = defaultdict(list)
    hidden: dict[str, int] = defaultdict(int)
    for f in sorted(all_findings, key=lambda f: FINDING_SEVERITY.get(f.kind, 99)):  # a corrected kind moves it
        if len(grouped[f.kind]) < per_kind:
            grouped[f.kind].append(finding_view(conn, f, names))
        else:
            hidden[f.kind] += 1
    kinds = sorted(grouped, key=lambda k: FINDING_SEVERITY.get(k, 99))
    standing = [f for f in all_findings if not reviews.rejected("finding", f.id)]
    rejected_by_kind = Counter(f.kind for f in all_findings if reviews.rejected("finding", f.id))
    by_kind = Counter(f.kind for f in standing)

    claims_by_doc = _by_doc(all_claims)
    events_by_doc = _by_doc(all_events)
    findings_by_doc: dict[str, list[FindingRow]] = defaultdict(list)
    for f in all_findings:
        for doc_id in {ref.doc for ref in f.spans}:
            findings_by_doc[doc_id].append(f)
    if scope is not None:  # in full: the documents of what is shown, up to the limit
        cited = {c.claim.doc for fv in figures for c in fv.claims} | {c.doc for c in other[:other_cap]} | {
            ref.doc for views in grouped.values() for fv in views for ref in fv.finding.spans} | set(events_by_doc)
        docs = [d for d in docs if d.id in cited][:limits.documents]
    doc_views: list[DocView] = []
    for d in docs:
        full = queries.document(conn, d.n)
        if full is None:
            continue
        doc_views.append(document_view(conn, full, claims=claims_by_doc.get(d.id, []),
                                       events=events_by_doc.get(d.id, []),
                                       findings=findings_by_doc.get(d.id, []), reviews=reviews))
    entries = queries.timeline(conn) if scope is None else timeline_of(conn, raw_events)
    timeline = timeline_view(entries, reviews, reviewed_only=reviewed_only)
    timeline_cut = max(0, len(timeline) - limits.timeline) if scope is not None else 0
    timeline = timeline[:len(timeline) - timeline_cut]
    whole = ov
    if reviewed_only:
        ov = replace(ov, claims=len(all_claims), events=len(all_events), findings=len(all_findings),
                     figures=len(figures))
    if reviews.any:  # re-dated and rejected events move the span of the story
        dates = sorted(e.date for e in all_events if not reviews.rejected("event", e.id))
        ov = replace(ov, first_event=dates[0] if dates else None, last_event=dates[-1] if dates else None)
    ov = replace(ov, findings_by_kind=tuple(sorted(by_kind.items(), key=lambda kv: FINDING_SEVERITY.get(kv[0], 99))))
    totals = {"claim": ov.claims, "event": ov.events, "finding": ov.findings, "figure": ov.figures}
    if reviewed_only:
        totals = _ledger_totals(conn) if scope is None else {
            "claim": whole.claims, "event": whole.events, "finding": whole.findings, "figure": whole.figures}
    left_out = None if scope is None else LeftOut(
        documents=max(0, ov.documents - len(doc_views)), figures=figures_cut,
        figure_claims=sum(fv.more for fv in figures), other_claims=max(0, len(other) - other_cap),
        timeline=timeline_cut, findings=sum(hidden.values()))

    return env.get_template("report.html.j2").render(
        **_frame(ledger, ov, reviews, totals, all_claims, title=title, generated=generated),
        left_out=left_out,
        figures=figures,
        other_claims=[Collapsed(c) for c in other[:other_cap]],
        other_claims_more=scope is None and len(other) > MAX_OTHER_CLAIMS,
        timeline=timeline,
        kinds=kinds,
        findings=grouped,
        hidden_findings=hidden,
        rejected_findings=rejected_by_kind,
        documents=doc_views,
        doc_name=lambda n: names.get(n, "unknown document"),
        reviewed_only=reviewed_only,
    )


def _frame(ledger: Ledger, ov: Overview, reviews: ReviewIndex, totals: dict[str, int],
           shown_claims: Sequence[ClaimRow], *, title: str | None, generated: str | None) -> dict[str, Any]:
    """What every report shows whatever its size: header, overview, filters, review marks
    and the inlined assets with the CSP that allows exactly them."""
    css, js = inline_assets()
    return dict(
        title=title or _default_title(ov.documents, ov.outlets),
        generated=generated or dt.datetime.now(dt.UTC).strftime("%Y-%m-%d %H:%M UTC"),
        ledger_name=ledger.path.name,
        ov=ov,
        outlets=queries.outlets(ledger.conn),
        sources=sources_of(shown_claims),
        has_unattributed=any(c.source is None for c in shown_claims),
        review_mark=reviews.mark,
        has_reviews=reviews.any,
        review_counts=reviews.counts(totals),
        unattached=reviews.unattached(),
        csp=report_csp(css, js),
        css=css,
        js=js,
    )


def _bounded(ledger: Ledger, ov: Overview, limits: ReportLimits, *, title: str | None,
             generated: str | None) -> str:
    """A large ledger, every read LIMITed: the top figures, the first findings of each kind,
    the start of the timeline, and the documents those items point at."""
    conn = ledger.conn
    links = Links(web=False)
    env = environment(links)
    copies = queries.syndicated_copies(conn)
    names: dict[int, str] = {}
    reviews = ReviewIndex.of_ledger(conn)

    figure_rows = queries.figures(conn, limit=limits.figures)
    figures = [figure_view(conn, f, links, copies, max_claims=limits.claims_per_figure, reviews=reviews)
               for f in figure_rows]
    other = reviews.rows(queries.claims(conn, no_figure=True, limit=limits.other_claims), "claim")
    other_total = _count(conn, "SELECT COUNT(*) FROM claims WHERE figure IS NULL")
    kinds_counts = queries.finding_kinds(conn)
    grouped: dict[str, list[FindingRow]] = {}
    hidden: dict[str, int] = {}
    for kind, n in kinds_counts:
        rows = reviews.rows(queries.findings(conn, kind=kind, limit=limits.findings_per_kind), "finding")
        grouped[kind] = rows
        hidden[kind] = max(0, n - len(rows))
    timeline_rows = queries.timeline(conn, limit=limits.timeline, max_events=limits.events_per_entry)
    timeline = timeline_view(timeline_rows, reviews)
    timeline_total = _count(conn, "SELECT COUNT(*) FROM timeline") or ov.events

    # the documents shown: those the figure cards, findings and timeline point at, first come
    wanted: dict[int, None] = {}
    for fv in figures:
        wanted.update((c.claim.doc_n, None) for c in fv.claims)
    for rows in grouped.values():
        wanted.update((ref.doc_n, None) for f in rows for ref in f.spans if ref.doc_n is not None)
    wanted.update((e.doc_n, None) for t in timeline_rows for e in t.events)
    wanted.update((c.doc_n, None) for c in other)
    chosen = sorted(list(wanted)[:limits.documents])
    if len(chosen) < limits.documents:
        chosen = sorted(set(chosen) | {d.n for d in queries.documents(conn, limit=limits.documents)})[
            :limits.documents]
    doc_views: list[DocView] = []
    for n in chosen:
        full = queries.document(conn, n)
        if full is None:
            continue
        doc_views.append(document_view(
            conn, full, claims=reviews.rows(queries.claims(conn, doc=full.id), "claim"),
            events=reviews.rows(queries.events(conn, doc=full.id), "event"),
            findings=reviews.rows(queries.findings(conn, doc=full.id), "finding"), reviews=reviews))
    names.update({dv.doc.n: doc_label(dv.doc) for dv in doc_views})

    def doc_name(n: int | None) -> str:
        if n is None:
            return "unknown document"
        if n not in names:
            names[n] = doc_label(queries.documents_by_number(conn, [n]).get(n))
        return names[n]

    shown_claims = [c.claim for fv in figures for c in fv.claims] + list(other)
    left_out = LeftOut(
        documents=max(0, ov.documents - len(doc_views)),
        figures=max(0, ov.figures - len(figures)),
        figure_claims=sum(fv.more for fv in figures),
        other_claims=max(0, other_total - len(other)),
        timeline=max(0, timeline_total - len(timeline_rows)),
        findings=sum(hidden.values()),
    )
    totals = {"claim": ov.claims, "event": ov.events, "finding": ov.findings, "figure": ov.figures}
    context: dict[str, Any] = dict(
        _frame(ledger, ov, reviews, totals, shown_claims, title=title, generated=generated),
        left_out=left_out,
        figures=figures,
        other_claims=[Collapsed(c) for c in other],
        other_claims_more=False,
        timeline=timeline,
        kinds=[k for k, _ in kinds_counts],
        findings={k: [finding_view(conn, f, names) for f in rows] for k, rows in grouped.items()},
        hidden_findings=hidden,
        rejected_findings=Counter(f.kind for rows in grouped.values() for f in rows
                                  if reviews.rejected("finding", f.id)),
        documents=doc_views,
        doc_name=doc_name,
        reviewed_only=False,
    )
    return env.get_template("report.html.j2").render(**context)


def _count(conn: sqlite3.Connection, sql: str) -> int:
    return int(conn.execute(sql).fetchone()[0])


def _ledger_totals(conn: sqlite3.Connection) -> dict[str, int]:
    """How many items the whole ledger holds, for "reviewed / total" in a report limited to
    reviewed items (whose own counts are of what it shows)."""
    return {kind: int(conn.execute(f"SELECT COUNT(*) FROM {table}").fetchone()[0])
            for kind, table in (("claim", "claims"), ("event", "events"), ("finding", "findings"),
                                ("figure", "figures"))}


def _default_title(documents: int, outlets: Sequence[tuple[str, int]]) -> str:
    named = [o for o, _ in outlets if o]
    if not documents:
        return "Story ledger (empty)"
    return f"Story ledger: {documents} document{'s' if documents != 1 else ''}" + (
        f" from {len(named)} outlet{'s' if len(named) != 1 else ''}" if named else "")


__all__ = ["LIMITS", "LeftOut", "ReportLimits", "build_report", "csp_hash", "inline_assets", "report_csp"]
