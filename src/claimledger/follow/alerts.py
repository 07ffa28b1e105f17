"""Alerts: what a watch cycle changed in the ledger, told to the terminal, a file, a webhook.

A cycle takes a :class:`Snapshot` of figures and findings before and after it merges new
articles; :func:`diff` turns the difference into alerts:

* ``new_figure`` — a quantity the ledger did not track before;
* ``changed_figure`` — a new claim on a known figure (``new_value`` says whether its value
  differs from every earlier one, or is one more source for a known value);
* ``new_conflict`` / ``new_self_contradiction`` / ``new_disagreement``.

Identities are chosen to survive re-analysis: a claim is (document, bounds, hedge, source,
as_of), not its character offsets, which move when an article is updated; a finding is
(kind, explanation, documents involved), not its row id, which the cross-document stage
renews on every run.  A figure is the cross-document stage's label and unit; claims it
has not grouped (or a ledger without that stage) fall back to what they count, without
the place or time phrase that follows it (:func:`counted_head`).

Sinks never stop the watch: a full disk or a dead webhook is reported and the loop goes
on.  The webhook gets one POST per cycle with every alert of the cycle, a short timeout
and no retry; after repeated failures it is left alone for a growing number of cycles,
so a down endpoint never turns into a storm of requests.
"""

from __future__ import annotations

import json
import re
from collections.abc import Callable, Sequence
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any, ClassVar, Protocol

import httpx

from claimledger.ledger.store import Ledger, now_iso

ALERT_FINDINGS = ("conflict", "self_contradiction", "disagreement")


@dataclass(frozen=True)
class ClaimState:
    doc: str
    start: int
    end: int
    text: str
    low: float | None
    high: float | None
    hedge: str
    unit: str | None
    source: str | None
    as_of: str | None
    title: str | None
    outlet: str | None
    url: str | None

    @property
    def identity(self) -> tuple[object, ...]:
        return (self.doc, self.low, self.high, self.hedge, self.source, self.as_of)

    @property
    def value_key(self) -> tuple[object, ...]:
        return (self.low, self.high, self.hedge)

    def as_dict(self) -> dict[str, Any]:
        from claimledger.report.format import value

        return {"doc": self.doc, "url": self.url, "title": self.title, "outlet": self.outlet,
                "start": self.start, "end": self.end, "text": self.text, "low": self.low, "high": self.high,
                "hedge": self.hedge, "unit": self.unit, "value": value(self.low, self.high, self.hedge, self.unit),
                "source": self.source, "as_of": self.as_of}


@dataclass
class Snapshot:
    figures: dict[str, tuple[str, list[ClaimState]]] = field(default_factory=dict)  # key -> (label, claims)
    findings: dict[str, dict[str, Any]] = field(default_factory=dict)  # identity -> finding row


def _norm(text: str | None) -> str:
    return re.sub(r"\s+", " ", (text or "").strip().lower())


_TAIL = re.compile(r"\s+(?:in|at|on|near|from|to|into|across|inside|during|since|by|of the|as of)\s.*$", re.I)


def counted_head(counted: str) -> str:
    """What is counted without where or when: "North Korean soldiers in Russia's Kursk region"
    -> "north korean soldiers".  Only used to group claims when no figure stage has run."""
    return _norm(_TAIL.sub("", counted)) or _norm(counted)


def snapshot(ledger: Ledger) -> Snapshot:
    """Figures (with their claims) and alert-worthy findings, as they stand now."""
    snap = Snapshot()
    figures_exist = ledger.conn.execute("SELECT 1 FROM figures LIMIT 1").fetchone() is not None
    sql = ('SELECT c.doc, c.start, c."end", c.text, c.low, c.high, c.hedge, c.unit, c.counted, c.source, c.as_of, '
           "d.title, d.outlet, d.url, {fig} FROM claims c JOIN documents d ON d.id = c.doc {join} "
           "ORDER BY c.doc, c.start")
    if figures_exist:
        sql = sql.format(fig="f.label AS flabel, f.unit AS funit", join="LEFT JOIN figures f ON f.id = c.figure")
    else:
        sql = sql.format(fig="NULL AS flabel, NULL AS funit", join="")
    for r in ledger.rows(sql):
        if r["flabel"]:
            label, unit = r["flabel"], r["funit"]
        elif r["counted"]:
            label, unit = counted_head(r["counted"]), r["unit"]
        else:
            continue  # nothing says what the number counts: no figure to follow
        key = f"{_norm(label)}|{unit or ''}"
        claim = ClaimState(r["doc"], r["start"], r["end"], r["text"], r["low"], r["high"], r["hedge"], r["unit"],
                           r["source"], r["as_of"], r["title"], r["outlet"], r["url"])
        snap.figures.setdefault(key, (label, []))[1].append(claim)
    marks = ",".join("?" * len(ALERT_FINDINGS))
    for r in ledger.rows(f"SELECT kind, doc, spans, refs, why FROM findings WHERE kind IN ({marks})",
                         ALERT_FINDINGS):
        refs = json.loads(r["refs"])
        docs = sorted({r["doc"], *(x["doc"] for x in refs)})
        identity = f"{r['kind']}|{_norm(r['why'])}|{'|'.join(docs)}"
        snap.findings[identity] = {"kind": r["kind"], "doc": r["doc"], "spans": json.loads(r["spans"]),
                                   "refs": refs, "why": r["why"], "docs": docs}
    return snap


def _describe(claim: ClaimState) -> str:
    from claimledger.report.format import value

    who = claim.source or "no named source"
    when = f", as of {claim.as_of}" if claim.as_of else ""
    where = claim.outlet or claim.title or claim.doc
    return f"{value(claim.low, claim.high, claim.hedge, claim.unit)} ({who}{when}; {where})"


def diff(before: Snapshot, after: Snapshot, *, cycle: int = 0) -> list[dict[str, Any]]:
    """The alerts for going from ``before`` to ``after``, figures first, then findings."""
    at = now_iso()
    alerts: list[dict[str, Any]] = []
    for key, (label, claims) in after.figures.items():
        old = before.figures.get(key)
        if old is None:
            alerts.append({
                "at": at, "cycle": cycle, "kind": "new_figure", "key": key, "figure": label,
                "summary": f"New figure: {label} — " + "; ".join(_describe(c) for c in claims[:3])
                + (f" and {len(claims) - 3} more" if len(claims) > 3 else ""),
                "claims": [c.as_dict() for c in claims],
            })
            continue
        known = {c.identity for c in old[1]}
        fresh = [c for c in claims if c.identity not in known]
        if not fresh:
            continue
        old_values = {c.value_key for c in old[1]}
        new_value = any(c.value_key not in old_values for c in fresh)
        was = "; ".join(sorted({_describe(c).split(" (")[0] for c in old[1]}))
        verb = "new value" if new_value else "new source"
        alerts.append({
            "at": at, "cycle": cycle, "kind": "changed_figure", "key": key, "figure": label, "new_value": new_value,
            "summary": f"Figure changed ({verb}): {label} — " + "; ".join(_describe(c) for c in fresh[:3])
            + f" [before: {was}]",
            "claims": [c.as_dict() for c in fresh], "previous": [c.as_dict() for c in old[1]],
        })
    for identity, f in after.findings.items():
        if identity in before.findings:
            continue
        label = f["kind"].replace("_", " ")
        alerts.append({
            "at": at, "cycle": cycle, "kind": f"new_{f['kind']}", "key": identity,
            "summary": f"New {label}: {f['why']}", "finding": f,
        })
    return alerts


# ---------------------------------------------------------------------------- sinks
class AlertSink(Protocol):
    def send(self, alerts: Sequence[dict[str, Any]]) -> str | None:
        """Deliver the alerts of one cycle; return a problem to report, or None."""


class ConsoleSink:
    """Alerts printed with rich, most serious first; at most ``limit`` lines a cycle."""

    STYLES: ClassVar[dict[str, str]] = {"new_conflict": "bold red", "new_self_contradiction": "bold red", "new_disagreement": "yellow",
              "changed_figure": "bold cyan", "new_figure": "green"}
    ORDER: ClassVar[tuple[str, ...]] = ("new_conflict", "new_self_contradiction", "new_disagreement", "changed_figure", "new_figure")

    def __init__(self, console: Any, limit: int = 25) -> None:
        self.console = console
        self.limit = limit

    def send(self, alerts: Sequence[dict[str, Any]]) -> str | None:
        from rich.text import Text

        ranked = sorted(alerts, key=lambda a: self.ORDER.index(a["kind"]) if a["kind"] in self.ORDER else 9)
        for a in ranked[: self.limit]:
            self.console.print(Text(a["summary"], style=self.STYLES.get(a["kind"], "")), soft_wrap=True)
        if len(ranked) > self.limit:
            self.console.print(f"... and {len(ranked) - self.limit} more alerts (see the alerts file or table)",
                               markup=False)
        return None


class JsonlSink:
    """One JSON object per alert, appended (and flushed) to a file."""

    def __init__(self, path: Path) -> None:
        self.path = Path(path)

    def send(self, alerts: Sequence[dict[str, Any]]) -> str | None:
        if not alerts:
            return None
        try:
            self.path.parent.mkdir(parents=True, exist_ok=True)
            with self.path.open("a", encoding="utf-8") as fh:
                for a in alerts:
                    fh.write(json.dumps(a, ensure_ascii=False) + "\n")
        except OSError as exc:
            return f"could not append alerts to {self.path}: {exc}"
        return None


class WebhookSink:
    """POST ``{"alerts": [...]}`` once per cycle; back off after failures, never retry at once."""

    def __init__(self, url: str, *, timeout: float = 5.0, client: httpx.Client | None = None,
                 user_agent: str = "claimledger", max_skip: int = 32) -> None:
        self.url = url
        self.client = client or httpx.Client(timeout=timeout, headers={"User-Agent": user_agent})
        self.failures = 0
        self.skip = 0
        self.max_skip = max_skip

    def send(self, alerts: Sequence[dict[str, Any]]) -> str | None:
        if not alerts:
            return None
        if self.skip > 0:
            self.skip -= 1
            return f"webhook paused after {self.failures} failures; {len(alerts)} alerts not sent (kept in the ledger)"
        try:
            response = self.client.post(self.url, json={"source": "claimledger", "count": len(alerts),
                                                        "alerts": list(alerts)})
            response.raise_for_status()
        except httpx.HTTPError as exc:
            self.failures += 1
            self.skip = min(self.max_skip, 2 ** (self.failures - 2)) if self.failures >= 2 else 0
            return f"webhook {self.url} failed ({type(exc).__name__}: {exc})"
        self.failures = 0
        return None

    def close(self) -> None:
        self.client.close()


def deliver(alerts: Sequence[dict[str, Any]], sinks: Sequence[AlertSink], report: Callable[[str], None]) -> None:
    """Send to every sink; a sink's problem is reported, never raised."""
    for sink in sinks:
        try:
            problem = sink.send(alerts)
        except Exception as exc:  # a sink must never stop the watch
            problem = f"{type(sink).__name__} failed: {type(exc).__name__}: {exc}"
        if problem:
            report(problem)
