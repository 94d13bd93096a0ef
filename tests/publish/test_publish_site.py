"""``kg publish DIR``: the static site — every resource's page and RDF twins, working
relative links, VoID, dumps, and the content-negotiation snippets."""

from __future__ import annotations

import gzip
import io
import os
import re
import shutil
import subprocess
import time
import urllib.error
import urllib.request
from html.parser import HTMLParser
from pathlib import Path
from urllib.parse import unquote, urlsplit

import pyoxigraph as ox
import pytest
from publish_support import KG, MAYOR_NAME, ROOT
from rdflib import Graph, URIRef

from kg.publish import Config
from kg.publish.site import entity_iris
from kg.store import Store

pytestmark = pytest.mark.filterwarnings("ignore:ConjunctiveGraph is deprecated:DeprecationWarning")


@pytest.fixture(scope="module")
def site(sample_store, tmp_path_factory) -> Path:
    out = tmp_path_factory.mktemp("site") / "site"
    run = subprocess.run([*KG, "publish", str(out), "--store", str(sample_store), "--jobs", "2"], capture_output=True,
                         text=True, cwd=ROOT, timeout=300)
    assert run.returncode == 0, run.stderr
    assert "resources" in run.stderr
    return out


@pytest.fixture(scope="module")
def iris(sample_store) -> list[str]:
    with Store(sample_store, read_only=True) as st:
        return entity_iris(st, Config())


def test_every_resource_has_a_page_and_rdf_twins_that_parse(site, iris):
    assert len(iris) > 100
    base = Config().base
    for iri in iris:
        stem = site / ("id/" + iri[len(base):])
        html = stem.with_name(stem.name + ".html").read_text(encoding="utf-8")
        assert f'data-iri="{iri}"' in html and '<html lang="fa" dir="rtl">' in html
        for ext, fmt in ((".ttl", "turtle"), (".jsonld", "json-ld")):
            g = Graph().parse(stem.with_name(stem.name + ext), format=fmt)
            assert len(g) > 0, f"{iri}{ext} is empty"
            assert (URIRef(iri), None, None) in g or (None, None, URIRef(iri)) in g


class Links(HTMLParser):
    def __init__(self) -> None:
        super().__init__()
        self.hrefs: list[str] = []
        self.ids: set[str] = set()
        self.fetches: list[str] = []

    def handle_starttag(self, tag, attrs):
        a = dict(attrs)
        if "id" in a:
            self.ids.add(a["id"])
        if tag in {"a", "link"} and a.get("href"):
            self.hrefs.append(a["href"])
        if tag in {"img", "script", "iframe"}:
            self.fetches.append(a.get("src", ""))


def parse(path: Path) -> Links:
    p = Links()
    p.feed(path.read_text(encoding="utf-8"))
    return p


def test_every_relative_link_resolves(site):
    pages = sorted(site.rglob("*.html"))
    assert len(pages) > 100
    parsed = {page: parse(page) for page in pages}
    broken = []
    for page, links in parsed.items():
        assert links.fetches == [], f"{page} loads {links.fetches}"
        for href in links.hrefs:
            parts = urlsplit(href)
            if parts.scheme or href.startswith("//"):
                continue  # an external link (an IRI outside the site, the licence, OpenStreetMap)
            assert not href.startswith("/"), f"{page}: root-relative link {href} breaks sub-path hosting"
            target = (page.parent / unquote(parts.path)).resolve() if parts.path else page
            if not target.is_file():
                broken.append(f"{page.relative_to(site)} → {href}")
            elif (parts.fragment and target.suffix == ".html"
                  and parts.fragment not in (parsed[target] if target in parsed else parse(target)).ids):
                broken.append(f"{page.relative_to(site)} → {href} (no such anchor)")
    assert broken == [], "\n".join(broken[:20])


def test_indexes_home_and_vocabulary(site):
    home = (site / "index.html").read_text(encoding="utf-8")
    assert "types/index.html" in home and "dataset.html" in home
    people = (site / "types/Person.html").read_text(encoding="utf-8")
    assert MAYOR_NAME in people
    onto = (site / "ontology.html").read_text(encoding="utf-8")
    assert 'id="Statement"' in onto
    g = Graph().parse(site / "ontology.ttl", format="turtle")
    assert len(Graph().parse(site / "ontology.jsonld", format="json-ld")) == len(g)
    assert (site / "context.jsonld").is_file() and (site / "shapes.ttl").is_file()
    assert (site / ".nojekyll").is_file()


def test_void_and_dumps(site, sample_store):
    g = Graph().parse(site / ".well-known/void", format="turtle")
    void = "http://rdfs.org/ns/void#"
    ds = URIRef("https://w3id.org/officials-kg/dataset")
    dumps = [str(u) for u in g.objects(ds, URIRef(void + "dataDump"))]
    assert dumps and all(u.startswith("https://w3id.org/officials-kg/dump/") for u in dumps)
    for url in dumps:
        assert (site / "dump" / url.rsplit("/", 1)[-1]).is_file()
    with Store(sample_store, read_only=True) as st:
        n = len(st)
    assert int(g.value(ds, URIRef(void + "triples"))) == n
    quads = list(ox.parse(io.BytesIO(gzip.decompress((site / "dump/officials-kg.nq.gz").read_bytes())),
                          format=ox.RdfFormat.N_QUADS))
    assert len(quads) == n
    assert len(Graph().parse(site / "dataset.jsonld", format="json-ld")) == len(
        Graph().parse(site / "dataset.ttl", format="turtle"))


def test_server_snippets(site):
    nginx = (site / "deploy/nginx.conf").read_text()
    assert "map $http_accept $kg_ext" in nginx and "text/turtle" in nginx and "try_files $uri $uri$kg_ext" in nginx
    htaccess = (site / ".htaccess").read_text()
    assert "RewriteEngine On" in htaccess and "text/turtle" in htaccess and "$1.jsonld" in htaccess
    assert nginx.count("{") == nginx.count("}")


NGINX = shutil.which("nginx") or ("/usr/sbin/nginx" if Path("/usr/sbin/nginx").exists() else None)


@pytest.mark.skipif(NGINX is None, reason="nginx is not installed (Debian: apt-get install -y nginx-light)")
def test_nginx_snippet_negotiates(site, tmp_path):
    """The generated nginx.conf, run by a real nginx on 127.0.0.1: Turtle, JSON-LD or HTML
    for the extensionless IRI path by the Accept header."""
    import socket

    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        port = s.getsockname()[1]
    server_block = (site / "deploy/nginx.conf").read_text()
    server_block = server_block.replace("listen 80;", f"listen 127.0.0.1:{port};")
    server_block = server_block.replace("root /srv/officials-kg;", f"root {site};")
    server_block = server_block.replace("include mime.types;", "include /etc/nginx/mime.types;")
    conf = tmp_path / "nginx.conf"
    # as root, nginx's workers would drop to "nobody", who cannot read pytest's private tmp folders
    user = "user root;" if hasattr(os, "geteuid") and os.geteuid() == 0 else ""
    conf.write_text(f"""daemon off; {user} pid {tmp_path}/nginx.pid; error_log {tmp_path}/error.log;
events {{}}
http {{ access_log off; client_body_temp_path {tmp_path}; proxy_temp_path {tmp_path};
fastcgi_temp_path {tmp_path}; uwsgi_temp_path {tmp_path}; scgi_temp_path {tmp_path};
{server_block} }}
""")
    proc = subprocess.Popen([NGINX, "-c", str(conf), "-p", str(tmp_path)], stderr=subprocess.PIPE)
    try:
        url = f"http://127.0.0.1:{port}/id/person/3a232e0a5b6d"
        deadline = time.monotonic() + 10
        while True:
            try:
                urllib.request.urlopen(f"http://127.0.0.1:{port}/index.html", timeout=2).close()
                break
            except (urllib.error.URLError, ConnectionError):
                assert proc.poll() is None, proc.stderr.read().decode() if proc.stderr else ""
                assert time.monotonic() < deadline, (tmp_path / "error.log").read_text()
                time.sleep(0.1)
        for accept, media, fmt in (("text/turtle", "text/turtle", "turtle"),
                                   ("application/ld+json", "application/ld+json", "json-ld"),
                                   ("text/html,*/*;q=0.8", "text/html", None)):
            with urllib.request.urlopen(urllib.request.Request(url, headers={"Accept": accept}), timeout=5) as r:
                assert r.headers["Content-Type"].startswith(media)
                assert "Accept" in (r.headers.get("Vary") or "")
                body = r.read()
            if fmt:
                assert len(Graph().parse(data=body, format=fmt)) > 10
            else:
                assert MAYOR_NAME in body.decode("utf-8")
        with urllib.request.urlopen(f"http://127.0.0.1:{port}/.well-known/void", timeout=5) as r:
            assert r.headers["Content-Type"].startswith("text/turtle")
    finally:
        proc.terminate()
        proc.wait(10)


def test_site_refuses_to_clean_a_foreign_folder(sample_store, tmp_path):
    (tmp_path / "precious.txt").write_text("keep me")
    run = subprocess.run([*KG, "publish", str(tmp_path), "--store", str(sample_store), "--clean", "--no-dumps"],
                         capture_output=True, text=True, cwd=ROOT, timeout=120)
    assert run.returncode == 1 and re.match(r"kg: error: .* not made by kg publish", run.stderr)
    assert (tmp_path / "precious.txt").read_text() == "keep me"
