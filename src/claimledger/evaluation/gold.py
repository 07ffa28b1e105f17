"""Gold files: load them, find their documents, check they are well formed, fingerprint them.

A gold file (schema ``claimledger-gold/1``) names documents by id and annotates claims,
events and findings by quoting their text; the scorer finds each quote with ``str.find``.
So a gold file is only as good as its quotes: :func:`validate_gold` checks that every quote
occurs in its document and that every record obeys the hedge rules of the export contract,
before a wrong annotation can silently lower (or raise) a score.
"""

from __future__ import annotations

import datetime as dt
import hashlib
import json
import re
from collections.abc import Mapping
from pathlib import Path
from typing import Any

from claimledger.errors import InputError
from claimledger.evaluation._matching import overlaps, spans_of
from claimledger.models import FINDING_KINDS, HEDGES

GOLD_SCHEMA = "claimledger-gold/1"
CLAIM_KEYS = ("doc", "text", "low", "high", "hedge", "counted", "source", "as_of")
_ISO_PREFIX = re.compile(r"^\d{4}(-\d{2}(-\d{2})?)?$")


def load_gold(path: str | Path) -> dict[str, Any]:
    """Read a gold file and check its schema tag."""
    p = Path(path)
    try:
        gold = json.loads(p.read_text(encoding="utf-8"))
    except (OSError, UnicodeDecodeError, json.JSONDecodeError) as exc:
        raise InputError(f"cannot read gold file {p}: {exc}.",
                         hint="Pass a claimledger-gold/1 JSON file (see gold/README.md).") from exc
    if not isinstance(gold, dict) or gold.get("schema") != GOLD_SCHEMA:
        raise InputError(f"{p} is not a {GOLD_SCHEMA} file.",
                         hint='Its top level must be an object with "schema": "claimledger-gold/1".')
    return gold


def gold_docs_dir(gold_path: str | Path) -> Path:
    """Where a gold file's documents live: a ``texts/`` folder beside it, else its own folder."""
    parent = Path(gold_path).parent
    texts = parent / "texts"
    return texts if texts.is_dir() else parent


def read_gold_texts(gold: Mapping[str, Any], docs_dir: str | Path) -> dict[str, str]:
    """Document id -> raw file text, read the way the reference scorer reads its fallback
    (UTF-8, universal newlines); unreadable files give ``""``."""
    out: dict[str, str] = {}
    for name in gold.get("documents", {}):
        try:
            out[name] = (Path(docs_dir) / name).read_text(encoding="utf-8")
        except (OSError, UnicodeDecodeError):
            out[name] = ""
    return out


def gold_fingerprint(gold_path: str | Path, docs_dir: str | Path | None = None) -> str:
    """sha256 over the gold file and every document it names (sorted by id), so a floor
    pinned on one version of the gold is not silently applied to another."""
    gp = Path(gold_path)
    ddir = Path(docs_dir) if docs_dir is not None else gold_docs_dir(gp)
    h = hashlib.sha256(gp.read_bytes())
    for name in sorted(load_gold(gp).get("documents", {})):
        h.update(b"\0" + name.encode("utf-8") + b"\0")
        doc = ddir / name
        h.update(doc.read_bytes() if doc.is_file() else b"<missing>")
    return h.hexdigest()


def _iso_ok(value: Any) -> bool:
    if not isinstance(value, str) or not _ISO_PREFIX.match(value):
        return False
    parts = [int(x) for x in value.split("-")] + [1, 1]
    try:
        dt.date(parts[0], parts[1], parts[2])
    except ValueError:
        return False
    return True


def bounds_problem(low: Any, high: Any, hedge: str) -> str | None:
    """The contract's shape for each hedge (None when the bounds fit it).  The one validator:
    gold files, exports and a reviewer's corrections (:mod:`claimledger.review.model`) all use it."""
    for v in (low, high):
        if v is not None and (isinstance(v, bool) or not isinstance(v, int | float)):
            return f"bound {v!r} is not a number"
    if low is not None and high is not None and low > high:
        return f"low {low} > high {high}"
    rules = {
        "exact": (low is not None and low == high, "exact needs low == high"),
        "approx": (high is not None and low in (None, high), "approx needs low == high, or low null ('nearly')"),
        "min": (low is not None and high is None, "min needs low set and high null"),
        "max": (low is None and high is not None, "max needs low null and high set"),
        "range": (low is not None and high is not None and low < high, "range needs low < high"),
        "vague": (low is not None, "vague needs at least a plausible low"),
    }
    ok, why = rules[hedge]
    return None if ok else why


def _check_claim(i: int, c: Mapping[str, Any], texts: Mapping[str, str]) -> list[str]:
    where = f"claim #{i} ({c.get('text')!r})"
    missing = [k for k in CLAIM_KEYS if k not in c]
    if missing:
        return [f"{where}: missing keys {missing}"]
    problems = []
    if c["hedge"] not in HEDGES:
        problems.append(f"{where}: hedge {c['hedge']!r} is not one of {HEDGES}")
    else:
        why = bounds_problem(c["low"], c["high"], c["hedge"])
        if why:
            problems.append(f"{where}: {why}")
    if c["as_of"] is not None and not _iso_ok(c["as_of"]):
        problems.append(f"{where}: as_of {c['as_of']!r} is not an ISO date prefix")
    if not c["counted"]:
        problems.append(f"{where}: counted is empty")
    return problems


def _check_quotes(gold: Mapping[str, Any], texts: Mapping[str, str]) -> list[str]:
    problems = []
    docs = gold.get("documents", {})
    for key in ("claims", "events", "findings"):
        for i, item in enumerate(gold.get(key, [])):
            doc = item.get("doc")
            if doc not in docs:
                problems.append(f"{key} #{i}: document {doc!r} is not listed in 'documents'")
                continue
            text = texts.get(doc, "")
            for field in ("text", "a", "b"):
                quote = item.get(field)
                if quote is None:
                    continue
                if not isinstance(quote, str) or not quote or not spans_of(text, quote):
                    problems.append(f"{key} #{i}: {field} {quote!r} does not occur in {doc}")
    return problems


def validate_gold(gold: Mapping[str, Any], texts: Mapping[str, str]) -> list[str]:
    """Every problem that would make the gold score something other than what it means:
    quotes that do not occur, unknown documents or kinds, bounds that break the hedge
    rules, dates that are not ISO prefixes.  An empty list means the file is sound."""
    problems: list[str] = []
    if gold.get("schema") != GOLD_SCHEMA:
        problems.append(f"schema is {gold.get('schema')!r}, expected {GOLD_SCHEMA!r}")
    docs = gold.get("documents")
    if not isinstance(docs, dict) or not docs:
        return [*problems, "'documents' must be a non-empty object keyed by document id"]
    for name, meta in docs.items():
        if not texts.get(name):
            problems.append(f"document {name!r} has no text (file missing or empty)")
        published = (meta or {}).get("published")
        if published is not None and not _iso_ok(published):
            problems.append(f"document {name!r}: published {published!r} is not an ISO date")
    problems += _check_quotes(gold, texts)
    for i, c in enumerate(gold.get("claims", [])):
        problems += _check_claim(i, c, texts)
    for i, e in enumerate(gold.get("events", [])):
        if not _iso_ok(e.get("date")):
            problems.append(f"event #{i} ({e.get('text')!r}): date {e.get('date')!r} is not an ISO date prefix")
        if not e.get("what"):
            problems.append(f"event #{i} ({e.get('text')!r}): 'what' is empty")
    for i, f in enumerate(gold.get("findings", [])):
        if f.get("kind") not in FINDING_KINDS:
            problems.append(f"finding #{i}: kind {f.get('kind')!r} is not one of {FINDING_KINDS}")
        if not any(k in f for k in ("a", "b", "text")):
            problems.append(f"finding #{i}: needs 'text', or 'a' and 'b'")
        if not f.get("why"):
            problems.append(f"finding #{i}: 'why' is empty")
    return problems


def overlapping_claims(gold: Mapping[str, Any], texts: Mapping[str, str]) -> list[str]:
    """Pairs of gold claims (optional ones included) whose quotes overlap in the text.

    The scorer gives an overlapping prediction to the first gold claim that wants it, so
    two overlapping quotes with different bounds can steal each other's match: a gold set
    written for this project avoids them (the sample story predates the rule).  The same
    quote twice with the same bounds is allowed: it annotates a repeated passage."""
    problems = []
    claims = list(gold.get("claims", []))
    located = [(c, spans_of(texts.get(c["doc"], ""), c["text"])) for c in claims]
    for i, (a, sa) in enumerate(located):
        for b, sb in located[i + 1:]:
            same_claim = a["text"] == b["text"] and (a["low"], a["high"]) == (b["low"], b["high"])
            if a["doc"] == b["doc"] and not same_claim and any(overlaps(x, y) for x in sa for y in sb):
                problems.append(f"{a['doc']}: {a['text']!r} overlaps {b['text']!r}")
    return problems
