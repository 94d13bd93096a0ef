"""Fixtures for the publishing tests: the sample in an on-disk store, the app in-process
(Starlette's TestClient) and ``kg serve`` as a real server on 127.0.0.1."""

from __future__ import annotations

from collections.abc import Iterator
from pathlib import Path

import pytest
from publish_support import Server, ingest_sample, start_server, stop_server


def pytest_configure(config):
    # Starlette 1.x prefers httpx2 for its TestClient; httpx works and is what is installed
    config.addinivalue_line("filterwarnings", "ignore:Using `httpx` with `starlette.testclient`")


@pytest.fixture(scope="session")
def sample_store(tmp_path_factory) -> Path:
    return ingest_sample(tmp_path_factory.mktemp("publish") / "store")


@pytest.fixture(scope="module")
def client(sample_store):
    """The application in-process, with its worker pool (the lifespan runs)."""
    from starlette.testclient import TestClient

    from kg.publish import Config, app

    with TestClient(app(sample_store, Config(timeout=5, max_rows=100))) as c:
        c.headers.pop("accept", None)
        yield c


@pytest.fixture(scope="session")
def server(sample_store) -> Iterator[Server]:
    """A real server: 2 s time limit, 1,000 rows, 3 workers."""
    s = start_server(sample_store, "--timeout", "2", "--max-rows", "1000", "--workers", "3")
    try:
        yield s
    finally:
        code = stop_server(s)
        log = "".join(s.log)
        assert code == 0, f"kg serve exited with status {code}:\n{log}"
