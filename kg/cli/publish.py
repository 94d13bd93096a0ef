"""``kg publish DIR``: the store as a static linked-data site."""

from __future__ import annotations

import click

from kg.cli.store import store_option


@click.command(context_settings={"help_option_names": ["-h", "--help"], "max_content_width": 100})
@click.argument("folder", type=click.Path(file_okay=False))
@store_option
@click.option("--public-url", help="Where the site will be reachable [default: the namespace root, "
                                   "https://w3id.org/officials-kg/].")
@click.option("--base", default=None, help="Base IRI of the instances [default: https://w3id.org/officials-kg/id/].")
@click.option("--license", "license_", help="Licence IRI of the data (dcterms:license).")
@click.option("-j", "--jobs", type=click.IntRange(1, 64), help="Processes rendering pages [default: one per core].")
@click.option("--no-dumps", is_flag=True, help="Do not write the dump files.")
@click.option("--clean", is_flag=True, help="Empty FOLDER first (only a folder kg publish made).")
@click.option("-q", "--quiet", is_flag=True, help="No progress on stderr.")
def publish(folder, store_path, public_url, base, license_, jobs, no_dumps, clean, quiet) -> None:
    """Write the store as a static linked-data site into FOLDER.

    One HTML page plus .ttl and .jsonld per instance (id/person/x.html, …), an index per
    type, the ontology's documentation, VoID/DCAT (dataset.ttl, .well-known/void), dump
    files, and content-negotiation config for nginx (deploy/nginx.conf) and Apache
    (.htaccess). Links are relative: the folder works on any static host and from disk.

    \b
    Examples:
      kg publish site/
      kg publish site/ --clean --public-url https://kg.example.org/
      python -m http.server -d site/ 8080      # then open http://127.0.0.1:8080/
    """
    import sys

    from kg.cli.serve import existing_store
    from kg.publish import Config
    from kg.publish.site import build

    kwargs = {}
    if base:
        kwargs["base"] = base
    if license_:
        kwargs["license"] = license_
    config = Config(public_url=public_url, **kwargs)
    path = existing_store(store_path)

    def progress(done: int, total: int) -> None:
        if not quiet and sys.stderr.isatty():
            click.echo(f"\r  {done:,}/{total:,} resources", err=True, nl=False)

    report = build(path, folder, config, jobs=jobs, dumps=not no_dumps, clean=clean, progress=progress)
    if not quiet:
        if sys.stderr.isatty():
            click.echo("", err=True)
        click.echo(f"{report.entities:,} resources, {report.files:,} files in {report.seconds:.1f} s → "
                   f"{report.folder.resolve()}", err=True)
