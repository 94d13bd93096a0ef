"""Named SPARQL queries (``queries/*.rq``), parameter binding, running and result formats.

Queries run on Oxigraph: against the store (:class:`kg.store.Store`) or against RDF files
loaded into an in-memory store (:func:`data_store`).

>>> q = get("most-quoted-officials")
>>> [p.name for p in q.params]
['limit']
"""

from __future__ import annotations

from collections.abc import Iterable, Mapping
from pathlib import Path
from typing import Any

from kg.errors import InputError, QueryError, StoreError
from kg.query.library import NamedQuery, Param, get, library, parse_query_file
from kg.query.output import format_table, write_results
from kg.query.params import bind, parse_assignments

__all__ = [
    "NamedQuery", "Param", "bind", "data_store", "format_table", "get", "library",
    "parse_assignments", "parse_query_file", "prepare", "run", "write_results",
]


def prepare(
    text_or_name: str, params: Mapping[str, str] | None = None, *, inline: bool = False
) -> tuple[str, NamedQuery | None]:
    """The SPARQL text to run: ``inline`` text, a ``.rq`` file, or a named query; with its
    parameters bound. Returns (sparql, the named query or None)."""
    params = params or {}
    if inline:
        return bind(text_or_name, params), None
    path = Path(text_or_name)
    if text_or_name.endswith(".rq") or path.is_file():
        if not path.is_file():
            raise InputError(f"{text_or_name}: no such query file")
        q = parse_query_file(path)
        return bind(q.sparql, params, q if q.params else None), q
    q = get(text_or_name)
    return bind(q.sparql, params, q), q


def data_store(paths: Iterable[str]):
    """An in-memory store holding RDF files (format from each extension; ``-`` is Turtle on
    stdin), with the derived graph (display names, memberships) computed when the files
    lack it, so the named queries work on plain ``kg ingest -o`` output too."""
    import sys

    from kg.store import DERIVED_GRAPH, Store

    store = Store(identity=False)
    for p in paths:
        try:
            if p == "-":
                store.load(sys.stdin.buffer.read(), fmt="ttl")
            else:
                if not Path(p).is_file():
                    raise InputError(f"{p}: no such file")
                store.load(path=p)
        except StoreError as exc:
            raise InputError(str(exc)) from None
    import pyoxigraph as ox

    if not store.raw.contains_named_graph(ox.NamedNode(DERIVED_GRAPH)):
        store.rebuild_derived()
    return store


def run(store: Any, sparql: str) -> Any:
    """Run SPARQL text on a :class:`kg.store.Store` (default graph = union of all graphs)."""
    if not sparql.strip():
        raise QueryError("empty query")
    return store.query(sparql)
