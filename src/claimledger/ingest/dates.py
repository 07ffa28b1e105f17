"""Publication dates to ISO ``YYYY-MM-DD``, whatever shape the page or sidecar gives."""

from __future__ import annotations

import datetime as dt
import re

_ISO_PREFIX = re.compile(r"^\s*(\d{4})-(\d{2})-(\d{2})")
_FORMATS = ("%Y/%m/%d", "%d.%m.%Y", "%B %d, %Y", "%b %d, %Y", "%b. %d, %Y", "%d %B %Y", "%d %b %Y", "%Y%m%d")


def iso_date(value: object) -> str | None:
    """``YYYY-MM-DD`` for a date-like value, or None when it cannot be read.

    ISO strings (with or without a time part), a handful of common written formats,
    then dateparser as the slow last resort.  Years outside 1900..2100 are rejected:
    they are almost always a misparse.
    """
    if value is None:
        return None
    if isinstance(value, dt.datetime):
        return _checked(value.date())
    if isinstance(value, dt.date):
        return _checked(value)
    text = str(value).strip()
    if not text:
        return None
    m = _ISO_PREFIX.match(text)
    if m:
        try:
            return _checked(dt.date(int(m[1]), int(m[2]), int(m[3])))
        except ValueError:
            return None
    for fmt in _FORMATS:
        try:
            return _checked(dt.datetime.strptime(text, fmt).date())
        except ValueError:
            continue
    return _dateparser(text)


def _checked(day: dt.date) -> str | None:
    return day.isoformat() if 1900 <= day.year <= 2100 else None


def _dateparser(text: str) -> str | None:
    if len(text) > 60 or not re.search(r"\d", text):
        return None
    import dateparser  # slow import: only for the rare odd shape

    parsed = dateparser.parse(text, languages=["en"], settings={"STRICT_PARSING": True})
    return _checked(parsed.date()) if parsed else None
