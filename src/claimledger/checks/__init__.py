"""Checks: everything that judges claims, events and passages, inside a document and across them.

Per document (run by :mod:`claimledger.pipeline` through :mod:`.document`):

* :mod:`.within` — ``self_contradiction`` and ``disagreement`` inside one document;

Across documents (run after every ``analyze`` by :func:`.cross.run_cross_checks`):

* :mod:`.cross` / :mod:`.cross_io` — the stage itself: read the ledger, rewrite figures,
  sources, syndication, timeline and ledger findings in one transaction;
* :mod:`.stories` — which documents tell the same story;
* :mod:`.offtopic` — passages spliced in from another story;
* :mod:`.conflicts` — figure conflicts, trends, relayed-figure drift, event-date conflicts.

Shared rules: :mod:`.intervals` (hedges as intervals, ISO date prefixes), :mod:`.concepts`
(what a figure counts), :mod:`.happenings` (one-time events).
"""
