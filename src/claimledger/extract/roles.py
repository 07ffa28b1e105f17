"""What the text says a person is: the role and organisation written around a name.

"Pentagon spokesperson Vedant Patel" -> role "spokesperson", org "Pentagon"; "Ukraine's
President Volodymyr Zelensky" -> "President", "Ukraine"; "Mayer, Disney's chairman of
direct-to-consumer and international" -> the appositive after the name.  Role and
organisation are kept apart because they are different facts (a later check compares roles
across sources).
"""

from __future__ import annotations

import re
from typing import TYPE_CHECKING

if TYPE_CHECKING:
    from spacy.tokens import Span, Token


def _words(text: str) -> frozenset[str]:
    """A word list written as one string (easier to read and extend than a list literal)."""
    return frozenset(text.split())


HONORIFICS = frozenset(("dr", "mr", "mrs", "ms", "prof", "sir", "dame"))
_POSSESSIVE = {"'s", "’s", "'", "’"}
DETS = {"the", "a", "an"}
ROLE_WORDS = _words("""
spokesperson spokesman spokeswoman spokespeople president vice minister secretary director officer
analyst journalist correspondent reporter editor columnist chief head leader general commander
ambassador envoy governor senator sen. rep. representative congressman congresswoman mayor
chairman chairwoman chair ceo cfo coo cto executive founder co-founder professor prof. researcher
scientist expert official adviser advisor aide lawyer attorney prosecutor judge justice coach
manager captain economist strategist chancellor premier king queen prince princess pope colonel
col. lt. lieutenant sergeant sgt. admiral adm. gen. cmdr. commissioner deputy assistant consultant
superintendent sheriff inspector investigator detective agent activist campaigner candidate
chairperson counsel dean doctor dr. nurse physician surgeon epidemiologist engineer designer
producer host anchor presenter commentator historian author writer novelist owner partner
president-elect secretary-general commander-in-chief emir sheikh ayatollah lord mp mep
administrator trustee principal teacher student pilot diplomat negotiator mediator monitor
specialist fellow scholar lecturer curator representative-elect governor-elect mayor-elect
""")
# Words that qualify a role ("press officer", "former minister") without being one.
ROLE_QUALIFIERS = _words("""
former acting interim deputy senior junior chief lead assistant associate executive managing
press foreign defense defence interior health finance prime military political security
intelligence economic trade education justice energy state federal regional local national
general principal top retired then late incoming outgoing new vice first second
""")
def person_role(ent: Span) -> tuple[str | None, str | None]:
    """(role, org) for a PERSON entity, read from the words just before it or from an
    appositive just after it."""
    role, org = _role_before(ent)
    if role is None or role.lower().rstrip(".") in HONORIFICS:
        role2, org2 = _role_after(ent)  # "Dr. Ana Ruiz, the hospital's chief medical officer"
        if role2 is not None:
            role, org = role2, org or org2
    return role, org


def clean_name(text: str) -> str:
    text = re.sub(r"\s+", " ", text).strip(" ,.;:\"'“”‘’()")
    return re.sub(r"['’]s$", "", text)


def _is_role_word(tok: Token) -> bool:
    return tok.lower_ in ROLE_WORDS or tok.lower_.rstrip(".") in ROLE_WORDS


def _role_before(ent: Span) -> tuple[str | None, str | None]:
    doc = ent.doc
    i = ent.start - 1
    prefix: list[Token] = []
    while i >= max(0, ent.start - 8):
        t = doc[i]
        if t.ent_type_ == "PERSON" or (t.is_punct and t.text not in ("-",)) or t.pos_ in ("VERB", "AUX", "ADP", "CCONJ",
                                                                                       "SCONJ", "PRON", "NUM"):
            break
        if t.pos_ == "DET" or t.lower_ in DETS:
            break
        prefix.insert(0, t)
        i -= 1
    if not prefix or not any(_is_role_word(t) for t in prefix):
        return None, None
    poss = [k for k, t in enumerate(prefix) if t.text in _POSSESSIVE]
    if poss:
        k = poss[-1]
        owner, rest = prefix[:k], prefix[k + 1:]
        if i >= 0 and doc[i].lower_ in DETS:
            pass  # "The brigade's": the article belongs to the owner, dropped
        return _join(rest), _join(owner)
    # Before a lowercase role word a capitalised word names the body ("Bild analyst");
    # before a capitalised one it is part of the title ("Fire Chief", "Health Minister")
    # unless it is a named organisation or place ("Pentagon Press Secretary").
    first_role = next(t for t in prefix if _is_role_word(t))
    titled = first_role.text[:1].isupper()
    k = 0
    while k < len(prefix) and not _is_role_word(prefix[k]) and prefix[k].lower_ not in ROLE_QUALIFIERS and (
            prefix[k].ent_type_ in ("ORG", "GPE", "NORP") or (prefix[k].text[:1].isupper() and not titled)):
        k += 1
    return _join(prefix[k:]), _join(prefix[:k])


def _role_after(ent: Span) -> tuple[str | None, str | None]:
    doc = ent.doc
    if ent.end >= len(doc) or doc[ent.end].text != ",":
        return None, None
    j = ent.end + 1
    words: list[Token] = []
    while j < len(doc) and j < ent.end + 16:
        t = doc[j]
        if t.text in (",", ";", ")", "(", "—", "–", ".", ":", "“", "”", '"') or t.is_sent_start or (
                t.pos_ in ("VERB", "AUX") and t.tag_ != "VBN"):
            break
        words.append(t)
        j += 1
    if not words or words[0].pos_ not in ("DET", "PROPN", "NOUN", "ADJ") or not any(
            _is_role_word(t) for t in words[:5]):
        return None, None
    if words[0].lower_ in DETS:
        words = words[1:]
    poss = [k for k, t in enumerate(words) if t.text in _POSSESSIVE]
    if poss and poss[0] <= 3:  # "Disney's chairman of ...": the owner comes first
        return _join(words[poss[0] + 1:]), _join(words[:poss[0]])
    for k, t in enumerate(words):
        if t.lower_ in ("of", "for", "at", "with") and k > 0 and any(
                w.ent_type_ in ("ORG", "GPE") or w.pos_ == "PROPN" for w in words[k + 1:]):
            org_words = words[k + 1:]
            if org_words and org_words[0].lower_ in DETS:
                org_words = org_words[1:]
            return _join(words[:k]), _join(org_words)
    poss = [k for k, t in enumerate(words) if t.text in _POSSESSIVE]
    if poss:
        return _join(words[poss[0] + 1:]), _join(words[:poss[0]])
    return _join(words), None


def _join(tokens: list[Token]) -> str | None:
    if not tokens:
        return None
    doc = tokens[0].doc
    text = clean_name(doc[tokens[0].i:tokens[-1].i + 1].text)
    if text.lower().startswith("the "):
        text = text[4:]
    return text or None
