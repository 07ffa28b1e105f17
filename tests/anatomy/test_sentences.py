"""The rule-based sentence splitter on the traps of news prose."""

from __future__ import annotations

import pytest
from hypothesis import given
from hypothesis import strategies as st

from claimledger.anatomy import split_sentences


def sents(text: str) -> list[str]:
    return [text[s:e] for s, e in split_sentences(text)]


@pytest.mark.parametrize(
    ("text", "expected"),
    [
        ("Rep. Ilhan Omar spoke on Nov. 18 in St. Paul. Dr. Jane Lee replied.",
         ["Rep. Ilhan Omar spoke on Nov. 18 in St. Paul.", "Dr. Jane Lee replied."]),
        ("The U.S. Army sent 3.5 tonnes of aid. It arrived in the U.S. The next day it left.",
         ["The U.S. Army sent 3.5 tonnes of aid.", "It arrived in the U.S.", "The next day it left."]),
        ("J. K. Rowling met George W. Bush. No. 10 said nothing.",
         ["J. K. Rowling met George W. Bush.", "No. 10 said nothing."]),
        ("He said: “We will rebuild.” Then he left.", ["He said: “We will rebuild.”", "Then he left."]),
        ("“Are we safe?” she asked. Nobody answered.", ["“Are we safe?” she asked.", "Nobody answered."]),
        ("They waited... And waited. Why? Nobody knew!", ["They waited...", "And waited.", "Why?", "Nobody knew!"]),
        ("Units were destroyed…A group was liquidated. It was over.",
         ["Units were destroyed…A group was liquidated.", "It was over."]),
        ("The vote was 52-48 (a record). Gov. Newsom signed it at 9 a.m. The law takes effect in Jan. 2025.",
         ["The vote was 52-48 (a record).", "Gov. Newsom signed it at 9 a.m.", "The law takes effect in Jan. 2025."]),
        ("Told VOA on Nov. that troops left.", ["Told VOA on Nov. that troops left."]),
        ("  Leading and trailing space.  ", ["Leading and trailing space."]),
    ],
)
def test_split(text: str, expected: list[str]) -> None:
    assert sents(text) == expected


@pytest.mark.parametrize(
    ("text", "expected"),
    [
        ("WICHITA, Kan. (AP) — A tornado destroyed 40 homes, the county said. Nobody died.",
         ["WICHITA, Kan. (AP) — A tornado destroyed 40 homes, the county said.", "Nobody died."]),
        ("TRENTON, N.J. — State officials said 12 people died. CHARLESTON, W.Va. Officials agreed.",
         ["TRENTON, N.J. — State officials said 12 people died.", "CHARLESTON, W.Va.", "Officials agreed."]),
        ("Acme Inc. Chief Executive Jane Roe said on Tuesday 300 jobs would go. Acme Corp. The rival said nothing.",
         ["Acme Inc. Chief Executive Jane Roe said on Tuesday 300 jobs would go.", "Acme Corp.", "The rival said nothing."]),
        ("The plant was sold to Bolt Ltd. Shares of the buyer fell 4% on Friday.",
         ["The plant was sold to Bolt Ltd.", "Shares of the buyer fell 4% on Friday."]),
        ("Wichita, Kan. Mayor Lily Wu said 40 homes burned. Crews came from Salina, Kan. Rain helped them.",
         ["Wichita, Kan. Mayor Lily Wu said 40 homes burned.", "Crews came from Salina, Kan.", "Rain helped them."]),
        ("The firm moved to Portland, Ore. Its founder said 50 people would follow from Fresno, Calif. within a year.",
         ["The firm moved to Portland, Ore.", "Its founder said 50 people would follow from Fresno, Calif. within a year."]),
        ("Sheriff Bob Hale Jr. said 3 people were missing. The prize went to Ann Roe Sr. Nobody else was named.",
         ["Sheriff Bob Hale Jr. said 3 people were missing.", "The prize went to Ann Roe Sr.", "Nobody else was named."]),
        ("He fell ill. Doctors kept him overnight.", ["He fell ill.", "Doctors kept him overnight."]),
        ("The critical mass. Mass. Gov. Maura Healey said the U.S. Navy sent 2 ships to St. Louis on Jan. 5.",
         ["The critical mass.", "Mass. Gov. Maura Healey said the U.S. Navy sent 2 ships to St. Louis on Jan. 5."]),
        ("He met the governor in Washington. The next day he flew to Jackson, Miss. The storm hit at noon.",
         ["He met the governor in Washington.", "The next day he flew to Jackson, Miss.", "The storm hit at noon."]),
    ],
)
def test_datelines_companies_and_state_abbreviations(text: str, expected: list[str]) -> None:
    assert sents(text) == expected


def test_offsets_respect_start_and_end() -> None:
    text = "Title\nFirst one. Second one.\nNext block."
    start = text.index("First")
    end = text.index("\nNext")
    assert [text[s:e] for s, e in split_sentences(text, start, end)] == ["First one.", "Second one."]


@given(st.text(alphabet=st.sampled_from(list("ab .!?\n“”'\"AB12…")), max_size=120))
def test_spans_are_ordered_stripped_and_inside(text: str) -> None:
    spans = split_sentences(text)
    last = 0
    for s, e in spans:
        assert last <= s < e <= len(text)
        assert not text[s].isspace() and not text[e - 1].isspace()
        last = e
