"""Every SQL read the report and the web UI make, returning small frozen records.

Both front ends render the same records, so the SQL lives in one place.  Lists take
``limit``/``offset`` so the web UI can page through a ledger of 100k documents without
loading it; the report passes ``limit=None`` to read a whole (story-sized) ledger.

Deep pages: ``OFFSET 90000`` makes SQLite step over 90,000 rows, so the lists that a
client walks to the end (documents, claims, events, findings) also take ``after``, a
*keyset* cursor — the sort key of the last row seen (:func:`key_of`) — and read
``WHERE (sort key) > (cursor)`` straight from an index, at the same cost on every page.
An offset itself is turned into a keyset where it can be (:func:`_skip`): the skipped rows
are counted on one table or index, without the joins the page needs.
Whole-ledger aggregates (the overview's counts, finding kinds, filter lists) cost a scan
of millions of index entries on a large ledger; they are memoised per ledger file and
recomputed only when the file changes (:func:`memo`).
Documents are addressed by their SQLite ``rowid`` (``n``): a small integer that is safe in
URLs and HTML ids (``#d3-s17``), unlike document ids, which are paths or URLs.
"""

from __future__ import annotations

import json
import os
import re
import sqlite3
import threading
from collections.abc import Callable, Sequence
from typing import Any, TypeVar

from claimledger.errors import UsageError
from claimledger.models import FINDING_KINDS, FINDING_SEVERITY
from claimledger.report.records import (
    BlockRow,
    ClaimRow,
    DocRow,
    EventRow,
    FigureRow,
    FindingRow,
    Overview,
    SearchHit,
    SentenceRow,
    SpanRef,
    TimelineRow,
)
from claimledger.report.text import CONTEXT_CHARS, HIT_CHARS, Passage, make_passage

T = TypeVar("T")
Key = tuple[Any, ...]
Order = tuple[tuple[str, str], ...]  # (SQL expression, attribute of the record) of a list's sort key


def _rows(conn: sqlite3.Connection, sql: str, params: Sequence[Any] = ()) -> list[sqlite3.Row]:
    return list(conn.execute(sql, tuple(params)))


def _page(limit: int | None, offset: int) -> tuple[str, list[int]]:
    if limit is None:
        return "", []
    return " LIMIT ? OFFSET ?", [int(limit), max(0, int(offset))]


def key_of(row: Any, order: Order) -> Key:
    """The sort key of a listed record: pass it back as ``after`` to read the next page."""
    return tuple(getattr(row, attr) for _, attr in order)


def _keyset(order: Order, after: Key | None, op: str = ">") -> tuple[str | None, list[Any]]:
    """``(a, b) > (?, ?)`` over a list's sort key: SQLite reads it as a range of the index."""
    if after is None:
        return None, []
    if len(after) != len(order) or not all(v is None or isinstance(v, int | float | str) for v in after):
        raise UsageError(f"This cursor does not belong to this list (its sort key has {len(order)} values).",
                         hint="Pass back the next_after of the previous page unchanged, with the same filters.")
    cols = ", ".join(expr for expr, _ in order)
    return f"({cols}) {op} ({', '.join('?' * len(order))})", list(after)


Conds = list[tuple[str, Any]]


def _skip(conn: sqlite3.Connection, source: str, conds: Conds, keyset: tuple[str | None, list[Any]],
          order: Order, offset: int) -> tuple[tuple[str | None, list[Any]], int] | None:
    """An OFFSET turned into a keyset: the sort key of the row ``offset`` rows into the list,
    read from ``source`` (one table, often one index) without the list's joins and computed
    columns, which SQLite would otherwise make for every row it skips (OFFSET 1,000,000 on
    claims: 1.2 s -> 0.08 s).  Only when every filter is on that table.  None: no such row."""
    alias = source.split()[-1] + "."
    if offset <= 0 or any(v not in (None, "") and alias not in sql for sql, v in conds):
        return keyset, offset
    where, params = _where(conds, keyset)
    cols = ", ".join(expr for expr, _ in order)
    row = conn.execute(f"SELECT {cols} FROM {source}{where} ORDER BY {cols} LIMIT 1 OFFSET ?",
                       [*params, int(offset)]).fetchone()
    if row is None:
        return None
    return _keyset(order, tuple(row), ">="), 0


# ------------------------------------------------------------------ memoised aggregates
_MEMO: dict[tuple[str, str], tuple[tuple[Any, ...], Any]] = {}
_MEMO_LOCK = threading.Lock()
_MEMO_MAX = 256


def _stamp(conn: sqlite3.Connection) -> tuple[str, tuple[Any, ...]] | None:
    """The ledger file and a stamp that changes with every committed write: size and mtime
    of the file and of its WAL, and the largest row ids (cheap: the end of each b-tree)."""
    path = next((r[2] for r in conn.execute("PRAGMA database_list") if r[1] == "main"), "")
    if not path:
        return None  # an in-memory ledger: nothing to key a memo on
    parts: list[Any] = []
    for p in (path, path + "-wal"):
        try:
            st = os.stat(p)
            parts += [st.st_mtime_ns, st.st_size]
        except OSError:
            parts += [0, 0]
    parts += list(conn.execute("SELECT (SELECT MAX(rowid) FROM documents), (SELECT MAX(id) FROM claims), "
                               "(SELECT MAX(id) FROM events), (SELECT MAX(id) FROM findings), "
                               "(SELECT MAX(id) FROM figures)").fetchone())
    return path, tuple(parts)


def memo(conn: sqlite3.Connection, name: str, compute: Callable[[], T]) -> T:
    """``compute()``, remembered for this ledger file until the file changes."""
    stamp = _stamp(conn)
    if stamp is None:
        return compute()
    key = (stamp[0], name)
    hit = _MEMO.get(key)
    if hit is not None and hit[0] == stamp[1]:
        return hit[1]
    value = compute()
    with _MEMO_LOCK:
        if len(_MEMO) >= _MEMO_MAX:
            _MEMO.clear()
        _MEMO[key] = (stamp[1], value)
    return value


# ------------------------------------------------------------------ overview
def overview(conn: sqlite3.Connection) -> Overview:
    """Counts, outlets and date spans of the whole ledger (memoised: see :func:`memo`)."""
    return memo(conn, "overview", lambda: _overview(conn))


def _overview(conn: sqlite3.Connection) -> Overview:
    def one(sql: str) -> Any:
        return conn.execute(sql).fetchone()[0]

    outlets = tuple((r[0] or "", int(r[1])) for r in conn.execute(
        "SELECT outlet, COUNT(*) FROM documents GROUP BY outlet ORDER BY COUNT(*) DESC, outlet"))
    kinds = dict((r[0], int(r[1])) for r in conn.execute("SELECT kind, COUNT(*) FROM findings GROUP BY kind"))
    return Overview(
        documents=one("SELECT COUNT(*) FROM documents"),
        claims=one("SELECT COUNT(*) FROM claims"),
        events=one("SELECT COUNT(*) FROM events"),
        findings=sum(kinds.values()),
        figures=one("SELECT COUNT(*) FROM figures"),
        outlets=outlets,
        first_published=one("SELECT MIN(published) FROM documents WHERE published IS NOT NULL"),
        last_published=one("SELECT MAX(published) FROM documents WHERE published IS NOT NULL"),
        undated_documents=one("SELECT COUNT(*) FROM documents WHERE published IS NULL"),
        findings_by_kind=tuple(sorted(kinds.items(), key=lambda kv: FINDING_SEVERITY.get(kv[0], 99))),
        first_event=one("SELECT MIN(date) FROM events"),
        last_event=one("SELECT MAX(date) FROM events"),
    )


# ------------------------------------------------------------------ documents
_DOC_COLS = ("rowid AS n, id, title, outlet, author, published, url, format, language, "
             "length(text) AS length")


def _doc(r: sqlite3.Row, with_text: bool = False) -> DocRow:
    return DocRow(n=r["n"], id=r["id"], title=r["title"], outlet=r["outlet"], author=r["author"],
                  published=r["published"], url=r["url"], format=r["format"], language=r["language"],
                  length=r["length"], text=r["text"] if with_text else None)


DOC_ORDER: Order = (("rowid", "n"),)


def documents(conn: sqlite3.Connection, *, outlet: str | None = None, doc: str | None = None,
              limit: int | None = None, offset: int = 0, after: Key | None = None) -> list[DocRow]:
    keyset = _keyset(DOC_ORDER, after)
    if limit is not None and offset > 0 and not outlet and not doc:
        # a deep page of the whole list: step over `offset` entries of documents_order (rowids
        # alone, ~10 bytes each) to the first row, instead of over `offset` documents' rows
        skip = f"WHERE (0 * length(id)) = 0{' AND ' + keyset[0] if keyset[0] else ''}"
        return [_doc(r) for r in _rows(
            conn, f"SELECT {_DOC_COLS} FROM documents WHERE rowid >= (SELECT rowid FROM documents {skip} "
            "ORDER BY rowid LIMIT 1 OFFSET ?) ORDER BY rowid LIMIT ?", keyset[1] + [max(0, int(offset)), int(limit)])]
    where, params = _where([("outlet = ?", outlet), ("id = ?", doc)], keyset)
    page, pp = _page(limit, offset)
    return [_doc(r) for r in _rows(conn, f"SELECT {_DOC_COLS} FROM documents{where} ORDER BY rowid{page}",
                                   params + pp)]


def document(conn: sqlite3.Connection, n: int) -> DocRow | None:
    r = conn.execute(f"SELECT {_DOC_COLS}, text FROM documents WHERE rowid = ?", (n,)).fetchone()
    return _doc(r, with_text=True) if r else None


def doc_numbers(conn: sqlite3.Connection, ids: Sequence[str]) -> dict[str, int]:
    out: dict[str, int] = {}
    for i in range(0, len(ids), 500):
        chunk = list(ids[i:i + 500])
        marks = ",".join("?" * len(chunk))
        out.update({r[1]: r[0] for r in conn.execute(f"SELECT rowid, id FROM documents WHERE id IN ({marks})",
                                                     chunk)})
    return out


def blocks(conn: sqlite3.Connection, doc: str) -> list[BlockRow]:
    return [BlockRow(r["idx"], r["start"], r["end"], r["kind"], r["boilerplate"], r["duplicate_of"])
            for r in conn.execute('SELECT idx, start, "end", kind, boilerplate, duplicate_of FROM blocks '
                                  "WHERE doc = ? ORDER BY idx", (doc,))]


def sentences(conn: sqlite3.Connection, doc: str) -> list[SentenceRow]:
    return [SentenceRow(r["idx"], r["start"], r["end"], r["block"])
            for r in conn.execute('SELECT idx, start, "end", block FROM sentences WHERE doc = ? ORDER BY idx',
                                  (doc,))]


def syndicated_copies(conn: sqlite3.Connection) -> dict[str, str]:
    """copy document id -> original document id (memoised: ~90k rows at 100k documents,
    read by every figure card; the dict is shared, so read it, never change it)."""
    return memo(conn, "syndicated_copies",
                lambda: {r[0]: r[1] for r in conn.execute("SELECT doc, original FROM syndication")})


def outlets(conn: sqlite3.Connection, limit: int = 500) -> list[str]:
    return list(memo(conn, f"outlets{limit}", lambda: [r[0] for r in conn.execute(
        "SELECT DISTINCT outlet FROM documents WHERE outlet IS NOT NULL ORDER BY outlet LIMIT ?", (limit,))]))


def source_names(conn: sqlite3.Connection, limit: int = 500) -> list[str]:
    """The most quoted sources first (a scan of the whole claims_source index: memoised)."""
    return list(memo(conn, f"sources{limit}", lambda: [r[0] for r in conn.execute(
        "SELECT source FROM claims WHERE source IS NOT NULL GROUP BY source ORDER BY COUNT(*) DESC, source "
        "LIMIT ?", (limit,))]))


# ------------------------------------------------------------------ claims
def _where(conds: Sequence[tuple[str, Any]],
           keyset: tuple[str | None, list[Any]] = (None, [])) -> tuple[str, list[Any]]:
    parts, params = [], []
    for sql, v in conds:
        if v is None or v == "":
            continue
        parts.append(sql)
        if "?" in sql:
            params.extend([v] * sql.count("?"))
    if keyset[0]:
        parts.append(keyset[0])
        params.extend(keyset[1])
    return (" WHERE " + " AND ".join(parts) if parts else ""), params


def _claim(r: sqlite3.Row) -> ClaimRow:
    return ClaimRow(
        id=r["id"], doc=r["doc"], doc_n=r["doc_n"], start=r["start"], end=r["end"], text=r["text"],
        low=r["low"], high=r["high"], hedge=r["hedge"], unit=r["unit"], counted=r["counted"],
        source=r["source"], source_role=r["source_role"], source_org=r["source_org"],
        relayed_by=r["relayed_by"], stance=r["stance"], as_of=r["as_of"], as_of_basis=r["as_of_basis"],
        sentence=r["sentence"], figure=r["figure"], outlet=r["outlet"], published=r["published"],
        before=r["before_text"] or "", after=r["after_text"] or "",
    )


CLAIM_CONTEXT = 80
# The sentence around a claim, clipped to CLAIM_CONTEXT characters each side, read with substr
# so a claim list never loads whole documents.
_CLAIM_CONTEXT_SQL = (
    f"substr(d.text, MAX(COALESCE(s.start, c.start), c.start - {CLAIM_CONTEXT}) + 1, "
    f"c.start - MAX(COALESCE(s.start, c.start), c.start - {CLAIM_CONTEXT})) AS before_text, "
    f'substr(d.text, c."end" + 1, MIN(COALESCE(s."end", c."end"), c."end" + {CLAIM_CONTEXT}) - c."end") AS after_text'
)


def claims_order(*, doc: str | None = None, doc_n: int | None = None, outlet: str | None = None) -> Order:
    """The sort key of a claim list: in text order within one document; by document, then
    claim, within an outlet (read through documents_outlet and claims_doc, no sort of the
    outlet's claims); else by claim id (the table's own order)."""
    if doc or doc_n is not None:
        return (("c.start", "start"), ("c.id", "id"))
    if outlet:
        return (("d.rowid", "doc_n"), ("c.id", "id"))
    return (("c.id", "id"),)


def claims(conn: sqlite3.Connection, *, doc: str | None = None, doc_n: int | None = None,
           outlet: str | None = None, source: str | None = None, hedge: str | None = None,
           figure: int | None = None, q: str | None = None, limit: int | None = None,
           offset: int = 0, no_figure: bool = False, after: Key | None = None,
           context: bool = True) -> list[ClaimRow]:
    """Claims under the filters, in :func:`claims_order`.  ``context=False`` leaves out the
    sentence around each claim (``before``/``after`` empty): it is cut from the document's
    text, so a list that does not show it (the API, a picker) skips reading every text."""
    order_key = claims_order(doc=doc, doc_n=doc_n, outlet=outlet)
    conds: Conds = [
        ("c.figure IS NULL", True if no_figure else None),
        ("c.doc = ?", doc), ("d.rowid = ?", doc_n), ("d.outlet = ?", outlet), ("c.source = ?", source),
        ("c.hedge = ?", hedge), ("c.figure = ?", figure),
        ("(c.counted LIKE ? ESCAPE '\\' OR c.text LIKE ? ESCAPE '\\')", _like(q)),
    ]
    keyset = _keyset(order_key, after)
    if limit is not None and not doc:
        skipped = _skip(conn, "claims c", conds, keyset, order_key, offset)
        if skipped is None:
            return []
        keyset, offset = skipped
    where, params = _where(conds, keyset)
    page, pp = _page(limit, offset)
    order = ", ".join(expr for expr, _ in order_key)
    if doc or doc_n is not None:
        order = "c.doc, " + order
    around, sentence = (_CLAIM_CONTEXT_SQL, "LEFT JOIN sentences s ON s.doc = c.doc AND s.idx = c.sentence") \
        if context else ("NULL AS before_text, NULL AS after_text", "")
    return [_claim(r) for r in _rows(
        conn, f"SELECT c.*, d.rowid AS doc_n, d.outlet AS outlet, d.published AS published, {around} "
        f"FROM claims c JOIN documents d ON d.id = c.doc {sentence}{where} ORDER BY {order}{page}", params + pp)]


def _like(q: str | None) -> str | None:
    if not q:
        return None
    return "%" + re.sub(r"([%_\\])", r"\\\1", q) + "%"


# ------------------------------------------------------------------ events and timeline
_EVENT_SPAN = 'substr(d.text, e.start + 1, MIN(e."end" - e.start, 300)) AS span_text'


def _event(r: sqlite3.Row) -> EventRow:
    return EventRow(id=r["id"], doc=r["doc"], doc_n=r["doc_n"], start=r["start"], end=r["end"],
                    date=r["date"], what=r["what"], source=r["source"], sentence=r["sentence"],
                    timeline=r["timeline"], outlet=r["outlet"], text=r["span_text"] or "")


EVENT_ORDER: Order = (("e.date", "date"), ("e.id", "id"))


def events(conn: sqlite3.Connection, *, doc: str | None = None, doc_n: int | None = None,
           outlet: str | None = None, source: str | None = None, q: str | None = None,
           limit: int | None = None, offset: int = 0, after: Key | None = None) -> list[EventRow]:
    conds: Conds = [
        ("e.doc = ?", doc), ("d.rowid = ?", doc_n), ("d.outlet = ?", outlet), ("e.source = ?", source),
        ("e.what LIKE ? ESCAPE '\\'", _like(q)),
    ]
    keyset = _keyset(EVENT_ORDER, after)
    if limit is not None:
        skipped = _skip(conn, "events e", conds, keyset, EVENT_ORDER, offset)
        if skipped is None:
            return []
        keyset, offset = skipped
    where, params = _where(conds, keyset)
    page, pp = _page(limit, offset)
    return [_event(r) for r in _rows(
        conn, f"SELECT e.*, d.rowid AS doc_n, d.outlet AS outlet, {_EVENT_SPAN} FROM events e JOIN documents d ON d.id = e.doc"
        f"{where} ORDER BY e.date, e.id{page}", params + pp)]


MAX_TIMELINE_EVENTS = 100


TIMELINE_ORDER: Order = (("date", "date"), ("id", "id"))


def timeline_key(row: TimelineRow) -> Key:
    """The cursor of a timeline entry: (date, id), the id of its event when no merge was
    stored (those rows carry ``-event id``), so one cursor shape serves both lists."""
    return (row.date, abs(row.id))


def timeline(conn: sqlite3.Connection, *, limit: int | None = None, offset: int = 0,
             max_events: int | None = MAX_TIMELINE_EVENTS, after: Key | None = None) -> list[TimelineRow]:
    """Merged timeline entries with their events; plain events by date if no merge was stored.

    An entry lists at most ``max_events`` of its events (the earliest): on a 100k-document
    ledger one happening is reported by hundreds of documents.  ``after``: the
    :func:`timeline_key` of the last entry seen (a keyset cursor, as for :func:`events`)."""
    keyset = _keyset(TIMELINE_ORDER, after)
    page, pp = _page(limit, offset)
    heads = _rows(conn, f"SELECT id, date, what FROM timeline{_where([], keyset)[0]} ORDER BY date, id{page}",
                  keyset[1] + pp)
    if not heads:
        if conn.execute("SELECT 1 FROM timeline LIMIT 1").fetchone():
            return []
        return [TimelineRow(id=-e.id, date=e.date, what=e.what, events=(e,))
                for e in events(conn, limit=limit, offset=offset, after=after)]
    ids = [h["id"] for h in heads]
    members: dict[int, list[EventRow]] = {i: [] for i in ids}
    select = f"SELECT e.*, d.rowid AS doc_n, d.outlet AS outlet, {_EVENT_SPAN} FROM events e JOIN documents d ON d.id = e.doc "
    if max_events is None:
        marks = ",".join("?" * len(ids))
        for r in conn.execute(f"{select}WHERE e.timeline IN ({marks}) ORDER BY e.date, e.id", ids):
            members[r["timeline"]].append(_event(r))
    else:  # one indexed read per entry, each stopped at its LIMIT; then the join and the text for those only
        shown = [r[0] for i in ids for r in conn.execute(
            "SELECT id FROM events WHERE timeline = ? ORDER BY date, id LIMIT ?", (i, int(max_events)))]
        for n in range(0, len(shown), 500):
            chunk = shown[n:n + 500]
            for r in conn.execute(f"{select}WHERE e.id IN ({','.join('?' * len(chunk))}) ORDER BY e.date, e.id",
                                  chunk):
                members[r["timeline"]].append(_event(r))
    return [TimelineRow(id=h["id"], date=h["date"], what=h["what"], events=tuple(members[h["id"]]))
            for h in heads]


# ------------------------------------------------------------------ findings
def _finding(r: sqlite3.Row, numbers: dict[str, int]) -> FindingRow:
    spans = [SpanRef(r["doc"], r["doc_n"], int(s), int(e)) for s, e in _json_list(r["spans"])]
    for ref in _json_list(r["refs"]):
        if isinstance(ref, dict) and {"doc", "start", "end"} <= ref.keys():
            spans.append(SpanRef(str(ref["doc"]), numbers.get(str(ref["doc"])), int(ref["start"]),
                                 int(ref["end"])))
    return FindingRow(id=r["id"], kind=r["kind"], doc=r["doc"], doc_n=r["doc_n"], spans=tuple(spans),
                      why=r["why"], scope=r["scope"], outlet=r["outlet"])


def _json_list(text: str | None) -> list[Any]:
    try:
        value = json.loads(text or "[]")
    except ValueError:
        return []
    return value if isinstance(value, list) else []


FINDING_ORDER: Order = (("f.id", "id"),)


def findings(conn: sqlite3.Connection, *, kind: str | None = None, doc: str | None = None,
             doc_n: int | None = None, outlet: str | None = None, limit: int | None = None,
             offset: int = 0, by_severity: bool = False, after: Key | None = None) -> list[FindingRow]:
    """Findings, oldest first, or most serious kind first with ``by_severity`` (whole-ledger
    reads; no ``after`` then)."""
    if by_severity and after is not None:
        raise UsageError("Findings listed by severity take no cursor.")
    conds: Conds = [("f.kind = ?", kind), ("f.doc = ?", doc), ("d.rowid = ?", doc_n), ("d.outlet = ?", outlet)]
    keyset = _keyset(FINDING_ORDER, after)
    if limit is not None and not by_severity:
        skipped = _skip(conn, "findings f", conds, keyset, FINDING_ORDER, offset)
        if skipped is None:
            return []
        keyset, offset = skipped
    where, params = _where(conds, keyset)
    page, pp = _page(limit, offset)
    order = "f.id"
    if by_severity:
        cases = " ".join(f"WHEN '{k}' THEN {i}" for i, k in enumerate(FINDING_KINDS))
        order = f"CASE f.kind {cases} ELSE 99 END, f.doc, f.id"
    rows = _rows(conn, "SELECT f.*, d.rowid AS doc_n, d.outlet AS outlet FROM findings f "
                 f"JOIN documents d ON d.id = f.doc{where} ORDER BY {order}{page}", params + pp)
    ref_docs = {str(ref["doc"]) for r in rows for ref in _json_list(r["refs"]) if isinstance(ref, dict)}
    numbers = doc_numbers(conn, sorted(ref_docs))
    return [_finding(r, numbers) for r in rows]


def finding_kinds(conn: sqlite3.Connection) -> list[tuple[str, int]]:
    """(kind, count), most serious first (memoised: a scan of the findings_kind index)."""
    def compute() -> list[tuple[str, int]]:
        counts = {r[0]: int(r[1]) for r in conn.execute("SELECT kind, COUNT(*) FROM findings GROUP BY kind")}
        return sorted(counts.items(), key=lambda kv: FINDING_SEVERITY.get(kv[0], 99))

    return list(memo(conn, "finding_kinds", compute))


# ------------------------------------------------------------------ figures
def _figure(r: sqlite3.Row) -> FigureRow:
    return FigureRow(id=r["id"], label=r["label"], unit=r["unit"], claims=r["claims"], documents=r["documents"],
                     first_as_of=r["first_as_of"], last_as_of=r["last_as_of"], trend=r["trend"])


def figures(conn: sqlite3.Connection, *, limit: int | None = None, offset: int = 0) -> list[FigureRow]:
    page, pp = _page(limit, offset)
    return [_figure(r) for r in _rows(
        conn, f"SELECT * FROM figures ORDER BY documents DESC, claims DESC, id{page}", pp)]


def figure_choices(conn: sqlite3.Connection, *, exclude: int, unit: str | None = None, q: str | None = None,
                   limit: int = 30) -> list[FigureRow]:
    """A few figures to merge with one: those whose label holds ``q``, else those counted in
    the same ``unit``, most widely reported first.  Bounded, for a picker: at 100k documents
    a ledger holds thousands of figures, too many for one select on every figure page."""
    if q:
        cond, params = "label LIKE ? ESCAPE '\\'", [_like(q)]
    else:
        cond, params = "unit IS ?", [unit]
    return [_figure(r) for r in _rows(
        conn, f"SELECT * FROM figures WHERE {cond} AND id != ? ORDER BY documents DESC, claims DESC, id LIMIT ?",
        [*params, int(exclude), int(limit)])]


def figure(conn: sqlite3.Connection, figure_id: int) -> FigureRow | None:
    r = conn.execute("SELECT * FROM figures WHERE id = ?", (figure_id,)).fetchone()
    return _figure(r) if r else None


# ------------------------------------------------------------------ full-text search
_TOKEN = re.compile(r"\w+", re.UNICODE)
MAX_TERMS = 16


def fts_query(q: str | None) -> str | None:
    """User input -> a safe FTS5 MATCH expression: words only, each quoted, ANDed.

    Operators, column filters, parentheses and quotes in the input are dropped, so no
    input can produce an FTS5 syntax error or query another column.  A trailing ``*``
    on the last word keeps its prefix-search meaning.
    """
    if not q:
        return None
    words = _TOKEN.findall(q)[:MAX_TERMS]
    if not words:
        return None
    terms = [f'"{w}"' for w in words]
    if q.rstrip().endswith("*"):
        terms[-1] += "*"
    return " ".join(terms)


HIT_START, HIT_END = "\x02", "\x03"


RANKED_MATCHES = 2000


def search(conn: sqlite3.Connection, q: str | None, *, limit: int = 20, offset: int = 0) -> list[SearchHit]:
    """Sentences matching ``q``, best first (bm25).

    FTS5 scores every match before it can return the best one: a word found in a million
    sentences of a 100k-document ledger took 16 s.  So a query is ranked among its
    RANKED_MATCHES newest matches (the sentences indexed last) — a window that grows by that
    many as the pages go deeper, so the pages of one window agree with each other.  A query
    with fewer matches is ranked whole, as before; a narrower query finds older sentences.
    """
    match = fts_query(q)
    if match is None:
        return []
    offset = max(0, int(offset))
    window = RANKED_MATCHES * (1 + (offset + int(limit)) // RANKED_MATCHES)
    cut = conn.execute("SELECT rowid FROM sentence_search WHERE sentence_search MATCH ? ORDER BY rowid DESC "
                       "LIMIT 1 OFFSET ?", (match, window - 1)).fetchone()
    rows = _rows(conn, "SELECT s.doc AS doc, s.idx AS idx, "
                 f"highlight(sentence_search, 0, '{HIT_START}', '{HIT_END}') AS marked, "
                 "d.rowid AS doc_n, d.title AS title, d.outlet AS outlet FROM sentence_search s "
                 "JOIN documents d ON d.id = s.doc WHERE sentence_search MATCH ? AND s.rowid >= ? "
                 "ORDER BY rank LIMIT ? OFFSET ?",
                 (match, int(cut[0]) if cut else 0, int(limit), offset))
    return [SearchHit(doc=r["doc"], doc_n=r["doc_n"], idx=int(r["idx"]), title=r["title"], outlet=r["outlet"],
                      parts=_split_marked(r["marked"])) for r in rows]


def _split_marked(text: str) -> tuple[tuple[str, bool], ...]:
    parts: list[tuple[str, bool]] = []
    for i, chunk in enumerate(re.split(f"[{HIT_START}{HIT_END}]", text)):
        if chunk:
            parts.append((chunk, i % 2 == 1))
    return tuple(parts)


# ------------------------------------------------------------------ passages
def passage(conn: sqlite3.Connection, ref: SpanRef, title: str | None = None) -> Passage:
    """The sentence around a span, read with ``substr`` so huge documents are never loaded."""
    s = conn.execute('SELECT idx, start, "end", block FROM sentences WHERE doc = ? AND start <= ? '
                     "ORDER BY idx DESC LIMIT 1", (ref.doc, ref.start)).fetchone()
    sentence = SentenceRow(s["idx"], s["start"], s["end"], s["block"]) if s and s["end"] > ref.start else None
    a = max(0, ref.start - CONTEXT_CHARS - 1)
    b = min(ref.end, ref.start + HIT_CHARS + 1) + CONTEXT_CHARS + 1
    row = conn.execute("SELECT substr(text, ?, ?) FROM documents WHERE id = ?", (a + 1, b - a, ref.doc)).fetchone()
    window = row[0] if row else ""
    return make_passage(ref.doc, ref.doc_n, window, a, sentence, ref.start, ref.end, title)


def documents_by_number(conn: sqlite3.Connection, numbers: Sequence[int]) -> dict[int, DocRow]:
    """Documents (without text) by their numbers, for labelling links."""
    out: dict[int, DocRow] = {}
    nums = [int(n) for n in numbers]
    for i in range(0, len(nums), 500):
        chunk = nums[i:i + 500]
        marks = ",".join("?" * len(chunk))
        for r in conn.execute(f"SELECT {_DOC_COLS} FROM documents WHERE rowid IN ({marks})", chunk):
            out[r["n"]] = _doc(r)
    return out
