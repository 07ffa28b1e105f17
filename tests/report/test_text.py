"""Cutting a document into paragraphs, sentences and highlighted segments."""

from __future__ import annotations

from claimledger.report.records import BlockRow, SentenceRow
from claimledger.report.text import Mark, make_passage, paragraphs, segments

TEXT = "Title here\nAt least 200 died, officials said. Nobody else spoke.\nAbout the author."


def test_segments_cut_at_every_overlapping_boundary() -> None:
    claim = Mark(11, 23, "claim", "min", "at least 200", "c1")
    finding = Mark(11, 46, "finding", "conflict", "conflict", "f1")
    segs = segments(TEXT, 11, 46, [claim, finding])
    assert "".join(s.text for s in segs) == TEXT[11:46]
    assert [len(s.marks) for s in segs] == [2, 1]
    assert segs[0].starts == (claim, finding)
    assert "hl-claim" in segs[0].classes and "hl-f-conflict" in segs[0].classes


def test_paragraphs_keep_every_character_and_anchor_sentences() -> None:
    blocks = [BlockRow(0, 0, 10, "title", None, None), BlockRow(1, 11, 64, "paragraph", None, None),
              BlockRow(2, 65, len(TEXT), "paragraph", "author bio", None)]
    sents = [SentenceRow(0, 0, 10, 0), SentenceRow(1, 11, 45, 1), SentenceRow(2, 46, 64, 1)]
    paras = paragraphs(TEXT, blocks, sents, [Mark(11, 23, "claim", "min", "x", "c1")])
    rebuilt = "\n".join("".join(s.text for p in para.pieces for s in p.segments) for para in paras)
    assert rebuilt == TEXT
    assert [p.sentence for p in paras[1].pieces if p.sentence is not None] == [1, 2]
    assert paras[2].boilerplate == "author bio"


def test_a_finding_covering_a_whole_sentence_marks_the_sentence_not_its_words() -> None:
    sents = [SentenceRow(0, 11, 45, 0)]
    paras = paragraphs(TEXT, [BlockRow(0, 11, 45, "paragraph", None, None)], sents,
                       [Mark(11, 45, "finding", "duplicate", "dup", "f2")])
    piece = paras[0].pieces[0]
    assert piece.whole == ("duplicate",)
    assert all(not s.marks for s in piece.segments)


def test_without_blocks_lines_are_paragraphs_and_display_is_capped() -> None:
    paras = paragraphs(TEXT, [], [], [], limit=20)
    assert len(paras) == 2
    assert "".join(s.text for p in paras[1].pieces for s in p.segments) == TEXT[11:20]


def test_passage_quotes_the_sentence_around_the_span() -> None:
    p = make_passage("a", 1, TEXT, 0, SentenceRow(1, 11, 45, 1), 11, 23)
    assert (p.before, p.hit, p.after) == ("", "At least 200", " died, officials said.")
