"""The ``kg`` command: one small function per verb over the library.

Every ``KgError`` becomes a one-line message on stderr and its exit code; heavy
libraries are imported inside the commands so that ``kg --help`` starts fast.
"""

from __future__ import annotations

import sys

import click

from kg import __version__
from kg.errors import KgError

DEFAULT_BASE = "https://w3id.org/officials-kg/id/"
CONTEXT_SETTINGS = {"help_option_names": ["-h", "--help"], "max_content_width": 100}


# commands living in their own modules, imported only when used (fast `kg --help`)
LAZY_COMMANDS = {
    "ingest": "kg.cli.ingest:ingest",
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
