"""Where the per-document stage runs: in-process, local worker processes, or Dask.

Every executor takes an iterator of :class:`Document` and yields, in input order, a
:class:`DocumentResult` or a :class:`Failure` for each one.  Documents travel in chunks
(so spaCy can batch) with a bounded number of chunks in flight (so memory stays flat on a
crawl of millions).  Workers load the spaCy model once per process (``get_nlp`` caches it).
Only the per-document stage scales out; writing and the cross-document checks stay with
the single writer in :mod:`claimledger.runner`.
"""

from __future__ import annotations

import itertools
import os
import threading
import time
from collections import deque
from collections.abc import Callable, Iterable, Iterator
from concurrent.futures import ProcessPoolExecutor
from contextlib import contextmanager
from typing import Any, Protocol

from claimledger.errors import UsageError
from claimledger.models import Document, DocumentResult

Outcome = Any  # DocumentResult | runner.Failure
Execute = Callable[[Iterator[Document]], Iterator[Outcome]]

CHUNK = 8


class _Pending(Protocol):
    """A submitted chunk: a concurrent.futures or a dask.distributed future."""

    def result(self) -> list[Outcome]: ...


def analyse_chunk(docs: list[Document]) -> list[Outcome]:
    """Analyse a chunk; if the batch fails, retry one by one so one bad document fails alone."""
    from claimledger.pipeline import analyse_many
    from claimledger.runner import failure_from_exception

    try:
        return list(analyse_many(docs))
    except Exception:
        out: list[Outcome] = []
        for d in docs:
            try:
                out.extend(analyse_many([d]))
            except Exception as exc:
                out.append(failure_from_exception(d.origin or d.id, exc))
        return out


def _chunks(docs: Iterable[Document], size: int) -> Iterator[list[Document]]:
    it = iter(docs)
    while chunk := list(itertools.islice(it, size)):
        yield chunk


def _serial(docs: Iterator[Document]) -> Iterator[Outcome]:
    for chunk in _chunks(docs, CHUNK):
        yield from analyse_chunk(chunk)


def _ordered(submit: Callable[[list[Document]], _Pending], docs: Iterator[Document],
             in_flight: int) -> Iterator[Outcome]:
    pending: deque[_Pending] = deque()
    for chunk in _chunks(docs, CHUNK):
        pending.append(submit(chunk))
        if len(pending) >= in_flight:
            yield from pending.popleft().result()
    while pending:
        yield from pending.popleft().result()


def _warm() -> None:
    from claimledger.nlp import get_nlp

    get_nlp()


def _pool_worker_init() -> None:
    """Load the model, and exit if the parent dies.

    A forked pool worker holds both ends of its task pipe, so it never sees EOF when the
    parent is SIGKILLed (the OOM killer, ``kill -9``): without this it would sleep forever
    holding a loaded model.  A daemon thread notices the re-parenting and exits.
    """
    parent = os.getppid()

    def watch() -> None:
        while os.getppid() == parent:
            time.sleep(0.5)
        os._exit(1)

    threading.Thread(target=watch, name="claimledger-parent-watch", daemon=True).start()
    _warm()


@contextmanager
def executor_for(*, workers: int = 1, dask: str | None = None) -> Iterator[Execute]:
    if workers < 1:
        raise UsageError("--workers must be at least 1.")
    if dask:
        with _dask_executor(dask, workers) as ex:
            yield ex
        return
    if workers == 1:
        yield _serial
        return
    with ProcessPoolExecutor(max_workers=workers, initializer=_pool_worker_init) as pool:
        yield lambda docs: _ordered(lambda c: pool.submit(analyse_chunk, c), docs, in_flight=workers * 2)


@contextmanager
def _dask_executor(address: str, workers: int) -> Iterator[Execute]:
    try:
        from dask.distributed import Client, LocalCluster
    except ImportError as exc:  # pragma: no cover - dask is a dependency
        raise UsageError("Dask is not installed.", hint="pip install 'dask[distributed]'.") from exc
    cluster = None
    if address == "local":
        cluster = LocalCluster(n_workers=workers, threads_per_worker=1, processes=True,
                               dashboard_address=None)
        client = Client(cluster)
    else:
        try:
            client = Client(address, timeout="20s")
        except OSError as exc:
            raise UsageError(f"Cannot reach the Dask scheduler at {address}.",
                             hint="Start one with `dask scheduler` and workers with `dask worker ADDRESS`, "
                             "or use --dask local.") from exc
    try:
        client.run(_warm)
        n = max(1, len(client.scheduler_info().get("workers", {})))

        def execute(docs: Iterator[Document]) -> Iterator[Outcome]:
            return _ordered(lambda c: client.submit(analyse_chunk, c, pure=False), docs, in_flight=n * 2)

        yield execute
    finally:
        client.close()
        if cluster is not None:
            cluster.close()


__all__ = ["DocumentResult", "analyse_chunk", "executor_for"]
