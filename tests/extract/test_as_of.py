"""as_of: dates given relative to another date of the sentence, dates of the reporter, and
dates a change is measured from."""

from __future__ import annotations

import datetime as dt

import pytest

from claimledger.extract.as_of import as_of_for
from claimledger.extract.context import SentenceView
from claimledger.extract.dates import find_dates


def _view(nlp, text: str) -> SentenceView:  # type: ignore[no-untyped-def]
    doc = nlp(text)
    return SentenceView(index=0, start=0, end=len(text), text=text, block=0, doc=doc, offset=0)


@pytest.mark.parametrize(("text", "figure", "pub", "expected"), [
    # "a day earlier" / "the next day" against the other date of the sentence
    ("The death toll rose to 29 on Wednesday, up from 21 a day earlier.", "21", dt.date(2025, 9, 4),
     ("2025-09-02", "sentence")),
    ("The death toll rose to 29 on Wednesday, up from 21 a day earlier.", "29", dt.date(2025, 9, 4),
     ("2025-09-03", "sentence")),
    ("The toll stood at 37 on Tuesday morning and rose to 112 the next day.", "112", dt.date(2025, 3, 13),
     ("2025-03-12", "sentence")),
    ("Fourth-quarter revenue rose 23% to $48.2 million, compared with $39.2 million a year earlier.", "$39.2 million",
     dt.date(2025, 3, 4), ("2023-12", "sentence")),
    # the date of the report, given on its subject
    ("The vaccine cut hospitalisations by 78% in a trial, results published in May showed.", "78%",
     dt.date(2025, 6, 10), ("2025-05", "attribution")),
    # the year a change is measured from is not the figure's
    ("Farmers harvested 1.62 billion bushels of wheat this year, down 12% from 2024.", "1.62 billion",
     dt.date(2025, 9, 30), ("2025-09-30", "published")),
    ("Farmers harvested 1.62 billion bushels of wheat this year, down 12% from 2024.", "12%",
     dt.date(2025, 9, 30), ("2025-09-30", "published")),
    ("Nearly 14,000 people are under orders, up from about 8,000 on Monday.", "8,000",
     dt.date(2025, 9, 30), ("2025-09-29", "sentence")),
])
def test_as_of(nlp, text: str, figure: str, pub: dt.date, expected: tuple[str, str]) -> None:  # type: ignore[no-untyped-def]
    v = _view(nlp, text)
    k = text.index(figure)
    assert as_of_for(v, find_dates(text, 0, pub), pub, near=(k, k + len(figure))) == expected
