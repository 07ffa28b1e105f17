"""One sentence that breaks an extractor costs that sentence, not the document."""

from __future__ import annotations

import pytest

from claimledger import pipeline
from claimledger.models import Document

TEXT = ("Storm batters coast\n"
        "At least 40 people were killed on Monday, officials said.\n"
        "The storm destroyed about 1,200 homes, the agency said.\n")


def test_a_failing_sentence_is_skipped_with_a_warning(monkeypatch: pytest.MonkeyPatch) -> None:
    real = pipeline.find_quantities

    def flaky(text: str, offset: int = 0):  # type: ignore[no-untyped-def]
        if "1,200" in text:
            raise ValueError("boom")
        return real(text, offset)

    monkeypatch.setattr(pipeline, "find_quantities", flaky)
    monkeypatch.setattr(pipeline, "STRICT", False)
    result = pipeline.analyse(Document(id="s.txt", text=TEXT, published="2024-11-05"))
    assert [c.text for c in result.claims] == ["At least 40"]
    assert len(result.warnings) == 1 and "ValueError: boom" in result.warnings[0]
    assert "s.txt" in result.warnings[0]


def test_strict_mode_raises(monkeypatch: pytest.MonkeyPatch) -> None:
    def broken(text: str, offset: int = 0):  # type: ignore[no-untyped-def]
        raise ValueError("boom")

    monkeypatch.setattr(pipeline, "find_quantities", broken)
    monkeypatch.setattr(pipeline, "STRICT", True)
    with pytest.raises(ValueError):
        pipeline.analyse(Document(id="s.txt", text=TEXT, published="2024-11-05"))


def test_a_pitch_sentence_inside_a_paragraph_is_not_extracted() -> None:
    text = ("Storm batters coast\n"
            "At least 40 people were killed on Monday, officials said. Subscribe for $1 a week to read "
            "all of our storm coverage.\n")
    result = pipeline.analyse(Document(id="p.txt", text=text, published="2024-11-05"))
    boiler = [f for f in result.findings if f.kind == "boilerplate"]
    assert boiler, "the pitch sentence is reported"
    assert [c.text for c in result.claims] == ["At least 40"]
