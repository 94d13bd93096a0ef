"""Benchmark ``kg ingest``: throughput per stage, end to end with 1 and N jobs, peak memory,
the ratio to an I/O floor, and extraction quality at scale against the generator's gold.

    python bench/ingest.py                        # 1,000 and 10,000 articles
    python bench/ingest.py --sizes 100000         # on request (about an hour on 2 cores)
    python bench/ingest.py --sizes 1000 --jobs 4 --json results.json

For each size the corpus comes from bench/corpus.py (seeded: the same articles every run),
written once as JSON Lines. Then, side by side in one run:

* **stages** — one pass in this process over the corpus, timing each stage on its own:
  read (JSON Lines → Source), normalise, extract (the whole extraction pipeline, normalising
  included), map to RDF (triples of N-Triples term strings, kg.rdf.ntriples), serialise
  (N-Quads, as the UTF-8 bytes written), validate with the fast validator, validate with
  pySHACL (on the first --pyshacl-sample articles: ~0.1 s each), store (one
  ``Store.replace_article`` transaction per article, identity linking included, on the first
  --store-sample articles; RocksDB's background threads not counted). Articles/s and
  triples/s per stage, in CPU time of the thread doing the work.
* **end to end** — the real command in a subprocess, ``kg ingest corpus.jsonl -o out.nq``,
  with validation and without, with 1 job and with N; and into the store with N jobs. Wall
  time, articles/s, peak RSS of the whole process tree (sampled every 50 ms).
* **floor** — reading the same JSON Lines and writing as many N-Quads lines as the end-to-end
  run wrote, with no extraction: what any ingester pays for I/O. Reported as end-to-end /
  floor.
* **quality** — statement, attribution and quantity F1 of the extraction against the gold of
  every generated article, so a speed-up that breaks extraction shows here.

Prints a table; ``--json FILE`` also writes every figure with the machine it ran on.
"""

from __future__ import annotations

import argparse
import contextlib
import gc
import json
import os
import platform
import resource
import shutil
import subprocess
import sys
import tempfile
import threading
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(ROOT))

from bench.corpus import f1, score, write  # noqa: E402

BASE = "https://w3id.org/officials-kg/id/"


def machine() -> dict:
    cpu = platform.processor() or ""
    try:
        for line in Path("/proc/cpuinfo").read_text().splitlines():
            if line.startswith("model name"):
                cpu = line.split(":", 1)[1].strip()
                break
    except OSError:
        pass
    mem = ""
    try:
        kb = int(next(ln for ln in Path("/proc/meminfo").read_text().splitlines()
                      if ln.startswith("MemTotal")).split()[1])
        mem = f"{kb / 1024 / 1024:.0f} GiB"
    except (OSError, StopIteration):
        pass
    import pyoxigraph
    import pyshacl
    import rdflib

    return {"cpu": cpu, "cores": os.cpu_count(), "memory": mem, "python": platform.python_version(),
            "os": platform.platform(), "rdflib": rdflib.__version__, "pyoxigraph": pyoxigraph.__version__,
            "pyshacl": pyshacl.__version__, "load": os.getloadavg()[0] if hasattr(os, "getloadavg") else None}


class Timer:
    """CPU time of this thread per stage: other processes on the machine do not count, nor do
    the store's background threads (RocksDB flushes and compactions would land on whichever
    stage happens to run; pyoxigraph's parsing and queries run on the calling thread)."""

    def __init__(self) -> None:
        self.cpu: dict[str, float] = {}
        self.count: dict[str, int] = {}
        self.triples: dict[str, int] = {}

    def __call__(self, stage: str, fn, *args, triples: int = 0, **kwargs):
        t = time.thread_time()
        out = fn(*args, **kwargs)
        self.cpu[stage] = self.cpu.get(stage, 0.0) + time.thread_time() - t
        self.count[stage] = self.count.get(stage, 0) + 1
        self.triples[stage] = self.triples.get(stage, 0) + triples
        return out


def stages(corpus: Path, gold: Path, *, pyshacl_sample: int, store_sample: int, tmp: Path) -> dict:
    from kg.extract.pipeline import extract
    from kg.ingest import iter_items
    from kg.ingest_validate import fast_validator
    from kg.rdf.mapping import article_triples
    from kg.rdf.ntriples import encoded_nquads
    from kg.rdf.ntriples import graph as rdflib_graph
    from kg.store import Store
    from kg.text.normalise import normalise
    from kg.validate import validate as pyshacl_validate

    timer = Timer()
    fast = fast_validator()
    totals: dict[str, int] = {}
    failed = 0
    store = Store(tmp / "stage-store")
    golds = gold.open(encoding="utf-8")
    items = iter_items([str(corpus)])
    n = 0
    while True:
        src = timer("read", next, items, None)
        if src is None:
            break
        g = json.loads(golds.readline())
        n += 1
        timer("normalise", normalise, src.text)
        article = timer("extract", extract, src)
        iri, triples = timer("map to RDF", article_triples, article, BASE)
        k = len(triples)
        timer.triples["map to RDF"] += k
        nq = timer("serialise N-Quads", encoded_nquads, triples, iri, triples=k)
        report = timer("validate (fast)", fast.validate_nt, triples, nquads=nq, triples=k)
        failed += not report.conforms
        if n <= pyshacl_sample:
            timer("validate (pySHACL)", pyshacl_validate, rdflib_graph(triples, iri), triples=k)
        if n <= store_sample:  # as StoreSink does
            timer("store", store.replace_article_nt, iri, triples, triples=k)
        for key, v in score(article, g).items():
            totals[key] = totals.get(key, 0) + v
        if n == 1:
            gc.freeze()  # as kg ingest does once the lexicons are loaded
    store.close()
    rows = []
    for stage, cpu in timer.cpu.items():
        count = timer.count[stage]
        rows.append({"stage": stage, "articles": count, "cpu_s": round(cpu, 3),
                     "articles_per_s": round(count / cpu, 1) if cpu else None,
                     "triples_per_s": round(timer.triples[stage] / cpu) if cpu and timer.triples[stage] else None,
                     "ms_per_article": round(1000 * cpu / count, 3)})
    quality = {
        "statement_f1": round(f1(totals["match"], totals["sys"], totals["gold"]), 4),
        "attributed_f1": round(f1(totals["attributed"], totals["sys"], totals["gold"]), 4),
        "quantity_f1": round(f1(totals["q_hit"], totals["q_sys"], totals["q_gold"]), 4),
        "gold_statements": totals["gold"], "gold_quantities": totals["q_gold"], "shapes_failures": failed,
    }
    return {"stages": rows, "quality": quality}


def _tree_rss(pid: int) -> int:
    import psutil

    try:
        proc = psutil.Process(pid)
        procs = [proc, *proc.children(recursive=True)]
    except psutil.Error:
        return 0
    total = 0
    for p in procs:
        with contextlib.suppress(psutil.Error):  # a worker may exit while we look
            total += p.memory_info().rss
    return total


def run_command(argv: list[str]) -> dict:
    """Wall time and peak RSS (whole process tree) of one command."""
    peak = 0
    before = resource.getrusage(resource.RUSAGE_CHILDREN)
    start = time.perf_counter()
    proc = subprocess.Popen(argv, stdout=subprocess.DEVNULL, stderr=subprocess.PIPE)
    stop = threading.Event()

    def sample() -> None:
        nonlocal peak
        while not stop.is_set():
            peak = max(peak, _tree_rss(proc.pid))
            stop.wait(0.05)

    try:
        import psutil  # noqa: F401

        sampler = threading.Thread(target=sample, daemon=True)
        sampler.start()
    except ImportError:  # fall back to the largest single child's peak
        sampler = None
    _, err = proc.communicate()
    wall = time.perf_counter() - start
    stop.set()
    if sampler is not None:
        sampler.join()
    else:
        peak = resource.getrusage(resource.RUSAGE_CHILDREN).ru_maxrss * 1024
    after = resource.getrusage(resource.RUSAGE_CHILDREN)
    if proc.returncode not in (0,):
        sys.stderr.write(err.decode(errors="replace")[-2000:])
        raise SystemExit(f"{' '.join(argv)}: exit {proc.returncode}")
    # CPU seconds of the command and every process it waited for (the pool's workers): on a
    # shared machine wall time includes waiting for other processes' turns, CPU time does not
    cpu = (after.ru_utime - before.ru_utime) + (after.ru_stime - before.ru_stime)
    return {"wall_s": round(wall, 2), "cpu_s": round(cpu, 2), "peak_rss_mib": round(peak / 2**20, 1)}


def floor(corpus: Path, lines: int, out: Path) -> float:
    """Read the corpus as kg ingest does (JSON Lines records) and write ``lines`` N-Quads
    lines spread over its articles: the I/O any ingester pays, without extraction."""
    from kg.ingest import iter_items

    start = time.perf_counter()
    sources = list(iter_items([str(corpus)]))
    per, extra = divmod(lines, max(len(sources), 1))
    with out.open("w", encoding="utf-8", buffering=1 << 20) as fh:
        for i, src in enumerate(sources):
            g = f"<{BASE}article/{i}>"
            s = f"<{BASE}statement/{i}"
            fh.write("".join(f'{s}-{k}> <https://w3id.org/officials-kg/ontology#start> '
                             f'"{len(src.text)}"^^<http://www.w3.org/2001/XMLSchema#integer> {g} .\n'
                             for k in range(per + (i < extra))))
    return time.perf_counter() - start


def bench_size(n: int, args, tmp: Path) -> dict:
    corpus, gold = tmp / f"corpus-{n}.jsonl", tmp / f"gold-{n}.jsonl"
    t = time.perf_counter()
    write(n, args.seed, corpus, gold)
    print(f"\n== {n:,} articles (generated in {time.perf_counter() - t:.1f} s, "
          f"{corpus.stat().st_size / 2**20:.1f} MiB of JSON Lines)", flush=True)
    result: dict = {"articles": n}
    if not args.skip_stages:
        result.update(stages(corpus, gold, pyshacl_sample=min(n, args.pyshacl_sample),
                             store_sample=min(n, args.store_sample), tmp=tmp))
        print(f"{'stage':24} {'articles':>9} {'ms/article':>11} {'articles/s':>11} {'triples/s':>11}")
        for row in result["stages"]:
            tps = f"{row['triples_per_s']:,}" if row["triples_per_s"] else "-"
            print(f"{row['stage']:24} {row['articles']:9,} {row['ms_per_article']:11.3f} "
                  f"{row['articles_per_s']:11,.1f} {tps:>11}")
        q = result["quality"]
        print(f"quality: statement F1 {q['statement_f1']}, attributed F1 {q['attributed_f1']}, "
              f"quantity F1 {q['quantity_f1']} ({q['gold_statements']:,} gold statements); "
              f"{q['shapes_failures']} graphs failed the shapes")
    kg = shutil.which("kg", path=str(Path(sys.executable).parent)) or "kg"
    out = tmp / "out.nq"
    runs = []
    jobs = args.jobs or os.cpu_count() or 1
    plan = [("file, validated", 1, []), (f"file, validated, {jobs} jobs", jobs, []),
            ("file, no validation", 1, ["--no-validate"]),
            (f"file, no validation, {jobs} jobs", jobs, ["--no-validate"])]
    if not args.skip_store:
        plan.append((f"store, validated, {jobs} jobs", jobs, ["STORE"]))
    for label, j, extra in plan:
        if extra == ["STORE"]:
            target = ["--store", str(tmp / f"store-{n}")]
            extra = []
        else:
            target = ["-o", str(out)]
        r = run_command([kg, "ingest", str(corpus), *target, "-q", "--no-progress", "-j", str(j), *extra])
        r.update(label=label, jobs=j, articles_per_s=round(n / r["wall_s"], 1),
                 articles_per_cpu_s=round(n / r["cpu_s"], 1) if r["cpu_s"] else None)
        runs.append(r)
        print(f"end to end, {label:32} {r['wall_s']:8.1f} s {r['articles_per_s']:9,.1f} articles/s "
              f"(CPU {r['cpu_s']:.1f} s: {r['articles_per_cpu_s']:,.1f} articles per CPU-second) "
              f"peak RSS {r['peak_rss_mib']:7.1f} MiB", flush=True)
        if label == "file, validated":
            lines = sum(1 for _ in out.open("rb"))
            f = floor(corpus, lines, tmp / "floor.nq")
            result["floor"] = {"wall_s": round(f, 2), "nquads_lines": lines,
                               "articles_per_s": round(n / f, 1)}
            print(f"floor (read + write {lines:,} N-Quads lines)        {f:8.1f} s "
                  f"{n / f:9,.1f} articles/s", flush=True)
    result["end_to_end"] = runs
    base = next(r for r in runs if r["label"] == "file, validated")
    result["ratio_to_floor"] = round(base["wall_s"] / result["floor"]["wall_s"], 1)
    best = min(r["wall_s"] for r in runs if r["label"].startswith("file, validated"))
    result["ratio_to_floor_best"] = round(best / result["floor"]["wall_s"], 1)
    print(f"end to end / floor: {result['ratio_to_floor']}x with 1 job, {result['ratio_to_floor_best']}x "
          f"with {jobs} jobs")
    return result


def main(argv: list[str] | None = None) -> int:
    ap = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    ap.add_argument("--sizes", type=int, nargs="+", default=[1000, 10000])
    ap.add_argument("--seed", type=int, default=7)
    ap.add_argument("--jobs", type=int, default=0, help="N for the parallel runs (default: CPUs)")
    ap.add_argument("--pyshacl-sample", type=int, default=50, help="articles validated with pySHACL")
    ap.add_argument("--store-sample", type=int, default=1000, help="articles stored in the stage pass")
    ap.add_argument("--skip-stages", action="store_true", help="end-to-end runs only")
    ap.add_argument("--skip-store", action="store_true", help="no end-to-end run into the store")
    ap.add_argument("--json", type=Path, help="write all figures here")
    ap.add_argument("--keep", type=Path, help="work in this folder and keep it")
    args = ap.parse_args(argv)
    info = machine()
    print("machine:", ", ".join(f"{k} {v}" for k, v in info.items()))
    print("command:", " ".join(["python", "bench/ingest.py", *(argv if argv is not None else sys.argv[1:])]))
    results = []
    tmp_ctx = tempfile.TemporaryDirectory(prefix="kg-bench-ingest-") if args.keep is None else None
    tmp = Path(tmp_ctx.name) if tmp_ctx else args.keep
    tmp.mkdir(parents=True, exist_ok=True)
    try:
        for n in args.sizes:
            results.append(bench_size(n, args, tmp))
    finally:
        if tmp_ctx:
            tmp_ctx.cleanup()
    if args.json:
        args.json.write_text(json.dumps({"machine": info, "argv": sys.argv[1:], "results": results}, indent=1,
                                        ensure_ascii=False), encoding="utf-8")
    return 0


if __name__ == "__main__":
    sys.exit(main())
