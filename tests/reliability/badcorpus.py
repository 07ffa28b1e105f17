"""The bad-input corpus: every kind of broken or awkward input a newsroom folder holds.

``build(folder)`` writes it next to one good article and returns what each file must
come to: ``Stored`` (decoded correctly; the text must contain the given fragments),
``Rejected`` (skipped with a message naming the file and matching the reason) or
``NotEnglish`` (kept with its language, nothing extracted from it, and a note naming it).  The
corpus is generated, never committed: some of it is binary and one file is 50 MB.
"""

from __future__ import annotations

import gzip
import io
import json
import os
import struct
import zipfile
import zlib
from collections.abc import Callable
from dataclasses import dataclass, field
from pathlib import Path

GOOD_ID = "good.txt"

UTF16 = ("Flood relief reaches Valencia suburbs\n"
         "Volunteers in Paiporta said on Sunday that around 2,000 people had joined the clean-up, "
         "a café owner told reporters. The regional government’s estimate — “at least 200 dead” — was "
         "revised on Monday, when officials said rescue teams were still searching garages.\n")
LATIN1 = ("Café owners in Málaga count the cost\n"
          "Shop owners in the old town of Málaga said the storm caused damage worth about £20,000 to each "
          "café, and the mayor's office estimated that 150 façades need repair. Señor Jiménez, a baker, said "
          "the water rose 1½ metres in under an hour and that his neighbours had lost everything.\n")
CP1252 = ("Prices rise faster in the euro zone\n"
          "The statistics office said on Tuesday that prices rose by about 2.4% in the year to March – the "
          "“core” rate stood at 2.9%, while energy costs fell €3 billion short of the forecast… Analysts’ "
          "forecasts had been higher, and the central bank’s board is expected to hold rates in April.\n")
INVALID_UTF8_TEXT = ("Bridge closed after barge strike\n"
                     "The city’s transport office said on Friday that the bridge would stay closed for at "
                     "least three weeks after a barge struck one of its piers, and that about 40,000 drivers "
                     "a day would have to take the ring road instead, engineers told the council.\n")
MIXED_PARAS = ["Wildfire forces evacuations near Athens",
               "Firefighters said on Monday that more than 600 people had been moved from villages north "
               "of the city as the fire spread through pine forest.",
               "The civil protection agency said 35 water-dropping aircraft were in the air by noon.",
               "Officials said the wind was expected to ease overnight."]
NO_BODY_PARAS = ["Storm Bert leaves thousands without power",
                 "The network operator said on Sunday that about 30,000 homes in Wales were still without "
                 "power after Storm Bert brought down lines across the valleys.",
                 "Engineers expected most customers to be reconnected by Monday evening, the company said."]
SPANISH = ("Las autoridades de Valencia informaron el martes de que al menos 200 personas murieron por las "
           "inundaciones. Según el gobierno regional, los equipos de rescate siguen buscando a los "
           "desaparecidos en los garajes y en los túneles de la ciudad, y el presidente pidió a los vecinos "
           "que no salgan de sus casas mientras dure la alerta. La ayuda del ejército llegó el jueves.\n")
GERMAN = ("Die Behörden in Valencia teilten am Dienstag mit, dass mindestens 200 Menschen bei den "
          "Überschwemmungen ums Leben gekommen sind. Nach Angaben der Regionalregierung suchen die "
          "Rettungskräfte weiter nach Vermissten in Garagen und Tunneln, und der Präsident rief die "
          "Bewohner auf, ihre Häuser nicht zu verlassen, solange die Warnung gilt.\n")
FEED = [
    ("feed-1", "Ferry service resumes after strike\nThe operator said on Wednesday that ferries to the "
               "islands would run again from Thursday after a strike that stranded about 3,000 passengers."),
    ("feed-5", "Hospital opens new wing\nThe health board said the new wing would add 120 beds by the end "
               "of the year, and that about 300 nurses would be hired to staff it, officials told reporters."),
]
WARC_PAGES = [
    ("https://example.com/news/quake", "Quake shakes coastal towns",
     "The geological survey said a magnitude 5.8 earthquake struck off the coast on Thursday morning. "
     "Local officials said at least 12 people were injured and about 200 buildings were damaged."),
    ("https://example.com/news/rail", "Rail strike called off",
     "The union said on Tuesday that the planned rail strike had been called off after talks. About 40,000 "
     "workers had been due to walk out, and the company said services would run as normal."),
    ("https://example.com/news/truncated", "This record is cut off",
     "The port authority said on Monday that nearly 90 ships were waiting to enter the harbour. " * 40),
]


@dataclass(frozen=True)
class Stored:
    fragments: tuple[str, ...]  # the stored text must contain each of these
    doc_id: str = ""  # defaults to the file name
    absent: tuple[str, ...] = ("\r", "\ufffd", "â€", "Ã")  # and none of these (mojibake, CRs)


@dataclass(frozen=True)
class Rejected:
    reason: str  # a regex the failure message must match (case-insensitive)
    origin: str = ""  # defaults to the file name


@dataclass(frozen=True)
class NotEnglish:
    """Stored for the record with its language, but nothing extracted, and a note names it."""

    language: str


@dataclass
class Corpus:
    expect: dict[str, Stored | Rejected | NotEnglish] = field(default_factory=dict)


def _html(title: str, paragraphs: list[str]) -> str:
    body = "".join(f"<p>{p}</p>\n" for p in paragraphs)
    return f"<!DOCTYPE html><html><head><title>{title}</title></head><body><article><h1>{title}</h1>\n{body}" \
           "</article></body></html>"


def _png() -> bytes:
    def chunk(kind: bytes, data: bytes) -> bytes:
        return struct.pack(">I", len(data)) + kind + data + struct.pack(">I", zlib.crc32(kind + data))

    raw = b"".join(b"\x00" + bytes([x * 7 % 256 for x in range(16)]) for _ in range(16))
    return (b"\x89PNG\r\n\x1a\n" + chunk(b"IHDR", struct.pack(">IIBBBBB", 16, 16, 8, 0, 0, 0, 0))
            + chunk(b"IDAT", zlib.compress(raw)) + chunk(b"IEND", b""))


def _pdf() -> bytes:
    return (b"%PDF-1.4\n1 0 obj << /Type /Catalog /Pages 2 0 R >> endobj\n2 0 obj << /Type /Pages /Kids [] "
            b"/Count 0 >> endobj\nxref\n0 3\ntrailer << /Root 1 0 R >>\n%%EOF\n")


def _zip() -> bytes:
    buf = io.BytesIO()
    with zipfile.ZipFile(buf, "w", zipfile.ZIP_DEFLATED) as z:
        z.writestr("article.txt", UTF16)
    return buf.getvalue()


def _bomb(megabytes: int = 200) -> bytes:
    z = zlib.compressobj(9, zlib.DEFLATED, 16 + zlib.MAX_WBITS)  # gzip framing
    block = b"flood " * (1 << 17)
    parts = [z.compress(block) for _ in range(megabytes * 1024 * 1024 // len(block))]
    return b"".join(parts) + z.flush()


def make_warc(pages: list[tuple[str, str, str]]) -> tuple[bytes, list[int]]:
    """A gzipped WARC of HTML responses and the byte offset where each record starts."""
    from warcio.statusandheaders import StatusAndHeaders
    from warcio.warcwriter import WARCWriter

    buf = io.BytesIO()
    writer = WARCWriter(buf, gzip=True)
    starts = []
    for url, title, text in pages:
        starts.append(buf.tell())
        payload = _html(title, [text]).encode("utf-8")
        headers = StatusAndHeaders("200 OK", [("Content-Type", "text/html; charset=utf-8")], protocol="HTTP/1.1")
        writer.write_record(writer.create_warc_record(url, "response", payload=io.BytesIO(payload),
                                                      http_headers=headers))
    return buf.getvalue(), starts


def build(folder: Path | None, good_text: str, *, big_mb: int = 50) -> Corpus:
    """Write the whole corpus into ``folder``; return what each input must come to.

    With ``folder=None`` nothing is written: the expectations alone (test collection
    uses them to name its cases).
    """
    c = Corpus()
    e = c.expect

    def _write(_: object, name: str, data: bytes | str | Callable[[], bytes | str]) -> None:
        if folder is None:
            return
        path = folder / name
        path.parent.mkdir(parents=True, exist_ok=True)
        if callable(data):
            data = data()
        path.write_bytes(data.encode("utf-8") if isinstance(data, str) else data)

    _write(folder, GOOD_ID, good_text)
    e[GOOD_ID] = Stored((good_text.splitlines()[1][:60],))

    _write(folder, "empty.txt", b"")
    e["empty.txt"] = Rejected(r"empty|no text")
    _write(folder, "whitespace.txt", b"  \n\t\n   \r\n\n")
    e["whitespace.txt"] = Rejected(r"empty|no text")

    _write(folder, "image.html", _png)
    e["image.html"] = Rejected(r"PNG")
    _write(folder, "report.txt", _pdf)
    e["report.txt"] = Rejected(r"PDF")
    _write(folder, "bundle.html", _zip)
    e["bundle.html"] = Rejected(r"zip")

    _write(folder, "utf16.txt", UTF16.encode("utf-16"))  # Python writes the BOM first
    e["utf16.txt"] = Stored(("café owner", "government’s estimate — “at least 200 dead”"))
    _write(folder, "latin1.txt", LATIN1.encode("latin-1"))
    e["latin1.txt"] = Stored(("Café owners in Málaga", "£20,000", "150 façades", "Señor Jiménez", "1½ metres"))
    _write(folder, "cp1252.txt", CP1252.encode("cp1252"))
    e["cp1252.txt"] = Stored(("March – the “core” rate", "€3 billion", "forecast… Analysts’"))
    # valid UTF-8 with two stray bytes: the good characters must survive, not turn to mojibake
    raw = INVALID_UTF8_TEXT.encode("utf-8")
    cut = raw.index(b"about 40,000")
    _write(folder, "invalid_utf8.txt", raw[:cut] + b"\xff\xc3(" + raw[cut:])
    e["invalid_utf8.txt"] = Stored(("The city’s transport office", "about 40,000 drivers"), absent=("\r", "â€"))

    mixed = MIXED_PARAS[0] + "\r\n" + MIXED_PARAS[1] + "\r" + MIXED_PARAS[2] + "\n" + MIXED_PARAS[3] + "\r\n"
    _write(folder, "mixed_newlines.txt", mixed)
    e["mixed_newlines.txt"] = Stored((*(p + "\n" for p in MIXED_PARAS[:3]), MIXED_PARAS[3]))

    big_line = ("Officials said on Monday that about 5,000 people had been evacuated from the valley. " * 40 + "\n")
    if folder is not None:
        with (folder / "huge.txt").open("w", encoding="utf-8") as fh:
            for _ in range(big_mb * 1024 * 1024 // len(big_line) + 1):
                fh.write(big_line)
    e["huge.txt"] = Rejected(r"size limit|too large")

    deep = ("<html><body>" + "<div>" * 10_000 + "<p>" + NO_BODY_PARAS[1] + "</p>" + "</div>" * 10_000
            + "</body></html>")
    _write(folder, "deep.html", deep)
    # lxml stops building the tree at depth 256; ingest flattens the excess nesting and keeps the text
    e["deep.html"] = Stored((NO_BODY_PARAS[1][:60],))
    no_body = (f"<html><head><title>{NO_BODY_PARAS[0]}</title></head>"
               + "".join(f"<p>{p}</p>" for p in NO_BODY_PARAS[1:]) + "</html>")
    _write(folder, "no_body.html", no_body)
    e["no_body.html"] = Stored((NO_BODY_PARAS[2],))
    _write(folder, "head_only.html", "<html><head><title>Nothing here</title><meta charset='utf-8'></head></html>")
    e["head_only.html"] = Rejected(r"no article text")

    # a decompression bomb: 200 MB of text in ~200 KB of gzip; reading must stop at the limit
    _write(folder, "bomb.txt.gz", _bomb)
    e["bomb.txt.gz"] = Rejected(r"size limit|too large")

    article = _html("Dam inspection ordered", [WARC_PAGES[0][2], WARC_PAGES[1][2]]).encode()
    zipped = gzip.compress(article * 3)
    _write(folder, "cut.html.gz", zipped[: len(zipped) // 2])
    e["cut.html.gz"] = Rejected(r"truncated|ends early|corrupt")

    def cut_warc() -> bytes:
        warc, starts = make_warc(WARC_PAGES)
        return warc[: starts[2] + (len(warc) - starts[2]) // 2]

    _write(folder, "crawl.warc.gz", cut_warc)
    e["crawl.warc.gz"] = Rejected(r"truncated|corrupt")
    e["https://example.com/news/quake"] = Stored(("magnitude 5.8",), doc_id="https://example.com/news/quake")
    e["https://example.com/news/rail"] = Stored(("About 40,000 workers",), doc_id="https://example.com/news/rail")

    lines = [json.dumps({"id": FEED[0][0], "text": FEED[0][1]}),
             '{"id": "feed-2", "text": "The storm',  # broken JSON
             '{"id": "feed-3", "text": "' + "word " * (21 * 1024 * 1024 // 5) + '"}',  # over 20 MB
             "[1, 2, 3]",
             json.dumps({"id": FEED[1][0], "text": FEED[1][1]})]
    _write(folder, "feed.jsonl", "\n".join(lines) + "\n")
    e["feed.jsonl#2"] = Rejected(r"line 2.*not valid JSON", origin="feed.jsonl")
    e["feed.jsonl#3"] = Rejected(r"line 3.*size limit", origin="feed.jsonl")
    e["feed.jsonl#4"] = Rejected(r"line 4.*not a JSON object", origin="feed.jsonl")
    e["feed-1"] = Stored(("about 3,000 passengers",), doc_id="feed-1")
    e["feed-5"] = Stored(("about 300 nurses",), doc_id="feed-5")

    _write(folder, "noticias.txt", SPANISH)
    e["noticias.txt"] = NotEnglish("Spanish")
    _write(folder, "nachrichten.txt", GERMAN)
    e["nachrichten.txt"] = NotEnglish("German")

    # a folder that links back to itself and to its parent, and a file link to itself
    _write(folder, "loop/inner.txt", "\n".join(MIXED_PARAS[:2]) + "\nA second report, filed from the loop.\n")
    e["loop/inner.txt"] = Stored(("A second report",), doc_id="loop/inner.txt")
    if folder is not None:
        os.symlink(".", folder / "loop" / "self")
        os.symlink("..", folder / "loop" / "parent")
        os.symlink("selfloop.txt", folder / "selfloop.txt")
    e["selfloop.txt"] = Rejected(r"symbolic link|symlink|loop|cannot")
    return c
