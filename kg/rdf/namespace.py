"""Namespaces of the vocabulary the graph uses (see docs/vocabulary.md)."""

from __future__ import annotations

from rdflib import Namespace
from rdflib.namespace import DCTERMS, FOAF, OWL, PROV, RDF, RDFS, XSD

KG_URI = "https://w3id.org/officials-kg/ontology#"
DEFAULT_BASE = "https://w3id.org/officials-kg/id/"

KG = Namespace(KG_URI)
SCHEMA = Namespace("https://schema.org/")
ORG = Namespace("http://www.w3.org/ns/org#")
OA = Namespace("http://www.w3.org/ns/oa#")
GEO = Namespace("http://www.w3.org/2003/01/geo/wgs84_pos#")
WD = Namespace("http://www.wikidata.org/entity/")
TIME = Namespace("http://www.w3.org/2006/time#")

PREFIXES = {
    "kg": KG,
    "schema": SCHEMA,
    "org": ORG,
    "oa": OA,
    "geo": GEO,
    "wd": WD,
    "prov": PROV,
    "foaf": FOAF,
    "dcterms": DCTERMS,
    "owl": OWL,
    "rdfs": RDFS,
    "xsd": XSD,
    "rdf": RDF,
    "time": TIME,
}


def bind_prefixes(graph, base: str = DEFAULT_BASE) -> None:
    for prefix, ns in PREFIXES.items():
        graph.bind(prefix, ns, override=True, replace=True)
    graph.bind("id", Namespace(base), override=True, replace=True)
