"""Figures: which claims measure the same quantity."""

from __future__ import annotations

import numpy as np
import pytest

from claimledger.ledger.align import AlignItem, VectorStore, align


def items(*rows: tuple[int, int, str, str]) -> list[AlignItem]:
    return [AlignItem(i, story, counted, context, None) for i, story, counted, context in rows]


def figure_of(groups) -> dict[int, int]:  # type: ignore[no-untyped-def]
    return {c: n for n, g in enumerate(groups) for c in g.claims}


def test_estimates_of_one_quantity_share_a_figure() -> None:
    groups = align(items(
        (1, 0, "North Korean soldiers", ""),
        (2, 0, "North Korean troops sent to Russia", ""),
        (3, 0, "North Korean soldiers deployed to Russia", ""),
        (4, 0, "North Korean troops", ""),
    ))
    assert len(set(figure_of(groups).values())) == 1
    assert groups[0].label == "north korean soldiers"


def test_rules_keep_different_quantities_apart() -> None:
    f = figure_of(align(items(
        (1, 0, "Russian troops killed", ""),
        (2, 0, "Russian troops killed or wounded", ""),
        (3, 0, "North Korean troops killed", ""),
        (4, 0, "Russian troops", "… killed in the past twenty-four hours"),
        (5, 1, "Russian troops killed", ""),  # another story
        (6, 0, "people killed in Gaza", ""),
        (7, 0, "people killed in Lebanon", ""),
    )))
    assert len(set(f.values())) == 7


def test_claims_without_a_counted_noun_get_no_figure() -> None:
    groups = align(items((1, 0, "", ""), (2, 0, "the", "")))
    assert figure_of(groups) == {}


def test_lexical_fallback_merges_paraphrases_only() -> None:
    f = figure_of(align(items(
        (1, 0, "people who attended the rally", ""),
        (2, 0, "people who signed the petition", ""),
        (3, 0, "people attending the rally", ""),
    )))
    assert f[1] == f[3] != f[2]


class FakeEncoder:
    """Vectors by hand: two phrases near each other, one far away."""

    name, dim = "fake", 3

    def __init__(self) -> None:
        self.calls: list[list[str]] = []
        self.table = {"north korean soldiers": [1, 0, 0], "north korean forces": [0.9, 0.43, 0],
                      "north korean workers": [0, 0, 1]}

    def encode(self, texts, *, batch_size: int = 64) -> np.ndarray:  # type: ignore[no-untyped-def]
        self.calls.append(list(texts))
        rows = np.array([self.table[t] for t in texts], dtype=np.float32)
        return rows / np.linalg.norm(rows, axis=1, keepdims=True)


def test_semantic_similarity_inside_a_block_and_the_cache() -> None:
    enc = FakeEncoder()
    saved: dict[str, np.ndarray] = {}
    store = VectorStore(enc, load=lambda ps: {p: saved[p] for p in ps if p in saved}, save=saved.update)
    rows = items((1, 0, "North Korean soldiers", ""), (2, 0, "North Korean forces", ""),
                 (3, 0, "North Korean workers", ""))
    # workers is not a troop word: a block of its own, never embedded
    f = figure_of(align(rows, vectors=store))
    assert f[1] == f[2] != f[3]
    assert enc.calls == [["north korean forces", "north korean soldiers"]]
    align(rows, vectors=store)
    assert len(enc.calls) == 1  # second run: all from the cache
    assert store.encoded == 2


@pytest.mark.parametrize("order", [[1, 2, 3, 4], [4, 3, 2, 1]])
def test_deterministic_whatever_the_input_order(order: list[int]) -> None:
    rows = {i: r for i, r in zip((1, 2, 3, 4), items(
        (1, 0, "North Korean soldiers", ""), (2, 0, "North Korean troops", ""),
        (3, 0, "Russian soldiers", ""), (4, 0, "North Korean soldiers", "")), strict=True)}
    groups = align([rows[i] for i in order])
    assert [(g.label, g.claims) for g in groups] == [("north korean soldiers", [1, 2, 4]), ("russian soldiers", [3])]
