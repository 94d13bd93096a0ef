"""The main job as a library function: sources → extracted, validated, mapped graphs.

The CLI's ``kg ingest`` is a thin layer over ``ingest_sources``; nothing is
written until every article of the batch has been extracted and validated (for a
file output) or until each article is validated (for the store, one transaction
per article).
"""

from __future__ import annotations

import os
import tempfile
from collections.abc import Iterable, Iterator
from dataclasses import dataclass, field
from pathlib import Path

from kg import records as r
from kg.errors import InputError, ValidationError
from kg.text.read import Source


@dataclass
class Ingested:
    source: Source
    article: r.Article
    graph: object  # rdflib.Graph named by the article IRI
    conforms: bool = True
    report: str = ""


@dataclass
class Summary:
    articles: int = 0
    failed: list[tuple[str, str]] = field(default_factory=list)
    skipped: int = 0
    statements: int = 0
    people: int = 0
    triples: int = 0


def parse_article_date(value: str | None):
    """A ``datetime.date`` from a Gregorian or Jalali date string (None passes through)."""
    if not value:
        return None, None
    from kg.extract.dates import parse_date_arg

    try:
        return parse_date_arg(value), value
    except ValueError as exc:
        raise InputError(f"bad date {value!r}: {exc}") from None


def process(src: Source, *, base: str, validate: bool = True) -> Ingested:
    """Extract, map and (optionally) validate one article."""
    from kg.extract.pipeline import extract
    from kg.rdf.mapping import article_graph

    day, written = parse_article_date(src.date)
    article = extract(src, article_date=day)
    if written and day is not None:
        article.jalali_date = written if not written[:4].isdigit() or int(written[:4]) < 1700 else None
    graph = article_graph(article, base)
    item = Ingested(src, article, graph)
    if validate:
        from kg.validate import validate as shacl

        report = shacl(graph)
        item.conforms = report.conforms
        if not report.conforms:
            item.report = report.summary(limit=3)
    return item


def iter_sources(paths: Iterable[str], stdin_bytes: bytes | None = None) -> Iterator[Source]:
    """Articles named on the command line: files, folders, globs, ``-`` for stdin."""
    import glob

    from kg.text.read import read_bytes, read_path

    for p in paths:
        if p == "-":
            yield from read_bytes(stdin_bytes or b"", "<stdin>")
            continue
        path = Path(p)
        if path.is_dir():
            files = sorted(
                f for f in path.rglob("*")
                if f.is_file() and f.name.endswith((".txt", ".json", ".jsonl", ".txt.gz", ".jsonl.gz"))
                and not f.name.endswith(".gold.json")
            )
            for f in files:
                yield from read_path(f)
        elif not path.exists() and glob.has_magic(p):
            matches = sorted(glob.glob(p, recursive=True))
            if not matches:
                raise InputError(f"{p}: no file matches")
            for m in matches:
                yield from read_path(Path(m))
        else:
            yield from read_path(path)


def write_atomic(path: Path, data: bytes) -> None:
    """Write ``data`` so that ``path`` is either untouched or complete."""
    path.parent.mkdir(parents=True, exist_ok=True)
    fd, tmp = tempfile.mkstemp(dir=path.parent, prefix=f".{path.name}.", suffix=".tmp")
    try:
        with os.fdopen(fd, "wb") as fh:
            fh.write(data)
        os.replace(tmp, path)
    except BaseException:
        Path(tmp).unlink(missing_ok=True)
        raise


def serialise(graphs: list, fmt_name: str, base: str) -> bytes:
    """Serialise article graphs in one RDF format (named graphs kept where the format can)."""
    from rdflib import Dataset, Graph

    from kg.rdf.formats import by_name
    from kg.rdf.namespace import bind_prefixes

    fmt = by_name(fmt_name)
    if fmt.datasets:
        ds = Dataset()
        bind_prefixes(ds, base)
        for g in graphs:
            target = ds.graph(g.identifier)
            for t in g:
                target.add(t)
        if fmt.name == "json-ld":
            import json

            from kg.resources import context_path

            context = json.loads(context_path().read_text(encoding="utf-8"))
            return ds.serialize(format="json-ld", context=context.get("@context", context)).encode("utf-8")
        return ds.serialize(format=fmt.name).encode("utf-8")
    merged = Graph()
    bind_prefixes(merged, base)
    for g in graphs:
        for t in g:
            merged.add(t)
    return merged.serialize(format=fmt.name).encode("utf-8")


def fail_on_violations(items: list[Ingested]) -> None:
    bad = [i for i in items if not i.conforms]
    if bad:
        first = bad[0]
        more = f" (and {len(bad) - 1} more articles)" if len(bad) > 1 else ""
        raise ValidationError(f"{first.source.name}: graph violates the SHACL shapes{more}: {first.report}")
