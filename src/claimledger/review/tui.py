"""``claimledger review``: review the ledger line by line in a terminal.

One item at a time: its sentence with the span marked, what the extractor says, and a
one-letter prompt.  Reading from a plain text stream (not a key-by-key TUI) keeps it usable
over ssh, in a screen reader, piped from a file of decisions, and in tests, which inject
the input and output streams.

    c                          confirm (corrected values stay corrected)
    e hedge=approx low=11000   correct fields (quote values with spaces: counted="troops killed")
    r [note]                   reject (a false positive), with an optional note
    n note text                set the note
    v disputed [rationale]     verdict on a figure or claim: consistent, disputed, unverified
    u                          reset to unreviewed
    s or Enter                 skip; b back; h help; q quit
"""

from __future__ import annotations

import shlex
import sqlite3
from collections import Counter
from collections.abc import Mapping, Sequence
from dataclasses import dataclass, field
from typing import Any, TextIO

from rich.console import Console
from rich.markup import escape
from rich.table import Table

from claimledger.errors import UsageError
from claimledger.review import figure_overrides, store
from claimledger.review.actions import decide
from claimledger.review.items import Item, get_item, list_items, lost_items, parse_ref
from claimledger.review.model import FIELDS, VERDICTS, ReviewState, parse_field

HELP = __doc__.split("\n\n", 2)[2].rstrip() if __doc__ else ""
PROMPT = "c confirm · e edit · r reject · n note · v verdict · u reset · s skip · b back · h help · q quit"
MAX_CONTEXT = 700


@dataclass
class SessionSummary:
    shown: int = 0
    decisions: Counter[str] = field(default_factory=Counter)

    def line(self) -> str:
        done = sum(self.decisions.values())
        parts = ", ".join(f"{n} {k}" for k, n in sorted(self.decisions.items()))
        return f"{done} decision(s) on {self.shown} item(s) shown" + (f": {parts}" if parts else "")


def _value(v: Any) -> str:
    return "—" if v is None or v == "" else str(v)


def values_line(kind: str, values: Mapping[str, Any]) -> str:
    return "  ".join(f"{k} {_value(values.get(k))}" for k in FIELDS[kind])


def show_item(console: Console, item: Item, n: int, total: int) -> None:
    r = item.review
    head = f"[bold][{n}/{total}] {escape(item.ref)}[/bold] · {escape(item.kind)}"
    if item.doc:
        head += f" · {escape(item.doc)}"
    head += f" · [bold]{escape(item.shown_status)}[/bold]"
    if r is not None:
        head += f" ({escape(r.label)}, {escape(r.reviewer)})"
    console.print(head)
    before, span, after = item.parts()
    if len(before) + len(span) + len(after) > MAX_CONTEXT:
        before, after = "…" + before[-(MAX_CONTEXT // 2):], after[:MAX_CONTEXT // 2] + "…"
    if span:
        console.print(f"  {escape(before)}[reverse]⟦{escape(span)}⟧[/reverse]{escape(after)}", soft_wrap=True)
    else:
        console.print(f"  {escape(before)}", soft_wrap=True)
    console.print(f"  extracted: {escape(values_line(item.kind, item.values))}", soft_wrap=True)
    if r is not None:
        if r.corrections:
            console.print(f"  approved:  {escape(values_line(item.kind, r.approved))}", soft_wrap=True)
        if r.verdict:
            console.print(f"  verdict:   {escape(r.verdict)} — {escape(r.rationale or '')}", soft_wrap=True)
        if r.note:
            console.print(f"  note:      {escape(r.note)}", soft_wrap=True)
        if r.reason:
            console.print(f"  anchor:    {escape(r.reason)}", soft_wrap=True)


def parse_assignments(kind: str, text: str) -> dict[str, Any]:
    """'hedge=approx counted="troops killed"' -> {'hedge': 'approx', 'counted': 'troops killed'}."""
    try:
        words = shlex.split(text)
    except ValueError as exc:
        raise UsageError(f"Cannot read {text!r}: {exc}.",
                         hint='Quote values with spaces: counted="troops killed".') from None
    out: dict[str, Any] = {}
    for w in words:
        name, eq, raw = w.partition("=")
        if not eq:
            raise UsageError(f"{w!r} is not field=value.", hint=f"Fields: {', '.join(FIELDS[kind])}.")
        out[name.strip()] = parse_field(kind, name.strip(), raw)
    return out


def _ask(stdin: TextIO, console: Console, prompt: str) -> str | None:
    console.print(prompt, end="")
    line = stdin.readline()
    if not line:
        return None
    return line.rstrip("\r\n")


def _act(conn: sqlite3.Connection, item: Item, line: str, reviewer: str, stdin: TextIO,
         console: Console) -> ReviewState | None:
    cmd, _, rest = line.strip().partition(" ")
    cmd, rest = cmd.lower(), rest.strip()
    if cmd in ("c", "confirm"):
        return decide(conn, item.ref, "confirm", reviewer=reviewer)
    if cmd in ("r", "reject"):
        return decide(conn, item.ref, "reject", reviewer=reviewer, note=rest or None)
    if cmd in ("u", "reset"):
        return decide(conn, item.ref, "reset", reviewer=reviewer)
    if cmd in ("e", "edit"):
        if not rest:
            got = _ask(stdin, console, f"  fields ({', '.join(FIELDS[item.kind])}; empty cancels) > ")
            if not got:
                return None
            rest = got
        return decide(conn, item.ref, "correct", reviewer=reviewer, corrections=parse_assignments(item.kind, rest))
    if cmd in ("n", "note"):
        if not rest:
            rest = _ask(stdin, console, "  note (empty clears) > ") or ""
        return decide(conn, item.ref, "note", reviewer=reviewer, note=rest)
    if cmd in ("v", "verdict"):
        verdict, _, rationale = rest.partition(" ")
        if not verdict:
            verdict = _ask(stdin, console, f"  verdict ({', '.join(VERDICTS)}) > ") or ""
            rationale = _ask(stdin, console, "  rationale > ") or ""
        return decide(conn, item.ref, "verdict", reviewer=reviewer, verdict=verdict.strip(),
                      rationale=rationale or None)
    raise UsageError(f"Unknown command {cmd!r}.", hint="Type h for help.")


def review_session(conn: sqlite3.Connection, *, reviewer: str, stdin: TextIO, console: Console,
                   kind: str | None = None, status: str | None = "unreviewed", doc: str | None = None,
                   items: Sequence[Item] | None = None) -> SessionSummary:
    """Walk the items (filtered like ``list_items``) and record each decision as it is typed.

    Ends at the last item, on ``q`` or at the end of the input stream.
    """
    todo = list(items) if items is not None else list_items(conn, kind=kind, status=status, doc=doc)
    summary = SessionSummary()
    if not todo:
        console.print("Nothing to review with these filters.")
        return summary
    console.print(f"{len(todo)} item(s) to review as {escape(reviewer)}. Type h for help.")
    i = 0
    seen: set[int] = set()
    while 0 <= i < len(todo):
        item = todo[i]
        if i not in seen:
            seen.add(i)
            summary.shown += 1
        show_item(console, item, i + 1, len(todo))
        line = _ask(stdin, console, f"{PROMPT}\n> ")
        if line is None or line.strip().lower() in ("q", "quit"):
            break
        word = line.strip().lower()
        if word in ("", "s", "skip", "j"):
            i += 1
            continue
        if word in ("b", "back", "k"):
            i = max(0, i - 1)
            continue
        if word in ("h", "?", "help"):
            console.print(escape(HELP))
            continue
        try:
            state = _act(conn, item, line, reviewer, stdin, console)
        except UsageError as exc:
            console.print(f"[bold]error:[/bold] {escape(str(exc))}", soft_wrap=True)
            continue
        if state is None:
            continue
        summary.decisions[state.status if state.status != "unreviewed" or not state.note else "noted"] += 1
        console.print(f"  → {escape(state.label)} {escape(state.shown_status)}"
                      + (f" ({escape(values_line(item.kind, state.corrections))})" if state.corrections
                         and state.status == "corrected" else ""))
        todo[i] = get_item(conn, state.label)
        i += 1
    console.print(summary.line())
    return summary


def history_table(conn: sqlite3.Connection, ref: str) -> Table:
    """Every past state of one item, oldest first."""
    kind, n = parse_ref(ref)
    if kind is not None:
        item = get_item(conn, ref)
        if item.review is None:
            raise UsageError(f"{ref} has not been reviewed.", hint="Only reviewed items have a history.")
        n = item.review.item
    states = store.history(conn, n)
    if not states:
        raise UsageError(f"No review R{n} in this ledger.", hint="List reviews with `claimledger review --db FILE`.")
    t = Table(title=f"History of R{n} ({states[0].kind})", show_lines=False)
    for col in ("#", "at", "reviewer", "action", "status", "anchor", "passage", "changes"):
        t.add_column(col, overflow="fold")
    for k, s in enumerate(states, 1):
        span = s.anchor.span
        passage = f"{span.start}:{span.end} {span.text[:60]}" if span else (
            figure_overrides.describe(s) if s.kind == figure_overrides.KIND else s.anchor.label or "")
        changes = []
        if s.corrections:
            changes.append("corrected " + ", ".join(f"{a}={_value(b)}" for a, b in s.corrections.items()))
        if s.verdict:
            changes.append(f"verdict {s.verdict}: {s.rationale or ''}")
        if s.note:
            changes.append(f"note: {s.note}")
        if s.reason:
            changes.append(s.reason)
        status = s.status + (" (added)" if s.added else "")
        t.add_row(str(k), s.at, s.reviewer, s.action, status, s.anchor_state, passage, "; ".join(changes))
    return t


def orphans_table(conn: sqlite3.Connection) -> Table | None:
    """Reviews that no longer sit on their item: orphaned, or no longer extracted."""
    rows = lost_items(conn)
    regroups = [s for s in figure_overrides.overrides(conn) if s.anchor_state in ("orphaned", "unmatched")]
    if not rows and not regroups:
        return None
    t = Table(title="Reviews that lost their item")
    for col in ("review", "kind", "state", "status", "document", "passage", "why"):
        t.add_column(col, overflow="fold")
    for it in rows:
        r = it.review
        assert r is not None
        t.add_row(r.label, r.kind, it.shown_status, r.status, r.anchor.doc or "",
                  (r.anchor.span.text[:60] if r.anchor.span else r.anchor.label or ""), r.reason or "")
    for s in regroups:  # merges and splits of figures that no longer apply
        t.add_row(s.label, s.kind, s.anchor_state, s.status, "", figure_overrides.describe(s), s.reason or "")
    return t


__all__ = ["SessionSummary", "history_table", "orphans_table", "parse_assignments", "review_session", "show_item",
           "values_line"]
