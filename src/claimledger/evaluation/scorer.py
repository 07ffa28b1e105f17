"""Score a ``claimledger-export/1`` dict against a ``claimledger-gold/1`` dict.

This is the reference scorer (``shared/eval/score.py``) as a library function, so the CLI,
the tests and the floors gate can score without a subprocess.  The matching is the
reference's, step for step, because the tool is judged by that file:

1. Claims, in gold order: a prediction on the same document whose span overlaps any
   occurrence of the gold ``text`` *and* whose bounds agree is a hit.  If there is none,
   the first overlapping prediction with wrong bounds is used up anyway (it counts once, as
   a false positive) and the gold claim is a miss.  Optional gold claims use up what they
   match but never count as hits or misses.  Attributes (hedge, counted, source, as_of) are
   compared on scored hits only.
2. Events: same document, overlapping span, and the predicted date starts with the gold
   date (agreement at the precision the gold gives).
3. Findings (recall only): same kind and document, and every gold needle (``a``, ``b``,
   ``text``) overlapped by one of the finding's spans.

Spans are located in the text the export says it analysed; the ``texts`` mapping is only
the fallback for documents the export lacks (the reference reads the raw file then).
"""

from __future__ import annotations

from collections.abc import Mapping
from dataclasses import dataclass, field
from typing import Any

from claimledger.errors import InputError
from claimledger.evaluation._matching import num_eq, overlaps, prf, source_ok, spans_of, token_f1


@dataclass(frozen=True)
class ClaimCounts:
    tp: int
    fp: int
    fn: int
    precision: float
    recall: float
    f1: float


@dataclass(frozen=True)
class EventCounts:
    tp: int
    predicted: int
    gold: int
    precision: float
    recall: float
    f1: float


@dataclass(frozen=True)
class FindingCounts:
    found: int
    gold: int
    recall: float | None  # None when the gold set has no scored finding
    predicted: int


@dataclass(frozen=True)
class Mismatch:
    """A scored hit whose attribute disagrees with the gold (not part of the reference
    output; it tells a developer *which* hedge or source went wrong)."""

    text: str
    facet: str  # hedge | counted | source | as_of
    gold: Any
    predicted: Any


@dataclass(frozen=True)
class EvalResult:
    claims: ClaimCounts
    hedge_acc: float
    counted_f1: float
    source_acc: float
    as_of_acc: float | None  # None when no scored gold claim has an as_of
    events: EventCounts
    findings: FindingCounts
    missed_claims: tuple[str, ...] = ()
    wrong_bounds: tuple[tuple[str, Any, Any], ...] = ()
    missed_findings: tuple[str, ...] = ()
    missed_events: tuple[str, ...] = ()
    false_positives: tuple[tuple[str, int, int], ...] = field(default=())  # (doc, start, end)
    mismatches: tuple[Mismatch, ...] = ()

    def to_dict(self) -> dict[str, Any]:
        """The same keys and values as ``score.py --json``."""
        c, e, f = self.claims, self.events, self.findings
        return {
            "claims": {"tp": c.tp, "fp": c.fp, "fn": c.fn, "precision": c.precision, "recall": c.recall,
                       "f1": c.f1},
            "hedge_acc": self.hedge_acc,
            "counted_f1": self.counted_f1,
            "source_acc": self.source_acc,
            "as_of_acc": self.as_of_acc,
            "events": {"tp": e.tp, "predicted": e.predicted, "gold": e.gold, "precision": e.precision,
                       "recall": e.recall, "f1": e.f1},
            "findings": {"found": f.found, "gold": f.gold, "recall": f.recall, "predicted": f.predicted},
        }


def _analysed_texts(gold: Mapping[str, Any], export: Mapping[str, Any],
                    fallback: Mapping[str, str] | None) -> dict[str, str]:
    """Document id -> text the spans point into: the export's own text first."""
    texts: dict[str, str] = {}
    for d in export.get("documents", []):
        if d.get("text"):
            texts[d["id"]] = d["text"]
    wanted = set(gold.get("documents", {}))
    for key in ("claims", "events", "findings"):
        wanted.update(item["doc"] for item in gold.get(key, []))
    for name in wanted:
        if name not in texts:
            texts[name] = (fallback or {}).get(name, "")
    return texts


def _span(item: Mapping[str, Any], what: str, index: int) -> tuple[int, int]:
    try:
        return int(item["start"]), int(item["end"])
    except (KeyError, TypeError, ValueError) as exc:
        raise InputError(
            f"export {what} #{index} has no usable start/end offsets.",
            hint="Every claim and event in a claimledger-export/1 file needs integer 'start' and 'end'.",
        ) from exc


def _score_claims(gold: Mapping[str, Any], preds: list[Mapping[str, Any]],
                  texts: Mapping[str, str]) -> dict[str, Any]:
    pspans = [_span(p, "claim", i) for i, p in enumerate(preds)]
    used: set[int] = set()
    tp = fn = 0
    hedge_ok = src_ok = asof_ok = asof_n = 0
    counted = 0.0
    misses: list[str] = []
    wrong: list[tuple[str, Any, Any]] = []
    mismatches: list[Mismatch] = []
    for g in gold.get("claims", []):
        gspans = spans_of(texts[g["doc"]], g["text"])

        def overlapping(i: int, g: Mapping[str, Any] = g, gspans: list[tuple[int, int]] = gspans) -> bool:
            return (i not in used and preds[i]["doc"] == g["doc"]
                    and any(overlaps(pspans[i], s) for s in gspans))

        hit = next((i for i in range(len(preds)) if overlapping(i)
                    and num_eq(preds[i].get("low"), g["low"]) and num_eq(preds[i].get("high"), g["high"])),
                   None)
        if hit is None:
            # an overlapping prediction with wrong bounds is used up too, so it counts once as wrong
            other = next((i for i in range(len(preds)) if overlapping(i)), None)
            if other is not None:
                used.add(other)
                wrong.append((g["text"], preds[other].get("low"), preds[other].get("high")))
            if not g.get("optional"):
                fn += 1
                misses.append(g["text"])
            continue
        used.add(hit)
        if g.get("optional"):
            continue
        tp += 1
        p = preds[hit]
        if p.get("hedge") == g["hedge"]:
            hedge_ok += 1
        else:
            mismatches.append(Mismatch(g["text"], "hedge", g["hedge"], p.get("hedge")))
        cf = token_f1(p.get("counted"), g["counted"])
        counted += cf
        if cf < 0.5:
            mismatches.append(Mismatch(g["text"], "counted", g["counted"], p.get("counted")))
        if source_ok(p.get("source"), g["source"]):
            src_ok += 1
        else:
            mismatches.append(Mismatch(g["text"], "source", g["source"], p.get("source")))
        if g.get("as_of"):
            asof_n += 1
            if (p.get("as_of") or "").startswith(g["as_of"]):
                asof_ok += 1
            else:
                mismatches.append(Mismatch(g["text"], "as_of", g["as_of"], p.get("as_of")))
    fp_idx = [i for i in range(len(preds)) if i not in used]
    return {"tp": tp, "fp": len(fp_idx), "fn": fn, "hedge_ok": hedge_ok, "counted": counted,
            "src_ok": src_ok, "asof_ok": asof_ok, "asof_n": asof_n, "misses": misses, "wrong": wrong,
            "mismatches": mismatches,
            "false_positives": [(preds[i]["doc"], *pspans[i]) for i in fp_idx]}


def _score_events(gold: Mapping[str, Any], ev_pred: list[Mapping[str, Any]],
                  texts: Mapping[str, str]) -> tuple[EventCounts, list[str]]:
    espans = [_span(e, "event", i) for i, e in enumerate(ev_pred)]
    used: set[int] = set()
    missed: list[str] = []
    for g in gold.get("events", []):
        gspans = spans_of(texts[g["doc"]], g["text"])
        for i, e in enumerate(ev_pred):
            if i in used or e["doc"] != g["doc"]:
                continue
            if any(overlaps(espans[i], s) for s in gspans) and (e.get("date") or "").startswith(g["date"]):
                used.add(i)
                break
        else:
            missed.append(f'{g["date"]}: {g["text"]}')
    n_gold = len(gold.get("events", []))
    tp = len(used)
    p, r, f = prf(tp, len(ev_pred) - tp, n_gold - tp)
    return EventCounts(tp, len(ev_pred), n_gold, round(p, 3), round(r, 3), round(f, 3)), missed


def _score_findings(gold: Mapping[str, Any], fpred: list[Mapping[str, Any]],
                    texts: Mapping[str, str]) -> tuple[FindingCounts, list[str]]:
    found, missed = 0, []
    gold_f = [g for g in gold.get("findings", []) if not g.get("optional")]
    for g in gold_f:
        needles = [g[k] for k in ("a", "b", "text") if k in g]
        ok = False
        for x in fpred:
            if x.get("kind") != g["kind"] or x.get("doc") != g["doc"]:
                continue
            xs = [(int(s[0]), int(s[1])) for s in x.get("spans", [])]
            if all(any(overlaps(s, gs) for s in xs for gs in spans_of(texts[g["doc"]], n)) for n in needles):
                ok = True
                break
        found += ok
        if not ok:
            missed.append(f'{g["kind"]}: {needles[0][:60]}')
    recall = round(found / len(gold_f), 3) if gold_f else None
    return FindingCounts(found, len(gold_f), recall, len(fpred)), missed


def score(gold: Mapping[str, Any], export: Mapping[str, Any],
          texts: Mapping[str, str] | None = None) -> EvalResult:
    """Score ``export`` against ``gold`` exactly as ``score.py`` does.

    ``texts`` maps document ids to their text for documents the export does not carry
    (the reference reads them from its DOCS_DIR); predictions on documents the gold does
    not name are ignored.
    """
    tx = _analysed_texts(gold, export, texts)
    known = set(gold.get("documents", {}))
    preds = [c for c in export.get("claims", []) if c.get("doc") in known]
    cs = _score_claims(gold, preds, tx)
    tp = cs["tp"]
    p, r, f = prf(tp, cs["fp"], cs["fn"])
    ev_pred = [e for e in export.get("events", []) if e.get("doc") in known]
    events, missed_events = _score_events(gold, ev_pred, tx)
    fpred = [x for x in export.get("findings", []) if x.get("doc") in known]
    findings, missed_findings = _score_findings(gold, fpred, tx)
    return EvalResult(
        claims=ClaimCounts(tp, cs["fp"], cs["fn"], round(p, 3), round(r, 3), round(f, 3)),
        hedge_acc=round(cs["hedge_ok"] / tp, 3) if tp else 0.0,
        counted_f1=round(cs["counted"] / tp, 3) if tp else 0.0,
        source_acc=round(cs["src_ok"] / tp, 3) if tp else 0.0,
        as_of_acc=round(cs["asof_ok"] / cs["asof_n"], 3) if cs["asof_n"] else None,
        events=events,
        findings=findings,
        missed_claims=tuple(cs["misses"]),
        wrong_bounds=tuple(cs["wrong"]),
        missed_findings=tuple(missed_findings),
        missed_events=tuple(missed_events),
        false_positives=tuple(cs["false_positives"]),
        mismatches=tuple(cs["mismatches"]),
    )


def format_report(result: EvalResult, *, verbose: bool = False) -> str:
    """The reference scorer's text output, line for line.

    With ``verbose`` it also lists missed events, attribute mismatches on matched claims
    and the spans of unmatched predictions (before the final ``claims F1`` line).
    """
    c, e, fr = result.claims, result.events, result.findings
    lines = [
        f"claims     P {c.precision:.3f}  R {c.recall:.3f}  F1 {c.f1:.3f}  (tp {c.tp}, fp {c.fp}, fn {c.fn})",
        f"attributes hedge {result.hedge_acc}  counted-F1 {result.counted_f1}  source {result.source_acc}"
        f"  as_of {result.as_of_acc}",
        f"events     P {e.precision:.3f}  R {e.recall:.3f}  F1 {e.f1:.3f}",
        f"findings   recall {fr.recall}  ({fr.found}/{fr.gold}, {fr.predicted} predicted)",
    ]
    lines += [f"  missed claim: {m}" for m in result.missed_claims]
    lines += [f"  wrong bounds: {w}" for w in result.wrong_bounds]
    lines += [f"  missed finding: {m}" for m in result.missed_findings]
    if verbose:
        lines += [f"  missed event: {m}" for m in result.missed_events]
        lines += [f"  {m.facet} differs: {m.text!r} gold {m.gold!r} got {m.predicted!r}" for m in result.mismatches]
        lines += [f"  unmatched prediction: {d} [{s}:{t}]" for d, s, t in result.false_positives]
    lines.append(f"claims F1 {c.f1:.3f}")
    return "\n".join(lines)
