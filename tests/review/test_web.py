"""The review pages and JSON endpoints, mounted on the real app (guard middleware included)."""

from __future__ import annotations

import shutil
from collections.abc import Iterator
from pathlib import Path

import pytest
from fastapi import FastAPI
from fastapi.testclient import TestClient
from html_audit import audit
from ledger_fixtures import fake_analyze_documents, fake_analyze_paths, hostile_ledger

from claimledger.ledger.store import Ledger
from claimledger.review import store
from claimledger.web import create_app
from claimledger.web.review_routes import review_router

BASE = "http://127.0.0.1:8765"
HTML = {"accept": "text/html"}


def make_app(db: Path) -> FastAPI:
    app = create_app(db, analyze_paths=fake_analyze_paths, analyze_documents=fake_analyze_documents)
    if not any(getattr(r, "path", None) == "/review" for r in app.routes):
        app.include_router(review_router)  # until the app includes it itself
    return app


@pytest.fixture()
def client(sample_db: Path) -> Iterator[TestClient]:
    with TestClient(make_app(sample_db), base_url=BASE, raise_server_exceptions=False) as c:
        yield c


def _items(client: TestClient, **params: str) -> list[dict]:  # type: ignore[type-arg]
    return client.get("/api/review/items", params=params).json()["items"]  # type: ignore[no-any-return]


def test_review_page_renders_items_with_only_our_own_scripts(client: TestClient) -> None:
    r = client.get("/review?kind=claim&status=all", headers=HTML)
    assert r.status_code == 200
    a = audit(r.text)
    assert a.handlers == [] and a.style_attrs == []
    assert all(s == "" for s in a.scripts)  # no inline script
    assert "/review/static/review.js" in a.srcs
    assert r.text.count('class="review-item') == 44
    assert "<mark>around 11,000 North Korean soldiers</mark>" in r.text
    assert client.get("/review/static/review.js").headers["content-type"].startswith("text/javascript")
    assert client.get("/review/static/../app.py").status_code in (400, 404)
    assert client.get("/review?kind=cats", headers=HTML).status_code == 404


def test_decide_through_the_api_and_see_it_in_history(client: TestClient) -> None:
    item = _items(client, kind="claim")[1]
    r = client.post(f"/api/review/items/{item['ref']}", json={
        "decision": "correct", "reviewer": "ann", "corrections": {"low": "11,500", "high": "11,500"},
        "expect_text": item["text"]})
    assert r.status_code == 200, r.text
    got = r.json()
    assert got["shown"] == "corrected" and got["approved"]["low"] == 11500
    r = client.post(f"/api/review/items/{item['ref']}", json={"decision": "note", "reviewer": "bob", "note": "ok"})
    hist = client.get(f"/api/review/items/{item['ref']}/history").json()["history"]
    assert [h["reviewer"] for h in hist] == ["ann", "bob"] and hist[-1]["note"] == "ok"
    page = client.get(f"/review/history/{item['ref']}", headers=HTML)
    assert page.status_code == 200 and "11500" in page.text
    assert client.get("/review?status=corrected", headers=HTML).text.count('class="review-item') == 1


def test_refusals_are_clear_http_errors(client: TestClient) -> None:
    item = _items(client, kind="claim")[0]
    r = client.post(f"/api/review/items/{item['ref']}", json={"decision": "confirm", "expect_text": "stale"})
    assert r.status_code == 409 and "Reload" in r.json()["error"]["message"]
    r = client.post(f"/api/review/items/{item['ref']}",
                    json={"decision": "correct", "corrections": {"hedge": "exact"}})
    assert r.status_code == 400 and "exact needs low == high" in r.json()["error"]["message"]
    r = client.post("/api/review/items/claim:99999", json={"decision": "confirm"})
    assert r.status_code == 400 and "No claim 99999" in r.json()["error"]["message"]
    r = client.post(f"/api/review/items/{item['ref']}", json={"decision": "approve"})
    assert r.status_code == 422
    r = client.post(f"/api/review/items/{item['ref']}", json={"decision": "confirm"},
                    headers={"origin": "http://evil.example"})
    assert r.status_code == 403


def test_bulk_add_orphans_gold_and_score(client: TestClient) -> None:
    refs = [i["ref"] for i in _items(client, kind="claim")[:3]]
    r = client.post("/api/review/bulk", json={"refs": refs, "decision": "confirm", "reviewer": "ann"})
    assert r.status_code == 200 and r.json()["count"] == 3
    r = client.post("/api/review/add", json={"kind": "event", "doc": "000_e78bd6e66f000d9c.txt",
                                             "text": "twenty-four hours", "values": {"date": "2024-11", "what": "x"}})
    assert r.status_code == 200 and r.json()["shown"] == "added"
    assert client.get("/api/review/orphans").json()["items"] == []
    gold = client.get("/api/review/gold").json()
    assert gold["schema"] == "claimledger-gold/1" and len(gold["claims"]) == 3 and len(gold["events"]) == 1
    score = client.get("/api/review/score").json()
    assert score["claims"]["tp"] == 3 and "scored on 3 reviewed claims" in score["summary"]
    assert client.post("/api/review/reanchor").json()["changed"] == []


def test_plain_form_post_works_without_javascript_and_never_redirects_away(client: TestClient,
                                                                            sample_db: Path) -> None:
    item = _items(client, kind="claim")[1]
    form = {"ref": item["ref"], "decision": "correct", "reviewer": "ann", "f_source": "Pentagon",
            "f_low": "11000", "back": "/review?kind=claim"}
    r = client.post("/review/act", data=form, follow_redirects=False)
    assert r.status_code == 303 and r.headers["location"] == "/review?kind=claim"
    for evil in ("https://evil.example/", "//evil.example/review", "/documents"):
        r = client.post("/review/act", data={**form, "decision": "confirm", "back": evil}, follow_redirects=False)
        assert r.headers["location"] == "/review"
    with Ledger(sample_db) as led:
        s = store.current(led.conn)[0]
        assert s.approved["source"] == "Pentagon" and s.corrections == {"source": "Pentagon"}


def test_hostile_article_text_is_escaped_on_the_review_page(tmp_path: Path) -> None:
    db = hostile_ledger(tmp_path / "hostile.db")
    with TestClient(make_app(db), base_url=BASE) as c:
        r = c.get("/review?status=all", headers=HTML)
        assert r.status_code == 200
        a = audit(r.text)
        assert a.handlers == [] and all(s == "" for s in a.scripts) and "<script>window" not in r.text
        assert "evil.example" not in "".join(a.srcs)


def test_an_old_ledger_gets_its_review_tables_on_first_visit(tmp_path: Path, sample_template: Path) -> None:
    db = tmp_path / "old.db"
    shutil.copy(sample_template, db)
    with Ledger(db) as led:  # simulate a ledger made before reviews existed
        led.conn.execute("DROP VIEW review_current")
        led.conn.execute("DROP TABLE review_history")
        led.conn.execute("DROP TABLE review_items")
        led.conn.execute("DELETE FROM migrations WHERE name = '0004_review'")
    with TestClient(make_app(db), base_url=BASE) as c:
        assert c.get("/review", headers=HTML).status_code == 200


def test_add_a_missed_item_from_the_page_form(client: TestClient) -> None:
    page = client.get("/review", headers=HTML).text
    assert 'action="/review/add"' in page
    form = {"kind": "claim", "doc": "000_e78bd6e66f000d9c.txt", "text": "twenty-four hours",
            "values": 'low=24 high=24 hedge=exact counted="hours of fighting"', "back": "/review?status=added"}
    r = client.post("/review/add", data=form, follow_redirects=False)
    assert r.status_code == 303 and r.headers["location"] == "/review?status=added"
    added = _items(client, status="added")
    assert [i["text"] for i in added] == ["twenty-four hours"]
    assert added[0]["approved"]["counted"] == "hours of fighting"
    r = client.post("/review/add", data={**form, "values": "low=many"}, headers=HTML)
    assert r.status_code == 400 and "is not a number" in r.text
