"""The words that name a speaker: the noun phrase a reporting verb's subject spans, and
what kind of speaker it is -- a document ("figures", "a study published in ..."), a group
of people ("officials"), an anonymous one ("people familiar with the matter") or the
first person.  Used by :mod:`claimledger.extract.speech` to cut the speaker's words out of
the parse and by :mod:`claimledger.extract.source_names` to name them."""

from __future__ import annotations

from typing import TYPE_CHECKING

from claimledger.extract.mentions import ORG_NOUNS, ROLE_WORDS

if TYPE_CHECKING:
    from spacy.tokens import Span, Token


def _words(text: str) -> frozenset[str]:
    """A word list written as one string (easier to read and extend than a list literal)."""
    return frozenset(text.split())


DATA_NOUNS = _words("""
data datum figure figures statistic statistics number numbers estimate estimates information intelligence
report reports study studies survey surveys analysis research poll polls census record records
document documents tally count calculation calculations projection projections model models
assessment assessments review finding findings evidence chart table map numbers release testing test tests
experiment experiments trial trials measurement measurements result results filing filings
forecast forecasts outlook guidance projection tally tallies statement statements announcement briefing
bulletin
""")
FIRST_PERSON = _words("i we me us")
FIRST_PERSON_POSS = _words("our my")


# Nouns for people or bodies that can be a source without a name ("officials", "witnesses").
SPEAKER_NOUNS = frozenset(_words("""
people person sources source witness witnesses resident residents official officials expert experts analyst
analysts doctor doctors survivor survivors relative relatives worker workers employee employees member members
insider insiders diplomat diplomats authorities police organiser organisers organizer organizers spokesman
spokeswoman spokesperson lawyer lawyers prosecutor prosecutors investigator investigators researcher researchers
scientist scientists economist economists trader traders medic medics rescuer rescuers activist activists
"""))


_ANONYMOUS = frozenset(("people", "person", "source", "sources", "insider", "insiders"))
# Words that leave a source unnamed: "senior sources", "two people familiar with ..."
_VAGUE = frozenset(("senior", "unnamed", "anonymous", "informed", "reliable", "several", "other", "some", "many",
                    "familiar", "close", "knowledgeable", "two", "three", "four"))


def anonymous(span: Span) -> bool:
    """"people familiar with the matter", "a source close to the talks", "sources": the
    text names nobody (but "police sources" and "hospital officials" say who)."""
    root = span.root
    return root.lower_ in _ANONYMOUS and not any(
        t.pos_ == "PROPN" or (t.ent_type_ and t.ent_type_ not in ("CARDINAL",)) or (
            t.dep_ in ("compound", "amod", "nmod", "poss") and t.head.i == root.i and t.lower_ not in _VAGUE)
        for t in span)


def can_speak(tok: Token) -> bool:
    """Can ``tok`` head the name of someone who asserts something: a named entity, a body,
    a role, a group of people, or a document?"""
    if tok.ent_type_ in ("PERSON", "ORG", "NORP", "GPE") or tok.pos_ == "PROPN":
        return True
    return any(is_a(tok, words) for words in (ORG_NOUNS, ROLE_WORDS, DATA_NOUNS, SPEAKER_NOUNS))


# --- noun phrases ------------------------------------------------------------------------

def speaker_np(tok: Token) -> Span:
    """The speaker's noun phrase headed by ``tok``: its modifiers and "of"/"for" phrases and
    coordinated partners, without relative clauses, appositions or parentheticals; a
    named entity is taken whole."""
    doc = tok.doc
    if tok.ent_type_ and tok.ent_iob_ in ("B", "I"):
        ent = next((e for e in doc.ents if e.start <= tok.i < e.end), None)
        if ent is not None and ent.label_ in ("PERSON", "ORG", "GPE", "NORP"):
            left = _left_edge(tok, ent.start)
            right = max(ent.end, tok.i + 1)
            conj = [c for c in tok.children if c.dep_ == "conj" and c.pos_ in ("NOUN", "PROPN", "PRON")]
            if conj:
                right = max(right, conj[-1].right_edge.i + 1)  # "Paganini and his team"
            return doc[left:right]
    named_appos = next((c for c in tok.children if c.dep_ == "appos" and c.ent_type_ in ("ORG", "PERSON")), None)
    if named_appos is not None and not tok.ent_type_:
        return speaker_np(named_appos)  # "The UN refugee agency, UNHCR, estimates" -> UNHCR
    left = _left_edge(tok, tok.i)
    right = tok.i
    for c in tok.children:
        if c.i < tok.i:
            continue
        if c.dep_ == "prep" and (c.lower_ in ("of", "for", "on", "from", "at", "in") or (
                c.lower_ in ("with", "by") and is_a(tok, DATA_NOUNS))) and (
                is_a(tok, ORG_NOUNS) or is_a(tok, ROLE_WORDS) or is_a(tok, DATA_NOUNS) or tok.pos_ == "PROPN"):
            right = max(right, c.right_edge.i)
        elif c.dep_ in ("cc",) or (c.dep_ == "conj" and c.pos_ in ("NOUN", "PROPN")):
            right = max(right, c.right_edge.i if c.dep_ == "conj" else c.i)
        elif c.dep_ in ("compound", "flat") or (c.dep_ == "appos" and c.ent_type_ == "PERSON"):
            right = max(right, c.right_edge.i)
        elif c.dep_ == "acl" and c.tag_ == "VBN" and c.i == tok.i + 1 and is_a(tok, DATA_NOUNS):
            right = max(right, _described_until(c))  # "a study published on Wednesday in Neurology"
    while right > tok.i and doc[right].is_punct:
        right -= 1
    return doc[left:right + 1]


def _described_until(participle: Token) -> int:
    """Where a document's describing participle phrase ends: at its last word, a comma or
    ten words on, whichever comes first."""
    end = participle.i
    for t in participle.doc[participle.i:participle.right_edge.i + 1]:
        if t.text in (",", ";", "(", "—", "–") or t.i - participle.i >= 10:
            break
        end = t.i
    return end


def _left_edge(tok: Token, floor: int) -> int:
    left = floor
    for c in tok.lefts:
        if c.dep_ in ("det", "amod", "compound", "poss", "nmod", "nummod", "quantmod", "predet", "advmod") \
                and not c.is_punct:
            left = min(left, c.left_edge.i)
    doc = tok.doc
    for k in range(floor - 1, left - 1, -1):  # a dateline or a parenthesis glued on the left
        if (doc[k].is_punct and doc[k].text not in ("'", "’", "-", ".")) or doc[k].text in (" - ", "—", "–"):
            left = k + 1
            break
    while left < tok.i and (doc[left].is_punct or doc[left].lower_ in ("and", "but")):
        left += 1
    return left


def first_person(span: Span | None) -> bool:
    return span is not None and len(span) == 1 and span[0].lower_ in FIRST_PERSON


def is_a(tok: Token, words: frozenset[str]) -> bool:
    return tok.lower_ in words or tok.lemma_.lower() in words


def data_head(span: Span) -> Token:
    """The noun a speaker's phrase is about: its root, or a data noun closing it that the
    parse hung elsewhere ("Statistics Canada data" before a "show" tagged as a noun)."""
    last = span[-1]
    if not is_a(span.root, DATA_NOUNS) and last.pos_ == "NOUN" and is_a(last, DATA_NOUNS):
        return last
    return span.root


def is_data(span: Span) -> bool:
    head = data_head(span)
    return is_a(head, DATA_NOUNS) and head.ent_type_ == ""
