"""Keyset pagination of the JSON API over many rows: ``after`` / ``next_after``.

Walking a list by cursors must give exactly the rows, in exactly the order, that walking
it by offsets gives — with and without filters, across page boundaries that fall inside a
document, an outlet or a run of equal dates — and a cursor that was not handed out must be
refused with a 400, never misread.
"""

from __future__ import annotations

import sys
from collections.abc import Iterator
from pathlib import Path
from typing import Any

import pytest
from fastapi.testclient import TestClient

sys.path.insert(0, str(Path(__file__).parents[1] / "report"))

from large_fixtures import many_ledger

from claimledger.web import create_app

BASE = "http://127.0.0.1:8765"


@pytest.fixture(scope="module")
def big(tmp_path_factory: pytest.TempPathFactory) -> Path:
    return many_ledger(tmp_path_factory.mktemp("many") / "many.db", copies=40)


@pytest.fixture(scope="module")
def api(big: Path) -> Iterator[TestClient]:
    with TestClient(create_app(big), base_url=BASE, raise_server_exceptions=False) as c:
        yield c


def _walk(api: TestClient, path: str, params: dict[str, Any], by: str) -> list[Any]:
    """Every item of a list, page by page, following next_offset or next_after."""
    seen: list[Any] = []
    state: dict[str, Any] = {}
    for _ in range(10_000):
        page = api.get(path, params={**params, **state}).json()
        seen.extend(page["items"])
        if page["next_offset"] is None:
            assert page["next_after"] is None
            return seen
        assert page["next_after"]
        state = {"offset": page["next_offset"]} if by == "offset" else {"after": page["next_after"]}
    raise AssertionError("the walk did not end")


CASES = [
    ("/api/documents", {}, "n"),
    ("/api/documents", {"outlet": "Capital Wire"}, "n"),
    ("/api/claims", {}, "id"),
    ("/api/claims", {"outlet": "Northern Post"}, "id"),
    ("/api/claims", {"hedge": "min"}, "id"),
    ("/api/claims", {"figure": 1}, "id"),
    ("/api/claims", {"doc": "copy007/003_8f807a654cf24479.txt"}, "id"),
    ("/api/events", {}, "id"),
    ("/api/events", {"outlet": "Harbour Times"}, "id"),
    ("/api/findings", {}, "id"),
    ("/api/findings", {"kind": "boilerplate"}, "id"),
]


@pytest.mark.parametrize(("path", "params", "ident"), CASES)
def test_cursor_walk_equals_offset_walk(api: TestClient, path: str, params: dict[str, Any], ident: str) -> None:
    by_offset = _walk(api, path, {**params, "limit": 9}, "offset")
    by_cursor = _walk(api, path, {**params, "limit": 9}, "after")
    assert [x[ident] for x in by_cursor] == [x[ident] for x in by_offset]
    assert len({x[ident] for x in by_cursor}) == len(by_cursor)  # no row twice
    assert len(by_cursor) > 9  # the walk crossed page boundaries


def test_cursor_walks_cover_the_whole_ledger(api: TestClient, big: Path) -> None:
    import sqlite3

    conn = sqlite3.connect(big)
    claims = conn.execute("SELECT COUNT(*) FROM claims").fetchone()[0]
    per_outlet = conn.execute("SELECT COUNT(*) FROM claims c JOIN documents d ON d.id = c.doc "
                              "WHERE d.outlet = 'Northern Post'").fetchone()[0]
    docs = conn.execute("SELECT COUNT(*) FROM documents").fetchone()[0]
    conn.close()
    assert docs == 80 and claims > 1000
    assert len(_walk(api, "/api/claims", {"limit": 200}, "after")) == claims
    outlet = _walk(api, "/api/claims", {"limit": 50, "outlet": "Northern Post"}, "after")
    assert len(outlet) == per_outlet and {c["outlet"] for c in outlet} == {"Northern Post"}
    # an outlet's claims come document by document, in claim order within each
    keys = [(c["doc_n"], c["id"]) for c in outlet]
    assert keys == sorted(keys)


def test_events_keep_date_order_across_pages(api: TestClient) -> None:
    events = _walk(api, "/api/events", {"limit": 7}, "after")
    keys = [(e["date"], e["id"]) for e in events]
    assert keys == sorted(keys) and len(set(e["date"] for e in events)) > 1


def test_offset_counts_from_the_cursor(api: TestClient) -> None:
    first = api.get("/api/claims", params={"limit": 10}).json()
    skipped = api.get("/api/claims", params={"limit": 5, "offset": 5, "after": first["next_after"]}).json()
    plain = api.get("/api/claims", params={"limit": 5, "offset": 15}).json()
    assert [c["id"] for c in skipped["items"]] == [c["id"] for c in plain["items"]]


@pytest.mark.parametrize("after", ["not-base64!", "bm90IGpzb24", "eyJhIjoxfQ", "WzEsMiwzXQ", "WyJ4Il0"])
def test_a_cursor_not_handed_out_is_refused(api: TestClient, after: str) -> None:
    # garbage, not JSON, a JSON object, three values for a one-column key, and a string id
    r = api.get("/api/documents", params={"after": after})
    if after == "WyJ4Il0":  # ["x"]: a well-formed key; text sorts after every integer, so nothing is left
        assert r.status_code == 200 and r.json()["items"] == []
        return
    assert r.status_code == 400, r.text
    assert r.json()["error"]["code"] == "E100"


def test_a_cursor_of_another_list_is_refused(api: TestClient) -> None:
    outlet_cursor = api.get("/api/claims", params={"limit": 3, "outlet": "Capital Wire"}).json()["next_after"]
    r = api.get("/api/claims", params={"after": outlet_cursor})  # (doc_n, id) given to an id-ordered list
    assert r.status_code == 400 and "cursor" in r.json()["error"]["message"]


def test_openapi_documents_the_cursor(api: TestClient) -> None:
    schema = api.get("/openapi.json").json()
    for path in ("/api/documents", "/api/claims", "/api/events", "/api/findings"):
        names = {p["name"] for p in schema["paths"][path]["get"]["parameters"]}
        assert {"after", "offset", "limit"} <= names, path
    page = schema["components"]["schemas"]["Page_ClaimOut_"]["properties"]
    assert "next_after" in page and "next_offset" in page
