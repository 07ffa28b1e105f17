"""Fixtures for the reliability tests: a ledger check that must pass after every scenario."""

from __future__ import annotations

import subprocess
from collections.abc import Callable
from pathlib import Path

import pytest
from tests.reliability.helpers import CheckLedger


@pytest.fixture
def assert_check_ok(run_cli: Callable[..., subprocess.CompletedProcess[str]]) -> CheckLedger:
    """``assert_check_ok(db)``: ``claimledger check --db db`` exits 0 and says ok."""

    def check(db: Path) -> None:
        proc = run_cli("check", "--db", db)
        assert proc.returncode == 0, f"claimledger check failed:\n{proc.stdout}\n{proc.stderr}"
        assert proc.stdout.startswith("ok:")

    return check
