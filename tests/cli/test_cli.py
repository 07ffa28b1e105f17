"""The command line as a user runs it: exit codes, messages, the export contract."""

from __future__ import annotations

import json
from pathlib import Path

REPO = Path(__file__).resolve().parents[2]
SAMPLE = REPO / "samples" / "kursk-2024"


def test_analyze_export_eval_check(run_cli, tmp_path: Path) -> None:  # type: ignore[no-untyped-def]
    db = tmp_path / "x.db"
    r = run_cli("analyze", SAMPLE, "--db", db, "--quiet")
    assert r.returncode == 0, r.stderr
    out = tmp_path / "e.json"
    r = run_cli("export", "--db", db, "--format", "json", "--output", out)
    assert r.returncode == 0, r.stderr
    data = json.loads(out.read_text(encoding="utf-8"))
    assert data["schema"] == "claimledger-export/1" and len(data["documents"]) == 2
    r = run_cli("eval", SAMPLE / "gold.json", "--db", db, "--json")
    assert r.returncode == 0, r.stderr
    assert "claims" in json.loads(r.stdout)
    r = run_cli("check", "--db", db)
    assert r.returncode == 0 and r.stdout.startswith("ok"), r.stdout + r.stderr
    r = run_cli("export", "--db", db, "--format", "csv")
    assert r.returncode == 0 and r.stdout.startswith("doc,start,end")


def test_usage_errors_exit_2(run_cli, tmp_path: Path) -> None:  # type: ignore[no-untyped-def]
    r = run_cli("export", "--db", tmp_path / "missing.db")
    assert r.returncode == 2 and "claimledger analyze" in r.stderr
    r = run_cli("analyze", SAMPLE, "--db", tmp_path / "x.db", "--published", "yesterday")
    assert r.returncode == 2 and "YYYY-MM-DD" in r.stderr
    r = run_cli("nonsense")
    assert r.returncode == 2


def test_failed_input_exit_1_names_file(run_cli, tmp_path: Path) -> None:  # type: ignore[no-untyped-def]
    folder = tmp_path / "story"
    folder.mkdir()
    (folder / "good.txt").write_text((SAMPLE / "000_e78bd6e66f000d9c.txt").read_text(encoding="utf-8"))
    (folder / "empty.txt").write_text("   \n")
    r = run_cli("analyze", folder, "--db", tmp_path / "x.db", "--quiet")
    assert r.returncode == 1
    assert "empty.txt" in r.stderr
    r = run_cli("export", "--db", tmp_path / "x.db")
    assert [d["id"] for d in json.loads(r.stdout)["documents"]] == ["good.txt"]
