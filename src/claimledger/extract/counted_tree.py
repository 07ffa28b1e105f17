"""Small readings of a spaCy parse that :mod:`claimledger.extract.counted` is built from.

Each answers one question about the tree around a figure: is this token a noun or a number,
who is the subject of this verb (its own, the antecedent of "which", or the one of the
clause it hangs from), which noun does an "of" lead to, what is a noun's name ("the 2021
River fire"), what is a verb's first prepositional phrase, what is its past participle.
They never change the parse.
"""

from __future__ import annotations

from typing import TYPE_CHECKING

from claimledger.extract import counted_lexicon as lx

if TYPE_CHECKING:
    from spacy.tokens import Token

SCALE_ABBR = frozenset({"m", "bn", "b", "k", "mn", "mln", "bln", "tn", "trn"})


MOD_DEPS = frozenset({"compound", "amod", "nmod", "poss", "npadvmod"})


PARTICLES = frozenset({"down", "up", "out", "off", "away", "back", "over"})


def is_noun(tok: Token) -> bool:
    return tok.pos_ in ("NOUN", "PROPN") and not tok.like_num and tok.lower_ not in SCALE_ABBR


def is_num(tok: Token) -> bool:
    return tok.like_num or tok.pos_ == "NUM" or tok.lower_ in SCALE_ABBR


def child_of(tok: Token, dep: str) -> Token | None:
    return next((c for c in tok.children if c.dep_ == dep), None)


def named(tok: Token | None) -> Token | None:
    """``tok`` unless it is a pronoun ("it", "they"), which names nothing by itself, or a
    dateline ("SPRINGFIELD, Ohio — The closure ...") the parser took for a subject."""
    if tok is None or tok.pos_ == "PRON":
        return None
    if tok.text.isupper() and len(tok.text) > 3 and any(t.text in ("—", "–", "(") for t in tok.doc[tok.i + 1:tok.i + 6]):
        return None
    return tok


def subject_of(verb: Token, passive: bool = False) -> Token | None:
    """Who or what does ``verb``: its own subject, the antecedent of "which", or the subject
    of the clause it hangs from ("..., killing 14 people"; "ordered Haskell to pay").  With
    ``passive``, a passive subject too (what the clause is about, not who acts)."""
    deps = ("nsubj", "nsubjpass") if passive else ("nsubj",)
    for _ in range(4):
        subjects = [c for c in verb.children if c.dep_ in deps]  # a dateline parsed as a second subject is none
        subj = next((c for c in subjects if named(c) is not None), subjects[0] if subjects else None)
        if subj is not None:
            if subj.tag_ in ("WDT", "WP") and verb.dep_ == "relcl" and verb.head.i != verb.i:
                return verb.head
            return subj if is_noun(subj) or subj.pos_ == "PRON" else None
        if verb.dep_ == "xcomp":
            obj = child_of(verb.head, "dobj")
            if obj is not None and is_noun(obj):
                return obj
        if verb.dep_ == "acl" and verb.tag_ == "VBG" and is_noun(verb.head):
            return verb.head  # "the boat, carrying 63 people"
        before = verb.doc[verb.i - 1] if verb.i > 0 else verb
        if verb.dep_ == "conj" and before.pos_ == "PROPN" and before.dep_ in ("conj", "pobj", "appos"):
            return before  # "X scored for the Sabres and Linus Ullmark stopped 22 shots" (misparsed)
        if verb.dep_ in ("conj", "xcomp", "ccomp", "advcl", "relcl", "acomp", "oprd") and verb.head.i != verb.i:
            verb = verb.head
        else:
            return None
    return None


def unwrap(noun: Token | None) -> Token | None:
    """"the number of North Korean forces" -> forces."""
    if noun is not None and noun.lower_ in lx.CONTAINERS:
        return through_of(noun) or noun
    return noun


def through_of(tok: Token) -> Token | None:
    for child in tok.children:
        if child.dep_ == "prep" and child.lower_ == "of":
            pobj = child_of(child, "pobj")
            if pobj is not None and not is_num(pobj):
                return (through_of(pobj) or pobj) if pobj.lower_ in lx.CONTAINERS else pobj
    return None


def of_owner(tok: Token) -> Token | None:
    """The noun whose "of" the quantity fills: "a budget of $27 million" -> budget."""
    prep = tok.head
    if tok.dep_ == "pobj" and prep.lower_ == "of" and is_noun(prep.head) \
            and prep.head.lower_ not in lx.CONTAINERS:
        return prep.head
    return None


def clause_noun(tok: Token) -> Token | None:
    """The noun a clause says the number measures: "put the number of X to 11,000" -> X."""
    node = tok
    for _ in range(4):
        if node.dep_ in ("attr", "acomp"):
            return unwrap(named(subject_of(node.head, passive=True)))
        if node.dep_ in ("nsubj", "nsubjpass"):
            attr = next((c for c in node.head.children if c.dep_ in ("attr", "dobj") and c.i != node.i), None)
            return attr if attr is not None and is_noun(attr) else None
        if node.head.pos_ in ("VERB", "AUX") and node.head.i != node.i:
            verb = node.head
            obj = next((c for c in verb.children if c.dep_ in ("dobj", "dative") and c.i != node.i
                        and is_noun(c)), None)
            if obj is not None and node.dep_ != "dobj":
                return unwrap(obj)
            return unwrap(named(subject_of(verb, passive=True)))
        if node.head.i == node.i:
            return None
        node = node.head
    return None


def earlier_noun(tok: Token, money: bool = False) -> Token | None:
    """The last noun a number counts before ``tok``, in its sentence or the one before;
    with ``money``, also the noun an amount fills ("revenue of $2.5 billion")."""
    sent = tok.sent
    start = sent.start
    if start > 0:
        start = tok.doc[start - 1].sent.start
    for t in reversed(tok.doc[start:tok.i]):
        if not is_num(t):
            continue
        if t.dep_ in ("nummod", "quantmod") and is_noun(t.head) and t.head.i != tok.i \
                and t.head.lower_ not in lx.MEASURE_WORDS and t.head.lower_ not in ("%", "percent"):
            return unwrap(t.head)
        if money:
            owner = of_owner(t) or (of_owner(t.head) if t.head.pos_ in ("NUM", "SYM") else None)
            if owner is not None:
                return owner
    return None


def particles(verb: Token) -> list[Token]:
    """"shot down", "walked out", "set up": the particle completes the verb."""
    return [c for c in verb.children if c.dep_ == "prt"
            or (c.dep_ == "advmod" and c.i == verb.i + 1 and c.lower_ in PARTICLES)]


def participle(verb: Token) -> str:
    """"killing" -> "killed", "hire" -> "hired", "flew" -> "flown"."""
    if verb.tag_ == "VBN" or (verb.tag_ == "VBD" and verb.lower_.endswith("ed")):
        return verb.lower_ if verb.i == verb.sent.start else verb.text
    return lx.past_participle(verb.lemma_)


def person_of(verb: Token) -> list[str]:
    """The named person doing ``verb`` ("Alex Stalock made 30 saves")."""
    subj = child_of(verb, "nsubj")
    if subj is None or subj.pos_ != "PROPN" or subj.ent_type_ in ("GPE", "NORP", "LOC", "DATE", "FAC"):
        return []
    return [t.text for t in subj.subtree if t.pos_ == "PROPN" and t.i <= subj.i][-3:]


def name_of(tok: Token | None, limit: int) -> list[str]:
    """A noun with its name parts, in at most ``limit`` words: "the 2021 River fire" ->
    2021 River fire; "the Minneapolis-based company" -> Minneapolis-based company."""
    if tok is None:
        return []
    keep: list[Token] = [tok]
    for child in tok.lefts:
        if child.pos_ == "PRON" or any(is_num(t) and t.ent_type_ != "DATE" for t in child.subtree):
            continue  # "its two motors", "a magnitude 7.1 earthquake"
        if child.dep_ in ("compound", "poss", "amod", "nmod") or (child.dep_ == "nummod" and child.ent_type_ == "DATE"):
            keep += [t for t in child.subtree if t.ent_type_ == "DATE" or not (is_num(t) or t.text == "+")]
    words: list[str] = []
    glue = True
    for t in sorted({t.i: t for t in keep}.values(), key=lambda t: t.i):
        if t.is_punct and t.text not in "-'’":
            glue = False
            continue
        if words and (glue or t.text in ("'s", "’s", "-")):
            words[-1] += t.text
        else:
            words.append(t.text)
        glue = not t.whitespace_
    return words[-limit:]


def glued(tokens: list[Token]) -> list[str]:
    """Token texts as words: "quarter", "-", "point" -> "quarter-point"; punctuation dropped."""
    words: list[str] = []
    glue = False
    for t in tokens:
        if t.is_punct and t.text not in "-'’":
            glue = False
            continue
        if words and (glue or t.text in ("'s", "’s", "-")):
            words[-1] += t.text
        else:
            words.append(t.text)
        glue = not t.whitespace_ and t.text == "-"
    return words


def content_words(tokens: list[Token]) -> int:
    return sum(1 for t in tokens if not t.is_punct and t.lower_ not in ("the", "a", "an"))


def texts(tokens: list[Token], lead: str | None = None) -> list[str]:
    unique = sorted({t.i: t for t in tokens}.values(), key=lambda t: t.i)
    words = glued(unique)[:8]
    return [lead, *words] if lead else words


def prep_phrase(prep: Token, skip: set[int], depth: int = 0) -> list[Token]:
    """"during protests in Bolivia against ..." -> during protests in Bolivia (the head, cut short)."""
    pobj = child_of(prep, "pobj")
    pcomp = child_of(prep, "pcomp")
    if pobj is None and pcomp is not None and pcomp.tag_ == "VBG":  # "of fighting the fire"
        obj = child_of(pcomp, "dobj")
        return [prep, pcomp, *([obj] if obj is not None and obj.i not in skip and not is_num(obj) else [])]
    if pobj is None or pobj.i in skip or is_num(pobj) or pobj.pos_ == "PRON" \
            or pobj.ent_type_ in ("CARDINAL", "MONEY", "PERCENT", "QUANTITY"):
        return []
    mods = [t for c in pobj.lefts if c.dep_ in MOD_DEPS or (c.dep_ == "det" and c.lower_ == "the")
            for t in c.subtree if (not t.is_punct or t.text == "-") and not t.like_num and t.i not in skip]
    phrase = [prep, *mods, pobj]
    if content_words(phrase) > 5:
        phrase = [prep, *mods[-3:], pobj]
    if depth == 0:
        inner = next((c for c in pobj.rights if c.dep_ == "prep" and c.lower_ in ("in", "of", "at", "on")), None)
        more = prep_phrase(inner, skip, 1) if inner is not None else []
        if content_words(phrase) + content_words(more) <= 6:
            phrase += more
    return phrase


def first_prep(verb: Token, skip: set[int] | None = None, most: int = 1) -> list[Token]:
    """The verb's first prepositional phrase (or ``most`` of them, six content words in all):
    where and to whom, not why or according to whom."""
    out: list[Token] = []
    for child in verb.rights:
        if child.dep_ in ("prep", "dative", "agent") and child.pos_ == "ADP" \
                and child.lower_ not in ("according", "as", "despite", "because", "since", "after", "before",
                                         "until", "amid", "than"):
            phrase = prep_phrase(child, skip or set())
            if phrase and (not out or content_words(out) + content_words(phrase) <= 6):
                out += phrase
                most -= 1
                if most == 0:
                    break
    return out
