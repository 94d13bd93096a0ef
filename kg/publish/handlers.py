"""The jobs a worker process runs (:mod:`kg.publish.workers`): SPARQL, entity documents,
type indexes and the dataset's counts. Everything that reads the store is here."""

from __future__ import annotations

import os
from typing import Any

import pyoxigraph as ox

from kg.publish.config import Config
from kg.publish.workers import Reply

__all__ = ["TYPE_INDEX", "Handler", "alternates", "entity_reply", "render_entity", "type_members"]

ORG = "http://www.w3.org/ns/org#"
KG = "https://w3id.org/officials-kg/ontology#"
# the classes with an index page: /types/{name}
TYPE_INDEX = {name: KG + name for name in (
    "Official", "Person", "Statement", "Article", "Organization", "NewsAgency", "Post", "City", "Province",
    "Country", "Project", "Event", "Quantity", "Mention", "IngestionActivity")} | {"Membership": ORG + "Membership"}
PAGE_SIZE = 500
SORT_BY_LABEL_UP_TO = 5000  # larger classes are listed in IRI order (sorting by name would scan them all)
RDF_NAMES = {"turtle": "Turtle", "jsonld": "JSON-LD", "nt": "N-Triples", "rdfxml": "RDF/XML"}


def alternates(here: str, *, static: bool = False) -> list[dict[str, str]]:
    """The RDF twins of the page at ``here`` (relative links, with their media types)."""
    from kg.publish.render_rdf import FORMATS

    name = here.rsplit("/", 1)[-1]
    out = []
    for fmt, (media, ext) in FORMATS.items():
        if static and fmt not in {"turtle", "jsonld"}:
            continue
        out.append({"type": media, "href": name + ext, "name": RDF_NAMES[fmt], "fmt": fmt})
    return out


def entity_reply(store: ox.Store, config: Config, iri: str, fmt: str, here: str, *, static: bool = False) -> Reply:
    """One resource as ``fmt`` (html or an RDF format); 404 when the store knows nothing of it."""
    from kg.publish.describe import describe

    d = describe(store, iri, max_inbound=config.max_inbound, max_statements=config.max_statements)
    return render_entity(d, config, fmt, here, static=static)


def render_entity(d: Any, config: Config, fmt: str, here: str, *, static: bool = False) -> Reply:
    """A :class:`~kg.publish.describe.Description` as ``fmt``: the one data function, many renderers."""
    from kg.publish.render_html import Linker, entity_page, render
    from kg.publish.render_rdf import FORMATS, serialize

    if not d.found:
        if fmt != "html":
            return Reply(404, body=f"nothing is known about <{d.iri}>\n".encode())
        message = f"دربارهٔ این نشانی چیزی در گراف نیست: {d.iri}"
        body = render("error.html", title="یافت نشد", status=404, message=message,
                      link=Linker(config, here, static=static), config=config, static=static, alternates=[])
        return Reply(404, "text/html; charset=utf-8", body)
    if fmt == "html":
        body = entity_page(d, config, here, static=static, alternates=alternates(here, static=static))
        return Reply(200, "text/html; charset=utf-8", body)
    media, _ext = FORMATS[fmt]
    charset = "; charset=utf-8" if fmt in {"turtle", "nt"} else ""
    return Reply(200, media + charset, serialize(d.triples, fmt, subject_order=[d.iri]))


def type_members(store: ox.Store, cls: str, page: int, size: int = PAGE_SIZE) -> tuple[int, list[tuple[str, str]]]:
    """(how many, [(IRI, name)] on page ``page`` — 1-based) of the instances of ``cls``."""
    from kg.publish.describe import label_of
    from kg.store.store import QUERY_PREFIXES

    node = ox.NamedNode(cls)

    def run(q: str):
        return store.query(q, use_default_graph_as_union=True, prefixes=QUERY_PREFIXES)

    total = next(iter(run(f"SELECT (COUNT(DISTINCT ?x) AS ?n) WHERE {{ ?x a {node} }}")))[0]
    n = int(total.value) if total is not None else 0
    if n <= SORT_BY_LABEL_UP_TO:
        members = [r["x"] for r in run(f"SELECT DISTINCT ?x WHERE {{ ?x a {node} }}")]
        named = sorted(((m.value, label_of(store, m) or m.value.rsplit("/", 1)[-1]) for m in members),
                       key=lambda xn: (xn[1], xn[0]))
        return n, named[(page - 1) * size: page * size]
    rows = run(f"SELECT DISTINCT ?x WHERE {{ ?x a {node} }} ORDER BY ?x LIMIT {size} OFFSET {(page - 1) * size}")
    return n, [(r["x"].value, label_of(store, r["x"]) or r["x"].value.rsplit("/", 1)[-1]) for r in rows]


class Handler:
    """Runs jobs against the store opened read-only in this worker process."""

    def __init__(self, store_path: str, config: Config) -> None:
        from kg.store import Store

        self.config = config
        self.store = Store(store_path, read_only=True)
        self.raw = self.store.raw
        # import and warm everything now, not during the first (timed) request
        from kg.publish import endpoint, render_html, safety
        from kg.publish.render_rdf import project_context

        safety.check_query("ASK { ?s ?p ?o }", config.base, endpoint.PREFIX_ITEMS)
        render_html.term_labels()
        render_html._env()
        project_context()

    def handle(self, job: dict[str, Any]) -> Reply:
        op = job["op"]
        if op == "sparql":
            from kg.publish.endpoint import execute

            return execute(self.raw, job, self.config, render_page=lambda name, **kw: self._results(job, **kw))
        if op == "entity":
            return entity_reply(self.raw, self.config, job["iri"], job["fmt"], job["here"])
        if op == "types":
            return self._types(job)
        if op == "stats":
            from kg.publish.void import compute_stats

            return Reply(200, data=compute_stats(self.raw, self.config))
        if op == "ping":
            return Reply(200, body=b"pong\n", data=os.getpid())
        return Reply(400, body=f"unknown job {op!r}\n".encode())

    def _results(self, job: dict[str, Any], *, variables: list[str], rows: list[list[Any]], cut: bool) -> bytes:
        from kg.publish.render_html import Linker, render, results_table

        link = Linker(self.config, "/sparql")
        return render("sparql.html", title="SPARQL", query=job["query"], variables=variables,
                      table=results_table(variables, rows, link),
                      cut=cut, count=len(rows), link=link, config=self.config, static=False, alternates=[],
                      examples=[], error=None)

    def _types(self, job: dict[str, Any]) -> Reply:
        from kg.publish.render_html import Linker, render

        name, page = job["name"], max(1, int(job.get("page", 1)))
        if name not in TYPE_INDEX:
            return Reply(404, body=f"no index of {name}\n".encode())
        total, members = type_members(self.raw, TYPE_INDEX[name], page)
        link = Linker(self.config, job["here"])
        body = render("types.html", title=name, name=name, cls=TYPE_INDEX[name], total=total, page=page,
                      pages=max(1, -(-total // PAGE_SIZE)), members=[(link.iri(x), label) for x, label in members],
                      page_href=lambda n: f"?page={n}", link=link, config=self.config, static=False, alternates=[],
                      index=None)
        return Reply(200, "text/html; charset=utf-8", body)
