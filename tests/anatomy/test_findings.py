"""Anatomy findings: duplicates, broken text, boilerplate runs, on the sample story and made-up text."""

from __future__ import annotations

from pathlib import Path
from typing import TYPE_CHECKING

from claimledger.anatomy import anatomy_findings, segment
from claimledger.ingest import iter_documents
from claimledger.models import Document, Finding

if TYPE_CHECKING:
    from spacy.language import Language

SAMPLE = Path(__file__).resolve().parents[2] / "samples" / "kursk-2024"


def findings_of(doc: Document) -> list[Finding]:
    blocks, sentences = segment(doc)
    return anatomy_findings(doc, blocks, sentences)


def covers(doc: Document, f: Finding, needle: str) -> bool:
    at = doc.text.find(needle)
    assert at >= 0, needle
    return any(s < at + len(needle) and at < e for s, e in f.spans)


def sample_docs() -> dict[str, Document]:
    return {d.id: d for d in iter_documents([SAMPLE]) if isinstance(d, Document)}


def test_sample_story_findings(nlp: Language) -> None:
    docs = sample_docs()
    a, b = docs["000_e78bd6e66f000d9c.txt"], docs["003_8f807a654cf24479.txt"]
    fa, fb = findings_of(a), findings_of(b)
    boiler_a = [f for f in fa if f.kind == "boilerplate"]
    assert any(covers(a, f, "About the Author:") for f in boiler_a)
    assert any(covers(a, f, "Image Credit: Creative Commons and/or Shutterstock.") for f in boiler_a)
    assert not any(covers(a, f, "Meanwhile, the Russian forces continue") for f in boiler_a)
    (dup,) = [f for f in fa if f.kind == "duplicate"]
    assert covers(a, dup, "What You Need to Know:")
    assert a.text[dup.spans[1][0]:dup.spans[1][1]].startswith("Ukrainian forces have encountered")
    assert any(f.kind == "boilerplate" and covers(b, f, "Post Comment") for f in fb)
    (broken,) = [f for f in fb if f.kind == "broken_text"]
    assert b.text[broken.spans[0][0]:broken.spans[0][1]] == "inept\nitude"
    assert "ineptitude" in broken.why
    assert not any(f.kind == "boilerplate" and covers(b, f, "FAQs") for f in fb)


def test_keys_are_stable_and_unique() -> None:
    doc = sample_docs()["000_e78bd6e66f000d9c.txt"]
    first, second = findings_of(doc), findings_of(doc)
    assert [f.key for f in first] == [f.key for f in second]
    assert len({f.key for f in first}) == len(first)
    assert all(f.why.endswith(".") and f.why[0].isupper() for f in first)


def test_repeated_sentence_and_pull_quote() -> None:
    text = ("Star Trek sequel finds its director\n"
            "Noah Hawley will write and direct the next Star Trek movie, the studio said on Tuesday. "
            "The fourth Star Trek movie will be Hawley’s second film as a director.\n"
            "This will be Hawley’s second film\n"
            "Production is expected to start next year in Vancouver, according to people close to the project.\n"
            "Fans reacted with excitement online. Noah Hawley will write and direct the next Star Trek movie, "
            "the studio said on Tuesday.\n")
    doc = Document(id="x.txt", text=text, title="Star Trek sequel finds its director")
    dups = [f for f in findings_of(doc) if f.kind == "duplicate"]
    quoted = [f for f in dups if "pull quote" in f.why]
    assert len(quoted) == 1 and covers(doc, quoted[0], "This will be Hawley’s second film")
    repeated = [f for f in dups if "appears twice" in f.why]
    assert len(repeated) == 1 and repeated[0].spans[0][0] > repeated[0].spans[1][0]


def test_exact_repeated_block_is_marked_duplicate() -> None:
    para = "The council voted 7 to 2 on Monday to approve the new budget of $14.5 million for the coming year."
    text = f"Budget passes\n{para}\nOther news followed later in the meeting, officials said.\n{para}\n"
    blocks, _ = segment(Document(id="x.txt", text=text, title="Budget passes"))
    assert [b.duplicate_of for b in blocks] == [None, None, None, 1]


def test_broken_words_and_mojibake(nlp: Language) -> None:
    text = ("Fire crews fought the blaze for hours. The gov\nernment said the sol\ndiers helped. "
            "It was the\nend of a long day.\nThe mayor said itâ€™s the worst fire since 1990 and thanked the cafÃ© owners.\n")
    doc = Document(id="x.txt", text=text)
    broken = [f for f in findings_of(doc) if f.kind == "broken_text"]
    split = sorted(doc.text[f.spans[0][0]:f.spans[0][1]] for f in broken if "split" in f.why)
    assert split == ["gov\nernment", "sol\ndiers"]  # "the\nend" is two words, not a split one
    (moji,) = [f for f in broken if "mojibake" in f.why]
    assert [doc.text[s:e] for s, e in moji.spans] == ["â€™", "Ã©"]


def test_date_that_lost_its_day() -> None:
    text = "The commander told reporters on Nov. that the troops would stay. On Nov. 18 they left.\n"
    doc = Document(id="x.txt", text=text)
    (f,) = [f for f in findings_of(doc) if f.kind == "broken_text"]
    assert doc.text[f.spans[0][0]:f.spans[0][1]] == "on Nov."


def test_clean_text_has_no_findings(nlp: Language) -> None:
    text = ("Quake strikes off the coast\n"
            "A magnitude 6.4 earthquake struck off the coast early on Friday, the geological survey said.\n"
            "There were no immediate reports of damage or casualties, local officials told reporters.\n")
    assert findings_of(Document(id="x.txt", text=text, title="Quake strikes off the coast")) == []
