"""CLAIMLEDGER_* on/off settings are all read the same way."""

from __future__ import annotations

import pytest

from claimledger.settings import switch


@pytest.mark.parametrize(("value", "expected"), [
    ("1", True), ("on", True), ("TRUE", True), (" yes ", True),
    ("0", False), ("Off", False), ("false", False), ("no", False),
    ("", None), ("maybe", None),
])
def test_on_and_off_words(monkeypatch: pytest.MonkeyPatch, value: str, expected: bool | None) -> None:
    monkeypatch.setenv("CLAIMLEDGER_SOME_SWITCH", value)
    assert switch("CLAIMLEDGER_SOME_SWITCH") is expected


def test_unset_is_none(monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.delenv("CLAIMLEDGER_SOME_SWITCH", raising=False)
    assert switch("CLAIMLEDGER_SOME_SWITCH") is None
