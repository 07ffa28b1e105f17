"""A TimelineJS timeline: dated events and dated figures, with their sources.

TimelineJS (Knight Lab) is what many newsrooms use to publish a timeline; it reads a JSON
object ``{"title": ..., "events": [...]}`` where each event has a ``start_date`` broken
into year/month/day, a ``text`` with a headline and HTML body, and an optional ``group``
that becomes a row of the timeline.  Load the file with
``new TL.Timeline('timeline-embed', 'story-timeline.json')``.

Two groups:

* **Events** — one slide per happening; when several documents report the same event
  (the cross-document stage links them through ``events.timeline``, else the same date
  and wording), one slide lists every source;
* **Figures** — one slide per claim that has an as_of date: "at least 10,000 North Korean
  soldiers", who said it, where, and the sentence.  Reading the row left to right shows
  how a number moved.

Dates keep the precision the text gives: "2024" is a year slide, "2024-06" a month.
Everything from articles is HTML-escaped: TimelineJS renders ``text`` as HTML.
"""

from __future__ import annotations

import html
import json
import re
from collections import defaultdict
from typing import Any, TextIO

from claimledger.ledger.export import iter_claims, iter_documents, iter_events
from claimledger.ledger.store import Ledger

_DATE = re.compile(r"^(\d{4})(?:-(\d{2})(?:-(\d{2}))?)?")


def timeline_date(iso: str | None) -> dict[str, str] | None:
    """``"2024-06"`` -> ``{"year": "2024", "month": "6"}``; None when the date is unreadable."""
    m = _DATE.match(iso or "")
    if not m:
        return None
    year, month, day = m.groups()
    out = {"year": year}
    if month and 1 <= int(month) <= 12:
        out["month"] = str(int(month))
        if day and 1 <= int(day) <= 31:
            out["day"] = str(int(day))
    return out


def _source_line(doc: dict[str, Any]) -> str:
    name = html.escape(doc.get("outlet") or doc.get("title") or doc["id"])
    link = doc.get("url")
    label = f'<a href="{html.escape(link, quote=True)}">{name}</a>' if link else name
    published = f", {html.escape(doc['published'])}" if doc.get("published") else ""
    return f"{label}{published}"


def _event_slides(ledger: Ledger, docs: dict[str, dict[str, Any]]) -> list[dict[str, Any]]:
    groups: dict[tuple[str, ...], list[dict[str, Any]]] = defaultdict(list)
    for e in iter_events(ledger):
        if e.get("timeline") is not None:
            groups[("t", str(e["timeline"]))].append(e)
        else:
            groups[("w", e["date"], " ".join(e["what"].lower().split()))].append(e)
    slides = []
    for key, events in groups.items():
        first = events[0]
        date = timeline_date(first["date"])
        if date is None:
            continue
        sources = []
        for e in events:
            doc = docs.get(e["doc"], {"id": e["doc"]})
            quote = html.escape(doc.get("text", "")[e["start"]:e["end"]]) if doc.get("text") else ""
            sources.append(f"<li>{_source_line(doc)}" + (f": “{quote}”" if quote else "") + "</li>")
        slug = "-".join(str(k) for k in key)
        slides.append({
            "start_date": date, "group": "Events", "unique_id": _slug("event", slug),
            "text": {"headline": html.escape(first["what"]),
                     "text": f"<p>Reported by {len({e['doc'] for e in events})} document(s):</p><ul>{''.join(sources)}</ul>"},
        })
    return slides


def _figure_slides(ledger: Ledger, docs: dict[str, dict[str, Any]]) -> list[dict[str, Any]]:
    from claimledger.report.format import value

    slides = []
    for c in iter_claims(ledger):
        date = timeline_date(c.get("as_of"))
        if date is None:
            continue
        what = value(c["low"], c["high"], c["hedge"], c.get("unit"))
        headline = f"{what} {c['counted']}" if c.get("counted") else what
        who = html.escape(c["source"]) if c.get("source") else "no named source"
        doc = docs.get(c["doc"], {"id": c["doc"]})
        sentence = f"<blockquote>{html.escape(c['sentence'])}</blockquote>" if c.get("sentence") else ""
        slides.append({
            "start_date": date, "group": "Figures", "unique_id": _slug("claim", str(c["id"])),
            "text": {"headline": html.escape(headline),
                     "text": f"<p>According to {who} — {_source_line(doc)}</p>{sentence}"},
        })
    return slides


def _slug(prefix: str, text: str) -> str:
    return prefix + "-" + re.sub(r"[^A-Za-z0-9_-]+", "-", text).strip("-")[:80]


def timeline_json(ledger: Ledger, *, title: str | None = None) -> dict[str, Any]:
    """The ledger as a TimelineJS JSON object, slides in date order."""
    docs = {d["id"]: d for d in iter_documents(ledger)}
    slides = _event_slides(ledger, docs) + _figure_slides(ledger, docs)
    slides.sort(key=lambda s: (int(s["start_date"]["year"]), int(s["start_date"].get("month", 0)),
                               int(s["start_date"].get("day", 0)), s["group"], s["unique_id"]))
    seen: set[str] = set()
    for s in slides:  # TimelineJS needs unique ids
        base, n = s["unique_id"], 1
        while s["unique_id"] in seen:
            n += 1
            s["unique_id"] = f"{base}-{n}"
        seen.add(s["unique_id"])
    n_events = sum(1 for s in slides if s["group"] == "Events")
    heading = html.escape(title or "Story timeline")
    return {
        "title": {"text": {"headline": heading,
                           "text": f"<p>{n_events} events and {len(slides) - n_events} dated figures "
                                   f"from {len(docs)} documents, compiled by claimledger.</p>"}},
        "events": slides,
    }


def write_timeline(ledger: Ledger, out: TextIO) -> None:
    json.dump(timeline_json(ledger), out, ensure_ascii=False, indent=1)
    out.write("\n")
