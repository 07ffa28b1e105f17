"""Figures as intervals, and ISO date prefixes as time windows.

Two reports disagree only when no single true value could make both honest: "at least
1,500" and "around 11,000" are both true if 11,000 soldiers came, so they do not conflict.
Each hedge therefore becomes the interval of values its writer would accept:

* ``exact``  — the value; a round value ("12,000") also covers a quarter of its rounding
  unit either side, because journalists round;
* ``approx`` — at least ±10 %, and a quarter of the rounding unit ("around 10,000" covers
  7,500–12,500); "nearly 50,000" (``high`` set, ``low`` null) covers 80–100 % of it;
* ``min`` / ``max`` — a half-line; ``range`` / ``vague`` — their bounds.

Dates are ISO prefixes at the precision the text gives ("2024", "2024-06",
"2024-06-19"); two dates agree when one is a prefix of the other.
"""

from __future__ import annotations

import datetime as dt
import math
from dataclasses import dataclass

INF = math.inf


@dataclass(frozen=True)
class Interval:
    lo: float
    hi: float

    def overlaps(self, other: Interval) -> bool:
        return self.lo <= other.hi and other.lo <= self.hi

    def mid(self) -> float:
        """A representative value (the finite bound of a half-line)."""
        if math.isinf(self.hi):
            return self.lo
        if math.isinf(self.lo):
            return self.hi
        return (self.lo + self.hi) / 2


def rounding_unit(value: float) -> float:
    """The power of ten a value is a multiple of: 12,000 -> 1,000; 1,250 -> 10; 7 -> 1."""
    v = abs(float(value))
    if v == 0 or not v.is_integer():
        return 0.0
    unit = 1.0
    while v % (unit * 10) == 0:
        unit *= 10
    return unit


def interval_of(low: float | None, high: float | None, hedge: str) -> Interval | None:
    """The values a figure admits; ``None`` when it has no usable bound."""
    if low is None and high is None:
        return None
    if hedge == "approx":
        if low is None and high is not None:  # "nearly 50,000"
            return Interval(high - 0.2 * abs(high), high)
        if low is not None and high is not None and low != high:
            return Interval(low, high)
        v = float(low if low is not None else high)  # type: ignore[arg-type]
        tol = max(0.1 * abs(v), 0.25 * rounding_unit(v))
        return Interval(v - tol, v + tol)
    if hedge == "min":
        base = low if low is not None else high
        return Interval(float(base), INF)  # type: ignore[arg-type]
    if hedge == "max":
        base = high if high is not None else low
        return Interval(-INF, float(base))  # type: ignore[arg-type]
    lo = -INF if low is None else float(low)
    hi = INF if high is None else float(high)
    if hedge == "exact" and lo == hi:
        unit = rounding_unit(lo)
        tol = 0.25 * unit if unit >= 100 else 0.0
        return Interval(lo - tol, hi + tol)
    return Interval(min(lo, hi), max(lo, hi))


def compatible(a: Interval | None, b: Interval | None) -> bool:
    """True unless both are known and cannot hold at once."""
    if a is None or b is None:
        return True
    return a.overlaps(b)


def describe(low: float | None, high: float | None, hedge: str) -> str:
    """A short human rendering: "≥1,500", "~11,000", "10,000–12,000"."""
    def n(x: float | None) -> str:
        if x is None:
            return "?"
        return f"{int(x):,}" if float(x).is_integer() else f"{x:,.2f}".rstrip("0").rstrip(".")

    if hedge == "min":
        return "≥" + n(low if low is not None else high)
    if hedge == "max":
        return "≤" + n(high if high is not None else low)
    if hedge == "approx":
        return "~" + n(low if low is not None else high)
    if low is not None and high is not None and low != high:
        return f"{n(low)}–{n(high)}"
    return n(low if low is not None else high)


# ---------------------------------------------------------------------------- dates
def dates_agree(a: str | None, b: str | None) -> bool:
    """Two ISO prefixes agree when one is a prefix of the other (unknown agrees with all)."""
    if not a or not b:
        return True
    return a.startswith(b) or b.startswith(a)


def to_date(iso: str | None) -> dt.date | None:
    """The first day an ISO prefix can mean ("2024-06" -> 2024-06-01); None if unreadable."""
    if not iso:
        return None
    parts = iso[:10].split("-")
    try:
        year = int(parts[0])
        month = int(parts[1]) if len(parts) > 1 else 1
        day = int(parts[2]) if len(parts) > 2 else 1
        return dt.date(year, month, day)
    except (ValueError, IndexError):
        return None


def precision(iso: str | None) -> int:
    """0 unknown, 1 year, 2 month, 3 day."""
    if not iso:
        return 0
    return min(3, len(iso[:10].split("-")))


def same_time(a: str | None, b: str | None, *, days: int = 1) -> bool:
    """Whether two moments can be the same, within ``days`` at day precision."""
    if not a or not b:
        return True
    if precision(a) == 3 and precision(b) == 3:
        da, db = to_date(a), to_date(b)
        if da is None or db is None:
            return a == b
        return abs((da - db).days) <= days
    return dates_agree(a, b)
