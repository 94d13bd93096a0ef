"""``kg ingest``: articles → the store (default), one RDF file, or N-Quads shards on Dask."""

from __future__ import annotations

import os
import sys
from pathlib import Path

import click

from kg.errors import InputError, KgError, ValidationError

DEFAULT_BASE = "https://w3id.org/officials-kg/id/"
SHOW_DETAILS = 5  # batches up to this size list each article's statements and speakers


@click.command()
@click.argument("articles", nargs=-1)
@click.option("-o", "--output", help="Write the graph to this file ('-' for stdout) instead of the store; "
              "format from the extension. With --dask, a folder for N-Quads shards and a manifest.")
@click.option("--store", "store_path", type=click.Path(file_okay=False),
              help="Store folder (default: $KG_STORE or ~/.local/share/officials-kg/store).")
@click.option("--force", is_flag=True, help="Re-ingest articles the store already holds.")
@click.option("-f", "--format", "fmt", help="RDF format: trig, nquads, turtle, nt, json-ld, xml.")
@click.option("--sample", is_flag=True, help="Ingest the bundled sample article (IRIB News, Hamedan).")
@click.option("--base", default=DEFAULT_BASE, show_default=True, help="Base IRI of the instances.")
@click.option("--url", help="Source URL of the article.")
@click.option("--date", "date_", help="Publication date, Gregorian (2025-10-07) or Jalali (1404-07-15).")
@click.option("--source", help="The outlet, as free text.")
@click.option("--no-validate", is_flag=True, help="Skip SHACL validation (faster; not recommended).")
@click.option("--pyshacl", is_flag=True, help="Validate with pySHACL, the reference implementation "
              "(~100x slower than the built-in validator, which reports the same results).")
@click.option("-j", "--jobs", type=click.IntRange(min=0), default=1, show_default=True,
              help="Worker processes for extraction (0: one per CPU).")
@click.option("--errors", "errors_path", type=click.Path(dir_okay=False),
              help="Write the articles that failed to this file: name, kind, reason (tab-separated).")
@click.option("--progress/--no-progress", default=None,
              help="Progress bar on stderr (default: when stderr is a terminal and not -q).")
@click.option("--dask", "dask_address", metavar="ADDRESS",
              help="Run extraction as a Dask distributed job on this scheduler ('local': a LocalCluster "
                   "on this machine); -o names the shard folder. Needs officials-kg[dask].")
@click.option("--partition-size", type=click.IntRange(min=1), default=500, show_default=True,
              help="Articles per Dask partition (one N-Quads shard each).")
@click.option("-q", "--quiet", is_flag=True, help="No summary on stderr.")
def ingest(articles, output, store_path, force, fmt, sample, base, url, date_, source, no_validate, pyshacl,
           jobs, errors_path, progress, dask_address, partition_size, quiet) -> None:
    """Extract officials, statements and entities from ARTICLES into the store or a file.

    ARTICLES are UTF-8 text files, folders (searched recursively), globs, .json
    records or .jsonl files (one article a line: text, and optionally url, date,
    source, title), optionally gzipped, or '-' for stdin. Without -o the graph
    goes into the embedded store (one named graph per article, replaced
    atomically); articles already stored (same text) are skipped unless --force,
    so an interrupted batch resumes where it stopped. With -o every article goes
    to one file, written atomically.

    Every article is validated against the SHACL shapes before it is written. An
    article that cannot be read, extracted or validated is reported (with
    --errors FILE, listed there) and skipped; the rest of the batch goes on. Exit
    status: 0 when all went in; otherwise that of the failures — 2 unreadable
    input, 3 shapes violation, 1 for a mix. A single article that fails writes
    nothing.

    \b
    Examples:
      kg ingest --sample                      # into the default store
      kg ingest --sample -o sample.trig
      kg ingest news/ -o corpus.nq
      kg ingest archive.jsonl.gz -j 4 --errors failed.tsv
      kg ingest archive.jsonl.gz --dask local -o shards/
      kg ingest article.txt --date 1404-07-15 --url https://example.org/a -o a.ttl
    """
    from kg.ingest import (
        FileSink,
        Options,
        Progress,
        StoreSink,
        count_articles,
        expand_paths,
        iter_items,
        parse_article_date,
    )
    from kg.samples import sample_path
    from kg.text.read import with_metadata

    paths = list(articles)
    if sample:
        paths.append(str(sample_path()))
    if not paths:
        if sys.stdin.isatty():
            raise InputError("no articles given (name files or folders, '-' for stdin, or --sample)")
        paths = ["-"]
    parse_article_date(date_)  # a bad --date is a usage error, not 10,000 failed articles
    expand_paths(paths)  # a missing file is too
    stdin_bytes = sys.stdin.buffer.read() if "-" in paths else None
    jobs = jobs or os.cpu_count() or 1

    def items():
        for item in iter_items(paths, stdin_bytes):
            yield with_metadata(item, url=url, date=date_, source=source) if hasattr(item, "text") else item

    if dask_address:
        if not output or output == "-":
            raise InputError("--dask needs -o FOLDER for the N-Quads shards")
        from kg.scale.dask import run_dask

        manifest = run_dask(items(), Path(output), address=dask_address, base=base, validate=not no_validate,
                            engine="pyshacl" if pyshacl else "fast", partition_size=partition_size,
                            workers=jobs, errors_path=Path(errors_path) if errors_path else None)
        if not quiet:
            click.echo(f"{manifest['articles']:,} articles: {manifest['written']:,} written to "
                       f"{len(manifest['shards'])} shards, {manifest['failed']:,} failed; "
                       f"{manifest['triples']:,} triples in {manifest['seconds']:.1f} s", err=True)
            click.echo(f"output: {Path(output).resolve() / 'manifest.json'}", err=True)
        if manifest["failed"]:
            sys.exit(manifest["exit_code"])
        return

    show = (not quiet and sys.stderr.isatty()) if progress is None else progress
    total = count_articles(paths) if show and "-" not in paths else None
    if output is None:
        from kg.store import default_store_path

        sink = StoreSink(Path(store_path) if store_path else default_store_path(), force=force)
        out_format = "store"
    else:
        from kg.rdf.formats import by_name, by_path

        out_format = (by_name(fmt) if fmt else (by_name("trig") if output == "-" else by_path(output))).name
        sink = FileSink(output, out_format, base)
    opts = Options(base=base, validate=not no_validate, engine="pyshacl" if pyshacl else "fast",
                   output=out_format, details=not quiet)
    from kg.ingest import ingest as run_ingest

    errors = open(errors_path, "w", encoding="utf-8") if errors_path else None  # noqa: SIM115
    try:
        summary = run_ingest(items(), sink, opts, jobs=jobs, errors=errors,
                             progress=Progress(total, enabled=show))
    finally:
        if errors is not None:
            errors.close()
    if summary.articles == 0:
        raise InputError("no articles found in the given paths")
    if summary.articles == 1 and summary.failures == 1:
        # one article: its failure is the command's error, as it has always been
        failure = summary.failed[0]
        error = {2: InputError, 3: ValidationError}.get(failure.exit_code, KgError)
        raise error(failure.message)
    if not quiet:
        click.echo(_report(summary, sink, validated=not no_validate, errors_path=errors_path), err=True)
    if summary.failures:
        sys.exit(summary.exit_code)


def _report(summary, sink, *, validated: bool, errors_path: str | None) -> str:
    from kg.ingest import StoreSink

    lines: list[str] = []
    if summary.articles <= SHOW_DETAILS:
        for block in summary.details:
            lines.extend(block)
    if summary.articles > 1:
        rate = summary.articles / summary.seconds if summary.seconds else 0.0
        parts = [f"{summary.written:,} written"]
        if summary.skipped:
            parts.append(f"{summary.skipped:,} skipped (already stored; --force re-ingests)")
        if summary.failures:
            parts.append(f"{summary.failures:,} failed")
        lines.append(f"{summary.articles:,} articles: {', '.join(parts)}; {summary.statements:,} statements, "
                     f"{summary.triples:,} triples in {summary.seconds:.1f} s ({rate:,.1f} articles/s)")
    for f in summary.failed[:5]:
        lines.append(f"  FAILED {f.name}: {f.reason.splitlines()[0]}")
    if summary.failures > 5:
        more = f" (all in {errors_path})" if errors_path else " (--errors FILE lists them all)"
        lines.append(f"  ... and {summary.failures - 5:,} more failures{more}")
    if not validated:
        lines.append("SHACL: not checked (--no-validate)")
    elif summary.written:
        lines.append("SHACL: conforms" if not summary.failures else "SHACL: written articles conform")
    if isinstance(sink, StoreSink):
        note = f", {summary.skipped:,} already stored (use --force to re-ingest)" if summary.skipped else ""
        lines.append(f"output: {sink.where} ({summary.written:,} articles written{note}; "
                     f"{sink.count:,} in the store)")
    else:
        lines.append(f"output: {sink.where}")
    return "\n".join(lines)
