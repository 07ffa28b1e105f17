"""``claimledger serve``: loopback by default; other hosts need a token."""

from __future__ import annotations

from pathlib import Path
from typing import Any

import pytest
import typer
import uvicorn
from typer.testing import CliRunner

from claimledger.cli.serve_cmd import _loopback, serve


def cli() -> typer.Typer:
    app = typer.Typer()
    app.command()(serve)

    @app.command()
    def noop() -> None:  # a second command keeps "serve" addressable by name
        pass

    return app


@pytest.fixture()
def started(monkeypatch: pytest.MonkeyPatch) -> list[dict[str, Any]]:
    calls: list[dict[str, Any]] = []
    monkeypatch.setattr(uvicorn, "run", lambda app, **kw: calls.append({"app": app, **kw}))
    monkeypatch.delenv("CLAIMLEDGER_TOKEN", raising=False)
    return calls


def test_default_is_loopback_without_token(tmp_path: Path, started: list[dict[str, Any]]) -> None:
    r = CliRunner().invoke(cli(), ["serve", "--db", str(tmp_path / "l.db")])
    assert r.exit_code == 0, r.output
    assert started[0]["host"] == "127.0.0.1" and started[0]["port"] == 8765
    assert (tmp_path / "l.db").exists()  # an empty ledger is created so articles can be added


def test_other_hosts_need_a_token(tmp_path: Path, started: list[dict[str, Any]]) -> None:
    r = CliRunner().invoke(cli(), ["serve", "--db", str(tmp_path / "l.db"), "--host", "0.0.0.0"])
    assert r.exit_code == 2 and "--token" in r.output and started == []
    ok = CliRunner().invoke(cli(), ["serve", "--db", str(tmp_path / "l.db"), "--host", "0.0.0.0"],
                            env={"CLAIMLEDGER_TOKEN": "a-long-enough-token-1234"})
    assert ok.exit_code == 0, ok.output
    assert started[0]["host"] == "0.0.0.0"
    weak = CliRunner().invoke(cli(), ["serve", "--db", str(tmp_path / "l.db"), "--host", "0.0.0.0",
                                      "--token", "abc"])
    assert weak.exit_code == 2 and "at least 16" in weak.output


@pytest.mark.parametrize(("host", "expected"), [
    ("127.0.0.1", True), ("127.0.0.2", True), ("::1", True), ("[::1]", True), ("localhost", True),
    ("0.0.0.0", False), ("192.168.1.5", False), ("example.org", False), ("::", False),
])
def test_loopback_detection(host: str, expected: bool) -> None:
    assert _loopback(host) is expected
