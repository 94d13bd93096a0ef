"""The SPARQL 1.1 Protocol endpoint, worker side: check, run, cap, serialise one query.

This runs inside a worker process (:mod:`kg.publish.workers`); the web process only turns
the HTTP request into a job (:func:`job_from_params`) and the reply back into a response.

**The row cap.** Oxigraph evaluates lazily: iterating a result pulls solutions one by one,
so stopping after ``max_rows`` rows (or ``max_bytes`` of output) also stops the evaluation —
a query for a million rows costs ten thousand. Results are therefore written here, row by
row, in the four result formats (SPARQL JSON, XML, CSV, TSV): pyoxigraph can only serialise
a result *whole*. A cut result says so in the ``X-SPARQL-MaxRows`` header (the name
Virtuoso uses for the same cut) and, in the HTML view, in the page.

**The dataset.** As with ``kg query``, the default graph is the union of all graphs and the
usual prefixes (kg, rdfs, skos, org, id, ...) are predeclared, so the same text gives the
same rows here and on the command line. ``default-graph-uri`` / ``named-graph-uri`` and
``FROM`` may narrow the dataset to this store's own graphs, never widen it.
"""

from __future__ import annotations

import io
import json
from collections.abc import Iterable
from typing import Any
from xml.sax.saxutils import escape, quoteattr

import pyoxigraph as ox

from kg.publish.config import Config
from kg.publish.conneg import negotiate
from kg.publish.render_rdf import FORMATS as RDF_FORMATS
from kg.publish.render_rdf import serialize
from kg.publish.safety import Refused, check_graph_iris, check_query
from kg.publish.workers import Reply
from kg.store.store import QUERY_PREFIXES, query_error

__all__ = ["GRAPH_OFFERS", "ROW_OFFERS", "execute", "job_from_params"]

XSD_STRING = "http://www.w3.org/2001/XMLSchema#string"
PREFIX_ITEMS = tuple(sorted(QUERY_PREFIXES.items()))

# media type → format name, in our order of preference (the first is the default)
ROW_OFFERS = {
    "application/sparql-results+json": "json",
    "application/sparql-results+xml": "xml",
    "text/csv": "csv",
    "text/tab-separated-values": "tsv",
    "text/html": "html",
    "application/json": "json",
    "application/xml": "xml",
    "text/xml": "xml",
}
GRAPH_OFFERS = {
    "text/turtle": "turtle",
    "application/n-triples": "nt",
    "application/ld+json": "jsonld",
    "application/rdf+xml": "rdfxml",
    "text/html": "html",
    "application/x-turtle": "turtle",
    "text/plain": "nt",
    "application/json": "jsonld",
    "application/xml": "rdfxml",
    "text/xml": "rdfxml",
}
ROW_TYPES = {"json": "application/sparql-results+json", "xml": "application/sparql-results+xml",
             "csv": "text/csv; charset=utf-8", "tsv": "text/tab-separated-values; charset=utf-8",
             "html": "text/html; charset=utf-8"}
# the ``format`` / ``output`` parameters that Virtuoso, Fuseki and SPARQLWrapper send
FORMAT_PARAMS = {
    "json": ("application/sparql-results+json", "application/ld+json"),
    "xml": ("application/sparql-results+xml", "application/rdf+xml"),
    "csv": ("text/csv",), "tsv": ("text/tab-separated-values",),
    "turtle": ("text/turtle",), "ttl": ("text/turtle",), "n3": ("text/turtle",),
    "nt": ("application/n-triples",), "ntriples": ("application/n-triples",),
    "json-ld": ("application/ld+json",), "jsonld": ("application/ld+json",),
    "rdf+xml": ("application/rdf+xml",), "rdfxml": ("application/rdf+xml",), "html": ("text/html",),
}


def job_from_params(query: str, params: dict[str, list[str]], accept: str | None) -> dict[str, Any]:
    """The worker job for one protocol request (web process side: no parsing, no store)."""
    formats = [v.strip().lower() for key in ("format", "output", "results") for v in params.get(key, []) if v.strip()]
    wanted: list[str] = []
    for f in formats:
        wanted += FORMAT_PARAMS.get(f, (f,) if "/" in f else ())
    return {
        "op": "sparql", "query": query, "accept": ",".join(wanted) if wanted else accept,
        "default_graphs": params.get("default-graph-uri", []), "named_graphs": params.get("named-graph-uri", []),
    }


def _text(status: int, message: str, headers: dict[str, str] | None = None) -> Reply:
    return Reply(status, "text/plain; charset=utf-8", (message + "\n").encode("utf-8"), headers or {})


def execute(store: ox.Store, job: dict[str, Any], config: Config, render_page: Any = None) -> Reply:
    """Check and run one query; the reply is the HTTP response to send."""
    text = job["query"]
    if len(text) > config.max_query_chars:
        return _text(413, f"query too long ({len(text):,} characters; the limit is {config.max_query_chars:,})")
    try:
        checked = check_query(text, config.base, PREFIX_ITEMS)
        check_graph_iris([*job.get("default_graphs", []), *job.get("named_graphs", [])], config.base)
    except Refused as exc:
        return _text(exc.status, str(exc))
    graph_form = checked.form in {"construct", "describe"}
    offers = GRAPH_OFFERS if graph_form else ROW_OFFERS
    media = negotiate(job.get("accept"), list(offers))
    if media is None:
        return _text(406, "no acceptable format: " + ", ".join(dict.fromkeys(offers)))
    fmt = offers[media]
    kwargs: dict[str, Any] = {"prefixes": QUERY_PREFIXES}
    if job.get("default_graphs"):
        kwargs["default_graph"] = [ox.NamedNode(g) for g in job["default_graphs"]]
    else:
        kwargs["use_default_graph_as_union"] = True
    if job.get("named_graphs"):
        kwargs["named_graphs"] = [ox.NamedNode(g) for g in job["named_graphs"]]
    try:
        results = store.query(text, **kwargs)
        if checked.form == "ask":
            return _ask(bool(results), fmt, render_page)
        if graph_form:
            return _graph(results, fmt, config, render_page)
        return _rows(results, fmt, config, render_page)
    except SyntaxError as exc:
        return _text(400, str(query_error(exc)))
    except (OSError, RuntimeError, ValueError) as exc:
        message = " ".join(str(exc).split())[:300]
        return _text(400, f"query failed: {message}")


def _cut_headers(limit: int) -> dict[str, str]:
    return {"X-SPARQL-MaxRows": str(limit)}


# --- SELECT ---------------------------------------------------------------------------------------
def _json_term(t: Any) -> dict[str, Any]:
    if isinstance(t, ox.NamedNode):
        return {"type": "uri", "value": t.value}
    if isinstance(t, ox.BlankNode):
        return {"type": "bnode", "value": t.value}
    if isinstance(t, ox.Literal):
        out: dict[str, Any] = {"type": "literal", "value": t.value}
        if t.language:
            out["xml:lang"] = t.language
        elif t.datatype.value != XSD_STRING:
            out["datatype"] = t.datatype.value
        return out
    if isinstance(t, ox.Triple):
        return {"type": "triple", "value": {"subject": _json_term(t.subject), "predicate": _json_term(t.predicate),
                                            "object": _json_term(t.object)}}
    raise TypeError(f"unexpected term {t!r}")


def _xml_term(t: Any) -> str:
    if isinstance(t, ox.NamedNode):
        return f"<uri>{escape(t.value)}</uri>"
    if isinstance(t, ox.BlankNode):
        return f"<bnode>{escape(t.value)}</bnode>"
    if isinstance(t, ox.Literal):
        if t.language:
            return f"<literal xml:lang={quoteattr(t.language)}>{escape(t.value)}</literal>"
        if t.datatype.value != XSD_STRING:
            return f"<literal datatype={quoteattr(t.datatype.value)}>{escape(t.value)}</literal>"
        return f"<literal>{escape(t.value)}</literal>"
    if isinstance(t, ox.Triple):
        return (f"<triple><subject>{_xml_term(t.subject)}</subject><predicate>{_xml_term(t.predicate)}</predicate>"
                f"<object>{_xml_term(t.object)}</object></triple>")
    raise TypeError(f"unexpected term {t!r}")


def _csv_field(t: Any) -> str:
    if t is None:
        return ""
    value = "_:" + t.value if isinstance(t, ox.BlankNode) else (t.value if not isinstance(t, ox.Triple) else str(t))
    if any(c in value for c in ',"\r\n'):
        return '"' + value.replace('"', '""') + '"'
    return value


def _tsv_field(t: Any) -> str:
    return "" if t is None else str(t)  # pyoxigraph's str() is the N-Triples/Turtle form TSV asks for


def _rows(results: ox.QuerySolutions, fmt: str, config: Config, render_page: Any) -> Reply:
    variables = [v.value for v in results.variables]
    rows: list[list[Any]] = []
    size = 0
    cut = False
    for solution in results:
        if len(rows) >= config.max_rows or size >= config.max_bytes:
            cut = True
            break
        row = [solution[v] for v in variables]
        size += sum(len(t.value) if hasattr(t, "value") else 16 for t in row if t is not None) + 8 * len(row)
        rows.append(row)
    headers = _cut_headers(len(rows)) if cut else {}
    if fmt == "html":
        body = render_page("results", variables=variables, rows=rows, cut=cut)
        return Reply(200, ROW_TYPES["html"], body, headers)
    return Reply(200, ROW_TYPES[fmt], write_rows(variables, rows, fmt), headers)


def write_rows(variables: list[str], rows: Iterable[list[Any]], fmt: str) -> bytes:
    """Solutions in a SPARQL 1.1 result format (json, xml, csv, tsv)."""
    out = io.StringIO()
    if fmt == "json":
        out.write('{"head":{"vars":' + json.dumps(variables) + '},"results":{"bindings":[')
        for i, row in enumerate(rows):
            binding = {v: _json_term(t) for v, t in zip(variables, row, strict=True) if t is not None}
            out.write(("," if i else "") + json.dumps(binding, ensure_ascii=False))
        out.write("]}}\n")
    elif fmt == "xml":
        out.write('<?xml version="1.0" encoding="utf-8"?>\n<sparql xmlns="http://www.w3.org/2005/sparql-results#">'
                  "<head>" + "".join(f"<variable name={quoteattr(v)}/>" for v in variables) + "</head><results>\n")
        for row in rows:
            out.write("<result>" + "".join(f"<binding name={quoteattr(v)}>{_xml_term(t)}</binding>"
                                           for v, t in zip(variables, row, strict=True) if t is not None)
                      + "</result>\n")
        out.write("</results></sparql>\n")
    elif fmt == "csv":
        out.write(",".join(_csv_field(ox.Literal(v)) for v in variables) + "\r\n")
        for row in rows:
            out.write(",".join(_csv_field(t) for t in row) + "\r\n")
    elif fmt == "tsv":
        out.write("\t".join("?" + v for v in variables) + "\n")
        for row in rows:
            out.write("\t".join(_tsv_field(t) for t in row) + "\n")
    else:
        raise ValueError(f"unknown result format {fmt!r}")
    return out.getvalue().encode("utf-8")


# --- ASK ------------------------------------------------------------------------------------------
def _ask(value: bool, fmt: str, render_page: Any) -> Reply:
    word = "true" if value else "false"
    if fmt == "json":
        body = '{"head":{},"boolean":' + word + "}\n"
    elif fmt == "xml":
        body = ('<?xml version="1.0" encoding="utf-8"?>\n<sparql xmlns="http://www.w3.org/2005/sparql-results#">'
                f"<head/><boolean>{word}</boolean></sparql>\n")
    elif fmt == "html":
        return Reply(200, ROW_TYPES["html"], render_page("results", variables=["ASK"],
                                                         rows=[[ox.Literal(word)]], cut=False))
    else:  # CSV/TSV have no boolean form; a one-cell table is what Jena and Oxigraph send
        body = ("_askResult\r\n" if fmt == "csv" else "?_askResult\n") + word + ("\r\n" if fmt == "csv" else "\n")
    return Reply(200, ROW_TYPES[fmt], body.encode("utf-8"))


# --- CONSTRUCT / DESCRIBE -------------------------------------------------------------------------
def _graph(results: ox.QueryTriples, fmt: str, config: Config, render_page: Any) -> Reply:
    triples: list[ox.Triple] = []
    seen: set[ox.Triple] = set()
    size = 0
    cut = False
    for t in results:
        if t in seen:
            continue  # the union default graph repeats a triple stored in several graphs
        if len(triples) >= config.max_rows or size >= config.max_bytes:
            cut = True
            break
        seen.add(t)
        triples.append(t)
        size += len(str(t))
    headers = _cut_headers(len(triples)) if cut else {}
    if fmt == "html":
        rows = [[t.subject, t.predicate, t.object] for t in triples]
        body = render_page("results", variables=["subject", "predicate", "object"], rows=rows, cut=cut)
        return Reply(200, ROW_TYPES["html"], body, headers)
    media, _ext = RDF_FORMATS[fmt]
    charset = "; charset=utf-8" if fmt in {"turtle", "nt"} else ""
    return Reply(200, media + charset, serialize(triples, fmt), headers)
