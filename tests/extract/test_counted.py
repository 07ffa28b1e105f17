"""counted_phrase: what a figure counts, read from a real spaCy parse."""

from __future__ import annotations

from typing import TYPE_CHECKING

import pytest

from claimledger.extract.context import SentenceView
from claimledger.extract.counted import counted_phrase
from claimledger.extract.quantities import find_quantities

if TYPE_CHECKING:
    from spacy.language import Language


def counted(nlp: Language, sentence: str, needle: str, lead: str = "Background text. ") -> str | None:
    """Parse ``lead + sentence`` as one block and ask what the figure covering ``needle`` counts.

    The lead puts the sentence at a non-zero offset in its block, as in a real document.
    """
    block = lead + sentence
    doc = nlp(block)
    offset = 1000  # the block starts here in the (imaginary) document
    start = offset + len(lead)
    view = SentenceView(index=1, start=start, end=start + len(sentence), text=sentence, block=0, doc=doc,
                        offset=offset)
    at = start + sentence.index(needle)
    qs = [q for q in find_quantities(sentence, offset=start) if q.start <= at < q.end]
    assert len(qs) == 1, (needle, qs)
    return counted_phrase(view, qs[0])


@pytest.mark.parametrize(
    ("sentence", "needle", "expected"),
    [
        # the noun the number modifies, with a participle and the period of the claim
        ("Over the past twenty-four hours, the Russian military lost approximately 1,250 troops killed or "
         "wounded, as well as fifty-seven unmanned aerial systems.", "1,250",
         "troops killed or wounded (past twenty-four hours)"),
        # a conjunct carries the verb of its list
        ("Over the past twenty-four hours, the Russian military lost approximately 1,250 troops killed or "
         "wounded, as well as fifty-seven unmanned aerial systems, fifty-five tactical vehicles and fuel "
         "trucks, and six main battle tanks.", "fifty-five",
         "tactical vehicles and fuel trucks lost (past twenty-four hours)"),
        # through "the number of" to what is counted
        ("Ukrainian, South Korean, and Western intelligence estimates put the number of North Korean forces "
         "in Russian service to around 11,000.", "11,000", "North Korean forces in Russian service"),
        # the passive verb and where the noun went
        ("Today I can confirm that over 10,000 North Korean soldiers have been sent to eastern Russia.",
         "10,000", "North Korean soldiers sent to eastern Russia"),
        # a number standing alone: the subject the clause measures
        ("The population in the Rukban camp has fluctuated and currently is estimated at around 40,000.",
         "40,000", "population in the Rukban camp"),
        # through a container noun, plus the verb acting on it
        ("The press officer confirmed Ukraine had destroyed 10 units of armored vehicles.", "10",
         "armored vehicles destroyed"),
        # a count credited to a person
        ("Zach Parise scored twice, Alex Stalock made 30 saves and Minnesota beat Buffalo.", "30",
         "saves by Alex Stalock"),
        ("Zach Parise scored twice, Alex Stalock made 30 saves and Minnesota beat Buffalo.", "twice",
         "scored by Zach Parise"),
        # measures: the thing measured, its dimension and the unit
        ("The new Sportback is just over 16 feet long and six feet wide.", "16", "new Sportback length (feet)"),
        ("Paganini and his team reported that they detected 5,200 pounds of water vapor.", "5,200",
         "water vapor (pounds)"),
        # money and shares
        ("The company reported revenue of $4.3 billion for the quarter.", "4.3", "revenue for the quarter"),
        ("About 0.4 percent of the total U.S. population reported a methamphetamine use disorder.", "0.4",
         "total U.S. population"),
        ("Ukraine saw that a fifth of the 50,000 were North Koreans.", "fifth", "North Koreans"),
    ],
)
def test_counted_phrase(nlp: Language, sentence: str, needle: str, expected: str) -> None:
    assert counted(nlp, sentence, needle) == expected


def test_phrases_stay_short(nlp: Language) -> None:
    sentence = ("The Kyiv Post claims that Russia began a powerful offensive, sending 28 armored vehicle units "
                "of the newly formed and heavily reinforced mechanized brigades of the southern command group "
                "into the fields near the border villages.")
    phrase = counted(nlp, sentence, "28")
    assert phrase is not None and len(phrase.split()) <= 10


def test_saying_verbs_are_not_what_is_counted(nlp: Language) -> None:
    phrase = counted(nlp, "Officials said at least 42 people were killed.", "42")
    assert phrase is not None and "said" not in phrase and "people" in phrase


def test_unparsed_block_gives_none() -> None:
    sentence = "Officials said 42 people died."
    view = SentenceView(index=0, start=0, end=len(sentence), text=sentence, block=0, doc=None, offset=0)
    (q,) = find_quantities(sentence)
    assert counted_phrase(view, q) is None
