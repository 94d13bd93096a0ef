"""officials-kg: Persian news articles → a linked-data knowledge graph of officials and their statements.

Public API::

    from kg import extract, to_dataset, Source
    article = extract(Source(text))
    dataset = to_dataset([article])
"""

from __future__ import annotations

__version__ = "0.1.0"

__all__ = ["Source", "__version__", "extract", "to_dataset"]


def __getattr__(name: str):
    # lazy: `kg --help` must not pay for rdflib's import
    if name == "extract":
        from kg.extract.pipeline import extract

        return extract
    if name == "to_dataset":
        from kg.rdf.mapping import to_dataset

        return to_dataset
    if name == "Source":
        from kg.text.read import Source

        return Source
    raise AttributeError(name)
