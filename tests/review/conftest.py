"""Fixtures for the review tests: the sample story ledger built without the NLP pipeline
(tests/report/ledger_fixtures.py), copied fresh for every test that writes to it."""

from __future__ import annotations

import shutil
import sqlite3
import sys
from collections.abc import Iterator
from pathlib import Path

import pytest

sys.path.insert(0, str(Path(__file__).parents[1] / "report"))

from ledger_fixtures import sample_ledger

from claimledger.ledger.store import Ledger


@pytest.fixture(scope="session")
def sample_template(tmp_path_factory: pytest.TempPathFactory) -> Path:
    return sample_ledger(tmp_path_factory.mktemp("review-sample") / "kursk.db")


@pytest.fixture()
def sample_db(sample_template: Path, tmp_path: Path) -> Path:
    db = tmp_path / "kursk.db"
    shutil.copy(sample_template, db)
    return db


@pytest.fixture()
def conn(sample_db: Path) -> Iterator[sqlite3.Connection]:
    with Ledger(sample_db) as led:
        yield led.conn
