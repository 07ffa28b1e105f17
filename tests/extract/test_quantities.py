"""find_quantities: hedges and bounds per the export contract, and what is not a figure."""

from __future__ import annotations

from itertools import pairwise

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from claimledger.extract.quantities import find_quantities, may_hold_quantity
from claimledger.models import Quantity


def one(sentence: str, needle: str) -> Quantity:
    """The single quantity whose span covers ``needle``."""
    at = sentence.index(needle)
    hits = [q for q in find_quantities(sentence) if q.start < at + len(needle) and at < q.end]
    assert len(hits) == 1, (needle, hits)
    return hits[0]


# (sentence, a substring of the figure, low, high, hedge, unit)
CASES = [
    # war
    ("Currently, around 11,000 North Korean soldiers are believed to be in Russian service.",
     "11,000", 11000, 11000, "approx", None),
    ("Kim had sent at least 1,500 troops into Russia.", "1,500", 1500, None, "min", None),
    ("Ukraine had more to worry about than the 10,000 to 12,000 North Korean soldiers.",
     "12,000", 10000, 12000, "range", None),
    ("A force containing as many as 50,000 troops.", "50,000", None, 50000, "max", None),
    ("They continue to hold back the nearly 50,000-strong enemy group.", "50,000", None, 50000, "approx", None),
    ("Ukraine saw that a fifth of the 50,000 were North Koreans.", "fifth", 10000, 10000, "exact", None),
    ("They tried to storm in five to six waves.", "five", 5, 6, "range", None),
    ("Mines took out at least a trio of armored transporters.", "trio", 3, None, "min", None),
    ("They can't send more than the 10,000+ they've already sent.", "10,000", 10000, None, "min", None),
    ("Reports say at least 10,000 to 12,000 soldiers were deployed.", "10,000", 10000, 12000, "range", None),
    ("Pyongyang sends thousands of soldiers to support Moscow.", "thousands", 1000, None, "vague", None),
    ("That battalion held a few hundred of the 50,000 he had.", "few hundred", 100, 999, "vague", None),
    ("Some 5,000 to 6,000 troops crossed the border.", "5,000", 5000, 6000, "range", None),
    # disasters
    ("At least 42 people were killed and more than 100 injured, officials said.", "42", 42, None, "min", None),
    ("At least 42 people were killed and more than 100 injured, officials said.", "100", 100, None, "min", None),
    ("A magnitude 7.1 earthquake struck the region.", "7.1", 7.1, 7.1, "exact", "magnitude"),
    ("The 6.4-magnitude quake destroyed an estimated 3,000 homes.", "3,000", 3000, 3000, "approx", None),
    ("The wildfire has burned 12,500 acres and was 35% contained.", "12,500", 12500, 12500, "exact", "acre"),
    ("The wildfire has burned 12,500 acres and was 35% contained.", "35%", 35, 35, "exact", "%"),
    ("Winds of up to 150 mph dumped between 12 and 20 inches of rain.", "150", None, 150, "max", "mph"),
    ("Winds of up to 150 mph dumped between 12 and 20 inches of rain.", "12", 12, 20, "range", "in"),
    ("Floods displaced tens of thousands of residents.", "tens", 10000, None, "vague", None),
    ("Floods forced several hundred families from their homes.", "several", 300, 999, "vague", None),
    ("The population is estimated at around 40,000.", "40,000", 40000, 40000, "approx", None),
    ("Up to 90 per cent of people infected die.", "90", None, 90, "max", "%"),
    ("Patients have a 30-60 per cent chance of dying.", "30", 30, 60, "range", "%"),
    ("Symptoms appear after one-to-seven days.", "one", 1, 7, "range", "day"),
    ("The world population fell to 350–375 million.", "350", 350e6, 375e6, "range", None),
    ("Temperatures reached 47.3C on Sunday.", "47.3", 47.3, 47.3, "exact", "°"),
    # elections and politics
    ("The candidate won 52.3% of the vote, with turnout at nearly 68 percent.", "68", None, 68, "approx", "%"),
    ("New uncertainty hangs over the primary as 10 candidates meet.", "10", 10, 10, "exact", None),
    ("Five of the 10 Democrats on stage will serve as jurors.", "Five", 5, 5, "exact", None),
    ("Europa is one of Jupiter's 79 moons.", "79", 79, 79, "exact", None),
    ("He could face up to 10 years in prison and have to pay $250,000.", "10 years", None, 10, "max", "year"),
    ("He was sentenced to 50 weeks in jail.", "50", 50, 50, "exact", "week"),
    ("Doctors have used it for more than two decades.", "two", 20, None, "min", "year"),
    # business
    ("The company reported revenue of $4.3 billion, up 12% from a year earlier.", "4.3", 4.3e9, 4.3e9, "exact",
     "USD"),
    ("SoftBank agreed to inject $6.5 billion in debt and equity.", "6.5", 6.5e9, 6.5e9, "exact", "USD"),
    ("The state spent nearly half a million dollars on it.", "half", None, 500_000, "approx", "USD"),
    ("Shares fell 8.5 per cent to 43.20 euros.", "43.20", 43.2, 43.2, "exact", "EUR"),
    ("The cost was roughly $449,000, according to the paper.", "449,000", 449000, 449000, "approx", "USD"),
    ("Big Machine owes Taylor $7.9 million dollars of unpaid royalties.", "7.9", 7.9e6, 7.9e6, "exact", "USD"),
    ("Prices start at 71,350 euro.", "71,350", 71350, 71350, "exact", "EUR"),
    ("The budget allocates Rs 11.1 lakh crore to infrastructure.", "11.1", 1.11e13, 1.11e13, "exact", "INR"),
    ("It sold 300K units last year.", "300K", 300_000, 300_000, "exact", None),
    ("The Fed raised rates by 25 basis points.", "25", 25, 25, "exact", "bp"),
    ("It added more than 2% to begin the week, down well over 60% for the year.", "60", 60, None, "min", "%"),
    ("Disney is spending more than $3 billion on programming.", "3", 3e9, None, "min", "USD"),
    ("Mayer thinks the number will be between four to six services.", "four", 4, 6, "range", None),
    ("Some 200 U.S. military personnel remain at the base.", "200", 200, 200, "approx", None),
    ("The stock could break above $13.60.", "13.60", 13.6, None, "min", "USD"),
    # science and specifications
    ("They detected 5,200 pounds of water vapor per second.", "5,200", 5200, 5200, "exact", "lb"),
    ("Europa is located some 390 million miles away.", "390", 390e6, 390e6, "approx", "mi"),
    ("The new Sportback is just over 16 feet long and six feet wide.", "16", 16, None, "min", "ft"),
    ("The new Sportback is just over 16 feet long and six feet wide.", "six", 6, 6, "exact", "ft"),
    ("That cranks out almost 490 lb-ft of torque.", "490", None, 490, "approx", "lb-ft"),
    ("It should top up to 80-percent in under thirty minutes.", "80", 80, 80, "exact", "%"),
    ("It should top up to 80-percent in under thirty minutes.", "thirty", None, 30, "max", "min"),
    ("Audi fits up to five radar sensors, five cameras, and twelve ultrasonic sensors.", "twelve", None, 12,
     "max", None),
    ("A planet about 40 light-years away.", "40", 40, 40, "approx", "ly"),
    ("The game doesn't run at a solid 60fps.", "60fps", 60, 60, "exact", "fps"),
    ("Isolated cases spring up, with up to a dozen people diagnosed annually.", "dozen", None, 12, "max", None),
    ("The hunter has been given several types of antibiotics.", "several", 3, 9, "vague", None),
    # sports
    ("Zach Parise scored twice and Alex Stalock made 30 saves.", "twice", 2, 2, "exact", None),
    ("Portugal made it seven victories out of eight.", "seven", 7, 7, "exact", None),
    ("Ogunjobi received a one-game suspension.", "one", 1, 1, "exact", None),
]


@pytest.mark.parametrize(("sentence", "needle", "low", "high", "hedge", "unit"), CASES)
def test_bounds_hedge_and_unit(sentence: str, needle: str, low: float | None, high: float | None,
                               hedge: str, unit: str | None) -> None:
    q = one(sentence, needle)
    assert (q.low, q.high, q.hedge, q.unit) == (
        pytest.approx(low) if low is not None else None,
        pytest.approx(high) if high is not None else None,
        hedge,
        unit,
    )


@pytest.mark.parametrize(
    "sentence",
    [
        "North Korea ratified the pact on November 12, 2024, and again on Nov. 18.",
        "The talks collapsed in 2014 and resumed after the 2020 election; since 1999 nothing changed.",
        "The meeting starts at 10:30 a.m. and ends by 4 p.m. on 2019-11-20.",
        "The 45-year-old was arrested with a man aged 32 and Patrick Carlineo Jr., 55, who pleaded guilty.",
        "The 47th Separate Mechanized Brigade and the 575th Marine Battalion joined on the first day.",
        "F-16 jets, Su-34 bombers and a Boeing 737 flew as COVID-19 spread among G7 states.",
        "Under Article 5 of its charter, if one NATO country is attacked, all respond.",
        "Call 911 or 020 7946 0958, or visit https://example.com/page2 and @user123.",
        "Photos show the Penguins' 5-4 win, a 3-1 victory and a 14-0-1 record.",
        "Over the past twenty-four hours the fighting went on for three days, two weeks ago.",
        "It is one of the largest leaks; no one knows the one who did it.",
        "The 18-year insurgency and a one-year contract ended with a four-door coupe.",
        "The 0-62 mph sprint takes seconds in the e-tron Sportback 50 on Level 2 chargers.",
        "Nearly one in five adults reported symptoms, and a two-thirds majority agreed.",
        "The company has 4K screens, 1080p video and sold 1990s models in FY2019.",
        "Police arrested a man at 10 Downing Street; the aged 18 to 35 group was not involved.",
        "According to two people familiar with the matter, the deal is close.",
        "Thousands of miles away, the talks lasted for decades.",
    ],
)
def test_not_a_figure(sentence: str) -> None:
    assert find_quantities(sentence) == []


def test_offsets_are_document_offsets_and_text_is_the_span() -> None:
    text = "Officials said 42 people died."
    qs = find_quantities(text, offset=100)
    assert [(q.start, q.end, q.text) for q in qs] == [(115, 117, "42")]


def test_span_covers_hedge_and_unit() -> None:
    q = one("Turnout was estimated at around 40,000 people.", "40,000")
    assert q.text == "estimated at around 40,000"
    q = one("The base lies inside a 55-kilometer zone.", "55")
    assert (q.text, q.unit) == ("55-kilometer", "km")


def test_part_of_a_set_keeps_the_part() -> None:
    qs = find_quantities("Five of the 10 Democrats on stage, and 46 of their close contacts, were named.")
    assert [(q.text, q.low) for q in qs] == [("Five", 5), ("46", 46)]
    assert qs[0].relation == "part of 10"


def test_fraction_of_a_figure_keeps_the_relation() -> None:
    q = one("Ukraine saw that a fifth of the 50,000 were North Koreans.", "fifth")
    assert q.relation == "1/5 of 50000"
    assert q.text == "a fifth of the 50,000"


def test_hedge_spreads_over_a_tight_list_only() -> None:
    listed = find_quantities("Audi fits up to five radar sensors, five cameras, and twelve ultrasonic sensors.")
    assert [q.hedge for q in listed] == ["max", "max", "max"]
    apart = find_quantities("They lost approximately 1,250 troops killed or wounded, as well as fifty-seven drones.")
    assert [q.hedge for q in apart] == ["approx", "exact"]


def test_change_is_two_figures_not_a_range() -> None:
    qs = find_quantities("The death toll rose from 40 to 57 on Monday.")
    assert [(q.low, q.high) for q in qs] == [(40, 40), (57, 57)]


def test_may_hold_quantity() -> None:
    assert may_hold_quantity("He saw 3 cars")
    assert may_hold_quantity("Dozens were hurt")
    assert not may_hold_quantity("Nothing to see here.")


@settings(max_examples=300, deadline=None)
@given(st.text(max_size=200))
def test_never_raises_and_spans_are_sound(text: str) -> None:
    for q in find_quantities(text, offset=7):
        assert 7 <= q.start < q.end <= len(text) + 7
        assert q.text and q.text == text[q.start - 7:q.end - 7]
        if q.low is not None and q.high is not None:
            assert q.low <= q.high


_NEWSY = st.lists(
    st.sampled_from(["about", "at least", "up to", "nearly", "between", "and", "to", "-", "–", "some",
                     "1,250", "10,000", "5", "6", "fifty-seven", "a dozen", "thousands", "of", "the", "troops",
                     "$2.5bn", "%", "percent", "miles", "2024", "Nov.", "18,", "one", "a fifth", "+", "or more",
                     ",", ".", "\n", "F-16", "5-4", "aged", "years", "old"]),
    max_size=25,
).map(" ".join)


@settings(max_examples=400, deadline=None)
@given(_NEWSY)
def test_number_dense_text_keeps_invariants(text: str) -> None:
    spans = find_quantities(text)
    for q in spans:
        assert 0 <= q.start < q.end <= len(text) and q.text.strip()
        if q.low is not None and q.high is not None:
            assert q.low <= q.high
    assert all(a.end <= b.start for a, b in pairwise(spans))
