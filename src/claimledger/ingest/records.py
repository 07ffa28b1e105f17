"""What ingest hands back besides documents: per-input failures, run counters, overrides.

Ingest never raises for one bad input: a folder of 10,000 files must not stop at the
first broken one.  Each problem becomes an :class:`IngestFailure` in the stream, in
the order the input was met, and the caller decides how loud to be about it.
"""

from __future__ import annotations

from dataclasses import dataclass, field

from claimledger.errors import InputError, UsageError
from claimledger.ingest.dates import iso_date

DEFAULT_MAX_BYTES = 20_000_000  # one file, one JSONL line or one WARC record; `analyze --max-mb 20`
RAISE_LIMIT = "raise the limit with --max-mb"  # the analyze option that sets ``max_bytes``


def size_limit(max_bytes: int) -> str:
    """The limit as the user set it: "20 MB" (``--max-mb`` counts 1,000,000 bytes a MB)."""
    if max_bytes >= 100_000:
        return f"{max_bytes / 1_000_000:g} MB"
    return f"{max_bytes:,} bytes"


@dataclass(frozen=True)
class IngestFailure:
    """One input (a file, a JSONL line, a WARC record) that could not be ingested."""

    origin: str
    error: InputError

    def __str__(self) -> str:
        return str(self.error)


@dataclass(frozen=True)
class MetaOverrides:
    """Metadata given on the command line; it wins over sidecars and the page itself.

    ``published`` is normalised to ``YYYY-MM-DD`` at construction so a typo is a
    :class:`UsageError` before any file is read, not a silent null in every document.
    """

    outlet: str | None = None
    published: str | None = None
    title: str | None = None
    author: str | None = None

    def __post_init__(self) -> None:
        if self.published is not None:
            iso = iso_date(self.published)
            if iso is None:
                raise UsageError(
                    f"Cannot read the publication date {self.published!r}.",
                    hint="Give it as YYYY-MM-DD, e.g. --published 2024-11-14.",
                )
            object.__setattr__(self, "published", iso)

    def as_dict(self) -> dict[str, str]:
        """The fields that are set, ready to be laid over a document's metadata."""
        fields = {"outlet": self.outlet, "published": self.published, "title": self.title, "author": self.author}
        return {k: v for k, v in fields.items() if v}


@dataclass
class IngestStats:
    """Counters a caller can pass to ``iter_documents`` to report on the run afterwards.

    Files with unknown extensions found while walking a folder are skipped silently
    (folders hold images, PDFs, notes ...); the CLI reports them with
    :meth:`skipped_message` so the user still learns that something was left out.
    """

    documents: int = 0
    failures: int = 0
    skipped_unsupported: int = 0
    skipped_examples: list[str] = field(default_factory=list)

    def skip(self, path: str) -> None:
        self.skipped_unsupported += 1
        if len(self.skipped_examples) < 5:
            self.skipped_examples.append(path)

    def skipped_message(self) -> str | None:
        """'skipped 3 files with unsupported extensions (a.pdf, b.png, ...)', or None."""
        if not self.skipped_unsupported:
            return None
        n = self.skipped_unsupported
        examples = ", ".join(self.skipped_examples)
        more = ", ..." if n > len(self.skipped_examples) else ""
        noun = "file" if n == 1 else "files"
        return f"skipped {n} {noun} with unsupported extensions ({examples}{more})"
