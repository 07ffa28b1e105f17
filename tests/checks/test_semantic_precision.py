"""MiniLM in bfloat16 where the CPU has it: the vectors must be the float32 ones in all but
the last digits, unit length, and the choice must follow the setting."""

from __future__ import annotations

import numpy as np
import pytest

from claimledger import semantic

PARAGRAPHS = [
    "North Korea has sent more than 10,000 soldiers to Russia's Kursk region, the Pentagon said.",
    "Ukrainian forces captured a North Korean soldier near the border on Saturday.",
    "Moore's Law observes that the number of transistors on a chip doubles about every two years.",
    "",
]


def test_the_setting_decides(monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setenv("CLAIMLEDGER_BF16", "0")
    assert semantic.use_bf16() is False
    monkeypatch.setenv("CLAIMLEDGER_BF16", "1")
    assert semantic.use_bf16() is True


def test_bf16_vectors_are_the_float32_ones(monkeypatch: pytest.MonkeyPatch) -> None:
    pytest.importorskip("sentence_transformers")
    monkeypatch.setenv("CLAIMLEDGER_BF16", "0")
    exact = semantic.MiniLMEncoder()
    monkeypatch.setenv("CLAIMLEDGER_BF16", "1")
    fast = semantic.MiniLMEncoder()
    assert not exact.bf16 and fast.bf16
    a, b = exact.encode(PARAGRAPHS), fast.encode(PARAGRAPHS)
    assert a.dtype == b.dtype == np.float32 and a.shape == b.shape == (4, 384)
    assert np.allclose(np.linalg.norm(b, axis=1), 1.0, atol=1e-5)
    assert (a * b).sum(axis=1).min() > 0.999  # cosine to the float32 vector
    # what the checks use them for survives: the spliced paragraph stays the odd one out
    sims = b[:3] @ b[:3].T
    assert sims[0, 1] > 0.3 > max(sims[0, 2], sims[1, 2])
