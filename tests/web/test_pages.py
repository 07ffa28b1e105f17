"""Server-rendered pages: every view renders, links point at pages that exist, pages escape."""

from __future__ import annotations

import re
import sys
from pathlib import Path

from fastapi.testclient import TestClient

sys.path.insert(0, str(Path(__file__).parents[1] / "report"))
from html_audit import audit
from ledger_fixtures import hostile_ledger

from claimledger.web import create_app

PAGES = ["/", "/documents", "/documents/1", "/documents/2", "/figures", "/figures/1", "/claims",
         "/claims?hedge=min&source=Vedant+Patel", "/timeline", "/findings", "/findings?kind=boilerplate",
         "/search?q=ratified", "/search?q=%22%28", "/add", "/api/docs"]


def test_every_page_renders_and_loads_only_our_own_assets(client: TestClient) -> None:
    for url in PAGES:
        r = client.get(url, headers={"accept": "text/html"})
        assert r.status_code == 200, url
        a = audit(r.text)
        assert a.handlers == [] and a.style_attrs == [], url
        assert set(a.srcs) <= {"/static/report.js", "/static/web.js", "/add/upload", "/add/text", "/search",
                               "/claims", "/documents", "/figures", "/findings", "/review/regroup/merge",
                               "/review/regroup/split", "/review/regroup/undo",
                               url.split("?")[0]}, url  # a page's own search form (the figure's merge picker)
        assert a.scripts == ["", ""], "no inline script: " + url
        assert a.tags.get("style", 0) == 0, url


def test_links_on_pages_lead_somewhere(client: TestClient) -> None:
    seen: set[str] = set()
    for url in ("/", "/figures", "/findings", "/timeline", "/claims"):
        for href in audit(client.get(url).text).hrefs:
            if href.startswith(("/", "#")) and not href.startswith("/static") and href != "#":
                seen.add(href.split("#")[0] or url)
    for href in sorted(seen):
        assert client.get(href).status_code == 200, href


def test_sentence_links_point_at_anchors_on_the_document_page(client: TestClient) -> None:
    figure = client.get("/figures/1").text
    links = set(re.findall(r'href="/documents/(\d+)#(d\d+-s\d+)"', figure))
    assert links
    for n, anchor in links:
        assert f'id="{anchor}"' in client.get(f"/documents/{n}").text


def test_pagination_links(client: TestClient) -> None:
    total = client.get("/api/overview").json()["claims"]
    assert 40 < total <= 50
    first = client.get("/claims").text
    assert 'rel="next"' not in first and 'rel="prev"' not in first
    last = client.get("/claims?offset=40&hedge=").text
    assert last.count('<tr class="filterable"') == total - 40
    assert 'href="/claims" rel="prev"' in last  # back to the first page, empty filters dropped
    assert 'rel="next"' not in last


def test_hostile_ledger_pages_are_inert(tmp_path: Path) -> None:
    db = hostile_ledger(tmp_path / "h.db")
    with TestClient(create_app(db), base_url="http://127.0.0.1") as c:
        for url in ("/", "/documents", "/documents/1", "/figures", "/claims", "/timeline", "/findings",
                    "/findings?kind=broken_text", "/search?q=script"):
            r = c.get(url)
            assert r.status_code == 200, url
            a = audit(r.text)
            assert a.handlers == [] and a.style_attrs == [], url
            assert all(tag not in a.tags for tag in ("img", "iframe", "object", "embed")), url
            assert not any(h.lower().startswith("javascript:") for h in a.hrefs), url
            assert a.scripts == ["", ""], url
            assert "\u202e" not in "".join(a.text), url
