"""A merge and a split of figures survive a real re-analysis by the NLP pipeline (a new
analyser version: every claim row deleted and extracted again under new ids) and every
re-run of the cross stage."""

from __future__ import annotations

import shutil
import sqlite3
from pathlib import Path

import pytest

from claimledger import runner
from claimledger.ledger.store import Ledger
from claimledger.review import figure_overrides as fo
from claimledger.review import store

SAMPLE = Path(__file__).resolve().parents[2] / "samples" / "kursk-2024"


def members(conn: sqlite3.Connection) -> dict[tuple[str, int, int], int]:
    """claim passage (doc, start, end) -> its figure."""
    return {(r[0], int(r[1]), int(r[2])): int(r[3]) for r in conn.execute(
        'SELECT doc, start, "end", figure FROM claims WHERE figure IS NOT NULL')}


def figure_sizes(conn: sqlite3.Connection) -> list[tuple[int, int]]:
    return [(int(r[0]), int(r[1])) for r in conn.execute(
        "SELECT id, claims FROM figures ORDER BY claims DESC, id")]


def test_merge_and_split_survive_reanalysis_and_cross_reruns(tmp_path: Path,
                                                             monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setenv("CLAIMLEDGER_SEMANTIC", "0")
    folder = tmp_path / "story"
    folder.mkdir()
    for p in SAMPLE.glob("*.txt"):
        shutil.copy(p, folder / p.name)
    db = tmp_path / "story.db"
    assert not runner.analyze([folder], db).failures
    with Ledger(db) as led:
        conn = led.conn
        sizes = figure_sizes(conn)
        (a, a_size), (b, _) = sizes[0], sizes[1]
        assert a_size >= 3
        where = members(conn)
        a_claims = sorted(k for k, f in where.items() if f == a)
        b_claims = sorted(k for k, f in where.items() if f == b)
        split_off = a_claims[-1]
        split_id = conn.execute('SELECT id FROM claims WHERE doc = ? AND start = ? AND "end" = ?',
                                split_off).fetchone()[0]
        merge = fo.merge(conn, str(a), str(b), reviewer="ann", note="one quantity")
        split = fo.split(conn, [str(split_id)], figure=str(a), label="kept apart", reviewer="ann")
        fo.rebuild(led)
        ids_before = {int(r[0]) for r in conn.execute("SELECT id FROM claims")}
        n_figures = len(figure_sizes(conn))

    def holds(conn: sqlite3.Connection) -> None:
        now = members(conn)
        home = now[a_claims[0]]
        assert all(now[k] == home for k in a_claims[:-1] + b_claims), "the merge no longer holds"
        assert now[split_off] != home, "the split no longer holds"
        assert sum(1 for f in now.values() if f == now[split_off]) == 1
        assert conn.execute("SELECT label FROM figures WHERE id = ?", (now[split_off],)).fetchone()[0] == "kept apart"
        assert len(figure_sizes(conn)) == n_figures
        states = {s.item: s for s in store.current(conn)}
        assert [states[s.item].anchor_state for s in (merge, split)] == ["matched", "matched"]

    with Ledger(db) as led:
        holds(led.conn)

    # a new analyser version: every claim extracted again, under new row ids
    monkeypatch.setattr(runner, "ANALYSER_VERSION", "regroup-test/2")
    summary = runner.analyze([folder], db)
    assert not summary.failures and summary.changed == 2
    with Ledger(db) as led:
        assert not ids_before & {int(r[0]) for r in led.conn.execute("SELECT id FROM claims")}
        holds(led.conn)
        runner.run_cross(led)  # and the cross stage once more on its own
        holds(led.conn)
        assert [len(store.history(led.conn, s.item)) for s in (merge, split)] == [1, 1]
