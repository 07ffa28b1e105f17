"""``off_topic``: passages that do not belong to the document's story.

A paragraph about Moore's Law spliced into a report on North Korean troops is about
nothing else in the article.  Each paragraph gets an embedding (all-MiniLM-L6-v2,
:mod:`claimledger.semantic`); each judged paragraph then gets a *coherence score*, the sum
of six cosines that each catch a different way of belonging:

* ``rest`` — with the centroid of the document's other paragraphs (the article's subject);
* ``near1``, ``near2``, ``near3`` — mean of its 1, 2, 3 best matches among the other
  paragraphs (a background or quote paragraph usually has a neighbour on its subject);
* ``rest - median`` and ``rest - q25`` — how far below the document's own typical
  coherence it falls (some articles are loose collections of items, where a flat low
  ``rest`` means nothing).

A paragraph whose score is below ``threshold`` is flagged, unless it is close to the
story's other documents (``story``: the ledger's documents most similar to this one), so a
paragraph that strays from its article but stays on the story is kept.  Headings and short
lines (< ``MIN_WORDS`` words) are never judged — their embeddings are noise — but they are
context for the others.  A plain sum of the six was as good as a fitted logistic
regression on the splice benchmark and needs one constant; that threshold was tuned with
``benchmarks/offtopic_splice.py`` (paragraphs of one real article spliced into another,
tuned on one half of the articles, checked on the other), never on the sample story.

Where it runs: in the cross-document stage (:mod:`claimledger.checks.cross`), with the
paragraph vectors cached in the ledger (``block_vectors``), because (1) the per-document
stage stays free of torch and fast, (2) the story context only exists in the ledger, and
(3) an incremental run embeds only paragraphs it has never seen; re-judging old documents
against a grown story costs a few dot products, since only their :class:`Candidate`
paragraphs (score below the threshold) can change verdict.

Without the model, hashed TF-IDF vectors over the same paragraphs stand in
(:func:`lexical_vectors`), with their own threshold and lower recall.
"""

from __future__ import annotations

import math
import re
from collections import Counter
from collections.abc import Sequence
from dataclasses import dataclass, replace

import numpy as np

from claimledger.checks.concepts import STOPWORDS, lemma
from claimledger.models import Finding

MIN_WORDS = 15  # shorter blocks are context only
MIN_PARAGRAPHS = 3  # a document needs this many paragraphs (any length) to be judged
NOT_JUDGED = frozenset({"title", "heading", "byline", "caption", "quote"})


@dataclass(frozen=True)
class Thresholds:
    """Decision constants for one vector space (tuned on the splice benchmark)."""

    score: float  # flag a judged paragraph whose coherence score is below this
    story: float  # ... unless its cosine with the story's other documents reaches this


SEMANTIC = Thresholds(score=0.70, story=0.45)
LEXICAL = Thresholds(score=0.0, story=0.15)


@dataclass(frozen=True)
class Paragraph:
    """A block to embed: its index, span and text; ``judged`` when long enough."""

    index: int
    start: int
    end: int
    text: str
    kind: str = "paragraph"
    n_words: int | None = None  # known word count when the text is not at hand (cached vectors)

    @property
    def words(self) -> int:
        return self.n_words if self.n_words is not None else len(self.text.split())

    @property
    def judged(self) -> bool:
        return self.words >= MIN_WORDS and self.kind not in NOT_JUDGED


@dataclass(frozen=True)
class Scores:
    rest: float
    near: tuple[float, float, float]
    median_rest: float
    q25_rest: float
    story: float | None

    @property
    def score(self) -> float:
        return self.rest + sum(self.near) + (self.rest - self.median_rest) + (self.rest - self.q25_rest)


def normalise(v: np.ndarray) -> np.ndarray:
    n = float(np.linalg.norm(v))
    return v / n if n > 0 else v


def score_paragraphs(paragraphs: Sequence[Paragraph], vectors: np.ndarray,
                     story: np.ndarray | None = None) -> dict[int, Scores]:
    """Coherence scores of the judged paragraphs (keyed by position in ``paragraphs``).

    Whole-matrix arithmetic: the cross stage re-scores every document of the ledger on
    every run (the story context changes as documents arrive), so this must cost a few
    array operations per document, not a Python loop per paragraph.
    """
    n = len(paragraphs)
    judged = [i for i, p in enumerate(paragraphs) if p.judged]
    if n < MIN_PARAGRAPHS or not judged:
        return {}
    weights = np.array([math.sqrt(min(p.words, 150)) for p in paragraphs], dtype=np.float32)
    total = (vectors * weights[:, None]).sum(axis=0)
    others = total[None, :] - weights[:, None] * vectors  # each paragraph's rest of the article
    norms = np.linalg.norm(others, axis=1)
    rest = (vectors * others).sum(axis=1) / np.where(norms > 0, norms, 1.0)
    sims = vectors[judged] @ vectors.T
    sims[np.arange(len(judged)), judged] = -1.0
    best = -np.sort(-sims, axis=1)[:, : min(3, n - 1)]  # best matches, most similar first
    story_sims = vectors[judged] @ story if story is not None else None
    median = float(np.median(rest[judged]))
    q25 = float(np.percentile(rest[judged], 25))
    running = np.cumsum(best, axis=1) / np.arange(1, best.shape[1] + 1, dtype=np.float32)
    near = running[:, [0, 1, min(2, best.shape[1] - 1)]].tolist()  # mean of the best 1, 2, 3
    rest_of = rest.tolist()
    story_of = story_sims.tolist() if story_sims is not None else None
    return {i: Scores(rest_of[i], tuple(near[row]), median, q25,
                      story_of[row] if story_of is not None else None)
            for row, i in enumerate(judged)}


def is_off_topic(s: Scores, t: Thresholds) -> bool:
    if s.score >= t.score:
        return False
    return s.story is None or s.story < t.story


@dataclass(frozen=True)
class Candidate:
    """A judged paragraph its own article finds incoherent (score below the threshold).

    Whether it is flagged still depends on the story, which changes as documents arrive;
    everything else is fixed by the document, so the cross stage keeps only these (and
    each document's centroid) instead of every paragraph vector of the ledger.
    """

    paragraph: Paragraph
    scores: Scores
    vector: np.ndarray


def candidates(paragraphs: Sequence[Paragraph], vectors: np.ndarray,
               thresholds: Thresholds = SEMANTIC) -> list[Candidate]:
    """The paragraphs of one document that only the story context can still keep."""
    return [Candidate(paragraphs[i], s, vectors[i]) for i, s in sorted(score_paragraphs(paragraphs, vectors).items())
            if s.score < thresholds.score]


def judge(doc_id: str, found: Sequence[Candidate], story: np.ndarray | None = None, *,
          thresholds: Thresholds = SEMANTIC) -> list[Finding]:
    """``off_topic`` findings for the candidates of one document (deterministic: keyed by span)."""
    out: list[Finding] = []
    for c in found:
        s = replace(c.scores, story=float(c.vector @ story) if story is not None else None)
        if not is_off_topic(s, thresholds):
            continue
        p = c.paragraph
        out.append(Finding(
            kind="off_topic", doc=doc_id, spans=((p.start, p.end),),
            why=(f"This paragraph is not about the rest of the article (similarity {s.rest:.2f} to the "
                 f"other paragraphs where {s.median_rest:.2f} is typical; closest paragraph "
                 f"{s.near[0]:.2f}): it looks spliced in from another story."),
            key=f"off_topic|{p.start}-{p.end}",
        ))
    return out


def find_off_topic(doc_id: str, paragraphs: Sequence[Paragraph], vectors: np.ndarray,
                   story: np.ndarray | None = None, *, thresholds: Thresholds = SEMANTIC) -> list[Finding]:
    """``off_topic`` findings for one document (deterministic: keyed by span)."""
    return judge(doc_id, candidates(paragraphs, vectors, thresholds), story, thresholds=thresholds)


# ---------------------------------------------------------------------------- lexical fallback
_WORD = re.compile(r"[A-Za-z][A-Za-z'’\-]+")


def _bag(text: str) -> Counter[str]:
    return Counter(lemma(w) for w in _WORD.findall(text) if w.lower() not in STOPWORDS and len(w) > 2)


def lexical_vectors(texts: Sequence[str], document_frequency: Counter[str] | None = None,
                    documents: int = 0, dim: int = 4096) -> np.ndarray:
    """TF-IDF rows (hashed into ``dim`` columns, L2-normalised) for when no model is installed.

    ``document_frequency``/``documents`` give IDF weights from a wider collection (the
    ledger); without them the paragraphs themselves are the collection.
    """
    bags = [_bag(t) for t in texts]
    if document_frequency is None:
        document_frequency = Counter()
        for b in bags:
            document_frequency.update(set(b))
        documents = len(bags)
    out = np.zeros((len(texts), dim), dtype=np.float32)
    for row, bag in enumerate(bags):
        for word, tf in bag.items():
            idf = math.log((1 + documents) / (1 + document_frequency.get(word, 0))) + 1.0
            out[row, hash_word(word) % dim] += (1 + math.log(tf)) * idf
        out[row] = normalise(out[row])
    return out


def hash_word(word: str) -> int:
    """A stable (process-independent) hash: Python's ``hash`` is salted per run."""
    h = 2166136261
    for ch in word.encode("utf-8"):
        h = ((h ^ ch) * 16777619) & 0xFFFFFFFF
    return h
