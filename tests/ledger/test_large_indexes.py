"""Every list query the web UI and API make is read through an index.

At 100k documents a list that scans the claims, documents, events or findings table costs
seconds, whatever its LIMIT, when its filter is rare.  This asks SQLite for the plan of the
exact statements each list runs (captured with a trace callback, parameters bound) and
fails on a full scan of a big table — except the plain lists in the table's own rowid
order, whose scan stops at the LIMIT (checked: no sort of the whole table) — and on a
whole-table sort.  The ledger has no ``sqlite_stat1`` (claimledger never runs ANALYZE), so
the planner decides here as it does on a 100k-document ledger.
"""

from __future__ import annotations

import re
import sqlite3
import sys
from collections.abc import Callable
from pathlib import Path
from typing import Any

import pytest

sys.path.insert(0, str(Path(__file__).parents[1] / "report"))

from large_fixtures import many_ledger

from claimledger.ledger.migrations import MIGRATIONS
from claimledger.ledger.store import connect
from claimledger.report import queries

BIG = {"claims", "documents", "events", "findings", "sentences", "c", "d", "e", "f", "s"}


@pytest.fixture(scope="module")
def conn(tmp_path_factory: pytest.TempPathFactory) -> Any:
    db = many_ledger(tmp_path_factory.mktemp("plans") / "many.db", copies=6)
    c = connect(db, readonly=True)
    assert "sqlite_stat1" not in {r[0] for r in c.execute("SELECT name FROM sqlite_master")}
    yield c
    c.close()


Call = Callable[[sqlite3.Connection], object]
OUTLET, SOURCE, DOC = "Capital Wire", "Kim Jong Un", "copy002/003_8f807a654cf24479.txt"
# name, the list call, the tables it may scan in rowid order (an unfiltered list stopped by LIMIT)
CASES: list[tuple[str, Call, set[str]]] = [
    ("documents", lambda c: queries.documents(c, limit=51), {"documents"}),
    ("documents deep offset", lambda c: queries.documents(c, limit=51, offset=400), set()),
    ("documents after", lambda c: queries.documents(c, limit=51, after=(40,)), set()),
    ("documents by outlet", lambda c: queries.documents(c, outlet=OUTLET, limit=51, offset=3), set()),
    ("claims", lambda c: queries.claims(c, limit=51), {"c"}),
    ("claims after", lambda c: queries.claims(c, limit=51, after=(100,)), set()),
    # a deep OFFSET walks the claims b-tree alone (no join) to the first row, then reads by key
    ("claims deep offset", lambda c: queries.claims(c, limit=51, offset=150), {"c"}),
    ("claims by hedge deep offset", lambda c: queries.claims(c, hedge="exact", limit=51, offset=40), set()),
    ("events deep offset", lambda c: queries.events(c, limit=51, offset=30), {"e"}),
    ("findings by kind deep offset", lambda c: queries.findings(c, kind="boilerplate", limit=31, offset=5), set()),
    ("claims by outlet", lambda c: queries.claims(c, outlet=OUTLET, limit=51), set()),
    ("claims by outlet after", lambda c: queries.claims(c, outlet=OUTLET, limit=51, after=(3, 10)), set()),
    ("claims by source", lambda c: queries.claims(c, source=SOURCE, limit=51), set()),
    ("claims by hedge", lambda c: queries.claims(c, hedge="max", limit=51), set()),
    ("claims by figure", lambda c: queries.claims(c, figure=1, limit=400), set()),
    ("claims of no figure", lambda c: queries.claims(c, no_figure=True, limit=51), set()),
    ("claims of a document", lambda c: queries.claims(c, doc=DOC), set()),
    ("events", lambda c: queries.events(c, limit=51), {"e"}),  # walks events_date, stops at LIMIT
    ("events after", lambda c: queries.events(c, limit=51, after=("2024-11-01", 5)), set()),
    ("events by source", lambda c: queries.events(c, source=SOURCE, limit=51), set()),
    ("events of a document", lambda c: queries.events(c, doc=DOC), set()),
    ("findings", lambda c: queries.findings(c, limit=51), {"f"}),
    ("findings after", lambda c: queries.findings(c, limit=51, after=(7,)), set()),
    ("findings by kind", lambda c: queries.findings(c, kind="duplicate", limit=31), set()),
    ("findings of a document", lambda c: queries.findings(c, doc=DOC), set()),
    ("figures", lambda c: queries.figures(c, limit=11), set()),
    ("timeline", lambda c: queries.timeline(c, limit=51), set()),
    ("search", lambda c: queries.search(c, "troops", limit=21), set()),
    ("document by number", lambda c: queries.document(c, 5), set()),
    ("sentences of a document", lambda c: queries.sentences(c, DOC), set()),
]


def _plans(conn: sqlite3.Connection, call: Call) -> list[list[str]]:
    statements: list[str] = []
    conn.set_trace_callback(statements.append)
    try:
        call(conn)
    finally:
        conn.set_trace_callback(None)
    return [[r[3] for r in conn.execute("EXPLAIN QUERY PLAN " + s)]
            for s in statements if s.lstrip().upper().startswith(("SELECT", "WITH"))]


@pytest.mark.parametrize(("name", "call", "may_scan"), CASES, ids=[c[0] for c in CASES])
def test_list_queries_read_through_indexes(conn: sqlite3.Connection, name: str, call: Call,
                                           may_scan: set[str]) -> None:
    plans = _plans(conn, call)
    assert plans, "the call ran no SELECT"
    for plan in plans:
        text = "\n".join(plan)
        for line in plan:
            m = re.match(r"SCAN (\w+)(.*)", line)
            if m and m.group(1) in BIG and not re.search(r"COVERING INDEX|VIRTUAL TABLE INDEX \d+:M", m.group(2)):
                assert m.group(1) in may_scan, f"{name}: full scan of {m.group(1)}\n{text}"
                assert "USE TEMP B-TREE FOR ORDER BY" not in text, f"{name}: sorts the whole table\n{text}"
            if m and m.group(1) in {"figures", "timeline"}:
                assert "USING INDEX" in m.group(2), f"{name}: {m.group(1)} sorted on every page\n{text}"


def test_the_overview_reads_no_document_row(conn: sqlite3.Connection) -> None:
    """Counts and date spans come from indexes, not from the documents' rows (their text)."""
    for plan in _plans(conn, queries._overview):
        for line in plan:
            assert not re.fullmatch(r"SCAN (documents|claims|findings|events)", line), "\n".join(plan)


def test_the_large_ledger_indexes_are_a_migration_of_their_own() -> None:
    names = [n for n, _ in MIGRATIONS]
    assert "0007_large_ledger_indexes" in names
    assert names.index("0007_large_ledger_indexes") > names.index("0006_read_indexes")
