"""The embedded knowledge-graph store (pyoxigraph on disk; rdflib only builds and validates).

Default location: :func:`default_store_path` — ``$KG_STORE``, else
``$XDG_DATA_HOME/officials-kg/store``, else ``~/.local/share/officials-kg/store``
(``%LOCALAPPDATA%\\officials-kg\\store`` on Windows, ``~/Library/Application Support/…`` on macOS).

Layout: one named graph per article, named by the article IRI (``id:article/{h}``), plus
one derived graph (:data:`DERIVED_GRAPH`) of facts computed across articles — one display
name per person, post, organisation and place, dated memberships (``org:Membership``),
statement counts per person, month and outlet, project and event groups, quality issues —
kept up to date in the same transaction as every write (:mod:`kg.store.derived`). Storing
an article first links its people, posts and organisations to the store's
(:mod:`kg.store.identity`).
"""

from __future__ import annotations

from kg.errors import StoreError
from kg.store.identity import DERIVED_GRAPH
from kg.store.paths import default_store_path
from kg.store.store import ArticleInfo, Store

__all__ = ["DERIVED_GRAPH", "ArticleInfo", "Store", "StoreError", "default_store_path"]
