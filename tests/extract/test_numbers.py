"""parse_number reads every way news writes a number, and never raises."""

from __future__ import annotations

import math

import pytest
from hypothesis import given
from hypothesis import strategies as st

from claimledger.extract.numbers import currency_of, parse_digits, parse_number


@pytest.mark.parametrize(
    ("text", "value"),
    [
        ("1,250", 1250),
        ("1.2", 1.2),
        ("16.057", 16.057),
        ("10.000", 10000),  # a European thousands separator, not ten to three places
        ("1.250.000", 1_250_000),
        ("1,234,567.5", 1_234_567.5),
        ("0.8", 0.8),
        ("fifty-seven", 57),
        ("twenty", 20),
        ("Twenty-Four", 24),
        ("one hundred and five", 105),
        ("one hundred twenty five", 125),
        ("twelve hundred", 1200),
        ("three hundred thousand", 300_000),
        ("two thousand and nineteen", 2019),
        ("a dozen", 12),
        ("two dozen", 24),
        ("a trio", 3),
        ("a trio of", 3),
        ("a couple of", 2),
        ("a pair", 2),
        ("a score", 20),
        ("a hundred", 100),
        ("a million", 1e6),
        ("1.2 million", 1.2e6),
        ("$2.5bn", 2.5e9),
        ("£3m", 3e6),
        ("250k", 250_000),
        ("€1.5 billion", 1.5e9),
        ("half a million", 500_000),
        ("one and a half million", 1.5e6),
        ("a fifth", 0.2),
        ("two-thirds", 2 / 3),
        ("three quarters", 0.75),
        ("half", 0.5),
        ("twice", 2),
    ],
)
def test_reads_number_expressions(text: str, value: float) -> None:
    got = parse_number(text)
    assert got is not None and math.isclose(got, value, rel_tol=1e-9)


@pytest.mark.parametrize(
    "text",
    ["", "hello", "fifth", "third", "couple", "and", "a", "five six", "twenty twenty", "1 000", "1,23,4", "2nd"],
)
def test_rejects_what_is_not_one_number(text: str) -> None:
    assert parse_number(text) is None


def test_parse_digits_reads_european_decimal_comma() -> None:
    assert parse_digits("3,5") == 3.5
    assert parse_digits("1.250,5") == 1250.5
    assert parse_digits("12a") is None


def test_currency_prefixes() -> None:
    assert currency_of("US$ ") == "USD"
    assert currency_of("£") == "GBP"
    assert currency_of("Rs.") == "INR"
    assert currency_of("?") is None


@given(st.text(max_size=80))
def test_never_raises_on_arbitrary_text(text: str) -> None:
    value = parse_number(text)
    assert value is None or isinstance(value, float)


@given(st.text(alphabet="0123456789,. -abcdefghijklmnopqrstuvwxyz$£€", max_size=40))
def test_never_raises_on_number_like_text(text: str) -> None:
    value = parse_number(text)
    assert value is None or math.isfinite(value)
