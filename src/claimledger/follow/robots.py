"""robots.txt, read the way RFC 9309 says, cached per host.

Python's ``urllib.robotparser`` matches rules by plain prefix and ignores ``*`` and ``$``,
which real news sites use ("Disallow: /*?share="), and it picks the first matching rule
rather than the most specific one.  So the rules are parsed here: the group for our
product token (else ``*``), the longest matching path wins, ``Allow`` wins a tie.

What an unreachable file means also follows the RFC: a 4xx (no robots.txt) allows
everything; a 5xx or a network error disallows everything for a while, because the site
may be down and must not be crawled blind.
"""

from __future__ import annotations

import re
import threading
import time
from collections.abc import Callable
from dataclasses import dataclass, field
from urllib.parse import unquote, urlsplit

MAX_ROBOTS_BYTES = 500 * 1024  # RFC 9309: parse at least 500 KiB; ignore the rest
CACHE_SECONDS = 3600.0
UNREACHABLE_SECONDS = 600.0  # retry a host whose robots.txt failed with 5xx after this long


@dataclass(frozen=True)
class Rule:
    allow: bool
    path: str
    pattern: re.Pattern[str]


@dataclass(frozen=True)
class RobotsRules:
    """The rules that apply to one user agent on one host."""

    rules: tuple[Rule, ...] = ()
    crawl_delay: float | None = None
    disallow_all: bool = False  # the file was unreachable (5xx)
    reason: str | None = None  # why everything is disallowed, for the error message

    def allowed(self, url: str) -> bool:
        if self.disallow_all:
            return False
        parts = urlsplit(url)
        path = unquote(parts.path or "/") + (f"?{unquote(parts.query)}" if parts.query else "")
        if path == "/robots.txt":
            return True
        best: Rule | None = None
        for rule in self.rules:
            if rule.pattern.match(path) and (
                best is None or len(rule.path) > len(best.path)
                or (len(rule.path) == len(best.path) and rule.allow and not best.allow)
            ):
                best = rule
        return best is None or best.allow


ALLOW_ALL = RobotsRules()
DISALLOW_ALL = RobotsRules(disallow_all=True)


def _compile(path: str) -> re.Pattern[str]:
    """A robots path (``*`` any run of characters, a final ``$`` the end) as a regex."""
    anchored = path.endswith("$")
    body = path[:-1] if anchored else path
    regex = ".*".join(re.escape(part) for part in body.split("*"))
    return re.compile(regex + ("$" if anchored else ""), re.DOTALL)


def parse_robots(text: str, agent: str) -> RobotsRules:
    """The rules in ``text`` for the product token ``agent`` (case-insensitive), else ``*``.

    Groups are runs of ``user-agent`` lines followed by rules; all groups naming the agent
    are merged (RFC 9309 §2.2.1).  Lines that are not understood are skipped.
    """
    token = agent.lower()
    groups: list[tuple[list[str], list[tuple[str, str]]]] = []
    agents: list[str] = []
    rules: list[tuple[str, str]] = []
    for raw in text.splitlines():
        line = raw.split("#", 1)[0].strip()
        if ":" not in line:
            continue
        key, value = (s.strip() for s in line.split(":", 1))
        key = key.lower()
        if key in ("user-agent", "useragent"):
            if rules:  # a user-agent line after rules starts a new group
                groups.append((agents, rules))
                agents, rules = [], []
            agents.append(value.lower())
        elif key in ("allow", "disallow", "crawl-delay") and agents:
            rules.append((key, value))
    if agents:
        groups.append((agents, rules))
    mine = [r for names, r in groups if token in names]
    chosen = mine or [r for names, r in groups if "*" in names]
    out: list[Rule] = []
    delay: float | None = None
    for group in chosen:
        for key, value in group:
            if key == "crawl-delay":
                try:
                    delay = max(delay or 0.0, float(value))
                except ValueError:
                    continue
            elif value:  # an empty Disallow allows everything: no rule
                path = unquote(value if value.startswith(("/", "*")) else "/" + value)
                out.append(Rule(allow=key == "allow", path=path, pattern=_compile(path)))
    return RobotsRules(rules=tuple(out), crawl_delay=delay)


# (status, body) of GET /robots.txt, redirects already followed.  A network error is raised
# by the getter and not cached: the next URL on the host tries again.
RobotsGetter = Callable[[str], tuple[int, bytes]]


@dataclass
class RobotsCache:
    """Rules per ``scheme://host:port``, fetched once and kept for ``ttl`` seconds."""

    get: RobotsGetter
    agent: str = "claimledger"
    ttl: float = CACHE_SECONDS
    clock: Callable[[], float] = time.monotonic
    _cache: dict[str, tuple[float, RobotsRules]] = field(default_factory=dict)
    _lock: threading.Lock = field(default_factory=threading.Lock)
    _host_locks: dict[str, threading.Lock] = field(default_factory=dict)

    def rules_for(self, url: str) -> RobotsRules:
        parts = urlsplit(url)
        origin = f"{parts.scheme}://{parts.netloc}"
        with self._lock:
            host_lock = self._host_locks.setdefault(origin, threading.Lock())
        with host_lock:  # one fetch of robots.txt per host even with many threads
            hit = self._cache.get(origin)
            now = self.clock()
            if hit and hit[0] > now:
                return hit[1]
            rules, ttl = self._load(origin + "/robots.txt")
            self._cache[origin] = (now + ttl, rules)
            return rules

    def allowed(self, url: str) -> bool:
        return self.rules_for(url).allowed(url)

    def _load(self, robots_url: str) -> tuple[RobotsRules, float]:
        status, body = self.get(robots_url)
        if 200 <= status < 300:
            text = body[:MAX_ROBOTS_BYTES].decode("utf-8", errors="replace")
            return parse_robots(text, self.agent), self.ttl
        if 400 <= status < 500:
            return ALLOW_ALL, self.ttl
        reason = f"robots.txt answered {status}, so the site is treated as closed for now"
        return RobotsRules(disallow_all=True, reason=reason), min(self.ttl, UNREACHABLE_SECONDS)
