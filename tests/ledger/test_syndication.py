"""Syndicated copies and wire attributions."""

from __future__ import annotations

from claimledger.ledger.syndication import DocInfo, TextSource, copy_findings, find_copies, signature, wire_of

STORY = ("KYIV (Reuters) - Ukraine said on Tuesday its forces had pushed back a Russian assault near the town of "
         "Kupiansk in the northeast, while officials in the south reported fresh drone attacks on the port of "
         "Odesa that damaged grain silos and a residential building. Regional governor Oleh Kiper said two people "
         "were injured. The Russian defence ministry said its air defences had shot down 25 Ukrainian drones "
         "over the Belgorod and Kursk regions overnight. Neither side's battlefield claims could be independently "
         "verified. Reporting by Olena Harmash; Editing by Peter Graff")
COPY = STORY.replace("KYIV (Reuters) - ", "").replace("Reporting by Olena Harmash; Editing by Peter Graff",
                                                        "This story was provided by a wire service.")
OTHER = ("The city council voted on Tuesday to close two libraries and a swimming pool to balance its budget, "
         "after months of debate over spending cuts that residents said would hit the poorest districts hardest. "
         "The mayor said the savings would fund the bus network and street repairs, and promised to review the "
         "decision next year if tax revenue recovers. Opponents said they would take the council to court.")


def run(docs: dict[str, tuple[str, str | None]]):  # type: ignore[no-untyped-def]
    infos = [DocInfo(k, pub, len(t)) for k, (t, pub) in docs.items()]
    sigs = {k: s for k, (t, _) in docs.items() if (s := signature(t)) is not None}
    wires = {k: w[0] for k, (t, _) in docs.items() if (w := wire_of(t))}
    return find_copies(infos, sigs, TextSource((k, t) for k, (t, _) in docs.items()), wires)


def test_a_trimmed_copy_is_found_and_the_earlier_one_is_the_original() -> None:
    copies = run({"wire.txt": (STORY, "2024-11-05"), "site.txt": (COPY, "2024-11-06"), "council.txt": (OTHER, None)})
    assert [(c.doc, c.original, c.wire) for c in copies] == [("site.txt", "wire.txt", "Reuters")]
    assert copies[0].similarity > 0.8
    (f,) = copy_findings(copies, {"site.txt": len(COPY), "wire.txt": len(STORY)}, {"wire.txt": "Ukraine repels"})
    assert f.kind == "duplicate" and f.doc == "site.txt" and f.refs[0].doc == "wire.txt"
    assert "Ukraine repels" in f.why and "Reuters" in f.why


def test_unknown_dates_fall_back_to_the_longer_text_then_the_id() -> None:
    copies = run({"b.txt": (STORY, None), "a.txt": (STORY, None)})
    assert [(c.doc, c.original) for c in copies] == [("b.txt", "a.txt")]


def test_different_articles_are_not_copies() -> None:
    assert run({"x.txt": (STORY, None), "y.txt": (OTHER, None)}) == []


def test_short_texts_are_not_judged() -> None:
    assert signature("Breaking: more soon.") is None


def test_wire_attribution_needs_a_dateline_or_credit_not_a_citation() -> None:
    assert wire_of(STORY) == ("Reuters", "“(Reuters) -”")
    assert wire_of("WASHINGTON (AP) — The Senate voted on Tuesday.")[0] == "AP"  # type: ignore[index]
    assert wire_of("PARIS (AFP) - Strikes closed schools.")[0] == "AFP"  # type: ignore[index]
    assert wire_of("The figures were first reported by Reuters on Monday.") is None
    assert wire_of("Some text.", outlet="Associated Press") == ("AP", "outlet “Associated Press”")


def test_a_wire_story_in_many_outlets_is_compared_once_per_copy(monkeypatch) -> None:  # type: ignore[no-untyped-def]
    """30 copies are 435 candidate pairs; once two are one group, checking them again could
    only join them again, so the shingle check runs about once per copy, not per pair."""
    from claimledger.ledger import syndication

    calls = []
    real = syndication.containment

    def counted(a: set[str], b: set[str]) -> float:
        calls.append(1)
        return real(a, b)

    monkeypatch.setattr(syndication, "containment", counted)
    docs = {f"outlet{i:02d}.txt": (COPY + (f" Filed by desk {i}." if i % 2 else ""), f"2024-11-{6 + i % 3:02d}")
            for i in range(30)}
    docs["wire.txt"] = (STORY, "2024-11-05")
    copies = run(docs)
    assert len(copies) == 30 and {c.original for c in copies} == {"wire.txt"}
    assert len(calls) <= 2 * 30  # the joins, plus the similarity reported for each copy
