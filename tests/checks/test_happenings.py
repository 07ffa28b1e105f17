"""One-time happenings: the same ratification dated twice is comparable; other pairs are not."""

from __future__ import annotations

from claimledger.checks.happenings import happening_of, label, same_happening

BODY = ("That pact, which North Korea officially ratified on November 12, 2024, right around the time Putin "
        "launched his Kursk counteroffensive, obliges each nation to come to the other’s aid.")
FAQ = "The agreement, ratified by North Korea in June 2024, stipulates that both nations will support each other."


def test_ratification_in_body_and_faq_is_one_happening() -> None:
    a = happening_of(BODY, (BODY.index("officially"), BODY.index(", right")))
    b = happening_of(FAQ, (FAQ.index("ratified"), FAQ.index(", stip")))
    assert a.action == b.action == "ratify"
    assert same_happening(a, b)
    assert label(a) == "ratification"


def test_focus_picks_the_action_nearest_the_event() -> None:
    h = happening_of(BODY, (BODY.index("Putin launched"), BODY.index(" his Kursk")))
    assert h.action == "begin"


def test_swapped_actors_are_different_happenings() -> None:
    a = happening_of("Russia invaded Ukraine in February 2022.")
    b = happening_of("Ukraine invaded Russia in August 2024.")
    assert not same_happening(a, b)


def test_recurring_or_planned_events_are_not_compared() -> None:
    a = happening_of("The treaty was signed again in 2019 by both parliaments.")
    b = happening_of("The treaty was signed in 2015 by both parliaments.")
    assert a.hedged and not same_happening(a, b)
    plan = happening_of("Parliament will ratify the agreement in March.")
    done = happening_of("Parliament ratified the agreement in January.")
    assert not same_happening(plan, done)


def test_no_action_no_happening() -> None:
    assert happening_of("The weather was cold in Kursk in November.").action is None


def test_a_birth_needs_only_the_same_person() -> None:
    a = happening_of("Jana Novak was born in Brno in 1950 to a family of teachers.")
    b = happening_of("Novak, born in 1952, studied law in Prague.")
    c = happening_of("Petr Svoboda was born in 1952 in Ostrava.")
    assert same_happening(a, b)
    assert not same_happening(a, c)


def test_a_nationality_is_not_a_person() -> None:
    a = happening_of("Russian soldiers died in Kursk on Monday.")
    b = happening_of("Russian soldiers died in Bakhmut in May.")
    assert not same_happening(a, b)
