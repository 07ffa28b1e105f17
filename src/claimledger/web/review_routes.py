"""Review in the browser: a keyboard-driven queue of items in their sentences, and the JSON
endpoints it calls.  Included by the app with ``app.include_router(review_router)``.

Pages: ``/review`` (filters by kind, status and document; j/k move, c confirm, e edit,
r reject, n note, x select, Shift+C / Shift+R confirm / reject the selection) and
``/review/history/{item}``.  Without JavaScript every item still has a plain form that
posts to ``/review/act``.  JSON: ``/api/review/...`` (items, one item, history, decide,
bulk, add, orphans, re-anchor, gold, score, regroups).

Merging and splitting figures (:mod:`claimledger.review.figure_overrides`): the figure page's
forms post to ``/review/regroup/merge|split|undo``, the API takes the same at
``/api/review/regroups``; each records the decision, then rebuilds the figures (the cross
stage, which applies every merge and split) before answering.

Writes go through :mod:`claimledger.review` on a short-lived read-write connection (the
rest of the web UI reads through read-only ones); the guard middleware's same-origin check
covers every POST here.  JS and CSS are served from ``/review/static/`` (CSP ``'self'``),
never inline.
"""

from __future__ import annotations

import sqlite3
from collections.abc import Iterator
from pathlib import Path
from typing import Annotated, Any, Literal
from urllib.parse import urlencode, urlsplit

import jinja2
from fastapi import APIRouter, Depends, Form, HTTPException, Query, Request
from fastapi.responses import FileResponse, HTMLResponse, RedirectResponse, Response
from pydantic import BaseModel, Field

from claimledger.errors import UsageError
from claimledger.ledger.store import connect
from claimledger.review import actions, store
from claimledger.review.anchor import reanchor, reanchor_if_stale
from claimledger.review.gold import reviews_to_gold, score_reviews
from claimledger.review.items import STATUS_FILTERS, Item, get_item, list_items, lost_items
from claimledger.review.model import FIELDS, KINDS, VERDICTS, ReviewState, parse_field

WEB = Path(__file__).parent
STATIC = {"review.js": (WEB / "static" / "review.js", "text/javascript; charset=utf-8"),
          "review.css": (WEB / "static" / "review.css", "text/css; charset=utf-8")}
PAGE_SIZE = 50

review_router = APIRouter()
Text = Annotated[str | None, Query(max_length=500)]
Offset = Annotated[int, Query(ge=0, le=10_000_000)]


def review_connection(request: Request) -> Iterator[sqlite3.Connection]:
    """A read-write connection: opening it adds the review tables to an older ledger."""
    conn = connect(request.app.state.db)
    try:
        yield conn
    finally:
        conn.close()


Conn = Annotated[sqlite3.Connection, Depends(review_connection)]


# ---------------------------------------------------------------------------------- JSON shapes
def item_json(it: Item) -> dict[str, Any]:
    before, span, after = it.parts()
    r = it.review
    return {
        "ref": it.ref, "kind": it.kind, "row": it.row.id if it.row else None, "doc": it.doc,
        "start": it.span.start if it.span else None, "end": it.span.end if it.span else None,
        "text": span, "before": before, "after": after, "status": it.status, "shown": it.shown_status,
        "values": dict(it.values), "approved": dict(it.approved),
        "review": state_json(r) if r is not None else None,
    }


def state_json(s: ReviewState) -> dict[str, Any]:
    return {"review": s.label, "item": s.item, "kind": s.kind, "added": s.added, "at": s.at, "reviewer": s.reviewer,
            "action": s.action, "status": s.status, "shown": s.shown_status, "anchor_state": s.anchor_state,
            "anchor": s.anchor.to_dict(), "corrections": dict(s.corrections), "approved": s.approved,
            "verdict": s.verdict, "rationale": s.rationale, "evidence": [e.to_dict() for e in s.evidence],
            "note": s.note, "reason": s.reason}


class DecisionIn(BaseModel):
    decision: Literal["confirm", "correct", "reject", "reset", "note", "verdict"]
    reviewer: str = Field(default="web", min_length=1, max_length=100)
    corrections: dict[str, Any] | None = Field(default=None, description="field -> value (strings are parsed)")
    note: str | None = Field(default=None, max_length=4000)
    verdict: Literal["consistent", "disputed", "unverified"] | None = None
    rationale: str | None = Field(default=None, max_length=4000)
    evidence: list[str] = Field(default_factory=list, max_length=50, description="Item refs cited as evidence.")
    expect_text: str | None = Field(default=None, max_length=20_000,
                                    description="The span text the reviewer saw; a mismatch is refused (409).")


class BulkIn(BaseModel):
    refs: list[str] = Field(min_length=1, max_length=500)
    decision: Literal["confirm", "reject", "reset"]
    reviewer: str = Field(default="web", min_length=1, max_length=100)


class MergeIn(BaseModel):
    into: str = Field(max_length=40, description="The figure that stays (figure:3 or 3).")
    other: str = Field(max_length=40, description="The figure whose claims join it.")
    reviewer: str = Field(default="web", min_length=1, max_length=100)
    note: str | None = Field(default=None, max_length=4000)


class SplitIn(BaseModel):
    claims: list[str] = Field(min_length=1, max_length=500, description="Claim refs (claim:12 or 12).")
    figure: str | None = Field(default=None, max_length=40, description="The figure they must be in.")
    into: str | None = Field(default=None, max_length=40, description="Move them to this figure, not a new one.")
    label: str | None = Field(default=None, max_length=200, description="The new figure's label.")
    reviewer: str = Field(default="web", min_length=1, max_length=100)
    note: str | None = Field(default=None, max_length=4000)


class UndoIn(BaseModel):
    reviewer: str = Field(default="web", min_length=1, max_length=100)
    note: str | None = Field(default=None, max_length=4000)


class AddIn(BaseModel):
    kind: Literal["claim", "event", "finding"]
    doc: str = Field(max_length=2000)
    text: str | None = Field(default=None, max_length=20_000)
    start: int | None = Field(default=None, ge=0)
    end: int | None = Field(default=None, ge=0)
    values: dict[str, Any]
    reviewer: str = Field(default="web", min_length=1, max_length=100)
    note: str | None = Field(default=None, max_length=4000)


def _typed(kind: str, values: dict[str, Any]) -> dict[str, Any]:
    """Form and JSON values -> stored values (strings are parsed like the CLI parses them)."""
    return {k: parse_field(kind, k, v) if isinstance(v, str) else v for k, v in values.items()}


def _checked_ref(ref: str) -> str:
    if len(ref) > 40:
        raise HTTPException(404, "No such item.")
    return ref


# ---------------------------------------------------------------------------------- JSON API
@review_router.get("/api/review/items", tags=["review"])
def api_items(conn: Conn, kind: Text = None, status: Text = "unreviewed", doc: Text = None,
              limit: Annotated[int, Query(ge=1, le=200)] = 50, offset: Offset = 0) -> dict[str, Any]:
    """Reviewable items with their review state (status 'all' for every item)."""
    reanchor_if_stale(conn)
    rows = list_items(conn, kind=kind or None, status=None if status in (None, "", "all") else status,
                      doc=doc or None, limit=limit + 1, offset=offset)
    return {"items": [item_json(i) for i in rows[:limit]], "limit": limit, "offset": offset,
            "next_offset": offset + limit if len(rows) > limit else None}


@review_router.get("/api/review/items/{ref}", tags=["review"])
def api_item(conn: Conn, ref: str) -> dict[str, Any]:
    return item_json(get_item(conn, _checked_ref(ref)))


@review_router.get("/api/review/items/{ref}/history", tags=["review"])
def api_history(conn: Conn, ref: str) -> dict[str, Any]:
    it = get_item(conn, _checked_ref(ref))
    if it.review is None:
        return {"ref": it.ref, "history": []}
    return {"ref": it.ref, "review": it.review.label,
            "history": [state_json(s) for s in store.history(conn, it.review.item)]}


@review_router.post("/api/review/items/{ref}", tags=["review"])
def api_decide(conn: Conn, ref: str, body: DecisionIn) -> dict[str, Any]:
    """Record a decision; answers the item as it now stands."""
    it = get_item(conn, _checked_ref(ref))
    if body.expect_text is not None and it.span is not None and it.span.text != body.expect_text:
        raise HTTPException(409, "This item changed since the page was loaded (the ledger was re-analysed). "
                                 "Reload the page.")
    corrections = _typed(it.kind, body.corrections) if body.corrections else None
    state = actions.decide(conn, ref, body.decision, reviewer=body.reviewer, corrections=corrections,
                           note=body.note, verdict=body.verdict, rationale=body.rationale, evidence=body.evidence)
    return item_json(get_item(conn, ref if it.row is not None else state.label))


@review_router.post("/api/review/bulk", tags=["review"])
def api_bulk(conn: Conn, body: BulkIn) -> dict[str, Any]:
    """Confirm, reject or reset many items at once (all or nothing)."""
    states = actions.bulk(conn, [_checked_ref(r) for r in body.refs], body.decision, reviewer=body.reviewer)
    return {"count": len(states), "reviews": [state_json(s) for s in states]}


@review_router.post("/api/review/add", tags=["review"])
def api_add(conn: Conn, body: AddIn) -> dict[str, Any]:
    """Add an item the extractor missed, at an exact passage of a document."""
    state = actions.add_item(conn, body.kind, body.doc, reviewer=body.reviewer, values=_typed(body.kind, body.values),
                             text=body.text, start=body.start, end=body.end, note=body.note)
    return state_json(state)


@review_router.get("/api/review/orphans", tags=["review"])
def api_orphans(conn: Conn) -> dict[str, Any]:
    """Reviews whose passage is gone (orphaned) or that no extracted item matches (unmatched)."""
    reanchor_if_stale(conn)
    from claimledger.review import figure_overrides

    items = lost_items(conn)
    regroups = [s for s in figure_overrides.overrides(conn) if s.anchor_state in ("orphaned", "unmatched")]
    return {"items": [item_json(i) for i in items],
            "regroups": [{**state_json(s), "describe": figure_overrides.describe(s)} for s in regroups]}


@review_router.post("/api/review/reanchor", tags=["review"])
def api_reanchor(conn: Conn) -> dict[str, Any]:
    report = reanchor(conn)
    return {"checked": report.checked, "summary": report.summary(),
            "changed": [{"review": f"R{o.item}", "kind": o.kind, "before": o.before, "after": o.after,
                         "how": o.how, "text": o.text, "reason": o.reason} for o in report.outcomes]}


@review_router.get("/api/review/gold", tags=["review"])
def api_gold(conn: Conn) -> dict[str, Any]:
    """The reviewed items as a claimledger-gold/1 file."""
    return reviews_to_gold(conn)


@review_router.get("/api/review/score", tags=["review"])
def api_score(conn: Conn) -> dict[str, Any]:
    """The current extraction scored against this ledger's reviews (as `eval --from-reviews`)."""
    reanchor_if_stale(conn)
    result = score_reviews(conn)
    return {**result.result.to_dict(), "summary": result.summary()}


# ---------------------------------------------------------------------------------- regroups
def _regroup(request: Request, conn: sqlite3.Connection, state: ReviewState) -> dict[str, Any]:
    """Rebuild the figures after a merge/split/undo; answer it with the figure its claims are in now."""
    from claimledger.ledger.store import Ledger
    from claimledger.review import figure_overrides

    with Ledger(request.app.state.db) as ledger:
        figure_overrides.rebuild(ledger)
    now = store.get(conn, state.item) or state
    figure = figure_overrides.figure_of_claims(conn, now.anchor.members) if not now.orphaned else None
    return {**state_json(now), "describe": figure_overrides.describe(now), "figure": figure}


@review_router.get("/api/review/regroups", tags=["review"])
def api_regroups(conn: Conn) -> dict[str, Any]:
    """Every merge and split of figures, with its state and the figure its claims are in now."""
    from dataclasses import asdict

    from claimledger.review import figure_overrides

    return {"regroups": [asdict(v) for v in figure_overrides.views(conn)]}


@review_router.post("/api/review/regroups/merge", tags=["review"])
def api_merge(request: Request, conn: Conn, body: MergeIn) -> dict[str, Any]:
    """Merge figure ``other`` into figure ``into`` (kept across re-analysis), then rebuild the figures."""
    from claimledger.review import figure_overrides

    state = figure_overrides.merge(conn, body.into, body.other, reviewer=body.reviewer, note=body.note)
    return _regroup(request, conn, state)


@review_router.post("/api/review/regroups/split", tags=["review"])
def api_split(request: Request, conn: Conn, body: SplitIn) -> dict[str, Any]:
    """Split claims off their figure into a new one (or ``into`` another), then rebuild the figures."""
    from claimledger.review import figure_overrides

    state = figure_overrides.split(conn, body.claims, reviewer=body.reviewer, figure=body.figure, into=body.into,
                                   label=body.label, note=body.note)
    return _regroup(request, conn, state)


@review_router.post("/api/review/regroups/{ref}/undo", tags=["review"])
def api_undo(request: Request, conn: Conn, ref: str, body: UndoIn) -> dict[str, Any]:
    """Undo a merge or split (its history stays), then rebuild the figures."""
    from claimledger.review import figure_overrides

    state = figure_overrides.revoke(conn, _checked_ref(ref), reviewer=body.reviewer, note=body.note)
    return _regroup(request, conn, state)


def _figure_url(result: dict[str, Any]) -> str:
    return f"/figures/{result['figure']}" if result.get("figure") else "/figures"


@review_router.post("/review/regroup/merge", include_in_schema=False)
def regroup_merge(request: Request, conn: Conn, into: Annotated[str, Form(max_length=40)],
                  other: Annotated[str, Form(max_length=40)], reviewer: Annotated[str, Form(max_length=100)] = "web",
                  note: Annotated[str | None, Form(max_length=4000)] = None) -> Response:
    """The figure page's merge form: then to the merged figure."""
    from claimledger.review import figure_overrides

    state = figure_overrides.merge(conn, into, other, reviewer=(reviewer or "web").strip() or "web", note=note or None)
    return RedirectResponse(_figure_url(_regroup(request, conn, state)), status_code=303)


@review_router.post("/review/regroup/split", include_in_schema=False)
def regroup_split(request: Request, conn: Conn, figure: Annotated[str, Form(max_length=40)],
                  claims: Annotated[list[str] | None, Form(max_length=40)] = None,
                  into: Annotated[str | None, Form(max_length=40)] = None,
                  label: Annotated[str | None, Form(max_length=200)] = None,
                  reviewer: Annotated[str, Form(max_length=100)] = "web",
                  note: Annotated[str | None, Form(max_length=4000)] = None) -> Response:
    """The figure page's split form: then to the figure the selected claims are in now."""
    from claimledger.review import figure_overrides

    if not claims or len(claims) > 500:
        raise UsageError("Select the claims to split off.", hint="Tick one or more claims of the figure.")
    state = figure_overrides.split(conn, claims, reviewer=(reviewer or "web").strip() or "web", figure=figure,
                                   into=into or None, label=label or None, note=note or None)
    return RedirectResponse(_figure_url(_regroup(request, conn, state)), status_code=303)


@review_router.post("/review/regroup/undo", include_in_schema=False)
def regroup_undo(request: Request, conn: Conn, ref: Annotated[str, Form(max_length=40)],
                 reviewer: Annotated[str, Form(max_length=100)] = "web",
                 note: Annotated[str | None, Form(max_length=4000)] = None) -> Response:
    from claimledger.review import figure_overrides

    state = figure_overrides.revoke(conn, ref, reviewer=(reviewer or "web").strip() or "web", note=note or None)
    return RedirectResponse(_figure_url(_regroup(request, conn, state)), status_code=303)


# ---------------------------------------------------------------------------------- pages
def _env(request: Request) -> jinja2.Environment:
    env = getattr(request.app.state, "env", None)
    if env is None:  # mounted on a bare app (tests): build the web UI's environment
        from claimledger.report.render import Links, environment

        env = environment(Links(web=True), extra=[WEB / "templates"])
        request.app.state.env = env
    return env


def _url(path: str, params: dict[str, Any], offset: int | None = None) -> str:
    query = {k: v for k, v in params.items() if v not in (None, "")}
    if offset:
        query["offset"] = offset
    return path + ("?" + urlencode(query) if query else "")


def _render(request: Request, template: str, **ctx: Any) -> HTMLResponse:
    html = _env(request).get_template(template).render(page="review", page_url=_url, doc_name=lambda n: "",
                                                       FIELDS=FIELDS, **ctx)
    return HTMLResponse(html)


def _regroups(conn: sqlite3.Connection, kind: str | None, status: str | None,
              doc: str | None) -> list[tuple[ReviewState, str]]:
    """Merges and splits of figures that no longer apply, with what each did, for the orphaned
    and unmatched filters (as ``review --orphans`` and ``/api/review/orphans`` list them)."""
    from claimledger.review import figure_overrides

    if status not in ("orphaned", "unmatched") or kind not in (None, "", "figure"):
        return []
    return [(s, figure_overrides.describe(s)) for s in figure_overrides.with_shown(conn, status, doc=doc or None)]


@review_router.get("/review", response_class=HTMLResponse, include_in_schema=False)
def review_page(request: Request, conn: Conn, kind: Text = None, status: Text = "unreviewed", doc: Text = None,
                offset: Offset = 0) -> HTMLResponse:
    if kind and kind not in KINDS:
        raise HTTPException(404, f"No kind {kind!r}. Kinds: {', '.join(KINDS)}.")
    if status and status != "all" and status not in STATUS_FILTERS:
        raise HTTPException(404, f"No status {status!r}. Statuses: all, {', '.join(STATUS_FILTERS)}.")
    report = reanchor_if_stale(conn)
    rows = list_items(conn, kind=kind or None, status=None if status in (None, "", "all") else status,
                      doc=doc or None, limit=PAGE_SIZE + 1, offset=offset)
    params = {"kind": kind, "status": status, "doc": doc}
    docs = [r[0] for r in conn.execute("SELECT id FROM documents ORDER BY id LIMIT 1000")]
    return _render(request, "review.html.j2", items=rows[:PAGE_SIZE], params=params, kinds=KINDS,
                   regroups=_regroups(conn, kind, status, doc) if not offset else [],
                   statuses=("all", *STATUS_FILTERS), docs=docs, verdicts=VERDICTS, offset=offset,
                   prev=max(0, offset - PAGE_SIZE) if offset else None,
                   next=offset + PAGE_SIZE if len(rows) > PAGE_SIZE else None,
                   counts=store.counts(conn), reanchored=report.summary() if report and report.outcomes else None,
                   here=_url("/review", params, offset))


@review_router.get("/review/history/{ref}", response_class=HTMLResponse, include_in_schema=False)
def history_page(request: Request, conn: Conn, ref: str) -> HTMLResponse:
    it = get_item(conn, _checked_ref(ref))
    states = store.history(conn, it.review.item) if it.review else []
    return _render(request, "review_history.html.j2", item=it, states=states)


def _safe_back(back: str | None) -> str:
    """Only a path on this server: never an open redirect."""
    if not back:
        return "/review"
    parts = urlsplit(back)
    if parts.scheme or parts.netloc or not back.startswith("/review") or back.startswith("//"):
        return "/review"
    return back


@review_router.post("/review/act", include_in_schema=False)
async def review_act(request: Request, conn: Conn, ref: Annotated[str, Form(max_length=40)],
                     decision: Annotated[str, Form(max_length=20)],
                     reviewer: Annotated[str, Form(max_length=100)] = "web",
                     note: Annotated[str | None, Form(max_length=4000)] = None,
                     verdict: Annotated[str | None, Form(max_length=20)] = None,
                     rationale: Annotated[str | None, Form(max_length=4000)] = None,
                     expect: Annotated[str | None, Form(max_length=20_000)] = None,
                     back: Annotated[str | None, Form(max_length=2000)] = None) -> Response:
    """The no-JavaScript path: a plain form post, then back to the list."""
    form = await request.form()
    it = get_item(conn, ref)
    corrections: dict[str, Any] = {}
    if decision == "correct":
        for name in FIELDS[it.kind]:
            raw = form.get("f_" + name)
            if isinstance(raw, str):
                value = parse_field(it.kind, name, raw)
                if value != it.approved.get(name):
                    corrections[name] = value
        if not corrections:
            raise UsageError("Nothing was changed.", hint="Edit a value before saving a correction.")
    actions.decide(conn, ref, decision, reviewer=(reviewer or "web").strip() or "web",
                   corrections=corrections or None,
                   note=note if decision in ("note", "reject") or note else None,
                   verdict=verdict or None, rationale=rationale or None, expect_text=expect)
    return RedirectResponse(_safe_back(back), status_code=303)


@review_router.post("/review/add", include_in_schema=False)
def review_add(conn: Conn, kind: Annotated[str, Form(max_length=20)], doc: Annotated[str, Form(max_length=2000)],
               text: Annotated[str, Form(max_length=20_000)], values: Annotated[str, Form(max_length=4000)],
               reviewer: Annotated[str, Form(max_length=100)] = "web",
               note: Annotated[str | None, Form(max_length=4000)] = None,
               back: Annotated[str | None, Form(max_length=2000)] = None) -> Response:
    """Add a missed item from the page's form: the passage quoted exactly, values as
    ``field=value`` pairs (the syntax of the terminal prompt)."""
    from claimledger.review.tui import parse_assignments

    if kind not in ("claim", "event", "finding"):
        raise UsageError(f"Cannot add a {kind!r}.", hint="Add a claim, an event or a finding.")
    actions.add_item(conn, kind, doc, reviewer=(reviewer or "web").strip() or "web", text=text,
                     values=parse_assignments(kind, values), note=note or None)
    return RedirectResponse(_safe_back(back), status_code=303)


@review_router.get("/review/static/{name}", include_in_schema=False)
def review_static(name: str) -> FileResponse:
    if name not in STATIC:
        raise HTTPException(404, "No such file.")
    path, media = STATIC[name]
    return FileResponse(path, media_type=media, headers={"Cache-Control": "no-cache"})


__all__ = ["review_router"]
