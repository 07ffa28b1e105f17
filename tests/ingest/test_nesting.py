"""Pages nested deeper than the HTML parser goes: flattened so their text is found, or reported."""

from __future__ import annotations

from pathlib import Path

from claimledger.errors import EmptyInput
from claimledger.ingest import IngestFailure, iter_documents
from claimledger.ingest.html import parse_html
from claimledger.ingest.nesting import KEEP_DEPTH, flatten_nesting
from claimledger.models import Document

PARAS = ["The network operator said on Sunday that about 30,000 homes in Wales were still without power "
         "after Storm Bert brought down lines across the valleys.",
         "Engineers expected most customers to be reconnected by Monday evening, the company said."]


def nested(levels: int, inner: str = "".join(f"<p>{p}</p>" for p in PARAS)) -> str:
    return ("<html><head><title>Storm Bert</title></head><body>" + "<div>" * levels + inner
            + "</div>" * levels + "</body></html>")


def test_depth_is_counted_and_ordinary_pages_are_left_alone() -> None:
    page = nested(20)
    flat, depth = flatten_nesting(page)
    assert flat == page and depth == 23  # html, body, 20 divs, p
    assert parse_html(page)[1] == 0


def test_depth_ignores_void_elements_comments_and_script_content() -> None:
    page = ("<html><body><!-- <div><div> --><script>if (a<b) { s = '<div><div>'; }</script>"
            "<p>One<br>two<img src=x.png><hr/></p></body></html>")
    flat, depth = flatten_nesting(page)
    assert flat == page and depth == 3


def test_flattening_keeps_the_text_and_bounds_the_depth() -> None:
    page = nested(10_000, "<p>One <span>sentence</span> here.</p><div><p>Another one.</p></div>")
    flat, depth = flatten_nesting(page)
    assert depth == 10_004  # html, body, 10,000 divs, p, span
    assert flatten_nesting(flat)[1] <= KEEP_DEPTH + 1
    assert "One sentence here." in flat  # a removed inline tag leaves no gap
    assert "\nAnother one.\n" in flat  # a removed block tag leaves a line break
    assert flat.count("<div>") == KEEP_DEPTH - 2 and flat.count("</div>") == KEEP_DEPTH - 2


def test_stray_end_tags_do_not_upset_the_count() -> None:
    page = "<html><body>" + "</span></p>" * 50 + "<div>" * 300 + "text" + "</div>" * 300 + "</body></html>"
    flat, depth = flatten_nesting(page)
    assert depth == 302 and "text" in flat and flatten_nesting(flat)[1] <= KEEP_DEPTH + 1


def test_page_nested_10000_deep_keeps_its_article(tmp_path: Path) -> None:
    """lxml stops at 256 levels: without flattening, this page comes out empty."""
    path = tmp_path / "deep.html"
    nav = "<nav><a href='/'>Home</a></nav><h1>Storm Bert leaves thousands without power</h1>"
    path.write_text(nested(10_000).replace("<body>", "<body>" + nav), encoding="utf-8")
    (doc,) = list(iter_documents([path]))
    assert isinstance(doc, Document), doc
    assert PARAS[0] in doc.text and PARAS[1] in doc.text
    assert doc.title == "Storm Bert leaves thousands without power"


def test_deep_page_without_text_says_it_is_nested_too_deeply(tmp_path: Path) -> None:
    path = tmp_path / "deep.html"
    path.write_text(nested(10_000, ""), encoding="utf-8")
    (failure,) = list(iter_documents([path]))
    assert isinstance(failure, IngestFailure) and isinstance(failure.error, EmptyInput)
    message = str(failure)
    assert str(path) in message and "nested too deeply" in message and "10,002 levels" in message
    assert "no article text found in the HTML page" not in message
