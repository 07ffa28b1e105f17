"""Ingest: files, folders, JSONL, WARC and stdin to :class:`~claimledger.models.Document`.

The one entry point is :func:`iter_documents`, a generator: inputs are read one at a
time, and a bad one is yielded as an :class:`IngestFailure` rather than raised.
"""

from claimledger.ingest.language import english_verdict
from claimledger.ingest.records import DEFAULT_MAX_BYTES, IngestFailure, IngestStats, MetaOverrides
from claimledger.ingest.walk import SUPPORTED, format_of, iter_documents

__all__ = [
    "DEFAULT_MAX_BYTES",
    "SUPPORTED",
    "IngestFailure",
    "IngestStats",
    "MetaOverrides",
    "english_verdict",
    "format_of",
    "iter_documents",
]
