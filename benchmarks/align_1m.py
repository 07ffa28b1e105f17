"""Alignment of a million claims: time and peak memory (run by hand; not a timed test).

Generates realistic synthetic claims deterministically — ``--stories`` stories of ten
kinds (war, flood, election, epidemic ...), each with its own places, actors and counted
nouns, reported by ``--docs`` documents; counted phrases are drawn Zipf-like from
"[qualifier] [modifier] noun [outcome] [in place]" with paraphrases (soldiers / troops /
forces), rate windows in the words around the number, hedged values and a few units — and
then runs what the cross stage runs on them:

1. ``align`` (blocking + similarity inside blocks; MiniLM when installed, else the lexical
   fallback, or force it with ``--lexical``);
2. per figure: ``figure_conflicts`` and ``figure_stats``.

Target: 1M claims in under 5 minutes on the 2-core development machine, peak RSS < 2 GB.

Measured 2026-11-22 on that machine while other jobs kept its load average at 7-9 (so
these are pessimistic): 1,000,000 claims, 25,000 documents, 500 stories, 303,066 distinct
phrases —
  MiniLM (word-averaged, over the phrase budget): align 82 s, figures 40 s, total 122 s,
  peak RSS 1.64 GB (0.72 GB of it the generated input);
  --lexical: align 69 s, figures 37 s, total 106 s, peak RSS 1.43 GB.

    .venv/bin/python benchmarks/align_1m.py [--claims 1000000] [--lexical]
"""

from __future__ import annotations

import argparse
import random
import resource
import sys
import time

from claimledger.checks.concepts import concept_of
from claimledger.checks.conflicts import ClaimFacts, figure_conflicts, figure_stats
from claimledger.ledger.align import AlignItem, VectorStore, align

KINDS = {
    "war": (["soldiers", "troops", "forces", "fighters", "civilians", "people", "tanks", "drones", "missiles",
             "armored vehicles", "artillery pieces", "refugees"],
            ["killed", "wounded", "killed or wounded", "captured", "destroyed", "sent", "deployed", ""]),
    "flood": (["people", "residents", "homes", "houses", "cars", "rescuers", "soldiers", "volunteers", "buildings"],
              ["killed", "missing", "displaced", "evacuated", "damaged", "destroyed", ""]),
    "election": (["votes", "voters", "seats", "ballots", "districts", "candidates", "polling stations"],
                 ["counted", "cast", "won", "lost", "contested", ""]),
    "epidemic": (["cases", "deaths", "patients", "people", "doses", "hospital beds", "tests"],
                 ["confirmed", "hospitalized", "vaccinated", "recovered", "infected", ""]),
    "economy": (["jobs", "workers", "companies", "shares", "homes", "loans"],
                ["lost", "created", "sold", "cut", "added", ""]),
    "crash": (["passengers", "people", "crew members", "victims", "survivors"],
              ["killed", "injured", "missing", "rescued", "on board", ""]),
    "quake": (["people", "buildings", "homes", "schools", "aftershocks", "rescuers"],
              ["killed", "injured", "collapsed", "destroyed", "trapped", ""]),
    "protest": (["protesters", "people", "police officers", "demonstrators", "arrests"],
                ["arrested", "injured", "detained", "marched", "gathered", ""]),
    "wildfire": (["acres", "homes", "firefighters", "residents", "structures"],
                 ["burned", "destroyed", "evacuated", "deployed", "threatened", ""]),
    "strike": (["workers", "employees", "flights", "trains", "schools", "members"],
               ["walked out", "cancelled", "closed", "balloted", "affected", ""]),
}
NATIONS = ["Russian", "Ukrainian", "North Korean", "Israeli", "Palestinian", "Syrian", "Sudanese", "American",
           "Chinese", "Indian", "Brazilian", "Mexican", "Turkish", "Iranian", "French", "German", "Spanish",
           "Italian", "Polish", "Nigerian", "Kenyan", "Ethiopian", "Pakistani", "Afghan", "Yemeni"]
PLACES = ["Kursk", "Kharkiv", "Gaza", "Rafah", "Valencia", "Bavaria", "Ohio", "Texas", "Kerala", "Sichuan",
          "Darfur", "Aleppo", "Idlib", "Lagos", "Nairobi", "Tigray", "Kabul", "Sanaa", "Paris", "Lyon", "Milan",
          "Warsaw", "Gdansk", "Chennai", "Manila", "Jakarta", "Osaka", "Quito", "Lima", "Santiago"]
MODIFIERS = ["", "", "", "new", "foreign", "local", "elderly", "young", "injured", "additional", "armed",
             "regular", "reserve", "volunteer", "displaced"]
WINDOWS = ["", "", "", "", "", "… in the past 24 hours", "… over three days", "… per day", "… this week",
           "… since the start of the war", "… according to officials"]
HEDGES = ["exact", "exact", "approx", "approx", "min", "max", "range", "vague"]


_CUM: dict[int, list[float]] = {}


def zipf(rng: random.Random, items: list[str], s: float = 1.2) -> str:
    """Draw with weight 1/rank^s (cumulative weights cached per list length)."""
    cum = _CUM.get(len(items))
    if cum is None:
        total, cum = 0.0, []
        for i in range(len(items)):
            total += 1 / (i + 1) ** s
            cum.append(total)
        _CUM[len(items)] = cum
    return rng.choices(items, cum_weights=cum)[0]


def generate(n_claims: int, n_docs: int, n_stories: int, seed: int) -> tuple[list[AlignItem], dict[int, ClaimFacts]]:
    rng = random.Random(seed)
    kinds = sorted(KINDS)
    stories = []
    for s in range(n_stories):
        kind = kinds[s % len(kinds)]
        srng = random.Random(seed * 1000 + s)
        stories.append((kind, srng.sample(NATIONS, 3), srng.sample(PLACES, 4), srng.randint(100, 50000)))
    doc_story = [rng.randrange(n_stories) for _ in range(n_docs)]
    items: list[AlignItem] = []
    facts: dict[int, ClaimFacts] = {}
    for cid in range(n_claims):
        doc = cid % n_docs
        story = doc_story[doc]
        kind, nations, places, base = stories[story]
        nouns, outcomes = KINDS[kind]
        parts = []
        if rng.random() < 0.5:
            parts.append(zipf(rng, nations))
        mod = rng.choice(MODIFIERS)
        if mod:
            parts.append(mod)
        parts.append(zipf(rng, nouns))
        outcome = zipf(rng, outcomes)
        if outcome:
            parts.append(outcome)
        if rng.random() < 0.4:
            parts.append(f"in {zipf(rng, places)}")
        counted = " ".join(parts) if rng.random() > 0.03 else None
        value = max(1, int(base * rng.lognormvariate(0, 0.6)))
        hedge = rng.choice(HEDGES)
        low, high = float(value), float(value)
        if hedge == "min":
            high = None  # type: ignore[assignment]
        elif hedge == "max":
            low = None  # type: ignore[assignment]
        elif hedge == "range":
            high = float(int(value * 1.2))
        unit = rng.choice([None] * 12 + ["%", "USD", "km"])
        day = 1 + (doc * 7 + cid) % 28
        items.append(AlignItem(cid, story, counted, rng.choice(WINDOWS), unit))
        facts[cid] = ClaimFacts(
            id=cid, doc=f"doc{doc:06d}", start=0, end=1, low=low, high=high, hedge=hedge, text=str(value),
            time=f"2024-{1 + doc % 12:02d}-{day:02d}" if rng.random() < 0.8 else None, source=None,
            source_entity=None, report=f"doc{doc:06d}", comparable=hedge != "vague", story=story, unit=unit,
        )
    return items, facts


def rss_mb() -> float:
    return resource.getrusage(resource.RUSAGE_SELF).ru_maxrss / 1024


def main(argv: list[str] | None = None) -> int:
    ap = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    ap.add_argument("--claims", type=int, default=1_000_000)
    ap.add_argument("--docs", type=int, default=25_000)
    ap.add_argument("--stories", type=int, default=500)
    ap.add_argument("--seed", type=int, default=11)
    ap.add_argument("--lexical", action="store_true", help="skip MiniLM, use the lexical fallback")
    args = ap.parse_args(argv)

    t0 = time.perf_counter()
    items, facts = generate(args.claims, args.docs, args.stories, args.seed)
    t1 = time.perf_counter()
    print(f"generated {len(items):,} claims, {args.docs:,} documents, {args.stories} stories in {t1 - t0:.1f}s "
          f"(peak RSS {rss_mb():.0f} MB)")
    store = None
    if not args.lexical:
        from claimledger.semantic import fallback_reason, get_encoder

        encoder = get_encoder()
        if encoder is None:
            print(f"lexical fallback: {fallback_reason()}")
        else:
            encoder.encode(["warm up"])
            store = VectorStore(encoder)
    t2 = time.perf_counter()
    groups = align(items, vectors=store)
    t3 = time.perf_counter()
    phrases = len({concept_of(i.counted).text for i in items if i.counted})
    print(f"align: {len(groups):,} figures from {phrases:,} distinct phrases in {t3 - t2:.1f}s "
          f"({'MiniLM, ' + format(store.encoded, ',') + ' texts embedded' if store else 'lexical'}; "
          f"peak RSS {rss_mb():.0f} MB)")
    n_conflicts = 0
    trends: dict[str, int] = {}
    for g in groups:
        members = [facts[c] for c in g.claims]
        found = figure_conflicts(g.label, members)
        n_conflicts += len(found)
        trend = figure_stats(members, disputed=bool(found)).trend
        trends[trend] = trends.get(trend, 0) + 1
    t4 = time.perf_counter()
    print(f"figures: {n_conflicts:,} conflicts, trends {trends} in {t4 - t3:.1f}s")
    print(f"TOTAL alignment + figures {t4 - t2:.1f}s for {len(items):,} claims; peak RSS {rss_mb():.0f} MB")
    return 0


if __name__ == "__main__":
    sys.exit(main())
