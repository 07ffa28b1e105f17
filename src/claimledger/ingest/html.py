"""HTML pages: main text and metadata via trafilatura, dates via htmldate as a fallback.

Which trafilatura options to use was decided by measurement (``benchmarks/maintext.py
--options`` on the 90 ScrapingHub pages, main-text F1 after anatomy): reader comments are
left out (they are never the article) and ``favor_recall`` is on, so that no article text
is lost at this stage (recall 0.975 before anatomy, the best of the option sets tried);
the anatomy stage, which sees the text line by line, then does the precision work it can
explain (F1 0.971 after it, against 0.977 for ``favor_precision`` + anatomy, which loses
recall, and 0.954 for plain ``extract()``).
"""

from __future__ import annotations

from typing import Any

from rapidfuzz import fuzz

from claimledger.errors import EmptyInput
from claimledger.ingest.dates import iso_date
from claimledger.ingest.decode import normalise_newlines
from claimledger.ingest.nesting import PARSER_DEPTH_LIMIT, flatten_nesting
from claimledger.models import Document

# No "extensive" date search: it guesses from years in the body ("inflation above target until
# 2026" -> 2026-01-01); on the 90 ScrapingHub pages it changes one date, to None.  A wrong
# publication date is worse than none: it becomes the as_of of every undated figure.
DATE_OPTIONS: dict[str, Any] = {"extensive_search": False, "original_date": True}
TITLE_SIMILARITY = 85.0  # "Hunter diagnosed with ..." vs the page title "Hunter in Beijing diagnosed with ..."
EXTRACT_OPTIONS: dict[str, Any] = {"include_comments": False, "include_tables": True, "favor_recall": True}


def extract_html(html: str, url: str | None = None, *, tree: Any = None) -> dict[str, str | None]:
    """Main text plus title/author/outlet/published/url of one page (values may be None).

    ``tree`` is the page already parsed by :func:`parse_html`; without it the page is
    parsed here.
    """
    import trafilatura

    if tree is None:
        tree, _ = parse_html(html)
    result = trafilatura.bare_extraction(tree if tree is not None else html, url=url, with_metadata=True,
                                         date_extraction_params=DATE_OPTIONS, **EXTRACT_OPTIONS)
    if result is None:
        return {"text": ""}
    data = result.as_dict() if hasattr(result, "as_dict") else dict(result)
    published = iso_date(data.get("date")) or _htmldate(html, url)
    title = _clean(data.get("title"))
    return {
        "text": drop_title_line(normalise_newlines(data.get("text") or ""), title),
        "title": title,
        "author": _clean(data.get("author")),
        "outlet": _clean(data.get("sitename")) or _clean(data.get("hostname")),
        "published": published,
        "url": url or _clean(data.get("url")),
    }


def parse_html(html: str) -> tuple[Any, int]:
    """The page parsed as trafilatura parses it, and how deep it nests if that is too deep.

    The depth is 0 for an ordinary page.  For one nested deeper than the parser goes
    (:mod:`claimledger.ingest.nesting`), it is the number of levels met, and the tree is
    that of the page with the excess nesting flattened, so its text is still found.
    """
    from trafilatura.utils import HTML_PARSER, load_html

    tree = load_html(html)
    if not any("excessive depth" in str(e.message).lower() for e in HTML_PARSER.error_log):
        return tree, 0
    flat, depth = flatten_nesting(html)
    return load_html(flat), max(depth, PARSER_DEPTH_LIMIT + 1)


def document_from_html(html: str, *, doc_id: str, origin: str, url: str | None = None, fmt: str = "html") -> Document:
    """A :class:`Document` whose text is the page's extracted main text."""
    tree, depth = parse_html(html)
    meta = extract_html(html, url, tree=tree)
    text = meta.pop("text") or ""
    if not text.strip() and depth:
        raise EmptyInput(
            f"{origin}: the page is nested too deeply to parse ({depth:,} levels of tags; the HTML parser stops "
            f"at {PARSER_DEPTH_LIMIT}), and no article text was found even with the nesting flattened.",
            hint="Pass the article's text as .txt instead.",
        )
    if not text.strip():
        raise EmptyInput(
            f"{origin}: no article text found in the HTML page.",
            hint="Check that the page holds an article (not a index page or a login wall), or pass its text as .txt.",
        )
    return Document(id=doc_id, text=text, origin=origin, format=fmt, **meta)


def drop_title_line(text: str, title: str | None) -> str:
    """The text without a first line that only repeats the page title.

    trafilatura sometimes keeps the headline as the first line of the body; it is
    metadata (``Document.title``), and left in the text it would be read as a sentence
    of the article, counted twice in main-text measures and parsed for claims.
    """
    if not title:
        return text
    stripped = text.lstrip()
    first, _, rest = stripped.partition("\n")
    a, b = _key(first), _key(title)
    if not a or len(first) > 300:
        return text
    same = a == b or (len(a) >= 20 and a in b) or (len(b) >= 20 and b in a and len(a) <= len(b) + 40)
    if same or (len(a) >= 20 and fuzz.ratio(a, b) >= TITLE_SIMILARITY):
        return rest.lstrip("\n")
    return text


def _key(text: str) -> str:
    return " ".join("".join(c.lower() if c.isalnum() else " " for c in text).split())


def looks_like_html(head: str) -> bool:
    """Whether the start of a text reads as markup (used for stdin and bare ``.gz``)."""
    lowered = head[:2048].lstrip().lower()
    if lowered.startswith(("<!doctype html", "<html", "<?xml")):
        return True
    return any(tag in lowered for tag in ("<html", "<body", "<head", "<div", "<p>", "<article"))


def _htmldate(html: str, url: str | None) -> str | None:
    try:
        from htmldate import find_date

        return iso_date(find_date(html, url=url, original_date=True, extensive_search=False))
    except Exception:  # htmldate is best effort: a page without a date is still a page
        return None


def _clean(value: object) -> str | None:
    if value is None:
        return None
    text = " ".join(str(value).split())
    return text or None
