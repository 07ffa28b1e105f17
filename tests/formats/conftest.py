"""A small, fully populated ledger built by hand: two documents that disagree on a figure.

Built without the NLP pipeline, so format tests are fast and their expectations exact.
Every table an export reads has rows: documents, sentences, claims (with figures),
events (with a timeline entry shared by both documents), findings in both scopes
(a cross-document conflict with a reference, an unattributed figure), sources.
"""

from __future__ import annotations

from pathlib import Path

import pytest

from claimledger.ledger.store import Ledger
from claimledger.models import (
    Attribution,
    Block,
    Claim,
    Document,
    DocumentResult,
    Event,
    Finding,
    Ref,
    Sentence,
)

PENTAGON = ("North Korean troops in Kursk\n"
            "At least 10,000 North Korean soldiers are in Kursk, Pentagon spokesperson Vedant Patel said on Monday.\n"
            "North Korea ratified the pact on 12 November 2024.\n"
            "Some 200 vehicles were seen near the border.")
KYIV = ("Kyiv: <script>alert('x')</script> 11,000 troops\n"
        "About 11,000 North Korean soldiers are in Kursk, Ukraine's defence intelligence agency said on Tuesday.\n"
        "North Korea ratified the pact on 12 November 2024, officials noted.")


def _span(text: str, needle: str) -> tuple[int, int]:
    s = text.index(needle)
    return s, s + len(needle)


def _sentences(text: str) -> tuple[tuple[Block, ...], tuple[Sentence, ...]]:
    blocks, sentences, pos = [], [], 0
    for i, line in enumerate(text.split("\n")):
        blocks.append(Block(i, pos, pos + len(line), "title" if i == 0 else "paragraph"))
        sentences.append(Sentence(i, pos, pos + len(line), i))
        pos += len(line) + 1
    return tuple(blocks), tuple(sentences)


def build_ledger(db: Path) -> Path:
    a = Document(id="pentagon.txt", text=PENTAGON, title="North Korean troops in Kursk", outlet="Defense Daily",
                 published="2024-11-05", url="https://defense.example/kursk")
    b = Document(id="kyiv.html", text=KYIV, title="Kyiv: <script>alert('x')</script> 11,000 troops",
                 outlet="Kyiv <script>alert('x')</script> Wire", published="2024-11-06", url="https://kyiv.example/a?x=1&y=2", format="html")
    ablocks, asents = _sentences(PENTAGON)
    bblocks, bsents = _sentences(KYIV)
    a1 = _span(PENTAGON, "At least 10,000 North Korean soldiers")
    a2 = _span(PENTAGON, "Some 200 vehicles")
    b1 = _span(KYIV, "About 11,000 North Korean soldiers")
    ra = Claim("pentagon.txt", *a1, low=10000, high=None, hedge="min", counted="North Korean soldiers",
               source=Attribution("Vedant Patel", role="spokesperson", org="Pentagon", stance="said"),
               as_of="2024-11-04", as_of_basis="sentence", sentence=1, text=PENTAGON[a1[0]:a1[1]])
    rb = Claim("pentagon.txt", *a2, low=200, high=200, hedge="approx", counted="vehicles", source=None,
               as_of="2024-11-05", as_of_basis="published", sentence=3, text=PENTAGON[a2[0]:a2[1]])
    rc = Claim("kyiv.html", *b1, low=11000, high=11000, hedge="approx", counted="North Korean soldiers",
               source=Attribution("Ukraine's defence intelligence agency", stance="said"),
               as_of="2024-11-05", as_of_basis="sentence", sentence=1, text=KYIV[b1[0]:b1[1]])
    ea = _span(PENTAGON, "North Korea ratified the pact on 12 November 2024")
    eb = _span(KYIV, "North Korea ratified the pact on 12 November 2024")
    results = [
        DocumentResult(a, ablocks, asents, (ra, rb),
                       (Event("pentagon.txt", *ea, date="2024-11-12", what="North Korea ratifies the pact", sentence=2),),
                       (Finding("unattributed", "pentagon.txt", (a2,), "No source is named for 200 vehicles."),)),
        DocumentResult(b, bblocks, bsents, (rc,),
                       (Event("kyiv.html", *eb, date="2024-11-12", what="North Korea ratifies the pact", sentence=2),)),
    ]
    with Ledger(db) as led:
        for r in results:
            led.write_result(r, "test-analyser")
        led.replace_ledger_findings([Finding(
            "conflict", "kyiv.html", (b1,), "Ukraine's defence intelligence agency says about 11,000 North Korean "
            "soldiers; Vedant Patel says at least 10,000.", refs=(Ref("pentagon.txt", *a1),))])
        with led.transaction() as c:
            c.execute("INSERT INTO figures (id, label, unit, claims, documents, first_as_of, last_as_of, trend)"
                      " VALUES (7, 'North Korean soldiers', NULL, 2, 2, '2024-11-04', '2024-11-05', 'rising')")
            c.execute("INSERT INTO figures (id, label, claims, documents) VALUES (8, 'vehicles', 1, 1)")
            c.execute("UPDATE claims SET figure = 7 WHERE counted = 'North Korean soldiers'")
            c.execute("UPDATE claims SET figure = 8 WHERE counted = 'vehicles'")
            c.execute("INSERT INTO timeline (id, date, what, events, documents)"
                      " VALUES (3, '2024-11-12', 'North Korea ratifies the pact', 2, 2)")
            c.execute("UPDATE events SET timeline = 3")
            c.execute("INSERT INTO sources (name, kind) VALUES ('Vedant Patel', 'person'),"
                      " ('Ukraine''s defence intelligence agency', 'org')")
    return db


@pytest.fixture
def ledger_db(tmp_path: Path) -> Path:
    return build_ledger(tmp_path / "story.db")
