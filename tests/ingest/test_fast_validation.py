"""The fast validator (kg/ingest_validate.py) reports exactly what pySHACL reports.

Compared over: every deliberately broken graph of tests/validate/test_shapes.py (each mutation
function applied to a fresh sample graph), seeded random mutations of real article graphs, and
the graphs of the heldout, multi-article and dev corpora. A result is compared on focus node,
path (a sequence path as its list of steps), source shape, constraint component, value and
message — all that ``kg ingest`` shows or a caller can test. Every graph goes through both entry
points — ``validate`` (rdflib terms) and ``validate_nt`` (N-Triples term strings) — and through
a validator that always runs the sh:sparql query, the reference for its Python evaluation.
"""

from __future__ import annotations

import functools
import importlib.util
import inspect
import random
import re
import sys
from collections.abc import Callable
from decimal import Decimal
from pathlib import Path
from types import ModuleType

import pytest
from rdflib import BNode, Graph, Literal, URIRef
from rdflib.collection import Collection
from rdflib.namespace import RDF, XSD
from rdflib.term import Node

from kg.ingest_validate import FastValidator, UnsupportedShapes, fast_validator, validator
from kg.validate import Report, load_shapes, validate

TESTS = Path(__file__).resolve().parents[1]
VALIDATE_TESTS = TESTS / "validate"
BASE = "https://w3id.org/officials-kg/id/"


def _load(name: str, path: Path) -> ModuleType:
    spec = importlib.util.spec_from_file_location(name, path)
    assert spec and spec.loader
    module = importlib.util.module_from_spec(spec)
    spec.loader.exec_module(module)
    return module


def _shape_tests() -> tuple[ModuleType, ModuleType]:
    """tests/validate/validate_samples.py and test_shapes.py, loaded by path under private
    names (pytest may have imported other modules called ``test_shapes``)."""
    sys.path.insert(0, str(VALIDATE_TESTS))
    try:
        samples = importlib.import_module("validate_samples")
        shapes = _load("_validate_test_shapes", VALIDATE_TESTS / "test_shapes.py")
    finally:
        sys.path.remove(str(VALIDATE_TESTS))
    return samples, shapes


CONFTEST, SHAPE_TESTS = _shape_tests()
MUTATIONS: list[tuple[str, Callable]] = sorted(
    (name, fn) for name, fn in vars(SHAPE_TESTS).items()
    if name.startswith("_") and inspect.isfunction(fn) and list(inspect.signature(fn).parameters) == ["s"]
)


def key(report: Report) -> set[tuple]:
    out = set()
    for r in report.results:
        path = r.path
        if isinstance(path, BNode):  # a sequence path, a list node in the report or shapes graph
            path = tuple(Collection(report.graph, path))
        out.add((r.focus_node, path, r.source_shape, r.constraint, r.value, r.message, r.severity))
    return out


_ESCAPES = str.maketrans({"\\": "\\\\", '"': '\\"', "\n": "\\n", "\r": "\\r"})


def nt(term: Node) -> str:
    """The N-Triples term string validate_nt takes (kg.ingest._nt's text: an xsd:string
    literal is written as a plain one)."""
    if isinstance(term, Literal):
        text = str(term).translate(_ESCAPES)
        if term.language:
            return f'"{text}"@{term.language}'
        dt = term.datatype
        return f'"{text}"' if dt is None or dt == XSD.string else f'"{text}"^^<{dt}>'
    if isinstance(term, BNode):
        return f"_:{term}"
    return f"<{term}>"


def nt_triples(graph: Graph) -> list[tuple[str, str, str]]:
    return [(nt(s), nt(p), nt(o)) for s, p, o in graph]


@functools.cache
def reference_sparql_validator() -> FastValidator:
    return FastValidator(load_shapes(), native_sparql=False)


def assert_agree(fast: Report, reference: Report) -> None:
    assert fast.conforms == reference.conforms
    assert key(fast) == key(reference), (
        f"pySHACL only: {key(reference) - key(fast)}\nfast only: {key(fast) - key(reference)}")
    # the lines kg ingest prints (their order among equal sort keys is arbitrary in pySHACL too)
    assert sorted(fast.summary(limit=50).splitlines()) == sorted(reference.summary(limit=50).splitlines())


def assert_same(graph: Graph) -> Report:
    """pySHACL's report on ``graph`` is the fast validator's, through both entry points."""
    reference = validate(graph)
    v = fast_validator()
    fast = v.validate(graph)
    assert_agree(fast, reference)
    assert v.validate(list(graph)) == fast
    assert reference_sparql_validator().validate(graph) == fast  # the Python sh:sparql agrees
    strings = nt_triples(graph)
    fast_nt = v.validate_nt(strings)
    same_graph = Graph()
    for s, p, o in strings:
        same_graph.add((to_rdflib(s), to_rdflib(p), to_rdflib(o)))
    if set(same_graph) == set(graph):
        assert fast_nt == fast
    else:  # xsd:string literals, which term strings write as plain ones: another graph
        assert_agree(fast_nt, validate(same_graph))
        assert fast_nt == v.validate(same_graph)
    assert fast_nt.conforms == reference.conforms
    assert reference_sparql_validator().validate_nt(strings) == fast_nt
    return reference


def to_rdflib(term: str) -> Node:
    """The rdflib term of a term string (escapes: the four nt() writes)."""
    if term.startswith("<"):
        return URIRef(term[1:-1])
    if term.startswith("_:"):
        return BNode(term[2:])
    close = term.rindex('"')
    text = re.sub(r'\\(.)', lambda m: {"n": "\n", "r": "\r"}.get(m.group(1), m.group(1)), term[1:close])
    rest = term[close + 1:]
    if rest.startswith("@"):
        return Literal(text, lang=rest[1:])
    return Literal(text, datatype=URIRef(rest[3:-1]) if rest else None)


def test_every_mutation_of_the_shape_tests_is_collected() -> None:
    assert len(MUTATIONS) >= 60  # CASES plus the two-problem tests' mutations


@pytest.mark.parametrize(("name", "mutate"), MUTATIONS, ids=[m[0] for m in MUTATIONS])
def test_broken_graphs_agree(name: str, mutate: Callable) -> None:
    sample = CONFTEST.build_sample()
    mutate(sample)
    report = assert_same(sample.graph)
    assert not report.conforms, f"{name} no longer breaks the sample: the comparison proves nothing"


def test_valid_samples_agree() -> None:
    for n in (1, 3):
        assert assert_same(CONFTEST.build_sample(n).graph).conforms


def _corpus_graphs() -> list[Graph]:
    from kg.ingest import iter_sources, process

    folders = [TESTS / "fixtures" / "heldout", TESTS / "fixtures" / "multi"]
    dev = TESTS.parents[1] / "shared" / "corpus" / "dev"
    if dev.is_dir():
        folders.append(dev)
    return [process(src, base=BASE, validate=False).graph for src in iter_sources([str(f) for f in folders])]


@pytest.fixture(scope="module")
def corpus_graphs() -> list[Graph]:
    return _corpus_graphs()


def test_corpus_graphs_agree(corpus_graphs: list[Graph]) -> None:
    assert len(corpus_graphs) >= 20
    for g in corpus_graphs:
        assert_same(g)


def _mutate(g: Graph, rng: random.Random) -> Graph:
    """A copy of ``g`` with one random fault of the kinds extraction or mapping bugs make."""
    out = Graph(identifier=g.identifier)
    triples = sorted(g, key=str)
    for t in triples:
        out.add(t)
    s, p, o = rng.choice(triples)
    kind = rng.randrange(6)
    if kind == 0:  # a fact lost
        out.remove((s, p, o))
    elif kind == 1:  # a second, different value
        out.add((s, p, Literal("x") if isinstance(o, Literal) else URIRef(str(o) + "-other")))
    elif kind == 2 and isinstance(o, Literal):  # a literal retyped
        out.set((s, p, Literal(str(o), datatype=rng.choice([XSD.string, XSD.integer, XSD.decimal, XSD.date]))))
    elif kind == 3 and isinstance(o, Literal):  # a language tag lost or changed
        out.set((s, p, Literal(str(o), lang=rng.choice([None, "en", "fa-IR"]))))
    elif kind == 4:  # a node typed with another class
        t = rng.choice(sorted({c for c in g.objects(None, RDF.type)}, key=str))
        out.add((s, RDF.type, t))
    else:  # an IRI replaced by a literal or a number shifted
        if isinstance(o, Literal) and isinstance(o.value, int):
            out.set((s, p, Literal(o.value + rng.choice([-1000, 1, 5000]))))
        elif isinstance(o, Literal) and isinstance(o.value, Decimal):
            out.set((s, p, Literal(-o.value)))
        else:
            out.set((s, p, Literal(str(o))))
    return out


def test_random_mutations_agree(corpus_graphs: list[Graph]) -> None:
    rng = random.Random(8)
    small = sorted(corpus_graphs, key=len)[:6]  # pySHACL takes ~0.1 s a graph: keep it short
    broken = 0
    for i in range(48):
        report = assert_same(_mutate(small[i % len(small)], rng))
        broken += not report.conforms
    assert broken >= 15  # enough of the mutations are real faults


def test_triples_list_and_nquads_give_the_same_report(corpus_graphs: list[Graph]) -> None:
    from kg.ingest import nquads_of

    g = _mutate(corpus_graphs[0], random.Random(3))
    triples = list(g)
    fast = fast_validator()
    nquads = nquads_of(triples, str(g.identifier))
    a, b = fast.validate(g), fast.validate(triples, nquads=nquads)
    assert key(a) == key(b)
    strings = nt_triples(g)
    assert fast.validate_nt(strings, nquads=nquads) == fast.validate_nt(strings) == a


def _text_anchoring() -> list:
    return [c for s in fast_validator().top for c in s.sparql]


def test_the_sparql_constraint_of_the_shapes_is_evaluated_in_python() -> None:
    """The Python evaluation applies to shapes.ttl's query as it is; when the query changes,
    update kg.ingest_validate._text_anchoring_clear and its fingerprint (it runs in pyoxigraph
    meanwhile: correct, but ~2 ms an article slower)."""
    constraints = _text_anchoring()
    assert len(constraints) == 1
    assert constraints[0].clear is not None
    assert reference_sparql_validator().top and all(
        c.clear is None for s in reference_sparql_validator().top for c in s.sparql)


def test_conforming_graphs_need_no_sparql_store(corpus_graphs: list[Graph], monkeypatch: pytest.MonkeyPatch) -> None:
    fast = fast_validator()

    def no_store(*args: object, **kwargs: object) -> None:
        raise AssertionError("the sh:sparql query ran on a conforming graph")

    conforming = 0
    for g in corpus_graphs:
        report = fast.validate_nt(nt_triples(g))
        if report.conforms:
            with monkeypatch.context() as m:
                m.setattr(FastValidator, "_sparql", no_store)
                assert fast.validate_nt(nt_triples(g)).conforms
                assert fast.validate(g).conforms
            conforming += 1
    assert conforming >= 10


def test_a_broken_span_runs_the_query(corpus_graphs: list[Graph]) -> None:
    """A kg:anchorText that is not the text at its offsets: the Python evaluation cannot clear
    the graph, the query runs and reports it."""
    g = Graph()
    for t in corpus_graphs[0]:
        g.add(t)
    KG = "https://w3id.org/officials-kg/ontology#"
    mention, anchor = next((s, o) for s, o in g.subject_objects(URIRef(KG + "anchorText")))
    g.set((mention, URIRef(KG + "anchorText"), Literal(str(anchor) + "x")))
    report = assert_same(g)
    assert [r.constraint for r in report.results] == [URIRef("http://www.w3.org/ns/shacl#SPARQLConstraintComponent")]


def test_unsupported_shapes_fall_back_to_pyshacl() -> None:
    shapes = Graph()
    shapes.parse(data="""
        @prefix sh: <http://www.w3.org/ns/shacl#> . @prefix ex: <urn:ex:> .
        ex:S a sh:NodeShape ; sh:targetClass ex:C ; sh:closed true .""", format="turtle")
    with pytest.raises(UnsupportedShapes):
        FastValidator(shapes)
    assert validator() == fast_validator().validate  # the project's shapes are supported


def test_the_project_shapes_compile() -> None:
    v = FastValidator(load_shapes())
    assert len(v.top) >= 30
