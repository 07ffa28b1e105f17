"""The ``claimledger`` command line: a thin shell over the library.

Exit codes (documented in the README):
  0  everything worked
  1  some inputs could not be used (each is listed with the reason); the rest is stored
  2  usage error (bad option, missing file, unknown format)
  3  the ledger cannot be opened, is locked by another writer, or failed its check
  4  an NLP model is missing
  5  internal error (a bug: please report it)
130  interrupted (Ctrl-C or SIGTERM); re-run the same command to resume
"""

from __future__ import annotations

import json
import sys
import time
from pathlib import Path
from typing import Annotated, NoReturn

import typer
from rich.console import Console

from claimledger.errors import ClaimledgerError, UsageError

app = typer.Typer(
    name="claimledger",
    help="Turn the coverage of a developing news story into a ledger of figures, dated events and findings.",
    no_args_is_help=True,
    add_completion=False,
    pretty_exceptions_enable=False,
)
err = Console(stderr=True, highlight=False)
out = Console(highlight=False)

DbOption = Annotated[Path, typer.Option("--db", help="The SQLite ledger file.")]


def fail(exc: ClaimledgerError) -> NoReturn:
    err.print("error: " + str(exc), markup=False, soft_wrap=True)
    raise typer.Exit(exc.exit_code)


@app.command()
def analyze(
    paths: Annotated[list[str], typer.Argument(help="Files, folders, WARCs, JSONL dumps, or - for stdin.")],
    db: DbOption = Path("ledger.db"),
    outlet: Annotated[str | None, typer.Option(help="Outlet name for every document given.")] = None,
    published: Annotated[str | None, typer.Option(help="Publication date (YYYY-MM-DD) for every document.")] = None,
    workers: Annotated[int, typer.Option(help="Local worker processes for the per-document stage.")] = 1,
    dask: Annotated[str | None, typer.Option(help="Dask scheduler address, or 'local' for a LocalCluster.")] = None,
    wait: Annotated[float, typer.Option(help="Seconds to wait if another run is writing this ledger.")] = 10.0,
    max_mb: Annotated[float, typer.Option("--max-mb", help="Refuse input files larger than this (MB).")] = 20.0,
    no_cross: Annotated[bool, typer.Option("--no-cross", help="Skip the cross-document stage.")] = False,
    quiet: Annotated[bool, typer.Option("--quiet", "-q", help="Print only errors.")] = False,
) -> None:
    """Ingest files/folders, extract claims and events, and cross-check them into the ledger."""
    from claimledger.ingest import MetaOverrides
    from claimledger.runner import analyze as run_analyze

    if published:
        _check_date(published)
    overrides = MetaOverrides(outlet=outlet, published=published) if (outlet or published) else None
    stdin = sys.stdin.buffer if "-" in paths else None
    started = time.monotonic()
    try:
        if quiet or not err.is_terminal:
            summary = run_analyze(paths, db, overrides=overrides, stdin=stdin, workers=workers, dask=dask,
                                  cross=not no_cross, wait=wait, max_bytes=int(max_mb * 1_000_000))
        else:
            summary = _with_progress(run_analyze, paths, db, overrides, stdin, workers, dask, not no_cross, wait,
                                     int(max_mb * 1_000_000))
    except ClaimledgerError as exc:
        fail(exc)
    elapsed = time.monotonic() - started
    if not quiet:
        rate = summary.seen / elapsed if elapsed > 0 else 0.0
        out.print(
            f"{summary.seen} documents read: {summary.new} new, {summary.changed} changed, "
            f"{summary.unchanged} unchanged; {len(summary.failures)} failed "
            f"({elapsed:.1f}s, {rate:.1f} documents/s). Ledger: {db}", markup=False)
        cross = summary.cross
        if cross is not None and cross.documents:
            kinds = ", ".join(f"{n} {k}" for k, n in sorted(cross.findings.items()) if n)
            out.print(f"Cross-document: {cross.figures} figures, {cross.sources} sources, "
                      f"{cross.timeline} timeline entries, {cross.syndicated} syndicated copies"
                      + (f"; findings: {kinds}" if kinds else "") + ".", markup=False)
            if cross.fallback:
                err.print(f"note: {cross.fallback}", markup=False, soft_wrap=True)
        if summary.skipped_message:
            out.print(summary.skipped_message[:1].upper() + summary.skipped_message[1:] + ".", markup=False)
    for w in summary.warnings:
        err.print("note: " + w, markup=False, soft_wrap=True)
    if summary.failures:
        err.print(f"{len(summary.failures)} input(s) could not be used:", markup=False)
        for f in summary.failures:
            err.print(f"  {f.origin}: {f.message}", markup=False, soft_wrap=True)
        raise typer.Exit(1)


def _with_progress(run_analyze, paths, db, overrides, stdin, workers, dask, cross, wait, max_bytes):
    from rich.progress import BarColumn, MofNCompleteColumn, Progress, TextColumn, TimeElapsedColumn

    with Progress(TextColumn("[progress.description]{task.description}"), BarColumn(), MofNCompleteColumn(),
                  TextColumn("{task.fields[rate]}"), TimeElapsedColumn(), console=err, transient=True) as bar:
        task = bar.add_task("analysing", total=None, rate="")
        started = time.monotonic()
        done = 0

        def progress(event: str, n: int) -> None:
            nonlocal done
            if event == "seen":
                bar.update(task, total=n)
            else:
                done += n
                rate = done / max(1e-6, time.monotonic() - started)
                bar.update(task, completed=done, rate=f"{rate:.1f} docs/s")

        return run_analyze(paths, db, overrides=overrides, stdin=stdin, workers=workers, dask=dask,
                           cross=cross, wait=wait, progress=progress, max_bytes=max_bytes)


def _check_date(value: str) -> None:
    import datetime as dt

    try:
        dt.date.fromisoformat(value)
    except ValueError:
        fail(UsageError(f"--published {value!r} is not a date.", hint="Use YYYY-MM-DD, e.g. 2024-11-14."))


def _require_db(db: Path) -> None:
    if not db.exists():
        fail(UsageError(f"No ledger at {db}.", hint="Create it with `claimledger analyze PATH --db FILE`."))


@app.command()
def export(
    db: DbOption,
    format: Annotated[str, typer.Option("--format", "-f", help="json | jsonl | csv | claimreview | parquet | timeline | datasette")] = "json",
    output: Annotated[str, typer.Option("--output", "-o", help="Output file, or - for stdout.")] = "-",
) -> None:
    """Export the ledger: claimledger-export/1 JSON, JSON lines, CSV of claims, ClaimReview JSON-LD,
    Parquet tables, a TimelineJS timeline, or Datasette metadata."""
    from claimledger.ledger.export import export as do_export
    from claimledger.ledger.store import Ledger

    if format in EXTRA_FORMATS:
        export_format(db, format, output)
        return
    _require_db(db)
    try:
        with Ledger(db, readonly=True) as ledger:
            text = do_export(ledger, format, output)
    except ClaimledgerError as exc:
        fail(exc)
    if text is not None:
        sys.stdout.write(text)


@app.command("eval")
def eval_cmd(
    gold: Annotated[Path | None, typer.Argument(help="Gold file (claimledger-gold/1); omit with --from-reviews.")] = None,
    db: DbOption = Path("ledger.db"),
    from_reviews: Annotated[bool, typer.Option("--from-reviews", help="Score against this ledger's own reviews.")] = False,
    docs: Annotated[Path | None, typer.Option(help="Folder of the gold's documents (default: beside the gold).")] = None,
    as_json: Annotated[bool, typer.Option("--json", help="Print the scores as JSON.")] = False,
    verbose: Annotated[bool, typer.Option("--verbose", "-v", help="Also list attribute mismatches.")] = False,
) -> None:
    """Score the ledger against a gold file: claims P/R/F1, hedge/counted/source/as_of, events, findings."""
    from claimledger.evaluation import format_report
    from claimledger.evaluation.runner import score_gold_file
    from claimledger.ledger.export import export_dict
    from claimledger.ledger.store import Ledger

    _require_db(db)
    if from_reviews:
        from claimledger.cli.review_cmds import eval_from_reviews

        eval_from_reviews(db, as_json=as_json, verbose=verbose)
        return
    if gold is None:
        fail(UsageError("Give a gold file, or --from-reviews.", hint="e.g. claimledger eval gold.json --db LEDGER.db"))
    if not gold.exists():
        fail(UsageError(f"No gold file at {gold}.", hint="Give the path of a claimledger-gold/1 JSON file."))
    with Ledger(db, readonly=True) as ledger:
        data = export_dict(ledger)
    try:
        result = score_gold_file(gold, data, docs)
    except ClaimledgerError as exc:
        fail(exc)
    except (OSError, ValueError, KeyError) as exc:
        fail(UsageError(f"{gold} is not a readable gold file ({exc}).",
                        hint="See gold/README.md for the claimledger-gold/1 format."))
    known = {x["id"] for x in data["documents"]}
    missing = [d for d in result_docs(gold) if d not in known]
    if missing:
        err.print(f"warning: {len(missing)} gold document(s) are not in the ledger, e.g. {missing[0]}; "
                  "analyse them first for a fair score.", markup=False)
    if as_json:
        out.print_json(json.dumps(result.to_dict()))
    else:
        out.print(format_report(result, verbose=verbose), markup=False)


def result_docs(gold: Path) -> list[str]:
    try:
        return list(json.loads(gold.read_text(encoding="utf-8")).get("documents", {}))
    except (OSError, ValueError):
        return []


@app.command()
def check(db: DbOption) -> None:
    """Run SQLite's integrity check and the ledger's invariants (spans inside documents, keys)."""
    from claimledger.ledger.integrity import check as run_check
    from claimledger.ledger.store import Ledger

    _require_db(db)
    try:
        with Ledger(db, readonly=True) as ledger:
            problems = run_check(ledger)
            counts = {t: ledger.count(t) for t in ("documents", "claims", "events", "findings")}
    except ClaimledgerError as exc:
        fail(exc)
    if problems:
        for p in problems:
            err.print(p, markup=False)
        raise typer.Exit(3)
    out.print("ok: " + ", ".join(f"{n} {t}" for t, n in counts.items()), markup=False)


@app.command()
def version() -> None:
    """Print the version."""
    from claimledger import __version__

    out.print(__version__, markup=False)


from claimledger.cli.follow_cmds import export_format, fetch, import_cmd, watch  # noqa: E402
from claimledger.cli.report_cmd import report  # noqa: E402
from claimledger.cli.review_cmds import corrections_app, review_app  # noqa: E402
from claimledger.cli.serve_cmd import serve  # noqa: E402
from claimledger.formats import EXTRA_FORMATS  # noqa: E402

app.command()(report)
app.command()(serve)
app.command()(fetch)
app.command()(watch)
app.command("import")(import_cmd)
app.add_typer(review_app, name="review")
app.add_typer(corrections_app, name="corrections")


def _terminate(signum: int, frame: object) -> None:
    """SIGTERM ends a run the way Ctrl-C does: the current document's transaction rolls
    back, the run is recorded as interrupted, and a re-run resumes."""
    raise KeyboardInterrupt


def run() -> None:
    """Console-script entry point: map library errors that escape to exit codes."""
    import signal
    import sqlite3

    signal.signal(signal.SIGTERM, _terminate)
    try:
        app()
    except KeyboardInterrupt:
        err.print("interrupted: what was stored is consistent; run the same command again to resume.",
                  markup=False)
        sys.exit(130)
    except ClaimledgerError as exc:
        err.print("error: " + str(exc), markup=False)
        sys.exit(exc.exit_code)
    except sqlite3.DatabaseError as exc:  # the ledger file is damaged, or not a ledger
        led = ledger_error(exc)
        err.print("error: " + str(led), markup=False)
        sys.exit(led.exit_code)
    except Exception as exc:  # a bug: say so plainly, keep the traceback for the report
        import os
        import traceback

        err.print(f"internal error: {type(exc).__name__}: {exc}. This is a bug in claimledger; what was already "
                  "stored is consistent. Please report it with the command and input "
                  "(set CLAIMLEDGER_DEBUG=1 for the traceback).", markup=False, soft_wrap=True)
        if os.environ.get("CLAIMLEDGER_DEBUG") == "1":
            traceback.print_exc()
        sys.exit(5)


def ledger_error(exc: Exception) -> ClaimledgerError:
    """The user-facing error for an SQLite failure that escaped the store."""
    from claimledger.errors import LedgerBusy, LedgerCorrupt

    text = str(exc)
    db = "the ledger"
    for i, arg in enumerate(sys.argv):
        if arg == "--db" and i + 1 < len(sys.argv):
            db = sys.argv[i + 1]
        elif arg.startswith("--db="):
            db = arg[5:]
    if "locked" in text or "busy" in text:
        return LedgerBusy(f"{db} is locked by another process ({text}).",
                          hint="Wait for the other claimledger run to finish, then retry.")
    return LedgerCorrupt(f"{db} cannot be read: {text}.",
                         hint="Run `claimledger check --db FILE`; restore a copy of the ledger or re-run "
                         "analyze into a new file.")
