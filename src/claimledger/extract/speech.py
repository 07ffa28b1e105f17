"""How a reporting verb reports: the lexicon of speech and report verbs, and the readers
that tell whether a verb (or "according to", or a noun's reporting clause) governs the
branch of the parse that holds a figure, and who its speaker is.

Used by :mod:`claimledger.extract.attribution`, which walks up from the figure and asks
these readers at every step; :mod:`claimledger.extract.source_names` turns the speaker's
words they return into a name.
"""

from __future__ import annotations

from dataclasses import dataclass
from typing import TYPE_CHECKING

from claimledger.extract.speaker_phrases import (
    DATA_NOUNS,
    FIRST_PERSON,
    FIRST_PERSON_POSS,
    anonymous,
    can_speak,
    data_head,
    first_person,
    is_a,
    is_data,
    speaker_np,
)

if TYPE_CHECKING:
    from spacy.tokens import Span, Token

__all__ = [
    "BACKGROUND_MARKS",
    "CLAUSE_ONLY",
    "DATA_NOUNS",
    "FIRST_PERSON",
    "FIRST_PERSON_POSS",
    "RELATIVE",
    "REPORTED_EDGES",
    "REPORT_VERBS",
    "Level",
    "according_to",
    "agent_of",
    "anonymous",
    "as_report",
    "as_revision",
    "can_speak",
    "data_head",
    "first_person",
    "is_a",
    "is_aside",
    "is_data",
    "noun_reporters",
    "report_lemma",
    "sentence_reporters",
    "speaker_np",
    "subject_of",
]

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
CLAUSE_ONLY = _words("find count see feel describe point tell add admit")
# "Prosecutors had asked for a sentence of 15 years", "argued for no more than five"
_FOR_VERBS = _words("ask argue call push press lobby")
_AT_ONLY = _words("put place peg")
_CLAUSE_EDGES = frozenset(("ccomp", "xcomp", "parataxis", "dep"))
# Edges by which what a verb reports hangs below it; a figure reached through anything else
# (an adverbial clause, a coordinated clause, a modifier) is not what the verb reports.
REPORTED_EDGES = _CLAUSE_EDGES | {"dobj", "attr", "oprd", "dative"}
# Crossing a conditional clause means the figure is not asserted by whoever reports above it.
BACKGROUND_MARKS = _words("if unless")
# Adverbial clauses that go on with what is reported: "..., Cal Fire said, as the blaze grew
# to 48,200 acres"; "..., it said, while another 19 drones were lost".
_CONTENT_MARKS = _words("as while whereas")
# A report verb's own trailing phrases carry its figures too: "Turnout was 38.6%, the clerk's
# office said, down from 44%"; "RouteWise said, with congestion up 18%".
_TRAILING_EDGES = frozenset(("advmod", "npadvmod", "prep"))
RELATIVE = _words("who which that whom")
_QUOTES_OPEN = "“\""
_QUOTES_CLOSE = "”\""


@dataclass
class Level:
    """One reporting verb above the figure and who does the reporting."""

    depth: float  # distance up the tree from the figure (inner levels are smaller)
    stance: str
    subject: Span | None  # the speaker's words in this sentence, None if not found
    dative: Span | None = None  # "told [Reuters]"
    passive_no_agent: bool = False
    cited: Span | None = None  # "..., state media reported, citing [local officials]"


def sentence_reporters(fig: Token, sent: Span) -> list[Level]:
    """A reporting verb governs the figures of its whole sentence, even where the parse
    hangs them elsewhere ("An earthquake struck ..., killing at least 37 people, the
    institute said"; "..., Cal Fire said, as the blaze grew to 48,200 acres").  Only a main
    reporting verb counts: not one the walk up from the figure already passed (the figure
    is then its adjunct, "Eurostat said, bringing it within reach of the 2% target"), not
    one in a relative, coordinated or concessive clause ("..., and the researchers said",
    "though lawyers said"), and never one whose own subject or object holds the figure
    ("Smith, who scored 30 points, said ...", "The stock added more than 2%")."""
    above = {t.i for t in fig.ancestors}
    best: Level | None = None
    for tok in sent:
        lemma = report_lemma(tok)
        if lemma is None or tok.i in above or lemma in _AT_ONLY:
            continue
        if tok.dep_ not in ("ROOT", "parataxis", "advcl") or any(c.dep_ == "mark" for c in tok.children):
            continue
        clauses = [c for c in tok.children if c.dep_ in ("ccomp", "parataxis")]
        if lemma in CLAUSE_ONLY and not clauses and tok.dep_ != "parataxis":
            continue  # "Marchand added three assists", "gains add to a major gain": not speech
        held = [c for c in tok.children if c.dep_ in ("nsubj", "nsubjpass", "dobj", "dative", "attr")]
        if any(c.left_edge.i <= fig.i <= c.right_edge.i for c in held):
            continue
        subj = next((c for c in tok.children if c.dep_ == "nsubj"), None)
        if subj is None or subj.lower_ in RELATIVE:
            continue
        level = Level(100.0 + abs(tok.i - fig.i) / 100, REPORT_VERBS[lemma], speaker_np(subj))
        if best is None or level.depth < best.depth:
            best = level
    return [best] if best is not None else []


def as_revision(verb: Token, via: Token, depth: float) -> Level | None:
    """"The Commission cut its forecast ... to 0.9% from 1.3%": the reviser asserts both."""
    if verb.lemma_.lower() not in _REVISE_VERBS or not (via.dep_ == "prep" and via.lower_ in ("to", "from", "by")):
        return None
    if not any(c.dep_ == "dobj" and is_a(c, _FORECAST_NOUNS) for c in verb.children):
        return None
    subject = subject_of(verb, 0)
    return Level(depth, "estimated", subject) if subject is not None else None


def is_aside(verb: Token) -> bool:
    if verb.dep_ not in ("parataxis", "advcl") or not report_lemma(verb):
        return False
    return verb.dep_ == "parataxis" or any(c.lower_ == "as" and c.dep_ == "mark" for c in verb.children)


def noun_reporters(fig: Token, sent: Span) -> list[Level]:
    """"the $53 million figure McKinley cited", "the figure, cited by X": a reporting verb
    that modifies the noun the figure belongs to."""
    noun = fig
    for _ in range(3):
        if (noun.pos_ in ("NOUN", "PROPN") and (noun.i != fig.i or noun.text == "%")) or noun.head.i == noun.i:
            break  # a percent sign heads its own figure: "the 95% that experts say is needed"
        noun = noun.head
    out: list[Level] = []
    for c in noun.children:
        if c.dep_ not in ("relcl", "acl") or not report_lemma(c) or not sent.start <= c.i < sent.end:
            continue
        stance = REPORT_VERBS[c.lemma_.lower()]
        if c.dep_ == "acl" and c.tag_ == "VBN":
            agent = agent_of(c)
            out.append(Level(0.5, stance, agent, passive_no_agent=agent is None))
        elif c.dep_ == "relcl":
            subj = next((g for g in c.children if g.dep_ == "nsubj" and g.lower_ not in RELATIVE), None)
            if subj is not None:
                out.append(Level(0.5, stance, speaker_np(subj)))
    return out


def report_lemma(tok: Token) -> str | None:
    lemma = tok.lemma_.lower()
    if tok.pos_ not in ("VERB", "AUX") or lemma not in REPORT_VERBS:
        return None
    return lemma


def as_report(verb: Token, via: Token | None, depth: float) -> Level | None:
    """A :class:`Level` when ``verb`` reports the branch ``via`` that holds the figure."""
    lemma = report_lemma(verb)
    if lemma is None:
        return None
    edge = via.dep_ if via is not None else "parataxis"
    stance = REPORT_VERBS[lemma]
    passive = any(c.dep_ in ("auxpass", "nsubjpass") for c in verb.children) or (
        verb.tag_ == "VBN" and verb.dep_ in ("acl", "advcl"))
    if (passive and edge in ("nsubjpass", "acl")) or (verb.dep_ == "acl" and verb.tag_ == "VBN"):
        agent = agent_of(verb) or _in_document(verb)  # "are believed to remain", "cases reported worldwide"
        return Level(depth, stance, agent, passive_no_agent=agent is None)
    if edge == "nsubj" and via is not None:
        return _clause_taken_for_subject(verb, via, depth, stance)
    at_figure = via is not None and via.dep_ == "prep" and (via.lower_ in ("at", "to") or (
        via.lower_ == "for" and lemma in _FOR_VERBS))
    if lemma in _AT_ONLY and not at_figure:
        return None
    told = via is not None and edge in ("dobj", "dative") and lemma in _ADDRESS_VERBS and _told_clause(via)
    if lemma in CLAUSE_ONLY and edge not in _CLAUSE_EDGES and not told:
        return None
    clause_conj = edge == "conj" and via is not None and via.i > verb.i and lemma not in CLAUSE_ONLY and any(
        c.dep_ in ("nsubj", "nsubjpass") for c in via.children)  # "The report says A, and [the state paid B]"
    content_clause = edge == "advcl" and via is not None and any(
        c.dep_ == "mark" and c.lower_ in _CONTENT_MARKS for c in via.children)
    trailing = edge in _TRAILING_EDGES and via is not None and via.i > verb.i and stance in ("said", "reported")
    tag_conj = edge == "conj" and via is not None and _goes_on_after_tag(verb, via)
    small_clause = edge in _TRAILING_EDGES and via is not None and lemma in _OBJECT_OK and any(
        c.dep_ == "dobj" and c.i < via.i for c in verb.children)  # "had shown Marsh ahead by 3 points"
    if edge not in REPORTED_EDGES and not (at_figure or clause_conj or content_clause or trailing or tag_conj
                                           or small_clause):
        return None
    if edge in REPORTED_EDGES - _CLAUSE_EDGES and lemma not in _OBJECT_OK and not told:
        return None
    if passive:
        agent = agent_of(verb) or _in_document(verb)
        return Level(depth, stance, agent, passive_no_agent=agent is None)
    subject = subject_of(verb, 0)
    if subject is None and lemma in ("cite", "quote"):
        subject = _child_np(verb, ("dobj",))
    return Level(depth, stance, subject, dative=_child_np(verb, ("dative", "dobj")) if lemma == "tell" else None,
                  cited=_cited(verb))


# Verbs that address someone ("told aid workers they had paid ..."): the parse hangs what
# is said as a relative clause on the addressee.
_ADDRESS_VERBS = frozenset(("tell", "inform", "assure", "warn", "remind", "brief"))
_PERSONAL = frozenset(("i", "we", "you", "he", "she", "it", "they"))


def _told_clause(addressee: Token) -> bool:
    """"Survivors told aid workers [they had paid $3,000]": a "relative clause" with a
    personal pronoun for subject is what was told."""
    return any(c.dep_ == "relcl" and any(g.dep_ in ("nsubj", "nsubjpass") and g.lower_ in _PERSONAL
                                         for g in c.children) for c in addressee.children)


def _goes_on_after_tag(verb: Token, via: Token) -> bool:
    """"The outbreak has grown to 64 cases, the department said, and [has spread to three
    counties]": a coordinated verb with no subject of its own continues what the tag
    before it reported."""
    return via.i > verb.i and not any(c.dep_ in ("nsubj", "nsubjpass") for c in via.children) and any(
        c.dep_ == "ccomp" and c.i < verb.i for c in verb.children)


def _in_document(verb: Token) -> Span | None:
    """"was estimated at $85 million in the most recent budget report": with no agent, the
    document the passive figure stands in is its source."""
    subjects = {t.i for c in verb.children if c.dep_ in ("nsubj", "nsubjpass") for t in c.subtree}
    for c in verb.subtree:
        if c.dep_ == "prep" and c.lower_ == "in" and c.i not in subjects:
            obj = next((g for g in c.children if g.dep_ == "pobj"), None)
            if obj is not None and is_a(obj, DATA_NOUNS) and obj.pos_ == "NOUN":
                return speaker_np(obj)
    return None


def _clause_taken_for_subject(verb: Token, via: Token, depth: float, stance: str) -> Level | None:
    """"A crowd of 31,450 watched, the club said": the parse gives "said" two subjects; the
    one after the comma, next to the verb, is the speaker, and the other is what is said."""
    later = [c for c in verb.children if c.dep_ == "nsubj" and c.i > via.right_edge.i and c.i < verb.i]
    if not later:
        return None
    speaker = later[-1]
    between = verb.doc[via.right_edge.i + 1:speaker.left_edge.i]
    if not any(t.text == "," for t in between):
        return None
    return Level(depth, stance, speaker_np(speaker))


def _cited(verb: Token) -> Span | None:
    """"..., state media reported, citing local officials": the original source of a relay
    (also when the parse hangs "citing" on the reported clause).  Only someone who can
    speak is cited as a source: "argued for five years, citing his client's health" cites
    a reason."""
    clauses = [verb, *(c for c in verb.children if c.dep_ in ("ccomp", "parataxis", "nsubj"))]
    for clause in clauses:  # on the verb, on what it reports, or on its subject ("X, citing Y, said")
        for c in clause.children:
            if c.dep_ in ("advcl", "xcomp", "conj", "acl") and c.lemma_.lower() in ("cite", "quote") and c.tag_ == "VBG":
                obj = next((g for g in c.children if g.dep_ == "dobj"), None)
                if obj is not None and can_speak(obj):
                    return speaker_np(obj)
    return None


def agent_of(verb: Token) -> Span | None:
    for c in verb.children:
        if c.dep_ == "agent":
            for g in c.children:
                if g.dep_ == "pobj":
                    return speaker_np(g)
    return None


def _child_np(verb: Token, deps: tuple[str, ...]) -> Span | None:
    for c in verb.children:
        if c.dep_ in deps:
            return speaker_np(c)
    return None


def subject_of(verb: Token, hops: int) -> Span | None:
    """The words of ``verb``'s subject, looked for up a chain of clauses when it has none
    of its own.  Of two subjects the parse gives one verb ("Around 1,800 homes were
    damaged, most of them in the north, the institute said") the one next to it is real."""
    subjects = [c for c in verb.children if c.dep_ == "nsubj" and c.lower_ != "there"]
    if subjects:
        c = subjects[0]
        before = [s for s in subjects if s.i < verb.i]
        if len(before) > 1 and not any(m.dep_ == "mark" and before[0].i < m.i < before[-1].i for m in verb.children):
            c = before[-1]  # the first is a clause the parse took for a subject -- unless the second
            # follows a "before"/"after" the parse hung on the verb ("A poll ... before the vote had shown")
        if c.lower_ in RELATIVE and verb.dep_ == "relcl":
            return speaker_np(verb.head)
        return speaker_np(c)
    if hops >= 4:
        return None
    head = verb.head
    if verb.dep_ in ("acl", "relcl") and head.pos_ in ("NOUN", "PROPN", "PRON"):
        return speaker_np(head)
    if verb.dep_ in ("xcomp", "advcl", "conj", "pcomp") and head.i != verb.i:
        if head.pos_ == "ADP" and head.head.i != head.i:
            head = head.head
        if head.lemma_.lower() == "be":
            return None  # "it's hard to believe ...": nobody believes anything
        if head.pos_ in ("VERB", "AUX"):
            return subject_of(head, hops + 1)
        if head.pos_ in ("NOUN", "PROPN"):
            return speaker_np(head)
    return None


def according_to(fig: Token, sent: Span) -> tuple[list[Level], list[Level]]:
    """"according to X" / "per X": (levels hung on the figure's path up the tree, levels
    hung elsewhere).  The second kind is a fallback: in "The ferry was carrying 268 people
    according to its manifest, but survivors said as many as 320 were on board" the
    manifest does not vouch for the 320."""
    on_path: list[Level] = []
    off_path: list[Level] = []
    path = {t.i: d for d, t in enumerate([fig, *fig.ancestors])}
    for tok in sent:
        target: Token | None = None
        if tok.lower_ == "according":
            for c in tok.children:
                if c.lower_ == "to":
                    target = next((g for g in c.children if g.dep_ == "pobj"), None)
        elif tok.lower_ == "per" and tok.dep_ == "prep":
            target = next((g for g in tok.children if g.dep_ == "pobj" and g.ent_type_ in ("ORG", "PERSON")), None)
        if target is None or tok.i in path:
            continue
        if tok.head.i in path:
            on_path.append(Level(path[tok.head.i] + 0.5, "said", speaker_np(target)))
        else:
            off_path.append(Level(100.5, "said", speaker_np(target)))
    return on_path, off_path

