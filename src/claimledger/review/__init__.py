"""Human review of the ledger: statuses, corrections, verdicts and added items, kept in an
append-only history, re-anchored after re-analysis, shared between ledgers, and turned into
gold data (``claimledger eval --from-reviews``); and a reviewer's merges and splits of figures
(:mod:`claimledger.review.figure_overrides`), applied by the cross stage.

The public API is re-exported here; the CLI (:mod:`claimledger.cli.review_cmds`) and the
web routes (:mod:`claimledger.web.review_routes`) are thin shells over it.
"""

from claimledger.review.actions import add_item, bulk, decide
from claimledger.review.anchor import ReanchorReport, reanchor, reanchor_if_stale, relocate
from claimledger.review.corrections import ImportReport, export_corrections, import_corrections
from claimledger.review.figure_overrides import apply_overrides
from claimledger.review.figure_overrides import merge as merge_figures
from claimledger.review.figure_overrides import revoke as undo_regroup
from claimledger.review.figure_overrides import split as split_figures
from claimledger.review.gold import ReviewScore, reviews_to_gold, score_reviews
from claimledger.review.items import Item, get_item, list_items
from claimledger.review.model import KINDS, STATUSES, VERDICTS, Anchor, Passage, ReviewState, Span
from claimledger.review.overlay import filter_reviewed, review_overlay
from claimledger.review.store import current, history

__all__ = [
    "KINDS",
    "STATUSES",
    "VERDICTS",
    "Anchor",
    "ImportReport",
    "Item",
    "Passage",
    "ReanchorReport",
    "ReviewScore",
    "ReviewState",
    "Span",
    "add_item",
    "apply_overrides",
    "bulk",
    "current",
    "decide",
    "export_corrections",
    "filter_reviewed",
    "get_item",
    "history",
    "import_corrections",
    "list_items",
    "merge_figures",
    "reanchor",
    "reanchor_if_stale",
    "relocate",
    "review_overlay",
    "reviews_to_gold",
    "score_reviews",
    "split_figures",
    "undo_regroup",
]
