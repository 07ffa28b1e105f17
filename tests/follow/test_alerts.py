"""Alert diffing: identities that survive re-analysis, and what counts as a change."""

from __future__ import annotations

from claimledger.follow.alerts import ClaimState, Snapshot, counted_head, diff


def claim(doc: str, low: float, *, start: int = 0, source: str | None = "Officials") -> ClaimState:
    return ClaimState(doc, start, start + 6, "10,000", low, None, "min", None, source, "2024-11-04",
                      "Title", "Outlet", f"https://x.example/{doc}")


def test_counted_head_drops_place_and_time() -> None:
    assert counted_head("North Korean soldiers in Russia's Kursk region") == "north korean soldiers"
    assert counted_head("people killed during the floods") == "people killed"
    assert counted_head("Inhabitants") == "inhabitants"


def test_new_figure_new_value_new_source_and_moved_spans() -> None:
    before = Snapshot(figures={"soldiers|": ("soldiers", [claim("a", 10000)])})
    same_but_moved = Snapshot(figures={"soldiers|": ("soldiers", [claim("a", 10000, start=40)])})
    assert diff(before, same_but_moved) == []  # an updated article shifts offsets: not a change
    more = Snapshot(figures={"soldiers|": ("soldiers", [claim("a", 10000), claim("b", 10000, source="Kyiv")]),
                             "tanks|": ("tanks", [claim("b", 50)])})
    alerts = {a["kind"]: a for a in diff(before, more, cycle=3)}
    assert alerts["new_figure"]["figure"] == "tanks" and alerts["new_figure"]["cycle"] == 3
    assert alerts["changed_figure"]["new_value"] is False  # one more source for a known value
    assert "new source" in alerts["changed_figure"]["summary"]
    higher = Snapshot(figures={"soldiers|": ("soldiers", [claim("a", 10000), claim("b", 12000)])})
    (changed,) = diff(before, higher)
    assert changed["new_value"] is True and "at least 12,000" in changed["summary"]


def test_findings_are_new_once() -> None:
    f = {"kind": "conflict", "doc": "a", "spans": [[0, 5]], "refs": [], "why": "A says 1, B says 2.",
         "docs": ["a", "b"]}
    after = Snapshot(findings={"conflict|a says 1, b says 2.|a|b": f})
    (alert,) = diff(Snapshot(), after)
    assert alert["kind"] == "new_conflict" and alert["summary"] == "New conflict: A says 1, B says 2."
    assert diff(after, after) == []
