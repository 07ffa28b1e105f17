"""The cross-document stage on a hand-built story stored in a real ledger.

The Valencia flood story below has: an estimate that grows over days (an evolution, not a
conflict), two outlets disagreeing on the same day (a conflict), a syndicated copy (one
report, a duplicate finding), one person given two roles (role_conflict), a relayed
figure restated as something else (drift), an event dated differently by two outlets,
and an unrelated earthquake article whose death toll must never meet the flood's.
"""

from __future__ import annotations

import json
from pathlib import Path

import numpy as np
import pytest

from claimledger.checks.cross import run_cross_checks
from claimledger.ledger.store import Ledger
from claimledger.models import DocumentResult

from .conftest import C, E, build

ANALYSER = "test/1"

A = ("Floods kill dozens in Valencia\n"
     "At least 51 people were killed in the floods in Valencia, regional officials said on Wednesday, after a "
     "month of rain fell in eight hours and swept cars through the streets of towns south of the city.\n"
     "Valencian president Carlos Mazón said 1,200 rescuers were searching the flooded towns of Valencia.\n"
     "The regional government declared a state of emergency on October 29 as the water rose in the towns.\n"
     "Residents of Paiporta described a wall of water that swept through the town and its streets within "
     "minutes, leaving mud, wrecked cars and broken furniture piled in the flooded streets of Valencia.")
B = ("Valencia flood toll passes 150\n"
     "The floods in Valencia have killed 158 people, the regional government said on Friday, as soldiers and "
     "volunteers searched the mud for the missing in the flooded towns south of the city.\n"
     "Valencia mayor Carlos Mazón said 1,200 rescuers were searching the flooded towns of Valencia.\n"
     "The interior ministry said 212 people were killed and wounded in the floods in Valencia.\n"
     "Streets in Paiporta and the towns around it were still covered in mud and wrecked cars on Friday as "
     "residents of Valencia cleared their flooded homes and waited for water and power.")
C_TEXT = ("Ministry gives lower Valencia count\n"
          "Only 95 people were killed in the floods in Valencia, Spain's interior ministry said on Friday, "
          "disputing the regional count as rescuers searched the flooded towns south of the city.\n"
          "The regional government declared the state of emergency on October 31, the ministry said.\n"
          "Officials said 212 people were killed in the floods in Valencia, the interior ministry added.\n"
          "In Paiporta residents shovelled mud out of flooded homes and streets, and wrecked cars were piled in "
          "the streets of the towns of Valencia while volunteers handed out water.")
D_TEXT = C_TEXT.replace("Ministry gives lower Valencia count", "Spain: ministry gives lower Valencia count")
QUAKE = ("Earthquake strikes northern Chile\n"
         "A powerful earthquake killed 300 people in the mountain towns of northern Chile on Friday, the "
         "national emergency office said, as rescuers dug through collapsed adobe houses.\n"
         "The quake, of magnitude 7.8, was felt in Santiago and across the border in Argentina and Bolivia, "
         "and aftershocks shook the copper mining region through the night.\n"
         "Chile's president visited the worst-hit town of the mining region and promised to rebuild the "
         "collapsed houses and schools before the winter.")


def story() -> list[DocumentResult]:
    killed = "people killed in the floods in Valencia"
    return [
        build("a.txt", A, published="2024-10-30", outlet="Coast Herald", claims=[
            C("At least 51", 51, None, "min", killed, "regional officials"),
            C("1,200", 1200, 1200, "exact", "rescuers searching the flooded towns", "Carlos Mazón"),
        ], events=[E("declared a state of emergency on October 29", "2024-10-29", "state of emergency declared")]),
        build("b.txt", B, published="2024-11-01", outlet="Iberia Daily", claims=[
            C("158", 158, 158, "exact", killed, "the regional government"),
            C("1,200", 1200, 1200, "exact", "rescuers searching the flooded towns", "Carlos Mazón"),
            C("212", 212, 212, "exact", "people killed and wounded in the floods in Valencia", "interior ministry"),
        ]),
        build("c.txt", C_TEXT, published="2024-11-01", outlet="Madrid Post", claims=[
            C("95", 95, 95, "exact", killed, "Spain's interior ministry"),
            C("212", 212, 212, "exact", killed, "interior ministry"),
        ], events=[E("declared the state of emergency on October 31", "2024-10-31", "state of emergency declared")]),
        build("d.txt", D_TEXT, published="2024-11-02", outlet="Syndicating Site", claims=[
            C("95", 95, 95, "exact", killed, "Spain's interior ministry"),
        ]),
        build("quake.txt", QUAKE, published="2024-11-01", outlet="Andes Wire", claims=[
            C("300", 300, 300, "exact", "people killed", "the national emergency office"),
        ]),
    ]


@pytest.fixture
def ledger(tmp_path: Path) -> Ledger:
    led = Ledger(tmp_path / "story.db")
    for r in story():
        led.write_result(r, ANALYSER)
    return led


def findings(led: Ledger, kind: str | None = None) -> list[dict]:
    rows = led.rows("SELECT kind, doc, spans, refs, why, key FROM findings WHERE scope = 'ledger' ORDER BY doc, key")
    out = [dict(r) | {"spans": json.loads(r["spans"]), "refs": json.loads(r["refs"])} for r in rows]
    return [f for f in out if kind is None or f["kind"] == kind]


def text_of(doc: str, start: int, end: int) -> str:
    return {"a.txt": A, "b.txt": B, "c.txt": C_TEXT, "d.txt": D_TEXT, "quake.txt": QUAKE}[doc][start:end]


def test_story_ledger(ledger: Ledger) -> None:
    summary = run_cross_checks(ledger, semantic=False)
    assert summary.semantic is False and summary.fallback
    assert summary.stories == 2  # the flood, the earthquake

    # the syndicated copy: one duplicate finding pointing at its original, one syndication row
    (dup,) = findings(ledger, "duplicate")
    assert dup["doc"] == "d.txt" and dup["refs"][0]["doc"] == "c.txt"
    assert [tuple(r) for r in ledger.rows("SELECT doc, original FROM syndication")] == [("d.txt", "c.txt")]

    # same day, independent reports, 158 vs 95 killed: a conflict; the copy adds no second one
    conflicts = findings(ledger, "conflict")
    figure_conflicts = [f for f in conflicts if "Reports disagree" in f["why"]]
    assert len(figure_conflicts) == 1
    (fc,) = figure_conflicts
    involved = {(fc["doc"], text_of(fc["doc"], s, e)) for s, e in fc["spans"]} | {
        (r["doc"], text_of(r["doc"], r["start"], r["end"])) for r in fc["refs"]}
    assert {("b.txt", "158"), ("c.txt", "95")} <= involved
    assert all(doc != "quake.txt" for doc, _ in involved)
    assert ("a.txt", "At least 51") not in involved  # two days earlier: an evolution

    # the figure rises across days and is disputed on Nov 1
    fig = ledger.conn.execute(
        "SELECT f.* FROM figures f JOIN claims c ON c.figure = f.id WHERE c.doc = 'a.txt' AND c.low = 51").fetchone()
    assert fig["trend"] == "disputed" and fig["documents"] == 4 and fig["reports"] == 3
    assert (fig["first_as_of"], fig["last_as_of"]) == ("2024-10-30", "2024-11-02")

    # the relay chain: source entity -> outlet, copies pointing at their original, in time order
    from claimledger.ledger.entities import relay_chains

    chain = relay_chains(ledger.conn, fig["id"])
    assert (chain[0].doc, chain[0].original, chain[0].outlet) == ("a.txt", "a.txt", "Coast Herald")
    assert ("d.txt", "c.txt", "Syndicating Site") in [(st.doc, st.original, st.outlet) for st in chain]
    assert [st.as_of for st in chain] == sorted(st.as_of for st in chain)

    # the interior ministry's 212: "killed and wounded" in one report, "killed" in another
    drift = [f for f in conflicts if "drift" in f["why"]]
    assert len(drift) == 1
    assert drift[0]["doc"] == "b.txt" and drift[0]["refs"][0]["doc"] == "c.txt"

    # the state of emergency: October 29 vs October 31
    dated = [f for f in conflicts if "declaration" in f["why"]]
    assert len(dated) == 1 and "2024-10-29" in dated[0]["why"] and "2024-10-31" in dated[0]["why"]

    # Carlos Mazón: Valencian president vs Valencia mayor
    (role,) = findings(ledger, "role_conflict")
    assert "Carlos Mazón" in role["why"]
    assert text_of(role["doc"], *role["spans"][0]).endswith("Carlos Mazón")

    # sources resolved as entities; claims point at them
    names = {r["name"] for r in ledger.rows("SELECT name FROM sources")}
    assert "Carlos Mazón" in names
    unresolved = ledger.conn.execute(
        "SELECT COUNT(*) FROM claims WHERE source IS NOT NULL AND source_entity IS NULL").fetchone()[0]
    assert unresolved == 0


def test_interior_ministry_names_are_one_source(ledger: Ledger) -> None:
    run_cross_checks(ledger, semantic=False)
    entities = {r[0] for r in ledger.rows(
        "SELECT DISTINCT source_entity FROM claims WHERE source LIKE '%interior ministry%'")}
    assert len(entities) == 1


def test_rerunning_changes_nothing(ledger: Ledger) -> None:
    run_cross_checks(ledger, semantic=False)
    first = (findings(ledger), list(map(tuple, ledger.rows("SELECT * FROM figures"))),
             list(map(tuple, ledger.rows("SELECT id, figure, source_entity FROM claims ORDER BY id"))),
             list(map(tuple, ledger.rows("SELECT * FROM timeline"))))
    run_cross_checks(ledger, semantic=False)
    second = (findings(ledger), list(map(tuple, ledger.rows("SELECT * FROM figures"))),
              list(map(tuple, ledger.rows("SELECT id, figure, source_entity FROM claims ORDER BY id"))),
              list(map(tuple, ledger.rows("SELECT * FROM timeline"))))
    assert first == second


def test_document_findings_survive_and_keys_do_not_collide(ledger: Ledger) -> None:
    from claimledger.models import Finding

    r = story()[0]
    own = Finding(kind="duplicate", doc="a.txt", spans=((0, 5),), why="repeat", key="duplicate|syndicated|c.txt")
    ledger.write_result(DocumentResult(r.document, r.blocks, r.sentences, r.claims, r.events, (own,)), "test/2")
    run_cross_checks(ledger, semantic=False)
    scopes = {tuple(x) for x in ledger.rows("SELECT scope, key FROM findings WHERE doc = 'a.txt' AND kind = 'duplicate'")}
    assert ("document", "duplicate|syndicated|c.txt") in scopes


def test_an_empty_ledger(tmp_path: Path) -> None:
    with Ledger(tmp_path / "empty.db") as led:
        s = run_cross_checks(led, semantic=False)
    assert (s.documents, s.figures, s.findings) == (0, 0, {})


@pytest.mark.semantic
def test_semantic_run_is_incremental(tmp_path: Path, encoder) -> None:  # type: ignore[no-untyped-def]
    docs = story()
    with Ledger(tmp_path / "inc.db") as led:
        for r in docs[:3]:
            led.write_result(r, ANALYSER)
        first = run_cross_checks(led)
        assert first.semantic and first.embedded > 0
        assert first.stories == 1
        again = run_cross_checks(led)
        assert again.embedded == 0  # everything came from the cache
        for r in docs[3:]:
            led.write_result(r, ANALYSER)
        more = run_cross_checks(led)
        new_blocks = sum(1 for r in docs[3:] for _ in r.blocks)
        assert 0 < more.embedded <= new_blocks + 20  # the new documents' paragraphs (+ new phrases)
        assert more.stories == 2
        assert more.findings.get("duplicate") == 1 and more.findings.get("conflict", 0) >= 3


def _stored(led: Ledger, doc: str) -> list[bytes]:
    return [bytes(r[0]) for r in led.rows("SELECT vector FROM block_vectors WHERE doc = ? ORDER BY idx", (doc,))]


@pytest.mark.semantic
def test_a_paragraph_is_embedded_once_whichever_documents_repeat_it(tmp_path: Path, encoder) -> None:  # type: ignore[no-untyped-def]
    from claimledger.checks.cross_io import load

    docs = {r.document.id: r for r in story()}
    with Ledger(tmp_path / "dedupe.db") as led:
        for doc in ("a.txt", "c.txt"):
            led.write_result(docs[doc], ANALYSER)
        run_cross_checks(led)
        # d.txt is c.txt under another headline: only the headline is new
        led.write_result(docs["d.txt"], ANALYSER)
        assert load(led, encoder).embedded == 1
        again = run_cross_checks(led)
        assert again.findings.get("duplicate") == 1
        c, d = _stored(led, "c.txt"), _stored(led, "d.txt")
        assert len(c) == len(d) > 2
        assert c[1:] == d[1:] and c[0] != d[0]  # the body's vectors came from c.txt's rows


@pytest.mark.semantic
def test_first_run_and_cached_rerun_see_the_same_vectors(tmp_path: Path, encoder) -> None:  # type: ignore[no-untyped-def]
    from claimledger.checks.cross_io import load

    with Ledger(tmp_path / "same.db") as led:
        for r in story():
            led.write_result(r, ANALYSER)
        fresh = load(led, encoder)
        first = run_cross_checks(led)
        cached = load(led, encoder)
        assert cached.embedded == 0 and first.embedded >= fresh.embedded > 0
        assert fresh.centroids.keys() == cached.centroids.keys()
        for doc, v in fresh.centroids.items():  # stored rounding applied at once
            assert np.array_equal(v, cached.centroids[doc])
            assert [c.paragraph.start for c in fresh.candidates[doc]] == [c.paragraph.start for c in cached.candidates[doc]]
