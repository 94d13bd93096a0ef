"""Every output format: valid against its schema or parser, and read back by networkx unchanged."""

from __future__ import annotations

import csv
import io
import json
import re
import shutil
import subprocess
from collections import Counter
from pathlib import Path

import networkx as nx
import pytest

from kg.errors import ExportError
from kg.export import writers
from kg.export.projections import Projection, project

SCHEMAS = Path(__file__).parent / "schemas"
VIEWS = ("people", "topics", "full")


@pytest.fixture(scope="module", params=[(source, view) for source in ("sample", "rich") for view in VIEWS],
                ids=lambda p: f"{p[0]}-{p[1]}")
def projection(request, sample_graph, rich_dataset) -> Projection:
    source, view = request.param
    return project(sample_graph if source == "sample" else rich_dataset, view)


def comparable(g: nx.Graph, multi: bool, drop_nodes=frozenset(), drop_edges=frozenset()):
    """Nodes with attributes, and the multiset of edges; ``multi``: edges keyed by their id."""
    nodes = {n: {k: v for k, v in d.items() if k not in drop_nodes} for n, d in g.nodes(data=True)}
    edges: Counter = Counter()
    if g.is_multigraph():
        triples = g.edges(keys=True, data=True)
    else:
        triples = ((u, v, None, d) for u, v, d in g.edges(data=True))
    for u, v, key, d in triples:
        data = dict(d)
        # a reader keeps the edge id as the key of a multigraph and/or as an "id" attribute
        edge_id = data.pop("id", key)
        if not g.is_directed():
            u, v = sorted((u, v))
        items = frozenset((k, val) for k, val in data.items() if k not in drop_edges)
        edges[u, v, str(edge_id) if multi else None, items] += 1
    return nodes, edges


def assert_same_graph(original: nx.Graph, read: nx.Graph, drop_nodes=frozenset(), drop_edges=frozenset()):
    assert read.is_directed() == original.is_directed()
    assert read.number_of_nodes() == original.number_of_nodes()
    assert read.number_of_edges() == original.number_of_edges()
    multi = original.is_multigraph()
    a_nodes, a_edges = comparable(original, multi)
    b_nodes, b_edges = comparable(read, multi, drop_nodes, drop_edges)
    assert b_nodes == a_nodes
    assert b_edges == a_edges


def xml_schema(name: str):
    etree = pytest.importorskip("lxml.etree")
    return etree.XMLSchema(etree.parse(str(SCHEMAS / name)))


# --- GraphML ---------------------------------------------------------------------------------


def test_graphml_is_valid_and_reads_back(projection, tmp_path):
    from lxml import etree

    data = writers.to_graphml(projection)
    schema = xml_schema("graphml/graphml.xsd")
    doc = etree.fromstring(data)
    assert schema.validate(doc), schema.error_log
    path = tmp_path / "g.graphml"
    path.write_bytes(data)
    g = projection.graph
    read = nx.read_graphml(path, edge_key_type=str, force_multigraph=g.is_multigraph())
    read = nx.relabel_nodes(read, {n: d["iri"] for n, d in read.nodes(data=True)})
    assert_same_graph(g, read)
    assert read.graph["view"] == projection.view


def test_graphml_schema_rejects_broken_documents(projection):
    from lxml import etree

    schema = xml_schema("graphml/graphml.xsd")
    good = writers.to_graphml(projection)
    for broken in (good.replace(b'edgedefault="', b'edgedefault="x'),  # not directed/undirected
                   good.replace(b'<node id="n0"', b'<node id="n/0"'),  # an IRI-like id is no NMTOKEN
                   re.sub(rb'attr.type="(string|long|double|boolean)"', b'attr.type="text"', good, count=1)):
        assert not schema.validate(etree.fromstring(broken))


# --- GEXF 1.3 --------------------------------------------------------------------------------


def test_gexf_is_valid_1_3_and_reads_back(projection, tmp_path):
    from lxml import etree

    data = writers.to_gexf(projection)
    schema = xml_schema("gexf-1.3/gexf.xsd")
    doc = etree.fromstring(data)
    assert schema.validate(doc), schema.error_log
    assert doc.get("version") == "1.3" and doc.tag == "{http://gexf.net/1.3}gexf"
    ns = {"g": "http://gexf.net/1.3"}
    # attvalue/@for names an attribute of its own class (not expressible in XSD 1.0)
    for cls in ("node", "edge"):
        declared = set(doc.xpath(f"//g:attributes[@class='{cls}']/g:attribute/@id", namespaces=ns))
        used = set(doc.xpath(f"//g:{cls}/g:attvalues/g:attvalue/@for", namespaces=ns))
        assert used <= declared
    path = tmp_path / "g.gexf"
    path.write_bytes(data)
    read = nx.read_gexf(path, version="1.3")
    assert_same_graph(projection.graph, read, drop_nodes={"viz"})


def test_gexf_colours_by_type_and_sizes_by_weighted_degree(rich_dataset, tmp_path):
    from kg.export.style import TYPE_COLOURS, rgb

    p = project(rich_dataset, "topics")
    path = tmp_path / "t.gexf"
    path.write_bytes(writers.to_gexf(p))
    read = nx.read_gexf(path, version="1.3")
    for _, d in read.nodes(data=True):
        assert tuple(d["viz"]["color"][c] for c in "rgb") == rgb(TYPE_COLOURS[d["type"]])
    by_size = sorted(read.nodes(data=True), key=lambda nd: nd[1]["viz"]["size"])
    weighted = [d["weighted_degree"] for _, d in by_size]
    assert weighted == sorted(weighted)
    assert by_size[-1][1]["label"] == "سید مسعود حسینی"


def test_networkx_own_gexf_1_3_is_not_valid(rich_dataset):
    """Why we write GEXF ourselves; if this starts passing, networkx's writer could do."""
    from lxml import etree

    g = project(rich_dataset, "people").graph
    buf = io.BytesIO()
    nx.write_gexf(g, buf, version="1.3")
    assert not xml_schema("gexf-1.3/gexf.xsd").validate(etree.fromstring(buf.getvalue()))


# --- JSON ------------------------------------------------------------------------------------


def test_cytoscape_json_reads_back(projection):
    data = json.loads(writers.to_cytoscape(projection))
    assert {"data", "elements"} <= set(data)
    read = nx.cytoscape_graph(data)
    assert_same_graph(projection.graph, read, drop_nodes={"id", "name", "value"},
                      drop_edges={"source", "target", "key"})


def test_node_link_json_reads_back(projection):
    read = nx.node_link_graph(json.loads(writers.to_node_link(projection)), edges="edges")
    assert_same_graph(projection.graph, read)
    assert read.graph["view"] == projection.view


# --- DOT, SVG, PNG ---------------------------------------------------------------------------


def test_dot_parses(projection):
    pydot = pytest.importorskip("pydot")
    text = writers.to_dot(projection).decode("utf-8")
    (graph,) = pydot.graph_from_dot_data(text)
    names = {n.get_name().strip('"') for n in graph.get_nodes()} - {"node", "edge", "graph"}
    assert names == set(projection.graph.nodes)
    assert len(graph.get_edges()) == projection.graph.number_of_edges()
    assert graph.get_type() == ("digraph" if projection.graph.is_directed() else "graph")


needs_dot = pytest.mark.skipif(shutil.which("dot") is None, reason="Graphviz 'dot' is not installed")


@needs_dot
def test_graphviz_reads_the_dot(projection):
    proc = subprocess.run(["dot", "-Tcanon"], input=writers.to_dot(projection), capture_output=True, check=False)
    assert proc.returncode == 0, proc.stderr.decode()
    assert b"Warning" not in proc.stderr and b"Error" not in proc.stderr


@needs_dot
def test_svg_and_png(sample_graph):
    p = project(sample_graph, "people")
    svg = writers.to_svg(p).decode("utf-8")
    assert "<svg" in svg and "محمود مسگریان" in svg and "سید مسعود حسینی" in svg
    assert writers.to_png(p).startswith(b"\x89PNG\r\n\x1a\n")


def test_svg_without_graphviz_says_what_to_install(sample_graph, monkeypatch):
    monkeypatch.setattr(writers.shutil, "which", lambda name: None)
    p = project(sample_graph, "people")
    for render in (writers.to_svg, writers.to_png):
        with pytest.raises(ExportError, match=r"Graphviz's 'dot'.*apt-get install graphviz"):
            render(p)


# --- CSV -------------------------------------------------------------------------------------


def test_csv_node_and_edge_lists(projection):
    parts = writers.to_csv(projection)
    assert set(parts) == {".nodes.csv", ".edges.csv"}
    nodes = list(csv.DictReader(io.StringIO(parts[".nodes.csv"].decode("utf-8"))))
    edges = list(csv.DictReader(io.StringIO(parts[".edges.csv"].decode("utf-8"))))
    g = projection.graph
    assert [r["id"] for r in nodes] == list(g.nodes)
    assert list(nodes[0])[:3] == ["id", "type", "label"]
    assert {r["label"] for r in nodes} == {d["label"] for _, d in g.nodes(data=True)}
    assert len(edges) == g.number_of_edges()
    assert all(r["source"] in g and r["target"] in g for r in edges)


def test_csv_output_paths(tmp_path):
    rendered = {".nodes.csv": b"a", ".edges.csv": b"b"}
    assert [p.name for p, _ in writers.output_paths(str(tmp_path / "x.csv"), rendered)] == ["x.nodes.csv",
                                                                                            "x.edges.csv"]
    assert [p.name for p, _ in writers.output_paths(str(tmp_path), rendered)] == ["nodes.csv", "edges.csv"]


# --- the format table -----------------------------------------------------------------------


@pytest.mark.parametrize(("name", "fmt"), [
    ("a.graphml", "graphml"), ("a.gexf", "gexf"), ("a.cyjs", "cytoscape"), ("a.cy.json", "cytoscape"),
    ("a.json", "node-link"), ("a.dot", "dot"), ("a.gv", "dot"), ("a.svg", "svg"), ("a.PNG", "png"),
    ("a.csv", "csv"), ("a.html", "html"), ("a.htm", "html"),
])
def test_format_from_extension(name, fmt):
    assert writers.by_path(name).name == fmt
    assert writers.by_name(fmt).name == fmt


def test_unknown_formats():
    with pytest.raises(ExportError, match=r"known: \.graphml"):
        writers.by_path("graph.xyz")
    with pytest.raises(ExportError, match="unknown export format 'pdf'"):
        writers.by_name("pdf")
    assert writers.by_name("cyjs").name == "cytoscape" and writers.by_name("GV").name == "dot"


def test_text_with_markup_and_control_characters_survives(rich_dataset, tmp_path):
    """Labels are data: quotes, <, &, newlines and XML-forbidden characters in every format."""
    from lxml import etree
    from rdflib import Literal, URIRef
    from rdflib.namespace import RDFS

    ds = rich_dataset.__class__()
    for quad in rich_dataset.quads():
        ds.add(quad)
    person = next(s for s, o in ((s, o) for s, _, o, _ in rich_dataset.quads((None, RDFS.label, None, None)))
                  if str(o) == "علی رضایی")
    graph = next(c for c in ds.graphs() if (person, None, None) in c)
    graph.add((URIRef(str(person)), RDFS.label, Literal('علی "رضایی" </script><b>&amp;\x0b\nدوم', lang="fa")))
    p = project(ds, "people")
    label = p.graph.nodes[str(person)]["label"]
    assert "\x0b" not in label and "\ufffd" in label  # XML 1.0 cannot hold \x0b
    assert etree.fromstring(writers.to_graphml(p)) is not None
    gexf = tmp_path / "x.gexf"
    gexf.write_bytes(writers.to_gexf(p))
    assert nx.read_gexf(gexf, version="1.3").nodes[str(person)]["label"] == label
    html = writers.to_html(p).decode("utf-8")
    assert html.count("</script>") == 3  # cytoscape, the app, and the JSON block: nothing closed early


def test_dot_splits_long_strings(sample_graph):
    """Graphviz rejects quoted strings over 16 KiB: long values are written as "a" + "b"."""
    p = project(sample_graph, "people")
    node = next(iter(p.graph))
    long_text = "گفته " * 6000 + 'quote " and \\ backslash'
    p.graph.nodes[node]["long"] = long_text
    dot = writers.to_dot(p)
    assert max(len(part) for part in dot.split(b'" + "')) < 16384
    pydot = pytest.importorskip("pydot")
    (graph,) = pydot.graph_from_dot_data(dot.decode("utf-8"))
    assert graph is not None
    if shutil.which("dot"):
        proc = subprocess.run(["dot", "-Tcanon"], input=dot, capture_output=True, check=False)
        assert proc.returncode == 0 and not proc.stderr, proc.stderr.decode()
