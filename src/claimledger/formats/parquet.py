"""Parquet for data teams: one file per table, typed, streamed in row groups.

``claimledger export --format parquet --output DIR`` writes ``documents.parquet``,
``claims.parquet``, ``events.parquet``, ``findings.parquet`` and ``figures.parquet``,
with the same rows and fields as the JSON export, so pandas, Polars, DuckDB or Spark read
the ledger without a converter: ``duckdb.sql("select * from 'DIR/claims.parquet'")``.

Types are declared, not guessed, so an empty table still has its columns and a column
that is null in the first thousand rows is still a string: offsets are int64, bounds
float64, hedges and kinds dictionary-encoded strings, a finding's spans ``list<list<int64>>``
and its references ``list<struct<doc, start, end>>``.  Fields a later version adds to the
export that are not declared here are kept, with the type pyarrow infers.  Rows stream
from SQLite in batches, so a large ledger never sits in memory whole.
"""

from __future__ import annotations

from collections.abc import Callable, Iterator
from itertools import islice
from pathlib import Path
from typing import Any

import pyarrow as pa
import pyarrow.parquet as pq

from claimledger.errors import UsageError
from claimledger.ledger.export import iter_claims, iter_documents, iter_events, iter_figures, iter_findings
from claimledger.ledger.store import Ledger

BATCH = 5000
_S, _I, _F = pa.string(), pa.int64(), pa.float64()
_D = pa.dictionary(pa.int32(), pa.string())

SCHEMAS: dict[str, pa.Schema] = {
    "documents": pa.schema([
        ("id", _S), ("title", _S), ("outlet", _S), ("author", _S), ("published", _S), ("url", _S),
        ("origin", _S), ("format", _D), ("language", _D), ("version", _I), ("hash", _S), ("warc_record", _S),
        ("text", pa.large_string()),
    ]),
    "claims": pa.schema([
        ("id", _I), ("doc", _S), ("start", _I), ("end", _I), ("text", _S), ("low", _F), ("high", _F),
        ("hedge", _D), ("unit", _D), ("relation", _S), ("counted", _S), ("source", _S), ("source_role", _S),
        ("source_org", _S), ("relayed_by", _S), ("stance", _D), ("as_of", _S), ("as_of_basis", _D),
        ("sentence", _S), ("sentence_index", _I), ("figure", _I),
    ]),
    "events": pa.schema([
        ("id", _I), ("doc", _S), ("start", _I), ("end", _I), ("date", _S), ("what", _S), ("source", _S),
        ("sentence_index", _I), ("timeline", _I),
    ]),
    "findings": pa.schema([
        ("id", _I), ("kind", _D), ("doc", _S), ("spans", pa.list_(pa.list_(_I))),
        ("refs", pa.list_(pa.struct([("doc", _S), ("start", _I), ("end", _I)]))), ("why", _S), ("scope", _D),
    ]),
    "figures": pa.schema([
        ("id", _I), ("label", _S), ("unit", _S), ("claims", _I), ("documents", _I), ("first_as_of", _S),
        ("last_as_of", _S), ("trend", _S),
    ]),
}

TABLES: dict[str, Callable[[Ledger], Iterator[dict[str, Any]]]] = {
    "documents": iter_documents, "claims": iter_claims, "events": iter_events, "findings": iter_findings,
    "figures": iter_figures,
}


def _schema(base: pa.Schema, rows: list[dict[str, Any]]) -> pa.Schema:
    """The declared schema plus any field the rows carry that it does not declare."""
    extra = [k for k in dict.fromkeys(k for r in rows for k in r) if k not in base.names]
    fields = list(base)
    for name in extra:
        inferred = pa.array([r.get(name) for r in rows]).type
        fields.append(pa.field(name, pa.string() if pa.types.is_null(inferred) else inferred))
    return pa.schema(fields)


def write_table(ledger: Ledger, name: str, path: Path) -> int:
    """Stream one table to ``path``; return the number of rows."""
    rows = TABLES[name](ledger)
    first = list(islice(rows, BATCH))
    schema = _schema(SCHEMAS[name], first)
    count = 0
    with pq.ParquetWriter(path, schema, compression="zstd") as writer:
        batch = first
        while batch:
            writer.write_table(pa.Table.from_pylist(batch, schema=schema))
            count += len(batch)
            batch = list(islice(rows, BATCH))
    return count


def write_parquet(ledger: Ledger, output: str | Path | None) -> dict[str, int]:
    """Write every table into the folder ``output``; return rows written per table."""
    if output in (None, "-"):
        raise UsageError("Parquet cannot be written to standard output.",
                         hint="Give a folder: --format parquet --output story-parquet/")
    folder = Path(str(output))
    if folder.exists() and not folder.is_dir():
        raise UsageError(f"--output {folder} is a file; Parquet export writes one file per table into a folder.",
                         hint="Give a folder name, e.g. --output story-parquet/")
    folder.mkdir(parents=True, exist_ok=True)
    counts = {}
    for name in TABLES:
        final = folder / f"{name}.parquet"
        tmp = folder / f".{name}.parquet.partial"
        counts[name] = write_table(ledger, name, tmp)
        tmp.replace(final)
    return counts
