"""The ``kg`` command: one small function per verb over the library.

Every ``KgError`` becomes a one-line message on stderr and its exit code; heavy
libraries are imported inside the commands so that ``kg --help`` starts fast.
"""

from __future__ import annotations

import sys
from collections import Counter
from pathlib import Path

import click

from kg import __version__
from kg.errors import InputError, KgError

DEFAULT_BASE = "https://w3id.org/officials-kg/id/"
CONTEXT_SETTINGS = {"help_option_names": ["-h", "--help"], "max_content_width": 100}


# commands living in their own modules, imported only when used (fast `kg --help`)
LAZY_COMMANDS = {
    "query": "kg.cli.query:query",
    "store": "kg.cli.store:store",
    "export": "kg.cli.export:export",
    "serve": "kg.cli.serve:serve",
    "publish": "kg.cli.publish:publish",
    "push": "kg.cli.push:push",
}


class KgGroup(click.Group):
    """Lazy subcommands; library errors become one line and an exit code, never a traceback."""

    def list_commands(self, ctx: click.Context) -> list[str]:
        import importlib.util

        lazy = [n for n, target in LAZY_COMMANDS.items() if importlib.util.find_spec(target.split(":")[0])]
        return sorted([*super().list_commands(ctx), *lazy])

    def get_command(self, ctx: click.Context, name: str):
        if name in LAZY_COMMANDS:
            import importlib

            module, attr = LAZY_COMMANDS[name].split(":")
            try:
                return getattr(importlib.import_module(module), attr)
            except ModuleNotFoundError as exc:
                if exc.name == module:
                    return None
                raise
        return super().get_command(ctx, name)

    def invoke(self, ctx: click.Context):
        try:
            return super().invoke(ctx)
        except KgError as exc:
            click.echo(f"kg: error: {exc}", err=True)
            sys.exit(exc.exit_code)
        except BrokenPipeError:
            sys.exit(0)
        except KeyboardInterrupt:
            click.echo("kg: interrupted", err=True)
            sys.exit(130)


@click.group(cls=KgGroup, context_settings=CONTEXT_SETTINGS)
@click.version_option(__version__, prog_name="officials-kg")
@click.option(
    "--lexicon-dir",
    type=click.Path(file_okay=False, exists=True),
    envvar="KG_LEXICON_DIR",
    help="Folder of extra lexicon rows (files named like kg/lexicons/*.tsv).",
)
def main(lexicon_dir: str | None) -> None:
    """Turn Persian news articles into a knowledge graph of officials and what they said.

    \b
    Examples:
      kg ingest --sample                       # the bundled article, into the default store
      kg ingest article.txt -o graph.trig      # one article to a TriG file
      cat article.txt | kg ingest - -o - -f turtle
      kg validate graph.trig
    """
    if lexicon_dir:
        import os

        from kg.lexicons import clear_cache

        os.environ["KG_LEXICON_DIR"] = lexicon_dir
        clear_cache()


def _summary(items, output: str, conforms: bool) -> str:
    lines = []
    for item in items:
        a = item.article
        people = {p.key: p for p in a.people}
        lines.append(f"{item.source.name}: {len(a.statements)} statements, {len(a.people)} people")
        per = Counter(s.speaker for s in a.statements)
        for key, n in per.most_common():
            p = people[key]
            role = f" — {p.title_phrase}" if p.title_phrase and p.name else ""
            kind = "official" if p.official else "person"
            lines.append(f"  {p.label}{role} ({kind}): {n} statements")
        if a.projects:
            lines.append(f"  projects: {len(a.projects)}: " + "، ".join(p.label for p in a.projects[:6]))
        if a.quantities:
            shown = "، ".join(f"{q.value.normalize():f} {q.unit}" for q in a.quantities[:8])
            lines.append(f"  quantities: {len(a.quantities)}: {shown}")
        if a.events:
            lines.append("  events: " + "، ".join(e.label for e in a.events))
    lines.append(f"SHACL: {'conforms' if conforms else 'VIOLATIONS'}")
    lines.append(f"output: {output}")
    return "\n".join(lines)


@main.command()
@click.argument("articles", nargs=-1)
@click.option("-o", "--output", help="Write the graph to this file ('-' for stdout) instead of the store; "
              "format from the extension.")
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
@click.option("-q", "--quiet", is_flag=True, help="No summary on stderr.")
def ingest(articles, output, store_path, force, fmt, sample, base, url, date_, source, no_validate, quiet) -> None:
    """Extract officials, statements and entities from ARTICLES into the store or a file.

    ARTICLES are UTF-8 text files, folders, globs, .json/.jsonl records (fields
    text, url, date, source, title), optionally gzipped, or '-' for stdin.
    Without -o the graph goes into the embedded store (one named graph per
    article, replaced atomically; articles already stored are skipped unless
    --force). Every article is validated against the SHACL shapes before
    anything is written; on a violation nothing is written and the exit status
    is 3.

    \b
    Examples:
      kg ingest --sample                      # into the default store
      kg ingest --sample -o sample.trig
      kg ingest news/ -o corpus.nq
      kg ingest article.txt --date 1404-07-15 --url https://example.org/a -o a.ttl
    """
    from kg.ingest import fail_on_violations, iter_sources, process, serialise, write_atomic
    from kg.samples import sample_path
    from kg.text.read import with_metadata

    paths = list(articles)
    if sample:
        paths.append(str(sample_path()))
    stdin_bytes = None
    if not paths:
        if sys.stdin.isatty():
            raise InputError("no articles given (name files or folders, '-' for stdin, or --sample)")
        paths = ["-"]
    if "-" in paths:
        stdin_bytes = sys.stdin.buffer.read()
    items = []
    for src in iter_sources(paths, stdin_bytes):
        src = with_metadata(src, url=url, date=date_, source=source)
        items.append(process(src, base=base, validate=not no_validate))
    if not items:
        raise InputError("no articles found in the given paths")
    fail_on_violations(items)
    graphs = [i.graph for i in items]
    if output is None:
        from kg.store import Store, default_store_path

        path = Path(store_path) if store_path else default_store_path()
        stored = skipped = 0
        with Store(path) as store:
            for item in items:
                if not force and store.has_article(item.article.sha256):
                    skipped += 1
                    continue
                store.replace_article(item.graph)
                stored += 1
            total = len(store.articles())
        note = f", {skipped} already stored (use --force to re-ingest)" if skipped else ""
        where = f"store {path} ({stored} articles written{note}; {total} in the store)"
    elif output == "-":
        data = serialise(graphs, fmt or "trig", base)
        sys.stdout.buffer.write(data)
        where = "stdout"
    else:
        from kg.rdf.formats import by_name, by_path

        rdf_format = by_name(fmt) if fmt else by_path(output)
        write_atomic(Path(output), serialise(graphs, rdf_format.name, base))
        where = str(Path(output).resolve())
    if not quiet:
        click.echo(_summary(items, where, conforms=not no_validate), err=True)


@main.command()
@click.argument("graph_files", nargs=-1, required=True, type=click.Path(dir_okay=False))
@click.option("--format", "fmt", type=click.Choice(["text", "turtle"]), default="text", show_default=True,
              help="Report as plain text or as the SHACL validation report graph.")
def validate(graph_files, fmt) -> None:
    """Validate RDF files against the officials-kg SHACL shapes.

    Exit status 0 when they conform, 3 on violations.
    """
    from kg.rdf.io import load_files
    from kg.validate import validate as shacl

    report = shacl(load_files(graph_files))
    if fmt == "turtle":
        click.echo(report.graph.serialize(format="turtle"))
    else:
        click.echo("conforms" if report.conforms else report.summary(limit=50))
    if not report.conforms:
        sys.exit(3)


@main.command()
@click.argument("graph_files", nargs=-1, required=True, type=click.Path(dir_okay=False))
def reason(graph_files) -> None:
    """Check RDF files for consistency with the ontology using HermiT (needs Java)."""
    from kg.rdf.io import load_files
    from kg.reason import ReasonerUnavailable
    from kg.reason import reason as run

    graph = load_files(graph_files)
    try:
        result = run(graph)
    except ReasonerUnavailable as exc:
        raise KgError(str(exc)) from None
    if result.consistent:
        click.echo(f"consistent ({len(result.inferred)} inferred facts)")
    else:
        click.echo("INCONSISTENT")
        for p in result.problems:
            click.echo(f"  {p}")
        sys.exit(1)


if __name__ == "__main__":  # pragma: no cover
    main()
