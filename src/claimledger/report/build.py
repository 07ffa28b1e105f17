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
from collections import defaultdict
from collections.abc import Sequence
from typing import TypeVar

from claimledger.ledger.store import Ledger
from claimledger.models import FINDING_SEVERITY
from claimledger.report import queries
from claimledger.report.charts import Collapsed
from claimledger.report.records import ClaimRow, EventRow, FindingRow
from claimledger.report.render import STATIC, Links, environment
from claimledger.report.views import (
    DocView,
    FigureView,
    FindingView,
    doc_label,
    document_view,
    figure_view,
    finding_view,
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


def build_report(ledger: Ledger, *, title: str | None = None, generated: str | None = None) -> str:
    """Render the ledger as one HTML page (overview, figures, timeline, findings, documents)."""
    conn = ledger.conn
    links = Links(web=False)
    env = environment(links)
    ov = queries.overview(conn)
    docs = queries.documents(conn)
    names = {d.n: doc_label(d) for d in docs}
    copies = queries.syndicated_copies(conn)

    figures: list[FigureView] = [figure_view(conn, f, links, copies) for f in queries.figures(conn)]
    other_claims = queries.claims(conn, no_figure=True, limit=MAX_OTHER_CLAIMS + 1)
    all_claims = queries.claims(conn)
    all_events = queries.events(conn)
    all_findings = queries.findings(conn, by_severity=True)

    grouped: dict[str, list[FindingView]] = defaultdict(list)
    hidden: dict[str, int] = defaultdict(int)
    for f in all_findings:
        if len(grouped[f.kind]) < MAX_FINDINGS_PER_KIND:
            grouped[f.kind].append(finding_view(conn, f, names))
        else:
            hidden[f.kind] += 1
    kinds = sorted(grouped, key=lambda k: FINDING_SEVERITY.get(k, 99))

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
                                       findings=findings_by_doc.get(d.id, [])))

    css, js = inline_assets()
    template = env.get_template("report.html.j2")
    return template.render(
        title=title or _default_title(ov.documents, ov.outlets),
        generated=generated or dt.datetime.now(dt.UTC).strftime("%Y-%m-%d %H:%M UTC"),
        ledger_name=ledger.path.name,
        ov=ov,
        figures=figures,
        other_claims=[Collapsed(c) for c in other_claims[:MAX_OTHER_CLAIMS]],
        other_claims_more=len(other_claims) > MAX_OTHER_CLAIMS,
        timeline=queries.timeline(conn),
        kinds=kinds,
        findings=grouped,
        hidden_findings=hidden,
        documents=doc_views,
        doc_name=lambda n: names.get(n, "unknown document"),
        outlets=queries.outlets(conn),
        sources=queries.source_names(conn),
        has_unattributed=any(c.source is None for c in all_claims),
        csp=report_csp(css, js),
        css=css,
        js=js,
    )


def _default_title(documents: int, outlets: Sequence[tuple[str, int]]) -> str:
    named = [o for o, _ in outlets if o]
    if not documents:
        return "Story ledger (empty)"
    return f"Story ledger: {documents} document{'s' if documents != 1 else ''}" + (
        f" from {len(named)} outlet{'s' if len(named) != 1 else ''}" if named else "")


__all__ = ["build_report", "csp_hash", "inline_assets", "report_csp"]
