"""Errors become HTTP responses here, and only here.

claimledger's own errors carry a code and a message written for the user; they map to a
status by class.  Anything else is a bug: the guard middleware (:mod:`security`) answers a plain 500 with
no traceback or internals, and the full story goes to the server log.  API paths get JSON
(``{"error": {"status", "code", "message"}}``); pages get the same message as HTML.
"""

from __future__ import annotations

import logging

from fastapi import FastAPI, Request
from fastapi.exceptions import RequestValidationError
from fastapi.responses import HTMLResponse, JSONResponse, Response
from starlette.exceptions import HTTPException as StarletteHTTPException

from claimledger.errors import (
    BinaryInput,
    ClaimledgerError,
    EmptyInput,
    InputError,
    LedgerBusy,
    LedgerCorrupt,
    LedgerError,
    ModelError,
    NotEnglish,
    TooLarge,
    UnsupportedInput,
    UsageError,
)

log = logging.getLogger("claimledger.web")

# Most specific first: the first class an error is an instance of decides its status.
STATUS: tuple[tuple[type[ClaimledgerError], int], ...] = (
    (TooLarge, 413),
    (UnsupportedInput, 415),
    (BinaryInput, 415),
    (EmptyInput, 422),
    (NotEnglish, 422),
    (InputError, 422),
    (UsageError, 400),
    (LedgerBusy, 503),
    (LedgerCorrupt, 500),
    (LedgerError, 503),
    (ModelError, 503),
)


def status_for(exc: ClaimledgerError) -> int:
    for cls, status in STATUS:
        if isinstance(exc, cls):
            return status
    return 500


STATUS_CODES = {400: "bad_request", 401: "unauthorized", 403: "forbidden", 404: "not_found",
                405: "method_not_allowed", 413: "too_large", 415: "unsupported", 422: "invalid",
                500: "internal", 503: "unavailable"}


def error_response(request: Request, status: int, code: str, message: str) -> Response:
    if request.url.path.startswith("/api") or "text/html" not in request.headers.get("accept", ""):
        return JSONResponse({"error": {"status": status, "code": code, "message": message}}, status_code=status)
    env = request.app.state.env
    html = env.get_template("error.html.j2").render(status=status, message=message, page="error",
                                                   doc_name=lambda n: "")
    return HTMLResponse(html, status_code=status)


def install(app: FastAPI) -> None:
    @app.exception_handler(ClaimledgerError)
    async def _claimledger(request: Request, exc: ClaimledgerError) -> Response:
        status = status_for(exc)
        if status >= 500:
            log.warning("request %s failed: %s", request.url.path, exc)
        headers_extra = {"Retry-After": "10"} if isinstance(exc, LedgerBusy) else None
        resp = error_response(request, status, exc.code, str(exc))
        if headers_extra:
            resp.headers.update(headers_extra)
        return resp

    @app.exception_handler(StarletteHTTPException)
    async def _http(request: Request, exc: StarletteHTTPException) -> Response:
        detail = exc.detail if isinstance(exc.detail, str) else "Request failed."
        if exc.status_code == 404 and detail == "Not Found":
            detail = "Nothing here. Start from the overview page or /api/docs."
        if exc.status_code == 405:
            detail = "This address does not accept that method."
        return error_response(request, exc.status_code, STATUS_CODES.get(exc.status_code, "error"), detail)

    @app.exception_handler(RequestValidationError)
    async def _invalid(request: Request, exc: RequestValidationError) -> Response:
        problems = []
        for err in exc.errors()[:5]:
            where = ".".join(str(x) for x in err.get("loc", ()) if x not in ("query", "path", "body"))
            problems.append(f"{where}: {err.get('msg', 'invalid')}")
        return error_response(request, 422, "invalid", "Invalid request — " + "; ".join(problems))
