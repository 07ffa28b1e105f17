"""Turning ledger values into the words a reader expects.

A claim is stored as bounds plus a hedge (``low=1500, high=None, hedge="min"``); a reader
wants "at least 1,500".  The same wording is used in the report, the web pages and chart
labels, so it lives here, in pure functions, and nowhere else.  Article-derived strings are
made inert by :func:`inert`: escaped, with invisible and direction-changing characters
shown as visible badges so that a right-to-left override or a zero-width space in a title
cannot disguise what the text says.
"""

from __future__ import annotations

import datetime as dt
import math
import unicodedata

from markupsafe import Markup, escape

CURRENCY_PREFIX = {"USD": "$", "EUR": "€", "GBP": "£", "JPY": "¥", "INR": "₹", "UAH": "₴", "RUB": "₽"}
SCALE_WORDS = ((1e12, "trillion"), (1e9, "billion"), (1e6, "million"))

# Characters that change how text reads without being seen: bidirectional overrides and
# isolates, zero-width spaces, marks and joiners that have no business in English prose.
# ZWJ/ZWNJ (U+200C/D) are left alone: emoji sequences and some scripts need them.
INVISIBLE = frozenset(
    [0x200B, 0x200E, 0x200F, 0x202A, 0x202B, 0x202C, 0x202D, 0x202E, 0x2060, 0x2061, 0x2062,
     0x2063, 0x2064, 0x2066, 0x2067, 0x2068, 0x2069, 0x061C, 0xFEFF, 0xFFF9, 0xFFFA, 0xFFFB]
)


def number(x: float | None) -> str:
    """1500 -> '1,500'; 1500000 -> '1.5 million'; 0.25 -> '0.25'."""
    if x is None or (isinstance(x, float) and not math.isfinite(x)):
        return "?"
    ax = abs(x)
    for scale, word in SCALE_WORDS:
        if ax >= scale:
            v = x / scale
            text = f"{v:,.2f}".rstrip("0").rstrip(".")
            return f"{text} {word}"
    if float(x).is_integer():
        return f"{int(x):,}"
    return f"{x:,.4f}".rstrip("0").rstrip(".")


def with_unit(x: float | None, unit: str | None) -> str:
    """A number with its unit: '$1.5 million', '12%', '35 km'."""
    text = number(x)
    if not unit:
        return text
    if unit in CURRENCY_PREFIX:
        return ("-" if text.startswith("-") else "") + CURRENCY_PREFIX[unit] + text.lstrip("-")
    if unit in ("%", "percent"):
        return text + "%"
    return f"{text} {unit}"


def value(low: float | None, high: float | None, hedge: str, unit: str | None = None) -> str:
    """The claim's value in words: 'at least 1,500', 'about 11,000', '1,000–2,000'."""
    if low is None and high is None:
        return "unspecified"
    lo, hi = with_unit(low, unit), with_unit(high, unit)
    one = lo if low is not None else hi
    both = low is not None and high is not None
    span = (lo if low == high else f"{lo}–{hi}") if both else one
    if hedge == "min":
        return f"at least {one}"
    if hedge == "max":
        return f"up to {hi if high is not None else lo}"
    if hedge == "approx":
        if low is None:
            return f"nearly {hi}"
        return f"about {span}"
    if hedge == "range":
        if both:
            return span
        return f"at least {lo}" if low is not None else f"up to {hi}"
    if hedge == "vague":
        if both:
            return f"vague, {span}" if low != high else f"roughly {lo}"
        return f"vague, {lo} or more" if low is not None else f"vague, up to {hi}"
    return span


HEDGE_WORDS = {
    "exact": "exact figure",
    "approx": "approximate",
    "min": "lower bound",
    "max": "upper bound",
    "range": "range",
    "vague": "vague amount",
}


def hedge_word(hedge: str) -> str:
    return HEDGE_WORDS.get(hedge, hedge)


def source_label(name: str | None, role: str | None = None, org: str | None = None,
                 relayed_by: str | None = None) -> str:
    """'Vedant Patel (spokesperson, Pentagon) via Reuters'; 'unattributed' when nobody."""
    if not name:
        return "unattributed"
    extra = ", ".join(x for x in (role, org) if x and x.lower() not in name.lower())
    text = f"{name} ({extra})" if extra else name
    if relayed_by and relayed_by.lower() not in text.lower():
        text += f" via {relayed_by}"
    return text


MONTHS = ("Jan", "Feb", "Mar", "Apr", "May", "Jun", "Jul", "Aug", "Sep", "Oct", "Nov", "Dec")


def iso_prefix(date: str | None) -> str:
    """'2024-11-12' -> '12 Nov 2024', '2024-06' -> 'Jun 2024', '2024' -> '2024'."""
    if not date:
        return "undated"
    parts = date[:10].split("-")
    try:
        if len(parts) == 3:
            return f"{int(parts[2])} {MONTHS[int(parts[1]) - 1]} {parts[0]}"
        if len(parts) == 2:
            return f"{MONTHS[int(parts[1]) - 1]} {parts[0]}"
    except (ValueError, IndexError):
        return date
    return parts[0]


def date_span(date: str | None) -> tuple[dt.date, dt.date] | None:
    """The first and last day an ISO prefix can mean ('2024-06' -> June 1..30)."""
    if not date:
        return None
    parts = date[:10].split("-")
    try:
        year = int(parts[0])
        if len(parts) >= 3:
            d = dt.date(year, int(parts[1]), int(parts[2]))
            return d, d
        if len(parts) == 2:
            month = int(parts[1])
            first = dt.date(year, month, 1)
            nxt = dt.date(year + (month == 12), month % 12 + 1, 1)
            return first, nxt - dt.timedelta(days=1)
        return dt.date(year, 1, 1), dt.date(year, 12, 31)
    except (ValueError, IndexError):
        return None


def control_name(ch: str) -> str:
    return f"U+{ord(ch):04X} {unicodedata.name(ch, 'control character')}"


def inert(text: object) -> Markup:
    """Escape article-derived text and show invisible/bidi characters as visible badges."""
    if text is None:
        return Markup("")
    s = str(text)
    if not any(ord(ch) in INVISIBLE or (ord(ch) < 32 and ch not in "\n\t") for ch in s):
        return escape(s)
    out: list[str] = []
    for ch in s:
        code = ord(ch)
        if code in INVISIBLE or (code < 32 and ch not in "\n\t"):
            out.append(f'<span class="ctl" title="{escape(control_name(ch))}">'
                       f"{escape(f'U+{code:04X}')}</span>")
        else:
            out.append(str(escape(ch)))
    return Markup("".join(out))


def plain(text: object) -> str:
    """For attribute values and <option> labels, where no badge can be shown: invisible
    characters become a visible ``[U+202E]``; escaping is left to autoescape."""
    if text is None:
        return ""
    s = str(text)
    if not any(ord(ch) in INVISIBLE or (ord(ch) < 32 and ch not in "\n\t") for ch in s):
        return s
    return "".join(f"[U+{ord(ch):04X}]" if ord(ch) in INVISIBLE or (ord(ch) < 32 and ch not in "\n\t") else ch
                   for ch in s)


def truncate(text: str | None, limit: int = 80) -> str:
    if not text:
        return ""
    return text if len(text) <= limit else text[: limit - 1].rstrip() + "…"
