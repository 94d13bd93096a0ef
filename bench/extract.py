#!/usr/bin/env python3
"""Extraction speed: articles per second on one core, and milliseconds per stage.

    python bench/extract.py [--repeat 5] [CORPUS_DIR]

Runs the extraction pipeline (normalise → … → records; no RDF, no validation)
over the articles of CORPUS_DIR (default: ../shared/corpus/dev when present,
else the bundled sample), repeated, after one warm-up pass. Prints per-article
latency (median, p95), throughput, per-component time, the time scaled to a
3,000-character article and the latency of the three longest articles.
"""

from __future__ import annotations

import argparse
import statistics
import time
from collections import defaultdict
from pathlib import Path

from kg.extract import pipeline
from kg.samples import sample_path
from kg.text.normalise import normalise
from kg.text.read import Source

ROOT = Path(__file__).resolve().parents[1]


def main() -> None:
    ap = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    ap.add_argument("corpus", nargs="?", type=Path, default=ROOT.parent / "shared" / "corpus" / "dev")
    ap.add_argument("--repeat", type=int, default=5)
    args = ap.parse_args()
    files = sorted(args.corpus.glob("*.txt")) if args.corpus.is_dir() else []
    texts = [f.read_text(encoding="utf-8") for f in files] or [sample_path().read_text(encoding="utf-8")]

    stage_time: dict[str, float] = defaultdict(float)
    original = list(pipeline.PIPELINE)

    def timed(name, fn):
        def run(doc, article, state):
            t = time.perf_counter()
            fn(doc, article, state)
            stage_time[name] += time.perf_counter() - t
        return run

    for t in texts:  # warm-up: lexicons, gazetteer, compiled patterns
        pipeline.extract(Source(t))
    pipeline.PIPELINE[:] = [(n, timed(n, f)) for n, f in original]
    latencies: list[float] = []
    by_text: dict[int, list[float]] = defaultdict(list)
    norm_time = 0.0
    chars = 0
    try:
        for _ in range(args.repeat):
            for t in texts:
                t0 = time.perf_counter()
                normalise(t)
                norm_time += time.perf_counter() - t0
                t0 = time.perf_counter()
                pipeline.extract(Source(t))
                latencies.append(time.perf_counter() - t0)
                by_text[id(t)].append(latencies[-1])
                chars += len(t)
    finally:
        pipeline.PIPELINE[:] = original
    n = len(latencies)
    total = sum(latencies)
    per_char = total / chars
    print(f"articles: {len(texts)} × {args.repeat} = {n}; mean length {chars / n:,.0f} characters")
    print(f"throughput: {n / total:,.1f} articles/s on one core")
    lat = sorted(latencies)
    print(f"latency: median {1000 * statistics.median(lat):.2f} ms, p95 {1000 * lat[int(0.95 * (n - 1))]:.2f} ms")
    print(f"scaled to a 3,000-character article: {1000 * per_char * 3000:.2f} ms")
    names = [f.name for f in files] or ["sample"]
    longest = sorted(zip(texts, names, strict=True), key=lambda tn: -len(tn[0]))[:3]
    print("longest articles (median of the repeats):")
    for t, name in longest:
        print(f"  {name:40} {len(t):6,} characters {1000 * statistics.median(by_text[id(t)]):7.2f} ms")
    print("per stage (ms per article):")
    print(f"  {'normalise':14} {1000 * norm_time / n:7.2f}")
    for name, _ in original:
        print(f"  {name:14} {1000 * stage_time[name] / n:7.2f}")


if __name__ == "__main__":
    main()
