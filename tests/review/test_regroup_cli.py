"""``claimledger review merge|split|undo|regroups`` and corrections import of merges, run
through Typer on the sample story with the real cross stage (lexical similarity)."""

from __future__ import annotations

import json
import shutil
import sqlite3
from pathlib import Path

import pytest
import typer
from typer.testing import CliRunner

from claimledger.checks.cross import run_cross_checks
from claimledger.cli.review_cmds import corrections_app, review_app
from claimledger.ledger.store import Ledger


@pytest.fixture()
def db(sample_db: Path, monkeypatch: pytest.MonkeyPatch) -> Path:
    monkeypatch.setenv("CLAIMLEDGER_SEMANTIC", "0")  # the commands rebuild the figures: no model needed
    with Ledger(sample_db) as led:
        run_cross_checks(led, semantic=False)
    return sample_db


def run(*args: object) -> tuple[int, str]:
    app = typer.Typer(add_completion=False, pretty_exceptions_enable=False)
    app.add_typer(review_app, name="review")
    app.add_typer(corrections_app, name="corrections")
    result = CliRunner().invoke(app, [str(a) for a in args], env={"COLUMNS": "250", "NO_COLOR": "1"})
    return result.exit_code, result.output


def fig(db: Path, label: str) -> int:
    with sqlite3.connect(db) as conn:
        return int(conn.execute("SELECT id FROM figures WHERE label = ?", (label,)).fetchone()[0])


def sizes(db: Path) -> dict[str, int]:
    with sqlite3.connect(db) as conn:
        return {r[0]: int(r[1]) for r in conn.execute("SELECT label, claims FROM figures")}


def test_merge_list_undo(db: Path) -> None:
    a, b = fig(db, "north korean troops in russia"), fig(db, "counteroffensive force")
    before = sizes(db)
    code, out = run("review", "merge", "--db", db, f"figure:{a}", str(b), "--note", "one force", "--reviewer", "ann")
    assert code == 0, out
    assert "R1 recorded: merge 'counteroffensive force' (6 claims) into 'north korean troops in russia'" in out
    after = sizes(db)
    assert "counteroffensive force" not in after
    assert after["north korean troops in russia"] == before["north korean troops in russia"] + 6
    assert f"now in figure {fig(db, 'north korean troops in russia')}" in out
    code, out = run("review", "regroups", "--db", db)
    assert code == 0 and "R1" in out and "applied" in out and "one force" in out and "ann" in out
    code, out = run("review", "--db", db, "--history", "R1")
    assert code == 0 and "History of R1 (regroup)" in out and "merge 'counteroffensive force'" in out
    code, out = run("review", "undo", "--db", db, "R1", "--reviewer", "bob")
    assert code == 0 and "R1 undone" in out
    assert sizes(db) == before
    code, out = run("review", "regroups", "--db", db)
    assert "undone" in out


def test_split_with_label_and_into(db: Path) -> None:
    big = fig(db, "north korean troops in russia")
    with sqlite3.connect(db) as conn:
        ids = [int(r[0]) for r in conn.execute("SELECT id FROM claims WHERE figure = ? ORDER BY doc, start", (big,))]
    code, out = run("review", "split", "--db", db, "--figure", big, f"claim:{ids[0]}", str(ids[1]),
                    "--label", "early estimates", "--reviewer", "ann")
    assert code == 0 and "split 2 claim(s) out of 'north korean troops in russia'" in out, out
    assert sizes(db)["early estimates"] == 2
    other = fig(db, "north koreans arrived in russia")
    code, out = run("review", "split", "--db", db, "--figure", fig(db, "north korean troops in russia"), str(ids[2]),
                    "--into", other, "--reviewer", "ann")
    assert code == 0 and "move 1 claim(s)" in out, out
    assert sizes(db)["north koreans arrived in russia"] == 3
    code, out = run("review", "split", "--db", db, "--figure", other, str(ids[5]), "--reviewer", "ann")
    assert code == 2 and "is not in figure" in out


def test_orphaned_merge_is_listed(db: Path) -> None:
    a, b = fig(db, "north korean troops in russia"), fig(db, "soldiers sent into kursk")
    assert run("review", "merge", "--db", db, a, b, "--reviewer", "ann")[0] == 0
    with Ledger(db) as led:  # B's only claim now points into a document this ledger does not have
        led.conn.execute("UPDATE review_history SET anchor = json_set(anchor, '$.members[0].doc', 'gone.txt')")
    from claimledger.review.anchor import reanchor

    with Ledger(db) as led:
        assert [o.after for o in reanchor(led).orphaned] == ["orphaned"]
    code, out = run("review", "--db", db, "--orphans")
    assert code == 0 and "R1" in out and "regroup" in out and "orphaned" in out and "none of the claims" in out


def test_corrections_import_rebuilds_the_figures(db: Path, tmp_path: Path) -> None:
    other = tmp_path / "other.db"
    shutil.copy(db, other)
    a, b = fig(db, "armored vehicles destroyed"), fig(db, "armored vehicles destroyed over three days")
    assert run("review", "merge", "--db", db, a, b, "--reviewer", "ann")[0] == 0
    export = tmp_path / "c.json"
    code, out = run("corrections", "export", "--db", db, "--output", export)
    assert code == 0 and "1 reviewed item(s)" in out
    assert json.loads(export.read_text(encoding="utf-8"))["items"][0]["kind"] == "regroup"
    code, out = run("corrections", "import", export, "--db", other)
    assert code == 0 and "1 merge(s)/split(s) of figures imported" in out and "1 imported" in out, out
    assert sizes(other) == sizes(db)
