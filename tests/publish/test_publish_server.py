"""``kg serve`` as a real server on 127.0.0.1, queried by real clients: SPARQLWrapper,
rdflib's SPARQLStore, curl — the same rows as ``kg query``, the same graph as the store."""

from __future__ import annotations

import json
import shutil
import subprocess
import urllib.request

import pytest
from publish_support import KG, MAYOR, MAYOR_NAME, MAYOR_STATEMENTS, ROOT, start_server, stop_server
from rdflib import Graph, URIRef

from kg.query import prepare

pytestmark = pytest.mark.filterwarnings("ignore::DeprecationWarning")

QUERIES = [
    "SELECT ?p ?l WHERE { ?p a kg:Person ; rdfs:label ?l } ORDER BY ?p ?l",
    "SELECT ?s ?content WHERE { ?s kg:speaker ?p ; kg:content ?content . ?p skos:prefLabel ?name "
    "FILTER(CONTAINS(?name, 'حسینی')) } ORDER BY ?s",
    prepare("most-quoted-officials")[0],
    prepare("projects-by-status-and-city")[0],
]


def kg_query_json(store, query: str) -> dict:
    """What `kg query -e QUERY -f json` prints."""
    out = subprocess.run([*KG, "query", "--store", str(store), "-e", query, "-f", "json"], capture_output=True,
                         check=True, cwd=ROOT)
    return json.loads(out.stdout)


def kg_query_rows(store, query: str) -> list[dict]:
    return kg_query_json(store, query)["results"]["bindings"]


def normal(binding: dict) -> dict:
    """A SPARQL JSON binding with SPARQL 1.0's typed-literal folded into literal."""
    return {k: {**v, "type": "literal" if v["type"] == "typed-literal" else v["type"]} for k, v in binding.items()}


@pytest.mark.parametrize("query", QUERIES, ids=["people", "statements", "most-quoted", "projects"])
def test_sparqlwrapper_gets_the_rows_of_kg_query(server, sample_store, query):
    from SPARQLWrapper import JSON, SPARQLWrapper

    expected = kg_query_rows(sample_store, query)
    assert expected, "the query should have rows on the sample"
    for method in ("GET", "POST"):
        sw = SPARQLWrapper(server.url + "sparql")
        sw.setQuery(query)
        sw.setMethod(method)
        sw.setReturnFormat(JSON)
        got = sw.queryAndConvert()["results"]["bindings"]
        assert [normal(b) for b in got] == [normal(b) for b in expected], method


@pytest.mark.parametrize("query", QUERIES, ids=["people", "statements", "most-quoted", "projects"])
def test_rdflib_sparqlstore_gets_the_rows_of_kg_query(server, sample_store, query):
    from rdflib.plugins.stores.sparqlstore import SPARQLStore

    expected_json = kg_query_json(sample_store, query)
    names = expected_json["head"]["vars"]
    expected = [tuple(b[v]["value"] if v in b else None for v in names) for b in expected_json["results"]["bindings"]]
    result = Graph(store=SPARQLStore(server.url + "sparql", returnFormat="xml")).query(query)
    got = [tuple(None if row[v] is None else str(row[v]) for v in names) for row in result]
    assert got == expected


def test_rdflib_sparqlstore_construct(server):
    from rdflib.plugins.stores.sparqlstore import SPARQLStore

    store = SPARQLStore(server.url + "sparql")
    g = Graph(store=store).query(f"CONSTRUCT WHERE {{ <{MAYOR}> ?p ?o }}").graph
    assert (URIRef(MAYOR), URIRef("https://w3id.org/officials-kg/ontology#familyName"), None) in g


@pytest.mark.skipif(shutil.which("curl") is None, reason="curl is not installed")
def test_curl_turtle_on_an_entity_iri_parses(server):
    out = subprocess.run(["curl", "-sS", "--fail", "-H", "Accept: text/turtle", server.url + "id/person/3a232e0a5b6d"],
                         capture_output=True, check=True, timeout=30)
    g = Graph().parse(data=out.stdout, format="turtle")
    speaker = URIRef("https://w3id.org/officials-kg/ontology#speaker")
    assert len(set(g.subjects(speaker, URIRef(MAYOR)))) == MAYOR_STATEMENTS
    head = subprocess.run(["curl", "-sS", "-I", "-H", "Accept: application/ld+json",
                           server.url + "id/person/3a232e0a5b6d"], capture_output=True, text=True, timeout=30)
    assert "content-type: application/ld+json" in head.stdout.lower()
    assert "vary: accept" in head.stdout.lower()


def test_browser_accept_gets_the_page(server):
    req = urllib.request.Request(server.url + "id/person/3a232e0a5b6d", headers={
        "Accept": "text/html,application/xhtml+xml,application/xml;q=0.9,*/*;q=0.8"})
    with urllib.request.urlopen(req, timeout=30) as r:
        assert r.headers["Content-Type"].startswith("text/html")
        assert MAYOR_NAME in r.read().decode("utf-8")


def test_binds_loopback_only(server):
    assert server.url.startswith("http://127.0.0.1:")
    import socket

    addresses = {a[4][0] for a in socket.getaddrinfo(socket.gethostname(), None, socket.AF_INET)}
    addresses.discard("127.0.0.1")
    for address in list(addresses)[:2]:
        if address.startswith("127."):
            continue
        with socket.socket() as s, pytest.raises(OSError):
            s.settimeout(2)
            s.connect((address, server.port))


def test_start_and_stop_cleanly(sample_store):
    s = start_server(sample_store, "--workers", "2", "--no-access-log")
    pids = []
    try:
        status = s.status()
        assert status["workers"] == 2 and status["idle"] >= 1
        out = subprocess.run(["pgrep", "-P", str(s.proc.pid)], capture_output=True, text=True)
        pids = [int(p) for p in out.stdout.split()]
        assert len(pids) >= 2, "the query workers are children of the server"
    finally:
        assert stop_server(s) == 0
    import os
    import time

    deadline = time.monotonic() + 10
    alive = pids
    while alive and time.monotonic() < deadline:
        alive = [p for p in alive if _exists(p)]
        time.sleep(0.1)
    assert not alive, "workers outlived the server"
    assert os.path.isdir(sample_store)


def _exists(pid: int) -> bool:
    import os

    try:
        os.kill(pid, 0)
    except ProcessLookupError:
        return False
    try:
        with open(f"/proc/{pid}/stat") as f:
            return f.read().split()[2] != "Z"
    except OSError:
        return True


def test_port_in_use_is_one_line(server, sample_store):
    out = subprocess.run([*KG, "serve", "--store", str(sample_store), "--port", str(server.port)],
                         capture_output=True, text=True, timeout=60, cwd=ROOT)
    assert out.returncode == 1
    assert out.stderr.strip().splitlines()[-1].startswith("kg: error: port")


def test_missing_store_is_one_line(tmp_path):
    out = subprocess.run([*KG, "serve", "--store", str(tmp_path / "nothing"), "--port", "0"], capture_output=True,
                         text=True, timeout=60, cwd=ROOT)
    assert out.returncode == 1 and out.stderr.startswith("kg: error: no store at")
