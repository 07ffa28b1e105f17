"""The SVG chart: hedges drawn as what they mean, copies collapsed, every string escaped."""

from __future__ import annotations

import itertools
import re
import xml.etree.ElementTree as ET

from claimledger.report.charts import collapse_copies, figure_chart, nice_ticks
from claimledger.report.records import ClaimRow


def claim(i: int, low: float | None, high: float | None, hedge: str, *, source: str | None = "Officials",
          doc: str = "a.txt", as_of: str | None = "2024-11-10", outlet: str | None = "Outlet A") -> ClaimRow:
    return ClaimRow(id=i, doc=doc, doc_n=1 if doc == "a.txt" else 2, start=0, end=5, text="x", low=low, high=high,
                    hedge=hedge, unit=None, counted="people", source=source, source_role=None, source_org=None,
                    relayed_by=None, stance=None, as_of=as_of, as_of_basis=None, sentence=i, figure=1,
                    outlet=outlet, published=None)


def parse(svg: str) -> ET.Element:
    return ET.fromstring(svg)


def marks(root: ET.Element) -> list[ET.Element]:
    return [g for g in root.iter("{http://www.w3.org/2000/svg}g") if "mark" in g.get("class", "")]


def test_each_hedge_has_its_own_shape() -> None:
    claims = [claim(1, 100, 100, "exact"), claim(2, 200, None, "min", as_of="2024-11-11"),
              claim(3, None, 300, "max", as_of="2024-11-12"), claim(4, 100, 150, "range", as_of="2024-11-13"),
              claim(5, 250, 250, "approx", as_of="2024-11-14"), claim(6, 10, 90, "vague", as_of="2024-11-15")]
    svg = str(figure_chart(claims, label="people", key="t"))
    root = parse(svg)
    assert len(marks(root)) == 6
    for cls in ("mk-dot", "mk-min", "mk-max", "mk-range", "mk-approx", "mk-vague"):
        assert cls in svg, cls
    # open bounds get an arrow; the marker id is unique to this chart
    assert svg.count('marker-end="url(#arr-t)"') == 2


def test_marks_link_to_their_sentence_and_are_labelled_by_source() -> None:
    svg = str(figure_chart([claim(7, 5, 5, "exact", source="Vedant Patel")], label="x",
                           href=lambda c: f"#d{c.doc_n}-s{c.sentence}"))
    assert 'href="#d1-s7"' in svg
    assert ">Vedant Patel</text>" in svg


def test_syndicated_copies_collapse_into_the_original() -> None:
    original = claim(1, 100, 100, "exact", doc="a.txt")
    copy = claim(2, 100, 100, "exact", doc="b.txt", outlet="Wire copy")
    edited = claim(3, 120, 120, "exact", doc="b.txt", outlet="Wire copy")
    collapsed = collapse_copies([original, copy, edited], {"b.txt": "a.txt"})
    assert [(c.claim.id, [k.id for k in c.copies]) for c in collapsed] == [(1, [2]), (3, [])]
    svg = str(figure_chart([original, copy, edited], label="x", copies_of={"b.txt": "a.txt"}))
    assert len(marks(parse(svg))) == 2
    assert "1 syndicated copy" in svg


def test_chart_escapes_sources_and_labels() -> None:
    svg = str(figure_chart([claim(1, 5, 5, "exact", source='<script>alert(1)</script>" onload="x')],
                           label='"><script>', unit="<b>"))
    assert "<script" not in svg and "<b>" not in svg
    assert 'onload="x' not in svg
    parse(svg)  # still well-formed XML


def test_undated_claims_get_their_own_column_and_nothing_plottable_gives_no_chart() -> None:
    svg = str(figure_chart([claim(1, 5, 5, "exact", as_of=None)], label="x"))
    assert ">undated</text>" in svg
    assert str(figure_chart([claim(2, None, None, "exact")], label="x")) == ""


def test_a_chart_with_an_upper_bound_starts_at_zero() -> None:
    svg = str(figure_chart([claim(1, 50000, 50000, "exact"), claim(2, None, 50000, "max")], label="x"))
    ticks = [t for t in re.findall(r'class="tick"[^>]*text-anchor="end">([^<]+)<', svg)]
    assert ticks[0] == "0"


def test_nice_ticks_are_round_and_cover_the_range() -> None:
    ticks = nice_ticks(0, 11_800)
    assert ticks[0] <= 0 and ticks[-1] >= 11_800
    steps = {round(b - a, 6) for a, b in itertools.pairwise(ticks)}
    assert len(steps) == 1 and steps.pop() in (2000, 2500, 5000)
