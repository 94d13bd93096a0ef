"""Settings shared by the server (``kg serve``) and the static site builder (``kg publish``)."""

from __future__ import annotations

from dataclasses import dataclass, replace

from kg.rdf.namespace import DEFAULT_BASE, KG_URI

__all__ = ["ONTOLOGY_IRI", "SHAPES_IRI", "Config"]

ONTOLOGY_IRI = KG_URI.rstrip("#")  # https://w3id.org/officials-kg/ontology: the document the terms live in
SHAPES_IRI = "https://w3id.org/officials-kg/shapes"


@dataclass(frozen=True)
class Config:
    """What a deployment may change. Defaults are the safe ones for a public endpoint."""

    base: str = DEFAULT_BASE
    """Namespace of the instance IRIs; an IRI ``{base}person/x`` is served at ``/id/person/x``."""
    public_url: str | None = None
    """Where the site is reachable (``https://kg.example.org/``), for VoID/DCAT and the
    dump's address; None: the address the request came to (right for a local server)."""
    timeout: float = 10.0
    """Seconds a query (or a page) may run; then its worker process is killed."""
    max_rows: int = 10_000
    """Rows (or triples) a result may have; more are cut and ``X-SPARQL-MaxRows`` says so."""
    max_bytes: int = 64 * 1024 * 1024
    """Bytes a serialised result may reach before it is cut like ``max_rows``."""
    max_query_chars: int = 64 * 1024
    workers: int = 3
    """Worker processes; SPARQL requests may hold all but one, so pages always have one."""
    max_pending: int = 64
    """Requests waiting for a worker before the server answers 503 at once."""
    worker_memory_mb: int = 4096
    """Address-space limit of each worker (RLIMIT_AS); 0 for none."""
    cors_origins: tuple[str, ...] = ("*",)
    """``Access-Control-Allow-Origin`` values; empty: no CORS headers. Read-only data, no
    credentials: ``*`` is what public SPARQL endpoints send."""
    title: str = "officials-kg"
    title_fa: str = "گراف دانش مقام‌ها و گفته‌هایشان"
    description: str = ("Public officials quoted in Persian news, what they said (with the exact span of the "
                        "article), their posts, organisations, places, projects, events and quantities.")
    license: str = "https://creativecommons.org/licenses/by/4.0/"
    """Licence of the graph (``dcterms:license``); article texts remain their publishers'."""
    max_inbound: int = 500
    """Inbound links shown on (and sent with) one entity's page."""
    max_statements: int = 100
    """Statements of one person shown on (and sent with) their page."""
    access_log: bool = True
    dump_dir: str | None = None
    """Where the server keeps its dump files (kept across restarts, rebuilt when the store is
    newer); None: a temporary folder, removed at shutdown."""

    def __post_init__(self) -> None:
        if not self.base.endswith(("/", "#")):
            object.__setattr__(self, "base", self.base + "/")
        if self.public_url and not self.public_url.endswith("/"):
            object.__setattr__(self, "public_url", self.public_url + "/")
        if self.workers < 2:
            raise ValueError("at least 2 workers: one heavy query must not take the only one")
        if self.timeout <= 0 or self.max_rows <= 0:
            raise ValueError("timeout and max_rows must be positive")

    def with_(self, **changes: object) -> Config:
        return replace(self, **changes)  # type: ignore[arg-type]

    # --- IRIs ⇄ local paths ---------------------------------------------------------------------
    def local_path(self, iri: str) -> str | None:
        """The server path of an instance IRI (``/id/person/x``), None for IRIs outside the base."""
        if iri.startswith(self.base):
            rest = iri[len(self.base):].split("#", 1)[0]
            return "/id/" + rest if rest else None
        if iri == ONTOLOGY_IRI or iri.startswith(KG_URI):
            return "/ontology"
        if iri == SHAPES_IRI or iri.startswith(SHAPES_IRI + "#"):
            return "/shapes"
        return None

    def iri_of(self, path: str) -> str:
        """The instance IRI a ``/id/...`` path names."""
        return self.base + path.removeprefix("/id/")
