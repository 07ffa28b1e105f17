"""What fetch and watch remember between runs, kept in the ledger itself.

One file holds the story and how it was gathered: the validators for conditional GET,
the WARC record of every archived response, the feeds and when they were polled, every
feed item seen and what became of it, and the alerts raised.  So a stopped ``watch``
restarts where it left off, and the ledger can answer "which bytes did this claim come
from?" (``warc_records``) without the WARC file being scanned.

These are the only SQL statements on the follow tables (migration ``0003_follow``); the
document tables stay the store's.  Each function is one short transaction.
"""

from __future__ import annotations

import json
from collections.abc import Iterable, Mapping
from dataclasses import dataclass
from typing import Any

from claimledger.follow.archive import ArchivedRecord
from claimledger.follow.fetch import Condition, Fetched
from claimledger.ledger.store import Ledger, now_iso


# ---------------------------------------------------------------------------- pages
def conditions(ledger: Ledger, urls: Iterable[str]) -> dict[str, Condition]:
    """ETag / Last-Modified from the last successful fetch of each URL.

    Only for pages whose document is in the ledger: a 304 for a page whose analysis failed
    last time would leave it out of the ledger for good.
    """
    out: dict[str, Condition] = {}
    for url in urls:
        row = ledger.conn.execute(
            "SELECT etag, last_modified FROM fetches f JOIN documents d ON d.id = f.doc"
            " WHERE f.url = ? AND f.status IN (200, 304)", (url,)
        ).fetchone()
        if row and (row["etag"] or row["last_modified"]):
            out[url] = Condition(etag=row["etag"], last_modified=row["last_modified"])
    return out


def last_sha256(ledger: Ledger, url: str) -> str | None:
    """The hash of the bytes last archived for ``url``, if the page made it into the ledger."""
    row = ledger.conn.execute(
        "SELECT sha256 FROM fetches f JOIN documents d ON d.id = f.doc WHERE f.url = ?", (url,)
    ).fetchone()
    return row["sha256"] if row else None


def record_archived(ledger: Ledger, fetched: Fetched, record: ArchivedRecord) -> None:
    """A 200 response written to the WARC: history row plus the URL's latest state."""
    with ledger.transaction() as c:
        c.execute(
            "INSERT OR REPLACE INTO warc_records (record_id, url, final_url, warc_file, warc_offset, sha256,"
            " fetched_at, status, content_type, bytes) VALUES (?,?,?,?,?,?,?,?,?,?)",
            (record.record_id, fetched.url, fetched.final_url, record.label, record.offset, record.sha256,
             fetched.fetched_at, fetched.status, fetched.content_type, len(fetched.raw)),
        )
        _upsert_fetch(c, fetched.url, {
            "final_url": fetched.final_url, "doc": fetched.final_url, "status": fetched.status,
            "etag": fetched.etag, "last_modified": fetched.last_modified, "fetched_at": fetched.fetched_at,
            "changed_at": fetched.fetched_at, "warc_file": record.label, "warc_record": record.record_id,
            "warc_offset": record.offset, "sha256": record.sha256, "content_type": fetched.content_type,
            "bytes": len(fetched.raw), "error": None,
        })


def record_unchanged(ledger: Ledger, fetched: Fetched) -> None:
    """A 304 (or the same bytes again): only the time of the check moves."""
    values: dict[str, Any] = {"fetched_at": fetched.fetched_at, "error": None}
    if fetched.etag:
        values["etag"] = fetched.etag
    if fetched.last_modified:
        values["last_modified"] = fetched.last_modified
    with ledger.transaction() as c:
        _upsert_fetch(c, fetched.url, values)


def record_failure(ledger: Ledger, url: str, message: str) -> None:
    with ledger.transaction() as c:
        _upsert_fetch(c, url, {"fetched_at": now_iso(), "error": message})


def fetch_row(ledger: Ledger, url: str) -> dict[str, Any] | None:
    row = ledger.conn.execute("SELECT * FROM fetches WHERE url = ?", (url,)).fetchone()
    return dict(row) if row else None


def _upsert_fetch(c: Any, url: str, values: Mapping[str, Any]) -> None:
    cols = list(values)
    c.execute(
        f"INSERT INTO fetches (url, {', '.join(cols)}) VALUES (?{', ?' * len(cols)}) "
        f"ON CONFLICT(url) DO UPDATE SET {', '.join(f'{k}=excluded.{k}' for k in cols)}",
        (url, *values.values()),
    )


# ---------------------------------------------------------------------------- feeds
def feed_condition(ledger: Ledger, url: str) -> Condition | None:
    row = ledger.conn.execute("SELECT etag, last_modified FROM feeds WHERE url = ?", (url,)).fetchone()
    if row and (row["etag"] or row["last_modified"]):
        return Condition(etag=row["etag"], last_modified=row["last_modified"])
    return None


def record_feed_ok(ledger: Ledger, url: str, *, title: str | None, kind: str, items: int,
                   etag: str | None, last_modified: str | None) -> None:
    ts = now_iso()
    with ledger.transaction() as c:
        c.execute(
            "INSERT INTO feeds (url, title, kind, etag, last_modified, last_polled, last_ok, items, errors, error)"
            " VALUES (?,?,?,?,?,?,?,?,0,NULL) ON CONFLICT(url) DO UPDATE SET title=coalesce(excluded.title, title),"
            " kind=excluded.kind, etag=excluded.etag, last_modified=excluded.last_modified,"
            " last_polled=excluded.last_polled, last_ok=excluded.last_ok, items=excluded.items, errors=0, error=NULL",
            (url, title, kind, etag, last_modified, ts, ts, items),
        )


def record_feed_unchanged(ledger: Ledger, url: str) -> None:
    ts = now_iso()
    with ledger.transaction() as c:
        c.execute("UPDATE feeds SET last_polled=?, last_ok=?, errors=0, error=NULL WHERE url=?", (ts, ts, url))


def record_feed_error(ledger: Ledger, url: str, message: str) -> int:
    """Count one more consecutive failure of a feed; return the count."""
    with ledger.transaction() as c:
        c.execute(
            "INSERT INTO feeds (url, kind, last_polled, errors, error) VALUES (?, 'unknown', ?, 1, ?)"
            " ON CONFLICT(url) DO UPDATE SET last_polled=excluded.last_polled, errors=errors+1, error=excluded.error",
            (url, now_iso(), message),
        )
        return int(c.execute("SELECT errors FROM feeds WHERE url=?", (url,)).fetchone()[0])


# ---------------------------------------------------------------------------- items
@dataclass(frozen=True)
class SeenItem:
    url: str
    guid: str | None
    state: str  # accepted | rejected | duplicate | failed
    updated: str | None
    attempts: int


def seen(ledger: Ledger, url: str, guid: str | None) -> SeenItem | None:
    """The item already met under this URL or GUID (any feed), if any."""
    row = ledger.conn.execute("SELECT * FROM feed_items WHERE url = ?", (url,)).fetchone()
    if row is None and guid:
        row = ledger.conn.execute("SELECT * FROM feed_items WHERE guid = ? LIMIT 1", (guid,)).fetchone()
    if row is None:
        return None
    return SeenItem(row["url"], row["guid"], row["state"], row["updated"], row["attempts"])


def document_with_hash(ledger: Ledger, text_hash: str) -> str | None:
    """The id of a stored document with exactly this text, if any."""
    row = ledger.conn.execute("SELECT id FROM documents WHERE hash = ? LIMIT 1", (text_hash,)).fetchone()
    return row["id"] if row else None


def record_item(ledger: Ledger, *, url: str, guid: str | None, feed: str, title: str | None,
                published: str | None, updated: str | None, state: str, reason: str | None = None,
                text_hash: str | None = None, doc: str | None = None) -> None:
    ts = now_iso()
    with ledger.transaction() as c:
        c.execute(
            "INSERT INTO feed_items (url, guid, feed, title, published, updated, first_seen, last_seen, state,"
            " reason, attempts, hash, doc) VALUES (?,?,?,?,?,?,?,?,?,?,1,?,?)"
            " ON CONFLICT(url) DO UPDATE SET guid=coalesce(excluded.guid, guid), title=excluded.title,"
            " published=coalesce(excluded.published, published), updated=excluded.updated,"
            " last_seen=excluded.last_seen, state=excluded.state, reason=excluded.reason,"
            " attempts=attempts+1, hash=coalesce(excluded.hash, hash), doc=coalesce(excluded.doc, doc)",
            (url, guid, feed, title, published, updated, ts, ts, state, reason, text_hash, doc),
        )


# ---------------------------------------------------------------------------- alerts
def record_alerts(ledger: Ledger, cycle: int, alerts: Iterable[Mapping[str, Any]]) -> None:
    rows = [(a["at"], cycle, a["kind"], a["key"], a["summary"], json.dumps(a, ensure_ascii=False)) for a in alerts]
    if not rows:
        return
    with ledger.transaction() as c:
        c.executemany("INSERT INTO alerts (at, cycle, kind, key, summary, payload) VALUES (?,?,?,?,?,?)", rows)


def last_cycle(ledger: Ledger) -> int:
    row = ledger.conn.execute("SELECT max(cycle) FROM alerts").fetchone()
    return int(row[0] or 0)
