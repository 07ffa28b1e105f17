"""Whether two dated events speak of the same one-time happening.

"That pact, which North Korea officially ratified on November 12, 2024" and "The
agreement, ratified by North Korea in June 2024" date the same happening differently: a
pact is ratified by one country once.  "Russia invaded Ukraine in 2022" and "Ukraine
invaded Kursk in August 2024" are different happenings with the same verb, and "elections
held in 2016 ... in 2020" recur.  Precision matters more than recall here (a false
contradiction costs the reader's trust), so a pair is only comparable when:

1. both name an action of the same *one-time* class (ratify, sign, found, die, resign,
   invade, begin ...), with synonyms folded (begin = start = launch);
2. no cue near the action says the event recurs or is not a fact ("again", "second",
   "annual", "will", "plans to", "if" ...);
3. the actors agree: the names before the action (or after "by") and after it intersect
   whenever both sides have them;
4. they share an object word (folded: pact = agreement = treaty = deal) — or, for a birth,
   death, the same named person (names after the verb are places: "born in Brno").

Only words within a few tokens of the action are read, so a long sentence's other clauses
do not leak in.
"""

from __future__ import annotations

import re
from dataclasses import dataclass

from claimledger.checks.concepts import STOPWORDS, lemma, stem, wordset

_WORD = re.compile(r"[A-Za-z][A-Za-z'’\-]*|\d+")

# action classes that happen once for a given actor and object
_ACTIONS: dict[str, str] = {}
for _cls, _forms in {
    "ratify": "ratify ratified ratifies ratifying ratification",
    "sign": "sign signed signs signing",
    "found": "found founded founding establish established establishes establishing establishment",
    "born": "born",
    "die": "die died dies death",
    "assassinate": "assassinate assassinated assassination",
    "elect": "elect elected elects election",
    "appoint": "appoint appointed appoints appointment nominated nominate",
    "resign": "resign resigned resigns resignation",
    "invade": "invade invaded invades invading invasion incursion",
    "annex": "annex annexed annexes annexation",
    "begin": "begin began begun begins beginning start started starts starting launch launched "
             "launches launching commence commenced",
    "end": "ended ends concluded halted",
    "approve": "approve approved approves approval passed enacted adopted",
    "veto": "veto vetoed vetoes",
    "declare": "declare declared declares declaration",
    "withdraw": "withdraw withdrew withdrawn withdrawal",
    "collapse": "collapse collapsed collapses",
    "crash": "crash crashed crashes",
    "marry": "marry married marries marriage",
    "inaugurate": "inaugurate inaugurated inauguration sworn",
    "merge": "merge merged merger",
    "acquire": "acquire acquired acquires acquisition",
    "impeach": "impeach impeached impeachment",
    "convict": "convict convicted conviction",
    "indict": "indict indicted indictment",
    "release": "release released releases",
    "open": "opened opening",
    "close": "closed closure",
}.items():
    for _f in _forms.split():
        _ACTIONS[_f] = _cls

# happenings a named person has once: the name alone says it is the same one
_ONCE_IN_A_LIFE = frozenset({"born", "die"})
_NATIONALITY = ("an", "ans", "ese", "ish", "is", "ic")  # "Russian soldiers died" names no one

# object nouns that name the same thing
_OBJECT_FOLD: dict[str, str] = {}
for _cls, _words in {
    "agreement": "agreement pact treaty deal accord alliance",
    "offensive": "offensive counteroffensive counter-offensive assault operation campaign attack",
    "law": "law bill act legislation measure",
    "war": "war conflict",
    "company": "company firm business",
}.items():
    for _w in _words.split():
        _OBJECT_FOLD[_w] = _cls

# cues that the event recurs, is a plan or a hypothesis: dates of such events may differ
_CUES = wordset(
    "again second third fourth another anniversary annual annually every each re-elected reelected "
    "renewed renew previous previously earlier later first initially originally partly partially "
    "will would could might may plans planned plan expected scheduled set if unless whether proposed "
    "not never failed refused"
)
_DATE_WORDS = wordset(
    "january february march april may june july august september october november december jan feb mar "
    "apr jun jul aug sep sept oct nov dec monday tuesday wednesday thursday friday saturday sunday "
    "today yesterday tomorrow week month year day night morning evening afternoon officially"
)
_BEFORE, _AFTER = 5, 6


@dataclass(frozen=True)
class Happening:
    action: str | None  # the one-time action class, None when there is none
    agents: frozenset[str]  # name stems of who acts
    patients: frozenset[str]  # name stems acted upon
    objects: frozenset[str]  # folded content words near the action
    hedged: bool  # a recurrence / modality cue near the action
    persons: frozenset[str] = frozenset()  # name stems before the action that are no nationality


def _fold(word: str) -> str:
    w = lemma(word)
    return _OBJECT_FOLD.get(w, w)


def _names(words: list[str]) -> set[str]:
    return {stem(w) for w in words if w[:1].isupper() and w.lower() not in STOPWORDS
            and w.lower() not in _DATE_WORDS}


def happening_of(text: str, focus: tuple[int, int] | None = None, *, reach: int = 60) -> Happening:
    """Read the one-time action in ``text`` nearest to ``focus`` and the words around it.

    ``focus`` is the event's span relative to ``text`` (e.g. its position in the sentence):
    an action inside it wins, else the closest one within ``reach`` characters.
    """
    matches = list(_WORD.finditer(text or ""))
    words = [m.group() for m in matches]
    actions = [i for i, w in enumerate(words) if w.lower() in _ACTIONS]
    if focus is not None:
        fs, fe = focus

        def distance(i: int) -> int:
            s, e = matches[i].span()
            return 0 if s < fe and fs < e else min(abs(s - fe), abs(fs - e))

        actions = sorted((i for i in actions if distance(i) <= reach), key=lambda i: (distance(i), i))
    if not actions:
        return Happening(None, frozenset(), frozenset(), frozenset(), False)
    at = actions[0]
    window = words[max(0, at - _BEFORE): at + _AFTER + 1]
    before, after = words[max(0, at - _BEFORE): at], words[at + 1: at + _AFTER + 1]
    hedged = any(w.lower() in _CUES for w in window) or any(w.lower().startswith("re-") for w in window)
    by = next((i for i, w in enumerate(after) if w.lower() == "by"), -1)
    if by >= 0:
        agents = _names(after[by + 1: by + 4])
        patients = _names(before) | _names(after[:by])
    else:
        agents = _names(before)
        patients = _names(after)
    objects = {
        _fold(w) for w in window
        if not w[:1].isupper() and not w[0].isdigit() and w.lower() not in STOPWORDS
        and w.lower() not in _DATE_WORDS and w.lower() not in _ACTIONS and w.lower() not in _CUES
        and len(w) > 2
    }
    persons = {stem(w) for w in before if w[:1].isupper() and w.lower() not in STOPWORDS
               and w.lower() not in _DATE_WORDS and not w.lower().endswith(_NATIONALITY)}
    return Happening(_ACTIONS[words[at].lower()], frozenset(agents), frozenset(patients),
                     frozenset(objects), hedged, frozenset(persons))


_LABELS = {
    "ratify": "ratification", "sign": "signing", "found": "founding", "born": "birth", "die": "death",
    "assassinate": "assassination", "elect": "election", "appoint": "appointment", "resign": "resignation",
    "invade": "invasion", "annex": "annexation", "begin": "start", "end": "end", "approve": "approval",
    "veto": "veto", "declare": "declaration", "withdraw": "withdrawal", "collapse": "collapse",
    "crash": "crash", "marry": "marriage", "inaugurate": "inauguration", "merge": "merger",
    "acquire": "acquisition", "impeach": "impeachment", "convict": "conviction", "indict": "indictment",
    "release": "release", "open": "opening", "close": "closure",
}


def label(h: Happening) -> str:
    """A noun for the happening's action, for messages ("ratification")."""
    return _LABELS.get(h.action or "", "event")


def _agree(a: frozenset[str], b: frozenset[str]) -> bool:
    return not a or not b or bool(a & b)


def same_happening(a: Happening, b: Happening) -> bool:
    """True when the two texts speak of the same one-time happening (rules 1–4 above)."""
    if a.action is None or a.action != b.action or a.hedged or b.hedged:
        return False
    if a.action in _ONCE_IN_A_LIFE:  # "Smith was born in Leeds in 1950" / "Smith, born in 1952"
        return bool(a.persons & b.persons)
    # an actor on one side may be the patient on the other when only one side says "by"
    a_all, b_all = a.agents | a.patients, b.agents | b.patients
    if not (_agree(a.agents, b.agents) and _agree(a.patients, b.patients)):
        return False
    if a_all and b_all and not (a_all & b_all):
        return False
    return bool(a.objects & b.objects)
