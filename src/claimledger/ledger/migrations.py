"""Named, transactional schema migrations for the SQLite ledger.

Each migration runs inside one transaction together with the row that records it in
``migrations``: a failed migration rolls back whole, and the ledger stays at the
previous version.  Add new migrations at the end; never edit one that has shipped.
"""

from __future__ import annotations

import sqlite3
from collections.abc import Sequence

MIGRATIONS: Sequence[tuple[str, str]] = (
    (
        "0001_initial",
        """
        CREATE TABLE documents (
            id TEXT PRIMARY KEY,
            version INTEGER NOT NULL DEFAULT 1,
            hash TEXT NOT NULL,
            title TEXT, outlet TEXT, author TEXT,
            published TEXT,
            url TEXT,
            origin TEXT NOT NULL DEFAULT '',
            format TEXT NOT NULL DEFAULT 'txt',
            language TEXT,
            warc_record TEXT,
            text TEXT NOT NULL,
            ingested_at TEXT NOT NULL,
            analysed_at TEXT,
            analyser TEXT
        );
        CREATE TABLE document_versions (
            id TEXT NOT NULL REFERENCES documents(id) ON DELETE CASCADE,
            version INTEGER NOT NULL,
            hash TEXT NOT NULL,
            text TEXT NOT NULL,
            replaced_at TEXT NOT NULL,
            PRIMARY KEY (id, version)
        );
        CREATE TABLE blocks (
            doc TEXT NOT NULL REFERENCES documents(id) ON DELETE CASCADE,
            idx INTEGER NOT NULL,
            start INTEGER NOT NULL, "end" INTEGER NOT NULL,
            kind TEXT NOT NULL,
            boilerplate TEXT,
            duplicate_of INTEGER,
            PRIMARY KEY (doc, idx)
        );
        CREATE TABLE sentences (
            doc TEXT NOT NULL REFERENCES documents(id) ON DELETE CASCADE,
            idx INTEGER NOT NULL,
            start INTEGER NOT NULL, "end" INTEGER NOT NULL,
            block INTEGER NOT NULL,
            PRIMARY KEY (doc, idx)
        );
        CREATE TABLE claims (
            id INTEGER PRIMARY KEY,
            doc TEXT NOT NULL REFERENCES documents(id) ON DELETE CASCADE,
            start INTEGER NOT NULL, "end" INTEGER NOT NULL,
            text TEXT NOT NULL,
            low REAL, high REAL,
            hedge TEXT NOT NULL,
            unit TEXT,
            relation TEXT,
            counted TEXT,
            source TEXT, source_role TEXT, source_org TEXT,
            relayed_by TEXT, stance TEXT,
            as_of TEXT, as_of_basis TEXT,
            sentence INTEGER NOT NULL,
            figure INTEGER
        );
        CREATE INDEX claims_doc ON claims(doc);
        CREATE INDEX claims_figure ON claims(figure);
        CREATE TABLE events (
            id INTEGER PRIMARY KEY,
            doc TEXT NOT NULL REFERENCES documents(id) ON DELETE CASCADE,
            start INTEGER NOT NULL, "end" INTEGER NOT NULL,
            date TEXT NOT NULL,
            what TEXT NOT NULL,
            source TEXT,
            sentence INTEGER NOT NULL,
            timeline INTEGER
        );
        CREATE INDEX events_doc ON events(doc);
        CREATE INDEX events_date ON events(date);
        CREATE TABLE findings (
            id INTEGER PRIMARY KEY,
            kind TEXT NOT NULL,
            doc TEXT NOT NULL REFERENCES documents(id) ON DELETE CASCADE,
            spans TEXT NOT NULL,
            refs TEXT NOT NULL DEFAULT '[]',
            why TEXT NOT NULL,
            key TEXT NOT NULL,
            scope TEXT NOT NULL DEFAULT 'document',
            UNIQUE (doc, key)
        );
        CREATE INDEX findings_kind ON findings(kind);
        CREATE TABLE figures (
            id INTEGER PRIMARY KEY,
            label TEXT NOT NULL,
            unit TEXT,
            claims INTEGER NOT NULL DEFAULT 0,
            documents INTEGER NOT NULL DEFAULT 0,
            first_as_of TEXT, last_as_of TEXT,
            trend TEXT
        );
        CREATE TABLE sources (
            id INTEGER PRIMARY KEY,
            name TEXT NOT NULL UNIQUE,
            kind TEXT,
            aliases TEXT NOT NULL DEFAULT '[]',
            roles TEXT NOT NULL DEFAULT '[]',
            claims INTEGER NOT NULL DEFAULT 0
        );
        CREATE TABLE timeline (
            id INTEGER PRIMARY KEY,
            date TEXT NOT NULL,
            what TEXT NOT NULL,
            events INTEGER NOT NULL DEFAULT 0,
            documents INTEGER NOT NULL DEFAULT 0
        );
        CREATE TABLE syndication (
            doc TEXT NOT NULL REFERENCES documents(id) ON DELETE CASCADE,
            original TEXT NOT NULL REFERENCES documents(id) ON DELETE CASCADE,
            similarity REAL NOT NULL,
            wire TEXT,
            PRIMARY KEY (doc, original)
        );
        CREATE TABLE runs (
            id INTEGER PRIMARY KEY,
            started_at TEXT NOT NULL,
            finished_at TEXT,
            command TEXT NOT NULL,
            status TEXT NOT NULL DEFAULT 'running',
            documents INTEGER NOT NULL DEFAULT 0,
            failures INTEGER NOT NULL DEFAULT 0
        );
        CREATE TABLE failures (
            id INTEGER PRIMARY KEY,
            run INTEGER REFERENCES runs(id) ON DELETE CASCADE,
            origin TEXT NOT NULL,
            code TEXT NOT NULL,
            message TEXT NOT NULL
        );
        """,
    ),
    (
        "0002_sentence_search",
        """
        CREATE VIRTUAL TABLE sentence_search USING fts5(
            text, doc UNINDEXED, idx UNINDEXED, tokenize = 'porter unicode61'
        );
        """,
    ),
    (
        "0003_follow",
        # fetch/watch state (claimledger.follow): conditional GET validators, the WARC record
        # of every archived response, feeds polled, feed items seen, alerts raised.
        """
        CREATE TABLE fetches (
            url TEXT PRIMARY KEY,
            final_url TEXT,
            doc TEXT,
            status INTEGER,
            etag TEXT, last_modified TEXT,
            fetched_at TEXT NOT NULL,
            changed_at TEXT,
            warc_file TEXT, warc_record TEXT, warc_offset INTEGER, sha256 TEXT,
            content_type TEXT, bytes INTEGER,
            error TEXT
        );
        CREATE TABLE warc_records (
            record_id TEXT PRIMARY KEY,
            url TEXT NOT NULL,
            final_url TEXT NOT NULL,
            warc_file TEXT NOT NULL,
            warc_offset INTEGER NOT NULL,
            sha256 TEXT NOT NULL,
            fetched_at TEXT NOT NULL,
            status INTEGER NOT NULL,
            content_type TEXT,
            bytes INTEGER NOT NULL
        );
        CREATE INDEX warc_records_url ON warc_records(final_url);
        CREATE TABLE feeds (
            url TEXT PRIMARY KEY,
            title TEXT,
            kind TEXT,
            etag TEXT, last_modified TEXT,
            last_polled TEXT, last_ok TEXT,
            items INTEGER NOT NULL DEFAULT 0,
            errors INTEGER NOT NULL DEFAULT 0,
            error TEXT
        );
        CREATE TABLE feed_items (
            url TEXT PRIMARY KEY,
            guid TEXT,
            feed TEXT NOT NULL,
            title TEXT,
            published TEXT,
            updated TEXT,
            first_seen TEXT NOT NULL,
            last_seen TEXT NOT NULL,
            state TEXT NOT NULL,
            reason TEXT,
            attempts INTEGER NOT NULL DEFAULT 0,
            hash TEXT,
            doc TEXT
        );
        CREATE INDEX feed_items_guid ON feed_items(guid);
        CREATE INDEX feed_items_hash ON feed_items(hash);
        CREATE TABLE alerts (
            id INTEGER PRIMARY KEY,
            at TEXT NOT NULL,
            cycle INTEGER,
            kind TEXT NOT NULL,
            key TEXT NOT NULL,
            summary TEXT NOT NULL,
            payload TEXT NOT NULL
        );
        CREATE INDEX alerts_at ON alerts(at);
        """,
    ),
    (
        "0004_review",
        # human review (claimledger.review): one row per reviewed item, and an append-only
        # history where every change is a new row holding the item's whole state (status,
        # approved values, corrections, verdict, note, and its anchor in the text).  No
        # foreign key to documents: a review must outlive the rows it was made on.
        """
        CREATE TABLE review_items (
            id INTEGER PRIMARY KEY,
            kind TEXT NOT NULL,
            doc TEXT,
            added INTEGER NOT NULL DEFAULT 0,
            created_at TEXT NOT NULL,
            created_by TEXT NOT NULL
        );
        CREATE INDEX review_items_doc ON review_items(doc);
        CREATE TABLE review_history (
            id INTEGER PRIMARY KEY,
            item INTEGER NOT NULL REFERENCES review_items(id),
            at TEXT NOT NULL,
            reviewer TEXT NOT NULL,
            action TEXT NOT NULL,
            status TEXT NOT NULL,
            anchor TEXT NOT NULL,
            anchor_state TEXT NOT NULL DEFAULT 'matched',
            approved TEXT NOT NULL DEFAULT '{}',
            corrections TEXT NOT NULL DEFAULT '{}',
            verdict TEXT,
            rationale TEXT,
            evidence TEXT NOT NULL DEFAULT '[]',
            note TEXT,
            reason TEXT
        );
        CREATE INDEX review_history_item ON review_history(item, id);
        CREATE VIEW review_current AS
            SELECT h.*, i.kind AS kind, i.doc AS doc, i.added AS added
            FROM review_history h JOIN review_items i ON i.id = h.item
            WHERE h.id = (SELECT MAX(id) FROM review_history WHERE item = h.item);
        """,
    ),
    (
        "0005_cross_ledger",
        # the cross-document stage (claimledger.checks.cross): cached paragraph and phrase
        # vectors (so an incremental run embeds only new text), cached MinHash signatures,
        # wire attributions of single documents, each claim's resolved source entity, and a
        # figure's outcome and count of independent reports (syndicated copies count once).
        """
        CREATE TABLE block_vectors (
            doc TEXT NOT NULL REFERENCES documents(id) ON DELETE CASCADE,
            idx INTEGER NOT NULL,
            hash TEXT NOT NULL,
            model TEXT NOT NULL,
            words INTEGER NOT NULL,
            vector BLOB NOT NULL,
            PRIMARY KEY (doc, model, idx)
        );
        CREATE TABLE phrase_vectors (
            phrase TEXT NOT NULL,
            model TEXT NOT NULL,
            vector BLOB NOT NULL,
            PRIMARY KEY (phrase, model)
        );
        CREATE TABLE doc_signatures (
            doc TEXT PRIMARY KEY REFERENCES documents(id) ON DELETE CASCADE,
            hash TEXT NOT NULL,
            signature BLOB
        );
        CREATE TABLE wires (
            doc TEXT PRIMARY KEY REFERENCES documents(id) ON DELETE CASCADE,
            wire TEXT NOT NULL,
            evidence TEXT NOT NULL
        );
        ALTER TABLE claims ADD COLUMN source_entity INTEGER;
        CREATE INDEX claims_source_entity ON claims(source_entity);
        ALTER TABLE figures ADD COLUMN outcome TEXT;
        ALTER TABLE figures ADD COLUMN reports INTEGER NOT NULL DEFAULT 0;
        ALTER TABLE timeline ADD COLUMN sources TEXT NOT NULL DEFAULT '[]';
        ALTER TABLE documents ADD COLUMN story INTEGER;
        """,
    ),
    (
        "0006_read_indexes",
        # the web UI and report filter claims by source and documents by outlet; at 100k
        # documents these two indexes turn 40-70 ms scans into single-digit milliseconds
        """
        CREATE INDEX IF NOT EXISTS documents_outlet ON documents(outlet);
        CREATE INDEX IF NOT EXISTS claims_source ON claims(source);
        """,
    ),
    (
        "0007_large_ledger_indexes",
        # measured at 100k documents / 1.7M claims (benchmarks/README.md, "Large ledgers"): the
        # hedge and event-source filters, the figure list (by reports), the timeline (by date)
        # and its events (by entry) read in index order instead of scanning and sorting a table;
        # the overview's date span and undated count read documents_published instead of every
        # document row.  documents_order holds nothing but each document's rowid (the
        # expression is always 0), in rowid order, ~10 bytes an entry: a deep OFFSET on the
        # document list steps through it instead of through the documents' rows (their text).
        """
        CREATE INDEX IF NOT EXISTS claims_hedge ON claims(hedge);
        CREATE INDEX IF NOT EXISTS events_source ON events(source);
        CREATE INDEX IF NOT EXISTS events_timeline ON events(timeline);
        CREATE INDEX IF NOT EXISTS figures_rank ON figures(documents DESC, claims DESC);
        CREATE INDEX IF NOT EXISTS timeline_date ON timeline(date);
        CREATE INDEX IF NOT EXISTS documents_published ON documents(published);
        CREATE INDEX IF NOT EXISTS documents_order ON documents((0 * length(id)));
        """,
    ),
)

SCHEMA_VERSION = len(MIGRATIONS)


def applied(conn: sqlite3.Connection) -> list[str]:
    conn.execute(
        "CREATE TABLE IF NOT EXISTS migrations (name TEXT PRIMARY KEY, applied_at TEXT NOT NULL)"
    )
    return [r[0] for r in conn.execute("SELECT name FROM migrations ORDER BY name")]


def migrate(conn: sqlite3.Connection, now: str) -> list[str]:
    """Apply every pending migration, each in its own transaction; return their names."""
    done = set(applied(conn))
    ran: list[str] = []
    for name, sql in MIGRATIONS:
        if name in done:
            continue
        conn.execute("BEGIN IMMEDIATE")
        try:
            for statement in _statements(sql):
                conn.execute(statement)
            conn.execute("INSERT INTO migrations (name, applied_at) VALUES (?, ?)", (name, now))
            conn.execute(f"PRAGMA user_version = {MIGRATIONS.index((name, sql)) + 1}")
        except BaseException:
            conn.execute("ROLLBACK")
            raise
        conn.execute("COMMIT")
        ran.append(name)
    return ran


def _statements(sql: str) -> list[str]:
    """Split a migration into statements (our migrations contain no ';' inside strings)."""
    return [s.strip() for s in sql.split(";") if s.strip()]
