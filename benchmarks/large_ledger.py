"""A realistic 100k-document ledger, built in minutes instead of hours.

Analysing 100k documents takes hours, so this analyses a few hundred corpus documents once
(:mod:`corpus`, the real pipeline: ``claimledger analyze`` with the cross-document stage)
into a *seed* ledger, then replicates its stored rows into a new ledger with ``INSERT …
SELECT``: every replica gets fresh document ids, hashes, URLs and titles, an outlet drawn
from 40 names and a publication date spread over a year (both varied deterministically),
and its own claim, event and finding ids.  Claims, events, findings, blocks, sentences,
syndication, wire attributions and the FTS index are copied, so the shape of the result is
the shape of a real ledger at that size (about 20 claims and 40 sentences a document).

Figures and timeline entries are cross-document rows: replicas are grouped into
``--stories`` groups that each get their own copy of the seed's figures and timeline, so a
figure gathers the claims of every replica in its group (hundreds of claims, like a
long-running story's death toll) and the figure list has thousands of entries.  Counts on
figures and sources are recomputed at the end.

Resumable: each replica is one transaction, and a re-run continues after the last
committed one; a finished ledger is reused (and migrated to the current schema, so the
indexes of new migrations are built on it).

    python benchmarks/large_ledger.py --docs 100000 --out /tmp/big.db      # ~100k docs
    python benchmarks/large_ledger.py --docs 1000 --out /tmp/big-1k.db     # quick mode
"""

from __future__ import annotations

import argparse
import json
import resource
import sqlite3
import subprocess
import sys
import time
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parent))

from corpus import generate

from claimledger.ledger.store import connect

OUTLETS = [f"{a} {b}" for a in ("Daily", "Northern", "Harbour", "Evening", "Capital", "Metro", "Valley", "Coastal")
           for b in ("Ledger", "Post", "Times", "Courier", "Wire")]  # 40 outlets
# Tables copied per replica, with the expressions that differ from a straight copy.
SEED_PREFIX = "https://example.org/story/"  # corpus.generate's URLs, which become the document ids


def seed_ledger(seed_docs: int, path: Path) -> None:
    """Analyse ``seed_docs`` corpus documents into ``path`` with the real pipeline (cached)."""
    if path.exists():
        conn = connect(path, readonly=True)
        have = conn.execute("SELECT COUNT(*) FROM documents").fetchone()[0]
        done = conn.execute("SELECT COUNT(*) FROM runs WHERE status = 'ok'").fetchone()[0]
        conn.close()
        if have >= seed_docs and done:
            print(f"seed ledger {path}: {have} documents (cached)")
            return
    jsonl = path.with_suffix(".jsonl")
    with jsonl.open("w", encoding="utf-8") as fh:
        for rec in generate(seed_docs):
            fh.write(json.dumps(rec) + "\n")
    started = time.monotonic()
    exe = Path(sys.executable).with_name("claimledger")
    subprocess.run([str(exe), "analyze", str(jsonl), "--db", str(path), "--quiet"], check=True)
    print(f"seed ledger {path}: {seed_docs} documents analysed in {time.monotonic() - started:.0f} s")


def _columns(conn: sqlite3.Connection, table: str) -> list[str]:
    return [r[1] for r in conn.execute(f'PRAGMA seed.table_info("{table}")')]


def _copy(conn: sqlite3.Connection, table: str, overrides: dict[str, str], where: str = "") -> None:
    cols = _columns(conn, table)
    quoted = ", ".join(f'"{c}"' for c in cols)
    exprs = ", ".join(overrides.get(c, f't."{c}"') for c in cols)
    conn.execute(f'INSERT INTO main."{table}" ({quoted}) SELECT {exprs} FROM seed."{table}" t{where}')


def _max(conn: sqlite3.Connection, sql: str) -> int:
    return int(conn.execute(sql).fetchone()[0] or 0)


def _doc(col: str, k: int) -> str:
    """A seed document id -> its id in replica k (seed ids are the corpus URLs; also in refs)."""
    return f"replace({col}, '{SEED_PREFIX}', '{SEED_PREFIX}r{k:05d}/')"


def replicate(conn: sqlite3.Connection, k: int, stories: int, strides: dict[str, int]) -> None:
    """Copy every per-document row of the seed as replica ``k``, in one transaction."""
    g = k % stories
    fig, tl = g * strides["figures"], g * strides["timeline"]
    n = len(OUTLETS)
    conn.execute("BEGIN IMMEDIATE")
    if k < stories:  # the first replica of a story group brings the group's figures and timeline
        _copy(conn, "figures", {"id": f"t.id + {fig}", "label": f"t.label || ' [{g}]'"})
        _copy(conn, "timeline", {"id": f"t.id + {tl}"})
    _copy(conn, "documents", {
        "id": _doc("t.id", k), "hash": f"t.hash || '-r{k}'", "url": f"'https://example.org/r{k}/' || t.rowid",
        "title": f"t.title || ' #{k}'",
        "outlet": f"(SELECT name FROM temp.outlets WHERE i = ({k} * 7 + t.rowid) % {n})",
        "published": f"date(COALESCE(t.published, '2024-11-01'), '+' || (({k} * 3 + t.rowid) % 365) || ' days')",
    })
    _copy(conn, "blocks", {"doc": _doc("t.doc", k)})
    _copy(conn, "sentences", {"doc": _doc("t.doc", k)})
    _copy(conn, "claims", {"id": f"t.id + {k * strides['claims']}", "doc": _doc("t.doc", k),
                           "figure": f"t.figure + {fig}"})
    _copy(conn, "events", {"id": f"t.id + {k * strides['events']}", "doc": _doc("t.doc", k),
                           "timeline": f"t.timeline + {tl}"})
    _copy(conn, "findings", {"id": f"t.id + {k * strides['findings']}", "doc": _doc("t.doc", k),
                             "refs": _doc("t.refs", k)})
    _copy(conn, "syndication", {"doc": _doc("t.doc", k), "original": _doc("t.original", k)})
    _copy(conn, "wires", {"doc": _doc("t.doc", k)})
    conn.execute(f"INSERT INTO main.sentence_search (text, doc, idx) SELECT text, {_doc('doc', k)}, idx "
                 "FROM seed.sentence_search")
    conn.execute("COMMIT")


def finish(conn: sqlite3.Connection) -> None:
    """Recount what cross-document rows summarise (figures, sources, timeline).  No ANALYZE:
    claimledger never runs it, so the query planner sees what it sees on a real ledger."""
    conn.execute("BEGIN IMMEDIATE")
    for name, sql in (  # one GROUP BY pass each, then keyed look-ups (no correlated scans)
        ("fig", "SELECT figure, COUNT(*), COUNT(DISTINCT doc) FROM claims WHERE figure IS NOT NULL GROUP BY figure"),
        ("src", "SELECT source, COUNT(*), 0 FROM claims WHERE source IS NOT NULL GROUP BY source"),
        ("tl", "SELECT timeline, COUNT(*), COUNT(DISTINCT doc) FROM events WHERE timeline IS NOT NULL "
               "GROUP BY timeline"),
    ):
        conn.execute(f"CREATE TEMP TABLE {name} (k PRIMARY KEY, n INTEGER, docs INTEGER)")
        conn.execute(f"INSERT INTO temp.{name} {sql}")
    conn.execute("DELETE FROM figures WHERE id NOT IN (SELECT k FROM temp.fig)")
    conn.execute("UPDATE figures SET claims = (SELECT n FROM temp.fig WHERE k = figures.id), "
                 "documents = (SELECT docs FROM temp.fig WHERE k = figures.id), "
                 "reports = (SELECT docs FROM temp.fig WHERE k = figures.id)")
    conn.execute("DELETE FROM sources")
    conn.execute("INSERT INTO sources (name, kind, aliases, roles, claims) SELECT s.name, s.kind, s.aliases, "
                 "s.roles, COALESCE((SELECT n FROM temp.src WHERE k = s.name), 0) FROM seed.sources s")
    conn.execute("UPDATE timeline SET events = COALESCE((SELECT n FROM temp.tl WHERE k = timeline.id), 0), "
                 "documents = COALESCE((SELECT docs FROM temp.tl WHERE k = timeline.id), 0)")
    conn.execute("INSERT OR REPLACE INTO bench_meta VALUES ('finished', '1')")
    conn.execute("COMMIT")


def build(out: Path, docs: int, seed_docs: int, stories: int) -> None:
    seed = out.with_name(f"claimledger-seed{seed_docs}.db")  # shared by every --out in that folder
    seed_ledger(seed_docs, seed)
    conn = connect(out)  # creates or migrates the ledger: the current schema and indexes
    conn.execute("CREATE TABLE IF NOT EXISTS bench_meta (key TEXT PRIMARY KEY, value TEXT)")
    conn.execute("ATTACH DATABASE ? AS seed", (f"file:{seed}?mode=ro",))
    conn.execute("CREATE TEMP TABLE outlets (i INTEGER PRIMARY KEY, name TEXT)")
    conn.executemany("INSERT INTO temp.outlets VALUES (?, ?)", list(enumerate(OUTLETS)))
    per = _max(conn, "SELECT COUNT(*) FROM seed.documents")
    reps = -(-docs // per)
    strides = {t: _max(conn, f"SELECT MAX(id) FROM seed.{t}") + 1
               for t in ("claims", "events", "findings", "figures", "timeline")}
    finished = conn.execute("SELECT value FROM bench_meta WHERE key = 'finished'").fetchone()
    have = _max(conn, "SELECT COUNT(*) FROM documents")
    started = time.monotonic()
    if not finished:
        for k in range(have // per, reps):
            replicate(conn, k, stories, strides)
            if k % 20 == 0 or k == reps - 1:
                print(f"  replica {k + 1}/{reps}: {(k + 1) * per} documents, {time.monotonic() - started:.0f} s",
                      flush=True)
        finish(conn)
        print(f"replicated in {time.monotonic() - started:.0f} s")
    counts = {t: _max(conn, f"SELECT COUNT(*) FROM {t}") for t in
              ("documents", "claims", "events", "findings", "figures", "sources", "timeline", "sentences")}
    conn.execute("DETACH DATABASE seed")
    conn.close()
    size = out.stat().st_size + sum(p.stat().st_size for p in out.parent.glob(out.name + "-wal"))
    print(json.dumps({"ledger": str(out), "bytes": size, "mb": round(size / 1e6), **counts,
                      "peak_rss_mb": round(resource.getrusage(resource.RUSAGE_SELF).ru_maxrss / 1024)}))


def main() -> None:
    ap = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    ap.add_argument("--docs", type=int, default=100_000, help="documents wanted (rounded up to whole replicas)")
    ap.add_argument("--out", type=Path, default=Path("/tmp/big.db"))
    ap.add_argument("--seed-docs", type=int, default=300, help="corpus documents analysed for real")
    ap.add_argument("--stories", type=int, default=20, help="replica groups, each with its own figures")
    a = ap.parse_args()
    build(a.out, a.docs, a.seed_docs, a.stories)


if __name__ == "__main__":
    main()
