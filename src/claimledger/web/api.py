"""The JSON API: documents, claims, figures, events, findings, search, and analysis jobs.

Every list takes ``limit`` (1..200) and ``offset`` and answers
``{"items": [...], "limit", "offset", "next_offset", "next_after"}``; ``next_offset`` is
null on the last page.  Totals are not counted (a COUNT over a 100k-document ledger on
every page is the slow part of pagination); fetch until ``next_offset`` is null.

Documents, claims, events and findings also take ``after``, the opaque ``next_after`` of
the previous page: a keyset cursor (the sort key of the page's last item, as base64url
JSON) that reads the next page straight from an index, so page 2,000 costs what page 1
does, whereas ``offset`` steps over every row before it.  ``offset`` then counts from the
cursor.  The schema is served at ``/openapi.json`` and described at ``/api/docs``.
"""

from __future__ import annotations

import base64
import binascii
import json
import sqlite3
from typing import Annotated, Any, Generic, TypeVar

from fastapi import APIRouter, Depends, HTTPException, Query, Request, UploadFile
from fastapi import File as FileParam
from fastapi import Form as FormParam
from pydantic import BaseModel, Field

from claimledger.errors import UsageError
from claimledger.report import queries
from claimledger.report.records import ClaimRow, DocRow, EventRow, FigureRow, FindingRow
from claimledger.web.deps import connection
from claimledger.web.ingest import paste_document, safe_upload_name

router = APIRouter(prefix="/api", tags=["ledger"])
MAX_LIMIT = 200
T = TypeVar("T")

Conn = Annotated[sqlite3.Connection, Depends(connection)]
Limit = Annotated[int, Query(ge=1, le=MAX_LIMIT, description=f"Items per page (1-{MAX_LIMIT}).")]
Offset = Annotated[int, Query(ge=0, le=10_000_000, description="Items to skip.")]
Text = Annotated[str | None, Query(max_length=500)]
After = Annotated[str | None, Query(max_length=1000, description=(
    "Cursor: the next_after of the previous page (same filters). Reads the next page from an "
    "index, as fast at the end of the list as at its start; offset then counts from the cursor."))]


class Page(BaseModel, Generic[T]):
    items: list[T]
    limit: int
    offset: int
    next_offset: int | None = Field(description="Offset of the next page; null on the last page.")
    next_after: str | None = Field(default=None, description=(
        "Cursor of the next page, for the after parameter (lists that take it); null on the last page."))


def encode_cursor(key: queries.Key) -> str:
    return base64.urlsafe_b64encode(json.dumps(list(key), separators=(",", ":")).encode()).decode().rstrip("=")


def decode_cursor(after: str | None) -> queries.Key | None:
    """An ``after`` parameter -> the sort key it carries (validated again by the query)."""
    if not after:
        return None
    try:
        value = json.loads(base64.urlsafe_b64decode(after + "=" * (-len(after) % 4)))
    except (ValueError, binascii.Error) as exc:
        raise UsageError("The after cursor is not one this API gave out.",
                         hint="Pass the next_after of the previous page unchanged.") from exc
    if not isinstance(value, list):
        raise UsageError("The after cursor is not one this API gave out.",
                         hint="Pass the next_after of the previous page unchanged.")
    return tuple(value)


def _page(rows: list[Any], limit: int, offset: int, convert: Any,
          order: queries.Order | None = None) -> dict[str, Any]:
    more = len(rows) > limit
    shown = rows[:limit]
    after = encode_cursor(queries.key_of(shown[-1], order)) if more and order and shown else None
    return {"items": [convert(r) for r in shown], "limit": limit, "offset": offset,
            "next_offset": offset + limit if more else None, "next_after": after}


class DocumentOut(BaseModel):
    n: int = Field(description="Small stable number of the document (its row id); used in page URLs.")
    id: str
    title: str | None
    outlet: str | None
    author: str | None
    published: str | None
    url: str | None
    format: str
    language: str | None
    length: int
    text: str | None = None


class ClaimOut(BaseModel):
    id: int
    doc: str
    doc_n: int
    start: int
    end: int
    text: str
    low: float | None
    high: float | None
    hedge: str
    value: str = Field(description="The value in words, e.g. 'at least 1,500'.")
    unit: str | None
    counted: str | None
    source: str | None
    source_role: str | None
    source_org: str | None
    relayed_by: str | None
    stance: str | None
    as_of: str | None
    as_of_basis: str | None
    sentence: int
    figure: int | None
    outlet: str | None


class EventOut(BaseModel):
    id: int
    doc: str
    doc_n: int
    start: int
    end: int
    date: str
    what: str
    source: str | None
    sentence: int
    timeline: int | None
    text: str


class SpanOut(BaseModel):
    doc: str
    doc_n: int | None
    start: int
    end: int


class FindingOut(BaseModel):
    id: int
    kind: str
    doc: str
    doc_n: int
    spans: list[SpanOut]
    why: str
    scope: str


class FigureOut(BaseModel):
    id: int
    label: str
    unit: str | None
    claims: int
    documents: int
    first_as_of: str | None
    last_as_of: str | None
    trend: str | None


class FigureDetail(FigureOut):
    claim_items: list[ClaimOut]


class SearchHitOut(BaseModel):
    doc: str
    doc_n: int
    sentence: int
    title: str | None
    outlet: str | None
    text: str
    matches: list[str]


class OverviewOut(BaseModel):
    documents: int
    claims: int
    events: int
    findings: int
    figures: int
    outlets: dict[str, int]
    first_published: str | None
    last_published: str | None
    findings_by_kind: dict[str, int]


class JobOut(BaseModel):
    id: str
    kind: str
    names: list[str]
    state: str = Field(description="queued | running | done | failed")
    seen: int
    done: int
    new: int
    changed: int
    unchanged: int
    failures: list[dict[str, str]]
    error: str | None
    progress_url: str
    page_url: str


def _doc(d: DocRow) -> DocumentOut:
    return DocumentOut(**{k: getattr(d, k) for k in DocumentOut.model_fields})


def _claim(c: ClaimRow) -> ClaimOut:
    data = {k: getattr(c, k) for k in ClaimOut.model_fields}
    return ClaimOut(**data)


def _event(e: EventRow) -> EventOut:
    return EventOut(**{k: getattr(e, k) for k in EventOut.model_fields})


def _finding(f: FindingRow) -> FindingOut:
    return FindingOut(id=f.id, kind=f.kind, doc=f.doc, doc_n=f.doc_n, why=f.why, scope=f.scope,
                      spans=[SpanOut(doc=s.doc, doc_n=s.doc_n, start=s.start, end=s.end) for s in f.spans])


def _figure(f: FigureRow) -> FigureOut:
    return FigureOut(**{k: getattr(f, k) for k in FigureOut.model_fields})


@router.get("/overview", response_model=OverviewOut, summary="Counts, outlets, date range")
def api_overview(conn: Conn) -> OverviewOut:
    ov = queries.overview(conn)
    return OverviewOut(documents=ov.documents, claims=ov.claims, events=ov.events, findings=ov.findings,
                       figures=ov.figures, outlets={k or "": v for k, v in ov.outlets},
                       first_published=ov.first_published, last_published=ov.last_published,
                       findings_by_kind=dict(ov.findings_by_kind))


@router.get("/documents", response_model=Page[DocumentOut], summary="Documents (without text)")
def api_documents(conn: Conn, limit: Limit = 50, offset: Offset = 0, outlet: Text = None,
                  doc: Text = None, after: After = None) -> dict[str, Any]:
    rows = queries.documents(conn, outlet=outlet, doc=doc, limit=limit + 1, offset=offset,
                             after=decode_cursor(after))
    return _page(rows, limit, offset, _doc, queries.DOC_ORDER)


@router.get("/documents/{n}", response_model=DocumentOut, summary="One document with its text")
def api_document(conn: Conn, n: int) -> DocumentOut:
    d = queries.document(conn, n)
    if d is None:
        raise HTTPException(404, f"No document number {n}.")
    return _doc(d)


@router.get("/claims", response_model=Page[ClaimOut], summary="Claims (figures as stated)")
def api_claims(conn: Conn, limit: Limit = 50, offset: Offset = 0, doc: Text = None, outlet: Text = None,
               source: Text = None, hedge: Text = None, figure: int | None = None,
               q: Text = None, after: After = None) -> dict[str, Any]:
    rows = queries.claims(conn, doc=doc, outlet=outlet, source=source, hedge=hedge, figure=figure, q=q,
                          limit=limit + 1, offset=offset, after=decode_cursor(after), context=False)
    return _page(rows, limit, offset, _claim, queries.claims_order(doc=doc, outlet=outlet))


@router.get("/figures", response_model=Page[FigureOut], summary="Figures followed across documents")
def api_figures(conn: Conn, limit: Limit = 50, offset: Offset = 0) -> dict[str, Any]:
    return _page(queries.figures(conn, limit=limit + 1, offset=offset), limit, offset, _figure)


FIGURE_CLAIMS = 1000


@router.get("/figures/{figure_id}", response_model=FigureDetail, summary="One figure with its claims",
            description=f"The figure and its first {FIGURE_CLAIMS:,} claims, in the order they were stored; for "
                        "all of them page through "
                        "/api/claims?figure={figure_id}.")
def api_figure(conn: Conn, figure_id: int) -> FigureDetail:
    f = queries.figure(conn, figure_id)
    if f is None:
        raise HTTPException(404, f"No figure number {figure_id}.")
    # no context sentences: ClaimOut has none, and cutting them reads each claim's document text
    claims = queries.claims(conn, figure=figure_id, limit=FIGURE_CLAIMS, context=False)
    return FigureDetail(**_figure(f).model_dump(), claim_items=[_claim(c) for c in claims])


@router.get("/events", response_model=Page[EventOut], summary="Dated events, by date")
def api_events(conn: Conn, limit: Limit = 50, offset: Offset = 0, doc: Text = None, outlet: Text = None,
               source: Text = None, q: Text = None, after: After = None) -> dict[str, Any]:
    rows = queries.events(conn, doc=doc, outlet=outlet, source=source, q=q, limit=limit + 1, offset=offset,
                          after=decode_cursor(after))
    return _page(rows, limit, offset, _event, queries.EVENT_ORDER)


@router.get("/findings", response_model=Page[FindingOut], summary="Findings")
def api_findings(conn: Conn, limit: Limit = 50, offset: Offset = 0, kind: Text = None, doc: Text = None,
                 outlet: Text = None, after: After = None) -> dict[str, Any]:
    rows = queries.findings(conn, kind=kind, doc=doc, outlet=outlet, limit=limit + 1, offset=offset,
                            after=decode_cursor(after))
    return _page(rows, limit, offset, _finding, queries.FINDING_ORDER)


@router.get("/search", response_model=Page[SearchHitOut], summary="Full-text search over sentences")
def api_search(conn: Conn, q: Annotated[str, Query(min_length=1, max_length=500)], limit: Limit = 20,
               offset: Offset = 0) -> dict[str, Any]:
    hits = queries.search(conn, q, limit=limit + 1, offset=offset)
    return _page(hits, limit, offset, lambda h: SearchHitOut(
        doc=h.doc, doc_n=h.doc_n, sentence=h.idx, title=h.title, outlet=h.outlet,
        text="".join(t for t, _ in h.parts), matches=[t for t, hit in h.parts if hit]))


# ------------------------------------------------------------------ adding articles
def _job_out(job: Any) -> JobOut:
    return JobOut(**{k: v for k, v in job.as_dict().items() if k in JobOut.model_fields},
                  progress_url=f"/api/jobs/{job.id}", page_url=f"/jobs/{job.id}")


@router.post("/uploads", response_model=JobOut, status_code=202, tags=["analysis"],
             summary="Upload article files (txt, html, jsonl, warc); analysed in the background")
async def api_upload(request: Request, files: Annotated[list[UploadFile], FileParam(
        description="One or more files")]) -> JobOut:
    pairs = [(safe_upload_name(f.filename), await f.read()) for f in files]
    return _job_out(request.app.state.jobs.submit_files(pairs))


@router.post("/texts", response_model=JobOut, status_code=202, tags=["analysis"],
             summary="Paste an article's text; analysed in the background")
def api_text(request: Request, text: Annotated[str, FormParam(max_length=5_000_000)],
             title: Annotated[str | None, FormParam(max_length=500)] = None,
             outlet: Annotated[str | None, FormParam(max_length=200)] = None,
             published: Annotated[str | None, FormParam(max_length=10)] = None,
             url: Annotated[str | None, FormParam(max_length=2000)] = None) -> JobOut:
    doc = paste_document(text, title=title, outlet=outlet, published=published, url=url)
    return _job_out(request.app.state.jobs.submit_documents([doc]))


@router.get("/jobs/{job_id}", response_model=JobOut, tags=["analysis"], summary="Progress of an analysis job")
def api_job(request: Request, job_id: str) -> JobOut:
    job = request.app.state.jobs.get(job_id)
    if job is None:
        raise HTTPException(404, "No such job (jobs are kept in memory until the server restarts).")
    return _job_out(job)
