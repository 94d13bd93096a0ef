"""Read RDF files of any supported format into one rdflib Dataset."""

from __future__ import annotations

import sys
from collections.abc import Iterable

from kg.errors import InputError
from kg.rdf.formats import by_path


def load_files(paths: Iterable[str], fmt: str | None = None):
    """Parse every file (``-`` = stdin, Turtle unless ``fmt``) into a Dataset with default_union."""
    from rdflib import Dataset

    from kg.rdf.formats import by_name

    ds = Dataset(default_union=True)
    for p in paths:
        rdf_format = by_name(fmt) if fmt else (by_name("turtle") if p == "-" else by_path(p))
        try:
            if p == "-":
                ds.parse(data=sys.stdin.buffer.read(), format=rdf_format.name)
            else:
                ds.parse(p, format=rdf_format.name)
        except FileNotFoundError:
            raise InputError(f"{p}: no such file") from None
        except Exception as exc:  # rdflib raises many parser-specific types
            first = str(exc).strip().splitlines()[0] if str(exc).strip() else type(exc).__name__
            raise InputError(f"{p}: not valid {rdf_format.name}: {first[:200]}") from None
    return ds
