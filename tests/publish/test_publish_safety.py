"""kg.publish.safety: what the endpoint refuses before running anything."""

from __future__ import annotations

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from kg.publish.safety import Refused, check_query
from kg.store.store import QUERY_PREFIXES

BASE = "https://w3id.org/officials-kg/id/"
PREFIXES = tuple(sorted(QUERY_PREFIXES.items()))


def check(q: str):
    return check_query(q, BASE, PREFIXES)


def refused(q: str) -> Refused:
    with pytest.raises(Refused) as info:
        check(q)
    return info.value


@pytest.mark.parametrize("q,form", [
    ("SELECT * WHERE { ?s ?p ?o } LIMIT 1", "select"),
    ("ASK { ?s a kg:Person }", "ask"),
    ("CONSTRUCT WHERE { ?s ?p ?o } LIMIT 3", "construct"),
    ("DESCRIBE <https://w3id.org/officials-kg/id/place/city-hamedan>", "describe"),
    ("PREFIX ex: <http://example.org/> SELECT ?x WHERE { ?x ex:service ?y }", "select"),
    ('SELECT * WHERE { ?s rdfs:label "SERVICE <http://127.0.0.1/> LOAD" }', "select"),
    ("SELECT * WHERE { ?s ?p ?o } # SERVICE <http://127.0.0.1:1/> { }", "select"),
])
def test_ordinary_queries_pass(q, form):
    assert check(q).form == form


@pytest.mark.parametrize("q", [
    "INSERT DATA { <http://a/b> <http://a/c> <http://a/d> }",
    "DELETE DATA { <http://a/b> <http://a/c> <http://a/d> }",
    "DELETE WHERE { ?s ?p ?o }",
    "WITH <http://a/g> DELETE { ?s ?p ?o } INSERT { ?s ?p 1 } WHERE { ?s ?p ?o }",
    "LOAD <http://127.0.0.1:9/x.ttl>",
    "LOAD SILENT <http://127.0.0.1:9/x.ttl> INTO GRAPH <http://a/g>",
    "CLEAR ALL", "DROP GRAPH <http://a/g>", "CREATE GRAPH <http://a/g>",
    "ADD DEFAULT TO <http://a/g>", "MOVE DEFAULT TO <http://a/g>", "COPY DEFAULT TO <http://a/g>",
    "SELECT * WHERE { ?s ?p ?o } ; INSERT DATA { <http://a/b> <http://a/c> 1 }",
])
def test_updates_are_refused(q):
    r = refused(q)
    assert r.status in {400, 403}
    if not q.startswith("SELECT"):
        assert r.status == 403 and "read-only" in str(r)


@pytest.mark.parametrize("q", [
    "SELECT * WHERE { SERVICE <http://127.0.0.1:9/> { ?s ?p ?o } }",
    "SELECT * WHERE { service silent <http://127.0.0.1:9/> { ?s ?p ?o } }",
    "SELECT * WHERE { ?x a kg:Person OPTIONAL { SERVICE <http://127.0.0.1:9/> { ?x ?p ?o } } }",
    "SELECT * WHERE { { SELECT ?x WHERE { SERVICE <http://127.0.0.1:9/> { ?x ?p ?o } } } }",
    "SELECT * WHERE { ?x ?p ?o FILTER EXISTS { SERVICE <http://127.0.0.1:9/> { ?x ?q ?r } } }",
    "SELECT * WHERE { ?x ?p ?o MINUS { SERVICE <http://127.0.0.1:9/> { ?x ?q ?r } } }",
    "SELECT * WHERE { BIND(<http://127.0.0.1:9/> AS ?e) SERVICE ?e { ?s ?p ?o } }",
    "ASK { SERVICE <http://127.0.0.1:9/> { ?s ?p ?o } }",
    "CONSTRUCT { ?s ?p ?o } WHERE { SERVICE <http://127.0.0.1:9/> { ?s ?p ?o } }",
    # an escaped keyword: SPARQL's \\u escapes are expanded before parsing
    "SELECT * WHERE { \\u0053ERVICE <http://127.0.0.1:9/> { ?s ?p ?o } }",
])
def test_service_is_refused_anywhere(q):
    r = refused(q)
    assert r.status == 403 and "SERVICE" in str(r)


@pytest.mark.parametrize("q", [
    "SELECT * FROM <http://127.0.0.1:9/data.ttl> WHERE { ?s ?p ?o }",
    "SELECT * FROM NAMED <http://example.org/g> WHERE { GRAPH ?g { ?s ?p ?o } }",
    "PREFIX ex: <http://127.0.0.1:9/> SELECT * FROM ex:x WHERE { ?s ?p ?o }",
    "BASE <http://127.0.0.1:9/> SELECT * FROM <x.ttl> WHERE { ?s ?p ?o }",
    "ASK FROM <file:///etc/passwd> { ?s ?p ?o }",
])
def test_remote_from_is_refused(q):
    r = refused(q)
    assert r.status == 403 and "not part of this dataset" in str(r)


@pytest.mark.parametrize("q", [
    "SELECT * FROM <https://w3id.org/officials-kg/id/graph/derived> WHERE { ?s ?p ?o }",
    "PREFIX a: <https://w3id.org/officials-kg/id/article/> SELECT * FROM NAMED a:2e4c4288a49d3a63 "
    "WHERE { GRAPH ?g { ?s ?p ?o } }",
])
def test_local_from_is_allowed(q):
    assert check(q).form == "select"


def test_syntax_errors_are_400_with_a_position():
    r = refused("SELECT * WHERE { ?s ?p }")
    assert r.status == 400 and "line 1" in str(r)


def test_relative_from_without_base_is_refused():
    assert refused("SELECT * FROM <x> WHERE { ?s ?p ?o }").status == 400


GROUPS = [
    "{ ?s ?p ?o }", "OPTIONAL {{ {} }}", "{{ {} }} UNION {{ ?a ?b ?c }}", "MINUS {{ {} }}",
    "FILTER EXISTS {{ {} }}", "GRAPH ?g {{ {} }}", "{{ SELECT * WHERE {{ {} }} }}",
]


@st.composite
def nested_service(draw) -> str:
    """SERVICE buried at a random depth inside random group patterns."""
    inner = "SERVICE <http://127.0.0.1:9/> { ?x ?y ?z }"
    for _ in range(draw(st.integers(0, 5))):
        template = draw(st.sampled_from(GROUPS[1:]))
        inner = "?s ?p ?o . " + template.format(inner) if draw(st.booleans()) else template.format(inner)
    return "SELECT * WHERE { " + inner + " }"


@settings(max_examples=60, deadline=None)
@given(nested_service())
def test_service_at_any_depth_is_refused(q):
    with pytest.raises(Refused) as info:
        check_query(q, BASE, PREFIXES)
    assert info.value.status == 403
