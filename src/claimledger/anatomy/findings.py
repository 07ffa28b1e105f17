"""Findings from the anatomy stage: boilerplate runs, repeated passages, broken text.

Each finding carries a stable ``key`` built from its kind and spans, so re-analysing a
document yields the same keys and the ledger does not store a finding twice.
"""

from __future__ import annotations

from collections.abc import Sequence

from claimledger.anatomy.broken import html_entities, lost_day_numbers, mojibake_runs, split_words
from claimledger.anatomy.duplicates import Repeat, pull_quotes, repeated_sentences
from claimledger.anatomy.sentence_rules import boilerplate_sentences
from claimledger.models import Block, Document, Finding, Sentence

MAX_MOJIBAKE_SPANS = 20

WHY_BOILERPLATE = {
    "author bio": "an author biography, not part of the article",
    "image credit": "an image caption or credit, not part of the article text",
    "comment prompt": "a comment-section prompt from the page, not part of the article",
    "reader comments": "reader comments below the article, not the article itself",
    "related links": "links to other stories, not part of this article",
    "newsletter pitch": "a newsletter or subscription pitch from the site",
    "donation pitch": "a donation or membership pitch from the site",
    "promotion": "a promotion from the site, not part of the article",
    "podcast promotion": "a podcast promotion from the site",
    "advertisement": "an advertisement marker",
    "affiliate disclosure": "an affiliate-link or pricing disclosure from the site",
    "share prompt": "social sharing buttons or prompts",
    "copyright line": "a copyright notice",
    "reference": "a bibliographic reference or source note appended to the article",
    "source credit": "a credit line naming where the story came from",
    "reporting credit": "a credit line for the reporters and editors",
    "author contact": "contact details or a tip line for the author",
    "social media promotion": "a prompt to follow the outlet on social media",
    "date stamp": "a publication or update time stamp",
    "page label": "a page label (tags, categories, disclaimer) rather than article text",
    "bare link": "a bare link or markup left over from the page",
    "page furniture": "a page control or gallery label, not article text",
    "byline": "a byline naming the author",
    "repeated headline": "the page headline repeated inside the text by a page widget",
    "correction note": "a correction note from the editors (editorial metadata, not the story)",
    "editor's note": "an editor's note about the article (editorial metadata, not the story)",
    "update note": "a note that the article was or will be updated (editorial metadata, not the story)",
    "subscription pitch": "a subscription pitch from the site",
    "sponsorship note": "a note on who funds the site's coverage",
    "sign-off": "a sign-off to readers from the site",
    "media contact": "a press-release contact block (names, e-mail addresses, phone numbers)",
    "series note": "a note about the site's series or reader services, not part of the article",
    "cookie notice": "a cookie notice from the site",
    "company boilerplate": "a company's standard self-description (press-release boilerplate)",
    "legal disclaimer": "a legal disclaimer (forward-looking statements)",
}


def anatomy_findings(doc: Document, blocks: Sequence[Block], sentences: Sequence[Sentence]) -> list[Finding]:
    """Boilerplate, duplicate and broken-text findings for one segmented document."""
    findings = _boilerplate(doc, blocks)
    findings += _boilerplate_sentences(doc, blocks)
    findings += _duplicates(doc, blocks, sentences)
    findings += _broken(doc)
    return findings


def _boilerplate(doc: Document, blocks: Sequence[Block]) -> list[Finding]:
    out: list[Finding] = []
    run: list[Block] = []
    for b in [*blocks, None]:
        if b is not None and b.boilerplate and (not run or b.index == run[-1].index + 1):
            run.append(b)
            continue
        if run:
            out.append(_boilerplate_finding(doc, run))
        run = [b] if b is not None and b.boilerplate else []
    return out


def _boilerplate_finding(doc: Document, run: list[Block]) -> Finding:
    start, end = run[0].start, run[-1].end
    reasons = list(dict.fromkeys(b.boilerplate for b in run if b.boilerplate))
    if len(reasons) == 1:
        why = WHY_BOILERPLATE.get(reasons[0], f"page boilerplate ({reasons[0]})")
        why = f"This is {why}." if not why.startswith(("social", "reader", "links", "contact")) else f"These are {why}."
    else:
        why = f"These lines are page boilerplate ({', '.join(r for r in reasons if r)}), not part of the article."
    why = why[0].upper() + why[1:]
    return Finding(kind="boilerplate", doc=doc.id, spans=((start, end),), why=why,
                   key=f"boilerplate:{start}-{end}")


def _boilerplate_sentences(doc: Document, blocks: Sequence[Block]) -> list[Finding]:
    """Boilerplate sentences inside article paragraphs; adjacent ones make one finding."""
    runs: list[tuple[int, int, list[str]]] = []
    for s, e, reason in boilerplate_sentences(doc.text, list(blocks), doc.outlet):
        if runs and not doc.text[runs[-1][1]:s].strip():
            runs[-1] = (runs[-1][0], e, [*runs[-1][2], reason])
        else:
            runs.append((s, e, [reason]))
    out = []
    for s, e, reasons in runs:
        named = list(dict.fromkeys(reasons))
        what = WHY_BOILERPLATE.get(named[0], f"page boilerplate ({named[0]})") if len(named) == 1 else \
            f"page boilerplate ({', '.join(named)})"
        subject = "This sentence inside an article paragraph is" if len(reasons) == 1 else \
            "These sentences inside an article paragraph are"
        out.append(Finding(kind="boilerplate", doc=doc.id, spans=((s, e),), why=f"{subject} {what}.",
                           key=f"boilerplate:{s}-{e}"))
    return out


def _duplicates(doc: Document, blocks: Sequence[Block], sentences: Sequence[Sentence]) -> list[Finding]:
    text = doc.text
    repeats: list[Repeat] = []
    i = 0
    while i < len(blocks):  # adjacent repeated blocks whose originals are adjacent too: one passage
        b = blocks[i]
        if b.duplicate_of is None:
            i += 1
            continue
        j = i
        while (j + 1 < len(blocks) and blocks[j + 1].duplicate_of is not None
               and blocks[j + 1].duplicate_of == (blocks[j].duplicate_of or 0) + 1):
            j += 1
        first, last = blocks[b.duplicate_of], blocks[blocks[j].duplicate_of or 0]
        repeats.append(Repeat((b.start, blocks[j].end), (first.start, last.end), "block"))
        i = j + 1
    repeats += repeated_sentences(text, list(blocks), list(sentences))
    repeats += pull_quotes(text, list(blocks), list(sentences))
    out = []
    reported: set[tuple[int, int]] = set()
    for r in repeats:
        if any(r.span[0] < e and s < r.span[1] for s, e in reported):
            continue  # one finding per repeated passage (a one-sentence repeat may also read as a pull quote)
        reported.add(r.span)
        snippet = _snippet(text[r.original[0]:r.original[1]])
        if r.what == "pull quote":
            why = f"This pull quote repeats a sentence of the article (“{snippet}”)."
        elif r.what == "sentence":
            why = f"This sentence appears twice in the article (“{snippet}”)."
        else:
            why = f"This passage repeats earlier text of the article (“{snippet}”)."
        out.append(Finding(kind="duplicate", doc=doc.id, spans=(r.span, r.original), why=why,
                           key=f"duplicate:{r.span[0]}-{r.span[1]}:{r.original[0]}-{r.original[1]}"))
    return out


def _broken(doc: Document) -> list[Finding]:
    out = []
    for start, end, joined in split_words(doc.text):
        out.append(Finding(kind="broken_text", doc=doc.id, spans=((start, end),),
                           why=f"The word “{joined}” is split by a stray line break.",
                           key=f"broken_text:{start}-{end}"))
    for start, end in lost_day_numbers(doc.text):
        out.append(Finding(kind="broken_text", doc=doc.id, spans=((start, end),),
                           why=f"The date “{doc.text[start:end]}” has lost its day number.",
                           key=f"broken_text:{start}-{end}"))
    entities = html_entities(doc.text)
    if entities:
        out.append(_scattered(doc, entities, "entity", "HTML codes such as “{sample}” were left undecoded in the "
                                                       "text ({places})."))
    runs = mojibake_runs(doc.text)
    if runs:
        out.append(_scattered(doc, runs, "mojibake", "Characters such as “{sample}” are mis-decoded (mojibake): "
                                                     "the text was read with the wrong encoding in {places}."))
    return out


def _scattered(doc: Document, spans: list[tuple[int, int]], tag: str, why: str) -> Finding:
    """One finding for damage spread over many places: the first few spans, the first as the
    sample in ``why``, and how many places there are."""
    shown = tuple(spans[:MAX_MOJIBAKE_SPANS])
    places = f"{len(spans)} place{'s' if len(spans) != 1 else ''}"
    return Finding(kind="broken_text", doc=doc.id, spans=shown,
                   why=why.format(sample=doc.text[spans[0][0]:spans[0][1]], places=places),
                   key=f"broken_text:{tag}:{shown[0][0]}-{shown[-1][1]}")


def _snippet(text: str, limit: int = 70) -> str:
    text = " ".join(text.split())
    return text if len(text) <= limit else text[: limit - 1].rstrip() + "…"
