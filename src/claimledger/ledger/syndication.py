"""Independence of reports: syndicated copies and wire attributions.

Forty outlets running one Reuters story are one report, not forty; GDELT-style counts
that miss this inflate whatever the wire said.  Two signals:

* **near-duplicate text** — MinHash signatures (datasketch, 128 permutations) over word
  5-shingles, candidates from LSH (Jaccard >= ``LSH_THRESHOLD``), confirmed on the exact
  shingle sets: a document is a copy when at least ``MIN_CONTAINMENT`` of its shingles
  occur in the other (a copy trimmed or with a different standfirst still counts);
* **wire attribution** — a dateline "(Reuters) -", "(AP) —", "(AFP) -", a wire credit
  ("Copyright 2024 The Associated Press", "Reporting by ...; Editing by ..."), or a
  byline/outlet that *is* the wire.  "Reuters reported" in the body is a citation, not an
  attribution, and is ignored.

Copies are grouped (union-find); the group's original is the earliest published member
(unknown dates last), then the longest text, then the smallest id, so the choice is
deterministic.  Signatures are cached per document hash, so an incremental run hashes
only new documents.
"""

from __future__ import annotations

import re
from collections.abc import Callable, Iterable, Sequence
from dataclasses import dataclass
from typing import Protocol

import numpy as np

from claimledger.models import Finding, Ref

NUM_PERM = 128
SCHEME = "affine32"  # datasketch >= 2: 32-bit hash values, stored as uint32 in the cache
SHINGLE = 5
LSH_THRESHOLD = 0.3
MIN_CONTAINMENT = 0.7
MIN_SHINGLES = 30  # shorter texts (captions, briefs) are not judged

_WORD = re.compile(r"\w+", re.UNICODE)

WIRES: tuple[tuple[str, re.Pattern[str]], ...] = (
    ("Reuters", re.compile(r"\(Reuters\)\s*[-–—]|\bReporting by\b[^\n]{0,200}\bEditing by\b|©\s*Reuters|"
                           r"\bThomson Reuters\b", re.IGNORECASE)),
    ("AP", re.compile(r"\((?:AP|The Associated Press)\)\s*[-–—]|Copyright \d{4} The Associated Press|"
                      r"\bAssociated Press writers?\b[^\n]{0,120}\bcontributed\b|^\s*[-–—]\s*AP\s*$",
                      re.MULTILINE)),
    ("AFP", re.compile(r"\(AFP\)\s*[-–—]|©\s*AFP\b|\bAgence France[- ]Presse\s*$", re.MULTILINE)),
    ("Bloomberg", re.compile(r"\(Bloomberg\)\s*[-–—]|©\s*\d{4}\s*Bloomberg L\.?P\.?")),
    ("PA", re.compile(r"\(PA(?: Media)?\)\s*[-–—]|\bPress Association\s*$", re.MULTILINE)),
    ("dpa", re.compile(r"\(dpa\)\s*[-–—]")),
    ("UPI", re.compile(r"\(UPI\)\s*[-–—]")),
    ("Xinhua", re.compile(r"\(Xinhua\)\s*[-–—]")),
    ("PTI", re.compile(r"\(PTI\)\s*[-–—]|\(IANS\)\s*[-–—]|\(ANI\)\s*[-–—]")),
)
_WIRE_NAMES = {
    "reuters": "Reuters", "thomson reuters": "Reuters", "associated press": "AP", "the associated press": "AP",
    "ap": "AP", "ap news": "AP", "afp": "AFP", "agence france-presse": "AFP", "agence france presse": "AFP",
    "bloomberg": "Bloomberg", "pa media": "PA", "press association": "PA", "dpa": "dpa", "upi": "UPI",
    "xinhua": "Xinhua",
}
_EDGE = 600  # datelines and credits live at the start or the end of a wire story


@dataclass(frozen=True)
class DocInfo:
    id: str
    published: str | None
    length: int
    outlet: str | None = None
    author: str | None = None


@dataclass(frozen=True)
class Copy:
    doc: str
    original: str
    similarity: float  # share of the copy's shingles found in the original
    wire: str | None


def shingles(text: str, k: int = SHINGLE) -> set[str]:
    words = [w.lower() for w in _WORD.findall(text)]
    return {" ".join(words[i:i + k]) for i in range(max(0, len(words) - k + 1))}


def signature(text: str) -> np.ndarray | None:
    """The MinHash signature of a text (``None`` when too short to judge)."""
    from datasketch import MinHash

    sh = shingles(text)
    if len(sh) < MIN_SHINGLES:
        return None
    m = MinHash(num_perm=NUM_PERM, seed=1, scheme=SCHEME)
    m.update_batch([s.encode("utf-8") for s in sorted(sh)])
    return np.asarray(m.hashvalues, dtype=np.uint32)


def wire_of(text: str, outlet: str | None = None, author: str | None = None) -> tuple[str, str] | None:
    """(wire, evidence) when the document itself is attributed to a news agency."""
    for field_name, value in (("outlet", outlet), ("author", author)):
        if value:
            key = value.strip().lower().rstrip(".")
            if key in _WIRE_NAMES:
                return _WIRE_NAMES[key], f"{field_name} “{value.strip()}”"
    edges = text[:_EDGE] + "\n" + text[-_EDGE:] if len(text) > 2 * _EDGE else text
    for wire, pattern in WIRES:
        m = pattern.search(edges)
        if m:
            return wire, f"“{' '.join(m.group().split())[:80]}”"
    return None


def candidate_pairs(signatures: dict[str, np.ndarray]) -> list[tuple[str, str]]:
    """Pairs of documents whose signatures LSH puts in one bucket (sorted, deterministic)."""
    from datasketch import MinHash, MinHashLSH

    lsh = MinHashLSH(threshold=LSH_THRESHOLD, num_perm=NUM_PERM)
    hashes: dict[str, MinHash] = {}
    for doc in sorted(signatures):
        m = MinHash(num_perm=NUM_PERM, seed=1, hashvalues=signatures[doc], scheme=SCHEME)
        hashes[doc] = m
        lsh.insert(doc, m)
    pairs: set[tuple[str, str]] = set()
    for doc in sorted(hashes):
        for other in lsh.query(hashes[doc]):
            if other != doc:
                pairs.add((min(doc, other), max(doc, other)))
    return sorted(pairs)


def containment(a: set[str], b: set[str]) -> float:
    """Share of ``a``'s shingles found in ``b``."""
    return len(a & b) / len(a) if a else 0.0


def _original_order(info: DocInfo) -> tuple[int, str, int, str]:
    return (0 if info.published else 1, info.published or "", -info.length, info.id)


class Texts(Protocol):
    def text(self, doc: str) -> str: ...


def find_copies(docs: Sequence[DocInfo], signatures: dict[str, np.ndarray], texts: Texts,
                wires: dict[str, str]) -> list[Copy]:
    """Group near-duplicates and name each group's original (see module docstring)."""
    by_id = {d.id: d for d in docs}
    parent: dict[str, str] = {}

    def root(x: str) -> str:
        while parent.get(x, x) != x:
            parent[x] = parent.get(parent[x], parent[x])
            x = parent[x]
        return x

    shingle_cache: dict[str, set[str]] = {}

    def sh(doc: str) -> set[str]:
        if doc not in shingle_cache:
            shingle_cache[doc] = shingles(texts.text(doc))
        return shingle_cache[doc]

    for a, b in candidate_pairs({k: v for k, v in signatures.items() if k in by_id}):
        if root(a) == root(b):
            # already one group through other copies: the check could only join them again.
            # A wire story in 300 outlets is 45k candidate pairs but 299 joins.
            continue
        sa, sb = sh(a), sh(b)
        small, large = (sa, sb) if len(sa) <= len(sb) else (sb, sa)
        if containment(small, large) >= MIN_CONTAINMENT:
            parent.setdefault(a, a)
            parent.setdefault(b, b)
            ra, rb = root(a), root(b)
            if ra != rb:
                parent[max(ra, rb)] = min(ra, rb)
    groups: dict[str, list[str]] = {}
    for doc in parent:
        groups.setdefault(root(doc), []).append(doc)
    out: list[Copy] = []
    for members in groups.values():
        members = sorted(set(members), key=lambda d: _original_order(by_id[d]))
        original = members[0]
        wire = next((wires[m] for m in members if m in wires), None)
        for doc in members[1:]:
            out.append(Copy(doc, original, round(containment(sh(doc), sh(original)), 4), wire))
    return sorted(out, key=lambda c: c.doc)


class TextSource:
    """Document texts, read lazily: only candidate pairs need their full text."""

    def __init__(self, texts: Iterable[tuple[str, str]] = (), fetch: Callable[[str], str] | None = None) -> None:
        self._texts: dict[str, str] = dict(texts)
        self._fetch = fetch

    def text(self, doc: str) -> str:
        if doc not in self._texts:
            self._texts[doc] = self._fetch(doc) if self._fetch else ""
        return self._texts[doc]


def copy_findings(copies: Sequence[Copy], lengths: dict[str, int], titles: dict[str, str | None]) -> list[Finding]:
    """A ``duplicate`` finding on each syndicated copy, pointing at its original."""
    out = []
    for c in copies:
        title = titles.get(c.original) or c.original
        via = f" ({c.wire} wire copy)" if c.wire else ""
        out.append(Finding(
            kind="duplicate", doc=c.doc, spans=((0, lengths.get(c.doc, 0)),),
            refs=(Ref(c.original, 0, lengths.get(c.original, 0)),),
            why=(f"This article is a syndicated copy of “{title}”{via}: {c.similarity:.0%} of its text is the "
                 "same, so it counts as the same report, not an independent one."),
            key=f"duplicate|syndicated|{c.original}",
        ))
    return out
