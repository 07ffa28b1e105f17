"""counted_phrase: what a figure counts, read from a real spaCy parse."""

from __future__ import annotations

from typing import TYPE_CHECKING

import pytest
from tests.extract.helpers import counted

from claimledger.extract.context import SentenceView
from claimledger.extract.counted import MAX_WORDS, counted_phrase
from claimledger.extract.counted_lexicon import past_participle
from claimledger.extract.quantities import find_quantities

if TYPE_CHECKING:
    from spacy.language import Language




@pytest.mark.parametrize(
    ("sentence", "needle", "expected"),
    [
        # --- the noun the number modifies, and what the clause does to it
        # a participle after the noun and the period of the claim
        ("Over the past twenty-four hours, the Russian military lost approximately 1,250 troops killed or "
         "wounded, as well as fifty-seven unmanned aerial systems.", "1,250",
         "troops killed or wounded (past twenty-four hours)"),
        # the object of an active verb: the verb as a participle, its subject as the agent
        ("The shelling killed at least 23 civilians in the town of Kherson, officials said.", "23",
         "civilians in the town of Kherson killed by shelling"),
        ("Rebels captured 300 government soldiers near the border.", "300",
         "government soldiers captured by rebels near the border"),
        ("The wildfire has burned 18,400 hectares since it started on Tuesday.", "18,400",
         "hectares burned by wildfire"),
        # "killing" reads as "killed"; a clause hanging from another takes that clause's subject
        ("A powerful earthquake struck the coast on Friday, killing 64 people.", "64",
         "people killed by powerful earthquake"),
        # a passive verb and where the noun went
        ("Today I can confirm that over 10,000 North Korean soldiers have been sent to eastern Russia.",
         "10,000", "North Korean soldiers sent to eastern Russia"),
        ("About 1,500 troops were deployed to the northern province on Friday.", "1,500",
         "troops deployed to the northern province"),
        # a linking verb: its complement, not the verb
        ("At least six hikers remain missing after the avalanche.", "six", "hikers missing"),
        ("Roughly 3,000 residents are under evacuation orders.", "3,000", "residents under evacuation orders"),
        # a subject with an object of its own
        ("More than 40,000 runners finished the race in under six hours.", "40,000",
         "runners who finished race"),
        # through a container noun, plus the verb acting on it
        ("The press officer confirmed Ukraine had destroyed 10 units of armored vehicles.", "10",
         "armored vehicles destroyed by Ukraine"),
        # a conjunct carries the verb of its list
        ("The army lost 57 drones, 55 tactical vehicles and fuel trucks, and six tanks.", "55",
         "tactical vehicles and fuel trucks lost by army"),
        # a will or a modal keeps the clause as a relative one
        ("The mayor has pledged to hire 150 more police officers.", "150",
         "more police officers mayor pledged to hire"),
        ("The airline will cut 2,000 jobs by the end of the year.", "2,000", "jobs airline will cut"),
        # a count credited to a person or a player
        ("Zach Parise scored twice, Alex Stalock made 30 saves and Minnesota beat Buffalo.", "30",
         "saves by Alex Stalock"),
        ("Zach Parise scored twice, Alex Stalock made 30 saves and Minnesota beat Buffalo.", "twice",
         "scored by Zach Parise"),
        ("The goalkeeper made 41 saves as the Kings won 2-1.", "41", "saves by goalkeeper"),
        # the span a running count covers, and verbs joined by "or"
        ("The plant shipped more than 1.1 billion meals last year.", "1.1",
         "meals shipped by plant last year"),
        ("The region has lost about 4,000 factory jobs since 2000.", "4,000",
         "factory jobs lost by region since 2000"),
        ("At least 90 migrants have died or gone missing in the Aegean this year.", "90",
         "migrants died or gone missing"),
        # --- a number whose noun the sentence left out, or that is part of a whole
        ("The quake killed at least 37 people and injured more than 300, the agency said.", "300",
         "people injured by quake"),
        ("The storm damaged about 400 homes and destroyed 35.", "35", "homes destroyed by storm"),
        ("Two of the rescued climbers were taken to hospital.", "Two", "rescued climbers taken to hospital"),
        ("Medics treated 730 runners for heat exhaustion, and 19 were taken to hospital.", "19",
         "runners taken to hospital"),
        # --- a level: the subject the clause measures
        ("Ukrainian, South Korean, and Western intelligence estimates put the number of North Korean forces "
         "in Russian service to around 11,000.", "11,000", "North Korean forces in Russian service"),
        ("The population in the Rukban camp has fluctuated and currently is estimated at around 40,000.",
         "40,000", "population in the Rukban camp"),
        ("The death toll from the floods rose to 71 on Sunday.", "71", "people killed by the floods"),
        ("The win extends the club's unbeaten run to 14 games.", "14", "club's unbeaten run (games)"),
        ("The cost of rebuilding the bridge has reached $38 million.", "38", "cost of rebuilding bridge"),
        ("Unemployment held at a record low of 3.5% in May.", "3.5", "record low of unemployment (%)"),
        ("The asylum backlog stood at about 90,000 cases in March.", "90,000", "asylum backlog (cases)"),
        ("The capital, a city of about 2 million people, was left without water.", "2 million",
         "population of capital"),
        # --- shares and changes
        ("The senator won 54% of the vote in the runoff.", "54%", "senator's share of vote in the runoff (%)"),
        ("About 0.4 percent of the total U.S. population reported a methamphetamine use disorder.", "0.4",
         "share of total U.S. population (%)"),
        ("Shares of the carmaker fell 6% in early trading.", "6%", "fall in shares of the carmaker (%)"),
        ("Voter turnout was 61 percent, up from 55 percent four years ago.", "55", "Voter turnout (%)"),
        ("The vaccine was 91% effective against severe disease.", "91%", "vaccine effectiveness (%)"),
        ("The fire was 35% contained by Sunday night.", "35%", "fire containment (%)"),
        # --- money: what the amount is, of or for
        ("The company reported revenue of $4.3 billion for the quarter.", "4.3", "revenue for the quarter"),
        ("The charity raised $2 million for flood victims.", "2 million", "money raised by charity"),
        ("The judge ordered the broker to pay $12 million in restitution.", "12",
         "restitution broker ordered to pay"),
        ("Clearing the debris has cost an estimated $9 million so far.", "9", "cost of clearing debris"),
        ("The project, a deal worth $1.2 billion, was signed on Monday.", "1.2", "value of deal signed on Monday"),
        ("The city will lose about $4 million a year in tax revenue.", "4", "tax revenue city will lose per year"),
        # --- measures: the thing measured, its dimension and the unit
        ("The new Sportback is just over 16 feet long and six feet wide.", "16", "new Sportback length (feet)"),
        ("Paganini and his team reported that they detected 5,200 pounds of water vapor.", "5,200",
         "water vapor detected (pounds)"),
        ("The town lies some 25 kilometres from the front line.", "25", "distance from the front line (km)"),
        ("The cars will have 71 kWh and 95 kWh of battery capacity.", "71", "battery capacity (kWh)"),
        ("Its two motors deliver a combined 300 kW.", "300", "power of motors (kW)"),
        ("It delivers 300 kW in boost mode.", "300", "power (kW)"),
        ("Temperatures reached 44.6C in Seville on Wednesday.", "44.6", "temperatures (degrees C)"),
        # --- fractions and parts of a stated whole
        ("Ukraine saw that a fifth of the 50,000 were North Koreans.", "fifth", "North Koreans"),
    ],
)
def test_counted_phrase(nlp: Language, sentence: str, needle: str, expected: str) -> None:
    assert counted(nlp, sentence, needle) == expected


def test_a_pronoun_whole_reads_as_the_noun_counted_before(nlp: Language) -> None:
    sentence = "More than 45,000 runners started the race, and about 44,100 of them finished."
    phrase = counted(nlp, sentence, "44,100")
    assert phrase is not None and phrase.startswith("runners")


def test_a_compared_figure_counts_what_the_first_one_counts(nlp: Language) -> None:
    sentence = "Nearly 14,000 people are now under evacuation orders, up from about 8,000 on Monday."
    assert counted(nlp, sentence, "8,000") == counted(nlp, sentence, "14,000") == "people under evacuation orders"


def test_a_rate_after_the_figure_is_kept(nlp: Language) -> None:
    phrase = counted(nlp, "The deal lets the agency return about 50 migrants a week.", "50")
    assert phrase is not None and phrase.endswith("per week")


def test_phrases_stay_short(nlp: Language) -> None:
    sentence = ("The Kyiv Post claims that Russia began a powerful offensive, sending 28 armored vehicle units "
                "of the newly formed and heavily reinforced mechanized brigades of the southern command group "
                "into the fields near the border villages.")
    phrase = counted(nlp, sentence, "28")
    assert phrase is not None and len(phrase.split()) <= MAX_WORDS + 2


@pytest.mark.parametrize(
    ("sentence", "needle"),
    [
        ("Officials said at least 42 people were killed.", "42"),
        ("Police believe 12 suspects fled the country.", "12"),
        ("The ministry reported that 300 homes were damaged.", "300"),
    ],
)
def test_saying_verbs_are_not_what_is_counted(nlp: Language, sentence: str, needle: str) -> None:
    phrase = counted(nlp, sentence, needle)
    assert phrase is not None
    assert not {"said", "believe", "believed", "reported"} & set(phrase.split())


def test_pronoun_subjects_are_never_agents(nlp: Language) -> None:
    phrase = counted(nlp, "She said they had sold 3,000 tickets by noon.", "3,000")
    assert phrase is not None and phrase.split()[0] == "tickets"
    assert not {"they", "she"} & set(phrase.split())


def test_unparsed_block_gives_none() -> None:
    sentence = "Officials said 42 people died."
    view = SentenceView(index=0, start=0, end=len(sentence), text=sentence, block=0, doc=None, offset=0)
    (q,) = find_quantities(sentence)
    assert counted_phrase(view, q) is None


@pytest.mark.parametrize(
    ("lemma", "participle"),
    [("kill", "killed"), ("hire", "hired"), ("carry", "carried"), ("stop", "stopped"), ("take", "taken"),
     ("fly", "flown"), ("pay", "paid"), ("shoot", "shot"), ("play", "played"), ("open", "opened")],
)
def test_past_participle(lemma: str, participle: str) -> None:
    assert past_participle(lemma) == participle


def test_a_figure_with_its_conversion_in_brackets_terminates(nlp: Language) -> None:
    # "12 nautical miles (22km)": each figure looks back at the other; the look-back is bounded
    sentence = ("The ferry sank about 12 nautical miles (22km) off the island shortly after 1am local time "
                "on Tuesday.")
    counted(nlp, sentence, "22")
    assert counted(nlp, sentence, "12") is not None
