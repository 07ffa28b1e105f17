"""Values in words, dates at their precision, and inert rendering of article strings."""

from __future__ import annotations

import datetime as dt

import pytest
from hypothesis import given
from hypothesis import strategies as st

from claimledger.report import format as fmt


@pytest.mark.parametrize(("low", "high", "hedge", "unit", "expected"), [
    (1500, None, "min", None, "at least 1,500"),
    (None, 50000, "max", None, "up to 50,000"),
    (11000, 11000, "approx", None, "about 11,000"),
    (None, 50000, "approx", None, "nearly 50,000"),
    (10000, 12000, "range", None, "10,000–12,000"),
    (57, 57, "exact", None, "57"),
    (1000, 9999, "vague", None, "vague, 1,000–9,999"),
    (1000, None, "vague", None, "vague, 1,000 or more"),
    (1.5e6, 1.5e6, "exact", "USD", "$1.5 million"),
    (12.5, 12.5, "approx", "%", "about 12.5%"),
    (35, 35, "exact", "km", "35 km"),
    (None, None, "exact", None, "unspecified"),
])
def test_value_in_words(low: float | None, high: float | None, hedge: str, unit: str | None,
                        expected: str) -> None:
    assert fmt.value(low, high, hedge, unit) == expected


def test_source_label_keeps_role_and_org_apart_and_names_the_relay() -> None:
    assert fmt.source_label("Vedant Patel", "spokesperson", "Pentagon") == "Vedant Patel (spokesperson, Pentagon)"
    assert fmt.source_label("Zelensky", None, None, "BBC") == "Zelensky via BBC"
    assert fmt.source_label(None) == "unattributed"


def test_dates_keep_their_precision() -> None:
    assert fmt.iso_prefix("2024-11-12") == "12 Nov 2024"
    assert fmt.iso_prefix("2024-06") == "Jun 2024"
    assert fmt.iso_prefix("2024") == "2024"
    assert fmt.iso_prefix(None) == "undated"
    assert fmt.date_span("2024-02") == (dt.date(2024, 2, 1), dt.date(2024, 2, 29))
    assert fmt.date_span("2024-12") == (dt.date(2024, 12, 1), dt.date(2024, 12, 31))
    assert fmt.date_span("2024-13-01") is None


def test_inert_escapes_markup_and_shows_invisible_characters() -> None:
    out = str(fmt.inert('<img src=x onerror="alert(1)">\u202egnp.exe\u200b'))
    assert "<img" not in out and "&lt;img" in out
    assert "\u202e" not in out and "\u200b" not in out
    assert out.count('class="ctl"') == 2 and "U+202E" in out


@given(st.text())
def test_inert_never_emits_markup_from_its_input(text: str) -> None:
    out = str(fmt.inert(text))
    # the only tags in the output are the badges inert adds itself
    stripped = out.replace('<span class="ctl" title="', "").replace("</span>", "")
    assert "<" not in stripped.replace('">', "")
    assert "\u202e" not in out
