"""What happened, in a few words: "North Korea ratifies the pact" read off the verb that
governs an event's date (subject + present-tense verb + object), or the noun a date
modifies ("Ukraine's invasion")."""

from __future__ import annotations

import re
from typing import TYPE_CHECKING

if TYPE_CHECKING:
    from spacy.tokens import Span, Token

_IRREGULAR_3S = {"be": "is", "have": "has", "do": "does", "go": "goes"}


def np_without(noun: Token, span: Span) -> str:
    """The noun phrase of ``noun`` without the date and articles: "Ukraine's invasion"."""
    skip = set(range(span.start, span.end))
    words = [t for t in noun.subtree if t.i <= noun.i and t.i not in skip and not (t.dep_ == "case" and t.i - 1 in skip)
             and t.lower_ not in ("the", "a", "an", "this", "that", "early", "late", "mid")]
    text = " ".join(t.text for t in words)
    return re.sub(r"\s+(['’]s)\b", r"\1", text) or noun.text


def _short_np(tok: Token, depth: int = 0) -> str:
    """A compact noun phrase: modifiers before the head, the head, an "of" phrase and
    "X and Y" partners."""
    keep = [t for t in tok.subtree if t.i < tok.i and t.dep_ in ("compound", "amod", "poss", "case", "nmod", "flat",
                                                                 "nummod", "quantmod") and t.head.i >= t.i]
    left = min([t.i for t in keep] + [tok.i])
    words = [t for t in tok.doc[left:tok.i + 1] if t.lower_ not in ("the", "a", "an") and not t.is_punct]
    text = re.sub(r"\s+(['’]s)\b", r"\1", " ".join(t.text for t in words))
    if depth < 2:
        for c in tok.children:
            if c.dep_ == "prep" and c.lower_ == "of":
                obj = next((g for g in c.children if g.dep_ == "pobj" and g.pos_ in ("NOUN", "PROPN")), None)
                if obj is not None:
                    text += " of " + _short_np(obj, depth + 1)
        for c in tok.children:
            if c.dep_ == "conj" and c.pos_ in ("NOUN", "PROPN"):
                text += " and " + _short_np(c, depth + 1)
    return text


def _plural(tok: Token) -> bool:
    return tok.tag_ in ("NNS", "NNPS") or tok.lower_ in ("they", "we", "you", "i") or any(
        c.dep_ == "conj" for c in tok.children)


def _present(verb: Token, plural: bool) -> str:
    lemma = verb.lemma_.lower()
    if plural:
        return "are" if lemma == "be" else lemma
    if lemma in _IRREGULAR_3S:
        return _IRREGULAR_3S[lemma]
    if re.search(r"(?:s|sh|ch|x|z|o)$", lemma):
        return lemma + "es"
    if re.search(r"[^aeiou]y$", lemma):
        return lemma[:-1] + "ies"
    return lemma + "s"


def what_actor(verb: Token) -> Token | None:
    """The verb's subject; through "who"/"which" to the noun it stands for; for a verb
    without one ("..., starting on November 9") the subject of the verb it hangs on."""
    for _ in range(4):
        subj = next((c for c in verb.children if c.dep_ in ("nsubj", "nsubjpass")), None)
        if subj is not None:
            if subj.lower_ in ("who", "which", "that") and verb.dep_ == "relcl":
                return verb.head
            return subj
        if verb.dep_ not in ("xcomp", "advcl", "conj", "pcomp", "acl", "relcl") or verb.head.i == verb.i:
            return None
        via = verb.dep_
        verb = verb.head
        if verb.pos_ == "ADP":
            return None  # "after reaching a settlement": the doer is not on the path
        if verb.pos_ in ("NOUN", "PROPN"):
            return verb if via in ("acl", "relcl") else None
    return None


def _complement(verb: Token, skip: range) -> str:
    """What the verb does it to: its object (through "which"/"that" to the noun it stands
    for), else, for "be", what the subject is."""
    obj = next((c for c in verb.children if c.dep_ in ("dobj", "dative") and c.i not in skip), None)
    if obj is not None:
        if obj.lower_ in ("which", "that", "what") and verb.dep_ == "relcl":
            return _short_np(verb.head)
        return _short_np(obj) if obj.pos_ != "PRON" else obj.text
    if verb.lemma_.lower() == "be":
        comp = next((c for c in verb.children if c.dep_ in ("attr", "acomp", "prep")
                     and not any(t.i in skip for t in c.subtree)), None)
        if comp is not None:
            return " ".join(t.text for t in comp.subtree if not t.is_punct)[:60]
    return ""


def what_clause(verb: Token, skip: range) -> str:
    """"North Korea ratifies the pact": subject + present-tense verb + object, short."""
    actor = what_actor(verb)
    passive = any(c.dep_ in ("auxpass", "nsubjpass") for c in verb.children) or (
        verb.dep_ == "acl" and verb.tag_ == "VBN")  # "A ceasefire agreed in Jeddah" -> "ceasefire is agreed"
    plural = actor is not None and _plural(actor)
    parts: list[str] = [_short_np(actor)] if actor is not None else []
    if passive:
        parts.append(("are " if plural else "is ") + verb.text.lower())
    else:
        parts.append(_present(verb, plural))
    parts.extend(c.text for c in verb.children if c.dep_ == "prt")
    comp = _complement(verb, skip)
    if comp and (actor is None or comp != _short_np(actor)):
        parts.append(comp)
    text = " ".join(p for p in parts if p).strip()
    return text if len(text.split()) > 1 else verb.sent.text.strip()[:120]
