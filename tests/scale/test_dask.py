"""``kg ingest --dask``: a LocalCluster writes shards whose union is the single-process graph."""

from __future__ import annotations

import json
import subprocess
import sys
from pathlib import Path

import pyoxigraph as ox
import pytest

from kg.ingest import FileSink, Options, ingest, iter_items

distributed = pytest.importorskip(
    "distributed", reason="Dask distributed is not installed (pip install 'officials-kg[dask]')")

FIXTURES = Path(__file__).resolve().parents[1] / "fixtures"
BASE = "https://w3id.org/officials-kg/id/"


def quads(*files: Path) -> set:
    out: set = set()
    for f in files:
        out |= set(ox.parse(path=str(f), format=ox.RdfFormat.N_QUADS))
    return out


@pytest.fixture(scope="module")
def corpus(tmp_path_factory) -> list[str]:
    """The heldout and multi-article fixtures plus one unreadable file: 26 articles, one bad."""
    bad = tmp_path_factory.mktemp("bad") / "broken.txt"
    bad.write_bytes(b"\xff\xfe not utf-8")
    return [str(FIXTURES / "heldout"), str(FIXTURES / "multi"), str(bad)]


@pytest.fixture(scope="module")
def single(corpus, tmp_path_factory) -> Path:
    out = tmp_path_factory.mktemp("single") / "all.nq"
    summary = ingest(iter_items(corpus), FileSink(str(out), "nquads", BASE), Options(base=BASE, output="nquads"))
    assert summary.failures == 1 and summary.written >= 20
    return out


def test_local_cluster_shards_equal_the_single_process_graph(corpus, single, tmp_path) -> None:
    from distributed import Client, LocalCluster

    from kg.scale.dask import read_manifest, run_dask

    with LocalCluster(n_workers=2, threads_per_worker=1, processes=False, dashboard_address=None) as cluster, \
            Client(cluster) as client:
        manifest = run_dask(iter_items(corpus), tmp_path / "shards", base=BASE, partition_size=7,
                            errors_path=tmp_path / "errors.tsv", client=client)
    m, files = read_manifest(tmp_path / "shards")
    assert m == manifest
    assert len(files) == len(m["shards"]) >= 3  # 25 good articles in partitions of 7
    assert m["failed"] == 1 and m["exit_code"] == 2 and m["failures"][0]["name"].endswith("broken.txt")
    assert m["written"] == m["articles"] - 1
    # the same quads (the graphs have no blank nodes, so equal sets are isomorphic graphs)
    got = quads(*files)
    assert got == quads(single)
    assert m["triples"] == len(got)  # one named graph per article: no quad counted twice
    for shard, f in zip(m["shards"], files, strict=True):
        import hashlib

        assert hashlib.sha256(f.read_bytes()).hexdigest() == shard["sha256"]
    assert "broken.txt\tinput\tnot valid UTF-8" in (tmp_path / "errors.tsv").read_text(encoding="utf-8")


def test_refuses_a_folder_that_holds_shards(corpus, tmp_path) -> None:
    from kg.errors import KgError
    from kg.scale.dask import run_dask

    (tmp_path / "part-00000.nq").write_text("")
    with pytest.raises(KgError, match="already holds shards"):
        run_dask(iter_items(corpus), tmp_path, base=BASE, client=object())


def test_cli_dask_local(corpus, single, tmp_path) -> None:
    """The command with a LocalCluster of worker processes."""
    kg = Path(sys.executable).with_name("kg")
    out = tmp_path / "shards"
    proc = subprocess.run([str(kg), "ingest", str(FIXTURES / "multi"), "--dask", "local", "-j", "2",
                           "--partition-size", "4", "-o", str(out)], capture_output=True, text=True, timeout=300)
    assert proc.returncode == 0, proc.stderr
    manifest = json.loads((out / "manifest.json").read_text(encoding="utf-8"))
    assert manifest["failed"] == 0 and manifest["written"] == manifest["articles"] >= 10
    assert "shards" in proc.stderr
    single_multi = tmp_path / "multi.nq"
    ingest(iter_items([str(FIXTURES / "multi")]), FileSink(str(single_multi), "nquads", BASE),
           Options(base=BASE, output="nquads"))
    assert quads(*(out / s["file"] for s in manifest["shards"])) == quads(single_multi)
