"""Deterministic benchmark corpora built from real-looking text.

The seed texts are the bundled sample story and the project's dev gold articles
(``gold/dev/texts``).  Each generated document is a variant of one seed: paragraphs
reordered within the body, figures scaled, dates shifted, names of outlets rotated — so
documents are distinct (no cache or dedupe shortcut) but read like news, never like
trivially short strings.  Documents are wrapped in a realistic HTML page (navigation,
bylines, related links, newsletter pitch, footer) so the HTML → ledger path is measured.

    python benchmarks/corpus.py --docs 1000 --out /tmp/bench-1k.jsonl
"""

from __future__ import annotations

import argparse
import html
import json
import random
import re
from collections.abc import Iterator
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
OUTLETS = ["The Daily Ledger", "Northern Post", "Harbour Times", "Evening Courier", "Capital Wire",
           "Metro Herald", "Valley Tribune", "Coastal News"]
NUM = re.compile(r"\b\d{1,3}(?:,\d{3})+\b|\b\d{2,}\b")


def seed_texts() -> list[str]:
    paths = sorted((ROOT / "samples").rglob("*.txt")) + sorted((ROOT / "gold" / "dev" / "texts").glob("*.txt"))
    texts = [p.read_text(encoding="utf-8") for p in paths]
    if not texts:
        raise SystemExit("no seed texts found under samples/ or gold/dev/texts")
    return texts


def _scale_numbers(text: str, rng: random.Random) -> str:
    factor = rng.choice([0.8, 0.9, 1.1, 1.25, 1.5, 2.0])

    def repl(m: re.Match[str]) -> str:
        raw = m.group(0).replace(",", "")
        value = int(raw)
        if 1900 <= value <= 2100 and "," not in m.group(0):  # years stay years
            return m.group(0)
        return f"{round(value * factor):,}" if "," in m.group(0) else str(round(value * factor))

    return NUM.sub(repl, text)


def variant(seed: str, i: int) -> tuple[str, str]:
    rng = random.Random(i)
    lines = [ln for ln in seed.split("\n") if ln.strip()]
    title, body = lines[0], lines[1:]
    head, tail = body[:2], body[2:]
    rng.shuffle(tail)
    text = "\n".join([f"{title} ({i})", *head, *tail])
    return title, _scale_numbers(text, rng)


def to_html(title: str, text: str, outlet: str, day: int) -> str:
    paras = text.split("\n")[1:]
    body = "\n".join(f"<p>{html.escape(p)}</p>" for p in paras)
    return f"""<!doctype html><html><head><meta charset="utf-8"><title>{html.escape(title)} | {outlet}</title>
<meta property="og:site_name" content="{outlet}"><meta name="author" content="Staff Reporter">
<meta property="article:published_time" content="2024-11-{day:02d}T08:00:00Z"></head><body>
<nav><a href="/">Home</a> <a href="/world">World</a> <a href="/politics">Politics</a> <a href="/sport">Sport</a></nav>
<main><article><h1>{html.escape(title)}</h1><p class="byline">By Staff Reporter, {outlet}</p>
{body}
<aside class="newsletter"><p>Sign up for our morning briefing: the stories that matter, in your inbox.</p></aside>
</article>
<section class="related"><h2>Related</h2><ul><li><a href="/a">Markets rally as inflation cools</a></li>
<li><a href="/b">City council approves new budget</a></li></ul></section></main>
<footer><p>© 2024 {outlet}. All rights reserved.</p><p>Contact us | Privacy | Terms</p></footer>
</body></html>"""


def generate(n: int) -> Iterator[dict[str, str]]:
    seeds = seed_texts()
    for i in range(n):
        title, text = variant(seeds[i % len(seeds)], i)
        outlet = OUTLETS[i % len(OUTLETS)]
        yield {"id": f"bench/{i:06d}.html", "url": f"https://example.org/story/{i}",
               "outlet": outlet, "published": f"2024-11-{1 + i % 28:02d}",
               "html": to_html(title, text, outlet, 1 + i % 28)}


def main() -> None:
    ap = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    ap.add_argument("--docs", type=int, default=1000)
    ap.add_argument("--out", type=Path, required=True)
    a = ap.parse_args()
    with a.out.open("w", encoding="utf-8") as fh:
        for rec in generate(a.docs):
            fh.write(json.dumps(rec) + "\n")
    print(f"wrote {a.docs} documents to {a.out}")


if __name__ == "__main__":
    main()
