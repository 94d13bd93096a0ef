"""A small, fully valid article graph shaped like docs/vocabulary.md, for the shape tests.

Each test takes a fresh copy (fixture ``sample`` in conftest.py), breaks one thing and checks
that exactly the expected result comes back. A module with a unique name, not conftest.py, so
``from validate_samples import ...`` cannot pick up another directory's conftest.
"""

from __future__ import annotations

import hashlib
from dataclasses import dataclass
from decimal import Decimal

from rdflib import Graph, Literal, Namespace, URIRef

# Plain Namespaces, not rdflib's DefinedNamespace classes: pytest probes module attributes,
# and a DefinedNamespace warns on every unknown attribute it is asked for.
DCTERMS = Namespace("http://purl.org/dc/terms/")
OWL = Namespace("http://www.w3.org/2002/07/owl#")
PROV = Namespace("http://www.w3.org/ns/prov#")
RDF = Namespace("http://www.w3.org/1999/02/22-rdf-syntax-ns#")
RDFS = Namespace("http://www.w3.org/2000/01/rdf-schema#")
XSD = Namespace("http://www.w3.org/2001/XMLSchema#")
KG = Namespace("https://w3id.org/officials-kg/ontology#")
KGSH = Namespace("https://w3id.org/officials-kg/shapes#")
ID = Namespace("https://w3id.org/officials-kg/id/")
OA = Namespace("http://www.w3.org/ns/oa#")
GEO = Namespace("http://www.w3.org/2003/01/geo/wgs84_pos#")
SH = Namespace("http://www.w3.org/ns/shacl#")

_HEAD = "به گزارش ایرنا، "
_PERSIAN_DIGITS = str.maketrans("0123456789", "۰۱۲۳۴۵۶۷۸۹")


def _sentence(i: int) -> tuple[str, str, str]:
    """(speaker phrase, separator, content) of the i-th reported sentence."""
    number = str(70 + i).translate(_PERSIAN_DIGITS)
    return "شهردار همدان", " گفت: ", f"پروژه‌ی قطار شهری {number} درصد پیشرفت دارد."


@dataclass
class Sample:
    graph: Graph
    text: str
    article: URIRef
    statement: URIRef
    speaker: URIRef
    post: URIRef
    org: URIRef
    agency: URIRef
    city: URIRef
    province: URIRef
    country: URIRef
    mention: URIRef
    quantity: URIRef
    project: URIRef
    event: URIRef
    activity: URIRef
    software: URIRef
    statements: list[URIRef]


def build_sample(n_statements: int = 1) -> Sample:
    """A valid graph: one article with ``n_statements`` statements by one official."""
    parts = [_HEAD]
    for i in range(n_statements):
        speaker, sep, content = _sentence(i)
        parts.append(f"{speaker}{sep}{content} ")
    text = "".join(parts).rstrip()
    digest = hashlib.sha256(text.encode("utf-8")).hexdigest()
    h = digest[:16]

    g = Graph()
    for prefix, ns in (("kg", KG), ("id", ID), ("oa", OA), ("prov", PROV), ("geo", GEO)):
        g.bind(prefix, ns)
    article = ID[f"article/{h}"]
    agency = ID["org/irna"]
    activity = ID[f"activity/{h}-0.1.0"]
    software = ID["software/officials-kg/0.1.0"]
    speaker = ID["person/0123456789ab"]
    post = ID["post/aaaaaaaaaaaa"]
    org = ID["org/bbbbbbbbbbbb"]
    city = ID["place/city-hamedan"]
    province = ID["place/province-hamedan"]
    country = ID["place/country-iran"]
    project = ID[f"project/{h}-metro"]
    event = ID[f"event/{h}-meeting"]

    add = g.add
    add((article, RDF.type, KG.Article))
    add((article, KG.text, Literal(text)))
    add((article, KG.sha256, Literal(digest)))
    add((article, KG.url, Literal("https://example.org/news/1", datatype=XSD.anyURI)))
    add((article, KG.datePublished, Literal("2025-10-07", datatype=XSD.date)))
    add((article, KG.jalaliDate, Literal("۱۵ مهر ۱۴۰۴")))
    add((article, KG.source, Literal("ایرنا")))
    add((article, KG.reportedBy, agency))
    add((article, DCTERMS.title, Literal("پیشرفت قطار شهری همدان", lang="fa")))
    add((article, PROV.wasGeneratedBy, activity))

    add((agency, RDF.type, KG.NewsAgency))
    add((agency, RDFS.label, Literal("ایرنا", lang="fa")))
    add((activity, RDF.type, KG.IngestionActivity))
    add((activity, PROV.used, article))
    add((activity, PROV.wasAssociatedWith, software))
    add((software, RDF.type, PROV.SoftwareAgent))
    add((software, RDFS.label, Literal("officials-kg 0.1.0", lang="en")))

    add((speaker, RDF.type, KG.Official))
    add((speaker, RDF.type, KG.Person))
    add((speaker, RDFS.label, Literal("حمید رضایی", lang="fa")))
    add((speaker, KG.givenName, Literal("حمید", lang="fa")))
    add((speaker, KG.familyName, Literal("رضایی", lang="fa")))
    add((speaker, KG.nameKey, Literal("حمیدرضایی")))
    add((speaker, KG.holds, post))
    add((speaker, PROV.wasDerivedFrom, article))
    add((post, RDF.type, KG.Post))
    add((post, KG.title, Literal("شهردار", lang="fa")))
    add((post, KG.postIn, org))
    add((org, RDF.type, KG.Organization))
    add((org, RDFS.label, Literal("شهرداری همدان", lang="fa")))
    add((org, KG.locatedIn, city))

    add((city, RDF.type, KG.City))
    add((city, RDFS.label, Literal("همدان", lang="fa")))
    add((city, RDFS.label, Literal("Hamedan", lang="en")))
    add((city, KG.inProvince, province))
    add((city, GEO.lat, Literal(Decimal("34.7992"))))
    add((city, GEO.long, Literal(Decimal("48.5146"))))
    add((city, OWL.sameAs, URIRef("http://www.wikidata.org/entity/Q185019")))
    add((province, RDF.type, KG.Province))
    add((province, RDFS.label, Literal("استان همدان", lang="fa")))
    add((province, KG.inCountry, country))
    add((country, RDF.type, KG.Country))
    add((country, RDFS.label, Literal("ایران", lang="fa")))

    add((project, RDF.type, KG.Project))
    add((project, RDFS.label, Literal("قطار شهری همدان", lang="fa")))
    add((project, KG.article, article))
    add((project, KG.status, Literal("در حال اجرا", lang="fa")))
    add((project, KG.owner, org))
    add((project, KG.locatedIn, city))
    add((event, RDF.type, KG.Event))
    add((event, RDFS.label, Literal("نشست خبری شهردار", lang="fa")))
    add((event, KG.article, article))
    add((event, KG.hostCity, city))
    add((event, KG.venue, Literal("سالن شورای شهر", lang="fa")))
    add((event, KG.date, Literal("2025-10-07", datatype=XSD.date)))

    statements: list[URIRef] = []
    first_mention = first_quantity = None
    offset = len(_HEAD)
    for i in range(n_statements):
        speaker_phrase, sep, content = _sentence(i)
        m_start, m_end = offset, offset + len(speaker_phrase)
        c_start = m_end + len(sep)
        c_end = c_start + len(content)
        assert text[m_start:m_end] == speaker_phrase and text[c_start:c_end] == content
        statement = ID[f"statement/{h}-{c_start}-{c_end}"]
        mention = ID[f"mention/{h}-{m_start}-{m_end}"]
        statements.append(statement)
        add((statement, RDF.type, KG.Statement))
        add((statement, KG.speaker, speaker))
        add((statement, KG.article, article))
        add((statement, KG.start, Literal(c_start)))
        add((statement, KG.end, Literal(c_end)))
        add((statement, KG.content, Literal(content, lang="fa")))
        add((statement, KG.reportingVerb, Literal("گفت", lang="fa")))
        add((statement, KG.direct, Literal(True)))
        add((statement, KG.speakerMention, mention))
        add((statement, KG.aboutProject, project))
        add((statement, KG.mentions, project))
        add((statement, KG.atEvent, event))
        add((statement, PROV.wasDerivedFrom, article))
        _evidence(g, statement, article, text, c_start, c_end)

        add((mention, RDF.type, KG.Mention))
        add((mention, KG.start, Literal(m_start)))
        add((mention, KG.end, Literal(m_end)))
        add((mention, KG.article, article))
        add((mention, KG.refersTo, speaker))
        add((mention, KG.anchorText, Literal(speaker_phrase)))
        _evidence(g, mention, article, text, m_start, m_end)

        if i == 0:
            number_text = content.split(" درصد")[0].rsplit(" ", 1)[1] + " درصد"
            q_start = c_start + content.index(number_text)
            q_end = q_start + len(number_text)
            quantity = ID[f"quantity/{h}-{q_start}-{q_end}"]
            add((quantity, RDF.type, KG.Quantity))
            add((quantity, KG.value, Literal(Decimal(70))))
            add((quantity, KG.unit, Literal("درصد", lang="fa")))
            add((quantity, KG.start, Literal(q_start)))
            add((quantity, KG.end, Literal(q_end)))
            add((quantity, KG.article, article))
            add((quantity, KG.measures, Literal("پیشرفت", lang="fa")))
            add((quantity, PROV.wasDerivedFrom, article))
            add((statement, KG.quantity, quantity))
            first_mention, first_quantity = mention, quantity
        offset = c_end + 1

    assert first_mention is not None and first_quantity is not None
    return Sample(
        graph=g,
        text=text,
        article=article,
        statement=statements[0],
        speaker=speaker,
        post=post,
        org=org,
        agency=agency,
        city=city,
        province=province,
        country=country,
        mention=first_mention,
        quantity=first_quantity,
        project=project,
        event=event,
        activity=activity,
        software=software,
        statements=statements,
    )


def _evidence(g: Graph, node: URIRef, article: URIRef, text: str, start: int, end: int) -> None:
    """The Web Annotation target of a statement or mention, as the mapping writes it."""
    target = URIRef(f"{node}#target")
    position = URIRef(f"{node}#position")
    quote = URIRef(f"{node}#quote")
    g.add((node, KG.evidence, target))
    g.add((target, RDF.type, OA.SpecificResource))
    g.add((target, OA.hasSource, article))
    g.add((target, OA.hasSelector, position))
    g.add((target, OA.hasSelector, quote))
    g.add((position, RDF.type, OA.TextPositionSelector))
    g.add((position, OA.start, Literal(start, datatype=XSD.nonNegativeInteger)))
    g.add((position, OA.end, Literal(end, datatype=XSD.nonNegativeInteger)))
    g.add((quote, RDF.type, OA.TextQuoteSelector))
    g.add((quote, OA.exact, Literal(text[start:end])))
    g.add((quote, OA.prefix, Literal(text[max(0, start - 10) : start])))
    g.add((quote, OA.suffix, Literal(text[end : end + 10])))
