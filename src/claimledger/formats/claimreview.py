"""schema.org ClaimReview JSON-LD: the ledger's figures in the shape fact-checkers exchange.

One ``ClaimReview`` per claim.  ``itemReviewed`` is the ``Claim``: who made it
(``author``, with role and organisation), when it held (``datePublished`` = the claim's
as_of), where it appeared (``appearance``: the article, its outlet and date), and the
number itself as a ``QuantitativeValue`` (``about``).

claimledger does not judge whether a figure is true, so ``reviewRating`` never says
True/False.  Its ``alternateName`` is what the ledger *can* say about the claim, from the
evidence it holds, most serious first:

* ``Conflicting figures`` — the claim is part of a conflict, self-contradiction or
  disagreement finding (``ratingExplanation`` quotes the finding);
* ``Unattributed`` — the article names nobody for the figure;
* ``Reported by N documents`` — the same figure appears in N documents of the ledger;
* ``Single source`` — otherwise.

The review's ``author`` is the tool (override ``publisher``/``reviewer`` for a newsroom),
``datePublished`` the day of the export, and ``@id`` a stable URN built from the
document id and span, so a later export of the same ledger keeps the same ids.
"""

from __future__ import annotations

import datetime as dt
import hashlib
import json
from collections import defaultdict
from typing import Any, TextIO

from claimledger import __version__
from claimledger.ledger.export import iter_claims, iter_documents, iter_findings
from claimledger.ledger.store import Ledger

CONTEXT = "https://schema.org"
SERIOUS = ("conflict", "self_contradiction", "disagreement")


def _claim_urn(doc: str, start: int, end: int) -> str:
    digest = hashlib.sha1(f"{doc}\x00{start}\x00{end}".encode()).hexdigest()[:20]
    return f"urn:claimledger:claim:{digest}"


def _overlaps(a: tuple[int, int], b: tuple[int, int]) -> bool:
    return a[0] < b[1] and b[0] < a[1]


def _serious_findings(ledger: Ledger) -> dict[str, list[tuple[tuple[int, int], str, str]]]:
    """For each document: the (span, kind, why) of every conflict-like finding touching it."""
    by_doc: dict[str, list[tuple[tuple[int, int], str, str]]] = defaultdict(list)
    for f in iter_findings(ledger):
        if f["kind"] not in SERIOUS:
            continue
        for s, e in f["spans"]:
            by_doc[f["doc"]].append(((s, e), f["kind"], f["why"]))
        for ref in f["refs"]:
            by_doc[ref["doc"]].append(((ref["start"], ref["end"]), f["kind"], f["why"]))
    return by_doc


def _source_kinds(ledger: Ledger) -> dict[str, str]:
    """``sources.kind`` (person / org ...) where the cross-document stage has filled it in."""
    return {r["name"]: (r["kind"] or "").lower() for r in ledger.rows("SELECT name, kind FROM sources")}


def _author(claim: dict[str, Any], kinds: dict[str, str]) -> dict[str, Any] | None:
    """A Person when the ledger says so or the text gives a role, else an Organization."""
    name = claim.get("source")
    if not name:
        return None
    kind = kinds.get(name, "")
    is_person = kind.startswith("person") or (not kind and bool(claim.get("source_role")))
    author: dict[str, Any] = {"@type": "Person" if is_person else "Organization", "name": name}
    org = claim.get("source_org")
    if is_person and claim.get("source_role"):
        author["jobTitle"] = claim["source_role"]
    if org and org != name:
        author["affiliation" if is_person else "parentOrganization"] = {"@type": "Organization", "name": org}
    return author


def _rating(claim: dict[str, Any], touching: list[tuple[tuple[int, int], str, str]], documents: int) -> dict[str, Any]:
    span = (claim["start"], claim["end"])
    hit = next(((kind, why) for s, kind, why in touching if _overlaps(s, span)), None)
    if hit:
        name, why = "Conflicting figures", f"{hit[0].replace('_', ' ')}: {hit[1]}"
    elif not claim.get("source"):
        name, why = "Unattributed", "The article names nobody for this figure."
    elif documents > 1:
        name, why = f"Reported by {documents} documents", "The same figure appears in other documents of the ledger."
    else:
        name, why = "Single source", "Only this document in the ledger gives this figure."
    return {"@type": "Rating", "alternateName": name, "ratingExplanation": why}


def claimreview_graph(ledger: Ledger, *, reviewer: str = "claimledger", today: str | None = None) -> dict[str, Any]:
    """The whole ledger as one JSON-LD document with an ``@graph`` of ClaimReviews."""
    docs = {d["id"]: d for d in iter_documents(ledger)}
    serious = _serious_findings(ledger)
    kinds = _source_kinds(ledger)
    claims = list(iter_claims(ledger))
    figure_docs: dict[int, set[str]] = defaultdict(set)
    for c in claims:
        if c.get("figure") is not None:
            figure_docs[c["figure"]].add(c["doc"])
    date = today or dt.date.today().isoformat()
    graph = []
    for c in claims:
        d = docs.get(c["doc"], {})
        appearance: dict[str, Any] = {"@type": "NewsArticle", "headline": d.get("title"), "url": d.get("url"),
                                      "datePublished": d.get("published"), "identifier": c["doc"]}
        if d.get("outlet"):
            appearance["publisher"] = {"@type": "Organization", "name": d["outlet"]}
        quantity: dict[str, Any] = {"@type": "QuantitativeValue", "minValue": c["low"], "maxValue": c["high"],
                                    "unitText": c.get("unit") or c.get("counted"), "description": c["hedge"]}
        item: dict[str, Any] = {"@type": "Claim", "text": c["text"], "datePublished": c.get("as_of"),
                                "appearance": [_drop_none(appearance)], "about": _drop_none(quantity)}
        author = _author(c, kinds)
        if author:
            item["author"] = author
        documents = len(figure_docs.get(c["figure"], {c["doc"]})) if c.get("figure") is not None else 1
        graph.append(_drop_none({
            "@type": "ClaimReview", "@id": _claim_urn(c["doc"], c["start"], c["end"]),
            "claimReviewed": c.get("sentence") or c["text"], "datePublished": date,
            "author": {"@type": "Organization", "name": reviewer},
            "itemReviewed": _drop_none(item),
            "reviewRating": _rating(c, serious.get(c["doc"], []), documents),
            "reviewBody": f"“{c['text']}”" + (f" — {c['counted']}" if c.get("counted") else "")
            + f" (hedge: {c['hedge']}; characters {c['start']}–{c['end']} of {c['doc']})",
        }))
    return {"@context": CONTEXT, "@graph": graph, "sdPublisher": {"@type": "SoftwareApplication",
                                                                   "name": "claimledger",
                                                                   "softwareVersion": __version__}}


def _drop_none(obj: dict[str, Any]) -> dict[str, Any]:
    return {k: v for k, v in obj.items() if v is not None}


def write_claimreview(ledger: Ledger, out: TextIO) -> None:
    json.dump(claimreview_graph(ledger), out, ensure_ascii=False, indent=1)
    out.write("\n")
