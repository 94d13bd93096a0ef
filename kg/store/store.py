"""The embedded store: pyoxigraph on disk, one named graph per article.

Articles arrive as triples of N-Triples term strings (kg.rdf.ntriples; an rdflib Graph is
converted to them); everything that touches the whole corpus goes to Oxigraph directly: SPARQL
strings are passed to ``pyoxigraph.Store.query`` (never through rdflib's engine), dumps use
Oxigraph's serialisers.

**Atomic replace.** pyoxigraph 0.5 has no explicit transaction object; of its writing calls,
``extend`` and ``load`` are transactional but can only add, while ``update`` runs a whole
SPARQL Update *request* — several operations separated by ``;`` — in one transaction. So
:meth:`Store.replace_article` sends one request: ``DROP SILENT GRAPH <article>``, ``INSERT DATA``
of the article's quads, and the changes to other graphs that follow from it (candidate links
to people who no longer exist, the derived graph). Either all of it is committed or none:
a crash, a kill or an error leaves the store as it was. (A new article's request has no
``DROP``: there is nothing to drop, and in a RocksDB transaction the no-op drop still costs
about a third of the insert.)
"""

from __future__ import annotations

import contextlib
import os
import re
import threading
from collections.abc import Iterable
from dataclasses import dataclass
from pathlib import Path
from typing import IO, Any

import pyoxigraph as ox
from rdflib import Graph, URIRef
from rdflib.namespace import RDF

from kg.errors import QueryError, StoreError
from kg.rdf.namespace import KG, PREFIXES
from kg.store import derived as d
from kg.store.identity import DERIVED_GRAPH, Article, StoreView, _base, plan
from kg.store.terms import from_ox, nt

__all__ = ["ArticleInfo", "Store"]

RDF_TYPE = str(RDF.type)
_TYPE = ox.NamedNode(RDF_TYPE)

QUERY_PREFIXES = {name: str(ns) for name, ns in PREFIXES.items()} | {
    "skos": "http://www.w3.org/2004/02/skos/core#",
    "id": "https://w3id.org/officials-kg/id/",
    "graph": "https://w3id.org/officials-kg/id/graph/",  # GRAPH graph:derived { ... }
}

# for Turtle/TriG output: Turtle cannot write «/» in a prefixed name unescaped (id:person\/…),
# so the instance namespaces get a prefix each
ID_PREFIXES = {kind: f"https://w3id.org/officials-kg/id/{kind}/" for kind in (
    "article", "statement", "mention", "person", "post", "place", "project", "event", "quantity",
    "membership", "identity", "activity", "graph")} | {"organisation": "https://w3id.org/officials-kg/id/org/"}
RDF_PREFIXES = {k: v for k, v in QUERY_PREFIXES.items() if k in {
    "kg", "rdfs", "xsd", "prov", "oa", "org", "time", "skos", "owl", "dcterms", "geo", "rdf"}} | ID_PREFIXES

FLUSH_EVERY = 200  # writes between RocksDB flushes (see Store._write)

_DUMP_FORMATS = {
    "nq": ox.RdfFormat.N_QUADS, "nquads": ox.RdfFormat.N_QUADS,
    "trig": ox.RdfFormat.TRIG,
    "ttl": ox.RdfFormat.TURTLE, "turtle": ox.RdfFormat.TURTLE,
    "nt": ox.RdfFormat.N_TRIPLES, "ntriples": ox.RdfFormat.N_TRIPLES,
}


@dataclass(frozen=True)
class ArticleInfo:
    """One stored article, as ``kg store list`` shows it."""

    iri: str
    sha256: str
    date: str | None
    label: str
    source: str | None
    statements: int


def _one_line(exc: BaseException) -> str:
    text = " ".join(str(exc).split())
    return text[:300] + ("…" if len(text) > 300 else "")


def query_error(exc: BaseException) -> QueryError:
    """A pyoxigraph SPARQL syntax error as one line, position first."""
    text = " ".join(str(exc).split())
    m = re.match(r"error at (\d+):(\d+): (.*)", text)
    if m:
        line, col, rest = m.groups()
        if len(rest) > 160:
            rest = rest[:160] + "…"
        return QueryError(f"SPARQL syntax error at line {line}, column {col}: {rest}")
    return QueryError(f"SPARQL error: {_one_line(exc)}")


def _open_error(path: Path, exc: OSError) -> StoreError:
    text = str(exc)
    if "lock" in text.lower():
        return StoreError(f"store {path} is in use by another process (wait for it to finish, or use --store DIR)")
    if "not a directory" in text or "exists but is not a directory" in text:
        return StoreError(f"store {path} is not a folder")
    if isinstance(exc, PermissionError) or "Permission denied" in text:
        return StoreError(f"cannot open store {path}: permission denied")
    return StoreError(f"cannot open store {path}: {_one_line(exc)}")


class Store:
    """The knowledge graph on disk (``path``) or in memory (``path=None``).

    >>> from rdflib import Graph, Literal, URIRef
    >>> g = Graph(identifier=URIRef("https://w3id.org/officials-kg/id/article/abc"))
    >>> KG = "https://w3id.org/officials-kg/ontology#"
    >>> _ = g.add((g.identifier, URIRef(RDF_TYPE), URIRef(KG + "Article")))
    >>> _ = g.add((g.identifier, URIRef(KG + "sha256"), Literal("ab" * 32)))
    >>> with Store() as store:
    ...     store.replace_article(g)
    ...     store.has_article("ab" * 32), [a.sha256[:4] for a in store.articles()]
    (True, ['abab'])
    """

    def __init__(self, path: str | os.PathLike[str] | None = None, *, read_only: bool = False,
                 identity: bool = True) -> None:
        self.path = Path(path).expanduser() if path is not None else None
        self.identity = identity  # link people across articles when storing (kg/store/identity.py)
        self.read_only = read_only
        self._lock = threading.RLock()
        self._writes = 0
        try:
            if self.path is None:
                self._store: ox.Store | None = ox.Store()
            elif read_only:
                if not (self.path / "CURRENT").exists():
                    raise StoreError(f"no store at {self.path} (ingest articles first)")
                self._store = ox.Store.read_only(str(self.path))
            else:
                if self.path.exists() and not self.path.is_dir():
                    raise StoreError(f"store {self.path} is not a folder")
                self.path.mkdir(parents=True, exist_ok=True)
                self._store = ox.Store(str(self.path))
        except OSError as exc:  # includes mkdir's PermissionError
            raise _open_error(self.path or Path("."), exc) from None

    # --- lifecycle ---------------------------------------------------------------------------
    def __enter__(self) -> Store:
        return self

    def __exit__(self, *exc: object) -> None:
        self.close()

    def close(self) -> None:
        """Flush and release the store (and its lock on the folder)."""
        with self._lock:
            if self._store is not None:
                if self.path is not None and not self.read_only:
                    # RocksDB syncs its write-ahead log on commit; flush only speeds up reopening
                    with contextlib.suppress(OSError, RuntimeError):
                        self._store.flush()
                # pyoxigraph has no close(): RocksDB is closed when the last reference goes
                self._store = None

    @property
    def raw(self) -> ox.Store:
        """The underlying ``pyoxigraph.Store``."""
        if self._store is None:
            raise StoreError("the store is closed")
        return self._store

    def __len__(self) -> int:
        return len(self.raw)

    # --- writing ------------------------------------------------------------------------------
    def replace_article(self, graph: Graph) -> None:
        """Store one article graph given as an rdflib Graph named by the article IRI: its
        triples become term strings and go through :meth:`replace_article_nt`."""
        name = graph.identifier
        if not isinstance(name, URIRef):
            raise StoreError("an article graph must be named by its article IRI")
        from kg.rdf.ntriples import from_rdflib

        self.replace_article_nt(str(name), [(from_rdflib(s), from_rdflib(p), from_rdflib(o)) for s, p, o in graph])

    def replace_article_nt(self, iri: str, triples: Iterable[tuple[str, str, str]]) -> None:
        """Store one article graph, replacing any earlier version of it, in ONE transaction.

        ``iri`` is the article IRI (the named graph), plain or as a term (``<…>``); ``triples``
        are N-Triples term strings (kg.rdf.ntriples), the form the mapping emits. People, posts
        and organisations are first linked to the store's (kg/store/identity.py), then the
        derived graph (names, counts, memberships, outlets; kg/store/derived.py) is brought up
        to date for everything the old or the new version mentions, in the same transaction.
        """
        name = iri[1:-1] if iri.startswith("<") and iri.endswith(">") else iri
        if not name or name.startswith("_:"):
            raise StoreError("an article graph must be named by its article IRI")
        with self._lock:
            store = self.raw
            view = StoreView(store, name)
            article = Article(name, triples)
            stored = plan(view, article).triples(article) if self.identity else list(dict.fromkeys(article.triples))
            replacing = store.contains_named_graph(ox.NamedNode(name))
            old = d.summarise_quads(store, name) if replacing else None
            new = d.summarise_triples(name, stored)
            g = f"<{name}>"
            body = " .\n".join(map(" ".join, stored))
            ops = [f"DROP SILENT GRAPH {g}"] if replacing else []
            if stored:
                ops.append(f"INSERT DATA {{ GRAPH {g} {{\n{body} .\n}} }}")
            ops += self._follow_up(view, name, old, new)
            self._write(ops)

    def remove_article(self, article: str) -> str:
        """Remove one article (its IRI, or a prefix of its sha256 / article id) in one
        transaction; returns the article IRI. Raises StoreError when nothing or several match."""
        with self._lock:
            iri = self.resolve_article(article)
            view = StoreView(self.raw, iri)
            old = d.summarise_quads(self.raw, iri)
            self._write([f"DROP GRAPH {nt(URIRef(iri))}", *self._follow_up(view, iri, old, None)])
            return iri

    def _follow_up(self, view: StoreView, article: str, old: d.GraphSummary | None,
                   new: d.GraphSummary | None) -> list[str]:
        """Update operations for other graphs once the article's graph is replaced or removed:
        candidate links to people no longer described anywhere are dropped, the derived graph
        is brought up to date."""
        store = self.raw
        change = d.Change(view, old, new).run()
        change.issues(article)
        delete = [f"GRAPH <{DERIVED_GRAPH}> {{ {t} }}" for t in sorted(change.delete)]
        insert = [f"GRAPH <{DERIVED_GRAPH}> {{ {t} }}" for t in sorted(change.insert)]
        gone = [iri for iri, kind in (old.nodes.items() if old else ())
                if kind == "person" and not (new and iri in new.nodes)
                and not any(True for _ in view.quads(ox.NamedNode(iri), _TYPE, None))]
        same, obj = ox.NamedNode(str(KG.possiblySameAs)), ox.NamedNode(str(RDF.object))
        for iri in gone:
            node = ox.NamedNode(iri)
            quads = [q for q in store.quads_for_pattern(None, same, node, None) if q.graph_name not in view.skip]
            for rec in store.quads_for_pattern(None, obj, node, None):
                if rec.graph_name not in view.skip:
                    quads += store.quads_for_pattern(rec.subject, None, None, rec.graph_name)
            delete += [f"GRAPH {q.graph_name} {{ {q.subject} {q.predicate} {q.object} }}" for q in quads]
        ops = []
        if delete:
            ops.append("DELETE DATA {\n" + "\n".join(dict.fromkeys(delete)) + "\n}")
        if insert:
            ops.append("INSERT DATA {\n" + "\n".join(insert) + "\n}")
        return ops

    def _write(self, ops: list[str]) -> None:
        """Run update operations as ONE request, hence one transaction."""
        try:
            self.raw.update(" ;\n".join(ops))
            self._writes += 1
            if self.path is not None and self._writes % FLUSH_EVERY == 0:
                # Without it RocksDB keeps every write of a long batch in memory (measured: about
                # 200 KB an article, 1.9 GB for 10,000); flushing now and then bounds it (~250 MB).
                self.raw.flush()
        except SyntaxError as exc:  # our own text: a bug, but say it in one line
            raise StoreError(f"cannot write to the store (bad update: {_one_line(exc)})") from None
        except (OSError, RuntimeError, ValueError) as exc:
            raise StoreError(f"cannot write to the store: {_one_line(exc)}") from None

    def rebuild_derived(self) -> None:
        """Recompute the whole derived graph from the article graphs (after loading raw data),
        in one transaction: as if every article had been stored one by one, in any order."""
        with self._lock:
            store = self.raw
            self._write([f"DROP SILENT GRAPH <{DERIVED_GRAPH}>"])
            graphs = sorted(g.value for g in store.named_graphs()
                            if isinstance(g, ox.NamedNode) and g.value != DERIVED_GRAPH)
            view = StoreView(store, None)
            nodes: dict[str, str] = {}
            total = d.GraphSummary()
            outlets: dict[str, list] = {}
            triples: set[tuple] = set()
            for g in graphs:
                s = d.summarise_quads(store, g, full=True)
                nodes.update(s.nodes)
                triples |= d.issue_triples(g, s.issues)
                if s.outlet is not None:
                    o = outlets.setdefault(s.outlet[0], [s.outlet[1], 0, 0, 0])
                    o[1] += 1
                    o[2] += s.direct
                    o[3] += s.indirect
            total.nodes = nodes
            change = d.Change(view, None, None)
            for iri, kind in sorted(nodes.items()):
                triples |= getattr(change, f"_{kind}")(iri)
            match = ox.NamedNode(str(KG.matchKey))
            keys = {q.object.value for q in store.quads_for_pattern(None, match, None, None)
                    if q.object.value.startswith(("project:", "event:"))
                    and q.graph_name != ox.NamedNode(DERIVED_GRAPH)}
            for key in sorted(keys):
                node = next(store.quads_for_pattern(None, match, ox.Literal(key), None)).subject.value
                if key.startswith("project:"):
                    triples |= change._group(key, d.group_iri(key, _base(node, "project")))
                else:
                    triples |= change._event_group(key, d.event_group_iri(key, _base(node, "event")))
            for iri, (label, n, direct, indirect) in outlets.items():
                triples |= d.outlet_triples(iri, label, n, direct, indirect)
            body = "\n".join(f"{s} {p} {o} ." for s, p, o in sorted(triples))
            self._write([f"INSERT DATA {{ GRAPH <{DERIVED_GRAPH}> {{\n{body}\n}} }}"])

    def load(self, data: str | bytes | IO[bytes] | None = None, *, path: str | os.PathLike[str] | None = None,
             fmt: str | None = None) -> None:
        """Load RDF as is (no identity linking; for --data files and restores), in one transaction."""
        rdf_format = _rdf_format(fmt or (str(path) if path else "nq"))
        try:
            if path is not None:
                self.raw.load(path=str(path), format=rdf_format)
            else:
                self.raw.load(data, format=rdf_format)
        except SyntaxError as exc:
            raise StoreError(f"{path or 'input'}: not valid {rdf_format.name}: {_one_line(exc)}") from None
        except FileNotFoundError:
            raise StoreError(f"{path}: no such file") from None
        except (OSError, ValueError) as exc:
            raise StoreError(f"cannot load {path or 'input'}: {_one_line(exc)}") from None

    # --- reading ------------------------------------------------------------------------------
    def query(self, sparql: str, *, default_union: bool = True, prefixes: dict[str, str] | None = None) -> Any:
        """Run a SPARQL query on Oxigraph: rows (``QuerySolutions``), a ``QueryBoolean`` or
        ``QueryTriples``. The usual prefixes (kg, rdfs, skos, org, time, id, ...) are predeclared.

        With ``default_union`` (the default) the default graph is the union of all graphs.
        Beware: Oxigraph's union does not merge equal triples from different graphs, so a
        triple repeated in several article graphs (a person's name) matches once per graph;
        count with DISTINCT, or match inside ``GRAPH ?g {...}``.
        """
        try:
            return self.raw.query(sparql, use_default_graph_as_union=default_union,
                                  prefixes=QUERY_PREFIXES if prefixes is None else prefixes)
        except SyntaxError as exc:
            raise query_error(exc) from None
        except (OSError, RuntimeError, ValueError) as exc:
            raise QueryError(f"query failed: {_one_line(exc)}") from None

    def _scalar(self, sparql: str) -> int:
        for row in self.query(sparql):
            value = row[0]
            return int(value.value) if value is not None else 0
        return 0

    def has_article(self, sha256: str) -> bool:
        """Whether an article with this text (its ``kg:sha256``) is stored."""
        sha = ox.NamedNode(str(KG.sha256))
        return any(True for _ in self.raw.quads_for_pattern(None, sha, ox.Literal(sha256), None))

    def resolve_article(self, article: str) -> str:
        """The IRI of the one stored article named by ``article``: its IRI, or a prefix
        (at least 4 hex digits) of its sha256 — the article id in its IRI is one."""
        article = article.strip()
        graphs = {g.value for g in self.raw.named_graphs() if isinstance(g, ox.NamedNode)}
        if ":" in article:
            if article in graphs and article != DERIVED_GRAPH:
                return article
            raise StoreError(f"no article {article} in the store")
        prefix = article.lower()
        if not re.fullmatch(r"[0-9a-f]{4,64}", prefix):
            raise StoreError(f"{article!r} is neither an article IRI nor a sha256 prefix (4+ hex digits)")
        sha = ox.NamedNode(str(KG.sha256))
        hits = sorted({q.subject.value for q in self.raw.quads_for_pattern(None, sha, None, None)
                       if q.object.value.startswith(prefix) and q.graph_name == q.subject})
        if not hits:
            raise StoreError(f"no article whose sha256 starts with {prefix}")
        if len(hits) > 1:
            raise StoreError(f"{len(hits)} articles match {prefix}; give more digits")
        return hits[0]

    def articles(self) -> list[ArticleInfo]:
        """Every stored article, oldest first (undated last)."""
        rows = self.query("""
            SELECT ?a ?sha ?date ?label ?source (COUNT(?s) AS ?n) WHERE {
              GRAPH ?a { ?a a kg:Article ; kg:sha256 ?sha .
                OPTIONAL { ?a kg:datePublished ?date } OPTIONAL { ?a rdfs:label ?label }
                OPTIONAL { ?a kg:source ?source } OPTIONAL { ?s kg:article ?a ; a kg:Statement } }
            } GROUP BY ?a ?sha ?date ?label ?source ORDER BY (!BOUND(?date)) ?date ?a""", default_union=False)
        out = []
        for r in rows:
            out.append(ArticleInfo(
                iri=r["a"].value, sha256=r["sha"].value,
                date=r["date"].value if r["date"] is not None else None,
                label=r["label"].value if r["label"] is not None else "",
                source=r["source"].value if r["source"] is not None else None,
                statements=int(r["n"].value),
            ))
        return out

    def stats(self) -> dict[str, int]:
        """Counts: articles, triples (quads), statements, people, officials, projects,
        quantities, named graphs, candidate identity links."""
        def count(cls: str) -> int:
            return self._scalar(f"SELECT (COUNT(DISTINCT ?x) AS ?n) WHERE {{ ?x a {cls} }}")

        return {
            "articles": count("kg:Article"),
            "triples": len(self.raw),
            "statements": count("kg:Statement"),
            "people": count("kg:Person"),
            "officials": count("kg:Official"),
            "projects": count("kg:Project"),
            "quantities": count("kg:Quantity"),
            "named graphs": sum(1 for _ in self.raw.named_graphs()),
            "possible duplicates": self._scalar(
                "SELECT (COUNT(*) AS ?n) WHERE { SELECT DISTINCT ?a ?b WHERE { ?a kg:possiblySameAs ?b } }"),
        }

    # --- output -------------------------------------------------------------------------------
    def dump(self, output: str | os.PathLike[str] | IO[bytes], fmt: str | None = None) -> None:
        """Write the store: ``nq``/``trig`` keep one named graph per article (plus the derived
        graph); ``ttl``/``nt`` write the union of all graphs, each triple once."""
        name = fmt or (str(output) if isinstance(output, (str, os.PathLike)) else "nq")
        rdf_format = _rdf_format(name)
        prefixes = RDF_PREFIXES
        target = str(output) if isinstance(output, os.PathLike) else output
        kwargs = {"prefixes": prefixes} if rdf_format in {ox.RdfFormat.TRIG, ox.RdfFormat.TURTLE} else {}
        try:
            if rdf_format.supports_datasets:
                quads = (restore(q) for q in self.raw.quads_for_pattern(None, None, None, None))
                ox.serialize(quads, target, rdf_format, **kwargs)
            else:
                # Oxigraph's union default graph repeats shared triples: deduplicate in SPARQL
                triples = self.raw.query("CONSTRUCT { ?s ?p ?o } WHERE { SELECT DISTINCT ?s ?p ?o "
                                         "WHERE { GRAPH ?g { ?s ?p ?o } } }")
                ox.serialize((restore(t) for t in triples), target, rdf_format, **kwargs)
        except (OSError, ValueError) as exc:
            raise StoreError(f"cannot write {output}: {_one_line(exc)}") from None

    def to_rdflib_dataset(self):
        """The whole store as an rdflib Dataset (for validation and small stores only)."""
        from rdflib import Dataset

        from kg.rdf.namespace import bind_prefixes

        ds = Dataset()
        bind_prefixes(ds)
        for q in map(restore, self.raw.quads_for_pattern(None, None, None, None)):
            g = q.graph_name
            ctx = ds.default_context if isinstance(g, ox.DefaultGraph) else ds.graph(from_ox(g))
            ctx.add((from_ox(q.subject), from_ox(q.predicate), from_ox(q.object)))
        return ds

    def quads(self) -> Iterable[ox.Quad]:
        return self.raw.quads_for_pattern(None, None, None, None)



# Oxigraph's store keeps every xsd:integer subtype as xsd:integer (checked in pyoxigraph 0.5:
# nonNegativeInteger, positiveInteger, int, long, ...). The only subtype the vocabulary uses is
# the Web Annotation range of oa:start/oa:end, so reads that leave the store put it back:
# an exported graph is then the graph the mapping made, and passes the shapes.
_XSD_INTEGER = ox.NamedNode("http://www.w3.org/2001/XMLSchema#integer")
_NON_NEGATIVE = ox.NamedNode("http://www.w3.org/2001/XMLSchema#nonNegativeInteger")
_SELECTOR_OFFSETS = {ox.NamedNode("http://www.w3.org/ns/oa#start"), ox.NamedNode("http://www.w3.org/ns/oa#end")}


def restore(q):
    """A quad or triple read from the store, with oa:start/oa:end typed xsd:nonNegativeInteger again."""
    o = q.object
    if q.predicate in _SELECTOR_OFFSETS and isinstance(o, ox.Literal) and o.datatype == _XSD_INTEGER:
        o = ox.Literal(o.value, datatype=_NON_NEGATIVE)
        if isinstance(q, ox.Quad):
            return ox.Quad(q.subject, q.predicate, o, q.graph_name)
        return ox.Triple(q.subject, q.predicate, o)
    return q


def _rdf_format(name: str) -> ox.RdfFormat:
    key = name.lower().rsplit(".", 1)[-1] if "." in name else name.lower()
    if key in _DUMP_FORMATS:
        return _DUMP_FORMATS[key]
    if key in {"jsonld", "json-ld", "json"}:
        return ox.RdfFormat.JSON_LD
    if key in {"xml", "rdf", "owl", "rdfxml"}:
        return ox.RdfFormat.RDF_XML
    raise StoreError(f"unknown RDF format {name!r} (known: nq, trig, ttl, nt, jsonld, rdf)")
