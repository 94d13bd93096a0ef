"""Result formats: the RTL-safe table, CSV/TSV, SPARQL JSON/XML, RDF for graph results."""

from __future__ import annotations

import csv
import io
import json
import xml.etree.ElementTree as ET

import pyoxigraph as ox
import pytest
from rdflib import Dataset, Graph

from kg.errors import QueryError
from kg.query.output import FSI, PDI, RLI, display_width, format_table, isolate, truncate, write_results

INT = ox.NamedNode("http://www.w3.org/2001/XMLSchema#integer")


def test_display_width():
    assert display_width("همدان") == 5
    assert display_width("می\u200cشود") == 5  # five letters; the ZWNJ takes no column
    assert display_width("e\u0301") == 1  # combining accent
    assert display_width("東京") == 4
    assert display_width(RLI + "ab" + PDI) == 2


def test_columns_line_up_by_display_width():
    rows = [
        [ox.Literal("سید مسعود حسینی"), ox.Literal("X1"), ox.Literal("4", datatype=INT)],
        [ox.Literal("می\u200cشود"), ox.Literal("X2"), ox.Literal("12", datatype=INT)],
        [ox.Literal("ab"), ox.Literal("X3"), None],
    ]
    text = format_table(["name", "tag", "n"], rows)
    lines = text.splitlines()
    assert lines[-1] == "(3 rows)"
    starts = {display_width(line[: line.index(f"X{i}")]) for i, line in enumerate(lines[2:5], 1)}
    assert starts == {len("سید مسعود حسینی") + 2}
    # numbers right-aligned: the last character of each number sits in the same column
    ends = {display_width(line.rstrip()) for line in lines[2:4]}
    assert len(ends) == 1


def test_isolates_only_around_rtl_cells_and_padding_outside():
    rows = [[ox.Literal("همدان"), ox.Literal("abc"), ox.NamedNode("https://w3id.org/officials-kg/id/person/1")]]
    text = format_table(["city", "latin", "iri"], rows, bidi=True)
    row = text.splitlines()[2]
    assert row.startswith(RLI + "همدان" + PDI)
    assert "abc" in row and RLI + "abc" not in row
    assert "id:person/1" in row
    assert isolate("abc همدان") == FSI + "abc همدان" + PDI
    assert isolate("plain") == "plain"
    assert RLI not in format_table(["city"], [[ox.Literal("همدان")]], bidi=False)


def test_long_cells_are_cut():
    assert truncate("ا" * 100, 10) == "ا" * 9 + "…"
    assert truncate("short", 10) == "short"
    assert truncate("x" * 100, 0) == "x" * 100


@pytest.fixture
def small():
    s = ox.Store()
    s.update('PREFIX kg: <https://w3id.org/officials-kg/ontology#> INSERT DATA { '
             '<https://w3id.org/officials-kg/id/person/1> kg:label "سید مسعود حسینی"@fa ; kg:n 4 . '
             '<https://w3id.org/officials-kg/id/person/2> kg:label "a, \\"quoted\\"" ; kg:n 1 . }')
    return s


SELECT = "SELECT ?p ?l ?n WHERE { ?p <https://w3id.org/officials-kg/ontology#label> ?l ; " \
         "<https://w3id.org/officials-kg/ontology#n> ?n } ORDER BY ?n"


def out(results, fmt, **kw) -> bytes:
    buf = io.BytesIO()
    write_results(results, buf, fmt, **kw)
    return buf.getvalue()


def test_csv_tsv_json_xml(small):
    rows = list(csv.reader(io.StringIO(out(small.query(SELECT), "csv").decode("utf-8"))))
    assert rows[0] == ["p", "l", "n"]
    assert rows[1] == ["https://w3id.org/officials-kg/id/person/2", 'a, "quoted"', "1"]
    assert rows[2][1] == "سید مسعود حسینی"
    tsv = out(small.query(SELECT), "tsv").decode("utf-8").splitlines()
    assert tsv[0] == "?p\t?l\t?n" and '"سید مسعود حسینی"@fa' in tsv[2]
    data = json.loads(out(small.query(SELECT), "json"))
    assert data["head"]["vars"] == ["p", "l", "n"]
    assert data["results"]["bindings"][1]["l"] == {"type": "literal", "value": "سید مسعود حسینی", "xml:lang": "fa"}
    root = ET.fromstring(out(small.query(SELECT), "xml"))
    ns = {"r": "http://www.w3.org/2005/sparql-results#"}
    assert len(root.findall(".//r:result", ns)) == 2


def test_ask_and_graph_results(small):
    assert out(small.query("ASK { ?s ?p ?o }"), "table") == b"true\n"
    assert json.loads(out(small.query("ASK { ?s ?p 99 }"), "json"))["boolean"] is False
    construct = "CONSTRUCT WHERE { ?s ?p ?o }"
    prefixes = {"kg": "https://w3id.org/officials-kg/ontology#"}
    ttl = out(small.query(construct), "table", prefixes=prefixes).decode("utf-8")  # table → Turtle for graphs
    assert "@prefix kg:" in ttl
    assert len(Graph().parse(data=ttl, format="turtle")) == 4
    nq = out(small.query(construct), "nq").decode("utf-8")
    assert len(nq.splitlines()) == 4
    ds = Dataset().parse(data=out(small.query(construct), "trig").decode("utf-8"), format="trig")
    assert len(list(ds.quads((None, None, None, None)))) == 4
    assert len(Graph().parse(data=out(small.query(construct), "jsonld").decode("utf-8"), format="json-ld")) == 4
    with pytest.raises(QueryError, match="rows come as"):
        out(small.query(SELECT), "turtle")
    with pytest.raises(QueryError, match="unknown result format"):
        out(small.query(SELECT), "yaml")
