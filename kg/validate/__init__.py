"""SHACL validation of article graphs against ``ontology/shapes.ttl``.

``validate(graph)`` returns a :class:`Report` value; it never raises for a non-conforming
graph (the caller decides: ``kg ingest`` refuses to write, ``kg validate`` prints it).

The shapes are written to need no inference (the mapping types every node with its most
specific class), so validation runs pySHACL with ``inference="none"`` and without mixing the
ontology into the data graph: both would copy the data graph on every call, which is most of
the cost on the small per-article graphs ``kg ingest`` validates.

pySHACL (with rdflib's SPARQL engine) is imported on the first use of ``validate``: importing it
takes longer than all the rest the fast validator (kg.ingest_validate) needs at start-up, and
that one needs only :func:`load_shapes` and :class:`Report`.
"""

from __future__ import annotations

from typing import TYPE_CHECKING, Any

from kg.validate.report import Report, Result
from kg.validate.shapes import load_shapes

if TYPE_CHECKING:
    from kg.validate.runner import validate

__all__ = ["Report", "Result", "load_shapes", "validate"]


def __getattr__(name: str) -> Any:
    if name == "validate":
        from kg.validate.runner import validate

        return validate
    raise AttributeError(f"module {__name__!r} has no attribute {name!r}")
