"""The dataset's description: VoID (``/.well-known/void``) and DCAT, from counts taken once.

:func:`compute_stats` runs in a worker (it scans the store: a few seconds on two million
quads) when the server starts, and once per static build; :func:`description` turns the
counts into triples. IRIs:

- the dataset is ``{site}dataset`` where ``{site}`` is the instance base without its ``id/``
  (``https://w3id.org/officials-kg/dataset``), a stable name wherever it is deployed;
- the SPARQL endpoint, the dumps and the landing page are where the site really is
  (``public_url``, or the address a request came to);
- class and property partitions, distributions and the data service are hash IRIs of the
  dataset's document (``…/dataset#class-Person``), not blank nodes.
"""

from __future__ import annotations

from typing import Any

import pyoxigraph as ox

from kg.publish.config import ONTOLOGY_IRI, Config
from kg.rdf.namespace import KG_URI
from kg.store.store import QUERY_PREFIXES

__all__ = ["DUMPS", "compute_stats", "dataset_iri", "description", "site_iri"]

VOID = "http://rdfs.org/ns/void#"
DCAT = "http://www.w3.org/ns/dcat#"
DCT = "http://purl.org/dc/terms/"
FOAF = "http://xmlns.com/foaf/0.1/"
SD = "http://www.w3.org/ns/sparql-service-description#"
RDF_TYPE = "http://www.w3.org/1999/02/22-rdf-syntax-ns#type"
XSD = "http://www.w3.org/2001/XMLSchema#"
IANA = "http://www.iana.org/assignments/media-types/"

# dump file name → (media type, what it holds)
DUMPS = {
    "officials-kg.nq.gz": ("application/n-quads", "N-Quads, one named graph per article, gzip"),
    "officials-kg.ttl.gz": ("text/turtle", "Turtle, the union of all graphs (each triple once), gzip"),
}


def _scalar(store: ox.Store, q: str) -> int:
    for row in store.query(q, use_default_graph_as_union=True, prefixes=QUERY_PREFIXES):
        return int(row[0].value) if row[0] is not None else 0
    return 0


def compute_stats(store: ox.Store, config: Config) -> dict[str, Any]:
    """Counts and examples for VoID/DCAT and the home page (plain data, picklable)."""
    from kg.publish.describe import label_of

    def q(text: str):
        return store.query(text, use_default_graph_as_union=True, prefixes=QUERY_PREFIXES)

    classes = {r["c"].value: int(r["n"].value) for r in q(
        "SELECT ?c (COUNT(DISTINCT ?x) AS ?n) WHERE { ?x a ?c } GROUP BY ?c") if isinstance(r["c"], ox.NamedNode)}
    properties = {r["p"].value: int(r["n"].value) for r in store.query(
        "SELECT ?p (COUNT(*) AS ?n) WHERE { GRAPH ?g { ?s ?p ?o } } GROUP BY ?p")}
    base = config.base
    entities = _scalar(store, f"""SELECT (COUNT(DISTINCT ?s) AS ?n) WHERE {{ GRAPH ?g {{ ?s ?p ?o }}
        FILTER(isIRI(?s) && STRSTARTS(STR(?s), "{base}") && !CONTAINS(STR(?s), "#")) }}""")
    dates = list(q("SELECT (MIN(?d) AS ?first) (MAX(?d) AS ?last) WHERE { ?a a kg:Article ; kg:datePublished ?d }"))
    first = dates[0]["first"].value if dates and dates[0]["first"] is not None else None
    last = dates[0]["last"].value if dates and dates[0]["last"] is not None else None
    examples: list[str] = []
    for text in (
        "SELECT ?x WHERE { ?x a kg:Official ; kg:statementCount ?n } ORDER BY DESC(?n) ?x LIMIT 1",
        "SELECT ?x WHERE { ?x a kg:Statement ; kg:speaker ?p . ?p kg:statementCount ?n } ORDER BY DESC(?n) ?x LIMIT 1",
        "SELECT ?x WHERE { ?x a kg:Article } ORDER BY ?x LIMIT 1",
        "SELECT ?x WHERE { ?x a kg:City ; geo:lat ?lat } ORDER BY ?x LIMIT 1",
        "SELECT ?x WHERE { ?x a kg:Project } ORDER BY ?x LIMIT 1",
    ):
        examples += [r["x"].value for r in q(text) if r["x"].value not in examples]
    labels = {x: label_of(store, ox.NamedNode(x)) or x.rsplit("/", 1)[-1] for x in examples}
    graphs = sum(1 for _ in store.named_graphs())
    return {
        "triples": len(store), "entities": entities, "classes": classes, "properties": properties,
        "articles": classes.get(KG_URI + "Article", 0), "statements": classes.get(KG_URI + "Statement", 0),
        "people": classes.get(KG_URI + "Person", 0), "officials": classes.get(KG_URI + "Official", 0),
        "graphs": graphs, "first_date": first, "last_date": last, "examples": examples, "labels": labels,
    }


def site_iri(config: Config) -> str:
    """The namespace's root: the instance base without its trailing ``id/``."""
    return config.base[:-3] if config.base.endswith("/id/") else config.base


def dataset_iri(config: Config) -> str:
    return site_iri(config) + "dataset"


def description(stats: dict[str, Any], config: Config, root: str) -> list[ox.Triple]:
    """VoID + DCAT triples; ``root`` is where the site is reachable (ends with ``/``)."""
    ds = dataset_iri(config)
    triples: list[ox.Triple] = []

    def iri(v: str) -> ox.NamedNode:
        return ox.NamedNode(v)

    def add(s: str, p: str, o: ox.NamedNode | ox.Literal) -> None:
        triples.append(ox.Triple(iri(s), iri(p), o))

    def num(n: int) -> ox.Literal:
        return ox.Literal(str(n), datatype=iri(XSD + "integer"))

    def text(v: str, lang: str | None = None) -> ox.Literal:
        return ox.Literal(v, language=lang) if lang else ox.Literal(v)

    add(ds, RDF_TYPE, iri(VOID + "Dataset"))
    add(ds, RDF_TYPE, iri(DCAT + "Dataset"))
    add(ds, DCT + "title", text(config.title, "en"))
    add(ds, DCT + "title", text(config.title_fa, "fa"))
    add(ds, DCT + "description", text(config.description, "en"))
    add(ds, DCT + "license", iri(config.license))
    add(ds, DCT + "language", iri("http://id.loc.gov/vocabulary/iso639-1/fa"))
    add(ds, DCAT + "landingPage", iri(root))
    add(ds, VOID + "sparqlEndpoint", iri(root + "sparql"))
    add(ds, VOID + "uriSpace", text(config.base))
    add(ds, VOID + "vocabulary", iri(KG_URI))
    add(ds, DCT + "conformsTo", iri(ONTOLOGY_IRI))
    add(ds, VOID + "triples", num(stats["triples"]))
    add(ds, VOID + "entities", num(stats["entities"]))
    add(ds, VOID + "classes", num(len(stats["classes"])))
    add(ds, VOID + "properties", num(len(stats["properties"])))
    for kw in ("officials", "quotations", "Persian news", "knowledge graph"):
        add(ds, DCAT + "keyword", text(kw, "en"))
    for x in stats["examples"]:
        add(ds, VOID + "exampleResource", iri(x))
    if stats.get("first_date") and stats.get("last_date"):
        period = ds + "#period"
        add(ds, DCT + "temporal", iri(period))
        add(period, RDF_TYPE, iri(DCT + "PeriodOfTime"))
        add(period, DCAT + "startDate", ox.Literal(stats["first_date"], datatype=iri(XSD + "date")))
        add(period, DCAT + "endDate", ox.Literal(stats["last_date"], datatype=iri(XSD + "date")))
    for cls, n in sorted(stats["classes"].items()):
        part = f"{ds}#class-{_local(cls)}"
        add(ds, VOID + "classPartition", iri(part))
        add(part, VOID + "class", iri(cls))
        add(part, VOID + "entities", num(n))
    for prop, n in sorted(stats["properties"].items()):
        part = f"{ds}#property-{_local(prop)}"
        add(ds, VOID + "propertyPartition", iri(part))
        add(part, VOID + "property", iri(prop))
        add(part, VOID + "triples", num(n))
    for name, (media, what) in DUMPS.items():
        url = root + "dump/" + name
        dist = f"{ds}#dump-{name.split('.')[1]}"
        add(ds, VOID + "dataDump", iri(url))
        add(ds, DCAT + "distribution", iri(dist))
        add(dist, RDF_TYPE, iri(DCAT + "Distribution"))
        add(dist, DCAT + "downloadURL", iri(url))
        add(dist, DCAT + "mediaType", iri(IANA + media))
        add(dist, DCAT + "compressFormat", iri(IANA + "application/gzip"))
        add(dist, DCT + "license", iri(config.license))
        add(dist, DCT + "description", text(what, "en"))
    service = ds + "#sparql"
    add(ds, DCAT + "distribution", iri(ds + "#sparql-access"))
    add(ds + "#sparql-access", RDF_TYPE, iri(DCAT + "Distribution"))
    add(ds + "#sparql-access", DCAT + "accessURL", iri(root + "sparql"))
    add(ds + "#sparql-access", DCAT + "accessService", iri(service))
    add(service, RDF_TYPE, iri(DCAT + "DataService"))
    add(service, RDF_TYPE, iri(SD + "Service"))
    add(service, DCAT + "endpointURL", iri(root + "sparql"))
    add(service, DCAT + "servesDataset", iri(ds))
    add(service, DCT + "conformsTo", iri("https://www.w3.org/TR/sparql11-protocol/"))
    add(service, SD + "endpoint", iri(root + "sparql"))
    add(service, SD + "supportedLanguage", iri(SD + "SPARQL11Query"))
    for fmt in ("SPARQL_Results_JSON", "SPARQL_Results_XML", "SPARQL_Results_CSV", "SPARQL_Results_TSV",
                "Turtle", "N-Triples", "JSON-LD", "RDF_XML"):
        add(service, SD + "resultFormat", iri("http://www.w3.org/ns/formats/" + fmt))
    add(service, SD + "feature", iri(SD + "UnionDefaultGraph"))
    doc = root + ".well-known/void"
    add(doc, RDF_TYPE, iri(VOID + "DatasetDescription"))
    add(doc, FOAF + "primaryTopic", iri(ds))
    return triples


def _local(iri: str) -> str:
    for ns, prefix in ((KG_URI, ""), *((v, k + "-") for k, v in QUERY_PREFIXES.items())):
        if iri.startswith(ns):
            return prefix + iri[len(ns):]
    return iri.rstrip("/#").rsplit("/", 1)[-1].replace("#", "-")
