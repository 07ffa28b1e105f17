"""Self-contradictions and relayed disagreements inside one document."""

from __future__ import annotations

from dataclasses import replace

from claimledger.checks.within import comparable, within_document

from .conftest import C, E, build


def _run(result):  # type: ignore[no-untyped-def]
    return within_document(result.document, result.sentences, result.claims, result.events)


def test_sample_story_ratification_dates_contradict(kursk_003: str) -> None:
    r = build("003.txt", kursk_003, events=[
        E("officially ratified on November 12, 2024", "2024-11-12", "North Korea ratifies the pact"),
        E("ratified by North Korea in June 2024", "2024-06", "North Korea ratifies the pact"),
        E("created back in June 2024", "2024-06", "Russia-North Korea defensive pact signed"),
        E("Russia began a powerful offensive on November 12", "2024-11-12", "Russian offensive begins"),
    ])
    found = _run(r)
    assert [f.kind for f in found] == ["self_contradiction"]
    (f,) = found
    body, faq = f.spans
    assert kursk_003[body[0]:body[1]] == "officially ratified on November 12, 2024"
    assert kursk_003[faq[0]:faq[1]] == "ratified by North Korea in June 2024"
    assert "2024-11-12" in f.why and "2024-06" in f.why


def test_compatible_troop_estimates_are_not_contradictions(kursk_003: str) -> None:
    r = build("003.txt", kursk_003, claims=[
        C("at least 1,500", 1500, None, "min", "troops sent into Russia", "South Korea’s leading spy agency",
          "2024-10-18"),
        C("around 10,000", 10000, 10000, "approx", "North Koreans arrived", "Volodymyr Zelensky"),
        C("12,000", 12000, 12000, "exact", "North Korean troops in Russia", "South Korean media outlets"),
        C("over 10,000", 10000, None, "min", "North Korean soldiers sent to eastern Russia", "Vedant Patel"),
        C("10,000 to 12,000", 10000, 12000, "range", "North Korean soldiers arriving in Russia", None, "2024-11-10"),
        C("at least 10,000 to 12,000", 10000, 12000, "range", "North Korean soldiers deployed to Russia"),
        # the whole force, not the North Koreans in it
        C("50,000", 50000, 50000, "exact", "North Korean soldiers", "The Times of India", occurrence=5),
    ])
    assert _run(r) == []


def test_two_values_for_the_same_thing_in_one_voice() -> None:
    text = ("Flooding in the valley killed 45 people in Riverton, the county said on Tuesday.\n"
            "Rescue teams searched the riverbanks through the night.\n"
            "In all, 12 people died in Riverton when the dam gave way, according to the county.")
    r = build("flood.txt", text, claims=[
        C("45", 45, 45, "exact", "people killed in Riverton", "the county"),
        C("12", 12, 12, "exact", "people died in Riverton", "the county"),
    ])
    (f,) = _run(r)
    assert f.kind == "self_contradiction"
    assert [text[s:e] for s, e in f.spans] == ["45", "12"]


def test_two_named_sources_disagreeing_is_a_disagreement() -> None:
    text = ("The health ministry said 120 civilians were killed in Kharkiv region attacks.\n"
            "The regional governor, Oleh Syniehubov, put the number of civilians killed in Kharkiv region at 40.")
    r = build("k.txt", text, claims=[
        C("120", 120, 120, "exact", "civilians killed in Kharkiv region", "health ministry"),
        C("40", 40, 40, "exact", "civilians killed in Kharkiv region", "Oleh Syniehubov"),
    ])
    (f,) = _run(r)
    assert f.kind == "disagreement"
    assert "health ministry" in f.why and "Oleh Syniehubov" in f.why


def test_growth_over_time_is_not_a_contradiction() -> None:
    text = ("By Monday 12 people had been confirmed dead in Riverton.\n"
            "On Wednesday officials said the toll in Riverton rose to 30 people dead.")
    r = build("t.txt", text, claims=[
        C("12", 12, 12, "exact", "people dead in Riverton", "officials", "2024-05-06"),
        C("30", 30, 30, "exact", "people dead in Riverton", "officials", "2024-05-08"),
    ])
    assert _run(r) == []


def test_different_things_and_a_writer_correcting_a_source() -> None:
    text = ("The factory employs 300 workers in Leeds.\n"
            "It produced 4,000 cars in Leeds last year.\n"
            "The minister claimed 900 workers were employed at the Leeds plant.\n"
            "Records show 300 workers were employed at the Leeds plant.")
    r = build("f.txt", text, claims=[
        C("300", 300, 300, "exact", "workers in Leeds"),
        C("4,000", 4000, 4000, "exact", "cars in Leeds"),
        C("900", 900, 900, "exact", "workers employed at the Leeds plant", "the minister"),
    ])
    assert _run(r) == []


def test_a_whole_is_not_a_count_of_its_part(kursk_003: str) -> None:
    r = build("003.txt", kursk_003, claims=[C("50,000", 50000, 50000, "exact", "North Korean soldiers", occurrence=5)])
    assert not comparable(r.claims[0], kursk_003)


def test_specs_prices_and_percentages_are_not_contested() -> None:
    text = ("The 16-inch MacBook Pro replaces the old model in Apple's line-up.\n"
            "The old 15-inch MacBook Pro is no longer sold by Apple in stores.\n"
            "In the poll 70 percent of Americans backed the plan for the MacBook Pro.\n"
            "Another question found 44 percent of Americans backed the plan for the MacBook Pro.")
    r = build("mac.txt", text, claims=[
        C("16-inch", 16, 16, "exact", "MacBook Pro display (inches)"),
        C("15-inch", 15, 15, "exact", "MacBook Pro display (inches)"),
        C("70 percent", 70, 70, "exact", "share of Americans backing the MacBook Pro plan"),
        C("44 percent", 44, 44, "exact", "share of Americans backing the MacBook Pro plan"),
    ])
    with_units = [replace(c, unit="inch" if "inch" in c.text else "%") for c in r.claims]
    assert within_document(r.document, r.sentences, with_units, ()) == []
