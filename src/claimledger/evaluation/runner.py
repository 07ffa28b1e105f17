"""Glue for the CLI and CI: score a gold file against an export, fingerprint pinned sets.

``claimledger eval GOLD --db LEDGER`` exports the ledger and calls :func:`score_gold_file`;
the floors gate calls :func:`set_fingerprints` to learn whether the gold sets still are the
ones the floors were pinned on.
"""

from __future__ import annotations

from collections.abc import Mapping
from pathlib import Path
from typing import Any

from claimledger.evaluation.gold import gold_docs_dir, gold_fingerprint, load_gold, read_gold_texts
from claimledger.evaluation.scorer import EvalResult, score


def score_gold_file(gold_path: str | Path, export: Mapping[str, Any],
                    docs_dir: str | Path | None = None) -> EvalResult:
    """Score ``export`` against the gold file at ``gold_path``.

    The gold's documents are read from ``docs_dir`` (default: the ``texts/`` folder beside
    the gold file, else its own folder) and used only where the export lacks a document's
    text, as the reference scorer does.
    """
    gold = load_gold(gold_path)
    ddir = Path(docs_dir) if docs_dir is not None else gold_docs_dir(gold_path)
    return score(gold, export, read_gold_texts(gold, ddir))


def set_fingerprints(floors: Mapping[str, Any], root: str | Path) -> dict[str, str]:
    """Current sha256 of every gold set named in a floors file (paths relative to ``root``)."""
    out: dict[str, str] = {}
    for name, spec in floors.get("sets", {}).items():
        gold = Path(root) / spec["gold"]
        docs = Path(root) / spec["docs"] if spec.get("docs") else None
        out[name] = gold_fingerprint(gold, docs)
    return out


def compare_with_peers(gold: Mapping[str, Any], texts: Mapping[str, str],
                       export: Mapping[str, Any] | None = None) -> dict[str, dict[str, Any]]:
    """Scores of claimledger (when ``export`` is given) beside quantulum3 and spaCy's number
    entities on the same gold, with the same scorer: name -> ``score.py --json`` dict."""
    from claimledger.evaluation.baselines import baseline_quantulum, baseline_spacy_numbers

    table: dict[str, dict[str, Any]] = {}
    if export is not None:
        table["claimledger"] = score(gold, export, texts).to_dict()
    table["quantulum3"] = baseline_quantulum(gold, texts)
    table["spaCy numbers"] = baseline_spacy_numbers(gold, texts)
    return table


def format_comparison(table: Mapping[str, Mapping[str, Any]]) -> str:
    """A Markdown table of :func:`compare_with_peers` output, one row per system."""

    def cell(v: Any) -> str:
        return "–" if v is None else f"{v:.3f}"

    rows = ["| system | claims P | claims R | claims F1 | hedge | counted | source | as_of | events F1 |",
            "|---|---|---|---|---|---|---|---|---|"]
    for name, r in table.items():
        c = r["claims"]
        rows.append(f"| {name} | {cell(c['precision'])} | {cell(c['recall'])} | {cell(c['f1'])} | "
                    f"{cell(r['hedge_acc'])} | {cell(r['counted_f1'])} | {cell(r['source_acc'])} | "
                    f"{cell(r['as_of_acc'])} | {cell(r['events']['f1'])} |")
    return "\n".join(rows)
