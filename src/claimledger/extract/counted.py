"""What a figure counts: a short noun phrase read from the dependency parse.

A ledger entry "11,000" is useless without "North Korean soldiers in Russian service".
:func:`counted_phrase` reads the phrase in two steps:

1. *What is counted*: a gap between two sides or a part named by a predicate
   (:mod:`~claimledger.extract.counted_relations`: "Marsh's winning margin", "children
   among deaths"), else (:func:`~claimledger.extract.counted_reading.read_figure`) a share, a
   change, the noun the number modifies or whose "of" it fills, a part of a whole, the
   level a clause's subject reaches, or the noun a bare number left out.

2. *The dress* (:mod:`~claimledger.extract.counted_dress`): the noun's compounds and adjectives, a
   participle or short prepositional phrase ("killed or wounded", "in Russian service"),
   and what the clause does to it — the verb as a past participle with its agent ("acres
   burned by the Cedar Gap fire", "people killed by the earthquake"), the complement of a
   linking verb ("people unaccounted for"), the verb and object of its subject ("runners
   who started the race") —, a rate ("per year"), the unit in brackets ("(km)") and the
   period the sentence gives ("(past twenty-four hours)").  Verbs of saying and believing
   are never dress: they tell who speaks, not what is counted.

The modules: ``counted_relations`` and ``counted_reading`` (step 1), ``counted_dress`` (step 2), ``counted_tree``
(small readings of the parse both use) and ``counted_lexicon`` (the word tables).

Pure: reads the parse, never changes it.  None when the block was not parsed or no noun
can be found.  Phrases stay short (about nine words) so they can be compared and grouped.
"""

from __future__ import annotations

import re
from typing import TYPE_CHECKING

from claimledger.extract import counted_lexicon as lx
from claimledger.extract.context import SentenceView
from claimledger.extract.counted_dress import (
    conjoined,
    frame_words,
    left_mods,
    own_prep,
    right_attachment,
    time_span,
    verb_only,
)
from claimledger.extract.counted_reading import Reading, named_again, read_figure
from claimledger.extract.counted_relations import (
    gap_reading,
    more_of,
    noun_level,
    predicate_part,
    restatement,
    strong_group,
    where_count,
)
from claimledger.extract.counted_tree import (
    is_num,
    named,
    subject_of,
)
from claimledger.models import Quantity

if TYPE_CHECKING:
    from spacy.tokens import Span, Token

MAX_WORDS = 9
UNIT_WORDS = lx.UNIT_WORDS
_PERIOD = re.compile(r"\b(?:past|last|previous|first)\s+(?:[\w-]+\s+){0,2}?(?:hours|days|weeks|months|years|"
                     r"decades)\b", re.IGNORECASE)


def counted_phrase(view: SentenceView, q: Quantity) -> str | None:
    """The short noun phrase ``q`` counts in ``view``'s sentence, or None."""
    if view.doc is None:
        return None
    span = view.char_span(q.start, q.end)
    sent = view.span()
    if span is None or sent is None or len(span) == 0:
        return None
    qspan = {t.i for t in span}
    anchor = _anchor(span)
    reading = gap_reading(anchor, qspan, q.unit) or predicate_part(anchor) or noun_level(anchor, q.unit) \
        or restatement(anchor, q.unit) or strong_group(anchor) or more_of(anchor) or where_count(anchor, qspan, q.unit) \
        or named_again(read_figure(anchor, qspan, q), anchor, q)
    words = _words(reading, qspan) if reading is not None else []
    if not words and q.unit in lx.UNIT_QUANTITIES:  # "230 kW" -> power (kW)
        words = [lx.UNIT_QUANTITIES[q.unit]]
    if not words:
        words = own_prep(anchor, qspan)
    unit = _unit_word(q)
    words = _dedupe(words)[:MAX_WORDS]
    if not words and not unit:
        return None
    words += _rate(span, sent, words)
    if unit and not any(w.lower().rstrip("s") == unit.lower().rstrip("s") for w in words):
        words.append(f"({unit})")
    period = _PERIOD.search(sent.text)
    if period and not _overlaps(view, period, q) and len(words) < MAX_WORDS + 1 \
            and _same_clause(view.char_span(view.start + period.start(), view.start + period.end()), anchor):
        words.append(f"({period.group(0)})")
    elif (verb := _clause_verb(anchor)) is not None and len(words) < MAX_WORDS:
        words = _with_span(words, time_span(verb, words), qspan, sent)
    first = sent[0]
    if first.pos_ != "PROPN" and not first.ent_type_ and first.text[:1].isupper() and not first.text.isupper():
        words = [w.lower() if w == first.text else w for w in words]  # "Net income fell" -> net income
    text = re.sub(r"\s+(['’]s)\b", r"\1", " ".join(words))  # "Jupiter 's" -> "Jupiter's"
    text = re.sub(r"\s*-\s*", "-", text)  # "e - tron" -> "e-tron"
    text = re.sub(r"(?:(?<=\s)|^)-+|-+(?=\s|$)", "", text).strip()  # "0-62 mph time" without its numbers
    return text if re.search(r"[A-Za-z]", text) else None


def _overlaps(view: SentenceView, m: re.Match[str], q: Quantity) -> bool:
    s, e = view.start + m.start(), view.start + m.end()
    return s < q.end and q.start < e


def _with_span(words: list[str], when: list[str], qspan: set[int], sent: Span) -> list[str]:
    """The span a running count covers ("since January", "this year", "overnight"), before
    the unit: a point in time ("last month") is the claim's date, left to ``as_of``."""
    if not when or when[0].lower() == "last" or any(t.i in qspan for t in sent if t.text in when):
        return words
    at = next((k for k, w in enumerate(words) if w.startswith("(")), len(words))
    return [*words[:at], *when, *words[at:]]


def _clause_verb(tok: Token) -> Token | None:
    """The nearest verb ``tok`` hangs from (itself when it is one)."""
    node = tok
    for _ in range(12):
        if node.pos_ in ("VERB", "AUX"):
            return node
        if node.head.i == node.i:
            return None
        node = node.head
    return None


def _same_clause(period: Span | None, anchor: Token) -> bool:
    """The period ("the past 24 hours") is told of the figure's own clause, or of a clause
    the figure's hangs from ("Over the past day, Russia lost 1,250 troops and 57 drones"),
    not of another ("..., giving her a majority for her first two years")."""
    if period is None or len(period) == 0:
        return False
    where, verb = _clause_verb(period.root), _clause_verb(anchor)
    if where is None or verb is None:
        return True
    return where.i == verb.i or where in verb.ancestors


def _anchor(span: Span) -> Token:
    """The token of the quantity whose head lies outside it (its syntactic root)."""
    inside = {t.i for t in span}
    roots = [t for t in span if t.head.i not in inside or t.head.i == t.i]
    nums = [t for t in roots if t.like_num or t.pos_ == "NUM"]
    if nums or any(t.pos_ in ("NOUN", "PROPN") for t in roots):
        return (nums or roots)[-1]
    # the root is a hedge word or verb ("estimated at $85 million"): the number it governs
    heads = [t for t in span if is_num(t) and not (is_num(t.head) and t.head.i in inside and t.head.i != t.i)]
    return heads[0] if heads else (roots or list(span))[-1]


def _dedupe(words: list[str]) -> list[str]:
    out: list[str] = []
    for w in words:
        if not out or out[-1].lower() != w.lower():
            out.append(w)
    return out


# --- the dress -------------------------------------------------------------------------

def _words(r: Reading, qspan: set[int]) -> list[str]:
    """The reading dressed: lead, modifiers, noun, its own attachment, then what the clause does."""
    words = list(r.lead)
    right: list[str] = []
    if r.noun is not None:
        words += [*left_mods(r.noun, qspan), r.noun.text]
        if r.dress:
            right = right_attachment(r.noun, qspan)
            words += (conjoined(r.noun, qspan) if not right else []) + right
    words += r.tail
    if r.frame is not None and (not right or right[0].lower() in ("of", "in", "on", "at", "from", "with")):
        if r.noun is None and r.frame.dep_ in ("advmod", "npadvmod", "dobj") and not r.lead:
            words += verb_only(r.frame)
        else:
            used = qspan | ({t.i for t in r.noun.subtree} if r.noun is not None else set())
            words += frame_words(r.frame, used, MAX_WORDS - len(words), r.verb)
    return words


# --- rate and unit ---------------------------------------------------------------------

def _rate(span: Span, sent: Span, words: list[str]) -> list[str]:
    """"$85 million a year", "50 people a week", "61 people per boat" -> per year / per boat."""
    doc = span.doc
    i = span.end
    while i < min(sent.end, span.end + 3) and doc[i].pos_ in ("NOUN", "PROPN", "ADJ"):
        i += 1  # past the counted noun itself ("50 people a week")
    if i + 1 < sent.end and doc[i].lower_ in ("a", "an", "per") and doc[i + 1].pos_ == "NOUN" \
            and doc[i + 1].text not in words and not _WHEN.match(doc[i + 2].lower_ if i + 2 < sent.end else ""):
        return ["per", doc[i + 1].text]
    if i < sent.end and doc[i].lower_ in ("each", "apiece") and doc[i].head.pos_ == "VERB":
        subj = named(subject_of(doc[i].head))  # "customers could receive up to $5,000 each"
        return ["per", subj.lemma_] if subj is not None and subj.tag_ == "NNS" else ["each"]
    return []


_WHEN = re.compile(r"(?:earlier|ago|later|before|after)$")  # "19 a week earlier" is a time, not a rate


def _unit_word(q: Quantity) -> str | None:
    unit = UNIT_WORDS.get(q.unit or "")
    if unit in ("$", "£"):
        return None
    text = (q.text or "").lower()
    if unit == "degrees":
        if re.search(r"\d\s*c\b|celsius|°c", text):
            return "degrees C"
        if re.search(r"\d\s*f\b|fahrenheit|°f", text):
            return "degrees F"
    if unit == "tonnes" and "tonne" not in text:
        return "tons"
    return unit
