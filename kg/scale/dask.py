"""``kg ingest --dask``: the same per-article work as ``kg ingest``, as a Dask distributed job.

The client (the machine running ``kg ingest``) reads the corpus as a stream and cuts it into
partitions of ``partition_size`` articles; each partition is one task, which runs
:func:`kg.ingest.work` on every article — extraction, mapping, validation, N-Quads — and
writes one shard, ``part-NNNNN.nq``, into the output folder. Shards are written to a
temporary name and renamed, so a task that Dask retries (a worker lost) rewrites its shard
whole. At most two partitions per worker are in flight: the client's memory stays flat.
When every task is done the client writes ``manifest.json``: the shards with their article,
triple and byte counts and sha256, the failures, the totals. The union of the shards is the
graph ``kg ingest -o FILE.nq`` writes for the same input (tests/scale/test_dask.py).

The output folder must be visible to the workers under the same path (a shared file system;
trivially so for ``--dask local``). Articles travel to the workers inside the tasks, so the
input need not be.
"""

from __future__ import annotations

import hashlib
import json
import os
import time
from collections.abc import Iterable
from dataclasses import asdict
from pathlib import Path
from typing import Any

from kg.errors import KgError
from kg.ingest import Failure, Options, work
from kg.text.read import Source

__all__ = ["MANIFEST", "process_partition", "read_manifest", "run_dask"]

MANIFEST = "manifest.json"


def process_partition(index: int, sources: list[Source], folder: str, opts: Options) -> dict[str, Any]:
    """One Dask task: the articles of one partition into the shard ``part-{index}.nq``."""
    name = f"part-{index:05d}.nq"
    path = Path(folder) / name
    tmp = path.with_name(f".{name}.{os.getpid()}.tmp")
    digest = hashlib.sha256()
    written = triples = size = 0
    failures: list[dict[str, Any]] = []
    with tmp.open("wb") as fh:
        for src in sources:
            out = work(src, opts)
            if out.failure is not None:
                failures.append(asdict(out.failure))
                continue
            data = out.payload  # the article's N-Quads, UTF-8
            fh.write(data)
            digest.update(data)
            size += len(data)
            written += 1
            triples += out.triples
    os.replace(tmp, path)
    return {"file": name, "articles": len(sources), "written": written, "triples": triples, "bytes": size,
            "sha256": digest.hexdigest(), "failures": failures}


def _client(address: str, workers: int):
    try:
        from distributed import Client, LocalCluster
    except ImportError:
        raise KgError("--dask needs Dask distributed: pip install 'officials-kg[dask]'") from None
    if address == "local":
        # processes: extraction is pure Python, so threads would share one core (the GIL)
        cluster = LocalCluster(n_workers=workers, threads_per_worker=1, processes=True, dashboard_address=None)
        return Client(cluster), cluster
    try:
        return Client(address, timeout=30), None
    except OSError as exc:
        raise KgError(f"cannot reach the Dask scheduler at {address}: {exc}") from None


def run_dask(items: Iterable[Source | Failure], folder: Path, *, address: str = "local", base: str,
             validate: bool = True, engine: str = "fast", partition_size: int = 500, workers: int = 1,
             errors_path: Path | None = None, client: Any = None) -> dict[str, Any]:
    """Ingest ``items`` as Dask tasks into N-Quads shards under ``folder``; return the manifest.

    ``client``: an existing ``distributed.Client`` (tests pass one on a LocalCluster);
    otherwise one is made for ``address`` ("local": a LocalCluster of ``workers`` processes).
    """
    from distributed import as_completed

    folder.mkdir(parents=True, exist_ok=True)
    if any(folder.glob("part-*.nq")) or (folder / MANIFEST).exists():
        raise KgError(f"{folder} already holds shards: give an empty or new folder")
    opts = Options(base=base, validate=validate, engine=engine, output="nquads", details=False)
    cluster = None
    if client is None:
        client, cluster = _client(address, workers)
    start = time.monotonic()
    shards: list[dict[str, Any]] = []
    failures: list[dict[str, Any]] = []
    codes: set[int] = set()
    articles = 0
    errors = errors_path.open("w", encoding="utf-8") if errors_path else None
    try:
        limit = 2 * max(1, len(client.scheduler_info().get("workers", {})) or workers)
        pending = as_completed()
        in_flight = 0

        def collect(result: dict[str, Any]) -> None:
            shard_failures = result.pop("failures")
            shards.append(result)
            for f in shard_failures:
                record(Failure(**f))

        def record(f: Failure) -> None:
            codes.add(f.exit_code)
            failures.append(asdict(f))
            if errors is not None:
                errors.write(f"{f.name}\t{f.kind}\t{f.reason}\n")

        def submit(index: int, batch: list[Source]) -> None:
            nonlocal in_flight
            pending.add(client.submit(process_partition, index, batch, str(folder.resolve()), opts, pure=False))
            in_flight += 1

        batch: list[Source] = []
        index = 0
        for item in items:
            articles += 1
            if isinstance(item, Failure):
                record(item)
                continue
            batch.append(item)
            if len(batch) >= partition_size:
                submit(index, batch)
                index, batch = index + 1, []
                while in_flight >= limit:  # bounded: wait for one partition before reading on
                    collect(next(pending).result())
                    in_flight -= 1
        if batch:
            submit(index, batch)
        for future in pending:
            collect(future.result())
    finally:
        if errors is not None:
            errors.close()
        if cluster is not None:
            client.close()
            cluster.close()
    shards.sort(key=lambda s: s["file"])
    manifest = {
        "format": "application/n-quads",
        "generator": "officials-kg kg ingest --dask",
        "base": base,
        "validated": validate,
        "articles": articles,
        "written": sum(s["written"] for s in shards),
        "failed": len(failures),
        "triples": sum(s["triples"] for s in shards),
        "seconds": round(time.monotonic() - start, 2),
        "exit_code": 0 if not codes else (next(iter(codes)) if len(codes) == 1 else 1),
        "shards": shards,
        "failures": failures,
    }
    tmp = folder / f".{MANIFEST}.tmp"
    tmp.write_text(json.dumps(manifest, ensure_ascii=False, indent=1), encoding="utf-8")
    os.replace(tmp, folder / MANIFEST)
    return manifest


def read_manifest(path: Path) -> tuple[dict[str, Any], list[Path]]:
    """A manifest (its path, or its folder) and its shard files, each checked to exist."""
    if path.is_dir():
        path = path / MANIFEST
    try:
        manifest = json.loads(path.read_text(encoding="utf-8"))
    except (OSError, ValueError) as exc:
        raise KgError(f"{path}: not a readable shard manifest ({exc})") from None
    files = [path.parent / s["file"] for s in manifest.get("shards", [])]
    missing = [str(f) for f in files if not f.exists()]
    if missing:
        raise KgError(f"{path}: shards missing: {', '.join(missing[:3])}")
    return manifest, files
