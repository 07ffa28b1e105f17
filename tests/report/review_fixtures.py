"""A reviewed copy of the sample story ledger: what a fact-checker might decide about it.

Made through the review API (``decide``, ``add_item``), the same path the CLI and the web
UI take, so the report is tested on real review rows.  Rows are found by their text, not
by id, so the scenario survives changes to the fixture's row order.  Imported by the
report and browser tests.
"""

from __future__ import annotations

import shutil
import sqlite3
from dataclasses import dataclass
from pathlib import Path

from claimledger.ledger.store import Ledger
from claimledger.review import add_item, decide

REVIEWER = "Ann Checker"
DISPUTED = "Counts range from 10,000 to 12,000; the 1,500 is an October count of the first arrivals."


@dataclass(frozen=True)
class Scenario:
    """The row ids the scenario reviewed (ids in this copy of the ledger)."""

    confirmed_claim: int  # Zelensky's "around 10,000", with a note
    corrected_claim: int  # "a 12,000 figure": corrected to about 12,000, source renamed
    rejected_claim: int  # "a fifth of the 50,000": derived, not a claim
    confirmed_other_claim: int  # a claim outside any figure
    disputed_figure: int
    consistent_figure: int
    corrected_event: int  # "North Korea ratifies the pact", re-dated 2024-11-12
    rejected_event: int
    confirmed_finding: int
    rejected_finding: int


def _claim(conn: sqlite3.Connection, text: str, outlet: str = "Unknown Monitor") -> int:
    row = conn.execute("SELECT c.id FROM claims c JOIN documents d ON d.id = c.doc "
                       "WHERE substr(d.text, c.start + 1, c.\"end\" - c.start) = ? AND d.outlet = ?",
                       (text, outlet)).fetchone()
    assert row is not None, text
    return int(row[0])


def _one(conn: sqlite3.Connection, sql: str, *params: object) -> int:
    row = conn.execute(sql, params).fetchone()
    assert row is not None, sql
    return int(row[0])


def review_sample(db: Path) -> Scenario:
    """Review the sample ledger at ``db`` in place."""
    with Ledger(db) as led:
        c = led.conn
        s = Scenario(
            confirmed_claim=_claim(c, "around 10,000 North Koreans"),
            corrected_claim=_claim(c, "a 12,000 figure"),
            rejected_claim=_claim(c, "a fifth of the 50,000 were North Koreans"),
            confirmed_other_claim=_one(c, "SELECT id FROM claims WHERE figure IS NULL ORDER BY id LIMIT 1"),
            disputed_figure=_one(c, "SELECT id FROM figures WHERE label LIKE 'North Korean%'"),
            consistent_figure=_one(c, "SELECT id FROM figures WHERE label LIKE 'Counteroffensive%'"),
            corrected_event=_one(c, "SELECT id FROM events WHERE what = 'North Korea ratifies the pact' "
                                    "AND date = '2024-06'"),
            rejected_event=_one(c, "SELECT id FROM events WHERE what LIKE 'Initial Kursk counteroffensive%'"),
            confirmed_finding=_one(c, "SELECT id FROM findings WHERE kind = 'self_contradiction'"),
            rejected_finding=_one(c, "SELECT id FROM findings WHERE kind = 'unattributed'"),
        )
        decide(c, f"claim:{s.confirmed_claim}", "confirm", reviewer=REVIEWER, note="Checked against the video.")
        decide(c, f"claim:{s.corrected_claim}", "correct", reviewer=REVIEWER,
               corrections={"hedge": "approx", "source": "Yonhap"})
        decide(c, f"claim:{s.rejected_claim}", "reject", reviewer=REVIEWER, note="Derived by the author.")
        decide(c, f"claim:{s.confirmed_other_claim}", "confirm", reviewer=REVIEWER)
        decide(c, f"figure:{s.disputed_figure}", "verdict", reviewer="Bo Editor", verdict="disputed",
               rationale=DISPUTED, evidence=[f"claim:{s.corrected_claim}"])
        decide(c, f"figure:{s.consistent_figure}", "verdict", reviewer="Bo Editor", verdict="consistent",
               rationale="Every source gives 50,000.")
        decide(c, f"event:{s.corrected_event}", "correct", reviewer=REVIEWER, corrections={"date": "2024-11-12"})
        decide(c, f"event:{s.rejected_event}", "reject", reviewer=REVIEWER)
        decide(c, f"finding:{s.confirmed_finding}", "confirm", reviewer=REVIEWER)
        decide(c, f"finding:{s.rejected_finding}", "reject", reviewer=REVIEWER, note="The ministry is named above.")
        doc = c.execute("SELECT id FROM documents WHERE outlet = 'Unknown Monitor'").fetchone()[0]
        add_item(c, "claim", doc, reviewer=REVIEWER, text="50,000",
                 values={"low": 50000, "high": 50000, "hedge": "exact", "counted": "Russian and North Korean troops",
                         "source": "The New York Times"}, note="Missed by the extractor.")
    return s


def reviewed_copy(template: Path, db: Path) -> tuple[Path, Scenario]:
    shutil.copy(template, db)
    return db, review_sample(db)
