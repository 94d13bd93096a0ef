"""Locate data shipped with the package: the ontology, shapes, JSON-LD context and queries.

A wheel carries the top-level ``ontology/`` and ``queries/`` folders inside the package as
``kg/_data/ontology`` and ``kg/_data/queries`` (see pyproject's force-include); an editable or
source checkout has them at the repository root. Looking in both places lets the same code
run from either without configuration.
"""

from __future__ import annotations

from pathlib import Path

_PACKAGE_DIR = Path(__file__).resolve().parent
_DATA_DIR = _PACKAGE_DIR / "_data"
_REPO_DIR = _PACKAGE_DIR.parent

__all__ = ["context_path", "data_path", "ontology_path", "shapes_path"]


def data_path(*parts: str) -> Path:
    """Return the path of a packaged data file, e.g. ``data_path("ontology", "shapes.ttl")``.

    Looks first in ``kg/_data/`` (wheel installs), then in the repository's top-level folders
    (editable and development installs). Raises FileNotFoundError naming both places.
    """
    if not parts:
        raise ValueError("data_path() needs at least one path component, e.g. 'ontology'")
    candidates = (_DATA_DIR.joinpath(*parts), _REPO_DIR.joinpath(*parts))
    for candidate in candidates:
        if candidate.exists():
            return candidate
    tried = " or ".join(str(c) for c in candidates)
    raise FileNotFoundError(
        f"officials-kg data file {'/'.join(parts)!r} not found (looked in {tried}); the installation is incomplete"
    )


def ontology_path() -> Path:
    """The OWL ontology, ``ontology/officials.ttl``."""
    return data_path("ontology", "officials.ttl")


def shapes_path() -> Path:
    """The SHACL shapes, ``ontology/shapes.ttl``."""
    return data_path("ontology", "shapes.ttl")


def context_path() -> Path:
    """The JSON-LD context, ``ontology/context.jsonld``."""
    return data_path("ontology", "context.jsonld")
