"""One polite HTTP client for pages and feeds.

Every bound a crawler needs is here, in one place, with a number a user can change:
timeouts (connect, read, and a wall-clock deadline so a server that drips one byte a
second cannot hold a worker forever), bounded retries with exponential backoff on
network errors, 5xx and 429 (honouring ``Retry-After``), a minimum delay between two
requests to one host and a cap on requests in flight per host, robots.txt, conditional
GET (``If-None-Match`` / ``If-Modified-Since``; a 304 is "unchanged"), a size limit that
aborts the download (and the decompression: a 1 KB gzip bomb cannot fill memory), a
bounded redirect chain with loop detection, and a content-type check so a PDF or a video
is refused with a message instead of being read.

Redirects are followed by hand, not by httpx, so that robots.txt, the rate limit and the
loop check apply to every hop.  The body is kept twice: ``raw`` exactly as it came off the
wire (content-encoding included) for the WARC archive, and ``body`` decoded for analysis.
The transport is injectable (``httpx.MockTransport`` or a loopback-only transport in tests).
The per-URL errors and the HTTP helpers live in :mod:`.httputil` and are re-exported here.
"""

from __future__ import annotations

import datetime as dt
import random
import threading
import time
from collections.abc import Callable, Iterable, Iterator, Mapping
from concurrent.futures import ThreadPoolExecutor
from contextlib import contextmanager
from dataclasses import dataclass, field, replace
from urllib.parse import urljoin, urlsplit

import httpx

from claimledger import __version__
from claimledger.errors import InputError, TooLarge, UnsupportedInput
from claimledger.follow.addresses import allow_private_default, check_public
from claimledger.follow.httputil import (
    FetchFailed,
    HttpStatusError,
    RedirectFailed,
    RobotsDisallowed,
    decode_content,
    media_type,
    normalise_url,
    pairs,
    retry_after_seconds,
    status_hint,
    too_large,
    type_ok,
)
from claimledger.follow.robots import MAX_ROBOTS_BYTES, RobotsCache

HTML_TYPES: tuple[str, ...] = ("text/html", "application/xhtml+xml", "text/plain")
FEED_TYPES: tuple[str, ...] = (
    "application/rss+xml", "application/atom+xml", "application/rdf+xml", "application/xml", "text/xml",
    "application/x-rss+xml", "+xml", *HTML_TYPES,
)
_ACCEPT_HEADER = {
    HTML_TYPES: "text/html,application/xhtml+xml;q=0.9,text/plain;q=0.8",
    FEED_TYPES: "application/rss+xml,application/atom+xml,application/xml;q=0.9,text/xml;q=0.9,*/*;q=0.1",
}
REDIRECT_STATUSES = frozenset({301, 302, 303, 307, 308})
RETRY_STATUSES = frozenset({429, 500, 502, 503, 504})
MAX_CRAWL_DELAY = 60.0  # a robots.txt Crawl-delay above this is capped, not obeyed literally


def default_user_agent(contact: str | None = None) -> str:
    """``claimledger/<version> (+contact)``: site owners can see who reads and how to reach them."""
    return f"claimledger/{__version__} (+{contact})" if contact else f"claimledger/{__version__}"


@dataclass(frozen=True)
class FetchConfig:
    """Every limit the fetcher obeys.  Defaults suit polite crawling of news sites."""

    user_agent: str = field(default_factory=default_user_agent)
    connect_timeout: float = 10.0
    read_timeout: float = 30.0
    deadline: float = 120.0  # wall-clock seconds for one response, body included
    retries: int = 3
    backoff: float = 1.0  # first retry waits about this long, then 2x, 4x ...
    backoff_max: float = 60.0
    retry_after_max: float = 300.0  # a Retry-After longer than this fails the URL instead
    max_bytes: int = 10 * 1024 * 1024  # raw and decoded body
    max_redirects: int = 5
    host_delay: float = 1.0  # minimum seconds between two requests to one host
    host_concurrency: int = 2
    concurrency: int = 8
    respect_robots: bool = True
    trust_env: bool = True  # proxies from the environment
    # refuse hosts that resolve to private/loopback/link-local addresses (see follow.addresses)
    allow_private: bool = field(default_factory=allow_private_default)


@dataclass(frozen=True)
class Fetched:
    """One successful response (200, or 304 when the page is unchanged)."""

    url: str  # as requested
    final_url: str  # after redirects; the document id of the page
    status: int
    reason: str
    http_version: str
    request_headers: tuple[tuple[str, str], ...]
    response_headers: tuple[tuple[str, str], ...]
    raw: bytes  # the payload as received (content-encoding kept) — what the WARC stores
    body: bytes  # the payload decoded — what is analysed
    fetched_at: str  # ISO 8601 UTC
    redirects: tuple[str, ...] = ()
    content_type: str = ""  # media type, lower case, without parameters

    @property
    def not_modified(self) -> bool:
        return self.status == 304

    def header(self, name: str) -> str | None:
        lowered = name.lower()
        return next((v for k, v in self.response_headers if k.lower() == lowered), None)

    @property
    def etag(self) -> str | None:
        return self.header("ETag")

    @property
    def last_modified(self) -> str | None:
        return self.header("Last-Modified")

    @property
    def charset(self) -> str | None:
        ctype = self.header("Content-Type") or ""
        for param in ctype.split(";")[1:]:
            key, _, value = param.partition("=")
            if key.strip().lower() == "charset" and value.strip():
                return value.strip().strip("\"'").lower()
        return None


@dataclass(frozen=True)
class Condition:
    """Validators from an earlier fetch, for a conditional GET."""

    etag: str | None = None
    last_modified: str | None = None


def describe(exc: httpx.HTTPError, cfg: FetchConfig) -> str:
    """A transport error in words a user can act on."""
    if isinstance(exc, httpx.ConnectTimeout):
        return f"could not connect within {cfg.connect_timeout:g}s"
    if isinstance(exc, httpx.TimeoutException):
        return f"the server sent nothing for {cfg.read_timeout:g}s"
    if isinstance(exc, httpx.ConnectError):
        return f"could not connect ({exc or 'connection refused'})"
    if isinstance(exc, httpx.RemoteProtocolError):
        return f"the server broke off the response ({exc})"
    return f"{type(exc).__name__}: {exc}"


class _Slow(Exception):
    """The wall-clock deadline passed while the body was still arriving."""


@dataclass(frozen=True)
class _Hop:
    url: str
    status: int
    reason: str
    http_version: str
    request_headers: tuple[tuple[str, str], ...]
    response_headers: tuple[tuple[str, str], ...]
    raw: bytes = b""
    location: str | None = None


class _HostGate:
    def __init__(self, concurrency: int) -> None:
        self.slots = threading.BoundedSemaphore(max(1, concurrency))
        self.lock = threading.Lock()
        self.next_at = 0.0


class Fetcher:
    """Fetch pages politely.  Thread-safe; use as a context manager (closes the client)."""

    def __init__(self, config: FetchConfig | None = None, *, transport: httpx.BaseTransport | None = None,
                 sleep: Callable[[float], None] = time.sleep, clock: Callable[[], float] = time.monotonic,
                 jitter: Callable[[], float] = random.random) -> None:
        self.config = cfg = config or FetchConfig()
        self.sleep, self.clock, self.jitter = sleep, clock, jitter
        self.client = httpx.Client(
            transport=transport, follow_redirects=False, trust_env=cfg.trust_env and transport is None,
            timeout=httpx.Timeout(cfg.read_timeout, connect=cfg.connect_timeout),
            headers={"User-Agent": cfg.user_agent, "Accept-Encoding": "gzip, deflate"},
        )
        self.robots: RobotsCache | None = None
        if cfg.respect_robots:
            agent = cfg.user_agent.split("/", 1)[0].split()[0] or "claimledger"
            self.robots = RobotsCache(get=self._get_robots, agent=agent)
        self._gates: dict[str, _HostGate] = {}
        self._gates_lock = threading.Lock()

    def __enter__(self) -> Fetcher:
        return self

    def __exit__(self, *exc: object) -> None:
        self.close()

    def close(self) -> None:
        self.client.close()

    # ------------------------------------------------------------------ public
    def fetch(self, url: str, *, condition: Condition | None = None,
              accept: tuple[str, ...] = HTML_TYPES) -> Fetched:
        """GET ``url`` following redirects; raise an :class:`InputError` subclass on failure."""
        requested = normalise_url(url)
        current, chain = requested, [requested]
        cond = condition or Condition()
        while True:
            if not self.config.allow_private:
                check_public(current)
            if self.robots is not None:
                rules = self.robots.rules_for(current)
                if not rules.allowed(current):
                    why = rules.reason or f"robots.txt does not allow {self.robots.agent} to read this page"
                    raise RobotsDisallowed(f"{current}: {why}.", hint="Respect the site's wish, or pass "
                                           "--ignore-robots if you have the site's permission.")
            hop = self._with_retries(current, cond, accept)
            if hop.status in REDIRECT_STATUSES:
                current = self._next_hop(hop, chain)
                continue
            if hop.status >= 400:
                raise HttpStatusError(f"{current}: the server answered {hop.status} {hop.reason}.".replace(" .", "."),
                                      status=hop.status, hint=status_hint(hop.status))
            if hop.status in (204, 206):
                raise HttpStatusError(f"{current}: the server answered {hop.status} {hop.reason} (no full page).",
                                      status=hop.status, hint="Check the address.")
            headers = dict((k.lower(), v) for k, v in hop.response_headers)
            body = b"" if hop.status == 304 else decode_content(
                hop.raw, headers.get("content-encoding"), self.config.max_bytes, current)
            return Fetched(
                url=requested, final_url=current, status=hop.status, reason=hop.reason,
                http_version=hop.http_version, request_headers=hop.request_headers,
                response_headers=hop.response_headers, raw=hop.raw, body=body,
                fetched_at=dt.datetime.now(dt.UTC).isoformat(timespec="seconds"),
                redirects=tuple(chain[1:]), content_type=media_type(headers.get("content-type")),
            )

    def fetch_many(self, urls: Iterable[str], *, conditions: Mapping[str, Condition] | None = None,
                   accept: tuple[str, ...] = HTML_TYPES) -> Iterator[tuple[str, Fetched | InputError]]:
        """Fetch concurrently (bounded overall and per host); yield ``(url, result)`` in input order."""
        conditions = conditions or {}

        def one(u: str) -> Fetched | InputError:
            try:
                return self.fetch(u, condition=conditions.get(u), accept=accept)
            except InputError as exc:
                return exc

        todo = list(dict.fromkeys(urls))
        with ThreadPoolExecutor(max_workers=max(1, min(self.config.concurrency, len(todo) or 1))) as pool:
            futures = [(u, pool.submit(one, u)) for u in todo]
            for u, fut in futures:
                yield u, fut.result()

    # ------------------------------------------------------------------ internals
    def _next_hop(self, hop: _Hop, chain: list[str]) -> str:
        if not hop.location:
            raise RedirectFailed(f"{hop.url}: a {hop.status} redirect without a Location header.",
                                 hint="The site is misconfigured; try the page's final address.")
        try:
            target = normalise_url(urljoin(hop.url, hop.location))
        except FetchFailed:
            raise RedirectFailed(f"{hop.url}: redirects to {hop.location!r}, which is not an http(s) URL.",
                                 hint="Nothing to do: the page is not readable over HTTP.") from None
        if target in chain:
            loop = " -> ".join([*chain[chain.index(target):], target])
            raise RedirectFailed(f"{chain[0]}: redirect loop ({loop}).", hint="The site is misconfigured; try later.")
        if len(chain) > self.config.max_redirects:
            raise RedirectFailed(f"{chain[0]}: more than {self.config.max_redirects} redirects.",
                                 hint="Give the final address of the page, or raise --max-redirects.")
        chain.append(target)
        return target

    def _with_retries(self, url: str, cond: Condition, accept: tuple[str, ...]) -> _Hop:
        cfg = self.config
        for attempt in range(cfg.retries + 1):
            last = attempt == cfg.retries
            try:
                hop = self._attempt(url, cond, accept)
            except httpx.UnsupportedProtocol as exc:
                raise FetchFailed(f"{url}: {exc}.", hint="Give an http(s) URL.") from None
            except _Slow:
                raise FetchFailed(f"{url}: the page took longer than {cfg.deadline:g}s to arrive.",
                                  hint="The server is very slow; try later.") from None
            except httpx.TransportError as exc:
                if last:
                    raise FetchFailed(f"{url}: {describe(exc, cfg)} (tried {attempt + 1} times).",
                                      hint="Check the address and your connection, or try later.") from None
                self.sleep(self._backoff(attempt))
                continue
            if hop.status not in RETRY_STATUSES or last:
                return hop
            headers = dict((k.lower(), v) for k, v in hop.response_headers)
            wait = retry_after_seconds(headers.get("retry-after"))
            if wait is not None and wait > cfg.retry_after_max:
                raise HttpStatusError(f"{url}: the server answered {hop.status} and asks to wait {wait:.0f}s.",
                                      status=hop.status, hint="Run the command again later.")
            self.sleep(wait if wait is not None else self._backoff(attempt))
        raise AssertionError("unreachable")  # pragma: no cover

    def _backoff(self, attempt: int) -> float:
        base = self.config.backoff * (2 ** attempt)
        return min(self.config.backoff_max, base + base * 0.25 * self.jitter())

    def _attempt(self, url: str, cond: Condition, accept: tuple[str, ...]) -> _Hop:
        cfg = self.config
        headers = {"Accept": _ACCEPT_HEADER.get(accept, "*/*")}
        if cond.etag:
            headers["If-None-Match"] = cond.etag
        if cond.last_modified:
            headers["If-Modified-Since"] = cond.last_modified
        request = self.client.build_request("GET", url, headers=headers)
        with self._slot(url):
            started = self.clock()
            response = self.client.send(request, stream=True)
            try:
                status = response.status_code
                hop = _Hop(url=url, status=status, reason=response.reason_phrase,
                           http_version=response.http_version, request_headers=pairs(request.headers.raw),
                           response_headers=pairs(response.headers.raw))
                if status in REDIRECT_STATUSES:
                    return replace(hop, location=response.headers.get("location"))
                if status == 304 or status >= 300 or status in (204, 206):
                    return hop
                mtype = media_type(response.headers.get("content-type"))
                if not type_ok(mtype, accept):
                    raise UnsupportedInput(f"{url}: the server sent {mtype}, not a web page or text.",
                                           hint="claimledger reads HTML and plain text; download and convert "
                                           "other documents yourself, then use `claimledger analyze`.")
                declared = response.headers.get("content-length", "")
                if declared.isdigit() and int(declared) > cfg.max_bytes:
                    raise too_large(url, cfg.max_bytes)
                raw = bytearray()
                for chunk in response.iter_raw():
                    raw.extend(chunk)
                    if len(raw) > cfg.max_bytes:
                        raise too_large(url, cfg.max_bytes)
                    if self.clock() - started > cfg.deadline:
                        raise _Slow()
                return replace(hop, raw=bytes(raw))
            finally:
                response.close()

    @contextmanager
    def _slot(self, url: str) -> Iterator[None]:
        """Wait for a free slot on the host and for the host's delay since the last request."""
        host = urlsplit(url).netloc
        with self._gates_lock:
            gate = self._gates.setdefault(host, _HostGate(self.config.host_concurrency))
        delay = self.config.host_delay
        if self.robots is not None and not url.endswith("/robots.txt"):
            crawl = self.robots.rules_for(url).crawl_delay
            if crawl:
                delay = max(delay, min(crawl, MAX_CRAWL_DELAY))
        with gate.slots:
            with gate.lock:
                now = self.clock()
                start = max(now, gate.next_at)
                gate.next_at = start + delay
            if start > now:
                self.sleep(start - now)
            yield

    def _get_robots(self, robots_url: str) -> tuple[int, bytes]:
        """GET /robots.txt with the usual retries, up to 5 redirects (RFC 9309).

        A network failure raises :class:`FetchFailed` (the page cannot be read either, and
        the user should see why); a file too large or of an odd type counts as absent.
        """
        current, chain = robots_url, [robots_url]
        try:
            while True:
                hop = self._with_retries(current, Condition(), ("*/*",))
                if hop.status not in REDIRECT_STATUSES:
                    break
                current = self._next_hop(hop, chain)
                if len(chain) > 6:
                    return 404, b""
            headers = dict((k.lower(), v) for k, v in hop.response_headers)
            body = decode_content(hop.raw, headers.get("content-encoding"), self.config.max_bytes, current)
        except RedirectFailed:
            return 404, b""  # "unavailable": allow, as the RFC says
        except (TooLarge, UnsupportedInput):
            return 404, b""
        except HttpStatusError as exc:
            return exc.status, b""
        return hop.status, body[:MAX_ROBOTS_BYTES]


__all__ = [
    "FEED_TYPES", "HTML_TYPES", "Condition", "FetchConfig", "FetchFailed", "Fetched", "Fetcher", "HttpStatusError",
    "RedirectFailed", "RobotsDisallowed", "decode_content", "default_user_agent", "describe", "media_type",
    "normalise_url", "retry_after_seconds",
]
