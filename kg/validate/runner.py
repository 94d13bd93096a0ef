"""Run pySHACL with the project's shapes, loaded once per process.

Speed matters: ``kg ingest`` validates every article. Two costs dominate a naive
``pyshacl.validate`` call on a small graph, and both are per focus node of a SPARQL-based
constraint: rdflib re-parses the query text each time (the text is identical, only ``$this``
changes, and it is passed as a binding), and pySHACL re-runs its query-sanity regexes on that
text. ``_QueryCachingGraph`` answers the first by preparing each distinct query once; the
shapes are written so the second stays cheap (see the comments in ``ontology/shapes.ttl``).
"""

from __future__ import annotations

import threading
from collections.abc import Mapping
from functools import lru_cache
from typing import Any

import pyshacl
from pyshacl.errors import ReportableRuntimeError
from rdflib import Dataset, Graph
from rdflib.plugins.sparql import prepareQuery
from rdflib.plugins.sparql.sparql import Query
from rdflib.query import Result as QueryResult
from rdflib.term import Identifier

from kg.errors import KgError
from kg.validate.report import Report, results_from_graph
from kg.validate.shapes import load_shapes

__all__ = ["load_shapes", "validate"]

# pySHACL patches rdflib globally while it runs; one validation at a time keeps threads safe.
_LOCK = threading.Lock()


@lru_cache(maxsize=512)
def _prepared(text: str) -> Query:
    return prepareQuery(text)


class _QueryCachingGraph(Graph):
    """A Graph whose SPARQL queries are parsed once per distinct text, then reused.

    Prepared queries are the documented way to run one query with different initBindings;
    the cache is keyed on the full text (prefixes included), so it cannot mix queries up.
    """

    def query(  # type: ignore[override]
        self,
        query_object: str | Query,
        processor: str = "sparql",
        result: str = "sparql",
        initNs: Mapping[str, Any] | None = None,  # rdflib's parameter names
        initBindings: Mapping[str, Identifier] | None = None,
        use_store_provided: bool = True,
        **kwargs: Any,
    ) -> QueryResult:
        if isinstance(query_object, str) and not initNs and processor == "sparql":
            query_object = _prepared(query_object)
        return super().query(query_object, processor, result, initNs, initBindings, use_store_provided, **kwargs)


def validate(data: Graph | Dataset, *, shapes: Graph | None = None) -> Report:
    """Validate ``data`` against the project's SHACL shapes (or ``shapes``) and return a Report.

    A Dataset is validated as the union of all its graphs, so a node described across
    several article graphs (a person quoted in two articles) is checked as a whole.
    ``data`` is never modified.
    """
    target = _union(data) if isinstance(data, Dataset) else _view(data)
    shapes_graph = load_shapes() if shapes is None else shapes
    try:
        with _LOCK:
            conforms, report_graph, text = pyshacl.validate(
                target,
                shacl_graph=shapes_graph,
                # The shapes need no inference (see ontology/shapes.ttl); without it, and with
                # inplace=True, pySHACL reads the data graph directly instead of copying it.
                inference="none",
                inplace=True,
                advanced=False,
            )
    except ReportableRuntimeError as exc:  # malformed shapes, not bad data
        raise KgError(f"SHACL validation could not run: {exc.message}") from exc
    if not isinstance(report_graph, Graph):  # pySHACL hands back a ValidationFailure instead
        raise KgError(f"SHACL validation could not run: {text}")
    return Report(
        conforms=bool(conforms),
        results=results_from_graph(report_graph),
        graph=report_graph,
        text=str(text),
    )


def _view(graph: Graph) -> Graph:
    """The same triples, seen through a query-caching Graph (no copy for a plain Graph)."""
    if type(graph) is Graph:
        return _QueryCachingGraph(
            store=graph.store, identifier=graph.identifier, namespace_manager=graph.namespace_manager
        )
    # A Graph subclass or a graph in a Dataset may not own its store alone: copy its triples.
    view = _QueryCachingGraph()
    for triple in graph:
        view.add(triple)
    return view


def _union(dataset: Dataset) -> Graph:
    """All triples of every graph of ``dataset`` (default graph included) in one Graph."""
    union = _QueryCachingGraph()
    for s, p, o, _ in dataset.quads((None, None, None, None)):
        union.add((s, p, o))
    return union
