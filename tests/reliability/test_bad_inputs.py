"""Bad inputs through the real CLI: each is decoded correctly or skipped with its reason.

One folder holds a good article next to every kind of broken or awkward input
(see :mod:`tests.reliability.badcorpus`); ``claimledger analyze`` runs once over it and
each test below checks one input's outcome in that run: the good article is stored,
decodable inputs are stored with the right text, the rest are listed on stderr with the
file name and the reason, the exit code is 1 (documented: some inputs could not be
used), nothing crashes, and ``claimledger check`` passes afterwards.

Inputs that would stop a whole run if ingest mishandled them (a file that vanishes or
becomes unreadable mid-run, an archive cut inside a header) get runs of their own.
"""

from __future__ import annotations

import gzip
import io
import json
import re
import subprocess
from collections.abc import Callable
from dataclasses import dataclass
from pathlib import Path
from typing import Any

import pytest
from tests.reliability import badcorpus as bc
from tests.reliability.helpers import CheckLedger, export_json, kursk_texts, sabotage_prefix

RunCli = Callable[..., subprocess.CompletedProcess[str]]


@dataclass
class Outcome:
    folder: Path
    db: Path
    proc: subprocess.CompletedProcess[str]
    corpus: bc.Corpus
    export: dict[str, Any]

    def documents(self) -> dict[str, dict[str, Any]]:
        return {d["id"]: d for d in self.export["documents"]}

    def failure_lines(self) -> list[str]:
        return [line.strip() for line in self.proc.stderr.splitlines() if line.startswith("  ")]


@pytest.fixture(scope="module")
def outcome(tmp_path_factory: pytest.TempPathFactory) -> Outcome:
    from tests.conftest import cli_command, cli_env

    root = tmp_path_factory.mktemp("bad")
    folder, db = root / "inbox", root / "ledger.db"
    corpus = bc.build(folder, kursk_texts()[0])
    proc = subprocess.run(cli_command("analyze", folder, "--db", db), capture_output=True, text=True,
                          encoding="utf-8", errors="replace", env=cli_env(), timeout=600, check=False)
    assert "Traceback" not in proc.stderr, proc.stderr
    return Outcome(folder, db, proc, corpus, export_json(db) if db.exists() else {"documents": []})


def test_run_reports_partial_success_with_exit_code_1(outcome: Outcome) -> None:
    """Exit code 1 = some inputs could not be used; the summary still goes to stdout."""
    assert outcome.proc.returncode == 1, outcome.proc.stderr
    assert "input(s) could not be used" in outcome.proc.stderr
    assert "documents read" in outcome.proc.stdout


def test_good_article_is_stored_intact(outcome: Outcome) -> None:
    good = outcome.documents()[bc.GOOD_ID]
    assert good["text"] == kursk_texts()[0]
    assert any(c["doc"] == bc.GOOD_ID for c in outcome.export["claims"]), "the good article yielded no claims"


def test_ledger_passes_check_after_the_run(outcome: Outcome, assert_check_ok: CheckLedger) -> None:
    assert_check_ok(outcome.db)


def test_every_failure_names_its_file_and_a_code(outcome: Outcome) -> None:
    """No anonymous failures: each listed line starts with a path and carries an [Exxx] code."""
    lines = outcome.failure_lines()
    assert lines
    for line in lines:
        origin, _, message = line.partition(": ")
        assert origin.startswith(str(outcome.folder)), line
        assert re.search(r"\[E\d{3}\]", message), line


def test_hints_name_only_options_that_exist(outcome: Outcome, run_cli: RunCli) -> None:
    """A message that says what to do must not send the user to an option that is not there."""
    named = set(re.findall(r"(?<![\w-])--[a-z][a-z-]+", outcome.proc.stderr))
    assert named, "no message names an option: nothing to check"
    help_text = run_cli("analyze", "--help").stdout
    missing = sorted(o for o in named if o not in help_text)
    assert not missing, f"messages name options analyze does not have: {missing}"


XFAIL: dict[str, str] = {}  # input name -> why it is expected to fail (strict xfail)


def _cases(kind: type) -> list[Any]:
    names = sorted(n for n, e in bc.build(None, kursk_texts()[0]).expect.items() if isinstance(e, kind))
    return [pytest.param(n, marks=pytest.mark.xfail(reason=XFAIL[n], strict=True)) if n in XFAIL else n
            for n in names]


@pytest.mark.parametrize("name", _cases(bc.Stored))
def test_decodable_input_is_stored_with_the_right_text(outcome: Outcome, name: str) -> None:
    expect = outcome.corpus.expect[name]
    assert isinstance(expect, bc.Stored)
    doc_id = expect.doc_id or name
    docs = outcome.documents()
    assert doc_id in docs, f"{doc_id} was not stored; stderr:\n{outcome.proc.stderr}"
    text = docs[doc_id]["text"]
    for fragment in expect.fragments:
        assert fragment in text, f"{fragment!r} not in {text[:300]!r}"
    for bad in expect.absent:
        assert bad not in text, f"{bad!r} in the stored text of {doc_id}: {text[:300]!r}"


@pytest.mark.parametrize("name", _cases(bc.Rejected))
def test_undecodable_input_is_skipped_with_file_and_reason(outcome: Outcome, name: str) -> None:
    expect = outcome.corpus.expect[name]
    assert isinstance(expect, bc.Rejected)
    path = str(outcome.folder / (expect.origin or name))
    lines = [line for line in outcome.failure_lines() if path in line]
    assert lines, f"no failure names {path}; stderr:\n{outcome.proc.stderr}"
    assert any(re.search(expect.reason, line, re.I | re.S) for line in lines), lines
    stored = {d["id"] for d in outcome.export["documents"]}
    assert name not in stored


@pytest.mark.parametrize("name", _cases(bc.NotEnglish))
def test_non_english_text_is_reported_not_mis_extracted(outcome: Outcome, name: str) -> None:
    """Kept for the record with its language; no figures are read from it; a note names it."""
    expect = outcome.corpus.expect[name]
    assert isinstance(expect, bc.NotEnglish)
    doc = outcome.documents().get(name)
    if doc is None:  # refusing it outright is also honest, if the failure says why
        assert re.search(rf"{re.escape(name)}.*{expect.language}", outcome.proc.stderr), outcome.proc.stderr
        return
    assert doc["language"] not in (None, "", "en")
    assert not [c for c in outcome.export["claims"] if c["doc"] == name], "figures extracted from non-English text"
    assert not [e for e in outcome.export["events"] if e["doc"] == name]
    notes = [line for line in outcome.proc.stderr.splitlines() if name in line and expect.language in line]
    assert notes, f"nothing on stderr says {name} is {expect.language}:\n{outcome.proc.stderr}"


def test_symlink_loop_is_walked_once(outcome: Outcome) -> None:
    """loop/self -> . and loop/parent -> .. must not re-ingest anything under another id."""
    ids = [d["id"] for d in outcome.export["documents"]]
    assert len(ids) == len(set(ids))
    assert not [i for i in ids if i.startswith(("loop/self/", "loop/parent/"))], ids


def test_failures_are_recorded_in_the_ledger(outcome: Outcome) -> None:
    """The runs/failures tables keep what stderr said, so a later reader can see it."""
    import sqlite3

    conn = sqlite3.connect(outcome.db)
    try:
        status = conn.execute("SELECT status FROM runs ORDER BY id DESC LIMIT 1").fetchone()[0]
        origins = {r[0] for r in conn.execute("SELECT origin FROM failures")}
    finally:
        conn.close()
    assert status == "partial"
    assert str(outcome.folder / "image.html") in origins
    assert str(outcome.folder / "feed.jsonl") + "#2" in origins


def test_rerun_over_the_same_folder_changes_nothing(outcome: Outcome, run_cli: RunCli) -> None:
    """Resume logic on a messy folder: nothing is re-analysed or duplicated, failures repeat."""
    before = outcome.export
    proc = run_cli("analyze", outcome.folder, "--db", outcome.db)
    assert proc.returncode == 1
    assert " 0 new, 0 changed" in proc.stdout
    after = export_json(outcome.db)
    assert [d["hash"] for d in after["documents"]] == [d["hash"] for d in before["documents"]]
    assert len(after["claims"]) == len(before["claims"])


# ----------------------------------------------------------------- runs of their own

def _good_folder(root: Path) -> Path:
    folder = root / "inbox"
    folder.mkdir()
    (folder / bc.GOOD_ID).write_text(kursk_texts()[0], encoding="utf-8")
    return folder


def test_file_that_vanishes_or_becomes_unreadable_mid_run(tmp_path: Path, run_cli: RunCli,
                                                          assert_check_ok: CheckLedger) -> None:
    """Listed, then gone (or EACCES) when read: named in a failure, the run goes on."""
    folder = _good_folder(tmp_path)
    (folder / "a_vanishing.txt").write_text(kursk_texts()[1], encoding="utf-8")
    (folder / "b_unreadable.txt").write_text(kursk_texts()[1], encoding="utf-8")
    (folder / "c_after.txt").write_text(kursk_texts()[1], encoding="utf-8")
    db = tmp_path / "l.db"
    proc = run_cli("analyze", folder, "--db", db, prefix=sabotage_prefix())
    assert "Traceback" not in proc.stderr, proc.stderr
    assert proc.returncode == 1, proc.stderr
    assert not (folder / "a_vanishing.txt").exists()  # the hook really ran
    lines = [line for line in proc.stderr.splitlines() if line.startswith("  ")]
    assert any("a_vanishing.txt" in line and re.search(r"no such file|does not exist|disappeared", line, re.I)
               for line in lines), proc.stderr
    assert any("b_unreadable.txt" in line and re.search(r"permission", line, re.I) for line in lines), proc.stderr
    ids = {d["id"] for d in export_json(db)["documents"]}
    assert ids == {bc.GOOD_ID, "c_after.txt"}
    assert_check_ok(db)


def _warc_cut_in_header() -> bytes:
    """A gzip-less WARC whose last record stops inside its WARC header block."""
    warc, starts = bc.make_warc(bc.WARC_PAGES)
    ends = [*starts[1:], len(warc)]
    plain = [gzip.decompress(warc[a:b]) for a, b in zip(starts, ends, strict=True)]
    return plain[0] + plain[1] + plain[2][:100]


def _warc_cut_in_payload() -> bytes:
    warc, starts = bc.make_warc(bc.WARC_PAGES)
    ends = [*starts[1:], len(warc)]
    plain = [gzip.decompress(warc[a:b]) for a, b in zip(starts, ends, strict=True)]
    return plain[0] + plain[1] + plain[2][: len(plain[2]) // 2]


@pytest.mark.parametrize("maker", [
    pytest.param(_warc_cut_in_header, id="cut-in-header"),
    pytest.param(_warc_cut_in_payload, id="cut-in-payload"),
])
def test_uncompressed_warc_truncated_mid_record(tmp_path: Path, run_cli: RunCli, assert_check_ok: CheckLedger,
                                                maker: Callable[[], bytes]) -> None:
    """Complete records before the break are stored; the break is reported; nothing crashes."""
    folder = _good_folder(tmp_path)
    (folder / "crawl.warc").write_bytes(maker())
    db = tmp_path / "l.db"
    proc = run_cli("analyze", folder, "--db", db)
    assert "Traceback" not in proc.stderr, proc.stderr
    assert proc.returncode == 1, proc.stderr
    assert re.search(r"crawl\.warc.*(truncated|corrupt|incomplete)", proc.stderr, re.I), proc.stderr
    ids = {d["id"] for d in export_json(db)["documents"]}
    assert {bc.GOOD_ID, bc.WARC_PAGES[0][0], bc.WARC_PAGES[1][0]} <= ids
    assert bc.WARC_PAGES[2][0] not in ids
    assert_check_ok(db)


def test_jsonl_lone_surrogate_does_not_stop_the_run(tmp_path: Path, run_cli: RunCli,
                                                    assert_check_ok: CheckLedger) -> None:
    """JSON may escape a lone surrogate (\\ud800) that no UTF-8 store can hold.

    The line is stored with the character replaced, or skipped with a message; the
    other lines and files are stored either way.
    """
    folder = _good_folder(tmp_path)
    lines = [json.dumps({"id": "feed-1", "text": "Officials said on Monday that about 5,000 people \ud800 had been "
                         "evacuated from the valley after the river burst its banks overnight."}),
             json.dumps({"id": "feed-2", "text": "The mayor said on Tuesday that about 120 homes were flooded "
                         "and that the army had sent 300 soldiers to help with the clean-up."})]
    (folder / "feed.jsonl").write_text("\n".join(lines) + "\n", encoding="utf-8")
    db = tmp_path / "l.db"
    proc = run_cli("analyze", folder, "--db", db)
    assert "Traceback" not in proc.stderr, proc.stderr
    ids = {d["id"] for d in export_json(db)["documents"]}
    assert {bc.GOOD_ID, "feed-2"} <= ids
    if "feed-1" not in ids:
        assert proc.returncode == 1 and "feed.jsonl" in proc.stderr, proc.stderr
        assert "[E900]" not in proc.stderr, "bad input reported as an internal error"
    assert_check_ok(db)


def test_binary_on_stdin_is_refused_with_a_reason(tmp_path: Path, assert_check_ok: CheckLedger) -> None:
    from tests.conftest import cli_command, cli_env

    db = tmp_path / "l.db"
    png = io.BytesIO()
    png.write(b"\x89PNG\r\n\x1a\n" + bytes(range(256)) * 4)
    proc = subprocess.run(cli_command("analyze", "-", "--db", db), input=png.getvalue(), capture_output=True,
                          env=cli_env(), timeout=300, check=False)
    stderr = proc.stderr.decode("utf-8", "replace")
    assert proc.returncode == 1, stderr
    assert re.search(r"stdin.*PNG", stderr), stderr
    assert_check_ok(db)
