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


def duplicates_of(text: str) -> list[tuple[str, str]]:
    doc = Document(id="x.txt", text=text, title=text.split("\n")[0])
    return [(doc.text[f.spans[0][0]:f.spans[0][1]], doc.text[f.spans[1][0]:f.spans[1][1]])
            for f in findings_of(doc) if f.kind == "duplicate"]


def test_lede_repeated_without_its_dateline_is_one_finding() -> None:
    lede = "The death toll from the earthquake in southern Peru rose to 112 on Wednesday, officials said."
    text = (f"Quake toll rises\nLIMA (Reuters) — {lede} Rescue teams reached the highlands.\n"
            "The government declared an emergency in 14 districts and sent 2,000 soldiers to the region.\n"
            f"{lede}\n")
    ((repeat, original),) = duplicates_of(text)
    assert repeat == lede and original.startswith("LIMA (Reuters) — The death toll")


def test_reordered_sentence_and_summary_bullet_repeat_the_body() -> None:
    text = ("Strike\nThe union said more than 40,000 workers walked off the job on Monday in the largest strike "
            "in a decade. Talks broke down on Friday.\nThe company said it had offered a 4% raise.\n"
            "More than 40,000 workers walked off the job on Monday in the largest strike in a decade, the union said.\n"
            "Key points:\n- The union said more than 40,000 workers walked off the job on Monday.\n")
    got = duplicates_of(text)
    assert [r for r, _o in got] == [
        "More than 40,000 workers walked off the job on Monday in the largest strike in a decade, the union said.",
        "The union said more than 40,000 workers walked off the job on Monday.",
    ]
    assert all(o.startswith("The union said more than 40,000") for _r, o in got)


def test_a_repeat_with_a_changed_figure_is_an_update_not_a_duplicate() -> None:
    text = ("Toll rises\nThe death toll from the earthquake in southern Peru rose to 112 on Wednesday, officials said.\n"
            "Rescue teams reached remote villages in the upper Colca valley.\n"
            "The death toll from the earthquake in southern Peru rose to 115 on Wednesday, officials said.\n")
    assert duplicates_of(text) == []
    blocks, _ = segment(Document(id="x.txt", text=text))
    assert all(b.duplicate_of is None for b in blocks)


def test_pull_quote_with_its_attribution() -> None:
    text = ("Rescue work continues\nThe regional governor said teams had reached 12 of the 19 flooded villages.\n"
            "“We are doing everything we can to reach the last villages,” said Maria Santos, who heads the agency.\n"
            "“We are doing everything we can to reach the last villages” — Maria Santos\n"
            "The dam, built in 1974, had been due for an inspection in March, according to the water ministry.\n")
    ((repeat, original),) = duplicates_of(text)
    assert repeat.endswith("— Maria Santos") and original.startswith("“We are doing everything")


def test_hyphenated_split_word_entities_and_replacement_characters(nlp: Language) -> None:
    text = ("Jobs\nThe state labour department will hold a job fair for affected work-\ners on Feb. 20 at the college campus, officials "
            "said. The well-\nknown venue seats 400.\nTom &amp; Jerry said the fee was \ufffd5 this year.\n")
    doc = Document(id="x.txt", text=text)
    blocks, _ = segment(doc)
    assert len(blocks) == 3  # the hyphenated break does not cut the paragraph
    broken = {f.why.split(" ")[1]: [doc.text[s:e] for s, e in f.spans] for f in findings_of(doc) if f.kind == "broken_text"}
    assert broken == {"word": ["work-\ners"], "codes": ["&amp;"], "such": ["\ufffd"]}
