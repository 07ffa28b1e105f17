"""A damaged or foreign ledger file: every command says so (exit 3), none crashes.

The ledger is the one file a newsroom keeps; when it is damaged — a copy cut short, a
disk error flipping bytes, a file that is not a ledger at all, rows edited by hand — the
user must learn that from a message and exit code 3 (documented: the ledger cannot be
opened or failed its check), never from a traceback, and ``claimledger check`` must name
what is wrong.
"""

from __future__ import annotations

import shutil
import sqlite3
import subprocess
from collections.abc import Callable
from pathlib import Path

import pytest
from tests.reliability.helpers import KURSK

RunCli = Callable[..., subprocess.CompletedProcess[str]]


@pytest.fixture(scope="module")
def healthy(tmp_path_factory: pytest.TempPathFactory) -> Path:
    """A real ledger of the sample story, checkpointed into one file."""
    from tests.conftest import cli_command, cli_env

    db = tmp_path_factory.mktemp("healthy") / "ledger.db"
    proc = subprocess.run(cli_command("analyze", KURSK, "--db", db, "-q", "--no-cross"), capture_output=True,
                          text=True, env=cli_env(), timeout=600, check=False)
    assert proc.returncode == 0, proc.stderr
    conn = sqlite3.connect(db)
    conn.execute("PRAGMA wal_checkpoint(TRUNCATE)")
    conn.close()
    return db


def _copy(healthy: Path, tmp_path: Path) -> Path:
    db = tmp_path / "copy.db"
    shutil.copyfile(healthy, db)
    return db


def _assert_exit_3(proc: subprocess.CompletedProcess[str], *words: str) -> None:
    assert "Traceback" not in proc.stderr, proc.stderr
    assert proc.returncode == 3, (proc.returncode, proc.stdout, proc.stderr)
    for w in words:
        assert w.lower() in proc.stderr.lower(), proc.stderr


def _not_a_database(healthy: Path, tmp_path: Path) -> Path:
    db = tmp_path / "notes.db"
    db.write_bytes(b"These are my notes, not a ledger.\n" * 200)
    return db


def _cut_in_half(healthy: Path, tmp_path: Path) -> Path:
    db = _copy(healthy, tmp_path)
    data = db.read_bytes()
    db.write_bytes(data[: len(data) // 2])
    return db


def _pages_overwritten(healthy: Path, tmp_path: Path) -> Path:
    """Garbage over the root page of the documents table, as a failing disk would leave it."""
    db = _copy(healthy, tmp_path)
    conn = sqlite3.connect(db)
    page_size = conn.execute("PRAGMA page_size").fetchone()[0]
    root = conn.execute("SELECT rootpage FROM sqlite_master WHERE name = 'documents'").fetchone()[0]
    conn.close()
    data = bytearray(db.read_bytes())
    start = (root - 1) * page_size
    data[start:start + page_size] = bytes((i * 37 + 11) % 251 for i in range(page_size))
    db.write_bytes(bytes(data))
    return db


DAMAGE = [pytest.param(_not_a_database, id="not-a-database"),
          pytest.param(_cut_in_half, id="cut-in-half"),
          pytest.param(_pages_overwritten, id="pages-overwritten")]


@pytest.mark.parametrize("damage", DAMAGE)
def test_check_reports_damage_with_exit_3(healthy: Path, tmp_path: Path, run_cli: RunCli,
                                          damage: Callable[[Path, Path], Path]) -> None:
    db = damage(healthy, tmp_path)
    _assert_exit_3(run_cli("check", "--db", db))


@pytest.mark.parametrize("damage", DAMAGE)
def test_export_of_a_damaged_ledger_fails_cleanly(healthy: Path, tmp_path: Path, run_cli: RunCli,
                                                  damage: Callable[[Path, Path], Path]) -> None:
    db = damage(healthy, tmp_path)
    out = tmp_path / "export.json"
    proc = run_cli("export", "--db", db, "--output", out)
    _assert_exit_3(proc, str(db.name))
    assert not out.exists(), "a half-written export was left behind"


@pytest.mark.parametrize("damage", DAMAGE)
def test_analyze_into_a_damaged_ledger_fails_cleanly(healthy: Path, tmp_path: Path, run_cli: RunCli,
                                                     damage: Callable[[Path, Path], Path]) -> None:
    db = damage(healthy, tmp_path)
    before = db.read_bytes()
    _assert_exit_3(run_cli("analyze", KURSK, "--db", db, "-q", "--no-cross"))
    if damage is _not_a_database:
        assert db.read_bytes() == before, "analyze wrote into a file that is not a ledger"


def test_healthy_copy_passes(healthy: Path, tmp_path: Path, run_cli: RunCli) -> None:
    """The damage above is what fails the check, not the copying."""
    proc = run_cli("check", "--db", _copy(healthy, tmp_path))
    assert proc.returncode == 0 and proc.stdout.startswith("ok:"), proc.stderr


def test_check_names_rows_edited_out_of_shape(healthy: Path, tmp_path: Path, run_cli: RunCli) -> None:
    """Hand edits that SQLite accepts but the ledger's invariants forbid are each named."""
    db = _copy(healthy, tmp_path)
    conn = sqlite3.connect(db)
    try:
        doc, n = conn.execute("SELECT id, length(text) FROM documents ORDER BY id LIMIT 1").fetchone()
        conn.execute('UPDATE claims SET "end" = ? WHERE id = (SELECT MIN(id) FROM claims)', (n + 10,))
        conn.execute("UPDATE claims SET low = 5, high = 1 WHERE id = (SELECT MAX(id) FROM claims)")
        conn.execute("UPDATE documents SET text = text || ' (edited)' WHERE id = ?", (doc,))
        conn.commit()
    finally:
        conn.close()
    proc = run_cli("check", "--db", db)
    _assert_exit_3(proc, "outside document", "low 5.0 > high 1.0", "hash does not match")
