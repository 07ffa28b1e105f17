"""Peer baselines: what off-the-shelf number finders score on the same gold, same scorer.

The README shows claimledger beside them so a reader can judge what the extraction adds.
Both peers give values only: no hedge beyond what their output implies, nothing counted, no
source, no date.  They are scored by building a ``claimledger-export/1`` dict from their
output and passing it to :func:`claimledger.evaluation.score`, so the comparison is exact.

* quantulum3 (``parser.parse``) with its unit classifier switched off: the pickled
  classifier it ships does not load under the installed scikit-learn, and the rule-based
  disambiguation it falls back to does not change the values.
* spaCy's CARDINAL / MONEY / PERCENT / QUANTITY entities, each turned into a number by a
  small parser (digits, scale words, number words, "N to M" ranges).
"""

from __future__ import annotations

import re
import warnings
from collections.abc import Iterator, Mapping
from contextlib import contextmanager
from typing import Any

from claimledger.evaluation.scorer import score

SPACY_NUMBER_LABELS = frozenset({"CARDINAL", "MONEY", "PERCENT", "QUANTITY"})

_UNITS = {"zero": 0, "one": 1, "two": 2, "three": 3, "four": 4, "five": 5, "six": 6, "seven": 7,
          "eight": 8, "nine": 9, "ten": 10, "eleven": 11, "twelve": 12, "thirteen": 13, "fourteen": 14,
          "fifteen": 15, "sixteen": 16, "seventeen": 17, "eighteen": 18, "nineteen": 19, "twenty": 20,
          "thirty": 30, "forty": 40, "fifty": 50, "sixty": 60, "seventy": 70, "eighty": 80, "ninety": 90,
          "a": 1, "an": 1, "dozen": 12, "dozens": 12}
_SCALES = {"hundred": 100, "thousand": 1e3, "million": 1e6, "billion": 1e9, "trillion": 1e12,
           "k": 1e3, "m": 1e6, "mn": 1e6, "bn": 1e9, "b": 1e9, "tn": 1e12}
_NUM = re.compile(r"\d+(?:,\d{3})*(?:\.\d+)?|\.\d+")
_WORD = re.compile(r"[a-z]+")
_RANGE = re.compile(r"(?:between\s+)?(.+?)\s*(?:-|–|—|\bto\b|\band\b)\s*(.+)$")
# spaCy leaves a glued scale suffix outside the entity: "€40m" gives the entity "40".
_SUFFIX = re.compile(r"(bn|mn|tn|m|k)\b", re.IGNORECASE)


def _value(text: str) -> float | None:
    """One number from a short phrase: '2.5 billion', '€40m', 'forty-two', 'two dozen'."""
    t = re.sub(r"\bhalf an? ", "0.5 ", text.lower().replace("-", " "))
    m = _NUM.search(t)
    if m:
        v = float(m.group().replace(",", ""))
        tail = _WORD.match(t[m.end():].lstrip())
        if tail and tail.group() in _SCALES:
            v *= _SCALES[tail.group()]
        return v
    total, current, seen = 0.0, 0.0, False
    for w in _WORD.findall(t):
        if w in _UNITS:
            current = (current or 0) + _UNITS[w] if w not in ("dozen", "dozens") else (current or 1) * 12
            seen = True
        elif w in _SCALES and seen:
            current = (current or 1) * _SCALES[w]
            if _SCALES[w] >= 1e3:
                total, current = total + current, 0.0
    return total + current if seen else None


def parse_bounds(text: str) -> tuple[float, float] | None:
    """(low, high) for an entity's text; a range gives two different bounds."""
    m = _RANGE.match(text.strip())
    if m and _NUM.search(m.group(1)) and _NUM.search(m.group(2)):
        lo, hi = _value(m.group(1)), _value(m.group(2))
        if lo is not None and hi is not None and lo < hi:
            return lo, hi
    v = _value(text)
    return None if v is None else (v, v)


def _claim(doc: str, start: int, end: int, low: float, high: float) -> dict[str, Any]:
    return {"doc": doc, "start": start, "end": end, "low": low, "high": high,
            "hedge": "exact" if low == high else "range", "counted": None, "source": None, "as_of": None}


def _export(texts: Mapping[str, str], claims: list[dict[str, Any]]) -> dict[str, Any]:
    return {"schema": "claimledger-export/1",
            "documents": [{"id": k, "text": v} for k, v in texts.items()],
            "claims": claims, "events": [], "findings": []}


@contextmanager
def _quantulum_without_classifier() -> Iterator[Any]:
    from quantulum3 import classifier, parser

    saved = classifier.USE_CLF
    classifier.USE_CLF = False
    try:
        with warnings.catch_warnings():
            warnings.simplefilter("ignore")
            yield parser
    finally:
        classifier.USE_CLF = saved


def quantulum_export(gold: Mapping[str, Any], texts: Mapping[str, str]) -> dict[str, Any]:
    """quantulum3's quantities in every gold document, as an export dict."""
    docs = {name: texts.get(name, "") for name in gold.get("documents", {})}
    claims: list[dict[str, Any]] = []
    with _quantulum_without_classifier() as parser:
        for name, text in docs.items():
            for q in parser.parse(text):
                unc = float(q.uncertainty or 0.0)
                v = float(q.value)
                claims.append(_claim(name, q.span[0], q.span[1], v - unc, v + unc))
    return _export(docs, claims)


def spacy_export(gold: Mapping[str, Any], texts: Mapping[str, str]) -> dict[str, Any]:
    """spaCy's number entities in every gold document, as an export dict."""
    from claimledger.nlp import get_nlp

    nlp = get_nlp()
    docs = {name: texts.get(name, "") for name in gold.get("documents", {})}
    claims: list[dict[str, Any]] = []
    for name, text in docs.items():
        for ent in nlp(text).ents:
            if ent.label_ not in SPACY_NUMBER_LABELS:
                continue
            end = ent.end_char
            suffix = _SUFFIX.match(text, end)
            if suffix:
                end = suffix.end()
            bounds = parse_bounds(text[ent.start_char:end])
            if bounds is not None:
                claims.append(_claim(name, ent.start_char, end, *bounds))
    return _export(docs, claims)


def baseline_quantulum(gold: Mapping[str, Any], texts: Mapping[str, str]) -> dict[str, Any]:
    """Scores (``score.py --json`` shape) of quantulum3 on the gold documents."""
    return score(gold, quantulum_export(gold, texts), texts).to_dict()


def baseline_spacy_numbers(gold: Mapping[str, Any], texts: Mapping[str, str]) -> dict[str, Any]:
    """Scores (``score.py --json`` shape) of spaCy's number entities on the gold documents."""
    return score(gold, spacy_export(gold, texts), texts).to_dict()
