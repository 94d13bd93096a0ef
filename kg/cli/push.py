"""``kg push``: the store or N-Quads shards into a SPARQL server (kg/scale/push.py)."""

from __future__ import annotations

import os
from pathlib import Path

import click

from kg.errors import InputError


@click.command()
@click.argument("sources", nargs=-1, type=click.Path(exists=True))
@click.option("--store", "store_path", type=click.Path(file_okay=False),
              help="Push this store (default when no SOURCES: $KG_STORE or the per-user store).")
@click.option("--to", "url", metavar="URL",
              help="SPARQL 1.1 Graph Store Protocol endpoint, e.g. http://localhost:7878/store (Oxigraph), "
                   "http://localhost:3030/ds/data (Fuseki).")
@click.option("--virtuoso", "virtuoso", metavar="HOST:PORT",
              help="Load through Virtuoso's bulk loader, connecting with isql to HOST:PORT (usually :1111).")
@click.option("--load-dir", type=click.Path(file_okay=False),
              help="With --virtuoso: a folder listed in the server's DirsAllowed, where files are staged.")
@click.option("--user", help="User name (HTTP basic auth, or Virtuoso's; default dba). "
              "The password is read from $KG_PUSH_PASSWORD.")
@click.option("--append", is_flag=True, help="Add to the server's graphs instead of replacing them.")
@click.option("-q", "--quiet", is_flag=True, help="No summary on stderr.")
def push(sources, store_path, url, virtuoso, load_dir, user, append, quiet) -> None:
    """Load the store, or N-Quads files and shard folders, into a SPARQL server.

    SOURCES are N-Quads files (kg ingest -o corpus.nq, kg store dump) or folders
    of shards with their manifest.json (kg ingest --dask). Without SOURCES the
    store is pushed. Each article is one named graph; pushing again replaces
    the graphs pushed before (unless --append).

    \b
    Examples:
      kg push --to http://localhost:7878/store                # the store into Oxigraph server
      kg push shards/ --to http://localhost:3030/kg/data      # Dask shards into Fuseki
      kg push corpus.nq --virtuoso localhost:1111 --load-dir /var/lib/virtuoso/load
    """
    from kg.scale.push import GraphStore, Virtuoso, graphs_of_files, graphs_of_store, nquads_files_of_store

    if bool(url) == bool(virtuoso):
        raise InputError("say where to push: --to URL (Graph Store Protocol) or --virtuoso HOST:PORT")
    files = _files(sources)
    password = os.environ.get("KG_PUSH_PASSWORD")
    store = None
    if not files:
        from kg.store import default_store_path

        store = Path(store_path) if store_path else default_store_path()
    if url:
        target = GraphStore(url, user=user, password=password)
        graphs = graphs_of_files(files) if files else graphs_of_store(store)
        result = target.push(graphs, replace=not append)
        where = url
    else:
        import tempfile

        loader = Virtuoso(virtuoso, user=user or "dba", password=password if password is not None else "dba",
                          load_dir=Path(load_dir) if load_dir else None)
        with tempfile.TemporaryDirectory(prefix="kg-push-") as tmp:
            if store is not None:
                files = nquads_files_of_store(store, Path(tmp))
            result = loader.push(files, replace=not append)
        where = f"Virtuoso {virtuoso}"
    if not quiet:
        rate = result.triples / result.seconds if result.seconds else 0.0
        click.echo(f"{result.graphs:,} graphs, {result.triples:,} triples → {where} in {result.seconds:.1f} s "
                   f"({rate:,.0f} triples/s)", err=True)


def _files(sources: tuple[str, ...]) -> list[Path]:
    from kg.scale.dask import MANIFEST, read_manifest

    files: list[Path] = []
    for s in sources:
        p = Path(s)
        if p.is_dir() or p.name == MANIFEST:
            files.extend(read_manifest(p)[1])
        elif p.suffix.lower() == ".nq":
            files.append(p)
        else:
            raise InputError(f"{s}: push takes N-Quads files (.nq) or shard folders with a {MANIFEST}")
    return files
