"""Who issued the statement, report or figures a later sentence speaks of.

"The company flat-out denied the allegations in a statement. ... '...,' the statement
continued." -- the statement speaks for the company, so the company is the source, as a
reader would say.  While mentions are collected, :func:`note_issuers` records, per document
noun ("statement", "report", "figures" ...), who issued the last one named:

* "X issued / released / published / put out a statement";
* "X said in a statement", "In a statement, X said";
* "a statement from X", "figures published by X", "X's statement".

:func:`issuer_of` then answers for "the statement" / "that report" / "the figures": the
issuer's name, or None when the text never said whose it was.
"""

from __future__ import annotations

from typing import TYPE_CHECKING

from claimledger.extract.context import DocContext, SentenceView
from claimledger.extract.speech import is_a, speaker_np, subject_of

if TYPE_CHECKING:
    from spacy.tokens import Span, Token

# Document nouns a later "the ..." can point back to, by lemma.
DOC_NOUNS = frozenset((
    "statement", "report", "figure", "data", "study", "letter", "filing", "complaint", "memo", "release",
    "analysis", "survey", "update", "bulletin", "assessment", "review", "indictment", "lawsuit", "post",
    "presentation", "document", "notice", "announcement", "audit", "poll", "paper",
))
_ISSUE_VERBS = frozenset((
    "issue", "release", "publish", "put", "send", "post", "share", "file", "submit", "present", "unveil",
    "circulate", "distribute", "produce", "commission", "conduct", "carry", "compile",
))
_DEFINITE = frozenset(("the", "this", "that", "these", "those", "its", "their"))


def doc_noun(tok: Token) -> str | None:
    """The document noun ``tok`` stands for ("figures" -> "figure"), or None."""
    lemma = tok.lemma_.lower()
    if lemma in DOC_NOUNS and tok.pos_ == "NOUN":
        return lemma
    return None


def note_issuers(view: SentenceView, ctx: DocContext) -> None:
    """Record in ``ctx.issuers`` who issued each document named in this sentence."""
    sent = view.span()
    if sent is None:
        return
    from claimledger.extract.source_names import name_of, owner_of

    for tok in sent:
        noun = doc_noun(tok)
        if noun is None:
            continue
        words = _issuer_words(tok)
        if words is None:
            owned = owner_of(speaker_np(tok))
            words = owned
        if words is None:
            continue
        named = name_of(words, view, ctx)
        if named is not None and not named.data:
            ctx.issuers[noun] = named.name


def _issuer_words(tok: Token) -> Span | None:
    """The words naming who issued the document ``tok``: the subject of "issued a statement"
    or of "said in a statement"."""
    head = tok.head
    if tok.dep_ in ("dobj", "nsubjpass") and head.lemma_.lower() in _ISSUE_VERBS and head.pos_ == "VERB":
        return subject_of(head, 0) if tok.dep_ == "dobj" else None
    if tok.dep_ == "pobj" and head.lower_ == "in" and head.head.pos_ in ("VERB", "AUX"):
        return subject_of(head.head, 0)  # "said in a statement", "denied the claims in a statement"
    return None


def issuer_of(span: Span, ctx: DocContext) -> str | None:
    """Who issued the document a definite "the statement" / "the figures" (``span``, a data
    noun phrase with no owner of its own) points back to, if the text said so."""
    root = span.root
    noun = doc_noun(root)
    if noun is None or not any(c.lower_ in _DEFINITE for c in root.children):
        return None
    if any(is_a(c, DOC_NOUNS) for c in root.children if c.dep_ == "compound"):
        return None
    return ctx.issuers.get(noun)
