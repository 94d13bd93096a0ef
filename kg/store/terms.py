"""Terms for the store: N-Triples term strings, rdflib ⇄ pyoxigraph, and SPARQL text.

The store writes an article with ONE ``Store.update`` call (the only pyoxigraph API that can
drop a graph and insert into it in the same transaction), so every term has to become SPARQL
text. Articles arrive as N-Triples term strings (kg.rdf.ntriples), which are valid SPARQL as
they are (so are the identity records kg.store.identity adds to them); the derived graph is
written in pyoxigraph's canonical form — ``str()`` of a pyoxigraph term, the same text
``quads_for_pattern`` gives back — so that what the store holds and what it is about to write
compare as text. rdflib terms (the Graph input of ``Store.replace_article``) are converted to
term strings first (:func:`kg.rdf.ntriples.from_rdflib`).
"""

from __future__ import annotations

from functools import lru_cache

import pyoxigraph as ox
from rdflib import BNode, Literal, URIRef
from rdflib.term import Node

from kg.rdf.ntriples import parse_literal

XSD_STRING = "http://www.w3.org/2001/XMLSchema#string"
RDF_LANGSTRING = "http://www.w3.org/1999/02/22-rdf-syntax-ns#langString"

__all__ = ["from_ox", "iri", "lit", "nt", "to_ox", "value"]


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


# --- term strings ------------------------------------------------------------------------------


def value(term: str) -> str:
    """What ``str()`` of the rdflib term would be: an IRI's or blank node's label, a literal's
    lexical form."""
    first = term[0]
    if first == "<":
        return term[1:-1]
    if first == "_":
        return term[2:]
    return parse_literal(term)[0]


def iri(value: str) -> str:
    """The canonical text of an IRI (checked by pyoxigraph; cached)."""
    return _nt_iri(value)


def lit(text: str, lang: str | None = None, datatype: str | None = None) -> str:
    """The canonical text of a literal: pyoxigraph's, so that it equals what the store reads back."""
    if lang:
        return str(ox.Literal(text, language=lang))
    if datatype is not None and datatype != XSD_STRING:
        return str(ox.Literal(text, datatype=_iri(datatype)))
    return str(ox.Literal(text))
