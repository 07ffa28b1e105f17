"""Which documents of a ledger tell the same story.

A ledger is meant to hold one developing story, but nothing stops a user from analysing a
folder of unrelated pages; "10 people killed" in a bus crash and "300 people killed" in an
earthquake must never become one figure or a conflict.  So documents are first grouped
into stories, and figures, conflicts and the timeline only ever join documents of one
story.

A document's vector is the length-weighted centroid of its paragraph vectors (the same
vectors the off-topic check uses, cached in the ledger).  Stories are formed by leader
clustering in a fixed order (publication date, then id): each document joins the most
similar existing story when the cosine with its centroid reaches ``threshold``, else it
opens a new one.  That is O(documents x stories), deterministic, and on the ScrapingHub
pages separates unrelated articles (99th percentile of cross-article cosine 0.56) from
articles on one story (0.84-0.94; the two Kursk sample articles: 0.91).  The TF-IDF fallback
separates them at 0.30 (unrelated: 99th percentile 0.23; same story: 0.48-0.76).
"""

from __future__ import annotations

import math
from collections.abc import Sequence

import numpy as np

SEMANTIC_THRESHOLD = 0.70
LEXICAL_THRESHOLD = 0.30


def centroid(vectors: np.ndarray, words: Sequence[int]) -> np.ndarray:
    """Length-weighted mean of paragraph vectors, L2-normalised."""
    if vectors.shape[0] == 0:
        return vectors.sum(axis=0)
    weights = np.array([math.sqrt(min(max(w, 1), 150)) for w in words], dtype=np.float32)
    v = (vectors * weights[:, None]).sum(axis=0)
    n = float(np.linalg.norm(v))
    return v / n if n > 0 else v


def assign_stories(order: Sequence[str], vectors: dict[str, np.ndarray], threshold: float) -> dict[str, int]:
    """Story number (0, 1, ...) for each document in ``order``; documents without a vector
    each get a story of their own."""
    stories: dict[str, int] = {}
    sums: list[np.ndarray] = []
    for doc in order:
        v = vectors.get(doc)
        if v is None or not np.any(v):
            stories[doc] = len(sums)
            sums.append(np.zeros(1, dtype=np.float32))
            continue
        best, best_sim = -1, threshold
        if sums:
            dim = v.shape[0]
            live = [i for i, s in enumerate(sums) if s.shape[0] == dim]
            if live:
                mat = np.stack([sums[i] / max(float(np.linalg.norm(sums[i])), 1e-9) for i in live])
                sims = mat @ v
                j = int(np.argmax(sims))
                if float(sims[j]) >= best_sim:
                    best, best_sim = live[j], float(sims[j])
        if best < 0:
            stories[doc] = len(sums)
            sums.append(v.astype(np.float32).copy())
        else:
            stories[doc] = best
            sums[best] = sums[best] + v
    return stories


def story_contexts(stories: dict[str, int], vectors: dict[str, np.ndarray]) -> dict[str, np.ndarray | None]:
    """For each document, the normalised centroid of the *other* documents of its story."""
    sums: dict[int, np.ndarray] = {}
    counts: dict[int, int] = {}
    for doc, story in stories.items():
        v = vectors.get(doc)
        if v is None:
            continue
        sums[story] = sums[story] + v if story in sums else v.astype(np.float32).copy()
        counts[story] = counts.get(story, 0) + 1
    out: dict[str, np.ndarray | None] = {}
    for doc, story in stories.items():
        v = vectors.get(doc)
        if v is None or counts.get(story, 0) < 2:
            out[doc] = None
            continue
        rest = sums[story] - v
        n = float(np.linalg.norm(rest))
        out[doc] = rest / n if n > 0 else None
    return out
