"""The project's SHACL shapes graph, parsed once per shapes file rather than once per run.

Parsing ``ontology/shapes.ttl`` with rdflib's Turtle parser is most of the fixed cost a
``kg ingest`` run pays for validation; the parsed graph is therefore kept pickled between runs
(:func:`kg.resources.cached`, keyed on the file's bytes, so an edited shapes file is parsed
again). This module does not import pySHACL: the fast validator needs only the graph.
"""

from __future__ import annotations

from functools import lru_cache
from pathlib import Path

import rdflib
from rdflib import Graph

from kg.resources import cached, shapes_path

__all__ = ["load_shapes"]


@lru_cache(maxsize=1)
def load_shapes() -> Graph:
    """The parsed ``ontology/shapes.ttl``, loaded once per process. Do not modify it."""
    path = shapes_path()
    return cached("shapes", [path], lambda: _parse(path), salt=f"rdflib {rdflib.__version__}")


def _parse(path: Path) -> Graph:
    graph = Graph()
    graph.parse(path, format="turtle")
    return graph
