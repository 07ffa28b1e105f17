"""Documents grouped into stories."""

from __future__ import annotations

import numpy as np

from claimledger.checks.stories import assign_stories, centroid, story_contexts


def unit(*v: float) -> np.ndarray:
    a = np.array(v, dtype=np.float32)
    return a / np.linalg.norm(a)


def test_leader_clustering_is_deterministic_and_separates_stories() -> None:
    vectors = {"a": unit(1, 0.1, 0), "b": unit(1, 0, 0.1), "c": unit(0, 1, 0), "d": unit(0.1, 1, 0)}
    stories = assign_stories(["a", "b", "c", "d", "e"], vectors, 0.7)
    assert stories == {"a": 0, "b": 0, "c": 1, "d": 1, "e": 2}  # e has no vector: a story of its own


def test_story_context_excludes_the_document_itself() -> None:
    vectors = {"a": unit(1, 0, 0), "b": unit(0.8, 0.6, 0), "c": unit(0, 0, 1)}
    ctx = story_contexts({"a": 0, "b": 0, "c": 1}, vectors)
    assert ctx["c"] is None
    assert np.allclose(ctx["a"], vectors["b"])  # type: ignore[arg-type]


def test_centroid_weights_long_paragraphs_more() -> None:
    v = centroid(np.stack([unit(1, 0), unit(0, 1)]), [100, 1])
    assert v[0] > v[1] and np.isclose(np.linalg.norm(v), 1.0)
