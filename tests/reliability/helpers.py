"""Corpora and helpers shared by the reliability tests (imported, not fixtures).

Everything binary or large is generated into the test's temporary folder, never
committed.  Corpora are varied deterministically (seeded shuffles and number changes)
so every document is distinct and every run of the suite sees the same bytes.
"""

from __future__ import annotations

import json
import random
import re
import subprocess
import sys
from collections.abc import Callable
from pathlib import Path
from typing import Any

CheckLedger = Callable[[Path], None]  # the assert_check_ok fixture

REPO = Path(__file__).resolve().parents[2]
KURSK = REPO / "samples" / "kursk-2024"


def kursk_texts() -> list[str]:
    """The two real articles of the sample story, in a fixed order."""
    return [p.read_text(encoding="utf-8") for p in sorted(KURSK.glob("*.txt"))]


def varied_article(base: str, rng: random.Random, tag: int) -> str:
    """A distinct but realistic article: title kept, body paragraphs shuffled, numbers changed.

    Numbers are rewritten digit-group by digit-group (``11,000`` stays shaped like a
    thousands figure), so the quantity parser sees the same kinds of expressions.
    """
    title, _, body = base.partition("\n")
    paragraphs = [p for p in body.split("\n") if p.strip()]
    rng.shuffle(paragraphs)
    keep = paragraphs[: max(4, int(len(paragraphs) * rng.uniform(0.5, 1.0)))]

    def renumber(m: re.Match[str]) -> str:
        digits = m.group(0)
        if len(digits) == 4 and digits.startswith(("19", "20")):  # a year: leave it
            return digits
        first = str(rng.randint(1, 9))
        return first + "".join(str(rng.randint(0, 9)) for _ in digits[1:])

    keep = [re.sub(r"(?<![\d,.])\d+", renumber, p) for p in keep]
    return f"{title} ({tag})\n" + "\n".join(keep) + "\n"


def varied_corpus(folder: Path, n: int, seed: int, prefix: str = "doc") -> list[Path]:
    """Write ``n`` distinct articles into ``folder`` (doc_000.txt ...); return their paths."""
    rng = random.Random(seed)
    bases = kursk_texts()
    folder.mkdir(parents=True, exist_ok=True)
    paths = []
    for i in range(n):
        path = folder / f"{prefix}_{i:03d}.txt"
        path.write_text(varied_article(bases[i % len(bases)], rng, i), encoding="utf-8")
        paths.append(path)
    return paths


def export_json(db: Path) -> dict[str, Any]:
    """The claimledger-export/1 object of a ledger, through the CLI (as a user gets it)."""
    proc = subprocess.run([sys.executable, "-m", "claimledger", "export", "--db", str(db), "--format", "json"],
                          capture_output=True, text=True, encoding="utf-8", check=False, timeout=120)
    assert proc.returncode == 0, proc.stderr
    data: dict[str, Any] = json.loads(proc.stdout)
    return data


# Python code run in a subprocess before the CLI: files whose name contains "vanishing"
# are deleted the moment ingest opens them (a file that disappears between listing and
# reading); files whose name contains "unreadable" fail to open with EACCES (what chmod
# 000 does to a non-root user; tests run as root in CI, where chmod stops nothing).
SABOTAGE = r"""
import builtins, errno, io, os, sys
_real_open = io.open

def _sabotaged(file, mode="r", *args, **kwargs):
    name = os.fspath(file) if isinstance(file, (str, bytes, os.PathLike)) else ""
    name = name.decode() if isinstance(name, bytes) else name
    base = os.path.basename(name)
    if "r" in mode and "vanishing" in base and os.path.exists(name):
        os.unlink(name)
    if "r" in mode and "unreadable" in base:
        raise PermissionError(errno.EACCES, os.strerror(errno.EACCES), name)
    return _real_open(file, mode, *args, **kwargs)

builtins.open = io.open = _sabotaged  # Path.open / read_bytes call io.open too
from claimledger.cli.main import run
sys.argv = ["claimledger", *sys.argv[1:]]
run()
"""


def sabotage_prefix() -> list[str]:
    """argv prefix for ``run_cli(..., prefix=...)``: the CLI with the SABOTAGE hooks installed."""
    return [sys.executable, "-c", SABOTAGE]
