"""The one-file report: complete, linked, self-contained, and inert whatever the articles hold."""

from __future__ import annotations

import base64
import hashlib
import re
import sqlite3
from pathlib import Path

import pytest
from html_audit import audit
from ledger_fixtures import HOSTILE_AUTHOR, HOSTILE_OUTLET, HOSTILE_TITLE, PAYLOADS
from typer.testing import CliRunner

from claimledger.ledger.store import Ledger
from claimledger.report import build_report
from claimledger.report.build import inline_assets


@pytest.fixture(scope="module")
def sample_html(sample_db: Path) -> str:
    with Ledger(sample_db, readonly=True) as led:
        return build_report(led, generated="2024-11-20 00:00 UTC")


@pytest.fixture(scope="module")
def hostile_html(hostile_db: Path) -> str:
    with Ledger(hostile_db, readonly=True) as led:
        return build_report(led)


def _sha(text: str) -> str:
    return "'sha256-" + base64.b64encode(hashlib.sha256(text.encode()).digest()).decode() + "'"


def test_every_in_page_link_lands_on_an_element(sample_html: str) -> None:
    a = audit(sample_html)
    ids = set(a.ids)
    assert len(ids) == len(a.ids), "duplicate ids"
    internal = [h for h in a.hrefs if h.startswith("#")]
    assert internal, "no links at all"
    missing = sorted({h for h in internal if h[1:] not in ids})
    assert missing == []


def test_every_claim_and_finding_is_linked_to_its_sentence(sample_html: str, sample_db: Path) -> None:
    conn = sqlite3.connect(sample_db)
    hrefs = set(audit(sample_html).hrefs)
    for n, sentence in conn.execute("SELECT d.rowid, c.sentence FROM claims c JOIN documents d ON d.id = c.doc"):
        assert f"#d{n}-s{sentence}" in hrefs
    ids = set(audit(sample_html).ids)
    for (fid,) in conn.execute("SELECT id FROM findings"):
        assert f"f{fid}" in ids


def test_the_report_is_self_contained(sample_html: str) -> None:
    a = audit(sample_html)
    assert a.srcs == [], "nothing may be loaded from anywhere"
    assert all(h.startswith("#") or h == "data:," for h in a.hrefs)
    assert a.tags.get("link", 0) == 1  # the empty data: favicon, so the browser asks for nothing
    assert not re.search(r"https?://(?!www\.w3\.org/2000/svg)", "".join(a.scripts + a.styles))
    assert a.tags.get("script") == 1 and a.tags.get("style") == 1


def test_csp_allows_exactly_the_inlined_style_and_script(sample_html: str) -> None:
    a = audit(sample_html)
    assert a.meta_csp is not None and "default-src 'none'" in a.meta_csp
    css, js = inline_assets()
    assert a.styles == [css] and a.scripts == [js]
    assert _sha(css) in a.meta_csp and _sha(js) in a.meta_csp
    assert "unsafe-inline" not in a.meta_csp and "unsafe-eval" not in a.meta_csp
    assert a.handlers == [] and a.style_attrs == []


def test_hedges_and_sources_are_shown_as_words(sample_html: str) -> None:
    text = " ".join(audit(sample_html).text)
    for phrase in ("at least 1,500", "up to 50,000", "about 11,000", "10,000–12,000", "nearly 50,000",
                   "South Korea's leading spy agency", "Vedant Patel"):
        assert phrase in text, phrase


def test_boilerplate_findings_start_collapsed_and_serious_ones_open(sample_html: str) -> None:
    assert re.search(r'<details class="kind-group k-self_contradiction[^"]*"[^>]*open>', sample_html)
    assert re.search(r'<details class="kind-group k-boilerplate[^"]*"[^>]*data-kind="boilerplate">', sample_html)


def test_hostile_article_is_rendered_as_inert_text(hostile_html: str) -> None:
    a = audit(hostile_html)
    assert a.handlers == [] and a.style_attrs == []
    assert a.tags.get("script") == 1 and a.tags.get("style") == 1  # ours only
    expected = {"img": 0, "iframe": 0, "object": 0, "embed": 0, "textarea": 0, "base": 0, "input": 0,
                "form": 1}  # the one form is the report's own filter bar
    assert {t: a.tags.get(t, 0) for t in expected} == expected
    assert all(h.startswith("#") or h == "data:," for h in a.hrefs)
    assert a.srcs == []
    text = "".join(a.text)
    for payload in (PAYLOADS[0], PAYLOADS[1], PAYLOADS[2], HOSTILE_OUTLET, "onerror=alert(16)"):
        assert payload in text, payload
    # direction overrides and zero-width characters are shown, not obeyed (they survive only in
    # data-* values, which are compared, never displayed)
    assert "\u202e" not in text and "\u200b" not in text
    assert not re.search(r'title="[^"]*\u202e', hostile_html)
    assert "U+202E" in text
    assert "Breaking" in text and HOSTILE_TITLE not in hostile_html
    assert HOSTILE_AUTHOR[1:9] in text


def test_report_command_writes_the_file(sample_db: Path, tmp_path: Path) -> None:
    from claimledger.cli.main import app
    from claimledger.cli.report_cmd import report

    if not any(getattr(c, "name", None) == "report" or c.callback is report for c in app.registered_commands):
        app.command()(report)
    out = tmp_path / "out" / "story.html"
    result = CliRunner().invoke(app, ["report", "--db", str(sample_db), "--output", str(out), "--title", "Kursk"])
    assert result.exit_code == 0, result.output
    assert out.read_text(encoding="utf-8").startswith("<!DOCTYPE html>")
    assert "<h1>Kursk</h1>" in out.read_text(encoding="utf-8")
    missing = CliRunner().invoke(app, ["report", "--db", str(tmp_path / "none.db"), "--output", str(out)])
    assert missing.exit_code == 2 and "No ledger" in missing.output
