"""Which dates are events, in house styles the first rules missed: timelines, press-release
datelines, periods that end on a date, figures compared with a date, expectations, a
happening told twice."""

from __future__ import annotations

import datetime as dt

import pytest
from tests.extract.helpers import doc_events

from claimledger.models import Event

PUB = dt.date(2025, 9, 5)  # a Friday



def events(nlp, text: str, published: dt.date | None = PUB) -> list[Event]:  # type: ignore[no-untyped-def]
    return doc_events(nlp, text, published)


def dated(nlp, text: str, published: dt.date | None = PUB) -> list[tuple[str, str]]:  # type: ignore[no-untyped-def]
    return [(e.date, text[e.start:e.end]) for e in events(nlp, text, published)]


def test_timeline_bullets_with_colons_and_years(nlp) -> None:  # type: ignore[no-untyped-def]
    text = ("- Sept 1, 21:00: The ferry leaves Makassar.\n"
            "2019 – Company founded in Lagos.\n"
            "March 2024: Regulators open an inquiry.")
    got = events(nlp, text)
    assert [(e.date, e.what) for e in got] == [("2025-09-01", "The ferry leaves Makassar"),
                                               ("2019", "Company founded in Lagos"),
                                               ("2024-03", "Regulators open an inquiry")]


def test_timeline_lines_are_events_in_the_historical_present(nlp) -> None:  # type: ignore[no-untyped-def]
    text = ("Sept 1, 23:10 – The ferry capsizes in heavy swell.\n"
            "Sept 2 – Basarnas reports 17 dead.\n"
            "June 3: Talks between the two sides collapse.")
    got = events(nlp, text)
    assert [e.date for e in got] == ["2025-09-01", "2025-09-02", "2025-06-03"]
    assert got[1].what == "Basarnas reports 17 dead"
    assert text[got[0].start:got[0].end].startswith("Sept 1, 23:10 – The ferry capsizes")


@pytest.mark.parametrize("text", [
    "June 9 – West Palm Beach, FL @ Coral Sky Amphitheatre",  # a schedule line: no verb
    "KYIV, Sept 2 (Reuters) - Ukraine said its air defences shot down drones overnight.",  # a dateline
    "DAYTON, Ohio, Sept. 2, 2025 /PRNewswire/ -- Acme Robotics Inc. posted record sales.",  # a press release
])
def test_lines_that_open_with_a_date_but_tell_no_event_on_it(nlp, text: str) -> None:  # type: ignore[no-untyped-def]
    assert [d for d, _ in dated(nlp, text) if d in ("2025-06-09", "2025-09-02")] == []


@pytest.mark.parametrize("text", [
    "Acme reported results for the fourth quarter and full year ended December 31, 2024.",
    "Food prices rose 3.4% in the 12 months to May, down from 4.1% in April.",
    "Farmers harvested 1.62 billion bushels this year, down 12% from 2024.",
    "A search for the missing continued on Monday and Tuesday with two patrol boats.",
    "The pandemic kept many older people away from clinics in 2020 and 2021.",
    "For fiscal 2025, Acme expects revenue of $210 million to $220 million.",
    "Petrol prices fell 1.8% in May alone.",
])
def test_periods_comparisons_and_expectations_are_not_events(nlp, text: str) -> None:  # type: ignore[no-untyped-def]
    assert dated(nlp, text) == []


def test_a_hedge_cut_at_the_window_edge_is_no_comparison(nlp) -> None:  # type: ignore[no-untyped-def]
    text = "MORE than 40,000 holidaymakers were left stranded at Gatwick yesterday after a computer meltdown."
    assert dated(nlp, text) == [("2025-09-04", "stranded at Gatwick yesterday")]


def test_a_peak_is_an_event_a_monthly_reading_is_not(nlp) -> None:  # type: ignore[no-untyped-def]
    assert [d for d, _ in dated(nlp, "Inflation peaked at 11.1% in October 2022, a 41-year high.")] == ["2022-10"]
    assert dated(nlp, "Inflation slowed to 2.1% in May from 2.6% in April.") == []


def test_the_same_happening_told_twice_is_one_event(nlp) -> None:  # type: ignore[no-untyped-def]
    text = ("A boil-water notice was lifted on Tuesday, the utility said.\n"
            "Do I still need to boil water? No. The notice was lifted at 2 p.m. on Tuesday.")
    assert [d for d, _ in dated(nlp, text)] == ["2025-09-02"]


def test_one_outlet_reporting_twice_on_one_day_is_one_event(nlp) -> None:  # type: ignore[no-untyped-def]
    text = ("On September 1, 2025, The New York Times revealed that the plan had changed.\n"
            "The New York Times predicted on September 1 that the attack would come within days.")
    assert [d for d, _ in dated(nlp, text)] == ["2025-09-01"]


def test_different_happenings_on_one_day_stay_apart(nlp) -> None:  # type: ignore[no-untyped-def]
    text = ("Two people died on Sunday when the roof collapsed.\n"
            "Rescuers pulled a child from the rubble on Sunday.\n"
            "The most recent film was 2016's Beyond. The fourth film was greenlit in 2016.")
    assert [d for d, _ in dated(nlp, text)] == ["2025-08-31", "2025-08-31", "2016", "2016"]


@pytest.mark.parametrize("text", [
    "The next release, for June, is due in two weeks.",
    "Of the 63 people on board Sunday's boat, 39 survived.",
])
def test_a_date_that_labels_or_picks_out_a_thing_is_not_an_event(nlp, text: str) -> None:  # type: ignore[no-untyped-def]
    assert dated(nlp, text) == []


def test_two_words_for_one_date_of_one_verb_are_one_event(nlp) -> None:  # type: ignore[no-untyped-def]
    got = dated(nlp, "Last month was the hottest August on record in the country.")
    assert [d for d, _ in got] == ["2025-08"]


def test_a_dated_noun_dates_the_happening_it_names(nlp) -> None:  # type: ignore[no-untyped-def]
    text = "He was arrested in April for a March 21 phone call to the office. Police are investigating the fire."
    assert [d for d, _ in dated(nlp, text)] == ["2025-04", "2025-03-21"]


@pytest.mark.parametrize(("text", "date", "covers"), [
    ("The 2008 financial crisis wiped out $10 trillion.", "2008", "2008 financial crisis"),
    ("In a 2019 interview, he said he had no plans to retire.", "2019", "2019 interview"),
    ("The minister said this morning that talks would resume.", "2025-09-05", "said this morning"),
])
def test_more_dated_happenings(nlp, text: str, date: str, covers: str) -> None:  # type: ignore[no-untyped-def]
    got = dated(nlp, text)
    assert len(got) == 1 and got[0][0] == date and covers in got[0][1], got


def test_a_vague_weekend_dates_figures_but_tells_no_event(nlp) -> None:  # type: ignore[no-untyped-def]
    assert dated(nlp, "A boat capsized off Lampedusa at the weekend.") == []


@pytest.mark.parametrize("text", [
    "The company did not respond to requests for comment on Monday.",
    "The Steelers spent Monday trying to distance themselves from the fight.",
    "Some 450 people spent Sunday night in the shelter.",
])
def test_what_did_not_happen_and_time_spent_are_not_events(nlp, text: str) -> None:  # type: ignore[no-untyped-def]
    assert dated(nlp, text) == []


def test_a_spend_with_its_own_date_is_still_an_event(nlp) -> None:  # type: ignore[no-untyped-def]
    assert [d for d, _ in dated(nlp, "The council spent $2 million on repairs on Monday.")] == ["2025-09-01"]
