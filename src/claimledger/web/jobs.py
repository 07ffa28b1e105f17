"""Background analysis for uploads and pasted text, with progress a page can poll.

One worker thread runs jobs one after another (the ledger has one writer anyway, and the
runner's writer lock makes a concurrent CLI run wait rather than collide).  The runner is
injected, so tests can drive the job machinery without loading the NLP models.  Uploaded
files live in a private temporary folder for the duration of the job; their text ends up in
the ledger, the folder is removed.
"""

from __future__ import annotations

import logging
import shutil
import tempfile
import threading
import time
import uuid
from collections import OrderedDict
from collections.abc import Callable, Iterable, Sequence
from concurrent.futures import ThreadPoolExecutor
from dataclasses import asdict, dataclass, field
from pathlib import Path
from typing import Any

from claimledger.errors import ClaimledgerError
from claimledger.ingest.records import DEFAULT_MAX_BYTES
from claimledger.models import Document

log = logging.getLogger("claimledger.web")

Progress = Callable[[str, int], None]
AnalyzePaths = Callable[..., Any]  # runner.analyze(paths, db, *, progress=..., wait=...)
AnalyzeDocuments = Callable[..., Any]  # runner.analyze_documents(items, db, *, progress=..., ...)
MAX_JOBS_KEPT = 200


@dataclass
class Job:
    id: str
    kind: str  # "upload" | "paste"
    names: list[str]
    state: str = "queued"  # queued | running | done | failed
    seen: int = 0
    done: int = 0
    new: int = 0
    changed: int = 0
    unchanged: int = 0
    failures: list[dict[str, str]] = field(default_factory=list)
    error: str | None = None
    created: float = field(default_factory=time.time)
    finished: float | None = None

    def as_dict(self) -> dict[str, Any]:
        return asdict(self)


def _record(job: Job, summary: Any) -> None:
    job.new = int(getattr(summary, "new", 0))
    job.changed = int(getattr(summary, "changed", 0))
    job.unchanged = int(getattr(summary, "unchanged", 0))
    job.seen = max(job.seen, int(getattr(summary, "seen", job.seen)))
    for f in getattr(summary, "failures", []) or []:
        job.failures.append({"origin": Path(str(f.origin)).name, "code": str(f.code), "message": str(f.message)})


class Jobs:
    """Queue and track analysis jobs for one ledger."""

    def __init__(self, db: Path, analyze_paths: AnalyzePaths, analyze_documents: AnalyzeDocuments,
                 wait: float = 120.0, max_bytes: int = DEFAULT_MAX_BYTES) -> None:
        self.db = db
        self.max_bytes = max_bytes  # an upload the server accepted is not refused again by ingest
        self.analyze_paths = analyze_paths
        self.analyze_documents = analyze_documents
        self.wait = wait
        self._jobs: OrderedDict[str, Job] = OrderedDict()
        self._lock = threading.Lock()
        self._pool = ThreadPoolExecutor(max_workers=1, thread_name_prefix="claimledger-job")

    def get(self, job_id: str) -> Job | None:
        with self._lock:
            return self._jobs.get(job_id)

    def recent(self, n: int = 20) -> list[Job]:
        with self._lock:
            return list(reversed(self._jobs.values()))[:n]

    def _new(self, kind: str, names: Sequence[str]) -> Job:
        job = Job(id=uuid.uuid4().hex, kind=kind, names=list(names))
        with self._lock:
            self._jobs[job.id] = job
            while len(self._jobs) > MAX_JOBS_KEPT:
                self._jobs.popitem(last=False)
        return job

    def submit_files(self, files: Iterable[tuple[str, bytes]]) -> Job:
        """Write ``(safe name, bytes)`` pairs to a private folder and analyse it."""
        folder = Path(tempfile.mkdtemp(prefix="claimledger-upload-"))
        names = []
        for name, data in files:
            (folder / name).write_bytes(data)
            names.append(name)
        job = self._new("upload", names)
        self._pool.submit(self._run, job, lambda progress: self.analyze_paths(
            [str(folder)], self.db, progress=progress, wait=self.wait, max_bytes=self.max_bytes), folder)
        return job

    def submit_documents(self, documents: Sequence[Document]) -> Job:
        job = self._new("paste", [d.title or d.id for d in documents])
        self._pool.submit(self._run, job, lambda progress: self.analyze_documents(
            list(documents), self.db, command="web: paste", progress=progress, wait=self.wait), None)
        return job

    def _run(self, job: Job, work: Callable[[Progress], Any], folder: Path | None) -> None:
        def progress(event: str, n: int) -> None:
            if event == "seen":
                job.seen = max(job.seen, n)
            elif event == "done":
                job.done += n

        job.state = "running"
        try:
            summary = work(progress)
            _record(job, summary)
            job.state = "done"
        except ClaimledgerError as exc:
            job.error = str(exc)
            job.state = "failed"
        except Exception:
            log.exception("analysis job %s failed", job.id)
            job.error = "Internal error while analysing; nothing half-written was kept. See the server log."
            job.state = "failed"
        finally:
            job.finished = time.time()
            if folder is not None:
                shutil.rmtree(folder, ignore_errors=True)

    def wait_idle(self, timeout: float = 30.0) -> bool:
        """Block until every queued job has finished (tests, shutdown)."""
        deadline = time.monotonic() + timeout
        while time.monotonic() < deadline:
            with self._lock:
                busy = any(j.state in ("queued", "running") for j in self._jobs.values())
            if not busy:
                return True
            time.sleep(0.05)
        return False

    def shutdown(self) -> None:
        self._pool.shutdown(wait=False, cancel_futures=True)
