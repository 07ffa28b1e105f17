"""The human view of a ledger: one self-contained HTML report (and the pieces the web UI reuses).

``build_report(ledger) -> str`` is the entry point; :mod:`queries` holds every SQL read,
:mod:`views` assembles cards/findings/documents, :mod:`charts` draws SVG, :mod:`text`
cuts documents into highlighted pieces, :mod:`format` words values ("at least 1,500").
"""

from claimledger.report.build import build_report

__all__ = ["build_report"]
