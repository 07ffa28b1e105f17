#!/usr/bin/env python3
"""Main-text quality of ingest + anatomy on the ScrapingHub pages, beside trafilatura.

Runs in-process: each page goes through ``claimledger.ingest`` (trafilatura with the
project's options, title line dropped) and ``claimledger.anatomy`` (boilerplate blocks
cut), and is scored with the benchmark's own measure, the one in
``../shared/eval/maintext.py``: 4-token shingles over ``\\w+`` tokens, per-page TP/FP/FN
normalised to sum 1, mean precision and recall over pages, F1 of the two means.  The
peer is trafilatura's plain ``extract()`` on the same pages, plus a few of its option
sets, so the choice of options in ``claimledger.ingest.html`` can be re-checked.

usage: python benchmarks/maintext.py [SAMPLES_DIR] [--worst N] [--options]
       SAMPLES_DIR defaults to ../shared/samples/scrapinghub-dev
"""

from __future__ import annotations

import argparse
import gzip
import json
import re
import sys
import time
from collections import Counter
from pathlib import Path

from claimledger.anatomy import anatomy_findings, segment
from claimledger.ingest import english_verdict, iter_documents
from claimledger.models import Document

TOK = re.compile(r"\w+", re.UNICODE)
Counts = tuple[float, float, float]


def shingles(text: str, n: int = 4) -> Counter[tuple[str, ...]]:
    toks = TOK.findall(text or "")
    return Counter(tuple(toks[i:i + n]) for i in range(max(1, len(toks) - n + 1)) if toks[i:i + n])


def page_counts(true: str, pred: str) -> Counts:
    t, p = shingles(true), shingles(pred)
    keys = t.keys() | p.keys()
    tp = sum(min(t[k], p[k]) for k in keys)
    fp = sum(max(0, p[k] - t[k]) for k in keys)
    fn = sum(max(0, t[k] - p[k]) for k in keys)
    s = tp + fp + fn
    return (tp / s, fp / s, fn / s) if s else (0.0, 0.0, 0.0)


def summary(counts: list[Counts]) -> tuple[float, float, float]:
    def prec(tp: float, fp: float, fn: float) -> float:
        return 1.0 if fp == fn == 0 else (0.0 if tp == fp == 0 else tp / (tp + fp))

    def rec(tp: float, fp: float, fn: float) -> float:
        return 1.0 if fp == fn == 0 else (0.0 if tp == fn == 0 else tp / (tp + fn))

    ps = [prec(*c) for c in counts if c[0] + c[1] > 0]
    rs = [rec(*c) for c in counts if c[0] + c[2] > 0]
    p = sum(ps) / len(ps) if ps else 0.0
    r = sum(rs) / len(rs) if rs else 0.0
    return p, r, (2 * p * r / (p + r) if p + r else 0.0)


def main_text(doc: Document) -> str:
    """The analysed text without the spans anatomy marked as boilerplate (as the eval cuts them)."""
    blocks, sentences = segment(doc)
    cut = sorted(s for f in anatomy_findings(doc, blocks, sentences) if f.kind == "boilerplate" for s in f.spans)
    out, at = [], 0
    for s, e in cut:
        if s > at:
            out.append(doc.text[at:s])
        at = max(at, e)
    out.append(doc.text[at:])
    return "\n".join(out)


def main(argv: list[str]) -> int:
    ap = argparse.ArgumentParser(description=__doc__.split("\n")[0])
    ap.add_argument("samples", nargs="?", default=str(Path(__file__).resolve().parents[2] / "shared/samples/scrapinghub-dev"))
    ap.add_argument("--worst", type=int, default=0, help="list the N pages that lose most F1")
    ap.add_argument("--options", action="store_true", help="also score trafilatura option sets")
    args = ap.parse_args(argv)
    root = Path(args.samples)
    truth = {k: v["articleBody"] for k, v in json.loads((root / "ground-truth.json").read_text()).items()}
    import trafilatura

    t0 = time.perf_counter()
    docs = {Path(d.id).name.split(".")[0]: d for d in iter_documents([root / "html"], require_english=False)
            if isinstance(d, Document)}
    ours = {k: main_text(d) for k, d in docs.items()}
    elapsed = time.perf_counter() - t0
    english = {k for k in truth if k in docs and english_verdict(docs[k].text) is None}
    peers: dict[str, dict[str, object]] = {"trafilatura extract()": {}}
    if args.options:
        peers.update({"favor_precision": {"favor_precision": True}, "favor_recall": {"favor_recall": True},
                      "include_comments=False": {"include_comments": False}})
    peer_text: dict[str, dict[str, str]] = {name: {} for name in peers}
    for k in truth:
        html = gzip.decompress((root / "html" / f"{k}.html.gz").read_bytes()).decode("utf-8", "replace")
        for name, kw in peers.items():
            peer_text[name][k] = trafilatura.extract(html, **kw) or ""  # type: ignore[arg-type]
    rows: dict[str, dict[str, Counts]] = {
        "claimledger": {k: page_counts(v, ours.get(k, "")) for k, v in truth.items()},
        "claimledger before anatomy": {k: page_counts(v, docs[k].text if k in docs else "") for k, v in truth.items()},
    }
    for name in peers:
        rows[name] = {k: page_counts(v, peer_text[name][k]) for k, v in truth.items()}
    print(f"{len(truth)} pages ({len(english)} read as English), ingest+anatomy {elapsed:.1f}s")
    print(f"{'':30} {'all pages':^22}   {'English pages':^22}")
    print(f"{'':30} {'P':>6} {'R':>6} {'F1':>6}   {'P':>6} {'R':>6} {'F1':>6}")
    for name, counts in rows.items():
        a = summary(list(counts.values()))
        e = summary([c for k, c in counts.items() if k in english])
        print(f"{name:30} {a[0]:6.4f} {a[1]:6.4f} {a[2]:6.4f}   {e[0]:6.4f} {e[1]:6.4f} {e[2]:6.4f}")
    if args.worst:
        ref = rows["trafilatura extract()"]
        worst = sorted(truth, key=lambda k: rows["claimledger"][k][0] - ref[k][0])[: args.worst]
        for k in worst:
            c, t = rows["claimledger"][k], ref[k]
            print(f"  {k[:16]} ours tp {c[0]:.3f} fp {c[1]:.3f} fn {c[2]:.3f} | trafilatura tp {t[0]:.3f} fp {t[1]:.3f} fn {t[2]:.3f}")
    return 0


if __name__ == "__main__":
    sys.exit(main(sys.argv[1:]))
