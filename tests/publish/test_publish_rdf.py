"""kg.publish.render_rdf and conneg: every RDF twin says exactly the triples it was given."""

from __future__ import annotations

import json

import pyoxigraph as ox
import pytest
from hypothesis import given, settings
from hypothesis import strategies as st
from publish_support import CITY, MAYOR
from rdflib import Graph
from rdflib.compare import isomorphic

from kg.publish.conneg import negotiate
from kg.publish.describe import describe
from kg.publish.render_rdf import jsonld, project_context, serialize
from kg.store import Store
from kg.store.terms import from_ox

pytestmark = pytest.mark.filterwarnings("ignore:ConjunctiveGraph is deprecated:DeprecationWarning")
RDFLIB = {"turtle": "turtle", "nt": "nt", "jsonld": "json-ld", "rdfxml": "xml"}


def as_rdflib(triples) -> Graph:
    g = Graph()
    for t in triples:
        g.add((from_ox(t.subject), from_ox(t.predicate), from_ox(t.object)))
    return g


@pytest.fixture(scope="module")
def raw(sample_store):
    with Store(sample_store, read_only=True) as s:
        yield s.raw


def every_entity(raw) -> list[str]:
    return sorted({q.subject.value for q in raw.quads_for_pattern(None, None, None, None)
                   if isinstance(q.subject, ox.NamedNode) and "#" not in q.subject.value
                   and q.subject.value.startswith("https://w3id.org/officials-kg/id/")})


@pytest.mark.parametrize("fmt", sorted(RDFLIB))
def test_every_entity_document_parses_back_to_its_triples(raw, fmt):
    entities = every_entity(raw)
    assert len(entities) > 100
    for iri in entities:
        d = describe(raw, iri)
        data = serialize(d.triples, fmt, subject_order=[iri])
        parsed = Graph().parse(data=data, format=RDFLIB[fmt])
        assert isomorphic(parsed, as_rdflib(d.triples)), f"{fmt} of {iri} does not round-trip"


def test_jsonld_uses_the_project_context_terms_inline(raw):
    d = describe(raw, MAYOR)
    doc = json.loads(jsonld(d.triples, subject_order=[MAYOR]))
    ctx = doc["@context"]
    assert isinstance(ctx, dict), "the context must be inline: nothing to fetch"
    project = project_context()
    for term, definition in ctx.items():
        if term in project:
            assert definition == project[term], f"{term} differs from ontology/context.jsonld"
    first = doc["@graph"][0]
    assert first["@id"] == "id:person/3a232e0a5b6d"
    assert sorted(first["@type"]) == ["Official", "Person"]
    assert first["familyName"] == "حسینی"  # @language fa coerced by the context


def test_jsonld_parses_in_pyoxigraph_too(raw):
    d = describe(raw, CITY)
    parsed = {ox.Triple(q.subject, q.predicate, q.object)
              for q in ox.parse(jsonld(d.triples), format=ox.RdfFormat.JSON_LD)}
    assert parsed == set(d.triples)


IRIS = st.sampled_from([
    "https://w3id.org/officials-kg/id/person/a", "https://w3id.org/officials-kg/id/statement/x-1-2#quote",
    "https://w3id.org/officials-kg/ontology#Person", "http://example.org/q?a=1&b=%20", "urn:x:y",
    "http://www.w3.org/2004/02/skos/core#Concept", "https://w3id.org/officials-kg/id/activity/x-0.1.0",
])
PREDICATES = st.sampled_from([
    "https://w3id.org/officials-kg/ontology#speaker", "https://w3id.org/officials-kg/ontology#content",
    "https://w3id.org/officials-kg/ontology#start", "https://w3id.org/officials-kg/ontology#direct",
    "http://www.w3.org/2000/01/rdf-schema#label", "http://www.w3.org/1999/02/22-rdf-syntax-ns#type",
    "http://www.w3.org/2004/02/skos/core#prefLabel", "https://w3id.org/officials-kg/ontology#datePublished",
    "http://www.w3.org/2003/01/geo/wgs84_pos#lat", "http://example.org/p", "http://www.w3.org/ns/oa#exact",
])
DATATYPES = st.sampled_from([None, "integer", "decimal", "boolean", "date", "string", "anyURI"])


@st.composite
def objects(draw):
    kind = draw(st.sampled_from(["iri", "lang", "typed", "bnode"]))
    if kind == "iri":
        return ox.NamedNode(draw(IRIS))
    if kind == "bnode":
        return ox.BlankNode("b" + str(draw(st.integers(0, 3))))
    text = draw(st.text(st.characters(blacklist_categories=("Cs",)), max_size=12))
    if kind == "lang":
        return ox.Literal(text, language=draw(st.sampled_from(["fa", "en", "ar"])))
    dt = draw(DATATYPES)
    if dt in (None, "string"):
        return ox.Literal(text)
    values = {"integer": "42", "decimal": "1.5", "boolean": "true", "date": "2025-10-07", "anyURI": "http://x/"}
    return ox.Literal(values[dt], datatype=ox.NamedNode("http://www.w3.org/2001/XMLSchema#" + dt))


@st.composite
def triple_sets(draw):
    n = draw(st.integers(1, 12))
    out = set()
    for _ in range(n):
        s = ox.NamedNode(draw(IRIS)) if draw(st.booleans()) else ox.BlankNode("b" + str(draw(st.integers(0, 3))))
        out.add(ox.Triple(s, ox.NamedNode(draw(PREDICATES)), draw(objects())))
    return sorted(out, key=str)


@settings(max_examples=150, deadline=None)
@given(triple_sets())
def test_jsonld_writer_is_exact(triples):
    """Whatever the terms' coercions, the document expands to exactly the given triples."""
    parsed = Graph().parse(data=jsonld(triples), format="json-ld")
    assert isomorphic(parsed, as_rdflib(triples))


@pytest.mark.parametrize("accept,offers,expected", [
    ("text/html,application/xhtml+xml,application/xml;q=0.9,*/*;q=0.8", ["text/html", "text/turtle"], "text/html"),
    ("text/turtle", ["text/html", "text/turtle"], "text/turtle"),
    ("application/ld+json;q=0.9, text/turtle;q=0.5", ["text/html", "text/turtle", "application/ld+json"],
     "application/ld+json"),
    ("text/*;q=0.5, text/turtle", ["text/html", "text/turtle"], "text/turtle"),
    ("*/*", ["text/html", "text/turtle"], "text/html"),
    (None, ["application/sparql-results+json"], "application/sparql-results+json"),
    ("text/turtle;q=0", ["text/turtle"], None),
    ("application/rdf+xml, text/turtle", ["text/turtle", "application/rdf+xml"], "application/rdf+xml"),
    ("garbage", ["text/html"], "text/html"),
])
def test_negotiate(accept, offers, expected):
    assert negotiate(accept, offers) == expected
