"""Import a ``claimledger-export/1`` JSON file back into a ledger.

The promise: export -> import into a fresh ledger -> export gives the same JSON.  Ids of
claims, events, findings and figures are kept when the ledger is empty, so references
between sections (``claims[].figure``, ``events[].timeline``) still hold.  What the export
does not carry cannot come back, and is rebuilt as far as the export allows:

* sentences: only those that hold a claim, found again from the claim's ``sentence``
  text (the occurrence around the claim); one block per document spans its text;
* timeline rows: one per ``events[].timeline`` id, from its first event;
* run bookkeeping (``ingested_at``, ``analysed_at``, ``runs``) is the import's own; the
  documents are marked ``analyser = "import:claimledger-export/1"`` so a later
  ``analyze`` of the same files re-analyses them instead of trusting the import.

Into a ledger that already holds data, the import merges: a document whose id is
already there is skipped (or replaced with ``replace=True``), new rows get new ids and
figure references are remapped, and the export's cross-document findings are left out —
they compared documents of another ledger; the caller should recompute the
cross-document stage over the merged ledger (``claimledger import`` does).

The whole import is one transaction: an export that fails validation half-way (a span
outside its text, a hash that does not match the text) leaves the ledger untouched.
"""

from __future__ import annotations

import json
from collections.abc import Mapping
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

from claimledger.errors import InputError, UsageError
from claimledger.ledger.export import SCHEMA
from claimledger.ledger.store import Ledger, now_iso
from claimledger.models import content_hash

ANALYSER = "import:" + SCHEMA
SECTIONS = ("documents", "claims", "events", "findings", "figures")


@dataclass
class ImportSummary:
    documents: int = 0
    claims: int = 0
    events: int = 0
    findings: int = 0
    figures: int = 0
    skipped_documents: list[str] = field(default_factory=list)
    ignored_sections: list[str] = field(default_factory=list)
    kept_ids: bool = True  # False: merged into a ledger that had data (new ids, cross findings left out)
    cross_findings_dropped: int = 0


def load_export(path: Path) -> dict[str, Any]:
    """Read and check the top of an export file."""
    try:
        data = json.loads(Path(path).read_text(encoding="utf-8"))
    except OSError as exc:
        raise UsageError(f"Cannot read {path} ({exc.strerror or exc}).", hint="Check the path.") from exc
    except ValueError as exc:
        raise InputError(f"{path} is not JSON ({exc}).",
                         hint="Give a file written by `claimledger export --format json`.") from exc
    return data


def _fail(where: str, what: str) -> InputError:
    return InputError(f"Export {where}: {what}; nothing was imported.",
                      hint="Import the file exactly as `claimledger export --format json` wrote it.")


def _span(where: str, start: Any, end: Any, length: int) -> None:
    if not (isinstance(start, int) and isinstance(end, int) and 0 <= start <= end <= length):
        raise _fail(where, f"span {start}-{end} lies outside its document ({length} characters)")


def import_export(data: Mapping[str, Any], ledger: Ledger, *, replace: bool = False) -> ImportSummary:
    """Write the export ``data`` into ``ledger`` in one transaction."""
    if not isinstance(data, Mapping) or data.get("schema") != SCHEMA:
        found = data.get("schema") if isinstance(data, Mapping) else type(data).__name__
        raise InputError(f"Not a {SCHEMA} export (schema: {found!r}).",
                         hint="Give a file written by `claimledger export --format json`.")
    summary = ImportSummary(ignored_sections=[k for k in data if k not in (*SECTIONS, "schema")])
    c = ledger.conn
    summary.kept_ids = all(ledger.count(t) == 0 for t in ("documents", "claims", "events", "findings", "figures"))
    with ledger.transaction():
        texts = _documents(ledger, data.get("documents") or [], replace, summary)
        figure_ids = _figures(ledger, data.get("figures") or [], summary)
        sentences: dict[tuple[str, int], tuple[int, int]] = {}
        for i, k in enumerate(data.get("claims") or []):
            where = f"claims[{i}]"
            if k.get("doc") not in texts:
                if k.get("doc") in summary.skipped_documents:
                    continue
                raise _fail(where, f"document {k.get('doc')!r} is not in the export")
            text = texts[k["doc"]]
            _span(where, k.get("start"), k.get("end"), len(text))
            idx = k.get("sentence_index")
            if idx is not None and k.get("sentence") and (k["doc"], idx) not in sentences:
                found = _locate(text, k["sentence"], k["start"])
                if found:
                    sentences[(k["doc"], idx)] = found
            c.execute(
                'INSERT INTO claims (id, doc, start, "end", text, low, high, hedge, unit, relation, counted, source,'
                " source_role, source_org, relayed_by, stance, as_of, as_of_basis, sentence, figure)"
                " VALUES (?,?,?,?,?,?,?,?,?,?,?,?,?,?,?,?,?,?,?,?)",
                (k.get("id") if summary.kept_ids else None, k["doc"], k["start"], k["end"],
                 k.get("text") or text[k["start"]:k["end"]], k.get("low"), k.get("high"), k.get("hedge") or "exact",
                 k.get("unit"), k.get("relation"), k.get("counted"), k.get("source"), k.get("source_role"),
                 k.get("source_org"), k.get("relayed_by"), k.get("stance"), k.get("as_of"), k.get("as_of_basis"),
                 idx if idx is not None else -1, figure_ids.get(k.get("figure"))),
            )
            summary.claims += 1
        for (doc, idx), (s, e) in sorted(sentences.items()):
            c.execute('INSERT OR IGNORE INTO sentences (doc, idx, start, "end", block) VALUES (?,?,?,?,0)',
                      (doc, idx, s, e))
            c.execute("INSERT INTO sentence_search (text, doc, idx) VALUES (?,?,?)", (texts[doc][s:e], doc, idx))
        _events(ledger, data.get("events") or [], texts, summary)
        _findings(ledger, data.get("findings") or [], texts, summary)
    return summary


def _documents(ledger: Ledger, docs: list[dict[str, Any]], replace: bool,
               summary: ImportSummary) -> dict[str, str]:
    c, ts = ledger.conn, now_iso()
    texts: dict[str, str] = {}
    for i, d in enumerate(docs):
        where = f"documents[{i}]"
        if not isinstance(d.get("id"), str) or not isinstance(d.get("text"), str):
            raise _fail(where, "a document needs a string id and a string text")
        if d["id"] in texts:
            raise _fail(where, f"the id {d['id']!r} appears twice")
        text_hash = content_hash(d["text"])
        if d.get("hash") not in (None, text_hash):
            raise _fail(where, f"the text of {d['id']!r} does not match its hash (was it edited?)")
        if c.execute("SELECT 1 FROM documents WHERE id = ?", (d["id"],)).fetchone():
            if not replace:
                summary.skipped_documents.append(d["id"])
                continue
            c.execute("DELETE FROM sentence_search WHERE doc = ?", (d["id"],))
            c.execute("DELETE FROM documents WHERE id = ?", (d["id"],))  # derived rows cascade
        c.execute(
            "INSERT INTO documents (id, version, hash, title, outlet, author, published, url, origin, format,"
            " language, warc_record, text, ingested_at, analysed_at, analyser) VALUES (?,?,?,?,?,?,?,?,?,?,?,?,?,?,?,?)",
            (d["id"], d.get("version") or 1, text_hash, d.get("title"), d.get("outlet"), d.get("author"),
             d.get("published"), d.get("url"), d.get("origin") or "", d.get("format") or "txt", d.get("language"),
             d.get("warc_record"), d["text"], ts, ts, ANALYSER),
        )
        c.execute('INSERT INTO blocks (doc, idx, start, "end", kind) VALUES (?, 0, 0, ?, ?)',
                  (d["id"], len(d["text"]), "paragraph"))
        texts[d["id"]] = d["text"]
        summary.documents += 1
    return texts


def _figures(ledger: Ledger, figures: list[dict[str, Any]], summary: ImportSummary) -> dict[Any, int]:
    """Insert figure rows (the columns this ledger has); return export id -> ledger id."""
    c = ledger.conn
    columns = {r["name"] for r in c.execute("PRAGMA table_info(figures)")}
    ids: dict[Any, int] = {}
    for f in figures:
        row = {k: v for k, v in f.items() if k in columns and (k != "id" or summary.kept_ids)}
        row.setdefault("label", "")
        names = ", ".join(f'"{k}"' for k in row)
        cur = c.execute(f"INSERT INTO figures ({names}) VALUES ({', '.join('?' * len(row))})", tuple(row.values()))
        ids[f.get("id")] = int(f["id"] if summary.kept_ids and f.get("id") is not None else cur.lastrowid or 0)
        summary.figures += 1
    return ids


def _events(ledger: Ledger, events: list[dict[str, Any]], texts: dict[str, str], summary: ImportSummary) -> None:
    c = ledger.conn
    timeline: dict[int, list[dict[str, Any]]] = {}
    for i, e in enumerate(events):
        if e.get("doc") in summary.skipped_documents:
            continue
        if e.get("doc") not in texts:
            raise _fail(f"events[{i}]", f"document {e.get('doc')!r} is not in the export")
        _span(f"events[{i}]", e.get("start"), e.get("end"), len(texts[e["doc"]]))
        tl = e.get("timeline") if summary.kept_ids else None
        c.execute('INSERT INTO events (id, doc, start, "end", date, what, source, sentence, timeline)'
                  " VALUES (?,?,?,?,?,?,?,?,?)",
                  (e.get("id") if summary.kept_ids else None, e["doc"], e["start"], e["end"], e.get("date") or "",
                   e.get("what") or "", e.get("source"), e.get("sentence_index", -1), tl))
        if tl is not None:
            timeline.setdefault(tl, []).append(e)
        summary.events += 1
    for tl, group in timeline.items():
        c.execute("INSERT OR IGNORE INTO timeline (id, date, what, events, documents) VALUES (?,?,?,?,?)",
                  (tl, group[0].get("date") or "", group[0].get("what") or "", len(group),
                   len({e["doc"] for e in group})))


def _findings(ledger: Ledger, findings: list[dict[str, Any]], texts: dict[str, str],
              summary: ImportSummary) -> None:
    c = ledger.conn
    for i, f in enumerate(findings):
        where = f"findings[{i}]"
        if f.get("doc") in summary.skipped_documents:
            continue
        if not summary.kept_ids and f.get("scope") == "ledger":
            summary.cross_findings_dropped += 1  # cross-document: recomputed over the merged ledger
            continue
        if f.get("doc") not in texts:
            raise _fail(where, f"document {f.get('doc')!r} is not in the export")
        spans = [list(s) for s in f.get("spans") or []]
        for s in spans:
            _span(where, s[0] if s else None, s[1] if len(s) > 1 else None, len(texts[f["doc"]]))
        refs = [{"doc": r["doc"], "start": r["start"], "end": r["end"]} for r in f.get("refs") or []]
        for r in refs:
            n = len(texts[r["doc"]]) if r["doc"] in texts else _stored_length(ledger, r["doc"])
            if n is None:
                raise _fail(where, f"a reference points to {r['doc']!r}, which is in neither the export nor the ledger")
            _span(where, r["start"], r["end"], n)
        base = f"{f.get('kind')}|" + ",".join(f"{s}-{e}" for s, e in spans) + "|" + ",".join(
            f"{r['doc']}:{r['start']}-{r['end']}" for r in refs)
        key, n = base, 1
        while c.execute("SELECT 1 FROM findings WHERE doc = ? AND key = ?", (f["doc"], key)).fetchone():
            n += 1
            key = f"{base}|{n}"  # two findings on the same spans (different checks): keep both
        c.execute("INSERT INTO findings (id, kind, doc, spans, refs, why, key, scope) VALUES (?,?,?,?,?,?,?,?)",
                  (f.get("id") if summary.kept_ids else None, f.get("kind") or "", f["doc"], json.dumps(spans),
                   json.dumps(refs), f.get("why") or "", key, f.get("scope") or "document"))
        summary.findings += 1


def _stored_length(ledger: Ledger, doc: str) -> int | None:
    row = ledger.conn.execute("SELECT length(text) FROM documents WHERE id = ?", (doc,)).fetchone()
    return int(row[0]) if row else None


def _locate(text: str, sentence: str, inside: int) -> tuple[int, int] | None:
    """The span of ``sentence`` in ``text``: the occurrence that contains offset ``inside``."""
    best: tuple[int, int] | None = None
    at = text.find(sentence)
    while at != -1:
        span = (at, at + len(sentence))
        if span[0] <= inside <= span[1]:
            return span
        if best is None:
            best = span
        at = text.find(sentence, at + 1)
    return best
