"""Which feed items belong to the story: a keyword query, or similarity to the ledger.

Query syntax (``--match``)::

    kursk AND (north korea OR pyongyang) NOT football
    "north korean" troop*  OR  "kim jong un"

* ``AND``, ``OR``, ``NOT`` are operators only in capitals; precedence NOT > AND > OR;
  ``A NOT B`` means ``A AND NOT B``; parentheses group.
* Words written next to each other form a phrase (``north korea`` matches "North Korea",
  "north-korea", not "north of Korea"); quotes make a phrase explicit; two phrases with
  no operator between them must both occur (``"kim jong un" "putin"``).
* Matching ignores case, and a term matches its plural and possessive ("soldier" matches
  "soldiers", "soldier's"); ``*`` at the end of a term matches any ending (``korea*``
  matches "Korean", "Koreans").

Items are judged twice.  Before fetching, on the *teaser* (title, summary, keywords),
which is short and rarely names everything the query asks for: an item is fetched
unless the teaser rules it out (a ``NOT`` term present) or shares none of the query's
positive terms.  After fetching, on title + teaser + article text, with the plain
boolean meaning of the query.  So a football report whose title mentions Kursk is dropped
before any request, and an article whose summary says "Pyongyang" but whose text turns
out to be about football is dropped after one.
"""

from __future__ import annotations

import functools
import re
from collections import Counter
from collections.abc import Sequence
from dataclasses import dataclass
from typing import Protocol

from claimledger.errors import UsageError

OPERATORS = ("AND", "OR", "NOT")
_TOKEN = re.compile(r'\(|\)|"[^"]*"|[^\s()"]+')


class StoryFilter(Protocol):
    def could_match(self, teaser: str) -> bool: ...

    def matches(self, text: str) -> bool: ...

    def describe(self) -> str: ...


class AcceptAll:
    """No filter: every item of every feed belongs to the story."""

    def could_match(self, teaser: str) -> bool:
        return True

    def matches(self, text: str) -> bool:
        return True

    def describe(self) -> str:
        return "every item"


# ---------------------------------------------------------------------------- query AST
@dataclass(frozen=True)
class Term:
    words: tuple[str, ...]
    wildcard: bool = False

    def found(self, text: str) -> bool:
        return _term_pattern(self.words, self.wildcard).search(text) is not None


@functools.lru_cache(maxsize=1024)
def _term_pattern(words: tuple[str, ...], wildcard: bool) -> re.Pattern[str]:
    body = r"\W+".join(re.escape(w) for w in words)
    end = r"\w*" if wildcard else r"(?:s|es|'s|’s)?\b"
    return re.compile(r"\b" + body + end, re.IGNORECASE)


@dataclass(frozen=True)
class Not:
    child: Node


@dataclass(frozen=True)
class And:
    left: Node
    right: Node


@dataclass(frozen=True)
class Or:
    left: Node
    right: Node


Node = Term | Not | And | Or


def _evaluate(node: Node, text: str) -> bool:
    if isinstance(node, Term):
        return node.found(text)
    if isinstance(node, Not):
        return not _evaluate(node.child, text)
    if isinstance(node, And):
        return _evaluate(node.left, text) and _evaluate(node.right, text)
    return _evaluate(node.left, text) or _evaluate(node.right, text)


def _kleene(node: Node, text: str) -> bool | None:
    """Three-valued evaluation on a teaser: a term present is True, absent is unknown."""
    if isinstance(node, Term):
        return True if node.found(text) else None
    if isinstance(node, Not):
        v = _kleene(node.child, text)
        return None if v is None else not v
    a, b = _kleene(node.left, text), _kleene(node.right, text)
    if isinstance(node, And):
        if a is False or b is False:
            return False
        return True if a is True and b is True else None
    if a is True or b is True:
        return True
    return False if a is False and b is False else None


def _positive_terms(node: Node, negated: bool = False) -> list[Term]:
    if isinstance(node, Term):
        return [] if negated else [node]
    if isinstance(node, Not):
        return _positive_terms(node.child, not negated)
    return _positive_terms(node.left, negated) + _positive_terms(node.right, negated)


# ---------------------------------------------------------------------------- parser
class _Parser:
    def __init__(self, text: str) -> None:
        self.text = text
        self.tokens = _TOKEN.findall(text)
        self.pos = 0

    def error(self, what: str) -> UsageError:
        return UsageError(f"--match {self.text!r}: {what}.",
                          hint='Write e.g. --match \'kursk AND ("north korea" OR pyongyang) NOT football\'.')

    def peek(self) -> str | None:
        return self.tokens[self.pos] if self.pos < len(self.tokens) else None

    def take(self) -> str:
        tok = self.tokens[self.pos]
        self.pos += 1
        return tok

    def parse(self) -> Node:
        if not self.tokens:
            raise self.error("the query is empty")
        node = self.or_expr()
        if self.peek() is not None:
            raise self.error(f"unexpected {self.peek()!r}")
        return node

    def or_expr(self) -> Node:
        node = self.and_expr()
        while self.peek() == "OR":
            self.take()
            node = Or(node, self.and_expr())
        return node

    def and_expr(self) -> Node:
        node = self.not_expr()
        while (tok := self.peek()) is not None and tok not in ("OR", ")"):
            if tok == "AND":
                self.take()
            node = And(node, self.not_expr())  # "A NOT B": NOT is parsed by not_expr
        return node

    def not_expr(self) -> Node:
        if self.peek() == "NOT":
            self.take()
            return Not(self.not_expr())
        return self.atom()

    def atom(self) -> Node:
        tok = self.peek()
        if tok is None:
            raise self.error("a term is missing at the end")
        if tok == "(":
            self.take()
            node = self.or_expr()
            if self.peek() != ")":
                raise self.error("a ')' is missing")
            self.take()
            return node
        if tok in (")", "AND", "OR"):
            raise self.error(f"a term is missing before {tok!r}")
        if tok.startswith('"'):
            self.take()
            return _term(tok.strip('"').split(), self)
        words = []
        while (tok := self.peek()) is not None and tok not in (*OPERATORS, "(", ")") and not tok.startswith('"'):
            words.append(self.take())
        return _term(words, self)


def _term(words: list[str], parser: _Parser) -> Term:
    cleaned = [w.lower() for w in words if w.strip("*")]
    if not cleaned:
        raise parser.error("a term is empty")
    wildcard = cleaned[-1].endswith("*")
    cleaned = [w.rstrip("*") for w in cleaned]
    return Term(tuple(cleaned), wildcard)


@dataclass(frozen=True)
class Query:
    """A parsed ``--match`` query."""

    text: str
    root: Node

    def matches(self, text: str) -> bool:
        return _evaluate(self.root, text)

    def could_match(self, teaser: str) -> bool:
        if not teaser.strip():
            return True  # nothing to judge by: decide on the article
        verdict = _kleene(self.root, teaser)
        if verdict is not None:
            return verdict
        positives = _positive_terms(self.root)
        return not positives or any(t.found(teaser) for t in positives)

    def describe(self) -> str:
        return f"items matching {self.text!r}"


def parse_query(text: str) -> Query:
    """Parse a ``--match`` query; raise :class:`UsageError` with the problem and an example."""
    if text.count('"') % 2:
        raise UsageError(f"--match {text!r}: a quote is not closed.", hint='Close the phrase: "north korea".')
    return Query(text, _Parser(text).parse())


# ---------------------------------------------------------------------------- similarity
_WORD = re.compile(r"[^\W\d_][\w'’-]{2,}")


def _content_words(text: str) -> set[str]:
    from spacy.lang.en.stop_words import STOP_WORDS

    return {w for w in (m.group().lower().strip("'’-") for m in _WORD.finditer(text)) if w not in STOP_WORDS}


class SimilarityFilter:
    """Similar to the story already in the ledger: shares its characteristic words.

    The story's profile is the ``size`` content words found in the most ledger documents
    (weighted by that count, so "kursk" in every article outweighs "tuesday" in one).  A
    text matches when the profile words it contains carry at least ``threshold`` of the
    profile's weight; a teaser (a dozen words) needs a third of that to be worth a fetch.
    Titles are also compared one to one with rapidfuzz, which catches a follow-up that
    reuses a headline ("Kursk: what we know so far").
    """

    def __init__(self, texts: Sequence[str], titles: Sequence[str] = (), *, threshold: float = 0.3,
                 size: int = 40) -> None:
        if not texts:
            raise UsageError("--similar needs documents in the ledger to compare new items with.",
                             hint="Analyse a few articles of the story first, or use --match QUERY.")
        df: Counter[str] = Counter()
        for text in texts:
            df.update(_content_words(text))
        floor = 2 if len(texts) > 2 else 1
        common = [(w, n) for w, n in df.most_common() if n >= floor][:size]
        self.profile = dict(common)
        self.total = float(sum(self.profile.values())) or 1.0
        self.titles = [t for t in titles if t]
        self.threshold = threshold

    def score(self, text: str) -> float:
        words = _content_words(text)
        return sum(w for term, w in self.profile.items() if term in words) / self.total

    def _title_like(self, teaser: str) -> bool:
        from rapidfuzz import fuzz, process

        first_line = teaser.split("\n", 1)[0]
        if not self.titles or len(_content_words(first_line)) < 3:
            return False
        best = process.extractOne(first_line, self.titles, scorer=fuzz.token_sort_ratio)
        return best is not None and best[1] >= 80

    def could_match(self, teaser: str) -> bool:
        if not teaser.strip():
            return True
        return self.score(teaser) >= self.threshold / 3 or self._title_like(teaser)

    def matches(self, text: str) -> bool:
        return self.score(text) >= self.threshold or self._title_like(text)

    def describe(self) -> str:
        top = ", ".join(list(self.profile)[:8])
        return f"items similar to the ledger's story ({top} ...)"
