"""What the scorer's numbers mean, beyond agreeing with the reference: the rules a developer
relies on when reading a report (optional claims, greedy use of predictions, the
attribute facets, the verbose listing) and the errors a malformed export gets."""

from __future__ import annotations

from typing import Any

import pytest

from claimledger.errors import InputError
from claimledger.evaluation import EvalResult, format_report, score

TEXT = "Officials said at least 200 people were hurt. Some 35 people died on Friday."


def gold(*claims: dict[str, Any], events: list[dict[str, Any]] | None = None,
         findings: list[dict[str, Any]] | None = None) -> dict[str, Any]:
    return {"schema": "claimledger-gold/1", "documents": {"d.txt": {"title": None}},
            "claims": list(claims), "events": events or [], "findings": findings or []}


def g(text: str, low: float | None, high: float | None, hedge: str = "exact", **kw: Any) -> dict[str, Any]:
    return {"doc": "d.txt", "text": text, "low": low, "high": high, "hedge": hedge,
            "counted": kw.get("counted", "people"), "source": kw.get("source"), "as_of": kw.get("as_of"),
            "optional": kw.get("optional", False)}


def p(needle: str, low: float | None, high: float | None, **kw: Any) -> dict[str, Any]:
    i = TEXT.index(needle)
    return {"doc": "d.txt", "start": i, "end": i + len(needle), "low": low, "high": high, **kw}


def export(*claims: dict[str, Any], **rest: Any) -> dict[str, Any]:
    return {"documents": [{"id": "d.txt", "text": TEXT}], "claims": list(claims), **rest}


def test_hit_scores_every_attribute() -> None:
    r = score(gold(g("at least 200 people", 200, None, "min", source="Officials", as_of="2024-11",
                     counted="people hurt")),
              export(p("at least 200", 200, None, hedge="min", source="officials", as_of="2024-11-08",
                       counted="people hurt")))
    assert (r.claims.tp, r.claims.fp, r.claims.fn) == (1, 0, 0)
    assert (r.hedge_acc, r.counted_f1, r.source_acc, r.as_of_acc) == (1.0, 1.0, 1.0, 1.0)
    assert r.mismatches == ()


def test_optional_gold_absorbs_a_prediction_without_scoring_it() -> None:
    r = score(gold(g("Some 35 people", 35, 35, "approx", optional=True)), export(p("35 people", 35, 35)))
    assert (r.claims.tp, r.claims.fp, r.claims.fn) == (0, 0, 0)


def test_wrong_bounds_count_as_a_miss_and_use_the_prediction_up() -> None:
    r = score(gold(g("at least 200 people", 200, None, "min")),
              export(p("at least 200", 200, 200), p("200 people", 199, None)))
    assert (r.claims.tp, r.claims.fp, r.claims.fn) == (0, 1, 1)
    assert r.wrong_bounds == (("at least 200 people", 200, 200),)
    assert r.missed_claims == ("at least 200 people",)


def test_attribute_mismatches_are_listed_for_developers() -> None:
    r = score(gold(g("Some 35 people", 35, 35, "approx", source="Officials", as_of="2024-11-08")),
              export(p("Some 35", 35, 35, hedge="exact", source=None, as_of="2024-11-09", counted="deaths")))
    assert r.claims.tp == 1 and r.hedge_acc == 0.0 and r.source_acc == 0.0 and r.as_of_acc == 0.0
    assert {m.facet for m in r.mismatches} == {"hedge", "counted", "source", "as_of"}
    report = format_report(r, verbose=True)
    assert "hedge differs: 'Some 35 people' gold 'approx' got 'exact'" in report
    assert "hedge differs" not in format_report(r)


def test_facets_without_data_are_none() -> None:
    r = score(gold(g("Some 35 people", 35, 35, "approx")), export())
    assert r.as_of_acc is None and r.findings.recall is None and r.hedge_acc == 0.0
    assert r.to_dict()["findings"] == {"found": 0, "gold": 0, "recall": None, "predicted": 0}


def test_false_positives_name_their_spans() -> None:
    r = score(gold(), export(p("Friday", 5, 5)))
    start = TEXT.index("Friday")
    assert r.false_positives == (("d.txt", start, start + len("Friday")),)
    assert f"unmatched prediction: d.txt [{start}:{start + 6}]" in format_report(r, verbose=True)


def test_events_agree_at_the_gold_precision_and_misses_are_listed() -> None:
    ev = [{"doc": "d.txt", "text": "died on Friday", "date": "2024-11", "what": "deaths"},
          {"doc": "d.txt", "text": "Officials said", "date": "2024-11-07", "what": "statement"}]
    i = TEXT.index("Friday")
    r = score(gold(events=ev), export(events=[{"doc": "d.txt", "start": i, "end": i + 6, "date": "2024-11-08"}]))
    assert (r.events.tp, r.events.gold, r.events.predicted) == (1, 2, 1)
    assert r.missed_events == ("2024-11-07: Officials said",)


def test_finding_needs_every_needle_covered() -> None:
    f = [{"kind": "disagreement", "doc": "d.txt", "a": "at least 200", "b": "Some 35", "why": "x"}]
    one = {"kind": "disagreement", "doc": "d.txt", "spans": [[TEXT.index("200"), TEXT.index("200") + 3]]}
    both = {**one, "spans": [*one["spans"], [TEXT.index("35"), TEXT.index("35") + 2]]}
    assert score(gold(findings=f), export(findings=[one])).findings.found == 0
    assert score(gold(findings=f), export(findings=[both])).findings.found == 1
    assert score(gold(findings=f), export(findings=[{**both, "kind": "conflict"}])).findings.found == 0


def test_texts_fallback_is_used_when_the_export_lacks_the_document() -> None:
    i = TEXT.index("Some 35")
    exp = {"claims": [{"doc": "d.txt", "start": i, "end": i + 7, "low": 35, "high": 35}]}
    assert score(gold(g("Some 35 people", 35, 35)), exp).claims.tp == 0  # no text: nothing to find
    assert score(gold(g("Some 35 people", 35, 35)), exp, {"d.txt": TEXT}).claims.tp == 1


def test_export_without_offsets_is_an_input_error() -> None:
    with pytest.raises(InputError, match=r"\[E200\] export claim #0 has no usable start/end"):
        score(gold(g("Some 35 people", 35, 35)), export({"doc": "d.txt", "low": 35, "high": 35}))


def test_to_dict_has_the_reference_keys() -> None:
    d = score(gold(), export()).to_dict()
    assert list(d) == ["claims", "hedge_acc", "counted_f1", "source_acc", "as_of_acc", "events", "findings"]
    assert list(d["claims"]) == ["tp", "fp", "fn", "precision", "recall", "f1"]
    assert list(d["events"]) == ["tp", "predicted", "gold", "precision", "recall", "f1"]
    assert isinstance(score(gold(), export()), EvalResult)
