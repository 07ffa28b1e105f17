"""SQL reads: filters, pagination, the FTS query sanitiser, passages."""

from __future__ import annotations

import sqlite3
from collections.abc import Iterator
from pathlib import Path

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from claimledger.ledger.store import connect
from claimledger.models import FINDING_SEVERITY
from claimledger.report import queries
from claimledger.report.records import SpanRef


@pytest.fixture()
def conn(sample_db: Path) -> Iterator[sqlite3.Connection]:
    c = connect(sample_db, readonly=True)
    yield c
    c.close()


def test_documents_page_through_without_overlap(conn: sqlite3.Connection) -> None:
    first = queries.documents(conn, limit=2, offset=0)
    rest = queries.documents(conn, limit=2, offset=2)
    assert len(first) == 2 and len(rest) == 1
    assert {d.n for d in first}.isdisjoint({d.n for d in rest})
    assert queries.documents(conn, outlet="The National Interest")[0].id == "000_e78bd6e66f000d9c.txt"


def test_claim_filters(conn: sqlite3.Connection) -> None:
    by_source = queries.claims(conn, source="Vedant Patel")
    assert by_source and all(c.source == "Vedant Patel" for c in by_source)
    mins = queries.claims(conn, hedge="min")
    assert mins and all(c.hedge == "min" for c in mins)
    assert all(c.value.startswith("at least") for c in mins)
    assert all(c.figure == 1 for c in queries.claims(conn, figure=1))
    assert all(c.figure is None for c in queries.claims(conn, no_figure=True))
    # LIKE wildcards in user text are literal
    assert queries.claims(conn, q="%") == []


def test_claims_carry_their_sentence_context(conn: sqlite3.Connection) -> None:
    c = next(c for c in queries.claims(conn) if c.text == "a 12,000 figure")
    assert c.before.endswith("with ") and c.after.startswith(" being bandied")


def test_findings_most_serious_first(conn: sqlite3.Connection) -> None:
    kinds = [f.kind for f in queries.findings(conn, by_severity=True)]
    assert kinds == sorted(kinds, key=lambda k: FINDING_SEVERITY[k])
    assert queries.finding_kinds(conn)[0][0] == "self_contradiction"


@pytest.mark.parametrize(("q", "expected"), [
    ("ratified pact", '"ratified" "pact"'),
    ('"unbalanced OR (', '"unbalanced" "OR"'),
    ("text:foo NEAR(bar)", '"text" "foo" "NEAR" "bar"'),
    ("rati*", '"rati"*'),
    ("*** ( )", None),
    ("", None),
])
def test_fts_query_quotes_words_and_drops_syntax(q: str, expected: str | None) -> None:
    assert queries.fts_query(q) == expected


@settings(max_examples=150, deadline=None)
@given(st.text(max_size=60))
def test_no_input_breaks_the_search(sample_db: Path, q: str) -> None:
    c = connect(sample_db, readonly=True)
    try:
        queries.search(c, q, limit=5)
    finally:
        c.close()


def test_search_finds_sentences_and_marks_the_words(conn: sqlite3.Connection) -> None:
    hits = queries.search(conn, "ratified")
    assert hits and all(any(hit and "ratif" in t.lower() for t, hit in h.parts) for h in hits)


def test_timeline_groups_events_and_falls_back_to_plain_events(conn: sqlite3.Connection, hostile_db: Path) -> None:
    merged = queries.timeline(conn)
    pact = [t for t in merged if t.what == "North Korea ratifies the pact"]
    assert len(pact) == 1 and {e.date for e in pact[0].events} == {"2024-11-12", "2024-06"}
    h = connect(hostile_db, readonly=True)
    try:
        plain = queries.timeline(h)
    finally:
        h.close()
    assert len(plain) == 1 and plain[0].events[0].what.endswith("evacuation")


def test_passage_reads_only_a_window_and_finds_the_sentence(conn: sqlite3.Connection) -> None:
    doc = "003_8f807a654cf24479.txt"
    text = conn.execute("SELECT text FROM documents WHERE id = ?", (doc,)).fetchone()[0]
    start = text.index("ratified by North Korea in June 2024")
    p = queries.passage(conn, SpanRef(doc, 2, start, start + 36))
    assert p.hit == "ratified by North Korea in June 2024"
    assert p.before.endswith("The agreement, ") and p.sentence is not None
    # a span in a document that is not in the ledger quotes nothing, and does not fail
    assert queries.passage(conn, SpanRef("missing.txt", None, 0, 5)).hit == ""
