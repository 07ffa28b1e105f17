"""Reviews in the web UI's pages (badges, verdicts, corrected values, the review filter) and
merging/splitting figures from the figure page and the JSON API, on the real app (guard
middleware included) over the sample story with the real cross stage (lexical)."""

from __future__ import annotations

import re
import sqlite3
from collections.abc import Iterator
from pathlib import Path

import pytest
from fastapi.testclient import TestClient
from ledger_fixtures import fake_analyze_documents, fake_analyze_paths

from claimledger.checks.cross import run_cross_checks
from claimledger.ledger.store import Ledger
from claimledger.review import figure_overrides, store
from claimledger.review.actions import decide
from claimledger.web import create_app

BASE = "http://127.0.0.1:8765"
HTML = {"accept": "text/html"}
SAME = {"origin": BASE}


@pytest.fixture()
def db(sample_db: Path, monkeypatch: pytest.MonkeyPatch) -> Path:
    monkeypatch.setenv("CLAIMLEDGER_SEMANTIC", "0")  # merges rebuild the figures: no model needed
    with Ledger(sample_db) as led:
        run_cross_checks(led, semantic=False)
    return sample_db


@pytest.fixture()
def client(db: Path) -> Iterator[TestClient]:
    app = create_app(db, analyze_paths=fake_analyze_paths, analyze_documents=fake_analyze_documents)
    with TestClient(app, base_url=BASE, raise_server_exceptions=False) as c:
        yield c


def fig(db: Path, label: str) -> int:
    with sqlite3.connect(db) as conn:
        return int(conn.execute("SELECT id FROM figures WHERE label = ?", (label,)).fetchone()[0])


def claim_ids(db: Path, figure: int) -> list[int]:
    with sqlite3.connect(db) as conn:
        return [int(r[0]) for r in conn.execute("SELECT id FROM claims WHERE figure = ? ORDER BY doc, start",
                                                (figure,))]


def claim(db: Path, needle: str) -> int:
    with sqlite3.connect(db) as conn:
        return int(conn.execute("SELECT c.id FROM claims c JOIN documents d ON d.id = c.doc "
                                "WHERE substr(d.text, c.start + 1, c.\"end\" - c.start) = ? ORDER BY c.id",
                                (needle,)).fetchone()[0])


def rows_of(html: str) -> list[str]:
    return re.findall(r'data-claim="(\d+)"', html)


def test_badges_corrected_values_verdicts_and_the_review_filter(client: TestClient, db: Path) -> None:
    tanks, pieces = claim(db, "six main battle tanks"), claim(db, "twenty artillery pieces and multiple launch rocket systems")
    with Ledger(db) as led:
        decide(led.conn, f"claim:{tanks}", "correct", reviewer="ann", corrections={"low": 7, "high": 7},
               note="the ministry's update")
        decide(led.conn, f"claim:{pieces}", "reject", reviewer="ann")
        big = fig(db, "north korean troops in russia")
        decide(led.conn, f"figure:{big}", "verdict", reviewer="ann", verdict="disputed",
               rationale="estimates range from 1,500 to 12,000")

    page = client.get("/claims", headers=HTML).text
    assert "✎ corrected" in page and "✗ rejected" in page
    assert re.search(r'class="go">7</a>.*?rv-corrected.*?extracted: value <s>6</s>', page, re.S)  # value in place
    assert "six main battle tanks" in page

    corrected = client.get("/claims?review=corrected", headers=HTML).text
    assert rows_of(corrected) == [str(tanks)]
    assert rows_of(client.get("/claims?review=rejected", headers=HTML).text) == [str(pieces)]
    assert sorted(rows_of(client.get("/claims?review=reviewed", headers=HTML).text)) == sorted([str(tanks), str(pieces)])
    unreviewed = rows_of(client.get("/claims?review=unreviewed", headers=HTML).text)
    every = rows_of(client.get("/claims", headers=HTML).text)
    assert str(tanks) not in unreviewed and set(unreviewed) == set(every) - {str(tanks), str(pieces)}
    assert client.get("/claims?review=maybe", headers=HTML).status_code == 404

    figures = client.get("/figures?review=reviewed", headers=HTML).text
    assert figures.count('class="card figure') == 1 and "north korean troops in russia" in figures
    assert '<div class="verdict vd-disputed">' in figures and "Verdict by ann" in figures
    page = client.get(f"/figures/{big}", headers=HTML).text
    assert "estimates range from 1,500 to 12,000" in page
    assert client.get("/figures?review=confirmed", headers=HTML).text.count('class="card figure') == 0

    findings = client.get("/findings?review=unreviewed", headers=HTML)
    assert findings.status_code == 200 and 'name="review"' in findings.text


def test_merge_and_split_from_the_figure_page(client: TestClient, db: Path) -> None:
    a, b = fig(db, "north korean troops in russia"), fig(db, "counteroffensive force")
    wanted = sorted(claim_ids(db, a) + claim_ids(db, b))
    page = client.get(f"/figures/{a}", headers=HTML).text
    assert 'action="/review/regroup/merge"' in page and 'action="/review/regroup/split"' in page
    assert f'name="claims" value="{claim_ids(db, a)[0]}"' in page

    r = client.post("/review/regroup/merge", data={"into": str(a), "other": str(b), "reviewer": "ann",
                                                   "note": "one force"}, headers=SAME, follow_redirects=False)
    assert r.status_code == 303, r.text
    merged = int(r.headers["location"].rsplit("/", 1)[1])
    assert sorted(claim_ids(db, merged)) == wanted
    page = client.get(f"/figures/{merged}", headers=HTML).text
    assert "R1" in page and "merge &#39;counteroffensive force&#39;" in page and "one force" in page

    first, second = claim_ids(db, merged)[:2]
    r = client.post("/review/regroup/split", data={"figure": str(merged), "claims": [str(first), str(second)],
                                                   "label": "two early reports", "reviewer": "bob"},
                    headers=SAME, follow_redirects=False)
    assert r.status_code == 303, r.text
    new = int(r.headers["location"].rsplit("/", 1)[1])
    with sqlite3.connect(db) as conn:
        assert conn.execute("SELECT label, claims FROM figures WHERE id = ?", (new,)).fetchone() == \
            ("two early reports", 2)

    r = client.post("/review/regroup/undo", data={"ref": "R1", "reviewer": "ann"}, headers=SAME,
                    follow_redirects=False)
    assert r.status_code == 303
    assert fig(db, "counteroffensive force")
    with Ledger(db) as led:
        assert [s.status for s in store.history(led.conn, 1)] == ["confirmed", "rejected"]

    # refused: a page elsewhere cannot post; an empty selection is a usage error
    r = client.post("/review/regroup/merge", data={"into": str(a), "other": str(b)},
                    headers={"origin": "http://evil.example"})
    assert r.status_code == 403
    r = client.post("/review/regroup/split", data={"figure": str(new)}, headers={**SAME, **HTML})
    assert r.status_code == 400 and "Select the claims" in r.text


def test_regroups_through_the_json_api(client: TestClient, db: Path) -> None:
    a, b = fig(db, "armored vehicles destroyed"), fig(db, "armored vehicles destroyed over three days")
    r = client.post("/api/review/regroups/merge", json={"into": f"figure:{a}", "other": str(b), "reviewer": "ann"})
    assert r.status_code == 200, r.text
    body = r.json()
    assert body["kind"] == "regroup" and body["status"] == "confirmed" and body["review"] == "R1"
    assert body["describe"].startswith("merge 'armored vehicles destroyed over three days'")
    assert len(claim_ids(db, body["figure"])) == 2
    listed = client.get("/api/review/regroups").json()["regroups"]
    assert [(g["label"], g["op"], g["figure"]) for g in listed] == [("R1", "merge", body["figure"])]
    r = client.post("/api/review/regroups/R1/undo", json={"reviewer": "ann"})
    assert r.status_code == 200 and r.json()["status"] == "rejected"
    r = client.post("/api/review/regroups/split", json={"claims": ["claim:999999"]})
    assert r.status_code == 400 and "No claim 999999" in r.text
    assert client.get("/api/review/orphans").json()["regroups"] == []
    with Ledger(db) as led:
        assert figure_overrides.overrides(led.conn) == []


def test_orphaned_merges_are_listed_by_the_review_pages_orphan_filter(client: TestClient, db: Path) -> None:
    a, b = fig(db, "north korean troops in russia"), fig(db, "soldiers sent into kursk")
    r = client.post("/review/regroup/merge", data={"into": str(a), "other": str(b), "reviewer": "ann"},
                    headers=SAME, follow_redirects=False)
    assert r.status_code == 303, r.text
    assert "review-regroups" not in client.get("/review?status=orphaned", headers=HTML).text  # it applies
    with Ledger(db) as led:  # B's only claim now points into a document this ledger does not have
        led.conn.execute("UPDATE review_history SET anchor = json_set(anchor, '$.members[0].doc', 'gone.txt')")
    from claimledger.review.anchor import reanchor

    with Ledger(db) as led:
        assert [o.after for o in reanchor(led).orphaned] == ["orphaned"]
    api = client.get("/api/review/orphans").json()["regroups"]
    assert [g["review"] for g in api] == ["R1"]

    page = client.get("/review?status=orphaned", headers=HTML).text
    section = re.search(r'<section class="card review-regroups".*?</section>', page, re.S)
    assert section is not None, "the orphaned merge is not on the page"
    text = section.group(0)
    assert "R1" in text and "orphaned" in text and api[0]["describe"].replace("'", "&#39;") in text
    assert "none of the claims" in text and 'href="/review/history/R1"' in text
    assert "Nothing to review with these filters" not in page
    assert "review-regroups" in client.get("/review?status=orphaned&kind=figure", headers=HTML).text
    for other in ("/review?status=orphaned&kind=claim", "/review?status=confirmed", "/review?status=unmatched",
                  "/review?status=orphaned&doc=nowhere.txt"):
        assert "review-regroups" not in client.get(other, headers=HTML).text, other
    assert client.get("/review/history/R1", headers=HTML).status_code == 200

    r = client.post("/review/regroup/undo", data={"ref": "R1", "reviewer": "bob"}, headers=SAME,
                    follow_redirects=False)
    assert r.status_code == 303
    assert "review-regroups" not in client.get("/review?status=orphaned", headers=HTML).text
