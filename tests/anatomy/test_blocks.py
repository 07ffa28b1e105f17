"""Blocks: spans, kinds, joined stray line breaks, FAQ and list detection."""

from __future__ import annotations

from claimledger.anatomy import segment
from claimledger.models import Document

FAQ_DOC = """Why the bridge closed
The county closed the Elm Street bridge on Monday after engineers found cracks in two of its supports, officials said.
What happens next
- Repairs will take at least six weeks.
• Buses will be rerouted via Oak Avenue.
1. Residents can apply for parking permits.
FAQs
When will the bridge reopen?
Officials expect it to reopen in early April, weather permitting.
How much will repairs cost?
The county estimates about $2.4 million.
Q: Who pays for it?
A: The state covers 80% of the cost.
"""


def kinds(doc: Document) -> list[tuple[str, str]]:
    blocks, _ = segment(doc)
    return [(b.kind, doc.text[b.start:b.end]) for b in blocks]


def test_kinds() -> None:
    doc = Document(id="faq.txt", text=FAQ_DOC, title="Why the bridge closed")
    got = kinds(doc)
    assert [k for k, _ in got] == [
        "title", "lede", "heading", "list_item", "list_item", "list_item", "heading",
        "faq_question", "faq_answer", "faq_question", "faq_answer", "faq_question", "faq_answer",
    ]


def test_sentences_skip_list_marks_and_faq_prefixes() -> None:
    doc = Document(id="faq.txt", text=FAQ_DOC, title="Why the bridge closed")
    _, sentences = segment(doc)
    texts = [doc.text[s.start:s.end] for s in sentences]
    assert "Repairs will take at least six weeks." in texts
    assert "Residents can apply for parking permits." in texts
    assert "The state covers 80% of the cost." in texts
    assert "Who pays for it?" in texts


def test_stray_line_break_joins_the_paragraph() -> None:
    text = ("Headline here\nIt’s a story that has repeated itself many times. But his tactical inept\n"
            "itude ensures the forces always manage to hold. As of now the push has stopped.\nNext paragraph.\n")
    doc = Document(id="x.txt", text=text, title="Headline here")
    blocks, sentences = segment(doc)
    assert len(blocks) == 3
    joined = [s for s in sentences if "inept" in text[s.start:s.end]]
    assert len(joined) == 1 and text[joined[0].start:joined[0].end].endswith("manage to hold.")


def test_hard_wrapped_paragraphs_are_one_block_each() -> None:
    para = ("The storm brought down power lines across the northern districts and left\n"
            "thousands of homes without electricity for most of the weekend, the utility\n"
            "company said in a statement released late on Sunday evening to reporters.\n")
    text = "Storm cuts power\n\n" + para + "\n" + para.replace("storm", "wind") + "\n" + para
    doc = Document(id="w.txt", text=text, title="Storm cuts power")
    blocks, sentences = segment(doc)
    assert len(blocks) == 4
    assert all(text[s.start:s.end].count("said") <= 1 for s in sentences)


def test_block_and_sentence_invariants() -> None:
    text = "  Title line \n\n  Para one. Para two!  \n- item one\n\n\nLast para?\n"
    doc = Document(id="x.txt", text=text)
    blocks, sentences = segment(doc)
    for b in blocks:
        assert text[b.start:b.end] == text[b.start:b.end].strip()
    for s in sentences:
        b = blocks[s.block]
        assert b.start <= s.start < s.end <= b.end
        assert text[s.start:s.end] == text[s.start:s.end].strip()
    assert [s.index for s in sentences] == list(range(len(sentences)))
