"""``report --reviewed-only`` on a ledger past :class:`ReportLimits`: bounded like the normal report.

It reads the reviewed documents only (never a whole table of rows), shows the same reviewed
items as the whole reviewed-only report when the limits allow them all, cuts every list at
the limits otherwise, and says at its top what it left out.  Small limits on an 80-document
ledger take the path a 100k-document ledger takes.
"""

from __future__ import annotations

import re
import sqlite3
from collections.abc import Iterator
from pathlib import Path

import pytest
from large_fixtures import many_ledger

from claimledger.ledger.store import Ledger
from claimledger.report import build_report
from claimledger.report.build import ReportLimits
from claimledger.review import decide

WIDE = ReportLimits(whole_documents=100, whole_claims=100, documents=100, figures=100, claims_per_figure=1000,
                    findings_per_kind=400, other_claims=1000, timeline=1000, events_per_entry=100)
TIGHT = ReportLimits(whole_documents=100, whole_claims=100, documents=3, figures=1, claims_per_figure=10,
                     findings_per_kind=1, other_claims=2, timeline=1, events_per_entry=2)
ROWS = re.compile(r'data-claim="(\d+)"')


@pytest.fixture(scope="module")
def reviewed(tmp_path_factory: pytest.TempPathFactory) -> tuple[Path, set[int], set[int]]:
    """The many-copies ledger with claims confirmed in 12 documents (and some rejected),
    events and findings confirmed, a figure verdict; returns the confirmed and rejected ids."""
    db = many_ledger(tmp_path_factory.mktemp("reviewed-bounded") / "many.db", copies=40)
    confirmed, rejected = set(), set()
    with Ledger(db) as led:
        c = led.conn
        docs = [r[0] for r in c.execute("SELECT id FROM documents ORDER BY rowid")][::7][:12]
        for doc in docs:
            ids = [r[0] for r in c.execute("SELECT id FROM claims WHERE doc = ? ORDER BY id", (doc,))]
            for i, cid in enumerate(ids[:6]):
                decide(c, f"claim:{cid}", "reject" if i == 5 else "confirm", reviewer="Ann Checker")
                (rejected if i == 5 else confirmed).add(cid)
            for (eid,) in c.execute("SELECT id FROM events WHERE doc = ? LIMIT 2", (doc,)).fetchall():
                decide(c, f"event:{eid}", "confirm", reviewer="Ann Checker")
            for (fid,) in c.execute("SELECT id FROM findings WHERE doc = ? LIMIT 2", (doc,)).fetchall():
                decide(c, f"finding:{fid}", "confirm", reviewer="Ann Checker")
        fig = c.execute("SELECT id FROM figures ORDER BY id LIMIT 1").fetchone()[0]
        decide(c, f"figure:{fig}", "verdict", reviewer="Bo Editor", verdict="consistent", rationale="Checked.")
    return db, confirmed, rejected


def _report(db: Path, limits: ReportLimits | None = None) -> str:
    with Ledger(db, readonly=True) as led:
        if limits is None:
            return build_report(led, generated="2024-12-01 00:00 UTC", reviewed_only=True)
        return build_report(led, generated="2024-12-01 00:00 UTC", reviewed_only=True, limits=limits)


@pytest.fixture()
def statements(reviewed: tuple[Path, set[int], set[int]], monkeypatch: pytest.MonkeyPatch) -> Iterator[list[str]]:
    """Every SQL statement the report runs."""
    seen: list[str] = []
    real = Ledger.__enter__

    def traced(self: Ledger) -> Ledger:
        led = real(self)
        led.conn.set_trace_callback(seen.append)
        return led

    monkeypatch.setattr(Ledger, "__enter__", traced)
    yield seen


def test_same_reviewed_claims_as_the_whole_report_when_the_limits_allow(
        reviewed: tuple[Path, set[int], set[int]]) -> None:
    db, confirmed, rejected = reviewed
    whole, bounded = _report(db), _report(db, WIDE)
    assert 'id="left-out"' not in whole and 'id="left-out"' in bounded
    shown = {int(i) for i in ROWS.findall(bounded)}
    assert shown == {int(i) for i in ROWS.findall(whole)} == confirmed
    assert not shown & rejected


def test_reads_only_the_reviewed_documents(reviewed: tuple[Path, set[int], set[int]],
                                           statements: list[str]) -> None:
    _report(reviewed[0], WIDE)
    rows = [s for s in statements if re.match(r"\s*SELECT (c|e|f)\.\*|\s*SELECT rowid AS n", s)]
    assert rows, "the trace saw the row reads"
    unbounded = [s for s in rows if " WHERE " not in s and " LIMIT " not in s]
    assert unbounded == [], "a whole table read:\n" + "\n".join(unbounded)


def test_tight_limits_cut_every_list_and_say_so(reviewed: tuple[Path, set[int], set[int]]) -> None:
    db, confirmed, _ = reviewed
    html = _report(db, TIGHT)
    assert len(re.findall(r'<article class="doc card', html)) <= TIGHT.documents
    assert len(re.findall(r'<article class="card figure filter-group" id="fig-', html)) <= TIGHT.figures
    assert len(re.findall(r'<li class="tl-item', html)) <= TIGHT.timeline
    assert {int(i) for i in ROWS.findall(html)} < confirmed
    note = re.sub(r"<[^>]+>", "", re.search(r'<p class="scope" id="left-out">(.*?)</p>', html, re.S).group(1))
    docs = sqlite3.connect(db).execute("SELECT COUNT(*) FROM documents").fetchone()[0]
    assert f"{TIGHT.documents} of {docs} documents in full ({docs - TIGHT.documents} left out" in note
    assert "timeline entries left out" in note and "findings left out" in note
    assert "claims outside any figure left out" in note
    assert "claimledger serve --db many.db" in note
