"""The polling loop: feeds -> new items -> filter -> fetch + archive -> analyse -> alerts.

One cycle, in order:

1. snapshot the ledger's figures and findings (for the alerts);
2. poll every feed with a conditional GET (a 304 costs nothing); a feed that fails is
   logged, counted in ``feeds.errors`` and tried again next cycle — one dead feed never
   stops the others; a sitemap index is followed to its newest child sitemaps;
3. keep the items not seen before (by URL and by GUID, across feeds), plus seen items
   whose feed entry says they were updated, plus failed ones still under their retry
   budget; judge them on their teaser (see :mod:`.storyfilter`);
4. fetch and archive them (:func:`.pages.fetch_pages`); drop a page whose text is already
   in the ledger under another address (the same wire story on several sites, byte for
   byte) and judge the rest on their full text;
5. analyse the accepted documents into the ledger with the cross-document stage
   (:func:`claimledger.runner.analyze_documents`);
6. snapshot again, diff, record the alerts in the ledger and send them to the sinks.

Every decision about an item is written to ``feed_items`` as it is made, so a watch that
is stopped (Ctrl-C, SIGTERM, a crash) and started again picks up where it was: items
already judged are not fetched again, feeds are asked only for what changed.  A stop
request is honoured between phases; pages already fetched are still analysed, so no
archived page is left out of the ledger.
"""

from __future__ import annotations

import re
import threading
from collections.abc import Callable, Sequence
from dataclasses import dataclass, field, replace
from pathlib import Path
from typing import Any

from claimledger.errors import ClaimledgerError, InputError, UsageError
from claimledger.follow import state
from claimledger.follow.alerts import AlertSink, deliver, diff, snapshot
from claimledger.follow.archive import WarcArchive
from claimledger.follow.feeds import FeedError, FeedItem, parse_feed
from claimledger.follow.fetch import FEED_TYPES, Fetcher
from claimledger.follow.pages import PageOutcome, fetch_pages
from claimledger.follow.storyfilter import AcceptAll, SimilarityFilter, StoryFilter, parse_query
from claimledger.ledger.lock import writer_lock
from claimledger.ledger.store import Ledger
from claimledger.models import Document

_EVERY = re.compile(r"(\d+(?:\.\d+)?)\s*([smhd]?)", re.I)
_UNITS = {"": 1.0, "s": 1.0, "m": 60.0, "h": 3600.0, "d": 86400.0}
SIMILAR_SAMPLE = 200  # most recent ledger documents that define the story for --similar
CHILD_SITEMAPS = 3  # newest child sitemaps read from a sitemap index


def parse_every(text: str) -> float:
    """``"15m"`` -> 900.0; also ``30s``, ``1h``, ``1h30m``, ``2d``, or plain seconds (``90``)."""
    spec = text.strip().replace(" ", "")
    parts = _EVERY.findall(spec)
    if not spec or "".join(f"{n}{u}" for n, u in parts).lower() != spec.lower():
        raise UsageError(f"--every {text!r} is not a duration.", hint="Write e.g. 30s, 15m, 1h or 1h30m.")
    seconds = sum(float(n) * _UNITS[u.lower()] for n, u in parts)
    if seconds <= 0:
        raise UsageError(f"--every {text!r} must be longer than zero.", hint="Write e.g. 15m.")
    return seconds


@dataclass(frozen=True)
class WatchConfig:
    feeds: tuple[str, ...]
    db: Path
    every: float = 900.0
    match: str | None = None
    similar: bool = False
    max_items_per_feed: int = 50  # new items fetched per feed per cycle; the rest wait a cycle
    max_attempts: int = 3  # a page that fails is retried in this many cycles, then left
    refetch_updated: bool = True  # fetch again when the feed says an item was updated
    wait: float = 10.0
    workers: int = 1
    cross: bool = True  # run the cross-document stage after each cycle's documents


@dataclass
class CycleReport:
    cycle: int
    feeds_ok: int = 0
    feeds_unchanged: int = 0
    feed_errors: list[tuple[str, str]] = field(default_factory=list)
    items_seen: int = 0
    candidates: int = 0
    rejected: int = 0
    duplicates: int = 0
    unchanged: int = 0
    failed: list[tuple[str, str]] = field(default_factory=list)
    accepted: list[str] = field(default_factory=list)
    alerts: list[dict[str, Any]] = field(default_factory=list)

    def line(self) -> str:
        return (f"cycle {self.cycle}: {self.feeds_ok} feeds read, {self.feeds_unchanged} unchanged, "
                f"{len(self.feed_errors)} failed; {self.candidates} items fetched: {len(self.accepted)} analysed, "
                f"{self.rejected} off-story, {self.duplicates} duplicates, {self.unchanged} unchanged, "
                f"{len(self.failed)} failed; {len(self.alerts)} alerts")


class Watcher:
    """Runs cycles until stopped.  ``stop`` is an Event a signal handler may set."""

    def __init__(self, config: WatchConfig, fetcher: Fetcher, archive: WarcArchive, *,
                 sinks: Sequence[AlertSink] = (), log: Callable[[str], None] = print,
                 stop: threading.Event | None = None) -> None:
        if config.match and config.similar:
            raise UsageError("--match and --similar cannot be used together.", hint="Pick one story filter.")
        self.config = config
        self.fetcher = fetcher
        self.archive = archive
        self.sinks = list(sinks)
        self.log = log
        self.stop = stop or threading.Event()
        self.query = parse_query(config.match) if config.match else None
        with Ledger(config.db) as led:
            self.cycle = state.last_cycle(led)

    # ------------------------------------------------------------------ loop
    def run(self, *, max_cycles: int | None = None) -> list[CycleReport]:
        reports: list[CycleReport] = []
        while not self.stop.is_set():
            reports.append(self.run_cycle())
            if max_cycles is not None and len(reports) >= max_cycles:
                break
            if self.stop.wait(self.config.every):
                break
        return reports

    def run_cycle(self) -> CycleReport:
        self.cycle += 1
        report = CycleReport(self.cycle)
        with Ledger(self.config.db) as led:
            before = snapshot(led)
            story = self._story_filter(led)
            items = self._poll_feeds(led, report)
            todo = self._select(led, items, story, report)
            docs: dict[str, tuple[Document, FeedItem]] = {}
            if todo and not self.stop.is_set():
                meta = {it.url: {"title": it.title, "published": it.published} for it in todo}
                by_url = {it.url: it for it in todo}
                for outcome in fetch_pages(list(by_url), led, self.fetcher, self.archive, meta=meta,
                                           wait=self.config.wait):
                    self._judge(led, outcome, by_url[outcome.url], story, docs, report)
            if docs:
                self._analyse(led, docs, report)
            after = snapshot(led)
            report.alerts = diff(before, after, cycle=self.cycle)
            if report.alerts:
                with writer_lock(self.config.db, wait=self.config.wait):
                    state.record_alerts(led, self.cycle, report.alerts)
        deliver(report.alerts, self.sinks, lambda msg: self.log(f"warning: {msg}"))
        self.log(report.line())
        return report

    # ------------------------------------------------------------------ phases
    def _story_filter(self, led: Ledger) -> StoryFilter:
        if self.query is not None:
            return self.query
        if self.config.similar:
            rows = list(led.rows("SELECT title, text FROM documents ORDER BY ingested_at DESC LIMIT ?",
                                 (SIMILAR_SAMPLE,)))
            return SimilarityFilter([r["text"] for r in rows], [r["title"] for r in rows if r["title"]])
        return AcceptAll()

    def _poll_feeds(self, led: Ledger, report: CycleReport) -> list[FeedItem]:
        conds = {u: c for u in self.config.feeds if (c := state.feed_condition(led, u)) is not None}
        items: list[FeedItem] = []
        for url, result in self.fetcher.fetch_many(self.config.feeds, conditions=conds, accept=FEED_TYPES):
            try:
                if isinstance(result, InputError):
                    raise result
                if result.not_modified:
                    with writer_lock(self.config.db, wait=self.config.wait):
                        state.record_feed_unchanged(led, url)
                    report.feeds_unchanged += 1
                    continue
                parsed = parse_feed(result.body, result.final_url)
                found = list(parsed.items)
                for child in parsed.sitemaps[:CHILD_SITEMAPS]:
                    found.extend(parse_feed(self.fetcher.fetch(child, accept=FEED_TYPES).body, child).items)
                if parsed.warning:
                    self.log(f"warning: {url}: {parsed.warning}")
                with writer_lock(self.config.db, wait=self.config.wait):
                    state.record_feed_ok(led, url, title=parsed.title, kind=parsed.kind, items=len(found),
                                         etag=result.etag, last_modified=result.last_modified)
                report.feeds_ok += 1
                items.extend(found)
            except (InputError, FeedError) as exc:
                with writer_lock(self.config.db, wait=self.config.wait):
                    n = state.record_feed_error(led, url, str(exc))
                report.feed_errors.append((url, str(exc)))
                self.log(f"feed failed ({n} in a row, retried next cycle): {exc}")
        return items

    def _select(self, led: Ledger, items: list[FeedItem], story: StoryFilter,
                report: CycleReport) -> list[FeedItem]:
        """The items to fetch this cycle, deduplicated by URL and GUID across feeds."""
        urls: set[str] = set()
        guids: set[str] = set()
        per_feed: dict[str, int] = {}
        todo = []
        for it in items:
            if it.url in urls or (it.guid and it.guid in guids):
                continue
            urls.add(it.url)
            if it.guid:
                guids.add(it.guid)
            report.items_seen += 1
            seen = state.seen(led, it.url, it.guid)
            if seen is not None:
                again = (seen.state == "failed" and seen.attempts < self.config.max_attempts) or (
                    self.config.refetch_updated and seen.state == "accepted" and it.updated is not None
                    and seen.updated is not None and it.updated != seen.updated)
                if not again:
                    continue
                if seen.url != it.url:  # known under another URL (same GUID): keep one row per story
                    it = replace(it, url=seen.url)
            elif not story.could_match(it.teaser):
                self._record(led, it, "rejected", "the title and summary do not match the story")
                report.rejected += 1
                continue
            if per_feed.get(it.feed, 0) >= self.config.max_items_per_feed:
                continue  # not recorded: considered again next cycle
            per_feed[it.feed] = per_feed.get(it.feed, 0) + 1
            todo.append(it)
        report.candidates = len(todo)
        return todo

    def _judge(self, led: Ledger, outcome: PageOutcome, item: FeedItem, story: StoryFilter,
               docs: dict[str, tuple[Document, FeedItem]], report: CycleReport) -> None:
        if outcome.state == "failed":
            reason = str(outcome.error)
            self._record(led, item, "failed", reason)
            report.failed.append((item.url, reason))
            return
        if outcome.state == "unchanged" or outcome.document is None:
            self._record(led, item, "accepted", "unchanged since the last fetch")
            report.unchanged += 1
            return
        doc = outcome.document
        twin = state.document_with_hash(led, doc.hash)
        if twin is None:
            twin = next((d.id for d, _ in docs.values() if d.hash == doc.hash), None)
        if (twin is not None and twin != doc.id) or doc.id in docs:
            self._record(led, item, "duplicate", f"same text as {twin or doc.id}", text_hash=doc.hash, doc=twin)
            report.duplicates += 1
            return
        if not story.matches("\n".join(x for x in (doc.title, item.teaser, doc.text) if x)):
            self._record(led, item, "rejected", "the article does not match the story", text_hash=doc.hash)
            report.rejected += 1
            return
        docs[doc.id] = (doc, item)

    def _analyse(self, led: Ledger, docs: dict[str, tuple[Document, FeedItem]], report: CycleReport) -> None:
        from claimledger.runner import analyze_documents

        try:
            summary = analyze_documents([d for d, _ in docs.values()], self.config.db,
                                        command=f"watch cycle {self.cycle}", cross=self.config.cross,
                                        wait=self.config.wait, workers=self.config.workers)
            failed = {f.origin: f.message for f in summary.failures}
        except ClaimledgerError as exc:
            self.log(f"analysis failed: {exc}")
            failed = {d.origin: str(exc) for d, _ in docs.values()}
        for doc, item in docs.values():
            if doc.origin in failed or doc.id in failed:
                reason = failed.get(doc.origin) or failed[doc.id]
                self._record(led, item, "failed", reason, text_hash=doc.hash)
                report.failed.append((item.url, reason))
            else:
                self._record(led, item, "accepted", None, text_hash=doc.hash, doc=doc.id)
                report.accepted.append(doc.id)

    def _record(self, led: Ledger, item: FeedItem, verdict: str, reason: str | None, *,
                text_hash: str | None = None, doc: str | None = None) -> None:
        with writer_lock(self.config.db, wait=self.config.wait):
            state.record_item(led, url=item.url, guid=item.guid, feed=item.feed, title=item.title,
                              published=item.published, updated=item.updated, state=verdict, reason=reason,
                              text_hash=text_hash, doc=doc)
