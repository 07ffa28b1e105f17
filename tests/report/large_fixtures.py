"""A ledger with many rows for the pagination, index and bounded-report tests.

The Kursk sample story (real articles, hand-annotated gold items located in their text)
written ``copies`` times under fresh document ids, outlets and dates through the Ledger
API, then lined up into the sample's two figures and a timeline, as
:func:`ledger_fixtures.sample_ledger` does.  Enough rows that a page boundary falls in the
middle of documents, outlets and findings kinds, small enough to build in a second.
"""

from __future__ import annotations

import json
from pathlib import Path

from ledger_fixtures import SAMPLE, _figures_and_timeline, make_result

from claimledger.ledger.store import Ledger
from claimledger.models import Document

OUTLETS = ("Harbour Times", "Northern Post", "Capital Wire", "Valley Tribune", "Coastal News")


def many_ledger(db: Path, copies: int = 40) -> Path:
    gold = json.loads((SAMPLE / "gold.json").read_text(encoding="utf-8"))
    texts = {doc_id: (SAMPLE / doc_id).read_text(encoding="utf-8") for doc_id in gold["documents"]}
    with Ledger(db) as led:
        for k in range(copies):
            for j, (doc_id, meta) in enumerate(sorted(gold["documents"].items())):
                new_id = f"copy{k:03d}/{doc_id}"
                doc = Document(id=new_id, text=texts[doc_id], title=f"{meta['title']} ({k})",
                               outlet=OUTLETS[(k + j) % len(OUTLETS)], author=meta["author"],
                               published=f"2024-{1 + k % 12:02d}-{1 + (k * 7 + j) % 28:02d}",
                               origin=f"copies/{new_id}")
                led.write_result(make_result(
                    doc,
                    claims=[c for c in gold["claims"] if c["doc"] == doc_id],
                    events=[e for e in gold["events"] if e["doc"] == doc_id],
                    findings=[f for f in gold["findings"] if f["doc"] == doc_id]), "test-fixture")
        _figures_and_timeline(led)
    return db
