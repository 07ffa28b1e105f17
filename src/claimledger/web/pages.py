"""Server-rendered pages: the report's views, one per page, paginated.

The same macros as the report (``report/templates/_macros.html.j2``) render cards,
findings and documents, with links that point at pages instead of in-page anchors.  Every
list is read with a LIMIT (one extra row tells whether there is a next page).

Next links carry a keyset cursor (``after=``, the API's ``next_after``) where the list has
one — documents, claims, findings, the timeline — so page 20,000 of the claims reads from an
index as page 1 does, instead of stepping over a million rows.  ``offset=`` stays in every
link as the position of the page's first row (for numbering and the "previous" link, which
reads by offset), and alone it still works, for old links: ``?offset=100`` and
``?offset=100&after=…`` show the same page.  A cursor is an accelerator only: where a list
cannot use it (a review status read document by document) the offset decides.

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
from collections.abc import Callable, Iterable, Sequence
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
from claimledger.report.views import FigureView, doc_label, document_view, figure_view, finding_view
from claimledger.review.overlay import reviewed_docs
from claimledger.web.api import decode_cursor, encode_cursor
from claimledger.web.deps import connection
from claimledger.web.ingest import paste_document, safe_upload_name

router = APIRouter(include_in_schema=False)
Conn = Annotated[sqlite3.Connection, Depends(connection)]
Offset = Annotated[int, Query(ge=0, le=10_000_000)]
Text = Annotated[str | None, Query(max_length=500)]
Cursor = Annotated[str | None, Query(max_length=1000)]
LINKS = Links(web=True)
HEDGES = ("exact", "approx", "min", "max", "range", "vague")
R = TypeVar("R", ClaimRow, FindingRow, FigureRow)
SCAN_CHUNK = 200  # rows read at a time when a review filter skips some
DOCUMENTS_PAGE, CLAIMS_PAGE, FINDINGS_PAGE, TIMELINE_PAGE = 50, 50, 30, 50  # rows a page


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


def _names(conn: sqlite3.Connection, prefetch: Sequence[int] = ()) -> Callable[[int | None], str]:
    """doc_name(n) for the templates: the ``prefetch`` numbers read in one query (a page
    that knows its documents, like the timeline's 500 events), others looked up on demand;
    cached for the request."""
    found = queries.documents_by_number(conn, sorted(set(prefetch))) if prefetch else {}
    cache: dict[int, str] = {n: doc_label(d) for n, d in found.items()}

    def name(n: int | None) -> str:
        if n is None:
            return "unknown document"
        if n not in cache:
            found = queries.documents_by_number(conn, [n])
            cache[n] = doc_label(found.get(n))
        return cache[n]

    return name


def page_url(path: str, params: dict[str, Any], offset: int | None = None, after: str | None = None) -> str:
    query = {k: v for k, v in params.items() if v not in (None, "")}
    if offset:
        query["offset"] = offset
    if after:
        query["after"] = after
    return path + ("?" + urlencode(query) if query else "")


def render(request: Request, conn: sqlite3.Connection | None, template: str, page: str,
           prefetch: Sequence[int] = (), names: Callable[[int | None], str] | None = None,
           **ctx: Any) -> HTMLResponse:
    """A page; ``prefetch``: the documents it names, labelled in one query (or ``names``)."""
    env = request.app.state.env
    if names is None:
        names = _names(conn, prefetch) if conn is not None else (lambda n: "")
    html = env.get_template(template).render(
        page=page, doc_name=names, page_url=page_url,
        token_required=request.app.state.token_required, **ctx)
    return HTMLResponse(html)


def _reviews(conn: sqlite3.Connection, shown: Iterable[str] | None = None) -> ReviewIndex:
    """The reviews of the reviewed documents among ``shown`` (a page's rows), or of every
    reviewed document (a list filtered by review status).  Empty, and free, on a ledger
    nobody reviewed; a page of a ledger with reviews in 400 documents reads the reviews of
    its own few documents (~10 ms), not all 400 (~300 ms)."""
    docs = {d for kind in ("claim", "event", "finding") for d in reviewed_docs(conn, kind)}
    if shown is not None:
        docs &= set(shown)
    return ReviewIndex.of_ledger(conn, docs=sorted(docs))


def _cards(conn: sqlite3.Connection, figures: Sequence[FigureRow],
           max_claims: int) -> tuple[list[FigureView], ReviewIndex]:
    """Figure cards with the reviews of the documents their claims come from (and that index)."""
    claims = {f.id: queries.claims(conn, figure=f.id, limit=max_claims) for f in figures}
    idx = _reviews(conn, {c.doc for rows in claims.values() for c in rows})
    copies = queries.syndicated_copies(conn)
    return [figure_view(conn, f, LINKS, copies, max_claims=max_claims, reviews=idx, claims=claims[f.id])
            for f in figures], idx


def _review_filter(value: str | None) -> str | None:
    if value and value not in REVIEW_FILTERS:
        raise HTTPException(404, f"No review status {value!r}. Use one of: {', '.join(REVIEW_FILTERS)}.")
    return value or None


def _filtered(fetch: Callable[..., Sequence[R]], keep: Callable[[R], bool], size: int, offset: int,
              order: queries.Order | None = None, after: queries.Key | None = None) -> list[R]:
    """``size + 1`` rows from ``offset`` of the rows ``keep`` accepts, reading ``fetch(limit=,
    offset=, after=)`` chunk by chunk (the extra row tells whether there is a next page).
    With a sort key (``order``) each chunk is read after the last row of the one before, and
    an ``after`` cursor starts the scan there with nothing to skip."""
    out: list[R] = []
    skipped, pos, key = (offset, 0, after) if after is not None else (0, 0, None)
    while True:
        chunk = fetch(limit=SCAN_CHUNK, after=key) if order else fetch(limit=SCAN_CHUNK, offset=pos)
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
        key = queries.key_of(chunk[-1], order) if order else None


def _by_review(kind: str, idx: ReviewIndex, review: str | None, conn: sqlite3.Connection,
               fetch: Callable[..., Sequence[R]], size: int, offset: int, doc: str | None = None,
               order: queries.Order | None = None, after: queries.Key | None = None) -> tuple[list[R], bool]:
    """One page of rows under the review filter, and whether the list is in ``order`` (so a
    cursor can lead to the next page).  Reviewed rows live in reviewed documents: those are
    read document by document (by offset); 'unreviewed' and no filter page through all rows."""
    if review is None:
        if order is not None and after is not None:
            return list(fetch(limit=size + 1, after=after)), True
        return list(fetch(limit=size + 1, offset=offset)), order is not None
    keep: Callable[[R], bool] = lambda row: idx.matches(kind, row.id, review)  # noqa: E731
    if review == "unreviewed" or kind == "figure":
        return _filtered(fetch, keep, size, offset, order, after if order else None), order is not None
    docs = [d for d in reviewed_docs(conn, kind) if doc is None or d == doc]
    rows = [row for d in docs for row in fetch(doc=d) if keep(row)]
    return rows[offset:offset + size + 1], False


def _pager(rows: list[Any], size: int, offset: int) -> tuple[list[Any], int | None, int | None]:
    prev = max(0, offset - size) if offset > 0 else None
    nxt = offset + size if len(rows) > size else None
    return rows[:size], prev, nxt


def _cited(cards: Sequence[FigureView]) -> list[int]:
    """The documents a figure card names (its claims and their syndicated copies)."""
    return [c.doc_n for fv in cards for row in fv.claims for c in (row.claim, *row.copies)]


def _next_cursor(rows: Sequence[Any], size: int, key: Callable[[Any], queries.Key] | None) -> str | None:
    """The ``after=`` of the next page's link: the sort key of this page's last row."""
    if key is None or len(rows) <= size:
        return None
    return encode_cursor(key(rows[size - 1]))


@router.get("/", response_class=HTMLResponse)
def overview_page(request: Request, conn: Conn) -> HTMLResponse:
    ov = queries.overview(conn)
    return render(request, conn, "overview.html.j2", "overview", ov=ov,
                  figures=queries.figures(conn, limit=12), jobs=request.app.state.jobs.recent(5))


@router.get("/documents", response_class=HTMLResponse)
def documents_page(request: Request, conn: Conn, offset: Offset = 0, outlet: Text = None,
                   after: Cursor = None) -> HTMLResponse:
    size = DOCUMENTS_PAGE
    key = decode_cursor(after)
    found = queries.documents(conn, outlet=outlet, limit=size + 1, offset=0 if key else offset, after=key)
    cursor = _next_cursor(found, size, lambda r: queries.key_of(r, queries.DOC_ORDER))
    rows, prev, nxt = _pager(found, size, offset)
    return render(request, conn, "documents.html.j2", "documents", docs=rows, prev=prev, next=nxt, after=cursor,
                  params={"outlet": outlet}, outlets=_cached(request, "outlets", lambda: queries.outlets(conn)))


@router.get("/documents/{n}", response_class=HTMLResponse)
def document_page(request: Request, conn: Conn, n: int) -> HTMLResponse:
    doc = queries.document(conn, n)
    if doc is None:
        raise HTTPException(404, f"No document number {n}.")
    idx = _reviews(conn, [doc.id])
    return render(request, conn, "document.html.j2", "documents", dv=document_view(conn, doc, reviews=idx),
                  review_mark=idx.mark)


@router.get("/figures", response_class=HTMLResponse)
def figures_page(request: Request, conn: Conn, offset: Offset = 0, review: Text = None) -> HTMLResponse:
    size = 10
    review = _review_filter(review)
    idx = _reviews(conn, ()) if review else ReviewIndex.empty()  # the figures' own reviews

    def fetch(limit: int, offset: int = 0) -> list[FigureRow]:
        return queries.figures(conn, limit=limit, offset=offset)

    rows, prev, nxt = _pager(_by_review("figure", idx, review, conn, fetch, size, offset)[0], size, offset)
    cards, idx = _cards(conn, rows, 20)
    return render(request, conn, "figures.html.j2", "figures", prev=prev, next=nxt, params={"review": review},
                  figures=cards, review_mark=idx.mark, review_filters=REVIEW_FILTERS, prefetch=_cited(cards))


SPLIT_PAGE = 50  # claims listed at a time in the split form
CHOICES = 30  # figures offered in the merge picker


@router.get("/figures/{figure_id}", response_class=HTMLResponse)
def figure_page(request: Request, conn: Conn, figure_id: int, pick: Text = None,
                split_after: Cursor = None) -> HTMLResponse:
    """A figure card and the forms that merge or split it.  The forms stay small on a ledger
    of thousands of figures: the merge picker offers CHOICES figures (same unit, or whose
    label holds ``pick``), and the split form lists the figure's claims SPLIT_PAGE at a time
    (``split_after``: a cursor over them), without their context sentences."""
    from claimledger.review import figure_overrides

    f = queries.figure(conn, figure_id)
    if f is None:
        raise HTTPException(404, f"No figure number {figure_id}.")
    regroups = [v for v in figure_overrides.views(conn) if v.figure == figure_id]
    others = [(g.id, g.label) for g in queries.figure_choices(conn, exclude=figure_id, unit=f.unit, q=pick,
                                                              limit=CHOICES)]
    order = queries.claims_order()
    found = queries.claims(conn, figure=figure_id, limit=SPLIT_PAGE + 1, after=decode_cursor(split_after),
                           context=False)
    members = found[:SPLIT_PAGE]
    more = _next_cursor(found, SPLIT_PAGE, lambda r: queries.key_of(r, order))
    (card,), idx = _cards(conn, [f], 100)
    return render(request, conn, "figure.html.j2", "figures", prefetch=[c.doc_n for c in members] + _cited([card]),
                  fv=card, review_mark=idx.mark, regroups=regroups, others=others, members=members, pick=pick or "",
                  choices=CHOICES, split_first=split_after is None,
                  split_next=page_url(f"/figures/{figure_id}", {"pick": pick, "split_after": more}) if more else None)


@router.get("/claims", response_class=HTMLResponse)
def claims_page(request: Request, conn: Conn, offset: Offset = 0, outlet: Text = None, source: Text = None,
                hedge: Text = None, q: Text = None, doc: Text = None, review: Text = None,
                after: Cursor = None) -> HTMLResponse:
    size = CLAIMS_PAGE
    review = _review_filter(review)
    idx = _reviews(conn) if review else ReviewIndex.empty()
    order = queries.claims_order(doc=doc, outlet=outlet)

    def fetch(limit: int | None = None, offset: int = 0, doc: str | None = doc,
              after: queries.Key | None = None) -> list[ClaimRow]:
        return queries.claims(conn, outlet=outlet, source=source, hedge=hedge or None, q=q, doc=doc, limit=limit,
                              offset=offset, after=after)

    found, keyed = _by_review("claim", idx, review, conn, fetch, size, offset, doc=doc, order=order,
                              after=decode_cursor(after))
    cursor = _next_cursor(found, size, (lambda r: queries.key_of(r, order)) if keyed else None)
    rows, prev, nxt = _pager(found, size, offset)
    if review is None:  # the reviews of this page's documents only
        idx = _reviews(conn, {c.doc for c in rows})
    params = {"outlet": outlet, "source": source, "hedge": hedge, "q": q, "doc": doc, "review": review}
    return render(request, conn, "claims.html.j2", "claims", rows=[Collapsed(idx.claim(c)) for c in rows],
                  prev=prev, next=nxt, after=cursor, params=params, outlets=_cached(request, "outlets", lambda: queries.outlets(conn)),
                  sources=_cached(request, "sources", lambda: queries.source_names(conn, 300)),
                  hedges=HEDGES, review_mark=idx.mark, review_filters=REVIEW_FILTERS)


@router.get("/timeline", response_class=HTMLResponse)
def timeline_page(request: Request, conn: Conn, offset: Offset = 0, after: Cursor = None) -> HTMLResponse:
    size = TIMELINE_PAGE
    key = decode_cursor(after)
    found = queries.timeline(conn, limit=size + 1, offset=0 if key else offset, max_events=10, after=key)
    cursor = _next_cursor(found, size, queries.timeline_key)
    rows, prev, nxt = _pager(found, size, offset)
    return render(request, conn, "timeline.html.j2", "timeline", entries=rows, prev=prev, next=nxt, after=cursor,
                  params={}, prefetch=[e.doc_n for t in rows for e in t.events])


@router.get("/findings", response_class=HTMLResponse)
def findings_page(request: Request, conn: Conn, offset: Offset = 0, kind: Text = None,
                  outlet: Text = None, review: Text = None, after: Cursor = None) -> HTMLResponse:
    kinds = queries.finding_kinds(conn)
    if kind and kind not in FINDING_SEVERITY and kind not in dict(kinds):
        raise HTTPException(404, f"No finding kind {kind!r}. Kinds: {', '.join(FINDING_KINDS)}.")
    kind = kind or (kinds[0][0] if kinds else None)
    size = FINDINGS_PAGE
    review = _review_filter(review)
    idx = _reviews(conn) if review else ReviewIndex.empty()

    def fetch(limit: int | None = None, offset: int = 0, doc: str | None = None,
              after: queries.Key | None = None) -> list[FindingRow]:
        return queries.findings(conn, kind=kind, outlet=outlet, doc=doc, limit=limit, offset=offset, after=after)

    found, keyed = _by_review("finding", idx, review, conn, fetch, size, offset, order=queries.FINDING_ORDER,
                              after=decode_cursor(after))
    cursor = _next_cursor(found, size, (lambda r: queries.key_of(r, queries.FINDING_ORDER)) if keyed else None)
    rows, prev, nxt = _pager(found, size, offset)
    if review is None:
        idx = _reviews(conn, {f.doc for f in rows})
    docs = [ref.doc_n for f in rows for ref in f.spans if ref.doc_n is not None]
    names = _names(conn, docs)
    titles = {n: names(n) for n in docs}
    return render(request, conn, "findings.html.j2", "findings", kinds=kinds, kind=kind, prev=prev, next=nxt,
                  after=cursor, names=names,
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
