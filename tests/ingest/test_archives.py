"""JSONL and WARC inputs: one document per line/record, failures that name where they are."""

from __future__ import annotations

import gzip
import io
import json
from pathlib import Path

import pytest
from warcio.statusandheaders import StatusAndHeaders
from warcio.warcwriter import WARCWriter

from claimledger.errors import TooLarge
from claimledger.ingest import IngestFailure, iter_documents
from claimledger.models import Document

BODY = ("The central bank raised its main interest rate by 0.25 percentage points to 4.5% on Thursday, "
        "its third increase this year, and said inflation would stay above target until 2026.")


def page(title: str, body: str) -> str:
    return (f"<html><head><title>{title}</title></head><body><nav><a href='/'>Home</a></nav><article>"
            f"<h1>{title}</h1><p>{body}</p><p>{body.replace('third', 'latest')}</p></article></body></html>")


def split(items: list[Document | IngestFailure]) -> tuple[list[Document], list[IngestFailure]]:
    return [d for d in items if isinstance(d, Document)], [d for d in items if isinstance(d, IngestFailure)]


def test_jsonl_lines_text_html_and_broken(tmp_path: Path) -> None:
    lines = [
        json.dumps({"url": "https://news.example/a", "text": "Rates rise again\n" + BODY, "outlet": "Example News",
                    "published": "2024-03-07T10:00:00Z"}),
        json.dumps({"html": page("Bank lifts rates", BODY), "title": "Given title"}),
        "{broken json",
        json.dumps({"text": "   "}),
        "",
        json.dumps({"id": "custom-7", "text": BODY}),
    ]
    path = tmp_path / "batch.jsonl"
    path.write_text("\n".join(lines) + "\n", encoding="utf-8")
    found, failed = split(list(iter_documents([path])))
    assert [d.id for d in found] == ["https://news.example/a", f"{path}#2", "custom-7"]
    first = found[0]
    assert (first.outlet, first.published, first.format, first.title) == ("Example News", "2024-03-07", "jsonl",
                                                                         "Rates rise again")
    assert "0.25 percentage points" in found[1].text and found[1].title == "Given title"
    assert [f.origin for f in failed] == [f"{path}#3", f"{path}#4"]
    assert "line 3" in str(failed[0]) and "not valid JSON" in str(failed[0])


def test_jsonl_gzip_and_oversized_line(tmp_path: Path) -> None:
    path = tmp_path / "batch.jsonl.gz"
    big = json.dumps({"text": BODY * 40})
    path.write_bytes(gzip.compress((json.dumps({"text": BODY}) + "\n" + big + "\n" + json.dumps({"text": BODY}) + "\n").encode()))
    found, failed = split(list(iter_documents([path], max_bytes=2000)))
    assert len(found) == 2 and len(failed) == 1 and isinstance(failed[0].error, TooLarge)
    assert "line 2" in str(failed[0])


def write_warc(path: Path, records: list[tuple[str, str, bytes]], gz: bool = True) -> None:
    with path.open("wb") as fh:
        writer = WARCWriter(fh, gzip=gz)
        for uri, ctype, payload in records:
            headers = StatusAndHeaders("200 OK", [("Content-Type", ctype)], protocol="HTTP/1.1")
            writer.write_record(writer.create_warc_record(uri, "response", payload=io.BytesIO(payload),
                                                          http_headers=headers))


def test_warc_html_responses_become_documents(tmp_path: Path) -> None:
    path = tmp_path / "crawl.warc.gz"
    write_warc(path, [
        ("https://a.example/rates", "text/html; charset=utf-8", page("Bank lifts rates", BODY).encode()),
        ("https://a.example/logo.png", "image/png", b"\x89PNG" + bytes(50)),
        ("https://b.example/rates", "text/html", page("Rates up again", BODY.replace("Thursday", "Friday")).encode()),
    ])
    found, failed = split(list(iter_documents([path])))
    assert not failed
    assert [d.id for d in found] == ["https://a.example/rates", "https://b.example/rates"]
    assert all(d.format == "warc" and d.warc_record and d.warc_record.startswith("<urn:uuid:") for d in found)
    assert "on Friday" in found[1].text and found[1].url == "https://b.example/rates"


def test_truncated_warc_keeps_what_came_before(tmp_path: Path) -> None:
    path = tmp_path / "crawl.warc.gz"
    records = [(f"https://a.example/{i}", "text/html", page(f"Story {i}", BODY + f" Item {i}.").encode() * 3)
               for i in range(4)]
    write_warc(path, records)
    data = path.read_bytes()
    cut = tmp_path / "cut.warc.gz"
    cut.write_bytes(data[: int(len(data) * 0.7)])
    found, failed = split(list(iter_documents([cut])))
    assert 1 <= len(found) < 4
    assert len(failed) == 1 and "truncated" in str(failed[0]) and "cut.warc.gz" in str(failed[0])


def test_uncompressed_warc(tmp_path: Path) -> None:
    path = tmp_path / "crawl.warc"
    write_warc(path, [("https://a.example/rates", "text/html", page("Bank lifts rates", BODY).encode())], gz=False)
    found, failed = split(list(iter_documents([path])))
    assert len(found) == 1 and not failed


def warc_records(records: list[tuple[str, str, bytes]], gz: bool) -> list[bytes]:
    """Each record written on its own, as the bytes it takes in the file."""
    out = []
    for record in records:
        buf = io.BytesIO()
        writer = WARCWriter(buf, gzip=gz)
        uri, ctype, payload = record
        headers = StatusAndHeaders("200 OK", [("Content-Type", ctype)], protocol="HTTP/1.1")
        writer.write_record(writer.create_warc_record(uri, "response", payload=io.BytesIO(payload),
                                                      http_headers=headers))
        out.append(buf.getvalue())
    return out


THREE_PAGES = [(f"https://a.example/{i}", "text/html", page(f"Story {i}", BODY + f" Item {i}.").encode())
               for i in range(3)]


@pytest.mark.parametrize("gz", [True, False], ids=["warc.gz", "warc"])
@pytest.mark.parametrize("keep", [0.0, 0.02, 0.1, 0.25, 0.5, 0.75, 0.95])
def test_warc_cut_inside_its_last_record_is_reported(tmp_path: Path, gz: bool, keep: float) -> None:
    """Wherever the download broke off (in the header block, in the gzip member, in the
    payload), the complete records are kept and one failure says the file is truncated."""
    first, second, third = warc_records(THREE_PAGES, gz)
    cut = max(1, int(len(third) * keep))
    path = tmp_path / ("crawl.warc.gz" if gz else "crawl.warc")
    path.write_bytes(first + second + third[:cut])
    found, failed = split(list(iter_documents([path])))
    assert [d.id for d in found] == ["https://a.example/0", "https://a.example/1"]
    assert len(failed) == 1, failed
    assert failed[0].origin == str(path)
    assert str(path) in str(failed[0]) and "truncated" in str(failed[0])


@pytest.mark.parametrize("gz", [True, False], ids=["warc.gz", "warc"])
def test_complete_warc_with_trailing_blank_lines_is_not_truncated(tmp_path: Path, gz: bool) -> None:
    path = tmp_path / ("crawl.warc.gz" if gz else "crawl.warc")
    path.write_bytes(b"".join(warc_records(THREE_PAGES, gz)) + (b"" if gz else b"\r\n\r\n"))
    found, failed = split(list(iter_documents([path])))
    assert len(found) == 3 and not failed


def test_warc_with_garbage_after_the_last_record(tmp_path: Path) -> None:
    path = tmp_path / "crawl.warc"
    path.write_bytes(b"".join(warc_records(THREE_PAGES, False)) + b"this is not a WARC record\r\n")
    found, failed = split(list(iter_documents([path])))
    assert len(found) == 3 and len(failed) == 1 and "crawl.warc" in str(failed[0])


def test_jsonl_lone_surrogate_is_replaced(tmp_path: Path) -> None:
    """"\\ud800" is valid JSON but no UTF-8 store can hold it: it becomes U+FFFD."""
    path = tmp_path / "feed.jsonl"
    lines = [json.dumps({"id": "a\ud800", "title": "Flood \udfff", "text": BODY.replace("its third", "its \ud800 third")}),
             json.dumps({"id": "b", "text": BODY})]
    path.write_text("\n".join(lines) + "\n", encoding="utf-8")
    found, failed = split(list(iter_documents([path])))
    assert not failed
    first = found[0]
    assert (first.id, first.title) == ("a\ufffd", "Flood \ufffd")
    assert "its \ufffd third" in first.text
    first.text.encode("utf-8")  # would raise on a surrogate


def test_size_limit_hints_name_the_cli_option(tmp_path: Path) -> None:
    path = tmp_path / "batch.jsonl"
    path.write_text(json.dumps({"text": BODY * 40}) + "\n", encoding="utf-8")
    (failure,) = list(iter_documents([path], max_bytes=2000))
    assert isinstance(failure, IngestFailure)
    assert "--max-mb" in str(failure) and "--max-bytes" not in str(failure)
    assert "(2,000 bytes)" in str(failure)


def test_warc_with_a_wrong_content_length_warns_once_through_logging(
        tmp_path: Path, capfd: pytest.CaptureFixture[str], caplog: pytest.LogCaptureFixture) -> None:
    """warcio writes its own multi-line warning to stderr; we say it once, in our words, and read on."""
    one, two = tmp_path / "one.warc", tmp_path / "two.warc"
    write_warc(one, [("https://a.example/1", "text/html", page("Story one", BODY).encode())], gz=False)
    write_warc(two, [("https://a.example/2", "text/html", page("Story two", BODY).encode())], gz=False)
    path = tmp_path / "crawl.warc"
    first = one.read_bytes()
    assert first.endswith(b"\r\n\r\n")  # a record ends with two blank lines; two stray bytes before them
    path.write_bytes(first[:-4] + b"XX\r\n\r\n" + two.read_bytes())
    with caplog.at_level("WARNING", logger="claimledger.ingest"):
        found, failed = split(list(iter_documents([path])))
    assert [d.id for d in found] == ["https://a.example/1", "https://a.example/2"] and not failed
    assert "Record not followed by newline" not in capfd.readouterr().err
    assert any("Content-Length looks wrong" in r.getMessage() and "crawl.warc" in r.getMessage()
               for r in caplog.records)
