"""SHACL validation of article graphs against ``ontology/shapes.ttl``.

``validate(graph)`` returns a :class:`Report` value; it never raises for a non-conforming
graph (the caller decides: ``kg ingest`` refuses to write, ``kg validate`` prints it).

The shapes are written to need no inference (the mapping types every node with its most
specific class), so validation runs pySHACL with ``inference="none"`` and without mixing the
ontology into the data graph: both would copy the data graph on every call, which is most of
the cost on the small per-article graphs ``kg ingest`` validates.
"""

from __future__ import annotations

from kg.validate.report import Report, Result
from kg.validate.runner import load_shapes, validate

__all__ = ["Report", "Result", "load_shapes", "validate"]
