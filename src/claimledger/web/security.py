"""The web server's guard rails, as one pure-ASGI middleware.

Every request passes, in order: a path check (no ``..``, backslashes or NUL anywhere in the
decoded path — no route can be tricked into a traversal); the Host check (when no token is
set the server answers only to loopback names, which defeats DNS rebinding); the token check
(when a token is set: ``Authorization: Bearer``, or the HttpOnly cookie that ``?token=``
sets once); a same-origin check on state-changing requests (a web page elsewhere cannot
post an upload to the local server); and the body-size limit (``Content-Length`` up front,
then counted while streaming).  Every response gets the security headers: a strict CSP
with no inline script or style, nosniff, no referrer, no framing.

Written as raw ASGI rather than ``BaseHTTPMiddleware`` so that streaming bodies are counted
as they arrive and nothing is buffered twice.
"""

from __future__ import annotations

import hmac
import json
import logging
from collections.abc import Awaitable, Callable, MutableMapping
from typing import Any
from urllib.parse import parse_qsl, urlencode, urlsplit

from claimledger.ingest.records import DEFAULT_MAX_BYTES, size_limit

Scope = MutableMapping[str, Any]
Message = MutableMapping[str, Any]
Receive = Callable[[], Awaitable[Message]]
Send = Callable[[Message], Awaitable[None]]
ASGIApp = Callable[[Scope, Receive, Send], Awaitable[None]]

log = logging.getLogger("claimledger.web")

CSP = ("default-src 'none'; script-src 'self'; style-src 'self'; img-src 'self' data:; connect-src 'self'; "
       "form-action 'self'; base-uri 'none'; frame-ancestors 'none'")
SECURITY_HEADERS: tuple[tuple[bytes, bytes], ...] = (
    (b"content-security-policy", CSP.encode()),
    (b"x-content-type-options", b"nosniff"),
    # same-origin, not no-referrer: under no-referrer browsers send "Origin: null" on form posts,
    # which would defeat the same-origin check; links to other sites still carry no referrer
    (b"referrer-policy", b"same-origin"),
    (b"x-frame-options", b"DENY"),
    (b"cross-origin-opener-policy", b"same-origin"),
    (b"cross-origin-resource-policy", b"same-origin"),
    (b"permissions-policy", b"camera=(), microphone=(), geolocation=(), interest-cohort=()"),
)
COOKIE = "claimledger_token"
LOOPBACK_NAMES = frozenset({"127.0.0.1", "localhost", "::1", "[::1]"})
DEFAULT_MAX_BODY = DEFAULT_MAX_BYTES  # MB as `analyze --max-mb` counts them: 1,000,000 bytes


TOKEN_CHARS = frozenset("ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789-._~")
MIN_TOKEN = 16


def check_token(token: str) -> str | None:
    """Why a token is unusable (too short to resist guessing, or not cookie-safe), or None."""
    if len(token) < MIN_TOKEN:
        return f"the token must be at least {MIN_TOKEN} characters"
    if not set(token) <= TOKEN_CHARS:
        return "the token may contain only letters, digits and - . _ ~"
    return None


def is_loopback(host: str) -> bool:
    return host in LOOPBACK_NAMES or host.startswith("127.")


def unsafe_path(path: str) -> bool:
    """True for any path that tries to climb out of where it points."""
    if "\x00" in path or "\\" in path:
        return True
    return any(seg in ("..", ".") for seg in path.split("/")[1:])


def _headers(scope: Scope) -> dict[str, str]:
    return {k.decode("latin-1").lower(): v.decode("latin-1") for k, v in scope.get("headers", [])}


def _host_name(host_header: str) -> str:
    if host_header.startswith("["):
        return host_header[: host_header.find("]") + 1]
    return host_header.rsplit(":", 1)[0] if host_header.count(":") == 1 else host_header


class BodyTooLarge(Exception):
    pass


class Guard:
    """ASGI middleware: path, host, token, origin and size checks plus security headers."""

    def __init__(self, app: ASGIApp, *, token: str | None = None, max_body: int = DEFAULT_MAX_BODY,
                 allowed_hosts: frozenset[str] = LOOPBACK_NAMES) -> None:
        self.app = app
        self.token = token or None
        self.max_body = max_body
        self.allowed_hosts = allowed_hosts

    async def __call__(self, scope: Scope, receive: Receive, send: Send) -> None:
        if scope["type"] != "http":
            await self.app(scope, receive, send)
            return
        send = self._with_headers(send)
        headers = _headers(scope)
        path = scope.get("path", "")
        raw = scope.get("raw_path", b"").decode("latin-1")
        if unsafe_path(path) or "%2e%2e" in raw.lower() or "%00" in raw or "%5c" in raw.lower():
            await _error(send, 400, "bad_path", "The path contains '..', a backslash or a NUL byte; "
                                                "use the links the server gives.")
            return
        host = _host_name(headers.get("host", ""))
        if self.token is None and host not in self.allowed_hosts and not is_loopback(host):
            await _error(send, 400, "bad_host", "This server answers only on its loopback address "
                                                "(start it with --token to serve other hosts).")
            return
        if self.token is not None:
            verdict = self._auth(scope, headers)
            if verdict == "redirect":
                await _redirect_setting_cookie(scope, send, self.token)
                return
            if verdict != "ok":
                await _error(send, 401, "unauthorized",
                             "This server needs its token: send 'Authorization: Bearer TOKEN', "
                             "or open any page once with ?token=TOKEN.",
                             extra=[(b"www-authenticate", b'Bearer realm="claimledger"')])
                return
        if scope.get("method", "GET") not in ("GET", "HEAD", "OPTIONS") and not _same_origin(headers):
            await _error(send, 403, "cross_origin", "Requests that change the ledger must come from this "
                                                    "server's own pages.")
            return
        length = headers.get("content-length")
        if length is not None:
            try:
                too_big = int(length) > self.max_body
            except ValueError:
                await _error(send, 400, "bad_length", "Content-Length is not a number.")
                return
            if too_big:
                await _error(send, 413, "too_large", self._too_large_message())
                return
        await self._run_limited(scope, receive, send)

    def _too_large_message(self) -> str:
        return (f"The request is larger than the limit of {size_limit(self.max_body)}. "
                "Split the upload, or restart the server with a larger --max-upload-mb.")

    async def _run_limited(self, scope: Scope, receive: Receive, send: Send) -> None:
        """Count body bytes as they stream; past the limit, answer 413 whatever the app says."""
        seen = 0
        exceeded = False
        started = False

        async def counted() -> Message:
            nonlocal seen, exceeded
            message = await receive()
            if message["type"] == "http.request":
                seen += len(message.get("body", b""))
                if seen > self.max_body:
                    exceeded = True
                    raise BodyTooLarge()
            return message

        async def guarded_send(message: Message) -> None:
            nonlocal started
            if exceeded:
                if not started:
                    started = True
                    await _error(send, 413, "too_large", self._too_large_message())
                return
            started = started or message["type"] == "http.response.start"
            await send(message)

        try:
            await self.app(scope, counted, guarded_send)
        except BodyTooLarge:
            if not started:
                await _error(send, 413, "too_large", self._too_large_message())
        except Exception:
            # A bug.  The client learns nothing about it but that it happened; the log gets it all.
            log.exception("internal error on %s", scope.get("path"))
            if not started:
                await _error(send, 500, "internal",
                             "Internal error. Nothing was changed; the details are in the server log.")

    def _auth(self, scope: Scope, headers: dict[str, str]) -> str:
        assert self.token is not None
        given = headers.get("authorization", "")
        if given.lower().startswith("bearer ") and _same(given[7:].strip(), self.token):
            return "ok"
        for part in headers.get("cookie", "").split(";"):
            name, _, value = part.strip().partition("=")
            if name == COOKIE and _same(value, self.token):
                return "ok"
        query = dict(parse_qsl(scope.get("query_string", b"").decode("latin-1")))
        if "token" in query and _same(query["token"], self.token):
            return "redirect" if scope.get("method") in ("GET", "HEAD") else "ok"
        return "no"

    def _with_headers(self, send: Send) -> Send:
        async def wrapped(message: Message) -> None:
            if message["type"] == "http.response.start":
                present = {k.lower() for k, _ in message.get("headers", [])}
                extra = [(k, v) for k, v in SECURITY_HEADERS if k not in present]
                if b"cache-control" not in present:
                    extra.append((b"cache-control", b"no-store"))
                message["headers"] = list(message.get("headers", [])) + extra
            await send(message)

        return wrapped


def _same(a: str, b: str) -> bool:
    return hmac.compare_digest(a.encode("utf-8", "replace"), b.encode("utf-8", "replace"))


def _same_origin(headers: dict[str, str]) -> bool:
    """A browser names the page a request comes from; it must be this server's own."""
    host = headers.get("host", "")
    origin = headers.get("origin") or headers.get("referer")
    if not origin:
        return True  # not a browser form or fetch (curl, scripts): nothing to forge
    if origin == "null":
        return False
    return urlsplit(origin).netloc == host


async def _error(send: Send, status: int, code: str, message: str,
                 extra: list[tuple[bytes, bytes]] | None = None) -> None:
    body = json.dumps({"error": {"status": status, "code": code, "message": message}}).encode()
    await send({"type": "http.response.start", "status": status,
                "headers": [(b"content-type", b"application/json"), (b"content-length", str(len(body)).encode()),
                            *(extra or [])]})
    await send({"type": "http.response.body", "body": body})


async def _redirect_setting_cookie(scope: Scope, send: Send, token: str) -> None:
    """``?token=`` once: remember it in an HttpOnly cookie and drop it from the address bar."""
    query = [(k, v) for k, v in parse_qsl(scope.get("query_string", b"").decode("latin-1")) if k != "token"]
    # always a same-site path: "//evil.example/" must not become a protocol-relative redirect
    location = "/" + scope.get("path", "/").lstrip("/") + (("?" + urlencode(query)) if query else "")
    cookie = f"{COOKIE}={token}; HttpOnly; SameSite=Strict; Path=/"
    await send({"type": "http.response.start", "status": 303,
                "headers": [(b"location", location.encode("latin-1", "replace")),
                            (b"set-cookie", cookie.encode("latin-1", "replace")), (b"content-length", b"0")]})
    await send({"type": "http.response.body", "body": b""})
