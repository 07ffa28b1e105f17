from __future__ import annotations

import shutil
import sys
from collections.abc import Iterator
from pathlib import Path

import pytest
from fastapi.testclient import TestClient

sys.path.insert(0, str(Path(__file__).parents[1] / "report"))

from ledger_fixtures import fake_analyze_documents, fake_analyze_paths, sample_ledger

from claimledger.web import create_app

BASE = "http://127.0.0.1:8765"


@pytest.fixture(scope="session")
def sample_template(tmp_path_factory: pytest.TempPathFactory) -> Path:
    return sample_ledger(tmp_path_factory.mktemp("web-sample") / "kursk.db")


@pytest.fixture()
def ledger(sample_template: Path, tmp_path: Path) -> Path:
    """A private copy of the sample ledger: upload tests write to it."""
    db = tmp_path / "kursk.db"
    shutil.copy(sample_template, db)
    return db


@pytest.fixture()
def client(ledger: Path) -> Iterator[TestClient]:
    app = create_app(ledger, analyze_paths=fake_analyze_paths, analyze_documents=fake_analyze_documents,
                     max_upload_bytes=1024 * 1024)
    with TestClient(app, base_url=BASE, raise_server_exceptions=False) as c:
        yield c
