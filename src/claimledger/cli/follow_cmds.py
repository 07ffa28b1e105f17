"""``claimledger fetch``, ``watch`` and ``import``, and the newsroom export formats.

Registered in :mod:`claimledger.cli.main`::

    from claimledger.cli.follow_cmds import fetch, import_cmd, watch
    app.command()(fetch)
    app.command()(watch)
    app.command("import")(import_cmd)

and ``export`` hands the formats in :data:`claimledger.formats.EXTRA_FORMATS`
(claimreview, parquet, timeline, datasette) to :func:`export_format`.  Like the other
commands these are thin: the work is in :mod:`claimledger.follow` and
:mod:`claimledger.formats`.

Exit codes: 0 all went well; 1 some URL, feed or page failed (each listed with its
reason; the rest is stored); 2 usage; 3 ledger; 4 model.  ``watch`` returns 1 only when
run for a bounded number of cycles (``--once``/``--max-cycles``, e.g. from cron) and the
last cycle had failures; a long-running watch reports failures and goes on.
"""

from __future__ import annotations

import signal
import sys
import threading
from collections.abc import Callable
from dataclasses import replace
from pathlib import Path
from types import FrameType
from typing import TYPE_CHECKING, Annotated, Any

import typer

from claimledger.errors import ClaimledgerError, UsageError

if TYPE_CHECKING:
    from claimledger.follow.fetch import FetchConfig

_Handler = Callable[[int, FrameType | None], Any] | int | signal.Handlers | None
DbOption = Annotated[Path, typer.Option("--db", help="The SQLite ledger file.")]
ArchiveOption = Annotated[Path | None, typer.Option(
    "--archive", help="Folder for rotating WARC files (default: one <ledger>.warc.gz beside the ledger).")]
RobotsOption = Annotated[bool, typer.Option(
    "--ignore-robots", help="Read pages robots.txt forbids (only with the site's permission).")]
AgentOption = Annotated[str | None, typer.Option(
    "--user-agent", help="User-Agent header (default: claimledger/<version> (+contact)).")]
ContactOption = Annotated[str | None, typer.Option(
    "--contact", envvar="CLAIMLEDGER_CONTACT", help="URL or e-mail put in the User-Agent so sites can reach you.")]
PrivateOption = Annotated[bool, typer.Option(
    "--allow-private", envvar="CLAIMLEDGER_ALLOW_PRIVATE",
    help="Also fetch hosts on private/loopback networks (refused by default: a feed could make claimledger "
    "probe your network).")]
WaitOption = Annotated[float, typer.Option(help="Seconds to wait if another run is writing this ledger.")]


def _fetch_config(*, ignore_robots: bool, user_agent: str | None, contact: str | None, timeout: float,
                  retries: int, delay: float, concurrency: int, per_host: int, max_bytes: int,
                  max_redirects: int, allow_private: bool = False) -> FetchConfig:
    from claimledger.follow.fetch import FetchConfig, default_user_agent

    for name, value in (("--timeout", timeout), ("--max-bytes", max_bytes), ("--concurrency", concurrency),
                        ("--per-host", per_host)):
        if value <= 0:
            raise UsageError(f"{name} must be positive, not {value}.")
    if retries < 0 or delay < 0 or max_redirects < 0:
        raise UsageError("--retries, --delay and --max-redirects cannot be negative.")
    return replace(FetchConfig(), user_agent=user_agent or default_user_agent(contact), read_timeout=timeout,
                   retries=retries, host_delay=delay, concurrency=concurrency, host_concurrency=per_host,
                   max_bytes=max_bytes, max_redirects=max_redirects, respect_robots=not ignore_robots,
                   allow_private=allow_private)


def fetch(
    urls: Annotated[list[str] | None, typer.Argument(help="Page URLs (http/https).", show_default=False)] = None,
    urls_file: Annotated[Path | None, typer.Option("--urls", help="File with one URL a line (# comments).")] = None,
    db: DbOption = Path("ledger.db"),
    archive: ArchiveOption = None,
    ignore_robots: RobotsOption = False,
    allow_private: PrivateOption = False,
    user_agent: AgentOption = None,
    contact: ContactOption = None,
    timeout: Annotated[float, typer.Option(help="Seconds to wait for the server to send anything.")] = 30.0,
    retries: Annotated[int, typer.Option(help="Retries on network errors, 5xx and 429 (with backoff).")] = 3,
    delay: Annotated[float, typer.Option(help="Minimum seconds between two requests to one host.")] = 1.0,
    concurrency: Annotated[int, typer.Option(help="Requests in flight overall.")] = 8,
    per_host: Annotated[int, typer.Option(help="Requests in flight per host.")] = 2,
    max_bytes: Annotated[int, typer.Option(help="Largest page read, in bytes (download stopped beyond).")] = 10_485_760,
    max_redirects: Annotated[int, typer.Option(help="Longest redirect chain followed.")] = 5,
    wait: WaitOption = 10.0,
    no_cross: Annotated[bool, typer.Option("--no-cross", help="Skip the cross-document stage.")] = False,
    quiet: Annotated[bool, typer.Option("--quiet", "-q", help="Print only errors.")] = False,
) -> None:
    """Fetch pages, archive them in WARC, and analyse them into the ledger (each claim traces to its bytes)."""
    from claimledger.cli.main import err, fail, out
    from claimledger.follow.archive import WarcArchive
    from claimledger.follow.fetch import Fetcher
    from claimledger.follow.pages import fetch_pages, read_urls_file
    from claimledger.ledger.store import Ledger
    from claimledger.runner import analyze_documents

    todo = list(urls or [])
    if urls_file is not None:
        if not urls_file.is_file():
            fail(UsageError(f"No URL file at {urls_file}.", hint="Give a text file with one URL a line."))
        todo += read_urls_file(urls_file)
    if not todo:
        fail(UsageError("No URL given.", hint="Give URLs as arguments or --urls FILE."))
    try:
        config = _fetch_config(ignore_robots=ignore_robots, user_agent=user_agent, contact=contact, timeout=timeout,
                               retries=retries, delay=delay, concurrency=concurrency, per_host=per_host,
                               max_bytes=max_bytes, max_redirects=max_redirects, allow_private=allow_private)
        store = WarcArchive.for_ledger(db, archive)
        with Fetcher(config) as fetcher, Ledger(db) as led:
            outcomes = list(fetch_pages(todo, led, fetcher, store, wait=wait))
        docs = [o.document for o in outcomes if o.document is not None]
        summary = analyze_documents(docs, db, command="fetch " + " ".join(todo[:20]), cross=not no_cross,
                                    wait=wait) if docs else None
    except ClaimledgerError as exc:
        fail(exc)
    failed = [(o.url, str(o.error)) for o in outcomes if o.state == "failed"]
    failed += [(f.origin, f.message) for f in (summary.failures if summary else [])]
    if not quiet:
        for o in outcomes:
            if o.state == "fetched" and o.record is not None:
                out.print(f"fetched    {o.url} -> {o.record.origin}", markup=False, soft_wrap=True)
            elif o.state == "unchanged":
                out.print(f"unchanged  {o.url}", markup=False, soft_wrap=True)
        analysed = f"{summary.new} new, {summary.changed} changed" if summary else "0 new"
        unchanged = sum(o.state == "unchanged" for o in outcomes)
        out.print(f"{len(outcomes)} URLs: {len(docs)} fetched ({analysed}), {unchanged} unchanged, "
                  f"{len(failed)} failed. Ledger: {db}; archive: {store.target}", markup=False)
    if failed:
        err.print(f"{len(failed)} URL(s) could not be used:", markup=False)
        for origin, message in failed:
            err.print(f"  {origin}: {message}", markup=False, soft_wrap=True)
        raise typer.Exit(1)


def watch(
    feeds: Annotated[Path, typer.Option("--feeds", help="File with one feed URL a line: RSS, Atom or news sitemap.")],
    db: DbOption = Path("ledger.db"),
    every: Annotated[str, typer.Option(help="Time between polls: 30s, 15m, 1h, 1h30m.")] = "15m",
    match: Annotated[str | None, typer.Option(
        help="Story filter: 'kursk AND (\"north korea\" OR pyongyang) NOT football'.")] = None,
    similar: Annotated[bool, typer.Option("--similar", help="Keep items similar to the ledger's documents.")] = False,
    alerts: Annotated[Path | None, typer.Option("--alerts", help="Append alerts to this JSON-lines file.")] = None,
    webhook: Annotated[str | None, typer.Option(help="POST each cycle's alerts as JSON to this URL.")] = None,
    once: Annotated[bool, typer.Option("--once", help="Run one cycle and exit.")] = False,
    max_cycles: Annotated[int | None, typer.Option(help="Stop after this many cycles.")] = None,
    max_items: Annotated[int, typer.Option(help="New items fetched per feed per cycle.")] = 50,
    archive: ArchiveOption = None,
    ignore_robots: RobotsOption = False,
    allow_private: PrivateOption = False,
    user_agent: AgentOption = None,
    contact: ContactOption = None,
    timeout: Annotated[float, typer.Option(help="Seconds to wait for a server to send anything.")] = 30.0,
    delay: Annotated[float, typer.Option(help="Minimum seconds between two requests to one host.")] = 1.0,
    wait: WaitOption = 10.0,
    no_cross: Annotated[bool, typer.Option("--no-cross", help="Skip the cross-document stage.")] = False,
) -> None:
    """Poll feeds, fetch and analyse new articles of the story, and alert on new figures and conflicts."""
    from claimledger.cli.main import err, fail, out
    from claimledger.follow.alerts import AlertSink, ConsoleSink, JsonlSink, WebhookSink
    from claimledger.follow.archive import WarcArchive
    from claimledger.follow.feeds import read_feeds_file
    from claimledger.follow.fetch import Fetcher
    from claimledger.follow.watch import WatchConfig, Watcher, parse_every

    stop = threading.Event()
    try:
        if not feeds.is_file():
            raise UsageError(f"No feeds file at {feeds}.", hint="Give a text file with one feed URL a line.")
        feed_urls = read_feeds_file(feeds.read_text(encoding="utf-8"))
        if not feed_urls:
            raise UsageError(f"{feeds} lists no feed.", hint="Put one RSS/Atom/sitemap URL a line.")
        seconds = parse_every(every)
        if max_cycles is not None and max_cycles < 1:
            raise UsageError("--max-cycles must be at least 1.")
        config = _fetch_config(ignore_robots=ignore_robots, user_agent=user_agent, contact=contact, timeout=timeout,
                               retries=2, delay=delay, concurrency=8, per_host=2, max_bytes=10_485_760,
                               max_redirects=5, allow_private=allow_private)
        sinks: list[AlertSink] = [ConsoleSink(out)]
        if alerts is not None:
            sinks.append(JsonlSink(alerts))
        if webhook is not None:
            sinks.append(WebhookSink(webhook, user_agent=config.user_agent))
        watch_config = WatchConfig(feeds=tuple(feed_urls), db=db, every=seconds, match=match, similar=similar,
                                   max_items_per_feed=max_items, wait=wait, cross=not no_cross)
        fetcher = Fetcher(config)
        watcher = Watcher(watch_config, fetcher, WarcArchive.for_ledger(db, archive), sinks=sinks,
                          log=lambda msg: err.print(msg, markup=False, soft_wrap=True), stop=stop)
    except ClaimledgerError as exc:
        fail(exc)
    if seconds < 60 and not once:
        err.print(f"warning: polling every {every} is more often than most sites welcome.", markup=False)
    previous = _install_stop_handlers(stop)
    bounded = 1 if once else max_cycles
    story = watcher.query.describe() if watcher.query else ("similar items" if similar else "every item")
    err.print(f"watching {len(feed_urls)} feeds every {every} for {story}; Ctrl-C stops after the current step.",
              markup=False)
    try:
        reports = watcher.run(max_cycles=bounded)
    except ClaimledgerError as exc:
        fail(exc)
    except KeyboardInterrupt:
        err.print("aborted; documents already written are kept, the next watch resumes from the ledger.",
                  markup=False)
        raise typer.Exit(130) from None
    finally:
        fetcher.close()
        for sig, handler in previous.items():
            signal.signal(sig, handler)
    err.print(f"stopped after {len(reports)} cycle(s).", markup=False)
    last = reports[-1] if reports else None
    if bounded is not None and last is not None and (last.feed_errors or last.failed):
        raise typer.Exit(1)


def _install_stop_handlers(stop: threading.Event) -> dict[int, _Handler]:
    """SIGINT/SIGTERM: first one asks the loop to stop after the current step, a second one aborts."""
    previous: dict[int, _Handler] = {}
    if threading.current_thread() is not threading.main_thread():
        return previous

    def handler(signum: int, frame: FrameType | None) -> None:
        if stop.is_set():
            raise KeyboardInterrupt
        stop.set()
        print("stopping after the current step (press Ctrl-C again to abort)...", file=sys.stderr)

    for sig in (signal.SIGINT, signal.SIGTERM):
        previous[sig] = signal.getsignal(sig)
        signal.signal(sig, handler)
    return previous


def import_cmd(
    export_file: Annotated[Path, typer.Argument(help="A claimledger-export/1 JSON file.")],
    db: DbOption = Path("ledger.db"),
    replace_existing: Annotated[bool, typer.Option(
        "--replace", help="Replace documents the ledger already has (default: keep them, skip the export's).")] = False,
    cross: Annotated[bool | None, typer.Option(
        "--cross/--no-cross", help="Recompute the cross-document stage (default: only when merging).")] = None,
    wait: WaitOption = 10.0,
) -> None:
    """Import an export back into a ledger (into an empty ledger: export -> import -> export is identical)."""
    from claimledger.cli.main import fail, out
    from claimledger.formats.importer import import_export, load_export
    from claimledger.ledger.lock import writer_lock
    from claimledger.ledger.store import Ledger
    from claimledger.runner import run_cross

    if not export_file.is_file():
        fail(UsageError(f"No export file at {export_file}.", hint="Write one with `claimledger export --format json`."))
    try:
        data = load_export(export_file)
        with writer_lock(db, wait=wait), Ledger(db) as led:
            summary = import_export(data, led, replace=replace_existing)
            recomputed = cross if cross is not None else not summary.kept_ids
            if recomputed:
                run_cross(led)
    except ClaimledgerError as exc:
        fail(exc)
    out.print(f"imported {summary.documents} documents, {summary.claims} claims, {summary.events} events, "
              f"{summary.findings} findings, {summary.figures} figures into {db}"
              + ("; cross-document stage recomputed" if recomputed else ""), markup=False)
    if summary.skipped_documents:
        out.print(f"kept {len(summary.skipped_documents)} document(s) the ledger already had "
                  "(use --replace to take the export's).", markup=False)
    if summary.ignored_sections:
        out.print(f"ignored sections this version does not import: {', '.join(summary.ignored_sections)}",
                  markup=False)


def export_format(db: Path, fmt: str, output: str) -> None:
    """``claimledger export --format claimreview|parquet|timeline|datasette``."""
    from claimledger.cli.main import fail
    from claimledger.formats import export_extra
    from claimledger.ledger.store import Ledger

    if not db.exists():
        fail(UsageError(f"No ledger at {db}.", hint="Create it with `claimledger analyze PATH --db FILE`."))
    try:
        with Ledger(db, readonly=True) as ledger:
            text = export_extra(ledger, fmt, output)
    except ClaimledgerError as exc:
        fail(exc)
    if text is not None:
        sys.stdout.write(text)


__all__ = ["export_format", "fetch", "import_cmd", "watch"]
