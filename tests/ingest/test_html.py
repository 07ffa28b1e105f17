"""HTML pages: main text, metadata and the headline line, on a made-up page and real ones."""

from __future__ import annotations

from pathlib import Path

from claimledger.ingest import iter_documents
from claimledger.ingest.html import drop_title_line
from claimledger.models import Document

FIXTURES = Path(__file__).resolve().parents[1] / "fixtures" / "ingest"


def one(path: Path) -> Document:
    (doc,) = list(iter_documents([path]))
    assert isinstance(doc, Document), doc
    return doc


def test_made_up_page_text_and_metadata() -> None:
    doc = one(FIXTURES / "newsroom_page.html")
    assert doc.id == "newsroom_page.html" and doc.format == "html"
    assert doc.title == "Floodwaters force 12,000 from homes along the Severn"
    assert doc.outlet == "The Valley Courier"
    assert doc.author == "Maria Lindqvist"
    assert doc.published == "2024-03-07"
    assert doc.text.startswith("About 12,000 people were ordered")  # the headline line is metadata
    assert "Insurers said it was too early" in doc.text
    assert "Stay safe everyone" not in doc.text  # reader comments are left out
    assert "<p>" not in doc.text


def test_real_page_hawaii() -> None:
    doc = one(FIXTURES / "hawaii_telescope.html.gz")
    assert doc.id == "hawaii_telescope.html.gz"
    assert doc.title == "Scientists use Hawaii telescope to spot water vapor on distant moon"
    assert doc.published == "2019-11-19"
    assert "5,200 pounds of water vapor" in doc.text
    assert doc.text.rstrip().endswith("Copyright 2019 Hawaii News Now. All rights reserved.")


def test_real_page_stadia_keeps_the_embedded_tweet_credit() -> None:
    doc = one(FIXTURES / "stadia_rdr2.html.gz")
    assert "— Digital Foundry (@digitalfoundry) November 18, 2019" in doc.text
    assert "Read our review-in-progress here." in doc.text


def test_drop_title_line() -> None:
    body = "First paragraph of the story.\nSecond one."
    assert drop_title_line("Sweden drops Assange rape investigation\n" + body,
                           "Sweden drops Assange rape investigation - BBC News") == body
    assert drop_title_line("Hunter diagnosed with bubonic plague after eating a rabbit\n" + body,
                           "Hunter in Beijing diagnosed with bubonic plague after eating a rabbit") == body
    assert drop_title_line(body, "Something else entirely") == body
    assert drop_title_line(body, None) == body
