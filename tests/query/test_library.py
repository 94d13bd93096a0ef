"""The query library: every .rq documented and runnable as its example says."""

from __future__ import annotations

import re
import shlex

import pytest

from kg.errors import QueryError
from kg.query import library, parse_query_file, prepare, run
from kg.query.library import queries_dir
from kg.query.params import parse_assignments

PERSIAN = re.compile("[\u0600-\u06ff]")


@pytest.mark.parametrize("name", sorted(library()))
def test_header_is_complete(name):
    q = library()[name]
    assert q.title and q.description and PERSIAN.search(q.description_fa), name
    assert q.example.startswith(f"kg query {name}"), q.example
    for p in q.params:
        assert p.meaning, (name, p.name)


@pytest.mark.parametrize("name", sorted(library()))
def test_example_runs_and_shows_its_output(name, qstore):
    q = library()[name]
    words = shlex.split(q.example)[3:]
    pairs = [words[i + 1] for i, w in enumerate(words) if w in {"--param", "-p"}]
    sparql, _ = prepare(name, parse_assignments(pairs))
    results = run(qstore, sparql)
    variables = [v.value for v in results.variables]
    assert list(results), f"{name}: its example finds nothing on the test corpus"
    assert q.example_output, f"{name}: the header shows no example output"
    # the example's table header names the query's columns, in order
    assert q.example_output[0].split() == variables


def test_readme_lists_every_query():
    readme = (queries_dir() / "README.md").read_text(encoding="utf-8")
    for name, q in library().items():
        assert f"`{name}`" in readme, name
        for p in q.params:
            assert f"`{p.name}`" in readme, (name, p.name)


def test_bad_headers(tmp_path):
    f = tmp_path / "x.rq"
    f.write_text("# title: x\n# param: city — a city (optional)\nSELECT * {}\n", encoding="utf-8")
    with pytest.raises(QueryError, match="never uses"):
        parse_query_file(f)
    f.write_text("# param: n:float — n (default: 1)\nSELECT * { ?s ?p $n }\n", encoding="utf-8")
    with pytest.raises(QueryError, match="unknown type"):
        parse_query_file(f)
    f.write_text("# param: what is this\nSELECT * {}\n", encoding="utf-8")
    with pytest.raises(QueryError, match="cannot read parameter"):
        parse_query_file(f)
    f.write_text("# param: n:integer — how many (default: 3)\n# param: who — a name (required)\n"
                 "SELECT * { ?s ?p $who } LIMIT $n\n", encoding="utf-8")
    q = parse_query_file(f)
    assert [(p.name, p.type, p.default, p.required) for p in q.params] == [
        ("n", "integer", "3", False), ("who", "text", None, True)]


def test_unknown_name_suggests():
    with pytest.raises(QueryError, match="did you mean most-quoted-officials"):
        prepare("most-quoted")
