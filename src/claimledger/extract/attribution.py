"""Who asserts a figure: the speaker behind "X said", "according to X", "X estimated" ...

A figure belongs to a source only when that source *asserts* it: the figure must sit
inside what a reporting verb reports ("Patel said [over 10,000 soldiers were sent]"), not
merely share a sentence with a person ("Putin had sent 50,000 soldiers" has no source).
So the search walks up the dependency parse from the figure, and every reporting verb it
reaches through a complement (a clause, or the object of verbs like "reported",
"estimated", "put ... at") is one level of a reporting chain:

    The BBC reported that [South Korea's spy agency believed that [... 1,500 troops ...]]
    -> name "South Korea's spy agency", relayed_by "The BBC"

The source is the outermost level that names an agent (a person, a body, a group): that is
who asserts the figure in this text.  News outlets above it only relay it; data nouns
below it ("Zelensky said [his country's intelligence information suggested ...]") and
unnamed ones ("Reports indicate") defer to it or name nobody.  The walk stops at
background: an apposition ("Europa, one of Jupiter's 79 moons") or a condition ("if ...");
an adverbial clause of the reporting verb itself ("reported its third case after two other
cases were revealed") is not what it reports.  Where the parse hangs a figure away from a
reporting verb of the same sentence ("An earthquake struck ..., killing at least 37 people,
the institute said"), that verb still governs it, as the project's annotation rules say.  Pronouns and roles ("he", "the press officer", "the
agency") are resolved through :mod:`claimledger.extract.mentions`; "..., he added" keeps
the last speaker.  A passive reporting verb with no agent ("are believed to remain") means
the text names nobody: the figure is unattributed and the result is None.

When the figure is inside a quotation whose speaker is named outside its sentence
("... over 10,000 North Korean soldiers ...," he claimed), the speaker is looked for after
the closing quote, before the opening one, or in the sentence before a quote that goes on.
"""

from __future__ import annotations

import re
from dataclasses import dataclass, replace
from typing import TYPE_CHECKING

from claimledger.extract.context import DocContext, SentenceView
from claimledger.extract.mentions import ORG_NOUNS, ROLE_WORDS, is_media, resolve
from claimledger.models import Attribution

if TYPE_CHECKING:
    from spacy.tokens import Span, Token

def _words(text: str) -> frozenset[str]:
    """A word list written as one string (easier to read and extend than a list literal)."""
    return frozenset(text.split())


# lemma -> stance word kept on the attribution
REPORT_VERBS: dict[str, str] = {
    **dict.fromkeys(_words("say tell state add note write explain announce declare post tweet testify insist argue warn "
        "stress emphasize emphasise acknowledge admit comment respond reply quote cite tell "
        "inform brief describe maintain mention observe remark caution concede point"), "said"),
    **dict.fromkeys(_words("report reveal disclose publish"), "reported"),
    **dict.fromkeys(_words("believe think suspect fear reckon assume feel"), "believed"),
    **dict.fromkeys(_words("estimate put place calculate project forecast count tally peg"), "estimated"),
    **dict.fromkeys(_words("predict expect"), "predicted"),
    **dict.fromkeys(_words("claim allege assert boast"), "claimed"),
    **dict.fromkeys(_words("confirm verify"), "confirmed"),
    **dict.fromkeys(_words("suggest indicate show find conclude"), "suggested"),
    **dict.fromkeys(_words("record measure"), "measured"),
    **dict.fromkeys(_words("promise pledge vow"), "promised"),
    **dict.fromkeys(_words("want demand seek ask propose urge"), "demanded"),
}
# "cut its forecast to 0.9%", "raised its estimate to $2 billion": revising one's own
# figure asserts the new one.
_REVISE_VERBS = _words("cut raise lower revise lift trim increase reduce upgrade downgrade boost slash")
_FORECAST_NOUNS = _words("forecast forecasts estimate estimates outlook guidance projection projections target "
                         "prediction")
# Verbs that report only when what they govern is a clause or an "at" figure: "Police
# found that ..." reports, "Police found 10 bodies" does not.
# Verbs whose direct object can be the figure they report ("the ministry reported 30 deaths",
# "Police confirmed 10 arrests"); any other reporting verb reports only a clause: "He posted
# an elite 93.2 grade", "She wrote hundreds of songs" report nothing.
_OBJECT_OK = _words("report confirm estimate announce reveal disclose count tally show indicate predict forecast "
                    "project expect cite calculate claim put place peg suggest record measure declare "
                    "want demand seek propose")
_CLAUSE_ONLY = _words("find count see feel describe point tell add admit")
# "Prosecutors had asked for a sentence of 15 years", "argued for no more than five"
_FOR_VERBS = _words("ask argue call push press lobby")
_AT_ONLY = _words("put place peg")
_CLAUSE_EDGES = frozenset(("ccomp", "xcomp", "parataxis", "dep"))
# Edges by which what a verb reports hangs below it; a figure reached through anything else
# (an adverbial clause, a coordinated clause, a modifier) is not what the verb reports.
_REPORTED_EDGES = _CLAUSE_EDGES | {"dobj", "attr", "oprd", "dative"}
# Crossing a conditional clause means the figure is not asserted by whoever reports above it.
_BACKGROUND_MARKS = _words("if unless")
# Adverbial clauses that go on with what is reported: "..., Cal Fire said, as the blaze grew
# to 48,200 acres"; "..., it said, while another 19 drones were lost".
_CONTENT_MARKS = _words("as while whereas")
# A report verb's own trailing phrases carry its figures too: "Turnout was 38.6%, the clerk's
# office said, down from 44%"; "RouteWise said, with congestion up 18%".
_TRAILING_EDGES = frozenset(("advmod", "npadvmod", "prep"))
DATA_NOUNS = _words("""
data datum figure figures statistic statistics number numbers estimate estimates information intelligence
report reports study studies survey surveys analysis research poll polls census record records
document documents tally count calculation calculations projection projections model models
assessment assessments review finding findings evidence chart table map numbers release testing test tests
experiment experiments trial trials measurement measurements result results filing filings
forecast forecasts outlook guidance projection tally tallies statement statements announcement briefing
bulletin
""")
_FIRST_PERSON = _words("i we me us")
_FIRST_PERSON_POSS = _words("our my")
_RELATIVE = _words("who which that whom")
_QUOTES_OPEN = "“\""
_QUOTES_CLOSE = "”\""


@dataclass
class _Level:
    """One reporting verb above the figure and who does the reporting."""

    depth: float  # distance up the tree from the figure (inner levels are smaller)
    stance: str
    subject: Span | None  # the speaker's words in this sentence, None if not found
    dative: Span | None = None  # "told [Reuters]"
    passive_no_agent: bool = False
    cited: Span | None = None  # "..., state media reported, citing [local officials]"


def attribute(view: SentenceView, start: int, end: int, ctx: DocContext) -> Attribution | None:
    """Who asserts the figure at document span [start, end) of ``view``, or None when the
    text names nobody (or only says "is believed", "reportedly").  The result is also kept
    as ``ctx.last_source``."""
    result = source_of(view, start, end, ctx)
    if result is not None:
        ctx.last_source = result
    return result


def source_of(view: SentenceView, start: int, end: int, ctx: DocContext, *,
              as_speaker: bool = False) -> Attribution | None:
    """:func:`attribute` without touching ``ctx.last_source``.  With ``as_speaker`` the
    span is itself a speaker's words ("he", "the agency") and is only resolved to a name."""
    if as_speaker:
        words = view.char_span(start, end)
        if words is None or len(words) == 0:
            return None
        return _choose([_Level(0.0, "said", _np(words.root))], view, ctx)
    view = without_dateline(view, start)
    fig_span = view.char_span(start, end)
    sent = view.span()
    if fig_span is None or sent is None or len(fig_span) == 0:
        return None
    fig = _anchor_token(fig_span)
    levels = _levels(fig, sent)
    if any(lv.passive_no_agent for lv in levels if lv.subject is None) and not any(
            lv.subject is not None for lv in levels):
        return None
    levels = [lv for lv in levels if lv.subject is not None]
    if not levels or all(_first_person(lv.subject) for lv in levels):
        speaker = _quote_speaker(view, fig)
        if speaker is not None:
            levels.append(speaker)
    result = _choose(levels, view, ctx)
    hedge = _hedge_word(fig)
    if result is not None and hedge is not None:
        result = replace(result, stance=hedge)
    return result


# "AREQUIPA, Peru — ", "KREMSAU, Austria (Reuters) - ": a wire dateline glued to the first
# sentence, which the parser takes for its subject.
_DATELINE = re.compile(r"^[A-Z][A-Z .'’-]{2,}(?:,\s*[A-Z][\w. ]{1,30}){0,2}\s*(?:\([^)]{1,40}\))?\s*[—–-]{1,2}\s+")


def without_dateline(view: SentenceView, at: int) -> SentenceView:
    """``view`` re-parsed without a wire dateline ("AREQUIPA, Peru — ...") when it opens
    with one and document offset ``at`` lies after it; else ``view`` itself.  The parser
    takes a dateline for the sentence's subject, which hides "..., the institute said"
    from the figures and dates before it; one extra parse per wire story fixes that."""
    cut_at = _DATELINE.match(view.text)
    if cut_at is None or view.doc is None or at < view.start + cut_at.end():
        return view
    from claimledger.nlp import get_nlp

    cut = cut_at.end()
    rest = view.text[cut:]
    return SentenceView(index=view.index, start=view.start + cut, end=view.end, text=rest, block=view.block,
                        doc=get_nlp()(rest), offset=view.start + cut)


_HEDGES = {"reportedly": "reportedly", "allegedly": "reportedly", "purportedly": "reportedly",
           "likely": "likely", "probably": "likely"}


def _hedge_word(fig: Token) -> str | None:
    """"X reportedly said", "the toll will likely reach 100": a hedge on the path from the
    figure to its reporting verb qualifies the stance."""
    for tok in [fig, *fig.ancestors]:
        for c in tok.children:
            if c.dep_ == "advmod" and c.lower_ in _HEDGES:
                return _HEDGES[c.lower_]
    return None


# --- the chain ----------------------------------------------------------------------------

def _anchor_token(span: Span) -> Token:
    """The figure's token that carries it in the tree: the span root, or the noun it counts."""
    return span.root


def _levels(fig: Token, sent: Span) -> list[_Level]:
    levels: list[_Level] = _noun_reporters(fig, sent)
    prev, tok, depth = fig, fig, 0
    background = False
    while tok.head.i != tok.i and sent.start <= tok.head.i < sent.end and depth < 30:
        prev, tok = tok, tok.head
        depth += 1
        if prev.dep_ == "appos" or (prev.dep_ == "advcl" and any(
                c.dep_ == "mark" and c.lower_ in _BACKGROUND_MARKS for c in prev.children)):
            background = True
            break  # background to whatever is reported above
        level = _as_report(tok, prev, float(depth)) or _as_revision(tok, prev, float(depth))
        if level is not None and not (levels and prev.dep_ not in _REPORTED_EDGES):
            levels.append(level)  # a clause hung on by "as"/"while" adds no outer speaker
        for child in tok.children:  # "..., the ministry said, ..." / "as the ministry said"
            if child.i != prev.i and _is_aside(child):
                side = _as_report(child, None, depth + 0.25)
                if side is not None:
                    levels.append(side)
    levels.extend(_according_to(fig, sent))
    if not levels and not background:
        levels = _sentence_reporters(fig, sent)
    return sorted(levels, key=lambda lv: lv.depth)


def _sentence_reporters(fig: Token, sent: Span) -> list[_Level]:
    """A reporting verb governs the figures of its whole sentence, even where the parse
    hangs them elsewhere ("An earthquake struck ..., killing at least 37 people, the
    institute said"; "..., Cal Fire said, as the blaze grew to 48,200 acres").  Only a main
    reporting verb counts: not one the walk up from the figure already passed (the figure
    is then its adjunct, "Eurostat said, bringing it within reach of the 2% target"), not
    one in a relative, coordinated or concessive clause ("..., and the researchers said",
    "though lawyers said"), and never one whose own subject or object holds the figure
    ("Smith, who scored 30 points, said ...", "The stock added more than 2%")."""
    above = {t.i for t in fig.ancestors}
    best: _Level | None = None
    for tok in sent:
        lemma = _report_lemma(tok)
        if lemma is None or tok.i in above or lemma in _AT_ONLY:
            continue
        if tok.dep_ not in ("ROOT", "parataxis", "advcl") or any(c.dep_ == "mark" for c in tok.children):
            continue
        clauses = [c for c in tok.children if c.dep_ in ("ccomp", "parataxis")]
        if lemma in _CLAUSE_ONLY and not clauses and tok.dep_ != "parataxis":
            continue  # "Marchand added three assists", "gains add to a major gain": not speech
        held = [c for c in tok.children if c.dep_ in ("nsubj", "nsubjpass", "dobj", "dative", "attr")]
        if any(c.left_edge.i <= fig.i <= c.right_edge.i for c in held):
            continue
        subj = next((c for c in tok.children if c.dep_ == "nsubj"), None)
        if subj is None or subj.lower_ in _RELATIVE:
            continue
        level = _Level(100.0 + abs(tok.i - fig.i) / 100, REPORT_VERBS[lemma], _np(subj))
        if best is None or level.depth < best.depth:
            best = level
    return [best] if best is not None else []


def _as_revision(verb: Token, via: Token, depth: float) -> _Level | None:
    """"The Commission cut its forecast ... to 0.9% from 1.3%": the reviser asserts both."""
    if verb.lemma_.lower() not in _REVISE_VERBS or not (via.dep_ == "prep" and via.lower_ in ("to", "from", "by")):
        return None
    if not any(c.dep_ == "dobj" and _is_a(c, _FORECAST_NOUNS) for c in verb.children):
        return None
    subject = _subject_of(verb, 0)
    return _Level(depth, "estimated", subject) if subject is not None else None


def _is_aside(verb: Token) -> bool:
    if verb.dep_ not in ("parataxis", "advcl") or not _report_lemma(verb):
        return False
    return verb.dep_ == "parataxis" or any(c.lower_ == "as" and c.dep_ == "mark" for c in verb.children)


def _noun_reporters(fig: Token, sent: Span) -> list[_Level]:
    """"the $53 million figure McKinley cited", "the figure, cited by X": a reporting verb
    that modifies the noun the figure belongs to."""
    noun = fig
    for _ in range(3):
        if (noun.pos_ in ("NOUN", "PROPN") and noun.i != fig.i) or noun.head.i == noun.i:
            break
        noun = noun.head
    out: list[_Level] = []
    for c in noun.children:
        if c.dep_ not in ("relcl", "acl") or not _report_lemma(c) or not sent.start <= c.i < sent.end:
            continue
        stance = REPORT_VERBS[c.lemma_.lower()]
        if c.dep_ == "acl" and c.tag_ == "VBN":
            agent = _agent(c)
            out.append(_Level(0.5, stance, agent, passive_no_agent=agent is None))
        elif c.dep_ == "relcl":
            subj = next((g for g in c.children if g.dep_ == "nsubj" and g.lower_ not in _RELATIVE), None)
            if subj is not None:
                out.append(_Level(0.5, stance, _np(subj)))
    return out


def _report_lemma(tok: Token) -> str | None:
    lemma = tok.lemma_.lower()
    if tok.pos_ not in ("VERB", "AUX") or lemma not in REPORT_VERBS:
        return None
    return lemma


def _as_report(verb: Token, via: Token | None, depth: float) -> _Level | None:
    """A :class:`_Level` when ``verb`` reports the branch ``via`` that holds the figure."""
    lemma = _report_lemma(verb)
    if lemma is None:
        return None
    edge = via.dep_ if via is not None else "parataxis"
    stance = REPORT_VERBS[lemma]
    passive = any(c.dep_ in ("auxpass", "nsubjpass") for c in verb.children) or (
        verb.tag_ == "VBN" and verb.dep_ in ("acl", "advcl"))
    if (passive and edge in ("nsubjpass", "acl")) or (verb.dep_ == "acl" and verb.tag_ == "VBN"):
        agent = _agent(verb)  # "are believed to remain", "cases reported worldwide"
        return _Level(depth, stance, agent, passive_no_agent=agent is None)
    at_figure = via is not None and via.dep_ == "prep" and (via.lower_ in ("at", "to") or (
        via.lower_ == "for" and lemma in _FOR_VERBS))
    if lemma in _AT_ONLY and not at_figure:
        return None
    if lemma in _CLAUSE_ONLY and edge not in _CLAUSE_EDGES:
        return None
    clause_conj = edge == "conj" and via is not None and via.i > verb.i and lemma not in _CLAUSE_ONLY and any(
        c.dep_ in ("nsubj", "nsubjpass") for c in via.children)  # "The report says A, and [the state paid B]"
    content_clause = edge == "advcl" and via is not None and any(
        c.dep_ == "mark" and c.lower_ in _CONTENT_MARKS for c in via.children)
    trailing = edge in _TRAILING_EDGES and via is not None and via.i > verb.i and stance in ("said", "reported")
    if edge not in _REPORTED_EDGES and not (at_figure or clause_conj or content_clause or trailing):
        return None
    if edge in _REPORTED_EDGES - _CLAUSE_EDGES and lemma not in _OBJECT_OK:
        return None
    if passive:
        agent = _agent(verb)
        return _Level(depth, stance, agent, passive_no_agent=agent is None)
    subject = _subject_of(verb, 0)
    if subject is None and lemma in ("cite", "quote"):
        subject = _child_np(verb, ("dobj",))
    return _Level(depth, stance, subject, dative=_child_np(verb, ("dative", "dobj")) if lemma == "tell" else None,
                  cited=_cited(verb))


def _cited(verb: Token) -> Span | None:
    """"..., state media reported, citing local officials": the original source of a relay."""
    for c in verb.children:
        if c.dep_ in ("advcl", "xcomp", "conj") and c.lemma_.lower() in ("cite", "quote") and c.tag_ == "VBG":
            obj = next((g for g in c.children if g.dep_ == "dobj"), None)
            if obj is not None:
                return _np(obj)
    return None


def _agent(verb: Token) -> Span | None:
    for c in verb.children:
        if c.dep_ == "agent":
            for g in c.children:
                if g.dep_ == "pobj":
                    return _np(g)
    return None


def _child_np(verb: Token, deps: tuple[str, ...]) -> Span | None:
    for c in verb.children:
        if c.dep_ in deps:
            return _np(c)
    return None


def _subject_of(verb: Token, hops: int) -> Span | None:
    for c in verb.children:
        if c.dep_ == "nsubj" and c.lower_ != "there":
            if c.lower_ in _RELATIVE and verb.dep_ == "relcl":
                return _np(verb.head)
            return _np(c)
    if hops >= 4:
        return None
    head = verb.head
    if verb.dep_ in ("acl", "relcl") and head.pos_ in ("NOUN", "PROPN", "PRON"):
        return _np(head)
    if verb.dep_ in ("xcomp", "advcl", "conj", "pcomp") and head.i != verb.i:
        if head.pos_ == "ADP" and head.head.i != head.i:
            head = head.head
        if head.lemma_.lower() == "be":
            return None  # "it's hard to believe ...": nobody believes anything
        if head.pos_ in ("VERB", "AUX"):
            return _subject_of(head, hops + 1)
        if head.pos_ in ("NOUN", "PROPN"):
            return _np(head)
    return None


def _according_to(fig: Token, sent: Span) -> list[_Level]:
    out: list[_Level] = []
    path = {t.i: d for d, t in enumerate([fig, *fig.ancestors])}
    for tok in sent:
        target: Token | None = None
        if tok.lower_ == "according":
            for c in tok.children:
                if c.lower_ == "to":
                    target = next((g for g in c.children if g.dep_ == "pobj"), None)
        elif tok.lower_ == "per" and tok.dep_ == "prep":
            target = next((g for g in tok.children if g.dep_ == "pobj" and g.ent_type_ in ("ORG", "PERSON")), None)
        if target is None:
            continue
        head = tok.head
        depth = path.get(head.i, 100) + 0.5
        if tok.i in path:
            continue
        out.append(_Level(depth, "said", _np(target)))
    return out


# --- noun phrases ------------------------------------------------------------------------

def _np(tok: Token) -> Span:
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
        return _np(named_appos)  # "The UN refugee agency, UNHCR, estimates" -> UNHCR
    left = _left_edge(tok, tok.i)
    right = tok.i
    for c in tok.children:
        if c.i < tok.i:
            continue
        if c.dep_ == "prep" and (c.lower_ in ("of", "for", "on", "from", "at", "in") or (
                c.lower_ in ("with", "by") and _is_a(tok, DATA_NOUNS))) and (
                _is_a(tok, ORG_NOUNS) or _is_a(tok, ROLE_WORDS) or _is_a(tok, DATA_NOUNS) or tok.pos_ == "PROPN"):
            right = max(right, c.right_edge.i)
        elif c.dep_ in ("cc",) or (c.dep_ == "conj" and c.pos_ in ("NOUN", "PROPN")):
            right = max(right, c.right_edge.i if c.dep_ == "conj" else c.i)
        elif c.dep_ in ("compound", "flat") or (c.dep_ == "appos" and c.ent_type_ == "PERSON"):
            right = max(right, c.right_edge.i)
    while right > tok.i and doc[right].is_punct:
        right -= 1
    return doc[left:right + 1]


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


def _first_person(span: Span | None) -> bool:
    return span is not None and len(span) == 1 and span[0].lower_ in _FIRST_PERSON


def _is_a(tok: Token, words: frozenset[str]) -> bool:
    return tok.lower_ in words or tok.lemma_.lower() in words


def _is_data(span: Span) -> bool:
    return _is_a(span.root, DATA_NOUNS) and span.root.ent_type_ == ""


def _owner(span: Span) -> Span | None:
    """Whose data it is: "McKinley's figures", "a Reuters tally", "a Cal Fire incident
    report", "data from the CDC", "a study by the national epidemiology centre", "results
    released by the county clerk's office".  "his country's intelligence" has no named
    owner and defers to whoever reports it."""
    root = span.root
    for c in root.children:
        if c.dep_ == "poss" and (c.pos_ == "PROPN" or (c.pos_ == "NOUN" and not any(
                g.dep_ == "poss" for g in c.children))):
            return _np(c)  # "McKinley's figures", "the ministry's statement" -- not "his country's"
    named = [t for t in root.subtree if t.i < root.i and t.pos_ == "PROPN" and t.ent_type_ in ("ORG", "PERSON", "GPE")]
    if named:
        return _np(named[-1])
    for c in root.children:
        if c.dep_ == "prep" and c.lower_ in ("from", "by"):
            obj = next((g for g in c.children if g.dep_ == "pobj"), None)
            if obj is not None and obj.pos_ in ("PROPN", "NOUN"):
                return _np(obj)
        if c.dep_ == "acl" and c.tag_ == "VBN":  # "results released early Monday by the clerk's office"
            agent = _agent(c)
            if agent is not None:
                return agent
    return None


# --- choosing the source -----------------------------------------------------------------

@dataclass
class _Named:
    name: str
    role: str | None
    org: str | None
    media: bool
    data: bool
    start: int
    end: int


def _name(span: Span, view: SentenceView, ctx: DocContext) -> _Named | None:
    start, end = view.to_doc(span.start_char), view.to_doc(span.end_char)
    data = _is_data(span)
    if data:
        owner = _owner(span)
        if owner is not None:
            got = _name(owner, view, ctx)
            if got is not None:
                return got
    words = span.text.strip()
    low = words.lower()
    if len(span) == 1 and span[0].pos_ == "PRON":
        if low in _FIRST_PERSON:
            return None
        hint = "PERSON" if low in ("he", "she", "him", "her") else "ORG"
        last = _continued_speaker(span, ctx, hint)
        if last is not None:
            return _Named(last.name, last.role, last.org, is_media(last.name), False, start, end)
        m = resolve(low, ctx, hint, before=start)
        if m is None:
            return None
        return _Named(m.name, m.role, m.org, m.kind == "MEDIA", False, start, end)
    if any(t.dep_ == "conj" and t.head.i == span.root.i for t in span):
        return _Named(_strip(words), None, None, False, False, start, end)  # "Paganini and his team"
    if data and (len(span) == 1 or any(c.dep_ == "poss" and c.lower_ in _FIRST_PERSON_POSS
                                       for c in span.root.children)):
        return None  # "Reports indicate", "Studies show", "our testing suggests": nobody named
    people = [e for e in span.ents if e.label_ == "PERSON" and not (" " not in e.text and is_media(e.text))]
    person = next((e for e in people if e.start <= span.root.i < e.end), people[-1] if people else None)
    if person is None:  # a surname the tagger took for a place or a company ("McKinley cited")
        person = next((e for e in span.ents if resolve(e.text, ctx, "PERSON")), None)
    if person is not None:
        m = resolve(person.text, ctx, "PERSON")
        if m is not None:
            return _Named(m.name, m.role, m.org, False, False, start, end)
        return _Named(_strip(person.text), None, None, False, False, start, end)
    if low.startswith("the ") and all(t.text.islower() or t.is_punct for t in span[1:]):
        m = resolve(low, ctx)
        if m is not None:
            return _Named(m.name, m.role, m.org, m.kind == "MEDIA", False, start, end)
    if not any(c.isalpha() for c in words):
        return None
    head = span.root.head if span.root.dep_ == "appos" else span.root
    described = span.doc[head.left_edge.i:span.root.i + 1].text  # "Tech news site TechPulse"
    return _Named(_strip(words), None, None, is_media(words) or is_media(described), data, start, end)


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


def _strip(text: str) -> str:
    return re.sub(r"['’]s$", "", re.sub(r"\s+", " ", text).strip(" ,.;:\"'“”‘’()"))


def _choose(levels: list[_Level], view: SentenceView, ctx: DocContext) -> Attribution | None:
    named: list[tuple[_Level, _Named]] = []
    for lv in levels:
        if lv.subject is None:
            continue
        got = _name(lv.subject, view, ctx)
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
    if lv.cited is not None:  # the reporter relays whom it cites
        original = _name(lv.cited, view, ctx)
        if original is not None and not original.data:
            return Attribution(name=original.name, role=original.role, org=original.org, relayed_by=n.name,
                               stance=lv.stance, start=original.start, end=original.end)
    relay: str | None = None
    outer_media = [x for x in named if x[1].media and x[0].depth > lv.depth]
    if outer_media:
        relay = outer_media[-1][1].name
    elif lv.dative is not None and is_media(lv.dative.text):
        relay = _strip(lv.dative.text)
    return Attribution(name=n.name, role=n.role, org=n.org, relayed_by=relay, stance=lv.stance,
                       start=n.start, end=n.end)


# --- quotations --------------------------------------------------------------------------

def _quote_span(text: str, pos: int) -> tuple[int, int] | None:
    """(opening, closing) offsets of the quotation around ``pos`` in ``text``, if any;
    closing is len(text) when the quote runs on past the paragraph."""
    opening, straight = -1, False
    for i, ch in enumerate(text[:pos]):
        if ch == "“":
            opening = i
        elif ch == "”":
            opening = -1
        elif ch == '"':
            straight = not straight
            opening = i if straight else -1
    if opening < 0:
        return None
    closer = '"' if text[opening] == '"' else "”"
    closing = text.find(closer, pos)
    return opening, closing if closing >= 0 else len(text)


def _quote_speaker(view: SentenceView, fig: Token) -> _Level | None:
    """The speaker of the quotation the figure stands in: named right after it closes, right
    before it opens, or -- for a quote that goes on after "..., Maley said." -- in the
    sentence before it."""
    doc = fig.doc
    found = _quote_span(doc.text, fig.idx)
    if found is None:
        return None
    opening, closing = found
    after = [t for t in doc if t.idx > closing][:12]
    for tok in after:
        if tok.text in _QUOTES_OPEN and tok.idx > closing + 1:
            break
        level = _speaker_level(tok)
        if level is not None:
            return level
    before = [t for t in doc if t.idx < opening]
    for tok in reversed(before[-12:]):
        if tok.text in ("”",) or (tok.is_sent_end and tok.i < before[-1].i):
            break
        level = _speaker_level(tok)
        if level is not None:
            return level
    if before:
        prev_sent = before[-1].sent
        for tok in prev_sent:
            if _quote_span(doc.text, tok.idx) is None:
                level = _speaker_level(tok)
                if level is not None:
                    return level
    return None


def _speaker_level(tok: Token) -> _Level | None:
    if not _report_lemma(tok) or tok.lemma_.lower() in _CLAUSE_ONLY - {"add", "tell"}:
        return None
    subject = _subject_of(tok, 0)
    if subject is None or _first_person(subject):
        return None
    return _Level(50.0, REPORT_VERBS[tok.lemma_.lower()], subject)
