"""The SQLite ledger: migrations, one-transaction writes, versions, idempotency."""

from __future__ import annotations

import json
import sqlite3
from pathlib import Path

import pytest

from claimledger.errors import LedgerBusy, LedgerError
from claimledger.ledger import migrations
from claimledger.ledger.export import export_dict
from claimledger.ledger.integrity import check
from claimledger.ledger.lock import writer_lock
from claimledger.ledger.store import Ledger
from claimledger.models import Attribution, Block, Claim, Document, DocumentResult, Event, Finding, Sentence

TEXT = "Floods hit Valencia\nAt least 200 people died, officials said on Tuesday.\nAbout the Author: J. Doe."


def result(text: str = TEXT, doc_id: str = "a.txt") -> DocumentResult:
    d = Document(id=doc_id, text=text, title="Floods hit Valencia", published="2024-11-01")
    s = text.index("At least")
    e = s + len("At least 200 people")
    return DocumentResult(
        document=d,
        blocks=(Block(0, 0, 19, "title"), Block(1, 20, text.index("\nAbout")),
                Block(2, text.index("About"), len(text), boilerplate="author bio")),
        sentences=(Sentence(0, 0, 19, 0), Sentence(1, 20, text.index("\nAbout"), 1)),
        claims=(Claim(doc=doc_id, start=s, end=e, low=200, high=None, hedge="min", counted="people died",
                      source=Attribution(name="officials", stance="said"), as_of="2024-10-29",
                      as_of_basis="sentence", sentence=1, text=text[s:e]),),
        events=(Event(doc=doc_id, start=text.index("on Tuesday"), end=text.index("on Tuesday") + 10,
                      date="2024-10-29", what="officials report deaths", sentence=1),),
        findings=(Finding(kind="boilerplate", doc=doc_id, spans=((text.index("About"), len(text)),),
                          why="author bio"),),
    )


def test_migrations_are_recorded_and_idempotent(tmp_path: Path) -> None:
    db = tmp_path / "l.db"
    with Ledger(db) as led:
        names = [r[0] for r in led.conn.execute("SELECT name FROM migrations ORDER BY name")]
        assert names == [n for n, _ in migrations.MIGRATIONS]
        assert led.conn.execute("PRAGMA journal_mode").fetchone()[0] == "wal"
        assert led.conn.execute("PRAGMA user_version").fetchone()[0] == migrations.SCHEMA_VERSION
    with Ledger(db) as led:  # reopening applies nothing twice
        assert led.count("migrations") == len(migrations.MIGRATIONS)


def test_failed_migration_rolls_back(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    db = tmp_path / "l.db"
    Ledger(db).close()
    broken = (*migrations.MIGRATIONS, ("9999_broken", "CREATE TABLE zz (a INTEGER); CREATE TABLE zz (b INTEGER)"))
    monkeypatch.setattr(migrations, "MIGRATIONS", broken)
    with pytest.raises(LedgerError):
        Ledger(db)
    conn = sqlite3.connect(db)
    assert conn.execute("SELECT COUNT(*) FROM sqlite_master WHERE name='zz'").fetchone()[0] == 0
    assert conn.execute("SELECT COUNT(*) FROM migrations WHERE name='9999_broken'").fetchone()[0] == 0


def test_write_is_idempotent_and_versions_changed_text(tmp_path: Path) -> None:
    with Ledger(tmp_path / "l.db") as led:
        assert led.write_result(result(), "v1") == "new"
        assert led.write_result(result(), "v1") == "same"
        assert led.count("claims") == 1 and led.count("findings") == 1
        assert led.write_result(result(), "v2") == "stale"  # new analyser re-analyses in place
        assert led.count("claims") == 1
        changed = TEXT.replace("200", "250")
        assert led.write_result(result(changed), "v2") == "changed"
        row = led.conn.execute("SELECT version, text FROM documents").fetchone()
        assert row["version"] == 2 and "250" in row["text"]
        old = led.conn.execute("SELECT version, text FROM document_versions").fetchone()
        assert old["version"] == 1 and "200" in old["text"]
        assert led.count("claims") == 1  # derived rows replaced, not duplicated
        assert check(led) == []


def test_failed_write_leaves_previous_state(tmp_path: Path) -> None:
    with Ledger(tmp_path / "l.db") as led:
        led.write_result(result(), "v1")
        bad = result(TEXT.replace("200", "300"))
        # two blocks with the same index violate the primary key mid-transaction
        bad = DocumentResult(document=bad.document, blocks=(*bad.blocks, bad.blocks[0]),
                             sentences=bad.sentences, claims=bad.claims)
        with pytest.raises(sqlite3.IntegrityError):
            led.write_result(bad, "v1")
        assert "200" in led.conn.execute("SELECT text FROM documents").fetchone()[0]
        assert led.count("claims") == 1 and led.count("blocks") == 3


def test_export_contract_shape(tmp_path: Path) -> None:
    with Ledger(tmp_path / "l.db") as led:
        led.write_result(result(), "v1")
        data = export_dict(led)
    assert data["schema"] == "claimledger-export/1"
    doc = data["documents"][0]
    assert {"id", "title", "outlet", "author", "published", "text"} <= doc.keys()
    claim = data["claims"][0]
    assert {"doc", "start", "end", "low", "high", "hedge", "counted", "source", "as_of", "sentence"} <= claim.keys()
    assert doc["text"][claim["start"]:claim["end"]] == "At least 200 people"
    assert claim["low"] == 200 and claim["high"] is None and claim["source"] == "officials"
    assert claim["sentence"] == "At least 200 people died, officials said on Tuesday."
    assert data["events"][0]["date"] == "2024-10-29"
    f = data["findings"][0]
    assert f["kind"] == "boilerplate" and f["spans"] == [[TEXT.index("About"), len(TEXT)]]
    json.dumps(data)  # serialisable


def test_streamed_json_equals_dict(tmp_path: Path) -> None:
    import io

    from claimledger.ledger.export import write_json

    with Ledger(tmp_path / "l.db") as led:
        led.write_result(result(), "v1")
        led.write_result(result(doc_id="b.txt"), "v1")
        buf = io.StringIO()
        write_json(led, buf)
        assert json.loads(buf.getvalue()) == export_dict(led)


def test_second_writer_fails_with_clear_message(tmp_path: Path) -> None:
    db = tmp_path / "l.db"
    with writer_lock(db, wait=0), pytest.raises(LedgerBusy, match="Another claimledger process"), \
            writer_lock(db, wait=0.3):
        pass


def test_readonly_missing_ledger_says_what_to_do(tmp_path: Path) -> None:
    with pytest.raises(LedgerError, match="claimledger analyze"):
        Ledger(tmp_path / "missing.db", readonly=True)


def test_not_a_database(tmp_path: Path) -> None:
    p = tmp_path / "x.db"
    p.write_bytes(b"this is not sqlite" * 100)
    with pytest.raises(LedgerError, match="not a readable claimledger ledger"):
        Ledger(p)


def test_integrity_check_reports_bad_span(tmp_path: Path) -> None:
    with Ledger(tmp_path / "l.db") as led:
        led.write_result(result(), "v1")
        led.conn.execute('UPDATE claims SET "end" = 100000')
        problems = check(led)
    assert any("outside document" in p for p in problems)
