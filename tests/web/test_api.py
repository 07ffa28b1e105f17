"""The JSON API: filters, pagination and its bounds, search, errors as JSON."""

from __future__ import annotations

from fastapi.testclient import TestClient


def test_overview_counts(client: TestClient) -> None:
    r = client.get("/api/overview")
    assert r.status_code == 200
    data = r.json()
    assert data["documents"] == 3 and data["figures"] == 2
    assert next(iter(data["findings_by_kind"])) == "self_contradiction"


def test_pagination_walks_every_item_once(client: TestClient) -> None:
    seen, offset = [], 0
    while offset is not None:
        page = client.get("/api/claims", params={"limit": 7, "offset": offset}).json()
        assert page["limit"] == 7 and len(page["items"]) <= 7
        seen += [c["id"] for c in page["items"]]
        offset = page["next_offset"]
    total = client.get("/api/overview").json()["claims"]
    assert len(seen) == len(set(seen)) == total


def test_pagination_bounds_are_enforced_with_a_message(client: TestClient) -> None:
    for params in ({"limit": 0}, {"limit": 201}, {"offset": -1}, {"limit": "ten"}):
        r = client.get("/api/documents", params=params)
        assert r.status_code == 422
        err = r.json()["error"]
        assert err["code"] == "invalid" and ("limit" in err["message"] or "offset" in err["message"])
    assert client.get("/api/documents", params={"limit": 200}).status_code == 200


def test_claim_filters(client: TestClient) -> None:
    items = client.get("/api/claims", params={"source": "Vedant Patel", "limit": 200}).json()["items"]
    assert items and {c["source"] for c in items} == {"Vedant Patel"}
    mins = client.get("/api/claims", params={"hedge": "min", "limit": 200}).json()["items"]
    assert mins and all(c["hedge"] == "min" and c["value"].startswith("at least") for c in mins)
    by_outlet = client.get("/api/claims", params={"outlet": "The National Interest", "limit": 200}).json()["items"]
    assert by_outlet and {c["outlet"] for c in by_outlet} == {"The National Interest"}
    by_doc = client.get("/api/claims", params={"doc": "000_e78bd6e66f000d9c.txt", "limit": 200}).json()["items"]
    assert by_doc and {c["doc"] for c in by_doc} == {"000_e78bd6e66f000d9c.txt"}
    fig = client.get("/api/claims", params={"figure": 2, "limit": 200}).json()["items"]
    assert fig and {c["figure"] for c in fig} == {2}
    q = client.get("/api/claims", params={"q": "armored", "limit": 200}).json()["items"]
    assert q and all("armored" in ((c["counted"] or "") + c["text"]).lower() for c in q)


def test_documents_events_findings_figures(client: TestClient) -> None:
    docs = client.get("/api/documents").json()["items"]
    assert "text" not in docs[0] or docs[0]["text"] is None
    one = client.get(f"/api/documents/{docs[0]['n']}").json()
    assert one["text"] and one["id"] == docs[0]["id"]
    events = client.get("/api/events", params={"limit": 200}).json()["items"]
    assert [e["date"] for e in events] == sorted(e["date"] for e in events)
    assert all(e["text"] for e in events)
    off = client.get("/api/findings", params={"kind": "off_topic"}).json()["items"]
    assert len(off) == 1 and off[0]["spans"][0]["doc_n"] is not None
    fig = client.get("/api/figures/1").json()
    assert fig["label"] == "North Korean troops in Russia" and len(fig["claim_items"]) == fig["claims"]


def test_search_is_sanitised(client: TestClient) -> None:
    hits = client.get("/api/search", params={"q": "ratified"}).json()["items"]
    assert hits and all("ratif" in " ".join(h["matches"]).lower() for h in hits)
    for hostile in ('"', "NEAR(", "a OR", "*", "text:x", "(((", "\x00"):
        r = client.get("/api/search", params={"q": hostile})
        assert r.status_code == 200, hostile
    assert client.get("/api/search").status_code == 422


def test_missing_things_are_404_json(client: TestClient) -> None:
    for url in ("/api/documents/999", "/api/figures/999", "/api/jobs/0123", "/api/nothing"):
        r = client.get(url)
        assert r.status_code == 404 and r.headers["content-type"].startswith("application/json")
        assert r.json()["error"]["message"]
    assert client.get("/api/documents/abc").status_code == 422


def test_openapi_documents_every_endpoint(client: TestClient) -> None:
    paths = client.get("/openapi.json").json()["paths"]
    for p in ("/api/documents", "/api/claims", "/api/figures", "/api/events", "/api/findings", "/api/search",
              "/api/uploads", "/api/texts", "/api/jobs/{job_id}"):
        assert p in paths, p
    page = client.get("/api/docs")
    assert page.status_code == 200 and "/api/claims" in page.text and "limit" in page.text
    assert client.get("/docs").status_code == 404  # the CDN-based Swagger UI is off
