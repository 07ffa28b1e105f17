"""Corrections travel between ledgers by anchor: matched by document, hash and span text,
found again in a changed text, reported when they match nothing."""

from __future__ import annotations

import json
import shutil
import sqlite3
from pathlib import Path

import pytest
from ledger_fixtures import ANALYSER, SAMPLE, make_result

from claimledger.errors import InputError, UsageError
from claimledger.ledger.store import Ledger
from claimledger.models import Document
from claimledger.review import store
from claimledger.review.actions import add_item, decide
from claimledger.review.corrections import export_corrections, import_corrections, read_corrections
from claimledger.review.items import list_items

DOC = "000_e78bd6e66f000d9c.txt"
OTHER = "003_8f807a654cf24479.txt"


def _review_a(conn: sqlite3.Connection) -> None:
    claims = {i.span.text: i for i in list_items(conn, kind="claim") if i.span and i.doc == DOC}
    decide(conn, claims["around 11,000 North Korean soldiers"].ref, "correct", reviewer="ann",
           corrections={"source": "Pentagon"}, note="Patel briefing")
    decide(conn, claims["thousands of troops"].ref, "reject", reviewer="ann")
    other = next(i for i in list_items(conn, kind="claim") if i.doc == OTHER)
    decide(conn, other.ref, "confirm", reviewer="bob")
    fig = list_items(conn, kind="figure")[0]
    decide(conn, fig.ref, "verdict", reviewer="bob", verdict="disputed", rationale="counts differ")
    add_item(conn, "event", DOC, reviewer="ann", text="twenty-four hours", values={"date": "2024-11", "what": "x"})


def test_export_then_import_into_a_copy_of_the_ledger(conn: sqlite3.Connection, sample_template: Path,
                                                      tmp_path: Path) -> None:
    _review_a(conn)
    data = json.loads(json.dumps(export_corrections(conn, ledger_name="a.db")))
    assert data["schema"] == "claimledger-corrections/1" and len(data["items"]) == 5
    b = tmp_path / "b.db"
    shutil.copy(sample_template, b)
    with Ledger(b) as led:
        report = import_corrections(led.conn, data)
        assert (report.imported, report.unchanged, report.unmatched) == (5, 0, ())
        mine = {(s.kind, s.status, s.verdict, s.note) for s in store.current(led.conn)}
        theirs = {(s.kind, s.status, s.verdict, s.note) for s in store.current(conn)}
        assert mine == theirs
        assert all("imported from a.db" in (s.reason or "") for s in store.current(led.conn))
        assert all(s.anchor_state == "matched" for s in store.current(led.conn) if not s.added)
        again = import_corrections(led.conn, data)
        assert (again.imported, again.unchanged) == (0, 5)  # idempotent


def test_import_finds_moved_passages_and_reports_unmatched(conn: sqlite3.Connection, tmp_path: Path) -> None:
    _review_a(conn)
    data = export_corrections(conn, ledger_name="a.db")
    b = tmp_path / "b.db"
    text = (SAMPLE / DOC).read_text(encoding="utf-8")
    new = "Editor's note: updated.\n" + text.replace("thousands of troops", "many troops")
    gold = json.loads((SAMPLE / "gold.json").read_text(encoding="utf-8"))
    with Ledger(b) as led:  # a ledger with a newer version of one article, and not the other
        led.write_result(make_result(Document(id=DOC, text=new),
                                     claims=[c for c in gold["claims"] if c["doc"] == DOC and c["text"] in new]),
                         ANALYSER)
        report = import_corrections(led.conn, data)
        # the correction, the added event and the figure verdict (its claims in DOC), all shifted
        assert report.imported == 3 and report.moved == 3
        reasons = {u.text: u.reason for u in report.unmatched}
        assert "not in this ledger's text" in reasons["thousands of troops"]
        assert any("not in this ledger" in r for t, r in reasons.items() if t != "thousands of troops")
        s = next(s for s in store.current(led.conn) if s.kind == "claim")
        assert s.anchor.span is not None and new[s.anchor.span.start:s.anchor.span.end] == s.anchor.span.text
        assert s.approved["source"] == "Pentagon" and s.status == "corrected"


def test_bad_files_are_refused_with_a_hint(tmp_path: Path) -> None:
    for content in ("not json", json.dumps({"schema": "other"}), json.dumps({"schema": "claimledger-corrections/1"})):
        p = tmp_path / "c.json"
        p.write_text(content, encoding="utf-8")
        with pytest.raises(InputError) as exc:
            read_corrections(p)
        assert exc.value.hint


def test_malformed_items_are_refused_before_anything_is_written(conn: sqlite3.Connection) -> None:
    data = {"schema": "claimledger-corrections/1", "items": [{"kind": "claim", "status": "maybe", "anchor": {}}]}
    with pytest.raises(UsageError, match="Unknown status"):
        import_corrections(conn, data)
    broken = {"schema": "claimledger-corrections/1", "items": [{"kind": "claim", "status": "confirmed"}]}
    with pytest.raises(InputError, match="malformed"):
        import_corrections(conn, broken)
    assert store.current(conn) == []
