"""A reviewer who decides exactly as the hand-made gold does must get exactly the scores of
``claimledger eval`` against that gold: the review gold and the leaving-out of unreviewed
predictions change nothing when everything has been reviewed."""

from __future__ import annotations

import json
import sqlite3
from collections.abc import Mapping
from pathlib import Path
from typing import Any

from ledger_fixtures import ANALYSER, SAMPLE, make_result

from claimledger.evaluation import score
from claimledger.evaluation._matching import num_eq, overlaps, spans_of
from claimledger.ledger.export import export_dict
from claimledger.ledger.store import Ledger
from claimledger.models import Document
from claimledger.review.actions import add_item, decide
from claimledger.review.gold import score_reviews
from claimledger.review.items import list_items

GOLD = json.loads((SAMPLE / "gold.json").read_text(encoding="utf-8"))


def review_like_gold(conn: sqlite3.Connection, gold: Mapping[str, Any]) -> None:
    """Confirm or correct what the gold confirms, add what it has and the extraction lacks,
    leave alone what it calls optional, reject every other prediction — the scorer's
    matching rules, applied by a person."""
    texts = {r[0]: r[1] for r in conn.execute("SELECT id, text FROM documents")}
    for kind, key in (("claim", "claims"), ("event", "events")):
        items = [i for i in list_items(conn, kind=kind) if i.row is not None and i.doc in gold["documents"]]
        used: set[str] = set()
        for g in gold[key]:
            gspans = spans_of(texts[g["doc"]], g["text"])

            def fits(i: Any, g: Mapping[str, Any] = g, gspans: list[tuple[int, int]] = gspans,
                     used: set[str] = used) -> bool:
                return (i.ref not in used and i.doc == g["doc"] and i.span is not None
                        and any(overlaps((i.span.start, i.span.end), s) for s in gspans))

            if kind == "claim":
                hit = next((i for i in items if fits(i) and num_eq(i.values["low"], g["low"])
                            and num_eq(i.values["high"], g["high"])), None)
                other = hit or next((i for i in items if fits(i)), None)
                values = {k: g[k] for k in ("low", "high", "hedge", "counted", "source", "as_of")}
            else:
                hit = next((i for i in items if fits(i) and (i.values["date"] or "").startswith(g["date"])), None)
                other = None
                values = {"date": g["date"], "what": g["what"]}
            if g.get("optional"):  # either way is right: the reviewer leaves it alone
                if other is not None:
                    used.add(other.ref)
                continue
            if hit is not None:
                used.add(hit.ref)
                changed = {k: v for k, v in values.items() if hit.values.get(k) != v}
                decide(conn, hit.ref, "correct" if changed else "confirm", reviewer="gold", corrections=changed)
            else:
                if other is not None:  # a prediction with wrong bounds: corrected, and still a miss
                    used.add(other.ref)
                add_item(conn, kind, g["doc"], reviewer="gold", text=g["text"], values=values)
        for i in items:
            if i.ref not in used:
                decide(conn, i.ref, "reject", reviewer="gold")
    _review_findings(conn, gold, texts)


def _review_findings(conn: sqlite3.Connection, gold: Mapping[str, Any], texts: Mapping[str, str]) -> None:
    items = [i for i in list_items(conn, kind="finding") if i.row is not None and i.doc in gold["documents"]]
    used: set[str] = set()
    for g in gold["findings"]:
        needles = [spans_of(texts[g["doc"]], g[k]) for k in ("a", "b", "text") if k in g]
        hit = next((i for i in items if i.ref not in used and i.doc == g["doc"] and i.values["kind"] == g["kind"]
                    and i.row is not None and all(any(overlaps((s.start, s.end), n) for s in i.row.spans for n in ns)
                                                  for ns in needles)), None)
        if g.get("optional"):
            if hit is not None:
                used.add(hit.ref)
            continue
        if hit is not None:
            used.add(hit.ref)
            decide(conn, hit.ref, "confirm", reviewer="gold")
        else:
            first, *rest = [ns[0] for ns in needles]
            add_item(conn, "finding", g["doc"], reviewer="gold", start=first[0], end=first[1], spans=rest,
                     values={"kind": g["kind"], "why": g["why"]})
    for i in items:
        if i.ref not in used:
            decide(conn, i.ref, "reject", reviewer="gold")


def _perturbed_ledger(db: Path) -> None:
    """The sample story 'extracted' with mistakes: a claim dropped, bounds and dates wrong,
    a hedge and a source wrong, and a false positive."""
    with Ledger(db) as led:
        for doc_id in GOLD["documents"]:
            text = (SAMPLE / doc_id).read_text(encoding="utf-8")
            claims = [dict(c) for c in GOLD["claims"] if c["doc"] == doc_id]
            del claims[1]
            claims[0]["low"] = claims[0]["high"] = 99
            claims[2]["hedge"] = "exact" if claims[2]["hedge"] != "exact" else "approx"
            claims[3]["source"] = "Somebody Else"
            claims.append({"text": "Kursk", "low": 1, "high": 1, "hedge": "exact", "counted": "x", "source": None})
            events = [dict(e) for e in GOLD["events"] if e["doc"] == doc_id]
            if events:
                events[0]["date"] = "1999"
            findings = [f for f in GOLD["findings"] if f["doc"] == doc_id][1:]
            findings.append({"kind": "duplicate", "text": "Kursk", "why": "a false finding"})
            led.write_result(make_result(Document(id=doc_id, text=text), claims=claims, events=events[:-1],
                                         findings=findings), ANALYSER)


def test_reviewing_like_the_gold_reproduces_the_gold_scores(tmp_path: Path) -> None:
    db = tmp_path / "k.db"
    _perturbed_ledger(db)
    with Ledger(db) as led:
        direct = score(GOLD, export_dict(led))
        review_like_gold(led.conn, GOLD)
        via_reviews = score_reviews(led.conn)
    optional = sum(1 for c in GOLD["claims"] if c.get("optional"))
    assert 0 < via_reviews.unreviewed_predictions["claim"] <= optional
    a, b = direct.to_dict(), via_reviews.result.to_dict()
    assert a["claims"] == b["claims"] and a["events"] == b["events"]
    for measure in ("hedge_acc", "counted_f1", "source_acc", "as_of_acc"):
        assert a[measure] == b[measure], measure
    # findings are scored on recall; 'predicted' differs by the findings left alone on optional gold
    assert {k: a["findings"][k] for k in ("found", "gold", "recall")} == {
        k: b["findings"][k] for k in ("found", "gold", "recall")}
    assert a["findings"]["recall"] < 1
    assert a["claims"]["fp"] > 0 and a["claims"]["fn"] > 0 and a["hedge_acc"] < 1  # the mistakes were scored
