"""RDF documents: Turtle, N-Triples and RDF/XML through Oxigraph's writers, JSON-LD written here.

**JSON-LD.** Every document carries its context inline — the subset of the project's
``ontology/context.jsonld`` that it uses, plus the prefixes its compact IRIs need — so a
consumer never has to fetch a remote context (and nothing here ever fetches one). The writer
is a small, exact one for flat graphs: a term of the context is used only when its coercion
gives back exactly the triple's object (``"@type": "@id"`` for IRIs, the same datatype or
language for literals); anything else is written as an explicit value object, so the
document always expands to the same triples (tested by parsing it back with rdflib and
pyoxigraph). It is written here rather than by rdflib's serialiser because rdflib's needs
an rdflib Graph (a conversion per page) and is many times slower for the static site's
hundreds of thousands of documents.
"""

from __future__ import annotations

import json
from collections.abc import Iterable, Sequence
from functools import lru_cache
from typing import Any

import pyoxigraph as ox

from kg.rdf.formats import by_name

__all__ = ["FORMATS", "MEDIA_TYPES", "jsonld", "project_context", "serialize", "used_prefixes"]

XSD_STRING = "http://www.w3.org/2001/XMLSchema#string"
RDF_TYPE = "http://www.w3.org/1999/02/22-rdf-syntax-ns#type"
RDF_LANGSTRING = "http://www.w3.org/1999/02/22-rdf-syntax-ns#langString"

# format name (as in URLs: ?format=…) → (media type, file extension), from the one format table
FORMATS = {name: (f.media_type, f.extensions[0])
           for name, f in ((name, by_name(name)) for name in ("turtle", "nt", "jsonld", "rdfxml"))}
MEDIA_TYPES = {mt: name for name, (mt, _ext) in FORMATS.items()}

# prefixes the project's context lacks but published documents use (derived graph, VoID, DCAT)
EXTRA_PREFIXES = {
    "skos": "http://www.w3.org/2004/02/skos/core#",
    "void": "http://rdfs.org/ns/void#",
    "dcat": "http://www.w3.org/ns/dcat#",
    "sd": "http://www.w3.org/ns/sparql-service-description#",
    "foaf": "http://xmlns.com/foaf/0.1/",
    "wd": "http://www.wikidata.org/entity/",
    "vann": "http://purl.org/vocab/vann/",
    "sh": "http://www.w3.org/ns/shacl#",
}


@lru_cache(maxsize=1)
def project_context() -> dict[str, Any]:
    """The ``@context`` object of ``ontology/context.jsonld`` (read from the package, never fetched)."""
    from kg.resources import context_path

    return json.loads(context_path().read_text(encoding="utf-8"))["@context"]


@lru_cache(maxsize=1)
def _tables() -> tuple[dict[str, str], dict[str, tuple[str, str | None, str | None]], dict[str, str]]:
    """(prefixes, property IRI → (term, coercion kind, coercion value), class IRI → term)."""
    ctx = project_context()
    prefixes = {k: v for k, v in ctx.items() if isinstance(v, str) and not k.startswith("@") and v.endswith(("/", "#"))}
    for k, v in EXTRA_PREFIXES.items():
        prefixes.setdefault(k, v)

    def expand(value: str) -> str:
        if ":" in value:
            p, local = value.split(":", 1)
            if p in prefixes and not local.startswith("//"):
                return prefixes[p] + local
        return value

    props: dict[str, tuple[str, str | None, str | None]] = {}
    classes: dict[str, str] = {}
    for term, definition in ctx.items():
        if term.startswith("@") or term in prefixes:
            continue
        if isinstance(definition, str):
            iri = expand(definition)
            classes.setdefault(iri, term)  # a simple term: usable for @type values and plain keys
            props.setdefault(iri, (term, None, None))
            continue
        if not isinstance(definition, dict) or definition.get("@container") not in (None, "@set"):
            continue  # @list / @language containers change the shape of values: not used
        iri = expand(definition.get("@id", ""))
        if "@type" in definition:
            kind, value = "@type", definition["@type"]
            value = value if value in {"@id", "@vocab"} else expand(value)
        elif "@language" in definition:
            kind, value = "@language", definition["@language"]
        else:
            kind, value = None, None
        if kind == "@type" and value == "@vocab":
            continue
        props.setdefault(iri, (term, kind, value))
    return prefixes, props, classes


def _compact(iri: str, prefixes: dict[str, str], used: set[str]) -> str:
    best = ""
    for p, ns in prefixes.items():
        if iri.startswith(ns) and len(ns) > len(prefixes.get(best, "")):
            local = iri[len(ns):]
            if local and not local.startswith("//") and all(c not in local for c in " \"<>{}|\\^`"):
                best = p
    if best:
        used.add(best)
        return f"{best}:{iri[len(prefixes[best]):]}"
    return iri


def jsonld(triples: Iterable[ox.Triple], *, subject_order: Sequence[str] = ()) -> bytes:
    """Compact JSON-LD of ``triples`` with an inline context (see the module docstring).
    Subjects come in ``subject_order`` first, the rest sorted."""
    prefixes, props, classes = _tables()
    ctx = project_context()
    nodes: dict[str, dict[str, list]] = {}
    for t in triples:
        s = t.subject
        key = s.value if isinstance(s, ox.NamedNode) else "_:" + s.value
        nodes.setdefault(key, {}).setdefault(t.predicate.value, []).append(t.object)
    used_prefixes: set[str] = set()
    used_terms: set[str] = set()

    def node_id(term: ox.NamedNode | ox.BlankNode) -> str:
        if isinstance(term, ox.BlankNode):
            return "_:" + term.value
        return _compact(term.value, prefixes, used_prefixes)

    def value(obj: Any, kind: str | None, coerced: str | None) -> Any:
        if isinstance(obj, (ox.NamedNode, ox.BlankNode)):
            ident = node_id(obj)
            return ident if kind == "@type" and coerced == "@id" else {"@id": ident}
        if isinstance(obj, ox.Literal):
            if obj.language:
                if kind == "@language" and coerced == obj.language:
                    return obj.value
                return {"@value": obj.value, "@language": obj.language}
            dt = obj.datatype.value
            if dt == XSD_STRING:
                return obj.value if kind is None else {"@value": obj.value}
            if kind == "@type" and coerced == dt:
                return obj.value
            return {"@value": obj.value, "@type": _compact(dt, prefixes, used_prefixes)}
        raise TypeError(f"cannot write {obj!r} as JSON-LD")

    order = [s for s in subject_order if s in nodes] + sorted(k for k in nodes if k not in set(subject_order))
    graph = []
    for key in order:
        preds = nodes[key]
        node: dict[str, Any] = {"@id": key if key.startswith("_:") else _compact(key, prefixes, used_prefixes)}
        literal_types = [c for c in preds.get(RDF_TYPE, []) if isinstance(c, ox.Literal)]
        types = []
        for c in preds.get(RDF_TYPE, []):
            if isinstance(c, ox.NamedNode) and c.value in classes:
                used_terms.add(classes[c.value])
                types.append(classes[c.value])
            elif isinstance(c, ox.NamedNode):
                types.append(_compact(c.value, prefixes, used_prefixes))
            elif isinstance(c, ox.BlankNode):
                types.append("_:" + c.value)
        if types:
            node["@type"] = types[0] if len(types) == 1 else sorted(types)
        for p in sorted(preds):
            if p == RDF_TYPE:
                if literal_types:  # "@type" holds only nodes: a literal type is an ordinary value
                    node[_compact(p, prefixes, used_prefixes)] = [value(o, None, None) for o in literal_types]
                continue
            term, kind, coerced = props.get(p, (None, None, None))
            if term is None:
                key_name, kind, coerced = _compact(p, prefixes, used_prefixes), None, None
            else:
                key_name = term
                used_terms.add(term)
            values = [value(o, kind, coerced) for o in preds[p]]
            values.sort(key=lambda v: json.dumps(v, ensure_ascii=False, sort_keys=True))
            node[key_name] = values[0] if len(values) == 1 else values
        graph.append(node)
    # the context: the terms used and every prefix they (or the compact IRIs) rely on
    context: dict[str, Any] = {}
    for term in sorted(used_terms):
        definition = ctx[term]
        context[term] = definition
        text = json.dumps(definition)
        for p in prefixes:
            if f'"{p}:' in text:
                used_prefixes.add(p)
    for p in sorted(used_prefixes):
        context[p] = prefixes[p]
    doc: dict[str, Any] = {"@context": context}
    if len(graph) == 1:
        doc.update(graph[0])
    else:
        doc["@graph"] = graph
    return json.dumps(doc, ensure_ascii=False, indent=1).encode("utf-8") + b"\n"


def used_prefixes(prefixes: dict[str, str], triples: Sequence[ox.Triple]) -> dict[str, str]:
    """The prefixes some IRI of ``triples`` starts with (a short document gets a short header)."""
    iris = {t.value for tr in triples for t in (tr.subject, tr.predicate, tr.object) if isinstance(t, ox.NamedNode)}
    iris |= {tr.object.datatype.value for tr in triples if isinstance(tr.object, ox.Literal)}
    return {k: ns for k, ns in prefixes.items() if any(i.startswith(ns) for i in iris)}


def serialize(triples: Sequence[ox.Triple], fmt: str, *, prefixes: dict[str, str] | None = None,
              subject_order: Sequence[str] = ()) -> bytes:
    """``triples`` in one of :data:`FORMATS`."""
    if fmt == "jsonld":
        return jsonld(triples, subject_order=subject_order)
    if fmt == "turtle":
        from kg.store.store import RDF_PREFIXES

        pfx = used_prefixes(prefixes or RDF_PREFIXES, triples)
        return ox.serialize(triples, None, ox.RdfFormat.TURTLE, prefixes=pfx) or b""
    if fmt == "nt":
        return ox.serialize(triples, None, ox.RdfFormat.N_TRIPLES) or b""
    if fmt == "rdfxml":
        return ox.serialize(triples, None, ox.RdfFormat.RDF_XML) or b""
    raise ValueError(f"unknown RDF format {fmt!r}")
