"""Load-test ``kg serve`` on loopback: requests per second and latency percentiles.

    python bench/serve.py                           # 10,000 articles, 3 workers
    python bench/serve.py --articles 1000 --workers 2 3 4 --duration 20
    python bench/serve.py --store /tmp/kgbench/store-10000   # an existing store (bench/store.py --keep)

The store: ``--store`` as it is, or N synthetic articles of ``bench/corpus.py`` run through
the real extraction (``kg.ingest.process``, in one process per core) and bulk-loaded, then
the derived graph rebuilt; cached under ``$KG_BENCH_CACHE`` (default
``~/.cache/officials-kg/bench``) so the next run starts at once. (Bulk loading skips the
cross-article identity linking of ``kg ingest``: people are not merged across articles,
which only makes the graph larger.)

The server is a ``kg serve`` subprocess on 127.0.0.1 (a free port); the load comes from
this process, a second one: ``--concurrency`` threads, each with its own keep-alive
connection (http.client), in a bounded loop — at most ``--requests`` requests and at most
``--duration`` seconds per scenario. Nothing leaves the machine. Scenarios:

- ``lookup``: ``SELECT ?s WHERE { ?s rdfs:label "NAME"@fa }`` over 50 names (SPARQL JSON);
- ``page``: the HTML page of one of 50 people;
- ``turtle``: the same resources as Turtle;
- ``static``: ``/robots.txt``, answered by the web process alone: the HTTP stack's own cost;
- ``lookup+heavy``: ``lookup`` while another thread keeps sending a cartesian-product
  COUNT that the server kills at its time limit (``--timeout``): what a heavy user costs
  the others.

Anchors measured on this 2-core machine for a label lookup (from the issue): Oxigraph's
own server ~7,300 req/s, Virtuoso ~2,800 req/s, rdflib-endpoint ~220 req/s on 1M triples.
The client shares the two cores with the server, so every figure here is a lower bound.
"""

from __future__ import annotations

import argparse
import http.client
import json
import os
import re
import signal
import statistics
import subprocess
import sys
import threading
import time
import urllib.parse
from concurrent.futures import ProcessPoolExecutor
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(ROOT))

BASE = "https://w3id.org/officials-kg/id/"
HEAVY = "SELECT (COUNT(*) AS ?n) WHERE { ?a ?b ?c . ?d ?e ?f . ?g ?h ?i }"


# --- the store ------------------------------------------------------------------------------------
def _extract(batch: list[tuple[str, dict]]) -> bytes:
    """N-Quads of a batch of generated articles, through the real extraction and mapping."""
    import pyoxigraph as ox

    from kg.ingest import process
    from kg.store.terms import to_ox
    from kg.text.read import Source

    quads = []
    for i, (text, gold) in enumerate(batch):
        src = Source(text, f"bench-{i}", url=gold.get("url"), date=gold.get("date"), source=gold.get("source"))
        g = process(src, base=BASE, validate=False).graph
        name = to_ox(g.identifier)
        quads += [ox.Quad(to_ox(s), to_ox(p), to_ox(o), name) for s, p, o in g]
    return ox.serialize(quads, None, ox.RdfFormat.N_QUADS) or b""


def build_store(n: int, folder: Path, jobs: int) -> None:
    import pyoxigraph as ox

    from bench.corpus import generate
    from kg.store import Store

    t = time.perf_counter()
    articles = list(generate(n, seed=7))
    batches = [articles[i:i + 100] for i in range(0, n, 100)]
    tmp = folder.with_name(folder.name + ".tmp")
    import shutil

    shutil.rmtree(tmp, ignore_errors=True)
    with Store(tmp, identity=False) as st, ProcessPoolExecutor(jobs) as ex:
        for k, data in enumerate(ex.map(_extract, batches), 1):
            st.raw.bulk_load(data, format=ox.RdfFormat.N_QUADS)
            print(f"\r  extracted and loaded {min(k * 100, n):,}/{n:,} articles", end="", file=sys.stderr)
        print(file=sys.stderr)
        st.rebuild_derived()
        quads = len(st)
    shutil.rmtree(folder, ignore_errors=True)
    tmp.rename(folder)
    print(f"store: {n:,} articles, {quads:,} quads, built in {time.perf_counter() - t:.0f} s → {folder}")


def store_for(args) -> Path:
    if args.store:
        return Path(args.store)
    cache = Path(os.environ.get("KG_BENCH_CACHE", Path.home() / ".cache" / "officials-kg" / "bench"))
    folder = cache / f"serve-store-{args.articles}"
    if not (folder / "CURRENT").exists():
        folder.parent.mkdir(parents=True, exist_ok=True)
        build_store(args.articles, folder, args.jobs)
    return folder


def sample_resources(store: Path) -> tuple[list[str], list[str]]:
    """50 people: (their Persian labels, their IRIs)."""
    from kg.store import Store

    with Store(store, read_only=True) as st:
        rows = list(st.query("""SELECT ?p (SAMPLE(?l) AS ?label) WHERE { ?p a kg:Person ; rdfs:label ?l
                                FILTER(LANG(?l) = "fa") } GROUP BY ?p ORDER BY ?p LIMIT 50"""))
        quads = len(st)
    print(f"store {store}: {quads:,} quads")
    return [r["label"].value for r in rows], [r["p"].value for r in rows]


# --- the server -----------------------------------------------------------------------------------
def start_server(store: Path, workers: int, timeout: float) -> tuple[subprocess.Popen, int]:
    # the dumps are written once beside the store and reused: writing them must not compete
    # with the measured requests
    dumps = store.with_name(store.name + "-dumps")
    cmd = [sys.executable, "-c", "import sys; from kg.cli import main; sys.argv[0] = 'kg'; main()", "serve",
           "--store", str(store), "--port", "0", "--workers", str(workers), "--timeout", str(timeout),
           "--no-access-log", "--dump-dir", str(dumps)]
    proc = subprocess.Popen(cmd, stdout=subprocess.DEVNULL, stderr=subprocess.PIPE, text=True, cwd=ROOT,
                            env=dict(os.environ, PYTHONPATH=str(ROOT)))
    assert proc.stderr is not None
    deadline = time.monotonic() + 300
    for line in proc.stderr:
        m = re.search(r"listening on http://127\.0\.0\.1:(\d+)/", line)
        if m:
            threading.Thread(target=proc.stderr.read, daemon=True).start()  # keep draining the log
            return proc, int(m.group(1))
        if time.monotonic() > deadline:
            break
    proc.kill()
    raise SystemExit("kg serve did not start")


def wait_counted(port: int) -> None:
    """Wait until the server has counted the dataset (a start-up job that holds a worker) and
    written its dumps (a start-up process)."""
    deadline = time.monotonic() + 1800
    while time.monotonic() < deadline:
        conn = http.client.HTTPConnection("127.0.0.1", port, timeout=10)
        conn.request("GET", "/status")
        status = json.loads(conn.getresponse().read())
        conn.close()
        if status["counted"] and status["dumps_ready"] and status["idle"] == status["workers"]:
            return
        time.sleep(0.5)


# --- the load -------------------------------------------------------------------------------------
def load(port: int, paths: list[tuple[str, dict[str, str]]], *, requests: int, duration: float,
         concurrency: int, stop_early: threading.Event | None = None) -> dict:
    """Send ``requests`` requests (cycling through ``paths``) from ``concurrency`` threads."""
    lock = threading.Lock()
    counter = iter(range(requests))
    latencies: list[float] = []
    statuses: dict[int, int] = {}
    deadline = time.monotonic() + duration

    def worker() -> None:
        conn = http.client.HTTPConnection("127.0.0.1", port, timeout=60)
        mine: list[float] = []
        codes: dict[int, int] = {}
        while time.monotonic() < deadline:
            with lock:
                i = next(counter, None)
            if i is None:
                break
            path, headers = paths[i % len(paths)]
            t = time.perf_counter()
            try:
                conn.request("GET", path, headers=headers)
                r = conn.getresponse()
                r.read()
                code = r.status
            except (OSError, http.client.HTTPException):
                conn.close()
                conn = http.client.HTTPConnection("127.0.0.1", port, timeout=60)
                code = 0
            mine.append(time.perf_counter() - t)
            codes[code] = codes.get(code, 0) + 1
        conn.close()
        with lock:
            latencies.extend(mine)
            for k, v in codes.items():
                statuses[k] = statuses.get(k, 0) + v

    t0 = time.perf_counter()
    threads = [threading.Thread(target=worker) for _ in range(concurrency)]
    for t in threads:
        t.start()
    for t in threads:
        t.join()
    elapsed = time.perf_counter() - t0
    latencies.sort()

    def pct(p: float) -> float:
        return 1000 * latencies[min(len(latencies) - 1, int(p * len(latencies)))] if latencies else float("nan")

    return {"requests": len(latencies), "seconds": elapsed, "rps": len(latencies) / elapsed if elapsed else 0,
            "p50": pct(0.50), "p95": pct(0.95), "p99": pct(0.99), "max": 1000 * latencies[-1] if latencies else 0,
            "statuses": statuses}


def heavy_loop(port: int, stop: threading.Event, results: list[tuple[int, float]]) -> None:
    path = "/sparql?" + urllib.parse.urlencode({"query": HEAVY})
    while not stop.is_set():
        conn = http.client.HTTPConnection("127.0.0.1", port, timeout=120)
        t = time.perf_counter()
        conn.request("GET", path, headers={"Accept": "application/sparql-results+json"})
        r = conn.getresponse()
        r.read()
        results.append((r.status, time.perf_counter() - t))
        conn.close()


def report(name: str, r: dict) -> None:
    codes = ", ".join(f"{k}: {v:,}" for k, v in sorted(r["statuses"].items()))
    print(f"  {name:14} {r['rps']:8,.0f} req/s   p50 {r['p50']:7.1f} ms   p95 {r['p95']:7.1f} ms   "
          f"p99 {r['p99']:7.1f} ms   max {r['max']:7.1f} ms   ({r['requests']:,} requests; {codes})")


def in_process_lookup(store: Path, labels: list[str]) -> float:
    """Median ms of the lookup query run directly on pyoxigraph: the floor under the HTTP figure."""
    from kg.store import Store

    times = []
    with Store(store, read_only=True) as st:
        for label in labels * 4:
            q = f'SELECT ?s WHERE {{ ?s rdfs:label "{label}"@fa }}'
            t = time.perf_counter()
            list(st.query(q))
            times.append(time.perf_counter() - t)
    return 1000 * statistics.median(times)


def main() -> None:
    ap = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    ap.add_argument("--articles", type=int, default=10_000)
    ap.add_argument("--store", help="an existing store to serve (skips building one)")
    ap.add_argument("--workers", type=int, nargs="+", default=[3], help="server worker processes (several: a sweep)")
    ap.add_argument("--concurrency", type=int, default=8, help="client threads")
    ap.add_argument("--requests", type=int, default=5000, help="at most this many requests per scenario")
    ap.add_argument("--duration", type=float, default=20.0, help="at most this many seconds per scenario")
    ap.add_argument("--timeout", type=float, default=2.0, help="the server's query time limit (for lookup+heavy)")
    ap.add_argument("--jobs", type=int, default=os.cpu_count() or 1, help="processes extracting the corpus")
    ap.add_argument("--scenarios", nargs="+", default=["lookup", "page", "turtle", "lookup+heavy"])
    args = ap.parse_args()

    store = store_for(args)
    labels, people = sample_resources(store)
    print(f"in-process lookup (pyoxigraph, no HTTP): median {in_process_lookup(store, labels):.2f} ms")
    json_accept = {"Accept": "application/sparql-results+json"}
    lookups = [("/sparql?" + urllib.parse.urlencode({"query": f'SELECT ?s WHERE {{ ?s rdfs:label "{lab}"@fa }}'}),
                json_accept) for lab in labels]
    pages = [("/id/" + p[len(BASE):], {"Accept": "text/html"}) for p in people]
    turtles = [("/id/" + p[len(BASE):], {"Accept": "text/turtle"}) for p in people]
    for workers in args.workers:
        t = time.perf_counter()
        proc, port = start_server(store, workers, args.timeout)
        print(f"\nkg serve, {workers} workers: started in {time.perf_counter() - t:.1f} s (port {port}); "
              f"{args.concurrency} client threads, ≤{args.requests:,} requests or ≤{args.duration:g} s each")
        try:
            t = time.perf_counter()
            wait_counted(port)
            print(f"  counted the dataset (VoID) and wrote/reused the dumps in {time.perf_counter() - t:.1f} s")
            load(port, lookups + pages, requests=200, duration=10, concurrency=2)  # warm-up
            for name in args.scenarios:
                if name == "lookup+heavy":
                    stop, heavy = threading.Event(), []
                    th = threading.Thread(target=heavy_loop, args=(port, stop, heavy))
                    th.start()
                    time.sleep(0.3)
                    r = load(port, lookups, requests=args.requests, duration=args.duration,
                             concurrency=args.concurrency - 1)
                    stop.set()
                    th.join()
                    report(name, r)
                    killed = [s for s in heavy if s[0] == 503]
                    if killed:
                        print(f"  {'':14} heavy query: {len(killed)} stopped with 503 after "
                              f"{statistics.median(s[1] for s in killed):.2f} s median (limit {args.timeout:g} s)")
                    continue
                paths = {"lookup": lookups, "page": pages, "turtle": turtles,
                         "static": [("/robots.txt", {})]}[name]
                report(name, load(port, paths, requests=args.requests, duration=args.duration,
                                  concurrency=args.concurrency))
        finally:
            proc.send_signal(signal.SIGTERM)
            try:
                proc.wait(30)
            except subprocess.TimeoutExpired:
                proc.kill()


if __name__ == "__main__":
    main()
