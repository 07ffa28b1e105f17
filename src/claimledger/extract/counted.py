"""What a figure counts: a short noun phrase read from the dependency parse.

A ledger entry "11,000" is useless without "North Korean soldiers in Russian service".
:func:`counted_phrase` finds the noun the number belongs to and dresses it with just enough
of the sentence to tell figures apart:

1. *The noun*: the head the number modifies ("1,250 troops"); through a container or unit
   ("10 units of armored vehicles", "5,200 pounds of water vapor", "0.4 percent of the
   population") to the object of its *of*; for a number standing alone ("a fifth of the
   50,000 were North Koreans", "put the number of North Korean forces ... to around 11,000",
   "the population ... is estimated at around 40,000") the noun its clause measures; for a
   measure ("16 feet long", "20-inch wheels") the thing measured.
2. *The dress*: the noun's compounds and adjectives, a participle or short prepositional
   phrase ("killed or wounded", "in Russian service"), the verb acting on it ("sent into
   Russia", "destroyed"), the person it is credited to ("saves by Alex Stalock"), the unit
   ("(feet)") and the period the sentence gives ("(past twenty-four hours)").  Verbs of
   saying and believing are never dress: they tell who speaks, not what is counted.

Pure: reads the parse, never changes it.  None when the block was not parsed or no noun
can be found.  Phrases stay short (about eight words) so they can be compared and grouped.
"""

from __future__ import annotations

import re
from typing import TYPE_CHECKING

from claimledger.extract.context import SentenceView
from claimledger.models import Quantity

if TYPE_CHECKING:
    from spacy.tokens import Span, Token

MAX_WORDS = 8


def _wordset(words: str) -> frozenset[str]:
    return frozenset(words.split())


# nouns that hold a count rather than name what is counted: look through to their "of"
_CONTAINERS = _wordset(
    "unit units piece pieces type types kind kinds sort sorts number numbers total totals figure figures tally "
    "amount amounts set sets group groups batch batches lot lots dozen dozens hundreds thousands "
    "millions billions percent per cent % share majority minority proportion fraction half third quarter "
    "fifth part portion rest most many some all each one none")
_MEASURE_WORDS = _wordset(
    "pounds pound lbs lb tons tonnes ton tonne kilograms kilogram kg grams gram ounces ounce miles mile "
    "kilometers kilometres kilometer kilometre km meters metres meter metre feet foot ft inches inch acres acre "
    "hectares hectare liters litres liter litre gallons gallon barrels barrel dollars dollar euros euro "
    "percent degrees degree hours hour minutes minute seconds second days day weeks week months month years "
    "year kw kwh mw gw hp horsepower mph fps lb-ft cu.ft")
# canonical unit -> the word a reader expects in brackets after the phrase
UNIT_WORDS: dict[str, str] = {
    "km": "km", "km²": "km²", "mi": "miles", "mi²": "square miles", "m": "meters", "cm": "cm", "mm": "mm",
    "ft": "feet", "in": "inches", "yd": "yards", "acre": "acres", "ha": "hectares", "kg": "kg", "g": "grams",
    "t": "tons", "lb": "pounds", "lb-ft": "lb-ft", "oz": "ounces", "l": "liters", "gal": "gallons",
    "bbl": "barrels", "kn": "knots", "mph": "mph", "km/h": "km/h", "°": "degrees", "magnitude": "magnitude",
    "kWh": "kWh", "MWh": "MWh", "GWh": "GWh", "TWh": "TWh", "kW": "kW", "MW": "MW", "GW": "GW", "hp": "hp",
    "fps": "fps", "cu ft": "cu.ft.", "m³": "cubic meters", "GB": "GB", "TB": "TB", "MB": "MB",
    "s": "seconds", "min": "minutes", "h": "hours", "day": "days", "week": "weeks", "month": "months",
    "year": "years", "decade": "decades", "century": "centuries", "EUR": "euros", "GBP": "pounds",
    "INR": "rupees", "JPY": "yen", "CNY": "yuan", "RUB": "rubles",
}
# "16 feet long" measures the subject's length
_COLLECTIVES = _wordset("dozen dozens couple pair trio quartet score hundred thousand million billion")
_TIME_WORDS = _wordset("hours hour minutes minute seconds second days day weeks week months month years year "
                       "decades decade")
_DIMENSIONS = {"long": "length", "wide": "width", "high": "height", "tall": "height", "deep": "depth",
               "away": "distance", "thick": "thickness", "across": "width", "old": "age", "heavy": "weight"}
_SAYING = _wordset(
    "say tell report believe think estimate expect claim note confirm reveal suggest indicate show know "
    "announce state write assess predict argue warn acknowledge insist put be")
# verbs that only credit a count to someone: "Stalock made 30 saves" -> "saves by Alex Stalock"
_LIGHT = _wordset("make have add get record post collect finish notch register tally log rack")
_MOD_DEPS = frozenset({"compound", "amod", "nmod", "poss", "npadvmod"})
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
    qspan = set(range(span.start, span.end))
    anchor = _anchor(span)
    noun, dimension = _counted_noun(anchor, qspan)
    unit = UNIT_WORDS.get(q.unit or "")
    if noun is None:
        words = _verb_only(anchor) or _own_prep(anchor, qspan) or ([unit] if unit else [])
    elif dimension == "clause":
        words = _dress_clause(noun, anchor, qspan)
    else:
        words = _dress(noun, qspan, dimension)
    if not words:
        return None
    if unit and unit.lower() not in (w.lower() for w in words):
        words.append(f"({unit})")
    period = _PERIOD.search(sent.text)
    if period and not _overlaps(view, period, q) and len(words) < MAX_WORDS:
        words.append(f"({period.group(0)})")
    text = re.sub(r"\s+(['’]s)\b", r"\1", " ".join(words))  # "Jupiter 's" -> "Jupiter's"
    return re.sub(r"\s*-\s*", "-", text) or None  # "e - tron" -> "e-tron"


def _overlaps(view: SentenceView, m: re.Match[str], q: Quantity) -> bool:
    s, e = view.start + m.start(), view.start + m.end()
    return s < q.end and q.start < e


def _anchor(span: Span) -> Token:
    """The token of the quantity whose head lies outside it (its syntactic root)."""
    inside = {t.i for t in span}
    roots = [t for t in span if t.head.i not in inside or t.head.i == t.i]
    nums = [t for t in roots if t.like_num or t.pos_ == "NUM"]
    return (nums or roots or list(span))[-1]


def _is_noun(tok: Token) -> bool:
    return tok.pos_ in ("NOUN", "PROPN") and not tok.like_num


# --- 1. the noun ----------------------------------------------------------------------

def _counted_noun(anchor: Token, qspan: set[int]) -> tuple[Token | None, str | None]:
    """The noun the quantity counts, and the dimension when it is a measure ("length")."""
    tok = anchor
    if tok.lower_ in ("twice", "thrice"):
        return None, None  # "Parise scored twice": no noun, the verb tells
    if _is_noun(tok) and tok.i in qspan:  # the quantity ends in its own noun ("5,200 pounds")
        if tok.lower_ not in _COLLECTIVES and tok.lower_ not in _CONTAINERS:
            return _through_unit(tok)
        through = _through_of(tok)  # "a trio of armored transporters", "a dozen people"
        if through is not None:
            return through, None
    head = tok.head
    if tok.dep_ in ("nummod", "quantmod", "compound", "amod", "nmod", "appos", "npadvmod", "det") \
            and _is_noun(head) and head.i != tok.i:
        return _through_unit(head)
    if head.lower_ == "worth" and _is_noun(head.head):  # "a deal worth $600 million"
        return head.head, None
    owner = _of_owner(tok)
    if owner is not None:  # "a budget of $27 million", "the national average of 3 percent"
        return owner, None
    through = _through_of(tok)  # "a fifth of the 50,000", "46 of their close contacts"
    if through is not None:
        return through, None
    if _is_noun(tok) and tok.lower_ not in _CONTAINERS:
        return tok, None
    noun = _clause_noun(tok)
    return (noun, "clause") if noun is not None else (None, None)


def _through_unit(unit: Token) -> tuple[Token | None, str | None]:
    """Past a unit or container: "pounds of water vapor", "feet long", "20-inch wheels"."""
    through = _through_of(unit) if unit.lower_ in _MEASURE_WORDS or unit.lower_ in _CONTAINERS else None
    if through is not None:
        return through, None
    owner = _of_owner(unit)
    if owner is not None:  # "a prison term of up to five years"
        return owner, None
    if unit.lower_ not in _MEASURE_WORDS or unit.lower_ in _TIME_WORDS:
        return unit, None  # "28 armored vehicle units", "50 weeks in jail": the noun itself
    if _is_noun(unit.head) and unit.dep_ in ("compound", "amod", "nmod", "nummod", "npadvmod") \
            and unit.head.i != unit.i:
        return unit.head, None
    for child in unit.children:
        dim = _DIMENSIONS.get(child.lower_)
        if dim:
            return _clause_noun(unit), dim
    dim = _DIMENSIONS.get(unit.head.lower_)
    if dim:
        return _clause_noun(unit.head), dim
    noun = _clause_noun(unit)
    return (noun, "clause") if noun is not None else (None, None)


def _of_owner(tok: Token) -> Token | None:
    """The noun whose "of" the quantity fills: "a budget of $27 million" -> budget."""
    prep = tok.head
    if tok.dep_ == "pobj" and prep.lower_ == "of" and _is_noun(prep.head) and prep.head.lower_ not in _CONTAINERS:
        return prep.head
    return None


def _through_of(tok: Token) -> Token | None:
    for child in tok.children:
        if child.dep_ == "prep" and child.lower_ == "of":
            pobj = next((c for c in child.children if c.dep_ == "pobj"), None)
            if pobj is not None and not (pobj.like_num or pobj.pos_ == "NUM"):
                return (_through_of(pobj) or pobj) if pobj.lower_ in _CONTAINERS else pobj
    return None


def _clause_noun(tok: Token) -> Token | None:
    """The noun a clause says the number measures: "put the number of X to 11,000" -> X."""
    node = tok
    for _ in range(4):
        if node.dep_ in ("attr", "acomp"):
            return _unwrap(_subject(node.head))
        if node.dep_ in ("nsubj", "nsubjpass"):
            attr = next((c for c in node.head.children if c.dep_ in ("attr", "dobj") and c.i != node.i), None)
            return attr if attr is not None and _is_noun(attr) else None
        if node.head.pos_ in ("VERB", "AUX") and node.head.i != node.i:
            verb = node.head
            obj = next((c for c in verb.children if c.dep_ in ("dobj", "dative") and c.i != node.i
                        and _is_noun(c)), None)
            if obj is not None and node.dep_ != "dobj":
                return _unwrap(obj)
            return _unwrap(_subject(verb))
        if node.head.i == node.i:
            return None
        node = node.head
    return None


def _subject(verb: Token) -> Token | None:
    for _ in range(3):
        subj = next((c for c in verb.children if c.dep_ in ("nsubj", "nsubjpass")), None)
        if subj is not None:
            return subj if _is_noun(subj) else None
        if verb.dep_ in ("conj", "xcomp", "ccomp", "advcl", "relcl") and verb.head.i != verb.i:
            verb = verb.head
        else:
            return None
    return None


def _unwrap(noun: Token | None) -> Token | None:
    """"the number of North Korean forces" -> forces."""
    if noun is not None and noun.lower_ in _CONTAINERS:
        return _through_of(noun) or noun
    return noun


# --- 2. the dress ---------------------------------------------------------------------

def _dress(noun: Token, qspan: set[int], dimension: str | None) -> list[str]:
    words = [*_left_mods(noun, qspan), noun.text]
    if dimension:
        return [*words, dimension]
    right = _right_attachment(noun, qspan)
    words += _conjoined(noun, qspan) if not right else []
    words += right
    if not right or right[0].lower() in ("of", "in", "on", "at", "from", "with"):
        words += _verb_part(noun, qspan, len(words))
    return words[:MAX_WORDS]


def _dress_clause(noun: Token, anchor: Token, qspan: set[int]) -> list[str]:
    """A noun found through the clause, plus the number's own verb ("Carlineo pay")."""
    words = [*_left_mods(noun, qspan), noun.text, *_right_attachment(noun, qspan)]
    verb = anchor.head
    if anchor.dep_ == "dobj" and verb.pos_ == "VERB" and verb.lemma_ not in _SAYING | _LIGHT \
            and verb.i != noun.head.i:
        words.append(verb.text)  # "Carlineo pay", "SoftBank inject"
    return words[:MAX_WORDS]


def _conjoined(noun: Token, qspan: set[int]) -> list[str]:
    """"artillery pieces and multiple launch rocket systems": a conjunct with no number of its own."""
    for child in noun.rights:
        if child.dep_ == "conj" and child.pos_ == noun.pos_ and not any(c.like_num for c in child.lefts):
            cc = [c.text for c in noun.rights if c.dep_ == "cc" and c.i < child.i]
            words = [*cc[:1], *_left_mods(child, {noun.i}), child.text]
            return words if len(words) <= 5 else []
    return []


def _left_mods(noun: Token, qspan: set[int]) -> list[str]:
    """Compounds and adjectives after the number ("North Korean"), and a named owner
    before it ("Jupiter's 79 moons")."""
    after_number = max(qspan) + 1 if qspan and max(qspan) < noun.i else noun.left_edge.i
    out: set[Token] = set()
    for child in noun.lefts:
        if child.dep_ == "poss" and child.pos_ == "PROPN" and child.i < after_number:
            out.update(t for t in child.subtree if t.i not in qspan and t.pos_ in ("PROPN", "PART"))
        elif child.dep_ in _MOD_DEPS and child.i >= after_number and child.i not in qspan:
            out.update(t for t in child.subtree if t.i >= after_number and t.i not in qspan
                       and (not t.is_punct or t.text == "-") and t.pos_ != "DET" and not t.like_num)
    return [t.text for t in sorted(out, key=lambda t: t.i)]


def _right_attachment(noun: Token, qspan: set[int]) -> list[str]:
    """A participle ("killed or wounded") or a short prepositional phrase ("in Russian service")."""
    for child in noun.rights:
        if child.dep_ in ("acl", "relcl") and child.pos_ == "VERB" and child.lemma_ not in _SAYING:
            if child.dep_ == "relcl" and child.i > 0 and child.doc[child.left_edge.i - 1].is_punct:
                return []  # ", which includes ...": an aside, not a restriction
            verbs = [child, *[c for c in child.children if c.dep_ == "conj" and c.pos_ == "VERB"]]
            cc = [c for c in child.children if c.dep_ == "cc"]
            return _texts([*verbs, *cc, *_first_prep(verbs[-1], qspan)])
        if child.dep_ == "prep" and child.lower_ in ("of", "in", "on", "at", "from", "for", "with", "into", "against"):
            phrase = [t for t in child.subtree if t.i not in qspan]
            if 1 < len(phrase) <= 5 and not any(t.is_punct for t in phrase):
                return [t.text for t in phrase]
    return []


def _verb_part(noun: Token, qspan: set[int], used: int) -> list[str]:
    """The verb acting on the noun: "troops sent into Russia", "saves by Alex Stalock"."""
    node = noun
    if node.dep_ == "pobj" and node.head.dep_ == "prep" and node.head.head.lower_ in _CONTAINERS:
        node = node.head.head  # "one piece of special equipment"
    while node.dep_ == "conj" and node.head.i != node.i:
        node = node.head  # "fifty-seven systems" is a conjunct of "troops ... lost"
    verb = node.head
    if verb.pos_ != "VERB" or verb.lemma_ in _SAYING or verb.i == node.i:
        return []
    room = max(0, MAX_WORDS - used)
    if node.dep_ == "dobj":
        prep = _first_prep(verb, qspan)
        agent = [] if prep else _person(verb)
        lead = [] if verb.lemma_ in _LIGHT else [verb.text]
        if agent:
            return [*lead, "by", *agent][:room]
        return [*lead, *_texts(prep)][:room]
    if node.dep_ in ("nsubj", "nsubjpass"):
        return _texts([verb, *_first_prep(verb, qspan)])[:room]
    return []


def _verb_only(anchor: Token) -> list[str]:
    """A count with no noun ("Parise scored twice"): the verb and whom it is credited to."""
    verb = anchor.head
    if verb.pos_ != "VERB" or verb.lemma_ in _SAYING or anchor.dep_ not in ("advmod", "npadvmod", "dobj"):
        return []
    agent = _person(verb)
    return [verb.text, "by", *agent] if agent else []


def _own_prep(anchor: Token, qspan: set[int]) -> list[str]:
    """Last resort: what the figure is for ("$1 billion for some of Neumann's shares")."""
    for child in anchor.rights:
        if child.dep_ == "prep" and child.lower_ in ("for", "of", "on", "in"):
            pobj = next((c for c in child.children if c.dep_ == "pobj"), None)
            if pobj is not None and _is_noun(pobj):
                noun = _unwrap(pobj) or pobj
                return [*_left_mods(noun, qspan | {child.i}), noun.text]
    return []


def _person(verb: Token) -> list[str]:
    """The named person doing ``verb`` ("Alex Stalock made 30 saves")."""
    subj = next((c for c in verb.children if c.dep_ == "nsubj"), None)
    if subj is None or subj.pos_ != "PROPN" or subj.ent_type_ in ("GPE", "NORP", "LOC", "DATE", "FAC"):
        return []
    return [t.text for t in subj.subtree if t.pos_ == "PROPN" and t.i <= subj.i][-3:]


def _first_prep(verb: Token, skip: set[int] | None = None) -> list[Token]:
    for child in verb.rights:
        if child.dep_ in ("prep", "dative", "agent") and child.pos_ == "ADP" \
                and child.lower_ not in ("according", "as", "despite", "because", "since", "after"):
            return _prep_phrase(child, skip or set())
    return []


def _prep_phrase(prep: Token, skip: set[int], depth: int = 0) -> list[Token]:
    """"during protests in Bolivia against ..." -> during protests in Bolivia (the head, cut short)."""
    pobj = next((c for c in prep.children if c.dep_ == "pobj"), None)
    if pobj is None or pobj.i in skip or pobj.like_num or pobj.pos_ == "PRON":
        return []
    mods = [t for c in pobj.lefts if c.dep_ in _MOD_DEPS for t in c.subtree
            if not t.is_punct and not t.like_num and t.i not in skip]
    phrase = [prep, *mods, pobj]
    if depth == 0:
        inner = next((c for c in pobj.rights if c.dep_ == "prep" and c.lower_ in ("in", "of", "at", "on")), None)
        if inner is not None:
            phrase += _prep_phrase(inner, skip, 1)
    return phrase if len(phrase) <= 6 else phrase[:3]


def _texts(tokens: list[Token]) -> list[str]:
    unique = sorted({t.i: t for t in tokens}.values(), key=lambda t: t.i)
    return [t.text for t in unique if not t.is_punct][:6]
