"""The line-by-line review prompt, driven through injected input and output streams."""

from __future__ import annotations

import io
import sqlite3

from rich.console import Console

from claimledger.review import store
from claimledger.review.items import list_items
from claimledger.review.tui import history_table, orphans_table, review_session


def _console() -> tuple[Console, io.StringIO]:
    buf = io.StringIO()
    return Console(file=buf, force_terminal=False, width=160, color_system=None, highlight=False), buf


def _render(table: object) -> str:
    console, buf = _console()
    console.print(table)
    return buf.getvalue()


def test_a_session_records_each_decision_and_shows_the_span(conn: sqlite3.Connection) -> None:
    first = list_items(conn, kind="claim")[:5]
    keys = "\n".join([
        "c",                                   # 1 confirm
        "e hedge=approx low=1000 high=1000",   # 2 correct
        "r duplicate of the lede",             # 3 reject with a note
        "x",                                   # unknown command: error, same item
        "s",                                   # 4 skip
        "b",                                   # back to 4
        "n",                                   # 4 note, asked on the next line
        "checked by phone",
        "q",
    ]) + "\n"
    console, buf = _console()
    summary = review_session(conn, reviewer="ann", stdin=io.StringIO(keys), console=console, kind="claim")
    out = buf.getvalue()
    assert "⟦" + (first[0].span.text if first[0].span else "") + "⟧" in out
    assert "Unknown command 'x'" in out
    states = {s.anchor.span.start: s for s in store.current(conn) if s.anchor.span}
    got = [states.get(i.span.start) for i in first if i.span]
    assert [s.status if s else None for s in got] == ["confirmed", "corrected", "rejected", "unreviewed", None]
    assert got[1] is not None and got[1].approved["hedge"] == "approx"
    assert got[2] is not None and got[2].note == "duplicate of the lede"
    assert got[3] is not None and got[3].note == "checked by phone"
    assert summary.decisions["confirmed"] == 1 and summary.decisions["rejected"] == 1
    assert "4 decision(s)" in out


def test_a_session_stops_at_end_of_input_and_refuses_bad_values(conn: sqlite3.Connection) -> None:
    console, buf = _console()
    review_session(conn, reviewer="ann", stdin=io.StringIO("e hedge=exact\ne low=eleven\n"), console=console,
                   kind="claim")
    out = buf.getvalue()
    assert "exact needs low == high" in out and "is not a number" in out
    assert store.current(conn) == []


def test_history_and_orphans_tables(conn: sqlite3.Connection) -> None:
    console, _ = _console()
    ref = list_items(conn, kind="event")[0].ref
    review_session(conn, reviewer="ann", stdin=io.StringIO("c\nq\n"), console=console, kind="event")
    review_session(conn, reviewer="bob", stdin=io.StringIO("r\nq\n"), console=console, kind="event",
                   status="confirmed")
    text = _render(history_table(conn, ref))
    assert "History of R1" in text and "ann" in text and "bob" in text
    assert text.index("confirmed") < text.index("rejected")
    assert orphans_table(conn) is None


def test_verdicts_on_figures_from_the_prompt(conn: sqlite3.Connection) -> None:
    console, _ = _console()
    review_session(conn, reviewer="ann", stdin=io.StringIO("v disputed the Pentagon and Kyiv differ\nv\nconsistent\n"
                                                           "same count everywhere\n"), console=console, kind="figure")
    figures = sorted((s for s in store.current(conn) if s.kind == "figure"), key=lambda s: s.item)
    assert [(s.verdict, s.rationale) for s in figures] == [
        ("disputed", "the Pentagon and Kyiv differ"), ("consistent", "same count everywhere")]
