"""Formats newsrooms and researchers use, beyond the ``claimledger-export/1`` JSON.

=============  ==============================================  ===========================
format         what                                            output
=============  ==============================================  ===========================
claimreview    schema.org ClaimReview JSON-LD (fact-checkers)  one JSON-LD file (or -)
parquet        one typed Parquet file per table (data teams)   a folder
timeline       TimelineJS JSON (newsroom timelines)            one JSON file (or -)
datasette      metadata.json for ``datasette ledger.db -m``     one JSON file (or -)
=============  ==============================================  ===========================

:data:`EXTRA_FORMATS` maps each name to a writer with the contract of
:func:`claimledger.ledger.export.export`: ``writer(ledger, output)`` writes to the path
``output`` (atomically: a ``.partial`` file renamed into place) or, for ``None``/``"-"``,
returns the text.  The reverse direction, an export back into a ledger, is
:func:`claimledger.formats.importer.import_export`.
"""

from __future__ import annotations

import io
from collections.abc import Callable
from pathlib import Path
from typing import TextIO

from claimledger.errors import UsageError
from claimledger.ledger.store import Ledger

TextWriter = Callable[[Ledger, TextIO], None]
Writer = Callable[[Ledger, str | Path | None], str | None]


def _text_format(write: TextWriter) -> Writer:
    def writer(ledger: Ledger, output: str | Path | None) -> str | None:
        if output in (None, "-"):
            buf = io.StringIO()
            write(ledger, buf)
            return buf.getvalue()
        path = Path(str(output))
        if path.is_dir():
            raise UsageError(f"--output {path} is a folder.", hint="Give a file name, e.g. --output story.json.")
        tmp = path.with_name(path.name + ".partial")
        with tmp.open("w", encoding="utf-8") as fh:
            write(ledger, fh)
        tmp.replace(path)
        return None

    return writer


def _parquet(ledger: Ledger, output: str | Path | None) -> str | None:
    from claimledger.formats.parquet import write_parquet

    write_parquet(ledger, output)
    return None


def _lazy(module: str, name: str) -> TextWriter:
    def write(ledger: Ledger, out: TextIO) -> None:
        import importlib

        getattr(importlib.import_module(module), name)(ledger, out)

    return write


EXTRA_FORMATS: dict[str, Writer] = {
    "claimreview": _text_format(_lazy("claimledger.formats.claimreview", "write_claimreview")),
    "parquet": _parquet,
    "timeline": _text_format(_lazy("claimledger.formats.timeline", "write_timeline")),
    "datasette": _text_format(_lazy("claimledger.formats.datasette", "write_datasette")),
}


def export_extra(ledger: Ledger, fmt: str, output: str | Path | None) -> str | None:
    """Write ``fmt`` (one of :data:`EXTRA_FORMATS`) to ``output``; return the text for ``-``."""
    try:
        writer = EXTRA_FORMATS[fmt]
    except KeyError:
        raise UsageError(f"Unknown export format {fmt!r}.", hint=f"Use one of: {', '.join(EXTRA_FORMATS)}.") from None
    return writer(ledger, output)


__all__ = ["EXTRA_FORMATS", "Writer", "export_extra"]
