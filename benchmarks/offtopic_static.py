"""Off-topic detection with static vectors against MiniLM and TF-IDF, on the splice protocol.

Issue #6: the cross stage embeds every paragraph with all-MiniLM-L6-v2 (~1 s of CPU an
article).  Can a static representation derived from the installed MiniLM — a lookup and a
weighted mean, no transformer at run time — judge "does this paragraph belong to this
article" nearly as well?  Candidates:

(a) ``m2v``   — the model2vec recipe (every word piece through MiniLM alone as
    ``[CLS] piece [SEP]``, mean-pooled, PCA to 256; :mod:`benchmarks/static_vectors.py`),
    weighted two ways: model2vec's own Zipf-by-token-id SIF (``m2v-zipf``, its default),
    and collection IDF² with the reference paragraphs' mean and first principal component
    removed (``m2v``);
(b) ``words`` — each distinct content word (lemma, stopwords out, as TF-IDF sees them)
    embedded once by MiniLM as a one-word input, IDF²-weighted sum, same centring;
(c) ``input`` — MiniLM's input word-piece embedding table, PCA 256, IDF², same centring;
and each beside TF-IDF (``+tfidf``: a dot product is 0.1 × static + 0.9 × TF-IDF cosine).

Protocol: ``benchmarks/offtopic_splice.py`` (its trials and scoring are imported): one
judged paragraph of a donor article spliced into a host, 6 donors per host, 90 ScrapingHub
articles, 540 splices.  The threshold is tuned on half 0 (best recall with genuine and
untouched-article FP <= 1.5 %) and reported on half 1 and on all.  The sweep runs over the
observed scores' lower quantiles rather than offtopic_splice's fixed -0.5..2.0, because
static cosines live on another scale (all near 1 before centring).  IDF comes from all
the benchmark's paragraphs plus the reference collection, as the TF-IDF fallback takes it
from the ledger.  The centring statistics come from the gold/ articles, never from the
benchmark pages.  Times: CPU seconds to encode the 90 articles one article a call
(``per article``), MiniLM from offtopic_splice's cache when present.

Story grouping (``--stories``): gold/dev + the Kursk sample (29 documents); MiniLM's
grouping at its threshold (0.70) is the reference, and for each representation the
cosine between document centroids of same-story pairs (by that reference) and
different-story pairs, and whether a threshold separates them.

    .venv/bin/python benchmarks/offtopic_static.py [--only m2v,m2v+tfidf] [--stories]

Measured 2026-11-23 (2 cores shared with other jobs; 540 splices; R = recall, FP = genuine
paragraphs flagged, clean = paragraphs of untouched articles flagged; thresholds tuned on
half 0; IDF for (a)-(c) over the benchmark's paragraphs + the reference; ms = CPU time to
encode one article, one call an article):

  representation   thr     all R   FP     clean  | half 1 R  FP     | ms/article
  minilm            0.74   0.924   1.33%  1.52%  | 0.910     1.48%  | ~180 (wall, 10 articles)
  tfidf             0.00   0.717   0.83%  1.16%  | 0.703     0.71%  | 0.8
  m2v-zipf          2.14   0.385   1.35%  1.31%  | 0.405     1.29%  | 1.8
  m2v               0.34   0.667   1.04%  1.23%  | 0.662     0.98%  | 1.8
  words             0.33   0.776   1.45%  1.67%  | 0.784     1.81%  | 0.6 (+420 first time)
  input             0.44   0.743   1.33%  1.38%  | 0.779     1.32%  | 1.7
  m2v+tfidf         0.22   0.894   1.22%  1.67%  | 0.905     1.72%  | 2.6
  words+tfidf       0.16   0.883   1.20%  1.45%  | 0.883     1.48%  | 1.4
  input+tfidf       0.18   0.887   0.97%  1.31%  | 0.892     1.23%  | 2.5
  module/article    0.18   0.883   0.95%  1.31%  | 0.878     1.20%  | 3.2 (wall 2.4)

``module`` is :func:`benchmarks/static_vectors.py.hybrid_vectors` as the cross stage would
call it (the ``input`` table; IDF for the static half from the reference + the ledger's
paragraphs, via ``for_collection``, 1.1 s wall once for 2,276 + 1,044 paragraphs; TF-IDF
with the ledger's document frequencies).  Static weight (0.2) and common components (2)
were picked by half-0 recall over {0.1, 0.15, 0.2, 0.3} × {1, 2} × {m2v, input}.
Builds: the distilled table 95 s (one pass of MiniLM over 30,522 three-piece inputs), the
input table ~1 s, (b) 38 s CPU for the benchmark's 10,543 content words (and MiniLM
would be needed at run time for every new word).  No candidate reaches MiniLM's 0.92; the
hybrids reach 0.88-0.89 at FP <= 1.5 %, except m2v+tfidf, whose held-out FP is 1.72 %.

Story grouping (28 documents, 20 stories by MiniLM's grouping, 7 with several documents):
  minilm           same-story cosine min 0.71; different-story max 0.67   separable
  tfidf            same-story min 0.35; different-story max 0.33          separable
  static           same-story min 0.37; different-story max 0.52          NOT separable
  hybrid (module)  same-story min 0.36; different-story max 0.32          separable (threshold ~0.34)
"""

from __future__ import annotations

import argparse
import json
import math
import sys
import time
from collections import Counter
from collections.abc import Callable, Sequence
from dataclasses import replace
from pathlib import Path

import numpy as np

sys.path.insert(0, str(Path(__file__).resolve().parent))
import offtopic_splice as splice
import static_vectors as sv

from claimledger.checks import offtopic, stories
from claimledger.checks.offtopic import Thresholds

ROOT = Path(__file__).resolve().parents[1]
Encode = Callable[[list[str]], np.ndarray]


def tune(trials: list[splice.Trial], clean: list[splice.Trial], base: Thresholds) -> Thresholds:
    """Best recall on half 0 with genuine and untouched FP <= 1.5 %, over the scores' lower 60 %."""
    fit = [t for t in trials if splice.half(t.host) == 0]
    fit_clean = [t for t in clean if splice.half(t.host) == 0]
    values = [s.score for t in fit for s in t.scores.values()]
    best, key = base, (-1.0, 0.0)
    for value in np.unique(np.quantile(values, np.linspace(0.0, 0.6, 600)).round(3)):
        cand = replace(base, score=float(value))
        r = splice.evaluate(fit, fit_clean, cand)
        if r["fp_rate"] <= 0.015 and r["clean_fp_rate"] <= 0.015 and (r["recall"], -r["fp_rate"]) > key:
            best, key = cand, (r["recall"], -r["fp_rate"])
    return best


def normalise(v: np.ndarray) -> np.ndarray:
    n = np.linalg.norm(v, axis=1, keepdims=True)
    return np.asarray(v / np.where(n > 0, n, 1.0), dtype=np.float32)


def common_direction(reference: np.ndarray) -> tuple[np.ndarray, np.ndarray]:
    """The reference rows' mean and main axes (what every paragraph shares)."""
    mean = reference.mean(axis=0)
    _, _, axes = np.linalg.svd(reference - mean, full_matrices=False)
    return mean, axes[: sv.COMMON_COMPONENTS]


def centre(raw: np.ndarray, mean: np.ndarray, common: np.ndarray) -> np.ndarray:
    out = raw - mean
    out -= (out @ common.T) @ common
    return normalise(out)


class Pieces:
    """Static word-piece tables with collection IDF (the benchmark's paragraphs + the reference)."""

    def __init__(self, encoder: sv.StaticEncoder, collection: list[str], reference: list[str]) -> None:
        self.encoder = encoder
        ids = encoder.token_ids(collection + reference)
        df: Counter[int] = Counter()
        for p in ids:
            df.update(set(p.tolist()))
        n = len(ids)
        self.idf = np.full(encoder.table.shape[0], math.log(1 + n) + 1.0, dtype=np.float32)
        for piece, count in df.items():
            self.idf[piece] = math.log((1 + n) / (1 + count)) + 1.0
        self.reference_ids = encoder.token_ids(reference)

    def sums(self, table: np.ndarray, ids: Sequence[np.ndarray], weights: np.ndarray) -> np.ndarray:
        out = np.zeros((len(ids), table.shape[1]), dtype=np.float32)
        for row, p in enumerate(ids):
            if len(p):
                out[row] = weights[p] @ table[p]
        return out

    def centred(self, table: np.ndarray) -> Encode:
        w = self.idf ** 2
        mean, common = common_direction(self.sums(table, self.reference_ids, w))
        return lambda texts: centre(self.sums(table, self.encoder.token_ids(texts), w), mean, common)

    def zipf(self, table: np.ndarray) -> Encode:
        """model2vec's default: SIF weights 1e-4 / (1e-4 + p) with p from Zipf's law on the token id."""
        inv = 1.0 / np.arange(2, table.shape[0] + 2)
        w = (1e-4 / (1e-4 + inv / inv.sum())).astype(np.float32)
        return lambda texts: normalise(self.sums(table, self.encoder.token_ids(texts), w / 1.0))


class Words:
    """(b): each distinct content word embedded once by MiniLM (a one-word input), cached."""

    def __init__(self, collection: list[str], reference: list[str], cache: Path) -> None:
        self.bags = {t: offtopic._bag(t) for t in collection + reference}
        words = sorted({w for b in self.bags.values() for w in b})
        path = cache / f"words-{len(words)}-{hash_list(words)}.npy"
        t0 = time.process_time()
        if path.exists():
            self.vectors = np.load(path)
        else:
            from claimledger.semantic import get_encoder

            encoder = get_encoder()
            if encoder is None:
                sys.exit("sentence-transformers is not installed")
            self.vectors = encoder.encode(words, batch_size=512).astype(np.float16)
            cache.mkdir(parents=True, exist_ok=True)
            np.save(path, self.vectors)
        self.build_s = time.process_time() - t0
        self.n_words = len(words)
        self.vectors = self.vectors.astype(np.float32)
        self.vectors -= self.vectors.mean(axis=0)
        self.index = {w: i for i, w in enumerate(words)}
        df: Counter[str] = Counter()
        for b in self.bags.values():
            df.update(set(b))
        n = len(self.bags)
        self.idf = {w: math.log((1 + n) / (1 + c)) + 1.0 for w, c in df.items()}
        self.mean, self.common = common_direction(self.sums(reference))

    def sums(self, texts: Sequence[str]) -> np.ndarray:
        out = np.zeros((len(texts), self.vectors.shape[1]), dtype=np.float32)
        for row, t in enumerate(texts):
            bag = self.bags.get(t) or offtopic._bag(t)
            for w, tf in bag.items():
                if w in self.index:
                    out[row] += (1 + math.log(tf)) * self.idf.get(w, 1.0) ** 2 * self.vectors[self.index[w]]
        return out

    def encode(self, texts: list[str]) -> np.ndarray:
        return centre(self.sums(texts), self.mean, self.common)


def hash_list(items: list[str]) -> str:
    import hashlib

    return hashlib.sha256("\n".join(items).encode()).hexdigest()[:12]


def with_tfidf(static: Encode, collection: list[str], weight: float = sv.STATIC_WEIGHT) -> Encode:
    from claimledger.checks.offtopic import lexical_vectors

    df: Counter[str] = Counter()
    for t in collection:
        df.update(set(offtopic._bag(t)))

    def encode(texts: list[str]) -> np.ndarray:
        lexical = lexical_vectors(texts, df, len(collection))
        return normalise(np.hstack([math.sqrt(weight) * static(texts), math.sqrt(1 - weight) * lexical]))
    return encode


def run(name: str, articles: dict[str, list[str]], vectors: dict[str, np.ndarray], ms: float,
        base: Thresholds) -> dict[str, object]:
    trials, clean = splice.make_trials(articles, vectors, 6, 7)
    t = tune(trials, clean, base)
    rows: dict[str, dict[str, float]] = {}
    for part, sel in (("all", lambda k: True), ("half1", lambda k: splice.half(k) == 1)):
        rows[part] = splice.evaluate([x for x in trials if sel(x.host)], [x for x in clean if sel(x.host)], t)
    a, h = rows["all"], rows["half1"]
    print(f"  {name:15s} {t.score:6.2f}   {a['recall']:.3f}   {a['fp_rate']:.2%}  {a['clean_fp_rate']:.2%}  | "
          f"{h['recall']:.3f}     {h['fp_rate']:.2%}  | {ms:.1f}", flush=True)
    return {"name": name, "threshold": t.score, "all": a, "half1": h, "ms_per_article": ms}


def per_article(articles: dict[str, list[str]], encode: Encode) -> tuple[dict[str, np.ndarray], float]:
    t0 = time.process_time()
    out = {k: encode(v) for k, v in sorted(articles.items())}
    return out, 1000 * (time.process_time() - t0) / len(articles)


def story_check(encoder: sv.StaticEncoder, minilm: Encode) -> None:
    docs: dict[str, list[str]] = {}
    for path in sorted([*ROOT.glob("gold/dev/texts/*.txt"), *ROOT.glob("samples/kursk-2024/*.txt")]):
        docs[path.name] = splice.split(path.read_text(encoding="utf-8"))
    order = sorted(docs)
    df: Counter[str] = Counter()
    for paras in docs.values():
        for text in paras:
            df.update(set(offtopic._bag(text)))
    n = sum(map(len, docs.values()))
    ledger = encoder.for_collection([p for paras in docs.values() for p in paras])
    encoders: dict[str, Encode] = {
        "tfidf": lambda texts: offtopic.lexical_vectors(texts, df, n),
        "static": ledger.encode,
        "hybrid (module)": lambda texts: sv.hybrid_vectors(ledger, texts, document_frequency=df, documents=n),
    }

    def centroids(encode: Encode) -> dict[str, np.ndarray]:
        return {k: stories.centroid(encode(docs[k]), [len(p.split()) for p in docs[k]]) for k in order}

    ref = stories.assign_stories(order, centroids(minilm), stories.SEMANTIC_THRESHOLD)
    groups = Counter(ref.values())
    print(f"stories: {len(order)} documents, MiniLM groups them into {len(groups)} stories "
          f"({sum(1 for c in groups.values() if c > 1)} with several documents)")
    for name, encode in {"minilm": minilm, **encoders}.items():
        c = centroids(encode)
        same, diff = [], []
        for i, a in enumerate(order):
            for b in order[i + 1:]:
                (same if ref[a] == ref[b] else diff).append(float(c[a] @ c[b]))
        print(f"  {name:15s} same-story cosine min {min(same):.2f} (mean {np.mean(same):.2f}); different-story "
              f"max {max(diff):.2f} (p99 {np.quantile(diff, 0.99):.2f}); separable: {min(same) > max(diff)}")


def main(argv: list[str] | None = None) -> int:
    ap = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    ap.add_argument("--only", default="", help="comma-separated representation names")
    ap.add_argument("--stories", action="store_true", help="also compare story grouping")
    ap.add_argument("--cache", type=Path, default=Path("/tmp/claimledger-bench"))
    ap.add_argument("--json", type=Path, help="write the results here")
    args = ap.parse_args(argv)
    truth = json.loads(splice.DEFAULT_DATA.read_text(encoding="utf-8"))
    articles = {k: splice.split(v["articleBody"]) for k, v in truth.items()}
    collection = [p for k in sorted(articles) for p in articles[k]]
    reference = sv.reference_texts()
    t0 = time.process_time()
    encoder = sv.get_static_encoder()
    distilled = sv.load_table(source="distilled")
    print(f"static encoder ready in {time.process_time() - t0:.1f} s CPU (table {sv.table_path()}); "
          f"{len(articles)} articles, {len(collection)} paragraphs, {len(reference)} reference paragraphs")
    pieces = Pieces(encoder, collection, reference)
    in_table = sv.load_table(source="input")
    words = Words(collection, reference, args.cache)
    how = "read from the cache" if words.build_s < 1 else f"embedded in {words.build_s:.1f} s CPU"
    print(f"(b) words: {words.n_words} distinct content words, {how}")
    statics: dict[str, Encode] = {
        "m2v-zipf": pieces.zipf(distilled), "m2v": pieces.centred(distilled),
        "words": words.encode, "input": pieces.centred(in_table),
    }
    candidates: dict[str, Encode] = dict(statics)
    for name in ("m2v", "words", "input"):
        candidates[f"{name}+tfidf"] = with_tfidf(statics[name], collection + reference)
    only = {s for s in args.only.split(",") if s}
    print("  representation   thr     all R   FP      clean   | half 1 R  FP      | ms/article")
    results = []
    minilm = splice.embed_all(articles, False, args.cache)
    results.append(run("minilm", articles, minilm, float("nan"), offtopic.SEMANTIC))
    lexical = with_tfidf(lambda texts: np.zeros((len(texts), 1), dtype=np.float32), collection + reference, 0.0)
    vecs, ms = per_article(articles, lexical)
    results.append(run("tfidf", articles, vecs, ms, offtopic.LEXICAL))
    for name, encode in candidates.items():
        if only and name not in only:
            continue
        vecs, ms = per_article(articles, encode)
        results.append(run(name, articles, vecs, ms, offtopic.SEMANTIC))
    if not only or "module" in only:  # the module's own API, as the cross stage would call it
        df: Counter[str] = Counter()
        for text in collection:
            df.update(set(offtopic._bag(text)))
        t0 = time.process_time()
        ledger = encoder.for_collection(collection)  # once per cross run
        print(f"  (the ledger's encoder: {1000 * (time.process_time() - t0):.0f} ms CPU)")
        vecs, ms = per_article(articles, lambda texts: sv.hybrid_vectors(ledger, texts, document_frequency=df,
                                                                         documents=len(collection)))
        results.append(run("module/article", articles, vecs, ms, offtopic.SEMANTIC))
        vecs, ms = per_article(articles, ledger.encode)
        results.append(run("module static", articles, vecs, ms, offtopic.SEMANTIC))
        t0 = time.process_time()
        flat = sv.hybrid_vectors(encoder.for_collection(collection), collection)
        ms = 1000 * (time.process_time() - t0) / len(articles)
        vecs, at = {}, 0
        for k in sorted(articles):
            vecs[k] = flat[at: at + len(articles[k])]
            at += len(articles[k])
        results.append(run("module/ledger", articles, vecs, ms, offtopic.SEMANTIC))
    if args.json:
        args.json.write_text(json.dumps(results, indent=1, default=float))
    if args.stories:
        from claimledger.semantic import get_encoder

        model = get_encoder()
        if model is not None:
            story_check(encoder, lambda texts: model.encode(texts))
    return 0


if __name__ == "__main__":
    sys.exit(main())
