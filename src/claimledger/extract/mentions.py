"""Who is named in a document, with what the text says they are.

A news story names a speaker once in full ("Pentagon spokesperson Vedant Patel") and then
refers back to them ("Patel", "he", "the spokesperson").  Attribution needs the full name
for every such reference, so this module keeps, per document, the people, organisations
and outlets named so far (``DocContext.mentions``, most recently mentioned last) and
resolves references back to them.

Role and organisation are kept apart because they are different facts: a later check
compares roles across sources ("role_conflict"), and a ledger reader wants "Vedant Patel"
as the source, not "Pentagon spokesperson Vedant Patel".  The split reads the words around
the name (:mod:`claimledger.extract.roles`): a possessive ("Ukraine's President ..."), an
organisation before a role word ("Pentagon spokesperson ..."), or an appositive after the
name ("Mayer, Disney's chairman of ...").
"""

from __future__ import annotations

import re
from typing import TYPE_CHECKING

from claimledger.extract.context import DocContext, Mention, SentenceView, noun_chunks
from claimledger.extract.roles import DETS, ROLE_QUALIFIERS, ROLE_WORDS, clean_name, person_role

if TYPE_CHECKING:
    from spacy.tokens import Span

__all__ = ["MEDIA_ALIASES", "MEDIA_WORDS", "ORG_NOUNS", "ROLE_QUALIFIERS", "ROLE_WORDS", "is_media", "note_speaker",
           "person_role", "resolve", "update_mentions"]


def _words(text: str) -> frozenset[str]:
    """A word list written as one string (easier to read and extend than a list literal)."""
    return frozenset(text.split())


ORG_NOUNS = _words("""
agency ministry office department government commission authority authorities council committee
police army military court company firm bank group institute institution organization
organisation service administration team party union board bureau brigade regiment battalion
hospital university school embassy parliament congress senate cabinet kremlin pentagon
prosecutors prosecutor's association federation foundation center centre unit network
corporation corp. inc. ltd. club league campaign coalition alliance force forces command
""")
MEDIA_WORDS = _words("""
times post news journal reuters bbc cnn ap afp bloomberg guardian telegraph independent herald
tribune gazette daily radio tv television broadcasting press insider wire magazine reporter
deadline wrap variety politico axios npr fox nbc abc cbs msnbc jazeera tass interfax xinhua
yonhap kyodo bild spiegel monde express mirror sun mail observer economist atlantic vox verge
wired techcrunch hill voa sky itv rt sputnik leader chronicle courier star globe inquirer
dispatch examiner bulletin review standard today channel youtube pravda izvestia ria kommersant
nikkei asahi yomiuri hindustan dawn haaretz cnbc espn politifact polygraph newsweek intelligencer
register sentinel mercury enquirer bee beacon ledger argus dispatch advertiser wapo nyt
""")
MEDIA_ALIASES = ("the outlet", "the newspaper", "the paper", "the broadcaster", "the network",
                 "the channel", "the publication", "the site", "the magazine", "the station", "the report")

_PRONOUN_KINDS: dict[str, tuple[str, ...]] = {
    "he": ("PERSON",), "him": ("PERSON",), "his": ("PERSON",), "she": ("PERSON",),
    "her": ("PERSON",), "hers": ("PERSON",),
    "it": ("MEDIA", "ORG", "GPE"), "its": ("MEDIA", "ORG", "GPE"),
    "they": ("GROUP", "ORG", "MEDIA", "NORP", "GPE", "PERSON"),
    "them": ("GROUP", "ORG", "MEDIA", "NORP", "GPE", "PERSON"),
    "their": ("GROUP", "ORG", "MEDIA", "NORP", "GPE", "PERSON"),
}
# Groups of people that speak without a name ("Local health officials met ... They said"):
# kept as GROUP mentions for "they".
_GROUP_NOUNS = _words("""
officials experts analysts doctors survivors relatives workers employees members diplomats authorities police organisers organizers lawyers prosecutors investigators
researchers scientists economists traders medics rescuers activists witnesses residents firefighters teachers nurses farmers protesters protestors soldiers troops
""")
_KEPT_LABELS = {"PERSON", "ORG", "GPE", "NORP"}
_GENERIC_BODIES = frozenset(("agency", "company", "firm"))
_SMALL_WORDS = frozenset(("of", "and", "the", "for", "on", "in", "de", "&"))


def is_media(name: str) -> bool:
    """Does ``name`` look like a news outlet ("The Kyiv Independent", "Reuters", "BBC")?
    A lowercase role word makes it a person's description ("BBC correspondent"); a
    capitalised one is part of the title ("Argus Leader")."""
    words = re.findall(r"[A-Za-z]+", name)
    return any(w.lower() in MEDIA_WORDS for w in words) and not any(
        w.lower() in ROLE_WORDS and w.islower() for w in words)


def update_mentions(view: SentenceView, ctx: DocContext) -> None:
    """Record the people, bodies and outlets named in ``view`` (in reading order)."""
    sent = view.span()
    if sent is None:
        return
    people: list[tuple[Mention, int]] = []  # well-introduced people named here, with where the name ends
    for ent in sent.ents:
        if ent.label_ not in _KEPT_LABELS:
            continue
        toks = [t for t in ent if not (t.i == ent.start and t.pos_ in ("AUX", "VERB", "DET", "PRON"))]
        if not toks:
            continue
        span = ent.doc[toks[0].i:ent.end]
        text = clean_name(span.text)
        if len(re.findall(r"[A-Za-z]", text)) < 2 or text.islower():
            continue
        start, end = view.to_doc(span.start_char), view.to_doc(span.end_char)
        if ent.label_ == "PERSON" and " " not in text and is_media(text):
            _remember(ctx, Mention(name=text, kind="MEDIA", start=start, end=end))  # "the Intelligencer"
        elif ent.label_ == "PERSON" or _known_person(text, ctx):
            role, org = person_role(ent)
            kept = _remember(ctx, Mention(name=text, kind="PERSON", role=role, org=org, start=start, end=end))
            if " " in kept.name or kept.role:
                people.append((kept, ent.end))
        else:
            kind = "MEDIA" if ent.label_ == "ORG" and is_media(text) else ent.label_
            _remember(ctx, Mention(name=text, kind=kind, start=start, end=end))
    for chunk in noun_chunks(sent):
        names = [t for t in chunk if t.pos_ == "PROPN"]
        if names and chunk.root.pos_ == "PROPN" and not chunk.root.ent_type_ and is_media(chunk.text):
            span = sent.doc[names[0].i:chunk.end]  # "the Argus Leader": an outlet NER missed
            _remember(ctx, Mention(name=clean_name(span.text), kind="MEDIA", start=view.to_doc(span.start_char),
                                   end=view.to_doc(span.end_char)))
            continue
        if chunk.root.lemma_.lower() in ORG_NOUNS and chunk.root.ent_type_ == "" and _has_owner(chunk):
            words = [t for t in chunk if not (t.i == chunk.start and t.lower_ in DETS)]
            if words:
                name = clean_name(sent.doc[words[0].i:chunk.end].text)
                _remember(ctx, Mention(name=name, kind="ORG", start=view.to_doc(chunk.start_char),
                                       end=view.to_doc(chunk.end_char)))
    for tok in sent:
        if tok.dep_ == "nsubj" and tok.tag_ == "NNS" and tok.lower_ in _GROUP_NOUNS and not tok.ent_type_:
            words = [w for w in tok.subtree if (w.i <= tok.i and w.dep_ in ("amod", "compound", "nmod")) or w.i == tok.i]
            name = clean_name(" ".join(w.text for w in words))
            _remember(ctx, Mention(name=name, kind="GROUP", start=view.to_doc(words[0].idx),
                                   end=view.to_doc(tok.idx + len(tok.text))))
    if len({m.name for m, _ in people}) == 1:
        _note_gender(people[0][0], sent, people[0][1])
    from claimledger.extract.issuers import note_issuers  # issuers name through mentions

    note_issuers(view, ctx)


_FEMALE = _words("she her hers herself")
_MALE = _words("he him his himself")
_FEMALE_WORDS = _words("mrs mrs. ms ms. miss madam spokeswoman chairwoman congresswoman businesswoman actress "
                       "queen princess duchess")
_MALE_WORDS = _words("mr mr. spokesman chairman congressman businessman actor king prince duke")


def _note_gender(person: Mention, sent: Span, after: int) -> None:
    """Learn a person's gender from the text itself -- a sentence that names only them and
    then refers back with one kind of pronoun ("Helen Marsh ... in which she was
    outspent"), or a gendered title ("spokeswoman", "Mr.") -- and keep it as the alias "the
    woman"/"the man", so that "he" and "she" skip people of the other gender."""
    words = {t.lower_ for t in sent if t.i >= after}
    role = {w.lower() for w in (person.role or "").split()}
    female = bool(words & _FEMALE) or bool(role & _FEMALE_WORDS)
    male = bool(words & _MALE) or bool(role & _MALE_WORDS)
    if female != male and not ({"the woman", "the man"} & person.aliases):
        person.aliases.add("the woman" if female else "the man")

def resolve(ref: str, ctx: DocContext, kind_hint: str | None = None,
            before: int | None = None) -> Mention | None:
    """The mention that ``ref`` ("he", "Patel", "the spokesperson", "the agency") points to:
    the most recent compatible one, optionally only among those first named before the
    document offset ``before``.  ``kind_hint`` ("PERSON", "ORG" ...) narrows the search;
    "ORG" also admits outlets."""
    key = " ".join(ref.lower().split()).strip(" ,.")
    if not key:
        return None
    pool = [m for m in reversed(ctx.mentions) if before is None or m.start < before]
    if kind_hint:
        allowed = {kind_hint, "MEDIA"} if kind_hint == "ORG" else {kind_hint}
        pool = [m for m in pool if m.kind in allowed]
    if key in _PRONOUN_KINDS:
        return _resolve_pronoun(key, pool)
    bare = key[4:] if key.startswith("the ") else key
    for m in pool:
        names = {m.name.lower(), *(a.lower() for a in m.aliases)}
        if key in names or bare in names or ("the " + bare) in names:
            return m
        if m.kind == "ORG" and _short_form(bare, m.name.lower().removeprefix("the ")):
            return m  # "Nordvik" for "Nordvik Energy"
    if bare in _GENERIC_BODIES:
        # "the agency said" after "Cal Fire ...", "the company said" after "Halvorsen Foods":
        # the body most recently named.  "The interior ministry" names itself and stays.
        bodies = [m for m in pool if m.kind == "ORG"]
        named = [m for m in bodies if all(w[:1].isupper() for w in m.name.split() if w not in _SMALL_WORDS)]
        # "the company" is the story's company: of the bodies already quoted, the one named
        # most often ("MarketScope" cited once does not displace "Halvorsen Foods"); else the
        # last name ("Cal Fire") before a description
        said = [_bare(n) for n in ctx.speakers]
        quoted = sorted((m for m in named if _bare(m.name) in said),
                        key=lambda m: -(m.count + said.count(_bare(m.name))))
        if quoted:
            return quoted[0]
        speaker = _quoted_body(ctx)  # quoted, though the tagger never called it an organisation
        if speaker is not None:
            return speaker
        pick = named or bodies
        return pick[0] if pick else _lone_name(ctx)
    return None


def _bare(name: str) -> str:
    return name.lower().removeprefix("the ")


def note_speaker(ctx: DocContext, name: str, start: int, end: int) -> None:
    """A speaker the tagger did not recognise as a person ("Ana Ferrer, a spokeswoman ...,
    said") is remembered as one when the name looks like a person's -- two or three
    capitalised words, none of them a body's, an outlet's or a known place -- so that a
    later "she added" finds her."""
    words = name.split()
    if not 2 <= len(words) <= 3 or not all(w[:1].isupper() and w[1:].islower() for w in words):
        return
    if is_media(name) or any(w.lower() in ORG_NOUNS or w.lower() in _SMALL_WORDS for w in words):
        return
    if any(_bare(m.name) == _bare(name) for m in ctx.mentions):
        return
    _remember(ctx, Mention(name=name, kind="PERSON", start=start, end=end))


def _quoted_body(ctx: DocContext) -> Mention | None:
    """A body the tagger never named as one, for "the agency" / "the company": the most
    quoted source that is no person and is written as a name ("Cal Fire said")."""
    others = {m.name for m in ctx.mentions if m.kind in ("PERSON", "GPE", "NORP", "MEDIA")}
    names = [n for n in ctx.speakers if n not in others and n[:1].isupper() and not n.lower().startswith("the ")
             and not is_media(n)]
    if names:
        return Mention(name=max(reversed(names), key=names.count), kind="ORG")
    return None


def _lone_name(ctx: DocContext) -> Mention | None:
    """A one-word "person" with no role or first name, when nothing else can be "the
    company": the tagger's guess for an organisation ("Tesla delivered 435,000 vehicles")."""
    surnames = {m.name.split()[-1] for m in ctx.mentions if m.kind == "PERSON" and " " in m.name}
    lone = [m for m in reversed(ctx.mentions) if m.kind == "PERSON" and " " not in m.name and not m.role
            and m.name not in surnames and "the woman" not in m.aliases and "the man" not in m.aliases]
    return lone[0] if lone else None


def _resolve_pronoun(key: str, pool: list[Mention]) -> Mention | None:
    """The most recent mention of a kind the pronoun can stand for ("it": a body or an
    outlet, whichever came last; "he"/"she": a person).  A one-word name with no role is
    often a place or a thing the tagger took for a person ("Euston"): it is used only when
    no better-introduced person is in view."""
    kinds = _PRONOUN_KINDS[key]
    if kinds[0] == "PERSON":
        other = "the man" if key in _FEMALE else "the woman"
        people = [m for m in pool if m.kind == "PERSON" and other not in m.aliases]
        solid = [m for m in people if " " in m.name or m.role]
        return solid[0] if solid else (people[0] if people else None)
    lead = 3 if kinds[0] == "GROUP" else 2  # "they": a group, a body or an outlet, whichever came last
    first = [m for m in pool if m.kind in kinds[:lead]]  # bodies and outlets, by recency
    if first:
        return first[0]
    return next((m for m in pool if m.kind in kinds[lead:]), None)


# --- internals ---------------------------------------------------------------------------

def _known_person(text: str, ctx: DocContext) -> bool:
    low = text.lower()
    return any(m.kind == "PERSON" and (low == m.name.lower() or low in {a.lower() for a in m.aliases})
               for m in ctx.mentions)


def _has_owner(chunk: Span) -> bool:
    """Only organisations named with an owner or a proper modifier ("South Korea's spy
    agency", "Inner Mongolia health authority") become mentions; "the company" alone is a
    reference, not a name."""
    return any(t.dep_ in ("poss", "compound", "amod", "nmod") and (t.pos_ == "PROPN" or t.ent_type_)
               for t in chunk if t.i != chunk.root.i)


def _aliases(m: Mention) -> set[str]:
    out: set[str] = set()
    words = m.name.split()
    if m.kind == "PERSON":
        if len(words) > 1:
            out.add(words[-1])
        if m.role:
            role = m.role.lower()
            out.add("the " + role)
            head = re.split(r"\s(?:of|for|at|to|in)\s", role)[0].split()
            if head:
                out.add("the " + head[-1])  # "the press officer" -> "the officer"
    else:
        head = words[-1].lower() if words else ""
        if head in ORG_NOUNS:
            out.add("the " + head)
            if len(words) > 1 and words[-2].lower() not in ("'s", "’s"):
                out.add("the " + " ".join(w.lower() for w in words[-2:]))
        initials = "".join(w[0] for w in words if w[:1].isupper() and w.lower() not in ("of", "the", "and"))
        if len(initials) >= 2 and initials != m.name:
            out.add(initials)
        if m.kind == "MEDIA":
            out.update(MEDIA_ALIASES)
        if m.name.lower().startswith("the "):
            out.add(m.name[4:])
    return out


def _same(a: Mention, b: Mention) -> bool:
    if a.kind != b.kind and not ({a.kind, b.kind} <= {"ORG", "MEDIA"}):
        return False
    la, lb = a.name.lower().removeprefix("the "), b.name.lower().removeprefix("the ")
    if la == lb:
        return True
    if a.kind == "PERSON":
        wa, wb = la.split(), lb.split()
        short, long_ = (wa, wb) if len(wa) <= len(wb) else (wb, wa)
        return bool(short) and short[-1] == long_[-1] and all(w in long_ for w in short)
    if a.kind == b.kind == "ORG" and _short_form(la, lb):
        return True  # "Halvorsen" after "Halvorsen Foods"
    return lb in {x.lower() for x in a.aliases}


_CORPORATE = frozenset(("inc", "inc.", "corp", "corp.", "co", "co.", "ltd", "ltd.", "plc", "llc", "group", "foods",
                        "holdings", "company", "corporation", "limited", "ag", "sa", "se", "nv", "gmbh"))


def _short_form(a: str, b: str) -> bool:
    """Is one company name the other without its trailing words ("Halvorsen" / "Halvorsen
    Foods Inc.")?  Only for a distinctive first word, so that "National" does not swallow
    "National Grid"."""
    wa, wb = a.split(), b.split()
    short, long_ = (wa, wb) if len(wa) <= len(wb) else (wb, wa)
    if not short or len(short) == len(long_) or long_[:len(short)] != short:
        return False
    return len(short[0]) >= 4 and short[0] not in ROLE_QUALIFIERS and all(
        w in _CORPORATE or w[:1].isalpha() for w in long_[len(short):]) and (
        len(long_) - len(short) <= 2)


def _remember(ctx: DocContext, new: Mention) -> Mention:
    """Add ``new`` or refresh the mention it repeats, moving it to the end (most recent);
    the mention kept is returned."""
    for k, old in enumerate(ctx.mentions):
        if _same(old, new):
            if len(new.name) > len(old.name) and new.kind in ("PERSON", "ORG"):
                old.name = new.name  # "Zelensky" first, "Volodymyr Zelensky" later: keep the fuller
            old.role = old.role or new.role
            old.org = old.org or new.org
            old.aliases |= _aliases(old)
            old.count += 1
            ctx.mentions.append(ctx.mentions.pop(k))
            return old
    new.aliases = _aliases(new)
    ctx.mentions.append(new)
    return new
