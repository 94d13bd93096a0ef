"""The vocabulary as plain URIRef constants, for the store's inner loops.

rdflib resolves ``KG.speaker`` or ``RDF.type`` through ``__getattr__`` on every access;
storing an article touches such attributes hundreds of thousands of times, so here each
term is looked up once and then kept as an ordinary attribute.
"""

from __future__ import annotations

from rdflib import URIRef
from rdflib.namespace import SKOS as SKOS_NS

from kg.rdf import namespace as ns
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


KG = FastNamespace(str(ns.KG))
RDF = FastNamespace(str(ns.RDF))
RDFS = FastNamespace(str(ns.RDFS))
SKOS = FastNamespace(str(SKOS_NS))
XSD = FastNamespace(str(ns.XSD))
OWL = FastNamespace(str(ns.OWL))
ORG = FastNamespace(str(ns.ORG))
TIME = FastNamespace(str(ns.TIME))


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
