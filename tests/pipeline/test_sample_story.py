"""End to end on the bundled sample story: analyze -> export -> eval, serial and in parallel.

These are the user's first commands; the export must follow the claimledger-export/1
contract and the sample's boilerplate, duplicate lede and spliced paragraph must be found.
"""

from __future__ import annotations

import json
from pathlib import Path

import pytest

from claimledger.evaluation import score
from claimledger.ledger.export import export_dict
from claimledger.ledger.integrity import check
from claimledger.ledger.store import Ledger
from claimledger.runner import analyze

REPO = Path(__file__).resolve().parents[2]
SAMPLE = REPO / "samples" / "kursk-2024"
GOLD = json.loads((SAMPLE / "gold.json").read_text(encoding="utf-8"))


def _export(db: Path) -> dict:
    with Ledger(db, readonly=True) as led:
        return export_dict(led)


def _comparable(data: dict) -> dict:
    """An export without run-specific row ids."""
    def strip(rows: list[dict]) -> list[dict]:
        return [{k: v for k, v in r.items() if k not in ("id", "figure", "timeline")} for r in rows]

    return {k: strip(v) if isinstance(v, list) else v for k, v in data.items() if k != "figures"}


@pytest.fixture(scope="module")
def serial_db(tmp_path_factory: pytest.TempPathFactory) -> Path:
    db = tmp_path_factory.mktemp("serial") / "k.db"
    summary = analyze([SAMPLE], db)
    assert summary.new == 2 and not summary.failures
    return db


def test_export_follows_contract(serial_db: Path) -> None:
    data = _export(serial_db)
    assert data["schema"] == "claimledger-export/1"
    ids = {d["id"] for d in data["documents"]}
    assert ids == set(GOLD["documents"])
    texts = {d["id"]: d["text"] for d in data["documents"]}
    for d in data["documents"]:
        assert d["text"] == (SAMPLE / d["id"]).read_text(encoding="utf-8")
    for c in data["claims"]:
        assert 0 <= c["start"] < c["end"] <= len(texts[c["doc"]])
        assert c["hedge"] in ("exact", "approx", "min", "max", "range", "vague")
        assert c["sentence"] and texts[c["doc"]][c["start"]:c["end"]] in c["sentence"]
    for f in data["findings"]:
        assert f["why"] and f["spans"]
    with Ledger(serial_db, readonly=True) as led:
        assert check(led) == []


def test_sample_scores(serial_db: Path) -> None:
    r = score(GOLD, _export(serial_db)).to_dict()
    assert r["claims"]["f1"] >= 0.80, r
    assert r["findings"]["recall"] >= 0.75, r


def test_boilerplate_and_duplicate_lede_marked(serial_db: Path) -> None:
    data = _export(serial_db)
    texts = {d["id"]: d["text"] for d in data["documents"]}
    doc = "000_e78bd6e66f000d9c.txt"
    text = texts[doc]

    def marked(kind: str, needle: str) -> bool:
        at = text.index(needle)
        return any(f["kind"] == kind and f["doc"] == doc and any(s <= at < e for s, e in f["spans"])
                   for f in data["findings"])

    assert marked("boilerplate", "About the Author:")
    assert marked("boilerplate", "Image Credit:")
    assert marked("duplicate", "What You Need to Know")


def test_reanalysis_is_a_no_op(serial_db: Path) -> None:
    before = _export(serial_db)
    summary = analyze([SAMPLE], serial_db)
    assert summary.new == 0 and summary.unchanged == 2
    assert _export(serial_db) == before


def test_workers_give_the_same_ledger(serial_db: Path, tmp_path: Path) -> None:
    db = tmp_path / "w.db"
    analyze([SAMPLE], db, workers=2)
    assert _comparable(_export(db)) == _comparable(_export(serial_db))


@pytest.mark.slow
def test_dask_local_cluster_gives_the_same_ledger(serial_db: Path, tmp_path: Path) -> None:
    db = tmp_path / "d.db"
    analyze([SAMPLE], db, dask="local", workers=2)
    assert _comparable(_export(db)) == _comparable(_export(serial_db))
