"""Turning what a browser sends (uploaded files, pasted text) into runner inputs, safely.

Uploaded file names are untrusted: a name with a path separator, ``..``, a NUL or a leading
dot is refused outright (not silently cleaned), so an attempt at path traversal is visible
in the response.  Pasted text becomes a :class:`Document` whose id is derived from its
content, so pasting the same article twice is recognised as the same document.
"""

from __future__ import annotations

import datetime as dt
import re
import unicodedata

from claimledger.errors import EmptyInput, UsageError
from claimledger.models import Document, content_hash

MAX_NAME = 150
_ALLOWED = re.compile(r"^[\w][\w .()+,=@-]*$", re.UNICODE)


def safe_upload_name(name: str | None) -> str:
    """The uploaded file's name if it is a plain file name; UsageError (400) otherwise."""
    if not name:
        raise UsageError("An uploaded file has no name.", hint="Upload files with their original names.")
    name = unicodedata.normalize("NFC", name)
    if "/" in name or "\\" in name or "\x00" in name or ".." in name or name.startswith("."):
        raise UsageError(f"The file name {name[:80]!r} is not a plain file name (path parts, '..' or a "
                         "leading dot).", hint="Rename the file, e.g. article-1.html, and upload it again.")
    if len(name) > MAX_NAME or not _ALLOWED.match(name):
        raise UsageError(f"The file name {name[:80]!r} has unusual characters or is too long.",
                         hint=f"Use letters, digits, spaces and . - _ ( ), at most {MAX_NAME} characters.")
    return name


def paste_document(text: str, *, title: str | None = None, outlet: str | None = None,
                   published: str | None = None, url: str | None = None) -> Document:
    """A Document for pasted article text (title defaults to the first line)."""
    if not text or not text.strip():
        raise EmptyInput("The pasted text is empty.", hint="Paste the article's text, then submit.")
    text = text.replace("\r\n", "\n").replace("\r", "\n")
    if published:
        try:
            dt.date.fromisoformat(published)
        except ValueError:
            raise UsageError(f"The publication date {published[:20]!r} is not a date.",
                             hint="Use YYYY-MM-DD, e.g. 2024-11-14, or leave it empty.") from None
    first = text.strip().split("\n", 1)[0].strip()
    return Document(
        id=f"pasted/{content_hash(text)[:16]}.txt",
        text=text,
        title=(title or "").strip() or (first[:200] if len(first) <= 200 else first[:199] + "…"),
        outlet=(outlet or "").strip() or None,
        published=published or None,
        url=(url or "").strip() or None,
        origin="web paste",
        format="txt",
    )
