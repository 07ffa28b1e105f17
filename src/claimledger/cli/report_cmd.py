"""``claimledger report``: write the ledger as one self-contained HTML file.

Registered in :mod:`claimledger.cli.main` with ``app.command()(report)``.  The file is
written beside its destination and renamed into place, so a reader never opens half a
report.
"""

from __future__ import annotations

from pathlib import Path
from typing import Annotated

import typer

from claimledger.errors import ClaimledgerError, UsageError


def report(
    db: Annotated[Path, typer.Option("--db", help="The SQLite ledger file.")],
    output: Annotated[Path, typer.Option("--output", "-o", help="The HTML file to write.")] = Path("report.html"),
    title: Annotated[str | None, typer.Option(help="Title at the top of the report (default: counts).")] = None,
    reviewed_only: Annotated[bool, typer.Option(
        "--reviewed-only",
        help="For publication: only items a reviewer confirmed or corrected (corrected values shown), "
             "and figures with a verdict or a reviewed claim.")] = False,
) -> None:
    """Write a self-contained HTML report: figures, timeline, findings, documents (opens offline).

    Review statuses and verdicts are shown on every item; see `claimledger review`.
    """
    from claimledger.cli.main import fail, out
    from claimledger.ledger.store import Ledger
    from claimledger.report import build_report

    if not db.exists():
        fail(UsageError(f"No ledger at {db}.", hint="Create it with `claimledger analyze PATH --db FILE`."))
    if output.exists() and output.is_dir():
        fail(UsageError(f"--output {output} is a folder.", hint="Give a file name, e.g. --output story.html."))
    try:
        with Ledger(db, readonly=True) as ledger:
            html = build_report(ledger, title=title, reviewed_only=reviewed_only)
    except ClaimledgerError as exc:
        fail(exc)
    output.parent.mkdir(parents=True, exist_ok=True)
    tmp = output.with_name(output.name + ".partial")
    try:
        tmp.write_text(html, encoding="utf-8")
        tmp.replace(output)
    except OSError as exc:
        fail(UsageError(f"Cannot write {output} ({exc.strerror or exc}).",
                        hint="Choose a writable location for --output."))
    scope = ", reviewed items only" if reviewed_only else ""
    out.print(f"Report: {output} ({len(html.encode('utf-8')) // 1024} KiB{scope})", markup=False)
