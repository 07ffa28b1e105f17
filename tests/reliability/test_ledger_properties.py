"""Property tests of the store: any valid DocumentResult survives write, re-write and export.

The store is the one place every stage's output ends up, so it is tested with results
no extractor would produce — arbitrary Unicode text, spans anywhere inside it, open
bounds, empty everything — to show that what goes in comes out unchanged, that writing
twice is a no-op, that re-analysis replaces rather than duplicates, and that the ledger
passes its own integrity check after each step.
"""

from __future__ import annotations

import json
import tempfile
from pathlib import Path
from typing import Any

from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from claimledger.ledger.export import export_dict
from claimledger.ledger.integrity import check
from claimledger.ledger.store import Ledger
from claimledger.models import (
    FINDING_KINDS,
    HEDGES,
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

# Lone surrogates cannot be stored as UTF-8 and never come out of decoding; they are
# covered by the bad-input tests (JSONL escapes), not here.
CHARS = st.characters(exclude_categories=["Cs"])
TEXT = st.text(CHARS, min_size=1, max_size=400)
SHORT = st.one_of(st.none(), st.text(CHARS, max_size=40))
NUMBER = st.one_of(st.none(), st.integers(-10**12, 10**12).map(float),
                   st.floats(-1e12, 1e12, allow_nan=False, allow_infinity=False))
DOC_ID = st.text(CHARS, min_size=1, max_size=60)


def _span(draw: st.DrawFn, n: int) -> tuple[int, int]:
    start = draw(st.integers(0, n))
    return start, draw(st.integers(start, n))


@st.composite
def results(draw: st.DrawFn, doc_id: str | None = None) -> DocumentResult:
    text = draw(TEXT)
    n = len(text)
    did = doc_id if doc_id is not None else draw(DOC_ID)
    doc = Document(id=did, text=text, title=draw(SHORT), outlet=draw(SHORT), author=draw(SHORT),
                   published=draw(st.one_of(st.none(), st.dates().map(lambda d: d.isoformat()))),
                   url=draw(SHORT), origin=draw(st.text(max_size=30)), format=draw(st.sampled_from(
                       ["txt", "html", "jsonl", "warc"])), language=draw(st.sampled_from([None, "en"])))
    blocks = tuple(Block(i, *_span(draw, n), kind=draw(st.sampled_from(["title", "paragraph", "quote"])),
                         boilerplate=draw(st.sampled_from([None, "author bio"])))
                   for i in range(draw(st.integers(0, 4))))
    sentences = tuple(Sentence(i, *_span(draw, n), block=0) for i in range(draw(st.integers(0, 4))))
    claims = []
    for _ in range(draw(st.integers(0, 5))):
        start, end = _span(draw, n)
        low, high = draw(NUMBER), draw(NUMBER)
        if low is not None and high is not None and low > high:
            low, high = high, low
        source = draw(st.one_of(st.none(), st.builds(Attribution, name=st.text(min_size=1, max_size=30),
                                                     role=SHORT, org=SHORT, relayed_by=SHORT, stance=SHORT)))
        claims.append(Claim(doc=did, start=start, end=end, low=low, high=high, hedge=draw(st.sampled_from(HEDGES)),
                            counted=draw(SHORT), source=source, as_of=draw(SHORT), as_of_basis=None,
                            sentence=draw(st.integers(0, 3)), unit=draw(SHORT), text=text[start:end]))
    events = tuple(Event(doc=did, start=s, end=e, date=draw(st.sampled_from(["2024", "2024-06", "2024-06-19"])),
                         what=draw(st.text(max_size=40)), sentence=draw(st.integers(0, 3)))
                   for s, e in (_span(draw, n) for _ in range(draw(st.integers(0, 3)))))
    findings = tuple(Finding(kind=draw(st.sampled_from(FINDING_KINDS)), doc=did,
                             spans=tuple(_span(draw, n) for _ in range(draw(st.integers(1, 3)))),
                             why=draw(st.text(min_size=1, max_size=60)), key=f"k{i}")
                     for i in range(draw(st.integers(0, 3))))
    return DocumentResult(document=doc, blocks=blocks, sentences=sentences, claims=tuple(claims),
                          events=events, findings=findings)


def _claim_rows(r: DocumentResult) -> list[tuple[Any, ...]]:
    rows = [(k.start, k.end, k.text, k.low, k.high, k.hedge, k.counted, k.source.name if k.source else None,
             k.as_of, k.unit) for k in r.claims]
    return sorted(rows, key=repr)


def _exported_claims(data: dict[str, Any], doc_id: str) -> list[tuple[Any, ...]]:
    rows = [(c["start"], c["end"], c["text"], None if c["low"] is None else float(c["low"]),
             None if c["high"] is None else float(c["high"]), c["hedge"], c["counted"], c["source"],
             c["as_of"], c["unit"]) for c in data["claims"] if c["doc"] == doc_id]
    return sorted(rows, key=repr)


def _assert_exported(data: dict[str, Any], r: DocumentResult) -> None:
    d = r.document
    [doc] = [x for x in data["documents"] if x["id"] == d.id]
    assert doc["text"] == d.text  # stored verbatim, offsets still valid
    assert (doc["title"], doc["outlet"], doc["author"], doc["published"]) == (d.title, d.outlet, d.author,
                                                                              d.published)
    assert _exported_claims(data, d.id) == _claim_rows(r)
    assert sorted((e["start"], e["end"], e["date"], e["what"]) for e in data["events"] if e["doc"] == d.id) == \
        sorted((e.start, e.end, e.date, e.what) for e in r.events)
    assert sorted((f["kind"], json.dumps(f["spans"]), f["why"]) for f in data["findings"] if f["doc"] == d.id) == \
        sorted((f.kind, json.dumps([list(s) for s in f.spans]), f.why) for f in r.findings)
    # the exported JSON is valid JSON that parses back to the same object
    assert json.loads(json.dumps(data, ensure_ascii=False)) == data


@settings(max_examples=60, deadline=None, suppress_health_check=[HealthCheck.too_slow])
@given(first=results(doc_id="a.txt"), second=results(doc_id="a.txt"), other=results(doc_id="b/c.txt"))
def test_write_rewrite_export_consistent(first: DocumentResult, second: DocumentResult,
                                         other: DocumentResult) -> None:
    with tempfile.TemporaryDirectory() as tmp, Ledger(Path(tmp) / "l.db") as led:
        assert led.write_result(first, "v1") == "new"
        assert led.write_result(other, "v1") == "new"
        counts = {t: led.count(t) for t in ("documents", "claims", "events", "findings", "sentences")}
        assert led.write_result(first, "v1") == "same"  # idempotent: nothing written twice
        assert {t: led.count(t) for t in counts} == counts
        assert check(led) == []
        data = export_dict(led)
        _assert_exported(data, first)
        _assert_exported(data, other)

        # a re-analysis or a new text replaces everything derived from the document
        expected = "same" if second.document.hash == first.document.hash else "changed"
        state = led.write_result(second, "v1" if expected == "changed" else "v2")
        assert state == ("changed" if expected == "changed" else "stale")
        assert check(led) == []
        data = export_dict(led)
        _assert_exported(data, second)
        _assert_exported(data, other)  # the other document is untouched
        assert led.count("documents") == 2
        assert led.count("claims") == len(second.claims) + len(other.claims)
        versions = led.count("document_versions")
        assert versions == (1 if expected == "changed" else 0)


@settings(max_examples=40, deadline=None)
@given(r=results())
def test_spans_in_export_point_into_the_text(r: DocumentResult) -> None:
    """Every exported span is inside its document, and a claim's text is its span's text."""
    with tempfile.TemporaryDirectory() as tmp, Ledger(Path(tmp) / "l.db") as led:
        led.write_result(r, "v1")
        data = export_dict(led)
    texts = {d["id"]: d["text"] for d in data["documents"]}
    for c in data["claims"]:
        assert 0 <= c["start"] <= c["end"] <= len(texts[c["doc"]])
        assert texts[c["doc"]][c["start"]:c["end"]] == c["text"]
    for e in data["events"]:
        assert 0 <= e["start"] <= e["end"] <= len(texts[e["doc"]])
    for f in data["findings"]:
        for s, e in f["spans"]:
            assert 0 <= s <= e <= len(texts[f["doc"]])


def test_check_reports_a_span_outside_its_document(tmp_path: Path) -> None:
    """The invariant check is not vacuous: a claim pointing past the text is reported."""
    text = "About 40 people were hurt."
    doc = Document(id="x.txt", text=text)
    bad = Claim(doc="x.txt", start=6, end=len(text) + 5, low=40, high=40, hedge="exact", counted=None,
                source=None, as_of=None, as_of_basis=None, sentence=0, text="40")
    finding = Finding(kind="duplicate", doc="x.txt", spans=((0, 3),), why="w",
                      refs=(Ref(doc="missing.txt", start=0, end=1),))
    with Ledger(tmp_path / "l.db") as led:
        led.write_result(DocumentResult(document=doc, claims=(bad,), findings=(finding,)), "v1")
        problems = check(led)
    assert any("claims: span" in p and "x.txt" in p for p in problems)
    assert any("reference" in p and "missing.txt" in p for p in problems)
