"""``kg publish DIR``: the linked-data site as static files, deployable on any static host.

Layout (every link between pages is relative, so the folder works at a host's root, under
a sub-path, and from ``file://``)::

    index.html                          home: counts, examples, links
    id/{kind}/{key}.html|.ttl|.jsonld   every instance of the store (hash IRIs live in their page)
    types/index.html, types/{Class}.html, types/{Class}/{n}.html   indexes per type
    ontology.html|.ttl|.jsonld, context.jsonld, shapes.ttl         the vocabulary
    dataset.html|.ttl|.jsonld, .well-known/void                    VoID + DCAT
    dump/officials-kg.nq.gz, dump/officials-kg.ttl.gz              full dumps
    deploy/nginx.conf, .htaccess                                    content negotiation
    .nojekyll                                                       GitHub Pages: keep .well-known

An extensionless IRI (``…/id/person/x``) needs the server to pick ``x.html``, ``x.ttl`` or
``x.jsonld`` by the ``Accept`` header: ``deploy/nginx.conf`` and ``.htaccess`` do that; a
host without rewrites (GitHub Pages, S3) serves ``x.html`` for ``/id/person/x`` at best, and
RDF clients then use the ``.ttl``/``.jsonld`` URLs, which every page links
(``<link rel="alternate">``).

Pages are built by a pool of processes (``jobs``), each with the store open read-only, from
the same data function and renderers as the server (:mod:`kg.publish.describe`).
"""

from __future__ import annotations

import os
import shutil
from collections.abc import Callable, Iterator
from concurrent.futures import ProcessPoolExecutor
from dataclasses import dataclass
from pathlib import Path
from typing import Any

from kg.publish.config import Config

__all__ = ["BuildReport", "apache_conf", "build", "entity_iris", "nginx_conf"]

CHUNK = 250


@dataclass
class BuildReport:
    folder: Path
    entities: int
    files: int
    seconds: float


def entity_iris(store: Any, config: Config) -> list[str]:
    """Every IRI under the base that the store says something about (hash IRIs excluded:
    they are parts of their page), plus named graphs under the base, sorted."""
    import pyoxigraph as ox

    rows = store.query(f"""SELECT DISTINCT ?s WHERE {{ GRAPH ?g {{ ?s ?p ?o }}
        FILTER(isIRI(?s) && STRSTARTS(STR(?s), "{config.base}") && !CONTAINS(STR(?s), "#")) }}""")
    out = {r["s"].value for r in rows}
    out |= {g.value for g in store.raw.named_graphs()
            if isinstance(g, ox.NamedNode) and g.value.startswith(config.base)}
    return sorted(out)


def _file_of(config: Config, iri: str) -> str:
    """``id/person/x`` for an instance IRI (the path, without the extension)."""
    return "id/" + iri[len(config.base):]


# --- worker side: one process renders many entities ---------------------------------------------------
_STATE: dict[str, Any] = {}


def _init(store_path: str, config: Config, out: str) -> None:
    from kg.store import Store

    _STATE["store"] = Store(store_path, read_only=True)
    _STATE["config"] = config
    _STATE["out"] = Path(out)


def _render_chunk(iris: list[str]) -> int:
    from kg.publish.describe import describe
    from kg.publish.handlers import render_entity

    store, config, out = _STATE["store"].raw, _STATE["config"], _STATE["out"]
    files = 0
    made: set[Path] = set()
    for iri in iris:
        rel = _file_of(config, iri)
        target = out / rel
        if target.parent not in made:
            target.parent.mkdir(parents=True, exist_ok=True)
            made.add(target.parent)
        here = "/" + rel
        d = describe(store, iri, max_inbound=config.max_inbound, max_statements=config.max_statements)
        for fmt, ext in (("html", ".html"), ("turtle", ".ttl"), ("jsonld", ".jsonld")):
            reply = render_entity(d, config, fmt, here, static=True)
            if reply.status != 200:
                break
            target.with_name(target.name + ext).write_bytes(reply.body)
            files += 1
    return files


def _chunks(items: list[str], n: int) -> Iterator[list[str]]:
    for i in range(0, len(items), n):
        yield items[i:i + n]


# --- the build ------------------------------------------------------------------------------------
def build(store_path: str | os.PathLike[str], folder: str | os.PathLike[str], config: Config | None = None, *,
          jobs: int | None = None, dumps: bool = True, clean: bool = False,
          progress: Callable[[int, int], None] | None = None) -> BuildReport:
    """Write the static site of the store at ``store_path`` into ``folder``."""
    import time

    from kg.errors import ExportError
    from kg.publish.dumps import write_dumps
    from kg.publish.render_html import Linker, ontology_page, render
    from kg.publish.render_rdf import serialize
    from kg.publish.void import DUMPS, compute_stats, dataset_iri, description, site_iri
    from kg.resources import context_path, ontology_path, shapes_path
    from kg.store import Store

    t0 = time.perf_counter()
    config = config or Config()
    root_url = config.public_url or site_iri(config)
    out = Path(folder)
    if clean and out.exists():
        if not (out / ".kg-site").exists() and any(out.iterdir()):
            raise ExportError(f"{out} is not empty and was not made by kg publish; not cleaning it")
        shutil.rmtree(out)
    out.mkdir(parents=True, exist_ok=True)
    (out / ".kg-site").write_text("made by kg publish\n", encoding="utf-8")
    (out / ".nojekyll").write_text("", encoding="utf-8")
    with Store(store_path, read_only=True) as st:
        stats = compute_stats(st.raw, config)
        iris = entity_iris(st, config)
        type_pages = _type_pages(st.raw, config)
    files = 0

    def write(rel: str, data: bytes) -> None:
        nonlocal files
        target = out / rel
        target.parent.mkdir(parents=True, exist_ok=True)
        target.write_bytes(data)
        files += 1

    # the entities, in parallel
    jobs = jobs or os.cpu_count() or 1
    done = 0
    if jobs == 1:
        _init(str(store_path), config, str(out))
        for chunk in _chunks(iris, CHUNK):
            files += _render_chunk(chunk)
            done += len(chunk)
            if progress:
                progress(done, len(iris))
        _STATE.clear()
    else:
        with ProcessPoolExecutor(jobs, initializer=_init, initargs=(str(store_path), config, str(out))) as ex:
            chunks = list(_chunks(iris, CHUNK))
            for chunk, n in zip(chunks, ex.map(_render_chunk, chunks), strict=True):
                files += n
                done += len(chunk)
                if progress:
                    progress(done, len(iris))
    # vocabulary, dataset description, indexes, home
    dumps_list = [(n, w) for n, (_m, w) in DUMPS.items()]
    write("ontology.html", ontology_page(config, "/ontology", static=True))
    write("ontology.ttl", ontology_path().read_bytes())
    import pyoxigraph as ox

    onto = list(ox.parse(path=str(ontology_path()), format=ox.RdfFormat.TURTLE))
    write("ontology.jsonld", serialize(onto, "jsonld"))
    write("context.jsonld", context_path().read_bytes())
    write("shapes.ttl", shapes_path().read_bytes())
    void = description(stats, config, root_url)
    write("dataset.ttl", serialize(void, "turtle", subject_order=[dataset_iri(config)]))
    write("dataset.jsonld", serialize(void, "jsonld", subject_order=[dataset_iri(config)]))
    write(".well-known/void", serialize(void, "turtle"))
    alts = [{"type": "text/turtle", "href": "dataset.ttl", "name": "Turtle"},
            {"type": "application/ld+json", "href": "dataset.jsonld", "name": "JSON-LD"}]
    write("dataset.html", render(
        "dataset.html", title="توصیف داده‌ها", dataset=dataset_iri(config), stats=stats, root=root_url,
        dumps=dumps_list, classes=sorted(stats["classes"].items()), properties=sorted(stats["properties"].items()),
        link=Linker(config, "/dataset", static=True), config=config, static=True, alternates=alts))
    write("index.html", render("home.html", title=config.title_fa, stats=stats, root=root_url, dumps=dumps_list,
                               link=Linker(config, "/", static=True), config=config, static=True, alternates=[]))
    for rel, data in _type_index_files(type_pages, stats, config):
        write(rel, data)
    for rel, data in (("deploy/nginx.conf", nginx_conf(config)), (".htaccess", apache_conf(config))):
        write(rel, data.encode("utf-8"))
    if dumps:
        written = write_dumps(store_path, out / "dump")
        files += len(written)
    return BuildReport(out, len(iris), files, time.perf_counter() - t0)


def _type_pages(store: Any, config: Config) -> dict[str, tuple[int, list[tuple[str, str]]]]:
    from kg.publish.handlers import TYPE_INDEX, type_members

    out = {}
    for name, cls in TYPE_INDEX.items():
        total, members = type_members(store, cls, 1, size=10**9)
        if total:
            out[name] = (total, members)
    return out


STATIC_PAGE = 1000


def _type_index_files(pages: dict[str, tuple[int, list[tuple[str, str]]]], stats: dict[str, Any],
                      config: Config) -> Iterator[tuple[str, bytes]]:
    from kg.publish.handlers import TYPE_INDEX
    from kg.publish.render_html import Linker, render, term_labels

    link = Linker(config, "/types/", static=True)
    index = [{"href": link.path("/types/" + n), "label": term_labels().get(TYPE_INDEX[n], (n, ""))[0] or n,
              "count": total, "iri": TYPE_INDEX[n]} for n, (total, _m) in pages.items()]
    yield "types/index.html", render("types.html", title="فهرست‌ها", index=index, link=link, config=config,
                                     static=True, alternates=[])
    for name, (total, members) in pages.items():
        n_pages = max(1, -(-len(members) // STATIC_PAGE))
        for page in range(1, n_pages + 1):
            here = f"/types/{name}" if page == 1 else f"/types/{name}/{page}"
            plink = Linker(config, here, static=True)

            def href(n: int, name: str = name, plink: Linker = plink) -> str:
                return plink.path(f"/types/{name}" if n == 1 else f"/types/{name}/{n}")

            chunk = members[(page - 1) * STATIC_PAGE: page * STATIC_PAGE]
            body = render("types.html", title=name, name=name, cls=TYPE_INDEX[name], total=total, page=page,
                          pages=n_pages, members=[(plink.iri(x), label) for x, label in chunk], page_href=href,
                          link=plink, config=config, static=True, alternates=[], index=None)
            yield here.lstrip("/") + ".html", body


# --- server configuration snippets ------------------------------------------------------------------
def nginx_conf(config: Config) -> str:
    return f"""# officials-kg static site on nginx: content negotiation for the linked-data IRIs.
# Include in the http {{}} block (the map) and adapt server_name/root. An IRI such as
# {config.base}person/x is served from id/person/x.html, .ttl or .jsonld by the Accept
# header (HTML when the client accepts it, as browsers do; q-values are not weighed).
map $http_accept $kg_ext {{
    default                   ".html";
    "~*text/html"             ".html";
    "~*application/xhtml"     ".html";
    "~*text/turtle"           ".ttl";
    "~*application/ld\\+json"  ".jsonld";
    "~*application/json"      ".jsonld";
}}

server {{
    listen 80;
    server_name kg.example.org;
    root /srv/officials-kg;

    include mime.types;
    types {{
        text/turtle ttl;
        application/ld+json jsonld;
        text/html html;
        application/gzip gz;
    }}
    charset utf-8;
    charset_types text/turtle application/ld+json;
    add_header X-Content-Type-Options nosniff always;
    add_header Access-Control-Allow-Origin "*" always;

    location /id/ {{
        add_header Vary Accept always;
        add_header Access-Control-Allow-Origin "*" always;
        try_files $uri $uri$kg_ext =404;
    }}
    location = /ontology {{ add_header Vary Accept always; try_files /ontology$kg_ext =404; }}
    location = /dataset  {{ add_header Vary Accept always; try_files /dataset$kg_ext =404; }}
    location = /.well-known/void {{ default_type text/turtle; try_files $uri =404; }}
    location /types/ {{ try_files $uri $uri.html $uri/index.html =404; }}
    location = /deploy/nginx.conf {{ return 404; }}
}}
"""


def apache_conf(config: Config) -> str:
    return f"""# officials-kg static site on Apache httpd (mod_rewrite, mod_headers, mod_mime): content
# negotiation for the linked-data IRIs. Put this .htaccess at the site root (AllowOverride
# FileInfo Options). An IRI such as {config.base}person/x is served from
# id/person/x.html, .ttl or .jsonld by the Accept header (HTML when the client accepts it).
Options -MultiViews -Indexes
AddType text/turtle .ttl
AddType application/ld+json .jsonld
AddType application/gzip .gz
AddCharset utf-8 .html .ttl .jsonld
<Files "void">
    ForceType text/turtle
</Files>
<IfModule mod_headers.c>
    Header always set X-Content-Type-Options nosniff
    Header always set Access-Control-Allow-Origin "*"
    Header append Vary Accept
</IfModule>

RewriteEngine On
# browsers (and anything that accepts HTML) get the page
RewriteCond %{{HTTP_ACCEPT}} text/html [OR]
RewriteCond %{{HTTP_ACCEPT}} application/xhtml\\+xml
RewriteCond %{{REQUEST_FILENAME}}.html -f
RewriteRule ^(.+)$ $1.html [L]
RewriteCond %{{HTTP_ACCEPT}} text/turtle
RewriteCond %{{REQUEST_FILENAME}}.ttl -f
RewriteRule ^(.+)$ $1.ttl [L]
RewriteCond %{{HTTP_ACCEPT}} application/(ld\\+)?json
RewriteCond %{{REQUEST_FILENAME}}.jsonld -f
RewriteRule ^(.+)$ $1.jsonld [L]
# anything else: the page
RewriteCond %{{REQUEST_FILENAME}} !-f
RewriteCond %{{REQUEST_FILENAME}}.html -f
RewriteRule ^(.+)$ $1.html [L]
RewriteCond %{{REQUEST_FILENAME}} -d
RewriteCond %{{REQUEST_FILENAME}}/index.html -f
RewriteRule ^(.*)$ $1/index.html [L]
"""
