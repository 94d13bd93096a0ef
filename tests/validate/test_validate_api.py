"""The validate() wrapper: Report values, datasets, summaries, and the shapes file itself."""

from __future__ import annotations

import dataclasses

import pyshacl
import pytest
from rdflib import Dataset, Graph, URIRef
from validate_samples import ID, KG, KGSH, RDF, RDFS, SH, Sample, build_sample

from kg.errors import KgError
from kg.resources import ontology_path
from kg.validate import Report, Result, load_shapes, validate


def test_report_is_a_frozen_value(sample: Sample) -> None:
    report = validate(sample.graph)
    assert isinstance(report, Report)
    assert isinstance(report.graph, Graph)
    assert "Conforms: True" in report.text
    with pytest.raises(dataclasses.FrozenInstanceError):
        report.conforms = False  # type: ignore[misc]


def test_result_fields_and_summary(sample: Sample) -> None:
    sample.graph.remove((sample.statement, KG.speaker, None))
    sample.graph.remove((sample.article, KG.sha256, None))
    report = validate(sample.graph)
    assert not report.conforms
    assert len(report.results) == 2
    assert all(isinstance(r, Result) for r in report.results)
    assert {r.severity_name for r in report.results} == {"Violation"}
    lines = report.summary().splitlines()
    assert len(lines) == 2
    h = str(sample.article).rsplit("/", 1)[1]
    assert f"id:article/{h} kg:sha256: an article needs exactly one kg:sha256" in lines[0]
    assert lines[1].startswith(f"id:statement/{h}-")
    assert " kg:speaker: a statement needs exactly one kg:speaker" in lines[1]


def test_summary_limit_counts_the_rest(sample: Sample) -> None:
    for node in (sample.speaker, sample.city, sample.org, sample.project, sample.event, sample.agency):
        sample.graph.remove((node, RDFS.label, None))
    report = validate(sample.graph)
    assert len(report.results) >= 6
    lines = report.summary(limit=2).splitlines()
    assert len(lines) == 3
    assert lines[-1] == f"... and {len(report.results) - 2} more"


def test_summary_shows_the_value_when_the_message_does_not(sample: Sample) -> None:
    sample.graph.add((sample.speaker, RDF.type, KG.Quantity))
    summary = validate(sample.graph).summary(limit=10)
    assert "(value: kg:Quantity)" in summary


def test_dataset_is_validated_as_the_union_of_its_graphs(sample: Sample) -> None:
    # The article's graph holds the statement; the speaker is described in another graph.
    people = {s for s in (sample.speaker, sample.post, sample.org)}
    ds = Dataset()
    article_graph = ds.graph(sample.article)
    other_graph = ds.graph(ID["graph/people"])
    for s, p, o in sample.graph:
        (other_graph if s in people else article_graph).add((s, p, o))
    assert validate(ds).conforms

    other_graph.remove((sample.speaker, RDF.type, KG.Person))
    other_graph.remove((sample.speaker, RDF.type, KG.Official))
    report = validate(ds)
    assert [r.source_shape for r in report.results] == [KGSH["Statement-speaker"]]


def test_dataset_default_graph_counts_too(sample: Sample) -> None:
    ds = Dataset()
    for triple in sample.graph:
        ds.add(triple)
    assert validate(ds).conforms


def test_shapes_are_loaded_once() -> None:
    assert load_shapes() is load_shapes()


def test_custom_shapes_graph(sample: Sample) -> None:
    shapes = Graph().parse(
        data="""
        @prefix sh: <http://www.w3.org/ns/shacl#> .
        @prefix kg: <https://w3id.org/officials-kg/ontology#> .
        <urn:x:S> a sh:NodeShape ; sh:targetClass kg:Statement ;
            sh:property [ sh:path kg:speaker ; sh:maxCount 0 ] .
        """,
        format="turtle",
    )
    report = validate(sample.graph, shapes=shapes)
    assert [r.source_shape for r in report.results] != []
    assert {r.path for r in report.results} == {KG.speaker}


# --- the shapes file ---------------------------------------------------------------------------


def test_shapes_graph_is_valid_shacl() -> None:
    # SHACL-for-SHACL: the shapes themselves are well-formed.
    conforms, _, text = pyshacl.validate(load_shapes(), shacl_graph=load_shapes(), meta_shacl=True)
    assert conforms, text


def test_every_shape_explains_itself() -> None:
    shapes = load_shapes()
    for shape in set(shapes.subjects(RDF.type, SH.NodeShape)):
        if isinstance(shape, URIRef):
            assert (shape, RDFS.comment, None) in shapes or (shape, SH.message, None) in shapes, shape
    for shape in set(shapes.objects(None, SH.property)):
        if isinstance(shape, URIRef):
            assert (shape, SH.message, None) in shapes, shape
    for constraint in shapes.objects(None, SH.sparql):
        assert (constraint, SH.message, None) in shapes


def test_every_class_of_the_ontology_is_a_shape_target() -> None:
    ontology = Graph().parse(ontology_path())
    kg_classes = {
        c
        for c in ontology.subjects(RDF.type, URIRef("http://www.w3.org/2002/07/owl#Class"))
        if isinstance(c, URIRef) and c.startswith(str(KG))
    }
    targets = set(load_shapes().objects(None, SH.targetClass))
    assert kg_classes - targets == set()


def test_shapes_need_no_inference(sample: Sample) -> None:
    # Class targets only name classes the mapping types nodes with; no rdfs:subClassOf in data.
    assert not list(sample.graph.triples((None, RDFS.subClassOf, None)))
    assert validate(sample.graph).conforms


def test_timing_smoke() -> None:
    # Not a benchmark (see the report), just a guard against pathological slowness.
    import time

    graph = build_sample(6).graph
    validate(graph)
    t0 = time.perf_counter()
    validate(graph)
    assert time.perf_counter() - t0 < 5.0


def test_malformed_shapes_raise_a_kg_error(sample: Sample) -> None:
    shapes = Graph().parse(
        data="""
        @prefix sh: <http://www.w3.org/ns/shacl#> .
        @prefix kg: <https://w3id.org/officials-kg/ontology#> .
        <urn:x:S> a sh:NodeShape ; sh:targetClass kg:Statement ;
            sh:sparql [ sh:select "SELECT $this WHERE { VALUES ?x { 1 } }" ] .
        """,
        format="turtle",
    )
    with pytest.raises(KgError, match="SHACL validation could not run"):
        validate(sample.graph, shapes=shapes)
