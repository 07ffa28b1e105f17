"""Crash safety: SIGKILL ``claimledger analyze`` again and again, resume, compare.

A corpus of distinct articles (the sample story, varied deterministically) is analysed
once without interruption: the reference.  The same corpus is then analysed into
another ledger by a run that is SIGKILLed at seeded random points — during start-up,
between documents, inside a document's transaction — at least 20 times, each kill
followed by the same command again (when a ledger is complete before the 20th kill, a
fresh one takes over).  After every kill the ledger must pass the integrity check and
hold no fewer documents than before; after the uninterrupted resume its export must
equal the reference (minus row ids): no document, claim, event or finding lost or
duplicated.

Two concurrent writers on one ledger: the second fails at once with the LedgerBusy
message (exit 3) when told not to wait, or waits and then succeeds; nothing is lost,
duplicated or corrupted, and readers can export while a writer works.
"""

from __future__ import annotations

import contextlib
import json
import os
import random
import signal
import sqlite3
import subprocess
import time
from collections.abc import Callable
from pathlib import Path
from typing import Any

import pytest
from tests.conftest import cli_command, cli_env
from tests.reliability.helpers import CheckLedger, export_json, varied_corpus

RunCli = Callable[..., subprocess.CompletedProcess[str]]

SEED = 20241114
DOCUMENTS = 40
KILLS = 20
# kill modes in turn: 0 = at a random time (start-up, model load, analysis of the first chunk),
# 1/2 = inside a burst of writes, 3 = a little after a write (analysis of the next chunk)
MODES = (0, 1, 0, 2, 0, 3)


def _stored(db: Path) -> int:
    """Documents committed so far (0 while the file or its tables do not exist yet)."""
    if not db.exists():
        return 0
    try:
        conn = sqlite3.connect(f"file:{db}?mode=ro", uri=True, timeout=5)
        try:
            return int(conn.execute("SELECT COUNT(*) FROM documents").fetchone()[0])
        finally:
            conn.close()
    except sqlite3.Error:
        return 0


def _start(*args: str | os.PathLike[str]) -> subprocess.Popen[str]:
    return subprocess.Popen(cli_command(*args), stdout=subprocess.PIPE, stderr=subprocess.PIPE, text=True,
                            env=cli_env(), start_new_session=True)


def _wait(proc: subprocess.Popen[str], done: Callable[[], bool], timeout: float) -> None:
    """Poll (every millisecond or so) until ``done()``, the process ends, or ``timeout`` seconds."""
    deadline = time.monotonic() + timeout
    while time.monotonic() < deadline and proc.poll() is None and not done():
        time.sleep(0.001)


def _kill(proc: subprocess.Popen[str]) -> bool:
    """SIGKILL the run (and anything it started); True when it was still running."""
    alive = proc.poll() is None
    if alive:
        os.killpg(proc.pid, signal.SIGKILL)
    proc.communicate(timeout=60)
    return alive


def _comparable(data: dict[str, Any]) -> dict[str, Any]:
    """The export without what differs between two correct runs: row ids and run-made links."""

    def strip(rows: list[dict[str, Any]], drop: tuple[str, ...]) -> list[str]:
        return sorted(json.dumps({k: v for k, v in r.items() if k not in drop}, sort_keys=True) for r in rows)

    return {
        "documents": strip(data["documents"], ()),
        "claims": strip(data["claims"], ("id", "figure")),
        "events": strip(data["events"], ("id", "timeline")),
        "findings": strip(data["findings"], ("id",)),
        "figures": strip(data.get("figures", []), ("id",)),
    }


def _assert_same_ledger(got: dict[str, Any], want: dict[str, Any]) -> None:
    a, b = _comparable(got), _comparable(want)
    for section in b:
        missing = [r for r in b[section] if r not in a[section]]
        extra = [r for r in a[section] if r not in b[section]]
        assert len(a[section]) == len(b[section]) and not missing and not extra, (
            f"{section}: {len(a[section])} rows after crashes vs {len(b[section])} uninterrupted; "
            f"missing {missing[:2]}, extra {extra[:2]}")


def _check_in_process(db: Path) -> list[str]:
    from claimledger.ledger.integrity import check
    from claimledger.ledger.store import Ledger

    with Ledger(db, readonly=True) as ledger:
        return check(ledger)


def _crash_round(corpus: Path, db: Path, rng: random.Random, budget: int) -> tuple[int, list[int]]:
    """Start, kill, restart ... until ``budget`` kills landed or every document is stored.

    Returns the kills that landed on a running process and the documents stored after each.
    The ledger must pass its integrity check after every kill, and never lose a document.
    """
    kills = 0
    progress: list[int] = []
    for cycle in range(budget * 4):
        before = _stored(db)
        if kills >= budget or before >= DOCUMENTS:
            break
        run = _start("analyze", corpus, "--db", db, "--no-cross", "-q")
        mode = MODES[cycle % len(MODES)]
        if mode == 0:
            # somewhere in start-up: imports, model load, migrations, the first chunk's analysis
            _wait(run, lambda: False, rng.uniform(0.1, 3.0))
        else:
            # documents are analysed in chunks and then written one transaction each, in a burst:
            # kill right after the first write of a burst (inside or between the next transactions),
            # or somewhat later (inside the analysis of the next chunk)
            _wait(run, lambda before=before: _stored(db) > before, 120)  # type: ignore[misc]
            time.sleep(rng.uniform(0.0, 0.005) if mode != 3 else rng.uniform(0.0, 0.3))
        if _kill(run):
            kills += 1
        problems = _check_in_process(db) if db.exists() else []
        assert problems == [], f"after kill {kills} of this round: {problems}"
        progress.append(_stored(db))
        assert progress == sorted(progress), f"documents were lost by a kill: {progress}"
    return kills, progress


@pytest.mark.slow
def test_sigkill_at_random_points_then_resume_equals_uninterrupted_run(
        tmp_path: Path, run_cli: RunCli, assert_check_ok: CheckLedger) -> None:
    """At least KILLS kills, in rounds: when a round's ledger is complete, a fresh one starts.

    Every round is resumed to the end and compared with the uninterrupted run: the last
    with the cross-document stage, the others without it (it is the slow part).
    """
    corpus = tmp_path / "story"
    varied_corpus(corpus, DOCUMENTS, seed=SEED)

    reference = tmp_path / "reference.db"
    proc = run_cli("analyze", corpus, "--db", reference, "-q", "--no-cross")
    assert proc.returncode == 0, proc.stderr
    want_documents = export_json(reference)
    proc = run_cli("analyze", corpus, "--db", reference, "-q")  # nothing to analyse: only the cross stage
    assert proc.returncode == 0, proc.stderr
    want = export_json(reference)
    assert len(want["documents"]) == DOCUMENTS
    assert want["claims"], "the corpus yielded no claims: the comparison would be vacuous"

    rng = random.Random(SEED)
    kills, rounds = 0, list[Path]()
    while kills < KILLS and len(rounds) < 4:
        db = tmp_path / f"crashed-{len(rounds)}.db"
        landed, progress = _crash_round(corpus, db, rng, KILLS - kills)
        print(f"round {len(rounds)}: {landed} kills; documents stored after each: {progress}")
        kills += landed
        rounds.append(db)
    assert kills >= KILLS, f"only {kills} kills landed"

    for i, db in enumerate(rounds):
        last = i == len(rounds) - 1
        final = run_cli("analyze", corpus, "--db", db, "-q", *(() if last else ("--no-cross",)))
        assert final.returncode == 0, final.stderr
        _assert_same_ledger(export_json(db), want if last else want_documents)
        assert_check_ok(db)
        # the interrupted runs are on record as unfinished, the last one finished
        conn = sqlite3.connect(db)
        try:
            statuses = [r[0] for r in conn.execute("SELECT status FROM runs ORDER BY id")]
        finally:
            conn.close()
        assert statuses[-1] == "ok"
        assert "running" in statuses


def _wait_for_lock_holder(db: Path, proc: subprocess.Popen[str], timeout: float = 120) -> None:
    lock = Path(str(db) + ".lock")
    deadline = time.monotonic() + timeout
    while time.monotonic() < deadline:
        assert proc.poll() is None, f"the first writer ended early: {proc.communicate()}"
        if lock.exists() and lock.read_text().strip() == str(proc.pid) and _stored(db) >= 1:
            return
        time.sleep(0.02)
    raise AssertionError("the first writer never took the lock")


@pytest.mark.slow
def test_second_writer_fails_clearly_or_waits_and_nothing_is_corrupted(
        tmp_path: Path, run_cli: RunCli, assert_check_ok: CheckLedger) -> None:
    first, second = tmp_path / "first", tmp_path / "second"
    varied_corpus(first, 16, seed=1)
    varied_corpus(second, 6, seed=2, prefix="late")
    db = tmp_path / "shared.db"

    writer = _start("analyze", first, "--db", db)
    patient: subprocess.Popen[str] | None = None
    try:
        _wait_for_lock_holder(db, writer)
        busy = run_cli("analyze", second, "--db", db, "--wait", "0")
        assert writer.poll() is None, "the first writer finished before the second tried: test proves nothing"
        assert busy.returncode == 3, busy.stderr
        assert "[E301]" in busy.stderr and "Another claimledger process is writing" in busy.stderr
        assert "--wait" in busy.stderr  # the message says what to do
        assert "Traceback" not in busy.stderr

        # readers are never blocked by the writer, and see whole documents only
        snapshot = run_cli("export", "--db", db, "--format", "json")
        assert snapshot.returncode == 0, snapshot.stderr
        seen = json.loads(snapshot.stdout)
        assert {c["doc"] for c in seen["claims"]} <= {d["id"] for d in seen["documents"]}

        patient = _start("analyze", second, "--db", db, "--wait", "300")
        _, err = writer.communicate(timeout=600)
        assert writer.returncode == 0, err
        _, err = patient.communicate(timeout=600)
        assert patient.returncode == 0, err
    finally:
        for p in (writer, patient):
            if p is not None and p.poll() is None:
                _kill(p)

    data = export_json(db)
    ids = [d["id"] for d in data["documents"]]
    assert sorted(ids) == sorted({*(p.name for p in first.iterdir()), *(p.name for p in second.iterdir())})
    assert len(ids) == len(set(ids))
    assert_check_ok(db)


@pytest.mark.slow
def test_killing_the_parent_of_a_worker_pool_leaves_no_orphans(tmp_path: Path, run_cli: RunCli,
                                                                assert_check_ok: CheckLedger) -> None:
    """The OOM killer picks the parent: its worker processes must exit, and a resume completes."""
    import psutil

    corpus = tmp_path / "story"
    varied_corpus(corpus, 24, seed=3)
    db = tmp_path / "pool.db"
    run = _start("analyze", corpus, "--db", db, "--no-cross", "-q", "--workers", "2")
    try:
        _wait(run, lambda: _stored(db) > 0, 300)
        assert run.poll() is None, "the run ended before it could be killed"
        workers = psutil.Process(run.pid).children(recursive=True)
        assert workers, "no worker processes were started"
        os.kill(run.pid, signal.SIGKILL)  # the parent alone, not its process group
        run.wait(timeout=60)  # not communicate(): live workers would hold its pipes open
        _, alive = psutil.wait_procs(workers, timeout=60)
        assert not alive, f"worker processes outlived their parent: {[p.pid for p in alive]}"
    finally:
        with contextlib.suppress(ProcessLookupError):
            os.killpg(run.pid, signal.SIGKILL)  # the workers share its session: none survives a failure
        run.communicate(timeout=60)
    proc = run_cli("analyze", corpus, "--db", db, "-q", "--no-cross", "--workers", "2")
    assert proc.returncode == 0, proc.stderr
    ids = [d["id"] for d in export_json(db)["documents"]]
    assert sorted(ids) == sorted(p.name for p in corpus.iterdir())
    assert_check_ok(db)


@pytest.mark.slow
@pytest.mark.parametrize("signum", [signal.SIGINT, signal.SIGTERM], ids=["ctrl-c", "sigterm"])
def test_ctrl_c_stops_cleanly_and_the_run_resumes(tmp_path: Path, run_cli: RunCli,
                                                  assert_check_ok: CheckLedger, signum: int) -> None:
    """SIGINT or SIGTERM mid-run: exit 130 without a traceback, the run is marked interrupted,
    resume completes."""
    corpus = tmp_path / "story"
    docs = 60  # enough that the run is still going when the signal comes
    varied_corpus(corpus, docs, seed=4)
    db = tmp_path / "ctrlc.db"
    # as from a terminal: a test run started in the background (nohup, "&") passes SIGINT on
    # ignored, and Python then never turns Ctrl-C into KeyboardInterrupt
    run = subprocess.Popen(cli_command("analyze", corpus, "--db", db, "--no-cross", "-q"), stdout=subprocess.PIPE,
                           stderr=subprocess.PIPE, text=True, env=cli_env(),
                           preexec_fn=lambda: signal.signal(signal.SIGINT, signal.SIG_DFL))
    try:
        _wait(run, lambda: _stored(db) > 0, 300)
        assert run.poll() is None, "the run ended before Ctrl-C"
        run.send_signal(signum)
        _, err = run.communicate(timeout=120)
    finally:
        if run.poll() is None:
            run.kill()
            run.communicate(timeout=60)
    assert run.returncode == 130, err
    assert "Traceback" not in err, err
    conn = sqlite3.connect(db)
    try:
        assert conn.execute("SELECT status FROM runs").fetchall() == [("interrupted",)]
    finally:
        conn.close()
    assert_check_ok(db)
    proc = run_cli("analyze", corpus, "--db", db, "--no-cross", "-q")
    assert proc.returncode == 0, proc.stderr
    assert len(export_json(db)["documents"]) == docs
