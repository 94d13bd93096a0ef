"""``kg serve``: the store as a linked-data site and a read-only SPARQL endpoint."""

from __future__ import annotations

import click

from kg.cli.store import store_option
from kg.errors import KgError


class ServeError(KgError):
    """The server cannot start (port taken, bad option)."""


def existing_store(store_path: str | None):
    """The store folder a command serves or publishes, which must exist. It is NOT opened
    here: opening it for writing would take its lock (and rewrite its manifest) while the
    workers only ever open it read-only, so `kg ingest` may run beside the server."""
    from pathlib import Path

    from kg.errors import StoreError
    from kg.store import default_store_path

    path = Path(store_path).expanduser() if store_path else default_store_path()
    if not (path / "CURRENT").exists():
        raise StoreError(f"no store at {path} (ingest articles first: kg ingest ARTICLES --store {path})")
    return path


@click.command(context_settings={"help_option_names": ["-h", "--help"], "max_content_width": 100})
@store_option
@click.option("--host", default="127.0.0.1", show_default=True,
              help="Address to listen on (0.0.0.0 or :: to be reachable from other machines).")
@click.option("--port", default=8000, show_default=True, type=click.IntRange(0, 65535),
              help="Port; 0 picks a free one (printed on stderr).")
@click.option("--workers", default=3, show_default=True, type=click.IntRange(2, 64),
              help="Query worker processes (SPARQL may hold all but one; pages always have one).")
@click.option("--timeout", default=10.0, show_default=True, type=click.FloatRange(0.1, 3600),
              help="Seconds a query or page may run before its worker is killed.")
@click.option("--max-rows", default=10_000, show_default=True, type=click.IntRange(1),
              help="Rows (or triples) a result may have; more are cut (X-SPARQL-MaxRows).")
@click.option("--worker-memory", default=4096, show_default=True, type=click.IntRange(0),
              help="Address-space limit of each worker in MiB (0: none).")
@click.option("--cors", "cors", multiple=True, default=("*",), show_default=True, metavar="ORIGIN",
              help="Allowed CORS origin (repeatable); --no-cors for none.")
@click.option("--no-cors", is_flag=True, help="Send no CORS headers.")
@click.option("--public-url", help="Where the site is reachable (https://kg.example.org/), for VoID/DCAT links.")
@click.option("--base", default=None, help="Base IRI of the instances [default: https://w3id.org/officials-kg/id/].")
@click.option("--license", "license_", help="Licence IRI of the data (dcterms:license).")
@click.option("--dump-dir", type=click.Path(file_okay=False), help="Keep the dump files here across restarts.")
@click.option("--access-log/--no-access-log", default=True, show_default=True, help="Log every request.")
def serve(store_path, host, port, workers, timeout, max_rows, worker_memory, cors, no_cors, public_url, base,
          license_, dump_dir, access_log) -> None:
    """Serve the store: a SPARQL endpoint and every instance IRI as a page or RDF.

    Every IRI under the base dereferences at /id/…: HTML for browsers (Persian, right to
    left), Turtle, N-Triples, JSON-LD or RDF/XML by content negotiation or by suffix
    (.ttl, .jsonld, .nt, .rdf). The SPARQL 1.1 Protocol endpoint is /sparql (GET, form
    POST, application/sparql-query POST); it is read-only and refuses SERVICE, LOAD and
    remote FROM before running anything. Each query runs in a worker process that is
    killed at --timeout; results are cut at --max-rows. Also /ontology, /dataset and
    /.well-known/void (VoID + DCAT), /dump/officials-kg.nq.gz, /types/, /status.

    The store is opened read-only when the server starts: restart it after `kg ingest`.
    Stop it with Ctrl-C or SIGTERM; queries running then are stopped.

    \b
    Examples:
      kg serve                                  # http://127.0.0.1:8000/
      kg serve --port 0                         # a free port, printed on stderr
      kg serve --host 0.0.0.0 --public-url https://kg.example.org/ --timeout 30
      curl -H 'Accept: text/turtle' http://127.0.0.1:8000/id/place/city-hamedan
      curl http://127.0.0.1:8000/sparql --data-urlencode 'query=SELECT * WHERE { ?s a kg:Official }'
    """
    import contextlib
    import errno
    import logging
    import signal
    import socket
    import sys
    import threading

    import uvicorn

    from kg.publish import Config, app

    kwargs = {}
    if base:
        kwargs["base"] = base
    if license_:
        kwargs["license"] = license_
    try:
        config = Config(timeout=timeout, max_rows=max_rows, workers=workers, worker_memory_mb=worker_memory,
                        cors_origins=() if no_cors else tuple(cors), public_url=public_url, dump_dir=dump_dir,
                        access_log=access_log, **kwargs)
    except ValueError as exc:
        raise ServeError(str(exc)) from None
    path = existing_store(store_path)
    application = app(path, config)
    family = socket.AF_INET6 if ":" in host else socket.AF_INET
    sock = socket.socket(family, socket.SOCK_STREAM)
    sock.setsockopt(socket.SOL_SOCKET, socket.SO_REUSEADDR, 1)
    try:
        sock.bind((host, port))
    except OSError as exc:
        sock.close()
        if exc.errno == errno.EADDRINUSE:
            raise ServeError(f"port {port} on {host} is in use (choose another with --port, or --port 0)") from None
        raise ServeError(f"cannot listen on {host}:{port}: {exc.strerror or exc}") from None
    sock.listen(2048)
    actual = sock.getsockname()[1]
    shown = f"[{host}]" if ":" in host else host
    url = f"http://{shown}:{actual}/"
    logging.basicConfig(level=logging.INFO, format="%(asctime)s %(name)s %(levelname)s %(message)s")

    class Server(uvicorn.Server):
        @contextlib.contextmanager
        def capture_signals(self):
            # uvicorn re-raises SIGTERM/SIGINT after its graceful shutdown, so the process
            # would die of the signal; a requested, completed shutdown is a success (exit 0)
            if threading.current_thread() is not threading.main_thread():
                yield
                return
            previous = {sig: signal.signal(sig, self.handle_exit) for sig in (signal.SIGINT, signal.SIGTERM)}
            try:
                yield
            finally:
                for sig, handler in previous.items():
                    signal.signal(sig, handler)

        async def startup(self, sockets=None) -> None:
            await super().startup(sockets=sockets)
            if not self.should_exit:  # the lifespan (workers) is up: announce the address
                click.echo(f"kg serve: listening on {url} (store {path}, {workers} workers, "
                           f"{timeout:g} s limit, {max_rows:,} rows)", err=True)
                sys.stderr.flush()

    server = Server(uvicorn.Config(
        application, log_level="info", access_log=access_log, lifespan="on", proxy_headers=False,
        timeout_graceful_shutdown=5, server_header=False, date_header=True))
    try:
        server.run(sockets=[sock])
    finally:
        sock.close()
    if not server.started:
        raise ServeError("the server did not start (see the messages above)")
