"""The fetcher against a real HTTP server on loopback: every bound, every failure."""

from __future__ import annotations

import gzip
import socket
import threading
import time
from collections.abc import Callable

import pytest

from claimledger.errors import TooLarge, UnsupportedInput
from claimledger.follow.fetch import (
    Condition,
    Fetcher,
    FetchFailed,
    HttpStatusError,
    RedirectFailed,
    RobotsDisallowed,
    decode_content,
    normalise_url,
    retry_after_seconds,
)

from .conftest import Hit, Reply, Site, article

MakeFetcher = Callable[..., Fetcher]


def test_plain_page_is_read_with_our_user_agent(site: Site, make_fetcher: MakeFetcher) -> None:
    url = site.route("/a", Reply(body=article("Title", "Some text.")))
    got = make_fetcher().fetch(url)
    assert got.status == 200 and got.final_url == url and got.url == url
    assert b"Some text." in got.body and got.raw == got.body
    assert got.content_type == "text/html" and got.charset == "utf-8"
    hit = site.hits[-1]
    assert hit.headers["user-agent"] == "claimledger-test/1 (+tests)"
    assert "gzip" in hit.headers["accept-encoding"]
    assert got.fetched_at.endswith("+00:00")


def test_gzip_and_chunked_bodies_are_decoded_but_raw_bytes_kept(site: Site, make_fetcher: MakeFetcher) -> None:
    html = article("Zipped", "Some zipped text.")
    url = site.route("/z", Reply(body=html, gzip=True, chunked=True))
    got = make_fetcher().fetch(url)
    assert got.body.decode() == html
    assert gzip.decompress(got.raw).decode() == html
    assert got.header("Content-Encoding") == "gzip"


def test_404_fails_at_once_without_retry(site: Site, make_fetcher: MakeFetcher) -> None:
    with pytest.raises(HttpStatusError) as info:
        make_fetcher().fetch(site.url("/missing"))
    assert info.value.status == 404 and "404" in str(info.value) and info.value.code == "E212"
    assert site.count("/missing") == 1


def test_500_is_retried_with_backoff_then_succeeds(site: Site, make_fetcher: MakeFetcher) -> None:
    calls: list[int] = []

    def flaky(hit: Hit) -> Reply:
        calls.append(1)
        return Reply(status=503) if len(calls) < 3 else Reply(body=article("Ok", "Back up."))

    url = site.route("/flaky", flaky)
    sleeps: list[float] = []
    got = make_fetcher(sleeps=sleeps).fetch(url)
    assert got.status == 200 and len(calls) == 3
    assert sleeps == [0.01, 0.02]  # exponential backoff, jitter off


def test_persistent_500_fails_after_bounded_retries(site: Site, make_fetcher: MakeFetcher) -> None:
    url = site.route("/down", Reply(status=500, body="oops"))
    with pytest.raises(HttpStatusError) as info:
        make_fetcher(retries=2).fetch(url)
    assert info.value.status == 500
    assert site.count("/down") == 3


def test_429_honours_retry_after_and_refuses_an_absurd_wait(site: Site, make_fetcher: MakeFetcher) -> None:
    calls: list[int] = []

    def limited(hit: Hit) -> Reply:
        calls.append(1)
        return Reply(status=429, headers={"Retry-After": "2"}) if len(calls) == 1 else Reply(body="<p>ok</p>")

    sleeps: list[float] = []
    assert make_fetcher(sleeps=sleeps).fetch(site.route("/limited", limited)).status == 200
    assert sleeps == [2.0]
    url = site.route("/later", Reply(status=429, headers={"Retry-After": "86400"}))
    with pytest.raises(HttpStatusError, match="wait 86400s"):
        make_fetcher().fetch(url)
    assert site.count("/later") == 1


def test_a_slow_server_times_out(site: Site, make_fetcher: MakeFetcher) -> None:
    url = site.route("/slow", Reply(body="<p>late</p>", delay=1.0))
    with pytest.raises(FetchFailed, match=r"sent nothing for 0\.5s"):
        make_fetcher(retries=0).fetch(url)


def test_a_dripping_body_hits_the_deadline(site: Site, make_fetcher: MakeFetcher) -> None:
    url = site.route("/drip", Reply(body="x" * 6400, drip=0.05, content_type="text/plain"))
    with pytest.raises(FetchFailed, match=r"took longer than 0\.3s"):
        make_fetcher(deadline=0.3).fetch(url)


def test_connection_refused_is_retried_then_reported(make_fetcher: MakeFetcher) -> None:
    with socket.socket() as s:  # a port nobody listens on
        s.bind(("127.0.0.1", 0))
        port = s.getsockname()[1]
    sleeps: list[float] = []
    with pytest.raises(FetchFailed, match=r"could not connect .* \(tried 3 times\)"):
        make_fetcher(sleeps=sleeps).fetch(f"http://127.0.0.1:{port}/x")
    assert len(sleeps) == 2


def test_redirects_are_followed_and_recorded(site: Site, make_fetcher: MakeFetcher) -> None:
    site.route("/old", Reply(status=301, headers={"Location": "/mid"}))
    site.route("/mid", Reply(status=302, headers={"Location": site.url("/new")}))
    site.route("/new", Reply(body="<p>moved</p>"))
    got = make_fetcher().fetch(site.url("/old"))
    assert got.final_url == site.url("/new") and got.url == site.url("/old")
    assert got.redirects == (site.url("/mid"), site.url("/new"))


def test_redirect_loops_and_long_chains_are_refused(site: Site, make_fetcher: MakeFetcher) -> None:
    site.route("/x", Reply(status=302, headers={"Location": "/y"}))
    site.route("/y", Reply(status=302, headers={"Location": "/x"}))
    with pytest.raises(RedirectFailed, match="redirect loop"):
        make_fetcher().fetch(site.url("/x"))
    for i in range(6):
        site.route(f"/r{i}", Reply(status=307, headers={"Location": f"/r{i + 1}"}))
    with pytest.raises(RedirectFailed, match="more than 3 redirects"):
        make_fetcher().fetch(site.url("/r0"))
    site.route("/ftp", Reply(status=302, headers={"Location": "ftp://127.0.0.1/file"}))
    with pytest.raises(RedirectFailed, match="not an http"):
        make_fetcher().fetch(site.url("/ftp"))


def test_wrong_content_type_is_refused(site: Site, make_fetcher: MakeFetcher) -> None:
    url = site.route("/doc.pdf", Reply(body=b"%PDF-1.4 ...", content_type="application/pdf"))
    with pytest.raises(UnsupportedInput, match="application/pdf"):
        make_fetcher().fetch(url)


def test_huge_bodies_are_stopped(site: Site, make_fetcher: MakeFetcher) -> None:
    big = "<p>" + "a" * 300_000 + "</p>"
    with pytest.raises(TooLarge, match="size limit"):  # declared by Content-Length
        make_fetcher().fetch(site.route("/big", Reply(body=big)))
    with pytest.raises(TooLarge, match="download was stopped"):  # chunked: no length known in advance
        make_fetcher().fetch(site.route("/big-chunked", Reply(body=big, chunked=True)))
    with pytest.raises(TooLarge, match="once decompressed"):  # a gzip bomb: 1 MB of zeros in ~1 KB
        make_fetcher().fetch(site.route("/bomb", Reply(body=b"\0" * 1_000_000, gzip=True, content_type="text/plain")))


def test_conditional_get_gives_not_modified(site: Site, make_fetcher: MakeFetcher) -> None:
    url = site.route("/e", Reply(body="<p>v1</p>", etag='"v1"', last_modified="Wed, 13 Nov 2024 10:00:00 GMT"))
    f = make_fetcher()
    first = f.fetch(url)
    assert first.etag == '"v1"' and not first.not_modified
    again = f.fetch(url, condition=Condition(etag=first.etag))
    assert again.not_modified and again.body == b""
    assert site.hits[-1].headers["if-none-match"] == '"v1"'
    by_date = f.fetch(url, condition=Condition(last_modified=first.last_modified))
    assert by_date.status == 304


def test_robots_txt_is_respected_unless_overridden(site: Site, make_fetcher: MakeFetcher) -> None:
    site.route("/robots.txt", Reply(body="User-agent: *\nDisallow: /private\nAllow: /private/ok$\n",
                                    content_type="text/plain"))
    site.route("/private/page", Reply(body="<p>secret</p>"))
    site.route("/private/ok", Reply(body="<p>fine</p>"))
    f = make_fetcher()
    with pytest.raises(RobotsDisallowed, match=r"robots\.txt"):
        f.fetch(site.url("/private/page"))
    assert f.fetch(site.url("/private/ok")).status == 200
    assert site.count("/robots.txt") == 1  # cached per host
    assert site.count("/private/page") == 0
    assert make_fetcher(respect_robots=False).fetch(site.url("/private/page")).status == 200


def test_robots_txt_server_error_means_keep_out(site: Site, make_fetcher: MakeFetcher) -> None:
    site.route("/robots.txt", Reply(status=503))
    site.route("/a", Reply(body="<p>a</p>"))
    with pytest.raises(RobotsDisallowed):
        make_fetcher().fetch(site.url("/a"))


def test_crawl_delay_and_host_delay_space_requests(site: Site, make_fetcher: MakeFetcher) -> None:
    site.route("/robots.txt", Reply(body="User-agent: claimledger-test\nCrawl-delay: 2\n", content_type="text/plain"))
    for p in ("/1", "/2", "/3"):
        site.route(p, Reply(body="<p>x</p>"))
    sleeps: list[float] = []
    f = make_fetcher(sleeps=sleeps, host_delay=0.5)
    for p in ("/1", "/2", "/3"):
        f.fetch(site.url(p))
    # robots.txt itself, then three pages 2 s apart (the fake sleep does not move the clock)
    assert len(sleeps) == 3 and sleeps[0] == pytest.approx(0.5, abs=0.1)
    assert sleeps[1] == pytest.approx(2.5, abs=0.2) and sleeps[2] == pytest.approx(4.5, abs=0.3)


def test_per_host_concurrency_is_bounded(site: Site, make_fetcher: MakeFetcher) -> None:
    lock = threading.Lock()
    state = {"now": 0, "max": 0}

    def tracked(hit: Hit) -> Reply:
        with lock:
            state["now"] += 1
            state["max"] = max(state["max"], state["now"])
        time.sleep(0.05)
        with lock:
            state["now"] -= 1
        return Reply(body="<p>x</p>")

    urls = [site.route(f"/c{i}", tracked) for i in range(6)]
    results = list(make_fetcher(host_concurrency=2, concurrency=6).fetch_many(urls))
    assert [u for u, _ in results] == urls
    assert all(r.status == 200 for _, r in results)  # type: ignore[union-attr]
    assert 1 <= state["max"] <= 2


def test_fetch_many_reports_each_failure_with_its_url(site: Site, make_fetcher: MakeFetcher) -> None:
    ok = site.route("/ok", Reply(body="<p>x</p>"))
    results = dict(make_fetcher().fetch_many([ok, site.url("/nope"), "mailto:someone@example.org", ok]))
    assert len(results) == 2 + 1
    assert results[ok].status == 200  # type: ignore[union-attr]
    assert isinstance(results[site.url("/nope")], HttpStatusError)
    assert isinstance(results["mailto:someone@example.org"], FetchFailed)


def test_helpers() -> None:
    assert normalise_url("HTTP://Example.ORG/a?b=1#frag") == "http://example.org/a?b=1"
    assert normalise_url("https://example.org") == "https://example.org/"
    with pytest.raises(FetchFailed):
        normalise_url("/relative/path")
    assert retry_after_seconds("120") == 120.0
    assert retry_after_seconds("soon") is None
    assert retry_after_seconds("Wed, 21 Oct 2015 07:28:00 GMT") == 0.0  # in the past
    raw = gzip.compress(b"hello")
    assert decode_content(raw, "gzip", 100, "u") == b"hello"
    assert decode_content(b"plain", None, 100, "u") == b"plain"
    with pytest.raises(UnsupportedInput, match="br"):
        decode_content(b"x", "br", 100, "u")
    with pytest.raises(FetchFailed, match="corrupt"):
        decode_content(b"not gzip at all", "gzip", 100, "u")
