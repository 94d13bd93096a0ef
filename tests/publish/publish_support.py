"""Helpers for the publishing tests: constants of the sample, ingesting it, and running
``kg serve`` as a real server on 127.0.0.1 (a subprocess on a free port, waited for,
stopped with SIGTERM)."""

from __future__ import annotations

import os
import re
import signal
import subprocess
import sys
import threading
import time
from dataclasses import dataclass
from pathlib import Path

ROOT = Path(__file__).resolve().parents[2]
KG = [sys.executable, "-c", "import sys; from kg.cli import main; sys.argv[0] = 'kg'; main()"]
BASE = "https://w3id.org/officials-kg/id/"
MAYOR = BASE + "person/3a232e0a5b6d"  # «سید مسعود حسینی», the mayor of Hamedan in the sample
MAYOR_NAME = "سید مسعود حسینی"
CITY = BASE + "place/city-hamedan"

# the sample: how many statements each of its two officials makes
MAYOR_STATEMENTS = 19


def ingest_sample(folder: Path) -> Path:
    """The bundled sample article in an on-disk store, as `kg ingest --sample` writes it."""
    from kg.ingest import iter_sources, process
    from kg.samples import sample_path
    from kg.store import Store

    with Store(folder) as st:
        for src in iter_sources([str(sample_path())]):
            st.replace_article(process(src, base=BASE).graph)
    return folder


@dataclass
class Server:
    url: str
    port: int
    proc: subprocess.Popen
    log: list[str]

    def status(self) -> dict:
        import json
        import urllib.request

        with urllib.request.urlopen(self.url + "status", timeout=10) as r:
            return json.loads(r.read())


def start_server(store: Path, *args: str, timeout: float = 60.0) -> Server:
    """``kg serve --port 0`` on 127.0.0.1; returns once it announced its address."""
    env = dict(os.environ, PYTHONPATH=str(ROOT))
    proc = subprocess.Popen([*KG, "serve", "--store", str(store), "--port", "0", *args],
                            stdout=subprocess.DEVNULL, stderr=subprocess.PIPE, text=True, env=env, cwd=ROOT)
    log: list[str] = []
    found: dict[str, str] = {}

    def reader() -> None:
        assert proc.stderr is not None
        for line in proc.stderr:
            log.append(line)
            m = re.search(r"listening on (http://127\.0\.0\.1:(\d+)/)", line)
            if m:
                found["url"], found["port"] = m.group(1), m.group(2)

    threading.Thread(target=reader, daemon=True).start()
    deadline = time.monotonic() + timeout
    while "url" not in found:
        if proc.poll() is not None or time.monotonic() > deadline:
            proc.kill()
            raise AssertionError("kg serve did not start:\n" + "".join(log))
        time.sleep(0.05)
    return Server(found["url"], int(found["port"]), proc, log)


def stop_server(server: Server) -> int:
    server.proc.send_signal(signal.SIGINT if sys.platform == "win32" else signal.SIGTERM)
    try:
        return server.proc.wait(20)
    except subprocess.TimeoutExpired:
        server.proc.kill()
        raise AssertionError("kg serve did not stop on SIGTERM within 20 s") from None
