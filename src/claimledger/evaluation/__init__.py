"""Evaluation: score a ledger export against gold data, compare with peers, guard floors.

The scorer reproduces ``shared/eval/score.py`` exactly (the file that judges the project);
the gold sets live in ``gold/`` (see ``gold/README.md``) and ``samples/``.
"""

from claimledger.evaluation.baselines import (
    baseline_quantulum,
    baseline_spacy_numbers,
    quantulum_export,
    spacy_export,
)
from claimledger.evaluation.floors import check_floors, load_floors, metric_values, pin_floors
from claimledger.evaluation.gold import (
    gold_docs_dir,
    gold_fingerprint,
    load_gold,
    overlapping_claims,
    read_gold_texts,
    validate_gold,
)
from claimledger.evaluation.runner import (
    compare_with_peers,
    format_comparison,
    score_gold_file,
    set_fingerprints,
)
from claimledger.evaluation.scorer import (
    ClaimCounts,
    EvalResult,
    EventCounts,
    FindingCounts,
    Mismatch,
    format_report,
    score,
)

__all__ = [
    "ClaimCounts",
    "EvalResult",
    "EventCounts",
    "FindingCounts",
    "Mismatch",
    "baseline_quantulum",
    "baseline_spacy_numbers",
    "check_floors",
    "compare_with_peers",
    "format_comparison",
    "format_report",
    "gold_docs_dir",
    "gold_fingerprint",
    "load_floors",
    "load_gold",
    "metric_values",
    "overlapping_claims",
    "pin_floors",
    "quantulum_export",
    "read_gold_texts",
    "score",
    "score_gold_file",
    "set_fingerprints",
    "spacy_export",
    "validate_gold",
]
