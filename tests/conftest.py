"""Fixtures shared by the whole suite.

* ``nlp``: the spaCy pipeline, loaded once per test session (it takes seconds).
* ``tmp_ledger``: a path for a fresh ledger file in the test's temporary folder.
* ``run_cli``: run ``claimledger`` as a user would, in a subprocess
  (``[sys.executable, "-m", "claimledger", ...]``), so exit codes, stderr and process
  boundaries (locks, crashes) are tested for real rather than through Typer's runner.

Nothing here imports spaCy or the pipeline at collection time: a test module that needs
neither stays fast.
"""

from __future__ import annotations

import os
import subprocess
import sys
from collections.abc import Callable, Sequence
from pathlib import Path
from typing import TYPE_CHECKING

import pytest

if TYPE_CHECKING:
    from spacy.language import Language

# An extractor bug must fail the tests, not be contained as a skipped sentence (and CLI
# subprocesses inherit this).
os.environ.setdefault("CLAIMLEDGER_STRICT", "1")

REPO = Path(__file__).resolve().parent.parent
SAMPLES = REPO / "samples"

RunCli = Callable[..., subprocess.CompletedProcess[str]]


@pytest.fixture(scope="session")
def nlp() -> Language:
    from claimledger.nlp import get_nlp

    return get_nlp()


@pytest.fixture
def tmp_ledger(tmp_path: Path) -> Path:
    """Where a test's ledger lives; the file does not exist yet."""
    return tmp_path / "ledger.db"


def cli_command(*args: str | os.PathLike[str]) -> list[str]:
    """The argv that runs the claimledger CLI with this interpreter."""
    return [sys.executable, "-m", "claimledger", *(os.fspath(a) for a in args)]


def cli_env(extra: dict[str, str] | None = None) -> dict[str, str]:
    """Environment for CLI subprocesses: no colour, wide lines, UTF-8 output.

    A wide ``COLUMNS`` keeps rich from wrapping error messages, so a test can look for
    a file name and its reason on one line.
    """
    env = dict(os.environ)
    env.update({"NO_COLOR": "1", "TERM": "dumb", "COLUMNS": "400", "PYTHONIOENCODING": "utf-8"})
    if extra:
        env.update(extra)
    return env


@pytest.fixture
def run_cli() -> RunCli:
    """``run_cli("analyze", folder, "--db", db)`` -> CompletedProcess (text, never raises on rc)."""

    def run(*args: str | os.PathLike[str], timeout: float = 300, cwd: Path | None = None,
            env: dict[str, str] | None = None, input: str | None = None,
            prefix: Sequence[str] | None = None) -> subprocess.CompletedProcess[str]:
        argv = [*prefix, *(os.fspath(a) for a in args)] if prefix else cli_command(*args)
        return subprocess.run(argv, capture_output=True, text=True, encoding="utf-8", errors="replace",
                              timeout=timeout, cwd=cwd, env=cli_env(env), input=input, check=False)

    return run
