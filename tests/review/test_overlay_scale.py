"""One figure verdict on a ledger of hundreds of figures costs that figure, not every figure.

A figure review is matched to its figure through the claims it was made on.  Matching it by
reading the members of every figure made one verdict cost a page of claims 30 s and the
reviewed-only report 29 s on a 100k-document ledger (benchmarks/README.md, "Large ledgers").
Here 300 figures are made from the claims of 150 documents and one of them gets a verdict.
Every claim row that building the review index, a page of claims, a figure page, the
reviewed-only report and the review queue filtered by status read is recorded through a view
that stands in for the claims table; none may belong to a document the reviewed figure has
no claim in (a page's own rows aside).
"""

from __future__ import annotations

import re
import sqlite3
from collections.abc import Callable, Iterator
from pathlib import Path

import pytest
from fastapi.testclient import TestClient
from large_fixtures import many_ledger

from claimledger.ledger.store import Ledger, connect
from claimledger.report import build_report
from claimledger.report.build import ReportLimits
from claimledger.report.reviewed import ReviewIndex
from claimledger.review import decide, get_item, list_items, review_overlay
from claimledger.review.items import lost_items
from claimledger.web import create_app
from claimledger.web.deps import connection
from claimledger.web.review_routes import review_connection

COPIES = 150  # 2 documents and 2 figures of the sample story each: 300 documents, 300 figures
STAMP = re.compile(r"MAX\(id\) FROM claims")  # the memo's "has the ledger changed" probe
CLAIM_IDS = re.compile(r'data-claim="(\d+)"')
LARGE = ReportLimits(whole_documents=10, whole_claims=100)  # the path a 100k-document ledger takes


class ClaimReads:
    """The claim rows read on ``conn``.  A TEMP VIEW named ``claims`` (unqualified names find
    it before the table) passes each row it yields through a function that records the id.
    SQLite flattens the view into every query, so the query still uses the table's indexes
    and only the rows it visits are recorded.  One statement is not counted: the memo's
    ``MAX(id) FROM claims``, answered from the end of the index on the table, but by a walk
    over every row through the view."""

    def __init__(self, conn: sqlite3.Connection) -> None:
        self.ids: set[int] = set()
        self.statements: list[str] = []
        conn.create_function("read_claim", 1, self._read)
        conn.execute("CREATE TEMP VIEW claims AS SELECT * FROM main.claims WHERE read_claim(id)")
        conn.set_trace_callback(self.statements.append)

    def _read(self, claim_id: int) -> int:
        if not (self.statements and STAMP.search(self.statements[-1])):
            self.ids.add(claim_id)
        return 1


@pytest.fixture(scope="module")
def ledger(tmp_path_factory: pytest.TempPathFactory) -> tuple[Path, int, set[int]]:
    """300 figures (each copy of the story has its own two), a verdict on one of them;
    returns the file, that figure, and the claims of the documents it holds claims of."""
    db = many_ledger(tmp_path_factory.mktemp("overlay-scale") / "many.db", copies=COPIES)
    with Ledger(db) as led:
        c = led.conn
        c.execute("UPDATE claims SET figure = CAST(substr(doc, 5, 3) AS INTEGER) * 2 + figure "
                  "WHERE figure IS NOT NULL")
        c.execute("DELETE FROM figures")
        c.execute("INSERT INTO figures (id, label, unit, claims, documents, first_as_of, last_as_of, trend) "
                  "SELECT figure, 'figure ' || figure, NULL, COUNT(*), COUNT(DISTINCT doc), MIN(as_of), "
                  "MAX(as_of), 'stable' FROM claims WHERE figure IS NOT NULL GROUP BY figure")
        assert c.execute("SELECT COUNT(*) FROM figures").fetchone()[0] == 2 * COPIES
        figure = 2 * (COPIES // 2) + 1
        decide(c, f"figure:{figure}", "verdict", reviewer="Bo Editor", verdict="disputed",
               rationale="Two counts that cannot both hold.")
        allowed = {r[0] for r in c.execute(
            "SELECT id FROM claims WHERE doc IN (SELECT doc FROM claims WHERE figure = ?)", (figure,))}
        others = c.execute("SELECT COUNT(*) FROM claims WHERE figure IS NOT NULL AND id NOT IN "
                           f"({','.join(map(str, allowed))})").fetchone()[0]
    assert len(allowed) < 40 and others > 3000  # what the old matching read is 100x what it may read
    return db, figure, allowed


def _open(db: Path) -> tuple[sqlite3.Connection, ClaimReads]:
    conn = connect(db, readonly=True)
    return conn, ClaimReads(conn)


def _traced(db: Path, seen: list[ClaimReads], *, readonly: bool = True) -> Callable[[], Iterator[sqlite3.Connection]]:
    """A connection dependency for the web app whose claim reads are recorded in ``seen``."""
    def dependency() -> Iterator[sqlite3.Connection]:
        conn = connect(db, readonly=readonly)
        seen.append(ClaimReads(conn))
        yield conn
        conn.close()
    return dependency


def test_the_review_index_reads_only_the_reviewed_figures_documents(ledger: tuple[Path, int, set[int]]) -> None:
    db, figure, allowed = ledger
    conn, reads = _open(db)
    idx = ReviewIndex.of_ledger(conn)
    mark = idx.mark("figure", figure)
    assert mark is not None and mark.verdict == "disputed" and mark.rationale == "Two counts that cannot both hold."
    assert set(idx.overlay["figures"]) == {figure} and idx.overlay["unattached"] == []
    overlay = review_overlay(conn)
    assert set(overlay["figures"]) == {figure} and overlay["counts"] == {"unreviewed": 1}
    item = get_item(conn, f"figure:{figure}")  # what `claimledger review` and the web UI resolve
    assert item.review is not None and item.review.verdict == "disputed"
    assert reads.ids and reads.ids <= allowed, f"{len(reads.ids - allowed)} claims of other documents read"
    other = get_item(conn, f"figure:{figure - 2}")  # reads that figure's own claims, and the reviewed one's
    assert other.review is None and other.row is not None and len(other.row.members) > 10
    conn.close()


def test_a_page_of_claims_never_reads_figure_reviews(ledger: tuple[Path, int, set[int]]) -> None:
    db, _, _ = ledger
    seen: list[ClaimReads] = []
    app = create_app(db)
    with TestClient(app, base_url="http://127.0.0.1:8765") as client:
        assert client.get("/claims").status_code == 200  # fills the filter lists' cache
        app.dependency_overrides[connection] = _traced(db, seen)
        html = client.get("/claims").text
    shown = {int(i) for i in CLAIM_IDS.findall(html)}
    assert len(shown) == 50
    (reads,) = seen
    extra = reads.ids - shown  # the one row after the page, read to know there is a next page
    assert len(extra) == 1 and min(extra) > max(shown), f"{len(extra)} claims read that the page does not show"


def test_a_figure_page_shows_the_verdict_reading_only_its_documents(ledger: tuple[Path, int, set[int]]) -> None:
    db, figure, allowed = ledger
    seen: list[ClaimReads] = []
    app = create_app(db)
    app.dependency_overrides[connection] = _traced(db, seen)
    with TestClient(app, base_url="http://127.0.0.1:8765") as client:
        own = client.get(f"/figures/{figure}").text
        other = client.get(f"/figures/{figure - 2}").text
    assert "Disputed" in own and "Two counts that cannot both hold." in own
    assert "Disputed" not in other
    with sqlite3.connect(db) as plain:
        neighbour = {r[0] for r in plain.execute(
            "SELECT id FROM claims WHERE doc IN (SELECT doc FROM claims WHERE figure = ?)", (figure - 2,))}
    assert seen[0].ids <= allowed
    assert seen[1].ids <= allowed | neighbour


def test_the_reviewed_only_report_reads_only_the_reviewed_figures_documents(
        ledger: tuple[Path, int, set[int]], monkeypatch: pytest.MonkeyPatch) -> None:
    db, figure, allowed = ledger
    with Ledger(db, readonly=True) as led:  # the overview's counts are memoised, as on any second report
        build_report(led, generated="2024-12-01 00:00 UTC", reviewed_only=True, limits=LARGE)
    seen: list[ClaimReads] = []
    real = Ledger.__enter__

    def traced(self: Ledger) -> Ledger:
        led = real(self)
        seen.append(ClaimReads(led.conn))
        return led

    monkeypatch.setattr(Ledger, "__enter__", traced)
    with Ledger(db, readonly=True) as led:
        html = build_report(led, generated="2024-12-01 00:00 UTC", reviewed_only=True, limits=LARGE)
    assert f'id="fig-{figure}"' in html and "Two counts that cannot both hold." in html
    (reads,) = seen
    assert reads.ids and reads.ids <= allowed, f"{len(reads.ids - allowed)} claims of other documents read"


def test_review_lists_filtered_by_status_read_only_the_reviews(ledger: tuple[Path, int, set[int]]) -> None:
    db, figure, allowed = ledger
    conn, reads = _open(db)
    assert [it.ref for it in list_items(conn, status="reviewed")] == [f"figure:{figure}"]
    assert [it.ref for it in list_items(conn, kind="figure", status="reviewed")] == [f"figure:{figure}"]
    assert list_items(conn, status="unmatched") == [] and list_items(conn, status="confirmed") == []
    assert lost_items(conn) == []  # `review --orphans`, /api/review/orphans
    assert reads.ids and reads.ids <= allowed, f"{len(reads.ids - allowed)} claims of other documents read"
    conn.close()

    seen: list[ClaimReads] = []
    app = create_app(db)
    app.dependency_overrides[review_connection] = _traced(db, seen, readonly=False)
    with TestClient(app, base_url="http://127.0.0.1:8765") as client:
        page = client.get("/review?status=reviewed").text
        orphans = client.get("/api/review/orphans").json()
    assert f'data-ref="figure:{figure}"' in page and page.count('class="review-item ') == 1
    assert orphans == {"items": [], "regroups": []}
    assert all(r.ids <= allowed for r in seen)
