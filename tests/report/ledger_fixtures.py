"""Ledgers for the report, web and browser tests, built without the NLP pipeline.

``sample_ledger`` writes the bundled Kursk story with its hand-annotated gold items (spans
located in the real text), so the views are exercised on real articles and real figures
whatever state the extractors are in.  ``hostile_result`` is an article built to attack
whoever renders it: script tags, event handlers, ``javascript:`` links, CSS expressions,
bidi overrides, zero-width characters and a very long line, in the text AND the metadata.
Imported by the conftest files of tests/report, tests/web and tests/browser.
"""

from __future__ import annotations

import json
import re
from collections.abc import Iterable, Sequence
from pathlib import Path

from claimledger.ledger.store import Ledger
from claimledger.models import Attribution, Block, Claim, Document, DocumentResult, Event, Finding, Sentence

ROOT = Path(__file__).resolve().parents[2]
SAMPLE = ROOT / "samples" / "kursk-2024"
ANALYSER = "test-fixture"


def split(text: str) -> tuple[tuple[Block, ...], tuple[Sentence, ...]]:
    """Blocks = lines; sentences = naive split at . ! ? followed by a space, inside each line."""
    blocks, sentences = [], []
    for bi, m in enumerate(re.finditer(r"[^\n]+", text)):
        blocks.append(Block(bi, m.start(), m.end(), "title" if bi == 0 else "paragraph"))
        pos = m.start()
        for sm in re.finditer(r"(?<=[.!?”\"])\s+(?=[A-Z“\"-])", m.group()):
            end = m.start() + sm.start()
            sentences.append(Sentence(len(sentences), pos, end, bi))
            pos = m.start() + sm.end()
        sentences.append(Sentence(len(sentences), pos, m.end(), bi))
    return tuple(blocks), tuple(sentences)


def sentence_of(sentences: Sequence[Sentence], start: int) -> int:
    for s in sentences:
        if s.start <= start < s.end:
            return s.index
    return sentences[-1].index if sentences else 0


def _find(text: str, needle: str, after: int = 0) -> tuple[int, int]:
    i = text.find(needle, after)
    if i < 0:
        i = text.find(needle)
    if i < 0:
        raise AssertionError(f"fixture text not found: {needle!r}")
    return i, i + len(needle)


def make_result(doc: Document, *, claims: Iterable[dict] = (), events: Iterable[dict] = (),  # type: ignore[type-arg]
                findings: Iterable[dict] = (), boilerplate: Iterable[tuple[str, str]] = ()) -> DocumentResult:  # type: ignore[type-arg]
    """A DocumentResult whose items are given by their text (located in ``doc.text``)."""
    text = doc.text
    blocks, sentences = split(text)
    marked = {}
    for needle, why in boilerplate:
        s, _ = _find(text, needle)
        for b in blocks:
            if b.start <= s < b.end:
                marked[b.index] = why
    blocks = tuple(Block(b.index, b.start, b.end, b.kind, marked.get(b.index), b.duplicate_of) for b in blocks)
    cl = []
    for c in claims:
        s, e = _find(text, c["text"])
        src = Attribution(name=c["source"], stance=c.get("stance")) if c.get("source") else None
        cl.append(Claim(doc=doc.id, start=s, end=e, low=c["low"], high=c["high"], hedge=c["hedge"],
                        counted=c.get("counted"), source=src, as_of=c.get("as_of"),
                        as_of_basis="sentence" if c.get("as_of") else None,
                        sentence=sentence_of(sentences, s), unit=c.get("unit"), text=text[s:e]))
    ev = []
    for x in events:
        s, e = _find(text, x["text"])
        ev.append(Event(doc=doc.id, start=s, end=e, date=x["date"], what=x["what"], sentence=sentence_of(sentences, s)))
    fi = []
    for f in findings:
        texts = [f[k] for k in ("text", "a", "b") if f.get(k)]
        spans = tuple(_find(text, t) for t in texts)
        fi.append(Finding(kind=f["kind"], doc=doc.id, spans=spans, why=f["why"]))
    return DocumentResult(document=doc, blocks=blocks, sentences=sentences, claims=tuple(cl), events=tuple(ev),
                          findings=tuple(fi))


PUBLISHED = {"000_e78bd6e66f000d9c.txt": "2024-11-14", "003_8f807a654cf24479.txt": "2024-11-15"}


def _figure_for(counted: str, low: float | None, high: float | None) -> int | None:
    """Fixture-only grouping of the gold claims into two figures (the cross checks do this for real)."""
    c = counted.lower()
    v = high if high is not None else low
    if ("north korean" in c or "north koreans" in c) and v is not None and v <= 15000:
        return 1
    if "counteroffensive" in c or ("kursk" in c and v == 50000) or (v == 50000 and "soldiers" in c):
        return 2
    return None


def sample_ledger(db: Path, *, with_copy: bool = True) -> Path:
    """The Kursk sample story with its gold items, two figures, a timeline, and a syndicated copy."""
    gold = json.loads((SAMPLE / "gold.json").read_text(encoding="utf-8"))
    with Ledger(db) as led:
        for doc_id, meta in gold["documents"].items():
            text = (SAMPLE / doc_id).read_text(encoding="utf-8")
            doc = Document(id=doc_id, text=text, title=meta["title"], outlet=meta["outlet"] or "Unknown Monitor",
                           author=meta["author"], published=PUBLISHED.get(doc_id), origin=str(SAMPLE / doc_id))
            bp = [(f["text"], f["why"]) for f in gold["findings"] if f["doc"] == doc_id and f["kind"] == "boilerplate"]
            led.write_result(make_result(
                doc,
                claims=[c for c in gold["claims"] if c["doc"] == doc_id],
                events=[e for e in gold["events"] if e["doc"] == doc_id],
                findings=[f for f in gold["findings"] if f["doc"] == doc_id],
                boilerplate=bp), ANALYSER)
        if with_copy:
            src = "003_8f807a654cf24479.txt"
            text = (SAMPLE / src).read_text(encoding="utf-8")
            doc = Document(id="wire/copy-003.txt", text=text, title=gold["documents"][src]["title"],
                           outlet="Syndicated Daily", published="2024-11-16")
            led.write_result(make_result(doc, claims=[c for c in gold["claims"] if c["doc"] == src][:6]), ANALYSER)
            led.conn.execute("INSERT INTO syndication (doc, original, similarity, wire) VALUES (?,?,?,?)",
                             ("wire/copy-003.txt", src, 0.99, None))
        _figures_and_timeline(led)
    return db


def _figures_and_timeline(led: Ledger) -> None:
    c = led.conn
    rows = c.execute("SELECT id, counted, low, high FROM claims").fetchall()
    for r in rows:
        fig = _figure_for(r["counted"] or "", r["low"], r["high"])
        if fig:
            c.execute("UPDATE claims SET figure = ? WHERE id = ?", (fig, r["id"]))
    labels = {1: "North Korean troops in Russia", 2: "Counteroffensive force in Kursk"}
    for fid, label in labels.items():
        stats = c.execute("SELECT COUNT(*), COUNT(DISTINCT doc), MIN(as_of), MAX(as_of) FROM claims WHERE figure=?",
                          (fid,)).fetchone()
        c.execute("INSERT INTO figures (id, label, unit, claims, documents, first_as_of, last_as_of, trend) "
                  "VALUES (?,?,?,?,?,?,?,?)", (fid, label, None, stats[0], stats[1], stats[2], stats[3],
                                                "rising" if fid == 1 else "stable"))
    whats: dict[str, int] = {}
    for e in c.execute("SELECT id, date, what FROM events ORDER BY date").fetchall():
        if e["what"] not in whats:
            cur = c.execute("INSERT INTO timeline (date, what, events, documents) VALUES (?,?,0,1)",
                            (e["date"], e["what"]))
            whats[e["what"]] = int(cur.lastrowid or 0)
        c.execute("UPDATE events SET timeline = ? WHERE id = ?", (whats[e["what"]], e["id"]))
    c.execute("UPDATE timeline SET events = (SELECT COUNT(*) FROM events WHERE timeline = timeline.id)")


# ---------------------------------------------------------------------------------- hostile
PAYLOADS = [
    "<script>window.__pwned = 1; alert('xss')</script>",
    '<img src="http://evil.example/x.png" onerror="window.__pwned=2;alert(2)">',
    '<a href="javascript:window.__pwned=3">click me</a>',
    '<div style="background:url(http://evil.example/bg.png);width:expression(alert(4))">css</div>',
    "\u202egnp.exe\u202c and zero\u200bwidth\ufeff chars",
    '"><svg onload="window.__pwned=5">',
    "</textarea></title></style></script><script>window.__pwned=6</script>",
    "{{ 7*7 }} {% raw %} ${7*7}",
]
HOSTILE_TITLE = "<script>window.__pwned=7</script>Breaking\u202e: <img src=x onerror=alert(8)>"
HOSTILE_OUTLET = '<b onmouseover="alert(9)">Evil Times</b> javascript:alert(10)'
HOSTILE_AUTHOR = "\u202eReporter <iframe src=\"http://evil.example/\"></iframe>"
HOSTILE_URL = "javascript:alert(11)//http://evil.example/article"


def hostile_result() -> DocumentResult:
    long_line = "A" * 30_000
    body = "\n".join([
        "Hostile page title",
        "At least 1,500 people were evacuated, the mayor said. " + PAYLOADS[0],
        PAYLOADS[1] + " About 200 homes were damaged.",
        PAYLOADS[2] + " " + PAYLOADS[3],
        PAYLOADS[4] + ". " + PAYLOADS[5],
        PAYLOADS[6] + " " + PAYLOADS[7],
        long_line,
    ])
    doc = Document(id="hostile/<script>alert(12)</script>.html", text=body, title=HOSTILE_TITLE,
                   outlet=HOSTILE_OUTLET, author=HOSTILE_AUTHOR, published="2024-11-20", url=HOSTILE_URL,
                   format="html")
    return make_result(
        doc,
        claims=[{"text": "At least 1,500 people", "low": 1500, "high": None, "hedge": "min",
                 "counted": "people evacuated <script>window.__pwned=13</script>", "source": "<img src=x onerror=alert(14)>",
                 "as_of": "2024-11-19"},
                {"text": "About 200 homes", "low": 200, "high": 200, "hedge": "approx", "counted": "homes damaged",
                 "source": None}],
        events=[{"text": "were evacuated", "date": "2024-11-19", "what": "<script>alert(15)</script> evacuation"}],
        findings=[{"kind": "conflict", "text": "<script>window.__pwned = 1;", "why": "<img src=x onerror=alert(16)> why"},
                  {"kind": "broken_text", "text": PAYLOADS[4][:12], "why": "bidi override \u202e in text"}],
    )


def hostile_ledger(db: Path) -> Path:
    with Ledger(db) as led:
        r = hostile_result()
        led.write_result(r, ANALYSER)
        led.conn.execute("UPDATE claims SET figure = 1")
        led.conn.execute("INSERT INTO figures (id, label, unit, claims, documents) VALUES "
                         "(1, '<script>alert(17)</script> evacuees', '<b>u</b>', 1, 1)")
    return db


# ---------------------------------------------------------------------------------- stand-in runner
class FakeSummary:
    def __init__(self) -> None:
        self.seen = self.new = self.changed = self.unchanged = 0
        self.failures: list[object] = []


def _plain_result(doc: Document) -> DocumentResult:
    blocks, sentences = split(doc.text)
    return DocumentResult(document=doc, blocks=blocks, sentences=sentences)


def fake_analyze_documents(items: Iterable[Document], db: Path, *, progress=None, **_: object) -> FakeSummary:  # type: ignore[no-untyped-def]
    """What the web UI's jobs call instead of the NLP pipeline: store each document's text only."""
    summary = FakeSummary()
    docs = list(items)
    with Ledger(db) as led:
        for i, d in enumerate(docs, 1):
            summary.seen = i
            if progress:
                progress("seen", i)
            state = led.write_result(_plain_result(d), ANALYSER)
            summary.new += state == "new"
            summary.changed += state in ("changed", "stale")
            summary.unchanged += state == "same"
            if progress:
                progress("done", 1)
    return summary


def fake_analyze_paths(paths: Sequence[str], db: Path, **kw: object) -> FakeSummary:
    docs = []
    for folder in paths:
        for f in sorted(Path(folder).iterdir()):
            text = f.read_text(encoding="utf-8", errors="replace")
            docs.append(Document(id=f.name, text=text, title=text.split("\n", 1)[0][:100], origin=str(f)))
    return fake_analyze_documents(docs, db, **kw)
