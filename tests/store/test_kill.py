"""SIGKILL in the middle of a batch: the store opens, passes SHACL and holds exactly the
articles committed before the kill — byte for byte what storing those articles gives."""

from __future__ import annotations

import os
import signal
import subprocess
import sys
import textwrap
import time
from pathlib import Path

import pytest
from multi_fixture import MULTI, ingest_items

from kg.store import Store

pytestmark = pytest.mark.skipif(sys.platform == "win32", reason="SIGKILL is POSIX")

# What `kg ingest ARTICLES --store DIR` does per article (validate, then one transaction),
# announcing each write and each commit on stdout so the test can kill it while it writes.
CHILD = textwrap.dedent("""
    import sys
    from kg.ingest import iter_sources, process
    from kg.store import Store
    folder, path = sys.argv[1], sys.argv[2]
    with Store(path) as store:
        for src in iter_sources([folder]):
            item = process(src, base="https://w3id.org/officials-kg/id/", validate=True)
            assert item.conforms, item.report
            print("writing", item.graph.identifier, flush=True)
            store.replace_article(item.graph)
            print("committed", item.graph.identifier, flush=True)
""")


@pytest.fixture(scope="module")
def order():
    """The fixture articles in ingest order, and a function replaying the first k into memory."""
    items = ingest_items()

    def replay(k: int) -> set:
        with Store() as st:
            for item in items[:k]:
                st.replace_article(item.graph)
            return set(st.quads())

    return [str(i.graph.identifier) for i in items], replay


def check_store(path: Path, order, replay, committed: list[str]) -> int:
    from kg.validate import validate

    with Store(path) as st:  # opens: the lock died with the process, RocksDB replays its log
        stored = {a.iri for a in st.articles()}
        k = len(stored)
        # a prefix of the batch, at least everything announced (one more may have committed
        # between its commit and its announcement)
        assert stored == set(order[:k])
        assert committed == order[: len(committed)]
        assert len(committed) <= k <= len(committed) + 1
        assert set(st.quads()) == replay(k)  # no partial article, no stray derived triple
        report = validate(st.to_rdflib_dataset())
        assert report.conforms, report.summary(limit=5)
    return k


# (kill while writing the n-th article, seconds after it starts writing): a write takes a
# few milliseconds, so the kill lands before, inside or just after the transaction
KILLS = [(2, 0.0), (2, 0.002), (3, 0.004), (4, 0.006), (5, 0.01), (9, 0.003)]


@pytest.mark.parametrize("writing, delay", KILLS)
def test_sigkill_mid_batch(tmp_path, order, writing, delay):
    iris, replay = order
    path = tmp_path / "store"
    proc = subprocess.Popen([sys.executable, "-c", CHILD, str(MULTI), str(path)],
                            stdout=subprocess.PIPE, stderr=subprocess.PIPE, text=True)
    committed: list[str] = []
    started = 0
    try:
        assert proc.stdout is not None
        for line in proc.stdout:
            what, iri = line.split()
            if what == "committed":
                committed.append(iri)
                continue
            started += 1
            if started == writing:
                time.sleep(delay)
                os.kill(proc.pid, signal.SIGKILL)
                break
    finally:
        proc.wait(timeout=60)
    assert proc.returncode == -signal.SIGKILL, proc.stderr.read() if proc.stderr else ""
    k = check_store(path, iris, replay, committed)
    assert k < len(iris)  # killed in the middle, not after the batch


def _ingest_has_store_option() -> bool:
    from click.testing import CliRunner

    from kg.cli import main

    return "--store" in CliRunner().invoke(main, ["ingest", "--help"]).output


@pytest.mark.skipif(not _ingest_has_store_option(), reason="kg ingest has no --store option yet")
def test_sigkill_kg_ingest(tmp_path, order):
    """The real command: killed once it has stored something (the store grows on disk)."""
    iris, replay = order
    path = tmp_path / "store"
    kg = Path(sys.executable).with_name("kg")
    cmd = [str(kg)] if kg.exists() else [sys.executable, "-m", "kg.cli"]
    proc = subprocess.Popen([*cmd, "ingest", str(MULTI), "--store", str(path), "-q"],
                            stdout=subprocess.DEVNULL, stderr=subprocess.PIPE)
    try:
        deadline = time.monotonic() + 60
        # RocksDB appends every commit to its write-ahead log: wait for the log to hold one article
        while time.monotonic() < deadline and proc.poll() is None:
            logs = list(path.glob("*.log")) if path.exists() else []
            if sum(f.stat().st_size for f in logs) > 20_000:
                break
            time.sleep(0.01)
        os.kill(proc.pid, signal.SIGKILL)
    finally:
        proc.wait(timeout=60)
    from kg.validate import validate

    with Store(path) as st:
        stored = {a.iri for a in st.articles()}
        k = len(stored)
        assert 0 < k < len(iris), k  # killed after the first commit, before the end of the batch
        assert stored == set(iris[:k])
        assert set(st.quads()) == replay(k)
        assert validate(st.to_rdflib_dataset()).conforms
