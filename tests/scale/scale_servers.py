"""Real SPARQL servers for the push tests, on 127.0.0.1 and free ports, stopped afterwards.

* Oxigraph server: the ``oxigraph`` command of the PyPI package ``oxigraph``.
* Virtuoso 7: ``virtuoso-t`` from Debian's ``virtuoso-opensource`` (installed by .ci/run). The
  package's service does not start by itself in a container, so the test starts the binary
  with its own configuration: a fresh database in a temporary folder, both its ports bound to
  127.0.0.1, the bulk loader allowed to read one folder.
"""

from __future__ import annotations

import contextlib
import json
import shutil
import socket
import subprocess
import sys
import time
import urllib.parse
import urllib.request
from collections.abc import Iterator
from dataclasses import dataclass
from pathlib import Path


def free_port() -> int:
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        return s.getsockname()[1]


def _wait_for(port: int, proc: subprocess.Popen, timeout: float, log: Path | None = None) -> None:
    deadline = time.monotonic() + timeout
    while time.monotonic() < deadline:
        if proc.poll() is not None:
            detail = log.read_text(errors="replace")[-2000:] if log and log.exists() else ""
            raise RuntimeError(f"server exited with {proc.returncode}: {detail}")
        with contextlib.suppress(OSError), socket.create_connection(("127.0.0.1", port), timeout=0.5):
            return
        time.sleep(0.2)
    raise RuntimeError(f"nothing listens on 127.0.0.1:{port} after {timeout} s")


def _stop(proc: subprocess.Popen) -> None:
    if proc.poll() is None:
        proc.terminate()
        try:
            proc.wait(timeout=30)
        except subprocess.TimeoutExpired:
            proc.kill()
            proc.wait(timeout=30)


def oxigraph_binary() -> str | None:
    here = Path(sys.executable).with_name("oxigraph")
    return str(here) if here.exists() else shutil.which("oxigraph")


@dataclass
class Oxigraph:
    port: int

    @property
    def gsp(self) -> str:
        return f"http://127.0.0.1:{self.port}/store"

    def select(self, sparql: str) -> dict:
        return _select(f"http://127.0.0.1:{self.port}/query", sparql, {"union-default-graph": ""})


@contextlib.contextmanager
def oxigraph_server(folder: Path) -> Iterator[Oxigraph]:
    binary = oxigraph_binary()
    assert binary is not None
    port = free_port()
    log = folder / "oxigraph.log"
    with log.open("wb") as out:
        proc = subprocess.Popen([binary, "serve", "--location", str(folder / "data"), "--bind", f"127.0.0.1:{port}"],
                                stdout=out, stderr=subprocess.STDOUT)
    try:
        _wait_for(port, proc, 60, log)
        yield Oxigraph(port)
    finally:
        _stop(proc)


VIRTUOSO_INI = """\
[Database]
DatabaseFile = {d}/virtuoso.db
ErrorLogFile = {d}/virtuoso.log
LockFile = {d}/virtuoso.lck
TransactionFile = {d}/virtuoso.trx
xa_persistent_file = {d}/virtuoso.pxa
[TempDatabase]
DatabaseFile = {d}/virtuoso-temp.db
TransactionFile = {d}/virtuoso-temp.trx
[Parameters]
ServerPort = 127.0.0.1:{sql}
DisableUnixSocket = 1
DirsAllowed = ., {load}
NumberOfBuffers = 170000
MaxDirtyBuffers = 130000
[HTTPServer]
ServerPort = 127.0.0.1:{http}
ServerRoot = {d}
MaxClientConnections = 4
ServerThreads = 4
[SPARQL]
ResultSetMaxRows = 1000000
MaxQueryExecutionTime = 120
"""


@dataclass
class VirtuosoServer:
    sql_port: int
    http_port: int
    load_dir: Path

    @property
    def address(self) -> str:
        return f"127.0.0.1:{self.sql_port}"

    def select(self, sparql: str) -> dict:
        return _select(f"http://127.0.0.1:{self.http_port}/sparql", sparql, {})


@contextlib.contextmanager
def virtuoso_server(folder: Path) -> Iterator[VirtuosoServer]:
    binary = shutil.which("virtuoso-t")
    assert binary is not None
    sql, http = free_port(), free_port()
    load = folder / "load"
    load.mkdir(parents=True, exist_ok=True)
    ini = folder / "virtuoso.ini"
    ini.write_text(VIRTUOSO_INI.format(d=folder, sql=sql, http=http, load=load), encoding="utf-8")
    log = folder / "virtuoso.log"
    with (folder / "stdout.log").open("wb") as out:
        proc = subprocess.Popen([binary, "+foreground", "+configfile", str(ini)], cwd=folder,
                                stdout=out, stderr=subprocess.STDOUT)
    try:
        _wait_for(sql, proc, 120, log)
        _wait_for(http, proc, 120, log)
        yield VirtuosoServer(sql, http, load)
    finally:
        _stop(proc)


def _select(endpoint: str, sparql: str, extra: dict[str, str]) -> dict:
    body = urllib.parse.urlencode({"query": sparql, **extra}).encode()
    req = urllib.request.Request(endpoint, data=body, headers={
        "Accept": "application/sparql-results+json", "Content-Type": "application/x-www-form-urlencoded"})
    with urllib.request.urlopen(req, timeout=120) as resp:
        return json.loads(resp.read().decode("utf-8"))
