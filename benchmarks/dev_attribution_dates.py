"""Development benchmark for attribution, as_of and dated events.

Runs :mod:`claimledger.extract.mentions`, ``attribution``, ``dates`` and ``events`` on the
hand-annotated sample story (``samples/kursk-2024``) and on the 25 annotated ScrapingHub
pages (``../shared/samples/scrapinghub-dev``), independently of the other stages: blocks
are lines, sentences come from spaCy, and each gold claim's figure span is located in the
text directly, so that only these modules are measured.  Scoring follows
``../shared/eval/score.py``: a source is right when its token F1 with the gold is >= 0.5 or
it contains the gold's last token (gold None needs None); an event is right when its span
overlaps the gold text and its date starts with the gold date; ``as_of`` is right when it
starts with the gold's.

Also reads the project's own gold sets (``gold/dev``, ``gold/holdout``: invented articles,
published dates from gold.json).  ``gold/holdout`` is for measuring only -- never tune on it.

usage: python benchmarks/dev_attribution_dates.py [--verbose] [--only kursk|scrapinghub|dev|holdout]
"""

from __future__ import annotations

import argparse
import datetime as dt
import gzip
import json
import re
import sys
import time
from dataclasses import dataclass, field
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
SHARED = ROOT.parent / "shared"
if not SHARED.exists():
    SHARED = Path("/work/shared")

NUMBER = re.compile(
    r"\$?\d[\d,.]*\+?(?:\s*(?:million|billion|thousand|trillion))?|\b(?:one|two|three|four|five|six|seven|"
    r"eight|nine|ten|eleven|twelve|thirteen|fifteen|twenty|thirty|forty|fifty|sixty|hundred|thousand|"
    r"thousands|millions|dozens?|half|third|fifth|quarter|trio|several|twice|fifty-\w+|twenty-\w+|"
    r"zero|all|both|couple|few)\b", re.I)


@dataclass
class Doc:
    id: str
    text: str
    published: dt.date | None
    gold_claims: list[dict] = field(default_factory=list)
    gold_events: list[dict] = field(default_factory=list)


def norm_tokens(s: str | None) -> list[str]:
    stop = {"the", "a", "an", "of", "in", "to", "and"}
    return [t for t in re.findall(r"[a-z0-9]+", (s or "").lower()) if t not in stop]


def token_f1(a: str | None, b: str | None) -> float:
    ta, tb = norm_tokens(a), norm_tokens(b)
    if not ta or not tb:
        return 0.0
    common = sum(min(ta.count(t), tb.count(t)) for t in set(ta))
    if common == 0:
        return 0.0
    p, r = common / len(ta), common / len(tb)
    return 2 * p * r / (p + r)


def source_ok(pred: str | None, gold: str | None) -> bool:
    if gold is None:
        return pred in (None, "")
    if not pred:
        return False
    return token_f1(pred, gold) >= 0.5 or all(t in norm_tokens(pred) for t in norm_tokens(gold)[-1:])


def load_gold_dir(gold_path: Path, texts: Path) -> list[Doc]:
    """A gold set in the ``gold/`` layout: gold.json plus texts/ (published from gold.json)."""
    gold = json.loads(gold_path.read_text())
    docs: list[Doc] = []
    for name, meta in gold["documents"].items():
        pub = dt.date.fromisoformat(meta["published"][:10]) if meta.get("published") else None
        d = Doc(name, (texts / name).read_text(encoding="utf-8"), pub)
        d.gold_claims = [c for c in gold["claims"] if c["doc"] == name]
        d.gold_events = [e for e in gold["events"] if e["doc"] == name]
        docs.append(d)
    return docs


def load_docs(only: str | None) -> list[Doc]:
    if only in ("dev", "holdout"):
        return load_gold_dir(ROOT / "gold" / only / "gold.json", ROOT / "gold" / only / "texts")
    docs: list[Doc] = []
    if only in (None, "kursk"):
        folder = ROOT / "samples" / "kursk-2024"
        gold = json.loads((folder / "gold.json").read_text())
        for name, meta in gold["documents"].items():
            pub = dt.date.fromisoformat(meta["published"]) if meta.get("published") else None
            d = Doc(name, (folder / name).read_text(encoding="utf-8"), pub)
            d.gold_claims = [c for c in gold["claims"] if c["doc"] == name]
            d.gold_events = [e for e in gold["events"] if e["doc"] == name]
            docs.append(d)
    if only in (None, "scrapinghub"):
        folder = SHARED / "samples" / "scrapinghub-dev"
        gold = json.loads((folder / "gold.json").read_text())
        truth = json.loads((folder / "ground-truth.json").read_text())
        for name in gold["documents"]:
            key = name.removesuffix(".html.gz")
            d = Doc(name, truth[key]["articleBody"], _htmldate(folder / "html" / name))
            d.gold_claims = [c for c in gold["claims"] if c["doc"] == name]
            d.gold_events = [e for e in gold["events"] if e["doc"] == name]
            docs.append(d)
    return docs


def _htmldate(path: Path) -> dt.date | None:
    from htmldate import find_date

    html = gzip.decompress(path.read_bytes()).decode("utf-8", errors="replace")
    got = find_date(html, original_date=True, extensive_search=False)
    return dt.date.fromisoformat(got) if got else None


def sentence_views(text: str, nlp):  # type: ignore[no-untyped-def]
    from claimledger.extract.context import SentenceView

    lines, pos = [], 0
    for line in text.split("\n"):
        if line.strip():
            lines.append((pos, line))
        pos += len(line) + 1
    views, idx = [], 0
    for (off, line), doc in zip(lines, nlp.pipe([ln for _, ln in lines]), strict=True):
        for s in doc.sents:
            views.append(SentenceView(index=idx, start=off + s.start_char, end=off + s.end_char,
                                      text=line[s.start_char:s.end_char], block=len(views), doc=doc, offset=off))
            idx += 1
    return views


def figure_span(text: str, start: int, end: int) -> tuple[int, int]:
    m = NUMBER.search(text, start, end)
    return (m.start(), m.end()) if m else (start, end)


def run(docs: list[Doc], verbose: bool) -> dict[str, float]:
    from claimledger.extract.attribution import attribute
    from claimledger.extract.context import DocContext
    from claimledger.extract.dates import as_of_for, document_anchor, find_dates
    from claimledger.extract.events import extract_events
    from claimledger.extract.mentions import update_mentions
    from claimledger.nlp import get_nlp

    nlp = get_nlp()
    src_ok = src_n = src_named_ok = src_named_n = src_none_ok = src_none_n = 0
    asof_ok = asof_n = 0
    etp = epred = egold = 0
    t0 = time.perf_counter()
    for d in docs:
        views = sentence_views(d.text, nlp)
        anchor = d.published or document_anchor(d.text)  # what the pipeline is asked to pass
        ctx = DocContext(doc_id=d.id, published=anchor)
        claims_at = []
        for g in d.gold_claims:
            i = d.text.find(g["text"])
            if i >= 0 and not g.get("optional"):
                claims_at.append((i, i + len(g["text"]), g))
        events = []
        for v in views:
            update_mentions(v, ctx)
            dates = find_dates(v.text, v.start, anchor)
            for gs, ge, g in claims_at:
                if not (v.start <= gs < v.end):
                    continue
                fs, fe = figure_span(d.text, gs, min(ge, v.end))
                got = attribute(v, fs, fe, ctx)
                pred = got.name if got else None
                ok = source_ok(pred, g["source"])
                src_n += 1
                src_ok += ok
                if g["source"] is None:
                    src_none_n += 1
                    src_none_ok += ok
                else:
                    src_named_n += 1
                    src_named_ok += ok
                if verbose and not ok:
                    print(f"  SOURCE {d.id[:6]} {g['text']!r}: gold={g['source']!r} pred={pred!r} "
                          f"{'(' + (got.stance or '') + ')' if got else ''}\n      | {v.text[:200]}")
                if g.get("as_of"):
                    as_of, basis = as_of_for(v, dates, d.published, near=(fs, fe), anchor=anchor)
                    good = (as_of or "").startswith(g["as_of"])
                    asof_n += 1
                    asof_ok += good
                    if verbose and not good:
                        print(f"  AS_OF {d.id[:6]} {g['text']!r}: gold={g['as_of']} pred={as_of} ({basis})"
                              f"\n      | {v.text[:200]}")
            events.extend(extract_events(v, dates, ctx))
        used: set[int] = set()
        for g in d.gold_events:
            spans = [(m.start(), m.end()) for m in re.finditer(re.escape(g["text"]), d.text)]
            hit = None
            for k, e in enumerate(events):
                if k in used:
                    continue
                if any(e.start < b and a < e.end for a, b in spans) and e.date.startswith(g["date"]):
                    hit = k
                    break
            if hit is None:
                if verbose:
                    near = [e for e in events if any(e.start < b and a < e.end for a, b in spans)]
                    print(f"  EVENT MISS {d.id[:6]} {g['text']!r} {g['date']} "
                          f"near={[(e.date, d.text[e.start:e.end]) for e in near]}")
            else:
                used.add(hit)
        if verbose:
            for k, e in enumerate(events):
                if k not in used:
                    print(f"  EVENT FP {d.id[:6]} {e.date} {d.text[e.start:e.end]!r} -> {e.what!r}")
        etp += len(used)
        epred += len(events)
        egold += len(d.gold_events)
    elapsed = time.perf_counter() - t0
    p = etp / epred if epred else 0.0
    r = etp / egold if egold else 0.0
    return {
        "docs": len(docs), "seconds": round(elapsed, 1),
        "source_acc": round(src_ok / src_n, 3) if src_n else 0.0, "source_n": src_n,
        "source_named_acc": round(src_named_ok / src_named_n, 3) if src_named_n else 0.0,
        "source_named_n": src_named_n,
        "source_none_acc": round(src_none_ok / src_none_n, 3) if src_none_n else 0.0,
        "source_none_n": src_none_n,
        "as_of_acc": round(asof_ok / asof_n, 3) if asof_n else 0.0, "as_of_n": asof_n,
        "events_p": round(p, 3), "events_r": round(r, 3),
        "events_f1": round(2 * p * r / (p + r), 3) if p + r else 0.0,
        "events_tp": etp, "events_pred": epred, "events_gold": egold,
    }


def main(argv: list[str]) -> int:
    ap = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    ap.add_argument("--verbose", action="store_true")
    ap.add_argument("--only", choices=("kursk", "scrapinghub", "dev", "holdout"))
    args = ap.parse_args(argv)
    sets = ("kursk", "scrapinghub", "dev") if args.only is None else (args.only,)
    for name in sets:
        result = run(load_docs(name), args.verbose)
        print(name, json.dumps(result))
    return 0


if __name__ == "__main__":
    sys.exit(main(sys.argv[1:]))
