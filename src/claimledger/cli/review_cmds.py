"""CLI commands for human review: ``review``, ``review export-gold``, ``review add``,
``review merge|split|regroups|undo`` (figures), ``corrections export|import``, and :func:`eval_from_reviews` behind ``eval --from-reviews``.

A thin shell over :mod:`claimledger.review`.  Registered in :mod:`claimledger.cli.main`::

    app.add_typer(review_app, name="review")
    app.add_typer(corrections_app, name="corrections")

Errors are printed with their code and hint and turned into the documented exit codes here
(this module does not import ``cli.main``, which imports it).
"""

from __future__ import annotations

import getpass
import json
import sqlite3
import sys
from collections.abc import Callable
from pathlib import Path
from typing import TYPE_CHECKING, Annotated, NoReturn

import typer
from rich.console import Console

from claimledger.errors import ClaimledgerError, UsageError

if TYPE_CHECKING:
    from claimledger.review.model import ReviewState

err = Console(stderr=True, highlight=False)
out = Console(highlight=False)

DbOption = Annotated[Path, typer.Option("--db", help="The SQLite ledger file.")]
ReviewerOption = Annotated[str | None, typer.Option(
    "--reviewer", envvar="CLAIMLEDGER_REVIEWER", help="Your name, recorded with every decision "
    "(default: $CLAIMLEDGER_REVIEWER, else your login name).")]

review_app = typer.Typer(help="Review the ledger: confirm, correct or reject items, one at a time.",
                         add_completion=False, pretty_exceptions_enable=False)
corrections_app = typer.Typer(help="Share reviews between ledgers (matched by document, text hash and span).",
                              no_args_is_help=True, add_completion=False, pretty_exceptions_enable=False)


def _fail(exc: ClaimledgerError) -> NoReturn:
    err.print("error: " + str(exc), markup=False, soft_wrap=True)
    raise typer.Exit(exc.exit_code)


def _require_db(db: Path | None) -> Path:
    if db is None:
        _fail(UsageError("Which ledger? Pass --db FILE.", hint="e.g. claimledger review --db story.db"))
    if not db.exists():
        _fail(UsageError(f"No ledger at {db}.", hint="Create it with `claimledger analyze PATH --db FILE`."))
    return db


def _reviewer(name: str | None) -> str:
    if name:
        return name
    try:
        return getpass.getuser()
    except (OSError, KeyError):
        return "reviewer"


@review_app.callback(invoke_without_command=True)
def review(
    ctx: typer.Context,
    db: Annotated[Path | None, typer.Option("--db", help="The SQLite ledger file.")] = None,
    kind: Annotated[str | None, typer.Option(help="claim | event | finding | figure")] = None,
    status: Annotated[str, typer.Option(
        help="unreviewed | confirmed | corrected | rejected | reviewed | added | orphaned | unmatched | all")
    ] = "unreviewed",
    doc: Annotated[str | None, typer.Option(help="Only items of this document id.")] = None,
    reviewer: ReviewerOption = None,
    history: Annotated[str | None, typer.Option(
        "--history", metavar="ITEM", help="Show every past state of ITEM (R7, claim:12) and exit.")] = None,
    orphans: Annotated[bool, typer.Option("--orphans", help="List reviews whose passage or item is gone.")] = False,
    list_only: Annotated[bool, typer.Option("--list", help="List the items instead of prompting.")] = False,
) -> None:
    """Review items line by line (c confirm, e edit, r reject, n note, v verdict, q quit)."""
    if ctx.invoked_subcommand is not None:
        return
    from claimledger.ledger.store import Ledger
    from claimledger.review.anchor import reanchor_if_stale
    from claimledger.review.tui import history_table, orphans_table, review_session

    path = _require_db(db)
    try:
        with Ledger(path) as ledger:
            conn = ledger.conn
            report = reanchor_if_stale(conn)
            if report is not None and report.outcomes:
                err.print("re-anchored reviews: " + report.summary(), markup=False)
            if history:
                out.print(history_table(conn, history))
                return
            if orphans:
                table = orphans_table(conn)
                out.print(table if table is not None else "No orphaned or unmatched reviews.")
                return
            wanted = None if status == "all" else status
            if list_only:
                _print_list(conn, kind, wanted, doc)
                return
            review_session(conn, reviewer=_reviewer(reviewer), stdin=sys.stdin, console=out, kind=kind,
                           status=wanted, doc=doc)
    except ClaimledgerError as exc:
        _fail(exc)


def _print_list(conn: object, kind: str | None, status: str | None, doc: str | None) -> None:
    import sqlite3

    from rich.table import Table

    from claimledger.review.items import list_items
    from claimledger.review.tui import values_line

    assert isinstance(conn, sqlite3.Connection)
    items = list_items(conn, kind=kind, status=status, doc=doc)
    t = Table(title=f"{len(items)} item(s)")
    for col in ("item", "status", "document", "passage", "values"):
        t.add_column(col, overflow="fold")
    for it in items:
        span = it.span
        t.add_row(it.ref + (f" {it.review.label}" if it.review and it.row is not None else ""), it.shown_status,
                  it.doc or "", span.text[:60] if span else "", values_line(it.kind, it.approved))
    out.print(t)


@review_app.command("export-gold")
def export_gold(
    db: DbOption,
    output: Annotated[Path, typer.Option("--output", "-o", help="Where to write the gold JSON.")],
    story: Annotated[str | None, typer.Option(help="A name for the story, written into the file.")] = None,
) -> None:
    """Write the reviewed items as a gold file (claimledger-gold/1) for `claimledger eval`."""
    from claimledger.ledger.store import Ledger
    from claimledger.review.gold import reviews_to_gold

    path = _require_db(db)
    try:
        with Ledger(path) as ledger:
            gold = reviews_to_gold(ledger.conn, story=story)
    except ClaimledgerError as exc:
        _fail(exc)
    tmp = output.with_name(output.name + ".partial")
    tmp.write_text(json.dumps(gold, ensure_ascii=False, indent=1) + "\n", encoding="utf-8")
    tmp.replace(output)
    out.print(f"{len(gold['claims'])} claims, {len(gold['events'])} events, {len(gold['findings'])} findings "
              f"from {len(gold['documents'])} documents written to {output}", markup=False)


@review_app.command("add")
def add(
    db: DbOption,
    kind: Annotated[str, typer.Option(help="claim | event | finding")],
    doc: Annotated[str, typer.Option(help="The document id.")],
    text: Annotated[str, typer.Option(help="The passage, exactly as the document has it.")],
    values: Annotated[list[str], typer.Argument(help='field=value ... e.g. low=300 high=300 hedge=exact '
                                                'counted="soldiers killed"')],
    after: Annotated[int, typer.Option(help="Take the first occurrence at or after this offset.")] = 0,
    note: Annotated[str | None, typer.Option(help="A note kept with the item.")] = None,
    reviewer: ReviewerOption = None,
) -> None:
    """Add an item the extractor missed (it becomes gold for `eval --from-reviews`)."""
    from claimledger.ledger.store import Ledger
    from claimledger.review.actions import add_item
    from claimledger.review.model import parse_field

    path = _require_db(db)
    try:
        fields = {}
        for arg in values:
            name, eq, raw = arg.partition("=")
            if not eq:
                raise UsageError(f"{arg!r} is not field=value.", hint="e.g. hedge=exact low=300 high=300")
            fields[name.strip()] = parse_field(kind, name.strip(), raw)
        with Ledger(path) as ledger:
            state = add_item(ledger.conn, kind, doc, reviewer=_reviewer(reviewer), values=fields, text=text,
                             start=after, note=note)
    except ClaimledgerError as exc:
        _fail(exc)
    out.print(f"added {state.label}: {kind} {state.anchor.spans[0].text!r} ({state.anchor_state})", markup=False)


NoteOption = Annotated[str | None, typer.Option(help="Why: kept with the decision in its history.")]


def _regrouped(path: Path, record: Callable[[sqlite3.Connection], ReviewState]) -> None:
    """Record a merge/split/undo, rebuild the figures (cross stage + re-anchoring), say what happened."""
    from claimledger.ledger.store import Ledger
    from claimledger.review import figure_overrides

    try:
        with Ledger(path) as ledger:
            state = record(ledger.conn)
            done = figure_overrides.rebuild(ledger)
            view = next((v for v in figure_overrides.views(ledger.conn) if v.label == state.label), None)
    except ClaimledgerError as exc:
        _fail(exc)
    verb = "undone" if state.status == "rejected" else "recorded"
    out.print(f"{state.label} {verb}: {figure_overrides.describe(state)}; {done}", markup=False, soft_wrap=True)
    if view is not None and view.figure is not None and state.status != "rejected":
        out.print(f"the claims are now in figure {view.figure}", markup=False)


@review_app.command("merge")
def merge(
    db: DbOption,
    into: Annotated[str, typer.Argument(metavar="FIGURE_A", help="The figure that stays (figure:3 or 3).")],
    other: Annotated[str, typer.Argument(metavar="FIGURE_B", help="The figure whose claims join FIGURE_A.")],
    note: NoteOption = None,
    reviewer: ReviewerOption = None,
) -> None:
    """Merge figure B into figure A: kept across re-analysis and every rebuild of the figures."""
    from claimledger.review import figure_overrides

    path = _require_db(db)
    _regrouped(path, lambda conn: figure_overrides.merge(conn, into, other, reviewer=_reviewer(reviewer), note=note))


@review_app.command("split")
def split(
    db: DbOption,
    claims: Annotated[list[str], typer.Argument(metavar="CLAIM...", help="The claims to take out (claim:12 or 12).")],
    figure: Annotated[str | None, typer.Option("--figure", help="The figure they are in (checked).")] = None,
    into: Annotated[str | None, typer.Option(
        "--into", metavar="FIGURE", help="Move them to this figure instead of a new one.")] = None,
    label: Annotated[str | None, typer.Option(help="The new figure's label (default: the old one's).")] = None,
    note: NoteOption = None,
    reviewer: ReviewerOption = None,
) -> None:
    """Split claims out of their figure into a new figure (or --into another one)."""
    from claimledger.review import figure_overrides

    path = _require_db(db)
    _regrouped(path, lambda conn: figure_overrides.split(conn, claims, reviewer=_reviewer(reviewer), figure=figure,
                                                         into=into, label=label, note=note))


@review_app.command("undo")
def undo(
    db: DbOption,
    ref: Annotated[str, typer.Argument(metavar="REVIEW", help="The merge or split to undo (R12).")],
    note: NoteOption = None,
    reviewer: ReviewerOption = None,
) -> None:
    """Undo a merge or split (its history is kept; the figures are rebuilt without it)."""
    from claimledger.review import figure_overrides

    path = _require_db(db)
    _regrouped(path, lambda conn: figure_overrides.revoke(conn, ref, reviewer=_reviewer(reviewer), note=note))


@review_app.command("regroups")
def regroups(db: DbOption) -> None:
    """List the merges and splits of figures, with their state (applied, orphaned, undone)."""
    from rich.table import Table

    from claimledger.ledger.store import Ledger
    from claimledger.review import figure_overrides

    path = _require_db(db)
    try:
        with Ledger(path) as ledger:
            views = figure_overrides.views(ledger.conn)
    except ClaimledgerError as exc:
        _fail(exc)
    if not views:
        out.print("No merges or splits of figures.", markup=False)
        return
    t = Table(title=f"{len(views)} merge(s)/split(s)")
    for col in ("review", "state", "what", "figure now", "by", "note / why"):
        t.add_column(col, overflow="fold")
    for v in views:
        state = "undone" if v.status == "rejected" else ("applied" if v.shown == "confirmed" else v.shown)
        t.add_row(v.label, state, v.text, str(v.figure or ""), f"{v.reviewer} {v.at}",
                  "; ".join(x for x in (v.note, v.reason) if x))
    out.print(t)


@corrections_app.command("export")
def corrections_export(
    db: DbOption,
    output: Annotated[Path, typer.Option("--output", "-o", help="Where to write the corrections JSON.")],
) -> None:
    """Write every review of this ledger, with its anchor, to a file another ledger can import."""
    from claimledger.ledger.store import Ledger
    from claimledger.review.corrections import write_corrections

    path = _require_db(db)
    try:
        with Ledger(path) as ledger:
            n = write_corrections(ledger.conn, output, ledger_name=path.name)
    except ClaimledgerError as exc:
        _fail(exc)
    out.print(f"{n} reviewed item(s) written to {output}", markup=False)


@corrections_app.command("import")
def corrections_import(
    file: Annotated[Path, typer.Argument(help="A file written by `claimledger corrections export`.")],
    db: DbOption,
) -> None:
    """Apply exported reviews to this ledger; list those that match nothing here (exit 1)."""
    from claimledger.ledger.store import Ledger
    from claimledger.review.corrections import import_corrections, read_corrections

    path = _require_db(db)
    try:
        data = read_corrections(file)
        with Ledger(path) as ledger:
            report = import_corrections(ledger.conn, data, source=file.name)
        if report.regroups:
            from claimledger.review.figure_overrides import rebuild

            with Ledger(path) as ledger:
                out.print(f"{report.regroups} merge(s)/split(s) of figures imported: {rebuild(ledger)}", markup=False)
    except ClaimledgerError as exc:
        _fail(exc)
    out.print(report.summary(), markup=False)
    if report.unmatched:
        err.print(f"{len(report.unmatched)} review(s) could not be matched in {path}:", markup=False)
        for u in report.unmatched:
            err.print(f"  {u.review} {u.kind} {u.text[:60]!r}: {u.reason}", markup=False, soft_wrap=True)
        raise typer.Exit(1)


def eval_from_reviews(db: Path, *, as_json: bool = False, verbose: bool = False) -> None:
    """``claimledger eval --from-reviews --db FILE``: score the current extraction against
    this ledger's own reviews, with the same measures as ``claimledger eval``."""
    from claimledger.evaluation import format_report
    from claimledger.ledger.store import Ledger
    from claimledger.review.anchor import reanchor_if_stale
    from claimledger.review.gold import score_reviews

    path = _require_db(db)
    try:
        with Ledger(path) as ledger:
            reanchor_if_stale(ledger.conn)
            result = score_reviews(ledger.conn)
    except ClaimledgerError as exc:
        _fail(exc)
    if not result.gold["documents"]:
        _fail(UsageError(f"{path} has no reviewed claims, events or findings to score against.",
                         hint="Review some items first: `claimledger review --db FILE`."))
    if as_json:
        payload = {**result.result.to_dict(), "reviews": {
            "used": dict(result.reviewed), "unreviewed_predictions": dict(result.unreviewed_predictions),
            "orphaned": result.orphaned}}
        out.print_json(json.dumps(payload))
        return
    out.print(format_report(result.result, verbose=verbose), markup=False)
    out.print(result.summary(), markup=False, soft_wrap=True)


__all__ = ["corrections_app", "eval_from_reviews", "review_app"]
