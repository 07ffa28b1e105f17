"""Streamed multi-article inputs: JSONL (one article per line) and WARC/ARC archives.

Both are read record by record so a 5 GB crawl never sits in memory; a broken line or
record becomes an :class:`IngestFailure` naming where it is, and the stream goes on.
When the file itself breaks off (a truncated download), the records read before the
break are kept and one failure says the file is truncated.
"""

from __future__ import annotations

import contextlib
import io
import json
import logging
import zlib
from collections.abc import Iterator
from dataclasses import replace
from typing import Any, BinaryIO

from claimledger.errors import EmptyInput, InputError, TooLarge
from claimledger.ingest.dates import iso_date
from claimledger.ingest.decode import binary_kind, decode_bytes
from claimledger.ingest.html import document_from_html
from claimledger.ingest.records import RAISE_LIMIT, IngestFailure, size_limit
from claimledger.ingest.text import document_from_text
from claimledger.models import Document

Item = Document | IngestFailure

log = logging.getLogger("claimledger.ingest")


def iter_jsonl(stream: BinaryIO, name: str, *, max_bytes: int) -> Iterator[Item]:
    """One document per JSON line with ``text`` or ``html`` (+ url/id/title/outlet/author/published)."""
    number = 0
    while True:
        try:
            raw, too_long = _read_line(stream, max_bytes)
        except (EOFError, zlib.error, OSError) as exc:
            yield _truncated(name, f"after line {number}", exc)
            return
        if raw is None:
            return
        number += 1
        origin = f"{name}#{number}"
        if too_long:
            yield IngestFailure(origin, TooLarge(
                f"{name} line {number} is over the size limit ({size_limit(max_bytes)}).",
                hint=f"Split the article or {RAISE_LIMIT}."))
            continue
        if not raw.strip():
            continue
        try:
            yield _jsonl_document(raw, name, number)
        except InputError as exc:
            yield IngestFailure(origin, exc)


def _jsonl_document(raw: bytes, name: str, number: int) -> Document:
    where = f"{name} line {number}"
    try:
        entry = json.loads(decode_bytes(raw))
    except json.JSONDecodeError as exc:
        raise InputError(f"{where} is not valid JSON ({exc.msg} at column {exc.colno}).",
                         hint="Fix or remove that line; the other lines are ingested.") from exc
    if not isinstance(entry, dict):
        raise InputError(f"{where} is not a JSON object.", hint='Write one {"text": ...} object per line.')
    url = _str(entry.get("url"))
    doc_id = url or _str(entry.get("id")) or f"{name}#{number}"
    meta = {
        "title": _str(entry.get("title")),
        "outlet": _str(entry.get("outlet")),
        "author": _str(entry.get("author")),
        "published": iso_date(entry.get("published")),
    }
    text, html = entry.get("text"), entry.get("html")
    if isinstance(text, str) and text.strip():
        doc = document_from_text(text.replace("\r\n", "\n").replace("\r", "\n"),
                                 doc_id=doc_id, origin=where, fmt="jsonl", url=url, **meta)
        return doc
    if isinstance(html, str) and html.strip():
        doc = document_from_html(html, doc_id=doc_id, origin=where, url=url, fmt="jsonl")
        return _with_meta(doc, meta)
    raise EmptyInput(f"{where} has no article text.", hint='Give each line a non-empty "text" or "html" field.')


def iter_warc(stream: BinaryIO, name: str, *, max_bytes: int) -> Iterator[Item]:
    """Documents from the HTML ``response`` records of a WARC/ARC file (gzipped or not).

    warcio ends the iteration quietly when the file breaks off inside a record (a gzip
    member cut short, a header block cut in two) and raises whatever its parser trips
    on when the break falls elsewhere, so both are checked here: any error while reading
    the next record, and, once the records run out, a last record shorter than its
    declared length or bytes left over that no record took (:func:`_unread_rest`).
    """
    from warcio.archiveiterator import ArchiveIterator

    count = 0
    last = None
    archive = ArchiveIterator(stream, arc2warc=True)
    records = iter(archive)
    while True:
        noise = io.StringIO()
        try:
            with contextlib.redirect_stderr(noise):  # warcio writes its warnings straight to stderr
                record = next(records, None)
        except Exception as exc:  # warcio's parser on damaged bytes: AttributeError, ValueError, EOFError ...
            yield _truncated(name, _after(count), exc)
            return
        if noise.getvalue().strip():
            log.warning("%s: %s, the record's Content-Length looks wrong; reading on.", name, _after(count))
        if record is None:
            break
        last = record
        if record.rec_type != "response":
            continue
        headers = record.http_headers
        ctype = (headers.get_header("Content-Type") if headers else None) or ""
        if headers is not None and headers.get_statuscode() not in ("200", "203"):
            continue
        if ctype and "html" not in ctype.lower():
            continue
        uri = record.rec_headers.get_header("WARC-Target-URI")
        rec_id = record.rec_headers.get_header("WARC-Record-ID")
        doc_id = uri or rec_id or f"{name}#{count + 1}"
        origin = f"{name}#{rec_id or doc_id}"
        count += 1
        try:
            body = record.content_stream().read(max_bytes + 1)
        except Exception as exc:  # a damaged chunked or compressed HTTP body
            yield _truncated(name, f"inside record {count} ({doc_id})", exc)
            return
        if len(body) <= max_bytes and _cut_short(record):
            yield _truncated(name, f"inside record {count} ({doc_id})", "the record is shorter than its length")
            return
        yield _warc_document(body, doc_id=doc_id, origin=origin, url=uri, rec_id=rec_id, max_bytes=max_bytes)
    left = _unread_rest(stream, archive.offset, last)
    if left:
        yield _truncated(name, _after(count), left)


def _after(count: int) -> str:
    return f"after {count} HTML record{'s' if count != 1 else ''}"


def _cut_short(record: Any) -> bool:
    """Whether the file ended before the record's declared Content-Length was read."""
    return getattr(record.raw_stream, "limit", 0) > 0


def _unread_rest(stream: BinaryIO, offset: int, last: Any) -> str | None:
    """What is wrong with the end of an archive warcio finished reading, or None.

    ``offset`` is where warcio's last complete record (with the blank lines after it)
    ended, in bytes of the file as stored (compressed or not).  Anything but whitespace
    between there and the end of the file is a record that could not be read: a gzip
    member cut short, or a header block with no end (which warcio may also hand back as
    a record with no type and no length).  Streams that cannot seek (a pipe)
    are only checked for a cut last record.
    """
    if last is not None and _cut_short(last):
        return "the last record is shorter than its declared length"
    if last is not None and (last.rec_type is None or last.length is None):
        return "the last record stops inside its header block"
    try:
        size = stream.seek(0, io.SEEK_END)
        if size <= offset:
            return None
        stream.seek(offset)
        tail = stream.read(4096)
    except (OSError, ValueError, AttributeError):
        return None
    if not tail.strip(b" \t\r\n\x00"):
        return None
    return f"{size - offset:,} bytes at the end are not a complete record"


def _warc_document(body: bytes, *, doc_id: str, origin: str, url: str | None, rec_id: str | None,
                   max_bytes: int) -> Item:
    if len(body) > max_bytes:
        return IngestFailure(origin, TooLarge(f"{origin} is over the size limit ({size_limit(max_bytes)}).",
                                              hint=f"Leave it out, or {RAISE_LIMIT} to include it."))
    if not body.strip():
        return IngestFailure(origin, EmptyInput(f"{origin} has an empty body.", hint="Nothing to do: it is skipped."))
    if binary_kind(body):
        return IngestFailure(origin, InputError(f"{origin} is labelled HTML but holds binary data.",
                                                hint="Nothing to do: it is skipped."))
    try:
        doc = document_from_html(decode_bytes(body, html=True), doc_id=doc_id, origin=origin, url=url, fmt="warc")
    except InputError as exc:
        return IngestFailure(origin, exc)
    return replace(doc, warc_record=rec_id)


def _read_line(stream: BinaryIO, max_bytes: int) -> tuple[bytes | None, bool]:
    """The next line (None at the end) and whether it was over ``max_bytes`` (then cut)."""
    line = stream.readline(max_bytes + 1)
    if not line:
        return None, False
    if len(line) <= max_bytes or line.endswith(b"\n"):
        return line, False
    while True:  # skip the rest of the oversized line without holding it
        rest = stream.readline(1 << 20)
        if not rest or rest.endswith(b"\n"):
            return line[:0], True


def _truncated(name: str, where: str, cause: BaseException | str) -> IngestFailure:
    why = cause if isinstance(cause, str) else f"{type(cause).__name__}: {cause}"
    return IngestFailure(name, InputError(
        f"{name} is truncated or corrupt {where} ({why}).",
        hint="The records before the break were ingested; download the file again to get the rest."))


def _with_meta(doc: Document, meta: dict[str, str | None]) -> Document:
    given = {k: v for k, v in meta.items() if v}
    return replace(doc, **given) if given else doc


def _str(value: object) -> str | None:
    if value is None:
        return None
    text = str(value).strip()
    return text or None
