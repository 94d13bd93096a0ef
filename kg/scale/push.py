"""``kg push``: the store, or N-Quads shards, into a SPARQL server people already run.

Two ways in:

* **SPARQL 1.1 Graph Store HTTP Protocol** (Oxigraph server, Apache Jena Fuseki, GraphDB,
  Stardog, Virtuoso's own endpoint …): one ``PUT`` per article graph (idempotent: pushing
  again replaces the graph), over one kept-alive HTTP connection. Graph contents go as
  N-Triples. :class:`GraphStore`.
* **Virtuoso's bulk loader** (``ld_dir`` + ``rdf_loader_run``), an order of magnitude faster
  than any HTTP protocol for millions of triples: the N-Quads files are placed in a folder the
  server may read (``DirsAllowed`` in virtuoso.ini) and loaded by ``isql``. :class:`Virtuoso`.

Sources are read as streams of (graph IRI, N-Triples text) — :func:`graphs_of_store`,
:func:`graphs_of_files` — so memory stays at one article graph whatever the corpus size.
"""

from __future__ import annotations

import base64
import http.client
import os
import shutil
import subprocess
import tempfile
import time
import urllib.parse
from collections.abc import Iterable, Iterator
from dataclasses import dataclass, field
from pathlib import Path

from kg.errors import KgError

__all__ = ["GraphStore", "PushResult", "Virtuoso", "graph_names", "graphs_of_files", "graphs_of_store",
           "nquads_files_of_store"]


@dataclass
class PushResult:
    graphs: int = 0
    triples: int = 0
    bytes: int = 0
    seconds: float = 0.0
    errors: list[str] = field(default_factory=list)


# --- sources ------------------------------------------------------------------------------------


def graphs_of_store(path: Path) -> Iterator[tuple[str, str]]:
    """(graph IRI, N-Triples) of every named graph of a store, the derived graph included."""
    import pyoxigraph as ox

    from kg.store import Store
    from kg.store.store import restore

    with Store(path, read_only=True) as store:
        names = sorted(g.value for g in store.raw.named_graphs() if isinstance(g, ox.NamedNode))
        for name in names:
            quads = store.raw.quads_for_pattern(None, None, None, ox.NamedNode(name))
            yield name, "".join(f"{q.subject} {q.predicate} {q.object} .\n" for q in map(restore, quads))


def graphs_of_files(files: Iterable[Path]) -> Iterator[tuple[str, str]]:
    """(graph IRI, N-Triples) of N-Quads files, one graph at a time.

    ``kg ingest -o X.nq`` and the Dask shards write each article graph as one run of lines;
    a graph met again later (another file) is yielded again, and pushed as an addition.
    """
    import pyoxigraph as ox

    for f in files:
        current: str | None = None
        lines: list[str] = []
        for q in ox.parse(path=str(f), format=ox.RdfFormat.N_QUADS):
            g = q.graph_name
            name = g.value if isinstance(g, ox.NamedNode) else ""
            if name != current:
                if current is not None and lines:
                    yield current, "".join(lines)
                current, lines = name, []
            lines.append(f"{q.subject} {q.predicate} {q.object} .\n")
        if current is not None and lines:
            yield current, "".join(lines)


def graph_names(files: Iterable[Path]) -> list[str]:
    """The named graphs of N-Quads files (for clearing them before a bulk load)."""
    import pyoxigraph as ox

    names: set[str] = set()
    for f in files:
        names.update(q.graph_name.value for q in ox.parse(path=str(f), format=ox.RdfFormat.N_QUADS)
                     if isinstance(q.graph_name, ox.NamedNode))
    return sorted(names)


def nquads_files_of_store(path: Path, folder: Path) -> list[Path]:
    """Dump a store as one N-Quads file into ``folder`` (for a bulk loader)."""
    from kg.store import Store

    out = folder / "store.nq"
    with Store(path, read_only=True) as store:
        store.dump(out, "nq")
    return [out]


# --- the Graph Store HTTP Protocol ----------------------------------------------------------------


class GraphStore:
    """A SPARQL 1.1 Graph Store HTTP Protocol endpoint, e.g. ``http://localhost:7878/store``
    (Oxigraph), ``http://localhost:3030/ds/data`` (Fuseki),
    ``http://localhost:7200/repositories/kg/rdf-graphs/service`` (GraphDB)."""

    def __init__(self, url: str, *, user: str | None = None, password: str | None = None,
                 timeout: float = 120.0) -> None:
        parts = urllib.parse.urlsplit(url)
        if parts.scheme not in ("http", "https") or not parts.hostname:
            raise KgError(f"not an http(s) URL: {url!r}")
        self.url = url
        self.parts = parts
        self.timeout = timeout
        self.headers = {"Content-Type": "application/n-triples; charset=utf-8"}
        if user is not None:
            token = base64.b64encode(f"{user}:{password or ''}".encode()).decode()
            self.headers["Authorization"] = f"Basic {token}"
        self._conn: http.client.HTTPConnection | None = None

    def _connection(self) -> http.client.HTTPConnection:
        if self._conn is None:
            cls = http.client.HTTPSConnection if self.parts.scheme == "https" else http.client.HTTPConnection
            self._conn = cls(self.parts.hostname, self.parts.port, timeout=self.timeout)
        return self._conn

    def _target(self, graph: str) -> str:
        query = urllib.parse.urlencode({"graph": graph}) if graph else "default"
        base = self.parts.path or "/"
        sep = "&" if self.parts.query else ""
        return f"{base}?{self.parts.query}{sep}{query}"

    def send(self, method: str, graph: str, body: bytes) -> None:
        """One request; retried once on a dropped keep-alive connection."""
        for attempt in (1, 2):
            conn = self._connection()
            try:
                conn.request(method, self._target(graph), body=body, headers=self.headers)
                resp = conn.getresponse()
                text = resp.read()
            except (ConnectionError, http.client.HTTPException, OSError) as exc:
                self.close()
                if attempt == 2:
                    raise KgError(f"{self.url}: {exc}") from None
                continue
            if resp.status >= 300:
                detail = " ".join(text.decode("utf-8", "replace").split())[:300]
                raise KgError(f"{self.url}: {method} <{graph}> → HTTP {resp.status} {resp.reason}: {detail}")
            return

    def push(self, graphs: Iterable[tuple[str, str]], *, replace: bool = True) -> PushResult:
        """PUT each graph (POST, adding, when ``replace`` is False or a graph comes again)."""
        result = PushResult()
        start = time.monotonic()
        seen: set[str] = set()
        try:
            for graph, ntriples in graphs:
                body = ntriples.encode("utf-8")
                method = "PUT" if replace and graph not in seen else "POST"
                seen.add(graph)
                self.send(method, graph, body)
                result.graphs += 1
                result.triples += ntriples.count("\n")
                result.bytes += len(body)
        finally:
            self.close()
            result.seconds = time.monotonic() - start
        return result

    def close(self) -> None:
        if self._conn is not None:
            self._conn.close()
            self._conn = None


# --- Virtuoso's bulk loader -------------------------------------------------------------------------


class Virtuoso:
    """Virtuoso's RDF bulk loader, driven through ``isql`` (``isql-vt`` on Debian).

    ``load_dir`` must be listed in the server's ``DirsAllowed`` and readable by it (the server
    reads the files itself; for a remote server, a folder both machines see).
    """

    def __init__(self, address: str = "127.0.0.1:1111", *, user: str = "dba", password: str = "dba",
                 load_dir: Path | None = None, isql: str | None = None) -> None:
        self.address, self.user, self.password = address, user, password
        self.load_dir = load_dir
        self.isql = isql or shutil.which("isql-vt") or shutil.which("isql-v") or shutil.which("isql")
        if self.isql is None:
            raise KgError("Virtuoso's isql is not installed (Debian: apt-get install virtuoso-opensource)")

    def sql(self, script: str, *, timeout: float = 3600) -> str:
        """Run SQL statements (each ending in ';'); raise on any error isql reports."""
        with tempfile.NamedTemporaryFile("w", suffix=".sql", delete=False, encoding="utf-8") as fh:
            fh.write(script)
            path = fh.name
        try:
            # isql takes the password only as an argument (visible to local `ps` while it runs)
            proc = subprocess.run([self.isql, self.address, self.user, self.password, path],
                                  capture_output=True, text=True, timeout=timeout)
        except subprocess.TimeoutExpired:
            raise KgError(f"Virtuoso at {self.address}: isql timed out") from None
        finally:
            os.unlink(path)
        out = proc.stdout + proc.stderr
        errors = [ln for ln in out.splitlines() if "*** Error" in ln or ln.startswith("*** ")]
        if proc.returncode != 0 or errors:
            detail = errors[0] if errors else out.strip().splitlines()[-1:] or [f"exit {proc.returncode}"]
            raise KgError(f"Virtuoso at {self.address}: {detail if isinstance(detail, str) else detail[0]}")
        return out

    def push(self, files: Iterable[Path], *, replace: bool = True,
             default_graph: str = "urn:officials-kg:default") -> PushResult:
        """Bulk-load N-Quads files; with ``replace``, first clear the graphs they hold (so a
        re-push replaces them rather than adding to them)."""
        start = time.monotonic()
        files = list(files)
        names = graph_names(files)
        graphs = names if replace else []
        result = PushResult(bytes=sum(f.stat().st_size for f in files))
        folder = self.load_dir or Path(tempfile.mkdtemp(prefix="kg-virtuoso-load-"))
        folder.mkdir(parents=True, exist_ok=True)
        staged = []
        try:
            for i, f in enumerate(files):
                target = folder / f"kg-push-{i:05d}.nq"
                if f.resolve() != target.resolve():
                    shutil.copyfile(f, target)
                staged.append(target)
            d = _sql_string(str(folder.resolve()))
            clear = "".join(f"SPARQL CLEAR GRAPH <{_iri(g)}>;\n" for g in graphs)
            self.sql(
                "log_enable(2, 1);\n"  # autocommit, no transaction log: a bulk load, not a transaction
                f"{clear}"
                f"DELETE FROM DB.DBA.load_list WHERE ll_file LIKE {_sql_string(str(folder.resolve()) + '/%')};\n"
                f"ld_dir({d}, 'kg-push-*.nq', {_sql_string(default_graph)});\n"
                "rdf_loader_run();\n"
                "checkpoint;\n")
            report = self.sql(
                "SELECT ll_file, ll_error FROM DB.DBA.load_list "
                f"WHERE ll_file LIKE {_sql_string(str(folder.resolve()) + '/%')} AND ll_error IS NOT NULL;\n")
            failed = [ln.strip() for ln in report.splitlines() if "kg-push-" in ln]
            if failed:
                raise KgError(f"Virtuoso could not load: {failed[0]}")
            result.graphs = len(names)
            result.triples = sum(_count_lines(f) for f in staged)
        finally:
            for f in staged:
                f.unlink(missing_ok=True)
            if self.load_dir is None:
                shutil.rmtree(folder, ignore_errors=True)
        result.seconds = time.monotonic() - start
        return result


def _count_lines(path: Path) -> int:
    with path.open("rb") as fh:
        return sum(block.count(b"\n") for block in iter(lambda: fh.read(1 << 20), b""))


def _sql_string(text: str) -> str:
    return "'" + text.replace("'", "''") + "'"


def _iri(text: str) -> str:
    if any(c in text for c in "<>\"{}|^`\\ \n"):
        raise KgError(f"not an IRI: {text!r}")
    return text
