"""The fast validator (kg/ingest_validate.py) reports exactly what pySHACL reports.

Compared over: every deliberately broken graph of tests/validate/test_shapes.py (each mutation
function applied to a fresh sample graph), seeded random mutations of real article graphs, and
the graphs of the heldout, multi-article and dev corpora. A result is compared on focus node,
path (a sequence path as its list of steps), source shape, constraint component, value and
message — all that ``kg ingest`` shows or a caller can test.
"""

from __future__ import annotations

import importlib.util
import inspect
import random
import sys
from collections.abc import Callable
from decimal import Decimal
from pathlib import Path
from types import ModuleType

import pytest
from rdflib import BNode, Graph, Literal, URIRef
from rdflib.collection import Collection
from rdflib.namespace import RDF, XSD

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


def assert_same(graph: Graph) -> Report:
    reference = validate(graph)
    fast = fast_validator().validate(graph)
    assert fast.conforms == reference.conforms
    assert key(fast) == key(reference), (
        f"pySHACL only: {key(reference) - key(fast)}\nfast only: {key(fast) - key(reference)}")
    # the lines kg ingest prints (their order among equal sort keys is arbitrary in pySHACL too)
    assert sorted(fast.summary(limit=50).splitlines()) == sorted(reference.summary(limit=50).splitlines())
    return reference


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
    a, b = fast.validate(g), fast.validate(triples, nquads=nquads_of(triples, str(g.identifier)))
    assert key(a) == key(b)


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
