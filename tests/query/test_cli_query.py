"""`kg query` end to end (click's CliRunner) on an on-disk store of the test corpus."""

from __future__ import annotations

import csv
import io
import json

import pytest
from click.testing import CliRunner

from kg.cli import main
from kg.query import library
from kg.store import Store


@pytest.fixture(scope="module")
def store_dir(tmp_path_factory, corpus_graphs):
    path = tmp_path_factory.mktemp("kgq") / "store"
    with Store(path) as st:
        for g in corpus_graphs:
            st.replace_article(g)
    return path


def kg(*args: str):
    return CliRunner().invoke(main, list(args), catch_exceptions=False)


def test_list_names_every_query():
    r = kg("query", "--list")
    assert r.exit_code == 0
    for name, q in library().items():
        assert f"{name}\n    {q.title}" in r.output


def test_named_query_as_a_table(store_dir):
    r = kg("query", "most-quoted-officials", "-p", "limit=2", "--store", str(store_dir))
    assert r.exit_code == 0, r.output
    lines = r.output.splitlines()
    assert lines[0].split() == ["official", "statements", "articles", "first", "last"]
    assert lines[2].split()[:5] == ["سید", "مسعود", "حسینی", "4", "3"]
    assert lines[-1] == "(2 rows)"
    assert "\u2067" not in r.output  # not a terminal: no isolates
    r = kg("query", "most-quoted-officials", "-p", "limit=1", "--store", str(store_dir), "--bidi")
    assert "\u2067سید مسعود حسینی\u2069" in r.output


def test_output_file_format_from_extension(store_dir, tmp_path):
    out = tmp_path / "hosseini.csv"
    r = kg("query", "statements-by-person", "-p", "person=حسینی", "--store", str(store_dir), "-o", str(out))
    assert r.exit_code == 0, r.output
    rows = list(csv.reader(io.StringIO(out.read_text(encoding="utf-8"))))
    assert rows[0] == ["date", "speaker", "verb", "direct", "content", "article"]
    assert len(rows) == 5
    out = tmp_path / "n.srj"
    kg("query", "-e", "SELECT (COUNT(*) AS ?n) WHERE { ?s a kg:Statement }", "--store", str(store_dir), "-o", str(out))
    assert json.loads(out.read_text())["results"]["bindings"][0]["n"]["value"] == "11"


def test_construct_as_turtle(store_dir):
    r = kg("query", "-e", "CONSTRUCT WHERE { ?p kg:holds ?post }", "--store", str(store_dir))
    assert r.exit_code == 0
    from rdflib import Graph

    # Hosseini, Mesgarian, the two Rezaeis and the governor of Karaj hold one post each, Kazemi two
    assert len(Graph().parse(data=r.output, format="turtle")) == 7


def test_query_file_with_params(store_dir, tmp_path):
    f = tmp_path / "mine.rq"
    f.write_text("SELECT ?n WHERE { ?p skos:prefLabel ?n FILTER(CONTAINS(?n, $who)) } ORDER BY ?n", encoding="utf-8")
    r = kg("query", str(f), "-p", "who=رضایی", "--store", str(store_dir), "-f", "tsv")
    assert r.output.splitlines() == ["?n", '"حسن رضایی"@fa', '"رضایی"@fa', '"علی رضایی"@fa']
    r = kg("query", str(f), "-p", "who=x", "--show")
    assert 'CONTAINS(?n, "x")' in r.output


def test_data_files_instead_of_the_store(store_dir, tmp_path):
    dump = tmp_path / "dump.nq"
    with Store(store_dir) as st:
        st.dump(dump)
    r = kg("query", "tenures", "-p", "post=اراک", "--data", str(dump))
    assert r.exit_code == 0 and r.output.strip() == "post  person  from  to\n----  ------  ----  --\n(0 rows)"
    r = kg("query", "tenures", "-p", "post=همدان", "--data", str(dump), "-f", "csv")
    assert r.output.splitlines()[1:] == ["رئیس شورای شهر همدان,محمود مسگریان,2024-03-10,2024-03-10",
                                         "شهردار همدان,سید مسعود حسینی,2024-03-10,2024-04-22"]


def test_errors_are_one_line(store_dir, tmp_path):
    runner = CliRunner()
    r = runner.invoke(main, ["query", "-e", "SELECT ?x WHERE {\n ?x kg:speaker }", "--store", str(store_dir)])
    assert r.exit_code == 1
    assert r.output.startswith("kg: error: SPARQL syntax error at line 2, column")
    assert r.output.count("\n") == 1
    r = runner.invoke(main, ["query", "most-quoted-officials", "--store", str(tmp_path / "nothing")])
    assert r.exit_code == 1 and "no store at" in r.output
    r = runner.invoke(main, ["query", "no-such-query", "--store", str(store_dir)])
    assert "no named query 'no-such-query'" in r.output
    r = runner.invoke(main, ["query", "statements-by-person", "--store", str(store_dir)])
    assert "needs --param person" in r.output
    r = runner.invoke(main, ["query", "articles", "-e", "ASK {}"])
    assert r.exit_code == 2
    r = runner.invoke(main, ["query", "articles", "--data", str(tmp_path / "missing.ttl")])
    assert r.exit_code == 2 and "no such file" in r.output
    r = runner.invoke(main, ["query", "articles", "--store", str(store_dir), "-o", str(tmp_path / "x.weird")])
    assert "cannot tell the format" in r.output
