"""Benchmarks (run as scripts: python bench/NAME.py) and the synthetic corpus generator (bench.corpus)."""
