"""ontology/context.jsonld: covers every kg: term, and graphs round-trip through it unchanged."""

from __future__ import annotations

import json
from decimal import Decimal
from pathlib import Path
from typing import Any

import pytest
from rdflib import BNode, Dataset, Graph, Literal, Namespace, URIRef
from rdflib.compare import isomorphic

from kg.resources import context_path, ontology_path

KG = Namespace("https://w3id.org/officials-kg/ontology#")
ID = Namespace("https://w3id.org/officials-kg/id/")
OA = Namespace("http://www.w3.org/ns/oa#")
PROV = Namespace("http://www.w3.org/ns/prov#")
GEO = Namespace("http://www.w3.org/2003/01/geo/wgs84_pos#")
RDF = Namespace("http://www.w3.org/1999/02/22-rdf-syntax-ns#")
RDFS = Namespace("http://www.w3.org/2000/01/rdf-schema#")
OWL = Namespace("http://www.w3.org/2002/07/owl#")
XSD = Namespace("http://www.w3.org/2001/XMLSchema#")
DCTERMS = Namespace("http://purl.org/dc/terms/")

FIXTURE = Path(__file__).parent / "fixtures" / "valid-instance.ttl"


@pytest.fixture(scope="module")
def context() -> dict[str, Any]:
    data = json.loads(context_path().read_text(encoding="utf-8"))
    assert set(data) == {"@context"}
    return data["@context"]


def expand(context: dict[str, Any], value: str) -> str:
    prefix, _, local = value.partition(":")
    return str(context[prefix]) + local if prefix in context and isinstance(context[prefix], str) else value


def roundtrip(graph: Graph | Dataset, context: dict[str, Any]) -> Graph | Dataset:
    text = graph.serialize(format="json-ld", context=context)
    back = Dataset() if isinstance(graph, Dataset) else Graph()
    back.parse(data=text, format="json-ld")
    return back


def test_every_kg_term_has_a_short_name(context: dict[str, Any]) -> None:
    onto = Graph().parse(ontology_path())
    terms = {s for s in onto.subjects() if isinstance(s, URIRef) and s.startswith(str(KG))}
    named = {
        expand(context, v if isinstance(v, str) else v["@id"]) for k, v in context.items() if not k.startswith("@")
    }
    assert {str(t) for t in terms} - named == set()
    # Short names are the local names (kg:speaker is "speaker"), except where a prefix
    # or another vocabulary already needs the name.
    for term in terms:
        local = term.split("#", 1)[1]
        assert local in context, local


def test_context_coercions_match_the_ontology(context: dict[str, Any]) -> None:
    onto = Graph().parse(ontology_path())
    for name, definition in context.items():
        if not isinstance(definition, dict) or not definition.get("@id", "").startswith("kg:"):
            continue
        term = KG[definition["@id"][3:]]
        kind = onto.value(term, RDF.type)
        rng = onto.value(term, RDFS.range)
        if kind == OWL.ObjectProperty:
            assert definition.get("@type") == "@id", name
        elif rng == RDF.langString:
            assert definition.get("@language") == "fa", name
        elif definition.get("@type"):
            assert expand(context, definition["@type"]) == str(rng), name
    assert context["label"] == "rdfs:label"
    assert context["speaker"] == {"@id": "kg:speaker", "@type": "@id"}
    assert context["start"] == {"@id": "kg:start", "@type": "xsd:integer"}
    assert context["content"] == {"@id": "kg:content", "@language": "fa"}


def _full_graph() -> Graph:
    """Every term of the context in use, with the value types the mapping writes."""
    g = Graph().parse(FIXTURE)
    a = ID["article/0123456789abcdef"]
    st = ID["statement/0123456789abcdef-18-45"]
    p = ID["person/aaaaaaaaaaaa"]
    post = ID["post/bbbbbbbbbbbb"]
    org = ID["org/cccccccccccc"]
    city, province, country = ID["place/city-hamedan"], ID["place/province-hamedan"], ID["place/country-iran"]
    m = ID["mention/0123456789abcdef-0-12"]
    q = ID["quantity/0123456789abcdef-24-32"]
    proj, ev = ID["project/0123456789abcdef-metro"], ID["event/0123456789abcdef-x"]
    act, sw = ID["activity/0123456789abcdef-0.1.0"], ID["software/officials-kg/0.1.0"]
    t = URIRef(f"{st}#target")
    triples = [
        (a, KG.url, Literal("https://example.org/n/1", datatype=XSD.anyURI)),
        (a, KG.source, Literal("ایرنا")),
        (a, KG.reportedBy, ID["org/irna"]),
        (a, DCTERMS.title, Literal("تیتر", lang="fa")),
        (a, KG.jalaliDate, Literal("۱۵ مهر ۱۴۰۴")),
        (a, PROV.wasGeneratedBy, act),
        (ID["org/irna"], RDF.type, KG.NewsAgency),
        (act, RDF.type, KG.IngestionActivity),
        (act, PROV.used, a),
        (act, PROV.wasAssociatedWith, sw),
        (st, KG.speakerMention, m),
        (st, KG.aboutProject, proj),
        (st, KG.mentions, city),
        (st, KG.atEvent, ev),
        (st, KG.evidence, t),
        (t, RDF.type, OA.SpecificResource),
        (t, OA.hasSource, a),
        (t, OA.hasSelector, URIRef(f"{st}#position")),
        (URIRef(f"{st}#position"), OA.start, Literal(18, datatype=XSD.nonNegativeInteger)),
        (URIRef(f"{st}#quote"), OA.exact, Literal("پروژه")),
        (URIRef(f"{st}#quote"), OA.prefix, Literal("گفت: ")),
        (m, RDF.type, KG.Mention),
        (m, KG.refersTo, p),
        (m, KG.anchorText, Literal("شهردار همدان")),
        (m, KG.start, Literal(0)),
        (p, RDF.type, KG.Official),
        (p, RDFS.label, Literal("Mayor of Hamedan", lang="en")),
        (p, KG.givenName, Literal("حمید", lang="fa")),
        (p, KG.familyName, Literal("رضایی", lang="fa")),
        (p, KG.honorific, Literal("دکتر", lang="fa")),
        (p, KG.nameKey, Literal("حمیدرضایی")),
        (p, KG.possiblySameAs, ID["person/dddddddddddd"]),
        (post, KG.postIn, org),
        (org, KG.locatedIn, city),
        (city, KG.inProvince, province),
        (province, KG.inCountry, country),
        (city, GEO.lat, Literal(Decimal("34.7992"))),
        (city, GEO.long, Literal(Decimal("48.5146"))),
        (city, OWL.sameAs, URIRef("http://www.wikidata.org/entity/Q185019")),
        (proj, KG.status, Literal("نیمه‌تمام", lang="fa")),
        (proj, KG.owner, org),
        (ev, KG.hostCity, city),
        (ev, KG.venue, Literal("سالن همایش", lang="fa")),
        (ev, KG.date, Literal("2025-10-07", datatype=XSD.date)),
        (q, KG.unitPhrase, Literal("میلیارد تومان", lang="fa")),
        (q, KG.upperValue, Literal(Decimal("15"))),
        (q, KG.modifier, Literal("حدود", lang="fa")),
        (q, KG.valueInRials, Literal(Decimal("1E+10"))),
        (q, KG.measures, Literal("اعتبار", lang="fa")),
    ]
    for triple in triples:
        g.add(triple)
    return g


def test_graph_roundtrip(context: dict[str, Any]) -> None:
    g = _full_graph()
    back = roundtrip(g, context)
    assert isomorphic(g, back)


def test_short_names_are_used(context: dict[str, Any]) -> None:
    text = _full_graph().serialize(format="json-ld", context=context)
    doc = json.loads(text)
    nodes = {n["@id"]: n for n in doc["@graph"]}
    statement = nodes["https://w3id.org/officials-kg/id/statement/0123456789abcdef-18-45"]
    assert statement["@type"] == "Statement"
    assert statement["speaker"] == "https://w3id.org/officials-kg/id/person/aaaaaaaaaaaa"
    assert statement["content"] == "پروژه ۷۰ درصد پیشرفت دارد."
    assert statement["start"] == "18"
    assert statement["direct"] == "true"


def test_values_that_do_not_match_a_coercion_survive(context: dict[str, Any]) -> None:
    # A wrong-typed value (an extraction bug) must still round-trip, not be silently retyped.
    g = Graph()
    s = ID["statement/x"]
    g.add((s, KG.content, Literal("no language")))
    g.add((s, KG.content, Literal("english", lang="en")))
    g.add((s, KG.start, Literal(Decimal("1.5"))))
    g.add((s, KG.value, Literal(70)))
    g.add((s, KG.direct, Literal("yes")))
    g.add((s, RDFS.label, Literal("بی‌برچسب")))
    assert isomorphic(g, roundtrip(g, context))


def test_dataset_roundtrip(context: dict[str, Any]) -> None:
    ds = Dataset()
    source = _full_graph()
    a = ID["article/0123456789abcdef"]
    other = ID["article/fedcba9876543210"]
    g1 = ds.graph(a)
    for triple in source:
        g1.add(triple)
    ds.graph(other).add((other, RDF.type, KG.Article))
    back = roundtrip(ds, context)
    assert isinstance(back, Dataset)
    for name in (a, other):
        assert isomorphic(ds.graph(name), back.graph(name)), name


@pytest.mark.xfail(
    reason="rdflib's JSON-LD serializer drops a blank node that is the object of an @id-typed term "
    "(RDFLib/rdflib-jsonld#28); the mapping uses IRIs for every node, so this does not arise",
    strict=False,
)
def test_blank_node_objects_roundtrip(context: dict[str, Any]) -> None:
    g = Graph()
    node = BNode()
    g.add((ID["statement/x"], KG.evidence, node))
    g.add((node, OA.hasSource, ID["article/x"]))
    assert isomorphic(g, roundtrip(g, context))
