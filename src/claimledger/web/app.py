"""``create_app(db_path, token=None) -> FastAPI``: the local web UI and JSON API.

Pages (server-rendered, paginated), the JSON API under ``/api`` (OpenAPI at
``/openapi.json``, described at ``/api/docs``), static CSS/JS under ``/static`` (the only
scripts a page may run, by CSP), and background analysis of uploads and pasted text.  The
guard middleware (:mod:`claimledger.web.security`) wraps everything.  FastAPI's own Swagger
pages are off: they load scripts from a CDN and run inline scripts, which the CSP forbids.
"""

from __future__ import annotations

from collections.abc import AsyncIterator
from contextlib import asynccontextmanager
from pathlib import Path

from fastapi import FastAPI, HTTPException
from fastapi.responses import FileResponse, Response

from claimledger import __version__
from claimledger.errors import UsageError
from claimledger.ledger.store import Ledger
from claimledger.report.render import STATIC as REPORT_STATIC
from claimledger.report.render import Links, environment
from claimledger.web import api, errors, pages
from claimledger.web.jobs import AnalyzeDocuments, AnalyzePaths, Jobs
from claimledger.web.review_routes import review_router
from claimledger.web.security import DEFAULT_MAX_BODY, LOOPBACK_NAMES, Guard, check_token

WEB = Path(__file__).parent
STATIC_FILES = {
    "report.css": (REPORT_STATIC / "report.css", "text/css; charset=utf-8"),
    "report.js": (REPORT_STATIC / "report.js", "text/javascript; charset=utf-8"),
    "web.js": (WEB / "static" / "web.js", "text/javascript; charset=utf-8"),
}


def create_app(db_path: str | Path, token: str | None = None, *, max_upload_bytes: int = DEFAULT_MAX_BODY,
               analyze_paths: AnalyzePaths | None = None, analyze_documents: AnalyzeDocuments | None = None,
               allowed_hosts: frozenset[str] = LOOPBACK_NAMES) -> FastAPI:
    """Build the app for one ledger (created empty if missing, so articles can be added).

    ``token``: when set, every request must carry it.  ``analyze_*`` default to the runner;
    tests inject stand-ins.  ``allowed_hosts``: Host names served without a token.
    """
    db = Path(db_path)
    if token is not None and (problem := check_token(token)):
        raise UsageError(f"Unusable token: {problem}.",
                         hint='Generate one with: python -c "import secrets; print(secrets.token_urlsafe(24))"')
    if not db.exists():
        Ledger(db).close()
    if analyze_paths is None or analyze_documents is None:
        from claimledger import runner

        analyze_paths = analyze_paths or runner.analyze
        analyze_documents = analyze_documents or runner.analyze_documents
    jobs = Jobs(db, analyze_paths, analyze_documents, max_bytes=max_upload_bytes)

    @asynccontextmanager
    async def lifespan(app: FastAPI) -> AsyncIterator[None]:
        yield
        jobs.shutdown()

    app = FastAPI(title="claimledger", version=__version__, docs_url=None, redoc_url=None, lifespan=lifespan,
                  description="The ledger of a developing news story: figures, dated events and findings, "
                              "each traced to its exact sentence. Lists are paginated with limit/offset.")
    app.state.db = db
    app.state.jobs = jobs
    app.state.max_upload = max_upload_bytes
    app.state.token_required = token is not None
    app.state.list_cache = {}
    app.state.env = environment(Links(web=True), extra=[WEB / "templates"])
    errors.install(app)
    app.include_router(api.router)
    app.include_router(pages.router)
    app.include_router(review_router)  # /review and /api/review/... (claimledger.review)

    @app.get("/static/{name}", include_in_schema=False)
    def static(name: str) -> FileResponse:
        if name not in STATIC_FILES:
            raise HTTPException(404, "No such file.")
        path, media = STATIC_FILES[name]
        return FileResponse(path, media_type=media, headers={"Cache-Control": "no-cache"})

    @app.get("/favicon.ico", include_in_schema=False)
    def favicon() -> Response:
        return Response(status_code=204)

    app.add_middleware(Guard, token=token, max_body=max_upload_bytes, allowed_hosts=allowed_hosts)
    return app
