"""Memory stays flat while a large WARC is ingested: a measurement, not a unit test.

    python benchmarks/stream_warc_memory.py                    # ~1 GB crawl, ingest only
    python benchmarks/stream_warc_memory.py --size-mb 200 --gzip --keep /tmp/crawl.warc.gz
    python benchmarks/stream_warc_memory.py --warc /tmp/crawl.warc.gz --stage analyze --limit 300

1. generate: a WARC of HTML ``response`` records (with the ``request`` record a crawler
   writes before each) is written with warcio until it reaches ``--size-mb`` on disk.
   Uncompressed by default, so that 1 GB on disk is 1 GB of pages and ingests in
   minutes; ``--gzip`` writes one gzip member per record as crawlers do (the pages are
   repetitive, so a gzipped GB holds ~15x more pages and takes that much longer).  Pages are realistic news pages from ``benchmarks/corpus.py`` (distinct variants
   of the sample articles wrapped in navigation, bylines, footers), padded with extra
   paragraphs to ``--page-kb`` so that the archive is large without being millions of
   tiny records.
2. stream: ``claimledger.ingest.iter_documents`` reads the archive (``--stage ingest``),
   or ``claimledger.runner.analyze`` analyses it into a scratch ledger
   (``--stage analyze``, slow: use ``--limit``), while a thread samples this process's
   resident set size (psutil) every ``--interval`` seconds.
3. report: RSS after warm-up, at each tenth of the way, and at the end; the peak; and the
   growth from the first tenth to the end per 1,000 records.  Flat means the growth is a
   few MB whatever the archive size — the archive is never held in memory.
"""

from __future__ import annotations

import argparse
import io
import os
import sys
import tempfile
import threading
import time
from collections.abc import Iterator
from pathlib import Path

import psutil

sys.path.insert(0, str(Path(__file__).resolve().parent))
import corpus

MB = 1024 * 1024


def pages(page_kb: int) -> Iterator[tuple[str, bytes]]:
    """(url, html bytes) forever: corpus pages padded to about ``page_kb`` kilobytes."""
    i = 0
    while True:
        for rec in corpus.generate(64):
            filler = rec["html"].split("<main>", 1)[1].split("</main>", 1)[0]
            html = rec["html"]
            while len(html) < page_kb * 1024:  # more article body, not markup noise
                html = html.replace("</article>", filler.split("<aside", 1)[0] + "</article>", 1)
            yield f"https://example.org/crawl/{i:08d}", html.encode("utf-8")
            i += 1


def generate(path: Path, size_mb: int, page_kb: int, gzip: bool) -> int:
    """Write a WARC of about ``size_mb`` MB; return the number of response records."""
    from warcio.statusandheaders import StatusAndHeaders
    from warcio.warcwriter import WARCWriter

    records = 0
    started = time.monotonic()
    with path.open("wb") as fh:
        writer = WARCWriter(fh, gzip=gzip)
        for url, body in pages(page_kb):
            req = writer.create_warc_record(url, "request", payload=io.BytesIO(b""), http_headers=StatusAndHeaders(
                "GET /" + url.split("/", 3)[3] + " HTTP/1.1", [("Host", "example.org")], is_http_request=True))
            writer.write_record(req)
            headers = StatusAndHeaders("200 OK", [("Content-Type", "text/html; charset=utf-8"),
                                                  ("Content-Length", str(len(body)))], protocol="HTTP/1.1")
            writer.write_record(writer.create_warc_record(url, "response", payload=io.BytesIO(body),
                                                          http_headers=headers))
            records += 1
            if records % 500 == 0:
                print(f"  generated {records} records, {fh.tell() / MB:.0f} MB", file=sys.stderr)
            if fh.tell() >= size_mb * MB:
                break
    print(f"generated {path} ({path.stat().st_size / MB:.0f} MB, {records} pages) in "
          f"{time.monotonic() - started:.0f}s", file=sys.stderr)
    return records


class RssSampler(threading.Thread):
    """Samples this process's RSS (MB) every ``interval`` seconds, tagged with progress."""

    def __init__(self, interval: float) -> None:
        super().__init__(daemon=True)
        self.interval = interval
        self.samples: list[tuple[int, float]] = []  # (records done, rss MB)
        self.done = 0
        self._stop_event = threading.Event()
        self._proc = psutil.Process(os.getpid())

    def run(self) -> None:
        while not self._stop_event.is_set():
            self.samples.append((self.done, self._proc.memory_info().rss / MB))
            self._stop_event.wait(self.interval)

    def stop(self) -> None:
        self._stop_event.set()
        self.join()
        self.samples.append((self.done, self._proc.memory_info().rss / MB))


def stream_ingest(warc: Path, sampler: RssSampler, limit: int | None) -> tuple[int, int]:
    from claimledger.ingest import IngestFailure, iter_documents

    docs = failures = 0
    for item in iter_documents([warc]):
        if isinstance(item, IngestFailure):
            failures += 1
        else:
            docs += 1
        sampler.done = docs + failures
        if limit and sampler.done >= limit:
            break
    return docs, failures


def stream_analyze(warc: Path, sampler: RssSampler, limit: int | None) -> tuple[int, int]:
    from claimledger.ingest import iter_documents
    from claimledger.runner import analyze_documents

    def items() -> Iterator[object]:
        for n, item in enumerate(iter_documents([warc]), 1):
            yield item
            if limit and n >= limit:
                return

    def progress(event: str, n: int) -> None:
        if event == "done":
            sampler.done += n

    with tempfile.TemporaryDirectory() as tmp:
        summary = analyze_documents(items(), Path(tmp) / "bench.db", cross=False,  # type: ignore[arg-type]
                                    progress=progress)
    return summary.analysed, len(summary.failures)


def report(sampler: RssSampler, records: int, elapsed: float, size_mb: float) -> None:
    s = sampler.samples
    peak = max(r for _, r in s)
    warm = next((r for d, r in s if d >= max(1, records // 10)), s[0][1])
    end = s[-1][1]
    print(f"\n{records} records from {size_mb:.0f} MB in {elapsed:.0f}s "
          f"({records / elapsed:.1f} records/s, {size_mb / elapsed:.1f} MB/s)")
    print(f"RSS at start {s[0][1]:.0f} MB; after the first tenth {warm:.0f} MB; at the end {end:.0f} MB; "
          f"peak {peak:.0f} MB")
    growth = (end - warm) / max(1, records - records // 10) * 1000
    print(f"growth from the first tenth to the end: {end - warm:+.1f} MB ({growth:+.2f} MB per 1,000 records)")
    print("\nrecords   RSS MB")
    for tenth in range(11):
        target = records * tenth // 10
        row = next(((d, r) for d, r in s if d >= target), s[-1])
        print(f"{row[0]:>7}   {row[1]:7.1f}")


def main() -> None:
    ap = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    ap.add_argument("--size-mb", type=int, default=1024, help="size of the generated WARC on disk")
    ap.add_argument("--page-kb", type=int, default=48, help="approximate HTML size of one page")
    ap.add_argument("--gzip", action="store_true", help="write a .warc.gz (one gzip member per record)")
    ap.add_argument("--warc", type=Path, help="use this WARC instead of generating one")
    ap.add_argument("--keep", type=Path, help="write the generated WARC here and keep it")
    ap.add_argument("--stage", choices=("ingest", "analyze"), default="ingest")
    ap.add_argument("--limit", type=int, help="stop after this many records")
    ap.add_argument("--interval", type=float, default=0.25, help="seconds between RSS samples")
    a = ap.parse_args()

    with tempfile.TemporaryDirectory() as tmp:
        warc = a.warc or a.keep or Path(tmp) / ("crawl.warc.gz" if a.gzip else "crawl.warc")
        if not a.warc:
            generate(warc, a.size_mb, a.page_kb, a.gzip)
        size_mb = warc.stat().st_size / MB
        sampler = RssSampler(a.interval)
        started = time.monotonic()
        sampler.start()
        run = stream_ingest if a.stage == "ingest" else stream_analyze
        docs, failures = run(warc, sampler, a.limit)
        sampler.stop()
        elapsed = time.monotonic() - started
        print(f"stage {a.stage}: {docs} documents, {failures} failures")
        report(sampler, docs + failures, elapsed, size_mb)


if __name__ == "__main__":
    main()
