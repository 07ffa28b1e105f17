"""Feeds to items: RSS/Atom through feedparser, news sitemaps through a locked-down lxml parser.

A feed is untrusted XML from the network.  feedparser never resolves external entities
(it switches off ``feature_external_ges``); sitemaps are parsed by lxml with entity
resolution, DTD loading and network access off, and a document that declares a DTD at all
is refused — sitemaps never need one, and a DTD is how XXE and "billion laughs" attacks
arrive.

News sitemaps (``<urlset>`` whose ``<url>`` entries carry ``<news:news>``) give a title,
a publication date and keywords per article, which the story filter can judge before any
page is fetched; in a plain sitemap only URLs are known.  A ``<sitemapindex>`` returns the
child sitemaps, most recent first, for the caller to fetch.

A malformed feed that still yields entries (feedparser's loose parser copes with most
broken feeds) is used; one that yields nothing raises :class:`FeedError`.
"""

from __future__ import annotations

import calendar
import datetime as dt
import html
import re
import time
from collections.abc import Iterable
from dataclasses import dataclass

from claimledger.errors import InputError
from claimledger.follow.fetch import FetchFailed, normalise_url
from claimledger.ingest.dates import iso_date

SITEMAP_NS = "http://www.sitemaps.org/schemas/sitemap/0.9"
NEWS_NS = "http://www.google.com/schemas/sitemap-news/0.9"
_ROOT = re.compile(rb"<(?:[A-Za-z_][\w.-]*:)?(urlset|sitemapindex|rss|feed|RDF)\b")
_DTD = re.compile(rb"<!(?:DOCTYPE|ENTITY)", re.I)
_TAG = re.compile(r"<[^>]+>")


class FeedError(InputError):
    code = "E214"


@dataclass(frozen=True)
class FeedItem:
    """One article announced by a feed."""

    url: str  # normalised link to the article
    feed: str
    guid: str | None = None
    title: str | None = None
    summary: str | None = None
    published: str | None = None  # ISO date
    updated: str | None = None  # ISO timestamp of the entry's last change, if the feed says
    keywords: tuple[str, ...] = ()

    @property
    def teaser(self) -> str:
        """What the story filter judges before fetching: title, summary, keywords."""
        return "\n".join(x for x in (self.title, self.summary, " ".join(self.keywords)) if x)


@dataclass(frozen=True)
class ParsedFeed:
    kind: str  # rss | atom | rdf | sitemap | sitemapindex
    title: str | None
    items: tuple[FeedItem, ...]
    sitemaps: tuple[str, ...] = ()  # children of a sitemap index, most recent first
    warning: str | None = None  # the feed was malformed but could be read


def feed_kind(data: bytes) -> str | None:
    """``rss``/``atom``/``rdf``/``sitemap``/``sitemapindex`` from the root element, or None."""
    m = _ROOT.search(data[:4096])
    if not m:
        return None
    name = m.group(1).decode()
    return {"urlset": "sitemap", "feed": "atom", "RDF": "rdf"}.get(name, name)


def parse_feed(data: bytes, feed_url: str) -> ParsedFeed:
    """Items of an RSS/Atom feed or a (news) sitemap; raise :class:`FeedError` if unreadable."""
    kind = feed_kind(data)
    if kind in ("sitemap", "sitemapindex"):
        return _parse_sitemap(data, feed_url, kind)
    return _parse_syndication(data, feed_url, kind)


def _parse_syndication(data: bytes, feed_url: str, kind: str | None) -> ParsedFeed:
    import feedparser

    parsed = feedparser.parse(data, response_headers={"content-location": feed_url,
                                                      "content-type": "application/xml"})
    problem = parsed.get("bozo_exception") if parsed.get("bozo") else None
    if isinstance(problem, feedparser.CharacterEncodingOverride | feedparser.NonXMLContentType):
        problem = None  # harmless: the feed was read all the same
    if not parsed.entries:
        if problem is not None or kind is None:
            raise FeedError(f"{feed_url}: not a readable RSS/Atom feed or sitemap ({problem or 'no feed found'}).",
                            hint="Check the feed address (open it in a browser); it is retried next cycle.")
        return ParsedFeed(kind or "rss", _text(parsed.feed.get("title")), ())
    items = []
    for entry in parsed.entries:
        link = entry.get("link") or next((x.get("href") for x in entry.get("links", []) if x.get("href")), None)
        if not link:
            continue
        try:
            url = normalise_url(link)
        except FetchFailed:
            continue
        published = _struct_date(entry.get("published_parsed")) or _struct_date(entry.get("updated_parsed"))
        # RSS has no "updated": a new pubDate is how a republished article shows
        updated = _struct_time(entry.get("updated_parsed") or entry.get("published_parsed"))
        tags = tuple(t.get("term") for t in entry.get("tags", []) if t.get("term"))
        items.append(FeedItem(
            url=url, feed=feed_url, guid=entry.get("id") or None, title=_text(entry.get("title")),
            summary=_text(entry.get("summary")), published=published[:10] if published else None,
            updated=updated, keywords=tags,
        ))
    if not items and problem is not None:
        raise FeedError(f"{feed_url}: the feed is malformed and no item could be read from it ({problem}).",
                        hint="The site publishes a broken feed; it is retried next cycle.")
    version = str(parsed.get("version") or "")
    detected = "atom" if version.startswith("atom") else "rdf" if version.startswith("rss09") else "rss"
    warning = f"malformed feed read leniently ({problem})" if problem is not None else None
    return ParsedFeed(kind or detected, _text(parsed.feed.get("title")), tuple(_dedupe(items)), warning=warning)


def _parse_sitemap(data: bytes, feed_url: str, kind: str) -> ParsedFeed:
    from lxml import etree

    if _DTD.search(data[:65536]):
        raise FeedError(f"{feed_url}: the sitemap declares a DTD or entities, which sitemaps never need; refused.",
                        hint="Ask the site for a plain sitemap, or follow its RSS feed instead.")
    parser = etree.XMLParser(resolve_entities=False, no_network=True, load_dtd=False, huge_tree=False,
                             remove_comments=True, remove_pis=True)
    try:
        root = etree.fromstring(data, parser=parser)
    except etree.XMLSyntaxError as exc:
        raise FeedError(f"{feed_url}: the sitemap is not well-formed XML ({exc}).",
                        hint="The site publishes a broken sitemap; it is retried next cycle.") from None
    ns = {"s": SITEMAP_NS, "n": NEWS_NS}
    if kind == "sitemapindex":
        children = []
        for sm in root.iterfind("s:sitemap", ns):
            loc = (sm.findtext("s:loc", namespaces=ns) or "").strip()
            if loc:
                children.append((sm.findtext("s:lastmod", namespaces=ns) or "", loc))
        children.sort(key=lambda x: x[0], reverse=True)
        return ParsedFeed("sitemapindex", None, (), sitemaps=tuple(loc for _, loc in children))
    entries = list(root.iterfind("s:url", ns))
    has_news = any(u.find("n:news", ns) is not None for u in entries)
    items = []
    for u in entries:
        news = u.find("n:news", ns)
        if has_news and news is None:
            continue  # a news sitemap: plain entries are section pages, not articles
        loc = (u.findtext("s:loc", namespaces=ns) or "").strip()
        try:
            url = normalise_url(loc)
        except FetchFailed:
            continue
        lastmod = (u.findtext("s:lastmod", namespaces=ns) or "").strip() or None
        title = published = None
        keywords: tuple[str, ...] = ()
        if news is not None:
            title = _text(news.findtext("n:title", namespaces=ns))
            published = iso_date(news.findtext("n:publication_date", namespaces=ns))
            raw_kw = news.findtext("n:keywords", namespaces=ns) or ""
            keywords = tuple(k.strip() for k in raw_kw.split(",") if k.strip())
        items.append(FeedItem(url=url, feed=feed_url, title=title, published=published,
                              updated=lastmod, keywords=keywords))
    return ParsedFeed("sitemap", None, tuple(_dedupe(items)))


def _dedupe(items: Iterable[FeedItem]) -> list[FeedItem]:
    seen: set[str] = set()
    out = []
    for it in items:
        if it.url not in seen:
            seen.add(it.url)
            out.append(it)
    return out


def _text(value: object) -> str | None:
    """Feed HTML (titles and summaries often hold markup and entities) as plain text."""
    if not value:
        return None
    text = " ".join(html.unescape(_TAG.sub(" ", str(value))).split())
    return text or None


def _struct_time(value: time.struct_time | None) -> str | None:
    if not value:
        return None
    return dt.datetime.fromtimestamp(calendar.timegm(value), dt.UTC).isoformat(timespec="seconds")


def _struct_date(value: time.struct_time | None) -> str | None:
    stamp = _struct_time(value)
    return stamp[:10] if stamp else None


def read_feeds_file(text: str) -> list[str]:
    """Feed URLs, one a line; blank lines and ``#`` comments skipped; order kept, duplicates dropped."""
    urls = [line.strip() for line in text.splitlines() if line.strip() and not line.lstrip().startswith("#")]
    return list(dict.fromkeys(urls))
