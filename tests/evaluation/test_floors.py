"""The floors gate: pinned minimum scores, an epsilon for noise, and a fingerprint of the
gold so a floor is never applied to data it was not measured on."""

from __future__ import annotations

import json
from pathlib import Path
from typing import Any

import pytest

from claimledger.errors import InputError
from claimledger.evaluation import check_floors, load_floors, metric_values, pin_floors, set_fingerprints

REPO = Path(__file__).resolve().parent.parent.parent
FLOORS = REPO / "gold" / "floors.json"


def result(f1: float = 0.7, hedge: float = 0.8, as_of: float | None = 0.5, recall: float | None = 0.4) -> dict[str, Any]:
    return {"claims": {"tp": 1, "fp": 0, "fn": 0, "precision": 1.0, "recall": 1.0, "f1": f1},
            "hedge_acc": hedge, "counted_f1": 0.6, "source_acc": 0.5, "as_of_acc": as_of,
            "events": {"tp": 0, "predicted": 0, "gold": 0, "precision": 0.0, "recall": 0.0, "f1": 0.3},
            "findings": {"found": 0, "gold": 0, "recall": recall, "predicted": 0}}


def floors(**pinned: float | None) -> dict[str, Any]:
    return {"schema": "claimledger-floors/1", "epsilon": 0.01,
            "sets": {"dev": {"gold": "g.json", "sha256": "abc", "floors": pinned}}}


def test_repository_floors_file_loads_and_matches_the_gold() -> None:
    """Changing a gold set without re-pinning its floors fails here (re-pin: see gold/README.md)."""
    pinned = load_floors(FLOORS)
    assert set(pinned["sets"]) >= {"gold/dev", "samples/kursk-2024"}
    fingerprints = set_fingerprints(pinned, REPO)
    assert check_floors({}, {**pinned, "sets": {k: {**v, "floors": {}} for k, v in pinned["sets"].items()}},
                        fingerprints) == []
    for spec in pinned["sets"].values():
        assert set(spec["floors"]) == set(metric_values(result()))


def test_null_floors_are_not_checked() -> None:
    assert check_floors({}, floors(claims_f1=None)) == []


def test_a_drop_beyond_epsilon_is_a_violation() -> None:
    assert check_floors({"dev": result(f1=0.695)}, floors(claims_f1=0.70)) == []
    [v] = check_floors({"dev": result(f1=0.68)}, floors(claims_f1=0.70))
    assert v == "dev: claims_f1 0.680 is below its floor 0.700 (epsilon 0.01)"


def test_missing_scores_and_unknown_metrics_are_violations() -> None:
    assert check_floors({}, floors(hedge_acc=0.5)) == ["dev: floors are pinned but the set was not scored"]
    assert check_floors({"dev": result(as_of=None)}, floors(as_of_acc=0.4)) == [
        "dev: as_of_acc has no value but its floor is 0.4"]
    assert "unknown metric(s) ['claims_f2']" in check_floors({"dev": result()}, floors(claims_f2=0.1))[0]


def test_changed_gold_is_a_violation() -> None:
    [v] = check_floors({"dev": result()}, floors(claims_f1=0.5), {"dev": "def"})
    assert v.startswith("dev: gold files changed since the floors were pinned")


def test_pin_floors_round_trip() -> None:
    pinned = pin_floors({"dev": result()}, floors(claims_f1=None), {"dev": "new"})
    assert pinned["sets"]["dev"]["sha256"] == "new"
    assert pinned["sets"]["dev"]["floors"]["claims_f1"] == 0.7
    assert pinned["sets"]["dev"]["floors"]["findings_recall"] == 0.4
    assert check_floors({"dev": result()}, pinned, {"dev": "new"}) == []
    assert check_floors({"dev": result(hedge=0.5)}, pinned, {"dev": "new"}) != []


def test_load_floors_rejects_other_files(tmp_path: Path) -> None:
    p = tmp_path / "f.json"
    p.write_text(json.dumps({"schema": "x"}), encoding="utf-8")
    with pytest.raises(InputError, match="is not a claimledger-floors/1 file"):
        load_floors(p)


def test_pin_floors_leaves_the_margin_below_the_scores() -> None:
    pinned = pin_floors({"dev": result()}, floors(claims_f1=None), {"dev": "new"}, margin=0.01)
    exact = pin_floors({"dev": result()}, floors(claims_f1=None), {"dev": "new"})
    for name, value in exact["sets"]["dev"]["floors"].items():
        if value is not None:
            assert value - 0.0105 < pinned["sets"]["dev"]["floors"][name] <= value - 0.01 + 1e-9
