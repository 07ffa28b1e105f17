"""The review commands as the integrated CLI exposes them (``review``, ``review export-gold``,
``review add``, ``corrections export|import``, ``eval --from-reviews``), run through Typer."""

from __future__ import annotations

import json
import shutil
from pathlib import Path
from typing import Annotated

import pytest
import typer
from typer.testing import CliRunner

from claimledger.cli.review_cmds import corrections_app, eval_from_reviews, review_app
from claimledger.evaluation import validate_gold
from claimledger.ledger.store import Ledger
from claimledger.review import store

DOC = "000_e78bd6e66f000d9c.txt"


def _app() -> typer.Typer:
    """The commands mounted the way cli/main.py mounts them."""
    app = typer.Typer(add_completion=False, pretty_exceptions_enable=False)
    app.add_typer(review_app, name="review")
    app.add_typer(corrections_app, name="corrections")

    @app.command("eval")
    def eval_cmd(db: Annotated[Path, typer.Option("--db")],
                 from_reviews: Annotated[bool, typer.Option("--from-reviews")] = False,
                 as_json: Annotated[bool, typer.Option("--json")] = False) -> None:
        assert from_reviews
        eval_from_reviews(db, as_json=as_json)

    return app


@pytest.fixture()
def cli() -> CliRunner:
    return CliRunner()


def run(cli: CliRunner, *args: str, input: str | None = None) -> tuple[int, str]:
    result = cli.invoke(_app(), [str(a) for a in args], input=input, env={"COLUMNS": "200", "NO_COLOR": "1"})
    return result.exit_code, result.output


def test_review_prompt_then_history_list_and_gold(cli: CliRunner, sample_db: Path, tmp_path: Path) -> None:
    code, out = run(cli, "review", "--db", sample_db, "--kind", "claim", "--reviewer", "ann",
                    input="c\ne source=Pentagon\nr\nq\n")
    assert code == 0, out
    assert "3 decision(s)" in out
    code, out = run(cli, "review", "--db", sample_db, "--history", "R2")
    assert code == 0 and "History of R2" in out and "ann" in out and "corrected" in out
    code, out = run(cli, "review", "--db", sample_db, "--list", "--status", "reviewed")
    assert code == 0 and "3 item(s)" in out and "rejected" in out
    gold_path = tmp_path / "gold.json"
    code, out = run(cli, "review", "export-gold", "--db", sample_db, "--output", gold_path)
    assert code == 0 and "2 claims" in out
    gold = json.loads(gold_path.read_text(encoding="utf-8"))
    with Ledger(sample_db, readonly=True) as led:
        texts = {r[0]: r[1] for r in led.conn.execute("SELECT id, text FROM documents")}
    assert validate_gold(gold, texts) == []


def test_review_add_and_orphans(cli: CliRunner, sample_db: Path) -> None:
    code, out = run(cli, "review", "add", "--db", sample_db, "--kind", "claim", "--doc", DOC,
                    "--text", "twenty-four hours", "--reviewer", "ann",
                    "low=24", "high=24", "hedge=exact", "counted=hours of fighting")
    assert code == 0 and "added R1" in out, out
    with Ledger(sample_db) as led:
        assert store.get(led.conn, 1).approved["counted"] == "hours of fighting"  # type: ignore[union-attr]
    code, out = run(cli, "review", "--db", sample_db, "--orphans")
    assert code == 0 and "No orphaned" in out
    code, out = run(cli, "review", "add", "--db", sample_db, "--kind", "claim", "--doc", DOC,
                    "--text", "twenty-four hours", "low=x")
    assert code == 2 and "E100" in out


def test_corrections_round_trip_and_unmatched_exit_code(cli: CliRunner, sample_db: Path,
                                                        sample_template: Path, tmp_path: Path) -> None:
    run(cli, "review", "--db", sample_db, "--reviewer", "ann", input="c\nr\nq\n")
    export = tmp_path / "c.json"
    code, out = run(cli, "corrections", "export", "--db", sample_db, "--output", export)
    assert code == 0 and "2 reviewed item(s)" in out
    b = tmp_path / "b.db"
    shutil.copy(sample_template, b)
    code, out = run(cli, "corrections", "import", export, "--db", b)
    assert code == 0 and "2 imported" in out
    data = json.loads(export.read_text(encoding="utf-8"))
    data["items"][0]["anchor"]["doc"] = "missing.txt"
    export.write_text(json.dumps(data), encoding="utf-8")
    code, out = run(cli, "corrections", "import", export, "--db", b)
    assert code == 1 and "missing.txt is not in this ledger" in out and "1 unmatched" in out


def test_eval_from_reviews(cli: CliRunner, sample_db: Path) -> None:
    code, out = run(cli, "eval", "--db", sample_db, "--from-reviews")
    assert code == 2 and "no reviewed" in out
    run(cli, "review", "--db", sample_db, "--kind", "claim", "--reviewer", "ann", input="c\nc\nr\nq\n")
    code, out = run(cli, "eval", "--db", sample_db, "--from-reviews")
    assert code == 0 and "claims     P 0.667  R 1.000" in out and "scored on 3 reviewed claims" in out
    code, out = run(cli, "eval", "--db", sample_db, "--from-reviews", "--json")
    data = json.loads(out)
    assert data["claims"]["tp"] == 2 and data["claims"]["fp"] == 1 and data["reviews"]["used"]["claim"] == 3


def test_missing_ledger_is_a_usage_error(cli: CliRunner, tmp_path: Path) -> None:
    code, out = run(cli, "review", "--db", tmp_path / "none.db")
    assert code == 2 and "No ledger" in out
    code, out = run(cli, "review")
    assert code == 2 and "--db" in out
