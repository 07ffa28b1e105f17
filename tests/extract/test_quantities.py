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


# readings that need the words around the figure
CONTEXT_CASES = [
    # cents and pence, read in the major unit
    ("The bank earned 71 cents a share in the quarter.", "71", 0.71, 0.71, "exact", "USD"),
    ("Analysts had expected 84 cents, up from 58 cents a year earlier.", "58", 0.58, 0.58, "exact", "USD"),
    ("The fare rises by 20 euro cents next month.", "20", 0.2, 0.2, "exact", "EUR"),
    ("Shares closed at C$4.10, down 15 cents.", "15", 0.15, 0.15, "exact", "CAD"),
    ("The dividend will be between 70 and 75 cents.", "70", 0.70, 0.75, "range", "USD"),
    ("A litre of unleaded costs 145.9p, up 2p in a week.", "145.9p", 1.459, 1.459, "exact", "GBP"),
    ("Second-class stamps will cost 45p each.", "45p", 0.45, 0.45, "exact", "GBP"),
    ("Bread rose by ten pence.", "ten", 0.1, 0.1, "exact", "GBP"),
    ("Creditors will get 40 cents on the dollar.", "40", 40, 40, "exact", None),  # a rate, as written
    # hedges after the figure, with or without the counted noun between
    ("Walking 7,000 steps or more a day cut the risk.", "7,000", 7000, None, "min", None),
    ("Symptoms lasting two weeks or longer should be checked.", "two", 2, None, "min", "week"),
    ("Flights of 30 minutes or less will be banned.", "30", None, 30, "max", "min"),
    ("Companies with 250 employees or fewer are exempt.", "250", None, 250, "max", None),
    ("The storm left 40 or so homes without power.", "40", 40, 40, "approx", None),
    ("Rescuers found 60-odd survivors in the water.", "60", 60, None, "min", None),
    # a mark passed is a lower bound; not reached, an upper one
    ("The Dow passed 41,000 for the first time.", "41,000", 41000, None, "min", None),
    ("Deaths pass 1,150 in the central Mediterranean.", "1,150", 1150, None, "min", None),
    ("Bitcoin could top 100,000 by December.", "100,000", 100000, None, "min", None),
    ("The index surged past 5,000 on Friday.", "5,000", 5000, None, "min", None),
    ("Sales topped $2 billion last year.", "2 billion", 2e9, None, "min", "USD"),
    ("Damage to bridges could exceed €100 million.", "100", 1e8, None, "min", "EUR"),
    ("Global temperatures crossed the 1.5C mark last year.", "1.5", 1.5, None, "min", "°"),
    ("Turnout did not exceed 40%.", "40", None, 40, "max", "%"),
    ("Unemployment dipped under 4% in May.", "4%", None, 4, "max", "%"),
    ("Parliament passed 10 bills this session.", "10", 10, 10, "exact", None),
    ("Migrants crossed three rivers to reach the border.", "three", 3, 3, "exact", None),
    ("The toll rose to 45 on Monday.", "45", 45, 45, "exact", None),
    # within: a bound, unless it frames another figure
    ("Ambulances must arrive within eight minutes.", "eight", None, 8, "max", "min"),
    ("The shelling hit villages within 5 km of the border.", "5", None, 5, "max", "km"),
    ("The two candidates are within 3 points of each other.", "3", None, 3, "max", None),
    # from N to M: a range unless a verb of change makes it two figures
    ("Symptoms last from three to five days.", "three", 3, 5, "range", "day"),
    ("Tickets cost from $20 to $45.", "20", 20, 45, "range", "USD"),
    # parts of a unit and hedged articles
    ("The village lies half a mile from the river.", "half", 0.5, 0.5, "exact", "mi"),
    ("Interest rates were cut by half a percentage point.", "half", 0.5, 0.5, "exact", "pp"),
    ("She ran two and a half miles before dawn.", "two", 2.5, 2.5, "exact", "mi"),
    ("He won the stage by almost a minute.", "minute", None, 1, "approx", "min"),
    ("About a third of the 1,200 staff were laid off.", "third", 400, 400, "approx", None),
    ("The bridge can carry barely two tonnes.", "two", None, 2, "approx", "t"),
    ("Temperatures near 104 degrees are forecast.", "104", 104, 104, "approx", "°"),
    ("Turnout was closer to 35 percent.", "35", 35, 35, "approx", "%"),
    ("There is about a 60% chance of rain.", "60", 60, 60, "approx", "%"),
    # a glued m: metres or millions
    ("Waves of up to 4m battered the coast.", "4m", None, 4, "max", "m"),
    ("A 3m-high wall of water swept through the valley.", "3m", 3, 3, "exact", "m"),
    ("The show drew 4m viewers on Sunday.", "4m", 4e6, 4e6, "exact", None),
    ("The start-up raised 12m in new funding.", "12m", 12e6, 12e6, "exact", None),
    ("The club paid £4m for the striker.", "4m", 4e6, 4e6, "exact", "GBP"),
    ("An estimated 5m to 6m people are displaced.", "5m", 5e6, 6e6, "range", None),
    ("Waves of 3-4m hit the coast.", "3-4m", 3, 4, "range", "m"),
    ("Swells of between 2 and 3m are expected.", "2", 2, 3, "range", "m"),
    ("Turnout topped 70% in 12 of the 16 states.", "70", 70, None, "min", "%"),
    ("Officials said the toll could pass 10,000 as rescuers dig.", "10,000", 10000, None, "min", None),
    ("The blast happened near two schools.", "two", 2, 2, "exact", None),
    # signs
    ("Night temperatures drop to minus 5 degrees Celsius.", "5", -5, -5, "exact", "°"),
    ("Jobs change in June: -12,400", "12,400", -12400, -12400, "exact", None),
    ("The poll has a margin of plus or minus 4.1 percentage points.", "4.1", 4.1, 4.1, "exact", "pp"),
    ("Overnight the temperature fell to -10C.", "10C", -10, -10, "exact", "°"),
    ("The account was overdrawn by -$4,000.", "4,000", -4000, -4000, "exact", "USD"),
    ("Three-quarters of a mile of road was washed away.", "mile", 0.75, 0.75, "exact", "mi"),
    ("The lake is a third of a mile across.", "third", 1 / 3, 1 / 3, "exact", "mi"),
    ("The bag charge rose to 10p in 2021.", "10p", 0.1, 0.1, "exact", "GBP"),  # "in 2021" is no ratio
    # counts a name or a time stamp stands before
    ("12:45 GMT Five more bodies are recovered", "Five", 5, 5, "exact", None),
    ("14:02 - Nine candidates lost their deposits", "Nine", 9, 9, "exact", None),
    ("Marsh received 61,240 votes and Olsen 52,710.", "52,710", 52710, 52710, "exact", None),
    ("Results: Labour 12,345, the Greens 1,035.", "1,035", 1035, 1035, "exact", None),
    ("Labour 12,345, the Greens 1,035, Liberal Democrats 980.", "980", 980, 980, "exact", None),
    ("Seats: Conservatives 365, Labour 203, Liberal Democrats 11.", "11", 11, 11, "exact", None),
    ("They fled Kremsau.\nTwo more people remain missing.", "Two", 2, 2, "exact", None),
]


@pytest.mark.parametrize(("sentence", "needle", "low", "high", "hedge", "unit"), CASES + CONTEXT_CASES)
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
        "Residents aged 65 or over can book a jab; those 70 or older should stay home.",
        "Children under five and people over 65 are most at risk.",
        "The trailer was shot in 1080p and the camera records 720p footage.",
        "She won the 100m final in Paris.",
        "Recruits had received less than a month's training. It is a mile away.",
        "His first goal came after 12 minutes. Children get a dose at 12 to 15 months of age.",
        "Freight volumes remain well below 2019 levels.",
        "One in five adults smoke.",
        "Prices are one and a half times higher; exports were 2.5 times the 2019 level.",
        "Three times as many people came and the hall is twice as big.",
        "Wild 4, Sabres 1: the Boeing 737 and Windows 10 were mentioned.",
        "Results: Arsenal 2, Chelsea 1, Everton 0.",
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


def test_changes_are_two_figures_ranges_are_one() -> None:
    for sentence in ("Sales rose from 8,000 to 12,000.", "Inflation went from 2.1% to 2.9%.",
                     "The increase from 300 to 450 beds was approved.", "Petrol rose 2p to 145.9p a litre."):
        assert [q.hedge for q in find_quantities(sentence)] == ["exact", "exact"], sentence
    assert [(q.low, q.high) for q in find_quantities("Costs are expected to rise 5 to 10 percent.")] == [(5, 10)]


def test_counts_of_events_are_not_multipliers() -> None:
    qs = find_quantities("He was arrested four times after the protest; the bank cut rates seven times since June.")
    assert [q.low for q in qs] == [4, 7]


def test_vote_tallies_are_not_marks_passed() -> None:
    qs = find_quantities("The House passed the measure 232 to 196.")
    assert [(q.low, q.high, q.hedge) for q in qs] == [(232, 232, "exact"), (196, 196, "exact")]


def test_a_deadline_that_frames_another_figure_is_dropped() -> None:
    assert [q.text for q in find_quantities("She promised to hire 150 officers within two years.")] == ["150"]
    assert [q.text for q in find_quantities("About 60 workers were within five years of retirement.")] == ["About 60"]
    assert [q.text for q in find_quantities("Crews arrived within 20 minutes. They rescued 12 people.")] == \
        ["within 20 minutes", "12"]


def test_scale_of_an_article_is_a_number_not_a_share() -> None:
    q = one("A quarter of a million people marched on Saturday.", "quarter")
    assert (q.low, q.relation) == (250_000, None)


def test_cents_span_covers_the_unit_word() -> None:
    assert one("The company earned 71 cents a share.", "71").text == "71 cents"
    assert one("Walking 7,000 steps or more a day helps.", "7,000").text == "7,000 steps or more"


def test_may_hold_quantity() -> None:
    assert may_hold_quantity("He saw 3 cars")
    assert may_hold_quantity("Dozens were hurt")
    assert not may_hold_quantity("Nothing to see here.")
    assert may_hold_quantity("He lives half a mile away")
    assert may_hold_quantity("They won by almost a minute")
    assert not may_hold_quantity("He waited a while for a taxi.")


@settings(max_examples=300, deadline=None)
@given(st.text(max_size=200))
def test_never_raises_and_spans_are_sound(text: str) -> None:
    for q in find_quantities(text, offset=7):
        assert 7 <= q.start < q.end <= len(text) + 7
        assert q.text and q.text == text[q.start - 7:q.end - 7]
        if q.low is not None and q.high is not None:
            assert q.low <= q.high


_NEWSY = st.lists(
    st.sampled_from(["about", "at least", "up to", "nearly", "between", "and", "to", "-", "–", "some", "from",
                     "passed", "within", "minus", "cents", "45p", "4m", "half a", "mile", "or longer", "-odd",
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
