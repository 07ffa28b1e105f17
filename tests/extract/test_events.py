"""Dated events: which dates say when something happened, and what happened."""

from __future__ import annotations

import datetime as dt

import pytest
from tests.extract.helpers import doc_events

from claimledger.extract.context import DocContext, SentenceView
from claimledger.extract.dates import find_dates
from claimledger.extract.events import extract_events
from claimledger.models import Event

PUB = dt.date(2019, 11, 20)  # a Wednesday



def events(nlp, text: str, published: dt.date | None = PUB) -> list[Event]:  # type: ignore[no-untyped-def]
    return doc_events(nlp, text, published)


def dated(nlp, text: str, published: dt.date | None = PUB) -> list[tuple[str, str]]:  # type: ignore[no-untyped-def]
    return [(e.date, text[e.start:e.end]) for e in events(nlp, text, published)]


@pytest.mark.parametrize(("text", "date", "covers"), [
    # war and diplomacy
    ("That pact, which North Korea officially ratified on November 12, 2024, obliges each nation to help.",
     "2024-11-12", "ratified on November 12, 2024"),
    ("On October 18, 2024, The BBC was among the first to report on the arrival of the soldiers.",
     "2024-10-18", "October 18, 2024"),
    # disasters and crime
    ("Three protesters were killed at a fuel plant on Tuesday.", "2019-11-19", "on Tuesday"),
    ("The suspect was sentenced to life in federal prison last Thursday.", "2019-11-14", "last Thursday"),
    ("The man told doctors he ate the rabbit meat in Inner Mongolia on November 5.", "2019-11-05", "November 5"),
    # elections and politics
    ("Warren was under near-constant attack last month as a new leader.", "2019-10", "last month"),
    ("In June, the then Home Secretary formally approved an extradition request.", "2019-06", "June"),
    # business
    ("The company shelved its plans for an initial public offering on September 30.", "2019-09-30",
     "September 30"),
    ("Mayer was named chairman of the international division in March 2018.", "2018-03", "March 2018"),
    # sports
    ("Wales beat Hungary 2-0 to earn the 20th spot on Tuesday.", "2019-11-19", "on Tuesday"),
    ("The Steelers tried to distance themselves from Thursday night's fight.", "2019-11-14", "Thursday night's"),
    # science and culture
    ("The discovery was announced in an article published Monday in the journal Nature Astronomy.",
     "2019-11-18", "Monday"),
    ("The concert featured full-LP performances of 1972’s Toulouse Street.", "1972", "1972"),
    ("McDonald joined the band in 1975 and remained in the lineup until 1982.", "1975", "joined the band in 1975"),
])
def test_events_are_dated_and_cover_the_date(nlp, text: str, date: str, covers: str) -> None:  # type: ignore[no-untyped-def]
    found = dated(nlp, text, PUB if date < "2020" else dt.date(2024, 11, 20))
    assert any(d == date and covers in span for d, span in found), found


def test_event_span_covers_its_verb_and_what_says_what_happened(nlp) -> None:  # type: ignore[no-untyped-def]
    text = "That pact, which North Korea officially ratified on November 12, 2024, obliges each nation to help."
    (e,) = events(nlp, text, dt.date(2024, 11, 20))
    assert text[e.start:e.end] == "ratified on November 12, 2024"
    assert e.what == "North Korea ratifies pact"


def test_event_source_is_the_reporting_outlet(nlp) -> None:  # type: ignore[no-untyped-def]
    (e,) = events(nlp, "The New York Times reported on Sunday that WeWork is preparing to cut 4,000 jobs.")
    assert (e.date, e.source) == ("2019-11-17", "The New York Times")


def test_anaphoric_date_resolves_against_the_paragraph(nlp) -> None:  # type: ignore[no-untyped-def]
    text = ("King and Weeks were abducted by gunmen in the heart of the Afghan capital in August 2016. "
            "The next year, the Taliban released two videos of them.")
    assert ("2017", "The next year, the Taliban released") in dated(nlp, text)


def test_anaphoric_date_needs_an_earlier_date_in_its_paragraph(nlp) -> None:  # type: ignore[no-untyped-def]
    text = "King and Weeks were abducted in August 2016.\nThe next year, the Taliban released two videos."
    assert [d for d, _ in dated(nlp, text)] == ["2016-08"]


@pytest.mark.parametrize("text", [
    "Updated 10:30 a.m., Nov. 19, 2019",
    "© 2019 Reuters. All rights reserved.",
    "— Jane Doe (@jdoe) November 18, 2019",
    "November 18, 2019",
    "(Published Monday, Nov. 18, 2019)",
    "Correction, Nov. 18, 2019: An earlier version of this story misspelled a name.",
])
def test_stamps_and_bylines_are_not_events(nlp, text: str) -> None:  # type: ignore[no-untyped-def]
    assert events(nlp, text) == []


@pytest.mark.parametrize("text", [
    "The summit will be held on December 2.",  # future tense
    "The band's tour concludes October 10th in Houston.",  # present tense schedule
    "Regular pricing will start at 71,350 euro with deliveries from spring 2020.",
    "Britney Spears is opening a pop-up shop in January 2020.",  # after publication
    "The final spots will come down to next March's playoffs.",
    "According to the government, as of 2016, the country had admitted 1.4 million refugees.",  # as_of
    "From 2010 to 2015 there were 3248 cases reported worldwide.",  # a period
    "Obama inserted himself into the 2020 presidential race.",  # a name, not an occurrence
    "The 2020 Audi e-tron Sportback is making its debut.",  # a model year
    "“I saw her statements yesterday,” the insider said.",  # the speaker's yesterday
    "The company had 12,500 employees on June 30.",  # a figure's timestamp
    "June 9 – West Palm Beach, FL @ Coral Sky Amphitheatre",  # a schedule line
    "The stock has climbed 80% so far this year.",
    "The data showed a significant increase from the previous year.",
    "The band plays July 22 -- Blossom Music Center, Cuyahoga Falls, OH and more.",  # a schedule entry
    "Jonas Brothers were added to the 2019 American Music Awards performance lineup.",  # an edition's name
    "Today’s deal is a $50 price break from the regular price.",
    "Was it a misjudgement to hold the opening ceremony on a Monday?",  # no particular Monday
    "The September quarter earnings were not a complete disappointment.",
    "Schools will remain closed until at least Friday.",  # a bound
    "Haskell must report to prison by Jan. 6.",
    "Unemployment rose to 7.1%, its highest since 2016.",  # a period's start
    "The city has lost about 4,000 manufacturing jobs since 2000.",
    "The flood is worse than the one in 2002.",  # the other side of a comparison
    "Services inflation fell to 3.2% from 4.0% in April.",
    "Ontario lost 21,000 positions in June.",  # a statistic over a period
    "Haskell defrauded investors between 2016 and 2022.",
    "Passengers can use them on Monday or Wednesday.",  # possible, not told as happened
    "More rain is forecast for Thursday.",
    "Revenue rose 5% in the third quarter.",  # a period, not an occurrence
])
def test_non_events(nlp, text: str) -> None:  # type: ignore[no-untyped-def]
    assert events(nlp, text) == [], dated(nlp, text)


@pytest.mark.parametrize(("text", "date"), [
    ("The fire is already far larger than the 2011 River fire, which burned 2,619 acres.", "2011"),
    ("Turnout was 38.6%, down from 44% in the 2015 election.", "2015"),
    ("The federal government on Tuesday approved €40 million in emergency aid.", "2019-11-19"),  # a day's deed
    ("Temperatures reached 44.6C in Seville yesterday.", "2019-11-19"),
    ("Helen Marsh won about 52 percent of the vote in Sunday's election and will be the next mayor.",
     "2019-11-17"),
    ("SPRINGFIELD, Ohio — The closure will cost 320 jobs, the union said on Wednesday.", "2019-11-20"),
    ("McDonald remained in the lineup until 1982.", "1982"),
    ("The Taliban had held them in Afghanistan since 2016.", "2016"),
])
def test_events_that_look_like_non_events(nlp, text: str, date: str) -> None:  # type: ignore[no-untyped-def]
    assert date in [d for d, _ in dated(nlp, text)], dated(nlp, text)


def test_a_dateline_is_not_an_event(nlp) -> None:  # type: ignore[no-untyped-def]
    text = "MINNEAPOLIS, Nov 6 (Business Daily Review) — Halvorsen Foods reported revenue of $2.5 billion on Tuesday."
    assert [d for d, _ in dated(nlp, text)] == ["2019-11-19"]


def test_without_an_anchor_only_absolute_dates_make_events(nlp) -> None:  # type: ignore[no-untyped-def]
    text = "Russia began a powerful offensive on November 12. The pact was signed in June 2024."
    assert [d for d, _ in dated(nlp, text, None)] == ["2024-06"]


def test_every_event_points_at_its_text(nlp) -> None:  # type: ignore[no-untyped-def]
    text = ("Croatia, Germany, Netherlands and Austria all qualified Saturday. On Friday, it was Finland and "
            "Sweden's chance.\nThe day before, Portugal made it as Bruno Fernandes scored the winner.")
    found = events(nlp, text)
    assert len(found) >= 2
    for e in found:
        assert 0 <= e.start < e.end <= len(text) and e.sentence >= 0
        assert e.what and e.date[:4] == "2019"


def test_an_unparsed_sentence_still_gives_its_events() -> None:
    from claimledger.extract.attribution import attribute

    text = "The pact was ratified on November 12, 2024."
    view = SentenceView(index=0, start=0, end=len(text), text=text, block=0, doc=None, offset=0)
    ctx = DocContext("doc", published=None)
    (e,) = extract_events(view, find_dates(text, 0, None), ctx)
    assert e.date == "2024-11-12" and text[e.start:e.end] == "November 12, 2024"
    assert attribute(view, 0, 3, ctx) is None
