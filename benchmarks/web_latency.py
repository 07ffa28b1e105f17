"""Latency of the web UI and JSON API on a large ledger, under load, over loopback.

Starts ``claimledger serve`` (uvicorn) on 127.0.0.1 against a ledger (build one with
``large_ledger.py``), then drives it with locust, headless, with ``--users`` concurrent
clients that send requests back to back (no think time: a closed loop, the harshest
steady load N clients can make).  Each request picks one endpoint at random, so every page
and API call is measured under the same mixed load; locust reports p50/p95/p99 and req/s
per endpoint.  Then times ``claimledger report`` on the same ledger (wall time, peak RSS of
the child process, output size).

The endpoints' parameters (an outlet, a source, a figure, a document, a finding kind, the
deep offset at 90% of the documents) are read from the ledger, so any ledger works.

    pip install -e '.[bench]'      # locust
    python benchmarks/web_latency.py --db /tmp/big.db --users 8 --duration 60
    python benchmarks/web_latency.py --db /tmp/big.db --no-load --report   # only the report

This file is also the locustfile: locust imports it and finds :class:`LedgerUser`.
"""

from __future__ import annotations

import argparse
import base64
import csv
import json
import os
import random
import resource
import sqlite3
import subprocess
import sys
import tempfile
import time
import urllib.request
from pathlib import Path
from urllib.parse import quote, urlencode

PARAMS_ENV = "CLAIMLEDGER_BENCH_ENDPOINTS"


def _q(path: str, **params: object) -> str:
    kept = {k: v for k, v in params.items() if v is not None}
    return path + ("?" + urlencode(kept) if kept else "")


def endpoints(db: Path) -> dict[str, str]:
    """name -> URL path of every measured endpoint, with parameters read from the ledger."""
    conn = sqlite3.connect(f"file:{db}?mode=ro", uri=True)
    one = lambda sql: conn.execute(sql).fetchone()  # noqa: E731
    docs = one("SELECT COUNT(*) FROM documents")[0]
    deep = min(90_000, int(docs * 0.9))
    deep_claims = int(one("SELECT COUNT(*) FROM claims")[0] * 0.6)
    deep_n = one(f"SELECT rowid FROM documents ORDER BY rowid LIMIT 1 OFFSET {deep}")
    n = conn.execute("SELECT rowid FROM documents ORDER BY rowid LIMIT 1 OFFSET ?", (docs // 2,)).fetchone()
    outlet = one("SELECT outlet FROM documents WHERE outlet IS NOT NULL ORDER BY rowid LIMIT 1")[0]
    source = one("SELECT source FROM claims WHERE source IS NOT NULL ORDER BY id LIMIT 1 OFFSET 1000")
    source = source[0] if source else None
    figure = one("SELECT id FROM figures ORDER BY documents DESC, claims DESC, id LIMIT 1")
    figure = figure[0] if figure else 0
    kind = one("SELECT kind FROM findings GROUP BY kind ORDER BY COUNT(*) DESC LIMIT 1")
    kind = kind[0] if kind else "conflict"
    before_deep_claim = one(f"SELECT id FROM claims ORDER BY id LIMIT 1 OFFSET {max(0, deep_claims - 1)}")
    conn.close()
    # the API's opaque cursor for "after the document before the deep one" (base64url JSON of the
    # sort key), written out here so this script also drives versions that predate cursors
    def cursor(key: list[object]) -> str:
        return base64.urlsafe_b64encode(json.dumps(key).encode()).decode().rstrip("=")

    d = cursor([deep_n[0] - 1 if deep_n else 0])
    c = cursor([before_deep_claim[0] if before_deep_claim else 0])
    out = {
        "page overview": "/",
        "page documents": "/documents",
        f"page documents offset {deep}": _q("/documents", offset=deep),
        "page document": f"/documents/{n[0]}",
        "page claims": "/claims",
        f"page claims offset {deep_claims}": _q("/claims", offset=deep_claims),
        f"page claims after (cursor) at {deep_claims}": _q("/claims", offset=deep_claims, after=c),
        f"page documents after (cursor) at {deep}": _q("/documents", offset=deep, after=d),
        "page claims outlet": _q("/claims", outlet=outlet),
        "page claims source": _q("/claims", source=source),
        "page claims hedge": _q("/claims", hedge="min"),
        "page figures": "/figures",
        "page figure": f"/figures/{figure}",
        "page findings kind": _q("/findings", kind=kind),
        "page timeline": "/timeline",
        "page search common": "/search?q=said",
        "page search rare": "/search?q=" + quote("evacuated residents"),
        "api overview": "/api/overview",
        "api documents": "/api/documents",
        f"api documents offset {deep}": _q("/api/documents", offset=deep),
        "api documents after (keyset)": _q("/api/documents", after=d),
        "api document": f"/api/documents/{n[0]}",
        "api claims": "/api/claims",
        f"api claims offset {deep_claims}": _q("/api/claims", offset=deep_claims),
        "api claims outlet": _q("/api/claims", outlet=outlet),
        "api claims source": _q("/api/claims", source=source),
        "api claims hedge": _q("/api/claims", hedge="min"),
        "api claims figure": _q("/api/claims", figure=figure),
        "api figures": "/api/figures",
        "api figure": f"/api/figures/{figure}",
        "api findings kind": _q("/api/findings", kind=kind),
        "api events": "/api/events",
        "api search common": "/api/search?q=said",
        "api search rare": "/api/search?q=" + quote("evacuated residents"),
    }
    return out


try:  # the locustfile part: only when locust imports this module
    from locust import HttpUser, constant, task

    class LedgerUser(HttpUser):  # type: ignore[misc]
        wait_time = constant(0)
        targets: list[tuple[str, str]] = sorted(json.loads(os.environ.get(PARAMS_ENV, "{}")).items())

        @task
        def one(self) -> None:
            name, path = random.choice(self.targets)
            self.client.get(path, name=name)
except ImportError:  # pragma: no cover - the driver below says how to install it
    pass


def _wait_up(url: str, proc: subprocess.Popen[bytes], seconds: float = 60) -> None:
    deadline = time.monotonic() + seconds
    while time.monotonic() < deadline:
        if proc.poll() is not None:
            raise SystemExit(f"claimledger serve exited with {proc.returncode}")
        try:
            with urllib.request.urlopen(url, timeout=5) as r:
                if r.status == 200:
                    return
        except OSError:
            time.sleep(0.3)
    raise SystemExit("claimledger serve did not answer in time")


def _get_ms(url: str) -> float:
    started = time.perf_counter()
    try:
        urllib.request.urlopen(url, timeout=300).read()
    except OSError as exc:
        print(f"{url}: {exc}")
    return (time.perf_counter() - started) * 1000


def load(db: Path, users: int, duration: int, port: int, sequential: int = 0) -> list[dict[str, str]]:
    """Serve ``db``; warm up; then ``sequential`` rounds of one request at a time (unloaded
    latency, printed), then ``duration`` seconds of locust with ``users`` clients."""
    targets = endpoints(db)
    bindir = Path(sys.executable).parent
    server = subprocess.Popen([str(bindir / "claimledger"), "serve", "--db", str(db), "--port", str(port)],
                              stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL)
    try:
        base = f"http://127.0.0.1:{port}"
        _wait_up(base + "/api/overview", server, seconds=900)  # serve migrates the ledger first
        first = {name: _get_ms(base + path) for name, path in targets.items()}  # warm-up, cold caches
        if sequential:
            times = {name: sorted(_get_ms(base + path) for _ in range(sequential)) for name, path in targets.items()}
            print(f"| endpoint | first (cold) ms | median of {sequential} ms | max ms |")
            print("|---|---|---|---|")
            for name in targets:
                t = times[name]
                print(f"| {name} | {first[name]:.0f} | {t[len(t) // 2]:.0f} | {t[-1]:.0f} |")
        if not duration:
            return []
        with tempfile.TemporaryDirectory() as tmp:
            prefix = str(Path(tmp) / "stats")
            env = dict(os.environ, **{PARAMS_ENV: json.dumps(targets)})
            subprocess.run([str(bindir / "locust"), "-f", __file__, "--headless", "-u", str(users), "-r", str(users),
                            "-t", f"{duration}s", "--host", base, "--csv", prefix, "--only-summary",
                            "--loglevel", "ERROR"], env=env, check=False, stdout=subprocess.DEVNULL,
                           stderr=subprocess.DEVNULL)
            with open(prefix + "_failures.csv", encoding="utf-8") as fh:
                for f in csv.DictReader(fh):
                    print(f"FAILED {f['Occurrences']}x {f['Name']}: {f['Error']}")
            with open(prefix + "_stats.csv", encoding="utf-8") as fh:
                return list(csv.DictReader(fh))
    finally:
        server.terminate()
        server.wait(timeout=30)


def print_table(rows: list[dict[str, str]]) -> None:
    print("| endpoint | requests | failures | p50 ms | p95 ms | p99 ms | req/s |")
    print("|---|---|---|---|---|---|---|")
    for r in sorted(rows, key=lambda r: (r["Name"] == "Aggregated", r["Name"])):
        print(f"| {r['Name']} | {r['Request Count']} | {r['Failure Count']} | {r['50%']} | {r['95%']} | "
              f"{r['99%']} | {float(r['Requests/s']):.1f} |")


def time_report(db: Path, timeout: int) -> dict[str, object]:
    """Wall time, peak RSS and size of ``claimledger report`` (a child process)."""
    out = Path(tempfile.gettempdir()) / f"{db.stem}-report.html"
    exe = Path(sys.executable).parent / "claimledger"
    started = time.monotonic()
    try:
        rc: int | str = subprocess.run([str(exe), "report", "--db", str(db), "--output", str(out)],
                                       timeout=timeout, check=False).returncode
    except subprocess.TimeoutExpired:
        rc = f"killed after {timeout} s"
    wall = time.monotonic() - started
    rss = resource.getrusage(resource.RUSAGE_CHILDREN).ru_maxrss / 1024
    size = out.stat().st_size if out.exists() and rc == 0 else None
    return {"report_rc": rc, "wall_s": round(wall, 1), "peak_rss_mb": round(rss),
            "bytes": size, "mb": round(size / 1e6, 2) if size else None}


def main() -> None:
    ap = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    ap.add_argument("--db", type=Path, required=True)
    ap.add_argument("--users", type=int, default=8, help="concurrent clients")
    ap.add_argument("--duration", type=int, default=60, help="seconds of load (0: none)")
    ap.add_argument("--port", type=int, default=8799)
    ap.add_argument("--no-load", action="store_true", help="skip the server (with --report: only the report)")
    ap.add_argument("--sequential", type=int, default=0, help="first time each endpoint N times, one at a time")
    ap.add_argument("--report", action="store_true", help="also time `claimledger report`")
    ap.add_argument("--report-timeout", type=int, default=600)
    ap.add_argument("--json", type=Path, help="write the rows and the report timing here")
    a = ap.parse_args()
    print(f"uptime: {subprocess.run(['uptime'], capture_output=True, text=True).stdout.strip()}")
    # the report first: its peak RSS is read from RUSAGE_CHILDREN, which the server would join
    report = time_report(a.db, a.report_timeout) if a.report else None
    if report:
        print("report:", json.dumps(report))
    rows = [] if a.no_load else load(a.db, a.users, a.duration, a.port, a.sequential)
    if rows:
        print_table(rows)
    print(f"uptime: {subprocess.run(['uptime'], capture_output=True, text=True).stdout.strip()}")
    if a.json:
        a.json.write_text(json.dumps({"rows": rows, "report": report}, indent=1), encoding="utf-8")


if __name__ == "__main__":
    main()
