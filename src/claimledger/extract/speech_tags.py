"""Speech tags read off the words when the parse breaks.

News sentences end with a speech tag far more often than the small parser gets right:
", the club said." after "A crowd of 31,450 watched" (parsed as a second subject of
"said"), ", the regional governor, Serhiy Lysak, said on Telegram." (parsed as a list of
things damaged), ", Statistics Canada data show." ("show" tagged a noun).  The project's
annotation rule is that such a tag governs the figures of its sentence, so when the walk up
the parse finds no reporting verb, :func:`trailing_tag` reads the tag from the token
sequence instead: a comma, a short noun phrase with no verb of its own, a reporting verb,
and at most a short adjunct ("on Tuesday", "in a statement", "told reporters") before the
sentence ends.
"""

from __future__ import annotations

from typing import TYPE_CHECKING

from claimledger.extract.speech import REPORT_VERBS, Level

if TYPE_CHECKING:
    from spacy.tokens import Span, Token

# Forms a trailing tag is written with; the stance is read from REPORT_VERBS by lemma.
_TAG_FORMS = {
    "said": "say", "says": "say", "say": "say", "told": "tell", "tells": "tell", "added": "add", "adds": "add",
    "reported": "report", "reports": "report", "estimated": "estimate", "estimates": "estimate",
    "wrote": "write", "writes": "write", "noted": "note", "notes": "note", "stated": "state",
    "confirmed": "confirm", "confirms": "confirm", "show": "show", "shows": "show", "showed": "show",
    "claimed": "claim", "claims": "claim", "announced": "announce", "explained": "explain",
    "warned": "warn", "insisted": "insist", "believe": "believe", "believes": "believe",
    "indicate": "indicate", "indicates": "indicate", "suggest": "suggest", "suggests": "suggest",
    "found": "find", "posted": "post", "tweeted": "tweet", "acknowledged": "acknowledge",
}
_FINITE = frozenset(("VBD", "VBZ", "VBP", "MD"))
# A clause, not a noun phrase, starts with these: "..., while police said", "..., and the
# researchers said" are other clauses with their own figures.
_CLAUSE_STARTS = frozenset((
    "and", "but", "or", "while", "as", "because", "after", "before", "when", "if", "though", "although",
    "whereas", "since", "which", "who", "that", "so", "yet", "where", "until",
))
_MAX_SUBJECT = 9  # tokens
_MAX_TAIL = 7  # tokens after the verb before the sentence (or clause) ends


def trailing_tag(fig: Token, sent: Span) -> Level | None:
    """The speech tag ending ``sent`` after the figure ("..., the club said."), as a
    :class:`Level` whose subject is the speaker's words, or None."""
    toks = list(sent)
    for k in range(len(toks) - 1, 0, -1):
        verb = toks[k]
        lemma = _TAG_FORMS.get(verb.lower_)
        if lemma is None or verb.i <= fig.i or lemma not in REPORT_VERBS or verb.tag_ in ("VBN", "VBG"):
            continue  # "a deal announced at the beginning of the week" describes, not tags
        if not _short_tail(toks[k + 1:], addressee=lemma == "tell"):
            continue
        subject = _subject_before(toks[:k], fig)
        if subject is None:
            return None
        return Level(200.0, REPORT_VERBS[lemma], subject)
    return None


def _short_tail(tail: list[Token], *, addressee: bool) -> bool:
    """Only an adjunct follows the verb: "on Tuesday", "in its morning report", "told
    reporters", ", citing ..." -- not a clause of its own ("said that ...", "said it would")
    nor an object ("rookie Emil Bemstrom added a goal and an assist")."""
    words: list[Token] = []
    for t in tail:
        if t.text in (",", ";", "—", "–") or (t.is_sent_end and t.is_punct):
            break
        if t.is_punct or t.text in ("”", '"', "’"):
            continue
        words.append(t)
    if len(words) > _MAX_TAIL or any(t.tag_ in _FINITE or t.lower_ == "that" for t in words):
        return False
    if addressee and words:  # "told reporters on Tuesday", "told the BBC"
        return True
    return not words or words[0].pos_ in ("ADP", "ADV") or words[0].ent_type_ in ("DATE", "TIME")


def _subject_before(before: list[Token], fig: Token) -> Span | None:
    """The speaker's words between the last comma and the verb; for an appositive pair
    (", the regional governor, Serhiy Lysak, said") the name."""
    end = len(before)
    while end > 0 and before[end - 1].text == ",":
        end -= 1  # the comma closing an appositive: ", Serhiy Lysak, said"
    cut = end
    while cut > 0 and before[cut - 1].text not in (",", "—", "–"):
        cut -= 1
    words = before[cut:end]
    if cut == 0 or not _noun_phrase(words) or before[cut - 1].i <= fig.i:
        return None
    doc = words[0].doc
    return doc[words[0].i:words[-1].i + 1]


def _noun_phrase(words: list[Token]) -> bool:
    if not words or len(words) > _MAX_SUBJECT or words[0].lower_ in _CLAUSE_STARTS:
        return False
    if any(t.tag_ in _FINITE or (t.is_punct and t.text not in ("'", "’", ".", "-", "&")) for t in words):
        return False
    return any(t.pos_ in ("NOUN", "PROPN", "PRON") for t in words)
