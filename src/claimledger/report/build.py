"""``build_report(ledger) -> str``: the whole ledger as one self-contained HTML file.

One file a journalist can open from disk or send by email: all CSS and JavaScript are
inlined, charts are inline SVG, nothing is fetched.  A Content-Security-Policy in a
``<meta>`` tag allows exactly the inlined stylesheet and script by their SHA-256 hashes —
this works from ``file://`` (a nonce would need a server) and means that even if some
article text escaped its escaping, no script or style it carried would run.  The article's
own URL is shown as text, never as a link.
"""

from __future__ import annotations

import base64
import datetime as dt
import hashlib
import sqlite3
from collections import Counter, defaultdict
from collections.abc import Sequence
from dataclasses import replace
from typing import TypeVar

from claimledger.ledger.store import Ledger
from claimledger.models import FINDING_SEVERITY
from claimledger.report import queries
from claimledger.report.charts import Collapsed
from claimledger.report.records import ClaimRow, EventRow, FindingRow
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
                 reviewed_only: bool = False) -> str:
    """Render the ledger as one HTML page (overview, figures, timeline, findings, documents).

    Every item shows its review (:mod:`claimledger.report.reviewed`): corrected values in
    place of the extracted ones, rejected items struck through and left out of the charts,
    verdicts on the figure cards.  ``reviewed_only``: a report for publication, holding only
    what a person confirmed or corrected (and figures with a verdict or a reviewed claim).
    """
    conn = ledger.conn
    links = Links(web=False)
    env = environment(links)
    ov = queries.overview(conn)
    docs = queries.documents(conn)
    names = {d.n: doc_label(d) for d in docs}
    copies = queries.syndicated_copies(conn)
    reviews = ReviewIndex.of_ledger(conn, names)

    all_claims = reviews.rows(queries.claims(conn), "claim", reviewed_only=reviewed_only)
    all_events = reviews.rows(queries.events(conn), "event", reviewed_only=reviewed_only)
    all_findings = reviews.rows(queries.findings(conn, by_severity=True), "finding", reviewed_only=reviewed_only)
    figure_rows = queries.figures(conn)
    if reviewed_only:
        with_claims = {c.figure for c in all_claims if c.figure is not None}
        chosen = {f.id for f in reviews.keep(figure_rows, "figure")} | with_claims
        figure_rows = [f for f in figure_rows if f.id in chosen and not reviews.rejected("figure", f.id)]
    figures: list[FigureView] = [figure_view(conn, f, links, copies, reviews=reviews, reviewed_only=reviewed_only)
                                 for f in figure_rows]
    if reviewed_only:
        shown = {f.id for f in figure_rows}
        other = [c for c in all_claims if c.figure is None or c.figure not in shown]
    else:
        other = reviews.rows(queries.claims(conn, no_figure=True, limit=MAX_OTHER_CLAIMS + 1), "claim")

    grouped: dict[str, list[FindingView]] = defaultdict(list)
    hidden: dict[str, int] = defaultdict(int)
    for f in sorted(all_findings, key=lambda f: FINDING_SEVERITY.get(f.kind, 99)):  # a corrected kind moves it
        if len(grouped[f.kind]) < MAX_FINDINGS_PER_KIND:
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
    doc_views: list[DocView] = []
    for d in docs:
        full = queries.document(conn, d.n)
        if full is None:
            continue
        doc_views.append(document_view(conn, full, claims=claims_by_doc.get(d.id, []),
                                       events=events_by_doc.get(d.id, []),
                                       findings=findings_by_doc.get(d.id, []), reviews=reviews))
    timeline = timeline_view(queries.timeline(conn), reviews, reviewed_only=reviewed_only)
    if reviewed_only:
        ov = replace(ov, claims=len(all_claims), events=len(all_events), findings=len(all_findings),
                     figures=len(figures))
    if reviews.any:  # re-dated and rejected events move the span of the story
        dates = sorted(e.date for e in all_events if not reviews.rejected("event", e.id))
        ov = replace(ov, first_event=dates[0] if dates else None, last_event=dates[-1] if dates else None)
    ov = replace(ov, findings_by_kind=tuple(sorted(by_kind.items(), key=lambda kv: FINDING_SEVERITY.get(kv[0], 99))))
    totals = {"claim": ov.claims, "event": ov.events, "finding": ov.findings, "figure": ov.figures}
    if reviewed_only:
        totals = _ledger_totals(conn)

    css, js = inline_assets()
    template = env.get_template("report.html.j2")
    return template.render(
        title=title or _default_title(ov.documents, ov.outlets),
        generated=generated or dt.datetime.now(dt.UTC).strftime("%Y-%m-%d %H:%M UTC"),
        ledger_name=ledger.path.name,
        ov=ov,
        figures=figures,
        other_claims=[Collapsed(c) for c in other[:MAX_OTHER_CLAIMS]],
        other_claims_more=len(other) > MAX_OTHER_CLAIMS,
        timeline=timeline,
        kinds=kinds,
        findings=grouped,
        hidden_findings=hidden,
        rejected_findings=rejected_by_kind,
        documents=doc_views,
        doc_name=lambda n: names.get(n, "unknown document"),
        outlets=queries.outlets(conn),
        sources=sources_of(all_claims),
        has_unattributed=any(c.source is None for c in all_claims),
        review_mark=reviews.mark,
        reviewed_only=reviewed_only,
        has_reviews=reviews.any,
        review_counts=reviews.counts(totals),
        unattached=reviews.unattached(),
        csp=report_csp(css, js),
        css=css,
        js=js,
    )


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


__all__ = ["build_report", "csp_hash", "inline_assets", "report_csp"]
