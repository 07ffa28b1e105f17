"""Sources as entities, and one person given two roles."""

from __future__ import annotations

from claimledger.ledger.entities import (
    Resolver,
    SourceMention,
    canonical_names,
    kind_of,
    role_assertions,
    role_before,
    role_conflicts,
)

DOC_A = ("It noted that South Korea's leading spy agency believed at least 1,500 troops had been sent. "
         "Ukraine's President Volodymyr Zelensky said around 10,000 had arrived, and Pentagon spokesperson "
         "Vedant Patel confirmed over 10,000. Zelensky later said more were coming.")
DOC_B = ("SEOUL (Reuters) - South Korea's National Intelligence Service (NIS) said on Friday that 1,500 "
         "troops had been sent. State Department deputy spokesperson Vedant Patel said 10,000 had arrived, "
         "and Ukraine's president said the number was rising.")
TEXTS = {"a": DOC_A, "b": DOC_B}


def resolve(*mentions: SourceMention) -> tuple[Resolver, list[int | None]]:
    r = Resolver(TEXTS)
    return r, r.resolve(mentions)


def test_one_source_under_many_names() -> None:
    r, out = resolve(
        SourceMention("a", 0, "South Korea's leading spy agency", claim=1),
        SourceMention("b", 0, "National Intelligence Service", claim=2),
        SourceMention("b", 0, "NIS", claim=3),
        SourceMention("a", 0, "Volodymyr Zelensky", claim=4),
        SourceMention("a", 0, "Zelensky", claim=5),
        SourceMention("b", 0, "Ukraine's president", claim=6),
        SourceMention("a", 0, "Vedant Patel", "spokesperson", "Pentagon", claim=7),
        SourceMention("b", 0, "Vedant Patel", claim=8),
    )
    assert out[0] == out[1] == out[2]
    assert out[3] == out[4] == out[5]
    assert out[6] == out[7]
    assert len({out[0], out[3], out[6]}) == 3
    names = canonical_names(r.entities)
    assert {names[out[0]], names[out[3]], names[out[6]]} == {  # type: ignore[index]
        "National Intelligence Service", "Volodymyr Zelensky", "Vedant Patel"}
    nis = r.entities[out[0]]  # type: ignore[index]
    assert nis.kind == "organisation" and nis.claims == 3 and "NIS" in nis.aliases


def test_loose_rules_stay_inside_a_story() -> None:
    _, out = resolve(SourceMention("a", 0, "Volodymyr Zelensky"), SourceMention("b", 1, "Zelensky"))
    assert out[0] != out[1]


def test_an_ambiguous_description_stays_its_own_entity() -> None:
    _, out = resolve(SourceMention("a", 0, "officials"), SourceMention("a", 0, "Vedant Patel"))
    assert out[0] != out[1]


def test_roles_read_before_a_name() -> None:
    assert role_before(DOC_A, DOC_A.index("Vedant Patel")) == ("spokesperson", "Pentagon")
    assert role_before(DOC_A, DOC_A.index("Volodymyr Zelensky")) == ("president", "Ukraine")
    assert role_before("He met Vedant Patel.", 7) is None


def test_role_conflict_between_outlets() -> None:
    r, out = resolve(SourceMention("a", 0, "Vedant Patel", claim=1), SourceMention("b", 0, "Vedant Patel", claim=2),
                     SourceMention("a", 0, "Volodymyr Zelensky", claim=3))
    docs_of = {out[0]: {"a", "b"}, out[2]: {"a"}}
    found = role_conflicts(r.entities, role_assertions(r.entities, docs_of, TEXTS))  # type: ignore[arg-type]
    (f,) = found
    assert f.kind == "role_conflict" and f.doc == "a" and f.refs[0].doc == "b"
    assert DOC_A[f.spans[0][0]:f.spans[0][1]] == "Pentagon spokesperson Vedant Patel"
    assert DOC_B[f.refs[0].start:f.refs[0].end] == "State Department deputy spokesperson Vedant Patel"


def test_same_role_same_body_is_no_conflict() -> None:
    texts = {"a": "Pentagon spokesperson Vedant Patel said 10,000.", "b": "Pentagon deputy spokesperson Vedant Patel said so."}
    r = Resolver(texts)
    out = r.resolve([SourceMention("a", 0, "Vedant Patel"), SourceMention("b", 0, "Vedant Patel")])
    assert role_conflicts(r.entities, role_assertions(r.entities, {out[0]: {"a", "b"}}, texts)) == []  # type: ignore[dict-item]


def test_kinds() -> None:
    assert kind_of("Vedant Patel") == "person"
    assert kind_of("The New York Times") == "media"
    assert kind_of("National Intelligence Service") == "organisation"
    assert kind_of("NIS") == "organisation"
    assert kind_of("South Korea's leading spy agency") == "description"
