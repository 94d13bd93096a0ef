"""Publishing the knowledge graph as linked data: a server and a static site.

- :func:`app` — the ASGI application behind ``kg serve``: a read-only SPARQL 1.1 Protocol
  endpoint, every instance IRI dereferenceable (HTML for browsers, Turtle, N-Triples,
  JSON-LD, RDF/XML by content negotiation), the ontology, VoID/DCAT and dumps. Queries and
  pages run in worker processes that are killed at the time limit (:mod:`kg.publish.workers`);
  the safety model is in :mod:`kg.publish.safety` and docs/publishing.md.
- :func:`kg.publish.site.build` — the same documents as static files (``kg publish DIR``).

Heavy imports (Starlette, Jinja2, rdflib's SPARQL parser) happen on use, so that a worker
process or ``kg --help`` does not pay for the parts it does not need.
"""

from __future__ import annotations

from pathlib import Path
from typing import TYPE_CHECKING, Any

from kg.publish.config import Config

if TYPE_CHECKING:
    from starlette.applications import Starlette

__all__ = ["Config", "app"]


def app(store: str | Path | Any, config: Config | None = None) -> Starlette:
    """The ASGI application serving ``store`` (a store folder or an on-disk
    :class:`kg.store.Store`); its worker pool starts and stops with the ASGI lifespan."""
    from kg.publish.app import create_app

    return create_app(store, config)
