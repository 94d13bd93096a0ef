"""Query results as text: an aligned table, CSV/TSV, SPARQL JSON/XML results, or RDF.

**The table and Persian.** Columns are padded by *display width* (combining marks and
format characters such as ZWNJ take no cell, East-Asian wide characters two), so columns
line up whatever the script. A terminal that implements the Unicode bidirectional
algorithm would still reorder a whole row around a Persian cell — the first strong
character of a line decides its direction — so when the table goes to a terminal each
cell holding right-to-left text is wrapped in a directional isolate (U+2067 RIGHT-TO-LEFT
ISOLATE, or U+2068 FIRST STRONG ISOLATE when the cell starts with left-to-right text, each
closed by U+2069 POP DIRECTIONAL ISOLATE). Isolated text is laid out on its own and counts
as one neutral character for the row, so the columns stay in place and the padding stays
outside the cell. Into a pipe or a file the isolates are left out (``--bidi`` forces them,
``--no-bidi`` turns them off): there they would only be invisible bytes in the way of
``grep`` and ``cut``. Long cells are cut to ``max_width`` columns with «…».
"""

from __future__ import annotations

import io
import unicodedata
from collections.abc import Sequence
from typing import IO, Any

import pyoxigraph as ox

from kg.errors import QueryError

__all__ = ["RDF_FORMATS", "ROW_FORMATS", "display_width", "format_table", "isolate", "write_results"]

ROW_FORMATS = {
    "csv": ox.QueryResultsFormat.CSV,
    "tsv": ox.QueryResultsFormat.TSV,
    "json": ox.QueryResultsFormat.JSON,
    "xml": ox.QueryResultsFormat.XML,
}
RDF_FORMATS = {
    "turtle": ox.RdfFormat.TURTLE, "ttl": ox.RdfFormat.TURTLE,
    "nt": ox.RdfFormat.N_TRIPLES, "ntriples": ox.RdfFormat.N_TRIPLES,
    "nq": ox.RdfFormat.N_QUADS, "nquads": ox.RdfFormat.N_QUADS,
    "trig": ox.RdfFormat.TRIG,
    "jsonld": ox.RdfFormat.JSON_LD, "json-ld": ox.RdfFormat.JSON_LD,
    "xml": ox.RdfFormat.RDF_XML, "rdfxml": ox.RdfFormat.RDF_XML,
}
# -o file extensions → format names
EXTENSIONS = {
    ".csv": "csv", ".tsv": "tsv", ".srj": "json", ".json": "json", ".srx": "xml", ".xml": "xml",
    ".txt": "table", ".ttl": "turtle", ".nt": "nt", ".nq": "nq", ".trig": "trig", ".jsonld": "jsonld",
    ".rdf": "xml",
}

RLI, FSI, PDI = "\u2067", "\u2068", "\u2069"
ELLIPSIS = "…"

SHORT = {
    "https://w3id.org/officials-kg/id/": "id:",
    "https://w3id.org/officials-kg/ontology#": "kg:",
    "http://www.w3.org/1999/02/22-rdf-syntax-ns#": "rdf:",
    "http://www.w3.org/2000/01/rdf-schema#": "rdfs:",
    "http://www.w3.org/2001/XMLSchema#": "xsd:",
    "http://www.w3.org/2002/07/owl#": "owl:",
    "http://www.w3.org/ns/org#": "org:",
    "http://www.w3.org/2006/time#": "time:",
    "http://www.w3.org/2004/02/skos/core#": "skos:",
    "http://www.w3.org/ns/prov#": "prov:",
    "http://www.wikidata.org/entity/": "wd:",
}


def _bidi(ch: str) -> str:
    return unicodedata.bidirectional(ch)


def is_rtl(text: str) -> bool:
    return any(_bidi(c) in {"R", "AL"} for c in text)


def char_width(ch: str) -> int:
    if unicodedata.category(ch) in {"Mn", "Me", "Cf"} or ch in "\u200b\u200c\u200d":
        return 0
    return 2 if unicodedata.east_asian_width(ch) in {"W", "F"} else 1


def display_width(text: str) -> int:
    """Terminal columns ``text`` takes (combining marks and ZWNJ none, wide characters two)."""
    return sum(char_width(c) for c in text)


def truncate(text: str, width: int) -> str:
    if width <= 0 or display_width(text) <= width:
        return text
    out, used = [], 0
    for c in text:
        w = char_width(c)
        if used + w > width - 1:
            break
        out.append(c)
        used += w
    return "".join(out).rstrip() + ELLIPSIS


def isolate(text: str) -> str:
    """``text`` wrapped in a directional isolate if it holds right-to-left characters."""
    if not is_rtl(text):
        return text
    first = next((_bidi(c) for c in text if _bidi(c) in {"L", "R", "AL"}), "R")
    return (RLI if first in {"R", "AL"} else FSI) + text + PDI


def cell(term: Any) -> str:
    """How a term shows in the table: IRIs with the usual prefixes, literals bare."""
    if term is None:
        return ""
    if isinstance(term, ox.NamedNode):
        v = term.value
        for ns, short in SHORT.items():
            if v.startswith(ns):
                return short + v[len(ns):]
        return f"<{v}>"
    if isinstance(term, ox.BlankNode):
        return f"_:{term.value}"
    if isinstance(term, ox.Literal):
        return " ".join(term.value.split())  # one line per row
    return str(term)


_NUMERIC = {"http://www.w3.org/2001/XMLSchema#" + t for t in ("integer", "decimal", "double", "float", "long", "int")}


def format_table(variables: Sequence[str], rows: Sequence[Sequence[Any]], *, bidi: bool = False,
                 max_width: int = 60) -> str:
    """An aligned plain-text table (see the module docstring for Persian text)."""
    texts = [[truncate(cell(v), max_width) for v in row] for row in rows]
    numeric = [
        all(v is None or (isinstance(v, ox.Literal) and v.datatype.value in _NUMERIC) for v in (r[i] for r in rows))
        for i in range(len(variables))
    ]
    widths = [display_width(h) for h in variables]
    for row in texts:
        for i, t in enumerate(row):
            widths[i] = max(widths[i], display_width(t))

    def line(values: Sequence[str], align_right: Sequence[bool]) -> str:
        parts = []
        for v, w, right in zip(values, widths, align_right, strict=True):
            pad = " " * (w - display_width(v))
            shown = isolate(v) if bidi else v
            parts.append(pad + shown if right else shown + pad)
        return "  ".join(parts).rstrip()

    out = [line(list(variables), [False] * len(variables)), "  ".join("-" * w for w in widths)]
    out += [line(row, numeric) for row in texts]
    n = len(rows)
    out.append(f"({n} row{'s' if n != 1 else ''})")
    return "\n".join(out) + "\n"


def kind_of(results: Any) -> str:
    if isinstance(results, ox.QuerySolutions):
        return "select"
    if isinstance(results, ox.QueryBoolean):
        return "ask"
    if isinstance(results, ox.QueryTriples):
        return "graph"
    raise QueryError(f"unexpected query result {type(results).__name__}")


def write_results(results: Any, out: IO[bytes], fmt: str = "table", *, bidi: bool = False,
                  max_width: int = 60, prefixes: dict[str, str] | None = None) -> int:
    """Write query results to a binary stream; returns the number of rows (or triples)."""
    kind = kind_of(results)
    fmt = fmt.lower()
    if kind == "graph":
        if fmt in {"table", "csv", "tsv", "json"}:
            fmt = "turtle" if fmt == "table" else fmt
        if fmt not in RDF_FORMATS:
            raise QueryError(f"a CONSTRUCT/DESCRIBE result is RDF: use --format {', '.join(sorted(RDF_FORMATS))}")
        rdf_format = RDF_FORMATS[fmt]
        triples = list(results)
        items: list = triples
        if rdf_format.supports_datasets:
            items = [ox.Quad(t.subject, t.predicate, t.object, ox.DefaultGraph()) for t in triples]
        kwargs = {}
        if prefixes and rdf_format in {ox.RdfFormat.TURTLE, ox.RdfFormat.TRIG}:
            kwargs["prefixes"] = _used(prefixes, triples)
        out.write(ox.serialize(items, None, rdf_format, **kwargs) or b"")
        return len(triples)
    if fmt in RDF_FORMATS and fmt != "xml":
        raise QueryError(f"--format {fmt} is for CONSTRUCT/DESCRIBE; rows come as table, csv, tsv, json or xml")
    if kind == "ask":
        if fmt == "table":
            out.write(b"true\n" if bool(results) else b"false\n")
        else:
            out.write(results.serialize(format=_rows_format(fmt)))
        return 1
    if fmt == "table":
        variables = [v.value for v in results.variables]
        rows = [[sol[v] for v in variables] for sol in results]
        out.write(format_table(variables, rows, bidi=bidi, max_width=max_width).encode("utf-8"))
        return len(rows)
    buf = io.BytesIO()
    results.serialize(buf, format=_rows_format(fmt))
    data = buf.getvalue()
    out.write(data)
    return data.count(b"\n")


def _used(prefixes: dict[str, str], triples: list) -> dict[str, str]:
    """The prefixes some IRI of ``triples`` starts with (a short result gets a short header)."""
    iris = {t.value for tr in triples for t in (tr.subject, tr.predicate, tr.object) if isinstance(t, ox.NamedNode)}
    iris |= {tr.object.datatype.value for tr in triples if isinstance(tr.object, ox.Literal)}
    return {k: ns for k, ns in prefixes.items() if any(i.startswith(ns) for i in iris)}


def _rows_format(fmt: str) -> ox.QueryResultsFormat:
    if fmt not in ROW_FORMATS:
        raise QueryError(f"unknown result format {fmt!r} (table, csv, tsv, json, xml)")
    return ROW_FORMATS[fmt]
