"""Datasette metadata: ``datasette story.db -m metadata.json`` shows a documented ledger.

Every table and column the ledger defines is described in words a reader of the web UI
needs ("low: lower bound of the figure; null = open"), with the facets that make sense
(claims by hedge, source and unit; findings by kind), a label column so foreign keys show
a title instead of an id, and canned queries for the questions people ask first
(conflicts, a figure across sources, the timeline, what watch fetched).

Tables found in the ledger but not described here (added by a later migration) are
listed with their columns so nothing is hidden; the FTS index's shadow tables and the
bookkeeping tables are hidden.
"""

from __future__ import annotations

import json
from typing import Any, TextIO

from claimledger import __version__
from claimledger.ledger.store import Ledger

SPAN = "Python string offsets into the document's text (code points, end exclusive)."

TABLES: dict[str, dict[str, Any]] = {
    "documents": {
        "description": "One row per article: the exact text analysed, where it came from, and its metadata.",
        "label_column": "title", "facets": ["outlet", "format", "language"], "sort_desc": "published",
        "columns": {
            "id": "Stable id: path relative to the analysed folder, URL, or WARC record id.",
            "version": "1 for the first text seen under this id; +1 each time the text changed.",
            "hash": "SHA-256 of the text.", "published": "Publication date (ISO), or null.",
            "url": "The page's address (final URL after redirects for fetched pages).",
            "origin": "Where the bytes came from: a file path, 'stdin', or '<warc file>#<record id>'.",
            "format": "txt, html, jsonl or warc.", "warc_record": "WARC-Record-ID of the bytes read, if archived.",
            "text": "The analysed text; every offset in the ledger points into it.",
            "analyser": "Analyser version that produced the rows derived from this document.",
        },
    },
    "document_versions": {"description": "Earlier texts of documents that changed (an updated article).",
                          "columns": {"replaced_at": "When the newer version replaced this one."}},
    "blocks": {"description": "Structural units of each document (title, paragraphs, captions ...).",
               "facets": ["kind", "boilerplate"],
               "columns": {"start": SPAN, "end": SPAN, "boilerplate": "Why the block is not article text, or null.",
                           "duplicate_of": "Index of an earlier block with the same text."}},
    "sentences": {"description": "Sentence boundaries of each document.", "columns": {"start": SPAN, "end": SPAN}},
    "claims": {
        "description": "Every figure found: its bounds and hedge, what it counts, who asserts it, and when.",
        "facets": ["hedge", "unit", "source"], "label_column": "text",
        "columns": {
            "doc": "The document it stands in.", "start": SPAN, "end": SPAN, "text": "The quantity as written.",
            "low": "Lower bound (null = open).", "high": "Upper bound (null = open); equal to low for one value.",
            "hedge": "exact | approx | min | max | range | vague.", "unit": "%, USD, km ... null for a plain count.",
            "counted": "What the number counts, as a short noun phrase.",
            "source": "Who asserts the figure; null when the text names nobody.",
            "source_role": "The source's role (spokesperson, minister ...).", "source_org": "The source's organisation.",
            "relayed_by": "Outlet in a reporting chain ('according to Reuters').",
            "stance": "said, estimated, claimed ...", "as_of": "When the figure holds or was stated (ISO prefix).",
            "as_of_basis": "How as_of was found: sentence, attribution or published.",
            "sentence": "Index of its sentence.", "figure": "The cross-document figure it belongs to.",
        },
    },
    "events": {"description": "Dated happenings found in the documents.", "facets": ["date"],
               "columns": {"start": SPAN, "end": SPAN, "date": "ISO prefix at the precision the text gives.",
                           "what": "What happened, in a short phrase.", "timeline": "The timeline entry it joins."}},
    "findings": {
        "description": "What a reader must see: conflicts, self-contradictions, off-topic or duplicated passages, "
                       "boilerplate, unattributed figures, broken text.",
        "facets": ["kind", "scope"],
        "columns": {"kind": "conflict, self_contradiction, disagreement, off_topic, duplicate, boilerplate, "
                            "unattributed, broken_text or role_conflict.",
                    "spans": "JSON list of [start, end] passages in doc.",
                    "refs": "JSON list of passages in other documents ({doc, start, end}).",
                    "why": "One sentence a reader understands.", "key": "Stable key that prevents duplicates.",
                    "scope": "document (found in one document) or ledger (across documents)."},
    },
    "figures": {"description": "One quantity followed across documents and over time.", "label_column": "label",
                "columns": {"label": "What is counted.", "claims": "Claims on this figure.",
                            "documents": "Documents that give it.", "trend": "How the value moved over as_of."}},
    "sources": {"description": "People and bodies that assert figures, with their aliases and roles.",
                "label_column": "name", "facets": ["kind"]},
    "timeline": {"description": "Events merged across documents, one row per happening.", "label_column": "what"},
    "syndication": {"description": "Documents that are copies of another (wire stories, syndication).",
                    "columns": {"similarity": "0–1 text similarity to the original.", "wire": "The wire named."}},
    "runs": {"description": "Every analyze / fetch / watch run: when, what, how it ended."},
    "failures": {"description": "Inputs that could not be used, with the reason (per run)."},
    "fetches": {"description": "Pages fetched by `claimledger fetch` / `watch`: latest state per URL.",
                "facets": ["status", "content_type"],
                "columns": {"url": "As requested.", "final_url": "After redirects (the document id).",
                            "etag": "Validator for the next conditional GET.", "last_modified": "Idem.",
                            "warc_file": "WARC file holding the bytes.", "warc_record": "WARC-Record-ID.",
                            "warc_offset": "Byte offset of the record in the WARC file.",
                            "sha256": "SHA-256 of the payload as received.", "error": "Last failure, or null."}},
    "warc_records": {"description": "Every response archived in WARC, one row per record (history of each page).",
                     "columns": {"warc_offset": "Byte offset of the record; `warcio extract FILE OFFSET` prints it."}},
    "feeds": {"description": "Feeds polled by `claimledger watch`, with their health.",
              "columns": {"errors": "Consecutive failed polls.", "kind": "rss, atom, sitemap ..."}},
    "feed_items": {"description": "Every feed item seen, and what became of it.", "facets": ["state", "feed"],
                   "columns": {"state": "accepted, rejected (off-story), duplicate (same text as doc), failed.",
                               "attempts": "Times it was fetched or judged."}},
    "alerts": {"description": "Alerts raised by `claimledger watch`: new and changed figures, new conflicts.",
               "facets": ["kind"], "sort_desc": "id",
               "columns": {"payload": "The alert as JSON (claims, values, documents)."}},
    "migrations": {"description": "Schema migrations applied to this ledger.", "hidden": True},
}

QUERIES: dict[str, dict[str, str]] = {
    "conflicts": {"title": "Conflicts and contradictions",
                  "sql": "SELECT kind, doc, why FROM findings WHERE kind IN "
                         "('conflict', 'self_contradiction', 'disagreement') ORDER BY kind, doc"},
    "figure_sources": {"title": "A figure across sources (search what is counted)",
                       "sql": "SELECT c.counted, c.text, c.low, c.high, c.hedge, c.source, c.as_of, d.outlet, c.doc "
                              "FROM claims c JOIN documents d ON d.id = c.doc WHERE c.counted LIKE '%' || :counted || '%' "
                              "ORDER BY c.as_of"},
    "timeline": {"title": "Events by date", "sql": "SELECT date, what, doc FROM events ORDER BY date, doc"},
    "recent_alerts": {"title": "Latest alerts", "sql": "SELECT at, kind, summary FROM alerts ORDER BY id DESC LIMIT 100"},
    "search_sentences": {"title": "Full-text search of sentences",
                         "sql": "SELECT doc, idx, snippet(sentence_search, 0, '[', ']', '…', 20) AS match "
                                "FROM sentence_search WHERE sentence_search MATCH :q LIMIT 200"},
}


def datasette_metadata(ledger: Ledger, *, title: str | None = None) -> dict[str, Any]:
    """metadata.json for the ledger file (its database name is the file name without suffix)."""
    present = {r["name"]: r["type"] for r in ledger.rows(
        "SELECT name, type FROM sqlite_master WHERE type IN ('table', 'view') AND name NOT LIKE 'sqlite_%'")}
    tables: dict[str, Any] = {}
    for name in sorted(present):
        if name.startswith("sentence_search_"):
            tables[name] = {"hidden": True}  # FTS5 shadow tables
            continue
        columns = [r["name"] for r in ledger.rows(f'PRAGMA table_info("{name}")')]
        meta = dict(TABLES.get(name) or {"description": f"{name} (no description yet)"})
        described = meta.get("columns", {})
        meta["columns"] = {c: described[c] for c in columns if c in described}
        if not meta["columns"]:
            del meta["columns"]
        meta["facets"] = [f for f in meta.get("facets", []) if f in columns]
        if not meta["facets"]:
            del meta["facets"]
        if "sort_desc" in meta and meta["sort_desc"] not in columns:
            del meta["sort_desc"]
        tables[name] = meta
    queries = {k: v for k, v in QUERIES.items() if all(t in present for t in _tables_in(v["sql"]))}
    return {
        "title": title or f"claimledger: {ledger.path.stem}",
        "description": "A ledger of figures, dated events and findings, each traced to its exact span "
                       "in the source text.",
        "source": f"claimledger {__version__}",
        "databases": {ledger.path.stem: {"tables": tables, "queries": queries}},
    }


def _tables_in(sql: str) -> list[str]:
    words = sql.replace(",", " ").split()
    return [words[i + 1] for i, w in enumerate(words[:-1]) if w.upper() in ("FROM", "JOIN")]


def write_datasette(ledger: Ledger, out: TextIO) -> None:
    json.dump(datasette_metadata(ledger), out, ensure_ascii=False, indent=1)
    out.write("\n")
