"""The quality gate: the pipeline must keep the scores pinned in gold/floors.json.

Every gold set in the floors file (the sample story, the dev set, the held-out set) is
analysed from scratch through the real pipeline, cross-document stage included, and
scored; a metric below its floor minus epsilon, or a gold set whose fingerprint no longer
matches the pinned one, fails the build.  Re-pin with ``scripts/pin_floors.py``.
"""

from __future__ import annotations

from pathlib import Path

import pytest

from claimledger.evaluation.floors import check_floors, load_floors
from claimledger.evaluation.gold import gold_fingerprint
from claimledger.evaluation.runner import score_gold_file
from claimledger.ledger.export import export_dict
from claimledger.ledger.store import Ledger
from claimledger.runner import analyze

ROOT = Path(__file__).resolve().parents[2]
FLOORS = load_floors(ROOT / "gold" / "floors.json")


@pytest.mark.slow
@pytest.mark.parametrize("name", sorted(FLOORS["sets"]))
def test_scores_hold_their_floors(name: str, tmp_path: Path) -> None:
    spec = FLOORS["sets"][name]
    assert any(v is not None for v in spec["floors"].values()), f"{name}: no floor pinned"
    db = tmp_path / "gate.db"
    summary = analyze([ROOT / spec["docs"]], db)
    assert not summary.failures, summary.failures
    with Ledger(db, readonly=True) as led:
        data = export_dict(led)
    result = score_gold_file(ROOT / spec["gold"], data, ROOT / spec["docs"])
    one = {"sets": {name: spec}, "epsilon": FLOORS["epsilon"]}
    prints = {name: gold_fingerprint(ROOT / spec["gold"], ROOT / spec["docs"])}
    assert check_floors({name: result}, one, prints) == []
