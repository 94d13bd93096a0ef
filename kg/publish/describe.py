"""What one resource's page says: ONE data function per resource, many renderers.

:func:`describe` gathers, for an instance IRI, a DESCRIBE-like document:

- every triple whose subject is the IRI, and those of its hash-IRI parts (a statement's
  ``#target``, ``#quote`` and ``#position`` belong to the statement's document, since a
  client dereferencing ``…/statement/x#quote`` fetches ``…/statement/x``);
- inbound links (``?s ?p <iri>``), at most ``max_inbound`` of them, with the total counted;
- for a person: their statements (newest first, at most ``max_statements``) with content,
  reporting verb, directness, article and the exact source span (offsets and the quoted
  text with its context); for an article: the statements it reports, and its text;
- the ``rdfs:label`` of every resource linked, so every renderer can name what it links to.

The renderers (:mod:`kg.publish.render_rdf`, :mod:`kg.publish.render_html`) only format a
:class:`Description`: the RDF twins carry the triples the page shows (a listed statement's
quoted context is shown from its ``#quote`` selector, which stays in the statement's own
document, one link away).

Reads go straight to Oxigraph's quad index (``quads_for_pattern``) across all graphs, each
triple once (the same triple stored in several article graphs — a person's name — is one
fact). Only the statements list uses SPARQL, for its ORDER BY date.
"""

from __future__ import annotations

from collections.abc import Iterable
from dataclasses import dataclass, field

import pyoxigraph as ox

from kg.rdf.namespace import KG_URI
from kg.store.identity import DERIVED_GRAPH
from kg.store.store import QUERY_PREFIXES, restore

__all__ = ["Description", "Span", "StatementView", "describe", "label_of"]

RDF_TYPE = ox.NamedNode("http://www.w3.org/1999/02/22-rdf-syntax-ns#type")
RDFS_LABEL = ox.NamedNode("http://www.w3.org/2000/01/rdf-schema#label")
SKOS_PREF = ox.NamedNode("http://www.w3.org/2004/02/skos/core#prefLabel")
GEO_LAT = ox.NamedNode("http://www.w3.org/2003/01/geo/wgs84_pos#lat")
GEO_LONG = ox.NamedNode("http://www.w3.org/2003/01/geo/wgs84_pos#long")
OA_EXACT = ox.NamedNode("http://www.w3.org/ns/oa#exact")
OA_PREFIX = ox.NamedNode("http://www.w3.org/ns/oa#prefix")
OA_SUFFIX = ox.NamedNode("http://www.w3.org/ns/oa#suffix")
VOID = "http://rdfs.org/ns/void#"
SD_GRAPH = ox.NamedNode("http://www.w3.org/ns/sparql-service-description#Graph")


def _kg(name: str) -> ox.NamedNode:
    return ox.NamedNode(KG_URI + name)


KG_SPEAKER, KG_ARTICLE, KG_TEXT, KG_CONTENT = _kg("speaker"), _kg("article"), _kg("text"), _kg("content")
KG_START, KG_END, KG_TITLE, KG_EVIDENCE = _kg("start"), _kg("end"), _kg("title"), _kg("evidence")
KG_STATEMENT, KG_ARTICLE_CLASS, KG_PERSON = _kg("Statement"), _kg("Article"), _kg("Person")
KG_ANCHOR = _kg("anchorText")
LABEL_PREDICATES = (SKOS_PREF, RDFS_LABEL, KG_TITLE)


@dataclass
class Span:
    """Where a statement's text is in its article: offsets and the quoted text in context."""

    start: int | None
    end: int | None
    prefix: str = ""
    exact: str = ""
    suffix: str = ""


@dataclass
class StatementView:
    iri: str
    content: str
    speaker: str | None
    article: str | None
    date: str | None
    direct: bool | None
    verb: str | None
    span: Span


@dataclass
class Description:
    iri: str
    triples: list[ox.Triple] = field(default_factory=list)  # the RDF document
    types: list[str] = field(default_factory=list)
    label: str = ""
    labels: dict[str, str] = field(default_factory=dict)  # every linked IRI → its name
    outbound: list[tuple[ox.NamedNode, ox.Term]] = field(default_factory=list)  # (predicate, object) of the IRI
    parts: dict[str, list[tuple[ox.NamedNode, ox.Term]]] = field(default_factory=dict)  # hash-IRI parts
    inbound: list[tuple[ox.NamedNode | ox.BlankNode, ox.NamedNode]] = field(default_factory=list)
    inbound_total: int = 0  # how many are shown, plus one when there are more (inbound_more)
    inbound_more: bool = False
    statements: list[StatementView] = field(default_factory=list)
    statements_total: int = 0
    span: Span | None = None  # a statement's (or mention's) own span
    text: str | None = None  # an article's text
    point: tuple[float, float] | None = None  # a place's (lat, long)
    graph_triples: int | None = None  # a named graph's size, when the IRI names one

    @property
    def found(self) -> bool:
        return bool(self.triples) or self.graph_triples is not None

    def has_type(self, local: str) -> bool:
        return KG_URI + local in self.types


def _query(store: ox.Store, text: str):
    return store.query(text, use_default_graph_as_union=True, prefixes=QUERY_PREFIXES)


def _own(store: ox.Store, node: ox.NamedNode, limit: int = 20_000) -> list[ox.Triple]:
    """The distinct triples whose subject is ``node``, across all graphs.

    A place's or an organisation's triples are repeated in every article graph that names it
    (Oxigraph's union default graph does not merge them): Iran's 7 triples are 60,000 quads
    in a 10,000-article store. DISTINCT in SPARQL drops the copies inside Oxigraph, about
    twenty times faster than iterating the quads in Python (measured: 0.11 s against 2.2 s).
    """
    rows = _query(store, f"SELECT DISTINCT ?p ?o WHERE {{ {node} ?p ?o }} LIMIT {limit}")
    return [restore(ox.Triple(node, r["p"], r["o"])) for r in rows]


def named(store: ox.Store, node: ox.NamedNode | ox.BlankNode) -> tuple[str | None, list[ox.Triple]]:
    """A resource's display name and some of its ``rdfs:label`` triples (for the RDF twins):
    its display name (skos:prefLabel), else its Persian rdfs:label, else any rdfs:label, else
    a post's title; a statement is named by the start of its content, a mention by its anchor
    text. The lookups stop after a few quads: a label repeated in thousands of article graphs
    must not be read thousands of times to name one link."""
    labels = [ox.Triple(node, RDFS_LABEL, o) for o in dict.fromkeys(_literals(store, node, RDFS_LABEL))]
    for candidates in (_literals(store, node, SKOS_PREF), [t.object for t in labels],
                       _literals(store, node, KG_TITLE)):
        if candidates:
            fa = [c.value for c in candidates if c.language == "fa"]
            return (fa[0] if fa else candidates[0].value), labels
    for p in (KG_CONTENT, KG_ANCHOR):
        for q in store.quads_for_pattern(node, p, None, None):
            text = " ".join(q.object.value.split())
            return (text if len(text) <= 80 else text[:79] + "…"), labels
    return None, labels


def _literals(store: ox.Store, node: ox.NamedNode | ox.BlankNode, p: ox.NamedNode,
              first: int = 16) -> list[ox.Literal]:
    """The literal objects among the first ``first`` quads of (node, p) in any graph."""
    out = []
    for i, q in enumerate(store.quads_for_pattern(node, p, None, None)):
        if i >= first:
            break
        if isinstance(q.object, ox.Literal):
            out.append(q.object)
    return out


def label_of(store: ox.Store, node: ox.NamedNode | ox.BlankNode) -> str | None:
    """A resource's display name (see :func:`named`)."""
    return named(store, node)[0]


def _span_of(store: ox.Store, iri: ox.NamedNode, props: dict) -> Span:
    """A node's span: kg:start/kg:end, and the #quote selector's prefix/exact/suffix."""
    def num(p: ox.NamedNode) -> int | None:
        v = props.get(p)
        return int(v[0].value) if v and isinstance(v[0], ox.Literal) else None

    return _quote(store, iri, Span(num(KG_START), num(KG_END)))


def _quote(store: ox.Store, iri: ox.NamedNode, span: Span) -> Span:
    """Fill ``span`` from the #quote selector of ``iri``: one lookup per (subject, predicate),
    which Oxigraph answers from an index at once, while a subject-only pattern over all graphs
    costs several times more (measured: ~0.03 ms against ~0.3 ms)."""
    quote = ox.NamedNode(iri.value + "#quote")
    for p, attr in ((OA_EXACT, "exact"), (OA_PREFIX, "prefix"), (OA_SUFFIX, "suffix")):
        for q in store.quads_for_pattern(quote, p, None, None):
            setattr(span, attr, q.object.value)
            break
    return span


def _props(triples: Iterable[ox.Triple]) -> dict[ox.NamedNode, list[ox.Term]]:
    out: dict[ox.NamedNode, list[ox.Term]] = {}
    for t in triples:
        out.setdefault(t.predicate, []).append(t.object)
    return out


def _statements_query(kind: str, node: ox.NamedNode, limit: int) -> str:
    link = "kg:speaker" if kind == "speaker" else "kg:article"
    # str() of a pyoxigraph IRI is its N-Triples form, escaped: safe to put in the query text
    return f"""
        SELECT ?s ?content ?speaker ?article ?date ?alabel ?direct ?verb ?start ?end WHERE {{
          {{ SELECT DISTINCT ?s WHERE {{ ?s {link} {node} ; a kg:Statement }} }}
          OPTIONAL {{ ?s kg:content ?content }} OPTIONAL {{ ?s kg:speaker ?speaker }}
          OPTIONAL {{ ?s kg:article ?article OPTIONAL {{ ?article kg:datePublished ?date }}
                     OPTIONAL {{ ?article rdfs:label ?alabel }} }}
          OPTIONAL {{ ?s kg:direct ?direct }} OPTIONAL {{ ?s kg:reportingVerb ?verb }}
          OPTIONAL {{ ?s kg:start ?start }} OPTIONAL {{ ?s kg:end ?end }}
        }} ORDER BY DESC(?date) ?article ?start LIMIT {limit}"""


def describe(store: ox.Store, iri: str, *, max_inbound: int = 500, max_statements: int = 100) -> Description:
    """Everything one resource's page and RDF twins show (see the module docstring)."""
    node = ox.NamedNode(iri)
    d = Description(iri)
    own = _own(store, node)
    triples: dict[tuple, ox.Triple] = {}

    def keep(ts: Iterable[ox.Triple]) -> None:
        for t in ts:
            triples.setdefault((t.subject, t.predicate, t.object), t)

    keep(own)
    d.outbound = [(t.predicate, t.object) for t in own]
    props = _props(own)
    d.types = sorted(o.value for o in props.get(RDF_TYPE, []) if isinstance(o, ox.NamedNode))
    # hash-IRI parts, followed from the resource (statement → #target → #quote, #position)
    frontier = [o for _p, o in d.outbound if isinstance(o, ox.NamedNode) and o.value.startswith(iri + "#")]
    seen_parts: set[str] = set()
    while frontier:
        part = frontier.pop()
        if part.value in seen_parts:
            continue
        seen_parts.add(part.value)
        ts = _own(store, part)
        keep(ts)
        d.parts[part.value] = [(t.predicate, t.object) for t in ts]
        frontier += [t.object for t in ts if isinstance(t.object, ox.NamedNode)
                     and t.object.value.startswith(iri + "#")]
    # inbound links (a person's statements are listed on their own, below)
    is_person = KG_PERSON.value in d.types
    is_article = KG_ARTICLE_CLASS.value in d.types
    listed = KG_SPEAKER if is_person else (KG_ARTICLE if is_article else None)
    # distinct (subject, predicate) pairs, in Oxigraph (see _own); one more than shown, to
    # know whether there are more — a place named in every article has tens of thousands
    excluded = f"FILTER(?p != {listed} || NOT EXISTS {{ ?s a kg:Statement }})" if listed is not None else ""
    rows = _query(store, f"SELECT DISTINCT ?s ?p WHERE {{ ?s ?p {node} {excluded} }} LIMIT {max_inbound + 1}")
    for r in rows:
        if len(d.inbound) < max_inbound:
            d.inbound.append((r["s"], r["p"]))
            keep([ox.Triple(r["s"], r["p"], node)])
        d.inbound_total += 1
    d.inbound_more = d.inbound_total > max_inbound
    # statements of a person / in an article
    if listed is not None:
        n = next(iter(_query(store, f"SELECT (COUNT(DISTINCT ?s) AS ?n) WHERE {{ ?s {listed} {node} ; "
                                    "a kg:Statement }")))[0]
        d.statements_total = int(n.value) if n is not None else 0
        rows = store.query(_statements_query("speaker" if is_person else "article", node, max_statements),
                           use_default_graph_as_union=True, prefixes=QUERY_PREFIXES)
        listed_facts = ((KG_CONTENT, "content"), (KG_SPEAKER, "speaker"), (KG_ARTICLE, "article"),
                        (_kg("direct"), "direct"), (_kg("reportingVerb"), "verb"), (KG_START, "start"),
                        (KG_END, "end"))
        seen_statements: set[ox.Term] = set()
        for r in rows:
            s = r["s"]
            if s in seen_statements:
                continue
            seen_statements.add(s)
            # the list's facts travel in the RDF twins too (built from the row: no more
            # lookups); the quote selectors stay in the statement's own document
            keep([ox.Triple(s, RDF_TYPE, KG_STATEMENT)])
            keep([ox.Triple(s, p, r[v]) for p, v in listed_facts if r[v] is not None])
            if r["date"] is not None:
                keep([ox.Triple(r["article"], _kg("datePublished"), r["date"])])
            if r["content"] is not None:  # a statement is named by its content: no lookup later
                text = " ".join(r["content"].value.split())
                d.labels.setdefault(s.value, text if len(text) <= 80 else text[:79] + "…")
            if r["alabel"] is not None and r["article"] is not None:
                keep([ox.Triple(r["article"], RDFS_LABEL, r["alabel"])])
                d.labels.setdefault(r["article"].value, r["alabel"].value)
            # offsets only: the quoted context (the #quote selector) is on the statement's own
            # page; fetching it here would cost three lookups per listed statement
            span = Span(_int(r["start"]), _int(r["end"]))
            d.statements.append(StatementView(
                iri=s.value, content=_value(r["content"]) or "", speaker=_value(r["speaker"]),
                article=_value(r["article"]), date=_value(r["date"]),
                direct=None if r["direct"] is None else r["direct"].value == "true",
                verb=_value(r["verb"]), span=span))
    # a statement's or mention's own span; an article's text; a place's coordinates
    if KG_START in props or any(p.endswith("#quote") for p in d.parts):
        d.span = _span_of(store, node, props)
    if KG_TEXT in props:
        d.text = props[KG_TEXT][0].value
    if GEO_LAT in props and GEO_LONG in props:
        try:
            d.point = (float(props[GEO_LAT][0].value), float(props[GEO_LONG][0].value))
        except ValueError:
            d.point = None
    # a named graph (an article's, or the derived graph) that is not itself a subject
    if not own and (node.value == DERIVED_GRAPH or store.contains_named_graph(node)):
        count = next(iter(store.query(f"SELECT (COUNT(*) AS ?n) WHERE {{ GRAPH {node} {{ ?s ?p ?o }} }}")))[0]
        n = int(count.value) if count is not None else 0
        d.graph_triples = n
        d.types = [SD_GRAPH.value]
        keep([ox.Triple(node, RDF_TYPE, SD_GRAPH),
              ox.Triple(node, ox.NamedNode(VOID + "triples"),
                        ox.Literal(str(n), datatype=ox.NamedNode("http://www.w3.org/2001/XMLSchema#integer")))])
    # names of everything linked
    linked: set[ox.NamedNode] = set()
    for t in triples.values():
        for term in (t.subject, t.object):
            if isinstance(term, ox.NamedNode) and term != node and not term.value.startswith(iri + "#"):
                linked.add(term)
    linked |= {ox.NamedNode(s.speaker) for s in d.statements if s.speaker}
    linked |= {ox.NamedNode(s.article) for s in d.statements if s.article}
    for term in sorted(linked, key=lambda n: n.value):
        if term.value in d.labels:
            continue  # named by the statements query already
        name, label_triples = named(store, term)
        if name:
            d.labels[term.value] = name
            keep(label_triples)
    d.label = label_of(store, node) or d.iri.rstrip("/").rsplit("/", 1)[-1]
    d.triples = list(triples.values())
    return d




def _value(term: ox.Term | None) -> str | None:
    return None if term is None else term.value


def _int(term: ox.Term | None) -> int | None:
    try:
        return None if term is None else int(term.value)
    except ValueError:
        return None
