"""Server-side SVG charts: one figure's values over time, hedges drawn as what they mean.

Drawn in Python rather than by a JavaScript library so the report needs no network and no
script to show its charts, prints cleanly, and so the same SVG serves the web UI.  Every
claim is a mark at its ``as_of`` date (else its document's publication date; undated
claims go in a column of their own), drawn by hedge:

* exact: a point;  approx: a band around the point (``nearly N``: a band just under N);
* min (``at least N``): an open bar from N upward with an arrow;  max: from N downward;
* range: a solid bar from low to high;  vague: a light dotted box.

Claims saying the same thing (same value, hedge, source and date) — typically syndicated
copies — collapse into one mark labelled ``+n``.  Every string is escaped here, because
this module builds markup by hand.
"""

from __future__ import annotations

import math
import re
from collections.abc import Callable, Mapping, Sequence
from dataclasses import dataclass

from markupsafe import Markup, escape

from claimledger.report import format as fmt
from claimledger.report.records import ClaimRow

W, H = 760, 270
LEFT, RIGHT, TOP, BOTTOM = 64, 190, 18, 34
PLOT_W, PLOT_H = W - LEFT - RIGHT, H - TOP - BOTTOM
UNDATED_W = 54  # the narrowest "undated" column, at the right edge of the plot
LABEL_H = 13
MAX_MARKS = 120


@dataclass(frozen=True)
class Collapsed:
    """A claim with the claims that repeat it in syndicated copies of its document."""

    claim: ClaimRow
    copies: tuple[ClaimRow, ...] = ()


def collapse_copies(claims: Sequence[ClaimRow], copies_of: dict[str, str],
                    extracted: Mapping[int, ClaimRow] | None = None) -> list[Collapsed]:
    """Fold each claim of a syndicated copy into the same claim of the original document.

    Same value, hedge and source in the copy's original = the same claim, reprinted.  A copy
    claim with no counterpart (the copy was edited) stays a claim of its own.  ``extracted``
    (claim id -> the row as extracted): compare what the extractor read, so a claim a
    reviewer corrected in the original still takes in its reprints.
    """
    def key(doc: str, c: ClaimRow) -> tuple[object, ...]:
        e = (extracted or {}).get(c.id, c)
        return (doc, e.low, e.high, e.hedge, (e.source or "").lower())

    originals: dict[tuple[object, ...], list[ClaimRow]] = {}
    out: list[tuple[ClaimRow, list[ClaimRow]]] = []
    index: dict[int, int] = {}
    for c in claims:
        if c.doc not in copies_of:
            index[c.id] = len(out)
            out.append((c, []))
            originals.setdefault(key(c.doc, c), []).append(c)
    for c in claims:
        if c.doc in copies_of:
            match = originals.get(key(copies_of[c.doc], c))
            if match:
                out[index[match[0].id]][1].append(c)
            else:
                out.append((c, []))
    return [Collapsed(c, tuple(cs)) for c, cs in out]


@dataclass
class MarkGroup:
    """One mark: claims giving the same value with the same hedge at the same date."""

    members: list[Collapsed]
    day: float | None  # x as a day ordinal (mid-point of the date's precision), None if undated
    day_span: tuple[float, float] | None
    cx: float = 0.0

    @property
    def claim(self) -> ClaimRow:
        return self.members[0].claim

    @property
    def sources(self) -> list[str]:
        return list(dict.fromkeys(m.claim.source for m in self.members if m.claim.source))

    @property
    def outlets(self) -> list[str]:
        return list(dict.fromkeys(c.outlet for m in self.members for c in (m.claim, *m.copies) if c.outlet))

    @property
    def copies(self) -> int:
        return sum(len(m.copies) for m in self.members)


def _group(claims: Sequence[ClaimRow], copies_of: dict[str, str],
           extracted: Mapping[int, ClaimRow] | None = None) -> list[MarkGroup]:
    groups: dict[tuple[object, ...], MarkGroup] = {}
    collapsed = collapse_copies(claims, copies_of, extracted)
    # named sources first, so a mark's label names someone when anyone is named
    for m in sorted(collapsed, key=lambda m: (m.claim.source is None, m.claim.when or "9999", m.claim.id)):
        c = m.claim
        key = (c.low, c.high, c.hedge, c.when)
        if key in groups:
            groups[key].members.append(m)
            continue
        span = fmt.date_span(c.when)
        day_span = (float(span[0].toordinal()), float(span[1].toordinal())) if span else None
        day = (day_span[0] + day_span[1]) / 2 if day_span else None
        groups[key] = MarkGroup([m], day, day_span)
    return sorted(groups.values(), key=lambda g: (g.day is None, g.day or 0, g.claim.low or g.claim.high or 0))


def _dodge(groups: Sequence[MarkGroup], gap: float = 15.0) -> None:
    """Spread marks that would sit on top of each other horizontally (same date)."""
    clusters: list[list[MarkGroup]] = []
    for g in sorted(groups, key=lambda g: g.cx):
        if clusters and g.cx - clusters[-1][0].cx < gap:
            clusters[-1].append(g)
        else:
            clusters.append([g])
    for cl in clusters:
        centre = sum(g.cx for g in cl) / len(cl)
        for i, g in enumerate(cl):
            g.cx = centre + (i - (len(cl) - 1) / 2) * gap


def nice_ticks(lo: float, hi: float, count: int = 5) -> list[float]:
    """Round tick values (1, 2, 5 x 10^k steps) covering [lo, hi]."""
    if hi <= lo:
        hi = lo + 1
    raw = (hi - lo) / max(1, count)
    mag = 10 ** math.floor(math.log10(raw))
    step = next(m * mag for m in (1, 2, 2.5, 5, 10) if m * mag >= raw)
    first = math.floor(lo / step) * step
    last = math.ceil(hi / step) * step
    ticks, t = [], first
    while t <= last + step * 1e-9:
        ticks.append(round(t, 10))
        t += step
    return ticks


def compact(x: float) -> str:
    """Axis labels: 11000 -> '11k', 1500000 -> '1.5M'."""
    ax = abs(x)
    for scale, suffix in ((1e12, "T"), (1e9, "B"), (1e6, "M"), (1e3, "k")):
        if ax >= scale:
            return f"{x / scale:.1f}".rstrip("0").rstrip(".") + suffix
    return f"{x:g}"


def _values(groups: Sequence[MarkGroup]) -> list[float]:
    out: list[float] = []
    for g in groups:
        out.extend(v for v in (g.claim.low, g.claim.high) if v is not None and math.isfinite(v))
    return out


def _attr(value: object) -> str:
    return str(escape(str(value)))


def figure_chart(claims: Sequence[ClaimRow], *, label: str, unit: str | None = None,
                 copies_of: dict[str, str] | None = None,
                 href: Callable[[ClaimRow], str] | None = None, key: str = "0",
                 extracted: Mapping[int, ClaimRow] | None = None) -> Markup:
    """An SVG chart of ``claims`` (one figure) over time; empty markup if nothing is plottable.

    ``key`` makes the chart's internal ids (the arrowhead marker) unique in a page with many charts.
    ``extracted``: as for :func:`collapse_copies`.
    """
    key = re.sub(r"[^A-Za-z0-9_-]", "", key) or "0"
    groups = _group(claims, copies_of or {}, extracted)[:MAX_MARKS]
    vals = _values(groups)
    if not vals:
        return Markup("")
    vmin, vmax = min(vals), max(vals)
    # "up to N" is drawn down to the baseline, so a chart holding one starts at zero
    downward = any(g.claim.low is None or g.claim.hedge == "max" for g in groups)
    lo = min(0.0, vmin * 1.1) if vmin < 0 or vmin <= vmax * 0.6 or downward else vmin * 0.85
    hi = vmax * 1.12 if vmax > 0 else (vmax * 0.9 if vmax < 0 else 1.0)
    ticks = nice_ticks(lo, hi)
    lo, hi = min(lo, ticks[0]), max(hi, ticks[-1])

    def y(v: float) -> float:
        return TOP + PLOT_H - (v - lo) / (hi - lo) * PLOT_H

    dated = [g for g in groups if g.day is not None]
    undated = [g for g in groups if g.day is None]
    # the undated column widens with the number of marks it holds (dodged 15 px apart)
    undated_w = min(PLOT_W * 0.4, max(UNDATED_W, 15.0 * len(undated) + 24)) if undated else 0.0
    x_right = LEFT + PLOT_W - undated_w
    if dated:
        d0 = min(g.day_span[0] for g in dated if g.day_span)
        d1 = max(g.day_span[1] for g in dated if g.day_span)
        pad = max(2.0, (d1 - d0) * 0.08)
        d0, d1 = d0 - pad, d1 + pad
    else:
        d0, d1 = 0.0, 1.0

    def x(day: float) -> float:
        return LEFT + 10 + (day - d0) / (d1 - d0) * (x_right - LEFT - 20)

    parts: list[str] = [
        f'<svg class="chart" viewBox="0 0 {W} {H}" role="img" aria-label="{_attr("Chart: " + label)}" '
        'xmlns="http://www.w3.org/2000/svg">',
        f'<defs><marker id="arr-{key}" viewBox="0 0 10 10" refX="5" refY="5" markerWidth="7" markerHeight="7" '
        'orient="auto-start-reverse"><path d="M0,0 L10,5 L0,10 z" class="arrowhead"/></marker>'
        '</defs>',
    ]
    # axes and grid
    for t in ticks:
        ty = y(t)
        parts.append(f'<line class="grid" x1="{LEFT}" x2="{LEFT + PLOT_W}" y1="{ty:.1f}" y2="{ty:.1f}"/>')
        parts.append(f'<text class="tick" x="{LEFT - 8}" y="{ty + 4:.1f}" text-anchor="end">'
                     f"{_attr(compact(t))}</text>")
    parts.append(f'<line class="axis" x1="{LEFT}" x2="{LEFT + PLOT_W}" y1="{TOP + PLOT_H}" y2="{TOP + PLOT_H}"/>')
    parts.extend(_date_ticks(d0, d1, x, x_right) if dated else [])
    if undated:
        ux = x_right + undated_w / 2
        parts.append(f'<line class="grid sep" x1="{x_right}" x2="{x_right}" y1="{TOP}" y2="{TOP + PLOT_H}"/>')
        parts.append(f'<text class="tick" x="{ux:.1f}" y="{TOP + PLOT_H + 18}" text-anchor="middle">undated</text>')
    if unit:
        parts.append(f'<text class="unit" x="{LEFT - 8}" y="{TOP - 6}" text-anchor="end">{_attr(unit)}</text>')

    for g in groups:
        g.cx = x(g.day) if g.day is not None else x_right + undated_w / 2
    _dodge(dated)
    _dodge(undated)
    drawn = [_shape(g, g.cx, y, TOP, TOP + PLOT_H, x, key) for g in groups]
    placed: list[Box] = [box for _, _, box in drawn]
    labels: dict[int, tuple[float, float, str] | None] = {}
    # named sources claim label space first; "unattributed" labels only where room is left
    for i in sorted(range(len(groups)), key=lambda i: (not groups[i].sources, -len(groups[i].members))):
        labels[i] = _place_label(groups[i].cx, drawn[i][1], _label_text(groups[i]), placed, TOP, TOP + PLOT_H)
    for i, g in enumerate(groups):
        parts.append(_draw(g, drawn[i][0], labels[i], href))
    parts.append("</svg>")
    return Markup("".join(parts))


def _date_ticks(d0: float, d1: float, x: Callable[[float], float], x_max: float) -> list[str]:
    """Date ticks at a step that suits the span; none so close to an edge that its label
    would run into the axis labels or the "undated" column."""
    import datetime as dt

    span = d1 - d0
    step = 1 if span <= 10 else 7 if span <= 70 else 30 if span <= 400 else 365
    start = math.ceil(d0)
    out = []
    day = start
    while day <= d1:
        d = dt.date.fromordinal(int(day))
        if step >= 30 and d.day != 1:
            day += 1
            continue
        if step == 365 and d.month != 1:
            day += 1
            continue
        text = (f"{d.day} {fmt.MONTHS[d.month - 1]}" if step < 30
                else f"{fmt.MONTHS[d.month - 1]} {d.year}" if step == 30 else str(d.year))
        xx = x(day)
        if xx < LEFT + 16 or xx > x_max - 24:
            day += 1 if step >= 30 else step
            continue
        out.append(f'<line class="xtick" x1="{xx:.1f}" x2="{xx:.1f}" y1="{TOP + PLOT_H}" y2="{TOP + PLOT_H + 4}"/>')
        out.append(f'<text class="tick" x="{xx:.1f}" y="{TOP + PLOT_H + 18}" text-anchor="middle">'
                   f"{_attr(text)}</text>")
        day += step
    return out


Box = tuple[float, float, float, float]


def _shape(g: MarkGroup, cx: float, y: Callable[[float], float], top: float, bottom: float,
           x: Callable[[float], float], key: str) -> tuple[list[str], float, Box]:
    """The mark's SVG elements, the y its label should sit at, and its bounding box."""
    c = g.claim
    low, high = c.low, c.high
    shape: list[str] = []
    if g.day_span and g.day_span[1] - g.day_span[0] >= 1:
        shape.append(f'<line class="when" x1="{x(g.day_span[0]):.1f}" x2="{x(g.day_span[1] + 1):.1f}" '
                     f'y1="{bottom - 3}" y2="{bottom - 3}"/>')
    vague = " mk-vague" if c.hedge == "vague" else ""
    if c.hedge == "min" or (c.hedge in ("range", "vague") and high is None):
        v = low if low is not None else high
        assert v is not None
        anchor_y = y(v)
        shape.append(f'<rect class="mk mk-min{vague}" x="{cx - 5:.1f}" y="{top + 4:.1f}" width="10" '
                     f'height="{max(0.0, anchor_y - top - 4):.1f}"/>')
        shape.append(f'<line class="mk-line" x1="{cx:.1f}" x2="{cx:.1f}" y1="{anchor_y:.1f}" y2="{top + 6:.1f}" '
                     f'marker-end="url(#arr-{key})"/>')
        shape.append(f'<line class="mk-cap" x1="{cx - 7:.1f}" x2="{cx + 7:.1f}" y1="{anchor_y:.1f}" '
                     f'y2="{anchor_y:.1f}"/>')
        return shape, anchor_y, (cx - 7, top, cx + 7, anchor_y + 2)
    if c.hedge == "max" or (c.hedge in ("range", "vague") and low is None):
        v = high if high is not None else low
        assert v is not None
        anchor_y = y(v)
        shape.append(f'<rect class="mk mk-max{vague}" x="{cx - 5:.1f}" y="{anchor_y:.1f}" width="10" '
                     f'height="{max(0.0, bottom - 4 - anchor_y):.1f}"/>')
        shape.append(f'<line class="mk-line" x1="{cx:.1f}" x2="{cx:.1f}" y1="{anchor_y:.1f}" y2="{bottom - 6:.1f}" '
                     f'marker-end="url(#arr-{key})"/>')
        shape.append(f'<line class="mk-cap" x1="{cx - 7:.1f}" x2="{cx + 7:.1f}" y1="{anchor_y:.1f}" '
                     f'y2="{anchor_y:.1f}"/>')
        return shape, anchor_y, (cx - 7, anchor_y - 2, cx + 7, bottom)
    if c.hedge in ("range", "vague") or (c.hedge == "approx" and low is not None and high is not None
                                         and low != high):
        assert low is not None and high is not None
        y1, y2 = y(high), y(low)
        y2 = max(y2, y1 + 2)
        cls = "mk-vague" if c.hedge == "vague" else "mk-approx" if c.hedge == "approx" else "mk-range"
        shape.append(f'<rect class="mk {cls}" x="{cx - 5:.1f}" y="{y1:.1f}" width="10" '
                     f'height="{y2 - y1:.1f}" rx="2"/>')
        return shape, (y1 + y2) / 2, (cx - 6, y1, cx + 6, y2)
    v = low if low is not None else high
    assert v is not None
    anchor_y = y(v)
    if c.hedge == "approx":
        if low is None:  # "nearly N": just under N
            y1, y2 = y(v), y(v * 0.9 if v > 0 else v * 1.1)
        else:
            y1, y2 = y(v * 1.05 if v > 0 else v * 0.95), y(v * 0.95 if v > 0 else v * 1.05)
        y1, y2 = min(y1, anchor_y - 5), max(y2, anchor_y + 5)
        shape.append(f'<rect class="mk mk-approx" x="{cx - 7:.1f}" y="{y1:.1f}" width="14" '
                     f'height="{y2 - y1:.1f}" rx="7"/>')
        shape.append(f'<circle class="mk-dot hollow" cx="{cx:.1f}" cy="{anchor_y:.1f}" r="3.2"/>')
        return shape, anchor_y, (cx - 7, y1, cx + 7, y2)
    shape.append(f'<circle class="mk-dot" cx="{cx:.1f}" cy="{anchor_y:.1f}" r="4.5"/>')
    return shape, anchor_y, (cx - 5, anchor_y - 5, cx + 5, anchor_y + 5)


def _label_text(g: MarkGroup) -> str:
    sources = g.sources
    unattributed = any(m.claim.source is None for m in g.members)
    others = len(sources) - 1 + (1 if unattributed and sources else 0)
    text = fmt.truncate(sources[0], 26) if sources else "unattributed"
    return text + (f" +{others}" if others > 0 else "")


def _draw(g: MarkGroup, shape: Sequence[str], label: tuple[float, float, str] | None,
          href: Callable[[ClaimRow], str] | None) -> str:
    c = g.claim
    sources = g.sources
    unattributed = any(m.claim.source is None for m in g.members)
    who = "; ".join(sources + (["unattributed"] if unattributed else []))
    copies = f"{g.copies} syndicated cop{'y' if g.copies == 1 else 'ies'}" if g.copies else ""
    tip = " — ".join(t for t in (c.value, c.counted or "", who, fmt.iso_prefix(c.when), ", ".join(g.outlets),
                                 copies) if t)
    member_sources = [m.claim.source or "" for m in g.members]
    attrs = (f' data-source="{_attr(" | ".join(dict.fromkeys(member_sources)))}"'
             f' data-outlet="{_attr(" | ".join(g.outlets))}" data-claim="{c.id}"')
    body = f"<title>{_attr(tip)}</title>{''.join(shape)}"
    if label:
        lx, ly, anchor = label
        body += (f'<text class="lbl{" unattributed" if not sources else ""}" x="{lx:.1f}" y="{ly:.1f}" '
                 f'text-anchor="{anchor}">{_attr(_label_text(g))}</text>')
    if href:
        return f'<g class="mark filterable"{attrs}><a href="{_attr(href(c))}">{body}</a></g>'
    return f'<g class="mark filterable"{attrs}>{body}</g>'


def _place_label(cx: float, cy: float, text: str, placed: list[Box],
                 top: float, bottom: float) -> tuple[float, float, str] | None:
    """Put a label beside its mark where it overlaps no earlier label; None when nowhere fits.

    An unlabelled mark still names its source in its tooltip and in the table below the chart.
    """
    width = 6.1 * len(text)
    sides = ("right", "left") if cx + 10 + width <= W - 4 else ("left", "right")
    for dy in (0, -LABEL_H, LABEL_H, -2 * LABEL_H, 2 * LABEL_H):
        for side in sides:
            ly = cy + 4 + dy
            if ly < top + 9 or ly > bottom - 4:
                continue
            x0 = cx + 9 if side == "right" else cx - 9 - width
            if x0 < LEFT or x0 + width > W - 2:
                continue
            box = (x0, ly - 10, x0 + width, ly + 3)
            if not any(box[0] < b[2] and box[2] > b[0] and box[1] < b[3] and box[3] > b[1] for b in placed):
                placed.append(box)
                return (x0, ly, "start") if side == "right" else (cx - 9, ly, "end")
    return None
