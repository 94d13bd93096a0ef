"""``kg query``: run SPARQL — a named query, a .rq file or inline text — on the store or on files."""

from __future__ import annotations

import sys

import click

from kg.cli.store import open_store, store_option
from kg.errors import InputError, QueryError


@click.command(context_settings={"help_option_names": ["-h", "--help"]})
@click.argument("query", required=False)
@click.option("-e", "--expression", "expr", metavar="SPARQL", help="Run this SPARQL text.")
@click.option("-l", "--list", "list_", is_flag=True, help="List the named queries and their parameters.")
@click.option("-p", "--param", "params", multiple=True, metavar="NAME=VALUE",
              help="Bind $NAME in the query (repeatable); values are typed and escaped, never pasted.")
@click.option("--data", multiple=True, type=click.Path(dir_okay=False, allow_dash=True), metavar="FILE",
              help="Query these RDF files instead of the store (repeatable; format from the extension).")
@store_option
@click.option("-f", "--format", "fmt",
              help="Rows: table (default), csv, tsv, json, xml. CONSTRUCT/DESCRIBE: turtle (default), "
                   "nt, nq, trig, jsonld, xml.")
@click.option("-o", "--output", help="Write to this file; the format follows its extension unless --format.")
@click.option("--max-width", default=60, show_default=True, help="Cut table cells to this many columns (0: never).")
@click.option("--bidi/--no-bidi", default=None,
              help="Wrap Persian table cells in Unicode directional isolates [default: only on a terminal].")
@click.option("--show", is_flag=True, help="Print the query (parameters bound) instead of running it.")
def query(query, expr, list_, params, data, store_path, fmt, output, max_width, bidi, show) -> None:
    """Run QUERY — a named query from the library, a .rq file — or -e SPARQL.

    The default graph is the union of every article graph; the usual prefixes (kg, rdfs,
    skos, org, time, prov, id, ...) need no PREFIX line. Parameters are written $name in
    the query and bound with --param name=value.

    \b
    Examples:
      kg query --list
      kg query most-quoted-officials --param limit=5
      kg query statements-by-person -p person=حسینی -o hosseini.csv
      kg query -e 'SELECT (COUNT(*) AS ?n) WHERE { ?s a kg:Statement }'
      kg query my.rq --data graph.trig --format json
      kg query -e 'CONSTRUCT WHERE { ?p kg:holds ?post }' -f turtle
    """
    from kg.query import data_store, prepare, run
    from kg.query.output import EXTENSIONS, write_results
    from kg.query.params import parse_assignments

    if list_:
        _list()
        return
    if bool(query) == bool(expr):
        raise InputError("give a query name or .rq file, or -e SPARQL (kg query --list shows the named ones)")
    values = parse_assignments(params)
    sparql, _named = prepare(expr if expr else query, values, inline=bool(expr))
    if show:
        click.echo(sparql)
        return
    if fmt is None and output and output != "-":
        import os

        ext = os.path.splitext(output)[1].lower()
        fmt = EXTENSIONS.get(ext)
        if fmt is None:
            raise QueryError(f"cannot tell the format of {output!r} from its extension; use --format")
    fmt = (fmt or "table").lower()
    store = data_store(data) if data else open_store(store_path)
    with store:
        results = run(store, sparql)
        from kg.store.store import RDF_PREFIXES as prefixes
        if output and output != "-":
            import io
            from pathlib import Path

            from kg.ingest import write_atomic

            buf = io.BytesIO()
            n = write_results(results, buf, fmt, bidi=bool(bidi), max_width=max_width, prefixes=prefixes)
            write_atomic(Path(output), buf.getvalue())
            click.echo(f"{n} results → {Path(output).resolve()}", err=True)
        else:
            use_bidi = sys.stdout.isatty() if bidi is None else bidi
            write_results(results, sys.stdout.buffer, fmt, bidi=use_bidi, max_width=max_width, prefixes=prefixes)
            sys.stdout.buffer.flush()


def _list() -> None:
    from kg.query import library

    for name, q in library().items():
        click.echo(f"{name}")
        click.echo(f"    {q.title}")
        if q.description:
            click.echo(f"    {q.description}")
        if q.description_fa:
            click.echo(f"    {q.description_fa}")
        for p in q.params:
            how = "required" if p.required else (f"default: {p.default}" if p.default is not None else "optional")
            kind = "" if p.type == "text" else f":{p.type}"
            click.echo(f"    --param {p.name}{kind}=…  {p.meaning} ({how})")
        if q.example:
            click.echo(f"    e.g. {q.example}")
        click.echo("")
