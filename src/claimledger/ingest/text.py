"""Plain-text articles: the file content is the analysed text, the first line may be a title."""

from __future__ import annotations

from claimledger.models import Document

TITLE_MAX_CHARS = 150


def guess_title(text: str) -> str | None:
    """The first line when it reads as a headline, else None.

    A headline is short (< 150 characters), is followed by more text and does not end
    with a period (it may end with "?" or "!").  The title stays part of the text, so
    offsets keep matching the file.
    """
    stripped = text.lstrip()
    first, sep, rest = stripped.partition("\n")
    first = first.strip()
    if not sep or not rest.strip() or not first:
        return None
    if len(first) >= TITLE_MAX_CHARS or first.endswith((".", ",", ";", ":")):
        return None
    if sum(c.isalpha() for c in first) < 3:
        return None
    return first


def document_from_text(text: str, *, doc_id: str, origin: str, fmt: str = "txt", **meta: str | None) -> Document:
    """A :class:`Document` for decoded plain text (``meta`` may set url, title, outlet ...)."""
    title = meta.pop("title", None) or guess_title(text)
    return Document(id=doc_id, text=text, title=title, origin=origin, format=fmt, **meta)
