"""Run pySHACL with the project's shapes, loaded once per process."""

from __future__ import annotations

import threading
from functools import lru_cache

import pyshacl
from rdflib import Dataset, Graph

from kg.resources import shapes_path
from kg.validate.report import Report, results_from_graph

__all__ = ["load_shapes", "validate"]

_LOCK = threading.Lock()


@lru_cache(maxsize=1)
def load_shapes() -> Graph:
    """The parsed ``ontology/shapes.ttl`` (cached: parsing it costs more than validating)."""
    graph = Graph()
    graph.parse(shapes_path(), format="turtle")
    return graph


def validate(data: Graph | Dataset, *, shapes: Graph | None = None) -> Report:
    """Validate ``data`` against the project's SHACL shapes (or ``shapes``) and return a Report.

    A Dataset is validated as the union of all its graphs, so references across article
    graphs (a statement in one graph, its speaker described in another) resolve.
    """
    data_graph = _union(data) if isinstance(data, Dataset) else data
    shapes_graph = load_shapes() if shapes is None else shapes
    # pySHACL patches rdflib globally while it runs; serialise calls so threads stay safe.
    with _LOCK:
        conforms, report_graph, text = pyshacl.validate(
            data_graph,
            shacl_graph=shapes_graph,
            inference="none",
            advanced=False,
            # The data graph is read, never written, when there is no inference: skip the copy.
            inplace=True,
            allow_warnings=False,
        )
    if not isinstance(report_graph, Graph):  # pySHACL returns the failure itself on a runtime error
        raise RuntimeError(f"SHACL validation could not run: {text}")
    return Report(
        conforms=bool(conforms),
        results=results_from_graph(report_graph),
        graph=report_graph,
        text=str(text),
    )


def _union(dataset: Dataset) -> Graph:
    """All triples of every graph of ``dataset`` (default graph included) in one Graph."""
    union = Graph()
    for prefix, namespace in dataset.namespaces():
        union.bind(prefix, namespace, override=False)
    for s, p, o, _ in dataset.quads((None, None, None, None)):
        union.add((s, p, o))
    return union
