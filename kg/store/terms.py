"""rdflib ⇄ pyoxigraph terms, and the N-Triples text of a term for SPARQL updates.

The store writes an article with ONE ``Store.update`` call (the only pyoxigraph API that can
drop a graph and insert into it in the same transaction), so every rdflib term of the article
graph has to become SPARQL text. ``str()`` of a pyoxigraph term is its canonical N-Triples
form, which is also valid SPARQL (same escapes), so the text comes from pyoxigraph rather
than from a hand-written escaper. Conversions are cached: an article repeats its IRIs
(the article, its speakers, ``rdf:type``, the properties) hundreds of times.
"""

from __future__ import annotations

from functools import lru_cache

import pyoxigraph as ox
from rdflib import BNode, Literal, URIRef
from rdflib.term import Node

XSD_STRING = "http://www.w3.org/2001/XMLSchema#string"
RDF_LANGSTRING = "http://www.w3.org/1999/02/22-rdf-syntax-ns#langString"

__all__ = ["from_ox", "nt", "to_ox"]


@lru_cache(maxsize=65536)
def _iri(value: str) -> ox.NamedNode:
    return ox.NamedNode(value)


def to_ox(term: Node) -> ox.NamedNode | ox.BlankNode | ox.Literal:
    """The pyoxigraph term for an rdflib term (IRIs are cached)."""
    if isinstance(term, URIRef):
        return _iri(str(term))
    if isinstance(term, Literal):
        if term.language:
            return ox.Literal(str(term), language=term.language)
        if term.datatype is not None and str(term.datatype) != XSD_STRING:
            return ox.Literal(str(term), datatype=_iri(str(term.datatype)))
        return ox.Literal(str(term))
    if isinstance(term, BNode):
        return ox.BlankNode(str(term))
    raise TypeError(f"cannot store {type(term).__name__} term {term!r}")


@lru_cache(maxsize=131072)
def _nt_iri(value: str) -> str:
    return str(ox.NamedNode(value))


def nt(term: Node) -> str:
    """The N-Triples (and SPARQL) text of an rdflib term."""
    if isinstance(term, URIRef):
        return _nt_iri(str(term))
    return str(to_ox(term))


@lru_cache(maxsize=131072)
def _uriref(value: str) -> URIRef:
    return URIRef(value)  # rdflib checks every IRI it builds: worth caching


def from_ox(term) -> Node:
    """The rdflib term for a pyoxigraph term."""
    if isinstance(term, ox.NamedNode):
        return _uriref(term.value)
    if isinstance(term, ox.Literal):
        if term.language:
            return Literal(term.value, lang=term.language)
        dt = term.datatype.value
        return Literal(term.value, datatype=None if dt == XSD_STRING else URIRef(dt))
    if isinstance(term, ox.BlankNode):
        return BNode(term.value)
    raise TypeError(f"cannot convert {type(term).__name__} term {term!r}")
