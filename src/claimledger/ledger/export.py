"""Export a ledger as ``claimledger-export/1`` (JSON), JSON lines or CSV.

The JSON shape is the contract every evaluation reads (see CONTRACT.md in the README):
fields may be added, never renamed or dropped.  Rows stream from SQLite, so CSV and JSONL
exports of a large ledger never hold it in memory.
"""

from __future__ import annotations

import csv
import io
import json
from collections.abc import Iterator
from pathlib import Path
from typing import Any, TextIO

from claimledger.errors import UsageError
from claimledger.ledger.store import Ledger

SCHEMA = "claimledger-export/1"
FORMATS = ("json", "jsonl", "csv")


def _num(x: float | None) -> float | int | None:
    if x is None:
        return None
    return int(x) if float(x).is_integer() and abs(x) < 2**53 else float(x)


def iter_documents(ledger: Ledger) -> Iterator[dict[str, Any]]:
    for r in ledger.rows(
        "SELECT id, title, outlet, author, published, url, origin, format, language, version, hash, "
        "warc_record, text FROM documents ORDER BY id"
    ):
        yield {
            "id": r["id"], "title": r["title"], "outlet": r["outlet"], "author": r["author"],
            "published": r["published"], "url": r["url"], "origin": r["origin"], "format": r["format"],
            "language": r["language"], "version": r["version"], "hash": r["hash"],
            "warc_record": r["warc_record"], "text": r["text"],
        }


def iter_claims(ledger: Ledger) -> Iterator[dict[str, Any]]:
    for r in ledger.rows(
        "SELECT c.*, d.text AS doctext, s.start AS s_start, s.\"end\" AS s_end FROM claims c "
        "JOIN documents d ON d.id = c.doc "
        "LEFT JOIN sentences s ON s.doc = c.doc AND s.idx = c.sentence ORDER BY c.doc, c.start, c.id"
    ):
        sentence = r["doctext"][r["s_start"]:r["s_end"]] if r["s_start"] is not None else None
        yield {
            "id": r["id"], "doc": r["doc"], "start": r["start"], "end": r["end"], "text": r["text"],
            "low": _num(r["low"]), "high": _num(r["high"]), "hedge": r["hedge"], "unit": r["unit"],
            "relation": r["relation"], "counted": r["counted"], "source": r["source"],
            "source_role": r["source_role"], "source_org": r["source_org"], "relayed_by": r["relayed_by"],
            "stance": r["stance"], "as_of": r["as_of"], "as_of_basis": r["as_of_basis"],
            "sentence": sentence, "sentence_index": r["sentence"], "figure": r["figure"],
        }


def iter_events(ledger: Ledger) -> Iterator[dict[str, Any]]:
    for r in ledger.rows('SELECT * FROM events ORDER BY doc, start, id'):
        yield {
            "id": r["id"], "doc": r["doc"], "start": r["start"], "end": r["end"], "date": r["date"],
            "what": r["what"], "source": r["source"], "sentence_index": r["sentence"],
            "timeline": r["timeline"],
        }


def iter_findings(ledger: Ledger) -> Iterator[dict[str, Any]]:
    for r in ledger.rows("SELECT * FROM findings ORDER BY doc, id"):
        yield {
            "id": r["id"], "kind": r["kind"], "doc": r["doc"], "spans": json.loads(r["spans"]),
            "refs": json.loads(r["refs"]), "why": r["why"], "scope": r["scope"],
        }


def iter_figures(ledger: Ledger) -> Iterator[dict[str, Any]]:
    for r in ledger.rows("SELECT * FROM figures ORDER BY id"):
        yield dict(r)


def export_dict(ledger: Ledger) -> dict[str, Any]:
    """The whole ledger as one ``claimledger-export/1`` object (in memory)."""
    return {
        "schema": SCHEMA,
        "documents": list(iter_documents(ledger)),
        "claims": list(iter_claims(ledger)),
        "events": list(iter_events(ledger)),
        "findings": list(iter_findings(ledger)),
        "figures": list(iter_figures(ledger)),
    }


def write_json(ledger: Ledger, out: TextIO) -> None:
    """Stream the export object section by section (same bytes as json.dumps of export_dict)."""
    out.write('{"schema": ' + json.dumps(SCHEMA))
    sections = (("documents", iter_documents), ("claims", iter_claims), ("events", iter_events),
                ("findings", iter_findings), ("figures", iter_figures))
    for name, it in sections:
        out.write(f', "{name}": [')
        for i, row in enumerate(it(ledger)):
            if i:
                out.write(", ")
            out.write(json.dumps(row, ensure_ascii=False))
        out.write("]")
    out.write("}\n")


def write_jsonl(ledger: Ledger, out: TextIO) -> None:
    """One JSON object a line, each tagged with its ``type``."""
    sections = (("document", iter_documents), ("claim", iter_claims), ("event", iter_events),
                ("finding", iter_findings), ("figure", iter_figures))
    for kind, it in sections:
        for row in it(ledger):
            out.write(json.dumps({"type": kind, **row}, ensure_ascii=False) + "\n")


CSV_FIELDS = ["doc", "start", "end", "text", "low", "high", "hedge", "unit", "counted", "source",
              "source_role", "source_org", "relayed_by", "stance", "as_of", "as_of_basis", "figure",
              "sentence"]


def write_csv(ledger: Ledger, out: TextIO) -> None:
    """The claims table, one row per claim, for spreadsheets."""
    w = csv.DictWriter(out, fieldnames=CSV_FIELDS, extrasaction="ignore")
    w.writeheader()
    for row in iter_claims(ledger):
        w.writerow({k: _csv_safe(row.get(k)) for k in CSV_FIELDS})


def _csv_safe(value: Any) -> Any:
    """Defuse spreadsheet formula injection: article text may start with = + - @."""
    if isinstance(value, str) and value[:1] in ("=", "+", "-", "@", "\t", "\r"):
        return "'" + value
    return value


def export(ledger: Ledger, fmt: str, output: str | Path | None) -> str | None:
    """Write the export to ``output`` (a path, or '-'/None for a returned string)."""
    if fmt not in FORMATS:
        raise UsageError(f"Unknown export format {fmt!r}.", hint=f"Use one of: {', '.join(FORMATS)}.")
    writer = {"json": write_json, "jsonl": write_jsonl, "csv": write_csv}[fmt]
    if output in (None, "-"):
        buf = io.StringIO()
        writer(ledger, buf)
        return buf.getvalue()
    path = Path(str(output))
    tmp = path.with_name(path.name + ".partial")
    try:
        with tmp.open("w", encoding="utf-8", newline="") as fh:
            writer(ledger, fh)
    except BaseException:
        tmp.unlink(missing_ok=True)  # never leave half an export behind
        raise
    tmp.replace(path)
    return None
