"""The application in-process (TestClient, real worker processes): protocol, formats,
dereferencing, the ontology, VoID/DCAT and the dumps."""

from __future__ import annotations

import gzip
import io
import json
import time
from html.parser import HTMLParser

import pyoxigraph as ox
import pytest
from publish_support import BASE, CITY, MAYOR, MAYOR_NAME, MAYOR_STATEMENTS
from rdflib import Graph, URIRef
from rdflib.namespace import RDF

from kg.store import Store

pytestmark = pytest.mark.filterwarnings("ignore:ConjunctiveGraph is deprecated:DeprecationWarning")

PEOPLE = "SELECT ?p ?l WHERE { ?p a kg:Person ; rdfs:label ?l } ORDER BY ?p ?l"
RESULT_TYPES = {"json": ox.QueryResultsFormat.JSON, "xml": ox.QueryResultsFormat.XML,
                "csv": ox.QueryResultsFormat.CSV, "tsv": ox.QueryResultsFormat.TSV}
MEDIA = {"json": "application/sparql-results+json", "xml": "application/sparql-results+xml", "csv": "text/csv",
         "tsv": "text/tab-separated-values"}


def store_rows(sample_store, q: str, *, lexical: bool = False) -> list[tuple[str, ...]]:
    """The rows `kg query` gets (the Store's query), as N-Triples terms or lexical forms."""
    with Store(sample_store, read_only=True) as st:
        res = st.query(q)
        names = [v.value for v in res.variables]
        return [tuple("" if r[n] is None else r[n].value if lexical else str(r[n]) for n in names) for r in res]


def parsed_rows(body: bytes, fmt: str) -> list[tuple[str, ...]]:
    if fmt == "csv":  # lossy by design: lexical forms only; pyoxigraph will not parse it
        import csv

        return [tuple(row) for row in list(csv.reader(io.StringIO(body.decode("utf-8"))))[1:]]
    res = ox.parse_query_results(body, format=RESULT_TYPES[fmt])
    names = [v.value for v in res.variables]
    return [tuple(str(r[n]) if r[n] is not None else "" for n in names) for r in res]


# --- the SPARQL protocol -------------------------------------------------------------------------
@pytest.mark.parametrize("fmt", sorted(RESULT_TYPES))
def test_select_in_every_result_format_gives_the_stores_rows(client, sample_store, fmt):
    r = client.get("/sparql", params={"query": PEOPLE}, headers={"Accept": MEDIA[fmt]})
    assert r.status_code == 200, r.text
    assert r.headers["content-type"].startswith(MEDIA[fmt])
    rows = parsed_rows(r.content, fmt)
    assert rows == store_rows(sample_store, PEOPLE, lexical=fmt == "csv")
    assert len(rows) >= 2


def test_the_three_protocol_forms_agree(client):
    get = client.get("/sparql", params={"query": PEOPLE})
    form = client.post("/sparql", data={"query": PEOPLE})
    direct = client.post("/sparql", content=PEOPLE.encode(), headers={"Content-Type": "application/sparql-query"})
    assert get.status_code == form.status_code == direct.status_code == 200
    assert get.content == form.content == direct.content
    assert get.headers["content-type"].startswith("application/sparql-results+json")  # the default


def test_format_parameter_beats_accept(client):
    r = client.get("/sparql", params={"query": PEOPLE, "format": "csv"}, headers={"Accept": "application/xml"})
    assert r.headers["content-type"].startswith("text/csv")


def test_ask_and_construct(client):
    r = client.get("/sparql", params={"query": "ASK { ?x a kg:Official }"})
    assert r.json() == {"head": {}, "boolean": True}
    q = f"CONSTRUCT {{ <{MAYOR}> ?p ?o }} WHERE {{ <{MAYOR}> ?p ?o }}"
    for media, rdflib_fmt in (("text/turtle", "turtle"), ("application/n-triples", "nt"),
                              ("application/ld+json", "json-ld"), ("application/rdf+xml", "xml")):
        r = client.get("/sparql", params={"query": q}, headers={"Accept": media})
        assert r.status_code == 200 and r.headers["content-type"].startswith(media)
        g = Graph().parse(data=r.content, format=rdflib_fmt)
        assert (URIRef(MAYOR), RDF.type, URIRef("https://w3id.org/officials-kg/ontology#Official")) in g


def test_describe(client):
    r = client.get("/sparql", params={"query": f"DESCRIBE <{CITY}>"}, headers={"Accept": "text/turtle"})
    g = Graph().parse(data=r.content, format="turtle")
    assert len(g) > 5


def test_html_results_link_to_pages(client):
    r = client.get("/sparql", params={"query": PEOPLE}, headers={"Accept": "text/html"})
    assert r.status_code == 200 and "text/html" in r.headers["content-type"]
    assert MAYOR_NAME in r.text and 'href="id/person/3a232e0a5b6d"' in r.text


def test_service_page_and_description(client):
    page = client.get("/sparql", headers={"Accept": "text/html"})
    assert page.status_code == 200 and "<textarea" in page.text
    sd = client.get("/sparql", headers={"Accept": "text/turtle"})
    g = Graph().parse(data=sd.content, format="turtle")
    sdns = "http://www.w3.org/ns/sparql-service-description#"
    assert any(g.triples((None, URIRef(sdns + "endpoint"), None)))


def test_row_cap_is_announced(client):
    r = client.get("/sparql", params={"query": "SELECT * WHERE { ?s ?p ?o }"})
    assert r.status_code == 200
    assert len(r.json()["results"]["bindings"]) == 100  # Config(max_rows=100) in conftest
    assert r.headers["x-sparql-maxrows"] == "100"
    small = client.get("/sparql", params={"query": "SELECT * WHERE { ?s ?p ?o } LIMIT 5"})
    assert "x-sparql-maxrows" not in small.headers


@pytest.mark.parametrize("method,kwargs", [
    ("get", {"params": {"update": "INSERT DATA { <http://a/b> <http://a/c> 1 }"}}),
    ("get", {"params": {"query": "INSERT DATA { <http://a/b> <http://a/c> 1 }"}}),
    ("post", {"data": {"update": "DROP ALL"}}),
    ("post", {"data": {"query": "CLEAR DEFAULT"}}),
    ("post", {"content": b"DROP ALL", "headers": {"Content-Type": "application/sparql-update"}}),
    ("post", {"content": b"LOAD <http://127.0.0.1:9/>", "headers": {"Content-Type": "application/sparql-query"}}),
])
def test_updates_are_refused_on_every_route(client, sample_store, method, kwargs):
    before = len(Store(sample_store, read_only=True))
    r = getattr(client, method)("/sparql", **kwargs)
    assert r.status_code == 403 and "read-only" in r.text
    assert len(Store(sample_store, read_only=True)) == before


def test_bad_requests(client):
    assert client.get("/sparql", params={"query": "SELECT * WHERE {"}).status_code == 400
    assert client.post("/sparql", content=b"x", headers={"Content-Type": "text/plain"}).status_code == 415
    big = "SELECT * WHERE { ?s ?p ?o } #" + "x" * (2 << 20)
    assert client.post("/sparql", content=big.encode(), headers={"Content-Type": "application/sparql-query"}
                       ).status_code == 413
    r = client.get("/sparql", params={"query": PEOPLE, "default-graph-uri": "http://127.0.0.1:9/"})
    assert r.status_code == 403


def test_default_graph_uri_narrows_the_dataset(client):
    q = "SELECT (COUNT(*) AS ?n) WHERE { ?s ?p ?o }"
    derived = BASE + "graph/derived"
    whole = int(client.get("/sparql", params={"query": q}).json()["results"]["bindings"][0]["n"]["value"])
    part = client.get("/sparql", params={"query": q, "default-graph-uri": derived})
    n = int(part.json()["results"]["bindings"][0]["n"]["value"])
    assert 0 < n < whole


# --- dereferencing -------------------------------------------------------------------------------
@pytest.mark.parametrize("accept,media,fmt", [
    ("text/turtle", "text/turtle", "turtle"),
    ("application/n-triples", "application/n-triples", "nt"),
    ("application/ld+json", "application/ld+json", "json-ld"),
    ("application/rdf+xml", "application/rdf+xml", "xml"),
    ("application/rdf+xml;q=0.5, text/turtle", "text/turtle", "turtle"),
])
def test_entity_content_negotiation(client, accept, media, fmt):
    r = client.get("/id/person/3a232e0a5b6d", headers={"Accept": accept})
    assert r.status_code == 200 and r.headers["content-type"].startswith(media)
    assert "Accept" in r.headers["vary"]
    assert r.headers["content-location"].startswith("3a232e0a5b6d.")
    assert 'rel="alternate"' in r.headers["link"]
    g = Graph().parse(data=r.content, format=fmt)
    speaker = URIRef("https://w3id.org/officials-kg/ontology#speaker")
    assert len(set(g.subjects(speaker, URIRef(MAYOR)))) == MAYOR_STATEMENTS


@pytest.mark.parametrize("suffix,fmt", [(".ttl", "turtle"), (".jsonld", "json-ld"), (".nt", "nt"),
                                        (".rdf", "xml")])
def test_suffix_urls(client, suffix, fmt):
    r = client.get("/id/place/city-hamedan" + suffix, headers={"Accept": "text/html"})
    assert r.status_code == 200
    g = Graph().parse(data=r.content, format=fmt)
    assert (URIRef(CITY), URIRef("http://www.w3.org/2003/01/geo/wgs84_pos#lat"), None) in g


def test_hash_iris_are_in_their_documents_page(client):
    r = client.get("/id/statement/2e4c4288a49d3a63-18-118", headers={"Accept": "text/turtle"})
    g = Graph().parse(data=r.content, format="turtle")
    quote = URIRef(BASE + "statement/2e4c4288a49d3a63-18-118#quote")
    exact = g.value(quote, URIRef("http://www.w3.org/ns/oa#exact"))
    assert exact is not None and exact.startswith("شهرداری همدان")


def test_unknown_iri_is_404(client):
    assert client.get("/id/person/000000000000", headers={"Accept": "text/turtle"}).status_code == 404
    r = client.get("/id/person/000000000000", headers={"Accept": "text/html"})
    assert r.status_code == 404 and 'dir="rtl"' in r.text


class Collect(HTMLParser):
    def __init__(self) -> None:
        super().__init__()
        self.fetched: list[str] = []  # URLs a browser would load by itself
        self.alternates: list[tuple[str, str]] = []
        self.html_attrs: dict[str, str] = {}

    def handle_starttag(self, tag, attrs):
        a = dict(attrs)
        if tag == "html":
            self.html_attrs = a
        if tag in {"img", "script", "iframe", "audio", "video", "source", "embed", "object"}:
            self.fetched.append(a.get("src") or a.get("data") or "")
        if tag == "link":
            if a.get("rel") == "alternate":
                self.alternates.append((a.get("type", ""), a.get("href", "")))
            else:
                self.fetched.append(a.get("href", ""))
        if tag == "style" or "style" in a:
            pass


def test_mayor_page_is_persian_rtl_and_self_contained(client):
    r = client.get("/id/person/3a232e0a5b6d", headers={"Accept": "text/html,*/*;q=0.8"})
    assert r.status_code == 200 and r.headers["content-type"].startswith("text/html")
    assert "default-src 'none'" in r.headers["content-security-policy"]
    page = Collect()
    page.feed(r.text)
    assert page.html_attrs == {"lang": "fa", "dir": "rtl"}
    assert page.fetched == [], "the page must load nothing else"
    assert ("text/turtle", "3a232e0a5b6d.ttl") in page.alternates
    assert ("application/ld+json", "3a232e0a5b6d.jsonld") in page.alternates
    assert MAYOR_NAME in r.text
    assert r.text.count('<ol class="statements">') == 1
    assert r.text.count("<blockquote>") == MAYOR_STATEMENTS
    assert "@import" not in r.text and "url(" not in r.text  # no web fonts, no remote CSS


def test_place_page_has_an_inline_map_and_no_tiles(client):
    r = client.get("/id/place/city-hamedan", headers={"Accept": "text/html"})
    assert "<svg" in r.text and "<circle" in r.text
    assert "openstreetmap.org/?mlat=34.79929" in r.text  # a link, not a fetch
    page = Collect()
    page.feed(r.text)
    assert page.fetched == []


def test_untrusted_text_is_escaped(client):
    # the article text is shown on its page: any markup in it must arrive as text
    r = client.get("/id/article/2e4c4288a49d3a63", headers={"Accept": "text/html"})
    assert r.status_code == 200 and 'class="article-text"' in r.text
    assert "<script" not in r.text.lower()


# --- the vocabulary, the dataset, the dumps --------------------------------------------------------
def test_ontology_dereferences(client):
    html = client.get("/ontology", headers={"Accept": "text/html"})
    assert html.status_code == 200
    for term in ("Statement", "Person", "speaker", "content"):
        assert f'id="{term}"' in html.text  # ontology#Statement lands on its section
    ttl = client.get("/ontology", headers={"Accept": "text/turtle"})
    g = Graph().parse(data=ttl.content, format="turtle")
    onto = URIRef("https://w3id.org/officials-kg/ontology")
    assert (onto, RDF.type, URIRef("http://www.w3.org/2002/07/owl#Ontology")) in g
    jl = client.get("/ontology.jsonld")
    assert len(Graph().parse(data=jl.content, format="json-ld")) == len(g)
    assert client.get("/ontology/0.1.0", headers={"Accept": "text/turtle"}).status_code == 200
    assert json.loads(client.get("/context.jsonld").content)["@context"]["kg"].startswith("https://w3id.org/")


def wait_for(client, path: str, accept: str = "text/turtle", seconds: float = 30.0):
    deadline = time.monotonic() + seconds
    while True:
        r = client.get(path, headers={"Accept": accept})
        if r.status_code != 503 or time.monotonic() > deadline:
            return r
        time.sleep(0.2)


def test_void_and_dcat(client, sample_store):
    r = wait_for(client, "/.well-known/void")
    assert r.status_code == 200 and r.headers["content-type"].startswith("text/turtle")
    g = Graph().parse(data=r.content, format="turtle")
    void = "http://rdfs.org/ns/void#"
    ds = URIRef("https://w3id.org/officials-kg/dataset")
    with Store(sample_store, read_only=True) as st:
        stats = st.stats()
    assert int(g.value(ds, URIRef(void + "triples"))) == stats["triples"]
    assert str(g.value(ds, URIRef(void + "sparqlEndpoint"))).endswith("/sparql")
    assert str(g.value(ds, URIRef(void + "dataDump"))).endswith(".gz")
    assert g.value(ds, URIRef("http://purl.org/dc/terms/license")) is not None
    assert URIRef(MAYOR) in set(g.objects(ds, URIRef(void + "exampleResource")))
    part = URIRef("https://w3id.org/officials-kg/dataset#class-Person")
    assert int(g.value(part, URIRef(void + "entities"))) == stats["people"]
    assert (ds, RDF.type, URIRef("http://www.w3.org/ns/dcat#Dataset")) in g
    html = wait_for(client, "/dataset", "text/html")
    assert html.status_code == 200 and 'dir="rtl"' in html.text


def test_full_dump_download(client, sample_store):
    r = wait_for(client, "/dump/officials-kg.nq.gz", "*/*", 60)
    assert r.status_code == 200
    quads = list(ox.parse(io.BytesIO(gzip.decompress(r.content)), format=ox.RdfFormat.N_QUADS))
    with Store(sample_store, read_only=True) as st:
        assert len(quads) == len(st)
    assert client.get("/dump/nothing.gz").status_code == 404


def test_home_types_and_status(client):
    home = client.get("/", headers={"Accept": "text/html"})
    assert home.status_code == 200 and 'lang="fa"' in home.text
    types = client.get("/types/Person")
    assert types.status_code == 200 and MAYOR_NAME in types.text
    assert client.get("/types/Nothing").status_code == 404
    status = client.get("/status").json()
    assert status["ok"] and status["workers"] == 3
    assert client.get("/robots.txt").text.startswith("User-agent")


def test_cors(client):
    r = client.get("/sparql", params={"query": "ASK {}"}, headers={"Origin": "https://example.org"})
    assert r.headers["access-control-allow-origin"] == "*"
    pre = client.options("/sparql", headers={"Origin": "https://example.org",
                                             "Access-Control-Request-Method": "POST",
                                             "Access-Control-Request-Headers": "content-type"})
    assert pre.status_code == 200 and "POST" in pre.headers["access-control-allow-methods"]
