"""Date expressions: what is a date, what it resolves to, and what is left unresolved."""

from __future__ import annotations

import datetime as dt
import re

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st
from tests.extract.helpers import sentence_views

from claimledger.extract.dates import (
    DateMention,
    as_of_for,
    document_anchor,
    find_dates,
    may_hold_date,
    resolve_anaphoric,
)

TUE = dt.date(2019, 11, 19)  # a Tuesday
THU = dt.date(2024, 3, 14)  # a Thursday


def dates(text: str, anchor: dt.date | None = TUE) -> list[tuple[str, str | None]]:
    return [(d.text, d.iso) for d in find_dates(text, 0, anchor)]


def one(text: str, anchor: dt.date | None = TUE) -> DateMention:
    found = find_dates(text, 0, anchor)
    assert len(found) == 1, found
    return found[0]


@pytest.mark.parametrize(("text", "expected"), [
    ("The pact was ratified on November 12, 2024.", ("November 12, 2024", "2024-11-12")),
    ("In a joint statement published Oct. 25, the ministries said", ("Oct. 25", "2019-10-25")),
    ("The war began on 24 February 2022.", ("24 February 2022", "2022-02-24")),
    ("The ceasefire, agreed on 12 February, collapsed.", ("12 February", "2019-02-12")),
    ("Data filed 2024-11-12 show a rise.", ("2024-11-12", "2024-11-12")),
    ("told Business Insider in October 2018 that", ("October 2018", "2018-10")),
    ("a defensive pact created back in June 2024", ("June 2024", "2024-06")),
    ("It first appeared in 2014, when Syrians fled", ("2014", "2014")),
    ("the end of June 2019", ("the end of June 2019", "2019-06")),
    ("The report was released on Tuesday, March 12, 2024.", ("Tuesday, March 12, 2024", "2024-03-12")),
    ("They closed out their November 18th concert", ("November 18th", "2019-11-18")),
    ("In mid-2023, inflation peaked.", ("mid-2023", "2023")),
    ("the summer of 2019 was hot", ("the summer of 2019", "2019")),
])
def test_absolute_dates(text: str, expected: tuple[str, str]) -> None:
    assert expected in dates(text)


@pytest.mark.parametrize(("text", "expected"), [
    ("were released Tuesday in a prisoner swap", "2019-11-19"),  # the anchor is a Tuesday
    ("sentenced to life in prison last Thursday.", "2019-11-14"),
    ("activated their accounts last Tuesday.", "2019-11-12"),  # "last" skips today
    ("He was admitted to hospital on Saturday", "2019-11-16"),
    ("Thursday night's fight led to suspensions", "2019-11-14"),
    ("The hearing will be held on Friday.", "2019-11-22"),  # future tense looks ahead
    ("The decision by Swedish prosecutors today", "2019-11-19"),
    ("The man fell ill yesterday.", "2019-11-18"),
    ("Warren was under attack last month", "2019-10"),
    ("contracted it in Beijing earlier this month", "2019-11"),
    ("the investigation was re-opened earlier this year", "2019"),
    ("a settlement with the attorney general last year", "2018"),
    ("That relationship began last November", "2018-11"),
    ("Carlineo was arrested in April", "2019-04"),
    ("scuttled the talks in September, citing violence", "2019-09"),
    ("In May this year, travellers were stranded", "2019-05"),
    ("Ukraine's early August invasion", "2019-08"),
    ("It happened 3 days ago.", "2019-11-16"),
    ("It happened two years ago.", "2017"),
    ("He returned on Christmas Day.", "2018-12-25"),
    ("The minister said this morning that talks would resume.", "2019-11-19"),
])
def test_relative_dates_resolve_against_the_anchor(text: str, expected: str) -> None:
    found = [d for d in find_dates(text, 0, TUE) if d.iso == expected]
    assert found, dates(text)
    assert found[0].relative


def test_last_week_has_month_precision_when_the_week_is_in_one_month() -> None:
    d = one("two other plague cases were revealed last week.")
    assert (d.iso, d.precision) == ("2019-11", "week")
    # the week before Tuesday 2024-10-01 runs from September 23 to 29: still one month
    assert one("revealed last week", dt.date(2024, 10, 1)).iso == "2024-09"
    # the week before Wednesday 2024-05-01 runs April 22-28; the week of May 1 spans two months
    assert one("said this week", dt.date(2024, 5, 1)).iso == "2024"


def test_over_the_weekend_is_the_last_saturday_and_sunday() -> None:
    d = one("The storm hit the coast over the weekend.")  # the anchor is Tuesday 2019-11-19
    assert (d.iso, d.precision, d.kind) == ("2019-11", "week", "vague")
    assert one("Crowds gathered at the weekend.", dt.date(2024, 6, 3)).iso == "2024-06"  # June 1-2
    assert one("Boats were launched over the weekend.", dt.date(2025, 6, 2)).iso == "2025"  # May 31-June 1
    assert one("Talks will resume over the weekend.").iso == "2019-11"  # the coming one, Nov 23-24


@pytest.mark.parametrize(("text", "anchor", "expected"), [
    ("decided to leave last fall", TUE, "2018"),  # November: this fall is not over yet
    ("a heatwave last summer", TUE, "2019"),
    ("next summer's tournament", TUE, "2020"),
    ("this spring", TUE, "2019"),
    ("snow last winter", TUE, "2019"),  # December 2018 to February 2019
    ("snow last winter", dt.date(2020, 2, 10), "2019"),  # the winter under way is not "last"
    ("plans for next spring", dt.date(2020, 2, 10), "2020"),
])
def test_seasons(text: str, anchor: dt.date, expected: str) -> None:
    d = one(text, anchor)
    assert (d.iso, d.precision) == (expected, "season")


@pytest.mark.parametrize(("text", "expected"), [
    ("Revenue rose 5% in the third quarter.", "2019-09"),
    ("third-quarter revenue of $2 billion", "2019-09"),
    ("Q3 2025 results", "2025-09"),
    ("in the fourth quarter of 2018", "2018-12"),
    ("first-quarter profit", "2019-03"),
])
def test_quarters_are_periods_dated_by_their_last_month(text: str, expected: str) -> None:
    d = one(text)
    assert (d.iso, d.kind, d.precision) == (expected, "period", "quarter")
    assert dates("A quarter of the population and a quarter-point cut") == []


def test_weekday_next_to_a_date_fixes_the_year() -> None:
    # December 6 falls on a Friday in 2019, not in 2018
    assert one("The tour starts Friday, December 6th in Texas.").iso == "2019-12-06"


@pytest.mark.parametrize("text", [
    "Voters went to the polls on March 5.",
    "He was sentenced last Thursday.",
    "The company shrank last year.",
    "Shares fell 3% on Wednesday.",
    "Ukraine's early August invasion",
])
def test_without_an_anchor_relative_dates_stay_unresolved(text: str) -> None:
    found = find_dates(text, 0, None)
    assert found and all(d.iso is None and not d.resolved for d in found)


def test_without_an_anchor_absolute_dates_still_resolve() -> None:
    assert dates("The war began on 24 February 2022, and in 2014 before that.", None) == [
        ("24 February 2022", "2022-02-24"), ("2014", "2014")]


@pytest.mark.parametrize("text", [
    "for seven years after seeking refuge",
    "over the past twenty-four hours, 1,250 troops",
    "the counteroffensive went on for three days",
    "The 48-year-old Australian was evicted",
    "over the last year prices doubled",
    "in the next month or so",
    "2000 people gathered and 1500 troops arrived",
    "Euro 2020 qualifying is over; Windows 2000 is old",
    "May I ask? March on!",
    "June Carter sang.",
    "Voters in Super Tuesday primaries",
    "USA Today reported it.",
    "the 2019-20 season and the 1990s",
    "from 2001: A Space Odyssey to Alien",
    "$2019 and 2019% and 2,019",
])
def test_durations_ages_counts_and_names_are_not_dates(text: str) -> None:
    assert dates(text) == []


def test_year_modifiers_are_adjective_mentions() -> None:
    assert [(d.text, d.kind) for d in find_dates("1972’s Toulouse Street and the 2020 election", 0, TUE)] == [
        ("1972", "adjective"), ("2020", "adjective")]


def test_so_far_this_year_is_to_date() -> None:
    assert one("climbing more than 80% so far this year").kind == "to_date"


def test_anaphoric_dates_resolve_against_an_earlier_date() -> None:
    base = one("abducted in August 2016.")
    nxt = one("The next year, the Taliban released videos.")
    assert nxt.kind == "anaphoric" and nxt.iso is None
    assert resolve_anaphoric(nxt, base).iso == "2017"
    before = one("The day before, Portugal made it.")
    assert resolve_anaphoric(before, one("On Monday, Denmark clinched.")).iso == "2019-11-17"
    later = one("Two days later, he resigned.")
    assert resolve_anaphoric(later, one("on 30 September 2019")).iso == "2019-10-02"
    # a base coarser than the shift cannot be refined
    assert resolve_anaphoric(before, one("in 2016")).iso is None


def test_offsets_are_document_offsets() -> None:
    text = "He left on Monday."
    d = find_dates(text, 100, TUE)[0]
    assert (d.start, d.end) == (111, 117) and d.text == "Monday"


def test_document_anchor_is_the_latest_full_date() -> None:
    text = "On October 18, 2024, the BBC reported it. On November 12, 2024, reports emerged. In June 2025 ..."
    assert document_anchor(text) == dt.date(2024, 11, 12)
    assert document_anchor("No dates here, only in 2019.") is None


def test_may_hold_date_screens() -> None:
    assert may_hold_date("It rained on Tuesday.")
    assert may_hold_date("Two days later")
    assert not may_hold_date("The cat sat on the mat.")


ISO = re.compile(r"^\d{4}(?:-(?:0[1-9]|1[0-2])(?:-(?:0[1-9]|[12]\d|3[01]))?)?$")


@settings(max_examples=300, deadline=None)
@given(st.text(alphabet=st.sampled_from(list("0123456789 ,./-:'’aAdeghilmnorsSTuyMJFNODW\n")) ,
               max_size=80),
       st.one_of(st.none(), st.dates()),
       st.integers(min_value=0, max_value=10_000))
def test_find_dates_never_raises_and_spans_are_sane(text: str, anchor: dt.date | None, offset: int) -> None:
    for d in find_dates(text, offset, anchor):
        assert offset <= d.start < d.end <= offset + len(text)
        assert text[d.start - offset:d.end - offset] == d.text
        assert d.iso is None or ISO.match(d.iso), d
        assert d.resolved == (d.iso is not None)


@settings(max_examples=300, deadline=None)
@given(st.text(max_size=60), st.one_of(st.none(), st.dates()))
def test_find_dates_on_any_unicode_text(text: str, anchor: dt.date | None) -> None:
    for d in find_dates(text, 0, anchor):
        assert text[d.start:d.end] == d.text


@settings(max_examples=200, deadline=None)
@given(st.sampled_from(["on", "last", "next", "in", "early", "since"]),
       st.sampled_from(["Monday", "Friday", "March", "August", "December", "May 5", "June 30", "week", "month"]),
       st.dates(min_value=dt.date(1950, 1, 1), max_value=dt.date(2090, 12, 31)))
def test_resolved_relative_dates_stay_near_the_anchor(prep: str, word: str, anchor: dt.date) -> None:
    for d in find_dates(f"It happened {prep} {word}.", 0, anchor):
        if d.iso:
            year = int(d.iso[:4])
            assert abs(year - anchor.year) <= 1


# --- as_of ---------------------------------------------------------------------------------


def test_as_of_prefers_the_sentence_then_the_continued_report_then_publication(nlp) -> None:  # type: ignore[no-untyped-def]
    text = ("On October 18, 2024, The BBC was among the first to report on the arrival. "
            "It noted that the agency believed at least 1,500 troops had been sent.\n"
            "The company now employs 5,000 people.\n"
            "As of June 30, the company had 12,500 employees, and 300 in 2018.")
    views = sentence_views(nlp, text)
    pub = dt.date(2024, 11, 20)

    def as_of(i: int, needle: str | None = None) -> tuple[str | None, str | None]:
        v = views[i]
        near = None
        if needle:
            k = text.index(needle)
            near = (k, k + len(needle))
        return as_of_for(v, find_dates(v.text, v.start, pub), pub, near=near)

    assert as_of(1) == ("2024-10-18", "attribution")
    assert as_of(2) == ("2024-11-20", "published")
    assert as_of(3, "12,500") == ("2024-06-30", "sentence")
    assert as_of(3, "300") == ("2018", "sentence")
    assert as_of_for(views[2], [], None) == (None, None)


@pytest.mark.parametrize(("text", "figure", "expected"), [
    # the claim's own clause or phrase
    ("Inflation slowed to 2.1% in May from 2.4% in April, Eurostat said on Tuesday.", "2.4%", ("2024-04", "sentence")),
    ("Inflation slowed to 2.1% in May from 2.4% in April, Eurostat said on Tuesday.", "2.1%", ("2024-05", "sentence")),
    ("The fire is far larger than the 2021 River fire, which burned 2,619 acres.", "2,619", ("2021", "sentence")),
    ("The record for a single day remains 1,305, set in August 2022.", "1,305", ("2022-08", "sentence")),
    ("Canada lost 12,400 jobs in June and the unemployment rate rose to 7.1%.", "7.1%", ("2024-06", "sentence")),
    # the date of the report the clause hangs on
    ("An earthquake struck late on Monday, killing at least 37 people, the institute said on Tuesday.", "37",
     ("2024-06-11", "attribution")),
    ("Costs reached $12.7 million so far, according to a report released on Tuesday night.", "$12.7 million",
     ("2024-06-11", "attribution")),
    # running totals, and dates that belong to something else
    ("The fire started on Saturday, Aug. 2, and has now destroyed 312 structures.", "312", ("2024-06-13", "published")),
    ("Nearly 14,000 people are under evacuation orders, up from about 8,000 on Monday.", "14,000",
     ("2024-06-13", "published")),
    ("Two people remain missing, including a firefighter who was swept away on Sunday night.", "Two",
     ("2024-06-13", "published")),
    ("Unemployment rose to 7.1%, its highest since 2016.", "7.1%", ("2024-06-13", "published")),
    ("At least 12,000 civilians have been killed since the invasion in February 2022.", "12,000",
     ("2024-06-13", "published")),
])
def test_as_of_reads_the_parse(nlp, text: str, figure: str, expected: tuple[str, str]) -> None:  # type: ignore[no-untyped-def]
    pub = dt.date(2024, 6, 13)  # a Thursday
    v = sentence_views(nlp, text)[0]
    k = text.index(figure)
    assert as_of_for(v, find_dates(v.text, v.start, pub), pub, near=(k, k + len(figure))) == expected


def test_as_of_so_far_this_year_is_the_publication_day(nlp) -> None:  # type: ignore[no-untyped-def]
    v = sentence_views(nlp, "Shares have climbed more than 80% so far this year.")[0]
    pub = dt.date(2019, 11, 19)
    assert as_of_for(v, find_dates(v.text, v.start, pub), pub) == ("2019-11-19", "sentence")


def test_as_of_carries_the_date_into_a_continuing_quote(nlp) -> None:  # type: ignore[no-untyped-def]
    text = ('"Shares were clobbered," Maley said on Monday. "They were down well over 60%."')
    views = sentence_views(nlp, text)
    pub = dt.date(2019, 11, 19)
    v = views[-1]
    assert as_of_for(v, find_dates(v.text, v.start, pub), pub) == ("2019-11-18", "attribution")
