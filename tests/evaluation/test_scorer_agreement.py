"""``claimledger.evaluation.score`` must agree with the reference scorer, number for number.

The reference (``fixtures/score.py``, a byte-identical copy of ``shared/eval/score.py``) is
loaded as a module and run on the same gold, export and documents; both the ``--json``
output and the text report must be identical.  The exports are handmade to hit every rule
of the matching (wrong-bounds consumption, optional claims, greedy order, text fallback,
date prefixes, finding needles) and, with hypothesis, random.
"""

from __future__ import annotations

import contextlib
import copy
import hashlib
import importlib.util
import io
import json
from pathlib import Path
from types import ModuleType
from typing import Any

import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from claimledger.evaluation import format_report, load_gold, read_gold_texts, score

HERE = Path(__file__).resolve().parent
REFERENCE = HERE / "fixtures" / "score.py"
REFERENCE_SHA256 = "fb9fbc587cbe7b42046edff830dc5a5a88b85a9ce7cc7bd7deab57a23a1e591e"
KURSK = HERE.parent.parent / "samples" / "kursk-2024"


def _load_reference() -> ModuleType:
    spec = importlib.util.spec_from_file_location("reference_score", REFERENCE)
    assert spec is not None and spec.loader is not None
    module = importlib.util.module_from_spec(spec)
    spec.loader.exec_module(module)
    return module


REF = _load_reference()


def run_reference(gold_path: Path, export: dict[str, Any], docs: Path, work: Path, *, as_json: bool = True) -> str:
    export_path = work / "export.json"
    export_path.write_text(json.dumps(export), encoding="utf-8")
    argv = ["score.py", str(gold_path), str(export_path), str(docs)] + (["--json"] if as_json else [])
    out = io.StringIO()
    with contextlib.redirect_stdout(out):
        assert REF.main(argv) == 0
    return out.getvalue()


def assert_agree(gold_path: Path, export: dict[str, Any], docs: Path, work: Path) -> dict[str, Any]:
    gold = load_gold(gold_path)
    result = score(gold, export, read_gold_texts(gold, docs))
    expected = json.loads(run_reference(gold_path, export, docs, work))
    assert result.to_dict() == expected
    assert format_report(result) == run_reference(gold_path, export, docs, work, as_json=False).rstrip("\n")
    return expected


# --- a small handmade gold set -------------------------------------------------------

DOC_A = ("Storm ledger\n"
         "About 1,200 homes lost power on Monday, the utility said. At least 40 roads were closed.\n"
         "Officials said 1,200 homes were still dark, and nearly 300 crews were out.\n"
         "The storm began on June 3, 2024 and moved east.\n"
         "Sign up for our newsletter.\n")
DOC_B = ("Second story\n"
         "Between 10 and 12 bridges were damaged, the agency said on Tuesday.\n"
         "Some 5,000 people were evacuated in early June.\n")

GOLD: dict[str, Any] = {
    "schema": "claimledger-gold/1",
    "story": "handmade",
    "documents": {"a.txt": {"title": "Storm ledger", "outlet": None, "author": None, "published": "2024-06-04"},
                  "b.txt": {"title": "Second story", "outlet": None, "author": None, "published": None}},
    "claims": [
        {"doc": "a.txt", "text": "About 1,200 homes", "low": 1200, "high": 1200, "hedge": "approx",
         "counted": "homes without power", "source": "the utility", "as_of": "2024-06-03", "optional": False},
        {"doc": "a.txt", "text": "At least 40 roads", "low": 40, "high": None, "hedge": "min",
         "counted": "roads closed", "source": None, "as_of": None, "optional": False},
        {"doc": "a.txt", "text": "1,200 homes were still dark", "low": 1200, "high": 1200, "hedge": "exact",
         "counted": "homes still without power", "source": "Officials", "as_of": "2024-06", "optional": True},
        {"doc": "a.txt", "text": "nearly 300 crews", "low": None, "high": 300, "hedge": "approx",
         "counted": "repair crews out", "source": "Officials", "as_of": None, "optional": False},
        {"doc": "b.txt", "text": "Between 10 and 12 bridges", "low": 10, "high": 12, "hedge": "range",
         "counted": "bridges damaged", "source": "the agency", "as_of": None, "optional": False},
        {"doc": "b.txt", "text": "Some 5,000 people", "low": 5000, "high": 5000, "hedge": "approx",
         "counted": "people evacuated", "source": None, "as_of": "2024-06", "optional": False},
    ],
    "events": [
        {"doc": "a.txt", "text": "on Monday", "date": "2024-06-03", "what": "power cut"},
        {"doc": "a.txt", "text": "began on June 3, 2024", "date": "2024-06-03", "what": "storm begins"},
        {"doc": "b.txt", "text": "in early June", "date": "2024-06", "what": "evacuation"},
    ],
    "findings": [
        {"kind": "boilerplate", "doc": "a.txt", "text": "Sign up for our newsletter.", "why": "newsletter"},
        {"kind": "self_contradiction", "doc": "a.txt", "a": "About 1,200 homes", "b": "1,200 homes were still dark",
         "why": "made up"},
        {"kind": "unattributed", "doc": "b.txt", "text": "Some 5,000 people", "why": "no source"},
        {"kind": "duplicate", "doc": "b.txt", "text": "Second story", "why": "optional one", "optional": True},
    ],
}


@pytest.fixture(scope="module")
def handmade(tmp_path_factory: pytest.TempPathFactory) -> tuple[Path, Path, Path]:
    root = tmp_path_factory.mktemp("handmade")
    docs = root / "docs"
    docs.mkdir()
    (docs / "a.txt").write_text(DOC_A, encoding="utf-8")
    (docs / "b.txt").write_text(DOC_B, encoding="utf-8")
    gold_path = root / "gold.json"
    gold_path.write_text(json.dumps(GOLD), encoding="utf-8")
    return gold_path, docs, root


def span(text: str, needle: str, extra: int = 0) -> tuple[int, int]:
    i = text.index(needle)
    return i, i + len(needle) + extra


def claim(doc: str, text: str, needle: str, low: float | None, high: float | None, **kw: Any) -> dict[str, Any]:
    s, e = span(text, needle)
    return {"doc": doc, "start": s, "end": e, "low": low, "high": high, "hedge": kw.get("hedge", "exact"),
            "counted": kw.get("counted"), "source": kw.get("source"), "as_of": kw.get("as_of")}


def docs_field(**texts: str) -> list[dict[str, Any]]:
    return [{"id": k.replace("_", "."), "text": v} for k, v in texts.items()]


def perfect_export(gold: dict[str, Any], texts: dict[str, str]) -> dict[str, Any]:
    claims = []
    for g in gold["claims"]:
        s, e = span(texts[g["doc"]], g["text"])
        claims.append({"doc": g["doc"], "start": s, "end": e, "low": g["low"], "high": g["high"], "hedge": g["hedge"],
                       "counted": g["counted"], "source": g["source"], "as_of": g["as_of"]})
    events = []
    for g in gold["events"]:
        s, e = span(texts[g["doc"]], g["text"])
        events.append({"doc": g["doc"], "start": s, "end": e, "date": g["date"], "what": g["what"]})
    findings = []
    for g in gold["findings"]:
        spans = [list(span(texts[g["doc"]], g[k])) for k in ("a", "b", "text") if k in g]
        findings.append({"kind": g["kind"], "doc": g["doc"], "spans": spans, "why": g["why"]})
    return {"schema": "claimledger-export/1",
            "documents": [{"id": k, "text": v} for k, v in texts.items()],
            "claims": claims, "events": events, "findings": findings}


def test_reference_copy_is_unchanged() -> None:
    assert hashlib.sha256(REFERENCE.read_bytes()).hexdigest() == REFERENCE_SHA256


def test_empty_export_agrees(handmade: tuple[Path, Path, Path]) -> None:
    gold_path, docs, root = handmade
    expected = assert_agree(gold_path, {"schema": "claimledger-export/1"}, docs, root)
    assert expected["claims"]["fn"] == 5 and expected["claims"]["tp"] == 0


def test_perfect_export_agrees(handmade: tuple[Path, Path, Path]) -> None:
    gold_path, docs, root = handmade
    export = perfect_export(GOLD, {"a.txt": DOC_A, "b.txt": DOC_B})
    expected = assert_agree(gold_path, export, docs, root)
    assert expected["claims"]["f1"] == 1.0
    assert expected["events"]["f1"] == 1.0
    assert expected["findings"]["recall"] == 1.0


def test_tricky_export_agrees(handmade: tuple[Path, Path, Path]) -> None:
    """Wrong bounds consumed once, optional claims absorbing predictions, duplicate and
    unknown-document predictions, dates at the wrong precision, partial finding spans."""
    gold_path, docs, root = handmade
    a, b = DOC_A, DOC_B
    export = {
        "documents": docs_field(a_txt=a, b_txt=b),
        "claims": [
            claim("a.txt", a, "About 1,200", 1200, 1200, hedge="exact", counted="homes", source="utility"),
            claim("a.txt", a, "About 1,200 homes", 1200, 1200, hedge="approx"),  # duplicate: a false positive
            claim("a.txt", a, "At least 40", 40, 40, hedge="exact"),  # wrong bounds: used up by the miss
            claim("a.txt", a, "40 roads", 41, None, hedge="min"),  # wrong too: left over, a false positive
            claim("a.txt", a, "1,200 homes were", 1200, 1200, source="Officials"),  # absorbed by the optional
            claim("a.txt", a, "300 crews", None, 300, hedge="max", counted="crews", source="officials"),
            claim("b.txt", b, "10 and 12", 10, 12, hedge="range", source="agency", as_of="2024-06-04"),
            claim("b.txt", b, "5,000", 5000, 5000, hedge="approx", as_of="2024-05"),
            claim("c.txt", b, "5,000", 5000, 5000),  # a document the gold does not know: ignored
        ],
        "events": [
            {"doc": "a.txt", "start": span(a, "Monday")[0], "end": span(a, "Monday")[1], "date": "2024-06"},
            {"doc": "a.txt", "start": span(a, "June 3, 2024")[0], "end": span(a, "June 3, 2024")[1],
             "date": "2024-06-03"},
            {"doc": "b.txt", "start": span(b, "early June")[0], "end": span(b, "early June")[1], "date": "2024-06-07"},
            {"doc": "b.txt", "start": 0, "end": 5, "date": None},
        ],
        "findings": [
            {"kind": "boilerplate", "doc": "a.txt", "spans": [list(span(a, "newsletter"))]},
            {"kind": "self_contradiction", "doc": "a.txt", "spans": [list(span(a, "About 1,200 homes"))]},
            {"kind": "unattributed", "doc": "a.txt", "spans": [list(span(b, "Some 5,000"))]},
        ],
    }
    expected = assert_agree(gold_path, export, docs, root)
    assert (expected["claims"]["tp"], expected["claims"]["fp"], expected["claims"]["fn"]) == (4, 2, 1)
    assert expected["events"]["tp"] == 2  # a finer date than the gold's still agrees
    assert expected["findings"]["found"] == 1


def test_text_fallback_and_shifted_text_agree(handmade: tuple[Path, Path, Path]) -> None:
    """Spans index the export's own text; the raw files are read only for missing documents."""
    gold_path, docs, root = handmade
    shifted = "[archived copy]\n" + DOC_A
    export = perfect_export(GOLD, {"a.txt": shifted, "b.txt": DOC_B})
    export["documents"] = [d for d in export["documents"] if d["id"] == "a.txt"]  # b.txt: raw file
    expected = assert_agree(gold_path, export, docs, root)
    assert expected["claims"]["f1"] == 1.0
    unshifted = perfect_export(GOLD, {"a.txt": DOC_A, "b.txt": DOC_B})
    unshifted["documents"] = [{"id": "a.txt", "text": shifted}]  # offsets now point 16 characters early
    assert_agree(gold_path, unshifted, docs, root)


def test_kursk_perfect_and_degraded_exports_agree(tmp_path: Path) -> None:
    gold_path = KURSK / "gold.json"
    gold = load_gold(gold_path)
    texts = read_gold_texts(gold, KURSK)
    export = perfect_export(gold, texts)
    expected = assert_agree(gold_path, export, KURSK, tmp_path)
    assert expected["claims"]["recall"] == 1.0
    degraded = copy.deepcopy(export)
    for i, c in enumerate(degraded["claims"]):
        if i % 3 == 0:
            c["low"] = (c["low"] or 0) + 1
        if i % 4 == 0:
            c["hedge"], c["source"], c["as_of"] = "vague", "somebody", "1999"
    degraded["claims"] = degraded["claims"][::-1][::2]
    degraded["events"] = degraded["events"][1:]
    degraded["findings"] = degraded["findings"][::2]
    assert_agree(gold_path, degraded, KURSK, tmp_path)


_KURSK_GOLD = load_gold(KURSK / "gold.json")
_KURSK_TEXTS = read_gold_texts(_KURSK_GOLD, KURSK)
_DOC_IDS = sorted(_KURSK_TEXTS)
_VALUES = sorted({v for c in _KURSK_GOLD["claims"] for v in (c["low"], c["high"]) if v is not None})


@st.composite
def random_claims(draw: st.DrawFn) -> dict[str, Any]:
    doc = draw(st.sampled_from([*_DOC_IDS, "unknown.txt"]))
    n = max(1, len(_KURSK_TEXTS.get(doc, "x")))
    start = draw(st.integers(0, n - 1))
    end = draw(st.integers(start + 1, min(n, start + 80)))
    low = draw(st.one_of(st.none(), st.sampled_from(_VALUES)))
    high = draw(st.one_of(st.none(), st.just(low), st.sampled_from(_VALUES)))
    return {"doc": doc, "start": start, "end": end, "low": low, "high": high,
            "hedge": draw(st.sampled_from(["exact", "approx", "min", "max", "range", "vague"])),
            "counted": draw(st.sampled_from([None, "North Korean soldiers", "troops"])),
            "source": draw(st.sampled_from([None, "", "Zelensky", "The New York Times", "spy agency"])),
            "as_of": draw(st.sampled_from([None, "2024", "2024-11-10", "2024-10-18"]))}


@st.composite
def random_events(draw: st.DrawFn) -> dict[str, Any]:
    doc = draw(st.sampled_from(_DOC_IDS))
    n = len(_KURSK_TEXTS[doc])
    start = draw(st.integers(0, n - 1))
    return {"doc": doc, "start": start, "end": draw(st.integers(start + 1, min(n, start + 60))),
            "date": draw(st.sampled_from([None, "2024", "2024-06", "2024-11-12", "2024-11-09"]))}


@settings(max_examples=40, deadline=None, suppress_health_check=[HealthCheck.function_scoped_fixture])
@given(claims=st.lists(random_claims(), max_size=60), events=st.lists(random_events(), max_size=15))
def test_random_exports_agree(tmp_path: Path, claims: list[dict[str, Any]], events: list[dict[str, Any]]) -> None:
    export = {"documents": [{"id": k, "text": v} for k, v in _KURSK_TEXTS.items()], "claims": claims,
              "events": events, "findings": []}
    assert_agree(KURSK / "gold.json", export, KURSK, tmp_path)
