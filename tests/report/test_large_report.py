"""The report of a ledger too large for one file: bounded, and honest about what it left out.

``build_report`` with small :class:`ReportLimits` on an 80-document ledger takes the same
path as on a 100k-document one: every list is read with a LIMIT, the note at the top gives
the counts of what is not shown, and the file points to ``serve`` / ``export``.
"""

from __future__ import annotations

import re
import sqlite3
from pathlib import Path

import pytest
from large_fixtures import many_ledger

from claimledger.ledger.store import Ledger
from claimledger.report import build_report
from claimledger.report.build import ReportLimits

LIMITS = ReportLimits(whole_documents=20, whole_claims=100, documents=5, figures=1, claims_per_figure=10,
                      findings_per_kind=2, other_claims=7, timeline=3, events_per_entry=2)


@pytest.fixture(scope="module")
def big(tmp_path_factory: pytest.TempPathFactory) -> Path:
    return many_ledger(tmp_path_factory.mktemp("many-report") / "many.db", copies=40)


@pytest.fixture(scope="module")
def html(big: Path) -> str:
    with Ledger(big, readonly=True) as led:
        return build_report(led, generated="2024-12-01 00:00 UTC", limits=LIMITS)


def _count(db: Path, sql: str) -> int:
    conn = sqlite3.connect(db)
    try:
        return int(conn.execute(sql).fetchone()[0])
    finally:
        conn.close()


def _note(html: str) -> str:
    m = re.search(r'<p class="scope" id="left-out">(.*?)</p>', html, re.S)
    assert m, "a bounded report says what it left out"
    return re.sub(r"<[^>]+>", "", m.group(1))


def test_bounded_report_shows_at_most_the_limits(html: str) -> None:
    assert len(re.findall(r'<article class="doc card', html)) == LIMITS.documents
    assert len(re.findall(r'<article class="card figure filter-group" id="fig-', html)) == LIMITS.figures
    assert len(re.findall(r'<li class="tl-item', html)) <= LIMITS.timeline


def test_the_note_counts_what_was_left_out(html: str, big: Path) -> None:
    note = _note(html)
    docs = _count(big, "SELECT COUNT(*) FROM documents")
    figures = _count(big, "SELECT COUNT(*) FROM figures")
    top = _count(big, "SELECT claims FROM figures ORDER BY documents DESC, claims DESC, id LIMIT 1")
    other = _count(big, "SELECT COUNT(*) FROM claims WHERE figure IS NULL")
    findings = _count(big, "SELECT COUNT(*) FROM findings")
    kinds = _count(big, "SELECT COUNT(DISTINCT kind) FROM findings")
    timeline = _count(big, "SELECT COUNT(*) FROM timeline")
    assert f"({figures - LIMITS.figures} more figures left out)" in note
    assert f"{top - LIMITS.claims_per_figure} of their claims not listed" in note
    assert f"{other - LIMITS.other_claims} claims outside any figure left out" in note
    assert f"{findings - kinds * LIMITS.findings_per_kind} findings left out" in note
    assert f"{timeline - LIMITS.timeline} timeline entries left out" in note
    assert f"{LIMITS.documents} of {docs} documents in full ({docs - LIMITS.documents} left out" in note
    assert "claimledger serve --db many.db" in note and "claimledger export" in note


def test_each_kind_says_how_many_more_findings_exist(html: str, big: Path) -> None:
    conn = sqlite3.connect(big)
    counts = dict(conn.execute("SELECT kind, COUNT(*) FROM findings GROUP BY kind").fetchall())
    conn.close()
    for kind, n in counts.items():
        block = re.search(rf'id="kind-{kind}".*?</details>', html, re.S)
        assert block, kind
        assert f"{n - LIMITS.findings_per_kind} more not shown in this report." in block.group(0)


def test_figure_card_says_how_many_claims_are_not_listed(html: str, big: Path) -> None:
    top = _count(big, "SELECT claims FROM figures ORDER BY documents DESC, claims DESC, id LIMIT 1")
    assert f"{top - LIMITS.claims_per_figure} more claims of this figure not listed here." in html


def test_shown_documents_are_the_ones_the_shown_items_cite(html: str) -> None:
    shown = set(re.findall(r'<article class="doc card[^>]*id="d(\d+)"', html))
    cited = set(re.findall(r'href="#d(\d+)-s\d+"', html))
    assert len(shown) == LIMITS.documents
    assert shown <= cited  # no document is shown that nothing in the report points at


def test_a_story_sized_ledger_is_shown_whole(big: Path) -> None:
    with Ledger(big, readonly=True) as led:
        whole = build_report(led, generated="2024-12-01 00:00 UTC",
                             limits=ReportLimits(whole_documents=1000, whole_claims=100_000))
    assert 'id="left-out"' not in whole
    assert len(re.findall(r'<article class="doc card', whole)) == _count(big, "SELECT COUNT(*) FROM documents")


def test_a_timeline_entry_lists_at_most_events_per_entry(html: str, big: Path) -> None:
    most = _count(big, "SELECT MAX(events) FROM timeline")
    assert most > LIMITS.events_per_entry  # the fixture's entries gather one event per copy
    timeline = html[html.index('<section id="timeline"'):html.index('<section id="findings"')]
    entries = re.findall(r'<ul class="tl-events">(.*?)</ul>', timeline, re.S)
    assert entries and max(e.count('<li class="filterable"') for e in entries) == LIMITS.events_per_entry
