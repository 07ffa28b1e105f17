"""Reading a matched date expression: the ISO prefix it stands for, at the precision the
text gives, resolved against the anchor (the publication date) by the rules documented in
:mod:`claimledger.extract.dates`.  One handler per pattern of
:mod:`claimledger.extract.date_grammar`; ``dateparser`` only does "N days ago" arithmetic
and numeric dates, both cached.
"""

from __future__ import annotations

import calendar
import datetime as dt
import re
from dataclasses import replace
from functools import lru_cache

from claimledger.extract.date_grammar import (
    DET_BEFORE,
    DURATION_BEFORE,
    EVENT_NOUNS,
    FUTURE,
    MONTHS,
    NAME_BEFORE,
    NUM_WORDS,
    PLURAL_AFTER,
    PREP_BEFORE,
    SPAN_BEFORE,
    WEEKDAYS,
    DateMention,
)

# --- helpers ---------------------------------------------------------------------------

def _iso(y: int, m: int | None = None, d: int | None = None) -> str:
    if m is None:
        return f"{y:04d}"
    if d is None:
        return f"{y:04d}-{m:02d}"
    return f"{y:04d}-{m:02d}-{d:02d}"


def _valid(y: int, m: int, d: int) -> bool:
    return 1 <= m <= 12 and 1 <= d <= calendar.monthrange(y, m)[1]


def _month_num(word: str) -> int:
    return MONTHS[word.lower().rstrip(".")]


def _day_num(word: str) -> int:
    return int(re.sub(r"\D", "", word))


def _is_future(text: str, start: int, end: int) -> bool:
    """Does the clause around [start, end) speak of the future?  Only the date's own clause
    counts: in "X will cost 320 jobs, the union said on Wednesday" the Wednesday is past."""
    left = text[max(0, start - 80):start]
    cut = max((m.end() for m in _CLAUSE_CUT.finditer(left)), default=0)
    left = left[cut:]
    right = text[end:end + 30]
    stop = _CLAUSE_CUT.search(right)
    right = right[:stop.start()] if stop else right
    return FUTURE.search(left) is not None or FUTURE.search(right) is not None


_CLAUSE_CUT = re.compile(r"[,;:.—–()]|\b(?:after|before|when|while|because|since|as|that|who|which|where|but|and)\b",
                         re.I)


def _mk(m: re.Match[str], iso: str | None, precision: str, relative: bool, *, kind: str = "date",
        future: bool = False, shift: tuple[str, int] | None = None) -> DateMention:
    return DateMention(start=m.start(), end=m.end(), text=m.group(0), iso=iso, precision=precision,
                       relative=relative, resolved=iso is not None, kind=kind, future=future, shift=shift)


def _shift_months(y: int, m: int, k: int) -> tuple[int, int]:
    n = y * 12 + (m - 1) + k
    return n // 12, n % 12 + 1


def _yearless_year(month: int, day: int | None, anchor: dt.date, future: bool) -> int:
    """The year of a yearless month/day: the latest one not (much) after the anchor."""
    y = anchor.year
    probe = dt.date(y, month, min(day or 1, calendar.monthrange(y, month)[1]))
    if future:
        return y if probe >= anchor.replace(day=1) else y + 1
    slack = dt.timedelta(days=7 if day else 31)
    return y - 1 if probe > anchor + slack else y


def _week_iso(first: dt.date, last: dt.date) -> str | None:
    if (first.year, first.month) == (last.year, last.month):
        return _iso(first.year, first.month)
    return _iso(first.year) if first.year == last.year else None


# --- handlers --------------------------------------------------------------------------

def _h_iso(m: re.Match[str], text: str, anchor: dt.date | None) -> DateMention | None:
    y, mo, d = int(m["y"]), int(m["m"]), int(m["d"])
    return _mk(m, _iso(y, mo, d), "day", False) if _valid(y, mo, d) else None


def _h_numeric(m: re.Match[str], text: str, anchor: dt.date | None) -> DateMention | None:
    parsed = _parse_numeric(m.group(0))
    if parsed is None:
        return None
    return _mk(m, parsed.isoformat(), "day", False)


@lru_cache(maxsize=1024)
def _parse_numeric(s: str) -> dt.date | None:
    import dateparser

    first = int(s.split("/")[0])
    order = "DMY" if first > 12 else "MDY"  # American order unless it cannot be
    got = dateparser.parse(s, languages=["en"], settings={"DATE_ORDER": order, "STRICT_PARSING": True})
    return got.date() if got else None


def _h_month_day(m: re.Match[str], text: str, anchor: dt.date | None) -> DateMention | None:
    mon, day = _month_num(m["mon"]), _day_num(m["day"])
    if m.groupdict().get("mod"):
        return None  # "early November 5" is not a thing; let month_year / month match
    if m["y"]:
        y = int(m["y"])
        if not _valid(y, mon, day):
            return None
        return _mk(m, _iso(y, mon, day), "day", False, future=_is_future(text, m.start(), m.end()))
    if not _valid(2000, mon, day):
        return None
    future = _is_future(text, m.start(), m.end())
    if anchor is None:
        return _mk(m, None, "day", True, future=future)
    y = _yearless_year(mon, day, anchor, future)
    if m["wd"]:  # "Friday, December 6": the year, near the anchor, in which that day is a Friday
        wd = WEEKDAYS.index(m["wd"].lower())
        fits = [c for c in (y, y + 1, y - 1) if _valid(c, mon, day) and dt.date(c, mon, day).weekday() == wd]
        if fits:
            y = fits[0]
            future = future or dt.date(y, mon, day) > anchor
    return _mk(m, _iso(y, mon, day), "day", True, future=future) if _valid(y, mon, day) else None


def _h_month_year(m: re.Match[str], text: str, anchor: dt.date | None) -> DateMention | None:
    return _mk(m, _iso(int(m["y"]), _month_num(m["mon"])), "month", False)


def _h_month_relyear(m: re.Match[str], text: str, anchor: dt.date | None) -> DateMention | None:
    if anchor is None:
        return _mk(m, None, "month", True)
    step = {"this": 0, "last": -1, "next": 1}[m["rel"]]
    return _mk(m, _iso(anchor.year + step, _month_num(m["mon"])), "month", True, future=step > 0)


def _h_season_year(m: re.Match[str], text: str, anchor: dt.date | None) -> DateMention | None:
    return _mk(m, _iso(int(m["y"])), "season" if m["season"] else "year", False)


def _h_month(m: re.Match[str], text: str, anchor: dt.date | None) -> DateMention | None:
    before = text[:m.start()]
    word = m["mon"]
    if not (m["rel"] or m["mod"] or PREP_BEFORE.search(before)):
        after = text[m.end():m.end() + 2]
        if word.rstrip(".") in ("May", "March", "August") or word.endswith(".") or re.match(r"\s[A-Z]", after):
            return None  # a modal verb, a march, a first name ("June Carter")
        if not before.strip() and not re.match(r"['’]s\b", text[m.end():]):
            return None  # sentence-initial bare month: too often a name
    mon = _month_num(word)
    rel = (m["rel"] or "").lower()
    kind = "adjective" if not (m["rel"] or m["mod"]) and re.search(r"\bthe\s+$", before, re.I) else "date"
    future = rel == "next" or (rel != "last" and _is_future(text, m.start(), m.end()))
    if anchor is None:
        return _mk(m, None, "month", True, future=future, kind=kind)
    if rel == "last":
        y = anchor.year if mon < anchor.month else anchor.year - 1
    elif rel == "next":
        y = anchor.year if mon > anchor.month else anchor.year + 1
    elif rel == "this":
        y = anchor.year
    else:
        y = _yearless_year(mon, None, anchor, future)
    return _mk(m, _iso(y, mon), "month", True, future=future, kind=kind)


def _h_year(m: re.Match[str], text: str, anchor: dt.date | None) -> DateMention | None:
    before, after = text[:m.start()], text[m.end():]
    if NAME_BEFORE.search(before) and not PREP_BEFORE.search(before):
        return None  # "Euro 2020", "Windows 2000", "Vision 2030"
    if re.match(r"['’]s\b", after):
        return _mk(m, m["y"], "year", False, kind="adjective")
    if re.match(r"\s*[—–-]{1,2}\s+[A-Z]", after) and not before.strip(" \t•*-–—"):
        return _mk(m, m["y"], "year", False)  # a timeline line: "2019 – Company founded in Lagos"
    if re.match(r":\s+[A-Z]", after):
        return None  # "2001: A Space Odyssey"
    nxt = re.match(r"\s+([A-Za-z]+)", after)
    next_word = nxt.group(1).lower() if nxt else ""
    countlike = bool(PLURAL_AFTER.match(after)) and next_word not in EVENT_NOUNS
    if PREP_BEFORE.search(before):
        return None if countlike else _mk(m, m["y"], "year", False)
    if DET_BEFORE.search(before) and next_word and not countlike:
        return _mk(m, m["y"], "year", False, kind="adjective")
    if next_word in EVENT_NOUNS and not countlike:
        return _mk(m, m["y"], "year", False, kind="adjective")
    if re.match(r"\s*(?:[,.;:)]|$)", after) and re.search(r"(?:^|[,;(—–-]\s*)$", before):
        return _mk(m, m["y"], "year", False, kind="bare")  # a bare date line or "(2019)"
    return None


def _h_ago(m: re.Match[str], text: str, anchor: dt.date | None) -> DateMention | None:
    unit = m["unit"].lower()
    precision = {"day": "day", "week": "week", "month": "month", "year": "year"}[unit]
    if anchor is None:
        return _mk(m, None, precision, True)
    n_word = m["n"].lower()
    n = int(n_word) if n_word.isdigit() else NUM_WORDS[n_word]
    when = _ago(n, unit, anchor)
    if when is None:
        return _mk(m, None, precision, True)
    iso = {"day": when.isoformat(), "week": _iso(when.year, when.month),
           "month": _iso(when.year, when.month), "year": _iso(when.year)}[unit]
    return _mk(m, iso, precision, True)


@lru_cache(maxsize=512)
def _ago(n: int, unit: str, anchor: dt.date) -> dt.date | None:
    import dateparser

    base = dt.datetime(anchor.year, anchor.month, anchor.day, 12)
    got = dateparser.parse(f"{n} {unit}s ago", languages=["en"], settings={"RELATIVE_BASE": base})
    return got.date() if got else None


def _h_deictic(m: re.Match[str], text: str, anchor: dt.date | None) -> DateMention | None:
    word = m.group(0).lower().split()[-1]
    if m.group(0)[0] == "T" and NAME_BEFORE.search(text[:m.start()]):
        return None  # "USA Today", "The Today Show"
    delta = {"today": 0, "tonight": 0, "yesterday": -1, "tomorrow": 1}[word]
    if "before yesterday" in m.group(0).lower():
        delta = -2
    future = delta > 0 or m.group(0).lower().startswith("later")
    if anchor is None:
        return _mk(m, None, "day", True, future=future)
    return _mk(m, (anchor + dt.timedelta(days=delta)).isoformat(), "day", True, future=future)


def _h_the_weekend(m: re.Match[str], text: str, anchor: dt.date | None) -> DateMention | None:
    """"over the weekend": the most recent Saturday and Sunday (the coming ones in a clause
    about the future); like "last week", a month or a year when the two days share it.
    ``kind`` "vague": it dates a figure, but a story names the day of an event it tells
    ("capsized at the weekend" ... "overturned on Sunday")."""
    future = _is_future(text, m.start(), m.end())
    if anchor is None:
        return _mk(m, None, "week", True, future=future)
    if future:
        saturday = anchor + dt.timedelta(days=(5 - anchor.weekday()) % 7)
    else:
        saturday = anchor - dt.timedelta(days=(anchor.weekday() - 5) % 7)
    return _mk(m, _week_iso(saturday, saturday + dt.timedelta(days=1)), "week", True, future=future, kind="vague")


def _h_this_last(m: re.Match[str], text: str, anchor: dt.date | None) -> DateMention | None:
    rel, unit = m["rel"].lower(), m["unit"].lower()
    pre = (m["pre"] or "").lower().split()
    if not pre and DURATION_BEFORE.search(text[:m.start()]):
        return None  # "over the last year", "in the next month": a span of time, not a date
    kind = "to_date" if "so" in pre and unit == "year" and rel == "this" else "date"
    future = rel == "next" or "later" in pre
    season = unit in ("spring", "summer", "autumn", "fall", "winter")
    precision = {"week": "week", "weekend": "week", "month": "month", "year": "year"}.get(
        unit, "season" if season else "day")
    if anchor is None:
        return _mk(m, None, precision, True, kind=kind, future=future)
    step = {"this": 0, "last": -1, "next": 1}[rel]
    iso: str | None
    if unit == "year":
        iso = _iso(anchor.year + step)
    elif unit == "month":
        y, mo = _shift_months(anchor.year, anchor.month, step)
        iso = _iso(y, mo)
    elif unit in ("week", "weekend"):  # weeks run Monday to Sunday
        monday = anchor - dt.timedelta(days=anchor.weekday()) + dt.timedelta(weeks=step)
        first = monday + dt.timedelta(days=5) if unit == "weekend" else monday
        iso = _week_iso(first, monday + dt.timedelta(days=6))
    elif season:
        iso = _iso(_season_year(unit, step, anchor))
    else:  # morning / afternoon / evening / night
        iso = (anchor - dt.timedelta(days=1 if rel == "last" else 0)).isoformat()
        if rel == "next":
            iso = None
    return _mk(m, iso, precision, True, kind=kind, future=future)


_SEASON_START = {"spring": 3, "summer": 6, "autumn": 9, "fall": 9, "winter": 12}


def _season_year(season: str, step: int, anchor: dt.date) -> int:
    """The year of "last/this/next <season>": the occurrence that ended most recently before
    the anchor, the one under way or coming this year, or the one after that.  A winter is
    named by the year of its January."""
    start = _SEASON_START[season]
    if season == "winter":
        current = anchor.year + 1 if anchor.month == 12 else anchor.year  # the winter ending this Feb/next
        ended = anchor.month >= 3 and anchor.month != 12
    else:
        current = anchor.year
        ended = anchor.month > start + 2
    if step < 0:
        return current if ended else current - 1
    if step > 0:
        return current + 1 if ended or anchor.month >= start else current
    return current


_HOLIDAYS = {"christmas eve": (12, 24), "christmas day": (12, 25), "christmas": (12, 25),
             "new year's eve": (12, 31), "new year's day": (1, 1), "halloween": (10, 31),
             "valentine's day": (2, 14), "fourth of july": (7, 4), "boxing day": (12, 26)}


def _h_holiday(m: re.Match[str], text: str, anchor: dt.date | None) -> DateMention | None:
    key = re.sub(r"\s+", " ", m.group(0).lower().replace("’", "'")).removeprefix("the ")
    mon, day = _HOLIDAYS[key]
    future = _is_future(text, m.start(), m.end())
    if anchor is None:
        return _mk(m, None, "day", True, future=future)
    y = _yearless_year(mon, day, anchor, future)
    return _mk(m, _iso(y, mon, day), "day", True, future=future)


_QUARTERS = {"first": 1, "1st": 1, "second": 2, "2nd": 2, "third": 3, "3rd": 3, "fourth": 4, "4th": 4}


def _h_quarter(m: re.Match[str], text: str, anchor: dt.date | None) -> DateMention | None:
    """"the third quarter (of 2025)", "Q3 2025", "third-quarter revenue": a period, dated by
    the month it ends in (results are stated as of the quarter's end)."""
    q = int(m["q"]) if m["q"] else _QUARTERS[m["ord"].lower()]
    year = m["y"] or m["y2"]
    end_month = 3 * q
    if year:
        return _mk(m, _iso(int(year), end_month), "quarter", False, kind="period")
    if anchor is None:
        return _mk(m, None, "quarter", True, kind="period")
    future = _is_future(text, m.start(), m.end())
    start_month = end_month - 2
    y = anchor.year if (start_month <= anchor.month or future) else anchor.year - 1
    return _mk(m, _iso(y, end_month), "quarter", True, kind="period", future=future)


def _h_to_date(m: re.Match[str], text: str, anchor: dt.date | None) -> DateMention | None:
    return _mk(m, anchor.isoformat() if anchor else None, "day", True, kind="to_date")


def _h_weekday(m: re.Match[str], text: str, anchor: dt.date | None) -> DateMention | None:
    rel = (m["rel"] or "").lower()
    if not rel and NAME_BEFORE.search(text[:m.start()]):
        return None  # "Super Tuesday", "Black Friday", "Bloody Sunday"
    if re.search(r"\b(?:a|an|every|each|any)\s+(?:typical|normal|usual|average|given|single\s+)?\s*$",
                 text[:m.start()], re.I):
        return None  # "on a Monday", "every Friday", "a typical Tuesday": no particular day
    target = WEEKDAYS.index(m["wd"].lower())
    future = rel == "next" or (rel != "last" and _is_future(text, m.start(), m.end()))
    if anchor is None:
        return _mk(m, None, "day", True, future=future)
    a = anchor.weekday()
    if rel == "last":
        back = (a - target) % 7 or 7
        when = anchor - dt.timedelta(days=back)
    elif future:
        fwd = (target - a) % 7 or (7 if rel == "next" else 0)
        when = anchor + dt.timedelta(days=fwd)
    else:
        when = anchor - dt.timedelta(days=(a - target) % 7)
    return _mk(m, when.isoformat(), "day", True, future=future)


def _h_anaphoric(m: re.Match[str], text: str, anchor: dt.date | None) -> DateMention | None:
    if m["u1"]:
        unit, d = m["u1"].lower(), m["dir1"].lower()
        if d != "same" and SPAN_BEFORE.search(text[:m.start()]):
            return None  # "over the next year", "in the previous month": a span of time
        amount = {"previous": -1, "next": 1, "following": 1, "same": 0}[d]
    elif m["u3"]:
        unit = m["u3"].lower()
        n_word = m["n3"].lower()
        n = int(n_word) if n_word.isdigit() else NUM_WORDS[n_word]
        amount = n if m["dir3"].lower() == "later" else -n
    elif m["u4"]:
        unit, amount = m["u4"].lower(), 0
    else:
        unit, amount = "day", -1 if m["dir2"].lower() == "before" else 1
    precision = unit if unit != "week" else "week"
    return _mk(m, None, precision, True, kind="anaphoric", shift=(unit, amount))


HANDLERS = {
    "iso": _h_iso, "numeric": _h_numeric, "month_day": _h_month_day, "day_month": _h_month_day,
    "month_year": _h_month_year, "month_relyear": _h_month_relyear, "season_year": _h_season_year,
    "month": _h_month, "year": _h_year,
    "ago": _h_ago, "deictic": _h_deictic, "holiday": _h_holiday, "quarter": _h_quarter, "this_last": _h_this_last,
    "the_weekend": _h_the_weekend, "to_date": _h_to_date,
    "weekday": _h_weekday, "anaphoric": _h_anaphoric,
}


# --- anaphora and as_of ------------------------------------------------------------------

def resolve_anaphoric(mention: DateMention, base: DateMention) -> DateMention:
    """Resolve "the next year" / "the day before" against ``base``, an earlier resolved date
    of the same passage.  The result is never more precise than either input; a quarter
    shifted by years stays that quarter ("fourth-quarter revenue ... a year earlier")."""
    if mention.kind != "anaphoric" or mention.shift is None or not base.iso:
        return mention
    unit, amount = mention.shift
    parts = [int(p) for p in base.iso.split("-")]
    iso: str | None = None
    if unit == "year" and base.kind == "period" and len(parts) >= 2:
        iso = _iso(parts[0] + amount, parts[1])  # "a year earlier" than a quarter: the same quarter
    elif unit == "year":
        iso = _iso(parts[0] + amount)
    elif unit == "month" and len(parts) >= 2:
        iso = _iso(*_shift_months(parts[0], parts[1], amount))
    elif unit == "week" and len(parts) == 3:
        when = dt.date(*parts) + dt.timedelta(weeks=amount)
        iso = _week_iso(when - dt.timedelta(days=when.weekday()), when + dt.timedelta(days=6 - when.weekday()))
    elif unit == "day" and len(parts) == 3:
        iso = (dt.date(*parts) + dt.timedelta(days=amount)).isoformat()
    if iso is None:
        return mention
    return replace(mention, iso=iso, resolved=True)
