"""The one pure unit of work: ``analyse(document) -> DocumentResult``.

The CLI, the web UI, the process pool and the Dask workers all call this function and
nothing else; they differ only in where it runs.  Stages, in order:

1. anatomy: blocks (title, paragraphs, FAQ …), boilerplate/duplicate marks, sentences;
2. selection: only the sentences that hold a figure or a date, the sentences before them
   that report speech, and the sentence before each of these get the spaCy parse
   (:func:`select_runs`) — the parse is the expensive part and much of the prose holds
   none of these.  One ``nlp.pipe`` call parses the selected runs of sentences of a batch
   of documents together with the sentences that open with a wire dateline, parsed again
   without it (which attribution needs); a text's parse does not depend on its batch, so
   batching changes nothing but speed;
3. extraction, sentence by sentence in reading order: mentions of people and bodies,
   quantities with hedge and bounds, what they count, who asserts them, dates and events,
   and each claim's ``as_of``;
4. per-document checks: boilerplate, duplicates, broken text, unattributed figures,
   self-contradictions and disagreements inside the document.
"""

from __future__ import annotations

import datetime as dt
import os
from collections.abc import Iterable, Iterator, Sequence
from typing import TYPE_CHECKING

from claimledger import anatomy
from claimledger.checks.document import document_findings
from claimledger.extract.attribution import attribute, dateline_end
from claimledger.extract.context import DocContext, SentenceView
from claimledger.extract.counted import counted_phrase
from claimledger.extract.dates import as_of_for, document_anchor, find_dates, may_hold_date
from claimledger.extract.events import extract_events
from claimledger.extract.mentions import update_mentions
from claimledger.extract.quantities import find_quantities, may_hold_quantity
from claimledger.models import Block, Claim, Document, DocumentResult, Event, Sentence
from claimledger.nlp import one_blas_thread

if TYPE_CHECKING:
    from spacy.language import Language
    from spacy.tokens import Doc

ANALYSER_VERSION = "claimledger-0.1.0/1"
# Tests set CLAIMLEDGER_STRICT=1 so an extractor bug fails loudly instead of skipping a sentence.
STRICT = os.environ.get("CLAIMLEDGER_STRICT") == "1"

_ATTRIBUTION_CUES = (
    " said", " says", "according to", " told", " reported", " estimated", " believes", " believed",
    " confirmed", " claimed", " stated", " announced", " added", " noted", " wrote",
)


def _published(document: Document) -> dt.date | None:
    if not document.published:
        return None
    try:
        return dt.date.fromisoformat(document.published[:10])
    except ValueError:
        return None


def _anchor(document: Document) -> dt.date | None:
    """What relative dates are read against: the publication date, else the story's own
    latest full date (its narrative present)."""
    return _published(document) or document_anchor(document.text)


def _extracted(block: Block) -> bool:
    return not block.boilerplate and block.duplicate_of is None


def _holds_item(text: str, anchor: dt.date | None) -> bool:
    """Does this sentence hold a figure or a date?  The parse-free finders answer exactly:
    a sentence in which they find neither yields no claim and no event whatever its parse."""
    try:
        return bool(find_quantities(text)) or bool(find_dates(text, 0, anchor))
    except Exception:  # parsed, so that extraction meets the error where it reports it per sentence
        if STRICT:
            raise
        return True


def _names_a_speaker(text: str) -> bool:
    low = text.lower()
    return any(cue in low for cue in _ATTRIBUTION_CUES)


Run = tuple[int, int, int, int]  # first and last sentence positions, document start and end


def select_runs(document: Document, blocks: Sequence[Block], sentences: Sequence[Sentence],
                anchor: dt.date | None = None) -> list[Run]:
    """The runs of sentences to parse, as (first, last) positions in ``sentences`` with the
    document range they span.

    Parsed are the sentences of article blocks that hold a figure or a date (the only ones
    that yield claims and events), the sentences before the last of those that report
    speech ("..., the ministry said"), since later claims are credited to who they name,
    and the sentence before each of these, for "he", "the spokesperson" and a quotation's
    speaker ("Pentagon spokesperson Vedant Patel offered details." before a quote).  A run
    is a stretch of consecutive chosen sentences of one block, parsed as one text so that a
    sentence keeps its neighbours' context; the rest of the prose is never parsed.  On the
    gold sets this gives the claims, events and findings of parsing every paragraph but for
    one counted phrase (``benchmarks/same_output.py``), parsing 58% of the text of real
    news pages instead of 90%.
    """
    text = document.text
    items = [pos for pos, s in enumerate(sentences)
             if _extracted(blocks[s.block]) and _holds_item(text[s.start:s.end], anchor)]
    if not items:
        return []
    items += [pos for pos, s in enumerate(sentences[:items[-1]])
              if _extracted(blocks[s.block]) and _names_a_speaker(text[s.start:s.end])]
    wanted = set(items)
    wanted.update(pos - 1 for pos in items if pos > 0 and not blocks[sentences[pos - 1].block].boilerplate)
    runs: list[Run] = []
    for pos in sorted(wanted):
        s = sentences[pos]
        if runs and runs[-1][1] == pos - 1 and sentences[pos - 1].block == s.block:
            runs[-1] = (runs[-1][0], pos, runs[-1][2], s.end)
        else:
            runs.append((pos, pos, s.start, s.end))
    return runs


def analyse(document: Document, *, nlp: Language | None = None) -> DocumentResult:
    """Analyse one document (pure: no I/O, no shared state beyond the loaded model)."""
    return next(iter(analyse_many([document], nlp=nlp)))


def analyse_many(documents: Iterable[Document], *, nlp: Language | None = None,
                 batch_size: int = 64) -> Iterator[DocumentResult]:
    """Analyse documents in order, batching the spaCy parse across them (``nlp.pipe``)."""
    if nlp is None:
        from claimledger.nlp import get_nlp

        nlp = get_nlp()
    batch: list[Document] = []
    for doc in documents:
        batch.append(doc)
        if len(batch) >= 8:
            yield from _analyse_batch(batch, nlp, batch_size)
            batch = []
    if batch:
        yield from _analyse_batch(batch, nlp, batch_size)


Parse = tuple["Doc", int]  # a run's parse and the document offset of its first character


def _analyse_batch(documents: list[Document], nlp: Language, batch_size: int) -> Iterator[DocumentResult]:
    segmented = [anatomy.segment(d) for d in documents]
    # One nlp.pipe over the batch: the selected runs of sentences, and the sentences that
    # open with a wire dateline parsed again without it (attribution.without_dateline) --
    # the parse of a text does not depend on what it is batched with.
    keys: list[tuple[int, str, Run]] = []
    texts: list[str] = []
    anchors = [_anchor(d) if is_english(d) else None for d in documents]
    for di, (d, (blocks, sentences)) in enumerate(zip(documents, segmented, strict=True)):
        if not is_english(d):
            continue
        runs = select_runs(d, blocks, sentences, anchors[di])
        for run in runs:
            keys.append((di, "run", run))
            texts.append(d.text[run[2]:run[3]])
        parsed = {pos for first, last, _, _ in runs for pos in range(first, last + 1)}
        for s, rest in _undated_sentences(d, blocks, sentences, parsed):
            keys.append((di, "undated", (s, s, 0, 0)))
            texts.append(rest)
    runs_of: list[dict[int, Parse]] = [{} for _ in documents]
    undated: list[dict[int, Doc]] = [{} for _ in documents]
    with one_blas_thread():
        parsed_texts = list(nlp.pipe(texts, batch_size=batch_size))
    for (di, kind, (first, last, start, _)), sdoc in zip(keys, parsed_texts, strict=True):
        if kind == "undated":
            undated[di][first] = sdoc
            continue
        for pos in range(first, last + 1):
            runs_of[di][pos] = (sdoc, start)
    for di, d in enumerate(documents):
        blocks, sentences = segmented[di]
        yield _extract(d, blocks, sentences, runs_of[di], undated[di], anchor=anchors[di])


def _undated_sentences(document: Document, blocks: Sequence[Block], sentences: Sequence[Sentence],
                       parsed: set[int]) -> Iterator[tuple[int, str]]:
    """(sentence index, text after the dateline) of the extracted sentences that open with a
    wire dateline and may hold a figure or a date (the only ones re-parsed without it)."""
    for pos, s in enumerate(sentences):
        if pos not in parsed or not _extracted(blocks[s.block]):
            continue
        text = document.text[s.start:s.end]
        cut = dateline_end(text)
        if cut and (may_hold_quantity(text) or may_hold_date(text)):
            yield s.index, text[cut:]


def is_english(document: Document) -> bool:
    return document.language in (None, "", "en")


def _extract(document: Document, blocks: Sequence[Block], sentences: Sequence[Sentence],
             parses: dict[int, Parse], undated: dict[int, Doc] | None = None, *,
             anchor: dt.date | None = None) -> DocumentResult:
    if not is_english(document):
        # Rules and model are English-only: store the text and its anatomy, extract nothing.
        return DocumentResult(
            document=document, blocks=tuple(blocks), sentences=tuple(sentences),
            findings=tuple(anatomy.anatomy_findings(document, blocks, sentences)),
            warnings=(f"{document.origin or document.id} reads as {document.language}: stored without "
                      "extraction (claimledger extracts figures from English text only).",),
        )
    published = _published(document)
    # Relative dates ("on Tuesday", "November 13") need an anchor (see _anchor); as_of
    # falls back only to the real publication date.
    anchor = anchor or _anchor(document)
    ctx = DocContext(doc_id=document.id, published=anchor)
    claims: list[Claim] = []
    events: list[Event] = []
    text = document.text
    warnings: list[str] = []
    findings = anatomy.anatomy_findings(document, blocks, sentences)
    # sentence-level boilerplate inside an article paragraph (a pitch, a credit): reported,
    # and not extracted
    cut = [span for f in findings if f.kind == "boilerplate" for span in f.spans]
    for pos, s in enumerate(sentences):
        if any(a <= s.start and s.end <= b for a, b in cut):
            continue
        block = blocks[s.block]
        parse = parses.get(pos)
        if parse is None:
            continue
        view = SentenceView(index=s.index, start=s.start, end=s.end, text=text[s.start:s.end],
                            block=s.block, doc=parse[0], offset=parse[1], undated=(undated or {}).get(s.index),
                            block_text=text[block.start:block.end], block_start=block.start)
        try:
            update_mentions(view, ctx)
            if not _extracted(block):
                continue
            found, dated = _sentence_items(document, view, ctx, published, anchor)
        except Exception as exc:  # one odd sentence must not cost the whole document
            if STRICT:
                raise
            warnings.append(f"{document.origin or document.id}: sentence {s.index} skipped after an internal "
                            f"error ({type(exc).__name__}: {exc}); please report it with the file.")
            continue
        claims.extend(found)
        events.extend(dated)
    findings += document_findings(document, blocks, sentences, claims, events)
    return DocumentResult(document=document, blocks=tuple(blocks), sentences=tuple(sentences),
                          claims=tuple(claims), events=tuple(events), findings=tuple(findings),
                          warnings=tuple(warnings))


def _sentence_items(document: Document, view: SentenceView, ctx: DocContext, published: dt.date | None,
                    anchor: dt.date | None) -> tuple[list[Claim], list[Event]]:
    """The claims and events of one parsed sentence, in reading order."""
    text = document.text
    dates = find_dates(view.text, view.start, anchor)
    claims = []
    for q in find_quantities(view.text, view.start):
        source = attribute(view, q.start, q.end, ctx)
        as_of, basis = as_of_for(view, dates, published, near=(q.start, q.end), anchor=anchor)
        claims.append(Claim(
            doc=document.id, start=q.start, end=q.end, low=q.low, high=q.high, hedge=q.hedge,
            counted=counted_phrase(view, q), source=source, as_of=as_of, as_of_basis=basis,
            sentence=view.index, unit=q.unit, relation=q.relation, text=text[q.start:q.end],
        ))
    return claims, extract_events(view, dates, ctx)
