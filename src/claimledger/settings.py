"""On/off settings read from the environment (``CLAIMLEDGER_SEMANTIC``, ``CLAIMLEDGER_BF16``,
``CLAIMLEDGER_SPACY_BLIS``), all spelled the same way: 1/on/true/yes or 0/off/false/no,
in any case."""

from __future__ import annotations

import os

_ON = frozenset(("1", "on", "true", "yes"))
_OFF = frozenset(("0", "off", "false", "no"))


def switch(name: str) -> bool | None:
    """True or False when ``name`` is set to an on or off word; None when unset (or set to
    anything else), so the caller's default applies."""
    value = os.environ.get(name, "").strip().lower()
    if value in _ON:
        return True
    if value in _OFF:
        return False
    return None
