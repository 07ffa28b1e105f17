"""Sources as entities: one person or body under the many names outlets give it.

"Volodymyr Zelensky", "Zelensky" and "Ukraine's president" are one source; "National
Intelligence Service", "NIS" and "South Korea's spy agency" are another.  Counting them
apart would make one estimate look like three independent ones.  Mentions are resolved
within a story (a bare "Patel" in an unrelated story is someone else), in this order:

1. full names (two or more capitalised words) meet on their folded form and on close
   spellings ("Zelensky" / "Zelenskyy", rapidfuzz ratio >= 90 with the same initial);
2. a single name joins the one full name of the story it ends ("Zelensky");
3. an acronym joins the organisation whose initials it spells ("NIS"), or that the text
   introduces with it ("National Intelligence Service (NIS)");
4. a description ("South Korea's spy agency", "Ukraine's president") joins the one
   entity whose role or name matches its role words and whose owner matches its owner
   ("South Korea's National Intelligence Service", "Ukraine's President Volodymyr
   Zelensky"); ambiguous descriptions stay entities of their own.

Roles come from the extracted attribution (``source_role``/``source_org``) and from the
words right before a name ("Pentagon spokesperson Vedant Patel") in each document; when
two documents give one person the same role at different bodies, or different roles at
the same body, a ``role_conflict`` finding names both passages.
"""

from __future__ import annotations

import re
from collections import Counter, defaultdict
from collections.abc import Mapping, Sequence
from dataclasses import dataclass, field
from functools import lru_cache
from typing import TYPE_CHECKING

from rapidfuzz import fuzz

from claimledger.checks.concepts import stem, wordset
from claimledger.models import Finding, Ref

if TYPE_CHECKING:
    import sqlite3

_MEDIA = wordset(
    "times post news journal independent guardian telegraph bbc cnn reuters ap afp bloomberg politico axios "
    "intelligencer herald tribune gazette wire press radio tv television channel newspaper magazine daily "
    "register observer economist insider mail express mirror sun star chronicle bulletin youtube telegram"
)
_ORG = wordset(
    "agency service ministry department office council institute university committee bank party government "
    "police army forces force command commission authority administration pentagon kremlin organization "
    "organisation association company corp inc ltd group foundation center centre court congress senate "
    "parliament staff intelligence nato un brigade battalion regiment military navy embassy union federation "
    "bureau directorate board house cabinet"
)
ROLE_WORDS = wordset(
    "president vice prime minister secretary spokesperson spokesman spokeswoman analyst director chief "
    "commander commander-in-chief general gen. governor mayor senator sen. rep. representative ceo chairman "
    "chairwoman chair professor officer journalist correspondent ambassador king queen leader chancellor judge "
    "attorney lawyer adviser advisor head deputy founder co-founder economist researcher official member "
    "editor reporter envoy colonel lieutenant captain major admiral sergeant press counsel diplomat "
    "premier dictator monarch emperor pope bishop executive manager"
)
_ROLE_FOLD = {"spokesman": "spokesperson", "spokeswoman": "spokesperson", "gen.": "general",
              "sen.": "senator", "rep.": "representative", "advisor": "adviser", "chairman": "chair",
              "chairwoman": "chair", "premier": "prime minister", "co-founder": "founder"}
_GENERIC_ROLES = wordset("leader official member head executive")
_ROLE_MODIFIERS = wordset("deputy acting former senior then interim current top lead principal assistant vice")
_ROLE_CLASS = {"spy": "intelligence", "intelligence": "intelligence", "agency": "agency", "service": "agency",
               "bureau": "agency", "directorate": "agency", "military": "military", "army": "military",
               "forces": "military", "president": "president", "spokesperson": "spokesperson"}
_DESCRIPTOR = re.compile(
    r"^(?:the\s+)?(?P<owner>[A-Z][\w.\-]*(?:\s+[A-Z][\w.\-]*)*)['’]s?\s+(?:(?:leading|top|main|own|chief|"
    r"national|foreign)\s+)*(?P<role>[a-z][a-z\- ]+)$"
)
_WORD = re.compile(r"[\w][\w.'’\-]*|[,;:()\"“”—–]")


@dataclass(frozen=True)
class SourceMention:
    """One source name as a claim or event gives it."""

    doc: str
    story: int
    name: str
    role: str | None = None
    org: str | None = None
    claim: int | None = None


@dataclass
class Entity:
    name: str
    kind: str  # person | organisation | media | description | name
    stories: set[int]
    aliases: set[str] = field(default_factory=set)
    roles: set[str] = field(default_factory=set)
    owners: set[str] = field(default_factory=set)  # name stems of who the entity belongs to
    claims: int = 0


@dataclass(frozen=True)
class RoleAssertion:
    entity: int  # index into the entity list
    doc: str
    role: str
    org: str | None
    span: tuple[int, int]


def clean_name(name: str) -> str:
    n = " ".join(name.replace("“", "").replace("”", "").replace('"', "").split()).strip(" ,.;:")
    n = re.sub(r"^(?:the|a|an)\s+", "", n, flags=re.IGNORECASE)
    return re.sub(r"['’]s$", "", n)


def kind_of(name: str) -> str:
    words = name.split()
    lower = {w.lower().strip(".,") for w in words}
    if any(w[:1].islower() for w in words if w.lower() not in ("of", "and", "for", "de", "van", "von", "bin", "al")):
        return "description"
    if lower & _MEDIA:
        return "media"
    if lower & _ORG or (len(words) == 1 and words[0].isupper() and len(words[0]) >= 2):
        return "organisation"
    if 2 <= len(words) <= 4:
        return "person"
    return "name"


def initials(name: str) -> str:
    return "".join(w[0] for w in name.split() if w[:1].isupper() and w.lower() not in ("of", "and", "for", "the"))


@lru_cache(maxsize=8192)
def fold_role(role: str) -> str:
    """"Deputy Spokesman" -> "spokesperson"; keeps multi-word titles ("prime minister").
    Remembered: role conflicts compare every pair of one person's roles."""
    words = [_ROLE_FOLD.get(w, w) for w in role.lower().replace("’s", "").split()]
    words = [w for w in words if w not in _ROLE_MODIFIERS]
    return " ".join(words)


def _role_classes(words: Sequence[str]) -> set[str]:
    return {_ROLE_CLASS[w] for w in (x.lower() for x in words) if w in _ROLE_CLASS}


def role_before(text: str, start: int) -> tuple[str, str | None] | None:
    """Role and body named right before a name: "Pentagon spokesperson [Vedant Patel]"."""
    window = text[max(0, start - 80):start]
    toks = _WORD.findall(window.split("\n")[-1])
    role: list[str] = []
    org: list[str] = []
    for tok in reversed(toks):
        low = tok.lower()
        if not tok[0].isalnum() or (tok.endswith(".") and low not in ROLE_WORDS):
            break
        if low in ROLE_WORDS and not org:
            role.insert(0, low)
        elif role and (tok[:1].isupper() or tok.endswith(("'s", "’s"))):
            org.insert(0, re.sub(r"['’]s$", "", tok))
        else:
            break
    if not role:
        return None
    return " ".join(role), (" ".join(org) or None)


class Resolver:
    """Builds entities from mentions; see the module docstring for the order of rules.

    The same written name is the same entity everywhere; the looser rules (a surname, an
    acronym, a description) only reach entities already seen in the mention's story.
    """

    def __init__(self, texts: Mapping[str, str]) -> None:
        self.texts = texts
        self.entities: list[Entity] = []
        self.index: dict[str, int] = {}  # folded alias -> entity
        self.by_story: dict[int, list[int]] = defaultdict(list)
        self.story_docs: dict[int, set[str]] = defaultdict(set)
        self._seen_in_text: set[int] = set()

    def _add(self, name: str, kind: str, story: int) -> int:
        self.entities.append(Entity(name=name, kind=kind, stories={story}, aliases={name}))
        i = len(self.entities) - 1
        self.index[name.casefold()] = i
        self.by_story[story].append(i)
        return i

    def _link(self, alias: str, story: int, entity: int) -> int:
        e = self.entities[entity]
        e.aliases.add(alias)
        self.index.setdefault(alias.casefold(), entity)
        if story not in e.stories:
            e.stories.add(story)
            self.by_story[story].append(entity)
        return entity

    def resolve(self, mentions: Sequence[SourceMention]) -> list[int | None]:
        """Entity index for each mention (None for an empty name)."""
        names = [clean_name(m.name) for m in mentions]
        for m in mentions:
            self.story_docs[m.story].add(m.doc)
        order = sorted(range(len(mentions)), key=lambda i: (_rank(kind_of(names[i])), -len(names[i]), names[i]))
        out: list[int | None] = [None] * len(mentions)
        for i in order:
            m, name = mentions[i], names[i]
            if not name:
                continue
            k = self._resolve_one(name, kind_of(name), m)
            out[i] = k
            e = self.entities[k]
            if m.role:
                e.roles.add(fold_role(m.role))
            if m.org:
                e.owners.add(stem(m.org.split()[0]))
            e.claims += m.claim is not None
        return out

    def _resolve_one(self, name: str, kind: str, m: SourceMention) -> int:
        hit = self.index.get(name.casefold())
        if hit is not None:
            return self._link(name, m.story, hit)
        same_story = self.by_story.get(m.story, [])
        if kind == "person":
            for i in same_story:
                e = self.entities[i]
                if e.kind == "person" and e.name[0] == name[0] and fuzz.ratio(e.name.casefold(), name.casefold()) >= 90:
                    return self._link(name, m.story, i)
        elif kind == "name":  # a single name: the surname of a person named in full?
            hits = [i for i in same_story if self.entities[i].kind == "person"
                    and fuzz.ratio(self.entities[i].name.split()[-1].casefold(), name.casefold()) >= 90]
            if len(hits) == 1:
                return self._link(name, m.story, hits[0])
            full = self._full_name(name, m.doc)
            if full is not None:
                found = self._resolve_one(full, "person", m)
                return self._link(name, m.story, found)
        elif kind == "media":  # "Times of India YouTube" is the Times of India
            for i in same_story:
                e = self.entities[i]
                if e.kind == "media" and _word_prefix(e.name, name):
                    return self._link(name, m.story, i)
        elif kind == "organisation" and name.isupper():
            hits = [i for i in same_story if self.entities[i].kind == "organisation"
                    and (initials(self.entities[i].name) == name or self._introduces(self.entities[i].name, name, m.doc))]
            if len(hits) == 1:
                return self._link(name, m.story, hits[0])
        elif kind == "description":
            described = self._describe(name, same_story)
            if described is None:  # "Spain's interior ministry" = "interior ministry"
                bare = _bare(name)
                described = next((i for i in same_story if self.entities[i].kind == "description"
                                  and any(_bare(a) == bare for a in self.entities[i].aliases)), None)
            if described is not None:
                return self._link(name, m.story, described)
        return self._add(name, kind, m.story)

    def _full_name(self, surname: str, doc: str) -> str | None:
        """The document's "Firstname Surname" for a bare surname, when it writes one."""
        pattern = re.compile(r"\b([A-Z][a-z]+(?:\s+[A-Z]\.)?)\s+" + re.escape(surname) + r"\b")
        for mm in pattern.finditer(self.texts.get(doc, "")):
            if mm.group(1).lower() not in ROLE_WORDS and mm.group(1).lower() not in _MEDIA | _ORG:
                return f"{mm.group(1)} {surname}"
        return None

    def _introduces(self, full: str, acronym: str, doc: str) -> bool:
        return f"{full} ({acronym})" in self.texts.get(doc, "")

    def _describe(self, name: str, candidates: Sequence[int]) -> int | None:
        d = _DESCRIPTOR.match(name)
        if not d:
            return None
        owner = stem(d.group("owner").split()[0])
        classes = _role_classes(d.group("role").split()) or {fold_role(d.group("role"))}
        hits = []
        for i in candidates:
            e = self.entities[i]
            if e.kind not in ("person", "organisation"):
                continue
            self._read_text(i)
            named = _role_classes(e.name.split()) | {c for r in e.roles for c in (_role_classes(r.split()) or {r})}
            if classes <= named and owner in e.owners:
                hits.append(i)
        return hits[0] if len(hits) == 1 else None

    def _read_text(self, i: int) -> None:
        """Add the roles and owners the story's texts give an entity right before its name:
        "South Korea's National Intelligence Service", "Ukraine's President Volodymyr Zelensky"."""
        if i in self._seen_in_text:
            return
        self._seen_in_text.add(i)
        e = self.entities[i]
        owner = re.compile(r"([A-Z][\w\-]*(?:\s+[A-Z][\w\-]*)*)['’]s\s+(?:[A-Za-z\-]+\s+){0,2}" + re.escape(e.name))
        docs = set().union(*(self.story_docs.get(s, set()) for s in e.stories))
        for doc in sorted(docs):
            text = self.texts.get(doc, "")
            if e.name not in text:
                continue
            e.owners.update(stem(mm.group(1).split()[0]) for mm in owner.finditer(text))
            found = role_before(text, text.find(e.name))
            if found:
                e.roles.add(fold_role(found[0]))
                if found[1]:
                    e.owners.add(stem(found[1].split()[0]))


def _bare(description: str) -> str:
    """A description without its owner: "Spain's interior ministry" -> "interior ministry"."""
    return re.sub(r"^(?:[A-Z][\w.\-]*\s+)*[A-Z][\w.\-]*['’]s\s+", "", description).casefold()


def _word_prefix(a: str, b: str) -> bool:
    wa, wb = a.casefold().split(), b.casefold().split()
    short, long_ = (wa, wb) if len(wa) <= len(wb) else (wb, wa)
    return len(short) >= 2 and long_[:len(short)] == short


def _rank(kind: str) -> int:
    return {"person": 0, "organisation": 1, "media": 2, "name": 3, "description": 4}.get(kind, 5)


def role_assertions(entities: Sequence[Entity], docs_of: dict[int, set[str]], texts: Mapping[str, str]) -> list[RoleAssertion]:
    """Roles the text gives each person right before one of its names, per document."""
    out: list[RoleAssertion] = []
    for i, e in enumerate(entities):
        if e.kind != "person":
            continue
        for doc in sorted(docs_of.get(i, ())):
            text = texts.get(doc, "")
            for alias in sorted(e.aliases, key=len, reverse=True):
                at = text.find(alias)
                found = role_before(text, at) if at >= 0 else None
                if found:
                    role, org = found
                    start = max(0, text.rfind(role.split()[0], max(0, at - 80), at))
                    if org:
                        start = max(0, text.rfind(org.split()[0], max(0, at - 80), at))
                    out.append(RoleAssertion(i, doc, role, org, (start, at + len(alias))))
                    break
    return out


def _conflicting(a: RoleAssertion, b: RoleAssertion) -> bool:
    ra, rb = fold_role(a.role), fold_role(b.role)
    if not ra or not rb or ra in _GENERIC_ROLES or rb in _GENERIC_ROLES or not a.org or not b.org:
        return False
    same_role = ra == rb or set(ra.split()) <= set(rb.split()) or set(rb.split()) <= set(ra.split())
    same_org = stem(a.org.split()[0]) == stem(b.org.split()[0])
    return (same_role and not same_org) or (not same_role and same_org)


def role_conflicts(entities: Sequence[Entity], assertions: Sequence[RoleAssertion]) -> list[Finding]:
    """``role_conflict`` when two documents give one person incompatible roles."""
    by_entity: dict[int, list[RoleAssertion]] = defaultdict(list)
    for a in assertions:
        by_entity[a.entity].append(a)
    out: list[Finding] = []
    for i, items in sorted(by_entity.items()):
        items = sorted(items, key=lambda a: (a.doc, a.span))
        for j, a in enumerate(items):
            clash = next((b for b in items[j + 1:] if b.doc != a.doc and _conflicting(a, b)), None)
            if clash is None:
                continue
            name = entities[i].name
            out.append(Finding(
                kind="role_conflict", doc=a.doc, spans=(a.span,),
                refs=(Ref(clash.doc, clash.span[0], clash.span[1]),),
                why=(f"{name} is called “{_title(a)}” in one article but “{_title(clash)}” in another; "
                     "at most one of them is right."),
                key=f"role_conflict|{name}|{a.span[0]}-{a.span[1]}|{clash.doc}",
            ))
            break
    return out


def _title(a: RoleAssertion) -> str:
    return f"{a.org} {a.role}" if a.org else a.role


def canonical_names(entities: Sequence[Entity]) -> list[str]:
    """Unique display names: the longest full alias of a person, the spelled-out name of an
    organisation; a clash (two entities, one display name) gets a counter appended."""
    seen: Counter[str] = Counter()
    out = []
    for e in entities:
        full = [a for a in e.aliases if not a.isupper() and kind_of(a) != "description"] or sorted(e.aliases)
        if e.kind == "media":  # "Times of India", not "Times of India YouTube"
            name = min(full, key=lambda a: (len(a.split()) < 2, len(a), a))
        else:
            name = max(full, key=lambda a: (len(a.split()), len(a), a))
        seen[name.casefold()] += 1
        out.append(name if seen[name.casefold()] == 1 else f"{name} [{seen[name.casefold()]}]")
    return out


@dataclass(frozen=True)
class RelayStep:
    """One report of a figure: who said it, who relayed it, where it was published."""

    claim: int
    source: str | None  # the resolved source entity ("National Intelligence Service")
    relayed_by: str | None  # an outlet in between ("according to The Kyiv Independent")
    outlet: str | None  # the publishing outlet
    doc: str
    original: str  # the syndication original (the document itself when it is no copy)
    as_of: str | None


def relay_chains(conn: sqlite3.Connection, figure: int) -> list[RelayStep]:
    """The relay chain of every claim of a figure (primary source -> relaying outlet ->
    publishing outlet), ordered by time; syndicated copies point at their original."""
    rows = conn.execute(
        "SELECT c.id, s.name AS source, c.source AS raw, c.relayed_by, d.outlet, c.doc, "
        "COALESCE(y.original, c.doc) AS original, COALESCE(c.as_of, d.published) AS t "
        "FROM claims c JOIN documents d ON d.id = c.doc LEFT JOIN sources s ON s.id = c.source_entity "
        "LEFT JOIN syndication y ON y.doc = c.doc WHERE c.figure = ? ORDER BY t IS NULL, t, c.doc, c.id",
        (figure,),
    )
    return [RelayStep(r[0], r[1] or r[2], r[3], r[4], r[5], r[6], r[7]) for r in rows]
