"""The dress of a counted phrase: what the clause around a counted noun says about it.

:func:`frame_words` reads the noun's place in its clause — the object of a verb ("burned by
the Cedar Gap fire", "Marsh pledged to hire"), the subject of a linking verb ("remain
missing"), of a passive ("sent to eastern Russia") or of an active one ("who started the
race") —; :func:`left_mods` and :func:`right_attachment` read the noun's own modifiers
("North Korean ... in Russian service").  Verbs of saying and believing are never dress:
they tell who speaks, not what is counted.
"""

from __future__ import annotations

from typing import TYPE_CHECKING

from claimledger.extract import counted_lexicon as lx
from claimledger.extract.counted_tree import (
    MOD_DEPS,
    child_of,
    first_prep,
    glued,
    is_noun,
    is_num,
    name_of,
    named,
    participle,
    particles,
    person_of,
    prep_phrase,
    subject_of,
    texts,
    unwrap,
)

if TYPE_CHECKING:
    from spacy.tokens import Token

SPANS = frozenset({"year", "season", "month", "quarter", "decade", "century", "summer", "winter", "spring",
                    "autumn", "fall"})


POBJ_PREPS = frozenset({"for", "at", "in", "across", "among"})


PEOPLE = lx._wordset("people persons residents workers employees runners victims members voters patients "
                      "students children adults men women soldiers migrants passengers fans spectators users "
                      "customers investors participants volunteers miners firefighters rescuers officers")


def frame_words(node: Token, qspan: set[int], room: int, with_verb: bool = True) -> list[str]:
    """What the clause does to the counted thing: "burned by the fire", "remain missing"."""
    node = np_root(node)
    verb = node.head
    if node.dep_ == "pobj" and verb.lower_ in ("including", "among") and verb.head.pos_ == "VERB":
        node, verb = verb, verb.head  # "killing 14 people, including three children"
    if node.dep_ == "pobj" and verb.dep_ == "prep" and verb.head.pos_ == "VERB" and verb.lower_ in POBJ_PREPS \
            and any(c.i in qspan for c in node.children) and not any(c.dep_ == "prep" for c in node.children):
        host = verb.head  # "prosecutors asked for a sentence of 15 years" -> sentence prosecutors asked for
        subj = named(subject_of(host))
        if host.lemma_.lower() in lx.SAYING | lx.LINKING or subj is None or node.lower_ in ("%", "percent"):
            return []
        modal = [c.text for c in host.children if c.tag_ == "MD"][:1]
        return [*name_of(subj, 3), *modal, host.text, verb.text][:room]
    if verb.i == node.i or verb.pos_ not in ("VERB", "AUX") or room <= 0:
        return []
    lemma = verb.lemma_.lower()
    if node.dep_ == "nsubjpass" and lemma in lx.SAYING:
        xcomp = child_of(verb, "xcomp")  # "are believed to be in Russian service"
        if xcomp is None:
            return []
        node, verb, lemma = child_of(verb, "nsubjpass") or node, xcomp, xcomp.lemma_.lower()
        if lemma in lx.LINKING:
            return complement_words(verb, qspan)[:room]
    if node.dep_ in ("dobj", "dative", "prep"):
        if lemma in lx.SAYING:
            return []
        agent = person_of(verb) if lemma in lx.LIGHT else []
        if lemma == "make" and not agent:
            agent = name_of(named(child_of(verb, "nsubj")), 2)  # "the goalkeeper made 41 saves"
        if agent:
            return ["by", *agent][:room]
        if lemma in ("make", "have", "get"):
            return []
        return object_frame(verb, qspan, room, with_verb)
    if node.dep_ == "nsubjpass":
        words = texts([*particles(verb), *first_prep(verb, qspan)], lead=participle(verb))
        return [*words, *time_span(verb, words)][:room]
    if node.dep_ == "nsubj":
        if lemma in lx.LINKING or verb.pos_ == "AUX":
            return complement_words(verb, qspan)[:room]
        if lemma in lx.SAYING:
            return []
        obj = child_of(verb, "dobj")
        rest = name_of(obj, 3) if obj is not None and obj.i not in qspan and not is_num(obj) \
            else texts(first_prep(verb, qspan))
        who = ["who"] if obj is not None and node.lower_ in PEOPLE and verb.tag_ != "VBG" else []
        also = next((c for c in verb.rights if c.dep_ == "conj" and c.pos_ == "VERB" and not child_of(c, "nsubj")), None)
        if obj is None and also is not None:  # "have died or gone missing"
            cc = [c.text for c in verb.rights if c.dep_ == "cc" and c.i < also.i][:1]
            rest = [*cc, also.text, *[t.text for t in also.children if t.dep_ in ("acomp", "prt")]]
        return [*who, verb.text, *[t.text for t in particles(verb)], *rest][:room]
    return []


def np_root(node: Token) -> Token:
    """The head of the noun phrase's place in the clause: through lists and appositions."""
    for _ in range(6):
        if node.dep_ in ("conj", "appos") and node.head.pos_ in ("NOUN", "PROPN", "NUM") and node.head.i != node.i:
            node = node.head  # "fifty-seven systems" is a conjunct of "troops ... lost"
        elif node.dep_ == "pobj" and node.head.lower_ in ("including", "among") \
                and node.head.head.pos_ in ("NOUN", "PROPN"):
            node = node.head.head
        elif node.dep_ == "pobj" and node.head.head.lower_ in lx.CONTAINERS and node.head.lower_ == "of":
            node = node.head.head  # "one piece of special equipment"
        else:
            break
    return node


def object_frame(verb: Token, qspan: set[int], room: int, with_verb: bool) -> list[str]:
    """An object's verb: "burned by the Cedar Gap fire"; with a will or a modal, the clause
    as a relative one: "Marsh pledged to hire", "Harte could miss"."""
    chain = verb
    while chain.dep_ == "conj" and chain.head.pos_ == "VERB" and chain.head.i != chain.i:
        chain = chain.head  # "promised to hire ... and to build ..."
    to = any(c.dep_ == "aux" and c.lower_ == "to" for c in chain.children)
    ctrl = chain.head if chain.dep_ in ("xcomp", "acl") and chain.head.i != chain.i and to else None
    subj = named(subject_of(chain if ctrl is not None else verb))
    who = name_of(subj, 3) if subj is not None and subj.i not in qspan else []
    prep = texts(first_prep(verb, qspan))
    prt = [t.text for t in particles(verb)]
    modal = [c.text for c in (*chain.children, *verb.children) if c.tag_ == "MD"][:1]
    if with_verb and ctrl is not None and ctrl.pos_ in ("VERB", "NOUN") and ctrl.lemma_.lower() not in lx.SAYING:
        lead = [*who, ctrl.text] if ctrl.pos_ == "VERB" else [ctrl.text]
        words = [*lead, "to", verb.lemma_, *prt]
    elif with_verb and modal and who:  # with nobody named, "budget will inherit" reads better as "budget inherited"
        words = [*who, *modal, verb.lemma_, *prt]
    else:
        words = [participle(verb), *prt] if with_verb else []
        if who and len(words) + len(who) + 1 <= room:
            words += ["by", *who]
    if len(words) + len(prep) <= room:
        words += prep
    when = time_span(verb, prep)
    if len(words) + len(when) <= room:
        words += when
    return words[:room]


def time_span(verb: Token, used: list[str]) -> list[str]:
    """The span a running count covers, when the verb gives one: "this year", "last season",
    "since 2000", "overnight".  A single day is left to the claim's date (``as_of``)."""
    for child in verb.children:
        words = [t.text for t in child.subtree if not t.is_punct]
        if len(words) > 4 or any(w in used for w in words):
            continue
        if child.dep_ in ("npadvmod", "advmod") and (child.lower_ == "overnight" or (
                child.ent_type_ == "DATE" and child.lower_ in SPANS and words[0].lower() in ("this", "last"))):
            return words
        if child.dep_ == "prep" and child.lower_ == "since":
            return words
    return []


def complement_words(verb: Token, qspan: set[int]) -> list[str]:
    """What a linking verb says of its subject: "remain missing", "are under evacuation orders"."""
    for child in verb.rights:
        if child.i in qspan or is_num(child):
            continue
        if child.dep_ == "acomp":
            return [t.text for t in child.subtree if not t.is_punct and t.i not in qspan][:4]
        if child.dep_ == "attr" and is_noun(child):
            return name_of(child, 3)
        if child.dep_ == "prep" and child.pos_ == "ADP":
            phrase = prep_phrase(child, qspan)
            if phrase:
                return texts(phrase)
    return []


def conjoined(noun: Token, qspan: set[int]) -> list[str]:
    """"artillery pieces and multiple launch rocket systems": a conjunct with no number of its own."""
    for child in noun.rights:
        if child.dep_ == "conj" and child.pos_ == noun.pos_ \
                and not any(c.like_num or c.dep_ in ("det", "poss") for c in child.lefts):
            cc = [c.text for c in noun.rights if c.dep_ == "cc" and c.i < child.i]
            words = [*cc[:1], *left_mods(child, {noun.i}), child.text]
            return words if len(words) <= 5 else []
    return []


def left_mods(noun: Token, qspan: set[int]) -> list[str]:
    """Compounds and adjectives after the number ("North Korean"), and a named owner
    before it ("Jupiter's 79 moons")."""
    after_number = max(qspan) + 1 if qspan and max(qspan) < noun.i else noun.left_edge.i
    out: set[Token] = set()
    for child in noun.lefts:
        if child.dep_ == "poss" and child.pos_ == "PROPN" and child.i < after_number:
            out.update(t for t in child.subtree if t.i not in qspan and t.pos_ in ("PROPN", "PART"))
        elif child.dep_ in MOD_DEPS and child.i >= after_number and child.i not in qspan and child.pos_ != "PRON":
            out.update(t for t in child.subtree if t.i >= after_number and t.i not in qspan
                       and (not t.is_punct or t.text == "-") and t.pos_ != "DET"
                       and (not t.like_num or t.ent_type_ == "ORDINAL" or t.lower_ in lx.ORDINAL_WORDS))
    kept = sorted(out, key=lambda t: t.i)
    doc = noun.doc
    dash = max((t.i for t in doc[kept[0].i:noun.i] if t.text in ("-", "–", "—") and t.whitespace_
                and t.i > 0 and doc[t.i - 1].whitespace_), default=-1) if kept else -1
    return glued([t for t in kept if t.i > dash])  # "March 5 - The Millbrook River": the line's date is cut off


def right_attachment(noun: Token, qspan: set[int]) -> list[str]:
    """A participle ("killed or wounded") or a short prepositional phrase ("in Russian service")."""
    for child in noun.rights:
        if child.dep_ in ("acl", "relcl") and child.pos_ == "VERB" and child.lemma_ not in lx.SAYING:
            if child.dep_ == "relcl" and child.i > 0 and child.doc[child.left_edge.i - 1].is_punct:
                return []  # ", which includes ...": an aside, not a restriction
            verbs = [child, *[c for c in child.children if c.dep_ == "conj" and c.pos_ == "VERB"]]
            cc = [c for c in child.children if c.dep_ == "cc"]
            last = verbs[-1]
            obj = child_of(last, "dobj")
            rest = name_of(obj, 3) if obj is not None and not is_num(obj) and obj.pos_ != "PRON" \
                else texts(first_prep(last, qspan))
            who = [c.text for c in child.children if c.dep_ == "nsubj" and c.lower_ == "who"]
            return [*who, *texts([*verbs, *cc, *particles(last)]), *rest]
        if child.dep_ == "prep" and child.lower_ in ("of", "in", "on", "at", "from", "for", "with", "into",
                                                      "against", "under", "among", "inside", "per"):
            phrase = prep_phrase(child, qspan)
            if len(phrase) > 1 and not any(is_num(t) and t.ent_type_ != "ORDINAL" for t in phrase):
                return glued(phrase)
    return []


def verb_only(anchor: Token) -> list[str]:
    """A count with no noun ("Parise scored twice"): the verb and whom it is credited to."""
    verb = anchor.head
    if verb.pos_ != "VERB" or verb.lemma_ in lx.SAYING or anchor.dep_ not in ("advmod", "npadvmod", "dobj"):
        return []
    agent = person_of(verb)
    return [verb.text, "by", *agent] if agent else []


def own_prep(anchor: Token, qspan: set[int]) -> list[str]:
    """Last resort: what the figure is for ("$1 billion for some of Neumann's shares")."""
    for child in anchor.rights:
        if child.dep_ == "prep" and child.lower_ in ("for", "of", "on", "in"):
            pobj = child_of(child, "pobj")
            if pobj is not None and is_noun(pobj):
                noun = unwrap(pobj) or pobj
                return [*left_mods(noun, qspan | {child.i}), noun.text]
    return []
