"""The SQLite ledger: one file, WAL, foreign keys, named migrations.

The store is the only module that writes SQL.  A document and everything derived from it
(blocks, sentences, claims, events, its own findings) are written in ONE transaction, so an
interrupted run (Ctrl-C, SIGKILL, power loss) leaves either the old state or the new state
of each document, never half of one; re-running skips documents whose hash and analyser
version are already stored, which is how a run resumes.
"""

from __future__ import annotations

import datetime as dt
import json
import sqlite3
from collections.abc import Iterable, Iterator, Sequence
from pathlib import Path
from typing import Any

from claimledger.errors import LedgerBusy, LedgerError
from claimledger.ledger import migrations
from claimledger.models import DocumentResult, Finding

BUSY_TIMEOUT_MS = 30_000


def now_iso() -> str:
    return dt.datetime.now(dt.UTC).isoformat(timespec="seconds")


def connect(path: str | Path, *, readonly: bool = False) -> sqlite3.Connection:
    """Open (and migrate) a ledger.  ``readonly`` connections never create or migrate."""
    path = Path(path)
    if readonly:
        if not path.exists():
            raise LedgerError(
                f"No ledger at {path}.", hint="Create one with `claimledger analyze PATH --db FILE`."
            )
        conn = sqlite3.connect(f"file:{path}?mode=ro", uri=True, isolation_level=None,
                               check_same_thread=False)
    else:
        if path.parent and not path.parent.exists():
            path.parent.mkdir(parents=True, exist_ok=True)
        conn = sqlite3.connect(str(path), isolation_level=None, check_same_thread=False)
    conn.row_factory = sqlite3.Row
    try:
        conn.execute(f"PRAGMA busy_timeout = {BUSY_TIMEOUT_MS}")
        conn.execute("PRAGMA foreign_keys = ON")
        if not readonly:
            conn.execute("PRAGMA journal_mode = WAL")
            conn.execute("PRAGMA synchronous = NORMAL")
            migrations.migrate(conn, now_iso())
        else:  # read the schema now, so a file that is not a database fails here, with a message
            conn.execute("SELECT COUNT(*) FROM sqlite_master").fetchone()
    except sqlite3.DatabaseError as exc:
        conn.close()
        if "locked" in str(exc) or "busy" in str(exc):
            raise LedgerBusy(f"The ledger {path} is locked by another process.",
                             hint="Wait for the other claimledger run to finish, then retry.") from exc
        raise LedgerError(f"{path} is not a readable claimledger ledger ({exc}).",
                          hint="Point --db at a ledger created by claimledger, or at a new file name.") from exc
    return conn


class Ledger:
    """A handle on one ledger file.  Use as a context manager."""

    def __init__(self, path: str | Path, *, readonly: bool = False) -> None:
        self.path = Path(path)
        self.readonly = readonly
        self.conn = connect(self.path, readonly=readonly)

    def __enter__(self) -> Ledger:
        return self

    def __exit__(self, *exc: object) -> None:
        self.close()

    def close(self) -> None:
        self.conn.close()

    # ------------------------------------------------------------------ writing
    def document_state(self, doc_id: str, text_hash: str, analyser: str) -> str:
        """'new', 'same' (already analysed by this analyser), 'stale' or 'changed'."""
        row = self.conn.execute(
            "SELECT hash, analyser, analysed_at FROM documents WHERE id = ?", (doc_id,)
        ).fetchone()
        if row is None:
            return "new"
        if row["hash"] != text_hash:
            return "changed"
        if row["analyser"] != analyser or row["analysed_at"] is None:
            return "stale"
        return "same"

    def write_result(self, result: DocumentResult, analyser: str) -> str:
        """Store a document and everything derived from it in one transaction.

        Returns 'new', 'changed' (a new version; the old text is kept in
        ``document_versions``), 'stale' (re-analysed) or 'same' (nothing written).
        """
        d = result.document
        state = self.document_state(d.id, d.hash, analyser)
        if state == "same":
            return state
        c = self.conn
        ts = now_iso()
        c.execute("BEGIN IMMEDIATE")
        try:
            if state == "changed":
                old = c.execute("SELECT version, hash, text FROM documents WHERE id=?", (d.id,)).fetchone()
                c.execute(
                    "INSERT OR REPLACE INTO document_versions (id, version, hash, text, replaced_at) "
                    "VALUES (?,?,?,?,?)",
                    (d.id, old["version"], old["hash"], old["text"], ts),
                )
                version = old["version"] + 1
            elif state == "stale":
                version = c.execute("SELECT version FROM documents WHERE id=?", (d.id,)).fetchone()[0]
            else:
                version = 1
            if state != "new":
                self._delete_derived(d.id)
            c.execute(
                "INSERT INTO documents (id, version, hash, title, outlet, author, published, url, origin,"
                " format, language, warc_record, text, ingested_at, analysed_at, analyser)"
                " VALUES (?,?,?,?,?,?,?,?,?,?,?,?,?,?,?,?)"
                " ON CONFLICT(id) DO UPDATE SET version=excluded.version, hash=excluded.hash,"
                " title=excluded.title, outlet=excluded.outlet, author=excluded.author,"
                " published=excluded.published, url=excluded.url, origin=excluded.origin,"
                " format=excluded.format, language=excluded.language, warc_record=excluded.warc_record,"
                " text=excluded.text, analysed_at=excluded.analysed_at, analyser=excluded.analyser",
                (d.id, version, d.hash, d.title, d.outlet, d.author, d.published, d.url, d.origin,
                 d.format, d.language, d.warc_record, d.text, ts, ts, analyser),
            )
            self._insert_derived(result)
        except BaseException:
            c.execute("ROLLBACK")
            raise
        c.execute("COMMIT")
        return state

    def _delete_derived(self, doc_id: str) -> None:
        for table in ("blocks", "sentences", "claims", "events", "findings"):
            self.conn.execute(f"DELETE FROM {table} WHERE doc = ?", (doc_id,))
        self.conn.execute("DELETE FROM sentence_search WHERE doc = ?", (doc_id,))

    def _insert_derived(self, r: DocumentResult) -> None:
        c, doc = self.conn, r.document.id
        text = r.document.text
        c.executemany(
            'INSERT INTO blocks (doc, idx, start, "end", kind, boilerplate, duplicate_of) VALUES (?,?,?,?,?,?,?)',
            [(doc, b.index, b.start, b.end, b.kind, b.boilerplate, b.duplicate_of) for b in r.blocks],
        )
        c.executemany(
            'INSERT INTO sentences (doc, idx, start, "end", block) VALUES (?,?,?,?,?)',
            [(doc, s.index, s.start, s.end, s.block) for s in r.sentences],
        )
        c.executemany(
            "INSERT INTO sentence_search (text, doc, idx) VALUES (?,?,?)",
            [(text[s.start:s.end], doc, s.index) for s in r.sentences],
        )
        c.executemany(
            'INSERT INTO claims (doc, start, "end", text, low, high, hedge, unit, relation, counted, source,'
            " source_role, source_org, relayed_by, stance, as_of, as_of_basis, sentence)"
            " VALUES (?,?,?,?,?,?,?,?,?,?,?,?,?,?,?,?,?,?)",
            [
                (doc, k.start, k.end, k.text or text[k.start:k.end], k.low, k.high, k.hedge, k.unit, k.relation,
                 k.counted,
                 k.source.name if k.source else None, k.source.role if k.source else None,
                 k.source.org if k.source else None, k.source.relayed_by if k.source else None,
                 k.source.stance if k.source else None, k.as_of, k.as_of_basis, k.sentence)
                for k in r.claims
            ],
        )
        c.executemany(
            'INSERT INTO events (doc, start, "end", date, what, source, sentence) VALUES (?,?,?,?,?,?,?)',
            [(doc, e.start, e.end, e.date, e.what, e.source, e.sentence) for e in r.events],
        )
        self._insert_findings(r.findings, scope="document")

    def _insert_findings(self, findings: Iterable[Finding], scope: str) -> None:
        self.conn.executemany(
            "INSERT OR IGNORE INTO findings (kind, doc, spans, refs, why, key, scope) VALUES (?,?,?,?,?,?,?)",
            [
                (f.kind, f.doc, json.dumps([list(s) for s in f.spans]),
                 json.dumps([{"doc": r.doc, "start": r.start, "end": r.end} for r in f.refs]),
                 f.why, f.key or _finding_key(f), scope)
                for f in findings
            ],
        )

    def insert_findings(self, findings: Iterable[Finding], *, scope: str) -> None:
        """Insert findings inside a transaction the caller already holds (no BEGIN/COMMIT)."""
        self._insert_findings(findings, scope=scope)

    def replace_ledger_findings(self, findings: Sequence[Finding]) -> None:
        """Swap the cross-document findings for a freshly computed set (one transaction)."""
        self.conn.execute("BEGIN IMMEDIATE")
        try:
            self.conn.execute("DELETE FROM findings WHERE scope = 'ledger'")
            self._insert_findings(findings, scope="ledger")
        except BaseException:
            self.conn.execute("ROLLBACK")
            raise
        self.conn.execute("COMMIT")

    def transaction(self) -> _Transaction:
        return _Transaction(self.conn)

    # ------------------------------------------------------------------ runs
    def start_run(self, command: str) -> int:
        cur = self.conn.execute("INSERT INTO runs (started_at, command) VALUES (?, ?)", (now_iso(), command))
        return int(cur.lastrowid or 0)

    def finish_run(self, run: int, status: str, documents: int, failures: int) -> None:
        self.conn.execute(
            "UPDATE runs SET finished_at=?, status=?, documents=?, failures=? WHERE id=?",
            (now_iso(), status, documents, failures, run),
        )

    def record_failure(self, run: int, origin: str, code: str, message: str) -> None:
        self.conn.execute(
            "INSERT INTO failures (run, origin, code, message) VALUES (?,?,?,?)", (run, origin, code, message)
        )

    # ------------------------------------------------------------------ reading
    def rows(self, sql: str, params: Sequence[Any] = ()) -> Iterator[sqlite3.Row]:
        yield from self.conn.execute(sql, params)

    def count(self, table: str) -> int:
        return int(self.conn.execute(f"SELECT COUNT(*) FROM {table}").fetchone()[0])

    def document_ids(self) -> list[str]:
        return [r[0] for r in self.conn.execute("SELECT id FROM documents ORDER BY id")]


class _Transaction:
    def __init__(self, conn: sqlite3.Connection) -> None:
        self.conn = conn

    def __enter__(self) -> sqlite3.Connection:
        self.conn.execute("BEGIN IMMEDIATE")
        return self.conn

    def __exit__(self, exc_type: object, *rest: object) -> None:
        self.conn.execute("ROLLBACK" if exc_type else "COMMIT")


def _finding_key(f: Finding) -> str:
    spans = ",".join(f"{s}-{e}" for s, e in f.spans)
    refs = ",".join(f"{r.doc}:{r.start}-{r.end}" for r in f.refs)
    return f"{f.kind}|{spans}|{refs}"
