"""From a speaker's words to a source: names, owners of data, pronouns and roles resolved,
and the choice among the levels of a reporting chain.

"his country's intelligence" has no named owner and defers to whoever reports it;
"McKinley's figures" belong to McKinley; "he" and "the agency" are resolved through
:mod:`claimledger.extract.mentions`; of the agents in a chain the outermost asserts the
figure in this text and outlets above it only relay it.
"""

from __future__ import annotations

import re
from dataclasses import dataclass
from typing import TYPE_CHECKING

from claimledger.extract.context import DocContext, SentenceView
from claimledger.extract.issuers import issuer_of
from claimledger.extract.mentions import is_media, resolve
from claimledger.extract.speech import (
    FIRST_PERSON,
    FIRST_PERSON_POSS,
    Level,
    agent_of,
    anonymous,
    data_head,
    is_data,
    speaker_np,
)
from claimledger.models import Attribution

if TYPE_CHECKING:
    from spacy.tokens import Span, Token

def owner_of(span: Span) -> Span | None:
    """Whose data it is: "McKinley's figures", "a Reuters tally", "a Cal Fire incident
    report", "data from the CDC", "a study by the national epidemiology centre", "results
    released by the county clerk's office".  "his country's intelligence" has no named
    owner and defers to whoever reports it."""
    root = data_head(span)
    for c in root.children:
        if c.dep_ == "poss" and (c.pos_ == "PROPN" or (c.pos_ == "NOUN" and not any(
                g.dep_ == "poss" for g in c.children))):
            return speaker_np(c)  # "McKinley's figures", "the ministry's statement" -- not "his country's"
    near = {t.i: t for t in root.subtree} | {t.i: t for t in span}  # the span too: a parse can hang
    named = [t for _i, t in sorted(near.items())  # "Statistics Canada" on the verb, not on "data"
             if t.i < root.i and t.pos_ == "PROPN" and t.ent_type_ in ("ORG", "PERSON", "GPE")]
    if named:
        return speaker_np(named[-1])
    for c in root.children:
        if c.dep_ == "prep" and c.lower_ in ("from", "by"):
            obj = next((g for g in c.children if g.dep_ == "pobj"), None)
            if obj is not None and obj.pos_ in ("PROPN", "NOUN"):
                return speaker_np(obj)
        if c.dep_ == "acl" and c.tag_ == "VBN":  # "results released early Monday by the clerk's office"
            agent = agent_of(c)
            if agent is not None:
                return agent
    return None



# --- choosing the source -----------------------------------------------------------------

@dataclass
class Named:
    name: str
    role: str | None
    org: str | None
    media: bool
    data: bool
    start: int
    end: int


def name_of(span: Span, view: SentenceView, ctx: DocContext) -> Named | None:
    start, end = view.to_doc(span.start_char), view.to_doc(span.end_char)
    data = is_data(span)
    if data:
        owner = owner_of(span)
        if owner is not None:
            got = name_of(owner, view, ctx)
            if got is not None:
                return got
        issuer = issuer_of(span, ctx)  # "the statement said" after "The company issued a statement"
        if issuer is not None:
            m = resolve(issuer, ctx)
            role, org = (m.role, m.org) if m is not None else (None, None)
            return Named(issuer, role, org, is_media(issuer), False, start, end)
    words = span.text.strip()
    low = words.lower()
    if len(span) == 1 and span[0].pos_ == "PRON":
        if low in FIRST_PERSON:
            return None
        hint = "PERSON" if low in ("he", "she", "him", "her") else "GROUP" if low in ("they", "them") else "ORG"
        last = _continued_speaker(span, ctx, hint)
        if last is not None:
            return Named(last.name, last.role, last.org, is_media(last.name), False, start, end)
        m = resolve(low, ctx, None if hint == "GROUP" else hint, before=start)
        if m is None:
            return None
        return Named(m.name, m.role, m.org, m.kind == "MEDIA", False, start, end)
    if any(t.dep_ == "conj" and t.head.i == span.root.i for t in span):
        return Named(strip_name(words), None, None, False, False, start, end)  # "Paganini and his team"
    if data and (len(span) == 1 or _nameless(span.root) or any(
            c.dep_ == "poss" and c.lower_ in FIRST_PERSON_POSS for c in span.root.children)):
        return None  # "Reports indicate", "separate data showed", "our testing suggests": nobody named
    # a document's description names no speaker: "a study published ... in the journal Neurology"
    ents = [e for e in span.ents if not data or e.start <= data_head(span).i]
    people = [e for e in ents if e.label_ == "PERSON" and not (" " not in e.text and is_media(e.text))]
    person = next((e for e in people if e.start <= span.root.i < e.end), people[-1] if people else None)
    if person is None:  # a surname the tagger took for a place or a company ("McKinley cited")
        person = next((e for e in ents if resolve(e.text, ctx, "PERSON")), None)
    if person is not None:
        m = resolve(person.text, ctx, "PERSON")
        if m is not None:
            return Named(m.name, m.role, m.org, False, False, start, end)
        return Named(strip_name(person.text), None, None, False, False, start, end)
    if low.startswith("the ") and all(t.text.islower() or t.is_punct for t in span[1:]):
        m = resolve(low, ctx, before=start)  # "The company said in a filing with the SEC": not the SEC
        if m is not None:
            return Named(m.name, m.role, m.org, m.kind == "MEDIA", False, start, end)
    if not any(c.isalpha() for c in words):
        return None
    head = span.root.head if span.root.dep_ == "appos" else span.root
    described = span.doc[head.left_edge.i:span.root.i + 1].text  # "Tech news site TechPulse"
    return Named(strip_name(words), None, None, is_media(words) or is_media(described), data, start, end)


def _continued_speaker(pronoun: Span, ctx: DocContext, hint: str) -> Attribution | None:
    """"..., he added." / "She also said ...": the speaker goes on, so the pronoun is the
    last source named, even if someone else was mentioned in between."""
    verb = pronoun.root.head
    goes_on = verb.lemma_.lower() in ("add", "continue") or any(c.lower_ == "also" for c in verb.children)
    last = ctx.last_source
    if not goes_on or not isinstance(last, Attribution):
        return None
    m = resolve(last.name, ctx, hint)
    return last if m is not None and m.name == last.name else None


# Modifiers that say nothing about whose data it is: "separate data", "the latest figures".
_GENERIC = frozenset((
    "separate", "new", "other", "further", "more", "additional", "recent", "latest", "earlier", "previous",
    "preliminary", "provisional", "initial", "early", "final", "available", "fresh", "some", "such", "many",
    "several", "various", "multiple", "similar", "a", "an", "monthly", "weekly", "annual", "quarterly", "daily",
))
_DEFINITE = frozenset(("the", "this", "that", "these", "those", "its", "their", "his", "her"))


def _nameless(noun: Token) -> bool:
    """A data noun whose words name nobody: only generic modifiers, no description and no
    definite article pointing back ("separate data showed", "new figures show" -- but "state
    data", "the latest damage assessment", "a study published in 2023", "results of a
    Phase 3 trial", "the figures show" are what the text names or has named)."""
    if any(c.dep_ in ("acl", "relcl", "prep", "appos") or c.lower_ in _DEFINITE for c in noun.children):
        return False  # described, or one the text has spoken of ("the figures show", "its report")
    return all(c.lower_ in _GENERIC or c.is_punct for c in noun.children if c.i < noun.i)


def strip_name(text: str) -> str:
    return re.sub(r"['’]s$", "", re.sub(r"\s+", " ", text).strip(" ,.;:\"'“”‘’()"))


def choose(levels: list[Level], view: SentenceView, ctx: DocContext) -> Attribution | None:
    named: list[tuple[Level, Named]] = []
    for lv in levels:
        if lv.subject is None:
            continue
        got = name_of(lv.subject, view, ctx)
        if got is not None:
            named.append((lv, got))
    if not named:
        return None
    # The outermost agent is the one asserting in this text ("Zelensky said [his country's
    # intelligence suggested ...]"); outlets above it only relay.
    agents = [(lv, n) for lv, n in named if not n.media and not n.data]
    if agents:
        chosen = agents[-1]
    else:
        media = [(lv, n) for lv, n in named if n.media]
        chosen = media[0] if media else named[0]
    lv, n = chosen
    if lv.cited is not None and not anonymous(lv.cited):  # the reporter relays whom it cites
        original = name_of(lv.cited, view, ctx)
        if original is not None and not original.data:
            return Attribution(name=original.name, role=original.role, org=original.org, relayed_by=n.name,
                               stance=lv.stance, start=original.start, end=original.end)
    relay: str | None = None
    outer_media = [x for x in named if x[1].media and x[0].depth > lv.depth]
    if outer_media:
        relay = outer_media[-1][1].name
    elif lv.dative is not None and is_media(lv.dative.text):
        relay = strip_name(lv.dative.text)
    return Attribution(name=n.name, role=n.role, org=n.org, relayed_by=relay, stance=lv.stance,
                       start=n.start, end=n.end)


