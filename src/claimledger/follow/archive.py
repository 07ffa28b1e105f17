"""Every page read goes into a WARC file, so every claim traces to the exact bytes.

A fact-checker asked "what did the page say when you read it?" must be able to answer
with the bytes, not with our extraction of them.  Each 200 response is written as a
``request`` + ``response`` record pair (WARC/1.1, one gzip member per record, so files
can be appended to and read by any WARC tool: warcio, pywb, the Wayback Machine).  Digests
are SHA-256 (``WARC-Payload-Digest: sha256:<base32>``); the ledger keeps the hex form,
the record id and the byte offset of the record.

The payload is stored as it came off the wire, content-encoding included.  httpx undoes
chunked transfer-encoding before we see the bytes, so that header is kept under the
name ``X-Archive-Orig-Transfer-Encoding`` (the pywb convention) rather than left to
mislead a reader into de-chunking a plain body.

Two layouts: one file beside the ledger (``story.db`` -> ``story.warc.gz``), appended to
run after run; or a folder of files named ``claimledger-<UTC time>-<serial>.warc.gz``,
a new one started when the current one passes ``rotate_bytes``.  An exclusive ``flock``
around each write keeps two processes from interleaving records in one file.
"""

from __future__ import annotations

import datetime as dt
import fcntl
import hashlib
import io
import os
import threading
from dataclasses import dataclass
from pathlib import Path
from typing import Any
from urllib.parse import urlsplit

from warcio.statusandheaders import StatusAndHeaders
from warcio.utils import Digester
from warcio.warcwriter import WARCWriter

from claimledger import __version__
from claimledger.errors import UsageError
from claimledger.follow.fetch import Fetched

DEFAULT_ROTATE_BYTES = 1024 * 1024 * 1024  # 1 GiB, the usual WARC file size


class _Sha256Writer(WARCWriter):
    """warcio's writer with SHA-256 block and payload digests instead of SHA-1."""

    def _create_digester(self) -> Digester:
        return Digester("sha256")


@dataclass(frozen=True)
class ArchivedRecord:
    """Where one fetched response lies in the archive."""

    path: Path  # the WARC file
    record_id: str  # WARC-Record-ID of the response record, "<urn:uuid:...>"
    request_id: str
    sha256: str  # hex SHA-256 of the payload as stored
    fetched_at: str
    offset: int  # byte offset of the response record (a gzip member) in the file
    label: str  # the WARC file as the ledger names it (relative to the ledger's folder when inside it)

    @property
    def origin(self) -> str:
        """``"<warc file>#<record id>"``: the Document.origin of the page."""
        return f"{self.label}#{self.record_id}"


def warc_date(iso: str) -> str:
    """An ISO time as a WARC-Date (UTC, ``Z``)."""
    when = dt.datetime.fromisoformat(iso.replace("Z", "+00:00"))
    if when.tzinfo is None:
        when = when.replace(tzinfo=dt.UTC)
    return when.astimezone(dt.UTC).strftime("%Y-%m-%dT%H:%M:%SZ")


class WarcArchive:
    """Append fetched responses to a WARC file (or a folder of rotating files)."""

    def __init__(self, target: Path, *, folder: bool = False, rotate_bytes: int = DEFAULT_ROTATE_BYTES,
                 relative_to: Path | None = None) -> None:
        self.target = Path(target)
        self.folder = folder
        self.rotate_bytes = rotate_bytes
        self.relative_to = relative_to
        self._lock = threading.Lock()
        self._current: Path | None = None
        self._serial = 0
        if folder:
            if self.target.exists() and not self.target.is_dir():
                raise UsageError(f"--archive {self.target} is a file, not a folder.",
                                 hint="Give a folder for rotating WARC files, or leave --archive out.")
            self.target.mkdir(parents=True, exist_ok=True)
        else:
            self.target.parent.mkdir(parents=True, exist_ok=True)

    @classmethod
    def beside(cls, ledger: Path) -> WarcArchive:
        """The single-file archive for a ledger: ``story.db`` -> ``story.warc.gz``."""
        name = ledger.name[: -len(ledger.suffix)] if ledger.suffix else ledger.name
        return cls(ledger.with_name(name + ".warc.gz"), relative_to=ledger.parent)

    @classmethod
    def for_ledger(cls, ledger: Path, folder: Path | None) -> WarcArchive:
        """``--archive DIR`` when given, else the file beside the ledger."""
        if folder is None:
            return cls.beside(ledger)
        return cls(folder, folder=True, relative_to=ledger.parent)

    # ------------------------------------------------------------------ writing
    def write(self, fetched: Fetched) -> ArchivedRecord:
        """Write the request and response records of one 200 response; return where they are."""
        if fetched.status != 200:
            raise ValueError(f"only 200 responses are archived, not {fetched.status}")
        with self._lock:
            path = self._file_for_next()
            with path.open("ab") as fh:
                fcntl.flock(fh.fileno(), fcntl.LOCK_EX)
                try:
                    fh.seek(0, os.SEEK_END)
                    writer = _Sha256Writer(fh, gzip=True, warc_version="1.1")
                    if fh.tell() == 0:
                        writer.write_record(self._warcinfo(writer, path.name))
                    response = self._response_record(writer, fetched)
                    request = self._request_record(writer, fetched)
                    offset = fh.tell()
                    writer.write_request_response_pair(request, response)
                    fh.flush()
                    os.fsync(fh.fileno())
                finally:
                    fcntl.flock(fh.fileno(), fcntl.LOCK_UN)
        return ArchivedRecord(
            path=path, record_id=response.rec_headers.get_header("WARC-Record-ID"),
            request_id=request.rec_headers.get_header("WARC-Record-ID"),
            sha256=hashlib.sha256(fetched.raw).hexdigest(), fetched_at=fetched.fetched_at,
            offset=offset, label=self._label(path),
        )

    def _label(self, path: Path) -> str:
        if self.relative_to is not None:
            try:
                return str(path.resolve().relative_to(self.relative_to.resolve()))
            except ValueError:
                return str(path.resolve())
        return str(path)

    def _file_for_next(self) -> Path:
        if not self.folder:
            return self.target
        cur = self._current
        if cur is None or (cur.exists() and cur.stat().st_size >= self.rotate_bytes):
            self._serial += 1
            stamp = dt.datetime.now(dt.UTC).strftime("%Y%m%d%H%M%S")
            cur = self.target / f"claimledger-{stamp}-{self._serial:05d}-{os.getpid()}.warc.gz"
            self._current = cur
        return cur

    @staticmethod
    def _warcinfo(writer: _Sha256Writer, filename: str) -> Any:
        info = {
            "software": f"claimledger/{__version__} (warcio)",
            "format": "WARC File Format 1.1",
            "conformsTo": "https://iipc.github.io/warc-specifications/specifications/warc-format/warc-1.1/",
            "description": "Pages read by claimledger fetch/watch; each ledger document points to its record.",
        }
        return writer.create_warcinfo_record(filename, info)

    @staticmethod
    def _response_record(writer: _Sha256Writer, f: Fetched) -> Any:
        headers: list[tuple[str, str]] = []
        for name, value in f.response_headers:
            if name.lower() == "transfer-encoding":
                name = "X-Archive-Orig-Transfer-Encoding"
            headers.append((name, value))
        http = StatusAndHeaders(f"{f.status} {f.reason}".strip(), headers, protocol=_protocol(f.http_version))
        return writer.create_warc_record(
            f.final_url, "response", payload=io.BytesIO(f.raw), length=len(f.raw), http_headers=http,
            warc_headers_dict={"WARC-Date": warc_date(f.fetched_at)},
        )

    @staticmethod
    def _request_record(writer: _Sha256Writer, f: Fetched) -> Any:
        parts = urlsplit(f.final_url)
        target = (parts.path or "/") + (f"?{parts.query}" if parts.query else "")
        http = StatusAndHeaders(f"GET {target} {_protocol(f.http_version)}", list(f.request_headers),
                                is_http_request=True)
        return writer.create_warc_record(
            f.final_url, "request", payload=io.BytesIO(b""), length=0, http_headers=http,
            warc_headers_dict={"WARC-Date": warc_date(f.fetched_at)},
        )


def _protocol(http_version: str) -> str:
    return http_version if http_version.startswith("HTTP/") else "HTTP/1.1"


def read_payload(path: Path, record_id: str, *, offset: int | None = None, decoded: bool = False) -> bytes:
    """The payload of the record ``record_id`` in ``path`` (raw as stored, or content-decoded).

    With ``offset`` (from the ledger) the file is read from that record on; otherwise it
    is scanned.  Raises ``KeyError`` when the record is not there.
    """
    from warcio.archiveiterator import ArchiveIterator

    with Path(path).open("rb") as fh:
        if offset is not None:
            fh.seek(offset)
        for record in ArchiveIterator(fh):
            if record.rec_headers.get_header("WARC-Record-ID") == record_id:
                return bytes(record.content_stream().read() if decoded else record.raw_stream.read())
    raise KeyError(f"{record_id} is not in {path}")
