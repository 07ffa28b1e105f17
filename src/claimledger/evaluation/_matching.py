"""The matching primitives of the reference scorer (``shared/eval/score.py``), typed.

They are copied rule for rule rather than "improved": the project's own evaluation must give
the same numbers as the scorer that judges it, so every quirk (which words are dropped from a
noun phrase, the last-token rule for sources, the relative tolerance on bounds) is kept.
"""

from __future__ import annotations

import re

# Function words that carry nothing when comparing two descriptions of what is counted.
_STOP = frozenset({"the", "a", "an", "of", "in", "to", "and"})
_TOKEN = re.compile(r"[a-z0-9]+")


def norm_tokens(text: str | None) -> list[str]:
    """Lower-cased alphanumeric tokens without the stop words."""
    return [t for t in _TOKEN.findall((text or "").lower()) if t not in _STOP]


def token_f1(pred: str | None, gold: str | None) -> float:
    """Bag-of-tokens F1 between two short phrases (0.0 when either is empty)."""
    ta, tb = norm_tokens(pred), norm_tokens(gold)
    if not ta or not tb:
        return 0.0
    common = sum(min(ta.count(t), tb.count(t)) for t in set(ta))
    if common == 0:
        return 0.0
    p, r = common / len(ta), common / len(tb)
    return 2 * p * r / (p + r)


def spans_of(text: str, needle: str) -> list[tuple[int, int]]:
    """Every (possibly overlapping) occurrence of ``needle`` in ``text``, as spans."""
    out: list[tuple[int, int]] = []
    i = text.find(needle)
    while i >= 0:
        out.append((i, i + len(needle)))
        i = text.find(needle, i + 1)
    return out


def overlaps(a: tuple[int, int], b: tuple[int, int]) -> bool:
    """True when two half-open spans share at least one character."""
    return a[0] < b[1] and b[0] < a[1]


def num_eq(x: float | int | str | None, y: float | int | str | None) -> bool:
    """Bounds agree: both open, or equal within a relative tolerance of 1e-6."""
    if x is None or y is None:
        return x is None and y is None
    return abs(float(x) - float(y)) <= 1e-6 * max(1.0, abs(float(y)))


def source_ok(pred: str | None, gold: str | None) -> bool:
    """A predicted source is right when it shares half its tokens with the gold source or
    contains the gold's last token ("Patel" for "Vedant Patel"); an unnamed gold source
    wants no source at all."""
    if gold is None:
        return pred in (None, "")
    if not pred:
        return False
    return token_f1(pred, gold) >= 0.5 or all(t in norm_tokens(pred) for t in norm_tokens(gold)[-1:])


def prf(tp: int, fp: int, fn: int) -> tuple[float, float, float]:
    """Precision, recall and F1 (0.0 where undefined)."""
    p = tp / (tp + fp) if tp + fp else 0.0
    r = tp / (tp + fn) if tp + fn else 0.0
    f = 2 * p * r / (p + r) if p + r else 0.0
    return p, r, f
