"""What a figure counts, reduced to parts that can be compared across sentences and outlets.

"North Korean soldiers sent to eastern Russia" and "North Korean troops in Russia" count
the same thing; "Russian troops killed or wounded" and "Russian troops killed" do not;
"1,250 troops killed or wounded in the past day" is a daily rate, not a running total.  A
:class:`Concept` keeps those distinctions as separate fields so the checks can apply them
as rules before any fuzzy similarity is trusted:

* ``head`` — the counted noun, lemmatised and folded into a synonym class (soldier, troop,
  force, serviceman -> ``troop``; "deaths", "casualties" -> ``person`` + an outcome);
* ``outcome`` — killed / wounded / casualties / missing / detained / displaced /
  destroyed, read from the phrase and the words right around the number;
* ``qualifiers`` — named modifiers ("North Korean", "Russian and North Korean"), stemmed so
  that "Russian" and "Russia's" meet;
* ``places`` — names after a preposition ("in Kursk", "to Russia");
* ``period`` — a rate window ("per day", "in the past 24 hours", "over three days").

Everything here is plain string work: it runs on a million claims in seconds.
"""

from __future__ import annotations

import re
from dataclasses import dataclass, replace
from functools import lru_cache


def wordset(text: str) -> frozenset[str]:
    """A set of words written as one space-separated string (easier to read and extend)."""
    return frozenset(text.split())


_TOKEN = re.compile(r"[A-Za-z][A-Za-z'’\-]*|\d[\d,.]*")

STOPWORDS = wordset(
    "a an the of in on at to into onto from for by with and or nor but as than that which who whom whose "
    "this these those its his her their our my your it they he she we you i is are was were be been being "
    "has have had do does did not no so such some any all more most many much few other another each every "
    "about around over under up down out off per via while during since until after before also just only "
    "there here them him us me what when where why how"
)

# counted nouns that name the same kind of thing
HEAD_CLASSES: dict[str, str] = {}
for _cls, _words in {
    "troop": "soldier troop force serviceman servicemen servicemember personnel fighter combatant conscript "
             "recruit paratrooper marine infantryman infantry trooper military army battalion",
    "person": "person people individual human man men woman women resident citizen inhabitant "
              "victim",
    "civilian": "civilian noncombatant non-combatant",
    "child": "child children kid minor",
    "vehicle": "vehicle",
    "tank": "tank",
    "drone": "drone uav",
    "home": "home house dwelling residence",
    "building": "building structure",
    "dollar": "dollar usd",
    "vote": "vote ballot",
}.items():
    for _w in _words.split():
        HEAD_CLASSES[_w] = _cls

# heads that carry their own outcome: "deaths" = people killed
HEAD_OUTCOMES: dict[str, tuple[str, str]] = {
    "death": ("person", "killed"), "fatality": ("person", "killed"), "dead": ("person", "killed"),
    "toll": ("person", "killed"), "body": ("person", "killed"),
    "casualty": ("person", "casualties"), "loss": ("person", "casualties"),
    "injury": ("person", "wounded"), "injured": ("person", "wounded"), "wounded": ("person", "wounded"),
    "hostage": ("person", "detained"), "prisoner": ("person", "detained"), "detainee": ("person", "detained"),
    "arrest": ("person", "detained"), "refugee": ("person", "displaced"), "evacuee": ("person", "displaced"),
}

OUTCOME_WORDS: dict[str, str] = {}
for _out, _words in {
    "killed": "killed kill kills dead died die dies death deaths fatalities fatality perished slain "
              "murdered executed lives",
    "wounded": "wounded injured injuries injury hurt hospitalized hospitalised",
    "casualties": "casualties casualty losses",
    "missing": "missing unaccounted",
    "detained": "detained arrested captured jailed imprisoned held hostage hostages prisoners",
    "displaced": "displaced evacuated fled homeless uprooted",
    "destroyed": "destroyed damaged downed shot lost",
}.items():
    for _w in _words.split():
        OUTCOME_WORDS[_w] = _out

# words after the head that end the noun phrase proper
_PHRASE_BREAK = wordset(
    "in on at to into from for by with of who which that whose where when sent deployed arrived arriving "
    "stationed based killed wounded injured dead missing detained arrested displaced destroyed damaged "
    "captured involved taking take including according said"
)

_IRREGULAR = {
    "people": "person", "men": "man", "women": "woman", "children": "child", "personnel": "personnel",
    "servicemen": "serviceman", "lives": "life", "feet": "foot", "teeth": "tooth", "mice": "mouse",
    "casualties": "casualty", "injuries": "injury", "fatalities": "fatality", "bodies": "body",
    "series": "series", "species": "species", "news": "news", "data": "data", "media": "media",
}

_PERIOD = re.compile(
    r"\b(?:(?P<per>per|a|each|every)\s+(?P<unit1>day|night|week|month|year|hour))\b"
    r"(?!\s+(?:of|ago|after|before|earlier|later|or|and)\b)"
    r"|\b(?P<adv>daily|weekly|monthly|annually|yearly|hourly|overnight)\b"
    r"|\b(?:in|over|during|within|for)\s+(?:the\s+)?(?:(?:past|last|previous|first|next)\s+)?"
    r"(?P<n>\d+|one|two|three|four|five|six|seven|eight|nine|ten|twenty-four|forty-eight|a|a single)?\s*"
    r"(?P<unit2>hours?|days?|weeks?|months?|years?)\b"
    r"|\b(?P<this>this|last|that)\s+(?P<unit3>week|month|year)\b",
    re.IGNORECASE,
)
_NUMWORDS = {"one": "1", "a": "1", "a single": "1", "two": "2", "three": "3", "four": "4", "five": "5",
             "six": "6", "seven": "7", "eight": "8", "nine": "9", "ten": "10", "twenty-four": "24",
             "forty-eight": "48"}
_ADVERB_PERIOD = {"daily": "1 day", "overnight": "1 day", "weekly": "1 week", "monthly": "1 month",
                  "annually": "1 year", "yearly": "1 year", "hourly": "1 hour"}


@dataclass(frozen=True)
class Concept:
    head: str  # synonym class or lemma of the counted noun; "" when unknown
    outcome: str | None
    qualifiers: frozenset[str]
    places: frozenset[str]
    period: str | None
    words: frozenset[str]  # content lemmas of the counted phrase (qualifiers included)
    text: str  # the counted phrase, lower-cased and trimmed


def tokens(text: str) -> list[str]:
    return _TOKEN.findall(text or "")


@lru_cache(maxsize=200_000)
def lemma(word: str) -> str:
    """A crude English noun lemma: enough to meet "soldiers"/"soldier", "casualties"/"casualty"."""
    w = word.lower().strip("'’-")
    if w.endswith(("'s", "’s")):
        w = w[:-2]
    if w in _IRREGULAR:
        return _IRREGULAR[w]
    if len(w) > 4 and w.endswith("ies"):
        return w[:-3] + "y"
    if len(w) > 4 and w.endswith(("sses", "shes", "ches", "xes")):
        return w[:-2]
    if len(w) > 3 and w.endswith("s") and not w.endswith(("ss", "us", "is", "ous")):
        return w[:-1]
    return w


@lru_cache(maxsize=200_000)
def stem(word: str) -> str:
    """A name stem that meets "Russian", "Russia's", "Russians": the first five letters."""
    w = word.lower().strip("'’-")
    if w.endswith(("'s", "’s")):
        w = w[:-2]
    return w[:5]


def _is_name(tok: str) -> bool:
    """Capitalised and not a function word ("US" is a name even though "us" is a stopword)."""
    if not tok[:1].isupper():
        return False
    return tok.lower() not in STOPWORDS or (len(tok) > 1 and tok.isupper())


def _demonym(tok: str) -> bool:
    """Plural nationality nouns used as heads: "North Koreans", "Israelis", "Palestinians"."""
    return tok[:1].isupper() and tok.endswith(("ans", "ians", "ese", "is", "ers", "ites"))


def period_of(text: str) -> str | None:
    """The rate window a phrase or sentence speaks of ("1 day", "3 day", "this week")."""
    m = _PERIOD.search(text or "")
    if not m:
        return None
    if m.group("per"):
        return "1 " + m.group("unit1").lower()
    if m.group("adv"):
        return _ADVERB_PERIOD[m.group("adv").lower()]
    if m.group("unit2"):
        n = (m.group("n") or "1").lower()
        unit = m.group("unit2").lower().rstrip("s")
        return f"{_NUMWORDS.get(n, n)} {unit}"
    return f"{m.group('this').lower()} {m.group('unit3').lower()}"


_RATE = re.compile(r"\b(?:per|each|every|past|last|previous|daily|weekly|monthly|hourly|overnight)\b", re.IGNORECASE)


def rate_period_of(text: str) -> str | None:
    """Like :func:`period_of`, but only for explicit rate windows ("in the past 24 hours",
    "per day", "daily"): used on whole sentences, where "rain fell in eight hours" must not
    turn every figure of the sentence into a rate."""
    m = _PERIOD.search(text or "")
    if not m or not _RATE.search(m.group()):
        return None
    return period_of(m.group())


def outcome_of(words: list[str]) -> str | None:
    """killed + wounded together are casualties; otherwise the first outcome word."""
    found = [OUTCOME_WORDS[w.lower()] for w in words if w.lower() in OUTCOME_WORDS]
    if not found:
        return None
    kinds = set(found)
    if "casualties" in kinds or {"killed", "wounded"} <= kinds:
        return "casualties"
    return found[0]


def concept_of(counted: str | None, context: str = "") -> Concept:
    """Reduce a counted phrase (plus the words right around its number) to a :class:`Concept`.

    ``context`` is a short window of the sentence around the quantity; it supplies the
    outcome ("1,250 troops were killed or wounded") and rate window ("in the past day")
    when the counted phrase itself lacks them.
    """
    base = _phrase_concept(counted or "")
    if not context or (base.outcome is not None and base.period is not None):
        return base
    outcome = base.outcome or outcome_of(tokens(context))
    period = base.period or period_of(context)
    if outcome == base.outcome and period == base.period:
        return base
    return replace(base, outcome=outcome, period=period)


def _breaks(tok: str, before: str, after: str | None) -> bool:
    """Does ``tok`` end the noun phrase?  A preposition, a relative word, an outcome or other
    participle after a noun: "people [died]", "troops [stationed]", "people [attending] the
    rally" — but not "infantry fighting vehicles", where the -ing word modifies a noun."""
    low = tok.lower()
    if low in _PHRASE_BREAK or low in OUTCOME_WORDS:
        return True
    prev = before.lower()
    nounish = prev.endswith("s") or prev in _IRREGULAR or lemma(prev) in HEAD_CLASSES
    if not nounish or len(low) <= 4:
        return False
    if low.endswith("ed"):
        return True
    plural = prev.endswith("s") or prev in _IRREGULAR
    return low.endswith("ing") and (plural or after is None or after.lower() in STOPWORDS)


@lru_cache(maxsize=100_000)
def _phrase_concept(counted: str) -> Concept:
    toks = tokens(counted)
    # the noun phrase proper ends at the first preposition / participle after the first word
    cut = len(toks)
    for i, t in enumerate(toks):
        if i > 0 and _breaks(t, toks[i - 1], toks[i + 1] if i + 1 < len(toks) else None):
            cut = i
            break
    core, tail = toks[:cut], toks[cut:]
    head_at = -1
    for i in range(len(core) - 1, -1, -1):
        if not core[i][0].isdigit() and core[i].lower() not in STOPWORDS:
            head_at = i
            break
    head_tok = core[head_at] if head_at >= 0 else ""
    quals = frozenset(stem(t) for i, t in enumerate(core) if _is_name(t) and i != head_at)
    places = frozenset(stem(t) for t in tail if _is_name(t))
    head = lemma(head_tok) if head_tok else ""
    outcome = outcome_of(tail + core)
    if head_tok and _demonym(head_tok):
        quals = quals | {stem(head_tok)}
        head = "person"
    elif head in HEAD_OUTCOMES:
        head, implied = HEAD_OUTCOMES[head]
        outcome = outcome or implied
    else:
        head = HEAD_CLASSES.get(head, head)
    words = frozenset(lemma(t) for t in toks if t.lower() not in STOPWORDS and not t[0].isdigit())
    text = " ".join(t.lower() for t in toks)
    return Concept(head=head, outcome=outcome, qualifiers=quals, places=places, period=period_of(counted),
                   words=words, text=text)


# heads whose count is one fact of a story at a given moment (how many soldiers, victims,
# voters): two different values are news.  Specs, prices, scores and percentages are not:
# one article gives many of them for different models, products, players or questions.
PEOPLE_HEADS = wordset(
    "troop person civilian child worker employee student patient voter protester demonstrator migrant "
    "passenger member official officer firefighter rescuer volunteer refugee prisoner hostage case"
)


def contestable(c: Concept | None, unit: str | None) -> bool:
    """Can two values of this concept contradict each other?  Plain counts of people (or of
    anything with an outcome: killed, destroyed, displaced) only; see PEOPLE_HEADS."""
    if c is None or unit:
        return False
    return c.head in PEOPLE_HEADS or c.outcome is not None


def block_key(c: Concept, unit: str | None) -> tuple[str, str, str, str]:
    """The blocking key for alignment: claims can only share a figure within one key."""
    return (unit or "", c.head, c.outcome or "", c.period or "")


def _folded(c: Concept) -> set[str]:
    """Content lemmas with heads folded into their class and outcome words into their outcome."""
    return {HEAD_CLASSES.get(w, OUTCOME_WORDS.get(w, w)) for w in c.words}


def word_overlap(a: Concept, b: Concept) -> float:
    """Jaccard overlap of the content lemmas (heads folded into their class)."""
    wa, wb = _folded(a), _folded(b)
    if not wa or not wb:
        return 0.0
    return len(wa & wb) / len(wa | wb)


def shared_words(a: Concept, b: Concept) -> int:
    """How many content lemmas two concepts share: a bare "troops" on both sides shares one,
    which is too little to say two sentences speak of the same troops."""
    return len(_folded(a) & _folded(b))


def same_kind(a: Concept, b: Concept, *, strict_qualifiers: bool = True) -> bool:
    """The rules every pair must pass before similarity is even considered.

    Same head class, outcome and rate window; named qualifiers equal (``strict``) or one
    side unqualified; places equal or one side unplaced.
    """
    if not a.head or a.head != b.head or a.outcome != b.outcome or a.period != b.period:
        return False
    if strict_qualifiers:
        if a.qualifiers != b.qualifiers:
            return False
    elif a.qualifiers and b.qualifiers and a.qualifiers != b.qualifiers:
        return False
    return not (a.places and b.places and not (a.places & b.places))
