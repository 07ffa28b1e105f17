"""Reading the ledger for the cross-document stage, and writing its results in one transaction.

Kept apart from :mod:`checks.cross` so the orchestration reads as a list of steps.  The
caches (MinHash signatures, paragraph and phrase vectors) are keyed by document hash and
model name, so an incremental run computes only what is new; new cache rows are written
in the same transaction as the results.  A paragraph vector row also carries a hash of the
paragraph's text (``block_vectors.hash`` is ``"<document hash>:<text hash>"``), so a
paragraph that any document of the ledger already had — a wire copy, a re-published or
updated article — is never embedded twice; embedding is nearly all of this stage's cost.
"""

from __future__ import annotations

import hashlib
import json
from collections.abc import Iterator, Mapping, Sequence
from dataclasses import dataclass, field
from typing import TYPE_CHECKING

import numpy as np

from claimledger.checks import offtopic, stories
from claimledger.checks.conflicts import FigureStats
from claimledger.ledger import syndication
from claimledger.semantic import Encoder, from_blob, to_blob

if TYPE_CHECKING:
    import sqlite3

    from claimledger.ledger.align import FigureGroup
    from claimledger.ledger.entities import Entity
    from claimledger.ledger.store import Ledger
    from claimledger.ledger.timeline import Entry
    from claimledger.models import Finding

LEXICAL_MODEL = "tfidf"


class LazyTexts(Mapping[str, str]):
    """Document texts read from the ledger on first use and kept for the run."""

    def __init__(self, conn: sqlite3.Connection, ids: Sequence[str]) -> None:
        self._conn, self._ids, self._cache = conn, list(ids), {}  # type: ignore[var-annotated]

    def __getitem__(self, doc: str) -> str:
        if doc not in self._cache:
            row = self._conn.execute("SELECT text FROM documents WHERE id = ?", (doc,)).fetchone()
            if row is None:
                raise KeyError(doc)
            self._cache[doc] = row[0]
        return str(self._cache[doc])

    def __iter__(self) -> Iterator[str]:
        return iter(self._ids)

    def __len__(self) -> int:
        return len(self._ids)

    def text(self, doc: str) -> str:
        return self.get(doc, "") or ""


@dataclass(frozen=True, slots=True)
class ClaimRow:
    id: int
    doc: str
    start: int
    end: int
    low: float | None
    high: float | None
    hedge: str
    unit: str | None
    relation: str | None
    counted: str | None
    source: str | None
    as_of: str | None
    text: str
    sentence_span: tuple[int, int] | None


@dataclass(frozen=True, slots=True)
class EventRow:
    id: int
    doc: str
    start: int
    end: int
    date: str
    what: str
    source: str | None
    text: str  # the event's span in the document
    sentence: str  # its sentence
    focus: tuple[int, int]  # the span relative to the sentence


@dataclass(frozen=True, slots=True)
class MentionRow:
    doc: str
    name: str
    role: str | None
    org: str | None
    claim: int | None


@dataclass
class CrossData:
    docs: list[syndication.DocInfo]
    texts: LazyTexts
    published: dict[str, str | None]
    lengths: dict[str, int]
    titles: dict[str, str | None]
    signatures: dict[str, np.ndarray]
    wires: dict[str, str]
    wire_evidence: dict[str, str]
    centroids: dict[str, np.ndarray]  # each document's vector, for the stories
    candidates: dict[str, list[offtopic.Candidate]]  # paragraphs only the story can still keep
    claims: list[ClaimRow]
    events: list[EventRow]
    mentions: list[MentionRow]
    model: str
    conn: sqlite3.Connection
    thresholds: offtopic.Thresholds = offtopic.SEMANTIC
    embedded: int = 0
    new_signatures: list[tuple[str, str, bytes | None]] = field(default_factory=list)
    new_blocks: dict[str, list[tuple[int, str, int, bytes]]] = field(default_factory=dict)
    new_phrases: dict[str, np.ndarray] = field(default_factory=dict)

    def load_phrases(self, phrases: Sequence[str]) -> dict[str, np.ndarray]:
        out: dict[str, np.ndarray] = {}
        for i in range(0, len(phrases), 500):
            chunk = list(phrases[i:i + 500])
            marks = ",".join("?" * len(chunk))
            for phrase, blob in self.conn.execute(
                f"SELECT phrase, vector FROM phrase_vectors WHERE model = ? AND phrase IN ({marks})",
                [self.model, *chunk],
            ):
                out[phrase] = from_blob(blob)
        return out

    def save_phrases(self, vectors: dict[str, np.ndarray]) -> None:
        self.new_phrases.update(vectors)


def load(ledger: Ledger, encoder: Encoder | None) -> CrossData:
    """Everything the cross stage needs, computing only uncached signatures and vectors."""
    conn = ledger.conn
    rows = conn.execute("SELECT id, hash, published, outlet, author, title, length(text) AS n, "
                        "substr(text, 1, 600) AS head, substr(text, -600) AS tail FROM documents ORDER BY id").fetchall()
    docs = [syndication.DocInfo(r["id"], r["published"], r["n"], r["outlet"], r["author"]) for r in rows]
    texts = LazyTexts(conn, [d.id for d in docs])
    data = CrossData(
        docs=docs, texts=texts, published={r["id"]: r["published"] for r in rows},
        lengths={r["id"]: r["n"] for r in rows}, titles={r["id"]: r["title"] for r in rows},
        signatures={}, wires={}, wire_evidence={}, centroids={}, candidates={}, claims=[], events=[], mentions=[],
        model=encoder.name if encoder is not None else LEXICAL_MODEL, conn=conn,
        thresholds=offtopic.SEMANTIC if encoder is not None else offtopic.LEXICAL,
    )
    hashes = {r["id"]: r["hash"] for r in rows}
    for r in rows:
        edges = r["head"] if r["n"] <= 1200 else r["head"] + "\n" + r["tail"]
        found = syndication.wire_of(edges, r["outlet"], r["author"])
        if found:
            data.wires[r["id"]], data.wire_evidence[r["id"]] = found
    _signatures(data, hashes)
    _paragraphs(data, hashes, encoder)
    _claims_events(data)
    return data


def _signatures(data: CrossData, hashes: dict[str, str]) -> None:
    cached = {r[0]: (r[1], r[2]) for r in data.conn.execute("SELECT doc, hash, signature FROM doc_signatures")}
    for doc, h in hashes.items():
        hit = cached.get(doc)
        if hit is not None and hit[0] == h:
            blob = hit[1]
        else:
            sig = syndication.signature(data.texts.text(doc))
            blob = sig.tobytes() if sig is not None else None
            data.new_signatures.append((doc, h, blob))
        if blob is not None:
            data.signatures[doc] = np.frombuffer(blob, dtype=np.uint32).copy()


def _doc_paragraphs(data: CrossData) -> dict[str, list[offtopic.Paragraph]]:
    """Non-boilerplate, non-duplicate blocks of each document (its lines if it has no blocks)."""
    spans: dict[str, list[tuple[int, int, int, str]]] = {d.id: [] for d in data.docs}
    for r in data.conn.execute('SELECT doc, idx, start, "end", kind FROM blocks WHERE boilerplate IS NULL '
                               "AND duplicate_of IS NULL ORDER BY doc, idx"):
        if r[0] in spans:
            spans[r[0]].append((r[1], r[2], r[3], r[4]))
    out: dict[str, list[offtopic.Paragraph]] = {}
    for doc, items in spans.items():
        if items:
            out[doc] = [offtopic.Paragraph(i, s, e, "", kind) for i, s, e, kind in items]
        else:  # no anatomy stored: one paragraph a line
            text, at, lines = data.texts.text(doc), 0, []
            for i, line in enumerate(text.split("\n")):
                if line.strip():
                    lines.append(offtopic.Paragraph(i, at, at + len(line), ""))
                at += len(line) + 1
            out[doc] = lines
    return out


def _with_text(data: CrossData, doc: str, items: list[offtopic.Paragraph]) -> list[offtopic.Paragraph]:
    text = data.texts.text(doc)
    return [offtopic.Paragraph(p.index, p.start, p.end, text[p.start:p.end], p.kind) for p in items]


def _paragraphs(data: CrossData, hashes: dict[str, str], encoder: Encoder | None) -> None:
    layout = _doc_paragraphs(data)
    if encoder is None:  # lexical: TF-IDF over every paragraph of the ledger, nothing cached
        full = {doc: _with_text(data, doc, items) for doc, items in layout.items()}
        flat = [p.text for doc in sorted(full) for p in full[doc]]
        vectors, at = offtopic.lexical_vectors(flat), 0
        for doc in sorted(full):
            n = len(full[doc])
            _reduce(data, doc, full[doc], vectors[at:at + n])
            at += n
        return
    cached: dict[str, dict[int, tuple[str, int, bytes]]] = {}
    seen: dict[str, bytes] = {}  # paragraph text hash -> vector, from every cached row
    for doc, idx, h, words, blob in data.conn.execute(
            "SELECT doc, idx, hash, words, vector FROM block_vectors WHERE model = ?", (data.model,)):
        doc_hash, _, text_hash = str(h).partition(":")
        cached.setdefault(doc, {})[idx] = (doc_hash, words, blob)
        if text_hash:
            seen[text_hash] = blob
    todo: list[tuple[str, list[offtopic.Paragraph]]] = []
    for doc in sorted(layout):
        items, have = layout[doc], cached.get(doc, {})
        if items and all(p.index in have and have[p.index][0] == hashes[doc] for p in items):
            paras = [offtopic.Paragraph(p.index, p.start, p.end, "", p.kind, have[p.index][1]) for p in items]
            _reduce(data, doc, paras, np.stack([from_blob(have[p.index][2]) for p in items]))
        elif items:
            todo.append((doc, _with_text(data, doc, items)))
    flat = [p.text for _, items in todo for p in items]
    if not flat:
        return
    keys = [text_key(t) for t in flat]
    blobs = _embed_distinct(data, encoder, flat, keys, seen)
    at = 0
    for doc, items in todo:
        rows = blobs[at:at + len(items)]
        row_keys = keys[at:at + len(items)]
        at += len(items)
        _reduce(data, doc, items, np.stack([from_blob(b) for b in rows]))
        data.new_blocks[doc] = [(p.index, f"{hashes[doc]}:{row_keys[i]}", p.words, rows[i])
                                for i, p in enumerate(items)]


def _reduce(data: CrossData, doc: str, items: list[offtopic.Paragraph], vectors: np.ndarray) -> None:
    """Keep of a document's paragraph vectors only what later steps need: its centroid and
    its off-topic candidates; a ledger of 100k documents then holds 100k vectors, not 1.4M."""
    data.centroids[doc] = stories.centroid(vectors, [p.words for p in items])
    data.candidates[doc] = offtopic.candidates(items, vectors, data.thresholds)


def text_key(text: str) -> str:
    """A paragraph's identity for the vector cache: the same words, the same vector."""
    return hashlib.blake2b(text.encode("utf-8"), digest_size=8).hexdigest()


def _embed_distinct(data: CrossData, encoder: Encoder, texts: Sequence[str], keys: Sequence[str],
                    seen: dict[str, bytes]) -> list[bytes]:
    """Stored vectors (float16 blobs) for ``texts``, embedding each distinct text once.

    A story's coverage repeats itself: wire copies, re-published articles and updated
    versions share most paragraphs, and a paragraph already embedded for any document of
    the ledger is not embedded again.  Fresh vectors are rounded to their stored form at
    once, so a first run and a re-run from the cache see the same numbers.
    """
    missing: dict[str, str] = {}
    for key, text in zip(keys, texts, strict=True):
        if key not in seen:
            missing.setdefault(key, text)
    if missing:
        fresh = encoder.encode(list(missing.values()), batch_size=32)
        data.embedded += len(missing)
        for i, key in enumerate(missing):
            seen[key] = to_blob(fresh[i])
    return [seen[k] for k in keys]


def _claims_events(data: CrossData) -> None:
    for r in data.conn.execute(
        'SELECT c.id, c.doc, c.start, c."end", c.low, c.high, c.hedge, c.unit, c.relation, c.counted, c.source, '
        'c.source_role, c.source_org, c.as_of, c.text, s.start AS s0, s."end" AS s1 FROM claims c '
        "LEFT JOIN sentences s ON s.doc = c.doc AND s.idx = c.sentence ORDER BY c.doc, c.id"
    ):
        span = (r["s0"], r["s1"]) if r["s0"] is not None else None
        data.claims.append(ClaimRow(r["id"], r["doc"], r["start"], r["end"], r["low"], r["high"], r["hedge"],
                                    r["unit"], r["relation"], r["counted"], r["source"], r["as_of"], r["text"], span))
        if r["source"]:
            data.mentions.append(MentionRow(r["doc"], r["source"], r["source_role"], r["source_org"], r["id"]))
    for r in data.conn.execute(
        'SELECT e.id, e.doc, e.start, e."end", e.date, e.what, e.source, s.start AS s0, s."end" AS s1 FROM events e '
        "LEFT JOIN sentences s ON s.doc = e.doc AND s.idx = e.sentence ORDER BY e.doc, e.id"
    ):
        text = data.texts.text(r["doc"])
        s0, s1 = (r["s0"], r["s1"]) if r["s0"] is not None else (r["start"], r["end"])
        data.events.append(EventRow(r["id"], r["doc"], r["start"], r["end"], r["date"], r["what"], r["source"],
                                    text[r["start"]:r["end"]], text[s0:s1], (r["start"] - s0, r["end"] - s0)))
        if r["source"]:
            data.mentions.append(MentionRow(r["doc"], r["source"], None, None, None))


def write(ledger: Ledger, data: CrossData, *, story_of: dict[str, int], copies: Sequence[syndication.Copy],
          entities: Sequence[Entity], names: Sequence[str], entity_of_claim: dict[int, int],
          figures: Sequence[tuple[FigureGroup, FigureStats]], entries: Sequence[Entry],
          findings: Sequence[Finding]) -> None:
    """Replace every cross-document table and the ledger findings in one transaction."""
    with ledger.transaction() as c:
        c.executemany("INSERT OR REPLACE INTO doc_signatures (doc, hash, signature) VALUES (?,?,?)",
                      data.new_signatures)
        for doc, rows in data.new_blocks.items():
            c.execute("DELETE FROM block_vectors WHERE doc = ? AND model = ?", (doc, data.model))
            c.executemany("INSERT INTO block_vectors (doc, idx, hash, model, words, vector) VALUES (?,?,?,?,?,?)",
                          [(doc, i, h, data.model, w, v) for i, h, w, v in rows])
        c.executemany("INSERT OR IGNORE INTO phrase_vectors (phrase, model, vector) VALUES (?,?,?)",
                      [(p, data.model, to_blob(v)) for p, v in sorted(data.new_phrases.items())])
        c.execute("DELETE FROM wires")
        c.executemany("INSERT INTO wires (doc, wire, evidence) VALUES (?,?,?)",
                      [(d, w, data.wire_evidence[d]) for d, w in sorted(data.wires.items())])
        c.execute("DELETE FROM syndication")
        c.executemany("INSERT INTO syndication (doc, original, similarity, wire) VALUES (?,?,?,?)",
                      [(x.doc, x.original, x.similarity, x.wire) for x in copies])
        c.executemany("UPDATE documents SET story = ? WHERE id = ?", [(s, d) for d, s in sorted(story_of.items())])
        c.execute("UPDATE claims SET figure = NULL, source_entity = NULL")
        c.execute("DELETE FROM figures")
        c.executemany(
            "INSERT INTO figures (id, label, unit, claims, documents, first_as_of, last_as_of, trend, outcome, reports)"
            " VALUES (?,?,?,?,?,?,?,?,?,?)",
            [(i, g.label, g.unit, st.claims, st.documents, st.first, st.last, st.trend, g.outcome, st.reports)
             for i, (g, st) in enumerate(figures, start=1)])
        c.executemany("UPDATE claims SET figure = ? WHERE id = ?",
                      [(i, cid) for i, (g, _) in enumerate(figures, start=1) for cid in g.claims])
        c.execute("DELETE FROM sources")
        c.executemany(
            "INSERT INTO sources (id, name, kind, aliases, roles, claims) VALUES (?,?,?,?,?,?)",
            [(i + 1, names[i], e.kind, json.dumps(sorted(e.aliases)), json.dumps(sorted(e.roles)), e.claims)
             for i, e in enumerate(entities)])
        c.executemany("UPDATE claims SET source_entity = ? WHERE id = ?",
                      [(e + 1, cid) for cid, e in sorted(entity_of_claim.items())])
        c.execute("UPDATE events SET timeline = NULL")
        c.execute("DELETE FROM timeline")
        c.executemany("INSERT INTO timeline (id, date, what, events, documents, sources) VALUES (?,?,?,?,?,?)",
                      [(i, t.date, t.what, len(t.events), len(t.documents), json.dumps(t.sources))
                       for i, t in enumerate(entries, start=1)])
        c.executemany("UPDATE events SET timeline = ? WHERE id = ?",
                      [(i, e.id) for i, t in enumerate(entries, start=1) for e in t.events])
        c.execute("DELETE FROM findings WHERE scope = 'ledger'")
        ledger.insert_findings(  # the store's own serialisation, inside this transaction
            [_ledger_key(f) for f in findings], scope="ledger")


def _ledger_key(f: Finding) -> Finding:
    """Ledger keys live beside document keys under UNIQUE(doc, key): keep them apart."""
    from dataclasses import replace

    return f if f.key.startswith("ledger:") else replace(f, key="ledger:" + f.key)
