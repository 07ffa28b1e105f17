#!/usr/bin/env python3
"""Anatomy findings against the gold sets: recall of what it should mark, and what it cuts wrongly.

Runs ingest + ``claimledger.anatomy`` in-process (no parse, a few seconds) over the gold
sets the project may develop on — ``gold/dev``, ``samples/kursk-2024`` and the
ScrapingHub development pages (``../shared/samples/scrapinghub-dev``, when present).
``gold/holdout`` is never read: it measures generalisation.

* recall — per finding kind (boilerplate, duplicate, broken_text), with the scorer's
  matching (same kind and document, every gold needle overlapped by one of the finding's
  spans); missed findings are listed;
* precision — gold claims and events every occurrence of which lies in a block that
  extraction skips (a boilerplate block, or a block marked as the repeat of another):
  article text wrongly cut.  Sentence-level findings (a closing promo sentence, a
  repeated sentence, a pull quote) skip nothing and are not counted.
  Optional gold claims are counted apart: they include headline figures and figures in
  repeated or spliced text, where a cut can be right.  The target is zero.

usage: python benchmarks/boilerplate_precision.py [--verbose]
"""

from __future__ import annotations

import argparse
import json
import sys
from collections import Counter
from pathlib import Path
from typing import Any

from claimledger.anatomy import anatomy_findings, segment
from claimledger.evaluation._matching import overlaps, spans_of
from claimledger.ingest import iter_documents
from claimledger.models import Block, Document, Finding

ROOT = Path(__file__).resolve().parents[1]
KINDS = ("boilerplate", "duplicate", "broken_text")
SETS = {
    "gold/dev": (ROOT / "gold/dev/gold.json", ROOT / "gold/dev/texts"),
    "kursk-2024": (ROOT / "samples/kursk-2024/gold.json", ROOT / "samples/kursk-2024"),
    "scrapinghub-dev": (ROOT.parent / "shared/samples/scrapinghub-dev/gold.json",
                        ROOT.parent / "shared/samples/scrapinghub-dev/html"),
}


Analysed = dict[str, tuple[Document, list[Block], list[Finding]]]


def analyse(docs_dir: Path, wanted: set[str]) -> Analysed:
    out = {}
    for d in iter_documents([docs_dir], require_english=False):
        if isinstance(d, Document) and d.id in wanted:
            blocks, sentences = segment(d)
            out[d.id] = (d, blocks, anatomy_findings(d, blocks, sentences))
    return out


def recall(gold: dict[str, Any], found: Analysed,
           kind: str) -> tuple[int, int, list[str]]:
    hit, missed = 0, []
    golds = [g for g in gold["findings"] if g["kind"] == kind and not g.get("optional")]
    for g in golds:
        if g["doc"] not in found:
            missed.append(f"{g['doc']} (not ingested)")
            continue
        doc, _blocks, findings = found[g["doc"]]
        needles = [g[k] for k in ("a", "b", "text") if k in g]
        ok = any(f.kind == kind and all(any(overlaps(s, gs) for s in f.spans for gs in spans_of(doc.text, n))
                                         for n in needles) for f in findings)
        hit += ok
        if not ok:
            missed.append(f"{g['doc'][:40]}: {needles[0][:90]!r}")
    return hit, len(golds), missed


def wrong_cuts(gold: dict[str, Any], found: Analysed) -> tuple[list[str], list[str]]:
    """(cuts over scored claims/events, cuts over optional claims), as printable lines."""
    scored: list[str] = []
    optional: list[str] = []
    items = [(c["doc"], c["text"], bool(c.get("optional")), "claim") for c in gold["claims"]]
    items += [(e["doc"], e["text"], False, "event") for e in gold.get("events", [])]
    for doc_id, needle, opt, what in items:
        if doc_id not in found:
            continue
        doc, blocks, _findings = found[doc_id]
        cuts = [b for b in blocks if b.boilerplate or b.duplicate_of is not None]
        spans = spans_of(doc.text, needle)
        hits = [next((b for b in cuts if overlaps((b.start, b.end), s)), None) for s in spans]
        first = hits[0] if hits else None
        if first is not None and all(hits):  # every occurrence skipped: the item is lost to extraction
            why = first.boilerplate or f"repeat of block {first.duplicate_of}"
            line = f"{doc_id[:40]}: {what} {needle!r} inside [{why}] {doc.text[first.start:first.end][:100]!r}"
            (optional if opt else scored).append(line)
    return scored, optional


def main(argv: list[str]) -> int:
    ap = argparse.ArgumentParser(description=__doc__.split("\n")[0])
    ap.add_argument("--verbose", "-v", action="store_true", help="list missed findings and wrong cuts")
    args = ap.parse_args(argv)
    total_wrong = 0
    for name, (gold_path, docs_dir) in SETS.items():
        if not gold_path.exists():
            print(f"{name}: not found, skipped")
            continue
        gold = json.loads(gold_path.read_text())
        found = analyse(docs_dir, set(gold["documents"]))
        counts = Counter(f.kind for _d, _b, fs in found.values() for f in fs)
        parts = []
        missed_all: list[str] = []
        for kind in KINDS:
            hit, n, missed = recall(gold, found, kind)
            parts.append(f"{kind} {hit}/{n}")
            missed_all += [f"  missed {kind}: {m}" for m in missed]
        scored, optional = wrong_cuts(gold, found)
        total_wrong += len(scored)
        print(f"{name:16} recall: {', '.join(parts)} | predicted: "
              f"{', '.join(f'{k} {counts[k]}' for k in KINDS)} | cuts over gold claims/events: {len(scored)}"
              f" (optional claims: {len(optional)})")
        if args.verbose:
            for line in missed_all:
                print(line)
            for line in scored:
                print(f"  WRONG CUT {line}")
            for line in optional:
                print(f"  cut over optional {line}")
    return 1 if total_wrong else 0


if __name__ == "__main__":
    sys.exit(main(sys.argv[1:]))
