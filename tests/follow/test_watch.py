"""The watch loop end to end on loopback: feeds that change, fail and repeat each other.

These tests run the real per-document pipeline (spaCy), with the cross-document stage off
except in the last one, so the loop's own logic is tested whatever that stage does; the
last one runs everything and expects the conflict a second site opens.
"""

from __future__ import annotations

import io
import json
import threading
from collections.abc import Callable
from pathlib import Path

import pytest
from rich.console import Console

from claimledger.errors import UsageError
from claimledger.follow.alerts import ConsoleSink, JsonlSink, WebhookSink
from claimledger.follow.archive import WarcArchive, read_payload
from claimledger.follow.fetch import Fetcher
from claimledger.follow.watch import WatchConfig, Watcher, parse_every
from claimledger.ledger.store import Ledger

from .conftest import LoopbackTransport, Reply, Site, article

MakeFetcher = Callable[..., Fetcher]
QUERY = "kursk AND (north korea* OR pyongyang) NOT football"

STORY_A = article("North Korean troops reach Kursk",
                  "At least 10,000 North Korean soldiers are in Russia's Kursk region, Pentagon spokesperson "
                  "Vedant Patel said on Monday.",
                  "Ukrainian officials said the troops had joined Russian units near the border.")
STORY_F = article("Ukraine says more troops in Kursk",
                  "As many as 12,000 North Korean soldiers are now in the Kursk region, Ukraine's defence "
                  "intelligence agency said on Thursday.", outlet="Other Wire")
FOOTBALL = article("Pyongyang update", "Football results: the Kursk club beat a Pyongyang side 3-1 on Sunday "
                   "in front of 2,000 fans.", outlet="Sport Daily")


def rss(site: Site, *items: tuple[str, str, str], host: str = "127.0.0.1") -> str:
    """An RSS feed of (title, path or URL, extra-xml) items; paths point at ``host`` (two hosts, one server)."""
    entries = "".join(f"<item><title>{t}</title><link>{p if p.startswith('http') else f'http://{host}:{site.port}{p}'}"
                      f"</link>{x}</item>" for t, p, x in items)
    return f'<?xml version="1.0"?><rss version="2.0"><channel><title>Feed</title>{entries}</channel></rss>'


@pytest.fixture
def world(site: Site, tmp_path: Path, make_fetcher: MakeFetcher):  # type: ignore[no-untyped-def]
    site.route("/a", Reply(body=STORY_A, etag='"a1"'))
    site.route("/copy-of-a", Reply(body=STORY_A.replace("Loopback News", "Syndicating Site")))
    site.route("/pyongyang", Reply(body=FOOTBALL))
    site.route("/feed1.xml", Reply(body=rss(site, ("North Korean troops reach Kursk", "/a", "<guid>a</guid>"
                                                   "<pubDate>Thu, 14 Nov 2024 10:00:00 GMT</pubDate>"),
                                             ("Football: Kursk derby", "/football", ""),
                                             ("Pyongyang update", "/pyongyang", ""),
                                             ("Kursk: North Korea latest", "/gone", "")),
                                   content_type="application/rss+xml", etag='"f1"'))
    site.route("/feed2.xml", Reply(body=rss(site, ("North Korean troops reach Kursk", "/a", "<guid>a</guid>"),
                                             ("Wire: North Korean troops in Kursk", "/copy-of-a", ""),
                                             host="localhost"), content_type="application/rss+xml"))
    site.route("/broken.xml", Reply(body="<rss><channel><item><title>oops", content_type="text/xml"))
    site.route("/down.xml", Reply(status=500))
    feeds = tuple(site.url(p) for p in ("/feed1.xml", "/feed2.xml", "/broken.xml", "/down.xml"))
    db = tmp_path / "story.db"
    alerts_file = tmp_path / "alerts.jsonl"
    console_out = io.StringIO()
    site.route("/hook", Reply(status=204))

    def make(**overrides) -> Watcher:  # type: ignore[no-untyped-def]
        config = WatchConfig(feeds=feeds, db=db, every=0.01, match=QUERY, cross=False, wait=5.0,
                             **overrides)
        sinks = [ConsoleSink(Console(file=console_out, width=300, color_system=None)),
                 JsonlSink(alerts_file),
                 WebhookSink(site.url("/hook"), client=__import__("httpx").Client(transport=LoopbackTransport()))]
        return Watcher(config, make_fetcher(retries=0), WarcArchive.beside(db), sinks=sinks, log=lambda m: None)

    return make, db, alerts_file, console_out


def test_watch_cycles_fetch_filter_dedupe_alert_and_resume(site: Site, world) -> None:  # type: ignore[no-untyped-def]
    make, db, alerts_file, console_out = world
    watcher = make()
    (first,) = watcher.run(max_cycles=1)
    assert first.feeds_ok == 2 and len(first.feed_errors) == 2  # broken XML and a 500: logged, not fatal
    assert first.accepted == [site.url("/a")]
    assert first.duplicates == 1  # the syndicated copy on "another site": same text
    assert first.rejected == 2  # football by its title (no fetch), the Pyongyang item after reading it
    assert len(first.failed) == 1 and "404" in first.failed[0][1]
    assert site.count("/football") == 0 and site.count("/pyongyang") == 1 and site.count("/a") == 1
    kinds = [a["kind"] for a in first.alerts]
    assert kinds.count("new_figure") >= 1
    fig = next(a for a in first.alerts if a["kind"] == "new_figure" and "soldiers" in a["figure"].lower())
    assert fig["claims"][0]["low"] == 10000 and fig["claims"][0]["source"] == "Vedant Patel"

    with Ledger(db) as led:
        doc = dict(next(led.rows("SELECT * FROM documents")))
        assert doc["id"] == site.url("/a") and doc["warc_record"]
        assert doc["origin"] == f"story.warc.gz#{doc['warc_record']}"
        raw = read_payload(db.parent / "story.warc.gz", doc["warc_record"])
        assert b"At least 10,000 North Korean soldiers" in raw
        feeds = {r["url"]: dict(r) for r in led.rows("SELECT * FROM feeds")}
        assert feeds[site.url("/down.xml")]["errors"] == 1 and "500" in feeds[site.url("/down.xml")]["error"]
        items = {r["url"]: r["state"] for r in led.rows("SELECT url, state FROM feed_items")}
        assert items[f"http://localhost:{site.port}/copy-of-a"] == "duplicate"
        assert led.count("alerts") == len(first.alerts)

    # cycle 2: nothing new; feed1 answers 304 to its ETag; failing feeds are tried again
    (second,) = watcher.run(max_cycles=1)
    assert second.feeds_unchanged == 1 and second.alerts == [] and second.candidates <= 1  # /gone retried
    with Ledger(db) as led:
        assert dict(next(led.rows("SELECT errors FROM feeds WHERE url=?", (site.url("/down.xml"),))))["errors"] == 2

    # cycle 3: a new article with a new value for the same figure, and the first one updated
    site.route("/f", Reply(body=STORY_F))
    site.route("/a", Reply(body=STORY_A.replace("on Monday", "on Monday, up from earlier estimates"), etag='"a2"'))
    site.route("/feed1.xml", Reply(body=rss(
        site, ("North Korean troops reach Kursk", "/a", "<guid>a</guid><pubDate>Fri, 15 Nov 2024 10:00:00 GMT</pubDate>"),
        ("Ukraine says more North Korean troops in Kursk", "/f", "")), content_type="application/rss+xml"))
    (third,) = watcher.run(max_cycles=1)
    assert site.url("/f") in third.accepted and site.url("/a") in third.accepted  # the update was fetched again
    changed = [a for a in third.alerts if a["kind"] == "changed_figure"]
    assert changed and changed[0]["new_value"] is True and changed[0]["claims"][0]["high"] == 12000
    assert "Figure changed (new value)" in console_out.getvalue()

    # restart: a new watcher on the same ledger fetches nothing it has already judged
    hits_before = len([h for h in site.hits if not h.path.endswith(".xml")])
    (fourth,) = make().run(max_cycles=1)
    assert fourth.cycle == 4 or fourth.cycle > 3  # numbering continues from the ledger
    assert fourth.accepted == [] and fourth.alerts == []
    assert len([h for h in site.hits if not h.path.endswith(".xml") and h.path != "/gone"]) == hits_before

    lines = [json.loads(x) for x in alerts_file.read_text(encoding="utf-8").splitlines()]
    assert len(lines) == len(first.alerts) + len(third.alerts)
    posts = [h for h in site.hits if h.path == "/hook"]
    assert len(posts) == 2  # one POST per cycle with alerts, none for quiet cycles
    assert json.loads(posts[0].headers["body"])["count"] == len(first.alerts)


def test_stop_event_ends_the_loop_between_cycles(world) -> None:  # type: ignore[no-untyped-def]
    make, *_ = world
    watcher = make()
    watcher.config = WatchConfig(feeds=(), db=watcher.config.db, every=30.0, cross=False)
    threading.Timer(0.2, watcher.stop.set).start()
    reports = watcher.run()  # would sleep 30 s between cycles; the stop wakes it
    assert len(reports) == 1


def test_webhook_failures_back_off_instead_of_storming(site: Site) -> None:
    import httpx

    site.route("/hook", Reply(status=500))
    sink = WebhookSink(site.url("/hook"), client=httpx.Client(transport=LoopbackTransport()))
    alert = [{"kind": "new_figure", "summary": "x"}]
    problems = [sink.send(alert) for _ in range(8)]
    assert all(problems)
    assert site.count("/hook") == 4  # tries at cycles 1, 2, 4 and 7: paused 1, then 2 cycles, ...
    site.route("/hook", Reply(status=204))
    while sink.skip:
        sink.send(alert)
    assert sink.send(alert) is None and sink.failures == 0


@pytest.mark.parametrize(("text", "seconds"), [("15m", 900), ("30s", 30), ("1h", 3600), ("1h30m", 5400),
                                               ("90", 90), ("2d", 172800), ("0.5s", 0.5)])
def test_every(text: str, seconds: float) -> None:
    assert parse_every(text) == seconds


@pytest.mark.parametrize("bad", ["", "15x", "m", "0s", "-5m", "every 5 minutes"])
def test_every_rejects_nonsense(bad: str) -> None:
    with pytest.raises(UsageError, match="--every"):
        parse_every(bad)


def test_match_and_similar_exclude_each_other(tmp_path: Path) -> None:
    with pytest.raises(UsageError, match="together"):
        Watcher(WatchConfig(feeds=(), db=tmp_path / "l.db", match="x", similar=True),
                Fetcher(transport=LoopbackTransport()), WarcArchive.beside(tmp_path / "l.db"))


def test_end_to_end_with_cross_checks_alerts_a_new_conflict(site: Site, tmp_path: Path,
                                                            make_fetcher: MakeFetcher) -> None:
    """The full pipeline, cross-document stage included: the second site's figure opens a conflict."""
    site.route("/a", Reply(body=article(
        "North Korean troops reach Kursk", "At least 10,000 North Korean soldiers are in Russia's Kursk region, "
        "Pentagon spokesperson Vedant Patel said on Monday.", date="2024-11-05")))
    site.route("/b", Reply(body=article(
        "Kyiv disputes count", "About 8,000 North Korean soldiers are in Russia's Kursk region, Ukraine's "
        "defence intelligence agency said on Monday.", outlet="Kyiv Wire", date="2024-11-05")))
    site.route("/rss", Reply(body=rss(site, ("North Korean troops reach Kursk", "/a", "")),
                             content_type="application/rss+xml"))
    db = tmp_path / "e2e.db"
    config = WatchConfig(feeds=(site.url("/rss"),), db=db, every=0.01, match="kursk", wait=5.0)
    watcher = Watcher(config, make_fetcher(retries=0), WarcArchive.beside(db), log=lambda m: None)
    (first,) = watcher.run(max_cycles=1)
    assert first.accepted and any(a["kind"] == "new_figure" for a in first.alerts)
    site.route("/rss", Reply(body=rss(site, ("North Korean troops reach Kursk", "/a", ""),
                                      ("Kyiv disputes Kursk count", f"http://localhost:{site.port}/b", "")),
                             content_type="application/rss+xml"))
    (second,) = watcher.run(max_cycles=1)
    assert second.accepted == [f"http://localhost:{site.port}/b"]
    kinds = {a["kind"] for a in second.alerts}
    assert "changed_figure" in kinds or "new_figure" in kinds
    assert "new_conflict" in kinds, [a["summary"] for a in second.alerts]
    with Ledger(db, readonly=True) as led:
        assert led.count("figures") >= 1


def test_similar_keeps_items_like_the_ledger_story(site: Site, tmp_path: Path, make_fetcher: MakeFetcher) -> None:
    site.route("/a", Reply(body=STORY_A))
    site.route("/f", Reply(body=STORY_F))
    site.route("/rates", Reply(body=article("Central bank raises rates", "The central bank raised its main "
                                            "interest rate by half a point on Tuesday, citing inflation.")))
    site.route("/rss", Reply(body=rss(site, ("North Korean troops reach Kursk", "/a", "")),
                             content_type="application/rss+xml"))
    db = tmp_path / "s.db"
    first = Watcher(WatchConfig(feeds=(site.url("/rss"),), db=db, match="kursk", cross=False),
                    make_fetcher(retries=0), WarcArchive.beside(db), log=lambda m: None)
    assert first.run(max_cycles=1)[0].accepted == [site.url("/a")]
    site.route("/rss", Reply(body=rss(site, ("North Korean troops reach Kursk", "/a", ""),
                                      ("More North Korean soldiers in Kursk region", "/f", ""),
                                      ("Central bank raises rates", "/rates", "")),
                             content_type="application/rss+xml"))
    similar = Watcher(WatchConfig(feeds=(site.url("/rss"),), db=db, similar=True, cross=False),
                      make_fetcher(retries=0), WarcArchive.beside(db), log=lambda m: None)
    (report,) = similar.run(max_cycles=1)
    assert report.accepted == [site.url("/f")]
    assert site.count("/rates") == 0 and report.rejected == 1  # judged off-story by its title alone
