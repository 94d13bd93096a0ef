"""ontology/officials.ttl: parses, is documented, stays OWL 2 DL, declares every term the project uses."""

from __future__ import annotations

import re
from pathlib import Path

import pytest
from rdflib import BNode, Graph, Literal, Namespace, URIRef
from rdflib.collection import Collection

from kg.resources import context_path, data_path, ontology_path, shapes_path

KG = Namespace("https://w3id.org/officials-kg/ontology#")
OWL = Namespace("http://www.w3.org/2002/07/owl#")
RDF = Namespace("http://www.w3.org/1999/02/22-rdf-syntax-ns#")
RDFS = Namespace("http://www.w3.org/2000/01/rdf-schema#")
XSD = Namespace("http://www.w3.org/2001/XMLSchema#")
DCTERMS = Namespace("http://purl.org/dc/terms/")
VANN = Namespace("http://purl.org/vocab/vann/")
SCHEMA = Namespace("https://schema.org/")
FOAF = Namespace("http://xmlns.com/foaf/0.1/")
ORG = Namespace("http://www.w3.org/ns/org#")
PROV = Namespace("http://www.w3.org/ns/prov#")

REPO = Path(__file__).resolve().parents[2]
ONTOLOGY_IRI = URIRef("https://w3id.org/officials-kg/ontology")

# /work/shared/CONTRACT.md's vocabulary table (kept here: tests must not read outside the repo).
CONTRACT_TERMS = [
    "Article",
    "text",
    "Person",
    "Official",
    "Statement",
    "speaker",
    "article",
    "start",
    "end",
    "content",
    "reportingVerb",
    "direct",
    "holds",
    "title",
    "postIn",
    "City",
    "Project",
    "Quantity",
    "value",
    "unit",
]
CLASSES = [
    "Article",
    "Person",
    "Official",
    "Statement",
    "City",
    "Province",
    "Country",
    "Place",
    "Organization",
    "NewsAgency",
    "Post",
    "Project",
    "Event",
    "Quantity",
    "Mention",
    "IngestionActivity",
]
ALIGNMENTS = [
    (KG.Statement, RDFS.subClassOf, SCHEMA.Quotation),
    (KG.speaker, RDFS.subPropertyOf, SCHEMA.creator),
    (KG.content, RDFS.subPropertyOf, SCHEMA.text),
    (KG.article, RDFS.subPropertyOf, SCHEMA.isPartOf),
    (KG.Person, RDFS.subClassOf, SCHEMA.Person),
    (KG.Person, RDFS.subClassOf, FOAF.Person),
    (KG.Official, RDFS.subClassOf, KG.Person),
    (KG.Article, RDFS.subClassOf, SCHEMA.NewsArticle),
    (KG.City, RDFS.subClassOf, SCHEMA.City),
    (KG.City, RDFS.subClassOf, KG.Place),
    (KG.Province, RDFS.subClassOf, KG.Place),
    (KG.Country, RDFS.subClassOf, KG.Place),
    (KG.Project, RDFS.subClassOf, SCHEMA.Project),
    (KG.Event, RDFS.subClassOf, SCHEMA.Event),
    (KG.Post, RDFS.subClassOf, ORG.Post),
    (KG.holds, RDFS.subPropertyOf, ORG.holds),
    (KG.postIn, RDFS.subPropertyOf, ORG.postIn),
    (KG.Organization, RDFS.subClassOf, ORG.Organization),
    (KG.NewsAgency, RDFS.subClassOf, KG.Organization),
    (KG.IngestionActivity, RDFS.subClassOf, PROV.Activity),
    (KG.givenName, RDFS.subPropertyOf, SCHEMA.givenName),
    (KG.givenName, RDFS.subPropertyOf, FOAF.givenName),
    (KG.familyName, RDFS.subPropertyOf, SCHEMA.familyName),
    (KG.familyName, RDFS.subPropertyOf, FOAF.familyName),
]
DISJOINT = [
    "Person",
    "Place",
    "Organization",
    "Statement",
    "Article",
    "Quantity",
    "Project",
    "Event",
    "Post",
    "Mention",
]
DATATYPES = {XSD.string, XSD.integer, XSD.decimal, XSD.boolean, XSD.date, XSD.gYearMonth, XSD.anyURI, RDF.langString}


@pytest.fixture(scope="module")
def onto() -> Graph:
    return Graph().parse(ontology_path(), format="turtle")


def kg_terms(g: Graph) -> set[URIRef]:
    return {s for s in g.subjects() if isinstance(s, URIRef) and s.startswith(str(KG))}


def kinds(g: Graph, term: URIRef) -> set[URIRef]:
    wanted = {OWL.Class, OWL.ObjectProperty, OWL.DatatypeProperty, OWL.AnnotationProperty}
    return set(g.objects(term, RDF.type)) & wanted


def test_resources_find_the_files() -> None:
    for path in (ontology_path(), shapes_path(), context_path()):
        assert path.is_file()
    # kg/_data/ontology in a wheel install, the top-level folder in a checkout.
    folder = data_path("ontology")
    assert folder.is_dir() and folder.name == "ontology"
    assert ontology_path().parent == folder
    with pytest.raises(FileNotFoundError, match=r"no-such-file\.ttl"):
        data_path("ontology", "no-such-file.ttl")


def test_header(onto: Graph) -> None:
    assert (ONTOLOGY_IRI, RDF.type, OWL.Ontology) in onto
    assert onto.value(ONTOLOGY_IRI, OWL.versionInfo) == Literal("0.1.0")
    assert onto.value(ONTOLOGY_IRI, VANN.preferredNamespacePrefix) == Literal("kg")
    assert onto.value(ONTOLOGY_IRI, DCTERMS.license) == URIRef("https://creativecommons.org/licenses/by/4.0/")
    assert onto.value(ONTOLOGY_IRI, DCTERMS.creator) is not None
    for p in (DCTERMS.title, DCTERMS.description):
        langs = {o.language for o in onto.objects(ONTOLOGY_IRI, p)}
        assert {"en", "fa"} <= langs, p


def test_every_term_is_declared_and_documented(onto: Graph) -> None:
    for term in kg_terms(onto):
        assert len(kinds(onto, term)) == 1, f"{term} must be exactly one kind of OWL entity"
        for p in (RDFS.label, RDFS.comment):
            langs = {o.language for o in onto.objects(term, p) if isinstance(o, Literal)}
            assert {"en", "fa"} <= langs, f"{term} lacks an @en and @fa {p}"
        if OWL.Class not in kinds(onto, term):
            assert onto.value(term, RDFS.domain) is not None, f"{term} has no rdfs:domain"
            assert onto.value(term, RDFS.range) is not None, f"{term} has no rdfs:range"


def test_properties_are_object_or_datatype_properties(onto: Graph) -> None:
    annotation = {t for t in kg_terms(onto) if OWL.AnnotationProperty in kinds(onto, t)}
    # kg:reason annotates the kg:possiblySameAs assertion itself, which OWL 2 DL allows
    # only for annotation properties; every other kg: property is object xor datatype.
    assert annotation == {KG.reason}
    for term in kg_terms(onto) - annotation:
        k = kinds(onto, term)
        if OWL.Class in k:
            continue
        assert k in ({OWL.ObjectProperty}, {OWL.DatatypeProperty}), term
        rng = onto.value(term, RDFS.range)
        if OWL.DatatypeProperty in k:
            assert rng in DATATYPES, f"{term} range {rng}"
        else:
            assert rng not in DATATYPES and (rng, RDF.type, OWL.Class) in onto, f"{term} range {rng}"


def test_owl2_dl_no_punning_between_kinds(onto: Graph) -> None:
    # Every IRI (kg: or external) is declared as at most one kind of entity.
    declared: dict[URIRef, set[URIRef]] = {}
    for kind in (OWL.Class, OWL.ObjectProperty, OWL.DatatypeProperty, OWL.AnnotationProperty):
        for s in onto.subjects(RDF.type, kind):
            if isinstance(s, URIRef):
                declared.setdefault(s, set()).add(kind)
    assert {s: k for s, k in declared.items() if len(k) > 1} == {}
    # Every property used in an axiom about a kg: term is declared (the file is self-contained).
    used = {o for p in (RDFS.subPropertyOf,) for o in onto.objects(None, p)}
    used |= {o for o in onto.objects(None, RDFS.subClassOf) if isinstance(o, URIRef)}
    used |= {o for p in (RDFS.domain, RDFS.range) for o in onto.objects(None, p) if isinstance(o, URIRef)}
    for term in used - DATATYPES - {OWL.Axiom}:
        assert term in declared, f"{term} is used but not declared"


def test_every_used_kg_iri_is_declared(onto: Graph) -> None:
    mentioned = {t for triple in onto for t in triple if isinstance(t, URIRef) and t.startswith(str(KG))}
    assert mentioned - kg_terms(onto) == set()


def test_unions_are_well_formed(onto: Graph) -> None:
    for node in onto.subjects(OWL.unionOf, None):
        assert isinstance(node, BNode)
        assert (node, RDF.type, OWL.Class) in onto
        members = list(Collection(onto, onto.value(node, OWL.unionOf)))
        assert len(members) >= 2 and all((m, RDF.type, OWL.Class) in onto for m in members)


@pytest.mark.parametrize("name", CONTRACT_TERMS)
def test_contract_terms_declared(onto: Graph, name: str) -> None:
    assert kinds(onto, KG[name]), f"kg:{name} (CONTRACT.md) is not declared"


def test_vocabulary_md_terms_declared(onto: Graph) -> None:
    text = (REPO / "docs" / "vocabulary.md").read_text(encoding="utf-8")
    names = set(re.findall(r"\bkg:([A-Za-z][A-Za-z0-9]*)", text))
    assert len(names) > 40
    missing = sorted(n for n in names if not kinds(onto, KG[n]))
    assert missing == [], f"docs/vocabulary.md terms not in the ontology: {missing}"


@pytest.mark.parametrize("name", CLASSES)
def test_classes_declared(onto: Graph, name: str) -> None:
    assert OWL.Class in kinds(onto, KG[name])


@pytest.mark.parametrize("triple", ALIGNMENTS, ids=lambda t: f"{t[0].split('#')[1]}-{t[2]}")
def test_alignments(onto: Graph, triple: tuple[URIRef, URIRef, URIRef]) -> None:
    assert triple in onto


def test_speaker_range_is_person_and_official_is_not_defined(onto: Graph) -> None:
    assert onto.value(KG.speaker, RDFS.range) == KG.Person
    assert onto.value(KG.speaker, RDFS.domain) == KG.Statement
    # Officials are typed explicitly; no definition that would make every post-holder one.
    assert (KG.Official, OWL.equivalentClass, None) not in onto
    assert (None, OWL.equivalentClass, KG.Official) not in onto


def test_disjointness(onto: Graph) -> None:
    groups = [
        set(Collection(onto, onto.value(axiom, OWL.members)))
        for axiom in onto.subjects(RDF.type, OWL.AllDisjointClasses)
    ]
    assert any({KG[n] for n in DISJOINT} <= g for g in groups)
    assert any({KG.City, KG.Province, KG.Country} <= g for g in groups)


def test_dated_tenures_are_declared(onto: Graph) -> None:
    assert (ORG.Membership, RDF.type, OWL.Class) in onto
    assert (ORG.memberDuring, RDF.type, OWL.ObjectProperty) in onto
    note = " ".join(str(o) for o in onto.objects(ONTOLOGY_IRI, None))
    assert "org:Membership" in note and "org:memberDuring" in note


def test_owlready2_loads_the_ontology(onto: Graph, tmp_path: Path) -> None:
    owlready2 = pytest.importorskip("owlready2")
    nt = tmp_path / "officials.nt"
    onto.serialize(nt, format="nt", encoding="utf-8")
    world = owlready2.World()
    try:
        loaded = world.get_ontology(nt.as_uri()).load()
        assert loaded is not None
        person = world[str(KG.Person)]
        official = world[str(KG.Official)]
        assert person is not None and official is not None
        assert person in official.is_a
        speaker = world[str(KG.speaker)]
        assert person in speaker.range
        assert world[str(KG.text)] in set(world.data_properties())
        assert world[str(KG.holds)] in set(world.object_properties())
    finally:
        world.close()


def test_resources_prefer_the_packaged_copy(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    from kg import resources

    packaged, checkout = tmp_path / "_data", tmp_path / "repo"
    (packaged / "ontology").mkdir(parents=True)
    (checkout / "ontology").mkdir(parents=True)
    for folder in (packaged, checkout):
        (folder / "ontology" / "officials.ttl").write_text("# copy\n", encoding="utf-8")
    (checkout / "ontology" / "shapes.ttl").write_text("# copy\n", encoding="utf-8")
    monkeypatch.setattr(resources, "_DATA_DIR", packaged)
    monkeypatch.setattr(resources, "_REPO_DIR", checkout)
    assert resources.ontology_path() == packaged / "ontology" / "officials.ttl"
    # A file missing from the packaged copy falls back to the checkout.
    assert resources.shapes_path() == checkout / "ontology" / "shapes.ttl"
    with pytest.raises(FileNotFoundError, match=r"context\.jsonld"):
        resources.context_path()
