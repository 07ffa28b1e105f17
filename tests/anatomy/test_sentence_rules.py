"""Boilerplate sentences: a pitch inside an article paragraph, and blocks made only of them."""

from __future__ import annotations

from claimledger.anatomy import anatomy_findings, segment
from claimledger.models import Document, Finding

STORY = [
    "Officials said at least 45 people were killed when the dam gave way on Sunday night, and about 300 more were missing.",
    "The regional governor told reporters that rescue teams had reached 12 of the 19 flooded villages by Monday.",
    "“We are doing everything we can,” said Maria Santos, who heads the civil defence agency.",
    "The dam, built in 1974, had been due for an inspection in March, according to the water ministry.",
]


def analyse(lines: list[str], **meta: str) -> tuple[Document, dict[str, str | None], list[Finding]]:
    text = "\n".join(lines) + "\n"
    doc = Document(id="x.txt", text=text, **meta)
    blocks, sentences = segment(doc)
    marks = {text[b.start:b.end]: b.boilerplate for b in blocks}
    return doc, marks, [f for f in anatomy_findings(doc, blocks, sentences) if f.kind == "boilerplate"]


def spans_text(doc: Document, findings: list[Finding]) -> list[str]:
    return [doc.text[s:e] for f in findings for s, e in f.spans]


def test_pitch_after_a_story_sentence_is_a_sentence_finding_and_the_block_stays() -> None:
    para = "The dam will be rebuilt by 2027, the ministry said. Follow us on Facebook for updates from the valley."
    doc, marks, found = analyse([*STORY, para])
    assert marks[para] is None  # the first sentence is the story: extraction still reads the block
    assert spans_text(doc, found) == ["Follow us on Facebook for updates from the valley."]
    assert found[0].why.startswith("This sentence inside an article paragraph is")


def test_block_of_pitches_is_marked_whole() -> None:
    para = "The Valley Courier is supported by readers. Subscribe for $1 a week to get unlimited access."
    _doc, marks, _found = analyse([*STORY, para])
    assert marks[para] == "donation pitch"


def test_outlet_describing_itself_beside_a_pitch_is_boilerplate() -> None:
    para = "The Harbour Ledger covers the northern coast. Support our reporting by becoming a member."
    _doc, marks, _ = analyse([*STORY, para], outlet="Harbour Ledger")
    assert marks[para] == "donation pitch"
    _doc, marks, found = analyse([*STORY, para])  # without the outlet's name only the pitch is known
    assert marks[para] is None
    assert len(found) == 1


def test_outlet_named_without_a_pitch_is_article_text() -> None:
    para = "The Harbour Ledger reported on Monday that 14 boats had been lost in the storm."
    _doc, marks, found = analyse([*STORY, para], outlet="Harbour Ledger")
    assert marks[para] is None and found == []


def test_cross_promotion_marks_a_block_of_its_own_but_not_a_sentence_inside_one() -> None:
    alone = "Check out our guide to the best hiking trails in the valley."
    inside = "The trail reopened on Friday after 3 weeks of repairs. Check out our guide to the best hiking trails."
    doc, marks, found = analyse([*STORY, inside, alone])
    assert marks[alone] == "promotion"
    assert marks[inside] is None
    assert spans_text(doc, found) == [alone]


def test_wire_credit_and_correction_closing_a_paragraph() -> None:
    para = "The company did not respond to a request for comment. (Reporting by Ana Lima; Editing by Tom Hogue)"
    doc, _marks, found = analyse([*STORY, para])
    assert spans_text(doc, found) == ["(Reporting by Ana Lima; Editing by Tom Hogue)"]


def test_reported_speech_is_never_a_pitch() -> None:
    lines = [*STORY, "Support our workers, union leaders told the crowd of about 2,000 people.",
             "Sign up to volunteer at the shelter, the mayor urged on Monday."]
    _doc, marks, found = analyse(lines)
    assert all(marks[line] is None for line in lines) and found == []


def test_author_bio_opening_with_the_byline_name_at_the_end() -> None:
    bio = "Ruth Adeyemi joined the Courier in 2019 after a decade at regional papers in the north."
    _doc, marks, _ = analyse([*STORY, *STORY, bio], author="Ruth Adeyemi")
    assert marks[bio] == "author bio"
    early = "Ruth Adeyemi was in the valley on Sunday when the dam failed and 45 people died."
    _doc, marks, _ = analyse([early, *STORY, *STORY], author="Ruth Adeyemi")
    assert marks[early] is None
