"""One writer at a time: an advisory lock beside the ledger file.

SQLite already serialises transactions, but two ``analyze`` runs interleaving documents
and recomputing cross-document findings would waste work and confuse the resume logic.
The second writer waits up to ``wait`` seconds, then fails with a clear message.
"""

from __future__ import annotations

import fcntl
import os
import time
from collections.abc import Iterator
from contextlib import contextmanager
from pathlib import Path

from claimledger.errors import LedgerBusy


@contextmanager
def writer_lock(db: str | Path, wait: float = 10.0) -> Iterator[None]:
    path = Path(str(db) + ".lock")
    path.parent.mkdir(parents=True, exist_ok=True)
    fd = os.open(path, os.O_RDWR | os.O_CREAT, 0o644)
    deadline = time.monotonic() + max(0.0, wait)
    try:
        while True:
            try:
                fcntl.flock(fd, fcntl.LOCK_EX | fcntl.LOCK_NB)
                break
            except BlockingIOError:
                if time.monotonic() >= deadline:
                    raise LedgerBusy(
                        f"Another claimledger process is writing to {db}.",
                        hint="Wait for it to finish (or stop it), then run this command again; "
                        "use --wait SECONDS to wait longer.",
                    ) from None
                time.sleep(0.2)
        os.ftruncate(fd, 0)
        os.write(fd, str(os.getpid()).encode())
        yield
    finally:
        try:
            fcntl.flock(fd, fcntl.LOCK_UN)
        finally:
            os.close(fd)
