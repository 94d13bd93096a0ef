"""Helpers for the multi-article fixture (tests/fixtures/multi/); stories in conftest.py."""

from __future__ import annotations

from pathlib import Path

from kg.ingest import Ingested, iter_sources, process
from kg.rdf.iris import Minter

MULTI = Path(__file__).resolve().parents[1] / "fixtures" / "multi"
BASE = "https://w3id.org/officials-kg/id/"
MINT = Minter(BASE)


def ingest_items(folder: Path = MULTI) -> list[Ingested]:
    return [process(src, base=BASE, validate=False) for src in iter_sources([str(folder)])]


def by_name(items: list[Ingested], part: str) -> Ingested:
    hits = [i for i in items if part in Path(i.source.name).name]
    assert len(hits) == 1, f"{part}: {len(hits)} fixture articles"
    return hits[0]


def speakers(st, item: Ingested) -> set[str]:
    """IRIs of the speakers of an article's statements, as stored."""
    g = item.graph.identifier
    return {r["p"].value for r in st.query(f"SELECT DISTINCT ?p WHERE {{ GRAPH <{g}> {{ ?s kg:speaker ?p }} }}")}
