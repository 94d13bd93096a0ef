"""RDF graph → networkx graph, one projection per view.

Views:

* ``people``: officials and other speakers, the organisations they hold posts in and the
  places those organisations are located in (``kg:holds``/``kg:postIn``/``kg:locatedIn``);
  two people are linked when they speak in the same article (edge weight = shared articles,
  ``events`` = shared events). Undirected ``nx.Graph``.
* ``topics``: speaker → project, place or organisation their statements mention
  (``kg:mentions``/``kg:aboutProject``); weight = number of statements, with the statements'
  IRIs and first words on the edge. ``nx.DiGraph``. A project named in several articles (one
  IRI per article) is one node, grouped by ``kg:matchKey`` or else by folded label + place;
  the node lists its IRIs in ``iris``.
* ``full``: every typed resource, every object property between typed resources (edge key
  unique over the graph, ``relation`` = the property's CURIE), literals as node attributes.
  ``nx.MultiDiGraph``; for debugging and small graphs.

Nodes are keyed by their IRI. Every node carries ``type``, ``iri``, ``label`` (what a drawing
shows), ``label_fa``/``label_en`` where the graph has them, ``statements`` and ``articles``
counts, and the measures of ``kg.export.measures``. Every attribute is a str, int, float or bool so that every output
format can hold it and read it back unchanged.

Data is pulled with SPARQL SELECTs, so one code path serves the store (pyoxigraph on disk:
no parsing, the path for a big corpus) and files or rdflib graphs, which are first loaded into
an in-memory ``pyoxigraph.Store``: its Rust parser and query engine are about 15 times faster
than rdflib's for the same queries (300 articles: 0.9 s against 13.6 s, bench/export.py
--compare-rdflib). On 10,000 articles the people view takes about 30 s from the store and
20–50 s from an N-Quads file, most of it parsing (bench/export.py).
"""

from __future__ import annotations

import gzip
import re
import sys
from collections import Counter, defaultdict
from collections.abc import Iterable, Iterator
from dataclasses import dataclass, field
from functools import cached_property
from itertools import combinations
from pathlib import Path
from typing import Any, Protocol

import networkx as nx
import pyoxigraph as ox

from kg.errors import ExportError, InputError
from kg.export import VIEWS
from kg.export.style import TYPE_PRIORITY

KG = "https://w3id.org/officials-kg/ontology#"
NAMESPACES: dict[str, str] = {
    "kg": KG,
    "rdf": "http://www.w3.org/1999/02/22-rdf-syntax-ns#",
    "rdfs": "http://www.w3.org/2000/01/rdf-schema#",
    "xsd": "http://www.w3.org/2001/XMLSchema#",
    "owl": "http://www.w3.org/2002/07/owl#",
    "prov": "http://www.w3.org/ns/prov#",
    "oa": "http://www.w3.org/ns/oa#",
    "org": "http://www.w3.org/ns/org#",
    "schema": "https://schema.org/",
    "foaf": "http://xmlns.com/foaf/0.1/",
    "geo": "http://www.w3.org/2003/01/geo/wgs84_pos#",
    "dcterms": "http://purl.org/dc/terms/",
    "time": "http://www.w3.org/2006/time#",
    "skos": "http://www.w3.org/2004/02/skos/core#",
}

PERSON_TYPES = ("Person", "Official")
ORG_TYPES = ("Organization", "NewsAgency")
PLACE_TYPES = ("City", "Province", "Country")
TOPIC_TYPES = ("Project", *PLACE_TYPES, *ORG_TYPES)
FIRST_WORDS = 8  # words of a statement shown on a topics edge
MAX_CONTENT = 600  # characters of a statement kept for the HTML side panel


def curie(iri: str) -> str:
    """``kg:speaker`` for a known namespace, the IRI itself otherwise."""
    for prefix, ns in NAMESPACES.items():
        if iri.startswith(ns) and len(iri) > len(ns):
            return f"{prefix}:{iri[len(ns):]}"
    return iri


def type_name(iri: str) -> str:
    """``Official`` for kg: classes, ``oa:TextQuoteSelector`` for others."""
    c = curie(iri)
    return c[3:] if c.startswith("kg:") else c


_XML_INVALID = re.compile("[\x00-\x08\x0b\x0c\x0e-\x1f\ufffe\uffff\ud800-\udfff]")


def clean(text: str) -> str:
    """Text that every output can hold: characters XML 1.0 forbids become U+FFFD (offsets keep)."""
    return _XML_INVALID.sub("\ufffd", text)


def first_words(text: str, n: int = FIRST_WORDS) -> str:
    words = text.split()
    return " ".join(words[:n]) + (" …" if len(words) > n else "")


# --- where the data comes from ------------------------------------------------------------


class SparqlSource(Protocol):
    """Anything that answers a SPARQL SELECT with rows of plain Python values."""

    def select(self, query: str) -> Iterator[tuple]: ...


_INT_TYPES = {"integer", "int", "long", "short", "byte", "nonNegativeInteger", "positiveInteger",
              "nonPositiveInteger", "negativeInteger", "unsignedInt", "unsignedLong", "unsignedShort",
              "unsignedByte"}
_FLOAT_TYPES = {"decimal", "double", "float"}
_XSD = NAMESPACES["xsd"]


def literal_value(lexical: str, datatype: str | None) -> Any:
    """A plain Python value for a typed literal (str when the type is unknown or the value bad)."""
    if datatype and datatype.startswith(_XSD):
        local = datatype[len(_XSD):]
        try:
            if local in _INT_TYPES:
                return int(lexical)
            if local in _FLOAT_TYPES:
                return float(lexical)
            if local == "boolean":
                return lexical.strip() in ("true", "1")
        except ValueError:
            return lexical
    return lexical


_XSD_STRING = _XSD + "string"


def _oxi_value(term: Any) -> Any:
    # called once per value of every row (millions on a big corpus): cheapest checks first
    cls = type(term)
    if cls is ox.NamedNode:
        return term.value
    if term is None:
        return None
    if cls is ox.Literal:
        if term.language:
            return term.value
        datatype = term.datatype.value
        return term.value if datatype == _XSD_STRING else literal_value(term.value, datatype)
    if cls is ox.BlankNode:
        return f"_:{term.value}"
    return str(term)


class OxigraphSource:
    """SELECTs on a ``pyoxigraph.Store``, named graphs seen as one (the union default graph)."""

    def __init__(self, store: Any) -> None:
        self.store = store

    def select(self, query: str) -> Iterator[tuple]:
        results = self.store.query(query, prefixes=NAMESPACES, use_default_graph_as_union=True)
        width = len(results.variables)
        value = _oxi_value
        for solution in results:
            yield tuple(value(solution[i]) for i in range(width))


_OXI_FORMATS = {"trig": "TRIG", "nquads": "N_QUADS", "turtle": "TURTLE", "nt": "N_TRIPLES",
                "json-ld": "JSON_LD", "xml": "RDF_XML"}


def load_files(paths: Iterable[str], fmt: str | None = None) -> OxigraphSource:
    """RDF files (any format ``kg.rdf.formats`` knows, optionally gzipped, ``-`` = stdin) in memory."""
    from kg.rdf.formats import by_name, by_path

    store = ox.Store()
    for p in paths:
        rdf_format = by_name(fmt) if fmt else (by_name("trig") if p == "-" else by_path(p))
        ox_format = getattr(ox.RdfFormat, _OXI_FORMATS[rdf_format.name])
        try:
            if p == "-":
                store.load(sys.stdin.buffer.read(), format=ox_format)
            elif p.endswith(".gz"):
                with gzip.open(p, "rb") as fh:
                    store.load(fh, format=ox_format)
            else:
                store.load(path=p, format=ox_format)
        except FileNotFoundError:
            raise InputError(f"{p}: no such file") from None
        except (SyntaxError, ValueError, OSError) as exc:
            first = str(exc).strip().splitlines()[0] if str(exc).strip() else type(exc).__name__
            raise InputError(f"{p}: not valid {rdf_format.name}: {first[:200]}") from None
    return OxigraphSource(store)


def from_rdflib(graph: Any) -> OxigraphSource:
    """An rdflib Graph or Dataset copied into an in-memory pyoxigraph store (via N-Quads)."""
    store = ox.Store()
    if hasattr(graph, "contexts") and hasattr(graph, "quads"):
        data = graph.serialize(format="nquads", encoding="utf-8")
        store.load(data, format=ox.RdfFormat.N_QUADS)
    else:
        data = graph.serialize(format="nt", encoding="utf-8")
        store.load(data, format=ox.RdfFormat.N_TRIPLES)
    return OxigraphSource(store)


def open_store(path: str | None) -> SparqlSource:
    """The officials-kg store at ``path`` (the default store when None)."""
    try:
        from kg import store as store_module
    except ModuleNotFoundError as exc:
        if exc.name not in ("kg.store", "kg"):
            raise
        store_module = None
    if not hasattr(store_module, "Store"):
        raise ExportError("this version of officials-kg has no store; export from RDF files") from None
    if path is None:
        path = str(store_module.default_store_path())
    if not Path(path).exists():
        raise ExportError(f"{path}: no store there (create one with 'kg ingest' or name RDF files)")
    # read-only: exporting must not take the write lock from a running ingest
    return as_source(store_module.Store(path, read_only=True))


def as_source(obj: Any) -> SparqlSource:
    """Whatever holds the graph, as something that answers SELECTs."""
    if isinstance(obj, OxigraphSource):
        return obj
    if isinstance(obj, ox.Store):
        return OxigraphSource(obj)
    try:
        import rdflib

        if isinstance(obj, rdflib.Graph):
            return from_rdflib(obj)
    except ImportError:  # pragma: no cover
        pass
    # a kg.store.Store: query its pyoxigraph store (``raw``) directly, with our prefixes and
    # the union default graph
    raw = getattr(obj, "raw", None)
    if isinstance(raw, ox.Store):
        return OxigraphSource(raw)
    if hasattr(obj, "select"):
        return obj
    raise ExportError(f"cannot read a graph from {type(obj).__name__}")


# --- facts pulled once per export -----------------------------------------------------------


@dataclass
class Resource:
    types: set[str] = field(default_factory=set)
    labels: dict[str, set[str]] = field(default_factory=lambda: defaultdict(set))
    # skos:prefLabel: the display name the store derives per person across articles
    preferred: dict[str, set[str]] = field(default_factory=lambda: defaultdict(set))

    def main_type(self) -> str:
        for t in TYPE_PRIORITY:
            if t in self.types:
                return t
        return sorted(self.types)[0] if self.types else "Resource"


def _pick(labels: set[str]) -> str:
    # several labels for one resource come from several articles; the longest is the fullest
    # name («سید مسعود حسینی» rather than «حسینی»), the sort makes the choice deterministic
    return sorted(labels, key=lambda s: (-len(s), s))[0]


def _tail(iri: str) -> str:
    return iri.rstrip("/#").rsplit("/", 1)[-1].rsplit("#", 1)[-1]


def _values(*names: str) -> str:
    return " ".join(f"kg:{n}" for n in names)


@dataclass(frozen=True)
class StatementInfo:
    """What the HTML side panel shows for one statement."""

    iri: str
    speaker: str
    article: str
    start: int | None
    end: int | None
    content: str
    verb: str
    direct: bool | None


class Facts:
    """The SELECTs every view shares, each run at most once."""

    def __init__(self, src: SparqlSource) -> None:
        self.src = src

    # How these queries are shaped, and why:
    # - the union default graph repeats a triple once per graph that holds it (an official's
    #   name in each of his 500 articles), so a join of two such patterns yields 500 × 500 rows
    #   before DISTINCT (the first people query took 40 s on 300 articles that way). Facts about
    #   shared resources (types, labels, posts, places) are fetched one pattern at a time and
    #   joined here; only triples of one article's graph (a statement and its speaker) are
    #   joined in SPARQL;
    # - on the on-disk store every result row costs 20–50 µs (its terms are looked up in
    #   RocksDB) while joins run on ids, so queries return as few rows as they can: counts come
    #   from GROUP BY (one row per resource), pairs are DISTINCT. Per-statement rows (statement
    #   texts, topics edges) are fetched only by the views and formats that show them.

    def _pairs(self, query: str) -> dict[str, dict[str, set[str]]]:
        out: dict[str, dict[str, set[str]]] = defaultdict(lambda: defaultdict(set))
        for s, value, lang in self.src.select(query):
            text = str(value).strip()
            if text:
                out[s][lang or ""].add(clean(text))
        return out

    @cached_property
    def labels(self) -> dict[str, dict[str, set[str]]]:
        """Resource → language → rdfs:label values."""
        return self._pairs("SELECT DISTINCT ?s ?l (LANG(?l) AS ?lang) WHERE { ?s rdfs:label ?l }")

    @cached_property
    def preferred(self) -> dict[str, dict[str, set[str]]]:
        """Resource → language → skos:prefLabel (the store's display name per person)."""
        return self._pairs("SELECT DISTINCT ?s ?l (LANG(?l) AS ?lang) WHERE { ?s skos:prefLabel ?l }")

    @cached_property
    def located_in(self) -> dict[str, set[str]]:
        out: dict[str, set[str]] = defaultdict(set)
        for s, place in self.src.select("SELECT DISTINCT ?s ?pl WHERE { ?s kg:locatedIn ?pl }"):
            out[s].add(place)
        return out

    def resources(self, *types: str) -> dict[str, Resource]:
        """Resources of the given kg: types, with all their types and labels."""
        out: dict[str, Resource] = {}
        q = f"SELECT DISTINCT ?s ?t WHERE {{ VALUES ?t {{ {_values(*types)} }} ?s a ?t }}"
        for s, t in self.src.select(q):
            out.setdefault(s, Resource()).types.add(type_name(t))
        for s, r in out.items():
            r.labels.update(self.labels.get(s, {}))
            r.preferred.update(self.preferred.get(s, {}))
        return out

    def _objects(self, predicate: str) -> dict[str, Any]:
        """Subject → object of one property (the first seen when there are several)."""
        out: dict[str, Any] = {}
        for s, o in self.src.select(f"SELECT ?s ?o WHERE {{ ?s {predicate} ?o }}"):
            out.setdefault(s, o)
        return out

    def _pairs_of(self, predicate: str) -> set[tuple[str, Any]]:
        return set(self.src.select(f"SELECT ?s ?o WHERE {{ ?s {predicate} ?o }}"))

    @cached_property
    def article_of(self) -> dict[str, str]:
        """Statement, mention, quantity, project, event → its article."""
        return self._objects("kg:article")

    @cached_property
    def speaker_articles(self) -> set[tuple[str, str]]:
        """(speaker, article) pairs: a statement-scoped join, one row per pair."""
        return set(self.src.select("SELECT DISTINCT ?p ?a WHERE { ?st kg:speaker ?p ; kg:article ?a }"))

    @cached_property
    def statement_topics(self) -> list[tuple[str, str, str | None, str]]:
        """(statement, speaker, article, entity it mentions or is about)."""
        q = """SELECT DISTINCT ?st ?p ?a ?x WHERE { ?st kg:speaker ?p .
                 { ?st kg:mentions ?x } UNION { ?st kg:aboutProject ?x } OPTIONAL { ?st kg:article ?a } }"""
        return sorted(self.src.select(q), key=lambda row: (row[0], row[3]))

    @cached_property
    def contents(self) -> dict[str, str]:
        return {st: clean(str(c)) for st, c in self._objects("kg:content").items()}

    # Counts come out of GROUP BY queries: one row per resource instead of one per statement,
    # which is what matters on the on-disk store.
    @cached_property
    def statement_counts(self) -> dict[str, int]:
        """Resource → statements it speaks or that mention it."""
        q = """SELECT ?x (COUNT(DISTINCT ?st) AS ?n) WHERE {
                 { ?st kg:speaker ?x } UNION { ?st kg:mentions ?x } UNION { ?st kg:aboutProject ?x } }
               GROUP BY ?x"""
        return dict(self.src.select(q))

    @cached_property
    def article_counts(self) -> dict[str, int]:
        """Resource → articles it appears in: it speaks there, a statement or a mention there
        names it, it is a project or event of that article, or it is the article."""
        q = """SELECT ?x (COUNT(DISTINCT ?a) AS ?n) WHERE {
                 { ?st kg:speaker ?x ; kg:article ?a } UNION { ?st kg:mentions ?x ; kg:article ?a }
                 UNION { ?m kg:refersTo ?x ; kg:article ?a }
                 UNION { VALUES ?t { kg:Project kg:Event } ?x a ?t ; kg:article ?a }
                 UNION { ?x a kg:Article . BIND(?x AS ?a) } }
               GROUP BY ?x"""
        return dict(self.src.select(q))

    @cached_property
    def spoken(self) -> dict[str, tuple[str, str | None]]:
        """Statement → (speaker, article)."""
        article_of = self.article_of
        return {st: (p, article_of.get(st)) for st, p in self._objects("kg:speaker").items()}

    @cached_property
    def about(self) -> list[tuple[str, str]]:
        """(statement, entity) for every entity a statement mentions or is about."""
        return sorted(self._pairs_of("kg:mentions") | self._pairs_of("kg:aboutProject"))

    @cached_property
    def node_statements(self) -> dict[str, list[str]]:
        """Entity → statements it speaks or that are about it (sorted by IRI)."""
        out: dict[str, set[str]] = defaultdict(set)
        for st, (p, _a) in self.spoken.items():
            out[p].add(st)
        for st, x in self.about:
            out[x].add(st)
        return {x: sorted(sts) for x, sts in out.items()}

    @cached_property
    def statements(self) -> dict[str, StatementInfo]:
        """Statement → what the HTML side panel and the topics edges show."""
        content, start, end = self.contents, self._objects("kg:start"), self._objects("kg:end")
        verb, direct = self._objects("kg:reportingVerb"), self._objects("kg:direct")
        out = {}
        for st, (p, a) in self.spoken.items():
            text = content.get(st, "")
            if len(text) > MAX_CONTENT:
                text = text[:MAX_CONTENT] + "…"
            b, e, d = start.get(st), end.get(st), direct.get(st)
            out[st] = StatementInfo(st, p, a or "", b if isinstance(b, int) else None,
                                    e if isinstance(e, int) else None, text, str(verb.get(st, "")),
                                    d if isinstance(d, bool) else None)
        return out

    @cached_property
    def articles(self) -> dict[str, dict[str, str]]:
        """Article → label, url, date (for the HTML side panel)."""
        out: dict[str, dict[str, str]] = {}
        for (a,) in self.src.select("SELECT ?a WHERE { ?a a kg:Article }"):
            out[a] = {}
        for key, values in (("url", self._objects("kg:url")), ("date", self._objects("kg:datePublished"))):
            for a, v in values.items():
                if a in out:
                    out[a][key] = str(v)
        for a, info in out.items():
            labels = self.labels.get(a, {})
            label = labels.get("fa") or labels.get("")
            if label:
                info["label"] = _pick(label)
        return out


@dataclass
class Projection:
    """A view of the graph: the networkx graph plus what the HTML view shows beside it."""

    view: str
    graph: nx.Graph
    facts: Facts

    def statements_of(self, node: str) -> list[str]:
        """Statements a node speaks or is about (a merged project: those of all its articles)."""
        data = self.graph.nodes[node]
        if data.get("type") == "Statement":
            return [node]
        members = str(data.get("iris", "")).split() or [node]
        if len(members) == 1:
            return self.facts.node_statements.get(members[0], [])
        return sorted(set().union(*(self.facts.node_statements.get(m, ()) for m in members)))


def _node_attrs(iri: str, r: Resource, facts: Facts) -> dict[str, Any]:
    attrs: dict[str, Any] = {"type": r.main_type(), "iri": iri}
    fa = r.preferred.get("fa") or r.labels.get("fa")
    en = r.preferred.get("en") or r.labels.get("en")
    plain = r.preferred.get("") or r.labels.get("")
    if fa:
        attrs["label_fa"] = _pick(fa)
    if en:
        attrs["label_en"] = _pick(en)
    attrs["label"] = attrs.get("label_fa") or attrs.get("label_en") or (_pick(plain) if plain else _tail(iri))
    if len(r.types) > 1:
        attrs["types"] = " ".join(sorted(r.types))
    attrs["statements"] = int(facts.statement_counts.get(iri, 0))
    attrs["articles"] = int(facts.article_counts.get(iri, 0))
    return attrs


# --- views -----------------------------------------------------------------------------------


def people_view(facts: Facts) -> nx.Graph:
    g = nx.Graph(view="people")
    persons = facts.resources(*PERSON_TYPES)
    speakers = {p for p, _a in facts.speaker_articles}
    for iri, r in persons.items():
        if "Official" in r.types or iri in speakers:
            g.add_node(iri, **_node_attrs(iri, r, facts))

    # person —holds→ organisation (the post collapsed onto the edge), organisation —locatedIn→ place
    post_in: dict[str, set[str]] = defaultdict(set)
    for post, org in facts.src.select("SELECT DISTINCT ?post ?org WHERE { ?post kg:postIn ?org }"):
        post_in[post].add(org)
    posts: dict[str, set[str]] = defaultdict(set)
    holds: dict[tuple[str, str], set[str]] = defaultdict(set)
    for p, post in facts.src.select("SELECT DISTINCT ?p ?post WHERE { ?p kg:holds ?post }"):
        if p not in g:
            continue
        labels = facts.labels.get(post, {})
        title = _pick(labels.get("fa") or labels.get("") or {_tail(post)})
        posts[p].add(title)
        for org in post_in.get(post, ()):
            holds[p, org].add(title)
    for p, titles in posts.items():
        g.nodes[p]["posts"] = "؛ ".join(sorted(titles))
    # candidate identities the store recorded (kg:possiblySameAs): shown, never merged
    same: dict[str, set[str]] = defaultdict(set)
    for a, b in facts.src.select("SELECT DISTINCT ?a ?b WHERE { ?a kg:possiblySameAs ?b }"):
        if a in g:
            same[a].add(b)
    for a, others in same.items():
        g.nodes[a]["possibly_same_as"] = " ".join(sorted(others))
    orgs = facts.resources(*ORG_TYPES)
    for (p, org), titles in holds.items():
        if org in orgs:
            if org not in g:
                g.add_node(org, **_node_attrs(org, orgs[org], facts))
            g.add_edge(p, org, relation="holds", weight=1, post="؛ ".join(sorted(titles)))
    places = facts.resources(*PLACE_TYPES)
    located = sorted((org, place) for org in orgs for place in facts.located_in.get(org, ()))
    for org, place in located:
        if org in g and place in places:
            if place not in g:
                g.add_node(place, **_node_attrs(place, places[place], facts))
            g.add_edge(org, place, relation="locatedIn", weight=1)

    # people who speak in the same article / at the same event
    by_article: dict[str, set[str]] = defaultdict(set)
    for p, a in facts.speaker_articles:
        if p in g:
            by_article[a].add(p)
    shared: Counter[tuple[str, str]] = Counter()
    for people in by_article.values():
        shared.update(combinations(sorted(people), 2))
    by_event: dict[str, set[str]] = defaultdict(set)
    for p, e in facts.src.select("SELECT DISTINCT ?p ?e WHERE { ?st kg:speaker ?p ; kg:atEvent ?e }"):
        if p in g:
            by_event[e].add(p)
    shared_events: Counter[tuple[str, str]] = Counter()
    for people in by_event.values():
        shared_events.update(combinations(sorted(people), 2))
    for a, b in sorted(set(shared) | set(shared_events)):
        g.add_edge(a, b, relation="spokeWith", weight=max(shared[a, b], 1),
                   articles=shared[a, b], events=shared_events[a, b])
    return g


def _fold(text: str) -> str:
    """Label words compared loosely: Arabic/Persian letter forms, ZWNJ and spacing ignored."""
    text = text.replace("\u064a", "\u06cc").replace("\u0649", "\u06cc").replace("\u0643", "\u06a9")
    return " ".join(text.replace("\u200c", " ").split())


def _project_groups(facts: Facts, projects: dict[str, Resource]) -> dict[str, str]:
    """Project IRI → the IRI standing for its group.

    The mapping mints one project per article; the same project named in two articles is one
    topic. Group by ``kg:matchKey`` (the store writes it: label folded + place) and, where it is
    missing (a file straight from ``kg ingest``), by the same folded label + place.
    """
    match: dict[str, str] = {}
    for p, key in facts.src.select("SELECT DISTINCT ?p ?key WHERE { ?p kg:matchKey ?key }"):
        if p in projects:
            match[p] = min(match.get(p, str(key)), str(key))
    keys: dict[str, str] = {}
    for p, r in projects.items():
        label = _pick(r.labels.get("fa") or r.labels.get("") or {_tail(p)})
        place = min(facts.located_in.get(p, {""}))
        keys[p] = match.get(p) or f"{_fold(label)}|{place}"
    by_key: dict[str, list[str]] = defaultdict(list)
    for p in sorted(projects):
        by_key[keys.get(p, p)].append(p)
    return {p: members[0] for members in by_key.values() for p in members}


def topics_view(facts: Facts) -> nx.DiGraph:
    g = nx.DiGraph(view="topics")
    persons = facts.resources(*PERSON_TYPES)
    for p in sorted({p for p, _a in facts.speaker_articles}):
        g.add_node(p, **_node_attrs(p, persons.get(p, Resource({"Person"})), facts))
    topics = facts.resources(*TOPIC_TYPES)
    group = _project_groups(facts, {t: r for t, r in topics.items() if "Project" in r.types})
    members: dict[str, set[str]] = defaultdict(set)
    edges: dict[tuple[str, str], set[str]] = defaultdict(set)
    article: dict[str, str | None] = {}
    for st, p, a, x in facts.statement_topics:
        if x in topics:
            node = group.get(x, x)
            members[node].add(x)
            edges[p, node].add(st)
            article[st] = a
    about: dict[str, set[str]] = defaultdict(set)  # topic node → statements about it
    for (_p, x), sts in edges.items():
        about[x] |= sts
    contents = facts.contents
    for (p, x), sts in sorted(edges.items()):
        if p not in g:  # a speaker without a type (should not happen): still drawn
            g.add_node(p, **_node_attrs(p, persons.get(p, Resource({"Person"})), facts))
        if x not in g:
            attrs = _node_attrs(x, topics[x], facts)
            if len(members[x]) > 1:  # one node for the project named in several articles
                attrs["iris"] = " ".join(sorted(members[x]))
                attrs["statements"] = len(about[x])
                attrs["articles"] = len({article[st] for st in about[x]} - {None})
            g.add_node(x, **attrs)
        ordered = sorted(sts)
        g.add_edge(
            p, x, relation="spokeAbout", weight=len(ordered),
            articles=len({article[st] for st in ordered} - {None}),
            statement_iris=" ".join(ordered),
            first_words="\n".join(first_words(contents.get(st, "")) for st in ordered),
        )
    return g


def full_view(facts: Facts) -> nx.MultiDiGraph:
    g = nx.MultiDiGraph(view="full")
    src = facts.src
    res: dict[str, Resource] = {}
    for s, t in src.select("SELECT DISTINCT ?s ?t WHERE { ?s a ?t }"):
        res.setdefault(s, Resource()).types.add(type_name(t))
    # literals: labels by language, everything else as prefix_local attributes
    values: dict[str, dict[str, list]] = defaultdict(lambda: defaultdict(list))
    q = "SELECT DISTINCT ?s ?p ?o (LANG(?o) AS ?lang) WHERE { ?s ?p ?o FILTER(isLiteral(?o)) }"
    for s, p, o, lang in src.select(q):
        if s not in res:
            continue
        if p == NAMESPACES["rdfs"] + "label":
            if str(o).strip():
                res[s].labels[lang or ""].add(clean(str(o).strip()))
        else:
            values[s][_attr_key(p)].append(clean(o) if isinstance(o, str) else o)
    for s in sorted(res):
        attrs = _node_attrs(s, res[s], facts)
        if not attrs["articles"] and s in facts.article_of:  # statements, mentions, quantities
            attrs["articles"] = 1
        if not res[s].labels:  # statements, mentions, selectors: show their text instead of a hash
            for key in _LABEL_FALLBACKS:
                if values[s].get(key):
                    attrs["label"] = first_words(str(values[s][key][0]), 6)
                    break
        g.add_node(s, **attrs)
    _set_literal_attrs(g, values)
    q = "SELECT DISTINCT ?s ?p ?o WHERE { ?s ?p ?o FILTER(!isLiteral(?o) && ?p != rdf:type) }"
    triples = sorted((s, p, o) for s, p, o in src.select(q) if s in res)
    links: dict[str, dict[str, list[str]]] = defaultdict(lambda: defaultdict(list))
    n = 0
    for s, p, o in triples:
        if o in res:
            g.add_edge(s, o, key=f"e{n}", relation=curie(p), weight=1)
            n += 1
        else:  # an IRI that is no typed resource of the graph (owl:sameAs Wikidata, ...)
            links[s][_attr_key(p)].append(o)
    for s, attrs in links.items():
        for key, iris in attrs.items():
            g.nodes[s][key] = " ".join(sorted(iris))
    return g


_LABEL_FALLBACKS = ("kg_anchorText", "kg_content", "oa_exact", "kg_title")
_RESERVED = {"iri", "iris", "id", "name", "value", "source", "target", "key", "label", "type", "types", "weight",
             "statements", "articles", "degree", "weighted_degree", "betweenness", "community"}


def _attr_key(predicate: str) -> str:
    key = curie(predicate).replace(":", "_")
    if key == predicate:  # unknown namespace: keep it readable and XML/DOT-safe
        key = "p_" + "".join(ch if ch.isalnum() else "_" for ch in _tail(predicate))
    return key if key not in _RESERVED else f"{key}_"


def _set_literal_attrs(g: nx.MultiDiGraph, values: dict[str, dict[str, list]]) -> None:
    """One Python type per attribute over the whole graph (GraphML and GEXF declare one type per key)."""
    kinds: dict[str, set[type]] = defaultdict(set)
    for per_node in values.values():
        for key, vals in per_node.items():
            kinds[key].update(type(v) for v in vals)
            if len(vals) > 1:
                kinds[key].add(str)  # several values are joined into one string
    for s, per_node in values.items():
        for key, vals in per_node.items():
            if kinds[key] == {type(vals[0])} and len(vals) == 1:
                g.nodes[s][key] = vals[0]
            else:
                g.nodes[s][key] = "\n".join(sorted(_text(v) for v in vals))


def _text(v: Any) -> str:
    return ("true" if v else "false") if isinstance(v, bool) else str(v)


def _canonical(g: nx.Graph) -> nx.Graph:
    """The same graph with nodes and edges in sorted order.

    Query results come in an order that depends on how the data was loaded; Louvain (even
    seeded) and every output follow insertion order, so sorting makes the export of a graph
    the same whether it came from TriG, N-Quads or the store.
    """
    h = g.__class__()
    h.graph.update(g.graph)
    h.add_nodes_from(sorted(g.nodes(data=True), key=lambda nd: nd[0]))
    if g.is_multigraph():
        h.add_edges_from(sorted(g.edges(keys=True, data=True), key=lambda e: (e[0], e[1], e[2])))
    else:
        edges = ((min(u, v), max(u, v), d) if not g.is_directed() else (u, v, d) for u, v, d in g.edges(data=True))
        h.add_edges_from(sorted(edges, key=lambda e: (e[0], e[1])))
    return h


def _drop_empty(g: nx.Graph) -> None:
    # an empty string reads back from GraphML as a missing value: leave such attributes out
    for _, data in g.nodes(data=True):
        for k in [k for k, v in data.items() if v is None or v == ""]:
            del data[k]
    for *_, data in g.edges(data=True):
        for k in [k for k, v in data.items() if v is None or v == ""]:
            del data[k]


_BUILDERS = {"people": people_view, "topics": topics_view, "full": full_view}


def project(source: Any, view: str = "people", *, measures: bool = True) -> Projection:
    """The projection ``view`` of ``source`` (rdflib graph, pyoxigraph store, kg store or SparqlSource)."""
    if view not in _BUILDERS:
        raise ExportError(f"unknown view {view!r} (known: {', '.join(VIEWS)})")
    facts = Facts(as_source(source))
    g = _canonical(_BUILDERS[view](facts))
    _drop_empty(g)
    if measures:
        from kg.export.measures import add_measures

        add_measures(g)
    g.graph["view"] = view
    g.graph["generator"] = "officials-kg"
    return Projection(view, g, facts)
