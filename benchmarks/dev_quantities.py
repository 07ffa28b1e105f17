#!/usr/bin/env python3
"""Score the quantity finder (and what it says is counted) on the development gold.

usage: python benchmarks/dev_quantities.py [--set NAME] [--show] [--counted-errors] [--pipeline]
                                          [--no-counted] [--no-peer]

Runs :func:`claimledger.extract.quantities.find_quantities` over the full text of every gold
document of three sets — the kursk sample story, the 25 annotated ScrapingHub pages (whose
text is the ``articleBody`` of ``ground-truth.json``) and the 26 articles of ``gold/dev`` —,
matches predictions to gold claims exactly as ``shared/eval/score.py`` does (overlapping
span AND equal low/high; optional gold claims neither help nor hurt; every unmatched
prediction is a false positive), and prints P/R/F1, hedge accuracy and counted token-F1 per
set.  quantulum3 runs on the same texts as a peer.

By default this measures the finder alone, over whole documents (each line parsed as one
block for the counted phrase): the pipeline drops boilerplate blocks before extraction, so
its precision on the same pages can only be higher.  ``--pipeline`` runs the real
:func:`claimledger.pipeline.analyse_many` instead (segmentation, boilerplate, the same
parse the CLI gets), so its numbers equal ``claimledger analyze`` + ``score.py`` with
``--no-cross``.  ``--counted-errors`` lists every matched claim whose counted phrase scores
below 1, worst first, with the gold phrase, ours and the sentence: the material for
studying what :func:`claimledger.extract.counted.counted_phrase` gets wrong.
"""

from __future__ import annotations

import argparse
import importlib.util
import json
import sys
import warnings
from collections.abc import Callable, Iterable
from pathlib import Path
from typing import Any

ROOT = Path(__file__).resolve().parent.parent
SHARED = ROOT.parent / "shared"
KURSK = ROOT / "samples" / "kursk-2024"
SCRAPINGHUB = SHARED / "samples" / "scrapinghub-dev"
DEV = ROOT / "gold" / "dev"
SETS = ("kursk", "scrapinghub", "dev")


def _scorer() -> Any:
    spec = importlib.util.spec_from_file_location("score", SHARED / "eval" / "score.py")
    if spec is None or spec.loader is None:
        raise SystemExit(f"cannot load {SHARED / 'eval' / 'score.py'}")
    module = importlib.util.module_from_spec(spec)
    spec.loader.exec_module(module)
    return module


S = _scorer()


def load_gold(name: str) -> tuple[dict[str, str], list[dict[str, Any]], dict[str, Any]]:
    """Texts by document id, the gold claims and the document metadata of one set
    (empty when the set is not on this machine)."""
    texts: dict[str, str] = {}
    if name == "kursk":
        gold = json.loads((KURSK / "gold.json").read_text())
        for doc in gold["documents"]:
            texts[doc] = (KURSK / doc).read_text(encoding="utf-8")
    elif name == "scrapinghub":
        if not (SCRAPINGHUB / "gold.json").exists():
            return {}, [], {}
        gold = json.loads((SCRAPINGHUB / "gold.json").read_text())
        bodies = json.loads((SCRAPINGHUB / "ground-truth.json").read_text())
        for doc in gold["documents"]:
            texts[doc] = bodies[doc.removesuffix(".html.gz")]["articleBody"]
    else:
        gold = json.loads((DEV / "gold.json").read_text())
        for doc in gold["documents"]:
            texts[doc] = (DEV / "texts" / doc).read_text(encoding="utf-8")
    meta = gold["documents"] if isinstance(gold["documents"], dict) else {}
    return texts, gold["claims"], meta


def score(texts: dict[str, str], gold: list[dict[str, Any]], preds: list[dict[str, Any]],
          show: bool = False, errors: list[tuple[float, str, str, str | None, str]] | None = None) -> dict[str, float]:
    """The claim facet of shared/eval/score.py, on in-memory predictions; counted phrases
    scoring below 1 are appended to ``errors`` as (f1, quote, gold, ours, sentence)."""
    used: set[int] = set()
    tp = fn = 0
    hedge_ok = 0
    counted = 0.0
    for g in gold:
        gspans = S.spans_of(texts[g["doc"]], g["text"])
        near = [i for i, p in enumerate(preds) if i not in used and p["doc"] == g["doc"]
                and any(S.overlaps((p["start"], p["end"]), s) for s in gspans)]
        hit = next((i for i in near if S.num_eq(preds[i]["low"], g["low"]) and S.num_eq(preds[i]["high"], g["high"])),
                   None)
        if hit is None:
            if near:
                used.add(near[0])
            if not g.get("optional"):
                fn += 1
                if show:
                    wrong = preds[near[0]] if near else None
                    got = f" got [{wrong['text']}] {wrong['low']}..{wrong['high']}" if wrong else ""
                    print(f"  MISS {g['text']!r} {g['low']}..{g['high']}{got}")
            continue
        used.add(hit)
        if g.get("optional"):
            continue
        tp += 1
        p = preds[hit]
        hedge_ok += p["hedge"] == g["hedge"]
        f1 = S.token_f1(p.get("counted"), g["counted"])
        counted += f1
        if errors is not None and f1 < 1:
            errors.append((f1, g["text"], g["counted"], p.get("counted"), p.get("sentence", "")))
        if show and p["hedge"] != g["hedge"]:
            print(f"  HEDGE {g['text']!r} gold {g['hedge']} got {p['hedge']}")
    fp = len(preds) - len(used)
    if show:
        for i, p in enumerate(preds):
            if i not in used:
                print(f"  FP [{p['text']}] {p['low']}..{p['high']} in {p['doc'][:12]}")
    prec, rec, f1 = S.prf(tp, fp, fn)
    return {"tp": tp, "fp": fp, "fn": fn, "precision": prec, "recall": rec, "f1": f1,
            "hedge": hedge_ok / tp if tp else 0.0, "counted": counted / tp if tp else 0.0}


def ours(texts: dict[str, str], with_counted: bool) -> list[dict[str, Any]]:
    from claimledger.extract.quantities import find_quantities

    preds: list[dict[str, Any]] = []
    counter = _counter(texts) if with_counted else None
    for doc, text in texts.items():
        for q in find_quantities(text):
            counted, sentence = counter(doc, q) if counter else (None, "")
            preds.append({"doc": doc, "start": q.start, "end": q.end, "low": q.low, "high": q.high,
                          "hedge": q.hedge, "text": q.text, "counted": counted, "sentence": sentence})
    return preds


def pipeline(texts: dict[str, str], meta: dict[str, Any]) -> list[dict[str, Any]]:
    """Claims from the real pipeline (anatomy, boilerplate, block parse, extraction)."""
    from claimledger.models import Document
    from claimledger.pipeline import analyse_many

    docs = [Document(id=doc, text=text, published=(meta.get(doc) or {}).get("published"))
            for doc, text in texts.items()]
    preds: list[dict[str, Any]] = []
    for result in analyse_many(docs):
        text = result.document.text
        for c in result.claims:
            s = result.sentences[c.sentence]
            preds.append({"doc": c.doc, "start": c.start, "end": c.end, "low": c.low, "high": c.high,
                          "hedge": c.hedge, "text": c.text, "counted": c.counted, "sentence": text[s.start:s.end]})
    return preds


def _counter(texts: dict[str, str]) -> Callable[[str, Any], tuple[str | None, str]]:
    """counted_phrase over a parse of each paragraph, the way the pipeline sees it."""
    from claimledger.extract.context import SentenceView
    from claimledger.extract.counted import counted_phrase
    from claimledger.nlp import get_nlp

    nlp = get_nlp()
    views: dict[str, list[SentenceView]] = {}
    for doc_id, text in texts.items():
        blocks = list(_blocks(text))
        out: list[SentenceView] = []
        for b, ((start, _end), sdoc) in enumerate(zip(blocks, nlp.pipe(text[s:e] for s, e in blocks), strict=True)):
            for sent in sdoc.sents:
                s0, s1 = start + sent.start_char, start + sent.end_char
                out.append(SentenceView(len(out), s0, s1, text[s0:s1], b, sdoc, start))
        views[doc_id] = out

    def counted(doc: str, q: Any) -> tuple[str | None, str]:
        view = next((v for v in views[doc] if v.start <= q.start < v.end), None)
        return (counted_phrase(view, q), view.text) if view is not None else (None, "")

    return counted


def _blocks(text: str) -> Iterable[tuple[int, int]]:
    pos = 0
    for line in text.split("\n"):
        if line.strip():
            yield pos, pos + len(line)
        pos += len(line) + 1


def quantulum(texts: dict[str, str]) -> list[dict[str, Any]]:
    warnings.filterwarnings("ignore")
    import quantulum3.classifier as qclf
    from quantulum3 import parser

    qclf.USE_CLF = False  # its pickled classifier does not load with this scikit-learn
    preds: list[dict[str, Any]] = []
    for doc, text in texts.items():
        for q in parser.parse(text):
            start, end = q.span
            preds.append({"doc": doc, "start": start, "end": end, "low": q.value, "high": q.value,
                          "hedge": "exact", "text": text[start:end], "counted": None})
    return preds


def main(argv: list[str]) -> int:
    ap = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    ap.add_argument("--set", choices=[*SETS, "all"], default="all", help="which gold set (default: all three)")
    ap.add_argument("--show", action="store_true", help="list misses, wrong hedges and false positives")
    ap.add_argument("--counted-errors", action="store_true",
                    help="list matched claims whose counted phrase is not a perfect match, worst first")
    ap.add_argument("--pipeline", action="store_true", help="claims from the real pipeline, not the finder alone")
    ap.add_argument("--no-counted", action="store_true", help="skip the spaCy parse and counted phrases")
    ap.add_argument("--no-peer", action="store_true", help="skip quantulum3")
    args = ap.parse_args(argv)
    for name in SETS if args.set == "all" else (args.set,):
        texts, gold, meta = load_gold(name)
        if not texts:
            print(f"{name}: not on this machine, skipped")
            continue
        errors: list[tuple[float, str, str, str | None, str]] = []
        preds = pipeline(texts, meta) if args.pipeline else ours(texts, not args.no_counted)
        rows = [("claimledger", score(texts, gold, preds, args.show, errors))]
        if not args.no_peer:
            rows.append(("quantulum3", score(texts, gold, quantulum(texts))))
        print(f"== {name}: {len(texts)} documents, {sum(not g.get('optional') for g in gold)} scored gold claims")
        for who, r in rows:
            print(f"{who:12} P {r['precision']:.3f}  R {r['recall']:.3f}  F1 {r['f1']:.3f}  "
                  f"(tp {r['tp']}, fp {r['fp']}, fn {r['fn']})  hedge {r['hedge']:.3f}  counted-F1 {r['counted']:.3f}")
        if args.counted_errors:
            for f1, quote, want, got, sentence in sorted(errors, key=lambda e: e[0]):
                print(f"  {f1:.2f} [{quote}]\n       gold {want!r}\n       ours {got!r}\n       in   {sentence.strip()[:200]}")
    return 0


if __name__ == "__main__":
    sys.exit(main(sys.argv[1:]))
