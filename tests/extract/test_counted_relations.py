"""counted_phrase on gaps, parts named by a predicate, periods of another clause, datelines and unparsed units."""

from __future__ import annotations

from typing import TYPE_CHECKING

import pytest
from tests.extract.helpers import counted

if TYPE_CHECKING:
    from spacy.language import Language


@pytest.mark.parametrize(
    ("sentence", "needle", "expected"),
    [
        # a margin: the gap between two sides, and whose it is
        ("Okafor won the county seat on Tuesday, beating Lund by 412 votes.", "412", "Okafor's winning margin (votes)"),
        ("The Hawks edged the Pilots by two goals in the final.", "two", "Hawks' winning margin (goals)"),
        ("The latest survey had shown Reyes ahead by 6 points.", "6", "Reyes' lead (points)"),
        ("United are now nine points clear at the top of the league.", "nine", "United's lead (points)"),
        ("Harbour slipped to fifth, four points behind the leaders.", "four", "Harbour's deficit (points)"),
        # a part said by a predicate: the predicate noun among the whole
        ("Inspectors found 70 faulty valves; 25 were replacements.", "25", "replacements among faulty valves"),
        ("At least 90 of the passengers were pensioners, the operator said.", "90", "pensioners among passengers"),
        ("The raid killed 40 guards, 12 of them officers.", "12", "officers killed by raid"),
    ],
)
def test_relations(nlp: Language, sentence: str, needle: str, expected: str) -> None:
    assert counted(nlp, sentence, needle) == expected


def test_a_period_of_another_clause_is_not_the_figures(nlp: Language) -> None:
    sentence = "Allies of the mayor won nine of the 14 seats, giving her a majority for at least her first three years."
    phrase = counted(nlp, sentence, "nine")
    assert phrase is not None and "first" not in phrase and "years" not in phrase
    sentence = "Over the past 48 hours, the army lost 300 soldiers and 12 tanks, the ministry said."
    assert counted(nlp, sentence, "12") == "tanks lost by army (past 48 hours)"


def test_a_dateline_parsed_as_a_subject_is_skipped(nlp: Language) -> None:
    sentence = ("QUITO (Andes Wire) — The death toll from the landslide that hit the town on Friday has risen to "
                "at least 64, officials said on Sunday.")
    assert counted(nlp, sentence, "64") == "people killed by the landslide"


def test_a_length_the_quantity_reader_left_without_unit(nlp: Language) -> None:
    sentence = "The ferry ran aground on Monday some 12 nautical miles west of the harbour."
    assert counted(nlp, sentence, "12") == "distance west of the harbour (nautical miles)"


def test_a_bare_number_asked_for_counts_what_the_figure_before_counts(nlp: Language) -> None:
    sentence = "The prosecution sought a ban of ten years, while the defence argued for no more than three."
    phrase = counted(nlp, sentence, "three")
    assert phrase is not None and phrase.startswith("ban") and "defence" not in phrase


def test_a_count_points_back_to_the_noun_counted_before_and_a_week_earlier_is_no_rate(nlp: Language) -> None:
    lead = "By Friday, 31 cases of mumps had been confirmed in the county. "
    assert counted(nlp, "The county's count rose from 19 a week earlier.", "19", lead=lead) == "cases"


@pytest.mark.parametrize(
    ("sentence", "needle", "expected"),
    [
        # a level said with a preposition on a noun: the noun, not the clause's subject
        ("The regional insurers' group put storm claims at about €80m on Friday.", "€80m", "storm claims (euros)"),
        ("Forecasters expect daytime highs near 39 degrees for the rest of the week.", "39", "daytime highs (degrees)"),
        # "up" on a noun: the change of that noun
        ("Ports were crowded, with freight traffic in Rotterdam up 11% on the week before.", "11%",
         "increase in freight traffic in Rotterdam (%)"),
        # a spelled-out ordinal stays in the name
        ("Norcroft reported third-quarter profit of $41 million on Tuesday.", "$41 million",
         "third-quarter profit"),
    ],
)
def test_levels_changes_and_ordinals(nlp: Language, sentence: str, needle: str, expected: str) -> None:
    assert counted(nlp, sentence, needle) == expected


@pytest.mark.parametrize(
    ("sentence", "needle", "expected"),
    [
        # basis points move like a percentage
        ("The central bank lifted its policy rate by 75 basis points on Wednesday.", "75",
         "rise in policy rate (basis points)"),
        # an amount that restates the figure before it counts what that figure's noun names
        ("The miners want a bonus of 4% of annual pay, or about $2,600 a head.", "$2,600", "bonus wanted by miners per head"),
        ("Operating profit rose 9% to $88 million, or 61 cents a share.", "61 cents", "operating profit per share"),
        # with nobody named, a modal verb reads as a participle
        ("It will spend a further $90 million on new rolling stock.", "$90 million",
         "money spent on new rolling stock"),
    ],
)
def test_basis_points_restatements_and_modals(nlp: Language, sentence: str, needle: str, expected: str) -> None:
    assert counted(nlp, sentence, needle) == expected


@pytest.mark.parametrize(
    ("sentence", "needle", "expected"),
    [
        # a strength counts the group it measures
        ("Police said a 4,000-strong crowd of farmers blocked the motorway.", "4,000", "crowd of farmers"),
        ("The rebels surrounded the roughly 900-strong garrison in Tessit.", "900", "garrison in Tessit"),
    ],
)
def test_strengths(nlp: Language, sentence: str, needle: str, expected: str) -> None:
    assert counted(nlp, sentence, needle) == expected


def test_a_timeline_lines_date_is_not_part_of_the_name(nlp: Language) -> None:
    phrase = counted(nlp, "June 9 - The Lesse River crests at 3.4 metres and the mayor orders evacuations", "3.4")
    assert phrase is not None and phrase.startswith("Lesse River") and "June" not in phrase


@pytest.mark.parametrize(
    ("sentence", "needle", "expected", "lead"),
    [
        ("The storm flattened 80 barns and damaged 140 more.", "140", "barns damaged by storm", "Background text. "),
        ("On Sunday, divers recovered 5 more.", "5", "bodies recovered by divers",
         "Searchers found 9 bodies in the lake on Saturday. "),
    ],
)
def test_more_stands_for_the_noun_counted_before(nlp: Language, sentence: str, needle: str, expected: str,
                                                 lead: str) -> None:
    assert counted(nlp, sentence, needle, lead=lead) == expected


@pytest.mark.parametrize(
    ("sentence", "needle", "expected"),
    [
        ("Its 410 stores in 9 countries employ 20,000 people.", "9", "countries with stores"),
        ("A curfew in 6 provinces was lifted on Monday.", "6", "provinces with curfew"),
        ("Volunteers from 23 towns joined the search.", "23", "towns with volunteers"),
    ],
)
def test_a_count_of_places_counts_places_with_the_thing(nlp: Language, sentence: str, needle: str,
                                                       expected: str) -> None:
    assert counted(nlp, sentence, needle) == expected


def test_the_span_a_running_count_covers(nlp: Language) -> None:
    assert counted(nlp, "Some 4,300 migrants have reached Malta this year.", "4,300") == "migrants who reached Malta this year"
    assert counted(nlp, "The peso has lost about 14% against the dollar since March.", "14%") \
        == "loss in peso since March (%)"


@pytest.mark.parametrize(
    ("sentence", "needle", "unwanted"),
    [
        ("Marsh won by 52% of the vote.", "52%", "margin"),  # a share, not a gap
        ("The company beat the average estimate by 9 cents a share.", "9 cents", "margin"),  # a gap to a forecast
        ("Workers walked out in a strike at 40 sites on Monday.", "40", "strike"),  # a count, not a level
    ],
)
def test_look_alikes_of_gaps_and_levels(nlp: Language, sentence: str, needle: str, unwanted: str) -> None:
    phrase = counted(nlp, sentence, needle)
    assert phrase is not None and unwanted not in phrase
