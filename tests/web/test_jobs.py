"""Adding articles: upload or paste -> background job -> progress -> the ledger grows."""

from __future__ import annotations

import importlib.util
import re
import sys
from pathlib import Path

import pytest
from fastapi.testclient import TestClient

sys.path.insert(0, str(Path(__file__).parents[1] / "report"))
from ledger_fixtures import fake_analyze_documents, fake_analyze_paths

from claimledger.errors import LedgerBusy
from claimledger.web import create_app

ARTICLE = "Floods in Valencia\nAt least 200 people died, officials said on Tuesday.\n"


def wait(client: TestClient, job: dict) -> dict:  # type: ignore[type-arg]
    assert client.app.state.jobs.wait_idle(30)  # type: ignore[attr-defined]
    return client.get(job["progress_url"]).json()


def test_upload_runs_in_the_background_and_reports_progress(client: TestClient) -> None:
    before = client.get("/api/overview").json()["documents"]
    r = client.post("/api/uploads", files=[("files", ("valencia.txt", ARTICLE.encode(), "text/plain")),
                                           ("files", ("second one.txt", b"Another story\nNothing here.", "text/plain"))])
    assert r.status_code == 202
    job = r.json()
    assert job["state"] in ("queued", "running", "done") and job["names"] == ["valencia.txt", "second one.txt"]
    done = wait(client, job)
    assert done["state"] == "done" and done["seen"] == 2 and done["done"] == 2 and done["new"] == 2
    assert client.get("/api/overview").json()["documents"] == before + 2
    ids = {d["id"] for d in client.get("/api/documents", params={"limit": 200}).json()["items"]}
    assert {"valencia.txt", "second one.txt"} <= ids


def test_paste_form_redirects_to_a_progress_page(client: TestClient) -> None:
    r = client.post("/add/text", data={"text": ARTICLE, "title": "Valencia floods", "outlet": "El Diario",
                                       "published": "2024-10-30"}, follow_redirects=False)
    assert r.status_code == 303
    location = r.headers["location"]
    assert re.fullmatch(r"/jobs/[0-9a-f]{32}", location)
    job_id = location.rsplit("/", 1)[1]
    done = wait(client, {"progress_url": f"/api/jobs/{job_id}"})
    assert done["state"] == "done" and done["new"] == 1
    page = client.get(location).text
    assert 'data-job="' + job_id + '"' in page and "<progress" in page
    doc = client.get("/api/documents", params={"outlet": "El Diario"}).json()["items"][0]
    assert doc["title"] == "Valencia floods" and doc["published"] == "2024-10-30"
    assert doc["id"].startswith("pasted/")
    # the same text pasted again is the same document, not a second copy
    client.post("/add/text", data={"text": ARTICLE, "outlet": "El Diario"})
    assert client.app.state.jobs.wait_idle(30)  # type: ignore[attr-defined]
    assert len(client.get("/api/documents", params={"outlet": "El Diario"}).json()["items"]) == 1


def test_paste_errors_say_what_to_do(client: TestClient) -> None:
    r = client.post("/api/texts", data={"text": "   "})
    assert r.status_code == 422 and "empty" in r.json()["error"]["message"]
    r = client.post("/api/texts", data={"text": ARTICLE, "published": "30/10/2024"})
    assert r.status_code == 400 and "YYYY-MM-DD" in r.json()["error"]["message"]
    r = client.post("/add/text", data={"text": ""}, headers={"accept": "text/html"})
    assert r.status_code == 422 and r.headers["content-type"].startswith("text/html")


def test_a_failing_run_is_reported_on_the_job(ledger: Path) -> None:
    def busy(*a: object, **k: object) -> None:
        raise LedgerBusy("Another claimledger process is writing to the ledger.", hint="Wait for it to finish.")

    def crash(*a: object, **k: object) -> None:
        raise RuntimeError("/secret/internal/path")

    app = create_app(ledger, analyze_paths=crash, analyze_documents=busy)
    with TestClient(app, base_url="http://127.0.0.1") as c:
        busy_job = c.post("/api/texts", data={"text": ARTICLE}).json()
        crash_job = c.post("/api/uploads", files={"files": ("a.txt", b"text", "text/plain")}).json()
        assert app.state.jobs.wait_idle(30)
        b = c.get(busy_job["progress_url"]).json()
        assert b["state"] == "failed" and "[E301]" in b["error"] and "Wait" in b["error"]
        k = c.get(crash_job["progress_url"]).json()
        assert k["state"] == "failed" and "secret" not in k["error"] and "server log" in k["error"]


@pytest.mark.skipif(importlib.util.find_spec("claimledger.checks.cross") is None,
                    reason="the cross-document stage (claimledger.checks.cross) has not landed yet")
def test_the_real_pipeline_adds_a_pasted_article(tmp_path: Path) -> None:
    app = create_app(tmp_path / "new.db")
    with TestClient(app, base_url="http://127.0.0.1") as c:
        c.post("/api/texts", data={"text": ARTICLE, "outlet": "El Diario", "published": "2024-10-30"})
        assert app.state.jobs.wait_idle(120)
        job = app.state.jobs.recent(1)[0]
        assert job.state == "done", job.error
        claims = c.get("/api/claims").json()["items"]
        assert any(cl["low"] == 200 and cl["hedge"] == "min" for cl in claims)


def test_fixture_runner_stands_in_for_the_real_one() -> None:
    # the stand-ins accept the runner's keyword arguments (progress, wait, command)
    import inspect

    from claimledger import runner

    for fake, real in ((fake_analyze_paths, runner.analyze), (fake_analyze_documents, runner.analyze_documents)):
        assert {"progress", "wait"} <= set(inspect.signature(real).parameters)
        assert any(p.kind == p.VAR_KEYWORD for p in inspect.signature(fake).parameters.values())
