"""WARC archiving and fetched pages as ledger documents: every document traces to its bytes."""

from __future__ import annotations

import gzip
import io
from collections.abc import Callable
from pathlib import Path

from warcio.archiveiterator import ArchiveIterator

from claimledger.errors import EmptyInput
from claimledger.follow.archive import WarcArchive, read_payload
from claimledger.follow.fetch import Fetcher
from claimledger.follow.pages import fetch_pages, page_document, read_urls_file
from claimledger.ingest.archives import iter_warc
from claimledger.ledger.store import Ledger
from claimledger.models import Document, DocumentResult

from .conftest import Reply, Site, article

MakeFetcher = Callable[..., Fetcher]
PAGE = article("Floods hit the valley", "At least 200 people died, officials said on Tuesday.",
               "Rescue teams were still searching villages on Wednesday.")


def test_response_and_request_records_with_sha256_digests(site: Site, make_fetcher: MakeFetcher,
                                                         tmp_path: Path) -> None:
    url = site.route("/story", Reply(body=PAGE, gzip=True, chunked=True))
    fetched = make_fetcher().fetch(url)
    archive = WarcArchive.beside(tmp_path / "story.db")
    rec = archive.write(fetched)
    assert rec.path == tmp_path / "story.warc.gz" and rec.label == "story.warc.gz"
    assert rec.origin == f"story.warc.gz#{rec.record_id}"
    with rec.path.open("rb") as fh:
        records = list(_records(fh))
    assert [r[0] for r in records] == ["warcinfo", "response", "request"]
    _, uri, rid, headers, payload = records[1]
    assert uri == url and rid == rec.record_id
    assert headers["WARC-Payload-Digest"].startswith("sha256:")
    assert payload == fetched.raw  # the bytes as received, still gzipped
    assert gzip.decompress(payload) == fetched.body
    assert records[2][3]["WARC-Concurrent-To"] == rec.record_id
    assert read_payload(rec.path, rec.record_id, offset=rec.offset) == fetched.raw
    assert read_payload(rec.path, rec.record_id, decoded=True) == fetched.body


def test_archive_appends_and_digests_verify(site: Site, make_fetcher: MakeFetcher, tmp_path: Path) -> None:
    archive = WarcArchive.beside(tmp_path / "l.db")
    f = make_fetcher()
    ids = [archive.write(f.fetch(site.route(f"/p{i}", Reply(body=article(f"T{i}", "Text.")))))
           for i in range(3)]
    with (tmp_path / "l.warc.gz").open("rb") as fh:
        it = ArchiveIterator(fh, check_digests="raise")
        seen = [r.rec_headers.get_header("WARC-Record-ID") for r in it if r.rec_type == "response"
                and r.content_stream().read() is not None]
    assert seen == [r.record_id for r in ids]
    with (tmp_path / "l.warc.gz").open("rb") as fh:  # one warcinfo for the file, not one per write
        assert sum(1 for r in ArchiveIterator(fh) if r.rec_type == "warcinfo") == 1


def test_folder_archive_rotates(site: Site, make_fetcher: MakeFetcher, tmp_path: Path) -> None:
    archive = WarcArchive.for_ledger(tmp_path / "l.db", tmp_path / "warcs")
    archive.rotate_bytes = 1  # every record starts a new file
    f = make_fetcher()
    recs = [archive.write(f.fetch(site.route(f"/r{i}", Reply(body=article("T", "Text."))))) for i in range(2)]
    assert recs[0].path != recs[1].path and recs[0].path.parent == tmp_path / "warcs"
    assert recs[0].label.startswith("warcs/claimledger-")


def test_page_document_matches_what_analyze_reads_from_the_warc(site: Site, make_fetcher: MakeFetcher,
                                                               tmp_path: Path) -> None:
    url = site.route("/story", Reply(body=PAGE, gzip=True))
    fetched = make_fetcher().fetch(url)
    rec = WarcArchive.beside(tmp_path / "story.db").write(fetched)
    doc = page_document(fetched, rec, meta={"published": "2024-01-01", "author": "Feed Author"})
    assert doc.id == url and doc.url == url and doc.warc_record == rec.record_id
    assert doc.origin == rec.origin
    assert "At least 200 people died" in doc.text
    assert doc.title == "Floods hit the valley" and doc.outlet == "Loopback News"
    assert doc.published == "2024-11-14"  # the page's own date wins over the feed's
    assert doc.author == "Feed Author"  # the page names none: the feed fills it in
    with rec.path.open("rb") as fh:
        again = [d for d in iter_warc(fh, "story.warc.gz", max_bytes=10**7) if isinstance(d, Document)]
    assert len(again) == 1
    assert again[0].id == doc.id and again[0].hash == doc.hash and again[0].warc_record == doc.warc_record


def test_fetch_pages_records_state_and_skips_unchanged_pages(site: Site, make_fetcher: MakeFetcher,
                                                             tmp_path: Path) -> None:
    db = tmp_path / "l.db"
    url = site.route("/e", Reply(body=PAGE, etag='"1"'))
    same = site.route("/same", Reply(body=article("Same", "Nothing changes here, ever.")))
    blank = site.route("/blank", Reply(body="<html><head><title>Empty</title></head><body></body></html>"))
    archive = WarcArchive.beside(db)
    f = make_fetcher()
    with Ledger(db) as led:
        first = {o.url: o for o in fetch_pages([url, same, blank, site.url("/404")], led, f, archive)}
        assert first[url].state == "fetched" and first[same].state == "fetched"
        assert first[blank].state == "failed" and isinstance(first[blank].error, EmptyInput)
        assert first[blank].record is not None  # read, so archived, though it holds no article
        assert first[site.url("/404")].state == "failed" and first[site.url("/404")].record is None
        for o in first.values():  # stand-in for the analysis that stores the documents
            if o.document:
                led.write_result(DocumentResult(document=o.document), "test")
        rows = {r["url"]: dict(r) for r in led.rows("SELECT * FROM fetches")}
        assert rows[url]["etag"] == '"1"' and rows[url]["warc_record"] == first[url].document.warc_record
        assert "404" in rows[site.url("/404")]["error"]
        assert led.count("warc_records") == 3

        second = {o.url: o for o in fetch_pages([url, same], led, f, archive)}
        assert second[url].state == "unchanged" and second[url].fetched.status == 304
        assert second[same].state == "unchanged" and second[same].fetched.status == 200  # same bytes
        assert led.count("warc_records") == 3

        site.route("/e", Reply(body=PAGE.replace("200", "250"), etag='"2"'))
        third = list(fetch_pages([url], led, f, archive))
        assert third[0].state == "fetched" and "At least 250" in third[0].document.text
        assert led.count("warc_records") == 4


def test_urls_file(tmp_path: Path) -> None:
    p = tmp_path / "urls.txt"
    p.write_text("# my story\nhttps://a.example/1\n\n  https://b.example/2#part  \n", encoding="utf-8")
    assert read_urls_file(p) == ["https://a.example/1", "https://b.example/2#part"]


def _records(fh: io.BufferedReader):  # type: ignore[no-untyped-def]
    for r in ArchiveIterator(fh):
        headers = dict(r.rec_headers.headers)
        yield (r.rec_type, headers.get("WARC-Target-URI"), headers.get("WARC-Record-ID"), headers,
               r.raw_stream.read())
