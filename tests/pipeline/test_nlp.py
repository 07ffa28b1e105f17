"""The table attribute ruler and lemmatizer, and numpy's BLAS for the matrix products, must
leave the parse exactly as spaCy's own.

``claimledger.nlp.get_nlp`` swaps the model's ``attribute_ruler`` (a Matcher over every
token) for :class:`~claimledger.nlp.TableRuler` and puts :class:`~claimledger.nlp.TableLemmatizer`
in front of its lemmatizer, for speed; every token attribute of every parse — tag, POS,
morphology, lemma, dependency, entities — must be the stock model's.
"""

from __future__ import annotations

from pathlib import Path
from typing import TYPE_CHECKING

import numpy as np
import pytest

from claimledger.nlp import TableLemmatizer, TableRuler, load_stock, use_table_lemmatizer, use_table_ruler

if TYPE_CHECKING:
    from spacy.language import Language

REPO = Path(__file__).resolve().parents[2]
# Sentences that hit the ruler's rarer rules: two-token rules ("gonna", "y'all", "let's",
# "there is"), the dependency-dependent ones ("it" as subject and object, "do" as a main
# verb, "that" as a pronoun), and whitespace tokens.
RARE = [
    "Y'all gonna see it, ain't it? Let's go, c'mon!  There is a cat and there were two dogs.",
    "I gotta go. You did it for me and I gave it to you; that is what it is.\n\n  Do you have it?",
    "He got 5,000 votes, but she gets more; they ain't done and we're gonna win.",
]


def _texts() -> list[str]:
    paths = sorted((REPO / "samples" / "kursk-2024").glob("*.txt")) + sorted((REPO / "gold" / "dev" / "texts").glob("*.txt"))[:8]
    texts = [p.read_text(encoding="utf-8") for p in paths]
    paragraphs = [p for t in texts for p in t.split("\n") if p.strip()]
    return RARE + texts + paragraphs


@pytest.fixture(scope="module")
def stock() -> Language:
    return load_stock()


def _arrays(nlp: Language, texts: list[str]) -> list[np.ndarray]:
    from spacy.attrs import DEP, ENT_IOB, ENT_TYPE, HEAD, LEMMA, MORPH, POS, SENT_START, TAG

    return [d.to_array([TAG, POS, MORPH, LEMMA, DEP, HEAD, ENT_IOB, ENT_TYPE, SENT_START])
            for d in nlp.pipe(texts)]


def test_get_nlp_uses_the_tables(nlp: Language, stock: Language) -> None:
    assert isinstance(nlp.get_pipe("attribute_ruler"), TableRuler)
    assert isinstance(nlp.get_pipe("lemmatizer"), TableLemmatizer)
    assert nlp.pipe_names == stock.pipe_names  # same components, same order
    assert not isinstance(stock.get_pipe("attribute_ruler"), TableRuler)


def test_parse_is_identical_to_the_stock_model(nlp: Language, stock: Language) -> None:
    texts = _texts()
    ours, theirs = _arrays(nlp, texts), _arrays(stock, texts)
    differing = [t[:80] for t, a, b in zip(texts, ours, theirs, strict=True) if not np.array_equal(a, b)]
    assert differing == []


def test_the_rare_rules_fire(nlp: Language) -> None:
    doc = nlp(RARE[0])
    lemmas = {t.text: t.lemma_ for t in doc}
    assert lemmas["gon"] == "go" and lemmas["na"] == "to"  # two-token rules, index 0 and 1
    assert lemmas["Let"] == "let" and [t.lemma_ for t in doc if t.lower_ == "'s"] == ["us"]
    assert all(t.pos_ == "SPACE" and t.tag_ == "_SP" for t in doc if t.is_space)


def test_a_model_with_rules_the_table_cannot_read_keeps_its_ruler() -> None:
    import spacy

    nlp = spacy.blank("en")
    ruler = nlp.add_pipe("attribute_ruler")
    ruler.add([[{"LOWER": "new"}, {"IS_TITLE": True, "OP": "+"}]], {"POS": "PROPN"})
    assert use_table_ruler(nlp) is False
    assert not isinstance(nlp.get_pipe("attribute_ruler"), TableRuler)
    simple = spacy.blank("en")
    simple.add_pipe("attribute_ruler").add([[{"LOWER": "kyiv"}]], {"POS": "PROPN"})
    assert use_table_ruler(simple) is True
    assert [t.pos_ for t in simple("Kyiv said")] == ["PROPN", ""]


def test_the_lemmatizer_answers_per_word_pos_and_morphology(nlp: Language, stock: Language) -> None:
    text = "The toll rose. Tolls are rising; he rose to say the rising tolls rose again. Rose said so."
    for _ in range(2):  # asked, then remembered
        assert [t.lemma_ for t in nlp(text)] == [t.lemma_ for t in stock(text)]
    assert [t.lemma_ for t in nlp("Tolls are rising")] == ["toll", "be", "rise"]


def test_a_lemmatizer_without_its_tables_is_kept() -> None:
    import spacy

    blank = spacy.blank("en")
    blank.add_pipe("lemmatizer", config={"mode": "rule"})  # not initialised: no rule tables
    assert use_table_lemmatizer(blank) is False
    assert not isinstance(blank.get_pipe("lemmatizer"), TableLemmatizer)


def test_the_lemmatizer_tables_are_still_readable(nlp: Language, stock: Language) -> None:
    """anatomy.broken builds its word list from the lemmatizer's lookups."""
    from claimledger.anatomy.broken import known_words

    ours, theirs = nlp.get_pipe("lemmatizer"), stock.get_pipe("lemmatizer")
    assert ours.lookups.tables == theirs.lookups.tables and ours.mode == theirs.mode  # type: ignore[attr-defined]
    assert "ineptitude" in known_words()


def test_the_matrix_products_run_on_numpys_blas(nlp: Language, stock: Language) -> None:
    from thinc.api import NumpyOps

    ours = {type(n.ops).__name__ + str(getattr(n.ops, "use_blis", None)) for _, c in nlp.pipeline
            if hasattr(getattr(c, "model", None), "walk") for n in c.model.walk()}
    assert ours == {"NumpyOpsFalse"}
    assert all(isinstance(n.ops, NumpyOps) and n.ops.use_blis for n in stock.get_pipe("ner").model.walk())


def test_blis_can_be_kept(monkeypatch: pytest.MonkeyPatch) -> None:
    from claimledger.nlp import use_numpy_matmul

    model = load_stock()
    monkeypatch.setenv("CLAIMLEDGER_SPACY_BLIS", "1")
    use_numpy_matmul(model)
    assert all(n.ops.use_blis for n in model.get_pipe("tok2vec").model.walk())  # type: ignore[attr-defined]
    monkeypatch.delenv("CLAIMLEDGER_SPACY_BLIS")
    use_numpy_matmul(model)
    assert not any(n.ops.use_blis for n in model.get_pipe("tok2vec").model.walk())  # type: ignore[attr-defined]
