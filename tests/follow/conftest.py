"""A scriptable web site on 127.0.0.1, and a guard that keeps every test on loopback.

``site`` is a threaded HTTP/1.1 server whose routes a test sets and changes between
polls (``site.route("/a", Reply(body=...))``).  A reply can be slow to start, drip its
body, be chunked or gzipped, carry an ETag / Last-Modified and answer conditional
requests with 304, or be computed per request.  Every request is logged in ``site.hits``.

``_loopback_only`` (autouse) patches ``socket.connect`` so that a connection to anything
but 127.0.0.1 / ::1 fails the test: no test of fetch, feeds or watch can reach the
network, even by mistake (a feed link to a real site, a redirect, a webhook).
"""

from __future__ import annotations

import gzip
import os
import socket
import threading
import time
from collections.abc import Callable, Iterator
from dataclasses import dataclass, field
from http.server import BaseHTTPRequestHandler, ThreadingHTTPServer
from typing import Any

import httpx
import pytest

from claimledger.follow.fetch import FetchConfig, Fetcher

LOOPBACK = ("127.0.0.1", "::1", "localhost")

# The test site lives on 127.0.0.1, which the fetcher refuses by default (no SSRF): allow
# private addresses for these tests and the CLI subprocesses they start.
os.environ["CLAIMLEDGER_ALLOW_PRIVATE"] = "1"


@pytest.fixture(autouse=True)
def _loopback_only(monkeypatch: pytest.MonkeyPatch) -> None:
    real_connect = socket.socket.connect

    def guarded(self: socket.socket, address: Any) -> Any:
        host = address[0] if isinstance(address, tuple) else address
        if self.family in (socket.AF_INET, socket.AF_INET6) and host not in LOOPBACK:
            raise AssertionError(f"test tried to reach {address!r}: only loopback is allowed")
        return real_connect(self, address)

    monkeypatch.setattr(socket.socket, "connect", guarded)


class LoopbackTransport(httpx.HTTPTransport):
    """An httpx transport that refuses any host but loopback (a second, explicit guard)."""

    def handle_request(self, request: httpx.Request) -> httpx.Response:
        assert request.url.host in LOOPBACK, f"non-loopback request to {request.url}"
        return super().handle_request(request)


@dataclass
class Reply:
    status: int = 200
    body: bytes | str = b""
    content_type: str | None = "text/html; charset=utf-8"
    headers: dict[str, str] = field(default_factory=dict)
    etag: str | None = None
    last_modified: str | None = None
    delay: float = 0.0  # seconds before the status line
    drip: float = 0.0  # seconds between body chunks of 64 bytes
    chunked: bool = False
    gzip: bool = False
    lie_length: int | None = None  # a Content-Length header that is not the body's


@dataclass
class Hit:
    path: str
    headers: dict[str, str]


class Site:
    def __init__(self) -> None:
        self.routes: dict[str, Reply | Callable[[Hit], Reply]] = {}
        self.hits: list[Hit] = []
        self.port = 0

    def route(self, path: str, reply: Reply | Callable[[Hit], Reply]) -> str:
        self.routes[path] = reply
        return self.url(path)

    def url(self, path: str) -> str:
        return f"http://127.0.0.1:{self.port}{path}"

    def count(self, path: str) -> int:
        return sum(1 for h in self.hits if h.path == path)


def _handler(site: Site) -> type[BaseHTTPRequestHandler]:
    class Handler(BaseHTTPRequestHandler):
        protocol_version = "HTTP/1.1"

        def log_message(self, format: str, *args: Any) -> None:
            pass

        def do_GET(self) -> None:
            hit = Hit(self.path, {k.lower(): v for k, v in self.headers.items()})
            site.hits.append(hit)
            route = site.routes.get(self.path)
            if route is None:
                reply = Reply(status=404, body=b"not here")
            else:
                reply = route(hit) if callable(route) else route
            self._send(reply, hit)

        def do_POST(self) -> None:
            length = int(self.headers.get("content-length") or 0)
            body = self.rfile.read(length)
            hit = Hit(self.path, {k.lower(): v for k, v in self.headers.items()})
            hit.headers["body"] = body.decode("utf-8", "replace")
            site.hits.append(hit)
            route = site.routes.get(self.path)
            reply = (route(hit) if callable(route) else route) if route else Reply(status=204)
            self._send(reply, hit)

        def _send(self, reply: Reply, hit: Hit) -> None:
            if reply.delay:
                time.sleep(reply.delay)
            body = reply.body.encode("utf-8") if isinstance(reply.body, str) else reply.body
            if (reply.etag and hit.headers.get("if-none-match") == reply.etag) or (
                    reply.last_modified and hit.headers.get("if-modified-since") == reply.last_modified):
                self.send_response(304)
                self.send_header("Content-Length", "0")
                self.end_headers()
                return
            if reply.gzip:
                body = gzip.compress(body)
            self.send_response(reply.status)
            if reply.content_type:
                self.send_header("Content-Type", reply.content_type)
            if reply.gzip:
                self.send_header("Content-Encoding", "gzip")
            if reply.etag:
                self.send_header("ETag", reply.etag)
            if reply.last_modified:
                self.send_header("Last-Modified", reply.last_modified)
            for k, v in reply.headers.items():
                self.send_header(k, v)
            if reply.chunked:
                self.send_header("Transfer-Encoding", "chunked")
            else:
                self.send_header("Content-Length", str(reply.lie_length or len(body)))
            self.end_headers()
            try:
                for i in range(0, len(body), 64 if reply.drip else max(1, len(body))):
                    chunk = body[i:i + (64 if reply.drip else len(body))]
                    if reply.chunked:
                        self.wfile.write(f"{len(chunk):x}\r\n".encode() + chunk + b"\r\n")
                    else:
                        self.wfile.write(chunk)
                    self.wfile.flush()
                    if reply.drip:
                        time.sleep(reply.drip)
                if reply.chunked:
                    self.wfile.write(b"0\r\n\r\n")
            except (BrokenPipeError, ConnectionResetError):
                pass

    return Handler


@pytest.fixture
def site() -> Iterator[Site]:
    s = Site()
    server = ThreadingHTTPServer(("127.0.0.1", 0), _handler(s))
    server.daemon_threads = True
    s.port = server.server_address[1]
    thread = threading.Thread(target=server.serve_forever, kwargs={"poll_interval": 0.05}, daemon=True)
    thread.start()
    try:
        yield s
    finally:
        server.shutdown()
        server.server_close()


FAST = FetchConfig(
    user_agent="claimledger-test/1 (+tests)", connect_timeout=1.0, read_timeout=0.5, deadline=2.0, retries=2,
    backoff=0.01, backoff_max=0.05, retry_after_max=5.0, max_bytes=200_000, max_redirects=3, host_delay=0.0,
    host_concurrency=4, concurrency=4, trust_env=False,
)


@pytest.fixture
def make_fetcher() -> Iterator[Callable[..., Fetcher]]:
    """``make_fetcher(**config_overrides)``: a Fetcher on loopback with short limits; sleeps are recorded."""
    made: list[Fetcher] = []

    def make(sleeps: list[float] | None = None, **overrides: Any) -> Fetcher:
        from dataclasses import replace

        def fake_sleep(seconds: float) -> None:
            if sleeps is not None:
                sleeps.append(seconds)

        f = Fetcher(replace(FAST, **overrides), transport=LoopbackTransport(), sleep=fake_sleep, jitter=lambda: 0.0)
        made.append(f)
        return f

    yield make
    for f in made:
        f.close()


ARTICLE = """<!doctype html><html><head><title>{title}</title>
<meta property="og:site_name" content="{outlet}"><meta name="date" content="{date}"></head>
<body><nav>Home | World | Sport</nav><article><h1>{title}</h1>
{paras}
</article><footer>Copyright 2024</footer></body></html>"""


def article(title: str, *paras: str, outlet: str = "Loopback News", date: str = "2024-11-14") -> str:
    """A small news page that trafilatura extracts cleanly."""
    body = "\n".join(f"<p>{p}</p>" for p in paras)
    return ARTICLE.format(title=title, outlet=outlet, date=date, paras=body)


def cli_env_for_subprocess() -> dict[str, str]:
    """The environment ``run_cli`` uses (no colour, wide lines, UTF-8), for a Popen of our own."""
    import os

    env = dict(os.environ)
    env.update({"NO_COLOR": "1", "TERM": "dumb", "COLUMNS": "400", "PYTHONIOENCODING": "utf-8"})
    return env
