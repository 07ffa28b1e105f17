"""One unit for sizes: the server's upload limit and ingest's --max-mb both count 1,000,000
bytes a MB, and an upload the server accepted is analysed under the same limit."""

from __future__ import annotations

import sys
from pathlib import Path
from typing import Any

from fastapi.testclient import TestClient

sys.path.insert(0, str(Path(__file__).parents[1] / "report"))
from ledger_fixtures import fake_analyze_documents, fake_analyze_paths

from claimledger.ingest.records import DEFAULT_MAX_BYTES
from claimledger.web import create_app
from claimledger.web.security import DEFAULT_MAX_BODY


def test_default_upload_limit_is_ingests_default() -> None:
    assert DEFAULT_MAX_BODY == DEFAULT_MAX_BYTES == 20_000_000


def test_upload_is_analysed_under_the_servers_limit_and_the_refusal_names_it(ledger: Path) -> None:
    seen: dict[str, Any] = {}

    def analyze_paths(paths: list[str], db: Path, **kw: Any) -> Any:
        seen.update(kw)
        return fake_analyze_paths(paths, db, **kw)

    app = create_app(ledger, analyze_paths=analyze_paths, analyze_documents=fake_analyze_documents,
                     max_upload_bytes=3_000_000)
    with TestClient(app, base_url="http://127.0.0.1") as c:
        ok = c.post("/api/uploads", files={"files": ("big.txt", b"Forty homes burned. " * 140_000, "text/plain")})
        assert ok.status_code == 202
        assert app.state.jobs.wait_idle(30)
        assert seen["max_bytes"] == 3_000_000  # a 2.8 MB file passes the server, so ingest must not refuse it
        refused = c.post("/api/uploads", files={"files": ("huge.txt", b"x" * 3_100_000, "text/plain")})
        assert refused.status_code == 413
        assert "3 MB" in refused.json()["error"]["message"]
        add = c.get("/add")
        assert "3 MB" in add.text or "3\u00a0MB" in add.text
