"""Figures: claims from many documents that measure the same quantity.

"at least 1,500 troops", "around 10,000 North Koreans", "over 10,000 North Korean
soldiers" and "around 11,000 North Korean soldiers" are four readings of one quantity
taken at different times.  Grouping them is what turns a list of numbers into a ledger.

Two stages keep it near-linear in the number of claims:

1. **Blocking by rules** — a claim's key is (story, unit, head class, outcome, rate
   window, named qualifiers) from :mod:`claimledger.checks.concepts`.  Claims in
   different blocks can never share a figure: "killed" never meets "wounded", "Russian
   troops" never meets "North Korean troops", a daily loss never meets a running total,
   and an unrelated article in the same ledger never meets the story.
2. **Similarity inside a block** — the distinct counted phrases of a block are clustered
   by leader clustering in a fixed order (most frequent first): a phrase joins the most
   similar leader when the cosine of their MiniLM vectors reaches ``SEMANTIC_THRESHOLD``
   and their places do not clash ("in Kursk" vs "in Russia"); otherwise it leads a new
   figure.  Without the model, folded-word overlap (Jaccard >= ``LEXICAL_THRESHOLD``)
   stands in.

Phrase vectors come from a cache (the ledger's ``phrase_vectors`` table), so an
incremental run embeds only phrases it has never seen.  MiniLM embeds ~800 short phrases a
second on two CPU cores, so when a ledger has more distinct phrases (in blocks that need
comparing) than ``PHRASE_BUDGET``, phrases are embedded word by word and the word vectors
averaged — a few thousand distinct words instead of hundreds of thousands of phrases —
which keeps a million claims within minutes; the choice depends only on the ledger's
content, so re-running gives the same figures.
"""

from __future__ import annotations

from collections import defaultdict
from collections.abc import Callable, Iterable, Sequence
from dataclasses import dataclass, field

import numpy as np

from claimledger.checks.concepts import HEAD_CLASSES, STOPWORDS, Concept, concept_of, lemma, tokens
from claimledger.semantic import Encoder

SEMANTIC_THRESHOLD = 0.70
LEXICAL_THRESHOLD = 0.5
PHRASE_BUDGET = 20_000

BlockKey = tuple[int, str, str, str, str, tuple[str, ...]]


@dataclass(frozen=True, slots=True)
class AlignItem:
    """What alignment needs of one claim."""

    id: int
    story: int
    counted: str | None
    context: str  # words right around the number (outcome, rate window)
    unit: str | None


@dataclass
class FigureGroup:
    key: BlockKey
    label: str
    unit: str | None
    outcome: str | None
    claims: list[int] = field(default_factory=list)


class VectorStore:
    """Phrase vectors by text: a dict in front of an optional persistent cache."""

    def __init__(self, encoder: Encoder, load: Callable[[Sequence[str]], dict[str, np.ndarray]] | None = None,
                 save: Callable[[dict[str, np.ndarray]], None] | None = None) -> None:
        self.encoder = encoder
        self._load, self._save = load, save
        self.encoded = 0  # how many texts this run had to embed

    def vectors(self, texts: Sequence[str]) -> dict[str, np.ndarray]:
        unique = sorted(set(texts))
        found = self._load(unique) if self._load else {}
        missing = [t for t in unique if t not in found]
        if missing:
            fresh = self.encoder.encode(missing, batch_size=256)
            new = {t: fresh[i] for i, t in enumerate(missing)}
            self.encoded += len(missing)
            if self._save:
                self._save(new)
            found.update(new)
        return found


def _concept(item: AlignItem) -> Concept:
    return concept_of(item.counted, item.context)


def block_of(item: AlignItem, c: Concept) -> BlockKey | None:
    if not c.head or not item.counted:
        return None
    return (item.story, item.unit or "", c.head, c.outcome or "", c.period or "", tuple(sorted(c.qualifiers)))


def _folded_words(phrase: str) -> frozenset[str]:
    out = set()
    for t in tokens(phrase):
        if t[0].isdigit() or t.lower() in STOPWORDS:
            continue
        w = lemma(t)
        out.add(HEAD_CLASSES.get(w, w))
    return frozenset(out)


Places = frozenset[str]


def _places_clash(a: Places, b: Places) -> bool:
    return bool(a and b and not (a & b))


def _cluster_semantic(phrases: list[tuple[str, Places]], mat: np.ndarray) -> list[int]:
    """Leader clustering on vectors: each phrase joins its most similar compatible leader."""
    leaders: list[int] = []
    lead_mat = np.zeros((len(phrases), mat.shape[1]), dtype=np.float32)
    out: list[int] = []
    for i, (_, pi) in enumerate(phrases):
        joined = -1
        if leaders:
            sims = lead_mat[:len(leaders)] @ mat[i]
            for j in np.argsort(-sims, kind="stable"):
                if sims[j] < SEMANTIC_THRESHOLD:
                    break
                if not _places_clash(pi, phrases[leaders[j]][1]):
                    joined = leaders[j]
                    break
        if joined < 0:
            lead_mat[len(leaders)] = mat[i]
            leaders.append(i)
            joined = i
        out.append(joined)
    return out


def _cluster_lexical(phrases: list[tuple[str, Places]]) -> list[int]:
    """Leader clustering on folded-word overlap, candidates found through shared words."""
    words = [_folded_words(p) for p, _ in phrases]
    by_word: dict[str, list[int]] = defaultdict(list)
    out: list[int] = []
    for i, (_, pi) in enumerate(phrases):
        best, best_sim = -1, 0.0
        for lead in sorted({lead for w in words[i] for lead in by_word.get(w, ())}):
            a, b = words[i], words[lead]
            sim = len(a & b) / len(a | b)
            if sim >= LEXICAL_THRESHOLD and sim > best_sim and not _places_clash(pi, phrases[lead][1]):
                best, best_sim = lead, sim
        if best < 0:
            best = i
            for w in words[i]:
                by_word[w].append(i)
        out.append(best)
    return out


def align(items: Iterable[AlignItem], *, vectors: VectorStore | None = None) -> list[FigureGroup]:
    """Group claims into figures (see module docstring).  Deterministic for a given input."""
    blocks: dict[BlockKey, dict[str, list[int]]] = defaultdict(lambda: defaultdict(list))
    places: dict[str, Places] = {}
    units: dict[BlockKey, str | None] = {}
    outcomes: dict[BlockKey, str | None] = {}
    for item in items:
        c = _concept(item)
        key = block_of(item, c)
        if key is None:
            continue
        blocks[key][c.text].append(item.id)
        places.setdefault(c.text, c.places)
        units[key], outcomes[key] = item.unit, c.outcome
    multi = sorted({p for b in blocks.values() if len(b) > 1 for p in b})
    embed = _embedder(multi, vectors) if vectors is not None and multi else None
    groups: list[FigureGroup] = []
    for key in sorted(blocks):
        members = blocks.pop(key)
        phrases = sorted(members, key=lambda p: (-len(members[p]), p))
        ordered = [(p, places[p]) for p in phrases]
        if len(phrases) == 1:
            leader_of = [0]
        elif embed is not None:
            leader_of = _cluster_semantic(ordered, embed(phrases))
        else:
            leader_of = _cluster_lexical(ordered)
        by_leader: dict[int, list[int]] = defaultdict(list)
        for i, lead in enumerate(leader_of):
            by_leader[lead].extend(members[phrases[i]])
        for lead in sorted(by_leader):
            groups.append(FigureGroup(key=key, label=phrases[lead], unit=units[key], outcome=outcomes[key],
                                      claims=sorted(by_leader[lead])))
    return groups


def _embedder(phrases: Sequence[str], store: VectorStore) -> Callable[[Sequence[str]], np.ndarray]:
    """A function giving a block's phrase vectors: whole-phrase vectors within the budget,
    else the mean of per-word vectors, computed block by block so that a million claims
    never hold hundreds of thousands of phrase vectors at once."""
    if len(phrases) <= PHRASE_BUDGET:
        table = store.vectors(phrases)
        return lambda block: np.stack([table[p] for p in block]).astype(np.float32)

    def words(p: str) -> list[str]:
        return [w.lower() for w in tokens(p) if w.lower() not in STOPWORDS and not w[0].isdigit()] or [p]

    word_vec = store.vectors(sorted({w for p in phrases for w in words(p)}))

    def embed(block: Sequence[str]) -> np.ndarray:
        mat = np.stack([np.mean([word_vec[w] for w in words(p)], axis=0) for p in block]).astype(np.float32)
        norms = np.linalg.norm(mat, axis=1, keepdims=True)
        return mat / np.where(norms > 0, norms, 1.0)

    return embed
