"""Pages nested deeper than the HTML parser goes: counted, and reported for what they are."""

from __future__ import annotations

from pathlib import Path

from claimledger.errors import EmptyInput
from claimledger.ingest import IngestFailure, iter_documents
from claimledger.ingest.html import parse_html
from claimledger.ingest.nesting import flatten_nesting

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


def test_page_nested_10000_deep_says_so(tmp_path: Path) -> None:
    path = tmp_path / "deep.html"
    path.write_text(nested(10_000, "<p>Too deep to reach.</p>"), encoding="utf-8")
    (failure,) = list(iter_documents([path]))
    assert isinstance(failure, IngestFailure) and isinstance(failure.error, EmptyInput)
    message = str(failure)
    assert str(path) in message and "nested too deeply" in message and "10,003 levels" in message
    assert "no article text found in the HTML page" not in message
