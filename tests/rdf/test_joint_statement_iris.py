"""Statements sharing a content span (a joint subject) get distinct, deterministic IRIs."""

from __future__ import annotations

from rdflib import URIRef
from rdflib.namespace import RDF

from kg.ingest import process
from kg.rdf.iris import Minter
from kg.rdf.namespace import DEFAULT_BASE, KG
from kg.text.read import Source
from kg.validate import validate

JOINT = (
    "به گزارش ایرنا، استاندار همدان و شهردار همدان امروز در بازدید از پروژه گفتند: "
    "خط یک قطار شهری تا پایان سال به بهره‌برداری می‌رسد.\n"
)


def _statements(graph) -> dict[URIRef, URIRef]:
    return {st: graph.value(st, KG.speaker) for st in graph.subjects(RDF.type, KG.Statement)}


def test_joint_statements_get_two_iris_the_first_one_unchanged():
    item = process(Source(JOINT), base=DEFAULT_BASE, validate=False)
    a, b = item.article.statements
    assert a.span == b.span and a.speaker != b.speaker
    plain = URIRef(str(Minter(DEFAULT_BASE).spanned("statement", item.article.sha256, a.span.start, a.span.end)))
    statements = _statements(item.graph)
    assert len(statements) == 2
    # the first speaker keeps the IRI a single speaker would get; the second gets a suffix
    assert plain in statements
    (other,) = set(statements) - {plain}
    assert str(other).startswith(str(plain) + "-")
    assert statements[plain] != statements[other]


def test_joint_statement_iris_are_deterministic():
    first = set(_statements(process(Source(JOINT), base=DEFAULT_BASE, validate=False).graph))
    again = set(_statements(process(Source(JOINT), base=DEFAULT_BASE, validate=False).graph))
    assert first == again


def test_joint_article_conforms_with_one_speaker_per_statement():
    item = process(Source(JOINT), base=DEFAULT_BASE, validate=True)
    assert item.conforms
    report = validate(item.graph)  # pySHACL, not only the fast validator
    assert report.conforms, report.summary(limit=5)
    g = item.graph
    assert all(len(list(g.objects(st, KG.speaker))) == 1 for st in g.subjects(RDF.type, KG.Statement))


def test_qualifier_only_changes_the_iri_when_given():
    m = Minter(DEFAULT_BASE)
    assert m.spanned("statement", "ab" * 32, 3, 9) == URIRef(f"{DEFAULT_BASE}statement/{'ab' * 8}-3-9")
    assert m.spanned("statement", "ab" * 32, 3, 9, "x") != m.spanned("statement", "ab" * 32, 3, 9, "y")
