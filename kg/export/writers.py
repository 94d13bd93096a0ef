"""One writer per output format, in one table keyed by name and file extension.

Every writer turns a ``Projection`` into bytes (CSV into two: nodes and edges). Choices:

* GraphML through networkx (``write_graphml_xml``: the same bytes with or without lxml), with
  node ids ``n0``, ``n1``, ... (GraphML ids are NMTOKENs) and the IRI in the ``iri`` attribute.
* GEXF 1.3 written here, not by ``networkx.write_gexf``: networkx 3.6 writes 1.2draft by default,
  and its "1.3" mode declares the XMLSchema-instance namespace as ``http://w3.org/...`` (no
  ``www``) and a ``name`` attribute on ``<graph>`` that the 1.3 schema does not have, so its
  output does not validate. Ours does (tests/export/schemas) and ``networkx.read_gexf(...,
  version="1.3")`` reads it back. Nodes get ``viz:color`` by type and ``viz:size`` by weighted degree.
* Cytoscape.js JSON and node-link JSON through ``networkx.readwrite.json_graph``.
* DOT written here (pydot is not a dependency); SVG and PNG by piping it through Graphviz's
  ``dot``. The DOT asks for the ``sfdp`` layout: a force layout shows "who is near whom", which
  ``dot``'s layered layout does not, and it stays fast on thousands of nodes.
* CSV: ``NAME.nodes.csv`` and ``NAME.edges.csv``, UTF-8 without BOM, one column per attribute.
* HTML: ``kg.export.html``.
"""

from __future__ import annotations

import csv
import io
import json
import math
import re
import shutil
import subprocess
from collections.abc import Callable
from dataclasses import dataclass
from pathlib import Path
from typing import Any
from xml.sax.saxutils import escape, quoteattr

import networkx as nx

from kg.errors import ExportError
from kg.export.projections import Projection
from kg.export.style import colour_of, rgb

Rendered = bytes | dict[str, bytes]  # one file, or several keyed by their suffix


@dataclass(frozen=True)
class Writer:
    name: str
    extensions: tuple[str, ...]
    render: Callable[[Projection], Rendered]
    binary: bool = False
    description: str = ""


# --- GraphML --------------------------------------------------------------------------------


def to_graphml(p: Projection) -> bytes:
    # GraphML ids are XML NMTOKENs, which cannot hold the "/" of an IRI: nodes become n0, n1, ...
    # and keep their IRI in the "iri" attribute (every node has it; readers relabel by it)
    g = nx.relabel_nodes(p.graph, {node: f"n{i}" for i, node in enumerate(p.graph)}, copy=True)
    buf = io.BytesIO()
    nx.write_graphml_xml(g, buf, encoding="utf-8", prettyprint=True)
    return buf.getvalue()


# --- GEXF 1.3 -------------------------------------------------------------------------------

GEXF_NS = "http://gexf.net/1.3"
GEXF_VIZ_NS = "http://gexf.net/1.3/viz"
_GEXF_TYPES = {bool: "boolean", int: "long", float: "double", str: "string"}
_NODE_SIZE = (4.0, 40.0)  # viz:size range, by weighted degree


def _gexf_type(values: list[Any]) -> str:
    kinds = {type(v) for v in values}
    if len(kinds) == 1:
        return _GEXF_TYPES.get(kinds.pop(), "string")
    if kinds <= {int, float}:
        return "double"
    return "string"


def _gexf_value(v: Any) -> str:
    if isinstance(v, bool):
        return "true" if v else "false"
    return str(v)


def _attr_table(items: list[dict[str, Any]], skip: set[str]) -> dict[str, tuple[str, str]]:
    """Attribute title → (id, GEXF type), in first-seen order."""
    seen: dict[str, list[Any]] = {}
    for data in items:
        for k, v in data.items():
            if k not in skip:
                seen.setdefault(k, []).append(v)
    return {k: (str(i), _gexf_type(vals)) for i, (k, vals) in enumerate(seen.items())}


def _attvalues(out: list[str], data: dict[str, Any], table: dict[str, tuple[str, str]], indent: str) -> None:
    present = [(table[k][0], v) for k, v in data.items() if k in table]
    if not present:
        return
    out.append(f"{indent}<attvalues>\n")
    for attr_id, v in present:
        out.append(f'{indent}  <attvalue for="{attr_id}" value={quoteattr(_gexf_value(v))}/>\n')
    out.append(f"{indent}</attvalues>\n")


def to_gexf(p: Projection) -> bytes:
    g = p.graph
    node_skip = {"label"}
    edge_skip = {"weight"}
    node_table = _attr_table([d for _, d in g.nodes(data=True)], node_skip)
    edge_table = _attr_table([d for *_, d in g.edges(data=True)], edge_skip)
    top = max((d.get("weighted_degree", 0.0) for _, d in g.nodes(data=True)), default=0.0) or 1.0
    lo, hi = _NODE_SIZE
    out: list[str] = [
        '<?xml version="1.0" encoding="UTF-8"?>\n',
        f'<gexf xmlns="{GEXF_NS}" xmlns:viz="{GEXF_VIZ_NS}" '
        'xmlns:xsi="http://www.w3.org/2001/XMLSchema-instance" '
        f'xsi:schemaLocation="{GEXF_NS} {GEXF_NS}/gexf.xsd" version="1.3">\n',
        "  <meta>\n    <creator>officials-kg</creator>\n",
        f"    <description>{escape(p.view)} view</description>\n  </meta>\n",
        f'  <graph defaultedgetype="{"directed" if g.is_directed() else "undirected"}" mode="static">\n',
    ]
    for cls, table in (("node", node_table), ("edge", edge_table)):
        if table:
            out.append(f'    <attributes class="{cls}">\n')
            for title, (attr_id, attr_type) in table.items():
                out.append(f'      <attribute id="{attr_id}" title={quoteattr(title)} type="{attr_type}"/>\n')
            out.append("    </attributes>\n")
    out.append(f'    <nodes count="{g.number_of_nodes()}">\n')
    for node, data in g.nodes(data=True):
        label = data.get("label", str(node))
        out.append(f"      <node id={quoteattr(str(node))} label={quoteattr(str(label))}>\n")
        _attvalues(out, data, node_table, "        ")
        r, gr, b = rgb(colour_of(data.get("type", "")))
        size = lo + (hi - lo) * math.sqrt(max(data.get("weighted_degree", 0.0), 0.0) / top)
        out.append(f'        <viz:color r="{r}" g="{gr}" b="{b}"/>\n')
        out.append(f'        <viz:size value="{size:.2f}"/>\n')
        out.append("      </node>\n")
    out.append("    </nodes>\n")
    out.append(f'    <edges count="{g.number_of_edges()}">\n')
    edges = g.edges(keys=True, data=True) if g.is_multigraph() else ((u, v, i, d) for i, (u, v, d) in
                                                                      enumerate(g.edges(data=True)))
    for u, v, key, data in edges:
        weight = f' weight="{float(data["weight"])}"' if "weight" in data else ""
        head = f"      <edge id={quoteattr(str(key))} source={quoteattr(str(u))} target={quoteattr(str(v))}{weight}"
        if any(k in edge_table for k in data):
            out.append(head + ">\n")
            _attvalues(out, data, edge_table, "        ")
            out.append("      </edge>\n")
        else:
            out.append(head + "/>\n")
    out.append("    </edges>\n  </graph>\n</gexf>\n")
    return "".join(out).encode("utf-8")


# --- JSON -----------------------------------------------------------------------------------


def _json(data: Any) -> bytes:
    return (json.dumps(data, ensure_ascii=False, separators=(",", ":")) + "\n").encode("utf-8")


def to_cytoscape(p: Projection) -> bytes:
    return _json(nx.cytoscape_data(p.graph))


def to_node_link(p: Projection) -> bytes:
    return _json(nx.node_link_data(p.graph, edges="edges"))


# --- DOT, SVG, PNG --------------------------------------------------------------------------

DOT_FONTS = "Vazirmatn,Tahoma,DejaVu Sans,sans-serif"
_DOT_ID = re.compile(r"[A-Za-z_][A-Za-z_0-9]*")


_DOT_CHUNK = 3000  # Graphviz reads quoted strings of at most 16384 bytes; longer ones are joined with +


def _dot_quote(value: Any) -> str:
    if isinstance(value, bool):
        value = "true" if value else "false"
    text = str(value)
    chunks = [text[i : i + _DOT_CHUNK] for i in range(0, len(text), _DOT_CHUNK)] or [""]
    return " + ".join(f'"{_dot_escape(c)}"' for c in chunks)


def _dot_escape(text: str) -> str:
    return text.replace("\\", "\\\\").replace('"', '\\"').replace("\n", "\\n").replace("\r", "")


def _dot_attrs(attrs: dict[str, Any]) -> str:
    return ", ".join(f"{k}={_dot_quote(v)}" for k, v in attrs.items() if _DOT_ID.fullmatch(k))


def to_dot(p: Projection) -> bytes:
    g = p.graph
    directed = g.is_directed()
    arrow = "->" if directed else "--"
    out = [
        f"{'digraph' if directed else 'graph'} {_dot_quote('officials-kg ' + p.view)} {{\n",
        f'  graph [layout="sfdp", overlap="false", splines="false", outputorder="edgesfirst", '
        f'charset="UTF-8", fontname="{DOT_FONTS}"];\n',
        f'  node [shape="ellipse", style="filled", fontname="{DOT_FONTS}", fontsize="12", '
        'penwidth="0"];\n',
        '  edge [color="#00000040"];\n',
    ]
    for node, data in g.nodes(data=True):
        attrs = dict(data)
        attrs["label"] = data.get("label", str(node))
        attrs["fillcolor"] = colour_of(data.get("type", "")) + "99"  # translucent: text stays readable
        out.append(f"  {_dot_quote(node)} [{_dot_attrs(attrs)}];\n")
    edges = g.edges(keys=True, data=True) if g.is_multigraph() else ((u, v, None, d) for u, v, d in
                                                                      g.edges(data=True))
    for u, v, key, data in edges:
        attrs = dict(data)
        if key is not None:
            attrs["key"] = key
        if "weight" in attrs:  # Graphviz wants an integer weight and reads penwidth for thickness
            w = attrs["weight"]
            attrs["weight"] = max(round(w), 1)
            attrs["penwidth"] = f"{1 + math.log2(max(float(w), 1.0)):.2f}"
        out.append(f"  {_dot_quote(u)} {arrow} {_dot_quote(v)} [{_dot_attrs(attrs)}];\n")
    out.append("}\n")
    return "".join(out).encode("utf-8")


GRAPHVIZ_TIMEOUT = 600  # seconds; sfdp on the full view of 1,000 articles (35,000 nodes) runs for hours


def graphviz_render(dot_source: bytes, fmt: str) -> bytes:
    exe = shutil.which("dot")
    if exe is None:
        raise ExportError(
            f"{fmt.upper()} needs Graphviz's 'dot' program, which is not installed "
            "(Debian/Ubuntu: apt-get install graphviz); or export --format dot and render it elsewhere"
        )
    try:
        proc = subprocess.run([exe, f"-T{fmt}"], input=dot_source, capture_output=True, check=False,
                              timeout=GRAPHVIZ_TIMEOUT)
    except subprocess.TimeoutExpired:
        raise ExportError(f"Graphviz did not finish drawing in {GRAPHVIZ_TIMEOUT} s; draw a smaller view "
                          "(--view people or topics) or export GEXF and lay it out in Gephi") from None
    if proc.returncode != 0:
        err = proc.stderr.decode("utf-8", "replace").strip().splitlines()
        raise ExportError(f"Graphviz failed: {err[-1] if err else 'exit status ' + str(proc.returncode)}")
    return proc.stdout


def to_svg(p: Projection) -> bytes:
    return graphviz_render(to_dot(p), "svg")


def to_png(p: Projection) -> bytes:
    return graphviz_render(to_dot(p), "png")


# --- CSV ------------------------------------------------------------------------------------

_FIRST_COLUMNS = ("type", "label", "label_fa", "label_en")


def _columns(rows: list[dict[str, Any]], first: tuple[str, ...]) -> list[str]:
    keys: dict[str, None] = {}
    for row in rows:
        keys.update(dict.fromkeys(row))
    return [k for k in first if k in keys] + [k for k in keys if k not in first]


def _csv(header: list[str], rows: list[list[Any]]) -> bytes:
    buf = io.StringIO()
    w = csv.writer(buf, lineterminator="\n")
    w.writerow(header)
    for row in rows:
        w.writerow(["" if v is None else _gexf_value(v) for v in row])
    return buf.getvalue().encode("utf-8")


def to_csv(p: Projection) -> dict[str, bytes]:
    g = p.graph
    node_rows = [d for _, d in g.nodes(data=True)]
    ncols = _columns(node_rows, _FIRST_COLUMNS)
    nodes = _csv(["id", *ncols], [[n, *(d.get(c) for c in ncols)] for n, d in g.nodes(data=True)])
    if g.is_multigraph():
        triples = [(u, v, {"key": k, **d}) for u, v, k, d in g.edges(keys=True, data=True)]
    else:
        triples = list(g.edges(data=True))
    ecols = _columns([d for *_, d in triples], ("key", "relation", "weight"))
    edges = _csv(["source", "target", *ecols], [[u, v, *(d.get(c) for c in ecols)] for u, v, d in triples])
    return {".nodes.csv": nodes, ".edges.csv": edges}


def to_html(p: Projection) -> bytes:
    from kg.export.html import render

    return render(p)


WRITERS: tuple[Writer, ...] = (
    Writer("graphml", (".graphml",), to_graphml, description="GraphML (yEd, Cytoscape desktop)"),
    Writer("gexf", (".gexf",), to_gexf, description="GEXF 1.3 with colours and sizes (Gephi)"),
    Writer("cytoscape", (".cyjs", ".cy.json"), to_cytoscape, description="Cytoscape.js JSON"),
    Writer("node-link", (".json",), to_node_link, description="networkx node-link JSON"),
    Writer("dot", (".dot", ".gv"), to_dot, description="Graphviz DOT"),
    Writer("svg", (".svg",), to_svg, description="SVG drawn by Graphviz"),
    Writer("png", (".png",), to_png, binary=True, description="PNG drawn by Graphviz"),
    Writer("csv", (".csv",), to_csv, description="CSV node and edge lists (two files)"),
    Writer("html", (".html", ".htm"), to_html, description="self-contained interactive page"),
)
ALIASES = {"cyjs": "cytoscape", "cytoscape.js": "cytoscape", "nodelink": "node-link", "json": "node-link",
           "gv": "dot", "graphviz": "dot", "htm": "html", "xml": "graphml"}


def by_name(name: str) -> Writer:
    key = ALIASES.get(name.lower(), name.lower())
    for w in WRITERS:
        if w.name == key:
            return w
    raise ExportError(f"unknown export format {name!r} (known: {', '.join(w.name for w in WRITERS)})")


def by_path(path: str | Path) -> Writer:
    name = Path(str(path)).name.lower()
    # longest extension first, so that x.cy.json is Cytoscape.js JSON and not node-link JSON
    by_ext = sorted(((e, w) for w in WRITERS for e in w.extensions), key=lambda t: -len(t[0]))
    for ext, writer in by_ext:
        if name.endswith(ext):
            return writer
    known = ", ".join(e for w in WRITERS for e in w.extensions)
    raise ExportError(f"cannot tell the export format of {str(path)!r} from its extension "
                      f"(known: {known}); give --format")


def output_paths(output: str, rendered: Rendered) -> list[tuple[Path, bytes]]:
    """Where each rendered part goes: ``out.csv`` → ``out.nodes.csv`` + ``out.edges.csv``."""
    if isinstance(rendered, bytes):
        return [(Path(output), rendered)]
    base = Path(output)
    if base.is_dir():
        return [(base / suffix.lstrip("."), data) for suffix, data in rendered.items()]
    stem = str(base)[: -len(base.suffix)] if base.suffix.lower() == ".csv" else str(base)
    return [(Path(stem + suffix), data) for suffix, data in rendered.items()]
