"""When a claim holds: its ``as_of`` and where that came from.

A figure's date is, in order: a date of its own clause ("lost 12,400 jobs in June"), the
date of the report it hangs on ("..., the institute said on Tuesday"), or of the report
this sentence continues ("It noted that ..."), else the publication date -- the rules are
in :func:`as_of_for`.
"""

from __future__ import annotations

import datetime as dt
import re
from dataclasses import replace
from typing import TYPE_CHECKING

from claimledger.extract.date_grammar import DateMention

if TYPE_CHECKING:
    from spacy.tokens import Token

    from claimledger.extract.context import SentenceView
    from claimledger.extract.date_grammar import DateMention


_CONTINUES = re.compile(
    r"^\W*(?:it|he|she|they|the\s+(?:\w+\s+)?(?:agency|report|ministry|paper|newspaper|outlet|statement|"
    r"study|survey|company|group|official|spokesperson|spokesman|spokeswoman|minister|office))\s+"
    r"(?:also\s+|further\s+|then\s+)?(?:noted|added|said|reported|stated|wrote|claimed|explained|continued|"
    r"cited|estimated|found|revealed|confirmed|showed)\b", re.I)


_REPORT_CUE = re.compile(r"\b(?:said|says|told|added|wrote|stated|according\s+to)\b", re.I)


def as_of_for(view: SentenceView, dates: list[DateMention], published: dt.date | None,
              near: tuple[int, int] | None = None,
              anchor: dt.date | None = None) -> tuple[str | None, str | None]:
    """When a claim in ``view`` holds or was stated, and where that came from.

    With ``near`` (the claim's span) the sentence's parse decides which date is the claim's:

    1. "sentence": a date in the claim's own clause or phrase ("lost 12,400 jobs in June",
       "from 2.4% in April", "the 2002 floods, when the Kamp reached 7.1 metres") -- not one
       that starts a period ("since 2016"), dates the other side of a comparison ("up from
       8,000 on Monday"), lies ahead, or belongs to another clause ("who was swept away on
       Sunday night");
    2. "attribution": the date of the report the claim's clause hangs on ("..., the
       institute said on Tuesday", "On November 10, The New York Times revealed that ..."),
       or of the report this sentence continues in the same paragraph ("It noted that ...",
       a quote that goes on after "..., Maley said on Monday.");  failing both, the nearest
       other date of the sentence ("sentence"), since a parse can split one clause in two;
    3. "published": the publication date, which is also what a running total holds at
       ("has now destroyed 312 structures", "so far this year").

    Without ``near`` (or a parse) the first resolved date of the sentence is taken.
    ``anchor`` resolves relative dates in the previous sentence when it differs from
    ``published`` (a stand-in from :func:`document_anchor` for an undated story); only a
    real publication date is ever returned with basis "published".
    """
    anchor = anchor or published
    usable = [d for d in _with_anaphora(dates) if d.iso and not d.future and d.kind not in ("bare", "anaphoric")]
    if near is not None and view.doc is not None:
        own, report, running = _claim_dates(view, usable, near)
    else:
        own = [d for d in usable if d.kind != "adjective"][:1]
        report, running = None, False
    if own and not (running and own[0].kind == "to_date"):
        if own[0].kind == "to_date" and anchor is not None:
            return anchor.isoformat(), "sentence"
        return own[0].iso, "sentence"
    if report is not None:
        return report.iso, "attribution"
    if not running:
        carried = _carried_date(view, anchor)
        if carried:
            return carried, "attribution"
    if published is not None:
        return published.isoformat(), "published"
    return None, None


def _with_anaphora(dates: list[DateMention]) -> list[DateMention]:
    """``dates`` with "a day earlier", "the next day" resolved against the date before them
    in the sentence ("rose to 29 on Wednesday, up from 21 a day earlier"); kind "date" once
    resolved, so the parse decides whose date it is like any other."""
    from claimledger.extract.dates import resolve_anaphoric

    out: list[DateMention] = []
    for d in dates:
        if d.kind == "anaphoric":
            base = next((b for b in reversed(out) if b.iso and b.kind not in ("anaphoric", "to_date", "adjective")
                         and b.precision in ("day", "month", "year", "quarter")), None)
            if base is not None:
                got = resolve_anaphoric(d, base)
                if got.iso:
                    d = replace(got, kind="date")
        out.append(d)
    return out


_RUNNING = re.compile(r"\b(?:now|so\s+far|to\s+date|currently|at\s+present|as\s+it\s+stands|"
                      r"this\s+(?:year|month|week|season)|year[\s-]to[\s-]date)\b", re.I)
_COMPARISON_CUE = re.compile(r"(?:\b(?:up|down)\s+)?\bfrom\s+(?:about\s+|around\s+|roughly\s+|some\s+|nearly\s+|"
                             r"almost\s+|more\s+than\s+|less\s+than\s+|just\s+(?:over|under)\s+)?[\d$£€]|\bcompared\s+(?:with|to)\b|"
                             r"\b(?!more\b|less\b|fewer\b|rather\b|other\b)\w+\s+than\b|\bsame\s+"
                             r"(?:period|week|month|time|quarter)\b"
                             r"|\b(?:up|down)\s+\d[\d,.]*\s*(?:%|percent|per\s+cent|points?)?\s+from\s+(?:in\s+)?$", re.I)
# the last form: "down 12% from 2024" -- the date is what the change is measured from
_PERIOD_START = re.compile(r"\bsince\b[^,;.]{0,40}$", re.I)


def _claim_dates(view: SentenceView, usable: list[DateMention],
                 near: tuple[int, int]) -> tuple[list[DateMention], DateMention | None, bool]:
    """(dates of the claim's own clause, best first; the date of the report it hangs on;
    whether the claim is a running total)."""
    from claimledger.extract.attribution import REPORT_VERBS, without_dateline

    view = without_dateline(view, near[0])
    fig_span = view.char_span(*near)
    if fig_span is None or len(fig_span) == 0:
        return [d for d in usable if d.kind != "adjective"][:1], None, False
    text, base = view.text, view.start
    fig = fig_span.root
    fig_verb = _clause_verb(fig)
    seg_start = max((m.end() for m in re.finditer(r"[,;]", text[:near[0] - base])), default=0)
    seg_end_m = re.search(r"[,;]", text[near[1] - base:])
    seg_end = near[1] - base + seg_end_m.start() if seg_end_m else len(text)
    running = _RUNNING.search(text[seg_start:seg_end]) is not None or (
        fig_verb is not None and fig_verb.tag_ == "VBN" and fig_verb.lemma_.lower() not in REPORT_VERBS and any(
            c.dep_ == "aux" and c.lower_ in ("has", "have") for c in fig_verb.children))  # "has risen to 28"
    noun_verb = _host_verb(fig_verb)  # "The boat, carrying 63 people, overturned on Sunday"
    attributing = {t.i for t in view.span() or [] if t.lower_ == "according" for t in t.subtree}
    own: list[tuple[int, int, DateMention]] = []
    report: DateMention | None = None
    for d in usable:
        before = text[:d.start - base]
        span = view.char_span(d.start, d.end)
        if _PERIOD_START.search(before) or span is None or len(span) == 0:
            continue
        if d.kind == "to_date" or (d.relative and re.match(r"(?:this|so\s+far)\b", d.text, re.I)):
            running = True  # "so far this year", "this year's dead": a running total
            continue
        d_verb = _clause_verb(span.root)
        gap = text[near[1] - base:d.start - base] if d.start >= near[1] else None
        follows = gap is not None and len(gap) <= 30 and not re.search(r"[,;]|\b(?:from|than|since)\b", gap)
        antecedent = fig_verb is not None and fig_verb.dep_ in ("relcl", "acl") and span.root.head.i == fig_verb.head.i
        dates_figure = d_verb is not None and (  # "users who activated ... last Tuesday", "1,305, set in 2022"
            (d_verb.dep_ in ("acl", "relcl") and d_verb.head.i in (fig.i, fig.head.i))
            or (d_verb.dep_ == "advcl" and (d_verb.head.i == fig.i or (
                d_verb.tag_ == "VBN" and fig_verb is not None and d_verb.head.i == fig_verb.i))))
        if antecedent or dates_figure:
            own.append((0, 0, d))
            continue
        if (d.kind == "adjective" and not follows) or _compared_elsewhere(before, base, near):
            continue
        same = d_verb is not None and fig_verb is not None and d_verb.i == fig_verb.i
        joined = d_verb is not None and fig_verb is not None and d_verb.i != fig_verb.i and (
            (fig_verb.dep_ == "conj" and fig_verb.head.i == d_verb.i)
            or (d_verb.dep_ == "conj" and d_verb.head.i == fig_verb.i)
            or (noun_verb is not None and noun_verb.i == d_verb.i))
        if follows or same:
            own.append((0, 0 if follows else abs(d.start - near[0]), d))
        elif joined and not running:
            own.append((1, abs(d.start - near[0]), d))  # "lost 12,400 jobs in June and the rate rose to 7.1%"
        elif span.root.i in attributing or (d_verb is not None and fig_verb is not None and _reports(d_verb, fig_verb)):
            report = d  # "..., the institute said on Tuesday" / "according to a report released on Tuesday"
        elif not running and not _in_other_noun_clause(d_verb, fig):
            own.append((2, abs(d.start - near[0]), d))  # the parse may have split the clause: nearest date
    own.sort(key=lambda t: (t[0], t[1]))
    if report is not None and own and own[0][0] == 2:
        own = []  # a report date beats a guess
    return [d for _r, _g, d in own], report, running


def _in_other_noun_clause(d_verb: Token | None, fig: Token) -> bool:
    """A date in a relative or participle clause on some other noun ("a firefighter who was
    swept away on Sunday night") dates that noun, not the claim."""
    if d_verb is None or d_verb.dep_ not in ("relcl", "acl"):
        return False
    return fig.i not in {t.i for t in d_verb.head.subtree}  # the noun it describes does not hold the claim


def _compared_elsewhere(before: str, base: int, near: tuple[int, int]) -> bool:
    """Is the date the other side of a comparison the claim is not part of ("14,000 people,
    up from about 8,000 on Monday")?"""
    window = before[-60:]
    cue = None
    for m in _COMPARISON_CUE.finditer(window):
        cue = m
    if cue is None:
        return False
    cue_at = base + len(before) - len(window) + cue.start()
    word = re.search(r"\bfrom\b", cue.group(0), re.I)
    if word is not None and cue.group(0)[:word.start()].strip()[:1].isalpha():
        cue_at += word.start()  # "down 12% from 2024": the date is the base of the change, not the 12%'s
    return not cue_at <= near[0]


def _reports(d_verb: Token, fig_verb: Token) -> bool:
    """Does the clause of ``fig_verb`` hang on ``d_verb`` as what it reports (not as a
    coordinated clause)?  Also when the date dates the reporter ("results [published in
    May] showed ..."): a participle or relative clause on the subject of that verb."""
    t = fig_verb
    for _ in range(8):
        if t.head.i == t.i:
            return False
        if t.head.i == d_verb.i:
            return t.dep_ in ("ccomp", "xcomp", "parataxis", "advcl", "dep", "csubj")
        if t.dep_ in ("ccomp", "parataxis") and d_verb.dep_ in ("acl", "relcl") and any(
                c.i == d_verb.head.i and c.dep_ in ("nsubj", "nsubjpass") for c in t.head.children):
            return True
        t = t.head
    return False


def _host_verb(verb: Token | None) -> Token | None:
    """For a participle or relative clause on a noun ("The boat, carrying 63 people,"), the
    verb of the clause that noun stands in."""
    if verb is None or verb.dep_ not in ("acl", "relcl") or verb.head.i == verb.i:
        return None
    return _clause_verb(verb.head)


def _clause_verb(tok: Token) -> Token | None:
    """The verb whose clause ``tok`` stands in (auxiliaries skipped)."""
    t = tok
    for _ in range(12):
        if t.pos_ in ("VERB", "AUX") and t.dep_ not in ("aux", "auxpass"):
            return t
        if t.head.i == t.i:
            return None
        t = t.head
    return None


def _carried_date(view: SentenceView, published: dt.date | None) -> str | None:
    """The date of the previous sentence in the same block when this one continues its report."""
    if view.doc is None:
        return None
    quote_goes_on = view.text.lstrip()[:1] in ("“", '"')
    if not (quote_goes_on or _CONTINUES.match(view.text)):
        return None
    before = view.before().rstrip()
    if not before:
        return None
    cut = max(before.rfind(". ", 0, len(before) - 1), before.rfind("\n", 0, len(before) - 1))
    previous = before[cut + 1:] if cut >= 0 else before
    if quote_goes_on and not _REPORT_CUE.search(previous):
        return None  # a new quotation, not the rest of one whose speaker and date were given
    from claimledger.extract.dates import find_dates

    prev_dates = [d for d in find_dates(previous, 0, published) if d.iso and d.kind not in ("adjective", "bare")]
    if not prev_dates:
        return None
    rank = {"day": 0, "week": 1, "month": 2, "season": 3, "year": 4}
    return min(prev_dates, key=lambda d: rank.get(d.precision, 5)).iso  # the report's own date is the precise one
