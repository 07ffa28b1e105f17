"""RSS, Atom and news sitemaps to feed items; malformed and hostile XML."""

from __future__ import annotations

import pytest

from claimledger.follow.feeds import FeedError, feed_kind, parse_feed, read_feeds_file

RSS = b"""<?xml version="1.0" encoding="UTF-8"?>
<rss version="2.0"><channel><title>World news</title>
<item><title>Kursk: &lt;b&gt;troops&lt;/b&gt; arrive</title><link>/world/kursk-1</link>
  <guid isPermaLink="false">abc-1</guid><description><![CDATA[<p>North Korean soldiers &amp; more.</p>]]></description>
  <pubDate>Thu, 14 Nov 2024 09:30:00 GMT</pubDate><category>Ukraine</category></item>
<item><title>Same link twice</title><link>https://news.example/world/kursk-1#comments</link></item>
<item><title>No link at all</title></item>
<item><title>Football</title><link>mailto:editor@news.example</link></item>
</channel></rss>"""

ATOM = b"""<?xml version="1.0" encoding="utf-8"?>
<feed xmlns="http://www.w3.org/2005/Atom"><title>Atom news</title>
<entry><title type="html">Pyongyang &amp;amp; Moscow sign pact</title>
<link rel="alternate" href="https://atom.example/a/1"/><id>tag:atom.example,2024:1</id>
<updated>2024-11-12T10:00:00Z</updated><summary>The pact was ratified.</summary></entry>
</feed>"""

NEWS_SITEMAP = b"""<?xml version="1.0" encoding="UTF-8"?>
<urlset xmlns="http://www.sitemaps.org/schemas/sitemap/0.9"
        xmlns:news="http://www.google.com/schemas/sitemap-news/0.9">
<url><loc>https://site.example/world/</loc></url>
<url><loc>https://site.example/2024/11/14/kursk</loc><lastmod>2024-11-14T12:00:00Z</lastmod>
  <news:news><news:publication><news:name>Site</news:name><news:language>en</news:language></news:publication>
  <news:publication_date>2024-11-14T08:00:00+00:00</news:publication_date>
  <news:title>Kursk offensive stalls</news:title><news:keywords>Ukraine, Kursk, North Korea</news:keywords>
  </news:news></url>
</urlset>"""

INDEX = b"""<?xml version="1.0" encoding="UTF-8"?>
<sitemapindex xmlns="http://www.sitemaps.org/schemas/sitemap/0.9">
<sitemap><loc>https://site.example/sitemap-old.xml</loc><lastmod>2024-01-01</lastmod></sitemap>
<sitemap><loc>https://site.example/sitemap-news.xml</loc><lastmod>2024-11-14</lastmod></sitemap>
</sitemapindex>"""


def test_rss_items_resolve_links_strip_markup_and_dedupe() -> None:
    feed = parse_feed(RSS, "https://news.example/rss.xml")
    assert feed.kind == "rss" and feed.title == "World news"
    assert [i.url for i in feed.items] == ["https://news.example/world/kursk-1"]
    item = feed.items[0]
    assert item.title == "Kursk: troops arrive" and item.summary == "North Korean soldiers & more."
    assert item.guid == "abc-1" and item.published == "2024-11-14" and item.keywords == ("Ukraine",)
    assert "North Korean" in item.teaser and "Ukraine" in item.teaser


def test_atom_entries() -> None:
    feed = parse_feed(ATOM, "https://atom.example/feed")
    assert feed.kind == "atom"
    (item,) = feed.items
    assert item.url == "https://atom.example/a/1" and item.guid == "tag:atom.example,2024:1"
    assert item.title == "Pyongyang & Moscow sign pact"
    assert item.updated == "2024-11-12T10:00:00+00:00" and item.published == "2024-11-12"


def test_news_sitemap_keeps_news_entries_only() -> None:
    feed = parse_feed(NEWS_SITEMAP, "https://site.example/sitemap-news.xml")
    assert feed.kind == "sitemap"
    (item,) = feed.items
    assert item.url == "https://site.example/2024/11/14/kursk"
    assert item.title == "Kursk offensive stalls" and item.published == "2024-11-14"
    assert item.keywords == ("Ukraine", "Kursk", "North Korea")
    assert item.updated == "2024-11-14T12:00:00Z"


def test_sitemap_index_lists_children_newest_first() -> None:
    feed = parse_feed(INDEX, "https://site.example/sitemap.xml")
    assert feed.kind == "sitemapindex" and not feed.items
    assert feed.sitemaps == ("https://site.example/sitemap-news.xml", "https://site.example/sitemap-old.xml")


def test_malformed_feeds() -> None:
    broken = RSS.replace(b"</channel></rss>", b"<item><title>unclosed")
    feed = parse_feed(broken, "https://news.example/rss.xml")  # read leniently: entries survive
    assert feed.items and feed.warning and "malformed" in feed.warning
    with pytest.raises(FeedError, match="not a readable"):
        parse_feed(b"<html><body>Sorry, we moved</body></html>", "https://news.example/rss.xml")
    with pytest.raises(FeedError, match="not well-formed"):
        parse_feed(NEWS_SITEMAP[:-20], "https://site.example/s.xml")
    assert parse_feed(b'<rss version="2.0"><channel><title>Quiet</title></channel></rss>', "u").items == ()


def test_hostile_xml_is_not_expanded() -> None:
    xxe_sitemap = b"""<?xml version="1.0"?><!DOCTYPE urlset [<!ENTITY x SYSTEM "file:///etc/passwd">]>
<urlset xmlns="http://www.sitemaps.org/schemas/sitemap/0.9"><url><loc>&x;</loc></url></urlset>"""
    with pytest.raises(FeedError, match="DTD"):
        parse_feed(xxe_sitemap, "https://evil.example/s.xml")
    xxe_rss = b"""<?xml version="1.0"?><!DOCTYPE rss [<!ENTITY x SYSTEM "file:///etc/passwd">]>
<rss version="2.0"><channel><item><title>t &x;</title><link>https://evil.example/1</link></item></channel></rss>"""
    feed = parse_feed(xxe_rss, "https://evil.example/rss")
    assert all("root:" not in (i.title or "") for i in feed.items)


def test_feed_kind_and_feeds_file() -> None:
    assert feed_kind(RSS) == "rss" and feed_kind(ATOM) == "atom" and feed_kind(INDEX) == "sitemapindex"
    assert feed_kind(b"<html></html>") is None
    text = "# story feeds\nhttps://a.example/rss\n\nhttps://b.example/atom\nhttps://a.example/rss\n"
    assert read_feeds_file(text) == ["https://a.example/rss", "https://b.example/atom"]
