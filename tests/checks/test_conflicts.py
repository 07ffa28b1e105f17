"""Figure conflicts, trends, drift and event-date conflicts on hand-made claim facts."""

from __future__ import annotations

from claimledger.checks.concepts import concept_of
from claimledger.checks.conflicts import (
    ClaimFacts,
    EventFacts,
    drift_conflicts,
    event_conflicts,
    figure_conflicts,
    figure_stats,
)
from claimledger.checks.happenings import happening_of


def fact(i: int, doc: str, low: float | None, high: float | None, hedge: str, time: str | None,
         source: str | None = None, report: str | None = None, counted: str = "North Korean soldiers",
         entity: int | None = None, comparable: bool = True) -> ClaimFacts:
    return ClaimFacts(id=i, doc=doc, start=i * 10, end=i * 10 + 5, low=low, high=high, hedge=hedge, text=str(low),
                      time=time, source=source, source_entity=entity, report=report or doc, comparable=comparable,
                      concept=concept_of(counted), counted=counted)


KURSK = [
    fact(1, "bbc", 1500, None, "min", "2024-10-18", "NIS"),
    fact(2, "kyiv", 10000, 10000, "approx", "2024-11-04", "Volodymyr Zelensky"),
    fact(3, "pentagon", 10000, None, "min", "2024-11-04", "Vedant Patel"),
    fact(4, "nyt", 10000, 12000, "range", "2024-11-10", "The New York Times"),
    fact(5, "ni", 11000, 11000, "approx", "2024-11-14", "intelligence estimates"),
]


def test_an_estimate_that_grows_is_an_evolution_not_a_conflict() -> None:
    assert figure_conflicts("North Korean soldiers", KURSK) == []
    stats = figure_stats(KURSK, disputed=False)
    assert stats.trend == "rising"
    assert (stats.first, stats.last, stats.documents, stats.reports) == ("2024-10-18", "2024-11-14", 5, 5)


def test_same_day_disagreement_is_a_conflict_with_every_span() -> None:
    claims = [fact(1, "a", 10000, None, "min", "2024-11-05", "Vedant Patel"),
              fact(2, "b", 8000, 8000, "approx", "2024-11-05", "Ukrainian intelligence"),
              fact(3, "c", 8000, 8000, "exact", "2024-11-05", "Ukrainian intelligence", report="b")]
    (f,) = figure_conflicts("North Korean soldiers", claims)
    assert f.kind == "conflict" and f.doc == "a"
    assert f.spans == ((10, 15),) and {r.doc for r in f.refs} == {"b", "c"}
    assert "Ukrainian intelligence" in f.why and "Vedant Patel" in f.why and "2024-11-05" in f.why
    assert f.key == figure_conflicts("North Korean soldiers", list(reversed(claims)))[0].key
    assert figure_stats(claims, disputed=True).trend == "disputed"


def test_copies_of_one_report_never_conflict_with_each_other() -> None:
    claims = [fact(1, "a", 10000, 10000, "exact", "2024-11-05"),
              fact(2, "b", 50000, 50000, "exact", "2024-11-05", report="a")]
    assert figure_conflicts("x", claims) == []


def test_vague_and_change_sentences_are_left_out() -> None:
    claims = [fact(1, "a", 10, 10, "exact", "2024-11-05"),
              fact(2, "b", 30, 30, "exact", "2024-11-05", comparable=False)]
    assert figure_conflicts("x", claims) == []


def test_undated_claims_meet_only_undated_claims() -> None:
    claims = [fact(1, "a", 10, 10, "exact", None), fact(2, "b", 30, 30, "exact", "2024-11-05")]
    assert figure_conflicts("x", claims) == []
    assert len(figure_conflicts("x", [*claims, fact(3, "c", 30, 30, "exact", None)])) == 1


def test_relayed_figure_drift() -> None:
    claims = [fact(1, "a", 3000, 3000, "exact", "2024-11-05", "General Staff", counted="Russian troops killed and wounded",
                   entity=7),
              fact(2, "b", 3000, 3000, "exact", "2024-11-05", "General Staff", counted="Russian troops killed", entity=7),
              fact(3, "c", 3000, 3000, "exact", "2024-11-05", "General Staff", counted="Russian troops killed",
                   entity=7, report="b")]
    (f,) = drift_conflicts(claims)
    assert f.kind == "conflict" and "drift" in f.why
    assert "killed and wounded" in f.why and f.refs[0].doc == "b"


def test_event_date_conflict_across_reports() -> None:
    def e(i: int, doc: str, date: str, text: str, report: str | None = None) -> EventFacts:
        return EventFacts(i, doc, 0, len(text), date, text, 0, report or doc, happening_of(text))

    a = e(1, "a", "2024-11-12", "North Korea officially ratified the pact on November 12")
    b = e(2, "b", "2024-06", "North Korea ratified the pact in June")
    c = e(3, "c", "2024-06-19", "Russia and North Korea signed the pact in June")
    (f,) = event_conflicts([a, b, c])
    assert f.doc == "a" and f.refs[0].doc == "b" and "ratification" in f.why
    assert event_conflicts([a, e(4, "d", "2024-06", "North Korea ratified the pact in June", report="a")]) == []
