"""The story filter: query syntax, two-stage judgement, similarity to the ledger."""

from __future__ import annotations

import pytest

from claimledger.errors import UsageError
from claimledger.follow.storyfilter import AcceptAll, SimilarityFilter, parse_query

QUERY = "kursk AND (north korea OR pyongyang) NOT football"


def test_boolean_query_on_article_text() -> None:
    q = parse_query(QUERY)
    assert q.matches("Thousands of North Korean troops... no wait: North Korea sent troops to Kursk.")
    assert q.matches("Pyongyang's soldiers are in the KURSK region")
    assert not q.matches("North Korea sent troops to the front")  # no Kursk
    assert not q.matches("Kursk football club signs a striker from Pyongyang")  # NOT football
    assert not q.matches("Kursk and the north of Korea")  # a phrase is a phrase


def test_plurals_possessives_wildcards_and_quotes() -> None:
    assert parse_query("soldier").matches("Two soldiers died")
    assert parse_query("soldier").matches("the soldier's family")
    assert not parse_query("korea").matches("North Korean troops")
    assert parse_query("korea*").matches("North Korean troops")
    assert parse_query('"north korea" troops').matches("troops from north-korea")  # implicit AND of two phrases
    assert not parse_query('"north korea" "putin"').matches("north korea only")
    assert parse_query("NOT football").matches("a war story")
    assert parse_query("a OR b AND c").matches("a")  # AND binds tighter than OR
    assert not parse_query("(a OR b) AND c").matches("a")
    assert parse_query("kursk and oblast").matches("Kursk and oblast")  # lower-case 'and' is a word


@pytest.mark.parametrize("bad", ["", "kursk AND", "(kursk", "kursk)", 'say "hello', "OR kursk", "AND"])
def test_bad_queries_say_what_is_wrong(bad: str) -> None:
    with pytest.raises(UsageError, match="--match"):
        parse_query(bad)


def test_teaser_prefilter() -> None:
    q = parse_query(QUERY)
    assert q.could_match("Kursk: what we know")  # only part of the query: fetch and look
    assert q.could_match("Pyongyang sends envoy")
    assert not q.could_match("Kursk football derby ends in a draw")  # ruled out before any request
    assert not q.could_match("Stock markets rally")  # none of the story's terms
    assert q.could_match("")  # sitemap entry without a title: judge the article


def test_similarity_to_the_ledger() -> None:
    story = [
        "North Korean troops have been deployed to Russia's Kursk region, the Pentagon said.",
        "About 10,000 North Korean soldiers are in Kursk, according to US officials.",
        "Ukraine says North Korean troops joined Russian forces fighting in Kursk.",
    ]
    f = SimilarityFilter(story, titles=["North Korean troops deployed to Kursk region"])
    assert f.matches("Officials say more North Korean troops arrived in the Kursk region this week.")
    assert not f.matches("The central bank raised interest rates by half a point on Tuesday.")
    assert f.could_match("Kursk fighting intensifies")
    assert not f.could_match("Bank of England holds rates")
    assert f.could_match("North Korean troops deployed in Kursk region")  # title-like
    assert "kursk" in f.describe().lower()
    with pytest.raises(UsageError, match="--similar"):
        SimilarityFilter([])
    assert AcceptAll().matches("anything") and AcceptAll().could_match("")
