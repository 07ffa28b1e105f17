"""``fetch``, ``watch``, ``import`` and the extra export formats, run as a user runs them.

The commands run in a subprocess with the same loopback guard as the in-process tests
(``socket.connect`` refuses anything but 127.0.0.1/::1), so exit codes, output streams
and signals are real and no test can reach the network.
"""

from __future__ import annotations

import json
import signal
import subprocess
import sys
import time
from pathlib import Path

import pytest

from claimledger.ledger.store import Ledger

from .conftest import Reply, Site, article, cli_env_for_subprocess

APP = """
import socket, sys
_real = socket.socket.connect
def _guard(self, address):
    host = address[0] if isinstance(address, tuple) else address
    if self.family in (socket.AF_INET, socket.AF_INET6) and host not in ("127.0.0.1", "::1", "localhost"):
        raise AssertionError("non-loopback connection to %r" % (address,))
    return _real(self, address)
socket.socket.connect = _guard
import typer
from claimledger.cli.follow_cmds import export_format, fetch, import_cmd, watch
from claimledger.cli.main import app
names = {c.name or (c.callback.__name__ if c.callback else "") for c in app.registered_commands}
if "fetch" not in names:  # until cli/main.py registers them (see follow_cmds' docstring)
    app.command()(fetch)
    app.command()(watch)
    app.command("import")(import_cmd)
    @app.command("export-format")
    def _export_format(db: str, fmt: str, output: str = "-") -> None:
        from pathlib import Path
        export_format(Path(db), fmt, output)
app()
"""
PREFIX = [sys.executable, "-c", APP]

PAGE = article("North Korean troops reach Kursk",
               "At least 10,000 North Korean soldiers are in Russia's Kursk region, Pentagon spokesperson "
               "Vedant Patel said on Monday.")


def test_fetch_archives_analyses_and_lists_failures(site: Site, tmp_path: Path, run_cli) -> None:  # type: ignore[no-untyped-def]
    ok = site.route("/a", Reply(body=PAGE, etag='"1"'))
    urls = tmp_path / "urls.txt"
    urls.write_text(f"# story\n{site.url('/missing')}\n", encoding="utf-8")
    db = tmp_path / "story.db"
    r = run_cli("fetch", ok, "--urls", urls, "--db", db, "--delay", "0", "--retries", "0", "--no-cross",
                prefix=PREFIX, timeout=240)
    assert r.returncode == 1, r.stderr
    assert f"fetched    {ok} -> story.warc.gz#<urn:uuid:" in r.stdout
    assert f"{site.url('/missing')}: [E212]" in r.stderr and "404" in r.stderr
    assert (tmp_path / "story.warc.gz").is_file()
    with Ledger(db, readonly=True) as led:
        (doc,) = list(led.rows("SELECT id, origin, warc_record FROM documents"))
        assert doc["id"] == ok and doc["origin"].endswith(doc["warc_record"])
        assert led.count("claims") >= 1
    again = run_cli("fetch", ok, "--db", db, "--delay", "0", "--no-cross", prefix=PREFIX, timeout=240)
    assert again.returncode == 0 and f"unchanged  {ok}" in again.stdout, again.stderr
    assert site.hits[-1].headers.get("if-none-match") == '"1"'


def test_fetch_usage_errors(tmp_path: Path, run_cli) -> None:  # type: ignore[no-untyped-def]
    r = run_cli("fetch", "--db", tmp_path / "x.db", prefix=PREFIX)
    assert r.returncode == 2 and "No URL given" in r.stderr
    r = run_cli("fetch", "https://example.org/", "--db", tmp_path / "x.db", "--per-host", "0", prefix=PREFIX)
    assert r.returncode == 2 and "--per-host must be positive" in r.stderr


def test_watch_once_then_sigterm_stops_cleanly(site: Site, tmp_path: Path, run_cli) -> None:  # type: ignore[no-untyped-def]
    site.route("/a", Reply(body=PAGE))
    site.route("/rss", Reply(body=f'<rss version="2.0"><channel><item><title>Kursk: North Korean troops</title>'
                                  f"<link>{site.url('/a')}</link></item></channel></rss>",
                             content_type="application/rss+xml"))
    feeds = tmp_path / "feeds.txt"
    feeds.write_text(site.url("/rss") + "\n", encoding="utf-8")
    db, alerts = tmp_path / "w.db", tmp_path / "alerts.jsonl"
    r = run_cli("watch", "--feeds", feeds, "--db", db, "--once", "--match", "kursk", "--alerts", alerts,
                "--delay", "0", "--no-cross", prefix=PREFIX, timeout=240)
    assert r.returncode == 0, r.stderr
    assert "cycle 1: 1 feeds read" in r.stderr and "1 analysed" in r.stderr
    assert "New figure" in r.stdout
    assert any(json.loads(x)["kind"] == "new_figure" for x in alerts.read_text(encoding="utf-8").splitlines())

    proc = subprocess.Popen([*PREFIX, "watch", "--feeds", str(feeds), "--db", str(db), "--every", "1h",
                             "--delay", "0", "--no-cross"], stdout=subprocess.PIPE, stderr=subprocess.PIPE,
                            text=True, env=cli_env_for_subprocess())
    try:
        deadline = time.monotonic() + 120
        while site.count("/rss") < 2 and time.monotonic() < deadline:  # the second run polled the feed
            time.sleep(0.1)
        time.sleep(0.5)
        proc.send_signal(signal.SIGTERM)
        _, err = proc.communicate(timeout=60)
    finally:
        if proc.poll() is None:
            proc.kill()
    assert proc.returncode == 0, err
    assert "stopped after 1 cycle(s)" in err and "0 analysed" in err  # resumed: nothing new to analyse


def test_watch_usage_errors(tmp_path: Path, run_cli) -> None:  # type: ignore[no-untyped-def]
    feeds = tmp_path / "feeds.txt"
    feeds.write_text("# nothing yet\n", encoding="utf-8")
    r = run_cli("watch", "--feeds", feeds, "--db", tmp_path / "x.db", prefix=PREFIX)
    assert r.returncode == 2 and "lists no feed" in r.stderr
    feeds.write_text("http://127.0.0.1:9/rss\n", encoding="utf-8")
    r = run_cli("watch", "--feeds", feeds, "--db", tmp_path / "x.db", "--every", "soon", prefix=PREFIX)
    assert r.returncode == 2 and "--every 'soon' is not a duration" in r.stderr
    r = run_cli("watch", "--feeds", feeds, "--db", tmp_path / "x.db", "--match", "(kursk", prefix=PREFIX)
    assert r.returncode == 2 and "')' is missing" in r.stderr


def test_import_then_export_is_identical_and_extra_formats_write(tmp_path: Path, run_cli) -> None:  # type: ignore[no-untyped-def]
    src = _formats_fixture().build_ledger(tmp_path / "src.db")
    export = tmp_path / "story.json"
    assert run_cli("export", "--db", src, "--output", export).returncode == 0
    r = run_cli("import", export, "--db", tmp_path / "copy.db", prefix=PREFIX)
    assert r.returncode == 0, r.stderr
    assert "imported 2 documents, 3 claims, 2 events, 2 findings, 2 figures" in r.stdout
    again = run_cli("export", "--db", tmp_path / "copy.db")
    assert again.returncode == 0 and json.loads(again.stdout) == json.loads(export.read_text(encoding="utf-8"))
    bad = tmp_path / "bad.json"
    bad.write_text('{"schema": "other"}', encoding="utf-8")
    r = run_cli("import", bad, "--db", tmp_path / "copy.db", prefix=PREFIX)
    assert r.returncode == 1 and "Not a claimledger-export/1 export" in r.stderr
    for fmt in ("claimreview", "timeline", "datasette"):
        r = _export(run_cli, src, fmt, "-")
        assert r.returncode == 0 and json.loads(r.stdout), r.stderr
    r = _export(run_cli, src, "parquet", tmp_path / "pq")
    assert r.returncode == 0 and (tmp_path / "pq" / "claims.parquet").is_file(), r.stderr
    r = _export(run_cli, src, "parquet", "-")
    assert r.returncode == 2 and "standard output" in r.stderr


def _formats_fixture():  # type: ignore[no-untyped-def]
    """tests/formats/conftest.py, whose hand-built ledger these tests share."""
    import importlib.util

    path = Path(__file__).resolve().parent.parent / "formats" / "conftest.py"
    spec = importlib.util.spec_from_file_location("formats_ledger_fixture", path)
    assert spec and spec.loader
    module = importlib.util.module_from_spec(spec)
    spec.loader.exec_module(module)
    return module


def _export(run_cli, db: Path, fmt: str, output: str | Path):  # type: ignore[no-untyped-def]
    """Through ``export --format`` once cli/main.py delegates to export_format, else the test command."""
    r = run_cli("export", "--db", db, "--format", fmt, "--output", output, prefix=PREFIX)
    if r.returncode == 2 and "Unknown export format" in r.stderr:
        r = run_cli("export-format", db, fmt, "--output", output, prefix=PREFIX)
    return r


@pytest.mark.parametrize("name", ["fetch", "watch", "import"])
def test_commands_are_documented(name: str, run_cli) -> None:  # type: ignore[no-untyped-def]
    r = run_cli(name, "--help", prefix=PREFIX)
    assert r.returncode == 0 and "Usage" in r.stdout
