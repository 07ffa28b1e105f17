"""The guard: headers on every response, token, host and origin checks, size limits,
path traversal, and errors that say what to do without revealing internals."""

from __future__ import annotations

import sys
from collections.abc import Iterator
from pathlib import Path

import pytest
from fastapi.testclient import TestClient

sys.path.insert(0, str(Path(__file__).parents[1] / "report"))
from ledger_fixtures import fake_analyze_documents, fake_analyze_paths

from claimledger.errors import LedgerBusy, UsageError
from claimledger.report import queries
from claimledger.web import create_app
from claimledger.web.security import CSP

TOKEN = "s3cret-token-for-tests-0123"


@pytest.fixture()
def token_client(ledger: Path) -> Iterator[TestClient]:
    app = create_app(ledger, token=TOKEN, analyze_paths=fake_analyze_paths, analyze_documents=fake_analyze_documents)
    with TestClient(app, base_url="http://claimledger.example:8765", raise_server_exceptions=False) as c:
        yield c


def assert_secure_headers(r: object) -> None:
    h = r.headers  # type: ignore[attr-defined]
    assert h["content-security-policy"] == CSP
    assert "default-src 'none'" in CSP and "frame-ancestors 'none'" in CSP and "'unsafe-inline'" not in CSP
    assert h["x-content-type-options"] == "nosniff"
    assert h["referrer-policy"] == "same-origin"
    assert h["x-frame-options"] == "DENY"


def test_every_kind_of_response_carries_the_security_headers(client: TestClient) -> None:
    responses = [client.get("/"), client.get("/api/claims"), client.get("/static/report.css"),
                 client.get("/nope"), client.get("/api/documents?limit=0"), client.get("/static/..%2fx"),
                 client.post("/api/texts", content=b"x" * (2 * 1024 * 1024),
                             headers={"content-type": "application/x-www-form-urlencoded"})]
    assert [r.status_code for r in responses] == [200, 200, 200, 404, 422, 400, 413]
    for r in responses:
        assert_secure_headers(r)


def test_token_is_required_when_configured(token_client: TestClient) -> None:
    r = token_client.get("/api/claims")
    assert r.status_code == 401 and "token" in r.json()["error"]["message"].lower()
    assert r.headers["www-authenticate"].startswith("Bearer")
    assert token_client.get("/", headers={"authorization": "Bearer wrong-token-wrong-token"}).status_code == 401
    assert token_client.get("/api/claims", headers={"authorization": f"Bearer {TOKEN}"}).status_code == 200
    # static files and error pages are behind the token too
    assert token_client.get("/static/report.css").status_code == 401


def test_token_in_the_url_sets_an_httponly_cookie_and_leaves_the_address_bar(token_client: TestClient) -> None:
    r = token_client.get(f"/findings?kind=duplicate&token={TOKEN}", follow_redirects=False)
    assert r.status_code == 303
    assert r.headers["location"] == "/findings?kind=duplicate"
    cookie = r.headers["set-cookie"]
    assert "HttpOnly" in cookie and "SameSite=Strict" in cookie
    assert token_client.get("/findings?kind=duplicate").status_code == 200  # the cookie now authenticates
    # a crafted path cannot turn the redirect into one to another site
    token_client.cookies.clear()
    r = token_client.get(f"http://claimledger.example:8765//evil.example/?token={TOKEN}", follow_redirects=False)
    assert r.status_code == 303
    assert r.headers["location"].startswith("/") and not r.headers["location"].startswith("//")


def test_unusable_tokens_are_refused(ledger: Path) -> None:
    for bad in ("short", "has space in it 1234567", "semi;colon-0123456789"):
        with pytest.raises(UsageError):
            create_app(ledger, token=bad)


def test_without_a_token_only_loopback_host_names_are_served(ledger: Path) -> None:
    app = create_app(ledger, analyze_paths=fake_analyze_paths, analyze_documents=fake_analyze_documents)
    with TestClient(app, base_url="http://attacker.example") as c:
        r = c.get("/api/overview")
        assert r.status_code == 400 and r.json()["error"]["code"] == "bad_host"
    with TestClient(app, base_url="http://localhost:8765") as c:
        assert c.get("/api/overview").status_code == 200


def test_cross_origin_posts_are_refused(client: TestClient) -> None:
    form = {"text": "At least 10 people were hurt, police said."}
    r = client.post("/api/texts", data=form, headers={"origin": "http://evil.example"})
    assert r.status_code == 403 and r.json()["error"]["code"] == "cross_origin"
    r = client.post("/api/texts", data=form, headers={"origin": "null"})
    assert r.status_code == 403
    r = client.post("/api/texts", data=form, headers={"origin": "http://127.0.0.1:8765"})
    assert r.status_code == 202


def test_uploads_over_the_limit_get_413_with_a_message(client: TestClient) -> None:
    big = b"a" * (1024 * 1024 + 10)
    r = client.post("/api/uploads", files={"files": ("big.txt", big, "text/plain")})
    assert r.status_code == 413
    assert "limit" in r.json()["error"]["message"] and "--max-upload-mb" in r.json()["error"]["message"]

    def chunks() -> Iterator[bytes]:  # no Content-Length: counted while streaming
        for _ in range(40):
            yield b"x" * 65536

    r = client.post("/api/texts", content=chunks(), headers={"content-type": "application/x-www-form-urlencoded"})
    assert r.status_code == 413


@pytest.mark.parametrize("url", [
    "/static/..%2f..%2f..%2fetc%2fpasswd", "/static/%2e%2e/%2e%2e/etc/passwd", "/static/report.css%00.js",
    "/documents/..%2f..%2fetc", "/static/..%5c..%5cwin.ini", "/api/jobs/..%2f..%2fx",
])
def test_path_traversal_is_rejected(client: TestClient, url: str) -> None:
    r = client.get(url)
    assert r.status_code == 400 and r.json()["error"]["code"] == "bad_path"


def test_only_known_static_files_are_served(client: TestClient) -> None:
    assert client.get("/static/report.js").headers["content-type"].startswith("text/javascript")
    assert client.get("/static/app.py").status_code == 404
    assert client.get("/static/").status_code == 404


@pytest.mark.parametrize("name", ["../evil.txt", "..\\evil.txt", "/etc/passwd", ".hidden", "a/b.txt", "x\x00.txt"])
def test_upload_names_that_climb_out_are_rejected(client: TestClient, name: str) -> None:
    r = client.post("/api/uploads", files={"files": (name, b"text", "text/plain")})
    assert r.status_code == 400, name
    assert "file name" in r.json()["error"]["message"]


def test_internal_errors_reveal_nothing(client: TestClient, monkeypatch: pytest.MonkeyPatch) -> None:
    def boom(*a: object, **k: object) -> None:
        raise RuntimeError("secret path /home/user/.ssh/id_rsa in a stack frame")

    monkeypatch.setattr(queries, "overview", boom)
    for url in ("/api/overview", "/"):
        r = client.get(url)
        assert r.status_code == 500
        body = r.text
        assert "Traceback" not in body and "secret" not in body and "RuntimeError" not in body
        assert r.json()["error"]["code"] == "internal"
        assert_secure_headers(r)


def test_claimledger_errors_map_to_statuses_in_one_place(client: TestClient, monkeypatch: pytest.MonkeyPatch) -> None:
    def busy(*a: object, **k: object) -> None:
        raise LedgerBusy("The ledger is locked by another process.", hint="Wait and retry.")

    monkeypatch.setattr(queries, "figures", busy)
    r = client.get("/api/figures")
    assert r.status_code == 503 and r.headers["retry-after"] == "10"
    assert r.json()["error"] == {"status": 503, "code": "E301",
                                 "message": "[E301] The ledger is locked by another process. Wait and retry."}
    page = client.get("/figures", headers={"accept": "text/html"})
    assert page.status_code == 503 and "locked by another process" in page.text
    assert page.headers["content-type"].startswith("text/html")
