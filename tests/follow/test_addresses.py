"""The fetcher refuses hosts on private networks unless told otherwise (no SSRF)."""

from __future__ import annotations

import socket

import pytest

from claimledger.follow.addresses import PrivateAddress, check_public
from claimledger.follow.fetch import FetchConfig, Fetcher

from .conftest import Reply, Site


def _resolving_to(monkeypatch: pytest.MonkeyPatch, table: dict[str, str]) -> None:
    def fake(host: str, port: object, *args: object, **kw: object) -> list[tuple[object, ...]]:
        if host not in table:
            raise socket.gaierror("unknown host")
        return [(socket.AF_INET, socket.SOCK_STREAM, 6, "", (table[host], 0))]

    monkeypatch.setattr(socket, "getaddrinfo", fake)


@pytest.mark.parametrize("url", [
    "http://127.0.0.1:8765/", "http://localhost.test/", "http://10.1.2.3/x", "http://192.168.0.1/",
    "http://169.254.169.254/latest/meta-data/", "http://[::1]/", "http://[::ffff:10.0.0.1]/", "http://0.0.0.0/",
])
def test_private_and_local_hosts_are_refused(url: str, monkeypatch: pytest.MonkeyPatch) -> None:
    _resolving_to(monkeypatch, {"localhost.test": "127.0.0.1"})
    with pytest.raises(PrivateAddress, match="--allow-private"):
        check_public(url)


def test_public_and_unresolvable_hosts_pass(monkeypatch: pytest.MonkeyPatch) -> None:
    _resolving_to(monkeypatch, {"news.example": "93.184.216.34"})
    check_public("https://news.example/story")
    check_public("https://no-such-host.example/")  # the fetch itself reports it


def test_a_feed_cannot_point_the_fetcher_at_loopback(site: Site) -> None:
    site.route("/a", Reply(body=b"<html><body><p>hello</p></body></html>"))
    with Fetcher(FetchConfig(allow_private=False, respect_robots=False)) as f, pytest.raises(PrivateAddress):
        f.fetch(site.url("/a"))
    assert site.hits == []  # refused before any request
