"""Figures that count a relation rather than a thing: a margin, a lead, a part said by a predicate.

Part of :mod:`claimledger.extract.counted` (the first step, with
:mod:`~claimledger.extract.counted_reading`).  The number's own noun is the wrong answer
for these:

* a margin or a lead — "defeating Olsen by more than seven points", "won the race by almost
  a minute", "Marsh ahead by 3 points", "five points clear", "eight points behind the
  leaders": the points or minutes are the *size of a gap* between two sides, so the phrase
  names the gap and whose it is ("Marsh's winning margin (points)", "City's deficit");
* a level said with a preposition on a noun — "estimated insured losses at €300m",
  "temperatures near 104 degrees": the noun, not the clause's subject;
* a strength — "the 50,000-strong enemy group in Kursk": the group;
* places a thing is in — "235 sites in 14 countries": countries with sites;
* "more" for the noun counted before — "destroyed 300 homes and damaged 500 more";
* a restatement — "fees of up to 25% of the fund, or about $181 million", "net income
  of $310 million, or $1.42 a share": what the figure restated counts (fees, net income);
* a part named by a predicate — "Officials counted 40 deaths; 12 were children", "300 of the
  victims were retirees": the number counts the predicate noun within the whole ("children
  among deaths", "retirees among victims"), not the whole.
"""

from __future__ import annotations

from typing import TYPE_CHECKING

from claimledger.extract import counted_lexicon as lx
from claimledger.extract.counted_dress import left_mods, right_attachment
from claimledger.extract.counted_reading import Reading, read_figure
from claimledger.extract.counted_tree import (
    child_of,
    earlier_noun,
    glued,
    is_noun,
    is_num,
    name_of,
    named,
    of_owner,
    subject_of,
    through_of,
)
from claimledger.models import Quantity

if TYPE_CHECKING:
    from spacy.tokens import Token

# verbs whose "by N" is the gap between winner and loser, and the word a reader uses for it
_BY_GAP = {"win": "winning margin", "beat": "winning margin", "defeat": "winning margin", "edge": "winning margin",
           "outscore": "winning margin", "outpoll": "winning margin", "lead": "lead", "trail": "deficit",
           "lose": "losing margin"}
_AHEAD = lx._wordset("ahead clear")
_BEHIND = lx._wordset("behind adrift")


def gap_reading(tok: Token, qspan: set[int], unit: str | None) -> Reading | None:
    """"defeating Olsen by more than seven points" -> Marsh's winning margin (points).

    ``tok`` is the figure's root or the noun its number modifies ("points", "minute").  The side
    is the subject of the clause (or the one "shown ahead"); the noun goes in brackets
    when the quantity has no unit of its own.
    """
    if tok.dep_ in ("nummod", "quantmod") and is_noun(tok.head):  # "seven" of "seven points"
        tok = tok.head
    head = tok.head
    side: str | None = None
    holder: Token | None = None
    if tok.dep_ == "pobj" and head.lower_ == "by" and head.head.pos_ in ("VERB", "AUX", "ADV", "ADJ"):
        verb = head.head
        mark = next((c for c in verb.children if c.lower_ in _AHEAD | _BEHIND and c.dep_ in ("advmod", "acomp")), None)
        if verb.lower_ in _AHEAD | _BEHIND:
            mark, verb = verb, verb.head
        if mark is not None:  # "a poll had shown Marsh ahead by 3 points"
            side = "lead" if mark.lower_ in _AHEAD else "deficit"
            holder = named(child_of(verb, "dobj")) or named(subject_of(verb))
        elif verb.lemma_.lower() in _BY_GAP and not _beats_a_forecast(verb) and through_of(tok) is None:
            side = _BY_GAP[verb.lemma_.lower()]  # not "won by 52% of the vote", "beat estimates by 9 cents"
            holder = named(subject_of(verb))
    elif tok.dep_ == "npadvmod" and head.lower_ in _AHEAD | _BEHIND:  # "five points clear", "eight points behind"
        side = "lead" if head.lower_ in _AHEAD else "deficit"
        verb = head.head if head.dep_ in ("acomp", "advmod", "prep") else head
        holder = named(subject_of(verb)) if verb.pos_ in ("VERB", "AUX") else None
    if side is None:
        return None
    lead = side.split()
    if holder is not None and holder.i not in qspan:
        owner = name_of(holder, 3)
        if owner:
            owner[-1] += "'" if owner[-1].endswith("s") else "'s"
            lead = [*owner, *lead]
    tail = []
    if unit is None and is_noun(tok):
        tail = [f"({tok.lower_ if tok.lower_.endswith('s') else tok.lower_ + 's'})"]
    return Reading(None, None, lead=lead, tail=tail)


_FORECASTS = lx._wordset("estimate estimates expectation expectations forecast forecasts consensus target targets "
                         "guidance record")


def _beats_a_forecast(verb: Token) -> bool:
    """"beat the average estimate by 9 cents": a gap to a forecast, not between two sides."""
    obj = child_of(verb, "dobj")
    return obj is not None and obj.lower_ in _FORECASTS


def noun_level(tok: Token, unit: str | None) -> Reading | None:
    """"estimated insured losses at €300m", "temperatures near 104 degrees", "with inflation
    at 2.1%": a figure after a preposition of level that hangs from a common noun is that
    noun's level (the verb's subject or object elsewhere in the clause is not)."""
    if tok.dep_ in ("nummod", "quantmod") and tok.head.dep_ == "pobj":  # "104" of "104 degrees"
        tok = tok.head
    if unit is None and tok.lower_ not in lx.MEASURE_WORDS:
        return None  # "a strike at 40 sites" counts sites: only a measure is a level
    prep = tok.head
    if tok.dep_ != "pobj" or prep.lower_ not in lx.LEVEL_PREPS or prep.dep_ != "prep":
        return None
    host = prep.head
    if host.pos_ != "NOUN" or host.i > tok.i or host.lower_ in lx.CONTAINERS or host.lower_ in lx.MEASURE_WORDS \
            or host.lower_ in lx.TIME_WORDS or is_num(host):
        return None
    return Reading(host, None)


def restatement(tok: Token, unit: str | None) -> Reading | None:
    """"fees of up to 25% of the fund, or about $181 million": an amount with no noun that
    restates the figure before it in other terms counts what that figure's noun names."""
    if not (is_num(tok) or tok.lower_ in ("cents", "pence")) or tok.dep_ not in ("conj", "appos") or (unit is not None and unit not in lx.CURRENCIES):
        return None
    other = tok.head
    if not (is_num(other) or other.lower_ in ("%", "percent")) or other.i > tok.i:
        return None
    owner = of_owner(other)
    if owner is not None:
        return Reading(owner, owner) if owner.lower_ not in lx.LEVEL_NOUNS else None
    if unit is None:
        return None
    # "Net income fell to $310 million, or $1.42 a share": what the first amount counts
    span = {t.i for t in other.doc[other.left_edge.i:other.i + 1]}
    first = read_figure(other, span, Quantity(start=0, end=0, low=None, high=None, hedge="exact", unit=unit))
    return Reading(first.noun, None, lead=first.lead, dress=False) if first is not None and first.noun is not None \
        and first.lead[:1] != ["money"] else None


def strong_group(tok: Token) -> Reading | None:
    """"the nearly 50,000-strong enemy group in Kursk", "a 3,000-strong crowd": the group."""
    strong = tok.head
    if tok.dep_ not in ("npadvmod", "nummod", "amod", "advmod") or strong.lower_ != "strong" or not is_noun(strong.head):
        return None
    group = strong.head
    skip = {t.i for t in strong.subtree}
    return Reading(None, None, lead=[*left_mods(group, skip), group.text, *right_attachment(group, skip)])


def more_of(tok: Token) -> Reading | None:
    """"destroyed 300 homes and damaged 500 more", "rescuers found 3 more": "more" stands for
    the noun counted before; the clause around "more" says what happened to them."""
    more = tok.head
    if tok.dep_ not in ("nummod", "quantmod", "advmod", "npadvmod") or more.lower_ not in ("more", "others") \
            or more.i < tok.i or (is_noun(more.head) and more.dep_ in ("amod", "nummod")):
        return None
    earlier = earlier_noun(tok)
    return Reading(earlier, more, dress=False) if earlier is not None else None


def where_count(tok: Token, qspan: set[int], unit: str | None) -> Reading | None:
    """"235 sites in 14 countries", "a state of emergency in 14 districts": a count of the
    places something is in counts places *with* that thing ("countries with sites",
    "districts with state of emergency"), not bare places."""
    if tok.dep_ == "nummod" and is_noun(tok.head):  # "14" of "14 countries"
        tok = tok.head
    if unit is not None or not is_noun(tok) or tok.tag_ not in ("NNS", "NNPS") or tok.lower_ in lx.MEASURE_WORDS:
        return None
    prep = tok.head
    host = prep.head
    if tok.dep_ != "pobj" or prep.lower_ not in ("in", "across", "from") or host.pos_ != "NOUN" or host.i > tok.i \
            or host.lower_ in lx.CONTAINERS or host.lower_ in lx.MEASURE_WORDS or host.lower_ in lx.TIME_WORDS:
        return None
    owned = _of_phrase(host)
    return Reading(None, None, lead=[*left_mods(tok, qspan), tok.text, "with", *name_of(host, 3),
                                     *(["of", *owned] if owned else [])])  # name_of drops "60-day"


def predicate_part(tok: Token) -> Reading | None:
    """"12 were children" after "40 deaths", "300 of the victims were retirees": the
    predicate noun among the whole (the number's own "of", the verb's, or the noun counted
    before); "killed 40 soldiers, 12 of them officers": the part, with the whole's clause."""
    verb = tok.head
    if tok.dep_ == "nsubj" and is_noun(verb) and verb.tag_ in ("NNS", "NNPS") and verb.i > tok.i:
        attr: Token | None = verb  # "Twelve people died, three of them children": a verbless clause
    elif tok.dep_ != "nsubj" or verb.lemma_.lower() != "be":
        return None
    else:
        attr = child_of(verb, "attr")
    if attr is None or not is_noun(attr) or attr.tag_ not in ("NNS", "NNPS") or any(is_num(c) and c.i != tok.i for c in attr.lefts):
        return None
    part = [*left_mods(attr, set()), attr.text]
    if verb.i == attr.i:  # the whole's clause tells what happened to the part: "officers killed by the attack"
        earlier = earlier_noun(tok)
        return Reading(attr, earlier, dress=False) if earlier is not None else None
    whole = _of_phrase(tok) or _of_phrase(verb)
    if whole:
        return Reading(None, None, lead=[*part, "among", *whole])
    earlier = earlier_noun(tok)
    if earlier is not None:
        return Reading(None, None, lead=[*part, "among", *left_mods(earlier, set()), earlier.text])
    return Reading(None, None, lead=part)


def _of_phrase(tok: Token) -> list[str]:
    """The words of ``tok``'s "of" phrase, without articles or numbers ("this year's dead and missing")."""
    prep = next((c for c in tok.children if c.dep_ == "prep" and c.lower_ == "of"), None)
    pobj = child_of(prep, "pobj") if prep is not None else None
    if pobj is None or pobj.pos_ == "PRON" or is_num(pobj):
        return []
    words = [t for t in pobj.subtree if t.lower_ not in ("the", "a", "an") and not is_num(t) and t.dep_ != "quantmod"
             and (not t.is_punct or t.text == "-")]
    return glued(words)[:6]
