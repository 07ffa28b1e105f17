"""Fetched pages to ledger documents, by way of the WARC archive.

The order matters: fetch, archive, record the record, then extract.  The document that
reaches the ledger is built from the archived bytes with the same decoding and HTML
extraction ``claimledger analyze`` uses for files and WARCs, and it carries the WARC
record id and ``origin = "<warc file>#<record id>"``, so every claim it yields points at
bytes that can be shown later.  Its id is the final URL after redirects — the id
``analyze`` gives the same record read back from the WARC, so re-ingesting the archive
is a no-op.

A page that has not changed (304, or 200 with the very bytes archived last time) is not
archived again and not re-analysed.
"""

from __future__ import annotations

import codecs
import hashlib
from collections.abc import Iterable, Iterator, Mapping
from dataclasses import dataclass, replace
from pathlib import Path

from claimledger.errors import BinaryInput, InputError
from claimledger.follow import state
from claimledger.follow.archive import ArchivedRecord, WarcArchive
from claimledger.follow.fetch import HTML_TYPES, Fetched, Fetcher
from claimledger.ingest.decode import binary_kind, browser_codec, decode_bytes, normalise_newlines
from claimledger.ingest.html import document_from_html
from claimledger.ingest.text import document_from_text
from claimledger.ledger.lock import writer_lock
from claimledger.ledger.store import Ledger
from claimledger.models import Document

Meta = Mapping[str, str | None]  # title / published / outlet / author known from elsewhere (a feed)


@dataclass(frozen=True)
class PageOutcome:
    """What became of one URL: ``fetched`` (new bytes), ``unchanged`` or ``failed``."""

    url: str
    state: str
    document: Document | None = None
    fetched: Fetched | None = None
    record: ArchivedRecord | None = None
    error: InputError | None = None


def decode_page(fetched: Fetched) -> str:
    """The page as text: BOM, else strict UTF-8, else the HTTP charset, else what the page declares.

    Strict UTF-8 comes before the header because servers often send ``charset=iso-8859-1``
    by default for pages that are really UTF-8; a wrong header cannot make invalid UTF-8
    valid, so the order loses nothing.
    """
    body = fetched.body
    if not body.startswith((codecs.BOM_UTF8, codecs.BOM_UTF16_LE, codecs.BOM_UTF16_BE)):
        try:
            return normalise_newlines(body.decode("utf-8"))
        except UnicodeDecodeError:
            charset = browser_codec(fetched.charset) if fetched.charset else None
            if charset:
                try:
                    return normalise_newlines(body.decode(charset, errors="replace"))
                except LookupError:
                    pass
    return decode_bytes(body, html=fetched.content_type != "text/plain")


def page_document(fetched: Fetched, record: ArchivedRecord, *, meta: Meta | None = None) -> Document:
    """The ledger document for an archived page (raises an InputError when it holds no article)."""
    kind = binary_kind(fetched.body)
    if kind:
        raise BinaryInput(f"{fetched.final_url} was served as {fetched.content_type or 'text'} but holds {kind}.",
                          hint="Nothing to do: the page is skipped.")
    text = decode_page(fetched)
    url = fetched.final_url
    if fetched.content_type == "text/plain":
        doc = document_from_text(text, doc_id=url, origin=record.origin, fmt="txt", url=url)
    else:
        doc = document_from_html(text, doc_id=url, origin=record.origin, url=url, fmt="html")
    doc = replace(doc, url=url, warc_record=record.record_id)
    if meta:
        missing = {k: v for k, v in meta.items() if v and k in ("title", "published", "outlet", "author")
                   and getattr(doc, k) is None}
        doc = replace(doc, **missing)
    return doc


def fetch_pages(urls: Iterable[str], ledger: Ledger, fetcher: Fetcher, archive: WarcArchive, *,
                meta: Mapping[str, Meta] | None = None, wait: float = 10.0) -> Iterator[PageOutcome]:
    """Fetch, archive and turn into documents; record each URL's state in the ledger.

    The writer lock is taken for each short state write only, never across the network.
    """
    todo = list(dict.fromkeys(urls))
    meta = meta or {}
    conds = state.conditions(ledger, todo)
    for url, result in fetcher.fetch_many(todo, conditions=conds, accept=HTML_TYPES):
        if isinstance(result, InputError):
            with writer_lock(ledger.path, wait=wait):
                state.record_failure(ledger, url, str(result))
            yield PageOutcome(url, "failed", error=result)
            continue
        if result.not_modified or hashlib.sha256(result.raw).hexdigest() == state.last_sha256(ledger, url):
            with writer_lock(ledger.path, wait=wait):
                state.record_unchanged(ledger, result)
            yield PageOutcome(url, "unchanged", fetched=result)
            continue
        record = archive.write(result)
        with writer_lock(ledger.path, wait=wait):
            state.record_archived(ledger, result, record)
        try:
            doc = page_document(result, record, meta=meta.get(url))
        except InputError as exc:
            yield PageOutcome(url, "failed", fetched=result, record=record, error=exc)
            continue
        yield PageOutcome(url, "fetched", document=doc, fetched=result, record=record)


def read_urls_file(path: Path) -> list[str]:
    """URLs from a file, one a line; blank lines and ``#`` comments are skipped."""
    lines = path.read_text(encoding="utf-8").splitlines()
    return [line.strip() for line in lines if line.strip() and not line.lstrip().startswith("#")]
