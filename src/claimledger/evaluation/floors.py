"""Floors: the minimum scores each gold set must keep, pinned in ``gold/floors.json``.

After trafilatura's evaluation gate: a change that lowers a pinned score by more than
``epsilon`` is a regression, and each set carries the sha256 of its gold files so that a
floor measured on one version of the gold is never applied to another (change the gold,
re-pin the floors, say so in the commit).  A floor of ``null`` is not checked yet.

File shape::

    {"schema": "claimledger-floors/1", "epsilon": 0.01,
     "sets": {"gold/dev": {"gold": "gold/dev/gold.json", "docs": "gold/dev/texts",
                           "sha256": "...", "floors": {"claims_f1": 0.62, ...}}}}
"""

from __future__ import annotations

import json
import math
from collections.abc import Mapping
from pathlib import Path
from typing import Any

from claimledger.errors import InputError
from claimledger.evaluation.scorer import EvalResult

FLOORS_SCHEMA = "claimledger-floors/1"
DEFAULT_EPSILON = 0.01

# metric name -> path into EvalResult.to_dict()
METRICS: dict[str, tuple[str, ...]] = {
    "claims_f1": ("claims", "f1"),
    "hedge_acc": ("hedge_acc",),
    "counted_f1": ("counted_f1",),
    "source_acc": ("source_acc",),
    "as_of_acc": ("as_of_acc",),
    "events_f1": ("events", "f1"),
    "findings_recall": ("findings", "recall"),
}


def load_floors(path: str | Path) -> dict[str, Any]:
    """Read a floors file and check its schema tag."""
    p = Path(path)
    try:
        floors = json.loads(p.read_text(encoding="utf-8"))
    except (OSError, UnicodeDecodeError, json.JSONDecodeError) as exc:
        raise InputError(f"cannot read floors file {p}: {exc}.",
                         hint="Restore gold/floors.json from git or re-create it with pin_floors().") from exc
    if not isinstance(floors, dict) or floors.get("schema") != FLOORS_SCHEMA or "sets" not in floors:
        raise InputError(f"{p} is not a {FLOORS_SCHEMA} file.",
                         hint='It needs "schema": "claimledger-floors/1" and a "sets" object.')
    return floors


def metric_values(result: EvalResult | Mapping[str, Any]) -> dict[str, float | None]:
    """The floored metrics of one scored set (None where the gold gives nothing to score)."""
    d = result.to_dict() if isinstance(result, EvalResult) else result
    out: dict[str, float | None] = {}
    for name, path in METRICS.items():
        v: Any = d
        for key in path:
            v = v.get(key) if isinstance(v, Mapping) else None
        out[name] = None if v is None else float(v)
    return out


def check_floors(results: Mapping[str, EvalResult | Mapping[str, Any]], floors: Mapping[str, Any],
                 fingerprints: Mapping[str, str] | None = None) -> list[str]:
    """Violations of the pinned floors, one readable line each (empty: all floors hold).

    ``results`` maps a set name (a key of ``floors["sets"]``) to its score.  A set whose
    floors are all null is skipped; a set with a pinned floor but no result is a violation,
    as is a fingerprint that differs from the pinned ``sha256`` (when ``fingerprints`` is
    given), since the floors then describe other data.
    """
    eps = float(floors.get("epsilon", DEFAULT_EPSILON))
    out: list[str] = []
    for name, spec in floors.get("sets", {}).items():
        pinned = {k: v for k, v in (spec.get("floors") or {}).items() if v is not None}
        unknown = sorted(set(pinned) - set(METRICS))
        if unknown:
            out.append(f"{name}: unknown metric(s) {unknown} in floors; known: {sorted(METRICS)}")
        if fingerprints is not None and spec.get("sha256") and fingerprints.get(name) != spec["sha256"]:
            out.append(f"{name}: gold files changed since the floors were pinned "
                       f"(sha256 {str(fingerprints.get(name))[:12]}… != {spec['sha256'][:12]}…); re-pin the floors")
        if not pinned:
            continue
        if name not in results:
            out.append(f"{name}: floors are pinned but the set was not scored")
            continue
        values = metric_values(results[name])
        for metric, floor in sorted(pinned.items()):
            if metric not in METRICS:
                continue
            got = values[metric]
            if got is None:
                out.append(f"{name}: {metric} has no value but its floor is {floor}")
            elif got < float(floor) - eps:
                out.append(f"{name}: {metric} {got:.3f} is below its floor {float(floor):.3f} (epsilon {eps})")
    return out


def _down(value: float) -> float:
    """Three decimals, never above the value (a floor rounded up would fail its own scores)."""
    return math.floor(value * 1000 + 1e-9) / 1000


def pin_floors(results: Mapping[str, EvalResult | Mapping[str, Any]], floors: Mapping[str, Any],
               fingerprints: Mapping[str, str] | None = None, *, margin: float = 0.0) -> dict[str, Any]:
    """A copy of ``floors`` with every scored set's floors set to the current scores less
    ``margin`` (and its sha256 to the current fingerprint): what the integrator runs once the
    pipeline is better than the pinned numbers, and commits together with the change that
    earned them.  The margin absorbs run-to-run noise (e.g. float rounding in the model)."""
    new = json.loads(json.dumps(floors))
    for name, result in results.items():
        spec = new.setdefault("sets", {}).setdefault(name, {})
        spec["floors"] = {k: (None if v is None else _down(max(0.0, v - margin)))
                          for k, v in metric_values(result).items()}
        if fingerprints is not None and name in fingerprints:
            spec["sha256"] = fingerprints[name]
    return new
