"""Fast SHACL validation of article graphs for batch ingestion; pySHACL stays the reference.

pySHACL costs ~150 ms per article graph here (measured on the dev corpus; docs/performance.md),
which caps ``kg ingest`` near 7 articles/s whatever else is done, and validating a batch of K
graphs in one pySHACL call costs more per article, not less. This module validates the same
graphs against the same ``ontology/shapes.ttl`` in about a millisecond per article and reports
the same results (focus node, path, source shape, constraint component, value, message):
``tests/ingest/test_fast_validation.py`` runs both validators over every deliberately broken
graph of tests/validate/ and over the graphs of the dev corpus and requires equal reports.

How. The shapes are read once into small Python objects; an article graph is indexed once
(subject → predicate → objects); each targeted shape is evaluated over that index. The
semantics are pySHACL's (rdflib term equality, ``Literal.ill_typed``, its literal comparisons,
Python regular expressions), not re-derived from the spec, because agreement with the reference
is the requirement. ``sh:sparql`` constraints run in pyoxigraph: one in-memory store per batch,
each article graph a named graph, the query run once per article with that graph as default
graph and ``$this`` left free (results are kept for the shape's focus nodes only, which is the
pre-binding semantics for queries that use ``$this`` in a triple pattern of every branch, as
shapes.ttl's does).

Why not compile everything to SPARQL over pyoxigraph (the first design): Oxigraph canonicalises
literals as it stores them — ``"2.50"^^xsd:decimal`` becomes ``"2.5"``, and every xsd:integer
subtype (the ``xsd:nonNegativeInteger`` of ``oa:start``) becomes ``xsd:integer`` — so
``sh:datatype`` and reported values cannot be reproduced there, and its regex engine has no
look-ahead, which the disjoint-class patterns of shapes.ttl need.

Only the SHACL subset the project's shapes use is implemented. Anything else in a shapes graph
(a new constraint component, another kind of target) raises :class:`UnsupportedShapes` when
the validator is built; :func:`validator` then falls back to pySHACL, so a richer shapes file
is slower, never silently checked less.
"""

from __future__ import annotations

import re
from collections.abc import Callable, Iterable, Iterator, Sequence
from dataclasses import dataclass, field
from datetime import date, datetime, time
from decimal import Decimal
from functools import lru_cache

from rdflib import BNode, Graph, Literal, URIRef
from rdflib.collection import Collection
from rdflib.namespace import RDF, RDFS, SH, XSD
from rdflib.term import Node

from kg.validate.report import Report, Result

__all__ = ["FastValidator", "UnsupportedShapes", "fast_validator", "validator"]

RDF_LANGSTRING = RDF.langString

# Shape predicates that carry no constraint (documentation, grouping) or that are read
# together with the constraint they belong to.
_IGNORED = {
    RDF.type, RDFS.comment, RDFS.label, RDFS.seeAlso, SH.message, SH.severity, SH.deactivated,
    SH.name, SH.description, SH.order, SH.group, SH.path, SH.targetClass, SH.declare,
    SH.qualifiedMinCount, SH.qualifiedMaxCount, SH.flags, SH.defaultValue,
}
_SUPPORTED = {
    SH.property, SH.minCount, SH.maxCount, SH["class"], SH.datatype, SH.nodeKind, SH.languageIn,
    SH.lessThan, SH.pattern, SH.minLength, SH.minInclusive, SH.maxInclusive, SH.node, SH["or"],
    SH.qualifiedValueShape, SH.sparql,
}

# pySHACL's check that a literal's Python value has the datatype's type
# (pyshacl.constraints.core.value_constraints.DatatypeConstraintComponent._assert_actual_datatype)
_PY_TYPES: dict[str, type | tuple[type, ...]] = {str(k): v for k, v in {
    XSD.string: (str, bytes), RDF_LANGSTRING: (str, bytes), XSD.integer: int, XSD.float: float,
    XSD.decimal: Decimal, XSD.boolean: bool, XSD.date: date, XSD.time: time, XSD.dateTime: datetime,
}.items()}


class UnsupportedShapes(ValueError):
    """The shapes graph uses SHACL features this fast path does not implement."""


# --- the data side: one article graph, indexed --------------------------------------------------


def _key(term: Node) -> Node | str:
    """A dict key for a node: an IRI as an exact ``str``, so that lookups compare in C (rdflib's
    ``URIRef.__eq__`` is Python code, and most of the time went there); other nodes as they are.
    An IRI and a blank node never share a key: a BNode never equals a str."""
    return str.__str__(term) if type(term) is URIRef else term


RDF_TYPE_KEY = str(RDF.type)
SUBCLASS_KEY = str(RDFS.subClassOf)


class _Data:
    """Subject → predicate → objects of one graph, with each subject's types and the class
    hierarchy the data states. Subjects and predicates are keyed by :func:`_key`; objects
    are the graph's own terms (they are what results report)."""

    __slots__ = ("_inverse", "out", "sub", "types", "types_of")

    def __init__(self, triples: Iterable[tuple[Node, Node, Node]]) -> None:
        out: dict[Node | str, dict[str, list[Node]]] = {}
        types: dict[str, list[Node]] = {}
        types_of: dict[Node | str, set[str]] = {}
        for s, p, o in triples:
            sk = _key(s)
            pk = str.__str__(p)
            by_p = out.get(sk)
            if by_p is None:
                by_p = out[sk] = {}
            objs = by_p.get(pk)
            if objs is None:
                by_p[pk] = [o]
            else:  # a Graph is a set: no duplicate to check for
                objs.append(o)
            if pk == RDF_TYPE_KEY and type(o) is URIRef:
                ok = str.__str__(o)
                types.setdefault(ok, []).append(s)
                types_of.setdefault(sk, set()).add(ok)
        self.out = out
        self.types = types
        self.types_of = types_of
        self._inverse: dict[Node | str, dict[str, list[Node]]] | None = None
        # SHACL instances follow rdfs:subClassOf in the data graph (not the ontology): keep the
        # superclasses each class has there, usually none
        sub: dict[str, set[str]] = {}
        for sk, by_p in out.items():
            for sup in by_p.get(SUBCLASS_KEY, ()):
                if isinstance(sk, str) and type(sup) is URIRef:
                    sub.setdefault(sk, set()).add(str.__str__(sup))
        self.sub = sub

    def objects(self, s: Node, p: str) -> list[Node]:
        by_p = self.out.get(_key(s))
        return by_p.get(p, []) if by_p else []

    def subjects(self, p: str, o: Node) -> list[Node]:
        """Subjects with ``p`` to ``o`` (inverse paths; the index is built on first use)."""
        if self._inverse is None:
            inv: dict[Node | str, dict[str, list[Node]]] = {}
            for s, by_p in self._subject_terms():
                for pred, objs in by_p.items():
                    for obj in objs:
                        inv.setdefault(_key(obj), {}).setdefault(pred, []).append(s)
            self._inverse = inv
        by_p = self._inverse.get(_key(o))
        return by_p.get(p, []) if by_p else []

    def _subject_terms(self) -> Iterator[tuple[Node, dict[str, list[Node]]]]:
        for k, by_p in self.out.items():
            yield (URIRef(k) if isinstance(k, str) else k), by_p

    def is_instance(self, node: Node, cls: str) -> bool:
        if isinstance(node, Literal):
            return False
        types = self.types_of.get(_key(node))
        if not types:
            return False
        if cls in types:
            return True
        return bool(self.sub) and any(cls in _closure(self.sub, t) for t in types)

    def instances(self, cls: str) -> list[Node]:
        if not self.sub:
            return self.types.get(cls, [])
        classes = {cls} | {c for c in self.sub if cls in _closure(self.sub, c)}
        seen: dict[Node, None] = {}
        for c in classes:
            for s in self.types.get(c, ()):
                seen.setdefault(s, None)
        return list(seen)


def _closure(sub: dict[str, set[str]], start: str) -> set[str]:
    out: set[str] = set()
    todo = [start]
    while todo:
        for sup in sub.get(todo.pop(), ()):
            if sup not in out:
                out.add(sup)
                todo.append(sup)
    return out


# --- the shapes side ----------------------------------------------------------------------------

Path = tuple  # ("iri", p) | ("seq", (paths)) | ("inv", path) | ("alt", (paths))


def _values(data: _Data, focus: Node, path: Path) -> list[Node]:
    kind = path[0]
    if kind == "iri":
        return data.objects(focus, path[1])
    if kind == "seq":
        nodes = [focus]
        for step in path[1]:
            nxt: dict[Node, None] = {}
            for n in nodes:
                for v in _values(data, n, step):
                    nxt.setdefault(v, None)
            nodes = list(nxt)
        return nodes
    if kind == "inv":
        inner = path[1]
        if inner[0] != "iri":
            raise UnsupportedShapes("sh:inversePath of a complex path")
        return data.subjects(inner[1], focus)
    if kind == "alt":
        out: dict[Node, None] = {}
        for alt in path[1]:
            for v in _values(data, focus, alt):
                out.setdefault(v, None)
        return list(out)
    raise AssertionError(kind)


def _string(v: Node) -> str:
    # pyshacl StringBasedConstraintBase.value_node_to_string
    if isinstance(v, Literal) and v.value is not None and v.datatype in (None, RDF_LANGSTRING, XSD.string):
        return str(v.value)
    return str(v)


def _compare(a: Literal, b: Literal) -> int:
    """pyshacl.rdfutil.compare.compare_literal: 0, 1 or -1; TypeError when incomparable."""
    if a.eq(b):
        return 0
    if a.value.__class__ in (datetime, time):
        if a.value == b.value:
            return 0
        if a.value > b.value:
            return 1
    elif a > b:
        return 1
    return -1


def _range_ok(v: Node, bound: Literal, accept: Callable[[int], bool]) -> bool:
    # pyshacl value_range_constraints: blank nodes and IRIs fail; string vs non-string fails
    if not isinstance(v, Literal):
        return False
    if isinstance(bound.value, str) != isinstance(v.value, str):
        return False
    try:
        return accept(_compare(v, bound))
    except (TypeError, NotImplementedError):
        return False


def _less_than(v: Node, w: Node) -> bool:
    # pyshacl property_pair_constraints._compare_lt (IRIs and plain strings compare as str)
    a: object = v
    b: object = w
    a_str = b_str = False
    if isinstance(v, URIRef) or (isinstance(v, Literal) and isinstance(v.value, str)):
        a, a_str = str(v.value if isinstance(v, Literal) else v), True
    if isinstance(w, URIRef) or (isinstance(w, Literal) and isinstance(w.value, str)):
        b, b_str = str(w.value if isinstance(w, Literal) else w), True
    if a_str != b_str:
        return False
    try:
        return bool(a < b)  # type: ignore[operator]
    except TypeError:
        return False


_RDFS_LITERAL, _RDFS_DATATYPE, _XSD_STRING, _LANGSTRING = map(str, (RDFS.Literal, RDFS.Datatype, XSD.string,
                                                                   RDF_LANGSTRING))


def _datatype_ok(v: Node, dt: str) -> bool:
    # pyshacl DatatypeConstraintComponent.evaluate (datatypes compared as str: see _key)
    if not isinstance(v, Literal):
        return False
    vdt = v.datatype
    if vdt is not None and str.__eq__(vdt, dt):
        if getattr(v, "ill_typed", None) is True:
            return False
        want = _PY_TYPES.get(dt)
        return True if want is None else isinstance(v.value, want)
    if dt == _RDFS_LITERAL:
        return True
    if dt == _RDFS_DATATYPE and vdt:
        return True
    if vdt is None and v.language is None and dt == _XSD_STRING:
        return isinstance(v.value, (str, bytes))
    return dt == _LANGSTRING and bool(v.language) and isinstance(v.value, (str, bytes))


_NODE_KINDS: dict[Node, Callable[[Node], bool]] = {
    SH.IRI: lambda v: isinstance(v, URIRef),
    SH.BlankNode: lambda v: isinstance(v, BNode),
    SH.Literal: lambda v: isinstance(v, Literal),
    SH.BlankNodeOrIRI: lambda v: isinstance(v, (BNode, URIRef)),
    SH.BlankNodeOrLiteral: lambda v: isinstance(v, (BNode, Literal)),
    SH.IRIOrLiteral: lambda v: isinstance(v, (URIRef, Literal)),
}


@dataclass
class _Sparql:
    """One sh:sparql SELECT constraint."""

    node: Node
    query: str
    prefixes: dict[str, str]
    messages: list[Literal]


@dataclass(eq=False)
class _Shape:
    node: Node
    path: Path | None
    path_node: Node | None  # as written in the shapes graph (a list node for a sequence path)
    messages: list[Literal]
    severity: URIRef
    targets: list[str] = field(default_factory=list)  # target classes
    # (component IRI, check) where check(data, focus, values) yields (value or None, extra vars)
    checks: list[tuple[URIRef, Callable[[_Data, Node, list[Node]], Iterator[Node | None]]]] = field(
        default_factory=list)
    properties: list[_Shape] = field(default_factory=list)
    sparql: list[_Sparql] = field(default_factory=list)

    def value_nodes(self, data: _Data, focus: Node) -> list[Node]:
        return [focus] if self.path is None else _values(data, focus, self.path)

    def violations(self, data: _Data, focus: Node) -> Iterator[tuple[_Shape, URIRef, Node | None]]:
        """(source shape, component, value) of every core result for ``focus`` (sh:sparql apart)."""
        values = self.value_nodes(data, focus)
        for component, check in self.checks:
            for value in check(data, focus, values):
                yield self, component, value
        for prop in self.properties:
            yield from prop.violations(data, focus)

    def conforms(self, data: _Data, node: Node) -> bool:
        if self.sparql:
            raise UnsupportedShapes("sh:sparql inside a nested shape")
        return next(self.violations(data, node), None) is None


class _Compiler:
    """Reads a shapes graph into _Shape objects (each shape node once)."""

    def __init__(self, g: Graph) -> None:
        self.g = g
        self.shapes: dict[Node, _Shape] = {}

    def items(self, node: Node) -> list[Node]:
        return list(Collection(self.g, node))

    def path(self, node: Node) -> Path:
        g = self.g
        if isinstance(node, URIRef):
            return ("iri", str(node))
        if g.value(node, RDF.first) is not None:
            return ("seq", tuple(self.path(x) for x in self.items(node)))
        inv = g.value(node, SH.inversePath)
        if inv is not None:
            return ("inv", self.path(inv))
        alt = g.value(node, SH.alternativePath)
        if alt is not None:
            return ("alt", tuple(self.path(x) for x in self.items(alt)))
        raise UnsupportedShapes(f"unsupported property path {node!r}")

    def shape(self, node: Node) -> _Shape:
        if node in self.shapes:
            return self.shapes[node]
        g = self.g
        path_node = g.value(node, SH.path)
        shape = _Shape(
            node=node,
            path=self.path(path_node) if path_node is not None else None,
            path_node=path_node,
            messages=sorted((m for m in g.objects(node, SH.message) if isinstance(m, Literal)), key=str),
            severity=g.value(node, SH.severity) or SH.Violation,
        )
        self.shapes[node] = shape  # before the constraints: shapes may refer to themselves
        predicates = set(g.predicates(node))
        for p in predicates:
            if str(p).startswith(str(SH)) and p not in _IGNORED and p not in _SUPPORTED:
                raise UnsupportedShapes(f"{p} on shape {node}")
        if (node, SH.deactivated, Literal(True)) in g:
            return shape
        self._constraints(shape, node)
        return shape

    def _one(self, node: Node, p: URIRef) -> Node:
        values = list(self.g.objects(node, p))
        if len(values) != 1:
            raise UnsupportedShapes(f"{len(values)} values of {p} on {node}")
        return values[0]

    def _constraints(self, shape: _Shape, node: Node) -> None:
        g = self.g
        add = shape.checks.append
        for prop in g.objects(node, SH.property):
            shape.properties.append(self.shape(prop))
        if (node, SH.minCount, None) in g:
            n = int(self._one(node, SH.minCount))
            add((SH.MinCountConstraintComponent, lambda d, f, vs, n=n: iter([None] if len(vs) < n else [])))
        if (node, SH.maxCount, None) in g:
            n = int(self._one(node, SH.maxCount))
            add((SH.MaxCountConstraintComponent, lambda d, f, vs, n=n: iter([None] if len(vs) > n else [])))
        for cls in g.objects(node, SH["class"]):
            add((SH.ClassConstraintComponent,
                 lambda d, f, vs, c=str(cls): (v for v in vs if not d.is_instance(v, c))))
        if (node, SH.datatype, None) in g:
            dt = str(self._one(node, SH.datatype))
            add((SH.DatatypeConstraintComponent, lambda d, f, vs, dt=dt: (v for v in vs if not _datatype_ok(v, dt))))
        if (node, SH.nodeKind, None) in g:
            kind = _NODE_KINDS[self._one(node, SH.nodeKind)]
            add((SH.NodeKindConstraintComponent, lambda d, f, vs, k=kind: (v for v in vs if not k(v))))
        for langs_node in g.objects(node, SH.languageIn):
            langs = {str(x).lower() for x in self.items(langs_node)}
            add((SH.LanguageInConstraintComponent,
                 lambda d, f, vs, langs=langs: (v for v in vs if not _lang_ok(v, langs))))
        patterns = list(g.objects(node, SH.pattern))
        if patterns:
            flags_node = g.value(node, SH.flags)
            flags = 0
            if flags_node is not None:
                text = str(flags_node).lower()
                flags |= re.I if "i" in text else 0
                flags |= re.M if "m" in text else 0
            for pat in patterns:
                rx = re.compile(str(pat), flags)
                add((SH.PatternConstraintComponent, lambda d, f, vs, rx=rx: (
                    v for v in vs if isinstance(v, BNode) or not rx.search(_string(v)))))
        if (node, SH.minLength, None) in g:
            n = int(self._one(node, SH.minLength))
            add((SH.MinLengthConstraintComponent, lambda d, f, vs, n=n: (
                v for v in vs if isinstance(v, BNode) or len(_string(v)) < n)))
        if (node, SH.minInclusive, None) in g:
            b = self._one(node, SH.minInclusive)
            add((SH.MinInclusiveConstraintComponent, lambda d, f, vs, b=b: (
                v for v in vs if not _range_ok(v, b, lambda c: c >= 0))))
        if (node, SH.maxInclusive, None) in g:
            b = self._one(node, SH.maxInclusive)
            add((SH.MaxInclusiveConstraintComponent, lambda d, f, vs, b=b: (
                v for v in vs if not _range_ok(v, b, lambda c: c <= 0))))
        for other in g.objects(node, SH.lessThan):
            add((SH.LessThanConstraintComponent, lambda d, f, vs, p=str(other): (
                v for v in vs for w in d.objects(f, p) if not _less_than(v, w))))
        for ref in g.objects(node, SH.node):
            target = self.shape(ref)
            add((SH.NodeConstraintComponent, lambda d, f, vs, t=target: (v for v in vs if not t.conforms(d, v))))
        for alts in g.objects(node, SH["or"]):
            options = [self.shape(x) for x in self.items(alts)]
            add((SH.OrConstraintComponent, lambda d, f, vs, o=options: (
                v for v in vs if not any(s.conforms(d, v) for s in o))))
        for q in g.objects(node, SH.qualifiedValueShape):
            if (node, SH.qualifiedValueShapesDisjoint, Literal(True)) in g:
                raise UnsupportedShapes("sh:qualifiedValueShapesDisjoint")
            qshape = self.shape(q)
            lo = g.value(node, SH.qualifiedMinCount)
            hi = g.value(node, SH.qualifiedMaxCount)
            if lo is not None:
                add((SH.QualifiedMinCountConstraintComponent, lambda d, f, vs, s=qshape, n=int(lo): iter(
                    [None] if sum(1 for v in vs if s.conforms(d, v)) < n else [])))
            if hi is not None:
                add((SH.QualifiedMaxCountConstraintComponent, lambda d, f, vs, s=qshape, n=int(hi): iter(
                    [None] if sum(1 for v in vs if s.conforms(d, v)) > n else [])))
        for c in g.objects(node, SH.sparql):
            if (c, SH.deactivated, Literal(True)) in g:
                continue
            select = g.value(c, SH.select)
            if select is None:
                raise UnsupportedShapes(f"sh:sparql {c} without sh:select")
            prefixes: dict[str, str] = {}
            for decl_owner in g.objects(c, SH.prefixes):
                for decl in g.objects(decl_owner, SH.declare):
                    prefixes[str(g.value(decl, SH.prefix))] = str(g.value(decl, SH.namespace))
            messages = [m for m in g.objects(c, SH.message) if isinstance(m, Literal)]
            shape.sparql.append(_Sparql(c, str(select), prefixes, messages))


def _lang_ok(v: Node, langs: set[str]) -> bool:
    # pyshacl LanguageInConstraintComponent: case-insensitive, a primary subtag matches too
    if not isinstance(v, Literal) or not v.language:
        return False
    lang = str(v.language).lower()
    return "*" in langs or lang in langs or lang.split("-")[0] in langs


# --- the validator ------------------------------------------------------------------------------


class FastValidator:
    """The shapes of one shapes graph, ready to validate many article graphs.

    >>> from kg.validate import load_shapes
    >>> v = FastValidator(load_shapes())
    >>> v.validate(Graph()).conforms
    True
    """

    def __init__(self, shapes: Graph) -> None:
        self.shapes_graph = shapes
        compiler = _Compiler(shapes)
        targets: dict[Node, list[Node]] = {}
        for s, cls in shapes.subject_objects(SH.targetClass):
            targets.setdefault(s, []).append(str(cls))
        for p in (SH.targetNode, SH.targetSubjectsOf, SH.targetObjectsOf):
            if (None, p, None) in shapes:
                raise UnsupportedShapes(f"{p} targets")
        for s in shapes.subjects(RDF.type, RDFS.Class):
            if (s, RDF.type, SH.NodeShape) in shapes:
                raise UnsupportedShapes("implicit class targets")
        self.top: list[_Shape] = []
        for node in sorted(targets, key=str):
            shape = compiler.shape(node)
            shape.targets = targets[node]
            self.top.append(shape)
        self._has_sparql = any(s.sparql for s in compiler.shapes.values() if s in self.top)

    # results of one graph, core part
    def _core(self, data: _Data) -> list[Result]:
        out: list[Result] = []
        for shape in self.top:
            if not shape.checks and not shape.properties:
                continue
            focus_nodes: dict[Node, None] = {}
            for cls in shape.targets:
                for f in data.instances(cls):
                    focus_nodes.setdefault(f, None)
            for focus in focus_nodes:
                for source, component, value in shape.violations(data, focus):
                    out.append(self._result(source, component, focus, value))
        return out

    def _result(self, source: _Shape, component: URIRef, focus: Node, value: Node | None) -> Result:
        if value is None and source.path is None and component in _NODE_VALUE_COMPONENTS:
            value = focus
        messages = [str(m) for m in source.messages] or [_generic(component)]
        return Result(
            focus_node=focus,
            path=source.path_node,
            message="; ".join(sorted(messages)),
            severity=source.severity,
            source_shape=source.node,
            value=value,
            constraint=component,
        )

    def validate(self, graph: Graph | Sequence[tuple[Node, Node, Node]], *, nquads: str | bytes | None = None
                 ) -> Report:
        """Validate one article graph: an rdflib Graph, or its triples as a list (iterating an
        rdflib Graph costs more than validating it, so callers that hold the list pass it).

        ``nquads``, when the caller has serialised the same triples anyway, is loaded into the
        store the sh:sparql constraints run on instead of converting the terms again.
        """
        triples = graph if isinstance(graph, (list, tuple)) else list(graph)
        data = _Data(triples)
        results = self._core(data)
        if self._has_sparql:
            results.extend(self._sparql(data, triples, nquads))
        results.sort(key=lambda r: (str(r.focus_node), str(r.path), str(r.source_shape), r.message))
        text = "conforms" if not results else f"{len(results)} results"
        return Report(conforms=not results, results=tuple(results), graph=self.shapes_graph, text=text)

    def _sparql(self, data: _Data, triples: Sequence[tuple[Node, Node, Node]], nquads: str | bytes | None
                ) -> list[Result]:
        import pyoxigraph as ox

        from kg.store.terms import from_ox, to_ox

        store: ox.Store | None = None
        out: list[Result] = []
        for shape in self.top:
            if not shape.sparql:
                continue
            focus_nodes: set[Node] = set()
            for cls in shape.targets:
                focus_nodes.update(data.instances(cls))
            if not focus_nodes:
                continue
            if store is None:
                # one small in-memory store per article: its only graph is the article, so the
                # union default graph is the article graph whatever it is named in ``nquads``
                store = ox.Store()
                if nquads is not None:
                    store.load(nquads, format=ox.RdfFormat.N_QUADS)
                else:
                    store.extend(ox.Quad(to_ox(s), to_ox(p), to_ox(o)) for s, p, o in triples)
            for c in shape.sparql:
                rows = store.query(c.query, prefixes=c.prefixes, use_default_graph_as_union=True)
                variables = [v.value for v in rows.variables]
                for row in rows:
                    bound = {v: from_ox(row[v]) for v in variables if row[v] is not None}
                    focus = bound.get("this")
                    if focus in focus_nodes:
                        out.append(self._sparql_result(shape, c, focus, bound))
        return out

    def _sparql_result(self, shape: _Shape, c: _Sparql, focus: Node, bound: dict[str, Node]) -> Result:
        messages = [str(m) for m in shape.messages]
        for m in c.messages:
            text = _format(str(m), bound)
            if text not in messages:
                messages.append(text)
        return Result(
            focus_node=focus,
            path=bound.get("path", shape.path_node),
            message="; ".join(sorted(messages)) or _generic(SH.SPARQLConstraintComponent),
            severity=shape.severity,
            source_shape=shape.node,
            value=bound.get("value", focus),
            constraint=SH.SPARQLConstraintComponent,
        )


# node-level constraints whose value node is the focus node itself (SHACL 2.3.2)
_NODE_VALUE_COMPONENTS = {
    SH.ClassConstraintComponent, SH.DatatypeConstraintComponent, SH.NodeKindConstraintComponent,
    SH.LanguageInConstraintComponent, SH.PatternConstraintComponent, SH.MinLengthConstraintComponent,
    SH.MinInclusiveConstraintComponent, SH.MaxInclusiveConstraintComponent, SH.NodeConstraintComponent,
    SH.OrConstraintComponent,
}


def _format(message: str, bound: dict[str, Node]) -> str:
    # pyshacl ConstraintComponent._format_sparql_based_result_message
    for var, val in bound.items():
        message = re.sub(f"{{[?$]{var}}}", str(val), message)
    return message


def _generic(component: URIRef) -> str:
    return f"{str(component).rsplit('#', 1)[-1]} violated"


@lru_cache(maxsize=1)
def fast_validator() -> FastValidator:
    """The project's shapes (ontology/shapes.ttl), compiled once per process."""
    from kg.validate import load_shapes

    return FastValidator(load_shapes())


def validator() -> Callable[[Graph], Report]:
    """The fastest validator that reports exactly what pySHACL does for the project's shapes."""
    try:
        return fast_validator().validate
    except UnsupportedShapes:
        from kg.validate import validate

        return validate
