"""Without sentence-transformers the checks fall back to lexical similarity, and say why."""

from __future__ import annotations

import sys

import pytest

from claimledger import semantic


@pytest.fixture
def no_model(monkeypatch: pytest.MonkeyPatch):  # type: ignore[no-untyped-def]
    monkeypatch.setattr(semantic, "_state", {})
    monkeypatch.setitem(sys.modules, "sentence_transformers", None)  # import fails as if not installed
    monkeypatch.delenv("CLAIMLEDGER_SEMANTIC", raising=False)
    yield
    semantic._state.clear()


def test_missing_package_gives_a_reason(no_model: None) -> None:
    assert semantic.get_encoder() is None
    reason = semantic.fallback_reason()
    assert reason is not None and "sentence-transformers" in reason and "pip install" in reason


def test_switched_off_by_setting(monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setenv("CLAIMLEDGER_SEMANTIC", "0")
    assert semantic.get_encoder() is None
    assert "CLAIMLEDGER_SEMANTIC=0" in (semantic.fallback_reason() or "")


def test_phrase_similarity_and_blobs() -> None:
    import numpy as np

    assert semantic.phrase_similarity("North Korean soldiers", "soldiers North Korean") == 1.0
    assert semantic.phrase_similarity("", "x") == 0.0
    v = np.array([0.25, -0.5, 1.0], dtype=np.float32)
    assert np.allclose(semantic.from_blob(semantic.to_blob(v)), v)
