"""Views of the knowledge graph for graph tools and the browser (``kg export``).

``project(source, view)`` (``kg.export.projections``) turns an RDF graph — files, an rdflib
graph, a pyoxigraph store or the officials-kg store — into a networkx graph with measures;
``kg.export.writers`` writes it as GraphML, GEXF 1.3, Cytoscape.js JSON, node-link JSON, DOT,
SVG, PNG, CSV or a self-contained HTML page.

This module stays import-light (no networkx) so that the CLI can list views and formats fast.
"""

from __future__ import annotations

import os
import secrets
from pathlib import Path
from typing import Any

VIEWS = ("people", "topics", "full")


def write_file(path: Path, data: bytes) -> None:
    """Write ``data`` so that ``path`` is either untouched or complete, with the usual
    permissions (umask applied: an exported page is meant to be shared, unlike mkstemp's 0600)."""
    path.parent.mkdir(parents=True, exist_ok=True)
    tmp = path.with_name(f".{path.name}.{secrets.token_hex(4)}.tmp")
    fd = os.open(tmp, os.O_WRONLY | os.O_CREAT | os.O_EXCL, 0o666)
    try:
        with os.fdopen(fd, "wb") as fh:
            fh.write(data)
        os.replace(tmp, path)
    except BaseException:
        tmp.unlink(missing_ok=True)
        raise


def export(source: Any, view: str, output: str | Path, fmt: str | None = None) -> list[Path]:
    """Project ``source`` as ``view`` and write it to ``output`` (format from ``fmt`` or the extension).

    Returns the files written (two for CSV).
    """
    from kg.export.projections import project
    from kg.export.writers import by_name, by_path, output_paths

    writer = by_name(fmt) if fmt else by_path(output)
    projection = project(source, view)
    written = []
    for path, data in output_paths(str(output), writer.render(projection)):
        write_file(path, data)
        written.append(path)
    return written
