"""``kg export``: a people, topics or full view of the graph for graph tools and the browser."""

from __future__ import annotations

import sys
import time
from pathlib import Path

import click

from kg.errors import ExportError, InputError
from kg.export import VIEWS

FORMATS_HELP = "graphml, gexf, cytoscape, node-link, dot, svg, png, csv, html"


@click.command()
@click.argument("graph_files", nargs=-1, type=click.Path(dir_okay=False, allow_dash=True))
@click.option("--store", "store_dir", is_flag=False, flag_value="", default=None, metavar="[DIR]",
              help="Read the officials-kg store (the default store when DIR is left out).")
@click.option("--view", type=click.Choice(VIEWS), default="people", show_default=True,
              help="people: who holds which post and speaks with whom; topics: who talks about "
                   "which project, place or organisation; full: every resource (small graphs).")
@click.option("-o", "--output", required=True,
              help="Output file ('-' for stdout); the format comes from its extension.")
@click.option("-f", "--format", "fmt", metavar="FORMAT", help=f"Output format: {FORMATS_HELP}.")
@click.option("--input-format", help="RDF format of GRAPH_FILES when their extension does not say.")
@click.option("-q", "--quiet", is_flag=True, help="No summary on stderr.")
def export(graph_files, store_dir, view, output, fmt, input_format, quiet) -> None:
    """Write a VIEW of the graph in GRAPH_FILES (or the store) for Gephi, yEd, Cytoscape or a browser.

    GRAPH_FILES are RDF files written by 'kg ingest' (TriG, N-Quads, Turtle, ...; '-' = stdin).
    Formats by extension: .graphml, .gexf, .cyjs (Cytoscape.js), .json (networkx node-link),
    .dot/.gv, .svg and .png (need Graphviz's dot), .csv (writes NAME.nodes.csv and
    NAME.edges.csv), .html (one self-contained page: search, type filter, statements).

    \b
    Examples:
      kg export graph.trig --view people -o people.html
      kg export a.trig b.nq --view topics -o topics.gexf
      kg export --store --view people -o people.graphml
      kg export graph.trig --view full -o - --format dot | dot -Tsvg > full.svg
    """
    from kg.export import write_file
    from kg.export.projections import load_files, open_store, project
    from kg.export.writers import by_name, by_path, output_paths

    started = time.perf_counter()
    writer = by_name(fmt) if fmt else (by_name("graphml") if output == "-" else by_path(output))
    if output == "-":
        if writer.name == "csv":
            raise ExportError("csv writes two files (NAME.nodes.csv and NAME.edges.csv); give -o NAME.csv")
        if writer.binary and sys.stdout.isatty():
            raise ExportError(f"{writer.name} is binary; redirect stdout to a file or give -o FILE")
    if graph_files and store_dir is not None:
        raise InputError("give RDF files or --store, not both")
    if graph_files:
        try:
            source = load_files(graph_files, input_format)
        except InputError as exc:
            if "cannot tell the RDF format" in str(exc):
                raise InputError(f"{exc}; give --input-format") from None
            raise
        origin = ", ".join(graph_files) if len(graph_files) <= 3 else f"{len(graph_files)} files"
    else:
        source = open_store(store_dir or None)
        origin = "store"
    projection = project(source, view)
    rendered = writer.render(projection)
    g = projection.graph
    if output == "-":
        sys.stdout.buffer.write(rendered if isinstance(rendered, bytes) else b"".join(rendered.values()))
        sys.stdout.buffer.flush()
        where = "stdout"
    else:
        paths = output_paths(output, rendered)
        for path, data in paths:
            write_file(path, data)
        where = ", ".join(str(Path(p).resolve()) for p, _ in paths)
    if not quiet:
        click.echo(
            f"{view} view of {origin}: {g.number_of_nodes()} nodes, {g.number_of_edges()} edges; "
            f"{writer.name} → {where} ({time.perf_counter() - started:.1f} s)",
            err=True,
        )
