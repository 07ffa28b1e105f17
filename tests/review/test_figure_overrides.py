"""Merging and splitting figures: review records anchored to claims, applied by the cross
stage after alignment, kept in the history, undone without losing it, shared by corrections
export/import.  The sample story's ledger (real articles, gold claims) with the real cross
stage (lexical similarity: no model needed)."""

from __future__ import annotations

import shutil
import sqlite3
from collections.abc import Iterator
from pathlib import Path

import pytest

from claimledger.checks import conflicts
from claimledger.checks.cross import run_cross_checks
from claimledger.errors import UsageError
from claimledger.ledger.store import Ledger
from claimledger.review import figure_overrides as fo
from claimledger.review import store
from claimledger.review.anchor import reanchor
from claimledger.review.corrections import export_corrections, import_corrections
from claimledger.review.model import Passage


@pytest.fixture(scope="module")
def crossed_template(sample_template: Path, tmp_path_factory: pytest.TempPathFactory) -> Path:
    db = tmp_path_factory.mktemp("regroup") / "kursk.db"
    shutil.copy(sample_template, db)
    with Ledger(db) as led:
        run_cross_checks(led, semantic=False)
    return db


@pytest.fixture()
def led(crossed_template: Path, tmp_path: Path) -> Iterator[Ledger]:
    db = tmp_path / "kursk.db"
    shutil.copy(crossed_template, db)
    with Ledger(db) as ledger:
        yield ledger


def figures(conn: sqlite3.Connection) -> dict[int, list[tuple[str, int, int]]]:
    """figure id -> its claims as (doc, start, end): what a person sees, whatever the row ids."""
    out: dict[int, list[tuple[str, int, int]]] = {}
    for r in conn.execute('SELECT figure, doc, start, "end" FROM claims WHERE figure IS NOT NULL ORDER BY doc, start'):
        out.setdefault(int(r[0]), []).append((r[1], int(r[2]), int(r[3])))
    return out


def grouping(conn: sqlite3.Connection) -> set[frozenset[tuple[str, int, int]]]:
    return {frozenset(v) for v in figures(conn).values()}


def figure_holding(conn: sqlite3.Connection, claim: tuple[str, int, int]) -> int:
    return next(f for f, claims in figures(conn).items() if claim in claims)


def by_label(conn: sqlite3.Connection, label: str) -> int:
    return int(conn.execute("SELECT id FROM figures WHERE label = ?", (label,)).fetchone()[0])


def rebuild(led: Ledger) -> None:
    run_cross_checks(led, semantic=False)
    reanchor(led)


def test_merge_is_a_review_record_applied_on_every_rebuild_and_undone_with_history(led: Ledger) -> None:
    conn = led.conn
    before = grouping(conn)
    a, b = by_label(conn, "north korean troops in russia"), by_label(conn, "counteroffensive force")
    a_claims, b_claims = figures(conn)[a], figures(conn)[b]
    state = fo.merge(conn, f"figure:{a}", str(b), reviewer="ann", note="the same force, counted twice")
    assert (state.kind, state.status, state.reviewer, state.note) == ("regroup", "confirmed", "ann",
                                                                      "the same force, counted twice")
    assert [(m.doc, m.start, m.end) for m in state.anchor.members] == b_claims
    assert [(p.doc, p.start, p.end) for p in fo.targets_of(state)] == a_claims
    assert fo.describe(state) == "merge 'counteroffensive force' (6 claims) into 'north korean troops in russia'"
    assert grouping(conn) == before  # recorded; the figures change when they are rebuilt

    rebuild(led)
    merged = figures(conn)[figure_holding(conn, a_claims[0])]
    assert sorted(merged) == sorted(a_claims + b_claims)
    assert len(grouping(conn)) == len(before) - 1
    row = conn.execute("SELECT label, claims FROM figures WHERE id = ?", (figure_holding(conn, a_claims[0]),)).fetchone()
    assert (row[0], row[1]) == ("north korean troops in russia", len(a_claims) + len(b_claims))
    rebuild(led)  # running the cross stage again changes nothing
    assert sorted(figures(conn)[figure_holding(conn, a_claims[0])]) == sorted(a_claims + b_claims)

    undone = fo.revoke(conn, state.label, reviewer="bob", note="different forces after all")
    rebuild(led)
    assert grouping(conn) == before
    assert [(s.status, s.reviewer) for s in store.history(conn, state.item)] == [("confirmed", "ann"),
                                                                                 ("rejected", "bob")]
    assert undone.note == "different forces after all" and fo.overrides(conn) == []
    assert [v.status for v in fo.views(conn)] == ["rejected"]


def test_split_into_a_new_figure_and_move_to_another(led: Ledger) -> None:
    conn = led.conn
    big = by_label(conn, "north korean troops in russia")
    ids = [int(r[0]) for r in conn.execute('SELECT id FROM claims WHERE figure = ? ORDER BY doc, start', (big,))]
    spans = figures(conn)[big]
    fo.split(conn, [f"claim:{ids[0]}", str(ids[1])], figure=str(big), label="North Koreans, first estimates",
             reviewer="ann")
    other = by_label(conn, "north koreans arrived in russia")
    target = figures(conn)[other]
    fo.split(conn, [f"claim:{ids[2]}"], figure=f"figure:{big}", into=str(other), reviewer="ann")
    rebuild(led)
    new = figure_holding(conn, spans[0])
    assert sorted(figures(conn)[new]) == sorted(spans[:2])
    assert conn.execute("SELECT label FROM figures WHERE id = ?", (new,)).fetchone()[0] == \
        "North Koreans, first estimates"
    assert sorted(figures(conn)[figure_holding(conn, target[0])]) == sorted([*target, spans[2]])
    assert sorted(figures(conn)[figure_holding(conn, spans[3])]) == sorted(spans[3:])
    assert [v.op for v in fo.views(conn)] == ["split", "move"]


def test_checks_over_figures_see_the_regrouped_figures(led: Ledger, monkeypatch: pytest.MonkeyPatch) -> None:
    conn = led.conn
    a, b = by_label(conn, "armored vehicles destroyed"), by_label(conn, "armored vehicles destroyed over three days")
    wanted = sorted(figures(conn)[a] + figures(conn)[b])
    fo.merge(conn, str(a), str(b), reviewer="ann")
    seen: list[tuple[str, list[tuple[str, int, int]]]] = []
    real = conflicts.figure_conflicts

    def spy(label: str, members: list[conflicts.ClaimFacts]) -> list:  # type: ignore[type-arg]
        seen.append((label, sorted((m.doc, m.start, m.end) for m in members)))
        return real(label, members)

    monkeypatch.setattr(conflicts, "figure_conflicts", spy)
    run_cross_checks(led, semantic=False)
    assert ("armored vehicles destroyed", wanted) in seen
    assert not any(label == "armored vehicles destroyed over three days" for label, _ in seen)


def test_refusals(led: Ledger) -> None:
    conn = led.conn
    big = by_label(conn, "north korean troops in russia")
    small = by_label(conn, "main battle tanks lost")
    ids = [int(r[0]) for r in conn.execute("SELECT id FROM claims WHERE figure = ?", (big,))]
    stray = int(conn.execute("SELECT id FROM claims WHERE figure = ?", (small,)).fetchone()[0])
    for call, message in (
        (lambda: fo.merge(conn, str(big), str(big), reviewer="ann"), "into itself"),
        (lambda: fo.merge(conn, str(big), "99999", reviewer="ann"), "No figure 99999"),
        (lambda: fo.merge(conn, str(big), "tanks", reviewer="ann"), "is not a figure"),
        (lambda: fo.split(conn, [str(i) for i in ids], figure=str(big), reviewer="ann"), "leaves it as it was"),
        (lambda: fo.split(conn, [str(stray)], figure=str(big), reviewer="ann"), f"Claim {stray} is not in figure"),
        (lambda: fo.split(conn, [str(ids[0]), str(stray)], reviewer="ann"), "belong to one figure"),
        (lambda: fo.split(conn, [str(ids[0])], into=str(big), reviewer="ann"), "already in that figure"),
        (lambda: fo.split(conn, [str(ids[0])], reviewer=""), "reviewer name"),
        (lambda: fo.revoke(conn, "R1", reviewer="ann"), "not a merge or split"),
    ):
        with pytest.raises(UsageError, match=message):
            call()
    assert store.current(conn) == []  # nothing half-written


def test_a_regrouping_whose_claims_are_gone_is_orphaned_not_dropped(led: Ledger) -> None:
    conn = led.conn
    a, b = by_label(conn, "north korean troops in russia"), by_label(conn, "soldiers sent into kursk")
    lost = figures(conn)[b][0]
    state = fo.merge(conn, str(a), str(b), reviewer="ann")
    # the document those claims were in is now a different text: the passage is gone
    doc = lost[0]
    text = conn.execute("SELECT text FROM documents WHERE id = ?", (doc,)).fetchone()[0]
    passage = text[lost[1]:lost[2]]
    with store.transaction(conn):
        conn.execute("INSERT INTO document_versions (id, version, hash, text, replaced_at) "
                     "SELECT id, version, hash, text, '2024-12-01' FROM documents WHERE id = ?", (doc,))
        conn.execute("UPDATE documents SET text = ?, hash = 'changed', version = version + 1 WHERE id = ?",
                     (text.replace(passage, "[removed]"), doc))
        conn.execute('DELETE FROM claims WHERE doc = ? AND start = ?', (doc, lost[1]))
    before = grouping(conn)
    report = reanchor(led)
    assert [(o.item, o.after) for o in report.orphaned] == [(state.item, "orphaned")]
    assert any("orphaned" in n for n in report.notes())
    now = store.get(conn, state.item)
    assert now is not None and now.anchor_state == "orphaned" and now.status == "confirmed"
    assert "none of the claims it regroups" in (now.reason or "")
    assert now.anchor.members == state.anchor.members  # the last good anchor is kept
    run_cross_checks(led, semantic=False)
    assert grouping(conn) == {g for g in before}  # nothing applied, nothing broken
    assert [v.shown for v in fo.views(conn)] == ["orphaned"]


def test_corrections_export_import_round_trip_with_merges_and_splits(led: Ledger, crossed_template: Path,
                                                                      tmp_path: Path) -> None:
    conn = led.conn
    big = by_label(conn, "north korean troops in russia")
    ids = [int(r[0]) for r in conn.execute("SELECT id FROM claims WHERE figure = ? ORDER BY doc, start", (big,))]
    fo.merge(conn, str(big), str(by_label(conn, "counteroffensive force")), reviewer="ann", note="one force")
    fo.split(conn, [str(ids[-1])], figure=str(big), label="the last one", reviewer="ann")
    rebuild(led)
    data = export_corrections(conn, ledger_name="a.db")
    assert [(i["kind"], i["anchor"]["values"]["op"]) for i in data["items"]] == [("regroup", "merge"),
                                                                                 ("regroup", "split")]
    other_db = tmp_path / "other.db"
    shutil.copy(crossed_template, other_db)
    with Ledger(other_db) as other:
        report = import_corrections(other.conn, data, source="a.json")
        assert (report.imported, report.regroups, report.unmatched) == (2, 2, ())
        rebuild(other)
        assert grouping(other.conn) == grouping(conn)
        states = fo.overrides(other.conn)
        assert [(s.note, s.anchor_state) for s in states] == [("one force", "matched"), (None, "matched")]
        again = import_corrections(other.conn, data, source="a.json")
        assert (again.imported, again.unchanged) == (0, 2)


def test_apply_is_a_no_op_without_reviews(led: Ledger) -> None:
    from claimledger.ledger.align import FigureGroup

    groups = [FigureGroup((0, "", "", "", "", ()), "x", None, None, [1, 2])]
    assert fo.apply_overrides(led.conn, groups) is groups
    p = Passage("claim", "nowhere.txt", "h", 0, 3, "abc")
    assert fo.ClaimIndex(led.conn).claims([p]) == []
