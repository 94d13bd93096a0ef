"""kg.reason: HermiT over the ontology plus a data graph (skipped without Java)."""

from __future__ import annotations

import shutil
from pathlib import Path

import pytest
from rdflib import Dataset, Graph, Literal, Namespace, URIRef

from kg import reason as reason_module
from kg.errors import KgError
from kg.reason import ReasonerUnavailable, ReasonReport, diagnose, reason
from kg.resources import ontology_path

KG = Namespace("https://w3id.org/officials-kg/ontology#")
ID = Namespace("https://w3id.org/officials-kg/id/")
RDF = Namespace("http://www.w3.org/1999/02/22-rdf-syntax-ns#")

FIXTURE = Path(__file__).parent / "fixtures" / "valid-instance.ttl"
SPEAKER = ID["person/aaaaaaaaaaaa"]
STATEMENT = ID["statement/0123456789abcdef-18-45"]

needs_java = pytest.mark.skipif(shutil.which("java") is None, reason="HermiT needs a Java runtime")


def fixture_graph() -> Graph:
    return Graph().parse(FIXTURE)


def test_without_java_the_error_is_one_plain_line(monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setattr(reason_module.shutil, "which", lambda name: None)
    with pytest.raises(ReasonerUnavailable) as info:
        reason(fixture_graph())
    assert str(info.value) == "kg reason needs a Java runtime (install e.g. Debian's default-jre-headless)"
    assert isinstance(info.value, KgError)


def test_fixture_speaker_is_untyped() -> None:
    # The point of the consistency test below: nothing says the speaker is a Person.
    assert (SPEAKER, RDF.type, None) not in fixture_graph()


@needs_java
def test_valid_graph_is_consistent_and_speaker_is_inferred_a_person() -> None:
    report = reason(FIXTURE)
    assert isinstance(report, ReasonReport)
    assert report.consistent, report.problems
    assert report.problems == []
    assert (str(SPEAKER), str(RDF.type), str(KG.Person)) in report.inferred


@needs_java
def test_person_and_city_is_inconsistent() -> None:
    g = fixture_graph()
    g.add((SPEAKER, RDF.type, KG.City))
    report = reason(g)
    assert not report.consistent
    assert report.inferred == []
    assert len(report.problems) == 1
    problem = report.problems[0]
    assert "id:person/aaaaaaaaaaaa" in problem and "kg:Person" in problem and "disjoint" in problem


@needs_java
def test_two_values_of_a_functional_property_is_inconsistent() -> None:
    g = fixture_graph()
    g.add((STATEMENT, KG.start, Literal(19)))
    report = reason(g)
    assert not report.consistent
    assert any("kg:start" in p and "only one" in p for p in report.problems), report.problems


@needs_java
def test_calls_do_not_leak_state() -> None:
    bad = fixture_graph()
    bad.add((SPEAKER, RDF.type, KG.City))
    assert not reason(bad).consistent
    assert reason(fixture_graph()).consistent


@needs_java
def test_dataset_and_trig_inputs(tmp_path: Path) -> None:
    ds = Dataset()
    article_graph = ds.graph(ID["article/0123456789abcdef"])
    for triple in fixture_graph():
        article_graph.add(triple)
    assert reason(ds).consistent
    trig = tmp_path / "kg.trig"
    ds.serialize(trig, format="trig")
    report = reason([trig])
    assert report.consistent
    assert (str(SPEAKER), str(RDF.type), str(KG.Person)) in report.inferred


def test_missing_file() -> None:
    if shutil.which("java") is None:
        pytest.skip("HermiT needs a Java runtime")
    with pytest.raises(FileNotFoundError):
        reason(Path("no/such/file.ttl"))


# --- the diagnosis, without Java ---------------------------------------------------------------


def test_diagnose_uses_domain_and_range() -> None:
    onto = Graph().parse(ontology_path())
    g = fixture_graph()
    # The untyped speaker is a Person through kg:speaker's range and kg:holds' domain;
    # kg:inProvince's domain makes it a City, hence a Place.
    g.add((SPEAKER, KG.inProvince, ID["place/province-hamedan"]))
    problems = diagnose(g, onto)
    assert len(problems) == 1
    assert problems[0].startswith("id:person/aaaaaaaaaaaa is both kg:Person (")
    assert "kg:Place (subject of kg:inProvince)" in problems[0]


def test_diagnose_finds_nothing_in_valid_data() -> None:
    assert diagnose(fixture_graph(), Graph().parse(ontology_path())) == []


def test_diagnose_city_and_province() -> None:
    g = fixture_graph()
    place = URIRef(ID["place/x"])
    g.add((place, RDF.type, KG.City))
    g.add((place, RDF.type, KG.Province))
    problems = diagnose(g, Graph().parse(ontology_path()))
    assert problems == [
        "id:place/x is both kg:City (typed kg:City) and kg:Province (typed kg:Province), "
        "which the ontology declares disjoint"
    ]
