"""HTTP details the fetcher needs, kept apart so each is small and testable alone.

Per-URL errors, URL normalisation, media types, Content-Encoding with an output limit
(a gzip bomb stops at the limit, not at the memory's end), ``Retry-After`` in both of its
forms, and the hints a user reads when a server says no.

Errors (per URL, never raised for a whole batch)::

    InputError
    ├── FetchFailed        [E210] network error or timeout after the retries
    │   ├── RobotsDisallowed  [E211] robots.txt forbids the URL (use --ignore-robots to override)
    │   ├── HttpStatusError   [E212] the server answered 4xx/5xx
    │   └── RedirectFailed    [E213] too many redirects, a loop, or a redirect to a non-HTTP URL
    ├── UnsupportedInput   [E201] not HTML or text
    └── TooLarge           [E205] over the size limit
"""

from __future__ import annotations

import datetime as dt
import email.utils
import zlib
from collections.abc import Iterable
from urllib.parse import urlsplit, urlunsplit

from claimledger.errors import InputError, TooLarge, UnsupportedInput


class FetchFailed(InputError):
    code = "E210"


class RobotsDisallowed(FetchFailed):
    code = "E211"


class HttpStatusError(FetchFailed):
    code = "E212"

    def __init__(self, message: str, *, status: int, hint: str | None = None) -> None:
        self.status = status
        super().__init__(message, hint=hint)


class RedirectFailed(FetchFailed):
    code = "E213"


def normalise_url(url: str) -> str:
    """An absolute http(s) URL without its fragment (the fragment never reaches the server)."""
    url = url.strip()
    parts = urlsplit(url)
    if parts.scheme.lower() not in ("http", "https") or not parts.netloc:
        raise FetchFailed(f"{url!r} is not an http(s) URL.", hint="Give absolute URLs such as https://example.org/a.")
    return urlunsplit((parts.scheme.lower(), parts.netloc.lower(), parts.path or "/", parts.query, ""))


def media_type(content_type: str | None) -> str:
    return (content_type or "").split(";", 1)[0].strip().lower()


def type_ok(mtype: str, accept: tuple[str, ...]) -> bool:
    return not mtype or mtype in accept or "*/*" in accept or ("+xml" in accept and mtype.endswith("+xml"))


def decode_content(raw: bytes, encoding: str | None, limit: int, url: str) -> bytes:
    """Undo Content-Encoding (gzip, deflate) with an output limit, so a bomb stops at ``limit``."""
    codings = [c.strip().lower() for c in (encoding or "").split(",") if c.strip()]
    data = raw
    for coding in reversed(codings):  # the last coding applied is undone first
        if coding in ("identity", ""):
            continue
        if coding not in ("gzip", "x-gzip", "deflate"):
            raise UnsupportedInput(f"{url}: the server used the content encoding {coding!r}.",
                                   hint="claimledger reads gzip and deflate only; report the site if this persists.")
        wbits = 16 + zlib.MAX_WBITS if coding != "deflate" else zlib.MAX_WBITS
        try:
            data = _inflate(data, wbits, limit)
        except zlib.error:
            if coding != "deflate":
                raise FetchFailed(f"{url}: the gzip body is corrupt.", hint="Try again later.") from None
            data = _inflate(data, -zlib.MAX_WBITS, limit)  # "deflate" sent as a raw stream
        if len(data) > limit:
            raise TooLarge(f"{url}: the page is over the size limit once decompressed ({limit:,} bytes).",
                           hint="Raise --max-bytes if this page is really wanted.")
    return data


def _inflate(data: bytes, wbits: int, limit: int) -> bytes:
    d = zlib.decompressobj(wbits)
    return d.decompress(data, limit + 1)


def retry_after_seconds(value: str | None, now: dt.datetime | None = None) -> float | None:
    """``Retry-After`` as seconds (it may be a number or an HTTP date); None if absent or unreadable."""
    if not value:
        return None
    value = value.strip()
    if value.isdigit():
        return float(value)
    try:
        when = email.utils.parsedate_to_datetime(value)
    except (TypeError, ValueError):
        return None
    if when.tzinfo is None:
        when = when.replace(tzinfo=dt.UTC)
    return max(0.0, (when - (now or dt.datetime.now(dt.UTC))).total_seconds())


def too_large(url: str, limit: int) -> TooLarge:
    return TooLarge(f"{url}: the page is over the size limit ({limit:,} bytes); the download was stopped.",
                    hint="Raise --max-bytes if this page is really wanted.")


def pairs(raw: Iterable[tuple[bytes, bytes]]) -> tuple[tuple[str, str], ...]:
    return tuple((k.decode("latin-1"), v.decode("latin-1")) for k, v in raw)


def status_hint(status: int) -> str:
    if status in (401, 403):
        return "The site refuses access (paywall or bot protection); save the page from a browser and analyse the file."
    if status in (404, 410):
        return "The page is gone; check the address."
    if status == 429:
        return "The site limits request rates; try later or raise --delay."
    if status >= 500:
        return "The server failed; try later."
    return "Check the address."
