"""The value :func:`kg.validate.validate` returns: a report and its results as plain data."""

from __future__ import annotations

from dataclasses import dataclass, field

from rdflib import BNode, Graph, Literal, URIRef
from rdflib.collection import Collection
from rdflib.namespace import RDF, SH
from rdflib.term import Node

__all__ = ["Report", "Result", "results_from_graph"]

# Prefixes for readable summaries; a fixed table, so output does not depend on which
# prefixes happen to be bound in the data or report graph (rdflib would invent ns1:...).
_PREFIXES: tuple[tuple[str, str], ...] = (
    ("kg", "https://w3id.org/officials-kg/ontology#"),
    ("kgsh", "https://w3id.org/officials-kg/shapes#"),
    ("id", "https://w3id.org/officials-kg/id/"),
    ("rdf", "http://www.w3.org/1999/02/22-rdf-syntax-ns#"),
    ("rdfs", "http://www.w3.org/2000/01/rdf-schema#"),
    ("owl", "http://www.w3.org/2002/07/owl#"),
    ("oa", "http://www.w3.org/ns/oa#"),
    ("prov", "http://www.w3.org/ns/prov#"),
    ("geo", "http://www.w3.org/2003/01/geo/wgs84_pos#"),
    ("dcterms", "http://purl.org/dc/terms/"),
)


@dataclass(frozen=True)
class Result:
    """One sh:ValidationResult: which node broke which shape, and why."""

    focus_node: Node
    path: Node | None
    message: str
    severity: URIRef
    source_shape: Node
    value: Node | None
    constraint: URIRef | None = None  # sh:sourceConstraintComponent, e.g. sh:MinCountConstraintComponent

    @property
    def severity_name(self) -> str:
        """``Violation``, ``Warning`` or ``Info``."""
        return _local(self.severity)

    def line(self, graph: Graph | None = None) -> str:
        """One readable line: ``<focus> <path>: <message>``, plus the value when the message lacks it."""
        focus = _show(self.focus_node, graph)
        path = f" {_show(self.path, graph)}" if self.path is not None else ""
        line = f"{focus}{path}: {self.message}"
        if self.value is not None and self.value != self.focus_node:
            value = _show(self.value, graph)
            if value not in self.message and str(self.value) not in self.message:
                line += f" (value: {value})"
        return line


@dataclass(frozen=True)
class Report:
    """Outcome of one validation: whether it conforms, its results and pySHACL's own report."""

    conforms: bool
    results: tuple[Result, ...]
    graph: Graph = field(compare=False, repr=False)
    text: str = field(compare=False, repr=False)

    @property
    def violations(self) -> tuple[Result, ...]:
        return tuple(r for r in self.results if r.severity == SH.Violation)

    def summary(self, limit: int = 5) -> str:
        """The first ``limit`` results, one per line, plus a count of the rest."""
        if self.conforms and not self.results:
            return "conforms"
        lines = [r.line(self.graph) for r in self.results[:limit]]
        rest = len(self.results) - limit
        if rest > 0:
            lines.append(f"... and {rest} more")
        return "\n".join(lines)


def results_from_graph(report: Graph) -> tuple[Result, ...]:
    """Read the top-level results of a pySHACL report graph, in a stable order.

    Only results linked by sh:result from the sh:ValidationReport count: pySHACL also records
    why a nested shape (sh:node, sh:or, ...) failed, as sh:detail results of the outer one.
    """
    results = []
    nodes = [n for r in report.subjects(RDF.type, SH.ValidationReport) for n in report.objects(r, SH.result)]
    for node in nodes:
        messages = sorted(str(m) for m in report.objects(node, SH.resultMessage))
        constraint = report.value(node, SH.sourceConstraintComponent)
        results.append(
            Result(
                focus_node=report.value(node, SH.focusNode),
                path=report.value(node, SH.resultPath),
                message="; ".join(messages) or "(no message)",
                severity=report.value(node, SH.resultSeverity) or SH.Violation,
                source_shape=report.value(node, SH.sourceShape),
                value=report.value(node, SH.value),
                constraint=constraint if isinstance(constraint, URIRef) else None,
            )
        )
    # Sorting makes summaries and tests deterministic (the report graph is a set).
    results.sort(key=lambda r: (str(r.focus_node), str(r.path), str(r.source_shape), r.message))
    return tuple(results)


def _local(term: Node) -> str:
    text = str(term)
    return text.rsplit("#", 1)[-1].rsplit("/", 1)[-1]


def _show(term: Node | None, graph: Graph | None) -> str:
    if term is None:
        return ""
    if isinstance(term, URIRef):
        for prefix, namespace in _PREFIXES:
            if term.startswith(namespace) and len(term) > len(namespace):
                return f"{prefix}:{term[len(namespace) :]}"
        return f"<{term}>"
    if isinstance(term, BNode):
        return "[path]" if graph is None else _show_path(term, graph)
    if isinstance(term, Literal):
        return term.n3()
    return str(term)


def _show_path(node: BNode, graph: Graph) -> str:
    """A blank-node result path (a SHACL path expression) in SPARQL property-path syntax."""
    inverse = graph.value(node, SH.inversePath)
    if inverse is not None:
        return f"^{_show(inverse, graph)}"
    if graph.value(node, RDF.first) is not None:  # a sequence path is an RDF list
        return "/".join(_show(step, graph) for step in Collection(graph, node))
    return f"_:{node}"
