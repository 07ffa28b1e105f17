"""Boilerplate sentences: the site's own lines glued into a paragraph, or standing alone.

Block rules (``rules.RULES``) read a block from its start, so they miss a pitch that
shares a paragraph with another line of the site ("Global Dispatch is supported by
readers. Subscribe for $1 a week to get unlimited access.") or one that follows a
sentence of the story.  Here each sentence is read on its own:

* a block all of whose sentences are boilerplate is boilerplate as a whole (extraction
  skips it);
* otherwise its boilerplate sentences are reported as sentence findings and the block
  stays article text — except cross-promotion ("Read our review of the phone."), which
  articles weave into their own paragraphs: it marks a block of its own, never a
  sentence inside one.

A sentence that opens with the outlet's own name ("The Mediterranean Monitor tracks
migration across the region.") is the site describing itself: it counts as boilerplate
only beside a sentence that is, so that an article about its own outlet is never cut.

Every rule is anchored at the sentence start (a few allow a short lead-in), capped in
words, and most need the reader addressed ("our", "us", "you") or the site named: an article sentence that mentions
subscriptions, donations or corrections in the third person does not match.  Rules that
read like reported speech ("..., she said") are refused outright.
"""

from __future__ import annotations

import re

from claimledger.anatomy.blocks import body_start, words
from claimledger.anatomy.rules import (
    BIO_BY_LINE,
    CONTACT,
    CORRECTION_NOTES,
    IC,
    PROMO_SENTENCE,
    SOCIAL,
    WIRE_CREDIT,
    Rule,
)
from claimledger.anatomy.sentences import split_sentences
from claimledger.models import Block

_SPEECH = re.compile(r"\b(?:said|says|told|tells|wrote|writes|added|asked|urged|warned|explained|insisted|chanted|shouted"
                     r"|pleaded|admitted|acknowledged|conceded|disclosed|stated|announced|claimed|tweeted|posted|according to)\b|\bread\W*$", IC)

SENTENCE_RULES: tuple[Rule, ...] = (
    *CORRECTION_NOTES,
    Rule("reporting credit", re.compile(WIRE_CREDIT, IC), 45),
    Rule("reporting credit", re.compile(r"[^\n.]{0,120}\bcontributed (?:reporting|to this (?:report|story|article))", IC), 25),
    Rule("subscription pitch", re.compile(
        r"(?:to subscribe\b(?=[^\n]{0,80}\b(?:our|us|you|visit|click|go to|call|e-?mail|text)\b)"
        r"|subscribe (?:now|today|here|for|to (?:our|the|get|read|continue|keep))\b"
        r"|already (?:a )?(?:subscriber|member|subscribed)\b|become a (?:subscriber|paying (?:subscriber|member))\b"
        r"|start (?:your|a) (?:free )?(?:trial|subscription)\b"
        r"|subscribers? (?:get|can|receive|enjoy)\b(?=[^\n]*\b(?:unlimited|ad-free|exclusive|our|us)\b)"
        r"|(?:get|enjoy|for|unlock) (?:unlimited|full|all) (?:digital )?access\b|(?:subscribe|sign in|log in) to (?:continue|read|keep reading|unlock)\b"
        r"|(?:sign|log) in (?:for|to get) (?:unlimited|full|exclusive)\b|(?:sign|log) in or (?:subscribe|register)\b"
        r"|(?:already have an account|don'?t have an account|not (?:yet )?a (?:subscriber|member)|have an account)\?"
        r"|this (?:article|story|content) is (?:only |exclusively )?(?:available )?(?:only |exclusively )?(?:for|to|reserved for"
        r"|exclusive to) "
        r"(?:our )?(?:subscribers|members)\b)",
        IC), 40),
    Rule("donation pitch", re.compile(
        r"(?=[^\n]*\b(?:our|us|we)\b)(?:please\s+)?(?:support (?:our|us|independent|local|this)\b|donate\b|make a (?:[\w-]+ )?"
        r"(?:donation|gift|contribution)|(?:please )?consider (?:a donation|donating|supporting|becoming|subscribing|giving)"
        r"|becom(?:e|ing) a (?:member|patron|supporter|donor|sustaining member)|give (?:today|now|to)\b|chip in\b)", IC), 40),
    Rule("subscription pitch", re.compile(
        r"(?:(?:sign|log) ?(?:in|up)|register|subscribe|create (?:an|a free) account)(?: (?:here|now|today|for free))?\s*[.!]?$",
        IC), 5, inside=False),
    Rule("donation pitch", re.compile(
        r"(?:if you (?:value|enjoy(?:ed)?|appreciate|like|rely on|found|believe in)\b[^\n]{0,80}\b(?:our|this|us)\b[^\n]{0,80}"
        r"\b(?:donat|support|subscri|contribut|member|giv)|we (?:rely|depend|count) on (?:readers|supporters|donors|members"
        r"|you)\b|(?:donate|give) (?:today|now|here)\b|(?:independent |local |our |quality |this )?(?:journalism|reporting|newsroom"
        r"|work) (?:needs|depends on|relies on) (?:your|you|readers)\b|your (?:support|donation|contribution|gift|membership)s? "
        r"(?:makes?|helps?|keeps?|allows?|enables?|funds?|means?|powers?)\b|help (?:us )?(?:keep|fund|sustain) (?:our|this|local"
        r"|independent)\b|make a (?:[\w-]+ )?(?:gift|donation|contribution)(?: of any (?:size|amount))? (?:today|now|here)\b)",
        IC), 40),
    Rule("donation pitch", re.compile(
        r"[^\n.]{0,80}\b(?:is|are) (?:(?:entirely|largely|mostly|proudly) )?(?:funded|supported|made possible) by "
        r"(?:(?:its|our) )?(?:(?:readers|listeners|viewers)(?: like you)?|(?:members|subscribers|donors) like you"
        r"|our (?:members|subscribers|donors))\s*[.!]?$"
        r"|(?:our|(?-i:[A-Z])[\w'’.&-]*(?: (?-i:[A-Z])[\w'’.&-]*){0,4}['’]s?)\s+(?:[\w-]+\s+){0,3}(?:journalism|reporting"
        r"|coverage|website|site|content|articles|stories|work)\b[^\n.]{0,60}\b(?:is|are|remains?|will (?:always )?"
        r"(?:be|stay|remain)) (?:free (?:to read|for (?:all|everyone))|paywall-free|not behind a paywall)\b", IC), 30),
    Rule("sponsorship note", re.compile(
        r"(?:our|this|(?-i:[A-Z])[\w'’.&-]*(?: (?-i:[A-Z])[\w'’.&-]*){0,4}(?:'s|’s))\s+(?:[\w-]+\s+){0,3}"
        r"(?:coverage|reporting|journalism|series|desk|newsroom)\b[^\n.]{0,80}?\b(?:is|are|was|has been|receives?)\s+"
        r"(?:(?:partly|partially|generously|in part|financially)\s+)?(?:supported|funded|underwritten|sponsored|made possible)\b"
        r"|[^\n.]{0,60}\bhas no (?:say|input|influence|control|involvement) (?:over|in|on) (?:the |our |its )?"
        r"editorial\b|[^\n.]{0,60}\b(?:retains?|maintains?|has) (?:full |complete |sole )?"
        r"editorial (?:control|independence|responsibility)|[^\n.]{0,60}\bis editorially independent\b", IC), 40),
    Rule("sign-off", re.compile(
        r"thanks? (?:you )?(?:so much )?for (?:reading|visiting|supporting|your support|being (?:a|an|one of)|choosing"
        r"|trusting|your (?:continued )?(?:support|readership|interest))\b", IC), 40),
    Rule("cookie notice", re.compile(
        r"[^\n]{0,100}\b(?:(?:we|this (?:site|website)) uses? cookies\b[^\n]{0,40}\b(?:to|on (?:this|our)|experience|browsing)\b"
        r"|by continuing to (?:use|browse) (?:this|our|the) (?:site|website)|accept (?:all )?cookies"
        r"|cookie (?:policy|settings|preferences))\b", IC), 60),
    Rule("author contact", CONTACT, 40),
    Rule("comment prompt", re.compile(
        r"(?:we (?:welcome|value|encourage|invite) (?:your |readers['’] )?(?:comments|feedback|letters|thoughts)\b"
        r"|please keep (?:them|comments|it|your comments|the conversation|the discussion) (?:civil|respectful|on[- ]topic)\b"
        r"|(?:what do you think|what are your thoughts)\?\s*(?:leave|let us know|tell us|share)\b)", IC), 30),
    Rule("social media promotion", SOCIAL, 30),
    Rule("promotion", re.compile(
        r"(?=[^\n]*\b(?:our|follow|here|below|latest|updates)\b)[^\n]{0,100}\blive[ -]?blog\b", IC), 30),
    Rule("promotion", PROMO_SENTENCE, 16),
    Rule("promotion", re.compile(
        r"read (?:the|our) (?:full|complete|entire|original) (?:report|story|article|statement|study|interview|text|ruling"
        r"|decision|letter|transcript|review)\s*(?:\((?:pdf|link)\)|at \S+\.\w+|on (?:our|the) \w+|online)\s*[.!]?$", IC), 16),
    Rule("promotion", re.compile(r"don'?t miss (?:out on )?(?:the |our )?(?:latest |top |breaking )?(?:headlines|news|stories"
                                 r"|updates)\b", IC), 20, inside=False),
    Rule("promotion", re.compile(r"for more (?:news|stories|updates|coverage)\b[^\n]{0,40}\b(?:visit|go to|follow|download)\b", IC),
         20, inside=False),
    Rule("promotion", re.compile(
        r"(?:please\s+)?(?:follow|join|visit|download|listen to|watch|sign up|try|check out|catch up|keep up|explore|discover"
        r"|find out more|learn more|read|see|tune in|bookmark|like|share|tell|send|email|e-mail|write to|reach out|get"
        r"|stay (?:up to date|informed|tuned|connected)|don'?t miss|never miss"
        r"|for (?:the latest|live|breaking|full|complete|continuing|ongoing) (?:news|updates|coverage|information|results)"
        r"|for more (?:news|stories|updates|coverage)\b)"
        r"\b[^.!?\n]{0,160}?\b(?:our|us)\b(?![^\n]*\bbelow\W*$)", IC), 35, inside=False),
    Rule("author bio", BIO_BY_LINE, 45),
)


def sentence_rule(text: str, start: int, end: int) -> Rule | None:
    """The rule that makes this sentence boilerplate, or None (reported speech never is)."""
    chunk = text[start:end]
    n = len(words(chunk))
    if _SPEECH.search(chunk):
        return None
    for rule in SENTENCE_RULES:
        if rule.matches(chunk, n):
            return rule
    return None


def outlet_pattern(outlet: str | None) -> re.Pattern[str] | None:
    """The outlet's name as a sentence opener ("The Iberian Times", "Sportsline's")."""
    name = re.sub(r"^the\s+", "", (outlet or "").strip(), flags=IC)
    if len(name) < 4 or not any(c.isalpha() for c in name):
        return None
    return re.compile(r"(?:the\s+)?" + re.escape(name).replace(r"\ ", r"\s+") + r"(?:['’]s?)?\b", IC)


def sentence_marks(text: str, block: Block, outlet: re.Pattern[str] | None = None
                   ) -> tuple[str | None, list[tuple[int, int, str]]]:
    """``(reason, [])`` when every sentence of the block is boilerplate, else ``(None, marked sentences)``."""
    spans = split_sentences(text, body_start(text, block), block.end)
    rules = [sentence_rule(text, s, e) for s, e in spans]
    if not any(rules):
        return None, []
    first = next(r.reason for r in rules if r)
    self_described = [outlet is not None and outlet.match(text, s, e) is not None for s, e in spans]
    if all(r or own for r, own in zip(rules, self_described, strict=True)):
        return first, []
    return None, [(s, e, r.reason) for (s, e), r in zip(spans, rules, strict=True) if r and r.inside]


def boilerplate_sentences(text: str, blocks: list[Block], outlet: str | None = None) -> list[tuple[int, int, str]]:
    """``(start, end, reason)`` of the boilerplate sentences inside article blocks."""
    pattern = outlet_pattern(outlet)
    out: list[tuple[int, int, str]] = []
    for b in blocks:
        if b.boilerplate or b.duplicate_of is not None or b.kind == "title":
            continue
        out += sentence_marks(text, b, pattern)[1]
    return out
