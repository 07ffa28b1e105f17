"""robots.txt parsing and matching as RFC 9309 specifies."""

from __future__ import annotations

from claimledger.follow.robots import RobotsCache, parse_robots

NEWS_SITE = """
# a typical news site
User-agent: *
Disallow: /search
Disallow: /*?share=
Disallow: /*.pdf$
Allow: /search/about

User-agent: GPTBot
Disallow: /

User-agent: claimledger
User-agent: otherbot
Disallow: /live/
Crawl-delay: 5
"""


def test_star_group_applies_when_we_are_not_named() -> None:
    rules = parse_robots(NEWS_SITE, "somebot")
    assert rules.allowed("https://n.example/world/story-1")
    assert not rules.allowed("https://n.example/search?q=kursk")
    assert rules.allowed("https://n.example/search/about")  # longer Allow wins
    assert not rules.allowed("https://n.example/world/story-1?share=twitter")  # * wildcard
    assert not rules.allowed("https://n.example/files/report.pdf")
    assert rules.allowed("https://n.example/files/report.pdf.html")  # $ anchors the end
    assert rules.crawl_delay is None


def test_our_own_group_replaces_the_star_group() -> None:
    rules = parse_robots(NEWS_SITE, "ClaimLedger")
    assert rules.allowed("https://n.example/search?q=x")  # the * group no longer applies
    assert not rules.allowed("https://n.example/live/updates")
    assert rules.crawl_delay == 5.0


def test_edge_cases() -> None:
    assert parse_robots("User-agent: *\nDisallow:\n", "x").allowed("https://a/b")  # empty Disallow
    assert parse_robots("", "x").allowed("https://a/b")
    everything = parse_robots("User-agent: *\nDisallow: /\n", "x")
    assert not everything.allowed("https://a/")
    assert everything.allowed("https://a/robots.txt")  # robots.txt itself is always readable
    tie = parse_robots("User-agent: *\nDisallow: /page\nAllow: /page\n", "x")
    assert tie.allowed("https://a/page")  # Allow wins a tie
    encoded = parse_robots("User-agent: *\nDisallow: /caf%C3%A9\n", "x")
    assert not encoded.allowed("https://a/café/menu")
    rules_before_agent = parse_robots("Disallow: /x\nUser-agent: *\nDisallow: /y\n", "x")
    assert rules_before_agent.allowed("https://a/x") and not rules_before_agent.allowed("https://a/y")


def test_cache_reads_each_host_once_and_maps_status_codes() -> None:
    calls: list[str] = []
    answers = {"https://ok.example/robots.txt": (200, b"User-agent: *\nDisallow: /private\n"),
               "https://gone.example/robots.txt": (404, b""),
               "https://down.example/robots.txt": (503, b"")}

    def get(url: str) -> tuple[int, bytes]:
        calls.append(url)
        return answers[url]

    cache = RobotsCache(get=get, agent="claimledger")
    assert not cache.allowed("https://ok.example/private/a")
    assert cache.allowed("https://ok.example/public")
    assert cache.allowed("https://gone.example/anything")  # 4xx: no rules
    down = cache.rules_for("https://down.example/a")
    assert not down.allowed("https://down.example/a") and "503" in (down.reason or "")
    assert calls.count("https://ok.example/robots.txt") == 1
