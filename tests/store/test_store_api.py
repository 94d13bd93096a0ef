"""The Store API: atomic replace, remove, stats, dumps, errors."""

from __future__ import annotations

import io
import subprocess
import sys

import pyoxigraph as ox
import pytest
from multi_fixture import by_name
from rdflib import Dataset, Graph, Literal, URIRef
from rdflib.namespace import RDF, RDFS

from kg.errors import QueryError, StoreError
from kg.rdf.namespace import KG
from kg.store import DERIVED_GRAPH, Store, default_store_path


def graph_quads(st: Store, iri) -> set:
    return set(st.raw.quads_for_pattern(None, None, None, ox.NamedNode(str(iri))))


def test_reingesting_an_article_changes_nothing(items):
    item = by_name(items, "hamedan-buses")
    with Store() as st:
        st.replace_article(item.graph)
        first = set(st.quads())
        st.replace_article(item.graph)
        assert set(st.quads()) == first
        # the article graph is the mapping's graph plus the store's match keys, nothing lost
        assert len(graph_quads(st, item.graph.identifier)) >= len(item.graph)


def test_replace_drops_what_the_new_version_no_longer_says(items):
    item = by_name(items, "arak-karimi")
    with Store() as st:
        st.replace_article(item.graph)
        smaller = Graph(identifier=item.graph.identifier)
        for t in item.graph:
            if t[1] != RDFS.label:
                smaller.add(t)
        st.replace_article(smaller)
        labels = st.query(f"ASK {{ GRAPH <{item.graph.identifier}> {{ ?s rdfs:label ?l }} }}")
        assert not bool(labels)


def test_a_failure_inside_the_transaction_leaves_the_store_as_it_was(items, monkeypatch):
    first, second = by_name(items, "arak-karimi"), by_name(items, "arak-nouri")
    with Store() as st:
        st.replace_article(first.graph)
        st.replace_article(second.graph)
        before = set(st.quads())
        changed = Graph(identifier=first.graph.identifier)
        for t in first.graph:
            changed.add(t)
        changed.add((first.graph.identifier, RDFS.comment, Literal("new version")))
        real = Store._write

        def failing(self, ops):
            # runs the real DROP + INSERT DATA + derived updates, then an operation that fails
            # at evaluation time (dropping a graph that does not exist): Oxigraph must roll back
            real(self, [*ops, "DROP GRAPH <urn:kg-test:no-such-graph>"])

        monkeypatch.setattr(Store, "_write", failing)
        with pytest.raises(StoreError, match="no-such-graph"):
            st.replace_article(changed)
        with pytest.raises(StoreError):
            st.remove_article(str(second.graph.identifier))
        assert set(st.quads()) == before
        monkeypatch.setattr(Store, "_write", real)
        st.replace_article(changed)  # and the same write without the failure goes through
        assert set(st.quads()) != before


def test_has_article_and_remove_by_prefix_or_iri(store, items):
    item = by_name(items, "arak-nouri")
    sha = item.article.sha256
    assert store.has_article(sha)
    assert not store.has_article("0" * 64)
    assert store.remove_article(sha[:10]) == str(item.graph.identifier)
    assert not store.has_article(sha)
    assert graph_quads(store, item.graph.identifier) == set()
    other = by_name(items, "arak-karimi")
    assert store.remove_article(str(other.graph.identifier)) == str(other.graph.identifier)
    assert len(store.articles()) == len(items) - 2


def test_remove_errors(store):
    with pytest.raises(StoreError, match="no article"):
        store.remove_article("ffffffffffff")
    with pytest.raises(StoreError, match="no article"):
        store.remove_article("https://example.org/not-there")
    with pytest.raises(StoreError, match="neither"):
        store.remove_article("zz")
    with pytest.raises(StoreError, match="no article"):
        store.remove_article(DERIVED_GRAPH)  # the derived graph is not an article


def test_ambiguous_prefix():
    from rdflib.namespace import RDF

    from kg.rdf.namespace import KG

    with Store() as st:
        for sha in ("abcd1" + "0" * 59, "abcd2" + "0" * 59):
            art = URIRef(f"https://w3id.org/officials-kg/id/article/{sha[:16]}")
            g = Graph(identifier=art)
            g.add((art, RDF.type, KG.Article))
            g.add((art, KG.sha256, Literal(sha)))
            st.replace_article(g)
        with pytest.raises(StoreError, match="2 articles match abcd; give more digits"):
            st.remove_article("abcd")
        assert st.remove_article("ABCD2").endswith("/abcd200000000000")
        assert [a.sha256[:5] for a in st.articles()] == ["abcd1"]


def test_removing_an_article_shrinks_the_tenure(store, items):
    karimi = str(items[0].graph.identifier)  # 2023-11-20, the first article
    assert "arak" in items[0].source.name
    store.remove_article(str(by_name(items, "2024-02-01-arak-title-only").graph.identifier))
    ends = [r["e"].value for r in store.query("""SELECT ?e WHERE { ?m org:member ?p ;
        org:memberDuring/time:hasEnd/time:inXSDDate ?e . ?p skos:prefLabel "احمد کریمی"@fa }""")]
    assert ends == ["2023-11-20"]
    assert karimi in {a.iri for a in store.articles()}


def test_stats_and_articles(store, items):
    s = store.stats()
    assert s["articles"] == len(items) == 11
    assert s["statements"] == sum(len(i.article.statements) for i in items)
    # Hosseini, Mesgarian, Ali Rezaei, the Rezaei of Isfahan, Karimi, Nouri
    assert s["people"] == 6 and s["officials"] == 6
    assert s["named graphs"] == 12  # eleven articles and the derived graph
    assert s["possible duplicates"] == 1
    assert s["triples"] == len(store)
    arts = store.articles()
    assert [a.date for a in arts] == sorted(i.source.date for i in items)
    assert {a.sha256 for a in arts} == {i.article.sha256 for i in items}
    park = next(a for a in arts if a.date == "2024-09-20")
    assert park.statements == 3 and park.source == "ایسنا"


def test_dump_and_reload_keeps_every_quad(store, tmp_path):
    for ext in ("nq", "trig"):
        path = tmp_path / f"dump.{ext}"
        store.dump(path)
        copy = ox.Store()
        copy.load(path=str(path))
        assert set(copy) == set(store.quads()), ext


def test_union_dump_has_each_triple_once(store, tmp_path):
    path = tmp_path / "union.nt"
    store.dump(path)
    lines = path.read_text(encoding="utf-8").splitlines()
    distinct = {(q.subject, q.predicate, q.object) for q in store.quads()}
    assert len(lines) == len(set(lines)) == len(distinct)
    buf = io.BytesIO()
    store.dump(buf, "ttl")
    g = Graph().parse(data=buf.getvalue().decode("utf-8"), format="turtle")
    assert len(g) == len(distinct)


def test_to_rdflib_dataset(store):
    ds = store.to_rdflib_dataset()
    assert isinstance(ds, Dataset)
    assert sum(1 for _ in ds.quads((None, None, None, None))) == len(store)


def test_query_errors_are_one_line_with_a_position(store):
    with pytest.raises(QueryError) as exc:
        store.query("SELECT ?x WHERE {\n  ?x kg:speaker }")
    assert "line 2" in str(exc.value) and "\n" not in str(exc.value)


def test_query_default_union_and_prefixes(store):
    assert bool(store.query("ASK { ?s a kg:Statement }"))
    assert not bool(store.query("ASK { ?s a kg:Statement }", default_union=False))


def test_on_disk_store_persists_and_locks(tmp_path, items):
    path = tmp_path / "store"
    with Store(path) as st:
        st.replace_article(by_name(items, "arak-karimi").graph)
        with pytest.raises(StoreError, match="in use"):
            Store(path)
        code = ("import sys\nfrom kg.store import Store\nfrom kg.errors import StoreError\n"
                f"try:\n    Store({str(path)!r})\nexcept StoreError as e:\n    print(e)\n")
        out = subprocess.run([sys.executable, "-c", code], capture_output=True, text=True, check=True).stdout
        assert "in use by another process" in out
    with Store(path) as again:
        assert len(again.articles()) == 1
    with Store(path, read_only=True) as ro:
        assert len(ro.articles()) == 1


def test_bad_paths(tmp_path):
    f = tmp_path / "file"
    f.write_text("x")
    with pytest.raises(StoreError, match="not a folder"):
        Store(f)
    with pytest.raises(StoreError, match="no store"):
        Store(tmp_path / "missing", read_only=True)


def test_closed_store_raises():
    st = Store()
    st.close()
    with pytest.raises(StoreError, match="closed"):
        st.stats()


def test_unnamed_graph_is_refused():
    with Store() as st, pytest.raises(StoreError, match="named by its article IRI"):
        st.replace_article(Graph())


def test_default_store_path(monkeypatch, tmp_path):
    monkeypatch.setenv("KG_STORE", str(tmp_path / "explicit"))
    assert default_store_path() == tmp_path / "explicit"
    monkeypatch.delenv("KG_STORE")
    monkeypatch.setenv("XDG_DATA_HOME", str(tmp_path / "xdg"))
    assert default_store_path() == tmp_path / "xdg" / "officials-kg" / "store"
    monkeypatch.delenv("XDG_DATA_HOME")
    monkeypatch.setenv("HOME", str(tmp_path / "home"))
    if sys.platform.startswith("linux"):
        assert default_store_path() == tmp_path / "home" / ".local" / "share" / "officials-kg" / "store"


def test_load_and_rebuild_derived(store, tmp_path):
    path = tmp_path / "articles.nq"
    # only the article graphs: a user's export without the derived graph
    quads = [q for q in store.quads() if q.graph_name != ox.NamedNode(DERIVED_GRAPH)]
    ox.serialize(quads, str(path), ox.RdfFormat.N_QUADS)
    with Store() as copy:
        copy.load(path=path)
        assert not bool(copy.query("ASK { ?p skos:prefLabel ?l }"))
        copy.rebuild_derived()
        assert set(copy.quads()) == set(store.quads())
    with Store() as copy, pytest.raises(StoreError, match="not valid"):
        copy.load(b"<a> <b> .", fmt="nt")


def _canon(term):
    # Oxigraph keeps values, not lexical forms: "53.6880"^^xsd:decimal comes back as "53.688"
    if isinstance(term, Literal):
        return ("literal", term.toPython(), term.language)
    return term


def test_identity_can_be_switched_off(items):
    item = by_name(items, "hamedan-park")
    with Store(identity=False) as st:
        st.replace_article(by_name(items, "hamedan-budget").graph)
        st.replace_article(item.graph)
        assert not bool(st.query("ASK { ?s kg:matchKey ?k }"))
        stored = st.to_rdflib_dataset().graph(item.graph.identifier)
        assert {tuple(map(_canon, t)) for t in stored} == {tuple(map(_canon, t)) for t in item.graph}


def derived(st: Store) -> set:
    return set(st.raw.quads_for_pattern(None, None, None, ox.NamedNode(DERIVED_GRAPH)))


def test_incremental_derived_graph_equals_a_rebuild(store, items):
    """After every kind of write the derived graph is what recomputing it from scratch gives."""
    assert derived(store)
    full = derived(store)
    store.rebuild_derived()
    assert derived(store) == full
    # remove some, replace one with a smaller version, re-add one
    store.remove_article(str(by_name(items, "hamedan-buses").graph.identifier))
    store.remove_article(str(by_name(items, "arak-nouri").graph.identifier))
    park = by_name(items, "hamedan-park")
    smaller = Graph(identifier=park.graph.identifier)
    for t in park.graph:
        smaller.add(t)
    first_statement = sorted(park.graph.subjects(RDF.type, KG.Statement))[0]
    for t in list(smaller.triples((first_statement, None, None))):
        smaller.remove(t)
    for t in list(smaller.triples((None, None, first_statement))):
        smaller.remove(t)
    store.replace_article(smaller)
    store.replace_article(by_name(items, "hamedan-buses").graph)
    incremental = derived(store)
    store.rebuild_derived()
    assert derived(store) == incremental


def test_derived_counts(store):
    def value(sparql):
        return [[x.value for x in r] for r in store.query(sparql)]

    # the mayor of Hamedan: 2 + 1 + 2 + 1 statements in four articles, May to October 2024
    assert value("""SELECT ?n ?a ?f ?l WHERE { ?p skos:prefLabel "دکتر مسعود حسینی"@fa ;
        kg:statementCount ?n ; kg:articleCount ?a ; kg:firstQuoted ?f ; kg:lastQuoted ?l }""") == [
        ["6", "4", "2024-05-12", "2024-10-05"]]
    months = value("""SELECT ?m ?n WHERE { ?p skos:prefLabel "دکتر مسعود حسینی"@fa ; kg:monthlyCount ?x .
        ?x kg:month ?m ; kg:statementCount ?n } ORDER BY ?m""")
    assert months == [["2024-05", "2"], ["2024-07", "1"], ["2024-09", "2"], ["2024-10", "1"]]
    # outlets: IRNA has four fixture articles (Hamedan budget, title-only Hamedan, Karimi, Nouri)
    irna = value("""SELECT ?a ?d ?i WHERE { ?o kg:directStatements ?d ; kg:indirectStatements ?i ;
        kg:articleCount ?a ; skos:prefLabel ?l FILTER(STR(?l) = "ایرنا") }""")
    assert irna == [["4", "5", "0"]]
