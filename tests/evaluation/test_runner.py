"""The glue the CLI uses: scoring a gold file by path, and the peer comparison table."""

from __future__ import annotations

from pathlib import Path

from claimledger.evaluation import format_comparison, gold_docs_dir, score_gold_file

REPO = Path(__file__).resolve().parent.parent.parent


def test_docs_dir_is_texts_beside_the_gold_else_its_folder() -> None:
    assert gold_docs_dir(REPO / "gold" / "dev" / "gold.json") == REPO / "gold" / "dev" / "texts"
    assert gold_docs_dir(REPO / "samples" / "kursk-2024" / "gold.json") == REPO / "samples" / "kursk-2024"


def test_score_gold_file_reads_the_documents_for_a_bare_export() -> None:
    text = (REPO / "samples" / "kursk-2024" / "003_8f807a654cf24479.txt").read_text(encoding="utf-8")
    i = text.index("at least 1,500 troops")
    export = {"claims": [{"doc": "003_8f807a654cf24479.txt", "start": i, "end": i + 21, "low": 1500, "high": None,
                          "hedge": "min", "source": "South Korea's spy agency", "as_of": "2024-10-18"}]}
    result = score_gold_file(REPO / "samples" / "kursk-2024" / "gold.json", export)
    assert (result.claims.tp, result.claims.fp, result.claims.fn) == (1, 0, 26)
    assert result.hedge_acc == 1.0 and result.source_acc == 1.0 and result.as_of_acc == 1.0


def test_format_comparison_one_row_per_system() -> None:
    row = {"claims": {"precision": 0.5, "recall": 0.25, "f1": 1 / 3}, "hedge_acc": 1.0, "counted_f1": 0.0,
           "source_acc": 0.5, "as_of_acc": None, "events": {"f1": 0.0}}
    table = format_comparison({"claimledger": row, "quantulum3": row}).splitlines()
    assert table[0].startswith("| system | claims P")
    assert table[2] == "| claimledger | 0.500 | 0.250 | 0.333 | 1.000 | 0.000 | 0.500 | – | 0.000 |"
    assert len(table) == 4
