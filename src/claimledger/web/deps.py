"""Per-request read-only ledger connections.

A fresh ``mode=ro`` connection per request is cheap (SQLite opens in well under a
millisecond), sees the latest committed state while a background job writes (WAL), and can
never write: the pages and the API are readers; only analysis jobs write, through the runner.
"""

from __future__ import annotations

import sqlite3
from collections.abc import Iterator

from fastapi import Request

from claimledger.ledger.store import connect


def connection(request: Request) -> Iterator[sqlite3.Connection]:
    conn = connect(request.app.state.db, readonly=True)
    try:
        yield conn
    finally:
        conn.close()
