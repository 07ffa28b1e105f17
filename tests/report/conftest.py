from __future__ import annotations

import sys
from pathlib import Path

import pytest

sys.path.insert(0, str(Path(__file__).parent))

from ledger_fixtures import hostile_ledger, sample_ledger


@pytest.fixture(scope="session")
def sample_db(tmp_path_factory: pytest.TempPathFactory) -> Path:
    return sample_ledger(tmp_path_factory.mktemp("sample") / "kursk.db")


@pytest.fixture(scope="session")
def hostile_db(tmp_path_factory: pytest.TempPathFactory) -> Path:
    return hostile_ledger(tmp_path_factory.mktemp("hostile") / "hostile.db")
