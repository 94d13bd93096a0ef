"""RDF terms as their N-Triples text: the form the mapping emits and the batch path carries.

An article graph is a few hundred triples, written once and then serialised, validated and
stored. Building rdflib terms and adding them to an rdflib ``Graph`` cost more than all of
extraction (measured in bench/ingest.py: ~10 ms an article, most of it ``Graph.add``), and
every consumer on the batch path wants text anyway: N-Quads files, pyoxigraph's loader, SPARQL
``INSERT DATA``. So a term is a ``str`` holding its N-Triples form —

* IRI ``<http://…>`` (minted IRIs contain nothing that N-Triples must escape);
* blank node ``_:label``;
* literal ``"lexical"`` with ``\\`` ``\"`` ``\n`` ``\r`` escaped, then ``@lang``, or
  ``^^<datatype>`` unless the datatype is xsd:string —

and a triple is a tuple of three of them. Equal terms are equal strings, so sets, dicts and
sorting work without any RDF library. :func:`to_rdflib` and :func:`graph` give rdflib objects
to the callers that need them (Turtle and JSON-LD writers, pySHACL, the Python API).
"""

from __future__ import annotations

import re
from collections.abc import Iterable
from datetime import date
from decimal import Decimal
from functools import lru_cache
from typing import TYPE_CHECKING

if TYPE_CHECKING:
    from rdflib import Graph, URIRef
    from rdflib.term import Node

Term = str
Triple = tuple[str, str, str]

XSD_NS = "http://www.w3.org/2001/XMLSchema#"
XSD_STRING = XSD_NS + "string"

_ECHAR = {"t": "\t", "b": "\b", "n": "\n", "r": "\r", "f": "\f", '"': '"', "'": "'", "\\": "\\"}
_ESCAPE_RX = re.compile(r"\\(?:([tbnrf\"'\\])|u([0-9A-Fa-f]{4})|U([0-9A-Fa-f]{8}))")


def iri(value: str) -> Term:
    return f"<{value}>"


class TermNamespace:
    """A namespace's IRI terms, each made once: ``TermNamespace(KG).speaker`` is
    ``"<https://w3id.org/officials-kg/ontology#speaker>"`` (rdflib's ``Namespace`` builds a
    URIRef on every attribute access)."""

    def __init__(self, base: object) -> None:
        self._base = str(base)

    def __getattr__(self, name: str) -> Term:
        if name.startswith("__"):
            raise AttributeError(name)
        term = f"<{self._base}{name}>"
        setattr(self, name, term)  # later lookups are plain attribute reads
        return term


def escape(text: str) -> str:
    """The body of a quoted N-Triples literal: the four escapes the grammar requires, no more
    (the bytes must stay what this project has always written, which pyoxigraph and rdflib
    both read)."""
    # Most texts need none: four scans for them cost a tenth of str.translate, which looks
    # every character up in a dict (the mapping escapes ~100 texts an article).
    if "\\" in text or '"' in text or "\n" in text or "\r" in text:
        return text.replace("\\", "\\\\").replace('"', '\\"').replace("\n", "\\n").replace("\r", "\\r")
    return text


def literal(text: str, *, lang: str | None = None, datatype: str | None = None) -> Term:
    """A literal: plain (``datatype`` None or xsd:string), language-tagged, or typed."""
    body = escape(text)
    if lang:
        return f'"{body}"@{lang}'
    if datatype is None or datatype == XSD_STRING:
        return f'"{body}"'
    return f'"{body}"^^<{datatype}>'


def integer(value: int) -> Term:
    return f'"{value}"^^<{XSD_NS}integer>'


def non_negative_integer(value: int) -> Term:
    return f'"{value}"^^<{XSD_NS}nonNegativeInteger>'


def decimal(value: Decimal | float) -> Term:
    """An xsd:decimal in canonical form («70.0»), so every format writes it back unchanged."""
    text = format(Decimal(str(value)).normalize(), "f")
    return f'"{text if "." in text else text + ".0"}"^^<{XSD_NS}decimal>'


def boolean(value: bool) -> Term:
    return f'"{"true" if value else "false"}"^^<{XSD_NS}boolean>'


def xsd_date(value: date) -> Term:
    return f'"{value.isoformat()}"^^<{XSD_NS}date>'


def nquads(triples: Iterable[Triple], graph: Term | None = None) -> str:
    """N-Quads lines (N-Triples when ``graph`` is None), sorted so that the same graph always
    gives the same bytes (shard checksums, diffs)."""
    return encoded_nquads(triples, graph).decode("utf-8")


def encoded_nquads(triples: Iterable[Triple], graph: Term | None = None) -> bytes:
    """:func:`nquads` as the UTF-8 bytes a file or a store takes.

    Each line is encoded on its own and the bytes sorted: UTF-8 sorts as the code points it
    encodes, so the order is that of the text, and sorting and joining bytes costs less than
    joining text that mixes ASCII lines with Persian ones (a two-byte-per-character string)
    and encoding it afterwards.
    """
    end = f" {graph} .\n" if graph else " .\n"
    lines = [f"{s} {p} {o}{end}".encode() for s, p, o in triples]
    lines.sort()
    return b"".join(lines)


# --- to rdflib ------------------------------------------------------------------------------------


def _unescape_match(m: re.Match[str]) -> str:
    return _ECHAR[m.group(1)] if m.group(1) else chr(int(m.group(2) or m.group(3), 16))


def unescape(body: str) -> str:
    """The text of an N-Triples string body (ECHAR and UCHAR escapes)."""
    return _ESCAPE_RX.sub(_unescape_match, body) if "\\" in body else body


def parse_literal(term: Term) -> tuple[str, str | None, str | None]:
    """(lexical form, language, datatype IRI or None) of a literal term."""
    close = term.rindex('"')
    lexical = unescape(term[1:close])
    if close == len(term) - 1:
        return lexical, None, None
    if term[close + 1] == "@":
        return lexical, term[close + 2 :], None
    return lexical, None, term[close + 4 : -1]


@lru_cache(maxsize=65536)
def uriref(value: str) -> URIRef:
    from rdflib import URIRef

    return URIRef(value)  # rdflib checks every IRI it builds: worth caching


def to_rdflib(term: Term) -> Node:
    """The rdflib term of a term string."""
    from rdflib import BNode, Literal, URIRef

    first = term[0]
    if first == "<":
        return uriref(term[1:-1])
    if first == "_":
        return BNode(term[2:])
    lexical, lang, datatype = parse_literal(term)
    if lang:
        return Literal(lexical, lang=lang)
    return Literal(lexical, datatype=URIRef(datatype) if datatype else None)


def rdflib_triples(triples: Iterable[Triple]) -> list[tuple[Node, Node, Node]]:
    return [(to_rdflib(s), to_rdflib(p), to_rdflib(o)) for s, p, o in triples]


def graph(triples: Iterable[Triple], identifier: Term | None = None) -> Graph:
    """An rdflib Graph of the triples, named ``identifier`` (an IRI term) when given."""
    from rdflib import Graph

    g = Graph(identifier=to_rdflib(identifier) if identifier else None)
    for t in rdflib_triples(triples):
        g.add(t)
    return g


def from_rdflib(term: Node) -> Term:
    """The term string of an rdflib term (the inverse of :func:`to_rdflib`)."""
    from rdflib import BNode, Literal

    if type(term) is Literal or isinstance(term, Literal):
        dt = term.datatype
        return literal(str(term), lang=term.language, datatype=str(dt) if dt is not None else None)
    if isinstance(term, BNode):
        return f"_:{term}"
    return f"<{term}>"
