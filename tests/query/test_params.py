"""Binding --param values: typed, escaped, never pasted as raw text."""

from __future__ import annotations

import pyoxigraph as ox
import pytest
from hypothesis import given
from hypothesis import strategies as st

from kg.errors import QueryError
from kg.query import bind, get, parse_assignments
from kg.query.params import guess_kind, substitute, term_for

PROBE = "SELECT ($v AS ?out) WHERE {}"


def run_probe(sparql: str):
    (row,) = list(ox.Store().query(sparql))
    return row["out"]


@pytest.mark.parametrize("evil", [
    'x" } ; DROP ALL #',
    "x' . ?s ?p ?o }",
    'a\\" b',
    "line\nbreak",
    '"""',
    "<http://example.org/> } UNION { ?s ?p ?o",
])
def test_a_value_cannot_escape_its_literal(evil):
    sparql = bind(PROBE, {"v": evil}, None)
    out = run_probe(sparql)
    assert isinstance(out, ox.Literal) and out.value == evil


@given(st.text(alphabet=st.characters(blacklist_categories=("Cs",)), max_size=40))
def test_any_string_round_trips(value):
    sparql = substitute(PROBE, {"v": term_for(value, "string")})
    assert run_probe(sparql).value == value


def test_dollar_names_in_strings_iris_and_comments_are_left_alone():
    q = 'SELECT ?x WHERE { BIND("$v" AS ?x) } # $v\n'
    assert substitute(q + "<http://e.org/$v>", {"v": ox.Literal("z")}) == q + "<http://e.org/$v>"
    assert substitute("SELECT ($v AS ?x) {}", {"v": ox.Literal("z")}) == 'SELECT ("z" AS ?x) {}'


def test_typed_parameters():
    assert term_for("42", "integer") == ox.Literal("42", datatype=ox.NamedNode("http://www.w3.org/2001/XMLSchema#integer"))
    assert term_for("2.50", "decimal").value == "2.50"
    assert term_for("2025-10-07", "date").datatype.value.endswith("#date")
    assert term_for("<https://example.org/a>", "iri") == ox.NamedNode("https://example.org/a")
    assert term_for("yes", "boolean").value == "true"
    assert term_for("شهردار", "fa").language == "fa"
    # text is normalised like article text: Arabic yeh and kaf become Persian
    assert term_for("كرمان مي شود", "text").value == "کرمان می\u200cشود"
    for value, kind in [("abc", "integer"), ("1e999x", "decimal"), ("2025-13-40", "date"), ("not an iri", "iri"),
                        ("http://a b", "iri"), ("maybe", "boolean"), ("nan", "decimal")]:
        with pytest.raises(QueryError, match="not a valid"):
            term_for(value, kind)


def test_integers_bind_bare_so_limit_works():
    assert bind("SELECT * WHERE { ?s ?p ?o } LIMIT $n", {"n": "5"}, None).endswith("LIMIT 5")


def test_named_query_parameters_are_checked():
    q = get("most-quoted-officials")
    assert bind(q.sparql, {}, q).rstrip().endswith("LIMIT 10")  # the default
    with pytest.raises(QueryError, match=r"no parameter city .*limit"):
        bind(q.sparql, {"city": "همدان"}, q)
    with pytest.raises(QueryError, match="not a valid integer"):
        bind(q.sparql, {"limit": "ten"}, q)
    needs = get("statements-by-person")
    with pytest.raises(QueryError, match="needs --param person"):
        bind(needs.sparql, {}, needs)


def test_optional_text_filters_default_to_match_everything():
    q = get("projects-by-status-and-city")
    bound = bind(q.sparql, {"city": "همدان"}, q)
    assert 'CONTAINS(?status, "")' in bound and 'CONTAINS(?place, "همدان")' in bound


def test_adhoc_queries_guess_types_and_refuse_unknown_names():
    assert [guess_kind(v) for v in ["<http://a>", "12", "-3.5", "2024-01-02", "همدان"]] == [
        "iri", "integer", "decimal", "date", "text"]
    assert bind("SELECT * { ?s ?p $o }", {"o": "12"}, None) == "SELECT * { ?s ?p 12 }"
    with pytest.raises(QueryError, match=r"no \$city"):
        bind("SELECT * { ?s ?p $o }", {"city": "x"}, None)


def test_parse_assignments():
    assert parse_assignments(["city=همدان", "q=a=b", "$n=1"]) == {"city": "همدان", "q": "a=b", "n": "1"}
    with pytest.raises(QueryError, match="NAME=VALUE"):
        parse_assignments(["nothing"])
    with pytest.raises(QueryError):
        parse_assignments(["bad name=1"])
