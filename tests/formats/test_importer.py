"""Import of a claimledger-export/1 file: export -> import -> export is the identity."""

from __future__ import annotations

import json
import tempfile
from pathlib import Path
from typing import Any

import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from claimledger.errors import InputError
from claimledger.formats.importer import ANALYSER, SECTIONS, import_export, load_export
from claimledger.ledger.export import export_dict, write_json
from claimledger.ledger.integrity import check
from claimledger.ledger.store import Ledger
from claimledger.models import (
    HEDGES,
    Attribution,
    Claim,
    Document,
    DocumentResult,
    Event,
    Finding,
    Ref,
    Sentence,
)

from .conftest import build_ledger


def _export(db: Path) -> dict[str, Any]:
    with Ledger(db, readonly=True) as led:
        return json.loads(json.dumps(export_dict(led)))  # exactly what a file would hold


def _import(data: dict[str, Any], db: Path, **kw: Any):  # type: ignore[no-untyped-def]
    with Ledger(db) as led:
        return import_export(data, led, **kw)


def test_round_trip_of_a_full_ledger_is_identical(ledger_db: Path, tmp_path: Path) -> None:
    first = _export(ledger_db)
    summary = _import(first, tmp_path / "copy.db")
    assert summary.kept_ids and summary.documents == 2 and summary.claims == 3 and summary.findings == 2
    assert summary.figures == 2 and summary.events == 2 and not summary.skipped_documents
    second = _export(tmp_path / "copy.db")
    assert second == first
    with Ledger(tmp_path / "copy.db", readonly=True) as led:
        assert check(led) == []  # spans, hashes and keys all hold
        assert {r[0] for r in led.conn.execute("SELECT analyser FROM documents")} == {ANALYSER}
        assert led.count("timeline") == 1  # rebuilt from events.timeline
        hits = list(led.rows("SELECT doc FROM sentence_search WHERE sentence_search MATCH 'spokesperson'"))
        assert [h["doc"] for h in hits] == ["pentagon.txt"]  # sentences of claims are searchable again


def test_import_from_file_written_by_export(ledger_db: Path, tmp_path: Path) -> None:
    path = tmp_path / "story.json"
    with Ledger(ledger_db, readonly=True) as led, path.open("w", encoding="utf-8") as fh:
        write_json(led, fh)
    data = load_export(path)
    _import(data, tmp_path / "copy.db")
    assert _export(tmp_path / "copy.db") == data


def test_merge_into_a_ledger_with_data_skips_or_replaces_existing_documents(ledger_db: Path, tmp_path: Path) -> None:
    data = _export(ledger_db)
    other = tmp_path / "other.db"
    with Ledger(other) as led:
        led.write_result(DocumentResult(Document(id="pentagon.txt", text="An older text.")), "x")
        led.write_result(DocumentResult(Document(id="mine.txt", text="Mine.")), "x")
    summary = _import(data, other)
    assert not summary.kept_ids and summary.skipped_documents == ["pentagon.txt"]
    merged = _export(other)
    assert {d["id"] for d in merged["documents"]} == {"pentagon.txt", "kyiv.html", "mine.txt"}
    assert next(d for d in merged["documents"] if d["id"] == "pentagon.txt")["text"] == "An older text."
    # the conflict lives in kyiv.html but refers to pentagon.txt's old text: its span was checked against it
    summary = _import(data, other, replace=True)
    assert summary.documents == 2
    replaced = _export(other)
    assert next(d for d in replaced["documents"] if d["id"] == "pentagon.txt")["text"] == data["documents"][1]["text"]
    figures = {f["id"]: f["label"] for f in replaced["figures"]}
    for claim in replaced["claims"]:  # figure references were remapped to the new figure rows
        assert figures[claim["figure"]] == claim["counted"]


@pytest.mark.parametrize(("damage", "message"), [
    (lambda d: d.update(schema="something-else/2"), "Not a claimledger-export/1"),
    (lambda d: d["claims"][0].update(end=10**6), "outside its document"),
    (lambda d: d["documents"][0].update(text=d["documents"][0]["text"] + "!"), "does not match its hash"),
    (lambda d: d["events"][0].update(doc="nowhere.txt"), "not in the export"),
    (lambda d: d["findings"][0]["refs"].append({"doc": "ghost", "start": 0, "end": 1}), "neither the export"),
    (lambda d: d["documents"].append(dict(d["documents"][0])), "appears twice"),
])
def test_a_damaged_export_imports_nothing(ledger_db: Path, tmp_path: Path, damage: Any, message: str) -> None:
    data = _export(ledger_db)
    damage(data)
    target = tmp_path / "copy.db"
    with pytest.raises(InputError, match=message):
        _import(data, target)
    with Ledger(target, readonly=True) as led:
        assert all(led.count(t) == 0 for t in ("documents", "claims", "events", "findings", "figures"))


def test_unknown_sections_are_reported_not_lost_silently(ledger_db: Path, tmp_path: Path) -> None:
    data = _export(ledger_db)
    data["sources_v2"] = [{"name": "x"}]
    assert _import(data, tmp_path / "c.db").ignored_sections == ["sources_v2"]


# ---------------------------------------------------------------------------- property
_TEXT = st.text(alphabet=st.sampled_from(list("abc xyz.\n€é—1234567890😀")), min_size=1, max_size=80)
_NAME = st.one_of(st.none(), st.text(alphabet="ABCdef ", min_size=1, max_size=12))
_NUM = st.one_of(st.none(), st.integers(-10**6, 10**9), st.floats(-1e6, 1e9, allow_nan=False, allow_infinity=False))


@st.composite
def ledgers(draw: st.DrawFn) -> list[DocumentResult]:
    """1–3 documents, each with a few claims, events and findings at random spans."""
    n = draw(st.integers(1, 3))
    texts = [draw(_TEXT) for _ in range(n)]
    ids = [f"doc-{i}/{draw(st.sampled_from(['a.txt', 'é.html', 'x y.txt']))}" for i in range(n)]
    results = []
    for i, (doc_id, text) in enumerate(zip(ids, texts, strict=True)):
        def span(t: str = text) -> tuple[int, int]:
            s = draw(st.integers(0, len(t)))
            return s, draw(st.integers(s, len(t)))

        sentences = (Sentence(0, 0, len(text), 0),)
        claims = []
        for _ in range(draw(st.integers(0, 3))):
            s, e = span()
            low, high = draw(_NUM), draw(_NUM)
            if low is not None and high is not None and low > high:
                low, high = high, low
            source = draw(st.one_of(st.none(), st.builds(Attribution, _NAME.filter(bool), _NAME, _NAME)))
            claims.append(Claim(doc_id, s, e, low, high, draw(st.sampled_from(HEDGES)), draw(_NAME), source,
                                draw(st.one_of(st.none(), st.just("2024-11"))), None, 0, text=text[s:e] or "0"))
        events = [Event(doc_id, *span(), date=draw(st.sampled_from(["2024", "2024-06-19"])), what=draw(_TEXT),
                        sentence=0) for _ in range(draw(st.integers(0, 2)))]
        findings = []
        for k in range(draw(st.integers(0, 2))):
            j = draw(st.integers(0, n - 1))
            r = span(texts[j])
            findings.append(Finding(draw(st.sampled_from(["conflict", "duplicate", "unattributed"])), doc_id,
                                    (span(),), draw(_TEXT), refs=(Ref(ids[j], *r),) if j != i else (), key=f"k{k}"))
        results.append(DocumentResult(Document(id=doc_id, text=text, title=draw(_NAME), url=draw(_NAME)),
                                      (), sentences, tuple(claims), tuple(events), tuple(findings)))
    return results


@settings(max_examples=40, deadline=None, suppress_health_check=[HealthCheck.too_slow])
@given(ledgers(), st.booleans())
def test_round_trip_property(results: list[DocumentResult], with_figures: bool) -> None:
    with tempfile.TemporaryDirectory() as tmp:
        src, dst = Path(tmp) / "a.db", Path(tmp) / "b.db"
        with Ledger(src) as led:
            for r in results:
                led.write_result(r, "prop")
            if with_figures:
                with led.transaction() as c:
                    c.execute("INSERT INTO figures (id, label, claims) VALUES (42, 'things', 1)")
                    c.execute("UPDATE claims SET figure = 42")
        first = _export(src)
        _import(first, dst)
        assert _export(dst) == first
        with Ledger(dst, readonly=True) as led:
            assert check(led) == []


def test_sections_cover_the_export(ledger_db: Path) -> None:
    """If the export grows a section, the importer must learn it (or this test says so)."""
    assert set(_export(ledger_db)) - {"schema"} == set(SECTIONS)


def test_load_export_errors(tmp_path: Path) -> None:
    bad = tmp_path / "bad.json"
    bad.write_text("{not json", encoding="utf-8")
    with pytest.raises(InputError, match="not JSON"):
        load_export(bad)
    assert build_ledger  # the fixture builder is importable for other tests
