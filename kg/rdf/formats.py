"""One table of RDF formats: name, extensions, media type, whether it holds named graphs."""

from __future__ import annotations

from dataclasses import dataclass
from pathlib import Path

from kg.errors import InputError


@dataclass(frozen=True)
class RdfFormat:
    name: str  # rdflib's format name
    extensions: tuple[str, ...]
    media_type: str
    datasets: bool  # keeps one named graph per article


FORMATS = (
    RdfFormat("trig", (".trig",), "application/trig", True),
    RdfFormat("nquads", (".nq",), "application/n-quads", True),
    RdfFormat("turtle", (".ttl",), "text/turtle", False),
    RdfFormat("nt", (".nt",), "application/n-triples", False),
    RdfFormat("json-ld", (".jsonld", ".json"), "application/ld+json", True),
    RdfFormat("xml", (".rdf", ".owl", ".xml"), "application/rdf+xml", False),
)

ALIASES = {"ttl": "turtle", "nq": "nquads", "n-quads": "nquads", "ntriples": "nt", "n-triples": "nt",
           "jsonld": "json-ld", "rdfxml": "xml", "rdf": "xml"}


def by_name(name: str) -> RdfFormat:
    key = ALIASES.get(name.lower(), name.lower())
    for f in FORMATS:
        if f.name == key:
            return f
    known = ", ".join(f.name for f in FORMATS)
    raise InputError(f"unknown RDF format {name!r} (known: {known})")


def by_path(path: str | Path) -> RdfFormat:
    suffix = Path(str(path).removesuffix(".gz")).suffix.lower()
    for f in FORMATS:
        if suffix in f.extensions:
            return f
    known = ", ".join(e for f in FORMATS for e in f.extensions)
    raise InputError(f"cannot tell the RDF format of {str(path)!r} from its extension (known: {known})")


def by_media_type(media_type: str) -> RdfFormat | None:
    mt = media_type.split(";")[0].strip().lower()
    for f in FORMATS:
        if f.media_type == mt:
            return f
    return None
