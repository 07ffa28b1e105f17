"""Server-rendered pages: the report's views, one per page, paginated.

The same macros as the report (``report/templates/_macros.html.j2``) render cards,
findings and documents, with links that point at pages instead of in-page anchors.  Every
list is read with LIMIT/OFFSET (one extra row tells whether there is a next page), so a page
costs the same on a 100-document ledger and on a 100k-document one.

Reviews show as the report shows them (:class:`claimledger.report.reviewed.ReviewIndex`:
badges, verdicts, corrected values in place of the extracted ones), read only for the
documents that hold reviews.  The claims, findings and figures lists filter by review
status (``?review=confirmed``): reviewed rows are looked for in reviewed documents only;
``unreviewed`` reads the usual pages and skips the few reviewed rows.  The figure page
carries the forms that merge or split figures (posted to :mod:`claimledger.web.review_routes`).
"""

from __future__ import annotations

import sqlite3
import time
from collections.abc import Callable, Sequence
from typing import Annotated, Any, TypeVar
from urllib.parse import urlencode

from fastapi import APIRouter, Depends, File, Form, HTTPException, Query, Request, UploadFile
from fastapi.responses import HTMLResponse, RedirectResponse, Response

from claimledger.models import FINDING_KINDS, FINDING_SEVERITY
from claimledger.report import queries
from claimledger.report.charts import Collapsed
from claimledger.report.records import ClaimRow, FigureRow, FindingRow
from claimledger.report.render import Links
from claimledger.report.reviewed import REVIEW_FILTERS, ReviewIndex
from claimledger.report.views import doc_label, document_view, figure_view, finding_view
from claimledger.review.overlay import reviewed_docs
from claimledger.web.deps import connection
from claimledger.web.ingest import paste_document, safe_upload_name

router = APIRouter(include_in_schema=False)
Conn = Annotated[sqlite3.Connection, Depends(connection)]
Offset = Annotated[int, Query(ge=0, le=10_000_000)]
Text = Annotated[str | None, Query(max_length=500)]
LINKS = Links(web=True)
HEDGES = ("exact", "approx", "min", "max", "range", "vague")
R = TypeVar("R", ClaimRow, FindingRow, FigureRow)
SCAN_CHUNK = 200  # rows read at a time when a review filter skips some


LIST_TTL = 30.0  # seconds a filter's list of outlets/sources is reused


def _cached(request: Request, key: str, compute: Callable[[], list[str]]) -> list[str]:
    """Outlet and source lists for filter forms: a GROUP BY over every claim is the slowest
    read on a large ledger, and the lists barely change; recompute at most every LIST_TTL s."""
    cache: dict[str, tuple[float, list[str]]] = request.app.state.list_cache
    hit = cache.get(key)
    now = time.monotonic()
    if hit is None or now - hit[0] > LIST_TTL:
        hit = (now, compute())
        cache[key] = hit
    return hit[1]


def _names(conn: sqlite3.Connection) -> Callable[[int | None], str]:
    """doc_name(n) for the templates: looked up on demand, cached for the request."""
    cache: dict[int, str] = {}

    def name(n: int | None) -> str:
        if n is None:
            return "unknown document"
        if n not in cache:
            found = queries.documents_by_number(conn, [n])
            cache[n] = doc_label(found.get(n))
        return cache[n]

    return name


def page_url(path: str, params: dict[str, Any], offset: int | None = None) -> str:
    query = {k: v for k, v in params.items() if v not in (None, "")}
    if offset:
        query["offset"] = offset
    return path + ("?" + urlencode(query) if query else "")


def render(request: Request, conn: sqlite3.Connection | None, template: str, page: str, **ctx: Any) -> HTMLResponse:
    env = request.app.state.env
    html = env.get_template(template).render(
        page=page, doc_name=_names(conn) if conn is not None else (lambda n: ""), page_url=page_url,
        token_required=request.app.state.token_required, **ctx)
    return HTMLResponse(html)


def _reviews(conn: sqlite3.Connection) -> ReviewIndex:
    """The reviews of every reviewed document (empty, and free, on a ledger nobody reviewed)."""
    docs = sorted({d for kind in ("claim", "event", "finding") for d in reviewed_docs(conn, kind)})
    return ReviewIndex.of_ledger(conn, docs=docs)


def _review_filter(value: str | None) -> str | None:
    if value and value not in REVIEW_FILTERS:
        raise HTTPException(404, f"No review status {value!r}. Use one of: {', '.join(REVIEW_FILTERS)}.")
    return value or None


def _filtered(fetch: Callable[[int, int], Sequence[R]], keep: Callable[[R], bool], size: int,
              offset: int) -> list[R]:
    """``size + 1`` rows from ``offset`` of the rows ``keep`` accepts, reading ``fetch(limit,
    offset)`` chunk by chunk (the extra row tells whether there is a next page)."""
    out: list[R] = []
    skipped = pos = 0
    while True:
        chunk = fetch(SCAN_CHUNK, pos)
        for row in chunk:
            if not keep(row):
                continue
            if skipped < offset:
                skipped += 1
                continue
            out.append(row)
            if len(out) > size:
                return out
        if len(chunk) < SCAN_CHUNK:
            return out
        pos += SCAN_CHUNK


def _by_review(kind: str, idx: ReviewIndex, review: str | None, conn: sqlite3.Connection,
               fetch: Callable[..., Sequence[R]], size: int, offset: int, doc: str | None = None) -> list[R]:
    """One page of rows under the review filter.  Reviewed rows live in reviewed documents:
    those are read document by document; 'unreviewed' (and no filter) page through all rows."""
    if review is None:
        return list(fetch(limit=size + 1, offset=offset))
    keep: Callable[[R], bool] = lambda row: idx.matches(kind, row.id, review)  # noqa: E731
    if review == "unreviewed" or kind == "figure":
        return _filtered(lambda limit, at: fetch(limit=limit, offset=at), keep, size, offset)
    docs = [d for d in reviewed_docs(conn, kind) if doc is None or d == doc]
    rows = [row for d in docs for row in fetch(doc=d) if keep(row)]
    return rows[offset:offset + size + 1]


def _pager(rows: list[Any], size: int, offset: int) -> tuple[list[Any], int | None, int | None]:
    prev = max(0, offset - size) if offset > 0 else None
    nxt = offset + size if len(rows) > size else None
    return rows[:size], prev, nxt


@router.get("/", response_class=HTMLResponse)
def overview_page(request: Request, conn: Conn) -> HTMLResponse:
    ov = queries.overview(conn)
    return render(request, conn, "overview.html.j2", "overview", ov=ov,
                  figures=queries.figures(conn, limit=12), jobs=request.app.state.jobs.recent(5))


@router.get("/documents", response_class=HTMLResponse)
def documents_page(request: Request, conn: Conn, offset: Offset = 0, outlet: Text = None) -> HTMLResponse:
    size = 50
    rows, prev, nxt = _pager(queries.documents(conn, outlet=outlet, limit=size + 1, offset=offset), size, offset)
    return render(request, conn, "documents.html.j2", "documents", docs=rows, prev=prev, next=nxt,
                  params={"outlet": outlet}, outlets=_cached(request, "outlets", lambda: queries.outlets(conn)))


@router.get("/documents/{n}", response_class=HTMLResponse)
def document_page(request: Request, conn: Conn, n: int) -> HTMLResponse:
    doc = queries.document(conn, n)
    if doc is None:
        raise HTTPException(404, f"No document number {n}.")
    idx = _reviews(conn)
    return render(request, conn, "document.html.j2", "documents", dv=document_view(conn, doc, reviews=idx),
                  review_mark=idx.mark)


@router.get("/figures", response_class=HTMLResponse)
def figures_page(request: Request, conn: Conn, offset: Offset = 0, review: Text = None) -> HTMLResponse:
    size = 10
    review = _review_filter(review)
    idx = _reviews(conn)

    def fetch(limit: int, offset: int) -> list[FigureRow]:
        return queries.figures(conn, limit=limit, offset=offset)

    rows, prev, nxt = _pager(_by_review("figure", idx, review, conn, fetch, size, offset), size, offset)
    copies = queries.syndicated_copies(conn)
    return render(request, conn, "figures.html.j2", "figures", prev=prev, next=nxt, params={"review": review},
                  figures=[figure_view(conn, f, LINKS, copies, max_claims=20, reviews=idx) for f in rows], review_mark=idx.mark,
                  review_filters=REVIEW_FILTERS)


@router.get("/figures/{figure_id}", response_class=HTMLResponse)
def figure_page(request: Request, conn: Conn, figure_id: int) -> HTMLResponse:
    from claimledger.review import figure_overrides

    f = queries.figure(conn, figure_id)
    if f is None:
        raise HTTPException(404, f"No figure number {figure_id}.")
    idx = _reviews(conn)
    regroups = [v for v in figure_overrides.views(conn) if v.figure == figure_id]
    others = [(g.id, g.label) for g in queries.figures(conn, limit=500) if g.id != figure_id]
    members = queries.claims(conn, figure=figure_id, limit=500)
    return render(request, conn, "figure.html.j2", "figures",
                  fv=figure_view(conn, f, LINKS, queries.syndicated_copies(conn), max_claims=100, reviews=idx), review_mark=idx.mark,
                  regroups=regroups, others=others, members=members)


@router.get("/claims", response_class=HTMLResponse)
def claims_page(request: Request, conn: Conn, offset: Offset = 0, outlet: Text = None, source: Text = None,
                hedge: Text = None, q: Text = None, doc: Text = None, review: Text = None) -> HTMLResponse:
    size = 50
    review = _review_filter(review)
    idx = _reviews(conn)

    def fetch(limit: int | None = None, offset: int = 0, doc: str | None = doc) -> list[ClaimRow]:
        return queries.claims(conn, outlet=outlet, source=source, hedge=hedge or None, q=q, doc=doc, limit=limit,
                              offset=offset)

    rows, prev, nxt = _pager(_by_review("claim", idx, review, conn, fetch, size, offset, doc=doc), size, offset)
    params = {"outlet": outlet, "source": source, "hedge": hedge, "q": q, "doc": doc, "review": review}
    return render(request, conn, "claims.html.j2", "claims", rows=[Collapsed(idx.claim(c)) for c in rows],
                  prev=prev, next=nxt, params=params, outlets=_cached(request, "outlets", lambda: queries.outlets(conn)),
                  sources=_cached(request, "sources", lambda: queries.source_names(conn, 300)),
                  hedges=HEDGES, review_mark=idx.mark, review_filters=REVIEW_FILTERS)


@router.get("/timeline", response_class=HTMLResponse)
def timeline_page(request: Request, conn: Conn, offset: Offset = 0) -> HTMLResponse:
    size = 50
    rows, prev, nxt = _pager(queries.timeline(conn, limit=size + 1, offset=offset, max_events=10), size, offset)
    return render(request, conn, "timeline.html.j2", "timeline", entries=rows, prev=prev, next=nxt, params={})


@router.get("/findings", response_class=HTMLResponse)
def findings_page(request: Request, conn: Conn, offset: Offset = 0, kind: Text = None,
                  outlet: Text = None, review: Text = None) -> HTMLResponse:
    kinds = queries.finding_kinds(conn)
    if kind and kind not in FINDING_SEVERITY and kind not in dict(kinds):
        raise HTTPException(404, f"No finding kind {kind!r}. Kinds: {', '.join(FINDING_KINDS)}.")
    kind = kind or (kinds[0][0] if kinds else None)
    size = 30
    review = _review_filter(review)
    idx = _reviews(conn)

    def fetch(limit: int | None = None, offset: int = 0, doc: str | None = None) -> list[FindingRow]:
        return queries.findings(conn, kind=kind, outlet=outlet, doc=doc, limit=limit, offset=offset)

    rows, prev, nxt = _pager(_by_review("finding", idx, review, conn, fetch, size, offset), size, offset)
    names = _names(conn)
    titles = {ref.doc_n: names(ref.doc_n) for f in rows for ref in f.spans if ref.doc_n is not None}
    return render(request, conn, "findings.html.j2", "findings", kinds=kinds, kind=kind, prev=prev, next=nxt,
                  params={"kind": kind, "outlet": outlet, "review": review}, offset=offset,
                  items=[finding_view(conn, idx.finding(f), titles) for f in rows], review_mark=idx.mark,
                  review_filters=REVIEW_FILTERS)


@router.get("/search", response_class=HTMLResponse)
def search_page(request: Request, conn: Conn, q: Text = None, offset: Offset = 0) -> HTMLResponse:
    size = 20
    hits = queries.search(conn, q, limit=size + 1, offset=offset) if q else []
    rows, prev, nxt = _pager(hits, size, offset)
    return render(request, conn, "search.html.j2", "search", q=q or "", hits=rows, prev=prev, next=nxt,
                  params={"q": q}, usable=queries.fts_query(q) is not None)


@router.get("/add", response_class=HTMLResponse)
def add_page(request: Request) -> HTMLResponse:
    return render(request, None, "add.html.j2", "add", max_mb=f"{request.app.state.max_upload / 1_000_000:g}",
                  jobs=request.app.state.jobs.recent(10))


@router.post("/add/upload")
async def add_upload(request: Request, files: Annotated[list[UploadFile], File()]) -> Response:
    pairs = [(safe_upload_name(f.filename), await f.read()) for f in files if f.filename]
    if not pairs:
        raise HTTPException(400, "Choose at least one file to upload.")
    job = request.app.state.jobs.submit_files(pairs)
    return RedirectResponse(f"/jobs/{job.id}", status_code=303)


@router.post("/add/text")
def add_text(request: Request, text: Annotated[str, Form(max_length=5_000_000)],
             title: Annotated[str | None, Form(max_length=500)] = None,
             outlet: Annotated[str | None, Form(max_length=200)] = None,
             published: Annotated[str | None, Form(max_length=10)] = None) -> Response:
    doc = paste_document(text, title=title, outlet=outlet, published=published or None)
    job = request.app.state.jobs.submit_documents([doc])
    return RedirectResponse(f"/jobs/{job.id}", status_code=303)


@router.get("/jobs/{job_id}", response_class=HTMLResponse)
def job_page(request: Request, job_id: str) -> HTMLResponse:
    job = request.app.state.jobs.get(job_id)
    if job is None:
        raise HTTPException(404, "No such job (jobs are kept in memory until the server restarts).")
    return render(request, None, "job.html.j2", "add", job=job)


@router.get("/api/docs", response_class=HTMLResponse)
def api_docs_page(request: Request) -> HTMLResponse:
    schema = request.app.openapi()
    endpoints = []
    for path, methods in schema.get("paths", {}).items():
        for method, op in methods.items():
            params = [(p.get("name", ""), p.get("in", ""), p.get("required", False),
                       (p.get("description") or p.get("schema", {}).get("description") or ""))
                      for p in op.get("parameters", [])]
            endpoints.append({"method": method.upper(), "path": path, "summary": op.get("summary", ""),
                              "params": params, "body": "requestBody" in op})
    return render(request, None, "api_docs.html.j2", "api", endpoints=endpoints)
