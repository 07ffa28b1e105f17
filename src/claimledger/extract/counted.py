"""What a figure counts: a short noun phrase read from the dependency parse.

A ledger entry "11,000" is useless without "North Korean soldiers in Russian service".
:func:`counted_phrase` reads the phrase in two steps:

1. *What is counted* (:func:`_read`), tried in this order:

   * a share: "52.4% of the vote" -> "share of the vote", and "Marsh's share of the vote"
     when a verb of holding gives it an owner ("Marsh took 52.4% of the vote");
   * a change: "Net income fell 12%", "up 8%" -> "fall in net income", "increase in ...";
   * the noun the number modifies ("1,250 troops"), through a container or unit ("10 units
     of armored vehicles", "5,200 pounds of water vapor") and "worth" ("a deal worth $600
     million" -> "value of deal"); the noun whose "of" it fills ("a budget of $27 million");
     what an amount is "in" ("$51.6 million in restitution");
   * a part of a whole: "22 of the 30 communities", "nine of them" (the pronoun read as the
     last counted noun before it);
   * a level: the subject of a copula or of "rose to", "stood at", "estimated at";
   * a number whose noun the sentence left out: "killing 37 people and injuring 300", "and
     19 were taken to hospital" borrow the noun of the figure before them; money with no
     noun is what its verb makes of it ("paid $5m" -> "payment", "raised $27m" -> "money").

2. *The dress* (:func:`_frame` and friends): the noun's compounds and adjectives, a
   participle or short prepositional phrase ("killed or wounded", "in Russian service"),
   and what the clause does to it — the verb as a past participle with its agent ("acres
   burned by the Cedar Gap fire", "people killed by the earthquake"), the complement of a
   linking verb ("people unaccounted for"), the verb and object of its subject ("runners
   who started the race") —, a rate ("per year"), the unit in brackets ("(km)") and the
   period the sentence gives ("(past twenty-four hours)").  Verbs of saying and believing
   are never dress: they tell who speaks, not what is counted.

Pure: reads the parse, never changes it.  None when the block was not parsed or no noun
can be found.  Phrases stay short (about nine words) so they can be compared and grouped.
"""

from __future__ import annotations

import re
from dataclasses import dataclass, field
from typing import TYPE_CHECKING

from claimledger.extract import counted_lexicon as lx
from claimledger.extract.context import SentenceView
from claimledger.models import Quantity

if TYPE_CHECKING:
    from spacy.tokens import Span, Token

MAX_WORDS = 9
UNIT_WORDS = lx.UNIT_WORDS
_MOD_DEPS = frozenset({"compound", "amod", "nmod", "poss", "npadvmod"})
_PERIOD = re.compile(r"\b(?:past|last|previous|first)\s+(?:[\w-]+\s+){0,2}?(?:hours|days|weeks|months|years|"
                     r"decades)\b", re.IGNORECASE)
# "compared with 170,000", "from 48", "against Rovers' nine": the noun of the figure before
_COMPARED = frozenset({"with", "than", "against", "versus", "vs"})
_SPANS = frozenset({"year", "season", "month", "quarter", "decade", "century", "summer", "winter", "spring",
                    "autumn", "fall"})
_PARTICLES = frozenset({"down", "up", "out", "off", "away", "back", "over"})
_POBJ_PREPS = frozenset({"for", "at", "in", "across", "among"})
_SCALE_ABBR = frozenset({"m", "bn", "b", "k", "mn", "mln", "bln", "tn", "trn"})
_NOMINAL = frozenset({"nsubj", "nsubjpass", "dobj", "pobj", "attr", "appos"})
_PEOPLE = lx._wordset("people persons residents workers employees runners victims members voters patients "
                      "students children adults men women soldiers migrants passengers fans spectators users "
                      "customers investors participants volunteers miners firefighters rescuers officers")


@dataclass
class _Reading:
    """What a figure counts before it is dressed."""

    noun: Token | None  # the noun dressed with its modifiers
    frame: Token | None  # the token whose place in its clause tells what happened to the noun
    lead: list[str] = field(default_factory=list)  # "share of", "rise in", "money"
    tail: list[str] = field(default_factory=list)  # a dimension ("length")
    dress: bool = True  # add the noun's own participle or prepositional phrase
    verb: bool = True  # name the verb (not when the lead already does: "payment by the UK")


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
    reading = _named_again(_read(anchor, qspan, q), anchor, q)
    words = _words(reading, qspan) if reading is not None else []
    if not words and q.unit in lx.UNIT_QUANTITIES:  # "230 kW" -> power (kW)
        words = [lx.UNIT_QUANTITIES[q.unit]]
    if not words:
        words = _own_prep(anchor, qspan)
    unit = _unit_word(q)
    words = _dedupe(words)[:MAX_WORDS]
    if not words and not unit:
        return None
    words += _rate(span, sent, words)
    if unit and not any(w.lower().rstrip("s") == unit.lower().rstrip("s") for w in words):
        words.append(f"({unit})")
    period = _PERIOD.search(sent.text)
    if period and not _overlaps(view, period, q) and len(words) < MAX_WORDS + 1:
        words.append(f"({period.group(0)})")
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


def _anchor(span: Span) -> Token:
    """The token of the quantity whose head lies outside it (its syntactic root)."""
    inside = {t.i for t in span}
    roots = [t for t in span if t.head.i not in inside or t.head.i == t.i]
    nums = [t for t in roots if t.like_num or t.pos_ == "NUM"]
    if nums or any(t.pos_ in ("NOUN", "PROPN") for t in roots):
        return (nums or roots)[-1]
    # the root is a hedge word or verb ("estimated at $85 million"): the number it governs
    heads = [t for t in span if _is_num(t) and not (_is_num(t.head) and t.head.i in inside and t.head.i != t.i)]
    return heads[0] if heads else (roots or list(span))[-1]


def _is_noun(tok: Token) -> bool:
    return tok.pos_ in ("NOUN", "PROPN") and not tok.like_num and tok.lower_ not in _SCALE_ABBR


def _is_num(tok: Token) -> bool:
    return tok.like_num or tok.pos_ == "NUM" or tok.lower_ in _SCALE_ABBR


def _dedupe(words: list[str]) -> list[str]:
    out: list[str] = []
    for w in words:
        if not out or out[-1].lower() != w.lower():
            out.append(w)
    return out


# --- 1. what is counted ---------------------------------------------------------------

def _read(anchor: Token, qspan: set[int], q: Quantity) -> _Reading | None:
    tok = anchor
    if tok.lower_ in ("twice", "thrice"):
        return _Reading(None, tok)  # "Parise scored twice": no noun, the verb tells
    if q.unit == "%":
        pct = _percent(tok, qspan)
        if pct is not None:
            return pct
    head = tok.head
    if _is_noun(tok) and tok.i in qspan:  # the quantity ends in its own noun ("5,200 pounds")
        if tok.lower_ not in lx.COLLECTIVES and tok.lower_ not in lx.CONTAINERS:
            return _through_unit(tok, q, qspan)
        through = _through_of(tok)  # "a trio of armored transporters", "a dozen people"
        if through is not None:
            return _Reading(through, through)
    if tok.dep_ in ("nummod", "quantmod", "compound", "amod", "nmod", "appos", "npadvmod", "det") \
            and (_is_noun(head) or (head.tag_ == "VBG" and head.dep_ in _NOMINAL)) and head.i != tok.i:
        return _through_unit(head, q, qspan)
    if head.lower_ == "worth" and _is_noun(head.head):  # "a deal worth $600 million"
        return _Reading(head.head, head.head, lead=["value", "of"])
    owner = _of_owner(tok)
    if owner is not None:  # "a budget of $27 million", "the national average of 3 percent"
        return _owned(owner)
    inside = _in_what(tok)
    if inside is not None:  # "$51.6 million in restitution"
        return _Reading(inside, tok)
    through = _through_of(tok)  # "a fifth of the 50,000", "46 of their close contacts", "nine of them"
    if through is not None:
        if through.pos_ == "PRON":  # "nine of them": the noun counted before
            earlier = _earlier_noun(tok)
            return _Reading(earlier, tok, dress=False) if earlier is not None else None
        return _Reading(through, tok)
    if _is_noun(tok) and tok.lower_ not in lx.CONTAINERS:
        return _Reading(tok, tok)
    return _bare(tok, q)


def _owned(owner: Token) -> _Reading:
    """The figure fills the owner's "of": "a budget of $27 million" -> budget; a level
    ("held at a record low of 6.2%") is the level of the clause's subject."""
    if owner.lower_ in lx.LEVEL_NOUNS:
        subj = _clause_noun(owner)
        if subj is not None:
            return _Reading(subj, None, lead=[*_left_mods(owner, set()), owner.text, "of"], dress=False)
    return _Reading(owner, owner)


def _named_again(r: _Reading | None, tok: Token, q: Quantity) -> _Reading | None:
    """Nouns that only point back: "the number is at least 10,000", "a 12,000 figure" count
    what the figure before them counted; a "death toll" counts people killed."""
    if r is None or r.noun is None or q.unit is not None or r.lead:
        return r
    low = r.noun.lower_
    if low in lx.EMPTY_CONTAINERS and _through_of(r.noun) is None:
        earlier = _earlier_noun(tok)
        return _Reading(earlier, tok, dress=False) if earlier is not None else r
    if low == "toll":  # "the death toll from the earthquake rose to 112"
        rest = _right_attachment(r.noun, set())
        return _Reading(None, None, lead=["people", "killed", *rest])
    return r


def _percent(tok: Token, qspan: set[int]) -> _Reading | None:
    """"52.4% of the vote" -> share of the vote; "fell 12%", "up 8%" -> a change."""
    pct = tok if tok.lower_ in ("%", "percent", "cent") else next(
        (t for t in tok.ancestors if t.i in qspan or t.lower_ in ("%", "percent")), tok)
    whole = _through_of(pct)
    if whole is not None and (whole.pos_ != "PRON" or any(c.dep_ == "prep" for c in whole.children)) \
            and not _is_num(whole):  # "21% of patients", "9% of those on placebo"
        verb = pct.head
        holder = _subject(verb) if pct.dep_ == "dobj" and verb.lemma_.lower() in lx.HOLDING else None
        if holder is not None and holder.pos_ != "PRON":
            return _Reading(whole, None, lead=[*_core(holder, 3), "'s", "share", "of"])
        return _Reading(whole, pct, lead=["share", "of"])
    if pct.dep_ == "pobj" and pct.head.lower_ in ("from", "to", "with", "than"):
        prev = _previous(tok, qspan)  # "40% contained, up from 15%", "52.4% of the vote to Olsen's 45.1%"
        if prev is not None:
            holder = _child(pct, "poss")
            if holder is not None and "share" in prev.lead:
                prev.lead = [*_core(holder, 3), "'s", "share", "of"]
            return prev
    change = _change(pct)
    if change is not None:
        return change
    return None


def _previous(tok: Token, qspan: set[int]) -> _Reading | None:
    """What the figure before ``tok`` in its sentence counts, when ``tok`` only compares with it."""
    percent = tok.lower_ in ("%", "percent") or tok.head.lower_ in ("%", "percent")
    for t in reversed(tok.doc[tok.sent.start:min(qspan)]):
        if not _is_num(t) or t.head.lower_ in lx.COLLECTIVES:
            continue
        unit = t.head if t.head.lower_ in ("%", "percent") else None
        if (unit is not None) != percent:
            continue
        anchor = unit if unit is not None else t
        fake = Quantity(start=0, end=0, low=None, high=None, hedge="exact", unit="%" if percent else None)
        return _read(anchor, {x.i for x in t.subtree} | ({unit.i} if unit is not None else set()), fake)
    return None


def _change(tok: Token) -> _Reading | None:
    """"Net income fell 12%" -> fall in net income; "up 8%" -> increase in ..."""
    node = tok
    if node.dep_ == "pobj" and node.head.lower_ == "by":
        node = node.head
    head = node.head
    if node.dep_ not in ("dobj", "npadvmod", "advmod", "prep", "attr", "nsubj") or head.i == node.i:
        return None
    word = head.lower_ if head.lower_ in ("up", "down", "higher", "lower") else head.lemma_.lower()
    if word == "lower":
        word = "lower_adj"
    noun_word = lx.CHANGE_NOUNS.get(word)
    if noun_word is None:
        return None
    if head.lower_ in ("up", "down", "higher", "lower"):  # "revenue of $2.5 billion, up 8%"
        subj = _named(_child(head, "nsubj")) or _earlier_noun(tok, money=True) or _named(_subject(head.head))
    else:  # "slowed cognitive decline by 27%", "Net income fell 12%"
        obj = _child(head, "dobj")
        subj = obj if obj is not None and obj.i != node.i and _is_noun(obj) else _named(_subject(head))
        subj = subj or _earlier_noun(tok)
    if subj is None:
        return _Reading(None, None, lead=[noun_word])
    return _Reading(_unwrap(subj), None, lead=[noun_word, "in"])


def _through_unit(unit: Token, q: Quantity, qspan: set[int]) -> _Reading | None:
    """Past a unit or container: "pounds of water vapor", "feet long", "20-inch wheels"."""
    low = unit.lower_.rstrip(".")
    through = _through_of(unit) if low in lx.MEASURE_WORDS or low in lx.CONTAINERS else None
    if through is None and low in lx.MEASURE_WORDS:  # "71 kWh and 95 kWh of battery capacity"
        for other in (unit.head, *unit.children):
            if other.i != unit.i and other.lower_ == low and (other.dep_ == "conj" or unit.dep_ == "conj"):
                through = _through_of(other) or through
    if through is not None and through.pos_ != "PRON":
        return _Reading(through, through if low not in lx.MEASURE_WORDS else unit)
    owner = _of_owner(unit)
    if owner is not None and (low in lx.MEASURE_WORDS or low in lx.TIME_WORDS or owner.lower_ in lx.OWNER_NOUNS
                              or (q.unit is not None and unit.i in qspan)):
        return _owned(owner)  # "a prison term of up to five years", "a force of 50,000 troops"
    if owner is not None and low in lx.POPULATION and owner.lower_ in lx.PLACES:
        place = owner.head if owner.dep_ == "appos" and _is_noun(owner.head) else owner
        return _Reading(place, None, lead=["population", "of"], dress=False)  # "a city of 80,000 people"
    level = _level_of(unit)
    if level is not None:
        return level
    if q.unit in lx.LENGTHS:  # "30 nautical miles south of the island", "25 km from the front line"
        for child in unit.children:
            if child.lower_ in ("above", "below"):  # "two metres above the level"
                subj = _clause_noun(unit)
                return _Reading(subj, None, tail=["height" if child.lower_ == "above" else "depth"]) \
                    if subj is not None else _Reading(None, None, lead=["height"])
        near = [*unit.children, *(c for c in unit.head.rights if c.i > unit.i and unit.dep_ in ("npadvmod", "dobj"))]
        if unit.head.lower_ in ("from", "away"):  # "25 kilometres from the front line"
            near.insert(0, unit.head)
        where = next((c for c in near if c.lower_ in lx.DIRECTIONS or c.lower_ in ("from", "away")), None)
        if where is not None:
            frm = next((c for c in (where, *where.children) if c.lower_ == "from"), None)
            return _Reading(None, None, lead=["distance", *_texts(_prep_phrase(frm, set()) if frm else [])])
    if low not in lx.MEASURE_WORDS or low in lx.TIME_WORDS or low in lx.AREA_WORDS:
        return _Reading(unit, unit)  # "28 armored vehicle units", "50 weeks in jail", "acres burned"
    if _is_noun(unit.head) and unit.dep_ in ("compound", "amod", "nmod", "nummod", "npadvmod") \
            and unit.head.i != unit.i:
        return _Reading(unit.head, unit.head)
    for child in unit.children:
        dim = lx.DIMENSIONS.get(child.lower_)
        if dim:
            subj = _clause_noun(unit)
            return _Reading(subj, None, tail=[dim]) if subj is not None else _Reading(None, None, lead=[dim])
    dim = lx.DIMENSIONS.get(unit.head.lower_)
    if dim:
        subj = _clause_noun(unit.head)
        return _Reading(subj, None, tail=[dim]) if subj is not None else _Reading(None, None, lead=[dim])
    if q.unit == "%":
        change = _change(unit)
        if change is not None:
            return change
    reading = _bare(unit, q)
    name = lx.UNIT_QUANTITIES.get(q.unit or "")
    if reading is not None and reading.noun is not None and reading.frame is None and name and not reading.lead:
        reading.lead = [name, "of"]  # "its motors deliver 300 kW" -> power of motors
    return reading


def _level_of(noun: Token) -> _Reading | None:
    """"The asylum backlog stood at about 90,000 cases", "the fire grew to 48,200 acres":
    the figure is the level of the clause's subject."""
    prep = noun.head
    verb = prep.head
    if noun.dep_ == "pobj" and prep.lower_ == "to" and verb.lemma_.lower() in lx.TALLIES and _is_noun(verb):
        return _Reading(verb, None, tail=[] if noun.lower_ in lx.MEASURE_WORDS else [f"({noun.text})"])
    if noun.dep_ != "pobj" or prep.lower_ not in ("at", "to") or verb.pos_ not in ("VERB", "AUX"):
        return None
    lemma = verb.lemma_.lower()
    obj = _child(verb, "dobj")
    if prep.lower_ == "to" and obj is not None and obj.i != noun.i and obj.lemma_.lower() in lx.TALLIES:
        tail = [] if noun.lower_ in lx.MEASURE_WORDS else [f"({noun.text})"]
        return _Reading(_unwrap(obj), None, tail=tail)  # "extends Rovers' unbeaten run to 11 games"
    if lemma not in lx.LINKING:
        return None
    subj = _named(_subject(verb, passive=True))
    if subj is None or subj.i == noun.i:
        return None
    tail = [] if noun.lower_ in lx.MEASURE_WORDS else [f"({noun.text})"]
    return _Reading(_unwrap(subj), None, tail=tail)


def _bare(tok: Token, q: Quantity) -> _Reading | None:
    """A number standing alone: a level of its clause's subject, or a noun left out."""
    adj = tok.head if tok.dep_ == "npadvmod" and tok.head.dep_ in ("acomp", "advcl", "conj", "ROOT") \
        and tok.head.tag_ in ("JJ", "JJR", "VBN") else None  # "the blaze was 5% contained"
    if adj is None and tok.dep_ in ("attr", "acomp"):
        adj = next((c for c in tok.rights if c.dep_ in ("acl", "amod") and c.lower_ in lx.ADJECTIVE_NOUNS), None)
        if adj is not None:
            subj = _named(_subject(tok.head, passive=True))
            what = lx.ADJECTIVE_NOUNS[adj.lower_]
            return _Reading(_unwrap(subj), None, tail=[what]) if subj is not None else _Reading(None, None, lead=[what])
    if adj is not None:
        what = lx.ADJECTIVE_NOUNS.get(adj.lower_, adj.text)
        subj = _named(_subject(adj.head if adj.dep_ == "acomp" else adj, passive=True))
        if subj is not None:
            return _Reading(_unwrap(subj), None, tail=[what])
        return _Reading(None, None, lead=[what])
    compared = tok.dep_ == "pobj" and tok.head.lower_ in _COMPARED
    if tok.dep_ == "pobj" and tok.head.lower_ in ("including", "among") and q.unit is None:
        noun = _earlier_noun(tok)  # "made 35 saves, including 15 in the third period"
        if noun is not None:
            return _Reading(noun, tok, dress=False)
    if (compared or (tok.dep_ == "pobj" and tok.head.lower_ == "from" and tok.head.head.lower_ in ("up", "down"))) \
            and q.unit is None:
        prev = _previous(tok, {tok.i})  # "14,000 people ..., up from about 8,000 on Monday"
        if prev is not None:
            return prev
    if (tok.dep_ in ("dobj", "nsubj", "nsubjpass", "conj", "appos") or compared) and not _level(tok):
        money = q.unit in lx.CURRENCIES
        if money:
            return _money(tok)
        if q.unit is None:
            noun = _elided_noun(tok)
            if noun is not None:
                return _Reading(noun, tok, dress=False)
    noun = _clause_noun(tok)
    if noun is not None and noun.lower_ in lx.EMPTY_CONTAINERS and noun.dep_ == "dobj":
        noun = _named(_subject(noun.head)) or noun  # "The arrivals bring the total to 14,812"
    if noun is not None:
        return _Reading(noun, None)
    if q.unit in lx.CURRENCIES:
        return _money(tok)
    return _Reading(None, tok)


def _level(tok: Token) -> bool:
    """Is the number the level a clause's subject reaches ("Turnout was 38.6%")?"""
    lemma = tok.head.lemma_.lower()
    return tok.dep_ in ("attr", "acomp") or (lemma in lx.LINKING and tok.dep_ != "nsubj") \
        or (lemma in lx.LEVEL and tok.dep_ == "dobj")


def _money(tok: Token) -> _Reading:
    """Money with no noun of its own: what its verb makes of it ("paid $5m" -> payment)."""
    verb = tok.head
    lemma = verb.lemma_.lower()
    if verb.pos_ == "VERB" and lemma == "cost":
        subj = _named(_subject(verb))
        if subj is not None:
            return _Reading(subj, None, lead=["cost", "of"])
        csubj = _child(verb, "csubj")  # "Fighting the fire has cost $12.7 million"
        if csubj is not None:
            obj = _child(csubj, "dobj")
            return _Reading(None, None, lead=["cost", "of", csubj.text, *_core(obj, 3)])
    if tok.dep_ == "pobj" and tok.head.lower_ == "for" and verb.head.pos_ == "VERB":
        obj = _child(verb.head, "dobj")
        if obj is not None and _is_noun(obj):
            return _Reading(obj, None, lead=["price", "of"])
    if verb.pos_ == "VERB" and lemma in lx.MONEY_NOUNS and tok.dep_ == "dobj":
        return _Reading(None, tok, lead=[lx.MONEY_NOUNS[lemma]], verb=False)
    return _Reading(None, tok, lead=["money"])


def _of_owner(tok: Token) -> Token | None:
    """The noun whose "of" the quantity fills: "a budget of $27 million" -> budget."""
    prep = tok.head
    if tok.dep_ == "pobj" and prep.lower_ == "of" and _is_noun(prep.head) \
            and prep.head.lower_ not in lx.CONTAINERS:
        return prep.head
    return None


def _in_what(tok: Token) -> Token | None:
    """What an amount is "in": "$2 million in humanitarian funding" -> funding; also "lose $4
    million a year in tax revenue", where the "in" hangs from the verb."""
    verb_preps = [c for c in tok.head.rights if c.i > tok.i] if tok.dep_ == "dobj" else []
    for child in (*tok.rights, *verb_preps):
        if child.dep_ == "prep" and child.lower_ == "in":
            pobj = _child(child, "pobj")
            if pobj is not None and pobj.pos_ == "NOUN" and pobj.ent_type_ not in ("DATE", "TIME", "GPE", "LOC") \
                    and not any(c.dep_ in ("det", "poss") for c in pobj.children):
                return pobj
    return None


def _through_of(tok: Token) -> Token | None:
    for child in tok.children:
        if child.dep_ == "prep" and child.lower_ == "of":
            pobj = _child(child, "pobj")
            if pobj is not None and not _is_num(pobj):
                return (_through_of(pobj) or pobj) if pobj.lower_ in lx.CONTAINERS else pobj
    return None


def _child(tok: Token, dep: str) -> Token | None:
    return next((c for c in tok.children if c.dep_ == dep), None)


def _clause_noun(tok: Token) -> Token | None:
    """The noun a clause says the number measures: "put the number of X to 11,000" -> X."""
    node = tok
    for _ in range(4):
        if node.dep_ in ("attr", "acomp"):
            return _unwrap(_named(_subject(node.head, passive=True)))
        if node.dep_ in ("nsubj", "nsubjpass"):
            attr = next((c for c in node.head.children if c.dep_ in ("attr", "dobj") and c.i != node.i), None)
            return attr if attr is not None and _is_noun(attr) else None
        if node.head.pos_ in ("VERB", "AUX") and node.head.i != node.i:
            verb = node.head
            obj = next((c for c in verb.children if c.dep_ in ("dobj", "dative") and c.i != node.i
                        and _is_noun(c)), None)
            if obj is not None and node.dep_ != "dobj":
                return _unwrap(obj)
            return _unwrap(_named(_subject(verb, passive=True)))
        if node.head.i == node.i:
            return None
        node = node.head
    return None


def _subject(verb: Token, passive: bool = False) -> Token | None:
    """Who or what does ``verb``: its own subject, the antecedent of "which", or the subject
    of the clause it hangs from ("..., killing 14 people"; "ordered Haskell to pay").  With
    ``passive``, a passive subject too (what the clause is about, not who acts)."""
    deps = ("nsubj", "nsubjpass") if passive else ("nsubj",)
    for _ in range(4):
        subj = next((c for c in verb.children if c.dep_ in deps), None)
        if subj is not None:
            if subj.tag_ in ("WDT", "WP") and verb.dep_ == "relcl" and verb.head.i != verb.i:
                return verb.head
            return subj if _is_noun(subj) or subj.pos_ == "PRON" else None
        if verb.dep_ == "xcomp":
            obj = _child(verb.head, "dobj")
            if obj is not None and _is_noun(obj):
                return obj
        if verb.dep_ == "acl" and verb.tag_ == "VBG" and _is_noun(verb.head):
            return verb.head  # "the boat, carrying 63 people"
        before = verb.doc[verb.i - 1] if verb.i > 0 else verb
        if verb.dep_ == "conj" and before.pos_ == "PROPN" and before.dep_ in ("conj", "pobj", "appos"):
            return before  # "X scored for the Sabres and Linus Ullmark stopped 22 shots" (misparsed)
        if verb.dep_ in ("conj", "xcomp", "ccomp", "advcl", "relcl", "acomp", "oprd") and verb.head.i != verb.i:
            verb = verb.head
        else:
            return None
    return None


def _named(tok: Token | None) -> Token | None:
    """``tok`` unless it is a pronoun ("it", "they"), which names nothing by itself, or a
    dateline ("SPRINGFIELD, Ohio — The closure ...") the parser took for a subject."""
    if tok is None or tok.pos_ == "PRON":
        return None
    if tok.text.isupper() and len(tok.text) > 3 and any(t.text in ("—", "–", "(") for t in tok.doc[tok.i + 1:tok.i + 6]):
        return None
    return tok


def _unwrap(noun: Token | None) -> Token | None:
    """"the number of North Korean forces" -> forces."""
    if noun is not None and noun.lower_ in lx.CONTAINERS:
        return _through_of(noun) or noun
    return noun


def _elided_noun(tok: Token) -> Token | None:
    """The noun a bare number leaves out: the object of a conjoined verb ("killing 37 people
    and injuring 300"), else the last counted noun before it in this or the sentence before."""
    verb = tok.head
    for other in (verb.head, *verb.children):
        if other.i != verb.i and other.pos_ == "VERB" and (verb.dep_ == "conj" or other.dep_ == "conj"):
            obj = _child(other, "dobj")
            if obj is not None and _is_noun(obj) and any(_is_num(c) for c in obj.children):
                return obj
    earlier = _earlier_noun(tok)
    if earlier is None:  # "The number of structures destroyed has climbed to 210, and another 65 ..."
        prev = _previous(tok, {tok.i})
        earlier = prev.noun if prev is not None and not prev.lead else None
    return earlier


def _earlier_noun(tok: Token, money: bool = False) -> Token | None:
    """The last noun a number counts before ``tok``, in its sentence or the one before;
    with ``money``, also the noun an amount fills ("revenue of $2.5 billion")."""
    sent = tok.sent
    start = sent.start
    if start > 0:
        start = tok.doc[start - 1].sent.start
    for t in reversed(tok.doc[start:tok.i]):
        if not _is_num(t):
            continue
        if t.dep_ in ("nummod", "quantmod") and _is_noun(t.head) and t.head.i != tok.i \
                and t.head.lower_ not in lx.MEASURE_WORDS and t.head.lower_ not in ("%", "percent"):
            return _unwrap(t.head)
        if money:
            owner = _of_owner(t) or (_of_owner(t.head) if t.head.pos_ in ("NUM", "SYM") else None)
            if owner is not None:
                return owner
    return None


# --- 2. the dress ---------------------------------------------------------------------

def _words(r: _Reading, qspan: set[int]) -> list[str]:
    words = list(r.lead)
    right: list[str] = []
    if r.noun is not None:
        words += [*_left_mods(r.noun, qspan), r.noun.text]
        if r.dress:
            right = _right_attachment(r.noun, qspan)
            words += (_conjoined(r.noun, qspan) if not right else []) + right
    words += r.tail
    if r.frame is not None and (not right or right[0].lower() in ("of", "in", "on", "at", "from", "with")):
        if r.noun is None and r.frame.dep_ in ("advmod", "npadvmod", "dobj") and not r.lead:
            words += _verb_only(r.frame)
        else:
            used = qspan | ({t.i for t in r.noun.subtree} if r.noun is not None else set())
            words += _frame(r.frame, used, MAX_WORDS - len(words), r.verb)
    return words


def _frame(node: Token, qspan: set[int], room: int, with_verb: bool = True) -> list[str]:
    """What the clause does to the counted thing: "burned by the fire", "remain missing"."""
    node = _np_root(node)
    verb = node.head
    if node.dep_ == "pobj" and verb.lower_ in ("including", "among") and verb.head.pos_ == "VERB":
        node, verb = verb, verb.head  # "killing 14 people, including three children"
    if node.dep_ == "pobj" and verb.dep_ == "prep" and verb.head.pos_ == "VERB" and verb.lower_ in _POBJ_PREPS \
            and any(c.i in qspan for c in node.children) and not any(c.dep_ == "prep" for c in node.children):
        host = verb.head  # "prosecutors asked for a sentence of 15 years" -> sentence prosecutors asked for
        subj = _named(_subject(host))
        if host.lemma_.lower() in lx.SAYING | lx.LINKING or subj is None or node.lower_ in ("%", "percent"):
            return []
        modal = [c.text for c in host.children if c.tag_ == "MD"][:1]
        return [*_core(subj, 3), *modal, host.text, verb.text][:room]
    if verb.i == node.i or verb.pos_ not in ("VERB", "AUX") or room <= 0:
        return []
    lemma = verb.lemma_.lower()
    if node.dep_ == "nsubjpass" and lemma in lx.SAYING:
        xcomp = _child(verb, "xcomp")  # "are believed to be in Russian service"
        if xcomp is None:
            return []
        node, verb, lemma = _child(verb, "nsubjpass") or node, xcomp, xcomp.lemma_.lower()
        if lemma in lx.LINKING:
            return _complement(verb, qspan)[:room]
    if node.dep_ in ("dobj", "dative", "prep"):
        if lemma in lx.SAYING:
            return []
        agent = _person(verb) if lemma in lx.LIGHT else []
        if lemma == "make" and not agent:
            agent = _core(_named(_child(verb, "nsubj")), 2)  # "the goalkeeper made 41 saves"
        if agent:
            return ["by", *agent][:room]
        if lemma in ("make", "have", "get"):
            return []
        return _object_frame(verb, qspan, room, with_verb)
    if node.dep_ == "nsubjpass":
        words = _texts([*_particle(verb), *_first_prep(verb, qspan)], lead=_participle(verb))
        return [*words, *_when(verb, words)][:room]
    if node.dep_ == "nsubj":
        if lemma in lx.LINKING or verb.pos_ == "AUX":
            return _complement(verb, qspan)[:room]
        if lemma in lx.SAYING:
            return []
        obj = _child(verb, "dobj")
        rest = _core(obj, 3) if obj is not None and obj.i not in qspan and not _is_num(obj) \
            else _texts(_first_prep(verb, qspan))
        who = ["who"] if obj is not None and node.lower_ in _PEOPLE and verb.tag_ != "VBG" else []
        also = next((c for c in verb.rights if c.dep_ == "conj" and c.pos_ == "VERB" and not _child(c, "nsubj")), None)
        if obj is None and also is not None:  # "have died or gone missing"
            cc = [c.text for c in verb.rights if c.dep_ == "cc" and c.i < also.i][:1]
            rest = [*cc, also.text, *[t.text for t in also.children if t.dep_ in ("acomp", "prt")]]
        return [*who, verb.text, *[t.text for t in _particle(verb)], *rest][:room]
    return []


def _np_root(node: Token) -> Token:
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


def _object_frame(verb: Token, qspan: set[int], room: int, with_verb: bool) -> list[str]:
    """An object's verb: "burned by the Cedar Gap fire"; with a will or a modal, the clause
    as a relative one: "Marsh pledged to hire", "Harte could miss"."""
    chain = verb
    while chain.dep_ == "conj" and chain.head.pos_ == "VERB" and chain.head.i != chain.i:
        chain = chain.head  # "promised to hire ... and to build ..."
    to = any(c.dep_ == "aux" and c.lower_ == "to" for c in chain.children)
    ctrl = chain.head if chain.dep_ in ("xcomp", "acl") and chain.head.i != chain.i and to else None
    subj = _named(_subject(chain if ctrl is not None else verb))
    who = _core(subj, 3) if subj is not None and subj.i not in qspan else []
    prep = _texts(_first_prep(verb, qspan))
    prt = [t.text for t in _particle(verb)]
    modal = [c.text for c in (*chain.children, *verb.children) if c.tag_ == "MD"][:1]
    if with_verb and ctrl is not None and ctrl.pos_ in ("VERB", "NOUN") and ctrl.lemma_.lower() not in lx.SAYING:
        lead = [*who, ctrl.text] if ctrl.pos_ == "VERB" else [ctrl.text]
        words = [*lead, "to", verb.lemma_, *prt]
    elif with_verb and modal:
        words = [*who, *modal, verb.lemma_, *prt]
    else:
        words = [_participle(verb), *prt] if with_verb else []
        if who and len(words) + len(who) + 1 <= room:
            words += ["by", *who]
    if len(words) + len(prep) <= room:
        words += prep
    when = _when(verb, prep)
    if len(words) + len(when) <= room:
        words += when
    return words[:room]


def _when(verb: Token, used: list[str]) -> list[str]:
    """The span a running count covers, when the verb gives one: "this year", "last season",
    "since 2000", "overnight".  A single day is left to the claim's date (``as_of``)."""
    for child in verb.children:
        words = [t.text for t in child.subtree if not t.is_punct]
        if len(words) > 4 or any(w in used for w in words):
            continue
        if child.dep_ in ("npadvmod", "advmod") and (child.lower_ == "overnight" or (
                child.ent_type_ == "DATE" and child.lower_ in _SPANS and words[0].lower() in ("this", "last"))):
            return words
        if child.dep_ == "prep" and child.lower_ == "since":
            return words
    return []


def _complement(verb: Token, qspan: set[int]) -> list[str]:
    """What a linking verb says of its subject: "remain missing", "are under evacuation orders"."""
    for child in verb.rights:
        if child.i in qspan or _is_num(child):
            continue
        if child.dep_ == "acomp":
            return [t.text for t in child.subtree if not t.is_punct and t.i not in qspan][:4]
        if child.dep_ == "attr" and _is_noun(child):
            return _core(child, 3)
        if child.dep_ == "prep" and child.pos_ == "ADP":
            phrase = _prep_phrase(child, qspan)
            if phrase:
                return _texts(phrase)
    return []


def _particle(verb: Token) -> list[Token]:
    """"shot down", "walked out", "set up": the particle completes the verb."""
    return [c for c in verb.children if c.dep_ == "prt"
            or (c.dep_ == "advmod" and c.i == verb.i + 1 and c.lower_ in _PARTICLES)]


def _participle(verb: Token) -> str:
    """"killing" -> "killed", "hire" -> "hired", "flew" -> "flown"."""
    if verb.tag_ == "VBN" or (verb.tag_ == "VBD" and verb.lower_.endswith("ed")):
        return verb.lower_ if verb.i == verb.sent.start else verb.text
    return lx.past_participle(verb.lemma_)


def _core(tok: Token | None, limit: int) -> list[str]:
    """A noun with its name parts, in at most ``limit`` words: "the 2021 River fire" ->
    2021 River fire; "the Minneapolis-based company" -> Minneapolis-based company."""
    if tok is None:
        return []
    keep: list[Token] = [tok]
    for child in tok.lefts:
        if child.pos_ == "PRON" or any(_is_num(t) and t.ent_type_ != "DATE" for t in child.subtree):
            continue  # "its two motors", "a magnitude 7.1 earthquake"
        if child.dep_ in ("compound", "poss", "amod", "nmod") or (child.dep_ == "nummod" and child.ent_type_ == "DATE"):
            keep += [t for t in child.subtree if t.ent_type_ == "DATE" or not (_is_num(t) or t.text == "+")]
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


def _conjoined(noun: Token, qspan: set[int]) -> list[str]:
    """"artillery pieces and multiple launch rocket systems": a conjunct with no number of its own."""
    for child in noun.rights:
        if child.dep_ == "conj" and child.pos_ == noun.pos_ \
                and not any(c.like_num or c.dep_ in ("det", "poss") for c in child.lefts):
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
        elif child.dep_ in _MOD_DEPS and child.i >= after_number and child.i not in qspan and child.pos_ != "PRON":
            out.update(t for t in child.subtree if t.i >= after_number and t.i not in qspan
                       and (not t.is_punct or t.text == "-") and t.pos_ != "DET"
                       and (not t.like_num or t.ent_type_ == "ORDINAL"))
    return _glued(sorted(out, key=lambda t: t.i))


def _right_attachment(noun: Token, qspan: set[int]) -> list[str]:
    """A participle ("killed or wounded") or a short prepositional phrase ("in Russian service")."""
    for child in noun.rights:
        if child.dep_ in ("acl", "relcl") and child.pos_ == "VERB" and child.lemma_ not in lx.SAYING:
            if child.dep_ == "relcl" and child.i > 0 and child.doc[child.left_edge.i - 1].is_punct:
                return []  # ", which includes ...": an aside, not a restriction
            verbs = [child, *[c for c in child.children if c.dep_ == "conj" and c.pos_ == "VERB"]]
            cc = [c for c in child.children if c.dep_ == "cc"]
            last = verbs[-1]
            obj = _child(last, "dobj")
            rest = _core(obj, 3) if obj is not None and not _is_num(obj) and obj.pos_ != "PRON" \
                else _texts(_first_prep(last, qspan))
            who = [c.text for c in child.children if c.dep_ == "nsubj" and c.lower_ == "who"]
            return [*who, *_texts([*verbs, *cc, *_particle(last)]), *rest]
        if child.dep_ == "prep" and child.lower_ in ("of", "in", "on", "at", "from", "for", "with", "into",
                                                      "against", "under", "among", "inside", "per"):
            phrase = _prep_phrase(child, qspan)
            if len(phrase) > 1 and not any(_is_num(t) and t.ent_type_ != "ORDINAL" for t in phrase):
                return _glued(phrase)
    return []


def _glued(tokens: list[Token]) -> list[str]:
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


def _verb_only(anchor: Token) -> list[str]:
    """A count with no noun ("Parise scored twice"): the verb and whom it is credited to."""
    verb = anchor.head
    if verb.pos_ != "VERB" or verb.lemma_ in lx.SAYING or anchor.dep_ not in ("advmod", "npadvmod", "dobj"):
        return []
    agent = _person(verb)
    return [verb.text, "by", *agent] if agent else []


def _own_prep(anchor: Token, qspan: set[int]) -> list[str]:
    """Last resort: what the figure is for ("$1 billion for some of Neumann's shares")."""
    for child in anchor.rights:
        if child.dep_ == "prep" and child.lower_ in ("for", "of", "on", "in"):
            pobj = _child(child, "pobj")
            if pobj is not None and _is_noun(pobj):
                noun = _unwrap(pobj) or pobj
                return [*_left_mods(noun, qspan | {child.i}), noun.text]
    return []


def _person(verb: Token) -> list[str]:
    """The named person doing ``verb`` ("Alex Stalock made 30 saves")."""
    subj = _child(verb, "nsubj")
    if subj is None or subj.pos_ != "PROPN" or subj.ent_type_ in ("GPE", "NORP", "LOC", "DATE", "FAC"):
        return []
    return [t.text for t in subj.subtree if t.pos_ == "PROPN" and t.i <= subj.i][-3:]


def _first_prep(verb: Token, skip: set[int] | None = None, most: int = 1) -> list[Token]:
    """The verb's first prepositional phrase (or ``most`` of them, six content words in all):
    where and to whom, not why or according to whom."""
    out: list[Token] = []
    for child in verb.rights:
        if child.dep_ in ("prep", "dative", "agent") and child.pos_ == "ADP" \
                and child.lower_ not in ("according", "as", "despite", "because", "since", "after", "before",
                                         "until", "amid", "than"):
            phrase = _prep_phrase(child, skip or set())
            if phrase and (not out or _content(out) + _content(phrase) <= 6):
                out += phrase
                most -= 1
                if most == 0:
                    break
    return out


def _prep_phrase(prep: Token, skip: set[int], depth: int = 0) -> list[Token]:
    """"during protests in Bolivia against ..." -> during protests in Bolivia (the head, cut short)."""
    pobj = _child(prep, "pobj")
    pcomp = _child(prep, "pcomp")
    if pobj is None and pcomp is not None and pcomp.tag_ == "VBG":  # "of fighting the fire"
        obj = _child(pcomp, "dobj")
        return [prep, pcomp, *([obj] if obj is not None and obj.i not in skip and not _is_num(obj) else [])]
    if pobj is None or pobj.i in skip or _is_num(pobj) or pobj.pos_ == "PRON" \
            or pobj.ent_type_ in ("CARDINAL", "MONEY", "PERCENT", "QUANTITY"):
        return []
    mods = [t for c in pobj.lefts if c.dep_ in _MOD_DEPS or (c.dep_ == "det" and c.lower_ == "the")
            for t in c.subtree if (not t.is_punct or t.text == "-") and not t.like_num and t.i not in skip]
    phrase = [prep, *mods, pobj]
    if _content(phrase) > 5:
        phrase = [prep, *mods[-3:], pobj]
    if depth == 0:
        inner = next((c for c in pobj.rights if c.dep_ == "prep" and c.lower_ in ("in", "of", "at", "on")), None)
        more = _prep_phrase(inner, skip, 1) if inner is not None else []
        if _content(phrase) + _content(more) <= 6:
            phrase += more
    return phrase


def _content(tokens: list[Token]) -> int:
    return sum(1 for t in tokens if not t.is_punct and t.lower_ not in ("the", "a", "an"))


def _texts(tokens: list[Token], lead: str | None = None) -> list[str]:
    unique = sorted({t.i: t for t in tokens}.values(), key=lambda t: t.i)
    words = _glued(unique)[:8]
    return [lead, *words] if lead else words


# --- 3. rate and unit -----------------------------------------------------------------

def _rate(span: Span, sent: Span, words: list[str]) -> list[str]:
    """"$85 million a year", "50 people a week", "61 people per boat" -> per year / per boat."""
    doc = span.doc
    i = span.end
    while i < min(sent.end, span.end + 3) and doc[i].pos_ in ("NOUN", "PROPN", "ADJ"):
        i += 1  # past the counted noun itself ("50 people a week")
    if i + 1 < sent.end and doc[i].lower_ in ("a", "an", "per") and doc[i + 1].pos_ == "NOUN" \
            and doc[i + 1].text not in words:
        return ["per", doc[i + 1].text]
    if i < sent.end and doc[i].lower_ in ("each", "apiece") and doc[i].head.pos_ == "VERB":
        subj = _named(_subject(doc[i].head))  # "customers could receive up to $5,000 each"
        return ["per", subj.lemma_] if subj is not None and subj.tag_ == "NNS" else ["each"]
    return []


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
