"""Orchestrates ``analyze``: ingest -> per-document analysis -> single writer -> cross checks.

This is the only place that wires the stages together with I/O.  The per-document work
(``pipeline.analyse_many``) runs in-process, in a pool of local processes, or on a Dask
cluster (see :mod:`claimledger.parallel`); whatever runs it, results come back here and
one writer commits each document in its own transaction, so a crash loses at most the
documents in flight and a re-run resumes where it stopped.
"""

from __future__ import annotations

from collections.abc import Callable, Iterable, Iterator, Sequence
from dataclasses import dataclass, field
from pathlib import Path
from typing import TYPE_CHECKING, BinaryIO

from claimledger.errors import ClaimledgerError, InputError

if TYPE_CHECKING:
    from claimledger.checks.cross import CrossSummary
from claimledger.ingest import DEFAULT_MAX_BYTES, IngestFailure, IngestStats, MetaOverrides, iter_documents
from claimledger.ledger.lock import writer_lock
from claimledger.ledger.store import Ledger
from claimledger.models import Document
from claimledger.pipeline import ANALYSER_VERSION


@dataclass
class Failure:
    origin: str
    code: str
    message: str


@dataclass
class RunSummary:
    seen: int = 0
    new: int = 0
    changed: int = 0
    unchanged: int = 0
    failures: list[Failure] = field(default_factory=list)
    skipped_unsupported: int = 0
    skipped_message: str | None = None
    warnings: list[str] = field(default_factory=list)
    cross: CrossSummary | None = None

    @property
    def analysed(self) -> int:
        return self.new + self.changed


Progress = Callable[[str, int], None]  # (event, count) -> None; events: "seen", "done"


def _pending(ledger: Ledger, items: Iterable[Document | IngestFailure], summary: RunSummary,
             on_failure: Callable[[Failure], None], progress: Progress | None) -> Iterator[Document]:
    """Yield the documents that need analysis; count and record the rest."""
    seen_ids: set[str] = set()
    for item in items:
        if isinstance(item, IngestFailure):
            err = item.error
            on_failure(Failure(item.origin, err.code, str(err)))
            continue
        summary.seen += 1
        if progress:
            progress("seen", summary.seen)
        if item.id in seen_ids:
            on_failure(Failure(item.origin, "E206", f"[E206] Two inputs have the document id {item.id!r}; "
                               "only the first was analysed. Give each document a distinct file name or id."))
            continue
        seen_ids.add(item.id)
        if ledger.document_state(item.id, item.hash, ANALYSER_VERSION) == "same":
            summary.unchanged += 1
            if progress:
                progress("done", 1)
            continue
        yield item


def analyze(paths: Sequence[str | Path], db: str | Path, *, overrides: MetaOverrides | None = None,
            stdin: BinaryIO | None = None, workers: int = 1, dask: str | None = None,
            cross: bool = True, wait: float = 10.0, progress: Progress | None = None,
            max_bytes: int = DEFAULT_MAX_BYTES) -> RunSummary:
    """Ingest and analyse ``paths`` into the ledger at ``db``; return what happened.

    Non-English documents are stored with their language and anatomy but no extraction,
    and listed in ``RunSummary.warnings``.
    """
    stats = IngestStats()
    items = iter_documents(paths, overrides=overrides, stdin=stdin, stats=stats, max_bytes=max_bytes,
                           require_english=False)
    summary = analyze_documents(items, db, command="analyze " + " ".join(str(p) for p in paths),
                                workers=workers, dask=dask, cross=cross, wait=wait, progress=progress)
    summary.skipped_unsupported = stats.skipped_unsupported
    summary.skipped_message = stats.skipped_message()
    return summary


def analyze_documents(items: Iterable[Document | IngestFailure], db: str | Path, *, command: str = "analyze",
                      workers: int = 1, dask: str | None = None, cross: bool = True, wait: float = 10.0,
                      progress: Progress | None = None) -> RunSummary:
    """Analyse already-ingested documents (from files, a fetch, a feed) into the ledger."""
    from claimledger.parallel import executor_for

    summary = RunSummary()
    with writer_lock(db, wait=wait), Ledger(db) as ledger:
        run = ledger.start_run(command)

        def on_failure(f: Failure) -> None:
            summary.failures.append(f)
            ledger.record_failure(run, f.origin, f.code, f.message)

        todo = _pending(ledger, items, summary, on_failure, progress)
        status = "interrupted"
        try:
            with executor_for(workers=workers, dask=dask) as execute:
                for outcome in execute(todo):
                    if isinstance(outcome, Failure):
                        on_failure(outcome)
                        continue
                    summary.warnings.extend(outcome.warnings)
                    state = ledger.write_result(outcome, ANALYSER_VERSION)
                    if state == "new":
                        summary.new += 1
                    elif state in ("changed", "stale"):
                        summary.changed += 1
                    else:
                        summary.unchanged += 1
                    if progress:
                        progress("done", 1)
            if cross:
                summary.cross = run_cross(ledger)
            from claimledger.review.anchor import reanchor

            summary.warnings.extend(reanchor(ledger).notes())
            status = "ok" if not summary.failures else "partial"
        finally:
            ledger.finish_run(run, status, summary.analysed, len(summary.failures))
    return summary


def run_cross(ledger: Ledger) -> CrossSummary:
    """Recompute figures, timeline and cross-document findings from the stored claims."""
    from claimledger.checks.cross import run_cross_checks

    return run_cross_checks(ledger)


def failure_from_exception(origin: str, exc: BaseException) -> Failure:
    if isinstance(exc, ClaimledgerError):
        return Failure(origin, exc.code, str(exc))
    return Failure(origin, "E900", f"[E900] Internal error while analysing {origin}: {type(exc).__name__}: "
                   f"{exc}. The document was skipped; please report this with the file.")


__all__ = ["Failure", "InputError", "RunSummary", "analyze", "analyze_documents", "failure_from_exception", "run_cross"]
