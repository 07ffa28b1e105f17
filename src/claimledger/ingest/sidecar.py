"""``meta.jsonl`` sidecars: metadata for documents whose files carry none (plain text).

One JSON object per line, naming its document by ``id`` (the document id, e.g.
"story/09_x.txt" or a URL) or ``file`` (a path relative to the sidecar's folder, or a
bare file name), with any of title/outlet/author/published/url.  The sidecar is read
once per folder and never ingested as an article itself.
"""

from __future__ import annotations

import json
from collections.abc import Iterator
from dataclasses import dataclass, field
from pathlib import Path

from claimledger.errors import InputError
from claimledger.ingest.dates import iso_date

SIDECAR_NAME = "meta.jsonl"
META_FIELDS = ("title", "outlet", "author", "published", "url")


@dataclass
class Sidecar:
    """The entries of one ``meta.jsonl``, keyed by the names documents may be known by."""

    folder: Path
    entries: dict[str, dict[str, str]] = field(default_factory=dict)

    def lookup(self, doc_id: str, path: Path | None = None) -> dict[str, str]:
        """Metadata for a document (by id, by path relative to the sidecar, by file name)."""
        keys = [doc_id]
        if path is not None:
            if path.is_relative_to(self.folder):
                keys.append(path.relative_to(self.folder).as_posix())
            keys.append(path.name)
        for key in keys:
            if key in self.entries:
                return self.entries[key]
        return {}


def load_sidecar(folder: Path) -> tuple[Sidecar | None, list[InputError]]:
    """The folder's sidecar (None when it has none) and one error per unreadable line."""
    path = folder / SIDECAR_NAME
    if not path.is_file():
        return None, []
    sidecar, errors = Sidecar(folder), list[InputError]()
    try:
        with path.open("r", encoding="utf-8-sig", errors="replace") as fh:
            for number, entry in _entries(fh, path, errors):
                key = entry.get("id") or entry.get("file")
                if not isinstance(key, str) or not key:
                    errors.append(InputError(f"{path} line {number}: names no document.",
                                             hint='Give each line an "id" or a "file" field.'))
                    continue
                sidecar.entries[key] = _meta(entry)
    except OSError as exc:
        errors.append(InputError(f"Cannot read {path}: {exc.strerror}.", hint="Check the file's permissions."))
    return sidecar, errors


def _entries(lines: Iterator[str], path: Path, errors: list[InputError]) -> Iterator[tuple[int, dict[str, object]]]:
    for number, line in enumerate(lines, 1):
        if not line.strip():
            continue
        try:
            entry = json.loads(line)
        except json.JSONDecodeError as exc:
            errors.append(InputError(f"{path} line {number} is not valid JSON ({exc.msg}).",
                                     hint="Fix or remove that line."))
            continue
        if isinstance(entry, dict):
            yield number, entry
        else:
            errors.append(InputError(f"{path} line {number} is not a JSON object.", hint="Fix or remove that line."))


def _meta(entry: dict[str, object]) -> dict[str, str]:
    meta: dict[str, str] = {}
    for key in META_FIELDS:
        value = entry.get(key)
        if value is None or value == "":
            continue
        if key == "published":
            iso = iso_date(value)
            if iso:
                meta[key] = iso
        else:
            meta[key] = str(value).strip()
    return meta
