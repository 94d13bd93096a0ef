"""Projections: what each view holds, from every kind of source, with its measures."""

from __future__ import annotations

import networkx as nx
import pytest

from kg.errors import ExportError, InputError
from kg.export import measures
from kg.export.projections import load_files, project

MAYOR = "سید مسعود حسینی"
COUNCIL_HEAD = "محمود مسگریان"


def by_label(g: nx.Graph) -> dict[str, dict]:
    return {d["label"]: d for _, d in g.nodes(data=True)}


def node_of(g: nx.Graph, label: str) -> str:
    return next(n for n, d in g.nodes(data=True) if d["label"] == label)


def test_sample_people_view_shows_both_officials(sample_graph):
    g = project(sample_graph, "people").graph
    nodes = by_label(g)
    people = {label for label, d in nodes.items() if d["type"] in ("Official", "Person")}
    assert people == {MAYOR, COUNCIL_HEAD}
    # organisations and cities come as the extraction finds them; whatever is there is linked
    assert {d["type"] for d in nodes.values()} <= {"Official", "Person", "Organization", "NewsAgency", "City",
                                                   "Province", "Country"}
    mayor, head = nodes[MAYOR], nodes[COUNCIL_HEAD]
    assert mayor["type"] == head["type"] == "Official"
    assert mayor["label_fa"] == MAYOR and "label_en" not in mayor
    assert (mayor["statements"], head["statements"]) == (19, 6)
    assert mayor["articles"] == head["articles"] == 1
    assert mayor["posts"] == "شهردار همدان" and head["posts"] == "رئیس شورای شهر همدان"
    for n, d in g.nodes(data=True):
        assert n == d["iri"] and n.startswith("https://w3id.org/officials-kg/id/")
    # they speak in the same article
    edge = g.edges[node_of(g, MAYOR), node_of(g, COUNCIL_HEAD)]
    assert edge["relation"] == "spokeWith" and edge["weight"] == edge["articles"] == 1
    assert edge["events"] in (0, 1)  # 1 once the extraction finds the summit both speak at
    assert {d["relation"] for *_, d in g.edges(data=True)} <= {"spokeWith", "holds", "locatedIn"}


def test_sample_topics_view_has_the_speakers(sample_graph):
    g = project(sample_graph, "topics").graph
    assert isinstance(g, nx.DiGraph)
    speakers = {d["label"] for _, d in g.nodes(data=True) if d["type"] in ("Official", "Person")}
    assert speakers == {MAYOR, COUNCIL_HEAD}
    for u, v, d in g.edges(data=True):
        assert g.nodes[u]["label"] in speakers and g.nodes[v]["type"] not in ("Official", "Person")
        assert d["weight"] == len(d["statement_iris"].split())


def test_sample_full_view_holds_every_typed_resource(sample_graph):
    from rdflib.namespace import RDF

    g = project(sample_graph, "full").graph
    assert isinstance(g, nx.MultiDiGraph)
    typed = {str(s) for s in sample_graph.subjects(RDF.type, None)}
    assert set(g.nodes) == typed
    statement = next(d for _, d in g.nodes(data=True) if d["type"] == "Statement")
    assert isinstance(statement["kg_start"], int) and isinstance(statement["kg_end"], int)
    assert isinstance(statement["kg_direct"], bool)
    assert statement["label"] and not statement["label"].startswith("2e4c")  # its words, not its hash
    keys = [k for *_, k in g.edges(keys=True)]
    assert len(keys) == len(set(keys))  # edge keys unique over the graph (GraphML/GEXF ids)
    relations = {d["relation"] for *_, d in g.edges(data=True)}
    assert {"kg:speaker", "kg:article", "kg:evidence", "oa:hasSelector", "kg:holds"} <= relations


def test_people_view_links_organisations_and_cities(rich_dataset):
    g = project(rich_dataset, "people").graph
    labels = by_label(g)
    assert labels["علی رضایی"]["type"] == "Person"  # a speaker who is no official
    assert labels["شهرداری همدان"]["type"] == "Organization"
    assert labels["همدان"] == {**labels["همدان"], "type": "City", "label_en": "Hamedan"}
    mayor, city = node_of(g, MAYOR), node_of(g, "همدان")
    org = node_of(g, "شهرداری همدان")
    assert g.edges[mayor, org] == {"relation": "holds", "weight": 1, "post": "شهردار همدان"}
    assert g.edges[org, city]["relation"] == "locatedIn"
    # same event → events counted; same article only → events 0
    assert g.edges[mayor, node_of(g, COUNCIL_HEAD)]["events"] == 1
    assert g.edges[mayor, node_of(g, "علی رضایی")]["events"] == 0
    # the mayor speaks in two articles, and is one node
    assert labels[MAYOR]["articles"] == 2 and labels[MAYOR]["statements"] == 3
    assert "خبرگزاری صدا و سیما" not in labels  # agencies hold no posts here


def test_topics_view_weights_are_statements(rich_dataset):
    p = project(rich_dataset, "topics")
    g = p.graph
    mayor = node_of(g, MAYOR)
    projects = [n for n, d in g.nodes(data=True) if d["type"] == "Project"]
    assert len(projects) == 1  # one project named in two articles is one topic
    project_node = projects[0]
    assert len(g.nodes[project_node]["iris"].split()) == 2
    edge = g.edges[mayor, project_node]
    assert edge["weight"] == 2 and edge["articles"] == 2
    iris = edge["statement_iris"].split()
    assert len(iris) == 2 and all("/statement/" in i for i in iris)
    assert edge["first_words"].split("\n")[1].startswith("پروژه قطار شهری همدان")
    assert set(p.statements_of(project_node)) >= set(iris)
    types = {d["type"] for _, d in g.nodes(data=True)}
    assert types == {"Official", "Person", "Project", "City", "Organization"}
    assert all(g.nodes[u]["type"] in ("Official", "Person") for u, _ in g.edges)


def test_every_node_has_counts_and_measures(rich_dataset):
    for view in ("people", "topics", "full"):
        g = project(rich_dataset, view).graph
        for _, d in g.nodes(data=True):
            assert {"type", "iri", "label", "statements", "articles", "degree", "weighted_degree",
                    "betweenness", "community"} <= set(d)
            assert isinstance(d["degree"], int) and isinstance(d["community"], int)
            assert isinstance(d["weighted_degree"], float) and 0.0 <= d["betweenness"] <= 1.0
            for v in d.values():
                assert isinstance(v, (str, int, float, bool)) and v != ""


def test_measures_are_deterministic(rich_dataset):
    a = project(rich_dataset, "topics").graph
    b = project(rich_dataset, "topics").graph
    assert dict(a.nodes(data=True)) == dict(b.nodes(data=True))
    hub = node_of(a, MAYOR)
    assert a.nodes[hub]["betweenness"] == max(d["betweenness"] for _, d in a.nodes(data=True))


def test_sampled_betweenness_above_the_threshold(monkeypatch):
    g = nx.barbell_graph(30, 5)
    exact = measures.betweenness(g)
    monkeypatch.setattr(measures, "EXACT_BETWEENNESS_MAX_NODES", 10)
    monkeypatch.setattr(measures, "BETWEENNESS_WORK", 20 * (65 + g.number_of_edges()))
    first, second = measures.betweenness(g), measures.betweenness(g)
    assert first == second  # seeded
    assert max(exact, key=exact.get) == 32  # the middle of the 5-node path between the cliques
    assert max(first, key=first.get) in range(29, 36)  # the estimate still finds the bridge
    h = measures.add_measures(nx.Graph(g))
    assert h.graph["betweenness"].startswith("sampled k=20")


def test_communities_numbered_by_size():
    g = nx.disjoint_union(nx.complete_graph(5), nx.complete_graph(3))
    measures.add_measures(g)
    assert {d["community"] for n, d in g.nodes(data=True) if n < 5} == {0}
    assert {d["community"] for n, d in g.nodes(data=True) if n >= 5} == {1}


def _shape(g: nx.Graph):
    return (sorted((n, tuple(sorted(d.items()))) for n, d in g.nodes(data=True)),
            sorted((u, v, tuple(sorted(d.items()))) for u, v, d in g.edges(data=True)))


@pytest.mark.parametrize("fmt", ["trig", "nquads", "turtle", "nt", "json-ld", "xml"])
def test_files_in_any_format_give_the_same_projection(tmp_path, rich_dataset, fmt):
    from kg.ingest import serialise
    from kg.rdf.formats import by_name

    graphs = [rich_dataset.graph(c.identifier) for c in rich_dataset.graphs() if len(c)]
    path = tmp_path / f"rich{by_name(fmt).extensions[0]}"
    path.write_bytes(serialise(graphs, fmt, "https://w3id.org/officials-kg/id/"))
    expected = _shape(project(rich_dataset, "people").graph)
    assert _shape(project(load_files([str(path)]), "people").graph) == expected


def test_several_files_are_one_graph(tmp_path, rich_dataset):
    from kg.ingest import serialise

    paths = []
    for i, c in enumerate(c for c in rich_dataset.graphs() if len(c)):
        path = tmp_path / f"a{i}.trig"
        path.write_bytes(serialise([c], "trig", "https://w3id.org/officials-kg/id/"))
        paths.append(str(path))
    assert len(paths) == 3
    assert _shape(project(load_files(paths), "topics").graph) == _shape(project(rich_dataset, "topics").graph)


def test_gzipped_file(tmp_path, sample_trig):
    import gzip

    path = tmp_path / "s.trig.gz"
    path.write_bytes(gzip.compress(sample_trig.read_bytes()))
    g = project(load_files([str(path)]), "people").graph
    assert {MAYOR, COUNCIL_HEAD} <= {d["label"] for _, d in g.nodes(data=True)}


def test_bad_inputs_are_one_line_errors(tmp_path):
    with pytest.raises(InputError, match="no such file"):
        load_files([str(tmp_path / "missing.trig")])
    bad = tmp_path / "bad.ttl"
    bad.write_text("this is not turtle", encoding="utf-8")
    with pytest.raises(InputError, match="not valid turtle"):
        load_files([str(bad)])
    with pytest.raises(ExportError, match="unknown view"):
        project(load_files([]), "everything")


def test_store_gives_the_same_projection(rich_store, rich_dataset):
    from kg.export.projections import open_store

    g = project(open_store(str(rich_store)), "people").graph
    expected = project(rich_dataset, "people").graph
    # the store may link people across articles (kg/store/identity.py); the people themselves
    # and their organisations must all be there
    labels = {d["label"] for _, d in g.nodes(data=True)}
    assert {MAYOR, COUNCIL_HEAD, "علی رضایی", "شهرداری همدان", "همدان"} <= labels
    assert g.number_of_nodes() == expected.number_of_nodes()
    mayor = next(d for _, d in g.nodes(data=True) if d["label"] == MAYOR)
    assert mayor["statements"] == 3 and mayor["articles"] == 2  # no double counting across graphs


def test_missing_store_is_a_clear_error(tmp_path):
    from kg.export.projections import open_store

    with pytest.raises(ExportError, match="no store there"):
        open_store(str(tmp_path / "nothing-here"))
