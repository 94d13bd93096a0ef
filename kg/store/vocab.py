"""The vocabulary as plain URIRef constants, for the store's inner loops.

rdflib resolves ``KG.speaker`` or ``RDF.type`` through ``__getattr__`` on every access;
storing an article touches such attributes hundreds of thousands of times, so here each
term is looked up once and then kept as an ordinary attribute.
"""

from __future__ import annotations

from rdflib import URIRef

from kg.rdf.ntriples import TermNamespace


class FastNamespace:
    def __init__(self, base: str) -> None:
        self._base = base

    def __getattr__(self, name: str) -> URIRef:
        if name.startswith("__"):
            raise AttributeError(name)
        term = URIRef(self._base + name)
        setattr(self, name, term)  # later lookups are plain attribute reads
        return term


KG = FastNamespace("https://w3id.org/officials-kg/ontology#")
RDF = FastNamespace("http://www.w3.org/1999/02/22-rdf-syntax-ns#")
RDFS = FastNamespace("http://www.w3.org/2000/01/rdf-schema#")
SKOS = FastNamespace("http://www.w3.org/2004/02/skos/core#")
XSD = FastNamespace("http://www.w3.org/2001/XMLSchema#")
OWL = FastNamespace("http://www.w3.org/2002/07/owl#")
ORG = FastNamespace("http://www.w3.org/ns/org#")
TIME = FastNamespace("http://www.w3.org/2006/time#")


class T:
    """The same vocabulary as N-Triples IRI terms (kg.rdf.ntriples), for the code that works on
    term strings (comparing two ``str`` costs a C call, comparing two rdflib terms runs Python
    code): ``T.KG.speaker`` is ``"<https://w3id.org/officials-kg/ontology#speaker>"``."""

    KG = TermNamespace(KG._base)
    RDF = TermNamespace(RDF._base)
    RDFS = TermNamespace(RDFS._base)
    SKOS = TermNamespace(SKOS._base)
    XSD = TermNamespace(XSD._base)
    OWL = TermNamespace(OWL._base)
    ORG = TermNamespace(ORG._base)
    TIME = TermNamespace(TIME._base)
