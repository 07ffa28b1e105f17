"""A fast rule-based sentence splitter (no parse: it runs on every block of every page).

A boundary is a ``.``, ``!``, ``?`` or ellipsis, plus any closing quotes or brackets,
followed by whitespace and then something that can start a sentence (a capital, a
digit, an opening quote or bracket).  The known traps are handled explicitly:

* titles and other abbreviations that are followed by a name ("Rep. Omar", "Dr. Lee",
  "St. Louis", "vs. Chelsea") never end a sentence; "No.", "Fig." and month
  abbreviations only stay inside one when a number follows ("No. 3", "Nov. 18");
* initials ("J. K. Rowling", "George W. Bush") never end a sentence;
* dotted acronyms ("U.S.", "U.K.", "N.J.", "W.Va."), company suffixes ("Acme Inc.",
  "Corp.", "Co.", "Ltd."), name suffixes ("Jr.", "Sr.") and the AP's state abbreviations
  ("WICHITA, Kan. (AP) —", "Fresno, Calif.") end one only when the next word is a typical
  sentence opener ("... in the U.S. The company said", "moved to Portland, Ore. Its
  founder"), so "the U.S. Army" and "Acme Inc. Chief Executive Jane Roe" stay whole;
  state abbreviations count only capitalised as written ("he fell ill. Doctors" ends);
* decimals ("3.5") and ellipses without a following capital are not boundaries.
"""

from __future__ import annotations

import re


def wordset(text: str) -> frozenset[str]:
    """A frozen set of the whitespace-separated words of ``text`` (for word lists)."""
    return frozenset(text.split())

# Abbreviations that are followed by a name, a number or a place: never a boundary.
NEVER_FINAL = wordset(
    """mr mrs ms mx dr prof rep reps sen sens gov govs gen lt col maj capt cmdr adm sgt cpl pvt
    st ste mt ft fr rev hon pres supt insp det atty vs v cf approx dept univ
    ave blvd hwy messrs mme mlle"""
)
# Abbreviations that end a name (a company's, a person's) or a list: a boundary only before
# a typical sentence opener ("Acme Corp. The company said", but "Acme Inc. Chief Executive").
NAME_FINAL = wordset("inc corp co cos ltd plc bros assn jr sr etc")
# AP state abbreviations (and a few Canadian provinces), as written: "Ill." but not "ill.".
STATES = wordset(
    """Ala Ariz Ark Calif Colo Conn Del Fla Ga Ill Ind Kan Kans Ky La Md Mass Mich Minn Miss Mo Mont
    Neb Nebr Nev Okla Ore Oreg Pa Penn Tenn Tex Vt Va Wash Wis Wisc Wyo Ont Que Alta Sask"""
)
# Abbreviations that only stay inside a sentence when a number follows ("No. 3", "Nov. 18").
BEFORE_NUMBER = wordset("no nos fig figs vol pp ch art sec para")
MONTHS = wordset("jan feb mar apr jun jul aug sep sept oct nov dec")
# Words that very often open a sentence: after "U.S." they signal a boundary.
OPENERS = wordset(
    """the a an he she it they we i you this that these those there his her its their our
    in on at but and or so yet however meanwhile still also after before when while if as
    officials police some many most one two three four five six seven eight nine ten
    its it's now then because according what why how who where both all each earlier later
    last until despite although though during for with from without under since by"""
)

_CANDIDATE = re.compile(r"(?:\.{3}|…|[.!?])+[\"'”’)\]»]*(?=\s+)")
_NEXT = re.compile(r"\s+([\"'“‘(\[«]?)(\S*)")
_WORD_BEFORE = re.compile(r"([A-Za-z][A-Za-z.]*)$")


def split_sentences(text: str, start: int = 0, end: int | None = None) -> list[tuple[int, int]]:
    """Sentence spans ``(s, e)`` inside ``text[start:end]``, stripped of surrounding whitespace."""
    end = len(text) if end is None else end
    spans: list[tuple[int, int]] = []
    at = start
    for m in _CANDIDATE.finditer(text, start, end):
        cut = m.end()
        if cut >= end or not _is_boundary(text, m.start(), cut, end):
            continue
        _add(spans, text, at, cut)
        at = cut
    _add(spans, text, at, end)
    return spans


def _is_boundary(text: str, mark: int, cut: int, end: int) -> bool:
    nxt = _NEXT.match(text, cut, end)
    if nxt is None:
        return False
    opener, word = nxt.group(1), nxt.group(2)
    if not word and not opener:
        return False
    first = word[:1]
    if first and not (first.isupper() or first.isdigit() or opener or first in "\"'“‘([«"):
        return False  # lowercase next word: "Nov. that", "e.g. this", an ellipsis mid-quote
    punct = text[mark]
    if punct != ".":
        return True
    if text.startswith("...", mark) or text.startswith("…", mark):
        return True
    before = _WORD_BEFORE.search(text, max(0, mark - 30), mark)
    if before is None:
        return True
    token = before.group(1)
    bare = token.rstrip(".").lower()
    if "." in token.strip("."):  # dotted acronym: U.S., U.K., a.m., N.J.
        return word.lower().strip("\"'“‘(") in OPENERS
    if bare in NAME_FINAL or token.rstrip(".") in STATES:  # Acme Inc., Jr., Kan.
        return word.lower().strip("\"'“‘(") in OPENERS or _starts_clause(text, nxt.end(), end, word)
    if len(token) == 1 and token.isupper():  # an initial: "J. K. Rowling", "George W. Bush"
        return False
    if bare in MONTHS or bare in BEFORE_NUMBER:
        return not first.isdigit()
    return bare not in NEVER_FINAL


def _starts_clause(text: str, at: int, end: int, word: str) -> bool:
    """A capitalised word followed by a lowercase one ("Shares fell"): a new sentence.

    After "Acme Inc." or "Salina, Kan." a name goes on in capitals ("Chief Executive
    Jane Roe", "Mayor Brandon Whipple"); a common noun opening a sentence is followed by
    its verb or its modifiers in lowercase.
    """
    if not (word[:1].isupper() and word[1:].islower() and word.isalpha()):
        return False
    after = _NEXT.match(text, at, end)
    return after is not None and not after.group(1) and after.group(2)[:1].islower()


def _add(spans: list[tuple[int, int]], text: str, s: int, e: int) -> None:
    while s < e and text[s].isspace():
        s += 1
    while e > s and text[e - 1].isspace():
        e -= 1
    if e > s:
        spans.append((s, e))
