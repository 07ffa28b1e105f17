#!/usr/bin/env python3
"""Prove that a change left the ledger unchanged: export every gold set from two source
trees (or take two saved export folders) and diff them byte for byte.

A speed change must not change what is extracted.  The proof is the JSON export
(``claimledger export --format json``, cross-document stage included) of the same inputs
analysed by the old code and by the new code:

* every gold set of the quality gate (``gold/floors.json``: the sample story, the dev and
  held-out sets), analysed the way ``tests/evaluation/test_quality_gate.py`` analyses them
  (one ``analyze`` of the folder into a fresh ledger);
* the 90 ScrapingHub pages (``../shared/samples/scrapinghub-dev/html``), real HTML with
  real boilerplate;
* optionally ``--bench-docs N`` documents of the deterministic benchmark corpus
  (``benchmarks/corpus.py``).

The inputs always come from *this* checkout, so both trees read identical bytes.  Each
tree runs in its own interpreter (``PYTHONPATH=TREE/src``), so the two never share a
module.  Exports are normalised (re-dumped with sorted keys, one item a line, so a diff
points at the changed item; the input folder in ``origin`` written ``<inputs>``) —
nothing else is dropped: the export carries no run timestamps, and the analyser version
lives in the ledger, not in the export.  For the gold sets the
``claimledger eval`` scores are saved beside the export, so an intended difference can be
judged by its scores.

    python benchmarks/same_output.py export TREE OUT_DIR [--bench-docs N]
    python benchmarks/same_output.py compare A B [--bench-docs N]   # A, B: export dirs or trees

Exit status 0 when every set is identical, 1 otherwise (for each differing set: the claims,
events and findings lost, added or changed, matched by span so that renumbered figure ids
do not hide them; the first differing lines; and the two score tables).
"""

from __future__ import annotations

import argparse
import difflib
import json
import os
import subprocess
import sys
import tempfile
from dataclasses import dataclass
from pathlib import Path
from typing import Any

ROOT = Path(__file__).resolve().parents[1]
PAGES = ROOT.parent / "shared" / "samples" / "scrapinghub-dev" / "html"


@dataclass(frozen=True)
class GoldSet:
    name: str
    docs: Path
    gold: Path | None


def gold_sets(pages: Path, bench_docs: int, work: Path) -> list[GoldSet]:
    floors = json.loads((ROOT / "gold" / "floors.json").read_text(encoding="utf-8"))
    sets = [GoldSet(Path(name).name, ROOT / spec["docs"], ROOT / spec["gold"])
            for name, spec in sorted(floors["sets"].items())]
    if pages.is_dir():
        sets.append(GoldSet("scrapinghub-90", pages, None))
    else:
        print(f"note: {pages} not found; the ScrapingHub pages are not compared", file=sys.stderr)
    if bench_docs:
        sys.path.insert(0, str(ROOT / "benchmarks"))
        import corpus

        src = work / f"bench-{bench_docs}.jsonl"
        with src.open("w", encoding="utf-8") as fh:
            for r in corpus.generate(bench_docs):
                fh.write(json.dumps(r) + "\n")
        sets.append(GoldSet(f"bench-{bench_docs}", src, None))
    return sets


def _run(tree: Path, *args: str) -> str:
    env = {**os.environ, "PYTHONPATH": str(tree / "src"), "CLAIMLEDGER_STRICT": "1"}
    proc = subprocess.run([sys.executable, "-m", "claimledger", *args], env=env, capture_output=True,
                          text=True, check=False)
    if proc.returncode != 0:
        raise SystemExit(f"claimledger {' '.join(args)} failed in {tree} ({proc.returncode}):\n{proc.stderr}")
    return proc.stdout


def normalise(export_text: str, inputs: Path) -> str:
    """One item a line with sorted keys: byte-stable, and a diff names the changed item.
    The folder the inputs were read from (in documents' ``origin``) reads ``<inputs>``."""
    data = _without_path(json.loads(export_text), str(inputs))
    lines = [json.dumps({"schema": data.get("schema")}, sort_keys=True)]
    for section in ("documents", "claims", "events", "findings", "figures"):
        for row in data.get(section, []):
            lines.append(section + " " + json.dumps(row, sort_keys=True, ensure_ascii=False))
    return "\n".join(lines) + "\n"


def _without_path(value: Any, path: str) -> Any:
    if isinstance(value, str):
        return value.replace(path, "<inputs>")
    if isinstance(value, list):
        return [_without_path(v, path) for v in value]
    if isinstance(value, dict):
        return {k: _without_path(v, path) for k, v in value.items()}
    return value


def export_tree(tree: Path, out: Path, sets: list[GoldSet]) -> None:
    """Analyse every set with ``tree``'s code and save its normalised export (and eval scores)."""
    out.mkdir(parents=True, exist_ok=True)
    with tempfile.TemporaryDirectory(prefix="same-output-") as tmp:
        for s in sets:
            db = Path(tmp) / f"{s.name}.db"
            _run(tree, "analyze", str(s.docs), "--db", str(db), "--quiet")
            raw = Path(tmp) / f"{s.name}.json"
            _run(tree, "export", "--db", str(db), "--format", "json", "--output", str(raw))
            (out / f"{s.name}.json").write_text(normalise(raw.read_text(encoding="utf-8"), s.docs), encoding="utf-8")
            if s.gold is not None:
                scores = _run(tree, "eval", str(s.gold), "--db", str(db), "--docs", str(s.docs), "--json")
                (out / f"{s.name}.eval.json").write_text(scores, encoding="utf-8")
            print(f"{tree}: {s.name} exported", file=sys.stderr, flush=True)


def _as_export_dir(path: Path, sets: list[GoldSet], work: Path, label: str) -> Path:
    if (path / "src" / "claimledger").is_dir():
        out = work / label
        export_tree(path, out, sets)
        return out
    return path


def compare_dirs(a: Path, b: Path, names: list[str], max_lines: int = 40) -> bool:
    same = True
    for name in names:
        fa, fb = a / f"{name}.json", b / f"{name}.json"
        if not fa.exists() or not fb.exists():
            print(f"{name}: missing in {'A' if not fa.exists() else 'B'}")
            same = False
            continue
        ta, tb = fa.read_text(encoding="utf-8"), fb.read_text(encoding="utf-8")
        if ta == tb:
            counts = {k: sum(1 for ln in ta.splitlines() if ln.startswith(k + " "))
                      for k in ("documents", "claims", "events", "findings", "figures")}
            print(f"{name}: identical ({', '.join(f'{v} {k}' for k, v in counts.items())})")
            continue
        same = False
        diff = list(difflib.unified_diff(ta.splitlines(), tb.splitlines(), "A/" + name, "B/" + name, n=0,
                                         lineterm=""))
        print(f"{name}: DIFFERENT ({sum(1 for d in diff if d[:1] in '+-') - 2} changed lines)")
        for line in item_changes(ta, tb):
            print("   " + line[:300])
        for line in diff[:max_lines]:
            print("   " + line[:300])
        ea, eb = a / f"{name}.eval.json", b / f"{name}.eval.json"
        if ea.exists() and eb.exists():
            print("   scores A:", _headline(ea))
            print("   scores B:", _headline(eb))
    return same


# Row ids and the ids of figures, stories and timeline entries are numbered in order, so one
# figure more renumbers every later one; items are matched by what they are instead.
_IDS = frozenset(("id", "figure", "timeline", "story"))


def _items(text: str) -> dict[str, dict[tuple[Any, ...], dict[str, Any]]]:
    out: dict[str, dict[tuple[Any, ...], dict[str, Any]]] = {"claims": {}, "events": {}, "findings": {}}
    for line in text.splitlines():
        section, _, row = line.partition(" ")
        if section not in out:
            continue
        item = {k: v for k, v in json.loads(row).items() if k not in _IDS}
        if section == "findings":
            key: tuple[Any, ...] = (item.get("kind"), item.get("doc"), json.dumps(item.get("spans"), sort_keys=True))
        else:
            key = (item.get("doc"), item.get("start"), item.get("end"))
        out[section][key] = item
    return out


def item_changes(ta: str, tb: str, most: int = 8) -> list[str]:
    """Claims, events and findings added, lost or changed between two exports, matched by
    document and span (findings by kind, document and spans), ids left out: what a reader
    of the ledger would see change."""
    a, b = _items(ta), _items(tb)
    lines: list[str] = []
    for section in a:
        ia, ib = a[section], b[section]
        changed = [k for k in ia if k in ib and ia[k] != ib[k]]
        lost, added = [k for k in ia if k not in ib], [k for k in ib if k not in ia]
        lines.append(f"{section}: {len(ia)} -> {len(ib)}; lost {len(lost)}, added {len(added)}, changed {len(changed)}")
        for k in changed[:most]:
            fields = {f: (ia[k].get(f), ib[k].get(f)) for f in sorted(set(ia[k]) | set(ib[k]))
                      if ia[k].get(f) != ib[k].get(f)}
            lines.append(f"  ~ {ia[k].get('text') or ia[k].get('what') or ia[k].get('kind')!r}: {fields}")
        lines += [f"  - {ia[k].get('text') or ia[k].get('what') or ia[k].get('why')!r}" for k in lost[:most]]
        lines += [f"  + {ib[k].get('text') or ib[k].get('what') or ib[k].get('why')!r}" for k in added[:most]]
    return lines


def _headline(path: Path) -> str:
    r = json.loads(path.read_text(encoding="utf-8"))
    keys = ("hedge_acc", "counted_f1", "source_acc", "as_of_acc")
    parts = [f"claims_f1={r['claims']['f1']:.4f}", *(f"{k}={r[k]:.4f}" for k in keys if r.get(k) is not None),
             f"events_f1={r['events']['f1']:.4f}"]
    return " ".join(parts)


def main() -> None:
    ap = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    sub = ap.add_subparsers(dest="cmd", required=True)
    ex = sub.add_parser("export", help="export every set with one tree's code")
    ex.add_argument("tree", type=Path)
    ex.add_argument("out", type=Path)
    cmp = sub.add_parser("compare", help="diff two export dirs or two trees")
    cmp.add_argument("a", type=Path)
    cmp.add_argument("b", type=Path)
    for p in (ex, cmp):
        p.add_argument("--bench-docs", type=int, default=0, help="also N documents of benchmarks/corpus.py")
        p.add_argument("--pages", type=Path, default=PAGES, help="folder of the 90 ScrapingHub pages")
    a = ap.parse_args()
    with tempfile.TemporaryDirectory(prefix="same-output-") as tmp:
        work = Path(tmp)
        sets = gold_sets(a.pages, a.bench_docs, work)
        if a.cmd == "export":
            export_tree(a.tree.resolve(), a.out, sets)
            return
        da = _as_export_dir(a.a.resolve(), sets, work, "A")
        db = _as_export_dir(a.b.resolve(), sets, work, "B")
        ok = compare_dirs(da, db, [s.name for s in sets])
    print("SAME OUTPUT" if ok else "OUTPUT DIFFERS")
    sys.exit(0 if ok else 1)


if __name__ == "__main__":
    main()
