"""Hedges as intervals: compatible estimates must never be called a conflict."""

from __future__ import annotations

import math

import pytest

from claimledger.checks.intervals import (
    compatible,
    dates_agree,
    describe,
    interval_of,
    rounding_unit,
    same_time,
)


def test_kursk_troop_estimates_are_mutually_compatible() -> None:
    estimates = [
        (1500, None, "min"),  # at least 1,500 (spy agency, Oct 18)
        (10000, 10000, "approx"),  # around 10,000 (Zelensky)
        (10000, None, "min"),  # over 10,000 (Pentagon)
        (11000, 11000, "approx"),  # around 11,000 (intelligence estimates)
        (10000, 12000, "range"),  # 10,000 to 12,000
        (12000, 12000, "exact"),  # a 12,000 figure (South Korean media)
    ]
    intervals = [interval_of(*e) for e in estimates]
    for a in intervals:
        for b in intervals:
            assert compatible(a, b)


@pytest.mark.parametrize(("a", "b"), [
    ((10000, 10000, "approx"), (20000, 20000, "approx")),
    ((None, 5000, "max"), (10000, None, "min")),
    ((300, 300, "exact"), (30, 30, "exact")),
    ((10000, 12000, "range"), (50000, 50000, "exact")),
])
def test_incompatible_figures(a: tuple, b: tuple) -> None:
    assert not compatible(interval_of(*a), interval_of(*b))


def test_round_exact_values_cover_a_quarter_of_their_rounding_unit() -> None:
    assert rounding_unit(12000) == 1000
    assert rounding_unit(1250) == 10
    assert rounding_unit(7.5) == 0
    iv = interval_of(12000, 12000, "exact")
    assert iv is not None and iv.lo == 11750 and iv.hi == 12250
    exact_small = interval_of(12, 12, "exact")
    assert exact_small is not None and exact_small.lo == exact_small.hi == 12


def test_nearly_is_just_below_its_bound() -> None:
    iv = interval_of(None, 50000, "approx")
    assert iv is not None and iv.hi == 50000 and 39000 < iv.lo < 50000
    assert not compatible(iv, interval_of(30000, 30000, "exact"))


def test_open_bounds_and_unknowns() -> None:
    assert interval_of(None, None, "exact") is None
    assert compatible(None, interval_of(5, 5, "exact"))
    iv = interval_of(1000, None, "vague")
    assert iv is not None and math.isinf(iv.hi)


def test_describe() -> None:
    assert describe(1500, None, "min") == "≥1,500"
    assert describe(10000, 12000, "range") == "10,000–12,000"
    assert describe(11000, 11000, "approx") == "~11,000"
    assert describe(None, 50000, "max") == "≤50,000"


def test_dates_agree_at_common_precision() -> None:
    assert dates_agree("2024-11", "2024-11-12")
    assert dates_agree("2024", "2024-06")
    assert not dates_agree("2024-06", "2024-11-12")
    assert dates_agree(None, "2024-06")


def test_same_time_allows_a_day_at_day_precision() -> None:
    assert same_time("2024-11-12", "2024-11-13", days=1)
    assert not same_time("2024-11-12", "2024-11-14", days=1)
    assert not same_time("2024-11-12", "2024-11-13", days=0)
    assert same_time("2024-11", "2024-11-30")
