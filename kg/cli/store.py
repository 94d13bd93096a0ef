"""``kg store``: look after the embedded store (stats, list, export, remove)."""

from __future__ import annotations

import sys

import click

from kg.errors import StoreError


def store_option(f):
    """``--store DIR``, shared by every command that opens the store."""
    return click.option(
        "--store", "store_path", type=click.Path(file_okay=True, dir_okay=True),
        help="Store folder [default: $KG_STORE, else $XDG_DATA_HOME/officials-kg/store, "
             "else ~/.local/share/officials-kg/store].",
    )(f)


def open_store(store_path: str | None, *, must_exist: bool = True):
    """Open the store for a command; a store that does not exist yet is an error, not a new
    empty folder (a typo in --store should not look like an empty knowledge graph)."""
    from pathlib import Path

    from kg.store import Store, default_store_path

    path = Path(store_path).expanduser() if store_path else default_store_path()
    if must_exist and not (path / "CURRENT").exists():
        raise StoreError(f"no store at {path} (ingest articles first: kg ingest ARTICLES --store {path})")
    return Store(path)


@click.group(context_settings={"help_option_names": ["-h", "--help"]})
def store() -> None:
    """Inspect and maintain the store that `kg ingest` fills.

    The store is an Oxigraph database: one named graph per article (its IRI), plus one
    graph of facts derived across articles (display names, dated memberships).

    \b
    Examples:
      kg store stats
      kg store list
      kg store export -o dump.trig
      kg store remove 3f2a9c1e        # by sha256 prefix, or by article IRI
    """


@store.command()
@store_option
@click.option("--json", "as_json", is_flag=True, help="Print the counts as a JSON object.")
def stats(store_path: str | None, as_json: bool) -> None:
    """Count articles, triples, statements, people, officials, projects and quantities."""
    with open_store(store_path) as st:
        counts = st.stats()
        where = st.path
    if as_json:
        import json

        click.echo(json.dumps(counts, ensure_ascii=False))
        return
    width = max(len(k) for k in counts)
    click.echo(f"store: {where}")
    for k, v in counts.items():
        click.echo(f"  {k:<{width}}  {v:>10,}")


@store.command(name="list")
@store_option
@click.option("--bidi/--no-bidi", default=None, help="Isolate Persian cells (default: when writing to a terminal).")
def list_(store_path: str | None, bidi: bool | None) -> None:
    """List stored articles: date, id (sha256 prefix), statements, source, first line."""
    import pyoxigraph as ox

    from kg.query.output import format_table

    with open_store(store_path) as st:
        arts = st.articles()
    rows = [[ox.Literal(a.date or ""), ox.Literal(a.sha256[:16]),
             ox.Literal(str(a.statements), datatype=ox.NamedNode("http://www.w3.org/2001/XMLSchema#integer")),
             ox.Literal(a.source or ""), ox.Literal(a.label)] for a in arts]
    use_bidi = sys.stdout.isatty() if bidi is None else bidi
    click.echo(format_table(["date", "id", "statements", "source", "article"], rows, bidi=use_bidi), nl=False)


@store.command()
@store_option
@click.option("-o", "--output", required=True, help="File to write ('-' for stdout); format from the extension.")
@click.option("-f", "--format", "fmt", type=click.Choice(["nq", "trig", "ttl", "nt"]),
              help="nq/trig keep one named graph per article; ttl/nt merge them.")
def export(store_path: str | None, output: str, fmt: str | None) -> None:
    """Write the whole store to an RDF file.

    \b
    Examples:
      kg store export -o dump.nq          # every graph, fast to reload
      kg store export -o all.ttl          # the union of the graphs, each triple once
    """
    from pathlib import Path

    if output == "-":
        with open_store(store_path) as st:
            st.dump(sys.stdout.buffer, fmt or "nq")
        return
    name = fmt or Path(output).suffix.lstrip(".").lower()
    if name not in {"nq", "trig", "ttl", "nt"}:
        raise StoreError(f"cannot tell the format of {output!r}: use .nq, .trig, .ttl or .nt, or --format")
    target = Path(output)
    tmp = target.with_name(f".{target.name}.tmp")
    try:
        with open_store(store_path) as st:
            st.dump(tmp, name)
        tmp.replace(target)  # a half-written dump never takes the file's place
    finally:
        tmp.unlink(missing_ok=True)
    click.echo(f"wrote {target.resolve()}", err=True)


@store.command()
@store_option
@click.argument("articles", nargs=-1, required=True)
def remove(store_path: str | None, articles: tuple[str, ...]) -> None:
    """Remove ARTICLES (IRIs or sha256 prefixes of at least 4 hex digits), each in one transaction."""
    with open_store(store_path) as st:
        for a in articles:
            iri = st.remove_article(a)
            click.echo(f"removed {iri}", err=True)
