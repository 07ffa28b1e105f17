"""Throughput of every stage, side by side with the peers, on one corpus in one run.

    python benchmarks/bench.py --docs 1000 --runs 3 [--workers 2] [--json results.json]

Measured (documents/s and words/s; median of --runs after one warm-up, with min–max):
  ingest      HTML -> Document (trafilatura + metadata + language check)   peer: trafilatura.extract alone
  analyse     Document -> DocumentResult (anatomy, extraction, checks)     peer: raw spaCy nlp.pipe (the model as
                                                                                 packaged, full texts), interleaved
                                                                           peer: the same model with numpy's BLAS
                                                                                 for its matrix products, as
                                                                                 claimledger runs it
                                                                           peer: quantulum3 quantity parser
                                                                                 (--skip quantulum leaves it out)
  end-to-end  `claimledger analyze corpus.jsonl` into a fresh ledger, with cross-document checks
  cross       figures, sources, syndication, timeline, ledger findings over the stored claims
  report      the self-contained HTML report
Ratios > 1 mean claimledger is faster than the peer on the same texts.  Every stage also
reports its CPU time (``cpu_s``, ``cpu_docs_per_s``): on a shared, loaded machine the CPU
ratio (``ratio_analyse_vs_spacy_cpu``) is the steadier one.
"""

from __future__ import annotations

import argparse
import json
import os
import platform
import statistics
import sys
import tempfile
import time
from collections.abc import Callable
from pathlib import Path
from typing import Any

sys.path.insert(0, str(Path(__file__).resolve().parent))
import corpus


def timed(fn: Callable[[], Any], runs: int, warmup: bool = True) -> dict[str, float]:
    """Wall time (median, min, max of ``runs``) and this process's CPU time (median).

    On a shared machine the wall time of a stage depends on the other jobs; the CPU time
    of a single-threaded stage barely does, so ratios are also given in CPU time."""
    if warmup:
        fn()
    times, cpu = [], []
    for _ in range(runs):
        t, c = time.perf_counter(), time.process_time()
        fn()
        times.append(time.perf_counter() - t)
        cpu.append(time.process_time() - c)
    return {"median_s": statistics.median(times), "min_s": min(times), "max_s": max(times), "runs": runs,
            "cpu_s": statistics.median(cpu)}


def rate(res: dict[str, float], docs: int, words: int) -> dict[str, float]:
    return {**res, "docs_per_s": docs / res["median_s"], "words_per_s": words / res["median_s"],
            "cpu_docs_per_s": docs / res["cpu_s"] if res["cpu_s"] else 0.0}


def _merge_runs(runs: list[dict[str, float]]) -> dict[str, float]:
    walls = [r["median_s"] for r in runs]
    return {"median_s": statistics.median(walls), "min_s": min(walls), "max_s": max(walls), "runs": len(runs),
            "cpu_s": statistics.median(r["cpu_s"] for r in runs)}


def main() -> None:
    ap = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    ap.add_argument("--docs", type=int, default=1000)
    ap.add_argument("--runs", type=int, default=3)
    ap.add_argument("--workers", type=int, default=1)
    ap.add_argument("--skip", default="", help="comma-separated stages to skip")
    ap.add_argument("--json", type=Path)
    a = ap.parse_args()
    skip = set(filter(None, a.skip.split(",")))

    import trafilatura

    from claimledger.ingest import iter_documents
    from claimledger.nlp import get_nlp
    try:
        from claimledger.nlp import load_stock
    except ImportError:  # an older tree, measured for a before/after: its get_nlp is the stock model
        load_stock = get_nlp
    from claimledger.pipeline import analyse_many
    from claimledger.runner import analyze

    tmp = Path(tempfile.mkdtemp(prefix="clbench-"))
    src = tmp / "corpus.jsonl"
    records = list(corpus.generate(a.docs))
    with src.open("w", encoding="utf-8") as fh:
        for r in records:
            fh.write(json.dumps(r) + "\n")
    docs = [d for d in iter_documents([src]) if hasattr(d, "text")]
    words = sum(len(d.text.split()) for d in docs)
    texts = [d.text for d in docs]
    nlp = get_nlp()  # claimledger's pipeline (its attribute ruler is the faster table)
    stock = load_stock()  # the peer: the model exactly as packaged
    try:  # a second peer: the same model with claimledger's matrix-product library (numpy's BLAS)
        from claimledger.nlp import one_blas_thread, use_numpy_matmul

        same_blas = load_stock()
        use_numpy_matmul(same_blas)
    except ImportError:  # an older tree
        same_blas = None
    n = len(docs)
    results: dict[str, Any] = {
        "machine": {"cpus": os.cpu_count(), "python": platform.python_version(), "platform": platform.platform()},
        "docs": n, "words": words, "workers": a.workers,
    }
    print(f"corpus: {n} documents, {words} words", flush=True)

    if "ingest" not in skip:
        results["ingest"] = rate(timed(lambda: list(iter_documents([src])), a.runs), n, words)
        results["peer_trafilatura"] = rate(
            timed(lambda: [trafilatura.extract(r["html"]) for r in records], a.runs), n, words)
        print("ingest", results["ingest"], "\ntrafilatura", results["peer_trafilatura"], flush=True)
    if "analyse" not in skip:
        # interleaved (analyse, spaCy, analyse, spaCy ...) so a change in the machine's load
        # hits both alike
        def same_blas_pipe() -> None:
            assert same_blas is not None
            with one_blas_thread():
                list(same_blas.pipe(texts, batch_size=64))

        list(analyse_many(docs, nlp=nlp))  # type: ignore[arg-type]
        list(stock.pipe(texts, batch_size=64))
        runs_a: list[dict[str, float]] = []
        runs_s: list[dict[str, float]] = []
        runs_b: list[dict[str, float]] = []
        for _ in range(a.runs):
            runs_a.append(timed(lambda: list(analyse_many(docs, nlp=nlp)), 1, warmup=False))  # type: ignore[arg-type]
            runs_s.append(timed(lambda: list(stock.pipe(texts, batch_size=64)), 1, warmup=False))
            if same_blas is not None:
                runs_b.append(timed(same_blas_pipe, 1, warmup=False))
        results["analyse"] = rate(_merge_runs(runs_a), n, words)
        results["peer_spacy"] = rate(_merge_runs(runs_s), n, words)
        print("analyse", results["analyse"], "\nspacy", results["peer_spacy"], flush=True)
        if runs_b:
            results["peer_spacy_same_blas"] = rate(_merge_runs(runs_b), n, words)
            print("spacy with numpy's BLAS", results["peer_spacy_same_blas"], flush=True)
    if "analyse" not in skip and "quantulum" not in skip:
        from claimledger.evaluation.baselines import _quantulum_without_classifier

        with _quantulum_without_classifier() as qparser:  # its pickled classifier fails on current sklearn
            results["peer_quantulum3"] = rate(
                timed(lambda: [qparser.parse(t) for t in texts], max(1, a.runs // 2), warmup=False), n, words)
        print("quantulum3", results["peer_quantulum3"], flush=True)
    if "e2e" not in skip:
        def e2e() -> None:
            db = tmp / f"e2e-{time.monotonic_ns()}.db"
            analyze([src], db, workers=a.workers)

        results["end_to_end"] = rate(timed(e2e, a.runs, warmup=False), n, words)
        print("end-to-end", results["end_to_end"], flush=True)
    db = tmp / "ledger.db"
    if "cross" not in skip or "report" not in skip:
        analyze([src], db, workers=a.workers, cross=False)
    if "cross" not in skip:
        from claimledger.ledger.store import Ledger
        from claimledger.runner import run_cross

        def cross() -> None:
            with Ledger(db) as led:
                run_cross(led)

        results["cross"] = rate(timed(cross, a.runs, warmup=False), n, words)
        print("cross", results["cross"], flush=True)
    if "report" not in skip:
        try:
            from claimledger.ledger.store import Ledger
            from claimledger.report.build import build_report

            def report() -> None:
                with Ledger(db, readonly=True) as led:
                    build_report(led)

            results["report"] = rate(timed(report, a.runs, warmup=False), n, words)
            print("report", results["report"], flush=True)
        except ImportError as exc:
            print("report skipped:", exc)
    if "end_to_end" in results and "peer_spacy" in results:
        results["ratio_end_to_end_vs_spacy"] = results["end_to_end"]["docs_per_s"] / results["peer_spacy"]["docs_per_s"]
        if "peer_spacy_same_blas" in results:
            results["ratio_end_to_end_vs_spacy_same_blas"] = (results["end_to_end"]["docs_per_s"]
                                                              / results["peer_spacy_same_blas"]["docs_per_s"])
    if "analyse" in results and "peer_spacy" in results:
        results["ratio_analyse_vs_spacy"] = results["analyse"]["docs_per_s"] / results["peer_spacy"]["docs_per_s"]
        results["ratio_analyse_vs_spacy_cpu"] = results["peer_spacy"]["cpu_s"] / results["analyse"]["cpu_s"]
        if "peer_spacy_same_blas" in results:
            results["ratio_analyse_vs_spacy_same_blas"] = (results["analyse"]["docs_per_s"]
                                                           / results["peer_spacy_same_blas"]["docs_per_s"])
    if "ingest" in results:
        results["ratio_ingest_vs_trafilatura"] = (results["ingest"]["docs_per_s"]
                                                  / results["peer_trafilatura"]["docs_per_s"])
    print(json.dumps({k: v for k, v in results.items() if k.startswith("ratio")}, indent=1))
    if a.json:
        a.json.write_text(json.dumps(results, indent=1))


if __name__ == "__main__":
    main()
