"""What a figure counts, before it is dressed: the first step of :mod:`claimledger.extract.counted`.

:func:`read_figure` finds, from the number's place in the parse, the noun it counts and
whatever words a reader needs in front of it, trying in order:

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

The result is a :class:`Reading`: the noun, the token whose clause says what happened to
it, and the words to put around it.
"""

from __future__ import annotations

from contextvars import ContextVar
from dataclasses import dataclass, field
from typing import TYPE_CHECKING

from claimledger.extract import counted_lexicon as lx
from claimledger.extract.counted_dress import left_mods, right_attachment
from claimledger.extract.counted_tree import (
    child_of,
    clause_noun,
    earlier_noun,
    is_noun,
    is_num,
    name_of,
    named,
    of_owner,
    prep_phrase,
    subject_of,
    texts,
    through_of,
    unwrap,
)
from claimledger.models import Quantity

if TYPE_CHECKING:
    from spacy.tokens import Token

# "compared with 170,000", "against Rovers' nine": the noun of the figure before
_COMPARED = frozenset({"with", "than", "against", "versus", "vs"})
# a gerund used as a noun ("the club's £85m signing")
_NOMINAL = frozenset({"nsubj", "nsubjpass", "dobj", "pobj", "attr", "appos"})


@dataclass
class Reading:
    """What a figure counts before it is dressed."""

    noun: Token | None  # the noun dressed with its modifiers
    frame: Token | None  # the token whose place in its clause tells what happened to the noun
    lead: list[str] = field(default_factory=list)  # "share of", "rise in", "money"
    tail: list[str] = field(default_factory=list)  # a dimension ("length")
    dress: bool = True  # add the noun's own participle or prepositional phrase
    verb: bool = True  # name the verb (not when the lead already does: "payment by the UK")


def read_figure(anchor: Token, qspan: set[int], q: Quantity) -> Reading | None:
    """What the figure whose root token is ``anchor`` (its tokens: ``qspan``) counts."""
    tok = anchor
    if tok.lower_ in ("twice", "thrice"):
        return Reading(None, tok)  # "Parise scored twice": no noun, the verb tells
    if q.unit == "%":
        pct = _percent(tok, qspan)
        if pct is not None:
            return pct
    head = tok.head
    if is_noun(tok) and tok.i in qspan:  # the quantity ends in its own noun ("5,200 pounds")
        if tok.lower_ not in lx.COLLECTIVES and tok.lower_ not in lx.CONTAINERS:
            return _through_unit(tok, q, qspan)
        through = through_of(tok)  # "a trio of armored transporters", "a dozen people"
        if through is not None:
            return Reading(through, through)
    if tok.dep_ in ("nummod", "quantmod", "compound", "amod", "nmod", "appos", "npadvmod", "det") \
            and (is_noun(head) or (head.tag_ == "VBG" and head.dep_ in _NOMINAL)) and head.i != tok.i:
        return _through_unit(head, q, qspan)
    if head.lower_ == "worth" and is_noun(head.head):  # "a deal worth $600 million"
        return Reading(head.head, head.head, lead=["value", "of"])
    owner = of_owner(tok)
    if owner is not None:  # "a budget of $27 million", "the national average of 3 percent"
        return _owned(owner)
    inside = _in_what(tok)
    if inside is not None:  # "$51.6 million in restitution"
        return Reading(inside, tok)
    through = through_of(tok)  # "a fifth of the 50,000", "46 of their close contacts", "nine of them"
    if through is not None:
        if through.pos_ == "PRON":  # "nine of them": the noun counted before
            earlier = earlier_noun(tok)
            return Reading(earlier, tok, dress=False) if earlier is not None else None
        return Reading(through, tok)
    if is_noun(tok) and tok.lower_ not in lx.CONTAINERS:
        return Reading(tok, tok)
    return _bare(tok, q)


def _owned(owner: Token) -> Reading:
    """The figure fills the owner's "of": "a budget of $27 million" -> budget; a level
    ("held at a record low of 6.2%") is the level of the clause's subject."""
    if owner.lower_ in lx.LEVEL_NOUNS:
        subj = clause_noun(owner)
        if subj is not None:
            return Reading(subj, None, lead=[*left_mods(owner, set()), owner.text, "of"], dress=False)
    return Reading(owner, owner)


def named_again(r: Reading | None, tok: Token, q: Quantity) -> Reading | None:
    """Nouns that only point back: "the number is at least 10,000", "a 12,000 figure" count
    what the figure before them counted; a "death toll" counts people killed."""
    if r is None or r.noun is None or q.unit is not None or r.lead:
        return r
    low = r.noun.lower_
    if low in lx.EMPTY_CONTAINERS and through_of(r.noun) is None:
        earlier = earlier_noun(tok)
        return Reading(earlier, tok, dress=False) if earlier is not None else r
    if low == "toll":  # "the death toll from the earthquake rose to 112"
        rest = right_attachment(r.noun, set())
        if rest[:1] == ["from"]:  # "the toll from the earthquake" -> people killed by the earthquake
            rest[0] = "by"
        return Reading(None, None, lead=["people", "killed", *rest])
    return r


def _percent(tok: Token, qspan: set[int]) -> Reading | None:
    """"52.4% of the vote" -> share of the vote; "fell 12%", "up 8%" -> a change."""
    pct = tok if tok.lower_ in ("%", "percent", "cent") else next(
        (t for t in tok.ancestors if t.i in qspan or t.lower_ in ("%", "percent")), tok)
    whole = through_of(pct)
    if whole is not None and (whole.pos_ != "PRON" or any(c.dep_ == "prep" for c in whole.children)) \
            and not is_num(whole):  # "21% of patients", "9% of those on placebo"
        verb = pct.head
        holder = subject_of(verb) if pct.dep_ == "dobj" and verb.lemma_.lower() in lx.HOLDING else None
        if holder is not None and holder.pos_ != "PRON":
            return Reading(whole, None, lead=[*name_of(holder, 3), "'s", "share", "of"])
        return Reading(whole, pct, lead=["share", "of"])
    if pct.dep_ == "pobj" and pct.head.lower_ in ("from", "to", "with", "than"):
        prev = _previous(tok, qspan)  # "40% contained, up from 15%", "52.4% of the vote to Olsen's 45.1%"
        if prev is not None:
            holder = child_of(pct, "poss")
            if holder is not None and "share" in prev.lead:
                prev.lead = [*name_of(holder, 3), "'s", "share", "of"]
            return prev
    change = _change(pct)
    if change is not None:
        return change
    return None


_LOOKBACK = ContextVar("counted_lookback", default=0)
MAX_LOOKBACK = 3  # figures that each refer back to the one before: follow a short chain only


def _previous(tok: Token, qspan: set[int]) -> Reading | None:
    """What the figure before ``tok`` in its sentence counts, when ``tok`` only compares with it."""
    depth = _LOOKBACK.get()
    if depth >= MAX_LOOKBACK:
        return None
    token = _LOOKBACK.set(depth + 1)
    try:
        return _previous_reading(tok, qspan)
    finally:
        _LOOKBACK.reset(token)


def _previous_reading(tok: Token, qspan: set[int]) -> Reading | None:
    percent = tok.lower_ in ("%", "percent") or tok.head.lower_ in ("%", "percent")
    for t in reversed(tok.doc[tok.sent.start:min(qspan)]):
        if not is_num(t) or t.head.lower_ in lx.COLLECTIVES:
            continue
        unit = t.head if t.head.lower_ in ("%", "percent") else None
        if (unit is not None) != percent:
            continue
        anchor = unit if unit is not None else t
        fake = Quantity(start=0, end=0, low=None, high=None, hedge="exact", unit="%" if percent else None)
        return read_figure(anchor, {x.i for x in t.subtree} | ({unit.i} if unit is not None else set()), fake)
    return None


def _change(tok: Token) -> Reading | None:
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
        own = head.head if head.dep_ in ("advmod", "amod") and is_noun(head.head) else None  # "with congestion up 18%"
        subj = named(child_of(head, "nsubj")) or own or earlier_noun(tok, money=True) or named(subject_of(head.head))
    else:  # "slowed cognitive decline by 27%", "Net income fell 12%"
        obj = child_of(head, "dobj")
        subj = obj if obj is not None and obj.i != node.i and is_noun(obj) else named(subject_of(head))
        subj = subj or earlier_noun(tok)
    if subj is None:
        return Reading(None, None, lead=[noun_word])
    return Reading(unwrap(subj), None, lead=[noun_word, "in"])


def _through_unit(unit: Token, q: Quantity, qspan: set[int]) -> Reading | None:
    """Past a unit or container: "pounds of water vapor", "feet long", "20-inch wheels"."""
    low = unit.lower_.rstrip(".")
    if q.unit in ("pp", "bp"):  # "cut rates by 25 basis points": a change, like a percentage
        change = _change(unit)
        if change is not None:
            return change
    through = through_of(unit) if low in lx.MEASURE_WORDS or low in lx.CONTAINERS else None
    if through is None and low in lx.MEASURE_WORDS:  # "71 kWh and 95 kWh of battery capacity"
        for other in (unit.head, *unit.children):
            if other.i != unit.i and other.lower_ == low and (other.dep_ == "conj" or unit.dep_ == "conj"):
                through = through_of(other) or through
    if through is not None and through.pos_ != "PRON":
        return Reading(through, through if low not in lx.MEASURE_WORDS else unit)
    owner = of_owner(unit)
    if owner is not None and (low in lx.MEASURE_WORDS or low in lx.TIME_WORDS or owner.lower_ in lx.OWNER_NOUNS
                              or (q.unit is not None and unit.i in qspan)):
        return _owned(owner)  # "a prison term of up to five years", "a force of 50,000 troops"
    if owner is not None and low in lx.POPULATION and owner.lower_ in lx.PLACES:
        place = owner.head if owner.dep_ == "appos" and is_noun(owner.head) else owner
        return Reading(place, None, lead=["population", "of"], dress=False)  # "a city of 80,000 people"
    level = _level_of(unit)
    if level is not None:
        return level
    if q.unit in lx.LENGTHS or (q.unit is None and low in lx.LENGTH_WORDS):
        # "30 nautical miles south of the island", "25 km from the front line"
        for child in unit.children:
            if child.lower_ in ("above", "below"):  # "two metres above the level"
                subj = clause_noun(unit)
                return Reading(subj, None, tail=["height" if child.lower_ == "above" else "depth"]) \
                    if subj is not None else Reading(None, None, lead=["height"])
        near = [*unit.children, *(c for c in unit.head.rights if c.i > unit.i and unit.dep_ in ("npadvmod", "dobj"))]
        if unit.head.lower_ in ("from", "away") or unit.head.lower_ in lx.DIRECTIONS:  # "25 kilometres from the
            near.insert(0, unit.head)  # front line", "40 miles south of the port" (the direction heads the unit)
        where = next((c for c in near if c.lower_ in lx.DIRECTIONS or c.lower_ in ("from", "away")), None)
        if where is not None:
            frm = next((c for c in (where, *where.children) if c.lower_ == "from"), None)
            of = next((c for c in where.children if c.lower_ == "of"), None) if frm is None else None
            if frm is not None:
                spot = texts(prep_phrase(frm, set()))
            else:
                spot = [where.text, *texts(prep_phrase(of, set()))] if of is not None else []
            tail = [f"({' '.join([*left_mods(unit, qspan), unit.text])})"] if q.unit is None else []
            return Reading(None, None, lead=["distance", *spot], tail=tail)  # its unit unparsed: "(nautical miles)"
    if low not in lx.MEASURE_WORDS or low in lx.TIME_WORDS or low in lx.AREA_WORDS:
        return Reading(unit, unit)  # "28 armored vehicle units", "50 weeks in jail", "acres burned"
    if is_noun(unit.head) and unit.dep_ in ("compound", "amod", "nmod", "nummod", "npadvmod") \
            and unit.head.i != unit.i:
        return Reading(unit.head, unit.head)
    for child in unit.children:
        dim = lx.DIMENSIONS.get(child.lower_)
        if dim:
            subj = clause_noun(unit)
            return Reading(subj, None, tail=[dim]) if subj is not None else Reading(None, None, lead=[dim])
    dim = lx.DIMENSIONS.get(unit.head.lower_)
    if dim:
        subj = clause_noun(unit.head)
        return Reading(subj, None, tail=[dim]) if subj is not None else Reading(None, None, lead=[dim])
    if q.unit == "%":
        change = _change(unit)
        if change is not None:
            return change
    reading = _bare(unit, q)
    name = lx.UNIT_QUANTITIES.get(q.unit or "")
    if reading is not None and reading.noun is not None and reading.frame is None and name and not reading.lead:
        reading.lead = [name, "of"]  # "its motors deliver 300 kW" -> power of motors
    return reading


def _level_of(noun: Token) -> Reading | None:
    """"The asylum backlog stood at about 90,000 cases", "the fire grew to 48,200 acres":
    the figure is the level of the clause's subject."""
    prep = noun.head
    verb = prep.head
    if noun.dep_ == "pobj" and prep.lower_ == "to" and verb.lemma_.lower() in lx.TALLIES and is_noun(verb):
        return Reading(verb, None, tail=[] if noun.lower_ in lx.MEASURE_WORDS else [f"({noun.text})"])
    if noun.dep_ != "pobj" or prep.lower_ not in ("at", "to") or verb.pos_ not in ("VERB", "AUX"):
        return None
    lemma = verb.lemma_.lower()
    obj = child_of(verb, "dobj")
    if prep.lower_ == "to" and obj is not None and obj.i != noun.i and obj.lemma_.lower() in lx.TALLIES:
        tail = [] if noun.lower_ in lx.MEASURE_WORDS else [f"({noun.text})"]
        return Reading(unwrap(obj), None, tail=tail)  # "extends Rovers' unbeaten run to 11 games"
    if lemma not in lx.LINKING:
        return None
    subj = named(subject_of(verb, passive=True))
    if subj is None or subj.i == noun.i:
        return None
    tail = [] if noun.lower_ in lx.MEASURE_WORDS else [f"({noun.text})"]
    return Reading(unwrap(subj), None, tail=tail)


def _bare(tok: Token, q: Quantity) -> Reading | None:
    """A number standing alone: a level of its clause's subject, or a noun left out."""
    adj = tok.head if tok.dep_ == "npadvmod" and tok.head.dep_ in ("acomp", "advcl", "conj", "ROOT") \
        and tok.head.tag_ in ("JJ", "JJR", "VBN") else None  # "the blaze was 5% contained"
    if adj is None and tok.dep_ in ("attr", "acomp"):
        adj = next((c for c in tok.rights if c.dep_ in ("acl", "amod") and c.lower_ in lx.ADJECTIVE_NOUNS), None)
        if adj is not None:
            subj = named(subject_of(tok.head, passive=True))
            what = lx.ADJECTIVE_NOUNS[adj.lower_]
            return Reading(unwrap(subj), None, tail=[what]) if subj is not None else Reading(None, None, lead=[what])
    if adj is not None:
        what = lx.ADJECTIVE_NOUNS.get(adj.lower_, adj.text)
        subj = named(subject_of(adj.head if adj.dep_ == "acomp" else adj, passive=True))
        if subj is not None:
            return Reading(unwrap(subj), None, tail=[what])
        return Reading(None, None, lead=[what])
    compared = tok.dep_ == "pobj" and (tok.head.lower_ in _COMPARED  # "argued for no more than five" (years)
                                       or (tok.head.lower_ == "for" and tok.head.head.pos_ == "VERB"))
    if tok.dep_ == "pobj" and tok.head.lower_ in ("including", "among") and q.unit is None:
        noun = earlier_noun(tok)  # "made 35 saves, including 15 in the third period"
        if noun is not None:
            return Reading(noun, tok, dress=False)
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
                return Reading(noun, tok, dress=False)
    noun = clause_noun(tok)
    if noun is not None and noun.lower_ in lx.EMPTY_CONTAINERS and noun.dep_ == "dobj":
        noun = named(subject_of(noun.head)) or noun  # "The arrivals bring the total to 14,812"
    if noun is not None:
        return Reading(noun, None)
    if q.unit in lx.CURRENCIES:
        return _money(tok)
    return Reading(None, tok)


def _level(tok: Token) -> bool:
    """Is the number the level a clause's subject reaches ("Turnout was 38.6%")?"""
    lemma = tok.head.lemma_.lower()
    return tok.dep_ in ("attr", "acomp") or (lemma in lx.LINKING and tok.dep_ != "nsubj") \
        or (lemma in lx.LEVEL and tok.dep_ == "dobj")


def _money(tok: Token) -> Reading:
    """Money with no noun of its own: what its verb makes of it ("paid $5m" -> payment)."""
    verb = tok.head
    lemma = verb.lemma_.lower()
    if verb.pos_ == "VERB" and lemma == "cost":
        subj = named(subject_of(verb))
        if subj is not None:
            return Reading(subj, None, lead=["cost", "of"])
        csubj = child_of(verb, "csubj")  # "Fighting the fire has cost $12.7 million"
        if csubj is not None:
            obj = child_of(csubj, "dobj")
            return Reading(None, None, lead=["cost", "of", csubj.text, *name_of(obj, 3)])
    if tok.dep_ == "pobj" and tok.head.lower_ == "for" and verb.head.pos_ == "VERB":
        obj = child_of(verb.head, "dobj")
        if obj is not None and is_noun(obj):
            return Reading(obj, None, lead=["price", "of"])
    if verb.pos_ == "VERB" and lemma in lx.MONEY_NOUNS and tok.dep_ == "dobj":
        return Reading(None, tok, lead=[lx.MONEY_NOUNS[lemma]], verb=False)
    return Reading(None, tok, lead=["money"])


def _in_what(tok: Token) -> Token | None:
    """What an amount is "in": "$2 million in humanitarian funding" -> funding; also "lose $4
    million a year in tax revenue", where the "in" hangs from the verb."""
    verb_preps = [c for c in tok.head.rights if c.i > tok.i] if tok.dep_ == "dobj" else []
    for child in (*tok.rights, *verb_preps):
        if child.dep_ == "prep" and child.lower_ == "in":
            pobj = child_of(child, "pobj")
            if pobj is not None and pobj.pos_ == "NOUN" and pobj.ent_type_ not in ("DATE", "TIME", "GPE", "LOC") \
                    and not any(c.dep_ in ("det", "poss") for c in pobj.children):
                return pobj
    return None


def _elided_noun(tok: Token) -> Token | None:
    """The noun a bare number leaves out: the object of a conjoined verb ("killing 37 people
    and injuring 300"), else the last counted noun before it in this or the sentence before."""
    verb = tok.head
    for other in (verb.head, *verb.children):
        if other.i != verb.i and other.pos_ == "VERB" and (verb.dep_ == "conj" or other.dep_ == "conj"):
            obj = child_of(other, "dobj")
            if obj is not None and is_noun(obj) and any(is_num(c) for c in obj.children):
                return obj
    earlier = earlier_noun(tok)
    if earlier is None:  # "The number of structures destroyed has climbed to 210, and another 65 ..."
        prev = _previous(tok, {tok.i})
        earlier = prev.noun if prev is not None and not prev.lead else None
    return earlier
