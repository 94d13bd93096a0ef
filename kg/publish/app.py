"""The web application (Starlette, ASGI): routes, content negotiation, limits, headers.

The web process never opens the store. Every SPARQL query and every page that reads the
store is a job for the worker pool (:mod:`kg.publish.workers`), which kills a job at its
time limit; this process only parses HTTP, negotiates formats, and serves what does not
depend on the store (the ontology, the context, the dumps, the pages made from the counts
taken at start-up).

Routes (``/id/…`` mirrors the instance namespace ``config.base``)::

    GET  /                          home page (HTML), or VoID by content negotiation
    GET  /id/{path}[.ttl|.jsonld|.nt|.rdf|.html]   an instance: HTML or RDF (303-free conneg)
    GET  /sparql?query=…  POST /sparql (form or application/sparql-query)   SPARQL 1.1 Protocol
    GET  /ontology[.ttl|.jsonld|.nt|.rdf|.html], /ontology/{version}        the ontology
    GET  /shapes[.ttl], /context.jsonld, /ontology/context.jsonld            shapes and context
    GET  /dataset[.ttl|…], /.well-known/void                                VoID + DCAT
    GET  /dump/officials-kg.nq.gz, /dump/officials-kg.ttl.gz                 full dumps
    GET  /types/, /types/{Class}?page=N                                     indexes per type
    GET  /status                                                            JSON health check
"""

from __future__ import annotations

import asyncio
import contextlib
import json
import logging
import shutil
import sys
import tempfile
import time
from pathlib import Path
from typing import Any
from urllib.parse import parse_qs

from starlette.applications import Starlette
from starlette.middleware import Middleware
from starlette.middleware.cors import CORSMiddleware
from starlette.requests import Request
from starlette.responses import FileResponse, JSONResponse, PlainTextResponse, RedirectResponse, Response
from starlette.routing import Route
from starlette.types import ASGIApp, Message, Receive, Scope, Send

from kg.publish.config import Config
from kg.publish.conneg import negotiate
from kg.publish.workers import Busy, QueryTimeout, Reply, WorkerCrashed, WorkerPool

__all__ = ["create_app"]

log = logging.getLogger("kg.publish")

RDF_OFFERS = {"text/turtle": "turtle", "application/n-triples": "nt", "application/ld+json": "jsonld",
              "application/rdf+xml": "rdfxml"}
PAGE_OFFERS = ["text/html", "application/xhtml+xml", *RDF_OFFERS, "application/x-turtle", "text/plain",
               "application/json"]
ALIASES = {"application/xhtml+xml": "html", "text/html": "html", "application/x-turtle": "turtle",
           "text/plain": "nt", "application/json": "jsonld"} | RDF_OFFERS
SUFFIXES = {".ttl": "turtle", ".jsonld": "jsonld", ".nt": "nt", ".rdf": "rdfxml", ".html": "html"}
MEDIA = {"turtle": "text/turtle; charset=utf-8", "nt": "application/n-triples; charset=utf-8",
         "jsonld": "application/ld+json", "rdfxml": "application/rdf+xml", "html": "text/html; charset=utf-8"}
EXTENSION = {v: k for k, v in SUFFIXES.items()}
CSP = ("default-src 'none'; style-src 'unsafe-inline'; img-src data:; form-action 'self'; base-uri 'none'; "
       "frame-ancestors 'none'")
MAX_BODY = 1 << 20  # bytes of a POST body (a query is at most config.max_query_chars)


class SecurityHeaders:
    """nosniff everywhere; a CSP that forbids every fetch on HTML pages (they need none)."""

    def __init__(self, app: ASGIApp) -> None:
        self.app = app

    async def __call__(self, scope: Scope, receive: Receive, send: Send) -> None:
        if scope["type"] != "http":
            await self.app(scope, receive, send)
            return

        async def wrapped(message: Message) -> None:
            if message["type"] == "http.response.start":
                headers = list(message.get("headers", []))
                headers.append((b"x-content-type-options", b"nosniff"))
                ctype = next((v for k, v in headers if k.lower() == b"content-type"), b"")
                if ctype.startswith(b"text/html"):
                    headers.append((b"content-security-policy", CSP.encode()))
                    headers.append((b"referrer-policy", b"no-referrer"))
                message["headers"] = headers
            await send(message)

        await self.app(scope, receive, wrapped)


def _text(status: int, message: str, **headers: str) -> PlainTextResponse:
    return PlainTextResponse(message + "\n", status_code=status, headers=headers)


def _reply(r: Reply, extra: dict[str, str] | None = None) -> Response:
    headers = dict(r.headers)
    if extra:
        headers.update(extra)
    return Response(r.body, status_code=r.status, media_type=r.content_type, headers=headers)


def _split_suffix(path: str) -> tuple[str, str | None]:
    for ext, fmt in SUFFIXES.items():
        if path.endswith(ext):
            return path[: -len(ext)], fmt
    return path, None


def _choose(request: Request, html: bool = True) -> str | None:
    offers = PAGE_OFFERS if html else [o for o in PAGE_OFFERS if o not in {"text/html", "application/xhtml+xml"}]
    media = negotiate(request.headers.get("accept"), offers)
    return None if media is None else ALIASES[media]


def _links(name: str, *, html: bool = True) -> str:
    """The ``Link`` header naming a resource's alternates (relative to its URL)."""
    parts = [f'<{name}{EXTENSION[f]}>; rel="alternate"; type="{MEDIA[f].split(";")[0]}"'
             for f in ("turtle", "jsonld", "nt", "rdfxml")]
    if html:
        parts.append(f'<{name}.html>; rel="alternate"; type="text/html"')
    return ", ".join(parts)


class Site:
    """State shared by the routes: the pool, the counts, cached documents."""

    def __init__(self, store_path: Path, config: Config) -> None:
        self.store_path = store_path
        self.config = config
        self.pool = WorkerPool(store_path, config)
        self.stats: dict[str, Any] | None = None
        self.started = time.time()
        self.dump_dir: Path | None = Path(config.dump_dir) if config.dump_dir else None
        self._own_dump_dir = False
        self.dumps_ready = False
        self._tasks: set[asyncio.Task] = set()
        self._cache: dict[tuple, bytes] = {}

    # --- lifecycle ----------------------------------------------------------------------------
    async def start(self) -> None:
        await self.pool.start()
        if not self.pool.sandbox:
            log.warning("query workers could not leave the network (no namespaces here): relying on the "
                        "query check alone to refuse SERVICE and LOAD")
        if self.dump_dir is None:
            self.dump_dir = Path(tempfile.mkdtemp(prefix="kg-dumps-"))
            self._own_dump_dir = True
        self.dump_dir.mkdir(parents=True, exist_ok=True)
        self._background(self._compute_stats())
        self._background(self._write_dumps())

    async def stop(self) -> None:
        for t in list(self._tasks):
            t.cancel()
        await self.pool.close()
        if self._own_dump_dir and self.dump_dir is not None:
            shutil.rmtree(self.dump_dir, ignore_errors=True)

    def _background(self, coro) -> None:
        task = asyncio.get_running_loop().create_task(coro)
        self._tasks.add(task)
        task.add_done_callback(self._tasks.discard)

    async def _compute_stats(self) -> None:
        """Count the dataset for VoID (minutes of one worker on millions of quads), or reuse
        the counts saved beside the dumps when the store has not changed since."""
        from kg.publish.dumps import _store_mtime

        saved = self.dump_dir / "stats.json" if self.dump_dir else None
        if saved is not None and saved.is_file() and saved.stat().st_mtime >= _store_mtime(self.store_path):
            with contextlib.suppress(ValueError, OSError):
                self.stats = json.loads(saved.read_text(encoding="utf-8"))
                self._cache.clear()
                return
        try:
            reply = await self.pool.run({"op": "stats"}, lane="query", timeout=max(600.0, self.config.timeout))
        except Exception as exc:
            log.error("could not count the dataset for VoID: %s", exc)
            return
        self.stats = reply.data
        self._cache.clear()
        if saved is not None:
            with contextlib.suppress(OSError):
                saved.write_text(json.dumps(self.stats, ensure_ascii=False), encoding="utf-8")

    async def _write_dumps(self) -> None:
        assert self.dump_dir is not None
        from kg.publish.workers import child_env

        proc = await asyncio.create_subprocess_exec(sys.executable, "-m", "kg.publish.dumps", str(self.store_path),
                                                    str(self.dump_dir), env=child_env())
        try:
            code = await proc.wait()
        except asyncio.CancelledError:
            with contextlib.suppress(ProcessLookupError):
                proc.kill()
            await proc.wait()
            raise
        self.dumps_ready = code == 0
        if code:
            log.error("the dump files could not be written (exit status %s)", code)

    # --- helpers --------------------------------------------------------------------------------
    def root(self, request: Request) -> str:
        if self.config.public_url:
            return self.config.public_url
        base = str(request.base_url)
        return base if base.endswith("/") else base + "/"

    async def run(self, job: dict[str, Any], *, lane: str) -> Response:
        try:
            return _reply(await self.pool.run(job, lane=lane))
        except QueryTimeout:
            return _text(503, f"the query was stopped: it ran longer than the {self.config.timeout:g} s time limit "
                              "of this endpoint (add a LIMIT, or narrow the patterns)", **{"Retry-After": "5"})
        except Busy:
            return _text(503, "the server is busy: every query worker is taken; try again shortly",
                         **{"Retry-After": "5"})
        except WorkerCrashed:
            return _text(500, "the query was stopped: it needed more memory than a query may use, or crashed "
                              "its worker")


# --- routes -----------------------------------------------------------------------------------------
def _site(request: Request) -> Site:
    return request.app.state.site


async def entity(request: Request) -> Response:
    site = _site(request)
    path, fmt = _split_suffix(request.url.path)
    rest = path.removeprefix("/id/")
    if not rest or "#" in rest:
        return _text(404, "no such resource")
    iri = site.config.iri_of(path)
    name = rest.rsplit("/", 1)[-1]
    headers = {"Cache-Control": "public, max-age=300"}
    if fmt is None:
        fmt = _choose(request)
        if fmt is None:
            return _text(406, "available: text/html, " + ", ".join(RDF_OFFERS))
        headers["Vary"] = "Accept"
        headers["Content-Location"] = name + EXTENSION[fmt]
        headers["Link"] = _links(name)
    response = await site.run({"op": "entity", "iri": iri, "fmt": fmt, "here": path}, lane="page")
    if response.status_code in {200, 404}:
        response.headers.update(headers if response.status_code == 200 else {"Vary": "Accept"})
    return response


async def sparql(request: Request) -> Response:
    from kg.publish.endpoint import job_from_params

    site = _site(request)
    params: dict[str, list[str]] = parse_qs(request.url.query, keep_blank_values=True)
    query: str | None = None
    if request.method == "POST":
        ctype = request.headers.get("content-type", "").split(";")[0].strip().lower()
        body = b""
        async for chunk in request.stream():
            body += chunk
            if len(body) > MAX_BODY:
                return _text(413, f"request body over {MAX_BODY:,} bytes")
        try:
            text = body.decode("utf-8")
        except UnicodeDecodeError:
            return _text(400, "the request body is not UTF-8")
        if ctype == "application/sparql-update":
            return _text(403, "updates are not allowed: this endpoint is read-only")
        if ctype == "application/sparql-query":
            query = text
        elif ctype == "application/x-www-form-urlencoded":
            form = parse_qs(text, keep_blank_values=True)
            for key, values in form.items():
                params.setdefault(key, []).extend(values)
        else:
            return _text(415, "POST a query as application/sparql-query or application/x-www-form-urlencoded")
    if "update" in params:
        return _text(403, "updates are not allowed: this endpoint is read-only")
    queries = params.get("query", [])
    if query is None:
        if len(queries) > 1:
            return _text(400, "more than one query parameter")
        query = queries[0] if queries else None
    if query is None or not query.strip():
        return _service_page(request, site)
    job = job_from_params(query, params, request.headers.get("accept"))
    response = await site.run(job, lane="query")
    response.headers["Vary"] = "Accept"
    return response


def _service_page(request: Request, site: Site) -> Response:
    """``/sparql`` without a query: the form for browsers, the service description for RDF clients."""
    fmt = _choose(request)
    root = site.root(request)
    if fmt == "html" or fmt is None:
        from kg.publish.render_html import Linker, render

        link = Linker(site.config, "/sparql")
        body = render("sparql.html", title="SPARQL", query=_example_query(), variables=[], table=None, cut=False,
                      count=0, link=link, config=site.config, static=False, alternates=[], examples=_examples(link),
                      error=None)
        return Response(body, media_type=MEDIA["html"], headers={"Vary": "Accept"})
    from kg.publish.render_rdf import serialize
    from kg.publish.void import description

    triples = [t for t in description(site.stats or _empty_stats(), site.config, root)
               if t.subject.value.endswith("#sparql")]
    return Response(serialize(triples, fmt), media_type=MEDIA[fmt], headers={"Vary": "Accept"})


def _example_query() -> str:
    return ("SELECT ?person ?name (COUNT(?s) AS ?statements) WHERE {\n"
            "  ?s a kg:Statement ; kg:speaker ?person .\n"
            "  ?person skos:prefLabel ?name .\n"
            "} GROUP BY ?person ?name ORDER BY DESC(?statements) LIMIT 20")


def _examples(link) -> list[dict[str, str]]:
    """The library's named queries that run without parameters, as links that run them."""
    from urllib.parse import urlencode

    from kg.errors import KgError
    from kg.query import library, prepare

    out = []
    for name, q in library().items():
        try:
            text, _ = prepare(name)
        except KgError:
            continue
        out.append({"title": q.title or name, "href": link.path("/sparql") + "?" + urlencode({"query": text})})
    return out


def _empty_stats() -> dict[str, Any]:
    return {"triples": 0, "entities": 0, "classes": {}, "properties": {}, "examples": [], "labels": {},
            "articles": 0, "statements": 0, "people": 0, "officials": 0, "first_date": None, "last_date": None}


async def home(request: Request) -> Response:
    site = _site(request)
    fmt = _choose(request)
    if fmt and fmt != "html":
        return await dataset_doc(request, fmt)
    from kg.publish.render_html import Linker, render
    from kg.publish.void import DUMPS

    body = render("home.html", title=site.config.title_fa, stats=site.stats, root=site.root(request),
                  dumps=[(n, w) for n, (_m, w) in DUMPS.items()], link=Linker(site.config, "/"),
                  config=site.config, static=False, alternates=[])
    return Response(body, media_type=MEDIA["html"], headers={"Vary": "Accept"})


async def dataset(request: Request) -> Response:
    _path, fmt = _split_suffix(request.url.path)
    if request.url.path.startswith("/.well-known/"):
        fmt = fmt or _choose(request, html=False) or "turtle"
    fmt = fmt or _choose(request)
    if fmt is None:
        return _text(406, "available: text/html, " + ", ".join(RDF_OFFERS))
    return await dataset_doc(request, fmt)


async def dataset_doc(request: Request, fmt: str) -> Response:
    site = _site(request)
    if site.stats is None:
        return _text(503, "the dataset is still being counted; try again in a few seconds", **{"Retry-After": "5"})
    root = site.root(request)
    key = ("dataset", fmt, root)
    if key not in site._cache:
        from kg.publish.void import DUMPS, dataset_iri, description

        if fmt == "html":
            from kg.publish.render_html import Linker, render

            s = site.stats
            site._cache[key] = render(
                "dataset.html", title="توصیف داده‌ها", dataset=dataset_iri(site.config), stats=s, root=root,
                dumps=[(n, w) for n, (_m, w) in DUMPS.items()], classes=sorted(s["classes"].items()),
                properties=sorted(s["properties"].items()), link=Linker(site.config, "/dataset"),
                config=site.config, static=False,
                alternates=[{"type": MEDIA[f].split(";")[0], "href": "dataset" + EXTENSION[f], "name": n}
                            for f, n in (("turtle", "Turtle"), ("jsonld", "JSON-LD"), ("nt", "N-Triples"),
                                         ("rdfxml", "RDF/XML"))])
        else:
            from kg.publish.render_rdf import serialize

            triples = description(site.stats, site.config, root)
            site._cache[key] = serialize(triples, fmt, subject_order=[dataset_iri(site.config)])
    return Response(site._cache[key], media_type=MEDIA[fmt], headers={"Vary": "Accept", "Link": _links("dataset")})


async def ontology(request: Request) -> Response:
    site = _site(request)
    path, fmt = _split_suffix(request.url.path)
    if path not in {"/ontology", "/ontology/"} and not path.startswith("/ontology/"):
        return _text(404, "no such document")
    fmt = fmt or _choose(request)
    if fmt is None:
        return _text(406, "available: text/html, " + ", ".join(RDF_OFFERS))
    key = ("ontology", fmt)
    if key not in site._cache:
        if fmt == "html":
            from kg.publish.render_html import ontology_page

            site._cache[key] = ontology_page(site.config, "/ontology")
        else:
            site._cache[key] = _ontology_rdf(fmt)
    headers = {"Vary": "Accept", "Link": _links("ontology")}
    return Response(site._cache[key], media_type=MEDIA[fmt], headers=headers)


def _ontology_rdf(fmt: str) -> bytes:
    import pyoxigraph as ox

    from kg.publish.render_rdf import serialize
    from kg.resources import ontology_path

    if fmt == "turtle":
        return ontology_path().read_bytes()  # the file as written, comments included
    triples = list(ox.parse(path=str(ontology_path()), format=ox.RdfFormat.TURTLE))
    return serialize(triples, fmt)


async def shapes(request: Request) -> Response:
    from kg.resources import shapes_path

    # no HTML rendering of the shapes: browsers get the Turtle as text to read
    wants_html = _choose(request) == "html" and not request.url.path.endswith(".ttl")
    return Response(shapes_path().read_bytes(), media_type="text/plain; charset=utf-8" if wants_html else
                    MEDIA["turtle"], headers={"Vary": "Accept"})


async def context(request: Request) -> Response:
    from kg.resources import context_path

    return Response(context_path().read_bytes(), media_type="application/ld+json")


async def dump(request: Request) -> Response:
    from kg.publish.void import DUMPS

    site = _site(request)
    name = request.path_params["name"]
    if name not in DUMPS:
        return _text(404, "no such dump; available: " + ", ".join(DUMPS))
    if not site.dumps_ready or site.dump_dir is None:
        return _text(503, "the dump is being written; try again in a minute", **{"Retry-After": "30"})
    return FileResponse(site.dump_dir / name, media_type="application/gzip", filename=name,
                        headers={"Cache-Control": "public, max-age=3600"})


async def types(request: Request) -> Response:
    site = _site(request)
    name = request.path_params.get("name")
    if name:
        try:
            page = int(request.query_params.get("page", "1"))
        except ValueError:
            return _text(400, "page must be a number")
        return await site.run({"op": "types", "name": name, "page": page, "here": request.url.path}, lane="page")
    from kg.publish.handlers import TYPE_INDEX
    from kg.publish.render_html import Linker, render, term_labels

    link = Linker(site.config, "/types/")
    counts = (site.stats or {}).get("classes", {})
    index = [{"href": link.path("/types/" + n), "label": term_labels().get(c, (n, ""))[0] or n,
              "count": counts.get(c, 0), "iri": c} for n, c in TYPE_INDEX.items() if counts.get(c, 0) or not counts]
    body = render("types.html", title="فهرست‌ها", index=index, link=link, config=site.config, static=False,
                  alternates=[])
    return Response(body, media_type=MEDIA["html"])


async def status(request: Request) -> Response:
    site = _site(request)
    pool = site.pool
    return JSONResponse({
        "ok": True, "workers": pool.size, "idle": pool.idle, "killed_at_time_limit": pool.killed,
        "crashed": pool.crashed, "network_isolation": pool.sandbox or None, "counted": site.stats is not None,
        "dumps_ready": site.dumps_ready, "uptime_s": round(time.time() - site.started, 1),
        "limits": {"timeout_s": site.config.timeout, "max_rows": site.config.max_rows},
    })


async def robots(request: Request) -> Response:
    return _text(200, "User-agent: *\nDisallow: /sparql\n")


def create_app(store: str | Path | Any, config: Config | None = None) -> Starlette:
    """The ASGI application serving the store at ``store`` (a folder, or a
    :class:`kg.store.Store` on disk). The pool starts with the application's lifespan."""
    from kg.errors import StoreError

    config = config or Config()
    path = getattr(store, "path", store)
    if path is None:
        raise StoreError("an in-memory store cannot be served: the query workers open the store from disk")
    path = Path(path).expanduser()
    if not (path / "CURRENT").exists():
        raise StoreError(f"no store at {path} (ingest articles first: kg ingest ARTICLES --store {path})")
    site = Site(path, config)

    @contextlib.asynccontextmanager
    async def lifespan(app: Starlette):
        await site.start()
        try:
            yield
        finally:
            await site.stop()

    routes = [
        Route("/", home),
        Route("/sparql", sparql, methods=["GET", "POST"]),
        Route("/id/{path:path}", entity),
        Route("/ontology", ontology), Route("/ontology.{ext}", ontology), Route("/ontology/", ontology),
        Route("/ontology/context.jsonld", context), Route("/ontology/{version:path}", ontology),
        Route("/shapes", shapes), Route("/shapes.ttl", shapes),
        Route("/context.jsonld", context),
        Route("/dataset", dataset), Route("/dataset.{ext}", dataset), Route("/.well-known/void", dataset),
        Route("/dump/{name}", dump),
        Route("/types", lambda r: RedirectResponse("types/", 301)), Route("/types/", types),
        Route("/types/{name}", types),
        Route("/status", status), Route("/robots.txt", robots),
    ]
    middleware = [Middleware(SecurityHeaders)]
    if config.cors_origins:
        middleware.append(Middleware(
            CORSMiddleware, allow_origins=list(config.cors_origins), allow_methods=["GET", "POST", "OPTIONS"],
            allow_headers=["Accept", "Content-Type"], expose_headers=["X-SPARQL-MaxRows", "Link",
                                                                      "Content-Location"], max_age=86400))
    app = Starlette(routes=routes, middleware=middleware, lifespan=lifespan)
    app.state.site = site
    return app
