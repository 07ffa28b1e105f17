"""Counted phrases reduced to comparable parts."""

from __future__ import annotations

from claimledger.checks.concepts import concept_of, period_of, same_kind, shared_words, word_overlap


def test_soldiers_and_troops_are_one_head_class() -> None:
    a = concept_of("North Korean soldiers")
    b = concept_of("North Korean troops sent to Russia")
    assert a.head == b.head == "troop"
    assert a.qualifiers == b.qualifiers
    assert b.places == {"russi"}
    assert same_kind(a, b)
    assert word_overlap(a, b) >= 0.5 and shared_words(a, b) >= 2


def test_outcomes_split_killed_from_killed_or_wounded() -> None:
    killed = concept_of("Russian troops killed")
    both = concept_of("Russian troops killed or wounded")
    assert killed.outcome == "killed"
    assert both.outcome == "casualties"
    assert not same_kind(killed, both)


def test_heads_that_carry_an_outcome() -> None:
    c = concept_of("deaths")
    assert (c.head, c.outcome) == ("person", "killed")
    assert concept_of("casualties").outcome == "casualties"


def test_outcome_and_period_from_the_words_around_the_number() -> None:
    c = concept_of("troops", "… killed or wounded in the past twenty-four hours")
    assert c.outcome == "casualties"
    assert c.period == "24 hour"
    assert not same_kind(c, concept_of("troops", "… killed or wounded over three days"))


def test_named_qualifiers_must_match() -> None:
    assert not same_kind(concept_of("Russian soldiers"), concept_of("North Korean soldiers"))
    assert not same_kind(concept_of("US model power"), concept_of("boost-mode power"))
    assert same_kind(concept_of("Russian soldiers"), concept_of("Russia's soldiers"))


def test_demonym_heads_are_people_with_a_qualifier() -> None:
    c = concept_of("North Koreans")
    assert c.head == "person"
    assert "north" in c.qualifiers


def test_places_clash_only_when_both_are_named() -> None:
    assert not same_kind(concept_of("people killed in Gaza"), concept_of("people killed in Lebanon"))
    assert same_kind(concept_of("people killed in Gaza"), concept_of("people killed"))


def test_periods() -> None:
    assert period_of("1,250 troops per day") == "1 day"
    assert period_of("losses in the past week") == "1 week"
    assert period_of("daily losses") == "1 day"
    assert period_of("10,000 soldiers") is None
