#!/usr/bin/env python3
"""Re-pin the quality floors in gold/floors.json from the current pipeline's scores.

    .venv/bin/python scripts/pin_floors.py [--margin 0.01] [SET ...]   # prints the scores, writes gold/floors.json

Floors are the scores less ``--margin`` (0.01 by default, as the file's note says). Naming
sets re-pins only those (e.g. a new gold set); the others keep their floors.

Run it after a change that improves extraction, and commit the new floors together with
that change; CI (tests/evaluation/test_quality_gate.py) then fails any later change that
scores lower than the floors minus their epsilon on any gold set.
"""

from __future__ import annotations

import argparse
import json
import sys
import tempfile
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(ROOT / "src"))

from claimledger.evaluation.floors import load_floors, metric_values, pin_floors  # noqa: E402
from claimledger.evaluation.gold import gold_fingerprint  # noqa: E402
from claimledger.evaluation.runner import score_gold_file  # noqa: E402
from claimledger.ledger.export import export_dict  # noqa: E402
from claimledger.ledger.store import Ledger  # noqa: E402
from claimledger.runner import analyze  # noqa: E402

FLOORS = ROOT / "gold" / "floors.json"


def score_set(spec: dict[str, str], workdir: Path) -> object:
    db = workdir / (spec["gold"].replace("/", "_") + ".db")
    analyze([ROOT / spec["docs"]], db)
    with Ledger(db, readonly=True) as led:
        data = export_dict(led)
    return score_gold_file(ROOT / spec["gold"], data, ROOT / spec["docs"])


def main() -> None:
    ap = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    ap.add_argument("--margin", type=float, default=0.01)
    ap.add_argument("sets", nargs="*", help="gold sets to re-pin (default: all in floors.json)")
    a = ap.parse_args()
    floors = load_floors(FLOORS)
    unknown = set(a.sets) - set(floors["sets"])
    if unknown:
        sys.exit(f"not in {FLOORS.name}: {', '.join(sorted(unknown))} (add the set's gold/docs entry first)")
    results, prints = {}, {}
    with tempfile.TemporaryDirectory() as tmp:
        for name, spec in floors["sets"].items():
            if a.sets and name not in a.sets:
                continue
            results[name] = score_set(spec, Path(tmp))
            prints[name] = gold_fingerprint(ROOT / spec["gold"], ROOT / spec["docs"])
            print(name, json.dumps(metric_values(results[name])))
    FLOORS.write_text(json.dumps(pin_floors(results, floors, prints, margin=a.margin), indent=1) + "\n", encoding="utf-8")
    print(f"wrote {FLOORS}")


if __name__ == "__main__":
    main()
