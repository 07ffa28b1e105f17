"""``iter_documents``: every input the user named, as a stream of documents and failures.

Stages, in the order each input goes through them:

1. resolve: ``-`` is stdin, folders are walked (sorted, symlink loops cut), files are
   taken as given; a ``meta.jsonl`` sidecar is loaded for each folder met;
2. read: the format is chosen by extension (``.txt``, ``.html``/``.htm``, ``.jsonl``,
   ``.warc``/``.arc``, each optionally ``.gz``); size limit, binary sniffing, decoding;
3. extract: HTML main text via trafilatura, titles of plain text, records of archives;
4. finish: sidecar metadata, then command-line overrides, laid over what the page said;
   empty and non-English texts are refused; ids repeated within the run get a suffix.
"""

from __future__ import annotations

import errno
import gzip
import os
import stat
import sys
import zlib
from collections.abc import Iterator, Sequence
from contextlib import ExitStack
from dataclasses import fields, replace
from pathlib import Path
from typing import BinaryIO

from claimledger.errors import EmptyInput, InputError, TooLarge, UnsupportedInput
from claimledger.ingest.archives import Item, iter_jsonl, iter_warc
from claimledger.ingest.decode import check_not_binary, decode_bytes, replace_lone_surrogates
from claimledger.ingest.html import document_from_html, looks_like_html
from claimledger.ingest.language import check_english, english_verdict
from claimledger.ingest.records import (
    DEFAULT_MAX_BYTES,
    RAISE_LIMIT,
    IngestFailure,
    IngestStats,
    MetaOverrides,
    size_limit,
)
from claimledger.ingest.sidecar import SIDECAR_NAME, Sidecar, load_sidecar
from claimledger.ingest.text import document_from_text
from claimledger.models import Document

FORMATS: tuple[tuple[str, str], ...] = (
    (".warc.gz", "warc"), (".warc", "warc"), (".arc.gz", "warc"), (".arc", "warc"),
    (".jsonl.gz", "jsonl"), (".jsonl", "jsonl"), (".ndjson", "jsonl"),
    (".html.gz", "html"), (".htm.gz", "html"), (".html", "html"), (".htm", "html"), (".xhtml", "html"),
    (".txt.gz", "txt"), (".txt", "txt"), (".text", "txt"),
    (".gz", "sniff"),
)
SUPPORTED = ", ".join(sorted({ext for ext, _ in FORMATS if ext != ".gz"}))


def format_of(path: Path) -> str | None:
    """"txt", "html", "jsonl", "warc", "sniff" (bare .gz) or None for an unsupported name."""
    name = path.name.lower()
    for ext, fmt in FORMATS:
        if name.endswith(ext):
            return fmt
    return None


def iter_documents(
    paths: Sequence[str | Path],
    *,
    overrides: MetaOverrides | None = None,
    stdin: BinaryIO | None = None,
    stats: IngestStats | None = None,
    max_bytes: int = DEFAULT_MAX_BYTES,
    require_english: bool = True,
) -> Iterator[Document | IngestFailure]:
    """Stream the documents of ``paths`` (files, folders, ``-`` for stdin) in a stable order.

    Never raises for a bad input: each problem is yielded as an :class:`IngestFailure`
    and the stream goes on.  Pass an :class:`IngestStats` to learn afterwards how many
    files were skipped for their extension.
    """
    stats = stats if stats is not None else IngestStats()
    seen_ids: dict[str, int] = {}
    for raw in paths:
        for item in _resolve(raw, stdin, stats, max_bytes):
            if isinstance(item, Document):
                item = _finish(_without_surrogates(item), overrides, seen_ids, require_english)
            else:
                item = _failure_without_surrogates(item)
            if isinstance(item, IngestFailure):
                stats.failures += 1
            else:
                stats.documents += 1
            yield item


def _resolve(raw: str | Path, stdin: BinaryIO | None, stats: IngestStats, max_bytes: int) -> Iterator[Item]:
    if str(raw) == "-":
        yield from _read_stdin(stdin if stdin is not None else sys.stdin.buffer, max_bytes)
        return
    path = Path(raw)
    if path.is_dir():
        yield from _walk(path, stats, max_bytes)
    elif path.is_file():
        sidecar, errors = load_sidecar(path.parent)
        yield from (IngestFailure(str(path.parent / SIDECAR_NAME), e) for e in errors)
        fmt = format_of(path)
        if fmt is None:
            yield IngestFailure(str(path), UnsupportedInput(
                f"{path} is not a format claimledger reads.", hint=f"Supported: {SUPPORTED}."))
            return
        yield from _read_file(path, path.name, fmt, sidecar, max_bytes)
    else:
        problem = unreadable_entry(path)
        yield IngestFailure(str(path), problem or InputError(f"{path} does not exist.", hint="Check the path."))


def _walk(root: Path, stats: IngestStats, max_bytes: int) -> Iterator[Item]:
    visited: set[tuple[int, int]] = set()
    stack: list[tuple[Path, Sidecar | None]] = []

    def enter(folder: Path, inherited: Sidecar | None) -> Iterator[Item]:
        try:
            st = folder.stat()
        except OSError:
            return
        if (st.st_dev, st.st_ino) in visited:  # a symlink loop or a second link to a folder
            return
        visited.add((st.st_dev, st.st_ino))
        sidecar, errors = load_sidecar(folder)
        yield from (IngestFailure(str(folder / SIDECAR_NAME), e) for e in errors)
        stack.append((folder, sidecar or inherited))
        try:
            entries = sorted(os.scandir(folder), key=lambda e: e.name)
        except OSError as exc:
            yield IngestFailure(str(folder), InputError(f"Cannot list {folder}: {exc.strerror}.",
                                                        hint="Check the folder's permissions."))
            return
        for entry in entries:
            if entry.name.startswith(".") or entry.name == SIDECAR_NAME:
                continue
            path = Path(entry.path)
            if path.is_dir():
                yield from enter(path, sidecar or inherited)
            elif path.is_file():
                fmt = format_of(path)
                if fmt is None:
                    stats.skip(path.relative_to(root).as_posix())
                    continue
                doc_id = path.relative_to(root).as_posix()
                yield from _read_file(path, doc_id, fmt, sidecar or inherited, max_bytes)
            elif (problem := unreadable_entry(path)) is not None:
                # a link that loops or dangles, a pipe named like an article: say so, unless
                # its name shows it is no article (a dangling link to a photo is skipped)
                if format_of(path) is None:
                    stats.skip(path.relative_to(root).as_posix())
                else:
                    yield IngestFailure(str(path), problem)

    yield from enter(root, None)


def unreadable_entry(path: Path) -> InputError | None:
    """Why ``path``, neither a file nor a folder, cannot be read; None when it does not exist.

    ``Path.is_file()`` is False for a symbolic link that loops or points nowhere, and for
    a named pipe or a device, so a walk that only asks that question would drop them
    without a word.
    """
    try:
        st = path.stat()
    except OSError as exc:
        if not path.is_symlink():
            return None
        if exc.errno == errno.ELOOP:
            return InputError(f"{path} is a symbolic link that loops (it leads back to itself).",
                              hint="Remove the link or point it at the article file.")
        if exc.errno == errno.ENOENT:
            return InputError(f"{path} is a broken symbolic link: its target {_link_target(path)} does not exist.",
                              hint="Remove the link or restore the file it points to.")
        return InputError(f"Cannot follow the symbolic link {path}: {exc.strerror}.",
                          hint="Check the link and its target's permissions.")
    if stat.S_ISREG(st.st_mode) or stat.S_ISDIR(st.st_mode):
        return None
    kind = "a named pipe" if stat.S_ISFIFO(st.st_mode) else "a socket" if stat.S_ISSOCK(st.st_mode) else "a device"
    return InputError(f"{path} is {kind}, not a regular file.", hint="Copy the article into a regular file.")


def _link_target(path: Path) -> str:
    try:
        return os.readlink(path)
    except OSError:
        return "(unreadable)"


def _read_file(path: Path, doc_id: str, fmt: str, sidecar: Sidecar | None, max_bytes: int) -> Iterator[Item]:
    origin = str(path)
    with ExitStack() as stack:
        try:
            fh: BinaryIO = stack.enter_context(path.open("rb"))
            if path.name.lower().endswith(".gz") and fmt != "warc":  # warcio reads gzipped records itself
                fh = stack.enter_context(gzip.GzipFile(fileobj=fh))  # type: ignore[assignment]
        except OSError as exc:
            yield IngestFailure(origin, InputError(f"Cannot open {path}: {exc.strerror}.",
                                                   hint="Check the file's permissions."))
            return
        if fmt == "warc":
            yield from _with_sidecar(iter_warc(fh, origin, max_bytes=max_bytes), sidecar)
            return
        if fmt == "jsonl":
            yield from _with_sidecar(iter_jsonl(fh, origin, max_bytes=max_bytes), sidecar)
            return
        try:
            data = _read_limited(fh, origin, max_bytes)
            doc = _single_document(data, fmt, doc_id=doc_id, origin=origin)
        except InputError as exc:
            yield IngestFailure(origin, exc)
            return
        meta = sidecar.lookup(doc_id, path) if sidecar else {}
        yield replace(doc, **meta) if meta else doc


def _with_sidecar(items: Iterator[Item], sidecar: Sidecar | None) -> Iterator[Item]:
    for item in items:
        if sidecar and isinstance(item, Document):
            meta = sidecar.lookup(item.id)
            item = replace(item, **meta) if meta else item
        yield item


def _read_limited(fh: BinaryIO, origin: str, max_bytes: int) -> bytes:
    try:
        data = fh.read(max_bytes + 1)
    except (EOFError, zlib.error) as exc:
        raise InputError(f"{origin} is truncated: the compressed data ends early ({exc}).",
                         hint="Download or copy the file again.") from exc
    except gzip.BadGzipFile as exc:
        raise InputError(f"{origin} is not valid gzip data ({exc}).",
                         hint="Decompress it by hand or drop the .gz from its name.") from exc
    if len(data) > max_bytes:
        raise TooLarge(f"{origin} is over the size limit ({size_limit(max_bytes)}).",
                       hint=f"Split it, leave it out, or {RAISE_LIMIT}.")
    return data


def _single_document(data: bytes, fmt: str, *, doc_id: str, origin: str) -> Document:
    if not data.strip():
        raise EmptyInput(f"{origin} is empty.", hint="Leave it out of the input.")
    expected = {"html": "an HTML page", "txt": "a text file"}.get(fmt, "a text or HTML file")
    check_not_binary(data, origin, expected)
    text = decode_bytes(data, html=fmt != "txt")
    if fmt == "sniff":
        fmt = "html" if looks_like_html(text) else "txt"
    if fmt == "html":
        return document_from_html(text, doc_id=doc_id, origin=origin)
    return document_from_text(text, doc_id=doc_id, origin=origin)


def _read_stdin(stream: BinaryIO, max_bytes: int) -> Iterator[Item]:
    try:
        data = _read_limited(stream, "stdin", max_bytes)
        yield _single_document(data, "sniff", doc_id="stdin", origin="stdin")
    except InputError as exc:
        yield IngestFailure("stdin", exc)


def _finish(doc: Document, overrides: MetaOverrides | None, seen_ids: dict[str, int],
            require_english: bool) -> Document | IngestFailure:
    origin = doc.origin or doc.id
    if not doc.text.strip():
        return IngestFailure(origin, EmptyInput(f"{origin} has no text.", hint="Leave it out of the input."))
    if require_english:
        try:
            check_english(doc.text, origin)
        except InputError as exc:
            return IngestFailure(origin, exc)
    changes: dict[str, str] = dict(overrides.as_dict()) if overrides else {}
    # Without the requirement, a non-English document is kept, labelled with what it reads
    # as ("German", "Cyrillic script"); the pipeline then stores it without extraction.
    changes["language"] = "en" if require_english else (english_verdict(doc.text) or "en")
    n = seen_ids.get(doc.id, 0) + 1
    seen_ids[doc.id] = n
    if n > 1:  # the same URL twice in a crawl: keep both, ids must stay unique
        changes["id"] = f"{doc.id}#{n}"
    if not changes["language"]:
        del changes["language"]
    return replace(doc, **changes)


def _without_surrogates(doc: Document) -> Document:
    """The document with lone surrogates (JSON escapes, non-UTF-8 file names) made U+FFFD."""
    changes: dict[str, str] = {}
    for f in fields(doc):
        value = getattr(doc, f.name)
        if isinstance(value, str) and (clean := replace_lone_surrogates(value)) is not value:
            changes[f.name] = clean
    return replace(doc, **changes) if changes else doc


def _failure_without_surrogates(failure: IngestFailure) -> IngestFailure:
    err = failure.error
    origin, message = replace_lone_surrogates(failure.origin), replace_lone_surrogates(err.message)
    hint = replace_lone_surrogates(err.hint) if err.hint else err.hint
    if origin is failure.origin and message is err.message and hint is err.hint:
        return failure
    return IngestFailure(origin, type(err)(message, hint=hint))
